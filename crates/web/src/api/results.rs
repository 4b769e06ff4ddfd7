//! Result agreements and client satisfaction over the API: list and create agreements (with
//! their targets and attainment), change and close them; record and list satisfaction responses;
//! read the questionnaire. The store validates everything and keeps every change.

use super::{body, created, items, need_version, Items, NumOrText, P, Q};
use crate::auth::ApiUser;
use crate::error::ApiError;
use crate::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use regie_domain::catalogue::AuditAction;
use regie_domain::results::ResultAgreement;
use regie_store::{AgreementInput, ClientScope, SatisfactionInput, SatisfactionItem, SatisfactionResponse, StoreError};
use serde::Deserialize;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/clients/{id}/result-agreements", get(list).post(create))
        .route("/clients/{id}/result-agreements/{aid}", put(update))
        .route("/clients/{id}/result-agreements/{aid}/close", post(close))
        .route("/clients/{id}/satisfaction", get(responses).post(record))
        .route("/satisfaction-items", get(questionnaire))
}

#[derive(Deserialize, Default)]
struct TrajectoryQuery {
    trajectory_id: Option<i64>,
}

#[derive(Deserialize)]
struct TargetBody {
    domain_code: String,
    level: NumOrText,
}

#[derive(Deserialize)]
struct AgreementBody {
    trajectory_id: Option<i64>,
    team_id: Option<i64>,
    user_id: Option<i64>,
    role_code: Option<String>,
    text: Option<String>,
    deadline: Option<String>,
    #[serde(default)]
    targets: Vec<TargetBody>,
    version: Option<i64>,
}

impl AgreementBody {
    fn input(&self) -> AgreementInput {
        AgreementInput {
            team_id: self.team_id,
            user_id: self.user_id,
            role_code: self.role_code.clone(),
            text: self.text.clone().unwrap_or_default(),
            deadline: self.deadline.clone().unwrap_or_default(),
            targets: self.targets.iter().map(|t| (t.domain_code.clone(), t.level.text())).collect(),
        }
    }
}

/// The trajectory asked for, or the client's current one.
async fn trajectory(state: &AppState, scope: &ClientScope, asked: Option<i64>) -> Result<i64, ApiError> {
    match asked {
        Some(t) => Ok(t),
        None => match state.store.satisfaction_trajectory(scope).await? {
            Some(t) => Ok(t.id),
            None => Err(StoreError::field("trajectory_id", "Deze cliënt heeft nog geen traject.").into()),
        },
    }
}

/// `GET /clients/{id}/result-agreements[?trajectory_id=]`: with targets and attainment.
async fn list(State(state): State<AppState>, user: ApiUser, P(id): P<i64>, Q(q): Q<TrajectoryQuery>) -> Result<Json<Items<ResultAgreement>>, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Read, "result_agreements").await?;
    Ok(items(state.store.result_agreements(&scope, q.trajectory_id, regie_store::today()).await?))
}

/// `POST /clients/{id}/result-agreements`: in the given or current trajectory.
async fn create(State(state): State<AppState>, user: ApiUser, P(id): P<i64>, b: Result<Json<AgreementBody>, JsonRejection>) -> Result<Response, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Create, "result_agreement").await?;
    let b = body(b)?;
    let tid = trajectory(&state, &scope, b.trajectory_id).await?;
    Ok(created(state.store.create_result_agreement(&scope, tid, &b.input(), regie_store::today()).await?))
}

/// `PUT /clients/{id}/result-agreements/{aid}`: the whole agreement with `version`.
async fn update(State(state): State<AppState>, user: ApiUser, P((id, aid)): P<(i64, i64)>, b: Result<Json<AgreementBody>, JsonRejection>) -> Result<Json<ResultAgreement>, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Update, "result_agreement").await?;
    let b = body(b)?;
    let version = need_version(b.version)?;
    Ok(Json(state.store.update_result_agreement(&scope, aid, version, &b.input(), regie_store::today()).await?))
}

#[derive(Deserialize)]
struct CloseBody {
    status: Option<String>,
    version: Option<i64>,
}

/// `POST /clients/{id}/result-agreements/{aid}/close`: `{"status": …, "version": N}`.
async fn close(State(state): State<AppState>, user: ApiUser, P((id, aid)): P<(i64, i64)>, b: Result<Json<CloseBody>, JsonRejection>) -> Result<Json<ResultAgreement>, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Update, "result_agreement").await?;
    let b = body(b)?;
    let version = need_version(b.version)?;
    Ok(Json(state.store.close_result_agreement(&scope, aid, version, b.status.as_deref().unwrap_or(""), regie_store::today()).await?))
}

#[derive(Deserialize)]
struct AnswerBody {
    item_id: i64,
    answer: NumOrText,
}

#[derive(Deserialize)]
struct SatisfactionBody {
    trajectory_id: Option<i64>,
    answered_on: Option<String>,
    moment: Option<String>,
    mark: Option<NumOrText>,
    remark: Option<String>,
    evaluation_id: Option<i64>,
    #[serde(default)]
    answers: Vec<AnswerBody>,
}

/// `POST /clients/{id}/satisfaction`: a response in the given or current trajectory.
async fn record(State(state): State<AppState>, user: ApiUser, P(id): P<i64>, b: Result<Json<SatisfactionBody>, JsonRejection>) -> Result<Response, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Create, "satisfaction").await?;
    let b = body(b)?;
    let today = regie_store::today();
    let tid = trajectory(&state, &scope, b.trajectory_id).await?;
    let input = SatisfactionInput {
        answered_on: b.answered_on.unwrap_or_else(|| today.format("%Y-%m-%d").to_string()),
        moment: b.moment.unwrap_or_default(),
        mark: b.mark.map(|m| m.text()).unwrap_or_default(),
        remark: b.remark.unwrap_or_default(),
        evaluation_id: b.evaluation_id,
        answers: b.answers.iter().map(|a| (a.item_id, a.answer.text())).collect(),
    };
    Ok(created(state.store.record_satisfaction(&scope, tid, &input, today).await?))
}

/// `GET /clients/{id}/satisfaction[?trajectory_id=]`: newest first.
async fn responses(State(state): State<AppState>, user: ApiUser, P(id): P<i64>, Q(q): Q<TrajectoryQuery>) -> Result<Json<Items<SatisfactionResponse>>, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Read, "satisfaction").await?;
    Ok(items(state.store.satisfaction_responses(&scope, q.trajectory_id).await?))
}

/// `GET /satisfaction-items`: the questions asked now (the mark 1–10 is always asked).
async fn questionnaire(State(state): State<AppState>, _user: ApiUser) -> Result<Json<Items<SatisfactionItem>>, ApiError> {
    Ok(items(state.store.satisfaction_items(false).await?))
}
