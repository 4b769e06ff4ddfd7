//! Layered settings: defaults < TOML file < `REGIE_*` environment < command-line flags.
//! Every wrong value is refused with a Dutch message that names where it came from.

use crate::{user_error, DbArgs, WebArgs};
use anyhow::Result;
use clap::parser::ValueSource;
use clap::ArgMatches;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// The keys a configuration file may hold.
pub const FILE_KEYS: &[&str] = &[
    "data",
    "database",
    "listen",
    "secure_cookies",
    "session_idle_minutes",
    "session_absolute_hours",
    "log",
    "trusted_proxies",
    "audit_retention_years",
];

/// Default SQLite data folder.
pub const DEFAULT_DATA: &str = "./regie-data";
/// Default listen address.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

/// Where a value came from, lowest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Layer {
    Default,
    File,
    Env,
    Flag,
}

/// The settings file, checked: only known keys, each of the right kind.
#[derive(Debug, Clone, Default)]
pub struct FileConfig {
    path: Option<PathBuf>,
    data: Option<PathBuf>,
    database: Option<String>,
    listen: Option<String>,
    secure_cookies: Option<bool>,
    session_idle_minutes: Option<i64>,
    session_absolute_hours: Option<i64>,
    /// The `log` filter.
    pub log: Option<String>,
    /// Reverse proxies whose `X-Forwarded-For` is believed (addresses or CIDR networks).
    trusted_proxies: Option<Vec<String>>,
    /// Retention term of the access log, years.
    audit_retention_years: Option<i64>,
}

impl FileConfig {
    /// Reads and checks the file at `path` (none: an empty configuration).
    pub fn load(path: Option<&Path>) -> Result<FileConfig> {
        let Some(path) = path else { return Ok(FileConfig::default()) };
        let shown = path.display();
        let text = std::fs::read_to_string(path).map_err(|e| user_error(format!("het configuratiebestand {shown} kan niet worden gelezen: {e}")))?;
        let table: toml::Table = text
            .parse()
            .map_err(|e: toml::de::Error| user_error(format!("het configuratiebestand {shown} is geen geldige TOML: {}", e.message())))?;
        let mut c = FileConfig { path: Some(path.to_path_buf()), ..FileConfig::default() };
        for (key, value) in &table {
            let kind = |what: &str| user_error(format!("in {shown} moet `{key}` {what} zijn."));
            match key.as_str() {
                "data" => c.data = Some(PathBuf::from(value.as_str().ok_or_else(|| kind("een map (tekst tussen aanhalingstekens)"))?)),
                "database" => c.database = Some(value.as_str().ok_or_else(|| kind("een database-adres (tekst tussen aanhalingstekens)"))?.to_string()),
                "listen" => c.listen = Some(value.as_str().ok_or_else(|| kind("een adres met poort, zoals \"127.0.0.1:8080\""))?.to_string()),
                "secure_cookies" => c.secure_cookies = Some(value.as_bool().ok_or_else(|| kind("true of false"))?),
                "session_idle_minutes" => c.session_idle_minutes = Some(value.as_integer().ok_or_else(|| kind("een heel getal (minuten)"))?),
                "session_absolute_hours" => c.session_absolute_hours = Some(value.as_integer().ok_or_else(|| kind("een heel getal (uren)"))?),
                "log" => c.log = Some(value.as_str().ok_or_else(|| kind("een logfilter, zoals \"info\""))?.to_string()),
                "trusted_proxies" => {
                    let what = "een lijst van adressen of netwerken, zoals [\"10.0.0.1\", \"10.1.0.0/16\"]";
                    let list = match value {
                        toml::Value::String(s) => s.split(',').map(str::to_string).collect(),
                        toml::Value::Array(a) => a.iter().map(|v| v.as_str().map(str::to_string).ok_or_else(|| kind(what))).collect::<Result<Vec<_>>>()?,
                        _ => return Err(kind(what)),
                    };
                    c.trusted_proxies = Some(list);
                }
                "audit_retention_years" => c.audit_retention_years = Some(value.as_integer().ok_or_else(|| kind("een heel getal (jaren)"))?),
                other => {
                    return Err(user_error(format!(
                        "onbekende instelling `{other}` in {shown}. Bekende instellingen zijn: {}.",
                        FILE_KEYS.join(", ")
                    )))
                }
            }
        }
        Ok(c)
    }

    fn name(&self, key: &str) -> String {
        match &self.path {
            Some(p) => format!("`{key}` in {}", p.display()),
            None => format!("`{key}`"),
        }
    }
}

/// Where the data lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// An SQLite file `regie.db` in this folder.
    Data(PathBuf),
    /// A database URL (PostgreSQL, or an explicit `sqlite://` address).
    Url(String),
}

impl Target {
    /// The database URL; creates the data folder when needed.
    pub fn url(&self) -> Result<String> {
        match self {
            Target::Url(u) => Ok(u.clone()),
            Target::Data(dir) => {
                std::fs::create_dir_all(dir).map_err(|e| user_error(format!("kan de datamap {} niet aanmaken: {e}", dir.display())))?;
                Ok(format!("sqlite://{}", dir.join("regie.db").display()))
            }
        }
    }
}

/// The web server's settings.
#[derive(Debug, Clone)]
pub struct Web {
    /// Listen address.
    pub listen: SocketAddr,
    /// `Secure` cookies.
    pub secure_cookies: bool,
    /// Idle session lifetime, minutes.
    pub session_idle_minutes: i64,
    /// Absolute session lifetime, hours.
    pub session_absolute_hours: i64,
    /// Reverse proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<regie_web::TrustedProxy>,
}

fn layer(m: &ArgMatches, id: &str) -> Layer {
    match m.try_get_raw(id).ok().and_then(|_| m.value_source(id)) {
        Some(ValueSource::CommandLine) => Layer::Flag,
        Some(ValueSource::EnvVariable) => Layer::Env,
        _ => Layer::Default,
    }
}

fn flag_name(id: &str) -> String {
    format!("--{}", id.replace('_', "-"))
}

fn env_name(id: &str) -> String {
    format!("REGIE_{}", id.to_uppercase())
}

/// The name of a setting as the user gave it.
fn source_name(l: Layer, id: &str, file: &FileConfig) -> String {
    match l {
        Layer::Flag => flag_name(id),
        Layer::Env => env_name(id),
        Layer::File => file.name(id),
        Layer::Default => format!("de standaardwaarde van {}", flag_name(id)),
    }
}

/// Resolves the database target from flags/environment (`m`), the file and the default.
pub fn target(db: &DbArgs, m: &ArgMatches, file: &FileConfig) -> Result<Target> {
    let data_layer = if db.data.is_some() { layer(m, "data") } else { Layer::Default };
    let url_layer = if db.database.is_some() { layer(m, "database") } else { Layer::Default };
    if db.data.is_some() && db.database.is_some() && data_layer == url_layer {
        return Err(user_error(format!(
            "{} en {} zijn allebei opgegeven; kies één: een SQLite-map of een database-adres.",
            source_name(data_layer, "data", file),
            source_name(url_layer, "database", file)
        )));
    }
    let mut best: Option<(Layer, Target)> = None;
    let mut offer = |l: Layer, t: Target| {
        if best.as_ref().is_none_or(|(b, _)| l > *b) {
            best = Some((l, t));
        }
    };
    if file.data.is_some() && file.database.is_some() {
        return Err(user_error(format!(
            "{} en {} staan er allebei; kies één: een SQLite-map of een database-adres.",
            file.name("data"),
            file.name("database")
        )));
    }
    if let Some(d) = &file.data {
        offer(Layer::File, Target::Data(d.clone()));
    }
    if let Some(u) = &file.database {
        offer(Layer::File, Target::Url(u.clone()));
    }
    if let Some(d) = &db.data {
        offer(data_layer, Target::Data(d.clone()));
    }
    if let Some(u) = &db.database {
        offer(url_layer, Target::Url(u.clone()));
    }
    let target = best.map(|(_, t)| t).unwrap_or_else(|| Target::Data(PathBuf::from(DEFAULT_DATA)));
    if let Target::Url(u) = &target {
        if u.trim().is_empty() {
            return Err(user_error("het database-adres is leeg."));
        }
    }
    Ok(target)
}

/// Picks the highest layer's value of one setting.
fn pick<T: Clone>(flag: Option<T>, m: &ArgMatches, id: &str, file: Option<T>, default: T) -> (T, Layer) {
    match flag {
        Some(v) => (v, layer(m, id)),
        None => match file {
            Some(v) => (v, Layer::File),
            None => (default, Layer::Default),
        },
    }
}

/// Resolves the web server's settings.
pub fn web(w: &WebArgs, m: &ArgMatches, file: &FileConfig) -> Result<Web> {
    let (listen, l) = pick(w.listen.clone(), m, "listen", file.listen.clone(), DEFAULT_LISTEN.to_string());
    let listen: SocketAddr = listen.trim().parse().map_err(|_| {
        user_error(format!(
            "{}: ‘{listen}’ is geen geldig adres met poort. Schrijf bijvoorbeeld 127.0.0.1:8080 (alleen op deze computer) of 0.0.0.0:8080 (op het netwerk).",
            source_name(l, "listen", file)
        ))
    })?;

    let secure_cookies = match &w.secure_cookies {
        Some(v) => parse_bool(v).ok_or_else(|| {
            user_error(format!("{}: ‘{v}’ moet true of false zijn.", source_name(layer(m, "secure_cookies"), "secure_cookies", file)))
        })?,
        None => file.secure_cookies.unwrap_or(false),
    };

    let session_idle_minutes = number(w.session_idle_minutes.as_deref(), m, "session_idle_minutes", file.session_idle_minutes, 30, file)?;
    if !(1..=10_080).contains(&session_idle_minutes) {
        return Err(user_error(format!(
            "{}: een sessie verloopt na 1 tot 10080 minuten (een week) zonder activiteit, niet na {session_idle_minutes}.",
            source_of(w.session_idle_minutes.is_some(), m, "session_idle_minutes", file)
        )));
    }
    let session_absolute_hours = number(w.session_absolute_hours.as_deref(), m, "session_absolute_hours", file.session_absolute_hours, 12, file)?;
    if !(1..=720).contains(&session_absolute_hours) {
        return Err(user_error(format!(
            "{}: een sessie duurt 1 tot 720 uur (dertig dagen), niet {session_absolute_hours}.",
            source_of(w.session_absolute_hours.is_some(), m, "session_absolute_hours", file)
        )));
    }
    let trusted_proxies = trusted_proxies(w, m, file)?;
    Ok(Web { listen, secure_cookies, session_idle_minutes, session_absolute_hours, trusted_proxies })
}

/// The trusted proxies: a comma-separated flag or `REGIE_TRUSTED_PROXIES`, else the file's list.
fn trusted_proxies(w: &WebArgs, m: &ArgMatches, file: &FileConfig) -> Result<Vec<regie_web::TrustedProxy>> {
    let (list, source) = match &w.trusted_proxies {
        Some(v) => (v.split(',').map(str::to_string).collect::<Vec<_>>(), source_name(layer(m, "trusted_proxies"), "trusted_proxies", file)),
        None => (file.trusted_proxies.clone().unwrap_or_default(), file.name("trusted_proxies")),
    };
    list.iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .map(|p| regie_web::TrustedProxy::parse(p).map_err(|e| user_error(format!("{source}: {e}"))))
        .collect()
}

/// The access log's retention term in years: flag or `REGIE_AUDIT_RETENTION_YEARS`, else the
/// file, else five. Less than five is refused (NEN 7513 asks for at least five years).
pub fn audit_retention_years(flag: Option<&str>, m: &ArgMatches, file: &FileConfig) -> Result<i64> {
    let min = regie_store::AUDIT_RETENTION_MIN_YEARS;
    let years = number(flag, m, "audit_retention_years", file.audit_retention_years, min, file)?;
    if years < min {
        let source = if flag.is_some() { source_name(layer(m, "audit_retention_years"), "audit_retention_years", file) } else { file.name("audit_retention_years") };
        return Err(user_error(format!(
            "{source}: de toegangslog moet minstens {min} jaar bewaard blijven (NEN 7513), niet {years}."
        )));
    }
    if years > 100 {
        return Err(user_error(format!("een bewaartermijn van {years} jaar is niet zinnig; kies 5 tot 100 jaar.")));
    }
    Ok(years)
}

fn source_of(given: bool, m: &ArgMatches, id: &str, file: &FileConfig) -> String {
    let l = if given {
        layer(m, id)
    } else {
        Layer::File
    };
    source_name(l, id, file)
}

fn number(flag: Option<&str>, m: &ArgMatches, id: &str, from_file: Option<i64>, default: i64, file: &FileConfig) -> Result<i64> {
    match flag {
        Some(v) => v
            .trim()
            .parse()
            .map_err(|_| user_error(format!("{}: ‘{v}’ is geen heel getal.", source_name(layer(m, id), id, file)))),
        None => Ok(from_file.unwrap_or(default)),
    }
}

fn parse_bool(v: &str) -> Option<bool> {
    match v.trim().to_lowercase().as_str() {
        "true" | "1" | "ja" | "yes" | "aan" | "on" => Some(true),
        "false" | "0" | "nee" | "no" | "uit" | "off" => Some(false),
        _ => None,
    }
}

/// The log filter and whether the command line set it (which beats `RUST_LOG`).
pub fn log_filter(log: Option<&str>, m: &ArgMatches, file: &FileConfig) -> (String, String) {
    let from_flag = log.is_some() && layer(m, "log") == Layer::Flag;
    if from_flag {
        return (log.unwrap_or_default().to_string(), "--log".into());
    }
    if let Ok(v) = std::env::var("RUST_LOG") {
        if !v.trim().is_empty() {
            return (v, "RUST_LOG".into());
        }
    }
    if let Some(v) = log {
        return (v.to_string(), "REGIE_LOG".into());
    }
    if let Some(v) = &file.log {
        return (v.clone(), file.name("log"));
    }
    ("info".into(), "de standaardwaarde".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn booleans_in_dutch_and_english() {
        assert_eq!(parse_bool("ja"), Some(true));
        assert_eq!(parse_bool("False"), Some(false));
        assert_eq!(parse_bool("misschien"), None);
    }

    #[test]
    fn unknown_file_keys_are_refused() {
        let dir = std::env::temp_dir().join(format!("regie-settings-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("regie.toml");
        std::fs::write(&path, "listen = \"127.0.0.1:9000\"\nlisen = 1\n").unwrap();
        let err = FileConfig::load(Some(&path)).unwrap_err().to_string();
        assert!(err.contains("onbekende instelling `lisen`"), "{err}");
        std::fs::write(&path, "secure_cookies = \"ja\"\n").unwrap();
        let err = FileConfig::load(Some(&path)).unwrap_err().to_string();
        assert!(err.contains("true of false"), "{err}");
        std::fs::write(&path, "listen = \"127.0.0.1:9000\"\nsession_idle_minutes = 45\n").unwrap();
        let c = FileConfig::load(Some(&path)).unwrap();
        assert_eq!(c.listen.as_deref(), Some("127.0.0.1:9000"));
        assert_eq!(c.session_idle_minutes, Some(45));
        std::fs::write(&path, "trusted_proxies = [\"127.0.0.1\", \"10.0.0.0/8\"]\naudit_retention_years = 7\n").unwrap();
        let c = FileConfig::load(Some(&path)).unwrap();
        assert_eq!(c.trusted_proxies.as_deref(), Some(&["127.0.0.1".to_string(), "10.0.0.0/8".to_string()][..]));
        assert_eq!(c.audit_retention_years, Some(7));
        std::fs::write(&path, "trusted_proxies = 5\n").unwrap();
        assert!(FileConfig::load(Some(&path)).unwrap_err().to_string().contains("lijst van adressen"));
        std::fs::remove_dir_all(&dir).ok();
    }
}
