//! "Mijn sessies": where I am signed in, and signing those sessions out — one, or everywhere;
//! and my API keys, each of which I can revoke. Tokens and their hashes are never shown: a
//! session or API key is named by its public number.

use crate::auth::{cookie, Staff, SESSION_COOKIE};
use crate::error::{AppError, PageError};
use crate::pages::{render, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/sessies", get(list))
        .route("/sessies/{n}/afmelden", post(sign_out_one))
        .route("/sessies/overal-afmelden", post(sign_out_all))
        .route("/sessies/api-sleutels/{id}/intrekken", post(revoke_token))
}

/// A session as shown.
struct Row {
    number: i64,
    started: String,
    last_seen: String,
    source: String,
    browser: String,
    current: bool,
}

/// An API key as shown.
struct TokenRow {
    id: i64,
    label: Option<String>,
    created: String,
    expires: String,
    last_used: Option<String>,
}

#[derive(Template)]
#[template(path = "sessions/list.html")]
struct ListPage {
    l: Layout,
    sessions: Vec<Row>,
    tokens: Vec<TokenRow>,
    ended: bool,
    revoked: bool,
}

#[derive(serde::Deserialize)]
struct ListQuery {
    #[serde(default)]
    afgemeld: Option<String>,
    #[serde(default)]
    ingetrokken: Option<String>,
}

fn when(at: chrono::DateTime<chrono::Utc>) -> String {
    at.with_timezone(&chrono::Local).format("%d-%m-%Y %H:%M").to_string()
}

async fn list(State(state): State<AppState>, staff: Staff, headers: HeaderMap, Query(q): Query<ListQuery>) -> Result<Response, PageError> {
    let token = cookie(&headers, SESSION_COOKIE).unwrap_or_default();
    let unknown = staff.tr.t("sessions.unknown");
    let sessions = state
        .store
        .my_sessions(staff.user().id, &token, state.config.sessions)
        .await?
        .into_iter()
        .map(|s| Row {
            number: s.number,
            started: when(s.created_at),
            last_seen: when(s.last_seen_at),
            source: s.source.filter(|v| v != "-").unwrap_or_else(|| unknown.to_string()),
            browser: s.user_agent.unwrap_or_else(|| unknown.to_string()),
            current: s.current,
        })
        .collect();
    let tokens = state
        .store
        .my_api_tokens(staff.user().id)
        .await?
        .into_iter()
        .map(|t| TokenRow { id: t.id, label: t.label, created: when(t.created_at), expires: when(t.expires_at), last_used: t.last_used_at.map(when) })
        .collect();
    let l = Layout::new(&staff, staff.tr.t("sessions.title"));
    Ok(render(&ListPage { l, sessions, tokens, ended: q.afgemeld.is_some(), revoked: q.ingetrokken.is_some() }))
}

async fn sign_out_one(State(state): State<AppState>, staff: Staff, Path(n): Path<String>) -> Result<Response, PageError> {
    let n: i64 = n.parse().map_err(|_| AppError::Store(regie_store::StoreError::NotFound))?;
    if !state.store.end_my_session(staff.user().id, n).await? {
        return Err(AppError::Store(regie_store::StoreError::NotFound).into());
    }
    tracing::info!(user_id = staff.user().id, "session signed out from the sessions page");
    Ok(Redirect::to("/sessies?afgemeld=1").into_response())
}

async fn sign_out_all(State(state): State<AppState>, staff: Staff) -> Result<Response, PageError> {
    let n = state.store.end_all_my_sessions(staff.user().id).await?;
    tracing::info!(user_id = staff.user().id, sessions = n, "signed out everywhere");
    let clear = crate::pages::login::clear_session_cookie(&state);
    Ok(([(axum::http::header::SET_COOKIE, clear)], Redirect::to("/inloggen")).into_response())
}

async fn revoke_token(State(state): State<AppState>, staff: Staff, Path(id): Path<String>) -> Result<Response, PageError> {
    let id: i64 = id.parse().map_err(|_| AppError::Store(regie_store::StoreError::NotFound))?;
    if !state.store.revoke_my_api_token(staff.user().id, id).await? {
        return Err(AppError::Store(regie_store::StoreError::NotFound).into());
    }
    tracing::info!(user_id = staff.user().id, "API token revoked from the sessions page");
    Ok(Redirect::to("/sessies?ingetrokken=1").into_response())
}
