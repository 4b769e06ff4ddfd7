//! `/api/v1/clients/{id}/journal`: the contacts with the client, paged, newest first.

use super::{body, created, NumOrText, Paging, P, Q};
use crate::auth::ApiUser;
use crate::error::ApiError;
use crate::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use regie_domain::catalogue::AuditAction;
use regie_domain::record::{JournalEntry, Page};
use regie_store::JournalInput;
use serde::Deserialize;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/clients/{id}/journal", get(list).post(add))
}

/// `GET /clients/{id}/journal?limit=&offset=`: `{"items", "total"}`, newest first.
async fn list(State(state): State<AppState>, user: ApiUser, P(id): P<i64>, Q(p): Q<Paging>) -> Result<Json<Page<JournalEntry>>, ApiError> {
    let (limit, offset) = p.get(20);
    let scope = state.store.open_client(&user.actor, id, AuditAction::Read, "journal").await?;
    Ok(Json(state.store.journal(&scope, limit, offset).await?))
}

#[derive(Deserialize)]
struct JournalBody {
    #[serde(default)]
    contact_type: String,
    #[serde(default)]
    contact_date: String,
    duration_minutes: Option<NumOrText>,
    #[serde(default)]
    text: String,
    client_visible: Option<bool>,
    #[serde(default)]
    goal_ids: Vec<i64>,
}

/// `POST /clients/{id}/journal`: writes a journal entry.
async fn add(State(state): State<AppState>, user: ApiUser, P(id): P<i64>, b: Result<Json<JournalBody>, JsonRejection>) -> Result<Response, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Create, "journal").await?;
    let b = body(b)?;
    let input = JournalInput {
        contact_type: b.contact_type,
        contact_date: b.contact_date,
        duration_minutes: b.duration_minutes.map(|d| d.text()).unwrap_or_default(),
        text: b.text,
        client_visible: b.client_visible,
        goal_ids: b.goal_ids,
    };
    Ok(created(state.store.add_journal_entry(&scope, &input, regie_store::today()).await?))
}
