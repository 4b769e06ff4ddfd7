//! The JSON API under `/api/v1`, documented in `docs/api.md`. Every route authenticates with a
//! bearer token and reaches client data only through the store's access-checked path.

mod clients;

use crate::auth::ApiUser;
use crate::error::{ApiError, AppError};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/tokens", post(create_token))
        .route("/me", get(me))
        .merge(clients::routes())
        .fallback(|| async { ApiError(AppError::Store(regie_store::StoreError::NotFound)) })
}

pub(crate) fn health_routes() -> Router<AppState> {
    Router::new().route("/health", get(health))
}

async fn health(State(state): State<AppState>) -> Response {
    if state.store.healthy().await {
        Json(serde_json::json!({ "status": "ok" })).into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, Json(serde_json::json!({ "status": "unavailable" }))).into_response()
    }
}

#[derive(serde::Deserialize)]
struct TokenRequest {
    email: String,
    password: String,
}

async fn create_token(State(state): State<AppState>, body: Result<Json<TokenRequest>, axum::extract::rejection::JsonRejection>) -> Result<Response, ApiError> {
    let Json(req) = body.map_err(|_| AppError::BadRequest("Stuur een JSON-object met \"email\" en \"password\".".into()))?;
    let Some(user) = state.store.authenticate(&req.email, &req.password).await? else {
        return Ok((StatusCode::UNAUTHORIZED, Json(serde_json::json!({ "error": crate::Lang::Nl.tr().t("api.bad_credentials") }))).into_response());
    };
    let (token, expires) = state.store.create_api_token(user.id, state.config.token_lifetime).await?;
    Ok((StatusCode::CREATED, Json(serde_json::json!({ "token": token, "expires_at": expires }))).into_response())
}

async fn me(user: ApiUser) -> Json<regie_domain::record::User> {
    Json(user.actor.user)
}

/// Reads a JSON body, turning a malformed one into a Dutch 400 instead of axum's English text.
pub(crate) fn body<T>(b: Result<Json<T>, axum::extract::rejection::JsonRejection>) -> Result<T, ApiError> {
    b.map(|Json(v)| v).map_err(|e| ApiError(AppError::BadRequest(format!("De gegevens kloppen niet: {}", dutch_rejection(&e)))))
}

fn dutch_rejection(e: &axum::extract::rejection::JsonRejection) -> String {
    use axum::extract::rejection::JsonRejection::*;
    match e {
        MissingJsonContentType(_) => "stuur Content-Type: application/json.".into(),
        JsonSyntaxError(_) => "dit is geen geldige JSON.".into(),
        JsonDataError(d) => format!("een veld ontbreekt of heeft de verkeerde vorm ({}).", d.body_text().rsplit(": ").next().unwrap_or("")),
        _ => "de inhoud kon niet gelezen worden.".into(),
    }
}
