//! The journey of issue 2 in a real headless Chromium: sign in, open a client, add a goal and an
//! action, write a journal note, move to the next phase, open the print view — checking after
//! every step what the worker would see. Screenshots go to /tmp/regie-shots for a person to look at.

use crate::harness::browser::{browser, Browser};
use crate::harness::{seed_org, spawn_app, sqlite_store, TestApp, PASSWORD};
use regie_domain::catalogue::AuditAction;
use regie_store::{Actor, ClientInput, TrajectoryInput};

/// The phase the timeline marks as the current one.
const CURRENT_PHASE: &str = ".phase-timeline [aria-current=step] .phase-name";

/// Registers a client with the worker begeleider@test.nl, in the first phase of the 8-fasenmodel.
async fn client_in_first_phase(app: &TestApp, team_a: i64, worker: i64) -> i64 {
    let store = &app.store;
    let user = store.user_by_email("begeleider@test.nl").await.unwrap().expect("seeded worker");
    let actor = Actor { user, on_behalf_of: None, source: "test".into(), user_agent: "test".into() };
    let input = ClientInput { first_name: "Noor".into(), last_name: "Hendriks".into(), team_id: Some(team_a), ..Default::default() };
    let client_id = store.register_client(&actor, &input).await.expect("register client");
    let scope = store.open_client(&actor, client_id, AuditAction::Create, "trajectory").await.expect("care relation");
    let model = store.phase_models().await.unwrap().into_iter().find(|m| m.code == "8fasen").expect("built-in 8-fasenmodel");
    let today = regie_store::today();
    let start = TrajectoryInput {
        model_id: model.id,
        owner_user_id: worker,
        started_on: (today - chrono::Days::new(10)).format("%Y-%m-%d").to_string(),
        focus_domains: vec![],
        funding: None,
    };
    store.start_trajectory(&scope, &start, today).await.expect("start trajectory");
    client_id
}

/// Whether the page is wider than the window (the user would have to scroll sideways).
async fn horizontal_overflow(b: &Browser) -> Option<(u64, u64)> {
    let v = b.js("return [document.documentElement.scrollWidth, window.innerWidth];", vec![]).await;
    let (scroll, inner) = (v[0].as_u64().unwrap(), v[1].as_u64().unwrap());
    (scroll > inner + 1).then_some((scroll, inner))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_runs_a_trajectory_in_a_real_browser() {
    let (store, _dir) = sqlite_store().await;
    let org = seed_org(&store).await;
    let app = spawn_app(store).await;
    let client_id = client_in_first_phase(&app, org.team_a, org.worker).await;
    let Some(b) = browser(&app.base).await else { return };
    let today = regie_store::today();

    // Sign in: the caseload opens, with the client on it.
    b.sign_in("begeleider@test.nl", PASSWORD).await;
    b.wait_for_path("/clienten").await;
    b.wait_for_text("a.client-link", "Hendriks").await;

    // Open the client from the caseload: the dossier, in the model's first phase.
    b.click("a.client-link").await;
    b.wait_for_path(&format!("/clienten/{client_id}")).await;
    b.wait_for_text("h1", "Hendriks").await;
    b.wait_for_text(CURRENT_PHASE, "Aanmelding").await;

    // Add a goal in the client's words.
    let goal = "Ik wil zelf mijn post openen en bijhouden";
    let domains = b.options("form#goal-add select[name=domain]").await;
    assert!(domains.iter().any(|d| d == "f8_financien"), "the goal form offers the 8-fasenmodel's Financiën; it offers {domains:?}");
    b.select("form#goal-add select[name=domain]", "f8_financien").await;
    b.type_into("form#goal-add [name=text]", goal).await;
    b.submit("form#goal-add").await;
    b.wait_for_text("li.goal .goal-text", goal).await;
    b.wait_for_text("li.goal", "Financiën").await;

    // Add an action under it, for the client, due in two weeks.
    let action = "Samen een map voor brieven kopen";
    let due = (today + chrono::Days::new(14)).format("%Y-%m-%d").to_string();
    b.type_into("li.goal form.action-add [name=text]", action).await;
    b.select("li.goal form.action-add select[name=owner_kind]", "client").await;
    b.set_value("li.goal form.action-add [name=due_date]", &due).await;
    b.submit("li.goal form.action-add").await;
    b.wait_for_text("li.goal li.action .action-text", action).await;
    // The goal is still there after the action came in under it.
    b.wait_for_text("li.goal .goal-text", goal).await;

    // Write a journal note about today's home visit.
    let note = "Huisbezoek: samen de stapel post doorgenomen, twee rekeningen betaald.";
    b.select("form#journal-add select[name=contact_type]", "huisbezoek").await;
    b.set_value("form#journal-add [name=contact_date]", &today.format("%Y-%m-%d").to_string()).await;
    b.type_into("form#journal-add [name=duration_minutes]", "45").await;
    b.type_into("form#journal-add [name=text]", note).await;
    b.submit("form#journal-add").await;
    let entry = b.wait_for_text("#journaal .journal-entry", note).await;
    assert!(entry.contains("45"), "the journal entry shows its duration (45 minutes): {entry:?}");
    b.wait_for_path(&format!("/clienten/{client_id}")).await;
    b.full_page_screenshot("dossier").await;

    // Move to the next phase: the timeline shows Intake as the current phase.
    b.submit("form#phase-next").await;
    b.wait_for_text(CURRENT_PHASE, "Intake").await;
    // Reload: the move was stored, not only shown.
    b.goto(&format!("/clienten/{client_id}")).await;
    let current = b.wait_for_text(CURRENT_PHASE, "Intake").await;
    assert!(!current.contains("Aanmelding"), "the timeline still marks Aanmelding as current: {current:?}");
    b.wait_for_text("li.goal .goal-text", goal).await;
    b.wait_for_text("li.action .action-text", action).await;
    b.wait_for_text("#journaal .journal-entry", note).await;

    // The dossier fits a phone screen: nothing to scroll sideways.
    b.resize(390, 844).await;
    b.goto(&format!("/clienten/{client_id}")).await;
    b.wait_for_text("li.goal .goal-text", goal).await;
    let overflow = horizontal_overflow(&b).await;
    b.screenshot("dossier-phone").await;
    assert_eq!(overflow, None, "at phone width the dossier is wider than the screen (scrollWidth, innerWidth)");
    b.resize(1280, 1000).await;

    // Open the print view from the dossier: goal and action in large type.
    b.goto(&format!("/clienten/{client_id}")).await;
    let before = b.c.windows().await.unwrap().len();
    b.click("a#op-tafel").await;
    let windows = b.c.windows().await.unwrap();
    if windows.len() > before {
        // Opened in a new tab: follow it.
        b.c.switch_to_window(windows.last().unwrap().clone()).await.unwrap();
    }
    b.wait_for_path(&format!("/clienten/{client_id}/op-tafel")).await;
    b.wait_for_text("li.goal .goal-text", goal).await;
    b.wait_for_text("li.action .action-text", action).await;
    b.full_page_screenshot("op-tafel").await;

    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sign_in_page_works_in_a_real_browser_and_refuses_a_wrong_password() {
    let (store, _dir) = sqlite_store().await;
    seed_org(&store).await;
    let app = spawn_app(store).await;
    let Some(b) = browser(&app.base).await else { return };

    b.goto("/inloggen").await;
    b.type_into("input[name=email]", "begeleider@test.nl").await;
    b.type_into("input[name=password]", "niet-het-wachtwoord").await;
    b.submit("form[action='/inloggen']").await;
    let refusal = b.wait_for_text("[role=alert]", "").await;
    assert!(!refusal.trim().is_empty(), "a wrong password shows a message");
    assert!(b.path().await.starts_with("/inloggen"), "a wrong password must not sign in");

    b.resize(390, 844).await;
    b.goto("/inloggen").await;
    b.find("input[name=email]").await;
    assert_eq!(horizontal_overflow(&b).await, None, "the sign-in page is wider than a phone screen");
    // The check itself notices a page that is wider than the screen.
    b.js("const d = document.createElement('div'); d.style.width = '2000px'; d.style.height = '1px'; document.body.appendChild(d);", vec![]).await;
    assert!(horizontal_overflow(&b).await.is_some(), "the overflow check misses a 2000px wide element");
    b.resize(1280, 1000).await;

    b.sign_in("begeleider@test.nl", PASSWORD).await;
    assert!(b.path().await.starts_with("/clienten"), "after signing in the caseload opens");
    let cookies = b.c.get_all_cookies().await.unwrap();
    assert!(!cookies.is_empty(), "signed in, the browser holds a session cookie");
    let readable: Vec<_> = cookies.iter().filter(|c| c.http_only() != Some(true)).map(|c| c.name().to_string()).collect();
    assert!(readable.is_empty(), "every cookie is HttpOnly (not readable by scripts); these are not: {readable:?}");
    let from_script = b.js("return document.cookie;", vec![]).await;
    assert_eq!(from_script, serde_json::json!(""), "no cookie is readable by page scripts");

    b.close().await;
}
