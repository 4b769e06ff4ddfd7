//! What the ZRM pictures show, decided without I/O: which measurements a star chart overlays,
//! each domain's levels over time, where the worker's and the client's own score differ enough to
//! talk about, and which target level counts per domain.
//!
//! The rules, in words:
//! * **Overlay** ([`overlay`]): the worker's measurements on the instrument of the latest worker
//!   measurement (axes of different instrument versions do not line up). At most three: the
//!   first, the latest, and one in between. The one in between is the latest measurement marked
//!   moment `midden` when there is one; otherwise the one whose date lies closest to halfway
//!   between the first and the latest date (the earlier one on a tie).
//! * **Gaps** ([`latest_pair`], [`gaps`]): the latest worker measurement beside the latest client
//!   measurement on the same instrument; a domain is a *bespreekpunt* when the two levels differ
//!   by [`GAP_THRESHOLD`] or more. "Niet besproken" on either side never counts.
//! * **Targets** ([`target_for`]): a goal and a result agreement can each carry a target on a
//!   domain. When several do, the chart shows the highest level (the furthest aim); on equal
//!   levels the one with the nearest (earliest) date, undated ones last.
//! * **Reached** ([`reached`]): the latest worker score is at or above the target level.

use crate::instrument::{Measurement, Moment, Rater};
use chrono::NaiveDate;
use serde::Serialize;

/// The highest level of the ZRM scale (levels run 1..=5).
pub const MAX_LEVEL: i64 = 5;

/// Levels that differ by this much or more between worker and client are a bespreekpunt.
pub const GAP_THRESHOLD: i64 = 2;

/// One measurement as the pictures need it.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    /// Database id.
    pub id: i64,
    /// Versioned instrument code (`zrm2017`, `zrm2013`).
    pub instrument: String,
    /// Scored by the worker (`true`) or the client's own score (`false`).
    pub worker: bool,
    /// The day of the measurement.
    pub measured_on: NaiveDate,
    /// `begin`, `midden`, `eind` or `tussen`.
    pub moment: String,
    /// Level per domain code; `None` is "niet besproken".
    pub levels: Vec<(String, Option<i64>)>,
}

impl Reading {
    /// The score on `domain`: `None` when the domain was not part of this measurement,
    /// `Some(None)` when it was "niet besproken".
    pub fn score(&self, domain: &str) -> Option<Option<i64>> {
        self.levels.iter().find(|(d, _)| d == domain).map(|(_, l)| *l)
    }

    /// The level on `domain`, `None` when not scored or not discussed.
    pub fn level(&self, domain: &str) -> Option<i64> {
        self.score(domain).flatten()
    }

    /// The reading of a recorded measurement.
    pub fn of(m: &Measurement) -> Reading {
        Reading {
            id: m.id,
            instrument: m.instrument.clone(),
            worker: m.rater == Rater::Worker,
            measured_on: m.measured_on,
            moment: m.moment.code().to_string(),
            levels: m.scores.iter().map(|s| (s.domain.clone(), s.level)).collect(),
        }
    }

    fn key(&self) -> (NaiveDate, i64) {
        (self.measured_on, self.id)
    }
}

/// A target level on one domain, carried by a goal or by a result agreement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DomainTarget {
    /// Database id.
    pub id: i64,
    /// The trajectory it belongs to.
    pub trajectory_id: i64,
    /// The goal carrying it (or `None`).
    pub goal_id: Option<i64>,
    /// The result agreement carrying it (or `None`).
    pub agreement_id: Option<i64>,
    /// ZRM domain code.
    pub domain_code: String,
    /// The level to reach, 1..=5.
    pub level: i64,
    /// When it should be reached.
    pub target_date: Option<NaiveDate>,
    /// Version after the latest change.
    pub version: i64,
    /// The goal's or agreement's text (for showing; empty when unknown).
    #[serde(skip)]
    pub label: String,
}

/// Worker measurements in time order (oldest first).
fn workers(readings: &[Reading]) -> Vec<&Reading> {
    let mut w: Vec<&Reading> = readings.iter().filter(|r| r.worker).collect();
    w.sort_by_key(|r| r.key());
    w
}

/// The instrument the pictures use: that of the latest worker measurement, else of the latest
/// client measurement; `None` without measurements.
pub fn chart_instrument(readings: &[Reading]) -> Option<&str> {
    let latest = |worker: bool| readings.iter().filter(|r| r.worker == worker).max_by_key(|r| r.key());
    latest(true).or_else(|| latest(false)).map(|r| r.instrument.as_str())
}

/// Up to three worker measurements to overlay, oldest first (see the module rule).
pub fn overlay(readings: &[Reading]) -> Vec<&Reading> {
    let all = workers(readings);
    let Some(last) = all.last() else { return Vec::new() };
    let same: Vec<&Reading> = all.iter().copied().filter(|r| r.instrument == last.instrument).collect();
    if same.len() <= 3 {
        return same;
    }
    let (first, latest) = (same[0], same[same.len() - 1]);
    let between = &same[1..same.len() - 1];
    let middle = between.iter().rev().find(|r| r.moment == Moment::Midden.code()).copied().unwrap_or_else(|| {
        let half = (latest.measured_on - first.measured_on).num_days() as f64 / 2.0;
        let off = |r: &Reading| ((r.measured_on - first.measured_on).num_days() as f64 - half).abs();
        // min_by keeps the first of equals: the earlier one on a tie.
        between.iter().copied().min_by(|a, b| off(a).total_cmp(&off(b))).unwrap_or(between[0])
    });
    vec![first, middle, latest]
}

/// Chooses the measurements asked for by id (at most three, worker or client, oldest first);
/// ids that are not there are skipped. Falls back to [`overlay`] when none is found.
pub fn chosen<'a>(readings: &'a [Reading], ids: &[i64]) -> Vec<&'a Reading> {
    let mut picked: Vec<&Reading> = readings.iter().filter(|r| ids.contains(&r.id)).collect();
    picked.sort_by_key(|r| r.key());
    picked.dedup_by_key(|r| r.id);
    if picked.is_empty() {
        return overlay(readings);
    }
    // Keep the latest three.
    let skip = picked.len().saturating_sub(3);
    picked.split_off(skip)
}

/// The levels of one domain over time for one rater on `instrument`, oldest first; a
/// measurement that did not discuss the domain gives `None` at its date.
pub fn series(readings: &[Reading], instrument: &str, domain: &str, worker: bool) -> Vec<(NaiveDate, Option<i64>)> {
    let mut out: Vec<&Reading> = readings.iter().filter(|r| r.worker == worker && r.instrument == instrument).collect();
    out.sort_by_key(|r| r.key());
    out.iter().filter_map(|r| r.score(domain).map(|l| (r.measured_on, l))).collect()
}

/// The latest worker measurement and the latest client measurement on the same instrument (the
/// instrument of the latest worker measurement).
pub fn latest_pair(readings: &[Reading]) -> Option<(&Reading, &Reading)> {
    let worker = readings.iter().filter(|r| r.worker).max_by_key(|r| r.key())?;
    let client = readings.iter().filter(|r| !r.worker && r.instrument == worker.instrument).max_by_key(|r| r.key())?;
    Some((worker, client))
}

/// A domain where the worker's and the client's levels differ by [`GAP_THRESHOLD`] or more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    /// Domain code.
    pub domain: String,
    /// The worker's level.
    pub worker: i64,
    /// The client's own level.
    pub client: i64,
}

/// The bespreekpunten between `worker` and `client`, in the order of `domains`.
pub fn gaps(worker: &Reading, client: &Reading, domains: &[&str]) -> Vec<Gap> {
    domains
        .iter()
        .filter_map(|d| {
            let (w, c) = (worker.level(d)?, client.level(d)?);
            ((w - c).abs() >= GAP_THRESHOLD).then(|| Gap { domain: d.to_string(), worker: w, client: c })
        })
        .collect()
}

/// The target that counts on `domain` (see the module rule), if any.
pub fn target_for<'a>(targets: &'a [DomainTarget], domain: &str) -> Option<&'a DomainTarget> {
    targets.iter().filter(|t| t.domain_code == domain).min_by_key(|t| (-t.level, t.target_date.is_none(), t.target_date, t.id))
}

/// Whether `latest` (the latest worker level) reaches `target`.
pub fn reached(target: i64, latest: Option<i64>) -> bool {
    latest.is_some_and(|l| l >= target)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn reading(id: i64, worker: bool, on: &str, moment: &str, levels: &[(&str, Option<i64>)]) -> Reading {
        Reading {
            id,
            instrument: "zrm2017".into(),
            worker,
            measured_on: day(on),
            moment: moment.into(),
            levels: levels.iter().map(|(d, l)| (d.to_string(), *l)).collect(),
        }
    }

    fn target(id: i64, domain: &str, level: i64, date: Option<&str>) -> DomainTarget {
        DomainTarget {
            id,
            trajectory_id: 1,
            goal_id: Some(id),
            agreement_id: None,
            domain_code: domain.into(),
            level,
            target_date: date.map(day),
            version: 1,
            label: String::new(),
        }
    }

    fn ids(rs: &[&Reading]) -> Vec<i64> {
        rs.iter().map(|r| r.id).collect()
    }

    #[test]
    fn up_to_three_measurements_are_all_overlaid_oldest_first() {
        let rs = vec![reading(2, true, "2026-03-01", "tussen", &[]), reading(1, true, "2026-01-01", "begin", &[]), reading(9, false, "2026-02-01", "tussen", &[])];
        assert_eq!(ids(&overlay(&rs)), vec![1, 2], "client scores are not overlaid");
        assert!(overlay(&[]).is_empty());
    }

    #[test]
    fn with_more_the_first_the_latest_and_the_one_halfway_in_time() {
        let rs = vec![
            reading(1, true, "2026-01-01", "begin", &[]),
            reading(2, true, "2026-01-20", "tussen", &[]),
            reading(3, true, "2026-04-05", "tussen", &[]),
            reading(4, true, "2026-06-01", "tussen", &[]),
            reading(5, true, "2026-07-01", "eind", &[]),
        ];
        // Halfway between 1 January and 1 July is 1 April: measurement 3 is closest.
        assert_eq!(ids(&overlay(&rs)), vec![1, 3, 5]);
        // A measurement marked "midden" wins over the date rule.
        let mut marked = rs.clone();
        marked[3].moment = "midden".into();
        assert_eq!(ids(&overlay(&marked)), vec![1, 4, 5]);
    }

    #[test]
    fn only_the_latest_instrument_is_overlaid() {
        let mut old = reading(1, true, "2025-01-01", "begin", &[]);
        old.instrument = "zrm2013".into();
        let rs = vec![old, reading(2, true, "2026-01-01", "begin", &[]), reading(3, true, "2026-05-01", "eind", &[])];
        assert_eq!(ids(&overlay(&rs)), vec![2, 3]);
        assert_eq!(chart_instrument(&rs), Some("zrm2017"));
    }

    #[test]
    fn chosen_ids_are_kept_at_three_and_unknown_ids_fall_back() {
        let rs: Vec<Reading> = (1..=5).map(|i| reading(i, true, &format!("2026-0{i}-01"), "tussen", &[])).collect();
        assert_eq!(ids(&chosen(&rs, &[4, 2])), vec![2, 4]);
        assert_eq!(ids(&chosen(&rs, &[1, 2, 3, 4])), vec![2, 3, 4]);
        assert_eq!(ids(&chosen(&rs, &[77])), vec![1, 3, 5]);
    }

    #[test]
    fn a_difference_of_two_is_a_bespreekpunt_and_one_is_not() {
        let w = reading(1, true, "2026-03-01", "begin", &[("fin", Some(4)), ("werk", Some(3)), ("huis", None), ("just", Some(5))]);
        let c = reading(2, false, "2026-03-02", "begin", &[("fin", Some(2)), ("werk", Some(2)), ("huis", Some(1)), ("just", Some(1))]);
        let g = gaps(&w, &c, &["fin", "werk", "huis", "just"]);
        assert_eq!(g, vec![Gap { domain: "fin".into(), worker: 4, client: 2 }, Gap { domain: "just".into(), worker: 5, client: 1 }]);
    }

    #[test]
    fn the_pair_is_the_latest_of_each_on_the_same_instrument() {
        let mut other = reading(4, false, "2026-06-01", "eind", &[]);
        other.instrument = "zrm2013".into();
        let rs = vec![reading(1, true, "2026-01-01", "begin", &[]), reading(2, true, "2026-05-01", "eind", &[]), reading(3, false, "2026-01-02", "begin", &[]), other];
        let (w, c) = latest_pair(&rs).unwrap();
        assert_eq!((w.id, c.id), (2, 3));
        assert!(latest_pair(&rs[..2]).is_none(), "no client score, no pair");
    }

    #[test]
    fn series_follow_time_and_keep_niet_besproken_as_none() {
        let rs = vec![reading(2, true, "2026-05-01", "eind", &[("fin", None)]), reading(1, true, "2026-01-01", "begin", &[("fin", Some(2))])];
        assert_eq!(series(&rs, "zrm2017", "fin", true), vec![(day("2026-01-01"), Some(2)), (day("2026-05-01"), None)]);
        assert!(series(&rs, "zrm2017", "fin", false).is_empty());
    }

    #[test]
    fn the_highest_target_counts_then_the_nearest_date() {
        let ts = vec![target(1, "fin", 3, Some("2026-06-01")), target(2, "fin", 4, None), target(3, "fin", 4, Some("2026-09-01")), target(4, "werk", 2, None)];
        assert_eq!(target_for(&ts, "fin").map(|t| t.id), Some(3));
        assert_eq!(target_for(&ts, "werk").map(|t| t.id), Some(4));
        assert!(target_for(&ts, "huis").is_none());
        assert!(reached(3, Some(3)) && reached(3, Some(5)));
        assert!(!reached(3, Some(2)) && !reached(3, None));
    }

    #[test]
    fn niet_besproken_differs_from_not_scored() {
        let r = reading(1, true, "2026-01-01", "begin", &[("fin", None)]);
        assert_eq!(r.score("fin"), Some(None));
        assert_eq!(r.score("werk"), None);
        assert_eq!(r.level("fin"), None);
    }
}
