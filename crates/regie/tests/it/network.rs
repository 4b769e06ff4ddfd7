//! Netwerk: the people around the client with their support and reciprocity, kept with history on
//! both engines, the ecogram drawn as SVG, members as action owners in the plan, "op tafel", API.

use crate::harness::{engines, seed_org, spawn_app};
use crate::strengths::{app_as, client, get, htmx_post, plain_post};
use chrono::Duration;
use regie_domain::network::{replay, NetworkMemberInput};
use regie_domain::strengths::StrengthInput;
use regie_store::StoreError;

fn member(name: &str, relation: &str, closeness: i64, support: &[&str]) -> NetworkMemberInput {
    NetworkMemberInput {
        name: name.into(),
        relation: Some(relation.into()),
        closeness: Some(closeness),
        support: support.iter().map(|s| s.to_string()).collect(),
        ..Default::default()
    }
}

#[tokio::test]
async fn the_network_keeps_every_change_and_replays_exactly() {
    for (engine, store, _guard) in engines().await {
        seed_org(&store).await;
        let (_, scope) = client(&store, "begeleider@test.nl", "Noor", "Visser").await;
        let mut fatma = member("Fatma", "zus", 1, &["emotioneel", "praktisch"]);
        fatma.gives_back = Some("Past op haar kinderen".into());
        fatma.takes_part_actions = true;
        fatma.consent = Some("plan".into());
        fatma.phone = Some("06 1234 5678".into());
        let f = store.add_network_member(&scope, &fatma).await.unwrap();
        assert_eq!(f.support, ["praktisch", "emotioneel"], "{engine}: support in the fixed order");
        assert!(f.takes_part_actions && !f.takes_part_evaluations, "{engine}: flags read back");
        let org = NetworkMemberInput { kind: Some("organisatie".into()), ..member("Schuldhulp Oost", "schuldhulpverlening", 3, &["informatie"]) };
        let o = store.add_network_member(&scope, &org).await.unwrap();
        let f2 = store.update_network_member(&scope, f.id, &NetworkMemberInput { closeness: Some(2), ..fatma.clone() }, f.version).await.unwrap();
        assert_eq!((f2.closeness, f2.version), (2, 2), "{engine}");
        store.delete_network_member(&scope, o.id, o.version).await.unwrap();

        let history = store.network_history(&scope).await.unwrap();
        assert_eq!(history.iter().map(|c| c.op.code()).collect::<Vec<_>>(), ["create", "create", "update", "delete"], "{engine}");
        assert!(history.iter().all(|c| c.by == "Sanne de Vries" && c.entity == "network_member"), "{engine}");
        let before_update = replay(&history, history[1].at);
        assert_eq!(before_update.iter().map(|m| (m.name.as_str(), m.closeness)).collect::<Vec<_>>(), [("Fatma", 1), ("Schuldhulp Oost", 3)], "{engine}");
        assert_eq!(before_update[0].gives_back, "Past op haar kinderen", "{engine}: reciprocity is kept");
        let now = store.network(&scope).await.unwrap();
        assert_eq!(now.len(), 1, "{engine}");
        assert_eq!(replay(&history, history[3].at), now, "{engine}: the replay is the current state");
        let today = regie_store::today();
        assert_eq!(store.network_as_of(&scope, today).await.unwrap().0, now, "{engine}");
        assert!(store.network_as_of(&scope, today - Duration::days(1)).await.unwrap().0.is_empty(), "{engine}");
    }
}

#[tokio::test]
async fn stale_wrong_and_foreign_edits_of_the_network_are_refused() {
    for (engine, store, _guard) in engines().await {
        seed_org(&store).await;
        let (_, noor) = client(&store, "begeleider@test.nl", "Noor", "Visser").await;
        let (_, kees) = client(&store, "begeleider@test.nl", "Kees", "Mulder").await;
        let m = store.add_network_member(&noor, &member("Ans", "buurvrouw", 2, &["gezelschap"])).await.unwrap();
        store.update_network_member(&noor, m.id, &member("Ans de Wit", "buurvrouw", 2, &["gezelschap"]), m.version).await.unwrap();
        match store.update_network_member(&noor, m.id, &member("Ans", "buurvrouw", 1, &[]), m.version).await {
            Err(StoreError::Conflict { current }) => assert_eq!(current["name"], "Ans de Wit", "{engine}"),
            other => panic!("{engine}: expected a conflict, got {other:?}"),
        }
        assert!(matches!(store.delete_network_member(&noor, m.id, m.version).await, Err(StoreError::Conflict { .. })), "{engine}");

        let bad = NetworkMemberInput {
            name: "".into(),
            closeness: Some(5),
            email: Some("ans-at-thuis".into()),
            support: vec!["geld".into()],
            consent: Some("alles".into()),
            ..Default::default()
        };
        let Err(StoreError::Invalid(inv)) = store.add_network_member(&noor, &bad).await else { panic!("{engine}: expected a refusal") };
        assert_eq!(inv.0.get("name"), Some("Vul dit veld in."), "{engine}");
        assert_eq!(inv.0.get("closeness"), Some("Kies dichtbij, middel of verder weg."), "{engine}");
        assert!(inv.0.get("email").unwrap().contains("geldig e-mailadres"), "{engine}");
        assert!(inv.0.get("support").is_some() && inv.0.get("consent").is_some(), "{engine}");
        let Err(StoreError::Invalid(inv)) = store.add_network_member(&noor, &NetworkMemberInput { closeness: None, ..member("Piet", "oom", 1, &[]) }).await else {
            panic!("{engine}: closeness is required")
        };
        assert_eq!(inv.0.get("closeness"), Some("Kies hoe dichtbij deze persoon staat."), "{engine}");
        assert_eq!(store.network(&noor).await.unwrap().len(), 1, "{engine}: nothing written");
        assert_eq!(store.network_history(&noor).await.unwrap().len(), 2, "{engine}");

        let current = store.network(&noor).await.unwrap()[0].clone();
        assert!(matches!(store.update_network_member(&kees, m.id, &member("Gekaapt", "", 1, &[]), current.version).await, Err(StoreError::NotFound)), "{engine}");
        assert!(matches!(store.delete_network_member(&kees, m.id, current.version).await, Err(StoreError::NotFound)), "{engine}");
        assert!(store.network(&kees).await.unwrap().is_empty() && store.network_history(&kees).await.unwrap().is_empty(), "{engine}");
        assert_eq!(store.network(&noor).await.unwrap()[0].name, "Ans de Wit", "{engine}");
    }
}

#[tokio::test]
async fn reading_the_network_costs_one_query_whatever_its_size() {
    for (engine, store, _guard) in engines().await {
        seed_org(&store).await;
        let (_, scope) = client(&store, "begeleider@test.nl", "Noor", "Visser").await;
        let mut costs = Vec::new();
        for n in 0..3 {
            for i in 0..5 {
                store.add_network_member(&scope, &member(&format!("Lid {n}-{i}"), "kennis", 1 + i % 3, &["gezelschap"])).await.unwrap();
            }
            let before = store.query_count();
            store.network(&scope).await.unwrap();
            costs.push(store.query_count() - before);
        }
        assert_eq!(costs, [1, 1, 1], "{engine}");
    }
}

#[tokio::test]
async fn members_are_added_in_place_and_drawn_on_the_ecogram() {
    let (store, _dir) = crate::harness::sqlite_store().await;
    seed_org(&store).await;
    let (id, scope) = client(&store, "begeleider@test.nl", "Noor", "Visser").await;
    let app = app_as(&store, "begeleider@test.nl").await;
    let path = format!("/clienten/{id}/netwerk");

    let (status, location) = plain_post(
        &app,
        &path,
        &[("name", "Fatma"), ("relation", "zus"), ("kind", "persoon"), ("closeness", "1"), ("support", "emotioneel"), ("support", "praktisch"), ("gives_back", "Past op haar kinderen"), ("takes_part_actions", "1"), ("consent", "plan")],
    )
    .await;
    assert_eq!(status, 303);
    let fatma = store.network(&scope).await.unwrap()[0].clone();
    assert_eq!(location, format!("/clienten/{id}/netwerk#lid-{}", fatma.id));
    assert_eq!(fatma.support, ["praktisch", "emotioneel"]);
    assert!(fatma.takes_part_actions && !fatma.takes_part_evaluations);

    let (status, body) = htmx_post(&app, &path, &[("name", "Schuldhulp Oost"), ("relation", "schuldhulp"), ("kind", "organisatie"), ("closeness", "3"), ("support", "informatie"), ("consent", "niets")]).await;
    assert_eq!(status, 200);
    assert!(body.trim_start().starts_with("<section id=\"netwerk\""), "htmx gets the section only: {body:.120}");
    let svg = crate::harness::app::between(&body, "<svg class=\"ecogram\"", "</svg>").expect("the ecogram is drawn");
    assert!(svg.contains("Noor Visser") && svg.contains(">Noor<"), "the client is in the centre");
    assert!(svg.contains(">Fatma<") && svg.contains(">Schuldhulp Oost<"), "members by name");
    assert_eq!(svg.matches("class=\"eco-line eco-").count(), 3, "one line per kind of support: {svg}");
    assert!(svg.contains("eco-emotioneel") && svg.contains("eco-praktisch") && svg.contains("eco-informatie"));
    assert!(svg.contains("<rect"), "an organisation is a square");
    assert!(svg.contains("⇄"), "the client gives Fatma something back");
    assert!(body.contains("Uitleg bij de kaart") && body.contains("Steun en een luisterend oor"), "a legend");

    let (_, page) = get(&app, &path).await;
    assert!(!page.contains(" style="), "no inline styles (the content policy forbids them)");
    assert!(page.contains("data-print"), "printable");
    // The closer ring is nearer the centre: Fatma (ring 1) nearer than the organisation (ring 3).
    let dist = |name: &str| {
        let node = crate::harness::app::between(&page, &format!("<title>{name}"), "</g>").unwrap();
        let x: f64 = crate::harness::app::between(&node, "x=\"", "\"").unwrap().parse().unwrap();
        let y: f64 = crate::harness::app::between(&node, "y=\"", "\"").unwrap().parse().unwrap();
        ((x - 380.0).powi(2) + (y - 320.0).powi(2)).sqrt()
    };
    assert!(dist("Fatma") < dist("Schuldhulp Oost"));

    // A stale edit and wrong input are told in Dutch above the network as it is now.
    let v = fatma.version.to_string();
    htmx_post(&app, &format!("{path}/{}", fatma.id), &[("version", &v), ("name", "Fatma Yilmaz"), ("closeness", "1")]).await;
    let (status, body) = htmx_post(&app, &format!("{path}/{}", fatma.id), &[("version", &v), ("name", "Fatma"), ("closeness", "2")]).await;
    assert_eq!(status, 200);
    assert!(body.contains("Iemand anders heeft dit intussen gewijzigd.") && body.contains("Fatma Yilmaz"));
    let (_, body) = htmx_post(&app, &path, &[("name", "Piet"), ("closeness", "dichtbij"), ("email", "piet")]).await;
    assert!(body.contains("Niet opgeslagen.") && body.contains("Kies dichtbij, middel of verder weg.") && body.contains("geldig e-mailadres"), "{body:.500}");
    assert_eq!(store.network(&scope).await.unwrap().len(), 2);

    // Removing keeps it in the history: the page on today's date lists the change and who made it.
    let org = store.network(&scope).await.unwrap().into_iter().find(|m| m.name == "Schuldhulp Oost").unwrap();
    let (status, location) = plain_post(&app, &format!("{path}/{}/verwijderen", org.id), &[("version", &org.version.to_string())]).await;
    assert_eq!((status, location.as_str()), (303, format!("/clienten/{id}/netwerk#netwerk").as_str()));
    let (_, page) = get(&app, &path).await;
    assert!(!page.contains("Schuldhulp Oost"));
    let (_, then) = get(&app, &format!("{path}?datum={}", regie_store::today())).await;
    assert!(then.contains("Weggehaald uit het netwerk") && then.contains("Schuldhulp Oost") && then.contains("Sanne de Vries"));
    let (_, before) = get(&app, &format!("{path}?datum={}", regie_store::today() - Duration::days(1))).await;
    assert!(before.contains("Er stond toen nog niemand in het netwerk.") && !before.contains(">Fatma"));
}

#[tokio::test]
async fn a_network_member_is_offered_as_action_owner_and_owns_an_action() {
    let (store, _dir) = crate::harness::sqlite_store().await;
    seed_org(&store).await;
    let (id, scope) = client(&store, "begeleider@test.nl", "Noor", "Visser").await;
    store.add_network_member(&scope, &member("Fatma", "zus", 1, &["praktisch"])).await.unwrap();
    let app = app_as(&store, "begeleider@test.nl").await;
    let (_, dossier) = get(&app, &format!("/clienten/{id}")).await;
    let list = crate::harness::app::between(&dossier, "<datalist id=\"netwerk-namen\">", "</datalist>").expect("the plan offers the network");
    assert!(list.contains("value=\"Fatma\""));

    let tid = store.active_trajectory_id(&scope).await.unwrap().unwrap().to_string();
    let (status, section) = htmx_post(&app, &format!("/clienten/{id}/plan/doelen"), &[("trajectory_id", &tid), ("domain", "f8_wonen"), ("text", "Een eigen kamer"), ("priority", ""), ("target_date", "")]).await;
    assert_eq!(status, 200);
    assert!(section.contains("<datalist id=\"netwerk-namen\">") && section.contains("list=\"netwerk-namen\""), "also in the re-rendered plan section");
    let goal = store.plan(&scope, tid.parse().unwrap()).await.unwrap().goals[0].id;
    let (status, section) = htmx_post(
        &app,
        &format!("/clienten/{id}/plan/doelen/{goal}/acties"),
        &[("trajectory_id", &tid), ("text", "Helpt met verhuizen"), ("owner_kind", "netwerk"), ("owner_user_id", ""), ("owner_name", "Fatma"), ("due_date", "")],
    )
    .await;
    assert_eq!(status, 200);
    assert!(section.contains("Iemand uit het netwerk: Fatma"), "the action shows its owner from the network");
}

#[tokio::test]
async fn op_tafel_shows_strengths_and_the_network_map() {
    let (store, _dir) = crate::harness::sqlite_store().await;
    seed_org(&store).await;
    let (id, scope) = client(&store, "begeleider@test.nl", "Noor", "Visser").await;
    store.add_strength(&scope, &StrengthInput { domain: "f8_wonen".into(), kind: "vaardigheden".into(), text: "Kan goed koken".into() }).await.unwrap();
    store
        .set_strength_domain(&scope, "f8_wonen", &regie_domain::strengths::StrengthDomainInput { wishes: Some("Een eigen kamer".into()), ..Default::default() }, None)
        .await
        .unwrap();
    store.add_network_member(&scope, &member("Fatma", "zus", 1, &["praktisch"])).await.unwrap();
    let app = app_as(&store, "begeleider@test.nl").await;
    let (status, page) = get(&app, &format!("/clienten/{id}/op-tafel")).await;
    assert_eq!(status, 200);
    let strengths = crate::harness::app::between(&page, "id=\"op-tafel-krachten\"", "</section>").expect("strengths on the table");
    assert!(strengths.contains("Wonen") && strengths.contains("Kan goed koken") && strengths.contains("Een eigen kamer"));
    assert!(!strengths.contains("Zingeving"), "only domains with something written");
    let network = crate::harness::app::between(&page, "id=\"op-tafel-netwerk\"", "</section>").expect("network on the table");
    assert!(network.contains("<svg class=\"ecogram\"") && network.contains(">Fatma<") && network.contains("Noor Visser"));
}

#[tokio::test]
async fn the_network_over_the_api() {
    for (engine, store, _guard) in engines().await {
        seed_org(&store).await;
        let (id, _) = client(&store, "begeleider@test.nl", "Noor", "Visser").await;
        let app = spawn_app(store.clone()).await;
        let token = app.token("begeleider@test.nl").await;
        let api = |p: String| app.url(&format!("/api/v1{p}"));
        let body = serde_json::json!({"name": "Fatma", "relation": "zus", "closeness": 1, "support": ["praktisch"], "gives_back": "Past op de kinderen", "takes_part_evaluations": true, "consent": "plan_en_journaal"});
        let res = app.http.post(api(format!("/clients/{id}/network"))).bearer_auth(&token).json(&body).send().await.unwrap();
        assert_eq!(res.status(), 201, "{engine}");
        let m: serde_json::Value = res.json().await.unwrap();
        assert_eq!((m["takes_part_evaluations"].as_bool(), m["consent"].as_str()), (Some(true), Some("plan_en_journaal")), "{engine}");
        let mid = m["id"].as_i64().unwrap();
        let res = app.http.put(api(format!("/clients/{id}/network/{mid}"))).bearer_auth(&token).json(&serde_json::json!({"name": "Fatma Yilmaz", "closeness": 2, "version": 1})).send().await.unwrap();
        assert_eq!(res.status(), 200, "{engine}");
        let res = app.http.put(api(format!("/clients/{id}/network/{mid}"))).bearer_auth(&token).json(&serde_json::json!({"name": "Fatma", "closeness": 2, "version": 1})).send().await.unwrap();
        assert_eq!(res.status(), 409, "{engine}");
        assert_eq!(res.json::<serde_json::Value>().await.unwrap()["current"]["name"], "Fatma Yilmaz", "{engine}");
        let res = app.http.post(api(format!("/clients/{id}/network"))).bearer_auth(&token).json(&serde_json::json!({"name": "", "closeness": 9})).send().await.unwrap();
        assert_eq!(res.status(), 422, "{engine}");
        let err: serde_json::Value = res.json().await.unwrap();
        assert_eq!(err["fields"]["closeness"], "Kies dichtbij, middel of verder weg.", "{engine}");
        let list: serde_json::Value = app.http.get(api(format!("/clients/{id}/network"))).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert_eq!(list["items"][0]["name"], "Fatma Yilmaz", "{engine}");
        let yesterday = regie_store::today() - Duration::days(1);
        let then: serde_json::Value = app.http.get(api(format!("/clients/{id}/network?as_of={yesterday}"))).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert!(then["items"].as_array().unwrap().is_empty(), "{engine}");
        let res = app.http.delete(api(format!("/clients/{id}/network/{mid}?version=2"))).bearer_auth(&token).send().await.unwrap();
        assert_eq!(res.status(), 204, "{engine}");
        let history: serde_json::Value = app.http.get(api(format!("/clients/{id}/network/history"))).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert_eq!(history["items"].as_array().unwrap().len(), 3, "{engine}");
        let other = app.token("ander@test.nl").await;
        assert_eq!(app.http.get(api(format!("/clients/{id}/network"))).bearer_auth(&other).send().await.unwrap().status(), 403, "{engine}");
    }
}
