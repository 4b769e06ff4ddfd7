//! Registering a new client and starting the trajectory in one form. The trajectory fields are
//! checked before anything is written, so a refused form changes nothing.

use super::{part, refuse, view::DomainSet, FormState};
use crate::auth::Staff;
use crate::error::PageError;
use crate::pages::form::FormData;
use crate::pages::{is_htmx, render, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use regie_domain::catalogue::AuditAction;
use regie_domain::phase::{check_focus_domains, PhaseModel};
use regie_domain::FieldErrors;
use regie_store::{ClientInput, LifeDomain, StaffMember, StoreError, Team, TrajectoryInput};

#[derive(Template)]
#[template(path = "dossier/new.html")]
struct NewClientPage {
    l: Layout,
    f: FormData,
    e: FieldErrors,
    teams: Vec<Team>,
    models: Vec<PhaseModel>,
    domain_sets: Vec<DomainSet>,
    owner_staff: Vec<StaffMember>,
    owner_selected: i64,
    owner_error: Option<String>,
}

/// The trajectbegeleider choice for one team (swapped in by htmx when the team changes).
#[derive(Template)]
#[template(path = "dossier/owner_field.html")]
struct OwnerField {
    l: Layout,
    owner_staff: Vec<StaffMember>,
    owner_selected: i64,
    owner_error: Option<String>,
}

/// The catalogues the form offers.
struct Choices {
    teams: Vec<Team>,
    models: Vec<PhaseModel>,
    domains: Vec<LifeDomain>,
}

async fn choices(state: &AppState) -> Result<Choices, PageError> {
    Ok(Choices { teams: state.store.teams().await?, models: state.store.phase_models().await?, domains: state.store.life_domains().await? })
}

/// The team the form is about: the chosen one, else the user's own, else the first.
fn chosen_team(staff: &Staff, f: &FormData, teams: &[Team]) -> Option<i64> {
    let wanted = f.get("team_id").trim().parse::<i64>().ok().or(staff.user().team_id);
    wanted.filter(|id| teams.iter().any(|t| t.id == *id)).or_else(|| teams.first().map(|t| t.id))
}

fn group(domains: Vec<LifeDomain>) -> Vec<DomainSet> {
    let mut sets: Vec<DomainSet> = Vec::new();
    for x in domains {
        match sets.iter_mut().find(|s| s.code == x.domain_set) {
            Some(s) => s.domains.push(x),
            None => sets.push(DomainSet { code: x.domain_set.clone(), domains: vec![x] }),
        }
    }
    sets
}

async fn show(state: &AppState, staff: &Staff, mut f: FormData, e: FieldErrors, c: Choices, status: StatusCode) -> Result<Response, PageError> {
    let team = chosen_team(staff, &f, &c.teams);
    let owner_staff = match team {
        Some(t) => state.store.team_staff(t).await?,
        None => Vec::new(),
    };
    if !f.sent("team_id") {
        if let Some(t) = team {
            f.0.push(("team_id".into(), t.to_string()));
        }
    }
    let owner_selected = f.get("owner_user_id").trim().parse::<i64>().unwrap_or(staff.user().id);
    let page = NewClientPage {
        l: Layout::new(staff, staff.tr.t("register.title")),
        owner_error: e.get("owner_user_id").map(str::to_string),
        f,
        e,
        teams: c.teams,
        models: c.models,
        domain_sets: group(c.domains),
        owner_staff,
        owner_selected,
    };
    Ok((status, render(&page)).into_response())
}

pub(crate) async fn form(State(state): State<AppState>, staff: Staff) -> Result<Response, PageError> {
    let c = choices(&state).await?;
    let mut f = FormData::default();
    f.0.push(("started_on".into(), regie_store::today().format("%Y-%m-%d").to_string()));
    show(&state, &staff, f, FieldErrors::default(), c, StatusCode::OK).await
}

#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct TeamParam {
    #[serde(default)]
    team_id: String,
}

/// htmx: the trajectbegeleider select for the chosen team. Without htmx, the full form.
pub(crate) async fn owner_field(State(state): State<AppState>, staff: Staff, headers: HeaderMap, Query(p): Query<TeamParam>) -> Result<Response, PageError> {
    if !is_htmx(&headers) {
        return Ok(Redirect::to("/clienten/nieuw").into_response());
    }
    let teams = state.store.teams().await?;
    let f = FormData(vec![("team_id".into(), p.team_id)]);
    let owner_staff = match chosen_team(&staff, &f, &teams) {
        Some(t) => state.store.team_staff(t).await?,
        None => Vec::new(),
    };
    Ok(render(&OwnerField { l: Layout::new(&staff, ""), owner_staff, owner_selected: staff.user().id, owner_error: None }))
}

/// Checks the client fields as the store will, so that both halves of the form get their
/// messages at once.
fn check_client(e: &mut FieldErrors, f: &FormData, today: chrono::NaiveDate) {
    e.text("first_name", f.get("first_name"), 100);
    e.text("last_name", f.get("last_name"), 100);
    if let Some(d) = e.opt_date("birth_date", f.opt("birth_date")) {
        if d > today {
            e.add("birth_date", "Deze datum ligt in de toekomst.");
        }
    }
    if let Some(mail) = e.opt_text("email", f.opt("email"), 200) {
        if !mail.contains('@') {
            e.add("email", "Geef een geldig e-mailadres.");
        }
    }
    e.opt_text("phone", f.opt("phone"), 40);
    e.opt_text("address", f.opt("address"), 200);
    e.opt_text("city", f.opt("city"), 100);
}

/// Checks the trajectory fields against the catalogues; returns the input when acceptable.
fn check_trajectory(e: &mut FieldErrors, f: &FormData, c: &Choices, team_staff: &[StaffMember], today: chrono::NaiveDate) -> Option<TrajectoryInput> {
    let model = f.get("model_id").trim().parse::<i64>().ok().and_then(|id| c.models.iter().find(|m| m.id == id));
    if model.is_none() {
        e.add("model_id", "Kies een methode.");
    }
    let owner = f.get("owner_user_id").trim().parse::<i64>().ok().filter(|id| team_staff.iter().any(|s| s.id == *id));
    if owner.is_none() {
        e.add("owner_user_id", "Kies een trajectbegeleider uit het team.");
    }
    let started = e.past_date("started_on", f.opt("started_on"), today);
    let focus = f.all("focus_domains");
    if let Some(m) = model {
        if let Err(inv) = check_focus_domains(m, &focus) {
            e.0.extend(inv.0 .0);
        }
        let fits = focus.iter().all(|code| c.domains.iter().any(|d| &d.code == code && d.domain_set == m.domain_set));
        if !fits {
            e.add("focus_domains", "Kies focusdomeinen die bij deze methode horen.");
        }
    }
    Some(TrajectoryInput { model_id: model?.id, owner_user_id: owner?, started_on: started?.format("%Y-%m-%d").to_string(), focus_domains: focus })
}

pub(crate) async fn submit(State(state): State<AppState>, staff: Staff, f: FormData) -> Result<Response, PageError> {
    let today = regie_store::today();
    let c = choices(&state).await?;
    let mut e = FieldErrors::default();
    let team = f.get("team_id").trim().parse::<i64>().ok().or(staff.user().team_id).filter(|id| c.teams.iter().any(|t| t.id == *id));
    if team.is_none() {
        e.add("team_id", "Kies een team.");
    }
    let team_staff = match team {
        Some(t) => state.store.team_staff(t).await?,
        None => Vec::new(),
    };
    check_client(&mut e, &f, today);
    let trajectory = check_trajectory(&mut e, &f, &c, &team_staff, today);
    let (Some(trajectory), true) = (trajectory, e.is_empty()) else {
        return show(&state, &staff, f, e, c, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let input = ClientInput {
        first_name: f.get("first_name").trim().to_string(),
        last_name: f.get("last_name").trim().to_string(),
        birth_date: f.filled("birth_date"),
        phone: f.filled("phone"),
        email: f.filled("email"),
        address: f.filled("address"),
        city: f.filled("city"),
        team_id: team,
    };
    let id = match state.store.register_client(&staff.actor, &input).await {
        Ok(id) => id,
        Err(StoreError::Invalid(inv)) => return show(&state, &staff, f, inv.0, c, StatusCode::UNPROCESSABLE_ENTITY).await,
        Err(err) => return Err(err.into()),
    };
    let scope = state.store.open_client(&staff.actor, id, AuditAction::Create, "traject").await?;
    match state.store.start_trajectory(&scope, &trajectory, today).await {
        Ok(_) => Ok(Redirect::to(&format!("/clienten/{id}")).into_response()),
        // Checked above, so only a rule the store knows and this page does not: the client
        // stands; the dossier offers the start form again with the message.
        Err(StoreError::Invalid(inv)) => {
            tracing::warn!(client_id = id, "trajectory refused after registration");
            refuse(&state, &staff, &HeaderMap::new(), &scope, part::TRAJECTORY, FormState { which: "start", values: f, errors: inv.0 }).await
        }
        Err(err) => Err(err.into()),
    }
}
