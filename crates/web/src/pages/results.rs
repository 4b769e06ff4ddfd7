//! Resultaatafspraken in the browser: the dossier section (each agreement with who is asked,
//! the targets and whether they were reached, a form to close it; the latest satisfaction mark),
//! the page to add or change an agreement (targets prefilled from the chosen role's defaults, also
//! without JavaScript: the role is chosen first with a small GET form), and functioneel beheer's
//! page for the role defaults. Plain forms redirect back (303); a refusal re-renders with 422.

use super::dossier::DossierView;
use super::results_view::{forbidden, section, target_fields, AgreementForm, DefaultsPage, ResultsSection};
use crate::auth::Staff;
use crate::error::PageError;
use crate::pages::form::FormData;
use crate::pages::{render, Layout};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use regie_domain::catalogue::AuditAction;
use regie_domain::results::zrm_domains;
use regie_domain::FieldErrors;
use regie_store::{AgreementInput, ClientScope, StoreError};
use std::collections::HashMap;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/clienten/{id}/resultaatafspraken", post(create))
        .route("/clienten/{id}/resultaatafspraken/nieuw", get(new_form))
        .route("/clienten/{id}/resultaatafspraken/{aid}", get(edit_form).post(update))
        .route("/clienten/{id}/resultaatafspraken/{aid}/afsluiten", post(close))
        .route("/beheer/resultaatafspraken", get(defaults_page).post(save_defaults))
}

/// The dossier section's data (two store calls: agreements, satisfaction responses).
pub(crate) async fn load_section(state: &AppState, tr: crate::i18n::Tr, scope: &ClientScope, view: &DossierView) -> Result<ResultsSection, PageError> {
    let Some(t) = view.traj.as_ref() else {
        return Ok(ResultsSection { client_id: view.client.id, ..Default::default() });
    };
    let today = regie_store::today();
    let agreements = state.store.result_agreements(scope, Some(t.id), today).await?;
    let responses = state.store.satisfaction_responses(scope, Some(t.id)).await?;
    Ok(section(tr, view.client.id, t.id, t.active, &agreements, &responses, today))
}

/// The agreement as sent in a form.
fn input(f: &FormData) -> Result<AgreementInput, StoreError> {
    let id = |name: &str| -> Result<Option<i64>, StoreError> {
        match f.filled(name) {
            None => Ok(None),
            Some(v) => v.parse::<i64>().map(Some).map_err(|_| StoreError::field(name, "Kies uit de lijst.")),
        }
    };
    Ok(AgreementInput {
        team_id: id("team_id")?,
        user_id: id("user_id")?,
        role_code: f.filled("role_code"),
        text: f.get("text").to_string(),
        deadline: f.get("deadline").to_string(),
        targets: zrm_domains().into_iter().filter_map(|d| f.filled(&format!("level_{d}")).map(|l| (d.to_string(), l))).collect(),
    })
}

/// Renders the agreement form with `f` and messages `e`.
async fn form_page(state: &AppState, staff: &Staff, scope: &ClientScope, agreement: Option<(i64, i64)>, f: FormData, e: FieldErrors, status: StatusCode) -> Result<Response, PageError> {
    let choices = state.store.agreement_choices().await?;
    let client = state.store.client(scope).await?;
    let title = staff.tr.t(if agreement.is_some() { "results.edit_title" } else { "results.new_title" });
    let page = AgreementForm::new(Layout::new(staff, title), client.id, client.full_name(), agreement, f, e, choices);
    Ok((status, render(&page)).into_response())
}

/// `GET /clienten/{id}/resultaatafspraken/nieuw?rol=…`: the form; a chosen role fills in its
/// default targets.
async fn new_form(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>, Query(q): Query<HashMap<String, String>>) -> Result<Response, PageError> {
    let scope = state.store.open_client(&staff.actor, id, AuditAction::Read, "resultaatafspraak").await?;
    let mut f = FormData::default();
    let role = q.get("rol").map(|r| r.trim().to_string()).filter(|r| !r.is_empty());
    if let Some(role) = &role {
        f.0.push(("role_code".into(), role.clone()));
        let roles = state.store.role_target_defaults().await?;
        if let Some(r) = roles.iter().find(|r| &r.role_code == role) {
            f.0.extend(target_fields(&r.targets));
        }
    }
    for (key, field) in [("team", "team_id"), ("collega", "user_id")] {
        if let Some(v) = q.get(key) {
            f.0.push((field.into(), v.clone()));
        }
    }
    f.0.push(("deadline".into(), (regie_store::today() + chrono::Duration::days(182)).format("%Y-%m-%d").to_string()));
    form_page(&state, &staff, &scope, None, f, FieldErrors::default(), StatusCode::OK).await
}

/// `POST /clienten/{id}/resultaatafspraken`: for the client's active trajectory.
async fn create(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>, f: FormData) -> Result<Response, PageError> {
    let scope = state.store.open_client(&staff.actor, id, AuditAction::Create, "resultaatafspraak").await?;
    let today = regie_store::today();
    let result = match (input(&f), state.store.satisfaction_trajectory(&scope).await?) {
        (Err(e), _) => Err(e),
        (Ok(_), None) => Err(StoreError::field("trajectory", "Deze cliënt heeft nog geen traject.")),
        (Ok(i), Some(t)) => state.store.create_result_agreement(&scope, t.id, &i, today).await,
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/clienten/{id}#resultaten")).into_response()),
        Err(StoreError::Invalid(inv)) => form_page(&state, &staff, &scope, None, f, inv.0, StatusCode::UNPROCESSABLE_ENTITY).await,
        Err(e) => Err(e.into()),
    }
}

/// `GET /clienten/{id}/resultaatafspraken/{aid}`: change an open agreement.
async fn edit_form(State(state): State<AppState>, staff: Staff, Path((id, aid)): Path<(i64, i64)>) -> Result<Response, PageError> {
    let scope = state.store.open_client(&staff.actor, id, AuditAction::Read, "resultaatafspraak").await?;
    let a = state.store.result_agreement(&scope, aid, regie_store::today()).await?;
    let mut f = FormData(vec![
        ("text".into(), a.text.clone()),
        ("deadline".into(), a.deadline.format("%Y-%m-%d").to_string()),
        ("role_code".into(), a.role_code.clone().unwrap_or_default()),
        ("team_id".into(), a.team_id.map(|t| t.to_string()).unwrap_or_default()),
        ("user_id".into(), a.user_id.map(|t| t.to_string()).unwrap_or_default()),
        ("version".into(), a.version.to_string()),
    ]);
    f.0.extend(target_fields(&a.targets.iter().map(|t| (t.domain_code.clone(), t.level)).collect::<Vec<_>>()));
    form_page(&state, &staff, &scope, Some((a.id, a.version)), f, FieldErrors::default(), StatusCode::OK).await
}

fn version(f: &FormData) -> Result<i64, StoreError> {
    f.get("version").trim().parse::<i64>().map_err(|_| StoreError::field("version", "Deze versie klopt niet. Laad de pagina opnieuw."))
}

/// `POST /clienten/{id}/resultaatafspraken/{aid}`: save the change (a stale version gets the 409
/// page with the agreement as it is now).
async fn update(State(state): State<AppState>, staff: Staff, Path((id, aid)): Path<(i64, i64)>, f: FormData) -> Result<Response, PageError> {
    let scope = state.store.open_client(&staff.actor, id, AuditAction::Update, "resultaatafspraak").await?;
    let result = match (input(&f), version(&f)) {
        (Ok(i), Ok(v)) => state.store.update_result_agreement(&scope, aid, v, &i, regie_store::today()).await,
        (Err(e), _) | (_, Err(e)) => Err(e),
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/clienten/{id}#resultaten")).into_response()),
        Err(StoreError::Invalid(inv)) => {
            let v = version(&f).unwrap_or(0);
            form_page(&state, &staff, &scope, Some((aid, v)), f, inv.0, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /clienten/{id}/resultaatafspraken/{aid}/afsluiten` (fields `status`, `version`).
async fn close(State(state): State<AppState>, staff: Staff, Path((id, aid)): Path<(i64, i64)>, f: FormData) -> Result<Response, PageError> {
    let scope = state.store.open_client(&staff.actor, id, AuditAction::Update, "resultaatafspraak").await?;
    let v = version(&f)?;
    state.store.close_result_agreement(&scope, aid, v, f.get("status"), regie_store::today()).await?;
    Ok(Redirect::to(&format!("/clienten/{id}#resultaten")).into_response())
}

/// `GET /beheer/resultaatafspraken?rol=…`: every role's defaults; the chosen role's in a form.
async fn defaults_page(State(state): State<AppState>, staff: Staff, Query(q): Query<HashMap<String, String>>) -> Result<Response, PageError> {
    if !staff.user().admin {
        return Ok(forbidden(&staff));
    }
    let roles = state.store.role_target_defaults().await?;
    let chosen = q.get("rol").cloned().filter(|r| roles.iter().any(|x| &x.role_code == r));
    let mut f = FormData::default();
    if let Some(r) = chosen.as_ref().and_then(|c| roles.iter().find(|x| &x.role_code == c)) {
        f.0.push(("role_code".into(), r.role_code.clone()));
        f.0.extend(target_fields(&r.targets));
    }
    let saved = q.contains_key("opgeslagen");
    Ok(render(&DefaultsPage::new(Layout::new(&staff, staff.tr.t("results.defaults_title")), roles, f, FieldErrors::default(), saved)))
}

/// `POST /beheer/resultaatafspraken` (fields `role_code`, `level_{domain}`).
async fn save_defaults(State(state): State<AppState>, staff: Staff, f: FormData) -> Result<Response, PageError> {
    if !staff.user().admin {
        return Ok(forbidden(&staff));
    }
    let role = f.get("role_code").trim().to_string();
    let targets: Vec<(String, String)> = zrm_domains().into_iter().filter_map(|d| f.filled(&format!("level_{d}")).map(|l| (d.to_string(), l))).collect();
    match state.store.set_role_target_defaults(staff.user(), &role, &targets).await {
        Ok(_) => Ok(Redirect::to(&format!("/beheer/resultaatafspraken?{}", crate::pages::form::query(&[("rol", &role), ("opgeslagen", "1")]))).into_response()),
        Err(StoreError::Invalid(inv)) => {
            let roles = state.store.role_target_defaults().await?;
            let page = DefaultsPage::new(Layout::new(&staff, staff.tr.t("results.defaults_title")), roles, f, inv.0, false);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
