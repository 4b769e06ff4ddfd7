//! Checking a password behind the throttle, shared by the sign-in page and `POST /api/v1/tokens`.
//! The outcome depends only on the attempts made, never on whether the email has an account:
//! the store counts and locks per normalised email either way, and checks a dummy hash for an
//! unknown email.

use crate::error::AppError;
use crate::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header::USER_AGENT;
use axum::http::request::Parts;
use regie_domain::record::User;
use regie_store::Gate;
use std::net::SocketAddr;

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
        let source = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string()).unwrap_or_else(|| "-".into());
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
        Some(user) => {
            state.store.sign_in_succeeded(email).await?;
            Ok(Outcome::Accepted(user))
        }
        None => {
            if state.store.sign_in_failed(email, source, policy).await? {
                tracing::warn!(source, "sign-in locked after repeated failures");
            }
            Ok(Outcome::Refused)
        }
    }
}
