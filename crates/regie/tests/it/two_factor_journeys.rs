//! Two-step sign-in end to end: a real browser sets up the factor and signs in with a code, and
//! a newcomer signs in to the demo with the code `regie user code` prints.

use super::two_factor::new_user;
use crate::harness::app::between;
use crate::harness::browser::browser;
use crate::harness::{enrol, seed_org, spawn_app, PASSWORD};
use regie_store::{totp, NewUser, Store};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_browser_sets_up_the_factor_and_signs_in_with_a_code() {
    let (store, _dir) = crate::harness::sqlite_store().await;
    seed_org(&store).await;
    new_user(&store, "nieuw@test.nl", "trajectbegeleider").await;
    let app = spawn_app(store).await;
    let Some(b) = browser(&app.base).await else { return };
    b.goto("/inloggen").await;
    b.type_into("input[name=email]", "nieuw@test.nl").await;
    b.type_into("input[name=password]", PASSWORD).await;
    b.submit("form[action='/inloggen']").await;
    b.wait_for_path("/inloggen/tweestaps").await;
    b.find(".tf-qr svg").await;
    // "Kunt u niet scannen?" unfolds the key to type over. (The harness's click opens a folded
    // <details> before clicking, which would fold this one again: open it as the click would.)
    b.js("document.querySelector('.tf-manual').open = true;", vec![]).await;
    let secret: String = b.find(".tf-secret").await.text().await.unwrap().split_whitespace().collect();
    assert_eq!(secret.len(), 32, "the key is shown: {secret:?}");
    b.resize(390, 844).await;
    let wide = b.js("return document.documentElement.scrollWidth > window.innerWidth;", vec![]).await;
    b.screenshot("two-factor-setup-phone").await;
    assert_eq!(wide, serde_json::json!(false), "the set-up page fits a phone");
    b.resize(1280, 1000).await;
    b.screenshot("two-factor-setup").await;
    b.type_into("#enrol-form input[name=code]", &totp::code(&secret, totp::current_step()).unwrap()).await;
    b.submit("#enrol-form").await;
    b.wait_for_text("#recovery-codes", "Uw herstelcodes").await;
    assert_eq!(b.find_all(".recovery-code").await.len(), 10);
    b.click("#continue").await;
    b.wait_for_path("/clienten").await;

    // Sign out, and in again: password, then the code step.
    b.submit("form.signout").await;
    b.wait_for_path("/inloggen").await;
    b.type_into("input[name=email]", "nieuw@test.nl").await;
    b.type_into("input[name=password]", PASSWORD).await;
    b.submit("form[action='/inloggen']").await;
    b.wait_for_path("/inloggen/code").await;
    let id = app.store.user_by_email("nieuw@test.nl").await.unwrap().unwrap().id;
    let last = app.store.factor_status(id).await.unwrap().last_used_step.unwrap();
    // The app shows a new code every 30 seconds; the one used to set up does not work twice.
    while totp::current_step() + totp::TOLERANCE <= last {
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    let step = (last + 1).max(totp::current_step());
    b.type_into("#code-form input[name=code]", &totp::code(&secret, step).unwrap()).await;
    b.submit("#code-form").await;
    b.wait_for_path("/clienten").await;
    b.close().await;
}

fn regie() -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_regie"));
    for (k, _) in std::env::vars() {
        if k.starts_with("REGIE_") || k == "RUST_LOG" {
            c.env_remove(k);
        }
    }
    c.stdin(std::process::Stdio::null());
    c
}

#[tokio::test]
async fn a_newcomer_signs_in_to_the_demo_with_the_printed_code() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("demo");
    let out = regie().args(["demo", "--clients", "5", "--no-serve", "--data"]).arg(&data).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "{stdout}");
    let secret = regie_store::demo_secret("begeleider@demo.regie.nl");
    assert!(stdout.contains(&secret) && stdout.contains("regie user code begeleider@demo.regie.nl"), "{stdout}");

    let out = regie().args(["user", "code", "begeleider@demo.regie.nl", "--data"]).arg(&data).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let code = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()), "{code:?}");
    let now = totp::current_step();
    assert!((now - 1..=now).any(|s| totp::code(&secret, s).unwrap() == code), "the code of this moment");
    // Asked again right after signing in with it, it gives the next code, which works too.
    // Refused for an account whose key is not a demo key, and for an unknown one.
    let out = regie().args(["user", "code", "niemand@demo.regie.nl", "--data"]).arg(&data).output().unwrap();
    assert_eq!(out.status.code(), Some(2));

    // The printed code signs in (once).
    let store = Store::open(&format!("sqlite://{}", data.join("regie.db").display())).await.unwrap();
    let id = store.create_user(&NewUser { email: "echt@demo.regie.nl".into(), name: "Echt".into(), role: "wooncoach".into(), team_id: None, password_hash: regie_store::hash_password(PASSWORD) }).await.unwrap();
    enrol(&store, id).await;
    let out = regie().args(["user", "code", "echt@demo.regie.nl", "--data"]).arg(&data).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "a real key's code is never printed");
    assert!(String::from_utf8_lossy(&out.stderr).contains("geen demo-account"));
    let app = spawn_app(store).await;
    let form = app.get_text("/inloggen").await;
    let csrf = between(&form, "name=\"csrf\" value=\"", "\"").unwrap();
    let res = app
        .http
        .post(app.url("/inloggen"))
        .form(&[("email", "begeleider@demo.regie.nl"), ("password", regie_store::demo::DEMO_PASSWORD), ("csrf", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["location"], "/inloggen/code");
    let res = app.enter_code(&code).await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/clienten");
    let out = regie().args(["user", "code", "begeleider@demo.regie.nl", "--data"]).arg(&data).output().unwrap();
    let next = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert_ne!(next, code, "a used code is not printed again");
    let second = super::two_factor::another(&app).await;
    let form = second.get_text("/inloggen").await;
    let csrf = between(&form, "name=\"csrf\" value=\"", "\"").unwrap();
    second
        .http
        .post(second.url("/inloggen"))
        .form(&[("email", "begeleider@demo.regie.nl"), ("password", regie_store::demo::DEMO_PASSWORD), ("csrf", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(second.enter_code(&next).await.status(), 303, "the next code signs in");
}

