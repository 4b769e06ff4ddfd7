//! Client profiles with the methods we expect on top, and the reasons a worker would read.

use super::*;
use Situation as S;
use TargetGroup::*;

fn profile(groups: &[TargetGroup], complexity: Option<Complexity>) -> ClientProfile {
    ClientProfile {
        target_groups: groups.to_vec(),
        complexity,
        ..Default::default()
    }
}

fn goals(mut p: ClientProfile, domains: &[&str]) -> ClientProfile {
    p.goal_domains = domains.iter().map(|d| d.to_string()).collect();
    p
}

fn net(mut p: ClientProfile, members: i64) -> ClientProfile {
    p.network = Some(NetworkState {
        members,
        any_support: members > 0,
    });
    p
}

fn with(mut p: ClientProfile, s: &[Situation]) -> ClientProfile {
    p.situations = s.to_vec();
    p
}

fn codes(list: &[Suggestion]) -> Vec<&'static str> {
    list.iter().map(|s| s.method).collect()
}

fn top(p: &ClientProfile, n: usize) -> Vec<&'static str> {
    codes(&suggest(p)).into_iter().take(n).collect()
}

fn get<'a>(list: &'a [Suggestion], code: &str) -> &'a Suggestion {
    list.iter()
        .find(|s| s.method == code)
        .unwrap_or_else(|| panic!("{code} not suggested: {:?}", codes(list)))
}

fn says(s: &Suggestion, fragment: &str) -> bool {
    s.reasons.iter().any(|r| r.text.contains(fragment))
}

fn against(s: &Suggestion, fragment: &str) -> bool {
    s.against.iter().any(|r| r.text.contains(fragment))
}

#[test]
fn p01_leaving_the_shelter_gets_cti_first_with_the_transition_reason() {
    let mut p = goals(
        profile(&[Psychisch], Some(Complexity::Complex)),
        &["zrm_huisvesting", "zrm_financien"],
    );
    p.critical_transition = Some(Transition::UitstroomOpvang);
    let list = suggest(&p);
    assert_eq!(list[0].method, "cti");
    assert!(list[0].reasons.iter().any(|r| r.text
        == "Cliënt maakt een overgang door (uitstroom uit de opvang): CTI is gemaakt voor zo'n kritieke periode van negen maanden."));
    assert!(
        says(&list[0], "Huisvesting"),
        "the housing goal counts for CTI: {:?}",
        list[0].reasons
    );
}

#[test]
fn p02_complex_psychiatric_care_avoider_gets_fact_first() {
    let mut p = profile(&[Psychisch], Some(Complexity::Complex));
    p.needs_outreach = true;
    let list = suggest(&p);
    assert_eq!(list[0].method, "fact");
    assert!(says(&list[0], "gaat naar de cliënt toe"));
    assert!(says(&list[0], "complexe problemen"));
    // A course the client must go to himself speaks against itself here.
    if let Some(course) = list.iter().find(|s| s.method == "herstellen-doe-je-zelf") {
        assert!(against(course, "zelf geen hulp zoekt"));
    }
    // Without a transition, CTI is named with its counter-reason if at all.
    if let Some(cti) = list.iter().find(|s| s.method == "cti") {
        assert!(against(cti, "geen kritieke overgang"));
    }
}

#[test]
fn p03_isolated_and_wanting_contact_gets_the_network_builders() {
    let p = net(
        goals(
            profile(&[Psychisch], Some(Complexity::Licht)),
            &["zrm_netwerk"],
        ),
        0,
    );
    let list = suggest(&p);
    let four = codes(&list).into_iter().take(4).collect::<Vec<_>>();
    assert!(four.contains(&"vriendendiensten"), "{four:?}");
    assert!(four.contains(&"wijk-en-psychiatrie"), "{four:?}");
    let vd = get(&list, "vriendendiensten");
    assert!(says(vd, "nog geen steunend netwerk"));
    assert!(says(vd, "Sociaal netwerk"));
    for code in ["vriendenkringen", "sns", "vrijwillige-netwerkcoach"] {
        assert!(
            says(get(&list, code), "nog geen steunend netwerk"),
            "{code}"
        );
    }
    // A conference needs people to invite.
    if let Some(ekc) = list.iter().find(|s| s.method == "eigen-kracht-conferentie") {
        assert!(against(ekc, "nog geen netwerk"));
    }
}

#[test]
fn p04_isolated_general_group_ranks_all_four_contact_methods_high() {
    let p = net(goals(profile(&[Algemeen], None), &["zrm_netwerk"]), 0);
    let six = top(&p, 6);
    for code in ["vriendenkringen", "sns", "vrijwillige-netwerkcoach"] {
        assert!(six.contains(&code), "{code} not in {six:?}");
    }
}

#[test]
fn p05_carer_of_someone_with_dementia_gets_ontmoetingscentra() {
    let p = with(profile(&[Ouderdom], None), &[S::Dementie, S::Mantelzorger]);
    let list = suggest(&p);
    assert_eq!(list[0].method, "ontmoetingscentra");
    assert!(says(&list[0], "zorgt de cliënt voor iemand met dementie"));
    assert!(says(&list[0], "ouderen"));
}

#[test]
fn p06_acquired_brain_injury_gets_hooi_op_je_vork() {
    let p = with(profile(&[Lichamelijk], None), &[S::Nah]);
    let list = suggest(&p);
    assert_eq!(list[0].method, "hooi-op-je-vork");
    assert!(says(&list[0], "niet-aangeboren hersenletsel"));
}

#[test]
fn p07_work_goal_with_psychiatric_problems_gets_irb_and_relim() {
    let p = goals(profile(&[Psychisch], None), &["zrm_werk"]);
    let three = top(&p, 3);
    assert!(
        three.contains(&"irb") && three.contains(&"relim"),
        "{three:?}"
    );
    let list = suggest(&p);
    assert!(says(get(&list, "relim"), "wil werken of meedoen"));
    assert!(says(get(&list, "irb"), "Werk & opleiding"));
}

#[test]
fn p08_light_problems_and_own_question_gets_solution_focused_work() {
    let p = goals(
        profile(&[Algemeen], Some(Complexity::Licht)),
        &["zrm_financien"],
    );
    let list = suggest(&p);
    assert_eq!(list[0].method, "oplossingsgericht-werken");
    assert!(says(&list[0], "kort en gaat uit van de eigen vraag"));
    // Complex-only methods do not appear for light problems.
    assert!(!codes(&list).contains(&"fact"));
    assert!(!codes(&list).contains(&"ispb"));
}

#[test]
fn p09_older_person_at_home_with_household_goal_gets_thuisbegeleiding() {
    let mut p = goals(profile(&[Ouderdom], None), &["zrm_iadl"]);
    p.age = Some(81);
    let list = suggest(&p);
    assert_eq!(list[0].method, "thuisbegeleiding");
    assert!(says(&list[0], "huishouden"));
    assert!(says(&list[0], "oudere en woont thuis"));
}

#[test]
fn p10_family_conflict_with_a_network_gets_eigen_kracht_conferentie() {
    let p = net(
        with(
            goals(profile(&[Algemeen], None), &["zrm_relaties"]),
            &[S::Conflict],
        ),
        6,
    );
    let list = suggest(&p);
    assert_eq!(list[0].method, "eigen-kracht-conferentie");
    assert!(says(&list[0], "conflict in de familie"));
    assert!(says(&list[0], "Er staan 6 mensen om de cliënt heen"));
    assert!(codes(&list).iter().take(3).any(|c| *c == "sns"));
}

#[test]
fn p11_mild_intellectual_disability_wanting_to_live_alone_gets_op_eigen_benen() {
    let p = goals(
        profile(&[Verstandelijk], Some(Complexity::Licht)),
        &["zrm_huisvesting"],
    );
    let list = suggest(&p);
    assert_eq!(list[0].method, "op-eigen-benen");
    assert!(says(&list[0], "zelfstandiger wonen of werken"));
    assert!(codes(&list)
        .iter()
        .take(3)
        .any(|c| *c == "supported-living"));
    // Active support is for severe disability.
    assert!(!codes(&list).contains(&"active-support"));
}

#[test]
fn p12_homeless_client_with_housing_goal_gets_shelter_methods() {
    let p = goals(
        with(
            profile(&[Algemeen], Some(Complexity::Complex)),
            &[S::Dakloos],
        ),
        &["zrm_huisvesting"],
    );
    let three = top(&p, 3);
    assert!(three.contains(&"competentiegericht"), "{three:?}");
    assert!(three.contains(&"krachtwerk"), "{three:?}");
    let list = suggest(&p);
    assert!(says(
        get(&list, "competentiegericht"),
        "passende huisvesting"
    ));
}

#[test]
fn p13_homeless_and_addicted_with_work_goal_gets_relim() {
    let p = goals(
        with(profile(&[Psychisch], None), &[S::Dakloos, S::Verslaving]),
        &["zrm_werk"],
    );
    let list = suggest(&p);
    assert_eq!(list[0].method, "relim");
    assert!(says(&list[0], "resocialisatiemodules"));
}

#[test]
fn p14_severe_intellectual_disability_daily_structure_gets_active_support() {
    let p = goals(
        profile(&[Verstandelijk], Some(Complexity::Complex)),
        &["zrm_tijd", "zrm_iadl"],
    );
    let list = suggest(&p);
    assert_eq!(list[0].method, "active-support");
    assert!(says(&list[0], "Tijdsbesteding en Instrumentele ADL"));
}

#[test]
fn p15_light_client_never_gets_fact_and_a_heavy_client_sees_why_light_methods_fit_less() {
    let light = profile(&[Psychisch], Some(Complexity::Licht));
    assert!(!codes(&suggest(&light)).contains(&"fact"));
    let heavy = net(
        goals(
            profile(&[Psychisch], Some(Complexity::Complex)),
            &["zrm_netwerk"],
        ),
        0,
    );
    let vd = get(&suggest(&heavy), "vriendendiensten").clone();
    assert!(
        against(&vd, "hooguit naast andere begeleiding"),
        "{:?}",
        vd.against
    );
}

#[test]
fn p16_young_person_with_intellectual_disability_gets_community_support_with_age_reason() {
    let mut p = goals(profile(&[Verstandelijk], None), &["zrm_netwerk"]);
    p.age = Some(19);
    p = net(p, 4);
    let list = suggest(&p);
    let cs = get(&list, "community-support");
    assert!(says(
        cs,
        "De cliënt is 19: community support is ook voor jongeren"
    ));
    assert!(says(cs, "steungroep"));
    assert_eq!(list[0].method, "community-support");
}

#[test]
fn p17_low_zrm_scores_add_reasons_once_recorded() {
    let base = goals(profile(&[Psychisch], None), &["zrm_netwerk"]);
    let mut p = base.clone();
    p.zrm = Some(ZrmProfile {
        scores: vec![("zrm_netwerk".into(), 1), ("zrm_werk".into(), 4)],
    });
    let with_zrm = suggest(&p);
    let vd = get(&with_zrm, "vriendendiensten");
    assert!(
        says(vd, "lage score zien op Sociaal netwerk (1)"),
        "{:?}",
        vd.reasons
    );
    let without = suggest(&base);
    let before = get(&without, "vriendendiensten");
    assert!(!says(before, "ZRM"));
    assert_eq!(vd.score, before.score + W_ZRM_LOW);
    // A good score (4) on work adds nothing.
    assert!(!get(&with_zrm, "irb")
        .reasons
        .iter()
        .any(|r| r.text.contains("Werk & opleiding")));
}

#[test]
fn p18_organisation_methods_carry_their_counter_reason() {
    let mut p = net(profile(&[Psychisch], Some(Complexity::Complex)), 0);
    p.needs_outreach = true;
    let list = suggest(&p);
    let sn = get(&list, "signaleringsnetwerken");
    assert!(against(sn, "werkwijze is van organisaties samen"));
    assert!(says(sn, "zwak netwerk"));
    assert!(
        list.iter().position(|s| s.method == "fact")
            < list
                .iter()
                .position(|s| s.method == "signaleringsnetwerken")
    );
}

#[test]
fn p19_an_empty_profile_suggests_nothing_and_is_deterministic() {
    assert!(suggest(&ClientProfile::default()).is_empty());
    let p = net(
        goals(
            profile(&[Psychisch, Verstandelijk], Some(Complexity::Complex)),
            &["zrm_netwerk", "zrm_werk"],
        ),
        1,
    );
    assert_eq!(suggest(&p), suggest(&p));
    let list = suggest(&p);
    assert!(list.windows(2).all(
        |w| w[0].score > w[1].score || (w[0].score == w[1].score && w[0].method < w[1].method)
    ));
    assert!(list
        .iter()
        .all(|s| !s.reasons.is_empty() && s.score >= THRESHOLD));
}

#[test]
fn every_method_code_is_known_to_the_rules_once() {
    let mut seen = std::collections::HashSet::new();
    for m in METHOD_FACTS {
        assert!(seen.insert(m.code), "{} twice", m.code);
    }
    assert_eq!(METHOD_FACTS.len(), 35);
}

#[test]
fn codes_round_trip() {
    for c in TargetGroup::CODES {
        assert_eq!(TargetGroup::parse(c).unwrap().code(), *c);
    }
    for c in Situation::CODES {
        assert_eq!(Situation::parse(c).unwrap().code(), *c);
    }
    for c in Transition::CODES {
        assert_eq!(Transition::parse(c).unwrap().code(), *c);
    }
    assert_eq!(Complexity::parse("licht"), Some(Complexity::Licht));
    assert!(TargetGroup::parse("onbekend").is_none());
}

#[test]
fn every_method_the_rules_weigh_is_in_the_methods_library() {
    for m in METHOD_FACTS {
        assert!(
            crate::methods::method(m.code).is_some(),
            "{} is not in the library",
            m.code
        );
    }
}
