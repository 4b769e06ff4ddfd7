//! The organisation's catalogues: phase models (methods), life domains, teams and their staff.
//! No client data here, so no care relation is needed; adding a phase model is for functioneel
//! beheer only.

use super::{body, created, items, Items, P};
use crate::auth::ApiUser;
use crate::error::ApiError;
use crate::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use regie_domain::phase::{Phase, PhaseModel};
use regie_domain::FieldErrors;
use regie_store::{LifeDomain, StaffMember, StoreError, Team};
use serde::Deserialize;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/phase-models", get(phase_models).post(add_phase_model))
        .route("/life-domains", get(life_domains))
        .route("/teams", get(teams))
        .route("/teams/{id}/staff", get(team_staff))
}

/// `GET /phase-models`: every method with its phases.
async fn phase_models(State(state): State<AppState>, _user: ApiUser) -> Result<Json<Items<PhaseModel>>, ApiError> {
    Ok(items(state.store.phase_models().await?))
}

#[derive(Deserialize)]
struct PhaseModelBody {
    #[serde(default)]
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    cyclic: bool,
    max_days: Option<i64>,
    max_focus_domains: Option<i64>,
    evaluation_interval_days: Option<i64>,
    domain_set: Option<String>,
    #[serde(default)]
    phases: Vec<PhaseBody>,
}

#[derive(Deserialize)]
struct PhaseBody {
    #[serde(default)]
    name: String,
    typical_days: Option<i64>,
    #[serde(default)]
    description: String,
}

/// `POST /phase-models`: functioneel beheer adds the organisation's own method.
async fn add_phase_model(State(state): State<AppState>, user: ApiUser, b: Result<Json<PhaseModelBody>, JsonRejection>) -> Result<Response, ApiError> {
    if !user.actor.user.admin {
        return Ok((StatusCode::FORBIDDEN, Json(serde_json::json!({ "error": "Alleen functioneel beheer kan een fasemodel toevoegen." }))).into_response());
    }
    let b = body(b)?;
    let domain_set = b.domain_set.unwrap_or_else(|| "zrm2017".into());
    let sets = state.store.life_domains().await?;
    if !sets.iter().any(|d| d.domain_set == domain_set) {
        let mut e = FieldErrors::default();
        e.add("domain_set", "Kies een bestaande set leefgebieden (zrm2017 of 8fasen).");
        e.finish()?;
    }
    let model = PhaseModel {
        id: 0,
        code: String::new(),
        name: b.name,
        description: b.description,
        cyclic: b.cyclic,
        max_days: b.max_days,
        max_focus_domains: b.max_focus_domains,
        evaluation_interval_days: b.evaluation_interval_days.unwrap_or(90),
        domain_set,
        builtin: false,
        phases: b
            .phases
            .into_iter()
            .enumerate()
            .map(|(i, p)| Phase { id: 0, position: i as i64 + 1, name: p.name, typical_days: p.typical_days, description: p.description })
            .collect(),
    };
    let id = state.store.create_phase_model(&model).await?;
    Ok(created(state.store.phase_model(id).await?))
}

/// `GET /life-domains`: the life-domain catalogue in display order.
async fn life_domains(State(state): State<AppState>, _user: ApiUser) -> Result<Json<Items<LifeDomain>>, ApiError> {
    Ok(items(state.store.life_domains().await?))
}

/// `GET /teams`: every team with its location.
async fn teams(State(state): State<AppState>, _user: ApiUser) -> Result<Json<Items<Team>>, ApiError> {
    Ok(items(state.store.teams().await?))
}

/// `GET /teams/{id}/staff`: the active staff of a team (to choose a trajectbegeleider or an
/// action owner).
async fn team_staff(State(state): State<AppState>, _user: ApiUser, P(id): P<i64>) -> Result<Json<Items<StaffMember>>, ApiError> {
    if !state.store.teams().await?.iter().any(|t| t.id == id) {
        return Err(StoreError::NotFound.into());
    }
    Ok(items(state.store.team_staff(id).await?))
}
