//! Netwerk over the API: the people and organisations around the client, now or on a date, their
//! history, and adding, changing and removing them. Every change is kept by the store with who
//! and when; edits carry a version.

use super::{body, created, items, need_version, no_content, query_date, Items, VersionQuery, P, Q};
use crate::auth::ApiUser;
use crate::error::ApiError;
use crate::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, put};
use axum::{Json, Router};
use regie_domain::catalogue::AuditAction;
use regie_domain::history::RecordChange;
use regie_domain::network::{NetworkMember, NetworkMemberInput};
use serde::Deserialize;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/clients/{id}/network", get(list).post(add))
        .route("/clients/{id}/network/history", get(history))
        .route("/clients/{id}/network/{mid}", put(update).delete(remove))
}

#[derive(Deserialize)]
struct AsOf {
    as_of: Option<String>,
}

/// `GET /clients/{id}/network`: the members now, or with `?as_of=JJJJ-MM-DD` at the end of that
/// day; inner ring first, then by name.
async fn list(State(state): State<AppState>, user: ApiUser, P(id): P<i64>, Q(q): Q<AsOf>) -> Result<Json<Items<NetworkMember>>, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Read, "network").await?;
    let as_of = q.as_of.filter(|d| !d.trim().is_empty()).map(|d| query_date("as_of", &d)).transpose()?;
    Ok(items(match as_of {
        Some(date) => state.store.network_as_of(&scope, date).await?.0,
        None => state.store.network(&scope).await?,
    }))
}

/// `GET /clients/{id}/network/history`: every kept change, oldest first.
async fn history(State(state): State<AppState>, user: ApiUser, P(id): P<i64>) -> Result<Json<Items<RecordChange>>, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Read, "network_history").await?;
    Ok(items(state.store.network_history(&scope).await?))
}

#[derive(Deserialize)]
struct MemberBody {
    #[serde(flatten)]
    input: NetworkMemberInput,
    version: Option<i64>,
}

/// `POST /clients/{id}/network`: adds someone.
async fn add(State(state): State<AppState>, user: ApiUser, P(id): P<i64>, b: Result<Json<MemberBody>, JsonRejection>) -> Result<Response, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Create, "network_member").await?;
    let b = body(b)?;
    let member: NetworkMember = state.store.add_network_member(&scope, &b.input).await?;
    Ok(created(member))
}

/// `PUT /clients/{id}/network/{mid}`: changes someone's details; a stale version is answered 409.
async fn update(State(state): State<AppState>, user: ApiUser, P((id, mid)): P<(i64, i64)>, b: Result<Json<MemberBody>, JsonRejection>) -> Result<Json<NetworkMember>, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Update, "network_member").await?;
    let b = body(b)?;
    let version = need_version(b.version)?;
    Ok(Json(state.store.update_network_member(&scope, mid, &b.input, version).await?))
}

/// `DELETE /clients/{id}/network/{mid}?version=N`: removes someone (kept in the history).
async fn remove(State(state): State<AppState>, user: ApiUser, P((id, mid)): P<(i64, i64)>, Q(q): Q<VersionQuery>) -> Result<Response, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Delete, "network_member").await?;
    let version = need_version(q.version)?;
    state.store.delete_network_member(&scope, mid, version).await?;
    Ok(no_content())
}
