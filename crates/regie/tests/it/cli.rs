//! The `regie` binary (run as a real process) and the demo organisation (on both engines).

use crate::harness::{engines, sqlite_store};
use regie_domain::catalogue::AuditAction;
use regie_store::{Actor, CaseloadQuery, CaseloadView, NewUser, Store};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};

const DEMO_PASSWORD: &str = "regie-demo";

fn actor(store_user: regie_domain::record::User) -> Actor {
    Actor { user: store_user, on_behalf_of: None, source: "test".into(), user_agent: "cli-test".into() }
}

async fn actor_for(store: &Store, email: &str) -> Actor {
    actor(store.user_by_email(email).await.unwrap().unwrap_or_else(|| panic!("{email} should exist")))
}

fn query(view: CaseloadView) -> CaseloadQuery {
    CaseloadQuery { view, search: None, limit: 200, offset: 0 }
}

#[tokio::test]
async fn demo_organisation_has_the_promised_people_and_spread_on_both_engines() {
    let today = regie_store::today();
    for (engine, store, _guard) in engines().await {
        let summary = store.generate_demo(60, today).await.unwrap();
        assert_eq!(summary.clients, 60, "{engine}");

        // begeleider@: a trajectbegeleider with 10–25 clients in their care relation.
        let worker = actor_for(&store, "begeleider@demo.regie.nl").await;
        assert_eq!(worker.user.role, "trajectbegeleider", "{engine}");
        let mine = store.caseload(&worker, &query(CaseloadView::Mine), today).await.unwrap();
        assert!((10..=25).contains(&mine.total), "{engine}: begeleider holds {} clients", mine.total);
        assert!(mine.items.iter().any(|r| !r.signals.is_empty()), "{engine}: a realistic caseload has something to notice");
        assert!(store.authenticate("begeleider@demo.regie.nl", DEMO_PASSWORD).await.unwrap().is_some(), "{engine}: demo password");

        // teamleider@ leads the begeleider's team; beheer@ is functioneel beheer.
        let lead = actor_for(&store, "teamleider@demo.regie.nl").await;
        assert_eq!(lead.user.role, "teamleider", "{engine}");
        assert_eq!(lead.user.team_id, worker.user.team_id, "{engine}: teamleider of the begeleider's team");
        let team = store.caseload(&lead, &query(CaseloadView::Visible), today).await.unwrap();
        assert!(team.total > mine.total, "{engine}: the team holds more than one caseload");
        let admin = store.user_by_email("beheer@demo.regie.nl").await.unwrap().expect("beheer@ exists");
        assert!(admin.admin, "{engine}: beheer@ administers");
        assert!(store.authenticate("beheer@demo.regie.nl", DEMO_PASSWORD).await.unwrap().is_some());

        // Every phase of every built-in model holds trajectories; some are closed.
        let occupancy = store.phase_occupancy().await.unwrap();
        for model in regie_domain::phase::builtin_models() {
            for phase in &model.phases {
                assert!(
                    occupancy.iter().any(|(m, p, s, n)| *m == model.code && *p == phase.position && s == "actief" && *n > 0),
                    "{engine}: nobody in {} / {}",
                    model.name,
                    phase.name
                );
            }
        }
        assert!(occupancy.iter().any(|(_, _, s, _)| s == "afgesloten"), "{engine}: some trajectories are closed");

        // The plan history of demo data replays to exactly the plan as it stands, for every
        // client of the caseload (so history pages work on demo data).
        let mut with_history = 0;
        for row in &mine.items {
            let Some(tid) = row.trajectory_id else { continue };
            let scope = store.open_client(&worker, row.client_id, AuditAction::Read, "test").await.unwrap();
            let history = store.plan_history(&scope, tid).await.unwrap();
            let now = store.plan(&scope, tid).await.unwrap();
            let far = chrono::Utc::now() + chrono::Duration::days(3650);
            assert_eq!(regie_domain::plan::replay(&history, far), now, "{engine}: history of client {} replays to its plan", row.client_id);
            if !history.is_empty() {
                with_history += 1;
            }
            let dossier = store.dossier(&scope, today).await.unwrap();
            assert!(!dossier.phase_steps.is_empty(), "{engine}: phase timeline");
            assert_eq!(dossier.phase_steps.last().map(|s| s.entered_on), dossier.trajectory.as_ref().map(|t| t.phase_entered_on));
        }
        assert!(with_history >= 5, "{engine}: most demo plans have a history ({with_history})");

        // Ids written by the generator do not collide with ids handed out afterwards
        // (PostgreSQL identity sequences were moved past them).
        let hash = regie_store::hash_password("nog-een-account");
        let new = NewUser { email: "nieuw@demo.regie.nl".into(), name: "Nieuwe Collega".into(), role: "trajectbegeleider".into(), team_id: worker.user.team_id, password_hash: hash };
        store.create_user(&new).await.unwrap_or_else(|e| panic!("{engine}: a user after the demo: {e:?}"));

        // Never twice into the same database.
        assert!(store.generate_demo(60, today).await.is_err(), "{engine}: refuses a non-empty database");
    }
}

/// The signal kinds a trajectbegeleider should meet on the demo caseload.
const SIGNAL_KINDS: &[&str] = &["evaluation_due", "evaluation_overdue", "actions_overdue", "no_contact", "phase_overrun", "cap_exceeded"];

#[tokio::test]
async fn demo_caseload_of_the_begeleider_shows_every_signal_while_most_clients_are_calm() {
    let today = regie_store::today();
    for (engine, store, _guard) in engines().await {
        store.generate_demo(60, today).await.unwrap();
        let worker = actor_for(&store, "begeleider@demo.regie.nl").await;
        let mine = store.caseload(&worker, &query(CaseloadView::Mine), today).await.unwrap();
        assert!((15..=20).contains(&mine.total), "{engine}: begeleider holds {} clients", mine.total);
        for row in &mine.items {
            let codes: Vec<&str> = row.signals.iter().map(|s| s.code()).collect();
            eprintln!("{engine}: {:<28} {:<40} {:<28} {codes:?}", row.name, row.model_name.clone().unwrap_or_default(), row.phase_name.clone().unwrap_or_default());
        }
        let models: std::collections::HashSet<_> = mine.items.iter().filter_map(|r| r.model_name.clone()).collect();
        assert!(models.len() >= 4, "{engine}: clients in {} models", models.len());
        for kind in SIGNAL_KINDS {
            assert!(mine.items.iter().any(|r| r.signals.iter().any(|s| s.code() == *kind)), "{engine}: nobody shows {kind}");
        }
        let calm = mine.items.iter().filter(|r| r.signals.is_empty()).count();
        assert!(calm * 2 >= mine.items.len(), "{engine}: {calm} of {} clients are calm", mine.items.len());
        // The rest of the organisation is not scripted, but shows a mix too.
        let mut others = Vec::new();
        for lead in ["teamleider@demo.regie.nl", "teamleider2@demo.regie.nl", "teamleider3@demo.regie.nl"] {
            let lead = actor_for(&store, lead).await;
            let team = store.caseload(&lead, &query(CaseloadView::Visible), today).await.unwrap();
            others.extend(team.items.into_iter().filter(|r| r.trajectory_id.is_some() && !mine.items.iter().any(|m| m.client_id == r.client_id)));
        }
        let quiet = others.iter().filter(|r| r.signals.is_empty()).count();
        assert!(quiet * 3 >= others.len() && quiet < others.len(), "{engine}: {quiet} of {} other active clients are calm", others.len());

        // Content: no goal lists the same action twice, and a client's journal does not repeat
        // itself (beyond the opening words that name the kind of contact).
        for row in &mine.items {
            let scope = store.open_client(&worker, row.client_id, AuditAction::Read, "test").await.unwrap();
            if let Some(tid) = row.trajectory_id {
                for goal in store.plan(&scope, tid).await.unwrap().goals {
                    let mut texts: Vec<&str> = goal.actions.iter().map(|a| a.text.as_str()).collect();
                    texts.sort();
                    let n = texts.len();
                    texts.dedup();
                    assert_eq!(texts.len(), n, "{engine}: goal {:?} repeats an action", goal.text);
                }
            }
            let journal = store.journal(&scope, 200, 0).await.unwrap();
            let mut seen = std::collections::HashSet::new();
            for entry in &journal.items {
                // The first sentence says what kind of contact it was; what follows is content.
                let content = entry.text.split_once(". ").map_or("", |(_, rest)| rest);
                for sentence in content.split_inclusive('.').map(str::trim).filter(|s| s.split_whitespace().count() >= 4) {
                    assert!(seen.insert(sentence.to_string()), "{engine}: the journal of {} repeats {sentence:?}", row.name);
                }
            }
        }
    }
}

#[tokio::test]
async fn demo_is_deterministic_for_the_same_number_of_clients() {
    let today = regie_store::today();
    let mut names = Vec::new();
    for _ in 0..2 {
        let (store, _dir) = sqlite_store().await;
        store.generate_demo(60, today).await.unwrap();
        let mut all = Vec::new();
        for lead in ["teamleider@demo.regie.nl", "teamleider2@demo.regie.nl", "teamleider3@demo.regie.nl"] {
            let a = actor_for(&store, lead).await;
            let page = store.caseload(&a, &query(CaseloadView::Visible), today).await.unwrap();
            all.extend(page.items.into_iter().map(|r| (r.name, r.model_name, r.phase_name)));
        }
        assert_eq!(all.len(), 60, "three teams hold all 60 clients");
        names.push(all);
    }
    assert_eq!(names[0], names[1]);
    let (other, _dir) = sqlite_store().await;
    other.generate_demo(61, today).await.unwrap();
    let a = actor_for(&other, "teamleider@demo.regie.nl").await;
    let page = other.caseload(&a, &query(CaseloadView::Visible), today).await.unwrap();
    let first: Vec<_> = page.items.into_iter().map(|r| (r.name, r.model_name, r.phase_name)).collect();
    assert_ne!(first, names[0][..first.len()].to_vec(), "another N gives another organisation");
}

/// The binary, with no `REGIE_*` or `RUST_LOG` from the test's own environment.
fn regie() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_regie"));
    for (k, _) in std::env::vars() {
        if k.starts_with("REGIE_") || k == "RUST_LOG" {
            c.env_remove(k);
        }
    }
    c.stdin(Stdio::null());
    c
}

fn run(c: &mut Command) -> (Output, String, String) {
    let out = c.output().expect("run regie");
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    (out, stdout, stderr)
}

fn sqlite_url(dir: &Path) -> String {
    format!("sqlite://{}", dir.join("regie.db").display())
}

#[tokio::test]
async fn help_explains_every_command() {
    let (out, stdout, _) = run(regie().arg("--help"));
    assert!(out.status.success());
    for word in ["demo", "serve", "migrate", "user", "REGIE_DATA", "REGIE_DATABASE", "--config", "regie-demo"] {
        assert!(stdout.contains(word), "help should mention {word}:\n{stdout}");
    }
    let (out, stdout, _) = run(regie().args(["user", "add", "--help"]));
    assert!(out.status.success());
    assert!(stdout.contains("REGIE_PASSWORD"), "{stdout}");
}

#[tokio::test]
async fn migrate_then_add_a_user_and_reset_the_password() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (out, stdout, stderr) = run(regie().args(["migrate", "--data"]).arg(&data));
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(data.join("regie.db").exists(), "migrate creates the database");

    let add = |email: &str| {
        let mut c = regie();
        c.args(["user", "add", "--email", email, "--name", "Anouk Bakker", "--role", "trajectbegeleider"])
            .env("REGIE_DATA", &data)
            .env("REGIE_PASSWORD", "een-lang-wachtwoord");
        c
    };
    let (out, stdout, stderr) = run(&mut add("Anouk@Voorbeeld.nl"));
    assert!(out.status.success(), "{stdout}{stderr}");
    let (out, _, stderr) = run(&mut add("anouk@voorbeeld.nl"));
    assert_eq!(out.status.code(), Some(2), "a taken email is the user's mistake");
    assert!(stderr.contains("al in gebruik"), "{stderr}");
    let (out, _, stderr) = run(regie().args(["user", "add", "--email", "x@voorbeeld.nl", "--name", "X", "--role", "tovenaar"]).env("REGIE_DATA", &data).env("REGIE_PASSWORD", "een-lang-wachtwoord"));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr.contains("rol bestaat niet"), "{stderr}");
    let (out, _, stderr) = run(regie().args(["user", "add", "--email", "y@voorbeeld.nl", "--name", "Y", "--role", "trajectbegeleider"]).env("REGIE_DATA", &data));
    assert_eq!(out.status.code(), Some(2), "no password and no terminal");
    assert!(stderr.contains("REGIE_PASSWORD"), "{stderr}");

    {
        let store = Store::open(&sqlite_url(&data)).await.unwrap();
        let user = store.authenticate("anouk@voorbeeld.nl", "een-lang-wachtwoord").await.unwrap().expect("signs in");
        assert_eq!(user.name, "Anouk Bakker");
        store.close().await;
    }

    let (out, stdout, stderr) =
        run(regie().args(["user", "reset-password", "--email", "anouk@voorbeeld.nl", "--data"]).arg(&data).env("REGIE_PASSWORD", "nog-een-ander-wachtwoord"));
    assert!(out.status.success(), "{stdout}{stderr}");
    let (out, _, stderr) =
        run(regie().args(["user", "reset-password", "--email", "niemand@voorbeeld.nl", "--data"]).arg(&data).env("REGIE_PASSWORD", "nog-een-ander-wachtwoord"));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr.contains("geen account"), "{stderr}");
    let store = Store::open(&sqlite_url(&data)).await.unwrap();
    assert!(store.authenticate("anouk@voorbeeld.nl", "een-lang-wachtwoord").await.unwrap().is_none(), "old password no longer works");
    assert!(store.authenticate("anouk@voorbeeld.nl", "nog-een-ander-wachtwoord").await.unwrap().is_some());
    store.close().await;
}

#[tokio::test]
async fn wrong_settings_are_refused_in_dutch_with_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    // A wrong value in the environment.
    let (out, _, stderr) = run(regie().args(["serve", "--data"]).arg(&data).env("REGIE_LISTEN", "ergens"));
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("REGIE_LISTEN") && stderr.contains("geen geldig adres"), "{stderr}");
    // A flag beats the environment.
    let (out, _, stderr) = run(regie().args(["serve", "--listen", "nergens:x", "--data"]).arg(&data).env("REGIE_LISTEN", "127.0.0.1:1"));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr.contains("--listen"), "{stderr}");
    // An unknown key in the configuration file.
    let config = dir.path().join("regie.toml");
    std::fs::write(&config, "listen = \"127.0.0.1:8080\"\nwachtwoord = \"geheim\"\n").unwrap();
    let (out, _, stderr) = run(regie().args(["migrate", "--data"]).arg(&data).env("REGIE_CONFIG", &config));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr.contains("onbekende instelling `wachtwoord`"), "{stderr}");
    // A value of the wrong kind in the file.
    std::fs::write(&config, "session_idle_minutes = \"lang\"\n").unwrap();
    let (out, _, stderr) = run(regie().args(["serve", "--config"]).arg(&config).arg("--data").arg(&data));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr.contains("heel getal"), "{stderr}");
    std::fs::write(&config, "session_idle_minutes = 0\n").unwrap();
    let (out, _, stderr) = run(regie().args(["serve", "--config"]).arg(&config).arg("--data").arg(&data));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr.contains("1 tot 10080 minuten"), "{stderr}");
    // Two places for the data at once.
    let (out, _, stderr) = run(regie().args(["migrate", "--data", "a", "--database", "postgres://x@y/z"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr.contains("kies één"), "{stderr}");
    // The file's data folder is used when nothing overrides it.
    std::fs::write(&config, format!("data = \"{}\"\n", dir.path().join("uit-bestand").display())).unwrap();
    let (out, _, stderr) = run(regie().args(["migrate", "--config"]).arg(&config));
    assert!(out.status.success(), "{stderr}");
    assert!(dir.path().join("uit-bestand").join("regie.db").exists());
}

#[tokio::test]
async fn demo_generates_refuses_to_mix_and_serves_until_terminated() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("demo");
    let (out, stdout, stderr) = run(regie().args(["demo", "--clients", "30", "--no-serve", "--data"]).arg(&data));
    assert!(out.status.success(), "{stdout}{stderr}");
    for account in ["begeleider@demo.regie.nl", "teamleider@demo.regie.nl", "beheer@demo.regie.nl", "regie-demo"] {
        assert!(stdout.contains(account), "prints {account}:\n{stdout}");
    }
    // Another number of clients into the same folder is refused; --reset starts over.
    let (out, _, stderr) = run(regie().args(["demo", "--clients", "31", "--no-serve", "--data"]).arg(&data));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr.contains("--reset"), "{stderr}");
    let (out, stdout, stderr) = run(regie().args(["demo", "--clients", "31", "--reset", "--no-serve", "--data"]).arg(&data));
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(stdout.contains("gewist"), "{stdout}");
    // A database with other people's data is never filled with demo data.
    let other = dir.path().join("echt");
    let (out, _, _) = run(regie().args(["user", "add", "--email", "a@b.nl", "--name", "A", "--role", "beheer", "--data"]).arg(&other).env("REGIE_PASSWORD", "een-lang-wachtwoord"));
    assert!(out.status.success());
    let (out, _, stderr) = run(regie().args(["demo", "--no-serve", "--data"]).arg(&other));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr.contains("niet leeg"), "{stderr}");

    // Serve the existing demo on a free port; /health answers; SIGTERM stops it cleanly.
    let mut child = regie().args(["demo", "--listen", "127.0.0.1:0", "--data"]).arg(&data).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(url) = line.strip_prefix("Regie draait op ") {
                let _ = tx.send(url.trim().to_string());
            }
        }
    });
    let url = rx.recv_timeout(std::time::Duration::from_secs(60)).expect("regie demo prints its address");
    let health: serde_json::Value = reqwest::get(format!("{url}/health")).await.unwrap().json().await.unwrap();
    assert_eq!(health["status"], "ok");
    let term = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(term.success());
    let status = child.wait().unwrap();
    assert!(status.success(), "graceful shutdown exits 0, got {status:?}");
}

#[tokio::test]
async fn demo_clients_have_methods_strengths_and_a_network_whose_history_replays() {
    use regie_domain::network::NetworkMemberInput;
    use regie_domain::strengths::StrengthInput;
    let today = regie_store::today();
    for (engine, store, _guard) in engines().await {
        store.generate_demo(60, today).await.unwrap();
        let worker = actor_for(&store, "begeleider@demo.regie.nl").await;
        let mine = store.caseload(&worker, &query(CaseloadView::Mine), today).await.unwrap();
        let n = mine.items.len();
        assert!(n >= 10, "{engine}: {n} clients");
        let (mut with_strengths, mut with_network, mut second_method, mut alone, mut changed_later) = (0, 0, 0, 0, 0);
        let mut kinds = std::collections::HashSet::new();
        for row in &mine.items {
            let who = format!("{engine}: client {} ({})", row.client_id, row.name);
            let scope = store.open_client(&worker, row.client_id, AuditAction::Read, "test").await.unwrap();
            let tid = row.trajectory_id.unwrap_or_else(|| panic!("{who}: an active trajectory"));

            // Methods: the phase model's own method from the start, by the trajectbegeleider;
            // the kept changes add up to what is recorded now.
            let methods = store.trajectory_methods(&scope, tid).await.unwrap();
            let model = regie_domain::phase::builtin_models().into_iter().find(|m| Some(&m.name) == row.model_name.as_ref()).expect("a built-in model");
            let own = methods.iter().find(|m| m.method_code == model.code).unwrap_or_else(|| panic!("{who}: records {}", model.code));
            let dossier = store.dossier(&scope, today).await.unwrap();
            let trajectory = dossier.trajectory.expect("trajectory");
            assert_eq!((own.added_on, own.added_by), (trajectory.started_on, trajectory.owner_user_id), "{who}");
            let mut replayed: Vec<String> = Vec::new();
            for (op, code, by) in store.trajectory_method_changes(&scope, tid).await.unwrap() {
                assert!(!by.is_empty(), "{who}: who recorded the method");
                match op.as_str() {
                    "create" => replayed.push(code),
                    "delete" => replayed.retain(|c| *c != code),
                    other => panic!("{who}: op {other}"),
                }
            }
            let mut recorded: Vec<String> = methods.iter().map(|m| m.method_code.clone()).collect();
            replayed.sort();
            recorded.sort();
            assert_eq!(replayed, recorded, "{who}: method history");
            if methods.len() > 1 {
                second_method += 1;
            }

            // Strengths: as of today (replayed from the kept changes) equals what is stored now.
            let strengths = store.strengths(&scope).await.unwrap();
            let (as_of, history) = store.strengths_as_of(&scope, today).await.unwrap();
            assert_eq!(as_of, strengths, "{who}: strengths history replays to the inventory");
            assert_eq!(history.len(), store.strengths_history(&scope).await.unwrap().len(), "{who}: nothing after today");
            if !strengths.is_empty() {
                with_strengths += 1;
                let domains = strengths.domain_codes();
                assert!((2..=4).contains(&domains.len()), "{who}: {domains:?}");
                assert!(strengths.domains.iter().all(|d| !d.situation.is_empty() && !d.wishes.is_empty()), "{who}: situation and wishes");
                kinds.extend(strengths.strengths.iter().map(|s| s.kind.clone()));
                let before = store.strengths_as_of(&scope, trajectory.started_on - chrono::Duration::days(1)).await.unwrap().0;
                assert!(before.is_empty(), "{who}: nothing written before the trajectory started");
            }

            // Network: likewise; everyone who owns an action is in it, taking part in actions.
            let network = store.network(&scope).await.unwrap();
            let (as_of, _) = store.network_as_of(&scope, today).await.unwrap();
            assert_eq!(as_of, network, "{who}: network history replays to the network");
            let plan = store.plan(&scope, tid).await.unwrap();
            for a in plan.goals.iter().flat_map(|g| &g.actions).filter(|a| a.owner_kind == "netwerk") {
                assert!(network.iter().any(|m| m.name == a.owner_name && m.takes_part_actions), "{who}: {} owns an action", a.owner_name);
            }
            if network.len() >= 2 {
                with_network += 1;
            }
            if network.len() <= 1 {
                alone += 1;
            }
            let all = store.network_history(&scope).await.unwrap().into_iter().chain(history);
            if all.into_iter().any(|c| c.op != regie_domain::plan::Op::Create) {
                changed_later += 1;
            }
        }
        eprintln!("{engine}: of {n} clients {with_strengths} have strengths ({kinds:?}), {with_network} a network, {alone} stand alone, {second_method} use a second method, {changed_later} changed later");
        assert!(with_strengths * 4 >= n * 3, "{engine}: {with_strengths} of {n} clients have strengths");
        assert!(with_network * 4 >= n * 3, "{engine}: {with_network} of {n} clients have a network");
        assert!(kinds.len() >= 5, "{engine}: strengths of kinds {kinds:?}");
        assert!(alone >= 1, "{engine}: someone stands almost alone");
        assert!(second_method >= 1, "{engine}: some trajectories use a second method");
        assert!(changed_later >= 3, "{engine}: {changed_later} clients have a history beyond the first inventory");

        // Ids the generator wrote do not collide with ids handed out afterwards.
        let first = &mine.items[0];
        let scope = store.open_client(&worker, first.client_id, AuditAction::Update, "test").await.unwrap();
        let input = NetworkMemberInput { name: "Buurman Kees".into(), closeness: Some(2), ..Default::default() };
        store.add_network_member(&scope, &input).await.unwrap_or_else(|e| panic!("{engine}: a member after the demo: {e:?}"));
        let domain = if first.model_name.as_deref() == Some("8-fasenmodel") { "f8_wonen" } else { "zrm_huisvesting" };
        let input = StrengthInput { domain: domain.into(), kind: "kennis".into(), text: "Ik weet hoe een huurcontract werkt.".into() };
        store.add_strength(&scope, &input).await.unwrap_or_else(|e| panic!("{engine}: a strength after the demo: {e:?}"));
    }
}
