//! Showing the ZRM: the dossier's star chart with three moments and the targets, the table
//! beside it, the bespreekpunten between the worker's and the client's own score, target levels
//! on goals (set through the form, stale and foreign edits refused), the verloop page and the
//! op-tafel view; on both engines, and in a real browser at laptop and phone width.

use crate::harness::browser::browser;
use crate::harness::app::between;
use crate::harness::{engines, seed_org, spawn_app, sqlite_store, TestApp, PASSWORD};
use crate::strengths::{actor, app_as, get, plain_post};
use chrono::{Duration, NaiveDate};
use regie_domain::catalogue::AuditAction;
use regie_domain::instrument::{instrument, MeasurementInput, ScoreInput};
use regie_store::{ClientInput, ClientScope, GoalInput, GoalTargetInput, Store, StoreError, TrajectoryInput};

const ZRM: [&str; 13] = [
    "zrm_financien",
    "zrm_werk",
    "zrm_tijd",
    "zrm_huisvesting",
    "zrm_relaties",
    "zrm_geestelijk",
    "zrm_lichamelijk",
    "zrm_middelen",
    "zrm_badl",
    "zrm_iadl",
    "zrm_netwerk",
    "zrm_participatie",
    "zrm_justitie",
];

fn today() -> NaiveDate {
    regie_store::today()
}

fn ago(days: i64) -> String {
    (today() - Duration::days(days)).to_string()
}

/// A client of begeleider@test.nl with an 8-fasenmodel trajectory that started 200 days ago:
/// (client id, trajectory id, scope).
async fn client(store: &Store, first: &str) -> (i64, i64, ClientScope) {
    let who = actor(store, "begeleider@test.nl").await;
    let id = store.register_client(&who, &ClientInput { first_name: first.into(), last_name: "Visser".into(), ..Default::default() }).await.unwrap();
    let scope = store.open_client(&who, id, AuditAction::Update, "test").await.unwrap();
    let model = store.phase_models().await.unwrap().into_iter().find(|m| m.code == "8fasen").unwrap();
    let t = TrajectoryInput { model_id: model.id, owner_user_id: who.user.id, started_on: ago(200), ..Default::default() };
    let traj = store.start_trajectory(&scope, &t, today()).await.unwrap();
    (id, traj.id, scope)
}

/// Records a ZRM 2017 measurement; `levels` in the order of [`ZRM`], `None` = niet besproken.
async fn measure(store: &Store, scope: &ClientScope, tid: i64, rater: &str, days_ago: i64, moment: &str, levels: [Option<i64>; 13]) -> i64 {
    let input = MeasurementInput {
        instrument: "zrm2017".into(),
        rater: rater.into(),
        measured_on: ago(days_ago),
        moment: moment.into(),
        sources: if rater == "begeleider" { vec!["client".into()] } else { vec![] },
        scores: ZRM.iter().zip(levels).map(|(d, l)| ScoreInput { domain: d.to_string(), level: l.map(|l| l.to_string()).unwrap_or_else(|| "nb".into()), note: String::new() }).collect(),
        ..Default::default()
    };
    store.record_measurement(scope, tid, &input, today()).await.expect("measurement recorded").id
}

fn all(level: i64) -> [Option<i64>; 13] {
    [Some(level); 13]
}

/// Four worker measurements (begin, tussen, midden, tussen) and one client score: the latest
/// worker score has Financiën 4 and Werk 3, the client's Financiën 2 and Werk 2.
async fn arrange(store: &Store, scope: &ClientScope, tid: i64) -> Vec<i64> {
    let mut ids = vec![measure(store, scope, tid, "begeleider", 190, "begin", all(2)).await];
    ids.push(measure(store, scope, tid, "begeleider", 150, "tussen", all(2)).await);
    let mut middle = all(3);
    middle[12] = None; // Justitie niet besproken.
    ids.push(measure(store, scope, tid, "begeleider", 100, "midden", middle).await);
    let mut latest = all(3);
    latest[0] = Some(4);
    ids.push(measure(store, scope, tid, "begeleider", 10, "tussen", latest).await);
    let mut own = all(3);
    own[0] = Some(2);
    own[1] = Some(2);
    ids.push(measure(store, scope, tid, "client", 9, "tussen", own).await);
    ids
}

/// The dossier's ZRM section.
async fn section(app: &TestApp, id: i64) -> String {
    let (status, page) = get(app, &format!("/clienten/{id}")).await;
    assert_eq!(status, 200);
    between(&page, "<section class=\"card zrm-section\" id=\"zrm\"", "</section>").expect("the dossier has a Zelfredzaamheid section")
}

/// The text of some HTML, tags left out (what a screen reader reads).
fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for ch in html.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Queries the store runs for one GET.
async fn cost(app: &TestApp, path: &str) -> u64 {
    let before = app.store.query_count();
    let (status, _) = get(app, path).await;
    assert_eq!(status, 200, "{path}");
    app.store.query_count() - before
}

#[tokio::test]
async fn the_dossier_shows_three_moments_the_targets_and_the_gaps() {
    for (engine, store, _guard) in engines().await {
        seed_org(&store).await;
        let (id, tid, scope) = client(&store, "Noor").await;
        let app = app_as(&store, "begeleider@test.nl").await;

        // Without a measurement: a short text and the way to the first one.
        let empty = section(&app, id).await;
        assert!(empty.contains("nog geen ZRM-meting") && empty.contains(&format!("href=\"/clienten/{id}/zrm/nieuw\"")), "{engine}: {empty}");
        assert!(!empty.contains("<svg"), "{engine}");

        arrange(&store, &scope, tid).await;
        let goal = store.add_goal(&scope, tid, &GoalInput { domain: "f8_financien".into(), text: "Zelf mijn rekeningen betalen".into(), ..Default::default() }).await.unwrap();
        let z = section(&app, id).await;
        assert!(z.contains("role=\"img\"") && z.contains("<title id=\"zrm-dossier-title\">"), "{engine}: the chart is an image with a title");
        assert_eq!(z.matches("class=\"zrm-shape ").count(), 3, "{engine}: first, middle and latest are overlaid");
        for role in ["first", "middle", "latest"] {
            assert!(z.contains(&format!("zrm-shape-{role}")), "{engine}: {role}");
        }
        // The latest is complete (13 points); the "midden" one left Justitie undiscussed.
        assert!(between(&z, "zrm-shape-latest\" data-points=\"", "\"").as_deref() == Some("13"), "{engine}");
        assert!(between(&z, "zrm-shape-middle\" data-points=\"", "\"").as_deref() == Some("12"), "{engine}");
        assert_eq!(z.matches("zrm-not-discussed").count(), 1, "{engine}: one hollow marker");
        assert!(!z.contains("<line class=\"zrm-target"), "{engine}: no targets yet");
        // The table beside the chart: the moments as columns and the levels in words.
        let table = between(&z, "<table class=\"zrm-table\">", "</table>").unwrap();
        assert!(text(&table).contains(&format!("Midden {}", (today() - Duration::days(100)).format("%d-%m-%y"))), "{engine}: {table}");
        let fin = text(&between(&table, "<th scope=\"row\">Financiën</th>", "</tr>").unwrap());
        assert!(fin.contains("2 · niet zelfredzaam") && fin.contains("4 · voldoende zelfredzaam"), "{engine}: {fin}");
        let just = between(&table, "<th scope=\"row\">Justitie</th>", "</tr>").unwrap();
        assert!(just.contains("niet besproken"), "{engine}: {just}");
        // Worker 4 and client 2 on Financiën: to talk about; Werk & opleiding 3 against 2: not.
        let gaps = between(&z, "<ul class=\"zrm-gap-list\">", "</ul>").expect("bespreekpunten");
        assert!(gaps.contains("Financiën") && gaps.contains("4 · voldoende zelfredzaam") && gaps.contains("2 · niet zelfredzaam"), "{engine}: {gaps}");
        assert!(!gaps.contains("Werk"), "{engine}: a one-level difference is no bespreekpunt: {gaps}");
        assert_eq!(gaps.matches("<li").count(), 1, "{engine}");

        // Set the goal's target through the form: back to the section, with the marker.
        let path = format!("/clienten/{id}/plan/doelen/{}/doelniveau", goal.id);
        let (status, location) = plain_post(&app, &path, &[("level", "5"), ("target_date", &ago(-90)), ("version", "")]).await;
        assert_eq!((status, location.as_str()), (303, format!("/clienten/{id}#zrm").as_str()), "{engine}");
        let z = section(&app, id).await;
        assert_eq!(z.matches("class=\"zrm-target\"").count(), 1, "{engine}: one target marker on the chart");
        let row = between(&z, &format!("id=\"doelniveau-{}\"", goal.id), "</li>").unwrap();
        assert!(row.contains("5 · volledig zelfredzaam") && row.contains("Nu: 4 · voldoende zelfredzaam"), "{engine}: {row}");
        assert!(between(&z, "<th scope=\"row\">Financiën</th>", "</tr>").unwrap().contains("nog niet behaald"), "{engine}");

        // A second create (the form still said "no target") and a stale version are refused.
        let (status, _) = plain_post(&app, &path, &[("level", "3"), ("target_date", ""), ("version", "")]).await;
        assert_eq!(status, 409, "{engine}: the target was set meanwhile");
        let (status, _) = plain_post(&app, &path, &[("level", "4"), ("target_date", ""), ("version", "1")]).await;
        assert_eq!(status, 303, "{engine}");
        let (status, _) = plain_post(&app, &path, &[("level", "3"), ("target_date", ""), ("version", "1")]).await;
        assert_eq!(status, 409, "{engine}: version 1 is stale now");
        let z = section(&app, id).await;
        assert_eq!(z.matches("class=\"zrm-target zrm-target-reached\"").count(), 1, "{engine}: level 4 is reached by the latest 4");
        // Bad input is refused whole, in Dutch.
        let res = app.post_form(&path, &[("level", "7"), ("target_date", &ago(400)), ("version", "2")]).await;
        assert_eq!(res.status(), 422, "{engine}");
        let body = res.text().await.unwrap();
        assert!(body.contains("Geef een heel getal van 1 tot en met 5") && body.contains("voor de start van het traject"), "{engine}: {body}");
        assert!(body.contains(&format!("action=\"{path}\"")) && body.contains(&format!("value=\"{}\"", ago(400))), "{engine}: the form comes back with what was typed");

        // Another team's worker cannot set a target; the refusal is in the access log.
        let other = app_as(&store, "ander@test.nl").await;
        let (status, _) = plain_post(&other, &path, &[("level", "1"), ("target_date", ""), ("version", "2")]).await;
        assert_eq!(status, 403, "{engine}");
        let log = store.audit_for_client(id, 5).await.unwrap();
        assert!(log.iter().any(|r| r.object == "doelniveau" && r.outcome == "refused"), "{engine}: {log:?}");
        assert!(section(&app, id).await.contains("<span class=\"zrm-goal-level\">4 · voldoende zelfredzaam</span>"), "{engine}: the target is unchanged");
    }
}

#[tokio::test]
async fn targets_are_kept_validated_and_cleared() {
    for (engine, store, _guard) in engines().await {
        seed_org(&store).await;
        let (_, tid, scope) = client(&store, "Kees").await;
        let g = store.add_goal(&scope, tid, &GoalInput { domain: "f8_wonen".into(), text: "Een eigen kamer".into(), ..Default::default() }).await.unwrap();
        let input = |level: &str, date: &str| GoalTargetInput { level: level.into(), target_date: date.into() };
        let t = store.set_goal_target(&scope, g.id, &input("3", &ago(-30)), None).await.unwrap().unwrap();
        assert_eq!((t.domain_code.as_str(), t.level, t.version, t.goal_id), ("zrm_huisvesting", 3, 1, Some(g.id)), "{engine}: the goal's ZRM domain");
        let t2 = store.set_goal_target(&scope, g.id, &input("4", ""), Some(1)).await.unwrap().unwrap();
        assert_eq!((t2.level, t2.target_date, t2.version), (4, None, 2), "{engine}");
        match store.set_goal_target(&scope, g.id, &input("5", ""), Some(1)).await {
            Err(StoreError::Conflict { current }) => assert_eq!(current["level"], 4, "{engine}"),
            other => panic!("{engine}: expected a conflict, got {other:?}"),
        }
        // Refused whole: level outside the scale, a date that cannot be read.
        let Err(StoreError::Invalid(inv)) = store.set_goal_target(&scope, g.id, &input("0", "31-12-2030"), Some(2)).await else { panic!("{engine}") };
        assert!(inv.0.get("level").is_some() && inv.0.get("target_date").is_some(), "{engine}: {inv:?}");
        // A life domain without ZRM domain (Zingeving) cannot carry a target.
        let zin = store.add_goal(&scope, tid, &GoalInput { domain: "f8_zingeving".into(), text: "Rust vinden".into(), ..Default::default() }).await.unwrap();
        assert!(matches!(store.set_goal_target(&scope, zin.id, &input("3", ""), None).await, Err(StoreError::Invalid(_))), "{engine}");
        // Another client's goal is not found through this scope.
        let (_, other_tid, other) = client(&store, "Anna").await;
        let theirs = store.add_goal(&other, other_tid, &GoalInput { domain: "f8_wonen".into(), text: "Verhuizen".into(), ..Default::default() }).await.unwrap();
        assert!(matches!(store.set_goal_target(&scope, theirs.id, &input("3", ""), None).await, Err(StoreError::NotFound)), "{engine}");
        // Clearing removes it; every step is kept.
        assert_eq!(store.set_goal_target(&scope, g.id, &input("", ""), Some(2)).await.unwrap(), None, "{engine}");
        assert!(store.zrm_overview(&scope, tid).await.unwrap().targets.is_empty(), "{engine}");
        let kept = store.domain_target_history(&scope).await.unwrap();
        assert_eq!(kept.iter().map(|c| c.op.code()).collect::<Vec<_>>(), ["create", "update", "delete"], "{engine}");
        assert_eq!(kept.iter().map(|c| c.version).collect::<Vec<_>>(), [1, 2, 3], "{engine}");
        assert!(kept.iter().all(|c| c.by == "Sanne de Vries" && c.entity == "domain_target"), "{engine}");
    }
}

#[tokio::test]
async fn verloop_op_tafel_and_the_dossier_cost_the_same_whatever_the_number_of_measurements() {
    for (engine, store, _guard) in engines().await {
        seed_org(&store).await;
        let (id, tid, scope) = client(&store, "Sem").await;
        let ids = arrange(&store, &scope, tid).await;
        let app = app_as(&store, "begeleider@test.nl").await;

        // Verloop: a line per domain over time, the full table, and a radar of what is chosen.
        let (status, page) = get(&app, &format!("/clienten/{id}/zrm/verloop")).await;
        assert_eq!(status, 200, "{engine}");
        assert_eq!(page.matches("<svg class=\"zrm-line\"").count(), 13, "{engine}: one line chart per domain");
        assert_eq!(page.matches("class=\"zrm-shape ").count(), 3, "{engine}");
        let history = between(&page, "<table class=\"zrm-table zrm-history\">", "</table>").unwrap();
        assert_eq!(between(&history, "<thead>", "</thead>").unwrap().matches("<th scope=\"col\">").count(), 1 + ids.len(), "{engine}: every measurement is a column");
        let (_, chosen) = get(&app, &format!("/clienten/{id}/zrm/verloop?m={}&m={}", ids[1], ids[4])).await;
        assert_eq!(chosen.matches("class=\"zrm-shape ").count(), 2, "{engine}: the two chosen");
        assert!(chosen.contains(&format!("value=\"{}\" checked", ids[4])), "{engine}");

        // Op tafel: then (first) and now (latest), with the bespreekpunten.
        let (status, table) = get(&app, &format!("/clienten/{id}/op-tafel")).await;
        assert_eq!(status, 200, "{engine}");
        let part = between(&table, "id=\"op-tafel-zrm\"", "</section>").expect("op tafel shows the ZRM");
        assert_eq!(part.matches("class=\"zrm-shape ").count(), 2, "{engine}: first and latest");
        assert!(part.contains("zrm-gap-list") && part.contains("Financiën"), "{engine}");

        // Bounded: as many queries with five measurements as with nine.
        let dossier = cost(&app, &format!("/clienten/{id}")).await;
        let verloop = cost(&app, &format!("/clienten/{id}/zrm/verloop")).await;
        for n in 0..4 {
            measure(&store, &scope, tid, "begeleider", 80 - n * 10, "tussen", all(3)).await;
        }
        assert_eq!(cost(&app, &format!("/clienten/{id}")).await, dossier, "{engine}: dossier");
        assert_eq!(cost(&app, &format!("/clienten/{id}/zrm/verloop")).await, verloop, "{engine}: verloop");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_zrm_section_fits_a_laptop_and_a_phone() {
    let (store, _dir) = sqlite_store().await;
    seed_org(&store).await;
    let (id, tid, scope) = client(&store, "Lotte").await;
    arrange(&store, &scope, tid).await;
    let goal = store.add_goal(&scope, tid, &GoalInput { domain: "f8_financien".into(), text: "Zelf mijn rekeningen betalen".into(), ..Default::default() }).await.unwrap();
    store.set_goal_target(&scope, goal.id, &GoalTargetInput { level: "4".into(), target_date: ago(-60) }, None).await.unwrap();
    assert_eq!(instrument("zrm2017").unwrap().domains.len(), ZRM.len());
    let app = spawn_app(store).await;
    let Some(b) = browser(&app.base).await else { return };
    b.sign_in("begeleider@test.nl", PASSWORD).await;
    b.wait_for_path("/clienten").await;
    for (width, name) in [(1280, "zrm-dossier-1280"), (390, "zrm-dossier-390")] {
        b.resize(width, 900).await;
        b.goto(&format!("/clienten/{id}#zrm")).await;
        b.wait_for_text("#zrm", "Om te bespreken").await;
        let v = b.js("return [document.documentElement.scrollWidth, window.innerWidth];", vec![]).await;
        let (scroll, inner) = (v[0].as_u64().unwrap(), v[1].as_u64().unwrap());
        if scroll > inner + 1 {
            let wide = b.js("return [...document.querySelectorAll('body *')].filter(e => !(e.parentElement && e.parentElement.closest('.zrm-table-wrap')) && e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 8).map(e => e.tagName + '.' + e.className + '#' + e.id + ' ' + Math.round(e.getBoundingClientRect().right));", vec![]).await;
            panic!("at {width}px the dossier is wider than the window ({scroll} > {inner}): {wide}");
        }
        // The chart is drawn at a readable size and sits inside the window.
        let r = b.js("const r = document.querySelector('#zrm svg.zrm-radar').getBoundingClientRect(); return [r.left, r.right, r.width];", vec![]).await;
        let (left, right, w) = (r[0].as_f64().unwrap(), r[1].as_f64().unwrap(), r[2].as_f64().unwrap());
        assert!(left >= 0.0 && right <= inner as f64 + 1.0 && w > 300.0, "at {width}px the chart is at {left}..{right} ({w} wide)");
        b.screenshot(name).await;
        b.full_page_screenshot(&format!("{name}-page")).await;
    }
    b.resize(1280, 1000).await;
    b.goto(&format!("/clienten/{id}/zrm/verloop")).await;
    b.wait_for_text("#zrm-lijnen", "Financiën").await;
    b.full_page_screenshot("zrm-verloop-1280").await;
    b.goto(&format!("/clienten/{id}/op-tafel")).await;
    b.wait_for_text("#op-tafel-zrm", "Om te bespreken").await;
    b.full_page_screenshot("zrm-op-tafel-1280").await;
    b.close().await;
}
