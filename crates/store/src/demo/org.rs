//! The generator and the organisation: locations, teams, staff in the built-in roles, and which
//! trajectbegeleider holds which clients.

use super::batch::{at, next, Batch, ClientRows, Ids, Rows, V};
use super::names::{FIRST_NAMES, LAST_NAMES, LOCATIONS, ROLE_PREFIX, TEAM_BASES, TEAM_PLACES};
use super::profile::SCRIPT;
use super::domains::DOMAIN_WEIGHTS;
use super::{DemoAccount, DemoSummary, DEMO_DOMAIN};
use chrono::{Duration, NaiveDate};
use regie_domain::phase::PhaseModel;
use regie_domain::rng::Rng;

/// Clients per trajectbegeleider, roughly (the first of each team holds the scripted caseload).
const CASELOAD: usize = 18;

/// What was generated, for the summary.
#[derive(Debug, Clone, Default)]
pub(super) struct Stats {
    pub(super) trajectories: usize,
    pub(super) goals: usize,
    pub(super) actions: usize,
    pub(super) changes: usize,
    pub(super) journal: usize,
    pub(super) evaluations: usize,
    pub(super) methods: usize,
    pub(super) strengths: usize,
    pub(super) network_members: usize,
}

/// A staff member as clients refer to them.
#[derive(Debug, Clone)]
pub(super) struct Person {
    pub(super) id: i64,
    pub(super) name: String,
}

/// A team with its staff and its block of clients.
#[derive(Debug, Clone)]
pub(super) struct TeamPlan {
    pub(super) id: i64,
    pub(super) first_client: usize,
    pub(super) end_client: usize,
    /// The trajectbegeleiders, each with the end (exclusive, counted within the team) of their
    /// run of clients.
    pub(super) workers: Vec<(Person, usize)>,
    pub(super) coach: Person,
    pub(super) coach_role: &'static str,
    pub(super) jobcoach: Person,
}

impl TeamPlan {
    /// The trajectbegeleider of the team's `local`-th client.
    pub(super) fn worker_of(&self, local: usize) -> &Person {
        let last = &self.workers[self.workers.len() - 1].0;
        self.workers.iter().find(|(_, end)| local < *end).map(|(p, _)| p).unwrap_or(last)
    }
}

/// One state a trajectory can be in: a model, a phase position, whether it is closed.
#[derive(Debug, Clone, Copy)]
pub(super) struct State {
    pub(super) model: usize,
    pub(super) position: i64,
    pub(super) closed: bool,
}

/// Builds the rows; the content depends only on `n` (the seed) and `today`.
pub(super) struct Generator {
    pub(super) n: usize,
    pub(super) today: NaiveDate,
    pub(super) rng: Rng,
    /// The built-in models, in their fixed order.
    pub(super) models: Vec<PhaseModel>,
    /// Every state, cycled through by the first clients so each phase is occupied.
    pub(super) states: Vec<State>,
    pub(super) state_step: usize,
    pub(super) ids: Ids,
    pub(super) teams: Vec<TeamPlan>,
    /// Clients `0..script_len` are begeleider@'s caseload and follow [`SCRIPT`].
    pub(super) script_len: usize,
    pub(super) stats: Stats,
}

impl Generator {
    pub(super) fn new(n: usize, today: NaiveDate, models: Vec<PhaseModel>, ids: Ids) -> Generator {
        let mut states = Vec::new();
        for (m, model) in models.iter().enumerate() {
            for p in &model.phases {
                states.push(State { model: m, position: p.position, closed: false });
            }
            if !model.cyclic {
                states.push(State { model: m, position: model.phases.len() as i64, closed: true });
            }
        }
        // A step coprime with the number of states: any run of that many consecutive clients
        // covers every state, and neighbours differ.
        let len = states.len();
        let state_step = (7..).find(|s| gcd(*s, len) == 1).unwrap_or(1);
        Generator {
            n,
            today,
            rng: Rng::new(0x5EED_0000_0000_0000 ^ n as u64),
            models,
            states,
            state_step,
            ids,
            teams: Vec::new(),
            script_len: 0,
            stats: Stats::default(),
        }
    }

    pub(super) fn person_name(&mut self) -> String {
        let first = *self.rng.pick(FIRST_NAMES);
        let last = self.last_name();
        format!("{first} {last}")
    }

    pub(super) fn last_name(&mut self) -> String {
        match *self.rng.pick(LAST_NAMES) {
            ("", last) => last.to_string(),
            (tussenvoegsel, last) => format!("{tussenvoegsel} {last}"),
        }
    }

    /// Locations, teams and staff; the summary's accounts.
    pub(super) fn organisation(&mut self, hash: &str) -> (Batch, DemoSummary) {
        let mut locations = Rows::new("locations", &["id", "name", "kind"]);
        let mut teams = Rows::new("teams", &["id", "name", "location_id"]);
        let mut users = Rows::new("users", &["id", "email", "name", "password_hash", "role_code", "team_id", "active", "created_at"]);
        // Every demo account has its second factor set up with a public secret derived from its
        // email (`crate::demo_secret`), marked demo so `regie user code` may print its codes.
        let mut factors = Rows::new("user_factors", &["user_id", "secret", "confirmed_at", "demo"]);
        let mut location_ids = Vec::new();
        for (name, kind) in LOCATIONS {
            let id = next(&mut self.ids.location);
            location_ids.push(id);
            locations.row([V::I(id), V::T(name), V::T(kind)]);
        }
        let n_teams = ((self.n + 75) / 150).max(3);
        let mut counters: Vec<(&'static str, usize)> = Vec::new();
        let mut accounts: Vec<DemoAccount> = Vec::new();
        let created = crate::time::stamp(at(self.today - Duration::days(800), 9 * 3600));
        let mut staff = 0usize;
        let mut add_user = |gen: &mut Generator, role: &'static str, name: String, team: Option<(i64, &str)>, clients: usize| -> Person {
            let prefix = ROLE_PREFIX.iter().find(|(r, _)| *r == role).map(|(_, p)| *p).unwrap_or(role);
            let count = match counters.iter_mut().find(|(r, _)| *r == role) {
                Some((_, c)) => {
                    *c += 1;
                    *c
                }
                None => {
                    counters.push((role, 1));
                    1
                }
            };
            let email = if count == 1 { format!("{prefix}@{DEMO_DOMAIN}") } else { format!("{prefix}{count}@{DEMO_DOMAIN}") };
            let id = next(&mut gen.ids.user);
            users.row([
                V::I(id),
                V::S(email.clone()),
                V::S(name.clone()),
                V::S(hash.to_string()),
                V::T(role),
                V::NI(team.map(|t| t.0)),
                V::B(true),
                V::S(created.clone()),
            ]);
            factors.row([V::I(id), V::S(crate::demo_secret(&email)), V::S(created.clone()), V::B(true)]);
            staff += 1;
            if count <= 2 && (role == "trajectbegeleider" || count == 1) {
                let role_name = regie_domain::catalogue::BUILTIN_ROLES.iter().find(|r| r.code == role).map(|r| r.name).unwrap_or(role);
                accounts.push(DemoAccount { email, name: name.clone(), role: role_name.into(), team: team.map(|t| t.1.to_string()), clients });
            }
            Person { id, name }
        };

        let beheer_name = "Ingrid Smit".to_string();
        add_user(self, "beheer", beheer_name, None, 0);
        let kwaliteit = self.person_name();
        add_user(self, "kwaliteit", kwaliteit, None, 0);
        // A fixed name (no draw from the generator), so adding this account changed no other data.
        add_user(self, "privacy", "Petra de Boer".to_string(), None, 0);

        let mut plans = Vec::new();
        for t in 0..n_teams {
            let loc = t % LOCATIONS.len();
            let round = t / LOCATIONS.len();
            let base = TEAM_BASES[loc];
            let name = if round == 0 {
                format!("Team {base}")
            } else {
                let place = TEAM_PLACES[(round - 1) % TEAM_PLACES.len()];
                match (round - 1) / TEAM_PLACES.len() {
                    0 => format!("Team {base} {place}"),
                    k => format!("Team {base} {place} {}", k + 1),
                }
            };
            let id = next(&mut self.ids.team);
            teams.row([V::I(id), V::S(name.clone()), V::I(location_ids[loc])]);
            let first_client = t * self.n / n_teams;
            let end_client = (t + 1) * self.n / n_teams;
            let lead_name = if t == 0 { "Marco de Wit".to_string() } else { self.person_name() };
            add_user(self, "teamleider", lead_name, Some((id, &name)), 0);
            let mut workers = Vec::new();
            for (w, (start, end)) in caseloads(end_client - first_client).into_iter().enumerate() {
                let worker_name = if t == 0 && w == 0 { "Sanne Visser".to_string() } else { self.person_name() };
                workers.push((add_user(self, "trajectbegeleider", worker_name, Some((id, &name)), end - start), end));
            }
            let coach_role = if loc == 2 { "thuisbegeleider" } else { "wooncoach" };
            let coach_name = self.person_name();
            let coach = add_user(self, coach_role, coach_name, Some((id, &name)), 0);
            let job_name = self.person_name();
            let jobcoach = add_user(self, "jobcoach", job_name, Some((id, &name)), 0);
            plans.push(TeamPlan { id, first_client, end_client, workers, coach, coach_role, jobcoach });
        }
        // begeleider@ is the first trajectbegeleider of the first team, whose clients come first.
        self.script_len = plans.first().and_then(|t| t.workers.first()).map_or(0, |(_, end)| *end).min(SCRIPT.len());
        self.cycle_without_script();
        self.teams = plans;
        // Headline accounts first: the three the issue names, then the rest in role order.
        let rank = |a: &DemoAccount| match a.email.split('@').next().unwrap_or("") {
            "begeleider" => 0,
            "teamleider" => 1,
            "beheer" => 2,
            "begeleider2" => 3,
            _ => 4,
        };
        accounts.sort_by_key(rank);
        let summary = DemoSummary { locations: LOCATIONS.len(), teams: n_teams, staff, accounts, ..DemoSummary::default() };
        (Batch { tables: vec![locations, teams, users, factors] }, summary)
    }

    /// The rows of clients `start..end`.
    pub(super) fn clients(&mut self, start: usize, end: usize) -> Batch {
        let mut b = ClientRows::new();
        for i in start..end {
            self.client(i, &mut b);
        }
        b.into_batch()
    }

    /// A domain from `pool`, the common ones (housing, money) more often.
    pub(super) fn weighted_domain(&mut self, pool: &[&'static str]) -> &'static str {
        let weight = |d: &str| DOMAIN_WEIGHTS.iter().find(|(c, _)| *c == d).map(|(_, w)| *w).unwrap_or(1);
        let total: i64 = pool.iter().map(|d| weight(d)).sum();
        let mut r = self.rng.range(0, total.max(1) - 1);
        for d in pool {
            if r < weight(d) {
                return d;
            }
            r -= weight(d);
        }
        pool[0]
    }
}

/// How a team of `size` clients is divided over its trajectbegeleiders, as (start, end) runs:
/// the first holds a full caseload (the length of the script, or most of a small team), the
/// others about [`CASELOAD`] each.
fn caseloads(size: usize) -> Vec<(usize, usize)> {
    let first = if size >= 5 { (size - size / 5).min(SCRIPT.len()) } else { size };
    let rest = size - first;
    let others = rest.div_ceil(CASELOAD);
    let mut out = vec![(0, first)];
    for w in 0..others {
        out.push((first + w * rest / others, first + (w + 1) * rest / others));
    }
    out
}

pub(super) fn gcd(a: usize, b: usize) -> usize {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

#[cfg(test)]
mod tests {
    use super::caseloads;

    #[test]
    fn every_client_of_a_team_has_one_trajectbegeleider() {
        for size in [1, 4, 10, 20, 21, 66, 150, 333] {
            let runs = caseloads(size);
            assert_eq!(runs[0].0, 0);
            assert_eq!(runs.last().unwrap().1, size, "{size}");
            assert!(runs.windows(2).all(|w| w[0].1 == w[1].0), "{size}: {runs:?}");
            assert!(runs.iter().all(|(s, e)| e - s <= 18), "{size}: {runs:?}");
        }
        assert_eq!(caseloads(20)[0], (0, 16), "begeleider@ at 60 clients");
        assert_eq!(caseloads(150)[0], (0, 17));
    }
}
