//! `/api/v1/clients/{id}/trajectories`: start a trajectory, move it through the phases of its
//! method, focus domains, the phase timeline, and evaluations.

use super::{body, created, items, need_version, Items, P};
use crate::auth::ApiUser;
use crate::error::ApiError;
use crate::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use chrono::NaiveDate;
use regie_domain::catalogue::AuditAction;
use regie_domain::record::{Evaluation, PhaseStep, Trajectory};
use regie_store::{EvaluationGoalInput, EvaluationInput, TrajectoryInput};
use serde::Deserialize;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/clients/{id}/trajectories", post(start))
        .route("/clients/{id}/trajectories/{tid}", get(one))
        .route("/clients/{id}/trajectories/{tid}/advance", post(advance))
        .route("/clients/{id}/trajectories/{tid}/focus-domains", put(focus_domains))
        .route("/clients/{id}/trajectories/{tid}/phases", get(phases))
        .route("/clients/{id}/trajectories/{tid}/evaluations", get(evaluations).post(add_evaluation))
}

/// A trajectory to start, as sent.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct TrajectoryBody {
    model_id: Option<i64>,
    owner_user_id: Option<i64>,
    started_on: Option<String>,
    #[serde(default)]
    focus_domains: Vec<String>,
    /// The law that funds it; absent means `wmo`.
    funding: Option<String>,
}

impl TrajectoryBody {
    /// The store's input; the trajectbegeleider defaults to the caller, the start date to today.
    pub(crate) fn input(self, user: &ApiUser, today: NaiveDate) -> TrajectoryInput {
        TrajectoryInput {
            model_id: self.model_id.unwrap_or_default(),
            owner_user_id: self.owner_user_id.unwrap_or(user.actor.user.id),
            started_on: self.started_on.unwrap_or_else(|| today.format("%Y-%m-%d").to_string()),
            focus_domains: self.focus_domains.iter().map(|d| d.trim().to_string()).filter(|d| !d.is_empty()).collect(),
            funding: self.funding,
        }
    }
}

/// `POST /clients/{id}/trajectories`: starts a trajectory in the method's first phase.
async fn start(State(state): State<AppState>, user: ApiUser, P(id): P<i64>, b: Result<Json<TrajectoryBody>, JsonRejection>) -> Result<Response, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Create, "trajectory").await?;
    let b = body(b)?;
    let today = regie_store::today();
    let input = b.input(&user, today);
    Ok(created(state.store.start_trajectory(&scope, &input, today).await?))
}

/// `GET /clients/{id}/trajectories/{tid}`.
async fn one(State(state): State<AppState>, user: ApiUser, P((id, tid)): P<(i64, i64)>) -> Result<Json<Trajectory>, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Read, "trajectory").await?;
    Ok(Json(state.store.trajectory(&scope, tid).await?))
}

#[derive(Deserialize)]
struct VersionBody {
    version: Option<i64>,
    /// Where the client goes, required when this step closes the trajectory.
    exit_destination: Option<String>,
}

/// `POST /clients/{id}/trajectories/{tid}/advance`: to the next phase (who and when are kept).
async fn advance(State(state): State<AppState>, user: ApiUser, P((id, tid)): P<(i64, i64)>, b: Result<Json<VersionBody>, JsonRejection>) -> Result<Json<Trajectory>, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Update, "trajectory").await?;
    let b = body(b)?;
    let version = need_version(b.version)?;
    Ok(Json(state.store.advance_phase_with_exit(&scope, tid, version, b.exit_destination.as_deref(), regie_store::today()).await?))
}

#[derive(Deserialize)]
struct FocusBody {
    #[serde(default)]
    focus_domains: Vec<String>,
    version: Option<i64>,
}

/// `PUT /clients/{id}/trajectories/{tid}/focus-domains`.
async fn focus_domains(State(state): State<AppState>, user: ApiUser, P((id, tid)): P<(i64, i64)>, b: Result<Json<FocusBody>, JsonRejection>) -> Result<Json<Trajectory>, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Update, "trajectory").await?;
    let b = body(b)?;
    let version = need_version(b.version)?;
    Ok(Json(state.store.set_focus_domains(&scope, tid, &b.focus_domains, version).await?))
}

/// `GET /clients/{id}/trajectories/{tid}/phases`: the phase timeline, oldest first.
async fn phases(State(state): State<AppState>, user: ApiUser, P((id, tid)): P<(i64, i64)>) -> Result<Json<Items<PhaseStep>>, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Read, "trajectory").await?;
    Ok(items(state.store.phase_steps(&scope, tid).await?))
}

/// `GET /clients/{id}/trajectories/{tid}/evaluations`: newest first.
async fn evaluations(State(state): State<AppState>, user: ApiUser, P((id, tid)): P<(i64, i64)>) -> Result<Json<Items<Evaluation>>, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Read, "evaluation").await?;
    Ok(items(state.store.evaluations(&scope, tid).await?))
}

#[derive(Deserialize)]
struct EvaluationBody {
    #[serde(default)]
    held_on: String,
    #[serde(default)]
    participants: String,
    #[serde(default)]
    notes: String,
    #[serde(default)]
    goals: Vec<EvaluationGoalBody>,
}

#[derive(Deserialize)]
struct EvaluationGoalBody {
    goal_id: Option<i64>,
    #[serde(default)]
    verdict: String,
    #[serde(default)]
    decision: String,
    #[serde(default)]
    note: String,
}

/// `POST /clients/{id}/trajectories/{tid}/evaluations`: records an evaluation.
async fn add_evaluation(State(state): State<AppState>, user: ApiUser, P((id, tid)): P<(i64, i64)>, b: Result<Json<EvaluationBody>, JsonRejection>) -> Result<Response, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Create, "evaluation").await?;
    let b = body(b)?;
    let input = EvaluationInput {
        held_on: b.held_on,
        participants: b.participants,
        notes: b.notes,
        goals: b
            .goals
            .into_iter()
            .map(|g| EvaluationGoalInput { goal_id: g.goal_id.unwrap_or_default(), verdict: g.verdict, decision: g.decision, note: g.note })
            .collect(),
    };
    Ok(created(state.store.record_evaluation(&scope, tid, &input, regie_store::today()).await?))
}
