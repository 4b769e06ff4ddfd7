//! The SQL of the outcomes report: one `WHERE` for every query from the filter, and the
//! queries themselves. Every query aggregates in the database (GROUP BY), so what comes back is
//! a few hundred or thousand rows whatever the number of trajectories.

use crate::outcomes::OutcomeFilter;
use crate::Engine;

/// A value bound to a numbered parameter.
#[derive(Debug, Clone)]
pub(crate) enum Bind {
    I(i64),
    S(String),
}

/// A `WHERE` fragment with its values, numbered from `$1`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Where {
    pub(crate) sql: String,
    pub(crate) binds: Vec<Bind>,
}

impl Where {
    fn push(&mut self, cond: &str, value: Bind) {
        let n = self.binds.len() + 1;
        self.sql.push_str(" AND ");
        self.sql.push_str(&cond.replace("$?", &format!("${n}")));
        self.binds.push(value);
    }

    /// The trajectory filter (`t` trajectories, `c` clients) limited to `team_id` (0 = all),
    /// then `period_col` between the filter's dates when given.
    pub(crate) fn new(team_id: i64, f: &OutcomeFilter, period_col: Option<&str>) -> Where {
        let mut w = Where { sql: "TRUE".into(), binds: Vec::new() };
        if team_id > 0 {
            w.push("c.team_id = $?", Bind::I(team_id));
        }
        if f.location_id > 0 {
            w.push("c.team_id IN (SELECT lt.id FROM teams lt WHERE lt.location_id = $?)", Bind::I(f.location_id));
        }
        if f.model_id > 0 {
            w.push("t.model_id = $?", Bind::I(f.model_id));
        }
        if !f.method.is_empty() {
            w.push(
                "EXISTS (SELECT 1 FROM trajectory_methods tm WHERE tm.trajectory_id = t.id AND tm.method_code = $?)",
                Bind::S(f.method.clone()),
            );
        }
        if !f.funding.is_empty() {
            w.push("t.funding = $?", Bind::S(f.funding.clone()));
        }
        if !f.target_group.is_empty() {
            w.push(
                "EXISTS (SELECT 1 FROM client_profile cp WHERE cp.client_id = c.id AND (',' || cp.target_groups || ',') LIKE $?)",
                Bind::S(format!("%,{},%", f.target_group)),
            );
        }
        if let Some(col) = period_col {
            w.period(col, f);
        }
        w
    }

    /// `col` between the filter's dates (either end may be open).
    pub(crate) fn period(&mut self, col: &str, f: &OutcomeFilter) {
        if let Some(from) = f.from {
            self.push(&format!("{col} >= $?"), Bind::S(crate::time::day(from)));
        }
        if let Some(to) = f.to {
            self.push(&format!("{col} <= $?"), Bind::S(crate::time::day(to)));
        }
    }
}

/// The pairs of the worker ('begeleider') measurements matched by `cond` (a condition on
/// `m`, the measurements): per trajectory and instrument version with two or more, the first
/// and the last (by `measured_on`, then id), joined per domain scored in both; columns as in
/// `outcome_pairs`. What `outcome_pairs` is recomputed from (and what migration 0015 filled it
/// with); first and last are index look-ups (`measurements_trajectory`), the levels come from
/// the covering index `measurement_scores_levels` (migration 0014).
pub(crate) fn pairs_select(cond: &str) -> String {
    let one = |dir: &str| {
        format!(
            "(SELECT f.id FROM measurements f WHERE f.trajectory_id = m.trajectory_id AND f.rater = 'begeleider' \
             AND f.instrument = m.instrument ORDER BY f.measured_on {dir}, f.id {dir} LIMIT 1)"
        )
    };
    format!(
        "SELECT p.trajectory_id, p.instrument, a.domain_code, a.level AS first_level, z.level AS last_level, p.last_on AS last_measured_on \
         FROM (SELECT m.trajectory_id, m.instrument, MAX(m.measured_on) AS last_on, {} AS first_id, {} AS last_id \
           FROM measurements m WHERE m.rater = 'begeleider' AND {cond} GROUP BY m.trajectory_id, m.instrument HAVING COUNT(*) >= 2) p \
         JOIN measurement_scores a ON a.measurement_id = p.first_id \
         JOIN measurement_scores z ON z.measurement_id = p.last_id AND z.domain_code = a.domain_code \
         WHERE a.level IS NOT NULL AND z.level IS NOT NULL",
        one("ASC"),
        one("DESC"),
    )
}

/// Per trajectory and instrument version, the sums of the first and of the last levels over the
/// `k` domains of `pairs` (a pairs query or table with the columns of `outcome_pairs`): the
/// columns of `outcome_totals`.
pub(crate) fn totals_select(pairs: &str) -> String {
    format!(
        "SELECT x.trajectory_id, x.instrument, CAST(SUM(x.first_level) AS BIGINT) AS sum_first, CAST(SUM(x.last_level) AS BIGINT) AS sum_last, \
         COUNT(*) AS k, MAX(x.last_measured_on) AS last_measured_on FROM {pairs} x GROUP BY x.trajectory_id, x.instrument"
    )
}

/// Replaces the kept pairs and totals of trajectory `$1` by what its measurements give now (five
/// statements, run in the transaction that changed a measurement). The first takes the
/// trajectory's row lock (a no-op update, the same on both engines): two measurements of one
/// trajectory saved at the same moment on PostgreSQL then recompute one after the other, the
/// second seeing the first's measurement, instead of both inserting the same pairs.
pub(crate) fn refresh_pairs() -> [String; 5] {
    [
        "UPDATE trajectories SET version = version WHERE id = $1".to_string(),
        "DELETE FROM outcome_totals WHERE trajectory_id = $1".to_string(),
        "DELETE FROM outcome_pairs WHERE trajectory_id = $1".to_string(),
        format!(
            "INSERT INTO outcome_pairs (trajectory_id, instrument, domain_code, first_level, last_level, last_measured_on) {}",
            pairs_select("m.trajectory_id = $1")
        ),
        format!(
            "INSERT INTO outcome_totals (trajectory_id, instrument, sum_first, sum_last, k, last_measured_on) {}",
            totals_select("(SELECT * FROM outcome_pairs WHERE trajectory_id = $1)")
        ),
    ]
}

/// `FROM` a kept table (`op`: `outcome_pairs` or `outcome_totals`) with the filter, the period on
/// the last measurement. Without `t`/`c` conditions the joins are left out and the database reads
/// only the kept rows (from the indexes `outcome_pairs_levels`, `outcome_totals_sums`).
fn kept_from(table: &str, team_id: i64, f: &OutcomeFilter) -> (String, Vec<Bind>) {
    let mut w = Where::new(team_id, f, None);
    let joins = if w.binds.is_empty() { "" } else { " JOIN trajectories t ON t.id = op.trajectory_id JOIN clients c ON c.id = t.client_id" };
    w.period("op.last_measured_on", f);
    (format!("FROM {table} op{joins} WHERE {}", w.sql), w.binds)
}

/// Pairs per instrument, domain, first and last level.
pub(crate) fn domain_counts(team_id: i64, f: &OutcomeFilter) -> (String, Vec<Bind>) {
    let (from, binds) = kept_from("outcome_pairs", team_id, f);
    let sql = format!(
        "SELECT op.instrument, op.domain_code, op.first_level, op.last_level, COUNT(*) AS n {from} \
         GROUP BY op.instrument, op.domain_code, op.first_level, op.last_level"
    );
    (sql, binds)
}

/// Trajectories per instrument by (sum of first levels, sum of last levels, domains scored in
/// both): the totals are `sum / domains`, exact, and the rows stay few.
pub(crate) fn total_sums(team_id: i64, f: &OutcomeFilter) -> (String, Vec<Bind>) {
    let (from, binds) = kept_from("outcome_totals", team_id, f);
    let sql = format!("SELECT op.instrument, op.sum_first, op.sum_last, op.k, COUNT(*) AS n {from} GROUP BY op.instrument, op.sum_first, op.sum_last, op.k");
    (sql, binds)
}

/// The exported pairs: one row per trajectory, instrument and domain, in a stable order.
pub(crate) fn pair_rows(team_id: i64, f: &OutcomeFilter) -> (String, Vec<Bind>) {
    let (from, binds) = kept_from("outcome_pairs", team_id, f);
    let sql = format!(
        "SELECT op.trajectory_id, op.instrument, op.domain_code, op.first_level, op.last_level {from} \
         ORDER BY op.instrument, op.trajectory_id, op.domain_code"
    );
    (sql, binds)
}

/// Report marks: per trajectory the response at the end if there is one, else the latest,
/// among those answered in the period.
pub(crate) fn satisfaction(team_id: i64, f: &OutcomeFilter) -> (String, Vec<Bind>) {
    let w = Where::new(team_id, f, Some("r.answered_on"));
    let sql = format!(
        "SELECT mark, COUNT(*) AS n FROM (SELECT r.mark, ROW_NUMBER() OVER (PARTITION BY r.trajectory_id \
           ORDER BY CASE WHEN r.moment = 'einde' THEN 0 ELSE 1 END, r.answered_on DESC, r.id DESC) AS rn \
           FROM satisfaction_responses r JOIN trajectories t ON t.id = r.trajectory_id JOIN clients c ON c.id = t.client_id \
           WHERE {}) x WHERE rn = 1 GROUP BY mark",
        w.sql
    );
    (sql, w.binds)
}

/// Closed trajectories ending in the period by length in days and exit destination ('' when
/// not recorded).
pub(crate) fn closed(engine: Engine, team_id: i64, f: &OutcomeFilter) -> (String, Vec<Bind>) {
    let w = Where::new(team_id, f, Some("t.ended_on"));
    // Day arithmetic is the one thing the engines spell differently.
    let days = match engine {
        Engine::Sqlite => "CAST(julianday(t.ended_on) - julianday(t.started_on) AS BIGINT)",
        Engine::Postgres => "CAST(CAST(t.ended_on AS DATE) - CAST(t.started_on AS DATE) AS BIGINT)",
    };
    let sql = format!(
        "SELECT {days} AS days, COALESCE(t.exit_destination, '') AS exit_destination, COUNT(*) AS n \
         FROM trajectories t JOIN clients c ON c.id = t.client_id \
         WHERE t.status <> 'actief' AND t.ended_on IS NOT NULL AND {} GROUP BY {days}, COALESCE(t.exit_destination, '')",
        w.sql
    );
    (sql, w.binds)
}

/// Result agreements with a deadline in the period, per team asked (the colleague's team when a
/// colleague was asked), role and status.
pub(crate) fn attainment(team_id: i64, f: &OutcomeFilter) -> (String, Vec<Bind>) {
    let w = Where::new(team_id, f, Some("ra.deadline"));
    let sql = format!(
        "SELECT COALESCE(ra.team_id, u.team_id, 0) AS team_id, COALESCE(ra.role_code, '') AS role_code, ra.status, COUNT(*) AS n \
         FROM result_agreements ra JOIN trajectories t ON t.id = ra.trajectory_id JOIN clients c ON c.id = t.client_id \
         LEFT JOIN users u ON u.id = ra.user_id WHERE {} \
         GROUP BY COALESCE(ra.team_id, u.team_id, 0), COALESCE(ra.role_code, ''), ra.status",
        w.sql
    );
    (sql, w.binds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_numbered_in_order() {
        let f = OutcomeFilter {
            funding: "wmo".into(),
            from: chrono::NaiveDate::from_ymd_opt(2025, 1, 1),
            ..Default::default()
        };
        let w = Where::new(3, &f, Some("t.ended_on"));
        assert!(w.sql.contains("c.team_id = $1") && w.sql.contains("t.funding = $2") && w.sql.contains("t.ended_on >= $3"), "{}", w.sql);
        assert_eq!(w.binds.len(), 3);
        let (sql, binds) = domain_counts(0, &f);
        assert!(sql.contains("t.funding = $1") && sql.contains("op.last_measured_on >= $2"), "{sql}");
        assert_eq!(binds.len(), 2);
        let (sql, binds) = total_sums(0, &OutcomeFilter::default());
        assert!(!sql.contains("JOIN") && binds.is_empty(), "no filter, no joins: {sql}");
    }
}
