//! ZRM over the API: the built-in instruments, and a client's measurements (the worker's score
//! and the client's own), recorded, corrected and removed. Bad input is refused whole (422) with
//! Dutch messages per field; every change is kept by the store with who and when.

use super::{bad, body, created, items, need_version, no_content, Items, VersionQuery, P, Q};
use crate::auth::ApiUser;
use crate::error::ApiError;
use crate::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, put};
use axum::{Json, Router};
use regie_domain::catalogue::AuditAction;
use regie_domain::instrument::input::NOT_DISCUSSED;
use regie_domain::instrument::{instruments, Instrument, Measurement, MeasurementInput, ScoreInput};
use serde::Deserialize;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/instruments", get(list_instruments))
        .route("/clients/{id}/measurements", get(list).post(add))
        .route("/clients/{id}/measurements/{mid}", put(correct).delete(remove).get(one))
}

/// `GET /instruments`: the built-in instruments (domains, levels, supplements).
async fn list_instruments(_user: ApiUser) -> Json<Items<Instrument>> {
    items(instruments().to_vec())
}

#[derive(Deserialize)]
struct Which {
    trajectory_id: Option<i64>,
}

/// `GET /clients/{id}/measurements?trajectory_id=`: the trajectory's measurements (default the
/// active or latest one), oldest first, with scores.
async fn list(State(state): State<AppState>, user: ApiUser, P(id): P<i64>, Q(q): Q<Which>) -> Result<Json<Items<Measurement>>, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Read, "measurements").await?;
    Ok(items(match state.store.measured_trajectory(&scope, q.trajectory_id).await? {
        Some(t) => state.store.measurements(&scope, t.id).await?,
        None => Vec::new(),
    }))
}

/// `GET /clients/{id}/measurements/{mid}`: one measurement.
async fn one(State(state): State<AppState>, user: ApiUser, P((id, mid)): P<(i64, i64)>) -> Result<Json<Measurement>, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Read, "measurement").await?;
    Ok(Json(state.store.measurement(&scope, mid).await?))
}

/// One domain's answer: `level` 1–5, `null` or `"nb"` for niet besproken.
#[derive(Deserialize)]
struct ScoreBody {
    domain: String,
    #[serde(default = "missing")]
    level: serde_json::Value,
    #[serde(default)]
    note: String,
}

fn missing() -> serde_json::Value {
    serde_json::Value::String(String::new())
}

#[derive(Deserialize)]
struct MeasurementBody {
    trajectory_id: Option<i64>,
    instrument: String,
    #[serde(default)]
    supplements: Vec<String>,
    rater: String,
    measured_on: String,
    moment: String,
    #[serde(default)]
    sources: Vec<String>,
    #[serde(default)]
    scores: Vec<ScoreBody>,
    version: Option<i64>,
}

impl MeasurementBody {
    fn input(self) -> MeasurementInput {
        let scores = self
            .scores
            .into_iter()
            .map(|s| ScoreInput {
                domain: s.domain,
                level: match s.level {
                    serde_json::Value::Null => NOT_DISCUSSED.into(),
                    serde_json::Value::Number(n) => n.to_string(),
                    serde_json::Value::String(t) => t,
                    _ => "?".into(),
                },
                note: s.note,
            })
            .collect();
        MeasurementInput {
            instrument: self.instrument,
            supplements: self.supplements,
            rater: self.rater,
            measured_on: self.measured_on,
            moment: self.moment,
            sources: self.sources,
            scores,
        }
    }
}

/// `POST /clients/{id}/measurements`: records a measurement on `trajectory_id` (default the
/// active or latest trajectory); `201` with it.
async fn add(State(state): State<AppState>, user: ApiUser, P(id): P<i64>, b: Result<Json<MeasurementBody>, JsonRejection>) -> Result<Response, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Update, "measurement").await?;
    let b = body(b)?;
    let Some(t) = state.store.measured_trajectory(&scope, b.trajectory_id).await? else {
        return Err(bad("Deze cliënt heeft nog geen traject."));
    };
    Ok(created(state.store.record_measurement(&scope, t.id, &b.input(), regie_store::today()).await?))
}

/// `PUT /clients/{id}/measurements/{mid}`: corrects a measurement (the whole body again, with the
/// `version` seen); `409` with the current one when someone else changed it.
async fn correct(State(state): State<AppState>, user: ApiUser, P((id, mid)): P<(i64, i64)>, b: Result<Json<MeasurementBody>, JsonRejection>) -> Result<Json<Measurement>, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Update, "measurement").await?;
    let b = body(b)?;
    let version = need_version(b.version)?;
    Ok(Json(state.store.correct_measurement(&scope, mid, version, &b.input(), regie_store::today()).await?))
}

/// `DELETE /clients/{id}/measurements/{mid}?version=N`: removes it (kept in the history); `204`.
async fn remove(State(state): State<AppState>, user: ApiUser, P((id, mid)): P<(i64, i64)>, Q(q): Q<VersionQuery>) -> Result<Response, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Delete, "measurement").await?;
    let version = need_version(q.version)?;
    state.store.delete_measurement(&scope, mid, version).await?;
    Ok(no_content())
}
