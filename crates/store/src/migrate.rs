//! Migrations per engine, embedded in the binary and run on start. Each is applied once, in a
//! transaction, and recorded in `schema_migrations`.

use crate::{Engine, Result, Store};
use sqlx::Row;

/// (version, name, SQLite SQL, PostgreSQL SQL), in order. Never edit one that has shipped: add one.
pub(crate) const MIGRATIONS: &[(i64, &str, &str, &str)] = &[
    (1, "core", include_str!("../migrations/sqlite/0001_core.sql"), include_str!("../migrations/postgres/0001_core.sql")),
    (2, "methods", include_str!("../migrations/sqlite/0002_methods.sql"), include_str!("../migrations/postgres/0002_methods.sql")),
    (
        3,
        "strengths_network",
        include_str!("../migrations/sqlite/0003_strengths_network.sql"),
        include_str!("../migrations/postgres/0003_strengths_network.sql"),
    ),
    (
        4,
        "suggest_fidelity",
        include_str!("../migrations/sqlite/0004_suggest_fidelity.sql"),
        include_str!("../migrations/postgres/0004_suggest_fidelity.sql"),
    ),
    (
        5,
        "audit_chain",
        include_str!("../migrations/sqlite/0005_audit_chain.sql"),
        include_str!("../migrations/postgres/0005_audit_chain.sql"),
    ),
    (
        6,
        "sign_in_security",
        include_str!("../migrations/sqlite/0006_sign_in_security.sql"),
        include_str!("../migrations/postgres/0006_sign_in_security.sql"),
    ),
    (
        7,
        "changes_partial_indexes",
        include_str!("../migrations/sqlite/0007_changes_partial_indexes.sql"),
        include_str!("../migrations/postgres/0007_changes_partial_indexes.sql"),
    ),
    (8, "outcomes", include_str!("../migrations/sqlite/0008_outcomes.sql"), include_str!("../migrations/postgres/0008_outcomes.sql")),
    (9, "two_factor", include_str!("../migrations/sqlite/0009_two_factor.sql"), include_str!("../migrations/postgres/0009_two_factor.sql")),
    (10, "access_log", include_str!("../migrations/sqlite/0010_access_log.sql"), include_str!("../migrations/postgres/0010_access_log.sql")),
    (11, "avg", include_str!("../migrations/sqlite/0011_avg.sql"), include_str!("../migrations/postgres/0011_avg.sql")),
    (
        13,
        "result_defaults",
        include_str!("../migrations/sqlite/0013_result_defaults.sql"),
        include_str!("../migrations/postgres/0013_result_defaults.sql"),
    ),
    (
        14,
        "outcome_indexes",
        include_str!("../migrations/sqlite/0014_outcome_indexes.sql"),
        include_str!("../migrations/postgres/0014_outcome_indexes.sql"),
    ),
    (
        15,
        "outcome_pairs",
        include_str!("../migrations/sqlite/0015_outcome_pairs.sql"),
        include_str!("../migrations/postgres/0015_outcome_pairs.sql"),
    ),
];

impl Store {
    /// Brings the schema up to date; safe to run any number of times.
    pub async fn migrate(&self) -> Result<()> {
        sqlx::raw_sql(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
        )
        .execute(self.w())
        .await?;
        let done: Vec<i64> = sqlx::query("SELECT version FROM schema_migrations")
            .fetch_all(self.w())
            .await?
            .iter()
            .map(|r| r.try_get::<i64, _>(0))
            .collect::<Result<_, _>>()?;
        for (version, name, sqlite, postgres) in MIGRATIONS {
            if done.contains(version) {
                continue;
            }
            let sql = match self.engine {
                Engine::Sqlite => sqlite,
                Engine::Postgres => postgres,
            };
            let mut tx = self.begin().await?;
            sqlx::raw_sql(sql).execute(&mut *tx).await?;
            sqlx::query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)")
                .bind(version)
                .bind(*name)
                .bind(crate::now())
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            tracing::info!(version, name, "migration applied");
        }
        // Access log records from before the hash chain (migration 5) are chained once.
        self.seal_legacy_audit().await?;
        Ok(())
    }

    /// The schema as (table, column, normalised type) triples, sorted; used to prove the two
    /// engines' migrations describe the same tables.
    pub async fn schema_columns(&self) -> Result<Vec<(String, String, String)>> {
        let sql = match self.engine {
            Engine::Sqlite => {
                "SELECT m.name AS t, p.name AS c, p.type AS ty FROM sqlite_master m, pragma_table_info(m.name) p \
                 WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY t, c"
            }
            Engine::Postgres => {
                "SELECT table_name::text AS t, column_name::text AS c, data_type::text AS ty FROM information_schema.columns \
                 WHERE table_schema = current_schema() ORDER BY t, c"
            }
        };
        let rows = sqlx::query(sql).fetch_all(self.r()).await?;
        rows.iter()
            .map(|r| {
                let ty: String = r.try_get("ty")?;
                Ok((r.try_get("t")?, r.try_get("c")?, normalise_type(&ty)))
            })
            .collect()
    }
}

fn normalise_type(ty: &str) -> String {
    match ty.to_ascii_lowercase().as_str() {
        // SQLite stores flags as INTEGER 0/1 (it has no boolean type).
        "integer" | "bigint" | "boolean" => "integer",
        "text" => "text",
        other => return other.to_string(),
    }
    .to_string()
}
