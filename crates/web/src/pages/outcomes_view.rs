//! What the outcomes templates read: the report with every number formatted the Dutch way
//! (decimal comma), the filter form's choices, and the links that keep the filter.

use super::outcomes::{Names, FUNDING, PAGE};
use crate::auth::Staff;
use crate::i18n::Tr;
use crate::pages::form::fill;
use regie_domain::outcomes::{DomainOutcome, TotalOutcome, REASON_ALL_SAME, REASON_NO_SPREAD, REASON_TOO_FEW};
use regie_domain::phase::PhaseModel;
use regie_domain::suggest::TargetGroup;
use regie_store::OutcomesReport;

/// A choice in a filter.
pub(crate) struct Opt {
    pub value: String,
    pub name: String,
    pub selected: bool,
}

/// One domain row, formatted.
pub(crate) struct DomainRow {
    pub code: String,
    pub name: String,
    pub n_pairs: i64,
    pub improved: i64,
    pub same: i64,
    pub declined: i64,
    pub mean_first: String,
    pub mean_last: String,
    pub median_change: String,
    pub wilcoxon_w: String,
    pub z: String,
    pub p_value: String,
    pub effect_size_r: String,
    /// Why there is no test, when there is none.
    pub no_test: Option<&'static str>,
}

/// The total score, formatted.
pub(crate) struct TotalRow {
    pub n_pairs: i64,
    pub mean_first: String,
    pub mean_last: String,
    pub mean_change: String,
    pub sd_change: String,
    pub t: String,
    pub df: String,
    pub p_value: String,
    pub cohen_dz: String,
    pub no_test: Option<&'static str>,
}

/// One instrument version.
pub(crate) struct InstrumentView {
    pub code: String,
    pub name: String,
    pub domains: Vec<DomainRow>,
    pub total: TotalRow,
}

/// A labelled count with its share and a bar length (0–100) for the SVG.
pub(crate) struct Bar {
    pub label: String,
    pub count: i64,
    pub share: String,
    pub width: i64,
}

/// Attainment of one team and role.
pub(crate) struct AttainmentView {
    pub team: String,
    pub role: String,
    pub counts: Vec<i64>,
    pub total: i64,
    pub attained: String,
}

/// Everything the report and print templates show.
pub(crate) struct ReportView {
    pub errors: Vec<String>,
    pub from: String,
    pub to: String,
    pub choose_team: bool,
    pub teams: Vec<Opt>,
    pub locations: Vec<Opt>,
    pub models: Vec<Opt>,
    pub methods: Vec<Opt>,
    pub funding: Vec<Opt>,
    pub groups: Vec<Opt>,
    /// The current filter as a query string (`?…` or empty), for the links.
    pub query: String,
    /// The filter in words, for the print version.
    pub summary: String,
    /// "Gemaakt op … door …".
    pub made: String,
    pub instruments: Vec<InstrumentView>,
    pub sat_n: i64,
    pub sat_mean: String,
    pub sat_share: String,
    pub marks: Vec<Bar>,
    pub closed_n: i64,
    pub mean_days: String,
    pub median_days: String,
    pub exits: Vec<Bar>,
    pub statuses: Vec<&'static str>,
    pub attainment: Vec<AttainmentView>,
}

/// A number with a decimal comma and `digits` decimals; "–" when absent.
pub(crate) fn nl(x: Option<f64>, digits: usize) -> String {
    match x {
        Some(v) if v.is_finite() => format!("{v:.digits$}").replace('.', ","),
        _ => "–".into(),
    }
}

/// A p-value: three decimals, or "< 0,001".
pub(crate) fn p_text(p: Option<f64>) -> String {
    match p {
        Some(v) if v < 0.001 => "< 0,001".into(),
        other => nl(other, 3),
    }
}

/// The text key of a reason the domain crate gives for not testing.
pub(crate) fn reason_key(reason: Option<&'static str>) -> Option<&'static str> {
    reason.map(|r| match r {
        REASON_TOO_FEW => "outcomes.reason_too_few",
        REASON_ALL_SAME => "outcomes.reason_all_same",
        REASON_NO_SPREAD => "outcomes.reason_no_spread",
        _ => "outcomes.no_test",
    })
}

/// Status codes of result agreements, in display order.
pub(crate) const STATUSES: &[&str] = &["behaald", "deels_behaald", "niet_behaald", "open", "ingetrokken"];

fn domain_row(tr: Tr, name: &str, d: &DomainOutcome) -> DomainRow {
    DomainRow {
        code: d.domain.clone(),
        name: name.to_string(),
        n_pairs: d.n_pairs,
        improved: d.improved,
        same: d.same,
        declined: d.declined,
        mean_first: nl(d.mean_first, 2),
        mean_last: nl(d.mean_last, 2),
        median_change: nl(d.median_change, 1),
        wilcoxon_w: nl(d.wilcoxon_w, 1),
        z: nl(d.z, 2),
        p_value: p_text(d.p_value),
        effect_size_r: nl(d.effect_size_r, 2),
        no_test: reason_key(d.no_test_reason).map(|k| tr.t(k)),
    }
}

fn total_row(tr: Tr, t: &TotalOutcome) -> TotalRow {
    TotalRow {
        n_pairs: t.n_pairs,
        mean_first: nl(t.mean_first, 2),
        mean_last: nl(t.mean_last, 2),
        mean_change: nl(t.mean_change, 2),
        sd_change: nl(t.sd_change, 2),
        t: nl(t.t, 2),
        df: t.df.map(|d| d.to_string()).unwrap_or_else(|| "–".into()),
        p_value: p_text(t.p_value),
        cohen_dz: nl(t.cohen_dz, 2),
        no_test: reason_key(t.no_test_reason).map(|k| tr.t(k)),
    }
}

/// The label of a funding code, target group or exit destination.
pub(crate) fn label(tr: Tr, vocabulary: &str, code: &str) -> String {
    // Exit destinations use the results area's labels.
    let key = if vocabulary == "exit" { format!("exit_destination.{code}") } else { format!("outcomes.{vocabulary}.{code}") };
    if crate::i18n::has_key(&key) {
        tr.t(&key).to_string()
    } else {
        code.to_string()
    }
}

fn bars(items: Vec<(String, i64)>) -> Vec<Bar> {
    let total: i64 = items.iter().map(|(_, n)| n).sum();
    let max = items.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    items
        .into_iter()
        .map(|(label, count)| Bar {
            label,
            count,
            share: if total > 0 { format!("{}%", (count * 100 + total / 2) / total) } else { "–".into() },
            width: count * 100 / max,
        })
        .collect()
}

/// The filter of `r` as query pairs (page names) and as (label, value) in words.
pub(crate) fn filter_parts(
    tr: Tr,
    r: &OutcomesReport,
    choices: &(Vec<(i64, String)>, Vec<(i64, String, i64)>),
    models: &[PhaseModel],
) -> (Vec<(&'static str, String)>, Vec<(String, String)>) {
    let (f, n): (_, &Names) = (&r.filter, &PAGE);
    let mut pairs: Vec<(&'static str, String)> = Vec::new();
    let mut words: Vec<(String, String)> = Vec::new();
    let mut add = |key: &'static str, value: String, label: &str, shown: String| {
        pairs.push((key, value));
        words.push((label.to_string(), shown));
    };
    if let Some(d) = f.from {
        add(n.from, d.to_string(), tr.t("outcomes.from"), d.to_string());
    }
    if let Some(d) = f.to {
        add(n.to, d.to_string(), tr.t("outcomes.to"), d.to_string());
    }
    if r.team_id > 0 {
        let name = choices.1.iter().find(|t| t.0 == r.team_id).map(|t| t.1.clone()).unwrap_or_default();
        add(n.team, r.team_id.to_string(), tr.t("outcomes.team"), name);
    }
    if f.location_id > 0 {
        let name = choices.0.iter().find(|l| l.0 == f.location_id).map(|l| l.1.clone()).unwrap_or_default();
        add(n.location, f.location_id.to_string(), tr.t("outcomes.location"), name);
    }
    if f.model_id > 0 {
        let name = models.iter().find(|m| m.id == f.model_id).map(|m| m.name.clone()).unwrap_or_default();
        add(n.model, f.model_id.to_string(), tr.t("outcomes.model"), name);
    }
    if !f.method.is_empty() {
        let name = regie_domain::methods::method(&f.method).map(|m| m.name.clone()).unwrap_or_else(|| f.method.clone());
        add(n.method, f.method.clone(), tr.t("outcomes.method"), name);
    }
    if !f.funding.is_empty() {
        add(n.funding, f.funding.clone(), tr.t("outcomes.funding"), label(tr, "funding", &f.funding));
    }
    if !f.target_group.is_empty() {
        add(n.target_group, f.target_group.clone(), tr.t("outcomes.target_group"), label(tr, "group", &f.target_group));
    }
    (pairs, words)
}

/// Builds the view of `r` for `staff` (report scope `scope`), with the form filled from its filter.
#[allow(clippy::too_many_arguments)]
pub(crate) fn view(
    tr: Tr,
    staff: &Staff,
    scope: i64,
    r: &OutcomesReport,
    choices: &(Vec<(i64, String)>, Vec<(i64, String, i64)>),
    models: &[PhaseModel],
    errors: &[(&'static str, &'static str)],
) -> ReportView {
    let f = &r.filter;
    let opt = |value: String, name: String, selected: bool| Opt { value, name, selected };
    let teams: Vec<Opt> = choices
        .1
        .iter()
        .filter(|(id, _, _)| scope == 0 || *id == scope)
        .map(|(id, name, _)| opt(id.to_string(), name.clone(), *id == r.team_id))
        .collect();
    let locations = choices.0.iter().map(|(id, name)| opt(id.to_string(), name.clone(), *id == f.location_id)).collect();
    let model_opts = models.iter().map(|m| opt(m.id.to_string(), m.name.clone(), m.id == f.model_id)).collect();
    let methods = regie_domain::methods::methods().iter().map(|m| opt(m.code.clone(), m.name.clone(), m.code == f.method)).collect();
    let funding = FUNDING.iter().map(|c| opt(c.to_string(), label(tr, "funding", c), *c == f.funding)).collect();
    let groups = TargetGroup::CODES.iter().map(|c| opt(c.to_string(), label(tr, "group", c), *c == f.target_group)).collect();

    // The filter again, for the links, and in words.
    let (pairs, parts) = filter_parts(tr, r, choices, models);
    let words: Vec<String> = parts.iter().map(|(k, v)| format!("{} {v}", k.to_lowercase())).collect();
    let query = if pairs.is_empty() { String::new() } else { format!("?{}", serde_urlencoded::to_string(&pairs).unwrap_or_default()) };
    let summary = fill(
        tr.t("outcomes.filters_used"),
        &[("filters", &if words.is_empty() { tr.t("outcomes.no_filters").to_string() } else { words.join(", ") })],
    );
    let made = fill(
        tr.t("outcomes.printed"),
        &[("date", &regie_store::today().to_string()), ("name", &staff.user().name)],
    );

    let instruments = r
        .instruments
        .iter()
        .map(|i| InstrumentView {
            code: i.instrument.clone(),
            name: i.name.clone(),
            domains: i.domains.iter().map(|d| domain_row(tr, &d.name, &d.outcome)).collect(),
            total: total_row(tr, &i.total),
        })
        .collect();
    let s = &r.satisfaction;
    let marks = bars((1..=10).map(|m| (m.to_string(), s.distribution[m - 1])).collect());
    let exits = bars(
        r.exits
            .iter()
            .map(|(code, n)| (if code.is_empty() { tr.t("outcomes.exit_none").to_string() } else { label(tr, "exit", code) }, *n))
            .collect(),
    );
    let role_name = |code: &str| {
        if code.is_empty() {
            return tr.t("outcomes.no_role").to_string();
        }
        regie_domain::catalogue::BUILTIN_ROLES.iter().find(|r| r.code == code).map(|r| r.name.to_string()).unwrap_or_else(|| code.to_string())
    };
    let attainment = r
        .attainment
        .iter()
        .map(|a| {
            let counts: Vec<i64> = STATUSES.iter().map(|s| a.counts.get(*s).copied().unwrap_or(0)).collect();
            // Attained among the settled ones (not open, not withdrawn).
            let settled = counts[0] + counts[1] + counts[2];
            AttainmentView {
                team: if a.team_name.is_empty() { tr.t("outcomes.no_team").to_string() } else { a.team_name.clone() },
                role: role_name(&a.role_code),
                total: a.total,
                attained: if settled > 0 { format!("{}%", (counts[0] * 100 + settled / 2) / settled) } else { "–".into() },
                counts,
            }
        })
        .collect();
    ReportView {
        errors: errors.iter().map(|(_, key)| tr.t(key).to_string()).collect(),
        from: f.from.map(|d| d.to_string()).unwrap_or_default(),
        to: f.to.map(|d| d.to_string()).unwrap_or_default(),
        choose_team: scope == 0,
        teams,
        locations,
        models: model_opts,
        methods,
        funding,
        groups,
        query,
        summary,
        made,
        instruments,
        sat_n: s.n,
        sat_mean: nl(s.mean, 1),
        sat_share: s.share_6_to_10.map(|x| format!("{}%", nl(Some(x * 100.0), 0))).unwrap_or_else(|| "–".into()),
        marks,
        closed_n: r.duration.n,
        mean_days: nl(r.duration.mean_days, 0),
        median_days: nl(r.duration.median_days, 0),
        exits,
        statuses: STATUSES.iter().map(|s| tr.t(&format!("outcomes.status.{s}"))).collect(),
        attainment,
    }
}
