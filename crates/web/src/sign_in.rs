//! Checking a password behind the throttle, shared by the sign-in page and `POST /api/v1/tokens`.
//! The outcome depends only on the attempts made, never on whether the email has an account:
//! the store counts and locks per normalised email either way, and checks a dummy hash for an
//! unknown email. Codes of the second factor go through the same counters ([`code_attempt`]):
//! wrong codes count as failures of the account's email and of the source address.

use crate::error::AppError;
use crate::AppState;
use axum::extract::FromRequestParts;
use axum::http::header::USER_AGENT;
use axum::http::request::Parts;
use regie_domain::record::User;
use regie_store::{CodeCheck, Gate};

/// Where a request comes from: the peer address and the browser's name.
pub(crate) struct Origin {
    /// The peer's IP address, or "-" when unknown.
    pub source: String,
    /// The User-Agent header (at most 200 characters), if any.
    pub user_agent: Option<String>,
}

impl<S: Send + Sync> FromRequestParts<S> for Origin {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let source = crate::client_addr::source(parts);
        let user_agent = parts.headers.get(USER_AGENT).and_then(|v| v.to_str().ok()).map(|v| v.chars().take(200).collect());
        Ok(Origin { source, user_agent })
    }
}

/// How a sign-in attempt ended.
pub(crate) enum Outcome {
    /// Email and password belong together.
    Accepted(User),
    /// Wrong email, wrong password or inactive account: one answer for all.
    Refused,
    /// Too many failures for this email or this address: refused without checking.
    Locked {
        /// Seconds until the lock ends.
        retry_after: i64,
    },
}

/// Checks `email` and `password` from `source`, slowing down and locking after repeated
/// failures (see [`regie_store::ThrottlePolicy`]).
pub(crate) async fn attempt(state: &AppState, email: &str, password: &str, source: &str) -> Result<Outcome, AppError> {
    let policy = &state.config.throttle;
    match state.store.sign_in_gate(email, source, policy).await? {
        Gate::Locked(retry_after) => return Ok(Outcome::Locked { retry_after }),
        // An async wait: the server thread stays free for other requests.
        Gate::Slow(delay) => tokio::time::sleep(delay).await,
        Gate::Open => {}
    }
    match state.store.authenticate(email, password).await? {
        // The failure count is cleared only when the whole sign-in succeeds ([`succeeded`]):
        // a right password must not wipe the wrong codes tried after it.
        Some(user) => Ok(Outcome::Accepted(user)),
        None => {
            if state.store.sign_in_failed(email, source, policy).await? {
                tracing::warn!(source, "sign-in locked after repeated failures");
            }
            Ok(Outcome::Refused)
        }
    }
}

/// Whether `user` must give a second factor: their role requires it (functioneel beheer decides
/// per role; on by default).
pub(crate) async fn factor_required(state: &AppState, user: &User) -> Result<bool, AppError> {
    Ok(state.store.two_factor_required(&user.role).await?)
}

/// The whole sign-in succeeded: the account's failures are forgotten.
pub(crate) async fn succeeded(state: &AppState, user: &User) -> Result<(), AppError> {
    Ok(state.store.sign_in_succeeded(&user.email).await?)
}

/// How a code attempt ended.
pub(crate) enum CodeOutcome {
    /// A right, unused code (TOTP or recovery).
    Accepted(CodeCheck),
    /// Wrong, used before, or no factor.
    Refused,
    /// Too many failures for this account or address.
    Locked {
        /// Seconds until the lock ends.
        retry_after: i64,
    },
}

/// Checks a second-factor `code` of `user` from `source`, behind the same throttle as passwords.
pub(crate) async fn code_attempt(state: &AppState, user: &User, code: &str, source: &str) -> Result<CodeOutcome, AppError> {
    let policy = &state.config.throttle;
    match state.store.sign_in_gate(&user.email, source, policy).await? {
        Gate::Locked(retry_after) => return Ok(CodeOutcome::Locked { retry_after }),
        Gate::Slow(delay) => tokio::time::sleep(delay).await,
        Gate::Open => {}
    }
    match state.store.check_code(user.id, code).await? {
        CodeCheck::Refused => {
            if state.store.sign_in_failed(&user.email, source, policy).await? {
                tracing::warn!(source, "sign-in locked after repeated wrong codes");
            }
            Ok(CodeOutcome::Refused)
        }
        ok => Ok(CodeOutcome::Accepted(ok)),
    }
}

/// Records a wrong first code while setting up the factor as a failure (same counters).
pub(crate) async fn enrolment_failed(state: &AppState, user: &User, source: &str) -> Result<(), AppError> {
    state.store.sign_in_failed(&user.email, source, &state.config.throttle).await?;
    Ok(())
}

/// Whether attempts for `user` from `source` are locked now (seconds left), waiting out a
/// slow-down first.
pub(crate) async fn gate(state: &AppState, user: &User, source: &str) -> Result<Option<i64>, AppError> {
    match state.store.sign_in_gate(&user.email, source, &state.config.throttle).await? {
        Gate::Locked(retry_after) => Ok(Some(retry_after)),
        Gate::Slow(delay) => {
            tokio::time::sleep(delay).await;
            Ok(None)
        }
        Gate::Open => Ok(None),
    }
}
