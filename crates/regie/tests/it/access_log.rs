//! The access log made complete (NEN 7513), on both engines: emergency access (break the
//! glass) with a reason, expiry and a banner; the privacy role's search, CSV export and review
//! of emergency accesses, each itself logged; the client's overview in the API; pruning after
//! the retention term with the chain still verifiable; and X-Forwarded-For believed only from a
//! trusted proxy.

use crate::harness::app::spawn_app_with;
use crate::harness::db::{databases, Db};
use crate::harness::{seed_org, spawn_app, Org, TestApp, PASSWORD};
use regie_domain::catalogue::AuditAction;
use regie_store::{Actor, ChainProblem, ClientInput, NewUser, Store, StoreError};


async fn actor(store: &Store, email: &str) -> Actor {
    let user = store.user_by_email(email).await.unwrap().expect("user");
    Actor { user, on_behalf_of: None, source: "192.0.2.8".into(), user_agent: "access-log-test".into() }
}

/// Adds an account in `role` (the harness seeds no privacy officer or volunteer).
async fn add_user(store: &Store, email: &str, name: &str, role: &str, team: Option<i64>) -> i64 {
    let password_hash = regie_store::hash_password(PASSWORD);
    store.create_user(&NewUser { email: email.into(), name: name.into(), role: role.into(), team_id: team, password_hash }).await.unwrap()
}

/// The seeded organisation, a privacy officer and one client of the worker (care relation).
async fn setup(store: &Store) -> (Org, i64) {
    let org = seed_org(store).await;
    add_user(store, "privacy@test.nl", "Petra Privacy", "privacy", None).await;
    let worker = actor(store, "begeleider@test.nl").await;
    let client = store.register_client(&worker, &ClientInput { first_name: "Ayla".into(), last_name: "Yilmaz".into(), ..Default::default() }).await.unwrap();
    (org, client)
}

async fn app_for(store: &Store, email: &str) -> TestApp {
    let app = spawn_app(store.clone()).await;
    app.login(email).await;
    app
}

const REASON: &str = "Cliënt belt in crisis en de eigen begeleider is ziek";

#[tokio::test]
async fn emergency_access_needs_a_reason_and_expires() {
    for db in databases().await {
        let e = db.engine;
        let (_org, client) = setup(&db.store).await;
        let app = app_for(&db.store, "ander@test.nl").await;
        let path = format!("/clienten/{client}");

        // Refused, with the form; a client that does not exist looks the same.
        let res = app.http.get(app.url(&path)).send().await.unwrap();
        assert_eq!(res.status(), 403, "{e}");
        let page = res.text().await.unwrap();
        assert!(page.contains(&format!("action=\"/clienten/{client}/noodtoegang\"")), "{e}: the emergency form is offered");
        let missing = app.http.get(app.url("/clienten/987654")).send().await.unwrap();
        assert_eq!(missing.status(), 403, "{e}");
        let missing = missing.text().await.unwrap();
        let same = |p: &str, id: String| p.replace(&format!("/clienten/{id}/"), "/clienten/ID/");
        assert_eq!(same(&missing, "987654".into()), same(&page, client.to_string()), "{e}: ids reveal nothing");

        // No reason, or too short a reason: nothing granted, a Dutch message.
        for reason in ["", "crisis"] {
            let res = app.post_form(&format!("{path}/noodtoegang"), &[("reason", reason)]).await;
            assert_eq!(res.status(), 422, "{e}");
            let text = res.text().await.unwrap();
            assert!(text.contains("minstens 15 tekens"), "{e}: {text}");
        }
        assert_eq!(app.http.get(app.url(&path)).send().await.unwrap().status(), 403, "{e}: still refused");

        // With a reason: to the dossier, with a banner, logged with the reason.
        let res = app.post_form(&format!("{path}/noodtoegang"), &[("reason", REASON)]).await;
        assert_eq!(res.status(), 303, "{e}");
        assert_eq!(res.headers()["location"], path.as_str(), "{e}");
        let res = app.http.get(app.url(&path)).send().await.unwrap();
        assert_eq!(res.status(), 200, "{e}");
        let dossier = res.text().await.unwrap();
        assert!(dossier.contains("id=\"noodtoegang-actief\"") && dossier.contains("Ayla"), "{e}: the dossier shows the banner");
        let log = db.store.audit_for_client(client, 20).await.unwrap();
        let read = log.iter().find(|r| r.object == "dossier" && r.basis == "noodtoegang").expect("the read under emergency access");
        assert_eq!((read.outcome.as_str(), read.reason.as_deref()), ("granted", Some(REASON)), "{e}: the reason is in the record");
        let granted = log.iter().find(|r| r.object == "noodtoegang").expect("the grant");
        assert_eq!((granted.action.as_str(), granted.basis.as_str(), granted.reason.as_deref()), ("create", "noodtoegang", Some(REASON)), "{e}");

        // A reason for a client that does not exist still fails, and is logged as refused.
        let res = app.post_form("/clienten/987654/noodtoegang", &[("reason", REASON)]).await;
        assert_eq!(res.status(), 403, "{e}");
        assert!(res.text().await.unwrap().contains("Ook met noodtoegang"), "{e}");
        assert_eq!(db.store.audit_for_client(987654, 5).await.unwrap()[0].basis, "geweigerd", "{e}");

        // An expired grant opens nothing.
        db.raw("UPDATE emergency_access SET expires_at = '2000-01-01T00:00:00.000000Z'").await.unwrap();
        let res = app.http.get(app.url(&path)).send().await.unwrap();
        assert_eq!(res.status(), 403, "{e}: expired");
        assert!(res.text().await.unwrap().contains("noodtoegang\""), "{e}: the form is offered again");

        // A volunteer may not break the glass.
        let volunteer = add_user(&db.store, "vrijwilliger@test.nl", "Vera Vrijwillig", "vrijwilliger", None).await;
        assert!(volunteer > 0);
        let vapp = app_for(&db.store, "vrijwilliger@test.nl").await;
        let res = vapp.http.get(vapp.url(&path)).send().await.unwrap();
        assert_eq!(res.status(), 403, "{e}");
        let text = res.text().await.unwrap();
        assert!(!text.contains("/noodtoegang\"") && text.contains("Met uw rol kunt u geen noodtoegang vragen"), "{e}");
        let res = vapp.post_form(&format!("{path}/noodtoegang"), &[("reason", REASON)]).await;
        assert_eq!(res.status(), 403, "{e}: refused on the server too");
        let v = actor(&db.store, "vrijwilliger@test.nl").await;
        assert!(matches!(db.store.open_client(&v, client, AuditAction::Read, "dossier").await, Err(StoreError::Forbidden)), "{e}");
    }
}

/// The number in `id="{prefix}N"` of each element, in page order.
fn ids(page: &str, prefix: &str) -> Vec<i64> {
    page.split(&format!("id=\"{prefix}")).skip(1).filter_map(|s| s.split('"').next()?.parse().ok()).collect()
}

#[tokio::test]
async fn the_privacy_role_searches_exports_and_reviews() {
    for db in databases().await {
        let e = db.engine;
        let (_org, client) = setup(&db.store).await;
        let other = actor(&db.store, "ander@test.nl").await;
        db.store.grant_emergency_access(&other, client, REASON).await.unwrap();
        db.store.open_client(&other, client, AuditAction::Read, "dossier").await.unwrap();
        let lead = actor(&db.store, "teamleider@test.nl").await;
        let second = db.store.register_client(&lead, &ClientInput { first_name: "Bram".into(), last_name: "de Boer".into(), ..Default::default() }).await.unwrap();
        db.store.grant_emergency_access(&other, second, "Bram staat voor de deur en is heel verward").await.unwrap();
        // A browser name that a spreadsheet would run as a formula.
        let evil = reqwest::Client::builder()
            .user_agent("=HYPERLINK(\"http://x\")")
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let worker_app = TestApp { http: evil, ..spawn_app(db.store.clone()).await };
        worker_app.login("begeleider@test.nl").await;
        assert_eq!(worker_app.http.get(worker_app.url(&format!("/clienten/{client}"))).send().await.unwrap().status(), 200);

        // The privacy officer opens no dossier and cannot break the glass.
        let app = app_for(&db.store, "privacy@test.nl").await;
        let res = app.http.get(app.url(&format!("/clienten/{client}"))).send().await.unwrap();
        assert_eq!(res.status(), 403, "{e}");
        assert!(res.text().await.unwrap().contains("Met uw rol kunt u geen noodtoegang vragen"), "{e}");
        let privacy = actor(&db.store, "privacy@test.nl").await;
        assert!(matches!(db.store.open_client(&privacy, client, AuditAction::Read, "dossier").await, Err(StoreError::Forbidden)), "{e}");
        let caseload = app.get_text("/clienten").await;
        assert!(caseload.contains("href=\"/privacy/toegangslog\""), "{e}: the menu shows the log");
        assert!(!caseload.contains("href=\"/clienten/nieuw\""), "{e}: no registering for the privacy officer");
        let input = ClientInput { first_name: "Nieuw".into(), last_name: "Dossier".into(), ..Default::default() };
        assert!(matches!(db.store.register_client(&privacy, &input).await, Err(StoreError::Forbidden)), "{e}: a dossier it could never open");

        // Search by client: who, on what ground, the reason; and the search leaves a record.
        let page = app.get_text(&format!("/privacy/toegangslog?client={client}")).await;
        assert!(page.contains("Sanne de Vries") && page.contains("Kees Jansen") && page.contains(REASON), "{e}");
        assert!(!page.contains("Bram staat"), "{e}: only this client's records");
        let newest = &db.store.audit_for_client(client, 1).await.unwrap()[0];
        assert_eq!(
            (newest.object.as_str(), newest.action.as_str(), newest.basis.as_str(), newest.user_id),
            ("toegangslog", "read", "organisatierol", Some(privacy.user.id)),
            "{e}: looking at the log is logged"
        );

        // By user and by period.
        let page = app.get_text(&format!("/privacy/toegangslog?client={client}&user=kees")).await;
        assert!(page.contains("Kees Jansen") && !page.contains("<td>Sanne de Vries"), "{e}");
        let page = app.get_text("/privacy/toegangslog?from=2000-01-01&to=2000-12-31").await;
        assert!(page.contains("0 regels gevonden."), "{e}");
        let today = chrono::Utc::now().date_naive().to_string();
        let page = app.get_text(&format!("/privacy/toegangslog?from={today}&to={today}&basis=noodtoegang")).await;
        assert!(page.contains("Kees Jansen") && !page.contains("0 regels gevonden."), "{e}");
        let res = app.http.get(app.url("/privacy/toegangslog?from=gisteren")).send().await.unwrap();
        assert_eq!(res.status(), 422, "{e}");
        assert!(res.text().await.unwrap().contains("JJJJ-MM-DD"), "{e}");

        // Others may not look, and their attempt is logged.
        let res = worker_app.http.get(worker_app.url("/privacy/toegangslog")).send().await.unwrap();
        assert_eq!(res.status(), 403, "{e}");
        let refused = db.store.search_audit(&privacy, &regie_store::AuditFilter { basis: "geweigerd".into(), ..Default::default() }, 50, 0).await.unwrap();
        assert!(refused.items.iter().any(|l| l.object == "toegangslog" && l.user_name.as_deref() == Some("Sanne de Vries")), "{e}");
        assert_eq!(worker_app.http.get(worker_app.url("/privacy/noodtoegang")).send().await.unwrap().status(), 403, "{e}");

        // CSV: BOM, semicolons, formulas defused, and the export is logged.
        let res = app.http.get(app.url(&format!("/privacy/toegangslog.csv?client={client}"))).send().await.unwrap();
        assert_eq!(res.status(), 200, "{e}");
        assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/csv"), "{e}");
        let bytes = res.bytes().await.unwrap();
        assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "{e}: UTF-8 BOM for spreadsheets");
        let csv = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert!(csv.starts_with("nummer;moment (UTC);medewerkernummer;medewerker;rol;"), "{e}: {csv}");
        assert!(csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "{e}: the formula is defused: {csv}");
        assert!(csv.contains(";noodtoegang;") && csv.contains(REASON), "{e}");
        let newest = &db.store.audit_for_client(client, 1).await.unwrap()[0];
        assert_eq!((newest.object.as_str(), newest.action.as_str()), ("toegangslog", "export"), "{e}");

        // Review: both grants wait, oldest first; a note is required; reviewed ones move down.
        let page = app.get_text("/privacy/noodtoegang").await;
        let grants = ids(&page, "noodtoegang-");
        assert_eq!(grants.len(), 2, "{e}: {page}");
        assert!(page.contains(REASON) && page.matches("Nog beoordelen").count() == 2, "{e}");
        let first = grants[0];
        let res = app.post_form(&format!("/privacy/noodtoegang/{first}"), &[("review_note", " ")]).await;
        assert_eq!(res.status(), 422, "{e}");
        assert!(res.text().await.unwrap().contains("Vul dit veld in."), "{e}");
        let res = app.post_form(&format!("/privacy/noodtoegang/{first}"), &[("review_note", "Terecht: crisis, overlegd met teamleider")]).await;
        assert_eq!(res.status(), 303, "{e}");
        let page = app.get_text("/privacy/noodtoegang?beoordeeld=1").await;
        assert_eq!(ids(&page, "noodtoegang-"), vec![grants[1], first], "{e}: the reviewed grant moved down");
        assert!(page.contains("Terecht: crisis") && page.contains("Beoordeeld door") && page.matches("Nog beoordelen").count() == 1, "{e}");
        let again = app.post_form(&format!("/privacy/noodtoegang/{first}"), &[("review_note", "nog eens")]).await;
        assert_eq!(again.status(), 404, "{e}: reviewed once");
        let newest = &db.store.audit_for_client(client, 1).await.unwrap()[0];
        assert_eq!((newest.object.as_str(), newest.action.as_str()), ("noodtoegang", "update"), "{e}: the review is logged");
    }
}

#[tokio::test]
async fn the_client_sees_who_opened_the_dossier() {
    for db in databases().await {
        let e = db.engine;
        let (_org, client) = setup(&db.store).await;
        let lead = actor(&db.store, "teamleider@test.nl").await;
        db.store.open_client(&lead, client, AuditAction::Update, "journaal").await.unwrap();
        let other = actor(&db.store, "ander@test.nl").await;
        assert!(db.store.open_client(&other, client, AuditAction::Read, "dossier").await.is_err());
        let app = spawn_app(db.store.clone()).await;
        let token = app.token("begeleider@test.nl").await;
        let res = app.http.get(app.url(&format!("/api/v1/clients/{client}/access-log"))).bearer_auth(&token).send().await.unwrap();
        assert_eq!(res.status(), 200, "{e}");
        let body: serde_json::Value = res.json().await.unwrap();
        let items = body["items"].as_array().unwrap();
        let by = |who: &str| items.iter().find(|i| i["who"] == who).cloned().unwrap_or_else(|| panic!("{e}: {who} in {body}"));
        let sanne = by("Sanne de Vries");
        assert_eq!(sanne["role"], "Trajectbegeleider", "{e}");
        assert_eq!(sanne["organisation"], "Team Instroom, Instroomhuis", "{e}");
        let fatima = by("Fatima El Amrani");
        assert_eq!((fatima["basis"].as_str(), fatima["action_text"].as_str()), (Some("teamleiding"), Some("gewijzigd")), "{e}");
        assert_eq!(fatima["basis_text"], "leidt het team dat u begeleidt", "{e}");
        assert!(items.iter().all(|i| i["who"] != "Kees Jansen"), "{e}: refused attempts are not in the list");
        assert_eq!(body["refused_attempts"], 1, "{e}: but they are counted");
        assert!(items.iter().any(|i| i["object"] == "toegangslog"), "{e}: reading the overview is itself in it");

        let token = app.token("ander@test.nl").await;
        let res = app.http.get(app.url(&format!("/api/v1/clients/{client}/access-log"))).bearer_auth(&token).send().await.unwrap();
        assert_eq!(res.status(), 403, "{e}: only who may open the client");
    }
}

async fn log_ids(db: &Db) -> Vec<i64> {
    db.column("SELECT id FROM audit_log ORDER BY id").await
}

#[tokio::test]
async fn pruning_keeps_the_chain_verifiable() {
    for db in databases().await {
        let e = db.engine;
        let (_org, client) = setup(&db.store).await;
        let worker = actor(&db.store, "begeleider@test.nl").await;
        for _ in 0..3 {
            db.store.open_client(&worker, client, AuditAction::Read, "dossier").await.unwrap();
        }
        let old = log_ids(&db).await;
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        let cutoff = chrono::Utc::now();
        for _ in 0..4 {
            db.store.open_client(&worker, client, AuditAction::Read, "dossier").await.unwrap();
        }
        let before = log_ids(&db).await;

        // Under five years is refused; five years removes nothing here.
        assert!(matches!(db.store.prune_audit(4).await, Err(StoreError::Config(_))), "{e}");
        assert_eq!(db.store.prune_audit(5).await.unwrap().removed, 0, "{e}");

        let report = db.store.prune_audit_before(cutoff).await.unwrap();
        assert_eq!(report.removed as usize, old.len(), "{e}: the records from before the term go");
        assert_eq!(report.first_kept, before[old.len()], "{e}");
        let after = log_ids(&db).await;
        assert_eq!(after[..after.len() - 1], before[old.len()..], "{e}: the rest stays, plus the prune's own record");
        let verified = db.store.verify_audit_chain().await.unwrap();
        assert_eq!((verified.broken, verified.first, verified.checked as usize), (None, report.first_kept, after.len()), "{e}");
        let pruned = db.store.search_audit(&actor(&db.store, "privacy@test.nl").await, &Default::default(), 5, 0).await.unwrap();
        assert!(pruned.items.iter().any(|l| l.object == "toegangslog" && l.action == "delete" && l.reason.as_deref().is_some_and(|r| r.contains("bewaartermijn"))), "{e}");

        // Only the prune may delete: a plain DELETE is still refused by the database.
        let kept = after[1];
        let refused = db.raw(&format!("DELETE FROM audit_log WHERE id = {kept}")).await.expect_err("a plain delete").to_string();
        assert!(refused.contains("append-only"), "{e}: {refused}");
        let refused = db.raw(&format!("DELETE FROM audit_log WHERE id <= {kept}")).await.expect_err("the start").to_string();
        assert!(refused.contains("append-only"), "{e}: {refused}");

        // Tampering is still named, counted from the anchor.
        let drop = if e == "sqlite" {
            "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;"
        } else {
            "DROP TRIGGER audit_log_append_only ON audit_log;"
        };
        db.raw(drop).await.unwrap();
        db.raw(&format!("UPDATE audit_log SET object = 'x' WHERE id = {kept}")).await.unwrap();
        let broken = db.store.verify_audit_chain().await.unwrap().broken.expect("noticed");
        assert_eq!((broken.id, broken.problem), (kept, ChainProblem::Altered), "{e}");
        db.raw(&format!("UPDATE audit_log SET object = 'dossier' WHERE id = {kept}")).await.unwrap();
        assert_eq!(db.store.verify_audit_chain().await.unwrap().broken, None, "{e}: restored");
        db.raw(&format!("DELETE FROM audit_log WHERE id = {}", after[0])).await.unwrap();
        let broken = db.store.verify_audit_chain().await.unwrap().broken.expect("a deleted first record is noticed");
        assert_eq!((broken.id, broken.problem), (kept, ChainProblem::PreviousMissing), "{e}");
        assert!(db.store.prune_audit_before(chrono::Utc::now()).await.is_err(), "{e}: a broken chain is not pruned");
    }
}

fn regie() -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_regie"));
    for (k, _) in std::env::vars() {
        if k.starts_with("REGIE_") || k == "RUST_LOG" {
            c.env_remove(k);
        }
    }
    c.stdin(std::process::Stdio::null());
    c
}

#[tokio::test]
async fn the_prune_command_keeps_five_years_at_least() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("regie.db").display());
    let store = Store::open(&url).await.unwrap();
    setup(&store).await;
    store.close().await;
    let out = regie().args(["audit", "prune", "--audit-retention-years", "3", "--data"]).arg(dir.path()).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("minstens 5 jaar"), "{stderr}");
    let out = regie().args(["audit", "prune", "--data"]).arg(dir.path()).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("Niets opgeschoond") && stdout.contains("5 jaar"), "{stdout}");
}

#[tokio::test]
async fn forwarded_for_is_believed_only_from_a_trusted_proxy() {
    for db in databases().await {
        let e = db.engine;
        let (_org, client) = setup(&db.store).await;
        let path = format!("/clienten/{client}");
        let open_via = |app: &TestApp, xff: &'static str| {
            let req = app.http.get(app.url(&path)).header("x-forwarded-for", xff);
            async move { assert_eq!(req.send().await.unwrap().status(), 200) }
        };

        let direct = app_for(&db.store, "begeleider@test.nl").await;
        open_via(&direct, "203.0.113.7").await;
        assert_eq!(db.store.audit_for_client(client, 1).await.unwrap()[0].source, "127.0.0.1", "{e}: an untrusted peer's header is ignored");

        let config = regie_web::WebConfig { trusted_proxies: vec![regie_web::TrustedProxy::parse("127.0.0.0/8").unwrap()], ..Default::default() };
        let proxied = spawn_app_with(db.store.clone(), config).await;
        proxied.login("begeleider@test.nl").await;
        open_via(&proxied, "6.6.6.6, 203.0.113.7").await;
        assert_eq!(db.store.audit_for_client(client, 1).await.unwrap()[0].source, "203.0.113.7", "{e}: the rightmost untrusted entry");
        open_via(&proxied, "203.0.113.9, 127.0.0.5").await;
        assert_eq!(db.store.audit_for_client(client, 1).await.unwrap()[0].source, "203.0.113.9", "{e}: trusted hops are skipped");
    }
}
