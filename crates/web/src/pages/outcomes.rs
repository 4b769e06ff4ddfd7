//! The outcomes report (uitkomsten) for teamleiders (own team), kwaliteit and beheer: per ZRM
//! version a table per domain with the Wilcoxon test, the total score with the paired t-test,
//! satisfaction, duration, exit destinations and result-agreement attainment. Filters come as
//! GET parameters, so a view can be bookmarked; `?afdruk=1` is the A4 print version;
//! `/rapportage/uitkomsten.csv` the same numbers for Dutch Excel (see `outcomes_csv`) and
//! `/rapportage/uitkomsten/paren.csv` the pairs for rechecking the tests with SciPy.

use super::outcomes_csv;
use super::outcomes_view::{filter_parts, view, ReportView};
use crate::auth::Staff;
use crate::error::PageError;
use crate::i18n::Tr;
use crate::pages::{render, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::NaiveDate;
use regie_store::{report_scope, OutcomeFilter};
use std::collections::HashMap;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/rapportage/uitkomsten", get(page))
        .route("/rapportage/uitkomsten.csv", get(csv))
        .route("/rapportage/uitkomsten/paren.csv", get(pairs))
}

/// The query parameter names of the filter: Dutch on the pages, English in the API.
pub(crate) struct Names {
    pub from: &'static str,
    pub to: &'static str,
    pub team: &'static str,
    pub location: &'static str,
    pub model: &'static str,
    pub method: &'static str,
    pub funding: &'static str,
    pub target_group: &'static str,
}

/// The page's parameter names.
pub(crate) const PAGE: Names = Names {
    from: "van",
    to: "tot",
    team: "team",
    location: "locatie",
    model: "fasemodel",
    method: "methode",
    funding: "financiering",
    target_group: "doelgroep",
};

/// Funding law codes, in display order.
pub(crate) const FUNDING: &[&str] = &["wmo", "jeugdwet", "wlz", "zvw", "participatiewet", "anders"];

/// Reads the filter; each unreadable value is left out and named in the errors as
/// (parameter, text key).
pub(crate) fn parse_filter(q: &HashMap<String, String>, n: &Names) -> (OutcomeFilter, Vec<(&'static str, &'static str)>) {
    let text = |k: &str| q.get(k).map(|v| v.trim().to_string()).unwrap_or_default();
    let number = |k: &str| text(k).parse::<i64>().ok().filter(|v| *v > 0).unwrap_or(0);
    let mut errors = Vec::new();
    let mut date = |k: &'static str| {
        let v = text(k);
        if v.is_empty() {
            return None;
        }
        let d = NaiveDate::parse_from_str(&v, "%Y-%m-%d").ok();
        if d.is_none() {
            errors.push((k, "outcomes.bad_date"));
        }
        d
    };
    let (mut from, to) = (date(n.from), date(n.to));
    if let (Some(a), Some(b)) = (from, to) {
        if a > b {
            errors.push((n.from, "outcomes.bad_period"));
            from = None;
        }
    }
    let code = |k: &str| {
        let v = text(k);
        if v.len() <= 60 && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            v
        } else {
            String::new()
        }
    };
    let f = OutcomeFilter {
        from,
        to,
        team_id: number(n.team),
        location_id: number(n.location),
        model_id: number(n.model),
        method: code(n.method),
        funding: code(n.funding),
        target_group: code(n.target_group),
    };
    (f, errors)
}

#[derive(Template)]
#[template(path = "outcomes/report.html")]
struct ReportPage {
    l: Layout,
    v: ReportView,
}

#[derive(Template)]
#[template(path = "outcomes/print.html")]
struct PrintPage {
    l: Layout,
    v: ReportView,
}

#[derive(Template)]
#[template(path = "outcomes/forbidden.html")]
struct Forbidden {
    l: Layout,
}

fn forbidden(staff: &Staff) -> Response {
    let l = Layout::new(staff, staff.tr.t("outcomes.title"));
    (StatusCode::FORBIDDEN, render(&Forbidden { l })).into_response()
}

async fn page(State(state): State<AppState>, staff: Staff, Query(q): Query<HashMap<String, String>>) -> Result<Response, PageError> {
    let tr: Tr = staff.tr;
    let Some(scope) = report_scope(staff.user()) else {
        return Ok(forbidden(&staff));
    };
    let (filter, errors) = parse_filter(&q, &PAGE);
    let Some(report) = state.store.outcomes_report(staff.user(), &filter).await? else {
        return Ok(forbidden(&staff));
    };
    let choices = state.store.outcome_choices().await?;
    let models = state.store.phase_models().await?;
    let v = view(tr, &staff, scope, &report, &choices, &models, &errors);
    let l = Layout::new(&staff, tr.t("outcomes.title"));
    if q.get("afdruk").is_some_and(|v| v == "1") {
        return Ok(render(&PrintPage { l, v }));
    }
    Ok(render(&ReportPage { l, v }))
}

async fn csv(State(state): State<AppState>, staff: Staff, Query(q): Query<HashMap<String, String>>) -> Result<Response, PageError> {
    if report_scope(staff.user()).is_none() {
        return Ok(forbidden(&staff));
    }
    let (filter, _) = parse_filter(&q, &PAGE);
    let Some(report) = state.store.outcomes_report(staff.user(), &filter).await? else {
        return Ok(forbidden(&staff));
    };
    let teams = state.store.teams().await?;
    let choices = state.store.outcome_choices().await?;
    let models = state.store.phase_models().await?;
    let (_, words) = filter_parts(staff.tr, &report, &choices, &models);
    let body = outcomes_csv::report_csv(staff.tr, &report, &teams, &words);
    Ok(download(body, "uitkomsten.csv"))
}

async fn pairs(State(state): State<AppState>, staff: Staff, Query(q): Query<HashMap<String, String>>) -> Result<Response, PageError> {
    let (filter, _) = parse_filter(&q, &PAGE);
    let Some(pairs) = state.store.outcome_pairs(staff.user(), &filter).await? else {
        return Ok(forbidden(&staff));
    };
    Ok(download(regie_store::pairs_csv(&pairs, "zrm2017"), "uitkomsten-paren.csv"))
}

/// A CSV file to save.
fn download(body: String, name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        body,
    )
        .into_response()
}
