//! The whole journal of a client, paged (the dossier shows only the latest entries).

use crate::auth::Staff;
use crate::error::PageError;
use crate::pages::form::date;
use crate::pages::{render, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use regie_domain::catalogue::AuditAction;
use regie_domain::record::Dossier;

#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct Params {
    #[serde(default)]
    pagina: String,
}

#[derive(Template)]
#[template(path = "dossier/journal_page.html")]
struct JournalPage {
    l: Layout,
    client_id: i64,
    rows: Vec<super::view::JournalRow>,
    page: i64,
    pages: i64,
    total: i64,
}

pub(crate) async fn page(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>, Query(p): Query<Params>) -> Result<Response, PageError> {
    let scope = state.store.open_client(&staff.actor, id, AuditAction::Read, "journaal").await?;
    let tr = staff.tr;
    let size = Dossier::JOURNAL_LIMIT;
    let page = p.pagina.trim().parse::<i64>().ok().filter(|n| *n >= 1).unwrap_or(1).min(100_000);
    let client = state.store.client(&scope).await?;
    let found = state.store.journal(&scope, size, (page - 1) * size).await?;
    let rows = found
        .items
        .iter()
        .map(|j| super::view::JournalRow {
            contact_type: tr.code("contact_type", &j.contact_type).to_string(),
            date: date(tr, j.contact_date),
            duration: j.duration_minutes,
            author: j.author_name.clone(),
            text: j.text.clone(),
            client_visible: j.client_visible,
            goals: Vec::new(),
        })
        .collect();
    let title = format!("{} · {}", tr.t("dossier.journal"), client.full_name());
    Ok(render(&JournalPage {
        l: Layout::new(&staff, title),
        client_id: id,
        rows,
        page,
        pages: ((found.total + size - 1) / size).max(1),
        total: found.total,
    }))
}
