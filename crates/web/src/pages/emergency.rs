//! Noodtoegang (break the glass) on the pages. Every refusal of `/clienten/{id}` answers 403
//! with this page; where the role may break the glass it carries the form. A client that does
//! not exist and one the worker may not see look the same here; a non-existent id only fails
//! again after a reason was given (and logged). `POST /clienten/{id}/noodtoegang` grants the
//! access and sends the worker to the dossier, which then shows a banner (see [`banner`]).

use crate::auth::Staff;
use crate::error::{AppError, PageError};
use crate::pages::form::FormData;
use crate::pages::{render, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::Router;
use regie_domain::catalogue::may_break_glass;
use regie_store::{ClientScope, StoreError, EMERGENCY_ACCESS_HOURS, EMERGENCY_REASON_MIN};

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/clienten/{id}/noodtoegang", post(grant))
}

#[derive(Template)]
#[template(path = "emergency/refused.html")]
struct RefusedPage {
    l: Layout,
    client_id: i64,
    /// The role may ask for emergency access.
    may: bool,
    hours: i64,
    min: usize,
    reason: String,
    error: Option<String>,
    /// A reason was given and access was still refused.
    tried: bool,
}

/// The 403 answer to a refused dossier, with the emergency form where the role allows it.
pub(crate) fn refused(staff: &Staff, client_id: i64) -> Response {
    refused_page(staff, client_id, String::new(), None, false, StatusCode::FORBIDDEN)
}

fn refused_page(staff: &Staff, client_id: i64, reason: String, error: Option<String>, tried: bool, status: StatusCode) -> Response {
    let page = RefusedPage {
        l: Layout::new(staff, staff.tr.t("emergency.refused_title")),
        client_id,
        may: may_break_glass(&staff.user().role, staff.user().scope),
        hours: EMERGENCY_ACCESS_HOURS,
        min: EMERGENCY_REASON_MIN,
        reason,
        error,
        tried,
    };
    (status, render(&page)).into_response()
}

async fn grant(State(state): State<AppState>, staff: Staff, Path(id): Path<String>, form: FormData) -> Result<Response, PageError> {
    let id: i64 = id.parse().map_err(|_| AppError::Store(StoreError::NotFound))?;
    let reason = form.get("reason").to_string();
    match state.store.grant_emergency_access(&staff.actor, id, &reason).await {
        Ok(_) => Ok(Redirect::to(&format!("/clienten/{id}")).into_response()),
        Err(StoreError::Invalid(inv)) => {
            let message = inv.0.get("reason").map(str::to_string);
            Ok(refused_page(&staff, id, reason, message, false, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(StoreError::Forbidden) => Ok(refused_page(&staff, id, String::new(), None, true, StatusCode::FORBIDDEN)),
        Err(e) => Err(e.into()),
    }
}

/// The dossier's banner text while it is open under emergency access: "until when", in the
/// server's local time; none on any other ground (no query then).
pub(crate) async fn banner(state: &AppState, staff: &Staff, scope: &ClientScope) -> Result<Option<String>, PageError> {
    let Some(until) = state.store.emergency_until(scope).await? else { return Ok(None) };
    let when = chrono::DateTime::parse_from_rfc3339(&until)
        .map(|t| t.with_timezone(&chrono::Local).format("%d-%m-%Y %H:%M").to_string())
        .unwrap_or(until);
    Ok(Some(staff.tr.t("emergency.banner").replace("{until}", &when)))
}
