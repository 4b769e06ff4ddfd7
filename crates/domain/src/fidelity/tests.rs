//! Each indicator met and not met, with the sentence a worker reads.

use super::*;
use crate::phase::builtin_models;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn model(code: &str) -> PhaseModel {
    builtin_models()
        .into_iter()
        .find(|m| m.code == code)
        .unwrap()
}

fn facts(started: &str) -> TrajectoryFacts {
    TrajectoryFacts {
        id: 1,
        started_on: d(started),
        phase_position: 1,
        ..Default::default()
    }
}

fn get(model: &PhaseModel, f: &TrajectoryFacts, today: &str, i: Indicator) -> Check {
    checks(model, f, d(today))
        .into_iter()
        .find(|c| c.indicator == i)
        .unwrap()
}

#[test]
fn plan_terms_of_the_built_in_models() {
    assert_eq!(plan_term(&model("8fasen")), (133, "Planning".to_string()));
    // An own model: the first phase named after goals or a plan closes the term; a phase
    // without a typical duration counts DEFAULT_PHASE_DAYS.
    let mut own = model("8fasen");
    own.phases = vec![
        crate::phase::Phase {
            id: 0,
            position: 1,
            name: "Contactfase".into(),
            typical_days: Some(30),
            description: String::new(),
        },
        crate::phase::Phase {
            id: 0,
            position: 2,
            name: "Verkennen".into(),
            typical_days: None,
            description: String::new(),
        },
        crate::phase::Phase {
            id: 0,
            position: 3,
            name: "Doelenfase".into(),
            typical_days: Some(20),
            description: String::new(),
        },
        crate::phase::Phase {
            id: 0,
            position: 4,
            name: "Werkfase".into(),
            typical_days: Some(200),
            description: String::new(),
        },
    ];
    assert_eq!(
        plan_term(&own),
        (30 + DEFAULT_PHASE_DAYS + 20, "Doelenfase".to_string())
    );
    assert_eq!(plan_term(&model("cti")).0, 91);
    assert_eq!(plan_term(&model("krachtwerk")).0, 42);
}

#[test]
fn plan_on_time_met_not_met_and_not_yet() {
    let m = model("cti");
    let mut f = facts("2026-01-01");
    f.first_goal_on = Some(d("2026-02-01"));
    let c = get(&m, &f, "2026-05-01", Indicator::PlanOnTime);
    assert_eq!(c.outcome, Outcome::Met);
    assert!(
        c.explanation.contains("1 februari 2026"),
        "{}",
        c.explanation
    );

    f.first_goal_on = Some(d("2026-05-01"));
    let c = get(&m, &f, "2026-05-02", Indicator::PlanOnTime);
    assert_eq!(c.outcome, Outcome::NotMet);
    assert!(
        c.explanation.contains("120 dagen na de start")
            && c.explanation.contains("binnen 91 dagen"),
        "{}",
        c.explanation
    );

    f.first_goal_on = None;
    let c = get(&m, &f, "2026-02-01", Indicator::PlanOnTime);
    assert_eq!(c.outcome, Outcome::NotYet);
    assert!(
        c.explanation.contains("vóór 2 april 2026"),
        "{}",
        c.explanation
    );
    let c = get(&m, &f, "2026-04-03", Indicator::PlanOnTime);
    assert_eq!(c.outcome, Outcome::NotMet);
    assert!(c.explanation.contains("nog geen doel"));
}

#[test]
fn evaluations_on_schedule_with_grace() {
    let m = model("krachtwerk"); // every 91 days, 14 days grace: 105
    let mut f = facts("2026-01-01");
    f.next_evaluation_on = Some(d("2026-04-02"));
    let c = get(&m, &f, "2026-03-01", Indicator::EvaluationsOnSchedule);
    assert_eq!(c.outcome, Outcome::NotYet);

    f.evaluations = vec![d("2026-04-10")];
    f.next_evaluation_on = Some(d("2026-07-10"));
    let c = get(&m, &f, "2026-07-01", Indicator::EvaluationsOnSchedule);
    assert_eq!(c.outcome, Outcome::Met, "{}", c.explanation);
    assert!(c.explanation.contains("1 evaluatie"));

    // The planned evaluation passed.
    let c = get(&m, &f, "2026-07-11", Indicator::EvaluationsOnSchedule);
    assert_eq!(c.outcome, Outcome::NotMet);
    assert!(c.explanation.contains("10 juli 2026"), "{}", c.explanation);

    // A gap of 120 days between start and the first evaluation in a closed trajectory.
    let mut closed = facts("2026-01-01");
    closed.closed = true;
    closed.ended_on = Some(d("2026-06-01"));
    closed.evaluations = vec![d("2026-05-01"), d("2026-05-30")];
    let c = get(&m, &closed, "2026-09-01", Indicator::EvaluationsOnSchedule);
    assert_eq!(c.outcome, Outcome::NotMet);
    assert!(
        c.explanation
            .contains("Tussen 1 januari 2026 en 1 mei 2026 zat 120 dagen zonder evaluatie"),
        "{}",
        c.explanation
    );
}

#[test]
fn zrm_is_not_met_while_regie_records_none_and_met_through_the_hook() {
    let m = model("competentiegericht");
    let f = facts("2026-01-01");
    let c = get(&m, &f, "2026-02-01", Indicator::Zrm);
    assert_eq!(c.outcome, Outcome::NotMet);
    assert!(
        c.explanation
            .contains("een ZRM-meting bij de start ontbreekt")
            && c.explanation.contains("nog niet vast"),
        "{}",
        c.explanation
    );

    let mut closed = f.clone();
    closed.closed = true;
    closed.ended_on = Some(d("2026-12-01"));
    let c = get(&m, &closed, "2026-12-02", Indicator::Zrm);
    assert!(
        c.explanation
            .contains("bij de start en aan het eind ontbreekt"),
        "{}",
        c.explanation
    );

    closed.zrm = Some(ZrmFacts {
        at_start: true,
        at_end: true,
    });
    assert_eq!(
        get(&m, &closed, "2026-12-02", Indicator::Zrm).outcome,
        Outcome::Met
    );
    closed.zrm = Some(ZrmFacts {
        at_start: true,
        at_end: false,
    });
    let c = get(&m, &closed, "2026-12-02", Indicator::Zrm);
    assert_eq!(c.outcome, Outcome::NotMet);
    assert!(
        c.explanation.contains("aan het eind ontbreekt")
            && !c.explanation.contains("nog niet vast")
    );
}

#[test]
fn satisfaction_only_counts_at_the_end() {
    let m = model("8fasen");
    let mut f = facts("2026-01-01");
    assert_eq!(
        get(&m, &f, "2026-02-01", Indicator::Satisfaction).outcome,
        Outcome::NotYet
    );
    f.closed = true;
    f.ended_on = Some(d("2026-10-01"));
    let c = get(&m, &f, "2026-10-02", Indicator::Satisfaction);
    assert_eq!(c.outcome, Outcome::NotMet);
    assert!(c
        .explanation
        .contains("tevredenheid van de cliënt aan het eind ontbreekt"));
    f.satisfaction_measured = Some(true);
    assert_eq!(
        get(&m, &f, "2026-10-02", Indicator::Satisfaction).outcome,
        Outcome::Met
    );
}

#[test]
fn network_involved_by_members_or_network_actions() {
    let m = model("8fasen");
    let mut f = facts("2026-01-01");
    let c = get(&m, &f, "2026-02-01", Indicator::Network);
    assert_eq!(c.outcome, Outcome::NotMet);
    assert!(c.explanation.contains("niemand uit het netwerk"));
    f.network_members = 2;
    assert_eq!(
        get(&m, &f, "2026-02-01", Indicator::Network).outcome,
        Outcome::Met
    );
    f.network_members = 0;
    f.network_actions = 1;
    let c = get(&m, &f, "2026-02-01", Indicator::Network);
    assert_eq!(c.outcome, Outcome::Met);
    assert!(c.explanation.contains("1 actie"));
}

#[test]
fn cti_nine_months_and_three_focus_domains() {
    let m = model("cti");
    let mut f = facts("2026-01-01");
    let c = get(&m, &f, "2026-06-01", Indicator::MaxDuration);
    assert_eq!(c.outcome, Outcome::Met);
    assert!(
        c.explanation
            .contains("uiterlijk klaar op 28 september 2026"),
        "{}",
        c.explanation
    );
    let c = get(&m, &f, "2026-10-15", Indicator::MaxDuration);
    assert_eq!(c.outcome, Outcome::NotMet);
    assert!(
        c.explanation.contains("loopt nu 287 dagen")
            && c.explanation.contains("hoogstens 270 dagen"),
        "{}",
        c.explanation
    );

    assert_eq!(
        get(&m, &f, "2026-01-10", Indicator::FocusDomains).outcome,
        Outcome::NotYet
    );
    f.phase_position = 2;
    assert_eq!(
        get(&m, &f, "2026-05-10", Indicator::FocusDomains).outcome,
        Outcome::NotMet
    );
    f.focus_domains = 3;
    assert_eq!(
        get(&m, &f, "2026-05-10", Indicator::FocusDomains).outcome,
        Outcome::Met
    );
    f.focus_domains = 4;
    let c = get(&m, &f, "2026-05-10", Indicator::FocusDomains);
    assert_eq!(c.outcome, Outcome::NotMet);
    assert!(c.explanation.contains("4 focusdomeinen"));

    // Other methods: not applicable.
    let k = model("krachtwerk");
    assert_eq!(
        get(&k, &f, "2026-05-10", Indicator::MaxDuration).outcome,
        Outcome::NotApplicable
    );
    assert_eq!(
        get(&k, &f, "2026-05-10", Indicator::FocusDomains).outcome,
        Outcome::NotApplicable
    );
}

#[test]
fn thuisbegeleiding_phases_within_their_typical_duration() {
    let m = model("thuisbegeleiding");
    let first = m.phases[0].typical_days.unwrap();
    let second = m.phases[1].typical_days.unwrap();
    let start = d("2026-01-01");
    let mut f = facts("2026-01-01");
    f.phase_entries = vec![(1, start), (2, start + chrono::Duration::days(first))];
    f.phase_position = 2;
    let today = start + chrono::Duration::days(first + second);
    let c = checks(&m, &f, today)
        .into_iter()
        .find(|c| c.indicator == Indicator::PhaseDurations)
        .unwrap();
    assert_eq!(c.outcome, Outcome::Met, "{}", c.explanation);

    let late = today + chrono::Duration::days(5);
    let c = checks(&m, &f, late)
        .into_iter()
        .find(|c| c.indicator == Indicator::PhaseDurations)
        .unwrap();
    assert_eq!(c.outcome, Outcome::NotMet);
    assert!(
        c.explanation.contains(&format!(
            "{} loopt al {} dagen",
            m.phases[1].name,
            second + 5
        )),
        "{}",
        c.explanation
    );

    f.phase_entries = vec![(1, start), (2, start + chrono::Duration::days(first + 10))];
    let c = checks(&m, &f, start + chrono::Duration::days(first + 11))
        .into_iter()
        .find(|c| c.indicator == Indicator::PhaseDurations)
        .unwrap();
    assert!(
        c.explanation
            .contains(&format!("{} duurde {} dagen", m.phases[0].name, first + 10)),
        "{}",
        c.explanation
    );

    assert_eq!(
        get(
            &model("8fasen"),
            &f,
            "2026-05-10",
            Indicator::PhaseDurations
        )
        .outcome,
        Outcome::NotApplicable
    );
}

#[test]
fn tally_shares_only_count_what_could_be_measured() {
    let mut t = Tally::default();
    assert_eq!(t.percent(), None);
    for o in [
        Outcome::Met,
        Outcome::Met,
        Outcome::NotMet,
        Outcome::NotYet,
        Outcome::NotApplicable,
    ] {
        t.add(o);
    }
    assert_eq!(t.percent(), Some(67));
    assert_eq!(
        (t.met, t.not_met, t.not_yet, t.not_applicable),
        (2, 1, 1, 1)
    );
}

#[test]
fn every_indicator_is_reported_once() {
    let all = checks(&model("8fasen"), &facts("2026-01-01"), d("2026-01-02"));
    let got: Vec<Indicator> = all.iter().map(|c| c.indicator).collect();
    assert_eq!(got, Indicator::ALL.to_vec());
}
