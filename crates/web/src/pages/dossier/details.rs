//! Personal details and household on the dossier: changing the client's details (with the
//! version read, so a stale edit is refused with the current state) and removing a household
//! member. Also the journal form's goal tick boxes, which the plan's htmx answers refresh out
//! of band, so a goal just added can be linked at once.

use super::{done, full_page, part, refuse, FormState};
use crate::auth::Staff;
use crate::error::PageError;
use crate::pages::form::FormData;
use crate::pages::{is_htmx, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use regie_domain::catalogue::AuditAction;
use regie_domain::plan::PlanSnapshot;
use regie_domain::FieldErrors;
use regie_store::{ClientInput, StoreError};

/// `JJJJ-MM-DD` of an optional date, or "" (for date inputs).
pub(crate) fn iso(d: &Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default()
}

/// `POST /clienten/{id}/gegevens`: changes the personal details (the team stays).
pub(crate) async fn update(State(state): State<AppState>, staff: Staff, headers: HeaderMap, Path(id): Path<i64>, f: FormData) -> Result<Response, PageError> {
    let scope = state.store.open_client(&staff.actor, id, AuditAction::Update, "gegevens").await?;
    let result = match f.get("version").trim().parse::<i64>() {
        Ok(version) => {
            let input = ClientInput {
                first_name: f.get("first_name").to_string(),
                last_name: f.get("last_name").to_string(),
                birth_date: f.filled("birth_date"),
                phone: f.filled("phone"),
                email: f.filled("email"),
                address: f.filled("address"),
                city: f.filled("city"),
                team_id: None,
            };
            state.store.update_client(&scope, &input, version).await.map(drop)
        }
        Err(_) => Err(StoreError::field("version", staff.tr.t("dossier.details_reload"))),
    };
    match result {
        Ok(()) => done(&state, &staff, &headers, &scope, part::DETAILS).await,
        Err(StoreError::Invalid(inv)) => refuse(&state, &staff, &headers, &scope, part::DETAILS, FormState { which: "details", values: f, errors: inv.0 }).await,
        // Someone else saved first: the details above show how they are now; what this user
        // typed stays in the form (with the new version), to check and save again.
        Err(StoreError::Conflict { .. }) => {
            let mut errors = FieldErrors::default();
            errors.add("version", staff.tr.t("dossier.details_stale"));
            let form = FormState { which: "details", values: f, errors };
            if is_htmx(&headers) {
                refuse(&state, &staff, &headers, &scope, part::DETAILS, form).await
            } else {
                full_page(&state, &staff, &scope, form, StatusCode::CONFLICT).await
            }
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /clienten/{id}/huishouden/{mid}/verwijderen`: removes a household member of this
/// client (a member of another client is "not found").
pub(crate) async fn remove_member(
    State(state): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    Path((id, member_id)): Path<(i64, i64)>,
) -> Result<Response, PageError> {
    let scope = state.store.open_client(&staff.actor, id, AuditAction::Delete, "huishouden").await?;
    state.store.remove_household_member(&scope, member_id).await?;
    done(&state, &staff, &headers, &scope, part::HOUSEHOLD).await
}

/// The journal form's goal tick boxes, to swap in out of band (`id="journal-goals"`).
#[derive(Template)]
#[template(path = "dossier/journal_goals_oob.html")]
struct JournalGoalsOob<'a> {
    l: &'a Layout,
    goal_rows: Vec<(i64, String, bool)>,
    goal_error: Option<&'a str>,
}

/// The plan's htmx answer: the plan section, followed by the journal form's goal tick boxes for
/// the plan as it now is (out of band, so a goal just added can be linked in the journal). No
/// extra queries: the goals come from the plan just loaded.
pub(crate) fn plan_with_journal_goals(section: &impl Template, l: &Layout, plan: &PlanSnapshot) -> Response {
    let goal_rows = plan.goals.iter().filter(|g| g.status == "actief").map(|g| (g.id, g.text.clone(), false)).collect();
    let goals = JournalGoalsOob { l, goal_rows, goal_error: None };
    match (section.render(), goals.render()) {
        (Ok(section), Ok(goals)) => Html(format!("{section}\n{goals}")).into_response(),
        (Err(e), _) | (_, Err(e)) => {
            tracing::error!(error = %e, "template failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "Er ging iets mis aan onze kant.").into_response()
        }
    }
}

/// The journal form's goal tick boxes on the dossier: active goals, ticked as the refused form
/// had them.
pub(crate) fn journal_goal_rows(v: &super::DossierView) -> Vec<(i64, String, bool)> {
    v.goals.iter().map(|(id, text)| (*id, text.clone(), v.chosen("journal", "goal_ids", &id.to_string(), false))).collect()
}
