//! The methods library (methodebibliotheek): every method, searchable and filterable, and one
//! method in full. What the sources leave unclear is shown as "Onbekend" with the reason.

use crate::auth::Staff;
use crate::error::PageError;
use crate::i18n::Tr;
use crate::pages::{render, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use regie_domain::methods::{self, Aim, Baken, Complexity, Fact, Method, MethodKind, MethodQuery, TargetGroup};
use serde::Deserialize;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/methoden", get(list)).route("/methoden/{code}", get(show))
}

/// `?q=&doelgroep=&problematiek=&gericht_op=&baken=&herkomst=`; values that are not codes are
/// ignored (a filter link cannot be a user mistake worth a refusal).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Params {
    #[serde(default)]
    q: String,
    #[serde(default)]
    doelgroep: String,
    #[serde(default)]
    problematiek: String,
    #[serde(default)]
    gericht_op: String,
    #[serde(default)]
    baken: String,
    #[serde(default)]
    herkomst: String,
}

impl Params {
    fn query(&self) -> MethodQuery {
        MethodQuery {
            text: self.q.trim().to_string(),
            target_group: TargetGroup::parse(self.doelgroep.trim()),
            complexity: Complexity::parse(self.problematiek.trim()),
            aim: Aim::parse(self.gericht_op.trim()),
            baken: Baken::parse(self.baken.trim()),
            kind: MethodKind::parse(self.herkomst.trim()),
        }
    }
}

/// A filter: its field name, label key, and options (code, label, chosen).
struct Filter {
    name: &'static str,
    label: &'static str,
    options: Vec<(&'static str, &'static str, bool)>,
}

fn filter(tr: Tr, name: &'static str, label: &'static str, vocab: &str, codes: &[&'static str], chosen: &str) -> Filter {
    Filter { name, label, options: codes.iter().map(|c| (*c, tr.code(vocab, c), *c == chosen)).collect() }
}

/// A method as listed.
struct Row {
    code: String,
    name: String,
    kind: &'static str,
    goal: String,
    groups: Vec<&'static str>,
    complexity: String,
    aim: String,
    has_model: bool,
    unknown: usize,
}

#[derive(Template)]
#[template(path = "methods/list.html")]
struct ListPage {
    l: Layout,
    q: String,
    filters: Vec<Filter>,
    rows: Vec<Row>,
    filtered: bool,
}

/// A text fact as shown: the text, or the reason it is unknown.
pub(crate) struct TextFact {
    text: Option<String>,
    why: String,
}

/// A list fact as shown.
pub(crate) struct ListFact {
    items: Option<Vec<String>>,
    why: String,
}

struct StepView {
    name: String,
    description: String,
    duration: String,
}

#[derive(Template)]
#[template(path = "methods/show.html")]
struct ShowPage {
    l: Layout,
    m: &'static Method,
    kind: &'static str,
    goal: TextFact,
    target_group: TextFact,
    groups: ListFact,
    complexity: TextFact,
    aim: TextFact,
    bakens: ListFact,
    approach: TextFact,
    steps: Option<Vec<StepView>>,
    steps_why: String,
    duration: TextFact,
    instruments: ListFact,
    roles: ListFact,
}

#[derive(Template)]
#[template(path = "methods/not_found.html")]
struct NotFound {
    l: Layout,
}

fn text(f: &Fact<String>) -> TextFact {
    TextFact { text: f.known().cloned(), why: f.why().unwrap_or_default().to_string() }
}

fn label<T: Copy>(tr: Tr, vocab: &str, f: &Fact<T>, code: impl Fn(T) -> &'static str) -> TextFact {
    TextFact { text: f.known().map(|v| tr.code(vocab, code(*v)).to_string()), why: f.why().unwrap_or_default().to_string() }
}

fn labels<T: Copy>(tr: Tr, vocab: &str, f: &Fact<Vec<T>>, code: impl Fn(T) -> &'static str) -> ListFact {
    ListFact { items: f.known().map(|v| v.iter().map(|x| tr.code(vocab, code(*x)).to_string()).collect()), why: f.why().unwrap_or_default().to_string() }
}

fn list_fact(f: &Fact<Vec<String>>) -> ListFact {
    ListFact { items: f.known().cloned(), why: f.why().unwrap_or_default().to_string() }
}

/// A classification in words for the list: the label, or "Onbekend".
fn short<T: Copy>(tr: Tr, vocab: &str, f: &Fact<T>, code: impl Fn(T) -> &'static str) -> String {
    match f.known() {
        Some(v) => tr.code(vocab, code(*v)).to_string(),
        None => tr.t("methods.unknown").to_string(),
    }
}

async fn list(staff: Staff, Query(p): Query<Params>) -> Result<Response, PageError> {
    let tr = staff.tr;
    let q = p.query();
    let rows = methods::search(&q)
        .into_iter()
        .map(|m| Row {
            code: m.code.clone(),
            name: m.name.clone(),
            kind: tr.code("method_kind", m.kind.code()),
            goal: m.goal.known().cloned().unwrap_or_default(),
            groups: m.target_groups.known().map(|g| g.iter().map(|x| tr.code("method_group", x.code())).collect()).unwrap_or_default(),
            complexity: short(tr, "method_complexity", &m.complexity, Complexity::code),
            aim: short(tr, "method_aim", &m.aim, Aim::code),
            has_model: m.phase_model.is_some(),
            unknown: m.unknown_count(),
        })
        .collect();
    let filters = vec![
        filter(tr, "doelgroep", "methods.filter_group", "method_group", TargetGroup::CODES, p.doelgroep.trim()),
        filter(tr, "problematiek", "methods.filter_complexity", "method_complexity", Complexity::CODES, p.problematiek.trim()),
        filter(tr, "gericht_op", "methods.filter_aim", "method_aim", Aim::CODES, p.gericht_op.trim()),
        filter(tr, "baken", "methods.filter_baken", "baken", Baken::CODES, p.baken.trim()),
        filter(tr, "herkomst", "methods.filter_kind", "method_kind", MethodKind::CODES, p.herkomst.trim()),
    ];
    let filtered = q != MethodQuery::default();
    let page = ListPage { l: Layout::new(&staff, tr.t("methods.title")), q: p.q.trim().to_string(), filters, rows, filtered };
    Ok(render(&page))
}

async fn show(staff: Staff, Path(code): Path<String>) -> Result<Response, PageError> {
    let tr = staff.tr;
    let Some(m) = methods::method(&code) else {
        return Ok((StatusCode::NOT_FOUND, render(&NotFound { l: Layout::new(&staff, tr.t("methods.not_found")) })).into_response());
    };
    let page = ShowPage {
        l: Layout::new(&staff, m.name.clone()),
        kind: tr.code("method_kind", m.kind.code()),
        goal: text(&m.goal),
        target_group: text(&m.target_group),
        groups: labels(tr, "method_group", &m.target_groups, TargetGroup::code),
        complexity: label(tr, "method_complexity", &m.complexity, Complexity::code),
        aim: label(tr, "method_aim", &m.aim, Aim::code),
        bakens: labels(tr, "baken", &m.bakens, Baken::code),
        approach: text(&m.approach),
        steps: m.steps.known().map(|s| {
            s.iter().map(|x| StepView { name: x.name.clone(), description: x.description.clone(), duration: x.duration.clone().unwrap_or_default() }).collect()
        }),
        steps_why: m.steps.why().unwrap_or_default().to_string(),
        duration: text(&m.duration),
        instruments: list_fact(&m.instruments),
        roles: list_fact(&m.roles),
        m,
    };
    Ok(render(&page))
}
