//! `/api/v1/clients/{id}/export`: the client's complete record in Regie's AVG export format
//! (docs/avg-export.md), for inzage and dataportabiliteit. Who may: the trajectbegeleider of one
//! of the client's trajectories, the teamleider of the client's team, organisation-wide roles;
//! every attempt is logged with action `export`, object `avg-export`.

use super::P;
use crate::auth::ApiUser;
use crate::error::ApiError;
use crate::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use regie_store::ClientExport;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/clients/{id}/export", get(export))
}

/// `GET /clients/{id}/export`.
async fn export(State(state): State<AppState>, user: ApiUser, P(id): P<i64>) -> Result<Json<ClientExport>, ApiError> {
    let scope = state.store.open_client_for_export(&user.actor, id).await?;
    Ok(Json(state.store.export_client(&scope, &user.actor.user.name).await?))
}
