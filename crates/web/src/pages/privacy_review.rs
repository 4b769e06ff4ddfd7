//! Reviewing emergency accesses (noodtoegang), for the privacy role: `GET /privacy/noodtoegang`
//! lists every grant, the ones still to review first; `POST /privacy/noodtoegang/{id}` records
//! the review with a note. Both are logged by the store as accesses to the log.

use crate::auth::Staff;
use crate::error::{AppError, PageError};
use crate::pages::form::FormData;
use crate::pages::privacy::{forbidden, local};
use crate::pages::{render, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use regie_store::StoreError;

/// Grants per page.
const PAGE: i64 = 25;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/privacy/noodtoegang", get(list)).route("/privacy/noodtoegang/{id}", post(review))
}

/// One grant as shown.
struct Grant {
    id: i64,
    who: String,
    role: String,
    client: i64,
    reason: String,
    granted: String,
    expires: String,
    reviewed: bool,
    reviewer: String,
    reviewed_at: String,
    note: String,
}

#[derive(Template)]
#[template(path = "privacy/review.html")]
struct ReviewPage {
    l: Layout,
    grants: Vec<Grant>,
    total: i64,
    page: i64,
    pages: i64,
    done: bool,
    /// The grant whose review was refused, what was typed, and the message.
    failed: Option<(i64, String, String)>,
}

impl ReviewPage {
    fn error_for(&self, id: &i64) -> Option<&str> {
        self.failed.as_ref().filter(|(f, _, _)| f == id).map(|(_, _, m)| m.as_str())
    }

    fn typed_for(&self, id: &i64) -> &str {
        self.failed.as_ref().filter(|(f, _, _)| f == id).map(|(_, t, _)| t.as_str()).unwrap_or("")
    }
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct ListQuery {
    pagina: String,
    beoordeeld: Option<String>,
}

async fn page(state: &AppState, staff: &Staff, page: i64, done: bool, failed: Option<(i64, String, String)>, status: StatusCode) -> Result<Response, PageError> {
    let found = match state.store.emergency_grants(&staff.actor, PAGE, (page - 1) * PAGE).await {
        Ok(f) => f,
        Err(StoreError::Forbidden) => return Ok(forbidden(staff)),
        Err(e) => return Err(e.into()),
    };
    let grants = found
        .items
        .into_iter()
        .map(|g| Grant {
            id: g.id,
            who: g.user_name,
            role: g.role_name,
            client: g.client_id,
            reason: g.reason,
            granted: local(&g.granted_at),
            expires: local(&g.expires_at),
            reviewed: g.reviewed_at.is_some(),
            reviewer: g.reviewed_by_name.unwrap_or_default(),
            reviewed_at: g.reviewed_at.as_deref().map(local).unwrap_or_default(),
            note: g.review_note.unwrap_or_default(),
        })
        .collect();
    let pages = ((found.total + PAGE - 1) / PAGE).max(1);
    let l = Layout::new(staff, staff.tr.t("privacy.review_title"));
    Ok((status, render(&ReviewPage { l, grants, total: found.total, page, pages, done, failed })).into_response())
}

async fn list(State(state): State<AppState>, staff: Staff, Query(q): Query<ListQuery>) -> Result<Response, PageError> {
    let n = q.pagina.trim().parse::<i64>().unwrap_or(1).max(1);
    page(&state, &staff, n, q.beoordeeld.is_some(), None, StatusCode::OK).await
}

async fn review(State(state): State<AppState>, staff: Staff, Path(id): Path<String>, form: FormData) -> Result<Response, PageError> {
    let id: i64 = id.parse().map_err(|_| AppError::Store(StoreError::NotFound))?;
    let note = form.get("review_note").to_string();
    match state.store.review_emergency(&staff.actor, id, &note).await {
        Ok(()) => Ok(Redirect::to("/privacy/noodtoegang?beoordeeld=1").into_response()),
        Err(StoreError::Forbidden) => Ok(forbidden(&staff)),
        Err(StoreError::Invalid(inv)) => {
            let message = inv.0.get("review_note").unwrap_or_default().to_string();
            page(&state, &staff, 1, false, Some((id, note, message)), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e.into()),
    }
}
