//! Checking a measurement as entered: refused whole, with a Dutch message per field. Field keys
//! are the form's field names: `instrument`, `supplements`, `rater`, `measured_on`, `moment`,
//! `sources`, `scores`, and per domain `score_<domain>` and `note_<domain>`.

use super::{instrument, Instrument, Moment, Rater, Score, Source};
use crate::FieldErrors;
use chrono::NaiveDate;
use serde::Deserialize;

/// Longest note on one domain.
pub const MAX_NOTE: usize = 1000;
/// The answer for "niet besproken" in forms and the API.
pub const NOT_DISCUSSED: &str = "nb";

/// One domain's answer as entered.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ScoreInput {
    /// Domain code.
    pub domain: String,
    /// `"1"`–`"5"`, or `"nb"` for niet besproken; empty when not answered.
    pub level: String,
    /// Optional note.
    #[serde(default)]
    pub note: String,
}

/// A measurement as entered in the form or the API.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct MeasurementInput {
    /// Instrument code.
    pub instrument: String,
    /// Supplement codes scored with it.
    #[serde(default)]
    pub supplements: Vec<String>,
    /// `begeleider` or `client`.
    pub rater: String,
    /// Day of the conversation, `JJJJ-MM-DD`.
    pub measured_on: String,
    /// begin, midden, eind, tussen.
    pub moment: String,
    /// Source codes used.
    #[serde(default)]
    pub sources: Vec<String>,
    /// One answer per domain.
    #[serde(default)]
    pub scores: Vec<ScoreInput>,
}

/// A measurement that passed every check, ready to store.
#[derive(Debug, Clone)]
pub struct CheckedMeasurement {
    /// The instrument.
    pub instrument: &'static Instrument,
    /// Supplement codes, in the instrument's order.
    pub supplements: Vec<String>,
    /// Who scored.
    pub rater: Rater,
    /// Day of the conversation.
    pub measured_on: NaiveDate,
    /// Moment in the trajectory.
    pub moment: Moment,
    /// Source codes, in the ZRM's order.
    pub sources: Vec<String>,
    /// One score per domain, in the instrument's order.
    pub scores: Vec<Score>,
}

impl MeasurementInput {
    /// Checks everything against the instrument, the trajectory's start and `today`; the
    /// messages land in `e` and `None` comes back when anything is wrong.
    pub fn check(&self, e: &mut FieldErrors, started_on: NaiveDate, today: NaiveDate) -> Option<CheckedMeasurement> {
        let rater = Rater::parse(self.rater.trim());
        if rater.is_none() {
            e.add("rater", "Kies wie de score geeft: de begeleider of de cliënt.");
        }
        let moment = Moment::parse(self.moment.trim());
        if moment.is_none() {
            e.add("moment", "Kies het moment: begin, midden, eind of tussentijds.");
        }
        let measured_on = e.past_date("measured_on", Some(&self.measured_on), today);
        if let Some(d) = measured_on {
            if d < started_on {
                e.add("measured_on", format!("Deze datum ligt voor de start van het traject ({}).", started_on.format("%d-%m-%Y")));
            }
        }
        let mut sources = Vec::new();
        for s in &self.sources {
            match Source::parse(s.trim()) {
                Some(src) if !sources.contains(&src) => sources.push(src),
                Some(_) => {}
                None => e.add("sources", "Kies bronnen uit: de cliënt, collega's en de registratie."),
            }
        }
        if rater == Some(Rater::Worker) && sources.is_empty() && e.get("sources").is_none() {
            e.add("sources", "Kies ten minste één bron waarop de score steunt.");
        }
        sources.sort_by_key(|s| Source::ALL.iter().position(|x| x == s));

        let Some(inst) = instrument(self.instrument.trim()) else {
            e.add("instrument", "Kies een bekend meetinstrument.");
            return None;
        };
        let mut supplements = Vec::new();
        for s in &self.supplements {
            if inst.supplement(s.trim()).is_none() {
                e.add("supplements", "Dit aanvullende deel hoort niet bij dit meetinstrument.");
            } else if !supplements.iter().any(|x: &String| x == s.trim()) {
                supplements.push(s.trim().to_string());
            }
        }
        supplements.sort_by_key(|s| inst.supplements.iter().position(|x| x.code == s));
        let scores = check_scores(inst, &supplements, &self.scores, e);
        if e.is_empty() && scores.iter().all(|s| s.level.is_none()) {
            e.add("scores", "Bespreek ten minste één leefgebied; nu staat alles op 'niet besproken'.");
        }
        if !e.is_empty() {
            return None;
        }
        Some(CheckedMeasurement {
            instrument: inst,
            supplements,
            rater: rater?,
            measured_on: measured_on?,
            moment: moment?,
            sources: sources.iter().map(|s| s.code().to_string()).collect(),
            scores,
        })
    }
}

/// One score per domain of the instrument and its chosen supplements, each answered.
fn check_scores(inst: &Instrument, supplements: &[String], given: &[ScoreInput], e: &mut FieldErrors) -> Vec<Score> {
    let wanted = inst.domains_with(supplements);
    for g in given {
        let code = g.domain.trim();
        if !wanted.iter().any(|d| d.code == code) {
            e.add("scores", format!("Het leefgebied '{code}' hoort niet bij dit meetinstrument."));
        } else if given.iter().filter(|x| x.domain.trim() == code).count() > 1 {
            e.add(&format!("score_{code}"), "Dit leefgebied staat er twee keer in.");
        }
    }
    let (lo, hi) = inst.scale();
    let mut out = Vec::with_capacity(wanted.len());
    for dom in wanted {
        let field = format!("score_{}", dom.code);
        let Some(g) = given.iter().find(|x| x.domain.trim() == dom.code) else {
            e.add(&field, format!("Vul {} in: kies een niveau of 'niet besproken'.", dom.name));
            continue;
        };
        let answer = g.level.trim();
        let level = if answer.is_empty() {
            e.add(&field, format!("Vul {} in: kies een niveau of 'niet besproken'.", dom.name));
            continue;
        } else if answer.eq_ignore_ascii_case(NOT_DISCUSSED) && inst.allows_not_discussed {
            None
        } else {
            match answer.parse::<i64>() {
                Ok(n) if (lo..=hi).contains(&n) => Some(n),
                _ => {
                    let nb = if inst.allows_not_discussed { " of 'niet besproken'" } else { "" };
                    e.add(&field, format!("Kies een niveau van {lo} tot en met {hi}{nb}."));
                    continue;
                }
            }
        };
        let note = g.note.trim();
        if note.chars().count() > MAX_NOTE {
            e.add(&format!("note_{}", dom.code), format!("Gebruik hoogstens {MAX_NOTE} tekens."));
        }
        out.push(Score { domain: dom.code.to_string(), level, note: note.to_string() });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn full(level: &str) -> MeasurementInput {
        let inst = instrument("zrm2017").unwrap();
        MeasurementInput {
            instrument: "zrm2017".into(),
            rater: "begeleider".into(),
            measured_on: "2026-03-01".into(),
            moment: "begin".into(),
            sources: vec!["registratie".into(), "client".into()],
            scores: inst.domains.iter().map(|d| ScoreInput { domain: d.code.into(), level: level.into(), note: String::new() }).collect(),
            ..Default::default()
        }
    }

    fn check(i: &MeasurementInput) -> (Option<CheckedMeasurement>, FieldErrors) {
        let mut e = FieldErrors::default();
        let c = i.check(&mut e, day("2026-01-01"), day("2026-03-15"));
        (c, e)
    }

    #[test]
    fn a_complete_measurement_passes_with_sources_in_order() {
        let mut i = full("3");
        i.scores[2].level = "nb".into();
        let (c, e) = check(&i);
        assert!(e.is_empty(), "{e:?}");
        let c = c.unwrap();
        assert_eq!(c.sources, ["client", "registratie"]);
        assert_eq!(c.scores.len(), 13);
        assert_eq!(c.scores[2].level, None);
        assert_eq!(c.scores[0].level, Some(3));
    }

    #[test]
    fn a_level_outside_the_scale_is_refused() {
        let mut i = full("3");
        i.scores[0].level = "6".into();
        let (c, e) = check(&i);
        assert!(c.is_none());
        assert_eq!(e.get("score_zrm_financien"), Some("Kies een niveau van 1 tot en met 5 of 'niet besproken'."));
    }

    #[test]
    fn every_domain_must_be_answered() {
        let mut i = full("4");
        i.scores.remove(1);
        i.scores[0].level = String::new();
        let (_, e) = check(&i);
        assert!(e.get("score_zrm_werk").unwrap().contains("Werk & opleiding"));
        assert!(e.get("score_zrm_financien").is_some());
    }

    #[test]
    fn dates_in_the_future_or_before_the_start_are_refused() {
        let mut i = full("4");
        i.measured_on = "2026-04-01".into();
        assert_eq!(check(&i).1.get("measured_on"), Some("Deze datum ligt in de toekomst."));
        i.measured_on = "2025-12-01".into();
        assert!(check(&i).1.get("measured_on").unwrap().contains("voor de start"));
    }

    #[test]
    fn a_worker_names_a_source_and_unknown_things_are_refused() {
        let mut i = full("4");
        i.sources.clear();
        assert!(check(&i).1.get("sources").is_some());
        i.rater = "client".into();
        assert!(check(&i).0.is_some(), "the client's own score needs no sources");
        i.instrument = "zrm1999".into();
        assert_eq!(check(&i).1.get("instrument"), Some("Kies een bekend meetinstrument."));
        let mut j = full("4");
        j.moment = "later".into();
        j.supplements = vec!["onbekend".into()];
        let (_, e) = check(&j);
        assert!(e.get("moment").is_some() && e.get("supplements").is_some());
    }

    #[test]
    fn a_supplement_asks_for_its_domains_too() {
        let mut i = full("4");
        i.supplements = vec!["kinderen_in_gezin".into()];
        assert!(check(&i).1.get("score_kig_opvang").is_some());
    }

    #[test]
    fn all_not_discussed_is_no_measurement() {
        let (_, e) = check(&full("nb"));
        assert!(e.get("scores").is_some());
    }
}
