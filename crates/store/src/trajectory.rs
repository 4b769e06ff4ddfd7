//! Trajectories through a phase model: start, move on, focus domains, close.

use crate::changes::{json, Change};
use crate::{ClientScope, Result, Store, StoreError};
use chrono::NaiveDate;
use regie_domain::catalogue::{Funding, TrajectoryStatus};
use regie_domain::phase::{check_focus_domains, PhaseModel, Step};
use regie_domain::record::{PhaseStep, Trajectory};
use regie_domain::FieldErrors;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// Input to start a trajectory.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct TrajectoryInput {
    /// Phase model id.
    pub model_id: i64,
    /// The trajectbegeleider (gets a care relation).
    pub owner_user_id: i64,
    /// Start date `JJJJ-MM-DD`, not in the future.
    pub started_on: String,
    /// Focus life-domain codes (checked against the model's maximum).
    #[serde(default)]
    pub focus_domains: Vec<String>,
    /// The law that funds it (`Funding` code). `None` (a caller that does not send it) means
    /// `wmo`, the column's default; an empty or unknown code is refused.
    #[serde(default)]
    pub funding: Option<String>,
}

/// The columns of a trajectory as [`trajectory_from`] reads them; append a `WHERE`.
macro_rules! trajectory_select {
    () => {
        "SELECT t.id, t.client_id, t.model_id, m.name AS model_name, t.status, t.started_on, t.ended_on, \
         t.owner_user_id, u.name AS owner_name, p.position AS phase_position, p.name AS phase_name, t.phase_entered_on, \
         t.next_evaluation_on, t.focus_domains, t.funding, t.exit_destination, t.version \
         FROM trajectories t JOIN phase_models m ON m.id = t.model_id JOIN phases p ON p.id = t.phase_id \
         JOIN users u ON u.id = t.owner_user_id"
    };
}
const TRAJECTORY_SELECT: &str = trajectory_select!();
/// One trajectory: `$1` its id, `$2` the client.
const TRAJECTORY_BY_ID: &str = concat!(trajectory_select!(), " WHERE t.id = $1 AND t.client_id = $2");

/// The order that puts the client's current trajectory first: the active one, or else the latest.
pub(crate) const CURRENT_FIRST: &str = "ORDER BY CASE WHEN t.status = 'actief' THEN 0 ELSE 1 END, t.started_on DESC, t.id DESC";

/// Reads a row selected with [`TRAJECTORY_SELECT`].
fn trajectory_from(r: &AnyRow) -> Result<Trajectory> {
    let focus: String = r.try_get("focus_domains")?;
    Ok(Trajectory {
        id: r.try_get("id")?,
        client_id: r.try_get("client_id")?,
        model_id: r.try_get("model_id")?,
        model_name: r.try_get("model_name")?,
        status: r.try_get("status")?,
        started_on: crate::date(r, "started_on")?,
        ended_on: crate::opt_date(r, "ended_on")?,
        owner_user_id: r.try_get("owner_user_id")?,
        owner_name: r.try_get("owner_name")?,
        phase_position: r.try_get("phase_position")?,
        phase_name: r.try_get("phase_name")?,
        phase_entered_on: crate::date(r, "phase_entered_on")?,
        next_evaluation_on: crate::opt_date(r, "next_evaluation_on")?,
        focus_domains: split_domains(&focus),
        funding: r.try_get("funding")?,
        exit_destination: r.try_get("exit_destination")?,
        version: r.try_get("version")?,
    })
}

fn split_domains(s: &str) -> Vec<String> {
    s.split(',').map(str::trim).filter(|d| !d.is_empty()).map(String::from).collect()
}

/// Trimmed, without empty entries.
fn clean_domains(domains: &[String]) -> Vec<String> {
    domains.iter().map(|d| d.trim().to_string()).filter(|d| !d.is_empty()).collect()
}

const CLOSED: &str = "Dit traject is afgesloten; het kan niet meer veranderen.";

/// A trajectory to start, after checking: what [`Store::insert_trajectory`] writes.
pub(crate) struct CheckedTrajectory {
    model: PhaseModel,
    started: NaiveDate,
    owner_user_id: i64,
    focus: Vec<String>,
    funding: Funding,
}

impl Store {
    /// Starts a trajectory in the model's first phase; a client has at most one active trajectory.
    pub async fn start_trajectory(&self, scope: &ClientScope, input: &TrajectoryInput, today: NaiveDate) -> Result<Trajectory> {
        let mut e = FieldErrors::default();
        let checked = self.check_trajectory(&mut e, "", input, today).await?;
        e.finish()?;
        let checked = checked.ok_or_else(|| StoreError::Corrupt("validated trajectory without model or date".into()))?;

        let mut tx = self.begin().await?;
        // Touch the client row first: in PostgreSQL this locks it, so two simultaneous starts for
        // one client queue up and the second sees the first's trajectory below.
        self.tick(2);
        sqlx::query("UPDATE clients SET version = version WHERE id = $1").bind(scope.client_id).execute(&mut *tx).await?;
        let active: i64 = sqlx::query("SELECT COUNT(*) FROM trajectories WHERE client_id = $1 AND status = $2")
            .bind(scope.client_id)
            .bind(TrajectoryStatus::Active.code())
            .fetch_one(&mut *tx)
            .await?
            .try_get(0)?;
        if active > 0 {
            return Err(StoreError::field(
                "trajectory",
                "Deze cliënt heeft al een lopend traject. Sluit dat eerst af voordat u een nieuw traject start.",
            ));
        }
        let t = self.insert_trajectory(&mut tx, scope, &checked, today).await?;
        tx.commit().await?;
        Ok(t)
    }

    /// Checks a trajectory to start: the method exists and has phases, the start date is a date
    /// not in the future, the trajectbegeleider is active staff (not functioneel beheer), and the
    /// focus domains are known, of the method's set and within its maximum. Messages go to `e`
    /// under the field names of [`TrajectoryInput`] with `prefix` in front (`"trajectory."` when
    /// registering a client with a trajectory). `None` when something is wrong.
    pub(crate) async fn check_trajectory(
        &self,
        e: &mut FieldErrors,
        prefix: &str,
        input: &TrajectoryInput,
        today: NaiveDate,
    ) -> Result<Option<CheckedTrajectory>> {
        let mut own = FieldErrors::default();
        let started = own.past_date("started_on", Some(&input.started_on), today);
        let model = match self.phase_model(input.model_id).await {
            Ok(m) if !m.phases.is_empty() => Some(m),
            Ok(_) | Err(StoreError::NotFound) => {
                own.add("model_id", "Kies een methode uit de lijst.");
                None
            }
            Err(other) => return Err(other),
        };
        let owner = sqlx::query("SELECT u.active, r.admin FROM users u JOIN roles r ON r.code = u.role_code WHERE u.id = $1")
            .bind(input.owner_user_id)
            .fetch_optional(self.r())
            .await?;
        let owner_ok = match &owner {
            Some(row) => crate::flag(row, "active")? && !crate::flag(row, "admin")?,
            None => false,
        };
        if !owner_ok {
            own.add("owner_user_id", "Kies een medewerker die nu in dienst is als trajectbegeleider.");
        }
        let focus = clean_domains(&input.focus_domains);
        self.check_focus(&mut own, model.as_ref(), &focus).await?;
        let funding = match input.funding.as_deref().map(str::trim) {
            None => Some(Funding::Wmo),
            Some(code) => Funding::parse(code),
        };
        if funding.is_none() {
            own.add("funding", "Kies de wet waaruit dit traject betaald wordt (Wmo, Jeugdwet, Wlz, Zvw, Participatiewet of anders).");
        }
        let ok = own.is_empty();
        for (field, message) in own.0 {
            e.add(&format!("{prefix}{field}"), message);
        }
        Ok(match (model, started) {
            (Some(model), Some(started)) if ok => Some(CheckedTrajectory {
                model,
                started,
                owner_user_id: input.owner_user_id,
                focus,
                funding: funding.unwrap_or(Funding::Wmo),
            }),
            _ => None,
        })
    }

    /// Writes a checked trajectory in its model's first phase inside the caller's transaction:
    /// the trajectory, its first phase transition, the trajectbegeleider's care relation (when
    /// new) and their change rows. Does not check for another active trajectory.
    pub(crate) async fn insert_trajectory(
        &self,
        conn: &mut AnyConnection,
        scope: &ClientScope,
        t: &CheckedTrajectory,
        today: NaiveDate,
    ) -> Result<Trajectory> {
        let first = t.model.phases.first().ok_or_else(|| StoreError::Corrupt(format!("model {} has no phases", t.model.id)))?;
        let next_evaluation = t.started + chrono::Duration::days(t.model.evaluation_interval_days);
        let now = crate::now();
        self.tick(3);
        let id: i64 = sqlx::query(
            "INSERT INTO trajectories (client_id, model_id, status, started_on, ended_on, owner_user_id, phase_id, phase_entered_on, \
             next_evaluation_on, focus_domains, created_at, version, funding) VALUES ($1, $2, $3, $4, NULL, $5, $6, $4, $7, $8, $9, 1, $10) RETURNING id",
        )
        .bind(scope.client_id)
        .bind(t.model.id)
        .bind(TrajectoryStatus::Active.code())
        .bind(crate::time::day(t.started))
        .bind(t.owner_user_id)
        .bind(first.id)
        .bind(crate::time::day(next_evaluation))
        .bind(t.focus.join(","))
        .bind(&now)
        .bind(t.funding.code())
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?;
        record_transition(&mut *conn, scope, id, first.id, t.started, &now).await?;
        let added = self.insert_care_relation(conn, scope.client_id, t.owner_user_id, "trajectbegeleider", today).await?;
        let trajectory = fetch_trajectory(&mut *conn, scope, id).await?;
        let change = Change { trajectory_id: None, entity: "trajectory", entity_id: id, version: 1, op: "create", data: json(&trajectory) };
        self.write_change(conn, scope, change).await?;
        self.record_model_method(conn, scope, id, &t.model.code, t.started).await?;
        if added {
            let data = serde_json::json!({ "user_id": t.owner_user_id, "role": "trajectbegeleider" });
            let change = Change { trajectory_id: None, entity: "care_team", entity_id: t.owner_user_id, version: 1, op: "create", data };
            self.write_change(conn, scope, change).await?;
        }
        Ok(trajectory)
    }

    /// One trajectory of the client.
    pub async fn trajectory(&self, scope: &ClientScope, trajectory_id: i64) -> Result<Trajectory> {
        fetch_trajectory(self.r(), scope, trajectory_id).await
    }

    /// The active trajectory, or else the latest one.
    pub(crate) async fn current_trajectory(&self, scope: &ClientScope) -> Result<Option<Trajectory>> {
        let row = sqlx::query(&format!("{TRAJECTORY_SELECT} WHERE t.client_id = $1 {CURRENT_FIRST} LIMIT 1"))
            .bind(scope.client_id)
            .fetch_optional(self.r())
            .await?;
        row.as_ref().map(trajectory_from).transpose()
    }

    /// Moves to the next phase (or back to the first in a cyclic model), recording who and when.
    /// After the last phase of a linear model the trajectory would close, which needs an exit
    /// destination: this refuses that step; use [`Store::advance_phase_with_exit`].
    pub async fn advance_phase(&self, scope: &ClientScope, trajectory_id: i64, version: i64, today: NaiveDate) -> Result<Trajectory> {
        self.advance_phase_with_exit(scope, trajectory_id, version, None, today).await
    }

    /// [`Store::advance_phase`], and when this step closes the trajectory, records where the
    /// client went (`regie_domain::results::ExitDestination` code, required then; ignored when
    /// the step does not close).
    pub async fn advance_phase_with_exit(&self, scope: &ClientScope, trajectory_id: i64, version: i64, exit: Option<&str>, today: NaiveDate) -> Result<Trajectory> {
        let (t, model) = self.editable_trajectory(scope, trajectory_id, version).await?;
        let step = model.next_step(t.phase_position);
        let exit = exit.map(str::trim).filter(|x| !x.is_empty());
        let exit = match (&step, exit.map(regie_domain::results::ExitDestination::parse)) {
            (Step::Finish, None) => return Err(StoreError::field("exit_destination", "Kies waar de cliënt na het traject naartoe gaat (uitstroom).")),
            (Step::Finish, Some(None)) => return Err(StoreError::field("exit_destination", "Kies een uitstroombestemming uit de lijst.")),
            (_, Some(x)) => x,
            (_, None) => None,
        };
        let now = crate::now();
        let mut tx = self.begin().await?;
        // Both statements change the trajectory only while it is active and at `version`.
        const MOVE: &str = "UPDATE trajectories SET phase_id = $1, phase_entered_on = $2, version = version + 1 \
             WHERE id = $3 AND client_id = $4 AND version = $5 AND status = $6";
        const CLOSE: &str = "UPDATE trajectories SET status = $1, exit_destination = $2, ended_on = $3, version = version + 1 \
             WHERE id = $4 AND client_id = $5 AND version = $6 AND status = $7";
        let (statement, entered) = match step {
            Step::To(position) => {
                let phase = model.phase_at(position).ok_or_else(|| StoreError::Corrupt(format!("model {} has no phase {position}", model.id)))?;
                (sqlx::query(MOVE).bind(phase.id), Some(phase.id))
            }
            Step::Finish => (sqlx::query(CLOSE).bind(TrajectoryStatus::Closed.code()).bind(exit.map(|x| x.code())), None),
        };
        self.tick(1);
        let done = statement
            .bind(crate::time::day(today))
            .bind(trajectory_id)
            .bind(scope.client_id)
            .bind(version)
            .bind(TrajectoryStatus::Active.code())
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if let (1, Some(phase_id)) = (done, entered) {
            self.tick(1);
            record_transition(&mut tx, scope, trajectory_id, phase_id, today, &now).await?;
        }
        self.finish_trajectory_change(tx, scope, trajectory_id, done).await
    }

    /// Sets the focus domains, refused when the model allows fewer.
    pub async fn set_focus_domains(&self, scope: &ClientScope, trajectory_id: i64, domains: &[String], version: i64) -> Result<Trajectory> {
        let (_, model) = self.editable_trajectory(scope, trajectory_id, version).await?;
        let focus = clean_domains(domains);
        let mut e = FieldErrors::default();
        self.check_focus(&mut e, Some(&model), &focus).await?;
        e.finish()?;
        let mut tx = self.begin().await?;
        self.tick(1);
        let done = sqlx::query("UPDATE trajectories SET focus_domains = $1, version = version + 1 WHERE id = $2 AND client_id = $3 AND version = $4")
            .bind(focus.join(","))
            .bind(trajectory_id)
            .bind(scope.client_id)
            .bind(version)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        self.finish_trajectory_change(tx, scope, trajectory_id, done).await
    }

    /// The phase timeline, oldest first.
    pub async fn phase_steps(&self, scope: &ClientScope, trajectory_id: i64) -> Result<Vec<PhaseStep>> {
        let rows = sqlx::query(
            "SELECT p.position, p.name AS phase_name, pt.entered_on, u.name AS by_name, pt.at \
             FROM phase_transitions pt JOIN trajectories t ON t.id = pt.trajectory_id JOIN phases p ON p.id = pt.phase_id \
             JOIN users u ON u.id = pt.by_user_id WHERE pt.trajectory_id = $1 AND t.client_id = $2 ORDER BY pt.at, pt.id",
        )
        .bind(trajectory_id)
        .bind(scope.client_id)
        .fetch_all(self.r())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(PhaseStep {
                    position: r.try_get("position")?,
                    phase_name: r.try_get("phase_name")?,
                    entered_on: crate::date(r, "entered_on")?,
                    by_name: r.try_get("by_name")?,
                    at: crate::moment(r, "at")?,
                })
            })
            .collect()
    }

    /// Adds focus-domain messages to `e`: the model's maximum, doubles, unknown codes, codes of
    /// another method's set of life domains.
    async fn check_focus(&self, e: &mut FieldErrors, model: Option<&PhaseModel>, focus: &[String]) -> Result<()> {
        if let Some(model) = model {
            if let Err(inv) = check_focus_domains(model, focus) {
                e.0.extend(inv.0 .0);
            }
        }
        if focus.is_empty() {
            return Ok(());
        }
        let sql = format!("SELECT code, domain_set FROM life_domains WHERE code IN ({})", crate::sql::params(1, focus.len()));
        let mut q = sqlx::query(&sql);
        for f in focus {
            q = q.bind(f.clone());
        }
        let mut known = Vec::new();
        for r in q.fetch_all(self.r()).await? {
            known.push((r.try_get::<String, _>("code")?, r.try_get::<String, _>("domain_set")?));
        }
        if focus.iter().any(|f| !known.iter().any(|(code, _)| code == f)) {
            e.add("focus_domains", "Kies alleen leefgebieden uit de lijst.");
        } else if let Some(model) = model {
            if known.iter().any(|(_, set)| set != &model.domain_set) {
                e.add("focus_domains", "Kies focusdomeinen die bij deze methode horen.");
            }
        }
        Ok(())
    }

    /// A trajectory about to change, with its phase model: refused with the current trajectory
    /// when `version` is stale, and when the trajectory is closed.
    async fn editable_trajectory(&self, scope: &ClientScope, trajectory_id: i64, version: i64) -> Result<(Trajectory, PhaseModel)> {
        let t = self.trajectory(scope, trajectory_id).await?;
        if t.version != version {
            return Err(conflict(&t));
        }
        if t.status != TrajectoryStatus::Active.code() {
            return Err(StoreError::field("trajectory", CLOSED));
        }
        let model = self.phase_model(t.model_id).await?;
        Ok((t, model))
    }

    /// After an update of the trajectory that changed `changed` rows: when none, the refusal for a
    /// stale edit with the trajectory as it is now; else reads it back, keeps the change and commits.
    async fn finish_trajectory_change(&self, mut tx: sqlx::Transaction<'static, sqlx::Any>, scope: &ClientScope, trajectory_id: i64, changed: u64) -> Result<Trajectory> {
        if changed != 1 {
            drop(tx);
            return Err(match self.trajectory(scope, trajectory_id).await {
                Ok(t) => conflict(&t),
                Err(e) => e,
            });
        }
        self.tick(1);
        let t = fetch_trajectory(&mut *tx, scope, trajectory_id).await?;
        let change = Change { trajectory_id: None, entity: "trajectory", entity_id: t.id, version: t.version, op: "update", data: json(&t) };
        self.write_change(&mut tx, scope, change).await?;
        tx.commit().await?;
        Ok(t)
    }

}

/// One of the client's trajectories (one query, counted by the caller inside a transaction).
async fn fetch_trajectory<'c, E: sqlx::Executor<'c, Database = sqlx::Any>>(ex: E, scope: &ClientScope, trajectory_id: i64) -> Result<Trajectory> {
    let row = sqlx::query(TRAJECTORY_BY_ID).bind(trajectory_id).bind(scope.client_id).fetch_optional(ex).await?.ok_or(StoreError::NotFound)?;
    trajectory_from(&row)
}

/// Records that the trajectory entered a phase on `entered_on`, by the acting user at `at` (one
/// statement, counted by the caller).
async fn record_transition(conn: &mut AnyConnection, scope: &ClientScope, trajectory_id: i64, phase_id: i64, entered_on: NaiveDate, at: &str) -> Result<()> {
    sqlx::query("INSERT INTO phase_transitions (trajectory_id, phase_id, entered_on, at, by_user_id) VALUES ($1, $2, $3, $4, $5)")
        .bind(trajectory_id)
        .bind(phase_id)
        .bind(crate::time::day(entered_on))
        .bind(at)
        .bind(scope.user_id)
        .execute(conn)
        .await?;
    Ok(())
}

fn conflict(t: &Trajectory) -> StoreError {
    StoreError::Conflict { current: serde_json::to_value(t).unwrap_or(serde_json::Value::Null) }
}
