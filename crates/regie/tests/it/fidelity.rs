//! Kwaliteitsmonitor and method suggestions: the indicators of one trajectory on both engines,
//! the aggregate per team and method with its access rules, the pages and the API, and the
//! suggestions page with its reasons and dismissals.

use crate::harness::{engines, seed_org, spawn_app, TestApp};
use chrono::{Duration, NaiveDate};
use regie_domain::catalogue::AuditAction;
use regie_domain::fidelity::{Indicator, Outcome};
use regie_store::{
    ActionInput, Actor, ClientInput, ClientScope, FidelityFilter, GoalInput, Store, StoreError,
    TrajectoryInput,
};

async fn actor(store: &Store, email: &str) -> Actor {
    let user = store
        .user_by_email(email)
        .await
        .unwrap()
        .expect("seeded user");
    Actor {
        user,
        on_behalf_of: None,
        source: "127.0.0.1".into(),
        user_agent: "fidelity-test".into(),
    }
}

fn today() -> NaiveDate {
    regie_store::today()
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

async fn model_id(store: &Store, code: &str) -> i64 {
    store
        .phase_models()
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.code == code)
        .expect("built-in model")
        .id
}

/// A client of `email`'s team with a trajectory in `model` started `days_ago`.
async fn client(
    store: &Store,
    email: &str,
    name: &str,
    model: &str,
    days_ago: i64,
) -> (i64, i64, ClientScope) {
    let who = actor(store, email).await;
    let input = ClientInput {
        first_name: name.into(),
        last_name: "Test".into(),
        birth_date: Some("1980-05-01".into()),
        ..Default::default()
    };
    let id = store.register_client(&who, &input).await.unwrap();
    let scope = store
        .open_client(&who, id, AuditAction::Update, "test")
        .await
        .unwrap();
    let t = TrajectoryInput {
        model_id: model_id(store, model).await,
        owner_user_id: who.user.id,
        started_on: day(today() - Duration::days(days_ago)),
        focus_domains: vec![],
        funding: None,
    };
    let tid = store
        .start_trajectory(&scope, &t, today())
        .await
        .unwrap()
        .id;
    (id, tid, scope)
}

async fn goal_with_network_action(store: &Store, scope: &ClientScope, tid: i64) {
    let g = GoalInput {
        domain: "zrm_huisvesting".into(),
        text: "Een eigen kamer".into(),
        ..Default::default()
    };
    let g = store.add_goal(scope, tid, &g).await.unwrap();
    let a = ActionInput {
        text: "Zus helpt verhuizen".into(),
        owner_kind: "netwerk".into(),
        owner_name: Some("Zus".into()),
        ..Default::default()
    };
    store.add_action(scope, g.id, &a).await.unwrap();
}

fn outcome(f: &regie_store::TrajectoryFidelity, i: Indicator) -> (Outcome, String) {
    let c = f.checks.iter().find(|c| c.indicator == i).unwrap();
    (c.outcome, c.explanation.clone())
}

#[tokio::test]
async fn a_trajectory_shows_what_is_missing_now_on_both_engines() {
    for (engine, store, _guard) in engines().await {
        seed_org(&store).await;
        // CTI started 100 days ago without a plan: past the 91-day plan term.
        let (_, cti, scope) = client(&store, "begeleider@test.nl", "Ayla", "cti", 100).await;
        let f = store
            .trajectory_fidelity(&scope, cti, today())
            .await
            .unwrap();
        assert_eq!(f.model_code, "cti", "{engine}");
        let (o, text) = outcome(&f, Indicator::PlanOnTime);
        assert_eq!(o, Outcome::NotMet, "{engine}: {text}");
        assert!(text.contains("nog geen doel"), "{engine}: {text}");
        let (o, text) = outcome(&f, Indicator::Zrm);
        assert_eq!(o, Outcome::NotMet, "{engine}");
        assert!(
            text.contains("ZRM-meting bij de start ontbreekt"),
            "{engine}: {text}"
        );
        assert_eq!(
            outcome(&f, Indicator::Network).0,
            Outcome::NotMet,
            "{engine}"
        );
        assert_eq!(
            outcome(&f, Indicator::MaxDuration).0,
            Outcome::Met,
            "{engine}"
        );
        assert_eq!(
            outcome(&f, Indicator::FocusDomains).0,
            Outcome::NotYet,
            "{engine}"
        );
        assert_eq!(
            outcome(&f, Indicator::PhaseDurations).0,
            Outcome::NotApplicable,
            "{engine}"
        );
        // The first evaluation (91 days after the start) has passed without one.
        let (o, text) = outcome(&f, Indicator::EvaluationsOnSchedule);
        assert_eq!(o, Outcome::NotMet, "{engine}: {text}");

        // An 8-fasenmodel trajectory of 10 days with a goal and an action of the network.
        let (_, t8, scope8) = client(&store, "begeleider@test.nl", "Bram", "8fasen", 10).await;
        goal_with_network_action(&store, &scope8, t8).await;
        let f = store
            .trajectory_fidelity(&scope8, t8, today())
            .await
            .unwrap();
        assert_eq!(
            outcome(&f, Indicator::PlanOnTime).0,
            Outcome::Met,
            "{engine}"
        );
        let (o, text) = outcome(&f, Indicator::Network);
        assert_eq!(o, Outcome::Met, "{engine}");
        assert!(text.contains("1 actie"), "{engine}: {text}");
        assert_eq!(
            outcome(&f, Indicator::EvaluationsOnSchedule).0,
            Outcome::NotYet,
            "{engine}"
        );
        assert_eq!(
            outcome(&f, Indicator::MaxDuration).0,
            Outcome::NotApplicable,
            "{engine}"
        );

        // Another client's trajectory id is not reachable through this client's scope.
        assert!(
            matches!(
                store.trajectory_fidelity(&scope, t8, today()).await,
                Err(StoreError::NotFound)
            ),
            "{engine}"
        );
    }
}

#[tokio::test]
async fn the_aggregate_counts_per_team_and_method_and_only_for_the_right_roles() {
    for (engine, store, _guard) in engines().await {
        let org = seed_org(&store).await;
        let (_, t1, s1) = client(&store, "begeleider@test.nl", "Ayla", "8fasen", 10).await;
        goal_with_network_action(&store, &s1, t1).await;
        client(&store, "begeleider@test.nl", "Bram", "8fasen", 200).await; // no plan after 200 days
        client(&store, "collega@test.nl", "Cas", "cti", 20).await;
        client(&store, "ander@test.nl", "Dewi", "8fasen", 200).await; // team B

        let admin = actor(&store, "beheer@test.nl").await.user;
        let all = store
            .fidelity_report(&admin, FidelityFilter::default(), today())
            .await
            .unwrap();
        let find = |r: &regie_store::FidelityReport, team: &str, model: &str| {
            r.rows
                .iter()
                .find(|x| x.team_name == team && x.model_name == model)
                .cloned()
                .unwrap_or_else(|| panic!("{engine}: no row {team}/{model}"))
        };
        let a8 = find(&all, "Team Instroom", "8-fasenmodel");
        assert_eq!(a8.trajectories, 2, "{engine}");
        let plan = a8
            .indicators
            .iter()
            .find(|(i, _)| *i == Indicator::PlanOnTime)
            .unwrap()
            .1;
        assert_eq!((plan.met, plan.not_met), (1, 1), "{engine}");
        assert_eq!(plan.percent(), Some(50), "{engine}");
        let net = a8
            .indicators
            .iter()
            .find(|(i, _)| *i == Indicator::Network)
            .unwrap()
            .1;
        assert_eq!((net.met, net.not_met), (1, 1), "{engine}");
        let cti = find(&all, "Team Instroom", "Critical Time Intervention");
        let dur = cti
            .indicators
            .iter()
            .find(|(i, _)| *i == Indicator::MaxDuration)
            .unwrap()
            .1;
        assert_eq!((cti.trajectories, dur.met), (1, 1), "{engine}");
        let dur8 = a8
            .indicators
            .iter()
            .find(|(i, _)| *i == Indicator::MaxDuration)
            .unwrap()
            .1;
        assert_eq!(dur8.not_applicable, 2, "{engine}");
        assert_eq!(
            find(&all, "Team Training", "8-fasenmodel").trajectories,
            1,
            "{engine}"
        );

        // Filter on method.
        let only = store
            .fidelity_report(
                &admin,
                FidelityFilter {
                    team_id: 0,
                    model_id: model_id(&store, "cti").await,
                },
                today(),
            )
            .await
            .unwrap();
        assert_eq!(only.rows.len(), 1, "{engine}");

        // A teamleider sees the own team only, and may not ask for another.
        let lead = actor(&store, "teamleider@test.nl").await.user;
        let own = store
            .fidelity_report(&lead, FidelityFilter::default(), today())
            .await
            .unwrap();
        assert!(
            own.rows.iter().all(|r| r.team_id == org.team_a) && own.rows.len() == 2,
            "{engine}"
        );
        let other_team = all
            .rows
            .iter()
            .find(|r| r.team_name == "Team Training")
            .unwrap()
            .team_id;
        let refused = store
            .fidelity_report(
                &lead,
                FidelityFilter {
                    team_id: other_team,
                    model_id: 0,
                },
                today(),
            )
            .await;
        assert!(matches!(refused, Err(StoreError::Forbidden)), "{engine}");
        // A trajectbegeleider may not see the aggregate at all.
        let worker = actor(&store, "begeleider@test.nl").await.user;
        assert!(
            matches!(
                store
                    .fidelity_report(&worker, FidelityFilter::default(), today())
                    .await,
                Err(StoreError::Forbidden)
            ),
            "{engine}"
        );
    }
}

async fn app_as(store: &Store, email: &str) -> TestApp {
    let app = spawn_app(store.clone()).await;
    app.login(email).await;
    app
}

async fn get(app: &TestApp, path: &str) -> (u16, String) {
    let res = app.http.get(app.url(path)).send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

#[tokio::test]
async fn the_monitor_pages_and_api_answer_by_role() {
    let (store, _guard) = crate::harness::sqlite_store().await;
    seed_org(&store).await;
    let (id, tid, _) = client(&store, "begeleider@test.nl", "Ayla", "cti", 100).await;

    let worker = app_as(&store, "begeleider@test.nl").await;
    let (status, body) = get(&worker, "/kwaliteitsmonitor").await;
    assert_eq!(status, 403);
    assert!(body.contains("teamleiders"), "{body}");
    let token = worker.token("begeleider@test.nl").await;
    let res = worker
        .http
        .get(worker.url("/api/v1/reports/fidelity"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);

    // The dossier links to what is missing; the page and the htmx fragment show it.
    let (_, dossier) = get(&worker, &format!("/clienten/{id}")).await;
    assert!(dossier.contains(&format!("/clienten/{id}/traject/{tid}/kwaliteit")));
    assert!(dossier.contains(&format!("/clienten/{id}/methode-suggesties")));
    let (status, page) = get(&worker, &format!("/clienten/{id}/traject/{tid}/kwaliteit")).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Wat ontbreekt nu") && page.contains("ZRM-meting bij de start ontbreekt"),
        "{page}"
    );
    let frag = worker
        .http
        .get(worker.url(&format!("/clienten/{id}/traject/{tid}/kwaliteit")))
        .header("HX-Request", "true")
        .send()
        .await
        .unwrap();
    let frag = frag.text().await.unwrap();
    assert!(
        frag.starts_with("<div id=\"kwaliteit\"") && !frag.contains("<html"),
        "{frag}"
    );
    let res = worker
        .http
        .get(worker.url(&format!("/api/v1/clients/{id}/trajectories/{tid}/fidelity")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let json: serde_json::Value = res.json().await.unwrap();
    assert!(
        json["checks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["indicator"] == "plan_op_tijd" && c["outcome"] == "niet_voldaan"),
        "{json}"
    );
    // Someone from another team cannot read it.
    let other = worker.token("ander@test.nl").await;
    let res = worker
        .http
        .get(worker.url(&format!("/api/v1/clients/{id}/trajectories/{tid}/fidelity")))
        .bearer_auth(&other)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);

    let lead = app_as(&store, "teamleider@test.nl").await;
    let (status, body) = get(&lead, "/kwaliteitsmonitor").await;
    assert_eq!(status, 200);
    assert!(
        body.contains("Team Instroom")
            && body.contains("Critical Time Intervention")
            && body.contains("Plan op tijd"),
        "{body}"
    );
    assert!(
        body.contains("0% (0 van 1)"),
        "the CTI without a plan counts as not met: {body}"
    );

    let admin = spawn_app(store.clone()).await;
    let token = admin.token("beheer@test.nl").await;
    let res = admin
        .http
        .get(admin.url("/api/v1/reports/fidelity?method=abc"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        400,
        "a method that is no number is refused in Dutch"
    );
    let res = admin
        .http
        .get(admin.url("/api/v1/reports/fidelity"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let json: serde_json::Value = res.json().await.unwrap();
    let row = &json["items"][0];
    assert_eq!(row["model_name"], "Critical Time Intervention");
    let plan = row["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["indicator"] == "plan_op_tijd")
        .unwrap();
    assert_eq!(
        (
            plan["met"].as_i64(),
            plan["not_met"].as_i64(),
            plan["percent"].as_i64()
        ),
        (Some(0), Some(1), Some(0))
    );
}

#[tokio::test]
async fn the_suggestions_page_explains_and_a_suggestion_can_be_dismissed_and_restored() {
    for (engine, store, _guard) in engines().await {
        seed_org(&store).await;
        let (id, _, scope) = client(&store, "begeleider@test.nl", "Ayla", "8fasen", 10).await;
        let app = app_as(&store, "begeleider@test.nl").await;
        let path = format!("/clienten/{id}/methode-suggesties");
        let (status, empty) = get(&app, &path).await;
        assert_eq!(status, 200, "{engine}");
        assert!(empty.contains("Nog geen suggesties"), "{engine}");

        // A bad profile is refused whole with a Dutch message.
        let res = app
            .post_form(
                &format!("{path}/profiel"),
                &[("target_groups", "marsbewoners"), ("version", "0")],
            )
            .await;
        assert_eq!(res.status(), 422, "{engine}");
        assert!(
            res.text()
                .await
                .unwrap()
                .contains("Kies alleen doelgroepen uit de lijst."),
            "{engine}"
        );
        assert_eq!(
            store.suggest_profile(&scope).await.unwrap().version,
            0,
            "{engine}: nothing saved"
        );

        let res = app
            .post_form(
                &format!("{path}/profiel"),
                &[
                    ("target_groups", "psychisch"),
                    ("complexity", "complex"),
                    ("critical_transition", "on"),
                    ("transition_kind", "uitstroom_opvang"),
                    ("version", "0"),
                ],
            )
            .await;
        assert_eq!(res.status(), 303, "{engine}");
        let (_, page) = get(&app, &path).await;
        assert!(page.contains("data-method=\"cti\""), "{engine}");
        assert!(page.contains("Cliënt maakt een overgang door (uitstroom uit de opvang): CTI is gemaakt voor zo&#39;n kritieke periode van negen maanden."), "{engine}: {page}");
        assert!(
            page.contains("Past minder omdat"),
            "{engine}: counter-reasons are shown"
        );
        // Saving again with the old version is a conflict, not a silent overwrite.
        let res = app
            .post_form(
                &format!("{path}/profiel"),
                &[("target_groups", "algemeen"), ("version", "0")],
            )
            .await;
        assert_eq!(res.status(), 409, "{engine}");

        // Dismiss CTI: hidden from the list, listed with who dismissed it, and why.
        let res = app
            .post_form(
                &format!("{path}/cti/afwijzen"),
                &[("reason", "Woont al een jaar zelfstandig")],
            )
            .await;
        assert_eq!(res.status(), 303, "{engine}");
        let (_, page) = get(&app, &path).await;
        assert!(
            !page.contains("<li class=\"suggestion\" id=\"methode-cti\""),
            "{engine}"
        );
        assert!(
            page.contains("Weggezet door Sanne de Vries")
                && page.contains("Woont al een jaar zelfstandig"),
            "{engine}"
        );
        let dismissed = store.dismissed_suggestions(&scope).await.unwrap();
        assert_eq!(dismissed.len(), 1, "{engine}");
        assert_eq!(dismissed[0].method_code, "cti");

        // The API leaves it out too, and shows the reasons of the others.
        let token = app.token("begeleider@test.nl").await;
        let json: serde_json::Value = app
            .http
            .get(app.url(&format!("/api/v1/clients/{id}/method-suggestions")))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let items = json["items"].as_array().unwrap();
        assert!(!items.iter().any(|s| s["method"] == "cti"), "{engine}");
        assert!(
            items
                .iter()
                .all(|s| !s["reasons"].as_array().unwrap().is_empty()),
            "{engine}"
        );
        assert_eq!(json["dismissed"][0]["method_code"], "cti");

        // Restore it.
        let res = app.post_form(&format!("{path}/cti/terugzetten"), &[]).await;
        assert_eq!(res.status(), 303, "{engine}");
        let (_, page) = get(&app, &path).await;
        assert!(
            page.contains("<li class=\"suggestion\" id=\"methode-cti\""),
            "{engine}"
        );
        assert!(
            store
                .dismissed_suggestions(&scope)
                .await
                .unwrap()
                .is_empty(),
            "{engine}"
        );

        // Someone from another team may not see or change it.
        let outsider = app_as(&store, "ander@test.nl").await;
        assert_eq!(get(&outsider, &path).await.0, 403, "{engine}");
    }
}

#[test]
fn every_text_of_these_pages_is_translated() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../web");
    let files = [
        "src/pages/suggest.rs",
        "src/pages/fidelity.rs",
        "templates/suggest/page.html",
        "templates/suggest/body.html",
        "templates/fidelity/report.html",
        "templates/fidelity/checks.html",
        "templates/fidelity/trajectory.html",
        "templates/fidelity/forbidden.html",
        "templates/fidelity/dossier_include.html",
    ];
    let mut keys = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(root.join(f)).unwrap();
        for marker in ["l.t(\"", "tr.t(\""] {
            let mut rest = text.as_str();
            while let Some(i) = rest.find(marker) {
                rest = &rest[i + marker.len()..];
                keys.push(rest[..rest.find('"').unwrap()].to_string());
            }
        }
    }
    assert!(keys.len() > 40, "the scan found the keys ({})", keys.len());
    use regie_domain::suggest::{Complexity, Situation, TargetGroup, Transition};
    for (vocab, codes) in [
        ("target_group", TargetGroup::CODES),
        ("complexity", Complexity::CODES),
        ("transition", Transition::CODES),
        ("situation", Situation::CODES),
    ] {
        keys.extend(codes.iter().map(|c| format!("{vocab}.{c}")));
    }
    keys.extend(
        Indicator::ALL
            .iter()
            .map(|i| format!("indicator.{}", i.code())),
    );
    keys.extend(Outcome::ALL.iter().map(|o| format!("outcome.{}", o.code())));
    let missing: Vec<_> = keys.iter().filter(|k| !regie_web::has_key(k)).collect();
    assert!(
        missing.is_empty(),
        "texts without a translation: {missing:?}"
    );
}

#[tokio::test]
async fn the_menu_offers_the_monitor_only_to_roles_that_may_open_it() {
    let (store, _dir) = crate::harness::sqlite_store().await;
    seed_org(&store).await;
    for (email, shown) in [("teamleider@test.nl", true), ("beheer@test.nl", true), ("begeleider@test.nl", false)] {
        let app = app_as(&store, email).await;
        let (status, page) = get(&app, "/methoden").await;
        assert_eq!(status, 200, "{email}");
        assert_eq!(page.contains("href=\"/kwaliteitsmonitor\""), shown, "menu link for {email}");
    }
}
