//! Krachten: the strengths inventory per life domain, kept with its history on both engines,
//! edited in the browser with and without htmx, visible "op tafel", and over the API.

use crate::harness::{engines, seed_org, spawn_app, TestApp};
use chrono::Duration;
use regie_domain::catalogue::AuditAction;
use regie_domain::strengths::{replay, StrengthDomainInput, StrengthInput};
use regie_store::{Actor, ClientInput, ClientScope, Store, StoreError, TrajectoryInput};

pub(crate) async fn actor(store: &Store, email: &str) -> Actor {
    let user = store.user_by_email(email).await.unwrap().expect("seeded user");
    Actor { user, on_behalf_of: None, source: "127.0.0.1".into(), user_agent: "test".into() }
}

/// A client of `email` with an 8-fasenmodel trajectory: (client id, scope).
pub(crate) async fn client(store: &Store, email: &str, first: &str, last: &str) -> (i64, ClientScope) {
    let who = actor(store, email).await;
    let input = ClientInput { first_name: first.into(), last_name: last.into(), ..Default::default() };
    let id = store.register_client(&who, &input).await.unwrap();
    let scope = store.open_client(&who, id, AuditAction::Update, "test").await.unwrap();
    let model = store.phase_models().await.unwrap().into_iter().find(|m| m.code == "8fasen").expect("built-in model");
    let today = regie_store::today();
    let t = TrajectoryInput { model_id: model.id, owner_user_id: who.user.id, started_on: (today - Duration::days(5)).to_string(), ..Default::default() };
    store.start_trajectory(&scope, &t, today).await.unwrap();
    (id, scope)
}

pub(crate) async fn app_as(store: &Store, email: &str) -> TestApp {
    let app = spawn_app(store.clone()).await;
    app.login(email).await;
    app
}

/// POST a form the way htmx does (HX-Request and X-CSRF-Token headers); status and body.
pub(crate) async fn htmx_post(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> (u16, String) {
    let csrf = app.csrf().await;
    let res = app.http.post(app.url(path)).header("HX-Request", "true").header("X-CSRF-Token", csrf).form(fields).send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.text().await.unwrap())
}

/// POST a plain form (csrf as a field); status and `Location`.
pub(crate) async fn plain_post(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> (u16, String) {
    let res = app.post_form(path, fields).await;
    let location = res.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    (res.status().as_u16(), location)
}

pub(crate) async fn get(app: &TestApp, path: &str) -> (u16, String) {
    let res = app.http.get(app.url(path)).send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

fn strength(domain: &str, kind: &str, text: &str) -> StrengthInput {
    StrengthInput { domain: domain.into(), kind: kind.into(), text: text.into() }
}

fn texts(situation: &str, wishes: &str) -> StrengthDomainInput {
    StrengthDomainInput { situation: Some(situation.into()), wishes: Some(wishes.into()), resources_before: None }
}

#[tokio::test]
async fn every_change_is_kept_and_the_inventory_replays_exactly() {
    for (engine, store, _guard) in engines().await {
        seed_org(&store).await;
        let (_, scope) = client(&store, "begeleider@test.nl", "Noor", "Visser").await;
        let cook = store.add_strength(&scope, &strength("f8_wonen", "vaardigheden", "Kan goed koken")).await.unwrap();
        let domain = store.set_strength_domain(&scope, "f8_wonen", &texts("Woont bij haar zus", "Een eigen kamer"), None).await.unwrap();
        store.add_strength(&scope, &strength("f8_werk", "interesses", "Sleutelen aan fietsen")).await.unwrap();
        let cook2 = store.update_strength(&scope, cook.id, &strength("f8_wonen", "vaardigheden", "Kookt voor het hele huis"), cook.version).await.unwrap();
        store.set_strength_domain(&scope, "f8_wonen", &texts("Woont bij haar zus", "Een eigen kamer in de stad"), Some(domain.version)).await.unwrap();
        store.delete_strength(&scope, cook2.id, cook2.version).await.unwrap();

        let history = store.strengths_history(&scope).await.unwrap();
        assert_eq!(history.len(), 6, "{engine}: six changes kept");
        assert!(history.iter().all(|c| c.by == "Sanne de Vries"), "{engine}: who is kept");
        assert_eq!(history.iter().map(|c| c.op.code()).collect::<Vec<_>>(), ["create", "create", "create", "update", "update", "delete"]);
        // Right after the fourth change: the cook strength in its new words, the first wishes.
        let mid = replay(&history, history[3].at);
        assert_eq!(mid.of("f8_wonen", "vaardigheden")[0].text, "Kookt voor het hele huis", "{engine}");
        assert_eq!(mid.domain("f8_wonen").unwrap().wishes, "Een eigen kamer", "{engine}");
        let first = replay(&history, history[0].at);
        assert_eq!(first.strengths.len(), 1, "{engine}");
        assert!(first.domains.is_empty(), "{engine}");

        let now = store.strengths(&scope).await.unwrap();
        assert_eq!(now.strengths.iter().map(|s| s.text.as_str()).collect::<Vec<_>>(), ["Sleutelen aan fietsen"], "{engine}");
        assert_eq!(now.domain("f8_wonen").unwrap().wishes, "Een eigen kamer in de stad");
        let today = regie_store::today();
        assert_eq!(store.strengths_as_of(&scope, today).await.unwrap().0, now, "{engine}: today's state is the current one");
        assert!(store.strengths_as_of(&scope, today - Duration::days(1)).await.unwrap().0.is_empty(), "{engine}: nothing yesterday");
    }
}

#[tokio::test]
async fn a_stale_edit_is_refused_with_what_is_there_now() {
    for (engine, store, _guard) in engines().await {
        seed_org(&store).await;
        let (_, scope) = client(&store, "begeleider@test.nl", "Noor", "Visser").await;
        let s = store.add_strength(&scope, &strength("f8_wonen", "kennis", "Weet hoe huurtoeslag werkt")).await.unwrap();
        store.update_strength(&scope, s.id, &strength("f8_wonen", "kennis", "Kent de regels van huurtoeslag"), s.version).await.unwrap();
        match store.update_strength(&scope, s.id, &strength("f8_wonen", "kennis", "Oude versie"), s.version).await {
            Err(StoreError::Conflict { current }) => assert_eq!(current["text"], "Kent de regels van huurtoeslag", "{engine}"),
            other => panic!("{engine}: expected a conflict, got {other:?}"),
        }
        assert!(matches!(store.delete_strength(&scope, s.id, s.version).await, Err(StoreError::Conflict { .. })), "{engine}");
        // Two people writing the first texts of a domain at once: the second is told.
        store.set_strength_domain(&scope, "f8_financien", &texts("Schulden", ""), None).await.unwrap();
        match store.set_strength_domain(&scope, "f8_financien", &texts("Geen schulden", ""), None).await {
            Err(StoreError::Conflict { current }) => assert_eq!(current["situation"], "Schulden", "{engine}"),
            other => panic!("{engine}: expected a conflict, got {other:?}"),
        }
        assert_eq!(store.strengths_history(&scope).await.unwrap().len(), 3, "{engine}: refusals write no history");
    }
}

#[tokio::test]
async fn wrong_input_is_refused_whole_in_dutch_and_nothing_is_written() {
    for (engine, store, _guard) in engines().await {
        seed_org(&store).await;
        let (_, scope) = client(&store, "begeleider@test.nl", "Noor", "Visser").await;
        let err = store.add_strength(&scope, &strength("maan", "talent", "  ")).await.unwrap_err();
        let StoreError::Invalid(inv) = err else { panic!("{engine}: expected a refusal") };
        assert_eq!(inv.0.get("domain"), Some("Dit leefgebied bestaat niet."), "{engine}");
        assert_eq!(inv.0.get("kind"), Some("Kies een van de mogelijkheden."), "{engine}");
        assert_eq!(inv.0.get("text"), Some("Vul dit veld in."), "{engine}");
        let long = "x".repeat(2001);
        let err = store.set_strength_domain(&scope, "f8_wonen", &StrengthDomainInput { situation: Some("Goed".into()), wishes: Some(long), resources_before: None }, None).await.unwrap_err();
        let StoreError::Invalid(inv) = err else { panic!("{engine}: expected a refusal") };
        assert_eq!(inv.0.get("wishes"), Some("Gebruik hoogstens 2000 tekens."), "{engine}");
        assert!(store.strengths(&scope).await.unwrap().is_empty(), "{engine}: the good situation text was not written either");
        assert!(store.strengths_history(&scope).await.unwrap().is_empty(), "{engine}");
    }
}

#[tokio::test]
async fn another_clients_strengths_cannot_be_reached() {
    for (engine, store, _guard) in engines().await {
        seed_org(&store).await;
        let (_, noor) = client(&store, "begeleider@test.nl", "Noor", "Visser").await;
        let (_, kees) = client(&store, "begeleider@test.nl", "Kees", "Mulder").await;
        let s = store.add_strength(&noor, &strength("f8_wonen", "contacten", "Buurvrouw Ans")).await.unwrap();
        assert!(matches!(store.update_strength(&kees, s.id, &strength("f8_wonen", "contacten", "Gekaapt"), s.version).await, Err(StoreError::NotFound)), "{engine}");
        assert!(matches!(store.delete_strength(&kees, s.id, s.version).await, Err(StoreError::NotFound)), "{engine}");
        assert!(store.strengths(&kees).await.unwrap().is_empty(), "{engine}");
        assert!(store.strengths_history(&kees).await.unwrap().is_empty(), "{engine}");
        assert_eq!(store.strengths(&noor).await.unwrap().strengths[0].text, "Buurvrouw Ans", "{engine}");
    }
}

#[tokio::test]
async fn reading_the_inventory_costs_one_query_whatever_its_size() {
    for (engine, store, _guard) in engines().await {
        seed_org(&store).await;
        let (_, scope) = client(&store, "begeleider@test.nl", "Noor", "Visser").await;
        let mut costs = Vec::new();
        for n in 0..3 {
            for i in 0..4 {
                store.add_strength(&scope, &strength("f8_werk", "vaardigheden", &format!("Kracht {n}-{i}"))).await.unwrap();
            }
            store.set_strength_domain(&scope, ["f8_werk", "f8_wonen", "f8_zingeving"][n], &texts("Gaat", ""), None).await.unwrap();
            let before = store.query_count();
            store.strengths(&scope).await.unwrap();
            costs.push(store.query_count() - before);
        }
        assert_eq!(costs, [1, 1, 1], "{engine}");
    }
}

// ---------------------------------------------------------------------------------------------
// Pages

#[tokio::test]
async fn a_strength_is_added_in_place_with_htmx_and_by_a_plain_form() {
    let (store, _dir) = crate::harness::sqlite_store().await;
    seed_org(&store).await;
    let (id, scope) = client(&store, "begeleider@test.nl", "Noor", "Visser").await;
    let app = app_as(&store, "begeleider@test.nl").await;
    let path = format!("/clienten/{id}/krachten");

    let (status, page) = get(&app, &path).await;
    assert_eq!(status, 200);
    assert!(page.contains("Vaardigheden") && page.contains("Mogelijkheden in de omgeving"), "the six kinds head the grid");
    assert!(page.contains("id=\"krachten-f8_wonen\""), "the 8-fasenmodel's leefgebieden are the rows");
    assert!(page.contains("Wat kan de cliënt goed?"), "each kind explains itself");

    let (status, location) = plain_post(&app, &path, &[("set", "8fasen"), ("domain", "f8_wonen"), ("kind", "vaardigheden"), ("text", "Kan goed koken")]).await;
    assert_eq!(status, 303);
    assert_eq!(location, format!("/clienten/{id}/krachten?set=8fasen#krachten-f8_wonen"));

    let (status, body) = htmx_post(&app, &path, &[("set", "8fasen"), ("domain", "f8_werk"), ("kind", "interesses"), ("text", "Sleutelen aan fietsen")]).await;
    assert_eq!(status, 200);
    assert!(body.trim_start().starts_with("<section id=\"krachten\""), "htmx gets the section only: {body:.120}");
    assert!(!body.contains("<html"));
    assert!(body.contains("Kan goed koken") && body.contains("Sleutelen aan fietsen"));

    let (status, body) = htmx_post(&app, &format!("/clienten/{id}/krachten/leefgebied/f8_wonen"), &[("set", "8fasen"), ("version", ""), ("situation", "Woont bij haar zus"), ("wishes", "Een eigen kamer"), ("resources_before", "")]).await;
    assert_eq!(status, 200);
    assert!(body.contains("Woont bij haar zus") && body.contains("Een eigen kamer"));
    let now = store.strengths(&scope).await.unwrap();
    assert_eq!(now.strengths.len(), 2);
    assert_eq!(now.domain("f8_wonen").unwrap().situation, "Woont bij haar zus");
}

#[tokio::test]
async fn refused_and_stale_edits_say_so_in_dutch_above_the_inventory() {
    let (store, _dir) = crate::harness::sqlite_store().await;
    seed_org(&store).await;
    let (id, scope) = client(&store, "begeleider@test.nl", "Noor", "Visser").await;
    let app = app_as(&store, "begeleider@test.nl").await;
    let (status, body) = htmx_post(&app, &format!("/clienten/{id}/krachten"), &[("domain", "f8_wonen"), ("kind", "kennis"), ("text", "   ")]).await;
    assert_eq!(status, 200, "htmx swaps only 2xx answers");
    assert!(body.contains("role=\"alert\"") && body.contains("Niet opgeslagen.") && body.contains("Vul dit veld in."), "{body:.400}");
    assert!(store.strengths(&scope).await.unwrap().is_empty());

    let s = store.add_strength(&scope, &strength("f8_wonen", "kennis", "Weet de weg")).await.unwrap();
    store.update_strength(&scope, s.id, &strength("f8_wonen", "kennis", "Weet de weg in de stad"), s.version).await.unwrap();
    let stale = s.version.to_string();
    let (status, body) = htmx_post(&app, &format!("/clienten/{id}/krachten/{}", s.id), &[("version", &stale), ("domain", "f8_wonen"), ("kind", "kennis"), ("text", "Overschreven")]).await;
    assert_eq!(status, 200);
    assert!(body.contains("Iemand anders heeft dit intussen gewijzigd."), "{body:.400}");
    assert!(body.contains("Weet de weg in de stad"), "the current words are in view");
    assert_eq!(store.strengths(&scope).await.unwrap().strengths[0].text, "Weet de weg in de stad");

    // Without htmx a refusal is an error page with the field named, not a redirect.
    let res = app.post_form(&format!("/clienten/{id}/krachten"), &[("domain", "f8_wonen"), ("kind", "raar"), ("text", "x")]).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("Kies een van de mogelijkheden."));
}

#[tokio::test]
async fn the_page_shows_the_inventory_as_it_was_on_a_date() {
    let (store, _dir) = crate::harness::sqlite_store().await;
    seed_org(&store).await;
    let (id, scope) = client(&store, "begeleider@test.nl", "Noor", "Visser").await;
    store.add_strength(&scope, &strength("f8_wonen", "vaardigheden", "Kan goed koken")).await.unwrap();
    let app = app_as(&store, "begeleider@test.nl").await;
    let today = regie_store::today();
    let (_, then) = get(&app, &format!("/clienten/{id}/krachten?datum={}", today - Duration::days(1))).await;
    assert!(then.contains("Zo was het op") && then.contains("Er was toen nog niets ingevuld."));
    assert!(!then.contains("Kan goed koken"));
    assert!(!then.contains("class=\"strength-add\""), "looking back is read-only");
    let (_, now) = get(&app, &format!("/clienten/{id}/krachten?datum={today}")).await;
    assert!(now.contains("Kan goed koken") && now.contains("Kracht toegevoegd") && now.contains("Sanne de Vries"), "the change, who made it");
    let (status, bad) = get(&app, &format!("/clienten/{id}/krachten?datum=morgen")).await;
    assert_eq!(status, 200);
    assert!(bad.contains("Deze datum is niet te lezen."));
}

#[tokio::test]
async fn strengths_are_need_to_know_and_linked_from_the_dossier() {
    let (store, _dir) = crate::harness::sqlite_store().await;
    seed_org(&store).await;
    let (id, _) = client(&store, "begeleider@test.nl", "Noor", "Visser").await;
    let worker = app_as(&store, "begeleider@test.nl").await;
    let (_, dossier) = get(&worker, &format!("/clienten/{id}")).await;
    assert!(dossier.contains(&format!("href=\"/clienten/{id}/krachten\"")) && dossier.contains(&format!("href=\"/clienten/{id}/netwerk\"")));
    let other = app_as(&store, "ander@test.nl").await;
    assert_eq!(get(&other, &format!("/clienten/{id}/krachten")).await.0, 403);
    let (status, _) = htmx_post(&other, &format!("/clienten/{id}/krachten"), &[("domain", "f8_wonen"), ("kind", "kennis"), ("text", "Stiekem")]).await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn strengths_over_the_api() {
    let (store, _dir) = crate::harness::sqlite_store().await;
    seed_org(&store).await;
    let (id, _) = client(&store, "begeleider@test.nl", "Noor", "Visser").await;
    let app = spawn_app(store.clone()).await;
    let token = app.token("begeleider@test.nl").await;
    let api = |p: String| app.url(&format!("/api/v1{p}"));

    let res = app.http.post(api(format!("/clients/{id}/strengths"))).bearer_auth(&token).json(&serde_json::json!({"domain": "f8_wonen", "kind": "vaardigheden", "text": "Kan goed koken"})).send().await.unwrap();
    assert_eq!(res.status(), 201);
    let s: serde_json::Value = res.json().await.unwrap();
    let sid = s["id"].as_i64().unwrap();
    let res = app.http.put(api(format!("/clients/{id}/strengths/domains/f8_wonen"))).bearer_auth(&token).json(&serde_json::json!({"situation": "Woont bij haar zus", "wishes": "Eigen kamer"})).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let res = app.http.put(api(format!("/clients/{id}/strengths/{sid}"))).bearer_auth(&token).json(&serde_json::json!({"domain": "f8_wonen", "kind": "vaardigheden", "text": "Kookt graag", "version": 1})).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let res = app.http.put(api(format!("/clients/{id}/strengths/{sid}"))).bearer_auth(&token).json(&serde_json::json!({"domain": "f8_wonen", "kind": "vaardigheden", "text": "Te laat", "version": 1})).send().await.unwrap();
    assert_eq!(res.status(), 409);
    assert_eq!(res.json::<serde_json::Value>().await.unwrap()["current"]["text"], "Kookt graag");
    let res = app.http.post(api(format!("/clients/{id}/strengths"))).bearer_auth(&token).json(&serde_json::json!({"domain": "f8_wonen", "kind": "x", "text": ""})).send().await.unwrap();
    assert_eq!(res.status(), 422);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["fields"]["text"], "Vul dit veld in.");

    let now: serde_json::Value = app.http.get(api(format!("/clients/{id}/strengths"))).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    assert_eq!(now["strengths"][0]["text"], "Kookt graag");
    assert_eq!(now["domains"][0]["situation"], "Woont bij haar zus");
    let yesterday = regie_store::today() - Duration::days(1);
    let then: serde_json::Value = app.http.get(api(format!("/clients/{id}/strengths?as_of={yesterday}"))).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    assert_eq!(then["strengths"].as_array().unwrap().len(), 0);
    let res = app.http.delete(api(format!("/clients/{id}/strengths/{sid}?version=2"))).bearer_auth(&token).send().await.unwrap();
    assert_eq!(res.status(), 204);
    let history: serde_json::Value = app.http.get(api(format!("/clients/{id}/strengths/history"))).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    let ops: Vec<&str> = history["items"].as_array().unwrap().iter().map(|c| c["op"].as_str().unwrap()).collect();
    assert_eq!(ops, ["create", "create", "update", "delete"]);

    let other = app.token("ander@test.nl").await;
    let res = app.http.get(api(format!("/clients/{id}/strengths"))).bearer_auth(&other).send().await.unwrap();
    assert_eq!(res.status(), 403);
}

#[test]
fn every_text_of_the_strengths_and_network_pages_is_translated() {
    let web = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../web");
    let mut sources = Vec::new();
    for dir in ["templates/strengths", "templates/network"] {
        for entry in std::fs::read_dir(web.join(dir)).unwrap() {
            sources.push(entry.unwrap().path());
        }
    }
    for file in ["src/pages/strengths.rs", "src/pages/network.rs", "src/pages/ecogram.rs"] {
        sources.push(web.join(file));
    }
    let mut keys = Vec::new();
    for path in &sources {
        let text = std::fs::read_to_string(path).unwrap();
        for marker in ["l.t(\"", "tr.t(\""] {
            let mut rest = text.as_str();
            while let Some(i) = rest.find(marker) {
                rest = &rest[i + marker.len()..];
                keys.push(rest[..rest.find('"').unwrap()].to_string());
            }
        }
    }
    assert!(keys.len() > 40, "the scan found the keys ({})", keys.len());
    use regie_domain::network::{Closeness, Consent, MemberKind, SupportKind};
    use regie_domain::strengths::StrengthKind;
    for (vocab, codes) in [
        ("strength_kind", StrengthKind::CODES),
        ("strength_hint", StrengthKind::CODES),
        ("member_kind", MemberKind::CODES),
        ("support_kind", SupportKind::CODES),
        ("consent", Consent::CODES),
        ("closeness", Closeness::CODES),
    ] {
        keys.extend(codes.iter().map(|c| format!("{vocab}.{c}")));
    }
    for op in ["create", "update", "delete"] {
        keys.extend([format!("strengths.change.{op}_strength"), format!("strengths.change.{op}_strength_domain"), format!("network.change.{op}_network_member")]);
    }
    for area in ["strengths", "network"] {
        keys.extend(["not_saved", "conflict", "gone"].map(|k| format!("{area}.{k}")));
    }
    for field in ["situation", "wishes", "resources_before", "kind", "name", "relation", "phone", "email", "closeness", "support", "gives_back", "consent", "text", "domain", "version"] {
        keys.push(format!("field.{field}"));
    }
    let missing: Vec<_> = keys.iter().filter(|k| !regie_web::has_key(k)).collect();
    assert!(missing.is_empty(), "texts without a translation: {missing:?}");
}
