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
use regie_domain::FieldErrors;
use regie_store::{EvaluationGoalInput, EvaluationInput, StoreError, TrajectoryInput};
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
}

impl TrajectoryBody {
    /// The store's input; the trajectbegeleider defaults to the caller, the start date to today.
    pub(crate) fn input(self, user: &ApiUser, today: NaiveDate) -> TrajectoryInput {
        TrajectoryInput {
            model_id: self.model_id.unwrap_or_default(),
            owner_user_id: self.owner_user_id.unwrap_or(user.actor.user.id),
            started_on: self.started_on.unwrap_or_else(|| today.format("%Y-%m-%d").to_string()),
            focus_domains: self.focus_domains.iter().map(|d| d.trim().to_string()).filter(|d| !d.is_empty()).collect(),
        }
    }
}

/// Checks a trajectory to start before a client is registered with it, with the same rules
/// (and messages) as [`regie_store::Store::start_trajectory`], so that a refusal saves nothing:
/// the method exists, the start date is a date not in the future, the focus domains are known
/// and within the method's maximum, and the trajectbegeleider is active staff (looked up in
/// `team` first, then in the other teams). Field names get the prefix `trajectory.`.
pub(crate) async fn precheck(state: &AppState, user: &ApiUser, t: &TrajectoryInput, team: Option<i64>, today: NaiveDate) -> Result<(), ApiError> {
    let mut e = FieldErrors::default();
    let model = match state.store.phase_model(t.model_id).await {
        Ok(m) if !m.phases.is_empty() => Some(m),
        Ok(_) | Err(StoreError::NotFound) => {
            e.add("trajectory.model_id", "Kies een methode uit de lijst.");
            None
        }
        Err(other) => return Err(other.into()),
    };
    e.past_date("trajectory.started_on", Some(&t.started_on), today);
    if !owner_ok(state, user, t.owner_user_id, team).await? {
        e.add("trajectory.owner_user_id", "Kies een medewerker die nu in dienst is als trajectbegeleider.");
    }
    if let Some(m) = &model {
        if let Err(inv) = regie_domain::phase::check_focus_domains(m, &t.focus_domains) {
            for (_, message) in inv.0 .0 {
                e.add("trajectory.focus_domains", message);
            }
        }
    }
    if !t.focus_domains.is_empty() {
        let known = state.store.life_domains().await?;
        if t.focus_domains.iter().any(|d| !known.iter().any(|k| &k.code == d)) {
            e.add("trajectory.focus_domains", "Kies alleen leefgebieden uit de lijst.");
        }
    }
    Ok(e.finish()?)
}

/// Whether `owner` can be a trajectbegeleider: the caller (unless functioneel beheer), or an
/// active member of staff in the client's team or, failing that, in another team.
async fn owner_ok(state: &AppState, user: &ApiUser, owner: i64, team: Option<i64>) -> Result<bool, ApiError> {
    if owner == user.actor.user.id {
        return Ok(!user.actor.user.admin);
    }
    if let Some(team) = team {
        if state.store.team_staff(team).await?.iter().any(|s| s.id == owner) {
            return Ok(true);
        }
    }
    for other in state.store.teams().await? {
        if Some(other.id) != team && state.store.team_staff(other.id).await?.iter().any(|s| s.id == owner) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// `POST /clients/{id}/trajectories`: starts a trajectory in the method's first phase.
async fn start(State(state): State<AppState>, user: ApiUser, P(id): P<i64>, b: Result<Json<TrajectoryBody>, JsonRejection>) -> Result<Response, ApiError> {
    let b = body(b)?;
    let today = regie_store::today();
    let input = b.input(&user, today);
    let scope = state.store.open_client(&user.actor, id, AuditAction::Create, "trajectory").await?;
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
}

/// `POST /clients/{id}/trajectories/{tid}/advance`: to the next phase (who and when are kept).
async fn advance(State(state): State<AppState>, user: ApiUser, P((id, tid)): P<(i64, i64)>, b: Result<Json<VersionBody>, JsonRejection>) -> Result<Json<Trajectory>, ApiError> {
    let version = need_version(body(b)?.version)?;
    let scope = state.store.open_client(&user.actor, id, AuditAction::Update, "trajectory").await?;
    Ok(Json(state.store.advance_phase(&scope, tid, version, regie_store::today()).await?))
}

#[derive(Deserialize)]
struct FocusBody {
    #[serde(default)]
    focus_domains: Vec<String>,
    version: Option<i64>,
}

/// `PUT /clients/{id}/trajectories/{tid}/focus-domains`.
async fn focus_domains(State(state): State<AppState>, user: ApiUser, P((id, tid)): P<(i64, i64)>, b: Result<Json<FocusBody>, JsonRejection>) -> Result<Json<Trajectory>, ApiError> {
    let b = body(b)?;
    let version = need_version(b.version)?;
    let scope = state.store.open_client(&user.actor, id, AuditAction::Update, "trajectory").await?;
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
    let scope = state.store.open_client(&user.actor, id, AuditAction::Create, "evaluation").await?;
    Ok(created(state.store.record_evaluation(&scope, tid, &input, regie_store::today()).await?))
}
