//! Recording the ZRM: the worker's score and the client's own, kept with every correction; bad
//! input refused whole with Dutch messages and nothing written (store, pages and API); licensed
//! criterion texts imported by functioneel beheer and shown on the scoring form; the care
//! relation required; a due measurement on the caseload; and the form on one screen in a real
//! browser at laptop and phone size.

use crate::harness::browser::browser;
use crate::harness::{engines, seed_org, spawn_app, sqlite_store, PASSWORD};
use crate::strengths::{actor, app_as, get, plain_post};
use chrono::{Duration, NaiveDate};
use regie_domain::catalogue::AuditAction;
use regie_domain::instrument::{instrument, MeasurementInput, Rater, ScoreInput};
use regie_domain::signals::Signal;
use regie_store::{CaseloadQuery, CaseloadView, ClientInput, ClientScope, Store, StoreError, TrajectoryInput};

fn today() -> NaiveDate {
    regie_store::today()
}

/// A client of begeleider@test.nl whose trajectory of `model` started `days_ago`: (client id,
/// trajectory id, scope).
async fn client(store: &Store, last: &str, model: &str, days_ago: i64) -> (i64, i64, ClientScope) {
    let who = actor(store, "begeleider@test.nl").await;
    let id = store.register_client(&who, &ClientInput { first_name: "Mila".into(), last_name: last.into(), ..Default::default() }).await.unwrap();
    let scope = store.open_client(&who, id, AuditAction::Update, "test").await.unwrap();
    let model = store.phase_models().await.unwrap().into_iter().find(|m| m.code == model).expect("built-in model");
    let start = TrajectoryInput { model_id: model.id, owner_user_id: who.user.id, started_on: (today() - Duration::days(days_ago)).to_string(), ..Default::default() };
    let t = store.start_trajectory(&scope, &start, today()).await.unwrap();
    (id, t.id, scope)
}

/// Every ZRM 2017 domain at `level`.
fn scores(level: &str) -> Vec<ScoreInput> {
    instrument("zrm2017").unwrap().domains.iter().map(|d| ScoreInput { domain: d.code.into(), level: level.into(), note: String::new() }).collect()
}

fn input(rater: &str, on: NaiveDate, level: &str) -> MeasurementInput {
    MeasurementInput {
        instrument: "zrm2017".into(),
        rater: rater.into(),
        measured_on: on.to_string(),
        moment: "begin".into(),
        sources: if rater == "begeleider" { vec!["client".into(), "registratie".into()] } else { vec![] },
        scores: scores(level),
        ..Default::default()
    }
}

/// The scoring form's fields for every ZRM 2017 domain at `level`, plus `extra`.
fn form(trajectory_id: i64, level: &str, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> = vec![
        ("traject".into(), trajectory_id.to_string()),
        ("instrument".into(), "zrm2017".into()),
        ("rater".into(), "begeleider".into()),
        ("measured_on".into(), today().to_string()),
        ("moment".into(), "begin".into()),
        ("sources".into(), "client".into()),
    ];
    for d in instrument("zrm2017").unwrap().domains {
        f.push((format!("score_{}", d.code), level.into()));
        f.push((format!("note_{}", d.code), String::new()));
    }
    for (k, v) in extra {
        f.retain(|(name, _)| name != k);
        f.push((k.to_string(), v.to_string()));
    }
    f
}

fn pairs(f: &[(String, String)]) -> Vec<(&str, &str)> {
    f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

#[tokio::test]
async fn worker_and_client_scores_are_recorded_corrected_removed_and_kept() {
    for (engine, store, _guard) in engines().await {
        seed_org(&store).await;
        let (_, tid, scope) = client(&store, "Meting", "8fasen", 30).await;
        let mut worker = input("begeleider", today() - Duration::days(3), "3");
        worker.scores[1].level = "nb".into();
        worker.scores[0].note = "Schulden bij twee schuldeisers".into();
        let w = store.record_measurement(&scope, tid, &worker, today()).await.unwrap();
        let c = store.record_measurement(&scope, tid, &input("client", today(), "2"), today()).await.unwrap();

        let list = store.measurements(&scope, tid).await.unwrap();
        assert_eq!(list.iter().map(|m| m.id).collect::<Vec<_>>(), [w.id, c.id], "{engine}: oldest first, both raters");
        let first = &list[0];
        assert_eq!((first.rater, first.scores.len(), first.by_name.as_str()), (Rater::Worker, 13, "Sanne de Vries"), "{engine}");
        assert_eq!(first.scores[0].domain, "zrm_financien", "{engine}: in the instrument's order");
        assert_eq!((first.scores[0].level, first.scores[0].note.as_str()), (Some(3), "Schulden bij twee schuldeisers"));
        assert_eq!(first.scores[1].level, None, "{engine}: niet besproken");
        assert_eq!(first.sources, ["client", "registratie"]);
        assert_eq!(list[1].rater, Rater::Client);

        // A wrongly entered score is corrected; a stale correction is refused with the current one.
        let mut fixed = worker.clone();
        fixed.scores[2].level = "4".into();
        let w2 = store.correct_measurement(&scope, w.id, w.version, &fixed, today()).await.unwrap();
        assert_eq!((w2.version, store.measurement(&scope, w.id).await.unwrap().level("zrm_tijd")), (2, Some(4)), "{engine}");
        let stale = store.correct_measurement(&scope, w.id, w.version, &worker, today()).await;
        assert!(matches!(stale, Err(StoreError::Conflict { .. })), "{engine}: {stale:?}");
        assert!(matches!(store.delete_measurement(&scope, c.id, 7).await, Err(StoreError::Conflict { .. })), "{engine}");
        store.delete_measurement(&scope, c.id, c.version).await.unwrap();
        assert_eq!(store.measurements(&scope, tid).await.unwrap().len(), 1, "{engine}");

        // Every change is kept, with the measurement as it stood.
        let history = store.measurement_history(&scope).await.unwrap();
        let ops: Vec<&str> = history.iter().map(|h| h.op.code()).collect();
        assert_eq!(ops, ["create", "create", "update", "delete"], "{engine}");
        assert_eq!(history[2].data["scores"][2]["level"], 4, "{engine}");
        assert_eq!(history[3].data["rater"], "client", "{engine}");
    }
}

#[tokio::test]
async fn bad_measurements_are_refused_whole_in_dutch_and_nothing_is_written() {
    for (engine, store, _guard) in engines().await {
        seed_org(&store).await;
        let (id, tid, scope) = client(&store, "Fout", "8fasen", 30).await;
        let refused = |r: Result<regie_domain::instrument::Measurement, StoreError>, field: &str| match r {
            Err(StoreError::Invalid(inv)) => inv.0.get(field).map(str::to_string).unwrap_or_else(|| panic!("{engine}: no message on {field}: {inv:?}")),
            other => panic!("{engine}: {other:?}"),
        };
        let mut six = input("begeleider", today(), "3");
        six.scores[0].level = "6".into();
        assert!(refused(store.record_measurement(&scope, tid, &six, today()).await, "score_zrm_financien").contains("1 tot en met 5"));
        let future = input("begeleider", today() + Duration::days(1), "3");
        assert_eq!(refused(store.record_measurement(&scope, tid, &future, today()).await, "measured_on"), "Deze datum ligt in de toekomst.");
        let early = input("begeleider", today() - Duration::days(31), "3");
        assert!(refused(store.record_measurement(&scope, tid, &early, today()).await, "measured_on").contains("voor de start"));
        let mut gap = input("begeleider", today(), "3");
        gap.scores.retain(|s| s.domain != "zrm_justitie");
        assert!(refused(store.record_measurement(&scope, tid, &gap, today()).await, "score_zrm_justitie").contains("Justitie"));
        let mut unknown = input("begeleider", today(), "3");
        unknown.instrument = "zrm1999".into();
        assert_eq!(refused(store.record_measurement(&scope, tid, &unknown, today()).await, "instrument"), "Kies een bekend meetinstrument.");
        assert!(store.measurements(&scope, tid).await.unwrap().is_empty(), "{engine}: nothing written");
        assert!(store.measurement_history(&scope).await.unwrap().is_empty(), "{engine}: no change kept");

        // The page shows the form again with the message beside the domain, the choices kept.
        let app = app_as(&store, "begeleider@test.nl").await;
        let f = form(tid, "3", &[("score_zrm_werk", "6")]);
        let res = app.post_form(&format!("/clienten/{id}/zrm"), &pairs(&f)).await;
        assert_eq!(res.status().as_u16(), 422, "{engine}");
        let html = res.text().await.unwrap();
        assert!(html.contains("Kies een niveau van 1 tot en met 5"), "{engine}");
        assert!(html.contains(r#"name="score_zrm_financien" value="3" aria-label="Financiën: 3 Beperkt zelfredzaam" checked"#), "{engine}: choices kept");
        let f = form(tid, "3", &[("measured_on", &(today() + Duration::days(3)).to_string()), ("sources", "")]);
        let html = app.post_form(&format!("/clienten/{id}/zrm"), &pairs(&f)).await.text().await.unwrap();
        assert!(html.contains("Deze datum ligt in de toekomst.") && html.contains("ten minste één bron"), "{engine}");

        // The API answers 422 with the Dutch message per field.
        let token = app.token("begeleider@test.nl").await;
        let body = serde_json::json!({
            "instrument": "zrm2017", "rater": "begeleider", "measured_on": today().to_string(), "moment": "begin",
            "sources": ["client"], "scores": [{"domain": "zrm_financien", "level": 6}]
        });
        let res = app.http.post(app.url(&format!("/api/v1/clients/{id}/measurements"))).bearer_auth(&token).json(&body).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 422, "{engine}");
        let j: serde_json::Value = res.json().await.unwrap();
        assert!(j["fields"]["score_zrm_financien"].as_str().unwrap().contains("1 tot en met 5"), "{engine}: {j}");
        assert!(j["fields"]["score_zrm_werk"].as_str().unwrap().starts_with("Vul Werk & opleiding in"), "{engine}: {j}");
        assert!(store.measurements(&scope, tid).await.unwrap().is_empty(), "{engine}: still nothing written");
    }
}

#[tokio::test]
async fn scores_are_recorded_through_the_pages_and_the_api() {
    for (engine, store, _guard) in engines().await {
        seed_org(&store).await;
        let (id, tid, scope) = client(&store, "Pagina", "competentiegericht", 30).await;
        let app = app_as(&store, "begeleider@test.nl").await;

        // The dossier links to the measurements; the form proposes "begin" in the Begin phase.
        let (_, dossier) = get(&app, &format!("/clienten/{id}")).await;
        assert!(dossier.contains(&format!(r#"id="zrm-link" href="/clienten/{id}/zrm""#)), "{engine}");
        let (status, new) = get(&app, &format!("/clienten/{id}/zrm/nieuw?door=begeleider")).await;
        assert_eq!(status, 200, "{engine}");
        assert!(new.contains(r#"<option value="begin" selected>"#) && new.contains("Middelengebruik"), "{engine}");
        let (_, own) = get(&app, &format!("/clienten/{id}/zrm/nieuw?door=client")).await;
        assert!(own.contains("Geldzaken") && own.contains("Inzet voor de maatschappij") && own.contains("met u"), "{engine}: plain words for the client");
        assert!(!own.contains(r#"name="sources""#), "{engine}: no sources on the client's own score");

        let (status, location) = plain_post(&app, &format!("/clienten/{id}/zrm"), &pairs(&form(tid, "4", &[("score_zrm_justitie", "nb")]))).await;
        assert_eq!((status, location.as_str()), (303, format!("/clienten/{id}/zrm?traject={tid}").as_str()), "{engine}");
        let m = store.measurements(&scope, tid).await.unwrap().remove(0);
        assert_eq!((m.level("zrm_werk"), m.level("zrm_justitie"), m.scores.len()), (Some(4), None, 13), "{engine}");
        let (_, list) = get(&app, &location).await;
        assert!(list.contains(&format!("/clienten/{id}/zrm/{}", m.id)) && list.contains("4,0") && list.contains("12/13"), "{engine}");
        assert!(list.contains(&format!("/clienten/{id}/zrm/verloop?traject={tid}")), "{engine}: link to the course");

        // Correction through the form, with the version seen.
        let (_, shown) = get(&app, &format!("/clienten/{id}/zrm/{}", m.id)).await;
        assert!(shown.contains(r#"name="version" value="1""#), "{engine}");
        let f = form(tid, "4", &[("score_zrm_werk", "2"), ("version", "1")]);
        let (status, _) = plain_post(&app, &format!("/clienten/{id}/zrm/{}", m.id), &pairs(&f)).await;
        assert_eq!(status, 303, "{engine}");
        assert_eq!(store.measurement(&scope, m.id).await.unwrap().level("zrm_werk"), Some(2), "{engine}");
        let res = app.post_form(&format!("/clienten/{id}/zrm/{}", m.id), &pairs(&f)).await;
        assert_eq!(res.status().as_u16(), 409, "{engine}: a stale correction is refused");

        // The API: the instruments, a client's own score, the list.
        let token = app.token("begeleider@test.nl").await;
        let j: serde_json::Value = app.http.get(app.url("/api/v1/instruments")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        let counts: Vec<usize> = j["items"].as_array().unwrap().iter().map(|i| i["domains"].as_array().unwrap().len()).collect();
        assert_eq!(counts, [13, 11], "{engine}");
        assert_eq!(j["items"][0]["supplements"][0]["domains"].as_array().unwrap().len(), 6, "{engine}");
        let domains: Vec<serde_json::Value> = instrument("zrm2017").unwrap().domains.iter().map(|d| serde_json::json!({"domain": d.code, "level": 2})).collect();
        let body = serde_json::json!({"instrument": "zrm2017", "rater": "client", "measured_on": today().to_string(), "moment": "begin", "scores": domains});
        let res = app.http.post(app.url(&format!("/api/v1/clients/{id}/measurements"))).bearer_auth(&token).json(&body).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 201, "{engine}");
        let j: serde_json::Value = app.http.get(app.url(&format!("/api/v1/clients/{id}/measurements"))).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        let raters: Vec<&str> = j["items"].as_array().unwrap().iter().map(|m| m["rater"].as_str().unwrap()).collect();
        assert_eq!(raters, ["begeleider", "client"], "{engine}");
    }
}

#[tokio::test]
async fn a_care_relation_is_required_and_refusals_are_audited() {
    for (engine, store, _guard) in engines().await {
        seed_org(&store).await;
        let (id, tid, scope) = client(&store, "Afgeschermd", "8fasen", 30).await;
        let app = app_as(&store, "ander@test.nl").await;
        let (status, _) = get(&app, &format!("/clienten/{id}/zrm")).await;
        assert_eq!(status, 403, "{engine}");
        let res = app.post_form(&format!("/clienten/{id}/zrm"), &pairs(&form(tid, "3", &[]))).await;
        assert_eq!(res.status().as_u16(), 403, "{engine}");
        let token = app.token("ander@test.nl").await;
        let res = app.http.get(app.url(&format!("/api/v1/clients/{id}/measurements"))).bearer_auth(&token).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 403, "{engine}");
        assert!(store.measurements(&scope, tid).await.unwrap().is_empty(), "{engine}");
        let other = store.user_by_email("ander@test.nl").await.unwrap().unwrap();
        let audit = store.audit_for_client(id, 50).await.unwrap();
        let refused: Vec<&str> = audit.iter().filter(|a| a.user_id == Some(other.id) && a.outcome != "granted").map(|a| a.object.as_str()).collect();
        assert!(refused.contains(&"measurements") && refused.contains(&"measurement"), "{engine}: {refused:?}");
    }
}

const TEXTS: &str = "instrument;domein;niveau;tekst\nzrm2017;zrm_financien;1;Groeiende complexe schulden\nzrm2017;zrm_financien;5;\"Vrij besteedbaar inkomen; spaart\"\n";

#[tokio::test]
async fn licensed_texts_are_checked_line_by_line_imported_by_beheer_and_shown_while_scoring() {
    for (engine, store, _guard) in engines().await {
        seed_org(&store).await;
        let (id, _, _) = client(&store, "Teksten", "8fasen", 30).await;

        // Only functioneel beheer.
        let worker = app_as(&store, "begeleider@test.nl").await;
        let (status, _) = get(&worker, "/beheer/zrm-teksten").await;
        assert_eq!(status, 403, "{engine}");
        let res = worker.post_form("/beheer/zrm-teksten", &[("texts", TEXTS)]).await;
        assert_eq!(res.status().as_u16(), 403, "{engine}");
        assert!(store.instrument_text_counts().await.unwrap().is_empty(), "{engine}");

        // A malformed file is refused whole, naming its lines.
        let admin = app_as(&store, "beheer@test.nl").await;
        let bad = format!("{TEXTS}zrm2017;zrm_werk;6;Te hoog\nzrm2017;zrm_onbekend;2;x\nzrm2017;zrm_werk\n");
        let res = admin.post_form("/beheer/zrm-teksten", &[("texts", &bad)]).await;
        assert_eq!(res.status().as_u16(), 422, "{engine}");
        let html = res.text().await.unwrap();
        for n in [4, 5, 6] {
            assert!(html.contains(&format!("Regel {n}:")), "{engine}: line {n} named");
        }
        assert!(!html.contains("Regel 2:") && !html.contains("Regel 3:"), "{engine}");
        assert!(store.instrument_text_counts().await.unwrap().is_empty(), "{engine}: nothing imported");

        // A good one (uploaded as a file, the way htmx sends it) replaces the texts.
        let csrf = admin.csrf().await;
        let upload = format!(
            "--grens\r\nContent-Disposition: form-data; name=\"bestand\"; filename=\"zrm.csv\"\r\nContent-Type: text/csv\r\n\r\n{TEXTS}\r\n--grens--\r\n"
        );
        let res = admin
            .http
            .post(admin.url("/beheer/zrm-teksten"))
            .header("HX-Request", "true")
            .header("X-CSRF-Token", csrf)
            .header("Content-Type", "multipart/form-data; boundary=grens")
            .body(upload)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 200, "{engine}");
        assert!(res.text().await.unwrap().contains("zrm-texts-done"), "{engine}");
        let (status, location) = plain_post(&admin, "/beheer/zrm-teksten", &[("texts", TEXTS)]).await;
        assert_eq!((status, location.as_str()), (303, "/beheer/zrm-teksten?geladen=1"), "{engine}: pasting works too");
        let (_, page) = get(&admin, "/beheer/zrm-teksten").await;
        assert!(between_row(&page, "teksten-zrm2017").contains("2 / 95"), "{engine}");
        assert!(between_row(&page, "teksten-zrm2013").contains("0 / 55"), "{engine}");

        // The scoring form shows them beside the domain's levels.
        let (_, html) = get(&worker, &format!("/clienten/{id}/zrm/nieuw")).await;
        assert!(html.contains("Groeiende complexe schulden") && html.contains("Vrij besteedbaar inkomen; spaart"), "{engine}");
        assert_eq!(html.matches(r#"class="zrm-texts""#).count(), 1, "{engine}: only the domain with texts");
    }
}

fn between_row(html: &str, id: &str) -> String {
    crate::harness::app::between(html, &format!(r#"id="{id}""#), "</tr>").unwrap_or_default()
}

#[tokio::test]
async fn a_due_measurement_shows_on_the_caseload_until_it_is_recorded() {
    for (engine, store, _guard) in engines().await {
        seed_org(&store).await;
        let worker = actor(&store, "begeleider@test.nl").await;
        let (fresh, _, _) = client(&store, "Nieuw", "8fasen", 5).await;
        let (due, due_tid, due_scope) = client(&store, "Nodig", "8fasen", 20).await;
        let (late, _, _) = client(&store, "Laat", "8fasen", 40).await;
        let page = store.caseload(&worker, &CaseloadQuery { view: CaseloadView::Mine, search: None, limit: 50, offset: 0 }, today()).await.unwrap();
        let zrm = |id: i64| -> Vec<Signal> {
            page.items.iter().find(|r| r.client_id == id).unwrap().signals.iter().filter(|s| matches!(s, Signal::ZrmDue { .. } | Signal::ZrmOverdue { .. })).cloned().collect()
        };
        assert!(zrm(fresh).is_empty(), "{engine}: two weeks to get to know each other");
        assert!(matches!(zrm(due)[..], [Signal::ZrmDue { .. }]), "{engine}: {:?}", zrm(due));
        assert!(matches!(zrm(late)[..], [Signal::ZrmOverdue { .. }]), "{engine}: {:?}", zrm(late));

        let app = app_as(&store, "begeleider@test.nl").await;
        let (_, caseload) = get(&app, "/clienten").await;
        assert!(caseload.contains("ZRM-meting nodig na de intake") && caseload.contains("ZRM-meting te laat na de intake"), "{engine}");
        let (_, list) = get(&app, &format!("/clienten/{due}/zrm")).await;
        assert!(list.contains(r#"id="zrm-due""#), "{engine}");

        store.record_measurement(&due_scope, due_tid, &input("begeleider", today(), "3"), today()).await.unwrap();
        let after = store.caseload(&worker, &CaseloadQuery { view: CaseloadView::Mine, search: None, limit: 50, offset: 0 }, today()).await.unwrap();
        let row = after.items.iter().find(|r| r.client_id == due).unwrap();
        assert!(!row.signals.iter().any(|s| matches!(s, Signal::ZrmDue { .. } | Signal::ZrmOverdue { .. })), "{engine}: {:?}", row.signals);
        let (_, list) = get(&app, &format!("/clienten/{due}/zrm")).await;
        assert!(!list.contains(r#"id="zrm-due""#), "{engine}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_scoring_form_fits_one_screen_on_a_laptop_and_a_phone() {
    let (store, _dir) = sqlite_store().await;
    seed_org(&store).await;
    let (id, tid, scope) = client(&store, "Scherm", "8fasen", 30).await;
    let app = spawn_app(store.clone()).await;
    let Some(b) = browser(&app.base).await else { return };
    b.sign_in("begeleider@test.nl", PASSWORD).await;
    b.wait_for_path("/clienten").await;
    for (w, h) in [(1280u32, 800u32), (390, 844)] {
        b.resize(w, h).await;
        b.goto(&format!("/clienten/{id}/zrm/nieuw?door=begeleider")).await;
        b.wait_for_text("h1", "ZRM-meting").await;
        // From the form's heading to its save button: on a laptop including the site's menu
        // above it, on a phone (whose menu wraps onto several lines) from the heading on.
        let v = b
            .js(
                "window.scrollTo(0, 0); const s = document.getElementById('zrm-save').getBoundingClientRect(); \
                 const top = document.querySelector('.zrm-head').getBoundingClientRect().top; \
                 return [document.documentElement.scrollWidth, window.innerWidth, Math.ceil(s.bottom), Math.floor(top), window.innerHeight];",
                vec![],
            )
            .await;
        let n = |i: usize| v[i].as_u64().unwrap();
        let (scroll, inner, bottom, top, height) = (n(0), n(1), n(2), n(3), n(4));
        b.screenshot(&format!("zrm-form-{w}")).await;
        assert!(scroll <= inner + 1, "{w}x{h}: the form is wider than the screen ({scroll} > {inner})");
        let from = if w < 640 { top } else { 0 };
        assert!(bottom - from <= height, "{w}x{h}: the form does not fit one screen ({} > {height})", bottom - from);
    }
    // Scoring by tapping: level 3 everywhere, then save.
    b.resize(1280, 800).await;
    b.js("document.querySelectorAll('#zrm-form input[type=radio][value=\"3\"]').forEach(r => r.click()); return 1;", vec![]).await;
    b.click("#zrm-save").await;
    b.wait_for_path(&format!("/clienten/{id}/zrm")).await;
    b.wait_for_text(".zrm-list", "3,0").await;
    assert_eq!(store.measurements(&scope, tid).await.unwrap()[0].mean(), Some(3.0));
    b.close().await;
}
