//! Kwaliteitsmonitor: the facts the fidelity rules need, per trajectory (through a
//! [`ClientScope`]) and for all trajectories of a team and/or method at once. The aggregate
//! reads every fact in seven queries whatever the number of trajectories, and runs the same
//! domain rules as the dossier, so the two can never disagree.
//!
//! The aggregate is organisation data (counts, no client content): a teamleider sees the own
//! team, the roles `kwaliteit` and `beheer` every team; anyone else is refused.

use crate::{ClientScope, Result, Store, StoreError};
use chrono::NaiveDate;
use regie_domain::fidelity::{
    checks, Check, Indicator, Tally, TrajectoryFacts, ZrmFacts, PHASE_DURATION_MODELS,
};
use regie_domain::phase::PhaseModel;
use regie_domain::record::User;
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::Row;
use std::collections::HashMap;

/// The indicators of one trajectory.
#[derive(Debug, Clone, Serialize)]
pub struct TrajectoryFidelity {
    /// Trajectory id.
    pub trajectory_id: i64,
    /// Method (phase model) code.
    pub model_code: String,
    /// Method name.
    pub model_name: String,
    /// Every indicator, in display order.
    pub checks: Vec<Check>,
}

/// Which trajectories the aggregate counts (0 = all).
#[derive(Debug, Clone, Copy, Default)]
pub struct FidelityFilter {
    /// Team id of the client.
    pub team_id: i64,
    /// Phase model id.
    pub model_id: i64,
}

/// The counts of one team and method.
#[derive(Debug, Clone, Serialize)]
pub struct FidelityRow {
    /// Team id.
    pub team_id: i64,
    /// Team name.
    pub team_name: String,
    /// Phase model id.
    pub model_id: i64,
    /// Method name.
    pub model_name: String,
    /// Trajectories counted.
    pub trajectories: i64,
    /// Per indicator (in display order), the outcomes.
    pub indicators: Vec<(Indicator, Tally)>,
}

/// The aggregate per team and method.
#[derive(Debug, Clone, Serialize)]
pub struct FidelityReport {
    /// The team the report is limited to (a teamleider's own), or 0.
    pub team_id: i64,
    /// The method filter, or 0.
    pub model_id: i64,
    /// One row per team and method, by team then method name.
    pub rows: Vec<FidelityRow>,
}

/// Who may see the aggregate and of which team: `Some(0)` all teams, `Some(id)` one team.
pub fn report_scope(user: &User) -> Option<i64> {
    match user.role.as_str() {
        "kwaliteit" | "beheer" => Some(0),
        "teamleider" => user.team_id,
        _ => None,
    }
}

/// The `WHERE` part shared by the aggregate's queries (`t` trajectories, `c` clients), with the
/// team in `$1` and the method in `$2`. A filter that is not set compares its parameter with 0,
/// so every query binds the same two values; a set one is a plain comparison an index can serve.
fn filter_sql(team_id: i64, model_id: i64) -> String {
    let model = if model_id > 0 {
        "t.model_id = $2"
    } else {
        "$2 = 0"
    };
    format!("{} AND {model}", team_sql(team_id))
}

/// The team part of [`filter_sql`] alone.
fn team_sql(team_id: i64) -> &'static str {
    if team_id > 0 {
        "c.team_id = $1"
    } else {
        "$1 = 0"
    }
}

/// A trajectory row with its team and model.
struct Base {
    team_id: i64,
    model_id: i64,
    client_id: i64,
    facts: TrajectoryFacts,
}

fn base_from(r: &AnyRow) -> Result<Base> {
    let focus: String = r.try_get("focus_domains")?;
    let status: String = r.try_get("status")?;
    Ok(Base {
        team_id: r.try_get("team_id")?,
        model_id: r.try_get("model_id")?,
        client_id: r.try_get("client_id")?,
        facts: TrajectoryFacts {
            id: r.try_get("id")?,
            closed: status != "actief",
            started_on: crate::date(r, "started_on")?,
            ended_on: crate::opt_date(r, "ended_on")?,
            next_evaluation_on: crate::opt_date(r, "next_evaluation_on")?,
            phase_position: r.try_get("phase_position")?,
            focus_domains: focus.split(',').filter(|d| !d.trim().is_empty()).count() as i64,
            ..Default::default()
        },
    })
}

const BASE_SELECT: &str = "SELECT t.id, t.client_id, c.team_id, t.model_id, t.status, t.started_on, t.ended_on, t.next_evaluation_on, \
     p.position AS phase_position, t.focus_domains FROM trajectories t JOIN clients c ON c.id = t.client_id JOIN phases p ON p.id = t.phase_id";

/// The UTC day of a stored moment (`2026-03-01T…`).
fn day_of(at: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(at.get(..10).unwrap_or(at), "%Y-%m-%d")
        .map_err(|e| StoreError::Corrupt(format!("changes.at: {e}")))
}

/// Which trajectories have a worker ZRM measurement at begin or end, and a satisfaction answer
/// at the end: rows (trajectory id, what, count), `what` = begin | eind | tevredenheid. The
/// caller appends its trajectory condition (`t`, `c`) and `GROUP BY 1, 2`.
const MEASURED_SQL: &str = "SELECT x.trajectory_id, x.what, COUNT(*) AS n FROM ( \
     SELECT m.trajectory_id, m.moment AS what FROM measurements m WHERE m.rater = 'begeleider' AND m.moment IN ('begin', 'eind') \
     UNION ALL SELECT r.trajectory_id, 'tevredenheid' AS what FROM satisfaction_responses r WHERE r.moment = 'einde') x \
     JOIN trajectories t ON t.id = x.trajectory_id JOIN clients c ON c.id = t.client_id WHERE TRUE";

/// Sets the ZRM and satisfaction facts from [`MEASURED_SQL`] rows (none: not measured).
fn apply_measured(f: &mut TrajectoryFacts, rows: &[AnyRow]) -> Result<()> {
    let z = f.zrm.get_or_insert(ZrmFacts::default());
    let mut satisfied = f.satisfaction_measured.unwrap_or(false);
    for r in rows {
        let what: String = r.try_get("what")?;
        match what.as_str() {
            "begin" => z.at_start = true,
            "eind" => z.at_end = true,
            _ => satisfied = true,
        }
    }
    f.satisfaction_measured = Some(satisfied);
    Ok(())
}

impl Store {
    /// Runs one read with integer parameters `$1…`.
    async fn rows(&self, sql: &str, binds: &[i64]) -> Result<Vec<AnyRow>> {
        let mut q = sqlx::query(sql);
        for b in binds {
            q = q.bind(*b);
        }
        Ok(q.fetch_all(self.r()).await?)
    }

    /// The indicators of one trajectory of the client.
    pub async fn trajectory_fidelity(
        &self,
        scope: &ClientScope,
        trajectory_id: i64,
        today: NaiveDate,
    ) -> Result<TrajectoryFidelity> {
        let row = sqlx::query(&format!(
            "{BASE_SELECT} WHERE t.id = $1 AND t.client_id = $2"
        ))
        .bind(trajectory_id)
        .bind(scope.client_id)
        .fetch_optional(self.r())
        .await?
        .ok_or(StoreError::NotFound)?;
        let mut b = base_from(&row)?;
        let model = self.phase_model(b.model_id).await?;
        let f = &mut b.facts;
        let first: Option<String> = sqlx::query(
            "SELECT MIN(ch.at) FROM changes ch WHERE ch.entity = 'goal' AND ch.op = 'create' AND ch.trajectory_id = $1 AND ch.client_id = $2",
        )
        .bind(trajectory_id)
        .bind(scope.client_id)
        .fetch_one(self.r())
        .await?
        .try_get(0)?;
        f.first_goal_on = first.as_deref().map(day_of).transpose()?;
        f.evaluations = sqlx::query(
            "SELECT e.held_on FROM evaluations e JOIN trajectories t ON t.id = e.trajectory_id \
             WHERE e.trajectory_id = $1 AND t.client_id = $2 ORDER BY e.held_on",
        )
        .bind(trajectory_id)
        .bind(scope.client_id)
        .fetch_all(self.r())
        .await?
        .iter()
        .map(|r| crate::date(r, "held_on"))
        .collect::<Result<_>>()?;
        let counts = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM network_members n WHERE n.client_id = $2) AS members, \
             (SELECT COUNT(*) FROM actions a JOIN trajectories t ON t.id = a.trajectory_id \
              WHERE a.trajectory_id = $1 AND t.client_id = $2 AND a.owner_kind = 'netwerk') AS network_actions",
        )
        .bind(trajectory_id)
        .bind(scope.client_id)
        .fetch_one(self.r())
        .await?;
        f.network_members = counts.try_get("members")?;
        f.network_actions = counts.try_get("network_actions")?;
        // ZRM at begin and end (worker measurements) and satisfaction at the end.
        let measured = self
            .rows(&format!("{MEASURED_SQL} AND t.id = $1 AND t.client_id = $2 GROUP BY 1, 2"), &[trajectory_id, scope.client_id])
            .await?;
        apply_measured(f, &measured)?;
        if PHASE_DURATION_MODELS.contains(&model.code.as_str()) {
            f.phase_entries = sqlx::query(
                "SELECT p.position, pt.entered_on FROM phase_transitions pt JOIN trajectories t ON t.id = pt.trajectory_id \
                 JOIN phases p ON p.id = pt.phase_id WHERE pt.trajectory_id = $1 AND t.client_id = $2 ORDER BY pt.at, pt.id",
            )
            .bind(trajectory_id)
            .bind(scope.client_id)
            .fetch_all(self.r())
            .await?
            .iter()
            .map(|r| Ok((r.try_get("position")?, crate::date(r, "entered_on")?)))
            .collect::<Result<_>>()?;
        }
        Ok(TrajectoryFidelity {
            trajectory_id,
            model_code: model.code.clone(),
            model_name: model.name.clone(),
            checks: checks(&model, f, today),
        })
    }

    /// The share of trajectories meeting each indicator, per team and method, for `user`.
    /// A teamleider gets the own team (asking for another is refused); `kwaliteit` and `beheer`
    /// any team; other roles are refused.
    pub async fn fidelity_report(
        &self,
        user: &User,
        filter: FidelityFilter,
        today: NaiveDate,
    ) -> Result<FidelityReport> {
        let team_id = match report_scope(user) {
            None => return Err(StoreError::Forbidden),
            Some(0) => filter.team_id.max(0),
            Some(own) if filter.team_id == 0 || filter.team_id == own => own,
            Some(_) => return Err(StoreError::Forbidden),
        };
        let model_id = filter.model_id.max(0);
        let models: HashMap<i64, PhaseModel> = self
            .phase_models()
            .await?
            .into_iter()
            .map(|m| (m.id, m))
            .collect();
        let teams: HashMap<i64, String> = self
            .teams()
            .await?
            .into_iter()
            .map(|t| (t.id, t.name))
            .collect();

        // Every fact in six queries, run side by side; each limited the same way.
        let filter = filter_sql(team_id, model_id);
        let phase_models: Vec<i64> = models
            .values()
            .filter(|m| PHASE_DURATION_MODELS.contains(&m.code.as_str()))
            .map(|m| m.id)
            .collect();
        let base_sql = format!("{BASE_SELECT} WHERE {filter}");
        let first_sql = format!(
            "SELECT ch.trajectory_id, MIN(ch.at) AS first_at FROM changes ch JOIN trajectories t ON t.id = ch.trajectory_id \
             JOIN clients c ON c.id = t.client_id WHERE ch.entity = 'goal' AND ch.op = 'create' AND {filter} GROUP BY ch.trajectory_id"
        );
        let evals_sql = format!(
            "SELECT e.trajectory_id, e.held_on FROM evaluations e JOIN trajectories t ON t.id = e.trajectory_id \
             JOIN clients c ON c.id = t.client_id WHERE {filter} ORDER BY e.trajectory_id, e.held_on"
        );
        // The network's actions per trajectory, and network members per client (partial index actions_network).
        let network_sql = format!(
            "SELECT a.trajectory_id, COUNT(*) AS n, 0 AS kind FROM actions a JOIN trajectories t ON t.id = a.trajectory_id \
             JOIN clients c ON c.id = t.client_id WHERE a.owner_kind = 'netwerk' AND {filter} GROUP BY a.trajectory_id \
             UNION ALL SELECT n.client_id, COUNT(*) AS n, 1 AS kind FROM network_members n JOIN clients c ON c.id = n.client_id \
             WHERE {} GROUP BY n.client_id",
            team_sql(team_id)
        );
        let phases_sql = format!(
            "SELECT pt.trajectory_id, p.position, pt.entered_on FROM phase_transitions pt JOIN trajectories t ON t.id = pt.trajectory_id \
             JOIN clients c ON c.id = t.client_id JOIN phases p ON p.id = pt.phase_id \
             WHERE {filter} AND t.model_id IN ({}) ORDER BY pt.trajectory_id, pt.at, pt.id",
            crate::sql::params(3, phase_models.len().max(1))
        );
        let two = [team_id, model_id];
        let mut with_models = two.to_vec();
        with_models.extend(if phase_models.is_empty() {
            vec![0]
        } else {
            phase_models.clone()
        });
        let measured_sql = format!("{MEASURED_SQL} AND {filter} GROUP BY 1, 2");
        let (base, first, evals, network, phases, measured) = tokio::try_join!(
            self.rows(&base_sql, &two),
            self.rows(&first_sql, &two),
            self.rows(&evals_sql, &two),
            self.rows(&network_sql, &two),
            self.rows(&phases_sql, &with_models),
            self.rows(&measured_sql, &two)
        )?;

        let mut all: Vec<Base> = base.iter().map(base_from).collect::<Result<_>>()?;
        let index: HashMap<i64, usize> = all
            .iter()
            .enumerate()
            .map(|(i, b)| (b.facts.id, i))
            .collect();
        for r in &first {
            if let Some(&i) = index.get(&r.try_get::<i64, _>("trajectory_id")?) {
                all[i].facts.first_goal_on = Some(day_of(&r.try_get::<String, _>("first_at")?)?);
            }
        }
        for r in &evals {
            if let Some(&i) = index.get(&r.try_get::<i64, _>("trajectory_id")?) {
                all[i].facts.evaluations.push(crate::date(r, "held_on")?);
            }
        }
        for b in &mut all {
            apply_measured(&mut b.facts, &[])?;
        }
        for r in &measured {
            if let Some(&i) = index.get(&r.try_get::<i64, _>(0)?) {
                apply_measured(&mut all[i].facts, std::slice::from_ref(r))?;
            }
        }
        let mut members: HashMap<i64, i64> = HashMap::new();
        for r in &network {
            let (id, n, kind): (i64, i64, i64) =
                (r.try_get(0)?, r.try_get("n")?, r.try_get("kind")?);
            if kind == 1 {
                members.insert(id, n);
            } else if let Some(&i) = index.get(&id) {
                all[i].facts.network_actions = n;
            }
        }
        for r in &phases {
            if let Some(&i) = index.get(&r.try_get::<i64, _>("trajectory_id")?) {
                all[i]
                    .facts
                    .phase_entries
                    .push((r.try_get("position")?, crate::date(r, "entered_on")?));
            }
        }

        let mut groups: HashMap<(i64, i64), FidelityRow> = HashMap::new();
        for b in &mut all {
            let Some(model) = models.get(&b.model_id) else {
                continue;
            };
            b.facts.network_members = members.get(&b.client_id).copied().unwrap_or(0);
            let row = groups
                .entry((b.team_id, b.model_id))
                .or_insert_with(|| FidelityRow {
                    team_id: b.team_id,
                    team_name: teams.get(&b.team_id).cloned().unwrap_or_default(),
                    model_id: b.model_id,
                    model_name: model.name.clone(),
                    trajectories: 0,
                    indicators: Indicator::ALL
                        .iter()
                        .map(|i| (*i, Tally::default()))
                        .collect(),
                });
            row.trajectories += 1;
            for c in checks(model, &b.facts, today) {
                if let Some((_, t)) = row.indicators.iter_mut().find(|(i, _)| *i == c.indicator) {
                    t.add(c.outcome);
                }
            }
        }
        let mut rows: Vec<FidelityRow> = groups.into_values().collect();
        rows.sort_by(|a, b| {
            a.team_name
                .cmp(&b.team_name)
                .then(a.model_name.cmp(&b.model_name))
                .then(a.team_id.cmp(&b.team_id))
        });
        Ok(FidelityReport {
            team_id,
            model_id,
            rows,
        })
    }
}
