//! Regie's web layer: **the only code that knows HTTP.** Server-rendered HTML pages (askama) with
//! htmx partials for in-place edits, the JSON API under `/api/v1`, sessions, CSRF and the one
//! mapping from errors to responses.
//!
//! **API boundary:** handlers never build SQL; they open a client through
//! [`regie_store::Store::open_client`] and pass the scope on.

mod api;
mod assets;
mod auth;
mod client_addr;
mod error;
mod i18n;
mod pages;
mod sign_in;

pub use i18n::{has_key, Lang};
pub use client_addr::TrustedProxy;

use axum::Router;
use regie_store::{SessionPolicy, Store, ThrottlePolicy};
use std::sync::Arc;

/// Settings of the web layer.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Mark cookies `Secure` (when Regie is served over TLS, directly or behind a proxy).
    pub secure_cookies: bool,
    /// Session lifetimes.
    pub sessions: SessionPolicy,
    /// How long an API token stays valid.
    pub token_lifetime: chrono::Duration,
    /// Slow-down and lockout after failed sign-ins (page and API).
    pub throttle: ThrottlePolicy,
    /// Reverse proxies whose `X-Forwarded-For` is believed (see `client_addr.rs`); empty: none.
    pub trusted_proxies: Vec<TrustedProxy>,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            secure_cookies: false,
            sessions: SessionPolicy { idle: chrono::Duration::minutes(30), absolute: chrono::Duration::hours(12) },
            token_lifetime: chrono::Duration::hours(12),
            throttle: ThrottlePolicy::default(),
            trusted_proxies: Vec::new(),
        }
    }
}

/// Shared state of every request.
#[derive(Clone)]
pub(crate) struct AppState {
    pub store: Store,
    pub config: Arc<WebConfig>,
}

/// The whole application: pages, partials, API, assets.
pub fn router(store: Store, config: WebConfig) -> Router {
    let state = AppState { store, config: Arc::new(config) };
    Router::new()
        .merge(pages::routes())
        .nest("/api/v1", api::routes())
        .merge(api::health_routes())
        .merge(assets::routes())
        .layer(axum::middleware::from_fn_with_state(state.clone(), auth::csrf_guard))
        .layer(axum::middleware::from_fn_with_state(state.clone(), security_headers))
        .layer(axum::middleware::from_fn_with_state(state.clone(), client_addr::remember))
        .with_state(state)
}

/// Headers on every response: no framing, no referrer leaks, a script and style policy without
/// inline code, and — when Regie is served over TLS (`secure_cookies`) — HSTS, so browsers never
/// fall back to plain HTTP.
async fn security_headers(
    axum::extract::State(state): axum::extract::State<AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::http::header::{
        HeaderValue, CONTENT_SECURITY_POLICY, REFERRER_POLICY, STRICT_TRANSPORT_SECURITY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
    };
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"),
    );
    h.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if state.config.secure_cookies {
        h.insert(STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000"));
    }
    res
}
