//! "Tweestapsverificatie" on my account: the state of my second factor, ten new recovery codes,
//! or setting the factor up again on a new phone. Each needs a current code first (or, without a
//! factor yet, nothing), so a borrowed session alone cannot take the factor over. Setting it up
//! again ends every other session and every API token of mine.

use crate::auth::{cookie, Staff, SESSION_COOKIE};
use crate::error::PageError;
use crate::i18n::Tr;
use crate::pages::two_factor_sign_in::Setup;
use crate::pages::{render, Layout};
use crate::sign_in::{code_attempt, CodeOutcome, Origin};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/account/tweestaps", get(show))
        .route("/account/tweestaps/herstelcodes", post(new_codes))
        .route("/account/tweestaps/opnieuw", post(again))
        .route("/account/tweestaps/bevestigen", post(confirm))
}

#[derive(Template)]
#[template(path = "two_factor/account.html")]
struct AccountPage {
    l: Layout,
    enrolled: bool,
    required: bool,
    since: String,
    recovery_left: i64,
    error: Option<&'static str>,
}

#[derive(Template)]
#[template(path = "two_factor/account_setup.html")]
struct SetupPage {
    l: Layout,
    tr: Tr,
    csrf: String,
    setup: Setup,
    action: &'static str,
    error: Option<&'static str>,
}

#[derive(Template)]
#[template(path = "two_factor/account_codes.html")]
struct CodesPage {
    l: Layout,
    tr: Tr,
    codes: Vec<String>,
}

#[derive(serde::Deserialize)]
struct CodeForm {
    #[serde(default)]
    code: String,
}

async fn account(state: &AppState, staff: &Staff, status: StatusCode, error: Option<&'static str>) -> Result<Response, PageError> {
    let s = state.store.factor_status(staff.user().id).await?;
    let since = s.confirmed_at.map(|at| at.with_timezone(&chrono::Local).format("%d-%m-%Y").to_string()).unwrap_or_default();
    let l = Layout::new(staff, staff.tr.t("tf.account_title"));
    let mut res = render(&AccountPage { l, enrolled: s.enrolled(), required: s.required, since, recovery_left: s.recovery_left, error });
    *res.status_mut() = status;
    Ok(res)
}

async fn show(State(state): State<AppState>, staff: Staff) -> Result<Response, PageError> {
    account(&state, &staff, StatusCode::OK, None).await
}

/// Checks a current code of an enrolled user; `Err(page)` with the refusal to show.
async fn prove(state: &AppState, staff: &Staff, origin: &Origin, code: &str) -> Result<Result<(), Response>, PageError> {
    match code_attempt(state, staff.user(), code, &origin.source).await? {
        CodeOutcome::Accepted(_) => Ok(Ok(())),
        CodeOutcome::Refused => Ok(Err(account(state, staff, StatusCode::UNAUTHORIZED, Some(staff.tr.t("tf.code_wrong"))).await?)),
        CodeOutcome::Locked { .. } => Ok(Err(account(state, staff, StatusCode::TOO_MANY_REQUESTS, Some(staff.tr.t("login.locked"))).await?)),
    }
}

async fn new_codes(State(state): State<AppState>, staff: Staff, origin: Origin, Form(f): Form<CodeForm>) -> Result<Response, PageError> {
    if !state.store.factor_status(staff.user().id).await?.enrolled() {
        return account(&state, &staff, StatusCode::CONFLICT, Some(staff.tr.t("tf.not_enrolled"))).await;
    }
    if let Err(page) = prove(&state, &staff, &origin, &f.code).await? {
        return Ok(page);
    }
    let codes = state.store.new_recovery_codes(staff.user().id).await?;
    tracing::info!(user_id = staff.user().id, "new recovery codes");
    let l = Layout::new(&staff, staff.tr.t("tf.codes_title"));
    Ok(render(&CodesPage { l, tr: staff.tr, codes }))
}

fn setup_page(staff: &Staff, secret: &str, status: StatusCode, error: Option<&'static str>) -> Response {
    let l = Layout::new(staff, staff.tr.t("tf.setup_title"));
    let setup = Setup::new(&staff.user().email, secret);
    let mut res = render(&SetupPage { l, tr: staff.tr, csrf: staff.csrf.clone(), setup, action: "/account/tweestaps/bevestigen", error });
    *res.status_mut() = status;
    res
}

async fn again(State(state): State<AppState>, staff: Staff, origin: Origin, Form(f): Form<CodeForm>) -> Result<Response, PageError> {
    if state.store.factor_status(staff.user().id).await?.enrolled() {
        if let Err(page) = prove(&state, &staff, &origin, &f.code).await? {
            return Ok(page);
        }
    }
    let secret = state.store.begin_enrolment(staff.user().id, true).await?;
    Ok(setup_page(&staff, &secret, StatusCode::OK, None))
}

async fn confirm(State(state): State<AppState>, staff: Staff, origin: Origin, headers: HeaderMap, Form(f): Form<CodeForm>) -> Result<Response, PageError> {
    // Only a secret made after proving a current code (see `again`) can be confirmed here.
    let Some(secret) = state.store.pending_secret(staff.user().id).await? else {
        return account(&state, &staff, StatusCode::CONFLICT, Some(staff.tr.t("tf.setup_expired"))).await;
    };
    if let Some(_retry) = crate::sign_in::gate(&state, staff.user(), &origin.source).await? {
        return Ok(setup_page(&staff, &secret, StatusCode::TOO_MANY_REQUESTS, Some(staff.tr.t("login.locked"))));
    }
    let keep = cookie(&headers, SESSION_COOKIE);
    match state.store.confirm_enrolment(staff.user().id, &f.code, keep.as_deref()).await? {
        Some(codes) => {
            tracing::info!(user_id = staff.user().id, "second factor set up again");
            let l = Layout::new(&staff, staff.tr.t("tf.codes_title"));
            Ok(render(&CodesPage { l, tr: staff.tr, codes }))
        }
        None => {
            crate::sign_in::enrolment_failed(&state, staff.user(), &origin.source).await?;
            Ok(setup_page(&staff, &secret, StatusCode::UNAUTHORIZED, Some(staff.tr.t("tf.code_wrong"))))
        }
    }
}
