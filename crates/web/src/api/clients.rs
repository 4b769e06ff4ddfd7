//! `/api/v1/clients`: the clients the caller may see.

use crate::auth::ApiUser;
use crate::error::ApiError;
use crate::AppState;
use axum::extract::{Query, State};
use axum::routing::get;
use axum::{Json, Router};
use regie_domain::record::{CaseloadRow, Page};
use regie_store::{CaseloadQuery, CaseloadView};

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/clients", get(list))
}

#[derive(serde::Deserialize)]
struct ListParams {
    limit: Option<i64>,
    offset: Option<i64>,
    q: Option<String>,
    view: Option<CaseloadView>,
}

async fn list(State(state): State<AppState>, user: ApiUser, Query(p): Query<ListParams>) -> Result<Json<Page<CaseloadRow>>, ApiError> {
    let query = CaseloadQuery {
        view: p.view.unwrap_or(CaseloadView::Visible),
        search: p.q,
        limit: p.limit.unwrap_or(50).clamp(1, 200),
        offset: p.offset.unwrap_or(0).max(0),
    };
    Ok(Json(state.store.caseload(&user.actor, &query, regie_store::today()).await?))
}
