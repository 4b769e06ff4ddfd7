//! The staff pages in the browser's place: the caseload (mine and the team's), need-to-know on
//! the dossier, registering a client with a trajectory, moving through phases, the journal,
//! evaluations, phase models, the bounded query cost of the two busiest pages, and the
//! translation table behind them.

use crate::harness::{engines, seed_org, spawn_app, Org, TestApp};
use chrono::{Duration, NaiveDate};
use regie_domain::catalogue::AuditAction;
use regie_store::{ActionInput, Actor, CaseloadQuery, CaseloadView, ClientInput, ClientScope, GoalInput, JournalInput, Store, TrajectoryInput};

async fn actor(store: &Store, email: &str) -> Actor {
    let user = store.user_by_email(email).await.unwrap().expect("seeded user");
    Actor { user, on_behalf_of: None, source: "127.0.0.1".into(), user_agent: "pages-test".into() }
}

fn today() -> NaiveDate {
    regie_store::today()
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

async fn model_id(store: &Store, code: &str) -> i64 {
    store.phase_models().await.unwrap().into_iter().find(|m| m.code == code).expect("built-in model").id
}

/// A client registered by `email`'s worker, with a trajectory in `model` started `days_ago`.
async fn client(store: &Store, email: &str, first: &str, last: &str, model: &str, days_ago: i64) -> (i64, i64, ClientScope) {
    let who = actor(store, email).await;
    let input = ClientInput { first_name: first.into(), last_name: last.into(), birth_date: Some("1988-02-11".into()), ..Default::default() };
    let id = store.register_client(&who, &input).await.unwrap();
    let scope = store.open_client(&who, id, AuditAction::Update, "test").await.unwrap();
    let t = TrajectoryInput {
        model_id: model_id(store, model).await,
        owner_user_id: who.user.id,
        started_on: day(today() - Duration::days(days_ago)),
        focus_domains: vec![],
        funding: None,
    };
    let tid = store.start_trajectory(&scope, &t, today()).await.unwrap().id;
    (id, tid, scope)
}

async fn app_as(store: &Store, email: &str) -> TestApp {
    let app = spawn_app(store.clone()).await;
    app.login(email).await;
    app
}

async fn get(app: &TestApp, path: &str) -> (u16, String) {
    let res = app.http.get(app.url(path)).send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

async fn post(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> (u16, String, String) {
    let res = app.post_form(path, fields).await;
    let status = res.status().as_u16();
    let location = res.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    (status, location, res.text().await.unwrap())
}

fn between(s: &str, start: &str, end: &str) -> String {
    crate::harness::app::between(s, start, end).unwrap_or_else(|| panic!("{start:?} not found"))
}

/// The text of the phase the dossier marks as current.
fn current_phase(page: &str) -> String {
    between(page, "class=\"current-phase\">", "<")
}

#[tokio::test]
async fn the_caseload_shows_exactly_my_clients_and_a_teamleider_sees_the_team() {
    for (engine, store, _guard) in engines().await {
        seed_org(&store).await;
        let (ayla, _, scope) = client(&store, "begeleider@test.nl", "Ayla", "Yilmaz", "8fasen", 5).await;
        let (bram, _, _) = client(&store, "begeleider@test.nl", "Bram", "de Wit", "cti", 20).await;
        let (kees, _, _) = client(&store, "ander@test.nl", "Karin", "Peeters", "krachtwerk", 3).await;
        let (joris, _, _) = client(&store, "collega@test.nl", "Jesse", "Mulder", "thuisbegeleiding", 3).await;
        // One overdue action for Ayla, shown in words and in red.
        let plan_tid = store.dossier(&scope, today()).await.unwrap().trajectory.unwrap().id;
        let goal = store.add_goal(&scope, plan_tid, &GoalInput { domain: "f8_wonen".into(), text: "Een eigen kamer".into(), ..Default::default() }).await.unwrap();
        let action = ActionInput { text: "Formulier invullen".into(), owner_kind: "client".into(), due_date: Some(day(today() - Duration::days(2))), ..Default::default() };
        store.add_action(&scope, goal.id, &action).await.unwrap();

        let app = app_as(&store, "begeleider@test.nl").await;
        let (status, page) = get(&app, "/clienten").await;
        assert_eq!(status, 200, "{engine}");
        assert!(page.contains(&format!("<a class=\"client-link\" href=\"/clienten/{ayla}\">")), "{engine}: own client missing");
        assert!(page.contains(&format!("<a class=\"client-link\" href=\"/clienten/{bram}\">")), "{engine}: own client missing");
        assert!(!page.contains(&format!("href=\"/clienten/{kees}\"")) && !page.contains("Peeters"), "{engine}: another team's client shown");
        assert!(!page.contains("Mulder"), "{engine}: a colleague's client shown without a care relation");
        assert!(page.contains("<span class=\"signal urgent\">1 actie over datum</span>"), "{engine}: overdue action not explained");
        assert!(page.contains("Critical Time Intervention") && page.contains("Structurering"), "{engine}: method and phase");
        assert!(!page.contains("weergave=team"), "{engine}: a begeleider gets no team toggle");
        let (_, found) = get(&app, "/clienten?q=yilm").await;
        assert!(found.contains("Yilmaz") && !found.contains("de Wit"), "{engine}: search");

        let lead = app_as(&store, "teamleider@test.nl").await;
        let (_, mine) = get(&lead, "/clienten").await;
        assert!(mine.contains("weergave=team"), "{engine}: teamleider toggle");
        assert!(!mine.contains("Yilmaz"), "{engine}: the lead holds no clients of their own");
        let (status, team) = get(&lead, "/clienten?weergave=team").await;
        assert_eq!(status, 200);
        for id in [ayla, bram, joris] {
            assert!(team.contains(&format!("href=\"/clienten/{id}\"")), "{engine}: team client {id} missing");
        }
        assert!(!team.contains("Peeters"), "{engine}: team B's client in team A's view");
        // A begeleider asking for the team view still gets only their own clients.
        let (_, forced) = get(&app, "/clienten?weergave=team").await;
        assert!(!forced.contains("Mulder"), "{engine}: team view for a begeleider");
    }
}

#[tokio::test]
async fn a_dossier_outside_my_rights_is_refused_and_the_refusal_is_logged() {
    for (engine, store, _guard) in engines().await {
        let org: Org = seed_org(&store).await;
        let (theirs, _, _) = client(&store, "ander@test.nl", "Karin", "Peeters", "cti", 3).await;
        let app = app_as(&store, "begeleider@test.nl").await;
        let (status, page) = get(&app, &format!("/clienten/{theirs}")).await;
        assert_eq!(status, 403, "{engine}");
        assert!(page.contains("geen toegang") && !page.contains("Peeters"), "{engine}: {page}");
        let log = store.audit_for_client(theirs, 20).await.unwrap();
        assert!(
            log.iter().any(|r| r.outcome == "refused" && r.user_id == Some(org.worker) && r.object == "dossier"),
            "{engine}: no refusal record: {log:?}"
        );
        // Writing is refused just the same, and changes nothing.
        let (status, _, _) = post(&app, &format!("/clienten/{theirs}/journaal"), &[("contact_type", "gesprek"), ("contact_date", &day(today())), ("duration_minutes", "30"), ("text", "x")]).await;
        assert_eq!(status, 403, "{engine}");
        let other = actor(&store, "ander@test.nl").await;
        let scope = store.open_client(&other, theirs, AuditAction::Read, "test").await.unwrap();
        assert_eq!(store.journal(&scope, 10, 0).await.unwrap().total, 0, "{engine}");
    }
}

/// The fields of a complete new-client form.
fn new_client_form<'a>(org: &'a Org, model: &'a str, owner: &'a str, started: &'a str) -> Vec<(&'static str, String)> {
    vec![
        ("first_name", "Ayla".into()),
        ("last_name", "Yilmaz".into()),
        ("birth_date", "1990-05-17".into()),
        ("phone", "06-12345678".into()),
        ("email", "".into()),
        ("address", "Dorpsstraat 1".into()),
        ("city", "Zwolle".into()),
        ("team_id", org.team_a.to_string()),
        ("model_id", model.into()),
        ("owner_user_id", owner.into()),
        ("started_on", started.into()),
    ]
}

fn fields<'a>(v: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    v.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

async fn my_client_count(store: &Store) -> i64 {
    let who = actor(store, "begeleider@test.nl").await;
    let q = CaseloadQuery { view: CaseloadView::Visible, search: None, limit: 50, offset: 0 };
    store.caseload(&who, &q, today()).await.unwrap().total
}

#[tokio::test]
async fn a_wrong_registration_is_refused_whole_with_dutch_messages_and_the_input_kept() {
    let (store, _dir) = crate::harness::sqlite_store().await;
    let org = seed_org(&store).await;
    let app = app_as(&store, "begeleider@test.nl").await;
    let (status, form) = get(&app, "/clienten/nieuw").await;
    assert_eq!(status, 200);
    assert!(form.contains("name=\"model_id\"") && form.contains("Krachtwerk") && form.contains("Sanne de Vries"), "form offers methods and staff");
    let cti = model_id(&store, "cti").await.to_string();
    let worker = org.worker.to_string();
    let today_s = day(today());

    let mut empty_name = new_client_form(&org, &cti, &worker, &today_s);
    empty_name[0].1 = "  ".into();
    let (status, _, page) = post(&app, "/clienten", &fields(&empty_name)).await;
    assert_eq!(status, 422);
    assert!(page.contains("Vul dit veld in."), "Dutch message for the empty name");
    assert!(page.contains("value=\"Yilmaz\"") && page.contains("value=\"Dorpsstraat 1\""), "input kept");
    assert_eq!(my_client_count(&store).await, 0, "nothing saved");

    // A wrong trajectory half refuses the whole form, before the client is written.
    let mut no_method = new_client_form(&org, "", &worker, &today_s);
    no_method.push(("focus_domains", "zrm_financien".into()));
    let (status, _, page) = post(&app, "/clienten", &fields(&no_method)).await;
    assert_eq!(status, 422);
    assert!(page.contains("Kies een methode uit de lijst."), "message for the method");
    let future = day(today() + Duration::days(3));
    let late = new_client_form(&org, &cti, &org.admin.to_string(), &future);
    let (status, _, page) = post(&app, "/clienten", &fields(&late)).await;
    assert_eq!(status, 422);
    assert!(page.contains("Deze datum ligt in de toekomst.") && page.contains("Kies een medewerker die nu in dienst is als trajectbegeleider."), "{page}");
    let mut too_many = new_client_form(&org, &cti, &worker, &today_s);
    for d in ["zrm_financien", "zrm_werk", "zrm_tijd", "zrm_huisvesting"] {
        too_many.push(("focus_domains", d.into()));
    }
    let (status, _, page) = post(&app, "/clienten", &fields(&too_many)).await;
    assert_eq!(status, 422);
    assert!(page.contains("hoogstens 3 focusdomeinen"), "CTI's maximum");
    assert_eq!(my_client_count(&store).await, 0, "nothing saved after refusals");
}

#[tokio::test]
async fn the_full_form_registers_the_client_starts_the_trajectory_and_opens_the_dossier() {
    let (store, _dir) = crate::harness::sqlite_store().await;
    let org = seed_org(&store).await;
    let app = app_as(&store, "begeleider@test.nl").await;
    let cti = model_id(&store, "cti").await.to_string();
    let mut form = new_client_form(&org, &cti, &org.worker.to_string(), &day(today()));
    form.push(("focus_domains", "zrm_huisvesting".into()));
    form.push(("focus_domains", "zrm_financien".into()));
    let (status, location, _) = post(&app, "/clienten", &fields(&form)).await;
    assert_eq!(status, 303);
    let id: i64 = location.strip_prefix("/clienten/").expect("redirect to the dossier").parse().unwrap();
    let (status, page) = get(&app, &location).await;
    assert_eq!(status, 200);
    assert!(page.contains("Ayla Yilmaz") && page.contains("Dorpsstraat 1"));
    assert!(page.contains("Critical Time Intervention"));
    assert_eq!(current_phase(&page), "Structurering");
    let end = regie_web_date(today() + Duration::days(270));
    assert!(page.contains(&format!("Uiterlijk klaar op {end}")), "CTI's cap shown");
    assert!(page.contains("2 gekozen, hoogstens 3") && page.contains("Huisvesting"), "focus domains with the maximum");
    assert!(page.contains("id=\"plan\""), "the plan section is part of the dossier");
    assert!(page.contains("Naar volgende fase: Testen"), "the button says which phase comes next");
    assert_eq!(my_client_count(&store).await, 1);
    assert!(store.audit_for_client(id, 50).await.unwrap().iter().any(|r| r.action == "read" && r.object == "dossier"));
}

/// A date as the pages write it: "3 maart 2026".
fn regie_web_date(d: NaiveDate) -> String {
    use chrono::Datelike;
    let months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"];
    format!("{} {} {}", d.day(), months[d.month0() as usize], d.year())
}

#[tokio::test]
async fn moving_to_the_next_phase_shows_on_the_timeline_and_a_stale_form_is_refused() {
    for (engine, store, _guard) in engines().await {
        seed_org(&store).await;
        let (id, tid, _) = client(&store, "begeleider@test.nl", "Ayla", "Yilmaz", "8fasen", 40).await;
        let app = app_as(&store, "begeleider@test.nl").await;
        let (_, page) = get(&app, &format!("/clienten/{id}")).await;
        assert_eq!(current_phase(&page), "Aanmelding", "{engine}");
        assert!(page.contains("De fase Aanmelding duurt 26 dagen langer dan de gebruikelijke 14 dagen."), "{engine}: overrun warning");
        let form = between(&page, "<form id=\"phase-next\"", "</form>");
        let version = between(&form, "name=\"version\" value=\"", "\"");
        assert!(form.contains("Naar volgende fase: Intake"), "{engine}");

        let path = format!("/clienten/{id}/traject/{tid}/volgende-fase");
        let (status, location, _) = post(&app, &path, &[("version", &version)]).await;
        assert_eq!((status, location.as_str()), (303, format!("/clienten/{id}#traject").as_str()), "{engine}");
        let (_, page) = get(&app, &format!("/clienten/{id}")).await;
        assert_eq!(current_phase(&page), "Intake", "{engine}");
        assert!(page.contains("Sanne de Vries"), "{engine}: who moved it");

        // The same (now stale) form again: refused, the trajectory stays in Intake.
        let (status, _, body) = post(&app, &path, &[("version", &version)]).await;
        assert_eq!(status, 409, "{engine}");
        assert!(body.contains("intussen gewijzigd"), "{engine}: {body}");
        let (_, page) = get(&app, &format!("/clienten/{id}")).await;
        assert_eq!(current_phase(&page), "Intake", "{engine}");

        // With htmx the section comes back in place.
        let version = between(&between(&page, "<form id=\"phase-next\"", "</form>"), "name=\"version\" value=\"", "\"");
        let csrf = app.csrf().await;
        let res = app.http.post(app.url(&path)).header("HX-Request", "true").header("X-CSRF-Token", csrf).form(&[("version", version.as_str())]).send().await.unwrap();
        assert_eq!(res.status(), 200, "{engine}");
        let fragment = res.text().await.unwrap();
        assert!(fragment.starts_with("<section id=\"traject\"") && !fragment.contains("<html"), "{engine}: a fragment");
        assert_eq!(current_phase(&fragment), "Opstart", "{engine}");
        // A stale htmx edit gets the section as it now stands, with a message (htmx swaps 2xx only).
        let csrf = app.csrf().await;
        let res = app.http.post(app.url(&path)).header("HX-Request", "true").header("X-CSRF-Token", csrf).form(&[("version", version.as_str())]).send().await.unwrap();
        assert_eq!(res.status(), 200, "{engine}");
        let fragment = res.text().await.unwrap();
        assert!(fragment.contains("Iemand anders heeft het traject intussen gewijzigd."), "{engine}: {fragment}");
        assert_eq!(current_phase(&fragment), "Opstart", "{engine}: the stale edit moved nothing");
    }
}

#[tokio::test]
async fn the_last_phase_offers_to_close_the_trajectory() {
    let (store, _dir) = crate::harness::sqlite_store().await;
    seed_org(&store).await;
    let (id, tid, scope) = client(&store, "begeleider@test.nl", "Ayla", "Yilmaz", "competentiegericht", 10).await;
    for _ in 0..2 {
        let version = store.trajectory(&scope, tid).await.unwrap().version;
        store.advance_phase(&scope, tid, version, today()).await.unwrap();
    }
    let app = app_as(&store, "begeleider@test.nl").await;
    let (_, page) = get(&app, &format!("/clienten/{id}")).await;
    assert_eq!(current_phase(&page), "Eind");
    let form = between(&page, "<form id=\"phase-next\"", "</form>");
    assert!(form.contains("Traject afsluiten") && form.contains("Het traject wordt afgesloten"), "{form}");
    let version = between(&form, "name=\"version\" value=\"", "\"");
    let (status, _, _) = post(&app, &format!("/clienten/{id}/traject/{tid}/volgende-fase"), &[("version", &version), ("exit_destination", "zelfstandig_wonen")]).await;
    assert_eq!(status, 303);
    let (_, page) = get(&app, &format!("/clienten/{id}")).await;
    assert!(page.contains("Afgesloten") && page.contains("id=\"trajectory-start\""), "closed, and a new one can start");
    assert!(!page.contains("id=\"phase-next\""));
}

#[tokio::test]
async fn a_journal_entry_appears_on_the_dossier_and_a_wrong_one_gets_messages() {
    for (engine, store, _guard) in engines().await {
        seed_org(&store).await;
        let (id, _, _) = client(&store, "begeleider@test.nl", "Ayla", "Yilmaz", "krachtwerk", 2).await;
        let app = app_as(&store, "begeleider@test.nl").await;
        let path = format!("/clienten/{id}/journaal");
        let today_s = day(today());
        let entry = [
            ("contact_type", "huisbezoek"),
            ("contact_date", today_s.as_str()),
            ("duration_minutes", "90"),
            ("text", "Samen de brieven van de gemeente gelezen."),
            ("client_visible_shown", "1"),
            ("client_visible", "ja"),
        ];
        let (status, location, _) = post(&app, &path, &entry).await;
        assert_eq!((status, location), (303, format!("/clienten/{id}#journaal")), "{engine}");
        let (_, page) = get(&app, &format!("/clienten/{id}")).await;
        let journal = between(&page, "<section id=\"journaal\"", "</section>");
        assert!(journal.contains("Samen de brieven van de gemeente gelezen."), "{engine}");
        assert!(journal.contains("Huisbezoek") && journal.contains("90 min.") && journal.contains("Sanne de Vries"), "{engine}");
        assert!(journal.contains("zichtbaar voor cliënt"), "{engine}");

        let private = [("contact_type", "telefonisch"), ("contact_date", today_s.as_str()), ("duration_minutes", "10"), ("text", "Kort gebeld."), ("client_visible_shown", "1")];
        post(&app, &path, &private).await;
        let (_, page) = get(&app, &format!("/clienten/{id}")).await;
        assert!(page.contains("niet zichtbaar voor cliënt"), "{engine}: an unticked box is kept");

        let wrong = [("contact_type", "huisbezoek"), ("contact_date", today_s.as_str()), ("duration_minutes", "0"), ("text", " "), ("client_visible_shown", "1")];
        let (status, _, body) = post(&app, &path, &wrong).await;
        assert_eq!(status, 422, "{engine}");
        assert!(body.contains("Vul dit veld in.") && body.contains("Geef een heel getal van 1 tot en met 1440."), "{engine}");
        let (_, page) = get(&app, &format!("/clienten/{id}/journaal")).await;
        assert!(page.contains("Aantal berichten: 2"), "{engine}: the refused entry was not saved");
    }
}

#[tokio::test]
async fn a_recorded_evaluation_shows_its_verdicts_and_decisions() {
    for (engine, store, _guard) in engines().await {
        seed_org(&store).await;
        let (id, tid, scope) = client(&store, "begeleider@test.nl", "Ayla", "Yilmaz", "thuisbegeleiding", 30).await;
        let goal = store.add_goal(&scope, tid, &GoalInput { domain: "zrm_financien".into(), text: "Mijn schulden op een rij".into(), ..Default::default() }).await.unwrap();
        let app = app_as(&store, "begeleider@test.nl").await;
        let (status, form) = get(&app, &format!("/clienten/{id}/evaluaties/nieuw")).await;
        assert_eq!(status, 200, "{engine}");
        assert!(form.contains("id=\"evaluation-add\"") && form.contains("Mijn schulden op een rij"), "{engine}");

        let g = goal.id.to_string();
        let (verdict, decision, note) = (format!("verdict_{g}"), format!("decision_{g}"), format!("note_{g}"));
        let today_s = day(today());
        let tid_s = tid.to_string();
        let mut fields = vec![("trajectory_id", tid_s.as_str()), ("held_on", today_s.as_str()), ("participants", "Ayla, haar zus, Sanne"), ("notes", "Goed gesprek."), ("goal_id", g.as_str())];
        fields.push((verdict.as_str(), ""));
        fields.push((decision.as_str(), "bijstellen"));
        fields.push((note.as_str(), "Eerst de post ordenen."));
        let (status, _, body) = post(&app, &format!("/clienten/{id}/evaluaties"), &fields).await;
        assert_eq!(status, 422, "{engine}: a goal without a verdict");
        assert!(body.contains("Kies een oordeel.") && body.contains("Ayla, haar zus, Sanne"), "{engine}");

        fields[5] = (verdict.as_str(), "deels");
        let (status, location, _) = post(&app, &format!("/clienten/{id}/evaluaties"), &fields).await;
        assert_eq!((status, location), (303, format!("/clienten/{id}#evaluaties")), "{engine}");
        let (_, page) = get(&app, &format!("/clienten/{id}")).await;
        let section = between(&page, "<section id=\"evaluaties\"", "</section>");
        assert!(section.contains("Ayla, haar zus, Sanne") && section.contains("Mijn schulden op een rij"), "{engine}");
        assert!(section.contains("Deels behaald") && section.contains("Bijstellen") && section.contains("Eerst de post ordenen."), "{engine}");
    }
}

#[tokio::test]
async fn household_and_care_team_are_added_from_the_dossier() {
    let (store, _dir) = crate::harness::sqlite_store().await;
    let org = seed_org(&store).await;
    let (id, _, _) = client(&store, "begeleider@test.nl", "Ayla", "Yilmaz", "8fasen", 2).await;
    let app = app_as(&store, "begeleider@test.nl").await;
    let (status, _, _) = post(&app, &format!("/clienten/{id}/huishouden"), &[("name", "Sem Yilmaz"), ("relation", "zoon"), ("birth_year", "2012")]).await;
    assert_eq!(status, 303);
    let (status, _, body) = post(&app, &format!("/clienten/{id}/huishouden"), &[("name", ""), ("relation", "dochter"), ("birth_year", "")]).await;
    assert_eq!(status, 422);
    assert!(body.contains("Vul dit veld in.") && body.contains("value=\"dochter\""), "message and input kept");
    let (status, _, _) = post(&app, &format!("/clienten/{id}/zorgteam"), &[("user_id", &org.colleague.to_string())]).await;
    assert_eq!(status, 303);
    let (_, page) = get(&app, &format!("/clienten/{id}")).await;
    assert!(between(&page, "<section id=\"huishouden\"", "</section>").contains("Sem Yilmaz"));
    assert!(between(&page, "<section id=\"zorgteam\"", "</section>").contains("Joris Bakker"));
    // The colleague now holds the client too.
    let colleague = app_as(&store, "collega@test.nl").await;
    let (_, caseload) = get(&colleague, "/clienten").await;
    assert!(caseload.contains("Yilmaz"));
}

#[tokio::test]
async fn functioneel_beheer_adds_a_phase_model_that_others_can_use_but_not_add() {
    let (store, _dir) = crate::harness::sqlite_store().await;
    seed_org(&store).await;
    let admin = app_as(&store, "beheer@test.nl").await;
    let (status, _) = get(&admin, "/fasemodellen/nieuw").await;
    assert_eq!(status, 200);
    let wrong = [("name", "Herstelroute"), ("evaluation_interval_days", "91"), ("domain_set", "zrm2017"), ("phases", "Kennismaken | 30\nAan de slag | veel")];
    let (status, _, body) = post(&admin, "/fasemodellen/nieuw", &wrong).await;
    assert_eq!(status, 422);
    assert!(body.contains("Regel 2: schrijf na de | een aantal dagen, bijvoorbeeld 30."), "{body}");
    assert!(body.contains("Kennismaken | 30"), "the phases typed are kept");
    assert!(!get(&admin, "/fasemodellen").await.1.contains("Herstelroute"), "refused whole");

    let good = [
        ("name", "Herstelroute"),
        ("description", "Onze eigen route naar herstel."),
        ("max_days", "365"),
        ("max_focus_domains", "2"),
        ("evaluation_interval_days", "60"),
        ("domain_set", "zrm2017"),
        ("phases", "Kennismaken | 30\nAan de slag | 180\n\nAfronden"),
    ];
    let (status, location, _) = post(&admin, "/fasemodellen/nieuw", &good).await;
    assert_eq!((status, location.as_str()), (303, "/fasemodellen"));
    let (_, list) = get(&admin, "/fasemodellen").await;
    assert!(list.contains("Herstelroute") && list.contains("Aan de slag") && list.contains("meestal 180 dagen"));
    assert!(list.contains("Hoogstens 2 focusdomeinen") && list.contains("Duurt hoogstens 365 dagen") && list.contains("Evaluatie elke 60 dagen"));
    assert!(list.contains("Critical Time Intervention") && list.contains("Werkt in rondes"), "built-in models and their rules");

    let worker = app_as(&store, "begeleider@test.nl").await;
    let (_, form) = get(&worker, "/clienten/nieuw").await;
    assert!(between(&form, "name=\"model_id\"", "</select>").contains("Herstelroute"), "the new model is offered as method");
    let (status, _) = get(&worker, "/fasemodellen/nieuw").await;
    assert_eq!(status, 403);
    let (status, _, _) = post(&worker, "/fasemodellen/nieuw", &[("name", "Stiekem"), ("evaluation_interval_days", "91"), ("domain_set", "zrm2017"), ("phases", "Een")]).await;
    assert_eq!(status, 403);
    assert!(!get(&worker, "/fasemodellen").await.1.contains("Stiekem"));
}

/// Queries the store runs for one GET.
async fn cost(app: &TestApp, path: &str) -> u64 {
    let before = app.store.query_count();
    let (status, _) = get(app, path).await;
    assert_eq!(status, 200, "{path}");
    app.store.query_count() - before
}

#[tokio::test]
async fn the_caseload_and_the_dossier_cost_the_same_queries_small_and_large() {
    for (engine, store, _guard) in engines().await {
        seed_org(&store).await;
        let app = app_as(&store, "begeleider@test.nl").await;
        let mut clients = Vec::new();
        for i in 0..3 {
            clients.push(client(&store, "begeleider@test.nl", "Klant", &format!("Nummer {i}"), "8fasen", 20).await);
        }
        let small_caseload = cost(&app, "/clienten").await;
        for i in 3..40 {
            clients.push(client(&store, "begeleider@test.nl", "Klant", &format!("Nummer {i}"), "cti", 20).await);
        }
        let large_caseload = cost(&app, "/clienten").await;
        assert_eq!(small_caseload, large_caseload, "{engine}: caseload with 3 and with 40 clients");

        let (small_id, small_tid, small) = &clients[0];
        let g = store.add_goal(small, *small_tid, &GoalInput { domain: "f8_wonen".into(), text: "Doel".into(), ..Default::default() }).await.unwrap();
        store.add_action(small, g.id, &ActionInput { text: "Actie".into(), owner_kind: "client".into(), ..Default::default() }).await.unwrap();
        let (large_id, large_tid, large) = &clients[1];
        for n in 0..8 {
            let g = store.add_goal(large, *large_tid, &GoalInput { domain: "f8_financien".into(), text: format!("Doel {n}"), ..Default::default() }).await.unwrap();
            for a in 0..4 {
                let input = ActionInput { text: format!("Actie {n}.{a}"), owner_kind: "client".into(), due_date: Some(day(today() - Duration::days(1))), ..Default::default() };
                store.add_action(large, g.id, &input).await.unwrap();
            }
        }
        for n in 0..45 {
            let input = JournalInput {
                contact_type: "gesprek".into(),
                contact_date: day(today() - Duration::days(n % 20)),
                duration_minutes: "30".into(),
                text: format!("Gesprek {n}"),
                client_visible: Some(n % 2 == 0),
                goal_ids: vec![],
            };
            store.add_journal_entry(large, &input, today()).await.unwrap();
        }
        let small_dossier = cost(&app, &format!("/clienten/{small_id}")).await;
        let large_dossier = cost(&app, &format!("/clienten/{large_id}")).await;
        assert_eq!(small_dossier, large_dossier, "{engine}: dossier with a short and a long record");
        let (_, page) = get(&app, &format!("/clienten/{large_id}/journaal?pagina=2")).await;
        assert!(page.contains("Gesprek"), "{engine}: older journal page");
    }
}

#[test]
fn every_text_the_staff_pages_use_is_in_the_translation_table() {
    let web = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../web");
    let mut sources = Vec::new();
    for dir in ["templates/caseload", "templates/dossier", "templates/models", "src/pages/dossier"] {
        for entry in std::fs::read_dir(web.join(dir)).unwrap() {
            sources.push(entry.unwrap().path());
        }
    }
    for file in ["src/pages/caseload.rs", "src/pages/dossier.rs", "src/pages/models.rs", "src/pages/form.rs"] {
        sources.push(web.join(file));
    }
    let mut keys = Vec::new();
    for path in &sources {
        let text = std::fs::read_to_string(path).unwrap();
        for marker in ["l.t(\"", "tr.t(\""] {
            let mut rest = text.as_str();
            while let Some(i) = rest.find(marker) {
                rest = &rest[i + marker.len()..];
                keys.push(rest[..rest.find('"').unwrap()].to_string());
            }
        }
    }
    assert!(keys.len() > 100, "the scan found the keys ({})", keys.len());
    // Keys built from codes and numbers.
    keys.extend((1..=12).map(|m| format!("month.{m}")));
    keys.extend(["unit.day", "unit.days", "signal.text.action_overdue", "signal.text.actions_overdue", "domain_set.zrm2017", "domain_set.8fasen"].map(String::from));
    for (vocab, codes) in [
        ("contact_type", regie_domain::catalogue::ContactType::CODES),
        ("verdict", regie_domain::catalogue::Verdict::CODES),
        ("decision", regie_domain::catalogue::Decision::CODES),
        ("trajectory_status", regie_domain::catalogue::TrajectoryStatus::CODES),
    ] {
        keys.extend(codes.iter().map(|c| format!("{vocab}.{c}")));
    }
    let missing: Vec<_> = keys.iter().filter(|k| !regie_web::has_key(k)).collect();
    assert!(missing.is_empty(), "texts without a translation: {missing:?}");
}

/// POST with htmx headers; answers status and body.
async fn post_htmx(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> (u16, String) {
    let csrf = app.csrf().await;
    post_htmx_with(app, &csrf, path, fields).await
}

async fn post_htmx_with(app: &TestApp, csrf: &str, path: &str, fields: &[(&str, &str)]) -> (u16, String) {
    let res = app.http.post(app.url(path)).header("HX-Request", "true").header("X-CSRF-Token", csrf).form(fields).send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

/// The details form's hidden version on the dossier.
async fn details_version(app: &TestApp, id: i64) -> String {
    let page = get(app, &format!("/clienten/{id}")).await.1;
    between(&between(&page, "<form id=\"details-edit\"", "</form>"), "name=\"version\" value=\"", "\"")
}

#[tokio::test]
async fn personal_details_are_changed_from_the_dossier_and_a_stale_form_shows_the_other_edit() {
    for (engine, store, _guard) in engines().await {
        seed_org(&store).await;
        let (id, _, _) = client(&store, "begeleider@test.nl", "Ayla", "Yilmaz", "8fasen", 2).await;
        let app = app_as(&store, "begeleider@test.nl").await;
        let lead = app_as(&store, "teamleider@test.nl").await;
        let path = format!("/clienten/{id}/gegevens");
        let (_, page) = get(&app, &format!("/clienten/{id}")).await;
        let form = between(&page, "<form id=\"details-edit\"", "</form>");
        assert!(form.contains("value=\"Yilmaz\"") && form.contains("value=\"1988-02-11\""), "{engine}: the form holds the details");
        let version = details_version(&app, id).await;

        // The teamleider saves first from the same version.
        let edit = |last: &'static str, city: &'static str, version: String| {
            vec![("version", version), ("first_name", "Ayla".to_string()), ("last_name", last.to_string()), ("birth_date", "1988-02-11".to_string()), ("city", city.to_string())]
        };
        let theirs = edit("Yilmaz-Demir", "Deventer", version.clone());
        let theirs: Vec<(&str, &str)> = theirs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, location, _) = post(&lead, &path, &theirs).await;
        assert_eq!((status, location), (303, format!("/clienten/{id}#gegevens")), "{engine}");

        // The worker's form is now stale: 409, the teamleider's edit in view, the typed values kept.
        let mine = edit("Yilmaz", "Zwolle", version);
        let mine: Vec<(&str, &str)> = mine.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, _, body) = post(&app, &path, &mine).await;
        assert_eq!(status, 409, "{engine}");
        let details = between(&body, "<section id=\"gegevens\"", "</section>");
        assert!(details.contains("Deventer") && body.contains("<h1 id=\"client-naam\">Ayla Yilmaz-Demir</h1>"), "{engine}: the other edit is shown");
        assert!(details.contains("intussen gewijzigd") && details.contains("value=\"Zwolle\""), "{engine}: message, and what I typed is kept");
        let (_, page) = get(&app, &format!("/clienten/{id}")).await;
        assert!(page.contains("Ayla Yilmaz-Demir") && !page.contains("Zwolle"), "{engine}: nothing overwritten");

        // A wrong birth date: 422 with the message, nothing changed.
        let fresh = details_version(&app, id).await;
        let wrong = [("version", fresh.as_str()), ("first_name", "Ayla"), ("last_name", "Demir"), ("birth_date", "31-02-1988"), ("city", "Zwolle")];
        let (status, _, body) = post(&app, &path, &wrong).await;
        assert_eq!(status, 422, "{engine}");
        assert!(between(&body, "<section id=\"gegevens\"", "</section>").contains("Geef een geldige datum (JJJJ-MM-DD)."), "{engine}");
        let (_, page) = get(&app, &format!("/clienten/{id}")).await;
        assert!(page.contains("Ayla Yilmaz-Demir") && !page.contains("Zwolle"), "{engine}: the refused edit changed nothing");

        // Right, with htmx: the section comes back in place with the new details, and the name
        // in the heading follows out of band.
        let right = [("version", fresh.as_str()), ("first_name", "Ayla"), ("last_name", "Demir"), ("birth_date", "1988-02-12"), ("phone", "06-11112222"), ("city", "Zwolle")];
        let (status, body) = post_htmx(&app, &path, &right).await;
        assert_eq!(status, 200, "{engine}");
        assert!(body.starts_with("<section id=\"gegevens\"") && body.contains("06-11112222") && body.contains("12 februari 1988"), "{engine}: {body}");
        assert!(body.contains("<h1 id=\"client-naam\" hx-swap-oob=\"true\">Ayla Demir</h1>"), "{engine}");
        let d = store.dossier(&store.open_client(&actor(&store, "begeleider@test.nl").await, id, AuditAction::Read, "test").await.unwrap(), today()).await.unwrap();
        assert_eq!((d.client.last_name.as_str(), d.client.city.as_deref(), d.client.version), ("Demir", Some("Zwolle"), 3), "{engine}");
    }
}

#[tokio::test]
async fn a_household_member_is_removed_from_the_dossier_but_not_through_another_client() {
    for (engine, store, _guard) in engines().await {
        seed_org(&store).await;
        let (id, _, scope) = client(&store, "begeleider@test.nl", "Ayla", "Yilmaz", "8fasen", 2).await;
        let (other, _, other_scope) = client(&store, "begeleider@test.nl", "Bram", "de Wit", "8fasen", 2).await;
        let sem = store.add_household_member(&scope, "Sem Yilmaz", "zoon", Some("2012")).await.unwrap();
        store.add_household_member(&scope, "Lina Yilmaz", "dochter", None).await.unwrap();
        let bram_son = store.add_household_member(&other_scope, "Tijn de Wit", "zoon", None).await.unwrap();
        let app = app_as(&store, "begeleider@test.nl").await;
        let (_, page) = get(&app, &format!("/clienten/{id}")).await;
        assert!(page.contains(&format!("action=\"/clienten/{id}/huishouden/{}/verwijderen\"", sem.id)), "{engine}: a remove button per member");

        let (status, location, _) = post(&app, &format!("/clienten/{id}/huishouden/{}/verwijderen", sem.id), &[]).await;
        assert_eq!((status, location), (303, format!("/clienten/{id}#huishouden")), "{engine}");
        let household = between(&get(&app, &format!("/clienten/{id}")).await.1, "<section id=\"huishouden\"", "</section>");
        assert!(!household.contains("Sem Yilmaz") && household.contains("Lina Yilmaz"), "{engine}");

        // Bram's son through Ayla's dossier: not found, and he stays.
        let (status, _, _) = post(&app, &format!("/clienten/{id}/huishouden/{}/verwijderen", bram_son.id), &[]).await;
        assert_eq!(status, 404, "{engine}");
        assert!(get(&app, &format!("/clienten/{other}")).await.1.contains("Tijn de Wit"), "{engine}");
        // And a worker without a care relation cannot remove anything.
        let outsider = app_as(&store, "ander@test.nl").await;
        let (status, _, _) = post(&outsider, &format!("/clienten/{other}/huishouden/{}/verwijderen", bram_son.id), &[]).await;
        assert_eq!(status, 403, "{engine}");
        assert!(get(&app, &format!("/clienten/{other}")).await.1.contains("Tijn de Wit"), "{engine}");
    }
}

#[tokio::test]
async fn journal_and_plan_answers_refresh_the_signals_and_the_goal_boxes_in_place() {
    for (engine, store, _guard) in engines().await {
        seed_org(&store).await;
        let (id, tid, _) = client(&store, "begeleider@test.nl", "Ayla", "Yilmaz", "8fasen", 3).await;
        let app = app_as(&store, "begeleider@test.nl").await;
        let (_, page) = get(&app, &format!("/clienten/{id}")).await;
        assert!(between(&page, "<p id=\"signalen\"", "</p>").contains("Nog geen contact in het journaal"), "{engine}");

        // A goal added in place also comes as a tick box for the journal form.
        let (status, body) = post_htmx(&app, &format!("/clienten/{id}/plan/doelen"), &[("trajectory_id", &tid.to_string()), ("domain", "f8_wonen"), ("text", "Een eigen kamer"), ("priority", "1")]).await;
        assert_eq!(status, 200, "{engine}");
        let boxes = between(&body, "<div id=\"journal-goals\" hx-swap-oob=\"true\">", "</div>");
        assert!(boxes.contains("name=\"goal_ids\"") && boxes.contains("Een eigen kamer"), "{engine}: {boxes}");
        let goal_id = between(&boxes, "name=\"goal_ids\" value=\"", "\"");

        // A journal entry written in place: the signals come along, without "no contact".
        let today_s = day(today());
        let entry = [("contact_type", "gesprek"), ("contact_date", today_s.as_str()), ("duration_minutes", "45"), ("text", "Kennismaking."), ("client_visible_shown", "1"), ("goal_ids", goal_id.as_str())];
        let csrf = app.csrf().await;
        let before = app.store.query_count();
        let (status, body) = post_htmx_with(&app, &csrf, &format!("/clienten/{id}/journaal"), &entry).await;
        let spent = app.store.query_count() - before;
        assert_eq!(status, 200, "{engine}");
        assert!(body.starts_with("<section id=\"journaal\"") && body.contains("Kennismaking."), "{engine}");
        let signals = between(&body, "<p id=\"signalen\" class=\"signals\" hx-swap-oob=\"true\">", "</p>");
        assert!(!signals.contains("contact"), "{engine}: the no-contact signal is gone: {signals}");
        assert!(body.contains("Een eigen kamer"), "{engine}: the entry is linked to the new goal");

        // As many queries with a long journal.
        for n in 0..30 {
            let text = format!("Gesprek {n}");
            post_htmx_with(&app, &csrf, &format!("/clienten/{id}/journaal"), &[("contact_type", "gesprek"), ("contact_date", today_s.as_str()), ("duration_minutes", "30"), ("text", text.as_str())]).await;
        }
        let before = app.store.query_count();
        post_htmx_with(&app, &csrf, &format!("/clienten/{id}/journaal"), &entry).await;
        let later = app.store.query_count() - before;
        assert_eq!(spent, later, "{engine}: the in-place journal answer costs the same with 2 and with 32 entries");
    }
}
