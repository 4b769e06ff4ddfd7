//! One client: who they are, their household and care team, and their trajectory — where it
//! stands, how it got there — with the plan, journal and evaluations it has built up.

use super::batch::{at, day, next, office, stamp, ClientRows, V};
use super::names::{ascii, CITIES, FIRST_NAMES, STREETS};
use super::notes::PERSPECTIVE;
use super::org::{Generator, Person, State};
use super::plan::{Kept, PlanCtx, Sim};
use super::profile::Profile;
use super::record::RecordCtx;
use super::domains::{F8_DOMAINS, ZRM_DOMAINS};
use chrono::{Datelike, Duration, NaiveDate};
use regie_domain::phase::PhaseModel;
use regie_domain::plan::PerspectiveItem;
use regie_domain::rng::Rng;

/// The phases a trajectory went through and when it entered each.
struct Timeline {
    /// Phase positions in order (a cyclic model repeats its phases once per round).
    sequence: Vec<i64>,
    /// The day each entry of `sequence` was entered.
    entered: Vec<NaiveDate>,
}

impl Generator {
    pub(super) fn client(&mut self, i: usize, b: &mut ClientRows) {
        let today = self.today;
        let t = self.teams.iter().position(|t| (t.first_client..t.end_client).contains(&i)).unwrap_or(0);
        let team = &self.teams[t];
        let owner = team.worker_of(i - team.first_client).clone();
        let (team_id, coach, coach_role, jobcoach) = (team.id, team.coach.clone(), team.coach_role, team.jobcoach.clone());

        // Who the client is.
        let first = *self.rng.pick(FIRST_NAMES);
        let last = self.last_name();
        let age_days = self.rng.range(18 * 365, 72 * 365);
        let birth = today - Duration::days(age_days);
        let city = *self.rng.pick(CITIES);
        let address = format!("{} {}", self.rng.pick(STREETS), self.rng.range(1, 180));
        let phone = format!("06-{:08}", self.rng.range(10_000_000, 99_999_999));
        let email = self.rng.chance(0.4).then(|| format!("{}.{}@example.com", ascii(first), ascii(&last.replace(' ', ""))));
        let client_id = next(&mut self.ids.client);

        // Where the trajectory stands, what its case should show, and how it got there.
        let scripted = self.scripted(i);
        let (state, rounds, profile) = match scripted {
            Some(s) => {
                let model = self.models.iter().position(|m| m.code == s.model).unwrap_or(0);
                (State { model, position: s.position, closed: false }, s.rounds, s.profile)
            }
            None => {
                let (state, rounds) = self.pick_state(i - self.script_len);
                let profile = self.random_profile(state);
                (state, rounds, profile)
            }
        };
        let model = self.models[state.model].clone();
        let horizon = if state.closed { today - Duration::days(self.rng.range(7, 240)) } else { today };
        let days_in_phase = scripted.filter(|s| !s.profile.over_cap).map(|s| s.days_in_phase);
        let Timeline { sequence, entered } = self.timeline(&model, state, rounds, &profile, days_in_phase, horizon);
        let started = entered[0];
        let last_pos = *sequence.last().unwrap_or(&1);
        let trajectory_id = next(&mut self.ids.trajectory);
        let registered = started - Duration::days(self.rng.range(0, 10));
        let created_at = office(&mut self.rng, registered);

        b.clients.row([
            V::I(client_id),
            V::T(first),
            V::S(last.clone()),
            day(birth),
            V::NS(Some(phone)),
            V::NS(email),
            V::NS(Some(address)),
            V::T(city),
            V::I(team_id),
            stamp(created_at),
            V::I(1),
        ]);
        self.household(client_id, &last, b);

        // Care team: the trajectbegeleider, sometimes a coach of the team.
        b.care_team.row([V::I(client_id), V::I(owner.id), V::T("trajectbegeleider"), day(started)]);
        let mut colleagues: Vec<Person> = Vec::new();
        if self.rng.chance(0.3) {
            let since = (started + Duration::days(self.rng.range(7, 60))).min(horizon);
            b.care_team.row([V::I(client_id), V::I(coach.id), V::T(coach_role), day(since)]);
            colleagues.push(coach);
        }
        if self.rng.chance(0.15) {
            let since = (started + Duration::days(self.rng.range(14, 90))).min(horizon);
            b.care_team.row([V::I(client_id), V::I(jobcoach.id), V::T("jobcoach"), day(since)]);
            colleagues.push(jobcoach);
        }

        // Phase history.
        for (k, pos) in sequence.iter().enumerate() {
            let id = next(&mut self.ids.transition);
            let phase_id = model.phase_at(*pos).map(|p| p.id).unwrap_or(0);
            let when = office(&mut self.rng, entered[k]);
            b.transitions.row([V::I(id), V::I(trajectory_id), V::I(phase_id), day(entered[k]), stamp(when), V::I(owner.id)]);
        }

        // Focus domains (CTI: two or three); the goals come from these.
        let cti = model.code == "cti";
        let mut domains: Vec<&'static str> = if model.domain_set == "8fasen" { F8_DOMAINS.to_vec() } else { ZRM_DOMAINS.to_vec() };
        let mut focus: Vec<&'static str> = Vec::new();
        if cti {
            for _ in 0..self.rng.range(2, 3) {
                let d = self.weighted_domain(&domains);
                domains.retain(|x| *x != d);
                focus.push(d);
            }
            domains = focus.clone();
        }

        // The plan: perspective, goals, actions, evaluations, with every change kept.
        let plan_pos = match model.code.as_str() {
            "8fasen" => 5,
            "thuisbegeleiding" => 2,
            _ => 1,
        };
        let persp_pos = if model.code == "8fasen" { 4 } else { plan_pos };
        let first_entry = |pos: i64| sequence.iter().position(|p| *p >= pos).map(|k| entered[k]);
        let persp_on = first_entry(persp_pos).map(|d| (d + Duration::days(self.rng.range(3, 12))).min(horizon));
        let plan_on = first_entry(plan_pos).map(|d| (d + Duration::days(self.rng.range(5, 16))).min(horizon));
        let ctx = PlanCtx {
            client_id,
            trajectory_id,
            owner: owner.clone(),
            colleagues,
            client_name: format!("{first} {last}"),
            client_first: first,
            horizon,
            closed: state.closed,
            interval: model.evaluation_interval_days,
            profile,
            plan_on,
            domains,
        };
        let mut sim = Sim { by: owner.id, ..Sim::default() };
        if let Some(p_on) = persp_on {
            let when = at(p_on, 10 * 3600 + self.rng.range(0, 3600));
            let areas = self.rng.range(2, 4) as usize;
            for area in regie_domain::catalogue::PerspectiveArea::CODES.iter().take(areas) {
                let texts = PERSPECTIVE.iter().find(|(a, _)| a == area).map(|(_, t)| *t).unwrap_or(&[]);
                let item = PerspectiveItem { id: next(&mut self.ids.perspective), area: area.to_string(), text: self.rng.pick(texts).to_string(), version: 1 };
                sim.perspective.push(item);
                sim.log(Kept::Perspective(sim.perspective.len() - 1), "create", when);
            }
        }
        let next_evaluation = match plan_on {
            Some(on) => self.plan(&ctx, &mut sim, on, b),
            None if state.closed => None,
            None => Some(started + Duration::days(ctx.interval)),
        };
        self.plan_rows(&ctx, &sim, b);
        self.journal(&ctx, &sim, started, b);
        let record = RecordCtx { plan: &ctx, sim: &sim, model: &model, started, scripted: scripted.map(|_| i) };
        self.record(i, &record, b);
        let (funding, exit) = self.outcomes(i, &super::outcomes::OutcomeCtx { record: &record, team_id, birth, phases: (&sequence, &entered) }, b);

        // The trajectory row, as it stands now.
        let last_phase_id = model.phase_at(last_pos).map(|p| p.id).unwrap_or(0);
        let phase_entered = *entered.last().unwrap_or(&started);
        let version = sequence.len() as i64 + i64::from(!focus.is_empty()) + i64::from(state.closed);
        b.trajectories.row([
            V::I(trajectory_id),
            V::I(client_id),
            V::I(model.id),
            V::T(if state.closed { "afgesloten" } else { "actief" }),
            day(started),
            V::NS(state.closed.then(|| crate::time::day(horizon))),
            V::I(owner.id),
            V::I(last_phase_id),
            day(phase_entered),
            V::NS(if state.closed { None } else { next_evaluation.map(crate::time::day) }),
            V::S(focus.join(",")),
            stamp(created_at),
            V::I(version),
            V::T(funding),
            V::NS(exit.map(str::to_string)),
        ]);
        self.stats.trajectories += 1;
    }

    /// The phases up to `state`, ending on `horizon`. Earlier phases took about their typical
    /// duration; the current one has run `days_in_phase` when given, else what the profile asks
    /// (within or past the typical duration; past the model's cap for `over_cap`).
    fn timeline(
        &mut self,
        model: &PhaseModel,
        state: State,
        rounds: i64,
        profile: &Profile,
        days_in_phase: Option<(i64, i64)>,
        horizon: NaiveDate,
    ) -> Timeline {
        let mut sequence: Vec<i64> = Vec::new();
        for _ in 0..rounds {
            sequence.extend(model.phases.iter().map(|p| p.position));
        }
        sequence.extend(1..=state.position);
        let typical = |pos: i64| model.phase_at(pos).and_then(|p| p.typical_days).unwrap_or(60);
        let cti = model.max_days.is_some();
        // How long each earlier phase took.
        let mut lengths = Vec::with_capacity(sequence.len());
        for pos in &sequence[..sequence.len() - 1] {
            let pct = if profile.over_cap {
                self.rng.range(92, 100)
            } else if cti {
                self.rng.range(65, 95)
            } else {
                self.rng.range(60, 130)
            };
            lengths.push((typical(*pos) * pct / 100).max(3));
        }
        let now = typical(*sequence.last().unwrap_or(&1));
        let in_current = if let Some((lo, hi)) = days_in_phase {
            self.rng.range(lo, hi)
        } else if state.closed {
            self.rng.range(now / 3, now)
        } else if profile.over_cap {
            let cap = model.max_days.unwrap_or(270);
            (cap + self.rng.range(6, 20) - lengths.iter().sum::<i64>()).max(1)
        } else if profile.overrun {
            now + self.rng.range(3, now / 3 + 10)
        } else {
            self.rng.range(0, (now - 1).max(0))
        };
        let mut entered = vec![horizon; sequence.len()];
        let mut d = horizon - Duration::days(in_current);
        for k in (0..sequence.len()).rev() {
            entered[k] = d;
            if k > 0 {
                d -= Duration::days(lengths[k - 1]);
            }
        }
        Timeline { sequence, entered }
    }

    /// Sometimes a partner, sometimes children.
    fn household(&mut self, client_id: i64, last: &str, b: &mut ClientRows) {
        if !self.rng.chance(0.35) {
            return;
        }
        let year = i64::from(self.today.year());
        let birth_year = |rng: &mut Rng, lo: i64, hi: i64| year - rng.range(lo, hi);
        if self.rng.chance(0.6) {
            let id = next(&mut self.ids.household);
            let partner = format!("{} {}", self.rng.pick(FIRST_NAMES), if self.rng.chance(0.5) { last.to_string() } else { self.last_name() });
            let y = birth_year(&mut self.rng, 20, 70);
            b.household.row([V::I(id), V::I(client_id), V::S(partner), V::T("partner"), V::NI(Some(y))]);
        }
        for _ in 0..self.rng.range(0, 3) {
            let id = next(&mut self.ids.household);
            let kid = format!("{} {last}", self.rng.pick(FIRST_NAMES));
            let relation = if self.rng.chance(0.5) { "zoon" } else { "dochter" };
            let y = birth_year(&mut self.rng, 0, 17);
            b.household.row([V::I(id), V::I(client_id), V::S(kid), V::T(relation), V::NI(Some(y))]);
        }
    }

    /// The plan as it stands now and every kept change of it.
    fn plan_rows(&mut self, ctx: &PlanCtx, sim: &Sim, b: &mut ClientRows) {
        let trajectory_id = ctx.trajectory_id;
        for ch in &sim.changes {
            let id = next(&mut self.ids.change);
            b.changes.row([
                V::I(id),
                V::I(ctx.client_id),
                V::NI(Some(trajectory_id)),
                V::T(ch.entity),
                V::I(ch.entity_id),
                V::I(ch.version),
                V::T(ch.op),
                stamp(ch.at),
                V::I(ch.by),
                V::S(ch.data.clone()),
            ]);
        }
        for p in &sim.perspective {
            b.perspective.row([V::I(p.id), V::I(trajectory_id), V::S(p.area.clone()), V::S(p.text.clone()), V::I(p.version)]);
        }
        for g in &sim.goals {
            let g = &g.goal;
            b.goals.row([
                V::I(g.id),
                V::I(trajectory_id),
                V::S(g.domain.clone()),
                V::S(g.text.clone()),
                V::I(g.priority),
                V::NS(g.target_date.map(crate::time::day)),
                V::S(g.status.clone()),
                V::I(g.version),
            ]);
        }
        for a in &sim.actions {
            b.actions.row([
                V::I(a.id),
                V::I(a.goal_id),
                V::I(trajectory_id),
                V::S(a.text.clone()),
                V::S(a.owner_kind.clone()),
                V::NI(a.owner_user_id),
                V::S(a.owner_name.clone()),
                V::NS(a.due_date.map(crate::time::day)),
                V::S(a.status.clone()),
                V::I(a.version),
            ]);
        }
        self.stats.goals += sim.goals.len();
        self.stats.actions += sim.actions.len();
        self.stats.changes += sim.changes.len();
    }
}
