//! A store on each engine together with the URL a raw connection can use, for tests that look
//! at or tamper with the database the way someone with database access would.

use super::pg;
use regie_store::Store;
use sqlx::Connection;

/// A store with the URL a raw connection can use.
pub struct Db {
    /// `sqlite` or `postgres`.
    pub engine: &'static str,
    pub store: Store,
    pub url: String,
    /// Where the SQLite database file lives (None on PostgreSQL).
    pub file: Option<std::path::PathBuf>,
    /// Keeps a SQLite database's folder alive.
    #[allow(dead_code)]
    pub guard: Option<tempfile::TempDir>,
}

/// A fresh database on each available engine.
pub async fn databases() -> Vec<Db> {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("regie.db");
    let url = format!("sqlite://{}", file.display());
    let mut out = vec![Db { engine: "sqlite", store: Store::open(&url).await.expect("open sqlite"), url, file: Some(file), guard: Some(dir) }];
    if let Some(url) = pg::fresh_database().await {
        out.push(Db { engine: "postgres", store: Store::open(&url).await.expect("open postgres"), url, file: None, guard: None });
    }
    out
}

impl Db {
    /// Runs raw SQL next to the store.
    pub async fn raw(&self, sql: &str) -> Result<(), sqlx::Error> {
        if self.engine == "sqlite" {
            let mut c = sqlx::SqliteConnection::connect(&self.url).await?;
            sqlx::raw_sql(sql).execute(&mut c).await?;
            c.close().await
        } else {
            let mut c = sqlx::PgConnection::connect(&self.url).await?;
            sqlx::raw_sql(sql).execute(&mut c).await?;
            c.close().await
        }
    }

    /// The first column of every row of `sql`.
    pub async fn column<T>(&self, sql: &str) -> Vec<T>
    where
        T: Send + Unpin + for<'r> sqlx::Decode<'r, sqlx::Sqlite> + sqlx::Type<sqlx::Sqlite> + for<'r> sqlx::Decode<'r, sqlx::Postgres> + sqlx::Type<sqlx::Postgres>,
    {
        if self.engine == "sqlite" {
            let mut c = sqlx::SqliteConnection::connect(&self.url).await.unwrap();
            sqlx::query_scalar(sql).fetch_all(&mut c).await.unwrap()
        } else {
            let mut c = sqlx::PgConnection::connect(&self.url).await.unwrap();
            sqlx::query_scalar(sql).fetch_all(&mut c).await.unwrap()
        }
    }

    /// Rows of three text columns.
    pub async fn rows3(&self, sql: &str) -> Vec<(String, String, String)> {
        if self.engine == "sqlite" {
            let mut c = sqlx::SqliteConnection::connect(&self.url).await.unwrap();
            sqlx::query_as(sql).fetch_all(&mut c).await.unwrap()
        } else {
            let mut c = sqlx::PgConnection::connect(&self.url).await.unwrap();
            sqlx::query_as(sql).fetch_all(&mut c).await.unwrap()
        }
    }
}
