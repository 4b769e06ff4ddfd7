//! The `regie` binary: command line, configuration, tracing, and serving the web application.
//!
//! Settings come in layers, each overriding the one before: built-in defaults, a TOML file
//! (`--config` or `REGIE_CONFIG`), `REGIE_*` environment variables, command-line flags.
//! A user's mistake (a wrong flag value, a taken email, a non-empty database) prints a Dutch
//! message and exits with code 2; anything else that fails exits with code 1.

mod backup;
mod commands;
mod settings;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

const ABOUT: &str = "Regie: methodische trajectbegeleiding voor zorg en welzijn.\n\
Regie: methodical client guidance for Dutch social care.";

const LONG_ABOUT: &str = "\
Regie: methodische trajectbegeleiding voor zorg en welzijn.
Regie: methodical client guidance for Dutch social care.

Snel proberen / Try it:
  regie demo                 maakt een demo-organisatie met 60 cliënten en opent
                             http://127.0.0.1:8080 (wachtwoord van alle demo-accounts: regie-demo)
                             creates a demo organisation and serves it (password: regie-demo)

Gewoon gebruik / Normal use:
  regie user add --email ... --name ... --role trajectbegeleider
  regie serve

Instellingen / Settings — elke laag overschrijft de vorige / each layer overrides the one before:
  1. standaardwaarden / defaults
  2. een TOML-bestand / a TOML file (--config BESTAND of/or REGIE_CONFIG), met de sleutels / keys:
       data, database, listen, secure_cookies, session_idle_minutes, session_absolute_hours, log,
       trusted_proxies, audit_retention_years
  3. omgevingsvariabelen / environment variables: REGIE_DATA, REGIE_DATABASE, REGIE_LISTEN,
       REGIE_SECURE_COOKIES, REGIE_SESSION_IDLE_MINUTES, REGIE_SESSION_ABSOLUTE_HOURS, REGIE_LOG,
       REGIE_TRUSTED_PROXIES, REGIE_AUDIT_RETENTION_YEARS
  4. opties op de opdrachtregel / command-line flags

Database: standaard een SQLite-bestand regie.db in de map ./regie-data (--data MAP), of
PostgreSQL met --database postgres://gebruiker:wachtwoord@host/naam. Het schema wordt bij elke
start bijgewerkt. / By default an SQLite file regie.db in ./regie-data; or PostgreSQL via
--database. The schema is brought up to date on every start.

Afsluitcodes / exit codes: 0 gelukt / done, 1 fout / failure, 2 vergissing in de invoer / user mistake.";

/// The command line.
#[derive(Debug, Parser)]
#[command(name = "regie", version, about = ABOUT, long_about = LONG_ABOUT, max_term_width = 100)]
pub struct Cli {
    /// TOML-bestand met instellingen (TOML file with settings). Sleutels / keys: data, database,
    /// listen, secure_cookies, session_idle_minutes, session_absolute_hours, log.
    #[arg(long, global = true, env = "REGIE_CONFIG", value_name = "BESTAND")]
    pub config: Option<PathBuf>,

    /// Hoeveel er gelogd wordt, bijvoorbeeld info, debug of regie_web=debug (log filter;
    /// RUST_LOG werkt ook). Standaard / default: info. Inhoud van dossiers en wachtwoorden worden
    /// nooit gelogd / client content and secrets are never logged.
    #[arg(long, global = true, env = "REGIE_LOG", value_name = "FILTER")]
    pub log: Option<String>,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Maak een demo-organisatie en start Regie (create a demo organisation and serve it).
    ///
    /// Maakt in een lege database een fictieve organisatie: locaties (Instroomhuis, Trainingshuis,
    /// Ambulant/Thuisbegeleiding), teams, medewerkers in de ingebouwde rollen en cliënten met een
    /// traject in elk fasemodel, met plan, journaal en evaluaties. Daarna start Regie op
    /// http://127.0.0.1:8080 en staan de demo-accounts op het scherm (wachtwoord: regie-demo).
    /// Bestaat de demo al, dan start Regie gewoon opnieuw met die gegevens.
    ///
    /// Creates a fictional organisation in an empty database, then serves it and prints the demo
    /// accounts (password: regie-demo). An existing demo database is served as it is.
    Demo(DemoArgs),
    /// Start Regie op een bestaande database (serve Regie on an existing database).
    ///
    /// Het schema wordt eerst bijgewerkt. Stoppen met Ctrl-C: lopende verzoeken worden netjes
    /// afgemaakt. / Migrations run first. Stop with Ctrl-C; running requests finish first.
    Serve(ServeArgs),
    /// Werk het databaseschema bij en stop (bring the database schema up to date, then exit).
    Migrate(DbArgs),
    /// Beheer medewerkersaccounts (manage staff accounts).
    #[command(subcommand)]
    User(UserCommand),
    /// Maak een gecontroleerde reservekopie van de database (write a checked backup copy).
    ///
    /// SQLite: een consistente kopie terwijl Regie gewoon doorwerkt, gecontroleerd met SQLite's
    /// integrity_check; het SHA-256-controlegetal komt op het scherm en in BESTAND.sha256. Een
    /// bestaand bestand wordt nooit overschreven. PostgreSQL: er wordt niets gekopieerd; de
    /// opdracht toont hoe het met pg_dump moet en stopt met afsluitcode 3.
    ///
    /// SQLite: a consistent copy while Regie keeps running, checked, with its SHA-256 on screen
    /// and in FILE.sha256; never overwrites a file. PostgreSQL: prints the pg_dump procedure and
    /// exits with code 3 (nothing copied). See docs/operations.md.
    Backup(BackupArgs),
    /// Zet een SQLite-reservekopie terug (restore an SQLite backup copy).
    ///
    /// Een beschadigde kopie (controlegetal klopt niet, geen database, fouten, onbekend schema)
    /// wordt geweigerd en er verandert niets. Staat er al een database, dan alleen met --force:
    /// de oude wordt dan bewaard als regie.db.before-restore-<tijd>. Stop Regie eerst.
    ///
    /// Refuses a damaged copy and changes nothing. An existing database is only replaced with
    /// --force, and then kept as regie.db.before-restore-<time>. Stop Regie first.
    Restore(RestoreArgs),
    /// Controleer de toegangslog (check the access log).
    #[command(subcommand)]
    Audit(AuditCommand),
}

/// `regie audit …`.
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Controleer of de toegangslog compleet en onveranderd is (verify the access log's hash chain).
    ///
    /// Elke regel van de toegangslog draagt een hash die aan de vorige regel vastzit. Deze opdracht
    /// rekent alles na. In orde: afsluitcode 0. Is een regel gewijzigd of verwijderd, dan noemt
    /// de opdracht de eerste kapotte regel (nummer en moment) en stopt met afsluitcode 1.
    ///
    /// Every record carries a hash chained to the one before; this recomputes them all. Exit 0
    /// when intact; otherwise names the first broken record (id and moment) and exits 1.
    Verify(DbArgs),
    /// Schoon de toegangslog op na de bewaartermijn (prune the access log after its retention term).
    ///
    /// Verwijdert de regels die ouder zijn dan de bewaartermijn (standaard 5 jaar, nooit minder:
    /// NEN 7513), alleen aan het begin van de keten, zodat `regie audit verify` daarna nog steeds
    /// alles kan nazien. Een kapotte keten wordt niet opgeschoond (afsluitcode 1).
    ///
    /// Removes the records older than the retention term (default 5 years, never less) from the
    /// start of the chain only, so `regie audit verify` still checks everything afterwards. A
    /// broken chain is left alone (exit 1). See docs/operations.md.
    Prune(PruneArgs),
}

/// `regie audit prune`.
#[derive(Debug, Clone, Args)]
pub struct PruneArgs {
    /// Bewaartermijn in jaren, minstens 5 (retention term in years, at least 5).
    /// Standaard / default: 5
    #[arg(long, env = "REGIE_AUDIT_RETENTION_YEARS", value_name = "JAREN")]
    pub audit_retention_years: Option<String>,

    #[command(flatten)]
    pub db: DbArgs,
}

/// Where the data lives.
#[derive(Debug, Clone, Args)]
pub struct DbArgs {
    /// Map voor de SQLite-database regie.db; wordt aangemaakt als hij er niet is (folder for the
    /// SQLite database, created if missing). Standaard / default: ./regie-data
    #[arg(long, env = "REGIE_DATA", value_name = "MAP")]
    pub data: Option<PathBuf>,

    /// Adres van een PostgreSQL-database in plaats van SQLite (PostgreSQL URL instead of SQLite),
    /// bijvoorbeeld / for example postgres://regie:geheim@localhost/regie
    #[arg(long, env = "REGIE_DATABASE", value_name = "URL", hide_env_values = true)]
    pub database: Option<String>,
}

/// How the web server runs.
#[derive(Debug, Clone, Args)]
pub struct WebArgs {
    /// Adres en poort waarop Regie luistert (address and port to listen on).
    /// Standaard / default: 127.0.0.1:8080
    #[arg(long, env = "REGIE_LISTEN", value_name = "ADRES:POORT")]
    pub listen: Option<String>,

    /// Cookies alleen over https versturen: zet dit aan als Regie achter TLS draait (mark cookies
    /// Secure when served over TLS). true of/or false. Standaard / default: false
    #[arg(long, env = "REGIE_SECURE_COOKIES", value_name = "true|false")]
    pub secure_cookies: Option<String>,

    /// Na zoveel minuten zonder activiteit wordt iemand uitgelogd (sign out after this many idle
    /// minutes). Standaard / default: 30
    #[arg(long, env = "REGIE_SESSION_IDLE_MINUTES", value_name = "MINUTEN")]
    pub session_idle_minutes: Option<String>,

    /// Na zoveel uur na het inloggen wordt iemand hoe dan ook uitgelogd (sign out this many hours
    /// after signing in, whatever happens). Standaard / default: 12
    #[arg(long, env = "REGIE_SESSION_ABSOLUTE_HOURS", value_name = "UREN")]
    pub session_absolute_hours: Option<String>,

    /// Reverse proxies waarvan Regie de header X-Forwarded-For gelooft, met komma's: adressen of
    /// netwerken, zoals 10.0.0.1,10.1.0.0/16 (proxies whose X-Forwarded-For is believed).
    /// Standaard / default: geen / none
    #[arg(long, env = "REGIE_TRUSTED_PROXIES", value_name = "ADRESSEN")]
    pub trusted_proxies: Option<String>,
}

/// `regie demo`.
#[derive(Debug, Clone, Args)]
pub struct DemoArgs {
    /// Aantal fictieve cliënten; dezelfde N geeft steeds dezelfde organisatie (number of fictional
    /// clients; the same N always gives the same organisation). Standaard / default: 60
    #[arg(long, value_name = "N")]
    pub clients: Option<String>,

    /// Wis eerst de SQLite-database in de datamap en begin opnieuw (wipe the SQLite database in
    /// the data folder first). Werkt niet met --database / not with --database.
    #[arg(long)]
    pub reset: bool,

    /// Alleen de database vullen, niet starten (fill the database, do not serve).
    #[arg(long, hide = true)]
    pub no_serve: bool,

    #[command(flatten)]
    pub db: DbArgs,

    #[command(flatten)]
    pub web: WebArgs,
}

/// `regie serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub db: DbArgs,

    #[command(flatten)]
    pub web: WebArgs,
}

/// `regie backup`.
#[derive(Debug, Clone, Args)]
pub struct BackupArgs {
    /// Bestand voor de kopie; mag nog niet bestaan (file for the copy; must not exist yet).
    #[arg(long, value_name = "BESTAND")]
    pub to: PathBuf,

    #[command(flatten)]
    pub db: DbArgs,
}

/// `regie restore`.
#[derive(Debug, Clone, Args)]
pub struct RestoreArgs {
    /// De reservekopie die terug moet (the backup copy to restore).
    #[arg(long, value_name = "BESTAND")]
    pub from: PathBuf,

    /// Vervang een bestaande database; die wordt bewaard, niet gewist (replace an existing
    /// database; it is kept aside, never deleted).
    #[arg(long)]
    pub force: bool,

    #[command(flatten)]
    pub db: DbArgs,
}

/// `regie user …`.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Maak een medewerkersaccount (create a staff account).
    ///
    /// Het wachtwoord komt uit de omgevingsvariabele REGIE_PASSWORD, of wordt twee keer gevraagd
    /// zonder dat het op het scherm verschijnt. Nooit als optie, want die blijft in de
    /// shell-geschiedenis staan. / The password comes from REGIE_PASSWORD or is asked twice
    /// without echo; never as a flag.
    Add(UserAddArgs),
    /// Geef een medewerker een nieuw wachtwoord; alle sessies en API-sleutels van die persoon
    /// vervallen (set a new password; ends every session and API token of that person).
    ///
    /// Het wachtwoord komt uit REGIE_PASSWORD of wordt twee keer gevraagd.
    /// The password comes from REGIE_PASSWORD or is asked twice.
    ResetPassword(UserResetArgs),
    /// Toon de huidige inlogcode van een demo-account (print a demo account's current code).
    ///
    /// Alleen voor de demo-accounts van `regie demo`: hun geheime sleutel is openbaar. Voor elk
    /// ander account weigert deze opdracht. / Only for the demo accounts, whose secret is
    /// public; refused for every other account.
    Code(UserCodeArgs),
}

/// `regie user code`.
#[derive(Debug, Clone, Args)]
pub struct UserCodeArgs {
    /// E-mailadres van het demo-account (the demo account's email).
    #[arg(value_name = "EMAIL")]
    pub email: String,

    #[command(flatten)]
    pub db: DbArgs,
}

/// `regie user add`.
#[derive(Debug, Clone, Args)]
pub struct UserAddArgs {
    /// E-mailadres waarmee de medewerker inlogt (sign-in email).
    #[arg(long, value_name = "EMAIL")]
    pub email: String,

    /// Volledige naam (full name).
    #[arg(long, value_name = "NAAM")]
    pub name: String,

    /// Rol / role, bijvoorbeeld / for example: trajectbegeleider, thuisbegeleider, wooncoach,
    /// jobcoach, teamleider, beheer (functioneel beheer), kwaliteit.
    #[arg(long, value_name = "ROL")]
    pub role: String,

    /// Nummer van het team (team id); een teamleider ziet alle cliënten van dit team.
    #[arg(long, value_name = "ID")]
    pub team: Option<i64>,

    #[command(flatten)]
    pub db: DbArgs,
}

/// `regie user reset-password`.
#[derive(Debug, Clone, Args)]
pub struct UserResetArgs {
    /// E-mailadres van het account (the account's email).
    #[arg(long, value_name = "EMAIL")]
    pub email: String,

    #[command(flatten)]
    pub db: DbArgs,
}

/// A mistake of the person at the keyboard: printed as it is, exit code 2.
#[derive(Debug)]
pub struct UserError(pub String);

impl std::fmt::Display for UserError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UserError {}

/// A user mistake as an `anyhow` error.
pub fn user_error(message: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(UserError(message.into()))
}

fn main() -> ExitCode {
    let matches = Cli::command().get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("Fout: kan de runtime niet starten: {e}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(commands::run(cli, &matches)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if let Some(u) = e.downcast_ref::<UserError>() {
                eprintln!("Fout: {u}");
                ExitCode::from(2)
            } else {
                eprintln!("Fout: {e:#}");
                ExitCode::from(1)
            }
        }
    }
}
