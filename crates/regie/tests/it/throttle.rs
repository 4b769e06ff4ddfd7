//! Sign-in security: throttling and lockout (page and API), "Mijn sessies", HSTS. Wrong codes of
//! the second factor count in the same throttle: see `two_factor.rs`.

use crate::harness::app::{between, spawn_app_with};
use crate::harness::{engines, seed_org, spawn_app, TestApp, PASSWORD};
use regie_store::{Gate, ThrottlePolicy};
use std::time::{Duration, Instant};

const LOCKED: &str = "Te veel mislukte pogingen. Probeer het over een kwartier opnieuw.";

/// Short slow-downs so a test does not wait seconds; the thresholds stay the real ones.
fn policy(lock_for: chrono::Duration) -> ThrottlePolicy {
    ThrottlePolicy {
        first_delay: chrono::Duration::milliseconds(5),
        max_delay: chrono::Duration::milliseconds(20),
        lock_for,
        ..ThrottlePolicy::default()
    }
}

fn config(lock_for: chrono::Duration) -> regie_web::WebConfig {
    regie_web::WebConfig { throttle: policy(lock_for), ..regie_web::WebConfig::default() }
}

async fn token_attempt(app: &TestApp, email: &str, password: &str) -> (u16, String) {
    let res = app
        .http
        .post(app.url("/api/v1/tokens"))
        .json(&serde_json::json!({ "email": email, "password": password }))
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

/// `POST /api/v1/tokens` with the right password and a code the server accepts now.
async fn token_with_code(app: &TestApp, email: &str) -> u16 {
    let code = crate::harness::totp_code(&app.store, email).await;
    let res = app
        .http
        .post(app.url("/api/v1/tokens"))
        .json(&serde_json::json!({ "email": email, "password": PASSWORD, "code": code }))
        .send()
        .await
        .unwrap();
    res.status().as_u16()
}

/// A sign-in through the page: (status, the message shown, if any).
async fn page_attempt(app: &TestApp, email: &str, password: &str) -> (u16, Option<String>) {
    let form = app.get_text("/inloggen").await;
    let csrf = between(&form, "name=\"csrf\" value=\"", "\"").unwrap();
    let res = app.http.post(app.url("/inloggen")).form(&[("email", email), ("password", password), ("csrf", &csrf)]).send().await.unwrap();
    let status = res.status().as_u16();
    let body = res.text().await.unwrap();
    (status, between(&body, "role=\"alert\">", "</p>"))
}

#[tokio::test]
async fn a_thousand_wrong_passwords_lock_the_account_and_never_reveal_whether_it_exists() {
    for (engine, store, _dir) in engines().await {
        seed_org(&store).await;
        let app = spawn_app_with(store, config(chrono::Duration::minutes(15))).await;
        let started = Instant::now();
        let mut first_locked = None;
        for i in 0..1000 {
            let known = token_attempt(&app, "begeleider@test.nl", &format!("fout-{i}")).await;
            let unknown = token_attempt(&app, "niemand@test.nl", &format!("fout-{i}")).await;
            assert_eq!(known, unknown, "{engine}: attempt {i} tells an existing account from a missing one");
            if known.0 == 429 {
                first_locked.get_or_insert(i);
                assert!(known.1.contains(LOCKED), "{engine}: {}", known.1);
            } else {
                assert_eq!(known.0, 401, "{engine}: attempt {i}");
                assert!(first_locked.is_none(), "{engine}: the lock was lifted at attempt {i}");
            }
        }
        assert_eq!(first_locked, Some(10), "{engine}: the 11th attempt is the first refused by the lock");
        // Locked attempts check no password: 2 000 Argon2 checks would take far longer.
        assert!(started.elapsed() < Duration::from_secs(60), "{engine}: took {:?}", started.elapsed());

        // The right password is refused during the lock, with the very same answer.
        let right = token_attempt(&app, "begeleider@test.nl", PASSWORD).await;
        let missing = token_attempt(&app, "niemand@test.nl", PASSWORD).await;
        assert_eq!(right.0, 429, "{engine}");
        assert_eq!(right, missing, "{engine}");
        // The sign-in page says the same, and refuses the right password too.
        let page = page_attempt(&app, "begeleider@test.nl", PASSWORD).await;
        assert_eq!(page, (429, Some(LOCKED.to_string())), "{engine}");
        assert_eq!(page_attempt(&app, "NIEMAND@test.nl ", "x").await, page, "{engine}");
        // Locked attempts are not counted: the address (20 failures, limit 30) is not locked, so a
        // colleague at the same office still signs in.
        assert_eq!(token_with_code(&app, "collega@test.nl").await, 201, "{engine}");
    }
}

#[tokio::test]
async fn the_sign_in_page_answers_alike_for_existing_and_unknown_emails() {
    for (engine, store, _dir) in engines().await {
        seed_org(&store).await;
        let app = spawn_app_with(store, config(chrono::Duration::minutes(15))).await;
        let mut answers = Vec::new();
        for i in 0..12 {
            let known = page_attempt(&app, "collega@test.nl", &format!("fout-{i}")).await;
            let unknown = page_attempt(&app, "onbekend@test.nl", &format!("fout-{i}")).await;
            assert_eq!(known, unknown, "{engine}: attempt {i}");
            answers.push(known.0);
        }
        assert_eq!(answers, [401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 429, 429], "{engine}");
    }
}

#[tokio::test]
async fn the_right_password_works_again_after_the_lock_and_resets_the_count() {
    for (engine, store, _dir) in engines().await {
        seed_org(&store).await;
        let app = spawn_app_with(store, config(chrono::Duration::seconds(1))).await;
        // Four failures, then a success (password and code): the count starts again.
        for i in 0..4 {
            assert_eq!(page_attempt(&app, "begeleider@test.nl", &format!("fout-{i}")).await.0, 401, "{engine}");
        }
        assert_eq!(token_with_code(&app, "begeleider@test.nl").await, 201, "{engine}");
        for i in 0..9 {
            assert_eq!(token_attempt(&app, "begeleider@test.nl", &format!("fout-{i}")).await.0, 401, "{engine}: failure {i} after a reset");
        }
        assert_eq!(token_attempt(&app, "begeleider@test.nl", "nog-een").await.0, 401, "{engine}");
        assert_eq!(token_attempt(&app, "begeleider@test.nl", PASSWORD).await.0, 429, "{engine}: locked after 10 failures");
        tokio::time::sleep(Duration::from_millis(1200)).await;
        assert_eq!(token_with_code(&app, "begeleider@test.nl").await, 201, "{engine}: the lock has ended");
        let (status, _) = page_attempt(&app, "begeleider@test.nl", PASSWORD).await;
        assert_eq!(status, 303, "{engine}: the page signs in again");
    }
}

#[tokio::test]
async fn source_addresses_are_throttled_separately() {
    for (engine, store, _dir) in engines().await {
        let p = policy(chrono::Duration::minutes(15));
        // Spraying many emails from one address locks that address…
        for i in 0..p.source_lock_after {
            assert_eq!(store.sign_in_gate(&format!("iemand{i}@test.nl"), "10.0.0.1", &p).await.unwrap() == Gate::Open, i < p.source_slow_after, "{engine}: {i}");
            store.sign_in_failed(&format!("iemand{i}@test.nl"), "10.0.0.1", &p).await.unwrap();
        }
        assert!(matches!(store.sign_in_gate("nieuw@test.nl", "10.0.0.1", &p).await.unwrap(), Gate::Locked(s) if s > 800), "{engine}");
        // …but not another address, nor those emails from elsewhere (each failed only once).
        assert_eq!(store.sign_in_gate("nieuw@test.nl", "10.0.0.2", &p).await.unwrap(), Gate::Open, "{engine}");
        assert_eq!(store.sign_in_gate("iemand3@test.nl", "10.0.0.2", &p).await.unwrap(), Gate::Open, "{engine}");
        // An email locked from one address is locked from every address, whatever its case.
        for _ in 0..p.lock_after {
            store.sign_in_failed("Doel@Test.nl", "10.0.0.3", &p).await.unwrap();
        }
        assert!(matches!(store.sign_in_gate(" doel@test.nl", "10.0.0.4", &p).await.unwrap(), Gate::Locked(_)), "{engine}");
        assert_eq!(store.sign_in_gate("ander-doel@test.nl", "10.0.0.3", &p).await.unwrap(), Gate::Open, "{engine}");
    }
}

#[tokio::test]
async fn my_sessions_lists_them_and_signs_one_out() {
    for (engine, store, _dir) in engines().await {
        seed_org(&store).await;
        let app = spawn_app(store).await;
        let phone = TestApp {
            base: app.base.clone(),
            store: app.store.clone(),
            http: reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).user_agent("Telefoon/1.0").build().unwrap(),
        };
        app.login("begeleider@test.nl").await;
        phone.login("begeleider@test.nl").await;
        let page = app.get_text("/sessies").await;
        assert!(page.contains("Mijn sessies") && page.contains("Deze sessie"), "{engine}");
        assert_eq!(page.matches("class=\"card session").count(), 2, "{engine}");
        assert!(page.contains("Telefoon/1.0") && page.contains("127.0.0.1"), "{engine}");
        // No session token or hash on the page: the only long hex string is the CSRF token.
        let csrf = between(&page, "name=\"csrf-token\" content=\"", "\"").unwrap();
        let hex_runs: Vec<&str> = page.split(|c: char| !c.is_ascii_hexdigit()).filter(|w| w.len() >= 32).collect();
        assert!(!hex_runs.is_empty() && hex_runs.iter().all(|w| *w == csrf), "{engine}: {hex_runs:?}");
        let base = app.get_text("/clienten").await;
        assert!(base.contains("href=\"/sessies\""), "{engine}: the header links to the sessions page");

        // Sign out the phone's session (the one that is not "Deze sessie").
        let other = page
            .split("<li class=\"card session")
            .skip(1)
            .find(|s| !s.starts_with(" current"))
            .and_then(|s| between(s, "action=\"/sessies/", "/afmelden\""))
            .expect("the other session's sign-out form");
        assert!(phone.get_text("/clienten").await.contains("Sanne de Vries"), "{engine}");
        let res = app.post_form(&format!("/sessies/{other}/afmelden"), &[]).await;
        assert_eq!(res.status(), 303, "{engine}");
        let back = res.headers()["location"].to_str().unwrap().to_string();
        let res = phone.http.get(phone.url("/clienten")).send().await.unwrap();
        assert_eq!(res.status(), 303, "{engine}");
        assert_eq!(res.headers()["location"], "/inloggen", "{engine}: the phone is signed out");
        let page = app.get_text(&back).await;
        assert_eq!(page.matches("class=\"card session").count(), 1, "{engine}: this session stays");
        assert!(page.contains("De sessie is afgemeld."), "{engine}");
        // Someone else's session number is not found.
        assert_eq!(app.post_form(&format!("/sessies/{other}/afmelden"), &[]).await.status(), 404, "{engine}");

        // Overal afmelden: this browser too.
        phone.login("begeleider@test.nl").await;
        let res = app.post_form("/sessies/overal-afmelden", &[]).await;
        assert_eq!(res.headers()["location"], "/inloggen", "{engine}");
        for b in [&app, &phone] {
            assert_eq!(b.http.get(b.url("/clienten")).send().await.unwrap().status(), 303, "{engine}: every session ended");
        }
    }
}

#[tokio::test]
async fn a_password_change_ends_every_session_and_token() {
    let (store, _dir) = crate::harness::sqlite_store().await;
    seed_org(&store).await;
    let app = spawn_app(store).await;
    app.login("begeleider@test.nl").await;
    let token = app.token("begeleider@test.nl").await;
    app.store.reset_password("begeleider@test.nl", &regie_store::hash_password("nieuw-wachtwoord")).await.unwrap();
    assert_eq!(app.http.get(app.url("/clienten")).send().await.unwrap().status(), 303);
    let me = app.http.get(app.url("/api/v1/me")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(me.status(), 401);
}

#[tokio::test]
async fn hsts_only_when_served_over_tls() {
    let (store, _dir) = crate::harness::sqlite_store().await;
    let plain = spawn_app(store.clone()).await;
    let tls = spawn_app_with(store, regie_web::WebConfig { secure_cookies: true, ..regie_web::WebConfig::default() }).await;
    let res = plain.http.get(plain.url("/inloggen")).send().await.unwrap();
    assert!(res.headers().get("strict-transport-security").is_none());
    let csp = res.headers()["content-security-policy"].to_str().unwrap().to_string();
    assert!(csp.contains("script-src 'self'") && csp.contains("style-src 'self'") && !csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(res.headers()["x-frame-options"], "DENY");
    assert_eq!(res.headers()["referrer-policy"], "no-referrer");
    let res = tls.http.get(tls.url("/inloggen")).send().await.unwrap();
    assert_eq!(res.headers()["strict-transport-security"], "max-age=31536000");
    assert!(res.headers()["set-cookie"].to_str().unwrap().contains("; Secure"));
    // Also on API answers and errors.
    let res = tls.http.get(tls.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(res.status(), 401);
    assert_eq!(res.headers()["strict-transport-security"], "max-age=31536000");
}
