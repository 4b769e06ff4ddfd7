//! Functioneel beheer and the second factor: which roles must use it (`/beheer/tweestaps`),
//! who has set it up, and resetting a user's factor with a reason (lost phone). Both write a
//! record to the access log (see `regie_store::two_factor_admin`). Only functioneel beheer.

use crate::auth::Staff;
use crate::error::{AppError, PageError};
use crate::pages::{render, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use regie_store::{RoleFactor, StoreError};

/// Most users listed at once (search narrows it).
const LIST: i64 = 50;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/beheer/tweestaps", get(show).post(save_roles))
        .route("/beheer/gebruikers/{uid}/tweestaps-reset", post(reset))
}

struct UserRow {
    id: i64,
    name: String,
    email: String,
    role_name: String,
    since: Option<String>,
}

#[derive(Template)]
#[template(path = "two_factor/admin.html")]
struct AdminPage {
    l: Layout,
    roles: Vec<RoleFactor>,
    users: Vec<UserRow>,
    search: String,
    log: Vec<LogRow>,
    saved: bool,
    reset_done: bool,
}

struct LogRow {
    at: String,
    by: String,
    what: String,
    reason: String,
}

#[derive(serde::Deserialize)]
struct ListQuery {
    #[serde(default)]
    zoek: String,
    #[serde(default)]
    opgeslagen: Option<String>,
    #[serde(default)]
    gereset: Option<String>,
}

fn admin_only(staff: &Staff) -> Result<(), PageError> {
    if staff.user().admin {
        Ok(())
    } else {
        Err(AppError::Store(StoreError::Forbidden).into())
    }
}

async fn show(State(state): State<AppState>, staff: Staff, Query(q): Query<ListQuery>) -> Result<Response, PageError> {
    admin_only(&staff)?;
    let roles = state.store.roles_two_factor().await?;
    let users = state
        .store
        .staff_factors(&q.zoek, LIST)
        .await?
        .into_iter()
        .map(|u| UserRow {
            id: u.user_id,
            name: u.name,
            email: u.email,
            role_name: u.role_name,
            since: u.confirmed_at.map(|at| at.with_timezone(&chrono::Local).format("%d-%m-%Y").to_string()),
        })
        .collect();
    let log = state
        .store
        .factor_log(20)
        .await?
        .into_iter()
        .map(|r| LogRow {
            at: r.at.with_timezone(&chrono::Local).format("%d-%m-%Y %H:%M").to_string(),
            by: r.by_name,
            what: match r.user_name {
                Some(name) => format!("{} {name}", staff.tr.t("tf.log_reset")),
                None => staff.tr.t("tf.log_roles").to_string(),
            },
            reason: r.reason.unwrap_or_default(),
        })
        .collect();
    let l = Layout::new(&staff, staff.tr.t("tf.admin_title"));
    Ok(render(&AdminPage { l, roles, users, log, search: q.zoek, saved: q.opgeslagen.is_some(), reset_done: q.gereset.is_some() }))
}

async fn save_roles(State(state): State<AppState>, staff: Staff, body: axum::body::Bytes) -> Result<Response, PageError> {
    admin_only(&staff)?;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).map_err(|_| AppError::BadRequest("Het formulier klopt niet.".into()))?;
    let required: Vec<String> = pairs.into_iter().filter(|(k, _)| k == "verplicht").map(|(_, v)| v).collect();
    state.store.set_two_factor_roles(&staff.actor, &required).await?;
    tracing::info!(user_id = staff.user().id, roles = required.len(), "two-factor roles changed");
    Ok(Redirect::to("/beheer/tweestaps?opgeslagen=1").into_response())
}

#[derive(serde::Deserialize)]
struct ResetForm {
    #[serde(default)]
    reason: String,
}

async fn reset(State(state): State<AppState>, staff: Staff, Path(uid): Path<String>, axum::Form(f): axum::Form<ResetForm>) -> Result<Response, PageError> {
    admin_only(&staff)?;
    let uid: i64 = uid.parse().map_err(|_| AppError::Store(StoreError::NotFound))?;
    state.store.reset_two_factor(&staff.actor, uid, &f.reason).await?;
    tracing::info!(user_id = staff.user().id, target = uid, "second factor reset");
    Ok(Redirect::to("/beheer/tweestaps?gereset=1").into_response())
}
