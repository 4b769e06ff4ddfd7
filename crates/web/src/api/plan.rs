//! The action plan over the API: the plan now or on a date, its history, the perspective, goals
//! and actions. Every change is kept by the store with who and when; edits carry a version.

use super::{bad, body, created, items, need_version, no_content, query_date, Items, VersionQuery, P, Q};
use crate::auth::ApiUser;
use crate::error::ApiError;
use crate::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, patch, post, put};
use axum::{Json, Router};
use regie_domain::catalogue::AuditAction;
use regie_domain::plan::{Action, ChangeLine, Goal, PerspectiveItem, PlanChange, PlanSnapshot};
use regie_store::{ActionInput, GoalInput};
use serde::Deserialize;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/clients/{id}/trajectories/{tid}/plan", get(plan))
        .route("/clients/{id}/trajectories/{tid}/plan/history", get(history))
        .route("/clients/{id}/trajectories/{tid}/plan/changes", get(changes))
        .route("/clients/{id}/trajectories/{tid}/plan/perspective/{area}", put(perspective))
        .route("/clients/{id}/trajectories/{tid}/plan/goals", post(add_goal))
        .route("/clients/{id}/goals/{gid}", put(update_goal).delete(delete_goal))
        .route("/clients/{id}/goals/{gid}/actions", post(add_action))
        .route("/clients/{id}/actions/{aid}", put(update_action).delete(delete_action))
        .route("/clients/{id}/actions/{aid}/status", patch(action_status))
}

#[derive(Deserialize)]
struct AsOf {
    as_of: Option<String>,
}

/// `GET .../plan`: the current plan, or with `?as_of=JJJJ-MM-DD` the plan at the end of that day.
async fn plan(State(state): State<AppState>, user: ApiUser, P((id, tid)): P<(i64, i64)>, Q(q): Q<AsOf>) -> Result<Json<PlanSnapshot>, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Read, "plan").await?;
    let as_of = q.as_of.filter(|d| !d.trim().is_empty()).map(|d| query_date("as_of", &d)).transpose()?;
    Ok(Json(match as_of {
        Some(date) => state.store.plan_as_of(&scope, tid, date).await?,
        None => state.store.plan(&scope, tid).await?,
    }))
}

/// `GET .../plan/history`: every kept change, oldest first.
async fn history(State(state): State<AppState>, user: ApiUser, P((id, tid)): P<(i64, i64)>) -> Result<Json<Items<PlanChange>>, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Read, "plan_history").await?;
    Ok(items(state.store.plan_history(&scope, tid).await?))
}

#[derive(Deserialize)]
struct Between {
    from: Option<String>,
    to: Option<String>,
}

/// `GET .../plan/changes?from=&to=`: what changed after the end of `from` up to the end of `to`
/// (default today).
async fn changes(State(state): State<AppState>, user: ApiUser, P((id, tid)): P<(i64, i64)>, Q(q): Q<Between>) -> Result<Json<Items<ChangeLine>>, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Read, "plan_history").await?;
    let from = q.from.filter(|d| !d.trim().is_empty()).ok_or_else(|| bad("Geef met \"from\" de datum waarna de wijzigingen beginnen (JJJJ-MM-DD)."))?;
    let from = query_date("from", &from)?;
    let to = match q.to.filter(|d| !d.trim().is_empty()) {
        Some(d) => query_date("to", &d)?,
        None => regie_store::today(),
    };
    if to < from {
        return Err(bad("De datum \"to\" ligt voor \"from\"."));
    }
    Ok(items(state.store.plan_changes_between(&scope, tid, from, to).await?))
}

#[derive(Deserialize)]
struct PerspectiveBody {
    #[serde(default)]
    text: String,
    version: Option<i64>,
}

/// `PUT .../plan/perspective/{area}`: the client's words on one area; `version` of the text the
/// caller saw, absent when there was none yet.
async fn perspective(
    State(state): State<AppState>,
    user: ApiUser,
    P((id, tid, area)): P<(i64, i64, String)>,
    b: Result<Json<PerspectiveBody>, JsonRejection>,
) -> Result<Json<PerspectiveItem>, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Update, "perspective").await?;
    let b = body(b)?;
    Ok(Json(state.store.set_perspective(&scope, tid, &area, &b.text, b.version).await?))
}

/// A goal as sent (POST and PUT).
#[derive(Deserialize)]
struct GoalBody {
    #[serde(default)]
    domain: String,
    #[serde(default)]
    text: String,
    priority: Option<i64>,
    target_date: Option<String>,
    status: Option<String>,
    version: Option<i64>,
}

impl GoalBody {
    fn input(&self) -> GoalInput {
        GoalInput {
            domain: self.domain.clone(),
            text: self.text.clone(),
            priority: self.priority,
            target_date: self.target_date.clone(),
            status: self.status.clone(),
        }
    }
}

/// `POST .../plan/goals`: adds a goal.
async fn add_goal(State(state): State<AppState>, user: ApiUser, P((id, tid)): P<(i64, i64)>, b: Result<Json<GoalBody>, JsonRejection>) -> Result<Response, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Create, "goal").await?;
    let b = body(b)?;
    let goal: Goal = state.store.add_goal(&scope, tid, &b.input()).await?;
    Ok(created(goal))
}

/// `PUT /clients/{id}/goals/{gid}`: changes a goal; a stale version is answered 409 with the goal
/// as it is now.
async fn update_goal(State(state): State<AppState>, user: ApiUser, P((id, gid)): P<(i64, i64)>, b: Result<Json<GoalBody>, JsonRejection>) -> Result<Json<Goal>, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Update, "goal").await?;
    let b = body(b)?;
    let version = need_version(b.version)?;
    Ok(Json(state.store.update_goal(&scope, gid, &b.input(), version).await?))
}

/// `DELETE /clients/{id}/goals/{gid}?version=N`: removes a goal and its actions (kept in the history).
async fn delete_goal(State(state): State<AppState>, user: ApiUser, P((id, gid)): P<(i64, i64)>, Q(q): Q<VersionQuery>) -> Result<Response, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Delete, "goal").await?;
    let version = need_version(q.version)?;
    state.store.delete_goal(&scope, gid, version).await?;
    Ok(no_content())
}

/// An action as sent (POST and PUT).
#[derive(Deserialize)]
struct ActionBody {
    #[serde(default)]
    text: String,
    #[serde(default)]
    owner_kind: String,
    owner_user_id: Option<i64>,
    owner_name: Option<String>,
    due_date: Option<String>,
    status: Option<String>,
    version: Option<i64>,
}

impl ActionBody {
    fn input(&self) -> ActionInput {
        ActionInput {
            text: self.text.clone(),
            owner_kind: self.owner_kind.clone(),
            owner_user_id: self.owner_user_id,
            owner_name: self.owner_name.clone(),
            due_date: self.due_date.clone(),
            status: self.status.clone(),
        }
    }
}

/// `POST /clients/{id}/goals/{gid}/actions`: adds an action under a goal.
async fn add_action(State(state): State<AppState>, user: ApiUser, P((id, gid)): P<(i64, i64)>, b: Result<Json<ActionBody>, JsonRejection>) -> Result<Response, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Create, "action").await?;
    let b = body(b)?;
    let action: Action = state.store.add_action(&scope, gid, &b.input()).await?;
    Ok(created(action))
}

/// `PUT /clients/{id}/actions/{aid}`: changes an action.
async fn update_action(State(state): State<AppState>, user: ApiUser, P((id, aid)): P<(i64, i64)>, b: Result<Json<ActionBody>, JsonRejection>) -> Result<Json<Action>, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Update, "action").await?;
    let b = body(b)?;
    let version = need_version(b.version)?;
    Ok(Json(state.store.update_action(&scope, aid, &b.input(), version).await?))
}

#[derive(Deserialize)]
struct StatusBody {
    #[serde(default)]
    status: String,
    version: Option<i64>,
}

/// `PATCH /clients/{id}/actions/{aid}/status`: only the status (open, bezig, gedaan, vervallen).
async fn action_status(State(state): State<AppState>, user: ApiUser, P((id, aid)): P<(i64, i64)>, b: Result<Json<StatusBody>, JsonRejection>) -> Result<Json<Action>, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Update, "action").await?;
    let b = body(b)?;
    let version = need_version(b.version)?;
    Ok(Json(state.store.set_action_status(&scope, aid, &b.status, version).await?))
}

/// `DELETE /clients/{id}/actions/{aid}?version=N`: removes an action (kept in the history).
async fn delete_action(State(state): State<AppState>, user: ApiUser, P((id, aid)): P<(i64, i64)>, Q(q): Q<VersionQuery>) -> Result<Response, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Delete, "action").await?;
    let version = need_version(q.version)?;
    state.store.delete_action(&scope, aid, version).await?;
    Ok(no_content())
}
