//! Krachten in the browser: a grid of life domains × the six kinds of strength, with per domain the
//! situation now, the client's wishes and what helped before. Edited with the client: a plain form
//! answers with a redirect back, an htmx request with the re-rendered section (a refused or stale
//! edit shows a Dutch message above the inventory as it now is). `?datum=` shows it as it was.

use super::plan_form::path_id;
use super::plan_show::{day, set_label};
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
use chrono::NaiveDate;
use regie_domain::catalogue::AuditAction;
use regie_domain::history::RecordChange;
use regie_domain::strengths::{Strength, StrengthDomainInput, StrengthInput, StrengthKind, StrengthsSnapshot};
use regie_domain::FieldErrors;
use regie_store::{ClientScope, LifeDomain, StoreError};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/clienten/{id}/krachten", get(page).post(add))
        .route("/clienten/{id}/krachten/leefgebied/{code}", post(set_domain))
        .route("/clienten/{id}/krachten/{sid}", post(update))
        .route("/clienten/{id}/krachten/{sid}/verwijderen", post(remove))
}

/// The domain set shown when the client has no trajectory (the 8-fasenmodel's leefgebieden, where
/// the six kinds come from).
const DEFAULT_SET: &str = "8fasen";

/// One life domain of the inventory, ready to show.
pub(crate) struct DomainRow {
    pub code: String,
    pub name: String,
    pub situation: String,
    pub wishes: String,
    pub resources_before: String,
    /// Version for the edit form; empty when nothing was written yet.
    pub version: String,
    /// The six kinds in their fixed order, each with its strengths.
    pub cells: Vec<KindCell>,
    /// Whether anything is written for this domain.
    pub filled: bool,
}

/// The strengths of one kind in one domain.
pub(crate) struct KindCell {
    pub kind: &'static str,
    pub items: Vec<Strength>,
}

/// What the section template reads besides `l` and `client_id`.
pub(crate) struct Krachten {
    /// The domain set shown.
    pub set: String,
    /// Other domain sets to switch to: (code, name).
    pub sets: Vec<(String, String)>,
    pub rows: Vec<DomainRow>,
    /// Message above the inventory (refused or stale edit).
    pub error: Option<String>,
}

/// The section on its own, as htmx swaps it in.
#[derive(Template)]
#[template(path = "strengths/section.html")]
struct Section {
    l: Layout,
    client_id: i64,
    k: Krachten,
}

/// The whole page: now (editable), or as it was on a date.
#[derive(Template)]
#[template(path = "strengths/page.html")]
struct Page {
    l: Layout,
    client_id: i64,
    client_name: String,
    k: Krachten,
    /// The date as typed, to put back in the input.
    datum: String,
    /// The date shown (as people write it) when looking back; `None` for now.
    as_of: Option<String>,
    date_error: Option<String>,
    changes: Vec<ChangeRow>,
    /// The inventory as it was, compact (only when looking back).
    krachten: Vec<DomainRow>,
}

/// One kept change, ready to show.
pub(crate) struct ChangeRow {
    pub when: String,
    pub who: String,
    pub what: &'static str,
    pub text: String,
}

/// The kinds in their fixed order (for the grid's head).
pub(crate) fn kinds() -> &'static [&'static str] {
    StrengthKind::CODES
}

/// The rows of the inventory: the domains of `set` in catalogue order, then any other domain
/// something is written for (so nothing written disappears from view).
pub(crate) fn rows(snapshot: &StrengthsSnapshot, domains: &[LifeDomain], set: &str) -> Vec<DomainRow> {
    let written = snapshot.domain_codes();
    domains
        .iter()
        .filter(|d| d.domain_set == set || written.contains(&d.code.as_str()))
        .map(|d| {
            let texts = snapshot.domain(&d.code);
            DomainRow {
                code: d.code.clone(),
                name: d.name.clone(),
                situation: texts.map(|t| t.situation.clone()).unwrap_or_default(),
                wishes: texts.map(|t| t.wishes.clone()).unwrap_or_default(),
                resources_before: texts.map(|t| t.resources_before.clone()).unwrap_or_default(),
                version: texts.map(|t| t.version.to_string()).unwrap_or_default(),
                cells: StrengthKind::CODES.iter().map(|k| KindCell { kind: k, items: snapshot.of(&d.code, k).into_iter().cloned().collect() }).collect(),
                filled: snapshot.has(&d.code),
            }
        })
        .collect()
}

/// The compact summary for "op tafel": only the domains something is written for.
pub(crate) fn summary(snapshot: &StrengthsSnapshot, domains: &[LifeDomain]) -> Vec<DomainRow> {
    rows(snapshot, domains, "").into_iter().filter(|r| r.filled).collect()
}

fn sets(l: &Layout, domains: &[LifeDomain]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for d in domains {
        if !out.iter().any(|(c, _)| *c == d.domain_set) {
            out.push((d.domain_set.clone(), set_label(l, &d.domain_set)));
        }
    }
    out
}

/// The set asked for, when it exists; else the method's set; else the default.
async fn chosen_set(st: &AppState, scope: &ClientScope, asked: Option<&str>, domains: &[LifeDomain]) -> Result<String, PageError> {
    if let Some(a) = asked.map(str::trim).filter(|a| domains.iter().any(|d| d.domain_set == *a)) {
        return Ok(a.to_string());
    }
    Ok(st.store.client_domain_set(scope).await?.unwrap_or_else(|| DEFAULT_SET.to_string()))
}

// ---------------------------------------------------------------------------------------------
// Handlers

/// GET /clienten/{id}/krachten?datum=&set=
async fn page(State(st): State<AppState>, staff: Staff, Path(id): Path<String>, RawQuery(query): RawQuery) -> Result<Response, PageError> {
    let client_id = path_id(&id)?;
    let q = Query::parse(query.as_deref());
    let scope = st.store.open_client(&staff.actor, client_id, AuditAction::Read, "strengths").await?;
    let client_name = st.store.client(&scope).await?.full_name();
    let domains = st.store.life_domains().await?;
    let set = chosen_set(&st, &scope, q.get("set"), &domains).await?;
    let l = Layout::new(&staff, format!("{} · {}", staff.tr.t("strengths.title"), client_name));
    let (datum, date_error) = match q.date("datum") {
        Ok(d) => (d, None),
        Err(raw) => (None, Some((raw, staff.tr.t("strengths.history_bad_date").to_string()))),
    };
    let (snapshot, changes, as_of) = match datum {
        Some(d) => {
            let (snapshot, history) = st.store.strengths_as_of(&scope, d).await?;
            (snapshot, change_rows(staff.tr, &domains, &history), Some(day(&d)))
        }
        None => (st.store.strengths(&scope).await?, Vec::new(), None),
    };
    let krachten = if as_of.is_some() { summary(&snapshot, &domains) } else { Vec::new() };
    let k = Krachten { sets: sets(&l, &domains), rows: rows(&snapshot, &domains, &set), set, error: None };
    let page = Page {
        krachten,
        datum: match (&datum, &date_error) {
            (Some(d), _) => d.format("%Y-%m-%d").to_string(),
            (None, Some((raw, _))) => raw.clone(),
            _ => String::new(),
        },
        date_error: date_error.map(|(_, m)| m),
        l,
        client_id,
        client_name,
        k,
        as_of,
        changes,
    };
    Ok(render(&page))
}

/// POST /clienten/{id}/krachten: adds a strength (domain, kind, text).
async fn add(State(st): State<AppState>, staff: Staff, headers: HeaderMap, Path(id): Path<String>, f: FormData) -> Result<Response, PageError> {
    let client_id = path_id(&id)?;
    let scope = st.store.open_client(&staff.actor, client_id, AuditAction::Create, "strength").await?;
    let input = strength_input(&f);
    let result = st.store.add_strength(&scope, &input).await.map(drop);
    finish(&st, &staff, &headers, &scope, &f, &input.domain, result).await
}

/// POST /clienten/{id}/krachten/leefgebied/{code}: situation, wishes and resources of a domain.
async fn set_domain(State(st): State<AppState>, staff: Staff, headers: HeaderMap, Path((id, code)): Path<(String, String)>, f: FormData) -> Result<Response, PageError> {
    let client_id = path_id(&id)?;
    let scope = st.store.open_client(&staff.actor, client_id, AuditAction::Update, "strength_domain").await?;
    let result = async {
        let mut errs = FieldErrors::default();
        let version = int(&f, "version", &mut errs);
        errs.finish()?;
        let input = StrengthDomainInput { situation: f.opt("situation").map(str::to_string), wishes: f.opt("wishes").map(str::to_string), resources_before: f.opt("resources_before").map(str::to_string) };
        st.store.set_strength_domain(&scope, &code, &input, version).await.map(drop)
    }
    .await;
    finish(&st, &staff, &headers, &scope, &f, &code, result).await
}

/// POST /clienten/{id}/krachten/{sid}: changes a strength (version).
async fn update(State(st): State<AppState>, staff: Staff, headers: HeaderMap, Path((id, sid)): Path<(String, String)>, f: FormData) -> Result<Response, PageError> {
    let (client_id, strength_id) = (path_id(&id)?, path_id(&sid)?);
    let scope = st.store.open_client(&staff.actor, client_id, AuditAction::Update, "strength").await?;
    let input = strength_input(&f);
    let result = async {
        let version = required_version(&f)?;
        st.store.update_strength(&scope, strength_id, &input, version).await.map(drop)
    }
    .await;
    finish(&st, &staff, &headers, &scope, &f, &input.domain, result).await
}

/// POST /clienten/{id}/krachten/{sid}/verwijderen (version).
async fn remove(State(st): State<AppState>, staff: Staff, headers: HeaderMap, Path((id, sid)): Path<(String, String)>, f: FormData) -> Result<Response, PageError> {
    let (client_id, strength_id) = (path_id(&id)?, path_id(&sid)?);
    let scope = st.store.open_client(&staff.actor, client_id, AuditAction::Delete, "strength").await?;
    let result = async {
        let version = required_version(&f)?;
        st.store.delete_strength(&scope, strength_id, version).await
    }
    .await;
    finish(&st, &staff, &headers, &scope, &f, f.get("domain"), result).await
}

// ---------------------------------------------------------------------------------------------
// Answering

/// The answer to an edit: htmx gets the section (with a message when refused), a plain form a
/// redirect back to the domain on the page, or the error page.
async fn finish(st: &AppState, staff: &Staff, headers: &HeaderMap, scope: &ClientScope, f: &FormData, domain: &str, result: Result<(), StoreError>) -> Result<Response, PageError> {
    let client_id = scope.client_id();
    if !is_htmx(headers) {
        result?;
        let anchor = if domain.trim().is_empty() { "krachten".to_string() } else { format!("krachten-{}", domain.trim()) };
        let query = f.filled("set").map(|set| format!("?{}", super::form::query(&[("set", &set)]))).unwrap_or_default();
        return Ok(Redirect::to(&format!("/clienten/{client_id}/krachten{query}#{anchor}")).into_response());
    }
    let domains = st.store.life_domains().await?;
    let set = chosen_set(st, scope, f.opt("set"), &domains).await?;
    let error = refusal_message(staff.tr, result, "strengths")?;
    let snapshot = st.store.strengths(scope).await?;
    let l = Layout::new(staff, staff.tr.t("strengths.title"));
    let k = Krachten { sets: sets(&l, &domains), rows: rows(&snapshot, &domains, &set), set, error };
    Ok(render(&Section { l, client_id, k }))
}

/// The message for a refused or stale edit (`None` when it was saved); other faults pass on.
/// `area` is the text-key prefix of the page (`strengths`, `network`).
pub(crate) fn refusal_message(tr: Tr, result: Result<(), StoreError>, area: &str) -> Result<Option<String>, PageError> {
    Ok(match result {
        Ok(()) => None,
        Err(StoreError::Invalid(inv)) => {
            let mut out = tr.t(&format!("{area}.not_saved")).to_string();
            for (field, message) in &inv.0 .0 {
                out.push_str(&format!(" {}: {}", tr.t(&format!("field.{field}")), message));
            }
            Some(out)
        }
        Err(StoreError::Conflict { .. }) => Some(tr.t(&format!("{area}.conflict")).to_string()),
        Err(StoreError::NotFound) => Some(tr.t(&format!("{area}.gone")).to_string()),
        Err(e) => return Err(e.into()),
    })
}

fn strength_input(f: &FormData) -> StrengthInput {
    StrengthInput { domain: f.get("domain").trim().to_string(), kind: f.get("kind").trim().to_string(), text: f.get("text").to_string() }
}

/// A whole number in a form field; empty becomes `None`, anything else a field message.
pub(crate) fn int(f: &FormData, key: &str, errs: &mut FieldErrors) -> Option<i64> {
    let v = f.filled(key)?;
    match v.parse::<i64>() {
        Ok(n) => Some(n),
        Err(_) => {
            errs.add(key, "Vul een heel getal in.");
            None
        }
    }
}

/// The version the user saw; required for changes and removals.
pub(crate) fn required_version(f: &FormData) -> Result<i64, StoreError> {
    let mut errs = FieldErrors::default();
    match int(f, "version", &mut errs) {
        Some(v) => Ok(v),
        None => {
            if errs.is_empty() {
                errs.add("version", "Het formulier mist de versie. Laad de pagina opnieuw.");
            }
            Err(StoreError::Invalid(regie_domain::Invalid(errs)))
        }
    }
}

fn change_rows(tr: Tr, domains: &[LifeDomain], history: &[RecordChange]) -> Vec<ChangeRow> {
    history
        .iter()
        .rev()
        .map(|c| {
            let text = match c.data.get("text").and_then(|t| t.as_str()) {
                Some(t) => t.to_string(),
                None => {
                    let code = c.data.get("domain").and_then(|d| d.as_str()).unwrap_or_default();
                    super::plan_show::domain_name(domains, code)
                }
            };
            ChangeRow { when: moment(c), who: c.by.clone(), what: tr.t(&format!("strengths.change.{}_{}", c.op.code(), c.entity)), text }
        })
        .collect()
}

/// When a change was made, in local time as people write it.
pub(crate) fn moment(c: &RecordChange) -> String {
    c.at.with_timezone(&chrono::Local).format("%d-%m-%Y %H:%M").to_string()
}

/// The query string, read by hand so that a wrong date gets a Dutch message.
pub(crate) struct Query(Vec<(String, String)>);

impl Query {
    pub(crate) fn parse(raw: Option<&str>) -> Query {
        Query(raw.and_then(|q| serde_urlencoded::from_str(q).ok()).unwrap_or_default())
    }

    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str()).filter(|v| !v.trim().is_empty())
    }

    /// The date in `key`: `Ok(None)` when absent, `Err(as typed)` when it cannot be read.
    pub(crate) fn date(&self, key: &str) -> Result<Option<NaiveDate>, String> {
        let Some(raw) = self.get(key) else { return Ok(None) };
        match NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d") {
            Ok(d) if (1900..=2200).contains(&chrono::Datelike::year(&d)) => Ok(Some(d)),
            _ => Err(raw.chars().take(20).collect()),
        }
    }
}
