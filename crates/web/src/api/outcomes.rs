//! The outcomes report over JSON: `GET /reports/outcomes` with the same filters as the page
//! (query parameters `from`, `to`, `team`, `location`, `model`, `method`, `funding`,
//! `target_group`). Per domain exactly the fields: `domain`, `n_pairs`, `improved`,
//! `same`, `declined`, `mean_first`, `mean_last`, `median_change`, `wilcoxon_w`, `z`,
//! `p_value`, `effect_size_r` (plus `name` and `no_test_reason`).

use crate::auth::ApiUser;
use crate::error::{ApiError, AppError};
use crate::pages::outcomes::{parse_filter, Names};
use crate::AppState;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use std::collections::HashMap;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/reports/outcomes", get(report))
}

const API: Names = Names {
    from: "from",
    to: "to",
    team: "team",
    location: "location",
    model: "model",
    method: "method",
    funding: "funding",
    target_group: "target_group",
};

async fn report(State(state): State<AppState>, user: ApiUser, Query(q): Query<HashMap<String, String>>) -> Result<Response, ApiError> {
    let tr = crate::Lang::Nl.tr();
    let (filter, errors) = parse_filter(&q, &API);
    if let Some((field, key)) = errors.first() {
        return Err(ApiError(AppError::BadRequest(format!("{field}: {}", tr.t(key)))));
    }
    let Some(r) = state.store.outcomes_report(&user.actor.user, &filter).await? else {
        return Ok((StatusCode::FORBIDDEN, Json(serde_json::json!({ "error": tr.t("outcomes.forbidden") }))).into_response());
    };
    let instruments: Vec<serde_json::Value> = r
        .instruments
        .iter()
        .map(|i| {
            let domains: Vec<serde_json::Value> = i
                .domains
                .iter()
                .map(|d| {
                    let o = &d.outcome;
                    serde_json::json!({
                        "domain": o.domain, "name": d.name, "n_pairs": o.n_pairs, "improved": o.improved, "same": o.same,
                        "declined": o.declined, "mean_first": o.mean_first, "mean_last": o.mean_last,
                        "median_change": o.median_change, "wilcoxon_w": o.wilcoxon_w, "z": o.z, "p_value": o.p_value,
                        "effect_size_r": o.effect_size_r, "no_test_reason": o.no_test_reason,
                    })
                })
                .collect();
            serde_json::json!({ "instrument": i.instrument, "name": i.name, "domains": domains, "total": i.total })
        })
        .collect();
    let exits: Vec<serde_json::Value> = r.exits.iter().map(|(code, n)| serde_json::json!({ "exit_destination": code, "n": n })).collect();
    Ok(Json(serde_json::json!({
        "team_id": r.team_id,
        "filter": r.filter,
        "instruments": instruments,
        "satisfaction": r.satisfaction,
        "duration": r.duration,
        "exits": exits,
        "attainment": r.attainment,
    }))
    .into_response())
}
