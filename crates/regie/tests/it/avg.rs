//! AVG rights (issue 4) on both engines: the client's complete export with the plan's history
//! (store, pages, API) and who may make it; the funding law of a trajectory; retention terms and
//! the list of dossiers past their term. Erasure, with the raw-file check, is in `avg/erasure.rs`.

mod erasure;

use crate::harness::{seed_org, spawn_app};
use chrono::{Duration, NaiveDate};
use regie_domain::catalogue::AuditAction;
use regie_domain::instrument::{MeasurementInput, ScoreInput};
use regie_domain::network::NetworkMemberInput;
use regie_domain::strengths::StrengthInput;
use regie_store::{Actor, ClientInput, GoalInput, ActionInput, JournalInput, Store, StoreError, TrajectoryInput};

pub(crate) use crate::harness::db::{databases, Db};

pub(crate) async fn actor(store: &Store, email: &str) -> Actor {
    let user = store.user_by_email(email).await.unwrap().expect("seeded user");
    Actor { user, on_behalf_of: None, source: "127.0.0.1".into(), user_agent: "avg-test".into() }
}

pub(crate) fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// What a full record holds, with distinctive texts to look for.
pub(crate) struct Record {
    pub client_id: i64,
    pub trajectory_id: i64,
    pub needles: Vec<&'static str>,
}

/// Registers a client of the worker with a trajectory, a changed goal, an action, a journal
/// entry, a strength, a network member and a measurement, all with distinctive texts.
pub(crate) async fn full_record(store: &Store, worker: &Actor, tag: &str) -> Record {
    let today = regie_store::today();
    let (first, last) = if tag == "a" { ("Zwaantje", "Quirijnsma-Tollenaar") } else { ("Wubbo", "Ockelsbroek-Haverkamp") };
    let birth = if tag == "a" { "1957-03-21" } else { "1948-11-09" };
    // Texts unique to this client: [city, goal place, fund, journal, strength, network, note].
    let w: [&'static str; 7] = if tag == "a" {
        ["Oudeschildhaven", "Plonkenburg", "Wobbeltjesfonds", "Xylofoonmiddag", "kantklossen", "Hyacintha", "Pleunenberg"]
    } else {
        ["Zandvoorthaven", "Zeerijpvaart", "Knobbelfonds", "Trombonemiddag", "vlechtborduren", "Gerritdina", "Kwakkelbeek"]
    };
    let input = ClientInput { first_name: first.into(), last_name: last.into(), birth_date: Some(birth.into()), city: Some(w[0].into()), ..Default::default() };
    let id = store.register_client(worker, &input).await.unwrap();
    let scope = store.open_client(worker, id, AuditAction::Update, "test").await.unwrap();
    let model = store.phase_models().await.unwrap().into_iter().find(|m| m.code == "8fasen").unwrap().id;
    let t = TrajectoryInput {
        model_id: model,
        owner_user_id: worker.user.id,
        started_on: day(today - Duration::days(40)),
        focus_domains: vec![],
        funding: Some("jeugdwet".into()),
    };
    let tid = store.start_trajectory(&scope, &t, today).await.unwrap().id;
    let goal = store.add_goal(&scope, tid, &GoalInput { domain: "f8_wonen".into(), text: format!("Verhuizen naar {}", w[1]), ..Default::default() }).await.unwrap();
    let changed = GoalInput { domain: "f8_wonen".into(), text: format!("Verhuizen naar {}-Noord", w[1]), ..Default::default() };
    store.update_goal(&scope, goal.id, &changed, goal.version).await.unwrap();
    let action = ActionInput { text: format!("Formulier {} invullen", w[2]), owner_kind: "client".into(), ..Default::default() };
    store.add_action(&scope, goal.id, &action).await.unwrap();
    let journal = JournalInput {
        contact_type: "huisbezoek".into(),
        contact_date: day(today - Duration::days(2)),
        duration_minutes: "45".into(),
        text: format!("{} bij de buurvrouw besproken", w[3]),
        ..Default::default()
    };
    store.add_journal_entry(&scope, &journal, today).await.unwrap();
    store.add_strength(&scope, &StrengthInput { domain: "f8_wonen".into(), kind: "vaardigheden".into(), text: format!("Kan prachtig {}", w[4]) }).await.unwrap();
    let member = NetworkMemberInput { name: format!("Tante {} Brommel", w[5]), closeness: Some(1), ..Default::default() };
    store.add_network_member(&scope, &member).await.unwrap();
    let m = MeasurementInput {
        instrument: "zrm2017".into(),
        rater: "begeleider".into(),
        measured_on: day(today - Duration::days(30)),
        moment: "begin".into(),
        sources: vec!["client".into()],
        scores: regie_domain::catalogue::BUILTIN_LIFE_DOMAINS
            .iter()
            .filter(|d| d.set == "zrm2017")
            .map(|d| match d.code {
                "zrm_financien" => ScoreInput { domain: d.code.into(), level: "2".into(), note: format!("Schuldhulpvraag {} loopt", w[6]) },
                _ => ScoreInput { domain: d.code.into(), level: "nb".into(), note: String::new() },
            })
            .collect(),
        ..Default::default()
    };
    store.record_measurement(&scope, tid, &m, today).await.unwrap();
    Record {
        client_id: id,
        trajectory_id: tid,
        needles: [first, last, birth].into_iter().chain(w).collect(),
    }
}

/// Closes the trajectory as of `ended`, as if it happened then.
pub(crate) async fn close_on(db: &Db, tid: i64, ended: NaiveDate) {
    let sql = format!("UPDATE trajectories SET status = 'afgesloten', ended_on = '{}', version = version + 1 WHERE id = {tid}", day(ended));
    db.raw(&sql).await.expect(&sql);
}

#[tokio::test]
async fn export_holds_every_part_and_the_plan_history_and_is_logged() {
    for db in databases().await {
        let (store, engine) = (&db.store, db.engine);
        seed_org(store).await;
        let worker = actor(store, "begeleider@test.nl").await;
        let rec = full_record(store, &worker, "a").await;

        let scope = store.open_client_for_export(&worker, rec.client_id).await.unwrap();
        let before = store.query_count();
        let x = store.export_client(&scope, &worker.user.name).await.unwrap();
        let queries = store.query_count() - before;
        let json = serde_json::to_value(&x).unwrap();
        for part in [
            "format", "format_version", "exported_at", "client", "household", "profile", "care_team", "trajectories", "history", "journal",
            "evaluations", "strengths", "network", "measurements", "domain_targets", "result_agreements", "satisfaction", "retention", "access_log",
        ] {
            assert!(json.get(part).is_some(), "{engine}: the export has no part {part}");
        }
        assert_eq!(json["format"], "regie-avg-export");
        assert_eq!(json["format_version"], 1);
        assert_eq!(json["client"]["last_name"], "Quirijnsma-Tollenaar", "{engine}");
        let t = &json["trajectories"][0];
        assert_eq!(t["funding"], "jeugdwet", "{engine}");
        assert_eq!(t["plan"]["goals"][0]["text"], "Verhuizen naar Plonkenburg-Noord", "{engine}: the plan now");
        assert_eq!(t["plan"]["goals"][0]["actions"][0]["text"], "Formulier Wobbeltjesfonds invullen", "{engine}");
        assert!(!t["phase_steps"].as_array().unwrap().is_empty(), "{engine}: phase steps");
        let history = json["history"].as_array().unwrap();
        let goal_texts: Vec<(&str, &str)> =
            history.iter().filter(|c| c["entity"] == "goal").map(|c| (c["op"].as_str().unwrap(), c["item"]["text"].as_str().unwrap_or(""))).collect();
        assert!(goal_texts.contains(&("create", "Verhuizen naar Plonkenburg")), "{engine}: the first wording is in the history: {goal_texts:?}");
        assert!(goal_texts.contains(&("update", "Verhuizen naar Plonkenburg-Noord")), "{engine}: the change is in the history");
        assert!(history.iter().all(|c| c["by"] == "Sanne de Vries"), "{engine}: who changed it, by name");
        assert_eq!(json["journal"][0]["text"], "Xylofoonmiddag bij de buurvrouw besproken");
        assert_eq!(json["strengths"]["items"][0]["text"], "Kan prachtig kantklossen");
        assert_eq!(json["network"][0]["name"], "Tante Hyacintha Brommel");
        let fin = json["measurements"][0]["scores"].as_array().unwrap().iter().find(|s| s["domain"] == "zrm_financien").unwrap().clone();
        assert_eq!(fin["note"], "Schuldhulpvraag Pleunenberg loopt", "{engine}");
        assert_eq!(fin["level"], 2, "{engine}");
        assert_eq!(json["retention"][0]["years_after_end"], 20, "{engine}: Jeugdwet keeps 20 years");
        let log = json["access_log"].as_array().unwrap();
        assert!(log.iter().any(|a| a["action"] == "export" && a["user"] == "Sanne de Vries" && a["basis"] == "zorgrelatie"), "{engine}: the export itself is in the overview");
        assert!(queries <= 30, "{engine}: a fixed number of queries, got {queries}");

        // The same number of queries with a bigger record.
        let scope2 = store.open_client(&worker, rec.client_id, AuditAction::Update, "test").await.unwrap();
        for n in 0..5 {
            let g = GoalInput { domain: "f8_financien".into(), text: format!("Extra doel {n}"), ..Default::default() };
            let g = store.add_goal(&scope2, rec.trajectory_id, &g).await.unwrap();
            store.add_action(&scope2, g.id, &ActionInput { text: format!("Stap {n}"), owner_kind: "client".into(), ..Default::default() }).await.unwrap();
        }
        let before = store.query_count();
        store.export_client(&scope, &worker.user.name).await.unwrap();
        assert_eq!(store.query_count() - before, queries, "{engine}: the export's cost does not grow with the record");

        let logged = store.audit_for_client(rec.client_id, 50).await.unwrap();
        assert!(logged.iter().any(|a| a.action == "export" && a.object == "avg-export" && a.outcome == "granted"), "{engine}: the export is logged");

        // Who may: the teamleider yes; a colleague without a trajectory, another team, beheer no.
        let lead = actor(store, "teamleider@test.nl").await;
        assert!(store.open_client_for_export(&lead, rec.client_id).await.is_ok(), "{engine}: teamleider");
        for email in ["collega@test.nl", "ander@test.nl", "beheer@test.nl"] {
            let who = actor(store, email).await;
            let err = store.open_client_for_export(&who, rec.client_id).await.unwrap_err();
            assert!(matches!(err, StoreError::Forbidden), "{engine}: {email} may not export");
            let logged = store.audit_for_client(rec.client_id, 5).await.unwrap();
            assert!(
                logged.iter().any(|a| a.user_id == Some(who.user.id) && a.action == "export" && a.outcome == "refused"),
                "{engine}: the refusal of {email} is logged"
            );
        }
    }
}

#[tokio::test]
async fn pages_and_api_export_with_plan_history_and_refuse_another_team() {
    for db in databases().await {
        let engine = db.engine;
        seed_org(&db.store).await;
        let worker = actor(&db.store, "begeleider@test.nl").await;
        let rec = full_record(&db.store, &worker, "a").await;
        let app = spawn_app(db.store.clone()).await;
        app.login("begeleider@test.nl").await;
        let res = app.http.get(app.url(&format!("/clienten/{}/inzage", rec.client_id))).send().await.unwrap();
        assert_eq!(res.status(), 200, "{engine}");
        let page = res.text().await.unwrap();
        assert!(page.contains("Geschiedenis van uw plan en dossier"), "{engine}: the history part");
        assert!(page.contains("Doel toegevoegd: <q>Verhuizen naar Plonkenburg</q>"), "{engine}: the first wording, readable");
        assert!(page.contains("Doel gewijzigd: <q>Verhuizen naar Plonkenburg-Noord</q>"), "{engine}: the change, readable");
        assert!(page.contains("Wie heeft uw dossier bekeken"), "{engine}: the access overview");
        assert!(page.contains("data-print"), "{engine}: a print button");

        let res = app.http.get(app.url(&format!("/clienten/{}/inzage.json", rec.client_id))).send().await.unwrap();
        assert_eq!(res.status(), 200);
        let cd = res.headers()["content-disposition"].to_str().unwrap().to_string();
        assert!(cd.starts_with("attachment; filename=\"regie-client-"), "{engine}: a download: {cd}");
        let json: serde_json::Value = res.json().await.unwrap();
        assert_eq!(json["format_version"], 1);

        let token = app.token("begeleider@test.nl").await;
        let res = app.http.get(app.url(&format!("/api/v1/clients/{}/export", rec.client_id))).bearer_auth(&token).send().await.unwrap();
        assert_eq!(res.status(), 200, "{engine}");
        let json: serde_json::Value = res.json().await.unwrap();
        assert!(json["history"].as_array().unwrap().iter().any(|c| c["entity"] == "goal" && c["op"] == "update"), "{engine}");

        let other = app.token("ander@test.nl").await;
        let res = app.http.get(app.url(&format!("/api/v1/clients/{}/export", rec.client_id))).bearer_auth(&other).send().await.unwrap();
        assert_eq!(res.status(), 403, "{engine}: another team");
        let ander = actor(&db.store, "ander@test.nl").await;
        let logged = db.store.audit_for_client(rec.client_id, 5).await.unwrap();
        assert!(logged.iter().any(|a| a.user_id == Some(ander.user.id) && a.action == "export" && a.outcome == "refused"), "{engine}: logged");
    }
}

#[tokio::test]
async fn funding_is_chosen_checked_and_shown() {
    for db in databases().await {
        let (store, engine) = (&db.store, db.engine);
        seed_org(store).await;
        let worker = actor(store, "begeleider@test.nl").await;
        let id = store.register_client(&worker, &ClientInput { first_name: "Fenna".into(), last_name: "Visser".into(), ..Default::default() }).await.unwrap();
        let scope = store.open_client(&worker, id, AuditAction::Create, "test").await.unwrap();
        let model = store.phase_models().await.unwrap().into_iter().find(|m| m.code == "8fasen").unwrap().id;
        let mut t = TrajectoryInput { model_id: model, owner_user_id: worker.user.id, started_on: day(regie_store::today()), focus_domains: vec![], funding: Some("onzin".into()) };
        let StoreError::Invalid(inv) = store.start_trajectory(&scope, &t, regie_store::today()).await.unwrap_err() else { panic!("{engine}") };
        assert!(inv.0.get("funding").is_some_and(|m| m.contains("Kies de wet")), "{engine}: a Dutch message on the field");
        t.funding = Some("participatiewet".into());
        assert_eq!(store.start_trajectory(&scope, &t, regie_store::today()).await.unwrap().funding, "participatiewet", "{engine}");

        let app = spawn_app(store.clone()).await;
        app.login("begeleider@test.nl").await;
        let page = app.get_text(&format!("/clienten/{id}")).await;
        assert!(page.contains("Financiering (wet): Participatiewet"), "{engine}: shown in the dossier");
        let form = app.get_text("/clienten/nieuw").await;
        assert!(form.contains("name=\"funding\""), "{engine}: chosen when registering");
    }
}

#[tokio::test]
async fn retention_terms_are_checked_and_the_past_term_list_shows_ids_only() {
    for db in databases().await {
        let (store, engine) = (&db.store, db.engine);
        let org = seed_org(store).await;
        let worker = actor(store, "begeleider@test.nl").await;
        let admin = actor(store, "beheer@test.nl").await;
        let today = regie_store::today();

        let terms = store.retention_terms(&admin.user).await.unwrap();
        let years = |code: &str| terms.iter().find(|t| t.funding == code).map(|t| t.years);
        assert_eq!((years("jeugdwet"), years("wmo"), years("participatiewet")), (Some(20), Some(15), Some(7)), "{engine}: defaults");
        assert!(matches!(store.retention_terms(&worker.user).await.unwrap_err(), StoreError::Forbidden), "{engine}: beheer only");
        for bad in ["0", "101", "abc", "2,5", ""] {
            let StoreError::Invalid(inv) = store.set_retention_terms(&admin.user, &[("wmo".into(), bad.into())]).await.unwrap_err() else { panic!("{engine}: {bad}") };
            assert!(inv.0.get("years.wmo").is_some_and(|m| m.contains("1 tot en met 100")), "{engine}: {bad} refused in Dutch");
        }
        let saved = store.set_retention_terms(&admin.user, &[("wmo".into(), "12".into())]).await.unwrap();
        assert_eq!(saved.iter().find(|t| t.funding == "wmo").unwrap().years, 12, "{engine}");

        // 21 years ago under the Jeugdwet: past its term. 19 years: not yet. An active one: never.
        let old = full_record(store, &worker, "a").await;
        close_on(&db, old.trajectory_id, today - Duration::days(21 * 366)).await;
        let young = full_record(store, &worker, "b").await;
        close_on(&db, young.trajectory_id, today - Duration::days(19 * 365)).await;
        let active = full_record(store, &worker, "b").await;

        let before = store.query_count();
        let list = store.expired_dossiers(&admin.user, today).await.unwrap();
        assert!(store.query_count() - before <= 3, "{engine}: a fixed number of queries");
        let ids: Vec<i64> = list.iter().map(|r| r.client_id).collect();
        assert!(ids.contains(&old.client_id), "{engine}: 21 years under the Jeugdwet is past the term");
        assert!(!ids.contains(&young.client_id), "{engine}: 19 years is not");
        assert!(!ids.contains(&active.client_id), "{engine}: an active trajectory is not");
        let row = list.iter().find(|r| r.client_id == old.client_id).unwrap();
        assert_eq!((row.funding.as_str(), row.years), ("jeugdwet", 20));

        let app = spawn_app(store.clone()).await;
        app.login("beheer@test.nl").await;
        let page = app.get_text("/beheer/bewaartermijnen/verlopen").await;
        assert!(page.contains(&format!("/beheer/clienten/{}/wissen", old.client_id)), "{engine}: a link to erase");
        assert!(!page.contains("Quirijnsma"), "{engine}: no names for beheer");
        let res = app.post_form("/beheer/bewaartermijnen", &[("years.jeugdwet", "0")]).await;
        assert_eq!(res.status(), 422, "{engine}");
        assert!(res.text().await.unwrap().contains("1 tot en met 100"), "{engine}: the Dutch message");
        let res = app.post_form("/beheer/bewaartermijnen", &[("years.jeugdwet", "25")]).await;
        assert_eq!(res.status(), 303, "{engine}");
        let _ = org;
    }
}
