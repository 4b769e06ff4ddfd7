//! Result agreements with ZRM targets and attainment, role defaults, client satisfaction with an
//! editable questionnaire, and the exit destination when a trajectory closes: on both engines,
//! through the store, the pages and the API.

use crate::harness::{engines, seed_org, spawn_app, TestApp};
use chrono::Duration;
use regie_domain::catalogue::AuditAction;
use regie_domain::instrument::{MeasurementInput, ScoreInput};
use regie_domain::results::zrm_domains;
use regie_store::{Actor, AgreementInput, ClientInput, ClientScope, ItemEdit, SatisfactionInput, Store, StoreError, TrajectoryInput};
use regie_store::today;

async fn actor(store: &Store, email: &str) -> Actor {
    let user = store.user_by_email(email).await.unwrap().expect("seeded user");
    Actor { user, on_behalf_of: None, source: "127.0.0.1".into(), user_agent: "test".into() }
}

/// A client of begeleider@test.nl with a trajectory in `model` started 30 days ago: (id, tid, scope).
async fn client(store: &Store, first: &str, model: &str) -> (i64, i64, ClientScope) {
    let who = actor(store, "begeleider@test.nl").await;
    let input = ClientInput { first_name: first.into(), last_name: "Test".into(), ..Default::default() };
    let id = store.register_client(&who, &input).await.unwrap();
    let scope = store.open_client(&who, id, AuditAction::Update, "test").await.unwrap();
    let model = store.phase_models().await.unwrap().into_iter().find(|m| m.code == model).expect("built-in model");
    let t = TrajectoryInput { model_id: model.id, owner_user_id: who.user.id, started_on: (today() - Duration::days(30)).to_string(), ..Default::default() };
    let t = store.start_trajectory(&scope, &t, today()).await.unwrap();
    (id, t.id, scope)
}

/// A ZRM 2017 measurement `days_ago` by `rater` with the given levels (the rest not discussed).
async fn measure(store: &Store, scope: &ClientScope, tid: i64, rater: &str, days_ago: i64, levels: &[(&str, i64)]) {
    let scores = zrm_domains()
        .into_iter()
        .map(|d| ScoreInput {
            domain: d.into(),
            level: levels.iter().find(|(x, _)| *x == d).map(|(_, l)| l.to_string()).unwrap_or_else(|| "nb".into()),
            note: String::new(),
        })
        .collect();
    let input = MeasurementInput {
        instrument: "zrm2017".into(),
        rater: rater.into(),
        measured_on: (today() - Duration::days(days_ago)).to_string(),
        moment: "tussen".into(),
        sources: vec!["client".into()],
        scores,
        ..Default::default()
    };
    store.record_measurement(scope, tid, &input, today()).await.unwrap();
}

fn agreement(team: Option<i64>, user: Option<i64>, targets: &[(&str, &str)], deadline: chrono::NaiveDate) -> AgreementInput {
    AgreementInput {
        team_id: team,
        user_id: user,
        role_code: None,
        text: "Binnen een half jaar genoeg woonvaardigheden om zelfstandig te wonen.".into(),
        deadline: deadline.to_string(),
        targets: targets.iter().map(|(d, l)| (d.to_string(), l.to_string())).collect(),
    }
}

fn fields(err: StoreError) -> regie_domain::FieldErrors {
    match err {
        StoreError::Invalid(inv) => inv.0,
        other => panic!("expected a refusal with messages, got {other:?}"),
    }
}

#[tokio::test]
async fn agreements_track_attainment_from_worker_scores() {
    for (engine, store, _guard) in engines().await {
        let org = seed_org(&store).await;
        let (_, tid, scope) = client(&store, "Noor", "8fasen").await;
        let deadline = today() + Duration::days(90);
        let a = store.create_result_agreement(&scope, tid, &agreement(Some(org.team_a), None, &[("zrm_werk", "3"), ("zrm_netwerk", "2")], deadline), today()).await.unwrap();
        assert_eq!((a.status.as_str(), a.version, a.team_name.as_deref()), ("open", 1, Some("Team Instroom")), "{engine}");
        assert!(a.targets.iter().all(|t| t.attainment == "niet_gemeten"), "{engine}: {:?}", a.targets);
        assert_eq!(a.suggested_status, None);

        // The worker's score counts; the client's own score does not.
        measure(&store, &scope, tid, "begeleider", 2, &[("zrm_werk", 3), ("zrm_netwerk", 1)]).await;
        measure(&store, &scope, tid, "client", 1, &[("zrm_netwerk", 5)]).await;
        let list = store.result_agreements(&scope, Some(tid), today()).await.unwrap();
        let t: Vec<_> = list[0].targets.iter().map(|t| (t.domain_code.as_str(), t.attainment.as_str(), t.measured_level)).collect();
        assert_eq!(t, [("zrm_werk", "bereikt", Some(3)), ("zrm_netwerk", "niet_bereikt", Some(1))], "{engine}");
        assert_eq!(list[0].suggested_status.as_deref(), Some("deels_behaald"), "{engine}");

        // Bad input is refused whole, in Dutch, and nothing is written.
        let bad = agreement(None, None, &[("zrm_werk", "6"), ("f8_wonen", "3")], today() - Duration::days(1));
        let e = fields(store.create_result_agreement(&scope, tid, &bad, today()).await.unwrap_err());
        assert!(e.get("deadline").unwrap().contains("verleden"), "{engine}: {e:?}");
        assert!(e.get("targets").is_some() && e.get("team_id").unwrap().contains("team of een collega"), "{engine}: {e:?}");
        let both = agreement(Some(org.team_a), Some(org.colleague), &[("zrm_werk", "3")], deadline);
        assert!(fields(store.create_result_agreement(&scope, tid, &both, today()).await.unwrap_err()).get("team_id").unwrap().contains("niet allebei"));
        assert_eq!(store.result_agreements(&scope, None, today()).await.unwrap().len(), 1, "{engine}: nothing written");

        // A colleague asked: the role defaults to theirs. Changing targets keeps the history.
        let b = store.create_result_agreement(&scope, tid, &agreement(None, Some(org.colleague), &[("zrm_badl", "2")], deadline), today()).await.unwrap();
        assert_eq!((b.user_name.as_deref(), b.role_code.as_deref()), (Some("Joris Bakker"), Some("trajectbegeleider")), "{engine}");
        let changed = store
            .update_result_agreement(&scope, a.id, a.version, &agreement(Some(org.team_a), None, &[("zrm_werk", "4"), ("zrm_badl", "2")], deadline), today())
            .await
            .unwrap();
        let t: Vec<_> = changed.targets.iter().map(|t| (t.domain_code.as_str(), t.level, t.attainment.as_str())).collect();
        assert_eq!(t, [("zrm_werk", 4, "niet_bereikt"), ("zrm_badl", 2, "niet_gemeten")], "{engine}");
        assert_eq!(changed.version, 2);
        // A second edit based on the old version is refused with the agreement as it is now.
        match store.update_result_agreement(&scope, a.id, a.version, &agreement(Some(org.team_a), None, &[("zrm_werk", "2")], deadline), today()).await {
            Err(StoreError::Conflict { current }) => assert_eq!(current["version"], 2, "{engine}"),
            x => panic!("{engine}: {x:?}"),
        }

        // Closing: the worker confirms a status; a closed agreement does not change any more.
        let closed = store.close_result_agreement(&scope, a.id, changed.version, "deels_behaald", today()).await.unwrap();
        assert_eq!((closed.status.as_str(), closed.closed_on), ("deels_behaald", Some(today())), "{engine}");
        assert!(fields(store.close_result_agreement(&scope, a.id, closed.version, "behaald", today()).await.unwrap_err()).get("status").is_some());
        assert!(fields(store.close_result_agreement(&scope, b.id, b.version, "open", today()).await.unwrap_err()).get("status").is_some());

        // Another client's scope does not reach it; listing costs the same whatever the number.
        let (_, _, other) = client(&store, "Iris", "8fasen").await;
        assert!(matches!(store.result_agreement(&other, a.id, today()).await, Err(StoreError::NotFound)), "{engine}");
        let before = store.query_count();
        store.result_agreements(&scope, Some(tid), today()).await.unwrap();
        let two = store.query_count() - before;
        for _ in 0..4 {
            store.create_result_agreement(&scope, tid, &agreement(Some(org.team_a), None, &[("zrm_iadl", "3")], deadline), today()).await.unwrap();
        }
        let before = store.query_count();
        assert_eq!(store.result_agreements(&scope, Some(tid), today()).await.unwrap().len(), 6);
        assert_eq!(store.query_count() - before, two, "{engine}: bounded queries");
    }
}

#[tokio::test]
async fn role_defaults_are_seeded_prefill_the_form_and_only_beheer_changes_them() {
    for (engine, store, _guard) in engines().await {
        seed_org(&store).await;
        let (id, _, _) = client(&store, "Sem", "8fasen").await;
        let roles = store.role_target_defaults().await.unwrap();
        let act = roles.iter().find(|r| r.role_code == "activiteitenbegeleider").expect("role");
        let want: Vec<(String, i64)> = [("zrm_werk", 3), ("zrm_badl", 2), ("zrm_iadl", 2), ("zrm_netwerk", 2), ("zrm_participatie", 3)].iter().map(|(d, l)| (d.to_string(), *l)).collect();
        assert_eq!(act.targets, want, "{engine}");
        let worker = actor(&store, "begeleider@test.nl").await.user;
        let admin = actor(&store, "beheer@test.nl").await.user;
        assert!(matches!(store.set_role_target_defaults(&worker, "jobcoach", &[]).await, Err(StoreError::Forbidden)));
        let e = fields(store.set_role_target_defaults(&admin, "jobcoach", &[("zrm_werk".into(), "7".into())]).await.unwrap_err());
        assert!(e.get("targets").is_some(), "{engine}");

        let app = spawn_app(store.clone()).await;
        app.login("begeleider@test.nl").await;
        let page = app.get_text(&format!("/clienten/{id}/resultaatafspraken/nieuw?rol=activiteitenbegeleider")).await;
        let werk = select_of(&page, "level_zrm_werk");
        assert!(werk.contains("value=\"3\" selected"), "{engine}: {werk}");
        assert!(!select_of(&page, "level_zrm_financien").contains("selected"), "{engine}");
        for path in ["/beheer/resultaatafspraken", "/beheer/tevredenheid"] {
            let res = app.http.get(app.url(path)).send().await.unwrap();
            assert_eq!(res.status(), 403, "{engine}: {path}");
            assert!(res.text().await.unwrap().contains("alleen voor functioneel beheer"));
            assert_eq!(app.post_form(path, &[("role_code", "jobcoach")]).await.status(), 403, "{engine}: POST {path}");
        }

        let beheer = spawn_app(store.clone()).await;
        beheer.login("beheer@test.nl").await;
        let res = beheer.post_form("/beheer/resultaatafspraken", &[("role_code", "jobcoach"), ("level_zrm_werk", "4")]).await;
        assert_eq!(res.status(), 303, "{engine}");
        let page = beheer.get_text("/beheer/resultaatafspraken?rol=jobcoach").await;
        assert!(page.contains("opleiding 4"), "{engine}");
        let page = app.get_text(&format!("/clienten/{id}/resultaatafspraken/nieuw?rol=jobcoach")).await;
        assert!(select_of(&page, "level_zrm_werk").contains("value=\"4\" selected"), "{engine}");
    }
}

/// The HTML of the `<select name="…">` on `page`.
fn select_of(page: &str, name: &str) -> String {
    let start = page.find(&format!("name=\"{name}\"")).unwrap_or_else(|| panic!("no select {name}"));
    let rest = &page[start..];
    rest[..rest.find("</select>").unwrap()].to_string()
}

#[tokio::test]
async fn agreements_in_the_dossier_from_form_to_attainment() {
    let (store, _dir) = crate::harness::sqlite_store().await;
    let org = seed_org(&store).await;
    let (id, tid, scope) = client(&store, "Ayla", "8fasen").await;
    let app = spawn_app(store.clone()).await;
    app.login("begeleider@test.nl").await;
    let deadline = (today() + Duration::days(60)).to_string();
    let team = org.team_a.to_string();
    // Refused whole: level out of range; the form comes back with the message and the text kept.
    let res = app.post_form(&format!("/clienten/{id}/resultaatafspraken"), &[("team_id", &team), ("text", "Zelf koken"), ("deadline", &deadline), ("level_zrm_werk", "9")]).await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.unwrap();
    assert!(body.contains("1 tot en met 5") && body.contains("Zelf koken"), "{body}");
    assert!(store.result_agreements(&scope, None, today()).await.unwrap().is_empty());
    let res = app
        .post_form(&format!("/clienten/{id}/resultaatafspraken"), &[("team_id", &team), ("text", "Zelf koken"), ("deadline", &deadline), ("level_zrm_iadl", "3")])
        .await;
    assert_eq!(res.status(), 303);
    let page = app.get_text(&format!("/clienten/{id}")).await;
    let section = &page[page.find("id=\"resultaten\"").expect("section")..];
    assert!(section.contains("Zelf koken") && section.contains("Team Instroom") && section.contains("Nog niet gemeten"), "{section}");
    measure(&store, &scope, tid, "begeleider", 0, &[("zrm_iadl", 4)]).await;
    let page = app.get_text(&format!("/clienten/{id}")).await;
    let section = &page[page.find("id=\"resultaten\"").unwrap()..];
    assert!(section.contains(">Bereikt<") && section.contains("<option value=\"behaald\" selected>"), "{section}");
    let a = &store.result_agreements(&scope, None, today()).await.unwrap()[0];
    let res = app.post_form(&format!("/clienten/{id}/resultaatafspraken/{}/afsluiten", a.id), &[("status", "behaald"), ("version", &a.version.to_string())]).await;
    assert_eq!(res.status(), 303);
    // The same form again is a stale edit.
    let res = app.post_form(&format!("/clienten/{id}/resultaatafspraken/{}/afsluiten", a.id), &[("status", "behaald"), ("version", &a.version.to_string())]).await;
    assert_eq!(res.status(), 409);
    let page = app.get_text(&format!("/clienten/{id}")).await;
    assert!(page.contains("class=\"agreement-status\">Behaald<"), "closed as behaald");
}

#[tokio::test]
async fn satisfaction_is_recorded_and_old_answers_keep_their_question() {
    for (engine, store, _guard) in engines().await {
        seed_org(&store).await;
        let (id, tid, scope) = client(&store, "Daan", "8fasen").await;
        let items = store.satisfaction_items(false).await.unwrap();
        assert_eq!(items.len(), 4, "{engine}: seeded questionnaire");
        let input = |mark: &str, day: chrono::NaiveDate| SatisfactionInput {
            answered_on: day.to_string(),
            moment: "evaluatie".into(),
            mark: mark.into(),
            remark: "Fijn dat ik mee mocht beslissen.".into(),
            evaluation_id: None,
            answers: vec![(items[0].id, "altijd".into()), (items[1].id, "3".into())],
        };
        for (mark, day, field) in [("11", today(), "mark"), ("", today(), "mark"), ("8", today() + Duration::days(1), "answered_on"), ("8", today() - Duration::days(31), "answered_on")] {
            let e = fields(store.record_satisfaction(&scope, tid, &input(mark, day), today()).await.unwrap_err());
            assert!(e.get(field).is_some(), "{engine}: {mark} {day}: {e:?}");
        }
        let mut bad_answer = input("8", today());
        bad_answer.answers.push((items[2].id, "5".into()));
        assert!(fields(store.record_satisfaction(&scope, tid, &bad_answer, today()).await.unwrap_err()).get("answers").is_some());
        assert!(store.satisfaction_responses(&scope, None).await.unwrap().is_empty(), "{engine}: nothing written");

        let r = store.record_satisfaction(&scope, tid, &input("8", today()), today()).await.unwrap();
        let answers: Vec<_> = r.answers.iter().map(|a| (a.question.as_str(), a.answer_code.as_str())).collect();
        assert_eq!(answers, [(items[0].question.as_str(), "altijd"), (items[1].question.as_str(), "meestal")], "{engine}");

        // Functioneel beheer rewords the first question: new row, old answers keep the old one.
        let admin = actor(&store, "beheer@test.nl").await.user;
        let worker = actor(&store, "begeleider@test.nl").await.user;
        let edit = |question: &str| ItemEdit { id: Some(items[0].id), topic: "bereikbaarheid".into(), question: question.into(), position: "1".into(), remove: false };
        assert!(matches!(store.save_satisfaction_items(&worker, &[edit("Was uw begeleider bereikbaar?")]).await, Err(StoreError::Forbidden)));
        let now = store.save_satisfaction_items(&admin, &[edit("Was uw begeleider goed bereikbaar?")]).await.unwrap();
        assert_eq!(now.len(), 4);
        assert!(now.iter().any(|i| i.question == "Was uw begeleider goed bereikbaar?" && i.id != items[0].id), "{engine}");
        let kept = &store.satisfaction_responses(&scope, Some(tid)).await.unwrap()[0];
        assert_eq!(kept.answers[0].question, items[0].question, "{engine}: the old question stays with the old answer");

        // In the browser: the dossier shows the latest mark, the list the question as asked,
        // and a mark of 11 is refused with a Dutch message.
        let app = spawn_app(store.clone()).await;
        app.login("begeleider@test.nl").await;
        let page = app.get_text(&format!("/clienten/{id}")).await;
        assert!(page.contains("class=\"mark\">8<"), "{engine}: latest mark in the dossier");
        let list = app.get_text(&format!("/clienten/{id}/tevredenheid")).await;
        assert!(list.contains(&items[0].question) && list.contains("Altijd"), "{engine}");
        let form = app.get_text(&format!("/clienten/{id}/tevredenheid/nieuw?moment=einde")).await;
        assert!(form.contains("Was uw begeleider goed bereikbaar?") && !form.contains(&items[0].question), "{engine}: the form asks the new wording");
        let res = app.post_form(&format!("/clienten/{id}/tevredenheid"), &[("mark", "11"), ("moment", "evaluatie"), ("answered_on", &today().to_string())]).await;
        assert_eq!(res.status(), 422, "{engine}");
        assert!(res.text().await.unwrap().contains("1 tot en met 10"));
        let res = app.post_form(&format!("/clienten/{id}/tevredenheid"), &[("mark", "7"), ("moment", "einde"), ("answered_on", &today().to_string())]).await;
        assert_eq!(res.status(), 303, "{engine}");
        assert_eq!(store.satisfaction_responses(&scope, None).await.unwrap().len(), 2);

        // Beheer edits through the page.
        let beheer = spawn_app(store.clone()).await;
        beheer.login("beheer@test.nl").await;
        let page = beheer.get_text("/beheer/tevredenheid").await;
        assert!(page.contains("Was uw begeleider goed bereikbaar?") && page.contains(&items[0].question), "{engine}: current and earlier questions");
    }
}

#[tokio::test]
async fn closing_a_trajectory_needs_an_exit_destination() {
    for (engine, store, _guard) in engines().await {
        seed_org(&store).await;
        let (id, tid, scope) = client(&store, "Lotte", "competentiegericht").await;
        let mut t = store.trajectory(&scope, tid).await.unwrap();
        while t.phase_position < 3 {
            t = store.advance_phase(&scope, tid, t.version, today()).await.unwrap();
        }
        let e = fields(store.advance_phase(&scope, tid, t.version, today()).await.unwrap_err());
        assert!(e.get("exit_destination").unwrap().contains("uitstroom"), "{engine}: {e:?}");
        let e = fields(store.advance_phase_with_exit(&scope, tid, t.version, Some("ergens"), today()).await.unwrap_err());
        assert!(e.get("exit_destination").is_some(), "{engine}");
        assert_eq!(store.trajectory(&scope, tid).await.unwrap().status, "actief", "{engine}: still open");

        // The page's close form asks for it, and refuses without it.
        let app = spawn_app(store.clone()).await;
        app.login("begeleider@test.nl").await;
        let page = app.get_text(&format!("/clienten/{id}")).await;
        assert!(page.contains("name=\"exit_destination\""), "{engine}: the close form asks where the client goes");
        let path = format!("/clienten/{id}/traject/{tid}/volgende-fase");
        let res = app.post_form(&path, &[("version", &t.version.to_string())]).await;
        assert_eq!(res.status(), 422, "{engine}");
        assert!(res.text().await.unwrap().contains("uitstroom"));
        let res = app.post_form(&path, &[("version", &t.version.to_string()), ("exit_destination", "begeleid_wonen")]).await;
        assert_eq!(res.status(), 303, "{engine}");
        let closed = store.trajectory(&scope, tid).await.unwrap();
        assert_eq!((closed.status.as_str(), closed.exit_destination.as_deref()), ("afgesloten", Some("begeleid_wonen")), "{engine}");
        let page = app.get_text(&format!("/clienten/{id}")).await;
        assert!(page.contains("Uitstroom: Begeleid wonen"), "{engine}");
        assert!(page.contains("tevredenheid/nieuw?moment=einde"), "{engine}: invitation to measure satisfaction at the end");
    }
}

#[tokio::test]
async fn the_api_lists_creates_and_refuses() {
    let (store, _dir) = crate::harness::sqlite_store().await;
    let org = seed_org(&store).await;
    let (id, tid, scope) = client(&store, "Mila", "krachtwerk").await;
    let app: TestApp = spawn_app(store.clone()).await;
    let token = app.token("begeleider@test.nl").await;
    let post = |path: String, body: serde_json::Value| app.http.post(app.url(&path)).bearer_auth(&token).json(&body).send();
    let deadline = (today() + Duration::days(30)).to_string();
    let res = post(format!("/api/v1/clients/{id}/result-agreements"), serde_json::json!({ "team_id": org.team_a, "text": "Werk vinden", "deadline": deadline, "targets": [{ "domain_code": "zrm_werk", "level": 3 }] })).await.unwrap();
    assert_eq!(res.status(), 201);
    let a: serde_json::Value = res.json().await.unwrap();
    assert_eq!((a["trajectory_id"].as_i64(), a["targets"][0]["attainment"].as_str()), (Some(tid), Some("niet_gemeten")));
    let res = post(format!("/api/v1/clients/{id}/result-agreements"), serde_json::json!({ "text": "x", "deadline": "2000-01-01", "targets": [] })).await.unwrap();
    assert_eq!(res.status(), 422);
    let body: serde_json::Value = res.json().await.unwrap();
    assert!(body["fields"]["deadline"].is_string() && body["fields"]["team_id"].is_string() && body["fields"]["targets"].is_string(), "{body}");
    let list: serde_json::Value = app.http.get(app.url(&format!("/api/v1/clients/{id}/result-agreements"))).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    assert_eq!(list["items"].as_array().unwrap().len(), 1);

    let res = post(format!("/api/v1/clients/{id}/satisfaction"), serde_json::json!({ "moment": "evaluatie", "mark": 11 })).await.unwrap();
    assert_eq!(res.status(), 422);
    let items: serde_json::Value = app.http.get(app.url("/api/v1/satisfaction-items")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    let first = items["items"][0]["id"].as_i64().unwrap();
    let res = post(format!("/api/v1/clients/{id}/satisfaction"), serde_json::json!({ "moment": "evaluatie", "mark": "9", "answers": [{ "item_id": first, "answer": 4 }] })).await.unwrap();
    assert_eq!(res.status(), 201);
    let got: serde_json::Value = app.http.get(app.url(&format!("/api/v1/clients/{id}/satisfaction"))).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    assert_eq!((got["items"][0]["mark"].as_i64(), got["items"][0]["answers"][0]["answer_code"].as_str()), (Some(9), Some("altijd")));
    // Another worker's token does not reach this client.
    let other = app.token("ander@test.nl").await;
    let res = app.http.get(app.url(&format!("/api/v1/clients/{id}/satisfaction"))).bearer_auth(&other).send().await.unwrap();
    assert_eq!(res.status(), 403);
    let _ = scope;
}
