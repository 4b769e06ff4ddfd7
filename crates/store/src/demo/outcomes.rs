//! What changed for each demo client: the law that funds the trajectory, ZRM measurements by the
//! worker whenever the due rule asks for one (see `measure`: with plausible change, most clients
//! improve a little on the domains they work on, some decline, about one score in twenty is
//! "niet besproken"), the client's own score for some, satisfaction at evaluations and at the
//! end, where the client went after a closed trajectory, result agreements with colleagues with
//! their domain targets, and target levels on goals. Each written with its kept change, like the
//! rest of the record.
//!
//! These parts draw from their own random generator, seeded per client from N and the client's
//! number, so the rest of the demo comes out exactly as without them. Every date is relative to
//! `today`, so the outcomes report's pairs are the same whatever day the demo is made.
//!
//! Ids are derived from the trajectory id (at most [`PER_TRAJECTORY`] of each kind per
//! trajectory; measurements have their own stride), so no counters are needed; the demo only runs on an empty database.

mod measure;

use super::batch::{at, day, office, stamp, ClientRows, Rows, V};
use super::org::Generator;
use super::plan::Change;
use super::record::RecordCtx;
use chrono::{Datelike, Duration, NaiveDate};
use regie_domain::rng::Rng;

/// Most rows of one kind per trajectory (the id stride).
const PER_TRAJECTORY: i64 = 8;

/// ZRM 2017 domain codes, in the instrument's order.
const ZRM2017: &[&str] = &[
    "zrm_financien", "zrm_werk", "zrm_tijd", "zrm_huisvesting", "zrm_relaties", "zrm_geestelijk", "zrm_lichamelijk", "zrm_middelen",
    "zrm_badl", "zrm_iadl", "zrm_netwerk", "zrm_participatie", "zrm_justitie",
];
/// ZRM 2010/2013 domain codes, each with the 2017 domain it maps onto (for the focus).
const ZRM2013: &[(&str, &str)] = &[
    ("zrm13_financien", "zrm_financien"),
    ("zrm13_dagbesteding", "zrm_werk"),
    ("zrm13_huisvesting", "zrm_huisvesting"),
    ("zrm13_relaties", "zrm_relaties"),
    ("zrm13_geestelijk", "zrm_geestelijk"),
    ("zrm13_lichamelijk", "zrm_lichamelijk"),
    ("zrm13_verslaving", "zrm_middelen"),
    ("zrm13_adl", "zrm_iadl"),
    ("zrm13_netwerk", "zrm_netwerk"),
    ("zrm13_participatie", "zrm_participatie"),
    ("zrm13_justitie", "zrm_justitie"),
];
/// 8-fasenmodel goal domains and the ZRM domain they touch.
const F8_TO_ZRM: &[(&str, &str)] = &[
    ("f8_wonen", "zrm_huisvesting"),
    ("f8_financien", "zrm_financien"),
    ("f8_werk", "zrm_werk"),
    ("f8_relaties", "zrm_netwerk"),
    ("f8_psychisch", "zrm_geestelijk"),
    ("f8_lichamelijk", "zrm_lichamelijk"),
    ("f8_zingeving", "zrm_tijd"),
];
/// Where clients went after a closed trajectory (`regie_domain::results::ExitDestination`), with weights.
const EXITS: &[(&str, i64)] = &[
    ("zelfstandig_wonen", 34),
    ("begeleid_wonen", 18),
    ("bij_familie_netwerk", 10),
    ("beschermd_wonen", 6),
    ("maatschappelijke_opvang", 5),
    ("instelling_zorg", 7),
    ("detentie", 2),
    ("overleden", 1),
    ("onbekend", 9),
    ("anders", 8),
];
/// Result agreements a trajectbegeleider asks of a colleague, per role, with the role's default
/// domain targets.
const ASKS: &[(&str, &[&str], &[(&str, i64)])] = &[
    (
        "wooncoach",
        &["Binnen een half jaar genoeg woonvaardigheden om zelfstandig te wonen.", "Het huishouden loopt weer op een vaste weekplanning."],
        &[("zrm_huisvesting", 3), ("zrm_iadl", 3), ("zrm_financien", 2)],
    ),
    (
        "thuisbegeleider",
        &["De dagelijkse zorg voor het huis en zichzelf gaat weer zonder hulp.", "Post en rekeningen worden elke week samen doorgenomen en betaald."],
        &[("zrm_iadl", 3), ("zrm_badl", 3), ("zrm_financien", 3)],
    ),
    (
        "jobcoach",
        &["Binnen vier maanden een vaste plek voor werk of dagbesteding.", "Drie dagdelen per week werkervaring, zonder uitval."],
        &[("zrm_werk", 3), ("zrm_tijd", 3), ("zrm_participatie", 3)],
    ),
];

/// The rows of the outcome tables for a chunk of clients.
pub(super) struct OutcomeRows {
    profiles: Rows,
    measurements: Rows,
    scores: Rows,
    agreements: Rows,
    targets: Rows,
    satisfaction: Rows,
    answers: Rows,
    pairs: Rows,
    totals: Rows,
}

impl OutcomeRows {
    pub(super) fn new() -> OutcomeRows {
        OutcomeRows {
            profiles: Rows::new("client_profile", &["client_id", "target_groups", "complexity", "version"]),
            measurements: Rows::new(
                "measurements",
                &["id", "client_id", "trajectory_id", "instrument", "rater", "measured_on", "moment", "sources", "by_user_id", "created_at", "version"],
            ),
            scores: Rows::new("measurement_scores", &["measurement_id", "domain_code", "level"]),
            agreements: Rows::new(
                "result_agreements",
                &["id", "client_id", "trajectory_id", "requested_by", "user_id", "role_code", "text", "deadline", "status", "closed_on", "created_at", "version"],
            ),
            targets: Rows::new("domain_targets", &["id", "client_id", "trajectory_id", "goal_id", "agreement_id", "domain_code", "level", "target_date", "version"]),
            satisfaction: Rows::new(
                "satisfaction_responses",
                &["id", "client_id", "trajectory_id", "evaluation_id", "answered_on", "moment", "mark", "by_user_id", "created_at"],
            ),
            answers: Rows::new("satisfaction_answers", &["response_id", "item_id", "answer"]),
            pairs: Rows::new("outcome_pairs", &["trajectory_id", "instrument", "domain_code", "first_level", "last_level", "last_measured_on"]),
            totals: Rows::new("outcome_totals", &["trajectory_id", "instrument", "sum_first", "sum_last", "k", "last_measured_on"]),
        }
    }

    /// The tables in foreign-key order (after every table of [`ClientRows`]).
    pub(super) fn into_tables(self) -> Vec<Rows> {
        vec![self.profiles, self.measurements, self.scores, self.agreements, self.targets, self.satisfaction, self.answers, self.pairs, self.totals]
    }
}

/// How a client's self-reliance moves over the trajectory.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Course {
    Improves,
    Stable,
    Declines,
}

/// What one trajectory's outcomes need from the rest of its generation.
pub(super) struct OutcomeCtx<'a> {
    pub(super) record: &'a RecordCtx<'a>,
    pub(super) team_id: i64,
    pub(super) birth: NaiveDate,
    /// The phases the trajectory went through (positions) and the day it entered each.
    pub(super) phases: (&'a [i64], &'a [NaiveDate]),
}

impl Generator {
    /// The outcome rows of client `i`; returns the trajectory's funding law and exit destination.
    pub(super) fn outcomes(&mut self, i: usize, o: &OutcomeCtx, b: &mut ClientRows) -> (&'static str, Option<&'static str>) {
        let seed = Rng::new(0x4F55_5443_4F4D_0000 ^ ((self.n as u64) << 32) ^ i as u64).next_u64();
        let mut rng = Rng::new(seed);
        let p = o.record.plan;
        let age = self.today.year() - o.birth.year();
        let funding = funding(&mut rng, age, p.domains.contains(&"zrm_werk"));
        let course = match rng.range(0, 99) {
            0..=61 => Course::Improves,
            62..=87 => Course::Stable,
            _ => Course::Declines,
        };
        self.profile(&mut rng, o, age, b);
        let focus = focus(o);
        self.measurements(&mut rng, o, &focus, course, b);
        self.agreements(&mut rng, o, b);
        self.goal_targets(&mut rng, o, b);
        self.satisfaction(&mut rng, o, course, b);
        let exit = p.closed.then(|| {
            let exit = weighted(&mut rng, EXITS);
            match course {
                // A client who declined seldom goes on alone.
                Course::Declines if exit == "zelfstandig_wonen" && rng.chance(0.6) => "begeleid_wonen",
                _ => exit,
            }
        });
        (funding, exit)
    }

    /// Target groups for the suggestions (and the report's filter), for about half the clients.
    fn profile(&mut self, rng: &mut Rng, o: &OutcomeCtx, age: i32, b: &mut ClientRows) {
        if !rng.chance(0.5) {
            return;
        }
        let p = o.record.plan;
        let mut groups: Vec<&str> = Vec::new();
        if age >= 67 && rng.chance(0.6) {
            groups.push("ouderdom");
        }
        match rng.range(0, 9) {
            0..=4 => groups.push("psychisch"),
            5..=6 => groups.push("verstandelijk"),
            7 => groups.push("lichamelijk"),
            _ => {}
        }
        if groups.is_empty() {
            groups.push("algemeen");
        }
        let complexity = if rng.chance(0.4) { "complex" } else { "licht" };
        b.outcomes.profiles.row([V::I(p.client_id), V::S(groups.join(",")), V::T(complexity), V::I(1)]);
        let data = serde_json::json!({
            "target_groups": groups, "complexity": complexity, "critical_transition": false, "transition_kind": null,
            "needs_outreach": false, "situations": [], "version": 1,
        });
        let when = office(rng, o.record.started);
        let ch = Change { entity: "client_profile", entity_id: p.client_id, version: 1, op: "create", at: when, by: p.owner.id, data: data.to_string() };
        self.keep(p, None, &ch, b);
    }

    /// For about a quarter of the trajectories: one or two results asked of the team's coach or
    /// jobcoach, with the role's default targets; settled once the deadline has passed.
    fn agreements(&mut self, rng: &mut Rng, o: &OutcomeCtx, b: &mut ClientRows) {
        let p = o.record.plan;
        let Some(team) = self.teams.iter().find(|t| t.id == o.team_id) else {
            return;
        };
        let (coach, coach_role, jobcoach) = (team.coach.clone(), team.coach_role, team.jobcoach.clone());
        let base = p.plan_on.unwrap_or(o.record.started);
        if !rng.chance(0.25) || (p.horizon - base).num_days() < 14 {
            return;
        }
        for k in 0..rng.range(1, 2) {
            let (role, person) = if k == 0 && rng.chance(0.6) { (coach_role, &coach) } else { ("jobcoach", &jobcoach) };
            let Some((_, texts, targets)) = ASKS.iter().find(|(r, _, _)| *r == role) else {
                continue;
            };
            let id = p.trajectory_id * PER_TRAJECTORY + k;
            let asked = base + Duration::days(rng.range(0, ((p.horizon - base).num_days() - 7).clamp(0, 120)));
            let deadline = asked + Duration::days(rng.range(90, 180));
            let (status, closed_on) = if deadline <= p.horizon || p.closed {
                let status = match rng.range(0, 99) {
                    0..=49 => "behaald",
                    50..=74 => "deels_behaald",
                    75..=94 => "niet_behaald",
                    _ => "ingetrokken",
                };
                (status, Some(deadline.min(p.horizon)))
            } else {
                ("open", None)
            };
            let text = *rng.pick(texts);
            let when = office(rng, asked);
            b.outcomes.agreements.row([
                V::I(id),
                V::I(p.client_id),
                V::I(p.trajectory_id),
                V::I(p.owner.id),
                V::NI(Some(person.id)),
                V::T(role),
                V::T(text),
                day(deadline),
                V::T(status),
                V::NS(closed_on.map(crate::time::day)),
                stamp(when),
                V::I(if closed_on.is_some() { 2 } else { 1 }),
            ]);
            let data = serde_json::json!({
                "id": id, "trajectory_id": p.trajectory_id, "requested_by": p.owner.id, "team_id": null, "user_id": person.id,
                "role_code": role, "text": text, "deadline": crate::time::day(deadline), "status": "open", "closed_on": null, "version": 1,
            });
            let ch = Change { entity: "result_agreement", entity_id: id, version: 1, op: "create", at: when, by: p.owner.id, data: data.to_string() };
            self.keep(p, Some(p.trajectory_id), &ch, b);
            if let Some(closed) = closed_on {
                let mut after = data.clone();
                after["status"] = serde_json::json!(status);
                after["closed_on"] = serde_json::json!(crate::time::day(closed));
                after["version"] = serde_json::json!(2);
                let at_close = at(closed, 15 * 3600).max(when + Duration::seconds(60));
                let ch = Change { entity: "result_agreement", entity_id: id, version: 2, op: "update", at: at_close, by: p.owner.id, data: after.to_string() };
                self.keep(p, Some(p.trajectory_id), &ch, b);
            }
            for (t, (domain, level)) in targets.iter().enumerate() {
                let tid = p.trajectory_id * PER_TRAJECTORY * 2 + k * 4 + t as i64;
                self.target(p, tid, None, Some(id), domain, *level, Some(deadline), when, b);
            }
        }
    }

    /// A target level on some goals in a ZRM domain: one level up from where it stood.
    fn goal_targets(&mut self, rng: &mut Rng, o: &OutcomeCtx, b: &mut ClientRows) {
        let p = o.record.plan;
        let mut slot = 8;
        for g in &o.record.sim.goals {
            if slot >= 2 * PER_TRAJECTORY || !g.goal.domain.starts_with("zrm_") || !rng.chance(0.4) {
                continue;
            }
            let tid = p.trajectory_id * PER_TRAJECTORY * 2 + slot;
            slot += 1;
            let level = rng.range(3, 4);
            let when = at(g.since, 11 * 3600 + 600);
            self.target(p, tid, Some(g.goal.id), None, &g.goal.domain, level, g.goal.target_date, when, b);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn target(
        &mut self,
        p: &super::plan::PlanCtx,
        id: i64,
        goal_id: Option<i64>,
        agreement_id: Option<i64>,
        domain: &str,
        level: i64,
        date: Option<NaiveDate>,
        when: chrono::DateTime<chrono::Utc>,
        b: &mut ClientRows,
    ) {
        b.outcomes.targets.row([
            V::I(id),
            V::I(p.client_id),
            V::I(p.trajectory_id),
            V::NI(goal_id),
            V::NI(agreement_id),
            V::S(domain.to_string()),
            V::I(level),
            V::NS(date.map(crate::time::day)),
            V::I(1),
        ]);
        let data = serde_json::json!({
            "id": id, "trajectory_id": p.trajectory_id, "goal_id": goal_id, "agreement_id": agreement_id, "domain_code": domain,
            "level": level, "target_date": date.map(crate::time::day), "version": 1,
        });
        let ch = Change { entity: "domain_target", entity_id: id, version: 1, op: "create", at: when, by: p.owner.id, data: data.to_string() };
        self.keep(p, Some(p.trajectory_id), &ch, b);
    }

    /// Satisfaction at the end of most closed trajectories, and at the latest evaluation of some
    /// open ones. The demo's questionnaire items are the four the schema starts with (ids 1–4).
    fn satisfaction(&mut self, rng: &mut Rng, o: &OutcomeCtx, course: Course, b: &mut ClientRows) {
        let p = o.record.plan;
        let last_eval = o.record.sim.last_evaluation;
        // The id of this trajectory's latest evaluation: the last one written so far.
        let eval_id = last_eval.map(|_| self.ids.evaluation);
        let (on, moment, evaluation) = if p.closed {
            if !rng.chance(0.85) {
                return;
            }
            (p.horizon, "einde", eval_id.filter(|_| last_eval == Some(p.horizon)))
        } else {
            match last_eval {
                Some(d) if rng.chance(0.4) => (d, "evaluatie", eval_id),
                _ => return,
            }
        };
        let base = match course {
            Course::Improves => 8,
            Course::Stable => 7,
            Course::Declines => 6,
        };
        let mark = (base + match rng.range(0, 99) {
            0..=4 => -3,
            5..=14 => -2,
            15..=34 => -1,
            35..=74 => 0,
            75..=94 => 1,
            _ => 2,
        })
        .clamp(1, 10);
        let id = p.trajectory_id * PER_TRAJECTORY;
        let when = office(rng, on);
        b.outcomes.satisfaction.row([
            V::I(id),
            V::I(p.client_id),
            V::I(p.trajectory_id),
            V::NI(evaluation),
            day(on),
            V::T(moment),
            V::I(mark),
            V::I(p.owner.id),
            stamp(when),
        ]);
        let mut answers = Vec::new();
        for item in 1..=4 {
            let answer = (if mark >= 8 { 4 } else if mark >= 6 { 3 } else { 2 } - i64::from(rng.chance(0.25))).clamp(1, 4);
            b.outcomes.answers.row([V::I(id), V::I(item), V::I(answer)]);
            answers.push(serde_json::json!({ "item_id": item, "answer": answer }));
        }
        let data = serde_json::json!({
            "id": id, "trajectory_id": p.trajectory_id, "evaluation_id": evaluation, "answered_on": crate::time::day(on),
            "moment": moment, "mark": mark, "remark": "", "answers": answers,
        });
        let ch = Change { entity: "satisfaction", entity_id: id, version: 1, op: "create", at: when, by: p.owner.id, data: data.to_string() };
        self.keep(p, Some(p.trajectory_id), &ch, b);
    }
}

/// The funding law: the Jeugdwet for some young adults (extended youth care), rarely the Wlz or
/// the Participatiewet (more often when work is a domain), mostly the Wmo.
fn funding(rng: &mut Rng, age: i32, work: bool) -> &'static str {
    let r = rng.range(0, 99);
    match () {
        _ if age <= 22 && r < 60 => "jeugdwet",
        _ if r < 3 => "wlz",
        _ if r < (if work { 12 } else { 5 }) => "participatiewet",
        _ if r < 7 && age > 60 => "zvw",
        _ => "wmo",
    }
}

/// The ZRM 2017 domains the trajectory works on: its focus and goal domains.
fn focus(o: &OutcomeCtx) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    let mut add = |d: &str| {
        let zrm = ZRM2017.iter().find(|z| **z == d).copied().or_else(|| F8_TO_ZRM.iter().find(|(f, _)| *f == d).map(|(_, z)| *z));
        if let Some(z) = zrm {
            if !out.contains(&z) {
                out.push(z);
            }
        }
    };
    for g in &o.record.sim.goals {
        add(&g.goal.domain);
    }
    if o.record.plan.domains.len() <= 3 {
        for d in &o.record.plan.domains {
            add(d);
        }
    }
    out
}

/// One item of a weighted list.
fn weighted(rng: &mut Rng, items: &[(&'static str, i64)]) -> &'static str {
    let total: i64 = items.iter().map(|(_, w)| w).sum();
    let mut r = rng.range(0, total - 1);
    for (code, w) in items {
        if r < *w {
            return code;
        }
        r -= w;
    }
    items[0].0
}
