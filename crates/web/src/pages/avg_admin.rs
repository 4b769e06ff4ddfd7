//! Functioneel beheer's AVG pages: retention terms per funding law, the dossiers past their
//! term, and erasing or anonymising a client. Beheer never reads a dossier: it finds a client by
//! number (from the past-term list), sees counts only, and the store logs every step.

use crate::auth::Staff;
use crate::error::PageError;
use crate::pages::form::FormData;
use crate::pages::{render, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use regie_domain::catalogue::Funding;
use regie_domain::FieldErrors;
use regie_store::{ErasureInput, ErasurePreview, ExpiredDossier, RetentionTerm, StoreError};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/beheer/bewaartermijnen", get(terms_page).post(terms_save))
        .route("/beheer/bewaartermijnen/verlopen", get(expired_page))
        .route("/beheer/clienten", get(find))
        .route("/beheer/clienten/{id}/wissen", get(erase_page).post(erase))
}

#[derive(Template)]
#[template(path = "avg/terms.html")]
struct TermsPage {
    l: Layout,
    terms: Vec<RetentionTerm>,
    f: FormData,
    e: FieldErrors,
    saved: bool,
}

#[derive(Template)]
#[template(path = "avg/expired.html")]
struct ExpiredPage {
    l: Layout,
    rows: Vec<ExpiredDossier>,
    limit: i64,
    erased: String,
}

#[derive(Template)]
#[template(path = "avg/erase.html")]
struct ErasePage {
    l: Layout,
    p: ErasurePreview,
    /// The retention term still runs: the form asks for a confirmation.
    term_running: bool,
    f: FormData,
    e: FieldErrors,
    reason_min: usize,
}

#[derive(Template)]
#[template(path = "avg/find.html")]
struct FindPage {
    l: Layout,
    error: bool,
}

#[derive(Debug, Default, serde::Deserialize)]
struct Flags {
    #[serde(default)]
    opgeslagen: String,
    #[serde(default)]
    gewist: String,
    #[serde(default)]
    id: String,
}

fn admin_only(staff: &Staff) -> Result<(), PageError> {
    if staff.user().admin {
        Ok(())
    } else {
        Err(StoreError::Forbidden.into())
    }
}

async fn terms_page(State(state): State<AppState>, staff: Staff, Query(q): Query<Flags>) -> Result<Response, PageError> {
    let terms = state.store.retention_terms(staff.user()).await?;
    let l = Layout::new(&staff, staff.tr.t("avg.terms_title"));
    Ok(render(&TermsPage { l, terms, f: FormData::default(), e: FieldErrors::default(), saved: !q.opgeslagen.is_empty() }))
}

async fn terms_save(State(state): State<AppState>, staff: Staff, f: FormData) -> Result<Response, PageError> {
    let input: Vec<(String, String)> = Funding::CODES.iter().filter(|c| f.sent(&format!("years.{c}"))).map(|c| (c.to_string(), f.get(&format!("years.{c}")).to_string())).collect();
    match state.store.set_retention_terms(staff.user(), &input).await {
        Ok(_) => Ok(Redirect::to("/beheer/bewaartermijnen?opgeslagen=1").into_response()),
        Err(StoreError::Invalid(inv)) => {
            let terms = state.store.retention_terms(staff.user()).await?;
            let l = Layout::new(&staff, staff.tr.t("avg.terms_title"));
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&TermsPage { l, terms, f, e: inv.0, saved: false })).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

async fn expired_page(State(state): State<AppState>, staff: Staff, Query(q): Query<Flags>) -> Result<Response, PageError> {
    let rows = state.store.expired_dossiers(staff.user(), regie_store::today()).await?;
    let l = Layout::new(&staff, staff.tr.t("avg.expired_title"));
    let erased = q.gewist.trim().parse::<i64>().map(|n| n.to_string()).unwrap_or_default();
    Ok(render(&ExpiredPage { l, rows, limit: regie_store::EXPIRED_LIMIT, erased }))
}

/// Finding a client by number only: searching by name would mean reading client data.
async fn find(staff: Staff, Query(q): Query<Flags>) -> Result<Response, PageError> {
    admin_only(&staff)?;
    match q.id.trim().parse::<i64>() {
        Ok(id) if id > 0 => Ok(Redirect::to(&format!("/beheer/clienten/{id}/wissen")).into_response()),
        _ => {
            let l = Layout::new(&staff, staff.tr.t("avg.find_title"));
            let status = if q.id.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
            Ok((status, render(&FindPage { l, error: !q.id.is_empty() })).into_response())
        }
    }
}

fn erase_view(staff: &Staff, p: ErasurePreview, f: FormData, e: FieldErrors) -> ErasePage {
    let title = staff.tr.t("avg.erase_title").replace("{id}", &p.client_id.to_string());
    let term_running = p.term_ends_on.is_some_and(|end| end > regie_store::today());
    ErasePage { l: Layout::new(staff, title), p, term_running, f, e, reason_min: regie_store::REASON_MIN }
}

async fn erase_page(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>) -> Result<Response, PageError> {
    let p = state.store.erasure_preview(&staff.actor, id).await?;
    Ok(render(&erase_view(&staff, p, FormData::default(), FieldErrors::default())))
}

async fn erase(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>, f: FormData) -> Result<Response, PageError> {
    let input = ErasureInput { mode: f.get("mode").to_string(), reason: f.get("reason").to_string(), before_term: f.get("before_term") == "ja" };
    match state.store.erase_client(&staff.actor, id, &input, regie_store::today()).await {
        Ok(_) => Ok(Redirect::to(&format!("/beheer/bewaartermijnen/verlopen?gewist={id}")).into_response()),
        Err(StoreError::Invalid(inv)) => {
            let p = state.store.erasure_preview(&staff.actor, id).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&erase_view(&staff, p, f, inv.0))).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
