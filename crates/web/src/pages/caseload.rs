//! Mijn cliënten: the caseload with signals, search and paging; a teamleider can switch to the
//! team's caseload.

use crate::auth::Staff;
use crate::error::PageError;
use crate::pages::form::{badges, query, Badge};
use crate::pages::{render, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use regie_domain::catalogue::RoleScope;
use regie_store::{CaseloadQuery, CaseloadView};

/// Clients per page.
const PAGE_SIZE: i64 = 25;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/clienten", get(page).post(super::dossier::register::submit))
}

#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct Params {
    #[serde(default)]
    q: String,
    #[serde(default)]
    pagina: String,
    #[serde(default)]
    weergave: String,
}

/// One row as shown.
struct Row {
    id: i64,
    name: String,
    birth_date: String,
    team: String,
    model: String,
    phase: String,
    owner: String,
    signals: Vec<Badge>,
}

#[derive(Template)]
#[template(path = "caseload/page.html")]
struct CaseloadPage {
    l: Layout,
    rows: Vec<Row>,
    total: i64,
    q: String,
    team_view: bool,
    can_switch: bool,
    page: i64,
    pages: i64,
    prev_href: Option<String>,
    next_href: Option<String>,
    mine_href: String,
    team_href: String,
}

fn href(q: &str, team: bool, page: i64) -> String {
    let mut pairs: Vec<(&str, String)> = Vec::new();
    if !q.is_empty() {
        pairs.push(("q", q.to_string()));
    }
    if team {
        pairs.push(("weergave", "team".into()));
    }
    if page > 1 {
        pairs.push(("pagina", page.to_string()));
    }
    let borrowed: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let qs = query(&borrowed);
    if qs.is_empty() {
        "/clienten".into()
    } else {
        format!("/clienten?{qs}")
    }
}

async fn page(State(state): State<AppState>, staff: Staff, Query(p): Query<Params>) -> Result<Response, PageError> {
    let tr = staff.tr;
    let can_switch = staff.user().scope != RoleScope::CareRelation;
    let team_view = can_switch && p.weergave == "team";
    let q = p.q.trim().chars().take(100).collect::<String>();
    let page = p.pagina.trim().parse::<i64>().ok().filter(|n| *n >= 1).unwrap_or(1).min(100_000);
    let request = CaseloadQuery {
        view: if team_view { CaseloadView::Visible } else { CaseloadView::Mine },
        search: (!q.is_empty()).then(|| q.clone()),
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
    };
    let found = state.store.caseload(&staff.actor, &request, regie_store::today()).await?;
    let pages = ((found.total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    let rows = found
        .items
        .into_iter()
        .map(|r| Row {
            id: r.client_id,
            name: r.name,
            birth_date: crate::pages::form::opt_date(tr, r.birth_date),
            team: r.team_name,
            model: r.model_name.unwrap_or_default(),
            phase: r.phase_name.unwrap_or_default(),
            owner: r.owner_name.unwrap_or_default(),
            signals: badges(tr, &r.signals),
        })
        .collect();
    let title = if team_view { tr.t("caseload.team_title") } else { tr.t("nav.caseload") };
    Ok(render(&CaseloadPage {
        l: Layout::new(&staff, title),
        rows,
        total: found.total,
        prev_href: (page > 1).then(|| href(&q, team_view, page - 1)),
        next_href: (page < pages).then(|| href(&q, team_view, page + 1)),
        mine_href: href(&q, false, 1),
        team_href: href(&q, true, 1),
        q,
        team_view,
        can_switch,
        page,
        pages,
    }))
}
