//! AVG pages: the client's inzage (a printable copy of the whole dossier, with the plan's history
//! and who opened it) and the same as a JSON download (dataportabiliteit). Both open the client
//! through the store's export door ([`regie_store::Store::open_client_for_export`]): the
//! trajectbegeleider, the teamleider and organisation-wide roles; every attempt is logged as an
//! export. Functioneel beheer's erasure and retention pages are in `avg_admin.rs`.

use crate::auth::Staff;
use crate::error::PageError;
use crate::i18n::Tr;
use crate::pages::{render, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use regie_store::ClientExport;

pub(crate) fn routes() -> Router<crate::AppState> {
    Router::new().route("/clienten/{id}/inzage", get(page)).route("/clienten/{id}/inzage.json", get(download))
}

/// One change of the record, in words.
pub(crate) struct HistoryLine {
    pub at: String,
    pub by: String,
    pub what: String,
    pub detail: String,
}

#[derive(Template)]
#[template(path = "avg/inzage.html")]
struct InzagePage {
    l: Layout,
    x: ClientExport,
    history: Vec<HistoryLine>,
    printed_on: String,
}

/// A moment as `JJJJ-MM-DD UU:MM` (UTC).
pub(crate) fn when(at: &str) -> String {
    let s: String = at.chars().take(16).collect();
    format!("{} UTC", s.replace('T', " "))
}

/// The text of a vocabulary code, or the code when Regie has no text for it.
pub(crate) fn label(tr: &Tr, vocabulary: &str, code: &str) -> String {
    let key = format!("{vocabulary}.{code}");
    if crate::i18n::has_key(&key) {
        tr.t(&key).to_string()
    } else {
        code.to_string()
    }
}

/// The words a person would read in a changed item: its text, name or status.
fn detail(item: &serde_json::Value) -> String {
    for key in ["text", "name", "goal_text", "status", "method_code", "role"] {
        if let Some(v) = item.get(key).and_then(|v| v.as_str()).filter(|v| !v.is_empty()) {
            return v.to_string();
        }
    }
    String::new()
}

fn history(tr: &Tr, x: &ClientExport) -> Vec<HistoryLine> {
    x.history
        .iter()
        .map(|c| HistoryLine {
            at: when(&c.at),
            by: c.by.clone(),
            what: format!("{} {}", label(tr, "avg.entity", &c.entity), label(tr, "avg.op", &c.op)),
            detail: detail(&c.item),
        })
        .collect()
}

async fn page(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>) -> Result<Response, PageError> {
    let scope = state.store.open_client_for_export(&staff.actor, id).await?;
    let mut x = state.store.export_client(&scope, &staff.user().name).await?;
    for a in &mut x.access_log {
        a.at = when(&a.at);
    }
    let title = format!("{} {} {}", staff.tr.t("avg.inzage_title"), x.client.first_name, x.client.last_name);
    let page = InzagePage { history: history(&staff.tr, &x), printed_on: when(&x.exported_at), l: Layout::new(&staff, title), x };
    Ok(render(&page))
}

async fn download(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>) -> Result<Response, PageError> {
    let scope = state.store.open_client_for_export(&staff.actor, id).await?;
    let x = state.store.export_client(&scope, &staff.user().name).await?;
    Ok(json_attachment(&x))
}

/// The export as a JSON file to save: `regie-client-{id}-{date}.json`, never cached.
pub(crate) fn json_attachment(x: &ClientExport) -> Response {
    let body = serde_json::to_vec_pretty(x).unwrap_or_default();
    let name = format!("regie-client-{}-{}.json", x.client.id, x.exported_at.chars().take(10).collect::<String>());
    (
        [
            (CONTENT_TYPE, "application/json; charset=utf-8".to_string()),
            (CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
            (CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response()
}
