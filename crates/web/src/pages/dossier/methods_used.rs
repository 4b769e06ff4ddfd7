//! The methods used in the dossier's trajectory: listed in the trajectory block, with a form to
//! add one from the methods library and a button to remove one. Plain forms redirect back;
//! htmx gets the trajectory block re-rendered.

use super::view::DossierView;
use super::{done, part, refuse, FormState};
use crate::auth::Staff;
use crate::error::PageError;
use crate::pages::form::FormData;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use regie_domain::catalogue::AuditAction;
use regie_store::{ClientScope, MethodUse, StoreError};

/// The methods of the trajectory the dossier shows (one query; none without a trajectory).
pub(super) async fn load(state: &AppState, scope: &ClientScope, view: &DossierView) -> Result<Vec<MethodUse>, PageError> {
    match &view.traj {
        Some(t) => Ok(state.store.trajectory_methods(scope, t.id).await?),
        None => Ok(Vec::new()),
    }
}

impl DossierView {
    /// Library methods not yet recorded for the trajectory: (code, name), in library order.
    pub fn method_choices(&self) -> Vec<(&'static str, &'static str)> {
        regie_domain::methods::methods()
            .iter()
            .filter(|m| !self.methods_used.iter().any(|u| u.method_code == m.code))
            .map(|m| (m.code.as_str(), m.name.as_str()))
            .collect()
    }
}

async fn answer(
    state: &AppState,
    staff: &Staff,
    headers: &HeaderMap,
    scope: &ClientScope,
    values: FormData,
    result: Result<(), StoreError>,
) -> Result<Response, PageError> {
    match result {
        Ok(()) => done(state, staff, headers, scope, part::TRAJECTORY).await,
        Err(StoreError::Invalid(inv)) => refuse(state, staff, headers, scope, part::TRAJECTORY, FormState { which: "methods", values, errors: inv.0 }).await,
        Err(e) => Err(e.into()),
    }
}

/// `POST /clienten/{id}/traject/{tid}/methoden` (field `method_code`).
pub(super) async fn add(
    State(state): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    Path((id, tid)): Path<(i64, i64)>,
    f: FormData,
) -> Result<Response, PageError> {
    let scope = state.store.open_client(&staff.actor, id, AuditAction::Update, "traject-methoden").await?;
    let result = state.store.add_trajectory_method(&scope, tid, f.get("method_code"), regie_store::today()).await.map(|_| ());
    answer(&state, &staff, &headers, &scope, f, result).await
}

/// `POST /clienten/{id}/traject/{tid}/methoden/{code}/verwijderen`.
pub(super) async fn remove(
    State(state): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    Path((id, tid, code)): Path<(i64, i64, String)>,
) -> Result<Response, PageError> {
    let scope = state.store.open_client(&staff.actor, id, AuditAction::Update, "traject-methoden").await?;
    let result = state.store.remove_trajectory_method(&scope, tid, &code).await;
    answer(&state, &staff, &headers, &scope, FormData::default(), result).await
}
