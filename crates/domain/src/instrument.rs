//! Meetinstrumenten as data: the Zelfredzaamheid-Matrix (ZRM) in its 2017 version (13 domains)
//! and its 2010/2013 version (11 domains), with the supplement "kinderen in het gezin". An
//! instrument is a versioned definition: domains, a five-level scale with labels, whether "niet
//! besproken" may be answered, and optional supplements (extra domain sets scored with it).
//!
//! Regie ships domain names and level labels only. The criterion text per cell belongs to GGD
//! Amsterdam; an organisation with a licence imports its own texts (see [`texts`]).
//!
//! The 2017 domain codes are the life-domain codes of the `zrm2017` set in
//! [`crate::catalogue::BUILTIN_LIFE_DOMAINS`], so a goal on a life domain and a score meet.

use crate::catalogue::code_enum;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub mod due;
pub mod input;
pub mod texts;

pub use due::{zrm_due, ZrmDue, ZrmFacts, ZrmReason};
pub use input::{CheckedMeasurement, MeasurementInput, ScoreInput};

code_enum! {
    /// Who gave a score: the worker (the professional ZRM) or the client (own score, MijnZRM-style).
    Rater { Worker = "begeleider", Client = "client" }
}

code_enum! {
    /// The moment of a measurement in the trajectory: begin, midden, eind, or in between.
    Moment { Begin = "begin", Midden = "midden", Eind = "eind", Tussen = "tussen" }
}

code_enum! {
    /// An information source a worker used for a score (in the ZRM's order of importance).
    Source { Client = "client", Colleagues = "collegas", Records = "registratie" }
}

/// Entity code of a measurement in the change log.
pub const ENTITY_MEASUREMENT: &str = "measurement";

/// One domain of an instrument.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct InstrumentDomain {
    /// Stable code (for ZRM 2017 the life-domain code).
    pub code: &'static str,
    /// The official name.
    pub name: &'static str,
    /// A plain-language name for the client's own score.
    pub client_name: &'static str,
    /// The ZRM 2017 domain this domain corresponds to, where one exists (for 2017 itself: its
    /// own code; for a supplement: none).
    pub maps_to: Option<&'static str>,
}

/// One level of the scale.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Level {
    /// The score (1–5).
    pub value: i64,
    /// The official label.
    pub label: &'static str,
    /// The same in plain words, for the client.
    pub client_label: &'static str,
}

/// An optional extra set of domains scored together with an instrument.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Supplement {
    /// Stable code.
    pub code: &'static str,
    /// Name as shown.
    pub name: &'static str,
    /// The extra domains.
    pub domains: &'static [InstrumentDomain],
}

/// A versioned instrument definition.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Instrument {
    /// Stable versioned code: `zrm2017`, `zrm2013`.
    pub code: &'static str,
    /// Name as shown.
    pub name: &'static str,
    /// The version, as shown ("2017", "2010/2013").
    pub version_label: &'static str,
    /// The core domains in the instrument's order.
    pub domains: &'static [InstrumentDomain],
    /// The scale.
    pub levels: &'static [Level],
    /// Whether a domain may be answered "niet besproken" (not discussed).
    pub allows_not_discussed: bool,
    /// Supplements that may be scored with it.
    pub supplements: &'static [Supplement],
}

impl Instrument {
    /// The supplement with `code`, if this instrument has it.
    pub fn supplement(&self, code: &str) -> Option<&'static Supplement> {
        self.supplements.iter().find(|s| s.code == code)
    }

    /// The domains to score: the core domains, then those of the chosen supplements (unknown
    /// supplement codes are skipped).
    pub fn domains_with(&self, supplements: &[String]) -> Vec<&'static InstrumentDomain> {
        let mut out: Vec<&'static InstrumentDomain> = self.domains.iter().collect();
        for s in self.supplements {
            if supplements.iter().any(|c| c == s.code) {
                out.extend(s.domains.iter());
            }
        }
        out
    }

    /// Any domain of the instrument or its supplements with `code`.
    pub fn domain(&self, code: &str) -> Option<&'static InstrumentDomain> {
        self.domains.iter().chain(self.supplements.iter().flat_map(|s| s.domains.iter())).find(|d| d.code == code)
    }

    /// The level with `value`.
    pub fn level(&self, value: i64) -> Option<&'static Level> {
        self.levels.iter().find(|l| l.value == value)
    }

    /// Lowest and highest level.
    pub fn scale(&self) -> (i64, i64) {
        let lo = self.levels.iter().map(|l| l.value).min().unwrap_or(1);
        let hi = self.levels.iter().map(|l| l.value).max().unwrap_or(5);
        (lo, hi)
    }
}

/// The ZRM scale, the same in every version.
pub const ZRM_LEVELS: &[Level] = &[
    Level { value: 1, label: "Acute problematiek", client_label: "Het gaat nu echt mis" },
    Level { value: 2, label: "Niet zelfredzaam", client_label: "Het lukt niet zonder hulp" },
    Level { value: 3, label: "Beperkt zelfredzaam", client_label: "Het lukt een beetje" },
    Level { value: 4, label: "Voldoende zelfredzaam", client_label: "Het lukt goed genoeg" },
    Level { value: 5, label: "Volledig zelfredzaam", client_label: "Het lukt helemaal zelf" },
];

const fn d(code: &'static str, name: &'static str, client_name: &'static str, maps_to: Option<&'static str>) -> InstrumentDomain {
    InstrumentDomain { code, name, client_name, maps_to }
}

/// ZRM 2017: 13 domains; client names as in MijnZRM.
const ZRM2017_DOMAINS: &[InstrumentDomain] = &[
    d("zrm_financien", "Financiën", "Geldzaken", Some("zrm_financien")),
    d("zrm_werk", "Werk & opleiding", "Werk en opleiding", Some("zrm_werk")),
    d("zrm_tijd", "Tijdsbesteding", "Tijdsbesteding", Some("zrm_tijd")),
    d("zrm_huisvesting", "Huisvesting", "Woning", Some("zrm_huisvesting")),
    d("zrm_relaties", "Huiselijke relaties", "Relaties thuis", Some("zrm_relaties")),
    d("zrm_geestelijk", "Geestelijke gezondheid", "Geestelijke gezondheid", Some("zrm_geestelijk")),
    d("zrm_lichamelijk", "Lichamelijke gezondheid", "Lichamelijke gezondheid", Some("zrm_lichamelijk")),
    d("zrm_middelen", "Middelengebruik", "Verslaving", Some("zrm_middelen")),
    d("zrm_badl", "Basale ADL", "Zelfzorg", Some("zrm_badl")),
    d("zrm_iadl", "Instrumentele ADL", "Dagelijkse activiteiten", Some("zrm_iadl")),
    d("zrm_netwerk", "Sociaal netwerk", "Sociaal netwerk", Some("zrm_netwerk")),
    d("zrm_participatie", "Maatschappelijke participatie", "Inzet voor de maatschappij", Some("zrm_participatie")),
    d("zrm_justitie", "Justitie", "Justitie", Some("zrm_justitie")),
];

/// ZRM 2010/2013: 11 domains; the client names are Regie's own plain wording.
const ZRM2013_DOMAINS: &[InstrumentDomain] = &[
    d("zrm13_financien", "Financiën", "Geldzaken", Some("zrm_financien")),
    d("zrm13_dagbesteding", "Dagbesteding", "Wat u overdag doet", Some("zrm_werk")),
    d("zrm13_huisvesting", "Huisvesting", "Woning", Some("zrm_huisvesting")),
    d("zrm13_relaties", "Huiselijke relaties", "Relaties thuis", Some("zrm_relaties")),
    d("zrm13_geestelijk", "Geestelijke gezondheid", "Geestelijke gezondheid", Some("zrm_geestelijk")),
    d("zrm13_lichamelijk", "Lichamelijke gezondheid", "Lichamelijke gezondheid", Some("zrm_lichamelijk")),
    d("zrm13_verslaving", "Verslaving", "Verslaving", Some("zrm_middelen")),
    d("zrm13_adl", "Activiteiten Dagelijks Leven (ADL)", "Zelfzorg en het huishouden", None),
    d("zrm13_netwerk", "Sociaal netwerk", "Mensen om u heen", Some("zrm_netwerk")),
    d("zrm13_participatie", "Maatschappelijke participatie", "Meedoen in de maatschappij", Some("zrm_participatie")),
    d("zrm13_justitie", "Justitie", "Justitie", Some("zrm_justitie")),
];

/// Supplement "kinderen in het gezin": 6 domains on the care for children in the household.
const KIG_DOMAINS: &[InstrumentDomain] = &[
    d("kig_gezinsstructuur", "Gezinsstructuur", "Structuur in het gezin", None),
    d("kig_verzorging", "Lichamelijke verzorging", "Verzorging van de kinderen", None),
    d("kig_emotioneel", "Emotionele ondersteuning", "Steun en aandacht voor de kinderen", None),
    d("kig_socialisering", "Socialisering", "Kinderen leren omgaan met anderen", None),
    d("kig_opvang", "Opvang", "Opvang van de kinderen", None),
    d("kig_scholing", "Scholing", "School van de kinderen", None),
];

const KIG: Supplement = Supplement { code: "kinderen_in_gezin", name: "Kinderen in het gezin", domains: KIG_DOMAINS };

static INSTRUMENTS: &[Instrument] = &[
    Instrument {
        code: "zrm2017",
        name: "Zelfredzaamheid-Matrix 2017",
        version_label: "2017",
        domains: ZRM2017_DOMAINS,
        levels: ZRM_LEVELS,
        allows_not_discussed: true,
        supplements: &[KIG],
    },
    Instrument {
        code: "zrm2013",
        name: "Zelfredzaamheid-Matrix 2010/2013",
        version_label: "2010/2013",
        domains: ZRM2013_DOMAINS,
        levels: ZRM_LEVELS,
        allows_not_discussed: true,
        supplements: &[],
    },
];

/// The instrument Regie proposes for a new measurement.
pub const DEFAULT_INSTRUMENT: &str = "zrm2017";

/// Every built-in instrument, the current version first.
pub fn instruments() -> &'static [Instrument] {
    INSTRUMENTS
}

/// The instrument with `code`.
pub fn instrument(code: &str) -> Option<&'static Instrument> {
    INSTRUMENTS.iter().find(|i| i.code == code)
}

/// The score on one domain of a measurement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    /// Domain code of the instrument.
    pub domain: String,
    /// The level; `None` means "niet besproken".
    pub level: Option<i64>,
    /// The worker's (or client's) note on the domain.
    pub note: String,
}

/// One scoring of an instrument for a client, by the worker or the client.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Measurement {
    /// Database id.
    pub id: i64,
    /// The trajectory it belongs to.
    pub trajectory_id: i64,
    /// Instrument code (`zrm2017`, `zrm2013`).
    pub instrument: String,
    /// Supplement codes scored with it.
    pub supplements: Vec<String>,
    /// Who scored.
    pub rater: Rater,
    /// The day of the conversation the score describes.
    pub measured_on: NaiveDate,
    /// Begin, midden, eind or in between.
    pub moment: Moment,
    /// Source codes used (client, collegas, registratie).
    pub sources: Vec<String>,
    /// Who entered it.
    pub by_user_id: i64,
    /// Their name.
    pub by_name: String,
    /// Version for optimistic locking.
    pub version: i64,
    /// The scores in the instrument's domain order.
    pub scores: Vec<Score>,
}

impl Measurement {
    /// The score on `domain`, if answered with a level.
    pub fn level(&self, domain: &str) -> Option<i64> {
        self.scores.iter().find(|s| s.domain == domain).and_then(|s| s.level)
    }

    /// Mean level over the domains scored (leaving "niet besproken" out).
    pub fn mean(&self) -> Option<f64> {
        let levels: Vec<i64> = self.scores.iter().filter_map(|s| s.level).collect();
        (!levels.is_empty()).then(|| levels.iter().sum::<i64>() as f64 / levels.len() as f64)
    }
}

/// Splits a stored comma list; empty items dropped.
pub fn split_list(s: &str) -> Vec<String> {
    s.split(',').map(str::trim).filter(|x| !x.is_empty()).map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::BUILTIN_LIFE_DOMAINS;

    #[test]
    fn zrm2017_domains_are_the_life_domains_of_the_zrm_set() {
        let zrm = instrument("zrm2017").unwrap();
        let life: Vec<&str> = BUILTIN_LIFE_DOMAINS.iter().filter(|d| d.set == "zrm2017").map(|d| d.code).collect();
        let ours: Vec<&str> = zrm.domains.iter().map(|d| d.code).collect();
        assert_eq!(ours, life);
        assert_eq!(zrm.domains.len(), 13);
        assert_eq!(zrm.scale(), (1, 5));
        assert_eq!(zrm.level(3).unwrap().label, "Beperkt zelfredzaam");
    }

    #[test]
    fn zrm2013_has_eleven_domains_mapping_onto_2017_where_one_exists() {
        let old = instrument("zrm2013").unwrap();
        assert_eq!(old.domains.len(), 11);
        assert_eq!(old.domain("zrm13_dagbesteding").unwrap().maps_to, Some("zrm_werk"));
        assert_eq!(old.domain("zrm13_verslaving").unwrap().maps_to, Some("zrm_middelen"));
        assert_eq!(old.domain("zrm13_adl").unwrap().maps_to, None);
        let new = instrument("zrm2017").unwrap();
        for dom in old.domains.iter().filter_map(|d| d.maps_to) {
            assert!(new.domain(dom).is_some(), "{dom}");
        }
    }

    #[test]
    fn the_children_supplement_adds_six_domains() {
        let zrm = instrument("zrm2017").unwrap();
        assert_eq!(zrm.domains_with(&[]).len(), 13);
        assert_eq!(zrm.domains_with(&["kinderen_in_gezin".into()]).len(), 19);
        assert!(zrm.domain("kig_opvang").is_some());
        assert!(instrument("zrm1999").is_none());
    }
}
