//! The ZRM verloop page (the full picture: a star chart of up to three chosen measurements and a
//! line per domain over time, each with its table) and the form that sets a goal's target level.

use super::form::FormData;
use super::plan_form::path_id;
use super::zrm_chart::lines::{line_chart, LineChart};
use super::zrm_chart::{level_text, AxisDomain};
use super::zrm_view::{cell, head, reading_label, section, ZrmSection};
use crate::auth::Staff;
use crate::error::PageError;
use crate::pages::{render, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use regie_domain::catalogue::AuditAction;
use regie_domain::instrument::instrument;
use regie_domain::plan::PlanSnapshot;
use regie_domain::zrm_view::{chart_instrument, reached, series, target_for, Reading};
use axum::http::StatusCode;
use regie_domain::zrm_view::MAX_LEVEL;
use regie_store::{GoalTargetInput, StoreError};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/clienten/{id}/zrm/verloop", get(verloop))
        .route("/clienten/{id}/plan/doelen/{gid}/doelniveau", post(set_goal_target))
}

/// A measurement offered in the chooser.
struct Choice {
    id: i64,
    label: String,
    checked: bool,
}

/// GET /clienten/{id}/zrm/verloop
#[derive(Template)]
#[template(path = "zrm/verloop.html")]
struct VerloopPage {
    l: Layout,
    client_id: i64,
    client_name: String,
    z: ZrmSection,
    choices: Vec<Choice>,
    /// More than three were ticked: only the latest three are shown.
    too_many: bool,
    lines: Vec<LineChart>,
    /// The table beside the lines: one column per measurement, one row per domain.
    history_heads: Vec<(String, String)>,
    history_rows: Vec<(String, Vec<super::zrm_view::Cell>)>,
}

/// GET /clienten/{id}/zrm/verloop?m=ID&m=ID&m=ID
pub(crate) async fn verloop(State(st): State<AppState>, staff: Staff, Path(id): Path<String>, RawQuery(query): RawQuery) -> Result<Response, PageError> {
    let client_id = path_id(&id)?;
    let tr = staff.tr;
    let asked: Vec<i64> = query
        .and_then(|q| serde_urlencoded::from_str::<Vec<(String, String)>>(&q).ok())
        .unwrap_or_default()
        .into_iter()
        .filter(|(k, _)| k == "m")
        .filter_map(|(_, v)| v.trim().parse().ok())
        .collect();
    let scope = st.store.open_client(&staff.actor, client_id, AuditAction::Read, "zrm").await?;
    let client_name = st.store.client(&scope).await?.full_name();
    let tid = st.store.active_trajectory_id(&scope).await?;
    let (ov, plan, active) = match tid {
        Some(t) => {
            let traj = st.store.trajectory(&scope, t).await?;
            (st.store.zrm_overview(&scope, t).await?, st.store.plan(&scope, t).await?, traj.status == "actief")
        }
        None => (Default::default(), PlanSnapshot::default(), false),
    };
    let domains = st.store.life_domains().await?;
    let z = section(tr, client_id, tid.map(|t| (t, active)), &ov, &plan.goals, &domains, &asked, "zrm-verloop");
    let readings: Vec<Reading> = ov.measurements.iter().map(Reading::of).collect();
    let shown_ids: Vec<i64> = {
        let picked = if asked.is_empty() { regie_domain::zrm_view::overlay(&readings) } else { regie_domain::zrm_view::chosen(&readings, &asked) };
        picked.iter().map(|r| r.id).collect()
    };
    let mut by_time: Vec<&Reading> = readings.iter().collect();
    by_time.sort_by_key(|r| (r.measured_on, r.id));
    let choices = by_time.iter().rev().map(|r| Choice { id: r.id, label: reading_label(tr, r), checked: shown_ids.contains(&r.id) }).collect();
    let inst = chart_instrument(&readings).and_then(instrument);
    let mut lines = Vec::new();
    let mut history_heads = Vec::new();
    let mut history_rows = Vec::new();
    if let Some(inst) = inst {
        let same: Vec<&Reading> = by_time.iter().copied().filter(|r| r.instrument == inst.code).collect();
        history_heads = same.iter().map(|r| head(tr, r)).collect();
        let (from, to) = (same.first().map(|r| r.measured_on), same.last().map(|r| r.measured_on));
        let latest_worker = same.iter().rev().find(|r| r.worker);
        for d in inst.domains_with(&inst.supplements.iter().map(|s| s.code.to_string()).collect::<Vec<_>>()) {
            if !same.iter().any(|r| r.score(d.code).is_some()) {
                continue;
            }
            let target = d.maps_to.and_then(|c| target_for(&ov.targets, c));
            let latest = latest_worker.and_then(|r| r.level(d.code));
            let axis = AxisDomain { code: d.code.into(), name: d.name.into(), target: target.map(|t| t.level), reached: target.is_some_and(|t| reached(t.level, latest)) };
            let worker = series(&readings, inst.code, d.code, true);
            let client = series(&readings, inst.code, d.code, false);
            if let (Some(from), Some(to)) = (from, to) {
                lines.push(line_chart(tr, &format!("zrm-lijn-{}", d.code), &axis, &worker, &client, from, to));
            }
            history_rows.push((d.name.to_string(), same.iter().map(|r| cell(tr, r.score(d.code))).collect()));
        }
    }
    let page = VerloopPage {
        l: Layout::new(&staff, format!("{} · {}", tr.t("zrmv.verloop_title"), client_name)),
        client_id,
        client_name,
        z,
        choices,
        too_many: asked.len() > 3,
        lines,
        history_heads,
        history_rows,
    };
    Ok(render(&page))
}

/// POST /clienten/{id}/plan/doelen/{gid}/doelniveau (level, target_date, version): sets, changes
/// or clears a goal's target level, then back to the dossier's ZRM section.
pub(crate) async fn set_goal_target(State(st): State<AppState>, staff: Staff, Path((id, gid)): Path<(String, String)>, form: FormData) -> Result<Response, PageError> {
    let client_id = path_id(&id)?;
    let goal_id = path_id(&gid)?;
    let scope = st.store.open_client(&staff.actor, client_id, AuditAction::Update, "doelniveau").await?;
    let input = GoalTargetInput { level: form.get("level").to_string(), target_date: form.get("target_date").to_string() };
    let version = form.filled("version").and_then(|v| v.parse::<i64>().ok());
    match st.store.set_goal_target(&scope, goal_id, &input, version).await {
        Ok(_) => Ok(Redirect::to(&format!("/clienten/{client_id}#zrm")).into_response()),
        Err(StoreError::Invalid(inv)) => {
            // Refused: the form again with the messages and what was typed (422).
            let typed = input.level.trim().parse::<i64>().ok();
            let page = TargetRefused {
                l: Layout::new(&staff, staff.tr.t("zrmv.level_field")),
                client_id,
                goal_id,
                version: form.get("version").chars().filter(char::is_ascii_digit).take(12).collect(),
                target_date: input.target_date.chars().take(20).collect(),
                options: (1..=MAX_LEVEL).map(|l| (l, level_text(staff.tr, Some(l)), typed == Some(l))).collect(),
                level_error: inv.0.get("level").unwrap_or_default().to_string(),
                date_error: inv.0.get("target_date").unwrap_or_default().to_string(),
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// A refused target form, shown again.
#[derive(Template)]
#[template(path = "zrm/chart_target_refused.html")]
struct TargetRefused {
    l: Layout,
    client_id: i64,
    goal_id: i64,
    version: String,
    target_date: String,
    options: Vec<(i64, String, bool)>,
    level_error: String,
    date_error: String,
}
