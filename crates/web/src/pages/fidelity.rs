//! Kwaliteitsmonitor: per team and method, the share of trajectories meeting each indicator of
//! the method (for teamleiders, kwaliteit and beheer); and per trajectory "Wat ontbreekt nu",
//! which the dossier's trajectory block loads in place (htmx) or links to (without JavaScript).

use crate::auth::Staff;
use crate::error::PageError;
use crate::i18n::Tr;
use crate::pages::form::fill;
use crate::pages::{is_htmx, render, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use regie_domain::catalogue::AuditAction;
use regie_domain::fidelity::{Outcome, Tally};
use regie_store::{report_scope, FidelityFilter, StoreError};
use std::collections::HashMap;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/kwaliteitsmonitor", get(report))
        .route("/clienten/{id}/traject/{tid}/kwaliteit", get(trajectory))
}

/// One cell of the table.
pub(crate) struct Cell {
    pub label: &'static str,
    pub text: String,
    /// `good`, `mid`, `bad` or `none`, for the colour.
    pub class: &'static str,
}

/// One team and method.
pub(crate) struct ReportRow {
    pub team: String,
    pub method: String,
    pub trajectories: i64,
    pub cells: Vec<Cell>,
}

/// A choice in a filter.
pub(crate) struct Opt {
    pub id: i64,
    pub name: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "fidelity/report.html")]
struct ReportPage {
    l: Layout,
    headers: Vec<&'static str>,
    rows: Vec<ReportRow>,
    teams: Vec<Opt>,
    /// Whether the team can be chosen (not for a teamleider).
    choose_team: bool,
    models: Vec<Opt>,
}

#[derive(Template)]
#[template(path = "fidelity/forbidden.html")]
struct Forbidden {
    l: Layout,
}

/// One indicator of a trajectory as shown.
pub(crate) struct CheckRow {
    pub code: &'static str,
    pub label: &'static str,
    pub outcome: &'static str,
    pub outcome_label: &'static str,
    pub text: String,
}

/// What the trajectory's fidelity templates read.
pub(crate) struct TrajectoryChecks {
    pub client_id: i64,
    pub model_name: String,
    pub missing: Vec<CheckRow>,
    pub other: Vec<CheckRow>,
}

#[derive(Template)]
#[template(path = "fidelity/trajectory.html")]
struct TrajectoryPage {
    l: Layout,
    c: TrajectoryChecks,
}

#[derive(Template)]
#[template(path = "fidelity/checks.html")]
struct ChecksFragment {
    l: Layout,
    c: TrajectoryChecks,
}

fn cell(tr: Tr, label: &'static str, t: &Tally) -> Cell {
    match t.percent() {
        None => Cell {
            label,
            text: tr.t("fidelity.cell_none").to_string(),
            class: "none",
        },
        Some(pct) => Cell {
            label,
            text: fill(
                tr.t("fidelity.cell"),
                &[
                    ("pct", &pct.to_string()),
                    ("met", &t.met.to_string()),
                    ("n", &(t.met + t.not_met).to_string()),
                ],
            ),
            class: if pct >= 80 {
                "good"
            } else if pct >= 50 {
                "mid"
            } else {
                "bad"
            },
        },
    }
}

fn number(q: &HashMap<String, String>, key: &str) -> i64 {
    q.get(key).and_then(|v| v.trim().parse().ok()).unwrap_or(0)
}

async fn report(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let tr = staff.tr;
    let l = Layout::new(&staff, tr.t("fidelity.title"));
    let Some(scope) = report_scope(staff.user()) else {
        return Ok((StatusCode::FORBIDDEN, render(&Forbidden { l })).into_response());
    };
    let filter = FidelityFilter {
        team_id: number(&q, "team"),
        model_id: number(&q, "methode"),
    };
    let report = match state
        .store
        .fidelity_report(staff.user(), filter, regie_store::today())
        .await
    {
        Ok(r) => r,
        Err(StoreError::Forbidden) => {
            return Ok((StatusCode::FORBIDDEN, render(&Forbidden { l })).into_response())
        }
        Err(e) => return Err(e.into()),
    };
    let headers: Vec<&'static str> = regie_domain::fidelity::Indicator::ALL
        .iter()
        .map(|i| tr.code("indicator", i.code()))
        .collect();
    let rows = report
        .rows
        .iter()
        .map(|r| ReportRow {
            team: r.team_name.clone(),
            method: r.model_name.clone(),
            trajectories: r.trajectories,
            cells: r
                .indicators
                .iter()
                .map(|(i, t)| cell(tr, tr.code("indicator", i.code()), t))
                .collect(),
        })
        .collect();
    let teams = state
        .store
        .teams()
        .await?
        .into_iter()
        .filter(|t| scope == 0 || t.id == scope)
        .map(|t| Opt {
            selected: t.id == report.team_id,
            id: t.id,
            name: t.name,
        })
        .collect();
    let models = state
        .store
        .phase_models()
        .await?
        .into_iter()
        .map(|m| Opt {
            selected: m.id == report.model_id,
            id: m.id,
            name: m.name,
        })
        .collect();
    Ok(render(&ReportPage {
        l,
        headers,
        rows,
        teams,
        choose_team: scope == 0,
        models,
    }))
}

async fn trajectory(
    State(state): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    Path((id, tid)): Path<(i64, i64)>,
) -> Result<Response, PageError> {
    let scope = state
        .store
        .open_client(&staff.actor, id, AuditAction::Read, "kwaliteit traject")
        .await?;
    let f = state
        .store
        .trajectory_fidelity(&scope, tid, regie_store::today())
        .await?;
    let tr = staff.tr;
    let row = |c: &regie_domain::fidelity::Check| CheckRow {
        code: c.indicator.code(),
        label: tr.code("indicator", c.indicator.code()),
        outcome: c.outcome.code(),
        outcome_label: tr.code("outcome", c.outcome.code()),
        text: c.explanation.clone(),
    };
    let c = TrajectoryChecks {
        client_id: id,
        model_name: f.model_name.clone(),
        missing: f
            .checks
            .iter()
            .filter(|c| c.outcome == Outcome::NotMet)
            .map(row)
            .collect(),
        other: f
            .checks
            .iter()
            .filter(|c| c.outcome != Outcome::NotMet && c.outcome != Outcome::NotApplicable)
            .map(row)
            .collect(),
    };
    let l = Layout::new(&staff, tr.t("fidelity.missing_now"));
    if is_htmx(&headers) {
        return Ok(render(&ChecksFragment { l, c }));
    }
    Ok(render(&TrajectoryPage { l, c }))
}
