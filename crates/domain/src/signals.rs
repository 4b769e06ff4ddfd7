//! Signalen: what a worker should notice on the caseload before anything goes wrong.

use crate::instrument::{zrm_due, ZrmFacts, ZrmReason};
use chrono::NaiveDate;
use serde::Serialize;

/// Days without journal contact after which a client is flagged.
pub const NO_CONTACT_DAYS: i64 = 14;
/// Days before a planned evaluation that it shows as due.
pub const EVALUATION_DUE_DAYS: i64 = 14;

/// One signal on a client of the caseload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Signal {
    /// An evaluation is planned within [`EVALUATION_DUE_DAYS`].
    EvaluationDue { on: NaiveDate },
    /// The planned evaluation date has passed.
    EvaluationOverdue { since: NaiveDate },
    /// Actions past their due date and not done.
    ActionsOverdue { count: i64 },
    /// No journal contact for [`NO_CONTACT_DAYS`] days or more (`days` is `None` when never).
    NoContact { days: Option<i64> },
    /// The current phase runs past the model's typical duration.
    PhaseOverrun { phase: String, days: i64 },
    /// The trajectory runs past the model's maximum duration (CTI: nine months).
    CapExceeded { days: i64 },
    /// A worker's ZRM measurement is due (see [`crate::instrument::due`]).
    ZrmDue { reason: ZrmReason, since: NaiveDate },
    /// A due ZRM measurement waited longer than [`crate::instrument::due::ZRM_GRACE_DAYS`].
    ZrmOverdue { reason: ZrmReason, since: NaiveDate },
}

impl Signal {
    /// Stable code, for the translation table and filters.
    pub fn code(&self) -> &'static str {
        match self {
            Signal::EvaluationDue { .. } => "evaluation_due",
            Signal::EvaluationOverdue { .. } => "evaluation_overdue",
            Signal::ActionsOverdue { .. } => "actions_overdue",
            Signal::NoContact { .. } => "no_contact",
            Signal::PhaseOverrun { .. } => "phase_overrun",
            Signal::CapExceeded { .. } => "cap_exceeded",
            Signal::ZrmDue { .. } => "zrm_due",
            Signal::ZrmOverdue { .. } => "zrm_overdue",
        }
    }

    /// Whether the signal asks for action now (shown in red) rather than soon.
    pub fn urgent(&self) -> bool {
        !matches!(self, Signal::EvaluationDue { .. } | Signal::ZrmDue { .. })
    }
}

/// The ZRM signal for one trajectory on `today`, if a worker measurement is due or overdue.
pub fn zrm_signal(f: &ZrmFacts, today: NaiveDate) -> Option<Signal> {
    zrm_due(f, today).map(|d| match d.overdue {
        true => Signal::ZrmOverdue { reason: d.reason, since: d.since },
        false => Signal::ZrmDue { reason: d.reason, since: d.since },
    })
}

/// What is known of one active trajectory, enough to compute its signals.
#[derive(Debug, Clone, Default)]
pub struct CaseFacts {
    /// Start of the trajectory.
    pub started_on: Option<NaiveDate>,
    /// The model's cap in days.
    pub max_days: Option<i64>,
    /// Planned next evaluation.
    pub next_evaluation_on: Option<NaiveDate>,
    /// Pending actions with a due date before today.
    pub overdue_actions: i64,
    /// Date of the latest journal contact.
    pub last_contact: Option<NaiveDate>,
    /// Current phase name.
    pub phase_name: String,
    /// When the current phase started.
    pub phase_entered_on: Option<NaiveDate>,
    /// The current phase's typical duration.
    pub phase_typical_days: Option<i64>,
}

/// The signals for one trajectory on `today`, most urgent kinds first.
pub fn signals(f: &CaseFacts, today: NaiveDate) -> Vec<Signal> {
    let mut out = Vec::new();
    if let (Some(start), Some(max)) = (f.started_on, f.max_days) {
        let over = (today - start).num_days() - max;
        if over > 0 {
            out.push(Signal::CapExceeded { days: over });
        }
    }
    if let Some(on) = f.next_evaluation_on {
        if on < today {
            out.push(Signal::EvaluationOverdue { since: on });
        } else if (on - today).num_days() <= EVALUATION_DUE_DAYS {
            out.push(Signal::EvaluationDue { on });
        }
    }
    if f.overdue_actions > 0 {
        out.push(Signal::ActionsOverdue { count: f.overdue_actions });
    }
    match f.last_contact {
        Some(d) if (today - d).num_days() >= NO_CONTACT_DAYS => out.push(Signal::NoContact { days: Some((today - d).num_days()) }),
        None => out.push(Signal::NoContact { days: None }),
        _ => {}
    }
    if let Some(entered) = f.phase_entered_on {
        if let Some(days) = crate::phase::phase_overrun(entered, f.phase_typical_days, today) {
            out.push(Signal::PhaseOverrun { phase: f.phase_name.clone(), days });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_quiet_trajectory_has_no_signals() {
        let f = CaseFacts {
            next_evaluation_on: Some(d("2026-06-01")),
            last_contact: Some(d("2026-03-10")),
            phase_entered_on: Some(d("2026-03-01")),
            phase_typical_days: Some(30),
            ..Default::default()
        };
        assert!(signals(&f, d("2026-03-15")).is_empty());
    }

    #[test]
    fn every_signal_fires_on_its_own_condition() {
        let f = CaseFacts {
            started_on: Some(d("2025-01-01")),
            max_days: Some(270),
            next_evaluation_on: Some(d("2026-03-01")),
            overdue_actions: 2,
            last_contact: Some(d("2026-02-01")),
            phase_name: "Testen".into(),
            phase_entered_on: Some(d("2026-01-01")),
            phase_typical_days: Some(30),
        };
        let s = signals(&f, d("2026-03-15"));
        let codes: Vec<_> = s.iter().map(Signal::code).collect();
        assert_eq!(codes, ["cap_exceeded", "evaluation_overdue", "actions_overdue", "no_contact", "phase_overrun"]);
        assert!(s.contains(&Signal::NoContact { days: Some(42) }));
        assert!(s.contains(&Signal::PhaseOverrun { phase: "Testen".into(), days: 43 }));
    }

    #[test]
    fn evaluation_shows_as_due_two_weeks_ahead() {
        let f = CaseFacts { next_evaluation_on: Some(d("2026-03-20")), last_contact: Some(d("2026-03-14")), ..Default::default() };
        assert_eq!(signals(&f, d("2026-03-15")), vec![Signal::EvaluationDue { on: d("2026-03-20") }]);
        assert!(signals(&f, d("2026-03-01")).is_empty());
    }
}
