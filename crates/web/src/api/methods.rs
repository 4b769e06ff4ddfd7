//! `/api/v1/methods`: the methods library (searchable with the same filters as the page), and
//! `/api/v1/clients/{id}/trajectories/{tid}/methods`: the methods used in a trajectory.

use super::{bad, body, created, items, no_content, Items, P, Q};
use crate::auth::ApiUser;
use crate::error::{ApiError, AppError};
use crate::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use regie_domain::catalogue::AuditAction;
use regie_domain::methods::{self, Aim, Baken, Complexity, Method, MethodKind, MethodQuery, TargetGroup};
use regie_store::{MethodUse, StoreError};
use serde::Deserialize;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/methods", get(list))
        .route("/methods/{code}", get(one))
        .route("/clients/{id}/trajectories/{tid}/methods", get(used).post(add).delete(remove_by_query))
        .route("/clients/{id}/trajectories/{tid}/methods/{code}", axum::routing::delete(remove))
}

/// `?q=&target_group=&complexity=&aim=&baken=&kind=`.
#[derive(Debug, Default, Deserialize)]
struct Filters {
    q: Option<String>,
    target_group: Option<String>,
    complexity: Option<String>,
    aim: Option<String>,
    baken: Option<String>,
    kind: Option<String>,
}

/// A filter value: empty is no filter, a code is parsed, anything else is a Dutch 400.
fn code<T>(name: &str, value: &Option<String>, parse: fn(&str) -> Option<T>, codes: &[&str]) -> Result<Option<T>, ApiError> {
    match value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => parse(v).map(Some).ok_or_else(|| bad(format!("De parameter \"{name}\" kent alleen: {}.", codes.join(", ")))),
    }
}

/// `GET /methods`: every method that answers the filters, in library order.
async fn list(_user: ApiUser, Q(f): Q<Filters>) -> Result<Json<Items<&'static Method>>, ApiError> {
    let q = MethodQuery {
        text: f.q.clone().unwrap_or_default(),
        target_group: code("target_group", &f.target_group, TargetGroup::parse, TargetGroup::CODES)?,
        complexity: code("complexity", &f.complexity, Complexity::parse, Complexity::CODES)?,
        aim: code("aim", &f.aim, Aim::parse, Aim::CODES)?,
        baken: code("baken", &f.baken, Baken::parse, Baken::CODES)?,
        kind: code("kind", &f.kind, MethodKind::parse, MethodKind::CODES)?,
    };
    Ok(items(methods::search(&q)))
}

/// `GET /methods/{code}`.
async fn one(_user: ApiUser, P(code): P<String>) -> Result<Json<&'static Method>, ApiError> {
    methods::method(&code).map(Json).ok_or(ApiError(AppError::Store(StoreError::NotFound)))
}

/// `GET /clients/{id}/trajectories/{tid}/methods`.
async fn used(State(state): State<AppState>, user: ApiUser, P((id, tid)): P<(i64, i64)>) -> Result<Json<Items<MethodUse>>, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Read, "trajectory_methods").await?;
    Ok(items(state.store.trajectory_methods(&scope, tid).await?))
}

#[derive(Debug, Default, Deserialize)]
struct MethodBody {
    method_code: Option<String>,
}

/// `POST /clients/{id}/trajectories/{tid}/methods` with `{"method_code": "…"}`.
async fn add(
    State(state): State<AppState>,
    user: ApiUser,
    P((id, tid)): P<(i64, i64)>,
    b: Result<Json<MethodBody>, JsonRejection>,
) -> Result<Response, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Update, "trajectory_methods").await?;
    let b = body(b)?;
    let code = b.method_code.unwrap_or_default();
    Ok(created(state.store.add_trajectory_method(&scope, tid, &code, regie_store::today()).await?))
}

/// `DELETE /clients/{id}/trajectories/{tid}/methods/{code}`.
async fn remove(State(state): State<AppState>, user: ApiUser, P((id, tid, code)): P<(i64, i64, String)>) -> Result<Response, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Update, "trajectory_methods").await?;
    state.store.remove_trajectory_method(&scope, tid, &code).await?;
    Ok(no_content())
}

#[derive(Debug, Default, Deserialize)]
struct CodeQuery {
    method_code: Option<String>,
}

/// `DELETE /clients/{id}/trajectories/{tid}/methods?method_code=…`.
async fn remove_by_query(
    State(state): State<AppState>,
    user: ApiUser,
    P((id, tid)): P<(i64, i64)>,
    Q(q): Q<CodeQuery>,
) -> Result<Response, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Update, "trajectory_methods").await?;
    let code = q.method_code.filter(|c| !c.trim().is_empty()).ok_or_else(|| bad("Geef de methode mee: ?method_code=…"))?;
    state.store.remove_trajectory_method(&scope, tid, &code).await?;
    Ok(no_content())
}
