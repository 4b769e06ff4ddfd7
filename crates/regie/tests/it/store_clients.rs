//! The store's client record on both engines: registration and need-to-know, personal details,
//! household and care team, trajectories through every built-in method, the caseload with its
//! signals and audit trail, and the bounded cost of the caseload and the dossier.

use crate::harness::{engines, seed_org, Org};
use chrono::{Duration, NaiveDate};
use regie_domain::catalogue::{AccessBasis, AuditAction};
use regie_domain::record::Trajectory;
use regie_domain::signals::Signal;
use regie_store::{
    ActionInput, Actor, CaseloadQuery, CaseloadView, ClientInput, ClientScope, EvaluationGoalInput, EvaluationInput, GoalInput, JournalInput, Store, StoreError, TrajectoryInput,
};

async fn actor(store: &Store, email: &str) -> Actor {
    let user = store.user_by_email(email).await.unwrap().expect("seeded user");
    Actor { user, on_behalf_of: None, source: "127.0.0.1".into(), user_agent: "store-test".into() }
}

fn today() -> NaiveDate {
    regie_store::today()
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn person(first: &str, last: &str) -> ClientInput {
    ClientInput { first_name: first.into(), last_name: last.into(), birth_date: Some("1990-05-17".into()), ..Default::default() }
}

async fn register(store: &Store, who: &Actor, first: &str, last: &str) -> i64 {
    store.register_client(who, &person(first, last)).await.unwrap()
}

async fn open(store: &Store, who: &Actor, client_id: i64) -> ClientScope {
    store.open_client(who, client_id, AuditAction::Update, "test").await.unwrap()
}

async fn model_id(store: &Store, code: &str) -> i64 {
    store.phase_models().await.unwrap().into_iter().find(|m| m.code == code).expect("built-in model").id
}

async fn start(store: &Store, scope: &ClientScope, model: &str, owner: i64, started: NaiveDate, focus: &[&str]) -> Result<Trajectory, StoreError> {
    let input = TrajectoryInput {
        model_id: model_id(store, model).await,
        owner_user_id: owner,
        started_on: day(started),
        focus_domains: focus.iter().map(|s| s.to_string()).collect(),
        funding: None,
    };
    store.start_trajectory(scope, &input, today()).await
}

fn field_message(err: StoreError, field: &str) -> String {
    match err {
        StoreError::Invalid(inv) => inv.0.get(field).unwrap_or_else(|| panic!("no message for {field}: {inv:?}")).to_string(),
        other => panic!("expected a refusal on {field}, got {other:?}"),
    }
}

fn mine(limit: i64) -> CaseloadQuery {
    CaseloadQuery { view: CaseloadView::Mine, search: None, limit, offset: 0 }
}

fn visible(limit: i64) -> CaseloadQuery {
    CaseloadQuery { view: CaseloadView::Visible, search: None, limit, offset: 0 }
}

#[tokio::test]
async fn registering_gives_the_worker_access_and_nobody_else_without_grounds() {
    for (engine, store, _guard) in engines().await {
        let org: Org = seed_org(&store).await;
        let worker = actor(&store, "begeleider@test.nl").await;
        let id = register(&store, &worker, "Ayla", "Yilmaz").await;

        let scope = store.open_client(&worker, id, AuditAction::Read, "client").await.unwrap();
        assert_eq!(scope.basis(), AccessBasis::CareRelation, "{engine}");
        let client = store.client(&scope).await.unwrap();
        assert_eq!((client.first_name.as_str(), client.last_name.as_str(), client.team_id), ("Ayla", "Yilmaz", org.team_a), "{engine}");
        assert_eq!(client.team_name, "Team Instroom");
        let team = store.care_team(&scope).await.unwrap();
        assert_eq!(team.len(), 1, "{engine}");
        assert_eq!((team[0].user_id, team[0].role_name.as_str()), (org.worker, "Trajectbegeleider"));

        // A colleague in the same team without a care relation may not look.
        let colleague = actor(&store, "collega@test.nl").await;
        let err = store.open_client(&colleague, id, AuditAction::Read, "client").await.unwrap_err();
        assert!(matches!(err, StoreError::Forbidden), "{engine}: {err:?}");
        // Nor may a worker of team B.
        let other = actor(&store, "ander@test.nl").await;
        assert!(matches!(store.open_client(&other, id, AuditAction::Read, "client").await, Err(StoreError::Forbidden)), "{engine}");
        // The teamleider of team A may, as team lead.
        let lead = actor(&store, "teamleider@test.nl").await;
        let lead_scope = store.open_client(&lead, id, AuditAction::Read, "client").await.unwrap();
        assert_eq!(lead_scope.basis(), AccessBasis::TeamLead, "{engine}");

        let audit = store.audit_for_client(id, 50).await.unwrap();
        let refused: Vec<_> = audit.iter().filter(|a| a.outcome == "refused").map(|a| a.user_id).collect();
        assert_eq!(refused.len(), 2, "{engine}: {audit:?}");
        assert!(refused.contains(&Some(org.colleague)) && refused.contains(&Some(org.other)), "{engine}");
        assert!(audit.iter().any(|a| a.action == "create" && a.object == "client" && a.user_id == Some(org.worker) && a.outcome == "granted"));
        assert!(audit.iter().any(|a| a.user_id == Some(org.lead) && a.basis == "teamleiding" && a.outcome == "granted"), "{engine}");
    }
}

#[tokio::test]
async fn wrong_registration_is_refused_whole_with_dutch_messages() {
    for (engine, store, _guard) in engines().await {
        let org = seed_org(&store).await;
        let worker = actor(&store, "begeleider@test.nl").await;
        let lead = actor(&store, "teamleider@test.nl").await;
        register(&store, &worker, "Bram", "de Boer").await;
        let before = store.caseload(&lead, &visible(50), today()).await.unwrap().total;
        assert_eq!(before, 1, "{engine}");

        let future = day(today() + Duration::days(3));
        let bad = ClientInput {
            first_name: "  ".into(),
            last_name: "x".repeat(101),
            birth_date: Some(future),
            email: Some("geen-adres".into()),
            ..Default::default()
        };
        let StoreError::Invalid(inv) = store.register_client(&worker, &bad).await.unwrap_err() else { panic!("{engine}: not refused as invalid") };
        assert_eq!(inv.0.get("first_name"), Some("Vul dit veld in."), "{engine}");
        assert_eq!(inv.0.get("last_name"), Some("Gebruik hoogstens 100 tekens."));
        assert_eq!(inv.0.get("birth_date"), Some("Deze datum ligt in de toekomst."));
        assert!(inv.0.get("email").unwrap().contains('@'));
        let unknown_team = ClientInput { team_id: Some(9999), ..person("Cor", "Visser") };
        assert!(field_message(store.register_client(&worker, &unknown_team).await.unwrap_err(), "team_id").contains("bestaat niet"));
        // Functioneel beheer has no team: registering without choosing one is refused.
        let admin = actor(&store, "beheer@test.nl").await;
        assert!(field_message(store.register_client(&admin, &person("Cor", "Visser")).await.unwrap_err(), "team_id").contains("team"));

        assert_eq!(store.caseload(&lead, &visible(50), today()).await.unwrap().total, before, "{engine}: something was written");
        assert_eq!(store.caseload(&worker, &mine(50), today()).await.unwrap().total, 1, "{engine}");

        // Beheer may register for a team, without getting a care relation itself.
        let id = store.register_client(&admin, &ClientInput { team_id: Some(org.team_a), ..person("Cor", "Visser") }).await.unwrap();
        assert!(matches!(store.open_client(&admin, id, AuditAction::Read, "client").await, Err(StoreError::Forbidden)), "{engine}");
        assert!(store.open_client(&lead, id, AuditAction::Read, "client").await.is_ok(), "{engine}");
    }
}

#[tokio::test]
async fn a_stale_edit_of_personal_details_is_refused_with_the_current_state() {
    for (engine, store, _guard) in engines().await {
        seed_org(&store).await;
        let worker = actor(&store, "begeleider@test.nl").await;
        let id = register(&store, &worker, "Daan", "Mulder").await;
        let scope = open(&store, &worker, id).await;
        let seen = store.client(&scope).await.unwrap();

        let first = ClientInput { city: Some("Utrecht".into()), phone: Some("06-12345678".into()), ..person("Daan", "Mulder") };
        let saved = store.update_client(&scope, &first, seen.version).await.unwrap();
        assert_eq!((saved.city.as_deref(), saved.version), (Some("Utrecht"), seen.version + 1), "{engine}");

        let second = ClientInput { city: Some("Zeist".into()), ..person("Daan", "Mulder") };
        match store.update_client(&scope, &second, seen.version).await.unwrap_err() {
            StoreError::Conflict { current } => {
                assert_eq!(current["city"], "Utrecht", "{engine}");
                assert_eq!(current["version"], saved.version);
            }
            other => panic!("{engine}: expected conflict, got {other:?}"),
        }
        assert_eq!(store.client(&scope).await.unwrap().city.as_deref(), Some("Utrecht"), "{engine}: nothing lost");
        // Bad input on update is refused too.
        assert_eq!(field_message(store.update_client(&scope, &person("", "Mulder"), saved.version).await.unwrap_err(), "first_name"), "Vul dit veld in.");
    }
}

#[tokio::test]
async fn household_and_care_team_are_kept_with_friendly_refusals() {
    for (engine, store, _guard) in engines().await {
        let org = seed_org(&store).await;
        let worker = actor(&store, "begeleider@test.nl").await;
        let id = register(&store, &worker, "Eva", "Smits").await;
        let scope = open(&store, &worker, id).await;

        let kid = store.add_household_member(&scope, "Noor", "dochter", Some("2015")).await.unwrap();
        let partner = store.add_household_member(&scope, "Tom", "partner", None).await.unwrap();
        assert_eq!(kid.birth_year, Some(2015));
        assert_eq!(field_message(store.add_household_member(&scope, "", "zoon", Some("3000")).await.unwrap_err(), "name"), "Vul dit veld in.");
        assert!(field_message(store.add_household_member(&scope, "Sem", "zoon", Some("3000")).await.unwrap_err(), "birth_year").contains("1900"));
        store.remove_household_member(&scope, partner.id).await.unwrap();
        assert!(matches!(store.remove_household_member(&scope, partner.id).await, Err(StoreError::NotFound)), "{engine}");

        // A household member of another client cannot be removed through this client.
        let other_client = register(&store, &worker, "Fenna", "Kok").await;
        let other_scope = open(&store, &worker, other_client).await;
        assert!(matches!(store.remove_household_member(&other_scope, kid.id).await, Err(StoreError::NotFound)), "{engine}");

        let dossier = store.dossier(&scope, today()).await.unwrap();
        assert_eq!(dossier.household.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), ["Noor"], "{engine}");

        let colleague = actor(&store, "collega@test.nl").await;
        assert!(store.open_client(&colleague, id, AuditAction::Read, "client").await.is_err());
        store.add_care_team_member(&scope, org.colleague).await.unwrap();
        let s = store.open_client(&colleague, id, AuditAction::Read, "client").await.unwrap();
        assert_eq!(s.basis(), AccessBasis::CareRelation, "{engine}");
        assert!(field_message(store.add_care_team_member(&scope, org.colleague).await.unwrap_err(), "user_id").contains("al bij het zorgteam"));
        assert!(field_message(store.add_care_team_member(&scope, 987_654).await.unwrap_err(), "user_id").contains("medewerker"));
        let names: Vec<String> = store.care_team(&scope).await.unwrap().into_iter().map(|m| m.name).collect();
        assert_eq!(names, ["Joris Bakker", "Sanne de Vries"], "{engine}");
    }
}

#[tokio::test]
async fn a_trajectory_starts_in_the_first_phase_of_every_built_in_method() {
    for (engine, store, _guard) in engines().await {
        let org = seed_org(&store).await;
        let worker = actor(&store, "begeleider@test.nl").await;
        let started = today() - Duration::days(10);
        let expected = [
            ("8fasen", "Aanmelding", 182),
            ("competentiegericht", "Begin", 182),
            ("thuisbegeleiding", "Informatie en hulpvraag", 91),
            ("cti", "Structurering", 91),
            ("krachtwerk", "Focus", 91),
        ];
        for (i, (code, phase, interval)) in expected.iter().enumerate() {
            let id = register(&store, &worker, "Gijs", &format!("Model{i}")).await;
            let scope = open(&store, &worker, id).await;
            // The colleague is made trajectbegeleider and so gets a care relation.
            let t = start(&store, &scope, code, org.colleague, started, &[]).await.unwrap();
            assert_eq!((t.phase_position, t.phase_name.as_str(), t.status.as_str()), (1, *phase, "actief"), "{engine} {code}");
            assert_eq!(t.phase_entered_on, started);
            assert_eq!(t.next_evaluation_on, Some(started + Duration::days(*interval)), "{engine} {code}");
            assert_eq!((t.owner_user_id, t.owner_name.as_str()), (org.colleague, "Joris Bakker"));
            assert_eq!(store.trajectory(&scope, t.id).await.unwrap(), t);
            let steps = store.phase_steps(&scope, t.id).await.unwrap();
            assert_eq!(steps.len(), 1);
            assert_eq!((steps[0].phase_name.as_str(), steps[0].by_name.as_str(), steps[0].entered_on), (*phase, "Sanne de Vries", started));
            let colleague = actor(&store, "collega@test.nl").await;
            assert_eq!(store.open_client(&colleague, id, AuditAction::Read, "client").await.unwrap().basis(), AccessBasis::CareRelation);
            let team = store.care_team(&scope).await.unwrap();
            assert!(team[0].is_owner && team[0].user_id == org.colleague, "{engine}: owner listed first");
        }
    }
}

#[tokio::test]
async fn starting_is_checked_whole() {
    for (engine, store, _guard) in engines().await {
        let org = seed_org(&store).await;
        let worker = actor(&store, "begeleider@test.nl").await;
        let id = register(&store, &worker, "Hanna", "Bos").await;
        let scope = open(&store, &worker, id).await;

        let bad = TrajectoryInput { model_id: 9999, owner_user_id: org.admin, started_on: day(today() + Duration::days(1)), focus_domains: vec!["onzin".into()], funding: None };
        let StoreError::Invalid(inv) = store.start_trajectory(&scope, &bad, today()).await.unwrap_err() else { panic!("{engine}") };
        assert!(inv.0.get("model_id").is_some(), "{engine}");
        assert!(inv.0.get("owner_user_id").is_some(), "{engine}: functioneel beheer is no trajectbegeleider");
        assert_eq!(inv.0.get("started_on"), Some("Deze datum ligt in de toekomst."));
        assert!(inv.0.get("focus_domains").is_some());
        assert!(store.dossier(&scope, today()).await.unwrap().trajectory.is_none(), "{engine}: nothing started");

        let t = start(&store, &scope, "8fasen", org.worker, today(), &[]).await.unwrap();
        let again = start(&store, &scope, "krachtwerk", org.worker, today(), &[]).await.unwrap_err();
        assert!(field_message(again, "trajectory").contains("al een lopend traject"), "{engine}");
        assert_eq!(store.dossier(&scope, today()).await.unwrap().trajectory.unwrap().id, t.id);
    }
}

#[tokio::test]
async fn the_8_fasenmodel_runs_through_all_phases_and_then_closes() {
    for (engine, store, _guard) in engines().await {
        let org = seed_org(&store).await;
        let worker = actor(&store, "begeleider@test.nl").await;
        let id = register(&store, &worker, "Iris", "Peters").await;
        let scope = open(&store, &worker, id).await;
        let mut t = start(&store, &scope, "8fasen", org.worker, today() - Duration::days(100), &[]).await.unwrap();
        let names = ["Aanmelding", "Intake", "Opstart", "Analyse", "Planning", "Uitvoering", "Evaluatie", "Uitstroom"];
        for (i, name) in names.iter().enumerate().skip(1) {
            let stale = t.version;
            t = store.advance_phase(&scope, t.id, t.version, today()).await.unwrap();
            assert_eq!((t.phase_position, t.phase_name.as_str()), (i as i64 + 1, *name), "{engine}");
            assert_eq!(t.phase_entered_on, today());
            // A second click on the same form (stale version) does not skip a phase.
            let err = store.advance_phase(&scope, t.id, stale, today()).await.unwrap_err();
            assert!(matches!(&err, StoreError::Conflict { current } if current["phase_name"] == *name), "{engine}: {err:?}");
        }
        let closed = store.advance_phase_with_exit(&scope, t.id, t.version, Some("zelfstandig_wonen"), today()).await.unwrap();
        assert_eq!((closed.status.as_str(), closed.ended_on), ("afgesloten", Some(today())), "{engine}");
        assert_eq!(closed.phase_name, "Uitstroom");
        let err = store.advance_phase(&scope, t.id, closed.version, today()).await.unwrap_err();
        assert!(field_message(err, "trajectory").contains("afgesloten"), "{engine}");

        let steps = store.phase_steps(&scope, t.id).await.unwrap();
        assert_eq!(steps.iter().map(|s| s.phase_name.as_str()).collect::<Vec<_>>(), names, "{engine}");
        assert!(steps.iter().all(|s| s.by_name == "Sanne de Vries"));
        // A closed trajectory still shows on the dossier; a new one may start now.
        let d = store.dossier(&scope, today()).await.unwrap();
        assert_eq!(d.trajectory.as_ref().map(|t| t.status.as_str()), Some("afgesloten"));
        assert!(d.signals.is_empty());
        start(&store, &scope, "krachtwerk", org.worker, today(), &[]).await.unwrap();
        // Another client's scope does not reach this trajectory.
        let other = register(&store, &worker, "Jan", "Kramer").await;
        let other_scope = open(&store, &worker, other).await;
        assert!(matches!(store.trajectory(&other_scope, t.id).await, Err(StoreError::NotFound)), "{engine}");
        assert!(matches!(store.advance_phase(&other_scope, t.id, closed.version, today()).await, Err(StoreError::NotFound)));
    }
}

#[tokio::test]
async fn krachtwerk_cycles_back_to_focus() {
    for (engine, store, _guard) in engines().await {
        let org = seed_org(&store).await;
        let worker = actor(&store, "begeleider@test.nl").await;
        let id = register(&store, &worker, "Kim", "Dekker").await;
        let scope = open(&store, &worker, id).await;
        let mut t = start(&store, &scope, "krachtwerk", org.worker, today(), &[]).await.unwrap();
        let mut seen = vec![t.phase_name.clone()];
        for _ in 0..4 {
            t = store.advance_phase(&scope, t.id, t.version, today()).await.unwrap();
            seen.push(t.phase_name.clone());
        }
        assert_eq!(seen, ["Focus", "Uitvoering", "Evaluatie", "Focus", "Uitvoering"], "{engine}");
        assert_eq!(t.status, "actief");
        assert_eq!(store.phase_steps(&scope, t.id).await.unwrap().len(), 5);
    }
}

#[tokio::test]
async fn cti_allows_at_most_three_focus_domains() {
    for (engine, store, _guard) in engines().await {
        let org = seed_org(&store).await;
        let worker = actor(&store, "begeleider@test.nl").await;
        let id = register(&store, &worker, "Lars", "Hendriks").await;
        let scope = open(&store, &worker, id).await;
        let four = ["zrm_financien", "zrm_huisvesting", "zrm_netwerk", "zrm_werk"];
        let err = start(&store, &scope, "cti", org.worker, today(), &four).await.unwrap_err();
        assert!(field_message(err, "focus_domains").contains("hoogstens 3"), "{engine}");
        assert!(store.dossier(&scope, today()).await.unwrap().trajectory.is_none());

        let t = start(&store, &scope, "cti", org.worker, today(), &four[..3]).await.unwrap();
        assert_eq!(t.focus_domains, four[..3], "{engine}");

        let four: Vec<String> = four.iter().map(|s| s.to_string()).collect();
        let err = store.set_focus_domains(&scope, t.id, &four, t.version).await.unwrap_err();
        assert!(field_message(err, "focus_domains").contains("hoogstens 3"), "{engine}");
        let two = store.set_focus_domains(&scope, t.id, &four[2..], t.version).await.unwrap();
        assert_eq!((two.focus_domains.clone(), two.version), (four[2..].to_vec(), t.version + 1), "{engine}");
        assert!(matches!(store.set_focus_domains(&scope, t.id, &four[..1], t.version).await, Err(StoreError::Conflict { .. })));
        let unknown = store.set_focus_domains(&scope, t.id, &["zrm_bestaat_niet".to_string()], two.version).await.unwrap_err();
        assert!(field_message(unknown, "focus_domains").contains("lijst"), "{engine}");
    }
}

/// A client of `who` with a trajectory started `days_ago`, one goal and one action due `due_in` days from today.
async fn client_with_plan(store: &Store, who: &Actor, owner: i64, last: &str, days_ago: i64, due_in: Option<i64>) -> (ClientScope, Trajectory) {
    let id = register(store, who, "Mila", last).await;
    let scope = open(store, who, id).await;
    let t = start(store, &scope, "8fasen", owner, today() - Duration::days(days_ago), &[]).await.unwrap();
    if let Some(due_in) = due_in {
        let goal = store
            .add_goal(&scope, t.id, &GoalInput { domain: "f8_wonen".into(), text: "Een eigen plek".into(), ..Default::default() })
            .await
            .unwrap();
        store
            .add_action(
                &scope,
                goal.id,
                &ActionInput {
                    text: "Inschrijven bij de woningcorporatie".into(),
                    owner_kind: "client".into(),
                    due_date: Some(day(today() + Duration::days(due_in))),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
    }
    (scope, t)
}

async fn contact(store: &Store, scope: &ClientScope, on: NaiveDate, goal_ids: Vec<i64>) {
    let input = JournalInput {
        contact_type: "gesprek".into(),
        contact_date: day(on),
        duration_minutes: "45".into(),
        text: "Samen de week doorgenomen.".into(),
        client_visible: Some(true),
        goal_ids,
    };
    store.add_journal_entry(scope, &input, today()).await.unwrap();
}

#[tokio::test]
async fn my_caseload_shows_exactly_my_clients_with_their_signals_and_logs_each() {
    for (engine, store, _guard) in engines().await {
        let org = seed_org(&store).await;
        let worker = actor(&store, "begeleider@test.nl").await;
        let colleague = actor(&store, "collega@test.nl").await;
        let other = actor(&store, "ander@test.nl").await;
        // Mine: one with an action due five days ago... seen from a week later, one quiet, one without a trajectory.
        let (late, _) = client_with_plan(&store, &worker, org.worker, "Achterstand", 3, Some(2)).await;
        let (quiet, _) = client_with_plan(&store, &worker, org.worker, "Rustig", 3, Some(30)).await;
        let bare = register(&store, &worker, "Mila", "Zonder").await;
        contact(&store, &quiet, today(), vec![]).await;
        // Not mine: a colleague's client in my team and a client in team B.
        let (theirs, _) = client_with_plan(&store, &colleague, org.colleague, "Collega", 3, None).await;
        let (far, _) = client_with_plan(&store, &other, org.other, "Elders", 3, None).await;

        let seen_on = today() + Duration::days(7);
        let page = store.caseload(&worker, &mine(50), seen_on).await.unwrap();
        let ids: Vec<i64> = page.items.iter().map(|r| r.client_id).collect();
        assert_eq!(ids, [late.client_id(), quiet.client_id(), bare], "{engine}: in name order, only mine");
        assert_eq!(page.total, 3);
        let row = |id: i64| page.items.iter().find(|r| r.client_id == id).unwrap();
        assert!(row(late.client_id()).signals.contains(&Signal::ActionsOverdue { count: 1 }), "{engine}: {:?}", row(late.client_id()).signals);
        assert!(row(late.client_id()).signals.contains(&Signal::NoContact { days: None }));
        assert!(row(quiet.client_id()).signals.is_empty(), "{engine}: {:?}", row(quiet.client_id()).signals);
        assert!(row(bare).signals.is_empty() && row(bare).trajectory_id.is_none());
        let r = row(late.client_id());
        assert_eq!(
            (r.model_name.as_deref(), r.phase_name.as_deref(), r.owner_name.as_deref(), r.team_name.as_str()),
            (Some("8-fasenmodel"), Some("Aanmelding"), Some("Sanne de Vries"), "Team Instroom")
        );
        // The phase runs past its typical 14 days a month on.
        let later = store.caseload(&worker, &mine(50), today() + Duration::days(30)).await.unwrap();
        assert!(later.items[1].signals.iter().any(|s| matches!(s, Signal::PhaseOverrun { phase, .. } if phase == "Aanmelding")), "{engine}");

        // Each shown client was logged as read on the ground of the care relation; the others not.
        for id in &ids {
            let audit = store.audit_for_client(*id, 50).await.unwrap();
            let reads: Vec<_> = audit.iter().filter(|a| a.object == "caseload" && a.user_id == Some(org.worker)).collect();
            assert_eq!(reads.len(), 2, "{engine}: one per caseload view");
            assert!(reads.iter().all(|a| a.action == "read" && a.basis == "zorgrelatie" && a.outcome == "granted"));
        }
        for id in [theirs.client_id(), far.client_id()] {
            assert!(store.audit_for_client(id, 50).await.unwrap().iter().all(|a| a.object != "caseload" || a.user_id != Some(org.worker)));
        }
        // "Visible" for a trajectbegeleider is the same list.
        assert_eq!(store.caseload(&worker, &visible(50), today()).await.unwrap().total, 3, "{engine}");

        // The teamleider sees team A (4 clients) but not team B, logged as team lead.
        let lead = actor(&store, "teamleider@test.nl").await;
        let team = store.caseload(&lead, &visible(50), today()).await.unwrap();
        assert_eq!(team.total, 4, "{engine}");
        assert!(team.items.iter().all(|r| r.team_name == "Team Instroom"));
        assert!(store.caseload(&lead, &mine(50), today()).await.unwrap().items.is_empty());
        let audit = store.audit_for_client(theirs.client_id(), 50).await.unwrap();
        assert!(audit.iter().any(|a| a.user_id == Some(org.lead) && a.object == "caseload" && a.basis == "teamleiding"), "{engine}");

        // Search and paging.
        let q = CaseloadQuery { view: CaseloadView::Mine, search: Some("rUST".into()), limit: 50, offset: 0 };
        let found = store.caseload(&worker, &q, today()).await.unwrap();
        assert_eq!((found.total, found.items[0].client_id), (1, quiet.client_id()), "{engine}");
        let q = CaseloadQuery { view: CaseloadView::Mine, search: Some("mila z".into()), limit: 50, offset: 0 };
        assert_eq!(store.caseload(&worker, &q, today()).await.unwrap().items[0].client_id, bare, "{engine}: full name");
        let q = CaseloadQuery { view: CaseloadView::Mine, search: Some("%".into()), limit: 50, offset: 0 };
        assert_eq!(store.caseload(&worker, &q, today()).await.unwrap().total, 0, "{engine}: wildcards are literal");
        let q = CaseloadQuery { view: CaseloadView::Mine, search: None, limit: 2, offset: 2 };
        let p2 = store.caseload(&worker, &q, today()).await.unwrap();
        assert_eq!((p2.total, p2.items.len(), p2.items[0].client_id), (3, 1, bare), "{engine}");
    }
}

#[tokio::test]
async fn the_caseload_costs_the_same_queries_for_3_and_for_40_clients() {
    for (engine, store, _guard) in engines().await {
        let org = seed_org(&store).await;
        let worker = actor(&store, "begeleider@test.nl").await;
        let colleague = actor(&store, "collega@test.nl").await;
        for i in 0..3 {
            let (scope, _) = client_with_plan(&store, &worker, org.worker, &format!("Klein{i:02}"), 20, Some(-1)).await;
            contact(&store, &scope, today(), vec![]).await;
        }
        for i in 0..40 {
            let (scope, _) = client_with_plan(&store, &colleague, org.colleague, &format!("Groot{i:02}"), 20, Some(-1)).await;
            contact(&store, &scope, today() - Duration::days(20), vec![]).await;
        }
        let cost = |who: Actor| {
            let store = store.clone();
            async move {
                let before = store.query_count();
                let page = store.caseload(&who, &mine(200), today()).await.unwrap();
                (store.query_count() - before, page)
            }
        };
        let (small, small_page) = cost(worker).await;
        let (large, large_page) = cost(colleague).await;
        assert_eq!((small_page.items.len(), large_page.items.len()), (3, 40), "{engine}");
        assert!(large_page.items.iter().all(|r| r.signals.contains(&Signal::ActionsOverdue { count: 1 })), "{engine}");
        assert!(large_page.items.iter().all(|r| r.signals.contains(&Signal::NoContact { days: Some(20) })));
        assert_eq!(small, large, "{engine}: caseload query count depends on its size");
        // 4 reads + the chained audit append (begin, head lock, one insert, head update).
        assert!(small <= 8, "{engine}: {small} queries");
    }
}

#[tokio::test]
async fn the_dossier_costs_the_same_queries_for_a_small_and_a_large_record() {
    for (engine, store, _guard) in engines().await {
        let org = seed_org(&store).await;
        let worker = actor(&store, "begeleider@test.nl").await;
        let (small, _) = client_with_plan(&store, &worker, org.worker, "Klein", 5, Some(10)).await;
        contact(&store, &small, today(), vec![]).await;
        store.add_household_member(&small, "Noor", "dochter", None).await.unwrap();

        let (large, t) = client_with_plan(&store, &worker, org.worker, "Groot", 5, Some(-3)).await;
        let mut goal_ids = Vec::new();
        for g in 0..12 {
            let goal = store
                .add_goal(&large, t.id, &GoalInput { domain: "f8_financien".into(), text: format!("Doel {g}"), ..Default::default() })
                .await
                .unwrap();
            for a in 0..4 {
                let input = ActionInput { text: format!("Actie {g}.{a}"), owner_kind: "client".into(), ..Default::default() };
                store.add_action(&large, goal.id, &input).await.unwrap();
            }
            goal_ids.push(goal.id);
        }
        for j in 0..40 {
            contact(&store, &large, today() - Duration::days(j % 4), goal_ids[..(j as usize % 3)].to_vec()).await;
        }
        for name in ["Piet", "Kees", "Anna", "Lotte", "Bas"] {
            store.add_household_member(&large, name, "huisgenoot", None).await.unwrap();
        }
        store.add_care_team_member(&large, org.colleague).await.unwrap();
        for e in 0..12 {
            let input = EvaluationInput {
                held_on: day(today() - Duration::days(e)),
                participants: "Mila, Sanne".into(),
                notes: "Het gaat stap voor stap.".into(),
                goals: goal_ids[..3]
                    .iter()
                    .map(|g| EvaluationGoalInput { goal_id: *g, verdict: "deels".into(), decision: "doorgaan".into(), note: String::new() })
                    .collect(),
            };
            store.record_evaluation(&large, t.id, &input, today()).await.unwrap();
        }
        let t = store.trajectory(&large, t.id).await.unwrap();
        let t = store.advance_phase(&large, t.id, t.version, today()).await.unwrap();
        store.advance_phase_with_exit(&large, t.id, t.version, Some("onbekend"), today()).await.unwrap();

        let cost = |scope: ClientScope| {
            let store = store.clone();
            async move {
                let before = store.query_count();
                let d = store.dossier(&scope, today()).await.unwrap();
                (store.query_count() - before, d)
            }
        };
        let (small_cost, small_d) = cost(small).await;
        let (large_cost, large_d) = cost(large).await;
        assert_eq!(small_d.plan.goals.len(), 1, "{engine}");
        assert_eq!(large_d.plan.goals.len(), 13);
        assert_eq!(large_d.plan.goals.iter().map(|g| g.actions.len()).sum::<usize>(), 49);
        assert_eq!((large_d.journal.len() as i64, large_d.journal_total), (regie_domain::record::Dossier::JOURNAL_LIMIT, 40), "{engine}");
        assert!(large_d.journal.iter().any(|j| j.goal_ids.len() == 2), "{engine}: journal goal links loaded");
        assert_eq!(large_d.evaluations.len() as i64, regie_domain::record::Dossier::EVALUATION_LIMIT, "{engine}");
        assert!(large_d.evaluations.iter().all(|e| e.goals.len() == 3 && e.plan.goals.len() == 13), "{engine}");
        assert!(small_d.evaluations.is_empty());
        assert_eq!(large_d.phase_steps.len(), 3);
        assert_eq!(large_d.household.len(), 5);
        assert_eq!(large_d.care_team.len(), 2);
        assert!(large_d.signals.contains(&Signal::ActionsOverdue { count: 1 }), "{engine}: {:?}", large_d.signals);
        assert!(small_d.signals.is_empty(), "{engine}: {:?}", small_d.signals);
        assert_eq!(large_d.model.as_ref().map(|m| m.phases.len()), Some(8));
        assert_eq!(small_cost, large_cost, "{engine}: dossier query count depends on its size");
        assert!(small_cost <= 16, "{engine}: {small_cost} queries");
    }
}

#[tokio::test]
async fn simultaneous_starts_and_edits_leave_one_winner() {
    for (engine, store, _guard) in engines().await {
        let org = seed_org(&store).await;
        let worker = actor(&store, "begeleider@test.nl").await;
        let id = register(&store, &worker, "Nina", "Vos").await;
        let scope = open(&store, &worker, id).await;
        let (a, b) = tokio::join!(
            start(&store, &scope, "8fasen", org.worker, today(), &[]),
            start(&store, &scope, "cti", org.worker, today(), &[]),
        );
        assert_eq!(a.is_ok() as u8 + b.is_ok() as u8, 1, "{engine}: exactly one trajectory starts ({a:?} / {b:?})");
        let refused = if a.is_err() { a } else { b }.unwrap_err();
        assert!(field_message(refused, "trajectory").contains("al een lopend traject"), "{engine}");

        let version = store.client(&scope).await.unwrap().version;
        let one = ClientInput { city: Some("Arnhem".into()), ..person("Nina", "Vos") };
        let two = ClientInput { city: Some("Nijmegen".into()), ..person("Nina", "Vos") };
        let (x, y) = tokio::join!(store.update_client(&scope, &one, version), store.update_client(&scope, &two, version));
        let won = match (x, y) {
            (Ok(c), Err(StoreError::Conflict { current })) | (Err(StoreError::Conflict { current }), Ok(c)) => {
                assert_eq!(current["city"], serde_json::json!(c.city), "{engine}: the loser sees the winner's state");
                c
            }
            other => panic!("{engine}: expected one save and one conflict, got {other:?}"),
        };
        assert_eq!(store.client(&scope).await.unwrap(), won, "{engine}");
    }
}
