//! The life domains goals are set in, and which content ([`super::themes`]) belongs to each.

use super::themes::{
    FINANCIEN, GEESTELIJK, HUISHOUDEN, JUSTITIE, LICHAMELIJK, MEEDOEN, MIDDELEN, NETWERK, THUIS, TIJD, VERZORGING, WERK, WONEN, ZINGEVING,
};

/// The ZRM 2017 domains (used by every model except the 8-fasenmodel).
pub(super) const ZRM_DOMAINS: &[&str] = &[
    "zrm_financien", "zrm_werk", "zrm_tijd", "zrm_huisvesting", "zrm_relaties", "zrm_geestelijk", "zrm_lichamelijk", "zrm_middelen",
    "zrm_badl", "zrm_iadl", "zrm_netwerk", "zrm_participatie", "zrm_justitie",
];
/// The domains of the 8-fasenmodel.
pub(super) const F8_DOMAINS: &[&str] = &["f8_zingeving", "f8_wonen", "f8_financien", "f8_relaties", "f8_lichamelijk", "f8_psychisch", "f8_werk"];
/// How often a domain is chosen for a goal, relative to 1 (housing and money come up most).
pub(super) const DOMAIN_WEIGHTS: &[(&str, i64)] = &[
    ("zrm_huisvesting", 4),
    ("zrm_financien", 4),
    ("zrm_werk", 3),
    ("zrm_tijd", 3),
    ("zrm_netwerk", 3),
    ("zrm_geestelijk", 3),
    ("f8_wonen", 4),
    ("f8_financien", 4),
    ("f8_werk", 3),
    ("f8_relaties", 3),
    ("f8_psychisch", 3),
];

/// Who owns an action: the client, a worker of the care team, someone from the network, or an
/// outside party.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Owner {
    Client,
    Worker,
    /// Someone from the client's network, picked at random.
    Network,
    /// An outside party, by name.
    Outside(&'static str),
}

/// The content of one life domain (see [`super::themes`]). `{n}` in a journal line is the
/// client's first name.
pub(super) struct Theme {
    pub(super) goals: &'static [&'static str],
    pub(super) actions: &'static [(&'static str, Owner)],
    pub(super) journal: &'static [&'static str],
}

/// The theme of a domain code (every built-in domain has its own; see the test below).
pub(super) fn theme_of(domain: &str) -> &'static Theme {
    match domain {
        "zrm_huisvesting" | "f8_wonen" => &WONEN,
        "zrm_financien" | "f8_financien" => &FINANCIEN,
        "zrm_werk" | "f8_werk" => &WERK,
        "zrm_tijd" => &TIJD,
        "zrm_relaties" => &THUIS,
        "zrm_netwerk" | "f8_relaties" => &NETWERK,
        "zrm_geestelijk" | "f8_psychisch" => &GEESTELIJK,
        "f8_zingeving" => &ZINGEVING,
        "zrm_lichamelijk" | "f8_lichamelijk" => &LICHAMELIJK,
        "zrm_badl" => &VERZORGING,
        "zrm_iadl" => &HUISHOUDEN,
        "zrm_middelen" => &MIDDELEN,
        "zrm_participatie" => &MEEDOEN,
        _ => &JUSTITIE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regie_domain::catalogue::BUILTIN_LIFE_DOMAINS;

    #[test]
    fn every_domain_has_fitting_content_without_repeats() {
        let demo: Vec<&str> = ZRM_DOMAINS.iter().chain(F8_DOMAINS).copied().collect();
        for d in BUILTIN_LIFE_DOMAINS {
            assert!(demo.contains(&d.code), "{} is not used by the demo", d.code);
            // Only Justitie itself falls to the last arm of theme_of.
            assert_eq!(std::ptr::eq(theme_of(d.code), &JUSTITIE), d.code == "zrm_justitie", "{}", d.code);
        }
        for d in &demo {
            let t = theme_of(d);
            assert!(t.goals.len() >= 3 && t.actions.len() >= 6 && t.journal.len() >= 5, "{d}");
            let unique = |texts: Vec<&str>| {
                let mut sorted = texts.clone();
                sorted.sort();
                sorted.dedup();
                sorted.len() == texts.len()
            };
            assert!(unique(t.goals.to_vec()), "{d}: goals");
            assert!(unique(t.actions.iter().map(|(a, _)| *a).collect()), "{d}: actions");
            assert!(unique(t.journal.to_vec()), "{d}: journal");
        }
    }
}
