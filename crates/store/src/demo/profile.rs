//! What a client's case should show on the caseload, and where its trajectory stands.
//!
//! The caseload exists to show what needs attention, so the demo must have some of that: each
//! active trajectory gets a [`Profile`] that the rest of the generator honours (when the next
//! evaluation falls, whether actions slip past their due date, how long since the last contact,
//! whether the phase runs long, whether a CTI trajectory passes its cap). begeleider@'s caseload
//! follows [`SCRIPT`], so a newcomer who signs in sees every kind of signal on a few clients
//! while most clients are calm; everyone else gets a random profile in realistic proportions.

use super::org::{Generator, State};

/// Where the next evaluation falls, relative to today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Aim {
    /// More than two weeks ahead.
    Calm,
    /// Within two weeks: this many days ahead (lowest, highest).
    Due(i64, i64),
    /// Passed this many days ago (lowest, highest).
    Overdue(i64, i64),
}

/// What the case of one active trajectory should show.
#[derive(Debug, Clone, Copy)]
pub(super) struct Profile {
    pub(super) evaluation: Aim,
    /// Some actions stay open past their due date.
    pub(super) overdue_actions: bool,
    /// Days since the last journal contact (lowest, highest); `None`: recent contact.
    pub(super) silent_days: Option<(i64, i64)>,
    /// The current phase runs past its typical duration.
    pub(super) overrun: bool,
    /// The trajectory runs past the model's cap (CTI, in its last phase).
    pub(super) over_cap: bool,
}

impl Profile {
    /// Nothing to notice.
    pub(super) const CALM: Profile = Profile { evaluation: Aim::Calm, overdue_actions: false, silent_days: None, overrun: false, over_cap: false };
}

/// One client of begeleider@'s caseload: model (code), phase position, completed rounds of a
/// cyclic model, days in the current phase (lowest, highest) and what the case shows.
pub(super) struct Scripted {
    pub(super) model: &'static str,
    pub(super) position: i64,
    pub(super) rounds: i64,
    pub(super) days_in_phase: (i64, i64),
    pub(super) profile: Profile,
}

const fn calm(model: &'static str, position: i64, rounds: i64, lo: i64, hi: i64) -> Scripted {
    Scripted { model, position, rounds, days_in_phase: (lo, hi), profile: Profile::CALM }
}

const fn shows(model: &'static str, position: i64, rounds: i64, lo: i64, hi: i64, profile: Profile) -> Scripted {
    Scripted { model, position, rounds, days_in_phase: (lo, hi), profile }
}

const C: Profile = Profile::CALM;

/// begeleider@'s caseload, in client order (the page sorts by name). Seven of the first sixteen
/// show something, alternating with calm ones so a smaller caseload still shows a mix; all five
/// built-in models occur. Days in phase stay within the typical duration unless the profile says
/// the phase runs long.
pub(super) const SCRIPT: &[Scripted] = &[
    // 8-fasenmodel, Uitvoering: the half-yearly evaluation is due this week.
    shows("8fasen", 6, 0, 120, 200, Profile { evaluation: Aim::Due(4, 8), ..C }),
    calm("8fasen", 6, 0, 30, 300),
    // Thuisbegeleiding, Uitvoeren: the evaluation has slipped, and so have some actions.
    shows("thuisbegeleiding", 3, 0, 150, 250, Profile { evaluation: Aim::Overdue(6, 15), overdue_actions: true, ..C }),
    calm("competentiegericht", 1, 0, 20, 80),
    // Krachtwerk, second round, Uitvoering: nobody has seen the client for a few weeks.
    shows("krachtwerk", 2, 1, 25, 60, Profile { silent_days: Some((16, 24)), ..C }),
    calm("thuisbegeleiding", 1, 0, 5, 30),
    // CTI, Overdracht van zorg: past the nine-month cap, the last phase runs long.
    shows("cti", 3, 0, 0, 0, Profile { overrun: true, over_cap: true, ..C }),
    calm("8fasen", 5, 0, 5, 20),
    // CTI, Testen: the quarterly evaluation is due.
    shows("cti", 2, 0, 30, 60, Profile { evaluation: Aim::Due(9, 12), ..C }),
    calm("competentiegericht", 2, 0, 100, 250),
    // Competentiegericht, Midden: actions past their due date.
    shows("competentiegericht", 2, 0, 60, 150, Profile { overdue_actions: true, ..C }),
    calm("cti", 1, 0, 20, 70),
    // 8-fasenmodel, Analyse: stuck — the analysis runs long and contact has dropped off.
    shows("8fasen", 4, 0, 52, 60, Profile { overrun: true, silent_days: Some((15, 20)), ..C }),
    calm("thuisbegeleiding", 3, 0, 40, 300),
    calm("krachtwerk", 1, 1, 5, 35),
    calm("krachtwerk", 3, 0, 3, 20),
    calm("8fasen", 7, 0, 3, 20),
];

/// How many of the unscripted clients (in percent) follow each model; other built-in models get 2.
const MODEL_WEIGHTS: &[(&str, i64)] = &[("8fasen", 25), ("competentiegericht", 20), ("thuisbegeleiding", 25), ("cti", 15), ("krachtwerk", 15)];

impl Generator {
    /// The script entry of client `i`, if it belongs to begeleider@'s caseload.
    pub(super) fn scripted(&self, i: usize) -> Option<&'static Scripted> {
        (i < self.script_len).then(|| &SCRIPT[i])
    }

    /// Drops from the cycle of states the ones begeleider@'s scripted clients already occupy,
    /// so the unscripted clients that follow cover all the others sooner.
    pub(super) fn cycle_without_script(&mut self) {
        let script = &SCRIPT[..self.script_len];
        let models = &self.models;
        self.states.retain(|s| s.closed || !script.iter().any(|e| models[s.model].code == e.model && e.position == s.position));
        let len = self.states.len();
        self.state_step = (7..).find(|s| super::org::gcd(*s, len) == 1).unwrap_or(1);
    }

    /// A state and the completed rounds of a cyclic model for the `k`-th unscripted client.
    pub(super) fn pick_state(&mut self, k: usize) -> (State, i64) {
        let len = self.states.len();
        if k < 2 * len {
            let s = self.states[(k * self.state_step) % len];
            let rounds = if self.models[s.model].cyclic { (k / len) as i64 } else { 0 };
            return (s, rounds);
        }
        // Beyond the first clients: a realistic spread, most clients in the five common models
        // and in their long working phases.
        let weights: Vec<i64> = self.models.iter().map(|m| MODEL_WEIGHTS.iter().find(|(c, _)| *c == m.code).map_or(2, |(_, w)| *w)).collect();
        let mut r = self.rng.range(0, weights.iter().sum::<i64>() - 1);
        let mut m = 0;
        while r >= weights[m] {
            r -= weights[m];
            m += 1;
        }
        let model = &self.models[m];
        if !model.cyclic && self.rng.chance(0.10) {
            return (State { model: m, position: model.phases.len() as i64, closed: true }, 0);
        }
        let total: i64 = model.phases.iter().map(|p| p.typical_days.unwrap_or(60)).sum();
        let mut r = self.rng.range(0, total - 1);
        let mut position = 1;
        for p in &model.phases {
            let d = p.typical_days.unwrap_or(60);
            if r < d {
                position = p.position;
                break;
            }
            r -= d;
        }
        let rounds = if model.cyclic { self.rng.range(0, 2) } else { 0 };
        (State { model: m, position, closed: false }, rounds)
    }

    /// A profile in realistic proportions: about half of the active cases show nothing.
    pub(super) fn random_profile(&mut self, state: State) -> Profile {
        if state.closed {
            return Profile::CALM;
        }
        let model = &self.models[state.model];
        let last_phase = state.position == model.phases.len() as i64;
        let capped = model.max_days.is_some() && last_phase;
        let evaluation = match self.rng.range(0, 99) {
            0..=5 => Aim::Overdue(3, 30),
            6..=17 => Aim::Due(0, 14),
            _ => Aim::Calm,
        };
        Profile {
            evaluation,
            overdue_actions: self.rng.chance(0.15),
            silent_days: self.rng.chance(0.12).then_some((14, 45)),
            overrun: self.rng.chance(0.12),
            over_cap: capped && self.rng.chance(0.3),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_stays_within_typical_durations_unless_it_says_otherwise() {
        let models = regie_domain::phase::builtin_models();
        for s in SCRIPT {
            let model = models.iter().find(|m| m.code == s.model).expect("a built-in model");
            let phase = model.phase_at(s.position).expect("a phase of the model");
            let typical = phase.typical_days.expect("typical duration");
            assert!(s.days_in_phase.0 <= s.days_in_phase.1);
            if !s.profile.overrun {
                assert!(s.days_in_phase.1 <= typical, "{} {}", s.model, s.position);
            } else if !s.profile.over_cap {
                assert!(s.days_in_phase.0 > typical, "{} {}", s.model, s.position);
            }
            assert!(s.rounds == 0 || model.cyclic);
        }
        let models_used: std::collections::HashSet<_> = SCRIPT[..16].iter().map(|s| s.model).collect();
        assert!(models_used.len() >= 4);
    }
}
