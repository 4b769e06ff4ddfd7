//! The real app on a free port, with an HTTP client that keeps cookies like a browser.

use regie_store::Store;
use std::net::SocketAddr;

/// A running app and a client for it.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// The app's store (for arranging data and counting queries).
    pub store: Store,
    /// A client with a cookie jar.
    pub http: reqwest::Client,
}

/// Starts the app on `store` at a free port.
pub async fn spawn_app(store: Store) -> TestApp {
    spawn_app_with(store, regie_web::WebConfig::default()).await
}

/// Starts the app on `store` with `config` (e.g. short lockouts, `secure_cookies`).
pub async fn spawn_app_with(store: Store, config: regie_web::WebConfig) -> TestApp {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = regie_web::router(store.clone(), config);
    tokio::spawn(async move {
        axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).await.unwrap();
    });
    TestApp { base: format!("http://{addr}"), store, http: new_client() }
}

fn new_client() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

impl TestApp {
    /// The full URL of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Signs in through the real sign-in form (with its CSRF cookie), and — when the role
    /// requires it — the code step with a code the server accepts now; panics when refused.
    /// An account made by a test without a second factor gets the known test secret first.
    pub async fn login(&self, email: &str) {
        let user = self.store.user_by_email(email).await.unwrap();
        if let Some(u) = &user {
            let status = self.store.factor_status(u.id).await.unwrap();
            if status.required && !status.enrolled() {
                super::enrol(&self.store, u.id).await;
            }
        }
        let form = self.http.get(self.url("/inloggen")).send().await.unwrap().text().await.unwrap();
        let csrf = between(&form, "name=\"csrf\" value=\"", "\"").expect("csrf field on sign-in form");
        let res = self
            .http
            .post(self.url("/inloggen"))
            .form(&[("email", email), ("password", super::PASSWORD), ("csrf", &csrf)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303, "sign-in of {email} should redirect");
        if res.headers()["location"] == "/inloggen/code" {
            let res = self.enter_code(&super::totp_code(&self.store, email).await).await;
            assert_eq!(res.status(), 303, "the code step of {email} should redirect");
            assert_eq!(res.headers()["location"], "/clienten", "{email}");
        }
    }

    /// Sends `code` on the code step of a pending sign-in.
    pub async fn enter_code(&self, code: &str) -> reqwest::Response {
        let page = self.get_text("/inloggen/code").await;
        let csrf = between(&page, "name=\"csrf\" value=\"", "\"").expect("csrf field on the code step");
        self.http.post(self.url("/inloggen/code")).form(&[("code", code), ("csrf", &csrf)]).send().await.unwrap()
    }

    /// The CSRF token of the signed-in session, read from a page's meta tag.
    pub async fn csrf(&self) -> String {
        let page = self.get_text("/clienten").await;
        between(&page, "name=\"csrf-token\" content=\"", "\"").expect("csrf meta tag")
    }

    /// GET a page as text.
    pub async fn get_text(&self, path: &str) -> String {
        self.http.get(self.url(path)).send().await.unwrap().text().await.unwrap()
    }

    /// POST a form with the session's CSRF token added.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let csrf = self.csrf().await;
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push(("csrf", &csrf));
        self.http.post(self.url(path)).form(&all).send().await.unwrap()
    }

    /// An API token for `email` (with a code of their second factor).
    pub async fn token(&self, email: &str) -> String {
        if let Some(u) = self.store.user_by_email(email).await.unwrap() {
            let status = self.store.factor_status(u.id).await.unwrap();
            if status.required && !status.enrolled() {
                super::enrol(&self.store, u.id).await;
            }
        }
        let res = self
            .http
            .post(self.url("/api/v1/tokens"))
            .json(&serde_json::json!({ "email": email, "password": super::PASSWORD, "code": super::totp_code(&self.store, email).await }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201, "token for {email}");
        res.json::<serde_json::Value>().await.unwrap()["token"].as_str().unwrap().to_string()
    }
}

/// The text between `start` and the next `end`.
pub fn between(s: &str, start: &str, end: &str) -> Option<String> {
    let i = s.find(start)? + start.len();
    let j = s[i..].find(end)? + i;
    Some(s[i..j].to_string())
}
