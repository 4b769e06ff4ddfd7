//! The outcomes report: what changed for clients, for the organisation, a team or a cohort.
//! Counts and statistics only, never client content; limited by role like the
//! kwaliteitsmonitor ([`report_scope`]: a teamleider the own team, `kwaliteit` and `beheer` the
//! organisation, anyone else nothing).
//!
//! ## What is counted
//! - **Pairs** (per instrument version and domain): each trajectory's first and last worker
//!   ('begeleider') measurement on the same instrument version (by `measured_on`, then id); a
//!   trajectory with one measurement on a version has no pair there. A domain counts when it was
//!   scored (not "niet besproken") in both. The version is never mixed: a trajectory that moved
//!   from ZRM 2013 to ZRM 2017 pairs only within each version.
//! - **Total score**: per pair of measurements, the mean of the domains scored in both; paired
//!   t-test and Cohen's d_z (see `regie_domain::outcomes::total`).
//! - **Satisfaction**: per trajectory one response: the one at the end (moment `einde`) when
//!   there is one, else the latest; its report mark.
//! - **Duration** and **exit destinations**: closed trajectories (days from start to end).
//! - **Result-agreement attainment**: agreements per team asked and role, by status.
//!
//! ## The period
//! A result counts in the period in which it became known: a pair when its **last**
//! measurement falls in it; satisfaction when answered in it; duration and exit destination when
//! the trajectory **ended** in it; a result agreement when its **deadline** falls in it. Both
//! ends are inclusive and either may be open.
//!
//! ## Cost
//! Six aggregate queries (run side by side), whatever the number of trajectories: the database
//! groups by instrument, domain and levels, so a few hundred rows come back. The pairs are not
//! searched for on every report: `outcome_pairs` and `outcome_totals` (migration 0015) keep each
//! trajectory's pairs and their sums, recomputed whenever a worker measurement changes
//! (`crate::measurement`), so the report only groups kept rows, joining trajectories and
//! clients only when a filter needs them. See `examples/bench_outcomes.rs`.

use crate::outcomes_sql::{self as q, Bind};
use crate::{report_scope, Result, Store};
use chrono::NaiveDate;
use regie_domain::outcomes::{
    domain_outcome, satisfaction_summary, total_outcome, DomainOutcome, DomainPairs, SatisfactionSummary, TotalOutcome,
};
use regie_domain::record::User;
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::Row;
use std::collections::BTreeMap;

/// Which trajectories the report counts. Empty or 0 = not filtered.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct OutcomeFilter {
    /// First day of the period (inclusive).
    pub from: Option<NaiveDate>,
    /// Last day of the period (inclusive).
    pub to: Option<NaiveDate>,
    /// The client's team.
    pub team_id: i64,
    /// The location of the client's team.
    pub location_id: i64,
    /// The trajectory's phase model.
    pub model_id: i64,
    /// A method code from the methods library used in the trajectory.
    pub method: String,
    /// Funding law code (wmo, jeugdwet, wlz, zvw, participatiewet, anders).
    pub funding: String,
    /// Target group code in the client's profile.
    pub target_group: String,
}

/// One domain of one instrument.
#[derive(Debug, Clone, Serialize)]
pub struct DomainReport {
    /// The domain's name in the instrument (or its code when unknown).
    pub name: String,
    /// The numbers.
    pub outcome: DomainOutcome,
}

/// Everything about one instrument version.
#[derive(Debug, Clone, Serialize)]
pub struct InstrumentReport {
    /// Code (`zrm2017`, `zrm2013`).
    pub instrument: String,
    /// Name.
    pub name: String,
    /// Per domain, in the instrument's order (unknown codes after, by code).
    pub domains: Vec<DomainReport>,
    /// The total score.
    pub total: TotalOutcome,
}

/// Length of closed trajectories.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DurationSummary {
    /// Closed trajectories counted.
    pub n: i64,
    /// Mean length in days.
    pub mean_days: Option<f64>,
    /// Median length in days.
    pub median_days: Option<f64>,
}

/// Result agreements of one team and role, by status.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AttainmentRow {
    /// Team asked (0 when unknown).
    pub team_id: i64,
    /// Its name.
    pub team_name: String,
    /// Role asked ('' when none).
    pub role_code: String,
    /// Per status code (open, behaald, deels_behaald, niet_behaald, ingetrokken).
    pub counts: BTreeMap<String, i64>,
    /// All agreements.
    pub total: i64,
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct OutcomesReport {
    /// The team the report is limited to (a teamleider's own), or 0.
    pub team_id: i64,
    /// The filter as applied.
    pub filter: OutcomeFilter,
    /// One entry per instrument version with pairs, the current version first.
    pub instruments: Vec<InstrumentReport>,
    /// Report marks.
    pub satisfaction: SatisfactionSummary,
    /// Length of closed trajectories.
    pub duration: DurationSummary,
    /// Closed trajectories per exit destination code ('' = not recorded), most first.
    pub exits: Vec<(String, i64)>,
    /// Attainment per team and role.
    pub attainment: Vec<AttainmentRow>,
}

/// One exported pair: a trajectory's first and last level on one domain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutcomePair {
    /// Trajectory id.
    pub trajectory_id: i64,
    /// Instrument version.
    pub instrument: String,
    /// Domain code.
    pub domain: String,
    /// Level at the first measurement.
    pub first: i64,
    /// Level at the last measurement.
    pub last: i64,
}

fn i(r: &AnyRow, col: &str) -> Result<i64> {
    Ok(r.try_get(col)?)
}

impl Store {
    async fn bound(&self, (sql, binds): (String, Vec<Bind>)) -> Result<Vec<AnyRow>> {
        let mut query = sqlx::query(&sql);
        for b in binds {
            query = match b {
                Bind::I(v) => query.bind(v),
                Bind::S(v) => query.bind(v),
            };
        }
        Ok(query.fetch_all(self.r()).await?)
    }

    /// The team `user` may report on with `filter`: `None` when not allowed.
    fn outcome_team(user: &User, filter: &OutcomeFilter) -> Option<i64> {
        match report_scope(user)? {
            0 => Some(filter.team_id.max(0)),
            own if filter.team_id == 0 || filter.team_id == own => Some(own),
            _ => None,
        }
    }

    /// The outcomes report for `user`; `None` when the user's role may not see it (or a
    /// teamleider asks for another team).
    pub async fn outcomes_report(&self, user: &User, filter: &OutcomeFilter) -> Result<Option<OutcomesReport>> {
        let Some(team_id) = Self::outcome_team(user, filter) else {
            return Ok(None);
        };
        let f = filter;
        let (counts, totals, marks, closed, agreements, teams) = tokio::try_join!(
            self.bound(q::domain_counts(team_id, f)),
            self.bound(q::total_sums(team_id, f)),
            self.bound(q::satisfaction(team_id, f)),
            self.bound(q::closed(self.engine(), team_id, f)),
            self.bound(q::attainment(team_id, f)),
            self.teams(),
        )?;

        // Per instrument: the 5×5 table per domain and the totals.
        let mut cells: BTreeMap<String, BTreeMap<String, DomainPairs>> = BTreeMap::new();
        for r in &counts {
            let (inst, domain): (String, String) = (r.try_get("instrument")?, r.try_get("domain_code")?);
            let (a, z, n) = (i(r, "first_level")?, i(r, "last_level")?, i(r, "n")?);
            if !(1..=5).contains(&a) || !(1..=5).contains(&z) {
                continue;
            }
            let pairs = cells.entry(inst).or_default().entry(domain.clone()).or_insert_with(|| DomainPairs::new(domain));
            pairs.counts[(a - 1) as usize][(z - 1) as usize] += n;
        }
        let mut sums: BTreeMap<String, Vec<(f64, f64)>> = BTreeMap::new();
        for r in &totals {
            let inst: String = r.try_get("instrument")?;
            let (a, z, k, n) = (i(r, "sum_first")?, i(r, "sum_last")?, i(r, "k")?, i(r, "n")?);
            if k > 0 {
                let pair = (a as f64 / k as f64, z as f64 / k as f64);
                sums.entry(inst).or_default().extend(std::iter::repeat_n(pair, n as usize));
            }
        }
        let order = |code: &str| {
            regie_domain::instrument::instruments().iter().position(|x| x.code == code).unwrap_or(usize::MAX)
        };
        let mut names: Vec<String> = cells.keys().chain(sums.keys()).cloned().collect();
        names.sort_by(|a, b| order(a).cmp(&order(b)).then(a.cmp(b)));
        names.dedup();
        let instruments = names
            .into_iter()
            .map(|code| {
                let def = regie_domain::instrument::instrument(&code);
                let mut domains: Vec<DomainReport> = cells
                    .remove(&code)
                    .unwrap_or_default()
                    .into_values()
                    .map(|p| DomainReport {
                        name: def
                            .and_then(|d| d.domain(&p.domain).or_else(|| d.supplements.iter().flat_map(|s| s.domains).find(|x| x.code == p.domain)))
                            .map(|d| d.name.to_string())
                            .unwrap_or_else(|| p.domain.clone()),
                        outcome: domain_outcome(&p),
                    })
                    .collect();
                let position = |c: &str| def.and_then(|d| d.domains.iter().position(|x| x.code == c)).unwrap_or(usize::MAX);
                domains.sort_by(|a, b| position(&a.outcome.domain).cmp(&position(&b.outcome.domain)).then(a.outcome.domain.cmp(&b.outcome.domain)));
                InstrumentReport {
                    name: def.map(|d| d.name.to_string()).unwrap_or_else(|| code.clone()),
                    total: total_outcome(sums.get(&code).map(Vec::as_slice).unwrap_or(&[])),
                    instrument: code,
                    domains,
                }
            })
            .collect();

        let mut hist = [0i64; 10];
        for r in &marks {
            let mark = i(r, "mark")?;
            if (1..=10).contains(&mark) {
                hist[(mark - 1) as usize] += i(r, "n")?;
            }
        }

        let mut days: BTreeMap<i64, i64> = BTreeMap::new();
        let mut exits: BTreeMap<String, i64> = BTreeMap::new();
        for r in &closed {
            let n = i(r, "n")?;
            *days.entry(i(r, "days")?).or_default() += n;
            *exits.entry(r.try_get("exit_destination")?).or_default() += n;
        }
        let mut exits: Vec<(String, i64)> = exits.into_iter().collect();
        exits.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));

        let team_name = |id: i64| teams.iter().find(|t| t.id == id).map(|t| t.name.clone()).unwrap_or_default();
        let mut attainment: BTreeMap<(String, i64, String), AttainmentRow> = BTreeMap::new();
        for r in &agreements {
            let (team, role, status, n): (i64, String, String, i64) =
                (i(r, "team_id")?, r.try_get("role_code")?, r.try_get("status")?, i(r, "n")?);
            let name = team_name(team);
            let row = attainment.entry((name.clone(), team, role.clone())).or_insert_with(|| AttainmentRow {
                team_id: team,
                team_name: name,
                role_code: role,
                ..Default::default()
            });
            *row.counts.entry(status).or_default() += n;
            row.total += n;
        }

        Ok(Some(OutcomesReport {
            team_id,
            filter: filter.clone(),
            instruments,
            satisfaction: satisfaction_summary(&hist),
            duration: duration(&days),
            exits,
            attainment: attainment.into_values().collect(),
        }))
    }

    /// The pairs behind the report, one row per trajectory, instrument and domain (ordered by
    /// instrument, trajectory, domain), for checking the statistics elsewhere. Trajectory ids
    /// only, no client content; the same access rule as the report (`None`: not allowed).
    pub async fn outcome_pairs(&self, user: &User, filter: &OutcomeFilter) -> Result<Option<Vec<OutcomePair>>> {
        let Some(team_id) = Self::outcome_team(user, filter) else {
            return Ok(None);
        };
        let rows = self.bound(q::pair_rows(team_id, filter)).await?;
        rows.iter()
            .map(|r| {
                Ok(OutcomePair {
                    trajectory_id: i(r, "trajectory_id")?,
                    instrument: r.try_get("instrument")?,
                    domain: r.try_get("domain_code")?,
                    first: i(r, "first_level")?,
                    last: i(r, "last_level")?,
                })
            })
            .collect::<Result<Vec<_>>>()
            .map(Some)
    }

    /// The choices of the report's filter: locations (id, name) and teams (id, name,
    /// location id). Two queries.
    pub async fn outcome_choices(&self) -> Result<(Vec<(i64, String)>, Vec<(i64, String, i64)>)> {
        let (locations, teams) = tokio::try_join!(
            sqlx::query("SELECT id, name FROM locations ORDER BY name").fetch_all(self.r()),
            sqlx::query("SELECT id, name, location_id FROM teams ORDER BY name").fetch_all(self.r()),
        )?;
        let locations = locations.iter().map(|r| Ok((i(r, "id")?, r.try_get("name")?))).collect::<Result<_>>()?;
        let teams = teams.iter().map(|r| Ok((i(r, "id")?, r.try_get("name")?, i(r, "location_id")?))).collect::<Result<_>>()?;
        Ok((locations, teams))
    }
}

/// The pairs as the SciPy check script reads them (`scripts/outcomes_fixtures.py --pairs`):
/// UTF-8 with BOM, `;`-separated; a section `domain;first;last` (every instrument, each
/// instrument's domains in its order, then by trajectory) and a section
/// `trajectory;total_first;total_last` with the totals of `total_instrument` (per trajectory the
/// mean of the domains scored in both, as Rust prints an `f64`).
pub fn pairs_csv(pairs: &[OutcomePair], total_instrument: &str) -> String {
    let inst_order = |code: &str| regie_domain::instrument::instruments().iter().position(|x| x.code == code).unwrap_or(usize::MAX);
    let dom_order = |inst: &str, d: &str| {
        regie_domain::instrument::instrument(inst).and_then(|x| x.domains.iter().position(|y| y.code == d)).unwrap_or(usize::MAX)
    };
    let mut sorted: Vec<&OutcomePair> = pairs.iter().collect();
    sorted.sort_by(|a, b| {
        (inst_order(&a.instrument), &a.instrument, dom_order(&a.instrument, &a.domain), &a.domain, a.trajectory_id).cmp(&(
            inst_order(&b.instrument),
            &b.instrument,
            dom_order(&b.instrument, &b.domain),
            &b.domain,
            b.trajectory_id,
        ))
    });
    let mut out = String::from("\u{feff}domain;first;last\n");
    for p in &sorted {
        out.push_str(&format!("{};{};{}\n", p.domain, p.first, p.last));
    }
    out.push_str("trajectory;total_first;total_last\n");
    let mut totals: BTreeMap<i64, (i64, i64, i64)> = BTreeMap::new();
    for p in pairs.iter().filter(|p| p.instrument == total_instrument) {
        let t = totals.entry(p.trajectory_id).or_default();
        *t = (t.0 + p.first, t.1 + p.last, t.2 + 1);
    }
    for (id, (a, z, k)) in totals {
        out.push_str(&format!("{id};{};{}\n", a as f64 / k as f64, z as f64 / k as f64));
    }
    out
}

/// Mean and median of a histogram of days.
fn duration(days: &BTreeMap<i64, i64>) -> DurationSummary {
    let n: i64 = days.values().sum();
    if n == 0 {
        return DurationSummary::default();
    }
    let sum: i64 = days.iter().map(|(d, c)| d * c).sum();
    // The value at 0-based rank k.
    let at = |k: i64| {
        let mut seen = 0;
        for (d, c) in days {
            seen += c;
            if k < seen {
                return *d as f64;
            }
        }
        0.0
    };
    let median = if n % 2 == 1 { at(n / 2) } else { (at(n / 2 - 1) + at(n / 2)) / 2.0 };
    DurationSummary { n, mean_days: Some(sum as f64 / n as f64), median_days: Some(median) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_a_histogram() {
        let h: BTreeMap<i64, i64> = [(10, 1), (20, 2), (40, 1)].into_iter().collect();
        let d = duration(&h);
        assert_eq!((d.n, d.mean_days, d.median_days), (4, Some(22.5), Some(20.0)));
        let h: BTreeMap<i64, i64> = [(10, 1), (30, 1)].into_iter().collect();
        assert_eq!(duration(&h).median_days, Some(20.0));
        assert_eq!(duration(&BTreeMap::new()).n, 0);
    }
}
