//! The outcomes report on the demo organisation: its pairs are the committed pairs file (so a
//! changed demo shows as a fixture change), its numbers agree with SciPy's committed answers on
//! those pairs to 1e-9, on SQLite and PostgreSQL; who may see it; filters; the page, the print
//! version, the CSV for Dutch Excel and the API.
//!
//! After a deliberate change to the demo or the report, refresh the fixtures:
//! `REGIE_UPDATE_FIXTURES=1 cargo test -p regie --test it outcomes::demo` writes the pairs file;
//! then `python scripts/outcomes_fixtures.py --pairs crates/regie/tests/fixtures/outcomes_demo_pairs.csv
//! --out crates/regie/tests/fixtures/outcomes_demo_scipy.json` (see the script's header).

mod pairs;

use crate::harness::{engines, spawn_app, PASSWORD};
use chrono::NaiveDate;
use regie_store::{hash_password, pairs_csv, NewUser, OutcomeFilter, OutcomesReport, Store};
use serde_json::Value;
use std::path::PathBuf;

/// The demo's size and day: fixed, so the pairs are the same on every run.
const CLIENTS: usize = 300;

fn demo_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

async fn demo(store: &Store) {
    store.generate_demo(CLIENTS, demo_day()).await.expect("demo");
}

async fn report(store: &Store, email: &str, f: &OutcomeFilter) -> Option<OutcomesReport> {
    let user = store.user_by_email(email).await.unwrap().expect("demo user");
    store.outcomes_report(&user, f).await.unwrap()
}

fn pairs_total(r: &OutcomesReport) -> i64 {
    r.instruments.iter().flat_map(|i| &i.domains).map(|d| d.outcome.n_pairs).sum()
}

/// `a` equals SciPy's `b` to 1e-9 (relative above 1), or both are absent.
fn close(what: &str, a: Option<f64>, b: &Value) {
    match (a, b.as_f64()) {
        (None, None) => {}
        (Some(x), Some(y)) => assert!((x - y).abs() <= 1e-9 * y.abs().max(1.0), "{what}: Regie {x} vs SciPy {y}"),
        (x, _) => panic!("{what}: Regie {x:?} vs SciPy {b}"),
    }
}

const KW: &str = "kwaliteit@demo.regie.nl";

#[tokio::test]
async fn demo_report_agrees_with_scipy() {
    for (engine, store, _dir) in engines().await {
        demo(&store).await;
        let user = store.user_by_email(KW).await.unwrap().unwrap();
        let pairs = store.outcome_pairs(&user, &OutcomeFilter::default()).await.unwrap().expect("kwaliteit may export");
        let csv = pairs_csv(&pairs, "zrm2017");
        if std::env::var("REGIE_UPDATE_FIXTURES").is_ok_and(|v| v == "1") && engine == "sqlite" {
            std::fs::write(fixture("outcomes_demo_pairs.csv"), &csv).unwrap();
            eprintln!("wrote {}; now regenerate the SciPy answers (see this module's header)", fixture("outcomes_demo_pairs.csv").display());
        }
        let kept = store.outcome_pair_rows(true).await.unwrap();
        assert!(!kept.is_empty() && kept == store.outcome_pair_rows(false).await.unwrap(), "{engine}: the demo's kept pairs are the measurements'");
        let totals = store.outcome_total_rows(true).await.unwrap();
        assert!(!totals.is_empty() && totals == store.outcome_total_rows(false).await.unwrap(), "{engine}: and so are its totals");
        let committed = std::fs::read_to_string(fixture("outcomes_demo_pairs.csv")).expect("committed pairs");
        assert!(committed == csv, "{engine}: the demo's pairs differ from the committed pairs file (a changed demo? see the header)");

        let answers: Value =
            serde_json::from_str(&std::fs::read_to_string(fixture("outcomes_demo_scipy.json")).expect("committed SciPy answers")).expect("JSON");
        let r = report(&store, KW, &OutcomeFilter::default()).await.expect("kwaliteit sees the report");
        let domains = answers["domains"].as_array().expect("domains");
        let reported: Vec<&regie_store::DomainReport> = r.instruments.iter().flat_map(|i| &i.domains).collect();
        assert_eq!(reported.len(), domains.len(), "{engine}: every domain with pairs, and no other");
        for want in domains {
            let code = want["domain"].as_str().unwrap();
            let got = &reported.iter().find(|d| d.outcome.domain == code).unwrap_or_else(|| panic!("{engine}: {code} missing")).outcome;
            let what = |f: &str| format!("{engine} {code} {f}");
            for (field, value) in [("n_pairs", got.n_pairs), ("improved", got.improved), ("same", got.same), ("declined", got.declined)] {
                assert_eq!(Some(value), want[field].as_i64(), "{}", what(field));
            }
            close(&what("mean_first"), got.mean_first, &want["mean_first"]);
            close(&what("mean_last"), got.mean_last, &want["mean_last"]);
            close(&what("median_change"), got.median_change, &want["median_change"]);
            close(&what("wilcoxon_w"), got.wilcoxon_w, &want["wilcoxon_w"]);
            close(&what("z"), got.z, &want["z"]);
            close(&what("p_value"), got.p_value, &want["p_value"]);
            close(&what("effect_size_r"), got.effect_size_r, &want["effect_size_r"]);
            assert_eq!(got.no_test_reason.is_none(), want["has_test"].as_bool().unwrap(), "{}", what("has_test"));
        }
        let total = &r.instruments.iter().find(|i| i.instrument == "zrm2017").expect("ZRM 2017 pairs").total;
        let want = &answers["total"];
        assert_eq!(Some(total.n_pairs), want["n_pairs"].as_i64(), "{engine} total n");
        assert_eq!(total.df, want["df"].as_i64(), "{engine} total df");
        for (field, got) in [
            ("mean_first", total.mean_first),
            ("sd_first", total.sd_first),
            ("mean_last", total.mean_last),
            ("sd_last", total.sd_last),
            ("mean_change", total.mean_change),
            ("sd_change", total.sd_change),
            ("t", total.t),
            ("p_value", total.p_value),
            ("cohen_dz", total.cohen_dz),
        ] {
            close(&format!("{engine} total {field}"), got, &want[field]);
        }
        // The demo shows what the report is for: most pairs, a real test, some change.
        assert!(r.instruments.iter().any(|i| i.instrument == "zrm2013"), "{engine}: the old version is reported apart");
        assert!(r.satisfaction.n > 0 && r.duration.n > 0 && !r.exits.is_empty() && !r.attainment.is_empty(), "{engine}");
    }
}

#[tokio::test]
async fn who_sees_what_and_filters_change_the_cohort() {
    for (engine, store, _dir) in engines().await {
        demo(&store).await;
        let all = report(&store, KW, &OutcomeFilter::default()).await.unwrap();
        let lead = store.user_by_email("teamleider@demo.regie.nl").await.unwrap().unwrap();
        let own = lead.team_id.unwrap();
        let team = report(&store, "teamleider@demo.regie.nl", &OutcomeFilter::default()).await.expect("teamleider sees the own team");
        assert_eq!(team.team_id, own, "{engine}");
        assert!(pairs_total(&team) > 0 && pairs_total(&team) < pairs_total(&all), "{engine}: only the own team");
        let same = report(&store, KW, &OutcomeFilter { team_id: own, ..Default::default() }).await.unwrap();
        assert_eq!(pairs_total(&same), pairs_total(&team), "{engine}: the team filter gives the teamleider's view");
        let other = store.teams().await.unwrap().into_iter().find(|t| t.id != own).unwrap().id;
        assert!(
            report(&store, "teamleider@demo.regie.nl", &OutcomeFilter { team_id: other, ..Default::default() }).await.is_none(),
            "{engine}: not another team"
        );
        assert!(report(&store, "begeleider@demo.regie.nl", &OutcomeFilter::default()).await.is_none(), "{engine}: a worker sees none");

        for f in [
            OutcomeFilter { funding: "jeugdwet".into(), ..Default::default() },
            OutcomeFilter { target_group: "psychisch".into(), ..Default::default() },
            OutcomeFilter { method: "krachtwerk".into(), ..Default::default() },
            OutcomeFilter { from: Some(demo_day() - chrono::Duration::days(60)), ..Default::default() },
            OutcomeFilter { location_id: 1, ..Default::default() },
        ] {
            let n = pairs_total(&report(&store, KW, &f).await.unwrap());
            assert!(n > 0 && n < pairs_total(&all), "{engine}: {f:?} gives {n} of {}", pairs_total(&all));
        }
        let future = OutcomeFilter { from: Some(demo_day() + chrono::Duration::days(1)), ..Default::default() };
        let none = report(&store, KW, &future).await.unwrap();
        assert!(none.instruments.is_empty() && none.satisfaction.n == 0 && none.duration.n == 0, "{engine}: nothing after the demo day");
        // A fixed number of queries whatever the filter.
        let kw = store.user_by_email(KW).await.unwrap().unwrap();
        for f in [OutcomeFilter::default(), OutcomeFilter { funding: "wmo".into(), team_id: own, ..Default::default() }] {
            let before = store.query_count();
            store.outcomes_report(&kw, &f).await.unwrap().unwrap();
            assert_eq!(store.query_count() - before, 6, "{engine}: {f:?}");
        }
    }
}

/// A demo store with staff accounts that sign in with the test password.
async fn demo_app() -> crate::harness::TestApp {
    let (store, dir) = crate::harness::sqlite_store().await;
    std::mem::forget(dir);
    demo(&store).await;
    let team = store.teams().await.unwrap()[0].id;
    for (email, role) in [("kw@test.nl", "kwaliteit"), ("bg@test.nl", "trajectbegeleider")] {
        let u = NewUser {
            email: email.into(),
            name: format!("Test {role}"),
            role: role.into(),
            team_id: Some(team),
            password_hash: hash_password(PASSWORD),
        };
        store.create_user(&u).await.unwrap();
    }
    spawn_app(store).await
}

#[tokio::test]
async fn page_print_csv_and_api() {
    let app = demo_app().await;
    let worker = spawn_app(app.store.clone()).await;
    worker.login("bg@test.nl").await;
    let res = worker.http.get(worker.url("/rapportage/uitkomsten")).send().await.unwrap();
    assert_eq!(res.status(), 403, "a worker gets no outcomes page");
    assert!(!worker.get_text("/clienten").await.contains("/rapportage/uitkomsten"), "nor a link to it");

    app.login("kw@test.nl").await;
    let page = app.get_text("/rapportage/uitkomsten").await;
    assert!(page.contains("href=\"/rapportage/uitkomsten\""), "the nav links to the report");
    for header in ["Paren", "Vooruit", "Gelijk", "Achteruit", "Mediaan verandering", "Wilcoxon W", "p-waarde", "Effectgrootte r", "Totaalscore", "Tevredenheid"] {
        assert!(page.contains(header), "{header}");
    }
    assert!(page.contains("data-instrument=\"zrm2017\"") && page.contains("data-instrument=\"zrm2013\""));
    let print = app.get_text("/rapportage/uitkomsten?afdruk=1").await;
    assert!(print.contains("outcomes-print") && print.contains("data-print") && !print.contains("<nav>"), "a print page without the app's frame");
    let bad = app.get_text("/rapportage/uitkomsten?van=gisteren").await;
    assert!(bad.contains("Vul een datum in zoals 2026-01-31."), "a bad date gets a Dutch message, not an error page");

    // Few pairs in a cell: counts, "geen toets" and why.
    let lead_team = app.store.user_by_email("teamleider@demo.regie.nl").await.unwrap().unwrap().team_id.unwrap();
    let small = app.get_text(&format!("/rapportage/uitkomsten?team={lead_team}&financiering=jeugdwet")).await;
    assert!(small.contains("geen toets") && small.contains("Minder dan 5 paren"), "small cells say why there is no test");

    // CSV for Dutch Excel, with a formula-like team name neutralised.
    let loc = app.store.create_location("Kantoor", "kantoor").await.unwrap();
    let evil = app.store.create_team("=HYPERLINK(\"http://x\";\"klik\")", loc).await.unwrap();
    let res = app.http.get(app.url(&format!("/rapportage/uitkomsten.csv?team={evil}"))).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let bytes = res.bytes().await.unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 with BOM");
    let csv = String::from_utf8(bytes.to_vec()).unwrap();
    assert!(csv.contains("\"Team\";\"'=HYPERLINK(\"\"http://x\"\";\"\"klik\"\")\""), "guarded and quoted: {csv}");
    let all = app.get_text("/rapportage/uitkomsten.csv").await;
    assert!(all.lines().any(|l| l.starts_with("\"Zelfredzaamheid-Matrix 2017\";\"Financiën\";")), "a domain line, ;-separated");
    assert!(all.lines().any(|l| l.contains(";\"") && l.contains(",") && l.starts_with("\"Zelfredzaamheid-Matrix 2017\"")), "decimal comma");
    let pairs = app.get_text("/rapportage/uitkomsten/paren.csv").await;
    assert_eq!(pairs, std::fs::read_to_string(fixture("outcomes_demo_pairs.csv")).unwrap(), "the pairs export is the checked file");

    // The API: the issue's field names; a worker is refused; a filter changes n.
    let token = app.token("kw@test.nl").await;
    let get = |path: &str, token: &str| app.http.get(app.url(path)).bearer_auth(token).send();
    let res = get("/api/v1/reports/outcomes", &token).await.unwrap();
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    let domain = &body["instruments"][0]["domains"][0];
    for field in ["domain", "n_pairs", "improved", "same", "declined", "mean_first", "mean_last", "median_change", "wilcoxon_w", "z", "p_value", "effect_size_r"] {
        assert!(domain.get(field).is_some(), "{field} in {domain}");
    }
    let n = |b: &Value| -> i64 { b["instruments"].as_array().unwrap().iter().flat_map(|i| i["domains"].as_array().unwrap()).map(|d| d["n_pairs"].as_i64().unwrap()).sum() };
    let filtered: Value = get("/api/v1/reports/outcomes?funding=jeugdwet", &token).await.unwrap().json().await.unwrap();
    assert!(n(&filtered) > 0 && n(&filtered) < n(&body));
    assert_eq!(get("/api/v1/reports/outcomes?from=nooit", &token).await.unwrap().status(), 400);
    let worker_token = app.token("bg@test.nl").await;
    assert_eq!(get("/api/v1/reports/outcomes", &worker_token).await.unwrap().status(), 403);
}

/// The demo measures when the due rule asks (after each evaluation, at each phase where the
/// model asks, near the end): on the teams' caseloads only a few active clients wait for a ZRM
/// measurement, as in a real caseload, and begeleider@'s calm clients none.
#[tokio::test]
async fn demo_measures_when_the_rule_asks_so_few_wait() {
    let today = regie_store::today();
    for (engine, store, _dir) in engines().await {
        store.generate_demo(CLIENTS, today).await.expect("demo");
        let (mut active, mut waiting) = (0, 0);
        for lead in ["teamleider@demo.regie.nl", "teamleider2@demo.regie.nl", "teamleider3@demo.regie.nl"] {
            let user = store.user_by_email(lead).await.unwrap().unwrap();
            let actor = regie_store::Actor { user, on_behalf_of: None, source: "127.0.0.1".into(), user_agent: "test".into() };
            let q = regie_store::CaseloadQuery { view: regie_store::CaseloadView::Visible, search: None, limit: 200, offset: 0 };
            for r in store.caseload(&actor, &q, today).await.unwrap().items.iter().filter(|r| r.trajectory_id.is_some()) {
                active += 1;
                waiting += i32::from(r.signals.iter().any(|s| matches!(s.code(), "zrm_due" | "zrm_overdue")));
            }
        }
        assert!(active > 100 && waiting > 0 && waiting * 10 <= active, "{engine}: {waiting} of {active} active clients wait for a ZRM measurement");
    }
}
