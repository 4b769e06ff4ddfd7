//! Batched writing: the rows of a chunk of clients held in memory, written with multi-row
//! `INSERT`s in one transaction per chunk, with ids the generator assigns itself.

use crate::{Engine, Result, Store};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use regie_domain::rng::Rng;
use sqlx::Row;

impl Store {
    /// Writes the tables of one batch in one transaction, in multi-row statements. While the
    /// database runs one statement, the next one's values are bound (binding thousands of values
    /// costs about a sixth of the time).
    pub(super) async fn write_batch(&self, batch: &Batch) -> Result<()> {
        let max_params = match self.engine() {
            Engine::Sqlite => 32_766,
            Engine::Postgres => 65_535,
        };
        // Every statement: its SQL (the full-size one shared per table) and its rows.
        let mut sqls: Vec<String> = Vec::new();
        let mut statements: Vec<(usize, &Rows, usize, usize)> = Vec::new();
        for rows in &batch.tables {
            let per = (max_params / rows.cols.len()).min(1000);
            let total = rows.len();
            let mut full = None;
            let mut start = 0;
            while start < total {
                let n = per.min(total - start);
                let sql = match full {
                    Some(k) if n == per => k,
                    _ => {
                        sqls.push(insert_sql(self.engine(), rows.table, rows.cols, n));
                        if n == per {
                            full = Some(sqls.len() - 1);
                        }
                        sqls.len() - 1
                    }
                };
                statements.push((sql, rows, start, n));
                start += n;
            }
        }
        let bind = |k: usize| {
            let (sql, rows, start, n) = statements[k];
            let width = rows.cols.len();
            let mut q = sqlx::query(&sqls[sql]);
            for v in &rows.vals[start * width..(start + n) * width] {
                q = match v {
                    V::I(x) => q.bind(*x),
                    V::NI(x) => q.bind(*x),
                    V::S(s) => q.bind(s.as_str()),
                    V::T(s) => q.bind(*s),
                    V::NS(s) => q.bind(s.as_deref()),
                    V::B(b) => q.bind(*b),
                };
            }
            q
        };
        let mut tx = self.begin().await?;
        let mut pending = (!statements.is_empty()).then(|| bind(0));
        let mut k = 0;
        while let Some(q) = pending.take() {
            self.tick(1);
            k += 1;
            let (done, following) = tokio::join!(q.execute(&mut *tx), async { (k < statements.len()).then(|| bind(k)) });
            done?;
            pending = following;
        }
        tx.commit().await?;
        Ok(())
    }
}

/// Tables whose ids the generator assigns (PostgreSQL sequences are moved past them afterwards).
pub(super) const ID_TABLES: &[&str] = &[
    "locations",
    "teams",
    "users",
    "clients",
    "household_members",
    "trajectories",
    "phase_transitions",
    "perspective",
    "goals",
    "actions",
    "changes",
    "journal_entries",
    "evaluations",
    "strength_domains",
    "strengths",
    "network_members",
    "measurements",
    "result_agreements",
    "domain_targets",
    "satisfaction_responses",
];

/// A multi-row INSERT. SQLite gets anonymous `?` placeholders: it looks up a named one like `$7`
/// by walking every name before it, which makes binding a statement of thousands of `$n`
/// quadratic (minutes instead of seconds for the 100 000-client demo). PostgreSQL needs `$n`.
fn insert_sql(engine: Engine, table: &str, cols: &[&str], rows: usize) -> String {
    let width = cols.len();
    let mut sql = String::with_capacity(64 + rows * width * 7);
    sql.push_str("INSERT INTO ");
    sql.push_str(table);
    sql.push_str(" (");
    sql.push_str(&cols.join(", "));
    sql.push_str(") VALUES ");
    let mut p = 1;
    for r in 0..rows {
        if r > 0 {
            sql.push(',');
        }
        sql.push('(');
        for c in 0..width {
            if c > 0 {
                sql.push(',');
            }
            match engine {
                Engine::Sqlite => sql.push('?'),
                Engine::Postgres => {
                    sql.push('$');
                    sql.push_str(&p.to_string());
                    p += 1;
                }
            }
        }
        sql.push(')');
    }
    sql
}

/// One value to bind.
pub(super) enum V {
    I(i64),
    NI(Option<i64>),
    S(String),
    T(&'static str),
    NS(Option<String>),
    B(bool),
}

/// Rows of one table, flattened.
pub(super) struct Rows {
    table: &'static str,
    cols: &'static [&'static str],
    vals: Vec<V>,
}

impl Rows {
    pub(super) fn new(table: &'static str, cols: &'static [&'static str]) -> Rows {
        Rows { table, cols, vals: Vec::new() }
    }

    pub(super) fn row<const N: usize>(&mut self, vals: [V; N]) {
        debug_assert_eq!(N, self.cols.len(), "{}", self.table);
        self.vals.extend(vals);
    }

    fn len(&self) -> usize {
        self.vals.len() / self.cols.len()
    }
}

/// The tables of one chunk, in foreign-key order.
pub(super) struct Batch {
    pub(super) tables: Vec<Rows>,
}

/// The next free id per table.
#[derive(Debug, Clone, Default)]
pub(super) struct Ids {
    pub(super) location: i64,
    pub(super) team: i64,
    pub(super) user: i64,
    pub(super) client: i64,
    pub(super) household: i64,
    pub(super) trajectory: i64,
    pub(super) transition: i64,
    pub(super) perspective: i64,
    pub(super) goal: i64,
    pub(super) action: i64,
    pub(super) change: i64,
    pub(super) journal: i64,
    pub(super) evaluation: i64,
    pub(super) strength_domain: i64,
    pub(super) strength: i64,
    pub(super) network_member: i64,
}

impl Ids {
    pub(super) async fn load(store: &Store) -> Result<Ids> {
        let mut max = Vec::new();
        for t in ID_TABLES {
            let m: i64 = sqlx::query(&format!("SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) FROM {t}")).fetch_one(store.r()).await?.try_get(0)?;
            max.push(m);
        }
        Ok(Ids {
            location: max[0],
            team: max[1],
            user: max[2],
            client: max[3],
            household: max[4],
            trajectory: max[5],
            transition: max[6],
            perspective: max[7],
            goal: max[8],
            action: max[9],
            change: max[10],
            journal: max[11],
            evaluation: max[12],
            strength_domain: max[13],
            strength: max[14],
            network_member: max[15],
        })
    }
}

pub(super) fn next(counter: &mut i64) -> i64 {
    *counter += 1;
    *counter
}

pub(super) fn day(d: NaiveDate) -> V {
    V::S(crate::time::day(d))
}

pub(super) fn stamp(at: DateTime<Utc>) -> V {
    V::S(crate::time::stamp(at))
}

/// A moment on a date, `secs` seconds after midnight UTC.
pub(super) fn at(d: NaiveDate, secs: i64) -> DateTime<Utc> {
    d.and_hms_opt(0, 0, 0).expect("midnight").and_utc() + Duration::seconds(secs)
}

/// A working-hours moment on a date.
pub(super) fn office(rng: &mut Rng, d: NaiveDate) -> DateTime<Utc> {
    at(d, rng.range(8 * 3600, 16 * 3600))
}

/// The rows of a chunk of clients, one [`Rows`] per table.
pub(super) struct ClientRows {
    pub(super) clients: Rows,
    pub(super) household: Rows,
    pub(super) care_team: Rows,
    pub(super) trajectories: Rows,
    pub(super) transitions: Rows,
    pub(super) perspective: Rows,
    pub(super) goals: Rows,
    pub(super) actions: Rows,
    pub(super) changes: Rows,
    pub(super) journal: Rows,
    pub(super) journal_goals: Rows,
    pub(super) evaluations: Rows,
    pub(super) evaluation_goals: Rows,
    pub(super) methods: Rows,
    pub(super) strength_domains: Rows,
    pub(super) strengths: Rows,
    pub(super) network: Rows,
    /// Funding, measurements, targets, agreements, satisfaction (see `outcomes`).
    pub(super) outcomes: super::outcomes::OutcomeRows,
}

impl ClientRows {
    pub(super) fn new() -> ClientRows {
        ClientRows {
            clients: Rows::new(
                "clients",
                &["id", "first_name", "last_name", "birth_date", "phone", "email", "address", "city", "team_id", "created_at", "version"],
            ),
            household: Rows::new("household_members", &["id", "client_id", "name", "relation", "birth_year"]),
            care_team: Rows::new("care_team", &["client_id", "user_id", "role_code", "since"]),
            trajectories: Rows::new(
                "trajectories",
                &[
                    "id",
                    "client_id",
                    "model_id",
                    "status",
                    "started_on",
                    "ended_on",
                    "owner_user_id",
                    "phase_id",
                    "phase_entered_on",
                    "next_evaluation_on",
                    "focus_domains",
                    "created_at",
                    "version",
                    "funding",
                    "exit_destination",
                ],
            ),
            transitions: Rows::new("phase_transitions", &["id", "trajectory_id", "phase_id", "entered_on", "at", "by_user_id"]),
            perspective: Rows::new("perspective", &["id", "trajectory_id", "area", "text", "version"]),
            goals: Rows::new("goals", &["id", "trajectory_id", "domain_code", "text", "priority", "target_date", "status", "version"]),
            actions: Rows::new(
                "actions",
                &["id", "goal_id", "trajectory_id", "text", "owner_kind", "owner_user_id", "owner_name", "due_date", "status", "version"],
            ),
            changes: Rows::new("changes", &["id", "client_id", "trajectory_id", "entity", "entity_id", "version", "op", "at", "by_user_id", "data"]),
            journal: Rows::new(
                "journal_entries",
                &["id", "client_id", "trajectory_id", "contact_type", "contact_date", "duration_minutes", "text", "client_visible", "author_id", "created_at"],
            ),
            journal_goals: Rows::new("journal_goals", &["entry_id", "goal_id"]),
            evaluations: Rows::new("evaluations", &["id", "trajectory_id", "held_on", "participants", "notes", "plan_snapshot", "created_by", "created_at"]),
            evaluation_goals: Rows::new("evaluation_goals", &["evaluation_id", "goal_id", "goal_text", "verdict", "decision", "note"]),
            methods: Rows::new("trajectory_methods", &["trajectory_id", "method_code", "added_on", "added_by"]),
            strength_domains: Rows::new(
                "strength_domains",
                &["id", "client_id", "domain_code", "situation", "wishes", "resources_before", "version"],
            ),
            strengths: Rows::new("strengths", &["id", "client_id", "domain_code", "kind", "text", "version"]),
            network: Rows::new(
                "network_members",
                &[
                    "id",
                    "client_id",
                    "name",
                    "relation",
                    "kind",
                    "phone",
                    "email",
                    "closeness",
                    "support",
                    "gives_back",
                    "takes_part_actions",
                    "takes_part_evaluations",
                    "consent",
                    "version",
                ],
            ),
            outcomes: super::outcomes::OutcomeRows::new(),
        }
    }

    /// The tables in foreign-key order, ready to write.
    pub(super) fn into_batch(self) -> Batch {
        let b = self;
        Batch {
            tables: vec![
                b.clients,
                b.household,
                b.care_team,
                b.trajectories,
                b.transitions,
                b.perspective,
                b.goals,
                b.actions,
                b.changes,
                b.journal,
                b.journal_goals,
                b.evaluations,
                b.evaluation_goals,
                b.methods,
                b.strength_domains,
                b.strengths,
                b.network,
            ]
            .into_iter()
            .chain(b.outcomes.into_tables())
            .collect(),
        }
    }
}
