//! Registering a client together with its first trajectory, as one store operation, through the
//! store, the page and the API on both engines: functioneel beheer registers for a worker, a
//! wrong trajectory saves nothing, and the API call costs the same queries however many teams
//! the organisation has.

use crate::harness::{engines, seed_org, spawn_app, Org, TestApp, PASSWORD};
use chrono::{Duration, NaiveDate};
use regie_store::{Actor, CaseloadQuery, CaseloadView, ClientInput, NewUser, Store, StoreError, TrajectoryInput};
use serde_json::{json, Value};

async fn actor(store: &Store, email: &str) -> Actor {
    let user = store.user_by_email(email).await.unwrap().expect("seeded user");
    Actor { user, on_behalf_of: None, source: "127.0.0.1".into(), user_agent: "registration-test".into() }
}

fn today() -> NaiveDate {
    regie_store::today()
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

async fn model_id(store: &Store, code: &str) -> i64 {
    store.phase_models().await.unwrap().into_iter().find(|m| m.code == code).expect("built-in model").id
}

/// The names on `email`'s caseload (mine) and, for a teamleider, the team's.
async fn caseload(store: &Store, email: &str, view: CaseloadView) -> Vec<String> {
    let who = actor(store, email).await;
    let q = CaseloadQuery { view, search: None, limit: 200, offset: 0 };
    store.caseload(&who, &q, today()).await.unwrap().items.into_iter().map(|r| r.name).collect()
}

/// Every client of team A, whoever holds it (the teamleider's team view).
async fn team_a_clients(store: &Store) -> Vec<String> {
    caseload(store, "teamleider@test.nl", CaseloadView::Visible).await
}

async fn post_json(app: &TestApp, token: &str, path: &str, body: Value) -> (u16, Value) {
    let res = app.http.post(app.url(&format!("/api/v1{path}"))).bearer_auth(token).json(&body).send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap())
}

#[tokio::test]
async fn the_store_registers_client_and_trajectory_together_or_nothing() {
    for (engine, store, _guard) in engines().await {
        let org = seed_org(&store).await;
        let admin = actor(&store, "beheer@test.nl").await;
        let cti = model_id(&store, "cti").await;
        let client = ClientInput { first_name: "Noor".into(), last_name: "Bakker".into(), team_id: Some(org.team_a), ..Default::default() };

        // Both halves wrong: every message of both in one refusal, the trajectory's prefixed.
        let bad_client = ClientInput { first_name: " ".into(), birth_date: Some(day(today() + Duration::days(5))), ..client.clone() };
        let bad_trajectory = TrajectoryInput {
            model_id: cti,
            owner_user_id: org.admin,
            started_on: day(today() + Duration::days(2)),
            focus_domains: vec!["f8_wonen".into()],
            funding: None,
        };
        let err = store.register_client_with_trajectory(&admin, &bad_client, Some(&bad_trajectory), today()).await.unwrap_err();
        let StoreError::Invalid(inv) = err else { panic!("{engine}: expected a refusal, got {err:?}") };
        let e = inv.0;
        assert_eq!(e.get("first_name"), Some("Vul dit veld in."), "{engine}: {e:?}");
        assert_eq!(e.get("birth_date"), Some("Deze datum ligt in de toekomst."), "{engine}: {e:?}");
        assert_eq!(e.get("trajectory.started_on"), Some("Deze datum ligt in de toekomst."), "{engine}: {e:?}");
        assert!(e.get("trajectory.owner_user_id").is_some(), "{engine}: functioneel beheer is no trajectbegeleider: {e:?}");
        assert_eq!(e.get("trajectory.focus_domains"), Some("Kies focusdomeinen die bij deze methode horen."), "{engine}: {e:?}");

        // Only the trajectory wrong: the client is not saved either.
        let wrong_model = TrajectoryInput { model_id: 987_654, owner_user_id: org.worker, started_on: day(today()), focus_domains: vec![], funding: None };
        let err = store.register_client_with_trajectory(&admin, &client, Some(&wrong_model), today()).await.unwrap_err();
        assert!(matches!(&err, StoreError::Invalid(inv) if inv.0.get("trajectory.model_id").is_some() && inv.0.0.len() == 1), "{engine}: {err:?}");
        assert!(team_a_clients(&store).await.is_empty(), "{engine}: a refused registration saved a client");

        // Right: the worker holds the client, functioneel beheer does not.
        let good = TrajectoryInput { model_id: cti, owner_user_id: org.worker, started_on: day(today()), focus_domains: vec!["zrm_huisvesting".into()], funding: None };
        let done = store.register_client_with_trajectory(&admin, &client, Some(&good), today()).await.unwrap();
        assert!(!done.actor_may_open, "{engine}");
        let t = done.trajectory.expect("trajectory started");
        assert_eq!((t.client_id, t.owner_user_id, t.phase_name.as_str()), (done.client.id, org.worker, "Structurering"), "{engine}");
        assert_eq!(caseload(&store, "begeleider@test.nl", CaseloadView::Mine).await, ["Noor Bakker"], "{engine}");
        assert!(matches!(store.open_client(&admin, done.client.id, regie_domain::catalogue::AuditAction::Read, "test").await, Err(StoreError::Forbidden)));
        let worker = actor(&store, "begeleider@test.nl").await;
        let scope = store.open_client(&worker, done.client.id, regie_domain::catalogue::AuditAction::Read, "test").await.unwrap();
        let team = store.care_team(&scope).await.unwrap();
        assert_eq!(team.iter().map(|m| m.user_id).collect::<Vec<_>>(), [org.worker], "{engine}: only the trajectbegeleider");
        let steps = store.phase_steps(&scope, t.id).await.unwrap();
        assert_eq!((steps.len(), steps[0].by_name.as_str()), (1, "Ingrid Smit"), "{engine}: the first phase, recorded as beheer's");
        let log = store.audit_for_client(done.client.id, 20).await.unwrap();
        for object in ["client", "trajectory"] {
            assert!(log.iter().any(|r| r.action == "create" && r.object == object && r.user_id == Some(org.admin)), "{engine}: no audit of {object}: {log:?}");
        }
    }
}

/// The fields of the new-client form for a client of team A held by `owner`.
fn form(org: &Org, model: i64, owner: i64, started: &str) -> Vec<(&'static str, String)> {
    vec![
        ("first_name", "Ravi".into()),
        ("last_name", "Sedney".into()),
        ("birth_date", "1985-03-09".into()),
        ("team_id", org.team_a.to_string()),
        ("model_id", model.to_string()),
        ("owner_user_id", owner.to_string()),
        ("started_on", started.into()),
    ]
}

async fn post_form(app: &TestApp, fields: &[(&'static str, String)]) -> (u16, String, String) {
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let res = app.post_form("/clienten", &pairs).await;
    let status = res.status().as_u16();
    let location = res.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    (status, location, res.text().await.unwrap())
}

#[tokio::test]
async fn functioneel_beheer_registers_a_client_for_a_worker_on_the_page() {
    for (engine, store, _guard) in engines().await {
        let org = seed_org(&store).await;
        let app = spawn_app(store.clone()).await;
        app.login("beheer@test.nl").await;
        let model = model_id(&store, "8fasen").await;

        // A wrong trajectory half: 422 with the message at the field, nothing saved.
        let (status, _, page) = post_form(&app, &form(&org, model, org.admin, &day(today() + Duration::days(1)))).await;
        assert_eq!(status, 422, "{engine}");
        assert!(page.contains("Deze datum ligt in de toekomst.") && page.contains("Kies een medewerker die nu in dienst is als trajectbegeleider."), "{engine}");
        assert!(page.contains("value=\"Sedney\""), "{engine}: input kept");
        assert!(team_a_clients(&store).await.is_empty(), "{engine}: nothing saved");

        let (status, location, _) = post_form(&app, &form(&org, model, org.worker, &day(today()))).await;
        assert_eq!((status, location.as_str()), (303, "/clienten/nieuw?ingeschreven=1"), "{engine}: beheer may not open the dossier, so back to the form");
        let page = app.get_text(&location).await;
        assert!(page.contains("De cliënt is ingeschreven"), "{engine}: confirmation shown");
        assert!(!page.contains("Sedney"), "{engine}: no client data shown to beheer");

        let worker = spawn_app(store.clone()).await;
        worker.login("begeleider@test.nl").await;
        let caseload = worker.get_text("/clienten").await;
        assert!(caseload.contains("Ravi Sedney") && caseload.contains("Aanmelding"), "{engine}: the worker holds the client in the first phase");
    }
}

#[tokio::test]
async fn functioneel_beheer_registers_a_client_for_a_worker_through_the_api() {
    for (engine, store, _guard) in engines().await {
        let org = seed_org(&store).await;
        let app = spawn_app(store.clone()).await;
        let token = app.token("beheer@test.nl").await;
        let model = model_id(&store, "krachtwerk").await;
        let base = json!({ "first_name": "Ravi", "last_name": "Sedney", "team_id": org.team_a });

        let mut wrong = base.clone();
        wrong["trajectory"] = json!({ "model_id": model, "owner_user_id": org.worker, "started_on": "gisteren" });
        let (status, body) = post_json(&app, &token, "/clients", wrong).await;
        assert_eq!(status, 422, "{engine}: {body}");
        assert_eq!(body["fields"]["trajectory.started_on"], "Geef een geldige datum (JJJJ-MM-DD).", "{engine}: {body}");
        // Without an owner the caller would be the trajectbegeleider, which beheer cannot be.
        let mut no_owner = base.clone();
        no_owner["trajectory"] = json!({ "model_id": model });
        let (status, body) = post_json(&app, &token, "/clients", no_owner).await;
        assert_eq!(status, 422, "{engine}: {body}");
        assert!(body["fields"]["trajectory.owner_user_id"].is_string(), "{engine}: {body}");
        assert!(team_a_clients(&store).await.is_empty(), "{engine}: nothing saved");

        let mut good = base.clone();
        good["trajectory"] = json!({ "model_id": model, "owner_user_id": org.worker });
        let (status, body) = post_json(&app, &token, "/clients", good).await;
        assert_eq!(status, 201, "{engine}: {body}");
        assert_eq!((body["last_name"].as_str(), body["trajectory"]["phase_name"].as_str()), (Some("Sedney"), Some("Focus")), "{engine}: {body}");
        assert_eq!(body["trajectory"]["owner_user_id"], org.worker, "{engine}");
        let id = body["id"].as_i64().unwrap();

        let worker = app.token("begeleider@test.nl").await;
        let list: Value = app.http.get(app.url("/api/v1/clients?view=mine")).bearer_auth(&worker).send().await.unwrap().json().await.unwrap();
        assert_eq!(list["total"], 1, "{engine}: {list}");
        assert_eq!(list["items"][0]["client_id"], id, "{engine}: {list}");
        let res = app.http.get(app.url(&format!("/api/v1/clients/{id}"))).bearer_auth(&token).send().await.unwrap();
        assert_eq!(res.status(), 403, "{engine}: beheer holds no care relation");
    }
}

#[tokio::test]
async fn registering_through_the_api_costs_the_same_queries_with_few_and_many_teams() {
    for (engine, store, _guard) in engines().await {
        let org = seed_org(&store).await;
        let app = spawn_app(store.clone()).await;
        let token = app.token("teamleider@test.nl").await;
        let model = model_id(&store, "8fasen").await;
        let hash = regie_store::hash_password(PASSWORD);
        let location = store.create_location("Ambulant", "ambulant").await.unwrap();
        // The trajectbegeleider works in the team made last, so a search team by team would
        // have to pass every other team first.
        let add_team = |n: usize| {
            let store = store.clone();
            let hash = hash.clone();
            async move {
                let team = store.create_team(&format!("Team {n}"), location).await.unwrap();
                let user = NewUser { email: format!("w{n}@test.nl"), name: format!("Werker {n}"), role: "trajectbegeleider".into(), team_id: Some(team), password_hash: hash };
                store.create_user(&user).await.unwrap()
            }
        };
        let mut owner = add_team(0).await;
        let register = |owner: i64, n: usize| {
            let body = json!({ "first_name": "Klant", "last_name": format!("Nummer {n}"), "team_id": org.team_a,
                "trajectory": { "model_id": model, "owner_user_id": owner, "focus_domains": ["f8_wonen"] } });
            let (app, token, store) = (&app, &token, &store);
            async move {
                let before = store.query_count();
                let (status, body) = post_json(app, token, "/clients", body).await;
                assert_eq!(status, 201, "{body}");
                store.query_count() - before
            }
        };
        // A token's first use records when it was used (once a minute); do that before measuring.
        let me = app.http.get(app.url("/api/v1/me")).bearer_auth(&token).send().await.unwrap();
        assert_eq!(me.status(), 200, "{engine}");
        let few = register(owner, 1).await;
        for n in 1..10 {
            owner = add_team(n).await;
        }
        assert_eq!(store.teams().await.unwrap().len(), 12, "{engine}");
        let many = register(owner, 2).await;
        assert_eq!(few, many, "{engine}: registering with 3 and with 12 teams");
        assert!(few <= 25, "{engine}: {few} queries for one registration");
    }
}
