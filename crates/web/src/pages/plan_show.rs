//! Helpers the plan templates call (also from the dossier page, which includes the plan section):
//! dates as people write them, labels for codes, the perspective areas in their fixed order.

use crate::pages::Layout;
use chrono::NaiveDate;
use regie_domain::catalogue::{ActionStatus, GoalStatus, OwnerKind, PerspectiveArea};
use regie_domain::plan::{Action, PlanSnapshot};
use regie_store::{LifeDomain, StaffMember};


/// One perspective area with the client's words, in the fixed order of the areas.
pub(crate) struct PerspectiveRow {
    /// Area code.
    pub area: &'static str,
    /// The client's words (empty when not yet written).
    pub text: String,
    /// Version for the edit form; empty when new.
    pub version: String,
}

/// The four perspective areas, each with what the plan holds for it.
pub(crate) fn perspective_rows(plan: &PlanSnapshot) -> Vec<PerspectiveRow> {
    PerspectiveArea::CODES
        .iter()
        .map(|area| {
            let item = plan.perspective.iter().find(|p| p.area == *area);
            PerspectiveRow {
                area,
                text: item.map(|p| p.text.clone()).unwrap_or_default(),
                version: item.map(|p| p.version.to_string()).unwrap_or_default(),
            }
        })
        .collect()
}

/// Life domains grouped by their set, in catalogue order.
pub(crate) fn domain_groups(domains: &[LifeDomain]) -> Vec<(String, Vec<&LifeDomain>)> {
    let mut out: Vec<(String, Vec<&LifeDomain>)> = Vec::new();
    for d in domains {
        match out.iter_mut().find(|(set, _)| *set == d.domain_set) {
            Some((_, items)) => items.push(d),
            None => out.push((d.domain_set.clone(), vec![d])),
        }
    }
    out
}

/// The name of a domain set (its code when the catalogue has no text for it).
pub(crate) fn set_label(l: &Layout, set: &str) -> String {
    let key = format!("domain_set.{set}");
    if crate::i18n::has_key(&key) {
        l.t(&key).to_string()
    } else {
        set.to_string()
    }
}

/// The name of a life domain by code (the code itself when unknown).
pub(crate) fn domain_name(domains: &[LifeDomain], code: &str) -> String {
    domains.iter().find(|d| d.code == code).map(|d| d.name.clone()).unwrap_or_else(|| code.to_string())
}

/// A date as people in the Netherlands write it.
pub(crate) fn day(d: &NaiveDate) -> String {
    d.format("%d-%m-%Y").to_string()
}

/// A date for an `<input type="date">`; empty when none.
pub(crate) fn iso(d: &Option<NaiveDate>) -> String {
    d.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default()
}

/// Whether an action still asks for work and its due date has passed.
pub(crate) fn overdue(a: &Action) -> bool {
    let pending = ActionStatus::parse(&a.status).is_some_and(ActionStatus::is_pending);
    pending && a.due_date.is_some_and(|d| d < regie_store::today())
}

/// Whether `s` is the worker who owns `a`.
pub(crate) fn owned_by(a: &Action, s: &StaffMember) -> bool {
    a.owner_user_id == Some(s.id)
}

/// Text equality for templates (codes against stored values).
pub(crate) fn eq(a: &str, b: &str) -> bool {
    a == b
}

/// Action status codes in display order.
pub(crate) fn action_statuses() -> &'static [&'static str] {
    ActionStatus::CODES
}

/// Goal status codes in display order.
pub(crate) fn goal_statuses() -> &'static [&'static str] {
    GoalStatus::CODES
}

/// Owner kind codes in display order.
pub(crate) fn owner_kinds() -> &'static [&'static str] {
    OwnerKind::CODES
}
