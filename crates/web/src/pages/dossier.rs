//! The client's dossier: personal details, household, the trajectory with its phase timeline,
//! the plan (its own area, included here), journal, evaluations and care team. Every request
//! opens the client through the store's one door first, which checks access and logs it.

mod actions;
pub(crate) mod details;
mod evaluation;
mod journal;
mod methods_used;
pub(crate) mod register;
mod view;

use crate::auth::Staff;
use crate::error::PageError;
use crate::pages::form::FormData;
use crate::pages::{is_htmx, render, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use regie_domain::catalogue::AuditAction;
use regie_domain::FieldErrors;
use regie_store::ClientScope;

pub(crate) use view::DossierView;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/clienten/nieuw", get(register::form))
        .route("/clienten/nieuw/begeleiders", get(register::owner_field))
        .route("/clienten/{id}", get(page))
        .route("/clienten/{id}/traject", post(actions::start_trajectory))
        .route("/clienten/{id}/traject/{tid}/volgende-fase", post(actions::advance))
        .route("/clienten/{id}/traject/{tid}/focus", post(actions::focus))
        .route("/clienten/{id}/traject/{tid}/methoden", post(methods_used::add))
        .route("/clienten/{id}/traject/{tid}/methoden/{code}/verwijderen", post(methods_used::remove))
        .route("/clienten/{id}/gegevens", post(details::update))
        .route("/clienten/{id}/huishouden", post(actions::household))
        .route("/clienten/{id}/huishouden/{mid}/verwijderen", post(details::remove_member))
        .route("/clienten/{id}/zorgteam", post(actions::care_team))
        .route("/clienten/{id}/journaal", get(journal::page).post(actions::journal))
        .route("/clienten/{id}/evaluaties/nieuw", get(evaluation::form))
        .route("/clienten/{id}/evaluaties", post(evaluation::submit))
}

/// A form on the dossier that was refused: which one, what the user typed, and the messages.
#[derive(Debug, Clone, Default)]
pub(crate) struct FormState {
    /// The form's name ("journal", "household", …); empty when no form failed.
    pub which: &'static str,
    /// What the user sent.
    pub values: FormData,
    /// Messages per field.
    pub errors: FieldErrors,
}

/// The whole dossier page. The plan section (another area's template) reads `client_id`,
/// `trajectory_id`, `plan`, `domains`, `staff`, `plan_error` and `network` by these names.
#[derive(Template)]
#[template(path = "dossier/page.html")]
pub(crate) struct DossierPage {
    pub l: Layout,
    pub v: DossierView,
    pub client_id: i64,
    pub trajectory_id: i64,
    pub plan: regie_domain::plan::PlanSnapshot,
    pub domains: Vec<regie_store::LifeDomain>,
    pub staff: Vec<regie_store::StaffMember>,
    pub plan_error: Option<String>,
    /// The client's network, offered as action owners in the plan section.
    pub network: Vec<regie_domain::network::NetworkMember>,
    /// Open under emergency access: the banner's text (`templates/emergency/banner.html`).
    pub emergency_banner: Option<String>,
}

/// One section of the dossier, for htmx swaps.
#[derive(Template)]
#[template(path = "dossier/fragment.html")]
struct Fragment {
    l: Layout,
    v: DossierView,
    part: &'static str,
}

/// Sections that can be swapped in place (their element ids).
pub(crate) mod part {
    pub const TRAJECTORY: &str = "traject";
    pub const HOUSEHOLD: &str = "huishouden";
    pub const CARE_TEAM: &str = "zorgteam";
    pub const JOURNAL: &str = "journaal";
    pub const DETAILS: &str = "gegevens";
}

async fn page(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>) -> Result<Response, PageError> {
    let scope = match state.store.open_client(&staff.actor, id, AuditAction::Read, "dossier").await {
        Err(regie_store::StoreError::Forbidden) => return Ok(crate::pages::emergency::refused(&staff, id)),
        other => other?,
    };
    full_page(&state, &staff, &scope, FormState::default(), StatusCode::OK).await
}

/// Renders the whole dossier (optionally with one refused form) with `status`.
async fn full_page(state: &AppState, staff: &Staff, scope: &ClientScope, form: FormState, status: StatusCode) -> Result<Response, PageError> {
    let loaded = view::load(state, staff, scope, form).await?;
    let network = state.store.network(scope).await?;
    let title = loaded.view.client.full_name();
    let page = DossierPage {
        emergency_banner: crate::pages::emergency::banner(state, staff, scope).await?,
        network,
        l: Layout::new(staff, title),
        client_id: loaded.view.client.id,
        trajectory_id: loaded.view.traj.as_ref().map(|t| t.id).unwrap_or(0),
        plan: loaded.plan,
        domains: loaded.domains,
        staff: loaded.staff,
        plan_error: None,
        v: loaded.view,
    };
    Ok((status, render(&page)).into_response())
}

/// After a change: htmx gets the re-rendered section, a plain form a redirect back to it.
async fn done(state: &AppState, staff: &Staff, headers: &HeaderMap, scope: &ClientScope, part: &'static str) -> Result<Response, PageError> {
    if is_htmx(headers) {
        let loaded = view::load(state, staff, scope, FormState::default()).await?;
        let title = loaded.view.client.full_name();
        return Ok(render(&Fragment { l: Layout::new(staff, title), v: loaded.view, part }));
    }
    Ok(Redirect::to(&format!("/clienten/{}#{part}", scope.client_id())).into_response())
}

/// A refused form: 422 with the messages next to the fields and the user's input kept. htmx
/// swaps only 2xx answers, so htmx gets the section with the messages as 200.
async fn refuse(state: &AppState, staff: &Staff, headers: &HeaderMap, scope: &ClientScope, part: &'static str, form: FormState) -> Result<Response, PageError> {
    if is_htmx(headers) {
        let loaded = view::load(state, staff, scope, form).await?;
        let title = loaded.view.client.full_name();
        return Ok(render(&Fragment { l: Layout::new(staff, title), v: loaded.view, part }));
    }
    full_page(state, staff, scope, form, StatusCode::UNPROCESSABLE_ENTITY).await
}
