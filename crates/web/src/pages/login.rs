//! Signing in and out. A role that requires the second factor continues after the password in
//! `two_factor_sign_in.rs`; other roles get their session here.

use crate::auth::{cookie, lang, LOGIN_CSRF_COOKIE, PENDING_COOKIE, SESSION_COOKIE};
use crate::error::PageError;
use crate::i18n::Tr;
use crate::pages::render;
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    tr: Tr,
    csrf: String,
    email: String,
    error: Option<&'static str>,
}

#[derive(serde::Deserialize)]
pub(crate) struct LoginForm {
    email: String,
    password: String,
    #[serde(default)]
    csrf: String,
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Strict, Secure under TLS.
pub(crate) fn cookie_header(state: &AppState, name: &str, value: &str, max_age: Option<i64>) -> String {
    let secure = if state.config.secure_cookies { "; Secure" } else { "" };
    let age = max_age.map(|a| format!("; Max-Age={a}")).unwrap_or_default();
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict{secure}{age}")
}

fn page(state: &AppState, tr: Tr, status: StatusCode, email: String, error: Option<&'static str>) -> Response {
    let csrf = regie_store::new_token();
    let set = cookie_header(state, LOGIN_CSRF_COOKIE, &csrf, Some(3600));
    (status, [(SET_COOKIE, set)], render(&LoginPage { tr, csrf, email, error })).into_response()
}

/// The sign-in form; a browser halfway through signing in is sent on to its second step.
pub(crate) async fn form(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, PageError> {
    if let Some((_, p)) = crate::pages::two_factor_sign_in::pending(&state, &headers).await? {
        let next = if state.store.factor_status(p.user.id).await?.enrolled() { "/inloggen/code" } else { "/inloggen/tweestaps" };
        return Ok(Redirect::to(next).into_response());
    }
    Ok(page(&state, lang(&headers).tr(), StatusCode::OK, String::new(), None))
}

pub(crate) async fn submit(
    State(state): State<AppState>,
    origin: crate::sign_in::Origin,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Result<Response, PageError> {
    let tr = lang(&headers).tr();
    let expected = cookie(&headers, LOGIN_CSRF_COOKIE).unwrap_or_default();
    if expected.is_empty() || !crate::auth::constant_time_eq(expected.as_bytes(), f.csrf.as_bytes()) {
        return Ok(page(&state, tr, StatusCode::FORBIDDEN, f.email, Some(tr.t("login.expired"))));
    }
    let user = match crate::sign_in::attempt(&state, &f.email, &f.password, &origin.source).await? {
        crate::sign_in::Outcome::Accepted(user) => user,
        crate::sign_in::Outcome::Refused => return Ok(page(&state, tr, StatusCode::UNAUTHORIZED, f.email, Some(tr.t("login.failed")))),
        crate::sign_in::Outcome::Locked { retry_after } => {
            let mut res = page(&state, tr, StatusCode::TOO_MANY_REQUESTS, f.email, Some(tr.t("login.locked")));
            res.headers_mut().insert(axum::http::header::RETRY_AFTER, retry_after.into());
            return Ok(res);
        }
    };
    let clear = cookie_header(&state, LOGIN_CSRF_COOKIE, "", Some(0));
    if crate::sign_in::factor_required(&state, &user).await? {
        // Not a session yet: the second factor (or setting one up) comes first.
        let (next, lifetime) = if state.store.factor_status(user.id).await?.enrolled() {
            ("/inloggen/code", crate::pages::two_factor_sign_in::CODE_STEP)
        } else {
            ("/inloggen/tweestaps", crate::pages::two_factor_sign_in::ENROL_STEP)
        };
        let (pending, _csrf) = state.store.start_pending_sign_in(user.id, lifetime, Some(&origin.source), origin.user_agent.as_deref()).await?;
        let set = cookie_header(&state, PENDING_COOKIE, &pending, Some(lifetime.num_seconds()));
        return Ok((axum::response::AppendHeaders([(SET_COOKIE, set), (SET_COOKIE, clear)]), Redirect::to(next)).into_response());
    }
    crate::sign_in::succeeded(&state, &user).await?;
    let (token, _csrf) = state.store.create_session_from(user.id, Some(&origin.source), origin.user_agent.as_deref()).await?;
    tracing::info!(user_id = user.id, "signed in");
    let set = cookie_header(&state, SESSION_COOKIE, &token, None);
    Ok((axum::response::AppendHeaders([(SET_COOKIE, set), (SET_COOKIE, clear)]), Redirect::to("/clienten")).into_response())
}

pub(crate) async fn sign_out(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, PageError> {
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        state.store.end_session(&token).await?;
    }
    let clear = cookie_header(&state, SESSION_COOKIE, "", Some(0));
    Ok(([(SET_COOKIE, clear)], Redirect::to("/inloggen")).into_response())
}

/// A `Set-Cookie` value that removes the session cookie.
pub(crate) fn clear_session_cookie(state: &AppState) -> String {
    cookie_header(state, SESSION_COOKIE, "", Some(0))
}
