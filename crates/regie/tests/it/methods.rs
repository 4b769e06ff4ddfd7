//! The methods library and the methods used in a trajectory: the library page (count, search,
//! filters), a method page with its honest "Onbekend" markers, a trajectory in each of the ten
//! built-in phase models, recording methods (with refusals), and the API.

use crate::harness::{engines, seed_org, spawn_app, TestApp};
use regie_domain::catalogue::AuditAction;
use regie_store::{Actor, ClientInput, ClientScope, Store, StoreError, TrajectoryInput};
use serde_json::{json, Value};

async fn actor(store: &Store, email: &str) -> Actor {
    let user = store.user_by_email(email).await.unwrap().expect("seeded user");
    Actor { user, on_behalf_of: None, source: "127.0.0.1".into(), user_agent: "methods-test".into() }
}

fn today() -> chrono::NaiveDate {
    regie_store::today()
}

async fn model_id(store: &Store, code: &str) -> i64 {
    store.phase_models().await.unwrap().into_iter().find(|m| m.code == code).unwrap_or_else(|| panic!("built-in model {code}")).id
}

/// A client of begeleider@ with a trajectory in `model` started today.
async fn client(store: &Store, first: &str, model: &str) -> (i64, i64, ClientScope) {
    let who = actor(store, "begeleider@test.nl").await;
    let input = ClientInput { first_name: first.into(), last_name: "Methode".into(), ..Default::default() };
    let id = store.register_client(&who, &input).await.unwrap();
    let scope = store.open_client(&who, id, AuditAction::Update, "test").await.unwrap();
    let t = TrajectoryInput {
        model_id: model_id(store, model).await,
        owner_user_id: who.user.id,
        started_on: today().format("%Y-%m-%d").to_string(),
        focus_domains: vec![],
        funding: None,
    };
    let tid = store.start_trajectory(&scope, &t, today()).await.unwrap_or_else(|e| panic!("start {model}: {e:?}")).id;
    (id, tid, scope)
}

async fn get(app: &TestApp, path: &str) -> (u16, String) {
    let res = app.http.get(app.url(path)).send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

/// The codes of the methods a library page lists, in order.
fn listed(page: &str) -> Vec<String> {
    page.split("<a class=\"method-link\" href=\"/methoden/").skip(1).map(|s| s[..s.find('"').unwrap()].to_string()).collect()
}

#[tokio::test]
async fn the_library_lists_every_method_and_search_and_filters_narrow_it() {
    let (store, _dir) = crate::harness::sqlite_store().await;
    seed_org(&store).await;
    let app = spawn_app(store).await;
    app.login("begeleider@test.nl").await;

    let (status, page) = get(&app, "/methoden").await;
    assert_eq!(status, 200);
    assert!(page.contains("href=\"/methoden\">Methoden</a>"), "the nav links the library");
    let all = listed(&page);
    assert!(all.len() >= 36, "{} methods listed", all.len());
    for code in ["ontmoetingscentra", "zorg-en-ondersteuningsplan", "kwartiermaken", "krachtwerk", "thuisbegeleiding-actiz"] {
        assert!(all.iter().any(|c| c == code), "{code} is listed");
    }

    // Search in name, goal and approach; accents do not matter.
    let dementia = listed(&get(&app, "/methoden?q=dementie").await.1);
    assert!(dementia.contains(&"ontmoetingscentra".to_string()) && dementia.len() < all.len(), "{dementia:?}");
    let passant = listed(&get(&app, "/methoden?q=passant").await.1);
    assert_eq!(passant, vec!["sns"], "a word from the approach finds the one method");
    let (_, none) = get(&app, "/methoden?q=xyzzy").await;
    assert!(listed(&none).is_empty() && none.contains("Geen methode past"), "no match is said in words");

    // Filters: only what the sources say; unknown never matches.
    let complex = listed(&get(&app, "/methoden?problematiek=complex").await.1);
    for code in ["fact", "cti", "ispb"] {
        assert!(complex.contains(&code.to_string()), "{code} is for complex problems: {complex:?}");
    }
    assert!(!complex.contains(&"srh".to_string()), "SRH's classification is unknown: {complex:?}");
    let mut outreach = listed(&get(&app, "/methoden?baken=direct-erop-af").await.1);
    outreach.sort();
    assert_eq!(outreach, vec!["cti", "fact"], "only FACT and CTI reach out");
    let age = listed(&get(&app, "/methoden?doelgroep=ouderdom").await.1);
    assert!(age.contains(&"ontmoetingscentra".to_string()) && !age.contains(&"fact".to_string()), "{age:?}");
    let both = listed(&get(&app, "/methoden?doelgroep=psychisch&gericht_op=participatie").await.1);
    assert!(both.contains(&"cti".to_string()) && !both.contains(&"ispb".to_string()), "{both:?}");
    let (_, filtered) = get(&app, "/methoden?problematiek=complex").await;
    assert!(filtered.contains("<option value=\"complex\" selected>"), "the chosen filter stays chosen");
    let org = listed(&get(&app, "/methoden?herkomst=organisatie").await.1);
    assert_eq!(org, vec!["signaleringsnetwerken", "maatschappelijke-steunsystemen", "kwartiermaken"]);
}

#[tokio::test]
async fn a_method_page_shows_everything_and_says_honestly_what_is_unknown() {
    let (store, _dir) = crate::harness::sqlite_store().await;
    seed_org(&store).await;
    let app = spawn_app(store).await;
    app.login("begeleider@test.nl").await;

    let (status, hooi) = get(&app, "/methoden/hooi-op-je-vork").await;
    assert_eq!(status, 200);
    assert!(hooi.contains("<h1>Hooi op je vork</h1>"));
    assert!(hooi.contains("Onbekend:</strong> de bron zegt hier niets duidelijks over."), "the unknown marker is shown");
    assert!(hooi.contains("niet-aangeboren hersenletsel"), "with the reason");
    assert!(hooi.contains("Ontdekken") && hooi.contains("Ontwikkelen"), "its phases");
    assert!(hooi.contains("van Belle &#38; Zadoks") || hooi.contains("van Belle &amp; Zadoks"), "its sources");
    assert!(hooi.contains("data-model=\"hooi-op-je-vork\""), "it points to its phase model");

    let (_, cti) = get(&app, "/methoden/cti").await;
    assert!(cti.contains("Structurering") && cti.contains("Ongeveer drie maanden"), "steps with durations");
    assert!(cti.contains("Complexe problemen") && cti.contains("Direct erop af"), "classification and bakens in words");
    assert!(cti.contains("Werkplan"), "instruments");

    let (_, ispb) = get(&app, "/methoden/ispb").await;
    assert!(ispb.contains("De bron noemt geen duur"), "a standard reason is spelled out");
    let (_, irb) = get(&app, "/methoden/irb").await;
    assert!(irb.contains("method-remark") && irb.contains("derde baken"), "a caveat about the source is shown");

    let (status, missing) = get(&app, "/methoden/bestaat-niet").await;
    assert_eq!(status, 404);
    assert!(missing.contains("niet in de bibliotheek"));
}

#[tokio::test]
async fn a_trajectory_can_run_in_each_of_the_ten_models_and_records_its_method() {
    let codes = ["8fasen", "competentiegericht", "thuisbegeleiding", "cti", "krachtwerk", "ispb", "srh", "sns", "hooi-op-je-vork", "op-eigen-benen"];
    for (engine, store, _guard) in engines().await {
        seed_org(&store).await;
        let builtin: Vec<String> = store.phase_models().await.unwrap().into_iter().filter(|m| m.builtin).map(|m| m.code).collect();
        for code in codes {
            assert!(builtin.contains(&code.to_string()), "{engine}: {code} is seeded");
        }
        for (i, code) in codes.iter().enumerate() {
            let (_, tid, scope) = client(&store, &format!("Klant{i}"), code).await;
            let used = store.trajectory_methods(&scope, tid).await.unwrap();
            assert_eq!(used.iter().map(|m| m.method_code.as_str()).collect::<Vec<_>>(), vec![*code], "{engine}: {code} records its method");
            let model = store.phase_models().await.unwrap().into_iter().find(|m| m.code == *code).unwrap();
            // Walk the whole model: linear models end closed, cyclic ones come back to the start.
            let mut t = store.trajectory(&scope, tid).await.unwrap();
            for _ in 0..model.phases.len() {
                t = store.advance_phase_with_exit(&scope, tid, t.version, Some("onbekend"), today()).await.unwrap_or_else(|e| panic!("{engine}: {code}: {e:?}"));
            }
            if model.cyclic {
                assert_eq!((t.status.as_str(), t.phase_position), ("actief", 1), "{engine}: {code} cycles");
            } else {
                assert_eq!(t.status, "afgesloten", "{engine}: {code} ends after its last phase");
            }
        }

        // Through the page: a new model is offered on the dossier and starts in its first phase.
        let app = spawn_app(store.clone()).await;
        app.login("begeleider@test.nl").await;
        let who = actor(&store, "begeleider@test.nl").await;
        let id = store.register_client(&who, &ClientInput { first_name: "Sem".into(), last_name: "Netwerk".into(), ..Default::default() }).await.unwrap();
        let (_, dossier) = get(&app, &format!("/clienten/{id}")).await;
        assert!(dossier.contains("Sociale NetwerkStrategieën (SNS)</option>"), "{engine}: SNS can be chosen");
        let sns = model_id(&store, "sns").await.to_string();
        let me = who.user.id.to_string();
        let day = today().format("%Y-%m-%d").to_string();
        let res = app.post_form(&format!("/clienten/{id}/traject"), &[("model_id", &sns), ("owner_user_id", &me), ("started_on", &day)]).await;
        assert_eq!(res.status(), 303, "{engine}");
        let (_, dossier) = get(&app, &format!("/clienten/{id}")).await;
        assert!(dossier.contains("class=\"current-phase\">Netwerkverkenning en analyse<"), "{engine}: first phase of SNS");
        assert!(dossier.contains("data-code=\"sns\""), "{engine}: the dossier lists the method used");
    }
}

#[tokio::test]
async fn methods_used_are_recorded_with_history_and_mistakes_are_refused_in_dutch() {
    for (engine, store, _guard) in engines().await {
        seed_org(&store).await;
        let (id, tid, scope) = client(&store, "Mila", "cti").await;
        let app = spawn_app(store.clone()).await;
        app.login("begeleider@test.nl").await;
        let add = format!("/clienten/{id}/traject/{tid}/methoden");

        // Add through the plain form: back to the dossier, where it is listed with a link.
        let res = app.post_form(&add, &[("method_code", "sns")]).await;
        assert_eq!(res.status(), 303, "{engine}");
        let (_, dossier) = get(&app, &format!("/clienten/{id}")).await;
        assert!(dossier.contains("<a href=\"/methoden/sns\">Sociale NetwerkStrategieën (SNS)</a>"), "{engine}");
        assert!(!dossier.contains("<option value=\"sns\">"), "{engine}: a recorded method is no longer offered");

        // Twice, unknown, or empty: refused with the reason, nothing written.
        for (code, says) in [("sns", "staat al bij dit traject"), ("toverstok", "methodebibliotheek"), ("", "methodebibliotheek")] {
            let res = app.post_form(&add, &[("method_code", code)]).await;
            assert_eq!(res.status(), 422, "{engine}: {code:?}");
            assert!(res.text().await.unwrap().contains(says), "{engine}: {code:?} says {says}");
        }
        let used: Vec<String> = store.trajectory_methods(&scope, tid).await.unwrap().into_iter().map(|m| m.method_code).collect();
        assert_eq!(used, vec!["cti", "sns"], "{engine}");

        // htmx gets the trajectory block back.
        let csrf = app.csrf().await;
        let res = app
            .http
            .post(app.url(&format!("/clienten/{id}/traject/{tid}/methoden/sns/verwijderen")))
            .header("HX-Request", "true")
            .header("X-CSRF-Token", &csrf)
            .form(&[("csrf", csrf.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{engine}");
        let block = res.text().await.unwrap();
        assert!(block.starts_with("<section id=\"traject\"") && !block.contains("data-code=\"sns\""), "{engine}: removed in place");

        // Every change is kept, with who did it.
        let history = store.trajectory_method_changes(&scope, tid).await.unwrap();
        let ops: Vec<(&str, &str)> = history.iter().map(|(op, code, _)| (op.as_str(), code.as_str())).collect();
        assert_eq!(ops, vec![("create", "cti"), ("create", "sns"), ("delete", "sns")], "{engine}");
        assert!(history.iter().all(|(_, _, by)| by == "Sanne de Vries"), "{engine}");

        // Someone outside the care relation cannot change it; another client's trajectory is not reachable.
        let outsider = spawn_app(store.clone()).await;
        outsider.login("ander@test.nl").await;
        assert_eq!(outsider.post_form(&add, &[("method_code", "srh")]).await.status(), 403, "{engine}");
        let (other, _, _) = client(&store, "Noor", "krachtwerk").await;
        let res = app.post_form(&format!("/clienten/{other}/traject/{tid}/methoden"), &[("method_code", "srh")]).await;
        assert_eq!(res.status(), 404, "{engine}: a trajectory of another client");
        match store.add_trajectory_method(&store.open_client(&actor(&store, "begeleider@test.nl").await, other, AuditAction::Update, "t").await.unwrap(), tid, "srh", today()).await {
            Err(StoreError::NotFound) => {}
            x => panic!("{engine}: {x:?}"),
        }

        // A closed trajectory does not change any more.
        let mut t = store.trajectory(&scope, tid).await.unwrap();
        while t.status == "actief" {
            t = store.advance_phase_with_exit(&scope, tid, t.version, Some("onbekend"), today()).await.unwrap();
        }
        match store.add_trajectory_method(&scope, tid, "srh", today()).await {
            Err(StoreError::Invalid(inv)) => assert!(inv.0.get("method_code").unwrap().contains("afgesloten"), "{engine}"),
            x => panic!("{engine}: {x:?}"),
        }
    }
}

#[tokio::test]
async fn the_api_lists_filters_and_records_methods() {
    for (engine, store, _guard) in engines().await {
        seed_org(&store).await;
        let (id, tid, _) = client(&store, "Ravi", "srh").await;
        let app = spawn_app(store.clone()).await;
        let token = app.token("begeleider@test.nl").await;
        let call = |method: reqwest::Method, path: String, body: Option<Value>| {
            let mut req = app.http.request(method, app.url(&format!("/api/v1{path}"))).bearer_auth(&token);
            if let Some(b) = body {
                req = req.json(&b);
            }
            async move {
                let res = req.send().await.unwrap();
                let status = res.status().as_u16();
                let text = res.text().await.unwrap();
                (status, if text.is_empty() { Value::Null } else { serde_json::from_str::<Value>(&text).unwrap() })
            }
        };

        let (status, all) = call(reqwest::Method::GET, "/methods".into(), None).await;
        assert_eq!(status, 200, "{engine}");
        let items = all["items"].as_array().unwrap();
        assert!(items.len() >= 36, "{engine}: {}", items.len());
        let hooi = items.iter().find(|m| m["code"] == "hooi-op-je-vork").unwrap();
        assert!(hooi["target_groups"]["unknown"]["why"].as_str().unwrap().contains("NAH"), "{engine}: unknown is explicit");
        assert_eq!(hooi["phase_model"], "hooi-op-je-vork");
        let (_, complex) = call(reqwest::Method::GET, "/methods?complexity=complex&q=psychiatrische".into(), None).await;
        let codes: Vec<&str> = complex["items"].as_array().unwrap().iter().map(|m| m["code"].as_str().unwrap()).collect();
        // Complex, or both light and complex (the 2021 Thuisbegeleiding); never an unknown one.
        assert!(codes.contains(&"fact") && !codes.contains(&"srh"), "{engine}: {codes:?}");
        assert!(codes.iter().all(|c| ["fact", "cti", "ispb", "thuisbegeleiding-actiz"].contains(c)), "{engine}: {codes:?}");
        let (status, wrong) = call(reqwest::Method::GET, "/methods?complexity=zwaar".into(), None).await;
        assert_eq!(status, 400, "{engine}");
        assert!(wrong["error"].as_str().unwrap().contains("licht, complex, beide"), "{engine}: {wrong}");
        let (status, one) = call(reqwest::Method::GET, "/methods/sns".into(), None).await;
        assert_eq!((status, one["steps"]["known"].as_array().unwrap().len()), (200, 3), "{engine}");
        assert_eq!(call(reqwest::Method::GET, "/methods/niets".into(), None).await.0, 404, "{engine}");

        let path = format!("/clients/{id}/trajectories/{tid}/methods");
        let (status, used) = call(reqwest::Method::GET, path.clone(), None).await;
        assert_eq!((status, used["items"][0]["method_code"].clone()), (200, json!("srh")), "{engine}");
        let (status, added) = call(reqwest::Method::POST, path.clone(), Some(json!({ "method_code": "werken-met-verhalen" }))).await;
        assert_eq!((status, added["name"].clone()), (201, json!("Werken met verhalen")), "{engine}");
        let (status, refused) = call(reqwest::Method::POST, path.clone(), Some(json!({ "method_code": "werken-met-verhalen" }))).await;
        assert_eq!(status, 422, "{engine}");
        assert!(refused.to_string().contains("staat al bij dit traject"), "{engine}: {refused}");
        assert_eq!(call(reqwest::Method::DELETE, format!("{path}/werken-met-verhalen"), None).await.0, 204, "{engine}");
        assert_eq!(call(reqwest::Method::DELETE, format!("{path}/werken-met-verhalen"), None).await.0, 404, "{engine}");
        assert_eq!(call(reqwest::Method::DELETE, format!("{path}?method_code=srh"), None).await.0, 204, "{engine}");
        let (_, used) = call(reqwest::Method::GET, path.clone(), None).await;
        assert!(used["items"].as_array().unwrap().is_empty(), "{engine}");
    }
}

#[test]
fn every_text_of_the_methods_pages_is_translated() {
    let web = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../web");
    let mut keys = Vec::new();
    let files = ["src/pages/methods.rs", "src/pages/dossier/methods_used.rs", "templates/methods/list.html", "templates/methods/show.html", "templates/methods/unknown.html", "templates/methods/used.html", "templates/methods/not_found.html"];
    for file in files {
        let text = std::fs::read_to_string(web.join(file)).unwrap();
        for marker in ["l.t(\"", "tr.t(\""] {
            let mut rest = text.as_str();
            while let Some(i) = rest.find(marker) {
                rest = &rest[i + marker.len()..];
                keys.push(rest[..rest.find('"').unwrap()].to_string());
            }
        }
    }
    assert!(keys.len() > 30, "the scan found the keys ({})", keys.len());
    use regie_domain::methods::{Aim, Baken, Complexity, MethodKind, TargetGroup};
    for (vocab, codes) in [
        ("method_group", TargetGroup::CODES),
        ("method_complexity", Complexity::CODES),
        ("method_aim", Aim::CODES),
        ("baken", Baken::CODES),
        ("method_kind", MethodKind::CODES),
    ] {
        keys.extend(codes.iter().map(|c| format!("{vocab}.{c}")));
    }
    keys.extend(["methods.filter_group", "methods.filter_complexity", "methods.filter_aim", "methods.filter_baken", "methods.filter_kind", "nav.methods"].map(String::from));
    let missing: Vec<_> = keys.iter().filter(|k| !regie_web::has_key(k)).collect();
    assert!(missing.is_empty(), "texts without a translation: {missing:?}");
}
