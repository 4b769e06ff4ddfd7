//! The action plan in the browser: adding goals and actions with and without htmx, quick status
//! buttons, Dutch messages for wrong input, a stale edit refused with the current plan in view,
//! the plan through time, the "op tafel" view, and need-to-know.

use crate::harness::{engines, seed_org, spawn_app, TestApp};
use chrono::{Duration, Utc};
use regie_domain::catalogue::AuditAction;
use regie_domain::plan::PlanSnapshot;
use regie_store::{Actor, ClientInput, ClientScope, Store, TrajectoryInput};

/// A client of team A held by begeleider@test.nl, with a trajectory started ten days ago.
struct Case {
    client: i64,
    trajectory: i64,
    scope: ClientScope,
}

async fn actor(store: &Store, email: &str) -> Actor {
    let user = store.user_by_email(email).await.unwrap().expect("seeded user");
    Actor { user, on_behalf_of: None, source: "127.0.0.1".into(), user_agent: "test".into() }
}

async fn arrange(store: &Store) -> Case {
    let me = actor(store, "begeleider@test.nl").await;
    let input = ClientInput { first_name: "Noor".into(), last_name: "Visser".into(), ..Default::default() };
    let client = store.register_client(&me, &input).await.unwrap();
    let scope = store.open_client(&me, client, AuditAction::Update, "test").await.unwrap();
    let model = store.phase_models().await.unwrap().into_iter().find(|m| m.code == "competentiegericht").expect("built-in model");
    let today = regie_store::today();
    let started = (today - Duration::days(10)).to_string();
    let t = TrajectoryInput { model_id: model.id, owner_user_id: me.user.id, started_on: started, focus_domains: vec![], funding: None };
    let trajectory = store.start_trajectory(&scope, &t, today).await.unwrap().id;
    Case { client, trajectory, scope }
}

/// The app on `store`, signed in as `email`.
async fn app_as(store: &Store, email: &str) -> TestApp {
    let app = spawn_app(store.clone()).await;
    app.login(email).await;
    app
}

/// POST a form the way htmx does (HX-Request and X-CSRF-Token headers); status and body.
async fn htmx_post(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> (u16, String) {
    let csrf = app.csrf().await;
    let res = app
        .http
        .post(app.url(path))
        .header("HX-Request", "true")
        .header("X-CSRF-Token", csrf)
        .form(fields)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.text().await.unwrap())
}

/// POST a plain form (csrf as a field); status, `Location` and body.
async fn plain_post(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> (u16, String, String) {
    let res = app.post_form(path, fields).await;
    let status = res.status().as_u16();
    let location = res.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    (status, location, res.text().await.unwrap())
}

async fn plan(store: &Store, case: &Case) -> PlanSnapshot {
    store.plan(&case.scope, case.trajectory).await.unwrap()
}

fn goal_texts(plan: &PlanSnapshot) -> Vec<&str> {
    plan.goals.iter().map(|g| g.text.as_str()).collect()
}

/// The fields of the goal-add form.
fn new_goal<'a>(tid: &'a str, text: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![("trajectory_id", tid), ("domain", "zrm_huisvesting"), ("text", text), ("priority", ""), ("target_date", "")]
}

#[tokio::test]
async fn a_goal_is_added_with_and_without_htmx() {
    let (store, _dir) = crate::harness::sqlite_store().await;
    seed_org(&store).await;
    let case = arrange(&store).await;
    let app = app_as(&store, "begeleider@test.nl").await;
    let tid = case.trajectory.to_string();
    let path = format!("/clienten/{}/plan/doelen", case.client);

    let (status, location, _) = plain_post(&app, &path, &new_goal(&tid, "Een eigen kamer")).await;
    assert_eq!(status, 303, "a plain form goes back to the dossier");
    assert_eq!(location, format!("/clienten/{}#plan", case.client));

    let (status, body) = htmx_post(&app, &path, &new_goal(&tid, "Schulden op een rij")).await;
    assert_eq!(status, 200);
    assert!(body.trim_start().starts_with("<section id=\"plan\""), "htmx gets the plan section only: {body:.200}");
    assert!(!body.contains("<html"), "no whole page for htmx");
    assert!(body.contains("Een eigen kamer") && body.contains("Schulden op een rij"));
    assert!(body.contains("class=\"goal-text\">Schulden op een rij</span>"));
    assert!(body.contains("id=\"goal-add\""), "the section keeps its add form");

    assert_eq!(goal_texts(&plan(&store, &case).await), ["Een eigen kamer", "Schulden op een rij"]);
}

#[tokio::test]
async fn an_action_is_added_under_a_goal_and_marked_done() {
    let (store, _dir) = crate::harness::sqlite_store().await;
    let org = seed_org(&store).await;
    let case = arrange(&store).await;
    let app = app_as(&store, "begeleider@test.nl").await;
    let tid = case.trajectory.to_string();
    htmx_post(&app, &format!("/clienten/{}/plan/doelen", case.client), &new_goal(&tid, "Een eigen kamer")).await;
    let goal = plan(&store, &case).await.goals[0].id;

    let worker = org.worker.to_string();
    let (status, body) = htmx_post(
        &app,
        &format!("/clienten/{}/plan/doelen/{goal}/acties", case.client),
        &[
            ("trajectory_id", &tid),
            ("text", "Inschrijven bij de woningcorporatie"),
            ("owner_kind", "medewerker"),
            ("owner_user_id", &worker),
            ("owner_name", ""),
            ("due_date", "2020-01-15"),
        ],
    )
    .await;
    assert_eq!(status, 200);
    assert!(body.contains("class=\"action-text\">Inschrijven bij de woningcorporatie</span>"), "{body}");
    assert!(body.contains("Sanne de Vries"), "the worker who owns it is named");
    assert!(body.contains("overdue"), "an open action past its date is marked");

    let action = &plan(&store, &case).await.goals[0].actions[0];
    assert_eq!((action.status.as_str(), action.owner_user_id), ("open", Some(org.worker)));
    let version = action.version.to_string();
    let (status, body) = htmx_post(
        &app,
        &format!("/clienten/{}/plan/acties/{}/status", case.client, action.id),
        &[("trajectory_id", &tid), ("version", &version), ("status", "gedaan")],
    )
    .await;
    assert_eq!(status, 200);
    assert!(body.contains("action action-gedaan"), "the section shows the action as done");
    assert!(!body.contains("overdue"), "a done action is not overdue");
    assert_eq!(plan(&store, &case).await.goals[0].actions[0].status, "gedaan");

    // Without htmx the same buttons work as a plain form.
    let version = plan(&store, &case).await.goals[0].actions[0].version.to_string();
    let (status, _, _) = plain_post(
        &app,
        &format!("/clienten/{}/plan/acties/{}/status", case.client, action.id),
        &[("trajectory_id", &tid), ("version", &version), ("status", "bezig")],
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(plan(&store, &case).await.goals[0].actions[0].status, "bezig");
}

#[tokio::test]
async fn wrong_input_gets_a_dutch_message_and_changes_nothing() {
    let (store, _dir) = crate::harness::sqlite_store().await;
    seed_org(&store).await;
    let case = arrange(&store).await;
    let app = app_as(&store, "begeleider@test.nl").await;
    let tid = case.trajectory.to_string();
    let path = format!("/clienten/{}/plan/doelen", case.client);

    let (status, body) = htmx_post(&app, &path, &new_goal(&tid, "   ")).await;
    assert_eq!(status, 200, "htmx swaps only a 200, so the message comes with the section");
    assert!(body.contains("role=\"alert\""), "{body}");
    assert!(body.contains("Niet opgeslagen") && body.contains("Vul dit veld in"), "{body}");

    let mut fields = new_goal(&tid, "Een eigen kamer");
    fields[3] = ("priority", "hoog");
    let (status, body) = htmx_post(&app, &path, &fields).await;
    assert_eq!(status, 200);
    assert!(body.contains("Prioriteit") && body.contains("heel getal"), "{body}");

    let (status, _, body) = plain_post(&app, &path, &new_goal(&tid, "")).await;
    assert_eq!(status, 422);
    assert!(body.contains("Vul dit veld in"), "{body}");

    let (status, _, body) = plain_post(&app, &format!("/clienten/{}/plan/doelen/abc", case.client), &[("text", "x")]).await;
    assert_eq!(status, 404, "a wrong id in the address is 'not found', not a rejection in English: {body}");

    assert!(plan(&store, &case).await.goals.is_empty(), "nothing was written");
}

#[tokio::test]
async fn a_stale_edit_is_refused_and_the_first_edit_stays() {
    for (engine, store, _guard) in engines().await {
        seed_org(&store).await;
        let case = arrange(&store).await;
        let worker = app_as(&store, "begeleider@test.nl").await;
        let lead = app_as(&store, "teamleider@test.nl").await;
        let tid = case.trajectory.to_string();
        htmx_post(&worker, &format!("/clienten/{}/plan/doelen", case.client), &new_goal(&tid, "Een eigen kamer")).await;
        let goal = plan(&store, &case).await.goals[0].clone();
        assert_eq!(goal.version, 1, "{engine}");
        let path = format!("/clienten/{}/plan/doelen/{}", case.client, goal.id);
        let edit = |text: &'static str| {
            [("trajectory_id", tid.clone()), ("domain", "zrm_huisvesting".into()), ("text", text.into()), ("priority", "1".into()), ("target_date", String::new()), ("status", "actief".into()), ("version", "1".into())]
        };
        let (first, second) = (edit("Een eigen appartement"), edit("Een kamer in Utrecht"));
        let first: Vec<(&str, &str)> = first.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let second: Vec<(&str, &str)> = second.iter().map(|(k, v)| (*k, v.as_str())).collect();

        // Both saw version 1; the worker saves first.
        let (status, body) = htmx_post(&worker, &path, &first).await;
        assert_eq!(status, 200, "{engine}");
        assert!(body.contains("Een eigen appartement"), "{engine}");

        let (status, body) = htmx_post(&lead, &path, &second).await;
        assert_eq!(status, 200, "{engine}");
        assert!(body.contains("Iemand anders heeft dit doel intussen gewijzigd"), "{engine}: {body}");
        assert!(body.contains("class=\"goal-text\">Een eigen appartement</span>"), "{engine}: the current state is shown");
        assert!(!body.contains("Een kamer in Utrecht"), "{engine}: the stale text is not presented as saved");

        // The same without htmx: a 409 page, and still nothing overwritten.
        let (status, _, body) = plain_post(&lead, &path, &second).await;
        assert_eq!(status, 409, "{engine}");
        assert!(body.contains("intussen gewijzigd"), "{engine}");

        let now = plan(&store, &case).await;
        assert_eq!(goal_texts(&now), ["Een eigen appartement"], "{engine}");
        assert_eq!(now.goals[0].version, 2, "{engine}");
    }
}

#[tokio::test]
async fn the_plan_through_time_shows_each_date_and_what_changed() {
    let (store, _dir) = crate::harness::sqlite_store().await;
    seed_org(&store).await;
    let case = arrange(&store).await;
    let app = app_as(&store, "begeleider@test.nl").await;
    let tid = case.trajectory.to_string();
    htmx_post(&app, &format!("/clienten/{}/plan/doelen", case.client), &new_goal(&tid, "Een eigen kamer")).await;
    let goal = plan(&store, &case).await.goals[0].id;
    htmx_post(
        &app,
        &format!("/clienten/{}/plan/doelen/{goal}", case.client),
        &[("trajectory_id", &tid), ("domain", "zrm_huisvesting"), ("text", "Een eigen appartement"), ("priority", "1"), ("status", "behaald"), ("version", "1")],
    )
    .await;
    htmx_post(&app, &format!("/clienten/{}/plan/perspectief", case.client), &[("trajectory_id", &tid), ("area", "wonen"), ("text", "Rustig wonen met een tuin"), ("version", "")]).await;

    // Kept moments are stamped in UTC.
    let today = Utc::now().date_naive();
    let yesterday = today - Duration::days(1);
    let base = format!("/clienten/{}/plan/geschiedenis", case.client);

    let before = app.get_text(&format!("{base}?datum={yesterday}&van={yesterday}&tot={yesterday}")).await;
    assert!(before.contains("Plan door de tijd"), "{before}");
    assert!(!before.contains("Een eigen appartement") && !before.contains("Een eigen kamer"), "yesterday there was no goal yet");
    assert!(!before.contains("Rustig wonen"), "nor a perspective");

    let now = app.get_text(&format!("{base}?datum={today}&van={yesterday}&tot={today}")).await;
    assert!(now.contains("class=\"goal-text\">Een eigen appartement</span>"), "{now}");
    assert!(now.contains("Rustig wonen met een tuin"));
    // What changed: who, what, and each field from old to new with Dutch names and labels.
    assert!(now.contains("Nieuw doel") && now.contains("Doel gewijzigd") && now.contains("Perspectief ingevuld"), "{now}");
    assert!(now.contains("Sanne de Vries"), "who made the change");
    let changed = now.split("Doel gewijzigd").nth(1).expect("the change of the goal");
    assert!(changed.contains("Tekst") && changed.contains("Een eigen kamer") && changed.contains("Een eigen appartement"), "{changed}");
    assert!(changed.contains("Status") && changed.contains("Actief") && changed.contains("Behaald"), "status labels, not codes: {changed}");

    // The defaults (no dates) show today's plan.
    let plain = app.get_text(&base).await;
    assert!(plain.contains("Een eigen appartement"));

    // A date that cannot be read gets a Dutch message, not a server error.
    let res = app.http.get(app.url(&format!("{base}?datum=gisteren&van=2026-13-01"))).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let body = res.text().await.unwrap();
    assert!(body.contains("geen geldige datum"), "{body}");
    let res = app.http.get(app.url(&format!("{base}?van={today}&tot={yesterday}"))).send().await.unwrap();
    assert!(res.text().await.unwrap().contains("De eerste datum ligt na de tweede"));
}

#[tokio::test]
async fn the_plan_on_the_table_is_large_clean_and_printable() {
    let (store, _dir) = crate::harness::sqlite_store().await;
    seed_org(&store).await;
    let case = arrange(&store).await;
    let app = app_as(&store, "begeleider@test.nl").await;
    let tid = case.trajectory.to_string();
    htmx_post(&app, &format!("/clienten/{}/plan/doelen", case.client), &new_goal(&tid, "Een eigen kamer")).await;
    let goal = plan(&store, &case).await.goals[0].id;
    htmx_post(
        &app,
        &format!("/clienten/{}/plan/doelen/{goal}/acties", case.client),
        &[("trajectory_id", &tid), ("text", "Bellen met de woningcorporatie"), ("owner_kind", "client"), ("owner_name", ""), ("due_date", "")],
    )
    .await;

    let page = app.get_text(&format!("/clienten/{}/op-tafel", case.client)).await;
    assert!(page.contains("class=\"on-table\""), "{page}");
    assert!(page.contains("Noor Visser"), "the client's name");
    assert!(page.contains("class=\"goal-text\">Een eigen kamer</span>"));
    assert!(page.contains("class=\"action-text\">Bellen met de woningcorporatie</span>"));
    assert!(page.contains("data-print") && page.contains("Afdrukken"), "a print button");
    assert!(!page.contains("hx-post") && !page.contains("id=\"goal-add\""), "no edit controls on the table");
    assert!(!page.contains("<script>") && !page.contains("style=\""), "nothing inline under the CSP");
}

#[tokio::test]
async fn another_teams_worker_cannot_see_or_change_the_plan() {
    let (store, _dir) = crate::harness::sqlite_store().await;
    seed_org(&store).await;
    let case = arrange(&store).await;
    let other = app_as(&store, "ander@test.nl").await;
    let tid = case.trajectory.to_string();

    let res = other.http.get(other.url(&format!("/clienten/{}/op-tafel", case.client))).send().await.unwrap();
    assert_eq!(res.status(), 403);
    let res = other.http.get(other.url(&format!("/clienten/{}/plan/geschiedenis", case.client))).send().await.unwrap();
    assert_eq!(res.status(), 403);
    let (status, _, _) = plain_post(&other, &format!("/clienten/{}/plan/doelen", case.client), &new_goal(&tid, "Ingebroken doel")).await;
    assert_eq!(status, 403);
    let (status, body) = htmx_post(&other, &format!("/clienten/{}/plan/doelen", case.client), &new_goal(&tid, "Ingebroken doel")).await;
    assert_eq!(status, 403);
    assert!(!body.contains("Noor"), "nothing of the client leaks");
    assert!(plan(&store, &case).await.goals.is_empty());
}

#[tokio::test]
async fn an_edit_costs_the_same_number_of_queries_whatever_the_plan_size() {
    let (store, _dir) = crate::harness::sqlite_store().await;
    seed_org(&store).await;
    let case = arrange(&store).await;
    let app = app_as(&store, "begeleider@test.nl").await;
    let tid = case.trajectory.to_string();
    let path = format!("/clienten/{}/plan/doelen", case.client);
    let csrf = app.csrf().await;
    let mut costs = Vec::new();
    for n in 0..8 {
        let text = format!("Doel {n}");
        let before = store.query_count();
        let res = app
            .http
            .post(app.url(&path))
            .header("HX-Request", "true")
            .header("X-CSRF-Token", &csrf)
            .form(&new_goal(&tid, &text))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        res.text().await.unwrap();
        costs.push(store.query_count() - before);
    }
    assert_eq!(costs[0], costs[7], "the cost of an edit must not grow with the plan: {costs:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_a_real_browser_the_status_buttons_and_a_stale_edit_work_in_place() {
    use regie_store::{ActionInput, GoalInput};
    let (store, _dir) = crate::harness::sqlite_store().await;
    seed_org(&store).await;
    let case = arrange(&store).await;
    let goal = GoalInput { domain: "zrm_huisvesting".into(), text: "Een eigen kamer".into(), ..Default::default() };
    let goal = store.add_goal(&case.scope, case.trajectory, &goal).await.unwrap();
    let action = ActionInput { text: "Bellen met de woningcorporatie".into(), owner_kind: "client".into(), ..Default::default() };
    store.add_action(&case.scope, goal.id, &action).await.unwrap();
    let app = spawn_app(store.clone()).await;
    let Some(b) = crate::harness::browser::browser(&app.base).await else { return };
    b.sign_in("begeleider@test.nl", crate::harness::PASSWORD).await;
    b.wait_for_path("/clienten").await;
    b.goto(&format!("/clienten/{}", case.client)).await;
    b.wait_for_text("li.action .action-text", "Bellen met de woningcorporatie").await;
    // A mark on the page: it survives an htmx swap, not a page load.
    b.js("window.__sameDocument = true; return true;", vec![]).await;

    b.click("li.action form.action-status button[value=gedaan]").await;
    b.wait_for_text("li.action.action-gedaan .status", "Gedaan").await;
    assert_eq!(b.js("return window.__sameDocument === true;", vec![]).await, serde_json::json!(true), "the section was swapped in place");
    assert_eq!(plan(&store, &case).await.goals[0].actions[0].status, "gedaan");

    // Someone else changes the goal while this page still shows version 1.
    let other = GoalInput { domain: "zrm_huisvesting".into(), text: "Een eigen appartement".into(), ..Default::default() };
    store.update_goal(&case.scope, goal.id, &other, 1).await.unwrap();
    b.click("li.goal details.edit summary").await;
    b.type_into("li.goal form.goal-edit [name=text]", "Een kamer in Utrecht").await;
    b.submit("li.goal form.goal-edit").await;
    b.wait_for_text("#plan .plan-error", "Iemand anders heeft dit doel intussen gewijzigd").await;
    b.wait_for_text("li.goal .goal-text", "Een eigen appartement").await;
    assert_eq!(goal_texts(&plan(&store, &case).await), ["Een eigen appartement"]);
    b.close().await;
}
