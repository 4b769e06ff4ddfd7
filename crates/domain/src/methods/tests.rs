use super::*;
use std::collections::HashSet;

/// The codes other parts of Regie rely on.
const CODES: &[&str] = &[
    "ontmoetingscentra", "vriendendiensten", "op-eigen-benen", "community-support", "gemixt-talent",
    "eigen-kracht-conferentie", "fact", "cti", "ispb", "active-support", "hooi-op-je-vork", "srh", "irb",
    "herstelwerkgroepen-hee", "herstellen-doe-je-zelf", "sbcm", "relim", "wijk-en-psychiatrie", "supported-living",
    "eim", "pcp", "voor-mekaar", "werken-met-verhalen", "thuisbegeleiding", "oplossingsgericht-werken", "sns",
    "vrijwillige-netwerkcoach", "vriendenkringen", "zorg-en-ondersteuningsplan", "signaleringsnetwerken",
    "maatschappelijke-steunsystemen", "kwartiermaken", "competentiegericht", "8fasen", "krachtwerk",
    "thuisbegeleiding-actiz",
];

fn filled(s: &str) -> bool {
    s.trim().chars().count() >= 3
}

fn check_text(code: &str, field: &str, f: &Fact<String>) {
    match f {
        Fact::Known(t) => assert!(filled(t), "{code}: {field} is empty"),
        Fact::Unknown { why } => assert!(filled(why) && !why.starts_with('@'), "{code}: {field} unknown without a reason: {why:?}"),
    }
}

fn check_list<T>(code: &str, field: &str, f: &Fact<Vec<T>>) {
    match f {
        Fact::Known(v) => assert!(!v.is_empty(), "{code}: {field} is an empty list; write it as unknown"),
        Fact::Unknown { why } => assert!(filled(why) && !why.starts_with('@'), "{code}: {field} unknown without a reason"),
    }
}

fn check_one<T>(code: &str, field: &str, f: &Fact<T>) {
    if let Fact::Unknown { why } = f {
        assert!(filled(why) && !why.starts_with('@'), "{code}: {field} unknown without a reason");
    }
}

#[test]
fn the_library_has_at_least_36_methods_with_unique_codes() {
    let all = methods();
    assert!(all.len() >= 36, "{} methods", all.len());
    let mut seen = HashSet::new();
    for m in all {
        assert!(seen.insert(m.code.as_str()), "code {} twice", m.code);
        assert!(m.code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'), "code {}", m.code);
    }
    for code in CODES {
        assert!(method(code).is_some(), "method {code} is missing");
    }
    // The overview's 29 and its three organisation methods.
    assert_eq!(all.iter().filter(|m| m.kind == MethodKind::Overview).count(), 29);
    assert_eq!(all.iter().filter(|m| m.kind == MethodKind::Organisation).count(), 3);
}

#[test]
fn every_field_is_filled_or_explicitly_unknown() {
    for m in methods() {
        let c = m.code.as_str();
        assert!(filled(&m.name), "{c}: name");
        check_list(c, "target_groups", &m.target_groups);
        check_text(c, "target_group", &m.target_group);
        check_one(c, "complexity", &m.complexity);
        check_one(c, "aim", &m.aim);
        check_list(c, "bakens", &m.bakens);
        check_text(c, "goal", &m.goal);
        check_text(c, "approach", &m.approach);
        check_list(c, "steps", &m.steps);
        check_text(c, "duration", &m.duration);
        check_list(c, "instruments", &m.instruments);
        check_list(c, "roles", &m.roles);
        if let Fact::Known(steps) = &m.steps {
            for s in steps {
                assert!(filled(&s.name) && filled(&s.description), "{c}: step {:?}", s.name);
            }
        }
        assert!(!m.sources.is_empty(), "{c}: no source");
        assert!(m.sources.iter().all(|s| filled(&s.title)), "{c}: a source without a title");
        if let Some(note) = &m.remark {
            assert!(filled(note), "{c}: empty remark");
        }
    }
}

#[test]
fn the_sources_own_words_are_kept_where_the_notes_are_sure() {
    // The notes are sure about these; the library must not hide them behind "unknown".
    assert_eq!(method("cti").unwrap().complexity, Fact::Known(Complexity::Complex));
    assert_eq!(method("fact").unwrap().complexity, Fact::Known(Complexity::Complex));
    assert_eq!(method("ispb").unwrap().complexity, Fact::Known(Complexity::Complex));
    assert_eq!(method("srh").unwrap().steps.known().map(Vec::len), Some(6));
    assert_eq!(method("sns").unwrap().steps.known().map(Vec::len), Some(3));
    // And unsure where the table was lost: Hooi op je vork's target group, EK-c's aim.
    assert!(method("hooi-op-je-vork").unwrap().target_groups.why().is_some());
    assert!(method("eigen-kracht-conferentie").unwrap().aim.why().is_some());
    // The plan is the only one of the 29 without the baken eigen kracht.
    let without: Vec<&str> = methods()
        .iter()
        .filter(|m| m.kind == MethodKind::Overview && !m.bakens.known().is_some_and(|b| b.contains(&Baken::OwnStrength)))
        .map(|m| m.code.as_str())
        .collect();
    assert_eq!(without, vec!["zorg-en-ondersteuningsplan"]);
}

#[test]
fn standard_reasons_are_spelled_out() {
    let unknown = method("ispb").unwrap().duration.why().unwrap();
    assert!(unknown.starts_with("De bron noemt geen duur"), "{unknown}");
}

#[test]
fn phase_models_of_methods_exist() {
    let models: Vec<String> = crate::phase::builtin_models().into_iter().map(|m| m.code).collect();
    for m in methods() {
        if let Some(pm) = &m.phase_model {
            assert!(models.contains(pm), "{}: phase model {pm} is not built in", m.code);
        }
    }
    // Every built-in model belongs to the method with the same code.
    for code in &models {
        assert_eq!(method(code).and_then(|m| m.phase_model.as_deref()), Some(code.as_str()), "model {code}");
    }
}

#[test]
fn search_finds_words_without_accents_and_in_goals() {
    let codes = |q: &MethodQuery| search(q).iter().map(|m| m.code.clone()).collect::<Vec<_>>();
    let found = codes(&MethodQuery { text: "dementie".into(), ..Default::default() });
    assert!(found.contains(&"ontmoetingscentra".to_string()), "{found:?}");
    // "clienten" finds "cliënten"; every word must occur.
    assert!(!codes(&MethodQuery { text: "clienten".into(), ..Default::default() }).is_empty());
    assert!(codes(&MethodQuery { text: "dementie zzzz".into(), ..Default::default() }).is_empty());
}

#[test]
fn filters_never_match_an_unknown_fact() {
    let complex = search(&MethodQuery { complexity: Some(Complexity::Complex), ..Default::default() });
    let codes: Vec<&str> = complex.iter().map(|m| m.code.as_str()).collect();
    assert!(codes.contains(&"cti") && codes.contains(&"fact") && codes.contains(&"ispb"), "{codes:?}");
    assert!(!codes.contains(&"srh"), "SRH's complexity is unknown");
    // "beide" counts as fitting light problems too.
    let light = search(&MethodQuery { complexity: Some(Complexity::Light), ..Default::default() });
    assert!(light.iter().any(|m| m.code == "thuisbegeleiding-actiz"));
    let dea = search(&MethodQuery { baken: Some(Baken::Outreach), ..Default::default() });
    let mut dea: Vec<&str> = dea.iter().map(|m| m.code.as_str()).collect();
    dea.sort();
    assert_eq!(dea, vec!["cti", "fact"], "only FACT and CTI go straight to people");
    let age = search(&MethodQuery { target_group: Some(TargetGroup::Age), aim: Some(Aim::Participation), ..Default::default() });
    assert!(age.iter().all(|m| m.target_groups.known().unwrap().contains(&TargetGroup::Age)));
}

#[test]
fn facts_read_as_tagged_json() {
    let m = method("hooi-op-je-vork").unwrap();
    let json = serde_json::to_value(m).unwrap();
    assert!(json["target_groups"]["unknown"]["why"].as_str().unwrap().contains("NAH"));
    assert_eq!(json["bakens"]["known"][0], "vraag-achter-de-vraag");
}
