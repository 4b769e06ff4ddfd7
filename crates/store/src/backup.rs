//! Backups of the SQLite database and their restore.
//!
//! A backup is `VACUUM INTO` on a read connection: in WAL mode it reads one consistent snapshot
//! while the server keeps reading and writing, and writes a compact copy. Every copy is checked
//! before it is trusted, both right after the backup and again before a restore: a SHA-256
//! checksum (kept next to the copy in `FILE.sha256`), SQLite's `integrity_check`, and a schema this
//! binary knows. PostgreSQL is backed up with `pg_dump` (see docs/operations.md).

use crate::{Engine, Store, StoreError};
use sha2::{Digest, Sha256};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, Row};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Why a backup or restore did not happen.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// A mistake or a damaged file: nothing was changed; the message is Dutch and says why.
    #[error("{0}")]
    Refused(String),
    /// Something failed underway (disk, database).
    #[error("{0}")]
    Failed(String),
}

impl From<StoreError> for BackupError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Config(m) => BackupError::Refused(m),
            other => BackupError::Failed(other.to_string()),
        }
    }
}

/// What a checked database file holds.
#[derive(Debug, Clone)]
pub struct CheckedFile {
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256 of the file, lower-case hex.
    pub sha256: String,
    /// Highest applied migration.
    pub schema_version: i64,
}

/// A backup that was written and checked.
#[derive(Debug, Clone)]
pub struct BackupInfo {
    /// The copy.
    pub path: PathBuf,
    /// The checksum file next to it (`FILE.sha256`, in `sha256sum` format).
    pub checksum_path: PathBuf,
    /// Size, checksum and schema of the copy.
    pub file: CheckedFile,
}

/// A restore that was done.
#[derive(Debug, Clone)]
pub struct RestoreInfo {
    /// Where the database that was there before now is (with `--force`).
    pub moved_aside: Option<PathBuf>,
    /// Size, checksum and schema of the restored file.
    pub file: CheckedFile,
}

/// The newest schema version this binary knows.
pub fn latest_schema_version() -> i64 {
    crate::migrate::MIGRATIONS.iter().map(|m| m.0).max().unwrap_or(0)
}

/// `FILE.sha256` for `FILE`.
pub fn checksum_path(file: &Path) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".sha256");
    PathBuf::from(name)
}

fn failed(what: &str, path: &Path, e: impl std::fmt::Display) -> BackupError {
    BackupError::Failed(format!("{what} {}: {e}", path.display()))
}

/// SHA-256 of a file, lower-case hex.
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut f = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

impl Store {
    /// Opens an existing SQLite database for a backup: no migrations, no seeding, never creates
    /// a database (a backup must not change what it copies).
    pub async fn open_for_backup(db: &Path) -> Result<Store, BackupError> {
        if !db.is_file() {
            return Err(BackupError::Refused(format!("er is geen database {}; er is niets om te kopiëren.", db.display())));
        }
        sqlx::any::install_default_drivers();
        Ok(Self::open_sqlite(&format!("sqlite://{}", db.display())).await?)
    }

    /// Writes a consistent copy of the SQLite database to `to` while others keep reading and
    /// writing, checks it, and writes `to.sha256`. Refuses an existing `to`.
    pub async fn backup_sqlite(&self, to: &Path) -> Result<BackupInfo, BackupError> {
        if self.engine != Engine::Sqlite {
            return Err(BackupError::Refused("een kopie met regie backup kan alleen van een SQLite-database; gebruik pg_dump voor PostgreSQL.".into()));
        }
        let sum_path = checksum_path(to);
        for p in [to, sum_path.as_path()] {
            if p.exists() {
                return Err(BackupError::Refused(format!("{} bestaat al; kies een nieuwe bestandsnaam. Er is niets overschreven.", p.display())));
            }
        }
        if let Some(parent) = to.parent().filter(|p| !p.as_os_str().is_empty()) {
            if !parent.is_dir() {
                return Err(BackupError::Refused(format!("de map {} bestaat niet.", parent.display())));
            }
        }
        let target = to.to_str().ok_or_else(|| BackupError::Refused(format!("{} is geen bruikbare bestandsnaam.", to.display())))?;
        // A read connection: VACUUM INTO reads one snapshot, so writers go on meanwhile.
        let written = sqlx::query("VACUUM INTO $1").bind(target).execute(self.r()).await;
        let result = match written {
            Ok(_) => finish_backup(to),
            Err(e) => Err(failed("kan de kopie niet schrijven naar", to, e)),
        };
        let result = match result {
            Ok(()) => check_sqlite_file(to).await,
            Err(e) => Err(e),
        };
        match result {
            Ok(file) => {
                std::fs::write(&sum_path, format!("{}  {}\n", file.sha256, to.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()))
                    .map_err(|e| failed("kan het controlegetal niet schrijven naar", &sum_path, e))?;
                sync_dir(to);
                Ok(BackupInfo { path: to.to_path_buf(), checksum_path: sum_path, file })
            }
            Err(e) => {
                // The file did not exist before: a failed copy must not look like a backup.
                let _ = std::fs::remove_file(to);
                Err(e)
            }
        }
    }
}

/// SQLite does not flush a `VACUUM INTO` file to disk; do it before anyone relies on it.
fn finish_backup(to: &Path) -> Result<(), BackupError> {
    let f = std::fs::File::open(to).map_err(|e| failed("kan de kopie niet openen:", to, e))?;
    f.sync_all().map_err(|e| failed("kan de kopie niet wegschrijven:", to, e))?;
    Ok(())
}

fn sync_dir(file: &Path) {
    if let Some(dir) = file.parent().filter(|p| !p.as_os_str().is_empty()) {
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
}

/// Checks a database file without changing it: the checksum in `FILE.sha256` when that file is
/// there, that it is an SQLite database, `integrity_check`, and a schema this binary knows.
pub async fn check_sqlite_file(path: &Path) -> Result<CheckedFile, BackupError> {
    let shown = path.display();
    let meta = std::fs::metadata(path).map_err(|e| BackupError::Refused(format!("{shown} kan niet worden gelezen: {e}")))?;
    if !meta.is_file() {
        return Err(BackupError::Refused(format!("{shown} is geen bestand.")));
    }
    let sha256 = sha256_file(path).map_err(|e| BackupError::Refused(format!("{shown} kan niet worden gelezen: {e}")))?;
    let sum_path = checksum_path(path);
    if sum_path.exists() {
        let text = std::fs::read_to_string(&sum_path)
            .map_err(|e| BackupError::Refused(format!("het controlebestand {} kan niet worden gelezen: {e}", sum_path.display())))?;
        let expected = text.split_whitespace().next().unwrap_or("").to_ascii_lowercase();
        if expected != sha256 {
            return Err(BackupError::Refused(format!(
                "{shown} is beschadigd of veranderd: het controlegetal klopt niet met {}. Gebruik een andere kopie.",
                sum_path.display()
            )));
        }
    }
    let mut header = [0u8; 16];
    let is_sqlite = std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut header)).is_ok() && &header == b"SQLite format 3\0";
    if !is_sqlite {
        return Err(BackupError::Refused(format!("{shown} is geen SQLite-database (geen kopie van Regie).")));
    }
    let damaged = |e: &dyn std::fmt::Display| BackupError::Refused(format!("{shown} is beschadigd: {e}. Gebruik een andere kopie."));
    // Immutable: SQLite writes nothing, not even -wal or -shm files next to the copy.
    let opts = SqliteConnectOptions::new().filename(path).read_only(true).immutable(true);
    let mut conn = opts.connect().await.map_err(|e| damaged(&e))?;
    let checked = async {
        let rows = sqlx::query("PRAGMA integrity_check").fetch_all(&mut conn).await.map_err(|e| damaged(&e))?;
        let lines: Vec<String> = rows.iter().filter_map(|r| r.try_get::<String, _>(0).ok()).collect();
        if lines != ["ok"] {
            let first = lines.first().cloned().unwrap_or_else(|| "geen antwoord".into());
            return Err(damaged(&format!("de controle van SQLite vond fouten ({first})")));
        }
        let has_table: i64 = sqlx::query("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
            .fetch_one(&mut conn)
            .await
            .map_err(|e| damaged(&e))?
            .try_get(0)
            .map_err(|e| damaged(&e))?;
        if has_table == 0 {
            return Err(BackupError::Refused(format!("{shown} is een SQLite-database, maar geen database van Regie (schema_migrations ontbreekt).")));
        }
        let version: Option<i64> = sqlx::query("SELECT MAX(version) FROM schema_migrations")
            .fetch_one(&mut conn)
            .await
            .map_err(|e| damaged(&e))?
            .try_get(0)
            .map_err(|e| damaged(&e))?;
        let version = version.unwrap_or(0);
        if version > latest_schema_version() {
            return Err(BackupError::Refused(format!(
                "{shown} komt van een nieuwere versie van Regie (schema {version}; deze versie kent tot en met {}). Gebruik die nieuwere versie om terug te zetten.",
                latest_schema_version()
            )));
        }
        Ok(version)
    }
    .await;
    let _ = conn.close().await;
    Ok(CheckedFile { bytes: meta.len(), sha256, schema_version: checked? })
}

/// Puts the checked copy `from` in place as `db`. Refuses when `db` exists, unless `force`: then
/// the old database (with its -wal and -shm files) is moved aside, never deleted. The caller opens
/// the store afterwards, which brings the schema up to date. Nothing changes when a check fails.
pub async fn restore_sqlite(from: &Path, db: &Path, force: bool) -> Result<RestoreInfo, BackupError> {
    let file = check_sqlite_file(from).await?;
    let side = |suffix: &str| {
        let mut s = db.as_os_str().to_owned();
        s.push(suffix);
        PathBuf::from(s)
    };
    let present = [db.to_path_buf(), side("-wal")].iter().any(|p| p.exists());
    if present && !force {
        return Err(BackupError::Refused(format!(
            "er staat al een database in {}. Er is niets veranderd. Wilt u die vervangen, stop dan Regie en gebruik --force: de huidige database wordt dan bewaard naast de nieuwe.",
            db.display()
        )));
    }
    if let Some(dir) = db.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| failed("kan de datamap niet aanmaken:", dir, e))?;
    }
    // Copy next to the target first, so a half copy never sits where the database belongs.
    let part = side(".restoring");
    std::fs::copy(from, &part).map_err(|e| failed("kan de kopie niet neerzetten in", &part, e))?;
    std::fs::File::open(&part).and_then(|f| f.sync_all()).map_err(|e| failed("kan de kopie niet wegschrijven:", &part, e))?;
    let mut moved_aside = None;
    if present {
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ").to_string();
        let aside = side(&format!(".before-restore-{stamp}"));
        for suffix in ["", "-wal", "-shm"] {
            let (old, new) = (side(suffix), PathBuf::from(format!("{}{suffix}", aside.display())));
            if old.exists() {
                std::fs::rename(&old, &new).map_err(|e| failed("kan de huidige database niet opzij zetten:", &old, e))?;
            }
        }
        moved_aside = Some(aside);
    }
    std::fs::rename(&part, db).map_err(|e| failed("kan de kopie niet op zijn plaats zetten:", db, e))?;
    sync_dir(db);
    Ok(RestoreInfo { moved_aside, file })
}
