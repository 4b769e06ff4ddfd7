//! Trajectories through a phase model: start, move on, focus domains, close.

use crate::{ClientScope, Result, Store, StoreError};
use chrono::NaiveDate;
use regie_domain::catalogue::TrajectoryStatus;
use regie_domain::phase::{check_focus_domains, PhaseModel, Step};
use regie_domain::record::{PhaseStep, Trajectory};
use regie_domain::FieldErrors;
use sqlx::any::AnyRow;
use sqlx::Row;

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
}

/// The columns of a trajectory as [`trajectory_from`] reads them; append a `WHERE`.
pub(crate) const TRAJECTORY_SELECT: &str = "SELECT t.id, t.client_id, t.model_id, m.name AS model_name, t.status, t.started_on, t.ended_on, \
     t.owner_user_id, u.name AS owner_name, p.position AS phase_position, p.name AS phase_name, t.phase_entered_on, \
     t.next_evaluation_on, t.focus_domains, t.version \
     FROM trajectories t JOIN phase_models m ON m.id = t.model_id JOIN phases p ON p.id = t.phase_id \
     JOIN users u ON u.id = t.owner_user_id";

/// Reads a row selected with [`TRAJECTORY_SELECT`].
pub(crate) fn trajectory_from(r: &AnyRow) -> Result<Trajectory> {
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

impl Store {
    /// Starts a trajectory in the model's first phase; a client has at most one active trajectory.
    pub async fn start_trajectory(&self, scope: &ClientScope, input: &TrajectoryInput, today: NaiveDate) -> Result<Trajectory> {
        let mut e = FieldErrors::default();
        let started = e.past_date("started_on", Some(&input.started_on), today);
        let model = match self.phase_model(input.model_id).await {
            Ok(m) if !m.phases.is_empty() => Some(m),
            Ok(_) | Err(StoreError::NotFound) => {
                e.add("model_id", "Kies een methode uit de lijst.");
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
            e.add("owner_user_id", "Kies een medewerker die nu in dienst is als trajectbegeleider.");
        }
        let focus = clean_domains(&input.focus_domains);
        self.check_focus(&mut e, model.as_ref(), &focus).await?;
        e.finish()?;
        let (Some(model), Some(started)) = (model, started) else {
            return Err(StoreError::Corrupt("validated input without model or date".into()));
        };
        let first = &model.phases[0];
        let next_evaluation = started + chrono::Duration::days(model.evaluation_interval_days);
        let now = crate::now();

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
        self.tick(5);
        let id: i64 = sqlx::query(
            "INSERT INTO trajectories (client_id, model_id, status, started_on, ended_on, owner_user_id, phase_id, phase_entered_on, \
             next_evaluation_on, focus_domains, created_at, version) VALUES ($1, $2, $3, $4, NULL, $5, $6, $4, $7, $8, $9, 1) RETURNING id",
        )
        .bind(scope.client_id)
        .bind(model.id)
        .bind(TrajectoryStatus::Active.code())
        .bind(crate::time::day(started))
        .bind(input.owner_user_id)
        .bind(first.id)
        .bind(crate::time::day(next_evaluation))
        .bind(focus.join(","))
        .bind(&now)
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)?;
        sqlx::query("INSERT INTO phase_transitions (trajectory_id, phase_id, entered_on, at, by_user_id) VALUES ($1, $2, $3, $4, $5)")
            .bind(id)
            .bind(first.id)
            .bind(crate::time::day(started))
            .bind(&now)
            .bind(scope.user_id)
            .execute(&mut *tx)
            .await?;
        let added = sqlx::query(
            "INSERT INTO care_team (client_id, user_id, role_code, since) VALUES ($1, $2, 'trajectbegeleider', $3) \
             ON CONFLICT (client_id, user_id) DO NOTHING",
        )
        .bind(scope.client_id)
        .bind(input.owner_user_id)
        .bind(crate::time::day(today))
        .execute(&mut *tx)
        .await?
        .rows_affected();
        let t = trajectory_from(
            &sqlx::query(&format!("{TRAJECTORY_SELECT} WHERE t.id = $1 AND t.client_id = $2"))
                .bind(id)
                .bind(scope.client_id)
                .fetch_one(&mut *tx)
                .await?,
        )?;
        self.record_change(&mut tx, scope, None, "trajectory", id, 1, "create", &t).await?;
        if added > 0 {
            let data = serde_json::json!({ "user_id": input.owner_user_id, "role": "trajectbegeleider" });
            self.record_change(&mut tx, scope, None, "care_team", input.owner_user_id, 1, "create", &data).await?;
        }
        tx.commit().await?;
        Ok(t)
    }

    /// One trajectory of the client.
    pub async fn trajectory(&self, scope: &ClientScope, trajectory_id: i64) -> Result<Trajectory> {
        let row = sqlx::query(&format!("{TRAJECTORY_SELECT} WHERE t.id = $1 AND t.client_id = $2"))
            .bind(trajectory_id)
            .bind(scope.client_id)
            .fetch_optional(self.r())
            .await?
            .ok_or(StoreError::NotFound)?;
        trajectory_from(&row)
    }

    /// Moves to the next phase (or back to the first in a cyclic model), recording who and when.
    /// After the last phase of a linear model the trajectory is closed.
    pub async fn advance_phase(&self, scope: &ClientScope, trajectory_id: i64, version: i64, today: NaiveDate) -> Result<Trajectory> {
        let t = self.trajectory(scope, trajectory_id).await?;
        if t.version != version {
            return Err(conflict(&t));
        }
        if t.status != TrajectoryStatus::Active.code() {
            return Err(StoreError::field("trajectory", CLOSED));
        }
        let model = self.phase_model(t.model_id).await?;
        let step = model.next_step(t.phase_position);
        let now = crate::now();
        let mut tx = self.begin().await?;
        self.tick(1);
        let done = match step {
            Step::To(position) => {
                let phase = model.phase_at(position).ok_or_else(|| StoreError::Corrupt(format!("model {} has no phase {position}", model.id)))?;
                let done = sqlx::query(
                    "UPDATE trajectories SET phase_id = $1, phase_entered_on = $2, version = version + 1 \
                     WHERE id = $3 AND client_id = $4 AND version = $5 AND status = $6",
                )
                .bind(phase.id)
                .bind(crate::time::day(today))
                .bind(trajectory_id)
                .bind(scope.client_id)
                .bind(version)
                .bind(TrajectoryStatus::Active.code())
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if done == 1 {
                    self.tick(1);
                    sqlx::query("INSERT INTO phase_transitions (trajectory_id, phase_id, entered_on, at, by_user_id) VALUES ($1, $2, $3, $4, $5)")
                        .bind(trajectory_id)
                        .bind(phase.id)
                        .bind(crate::time::day(today))
                        .bind(&now)
                        .bind(scope.user_id)
                        .execute(&mut *tx)
                        .await?;
                }
                done
            }
            Step::Finish => sqlx::query(
                "UPDATE trajectories SET status = $1, ended_on = $2, version = version + 1 \
                 WHERE id = $3 AND client_id = $4 AND version = $5 AND status = $6",
            )
            .bind(TrajectoryStatus::Closed.code())
            .bind(crate::time::day(today))
            .bind(trajectory_id)
            .bind(scope.client_id)
            .bind(version)
            .bind(TrajectoryStatus::Active.code())
            .execute(&mut *tx)
            .await?
            .rows_affected(),
        };
        if done != 1 {
            drop(tx);
            return Err(self.trajectory_conflict(scope, trajectory_id).await);
        }
        let t = self.finish_trajectory_change(tx, scope, trajectory_id).await?;
        Ok(t)
    }

    /// Sets the focus domains, refused when the model allows fewer.
    pub async fn set_focus_domains(&self, scope: &ClientScope, trajectory_id: i64, domains: &[String], version: i64) -> Result<Trajectory> {
        let t = self.trajectory(scope, trajectory_id).await?;
        if t.version != version {
            return Err(conflict(&t));
        }
        if t.status != TrajectoryStatus::Active.code() {
            return Err(StoreError::field("trajectory", CLOSED));
        }
        let model = self.phase_model(t.model_id).await?;
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
        if done != 1 {
            drop(tx);
            return Err(self.trajectory_conflict(scope, trajectory_id).await);
        }
        self.finish_trajectory_change(tx, scope, trajectory_id).await
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

    /// Adds focus-domain messages to `e`: the model's maximum, doubles, unknown codes.
    async fn check_focus(&self, e: &mut FieldErrors, model: Option<&PhaseModel>, focus: &[String]) -> Result<()> {
        if let Some(model) = model {
            if let Err(inv) = check_focus_domains(model, focus) {
                e.0.extend(inv.0 .0);
            }
        }
        if focus.is_empty() {
            return Ok(());
        }
        let marks: Vec<String> = (1..=focus.len()).map(|i| format!("${i}")).collect();
        let sql = format!("SELECT code FROM life_domains WHERE code IN ({})", marks.join(", "));
        let mut q = sqlx::query(&sql);
        for f in focus {
            q = q.bind(f.clone());
        }
        let known: Vec<String> = q.fetch_all(self.r()).await?.iter().map(|r| r.try_get::<String, _>(0)).collect::<Result<_, _>>()?;
        if focus.iter().any(|f| !known.contains(f)) {
            e.add("focus_domains", "Kies alleen leefgebieden uit de lijst.");
        }
        Ok(())
    }

    /// Reads the changed trajectory back, keeps the change and commits.
    async fn finish_trajectory_change(&self, mut tx: sqlx::Transaction<'static, sqlx::Any>, scope: &ClientScope, trajectory_id: i64) -> Result<Trajectory> {
        self.tick(1);
        let t = trajectory_from(
            &sqlx::query(&format!("{TRAJECTORY_SELECT} WHERE t.id = $1 AND t.client_id = $2"))
                .bind(trajectory_id)
                .bind(scope.client_id)
                .fetch_one(&mut *tx)
                .await?,
        )?;
        self.record_change(&mut tx, scope, None, "trajectory", t.id, t.version, "update", &t).await?;
        tx.commit().await?;
        Ok(t)
    }

    /// The refusal for a stale edit: the trajectory as it is now, or "not found".
    async fn trajectory_conflict(&self, scope: &ClientScope, trajectory_id: i64) -> StoreError {
        match self.trajectory(scope, trajectory_id).await {
            Ok(t) => conflict(&t),
            Err(e) => e,
        }
    }
}

fn conflict(t: &Trajectory) -> StoreError {
    StoreError::Conflict { current: serde_json::to_value(t).unwrap_or(serde_json::Value::Null) }
}
