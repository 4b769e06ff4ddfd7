//! Actieplan in the browser: the plan section of the dossier (perspective, goals, actions) and
//! its edits. A plain form answers with a redirect back to the dossier; an htmx request gets the
//! re-rendered section. A refused or stale edit shows a Dutch message above the plan as it now is,
//! so nothing is silently overwritten.
//!
//! The history ("plan door de tijd") and the "op tafel" view live in [`super::plan_views`], form
//! reading in [`super::plan_form`], the helpers the templates call in [`super::plan_show`].

use crate::auth::Staff;
use crate::error::PageError;
use crate::i18n::Tr;
use crate::pages::{is_htmx, Layout};
use crate::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use super::plan_form::{action_input, goal_input, path_id, Fields};
use regie_domain::catalogue::{ActionStatus, AuditAction};
use regie_domain::plan::PlanSnapshot;
use regie_domain::{FieldErrors, Invalid};
use regie_store::{ClientScope, LifeDomain, StaffMember, StoreError};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/clienten/{id}/plan/perspectief", post(set_perspective))
        .route("/clienten/{id}/plan/doelen", post(add_goal))
        .route("/clienten/{id}/plan/doelen/{gid}", post(update_goal))
        .route("/clienten/{id}/plan/doelen/{gid}/verwijderen", post(delete_goal))
        .route("/clienten/{id}/plan/doelen/{gid}/acties", post(add_action))
        .route("/clienten/{id}/plan/acties/{aid}", post(update_action))
        .route("/clienten/{id}/plan/acties/{aid}/status", post(set_action_status))
        .route("/clienten/{id}/plan/acties/{aid}/verwijderen", post(delete_action))
        .route("/clienten/{id}/plan/geschiedenis", get(super::plan_views::history))
        .route("/clienten/{id}/op-tafel", get(super::plan_views::on_table))
}

/// The plan section on its own, as htmx swaps it in (the dossier page includes the same file).
#[derive(Template)]
#[template(path = "plan/section.html")]
struct Section {
    l: Layout,
    client_id: i64,
    trajectory_id: i64,
    plan: PlanSnapshot,
    domains: Vec<LifeDomain>,
    staff: Vec<StaffMember>,
    plan_error: Option<String>,
    /// The client's network: its members can own actions (offered by name).
    network: Vec<regie_domain::network::NetworkMember>,
}

/// One edit of the plan, with the id from its path.
#[derive(Clone, Copy)]
enum Edit {
    SetPerspective,
    AddGoal,
    UpdateGoal(i64),
    DeleteGoal(i64),
    AddAction { goal_id: i64 },
    UpdateAction(i64),
    SetActionStatus(i64),
    DeleteAction(i64),
}

impl Edit {
    /// What the audit record says: the kind of access and the object.
    fn audit(self) -> (AuditAction, &'static str) {
        match self {
            Edit::SetPerspective => (AuditAction::Update, "perspective"),
            Edit::AddGoal => (AuditAction::Create, "goal"),
            Edit::UpdateGoal(_) => (AuditAction::Update, "goal"),
            Edit::DeleteGoal(_) => (AuditAction::Delete, "goal"),
            Edit::AddAction { .. } => (AuditAction::Create, "action"),
            Edit::UpdateAction(_) | Edit::SetActionStatus(_) => (AuditAction::Update, "action"),
            Edit::DeleteAction(_) => (AuditAction::Delete, "action"),
        }
    }

    /// The message when the edit was stale, by the part of the plan it touched.
    fn conflict_key(self) -> &'static str {
        match self {
            Edit::SetPerspective => "plan.conflict_perspective",
            Edit::AddGoal | Edit::UpdateGoal(_) | Edit::DeleteGoal(_) => "plan.conflict_goal",
            Edit::AddAction { .. } | Edit::UpdateAction(_) | Edit::SetActionStatus(_) | Edit::DeleteAction(_) => "plan.conflict_action",
        }
    }

    /// Reads the form and carries the edit out; field messages come back as a refusal.
    async fn apply(self, st: &AppState, scope: &ClientScope, tid: Option<i64>, f: &Fields) -> Result<(), StoreError> {
        let store = &st.store;
        let mut errs = FieldErrors::default();
        match self {
            Edit::SetPerspective => {
                let version = f.int("version", &mut errs);
                let tid = tid.ok_or_else(no_trajectory)?;
                errs.finish()?;
                store.set_perspective(scope, tid, f.text("area").trim(), &f.text("text"), version).await.map(drop)
            }
            Edit::AddGoal => {
                let input = goal_input(f, &mut errs);
                let tid = tid.ok_or_else(no_trajectory)?;
                errs.finish()?;
                store.add_goal(scope, tid, &input).await.map(drop)
            }
            Edit::UpdateGoal(goal_id) => {
                let input = goal_input(f, &mut errs);
                let version = f.version(&mut errs);
                errs.finish()?;
                store.update_goal(scope, goal_id, &input, version).await.map(drop)
            }
            Edit::DeleteGoal(goal_id) => {
                let version = f.version(&mut errs);
                errs.finish()?;
                store.delete_goal(scope, goal_id, version).await
            }
            Edit::AddAction { goal_id } => {
                let input = action_input(f, &mut errs);
                errs.finish()?;
                store.add_action(scope, goal_id, &input).await.map(drop)
            }
            Edit::UpdateAction(action_id) => {
                let input = action_input(f, &mut errs);
                let version = f.version(&mut errs);
                errs.finish()?;
                store.update_action(scope, action_id, &input, version).await.map(drop)
            }
            Edit::SetActionStatus(action_id) => {
                let version = f.version(&mut errs);
                let status = f.text("status");
                errs.one_of("status", &status, ActionStatus::CODES);
                errs.finish()?;
                store.set_action_status(scope, action_id, status.trim(), version).await.map(drop)
            }
            Edit::DeleteAction(action_id) => {
                let version = f.version(&mut errs);
                errs.finish()?;
                store.delete_action(scope, action_id, version).await
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Handlers

async fn set_perspective(State(st): State<AppState>, staff: Staff, headers: HeaderMap, Path(id): Path<String>, body: Bytes) -> Result<Response, PageError> {
    edit(&st, &staff, &headers, path_id(&id)?, &body, Edit::SetPerspective).await
}

async fn add_goal(State(st): State<AppState>, staff: Staff, headers: HeaderMap, Path(id): Path<String>, body: Bytes) -> Result<Response, PageError> {
    edit(&st, &staff, &headers, path_id(&id)?, &body, Edit::AddGoal).await
}

async fn update_goal(State(st): State<AppState>, staff: Staff, headers: HeaderMap, Path((id, gid)): Path<(String, String)>, body: Bytes) -> Result<Response, PageError> {
    let (client_id, goal_id) = (path_id(&id)?, path_id(&gid)?);
    edit(&st, &staff, &headers, client_id, &body, Edit::UpdateGoal(goal_id)).await
}

async fn delete_goal(State(st): State<AppState>, staff: Staff, headers: HeaderMap, Path((id, gid)): Path<(String, String)>, body: Bytes) -> Result<Response, PageError> {
    let (client_id, goal_id) = (path_id(&id)?, path_id(&gid)?);
    edit(&st, &staff, &headers, client_id, &body, Edit::DeleteGoal(goal_id)).await
}

async fn add_action(State(st): State<AppState>, staff: Staff, headers: HeaderMap, Path((id, gid)): Path<(String, String)>, body: Bytes) -> Result<Response, PageError> {
    let (client_id, goal_id) = (path_id(&id)?, path_id(&gid)?);
    edit(&st, &staff, &headers, client_id, &body, Edit::AddAction { goal_id }).await
}

async fn update_action(State(st): State<AppState>, staff: Staff, headers: HeaderMap, Path((id, aid)): Path<(String, String)>, body: Bytes) -> Result<Response, PageError> {
    let (client_id, action_id) = (path_id(&id)?, path_id(&aid)?);
    edit(&st, &staff, &headers, client_id, &body, Edit::UpdateAction(action_id)).await
}

async fn set_action_status(State(st): State<AppState>, staff: Staff, headers: HeaderMap, Path((id, aid)): Path<(String, String)>, body: Bytes) -> Result<Response, PageError> {
    let (client_id, action_id) = (path_id(&id)?, path_id(&aid)?);
    edit(&st, &staff, &headers, client_id, &body, Edit::SetActionStatus(action_id)).await
}

async fn delete_action(State(st): State<AppState>, staff: Staff, headers: HeaderMap, Path((id, aid)): Path<(String, String)>, body: Bytes) -> Result<Response, PageError> {
    let (client_id, action_id) = (path_id(&id)?, path_id(&aid)?);
    edit(&st, &staff, &headers, client_id, &body, Edit::DeleteAction(action_id)).await
}

/// Every edit: open the client (checks access, writes the audit record), find the trajectory,
/// carry the edit out and answer.
async fn edit(st: &AppState, staff: &Staff, headers: &HeaderMap, client_id: i64, body: &[u8], edit: Edit) -> Result<Response, PageError> {
    let f = Fields::parse(body);
    let (action, object) = edit.audit();
    let scope = st.store.open_client(&staff.actor, client_id, action, object).await?;
    let tid = trajectory(st, &scope, &f).await?;
    let result = edit.apply(st, &scope, tid, &f).await;
    finish(st, staff, headers, &scope, tid, edit, result).await
}

// ---------------------------------------------------------------------------------------------
// Answering

/// The answer to an edit: htmx gets the section (with a message when refused), a plain form a
/// redirect back to the dossier or an error page.
async fn finish(st: &AppState, staff: &Staff, headers: &HeaderMap, scope: &ClientScope, tid: Option<i64>, edit: Edit, result: Result<(), StoreError>) -> Result<Response, PageError> {
    let client_id = scope.client_id();
    if !is_htmx(headers) {
        result?;
        return Ok(Redirect::to(&format!("/clienten/{client_id}#plan")).into_response());
    }
    let message = match result {
        Ok(()) => None,
        Err(StoreError::Invalid(inv)) => Some(invalid_message(staff.tr, &inv)),
        Err(StoreError::Conflict { .. }) => Some(staff.tr.t(edit.conflict_key()).to_string()),
        Err(StoreError::NotFound) => Some(staff.tr.t("plan.gone").to_string()),
        Err(e) => return Err(e.into()),
    };
    let Some(tid) = tid else {
        // No trajectory at all: there is no plan to show the message above.
        return Err(no_trajectory().into());
    };
    section(st, staff, scope, tid, message).await
}

/// The plan section, freshly loaded: a fixed number of queries whatever the size of the plan.
pub(crate) async fn section(st: &AppState, staff: &Staff, scope: &ClientScope, tid: i64, plan_error: Option<String>) -> Result<Response, PageError> {
    let plan = st.store.plan(scope, tid).await?;
    let domains = st.store.life_domains().await?;
    let team = match staff.user().team_id {
        Some(team) => st.store.team_staff(team).await?,
        None => Vec::new(),
    };
    let network = st.store.network(scope).await?;
    let l = Layout::new(staff, staff.tr.t("plan.title"));
    let section = Section { l, client_id: scope.client_id(), trajectory_id: tid, plan, domains, staff: team, plan_error, network };
    // With the journal form's goal tick boxes, so a goal just added can be linked at once.
    Ok(super::dossier::details::plan_with_journal_goals(&section, &section.l, &section.plan))
}

/// "Niet opgeslagen." followed by each field's name and message.
fn invalid_message(tr: Tr, inv: &Invalid) -> String {
    let mut out = tr.t("plan.not_saved").to_string();
    for (field, message) in &inv.0 .0 {
        out.push(' ');
        out.push_str(tr.t(&format!("field.{field}")));
        out.push_str(": ");
        out.push_str(message);
    }
    out
}

/// The trajectory a form is about: its hidden `trajectory_id` (the store checks it belongs to the
/// client), or else the client's active trajectory.
async fn trajectory(st: &AppState, scope: &ClientScope, f: &Fields) -> Result<Option<i64>, PageError> {
    match f.get("trajectory_id").and_then(|v| v.trim().parse::<i64>().ok()) {
        Some(tid) => Ok(Some(tid)),
        None => Ok(st.store.active_trajectory_id(scope).await?),
    }
}

fn no_trajectory() -> StoreError {
    StoreError::field("trajectory", "Deze cliënt heeft nog geen traject; start eerst een traject.")
}
