//! Netwerk in the browser: the people and organisations around the client, with the network map
//! (ecogram) drawn on the server as SVG: the client in the centre, members on rings by closeness,
//! one line per kind of support (colour and dash differ, so it also reads in black and white), a
//! mark where the client gives something back, and a legend. Edits work like the plan's: a plain
//! form gets a redirect back, htmx the re-rendered section. `?datum=` shows it as it was.

use super::ecogram::{ecogram, Ecogram};
use super::plan_form::path_id;
use super::plan_show::day;
use super::strengths::{moment, refusal_message, required_version, ChangeRow, Query};
use crate::auth::Staff;
use crate::error::PageError;
use crate::i18n::Tr;
use crate::pages::form::FormData;
use crate::pages::{is_htmx, render, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use regie_domain::catalogue::AuditAction;
use regie_domain::history::RecordChange;
use regie_domain::network::{Closeness, Consent, MemberKind, NetworkMember, NetworkMemberInput, SupportKind};
use regie_store::{ClientScope, StoreError};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/clienten/{id}/netwerk", get(page).post(add))
        .route("/clienten/{id}/netwerk/{mid}", post(update))
        .route("/clienten/{id}/netwerk/{mid}/verwijderen", post(remove))
}

/// The section on its own, as htmx swaps it in.
#[derive(Template)]
#[template(path = "network/section.html")]
struct Section {
    l: Layout,
    client_id: i64,
    members: Vec<NetworkMember>,
    ecogram: Ecogram,
    network_error: Option<String>,
}

/// The whole page: now (editable), or as it was on a date.
#[derive(Template)]
#[template(path = "network/page.html")]
struct Page {
    l: Layout,
    client_id: i64,
    client_name: String,
    members: Vec<NetworkMember>,
    ecogram: Ecogram,
    network_error: Option<String>,
    datum: String,
    as_of: Option<String>,
    date_error: Option<String>,
    changes: Vec<ChangeRow>,
}

// Helpers the templates call.

/// Member kind codes in display order.
pub(crate) fn member_kinds() -> &'static [&'static str] {
    MemberKind::CODES
}

/// Support codes in display order.
pub(crate) fn support_kinds() -> &'static [&'static str] {
    SupportKind::CODES
}

/// Consent codes in display order.
pub(crate) fn consents() -> &'static [&'static str] {
    Consent::CODES
}

/// The rings as (number, closeness code), inside out.
pub(crate) fn rings() -> Vec<(i64, &'static str)> {
    Closeness::ALL.iter().map(|c| (c.ring(), c.code())).collect()
}

/// No member: the add form's fields start empty.
pub(crate) fn no_member() -> Option<&'static NetworkMember> {
    None
}

/// Whether `m` stands on ring `ring`.
pub(crate) fn on_ring(m: &NetworkMember, ring: impl std::borrow::Borrow<i64>) -> bool {
    m.closeness == *ring.borrow()
}

/// Whether `m` gives support of kind `code`.
pub(crate) fn gives(m: &NetworkMember, code: &str) -> bool {
    m.support.iter().any(|s| s == code)
}

// ---------------------------------------------------------------------------------------------
// Handlers

/// GET /clienten/{id}/netwerk?datum=
async fn page(State(st): State<AppState>, staff: Staff, Path(id): Path<String>, RawQuery(query): RawQuery) -> Result<Response, PageError> {
    let client_id = path_id(&id)?;
    let q = Query::parse(query.as_deref());
    let scope = st.store.open_client(&staff.actor, client_id, AuditAction::Read, "network").await?;
    let client_name = st.store.client(&scope).await?.full_name();
    let (datum, date_error) = match q.date("datum") {
        Ok(d) => (d, None),
        Err(raw) => (None, Some((raw, staff.tr.t("network.history_bad_date").to_string()))),
    };
    let (members, changes, as_of) = match datum {
        Some(d) => {
            let (members, history) = st.store.network_as_of(&scope, d).await?;
            (members, change_rows(staff.tr, &history), Some(day(&d)))
        }
        None => (st.store.network(&scope).await?, Vec::new(), None),
    };
    let page = Page {
        l: Layout::new(&staff, format!("{} · {}", staff.tr.t("network.title"), client_name)),
        ecogram: ecogram(staff.tr, &client_name, &members),
        datum: match (&datum, &date_error) {
            (Some(d), _) => d.format("%Y-%m-%d").to_string(),
            (None, Some((raw, _))) => raw.clone(),
            _ => String::new(),
        },
        date_error: date_error.map(|(_, m)| m),
        client_id,
        client_name,
        members,
        network_error: None,
        as_of,
        changes,
    };
    Ok(render(&page))
}

/// POST /clienten/{id}/netwerk: adds someone.
async fn add(State(st): State<AppState>, staff: Staff, headers: HeaderMap, Path(id): Path<String>, f: FormData) -> Result<Response, PageError> {
    let client_id = path_id(&id)?;
    let scope = st.store.open_client(&staff.actor, client_id, AuditAction::Create, "network_member").await?;
    let result = st.store.add_network_member(&scope, &member_input(&f)).await.map(|m| Some(m.id));
    finish(&st, &staff, &headers, &scope, result).await
}

/// POST /clienten/{id}/netwerk/{mid}: changes someone's details (version).
async fn update(State(st): State<AppState>, staff: Staff, headers: HeaderMap, Path((id, mid)): Path<(String, String)>, f: FormData) -> Result<Response, PageError> {
    let (client_id, member_id) = (path_id(&id)?, path_id(&mid)?);
    let scope = st.store.open_client(&staff.actor, client_id, AuditAction::Update, "network_member").await?;
    let result = async {
        let version = required_version(&f)?;
        st.store.update_network_member(&scope, member_id, &member_input(&f), version).await.map(|m| Some(m.id))
    }
    .await;
    finish(&st, &staff, &headers, &scope, result).await
}

/// POST /clienten/{id}/netwerk/{mid}/verwijderen (version).
async fn remove(State(st): State<AppState>, staff: Staff, headers: HeaderMap, Path((id, mid)): Path<(String, String)>, f: FormData) -> Result<Response, PageError> {
    let (client_id, member_id) = (path_id(&id)?, path_id(&mid)?);
    let scope = st.store.open_client(&staff.actor, client_id, AuditAction::Delete, "network_member").await?;
    let result = async {
        let version = required_version(&f)?;
        st.store.delete_network_member(&scope, member_id, version).await.map(|_| None)
    }
    .await;
    finish(&st, &staff, &headers, &scope, result).await
}

/// The answer to an edit: htmx gets the section (with a message when refused), a plain form a
/// redirect back to the page (at the member when there is one), or the error page.
async fn finish(st: &AppState, staff: &Staff, headers: &HeaderMap, scope: &ClientScope, result: Result<Option<i64>, StoreError>) -> Result<Response, PageError> {
    let client_id = scope.client_id();
    if !is_htmx(headers) {
        let anchor = match result? {
            Some(mid) => format!("lid-{mid}"),
            None => "netwerk".to_string(),
        };
        return Ok(Redirect::to(&format!("/clienten/{client_id}/netwerk#{anchor}")).into_response());
    }
    let network_error = refusal_message(staff.tr, result.map(drop), "network")?;
    let client_name = st.store.client(scope).await?.full_name();
    let members = st.store.network(scope).await?;
    let section = Section {
        l: Layout::new(staff, staff.tr.t("network.title")),
        ecogram: ecogram(staff.tr, &client_name, &members),
        client_id,
        members,
        network_error,
    };
    Ok(render(&section))
}

/// The member form, read by hand: checkboxes for support and taking part, the ring as a number.
fn member_input(f: &FormData) -> NetworkMemberInput {
    let ticked = |name: &str| f.has(name, "1") || f.has(name, "on") || f.has(name, "true");
    NetworkMemberInput {
        name: f.get("name").to_string(),
        relation: f.opt("relation").map(str::to_string),
        kind: f.opt("kind").map(str::to_string),
        phone: f.opt("phone").map(str::to_string),
        email: f.opt("email").map(str::to_string),
        // A ring that is not a number is refused like any ring outside 1 to 3.
        closeness: f.filled("closeness").map(|v| v.parse::<i64>().unwrap_or(0)),
        support: f.all("support"),
        gives_back: f.opt("gives_back").map(str::to_string),
        takes_part_actions: ticked("takes_part_actions"),
        takes_part_evaluations: ticked("takes_part_evaluations"),
        consent: f.opt("consent").map(str::to_string),
    }
}

fn change_rows(tr: Tr, history: &[RecordChange]) -> Vec<ChangeRow> {
    history
        .iter()
        .rev()
        .map(|c| ChangeRow {
            when: moment(c),
            who: c.by.clone(),
            what: tr.t(&format!("network.change.{}_{}", c.op.code(), c.entity)),
            text: c.data.get("name").and_then(|n| n.as_str()).unwrap_or_default().to_string(),
        })
        .collect()
}
