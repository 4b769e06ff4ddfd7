//! Read-only views of the action plan: "plan door de tijd" (the plan as it was on a date, and what
//! changed between two dates) and "op tafel" (the plan in large type for the meeting, printable
//! to a clean A4).

use super::plan_form::path_id;
use super::plan_show::{day, domain_name};
use crate::auth::Staff;
use crate::error::PageError;
use crate::i18n::Tr;
use crate::pages::{render, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use chrono::{Duration, NaiveDate};
use regie_domain::catalogue::AuditAction;
use regie_domain::plan::{ChangeLine, Entity, PlanSnapshot};
use regie_store::{ClientScope, LifeDomain};

/// Plan door de tijd.
#[derive(Template)]
#[template(path = "plan/history.html")]
struct HistoryPage {
    l: Layout,
    client_id: i64,
    client_name: String,
    /// `None` when the client has no trajectory yet.
    trajectory_id: Option<i64>,
    /// The dates as typed, to put back in the inputs.
    datum: String,
    van: String,
    tot: String,
    /// Dutch messages about dates that could not be read.
    errors: Vec<String>,
    /// The date the plan below is shown for.
    as_of: Option<String>,
    plan: PlanSnapshot,
    domains: Vec<LifeDomain>,
    /// "between … and …" as shown, when both dates were read.
    period: Option<(String, String)>,
    lines: Vec<ChangeRow>,
}

/// One line of "what changed", ready to show.
struct ChangeRow {
    when: String,
    who: String,
    what: &'static str,
    kind: &'static str,
    text: String,
    /// Field name, value before, value after.
    fields: Vec<(&'static str, String, String)>,
}

/// The plan on the table.
#[derive(Template)]
#[template(path = "plan/on_table.html")]
struct OnTablePage {
    l: Layout,
    client_id: i64,
    client_name: String,
    has_trajectory: bool,
    plan: PlanSnapshot,
    domains: Vec<LifeDomain>,
    printed_on: String,
    /// The client's strengths, per domain with something written.
    krachten: Vec<super::strengths::DomainRow>,
    /// The client's network map.
    ecogram: super::ecogram::Ecogram,
    /// Self-sufficiency then and now (see `zrm_view.rs`).
    z: super::zrm_view::ZrmSection,
}

/// GET /clienten/{id}/plan/geschiedenis?datum=&van=&tot=&traject=
pub(crate) async fn history(State(st): State<AppState>, staff: Staff, Path(id): Path<String>, RawQuery(query): RawQuery) -> Result<Response, PageError> {
    let client_id = path_id(&id)?;
    let q = Query::parse(query.as_deref());
    let scope = st.store.open_client(&staff.actor, client_id, AuditAction::Read, "plan").await?;
    let client_name = st.store.client(&scope).await?.full_name();
    let trajectory_id = trajectory(&st, &scope, q.get("traject")).await?;
    let tr = staff.tr;
    let today = regie_store::today();
    let mut errors = Vec::new();
    let datum = q.date("datum", today, tr, "plan.history_date", &mut errors);
    let van = q.date("van", today - Duration::days(30), tr, "plan.history_from", &mut errors);
    let tot = q.date("tot", today, tr, "plan.history_to", &mut errors);
    let mut period = None;
    if let (Ok(from), Ok(to)) = (&van, &tot) {
        if from > to {
            errors.push(tr.t("plan.history_order").to_string());
        } else {
            period = Some((day(from), day(to)));
        }
    }
    let domains = st.store.life_domains().await?;
    let (mut as_of, mut plan, mut lines) = (None, PlanSnapshot::default(), Vec::new());
    if let Some(tid) = trajectory_id {
        if let Ok(d) = &datum {
            plan = st.store.plan_as_of(&scope, tid, *d).await?;
            as_of = Some(day(d));
        }
        if let (Ok(from), Ok(to), Some(_)) = (&van, &tot, &period) {
            let changes = st.store.plan_changes_between(&scope, tid, *from, *to).await?;
            lines = changes.iter().map(|c| change_row(tr, &domains, c)).collect();
        }
    }
    let shown = |r: &Result<NaiveDate, String>| match r {
        Ok(d) => d.format("%Y-%m-%d").to_string(),
        Err(raw) => raw.clone(),
    };
    let page = HistoryPage {
        l: Layout::new(&staff, format!("{} · {}", tr.t("plan.history_title"), client_name)),
        client_id,
        client_name,
        trajectory_id,
        datum: shown(&datum),
        van: shown(&van),
        tot: shown(&tot),
        errors,
        as_of,
        plan,
        domains,
        period,
        lines,
    };
    Ok(render(&page))
}

/// GET /clienten/{id}/op-tafel
pub(crate) async fn on_table(State(st): State<AppState>, staff: Staff, Path(id): Path<String>) -> Result<Response, PageError> {
    let client_id = path_id(&id)?;
    let scope = st.store.open_client(&staff.actor, client_id, AuditAction::Read, "plan").await?;
    let client_name = st.store.client(&scope).await?.full_name();
    let trajectory_id = st.store.active_trajectory_id(&scope).await?;
    let plan = match trajectory_id {
        Some(tid) => st.store.plan(&scope, tid).await?,
        None => PlanSnapshot::default(),
    };
    let domains = st.store.life_domains().await?;
    let krachten = super::strengths::summary(&st.store.strengths(&scope).await?, &domains);
    let ecogram = super::ecogram::ecogram(staff.tr, &client_name, &st.store.network(&scope).await?);
    let z = super::zrm_view::on_table(&st, staff.tr, &scope, trajectory_id, &plan, &domains).await?;
    let page = OnTablePage {
        z,
        krachten,
        ecogram,
        l: Layout::new(&staff, format!("{} · {}", staff.tr.t("plan.on_table_title"), client_name)),
        client_id,
        client_name,
        has_trajectory: trajectory_id.is_some(),
        plan,
        domains,
        printed_on: day(&regie_store::today()),
    };
    Ok(render(&page))
}

/// The trajectory asked for (`traject`; the store checks it is this client's) or the active one.
async fn trajectory(st: &AppState, scope: &ClientScope, asked: Option<&str>) -> Result<Option<i64>, PageError> {
    match asked.and_then(|v| v.trim().parse::<i64>().ok()) {
        Some(tid) => Ok(Some(tid)),
        None => Ok(st.store.active_trajectory_id(scope).await?),
    }
}

fn change_row(tr: Tr, domains: &[LifeDomain], c: &ChangeLine) -> ChangeRow {
    let what = tr.t(&format!("plan.change.{}_{}", c.op.code(), c.entity.code()));
    let fields = c
        .fields
        .iter()
        .filter_map(|(name, before, after)| {
            let label = field_label(tr, name)?;
            Some((label, value(tr, domains, c.entity, name, before), value(tr, domains, c.entity, name, after)))
        })
        .collect();
    ChangeRow {
        when: c.at.with_timezone(&chrono::Local).format("%d-%m-%Y %H:%M").to_string(),
        who: c.by.clone(),
        what,
        kind: c.op.code(),
        text: c.text.clone(),
        fields,
    }
}

/// The Dutch name of a changed field; `None` for fields the user never sees (ids).
fn field_label(tr: Tr, name: &str) -> Option<&'static str> {
    match name {
        "text" | "domain" | "priority" | "target_date" | "status" | "owner_kind" | "owner_name" | "due_date" | "area" => {
            Some(tr.t(&format!("field.{name}")))
        }
        _ => None,
    }
}

/// A stored value as a person reads it: labels for codes, Dutch dates, "(leeg)" for nothing.
fn value(tr: Tr, domains: &[LifeDomain], entity: Entity, field: &str, raw: &str) -> String {
    if raw.trim().is_empty() {
        return tr.t("plan.empty_value").to_string();
    }
    let vocabulary = match (field, entity) {
        ("status", Entity::Goal) => Some("goal_status"),
        ("status", Entity::Action) => Some("action_status"),
        ("owner_kind", _) => Some("owner_kind"),
        ("area", _) => Some("perspective_area"),
        _ => None,
    };
    if let Some(v) = vocabulary {
        let key = format!("{v}.{raw}");
        return if crate::i18n::has_key(&key) { tr.t(&key).to_string() } else { raw.to_string() };
    }
    match field {
        "domain" => domain_name(domains, raw),
        "target_date" | "due_date" => NaiveDate::parse_from_str(raw, "%Y-%m-%d").map(|d| day(&d)).unwrap_or_else(|_| raw.to_string()),
        _ => raw.to_string(),
    }
}

/// The query string, read by hand so that a wrong value gets a Dutch message.
struct Query(Vec<(String, String)>);

impl Query {
    fn parse(raw: Option<&str>) -> Query {
        Query(raw.and_then(|q| serde_urlencoded::from_str(q).ok()).unwrap_or_default())
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str()).filter(|v| !v.trim().is_empty())
    }

    /// The date in `key`, `default` when absent; an unreadable one adds a message naming the
    /// field (by the text of `label`) and is given back as typed.
    fn date(&self, key: &str, default: NaiveDate, tr: Tr, label: &str, errors: &mut Vec<String>) -> Result<NaiveDate, String> {
        let Some(raw) = self.get(key) else { return Ok(default) };
        match NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d") {
            Ok(d) if (1900..=2200).contains(&chrono::Datelike::year(&d)) => Ok(d),
            _ => {
                errors.push(format!("{}: {}", tr.t(label), tr.t("plan.history_bad_date")));
                Err(raw.chars().take(20).collect())
            }
        }
    }
}
