//! `regie backup` and `regie restore`.

use crate::settings::{self, FileConfig, Target};
use crate::{user_error, BackupArgs, RestoreArgs};
use anyhow::Result;
use clap::ArgMatches;
use regie_store::backup::{self, BackupError};
use regie_store::Store;
use std::io::Write;
use std::path::PathBuf;

/// Exit code of `regie backup` on PostgreSQL: nothing was copied; the procedure is printed.
pub const EXIT_POSTGRES_PROCEDURE: u8 = 3;

/// Where a target's SQLite file is, or the PostgreSQL URL.
enum Db {
    Sqlite(PathBuf),
    Postgres(String),
}

fn resolve(target: &Target) -> Result<Db> {
    match target {
        Target::Data(dir) => Ok(Db::Sqlite(dir.join("regie.db"))),
        Target::Url(u) if u.starts_with("postgres:") || u.starts_with("postgresql:") => Ok(Db::Postgres(u.clone())),
        Target::Url(u) => match u.strip_prefix("sqlite://").or_else(|| u.strip_prefix("sqlite:")) {
            Some(rest) => Ok(Db::Sqlite(PathBuf::from(rest.split('?').next().unwrap_or(rest)))),
            None => Err(user_error(format!("onbekend soort database-adres: {}", regie_store::redact(u)))),
        },
    }
}

fn as_anyhow(e: BackupError) -> anyhow::Error {
    match e {
        BackupError::Refused(m) => user_error(m),
        BackupError::Failed(m) => anyhow::anyhow!(m),
    }
}

/// `regie backup --to FILE`.
pub async fn backup(args: BackupArgs, m: &ArgMatches, file: &FileConfig) -> Result<()> {
    let target = settings::target(&args.db, m, file)?;
    let db = match resolve(&target)? {
        Db::Postgres(url) => {
            print!("{}", postgres_procedure(&url, &args.to.display().to_string()));
            let _ = std::io::stdout().flush();
            std::process::exit(EXIT_POSTGRES_PROCEDURE.into());
        }
        Db::Sqlite(path) => path,
    };
    let store = Store::open_for_backup(&db).await.map_err(as_anyhow)?;
    let result = store.backup_sqlite(&args.to).await;
    store.close().await;
    let info = result.map_err(as_anyhow)?;
    println!("Reservekopie gemaakt en gecontroleerd: {}", info.path.display());
    println!("  grootte:       {} bytes", info.file.bytes);
    println!("  schemaversie:  {}", info.file.schema_version);
    println!("  SHA-256:       {}", info.file.sha256);
    println!("  controlegetal: {}", info.checksum_path.display());
    Ok(())
}

/// `regie restore --from FILE`.
pub async fn restore(args: RestoreArgs, m: &ArgMatches, file: &FileConfig) -> Result<()> {
    let target = settings::target(&args.db, m, file)?;
    let db = match resolve(&target)? {
        Db::Postgres(url) => {
            return Err(user_error(format!(
                "regie restore zet alleen een SQLite-kopie terug. Zet een PostgreSQL-kopie terug met pg_restore (zie docs/operations.md):\n  \
                 pg_restore --clean --if-exists --no-owner --dbname '{}' BESTAND.dump",
                regie_store::redact(&url)
            )))
        }
        Db::Sqlite(path) => path,
    };
    let info = backup::restore_sqlite(&args.from, &db, args.force).await.map_err(as_anyhow)?;
    // Opening the store brings the schema up to date.
    let url = format!("sqlite://{}", db.display());
    let store = Store::open(&url).await.map_err(|e| anyhow::Error::new(e).context("de teruggezette database kan niet worden geopend"))?;
    store.close().await;
    println!("Teruggezet: {} staat nu in {}", args.from.display(), db.display());
    println!("  SHA-256:       {}", info.file.sha256);
    println!("  schemaversie:  {} (bijgewerkt tot {})", info.file.schema_version, backup::latest_schema_version());
    if let Some(old) = info.moved_aside {
        println!("  de vorige database staat nu in {}", old.display());
    }
    Ok(())
}

/// The PostgreSQL procedure, with the password hidden.
fn postgres_procedure(url: &str, to: &str) -> String {
    // Without the password: pg_dump takes it from PGPASSWORD or ~/.pgpass.
    let shown = regie_store::redact(url).replacen(":***@", "@", 1);
    format!(
        "Deze database is PostgreSQL. regie backup maakt zelf geen kopie van PostgreSQL; er is niets gekopieerd.\n\
         This is PostgreSQL: regie backup made no copy. Use pg_dump as below (see docs/operations.md).\n\
         \n\
         Database: {shown}\n\
         Geef het wachtwoord via PGPASSWORD of ~/.pgpass, niet op de opdrachtregel.\n\
         \n\
         1. Kopie maken (mag terwijl Regie draait; pg_dump leest één consistent moment):\n\
         \x20  pg_dump --format=custom --file='{to}' '{shown}'\n\
         2. Controleren:\n\
         \x20  pg_restore --list '{to}' > /dev/null && sha256sum '{to}' > '{to}.sha256'\n\
         3. Terugzetten (Regie gestopt, in een lege database):\n\
         \x20  createdb regie_terug\n\
         \x20  pg_restore --no-owner --exit-on-error --dbname 'postgres://…/regie_terug' '{to}'\n\
         \x20  regie migrate --database 'postgres://…/regie_terug'\n"
    )
}
