//! Netwerk: the people and organisations around the client. For each: the relation and how to
//! reach them, how close they stand (the rings of the ecogram), the support they give (practical,
//! emotional, information, company), what the client gives them back (reciprocity), whether they
//! take part in actions or evaluations, and what the client consents to share with them.

use crate::catalogue::code_enum;
use crate::history::{replay_items, RecordChange};
use crate::FieldErrors;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

code_enum! {
    /// A person or an organisation.
    MemberKind { Person = "persoon", Organisation = "organisatie" }
}

code_enum! {
    /// The kinds of support a network member gives.
    SupportKind { Practical = "praktisch", Emotional = "emotioneel", Information = "informatie", Company = "gezelschap" }
}

code_enum! {
    /// What the client consents to share with a network member.
    Consent { Nothing = "niets", Plan = "plan", PlanAndJournal = "plan_en_journaal" }
}

code_enum! {
    /// How close someone stands to the client: the rings of the ecogram, inside out. Stored as
    /// the numbers 1, 2 and 3.
    Closeness { Close = "dichtbij", Middle = "middel", Far = "verder_weg" }
}

impl Closeness {
    /// The ring number as stored (1 inside).
    pub fn ring(self) -> i64 {
        match self {
            Closeness::Close => 1,
            Closeness::Middle => 2,
            Closeness::Far => 3,
        }
    }

    /// The closeness of a stored ring number.
    pub fn from_ring(n: i64) -> Option<Closeness> {
        match n {
            1 => Some(Closeness::Close),
            2 => Some(Closeness::Middle),
            3 => Some(Closeness::Far),
            _ => None,
        }
    }
}

/// Entity code of a network member in the change log.
pub const ENTITY_MEMBER: &str = "network_member";

/// Someone in the client's network.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct NetworkMember {
    /// Database id.
    pub id: i64,
    /// Name as the client says it.
    pub name: String,
    /// Relation to the client ("zus", "buurman", "schuldhulp").
    pub relation: String,
    /// Kind code (see [`MemberKind`]).
    pub kind: String,
    /// Phone number.
    pub phone: Option<String>,
    /// Email address.
    pub email: Option<String>,
    /// Ring: 1 dichtbij, 2 middel, 3 verder weg.
    pub closeness: i64,
    /// Support codes (see [`SupportKind`]), in the fixed order.
    pub support: Vec<String>,
    /// What the client gives them back.
    pub gives_back: String,
    /// Takes part in actions of the plan.
    pub takes_part_actions: bool,
    /// Takes part in evaluations.
    pub takes_part_evaluations: bool,
    /// Consent code (see [`Consent`]).
    pub consent: String,
    /// Version for concurrent-edit detection.
    pub version: i64,
}

impl NetworkMember {
    /// The closeness code of the ring (for labels).
    pub fn closeness_code(&self) -> &'static str {
        Closeness::from_ring(self.closeness).unwrap_or(Closeness::Far).code()
    }
}

/// Support codes from the stored comma list (unknown codes left out), in the fixed order.
pub fn support_from_text(text: &str) -> Vec<String> {
    SupportKind::CODES.iter().filter(|c| text.split(',').any(|p| p.trim() == **c)).map(|c| c.to_string()).collect()
}

/// The stored comma list of support codes.
pub fn support_to_text(codes: &[&str]) -> String {
    codes.join(",")
}

/// Members in the order they are shown: inner ring first, then by name.
pub fn sort_members(members: &mut [NetworkMember]) {
    members.sort_by(|a, b| a.closeness.cmp(&b.closeness).then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase())).then(a.id.cmp(&b.id)));
}

/// The network as it stood at `as_of`, from its kept changes.
pub fn replay(changes: &[RecordChange], as_of: DateTime<Utc>) -> Vec<NetworkMember> {
    let mut members: Vec<NetworkMember> = replay_items(changes, ENTITY_MEMBER, as_of);
    sort_members(&mut members);
    members
}

/// Input for a network member.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct NetworkMemberInput {
    /// Name.
    #[serde(default)]
    pub name: String,
    /// Relation to the client.
    pub relation: Option<String>,
    /// Kind code; `persoon` when absent.
    pub kind: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// Email address.
    pub email: Option<String>,
    /// Ring 1 to 3.
    pub closeness: Option<i64>,
    /// Support codes.
    #[serde(default)]
    pub support: Vec<String>,
    /// What the client gives them back.
    pub gives_back: Option<String>,
    /// Takes part in actions.
    #[serde(default)]
    pub takes_part_actions: bool,
    /// Takes part in evaluations.
    #[serde(default)]
    pub takes_part_evaluations: bool,
    /// Consent code; `niets` when absent.
    pub consent: Option<String>,
}

/// A network member's input, checked and trimmed.
#[derive(Debug, Clone, PartialEq)]
pub struct NetworkMemberValues {
    /// Name.
    pub name: String,
    /// Relation ("" when none).
    pub relation: String,
    /// Kind code.
    pub kind: &'static str,
    /// Phone number.
    pub phone: Option<String>,
    /// Email address.
    pub email: Option<String>,
    /// Ring 1 to 3.
    pub closeness: i64,
    /// Support codes in the fixed order.
    pub support: Vec<&'static str>,
    /// What the client gives back ("" when nothing written).
    pub gives_back: String,
    /// Takes part in actions.
    pub takes_part_actions: bool,
    /// Takes part in evaluations.
    pub takes_part_evaluations: bool,
    /// Consent code.
    pub consent: &'static str,
}

impl NetworkMemberInput {
    /// Checks every field; messages go to `e`.
    pub fn check(&self, e: &mut FieldErrors) -> NetworkMemberValues {
        let name = e.text("name", &self.name, 200);
        let relation = e.opt_text("relation", self.relation.as_deref(), 200).unwrap_or_default();
        let kind = match self.kind.as_deref().map(str::trim) {
            None | Some("") => MemberKind::Person.code(),
            Some(k) => e.one_of("kind", k, MemberKind::CODES).unwrap_or(""),
        };
        let phone = e.opt_text("phone", self.phone.as_deref(), 30);
        if let Some(p) = &phone {
            if !p.chars().all(|c| c.is_ascii_digit() || " +-()/.".contains(c)) || !p.chars().any(|c| c.is_ascii_digit()) {
                e.add("phone", "Gebruik alleen cijfers, spaties en + - ( ).");
            }
        }
        let email = e.opt_text("email", self.email.as_deref(), 200);
        if let Some(m) = &email {
            if !plausible_email(m) {
                e.add("email", "Geef een geldig e-mailadres, bijvoorbeeld naam@voorbeeld.nl.");
            }
        }
        let closeness = match self.closeness {
            None => {
                e.add("closeness", "Kies hoe dichtbij deze persoon staat.");
                0
            }
            Some(n) if Closeness::from_ring(n).is_some() => n,
            Some(_) => {
                e.add("closeness", "Kies dichtbij, middel of verder weg.");
                0
            }
        };
        let mut support = Vec::new();
        for s in self.support.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
            match SupportKind::parse(s) {
                Some(k) if !support.contains(&k.code()) => support.push(k.code()),
                Some(_) => {}
                None if e.get("support").is_none() => e.add("support", "Kies een van de mogelijkheden."),
                None => {}
            }
        }
        support.sort_by_key(|c| SupportKind::CODES.iter().position(|k| k == c));
        let gives_back = e.opt_text("gives_back", self.gives_back.as_deref(), 1000).unwrap_or_default();
        let consent = match self.consent.as_deref().map(str::trim) {
            None | Some("") => Consent::Nothing.code(),
            Some(c) => e.one_of("consent", c, Consent::CODES).unwrap_or(""),
        };
        NetworkMemberValues {
            name,
            relation,
            kind,
            phone,
            email,
            closeness,
            support,
            gives_back,
            takes_part_actions: self.takes_part_actions,
            takes_part_evaluations: self.takes_part_evaluations,
            consent,
        }
    }
}

fn plausible_email(m: &str) -> bool {
    match m.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty() && !domain.contains('@') && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.') && !m.contains(char::is_whitespace)
        }
        None => false,
    }
}

/// Where a member sits on the ecogram.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    /// Member id.
    pub id: i64,
    /// Ring (1 inside).
    pub ring: i64,
    /// Position in the drawing's units.
    pub x: f64,
    /// Position in the drawing's units.
    pub y: f64,
}

/// Width of the ecogram drawing (its `viewBox`).
pub const ECOGRAM_WIDTH: f64 = 760.0;
/// Height of the ecogram drawing.
pub const ECOGRAM_HEIGHT: f64 = 640.0;
/// Radius of each ring, inside out.
pub const RING_RADII: [f64; 3] = [95.0, 175.0, 255.0];

/// The centre of the ecogram, where the client stands.
pub fn ecogram_centre() -> (f64, f64) {
    (ECOGRAM_WIDTH / 2.0, ECOGRAM_HEIGHT / 2.0)
}

/// Places members evenly on their ring, starting at the top and turning each ring a little so
/// that names on neighbouring rings do not line up.
pub fn ecogram_layout(members: &[NetworkMember]) -> Vec<Placed> {
    let (cx, cy) = ecogram_centre();
    let mut out = Vec::with_capacity(members.len());
    for ring in 1..=3i64 {
        let on_ring: Vec<&NetworkMember> = members.iter().filter(|m| m.closeness.clamp(1, 3) == ring).collect();
        let n = on_ring.len();
        let radius = RING_RADII[(ring - 1) as usize];
        let step = std::f64::consts::TAU / n.max(1) as f64;
        let turn = (ring - 1) as f64 * 0.45;
        for (i, m) in on_ring.iter().enumerate() {
            let angle = -std::f64::consts::FRAC_PI_2 + turn + step * i as f64;
            out.push(Placed { id: m.id, ring, x: cx + radius * angle.cos(), y: cy + radius * angle.sin() });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(id: i64, name: &str, closeness: i64) -> NetworkMember {
        NetworkMember {
            id,
            name: name.into(),
            relation: String::new(),
            kind: "persoon".into(),
            phone: None,
            email: None,
            closeness,
            support: vec![],
            gives_back: String::new(),
            takes_part_actions: false,
            takes_part_evaluations: false,
            consent: "niets".into(),
            version: 1,
        }
    }

    #[test]
    fn wrong_input_gets_dutch_messages_per_field() {
        let mut e = FieldErrors::default();
        let input = NetworkMemberInput {
            name: " ".into(),
            kind: Some("hond".into()),
            phone: Some("bel me".into()),
            email: Some("geen-adres".into()),
            closeness: Some(4),
            support: vec!["geld".into()],
            consent: Some("alles".into()),
            ..Default::default()
        };
        input.check(&mut e);
        for field in ["name", "kind", "phone", "email", "closeness", "support", "consent"] {
            assert!(e.get(field).is_some(), "{field} should be refused: {e:?}");
        }
        assert_eq!(e.get("closeness"), Some("Kies dichtbij, middel of verder weg."));
    }

    #[test]
    fn good_input_is_trimmed_and_support_put_in_order() {
        let mut e = FieldErrors::default();
        let input = NetworkMemberInput {
            name: " Fatma ".into(),
            closeness: Some(1),
            support: vec!["gezelschap".into(), "praktisch".into(), "gezelschap".into()],
            email: Some("fatma@voorbeeld.nl".into()),
            phone: Some("+31 6 1234 5678".into()),
            ..Default::default()
        };
        let v = input.check(&mut e);
        assert!(e.is_empty(), "{e:?}");
        assert_eq!(v.name, "Fatma");
        assert_eq!(v.support, ["praktisch", "gezelschap"]);
        assert_eq!((v.kind, v.consent), ("persoon", "niets"));
        assert_eq!(support_from_text(&support_to_text(&v.support)), ["praktisch", "gezelschap"]);
    }

    #[test]
    fn the_layout_puts_closer_people_nearer_the_client() {
        let members = vec![member(1, "Zus", 1), member(2, "Buurman", 2), member(3, "Schuldhulp", 3), member(4, "Moeder", 1)];
        let placed = ecogram_layout(&members);
        assert_eq!(placed.len(), 4);
        let (cx, cy) = ecogram_centre();
        let dist = |id: i64| {
            let p = placed.iter().find(|p| p.id == id).unwrap();
            ((p.x - cx).powi(2) + (p.y - cy).powi(2)).sqrt()
        };
        assert!(dist(1) < dist(2) && dist(2) < dist(3));
        assert!((dist(1) - dist(4)).abs() < 1e-9, "same ring, same distance");
        let (a, b) = (placed.iter().find(|p| p.id == 1).unwrap(), placed.iter().find(|p| p.id == 4).unwrap());
        assert!((a.x - b.x).abs() > 1.0 || (a.y - b.y).abs() > 1.0, "two on one ring do not overlap");
        for p in &placed {
            assert!(p.x > 60.0 && p.x < ECOGRAM_WIDTH - 60.0 && p.y > 40.0 && p.y < ECOGRAM_HEIGHT - 40.0, "inside the drawing");
        }
    }
}
