//! The scoring form: one row per domain with five level choices and "niet besproken", a note per
//! domain folded away, the licensed criterion texts (when imported) folded beside each domain.
//! The same form shows a stored measurement for correction. The client's own score uses the
//! plain-language domain names and addresses the client with "u".

use super::Query;
use crate::auth::Staff;
use crate::error::PageError;
use crate::pages::form::{date, FormData};
use crate::pages::plan_form::path_id;
use crate::pages::{render, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use regie_domain::catalogue::AuditAction;
use regie_domain::instrument::input::NOT_DISCUSSED;
use regie_domain::instrument::{instrument, InstrumentDomain, Instrument, Measurement, MeasurementInput, Moment, Rater, ScoreInput, Source, DEFAULT_INSTRUMENT};
use regie_domain::FieldErrors;
use regie_store::{ClientScope, StoreError};
use std::collections::HashMap;

/// A choice in a select or checkbox group.
pub(crate) struct Opt {
    pub code: String,
    pub label: String,
    pub on: bool,
}

/// One answer cell of a domain row.
pub(crate) struct Cell {
    pub value: String,
    /// "Financiën: 3 Beperkt zelfredzaam", for screen readers.
    pub aria: String,
    pub checked: bool,
}

/// One domain row.
pub(crate) struct DomainRow {
    pub code: String,
    pub name: String,
    pub cells: Vec<Cell>,
    pub note: String,
    pub error: Option<String>,
    pub note_error: Option<String>,
    /// Criterion texts, highest level first: (level, label, text).
    pub texts: Vec<(i64, &'static str, String)>,
}

/// A supplement: its checkbox and its rows.
pub(crate) struct SupplementBlock {
    pub code: &'static str,
    pub name: &'static str,
    pub on: bool,
    pub rows: Vec<DomainRow>,
}

#[derive(Template)]
#[template(path = "zrm/form.html")]
struct FormPage {
    l: Layout,
    client_id: i64,
    client_name: String,
    trajectory_id: i64,
    action: String,
    heading: String,
    is_client: bool,
    instrument_code: &'static str,
    instrument_name: &'static str,
    rater: &'static str,
    measured_on: String,
    moments: Vec<Opt>,
    sources: Vec<Opt>,
    /// (value, label) for the head of the grid.
    levels: Vec<(String, &'static str)>,
    rows: Vec<DomainRow>,
    supplements: Vec<SupplementBlock>,
    /// Messages on the date, moment, sources; then any others.
    err_date: Option<String>,
    err_moment: Option<String>,
    err_sources: Option<String>,
    general: Vec<String>,
    /// Stored measurement: version and who entered it.
    version: Option<i64>,
    entered_by: String,
    /// Other instruments to switch to (new measurement only): (href, name).
    switch: Vec<(String, String)>,
    texts_loaded: bool,
}

/// What the form holds: from defaults, a stored measurement or a refused post.
struct Entered {
    inst: &'static Instrument,
    rater: Rater,
    supplements: Vec<String>,
    measured_on: String,
    moment: String,
    sources: Vec<String>,
    levels: HashMap<String, String>,
    notes: HashMap<String, String>,
}

impl Entered {
    fn from_measurement(m: &Measurement) -> Entered {
        Entered {
            inst: instrument(&m.instrument).unwrap_or_else(|| instrument(DEFAULT_INSTRUMENT).expect("built in")),
            rater: m.rater,
            supplements: m.supplements.clone(),
            measured_on: m.measured_on.format("%Y-%m-%d").to_string(),
            moment: m.moment.code().into(),
            sources: m.sources.clone(),
            levels: m.scores.iter().map(|s| (s.domain.clone(), s.level.map(|v| v.to_string()).unwrap_or_else(|| NOT_DISCUSSED.into()))).collect(),
            notes: m.scores.iter().map(|s| (s.domain.clone(), s.note.clone())).collect(),
        }
    }

    fn from_form(f: &FormData) -> Entered {
        let inst = instrument(f.get("instrument").trim()).unwrap_or_else(|| instrument(DEFAULT_INSTRUMENT).expect("built in"));
        let all = inst.domains.iter().chain(inst.supplements.iter().flat_map(|s| s.domains.iter()));
        let mut levels = HashMap::new();
        let mut notes = HashMap::new();
        for d in all {
            levels.insert(d.code.to_string(), f.get(&format!("score_{}", d.code)).trim().to_string());
            notes.insert(d.code.to_string(), f.get(&format!("note_{}", d.code)).to_string());
        }
        Entered {
            inst,
            rater: Rater::parse(f.get("rater").trim()).unwrap_or(Rater::Worker),
            supplements: f.all("supplements"),
            measured_on: f.get("measured_on").trim().to_string(),
            moment: f.get("moment").trim().to_string(),
            sources: f.all("sources"),
            levels,
            notes,
        }
    }

    /// The input for the store: every domain of the instrument and the ticked supplements.
    fn input(&self, f: &FormData) -> MeasurementInput {
        let scores = self
            .inst
            .domains_with(&self.supplements)
            .iter()
            .map(|d| ScoreInput { domain: d.code.into(), level: self.levels.get(d.code).cloned().unwrap_or_default(), note: self.notes.get(d.code).cloned().unwrap_or_default() })
            .collect();
        MeasurementInput {
            instrument: f.get("instrument").trim().to_string(),
            supplements: self.supplements.clone(),
            rater: f.get("rater").trim().to_string(),
            measured_on: self.measured_on.clone(),
            moment: self.moment.clone(),
            sources: self.sources.clone(),
            scores,
        }
    }
}

/// Everything the form needs besides what was entered.
struct Context<'a> {
    client_id: i64,
    client_name: String,
    trajectory_id: i64,
    action: String,
    heading: String,
    version: Option<i64>,
    entered_by: String,
    switch: bool,
    texts: &'a HashMap<(String, i64), String>,
}

fn domain_row(l: &Layout, e: &Entered, d: &InstrumentDomain, errors: &FieldErrors, texts: &HashMap<(String, i64), String>) -> DomainRow {
    let client = e.rater == Rater::Client;
    let name = if client { d.client_name } else { d.name };
    let chosen = e.levels.get(d.code).map(String::as_str).unwrap_or("");
    let mut cells: Vec<Cell> = e
        .inst
        .levels
        .iter()
        .map(|lv| Cell {
            value: lv.value.to_string(),
            aria: format!("{name}: {} {}", lv.value, if client { lv.client_label } else { lv.label }),
            checked: chosen == lv.value.to_string(),
        })
        .collect();
    if e.inst.allows_not_discussed {
        cells.push(Cell { value: NOT_DISCUSSED.into(), aria: format!("{name}: {}", l.t("zrm.not_discussed")), checked: chosen.eq_ignore_ascii_case(NOT_DISCUSSED) });
    }
    let mut own: Vec<(i64, &'static str, String)> =
        e.inst.levels.iter().filter_map(|lv| texts.get(&(d.code.to_string(), lv.value)).map(|t| (lv.value, lv.label, t.clone()))).collect();
    own.reverse();
    DomainRow {
        code: d.code.into(),
        name: name.into(),
        cells,
        note: e.notes.get(d.code).cloned().unwrap_or_default(),
        error: errors.get(&format!("score_{}", d.code)).map(str::to_string),
        note_error: errors.get(&format!("note_{}", d.code)).map(str::to_string),
        texts: own,
    }
}

fn page(staff: &Staff, e: &Entered, c: Context<'_>, errors: &FieldErrors) -> FormPage {
    let l = Layout::new(staff, format!("{} · {}", c.heading, c.client_name));
    let client = e.rater == Rater::Client;
    let rows = e.inst.domains.iter().map(|d| domain_row(&l, e, d, errors, c.texts)).collect();
    let supplements = e
        .inst
        .supplements
        .iter()
        .map(|s| SupplementBlock {
            code: s.code,
            name: s.name,
            on: e.supplements.iter().any(|x| x == s.code),
            rows: s.domains.iter().map(|d| domain_row(&l, e, d, errors, c.texts)).collect(),
        })
        .collect();
    let own = ["measured_on", "moment", "sources"];
    let general = errors.0.iter().filter(|(f, _)| !own.contains(&f.as_str()) && !f.starts_with("score_") && !f.starts_with("note_")).map(|(_, m)| m.clone()).collect();
    let switch = if c.switch {
        regie_domain::instrument::instruments()
            .iter()
            .filter(|i| i.code != e.inst.code)
            .map(|i| (format!("/clienten/{}/zrm/nieuw?door={}&instrument={}&traject={}", c.client_id, e.rater.code(), i.code, c.trajectory_id), format!("ZRM {}", i.version_label)))
            .collect()
    } else {
        Vec::new()
    };
    FormPage {
        levels: e.inst.levels.iter().map(|lv| (lv.value.to_string(), if client { lv.client_label } else { lv.label })).collect(),
        moments: Moment::ALL.iter().map(|m| Opt { code: m.code().into(), label: l.code("zrm_moment", m.code()).into(), on: e.moment == m.code() }).collect(),
        sources: Source::ALL.iter().map(|s| Opt { code: s.code().into(), label: l.code("zrm_source", s.code()).into(), on: e.sources.iter().any(|x| x == s.code()) }).collect(),
        err_date: errors.get("measured_on").map(str::to_string),
        err_moment: errors.get("moment").map(str::to_string),
        err_sources: errors.get("sources").map(str::to_string),
        texts_loaded: !c.texts.is_empty(),
        l,
        client_id: c.client_id,
        client_name: c.client_name,
        trajectory_id: c.trajectory_id,
        action: c.action,
        heading: c.heading,
        is_client: client,
        instrument_code: e.inst.code,
        instrument_name: e.inst.name,
        rater: e.rater.code(),
        measured_on: e.measured_on.clone(),
        rows,
        supplements,
        general,
        version: c.version,
        entered_by: c.entered_by,
        switch,
    }
}

/// The moment Regie proposes: by phase for Competentiegericht begeleiden, "eind" in a last
/// phase, "begin" for a first score of this rater, else "tussen".
async fn proposed_moment(st: &AppState, scope: &ClientScope, trajectory_id: i64, rater: Rater) -> Result<Moment, PageError> {
    let facts = st.store.zrm_facts(scope, trajectory_id).await?;
    if facts.measures_per_phase {
        return Ok(match facts.phase_position {
            1 => Moment::Begin,
            2 => Moment::Midden,
            _ => Moment::Eind,
        });
    }
    if facts.phase_is_last {
        return Ok(Moment::Eind);
    }
    let first = match rater {
        Rater::Worker => facts.last_measured_on.is_none(),
        Rater::Client => !st.store.measurements(scope, trajectory_id).await?.iter().any(|m| m.rater == Rater::Client),
    };
    Ok(if first { Moment::Begin } else { Moment::Tussen })
}

fn heading(l: &Staff, rater: Rater) -> String {
    l.tr.t(if rater == Rater::Client { "zrm.heading_client" } else { "zrm.heading_worker" }).to_string()
}

/// GET /clienten/{id}/zrm/nieuw?door=&instrument=&traject=
pub(super) async fn new_form(State(st): State<AppState>, staff: Staff, Path(id): Path<String>, RawQuery(query): RawQuery) -> Result<Response, PageError> {
    let client_id = path_id(&id)?;
    let q = Query::parse(query.as_deref());
    let scope = st.store.open_client(&staff.actor, client_id, AuditAction::Read, "measurement_form").await?;
    let client_name = st.store.client(&scope).await?.full_name();
    let Some(t) = st.store.measured_trajectory(&scope, q.id("traject")).await? else {
        return Err(StoreError::field("traject", "Deze cliënt heeft nog geen traject; start eerst een traject.").into());
    };
    let rater = q.get("door").and_then(Rater::parse).unwrap_or(Rater::Worker);
    let inst = q.get("instrument").and_then(instrument).unwrap_or_else(|| instrument(DEFAULT_INSTRUMENT).expect("built in"));
    let moment = proposed_moment(&st, &scope, t.id, rater).await?;
    let e = Entered {
        inst,
        rater,
        supplements: q.all("aanvulling"),
        measured_on: regie_store::today().format("%Y-%m-%d").to_string(),
        moment: moment.code().into(),
        sources: if rater == Rater::Worker { vec![Source::Client.code().into()] } else { Vec::new() },
        levels: HashMap::new(),
        notes: HashMap::new(),
    };
    let texts = st.store.instrument_texts(inst.code).await?;
    let c = Context {
        client_id,
        client_name,
        trajectory_id: t.id,
        action: format!("/clienten/{client_id}/zrm"),
        heading: heading(&staff, rater),
        version: None,
        entered_by: String::new(),
        switch: true,
        texts: &texts,
    };
    Ok(render(&page(&staff, &e, c, &FieldErrors::default())))
}

/// POST /clienten/{id}/zrm: records a measurement; a refusal shows the form again (422).
pub(super) async fn create(State(st): State<AppState>, staff: Staff, Path(id): Path<String>, f: FormData) -> Result<Response, PageError> {
    let client_id = path_id(&id)?;
    let scope = st.store.open_client(&staff.actor, client_id, AuditAction::Update, "measurement").await?;
    let trajectory_id = f.get("traject").trim().parse::<i64>().map_err(|_| StoreError::NotFound)?;
    let e = Entered::from_form(&f);
    match st.store.record_measurement(&scope, trajectory_id, &e.input(&f), regie_store::today()).await {
        Ok(_) => Ok(Redirect::to(&format!("/clienten/{client_id}/zrm?traject={trajectory_id}")).into_response()),
        Err(StoreError::Invalid(inv)) => {
            let client_name = st.store.client(&scope).await?.full_name();
            let texts = st.store.instrument_texts(e.inst.code).await?;
            let c = Context {
                client_id,
                client_name,
                trajectory_id,
                action: format!("/clienten/{client_id}/zrm"),
                heading: heading(&staff, e.rater),
                version: None,
                entered_by: String::new(),
                switch: false,
                texts: &texts,
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page(&staff, &e, c, &inv.0))).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

async fn stored_context<'a>(st: &AppState, staff: &Staff, scope: &ClientScope, m: &Measurement, texts: &'a HashMap<(String, i64), String>) -> Result<Context<'a>, PageError> {
    let client_name = st.store.client(scope).await?.full_name();
    Ok(Context {
        client_id: scope.client_id(),
        client_name,
        trajectory_id: m.trajectory_id,
        action: format!("/clienten/{}/zrm/{}", scope.client_id(), m.id),
        heading: format!("{} {}", heading(staff, m.rater), date(staff.tr, m.measured_on)),
        version: Some(m.version),
        entered_by: m.by_name.clone(),
        switch: false,
        texts,
    })
}

/// GET /clienten/{id}/zrm/{mid}: one measurement, in the form to correct it.
pub(super) async fn show(State(st): State<AppState>, staff: Staff, Path((id, mid)): Path<(String, String)>) -> Result<Response, PageError> {
    let (client_id, mid) = (path_id(&id)?, path_id(&mid)?);
    let scope = st.store.open_client(&staff.actor, client_id, AuditAction::Read, "measurement").await?;
    let m = st.store.measurement(&scope, mid).await?;
    let texts = st.store.instrument_texts(&m.instrument).await?;
    let c = stored_context(&st, &staff, &scope, &m, &texts).await?;
    Ok(render(&page(&staff, &Entered::from_measurement(&m), c, &FieldErrors::default())))
}

/// POST /clienten/{id}/zrm/{mid} (version + the form): corrects a measurement.
pub(super) async fn correct(State(st): State<AppState>, staff: Staff, Path((id, mid)): Path<(String, String)>, f: FormData) -> Result<Response, PageError> {
    let (client_id, mid) = (path_id(&id)?, path_id(&mid)?);
    let scope = st.store.open_client(&staff.actor, client_id, AuditAction::Update, "measurement").await?;
    let version = f.get("version").trim().parse::<i64>().map_err(|_| StoreError::field("version", "Laad de pagina opnieuw."))?;
    let e = Entered::from_form(&f);
    match st.store.correct_measurement(&scope, mid, version, &e.input(&f), regie_store::today()).await {
        Ok(m) => Ok(Redirect::to(&format!("/clienten/{client_id}/zrm?traject={}", m.trajectory_id)).into_response()),
        Err(StoreError::Invalid(inv)) => {
            let m = st.store.measurement(&scope, mid).await?;
            let texts = st.store.instrument_texts(e.inst.code).await?;
            let mut c = stored_context(&st, &staff, &scope, &m, &texts).await?;
            c.version = Some(version);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page(&staff, &e, c, &inv.0))).into_response())
        }
        Err(other) => Err(other.into()),
    }
}
