//! The parts of a client's record around the plan: the methods used in the trajectory, the
//! strengths inventory (`strengths`) and the network (`network`), each with its kept changes in
//! exactly the shapes the store writes them (see `crate::methods`, `crate::strengths`,
//! `crate::network`), so history and "as it was" pages work on demo data.
//!
//! These parts draw from their own random generator, seeded per client from N and the client's
//! number: the rest of the demo (names, plans, journals, and so the caseload's signals) comes out
//! exactly as without them, and the content still depends only on N and today.

use super::batch::{at, day, next, office, stamp, ClientRows, V};
use super::domains::DOMAIN_WEIGHTS;
use super::org::Generator;
use super::plan::{Change, PlanCtx, Sim};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use regie_domain::phase::PhaseModel;
use regie_domain::rng::Rng;

/// Entity code of a method used in a trajectory (as `crate::methods` writes it).
const ENTITY_METHOD: &str = "trajectory_method";

/// What the record parts of one client need besides the plan.
pub(super) struct RecordCtx<'a> {
    pub(super) plan: &'a PlanCtx,
    pub(super) sim: &'a Sim,
    pub(super) model: &'a PhaseModel,
    pub(super) started: NaiveDate,
    /// The client's place in begeleider@'s script, if any.
    pub(super) scripted: Option<usize>,
}

impl Generator {
    /// Methods, strengths and network of client `i`.
    pub(super) fn record(&mut self, i: usize, ctx: &RecordCtx, b: &mut ClientRows) {
        let seed = Rng::new(0x5245_434F_5244_0000 ^ ((self.n as u64) << 32) ^ i as u64).next_u64();
        let mut rng = Rng::new(seed);
        let members = self.network(&mut rng, ctx, b);
        self.strengths(&mut rng, ctx, b);
        self.methods(&mut rng, ctx, members, b);
    }

    /// The method of the trajectory's phase model from the start, and for some clients a second
    /// method that fits what their case shows, added once the plan stands.
    fn methods(&mut self, rng: &mut Rng, ctx: &RecordCtx, members: usize, b: &mut ClientRows) {
        let (p, started) = (ctx.plan, ctx.started);
        let own = ctx.model.code.as_str();
        let first = at(started, 9 * 3600 + rng.range(0, 3600));
        if regie_domain::methods::method(own).is_some() {
            self.method_use(p, own, started, first, b);
        }
        let has = |prefixes: &[&str]| ctx.sim.goals.iter().any(|g| prefixes.iter().any(|d| g.goal.domain.ends_with(d)));
        let (chance, fitting): (f64, &[&'static str]) = if members <= 1 {
            (0.6, &["vrijwillige-netwerkcoach", "vriendendiensten"])
        } else if members >= 5 {
            (0.2, &["sns", "eigen-kracht-conferentie"])
        } else if has(&["_geestelijk", "_psychisch"]) {
            (0.3, &["herstellen-doe-je-zelf", "oplossingsgericht-werken"])
        } else if has(&["_werk"]) {
            (0.3, &["irb", "oplossingsgericht-werken"])
        } else {
            (0.25, &["oplossingsgericht-werken", "werken-met-verhalen"])
        };
        if !rng.chance(chance) {
            return;
        }
        let code = *rng.pick(fitting);
        if code == own || regie_domain::methods::method(code).is_none() {
            return;
        }
        let on = (p.plan_on.unwrap_or(started) + Duration::days(rng.range(0, 60))).min(p.horizon).max(started);
        let when = office(rng, on).max(first + Duration::seconds(60));
        self.method_use(p, code, on, when, b);
    }

    fn method_use(&mut self, p: &PlanCtx, code: &str, on: NaiveDate, when: DateTime<Utc>, b: &mut ClientRows) {
        b.methods.row([V::I(p.trajectory_id), V::S(code.to_string()), day(on), V::I(p.owner.id)]);
        let data = serde_json::json!({
            "trajectory_id": p.trajectory_id,
            "method_code": code,
            "added_on": crate::time::day(on),
            "added_by": p.owner.id,
        });
        let change = Change { entity: ENTITY_METHOD, entity_id: p.trajectory_id, version: 1, op: "create", at: when, by: p.owner.id, data: data.to_string() };
        self.keep(p, Some(p.trajectory_id), &change, b);
        self.stats.methods += 1;
    }

    /// Writes one kept change of the client's record.
    pub(super) fn keep(&mut self, p: &PlanCtx, trajectory_id: Option<i64>, ch: &Change, b: &mut ClientRows) {
        let id = next(&mut self.ids.change);
        b.changes.row([
            V::I(id),
            V::I(p.client_id),
            V::NI(trajectory_id),
            V::T(ch.entity),
            V::I(ch.entity_id),
            V::I(ch.version),
            V::T(ch.op),
            stamp(ch.at),
            V::I(ch.by),
            V::S(ch.data.clone()),
        ]);
        self.stats.changes += 1;
    }
}

/// A domain from `pool` with the generator `rng`, the common ones (housing, money) more often.
pub(super) fn weighted(rng: &mut Rng, pool: &[&'static str]) -> &'static str {
    let weight = |d: &str| DOMAIN_WEIGHTS.iter().find(|(c, _)| *c == d).map(|(_, w)| *w).unwrap_or(1);
    let total: i64 = pool.iter().map(|d| weight(d)).sum();
    let mut r = rng.range(0, total.max(1) - 1);
    for d in pool {
        if r < weight(d) {
            return d;
        }
        r -= weight(d);
    }
    pool[0]
}

/// A moment on a random day after `from` (at least a day later) up to `horizon`, if there is room.
pub(super) fn later(rng: &mut Rng, from: NaiveDate, horizon: NaiveDate, min_days: i64) -> Option<DateTime<Utc>> {
    let span = (horizon - from).num_days();
    if span < min_days {
        return None;
    }
    let d = from + Duration::days(rng.range(min_days, span));
    Some(office(rng, d))
}
