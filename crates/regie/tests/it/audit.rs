//! The access log's hash chain on both engines: normal activity verifies; changing, deleting or
//! cutting off a record is caught and the first broken record is named; concurrent writers on
//! PostgreSQL keep the chain whole; records from before the chain are sealed once; and
//! `regie audit verify` says the same with its exit code.

use crate::harness::db::{databases, Db};
use crate::harness::seed_org;
use regie_domain::catalogue::AuditAction;
use regie_store::{Actor, CaseloadQuery, CaseloadView, ChainProblem, ClientInput, Store, StoreError};
use sqlx::Connection;
use std::process::{Command, Stdio};


/// Tampers like someone with full database access: first drops the append-only trigger(s).
async fn tamper(db: &Db, sql: &str) {
    let drop = if db.engine == "sqlite" {
        "DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;"
    } else {
        "DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log;"
    };
    db.raw(drop).await.expect("drop the triggers");
    db.raw(sql).await.expect(sql);
}

/// The ids of the access log, in order.
async fn log_ids(db: &Db) -> Vec<i64> {
    db.column("SELECT id FROM audit_log ORDER BY id").await
}

async fn actor(store: &Store, email: &str) -> Actor {
    let user = store.user_by_email(email).await.unwrap().expect("seeded user");
    Actor { user, on_behalf_of: None, source: "192.0.2.7".into(), user_agent: "audit-test \"quoted\"\nnew line".into() }
}

/// Registrations, dossier opens, caseload lists and a refused access.
async fn activity(store: &Store) {
    seed_org(store).await;
    let worker = actor(store, "begeleider@test.nl").await;
    let other = actor(store, "ander@test.nl").await;
    let lead = actor(store, "teamleider@test.nl").await;
    let mut ids = Vec::new();
    for (first, last) in [("Ayla", "Yilmaz"), ("Bram", "de Boer"), ("Chaima", "Ouali")] {
        ids.push(store.register_client(&worker, &ClientInput { first_name: first.into(), last_name: last.into(), ..Default::default() }).await.unwrap());
    }
    for id in &ids {
        store.open_client(&worker, *id, AuditAction::Read, "dossier").await.unwrap();
    }
    store.open_client(&lead, ids[0], AuditAction::Update, "journaal").await.unwrap();
    let refused = store.open_client(&other, ids[1], AuditAction::Read, "dossier").await;
    assert!(matches!(refused, Err(StoreError::Forbidden)), "another team's worker is refused");
    let query = CaseloadQuery { view: CaseloadView::Visible, search: None, limit: 25, offset: 0 };
    store.caseload(&worker, &query, regie_store::today()).await.unwrap();
    store.caseload(&lead, &query, regie_store::today()).await.unwrap();
}

#[tokio::test]
async fn normal_activity_verifies() {
    for db in databases().await {
        let empty = db.store.verify_audit_chain().await.unwrap();
        assert_eq!((empty.checked, empty.broken), (0, None), "{}: an empty log is in order", db.engine);
        activity(&db.store).await;
        let ids = log_ids(&db).await;
        // 3 creations, 3 + 1 opens, 1 refusal, 3 + 3 caseload rows.
        assert_eq!(ids.len(), 14, "{}", db.engine);
        let report = db.store.verify_audit_chain().await.unwrap();
        assert_eq!(report.broken, None, "{}", db.engine);
        assert_eq!(report.checked, 14, "{}: every record is checked", db.engine);
        assert_eq!(report.last.0, *ids.last().unwrap(), "{}: the last record is reported", db.engine);
    }
}

#[tokio::test]
async fn a_changed_record_is_named() {
    for db in databases().await {
        activity(&db.store).await;
        let ids = log_ids(&db).await;
        let middle = ids[ids.len() / 2];
        // The database itself refuses changes and deletions of chained records.
        for sql in [format!("UPDATE audit_log SET object = 'x' WHERE id = {middle}"), format!("DELETE FROM audit_log WHERE id = {middle}")] {
            let refused = db.raw(&sql).await.expect_err(&sql).to_string();
            assert!(refused.contains("append-only"), "{}: {refused}", db.engine);
        }
        assert_eq!(db.store.verify_audit_chain().await.unwrap().broken, None, "{}", db.engine);
        tamper(&db, &format!("UPDATE audit_log SET object = 'x' WHERE id = {middle}")).await;
        let report = db.store.verify_audit_chain().await.unwrap();
        let broken = report.broken.unwrap_or_else(|| panic!("{}: the change goes unnoticed", db.engine));
        assert_eq!((broken.id, broken.problem), (middle, ChainProblem::Altered), "{}", db.engine);
        assert!(broken.at.is_some_and(|a| a.ends_with('Z')), "{}: the moment is named", db.engine);

        // Recomputing the record's own hash does not help: the next record's link still breaks.
        let hash = "0000000000000000000000000000000000000000000000000000000000000001";
        tamper(&db, &format!("UPDATE audit_log SET object = 'dossier', hash = '{hash}' WHERE id = {middle}")).await;
        let broken = db.store.verify_audit_chain().await.unwrap().broken.expect("still broken");
        assert_eq!(broken.id, middle, "{}: a forged hash does not match the content", db.engine);
    }
}

#[tokio::test]
async fn deleted_records_are_noticed() {
    for db in databases().await {
        activity(&db.store).await;
        let ids = log_ids(&db).await;
        let middle = ids[ids.len() / 2];
        tamper(&db, &format!("DELETE FROM audit_log WHERE id = {middle}")).await;
        let broken = db.store.verify_audit_chain().await.unwrap().broken.expect("a deletion is noticed");
        assert_eq!((broken.id, broken.problem), (ids[ids.len() / 2 + 1], ChainProblem::PreviousMissing), "{}: the record after the gap", db.engine);

        // Cutting the end off leaves no broken link; the chain head still knows the last record.
        let db2 = fresh(&db).await;
        activity(&db2.store).await;
        let ids = log_ids(&db2).await;
        let last = *ids.last().unwrap();
        tamper(&db2, &format!("DELETE FROM audit_log WHERE id >= {}", ids[ids.len() - 2])).await;
        let report = db2.store.verify_audit_chain().await.unwrap();
        let broken = report.broken.expect("a cut-off end is noticed");
        assert_eq!((broken.id, broken.problem, broken.at), (last, ChainProblem::Truncated, None), "{}", db.engine);
        assert_eq!(report.checked as usize, ids.len() - 2, "{}", db.engine);

        // New records after a gap do not hide it.
        let worker = actor(&db.store, "begeleider@test.nl").await;
        db.store.open_client(&worker, 1, AuditAction::Read, "dossier").await.ok();
        let broken = db.store.verify_audit_chain().await.unwrap().broken.expect("still noticed");
        assert_eq!(broken.id, ids[ids.len() / 2 + 1], "{}", db.engine);
    }
}

/// A second fresh database on the same engine as `db`.
async fn fresh(db: &Db) -> Db {
    let mut all = databases().await;
    let i = all.iter().position(|d| d.engine == db.engine).expect("same engine");
    all.swap_remove(i)
}

#[tokio::test]
async fn records_from_before_the_chain_are_sealed_once() {
    for db in databases().await {
        activity(&db.store).await;
        // As before migration 5: no hashes, an empty chain head.
        tamper(&db, "UPDATE audit_log SET prev_hash = NULL, hash = NULL").await;
        tamper(&db, "UPDATE audit_chain_head SET last_id = 0, last_hash = '0000000000000000000000000000000000000000000000000000000000000000'").await;
        // The append-only triggers are in place when a real upgrade seals, as here.
        let triggers = if db.engine == "sqlite" {
            "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log WHEN OLD.hash IS NOT NULL \
             BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END; \
             CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;"
        } else {
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();"
        };
        db.raw(triggers).await.unwrap();
        let broken = db.store.verify_audit_chain().await.unwrap().broken.expect("unchained records are flagged");
        assert_eq!(broken.problem, ChainProblem::Unchained, "{}", db.engine);
        db.store.close().await;

        let store = Store::open(&db.url).await.unwrap();
        let report = store.verify_audit_chain().await.unwrap();
        assert_eq!((report.checked, report.broken), (14, None), "{}: sealed at start", db.engine);
        // Sealing happens once: a record added later without a hash stays flagged.
        tamper(&db, "INSERT INTO audit_log (at, action, object, basis, outcome, source, user_agent) VALUES ('2026-01-01T00:00:00Z', 'read', 'x', 'zorgrelatie', 'granted', '', '')").await;
        store.close().await;
        let store = Store::open(&db.url).await.unwrap();
        let broken = store.verify_audit_chain().await.unwrap().broken.expect("a record slipped in is flagged");
        assert_eq!(broken.problem, ChainProblem::Unchained, "{}", db.engine);
        store.close().await;
    }
}

#[tokio::test]
async fn concurrent_writers_keep_one_chain() {
    for db in databases().await {
        seed_org(&db.store).await;
        let worker = actor(&db.store, "begeleider@test.nl").await;
        let id = db.store.register_client(&worker, &ClientInput { first_name: "Dana".into(), last_name: "Visser".into(), ..Default::default() }).await.unwrap();
        let mut tasks = tokio::task::JoinSet::new();
        for n in 0..40 {
            let (store, worker) = (db.store.clone(), worker.clone());
            tasks.spawn(async move {
                let query = CaseloadQuery { view: CaseloadView::Mine, search: None, limit: 25, offset: 0 };
                if n % 4 == 0 {
                    store.caseload(&worker, &query, regie_store::today()).await.map(|_| ())
                } else {
                    store.open_client(&worker, id, AuditAction::Read, "dossier").await.map(|_| ())
                }
            });
        }
        while let Some(r) = tasks.join_next().await {
            r.unwrap().unwrap();
        }
        let report = db.store.verify_audit_chain().await.unwrap();
        assert_eq!(log_ids(&db).await.len(), 41, "{}: 1 creation + 40 concurrent records", db.engine);
        assert_eq!((report.checked, report.broken), (41, None), "{}", db.engine);
    }
}

fn regie() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_regie"));
    for (k, _) in std::env::vars() {
        if k.starts_with("REGIE_") || k == "RUST_LOG" {
            c.env_remove(k);
        }
    }
    c.stdin(Stdio::null());
    c
}

#[tokio::test]
async fn the_verify_command_names_the_broken_record() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("regie.db").display());
    let db = Db { engine: "sqlite", store: Store::open(&url).await.unwrap(), url, file: None, guard: None };
    activity(&db.store).await;
    db.store.close().await;
    let verify = || regie().args(["audit", "verify", "--data"]).arg(dir.path()).output().expect("run regie");

    let out = verify();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("Toegangslog in orde: 14 regels gecontroleerd"), "{stdout}");

    let ids = log_ids(&db).await;
    let middle = ids[ids.len() / 2];
    let at: String = {
        let mut c = sqlx::SqliteConnection::connect(&db.url).await.unwrap();
        sqlx::query_scalar(&format!("SELECT at FROM audit_log WHERE id = {middle}")).fetch_one(&mut c).await.unwrap()
    };
    tamper(&db, &format!("UPDATE audit_log SET object = 'x' WHERE id = {middle}")).await;
    let out = verify();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&format!("nummer {middle} van {at}")) && stderr.contains("gewijzigd"), "{stderr}");

    let missing = tempfile::tempdir().unwrap();
    let out = regie().args(["audit", "verify", "--data"]).arg(missing.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "no database to check is the user's mistake");
    assert!(!missing.path().join("regie.db").exists(), "nothing is created");
}
