//! A throwaway PostgreSQL 15 cluster, started once per test run from the machine's Debian
//! packages (as the `postgres` user when the tests run as root; PostgreSQL refuses root), with a
//! fresh database per test. The cluster stops and its folder goes when the test process ends.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

const BIN: &str = "/usr/lib/postgresql/15/bin";

struct Cluster {
    port: u16,
}

static CLUSTER: OnceLock<Option<Cluster>> = OnceLock::new();
static NEXT_DB: AtomicU32 = AtomicU32::new(1);

fn required() -> bool {
    std::env::var("REGIE_REQUIRE_POSTGRES").is_ok_and(|v| v == "1")
}

fn unavailable(why: &str) -> Option<Cluster> {
    if required() {
        panic!("REGIE_REQUIRE_POSTGRES=1 but PostgreSQL cannot be used: {why}");
    }
    eprintln!("\n!!!!!!!! SKIPPING POSTGRESQL TESTS: {why}. Install postgresql-15 or set REGIE_REQUIRE_POSTGRES=1 to make this fail. !!!!!!!!\n");
    None
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Runs a command as the `postgres` user when we are root, as ourselves otherwise.
fn as_pg_user(program: &str, args: &[&str]) -> Command {
    if is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--", program]).args(args);
        c
    } else {
        let mut c = Command::new(program);
        c.args(args);
        c
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("free port")
}

fn start() -> Option<Cluster> {
    if !Path::new(BIN).join("postgres").exists() {
        return unavailable(&format!("{BIN}/postgres not found"));
    }
    let dir: PathBuf = std::env::temp_dir().join(format!("regie-pg-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("cluster dir");
    if is_root() {
        let ok = Command::new("chown").args(["postgres:postgres", dir.to_str().unwrap()]).status().is_ok_and(|s| s.success());
        if !ok {
            return unavailable("cannot hand the cluster folder to the postgres user");
        }
    }
    let data = dir.join("data");
    let init = as_pg_user(&format!("{BIN}/initdb"), &["-D", data.to_str().unwrap(), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output();
    match init {
        Ok(o) if o.status.success() => {}
        Ok(o) => return unavailable(&format!("initdb failed: {}", String::from_utf8_lossy(&o.stderr))),
        Err(e) => return unavailable(&format!("initdb could not run: {e}")),
    }
    let port = free_port();
    // A watchdog shell stops the server and removes the folder once this test process is gone.
    let script = format!(
        "{BIN}/postgres -D {data} -p {port} -k {dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off \
         -c full_page_writes=off -c max_connections=200 >{dir}/log 2>&1 & P=$!; \
         while [ -d /proc/{pid} ]; do sleep 1; done; kill -INT $P; wait $P; rm -rf {dir}",
        data = data.display(),
        dir = dir.display(),
        pid = std::process::id()
    );
    if let Err(e) = as_pg_user("sh", &["-c", &script]).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null()).spawn() {
        return unavailable(&format!("postgres could not start: {e}"));
    }
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            let ready = Command::new(format!("{BIN}/pg_isready")).args(["-h", "127.0.0.1", "-p", &port.to_string()]).output();
            if ready.is_ok_and(|o| o.status.success()) {
                return Some(Cluster { port });
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let log = std::fs::read_to_string(dir.join("log")).unwrap_or_default();
    unavailable(&format!("postgres did not accept connections within 30 s: {log}"))
}

/// A new empty database in the cluster; its URL.
pub async fn fresh_database() -> Option<String> {
    let cluster = CLUSTER.get_or_init(start).as_ref()?;
    let name = format!("regie_t{}", NEXT_DB.fetch_add(1, Ordering::Relaxed));
    let admin = format!("postgres://postgres@127.0.0.1:{}/postgres", cluster.port);
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(&admin).await.expect("connect to test cluster");
    sqlx::Executor::execute(&mut conn, format!("CREATE DATABASE {name}").as_str()).await.expect("create test database");
    conn.close().await.ok();
    Some(format!("postgres://postgres@127.0.0.1:{}/{name}", cluster.port))
}
