//! Result agreements (resultaatafspraken), the exit destination (uitstroom) and client
//! satisfaction: the vocabularies and the rules, no I/O.
//!
//! **Attainment.** A result agreement carries targets: a level (1–5) on a ZRM 2017 domain. A
//! target is judged against the worker's ZRM scores (rater `begeleider`) of the agreement's
//! trajectory: the latest score *with a level* for that domain measured on or before the cut-off
//! date counts ("niet besproken" is no score). The cut-off is the deadline, or the day the
//! agreement was closed or today when that is earlier: [`cutoff`]. Score ≥ target level →
//! [`Attainment::Reached`], lower → [`Attainment::NotReached`], no score → [`Attainment::NotMeasured`].
//! From its targets an agreement gets a suggested status ([`suggested_status`]) which the
//! trajectbegeleider confirms or overrides when closing it; the stored `status` is what the
//! worker confirmed, and reports count that.

use crate::catalogue::code_enum;
use crate::FieldErrors;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Entity code of a result agreement in the change log.
pub const ENTITY_AGREEMENT: &str = "result_agreement";
/// Entity code of a domain target in the change log.
pub const ENTITY_TARGET: &str = "domain_target";
/// Entity code of a satisfaction response in the change log.
pub const ENTITY_SATISFACTION: &str = "satisfaction";
/// Longest text of a result agreement.
pub const MAX_AGREEMENT_TEXT: usize = 1000;
/// Longest satisfaction question.
pub const MAX_QUESTION: usize = 300;
/// Longest remark with a satisfaction response.
pub const MAX_REMARK: usize = 2000;

code_enum! {
    /// Status of a result agreement: open until the trajectbegeleider closes it with a verdict
    /// (or withdraws it).
    AgreementStatus {
        Open = "open",
        Reached = "behaald",
        Partly = "deels_behaald",
        NotReached = "niet_behaald",
        Withdrawn = "ingetrokken",
    }
}

code_enum! {
    /// Whether one target was reached, judged by the worker's ZRM scores.
    Attainment { Reached = "bereikt", NotReached = "niet_bereikt", NotMeasured = "niet_gemeten" }
}

code_enum! {
    /// Uitstroom: where the client went when the trajectory closed.
    ExitDestination {
        Independent = "zelfstandig_wonen",
        Supported = "begeleid_wonen",
        Protected = "beschermd_wonen",
        Shelter = "maatschappelijke_opvang",
        Network = "bij_familie_netwerk",
        Institution = "instelling_zorg",
        Detention = "detentie",
        Unknown = "onbekend",
        Deceased = "overleden",
        Other = "anders",
    }
}

impl ExitDestination {
    /// The Dutch name (for reports and exports; pages use the translation table).
    pub fn name(self) -> &'static str {
        match self {
            ExitDestination::Independent => "Zelfstandig wonen",
            ExitDestination::Supported => "Begeleid wonen",
            ExitDestination::Protected => "Beschermd wonen",
            ExitDestination::Shelter => "Maatschappelijke opvang",
            ExitDestination::Network => "Bij familie of netwerk",
            ExitDestination::Institution => "Instelling (zorg)",
            ExitDestination::Detention => "Detentie",
            ExitDestination::Unknown => "Onbekend",
            ExitDestination::Deceased => "Overleden",
            ExitDestination::Other => "Anders",
        }
    }
}

code_enum! {
    /// When satisfaction was asked: at an evaluation or at the end of the trajectory.
    SatisfactionMoment { Evaluation = "evaluatie", End = "einde" }
}

code_enum! {
    /// What a satisfaction item is about.
    SatisfactionTopic {
        Reachability = "bereikbaarheid",
        Treatment = "bejegening",
        Expertise = "deskundigheid",
        Influence = "invloed",
        Other = "anders",
    }
}

code_enum! {
    /// The four-point answer scale of the satisfaction items; stored as 1–4 ([`Answer::value`]).
    Answer { Never = "nooit", Sometimes = "soms", Mostly = "meestal", Always = "altijd" }
}

impl Answer {
    /// The stored number: 1 nooit … 4 altijd.
    pub fn value(self) -> i64 {
        match self {
            Answer::Never => 1,
            Answer::Sometimes => 2,
            Answer::Mostly => 3,
            Answer::Always => 4,
        }
    }

    /// The answer for a stored number.
    pub fn from_value(v: i64) -> Option<Answer> {
        Answer::ALL.iter().copied().find(|a| a.value() == v)
    }
}

/// The ZRM 2017 domain codes a target may name, in the catalogue's order.
pub fn zrm_domains() -> Vec<&'static str> {
    crate::catalogue::BUILTIN_LIFE_DOMAINS.iter().filter(|d| d.set == "zrm2017").map(|d| d.code).collect()
}

/// One target of a result agreement, with how far it got.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DomainTarget {
    /// Database id.
    pub id: i64,
    /// ZRM 2017 domain code.
    pub domain_code: String,
    /// Target level 1–5 ("at least").
    pub level: i64,
    /// Attainment code (see [`Attainment`]).
    pub attainment: String,
    /// The worker's score that was compared, if any.
    pub measured_level: Option<i64>,
    /// When that score was measured.
    pub measured_on: Option<NaiveDate>,
    /// Version for concurrent-edit detection.
    pub version: i64,
}

/// A result agreement as shown and as returned by the API.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ResultAgreement {
    /// Database id.
    pub id: i64,
    /// The trajectory it belongs to.
    pub trajectory_id: i64,
    /// Who asked (the trajectbegeleider).
    pub requested_by: i64,
    /// Their name.
    pub requested_by_name: String,
    /// The team asked, or none.
    pub team_id: Option<i64>,
    /// Its name.
    pub team_name: Option<String>,
    /// The colleague asked, or none.
    pub user_id: Option<i64>,
    /// Their name.
    pub user_name: Option<String>,
    /// The role asked (for role defaults and reports).
    pub role_code: Option<String>,
    /// Its name.
    pub role_name: Option<String>,
    /// What result is asked.
    pub text: String,
    /// By when.
    pub deadline: NaiveDate,
    /// Status code (see [`AgreementStatus`]).
    pub status: String,
    /// When it was closed.
    pub closed_on: Option<NaiveDate>,
    /// Targets with attainment.
    pub targets: Vec<DomainTarget>,
    /// The status the targets suggest (see [`suggested_status`]), if any.
    pub suggested_status: Option<String>,
    /// Version for concurrent-edit detection.
    pub version: i64,
}

/// A worker's ZRM score on one domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Score<'a> {
    /// ZRM domain code.
    pub domain: &'a str,
    /// Level 1–5.
    pub level: i64,
    /// Measurement date.
    pub on: NaiveDate,
}

/// The date up to which scores count: the deadline, or the closing day (or today while open)
/// when earlier.
pub fn cutoff(deadline: NaiveDate, closed_on: Option<NaiveDate>, today: NaiveDate) -> NaiveDate {
    deadline.min(closed_on.unwrap_or(today))
}

/// Judges one target against `scores` (any order): the latest score of the domain on or before
/// `cutoff`, and the attainment. Of two scores on the same day the later in `scores` counts.
pub fn attainment(domain: &str, level: i64, scores: &[Score<'_>], cutoff: NaiveDate) -> (Attainment, Option<(i64, NaiveDate)>) {
    let mut best: Option<&Score<'_>> = None;
    for s in scores.iter().filter(|s| s.domain == domain && s.on <= cutoff) {
        if best.is_none_or(|b| s.on >= b.on) {
            best = Some(s);
        }
    }
    match best {
        None => (Attainment::NotMeasured, None),
        Some(s) => (if s.level >= level { Attainment::Reached } else { Attainment::NotReached }, Some((s.level, s.on))),
    }
}

/// What the targets suggest: every target reached → behaald; some → deels behaald; none reached
/// while at least one was measured → niet behaald; nothing measured (or no targets) → no
/// suggestion.
pub fn suggested_status(attained: &[Attainment]) -> Option<AgreementStatus> {
    let reached = attained.iter().filter(|a| **a == Attainment::Reached).count();
    let measured = attained.iter().filter(|a| **a != Attainment::NotMeasured).count();
    if attained.is_empty() || measured == 0 {
        None
    } else if reached == attained.len() {
        Some(AgreementStatus::Reached)
    } else if reached > 0 {
        Some(AgreementStatus::Partly)
    } else {
        Some(AgreementStatus::NotReached)
    }
}

/// Checks targets sent as (domain code, level text) pairs: each domain a ZRM 2017 domain at most
/// once, each level 1–5; at least one target when `required`. Messages go to field `targets`.
pub fn check_targets(e: &mut FieldErrors, targets: &[(String, String)], required: bool) -> Vec<(String, i64)> {
    let known = zrm_domains();
    let mut out: Vec<(String, i64)> = Vec::new();
    for (domain, level) in targets {
        let domain = domain.trim();
        if !known.contains(&domain) {
            e.add("targets", "Kies alleen leefgebieden van de ZRM (2017).");
            continue;
        }
        if out.iter().any(|(d, _)| d == domain) {
            e.add("targets", "Elk leefgebied mag maar één keer een doelniveau hebben.");
            continue;
        }
        match level.trim().parse::<i64>() {
            Ok(n) if (1..=5).contains(&n) => out.push((domain.to_string(), n)),
            _ => e.add("targets", "Een doelniveau is een heel getal van 1 tot en met 5."),
        }
    }
    if required && out.is_empty() && e.get("targets").is_none() {
        e.add("targets", "Geef minstens één leefgebied met een doelniveau.");
    }
    out
}

/// Checks a report mark: a whole number from 1 to 10, required.
pub fn check_mark(e: &mut FieldErrors, field: &str, value: &str) -> Option<i64> {
    if value.trim().is_empty() {
        e.add(field, "Geef een rapportcijfer van 1 tot en met 10.");
        return None;
    }
    match value.trim().parse::<i64>() {
        Ok(n) if (1..=10).contains(&n) => Some(n),
        _ => {
            e.add(field, "Een rapportcijfer is een heel getal van 1 tot en met 10.");
            None
        }
    }
}

/// Checks an item answer: empty (not answered) or a number 1–4 or an answer code.
pub fn check_answer(e: &mut FieldErrors, field: &str, value: &str) -> Option<i64> {
    let v = value.trim();
    if v.is_empty() {
        return None;
    }
    let parsed = v.parse::<i64>().ok().and_then(Answer::from_value).or_else(|| Answer::parse(v));
    if parsed.is_none() {
        e.add(field, "Kies nooit, soms, meestal of altijd.");
    }
    parsed.map(Answer::value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_latest_score_before_the_cutoff_counts() {
        let scores = [
            Score { domain: "zrm_werk", level: 2, on: d("2026-01-10") },
            Score { domain: "zrm_werk", level: 4, on: d("2026-03-10") },
            Score { domain: "zrm_werk", level: 1, on: d("2026-06-10") },
            Score { domain: "zrm_netwerk", level: 5, on: d("2026-02-01") },
        ];
        let (a, s) = attainment("zrm_werk", 3, &scores, d("2026-04-01"));
        assert_eq!((a, s), (Attainment::Reached, Some((4, d("2026-03-10")))));
        let (a, _) = attainment("zrm_werk", 3, &scores, d("2026-07-01"));
        assert_eq!(a, Attainment::NotReached, "a later, lower score counts");
        let (a, _) = attainment("zrm_werk", 3, &scores, d("2026-01-01"));
        assert_eq!(a, Attainment::NotMeasured);
        let (a, _) = attainment("zrm_badl", 2, &scores, d("2026-07-01"));
        assert_eq!(a, Attainment::NotMeasured);
        let (a, _) = attainment("zrm_werk", 4, &scores, d("2026-03-10"));
        assert_eq!(a, Attainment::Reached, "a score on the cut-off day counts and equal is reached");
    }

    #[test]
    fn cutoff_is_the_earliest_of_deadline_closing_and_today() {
        assert_eq!(cutoff(d("2026-06-01"), None, d("2026-03-01")), d("2026-03-01"));
        assert_eq!(cutoff(d("2026-06-01"), None, d("2026-09-01")), d("2026-06-01"));
        assert_eq!(cutoff(d("2026-06-01"), Some(d("2026-05-01")), d("2026-09-01")), d("2026-05-01"));
    }

    #[test]
    fn suggestion_follows_the_targets() {
        use Attainment::*;
        assert_eq!(suggested_status(&[Reached, Reached]), Some(AgreementStatus::Reached));
        assert_eq!(suggested_status(&[Reached, NotReached]), Some(AgreementStatus::Partly));
        assert_eq!(suggested_status(&[Reached, NotMeasured]), Some(AgreementStatus::Partly));
        assert_eq!(suggested_status(&[NotReached, NotMeasured]), Some(AgreementStatus::NotReached));
        assert_eq!(suggested_status(&[NotMeasured]), None);
        assert_eq!(suggested_status(&[]), None);
    }

    #[test]
    fn targets_are_checked_in_dutch() {
        let mut e = FieldErrors::default();
        let t = check_targets(&mut e, &[("zrm_werk".into(), "3".into()), ("zrm_badl".into(), "2".into())], true);
        assert!(e.is_empty());
        assert_eq!(t, vec![("zrm_werk".to_string(), 3), ("zrm_badl".to_string(), 2)]);
        for bad in [("zrm_werk", "6"), ("f8_wonen", "3"), ("zrm_werk", "x")] {
            let mut e = FieldErrors::default();
            check_targets(&mut e, &[(bad.0.into(), bad.1.into())], true);
            assert!(e.get("targets").is_some(), "{bad:?}");
        }
        let mut e = FieldErrors::default();
        check_targets(&mut e, &[("zrm_werk".into(), "3".into()), ("zrm_werk".into(), "4".into())], true);
        assert!(e.get("targets").unwrap().contains("één keer"));
        let mut e = FieldErrors::default();
        check_targets(&mut e, &[], true);
        assert!(e.get("targets").unwrap().contains("minstens"));
    }

    #[test]
    fn marks_and_answers() {
        let mut e = FieldErrors::default();
        assert_eq!(check_mark(&mut e, "mark", "7"), Some(7));
        assert_eq!(check_mark(&mut e, "mark", "11"), None);
        assert!(e.get("mark").unwrap().contains("1 tot en met 10"));
        let mut e = FieldErrors::default();
        assert_eq!(check_mark(&mut e, "mark", ""), None);
        assert_eq!(check_mark(&mut e, "m2", "0"), None);
        assert_eq!(e.0.len(), 2);
        let mut e = FieldErrors::default();
        assert_eq!(check_answer(&mut e, "a", "meestal"), Some(3));
        assert_eq!(check_answer(&mut e, "a", "4"), Some(4));
        assert_eq!(check_answer(&mut e, "a", ""), None);
        assert!(e.is_empty());
        assert_eq!(check_answer(&mut e, "a", "5"), None);
        assert!(e.get("a").is_some());
    }

    #[test]
    fn exit_destinations_have_dutch_names() {
        assert_eq!(ExitDestination::CODES.len(), 10);
        assert_eq!(ExitDestination::parse("beschermd_wonen").map(ExitDestination::name), Some("Beschermd wonen"));
        assert!(zrm_domains().len() == 13);
    }
}
