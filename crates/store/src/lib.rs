//! Regie's store: **the only code that speaks SQL.** SQLite (embedded default) and PostgreSQL sit
//! behind one [`Store`]; queries are written once in SQL both engines accept, and only where the
//! SQL truly differs does the code branch on [`Engine`].
//!
//! **Architecture invariant:** client data is reached only through a [`ClientScope`], which only
//! [`Store::open_client`] hands out after checking the care relation and writing an audit record.

mod access;
mod audit_chain;
mod avg_export;
mod avg_export_model;
mod avg_export_parts;
mod audit_retention;
mod audit_search;
pub mod backup;
mod caseload;
mod changes;
mod clients;
pub mod demo;
mod error;
mod erasure;
mod emergency;
mod evaluation;
mod fidelity;
mod journal;
mod kept;
mod instrument_texts;
mod measurement;
mod methods;
mod migrate;
mod network;
mod org;
mod outcomes;
mod outcomes_sql;
mod plan;
mod plan_actions;
mod plan_lookup;
mod plan_rows;
mod record_history;
mod sessions;
mod registration;
mod retention;
mod results;
mod results_read;
mod satisfaction;
mod sql;
mod strengths;
mod suggest;
mod throttle;
mod time;
mod tokens;
pub mod totp;
mod trajectory;
mod two_factor;
mod two_factor_admin;
mod users;
mod zrm_view;

pub use access::{Actor, AuditRecord, ClientScope};
pub use avg_export::EXPORT_OBJECT;
pub use avg_export_model::*;
pub use erasure::{ErasureInput, ErasureMode, ErasurePreview, REASON_MIN};
pub use retention::{term_end, ExpiredDossier, RetentionTerm, EXPIRED_LIMIT};
pub use audit_chain::{ChainBreak, ChainProblem, ChainReport};
pub use audit_retention::{retention_cutoff, ChainAnchor, PruneReport, AUDIT_RETENTION_MIN_YEARS};
pub use audit_search::{AccessLine, AccessOverview, AuditFilter, AuditLine, AUDIT_EXPORT_MAX};
pub use emergency::{is_privacy_officer, EmergencyAccess, EmergencyGrant, EMERGENCY_ACCESS_HOURS, EMERGENCY_REASON_MIN};
pub use caseload::{CaseloadQuery, CaseloadView};
pub use clients::ClientInput;
pub use evaluation::{EvaluationGoalInput, EvaluationInput};
pub use fidelity::{report_scope, FidelityFilter, FidelityReport, FidelityRow, TrajectoryFidelity};
pub use journal::JournalInput;
pub use methods::MethodUse;
pub use outcomes::{pairs_csv, AttainmentRow, DomainReport, DurationSummary, InstrumentReport, OutcomeFilter, OutcomePair, OutcomesReport};
pub use org::{LifeDomain, StaffMember, Team};
pub use plan::{ActionInput, GoalInput};
pub use registration::{Registered, TRAJECTORY_FIELD_PREFIX};
pub use results::{AgreementChoices, AgreementInput, RoleTargets};
pub use satisfaction::{ItemEdit, SatisfactionAnswer, SatisfactionInput, SatisfactionItem, SatisfactionResponse};
pub use suggest::{rules_profile, Dismissal, SuggestProfile, SuggestProfileInput, SuggestionInputs};
pub use trajectory::TrajectoryInput;
pub use users::{Session, SessionPolicy};
pub use sessions::{PendingSignIn, SessionInfo};
pub use tokens::TokenInfo;
pub use two_factor::{demo_secret, CodeCheck, DemoCode, FactorStatus, RECOVERY_CODES};
pub use two_factor_admin::{FactorLogRecord, RoleFactor, StaffFactor};
pub use throttle::{Gate, ThrottlePolicy};
pub use error::StoreError;
pub use time::{now, today};
pub use users::{hash_password, new_token, NewUser};
pub use zrm_view::{GoalTargetInput, ZrmOverview, ENTITY_DOMAIN_TARGET};

use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::AnyPool;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Which database engine a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// Embedded SQLite in one file (WAL, one writer connection).
    Sqlite,
    /// PostgreSQL, for organisations that outgrow one machine.
    Postgres,
}

/// Handle to the database: cheap to clone, shared by every request.
#[derive(Clone)]
pub struct Store {
    read: AnyPool,
    write: AnyPool,
    engine: Engine,
    queries: Arc<AtomicU64>,
}

/// Shorthand for results of store calls.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

impl Store {
    /// Connects to `url` (`sqlite://PATH` or `postgres://…`), runs the migrations and seeds the
    /// built-in catalogues (roles, life domains, phase models).
    pub async fn open(url: &str) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let store = if url.starts_with("sqlite:") {
            Self::open_sqlite(url).await?
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let pool = AnyPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect(url)
                .await?;
            Store { read: pool.clone(), write: pool, engine: Engine::Postgres, queries: Arc::default() }
        } else {
            return Err(StoreError::Config(format!("onbekend soort database-adres: {}", redact(url))));
        };
        store.migrate().await?;
        store.seed_builtins().await?;
        Ok(store)
    }

    async fn open_sqlite(url: &str) -> Result<Store> {
        let base = url.split('?').next().unwrap_or(url).to_string();
        // WAL lets readers work while the single writer writes; FULL sync loses no acknowledged write.
        // secure_delete: deleted and overwritten content is zeroed, so an erased client leaves no
        // trace in the file (store/src/erasure.rs).
        let pragmas = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA secure_delete = ON;";
        let write = AnyPoolOptions::new()
            .max_connections(1)
            .acquire_timeout(Duration::from_secs(30))
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    sqlx::Executor::execute(conn, pragmas).await?;
                    Ok(())
                })
            })
            .connect(&format!("{base}?mode=rwc"))
            .await?;
        let read = AnyPoolOptions::new()
            .max_connections(4)
            .acquire_timeout(Duration::from_secs(30))
            .after_connect(|conn, _| {
                Box::pin(async move {
                    sqlx::Executor::execute(conn, "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;").await?;
                    Ok(())
                })
            })
            .connect(&format!("{base}?mode=ro"))
            .await?;
        Ok(Store { read, write, engine: Engine::Sqlite, queries: Arc::default() })
    }

    /// The engine this store runs on.
    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// Queries run since the store was opened; tests use it to prove pages cost a bounded number.
    pub fn query_count(&self) -> u64 {
        self.queries.load(Ordering::Relaxed)
    }

    /// Whether the database answers.
    pub async fn healthy(&self) -> bool {
        sqlx::query("SELECT 1").fetch_one(self.r()).await.is_ok()
    }

    /// Closes both pools, waiting for running queries.
    pub async fn close(&self) {
        self.write.close().await;
        self.read.close().await;
    }

    /// The read pool, counting one query.
    pub(crate) fn r(&self) -> &AnyPool {
        self.tick(1);
        &self.read
    }

    /// The write pool, counting one query.
    pub(crate) fn w(&self) -> &AnyPool {
        self.tick(1);
        &self.write
    }

    /// Counts `n` queries run inside a transaction.
    pub(crate) fn tick(&self, n: u64) {
        self.queries.fetch_add(n, Ordering::Relaxed);
    }

    /// Starts a write transaction (on SQLite, on the single writer connection).
    pub(crate) async fn begin(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>> {
        self.tick(1);
        Ok(self.write.begin().await?)
    }
}

/// A database address with any password replaced, safe for logs and messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let cred = &url[s + 3..at];
            let user = cred.split(':').next().unwrap_or("");
            format!("{}{}:***{}", &url[..s + 3], user, &url[at..])
        }
        _ => url.to_string(),
    }
}

/// Reads a flag: BOOLEAN in PostgreSQL, INTEGER 0/1 in SQLite.
pub(crate) fn flag(row: &AnyRow, col: &str) -> Result<bool> {
    use sqlx::Row;
    match row.try_get::<bool, _>(col) {
        Ok(b) => Ok(b),
        Err(_) => Ok(row.try_get::<i64, _>(col)? != 0),
    }
}

/// Reads a column that holds a `YYYY-MM-DD` date.
pub(crate) fn date(row: &AnyRow, col: &str) -> Result<chrono::NaiveDate> {
    use sqlx::Row;
    let s: String = row.try_get(col)?;
    chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|e| StoreError::Corrupt(format!("{col}: {e}")))
}

/// Reads a column that may hold a `YYYY-MM-DD` date.
pub(crate) fn opt_date(row: &AnyRow, col: &str) -> Result<Option<chrono::NaiveDate>> {
    use sqlx::Row;
    let s: Option<String> = row.try_get(col)?;
    s.map(|s| chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|e| StoreError::Corrupt(format!("{col}: {e}"))))
        .transpose()
}

/// Reads a column that holds an RFC 3339 moment.
pub(crate) fn moment(row: &AnyRow, col: &str) -> Result<chrono::DateTime<chrono::Utc>> {
    use sqlx::Row;
    let s: String = row.try_get(col)?;
    chrono::DateTime::parse_from_rfc3339(&s)
        .map(|d| d.with_timezone(&chrono::Utc))
        .map_err(|e| StoreError::Corrupt(format!("{col}: {e}")))
}

#[cfg(test)]
mod tests {
    #[test]
    fn redact_hides_the_password() {
        assert_eq!(super::redact("postgres://regie:geheim@db/regie"), "postgres://regie:***@db/regie");
        assert_eq!(super::redact("sqlite://./regie-data/regie.db"), "sqlite://./regie-data/regie.db");
    }
}
