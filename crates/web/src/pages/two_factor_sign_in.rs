//! The second step of signing in. After a right password, a role that requires the second
//! factor gets a *pending* sign-in (cookie `regie_pending`, a few minutes, opens no page), then:
//! - `GET/POST /inloggen/code`: a code from the authenticator app, or a recovery code;
//! - `GET/POST /inloggen/tweestaps`: when no factor is set up yet, setting one up (QR code,
//!   first code), after which the ten recovery codes are shown once;
//! - `POST /inloggen/annuleren`: back to the password form.
//!
//! Only then is a session started. Wrong codes count in the sign-in throttle like wrong passwords.

use crate::auth::{cookie, lang, PENDING_COOKIE, SESSION_COOKIE};
use crate::error::PageError;
use crate::i18n::Tr;
use crate::pages::login::cookie_header;
use crate::pages::render;
use crate::sign_in::{code_attempt, CodeOutcome, Origin};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::header::{RETRY_AFTER, SET_COOKIE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{AppendHeaders, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use regie_store::PendingSignIn;

/// How long the code step may take after the password.
pub(crate) const CODE_STEP: chrono::Duration = chrono::Duration::minutes(5);
/// How long setting up the factor may take after the password (installing an app takes time).
pub(crate) const ENROL_STEP: chrono::Duration = chrono::Duration::minutes(15);

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/inloggen/code", get(code_form).post(code_submit))
        .route("/inloggen/tweestaps", get(enrol_form).post(enrol_submit))
        .route("/inloggen/annuleren", post(cancel))
}

#[derive(Template)]
#[template(path = "two_factor/code.html")]
struct CodePage {
    tr: Tr,
    csrf: String,
    error: Option<&'static str>,
}

/// The QR code, the secret and the confirmation form, as the sign-in step and the account page
/// both show it.
pub(crate) struct Setup {
    /// The QR code as inline SVG markup.
    pub qr: String,
    /// The secret, grouped by four for typing.
    pub secret: String,
    /// The `otpauth://` address.
    pub uri: String,
}

impl Setup {
    /// The setup of `secret` for `email`.
    pub fn new(email: &str, secret: &str) -> Setup {
        let uri = regie_store::totp::otpauth_uri("Regie", email, secret);
        let grouped = secret.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).to_string()).collect::<Vec<_>>().join(" ");
        Setup { qr: qr_svg(&uri), secret: grouped, uri }
    }
}

/// `text` as a QR code in inline SVG (no script, no style attribute: CSP allows it).
pub(crate) fn qr_svg(text: &str) -> String {
    match qrcode::QrCode::new(text.as_bytes()) {
        Ok(code) => {
            let svg = code.render::<qrcode::render::svg::Color>().min_dimensions(200, 200).quiet_zone(true).build();
            let start = svg.find("<svg").unwrap_or(0);
            svg[start..].replacen("<svg ", "<svg class=\"qr\" role=\"img\" aria-label=\"QR-code\" ", 1)
        }
        Err(_) => String::new(),
    }
}

#[derive(Template)]
#[template(path = "two_factor/enrol_sign_in.html")]
struct EnrolPage {
    tr: Tr,
    csrf: String,
    setup: Setup,
    action: &'static str,
    error: Option<&'static str>,
}

#[derive(Template)]
#[template(path = "two_factor/codes_sign_in.html")]
struct CodesPage {
    tr: Tr,
    codes: Vec<String>,
}

#[derive(serde::Deserialize)]
pub(crate) struct CodeForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    csrf: String,
}

/// The live pending sign-in of this browser, with its cookie token.
pub(crate) async fn pending(state: &AppState, headers: &HeaderMap) -> Result<Option<(String, PendingSignIn)>, PageError> {
    let Some(token) = cookie(headers, PENDING_COOKIE).filter(|t| !t.is_empty()) else { return Ok(None) };
    Ok(state.store.pending_sign_in(&token).await?.map(|p| (token, p)))
}

fn back_to_password(state: &AppState) -> Response {
    (AppendHeaders([(SET_COOKIE, cookie_header(state, PENDING_COOKIE, "", Some(0)))]), Redirect::to("/inloggen")).into_response()
}

fn same(a: &str, b: &str) -> bool {
    crate::auth::constant_time_eq(a.as_bytes(), b.as_bytes())
}

async fn code_form(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, PageError> {
    let Some((_, p)) = pending(&state, &headers).await? else { return Ok(back_to_password(&state)) };
    Ok(render(&CodePage { tr: lang(&headers).tr(), csrf: p.csrf_token, error: None }))
}

/// Starts the full session for a completed sign-in: the session cookie is set, the pending one
/// cleared, the account's failure count forgotten.
async fn start_session(state: &AppState, token: &str, p: &PendingSignIn) -> Result<[(axum::http::HeaderName, String); 2], PageError> {
    state.store.end_pending_sign_in(token).await?;
    crate::sign_in::succeeded(state, &p.user).await?;
    let (session, _csrf) = state.store.create_session_from(p.user.id, p.source.as_deref(), p.user_agent.as_deref()).await?;
    tracing::info!(user_id = p.user.id, "signed in with a second factor");
    Ok([(SET_COOKIE, cookie_header(state, SESSION_COOKIE, &session, None)), (SET_COOKIE, cookie_header(state, PENDING_COOKIE, "", Some(0)))])
}

fn locked(page: Response, retry_after: i64) -> Response {
    let mut res = page;
    *res.status_mut() = StatusCode::TOO_MANY_REQUESTS;
    res.headers_mut().insert(RETRY_AFTER, retry_after.into());
    res
}

async fn code_submit(State(state): State<AppState>, origin: Origin, headers: HeaderMap, Form(f): Form<CodeForm>) -> Result<Response, PageError> {
    let tr = lang(&headers).tr();
    let Some((token, p)) = pending(&state, &headers).await? else { return Ok(back_to_password(&state)) };
    let page = |status: StatusCode, key: &str| {
        let mut res = render(&CodePage { tr, csrf: p.csrf_token.clone(), error: Some(tr.t(key)) });
        *res.status_mut() = status;
        res
    };
    if !same(&f.csrf, &p.csrf_token) {
        return Ok(page(StatusCode::FORBIDDEN, "login.expired"));
    }
    match code_attempt(&state, &p.user, &f.code, &origin.source).await? {
        CodeOutcome::Accepted(check) => {
            if let regie_store::CodeCheck::Recovery(left) = check {
                tracing::info!(user_id = p.user.id, left, "signed in with a recovery code");
            }
            let cookies = start_session(&state, &token, &p).await?;
            Ok((AppendHeaders(cookies), Redirect::to("/clienten")).into_response())
        }
        CodeOutcome::Refused => Ok(page(StatusCode::UNAUTHORIZED, "tf.code_wrong")),
        CodeOutcome::Locked { retry_after } => Ok(locked(page(StatusCode::TOO_MANY_REQUESTS, "login.locked"), retry_after)),
    }
}

async fn enrol_form(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, PageError> {
    let Some((_, p)) = pending(&state, &headers).await? else { return Ok(back_to_password(&state)) };
    if state.store.factor_status(p.user.id).await?.enrolled() {
        return Ok(Redirect::to("/inloggen/code").into_response());
    }
    let secret = state.store.begin_enrolment(p.user.id, false).await?;
    let setup = Setup::new(&p.user.email, &secret);
    Ok(render(&EnrolPage { tr: lang(&headers).tr(), csrf: p.csrf_token, setup, action: "/inloggen/tweestaps", error: None }))
}

async fn enrol_submit(State(state): State<AppState>, origin: Origin, headers: HeaderMap, Form(f): Form<CodeForm>) -> Result<Response, PageError> {
    let tr = lang(&headers).tr();
    let Some((token, p)) = pending(&state, &headers).await? else { return Ok(back_to_password(&state)) };
    if state.store.factor_status(p.user.id).await?.enrolled() {
        return Ok(Redirect::to("/inloggen/code").into_response());
    }
    let Some(secret) = state.store.pending_secret(p.user.id).await? else { return Ok(Redirect::to("/inloggen/tweestaps").into_response()) };
    let page = |status: StatusCode, key: &str| {
        let setup = Setup::new(&p.user.email, &secret);
        let mut res = render(&EnrolPage { tr, csrf: p.csrf_token.clone(), setup, action: "/inloggen/tweestaps", error: Some(tr.t(key)) });
        *res.status_mut() = status;
        res
    };
    if !same(&f.csrf, &p.csrf_token) {
        return Ok(page(StatusCode::FORBIDDEN, "login.expired"));
    }
    if let Some(retry_after) = crate::sign_in::gate(&state, &p.user, &origin.source).await? {
        return Ok(locked(page(StatusCode::TOO_MANY_REQUESTS, "login.locked"), retry_after));
    }
    match state.store.confirm_enrolment(p.user.id, &f.code, None).await? {
        Some(codes) => {
            let cookies = start_session(&state, &token, &p).await?;
            tracing::info!(user_id = p.user.id, "second factor set up");
            Ok((AppendHeaders(cookies), render(&CodesPage { tr, codes })).into_response())
        }
        None => {
            crate::sign_in::enrolment_failed(&state, &p.user, &origin.source).await?;
            Ok(page(StatusCode::UNAUTHORIZED, "tf.code_wrong"))
        }
    }
}

async fn cancel(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, PageError> {
    if let Some(token) = cookie(&headers, PENDING_COOKIE) {
        state.store.end_pending_sign_in(&token).await?;
    }
    Ok(back_to_password(&state))
}
