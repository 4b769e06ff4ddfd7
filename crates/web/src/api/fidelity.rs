//! The kwaliteitsmonitor and the method suggestions over JSON:
//! `/reports/fidelity` (per team and method), `/clients/{id}/trajectories/{tid}/fidelity`
//! (one trajectory), and `/clients/{id}/method-suggestions` with the profile and dismissals.

use super::{body, no_content, P, Q};
use crate::auth::ApiUser;
use crate::error::ApiError;
use crate::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use regie_domain::catalogue::AuditAction;
use regie_domain::suggest::{suggest, Suggestion};
use regie_store::{FidelityFilter, StoreError, SuggestProfileInput};
use serde::{Deserialize, Serialize};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/reports/fidelity", get(report))
        .route("/clients/{id}/trajectories/{tid}/fidelity", get(trajectory))
        .route("/clients/{id}/method-suggestions", get(suggestions))
        .route(
            "/clients/{id}/method-suggestions/profile",
            put(save_profile),
        )
        .route(
            "/clients/{id}/method-suggestions/{code}/dismissal",
            post(dismiss).delete(restore),
        )
}

#[derive(Debug, Default, Deserialize)]
struct ReportQuery {
    team: Option<i64>,
    method: Option<i64>,
}

#[derive(Serialize)]
struct IndicatorOut {
    indicator: &'static str,
    met: i64,
    not_met: i64,
    not_yet: i64,
    not_applicable: i64,
    /// Share meeting it among those where it could be measured, whole percent; null when none.
    percent: Option<i64>,
}

#[derive(Serialize)]
struct RowOut {
    team_id: i64,
    team_name: String,
    model_id: i64,
    model_name: String,
    trajectories: i64,
    indicators: Vec<IndicatorOut>,
}

async fn report(
    State(state): State<AppState>,
    user: ApiUser,
    Q(q): Q<ReportQuery>,
) -> Result<Response, ApiError> {
    let filter = FidelityFilter {
        team_id: q.team.unwrap_or(0),
        model_id: q.method.unwrap_or(0),
    };
    let r = match state
        .store
        .fidelity_report(&user.actor.user, filter, regie_store::today())
        .await
    {
        Ok(r) => r,
        Err(StoreError::Forbidden) => {
            let message = crate::Lang::Nl.tr().t("fidelity.forbidden");
            return Ok((
                StatusCode::FORBIDDEN,
                Json(serde_json::json!({ "error": message })),
            )
                .into_response());
        }
        Err(e) => return Err(e.into()),
    };
    let items: Vec<RowOut> = r
        .rows
        .into_iter()
        .map(|row| RowOut {
            team_id: row.team_id,
            team_name: row.team_name,
            model_id: row.model_id,
            model_name: row.model_name,
            trajectories: row.trajectories,
            indicators: row
                .indicators
                .iter()
                .map(|(i, t)| IndicatorOut {
                    indicator: i.code(),
                    met: t.met,
                    not_met: t.not_met,
                    not_yet: t.not_yet,
                    not_applicable: t.not_applicable,
                    percent: t.percent(),
                })
                .collect(),
        })
        .collect();
    Ok(
        Json(serde_json::json!({ "team_id": r.team_id, "model_id": r.model_id, "items": items }))
            .into_response(),
    )
}

async fn trajectory(
    State(state): State<AppState>,
    user: ApiUser,
    P((id, tid)): P<(i64, i64)>,
) -> Result<Response, ApiError> {
    let scope = state
        .store
        .open_client(&user.actor, id, AuditAction::Read, "kwaliteit traject")
        .await?;
    Ok(Json(
        state
            .store
            .trajectory_fidelity(&scope, tid, regie_store::today())
            .await?,
    )
    .into_response())
}

/// The name of a method from the methods library, or its code.
fn method_name(code: &str) -> String {
    regie_domain::methods::method(code)
        .map(|m| m.name.clone())
        .unwrap_or_else(|| code.to_string())
}

#[derive(Serialize)]
struct SuggestionOut {
    method: &'static str,
    name: String,
    score: i32,
    reasons: Vec<regie_domain::suggest::Reason>,
    against: Vec<regie_domain::suggest::Reason>,
}

impl From<Suggestion> for SuggestionOut {
    fn from(s: Suggestion) -> Self {
        SuggestionOut {
            method: s.method,
            name: method_name(s.method),
            score: s.score,
            reasons: s.reasons,
            against: s.against,
        }
    }
}

async fn suggestions(
    State(state): State<AppState>,
    user: ApiUser,
    P(id): P<i64>,
) -> Result<Response, ApiError> {
    let scope = state
        .store
        .open_client(&user.actor, id, AuditAction::Read, "methodesuggesties")
        .await?;
    let inputs = state
        .store
        .suggestion_inputs(&scope, regie_store::today())
        .await?;
    let hidden: Vec<&str> = inputs
        .dismissed
        .iter()
        .map(|d| d.method_code.as_str())
        .collect();
    let items: Vec<SuggestionOut> = suggest(&inputs.profile)
        .into_iter()
        .filter(|s| !hidden.contains(&s.method))
        .map(Into::into)
        .collect();
    Ok(Json(serde_json::json!({
        "profile": inputs.stored,
        "known": {
            "goal_domains": inputs.profile.goal_domains,
            "network": inputs.profile.network,
            "age": inputs.profile.age,
            "zrm": inputs.profile.zrm,
        },
        "items": items,
        "dismissed": inputs.dismissed,
    }))
    .into_response())
}

async fn save_profile(
    State(state): State<AppState>,
    user: ApiUser,
    P(id): P<i64>,
    b: Result<Json<SuggestProfileInput>, JsonRejection>,
) -> Result<Response, ApiError> {
    let scope = state
        .store
        .open_client(
            &user.actor,
            id,
            AuditAction::Update,
            "methodesuggesties profiel",
        )
        .await?;
    let input = body(b)?;
    Ok(Json(state.store.save_suggest_profile(&scope, &input).await?).into_response())
}

#[derive(Debug, Default, Deserialize)]
struct DismissBody {
    #[serde(default)]
    reason: String,
}

async fn dismiss(
    State(state): State<AppState>,
    user: ApiUser,
    P((id, code)): P<(i64, String)>,
    b: Result<Json<DismissBody>, JsonRejection>,
) -> Result<Response, ApiError> {
    // The body is optional: without one, the suggestion is dismissed without a reason.
    let reason = match b {
        Err(JsonRejection::MissingJsonContentType(_)) => String::new(),
        other => body(other)?.reason,
    };
    let scope = state
        .store
        .open_client(
            &user.actor,
            id,
            AuditAction::Update,
            "methodesuggesties afwijzen",
        )
        .await?;
    state
        .store
        .dismiss_suggestion(&scope, &code, &reason)
        .await?;
    Ok(no_content())
}

async fn restore(
    State(state): State<AppState>,
    user: ApiUser,
    P((id, code)): P<(i64, String)>,
) -> Result<Response, ApiError> {
    let scope = state
        .store
        .open_client(
            &user.actor,
            id,
            AuditAction::Update,
            "methodesuggesties terugzetten",
        )
        .await?;
    state.store.restore_suggestion(&scope, &code).await?;
    Ok(no_content())
}
