//! Krachten over the API: the client's strengths inventory now or on a date, its history, the
//! situation, wishes and resources per life domain, and the strengths themselves. Every change is
//! kept by the store with who and when; edits carry a version.

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
use regie_domain::strengths::{Strength, StrengthDomain, StrengthDomainInput, StrengthInput, StrengthsSnapshot};
use serde::Deserialize;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/clients/{id}/strengths", get(inventory).post(add))
        .route("/clients/{id}/strengths/history", get(history))
        .route("/clients/{id}/strengths/domains/{code}", put(set_domain))
        .route("/clients/{id}/strengths/{sid}", put(update).delete(remove))
}

#[derive(Deserialize)]
struct AsOf {
    as_of: Option<String>,
}

/// `GET /clients/{id}/strengths`: the inventory now, or with `?as_of=JJJJ-MM-DD` at the end of
/// that day.
async fn inventory(State(state): State<AppState>, user: ApiUser, P(id): P<i64>, Q(q): Q<AsOf>) -> Result<Json<StrengthsSnapshot>, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Read, "strengths").await?;
    let as_of = q.as_of.filter(|d| !d.trim().is_empty()).map(|d| query_date("as_of", &d)).transpose()?;
    Ok(Json(match as_of {
        Some(date) => state.store.strengths_as_of(&scope, date).await?.0,
        None => state.store.strengths(&scope).await?,
    }))
}

/// `GET /clients/{id}/strengths/history`: every kept change, oldest first.
async fn history(State(state): State<AppState>, user: ApiUser, P(id): P<i64>) -> Result<Json<Items<RecordChange>>, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Read, "strengths_history").await?;
    Ok(items(state.store.strengths_history(&scope).await?))
}

#[derive(Deserialize)]
struct DomainBody {
    situation: Option<String>,
    wishes: Option<String>,
    resources_before: Option<String>,
    version: Option<i64>,
}

/// `PUT /clients/{id}/strengths/domains/{code}`: situation, wishes and resources of one life
/// domain; `version` of the texts the caller saw, absent when none were written yet.
async fn set_domain(State(state): State<AppState>, user: ApiUser, P((id, code)): P<(i64, String)>, b: Result<Json<DomainBody>, JsonRejection>) -> Result<Json<StrengthDomain>, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Update, "strength_domain").await?;
    let b = body(b)?;
    let input = StrengthDomainInput { situation: b.situation, wishes: b.wishes, resources_before: b.resources_before };
    Ok(Json(state.store.set_strength_domain(&scope, &code, &input, b.version).await?))
}

#[derive(Deserialize)]
struct StrengthBody {
    #[serde(flatten)]
    input: StrengthInput,
    version: Option<i64>,
}

/// `POST /clients/{id}/strengths`: adds a strength.
async fn add(State(state): State<AppState>, user: ApiUser, P(id): P<i64>, b: Result<Json<StrengthBody>, JsonRejection>) -> Result<Response, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Create, "strength").await?;
    let b = body(b)?;
    let strength: Strength = state.store.add_strength(&scope, &b.input).await?;
    Ok(created(strength))
}

/// `PUT /clients/{id}/strengths/{sid}`: changes a strength; a stale version is answered 409.
async fn update(State(state): State<AppState>, user: ApiUser, P((id, sid)): P<(i64, i64)>, b: Result<Json<StrengthBody>, JsonRejection>) -> Result<Json<Strength>, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Update, "strength").await?;
    let b = body(b)?;
    let version = need_version(b.version)?;
    Ok(Json(state.store.update_strength(&scope, sid, &b.input, version).await?))
}

/// `DELETE /clients/{id}/strengths/{sid}?version=N`: removes a strength (kept in the history).
async fn remove(State(state): State<AppState>, user: ApiUser, P((id, sid)): P<(i64, i64)>, Q(q): Q<VersionQuery>) -> Result<Response, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Delete, "strength").await?;
    let version = need_version(q.version)?;
    state.store.delete_strength(&scope, sid, version).await?;
    Ok(no_content())
}
