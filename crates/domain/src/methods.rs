//! The methods library (methodebibliotheek): every proven guidance method Regie knows, as data.
//!
//! The data lives in `data/methods.toml`, compiled into the binary and parsed once. All texts
//! are written for Regie in our own words (Dutch, B1 where possible) from the facts in the
//! sources; nothing is copied.
//!
//! **Never guess.** Every field that the sources leave unclear is a [`Fact::Unknown`] with the
//! reason, and pages show it as such. In particular:
//! - *Light/complex* and *zelfredzaamheid/participatie* come from two tables in the Movisie
//!   overview whose colour coding was lost when the PDF became text. A classification is
//!   [`Fact::Known`] only where the method's own description states it, or where the research
//!   notes reconstruct the table with at least medium confidence; otherwise it is unknown, and
//!   the reason says which way the content leans.
//! - The *bakens* (Welzijn Nieuwe Stijl) are those each method's own description names. The
//!   overview does not score the three organisation methods or the seed methods against them.
//!
//! **Thuisbegeleiding appears twice, on purpose.** The Movisie overview (2014) describes it
//! after the Vilans handbook (ten Thije, Kort & Dral, 2009): five parts announced as "four
//! phases", 15 hours to several years of support (usually about 100 hours), long visits. The
//! ActiZ intervention description (2021) is a later, different description of the same
//! intervention family: ActiZ as licence holder, an explicit four-phase plan with durations per
//! phase, a wider target group including families under the Jeugdwet, about one two-hour visit a
//! week and on average two years. The two disagree on facts a worker would use (volume, phases,
//! target group), so merging them would force a choice the sources do not make. `thuisbegeleiding`
//! is the overview's entry; `thuisbegeleiding-actiz` the 2021 description. The built-in phase
//! model `thuisbegeleiding` follows the 2021 phases; both entries point at it.

use crate::catalogue::code_enum;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

code_enum! {
    /// Target group pictograms of the Movisie overview.
    TargetGroup {
        Age = "ouderdom",
        Physical = "lichamelijk",
        Psychological = "psychisch",
        Intellectual = "verstandelijk",
        General = "algemeen",
    }
}

code_enum! {
    /// Light or complex problems (the overview's first table).
    Complexity { Light = "licht", Complex = "complex", Both = "beide" }
}

code_enum! {
    /// What a method works on (the overview's second table).
    Aim { SelfReliance = "zelfredzaamheid", Participation = "participatie", Both = "beide" }
}

code_enum! {
    /// The six Welzijn Nieuwe Stijl bakens the overview scores per method. The other two
    /// (collectief/individueel, ruimte voor de professional) are not scored per method there.
    Baken {
        RealQuestion = "vraag-achter-de-vraag",
        OwnStrength = "eigen-kracht",
        Outreach = "direct-erop-af",
        FormalInformal = "formeel-informeel",
        Integral = "integraal",
        ResultOriented = "resultaatgericht",
    }
}

code_enum! {
    /// Where a method comes from.
    MethodKind {
        /// One of the 29 of the Movisie overview "Begeleiding nieuwe stijl" (2014).
        Overview = "overzicht",
        /// One of the three organisation methods the overview names outside the 29.
        Organisation = "organisatie",
        /// A method Regie's own source documents describe.
        Seed = "bron",
    }
}

impl Complexity {
    /// Whether a method of this kind fits a search for `wanted` ("beide" fits light and complex).
    pub fn fits(self, wanted: Complexity) -> bool {
        self == wanted || (self == Complexity::Both && wanted != Complexity::Both)
    }
}

impl Aim {
    /// Whether a method with this aim fits a search for `wanted` ("beide" fits either).
    pub fn fits(self, wanted: Aim) -> bool {
        self == wanted || (self == Aim::Both && wanted != Aim::Both)
    }
}

/// A fact from the sources, or an honest "unknown" with the reason.
///
/// In the data file a known value is written as itself and an unknown one as
/// `{ onbekend = "reden" }` (or a standard reason `"@key"`, see [`REASONS`]). In JSON it reads
/// `{"known": value}` or `{"unknown": {"why": "…"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fact<T> {
    /// What the sources say.
    Known(T),
    /// The sources are unclear or silent; `why` says how.
    Unknown {
        /// The reason, in Dutch.
        why: String,
    },
}

impl<T> Fact<T> {
    /// The value, when known.
    pub fn known(&self) -> Option<&T> {
        match self {
            Fact::Known(v) => Some(v),
            Fact::Unknown { .. } => None,
        }
    }

    /// The reason, when unknown.
    pub fn why(&self) -> Option<&str> {
        match self {
            Fact::Known(_) => None,
            Fact::Unknown { why } => Some(why),
        }
    }
}

/// How a [`Fact`] is written in the data file.
#[derive(Deserialize)]
#[serde(untagged)]
enum RawFact<T> {
    Unknown {
        onbekend: String,
    },
    Known(T),
}

impl<T> RawFact<T> {
    fn fact(self) -> Fact<T> {
        match self {
            RawFact::Known(v) => Fact::Known(v),
            RawFact::Unknown { onbekend } => Fact::Unknown { why: reason(&onbekend) },
        }
    }
}

/// Standard reasons the data file refers to as `"@key"`.
pub const REASONS: &[(&str, &str)] = &[
    (
        "lc",
        "De bron deelt elke methode in naar lichte of complexe problemen, maar die tabel is bij het omzetten naar tekst door elkaar geraakt. De beschrijving van de methode zelf zegt het niet.",
    ),
    (
        "zp",
        "De bron deelt elke methode in naar zelfredzaamheid of participatie, maar die tabel is bij het omzetten naar tekst door elkaar geraakt. Uit de beschrijving zelf is het niet met zekerheid op te maken.",
    ),
    ("org", "De bron beschrijft de organisatiemethoden los van de 29 methoden en deelt ze niet in."),
    ("seed-bakens", "De bron van deze methode toetst haar niet aan de bakens van Welzijn Nieuwe Stijl."),
    ("seed-groups", "De bron van deze methode gebruikt de indeling in doelgroepen van het Movisie-overzicht niet; zie de beschrijving van de doelgroep."),
    ("seed-class", "De bron van deze methode gebruikt deze indeling niet."),
    ("duur", "De bron noemt geen duur of vaste intensiteit."),
    ("stappen", "De bron beschrijft geen vaste fasen of stappen."),
    ("instrumenten", "De bron noemt geen eigen instrumenten of materialen voor het werk met de cliënt."),
    ("rollen", "De bron noemt geen aparte rollen naast de begeleider."),
];

fn reason(text: &str) -> String {
    match text.strip_prefix('@') {
        Some(key) => REASONS.iter().find(|(k, _)| *k == key).map(|(_, r)| r.to_string()).unwrap_or_else(|| text.to_string()),
        None => text.to_string(),
    }
}

fn fact<'de, D, T>(d: D) -> Result<Fact<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    RawFact::<T>::deserialize(d).map(RawFact::fact)
}

/// One phase or step of a method.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MethodStep {
    /// Name as the method calls it.
    pub name: String,
    /// What happens, in our words.
    pub description: String,
    /// Typical duration, only where the source gives one.
    #[serde(default)]
    pub duration: Option<String>,
}

/// A source a method's facts come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// Title (author, year) as the source names it.
    pub title: String,
    /// Web address, where the source gives one.
    #[serde(default)]
    pub url: Option<String>,
}

/// One method of the library.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Method {
    /// Stable code (also the code of its phase model, where it has one).
    pub code: String,
    /// Name as shown.
    pub name: String,
    /// Where the method comes from.
    pub kind: MethodKind,
    /// The overview's target group pictograms.
    #[serde(deserialize_with = "fact")]
    pub target_groups: Fact<Vec<TargetGroup>>,
    /// The target group in words.
    #[serde(deserialize_with = "fact")]
    pub target_group: Fact<String>,
    /// Light or complex problems.
    #[serde(deserialize_with = "fact")]
    pub complexity: Fact<Complexity>,
    /// Zelfredzaamheid, participatie or both.
    #[serde(deserialize_with = "fact")]
    pub aim: Fact<Aim>,
    /// Welzijn Nieuwe Stijl bakens the method serves.
    #[serde(deserialize_with = "fact")]
    pub bakens: Fact<Vec<Baken>>,
    /// What the method wants to reach.
    #[serde(deserialize_with = "fact")]
    pub goal: Fact<String>,
    /// How it works.
    #[serde(deserialize_with = "fact")]
    pub approach: Fact<String>,
    /// Phases or steps, in order.
    #[serde(deserialize_with = "fact")]
    pub steps: Fact<Vec<MethodStep>>,
    /// Typical duration and intensity of the whole.
    #[serde(deserialize_with = "fact")]
    pub duration: Fact<String>,
    /// Instruments, forms and materials.
    #[serde(deserialize_with = "fact")]
    pub instruments: Fact<Vec<String>>,
    /// Roles of the people involved.
    #[serde(deserialize_with = "fact")]
    pub roles: Fact<Vec<String>>,
    /// Where the facts come from (at least one).
    pub sources: Vec<Source>,
    /// Code of the built-in phase model a trajectory can follow, if any.
    #[serde(default)]
    pub phase_model: Option<String>,
    /// A caveat about the sources (contradictions, gaps), shown as a note.
    #[serde(default)]
    pub remark: Option<String>,
}

#[derive(Deserialize)]
struct Library {
    method: Vec<Method>,
}

const DATA: &str = include_str!("../data/methods.toml");

/// Every method, in the library's order (the overview's order, then the organisation methods,
/// then the seed methods). The data is checked by this module's tests.
pub fn methods() -> &'static [Method] {
    static LIBRARY: OnceLock<Vec<Method>> = OnceLock::new();
    LIBRARY.get_or_init(|| parse(DATA).unwrap_or_else(|e| panic!("data/methods.toml is unreadable: {e}")))
}

fn parse(text: &str) -> Result<Vec<Method>, toml::de::Error> {
    toml::from_str::<Library>(text).map(|l| l.method)
}

/// The method with `code`.
pub fn method(code: &str) -> Option<&'static Method> {
    methods().iter().find(|m| m.code == code)
}

/// What a search of the library asks for; every part is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MethodQuery {
    /// Words to find in name, goal, approach or target group (all must occur).
    pub text: String,
    /// Only methods for this target group.
    pub target_group: Option<TargetGroup>,
    /// Only methods for this kind of problems ("beide" fits light and complex).
    pub complexity: Option<Complexity>,
    /// Only methods with this aim ("beide" fits either).
    pub aim: Option<Aim>,
    /// Only methods that serve this baken.
    pub baken: Option<Baken>,
    /// Only methods of this origin.
    pub kind: Option<MethodKind>,
}

impl Method {
    /// Whether the method answers `q`. A filter never matches an unknown fact: the library does
    /// not pretend a method fits when the sources do not say so.
    pub fn matches(&self, q: &MethodQuery) -> bool {
        if let Some(g) = q.target_group {
            if !self.target_groups.known().is_some_and(|gs| gs.contains(&g)) {
                return false;
            }
        }
        if let Some(c) = q.complexity {
            if !self.complexity.known().is_some_and(|k| k.fits(c)) {
                return false;
            }
        }
        if let Some(a) = q.aim {
            if !self.aim.known().is_some_and(|k| k.fits(a)) {
                return false;
            }
        }
        if let Some(b) = q.baken {
            if !self.bakens.known().is_some_and(|bs| bs.contains(&b)) {
                return false;
            }
        }
        if q.kind.is_some_and(|k| k != self.kind) {
            return false;
        }
        let words: Vec<String> = q.text.split_whitespace().map(fold).collect();
        if words.is_empty() {
            return true;
        }
        let hay = fold(&[
            self.name.as_str(),
            self.code.as_str(),
            self.goal.known().map(String::as_str).unwrap_or(""),
            self.approach.known().map(String::as_str).unwrap_or(""),
            self.target_group.known().map(String::as_str).unwrap_or(""),
        ]
        .join(" "));
        words.iter().all(|w| hay.contains(w.as_str()))
    }

    /// Number of fields the sources leave unknown.
    pub fn unknown_count(&self) -> usize {
        [
            self.target_groups.why(),
            self.target_group.why(),
            self.complexity.why(),
            self.aim.why(),
            self.bakens.why(),
            self.goal.why(),
            self.approach.why(),
            self.steps.why(),
            self.duration.why(),
            self.instruments.why(),
            self.roles.why(),
        ]
        .iter()
        .filter(|w| w.is_some())
        .count()
    }
}

/// The methods that answer `q`, in library order.
pub fn search(q: &MethodQuery) -> Vec<&'static Method> {
    methods().iter().filter(|m| m.matches(q)).collect()
}

/// Lower case without accents, so "clienten" finds "cliënten".
fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'ä' | 'â' => 'a',
            'é' | 'è' | 'ë' | 'ê' => 'e',
            'í' | 'ì' | 'ï' | 'î' => 'i',
            'ó' | 'ò' | 'ö' | 'ô' => 'o',
            'ú' | 'ù' | 'ü' | 'û' => 'u',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests;
