//! Contacts with the client: the journal, and the evaluations where goals get a verdict and a
//! decision.

use super::batch::{day, next, office, stamp, ClientRows, V};
use super::names::NETWORK;
use super::notes::{
    openers, CLOSING_NOTES, EVALUATION_NOTES, JOURNAL_CLOSING, JOURNAL_GENERAL, JOURNAL_PLAN, JOURNAL_START, JOURNAL_TAILS, PERSPECTIVE, VERDICT_ACHIEVED,
    VERDICT_NOT, VERDICT_PARTLY,
};
use super::org::Generator;
use super::plan::{Kept, PlanCtx, Queue, Sim};
use super::domains::theme_of;
use chrono::{DateTime, Duration, NaiveDate, Utc};

/// Most journal entries per client.
const MAX_ENTRIES: usize = 30;

impl Generator {
    /// The journal: a contact every one to two weeks since the start, the latest
    /// [`MAX_ENTRIES`] at most. The last contact is recent unless the profile says the client
    /// has not been seen for a while.
    pub(super) fn journal(&mut self, ctx: &PlanCtx, sim: &Sim, started: NaiveDate, b: &mut ClientRows) {
        let age = (ctx.horizon - started).num_days().max(0);
        let gap = match ctx.profile.silent_days {
            Some((lo, hi)) if !ctx.closed => self.rng.range(lo, hi),
            _ => self.rng.range(0, age.min(9)),
        };
        let mut d = ctx.horizon - Duration::days(gap);
        let mut dates = Vec::new();
        while d >= started && dates.len() < MAX_ENTRIES {
            dates.push(d);
            d -= Duration::days(self.rng.range(5, 16));
        }
        dates.reverse();
        // Lines already written for this client: each is used once while others are left.
        let mut used: Vec<&'static str> = Vec::new();
        for d in dates {
            self.journal_entry(ctx, sim, d, &mut used, b);
        }
    }

    /// One line of `pool` not in `used` (and marks it used), if any is left.
    fn fresh(&mut self, pool: &'static [&'static str], used: &mut Vec<&'static str>) -> Option<&'static str> {
        let free = pool.iter().filter(|t| !used.contains(t)).count();
        if free == 0 {
            return None;
        }
        let k = self.rng.range(0, free as i64 - 1) as usize;
        let line = pool.iter().filter(|t| !used.contains(t)).nth(k).copied()?;
        used.push(line);
        Some(line)
    }

    /// A journal entry on `d`: how the contact went (opener by contact type), what it was
    /// about (the goals it is linked to, else the stage of the trajectory), sometimes a closing
    /// remark.
    fn journal_entry(&mut self, ctx: &PlanCtx, sim: &Sim, d: NaiveDate, used: &mut Vec<&'static str>, b: &mut ClientRows) {
        let id = next(&mut self.ids.journal);
        let contact = match self.rng.range(0, 99) {
            0..=34 => "huisbezoek",
            35..=64 => "gesprek",
            65..=84 => "telefonisch",
            85..=93 => "beeldbellen",
            _ => "mdo",
        };
        // The goals this contact was about.
        let live: Vec<usize> = (0..sim.goals.len()).filter(|g| sim.goals[*g].since <= d && sim.goals[*g].closed.is_none_or(|c| c >= d)).collect();
        let mut linked: Vec<usize> = Vec::new();
        if !live.is_empty() {
            let k = self.rng.range(0, 2.min(live.len() as i64));
            let offset = self.rng.range(0, live.len() as i64 - 1) as usize;
            linked.extend((0..k as usize).map(|j| live[(offset + j) % live.len()]));
        }
        let starting = ctx.plan_on.is_none_or(|p| d < p);
        let stage: &'static [&'static str] = if starting {
            JOURNAL_START
        } else if ctx.closed && d + Duration::days(40) > ctx.horizon {
            JOURNAL_CLOSING
        } else if self.rng.chance(0.3) {
            JOURNAL_PLAN
        } else {
            JOURNAL_GENERAL
        };
        // What it was about: the linked goals' domains, else the stage, else any of the plan's
        // domains; a line is used once per client, and when all are used the entry stays short.
        let mut parts: Vec<&'static str> = vec![*self.rng.pick(openers(contact))];
        let mut pools: Vec<&'static [&'static str]> = linked.iter().map(|g| theme_of(&sim.goals[*g].goal.domain).journal).collect();
        pools.push(stage);
        pools.extend(sim.goals.iter().filter(|g| g.since <= d).map(|g| theme_of(&g.goal.domain).journal));
        pools.push(JOURNAL_GENERAL);
        for (k, pool) in pools.into_iter().enumerate() {
            // The first contacts follow the usual order: getting acquainted comes first.
            let line = if starting && k == linked.len() { first_unused(pool, used) } else { self.fresh(pool, used) };
            if let Some(line) = line {
                parts.push(line);
                break;
            }
        }
        if linked.len() > 1 && self.rng.chance(0.3) {
            if let Some(line) = self.fresh(theme_of(&sim.goals[linked[1]].goal.domain).journal, used) {
                parts.push(line);
            }
        }
        if self.rng.chance(0.5) {
            if let Some(tail) = self.fresh(JOURNAL_TAILS, used) {
                parts.push(tail);
            }
        }
        let text = parts.join(" ").replace("{n}", ctx.client_first);
        let minutes = match contact {
            "telefonisch" | "beeldbellen" => self.rng.range(6, 9) * 5,
            "mdo" => self.rng.range(4, 8) * 15,
            _ => self.rng.range(3, 8) * 15,
        };
        let author = if !ctx.colleagues.is_empty() && self.rng.chance(0.15) { self.rng.pick(&ctx.colleagues).id } else { ctx.owner.id };
        let visible = !self.rng.chance(0.08);
        let created = office(&mut self.rng, d) + Duration::minutes(minutes);
        b.journal.row([
            V::I(id),
            V::I(ctx.client_id),
            V::NI(Some(ctx.trajectory_id)),
            V::T(contact),
            day(d),
            V::I(minutes),
            V::S(text),
            V::B(visible),
            V::I(author),
            stamp(created),
        ]);
        for g in linked {
            b.journal_goals.row([V::I(id), V::I(sim.goals[g].goal.id)]);
        }
        self.stats.journal += 1;
    }

    /// An evaluation held at `when`: a snapshot of the plan, a verdict and a decision per active
    /// goal, and what the decisions do to the plan (close goals, adjust them with a new action,
    /// set a new goal when none is left). The `last` one closes the trajectory's goals.
    pub(super) fn evaluation(&mut self, ctx: &PlanCtx, sim: &mut Sim, when: DateTime<Utc>, last: bool, queue: &mut Queue, b: &mut ClientRows) {
        let held = when.date_naive();
        let id = next(&mut self.ids.evaluation);
        let snapshot = sim.snapshot();
        let snapshot_json = serde_json::to_string(&snapshot).unwrap_or_else(|_| "{}".into());
        let mut participants = vec![ctx.client_name.clone(), ctx.owner.name.clone()];
        if self.rng.chance(0.4) {
            let guest = self.rng.pick(NETWORK).to_string();
            sim.guests.push((guest.clone(), held));
            participants.push(guest);
        }
        for c in &ctx.colleagues {
            if self.rng.chance(0.5) {
                participants.push(c.name.clone());
            }
        }
        let mut closed = 0;
        let active: Vec<usize> = (0..sim.goals.len()).filter(|g| sim.goals[*g].goal.status == "actief").collect();
        let decided = when + Duration::seconds(60);
        for (k, g) in active.iter().enumerate() {
            let months = (held - sim.goals[*g].since).num_days() / 30;
            let verdict = match self.rng.range(0, 99) + (months * 4).min(30) {
                0..=44 => "niet_behaald",
                45..=89 => "deels",
                _ => "behaald",
            };
            let decision = if last {
                "afsluiten"
            } else {
                match (verdict, self.rng.range(0, 99)) {
                    ("behaald", 0..=79) => "afsluiten",
                    ("behaald", _) => "doorgaan",
                    ("deels", 0..=59) => "doorgaan",
                    ("deels", _) => "bijstellen",
                    (_, 0..=49) => "bijstellen",
                    (_, 50..=89) => "doorgaan",
                    _ => "afsluiten",
                }
            };
            let note = self.rng.pick(match verdict {
                "behaald" => VERDICT_ACHIEVED,
                "deels" => VERDICT_PARTLY,
                _ => VERDICT_NOT,
            });
            let note = note.replace("{n}", ctx.client_first);
            b.evaluation_goals.row([
                V::I(id),
                V::I(sim.goals[*g].goal.id),
                V::S(sim.goals[*g].goal.text.clone()),
                V::T(verdict),
                V::T(decision),
                V::S(note),
            ]);
            let step = decided + Duration::seconds(k as i64 * 30);
            match decision {
                "afsluiten" => {
                    closed += 1;
                    let state = &mut sim.goals[*g];
                    state.goal.status = if verdict == "behaald" { "behaald" } else { "afgesloten" }.into();
                    state.goal.version += 1;
                    state.closed = Some(held);
                    sim.log(Kept::Goal(*g), "update", step);
                    let goal_id = sim.goals[*g].goal.id;
                    for a in 0..sim.actions.len() {
                        if sim.actions[a].goal_id == goal_id && matches!(sim.actions[a].status.as_str(), "open" | "bezig") {
                            sim.actions[a].status = if verdict == "behaald" { "gedaan" } else { "vervallen" }.into();
                            sim.actions[a].version += 1;
                            sim.log(Kept::Action(a), "update", step + Duration::seconds(5));
                        }
                    }
                }
                "bijstellen" => {
                    let state = &mut sim.goals[*g];
                    state.goal.target_date = Some(held + Duration::days(self.rng.range(60, 180)));
                    state.goal.version += 1;
                    sim.log(Kept::Goal(*g), "update", step);
                    self.new_action(ctx, sim, *g, step + Duration::seconds(10), queue, None);
                }
                _ => {}
            }
        }
        // Every goal closed while the trajectory goes on: a new goal, preferably in a domain
        // that has not had one yet.
        if !last && !active.is_empty() && closed == active.len() {
            let fresh: Vec<&'static str> = ctx.domains.iter().copied().filter(|d| !sim.goals.iter().any(|g| g.goal.domain == *d)).collect();
            let domain = if fresh.is_empty() { *self.rng.pick(&ctx.domains) } else { self.weighted_domain(&fresh) };
            let priority = sim.goals.len() as i64 + 1;
            self.new_goal(ctx, sim, domain, priority, decided + Duration::seconds(240), queue);
        }
        if !last && !sim.perspective.is_empty() && self.rng.chance(0.15) {
            let p = self.rng.range(0, sim.perspective.len() as i64 - 1) as usize;
            let texts = PERSPECTIVE.iter().find(|(a, _)| *a == sim.perspective[p].area).map(|(_, t)| *t).unwrap_or(&[]);
            let text = self.rng.pick(texts).to_string();
            if text != sim.perspective[p].text {
                sim.perspective[p].text = text;
                sim.perspective[p].version += 1;
                sim.log(Kept::Perspective(p), "update", decided + Duration::seconds(300));
            }
        }
        let notes = if last {
            format!("Eindevaluatie. {}", self.rng.pick(CLOSING_NOTES))
        } else if closed > 0 {
            format!("{} {closed} doel(en) afgesloten.", self.rng.pick(EVALUATION_NOTES))
        } else {
            self.rng.pick(EVALUATION_NOTES).to_string()
        };
        b.evaluations.row([
            V::I(id),
            V::I(ctx.trajectory_id),
            day(held),
            V::S(participants.join(", ")),
            V::S(notes.replace("{n}", ctx.client_first)),
            V::S(snapshot_json),
            V::I(ctx.owner.id),
            stamp(when),
        ]);
        sim.last_evaluation = Some(held);
        sim.evaluations.push(held);
        self.stats.evaluations += 1;
    }
}

/// The first line of `pool` not in `used` (and marks it used), if any is left.
fn first_unused(pool: &'static [&'static str], used: &mut Vec<&'static str>) -> Option<&'static str> {
    let line = pool.iter().find(|t| !used.contains(t)).copied()?;
    used.push(line);
    Some(line)
}
