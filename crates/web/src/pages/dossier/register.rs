//! Registering a new client and starting the trajectory in one form, as one store operation
//! ([`regie_store::Store::register_client_with_trajectory`]): both halves are checked before
//! anything is written, so a refused form changes nothing and shows every message at once.

use super::view::DomainSet;
use crate::auth::Staff;
use crate::error::PageError;
use crate::pages::form::FormData;
use crate::pages::{is_htmx, render, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use regie_domain::phase::PhaseModel;
use regie_domain::FieldErrors;
use regie_store::{ClientInput, LifeDomain, StaffMember, StoreError, Team, TrajectoryInput, TRAJECTORY_FIELD_PREFIX};

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
    /// A client was just registered by someone who may not open it (functioneel beheer).
    registered: bool,
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

async fn show(state: &AppState, staff: &Staff, f: FormData, e: FieldErrors, c: Choices, status: StatusCode) -> Result<Response, PageError> {
    page(state, staff, f, e, c, status, false).await
}

async fn page(state: &AppState, staff: &Staff, mut f: FormData, e: FieldErrors, c: Choices, status: StatusCode, registered: bool) -> Result<Response, PageError> {
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
        registered,
    };
    Ok((status, render(&page)).into_response())
}

#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct FormParams {
    #[serde(default)]
    ingeschreven: String,
}

pub(crate) async fn form(State(state): State<AppState>, staff: Staff, Query(p): Query<FormParams>) -> Result<Response, PageError> {
    let c = choices(&state).await?;
    let mut f = FormData::default();
    f.0.push(("started_on".into(), regie_store::today().format("%Y-%m-%d").to_string()));
    page(&state, &staff, f, FieldErrors::default(), c, StatusCode::OK, !p.ingeschreven.is_empty()).await
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

/// The form as the store's inputs. A number field that is filled but not a number becomes 0,
/// which the store refuses with its message for that field.
fn inputs(f: &FormData) -> (ClientInput, TrajectoryInput) {
    let id = |name: &str| f.filled(name).map(|v| v.parse::<i64>().unwrap_or(0));
    let client = ClientInput {
        first_name: f.get("first_name").to_string(),
        last_name: f.get("last_name").to_string(),
        birth_date: f.filled("birth_date"),
        phone: f.filled("phone"),
        email: f.filled("email"),
        address: f.filled("address"),
        city: f.filled("city"),
        team_id: id("team_id"),
    };
    let trajectory = TrajectoryInput {
        model_id: id("model_id").unwrap_or(0),
        owner_user_id: id("owner_user_id").unwrap_or(0),
        started_on: f.get("started_on").trim().to_string(),
        focus_domains: f.all("focus_domains"),
        funding: f.opt("funding").map(str::to_string),
    };
    (client, trajectory)
}

/// The store names the trajectory's fields `trajectory.model_id` and so on; this form's fields
/// are called `model_id` and so on.
fn form_fields(inv: FieldErrors) -> FieldErrors {
    FieldErrors(inv.0.into_iter().map(|(f, m)| (f.strip_prefix(TRAJECTORY_FIELD_PREFIX).map(str::to_string).unwrap_or(f), m)).collect())
}

/// Registers the client and starts the trajectory in one store operation: a refused form saves
/// nothing and shows every message of both halves at once.
pub(crate) async fn submit(State(state): State<AppState>, staff: Staff, f: FormData) -> Result<Response, PageError> {
    let today = regie_store::today();
    let (client, trajectory) = inputs(&f);
    match state.store.register_client_with_trajectory(&staff.actor, &client, Some(&trajectory), today).await {
        Ok(done) if done.actor_may_open => Ok(Redirect::to(&format!("/clienten/{}", done.client.id)).into_response()),
        // Functioneel beheer has no care relation with the client: back to an empty form.
        Ok(_) => Ok(Redirect::to("/clienten/nieuw?ingeschreven=1").into_response()),
        Err(StoreError::Invalid(inv)) => {
            let c = choices(&state).await?;
            show(&state, &staff, f, form_fields(inv.0), c, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(err) => Err(err.into()),
    }
}
