//! The dossier's forms: start a trajectory, move to the next phase, focus domains, household,
//! care team, journal. Each opens the client for an update first; a plain form is answered with
//! a redirect back, htmx with the re-rendered section, a refusal with 422 and the messages.

use super::{done, part, refuse, FormState};
use crate::auth::Staff;
use crate::error::PageError;
use crate::pages::form::FormData;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use regie_domain::catalogue::AuditAction;
use regie_domain::FieldErrors;
use regie_store::{ClientScope, JournalInput, StoreError, TrajectoryInput};

/// What a store call's refusal turns into: field messages re-render the form; a stale edit
/// re-renders the section as it now stands with a message for htmx (a plain form gets the 409
/// page with the current state); the rest (forbidden, not found) goes to the error page.
async fn answer<T>(
    state: &AppState,
    staff: &Staff,
    headers: &HeaderMap,
    scope: &ClientScope,
    part: &'static str,
    form: FormState,
    result: Result<T, StoreError>,
) -> Result<Response, PageError> {
    let FormState { which, values, .. } = form;
    match result {
        Ok(_) => done(state, staff, headers, scope, part).await,
        Err(StoreError::Invalid(inv)) => refuse(state, staff, headers, scope, part, FormState { which, values, errors: inv.0 }).await,
        Err(StoreError::Conflict { .. }) if crate::pages::is_htmx(headers) => {
            let mut errors = FieldErrors::default();
            errors.add("version", staff.tr.t("dossier.stale"));
            refuse(state, staff, headers, scope, part, FormState { which, values: FormData::default(), errors }).await
        }
        Err(e) => Err(e.into()),
    }
}

/// The form `which` as the user sent it (messages come from the answer).
fn sent(which: &'static str, values: FormData) -> FormState {
    FormState { which, values, errors: FieldErrors::default() }
}

/// The `version` field, or a refusal.
fn version(f: &FormData) -> Result<i64, StoreError> {
    f.get("version").trim().parse::<i64>().map_err(|_| StoreError::field("version", "Deze versie klopt niet. Laad de pagina opnieuw."))
}

pub(crate) async fn start_trajectory(
    State(state): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    Path(id): Path<i64>,
    f: FormData,
) -> Result<Response, PageError> {
    let scope = state.store.open_client(&staff.actor, id, AuditAction::Create, "traject").await?;
    let mut e = FieldErrors::default();
    let model_id = f.get("model_id").trim().parse::<i64>().ok();
    if model_id.is_none() {
        e.add("model_id", "Kies een methode.");
    }
    let owner = f.get("owner_user_id").trim().parse::<i64>().ok();
    if owner.is_none() {
        e.add("owner_user_id", "Kies een trajectbegeleider.");
    }
    e.past_date("started_on", f.opt("started_on"), regie_store::today());
    let result = match e.finish() {
        Err(inv) => Err(StoreError::Invalid(inv)),
        Ok(()) => {
            let input = TrajectoryInput {
                model_id: model_id.unwrap_or_default(),
                owner_user_id: owner.unwrap_or_default(),
                started_on: f.get("started_on").trim().to_string(),
                focus_domains: f.all("focus_domains"),
                funding: f.opt("funding").map(str::to_string),
            };
            state.store.start_trajectory(&scope, &input, regie_store::today()).await.map(|_| ())
        }
    };
    answer(&state, &staff, &headers, &scope, part::TRAJECTORY, sent("start", f), result).await
}

pub(crate) async fn advance(
    State(state): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    Path((id, tid)): Path<(i64, i64)>,
    f: FormData,
) -> Result<Response, PageError> {
    let scope = state.store.open_client(&staff.actor, id, AuditAction::Update, "traject").await?;
    let result = match version(&f) {
        Ok(v) => state.store.advance_phase_with_exit(&scope, tid, v, f.filled("exit_destination").as_deref(), regie_store::today()).await.map(|_| ()),
        Err(e) => Err(e),
    };
    answer(&state, &staff, &headers, &scope, part::TRAJECTORY, sent("phase", f), result).await
}

pub(crate) async fn focus(
    State(state): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    Path((id, tid)): Path<(i64, i64)>,
    f: FormData,
) -> Result<Response, PageError> {
    let scope = state.store.open_client(&staff.actor, id, AuditAction::Update, "traject").await?;
    let result = match version(&f) {
        Ok(v) => state.store.set_focus_domains(&scope, tid, &f.all("focus_domains"), v).await.map(|_| ()),
        Err(e) => Err(e),
    };
    answer(&state, &staff, &headers, &scope, part::TRAJECTORY, sent("focus", f), result).await
}

pub(crate) async fn household(
    State(state): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    Path(id): Path<i64>,
    f: FormData,
) -> Result<Response, PageError> {
    let scope = state.store.open_client(&staff.actor, id, AuditAction::Update, "huishouden").await?;
    let birth_year = f.filled("birth_year");
    let result = state.store.add_household_member(&scope, f.get("name"), f.get("relation"), birth_year.as_deref()).await;
    answer(&state, &staff, &headers, &scope, part::HOUSEHOLD, sent("household", f), result).await
}

pub(crate) async fn care_team(
    State(state): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    Path(id): Path<i64>,
    f: FormData,
) -> Result<Response, PageError> {
    let scope = state.store.open_client(&staff.actor, id, AuditAction::Update, "zorgteam").await?;
    let result = match f.get("user_id").trim().parse::<i64>() {
        Ok(user_id) => state.store.add_care_team_member(&scope, user_id).await,
        Err(_) => Err(StoreError::field("user_id", "Kies een collega.")),
    };
    answer(&state, &staff, &headers, &scope, part::CARE_TEAM, sent("care_team", f), result).await
}

pub(crate) async fn journal(
    State(state): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    Path(id): Path<i64>,
    f: FormData,
) -> Result<Response, PageError> {
    let scope = state.store.open_client(&staff.actor, id, AuditAction::Create, "journaal").await?;
    let mut e = FieldErrors::default();
    let goal_ids: Vec<i64> = f
        .all("goal_ids")
        .iter()
        .filter_map(|g| {
            let parsed = g.parse::<i64>().ok();
            if parsed.is_none() {
                e.add("goal_ids", "Kies doelen uit de lijst.");
            }
            parsed
        })
        .collect();
    // The form says whether it shows the checkbox; without it the store's default (visible) holds.
    let client_visible = match f.opt("client_visible") {
        Some(v) => Some(matches!(v, "ja" | "on" | "true" | "1")),
        None if f.sent("client_visible_shown") => Some(false),
        None => None,
    };
    let result = match e.finish() {
        Err(inv) => Err(StoreError::Invalid(inv)),
        Ok(()) => {
            let input = JournalInput {
                contact_type: f.get("contact_type").to_string(),
                contact_date: f.get("contact_date").to_string(),
                duration_minutes: f.get("duration_minutes").to_string(),
                text: f.get("text").to_string(),
                client_visible,
                goal_ids,
            };
            state.store.add_journal_entry(&scope, &input, regie_store::today()).await.map(|_| ())
        }
    };
    answer(&state, &staff, &headers, &scope, part::JOURNAL, sent("journal", f), result).await
}
