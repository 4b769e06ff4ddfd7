//! The network of one client: family, friends, neighbours and organisations, with how close they
//! stand, the support they give, what the client gives back, whether they take part and what the
//! client lets them see. Everyone who owns an action in the plan or came to an evaluation is in
//! it under that same name, taking part from the day they first did. A few clients stand almost
//! alone. Kept changes carry `regie_domain::network::NetworkMember` as `crate::network` writes it.

use super::batch::{at, next, office, ClientRows, V};
use super::names::ascii;
use super::org::Generator;
use super::plan::Change;
use super::record::{later, RecordCtx};
use chrono::{DateTime, Duration, Utc};
use regie_domain::network::{support_to_text, NetworkMember, SupportKind, ENTITY_MEMBER};
use regie_domain::rng::Rng;

/// How someone is related to the client, which decides how close they usually stand and what
/// support they give.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bond {
    Family,
    Friend,
    Neighbour,
    Volunteer,
    Ex,
}

/// People: name as the client says it (the names of `super::names::NETWORK` among them), relation.
const PEOPLE: &[(&str, &str, Bond)] = &[
    ("Moeder", "moeder", Bond::Family),
    ("Vader", "vader", Bond::Family),
    ("Zus Samira", "zus", Bond::Family),
    ("Zus Linda", "zus", Bond::Family),
    ("Broer Kevin", "broer", Bond::Family),
    ("Broer Youssef", "broer", Bond::Family),
    ("Tante Ria", "tante", Bond::Family),
    ("Oom Hassan", "oom", Bond::Family),
    ("Oma", "oma", Bond::Family),
    ("Dochter", "dochter", Bond::Family),
    ("Zoon", "zoon", Bond::Family),
    ("Ex-partner", "ex-partner", Bond::Ex),
    ("Vriend Dennis", "vriend", Bond::Friend),
    ("Vriendin Chantal", "vriendin", Bond::Friend),
    ("Vriend Rachid", "vriend", Bond::Friend),
    ("Vriendin Sharon", "vriendin", Bond::Friend),
    ("Buurvrouw Ans", "buurvrouw", Bond::Neighbour),
    ("Buurman Henk", "buurman", Bond::Neighbour),
    ("Buurvrouw Fatma", "buurvrouw", Bond::Neighbour),
    ("Maatje van de kerk", "maatje", Bond::Volunteer),
];

/// Organisations: name, relation, the life domains (code endings) they matter most for, and what
/// a client may give back there.
const ORGS: &[(&str, &str, &[&str], &str)] = &[
    ("Wijkteam", "wijkteam", &["huisvesting", "wonen", "iadl", "relaties"], ""),
    ("Schuldhulpverlening gemeente", "schuldhulp", &["financien"], ""),
    ("Voedselbank", "voedselbank", &["financien"], "Ik help eens per maand mee met uitdelen."),
    ("Huisarts", "huisarts", &["lichamelijk", "geestelijk", "psychisch", "badl"], ""),
    ("Buurthuis De Schakel", "buurthuis", &["tijd", "netwerk", "participatie"], "Ik schenk koffie bij de inloop op dinsdag."),
    ("Moskee in de wijk", "moskee", &["zingeving", "netwerk"], "Ik help mee met het eten na het vrijdaggebed."),
    ("Kerk (diaconie)", "kerk", &["zingeving", "netwerk", "financien"], "Ik zet de stoelen klaar voor de dienst."),
    ("Sportclub SV De Zwaluw", "sportclub", &["lichamelijk", "tijd", "participatie"], "Ik help bij de kantine op zaterdag."),
    ("Taalcafé bibliotheek", "taalcafé", &["participatie", "werk"], ""),
    ("Kringloopwinkel", "vrijwilligerswerk", &["werk", "tijd"], "Ik werk er twee ochtenden als vrijwilliger."),
    ("Verslavingszorg", "verslavingszorg", &["middelen"], ""),
    ("Reclassering", "reclassering", &["justitie"], ""),
];

/// What a client gives back, per bond.
fn gives_back(bond: Bond) -> &'static [&'static str] {
    match bond {
        Bond::Family => &[
            "Ik pas op de kinderen als dat nodig is.",
            "Ik help met klusjes in huis.",
            "Ik kook af en toe voor ons samen.",
            "Ik bel regelmatig om te horen hoe het gaat.",
            "Ik help met de computer en de telefoon.",
            "Ik ga mee naar afspraken in het ziekenhuis.",
        ],
        Bond::Friend => &["Ik luister als er iets is.", "We gaan samen sporten.", "Ik help met verhuizen en klussen.", "Ik trakteer op koffie als het kan."],
        Bond::Neighbour => &["Ik haal de post binnen als ze weg zijn.", "Ik geef de planten water.", "Ik help met zware boodschappen.", "Ik laat de hond uit."],
        Bond::Volunteer => &["Ik help mee met koffie schenken na de dienst.", "Ik vertel hoe het met me gaat; daar is het maatje blij mee."],
        Bond::Ex => &["We regelen samen de zorg voor de kinderen."],
    }
}

/// Share of the clients without anyone in the plan who stand almost alone.
const ISOLATED: f64 = 0.12;

/// Someone the plan already names: their first action and first evaluation.
struct Named {
    name: String,
    action: Option<DateTime<Utc>>,
    evaluation: Option<DateTime<Utc>>,
}

impl Generator {
    /// Writes the network; returns how many members it has now.
    pub(super) fn network(&mut self, rng: &mut Rng, ctx: &RecordCtx, b: &mut ClientRows) -> usize {
        let p = ctx.plan;
        let mut named: Vec<Named> = Vec::new();
        let mut mention = |name: &str, when: DateTime<Utc>, action: bool| {
            let i = match named.iter().position(|n| n.name == name) {
                Some(i) => i,
                None => {
                    named.push(Named { name: name.to_string(), action: None, evaluation: None });
                    named.len() - 1
                }
            };
            let slot = if action { &mut named[i].action } else { &mut named[i].evaluation };
            *slot = Some(slot.map_or(when, |s| s.min(when)));
        };
        for c in ctx.sim.changes.iter().filter(|c| c.entity == "action" && c.op == "create") {
            if let Some(a) = ctx.sim.actions.iter().find(|a| a.id == c.entity_id && a.owner_kind == "netwerk") {
                mention(&a.owner_name, c.at, true);
            }
        }
        for (name, held) in &ctx.sim.guests {
            mention(name, at(*held, 9 * 3600), false);
        }

        // Scripted client 6 (a new Thuisbegeleiding case) stands almost alone, like some others.
        let isolated = named.is_empty() && if ctx.scripted.is_some() { ctx.scripted == Some(5) } else { rng.chance(ISOLATED) };
        let count = if isolated { rng.range(0, 1) as usize } else { named.len().max(rng.range(2, 7) as usize) };
        let intake = (ctx.started + Duration::days(rng.range(2, 21))).min(p.horizon);
        let t0 = office(rng, intake);
        let goal_domains: Vec<&str> = ctx.sim.goals.iter().map(|g| g.goal.domain.as_str()).collect();
        let by = p.owner.id;

        let mut log: Vec<Change> = Vec::new();
        let mut now: Vec<NetworkMember> = Vec::new();
        let mut taken: Vec<String> = named.iter().map(|n| n.name.clone()).collect();
        for k in 0..count {
            let first_use = named.get(k).map(|n| (n.action, n.evaluation));
            // Who: someone the plan names, else a person or an organisation not in it yet.
            let (name, relation, bond) = if let Some(n) = named.get(k) {
                let found = PEOPLE.iter().find(|(who, _, _)| *who == n.name);
                (n.name.clone(), found.map_or("", |f| f.1), found.map_or(Bond::Family, |f| f.2))
            } else if isolated || rng.chance(0.3) {
                let free: Vec<usize> = (0..ORGS.len()).filter(|o| !taken.iter().any(|t| t == ORGS[*o].0)).collect();
                let fits: Vec<usize> = free.iter().copied().filter(|o| ORGS[*o].2.iter().any(|d| goal_domains.iter().any(|g| g.ends_with(d)))).collect();
                let pool = if !fits.is_empty() && rng.chance(0.7) { fits } else { free };
                let o = ORGS[*rng.pick(&pool)];
                taken.push(o.0.to_string());
                let member = organisation(rng, o, isolated);
                self.member(p, member, t0 + Duration::seconds(k as i64 * 45), &mut log, &mut now);
                continue;
            } else {
                let free: Vec<&(&str, &str, Bond)> = PEOPLE.iter().filter(|(who, _, _)| !taken.iter().any(|t| t == who)).collect();
                let (who, relation, bond) = **rng.pick(&free);
                taken.push(who.to_string());
                (who.to_string(), relation, bond)
            };
            let mut m = person(rng, name, relation, bond, isolated);
            // When they came in: at the intake, or some added later; anyone the plan names was
            // there by the time of their first action or evaluation.
            let mut created = t0 + Duration::seconds(k as i64 * 45);
            if first_use.is_none() && rng.chance(0.25) {
                created = later(rng, intake, p.horizon, 1).unwrap_or(created);
            }
            let mut updates: Vec<(DateTime<Utc>, bool)> = Vec::new();
            if let Some((action, evaluation)) = first_use {
                let first = [action, evaluation].into_iter().flatten().min();
                if let Some(first) = first.filter(|f| *f <= created) {
                    created = first - Duration::minutes(10);
                }
                for (when, is_action) in [(action, true), (evaluation, false)] {
                    match when {
                        Some(w) if w.date_naive() > created.date_naive() => updates.push((w, is_action)),
                        Some(_) => take_part(&mut m, is_action),
                        None => {}
                    }
                }
            } else if bond == Bond::Family && rng.chance(0.15) {
                m.takes_part_evaluations = true;
                m.consent = "plan".into();
            }
            m.id = next(&mut self.ids.network_member);
            log.push(member_change(&m, "create", created, by));
            updates.sort_by_key(|u| u.0);
            for (when, is_action) in updates {
                take_part(&mut m, is_action);
                m.version += 1;
                log.push(member_change(&m, "update", when, by));
            }
            // Now and then someone comes closer, or (not if the plan names them) leaves.
            let last = log.last().map(|c| c.at).unwrap_or(created);
            if let Some(when) = later(rng, last.date_naive(), p.horizon, 7) {
                if m.closeness > 1 && rng.chance(0.12) {
                    m.closeness -= 1;
                    m.version += 1;
                    log.push(member_change(&m, "update", when, by));
                } else if first_use.is_none() && rng.chance(0.05) {
                    m.version += 1;
                    log.push(member_change(&m, "delete", when, by));
                    continue;
                }
            }
            now.push(m);
        }

        log.sort_by_key(|c| c.at);
        for change in &log {
            self.keep(p, None, change, b);
        }
        for m in &now {
            let support: Vec<&str> = m.support.iter().map(String::as_str).collect();
            b.network.row([
                V::I(m.id),
                V::I(p.client_id),
                V::S(m.name.clone()),
                V::S(m.relation.clone()),
                V::S(m.kind.clone()),
                V::NS(m.phone.clone()),
                V::NS(m.email.clone()),
                V::I(m.closeness),
                V::S(support_to_text(&support)),
                V::S(m.gives_back.clone()),
                V::B(m.takes_part_actions),
                V::B(m.takes_part_evaluations),
                V::S(m.consent.clone()),
                V::I(m.version),
            ]);
        }
        self.stats.network_members += now.len();
        now.len()
    }

    /// An organisation joins at `when` and stays as it is.
    fn member(&mut self, p: &super::plan::PlanCtx, mut m: NetworkMember, when: DateTime<Utc>, log: &mut Vec<Change>, now: &mut Vec<NetworkMember>) {
        m.id = next(&mut self.ids.network_member);
        log.push(member_change(&m, "create", when, p.owner.id));
        now.push(m);
    }
}

/// Marks a member as taking part in actions (or evaluations); they then see at least the plan.
fn take_part(m: &mut NetworkMember, action: bool) {
    if action {
        m.takes_part_actions = true;
    } else {
        m.takes_part_evaluations = true;
    }
    if m.consent == "niets" {
        m.consent = "plan".into();
    }
}

/// Support codes in the fixed order, each with its chance.
fn support(rng: &mut Rng, chances: [f64; 4]) -> Vec<String> {
    SupportKind::CODES.iter().zip(chances).filter(|(_, c)| rng.chance(*c)).map(|(k, _)| k.to_string()).collect()
}

fn blank(name: String, relation: &str, kind: &str) -> NetworkMember {
    NetworkMember {
        id: 0,
        name,
        relation: relation.into(),
        kind: kind.into(),
        phone: None,
        email: None,
        closeness: 2,
        support: Vec::new(),
        gives_back: String::new(),
        takes_part_actions: false,
        takes_part_evaluations: false,
        consent: "niets".into(),
        version: 1,
    }
}

fn person(rng: &mut Rng, name: String, relation: &str, bond: Bond, isolated: bool) -> NetworkMember {
    let mut m = blank(name, relation, "persoon");
    // Chances of praktisch, emotioneel, informatie, gezelschap.
    let (ring, chances) = match bond {
        Bond::Family => (if rng.chance(0.6) { 1 } else { 2 }, [0.5, 0.7, 0.1, 0.4]),
        Bond::Friend => (if rng.chance(0.5) { 1 } else { 2 }, [0.2, 0.6, 0.1, 0.8]),
        Bond::Neighbour => (if rng.chance(0.6) { 2 } else { 3 }, [0.7, 0.1, 0.1, 0.4]),
        Bond::Volunteer => (2, [0.2, 0.6, 0.2, 0.9]),
        Bond::Ex => (3, [0.5, 0.0, 0.0, 0.0]),
    };
    m.closeness = if isolated { 3 } else { ring };
    m.support = support(rng, chances);
    if m.support.is_empty() && bond != Bond::Ex && !isolated {
        m.support.push(if bond == Bond::Neighbour { "praktisch" } else { "emotioneel" }.into());
    }
    if isolated && rng.chance(0.5) {
        m.support.clear();
    }
    if rng.chance(if bond == Bond::Ex { 0.3 } else { 0.6 }) && !isolated {
        m.gives_back = rng.pick(gives_back(bond)).to_string();
    }
    if rng.chance(0.55) {
        m.phone = Some(format!("06-{:08}", rng.range(10_000_000, 99_999_999)));
    }
    if m.closeness == 1 && rng.chance(0.25) {
        m.consent = if rng.chance(0.3) { "plan_en_journaal" } else { "plan" }.into();
    }
    m
}

fn organisation(rng: &mut Rng, (name, relation, _, gives): (&str, &str, &[&str], &str), isolated: bool) -> NetworkMember {
    let mut m = blank(name.to_string(), relation, "organisatie");
    m.closeness = if isolated || rng.chance(0.5) { 3 } else { 2 };
    m.support = support(rng, [0.6, 0.2, 0.85, 0.15]);
    if m.support.is_empty() {
        m.support.push("informatie".into());
    }
    if !gives.is_empty() && rng.chance(0.5) {
        m.gives_back = gives.to_string();
    }
    if rng.chance(0.8) {
        let area = *rng.pick(&["010", "020", "026", "030", "033", "055"]);
        m.phone = Some(format!("{area}-{:07}", rng.range(1_000_000, 9_999_999)));
    }
    if rng.chance(0.4) {
        m.email = Some(format!("{}@voorbeeld.nl", ascii(relation)));
    }
    if rng.chance(0.4) {
        m.consent = "plan".into();
    }
    m
}

fn member_change(m: &NetworkMember, op: &'static str, at: DateTime<Utc>, by: i64) -> Change {
    Change { entity: ENTITY_MEMBER, entity_id: m.id, version: m.version, op, at, by, data: serde_json::to_string(m).unwrap_or_default() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regie_domain::network::NetworkMemberInput;
    use regie_domain::FieldErrors;

    #[test]
    fn everyone_the_plan_can_name_is_a_known_person() {
        for name in super::super::names::NETWORK {
            assert!(PEOPLE.iter().any(|(who, _, _)| who == name), "{name} owns actions but has no place in the network");
        }
    }

    #[test]
    fn generated_members_pass_the_domain_checks() {
        let mut rng = Rng::new(7);
        for k in 0..200 {
            let (who, relation, bond) = PEOPLE[k % PEOPLE.len()];
            let members = [person(&mut rng, who.into(), relation, bond, k % 7 == 0), organisation(&mut rng, ORGS[k % ORGS.len()], k % 5 == 0)];
            for m in members {
                let input = NetworkMemberInput {
                    name: m.name.clone(),
                    relation: Some(m.relation.clone()),
                    kind: Some(m.kind.clone()),
                    phone: m.phone.clone(),
                    email: m.email.clone(),
                    closeness: Some(m.closeness),
                    support: m.support.clone(),
                    gives_back: Some(m.gives_back.clone()),
                    takes_part_actions: m.takes_part_actions,
                    takes_part_evaluations: m.takes_part_evaluations,
                    consent: Some(m.consent.clone()),
                };
                let mut e = FieldErrors::default();
                let v = input.check(&mut e);
                assert!(e.is_empty(), "{m:?}: {e:?}");
                assert_eq!(v.support, m.support.iter().map(String::as_str).collect::<Vec<_>>(), "support in the fixed order");
            }
        }
    }
}
