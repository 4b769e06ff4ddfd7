//! The privacy role's view of the access log (NEN 7513): search by client, staff member,
//! period, action, basis and outcome, paged (`GET /privacy/toegangslog`), and the same search as
//! a CSV file (`GET /privacy/toegangslog.csv`). Only the privacy role gets in; the store logs
//! every look at the log, also a refused one. Emergency accesses are reviewed in
//! `privacy_review.rs`.

use crate::auth::Staff;
use crate::error::PageError;
use crate::i18n::Tr;
use crate::pages::{render, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use regie_domain::catalogue::{AccessBasis, AuditAction};
use regie_domain::FieldErrors;
use regie_store::{AuditFilter, AuditLine, StoreError};

/// Records per page.
const PAGE: i64 = 50;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/privacy/toegangslog", get(search)).route("/privacy/toegangslog.csv", get(export))
}

/// The search form as sent (GET parameters, all optional).
#[derive(Debug, Default, Clone, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub(crate) struct SearchParams {
    client: String,
    user: String,
    from: String,
    to: String,
    action: String,
    basis: String,
    outcome: String,
    #[serde(skip_serializing)]
    pagina: String,
}

impl SearchParams {
    fn filter(&self) -> AuditFilter {
        AuditFilter {
            client: self.client.clone(),
            user: self.user.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            action: self.action.clone(),
            basis: self.basis.clone(),
            outcome: self.outcome.clone(),
        }
    }

    /// The query string of this search (without the page).
    fn query(&self) -> String {
        serde_urlencoded::to_string(self).unwrap_or_default()
    }
}

/// One record as shown.
struct Row {
    id: i64,
    at_local: String,
    at: String,
    who: String,
    role: String,
    behalf: String,
    client: String,
    action: &'static str,
    object: String,
    basis: &'static str,
    emergency: bool,
    refused: bool,
    outcome: &'static str,
    reason: String,
    source: String,
    browser: String,
}

#[derive(Template)]
#[template(path = "privacy/log.html")]
struct LogPage {
    l: Layout,
    p: SearchParams,
    rows: Vec<Row>,
    total: i64,
    page: i64,
    pages: i64,
    query: String,
    errors: FieldErrors,
    actions: &'static [&'static str],
    bases: &'static [&'static str],
}

impl LogPage {
    fn err(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }
}

#[derive(Template)]
#[template(path = "privacy/forbidden.html")]
struct Forbidden {
    l: Layout,
}

/// 403 for anyone but the privacy role.
pub(crate) fn forbidden(staff: &Staff) -> Response {
    (StatusCode::FORBIDDEN, render(&Forbidden { l: Layout::new(staff, staff.tr.t("privacy.forbidden_title")) })).into_response()
}

/// A moment as stored (UTC) in the server's local time.
pub(crate) fn local(at: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(at)
        .map(|t| t.with_timezone(&chrono::Local).format("%d-%m-%Y %H:%M:%S").to_string())
        .unwrap_or_else(|_| at.to_string())
}

/// The label of a logged object ("dossier", "journaal", …), or the code itself.
pub(crate) fn object_label(tr: Tr, object: &str) -> String {
    let key = format!("audit_object.{object}");
    if crate::i18n::has_key(&key) {
        tr.t(&key).to_string()
    } else {
        object.to_string()
    }
}

fn row(tr: Tr, a: AuditLine) -> Row {
    Row {
        id: a.id,
        at_local: local(&a.at),
        who: a.user_name.unwrap_or_else(|| tr.t("privacy.system").to_string()),
        role: a.role_name.or(a.role).unwrap_or_default(),
        behalf: a.on_behalf_name.unwrap_or_default(),
        client: a.client_id.map(|c| c.to_string()).unwrap_or_default(),
        action: tr.code("audit_action", &a.action),
        object: object_label(tr, &a.object),
        emergency: a.basis == AccessBasis::Emergency.code(),
        basis: tr.code("access_basis", &a.basis),
        refused: a.outcome == "refused",
        outcome: tr.code("audit_outcome", &a.outcome),
        reason: a.reason.unwrap_or_default(),
        source: a.source,
        browser: a.user_agent,
        at: a.at,
    }
}

async fn search(State(state): State<AppState>, staff: Staff, Query(p): Query<SearchParams>) -> Result<Response, PageError> {
    let page = p.pagina.trim().parse::<i64>().unwrap_or(1).max(1);
    let result = state.store.search_audit(&staff.actor, &p.filter(), PAGE, (page - 1) * PAGE).await;
    let (found, errors, status) = match result {
        Ok(found) => (Some(found), FieldErrors::default(), StatusCode::OK),
        Err(StoreError::Forbidden) => return Ok(forbidden(&staff)),
        Err(StoreError::Invalid(inv)) => (None, inv.0, StatusCode::UNPROCESSABLE_ENTITY),
        Err(e) => return Err(e.into()),
    };
    let (rows, total) = match found {
        Some(f) => (f.items.into_iter().map(|a| row(staff.tr, a)).collect(), f.total),
        None => (Vec::new(), 0),
    };
    let l = Layout::new(&staff, staff.tr.t("privacy.log_title"));
    let query = p.query();
    let pages = ((total + PAGE - 1) / PAGE).max(1);
    let view = LogPage { l, p, rows, total, page, pages, query, errors, actions: AuditAction::CODES, bases: AccessBasis::CODES };
    Ok((status, render(&view)).into_response())
}

async fn export(State(state): State<AppState>, staff: Staff, Query(p): Query<SearchParams>) -> Result<Response, PageError> {
    let lines = match state.store.export_audit(&staff.actor, &p.filter()).await {
        Ok(lines) => lines,
        Err(StoreError::Forbidden) => return Ok(forbidden(&staff)),
        Err(e) => return Err(e.into()),
    };
    let tr = staff.tr;
    let mut csv = String::from("\u{feff}");
    let header = [
        "privacy.csv_id",
        "privacy.csv_at",
        "privacy.csv_user_id",
        "privacy.csv_user",
        "privacy.csv_role",
        "privacy.csv_behalf",
        "privacy.csv_client",
        "privacy.csv_action",
        "privacy.csv_object",
        "privacy.csv_basis",
        "privacy.csv_reason",
        "privacy.csv_outcome",
        "privacy.csv_source",
        "privacy.csv_browser",
    ];
    push_line(&mut csv, header.iter().map(|k| tr.t(k).to_string()));
    for a in lines {
        let opt = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
        push_line(
            &mut csv,
            [
                a.id.to_string(),
                a.at.clone(),
                opt(a.user_id),
                a.user_name.clone().unwrap_or_else(|| tr.t("privacy.system").to_string()),
                a.role_name.clone().or(a.role.clone()).unwrap_or_default(),
                a.on_behalf_name.clone().unwrap_or_default(),
                opt(a.client_id),
                a.action.clone(),
                a.object.clone(),
                a.basis.clone(),
                a.reason.clone().unwrap_or_default(),
                a.outcome.clone(),
                a.source.clone(),
                a.user_agent.clone(),
            ]
            .into_iter(),
        );
    }
    let name = format!("attachment; filename=\"toegangslog-{}.csv\"", chrono::Utc::now().format("%Y%m%d-%H%M%S"));
    Ok(([(CONTENT_TYPE, "text/csv; charset=utf-8".to_string()), (CONTENT_DISPOSITION, name)], csv).into_response())
}

/// Appends one CSV line (`;`-separated, CRLF).
fn push_line(out: &mut String, fields: impl Iterator<Item = String>) {
    let cells: Vec<String> = fields.map(|f| csv_cell(&f)).collect();
    out.push_str(&cells.join(";"));
    out.push_str("\r\n");
}

/// One CSV cell: quoted when needed, and a text a spreadsheet would run as a formula (starting
/// with `=`, `+`, `-`, `@`, tab or carriage return) gets a leading `'`.
pub(crate) fn csv_cell(v: &str) -> String {
    let guarded = if v.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{v}") } else { v.to_string() };
    if guarded.contains([';', '"', '\n', '\r', ',']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

#[cfg(test)]
mod tests {
    use super::csv_cell;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(csv_cell("dossier"), "dossier");
        assert_eq!(csv_cell("a;b"), "\"a;b\"");
        assert_eq!(csv_cell("zei \"hoi\""), "\"zei \"\"hoi\"\"\"");
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("+31 6"), "'+31 6");
        assert_eq!(csv_cell("@SUM"), "'@SUM");
        assert_eq!(csv_cell("regel\nnieuw"), "\"regel\nnieuw\"");
    }
}
