//! What each subcommand does.

use crate::settings::{self, FileConfig, Target};
use crate::{user_error, Cli, Command, DemoArgs, ServeArgs, UserAddArgs, UserCodeArgs, UserCommand, UserResetArgs};
use anyhow::{Context, Result};
use clap::ArgMatches;
use regie_store::demo::{DemoAccount, DemoState, DEMO_PASSWORD};
use regie_store::{NewUser, SessionPolicy, Store, StoreError};
use std::io::IsTerminal;
use std::net::SocketAddr;
use std::time::Instant;

/// Most clients `regie demo` will generate.
const MAX_DEMO_CLIENTS: usize = 1_000_000;

/// Runs the command line.
pub async fn run(cli: Cli, matches: &ArgMatches) -> Result<()> {
    let mut leaf = matches;
    while let Some((_, sub)) = leaf.subcommand() {
        leaf = sub;
    }
    let file = FileConfig::load(cli.config.as_deref())?;
    init_tracing(cli.log.as_deref(), leaf, &file)?;
    match cli.command {
        Command::Demo(args) => demo(args, leaf, &file).await,
        Command::Serve(args) => serve_command(args, leaf, &file).await,
        Command::Migrate(db) => {
            let target = settings::target(&db, leaf, &file)?;
            let (store, url) = open(&target).await?;
            println!("Het databaseschema is bijgewerkt: {}", regie_store::redact(&url));
            store.close().await;
            Ok(())
        }
        Command::Backup(args) => crate::backup::backup(args, leaf, &file).await,
        Command::Restore(args) => crate::backup::restore(args, leaf, &file).await,
        Command::Audit(crate::AuditCommand::Verify(db)) => audit_verify(db, leaf, &file).await,
        Command::Audit(crate::AuditCommand::Prune(args)) => audit_prune(args, leaf, &file).await,
        Command::User(UserCommand::Add(args)) => user_add(args, leaf, &file).await,
        Command::User(UserCommand::ResetPassword(args)) => user_reset(args, leaf, &file).await,
        Command::User(UserCommand::Code(args)) => user_code(args, leaf, &file).await,
    }
}

fn init_tracing(log: Option<&str>, m: &ArgMatches, file: &FileConfig) -> Result<()> {
    let (filter, source) = settings::log_filter(log, m, file);
    // sqlx reports slow statements with their SQL at warn; the bulk writes of `regie demo` would
    // flood the log with them. Values are never part of those lines.
    let full = if filter.contains("sqlx") { filter.clone() } else { format!("{filter},sqlx=error") };
    let env_filter = tracing_subscriber::EnvFilter::try_new(&full)
        .map_err(|e| user_error(format!("{source}: ‘{filter}’ is geen geldig logfilter ({e}). Schrijf bijvoorbeeld info of debug.")))?;
    tracing_subscriber::fmt()
        .with_env_filter(env_filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(false)
        .init();
    Ok(())
}

/// Opens (and migrates) the store; returns it with its URL.
async fn open(target: &Target) -> Result<(Store, String)> {
    let url = target.url()?;
    tracing::info!(database = %regie_store::redact(&url), "database openen");
    match Store::open(&url).await {
        Ok(store) => Ok((store, url)),
        Err(StoreError::Config(m)) => Err(user_error(m)),
        Err(e) => Err(anyhow::Error::new(e).context(format!("kan de database {} niet openen", regie_store::redact(&url)))),
    }
}

/// A store error as the person at the keyboard should read it.
fn store_error(e: StoreError, not_found: &str) -> anyhow::Error {
    match e {
        StoreError::Invalid(inv) => {
            let lines: Vec<String> = inv.0 .0.iter().map(|(field, msg)| format!("--{}: {msg}", field.replace('_', "-"))).collect();
            user_error(lines.join("\n      "))
        }
        StoreError::NotFound => user_error(not_found.to_string()),
        StoreError::Config(m) => user_error(m),
        other => anyhow::Error::new(other),
    }
}

async fn demo(args: DemoArgs, m: &ArgMatches, file: &FileConfig) -> Result<()> {
    let clients = match &args.clients {
        None => 60,
        Some(v) => match v.trim().replace(['_', '.'], "").parse::<usize>() {
            Ok(n) if (1..=MAX_DEMO_CLIENTS).contains(&n) => n,
            _ => return Err(user_error(format!("--clients: ‘{v}’ moet een heel getal van 1 tot 1000000 zijn."))),
        },
    };
    let target = settings::target(&args.db, m, file)?;
    let web = settings::web(&args.web, m, file)?;
    if args.reset {
        match &target {
            Target::Data(dir) => {
                let mut wiped = false;
                for name in ["regie.db", "regie.db-wal", "regie.db-shm"] {
                    let p = dir.join(name);
                    if p.exists() {
                        std::fs::remove_file(&p).with_context(|| format!("kan {} niet verwijderen", p.display()))?;
                        wiped = true;
                    }
                }
                if wiped {
                    println!("De database in {} is gewist.", dir.display());
                }
            }
            Target::Url(_) => {
                return Err(user_error(
                    "--reset wist alleen de SQLite-database in een datamap. Maak voor een andere database zelf een lege database aan.",
                ))
            }
        }
    }
    let (store, _url) = open(&target).await?;
    let where_ = match &target {
        Target::Data(dir) => format!("de datamap {}", dir.display()),
        Target::Url(u) => format!("de database {}", regie_store::redact(u)),
    };
    match store.demo_state().await? {
        DemoState::Empty => {
            println!("Demo-organisatie aanmaken met {} cliënten…", thousands(clients));
            let started = Instant::now();
            let mut last_report = Instant::now();
            let summary = store
                .generate_demo_with_progress(clients, regie_store::today(), |done, total| {
                    if done == total || last_report.elapsed().as_secs() >= 5 {
                        last_report = Instant::now();
                        if total >= 5_000 || done == total {
                            eprintln!("  {} van {} cliënten ({} s)", thousands(done), thousands(total), started.elapsed().as_secs());
                        }
                    }
                })
                .await
                .map_err(|e| store_error(e, "niet gevonden"))?;
            println!(
                "Klaar in {:.1} s: {} cliënten in {} teams op {} locaties, {} medewerkers, {} doelen, {} acties, {} journaalregels, {} evaluaties.",
                started.elapsed().as_secs_f64(),
                thousands(summary.clients),
                thousands(summary.teams),
                summary.locations,
                thousands(summary.staff),
                thousands(summary.goals),
                thousands(summary.actions),
                thousands(summary.journal_entries),
                thousands(summary.evaluations),
            );
        }
        DemoState::Demo { clients: existing } => {
            if args.clients.is_some() && existing as usize != clients {
                store.close().await;
                return Err(user_error(format!(
                    "{where_} bevat al een demo-organisatie met {} cliënten. Gebruik --reset om opnieuw te beginnen met {}.",
                    thousands(existing as usize),
                    thousands(clients)
                )));
            }
            println!("De demo-organisatie in {where_} bestaat al ({} cliënten); Regie start met die gegevens.", thousands(existing as usize));
        }
        DemoState::Other => {
            store.close().await;
            return Err(user_error(format!(
                "{where_} is niet leeg en bevat geen demo-organisatie. Er wordt niets aangemaakt. \
                 Kies een andere map met --data, of gebruik --reset om de SQLite-database te wissen."
            )));
        }
    }
    let accounts = store.demo_accounts().await?;
    if args.no_serve {
        print_accounts(&accounts, None);
        store.close().await;
        return Ok(());
    }
    serve(store, web, Some(accounts)).await
}

fn print_accounts(accounts: &[DemoAccount], url: Option<&str>) {
    println!();
    match url {
        Some(url) => println!("Regie draait op {url}"),
        None => println!("De demo-organisatie staat klaar."),
    }
    println!("Log in met een van deze accounts; het wachtwoord is steeds: {DEMO_PASSWORD}");
    let width = accounts.iter().map(|a| a.email.len()).max().unwrap_or(0);
    for a in accounts {
        let clients = match a.clients {
            0 => String::new(),
            1 => ", 1 cliënt".to_string(),
            n => format!(", {n} cliënten"),
        };
        let team = a.team.as_deref().map(|t| format!(", {t}")).unwrap_or_default();
        println!("  {:width$}  {} ({}{team}{clients})", a.email, a.name, a.role);
    }
    println!();
    println!("Daarna vraagt Regie een code van 6 cijfers (inloggen in twee stappen). Zet de sleutel van uw");
    println!("account in een app voor inlogcodes, of vraag de code van dit moment op met:");
    println!("  regie user code {}", accounts.first().map(|a| a.email.as_str()).unwrap_or("begeleider@demo.regie.nl"));
    println!("Deze demo-sleutels zijn openbaar (afgeleid van het e-mailadres): alleen voor de demo.");
    for a in accounts {
        let secret = regie_store::demo_secret(&a.email);
        let now = regie_store::totp::code(&secret, regie_store::totp::current_step()).unwrap_or_default();
        println!("  {:width$}  sleutel {secret}  (code nu: {now})", a.email);
    }
    println!();
}

async fn serve_command(args: ServeArgs, m: &ArgMatches, file: &FileConfig) -> Result<()> {
    let target = settings::target(&args.db, m, file)?;
    let web = settings::web(&args.web, m, file)?;
    let (store, _url) = open(&target).await?;
    serve(store, web, None).await
}

/// Serves the application until Ctrl-C or SIGTERM, then closes the store.
async fn serve(store: Store, web: settings::Web, accounts: Option<Vec<DemoAccount>>) -> Result<()> {
    let listener = match tokio::net::TcpListener::bind(web.listen).await {
        Ok(l) => l,
        Err(e) => {
            store.close().await;
            return Err(user_error(format!(
                "kan niet luisteren op {}: {e}. Draait Regie al, of gebruikt een ander programma deze poort? Kies een andere met --listen.",
                web.listen
            )));
        }
    };
    let addr = listener.local_addr().unwrap_or(web.listen);
    let url = if addr.ip().is_unspecified() { format!("http://127.0.0.1:{}", addr.port()) } else { format!("http://{addr}") };
    match &accounts {
        Some(a) => print_accounts(a, Some(&url)),
        None => println!("Regie draait op {url}"),
    }
    println!("Stoppen: Ctrl-C.");
    tracing::info!(%addr, "Regie luistert");
    let config = regie_web::WebConfig {
        secure_cookies: web.secure_cookies,
        sessions: SessionPolicy {
            idle: chrono::Duration::minutes(web.session_idle_minutes),
            absolute: chrono::Duration::hours(web.session_absolute_hours),
        },
        trusted_proxies: web.trusted_proxies.clone(),
        ..regie_web::WebConfig::default()
    };
    let app = regie_web::router(store.clone(), config);
    let served = axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).with_graceful_shutdown(shutdown()).await;
    tracing::info!("Regie stopt; database sluiten");
    store.close().await;
    served.context("de webserver stopte met een fout")
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

/// The new password: from `REGIE_PASSWORD`, or typed twice without echo on a terminal.
fn read_password() -> Result<String> {
    let password = match std::env::var("REGIE_PASSWORD") {
        Ok(p) => p,
        Err(_) if std::io::stdin().is_terminal() => {
            let first = rpassword::prompt_password("Nieuw wachtwoord: ").context("wachtwoord lezen")?;
            let second = rpassword::prompt_password("Nog een keer: ").context("wachtwoord lezen")?;
            if first != second {
                return Err(user_error("de twee wachtwoorden zijn niet gelijk. Er is niets veranderd."));
            }
            first
        }
        Err(_) => {
            return Err(user_error(
                "geef het wachtwoord in de omgevingsvariabele REGIE_PASSWORD, of start deze opdracht in een terminal om het (onzichtbaar) in te typen.",
            ))
        }
    };
    if password.chars().count() < 10 {
        return Err(user_error("kies een wachtwoord van minstens 10 tekens."));
    }
    Ok(password)
}

async fn hash(password: String) -> Result<String> {
    tokio::task::spawn_blocking(move || regie_store::hash_password(&password)).await.context("wachtwoord hashen")
}

async fn user_add(args: UserAddArgs, m: &ArgMatches, file: &FileConfig) -> Result<()> {
    let target = settings::target(&args.db, m, file)?;
    let password = read_password()?;
    let (store, _url) = open(&target).await?;
    let result = async {
        if let Some(team) = args.team {
            let teams = store.teams().await?;
            if !teams.iter().any(|t| t.id == team) {
                let known: Vec<String> = teams.iter().map(|t| format!("{} ({}, {})", t.id, t.name, t.location)).collect();
                let list = if known.is_empty() { "er zijn nog geen teams".to_string() } else { format!("bestaande teams: {}", known.join("; ")) };
                return Err(user_error(format!("--team: team {team} bestaat niet ({list}).")));
            }
        }
        let new = NewUser { email: args.email.clone(), name: args.name.clone(), role: args.role.clone(), team_id: args.team, password_hash: hash(password).await? };
        let id = store.create_user(&new).await.map_err(|e| store_error(e, "niet gevonden"))?;
        println!("Account aangemaakt voor {} (nummer {id}, rol {}).", args.email.trim().to_lowercase(), args.role);
        if store.two_factor_required(&args.role).await.unwrap_or(true) {
            println!("Bij de eerste keer inloggen stelt deze persoon een app voor inlogcodes in (tweestapsverificatie).");
        }
        Ok(())
    }
    .await;
    store.close().await;
    result
}

async fn user_reset(args: UserResetArgs, m: &ArgMatches, file: &FileConfig) -> Result<()> {
    let target = settings::target(&args.db, m, file)?;
    let password = read_password()?;
    let (store, _url) = open(&target).await?;
    let result = async {
        let hashed = hash(password).await?;
        store
            .reset_password(&args.email, &hashed)
            .await
            .map_err(|e| store_error(e, &format!("er is geen account met het e-mailadres {}.", args.email.trim())))?;
        println!("Nieuw wachtwoord ingesteld voor {}; alle sessies, halve aanmeldingen en API-sleutels van dit account zijn beëindigd.", args.email.trim().to_lowercase());
        Ok(())
    }
    .await;
    store.close().await;
    result
}

/// Refuses a data folder without a database: checking or pruning must not create one.
fn existing(target: &Target) -> Result<()> {
    if let Target::Data(dir) = target {
        let path = dir.join("regie.db");
        if !path.exists() {
            return Err(user_error(format!("er is geen database {}; geef met --data de map met regie.db.", path.display())));
        }
    }
    Ok(())
}

/// `regie audit prune`: removes access log records older than the retention term from the
/// start of the chain (see `regie_store::Store::prune_audit`).
async fn audit_prune(args: crate::PruneArgs, m: &ArgMatches, file: &FileConfig) -> Result<()> {
    let years = settings::audit_retention_years(args.audit_retention_years.as_deref(), m, file)?;
    let target = settings::target(&args.db, m, file)?;
    existing(&target)?;
    let (store, _url) = open(&target).await?;
    let report = store.prune_audit(years).await;
    store.close().await;
    match report {
        Ok(r) if r.removed == 0 => {
            println!("Niets opgeschoond: de toegangslog heeft geen regels van vóór {} (bewaartermijn {years} jaar).", r.cutoff);
            Ok(())
        }
        Ok(r) => {
            println!(
                "{} regels van vóór {} verwijderd (bewaartermijn {years} jaar). De keten begint nu bij regel {}; `regie audit verify` controleert vanaf daar.",
                thousands(r.removed as usize),
                r.cutoff,
                r.first_kept
            );
            Ok(())
        }
        Err(StoreError::Config(msg)) => Err(anyhow::anyhow!(msg)),
        Err(e) => Err(anyhow::Error::new(e).context("kan de toegangslog niet opschonen")),
    }
}

/// `regie user code`: the current code of a demo account; refused for any other account.
async fn user_code(args: UserCodeArgs, m: &ArgMatches, file: &FileConfig) -> Result<()> {
    let target = settings::target(&args.db, m, file)?;
    let (store, _url) = open(&target).await?;
    let result = store.demo_code(&args.email).await;
    store.close().await;
    match result.map_err(|e| store_error(e, &format!("er is geen account met het e-mailadres {}.", args.email.trim())))? {
        regie_store::DemoCode::Code(code) => {
            println!("{code}");
            eprintln!("(deze code werkt ongeveer een halve minuut, en maar één keer)");
            Ok(())
        }
        regie_store::DemoCode::NotDemo => Err(user_error(format!(
            "{} is geen demo-account: de code staat alleen in de app van de medewerker zelf. \
             Telefoon kwijt? Gebruik een herstelcode, of laat functioneel beheer de tweestapsverificatie terugzetten.",
            args.email.trim().to_lowercase()
        ))),
    }
}

/// `regie audit verify`: recomputes the access log's hash chain.
async fn audit_verify(db: crate::DbArgs, m: &ArgMatches, file: &FileConfig) -> Result<()> {
    let target = settings::target(&db, m, file)?;
    existing(&target)?;
    let (store, _url) = open(&target).await?;
    let report = store.verify_audit_chain().await;
    store.close().await;
    let report = report.context("kan de toegangslog niet lezen")?;
    match report.broken {
        None => {
            println!("Toegangslog in orde: {} regels gecontroleerd", thousands(report.checked as usize));
            if report.first > 0 {
                println!("De keten begint bij regel {}: eerdere regels zijn na de bewaartermijn opgeschoond.", report.first);
            }
            println!("Laatste regel: nummer {}, hash {} (bewaar dit buiten de database om later herschrijven te kunnen aantonen)", report.last.0, report.last.1);
            Ok(())
        }
        Some(b) => {
            let at = b.at.map(|a| format!(" van {a}")).unwrap_or_default();
            Err(anyhow::anyhow!(
                "de toegangslog is niet in orde. Eerste kapotte regel: nummer {}{at}: {}. ({} regels gecontroleerd)",
                b.id,
                b.problem.dutch(),
                thousands(report.checked as usize)
            ))
        }
    }
}

/// 100000 as "100 000".
fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push('\u{a0}');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_are_grouped() {
        assert_eq!(super::thousands(100_000), "100\u{a0}000");
        assert_eq!(super::thousands(60), "60");
    }
}
