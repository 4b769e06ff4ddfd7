//! API tokens: `POST /tokens` (email, password and — when the role requires the second factor —
//! a `code`), and the owner's own list (`GET /tokens`) and revocation (`DELETE /tokens/{id}`).
//! The token itself is shown once, when it is made; only its SHA-256 is kept.

use super::{bad, items, no_content, P};
use crate::auth::ApiUser;
use crate::error::{ApiError, AppError};
use crate::sign_in::{code_attempt, CodeOutcome, Origin, Outcome};
use crate::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::http::header::RETRY_AFTER;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, post};
use axum::{Json, Router};
use regie_store::TokenInfo;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/tokens", post(create).get(list)).route("/tokens/{id}", delete(revoke))
}

#[derive(serde::Deserialize)]
struct TokenRequest {
    email: String,
    password: String,
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    label: Option<String>,
}

fn refusal(status: StatusCode, key: &str, code_required: bool) -> Response {
    let mut body = serde_json::json!({ "error": crate::Lang::Nl.tr().t(key) });
    if code_required {
        body["code_required"] = serde_json::Value::Bool(true);
    }
    (status, Json(body)).into_response()
}

fn locked(retry_after: i64) -> Response {
    let mut res = refusal(StatusCode::TOO_MANY_REQUESTS, "login.locked", false);
    res.headers_mut().insert(RETRY_AFTER, retry_after.into());
    res
}

async fn create(State(state): State<AppState>, origin: Origin, b: Result<Json<TokenRequest>, JsonRejection>) -> Result<Response, ApiError> {
    let Json(req) = b.map_err(|_| AppError::BadRequest("Stuur een JSON-object met \"email\", \"password\" en \"code\".".into()))?;
    let user = match crate::sign_in::attempt(&state, &req.email, &req.password, &origin.source).await? {
        Outcome::Accepted(user) => user,
        Outcome::Refused => return Ok(refusal(StatusCode::UNAUTHORIZED, "api.bad_credentials", false)),
        Outcome::Locked { retry_after } => return Ok(locked(retry_after)),
    };
    if crate::sign_in::factor_required(&state, &user).await? {
        let code = req.code.as_deref().map(str::trim).unwrap_or("");
        if code.is_empty() {
            return Ok(refusal(StatusCode::UNAUTHORIZED, "api.code_required", true));
        }
        match code_attempt(&state, &user, code, &origin.source).await? {
            CodeOutcome::Accepted(_) => {}
            // Also when no factor is set up yet: that happens at the first sign-in in the browser.
            CodeOutcome::Refused => return Ok(refusal(StatusCode::UNAUTHORIZED, "tf.code_wrong", true)),
            CodeOutcome::Locked { retry_after } => return Ok(locked(retry_after)),
        }
    }
    crate::sign_in::succeeded(&state, &user).await?;
    let (token, id, expires) = state.store.create_labelled_api_token(user.id, state.config.token_lifetime, req.label.as_deref()).await?;
    tracing::info!(user_id = user.id, "API token issued");
    let label = req.label.map(|l| l.trim().chars().take(100).collect::<String>()).filter(|l| !l.is_empty());
    Ok((StatusCode::CREATED, Json(serde_json::json!({ "token": token, "id": id, "label": label, "expires_at": expires }))).into_response())
}

async fn list(State(state): State<AppState>, user: ApiUser) -> Result<Json<super::Items<TokenInfo>>, ApiError> {
    Ok(items(state.store.my_api_tokens(user.actor.user.id).await?))
}

async fn revoke(State(state): State<AppState>, user: ApiUser, P(id): P<String>) -> Result<Response, ApiError> {
    let id: i64 = id.parse().map_err(|_| bad("Het adres klopt niet: een nummer in het adres is geen geldig getal."))?;
    if !state.store.revoke_my_api_token(user.actor.user.id, id).await? {
        return Err(ApiError(AppError::Store(regie_store::StoreError::NotFound)));
    }
    tracing::info!(user_id = user.actor.user.id, "API token revoked");
    Ok(no_content())
}
