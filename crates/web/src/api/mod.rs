//! The JSON API under `/api/v1`, documented in `docs/api.md`. Every route authenticates with a
//! bearer token and reaches client data only through the store's access-checked path
//! ([`regie_store::Store::open_client`]).
//!
//! Conventions kept by every handler:
//! - bodies are read with [`body`], path parameters with [`P`] and query strings with [`Q`], so a
//!   request that cannot be read gets a Dutch `400` JSON answer, never axum's English text;
//! - lists that are not paged answer `{"items": [...]}`, paged lists `{"items": [...], "total": N}`;
//! - creating answers `201` with the new item, removing answers `204` without a body.

mod access_log;
mod avg;
mod catalogue;
mod clients;
mod fidelity;
mod journal;
mod methods;
mod network;
mod outcomes;
mod plan;
mod results;
mod strengths;
mod tokens;
mod trajectories;
mod zrm;

use crate::auth::ApiUser;
use crate::error::{ApiError, AppError};
use crate::AppState;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .merge(tokens::routes())
        .route("/me", get(me))
        .merge(clients::routes())
        .merge(trajectories::routes())
        .merge(plan::routes())
        .merge(journal::routes())
        .merge(catalogue::routes())
        .merge(methods::routes())
        .merge(fidelity::routes())
        .merge(outcomes::routes())
        .merge(strengths::routes())
        .merge(network::routes())
        .merge(results::routes())
        .merge(zrm::routes())
        .merge(access_log::routes())
        .merge(avg::routes())
        .fallback(|| async { ApiError(AppError::Store(regie_store::StoreError::NotFound)) })
        .method_not_allowed_fallback(|| async {
            (StatusCode::METHOD_NOT_ALLOWED, Json(serde_json::json!({ "error": "Dit adres kent deze methode niet." })))
        })
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

async fn me(user: ApiUser) -> Json<regie_domain::record::User> {
    Json(user.actor.user)
}

// ---------------------------------------------------------------------------------------------
// Reading requests: Dutch 400s instead of axum's English plain text.

/// A request the API cannot read, with a Dutch explanation.
pub(crate) fn bad(message: impl Into<String>) -> ApiError {
    ApiError(AppError::BadRequest(message.into()))
}

/// Reads a JSON body, turning a malformed one into a Dutch 400 instead of axum's English text.
pub(crate) fn body<T>(b: Result<Json<T>, JsonRejection>) -> Result<T, ApiError> {
    b.map(|Json(v)| v).map_err(|e| bad(format!("De gegevens kloppen niet: {}", dutch_rejection(&e))))
}

fn dutch_rejection(e: &JsonRejection) -> String {
    use axum::extract::rejection::JsonRejection::*;
    match e {
        MissingJsonContentType(_) => "stuur Content-Type: application/json.".into(),
        JsonSyntaxError(_) => "dit is geen geldige JSON.".into(),
        JsonDataError(d) => match serde_field(&d.body_text()) {
            Some((field, true)) => format!("het veld \"{field}\" ontbreekt."),
            Some((field, false)) => format!("het veld \"{field}\" heeft de verkeerde vorm."),
            None => "de gegevens hebben niet de verwachte vorm.".into(),
        },
        _ => "de inhoud kon niet gelezen worden.".into(),
    }
}

/// The field named in a serde error text, and whether it was missing (rather than malformed).
/// serde's texts are English; only the field name is passed on.
fn serde_field(text: &str) -> Option<(String, bool)> {
    let detail = text.split_once(": ").map(|(_, d)| d).unwrap_or(text);
    if let Some(rest) = detail.split("missing field `").nth(1) {
        return rest.split('`').next().map(|f| (f.to_string(), true));
    }
    let (path, _) = detail.split_once(": ")?;
    let ok = !path.is_empty() && path.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '[' | ']'));
    ok.then(|| (path.to_string(), false))
}

/// Path parameters (`/clients/{id}`), refused in Dutch when they are not what the route expects.
pub(crate) struct P<T>(pub T);

impl<T, S> FromRequestParts<S> for P<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(P(v)),
            Err(PathRejection::FailedToDeserializePathParams(_)) => {
                Err(bad("Het adres klopt niet: een nummer in het adres is geen geldig getal."))
            }
            Err(_) => Err(bad("Het adres klopt niet.")),
        }
    }
}

/// A query string (`?limit=20&offset=40`), refused in Dutch when a parameter has the wrong form.
pub(crate) struct Q<T>(pub T);

impl<T, S> FromRequestParts<S> for Q<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(Q(v)),
            Err(QueryRejection::FailedToDeserializeQueryString(e)) => Err(bad(match serde_field(&e.body_text()) {
                Some((field, true)) => format!("De parameter \"{field}\" ontbreekt."),
                Some((field, false)) => format!("De parameter \"{field}\" heeft de verkeerde vorm."),
                None => "De parameters in het adres kloppen niet.".to_string(),
            })),
            Err(_) => Err(bad("De parameters in het adres kloppen niet.")),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Shapes shared by the handlers.

/// `?limit=&offset=` of a paged list.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Paging {
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

impl Paging {
    /// Page size (default `default`, 1 to 200) and rows to skip (0 or more).
    pub fn get(&self, default: i64) -> (i64, i64) {
        (self.limit.unwrap_or(default).clamp(1, 200), self.offset.unwrap_or(0).max(0))
    }
}

/// `?version=N` of a DELETE.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct VersionQuery {
    pub version: Option<i64>,
}

/// `{"items": [...]}`: a list that is not paged.
#[derive(Debug, Serialize)]
pub(crate) struct Items<T> {
    pub items: Vec<T>,
}

/// Answers `{"items": [...]}`.
pub(crate) fn items<T: Serialize>(items: Vec<T>) -> Json<Items<T>> {
    Json(Items { items })
}

/// Answers `201 Created` with the new item.
pub(crate) fn created<T: Serialize>(item: T) -> Response {
    (StatusCode::CREATED, Json(item)).into_response()
}

/// Answers `204 No Content`.
pub(crate) fn no_content() -> Response {
    StatusCode::NO_CONTENT.into_response()
}

/// The version an edit is based on; an edit without one is refused (nothing may be overwritten
/// unseen).
pub(crate) fn need_version(v: Option<i64>) -> Result<i64, ApiError> {
    v.ok_or_else(|| one_field("version", "Stuur de versie mee van wat u het laatst las (\"version\")."))
}

/// A 422 refusal with one field message.
pub(crate) fn one_field(field: &str, message: &str) -> ApiError {
    ApiError(AppError::Store(regie_store::StoreError::field(field, message)))
}

/// A date in a query parameter (`JJJJ-MM-DD`), refused in Dutch.
pub(crate) fn query_date(name: &str, value: &str) -> Result<chrono::NaiveDate, ApiError> {
    chrono::NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
        .map_err(|_| bad(format!("De parameter \"{name}\" moet een datum zijn in de vorm JJJJ-MM-DD.")))
}

/// A JSON value that may come as a number or as text (`"duration_minutes": 45` or `"45"`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum NumOrText {
    Num(i64),
    Text(String),
}

impl NumOrText {
    /// As text, the way the store's input types take it.
    pub fn text(&self) -> String {
        match self {
            NumOrText::Num(n) => n.to_string(),
            NumOrText::Text(s) => s.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::serde_field;

    #[test]
    fn serde_errors_name_only_the_field() {
        assert_eq!(
            serde_field("Failed to deserialize the JSON body into the target type: missing field `version` at line 1 column 2"),
            Some(("version".into(), true))
        );
        assert_eq!(
            serde_field("Failed to deserialize the JSON body into the target type: version: invalid type: string \"x\", expected i64 at line 1 column 15"),
            Some(("version".into(), false))
        );
        assert_eq!(serde_field("Failed to deserialize query string: limit: invalid digit found in string"), Some(("limit".into(), false)));
        assert_eq!(serde_field("Failed to deserialize the JSON body into the target type: invalid type: integer `1`, expected a map"), None);
    }
}
