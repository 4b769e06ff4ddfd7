//! The demo organisation: bulk writes for `regie demo`, fast enough for 100 000 clients.
//!
//! [`Store::generate_demo`] builds a fictional organisation (locations, teams, staff in the
//! built-in roles, clients with Dutch names and a realistic history) straight into the schema.
//! It is **system seeding, not a user action**: it writes no audit records (nobody looked at a
//! dossier) — but it does write the `changes` rows of every plan item, so the plan history and
//! "the plan as it was on a date" work on demo data exactly as on real data.
//!
//! How it stays fast: one generator thread builds the rows of a chunk of clients in memory with
//! ids it assigns itself (so children point at parents without round trips), while the async side
//! writes the previous chunk with multi-row `INSERT`s inside one transaction per chunk. The
//! content depends only on the number of clients (the random generator is seeded from it) and on
//! `today`, which every date is relative to.

use crate::{Engine, Result, Store, StoreError};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use regie_domain::phase::PhaseModel;
use regie_domain::plan::{Action, Goal, PerspectiveItem, PlanSnapshot};
use regie_domain::rng::Rng;
use sqlx::Row;
use std::collections::BinaryHeap;
use std::cmp::Reverse;

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "regie-demo";
/// The email domain of the demo accounts.
pub const DEMO_DOMAIN: &str = "demo.regie.nl";
/// Clients written per transaction.
const CHUNK: usize = 1000;

/// What [`Store::generate_demo`] made.
#[derive(Debug, Clone, Default)]
pub struct DemoSummary {
    /// Clients.
    pub clients: usize,
    /// Locations.
    pub locations: usize,
    /// Teams.
    pub teams: usize,
    /// Staff accounts.
    pub staff: usize,
    /// Trajectories (one per client).
    pub trajectories: usize,
    /// Goals.
    pub goals: usize,
    /// Actions.
    pub actions: usize,
    /// Kept changes (plan history).
    pub changes: usize,
    /// Journal entries.
    pub journal_entries: usize,
    /// Evaluations.
    pub evaluations: usize,
    /// The accounts worth showing (the first of each kind), in a sensible order.
    pub accounts: Vec<DemoAccount>,
}

/// What a database holds, as far as `regie demo` is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoState {
    /// No staff and no clients: the demo can be generated.
    Empty,
    /// The demo organisation, with this many clients.
    Demo {
        /// Number of clients.
        clients: i64,
    },
    /// Someone's real (or test) data: never generate into it.
    Other,
}

/// The accounts `regie demo` prints, in this order (email before the `@`).
const HEADLINE: &[&str] =
    &["begeleider", "teamleider", "beheer", "begeleider2", "wooncoach", "thuisbegeleider", "jobcoach", "kwaliteit"];

/// A demo staff account to print.
#[derive(Debug, Clone)]
pub struct DemoAccount {
    /// Sign-in email.
    pub email: String,
    /// Full name.
    pub name: String,
    /// Role name.
    pub role: String,
    /// Team name, if any.
    pub team: Option<String>,
    /// Number of clients in this person's care relation.
    pub clients: usize,
}

impl Store {
    /// Generates the demo organisation with `clients` clients into an empty database; dates are
    /// relative to `today`. Refused when the database already holds staff or clients.
    ///
    /// This is system seeding, not a user action: it writes no audit records.
    pub async fn generate_demo(&self, clients: usize, today: NaiveDate) -> Result<DemoSummary> {
        self.generate_demo_with_progress(clients, today, |_, _| {}).await
    }

    /// [`Store::generate_demo`], calling `progress(done, total)` after every chunk of clients.
    pub async fn generate_demo_with_progress(
        &self,
        clients: usize,
        today: NaiveDate,
        mut progress: impl FnMut(usize, usize) + Send,
    ) -> Result<DemoSummary> {
        let users: i64 = sqlx::query("SELECT COUNT(*) FROM users").fetch_one(self.r()).await?.try_get(0)?;
        let existing: i64 = sqlx::query("SELECT COUNT(*) FROM clients").fetch_one(self.r()).await?.try_get(0)?;
        if users > 0 || existing > 0 {
            return Err(StoreError::Config(
                "de database is niet leeg; de demo-organisatie kan alleen in een lege database worden aangemaakt".into(),
            ));
        }
        let all = self.phase_models().await?;
        // The built-in models in their fixed order, so the content does not depend on ids or names.
        let models: Vec<PhaseModel> = regie_domain::phase::builtin_models()
            .iter()
            .filter_map(|b| all.iter().find(|m| m.code == b.code && m.builtin).cloned())
            .collect();
        if models.len() != 5 || models.iter().any(|m| m.phases.is_empty()) {
            return Err(StoreError::Corrupt("de ingebouwde fasemodellen ontbreken".into()));
        }
        let ids = Ids::load(self).await?;
        // Argon2 is slow on purpose: hash once and give every demo account the same hash string
        // (hashing per account would take hours for the thousands of staff at 100 000 clients).
        let hash = tokio::task::spawn_blocking(|| crate::hash_password(DEMO_PASSWORD))
            .await
            .map_err(|e| StoreError::Config(format!("wachtwoord hashen: {e}")))?;

        let mut gen = Generator::new(clients, today, models, ids);
        let (org, mut summary) = gen.organisation(&hash);
        self.write_batch(&org).await?;
        progress(0, clients);

        let (tx, mut rx) = tokio::sync::mpsc::channel::<(usize, Batch)>(2);
        let worker = tokio::task::spawn_blocking(move || {
            let mut start = 0;
            while start < gen.n {
                let end = (start + CHUNK).min(gen.n);
                let batch = gen.clients(start, end);
                if tx.blocking_send((end, batch)).is_err() {
                    break;
                }
                start = end;
            }
            gen.stats
        });
        let mut failed = None;
        while let Some((done, batch)) = rx.recv().await {
            if let Err(e) = self.write_batch(&batch).await {
                failed = Some(e);
                break;
            }
            progress(done, clients);
        }
        drop(rx);
        let stats = worker.await.map_err(|e| StoreError::Config(format!("demo-generator: {e}")))?;
        if let Some(e) = failed {
            return Err(e);
        }
        if self.engine() == Engine::Postgres {
            // Explicit ids do not move identity sequences: move them past what we wrote.
            for t in ID_TABLES {
                self.tick(1);
                sqlx::query(&format!("SELECT setval(pg_get_serial_sequence('{t}', 'id'), (SELECT MAX(id) FROM {t}))"))
                    .execute(self.w())
                    .await?;
            }
            // Fresh statistics, so the first pages after a bulk load get good plans.
            self.tick(1);
            sqlx::query("ANALYZE").execute(self.w()).await?;
        }
        summary.clients = clients;
        summary.trajectories = stats.trajectories;
        summary.goals = stats.goals;
        summary.actions = stats.actions;
        summary.changes = stats.changes;
        summary.journal_entries = stats.journal;
        summary.evaluations = stats.evaluations;
        Ok(summary)
    }

    /// Whether the database is empty, holds the demo organisation, or holds other data.
    pub async fn demo_state(&self) -> Result<DemoState> {
        let users: i64 = sqlx::query("SELECT COUNT(*) FROM users").fetch_one(self.r()).await?.try_get(0)?;
        let clients: i64 = sqlx::query("SELECT COUNT(*) FROM clients").fetch_one(self.r()).await?.try_get(0)?;
        if users == 0 && clients == 0 {
            return Ok(DemoState::Empty);
        }
        let demo: i64 = sqlx::query("SELECT COUNT(*) FROM users WHERE email = $1")
            .bind(format!("begeleider@{DEMO_DOMAIN}"))
            .fetch_one(self.r())
            .await?
            .try_get(0)?;
        Ok(if demo > 0 { DemoState::Demo { clients } } else { DemoState::Other })
    }

    /// The demo accounts worth printing (the first of each kind), with the number of clients in
    /// each one's care relation. One query.
    pub async fn demo_accounts(&self) -> Result<Vec<DemoAccount>> {
        let emails: Vec<String> = HEADLINE.iter().map(|p| format!("{p}@{DEMO_DOMAIN}")).collect();
        let placeholders: Vec<String> = (1..=emails.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT u.email, u.name, r.name AS role_name, t.name AS team_name, \
             (SELECT COUNT(*) FROM care_team ct WHERE ct.user_id = u.id) AS clients \
             FROM users u JOIN roles r ON r.code = u.role_code LEFT JOIN teams t ON t.id = u.team_id \
             WHERE u.email IN ({})",
            placeholders.join(", ")
        );
        let mut q = sqlx::query(&sql);
        for e in &emails {
            q = q.bind(e.as_str());
        }
        let rows = q.fetch_all(self.r()).await?;
        let mut out = Vec::new();
        for r in &rows {
            let clients: i64 = r.try_get("clients")?;
            out.push(DemoAccount {
                email: r.try_get("email")?,
                name: r.try_get("name")?,
                role: r.try_get("role_name")?,
                team: r.try_get("team_name")?,
                clients: clients as usize,
            });
        }
        out.sort_by_key(|a| emails.iter().position(|e| *e == a.email).unwrap_or(usize::MAX));
        Ok(out)
    }

    /// How many trajectories stand in each phase of each model: (model code, phase position,
    /// trajectory status, count). Counts only, no client data; used to check the demo's spread.
    pub async fn phase_occupancy(&self) -> Result<Vec<(String, i64, String, i64)>> {
        let rows = sqlx::query(
            "SELECT m.code, p.position, t.status, COUNT(*) AS n FROM trajectories t \
             JOIN phases p ON p.id = t.phase_id JOIN phase_models m ON m.id = t.model_id \
             GROUP BY m.code, p.position, t.status ORDER BY m.code, p.position, t.status",
        )
        .fetch_all(self.r())
        .await?;
        rows.iter().map(|r| Ok((r.try_get("code")?, r.try_get("position")?, r.try_get("status")?, r.try_get("n")?))).collect()
    }

    /// Writes the tables of one batch in one transaction, in multi-row statements.
    async fn write_batch(&self, batch: &Batch) -> Result<()> {
        let max_params = match self.engine() {
            Engine::Sqlite => 32_766,
            Engine::Postgres => 65_535,
        };
        let mut tx = self.begin().await?;
        for rows in &batch.tables {
            let width = rows.cols.len();
            let per = (max_params / width).min(1000);
            let total = rows.len();
            let mut full_sql = String::new();
            let mut start = 0;
            while start < total {
                let n = per.min(total - start);
                let sql = if n == per {
                    if full_sql.is_empty() {
                        full_sql = insert_sql(self.engine(), rows.table, rows.cols, n);
                    }
                    full_sql.clone()
                } else {
                    insert_sql(self.engine(), rows.table, rows.cols, n)
                };
                let mut q = sqlx::query(&sql);
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
                self.tick(1);
                q.execute(&mut *tx).await?;
                start += n;
            }
        }
        tx.commit().await?;
        Ok(())
    }
}

/// Tables whose ids the generator assigns (PostgreSQL sequences are moved past them afterwards).
const ID_TABLES: &[&str] = &[
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
enum V {
    I(i64),
    NI(Option<i64>),
    S(String),
    T(&'static str),
    NS(Option<String>),
    B(bool),
}

/// Rows of one table, flattened.
struct Rows {
    table: &'static str,
    cols: &'static [&'static str],
    vals: Vec<V>,
}

impl Rows {
    fn new(table: &'static str, cols: &'static [&'static str]) -> Rows {
        Rows { table, cols, vals: Vec::new() }
    }

    fn row<const N: usize>(&mut self, vals: [V; N]) {
        debug_assert_eq!(N, self.cols.len(), "{}", self.table);
        self.vals.extend(vals);
    }

    fn len(&self) -> usize {
        self.vals.len() / self.cols.len()
    }
}

/// The tables of one chunk, in foreign-key order.
struct Batch {
    tables: Vec<Rows>,
}

/// The next free id per table.
#[derive(Debug, Clone, Default)]
struct Ids {
    location: i64,
    team: i64,
    user: i64,
    client: i64,
    household: i64,
    trajectory: i64,
    transition: i64,
    perspective: i64,
    goal: i64,
    action: i64,
    change: i64,
    journal: i64,
    evaluation: i64,
}

impl Ids {
    async fn load(store: &Store) -> Result<Ids> {
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
        })
    }
}

fn next(counter: &mut i64) -> i64 {
    *counter += 1;
    *counter
}

fn day(d: NaiveDate) -> V {
    V::S(crate::time::day(d))
}

fn stamp(at: DateTime<Utc>) -> V {
    V::S(crate::time::stamp(at))
}

/// A moment on a date, `secs` seconds after midnight UTC.
fn at(d: NaiveDate, secs: i64) -> DateTime<Utc> {
    d.and_hms_opt(0, 0, 0).expect("midnight").and_utc() + Duration::seconds(secs)
}

/// A working-hours moment on a date.
fn office(rng: &mut Rng, d: NaiveDate) -> DateTime<Utc> {
    at(d, rng.range(8 * 3600, 16 * 3600))
}

#[derive(Debug, Clone, Default)]
struct Stats {
    trajectories: usize,
    goals: usize,
    actions: usize,
    changes: usize,
    journal: usize,
    evaluations: usize,
}

#[derive(Debug, Clone)]
struct Person {
    id: i64,
    name: String,
}

/// A team with its staff and its block of clients.
#[derive(Debug, Clone)]
struct TeamPlan {
    id: i64,
    first_client: usize,
    end_client: usize,
    workers: Vec<Person>,
    coach: Person,
    coach_role: &'static str,
    jobcoach: Person,
}

/// One state a trajectory can be in: a model, a phase position, whether it is closed.
#[derive(Debug, Clone, Copy)]
struct State {
    model: usize,
    position: i64,
    closed: bool,
}

struct Generator {
    n: usize,
    today: NaiveDate,
    rng: Rng,
    models: Vec<PhaseModel>,
    states: Vec<State>,
    state_step: usize,
    ids: Ids,
    teams: Vec<TeamPlan>,
    stats: Stats,
}

impl Generator {
    fn new(n: usize, today: NaiveDate, models: Vec<PhaseModel>, ids: Ids) -> Generator {
        let mut states = Vec::new();
        for (m, model) in models.iter().enumerate() {
            for p in &model.phases {
                states.push(State { model: m, position: p.position, closed: false });
            }
            if !model.cyclic {
                states.push(State { model: m, position: model.phases.len() as i64, closed: true });
            }
        }
        // A step coprime with the number of states: any run of that many consecutive clients
        // covers every state, and neighbours differ.
        let len = states.len();
        let state_step = (7..).find(|s| gcd(*s, len) == 1).unwrap_or(1);
        Generator {
            n,
            today,
            rng: Rng::new(0x5EED_0000_0000_0000 ^ n as u64),
            models,
            states,
            state_step,
            ids,
            teams: Vec::new(),
            stats: Stats::default(),
        }
    }

    fn person_name(&mut self) -> String {
        let first = *self.rng.pick(FIRST_NAMES);
        let last = self.last_name();
        format!("{first} {last}")
    }

    fn last_name(&mut self) -> String {
        match *self.rng.pick(LAST_NAMES) {
            ("", last) => last.to_string(),
            (tussenvoegsel, last) => format!("{tussenvoegsel} {last}"),
        }
    }

    /// Locations, teams and staff; the summary's accounts.
    fn organisation(&mut self, hash: &str) -> (Batch, DemoSummary) {
        let mut locations = Rows::new("locations", &["id", "name", "kind"]);
        let mut teams = Rows::new("teams", &["id", "name", "location_id"]);
        let mut users = Rows::new("users", &["id", "email", "name", "password_hash", "role_code", "team_id", "active", "created_at"]);
        let mut location_ids = Vec::new();
        for (name, kind) in LOCATIONS {
            let id = next(&mut self.ids.location);
            location_ids.push(id);
            locations.row([V::I(id), V::T(name), V::T(kind)]);
        }
        let n_teams = ((self.n + 75) / 150).max(3);
        let mut counters: Vec<(&'static str, usize)> = Vec::new();
        let mut accounts: Vec<DemoAccount> = Vec::new();
        let created = crate::time::stamp(at(self.today - Duration::days(800), 9 * 3600));
        let mut staff = 0usize;
        let mut add_user = |gen: &mut Generator, role: &'static str, name: String, team: Option<(i64, &str)>, clients: usize| -> Person {
            let prefix = ROLE_PREFIX.iter().find(|(r, _)| *r == role).map(|(_, p)| *p).unwrap_or(role);
            let count = match counters.iter_mut().find(|(r, _)| *r == role) {
                Some((_, c)) => {
                    *c += 1;
                    *c
                }
                None => {
                    counters.push((role, 1));
                    1
                }
            };
            let email = if count == 1 { format!("{prefix}@{DEMO_DOMAIN}") } else { format!("{prefix}{count}@{DEMO_DOMAIN}") };
            let id = next(&mut gen.ids.user);
            users.row([
                V::I(id),
                V::S(email.clone()),
                V::S(name.clone()),
                V::S(hash.to_string()),
                V::T(role),
                V::NI(team.map(|t| t.0)),
                V::B(true),
                V::S(created.clone()),
            ]);
            staff += 1;
            if count <= 2 && (role == "trajectbegeleider" || count == 1) {
                let role_name = regie_domain::catalogue::BUILTIN_ROLES.iter().find(|r| r.code == role).map(|r| r.name).unwrap_or(role);
                accounts.push(DemoAccount { email, name: name.clone(), role: role_name.into(), team: team.map(|t| t.1.to_string()), clients });
            }
            Person { id, name }
        };

        let beheer_name = "Ingrid Smit".to_string();
        add_user(self, "beheer", beheer_name, None, 0);
        let kwaliteit = self.person_name();
        add_user(self, "kwaliteit", kwaliteit, None, 0);

        let mut plans = Vec::new();
        for t in 0..n_teams {
            let loc = t % LOCATIONS.len();
            let round = t / LOCATIONS.len();
            let base = TEAM_BASES[loc];
            let name = if round == 0 {
                format!("Team {base}")
            } else {
                let place = TEAM_PLACES[(round - 1) % TEAM_PLACES.len()];
                match (round - 1) / TEAM_PLACES.len() {
                    0 => format!("Team {base} {place}"),
                    k => format!("Team {base} {place} {}", k + 1),
                }
            };
            let id = next(&mut self.ids.team);
            teams.row([V::I(id), V::S(name.clone()), V::I(location_ids[loc])]);
            let first_client = t * self.n / n_teams;
            let end_client = (t + 1) * self.n / n_teams;
            let size = end_client - first_client;
            let n_workers = size.div_ceil(18).max(1);
            let lead_name = if t == 0 { "Marco de Wit".to_string() } else { self.person_name() };
            add_user(self, "teamleider", lead_name, Some((id, &name)), 0);
            let mut workers = Vec::new();
            for w in 0..n_workers {
                let held = (w + 1) * size / n_workers - w * size / n_workers;
                let worker_name = if t == 0 && w == 0 { "Sanne Visser".to_string() } else { self.person_name() };
                workers.push(add_user(self, "trajectbegeleider", worker_name, Some((id, &name)), held));
            }
            let coach_role = if loc == 2 { "thuisbegeleider" } else { "wooncoach" };
            let coach_name = self.person_name();
            let coach = add_user(self, coach_role, coach_name, Some((id, &name)), 0);
            let job_name = self.person_name();
            let jobcoach = add_user(self, "jobcoach", job_name, Some((id, &name)), 0);
            plans.push(TeamPlan { id, first_client, end_client, workers, coach, coach_role, jobcoach });
        }
        self.teams = plans;
        // Headline accounts first: the three the issue names, then the rest in role order.
        let rank = |a: &DemoAccount| match a.email.split('@').next().unwrap_or("") {
            "begeleider" => 0,
            "teamleider" => 1,
            "beheer" => 2,
            "begeleider2" => 3,
            _ => 4,
        };
        accounts.sort_by_key(rank);
        let summary = DemoSummary { locations: LOCATIONS.len(), teams: n_teams, staff, accounts, ..DemoSummary::default() };
        (Batch { tables: vec![locations, teams, users] }, summary)
    }

    fn pick_state(&mut self, i: usize) -> (State, i64) {
        let len = self.states.len();
        if i < 2 * len {
            let s = self.states[(i * self.state_step) % len];
            let rounds = if self.models[s.model].cyclic { (i / len) as i64 } else { 0 };
            return (s, rounds);
        }
        // Beyond the first clients: a realistic spread, most clients in the long working phases.
        let m = {
            let r = self.rng.range(0, 99);
            match r {
                0..=24 => 0,
                25..=44 => 1,
                45..=69 => 2,
                70..=84 => 3,
                _ => 4,
            }
        };
        let model = &self.models[m];
        if !model.cyclic && self.rng.chance(0.10) {
            return (State { model: m, position: model.phases.len() as i64, closed: true }, 0);
        }
        let total: i64 = model.phases.iter().map(|p| p.typical_days.unwrap_or(60)).sum();
        let mut r = self.rng.range(0, total - 1);
        let mut position = 1;
        for p in &model.phases {
            let d = p.typical_days.unwrap_or(60);
            if r < d {
                position = p.position;
                break;
            }
            r -= d;
        }
        let rounds = if model.cyclic { self.rng.range(0, 2) } else { 0 };
        (State { model: m, position, closed: false }, rounds)
    }

    /// The rows of clients `start..end`.
    fn clients(&mut self, start: usize, end: usize) -> Batch {
        let mut b = ClientRows::new();
        for i in start..end {
            self.client(i, &mut b);
        }
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
            ],
        }
    }

    fn client(&mut self, i: usize, b: &mut ClientRows) {
        let today = self.today;
        let t = self.teams.iter().position(|t| (t.first_client..t.end_client).contains(&i)).unwrap_or(0);
        let team = self.teams[t].clone();
        let size = team.end_client - team.first_client;
        let local = i - team.first_client;
        let owner = team.workers[(local * team.workers.len() / size.max(1)).min(team.workers.len() - 1)].clone();

        // Who the client is.
        let first = *self.rng.pick(FIRST_NAMES);
        let last = self.last_name();
        let age_days = self.rng.range(18 * 365, 72 * 365);
        let birth = today - Duration::days(age_days);
        let city = *self.rng.pick(CITIES);
        let address = format!("{} {}", self.rng.pick(STREETS), self.rng.range(1, 180));
        let phone = format!("06-{:08}", self.rng.range(10_000_000, 99_999_999));
        let email = self.rng.chance(0.4).then(|| format!("{}.{}@example.com", ascii(first), ascii(&last.replace(' ', ""))));
        let client_id = next(&mut self.ids.client);

        // Where the trajectory stands and how it got there.
        let (state, rounds) = self.pick_state(i);
        let model = self.models[state.model].clone();
        let cti = model.code == "cti";
        let horizon = if state.closed { today - Duration::days(self.rng.range(7, 240)) } else { today };
        let mut sequence: Vec<i64> = Vec::new();
        for _ in 0..rounds {
            sequence.extend(model.phases.iter().map(|p| p.position));
        }
        sequence.extend(1..=state.position);
        let typical = |pos: i64| model.phase_at(pos).and_then(|p| p.typical_days).unwrap_or(60);
        let mut entered = vec![horizon; sequence.len()];
        let last_pos = *sequence.last().unwrap_or(&1);
        let in_current = if state.closed {
            self.rng.range(typical(last_pos) / 3, typical(last_pos))
        } else if cti {
            self.rng.range(0, typical(last_pos) * 6 / 5)
        } else {
            self.rng.range(0, typical(last_pos) * 27 / 20)
        };
        let mut d = horizon - Duration::days(in_current);
        for k in (0..sequence.len()).rev() {
            entered[k] = d;
            if k > 0 {
                let ty = typical(sequence[k - 1]);
                let pct = if cti { self.rng.range(65, 95) } else { self.rng.range(60, 130) };
                d -= Duration::days((ty * pct / 100).max(3));
            }
        }
        let started = entered[0];
        let trajectory_id = next(&mut self.ids.trajectory);
        let registered = started - Duration::days(self.rng.range(0, 10));
        let created_at = office(&mut self.rng, registered);

        b.clients.row([
            V::I(client_id),
            V::T(first),
            V::S(last.clone()),
            day(birth),
            V::NS(Some(phone)),
            V::NS(email),
            V::NS(Some(address)),
            V::T(city),
            V::I(team.id),
            stamp(created_at),
            V::I(1),
        ]);
        let full_name = format!("{first} {last}");

        // Household.
        if self.rng.chance(0.35) {
            let birth_year = |rng: &mut Rng, lo: i64, hi: i64| i64::from(today.year()) - rng.range(lo, hi);
            if self.rng.chance(0.6) {
                let id = next(&mut self.ids.household);
                let partner = format!("{} {}", self.rng.pick(FIRST_NAMES), if self.rng.chance(0.5) { last.clone() } else { self.last_name() });
                let y = birth_year(&mut self.rng, 20, 70);
                b.household.row([V::I(id), V::I(client_id), V::S(partner), V::T("partner"), V::NI(Some(y))]);
            }
            for _ in 0..self.rng.range(0, 3) {
                let id = next(&mut self.ids.household);
                let kid = format!("{} {last}", self.rng.pick(FIRST_NAMES));
                let relation = if self.rng.chance(0.5) { "zoon" } else { "dochter" };
                let y = birth_year(&mut self.rng, 0, 17);
                b.household.row([V::I(id), V::I(client_id), V::S(kid), V::T(relation), V::NI(Some(y))]);
            }
        }

        // Care team: the trajectbegeleider, sometimes a coach of the team.
        b.care_team.row([V::I(client_id), V::I(owner.id), V::T("trajectbegeleider"), day(started)]);
        let mut colleagues: Vec<Person> = Vec::new();
        if self.rng.chance(0.3) {
            let since = (started + Duration::days(self.rng.range(7, 60))).min(horizon);
            b.care_team.row([V::I(client_id), V::I(team.coach.id), V::T(team.coach_role), day(since)]);
            colleagues.push(team.coach.clone());
        }
        if self.rng.chance(0.15) {
            let since = (started + Duration::days(self.rng.range(14, 90))).min(horizon);
            b.care_team.row([V::I(client_id), V::I(team.jobcoach.id), V::T("jobcoach"), day(since)]);
            colleagues.push(team.jobcoach.clone());
        }

        // Phase history.
        for (k, pos) in sequence.iter().enumerate() {
            let id = next(&mut self.ids.transition);
            let phase_id = model.phase_at(*pos).map(|p| p.id).unwrap_or(0);
            let when = office(&mut self.rng, entered[k]);
            b.transitions.row([V::I(id), V::I(trajectory_id), V::I(phase_id), day(entered[k]), stamp(when), V::I(owner.id)]);
        }

        // Focus domains (CTI: two or three).
        let mut domain_pool: Vec<&'static str> =
            if model.domain_set == "8fasen" { F8_DOMAINS.to_vec() } else { ZRM_DOMAINS.to_vec() };
        let mut focus: Vec<&'static str> = Vec::new();
        if cti {
            let k = self.rng.range(2, 3);
            for _ in 0..k {
                let d = self.weighted_domain(&domain_pool);
                domain_pool.retain(|x| *x != d);
                focus.push(d);
            }
            domain_pool = focus.clone();
        }

        // The plan: perspective, goals, actions, evaluations, with every change kept.
        let plan_pos = match model.code.as_str() {
            "8fasen" => 5,
            "thuisbegeleiding" => 2,
            _ => 1,
        };
        let persp_pos = if model.code == "8fasen" { 4 } else { plan_pos };
        let first_entry = |pos: i64| sequence.iter().position(|p| *p >= pos).map(|k| entered[k]);
        let persp_on = first_entry(persp_pos).map(|d| (d + Duration::days(self.rng.range(3, 12))).min(horizon));
        let plan_on = first_entry(plan_pos).map(|d| (d + Duration::days(self.rng.range(5, 16))).min(horizon));
        let interval = model.evaluation_interval_days;
        let ctx = PlanCtx {
            client_id,
            trajectory_id,
            owner: owner.clone(),
            colleagues: colleagues.clone(),
            client_name: full_name.clone(),
            client_first: first,
            horizon,
            closed: state.closed,
            interval,
        };
        let mut sim = Sim { by: owner.id, ..Sim::default() };
        if let Some(p_on) = persp_on {
            let when = at(p_on, 10 * 3600 + self.rng.range(0, 3600));
            let areas = self.rng.range(2, 4) as usize;
            for area in regie_domain::catalogue::PerspectiveArea::CODES.iter().take(areas) {
                let texts = PERSPECTIVE.iter().find(|(a, _)| a == area).map(|(_, t)| *t).unwrap_or(&[]);
                let item = PerspectiveItem { id: next(&mut self.ids.perspective), area: area.to_string(), text: self.rng.pick(texts).to_string(), version: 1 };
                sim.perspective.push(item);
                sim.log(Kept::Perspective(sim.perspective.len() - 1), "create", when);
            }
        }
        let next_evaluation = if let Some(g_on) = plan_on {
            self.plan(&ctx, &mut sim, &domain_pool, g_on, b)
        } else if state.closed {
            None
        } else {
            Some(started + Duration::days(interval))
        };
        for ch in &sim.changes {
            let id = next(&mut self.ids.change);
            b.changes.row([
                V::I(id),
                V::I(client_id),
                V::NI(Some(trajectory_id)),
                V::T(ch.entity),
                V::I(ch.entity_id),
                V::I(ch.version),
                V::T(ch.op),
                stamp(ch.at),
                V::I(ch.by),
                V::S(ch.data.clone()),
            ]);
        }
        for p in &sim.perspective {
            b.perspective.row([V::I(p.id), V::I(trajectory_id), V::S(p.area.clone()), V::S(p.text.clone()), V::I(p.version)]);
        }
        for g in &sim.goals {
            let g = &g.goal;
            b.goals.row([
                V::I(g.id),
                V::I(trajectory_id),
                V::S(g.domain.clone()),
                V::S(g.text.clone()),
                V::I(g.priority),
                V::NS(g.target_date.map(crate::time::day)),
                V::S(g.status.clone()),
                V::I(g.version),
            ]);
        }
        for a in &sim.actions {
            b.actions.row([
                V::I(a.id),
                V::I(a.goal_id),
                V::I(trajectory_id),
                V::S(a.text.clone()),
                V::S(a.owner_kind.clone()),
                V::NI(a.owner_user_id),
                V::S(a.owner_name.clone()),
                V::NS(a.due_date.map(crate::time::day)),
                V::S(a.status.clone()),
                V::I(a.version),
            ]);
        }
        self.stats.goals += sim.goals.len();
        self.stats.actions += sim.actions.len();
        self.stats.changes += sim.changes.len();

        // Journal: contacts every one to two weeks, the latest 30 at most; some clients without
        // recent contact.
        let gap0 = if self.rng.chance(0.15) { self.rng.range(15, 45) } else { self.rng.range(0, 10) };
        let mut d = horizon - Duration::days(gap0);
        let mut dates = Vec::new();
        while d >= started && dates.len() < 30 {
            dates.push(d);
            d -= Duration::days(self.rng.range(5, 16));
        }
        dates.reverse();
        for d in dates {
            self.journal_entry(&ctx, &sim, d, b);
        }

        // The trajectory row, as it stands now.
        let last_phase_id = model.phase_at(last_pos).map(|p| p.id).unwrap_or(0);
        let phase_entered = *entered.last().unwrap_or(&started);
        let version = sequence.len() as i64 + i64::from(!focus.is_empty()) + i64::from(state.closed);
        b.trajectories.row([
            V::I(trajectory_id),
            V::I(client_id),
            V::I(model.id),
            V::T(if state.closed { "afgesloten" } else { "actief" }),
            day(started),
            V::NS(state.closed.then(|| crate::time::day(horizon))),
            V::I(owner.id),
            V::I(last_phase_id),
            day(phase_entered),
            V::NS(if state.closed { None } else { next_evaluation.map(crate::time::day) }),
            V::S(focus.join(",")),
            stamp(created_at),
            V::I(version),
        ]);
        self.stats.trajectories += 1;
    }

    fn weighted_domain(&mut self, pool: &[&'static str]) -> &'static str {
        let weight = |d: &str| DOMAIN_WEIGHTS.iter().find(|(c, _)| *c == d).map(|(_, w)| *w).unwrap_or(1);
        let total: i64 = pool.iter().map(|d| weight(d)).sum();
        let mut r = self.rng.range(0, total.max(1) - 1);
        for d in pool {
            if r < weight(d) {
                return d;
            }
            r -= weight(d);
        }
        pool[0]
    }

    /// Makes the plan on `plan_on` and plays its life up to the horizon: actions move, evaluations
    /// are held (with a snapshot and a verdict per goal) and their decisions change goals.
    /// Returns the next planned evaluation.
    fn plan(&mut self, ctx: &PlanCtx, sim: &mut Sim, pool: &[&'static str], plan_on: NaiveDate, b: &mut ClientRows) -> Option<NaiveDate> {
        let n_goals = if pool.len() <= 3 { self.rng.range(2, 3) } else { self.rng.range(2, 5) } as usize;
        let mut pool: Vec<&'static str> = pool.to_vec();
        let created = at(plan_on, 11 * 3600 + self.rng.range(0, 1800));
        let mut events: BinaryHeap<Reverse<(DateTime<Utc>, u64, Ev)>> = BinaryHeap::new();
        let mut seq = 0u64;
        for priority in 1..=n_goals as i64 {
            let domain = if pool.len() > 1 || priority == 1 {
                let d = self.weighted_domain(&pool);
                if pool.len() > 1 {
                    pool.retain(|x| *x != d);
                }
                d
            } else {
                pool[0]
            };
            let theme = theme_of(domain);
            let target = self.rng.chance(0.6).then(|| plan_on + Duration::days(self.rng.range(90, 365)));
            let goal = Goal {
                id: next(&mut self.ids.goal),
                domain: domain.to_string(),
                text: self.rng.pick(theme.goals).to_string(),
                priority,
                target_date: target,
                status: "actief".into(),
                version: 1,
                actions: Vec::new(),
            };
            let when = created + Duration::seconds(priority * 40);
            sim.goals.push(GoalState { goal, since: plan_on, closed: None });
            sim.log(Kept::Goal(sim.goals.len() - 1), "create", when);
            let n_actions = self.rng.range(1, 4);
            let goal_index = sim.goals.len() - 1;
            for k in 0..n_actions {
                let when = when + Duration::seconds(5 + k * 20);
                self.new_action(ctx, sim, goal_index, theme, when, &mut events, &mut seq);
            }
        }
        // The first evaluation.
        let mut next_eval = None;
        let first = plan_on + Duration::days(ctx.interval + self.rng.range(-7, 7));
        self.schedule_evaluation(ctx, first, &mut events, &mut seq, &mut next_eval);
        if ctx.closed {
            let final_at = at(ctx.horizon, 14 * 3600 + self.rng.range(0, 7200));
            events.push(Reverse((final_at, seq, Ev::Evaluation { last: true })));
            seq += 1;
        }

        while let Some(Reverse((when, _, ev))) = events.pop() {
            match ev {
                Ev::Action { index, status } => {
                    let goal = sim.actions[index].goal_id;
                    let closed = sim.goals.iter().find(|g| g.goal.id == goal).and_then(|g| g.closed);
                    if closed.is_some_and(|c| c <= when.date_naive()) || sim.actions[index].status == "gedaan" || sim.actions[index].status == "vervallen" {
                        continue;
                    }
                    sim.actions[index].status = status.into();
                    sim.actions[index].version += 1;
                    sim.log(Kept::Action(index), "update", when);
                }
                Ev::Evaluation { last } => {
                    if !last && ctx.closed && when.date_naive() > ctx.horizon - Duration::days(14) {
                        continue;
                    }
                    let held = when.date_naive();
                    self.evaluation(ctx, sim, when, last, &mut events, &mut seq, b);
                    if !last {
                        let due = held + Duration::days(ctx.interval + self.rng.range(-5, 5));
                        self.schedule_evaluation(ctx, due, &mut events, &mut seq, &mut next_eval);
                    }
                }
            }
        }
        next_eval
    }

    /// Plans an evaluation on `due`: held when it lies before the horizon (except, now and then,
    /// the most recent one, which is then overdue); otherwise it becomes the next planned date.
    fn schedule_evaluation(
        &mut self,
        ctx: &PlanCtx,
        due: NaiveDate,
        events: &mut BinaryHeap<Reverse<(DateTime<Utc>, u64, Ev)>>,
        seq: &mut u64,
        next_eval: &mut Option<NaiveDate>,
    ) {
        if ctx.closed {
            if due < ctx.horizon - Duration::days(14) {
                events.push(Reverse((at(due, 14 * 3600 + self.rng.range(0, 7200)), *seq, Ev::Evaluation { last: false })));
                *seq += 1;
            }
            return;
        }
        if due > ctx.horizon || (due + Duration::days(ctx.interval) > ctx.horizon && self.rng.chance(0.2)) {
            *next_eval = Some(due);
            return;
        }
        events.push(Reverse((at(due, 14 * 3600 + self.rng.range(0, 7200)), *seq, Ev::Evaluation { last: false })));
        *seq += 1;
    }

    #[allow(clippy::too_many_arguments)]
    fn new_action(
        &mut self,
        ctx: &PlanCtx,
        sim: &mut Sim,
        goal: usize,
        theme: &Theme,
        when: DateTime<Utc>,
        events: &mut BinaryHeap<Reverse<(DateTime<Utc>, u64, Ev)>>,
        seq: &mut u64,
    ) {
        let (text, kind, outside) = *self.rng.pick(theme.actions);
        let (owner_kind, owner_user_id, owner_name) = match kind {
            'c' => ("client", None, ctx.client_name.clone()),
            'w' => {
                let p = if !ctx.colleagues.is_empty() && self.rng.chance(0.35) { self.rng.pick(&ctx.colleagues).clone() } else { ctx.owner.clone() };
                ("medewerker", Some(p.id), p.name)
            }
            'n' => ("netwerk", None, self.rng.pick(NETWORK).to_string()),
            _ => ("extern", None, outside.to_string()),
        };
        let created = when.date_naive();
        let due = self.rng.chance(0.9).then(|| created + Duration::days(self.rng.range(10, 100)));
        let action = Action {
            id: next(&mut self.ids.action),
            goal_id: sim.goals[goal].goal.id,
            text: text.to_string(),
            owner_kind: owner_kind.into(),
            owner_user_id,
            owner_name,
            due_date: due,
            status: "open".into(),
            version: 1,
        };
        sim.actions.push(action);
        let index = sim.actions.len() - 1;
        sim.log(Kept::Action(index), "create", when);
        // Its future: started, done, dropped, or still waiting (and perhaps overdue).
        let horizon = ctx.horizon;
        let span = (horizon - created).num_days().max(1);
        let deadline = due.unwrap_or(created + Duration::days(60));
        let mut push = |rng: &mut Rng, d: NaiveDate, status: &'static str| {
            let d = d.min(horizon).max(created);
            let mut moment = office(rng, d);
            if moment <= when {
                moment = when + Duration::seconds(60);
            }
            events.push(Reverse((moment, *seq, Ev::Action { index, status })));
            *seq += 1;
        };
        if deadline + Duration::days(14) < horizon {
            let r = self.rng.range(0, 99);
            if self.rng.chance(0.5) {
                let d = created + Duration::days(self.rng.range(1, ((deadline - created).num_days()).max(2)));
                push(&mut self.rng, d, "bezig");
            }
            if r < 65 {
                let d = created + Duration::days(self.rng.range(2, ((deadline - created).num_days() + 14).max(3)));
                push(&mut self.rng, d, "gedaan");
            } else if r < 75 {
                let d = deadline + Duration::days(self.rng.range(0, 14));
                push(&mut self.rng, d, "vervallen");
            }
        } else {
            let r = self.rng.range(0, 99);
            if r >= 35 {
                let d = created + Duration::days(self.rng.range(0, span));
                push(&mut self.rng, d, "bezig");
            }
            if r >= 80 {
                let d = created + Duration::days(self.rng.range(0, span));
                push(&mut self.rng, d, "gedaan");
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn evaluation(
        &mut self,
        ctx: &PlanCtx,
        sim: &mut Sim,
        when: DateTime<Utc>,
        last: bool,
        events: &mut BinaryHeap<Reverse<(DateTime<Utc>, u64, Ev)>>,
        seq: &mut u64,
        b: &mut ClientRows,
    ) {
        let held = when.date_naive();
        let id = next(&mut self.ids.evaluation);
        let snapshot = sim.snapshot();
        let snapshot_json = serde_json::to_string(&snapshot).unwrap_or_else(|_| "{}".into());
        let mut participants = vec![ctx.client_name.clone(), ctx.owner.name.clone()];
        if self.rng.chance(0.4) {
            participants.push(self.rng.pick(NETWORK).to_string());
        }
        for c in &ctx.colleagues {
            if self.rng.chance(0.5) {
                participants.push(c.name.clone());
            }
        }
        let mut closed = 0;
        let active: Vec<usize> = (0..sim.goals.len()).filter(|g| sim.goals[*g].goal.status == "actief").collect();
        let decided = when + Duration::seconds(60);
        for (k, g) in active.iter().enumerate() {
            let months = (held - sim.goals[*g].since).num_days() / 30;
            let verdict = match self.rng.range(0, 99) + (months * 4).min(30) {
                0..=44 => "niet_behaald",
                45..=89 => "deels",
                _ => "behaald",
            };
            let decision = if last {
                "afsluiten"
            } else {
                match (verdict, self.rng.range(0, 99)) {
                    ("behaald", 0..=79) => "afsluiten",
                    ("behaald", _) => "doorgaan",
                    ("deels", 0..=59) => "doorgaan",
                    ("deels", _) => "bijstellen",
                    (_, 0..=49) => "bijstellen",
                    (_, 50..=89) => "doorgaan",
                    _ => "afsluiten",
                }
            };
            let note = self.rng.pick(match verdict {
                "behaald" => VERDICT_ACHIEVED,
                "deels" => VERDICT_PARTLY,
                _ => VERDICT_NOT,
            });
            let note = note.replace("{n}", ctx.client_first);
            b.evaluation_goals.row([
                V::I(id),
                V::I(sim.goals[*g].goal.id),
                V::S(sim.goals[*g].goal.text.clone()),
                V::T(verdict),
                V::T(decision),
                V::S(note),
            ]);
            let step = decided + Duration::seconds(k as i64 * 30);
            match decision {
                "afsluiten" => {
                    closed += 1;
                    let state = &mut sim.goals[*g];
                    state.goal.status = if verdict == "behaald" { "behaald" } else { "afgesloten" }.into();
                    state.goal.version += 1;
                    state.closed = Some(held);
                    sim.log(Kept::Goal(*g), "update", step);
                    let goal_id = sim.goals[*g].goal.id;
                    for a in 0..sim.actions.len() {
                        if sim.actions[a].goal_id == goal_id && matches!(sim.actions[a].status.as_str(), "open" | "bezig") {
                            sim.actions[a].status = if verdict == "behaald" { "gedaan" } else { "vervallen" }.into();
                            sim.actions[a].version += 1;
                            sim.log(Kept::Action(a), "update", step + Duration::seconds(5));
                        }
                    }
                }
                "bijstellen" => {
                    let state = &mut sim.goals[*g];
                    state.goal.target_date = Some(held + Duration::days(self.rng.range(60, 180)));
                    state.goal.version += 1;
                    sim.log(Kept::Goal(*g), "update", step);
                    let theme = theme_of(&sim.goals[*g].goal.domain);
                    self.new_action(ctx, sim, *g, theme, step + Duration::seconds(10), events, seq);
                }
                _ => {}
            }
        }
        if !last && !sim.perspective.is_empty() && self.rng.chance(0.15) {
            let p = self.rng.range(0, sim.perspective.len() as i64 - 1) as usize;
            let texts = PERSPECTIVE.iter().find(|(a, _)| *a == sim.perspective[p].area).map(|(_, t)| *t).unwrap_or(&[]);
            let text = self.rng.pick(texts).to_string();
            if text != sim.perspective[p].text {
                sim.perspective[p].text = text;
                sim.perspective[p].version += 1;
                sim.log(Kept::Perspective(p), "update", decided + Duration::seconds(300));
            }
        }
        let notes = if last {
            format!("Eindevaluatie. {}", self.rng.pick(CLOSING_NOTES))
        } else if closed > 0 {
            format!("{} {closed} doel(en) afgesloten.", self.rng.pick(EVALUATION_NOTES))
        } else {
            self.rng.pick(EVALUATION_NOTES).to_string()
        };
        b.evaluations.row([
            V::I(id),
            V::I(ctx.trajectory_id),
            day(held),
            V::S(participants.join(", ")),
            V::S(notes.replace("{n}", ctx.client_first)),
            V::S(snapshot_json),
            V::I(ctx.owner.id),
            stamp(when),
        ]);
        self.stats.evaluations += 1;
    }

    fn journal_entry(&mut self, ctx: &PlanCtx, sim: &Sim, d: NaiveDate, b: &mut ClientRows) {
        let id = next(&mut self.ids.journal);
        let contact = match self.rng.range(0, 99) {
            0..=34 => "huisbezoek",
            35..=64 => "gesprek",
            65..=84 => "telefonisch",
            85..=93 => "beeldbellen",
            _ => "mdo",
        };
        let texts: &[&str] = match contact {
            "huisbezoek" => JOURNAL_VISIT,
            "gesprek" => JOURNAL_MEETING,
            "telefonisch" => JOURNAL_PHONE,
            "beeldbellen" => JOURNAL_VIDEO,
            _ => JOURNAL_MDO,
        };
        let mut text = self.rng.pick(texts).replace("{n}", ctx.client_first);
        if self.rng.chance(0.6) {
            text.push(' ');
            text.push_str(&self.rng.pick(JOURNAL_TAILS).replace("{n}", ctx.client_first));
        }
        let minutes = match contact {
            "telefonisch" | "beeldbellen" => self.rng.range(6, 9) * 5,
            "mdo" => self.rng.range(4, 8) * 15,
            _ => self.rng.range(3, 8) * 15,
        };
        let author = if !ctx.colleagues.is_empty() && self.rng.chance(0.15) { self.rng.pick(&ctx.colleagues).id } else { ctx.owner.id };
        let visible = !self.rng.chance(0.08);
        let created = office(&mut self.rng, d) + Duration::minutes(minutes);
        b.journal.row([
            V::I(id),
            V::I(ctx.client_id),
            V::NI(Some(ctx.trajectory_id)),
            V::T(contact),
            day(d),
            V::I(minutes),
            V::S(text),
            V::B(visible),
            V::I(author),
            stamp(created),
        ]);
        let live: Vec<i64> = sim.goals.iter().filter(|g| g.since <= d && g.closed.is_none_or(|c| c >= d)).map(|g| g.goal.id).collect();
        if !live.is_empty() {
            let k = self.rng.range(0, 2.min(live.len() as i64));
            let offset = self.rng.range(0, live.len() as i64 - 1) as usize;
            for j in 0..k as usize {
                b.journal_goals.row([V::I(id), V::I(live[(offset + j) % live.len()])]);
            }
        }
        self.stats.journal += 1;
    }
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

fn ascii(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            'é' | 'è' | 'ë' => Some('e'),
            'ï' => Some('i'),
            'ü' => Some('u'),
            'ö' => Some('o'),
            c if c.is_ascii_alphabetic() => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

/// What the plan simulation of one client needs to know.
struct PlanCtx {
    client_id: i64,
    trajectory_id: i64,
    owner: Person,
    colleagues: Vec<Person>,
    client_name: String,
    client_first: &'static str,
    horizon: NaiveDate,
    closed: bool,
    interval: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Ev {
    Action { index: usize, status: &'static str },
    Evaluation { last: bool },
}

#[derive(Debug, Clone)]
struct GoalState {
    goal: Goal,
    since: NaiveDate,
    closed: Option<NaiveDate>,
}

/// Which plan item a kept change is about.
enum Kept {
    Perspective(usize),
    Goal(usize),
    Action(usize),
}

struct Change {
    entity: &'static str,
    entity_id: i64,
    version: i64,
    op: &'static str,
    at: DateTime<Utc>,
    by: i64,
    data: String,
}

/// The plan of one trajectory as it develops, with every change kept.
#[derive(Default)]
struct Sim {
    perspective: Vec<PerspectiveItem>,
    goals: Vec<GoalState>,
    actions: Vec<Action>,
    changes: Vec<Change>,
    by: i64,
}

impl Sim {
    /// Keeps the item as it is now, in the JSON shape the plan history replays.
    fn log(&mut self, item: Kept, op: &'static str, when: DateTime<Utc>) {
        let (entity, entity_id, version, data) = match item {
            Kept::Perspective(i) => {
                let p = &self.perspective[i];
                ("perspective", p.id, p.version, serde_json::to_string(p))
            }
            Kept::Goal(i) => {
                let g = &self.goals[i].goal;
                let mut v = serde_json::to_value(g).unwrap_or_default();
                if let Some(o) = v.as_object_mut() {
                    o.remove("actions");
                }
                ("goal", g.id, g.version, serde_json::to_string(&v))
            }
            Kept::Action(i) => {
                let a = &self.actions[i];
                ("action", a.id, a.version, serde_json::to_string(a))
            }
        };
        self.changes.push(Change { entity, entity_id, version, op, at: when, by: self.by, data: data.unwrap_or_default() });
    }

    fn snapshot(&self) -> PlanSnapshot {
        regie_domain::plan::assemble(
            self.perspective.clone(),
            self.goals.iter().map(|g| g.goal.clone()).collect(),
            self.actions.clone(),
        )
    }
}

struct ClientRows {
    clients: Rows,
    household: Rows,
    care_team: Rows,
    trajectories: Rows,
    transitions: Rows,
    perspective: Rows,
    goals: Rows,
    actions: Rows,
    changes: Rows,
    journal: Rows,
    journal_goals: Rows,
    evaluations: Rows,
    evaluation_goals: Rows,
}

impl ClientRows {
    fn new() -> ClientRows {
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
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Content. Every name is fictional: common Dutch first and last names, combined at random.
// ---------------------------------------------------------------------------------------------

const LOCATIONS: &[(&str, &str)] = &[("Instroomhuis", "opvang"), ("Trainingshuis", "wonen"), ("Ambulant/Thuisbegeleiding", "ambulant")];
const TEAM_BASES: &[&str] = &["Instroom", "Training", "Ambulant"];
const TEAM_PLACES: &[&str] = &[
    "Noord", "Oost", "Zuid", "West", "Centrum", "Amersfoort", "Apeldoorn", "Arnhem", "Breda", "Deventer", "Dordrecht", "Eindhoven",
    "Enschede", "Groningen", "Haarlem", "Leeuwarden", "Leiden", "Maastricht", "Nijmegen", "Tilburg", "Utrecht", "Zwolle", "Almere",
    "Alkmaar", "Assen", "Delft", "Emmen", "Gouda", "Helmond", "Hengelo", "Hilversum", "Lelystad", "Middelburg", "Oss", "Roermond",
    "Venlo", "Zaandam", "Zeist", "Zoetermeer", "Den Bosch",
];
const ROLE_PREFIX: &[(&str, &str)] = &[
    ("trajectbegeleider", "begeleider"),
    ("teamleider", "teamleider"),
    ("beheer", "beheer"),
    ("kwaliteit", "kwaliteit"),
    ("wooncoach", "wooncoach"),
    ("thuisbegeleider", "thuisbegeleider"),
    ("jobcoach", "jobcoach"),
];

const FIRST_NAMES: &[&str] = &[
    "Anna", "Emma", "Sophie", "Julia", "Lotte", "Sanne", "Femke", "Iris", "Noor", "Fleur", "Lisa", "Eva", "Anouk", "Marieke", "Ingrid",
    "Els", "Petra", "Monique", "Wilma", "Ria", "Annemarie", "Yvonne", "Kim", "Naima", "Fatima", "Samira", "Yasmina", "Zeynep", "Elif",
    "Ayşe", "Priscilla", "Shanti", "Chantal", "Esther", "Miriam", "Joyce", "Demi", "Romy", "Bram", "Daan", "Sem", "Lucas", "Thijs",
    "Jesse", "Ruben", "Stijn", "Tim", "Jeroen", "Martijn", "Bas", "Kees", "Henk", "Jan", "Piet", "Gerrit", "Wim", "Johan", "Marco",
    "Erik", "Dennis", "Kevin", "Mohamed", "Youssef", "Ahmed", "Hamza", "Bilal", "Mehmet", "Emre", "Murat", "Kerem", "Rachid", "Dylan",
    "Jayden", "Milan", "Luuk", "Sven", "Niels", "Roel", "Frank", "Ronald", "Hans", "Ton", "Rob", "Gijs", "Mark", "Patrick", "Raymond",
    "Ricardo", "Stefan", "Tom", "Wouter", "Koen", "Hanneke", "Marloes", "Nadia", "Souad", "Latifa", "Dewi", "Sharon", "Tamara",
];
/// Last names with their tussenvoegsel ("" when none), as they occur together.
const LAST_NAMES: &[(&str, &str)] = &[
    ("", "Jansen"), ("de", "Vries"), ("", "Bakker"), ("", "Visser"), ("", "Smit"), ("", "Meijer"), ("", "Mulder"), ("", "Bos"),
    ("", "Vos"), ("", "Peters"), ("", "Hendriks"), ("", "Dekker"), ("", "Brouwer"), ("van", "Dijk"), ("van den", "Berg"),
    ("de", "Wit"), ("", "Dijkstra"), ("", "Kok"), ("", "Jacobs"), ("", "Vermeulen"), ("de", "Boer"), ("van der", "Veen"),
    ("", "Willems"), ("", "Hoekstra"), ("", "Koster"), ("", "Prins"), ("", "Huisman"), ("de", "Graaf"), ("", "Kuipers"),
    ("", "Postma"), ("", "Schouten"), ("", "Maas"), ("", "Verhoeven"), ("", "Kramer"), ("van", "Leeuwen"), ("van", "Wijk"),
    ("van", "Vliet"), ("de", "Haan"), ("de", "Groot"), ("de", "Jong"), ("", "Sanders"), ("", "Evers"), ("", "Bosman"),
    ("", "Timmermans"), ("", "Gerritsen"), ("", "Claassen"), ("van den", "Hoek"), ("", "Verbeek"), ("", "Martens"), ("", "Roos"),
    ("el", "Amrani"), ("", "Yilmaz"), ("", "Kaya"), ("", "Demir"), ("", "Şahin"), ("", "Bouali"), ("", "Haddou"), ("el", "Ouali"),
    ("", "Benali"), ("", "Ramdin"), ("", "Biharie"), ("", "Kromodimedjo"), ("", "Pinas"), ("", "Sedney"), ("", "Wolters"),
    ("", "Post"), ("", "Scholten"), ("", "Vink"), ("de", "Bruin"), ("van der", "Meer"), ("van der", "Laan"), ("van der", "Linden"),
    ("van", "Zanten"), ("van", "Beek"), ("van den", "Heuvel"), ("van der", "Ploeg"), ("van der", "Wal"), ("ter", "Horst"),
    ("in 't", "Veld"), ("te", "Riele"), ("van 't", "Hof"), ("de", "Lange"), ("", "Dijkman"), ("", "Hermans"), ("", "Koning"),
];
const CITIES: &[&str] = &[
    "Utrecht", "Amersfoort", "Zeist", "Nieuwegein", "Houten", "Woerden", "Veenendaal", "Hilversum", "Apeldoorn", "Deventer", "Arnhem",
    "Nijmegen", "Ede", "Zwolle", "Almere", "Lelystad", "Leiden", "Gouda", "Dordrecht", "Tilburg", "Breda", "Den Bosch", "Eindhoven",
    "Helmond",
];
const STREETS: &[&str] = &[
    "Kerkstraat", "Dorpsstraat", "Molenweg", "Stationsweg", "Schoolstraat", "Julianastraat", "Beatrixlaan", "Wilhelminaplein",
    "Lindenlaan", "Eikenlaan", "Beukenlaan", "Populierenstraat", "Tulpstraat", "Rozenstraat", "Merelstraat", "Vinkenlaan",
    "Parkweg", "Havenstraat", "Nieuwstraat", "Marktplein", "Sportlaan", "Kastanjelaan", "Zonnebloemstraat", "Irisstraat",
];
const NETWORK: &[&str] = &[
    "Moeder", "Vader", "Zus Samira", "Zus Linda", "Broer Kevin", "Broer Youssef", "Buurvrouw Ans", "Buurman Henk", "Vriend Dennis",
    "Vriendin Chantal", "Tante Ria", "Oom Hassan", "Oma", "Maatje van de kerk", "Ex-partner", "Dochter", "Zoon",
];

const ZRM_DOMAINS: &[&str] = &[
    "zrm_financien", "zrm_werk", "zrm_tijd", "zrm_huisvesting", "zrm_relaties", "zrm_geestelijk", "zrm_lichamelijk", "zrm_middelen",
    "zrm_badl", "zrm_iadl", "zrm_netwerk", "zrm_participatie", "zrm_justitie",
];
const F8_DOMAINS: &[&str] = &["f8_zingeving", "f8_wonen", "f8_financien", "f8_relaties", "f8_lichamelijk", "f8_psychisch", "f8_werk"];
const DOMAIN_WEIGHTS: &[(&str, i64)] = &[
    ("zrm_huisvesting", 4),
    ("zrm_financien", 4),
    ("zrm_werk", 3),
    ("zrm_tijd", 3),
    ("zrm_netwerk", 3),
    ("zrm_geestelijk", 3),
    ("f8_wonen", 4),
    ("f8_financien", 4),
    ("f8_werk", 3),
    ("f8_relaties", 3),
    ("f8_psychisch", 3),
];

/// Goals (in the client's words) and actions (text, owner kind, outside party) per theme.
/// Owner kinds: c = the client, w = a worker, n = someone from the network, e = an outside party.
struct Theme {
    goals: &'static [&'static str],
    actions: &'static [(&'static str, char, &'static str)],
}

fn theme_of(domain: &str) -> &'static Theme {
    let key = match domain {
        "zrm_huisvesting" | "f8_wonen" => 0,
        "zrm_financien" | "f8_financien" => 1,
        "zrm_werk" | "f8_werk" => 2,
        "zrm_tijd" | "zrm_participatie" => 3,
        "zrm_netwerk" | "f8_relaties" | "zrm_relaties" => 4,
        "zrm_geestelijk" | "f8_psychisch" | "f8_zingeving" => 5,
        "zrm_lichamelijk" | "f8_lichamelijk" | "zrm_badl" => 6,
        "zrm_middelen" => 7,
        "zrm_iadl" => 8,
        _ => 9,
    };
    &THEMES[key]
}

const THEMES: &[Theme] = &[
    Theme {
        goals: &[
            "Ik wil weer een eigen huis.",
            "Ik wil een kamer waar ik rust heb.",
            "Ik wil mijn huis zelf schoon en netjes houden.",
            "Ik wil niet meer bang zijn dat ik uit mijn huis moet.",
            "Ik wil over een jaar zelfstandig wonen.",
        ],
        actions: &[
            ("Inschrijven als woningzoekende", 'c', ""),
            ("Elke week de woningsites bekijken en reageren", 'c', ""),
            ("Urgentieaanvraag samen invullen", 'w', ""),
            ("Gesprek met de woningcorporatie over de huurachterstand", 'e', "Woningcorporatie"),
            ("Helpen met verhuizen en de eerste spullen", 'n', ""),
            ("Een schoonmaakrooster maken en ophangen", 'c', ""),
            ("Aanvraag bij de gemeente voor inrichtingskosten", 'e', "Gemeente"),
        ],
    },
    Theme {
        goals: &[
            "Ik wil van mijn schulden af.",
            "Ik wil elke week weten hoeveel geld ik heb.",
            "Ik wil mijn rekeningen op tijd betalen.",
            "Ik wil zelf mijn post openmaken en regelen.",
            "Ik wil een buffer opbouwen voor onverwachte kosten.",
        ],
        actions: &[
            ("Alle brieven en rekeningen in één map verzamelen", 'c', ""),
            ("Aanmelden bij de schuldhulpverlening", 'w', ""),
            ("Intakegesprek schuldhulpverlening", 'e', "Gemeente, schuldhulpverlening"),
            ("Samen een weekbudget maken", 'w', ""),
            ("Toeslagen nakijken en wijzigingen doorgeven", 'c', ""),
            ("Meekijken met de bankzaken", 'n', ""),
            ("Overleg met de bewindvoerder over leefgeld", 'e', "Bewindvoerder"),
        ],
    },
    Theme {
        goals: &[
            "Ik wil een baan waar ik trots op ben.",
            "Ik wil mijn diploma halen.",
            "Ik wil vrijwilligerswerk doen om weer aan werken te wennen.",
            "Ik wil een paar dagen per week ergens naartoe waar ik nodig ben.",
        ],
        actions: &[
            ("Cv maken en laten nakijken", 'c', ""),
            ("Gesprek bij het UWV over re-integratie", 'e', "UWV"),
            ("Samen drie vacatures uitzoeken", 'w', ""),
            ("Proefdag bij de kringloopwinkel", 'c', ""),
            ("Aanmelden voor de opleiding", 'c', ""),
            ("Vragen of oom een stageplek weet", 'n', ""),
            ("Gesprek met de werkgever over aangepaste uren", 'e', "Werkgever"),
        ],
    },
    Theme {
        goals: &[
            "Ik wil mijn dagen zinvol vullen.",
            "Ik wil een vaste dagbesteding.",
            "Ik wil een hobby oppakken.",
            "Ik wil meedoen in mijn buurt.",
            "Ik wil lid worden van een sportclub.",
        ],
        actions: &[
            ("Weekplanning maken met vaste momenten", 'c', ""),
            ("Kennismaken bij de dagbesteding", 'e', "Dagbestedingscentrum"),
            ("Samen naar het buurthuis", 'w', ""),
            ("Proefles bij de sportvereniging", 'c', ""),
            ("Samen wandelen op zaterdag", 'n', ""),
            ("Folder van de bibliotheek ophalen", 'c', ""),
        ],
    },
    Theme {
        goals: &[
            "Ik wil weer contact met mijn familie.",
            "Ik wil mensen om me heen die ik kan bellen.",
            "Ik wil mijn kinderen vaker zien.",
            "Ik wil minder ruzie thuis.",
            "Ik wil nieuwe mensen leren kennen.",
        ],
        actions: &[
            ("Een kaart sturen naar mijn zus", 'c', ""),
            ("Netwerkkaart maken: wie is er voor mij", 'w', ""),
            ("Omgangsregeling bespreken", 'e', "Jeugdzorg"),
            ("Elke zondag samen eten", 'n', ""),
            ("Aanmelden bij een maatjesproject", 'w', ""),
            ("Gesprek met de mediator", 'e', "Mediator"),
        ],
    },
    Theme {
        goals: &[
            "Ik wil minder piekeren.",
            "Ik wil weten wat ik kan doen als het niet goed met me gaat.",
            "Ik wil hulp bij mijn somberheid.",
            "Ik wil weer ergens voor opstaan.",
        ],
        actions: &[
            ("Signaleringsplan samen opstellen", 'w', ""),
            ("Afspraak bij de huisarts over doorverwijzing", 'c', ""),
            ("Intake bij de GGZ", 'e', "GGZ-behandelaar"),
            ("Dagboekje bijhouden: wat ging goed vandaag", 'c', ""),
            ("Bellen als het minder gaat", 'n', ""),
            ("Gesprek met de ervaringsdeskundige", 'w', ""),
        ],
    },
    Theme {
        goals: &[
            "Ik wil beter slapen.",
            "Ik wil weer naar de tandarts durven.",
            "Ik wil fitter worden en elke dag wandelen.",
            "Ik wil elke dag op tijd opstaan en me verzorgen.",
            "Ik wil gezonder eten.",
        ],
        actions: &[
            ("Afspraak maken bij de tandarts", 'c', ""),
            ("Samen naar de huisarts", 'w', ""),
            ("Controle bij de praktijkondersteuner", 'e', "Huisarts"),
            ("Elke ochtend een kwartier wandelen", 'c', ""),
            ("Samen boodschappen doen voor gezonde maaltijden", 'n', ""),
            ("Medicatie-overzicht ophalen bij de apotheek", 'e', "Apotheek"),
        ],
    },
    Theme {
        goals: &["Ik wil minder blowen.", "Ik wil stoppen met drinken door de week.", "Ik wil zelf de baas zijn over mijn gebruik."],
        actions: &[
            ("Bijhouden wanneer en hoeveel ik gebruik", 'c', ""),
            ("Gesprek bij de verslavingszorg", 'e', "Verslavingszorg"),
            ("Afspraken maken over wat te doen bij trek", 'w', ""),
            ("Steun vragen aan mijn broer", 'n', ""),
        ],
    },
    Theme {
        goals: &["Ik wil zelf boodschappen doen en koken.", "Ik wil mijn afspraken zelf bijhouden.", "Ik wil mijn was zelf regelen."],
        actions: &[
            ("Agenda op de telefoon instellen met herinneringen", 'w', ""),
            ("Boodschappenlijst maken voor de week", 'c', ""),
            ("Samen drie makkelijke recepten koken", 'n', ""),
            ("Kookcursus bij het buurthuis", 'e', "Buurthuis"),
        ],
    },
    Theme {
        goals: &["Ik wil mijn taakstraf afronden.", "Ik wil mijn boetes regelen.", "Ik wil geen nieuwe problemen met justitie."],
        actions: &[
            ("Afspraak bij de reclassering nakomen", 'c', ""),
            ("Betalingsregeling voor de boetes aanvragen", 'e', "CJIB"),
            ("Samen de brief van de rechtbank doorlezen", 'w', ""),
            ("Meegaan naar de zitting", 'n', ""),
        ],
    },
];

const PERSPECTIVE: &[(&str, &[&str])] = &[
    (
        "wonen",
        &[
            "Over een jaar woon ik in mijn eigen appartement, met een eigen voordeur.",
            "Ik wil in deze wijk blijven wonen, dicht bij mijn moeder.",
            "Een rustige plek, waar ik mijn kinderen kan ontvangen.",
            "Ik wil zelfstandig wonen, met af en toe hulp als het nodig is.",
        ],
    ),
    (
        "werk",
        &[
            "Ik zie mezelf werken in een keuken of in het groen.",
            "Eerst vrijwilligerswerk, daarna een echte baan.",
            "Ik wil mijn opleiding afmaken en dan in de zorg werken.",
            "Iets met mijn handen doen, een paar dagen per week.",
        ],
    ),
    (
        "vrije_tijd",
        &[
            "Weer voetballen op zaterdag.",
            "Tekenen en muziek maken, dat geeft me rust.",
            "Wandelen met de hond en af en toe naar de film.",
            "Koken voor vrienden.",
        ],
    ),
    (
        "netwerk",
        &[
            "Goed contact met mijn kinderen en een paar vrienden op wie ik kan rekenen.",
            "Dat mijn familie weer trots op me is.",
            "Mensen om me heen die niet gebruiken.",
            "Een paar buren die ik groet en die me kennen.",
        ],
    ),
];

const JOURNAL_VISIT: &[&str] = &[
    "Huisbezoek bij {n}. Samen de post doorgenomen; twee brieven moeten deze week beantwoord worden.",
    "Bij {n} thuis geweest. Het huis ziet er opgeruimd uit en {n} vertelde trots over het nieuwe weekrooster.",
    "Huisbezoek. {n} was moe en had weinig zin in een lang gesprek; kort de acties doorgelopen.",
    "Samen met {n} de keuken opgeruimd en een boodschappenlijst gemaakt.",
    "Huisbezoek. We hebben het actieplan erbij gepakt en gekeken wat er sinds vorige keer gelukt is.",
    "Bij {n} thuis. Er lag een aanmaning; samen gebeld en een betalingsregeling afgesproken.",
];
const JOURNAL_MEETING: &[&str] = &[
    "Gesprek op kantoor. {n} vertelde dat het slapen beter gaat.",
    "Gesprek over de woningzoektocht. {n} heeft op drie woningen gereageerd.",
    "Gesprek. {n} gaf aan dat het contact met de familie moeizaam is; samen besproken wat {n} zelf wil.",
    "Voortgangsgesprek. De doelen doorgelopen; {n} wil bij het volgende gesprek de prioriteiten opnieuw bekijken.",
    "Gesprek met {n} over de dagbesteding. De eerste dagen bevielen goed.",
    "Gesprek. {n} was boos over een brief van de gemeente; samen uitgezocht wat er precies gevraagd wordt.",
];
const JOURNAL_PHONE: &[&str] = &[
    "{n} belde omdat de afspraak bij de gemeente verzet is. Nieuwe datum genoteerd.",
    "Telefonisch contact. {n} laat weten dat het goed gaat en dat de afspraak bij de huisarts gelukt is.",
    "Gebeld met {n} om de afspraak van donderdag te bevestigen.",
    "{n} belde in paniek over een rekening; rustig samen doorgenomen wat er moet gebeuren.",
];
const JOURNAL_VIDEO: &[&str] = &[
    "Beeldbellen met {n}. Kort de actielijst doorgelopen; de inschrijving is gelukt.",
    "Beeldgesprek. {n} liet het nieuwe huis zien en vertelde over de buren.",
    "Beeldbellen, omdat {n} ziek thuis was. Afspraken van deze week verzet.",
];
const JOURNAL_MDO: &[&str] = &[
    "Multidisciplinair overleg met huisarts en wijkteam over {n}. Afgesproken wie wat oppakt.",
    "MDO met de GGZ-behandelaar en {n}. Het signaleringsplan is aangevuld.",
    "Overleg met bewindvoerder, wooncoach en {n} over de financiële situatie.",
];
const JOURNAL_TAILS: &[&str] = &[
    "Volgende afspraak over twee weken.",
    "{n} was positief over de voortgang.",
    "Het ging vandaag wat minder; we houden contact.",
    "{n} pakt de volgende stap zelf op.",
    "Afgesproken dat ik volgende week even bel.",
    "{n} heeft het verslag gelezen en is het ermee eens.",
];
const VERDICT_ACHIEVED: &[&str] =
    &["Gelukt: {n} heeft dit zelf voor elkaar gekregen.", "Doel bereikt; {n} is er trots op.", "Behaald, met hulp van het netwerk."];
const VERDICT_PARTLY: &[&str] = &[
    "Er is een begin gemaakt, maar het is nog niet klaar.",
    "Gaat de goede kant op; nog een paar stappen te gaan.",
    "Deels gelukt; {n} wil hiermee doorgaan.",
];
const VERDICT_NOT: &[&str] = &[
    "Dit lukte nog niet; we zoeken samen een andere aanpak.",
    "Niet gelukt door andere zorgen die voorgingen.",
    "{n} vindt dit nu minder belangrijk.",
];
const EVALUATION_NOTES: &[&str] = &[
    "Samen met {n} teruggekeken op de afgelopen periode.",
    "Evaluatie in een goede sfeer; {n} heeft zelf de doelen toegelicht.",
    "Teruggekeken en vooruitgekeken; het plan is waar nodig bijgesteld.",
    "{n} is tevreden over de begeleiding en wil doorgaan met dit plan.",
];
const CLOSING_NOTES: &[&str] = &[
    "Het traject is afgerond; {n} redt het nu zelf met steun van het netwerk.",
    "Afgesloten in overleg met {n}; de zorg is overgedragen aan het wijkteam.",
    "Het traject stopt; {n} weet waar de hulp te vinden is als het nodig is.",
];
