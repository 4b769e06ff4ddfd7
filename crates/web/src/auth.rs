//! Who is asking: staff sessions (cookie) for pages, bearer tokens for the API, and the CSRF
//! guard in front of every state-changing page request.

use crate::error::{ApiError, AppError, PageError};
use crate::i18n::{Lang, Tr};
use crate::AppState;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::header::{AUTHORIZATION, COOKIE, USER_AGENT};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use regie_domain::record::User;
use regie_store::{Actor, Session};

/// The session cookie's name.
pub(crate) const SESSION_COOKIE: &str = "regie_session";
/// The cookie that carries the sign-in form's CSRF token (before there is a session).
pub(crate) const LOGIN_CSRF_COOKIE: &str = "regie_login";
/// The cookie of a pending sign-in (password right, second factor to come).
pub(crate) const PENDING_COOKIE: &str = "regie_pending";

/// A signed-in staff member on a page request.
pub(crate) struct Staff {
    /// For the store: who, from where.
    pub actor: Actor,
    /// The token forms must carry.
    pub csrf: String,
    /// The user's language.
    pub tr: Tr,
}

impl Staff {
    /// The signed-in user.
    pub fn user(&self) -> &User {
        &self.actor.user
    }
}

/// A caller of the JSON API, authenticated by bearer token.
pub(crate) struct ApiUser {
    /// For the store: who, from where.
    pub actor: Actor,
}

/// A cookie's value from the request headers.
pub(crate) fn cookie(parts: &axum::http::HeaderMap, name: &str) -> Option<String> {
    parts.get_all(COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|c| {
        let (k, v) = c.trim().split_once('=')?;
        (k == name).then(|| v.to_string())
    })
}

/// The language chosen in the `lang` cookie.
pub(crate) fn lang(headers: &axum::http::HeaderMap) -> Lang {
    cookie(headers, "lang").map(|l| Lang::parse(&l)).unwrap_or_default()
}

fn actor(parts: &Parts, user: User) -> Actor {
    let source = crate::client_addr::source(parts);
    let user_agent: String = parts.headers.get(USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or("-").chars().take(200).collect();
    Actor { user, on_behalf_of: None, source, user_agent }
}

async fn session_of(state: &AppState, headers: &axum::http::HeaderMap) -> Result<Option<Session>, AppError> {
    match cookie(headers, SESSION_COOKIE) {
        Some(token) => Ok(state.store.session(&token, state.config.sessions).await?),
        None => Ok(None),
    }
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let session = match parts.extensions.get::<Session>() {
            Some(s) => Some(s.clone()),
            None => session_of(state, &parts.headers).await?,
        };
        let session = session.ok_or(PageError(AppError::Unauthenticated))?;
        Ok(Staff { tr: lang(&parts.headers).tr(), csrf: session.csrf_token.clone(), actor: actor(parts, session.user) })
    }
}

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or(ApiError(AppError::Unauthenticated))?;
        let user = state.store.api_token_user(token).await?.ok_or(ApiError(AppError::Unauthenticated))?;
        Ok(ApiUser { actor: actor(parts, user) })
    }
}

/// Refuses a state-changing page request unless it carries the session's CSRF token, as the
/// `X-CSRF-Token` header (htmx) or the `csrf` form field. The API (bearer tokens, no cookies)
/// and the sign-in steps under `/inloggen` (the form's double-submit cookie, then the pending
/// sign-in's own token, checked by their handlers) are exempt.
pub(crate) async fn csrf_guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) || path.starts_with("/api/") || path == "/inloggen" || path.starts_with("/inloggen/") {
        return next.run(req).await;
    }
    let session = match session_of(&state, req.headers()).await {
        Ok(Some(s)) => s,
        Ok(None) => return PageError(AppError::Unauthenticated).into_response(),
        Err(e) => return PageError(e).into_response(),
    };
    let header = req.headers().get("x-csrf-token").and_then(|v| v.to_str().ok()).map(str::to_string);
    let (parts, body) = req.into_parts();
    let bytes = match axum::body::to_bytes(body, 2 * 1024 * 1024).await {
        Ok(b) => b,
        Err(_) => return (StatusCode::PAYLOAD_TOO_LARGE, "Het formulier is te groot.").into_response(),
    };
    let field = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
        .ok()
        .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == "csrf").map(|(_, v)| v));
    let given = header.or(field).unwrap_or_default();
    if !constant_time_eq(given.as_bytes(), session.csrf_token.as_bytes()) {
        return (StatusCode::FORBIDDEN, axum::response::Html("<p>Dit formulier is verlopen of niet van Regie. Laad de pagina opnieuw.</p>"))
            .into_response();
    }
    let mut req = Request::from_parts(parts, axum::body::Body::from(bytes));
    req.extensions_mut().insert(session);
    next.run(req).await
}

/// Compares secrets without revealing by timing where they differ.
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
