//! Erasure and anonymisation by functioneel beheer: refused when not allowed, and afterwards no
//! name, birth date, journal, plan, strengths, network or measurement text of the client left in
//! the database — on SQLite in the raw file bytes (and its WAL), on PostgreSQL in every text
//! column and in the data directory's files of the test database.

use super::{actor, close_on, databases, full_record, Db};
use crate::harness::{seed_org, spawn_app};
use chrono::Duration;
use regie_store::{ErasureInput, Store, StoreError};
use sqlx::{Connection, Row};

/// Every needle found in the database, the way someone with the files would look.
async fn traces(db: &Db, needles: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    if let Some(file) = &db.file {
        let mut bytes = std::fs::read(file).unwrap();
        let wal = std::path::PathBuf::from(format!("{}-wal", file.display()));
        if let Ok(w) = std::fs::read(&wal) {
            bytes.extend(w);
        }
        for n in needles {
            if bytes.windows(n.len()).any(|w| w == n.as_bytes()) {
                found.push(format!("file:{n}"));
            }
        }
        return found;
    }
    let mut c = sqlx::PgConnection::connect(&db.url).await.unwrap();
    let cols = sqlx::query(
        "SELECT table_name::text AS t, column_name::text AS c FROM information_schema.columns \
         WHERE table_schema = current_schema() AND data_type IN ('text', 'character varying')",
    )
    .fetch_all(&mut c)
    .await
    .unwrap();
    for col in &cols {
        let (t, cname): (String, String) = (col.get("t"), col.get("c"));
        for n in needles {
            let sql = format!("SELECT COUNT(*) FROM \"{t}\" WHERE \"{cname}\" LIKE $1");
            let hits: i64 = sqlx::query_scalar(&sql).bind(format!("%{n}%")).fetch_one(&mut c).await.unwrap();
            if hits > 0 {
                found.push(format!("{t}.{cname}:{n}"));
            }
        }
    }
    // The files of this database in the test cluster, after a checkpoint wrote every page.
    sqlx::raw_sql("CHECKPOINT").execute(&mut c).await.unwrap();
    let oid: i64 = sqlx::query_scalar("SELECT oid::bigint FROM pg_database WHERE datname = current_database()").fetch_one(&mut c).await.unwrap();
    let data_dir: String = sqlx::query_scalar("SELECT setting FROM pg_settings WHERE name = 'data_directory'").fetch_one(&mut c).await.unwrap();
    c.close().await.unwrap();
    let dir = std::path::Path::new(&data_dir).join("base").join(oid.to_string());
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("the test cluster's files in {}: {e}", dir.display()));
    for entry in entries {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap_or_default();
        for n in needles {
            let tag = format!("heap:{n}");
            if !found.contains(&tag) && bytes.windows(n.len()).any(|w| w == n.as_bytes()) {
                found.push(tag);
            }
        }
    }
    found
}

fn erase_input(mode: &str, reason: &str) -> ErasureInput {
    ErasureInput { mode: mode.into(), reason: reason.into(), before_term: false }
}

#[tokio::test]
async fn erasure_is_refused_unless_allowed() {
    for db in databases().await {
        let (store, engine) = (&db.store, db.engine);
        seed_org(store).await;
        let worker = actor(store, "begeleider@test.nl").await;
        let admin = actor(store, "beheer@test.nl").await;
        let today = regie_store::today();
        let rec = full_record(store, &worker, "a").await;
        let reason = "Bewaartermijn verlopen volgens de lijst";

        // Not beheer: refused and logged.
        let err = store.erase_client(&worker, rec.client_id, &erase_input("wissen", reason), today).await.unwrap_err();
        assert!(matches!(err, StoreError::Forbidden), "{engine}");
        let logged = store.audit_for_client(rec.client_id, 5).await.unwrap();
        assert!(logged.iter().any(|a| a.action == "delete" && a.outcome == "refused" && a.user_id == Some(worker.user.id)), "{engine}: logged");

        // Without a reason, with the client's name in it, with an active trajectory.
        let refusal = |e: StoreError| match e {
            StoreError::Invalid(inv) => inv.0,
            other => panic!("{engine}: expected a refusal, got {other:?}"),
        };
        let e = refusal(store.erase_client(&admin, rec.client_id, &erase_input("wissen", "  "), today).await.unwrap_err());
        assert!(e.get("reason").is_some_and(|m| m.contains("minstens")), "{engine}: a reason is required");
        let e = refusal(store.erase_client(&admin, rec.client_id, &erase_input("wissen", "Verzoek van Quirijnsma-Tollenaar zelf"), today).await.unwrap_err());
        assert!(e.get("reason").is_some_and(|m| m.contains("niet bij naam")), "{engine}: no name in the log");
        let e = refusal(store.erase_client(&admin, rec.client_id, &erase_input("weg", reason), today).await.unwrap_err());
        assert!(e.get("mode").is_some(), "{engine}: an unknown mode");
        assert!(e.get("client").is_some_and(|m| m.contains("lopend traject")), "{engine}: an active trajectory blocks it");

        // Closed but within the term: only with the confirmation.
        close_on(&db, rec.trajectory_id, today - Duration::days(30)).await;
        let e = refusal(store.erase_client(&admin, rec.client_id, &erase_input("wissen", reason), today).await.unwrap_err());
        assert!(e.get("before_term").is_some(), "{engine}: the term still runs");
        assert!(store.erasure_preview(&admin, rec.client_id).await.unwrap().counts.iter().any(|(p, n)| p == "journal" && *n == 1), "{engine}: nothing erased");

        // Over the web: a worker gets 403, beheer without reason 422.
        let app = spawn_app(store.clone()).await;
        app.login("begeleider@test.nl").await;
        let res = app.post_form(&format!("/beheer/clienten/{}/wissen", rec.client_id), &[("mode", "wissen"), ("reason", reason)]).await;
        assert_eq!(res.status(), 403, "{engine}");
        let res = app.http.get(app.url(&format!("/beheer/clienten/{}/wissen", rec.client_id))).send().await.unwrap();
        assert_eq!(res.status(), 403, "{engine}");
        let app = spawn_app(store.clone()).await;
        app.login("beheer@test.nl").await;
        let page = app.get_text(&format!("/beheer/clienten/{}/wissen", rec.client_id)).await;
        assert!(page.contains("Journaalberichten") && !page.contains("Xylofoon") && !page.contains("Quirijnsma"), "{engine}: counts only");
        let res = app.post_form(&format!("/beheer/clienten/{}/wissen", rec.client_id), &[("mode", "wissen"), ("reason", "")]).await;
        assert_eq!(res.status(), 422, "{engine}");
        assert!(res.text().await.unwrap().contains("minstens"), "{engine}: the Dutch message");
    }
}

/// Erases (or anonymises) a full record and looks for its texts in the database files.
async fn erase_and_search(db: &Db, mode: &str) {
    let (store, engine) = (&db.store, db.engine);
    seed_org(store).await;
    let worker = actor(store, "begeleider@test.nl").await;
    let admin = actor(store, "beheer@test.nl").await;
    let today = regie_store::today();
    let rec = full_record(store, &worker, "a").await;
    // A second client that must stay whole.
    let keep = full_record(store, &worker, "b").await;
    close_on(db, rec.trajectory_id, today - Duration::days(20 * 366 + 30)).await;
    let own = rec.needles.clone();

    let found = traces(db, &own).await;
    for n in &own {
        assert!(found.iter().any(|f| f.ends_with(&format!(":{n}"))), "{engine}: {n} is in the database before erasure ({found:?})");
    }

    store.erase_client(&admin, rec.client_id, &erase_input(mode, "Bewaartermijn verlopen, lijst van vandaag"), today).await.unwrap();

    // In every table: nothing, on both engines. In the files: SQLite zeroes at once; a plain
    // PostgreSQL VACUUM leaves the bytes in free page space until reused, which the documented
    // maintenance step (VACUUM FULL) removes.
    let left = traces(db, &own).await;
    let in_tables: Vec<&String> = left.iter().filter(|f| !f.starts_with("heap:")).collect();
    assert!(in_tables.is_empty(), "{engine} {mode}: traces of the erased client remain: {in_tables:?}");
    if db.file.is_none() {
        store.rewrite_erased_tables().await.unwrap();
        let left = traces(db, &own).await;
        assert!(left.is_empty(), "{engine} {mode}: traces remain in the data files after VACUUM FULL: {left:?}");
    } else {
        assert!(left.is_empty(), "{engine} {mode}: traces remain in the file: {left:?}");
    }
    let logged = store.audit_for_client(rec.client_id, 5).await.unwrap();
    assert!(logged.iter().any(|a| a.action == "delete" && a.object == "client" && a.outcome == "granted" && a.basis == "organisatierol"), "{engine}: logged");

    // The other client is untouched.
    let scope = store.open_client(&worker, keep.client_id, regie_domain::catalogue::AuditAction::Read, "test").await.unwrap();
    assert_eq!(store.client(&scope).await.unwrap().last_name, "Ockelsbroek-Haverkamp", "{engine}");
    assert_eq!(store.journal(&scope, 10, 0).await.unwrap().items.len(), 1, "{engine}");
    if mode == "anonimiseren" {
        anonymised_keeps_counts(store, &admin, rec.client_id, engine).await;
    } else {
        let err = store.erasure_preview(&admin, rec.client_id).await.unwrap_err();
        assert!(matches!(err, StoreError::NotFound), "{engine}: the client is gone");
    }
}

async fn anonymised_keeps_counts(store: &Store, admin: &regie_store::Actor, client_id: i64, engine: &str) {
    let p = store.erasure_preview(admin, client_id).await.unwrap();
    let n = |part: &str| p.counts.iter().find(|(k, _)| k == part).map(|(_, n)| *n).unwrap_or(-1);
    assert!(p.anonymised, "{engine}");
    assert_eq!((n("trajectories"), n("goals"), n("actions"), n("journal"), n("measurements")), (1, 1, 1, 1, 1), "{engine}: counts stay for statistics");
    assert_eq!((n("changes"), n("household"), n("network"), n("strengths"), n("care_team")), (0, 0, 0, 0, 0), "{engine}: the personal parts are gone");
    // The level of the measurement stays, its note does not (read as the teamleider would).
    let lead = super::actor(store, "teamleider@test.nl").await;
    let scope = store.open_client_for_export(&lead, client_id).await.unwrap();
    let x = store.export_client(&scope, "test").await.unwrap();
    assert_eq!(x.client.first_name, "Geanonimiseerd", "{engine}");
    assert_eq!(x.client.last_name, client_id.to_string(), "{engine}");
    assert_eq!(x.client.birth_date, None, "{engine}");
    let fin = x.measurements[0].scores.iter().find(|s| s.domain == "zrm_financien").unwrap();
    assert_eq!(fin.level, Some(2), "{engine}: the level stays");
    assert_eq!(fin.note, "", "{engine}");
    assert_eq!(x.trajectories[0].funding, "jeugdwet", "{engine}");
    assert!(x.history.is_empty() && x.journal[0].text.is_empty(), "{engine}");
}

#[tokio::test]
async fn erasure_leaves_no_trace_in_the_database_files() {
    for db in databases().await {
        erase_and_search(&db, "wissen").await;
    }
}

#[tokio::test]
async fn anonymisation_keeps_counts_and_levels_but_no_personal_text() {
    for db in databases().await {
        erase_and_search(&db, "anonimiseren").await;
    }
}
