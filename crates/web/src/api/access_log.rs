//! `GET /api/v1/clients/{id}/access-log`: for the client, in plain words, who opened or changed
//! their dossier, when, in what role and part of the organisation, and on what ground. Reading
//! it is itself a read of the client's data: it goes through `open_client` (object
//! `toegangslog`), so only staff who may open the client get it, and it is logged. The client
//! portal will show the same overview.

use super::{Paging, P, Q};
use crate::auth::ApiUser;
use crate::error::ApiError;
use crate::pages::privacy::object_label;
use crate::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use regie_domain::catalogue::{AccessBasis, AuditAction};
use serde::Serialize;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/clients/{id}/access-log", get(access_log))
}

/// One access, in words.
#[derive(Debug, Serialize)]
struct Access {
    /// Moment, UTC, ISO 8601.
    at: String,
    /// Who, or "Regie" for the system itself.
    who: String,
    /// Their role at the moment of access.
    role: Option<String>,
    /// Their team and location: the part of the organisation they work in.
    organisation: Option<String>,
    /// On whose behalf, if someone else.
    on_behalf_of: Option<String>,
    /// `create`, `read`, `update`, `delete`, `export`.
    action: String,
    /// The action in Dutch words.
    action_text: &'static str,
    /// Which part of the dossier (code).
    object: String,
    /// That part in Dutch words.
    object_text: String,
    /// `zorgrelatie`, `teamleiding`, `organisatierol`, `noodtoegang`.
    basis: String,
    /// The ground in Dutch words.
    basis_text: &'static str,
    /// Opened with emergency access (break the glass).
    emergency: bool,
}

/// The overview: granted accesses (paged, newest first) and the number of refused attempts.
#[derive(Debug, Serialize)]
struct Overview {
    items: Vec<Access>,
    total: i64,
    refused_attempts: i64,
}

async fn access_log(State(state): State<AppState>, user: ApiUser, P(id): P<i64>, Q(paging): Q<Paging>) -> Result<Json<Overview>, ApiError> {
    let scope = state.store.open_client(&user.actor, id, AuditAction::Read, "toegangslog").await?;
    let (limit, offset) = paging.get(50);
    let o = state.store.client_access_overview(&scope, limit, offset).await?;
    let tr = crate::Lang::Nl.tr();
    let items = o
        .items
        .into_iter()
        .map(|a| {
            let organisation = match (a.team_name, a.location_name) {
                (Some(t), Some(l)) => Some(format!("{t}, {l}")),
                (t, l) => t.or(l),
            };
            Access {
                at: a.at,
                who: a.user_name.unwrap_or_else(|| tr.t("privacy.system").to_string()),
                role: a.role_name,
                organisation,
                on_behalf_of: a.on_behalf_name,
                action_text: tr.code("client_audit_action", &a.action),
                object_text: object_label(tr, &a.object),
                emergency: a.basis == AccessBasis::Emergency.code(),
                basis_text: tr.code("client_access_basis", &a.basis),
                action: a.action,
                object: a.object,
                basis: a.basis,
            }
        })
        .collect();
    Ok(Json(Overview { items, total: o.total, refused_attempts: o.refused }))
}
