//! The demo's ZRM measurements by the worker, taken when Regie's due rule
//! (`regie_domain::instrument::due`) asks for one: a first one in the first weeks, one on or a few
//! days after each evaluation, at each phase of Competentiegericht begeleiden, on entering the
//! last phase of a model that ends, near a CTI trajectory's hard end, and at the end of a closed
//! trajectory. Most clients are measured on time; a realistic minority of the other active
//! trajectories has its latest measurement still to do, so the caseload shows a few "ZRM due"
//! and "ZRM overdue" signals; on begeleider@'s scripted caseload only the client nobody has
//! seen for weeks (its calm clients stay calm).
//!
//! The levels move from where the client began to where they end up: each domain changes at
//! its own moment, so a measurement midway shows part of the change. The client's own score
//! sits beside the latest worker score for about a third. The outcome pairs (first and last
//! worker measurement per version) and their totals are written with them.

use super::{Course, OutcomeCtx, ZRM2013, ZRM2017};
use crate::demo::batch::{day, office, stamp, ClientRows, V};
use crate::demo::org::Generator;
use crate::demo::plan::Change;
use chrono::{Duration, NaiveDate};
use regie_domain::instrument::due::{PHASE_MEASURED_MODELS, ZRM_INTAKE_DAYS};
use regie_domain::rng::Rng;

/// Id stride of measurements per trajectory: at most this many, the last slot for the client's
/// own score.
const STRIDE: i64 = 32;
/// Days between the conversation that asks for a measurement and the scoring (lowest, highest).
const DELAY: (i64, i64) = (0, 6);
/// Share of the unscripted active trajectories whose latest asked-for measurement is not done.
const BEHIND: f64 = 0.08;

/// A worker measurement as written: id, day, instrument version and (domain, level) scores.
pub(super) struct Scored {
    id: i64,
    on: NaiveDate,
    instrument: &'static str,
    scores: Vec<(&'static str, Option<i64>)>,
}

impl Generator {
    /// The worker's measurements of one trajectory, and sometimes the client's own score.
    pub(super) fn measurements(&mut self, rng: &mut Rng, o: &OutcomeCtx, focus: &[&'static str], course: Course, b: &mut ClientRows) {
        let p = o.record.plan;
        let started = o.record.started;
        let span = (p.horizon - started).num_days();
        if span < 10 {
            return;
        }
        // Which version: most use ZRM 2017; some teams' trajectories still the 2010/2013 version,
        // and a few switched after the first measurement (no pair on 2013 then).
        let version = match rng.range(0, 99) {
            0..=11 => "zrm2013",
            12..=13 => "switch",
            _ => "zrm2017",
        };
        // Levels on the 2017 domains at the start and at the end, and when each one changes
        // (as a share of the time between the first and the last measurement).
        let begin: Vec<i64> = ZRM2017.iter().map(|d| baseline(rng, d, focus.contains(d))).collect();
        let end: Vec<i64> = ZRM2017.iter().zip(&begin).map(|(d, l)| (l + change(rng, course, focus.contains(d))).clamp(1, 5)).collect();
        let turn: Vec<i64> = ZRM2017.iter().map(|_| rng.range(1, 100)).collect();

        let days = self.measurement_days(rng, o, span);
        let (first, last) = match (days.first(), days.last()) {
            (Some(f), Some(l)) => (f.0, l.0),
            _ => return,
        };
        let mut worker: Vec<Scored> = Vec::with_capacity(days.len());
        for (k, (on, moment)) in days.iter().enumerate() {
            let share = if last > first { (*on - first).num_days() * 100 / (last - first).num_days() } else { 0 };
            let levels: Vec<i64> = (0..ZRM2017.len())
                .map(|d| match k {
                    0 => begin[d],
                    _ if k + 1 == days.len() => end[d],
                    _ if share >= turn[d] => end[d],
                    _ => begin[d],
                })
                .collect();
            let instrument = match version {
                "switch" if k == 0 => "zrm2013",
                "switch" => "zrm2017",
                v => v,
            };
            let scored: Vec<Option<i64>> = levels.iter().map(|l| (!rng.chance(0.05)).then_some(*l)).collect();
            let id = p.trajectory_id * STRIDE + k as i64;
            let scores = self.measurement(rng, o, id, instrument, "begeleider", *on, moment, &scored, b);
            worker.push(Scored { id, on: *on, instrument, scores });
            // The client's own score, next to the latest worker score for about a third.
            if k + 1 == days.len() && rng.chance(0.33) {
                let own: Vec<Option<i64>> = levels
                    .iter()
                    .map(|l| {
                        let offset = match rng.range(0, 99) {
                            0..=54 => 0,
                            55..=81 => 1,
                            82..=89 => -1,
                            90..=95 => 2,
                            _ => -2,
                        };
                        (!rng.chance(0.05)).then_some((l + offset).clamp(1, 5))
                    })
                    .collect();
                self.measurement(rng, o, p.trajectory_id * STRIDE + STRIDE - 1, instrument, "client", *on, moment, &own, b);
            }
        }
        pairs(p.trajectory_id, &mut worker, b);
    }

    /// The days the worker measured, with the moment: after each occasion the due rule asks for
    /// one (a few days later at most; an occasion already covered by the previous measurement
    /// asks nothing new), up to the trajectory's horizon.
    fn measurement_days(&mut self, rng: &mut Rng, o: &OutcomeCtx, span: i64) -> Vec<(NaiveDate, &'static str)> {
        let (p, model, started) = (o.record.plan, o.record.model, o.record.started);
        let mut asks: Vec<(NaiveDate, &'static str)> = vec![(started + Duration::days(rng.range(5, span.min(30))), "begin")];
        asks.extend(o.record.sim.evaluations.iter().map(|e| (*e, "tussen")));
        let last_position = model.phases.iter().map(|x| x.position).max().unwrap_or(1);
        let per_phase = PHASE_MEASURED_MODELS.contains(&model.code.as_str());
        for (position, entered) in o.phases.0.iter().zip(o.phases.1) {
            if (per_phase && *position > 1) || (!model.cyclic && *position == last_position) {
                asks.push((*entered, if *position == last_position { "eind" } else { "midden" }));
            }
        }
        if let Some(max) = model.max_days {
            asks.push((started + Duration::days(max - ZRM_INTAKE_DAYS), "eind"));
        }
        if p.closed {
            asks.push((p.horizon, "eind"));
        }
        asks.retain(|(d, _)| *d <= p.horizon);
        asks.sort_by_key(|(d, _)| *d);

        // Closed trajectories and begeleider@'s scripted clients are measured on time, except
        // the scripted client nobody has seen for weeks; the others now and then not yet
        // (still within the grace days when it was asked lately).
        let silent = o.record.scripted.is_some() && p.profile.silent_days.is_some() && !p.closed;
        let on_time = (o.record.scripted.is_some() || p.closed) && !silent;
        let mut days: Vec<(NaiveDate, &'static str)> = Vec::new();
        for (ask, moment) in asks {
            if let Some(prev) = days.last_mut().filter(|(d, _)| *d >= ask) {
                if moment == "eind" {
                    prev.1 = "eind";
                }
                continue;
            }
            let on = ask + Duration::days(rng.range(DELAY.0, DELAY.1));
            match on <= p.horizon {
                true => days.push((on, if days.is_empty() { "begin" } else { moment })),
                false if on_time => days.push((p.horizon, if days.is_empty() { "begin" } else { moment })),
                false => {}
            }
        }
        let behind = silent || (!on_time && rng.chance(BEHIND));
        // A closed trajectory now and then ended without its final measurement.
        if days.len() > 1 && (behind || (p.closed && rng.chance(0.08))) {
            days.pop();
        }
        while days.len() > (STRIDE - 1) as usize {
            days.remove(1);
        }
        days
    }

    /// One measurement with its scores and kept change; returns the scores (domain, level).
    #[allow(clippy::too_many_arguments)]
    fn measurement(
        &mut self,
        rng: &mut Rng,
        o: &OutcomeCtx,
        id: i64,
        instrument: &'static str,
        rater: &'static str,
        on: NaiveDate,
        moment: &'static str,
        levels: &[Option<i64>],
        b: &mut ClientRows,
    ) -> Vec<(&'static str, Option<i64>)> {
        let p = o.record.plan;
        let when = office(rng, on.min(p.horizon));
        let sources = if rater == "client" { "client" } else if rng.chance(0.3) { "client,collegas,registratie" } else { "client,registratie" };
        b.outcomes.measurements.row([
            V::I(id),
            V::I(p.client_id),
            V::I(p.trajectory_id),
            V::T(instrument),
            V::T(rater),
            day(on),
            V::T(moment),
            V::T(sources),
            V::I(p.owner.id),
            stamp(when),
            V::I(1),
        ]);
        let codes: Vec<&'static str> = if instrument == "zrm2013" { ZRM2013.iter().map(|(c, _)| *c).collect() } else { ZRM2017.to_vec() };
        let mut scores = Vec::with_capacity(codes.len());
        let mut out = Vec::with_capacity(codes.len());
        for (c, code) in codes.iter().enumerate() {
            // A 2013 domain takes the level of the 2017 domain it maps onto.
            let k17 = if instrument == "zrm2013" { ZRM2017.iter().position(|d| *d == ZRM2013[c].1).unwrap_or(0) } else { c };
            let level = levels[k17];
            b.outcomes.scores.row([V::I(id), V::T(code), V::NI(level)]);
            out.push((*code, level));
            scores.push(serde_json::json!({ "domain": code, "level": level, "note": "" }));
        }
        let data = serde_json::json!({
            "id": id, "trajectory_id": p.trajectory_id, "instrument": instrument, "supplements": [], "rater": rater,
            "measured_on": crate::time::day(on), "moment": moment, "sources": sources.split(',').collect::<Vec<_>>(),
            "by_user_id": p.owner.id, "by_name": p.owner.name, "version": 1, "scores": scores,
        });
        let ch = Change { entity: "measurement", entity_id: id, version: 1, op: "create", at: when, by: p.owner.id, data: data.to_string() };
        self.keep(p, Some(p.trajectory_id), &ch, b);
        out
    }
}

/// The trajectory's outcome pairs and totals (`outcome_pairs`, `outcome_totals`, derived data),
/// exactly as the store recomputes them (`crate::outcomes_sql::pairs_select`, `totals_select`):
/// per instrument version with two or more worker measurements, the first and the last by day
/// then id, per domain scored in both; and their sums.
fn pairs(trajectory_id: i64, worker: &mut [Scored], b: &mut ClientRows) {
    worker.sort_by(|x, y| (x.instrument, x.on, x.id).cmp(&(y.instrument, y.on, y.id)));
    for group in worker.chunk_by(|x, y| x.instrument == y.instrument) {
        let (Some(first), Some(last)) = (group.first(), group.last()) else { continue };
        if group.len() < 2 {
            continue;
        }
        let (mut sum_first, mut sum_last, mut k) = (0, 0, 0);
        for (domain, a) in &first.scores {
            let z = last.scores.iter().find(|(d, _)| d == domain).and_then(|(_, l)| *l);
            if let (Some(a), Some(z)) = (a, z) {
                b.outcomes.pairs.row([V::I(trajectory_id), V::T(first.instrument), V::T(domain), V::I(*a), V::I(z), day(last.on)]);
                (sum_first, sum_last, k) = (sum_first + a, sum_last + z, k + 1);
            }
        }
        if k > 0 {
            b.outcomes.totals.row([V::I(trajectory_id), V::T(first.instrument), V::I(sum_first), V::I(sum_last), V::I(k), day(last.on)]);
        }
    }
}

/// A level at the start: low on the domains the trajectory works on, higher elsewhere; justice
/// and substance use are seldom a problem.
fn baseline(rng: &mut Rng, domain: &str, focus: bool) -> i64 {
    let r = rng.range(0, 99);
    if focus {
        match r {
            0..=14 => 1,
            15..=54 => 2,
            55..=89 => 3,
            _ => 4,
        }
    } else if domain == "zrm_justitie" || domain == "zrm_middelen" {
        match r {
            0..=4 => 2,
            5..=14 => 3,
            15..=34 => 4,
            _ => 5,
        }
    } else {
        match r {
            0..=2 => 1,
            3..=14 => 2,
            15..=44 => 3,
            45..=79 => 4,
            _ => 5,
        }
    }
}

/// The change of one domain from begin to end.
fn change(rng: &mut Rng, course: Course, focus: bool) -> i64 {
    let r = rng.range(0, 99);
    match (course, focus) {
        (Course::Improves, true) => match r {
            0..=29 => 0,
            30..=84 => 1,
            85..=94 => 2,
            _ => -1,
        },
        (Course::Improves, false) => match r {
            0..=79 => 0,
            80..=92 => 1,
            _ => -1,
        },
        (Course::Stable, _) => match r {
            0..=84 => 0,
            85..=92 => 1,
            _ => -1,
        },
        (Course::Declines, true) => match r {
            0..=34 => -1,
            35..=39 => -2,
            40..=84 => 0,
            _ => 1,
        },
        (Course::Declines, false) => match r {
            0..=17 => -1,
            18..=89 => 0,
            _ => 1,
        },
    }
}
