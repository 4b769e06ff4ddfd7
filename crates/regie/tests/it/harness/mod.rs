//! Test helpers: stores on both engines, a seeded organisation, the app on port 0.

pub mod app;
pub mod browser;
pub mod db;
pub mod fixture;
pub mod pg;

pub use app::{spawn_app, TestApp};
pub use fixture::{enrol, seed_org, totp_code, Org, PASSWORD};

use regie_store::Store;

/// A fresh SQLite store in its own temporary folder (kept alive by the returned guard).
pub async fn sqlite_store() -> (Store, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("regie.db").display());
    (Store::open(&url).await.expect("open sqlite store"), dir)
}

/// A fresh database in the shared throwaway PostgreSQL cluster, or `None` (with a loud message)
/// where the machine has no PostgreSQL 15 and `REGIE_REQUIRE_POSTGRES` is not set.
pub async fn pg_store() -> Option<Store> {
    let url = pg::fresh_database().await?;
    Some(Store::open(&url).await.expect("open postgres store"))
}

/// A store on each available engine, named: the store suite runs every test on all of them.
pub async fn engines() -> Vec<(&'static str, Store, Option<tempfile::TempDir>)> {
    let (sqlite, dir) = sqlite_store().await;
    let mut out = vec![("sqlite", sqlite, Some(dir))];
    if let Some(pg) = pg_store().await {
        out.push(("postgres", pg, None));
    }
    out
}
