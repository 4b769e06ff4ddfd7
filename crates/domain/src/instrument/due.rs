//! When a worker's ZRM measurement is due. The ZRM is scored after an intake, progress,
//! evaluation or exit conversation; Competentiegericht begeleiden measures at Begin, Midden and
//! Eind. Regie's rules (only the worker's score counts; the client's own score does not):
//!
//! * **Intake** — no worker measurement yet: due once the trajectory is [`ZRM_INTAKE_DAYS`] old
//!   (time to get to know each other first).
//! * **Evaluation** — an evaluation was held after the latest measurement: due from that day.
//! * **Phase** — for models that measure per phase (Competentiegericht begeleiden): the current
//!   phase (Midden, Eind) was entered after the latest measurement: due from that day.
//! * **Exit** — the trajectory is in the last phase of a non-cyclic model, or its hard end (CTI)
//!   is within [`ZRM_INTAKE_DAYS`], with no measurement since: due from that day.
//!
//! A due measurement is overdue [`ZRM_GRACE_DAYS`] days after it fell due. When more than one
//! reason applies, the one waiting longest is shown.

use crate::catalogue::code_enum;
use chrono::{Duration, NaiveDate};

/// Days after the start of a trajectory before the first measurement is due (and days before a
/// hard end that the exit measurement is).
pub const ZRM_INTAKE_DAYS: i64 = 14;
/// Days a due measurement may wait before it is overdue.
pub const ZRM_GRACE_DAYS: i64 = 14;
/// Phase models that measure at each phase.
pub const PHASE_MEASURED_MODELS: &[&str] = &["competentiegericht"];

code_enum! {
    /// Why a measurement is due.
    ZrmReason { Intake = "intake", Evaluation = "evaluatie", Phase = "fase", Exit = "uitstroom" }
}

/// What is known of one active trajectory, enough to say whether a measurement is due.
#[derive(Debug, Clone, Default)]
pub struct ZrmFacts {
    /// Start of the trajectory.
    pub started_on: Option<NaiveDate>,
    /// Day of the latest worker measurement.
    pub last_measured_on: Option<NaiveDate>,
    /// Day of the latest evaluation held.
    pub last_evaluation_on: Option<NaiveDate>,
    /// When the current phase was entered.
    pub phase_entered_on: Option<NaiveDate>,
    /// Position of the current phase (1-based).
    pub phase_position: i64,
    /// Whether the current phase is the last of a non-cyclic model.
    pub phase_is_last: bool,
    /// Whether the model measures at each phase (see [`PHASE_MEASURED_MODELS`]).
    pub measures_per_phase: bool,
    /// The date by which the trajectory must end (capped models).
    pub hard_end: Option<NaiveDate>,
}

/// A measurement that is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ZrmDue {
    /// Why.
    pub reason: ZrmReason,
    /// Since when.
    pub since: NaiveDate,
    /// Whether it waited longer than [`ZRM_GRACE_DAYS`].
    pub overdue: bool,
}

/// Whether a worker measurement is due on `today`, and why.
pub fn zrm_due(f: &ZrmFacts, today: NaiveDate) -> Option<ZrmDue> {
    let start = f.started_on?;
    let mut triggers: Vec<(ZrmReason, NaiveDate)> = Vec::new();
    match f.last_measured_on {
        None => triggers.push((ZrmReason::Intake, start + Duration::days(ZRM_INTAKE_DAYS))),
        Some(last) => {
            if let Some(ev) = f.last_evaluation_on.filter(|ev| *ev > last) {
                triggers.push((ZrmReason::Evaluation, ev));
            }
            if let Some(entered) = f.phase_entered_on.filter(|d| *d > last) {
                if f.measures_per_phase && f.phase_position > 1 {
                    triggers.push((ZrmReason::Phase, entered));
                } else if f.phase_is_last {
                    triggers.push((ZrmReason::Exit, entered));
                }
            }
            if let Some(end) = f.hard_end {
                let from = end - Duration::days(ZRM_INTAKE_DAYS);
                if last < from {
                    triggers.push((ZrmReason::Exit, from));
                }
            }
        }
    }
    let (reason, since) = triggers.into_iter().filter(|(_, d)| *d <= today).min_by_key(|(_, d)| *d)?;
    Some(ZrmDue { reason, since, overdue: (today - since).num_days() > ZRM_GRACE_DAYS })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn facts() -> ZrmFacts {
        ZrmFacts { started_on: Some(d("2026-01-01")), phase_position: 1, phase_entered_on: Some(d("2026-01-01")), ..Default::default() }
    }

    #[test]
    fn the_first_measurement_is_due_two_weeks_after_the_start_and_overdue_two_weeks_later() {
        let f = facts();
        assert_eq!(zrm_due(&f, d("2026-01-14")), None);
        assert_eq!(zrm_due(&f, d("2026-01-15")), Some(ZrmDue { reason: ZrmReason::Intake, since: d("2026-01-15"), overdue: false }));
        assert!(zrm_due(&f, d("2026-01-30")).unwrap().overdue);
        assert_eq!(zrm_due(&ZrmFacts::default(), d("2026-06-01")), None, "no trajectory, nothing due");
    }

    #[test]
    fn an_evaluation_after_the_latest_measurement_asks_for_a_new_one() {
        let mut f = facts();
        f.last_measured_on = Some(d("2026-01-10"));
        assert_eq!(zrm_due(&f, d("2026-05-01")), None);
        f.last_evaluation_on = Some(d("2026-04-01"));
        let due = zrm_due(&f, d("2026-04-05")).unwrap();
        assert_eq!((due.reason, due.since, due.overdue), (ZrmReason::Evaluation, d("2026-04-01"), false));
        f.last_measured_on = Some(d("2026-04-01"));
        assert_eq!(zrm_due(&f, d("2026-04-05")), None, "measured on the day of the evaluation");
    }

    #[test]
    fn competentiegericht_measures_at_each_phase() {
        let mut f = facts();
        f.measures_per_phase = true;
        f.last_measured_on = Some(d("2026-01-10"));
        f.phase_position = 2;
        f.phase_entered_on = Some(d("2026-04-01"));
        assert_eq!(zrm_due(&f, d("2026-04-02")).unwrap().reason, ZrmReason::Phase);
        f.measures_per_phase = false;
        assert_eq!(zrm_due(&f, d("2026-04-02")), None, "other models: a new phase alone asks nothing");
    }

    #[test]
    fn the_last_phase_or_a_near_hard_end_asks_for_an_exit_measurement() {
        let mut f = facts();
        f.last_measured_on = Some(d("2026-01-10"));
        f.phase_position = 8;
        f.phase_is_last = true;
        f.phase_entered_on = Some(d("2026-06-01"));
        assert_eq!(zrm_due(&f, d("2026-06-01")).unwrap().reason, ZrmReason::Exit);
        let mut cti = facts();
        cti.last_measured_on = Some(d("2026-01-10"));
        cti.hard_end = Some(d("2026-09-28"));
        assert_eq!(zrm_due(&cti, d("2026-09-13")), None);
        let due = zrm_due(&cti, d("2026-09-14")).unwrap();
        assert_eq!((due.reason, due.since), (ZrmReason::Exit, d("2026-09-14")));
    }

    #[test]
    fn the_longest_waiting_reason_is_shown() {
        let mut f = facts();
        f.last_measured_on = Some(d("2026-01-10"));
        f.last_evaluation_on = Some(d("2026-03-01"));
        f.phase_is_last = true;
        f.phase_position = 3;
        f.phase_entered_on = Some(d("2026-04-01"));
        let due = zrm_due(&f, d("2026-04-02")).unwrap();
        assert_eq!((due.reason, due.overdue), (ZrmReason::Evaluation, true));
    }
}
