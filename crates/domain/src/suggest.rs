//! Suggesting a method (methodesuggesties): which proven methods fit a client, and why. Pure,
//! rule-based and explainable: every point a method gets comes with a Dutch sentence that says
//! which fact about the client meets which fact about the method, and every point it loses comes
//! with a "past minder omdat …" sentence. Same profile in, same list out.
//!
//! The facts about the methods (target groups, light/complex, the life domains they work on,
//! whether they build or use a network, reach out, start from the client's own request) come from
//! the Movisie overview *Begeleiding nieuwe stijl* (2014) and the seed method descriptions, as
//! summarised in `shared/research/methods-catalogue-notes.md`; see [`facts`].
//!
//! ## Weights
//! A method's score is the sum of the points below; it is suggested when the score reaches
//! [`THRESHOLD`] and at least one reason speaks for it. Ties are ordered by method code.
//!
//! | rule | points |
//! |---|---|
//! | the method is made for one of the client's target groups ([`W_GROUP`]) | +30 |
//! | the method is for all groups and the client's group is not named ([`W_GENERAL`]) | +10 |
//! | the method is made for other groups than the client's ([`P_OTHER_GROUP`]) | −10 |
//! | complex problems and a method for complex problems ([`W_COMPLEX`]) | +15 |
//! | light problems and a method only for complex problems ([`P_TOO_HEAVY`]) | −30 |
//! | complex problems and a light method ([`P_TOO_LIGHT`]) | −10 |
//! | per goal domain the method works on, at most two ([`W_DOMAIN`]) | +10 |
//! | per low ZRM score (1–2) on a domain the method works on, at most two ([`W_ZRM_LOW`]) | +8 |
//! | no network in view and a method that builds one ([`W_ISOLATED`]) | +25 |
//! | no network in view and a method that needs one ([`P_NO_NETWORK`]) | −20 |
//! | a network of three or more and a method that works with it ([`W_NETWORK`]) | +10 |
//! | critical transition: CTI ([`W_TRANSITION`]) | +50 |
//! | no critical transition: CTI ([`P_NO_TRANSITION`]) | −20 |
//! | needs outreach and a method that reaches out ([`W_OUTREACH`]; FACT only with psychiatric problems) | +20 (FACT +35) |
//! | needs outreach and a method that starts from the client's own request ([`P_OWN_REQUEST`]) | −15 |
//! | situation rules (dementia, brain injury, conflict, addiction, homelessness, carer) | see [`facts::situation_rules`] |
//! | age rules (young people, older people, minors) | see [`facts::age_rules`] |
//! | an organisation method, not a method for one client ([`P_ORGANISATION`]) | −25 |

mod facts;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use facts::{MethodFacts, METHOD_FACTS};

/// Score from which a method is suggested.
pub const THRESHOLD: i32 = 35;
/// The method is made for one of the client's target groups.
pub const W_GROUP: i32 = 30;
/// The method is usable for every group.
pub const W_GENERAL: i32 = 10;
/// The method is made for other groups than the client's.
pub const P_OTHER_GROUP: i32 = -10;
/// Complex problems meet a method for complex problems.
pub const W_COMPLEX: i32 = 15;
/// Light problems meet a method only for complex problems.
pub const P_TOO_HEAVY: i32 = -30;
/// Complex problems meet a light method.
pub const P_TOO_LIGHT: i32 = -10;
/// Per goal domain the method works on (at most two count).
pub const W_DOMAIN: i32 = 10;
/// Per low ZRM score on a domain the method works on (at most two count).
pub const W_ZRM_LOW: i32 = 8;
/// No network in view, and the method builds one.
pub const W_ISOLATED: i32 = 25;
/// No network in view, and the method needs one.
pub const P_NO_NETWORK: i32 = -20;
/// A network of at least [`NETWORK_PRESENT`] people, and the method works with it.
pub const W_NETWORK: i32 = 10;
/// Network size from which "there is a network to work with" counts.
pub const NETWORK_PRESENT: i64 = 3;
/// Critical transition: CTI.
pub const W_TRANSITION: i32 = 50;
/// No critical transition: CTI loses its reason to exist.
pub const P_NO_TRANSITION: i32 = -20;
/// Needs outreach, and the method reaches out.
pub const W_OUTREACH: i32 = 20;
/// Needs outreach: FACT (severe psychiatric problems, care avoiders).
pub const W_OUTREACH_FACT: i32 = 35;
/// Needs outreach, and the method starts from the client's own request.
pub const P_OWN_REQUEST: i32 = -15;
/// An organisation method rather than a method for one client.
pub const P_ORGANISATION: i32 = -25;
/// ZRM score at or below which a domain counts as low (1 = acute problemen, 2 = niet zelfredzaam).
pub const ZRM_LOW: u8 = 2;

/// A target group (doelgroep) as the Movisie overview uses them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TargetGroup {
    /// Age-related limitations.
    Ouderdom,
    /// Physical limitations (the overview puts brain injury, NAH, here).
    Lichamelijk,
    /// Psychological or psychiatric problems.
    Psychisch,
    /// Intellectual disability.
    Verstandelijk,
    /// General: several groups.
    Algemeen,
}

impl TargetGroup {
    /// Every group, in display order.
    pub const ALL: &'static [TargetGroup] = &[
        TargetGroup::Ouderdom,
        TargetGroup::Lichamelijk,
        TargetGroup::Psychisch,
        TargetGroup::Verstandelijk,
        TargetGroup::Algemeen,
    ];
    /// Every code, in display order.
    pub const CODES: &'static [&'static str] = &[
        "ouderdom",
        "lichamelijk",
        "psychisch",
        "verstandelijk",
        "algemeen",
    ];

    /// The stable code.
    pub fn code(self) -> &'static str {
        Self::CODES[Self::ALL.iter().position(|g| *g == self).unwrap_or(0)]
    }

    /// The group for a code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::CODES
            .iter()
            .position(|c| *c == code)
            .map(|i| Self::ALL[i])
    }

    /// In words, for reasons ("mensen met psychische problemen").
    pub fn words(self) -> &'static str {
        match self {
            TargetGroup::Ouderdom => "ouderen met beperkingen door hun leeftijd",
            TargetGroup::Lichamelijk => "mensen met een lichamelijke beperking of hersenletsel",
            TargetGroup::Psychisch => "mensen met psychische problemen",
            TargetGroup::Verstandelijk => "mensen met een verstandelijke beperking",
            TargetGroup::Algemeen => "meerdere doelgroepen",
        }
    }
}

/// How heavy the client's problems are (licht / complex).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Complexity {
    /// Light problems.
    Licht,
    /// Complex problems, usually on several domains.
    Complex,
}

impl Complexity {
    /// Every code.
    pub const CODES: &'static [&'static str] = &["licht", "complex"];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Complexity::Licht => "licht",
            Complexity::Complex => "complex",
        }
    }

    /// From a code.
    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "licht" => Some(Complexity::Licht),
            "complex" => Some(Complexity::Complex),
            _ => None,
        }
    }
}

/// The kind of critical transition (the moments the CTI text names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Transition {
    /// From the shelter or the street to an own home.
    UitstroomOpvang,
    /// Release from detention.
    UitDetentie,
    /// Discharge from a psychiatric hospital.
    OntslagKliniek,
    /// An acute crisis that brought the problems into view.
    Crisis,
    /// Another transition.
    Anders,
}

impl Transition {
    /// Every code.
    pub const CODES: &'static [&'static str] = &[
        "uitstroom_opvang",
        "uit_detentie",
        "ontslag_kliniek",
        "crisis",
        "anders",
    ];
    const ALL: &'static [Transition] = &[
        Transition::UitstroomOpvang,
        Transition::UitDetentie,
        Transition::OntslagKliniek,
        Transition::Crisis,
        Transition::Anders,
    ];

    /// The stable code.
    pub fn code(self) -> &'static str {
        Self::CODES[Self::ALL.iter().position(|t| *t == self).unwrap_or(4)]
    }

    /// From a code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::CODES
            .iter()
            .position(|c| *c == code)
            .map(|i| Self::ALL[i])
    }

    /// In words, for the reason ("uitstroom uit de opvang").
    pub fn words(self) -> &'static str {
        match self {
            Transition::UitstroomOpvang => "uitstroom uit de opvang",
            Transition::UitDetentie => "terug uit detentie",
            Transition::OntslagKliniek => "ontslag uit een psychiatrische kliniek",
            Transition::Crisis => "een crisis",
            Transition::Anders => "een ingrijpende verandering",
        }
    }
}

/// Particular circumstances (bijzonderheden) that single out a method, chosen by the worker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Situation {
    /// Dementia: the client, or the person the client cares for.
    Dementie,
    /// The client is a mantelzorger (informal carer) under strain.
    Mantelzorger,
    /// Niet-aangeboren hersenletsel (acquired brain injury).
    Nah,
    /// A conflict in the family or network.
    Conflict,
    /// Addiction.
    Verslaving,
    /// Homeless or in the shelter (maatschappelijke opvang, vrouwenopvang).
    Dakloos,
}

impl Situation {
    /// Every situation, in display order.
    pub const ALL: &'static [Situation] = &[
        Situation::Dementie,
        Situation::Mantelzorger,
        Situation::Nah,
        Situation::Conflict,
        Situation::Verslaving,
        Situation::Dakloos,
    ];
    /// Every code, in display order.
    pub const CODES: &'static [&'static str] = &[
        "dementie",
        "mantelzorger",
        "nah",
        "conflict",
        "verslaving",
        "dakloos",
    ];

    /// The stable code.
    pub fn code(self) -> &'static str {
        Self::CODES[Self::ALL.iter().position(|s| *s == self).unwrap_or(0)]
    }

    /// From a code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::CODES
            .iter()
            .position(|c| *c == code)
            .map(|i| Self::ALL[i])
    }
}

/// The network as far as Regie knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct NetworkState {
    /// People and organisations recorded around the client.
    pub members: i64,
    /// Whether any of them gives support.
    pub any_support: bool,
}

impl NetworkState {
    /// Nobody around the client who supports: isolated.
    pub fn isolated(&self) -> bool {
        self.members == 0 || !self.any_support
    }
}

/// ZRM scores per ZRM domain (1 = acute problemen … 5 = volledig zelfredzaam). Regie does not
/// record the ZRM yet; once it does, the latest measurement is passed here and low scores add
/// reasons for the methods that work on those domains.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ZrmProfile {
    /// (ZRM domain code such as `zrm_netwerk`, score 1–5).
    pub scores: Vec<(String, u8)>,
}

/// What the suggestion rules know about a client.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ClientProfile {
    /// Target groups the worker chose.
    pub target_groups: Vec<TargetGroup>,
    /// Light or complex, when the worker chose.
    pub complexity: Option<Complexity>,
    /// ZRM domain codes of the active goals (mapped from the goals' life domains).
    pub goal_domains: Vec<String>,
    /// The network; `None` when Regie does not know it.
    pub network: Option<NetworkState>,
    /// The critical transition the client is in, if any.
    pub critical_transition: Option<Transition>,
    /// The client avoids care or cannot ask for help: support has to come to them.
    pub needs_outreach: bool,
    /// Particular circumstances.
    pub situations: Vec<Situation>,
    /// Age in years, when the birth date is known.
    pub age: Option<i64>,
    /// The latest ZRM measurement (not recorded in Regie yet).
    pub zrm: Option<ZrmProfile>,
}

impl ClientProfile {
    /// Whether the worker chose `g`.
    pub fn has_group(&self, g: TargetGroup) -> bool {
        self.target_groups.contains(&g)
    }

    /// Whether `s` applies.
    pub fn has(&self, s: Situation) -> bool {
        self.situations.contains(&s)
    }

    /// Whether an active goal is on ZRM domain `zrm`.
    pub fn goal_on(&self, zrm: &str) -> bool {
        self.goal_domains.iter().any(|d| d == zrm)
    }
}

/// One sentence that speaks for or against a method, with its weight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// Points (positive for, negative against).
    pub points: i32,
    /// The sentence, in Dutch.
    pub text: String,
}

/// A suggested method with everything that speaks for and against it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// Method code (as in the methods library).
    pub method: &'static str,
    /// Sum of the points.
    pub score: i32,
    /// Why it fits.
    pub reasons: Vec<Reason>,
    /// Why it fits less ("past minder omdat …").
    pub against: Vec<Reason>,
}

/// Collects reasons for one method.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    pub reasons: Vec<Reason>,
    pub against: Vec<Reason>,
}

impl Tally {
    /// Adds a reason (positive points) or a counter-reason (negative points).
    pub fn add(&mut self, points: i32, text: impl Into<String>) {
        let r = Reason {
            points,
            text: text.into(),
        };
        if points >= 0 {
            self.reasons.push(r);
        } else {
            self.against.push(r);
        }
    }

    fn score(&self) -> i32 {
        self.reasons
            .iter()
            .chain(&self.against)
            .map(|r| r.points)
            .sum()
    }
}

/// Every method that fits `profile`, best first (score, then code), each with its reasons.
pub fn suggest(profile: &ClientProfile) -> Vec<Suggestion> {
    let mut out: Vec<Suggestion> = METHOD_FACTS
        .iter()
        .filter_map(|m| {
            let mut t = Tally::default();
            facts::score(m, profile, &mut t);
            let score = t.score();
            let fits = score >= THRESHOLD && !t.reasons.is_empty();
            fits.then_some(Suggestion {
                method: m.code,
                score,
                reasons: t.reasons,
                against: t.against,
            })
        })
        .collect();
    out.sort_by(|a, b| b.score.cmp(&a.score).then(a.method.cmp(b.method)));
    out
}
