//! The fidelity monitor (kwaliteitsmonitor): does a trajectory follow its method? Per trajectory,
//! each indicator is met, not met, not applicable, or not yet measurable, with a Dutch sentence
//! that says what is missing now. Pure rules over facts the store gathers; the same rules feed
//! the dossier ("Wat ontbreekt nu") and the aggregate per team and method.
//!
//! ## The indicators and their terms
//! - **Plan op tijd** — the first goal is made within the method's plan term after the start.
//!   The term is the sum of the typical durations of the phases up to and including the planning
//!   phase: the first phase whose name speaks of a plan or goals ("Planning", "Doelen en
//!   begeleidingsplan", "Doelenfase"), or else the first phase (CTI draws up its work plan in
//!   Structurering, Krachtwerk chooses its focus in Focus). Built-in: 8-fasenmodel 133 days,
//!   Thuisbegeleiding 70, CTI 91, Competentiegericht 91, Krachtwerk 42. A phase without a typical
//!   duration counts [`DEFAULT_PHASE_DAYS`].
//! - **Evaluaties op schema** — no stretch without an evaluation (from the start, between
//!   evaluations, up to the end or today) longer than the model's evaluation interval plus
//!   [`GRACE_DAYS`], and the planned next evaluation not passed.
//! - **ZRM bij begin en eind** — Regie does not record the ZRM yet: without measurements this is
//!   not met, with the text that a measurement is missing. [`ZrmFacts`] is the hook for later.
//! - **Tevredenheid gemeten** — at the end of closed trajectories; same hook ([`TrajectoryFacts::satisfaction_measured`]).
//! - **Netwerk betrokken** — someone in the network is recorded, or an action is owned by the network.
//! - **Binnen de maximale duur** and **Focusdomeinen** — for models with a cap (CTI: 270 days, at
//!   most three focus domains).
//! - **Fasen binnen hun duur** — for the models in [`PHASE_DURATION_MODELS`] (Thuisbegeleiding),
//!   every phase within its typical duration.

#[cfg(test)]
mod tests;

use crate::phase::PhaseModel;
use chrono::NaiveDate;
use serde::Serialize;

/// Days of grace on top of the evaluation interval.
pub const GRACE_DAYS: i64 = 14;
/// Typical duration assumed for a phase that has none, in the plan term.
pub const DEFAULT_PHASE_DAYS: i64 = 28;
/// Models whose phases must each stay within their typical duration.
pub const PHASE_DURATION_MODELS: &[&str] = &["thuisbegeleiding"];

/// The outcome of one indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Outcome {
    /// Voldaan.
    #[serde(rename = "voldaan")]
    Met,
    /// Niet voldaan.
    #[serde(rename = "niet_voldaan")]
    NotMet,
    /// Niet van toepassing for this method or status.
    #[serde(rename = "nvt")]
    NotApplicable,
    /// Nog niet te meten: the term has not passed yet.
    #[serde(rename = "nog_niet")]
    NotYet,
}

impl Outcome {
    /// Every outcome, in display order.
    pub const ALL: &'static [Outcome] = &[
        Outcome::Met,
        Outcome::NotMet,
        Outcome::NotYet,
        Outcome::NotApplicable,
    ];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Outcome::Met => "voldaan",
            Outcome::NotMet => "niet_voldaan",
            Outcome::NotApplicable => "nvt",
            Outcome::NotYet => "nog_niet",
        }
    }
}

/// The indicators, in display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Indicator {
    /// Plan made within the method's term after the start.
    #[serde(rename = "plan_op_tijd")]
    PlanOnTime,
    /// Evaluations on schedule.
    #[serde(rename = "evaluaties_op_schema")]
    EvaluationsOnSchedule,
    /// ZRM measured at the start and at the end.
    #[serde(rename = "zrm_begin_eind")]
    Zrm,
    /// Satisfaction measured at the end.
    #[serde(rename = "tevredenheid")]
    Satisfaction,
    /// The network is involved.
    #[serde(rename = "netwerk_betrokken")]
    Network,
    /// Within the model's maximum duration (CTI: nine months).
    #[serde(rename = "binnen_maximale_duur")]
    MaxDuration,
    /// Within the model's maximum number of focus domains (CTI: three).
    #[serde(rename = "focusdomeinen")]
    FocusDomains,
    /// Every phase within its typical duration (Thuisbegeleiding).
    #[serde(rename = "fasen_binnen_duur")]
    PhaseDurations,
}

impl Indicator {
    /// Every indicator, in display order.
    pub const ALL: &'static [Indicator] = &[
        Indicator::PlanOnTime,
        Indicator::EvaluationsOnSchedule,
        Indicator::Zrm,
        Indicator::Satisfaction,
        Indicator::Network,
        Indicator::MaxDuration,
        Indicator::FocusDomains,
        Indicator::PhaseDurations,
    ];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Indicator::PlanOnTime => "plan_op_tijd",
            Indicator::EvaluationsOnSchedule => "evaluaties_op_schema",
            Indicator::Zrm => "zrm_begin_eind",
            Indicator::Satisfaction => "tevredenheid",
            Indicator::Network => "netwerk_betrokken",
            Indicator::MaxDuration => "binnen_maximale_duur",
            Indicator::FocusDomains => "focusdomeinen",
            Indicator::PhaseDurations => "fasen_binnen_duur",
        }
    }
}

/// One indicator's outcome with what it means now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// Which indicator.
    pub indicator: Indicator,
    /// Its outcome.
    pub outcome: Outcome,
    /// In Dutch: what is there, or what is missing now.
    pub explanation: String,
}

/// ZRM measurements of a trajectory (hook: Regie does not record the ZRM yet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct ZrmFacts {
    /// A measurement near the start.
    pub at_start: bool,
    /// A measurement near the end.
    pub at_end: bool,
}

/// What the store knows about one trajectory, for the rules.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TrajectoryFacts {
    /// Trajectory id.
    pub id: i64,
    /// Whether it is closed.
    pub closed: bool,
    /// Start date.
    pub started_on: NaiveDate,
    /// End date of a closed trajectory.
    pub ended_on: Option<NaiveDate>,
    /// Planned next evaluation.
    pub next_evaluation_on: Option<NaiveDate>,
    /// Position of the current phase.
    pub phase_position: i64,
    /// Number of focus domains chosen.
    pub focus_domains: i64,
    /// Day the first goal was made.
    pub first_goal_on: Option<NaiveDate>,
    /// Days evaluations were held, oldest first.
    pub evaluations: Vec<NaiveDate>,
    /// People recorded in the client's network.
    pub network_members: i64,
    /// Actions owned by the network.
    pub network_actions: i64,
    /// The phase timeline: (phase position, day entered), oldest first.
    pub phase_entries: Vec<(i64, NaiveDate)>,
    /// ZRM measurements; `None` while Regie records no ZRM.
    pub zrm: Option<ZrmFacts>,
    /// Whether satisfaction was measured at the end; `None` while Regie records none.
    pub satisfaction_measured: Option<bool>,
}

/// Dates in the explanations: "3 maart 2026".
pub fn dutch_date(d: NaiveDate) -> String {
    use chrono::Datelike;
    const MONTHS: [&str; 12] = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ];
    format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year())
}

/// The plan term of `model` in days, and the name of its planning phase.
pub fn plan_term(model: &PhaseModel) -> (i64, String) {
    let mut phases: Vec<&crate::phase::Phase> = model.phases.iter().collect();
    phases.sort_by_key(|p| p.position);
    let planning = phases
        .iter()
        .position(|p| {
            let n = p.name.to_lowercase();
            n.contains("plan") || n.contains("doel")
        })
        .unwrap_or(0);
    let days = phases
        .iter()
        .take(planning + 1)
        .map(|p| p.typical_days.unwrap_or(DEFAULT_PHASE_DAYS))
        .sum();
    (
        days,
        phases
            .get(planning)
            .map(|p| p.name.clone())
            .unwrap_or_default(),
    )
}

fn check(indicator: Indicator, outcome: Outcome, explanation: impl Into<String>) -> Check {
    Check {
        indicator,
        outcome,
        explanation: explanation.into(),
    }
}

fn days(n: i64) -> String {
    if n == 1 {
        "1 dag".into()
    } else {
        format!("{n} dagen")
    }
}

/// Every indicator for trajectory `f` of `model`, as of `today`.
pub fn checks(model: &PhaseModel, f: &TrajectoryFacts, today: NaiveDate) -> Vec<Check> {
    let end = if f.closed {
        f.ended_on.unwrap_or(today)
    } else {
        today
    };
    vec![
        plan_on_time(model, f, end),
        evaluations(model, f, end, today),
        zrm(f),
        satisfaction(f),
        network(f),
        max_duration(model, f, end),
        focus(model, f),
        phase_durations(model, f, end),
    ]
}

fn plan_on_time(model: &PhaseModel, f: &TrajectoryFacts, end: NaiveDate) -> Check {
    let (term, phase) = plan_term(model);
    let due = f.started_on + chrono::Duration::days(term);
    let i = Indicator::PlanOnTime;
    match f.first_goal_on {
        Some(d) if (d - f.started_on).num_days() <= term => check(
            i,
            Outcome::Met,
            format!("Het eerste doel stond er op {}, binnen de termijn van {} (tot en met de fase {phase}).", dutch_date(d), days(term)),
        ),
        Some(d) => check(
            i,
            Outcome::NotMet,
            format!(
                "Het eerste doel kwam er pas op {}, {} na de start; de methode vraagt een plan binnen {} (tot en met de fase {phase}).",
                dutch_date(d),
                days((d - f.started_on).num_days()),
                days(term)
            ),
        ),
        None if end <= due && !f.closed => check(
            i,
            Outcome::NotYet,
            format!("Er is nog geen doel. Maak het plan vóór {} (de fase {phase} loopt dan af).", dutch_date(due)),
        ),
        None => check(
            i,
            Outcome::NotMet,
            format!("Er is nog geen doel in het plan, terwijl het plan er op {} had moeten zijn.", dutch_date(due)),
        ),
    }
}

fn evaluations(model: &PhaseModel, f: &TrajectoryFacts, end: NaiveDate, today: NaiveDate) -> Check {
    let i = Indicator::EvaluationsOnSchedule;
    let interval = model.evaluation_interval_days;
    let allowed = interval + GRACE_DAYS;
    let mut evals = f.evaluations.clone();
    evals.sort();
    if !f.closed {
        if let Some(next) = f.next_evaluation_on.filter(|n| *n < today) {
            return check(
                i,
                Outcome::NotMet,
                format!(
                    "De evaluatie die gepland stond op {} is nog niet gehouden.",
                    dutch_date(next)
                ),
            );
        }
    }
    let mut points = vec![f.started_on];
    points.extend(evals.iter().copied().filter(|d| *d >= f.started_on));
    points.push(end);
    let worst = points
        .windows(2)
        .map(|w| (w[0], w[1], (w[1] - w[0]).num_days()))
        .max_by_key(|(_, _, gap)| *gap);
    match worst {
        Some((from, to, gap)) if gap > allowed => {
            let until = if to == end && !f.closed {
                "nu".to_string()
            } else {
                dutch_date(to)
            };
            check(
                i,
                Outcome::NotMet,
                format!(
                    "Tussen {} en {until} zat {} zonder evaluatie; de methode vraagt elke {} een evaluatie (met {} speling).",
                    dutch_date(from),
                    days(gap),
                    days(interval),
                    days(GRACE_DAYS)
                ),
            )
        }
        _ if evals.is_empty() && !f.closed => {
            let next = f
                .next_evaluation_on
                .map(dutch_date)
                .unwrap_or_else(|| "binnenkort".into());
            check(
                i,
                Outcome::NotYet,
                format!("Er was nog geen evaluatie nodig; de eerste staat gepland op {next}."),
            )
        }
        _ => check(
            i,
            Outcome::Met,
            format!(
                "{} gehouden, steeds binnen {} van elkaar.",
                evaluation_count(evals.len()),
                days(allowed)
            ),
        ),
    }
}

fn evaluation_count(n: usize) -> String {
    match n {
        0 => "Geen evaluaties".into(),
        1 => "1 evaluatie".into(),
        n => format!("{n} evaluaties"),
    }
}

fn zrm(f: &TrajectoryFacts) -> Check {
    let i = Indicator::Zrm;
    let z = f.zrm.unwrap_or_default();
    let mut missing = Vec::new();
    if !z.at_start {
        missing.push("bij de start");
    }
    if f.closed && !z.at_end {
        missing.push("aan het eind");
    }
    if missing.is_empty() {
        let what = if f.closed {
            "bij de start en aan het eind"
        } else {
            "bij de start (de eindmeting volgt bij het afsluiten)"
        };
        return check(i, Outcome::Met, format!("De ZRM is gemeten {what}."));
    }
    let mut text = format!(
        "Niet gemeten: een ZRM-meting {} ontbreekt.",
        missing.join(" en ")
    );
    if f.zrm.is_none() {
        text.push_str(" Regie legt de ZRM nog niet vast.");
    }
    check(i, Outcome::NotMet, text)
}

fn satisfaction(f: &TrajectoryFacts) -> Check {
    let i = Indicator::Satisfaction;
    if !f.closed {
        return check(
            i,
            Outcome::NotYet,
            "De tevredenheid wordt aan het eind van het traject gemeten.",
        );
    }
    match f.satisfaction_measured {
        Some(true) => check(i, Outcome::Met, "De tevredenheid van de cliënt is aan het eind gemeten."),
        Some(false) => check(i, Outcome::NotMet, "Niet gemeten: de tevredenheid van de cliënt aan het eind ontbreekt."),
        None => check(
            i,
            Outcome::NotMet,
            "Niet gemeten: de tevredenheid van de cliënt aan het eind ontbreekt. Regie legt tevredenheid nog niet vast.",
        ),
    }
}

fn network(f: &TrajectoryFacts) -> Check {
    let i = Indicator::Network;
    match (f.network_members, f.network_actions) {
        (0, 0) => check(
            i,
            Outcome::NotMet,
            "Er staat niemand uit het netwerk in het dossier en geen actie ligt bij het netwerk.",
        ),
        (m, 0) => check(
            i,
            Outcome::Met,
            format!(
                "Er {} in het netwerk vastgelegd.",
                if m == 1 {
                    "is 1 persoon".into()
                } else {
                    format!("zijn {m} personen")
                }
            ),
        ),
        (_, a) => check(
            i,
            Outcome::Met,
            format!(
                "Het netwerk doet mee: {} in het plan.",
                if a == 1 {
                    "1 actie".into()
                } else {
                    format!("{a} acties")
                }
            ),
        ),
    }
}

fn max_duration(model: &PhaseModel, f: &TrajectoryFacts, end: NaiveDate) -> Check {
    let i = Indicator::MaxDuration;
    let Some(max) = model.max_days else {
        return check(
            i,
            Outcome::NotApplicable,
            format!("{} kent geen maximale duur.", model.name),
        );
    };
    let used = (end - f.started_on).num_days();
    let last = f.started_on + chrono::Duration::days(max);
    if used > max {
        let verb = if f.closed { "duurde" } else { "loopt nu" };
        check(
            i,
            Outcome::NotMet,
            format!(
                "Het traject {verb} {}; {} duurt hoogstens {} (tot {}).",
                days(used),
                model.name,
                days(max),
                dutch_date(last)
            ),
        )
    } else if f.closed {
        check(
            i,
            Outcome::Met,
            format!(
                "Afgesloten na {}, binnen de {} die {} toestaat.",
                days(used),
                days(max),
                model.name
            ),
        )
    } else {
        check(
            i,
            Outcome::Met,
            format!(
                "Loopt nu {}; uiterlijk klaar op {} (nog {}).",
                days(used),
                dutch_date(last),
                days(max - used)
            ),
        )
    }
}

fn focus(model: &PhaseModel, f: &TrajectoryFacts) -> Check {
    let i = Indicator::FocusDomains;
    let Some(max) = model.max_focus_domains else {
        return check(
            i,
            Outcome::NotApplicable,
            format!("{} kent geen maximum aan focusdomeinen.", model.name),
        );
    };
    let first = model.phases.iter().map(|p| p.position).min().unwrap_or(1);
    match f.focus_domains {
        0 if !f.closed && f.phase_position == first => check(
            i,
            Outcome::NotYet,
            format!("Kies in deze eerste fase hoogstens {max} focusdomeinen."),
        ),
        0 => check(
            i,
            Outcome::NotMet,
            format!(
                "Er zijn geen focusdomeinen gekozen; {} werkt met hoogstens {max}.",
                model.name
            ),
        ),
        n if n > max => check(
            i,
            Outcome::NotMet,
            format!(
                "Er zijn {n} focusdomeinen gekozen; {} werkt met hoogstens {max}.",
                model.name
            ),
        ),
        n => check(
            i,
            Outcome::Met,
            format!("{n} van hoogstens {max} focusdomeinen gekozen."),
        ),
    }
}

fn phase_durations(model: &PhaseModel, f: &TrajectoryFacts, end: NaiveDate) -> Check {
    let i = Indicator::PhaseDurations;
    if !PHASE_DURATION_MODELS.contains(&model.code.as_str()) {
        return check(
            i,
            Outcome::NotApplicable,
            format!("Voor {} is de duur per fase geen eis.", model.name),
        );
    }
    let mut entries = f.phase_entries.clone();
    if entries.is_empty() {
        entries.push((f.phase_position, f.started_on));
    }
    let mut over = Vec::new();
    for (k, (position, entered)) in entries.iter().enumerate() {
        let left = entries.get(k + 1).map(|e| e.1).unwrap_or(end);
        let phase = model.phase_at(*position);
        if let Some((name, typical)) =
            phase.and_then(|p| p.typical_days.map(|t| (p.name.as_str(), t)))
        {
            let used = (left - *entered).num_days();
            if used > typical {
                over.push(format!(
                    "{name} {} (gebruikelijk {})",
                    if k + 1 == entries.len() && !f.closed {
                        format!("loopt al {}", days(used))
                    } else {
                        format!("duurde {}", days(used))
                    },
                    days(typical)
                ));
            }
        }
    }
    if over.is_empty() {
        check(
            i,
            Outcome::Met,
            "Elke fase bleef binnen de gebruikelijke duur.",
        )
    } else {
        check(
            i,
            Outcome::NotMet,
            format!("Langer dan gebruikelijk: {}.", over.join("; ")),
        )
    }
}

/// Counts of outcomes of one indicator over many trajectories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Tally {
    /// Voldaan.
    pub met: i64,
    /// Niet voldaan.
    pub not_met: i64,
    /// Nog niet te meten.
    pub not_yet: i64,
    /// Niet van toepassing.
    pub not_applicable: i64,
}

impl Tally {
    /// Counts one outcome.
    pub fn add(&mut self, o: Outcome) {
        match o {
            Outcome::Met => self.met += 1,
            Outcome::NotMet => self.not_met += 1,
            Outcome::NotYet => self.not_yet += 1,
            Outcome::NotApplicable => self.not_applicable += 1,
        }
    }

    /// Share meeting the indicator among those where it could be measured, in whole percent;
    /// `None` when none could be measured.
    pub fn percent(&self) -> Option<i64> {
        let n = self.met + self.not_met;
        (n > 0).then(|| (self.met * 100 + n / 2) / n)
    }
}
