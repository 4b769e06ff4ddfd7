//! Holding an evaluation: date, participants, a summary, and per active goal a verdict and a
//! decision. The store keeps a snapshot of the plan with it.

use crate::auth::Staff;
use crate::error::PageError;
use crate::pages::form::FormData;
use crate::pages::{render, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use regie_domain::catalogue::{AuditAction, Decision, Verdict};
use regie_domain::FieldErrors;
use regie_store::{ClientScope, EvaluationGoalInput, EvaluationInput, StoreError};

/// One active goal on the form.
struct GoalRow {
    id: i64,
    text: String,
    domain: String,
    verdict: String,
    decision: String,
    note: String,
    verdict_err: Option<String>,
    decision_err: Option<String>,
}

#[derive(Template)]
#[template(path = "dossier/evaluation_new.html")]
struct EvaluationPage {
    l: Layout,
    client_id: i64,
    client_name: String,
    trajectory_id: Option<i64>,
    goals: Vec<GoalRow>,
    f: FormData,
    e: FieldErrors,
    verdicts: &'static [&'static str],
    decisions: &'static [&'static str],
}

impl EvaluationPage {
    /// Messages that belong to no field on this form.
    fn general_errors(&self) -> Vec<&(String, String)> {
        let own = ["held_on", "participants", "notes"];
        self.e.0.iter().filter(|(k, _)| !own.contains(&k.as_str()) && !k.starts_with("verdict_") && !k.starts_with("decision_")).collect()
    }
}

async fn render_form(state: &AppState, staff: &Staff, scope: &ClientScope, f: FormData, e: FieldErrors, status: StatusCode) -> Result<Response, PageError> {
    let d = state.store.dossier(scope, regie_store::today()).await?;
    let domains = state.store.life_domains().await?;
    let trajectory_id = d.trajectory.as_ref().filter(|t| t.status == "actief").map(|t| t.id);
    let goals = d
        .plan
        .goals
        .iter()
        .filter(|g| g.status == "actief" && trajectory_id.is_some())
        .map(|g| GoalRow {
            id: g.id,
            text: g.text.clone(),
            domain: domains.iter().find(|x| x.code == g.domain).map(|x| x.name.clone()).unwrap_or_default(),
            verdict: f.get(&format!("verdict_{}", g.id)).to_string(),
            decision: f.opt(&format!("decision_{}", g.id)).unwrap_or("doorgaan").to_string(),
            note: f.get(&format!("note_{}", g.id)).to_string(),
            verdict_err: e.get(&format!("verdict_{}", g.id)).map(str::to_string),
            decision_err: e.get(&format!("decision_{}", g.id)).map(str::to_string),
        })
        .collect();
    let mut f = f;
    if !f.sent("held_on") {
        f.0.push(("held_on".into(), regie_store::today().format("%Y-%m-%d").to_string()));
    }
    let client_name = d.client.full_name();
    let page = EvaluationPage {
        l: Layout::new(staff, staff.tr.t("evaluation.new_title")),
        client_id: d.client.id,
        client_name,
        trajectory_id,
        goals,
        f,
        e,
        verdicts: Verdict::CODES,
        decisions: Decision::CODES,
    };
    Ok((status, render(&page)).into_response())
}

pub(crate) async fn form(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>) -> Result<Response, PageError> {
    let scope = state.store.open_client(&staff.actor, id, AuditAction::Read, "evaluatie").await?;
    render_form(&state, &staff, &scope, FormData::default(), FieldErrors::default(), StatusCode::OK).await
}

pub(crate) async fn submit(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>, f: FormData) -> Result<Response, PageError> {
    let scope = state.store.open_client(&staff.actor, id, AuditAction::Create, "evaluatie").await?;
    let mut e = FieldErrors::default();
    let Ok(trajectory_id) = f.get("trajectory_id").trim().parse::<i64>() else {
        e.add("trajectory", "Er is geen lopend traject om te evalueren.");
        return render_form(&state, &staff, &scope, f, e, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let mut goals = Vec::new();
    for g in f.all("goal_id") {
        let Ok(goal_id) = g.parse::<i64>() else { continue };
        let verdict = f.get(&format!("verdict_{goal_id}")).trim().to_string();
        let decision = f.get(&format!("decision_{goal_id}")).trim().to_string();
        if Verdict::parse(&verdict).is_none() {
            e.add(&format!("verdict_{goal_id}"), "Kies een oordeel.");
        }
        if Decision::parse(&decision).is_none() {
            e.add(&format!("decision_{goal_id}"), "Kies een besluit.");
        }
        goals.push(EvaluationGoalInput { goal_id, verdict, decision, note: f.get(&format!("note_{goal_id}")).trim().to_string() });
    }
    e.past_date("held_on", f.opt("held_on"), regie_store::today());
    e.text("participants", f.get("participants"), 1000);
    if !e.is_empty() {
        return render_form(&state, &staff, &scope, f, e, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let input = EvaluationInput {
        held_on: f.get("held_on").trim().to_string(),
        participants: f.get("participants").trim().to_string(),
        notes: f.get("notes").trim().to_string(),
        goals,
    };
    match state.store.record_evaluation(&scope, trajectory_id, &input, regie_store::today()).await {
        Ok(_) => Ok(Redirect::to(&format!("/clienten/{id}#evaluaties")).into_response()),
        Err(StoreError::Invalid(inv)) => render_form(&state, &staff, &scope, f, inv.0, StatusCode::UNPROCESSABLE_ENTITY).await,
        Err(err) => Err(err.into()),
    }
}
