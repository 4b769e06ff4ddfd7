//! ZRM measurements: the worker's score and the client's own score, per trajectory. Each change
//! is kept in `changes` (entity `measurement`, data the measurement as JSON); a correction is a
//! versioned update, a removal deletes the rows and keeps the last state in `changes`. Every
//! statement is constrained to the scope's client. A change to a worker measurement also
//! recomputes the trajectory's outcome pairs and totals (`outcome_pairs`, `outcome_totals`:
//! derived data for the outcomes report, see migration 0015) in the same transaction.

use crate::changes::{json, Change};
use crate::{ClientScope, Result, Store, StoreError};
use chrono::NaiveDate;
use regie_domain::instrument::{instrument, split_list, CheckedMeasurement, Measurement, MeasurementInput, Moment, Rater, Score, ENTITY_MEASUREMENT};
use regie_domain::plan::Op;
use regie_domain::FieldErrors;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use std::collections::HashMap;

const COLS: &str = "m.id, m.trajectory_id, m.instrument, m.supplements, m.rater, m.measured_on, m.moment, m.sources, \
                    m.by_user_id, COALESCE(u.name, '') AS by_name, m.version";

fn measurement_from(r: &AnyRow) -> Result<Measurement> {
    let rater: String = r.try_get("rater")?;
    let moment: String = r.try_get("moment")?;
    Ok(Measurement {
        id: r.try_get("id")?,
        trajectory_id: r.try_get("trajectory_id")?,
        instrument: r.try_get("instrument")?,
        supplements: split_list(&r.try_get::<String, _>("supplements")?),
        rater: Rater::parse(&rater).ok_or_else(|| StoreError::Corrupt(format!("rater {rater}")))?,
        measured_on: crate::date(r, "measured_on")?,
        moment: Moment::parse(&moment).ok_or_else(|| StoreError::Corrupt(format!("moment {moment}")))?,
        sources: split_list(&r.try_get::<String, _>("sources")?),
        by_user_id: r.try_get("by_user_id")?,
        by_name: r.try_get("by_name")?,
        version: r.try_get("version")?,
        scores: Vec::new(),
    })
}

/// Puts each measurement's scores in, in the instrument's domain order.
fn attach_scores(list: &mut [Measurement], rows: &[AnyRow]) -> Result<()> {
    let mut by_id: HashMap<i64, Vec<Score>> = HashMap::new();
    for r in rows {
        by_id.entry(r.try_get("measurement_id")?).or_default().push(Score {
            domain: r.try_get("domain_code")?,
            level: r.try_get("level")?,
            note: r.try_get("note")?,
        });
    }
    for m in list.iter_mut() {
        let mut scores = by_id.remove(&m.id).unwrap_or_default();
        if let Some(inst) = instrument(&m.instrument) {
            let order = inst.domains_with(&m.supplements);
            scores.sort_by_key(|s| order.iter().position(|d| d.code == s.domain).unwrap_or(usize::MAX));
        }
        m.scores = scores;
    }
    Ok(())
}

/// The measurement as written, built from what was checked (no read back).
fn built(id: i64, trajectory_id: i64, c: &CheckedMeasurement, version: i64, by_user_id: i64, by_name: String) -> Measurement {
    Measurement {
        id,
        trajectory_id,
        instrument: c.instrument.code.to_string(),
        supplements: c.supplements.clone(),
        rater: c.rater,
        measured_on: c.measured_on,
        moment: c.moment,
        sources: c.sources.clone(),
        by_user_id,
        by_name,
        version,
        scores: c.scores.clone(),
    }
}

impl Store {
    /// The trajectory's measurements, worker's and client's, oldest first, with their scores
    /// (two queries).
    pub async fn measurements(&self, scope: &ClientScope, trajectory_id: i64) -> Result<Vec<Measurement>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLS} FROM measurements m LEFT JOIN users u ON u.id = m.by_user_id \
             WHERE m.client_id = $1 AND m.trajectory_id = $2 ORDER BY m.measured_on, m.id"
        ))
        .bind(scope.client_id)
        .bind(trajectory_id)
        .fetch_all(self.r())
        .await?;
        let mut list = rows.iter().map(measurement_from).collect::<Result<Vec<_>>>()?;
        if list.is_empty() {
            return Ok(list);
        }
        let scores = sqlx::query(
            "SELECT s.measurement_id, s.domain_code, s.level, s.note FROM measurement_scores s \
             JOIN measurements m ON m.id = s.measurement_id WHERE m.client_id = $1 AND m.trajectory_id = $2",
        )
        .bind(scope.client_id)
        .bind(trajectory_id)
        .fetch_all(self.r())
        .await?;
        attach_scores(&mut list, &scores)?;
        Ok(list)
    }

    /// One measurement of the client, with its scores (two queries).
    pub async fn measurement(&self, scope: &ClientScope, id: i64) -> Result<Measurement> {
        let row = sqlx::query(&format!("SELECT {COLS} FROM measurements m LEFT JOIN users u ON u.id = m.by_user_id WHERE m.id = $1 AND m.client_id = $2"))
            .bind(id)
            .bind(scope.client_id)
            .fetch_optional(self.r())
            .await?
            .ok_or(StoreError::NotFound)?;
        let mut list = vec![measurement_from(&row)?];
        let scores = sqlx::query("SELECT measurement_id, domain_code, level, note FROM measurement_scores WHERE measurement_id = $1")
            .bind(id)
            .fetch_all(self.r())
            .await?;
        attach_scores(&mut list, &scores)?;
        Ok(list.remove(0))
    }

    /// Records a measurement on one of the client's trajectories. Refused whole (nothing
    /// written) when anything is wrong.
    pub async fn record_measurement(&self, scope: &ClientScope, trajectory_id: i64, input: &MeasurementInput, today: NaiveDate) -> Result<Measurement> {
        let started_on = self.measured_trajectory_start(scope, trajectory_id).await?;
        let mut e = FieldErrors::default();
        let checked = input.check(&mut e, started_on, today);
        e.finish()?;
        let Some(c) = checked else { return Err(StoreError::field("scores", "Controleer de meting.")) };
        let mut tx = self.begin().await?;
        self.tick(1);
        let id: i64 = sqlx::query(
            "INSERT INTO measurements (client_id, trajectory_id, instrument, supplements, rater, measured_on, moment, sources, by_user_id, created_at, version) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1) RETURNING id",
        )
        .bind(scope.client_id)
        .bind(trajectory_id)
        .bind(c.instrument.code)
        .bind(c.supplements.join(","))
        .bind(c.rater.code())
        .bind(crate::time::day(c.measured_on))
        .bind(c.moment.code())
        .bind(c.sources.join(","))
        .bind(scope.user_id)
        .bind(crate::now())
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)?;
        self.insert_scores(&mut tx, id, &c.scores).await?;
        if c.rater == Rater::Worker {
            self.refresh_outcome_pairs(&mut tx, trajectory_id).await?;
        }
        self.tick(1);
        let by_name: String = sqlx::query("SELECT name FROM users WHERE id = $1").bind(scope.user_id).fetch_one(&mut *tx).await?.try_get(0)?;
        let item = built(id, trajectory_id, &c, 1, scope.user_id, by_name);
        self.write_measurement_change(&mut tx, scope, &item, Op::Create).await?;
        tx.commit().await?;
        Ok(item)
    }

    /// Corrects a measurement the user saw at `version`: every field and score is replaced.
    /// A stale version is refused with the measurement as it is now.
    pub async fn correct_measurement(&self, scope: &ClientScope, id: i64, version: i64, input: &MeasurementInput, today: NaiveDate) -> Result<Measurement> {
        let current = self.measurement(scope, id).await?;
        let started_on = self.measured_trajectory_start(scope, current.trajectory_id).await?;
        let mut e = FieldErrors::default();
        let checked = input.check(&mut e, started_on, today);
        e.finish()?;
        let Some(c) = checked else { return Err(StoreError::field("scores", "Controleer de meting.")) };
        let mut tx = self.begin().await?;
        self.tick(1);
        let done = sqlx::query(
            "UPDATE measurements SET instrument = $1, supplements = $2, rater = $3, measured_on = $4, moment = $5, sources = $6, \
             version = version + 1 WHERE id = $7 AND client_id = $8 AND version = $9",
        )
        .bind(c.instrument.code)
        .bind(c.supplements.join(","))
        .bind(c.rater.code())
        .bind(crate::time::day(c.measured_on))
        .bind(c.moment.code())
        .bind(c.sources.join(","))
        .bind(id)
        .bind(scope.client_id)
        .bind(version)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if done == 0 {
            drop(tx);
            let now = self.measurement(scope, id).await?;
            return Err(StoreError::Conflict { current: json(&now) });
        }
        self.tick(1);
        sqlx::query("DELETE FROM measurement_scores WHERE measurement_id = $1").bind(id).execute(&mut *tx).await?;
        self.insert_scores(&mut tx, id, &c.scores).await?;
        if c.rater == Rater::Worker || current.rater == Rater::Worker {
            self.refresh_outcome_pairs(&mut tx, current.trajectory_id).await?;
        }
        let item = built(id, current.trajectory_id, &c, version + 1, current.by_user_id, current.by_name.clone());
        self.write_measurement_change(&mut tx, scope, &item, Op::Update).await?;
        tx.commit().await?;
        Ok(item)
    }

    /// Removes a measurement the user saw at `version`; its last state stays in `changes`.
    pub async fn delete_measurement(&self, scope: &ClientScope, id: i64, version: i64) -> Result<()> {
        let current = self.measurement(scope, id).await?;
        if current.version != version {
            return Err(StoreError::Conflict { current: json(&current) });
        }
        let mut tx = self.begin().await?;
        self.tick(1);
        let done = sqlx::query("DELETE FROM measurements WHERE id = $1 AND client_id = $2 AND version = $3")
            .bind(id)
            .bind(scope.client_id)
            .bind(version)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if done == 0 {
            drop(tx);
            let now = self.measurement(scope, id).await?;
            return Err(StoreError::Conflict { current: json(&now) });
        }
        self.tick(1);
        sqlx::query("DELETE FROM measurement_scores WHERE measurement_id = $1").bind(id).execute(&mut *tx).await?;
        if current.rater == Rater::Worker {
            self.refresh_outcome_pairs(&mut tx, current.trajectory_id).await?;
        }
        let gone = Measurement { version: version + 1, ..current };
        self.write_measurement_change(&mut tx, scope, &gone, Op::Delete).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The start of one of the client's trajectories (not found for another client's).
    async fn measured_trajectory_start(&self, scope: &ClientScope, trajectory_id: i64) -> Result<NaiveDate> {
        let row = sqlx::query("SELECT started_on FROM trajectories WHERE id = $1 AND client_id = $2")
            .bind(trajectory_id)
            .bind(scope.client_id)
            .fetch_optional(self.r())
            .await?
            .ok_or(StoreError::NotFound)?;
        crate::date(&row, "started_on")
    }

    async fn insert_scores(&self, conn: &mut AnyConnection, id: i64, scores: &[Score]) -> Result<()> {
        if scores.is_empty() {
            return Ok(());
        }
        self.tick(1);
        let sql = format!("INSERT INTO measurement_scores (measurement_id, domain_code, level, note) VALUES {}", crate::sql::rows(1, scores.len(), 4));
        let mut q = sqlx::query(&sql);
        for s in scores {
            q = q.bind(id).bind(s.domain.clone()).bind(s.level).bind(s.note.clone());
        }
        q.execute(conn).await?;
        Ok(())
    }

    /// Recomputes the outcome pairs and totals of one trajectory from its measurements (five
    /// statements, see `outcomes_sql::refresh_pairs`).
    /// Derived data, so no `changes` row: the measurement's own change is the record.
    async fn refresh_outcome_pairs(&self, conn: &mut AnyConnection, trajectory_id: i64) -> Result<()> {
        for sql in crate::outcomes_sql::refresh_pairs() {
            self.tick(1);
            sqlx::query(&sql).bind(trajectory_id).execute(&mut *conn).await?;
        }
        Ok(())
    }

    async fn write_measurement_change(&self, conn: &mut AnyConnection, scope: &ClientScope, item: &Measurement, op: Op) -> Result<()> {
        let change = Change { trajectory_id: Some(item.trajectory_id), entity: ENTITY_MEASUREMENT, entity_id: item.id, version: item.version, op: op.code(), data: json(item) };
        self.write_change(conn, scope, change).await
    }
}

impl Store {
    /// The trajectory a ZRM page is about: the one asked for (the client's own), else the active
    /// one, else the latest; `None` when the client has none.
    pub async fn measured_trajectory(&self, scope: &ClientScope, asked: Option<i64>) -> Result<Option<regie_domain::record::Trajectory>> {
        match asked {
            Some(id) => Ok(Some(self.trajectory(scope, id).await?)),
            None => self.current_trajectory(scope).await,
        }
    }

    /// The kept changes of the client's measurements (records, corrections, removals), oldest
    /// first, each with the measurement as it stood after the change (one query).
    pub async fn measurement_history(&self, scope: &ClientScope) -> Result<Vec<regie_domain::history::RecordChange>> {
        self.record_history(scope, &[ENTITY_MEASUREMENT], None).await
    }

    /// What decides whether a worker measurement is due on one of the client's trajectories
    /// (one query).
    pub async fn zrm_facts(&self, scope: &ClientScope, trajectory_id: i64) -> Result<regie_domain::instrument::ZrmFacts> {
        let row = sqlx::query(
            "SELECT t.started_on, t.phase_entered_on, t.status, m.code AS model_code, m.cyclic, m.max_days, p.position AS phase_position, \
             (SELECT MAX(px.position) FROM phases px WHERE px.model_id = t.model_id) AS last_position, \
             (SELECT MAX(ms.measured_on) FROM measurements ms WHERE ms.trajectory_id = t.id AND ms.rater = 'begeleider') AS zrm_last, \
             (SELECT MAX(ev.held_on) FROM evaluations ev WHERE ev.trajectory_id = t.id) AS evaluation_last \
             FROM trajectories t JOIN phase_models m ON m.id = t.model_id JOIN phases p ON p.id = t.phase_id \
             WHERE t.id = $1 AND t.client_id = $2",
        )
        .bind(trajectory_id)
        .bind(scope.client_id)
        .fetch_optional(self.r())
        .await?
        .ok_or(StoreError::NotFound)?;
        let mut facts = crate::caseload::zrm_facts(&row)?;
        if row.try_get::<String, _>("status")? != regie_domain::catalogue::TrajectoryStatus::Active.code() {
            facts.started_on = None;
        }
        Ok(facts)
    }
}

/// One outcome pair as kept or computed: (trajectory, instrument, domain, first level, last
/// level, day of the last measurement).
pub type PairRow = (i64, String, String, i64, i64, String);
/// Outcome totals as kept or computed (see [`Store::outcome_total_rows`]).
pub type TotalRow = (i64, String, i64, i64, i64, String);

impl Store {
    /// Checks of the kept outcome pairs, for tests and operations: every row of `outcome_pairs`
    /// (`kept = true`) or the pairs computed from the measurements as they are now (`false`),
    /// sorted. Trajectory ids and levels only, no client content. One query.
    pub async fn outcome_pair_rows(&self, kept: bool) -> Result<Vec<PairRow>> {
        let source = if kept { "outcome_pairs".to_string() } else { format!("({})", crate::outcomes_sql::pairs_select("TRUE")) };
        let rows = sqlx::query(&format!(
            "SELECT x.trajectory_id, x.instrument, x.domain_code, x.first_level, x.last_level, x.last_measured_on FROM {source} x \
             ORDER BY x.trajectory_id, x.instrument, x.domain_code"
        ))
        .fetch_all(self.r())
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("trajectory_id")?,
                    r.try_get("instrument")?,
                    r.try_get("domain_code")?,
                    r.try_get("first_level")?,
                    r.try_get("last_level")?,
                    r.try_get("last_measured_on")?,
                ))
            })
            .collect()
    }

    /// The same check for `outcome_totals`: kept (`true`) or computed from the measurements now,
    /// as (trajectory, instrument, sum of first levels, sum of last levels, domains, day of the
    /// last measurement), sorted. One query.
    pub async fn outcome_total_rows(&self, kept: bool) -> Result<Vec<TotalRow>> {
        let source = if kept {
            "outcome_totals".to_string()
        } else {
            format!("({})", crate::outcomes_sql::totals_select(&format!("({})", crate::outcomes_sql::pairs_select("TRUE"))))
        };
        let rows = sqlx::query(&format!(
            "SELECT y.trajectory_id, y.instrument, y.sum_first, y.sum_last, y.k, y.last_measured_on FROM {source} y ORDER BY y.trajectory_id, y.instrument"
        ))
        .fetch_all(self.r())
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("trajectory_id")?,
                    r.try_get("instrument")?,
                    r.try_get("sum_first")?,
                    r.try_get("sum_last")?,
                    r.try_get("k")?,
                    r.try_get("last_measured_on")?,
                ))
            })
            .collect()
    }
}
