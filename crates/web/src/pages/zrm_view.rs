//! The "Zelfredzaamheid" picture as the dossier, the op-tafel view and the verloop page show it:
//! the star chart of up to three moments with the targets, the table beside it, the
//! bespreekpunten between the worker's and the client's own score, and the target level per goal.
//! The rules of what is shown live in `regie_domain::zrm_view`; this file only prepares them.

use super::plan_show::{day, iso};
use super::zrm_chart::{level_text, radar, AxisDomain, Radar};
use crate::i18n::Tr;
use crate::pages::form::fill;
use regie_domain::instrument::{instrument, Instrument};
use regie_domain::plan::Goal;
use regie_domain::zrm_view::{chart_instrument, chosen, gaps, latest_pair, overlay, reached, target_for, Reading, MAX_LEVEL};
use regie_store::{LifeDomain, ZrmOverview};

/// Everything the ZRM section templates read.
pub(crate) struct ZrmSection {
    pub client_id: i64,
    /// The trajectory shown (0 when the client has none).
    pub trajectory_id: i64,
    /// The trajectory is active (targets can be set).
    pub active: bool,
    /// No measurement yet.
    pub empty: bool,
    /// "Zelfredzaamheid-Matrix 2017".
    pub instrument_name: String,
    pub radar: Option<Radar>,
    /// Column heads of the table: the moments shown (moment, date).
    pub heads: Vec<(String, String)>,
    pub rows: Vec<TableRow>,
    /// The client's own score is in the table (its last column): head and date.
    pub client_head: String,
    pub client_date: String,
    /// What the numbers mean.
    pub key: String,
    /// Where worker and client differ by two levels or more.
    pub gaps: Vec<GapRow>,
    /// Which two measurements the gaps compare ("" when there is no client score).
    pub gap_basis: String,
    pub goal_targets: Vec<GoalTargetRow>,
    /// Targets carried by result agreements (shown, not edited here).
    pub other_targets: Vec<OtherTargetRow>,
}

/// One level in a table: the number shown, the words for screen readers (and the key).
pub(crate) struct Cell {
    pub num: String,
    pub label: String,
}

/// The cell of a score: "—" when not scored, "nb" when not discussed.
pub(crate) fn cell(tr: Tr, score: Option<Option<i64>>) -> Cell {
    match score {
        None => Cell { num: "—".into(), label: String::new() },
        Some(None) => Cell { num: "nb".into(), label: tr.t("zrmv.not_discussed").into() },
        Some(Some(l)) => Cell { num: l.to_string(), label: tr.t(&format!("zrmv.level.{l}")).into() },
    }
}

/// The key under a table: what each number means.
pub(crate) fn key(tr: Tr) -> String {
    let mut parts: Vec<String> = (1..=MAX_LEVEL).map(|l| format!("{l} {}", tr.t(&format!("zrmv.level.{l}")))).collect();
    parts.push(format!("nb {}", tr.t("zrmv.not_discussed")));
    parts.join(" · ")
}

/// One domain in the table.
pub(crate) struct TableRow {
    pub name: String,
    pub cells: Vec<Cell>,
    /// The client's own score (when there is one).
    pub client: Option<Cell>,
    pub target: Option<Cell>,
    /// "uiterlijk 01-02-2027" or "".
    pub target_date: String,
    /// "" without target, else reached or not in words.
    pub reached: &'static str,
    pub is_reached: bool,
}

/// A bespreekpunt.
pub(crate) struct GapRow {
    pub name: String,
    pub worker: String,
    pub client: String,
}

/// A goal and its target level (with the form to set it).
pub(crate) struct GoalTargetRow {
    pub goal_id: i64,
    pub goal_text: String,
    pub domain_name: String,
    pub level: Option<i64>,
    pub level_shown: String,
    pub date_value: String,
    pub date_shown: String,
    /// The target's version ("" when the goal has none yet).
    pub version: String,
    /// The latest worker level on that domain, in words ("" when none).
    pub latest: String,
    pub is_reached: bool,
    /// The level choices: value, label, chosen.
    pub options: Vec<(i64, String, bool)>,
}

/// A target carried by a result agreement.
pub(crate) struct OtherTargetRow {
    pub label: String,
    pub domain_name: String,
    pub level_shown: String,
    pub date_shown: String,
}

/// The axis domains of `inst` for `readings`: core domains plus supplements scored in them.
fn axis_domains(inst: &Instrument, shown: &[&Reading]) -> Vec<&'static regie_domain::instrument::InstrumentDomain> {
    let supplements: Vec<String> = inst
        .supplements
        .iter()
        .filter(|s| shown.iter().any(|r| s.domains.iter().any(|d| r.score(d.code).is_some())))
        .map(|s| s.code.to_string())
        .collect();
    inst.domains_with(&supplements)
}

/// The label of a measurement: "Begin · 12-01-2026".
pub(crate) fn reading_label(tr: Tr, r: &Reading) -> String {
    let who = if r.worker { String::new() } else { format!(" · {}", tr.t("zrmv.rater.client")) };
    format!("{} · {}{who}", tr.t(&format!("zrmv.moment.{}", r.moment)), day(&r.measured_on))
}

/// A date in a narrow table column: "17-05-26".
fn short_day(d: &chrono::NaiveDate) -> String {
    d.format("%d-%m-%y").to_string()
}

/// A table head: the moment (and "cliënt zelf" for a client score), the date.
pub(crate) fn head(tr: Tr, r: &Reading) -> (String, String) {
    let who = if r.worker { String::new() } else { format!(" · {}", tr.t("zrmv.rater.client")) };
    (format!("{}{who}", tr.t(&format!("zrmv.moment.{}", r.moment))), short_day(&r.measured_on))
}

/// Prepares the section. `choose` holds measurement ids asked for (the verloop page); empty
/// means the standard choice (first, one in between, latest).
#[allow(clippy::too_many_arguments)]
pub(crate) fn section(
    tr: Tr,
    client_id: i64,
    trajectory: Option<(i64, bool)>,
    ov: &ZrmOverview,
    goals: &[Goal],
    domains: &[LifeDomain],
    choose: &[i64],
    chart_id: &str,
) -> ZrmSection {
    let readings: Vec<Reading> = ov.measurements.iter().map(Reading::of).collect();
    let inst = chart_instrument(&readings).and_then(instrument);
    let shown: Vec<&Reading> = if choose.is_empty() { overlay(&readings) } else { chosen(&readings, choose) };
    let latest_worker = readings.iter().filter(|r| r.worker && Some(r.instrument.as_str()) == inst.map(|i| i.code)).max_by_key(|r| (r.measured_on, r.id));
    let pair = latest_pair(&readings);
    let mut axes: Vec<AxisDomain> = Vec::new();
    let mut rows = Vec::new();
    let mut gap_rows = Vec::new();
    if let Some(inst) = inst {
        let doms = axis_domains(inst, &shown);
        for d in &doms {
            let target = d.maps_to.and_then(|code| target_for(&ov.targets, code));
            let latest = latest_worker.and_then(|r| r.level(d.code));
            let hit = target.is_some_and(|t| reached(t.level, latest));
            axes.push(AxisDomain { code: d.code.to_string(), name: d.name.to_string(), target: target.map(|t| t.level), reached: hit });
            rows.push(TableRow {
                name: d.name.to_string(),
                cells: shown.iter().map(|r| cell(tr, r.score(d.code))).collect(),
                client: pair.map(|(_, c)| cell(tr, c.score(d.code))),
                target: target.map(|t| cell(tr, Some(Some(t.level)))),
                target_date: target.and_then(|t| t.target_date).map(|on| format!("{} {}", tr.t("zrmv.by_date"), short_day(&on))).unwrap_or_default(),
                reached: match target {
                    None => "",
                    Some(_) if hit => tr.t("zrmv.reached"),
                    Some(_) => tr.t("zrmv.not_reached"),
                },
                is_reached: hit,
            });
        }
        if let Some((w, c)) = pair {
            let codes: Vec<&str> = doms.iter().map(|d| d.code).collect();
            for g in gaps(w, c, &codes) {
                let name = inst.domain(&g.domain).map(|d| d.name).unwrap_or("");
                gap_rows.push(GapRow { name: name.to_string(), worker: level_text(tr, Some(g.worker)), client: level_text(tr, Some(g.client)) });
            }
        }
    }
    let shown_labels: Vec<(String, &Reading)> = shown.iter().map(|r| (reading_label(tr, r), *r)).collect();
    let radar = inst.filter(|_| !shown.is_empty()).map(|i| {
        let title = fill(tr.t("zrmv.radar_title"), &[("instrument", i.name)]);
        radar(tr, chart_id, title, &axes, &shown_labels)
    });
    let zrm_of = |life: &str| domains.iter().find(|d| d.code == life).and_then(|d| d.zrm_code.clone());
    let goal_targets = goals
        .iter()
        .filter(|g| g.status == "actief")
        .filter_map(|g| {
            let zrm = zrm_of(&g.domain)?;
            let t = ov.targets.iter().find(|t| t.goal_id == Some(g.id));
            // The latest worker level on the goal's domain (for an older instrument: its mapped domain).
            let latest = latest_worker.and_then(|r| {
                let code = inst.and_then(|i| i.domains.iter().find(|d| d.maps_to == Some(zrm.as_str()))).map(|d| d.code).unwrap_or(zrm.as_str());
                r.level(code)
            });
            Some(GoalTargetRow {
                goal_id: g.id,
                goal_text: g.text.clone(),
                domain_name: domain_label(&zrm, domains),
                level: t.map(|t| t.level),
                level_shown: t.map(|t| level_text(tr, Some(t.level))).unwrap_or_default(),
                date_value: t.map(|t| iso(&t.target_date)).unwrap_or_default(),
                date_shown: t.and_then(|t| t.target_date).map(|d| day(&d)).unwrap_or_default(),
                version: t.map(|t| t.version.to_string()).unwrap_or_default(),
                latest: latest.map(|l| level_text(tr, Some(l))).unwrap_or_default(),
                is_reached: t.is_some_and(|t| reached(t.level, latest)),
                options: (1..=MAX_LEVEL).map(|l| (l, level_text(tr, Some(l)), t.is_some_and(|t| t.level == l))).collect(),
            })
        })
        .collect();
    let other_targets = ov
        .targets
        .iter()
        .filter(|t| t.agreement_id.is_some())
        .map(|t| OtherTargetRow {
            label: t.label.clone(),
            domain_name: domain_label(&t.domain_code, domains),
            level_shown: level_text(tr, Some(t.level)),
            date_shown: t.target_date.map(|d| day(&d)).unwrap_or_default(),
        })
        .collect();
    ZrmSection {
        client_id,
        trajectory_id: trajectory.map(|t| t.0).unwrap_or(0),
        active: trajectory.is_some_and(|t| t.1),
        empty: readings.is_empty(),
        instrument_name: inst.map(|i| i.name.to_string()).unwrap_or_default(),
        radar,
        heads: shown.iter().map(|r| head(tr, r)).collect(),
        rows,
        key: key(tr),
        client_head: pair.map(|_| tr.t("zrmv.client_own").to_string()).unwrap_or_default(),
        client_date: pair.map(|(_, c)| short_day(&c.measured_on)).unwrap_or_default(),
        gaps: gap_rows,
        gap_basis: pair
            .map(|(w, c)| fill(tr.t("zrmv.gap_basis"), &[("worker", &day(&w.measured_on)), ("client", &day(&c.measured_on))]))
            .unwrap_or_default(),
        goal_targets,
        other_targets,
    }
}

/// The name of a ZRM 2017 domain (the life-domain catalogue shares its codes).
fn domain_label(code: &str, domains: &[LifeDomain]) -> String {
    instrument("zrm2017")
        .and_then(|i| i.domain(code))
        .map(|d| d.name.to_string())
        .or_else(|| domains.iter().find(|d| d.code == code).map(|d| d.name.clone()))
        .unwrap_or_else(|| code.to_string())
}

/// The dossier's section: one store call (the trajectory's measurements and targets) when there
/// is a trajectory, none otherwise.
pub(crate) async fn dossier_section(
    state: &crate::AppState,
    tr: Tr,
    scope: &regie_store::ClientScope,
    trajectory: Option<(i64, bool)>,
    plan: &regie_domain::plan::PlanSnapshot,
    domains: &[LifeDomain],
) -> Result<Option<ZrmSection>, crate::error::PageError> {
    let ov = match trajectory {
        Some((tid, _)) => state.store.zrm_overview(scope, tid).await?,
        None => ZrmOverview::default(),
    };
    Ok(Some(section(tr, scope.client_id(), trajectory, &ov, &plan.goals, domains, &[], "zrm-dossier")))
}

/// The first and the latest worker measurement (the op-tafel view shows "then and now").
pub(crate) fn first_and_latest(ov: &ZrmOverview) -> Vec<i64> {
    let readings: Vec<Reading> = ov.measurements.iter().map(Reading::of).collect();
    let shown = overlay(&readings);
    match (shown.first(), shown.last()) {
        (Some(a), Some(b)) if a.id != b.id => vec![a.id, b.id],
        (Some(a), _) => vec![a.id],
        _ => Vec::new(),
    }
}

/// The op-tafel view's part: the first and the latest worker measurement with the targets, and
/// the bespreekpunten (one store call when there is a trajectory).
pub(crate) async fn on_table(
    state: &crate::AppState,
    tr: Tr,
    scope: &regie_store::ClientScope,
    trajectory_id: Option<i64>,
    plan: &regie_domain::plan::PlanSnapshot,
    domains: &[LifeDomain],
) -> Result<ZrmSection, crate::error::PageError> {
    let ov = match trajectory_id {
        Some(tid) => state.store.zrm_overview(scope, tid).await?,
        None => ZrmOverview::default(),
    };
    let pick = first_and_latest(&ov);
    Ok(section(tr, scope.client_id(), trajectory_id.map(|t| (t, false)), &ov, &plan.goals, domains, &pick, "zrm-op-tafel"))
}
