//! What the dossier shows, prepared for the templates: dates in words, the phase timeline, the
//! model's rules, signals explained. Loaded in a fixed number of store calls.

use super::FormState;
use crate::auth::Staff;
use crate::error::PageError;
use crate::i18n::Tr;
use crate::pages::form::{badges, date, days, fill, opt_date, Badge};
use crate::AppState;
use regie_domain::catalogue::ContactType;
use regie_domain::phase::{phase_overrun, PhaseModel, Step};
use regie_domain::plan::PlanSnapshot;
use regie_domain::record::{CareTeamMember, Client, Dossier, HouseholdMember, PhaseStep, Trajectory};
use regie_store::{ClientScope, LifeDomain, StaffMember};
use std::borrow::Borrow;

/// Everything the dossier templates read besides the plan.
pub(crate) struct DossierView {
    pub client: Client,
    pub birth_date: String,
    pub household: Vec<HouseholdMember>,
    /// The active trajectory, or else the latest one.
    pub traj: Option<TrajView>,
    /// No active trajectory: show the form to start one.
    pub can_start: bool,
    pub signals: Vec<Badge>,
    pub journal: Vec<JournalRow>,
    pub journal_total: i64,
    pub journal_more: bool,
    pub evaluations: Vec<EvalRow>,
    pub care_team: Vec<CareTeamMember>,
    /// Team colleagues not yet in the care team.
    pub colleagues: Vec<StaffMember>,
    /// The client's team's staff (to choose a trajectbegeleider).
    pub team_staff: Vec<StaffMember>,
    /// Phase models (only loaded when a trajectory can be started).
    pub models: Vec<PhaseModel>,
    /// Life domains grouped by set (for the start form's focus domains).
    pub domain_sets: Vec<DomainSet>,
    /// Active goals, for linking journal entries.
    pub goals: Vec<(i64, String)>,
    /// Contact type codes.
    pub contact_types: &'static [&'static str],
    /// Today as `JJJJ-MM-DD` (form defaults).
    pub today: String,
    /// The refused form, if any.
    pub form: FormState,
    /// The signed-in user's id (default trajectbegeleider).
    pub me: i64,
    /// Methods used in the shown trajectory (see `methods_used.rs`).
    pub methods_used: Vec<regie_store::MethodUse>,
    /// The "Zelfredzaamheid" section (see `pages/zrm_view.rs`).
    pub zrm: Option<crate::pages::zrm_view::ZrmSection>,
    /// Resultaatafspraken and the latest satisfaction mark (see `pages/results.rs`).
    pub results: crate::pages::results_view::ResultsSection,
}

impl DossierView {
    /// The message for `field` when `form` was refused.
    pub fn err(&self, form: &str, field: &str) -> Option<&str> {
        (self.form.which == form).then(|| self.form.errors.get(field)).flatten()
    }

    /// What the user typed in `field` of a refused `form`, or `default`.
    pub fn val<'a>(&'a self, form: &str, field: &str, default: &'a str) -> &'a str {
        if self.form.which == form {
            self.form.values.get(field)
        } else {
            default
        }
    }

    /// Whether a checkbox or option is chosen: from the refused form, or else `default`.
    pub fn chosen(&self, form: &str, field: &str, value: &str, default: impl Borrow<bool>) -> bool {
        if self.form.which == form {
            self.form.values.has(field, value)
        } else {
            *default.borrow()
        }
    }

    /// Whether `id` is chosen in `field` of a refused `form`, or else `default`.
    pub fn chosen_id(&self, form: &str, field: &str, id: impl Borrow<i64>, default: impl Borrow<bool>) -> bool {
        self.chosen(form, field, &id.borrow().to_string(), default)
    }

    /// Messages of a refused `form` whose field has no place on it (shown at the top).
    pub fn errors_of(&self, form: &str) -> Vec<&(String, String)> {
        if self.form.which == form {
            self.form.errors.0.iter().collect()
        } else {
            Vec::new()
        }
    }
}

/// A group of life domains.
pub(crate) struct DomainSet {
    pub code: String,
    pub domains: Vec<LifeDomain>,
}

/// The trajectory as shown.
pub(crate) struct TrajView {
    pub id: i64,
    pub version: i64,
    pub active: bool,
    pub model_name: String,
    pub status: String,
    /// The funding law's name.
    pub funding: String,
    /// The next step closes the trajectory (the form asks the exit destination).
    pub closes: bool,
    /// Where the client went (uitstroom), in words; "" while active.
    pub exit: String,
    pub started: String,
    pub ended: String,
    pub owner_name: String,
    pub phase_name: String,
    pub phases: Vec<PhaseRow>,
    /// Label of the "next phase" button.
    pub next_label: String,
    /// What the confirmation asks.
    pub next_confirm: String,
    /// CTI: "uiterlijk klaar op …", or "".
    pub hard_end: String,
    /// Overrun warning, or "".
    pub overrun: String,
    pub cyclic: bool,
    pub next_evaluation: String,
    /// Chosen focus domain names.
    pub focus: Vec<String>,
    /// "3 van hoogstens 3", or "".
    pub focus_note: String,
    /// Domains to choose from, with whether chosen.
    pub focus_options: Vec<FocusOption>,
}

/// A life domain offered as focus domain.
pub(crate) struct FocusOption {
    pub code: String,
    pub name: String,
    pub checked: bool,
}

/// One phase of the timeline.
pub(crate) struct PhaseRow {
    pub name: String,
    /// "done", "current" or "upcoming".
    pub state: &'static str,
    /// The state in words.
    pub state_label: &'static str,
    pub typical: String,
    pub entered: String,
    pub by: String,
}

/// One journal entry as shown.
pub(crate) struct JournalRow {
    pub contact_type: String,
    pub date: String,
    pub duration: i64,
    pub author: String,
    pub text: String,
    pub client_visible: bool,
    pub goals: Vec<String>,
}

/// One evaluation as shown.
pub(crate) struct EvalRow {
    pub id: i64,
    pub date: String,
    pub participants: String,
    pub notes: String,
    pub by: String,
    pub goals: Vec<EvalGoalRow>,
}

/// Verdict and decision on one goal.
pub(crate) struct EvalGoalRow {
    pub text: String,
    pub verdict: String,
    pub decision: String,
    pub note: String,
}

/// The view and the plan-section data.
pub(crate) struct Loaded {
    pub view: DossierView,
    pub plan: PlanSnapshot,
    pub domains: Vec<LifeDomain>,
    pub staff: Vec<StaffMember>,
}

/// Loads the dossier: the store's bounded dossier call, the domain catalogue, the team's staff,
/// and (only without an active trajectory) the phase models.
pub(crate) async fn load(state: &AppState, staff: &Staff, scope: &ClientScope, form: FormState) -> Result<Loaded, PageError> {
    let today = regie_store::today();
    let d = state.store.dossier(scope, today).await?;
    let all_domains = state.store.life_domains().await?;
    let team_staff = state.store.team_staff(d.client.team_id).await?;
    let active = d.trajectory.as_ref().is_some_and(|t| t.status == "actief");
    let models = if active { Vec::new() } else { state.store.phase_models().await? };
    let mut loaded = build(staff.tr, staff.user().id, d, all_domains, team_staff, models, form, today);
    loaded.view.methods_used = super::methods_used::load(state, scope, &loaded.view).await?;
    loaded.view.zrm = crate::pages::zrm_view::dossier_section(state, staff.tr, scope, loaded.view.traj.as_ref().map(|t| (t.id, t.active)), &loaded.plan, &loaded.domains).await?;
    loaded.view.results = crate::pages::results::load_section(state, staff.tr, scope, &loaded.view).await?;
    Ok(loaded)
}

#[allow(clippy::too_many_arguments)]
fn build(
    tr: Tr,
    me: i64,
    d: Dossier,
    all_domains: Vec<LifeDomain>,
    team_staff: Vec<StaffMember>,
    models: Vec<PhaseModel>,
    form: FormState,
    today: chrono::NaiveDate,
) -> Loaded {
    let domain_set = d.model.as_ref().map(|m| m.domain_set.clone());
    let plan_domains: Vec<LifeDomain> = match &domain_set {
        Some(set) if all_domains.iter().any(|x| &x.domain_set == set) => all_domains.iter().filter(|x| &x.domain_set == set).cloned().collect(),
        _ => all_domains.clone(),
    };
    let domain_name = |code: &str| all_domains.iter().find(|x| x.code == code).map(|x| x.name.clone()).unwrap_or_else(|| code.to_string());
    let traj = match (&d.trajectory, &d.model) {
        (Some(t), Some(m)) => Some(trajectory(tr, t, m, &d.phase_steps, &plan_domains, &domain_name, today)),
        _ => None,
    };
    let goal_text = |id: i64| d.plan.goals.iter().find(|g| g.id == id).map(|g| g.text.clone());
    let journal = d
        .journal
        .iter()
        .map(|j| JournalRow {
            contact_type: tr.code("contact_type", &j.contact_type).to_string(),
            date: date(tr, j.contact_date),
            duration: j.duration_minutes,
            author: j.author_name.clone(),
            text: j.text.clone(),
            client_visible: j.client_visible,
            goals: j.goal_ids.iter().filter_map(|g| goal_text(*g)).collect(),
        })
        .collect();
    let evaluations = d
        .evaluations
        .iter()
        .map(|e| EvalRow {
            id: e.id,
            date: date(tr, e.held_on),
            participants: e.participants.clone(),
            notes: e.notes.clone(),
            by: e.created_by_name.clone(),
            goals: e
                .goals
                .iter()
                .map(|g| EvalGoalRow {
                    text: g.goal_text.clone(),
                    verdict: tr.code("verdict", &g.verdict).to_string(),
                    decision: tr.code("decision", &g.decision).to_string(),
                    note: g.note.clone(),
                })
                .collect(),
        })
        .collect();
    let colleagues = team_staff.iter().filter(|s| !d.care_team.iter().any(|c| c.user_id == s.id)).cloned().collect();
    let mut domain_sets: Vec<DomainSet> = Vec::new();
    for x in &all_domains {
        match domain_sets.iter_mut().find(|s| s.code == x.domain_set) {
            Some(s) => s.domains.push(x.clone()),
            None => domain_sets.push(DomainSet { code: x.domain_set.clone(), domains: vec![x.clone()] }),
        }
    }
    let active = d.trajectory.as_ref().is_some_and(|t| t.status == "actief");
    let view = DossierView {
        birth_date: opt_date(tr, d.client.birth_date),
        client: d.client,
        household: d.household,
        can_start: !active,
        traj,
        signals: badges(tr, &d.signals),
        journal,
        journal_total: d.journal_total,
        journal_more: d.journal_total > d.journal.len() as i64,
        evaluations,
        care_team: d.care_team,
        colleagues,
        team_staff: team_staff.clone(),
        models,
        domain_sets,
        goals: d.plan.goals.iter().filter(|g| g.status == "actief").map(|g| (g.id, g.text.clone())).collect(),
        contact_types: ContactType::CODES,
        today: today.format("%Y-%m-%d").to_string(),
        form,
        me,
        methods_used: Vec::new(),
        zrm: None,
        results: Default::default(),
    };
    Loaded { view, plan: d.plan, domains: plan_domains, staff: team_staff }
}

fn trajectory(
    tr: Tr,
    t: &Trajectory,
    m: &PhaseModel,
    steps: &[PhaseStep],
    domains: &[LifeDomain],
    domain_name: &dyn Fn(&str) -> String,
    today: chrono::NaiveDate,
) -> TrajView {
    let active = t.status == "actief";
    let phases = m
        .phases
        .iter()
        .map(|p| {
            let state = if !active || p.position < t.phase_position {
                "done"
            } else if p.position == t.phase_position {
                "current"
            } else {
                "upcoming"
            };
            let step = steps.iter().rev().find(|s| s.position == p.position).filter(|_| state != "upcoming");
            PhaseRow {
                name: p.name.clone(),
                state,
                state_label: match state {
                    "done" => tr.t("dossier.phase_done"),
                    "current" => tr.t("dossier.phase_current"),
                    _ => tr.t("dossier.phase_upcoming"),
                },
                typical: p.typical_days.map(|n| fill(tr.t("dossier.phase_typical"), &[("days", &days(tr, n))])).unwrap_or_default(),
                entered: step.map(|s| date(tr, s.entered_on)).unwrap_or_default(),
                by: step.map(|s| s.by_name.clone()).unwrap_or_default(),
            }
        })
        .collect();
    let (next_label, next_confirm) = match m.next_step(t.phase_position) {
        Step::To(p) => {
            let name = m.phase_at(p).map(|p| p.name.as_str()).unwrap_or("");
            (fill(tr.t("dossier.next_phase"), &[("phase", name)]), fill(tr.t("dossier.next_phase_confirm"), &[("phase", name)]))
        }
        Step::Finish => (tr.t("dossier.finish").to_string(), tr.t("dossier.finish_confirm").to_string()),
    };
    let typical = m.phase_at(t.phase_position).and_then(|p| p.typical_days);
    let overrun = match (active, phase_overrun(t.phase_entered_on, typical, today)) {
        (true, Some(over)) => fill(
            tr.t("dossier.overrun"),
            &[("phase", &t.phase_name), ("over", &days(tr, over)), ("typical", &days(tr, typical.unwrap_or(0)))],
        ),
        _ => String::new(),
    };
    TrajView {
        id: t.id,
        version: t.version,
        active,
        model_name: t.model_name.clone(),
        status: tr.code("trajectory_status", &t.status).to_string(),
        funding: tr.code("funding", &t.funding).to_string(),
        closes: active && matches!(m.next_step(t.phase_position), Step::Finish),
        exit: t.exit_destination.as_deref().map(|x| tr.code("exit_destination", x).to_string()).unwrap_or_default(),
        started: date(tr, t.started_on),
        ended: opt_date(tr, t.ended_on),
        owner_name: t.owner_name.clone(),
        phase_name: t.phase_name.clone(),
        phases,
        next_label,
        next_confirm,
        hard_end: m.hard_end(t.started_on).map(|d| fill(tr.t("dossier.hard_end"), &[("date", &date(tr, d))])).unwrap_or_default(),
        overrun,
        cyclic: m.cyclic,
        next_evaluation: opt_date(tr, t.next_evaluation_on),
        focus: t.focus_domains.iter().map(|c| domain_name(c)).collect(),
        focus_note: m
            .max_focus_domains
            .map(|max| fill(tr.t("dossier.focus_count"), &[("n", &t.focus_domains.len().to_string()), ("max", &max.to_string())]))
            .unwrap_or_default(),
        focus_options: domains
            .iter()
            .map(|x| FocusOption { code: x.code.clone(), name: x.name.clone(), checked: t.focus_domains.contains(&x.code) })
            .collect(),
    }
}
