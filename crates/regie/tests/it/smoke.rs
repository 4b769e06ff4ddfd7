//! The foundation: both engines migrate to the same schema; health and sign-in answer.

use crate::harness::{engines, seed_org, spawn_app, sqlite_store};

#[tokio::test]
async fn both_engines_migrate_to_equivalent_schemas() {
    let mut schemas = Vec::new();
    for (name, store, _guard) in engines().await {
        store.migrate().await.expect("second migrate is a no-op");
        let cols = store.schema_columns().await.unwrap();
        assert!(cols.iter().any(|(t, c, _)| t == "goals" && c == "version"), "{name}: goals.version missing");
        schemas.push((name, cols));
    }
    if let [(a, sa), (b, sb)] = &schemas[..] {
        let only_a: Vec<_> = sa.iter().filter(|c| !sb.contains(c)).collect();
        let only_b: Vec<_> = sb.iter().filter(|c| !sa.contains(c)).collect();
        assert!(only_a.is_empty() && only_b.is_empty(), "schemas differ: only in {a}: {only_a:?}; only in {b}: {only_b:?}");
    }
}

#[tokio::test]
async fn health_answers_ok_and_wrong_credentials_get_a_dutch_401() {
    let (store, _dir) = sqlite_store().await;
    seed_org(&store).await;
    let app = spawn_app(store).await;
    let health: serde_json::Value = app.http.get(app.url("/health")).send().await.unwrap().json().await.unwrap();
    assert_eq!(health, serde_json::json!({"status": "ok"}));

    let res = app
        .http
        .post(app.url("/api/v1/tokens"))
        .json(&serde_json::json!({"email": "begeleider@test.nl", "password": "fout"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"], "Onjuist e-mailadres of wachtwoord.");
    let token = app.token("begeleider@test.nl").await;
    let me: serde_json::Value = app.http.get(app.url("/api/v1/me")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    assert_eq!(me["email"], "begeleider@test.nl");
}

