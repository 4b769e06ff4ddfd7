//! The demo organisation: bulk writes for `regie demo`, fast enough for 100 000 clients.
//!
//! [`Store::generate_demo`] builds a fictional organisation (locations, teams, staff in the
//! built-in roles, clients with Dutch names and a realistic history) straight into the schema.
//! It is **system seeding, not a user action**: it writes no audit records (nobody looked at a
//! dossier) — but it does write the `changes` rows of every plan item, method used, strength and
//! network member, so the histories and "as it was on a date" work on demo data exactly as on
//! real data.
//!
//! How it stays fast: one generator thread builds the rows of a chunk of clients in memory with
//! ids it assigns itself (so children point at parents without round trips), while the async side
//! writes the previous chunk with multi-row `INSERT`s inside one transaction per chunk. The
//! content depends only on the number of clients (the random generator is seeded from it) and on
//! `today`, which every date is relative to.
//!
//! What the demo shows: every active trajectory follows a profile (see `profile`), so the
//! caseload has things to notice — evaluations due or overdue, actions past their due date, no
//! contact for weeks, a phase running long, a CTI trajectory past its cap — while most clients
//! are calm. begeleider@demo.regie.nl's caseload is scripted so it shows each of these.
//!
//! The parts: `org` (the generator, organisation and staff), `profile` (what each case shows),
//! `client` (a client and their trajectory), `plan` (the plan and its history), `contact`
//! (journal and evaluations), `record` (methods used, with `strengths` and `network`: the rest
//! of the client's record), `batch` (writing), `domains` (life domains and their content), and
//! the texts in `names`, `themes`, `notes`, `strength_texts`.

mod batch;
mod client;
mod contact;
mod domains;
mod names;
mod notes;
mod org;
mod plan;
mod network;
mod outcomes;
mod profile;
mod record;
mod strength_texts;
mod strengths;
mod themes;

use crate::{Engine, Result, Store, StoreError};
use batch::{Batch, Ids, ID_TABLES};
use chrono::NaiveDate;
use org::Generator;
use regie_domain::phase::PhaseModel;
use sqlx::Row;

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
    /// Methods recorded as used in trajectories.
    pub methods: usize,
    /// Strengths in the clients' inventories.
    pub strengths: usize,
    /// Members of the clients' networks.
    pub network_members: usize,
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
    &["begeleider", "teamleider", "beheer", "begeleider2", "wooncoach", "thuisbegeleider", "jobcoach", "kwaliteit", "privacy"];

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
        if models.len() != regie_domain::phase::builtin_models().len() || models.iter().any(|m| m.phases.is_empty()) {
            return Err(StoreError::Corrupt("de ingebouwde fasemodellen ontbreken".into()));
        }
        let ids = Ids::load(self).await?;
        // Argon2 is slow on purpose: hash once and give every demo account the same hash string
        // (hashing per account would take hours for the thousands of staff at 100 000 clients).
        let hash = tokio::task::spawn_blocking(|| crate::hash_password(DEMO_PASSWORD))
            .await
            .map_err(|e| StoreError::Config(format!("wachtwoord hashen: {e}")))?;

        self.bulk_cache(true).await?;
        let result = self.generate(clients, today, models, ids, &hash, &mut progress).await;
        self.bulk_cache(false).await?;
        result
    }

    /// The generation itself, once the database is known to be empty.
    async fn generate(
        &self,
        clients: usize,
        today: NaiveDate,
        models: Vec<PhaseModel>,
        ids: Ids,
        hash: &str,
        progress: &mut (impl FnMut(usize, usize) + Send),
    ) -> Result<DemoSummary> {
        let mut gen = Generator::new(clients, today, models, ids);
        let (org, mut summary) = gen.organisation(hash);
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
        summary.methods = stats.methods;
        summary.strengths = stats.strengths;
        summary.network_members = stats.network_members;
        Ok(summary)
    }

    /// SQLite: bulk-load settings on the single writer connection while the demo is written — a
    /// larger page cache, and a sync at checkpoints instead of at every commit (a crash halfway
    /// leaves a half-made demo either way) — and the normal settings again afterwards.
    async fn bulk_cache(&self, on: bool) -> Result<()> {
        if self.engine() == Engine::Sqlite {
            let (kib, sync) = if on { (64 * 1024, "NORMAL") } else { (2000, "FULL") };
            sqlx::query(&format!("PRAGMA cache_size = -{kib}")).execute(self.w()).await?;
            sqlx::query(&format!("PRAGMA synchronous = {sync}")).execute(self.w()).await?;
        }
        Ok(())
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
        let sql = format!(
            "SELECT u.email, u.name, r.name AS role_name, t.name AS team_name, \
             (SELECT COUNT(*) FROM care_team ct WHERE ct.user_id = u.id) AS clients \
             FROM users u JOIN roles r ON r.code = u.role_code LEFT JOIN teams t ON t.id = u.team_id \
             WHERE u.email IN ({})",
            crate::sql::params(1, emails.len())
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
}
