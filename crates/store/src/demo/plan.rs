//! The plan of one trajectory and its history: goals and actions are made, move, and are
//! evaluated in time order, and every change is kept in the JSON shape the plan history replays.

use super::batch::{at, next, office, ClientRows};
use super::names::NETWORK;
use super::notes::GENERIC_ACTIONS;
use super::org::{Generator, Person};
use super::profile::{Aim, Profile};
use super::domains::{theme_of, Owner};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use regie_domain::plan::{Action, Goal, PerspectiveItem, PlanSnapshot};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// What the plan simulation of one client needs to know.
pub(super) struct PlanCtx {
    pub(super) client_id: i64,
    pub(super) trajectory_id: i64,
    pub(super) owner: Person,
    pub(super) colleagues: Vec<Person>,
    pub(super) client_name: String,
    pub(super) client_first: &'static str,
    /// Today, or the day a closed trajectory ended.
    pub(super) horizon: NaiveDate,
    pub(super) closed: bool,
    pub(super) interval: i64,
    pub(super) profile: Profile,
    /// When the plan was made, if it has been.
    pub(super) plan_on: Option<NaiveDate>,
    /// The life domains goals are chosen from (CTI: the focus domains).
    pub(super) domains: Vec<&'static str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Ev {
    Action { index: usize, status: &'static str },
    Evaluation { last: bool },
}

/// What happens to the plan, in time order.
#[derive(Default)]
pub(super) struct Queue {
    heap: BinaryHeap<Reverse<(DateTime<Utc>, u64, Ev)>>,
    seq: u64,
}

impl Queue {
    pub(super) fn push(&mut self, when: DateTime<Utc>, ev: Ev) {
        self.heap.push(Reverse((when, self.seq, ev)));
        self.seq += 1;
    }

    fn pop(&mut self) -> Option<(DateTime<Utc>, Ev)> {
        self.heap.pop().map(|Reverse((when, _, ev))| (when, ev))
    }
}

#[derive(Debug, Clone)]
pub(super) struct GoalState {
    pub(super) goal: Goal,
    pub(super) since: NaiveDate,
    pub(super) closed: Option<NaiveDate>,
}

/// Which plan item a kept change is about.
pub(super) enum Kept {
    Perspective(usize),
    Goal(usize),
    Action(usize),
}

pub(super) struct Change {
    pub(super) entity: &'static str,
    pub(super) entity_id: i64,
    pub(super) version: i64,
    pub(super) op: &'static str,
    pub(super) at: DateTime<Utc>,
    pub(super) by: i64,
    pub(super) data: String,
}

/// The plan of one trajectory as it develops, with every change kept.
#[derive(Default)]
pub(super) struct Sim {
    pub(super) perspective: Vec<PerspectiveItem>,
    pub(super) goals: Vec<GoalState>,
    pub(super) actions: Vec<Action>,
    pub(super) changes: Vec<Change>,
    pub(super) by: i64,
    /// The day of the latest evaluation held.
    pub(super) last_evaluation: Option<NaiveDate>,
    /// The days evaluations were held, oldest first (the demo's ZRM measurements follow them).
    pub(super) evaluations: Vec<NaiveDate>,
    /// Network members who came to an evaluation, with its day.
    pub(super) guests: Vec<(String, NaiveDate)>,
}

impl Sim {
    /// Keeps the item as it is now, in the JSON shape the plan history replays.
    pub(super) fn log(&mut self, item: Kept, op: &'static str, when: DateTime<Utc>) {
        let (entity, entity_id, version, data) = match item {
            Kept::Perspective(i) => {
                let p = &self.perspective[i];
                ("perspective", p.id, p.version, serde_json::to_string(p))
            }
            Kept::Goal(i) => {
                let g = &self.goals[i].goal;
                let mut v = serde_json::to_value(g).unwrap_or_default();
                if let Some(o) = v.as_object_mut() {
                    o.remove("actions");
                }
                ("goal", g.id, g.version, serde_json::to_string(&v))
            }
            Kept::Action(i) => {
                let a = &self.actions[i];
                ("action", a.id, a.version, serde_json::to_string(a))
            }
        };
        self.changes.push(Change { entity, entity_id, version, op, at: when, by: self.by, data: data.unwrap_or_default() });
    }

    pub(super) fn snapshot(&self) -> PlanSnapshot {
        regie_domain::plan::assemble(
            self.perspective.clone(),
            self.goals.iter().map(|g| g.goal.clone()).collect(),
            self.actions.clone(),
        )
    }

    fn pending(&self, index: usize) -> bool {
        matches!(self.actions[index].status.as_str(), "open" | "bezig")
    }
}

impl Generator {
    /// Makes the plan on `plan_on` and plays its life up to the horizon: actions move, evaluations
    /// are held (with a snapshot and a verdict per goal) and their decisions change goals.
    /// Returns the next planned evaluation.
    pub(super) fn plan(&mut self, ctx: &PlanCtx, sim: &mut Sim, plan_on: NaiveDate, b: &mut ClientRows) -> Option<NaiveDate> {
        let n_goals = if ctx.domains.len() <= 3 { self.rng.range(2, 3) } else { self.rng.range(2, 5) };
        let mut pool = ctx.domains.clone();
        let created = at(plan_on, 11 * 3600 + self.rng.range(0, 1800));
        let mut queue = Queue::default();
        for priority in 1..=n_goals {
            let domain = if pool.len() > 1 || priority == 1 {
                let d = self.weighted_domain(&pool);
                if pool.len() > 1 {
                    pool.retain(|x| *x != d);
                }
                d
            } else {
                pool[0]
            };
            self.new_goal(ctx, sim, domain, priority, created + Duration::seconds(priority * 40), &mut queue);
        }
        let (held, next_evaluation) = self.evaluation_dates(ctx, plan_on);
        let n = held.len();
        for (k, d) in held.into_iter().enumerate() {
            let last = ctx.closed && k + 1 == n;
            queue.push(at(d, 14 * 3600 + self.rng.range(0, 7200)), Ev::Evaluation { last });
        }

        while let Some((when, ev)) = queue.pop() {
            match ev {
                Ev::Action { index, status } => {
                    let goal = sim.actions[index].goal_id;
                    let closed = sim.goals.iter().find(|g| g.goal.id == goal).and_then(|g| g.closed);
                    if closed.is_some_and(|c| c <= when.date_naive()) || !sim.pending(index) {
                        continue;
                    }
                    sim.actions[index].status = status.into();
                    sim.actions[index].version += 1;
                    sim.log(Kept::Action(index), "update", when);
                }
                Ev::Evaluation { last } => self.evaluation(ctx, sim, when, last, &mut queue, b),
            }
        }
        if ctx.profile.overdue_actions && !ctx.closed {
            self.slipped_action(ctx, sim, plan_on);
        }
        next_evaluation
    }

    /// The days evaluations were held, and the next planned one. A closed trajectory was
    /// evaluated about every interval and once more at its end. For an active one the next
    /// date follows the profile (due, overdue, or well ahead), and the ones held lie an
    /// interval apart before it.
    fn evaluation_dates(&mut self, ctx: &PlanCtx, plan_on: NaiveDate) -> (Vec<NaiveDate>, Option<NaiveDate>) {
        let days = Duration::days;
        let interval = ctx.interval;
        let today = ctx.horizon;
        if ctx.closed {
            let mut held = Vec::new();
            let mut e = plan_on + days(interval + self.rng.range(-7, 7));
            while e < today - days(14) {
                held.push(e);
                e += days(interval + self.rng.range(-5, 5));
            }
            held.push(today);
            return (held, None);
        }
        let age = (today - plan_on).num_days();
        // A plan younger than two months has no evaluation due yet.
        let aim = match ctx.profile.evaluation {
            Aim::Due(..) | Aim::Overdue(..) if age < 60 => Aim::Calm,
            aim => aim,
        };
        let next = match aim {
            Aim::Due(lo, hi) => today + days(self.rng.range(lo, hi)),
            Aim::Overdue(lo, hi) => today - days(self.rng.range(lo, hi)),
            Aim::Calm if age < interval - 21 => (plan_on + days(interval + self.rng.range(-7, 7))).max(today + days(15)),
            Aim::Calm => today + days(self.rng.range(15, (interval - 14).max(15))),
        };
        let mut held = Vec::new();
        for k in 1.. {
            let e = next - days(k * interval + self.rng.range(-5, 5));
            if e < plan_on + days(21) {
                break;
            }
            held.push(e);
        }
        held.reverse();
        (held, Some(next))
    }

    /// A goal in `domain` (a goal text not yet in this plan) with one to four actions.
    pub(super) fn new_goal(&mut self, ctx: &PlanCtx, sim: &mut Sim, domain: &'static str, priority: i64, when: DateTime<Utc>, queue: &mut Queue) {
        let theme = theme_of(domain);
        let free = theme.goals.iter().filter(|t| !sim.goals.iter().any(|g| g.goal.text == **t)).count();
        let text = if free == 0 {
            *self.rng.pick(theme.goals)
        } else {
            let k = self.rng.range(0, free as i64 - 1) as usize;
            theme.goals.iter().filter(|t| !sim.goals.iter().any(|g| g.goal.text == **t)).nth(k).copied().unwrap_or(theme.goals[0])
        };
        let since = when.date_naive();
        let target = self.rng.chance(0.6).then(|| since + Duration::days(self.rng.range(90, 365)));
        let goal = Goal {
            id: next(&mut self.ids.goal),
            domain: domain.to_string(),
            text: text.to_string(),
            priority,
            target_date: target,
            status: "actief".into(),
            version: 1,
            actions: Vec::new(),
        };
        sim.goals.push(GoalState { goal, since, closed: None });
        let index = sim.goals.len() - 1;
        sim.log(Kept::Goal(index), "create", when);
        for k in 0..self.rng.range(1, 4) {
            self.new_action(ctx, sim, index, when + Duration::seconds(5 + k * 20), queue, None);
        }
    }

    /// An action under goal `goal` that this goal does not have yet, with an owner that fits it,
    /// and its future as events: started, done or dropped. Actions whose due date has passed by
    /// the horizon are done or dropped unless the profile lets actions slip. With `slipped`
    /// the action is due on that day and stays open. Returns its index, if one was made.
    pub(super) fn new_action(
        &mut self,
        ctx: &PlanCtx,
        sim: &mut Sim,
        goal: usize,
        when: DateTime<Utc>,
        queue: &mut Queue,
        slipped: Option<NaiveDate>,
    ) -> Option<usize> {
        let goal_id = sim.goals[goal].goal.id;
        let theme = theme_of(&sim.goals[goal].goal.domain);
        let taken = |t: &str| sim.actions.iter().any(|a| a.goal_id == goal_id && a.text == t);
        let free = theme.actions.iter().filter(|(t, _)| !taken(t)).count();
        let (text, owner) = if free > 0 {
            let k = self.rng.range(0, free as i64 - 1) as usize;
            theme.actions.iter().filter(|(t, _)| !taken(t)).nth(k).copied()?
        } else if slipped.is_some() {
            (*GENERIC_ACTIONS.iter().find(|t| !taken(t))?, Owner::Worker)
        } else {
            return None;
        };
        let (owner_kind, owner_user_id, owner_name) = match owner {
            Owner::Client => ("client", None, ctx.client_name.clone()),
            Owner::Worker => {
                let p = if !ctx.colleagues.is_empty() && self.rng.chance(0.35) { self.rng.pick(&ctx.colleagues).clone() } else { ctx.owner.clone() };
                ("medewerker", Some(p.id), p.name)
            }
            Owner::Network => ("netwerk", None, self.rng.pick(NETWORK).to_string()),
            Owner::Outside(party) => ("extern", None, party.to_string()),
        };
        let created = when.date_naive();
        let due = match slipped {
            Some(d) => Some(d),
            None => self.rng.chance(0.9).then(|| created + Duration::days(self.rng.range(10, 100))),
        };
        sim.actions.push(Action {
            id: next(&mut self.ids.action),
            goal_id,
            text: text.to_string(),
            owner_kind: owner_kind.into(),
            owner_user_id,
            owner_name,
            due_date: due,
            status: "open".into(),
            version: 1,
        });
        let index = sim.actions.len() - 1;
        sim.log(Kept::Action(index), "create", when);
        if slipped.is_some() {
            return Some(index);
        }

        // Its future: started, done, dropped, or still waiting.
        let horizon = ctx.horizon;
        let span = (horizon - created).num_days().max(1);
        let deadline = due.unwrap_or(created + Duration::days(60));
        let mut push = |rng: &mut regie_domain::rng::Rng, d: NaiveDate, status: &'static str| {
            let d = d.min(horizon).max(created);
            let mut moment = office(rng, d);
            if moment <= when {
                moment = when + Duration::seconds(60);
            }
            queue.push(moment, Ev::Action { index, status });
        };
        let r = self.rng.range(0, 99);
        let to_deadline = (deadline - created).num_days();
        if due.is_some_and(|d| d < horizon) {
            // Past due by now. It slips only for a client whose actions slip, and only lately.
            let slips = ctx.profile.overdue_actions && !ctx.closed && deadline + Duration::days(60) >= horizon && r < 50;
            if slips {
                if r < 25 {
                    let d = created + Duration::days(self.rng.range(0, span));
                    push(&mut self.rng, d, "bezig");
                }
                return Some(index);
            }
            if self.rng.chance(0.5) {
                let d = created + Duration::days(self.rng.range(1, to_deadline.max(2)));
                push(&mut self.rng, d, "bezig");
            }
            if r < 85 {
                let d = created + Duration::days(self.rng.range(2, (to_deadline + 14).max(3)));
                push(&mut self.rng, d, "gedaan");
            } else {
                let d = deadline + Duration::days(self.rng.range(0, 14));
                push(&mut self.rng, d, "vervallen");
            }
        } else {
            if r >= 35 {
                let d = created + Duration::days(self.rng.range(0, span));
                push(&mut self.rng, d, "bezig");
            }
            if r >= 80 {
                let d = created + Duration::days(self.rng.range(0, span));
                push(&mut self.rng, d, "gedaan");
            }
        }
        Some(index)
    }

    /// For a client whose actions slip: an action agreed after the latest evaluation, due a
    /// week or more ago and still open, on one of the active goals.
    fn slipped_action(&mut self, ctx: &PlanCtx, sim: &mut Sim, plan_on: NaiveDate) {
        let horizon = ctx.horizon;
        let base = sim.last_evaluation.unwrap_or(plan_on).max(plan_on);
        let span = (horizon - base).num_days();
        let active: Vec<usize> = (0..sim.goals.len()).filter(|g| sim.goals[*g].goal.status == "actief").collect();
        if span < 16 || active.is_empty() {
            return;
        }
        let goal = *self.rng.pick(&active);
        let created = base + Duration::days(self.rng.range(1, (span - 15).min(30)));
        let due = created + Duration::days(self.rng.range(7, (horizon - created).num_days().min(35) - 1));
        let when = office(&mut self.rng, created);
        let mut queue = Queue::default();
        if let Some(index) = self.new_action(ctx, sim, goal, when, &mut queue, Some(due)) {
            if self.rng.chance(0.5) {
                sim.actions[index].status = "bezig".into();
                sim.actions[index].version += 1;
                sim.log(Kept::Action(index), "update", when + Duration::days(self.rng.range(1, 5)));
            }
        }
    }
}
