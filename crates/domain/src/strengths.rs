//! Krachten: the client's own strengths per life domain. Per domain the situation now, the
//! client's wishes and the resources used before (the strengths inventory of Krachtwerk and the
//! strengths model), and strengths of six kinds (the "Matroesjka" of the 8-fasenmodel):
//! vaardigheden, interesses, kennis, persoonlijke kwaliteiten, contacten and mogelijkheden in de
//! omgeving. Written with the client, in the client's words; every change is kept.

use crate::catalogue::code_enum;
use crate::history::{replay_items, RecordChange};
use crate::FieldErrors;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

code_enum! {
    /// The six kinds of strength.
    StrengthKind {
        Skills = "vaardigheden",
        Interests = "interesses",
        Knowledge = "kennis",
        Qualities = "persoonlijke_kwaliteiten",
        Contacts = "contacten",
        Surroundings = "mogelijkheden_omgeving",
    }
}

/// Entity code of a domain's situation, wishes and resources in the change log.
pub const ENTITY_DOMAIN: &str = "strength_domain";
/// Entity code of one strength in the change log.
pub const ENTITY_STRENGTH: &str = "strength";

/// Longest text for the situation, wishes and resources of a domain.
pub const MAX_DOMAIN_TEXT: usize = 2000;
/// Longest text of one strength.
pub const MAX_STRENGTH_TEXT: usize = 500;

/// Situation, wishes and resources used before, for one life domain.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct StrengthDomain {
    /// Database id.
    pub id: i64,
    /// Life-domain code.
    pub domain: String,
    /// How things are now.
    pub situation: String,
    /// What the client wants.
    pub wishes: String,
    /// What helped before (people, places, things the client did).
    pub resources_before: String,
    /// Version for concurrent-edit detection.
    pub version: i64,
}

/// One strength of one kind in one life domain.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Strength {
    /// Database id.
    pub id: i64,
    /// Life-domain code.
    pub domain: String,
    /// Kind code (see [`StrengthKind`]).
    pub kind: String,
    /// In the client's words.
    pub text: String,
    /// Version for concurrent-edit detection.
    pub version: i64,
}

/// The strengths inventory at one moment.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct StrengthsSnapshot {
    /// Per domain: situation, wishes, resources (only domains written about).
    pub domains: Vec<StrengthDomain>,
    /// Every strength, by kind in the fixed order, then oldest first.
    pub strengths: Vec<Strength>,
}

impl StrengthsSnapshot {
    /// Puts the parts in a fixed order: domains by code, strengths by kind order then id.
    pub fn new(mut domains: Vec<StrengthDomain>, mut strengths: Vec<Strength>) -> StrengthsSnapshot {
        domains.sort_by(|a, b| a.domain.cmp(&b.domain).then(a.id.cmp(&b.id)));
        strengths.sort_by_key(|s| (kind_rank(&s.kind), s.id));
        StrengthsSnapshot { domains, strengths }
    }

    /// Situation, wishes and resources of one domain, if written.
    pub fn domain(&self, code: &str) -> Option<&StrengthDomain> {
        self.domains.iter().find(|d| d.domain == code)
    }

    /// The strengths of one kind in one domain.
    pub fn of(&self, domain: &str, kind: &str) -> Vec<&Strength> {
        self.strengths.iter().filter(|s| s.domain == domain && s.kind == kind).collect()
    }

    /// Whether anything is written for a domain.
    pub fn has(&self, domain: &str) -> bool {
        self.domain(domain).is_some_and(|d| !d.is_empty()) || self.strengths.iter().any(|s| s.domain == domain)
    }

    /// Codes of the domains with anything written, without repeats.
    pub fn domain_codes(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        let codes = self.domains.iter().filter(|d| !d.is_empty()).map(|d| d.domain.as_str()).chain(self.strengths.iter().map(|s| s.domain.as_str()));
        for c in codes {
            if !out.contains(&c) {
                out.push(c);
            }
        }
        out
    }

    /// Whether nothing is written at all.
    pub fn is_empty(&self) -> bool {
        self.strengths.is_empty() && self.domains.iter().all(StrengthDomain::is_empty)
    }
}

impl StrengthDomain {
    /// Whether all three texts are empty.
    pub fn is_empty(&self) -> bool {
        self.situation.is_empty() && self.wishes.is_empty() && self.resources_before.is_empty()
    }
}

fn kind_rank(kind: &str) -> usize {
    StrengthKind::CODES.iter().position(|k| *k == kind).unwrap_or(StrengthKind::CODES.len())
}

/// The inventory as it stood at `as_of`, from its kept changes.
pub fn replay(changes: &[RecordChange], as_of: DateTime<Utc>) -> StrengthsSnapshot {
    StrengthsSnapshot::new(replay_items(changes, ENTITY_DOMAIN, as_of), replay_items(changes, ENTITY_STRENGTH, as_of))
}

/// Input for a domain's situation, wishes and resources (absent counts as empty).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct StrengthDomainInput {
    /// How things are now.
    pub situation: Option<String>,
    /// What the client wants.
    pub wishes: Option<String>,
    /// What helped before.
    pub resources_before: Option<String>,
}

/// A domain's texts, checked and trimmed.
#[derive(Debug, Clone, PartialEq)]
pub struct StrengthDomainValues {
    /// How things are now.
    pub situation: String,
    /// What the client wants.
    pub wishes: String,
    /// What helped before.
    pub resources_before: String,
}

impl StrengthDomainInput {
    /// Checks the lengths; messages go to `e`.
    pub fn check(&self, e: &mut FieldErrors) -> StrengthDomainValues {
        let mut text = |field: &str, v: &Option<String>| e.opt_text(field, v.as_deref(), MAX_DOMAIN_TEXT).unwrap_or_default();
        StrengthDomainValues {
            situation: text("situation", &self.situation),
            wishes: text("wishes", &self.wishes),
            resources_before: text("resources_before", &self.resources_before),
        }
    }
}

/// Input for one strength.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct StrengthInput {
    /// Life-domain code.
    #[serde(default)]
    pub domain: String,
    /// Kind code.
    #[serde(default)]
    pub kind: String,
    /// In the client's words.
    #[serde(default)]
    pub text: String,
}

/// One strength, checked; the domain's existence is checked by the store.
#[derive(Debug, Clone, PartialEq)]
pub struct StrengthValues {
    /// Life-domain code (trimmed).
    pub domain: String,
    /// Kind code.
    pub kind: &'static str,
    /// The text (trimmed).
    pub text: String,
}

impl StrengthInput {
    /// Checks the fields; messages go to `e`.
    pub fn check(&self, e: &mut FieldErrors) -> StrengthValues {
        let domain = self.domain.trim().to_string();
        if domain.is_empty() {
            e.add("domain", "Kies een leefgebied.");
        }
        let kind = if self.kind.trim().is_empty() {
            e.add("kind", "Kies wat voor kracht dit is.");
            ""
        } else {
            e.one_of("kind", &self.kind, StrengthKind::CODES).unwrap_or("")
        };
        let text = e.text("text", &self.text, MAX_STRENGTH_TEXT);
        StrengthValues { domain, kind, text }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Op;
    use chrono::TimeZone;

    #[test]
    fn a_strength_needs_a_domain_a_known_kind_and_words() {
        let mut e = FieldErrors::default();
        StrengthInput { domain: " ".into(), kind: "talent".into(), text: "".into() }.check(&mut e);
        assert_eq!(e.get("domain"), Some("Kies een leefgebied."));
        assert_eq!(e.get("kind"), Some("Kies een van de mogelijkheden."));
        assert_eq!(e.get("text"), Some("Vul dit veld in."));
        let mut ok = FieldErrors::default();
        let v = StrengthInput { domain: "f8_wonen".into(), kind: "kennis".into(), text: " weet hoe huurtoeslag werkt ".into() }.check(&mut ok);
        assert!(ok.is_empty());
        assert_eq!((v.kind, v.text.as_str()), ("kennis", "weet hoe huurtoeslag werkt"));
    }

    #[test]
    fn domain_texts_may_be_empty_but_not_endless() {
        let mut e = FieldErrors::default();
        let v = StrengthDomainInput { situation: Some("x".repeat(MAX_DOMAIN_TEXT + 1)), wishes: None, resources_before: Some("  ".into()) }.check(&mut e);
        assert!(e.get("situation").unwrap().contains("2000"));
        assert_eq!(v.resources_before, "");
    }

    #[test]
    fn replay_sorts_by_kind_and_keeps_domains_apart() {
        let at = Utc.with_ymd_and_hms(2026, 4, 1, 9, 0, 0).unwrap();
        let c = |entity: &str, id: i64, data: serde_json::Value| RecordChange { entity: entity.into(), entity_id: id, version: 1, op: Op::Create, at, by: "x".into(), data };
        let h = vec![
            c(ENTITY_STRENGTH, 1, serde_json::json!({"id": 1, "domain": "f8_wonen", "kind": "contacten", "text": "buurvrouw", "version": 1})),
            c(ENTITY_STRENGTH, 2, serde_json::json!({"id": 2, "domain": "f8_wonen", "kind": "vaardigheden", "text": "koken", "version": 1})),
            c(ENTITY_DOMAIN, 3, serde_json::json!({"id": 3, "domain": "f8_werk", "situation": "geen werk", "wishes": "", "resources_before": "", "version": 1})),
        ];
        let s = replay(&h, at);
        assert_eq!(s.strengths.iter().map(|s| s.text.as_str()).collect::<Vec<_>>(), ["koken", "buurvrouw"]);
        assert_eq!(s.of("f8_wonen", "contacten").len(), 1);
        assert_eq!(s.domain_codes(), ["f8_werk", "f8_wonen"]);
        assert!(s.has("f8_werk") && !s.has("f8_financien"));
    }
}
