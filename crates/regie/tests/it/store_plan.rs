//! The action plan, journal and evaluations in the store, on both engines: every change kept
//! with who and when, the plan of any earlier moment reproduced exactly, stale edits refused with
//! the current state, other clients' ids unreachable, bad input refused whole in Dutch.

use crate::harness::{engines, seed_org};
use chrono::{Duration, NaiveDate, Utc};
use regie_domain::catalogue::AuditAction;
use regie_domain::plan::{replay, Entity, Op, PlanSnapshot};
use regie_domain::{FieldErrors, Invalid};
use regie_store::{
    ActionInput, Actor, ClientInput, ClientScope, EvaluationGoalInput, EvaluationInput, GoalInput, JournalInput, Store, StoreError,
    TrajectoryInput,
};

const WORKER: &str = "Sanne de Vries";

async fn actor(store: &Store, email: &str) -> Actor {
    let user = store.user_by_email(email).await.unwrap().expect("seeded user");
    Actor { user, on_behalf_of: None, source: "127.0.0.1".into(), user_agent: "test".into() }
}

/// Registers a client (with the actor's care relation) and starts a trajectory in the
/// competentiegericht model (ZRM domains); returns the scope and the trajectory id.
async fn client_with_trajectory(store: &Store, actor: &Actor, first_name: &str) -> (ClientScope, i64) {
    let input = ClientInput { first_name: first_name.into(), last_name: "Testpersoon".into(), ..Default::default() };
    let id = store.register_client(actor, &input).await.unwrap();
    let scope = store.open_client(actor, id, AuditAction::Update, "test").await.unwrap();
    let model = store.phase_models().await.unwrap().into_iter().find(|m| m.code == "competentiegericht").expect("built-in model");
    let today = regie_store::today();
    let t = TrajectoryInput { model_id: model.id, owner_user_id: actor.user.id, started_on: today.to_string(), focus_domains: vec![], funding: None };
    let trajectory = store.start_trajectory(&scope, &t, today).await.unwrap();
    (scope, trajectory.id)
}

fn goal(domain: &str, text: &str) -> GoalInput {
    GoalInput { domain: domain.into(), text: text.into(), ..Default::default() }
}

fn action(text: &str, kind: &str, name: Option<&str>, user: Option<i64>) -> ActionInput {
    ActionInput { text: text.into(), owner_kind: kind.into(), owner_name: name.map(Into::into), owner_user_id: user, ..Default::default() }
}

/// The field messages of a refusal (panics on any other outcome).
fn refused<T: std::fmt::Debug>(r: Result<T, StoreError>) -> FieldErrors {
    match r {
        Err(StoreError::Invalid(Invalid(e))) => e,
        other => panic!("expected a refusal with field messages, got {other:?}"),
    }
}

fn conflict<T: std::fmt::Debug>(r: Result<T, StoreError>) -> serde_json::Value {
    match r {
        Err(StoreError::Conflict { current }) => current,
        other => panic!("expected a conflict, got {other:?}"),
    }
}

fn not_found<T: std::fmt::Debug>(what: &str, r: Result<T, StoreError>) {
    assert!(matches!(r, Err(StoreError::NotFound)), "{what}: expected not found, got {r:?}");
}

/// Today and yesterday in UTC, the calendar the kept moments are stamped in.
fn utc_days() -> (NaiveDate, NaiveDate) {
    let today = Utc::now().date_naive();
    (today, today - Duration::days(1))
}

#[tokio::test]
async fn every_change_is_kept_and_every_earlier_plan_is_reproduced_exactly() {
    for (engine, store, _guard) in engines().await {
        let org = seed_org(&store).await;
        let me = actor(&store, "begeleider@test.nl").await;
        let (scope, tid) = client_with_trajectory(&store, &me, "Noor").await;
        let (today, yesterday) = utc_days();

        // After each step: the plan as the store shows it, and how many changes the step kept.
        let mut states: Vec<(PlanSnapshot, usize)> = Vec::new();
        let p = store.set_perspective(&scope, tid, "wonen", "Een eigen plek met een tuin", None).await.unwrap();
        states.push((store.plan(&scope, tid).await.unwrap(), 1));
        let room = store.add_goal(&scope, tid, &goal("zrm_huisvesting", "Een eigen kamer")).await.unwrap();
        assert_eq!(room.priority, 1, "{engine}: first goal comes first");
        states.push((store.plan(&scope, tid).await.unwrap(), 1));
        let debts = store.add_goal(&scope, tid, &goal("zrm_financien", "Schulden op een rij")).await.unwrap();
        assert_eq!(debts.priority, 2, "{engine}: a goal without priority goes last");
        states.push((store.plan(&scope, tid).await.unwrap(), 1));
        let sign_up = store.add_action(&scope, room.id, &action("Inschrijven bij woningnet", "client", None, None)).await.unwrap();
        assert_eq!(sign_up.owner_name, "Noor", "{engine}: the client's own action carries the client's name");
        states.push((store.plan(&scope, tid).await.unwrap(), 1));
        let call = store.add_action(&scope, debts.id, &action("Bellen met de schuldhulp", "medewerker", None, Some(org.worker))).await.unwrap();
        assert_eq!(call.owner_name, WORKER, "{engine}: a worker's action carries the worker's name");
        assert_eq!(call.owner_user_id, Some(org.worker));
        states.push((store.plan(&scope, tid).await.unwrap(), 1));
        let changed = GoalInput { priority: Some(3), target_date: Some("2030-01-31".into()), ..goal("zrm_huisvesting", "Een eigen appartement") };
        let room2 = store.update_goal(&scope, room.id, &changed, room.version).await.unwrap();
        assert_eq!((room2.version, room2.text.as_str(), room2.priority), (2, "Een eigen appartement", 3));
        states.push((store.plan(&scope, tid).await.unwrap(), 1));
        let busy = store.set_action_status(&scope, sign_up.id, "bezig", sign_up.version).await.unwrap();
        assert_eq!((busy.status.as_str(), busy.version), ("bezig", 2));
        states.push((store.plan(&scope, tid).await.unwrap(), 1));
        store.set_perspective(&scope, tid, "wonen", "Een eigen plek, dicht bij mijn zus", Some(p.version)).await.unwrap();
        states.push((store.plan(&scope, tid).await.unwrap(), 1));
        store.delete_goal(&scope, debts.id, debts.version).await.unwrap();
        states.push((store.plan(&scope, tid).await.unwrap(), 2));

        let now = store.plan(&scope, tid).await.unwrap();
        assert_eq!(now.goals.len(), 1, "{engine}");
        assert_eq!(now.goals[0].text, "Een eigen appartement");
        assert_eq!(now.goals[0].target_date, NaiveDate::from_ymd_opt(2030, 1, 31));
        assert_eq!(now.goals[0].actions[0].status, "bezig");
        assert_eq!(now.perspective[0].text, "Een eigen plek, dicht bij mijn zus");

        let history = store.plan_history(&scope, tid).await.unwrap();
        let kept: usize = states.iter().map(|(_, n)| n).sum();
        assert_eq!(history.len(), kept, "{engine}: one kept change per change: {history:#?}");
        assert!(history.iter().all(|c| c.by == WORKER), "{engine}: every change names who made it");
        assert!(history.windows(2).all(|w| w[0].at <= w[1].at), "{engine}: history is oldest first");
        let ops: Vec<(Entity, Op)> = history.iter().map(|c| (c.entity, c.op)).collect();
        assert_eq!(ops[0], (Entity::Perspective, Op::Create));
        assert_eq!(ops[5], (Entity::Goal, Op::Update));
        assert!(ops[kept - 2..].contains(&(Entity::Goal, Op::Delete)) && ops[kept - 2..].contains(&(Entity::Action, Op::Delete)));

        // Every intermediate plan comes back exactly from the kept changes up to that moment.
        let mut upto = 0;
        for (i, (state, n)) in states.iter().enumerate() {
            upto += n;
            assert_eq!(&replay(&history, history[upto - 1].at), state, "{engine}: plan after step {i} not reproduced");
        }
        assert_eq!(replay(&history, history[0].at - Duration::microseconds(1)), PlanSnapshot::default());

        // As of a date: today is the plan as it stands, yesterday the trajectory had none.
        assert_eq!(store.plan_as_of(&scope, tid, today).await.unwrap(), now, "{engine}");
        assert_eq!(store.plan_as_of(&scope, tid, yesterday).await.unwrap(), PlanSnapshot::default(), "{engine}");

        // What changed between yesterday and today: everything, with the changed fields named.
        let lines = store.plan_changes_between(&scope, tid, yesterday, today).await.unwrap();
        assert_eq!(lines.len(), kept, "{engine}");
        let update = lines.iter().find(|l| l.entity == Entity::Goal && l.op == Op::Update).unwrap();
        assert!(update.fields.contains(&("text".into(), "Een eigen kamer".into(), "Een eigen appartement".into())), "{engine}: {update:?}");
        assert!(update.fields.contains(&("priority".into(), "1".into(), "3".into())));
        assert_eq!(update.by, WORKER);
        assert!(store.plan_changes_between(&scope, tid, today, today).await.unwrap().is_empty());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_edits_of_one_goal_the_second_is_refused_with_the_first() {
    for (engine, store, _guard) in engines().await {
        seed_org(&store).await;
        let me = actor(&store, "begeleider@test.nl").await;
        let lead = actor(&store, "teamleider@test.nl").await;
        let (scope, tid) = client_with_trajectory(&store, &me, "Daan").await;
        let lead_scope = store.open_client(&lead, scope.client_id(), AuditAction::Update, "test").await.unwrap();
        let g = store.add_goal(&scope, tid, &goal("zrm_werk", "Werk vinden")).await.unwrap();

        // One after the other: both saw version 1.
        let first = store.update_goal(&scope, g.id, &goal("zrm_werk", "Werk vinden in de zorg"), 1).await.unwrap();
        let current = conflict(store.update_goal(&lead_scope, g.id, &goal("zrm_werk", "Een opleiding doen"), 1).await);
        assert_eq!(current["text"], "Werk vinden in de zorg", "{engine}: the refusal shows the first edit");
        assert_eq!(current["version"], 2);
        let plan = store.plan(&scope, tid).await.unwrap();
        assert_eq!((plan.goals[0].text.as_str(), plan.goals[0].version), ("Werk vinden in de zorg", first.version));

        // Truly at the same time: exactly one wins, the other gets the winner's text.
        let (mine, theirs) = (goal("zrm_werk", "Versie van Sanne"), goal("zrm_werk", "Versie van Fatima"));
        let (a, b) = tokio::join!(store.update_goal(&scope, g.id, &mine, 2), store.update_goal(&lead_scope, g.id, &theirs, 2));
        let (winner, loser) = match (a, b) {
            (Ok(w), Err(l)) | (Err(l), Ok(w)) => (w, l),
            other => panic!("{engine}: expected one success and one refusal, got {other:?}"),
        };
        let current = conflict::<()>(Err(loser));
        assert_eq!(current["text"], winner.text.as_str(), "{engine}");
        let history = store.plan_history(&scope, tid).await.unwrap();
        let goal_changes: Vec<_> = history.iter().filter(|c| c.entity == Entity::Goal).collect();
        assert_eq!(goal_changes.len(), 3, "{engine}: create and two successful updates, nothing else");
        assert_eq!(goal_changes[2].data["text"], winner.text.as_str());
        assert_eq!(goal_changes[1].by, WORKER);
        assert_eq!(store.plan(&scope, tid).await.unwrap().goals[0].text, winner.text);

        // Actions and the perspective are guarded the same way.
        let act = store.add_action(&scope, g.id, &action("Cv maken", "netwerk", Some("Zus Anna"), None)).await.unwrap();
        store.set_action_status(&scope, act.id, "gedaan", act.version).await.unwrap();
        let current = conflict(store.update_action(&lead_scope, act.id, &action("Cv laten nakijken", "extern", Some("UWV"), None), act.version).await);
        assert_eq!((current["status"].as_str(), current["version"].as_i64()), (Some("gedaan"), Some(2)), "{engine}");
        conflict(store.delete_action(&scope, act.id, act.version).await);
        store.set_perspective(&scope, tid, "werk", "Iets met mensen", None).await.unwrap();
        let current = conflict(store.set_perspective(&lead_scope, tid, "werk", "Iets met dieren", None).await);
        assert_eq!(current["text"], "Iets met mensen", "{engine}: a text that appeared meanwhile is not overwritten");
        conflict(store.delete_goal(&scope, g.id, 1).await);
        assert_eq!(store.plan(&scope, tid).await.unwrap().goals.len(), 1, "{engine}: a stale delete removes nothing");
    }
}

#[tokio::test]
async fn deleting_a_goal_removes_its_actions_and_keeps_them_in_the_history() {
    for (engine, store, _guard) in engines().await {
        seed_org(&store).await;
        let me = actor(&store, "begeleider@test.nl").await;
        let (scope, tid) = client_with_trajectory(&store, &me, "Lotte").await;
        let keep = store.add_goal(&scope, tid, &goal("zrm_netwerk", "Vaker mijn moeder zien")).await.unwrap();
        let g = store.add_goal(&scope, tid, &goal("zrm_tijd", "Een vaste dagbesteding")).await.unwrap();
        let a1 = store.add_action(&scope, g.id, &action("Langs bij het buurthuis", "client", None, None)).await.unwrap();
        let a2 = store.add_action(&scope, g.id, &action("Aanmelden bij de kringloop", "extern", Some("Kringloop Oost"), None)).await.unwrap();
        let before = store.plan(&scope, tid).await.unwrap();
        assert_eq!(before.goals[1].actions.len(), 2, "{engine}");

        store.delete_goal(&scope, g.id, g.version).await.unwrap();
        let after = store.plan(&scope, tid).await.unwrap();
        assert_eq!(after.goals.iter().map(|g| g.id).collect::<Vec<_>>(), vec![keep.id], "{engine}");
        not_found("action of a deleted goal", store.set_action_status(&scope, a1.id, "gedaan", a1.version).await);
        not_found("deleted goal", store.update_goal(&scope, g.id, &goal("zrm_tijd", "x"), 2).await);
        not_found("deleted goal again", store.delete_goal(&scope, g.id, 2).await);

        let history = store.plan_history(&scope, tid).await.unwrap();
        let deleted: Vec<(Entity, i64, String)> =
            history.iter().filter(|c| c.op == Op::Delete).map(|c| (c.entity, c.entity_id, c.data["text"].as_str().unwrap_or("").to_string())).collect();
        assert_eq!(deleted.len(), 3, "{engine}: {deleted:?}");
        assert!(deleted.contains(&(Entity::Goal, g.id, "Een vaste dagbesteding".into())));
        assert!(deleted.contains(&(Entity::Action, a1.id, "Langs bij het buurthuis".into())));
        assert!(deleted.contains(&(Entity::Action, a2.id, "Aanmelden bij de kringloop".into())));
        let last_before_delete = history.iter().filter(|c| c.op != Op::Delete).map(|c| c.at).max().unwrap();
        assert_eq!(replay(&history, last_before_delete), before, "{engine}: the goal and its actions are still in the past plan");
        assert_eq!(replay(&history, history.last().unwrap().at), after);

        // Deleting a single action keeps it in the history too.
        let a3 = store.add_action(&scope, keep.id, &action("Moeder bellen", "client", None, None)).await.unwrap();
        store.delete_action(&scope, a3.id, a3.version).await.unwrap();
        assert!(store.plan(&scope, tid).await.unwrap().goals[0].actions.is_empty(), "{engine}");
        let last = store.plan_history(&scope, tid).await.unwrap().pop().unwrap();
        assert_eq!((last.entity, last.entity_id, last.op, last.by.as_str()), (Entity::Action, a3.id, Op::Delete, WORKER));
    }
}

#[tokio::test]
async fn ids_from_another_clients_plan_are_not_found() {
    for (engine, store, _guard) in engines().await {
        seed_org(&store).await;
        let me = actor(&store, "begeleider@test.nl").await;
        let (mine, my_tid) = client_with_trajectory(&store, &me, "Sem").await;
        let (theirs, their_tid) = client_with_trajectory(&store, &me, "Eva").await;
        let their_goal = store.add_goal(&theirs, their_tid, &goal("zrm_justitie", "Boetes afbetalen")).await.unwrap();
        let their_action = store.add_action(&theirs, their_goal.id, &action("Brief CJIB lezen", "client", None, None)).await.unwrap();
        let their_plan = store.plan(&theirs, their_tid).await.unwrap();
        let today = regie_store::today();

        not_found("plan", store.plan(&mine, their_tid).await);
        not_found("history", store.plan_history(&mine, their_tid).await);
        not_found("plan as of", store.plan_as_of(&mine, their_tid, today).await);
        not_found("changes between", store.plan_changes_between(&mine, their_tid, today, today).await);
        not_found("add goal", store.add_goal(&mine, their_tid, &goal("zrm_werk", "Inbraak")).await);
        not_found("perspective", store.set_perspective(&mine, their_tid, "wonen", "Inbraak", None).await);
        not_found("update goal", store.update_goal(&mine, their_goal.id, &goal("zrm_werk", "Inbraak"), 1).await);
        not_found("delete goal", store.delete_goal(&mine, their_goal.id, 1).await);
        not_found("add action", store.add_action(&mine, their_goal.id, &action("Inbraak", "client", None, None)).await);
        not_found("update action", store.update_action(&mine, their_action.id, &action("Inbraak", "client", None, None), 1).await);
        not_found("action status", store.set_action_status(&mine, their_action.id, "gedaan", 1).await);
        not_found("delete action", store.delete_action(&mine, their_action.id, 1).await);
        not_found("evaluations", store.evaluations(&mine, their_tid).await);
        let ev = EvaluationInput {
            held_on: today.to_string(),
            participants: "Sem en Sanne".into(),
            goals: vec![EvaluationGoalInput { goal_id: their_goal.id, verdict: "behaald".into(), decision: "afsluiten".into(), note: String::new() }],
            ..Default::default()
        };
        not_found("evaluation on their trajectory", store.record_evaluation(&mine, their_tid, &ev, today).await);
        let e = refused(store.record_evaluation(&mine, my_tid, &ev, today).await);
        assert!(e.get("goals").is_some(), "{engine}: {e:?}");
        let j = JournalInput { contact_type: "gesprek".into(), contact_date: today.to_string(), duration_minutes: "30".into(), text: "Over de boetes".into(), client_visible: None, goal_ids: vec![their_goal.id] };
        let e = refused(store.add_journal_entry(&mine, &j, today).await);
        assert_eq!(e.get("goal_ids"), Some("Kies alleen doelen uit het plan van deze cliënt."), "{engine}");

        assert_eq!(store.plan(&theirs, their_tid).await.unwrap(), their_plan, "{engine}: the other plan is untouched");
        assert_eq!(store.plan_history(&theirs, their_tid).await.unwrap().len(), 2);
        assert!(store.plan(&mine, my_tid).await.unwrap().goals.is_empty());
        assert_eq!(store.journal(&mine, 10, 0).await.unwrap().total, 0);
    }
}

#[tokio::test]
async fn wrong_input_is_refused_whole_in_dutch_and_nothing_is_written() {
    for (engine, store, _guard) in engines().await {
        let org = seed_org(&store).await;
        let me = actor(&store, "begeleider@test.nl").await;
        let (scope, tid) = client_with_trajectory(&store, &me, "Finn").await;
        let g = store.add_goal(&scope, tid, &goal("zrm_financien", "Rondkomen van mijn geld")).await.unwrap();
        let a = store.add_action(&scope, g.id, &action("Budgetplan maken", "client", None, None)).await.unwrap();
        let plan = store.plan(&scope, tid).await.unwrap();
        let kept = store.plan_history(&scope, tid).await.unwrap().len();

        let bad = GoalInput { domain: "zrm_onbekend".into(), text: " ".into(), priority: Some(0), target_date: Some("31-12-2030".into()), status: Some("klaar".into()) };
        let e = refused(store.add_goal(&scope, tid, &bad).await);
        assert_eq!(e.get("domain"), Some("Dit leefgebied bestaat niet."), "{engine}");
        assert_eq!(e.get("text"), Some("Vul dit veld in."));
        assert_eq!(e.get("priority"), Some("Geef een heel getal van 1 tot en met 99."));
        assert_eq!(e.get("target_date"), Some("Geef een geldige datum (JJJJ-MM-DD)."));
        assert_eq!(e.get("status"), Some("Kies een van de mogelijkheden."));
        let e = refused(store.add_goal(&scope, tid, &goal("", &"x".repeat(1001))).await);
        assert_eq!(e.get("domain"), Some("Kies een leefgebied."));
        assert_eq!(e.get("text"), Some("Gebruik hoogstens 1000 tekens."));
        let e = refused(store.update_goal(&scope, g.id, &GoalInput { priority: Some(100), ..goal("zrm_financien", "Geld") }, g.version).await);
        assert!(e.get("priority").is_some(), "{engine}");

        let e = refused(store.add_action(&scope, g.id, &action(&"x".repeat(501), "buurman", None, None)).await);
        assert_eq!(e.get("text"), Some("Gebruik hoogstens 500 tekens."), "{engine}");
        assert_eq!(e.get("owner_kind"), Some("Kies een van de mogelijkheden."));
        let e = refused(store.add_action(&scope, g.id, &action("Bellen", "medewerker", None, None)).await);
        assert_eq!(e.get("owner_user_id"), Some("Kies de medewerker die de actie uitvoert."));
        let e = refused(store.add_action(&scope, g.id, &action("Bellen", "medewerker", None, Some(999_999))).await);
        assert_eq!(e.get("owner_user_id"), Some("Deze medewerker bestaat niet of werkt hier niet meer."));
        let e = refused(store.add_action(&scope, g.id, &action("Bellen", "netwerk", Some("  "), None)).await);
        assert_eq!(e.get("owner_name"), Some("Vul de naam in van wie de actie uitvoert."));
        let dated = ActionInput { due_date: Some("2030-02-30".into()), status: Some("af".into()), ..action("Bellen", "extern", Some("Gemeente"), None) };
        let e = refused(store.add_action(&scope, g.id, &dated).await);
        assert_eq!(e.get("due_date"), Some("Geef een geldige datum (JJJJ-MM-DD)."));
        assert_eq!(e.get("status"), Some("Kies een van de mogelijkheden."));
        let e = refused(store.update_action(&scope, a.id, &action("", "client", None, None), a.version).await);
        assert_eq!(e.get("text"), Some("Vul dit veld in."));
        let e = refused(store.set_action_status(&scope, a.id, "klaar", a.version).await);
        assert_eq!(e.get("status"), Some("Kies een van de mogelijkheden."));
        let e = refused(store.set_perspective(&scope, tid, "hobby", "Vissen", None).await);
        assert_eq!(e.get("area"), Some("Kies een van de mogelijkheden."));
        let e = refused(store.set_perspective(&scope, tid, "vrije_tijd", &"x".repeat(2001), None).await);
        assert_eq!(e.get("text"), Some("Gebruik hoogstens 2000 tekens."));

        assert_eq!(store.plan(&scope, tid).await.unwrap(), plan, "{engine}: nothing was written");
        assert_eq!(store.plan_history(&scope, tid).await.unwrap().len(), kept);

        // A good action for a worker, and clearing a perspective text, are fine.
        let ok = store.update_action(&scope, a.id, &action("Budgetplan maken", "medewerker", None, Some(org.colleague)), a.version).await.unwrap();
        assert_eq!((ok.owner_name.as_str(), ok.status.as_str()), ("Joris Bakker", "open"), "{engine}: status stays when not given");
        let p = store.set_perspective(&scope, tid, "netwerk", "Mijn vrienden", None).await.unwrap();
        let cleared = store.set_perspective(&scope, tid, "netwerk", "", Some(p.version)).await.unwrap();
        assert_eq!((cleared.text.as_str(), cleared.version), ("", 2));

        // Once the trajectory is closed, its plan can no longer change.
        for _ in 0..3 {
            let t = store.trajectory(&scope, tid).await.unwrap();
            store.advance_phase_with_exit(&scope, tid, t.version, Some("onbekend"), regie_store::today()).await.unwrap();
        }
        assert_eq!(store.trajectory(&scope, tid).await.unwrap().status, "afgesloten", "{engine}");
        let closed = store.plan(&scope, tid).await.unwrap();
        let e = refused(store.add_goal(&scope, tid, &goal("zrm_werk", "Werk")).await);
        assert_eq!(e.get("trajectory"), Some("Dit traject is afgesloten. Het plan kan niet meer worden gewijzigd."), "{engine}");
        refused(store.update_goal(&scope, g.id, &goal("zrm_werk", "Werk"), g.version).await);
        refused(store.set_action_status(&scope, a.id, "gedaan", ok.version).await);
        refused(store.delete_goal(&scope, g.id, g.version).await);
        refused(store.set_perspective(&scope, tid, "wonen", "Ergens", None).await);
        assert_eq!(store.plan(&scope, tid).await.unwrap(), closed, "{engine}");
    }
}

#[tokio::test]
async fn the_journal_pages_newest_first_and_is_visible_to_the_client_by_default() {
    for (engine, store, _guard) in engines().await {
        seed_org(&store).await;
        let me = actor(&store, "begeleider@test.nl").await;
        let (scope, tid) = client_with_trajectory(&store, &me, "Mila").await;
        let g = store.add_goal(&scope, tid, &goal("zrm_geestelijk", "Beter slapen")).await.unwrap();
        let today = regie_store::today();
        let entry = |days_ago: i64, text: &str| JournalInput {
            contact_type: "huisbezoek".into(),
            contact_date: (today - Duration::days(days_ago)).to_string(),
            duration_minutes: "45".into(),
            text: text.into(),
            client_visible: None,
            goal_ids: vec![],
        };
        store.add_journal_entry(&scope, &entry(10, "Kennismaking"), today).await.unwrap();
        let linked = store.add_journal_entry(&scope, &JournalInput { goal_ids: vec![g.id, g.id], ..entry(0, "Over het slapen") }, today).await.unwrap();
        assert_eq!(linked.goal_ids, vec![g.id], "{engine}");
        assert!(linked.client_visible, "{engine}: visible to the client unless said otherwise");
        assert_eq!(linked.author_name, WORKER);
        let hidden = store.add_journal_entry(&scope, &JournalInput { client_visible: Some(false), ..entry(3, "Overleg met de huisarts") }, today).await.unwrap();
        assert!(!hidden.client_visible);
        store.add_journal_entry(&scope, &entry(3, "Tweede contact die dag"), today).await.unwrap();
        store.add_journal_entry(&scope, &entry(7, "Telefoontje"), today).await.unwrap();

        let before = store.query_count();
        let first = store.journal(&scope, 2, 0).await.unwrap();
        assert!(store.query_count() - before <= 3, "{engine}: a journal page costs at most three queries");
        assert_eq!(first.total, 5, "{engine}");
        let texts = |p: &regie_domain::record::Page<regie_domain::record::JournalEntry>| p.items.iter().map(|e| e.text.clone()).collect::<Vec<_>>();
        assert_eq!(texts(&first), ["Over het slapen", "Tweede contact die dag"], "{engine}: newest date first, then latest written");
        assert_eq!(first.items[0], linked, "{engine}: read back as written");
        let second = store.journal(&scope, 2, 2).await.unwrap();
        assert_eq!(texts(&second), ["Overleg met de huisarts", "Telefoontje"]);
        assert!(!second.items[0].client_visible && second.items[1].client_visible);
        let last = store.journal(&scope, 2, 4).await.unwrap();
        assert_eq!((texts(&last), last.total), (vec!["Kennismaking".to_string()], 5));

        let bad = JournalInput {
            contact_type: "brief".into(),
            contact_date: (today + Duration::days(1)).to_string(),
            duration_minutes: "0".into(),
            text: "  ".into(),
            client_visible: None,
            goal_ids: vec![],
        };
        let e = refused(store.add_journal_entry(&scope, &bad, today).await);
        assert_eq!(e.get("contact_type"), Some("Kies een van de mogelijkheden."), "{engine}");
        assert_eq!(e.get("contact_date"), Some("Deze datum ligt in de toekomst."));
        assert_eq!(e.get("duration_minutes"), Some("Geef een heel getal van 1 tot en met 1440."));
        assert_eq!(e.get("text"), Some("Vul dit veld in."));
        let e = refused(store.add_journal_entry(&scope, &JournalInput { duration_minutes: "een uur".into(), contact_date: String::new(), ..entry(0, "x") }, today).await);
        assert!(e.get("duration_minutes").is_some() && e.get("contact_date") == Some("Vul een datum in."), "{engine}: {e:?}");
        assert_eq!(store.journal(&scope, 10, 0).await.unwrap().total, 5, "{engine}: nothing written");
    }
}

#[tokio::test]
async fn an_evaluation_snapshots_the_plan_closes_goals_and_plans_the_next_one() {
    for (engine, store, _guard) in engines().await {
        seed_org(&store).await;
        let me = actor(&store, "begeleider@test.nl").await;
        let (scope, tid) = client_with_trajectory(&store, &me, "Bram").await;
        let today = regie_store::today();
        let room = store.add_goal(&scope, tid, &goal("zrm_huisvesting", "Een eigen kamer")).await.unwrap();
        let money = store.add_goal(&scope, tid, &goal("zrm_financien", "Schulden op een rij")).await.unwrap();
        let work = store.add_goal(&scope, tid, &goal("zrm_werk", "Vrijwilligerswerk")).await.unwrap();
        store.add_action(&scope, room.id, &action("Sleutel ophalen", "client", None, None)).await.unwrap();
        store.set_perspective(&scope, tid, "wonen", "Rustig wonen", None).await.unwrap();
        let plan_then = store.plan(&scope, tid).await.unwrap();
        let kept = store.plan_history(&scope, tid).await.unwrap().len();
        let model = store.phase_model(store.trajectory(&scope, tid).await.unwrap().model_id).await.unwrap();

        let verdict = |goal_id: i64, verdict: &str, decision: &str| EvaluationGoalInput { goal_id, verdict: verdict.into(), decision: decision.into(), note: "samen besproken".into() };
        let held_on = today - Duration::days(2);
        let input = EvaluationInput {
            held_on: held_on.to_string(),
            participants: "Bram, zijn moeder, Sanne".into(),
            notes: "Goed gesprek.".into(),
            goals: vec![verdict(room.id, "behaald", "afsluiten"), verdict(money.id, "deels", "doorgaan"), verdict(work.id, "niet_behaald", "afsluiten")],
        };
        let ev = store.record_evaluation(&scope, tid, &input, today).await.unwrap();
        assert_eq!(ev.plan, plan_then, "{engine}: the snapshot is the plan as it stood");
        assert_eq!(ev.created_by_name, WORKER);
        assert_eq!(ev.goals.iter().map(|g| g.goal_text.as_str()).collect::<Vec<_>>(), ["Een eigen kamer", "Schulden op een rij", "Vrijwilligerswerk"]);

        let now = store.plan(&scope, tid).await.unwrap();
        let status = |id: i64| now.goals.iter().find(|g| g.id == id).map(|g| (g.status.clone(), g.version)).unwrap();
        assert_eq!(status(room.id), ("behaald".to_string(), 2), "{engine}: closed as achieved");
        assert_eq!(status(money.id), ("actief".to_string(), 1), "{engine}: goes on unchanged");
        assert_eq!(status(work.id), ("afgesloten".to_string(), 2), "{engine}: closed without being achieved");
        let history = store.plan_history(&scope, tid).await.unwrap();
        assert_eq!(history.len(), kept + 2, "{engine}: each closed goal is a kept plan change");
        assert!(history[kept..].iter().all(|c| c.entity == Entity::Goal && c.op == Op::Update && c.by == WORKER));
        assert_eq!(replay(&history, history[kept - 1].at), plan_then, "{engine}: before the evaluation the goals were still active");
        assert_eq!(store.plan_as_of(&scope, tid, Utc::now().date_naive()).await.unwrap(), now);

        let t = store.trajectory(&scope, tid).await.unwrap();
        assert_eq!(t.next_evaluation_on, Some(held_on + Duration::days(model.evaluation_interval_days)), "{engine}");

        let stored = store.evaluations(&scope, tid).await.unwrap();
        assert_eq!(stored, vec![ev.clone()], "{engine}: read back as recorded");

        // A later evaluation comes first, and moves the next one on.
        let later = EvaluationInput { held_on: today.to_string(), participants: "Bram en Sanne".into(), goals: vec![verdict(money.id, "behaald", "afsluiten")], ..Default::default() };
        let ev2 = store.record_evaluation(&scope, tid, &later, today).await.unwrap();
        assert_eq!(ev2.plan, now, "{engine}");
        let stored = store.evaluations(&scope, tid).await.unwrap();
        assert_eq!(stored.iter().map(|e| e.id).collect::<Vec<_>>(), vec![ev2.id, ev.id], "{engine}: newest first");
        assert_eq!(store.trajectory(&scope, tid).await.unwrap().next_evaluation_on, Some(today + Duration::days(model.evaluation_interval_days)));

        // Refused whole: nothing recorded, no goal touched.
        let plan_before = store.plan(&scope, tid).await.unwrap();
        let bad = EvaluationInput {
            held_on: (today + Duration::days(1)).to_string(),
            participants: " ".into(),
            goals: vec![verdict(money.id, "prima", "weggooien"), verdict(money.id, "behaald", "afsluiten")],
            ..Default::default()
        };
        let e = refused(store.record_evaluation(&scope, tid, &bad, today).await);
        assert_eq!(e.get("held_on"), Some("Deze datum ligt in de toekomst."), "{engine}");
        assert_eq!(e.get("participants"), Some("Vul dit veld in."));
        assert_eq!(e.get("goals"), Some("Elk doel kan maar één keer worden beoordeeld."));
        assert_eq!(e.get(&format!("verdict_{}", money.id)), Some("Kies een van de mogelijkheden."));
        assert_eq!(e.get(&format!("decision_{}", money.id)), Some("Kies een van de mogelijkheden."));
        assert_eq!(store.evaluations(&scope, tid).await.unwrap().len(), 2, "{engine}");
        assert_eq!(store.plan(&scope, tid).await.unwrap(), plan_before);
    }
}
