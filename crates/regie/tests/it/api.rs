//! The JSON API (`/api/v1`, docs/api.md): the caseload and access rules on both engines, Dutch
//! JSON errors for every kind of mistake, versions and conflicts, the plan on a past date, and a
//! whole trajectory run through the API.

use crate::harness::{engines, seed_org, spawn_app, sqlite_store, Org, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

/// A caller of the API with one user's token.
struct Api<'a> {
    app: &'a TestApp,
    token: String,
}

impl<'a> Api<'a> {
    async fn of(app: &'a TestApp, email: &str) -> Api<'a> {
        Api { app, token: app.token(email).await }
    }

    /// Sends a request; answers the status and the JSON body (`Null` when empty).
    async fn call(&self, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut req = self.app.http.request(method, self.app.url(&format!("/api/v1{path}"))).bearer_auth(&self.token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.unwrap();
        let status = res.status().as_u16();
        let text = res.text().await.unwrap();
        let value = if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or_else(|_| panic!("{path}: not JSON: {text}")) };
        (status, value)
    }

    async fn get(&self, path: &str) -> (u16, Value) {
        self.call(Method::GET, path, None).await
    }

    async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        self.call(Method::POST, path, Some(body)).await
    }

    async fn put(&self, path: &str, body: Value) -> (u16, Value) {
        self.call(Method::PUT, path, Some(body)).await
    }

    /// Registers a client; panics unless it answers 201.
    async fn register(&self, first: &str, last: &str, trajectory: Option<Value>) -> Value {
        let mut body = json!({ "first_name": first, "last_name": last, "birth_date": "1990-05-17", "city": "Utrecht" });
        if let Some(t) = trajectory {
            body["trajectory"] = t;
        }
        let (status, client) = self.post("/clients", body).await;
        assert_eq!(status, 201, "register {first} {last}: {client}");
        client
    }
}

fn today() -> chrono::NaiveDate {
    regie_store::today()
}

/// The id of a built-in phase model by code.
async fn model_id(api: &Api<'_>, code: &str) -> i64 {
    let (status, models) = api.get("/phase-models").await;
    assert_eq!(status, 200);
    models["items"].as_array().unwrap().iter().find(|m| m["code"] == code).unwrap_or_else(|| panic!("model {code}"))["id"].as_i64().unwrap()
}

/// A client of the worker with an 8-fasenmodel trajectory and one goal; (client id, trajectory id, goal).
async fn client_with_goal(api: &Api<'_>, org: &Org) -> (i64, i64, Value) {
    let model = model_id(api, "8fasen").await;
    let client = api.register("Mila", "Jansen", Some(json!({ "model_id": model, "owner_user_id": org.worker }))).await;
    let (id, tid) = (client["id"].as_i64().unwrap(), client["trajectory"]["id"].as_i64().unwrap());
    let (status, goal) = api
        .post(&format!("/clients/{id}/trajectories/{tid}/plan/goals"), json!({ "domain": "f8_wonen", "text": "Een eigen kamer", "priority": 1 }))
        .await;
    assert_eq!(status, 201, "{goal}");
    (id, tid, goal)
}

fn names(page: &Value) -> Vec<String> {
    let mut n: Vec<String> = page["items"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap().to_string()).collect();
    n.sort();
    n
}

#[tokio::test]
async fn the_list_shows_exactly_the_callers_clients_paged_on_both_engines() {
    for (engine, store, _guard) in engines().await {
        seed_org(&store).await;
        let app = spawn_app(store).await;
        let worker = Api::of(&app, "begeleider@test.nl").await;
        let other = Api::of(&app, "ander@test.nl").await;
        for last in ["Aalders", "Bos", "Claes"] {
            worker.register("Mila", last, None).await;
        }
        for last in ["Dekker", "Evers"] {
            other.register("Kim", last, None).await;
        }
        // A client registered directly through the store for the other worker is just as invisible.
        let actor = regie_store::Actor {
            user: app.store.user_by_email("ander@test.nl").await.unwrap().unwrap(),
            on_behalf_of: None,
            source: "test".into(),
            user_agent: "test".into(),
        };
        app.store
            .register_client(&actor, &regie_store::ClientInput { first_name: "Lotte".into(), last_name: "Franken".into(), ..Default::default() })
            .await
            .unwrap();

        let (status, page) = worker.get("/clients").await;
        assert_eq!(status, 200, "{engine}: {page}");
        assert_eq!(page["total"], 3, "{engine}: {page}");
        assert_eq!(names(&page), ["Mila Aalders", "Mila Bos", "Mila Claes"], "{engine}");
        let (_, theirs) = other.get("/clients").await;
        assert_eq!(theirs["total"], 3, "{engine}: {theirs}");
        assert_eq!(names(&theirs), ["Kim Dekker", "Kim Evers", "Lotte Franken"], "{engine}");

        let (_, first) = worker.get("/clients?limit=2&offset=0").await;
        let (_, rest) = worker.get("/clients?limit=2&offset=2").await;
        assert_eq!(first["items"].as_array().unwrap().len(), 2, "{engine}");
        assert_eq!(rest["items"].as_array().unwrap().len(), 1, "{engine}");
        assert_eq!((first["total"].as_i64(), rest["total"].as_i64()), (Some(3), Some(3)), "{engine}");
        let mut both = [names(&first), names(&rest)].concat();
        both.sort();
        assert_eq!(both, names(&page), "{engine}: pages overlap or miss a client");

        // The teamleider of team A sees the team's caseload, not team B's.
        let lead = Api::of(&app, "teamleider@test.nl").await;
        let (_, team) = lead.get("/clients").await;
        assert_eq!(names(&team), ["Mila Aalders", "Mila Bos", "Mila Claes"], "{engine}");
    }
}

#[tokio::test]
async fn a_client_outside_the_caseload_is_refused_and_the_refusal_is_logged_on_both_engines() {
    for (engine, store, _guard) in engines().await {
        let org = seed_org(&store).await;
        let app = spawn_app(store).await;
        let worker = Api::of(&app, "begeleider@test.nl").await;
        let other = Api::of(&app, "ander@test.nl").await;
        let model = model_id(&other, "8fasen").await;
        let theirs = other.register("Kim", "Dekker", Some(json!({ "model_id": model }))).await;
        let (id, tid) = (theirs["id"].as_i64().unwrap(), theirs["trajectory"]["id"].as_i64().unwrap());

        for (method, path, body) in [
            (Method::GET, format!("/clients/{id}"), None),
            (Method::GET, format!("/clients/{id}/journal"), None),
            (Method::GET, format!("/clients/{id}/trajectories/{tid}/plan"), None),
            (Method::POST, format!("/clients/{id}/trajectories/{tid}/plan/goals"), Some(json!({ "domain": "f8_wonen", "text": "Stiekem" }))),
            (Method::PUT, format!("/clients/{id}"), Some(json!({ "first_name": "X", "last_name": "Y", "version": 1 }))),
        ] {
            let (status, body) = worker.call(method.clone(), &path, body).await;
            assert_eq!(status, 403, "{engine}: {method} {path}: {body}");
            assert_eq!(body["error"], "U hebt geen toegang tot deze cliënt.", "{engine}");
        }
        let audit = app.store.audit_for_client(id, 50).await.unwrap();
        let refused: Vec<_> = audit.iter().filter(|r| r.user_id == Some(org.worker) && r.outcome == "refused").collect();
        assert_eq!(refused.len(), 5, "{engine}: one refusal record per attempt: {audit:?}");
        assert!(refused.iter().any(|r| r.object == "dossier" && r.action == "read"), "{engine}: {refused:?}");
        assert!(refused.iter().any(|r| r.object == "goal" && r.action == "create"), "{engine}: {refused:?}");
        let (_, plan) = other.get(&format!("/clients/{id}/trajectories/{tid}/plan")).await;
        assert!(plan["goals"].as_array().unwrap().is_empty(), "{engine}: the refused goal was saved: {plan}");

        // An id that does not exist answers the same as one that is not yours.
        let (status, _) = worker.get("/clients/999999").await;
        assert_eq!(status, 403, "{engine}");

        // Through one's own client, another client's trajectory or goal cannot be reached.
        let (status, their_goal) = other.post(&format!("/clients/{id}/trajectories/{tid}/plan/goals"), json!({ "domain": "f8_wonen", "text": "Een eigen kamer" })).await;
        assert_eq!(status, 201, "{engine}: {their_goal}");
        let mine = worker.register("Mila", "Aalders", Some(json!({ "model_id": model }))).await;
        let own = mine["id"].as_i64().unwrap();
        let (status, _) = worker.get(&format!("/clients/{own}/trajectories/{tid}/plan")).await;
        assert_eq!(status, 404, "{engine}");
        let (status, _) = worker.put(&format!("/clients/{own}/goals/{}", their_goal["id"]), json!({ "domain": "f8_wonen", "text": "Gekaapt", "version": 1 })).await;
        assert_eq!(status, 404, "{engine}");
        let (status, _) = worker.call(Method::DELETE, &format!("/clients/{own}/goals/{}?version=1", their_goal["id"]), None).await;
        assert_eq!(status, 404, "{engine}");
        let (_, plan) = other.get(&format!("/clients/{id}/trajectories/{tid}/plan")).await;
        assert_eq!(plan["goals"][0]["text"], "Een eigen kamer", "{engine}: {plan}");
        // The owner still gets in, and that is logged as granted.
        let (status, _) = other.get(&format!("/clients/{id}")).await;
        assert_eq!(status, 200, "{engine}");
        let audit = app.store.audit_for_client(id, 1).await.unwrap();
        assert_eq!((audit[0].user_id, audit[0].outcome.as_str()), (Some(org.other), "granted"), "{engine}");
    }
}

#[tokio::test]
async fn missing_tokens_and_malformed_requests_get_dutch_json_errors() {
    let (store, _dir) = sqlite_store().await;
    let org = seed_org(&store).await;
    let app = spawn_app(store).await;
    let worker = Api::of(&app, "begeleider@test.nl").await;
    let (id, tid, _) = client_with_goal(&worker, &org).await;

    // No token, a wrong token, and a token without "Bearer".
    let res = app.http.get(app.url("/api/v1/clients")).send().await.unwrap();
    assert_eq!(res.status(), 401);
    assert_eq!(res.json::<Value>().await.unwrap()["error"], "Log eerst in.");
    let stranger = Api { app: &app, token: "verzonnen".into() };
    let (status, body) = stranger.get("/clients").await;
    assert_eq!((status, body["error"].as_str()), (401, Some("Log eerst in.")));
    let res = app.http.get(app.url("/api/v1/clients")).header("authorization", worker.token.clone()).send().await.unwrap();
    assert_eq!(res.status(), 401);

    // Malformed JSON, no content type, a field of the wrong type.
    let res = app
        .http
        .post(app.url(&format!("/api/v1/clients/{id}/journal")))
        .bearer_auth(&worker.token)
        .header("content-type", "application/json")
        .body("{\"text\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"], "De gegevens kloppen niet: dit is geen geldige JSON.");
    let res = app.http.post(app.url("/api/v1/clients")).bearer_auth(&worker.token).body("first_name=Mila").send().await.unwrap();
    assert_eq!(res.status(), 400);
    assert!(res.json::<Value>().await.unwrap()["error"].as_str().unwrap().contains("Content-Type"));
    let (status, body) = worker.post(&format!("/clients/{id}/trajectories/{tid}/advance"), json!({ "version": "eerste" })).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["error"], "De gegevens kloppen niet: het veld \"version\" heeft de verkeerde vorm.");

    // Path and query parameters of the wrong form.
    let (status, body) = worker.get("/clients/mila").await;
    assert_eq!(status, 400, "{body}");
    assert!(body["error"].as_str().unwrap().starts_with("Het adres klopt niet"), "{body}");
    let (status, body) = worker.get("/clients?limit=veel").await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["error"], "De parameter \"limit\" heeft de verkeerde vorm.");
    let (status, body) = worker.get(&format!("/clients/{id}/trajectories/{tid}/plan?as_of=gisteren")).await;
    assert_eq!(status, 400, "{body}");
    assert!(body["error"].as_str().unwrap().contains("JJJJ-MM-DD"), "{body}");
    let (status, body) = worker.get(&format!("/clients/{id}/trajectories/{tid}/plan/changes")).await;
    assert_eq!(status, 400, "{body}");

    // Unknown routes and methods.
    let (status, body) = worker.get("/bestaat-niet").await;
    assert_eq!((status, body["error"].as_str()), (404, Some("Dit bestaat niet (meer).")));
    let (status, body) = worker.call(Method::DELETE, "/clients", None).await;
    assert_eq!(status, 405);
    assert!(body["error"].is_string());

    // An edit without a version is refused with a field message, not silently applied.
    let (status, body) = worker.post(&format!("/clients/{id}/trajectories/{tid}/advance"), json!({})).await;
    assert_eq!(status, 422, "{body}");
    assert!(body["fields"]["version"].is_string(), "{body}");
    let (_, t) = worker.get(&format!("/clients/{id}/trajectories/{tid}")).await;
    assert_eq!(t["phase_position"], 1);
}

#[tokio::test]
async fn an_invalid_goal_is_refused_whole_with_field_messages() {
    let (store, _dir) = sqlite_store().await;
    let org = seed_org(&store).await;
    let app = spawn_app(store).await;
    let worker = Api::of(&app, "begeleider@test.nl").await;
    let (id, tid, goal) = client_with_goal(&worker, &org).await;

    let (status, body) = worker
        .post(&format!("/clients/{id}/trajectories/{tid}/plan/goals"), json!({ "domain": "maan", "text": "  ", "target_date": "31-12-2026" }))
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"], "Niet opgeslagen: verbeter de gemarkeerde velden.");
    for field in ["domain", "text", "target_date"] {
        assert!(body["fields"][field].is_string(), "no message for {field}: {body}");
    }
    assert_eq!(body["fields"]["text"], "Vul dit veld in.");

    let (status, body) = worker.put(&format!("/clients/{id}/goals/{}", goal["id"]), json!({ "domain": "f8_wonen", "text": "", "version": 1 })).await;
    assert_eq!(status, 422, "{body}");
    let (_, plan) = worker.get(&format!("/clients/{id}/trajectories/{tid}/plan")).await;
    assert_eq!(plan["goals"].as_array().unwrap().len(), 1, "{plan}");
    assert_eq!(plan["goals"][0]["text"], "Een eigen kamer");
    assert_eq!(plan["goals"][0]["version"], 1);

    // Registering with a trajectory that is refused saves no client either.
    let (status, body) = worker
        .post("/clients", json!({ "first_name": "Joost", "last_name": "Mulder", "trajectory": { "model_id": 99999, "started_on": "2999-01-01" } }))
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(body["fields"]["trajectory.model_id"].is_string(), "{body}");
    assert!(body["fields"]["trajectory.started_on"].is_string(), "{body}");
    let (_, page) = worker.get("/clients?q=Mulder").await;
    assert_eq!(page["total"], 0, "the refused registration saved a client: {page}");
}

#[tokio::test]
async fn two_concurrent_edits_of_one_goal_the_second_gets_409_with_the_first_on_both_engines() {
    for (engine, store, _guard) in engines().await {
        let org = seed_org(&store).await;
        let app = spawn_app(store).await;
        let worker = Api::of(&app, "begeleider@test.nl").await;
        let lead = Api::of(&app, "teamleider@test.nl").await;
        let (id, tid, goal) = client_with_goal(&worker, &org).await;
        let path = format!("/clients/{id}/goals/{}", goal["id"]);

        let a = worker.put(&path, json!({ "domain": "f8_wonen", "text": "Een eigen kamer in Utrecht", "version": 1 }));
        let b = lead.put(&path, json!({ "domain": "f8_wonen", "text": "Een eigen appartement", "version": 1 }));
        let ((sa, ba), (sb, bb)) = tokio::join!(a, b);
        let mut statuses = [sa, sb];
        statuses.sort();
        assert_eq!(statuses, [200, 409], "{engine}: {ba} / {bb}");
        let (won, lost) = if sa == 200 { (ba, bb) } else { (bb, ba) };
        assert_eq!(lost["current"]["text"], won["text"], "{engine}: the refusal must show the winner's text: {lost}");
        assert_eq!(lost["current"]["version"], 2, "{engine}");
        assert!(lost["error"].as_str().unwrap().contains("intussen gewijzigd"), "{engine}");

        let (_, plan) = worker.get(&format!("/clients/{id}/trajectories/{tid}/plan")).await;
        assert_eq!(plan["goals"][0]["text"], won["text"], "{engine}");
        // Retrying with the current version works: nothing is lost, nothing blocked.
        let (status, body) = worker.put(&path, json!({ "domain": "f8_wonen", "text": "Samen besloten: een kamer", "version": 2 })).await;
        assert_eq!(status, 200, "{engine}: {body}");
        let (_, history) = worker.get(&format!("/clients/{id}/trajectories/{tid}/plan/history")).await;
        let texts: Vec<&str> = history["items"].as_array().unwrap().iter().filter(|c| c["entity"] == "goal").map(|c| c["data"]["text"].as_str().unwrap()).collect();
        assert_eq!(texts, ["Een eigen kamer", won["text"].as_str().unwrap(), "Samen besloten: een kamer"], "{engine}");
    }
}

#[tokio::test]
async fn the_plan_as_of_a_past_date_is_the_plan_of_that_day() {
    let (store, _dir) = sqlite_store().await;
    let org = seed_org(&store).await;
    let app = spawn_app(store).await;
    let worker = Api::of(&app, "begeleider@test.nl").await;
    let (id, tid, goal) = client_with_goal(&worker, &org).await;
    let (status, _) = worker.put(&format!("/clients/{id}/goals/{}", goal["id"]), json!({ "domain": "f8_wonen", "text": "Een eigen appartement", "version": 1 })).await;
    assert_eq!(status, 200);

    let yesterday = today() - chrono::Duration::days(1);
    let (status, then) = worker.get(&format!("/clients/{id}/trajectories/{tid}/plan?as_of={yesterday}")).await;
    assert_eq!(status, 200, "{then}");
    assert!(then["goals"].as_array().unwrap().is_empty(), "yesterday there was no goal yet: {then}");
    let (_, now) = worker.get(&format!("/clients/{id}/trajectories/{tid}/plan?as_of={}", today())).await;
    assert_eq!(now["goals"][0]["text"], "Een eigen appartement");
    let (_, current) = worker.get(&format!("/clients/{id}/trajectories/{tid}/plan")).await;
    assert_eq!(now, current);

    let (status, changes) = worker.get(&format!("/clients/{id}/trajectories/{tid}/plan/changes?from={yesterday}&to={}", today())).await;
    assert_eq!(status, 200, "{changes}");
    let lines = changes["items"].as_array().unwrap();
    assert_eq!(lines.len(), 2, "{changes}");
    assert_eq!(lines[1]["op"], "update");
    assert!(lines[1]["fields"].as_array().unwrap().contains(&json!(["text", "Een eigen kamer", "Een eigen appartement"])), "{changes}");
    let (_, none) = worker.get(&format!("/clients/{id}/trajectories/{tid}/plan/changes?from={}", today())).await;
    assert!(none["items"].as_array().unwrap().is_empty(), "nothing changed after today: {none}");
}

#[tokio::test]
async fn a_whole_trajectory_runs_through_the_api() {
    let (store, _dir) = sqlite_store().await;
    let org = seed_org(&store).await;
    let app = spawn_app(store).await;
    let worker = Api::of(&app, "begeleider@test.nl").await;
    let day = today().to_string();

    // Catalogues.
    let (_, domains) = worker.get("/life-domains").await;
    assert!(domains["items"].as_array().unwrap().iter().any(|d| d["code"] == "zrm_huisvesting"));
    let (_, teams) = worker.get("/teams").await;
    assert_eq!(teams["items"].as_array().unwrap().len(), 2);
    let (_, staff) = worker.get(&format!("/teams/{}/staff", org.team_a)).await;
    assert!(staff["items"].as_array().unwrap().iter().any(|s| s["id"] == org.colleague));
    let (status, _) = worker.get("/teams/99999/staff").await;
    assert_eq!(status, 404);

    // Register with a CTI trajectory (at most three focus domains).
    let cti = model_id(&worker, "cti").await;
    let too_many = json!({ "model_id": cti, "focus_domains": ["zrm_huisvesting", "zrm_financien", "zrm_werk", "zrm_netwerk"] });
    let (status, body) = worker.post("/clients", json!({ "first_name": "Mila", "last_name": "Jansen", "trajectory": too_many })).await;
    assert_eq!(status, 422, "{body}");
    assert!(body["fields"]["trajectory.focus_domains"].is_string(), "{body}");
    let client = worker
        .register("Mila", "Jansen", Some(json!({ "model_id": cti, "owner_user_id": org.worker, "started_on": day, "focus_domains": ["zrm_huisvesting"] })))
        .await;
    let (id, tid) = (client["id"].as_i64().unwrap(), client["trajectory"]["id"].as_i64().unwrap());
    assert_eq!(client["last_name"], "Jansen");
    assert_eq!(client["trajectory"]["phase_position"], 1);
    assert_eq!(client["trajectory"]["focus_domains"], json!(["zrm_huisvesting"]));

    // Details, household, care team.
    let (status, updated) = worker.put(&format!("/clients/{id}"), json!({ "first_name": "Mila", "last_name": "Jansen-de Boer", "version": client["version"] })).await;
    assert_eq!(status, 200, "{updated}");
    assert_eq!(updated["last_name"], "Jansen-de Boer");
    let (status, stale) = worker.put(&format!("/clients/{id}"), json!({ "first_name": "Mila", "last_name": "Oud", "version": client["version"] })).await;
    assert_eq!(status, 409, "{stale}");
    assert_eq!(stale["current"]["last_name"], "Jansen-de Boer");
    let (status, member) = worker.post(&format!("/clients/{id}/household"), json!({ "name": "Noor", "relation": "dochter", "birth_year": 2019 })).await;
    assert_eq!(status, 201, "{member}");
    let (status, team) = worker.post(&format!("/clients/{id}/care-team"), json!({ "user_id": org.colleague })).await;
    assert_eq!(status, 201, "{team}");
    assert!(team["items"].as_array().unwrap().iter().any(|m| m["user_id"] == org.colleague));
    let colleague = Api::of(&app, "collega@test.nl").await;
    let (status, _) = colleague.get(&format!("/clients/{id}")).await;
    assert_eq!(status, 200, "a care-team member may open the dossier");

    // Focus domains: the method's maximum holds.
    let (status, body) = worker
        .put(&format!("/clients/{id}/trajectories/{tid}/focus-domains"), json!({ "focus_domains": ["zrm_huisvesting", "zrm_financien", "zrm_werk", "zrm_netwerk"], "version": 1 }))
        .await;
    assert_eq!(status, 422, "{body}");
    let (status, t) = worker.put(&format!("/clients/{id}/trajectories/{tid}/focus-domains"), json!({ "focus_domains": ["zrm_huisvesting", "zrm_financien"], "version": 1 })).await;
    assert_eq!(status, 200, "{t}");

    // The plan: perspective, goal, action, status.
    let (status, p) = worker.put(&format!("/clients/{id}/trajectories/{tid}/plan/perspective/wonen"), json!({ "text": "Een eigen plek met een tuintje" })).await;
    assert_eq!(status, 200, "{p}");
    let (status, goal) = worker
        .post(&format!("/clients/{id}/trajectories/{tid}/plan/goals"), json!({ "domain": "zrm_huisvesting", "text": "Een eigen kamer", "target_date": "2030-01-01" }))
        .await;
    assert_eq!(status, 201, "{goal}");
    let gid = goal["id"].as_i64().unwrap();
    let (status, action) = worker
        .post(&format!("/clients/{id}/goals/{gid}/actions"), json!({ "text": "Inschrijven bij WoningNet", "owner_kind": "client", "due_date": day }))
        .await;
    assert_eq!(status, 201, "{action}");
    let aid = action["id"].as_i64().unwrap();
    assert_eq!(action["status"], "open");
    let (status, done) = worker.call(Method::PATCH, &format!("/clients/{id}/actions/{aid}/status"), Some(json!({ "status": "gedaan", "version": action["version"] }))).await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(done["status"], "gedaan");
    let (status, _) = worker.call(Method::PATCH, &format!("/clients/{id}/actions/{aid}/status"), Some(json!({ "status": "klaar", "version": done["version"] }))).await;
    assert_eq!(status, 422);
    let (status, second) = worker
        .post(&format!("/clients/{id}/goals/{gid}/actions"), json!({ "text": "Bellen met de corporatie", "owner_kind": "medewerker", "owner_user_id": org.worker }))
        .await;
    assert_eq!(status, 201, "{second}");
    assert_eq!(second["owner_name"], "Sanne de Vries");
    let (status, edited) = worker
        .put(&format!("/clients/{id}/actions/{}", second["id"]), json!({ "text": "Mailen met de corporatie", "owner_kind": "medewerker", "owner_user_id": org.worker, "version": second["version"] }))
        .await;
    assert_eq!(status, 200, "{edited}");
    let (status, _) = worker.call(Method::DELETE, &format!("/clients/{id}/actions/{}?version={}", second["id"], edited["version"]), None).await;
    assert_eq!(status, 204);

    // Journal, paged.
    for n in 1..=3 {
        let (status, entry) = worker
            .post(
                &format!("/clients/{id}/journal"),
                json!({ "contact_type": "huisbezoek", "contact_date": day, "duration_minutes": 30 + n, "text": format!("Gesprek {n}"), "goal_ids": [gid] }),
            )
            .await;
        assert_eq!(status, 201, "{entry}");
        assert_eq!(entry["client_visible"], true);
    }
    let (status, body) = worker.post(&format!("/clients/{id}/journal"), json!({ "contact_type": "brief", "contact_date": day, "duration_minutes": 0, "text": "" })).await;
    assert_eq!(status, 422, "{body}");
    let (_, journal) = worker.get(&format!("/clients/{id}/journal?limit=2")).await;
    assert_eq!((journal["total"].as_i64(), journal["items"].as_array().unwrap().len()), (Some(3), 2), "{journal}");
    let (_, last) = worker.get(&format!("/clients/{id}/journal?limit=2&offset=2")).await;
    assert_eq!(last["items"].as_array().unwrap().len(), 1);

    // Evaluation with a snapshot of the plan.
    let (status, evaluation) = worker
        .post(
            &format!("/clients/{id}/trajectories/{tid}/evaluations"),
            json!({ "held_on": day, "participants": "Mila, Sanne", "notes": "Goed op weg.", "goals": [{ "goal_id": gid, "verdict": "deels", "decision": "doorgaan" }] }),
        )
        .await;
    assert_eq!(status, 201, "{evaluation}");
    assert_eq!(evaluation["plan"]["goals"][0]["text"], "Een eigen kamer");
    let (_, evaluations) = worker.get(&format!("/clients/{id}/trajectories/{tid}/evaluations")).await;
    assert_eq!(evaluations["items"].as_array().unwrap().len(), 1);

    // Next phase, with who and when.
    let (_, t) = worker.get(&format!("/clients/{id}/trajectories/{tid}")).await;
    let (status, moved) = worker.post(&format!("/clients/{id}/trajectories/{tid}/advance"), json!({ "version": t["version"] })).await;
    assert_eq!(status, 200, "{moved}");
    assert_eq!(moved["phase_position"], 2);
    let (status, _) = worker.post(&format!("/clients/{id}/trajectories/{tid}/advance"), json!({ "version": t["version"] })).await;
    assert_eq!(status, 409, "a stale advance must not skip a phase");
    let (_, phases) = worker.get(&format!("/clients/{id}/trajectories/{tid}/phases")).await;
    let steps = phases["items"].as_array().unwrap();
    assert_eq!(steps.len(), 2, "{phases}");
    assert_eq!(steps[1]["by_name"], "Sanne de Vries");

    // The dossier shows it all.
    let (status, dossier) = worker.get(&format!("/clients/{id}")).await;
    assert_eq!(status, 200, "{dossier}");
    assert_eq!(dossier["client"]["last_name"], "Jansen-de Boer");
    assert_eq!(dossier["household"][0]["name"], "Noor");
    assert_eq!(dossier["trajectory"]["phase_position"], 2);
    assert_eq!(dossier["plan"]["goals"][0]["actions"][0]["status"], "gedaan");
    assert_eq!(dossier["plan"]["perspective"][0]["area"], "wonen");
    assert_eq!(dossier["journal_total"], 3);
    assert_eq!(dossier["evaluations"].as_array().unwrap().len(), 1);

    // Removing the goal, with its version.
    let (_, plan) = worker.get(&format!("/clients/{id}/trajectories/{tid}/plan")).await;
    let version = plan["goals"][0]["version"].as_i64().unwrap();
    let (status, _) = worker.call(Method::DELETE, &format!("/clients/{id}/goals/{gid}?version={}", version + 5), None).await;
    assert_eq!(status, 409);
    let (status, _) = worker.call(Method::DELETE, &format!("/clients/{id}/goals/{gid}?version={version}"), None).await;
    assert_eq!(status, 204);
    let (_, plan) = worker.get(&format!("/clients/{id}/trajectories/{tid}/plan")).await;
    assert!(plan["goals"].as_array().unwrap().is_empty(), "{plan}");
    let (status, _) = worker.call(Method::DELETE, &format!("/clients/{id}/household/{}", member["id"]), None).await;
    assert_eq!(status, 204);
}

#[tokio::test]
async fn only_functioneel_beheer_adds_a_phase_model() {
    let (store, _dir) = sqlite_store().await;
    seed_org(&store).await;
    let app = spawn_app(store).await;
    let model = json!({
        "name": "Eigen kracht",
        "description": "Ons eigen model.",
        "phases": [{ "name": "Kennismaken", "typical_days": 30 }, { "name": "Werken", "typical_days": 180 }]
    });
    let worker = Api::of(&app, "begeleider@test.nl").await;
    let (status, body) = worker.post("/phase-models", model.clone()).await;
    assert_eq!(status, 403, "{body}");
    assert!(body["error"].as_str().unwrap().contains("functioneel beheer"));

    let admin = Api::of(&app, "beheer@test.nl").await;
    let (status, body) = admin.post("/phase-models", json!({ "name": "", "phases": [] })).await;
    assert_eq!(status, 422, "{body}");
    assert!(body["fields"]["name"].is_string() && body["fields"]["phases"].is_string(), "{body}");
    let (status, created) = admin.post("/phase-models", model).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["phases"].as_array().unwrap().len(), 2);
    assert_eq!(created["builtin"], false);
    let (_, models) = worker.get("/phase-models").await;
    assert!(models["items"].as_array().unwrap().iter().any(|m| m["name"] == "Eigen kracht"));
    assert_eq!(models["items"].as_array().unwrap().len(), regie_domain::phase::builtin_models().len() + 1);
}
