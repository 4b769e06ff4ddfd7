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
