//! Fasemodellen: every method's phases and rules for everyone to read; functioneel beheer adds
//! an organisation's own model. Phases are typed one per line as "Naam | dagen".

use crate::auth::Staff;
use crate::error::PageError;
use crate::i18n::Tr;
use crate::pages::form::{days, fill, FormData};
use crate::pages::{render, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use regie_domain::phase::{Phase, PhaseModel};
use regie_domain::FieldErrors;
use regie_store::StoreError;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/fasemodellen", get(list)).route("/fasemodellen/nieuw", get(form).post(submit))
}

/// A model as listed, with its rules in words.
struct ModelRow {
    id: i64,
    name: String,
    description: String,
    builtin: bool,
    rules: Vec<String>,
    phases: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "models/list.html")]
struct ListPage {
    l: Layout,
    models: Vec<ModelRow>,
}

#[derive(Template)]
#[template(path = "models/new.html")]
struct NewPage {
    l: Layout,
    f: FormData,
    e: FieldErrors,
    sets: Vec<String>,
}

#[derive(Template)]
#[template(path = "models/forbidden.html")]
struct Forbidden {
    l: Layout,
}

fn rules(tr: Tr, m: &PhaseModel) -> Vec<String> {
    let mut out = Vec::new();
    if m.cyclic {
        out.push(tr.t("models.rule_cyclic").to_string());
    }
    if let Some(d) = m.max_days {
        out.push(fill(tr.t("models.rule_max_days"), &[("days", &days(tr, d))]));
    }
    if let Some(n) = m.max_focus_domains {
        out.push(fill(tr.t("models.rule_max_focus"), &[("n", &n.to_string())]));
    }
    out.push(fill(tr.t("models.rule_evaluation"), &[("days", &days(tr, m.evaluation_interval_days))]));
    out.push(fill(tr.t("models.rule_domain_set"), &[("set", tr.code("domain_set", &m.domain_set))]));
    out
}

async fn list(State(state): State<AppState>, staff: Staff) -> Result<Response, PageError> {
    let tr = staff.tr;
    let models = state
        .store
        .phase_models()
        .await?
        .into_iter()
        .map(|m| ModelRow {
            id: m.id,
            rules: rules(tr, &m),
            phases: m
                .phases
                .iter()
                .map(|p| (p.name.clone(), p.typical_days.map(|d| fill(tr.t("dossier.phase_typical"), &[("days", &days(tr, d))])).unwrap_or_default()))
                .collect(),
            name: m.name,
            description: m.description,
            builtin: m.builtin,
        })
        .collect();
    Ok(render(&ListPage { l: Layout::new(&staff, tr.t("nav.models")), models }))
}

fn forbidden(staff: &Staff) -> Response {
    (StatusCode::FORBIDDEN, render(&Forbidden { l: Layout::new(staff, staff.tr.t("models.forbidden_title")) })).into_response()
}

async fn sets(state: &AppState) -> Result<Vec<String>, PageError> {
    let mut sets: Vec<String> = Vec::new();
    for d in state.store.life_domains().await? {
        if !sets.contains(&d.domain_set) {
            sets.push(d.domain_set);
        }
    }
    Ok(sets)
}

async fn form(State(state): State<AppState>, staff: Staff) -> Result<Response, PageError> {
    if !staff.user().admin {
        return Ok(forbidden(&staff));
    }
    let f = FormData(vec![("evaluation_interval_days".into(), "91".into())]);
    let page = NewPage { l: Layout::new(&staff, staff.tr.t("models.new_title")), f, e: FieldErrors::default(), sets: sets(&state).await? };
    Ok(render(&page))
}

/// Reads the phases textarea: one phase per line, "Naam | dagen" (the days may be left out).
fn parse_phases(e: &mut FieldErrors, text: &str) -> Vec<Phase> {
    let mut phases = Vec::new();
    for (i, line) in text.lines().map(str::trim).filter(|l| !l.is_empty()).enumerate() {
        let (name, days) = match line.split_once('|') {
            Some((n, d)) => (n.trim(), d.trim()),
            None => (line, ""),
        };
        let typical_days = if days.is_empty() {
            None
        } else {
            match days.trim_end_matches("dagen").trim_end_matches("dag").trim().parse::<i64>() {
                Ok(n) => Some(n),
                Err(_) => {
                    e.add("phases", format!("Regel {}: schrijf na de | een aantal dagen, bijvoorbeeld 30.", i + 1));
                    None
                }
            }
        };
        phases.push(Phase { id: 0, position: i as i64 + 1, name: name.to_string(), typical_days, description: String::new() });
    }
    phases
}

/// An optional whole number; empty is `None`.
fn opt_int(e: &mut FieldErrors, f: &FormData, field: &str, min: i64, max: i64) -> Option<i64> {
    f.filled(field).and_then(|v| e.int_in(field, &v, min, max))
}

async fn submit(State(state): State<AppState>, staff: Staff, f: FormData) -> Result<Response, PageError> {
    if !staff.user().admin {
        return Ok(forbidden(&staff));
    }
    let mut e = FieldErrors::default();
    let sets = sets(&state).await?;
    let domain_set = f.get("domain_set").trim().to_string();
    if !sets.contains(&domain_set) {
        e.add("domain_set", "Kies een set leefgebieden.");
    }
    let max_days = opt_int(&mut e, &f, "max_days", 1, 3650);
    let max_focus_domains = opt_int(&mut e, &f, "max_focus_domains", 1, 20);
    let evaluation_interval_days = e.int_in("evaluation_interval_days", f.get("evaluation_interval_days"), 7, 730).unwrap_or(0);
    let phases = parse_phases(&mut e, f.get("phases"));
    let model = PhaseModel {
        id: 0,
        code: String::new(),
        name: f.get("name").trim().to_string(),
        description: f.get("description").trim().to_string(),
        cyclic: f.sent("cyclic"),
        max_days,
        max_focus_domains,
        evaluation_interval_days,
        domain_set,
        builtin: false,
        phases,
    };
    // The model's own rules give their messages too, so the user sees everything at once.
    if let Err(inv) = model.validate() {
        for (k, m) in inv.0 .0 {
            if e.get(&k).is_none() || k == "phases" {
                e.add(&k, m);
            }
        }
    }
    let result = if e.is_empty() { state.store.create_phase_model(&model).await.map(|_| ()) } else { Err(StoreError::Invalid(regie_domain::Invalid(e))) };
    match result {
        Ok(()) => Ok(Redirect::to("/fasemodellen").into_response()),
        Err(StoreError::Invalid(inv)) => {
            let page = NewPage { l: Layout::new(&staff, staff.tr.t("models.new_title")), f, e: inv.0, sets };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
        Err(err) => Err(err.into()),
    }
}

impl NewPage {
    /// Every message for a field (the phases can have several).
    fn all_errors(&self, field: &str) -> Vec<&str> {
        self.e.0.iter().filter(|(k, _)| k == field).map(|(_, m)| m.as_str()).collect()
    }
}
