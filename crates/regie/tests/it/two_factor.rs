//! Two-step sign-in (TOTP): the password alone opens nothing; wrong, replayed and throttled codes;
//! recovery codes; setting the factor up; functioneel beheer's reset and per-role requirement;
//! sessions and API tokens ending on a password change; API tokens with a code, listed and
//! revoked; setting the factor up again. `two_factor_journeys.rs`: a real browser, and a
//! newcomer to the demo.

use crate::harness::app::{between, spawn_app_with};
use crate::harness::{engines, enrol, seed_org, spawn_app, totp_code, TestApp, PASSWORD};
use regie_store::{totp, NewUser, Store};

const WRONG: &str = "Deze code klopt niet of is al gebruikt.";

/// Posts the password on the sign-in form; returns the redirect target.
pub(crate) async fn password(app: &TestApp, email: &str) -> String {
    let form = app.get_text("/inloggen").await;
    let csrf = between(&form, "name=\"csrf\" value=\"", "\"").unwrap();
    let res = app.http.post(app.url("/inloggen")).form(&[("email", email), ("password", PASSWORD), ("csrf", &csrf)]).send().await.unwrap();
    assert_eq!(res.status(), 303, "{email}: the password is right");
    res.headers()["location"].to_str().unwrap().to_string()
}

/// A second browser (own cookie jar) on the same app.
pub(crate) async fn another(app: &TestApp) -> TestApp {
    TestApp { base: app.base.clone(), store: app.store.clone(), http: reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap() }
}

pub(crate) async fn location(app: &TestApp, path: &str) -> (u16, String) {
    let res = app.http.get(app.url(path)).send().await.unwrap();
    let loc = res.headers().get("location").map(|l| l.to_str().unwrap().to_string()).unwrap_or_default();
    (res.status().as_u16(), loc)
}

/// A new account without a second factor.
pub(crate) async fn new_user(store: &Store, email: &str, role: &str) -> i64 {
    store
        .create_user(&NewUser { email: email.into(), name: "Nieuwe Collega".into(), role: role.into(), team_id: None, password_hash: regie_store::hash_password(PASSWORD) })
        .await
        .unwrap()
}

#[tokio::test]
async fn the_password_alone_opens_no_page_and_the_code_leads_to_the_caseload() {
    for (engine, store, _dir) in engines().await {
        seed_org(&store).await;
        let app = spawn_app(store).await;
        assert_eq!(password(&app, "begeleider@test.nl").await, "/inloggen/code", "{engine}");
        // Half signed in: the caseload sends back to the sign-in, which sends on to the code step.
        assert_eq!(location(&app, "/clienten").await, (303, "/inloggen".into()), "{engine}");
        assert_eq!(location(&app, "/inloggen").await, (303, "/inloggen/code".into()), "{engine}");
        let res = app.http.get(app.url("/api/v1/me")).send().await.unwrap();
        assert_eq!(res.status(), 401, "{engine}");
        let page = app.get_text("/inloggen/code").await;
        assert!(page.contains("name=\"code\""), "{engine}: {page}");

        let res = app.enter_code(&totp_code(&app.store, "begeleider@test.nl").await).await;
        assert_eq!(res.status(), 303, "{engine}");
        assert_eq!(res.headers()["location"], "/clienten", "{engine}");
        let caseload = app.http.get(app.url("/clienten")).send().await.unwrap();
        assert_eq!(caseload.status(), 200, "{engine}");
        assert!(caseload.text().await.unwrap().contains("Sanne de Vries"), "{engine}");
        // The half sign-in is over: the code step sends back to the password.
        assert_eq!(location(&app, "/inloggen/code").await.1, "/inloggen", "{engine}");
    }
}

#[tokio::test]
async fn wrong_and_replayed_codes_are_refused_and_repeated_failures_lock() {
    for (engine, store, _dir) in engines().await {
        seed_org(&store).await;
        let config = regie_web::WebConfig {
            throttle: regie_store::ThrottlePolicy {
                first_delay: chrono::Duration::milliseconds(5),
                max_delay: chrono::Duration::milliseconds(20),
                ..Default::default()
            },
            ..Default::default()
        };
        let app = spawn_app_with(store, config).await;
        password(&app, "begeleider@test.nl").await;
        let res = app.enter_code("000000").await;
        assert_eq!(res.status(), 401, "{engine}");
        assert!(res.text().await.unwrap().contains(WRONG), "{engine}");
        assert_eq!(location(&app, "/clienten").await.0, 303, "{engine}: a wrong code opens nothing");

        // The right code signs in; the very same code in another browser is refused (no replay).
        let code = totp_code(&app.store, "begeleider@test.nl").await;
        assert_eq!(app.enter_code(&code).await.status(), 303, "{engine}");
        let thief = another(&app).await;
        password(&thief, "begeleider@test.nl").await;
        let res = thief.enter_code(&code).await;
        assert_eq!(res.status(), 401, "{engine}: a used code must not work again");
        assert_eq!(location(&thief, "/clienten").await.0, 303, "{engine}");

        // Wrong codes count like wrong passwords: the tenth failure locks the account, and
        // then even a right code is refused.
        for i in 0..8 {
            let res = thief.enter_code(&format!("{:06}", 111_111 + i)).await;
            assert_eq!(res.status(), 401, "{engine}: attempt {i}");
        }
        let res = thief.enter_code("999999").await;
        assert_eq!(res.status(), 401, "{engine}: the tenth failure");
        let right = totp_code(&app.store, "begeleider@test.nl").await;
        let res = thief.enter_code(&right).await;
        assert_eq!(res.status(), 429, "{engine}: locked");
        assert!(res.text().await.unwrap().contains("Te veel mislukte pogingen"), "{engine}");
    }
}

#[tokio::test]
async fn a_recovery_code_works_once() {
    for (engine, store, _dir) in engines().await {
        let org = seed_org(&store).await;
        let codes = enrol(&store, org.worker).await;
        assert_eq!(codes.len(), 10, "{engine}");
        let app = spawn_app(store).await;
        password(&app, "begeleider@test.nl").await;
        let res = app.enter_code(&codes[3].to_uppercase()).await;
        assert_eq!(res.status(), 303, "{engine}: a recovery code signs in (any case)");
        assert_eq!(app.store.factor_status(org.worker).await.unwrap().recovery_left, 9, "{engine}");

        let again = another(&app).await;
        password(&again, "begeleider@test.nl").await;
        assert_eq!(again.enter_code(&codes[3]).await.status(), 401, "{engine}: used up");
        assert_eq!(again.enter_code(&codes[4]).await.status(), 303, "{engine}: another one works");
    }
}

#[tokio::test]
async fn setting_up_shows_a_qr_code_and_ten_recovery_codes_once() {
    for (engine, store, _dir) in engines().await {
        seed_org(&store).await;
        let id = new_user(&store, "nieuw@test.nl", "wooncoach").await;
        let app = spawn_app(store).await;
        assert_eq!(password(&app, "nieuw@test.nl").await, "/inloggen/tweestaps", "{engine}");
        assert_eq!(location(&app, "/clienten").await.0, 303, "{engine}: nothing opens before the factor is set up");
        let page = app.get_text("/inloggen/tweestaps").await;
        assert!(page.contains("<svg class=\"qr\""), "{engine}: the QR code is in the page");
        assert!(page.contains("otpauth://totp/Regie:nieuw@test.nl?secret="), "{engine}");
        let secret: String = between(&page, "class=\"tf-secret\">", "<").unwrap().split_whitespace().collect();
        // Reloading shows the same secret (a scanned code stays valid).
        assert!(app.get_text("/inloggen/tweestaps").await.contains(&between(&page, "class=\"tf-secret\">", "<").unwrap()), "{engine}");
        let csrf = between(&page, "name=\"csrf\" value=\"", "\"").unwrap();

        let res = app.http.post(app.url("/inloggen/tweestaps")).form(&[("code", "123456"), ("csrf", &csrf)]).send().await.unwrap();
        assert_eq!(res.status(), 401, "{engine}: a wrong first code");
        let code = totp::code(&secret, totp::current_step()).unwrap();
        let res = app.http.post(app.url("/inloggen/tweestaps")).form(&[("code", code.as_str()), ("csrf", &csrf)]).send().await.unwrap();
        assert_eq!(res.status(), 200, "{engine}");
        let shown = res.text().await.unwrap();
        assert_eq!(shown.matches("class=\"recovery-code\"").count(), 10, "{engine}: ten recovery codes");
        assert_eq!(location(&app, "/clienten").await.0, 200, "{engine}: signed in");

        let account = app.get_text("/account/tweestaps").await;
        assert!(!account.contains("class=\"recovery-code\""), "{engine}: the codes are shown only once");
        assert!(account.contains("id=\"recovery-left\">10<"), "{engine}");
        let status = app.store.factor_status(id).await.unwrap();
        assert!(status.enrolled() && !status.demo, "{engine}");

        // New recovery codes need a current code; then ten new ones, the old ones stop working.
        let first = between(&shown, "class=\"recovery-code\">", "<").unwrap();
        let res = app.post_form("/account/tweestaps/herstelcodes", &[("code", "000000")]).await;
        assert_eq!(res.status(), 401, "{engine}");
        let res = app.post_form("/account/tweestaps/herstelcodes", &[("code", &first)]).await;
        assert_eq!(res.status(), 200, "{engine}");
        assert_eq!(res.text().await.unwrap().matches("class=\"recovery-code\"").count(), 10, "{engine}");
        let other = another(&app).await;
        password(&other, "nieuw@test.nl").await;
        let second = between(&shown.replacen("class=\"recovery-code\">", "", 1), "class=\"recovery-code\">", "<").unwrap();
        assert_eq!(other.enter_code(&second).await.status(), 401, "{engine}: old codes no longer work");
    }
}

#[tokio::test]
async fn functioneel_beheer_resets_a_factor_with_a_reason_and_the_user_sets_it_up_again() {
    for (engine, store, _dir) in engines().await {
        let org = seed_org(&store).await;
        let admin = spawn_app(store).await;
        admin.login("beheer@test.nl").await;
        let worker = another(&admin).await;
        worker.login("begeleider@test.nl").await;
        let token = worker.token("begeleider@test.nl").await;

        let path = format!("/beheer/gebruikers/{}/tweestaps-reset", org.worker);
        assert_eq!(worker.post_form(&path, &[("reason", "zomaar")]).await.status(), 403, "{engine}: only functioneel beheer");
        assert_eq!(worker.http.get(worker.url("/beheer/tweestaps")).send().await.unwrap().status(), 403, "{engine}");
        let res = admin.post_form(&path, &[("reason", "  ")]).await;
        assert_eq!(res.status(), 422, "{engine}: a reason is required");
        assert!(res.text().await.unwrap().contains("Geef een reden op."), "{engine}");
        assert!(admin.store.factor_status(org.worker).await.unwrap().enrolled(), "{engine}: nothing changed");

        let res = admin.post_form(&path, &[("reason", "Telefoon kwijt, gemeld bij de servicedesk")]).await;
        assert_eq!(res.status(), 303, "{engine}");
        let page = admin.get_text("/beheer/tweestaps").await;
        assert!(page.contains("Telefoon kwijt, gemeld bij de servicedesk"), "{engine}: the log record is listed");
        assert!(page.contains("Sanne de Vries"), "{engine}");
        let log = admin.store.factor_log(5).await.unwrap();
        assert_eq!(log[0].object, format!("tweestaps:{}", org.worker), "{engine}");
        assert_eq!(log[0].by_name, "Ingrid Smit", "{engine}");
        assert!(admin.store.verify_audit_chain().await.unwrap().broken.is_none(), "{engine}: the record is chained");

        // Her session and token ended; the next sign-in sets up a new factor.
        assert_eq!(location(&worker, "/clienten").await, (303, "/inloggen".into()), "{engine}");
        let res = worker.http.get(worker.url("/api/v1/me")).bearer_auth(&token).send().await.unwrap();
        assert_eq!(res.status(), 401, "{engine}");
        let fresh = another(&admin).await;
        assert_eq!(password(&fresh, "begeleider@test.nl").await, "/inloggen/tweestaps", "{engine}");
    }
}

#[tokio::test]
async fn a_role_without_the_requirement_signs_in_with_the_password_only() {
    for (engine, store, _dir) in engines().await {
        seed_org(&store).await;
        let admin = spawn_app(store).await;
        admin.login("beheer@test.nl").await;
        let page = admin.get_text("/beheer/tweestaps").await;
        assert_eq!(page.matches(" checked>").count(), page.matches("name=\"verplicht\"").count(), "{engine}: every role by default");
        let roles: Vec<String> = admin.store.roles_two_factor().await.unwrap().into_iter().map(|r| r.code).filter(|c| c != "trajectbegeleider").collect();
        let mut fields: Vec<(&str, &str)> = roles.iter().map(|c| ("verplicht", c.as_str())).collect();
        fields.push(("x", "y"));
        assert_eq!(admin.post_form("/beheer/tweestaps", &fields).await.status(), 303, "{engine}");
        assert!(!admin.store.two_factor_required("trajectbegeleider").await.unwrap(), "{engine}");
        assert!(admin.store.two_factor_required("teamleider").await.unwrap(), "{engine}");

        let worker = another(&admin).await;
        assert_eq!(password(&worker, "begeleider@test.nl").await, "/clienten", "{engine}: password only");
        assert_eq!(location(&worker, "/clienten").await.0, 200, "{engine}");
        let res = worker.http.post(worker.url("/api/v1/tokens")).json(&serde_json::json!({"email": "begeleider@test.nl", "password": PASSWORD})).send().await.unwrap();
        assert_eq!(res.status(), 201, "{engine}: a token without a code");
        let lead = another(&admin).await;
        assert_eq!(password(&lead, "teamleider@test.nl").await, "/inloggen/code", "{engine}: other roles still need the code");
    }
}

#[tokio::test]
async fn a_password_change_ends_every_session_and_token() {
    for (engine, store, _dir) in engines().await {
        seed_org(&store).await;
        let app = spawn_app(store).await;
        app.login("begeleider@test.nl").await;
        let token = app.token("begeleider@test.nl").await;
        password(&another(&app).await, "begeleider@test.nl").await; // a pending sign-in elsewhere
        app.store.reset_password("begeleider@test.nl", &regie_store::hash_password("een-nieuw-wachtwoord")).await.unwrap();
        assert_eq!(location(&app, "/clienten").await, (303, "/inloggen".into()), "{engine}");
        let res = app.http.get(app.url("/api/v1/me")).bearer_auth(&token).send().await.unwrap();
        assert_eq!(res.status(), 401, "{engine}");
    }
}

#[tokio::test]
async fn api_tokens_need_a_code_and_their_owner_lists_and_revokes_them() {
    for (engine, store, _dir) in engines().await {
        seed_org(&store).await;
        let app = spawn_app(store).await;
        let post = |body: serde_json::Value| app.http.post(app.url("/api/v1/tokens")).json(&body).send();
        let res = post(serde_json::json!({"email": "begeleider@test.nl", "password": PASSWORD})).await.unwrap();
        assert_eq!(res.status(), 401, "{engine}");
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["code_required"], true, "{engine}");
        assert!(body["error"].as_str().unwrap().contains("code"), "{engine}: {body}");
        let res = post(serde_json::json!({"email": "begeleider@test.nl", "password": PASSWORD, "code": "000000"})).await.unwrap();
        assert_eq!(res.status(), 401, "{engine}");
        // A wrong password says nothing about codes.
        let res = post(serde_json::json!({"email": "begeleider@test.nl", "password": "fout", "code": "000000"})).await.unwrap();
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["error"], "Onjuist e-mailadres of wachtwoord.", "{engine}");
        assert!(body.get("code_required").is_none(), "{engine}");

        let code = totp_code(&app.store, "begeleider@test.nl").await;
        let res = post(serde_json::json!({"email": "begeleider@test.nl", "password": PASSWORD, "code": code, "label": "Rapportage-script"})).await.unwrap();
        assert_eq!(res.status(), 201, "{engine}");
        let made: serde_json::Value = res.json().await.unwrap();
        let (token, id) = (made["token"].as_str().unwrap().to_string(), made["id"].as_i64().unwrap());
        let other = app.token("begeleider@test.nl").await;

        let list: serde_json::Value = app.http.get(app.url("/api/v1/tokens")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        let items = list["items"].as_array().unwrap();
        assert_eq!(items.len(), 2, "{engine}: {list}");
        assert!(items.iter().any(|t| t["id"] == id && t["label"] == "Rapportage-script" && t["expires_at"].is_string()), "{engine}: {list}");
        assert!(!list.to_string().contains(&token) && !list.to_string().contains(&other), "{engine}: tokens are never listed");
        // Someone else cannot revoke it.
        let stranger = app.token("collega@test.nl").await;
        let res = app.http.delete(app.url(&format!("/api/v1/tokens/{id}"))).bearer_auth(&stranger).send().await.unwrap();
        assert_eq!(res.status(), 404, "{engine}");
        let res = app.http.delete(app.url(&format!("/api/v1/tokens/{id}"))).bearer_auth(&other).send().await.unwrap();
        assert_eq!(res.status(), 204, "{engine}");
        assert_eq!(app.http.get(app.url("/api/v1/me")).bearer_auth(&token).send().await.unwrap().status(), 401, "{engine}: revoked");
        assert_eq!(app.http.get(app.url("/api/v1/me")).bearer_auth(&other).send().await.unwrap().status(), 200, "{engine}");

        // The page next to "Mijn sessies" lists the remaining key and revokes it.
        app.login("begeleider@test.nl").await;
        let page = app.get_text("/sessies").await;
        let other_id = app.store.my_api_tokens(app.store.user_by_email("begeleider@test.nl").await.unwrap().unwrap().id).await.unwrap()[0].id;
        assert!(page.contains(&format!("id=\"token-{other_id}\"")), "{engine}");
        assert!(!page.contains(&other), "{engine}");
        let res = app.post_form(&format!("/sessies/api-sleutels/{other_id}/intrekken"), &[]).await;
        assert_eq!(res.status(), 303, "{engine}");
        assert_eq!(app.http.get(app.url("/api/v1/me")).bearer_auth(&other).send().await.unwrap().status(), 401, "{engine}");
    }
}

#[tokio::test]
async fn setting_up_again_needs_a_current_code_and_ends_the_other_sessions_and_tokens() {
    for (engine, store, _dir) in engines().await {
        let org = seed_org(&store).await;
        let recovery = enrol(&store, org.worker).await;
        let app = spawn_app(store).await;
        app.login("begeleider@test.nl").await;
        let phone = another(&app).await;
        phone.login("begeleider@test.nl").await;
        let token = app.token("begeleider@test.nl").await;

        // Confirming without a new key waiting is refused; so is starting without a right code.
        assert_eq!(app.post_form("/account/tweestaps/bevestigen", &[("code", "123456")]).await.status(), 409, "{engine}");
        let res = app.post_form("/account/tweestaps/opnieuw", &[("code", "000000")]).await;
        assert_eq!(res.status(), 401, "{engine}");
        assert!(!res.text().await.unwrap().contains("<svg class=\"qr\""), "{engine}: no new key without a code");

        // A recovery code counts as a current code too.
        let res = app.post_form("/account/tweestaps/opnieuw", &[("code", &recovery[0])]).await;
        assert_eq!(res.status(), 200, "{engine}");
        let page = res.text().await.unwrap();
        assert!(page.contains("<svg class=\"qr\""), "{engine}");
        let secret: String = between(&page, "class=\"tf-secret\">", "<").unwrap().split_whitespace().collect();
        // Until the new key is confirmed, the old one keeps working (the phone still works).
        assert_eq!(location(&phone, "/clienten").await.0, 200, "{engine}");
        assert_eq!(app.post_form("/account/tweestaps/bevestigen", &[("code", "000000")]).await.status(), 401, "{engine}");
        let new_code = totp::code(&secret, totp::current_step()).unwrap();
        let res = app.post_form("/account/tweestaps/bevestigen", &[("code", &new_code)]).await;
        assert_eq!(res.status(), 200, "{engine}");
        assert_eq!(res.text().await.unwrap().matches("class=\"recovery-code\"").count(), 10, "{engine}");

        assert_eq!(location(&app, "/clienten").await.0, 200, "{engine}: this session stays");
        assert_eq!(location(&phone, "/clienten").await, (303, "/inloggen".into()), "{engine}: the other session ended");
        let res = app.http.get(app.url("/api/v1/me")).bearer_auth(&token).send().await.unwrap();
        assert_eq!(res.status(), 401, "{engine}: the token ended");
        // The old key's codes no longer work; the new key's do.
        password(&phone, "begeleider@test.nl").await;
        let old = totp::code(&crate::harness::fixture::totp_secret("begeleider@test.nl"), totp::current_step() + 1).unwrap();
        assert_eq!(phone.enter_code(&old).await.status(), 401, "{engine}");
        let next = totp::code(&secret, totp::current_step() + 1).unwrap();
        assert_eq!(phone.enter_code(&next).await.status(), 303, "{engine}");
    }
}
