//! Measures what the caseload and dossier pages cost, through the real router over HTTP, on a
//! demo organisation of N clients: wall time and the number of database queries per page.
//! The point: the query count is the same for 60 and for 100 000 clients.
//!
//! ```text
//! cargo run --release -p regie --example bench_pages -- 60
//! cargo run --release -p regie --example bench_pages -- 100000
//! cargo run --release -p regie --example bench_pages -- 100000 --data /tmp/demo-100k   # reuse
//! cargo run --release -p regie --example bench_pages -- 60 --database postgres://…/leeg
//! ```
//!
//! Without `--data`/`--database` it generates into a temporary SQLite folder. With `--data DIR` or
//! `--database URL` an existing demo of the same size is reused; an empty database is filled.

use regie_store::demo::DemoState;
use regie_store::Store;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

const EMAIL: &str = "begeleider@demo.regie.nl";
const LEAD: &str = "teamleider@demo.regie.nl";
const ROUNDS: usize = 7;

/// A client with its own cookie jar, signed in through the real sign-in form.
async fn sign_in(base: &str, email: &str) -> anyhow::Result<reqwest::Client> {
    let http = reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build()?;
    let form = http.get(format!("{base}/inloggen")).send().await?.text().await?;
    let csrf = between(&form, "name=\"csrf\" value=\"", "\"").ok_or_else(|| anyhow::anyhow!("no csrf field on the sign-in form"))?;
    let res = http
        .post(format!("{base}/inloggen"))
        .form(&[("email", email), ("password", regie_store::demo::DEMO_PASSWORD), ("csrf", csrf.as_str())])
        .send()
        .await?;
    anyhow::ensure!(res.status() == 303, "sign-in of {email} answered {}", res.status());
    // The second step: the demo account's code (a code works once, so a rerun within the same
    // half minute takes the next one, which the server also accepts).
    let secret = regie_store::demo_secret(email);
    let step = regie_store::totp::current_step();
    for s in [step, step + 1] {
        let page = http.get(format!("{base}/inloggen/code")).send().await?.text().await?;
        let csrf = between(&page, "name=\"csrf\" value=\"", "\"").ok_or_else(|| anyhow::anyhow!("no csrf field on the code form"))?;
        let code = regie_store::totp::code(&secret, s).unwrap_or_default();
        let res = http.post(format!("{base}/inloggen/code")).form(&[("code", code.as_str()), ("csrf", csrf.as_str())]).send().await?;
        if res.status() == 303 && http.get(format!("{base}/clienten")).send().await?.status() == 200 {
            return Ok(http);
        }
    }
    anyhow::bail!("the code step of {email} was refused")
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let mut clients: usize = 60;
    let mut url: Option<String> = None;
    let mut keep_dir = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--data" => {
                let dir = std::path::PathBuf::from(args.next().expect("--data DIR"));
                std::fs::create_dir_all(&dir)?;
                url = Some(format!("sqlite://{}", dir.join("regie.db").display()));
            }
            "--database" => url = Some(args.next().expect("--database URL")),
            n => clients = n.replace('_', "").parse().expect("number of clients"),
        }
    }
    let url = match url {
        Some(u) => u,
        None => {
            let dir = tempfile::tempdir()?;
            let u = format!("sqlite://{}", dir.path().join("regie.db").display());
            keep_dir = Some(dir);
            u
        }
    };
    let store = Store::open(&url).await?;
    println!("database: {} ({:?})", regie_store::redact(&url), store.engine());
    match store.demo_state().await? {
        DemoState::Empty => {
            let t = Instant::now();
            store.generate_demo(clients, regie_store::today()).await?;
            println!("demo with {clients} clients generated in {:.1} s", t.elapsed().as_secs_f64());
        }
        DemoState::Demo { clients: n } if n as usize == clients => println!("reusing the demo with {n} clients"),
        other => anyhow::bail!("the database holds {other:?}, not a demo of {clients} clients"),
    }

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let app = regie_web::router(store.clone(), regie_web::WebConfig::default());
    tokio::spawn(async move {
        axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).await.ok();
    });
    let base = format!("http://{addr}");
    println!("{:<52} {:>6} {:>10} {:>10}", "page", "status", "queries", "median ms");
    for (email, list) in [(EMAIL, "/clienten"), (LEAD, "/clienten?weergave=team")] {
        let who = email.split('@').next().unwrap_or("");
        let http = sign_in(&base, email).await?;
        let body = http.get(format!("{base}{list}")).send().await?.text().await?;
        let links = links(&body);
        anyhow::ensure!(!links.is_empty(), "no client links on {list} for {email}");
        let m = measure(&http, &base, &store, &[list.to_string()]).await?;
        println!("{:<52} {:>6} {:>10} {:>10.1}", format!("{list} as {who} ({} rows)", links.len()), m.status, m.queries(), m.median_ms());
        let m = measure(&http, &base, &store, &links).await?;
        println!("{:<52} {:>6} {:>10} {:>10.1}", format!("each of those {} dossiers as {who}", links.len()), m.status, m.queries(), m.median_ms());
    }
    store.close().await;
    drop(keep_dir);
    Ok(())
}

/// Timings and query counts over repeated requests.
struct Measured {
    status: u16,
    times: Vec<Duration>,
    counts: Vec<u64>,
}

impl Measured {
    fn queries(&self) -> String {
        let (lo, hi) = (self.counts.iter().min().copied().unwrap_or(0), self.counts.iter().max().copied().unwrap_or(0));
        if lo == hi {
            lo.to_string()
        } else {
            format!("{lo}–{hi}")
        }
    }

    fn median_ms(&self) -> f64 {
        let mut t = self.times.clone();
        t.sort();
        t.get(t.len() / 2).map(|d| d.as_secs_f64() * 1000.0).unwrap_or(0.0)
    }
}

/// GETs each path `ROUNDS` times (after one warm-up), counting queries per request.
async fn measure(http: &reqwest::Client, base: &str, store: &Store, paths: &[String]) -> anyhow::Result<Measured> {
    let mut m = Measured { status: 0, times: Vec::new(), counts: Vec::new() };
    for path in paths {
        http.get(format!("{base}{path}")).send().await?.bytes().await?;
        for _ in 0..ROUNDS {
            let before = store.query_count();
            let t = Instant::now();
            let res = http.get(format!("{base}{path}")).send().await?;
            let status = res.status().as_u16();
            res.bytes().await?;
            m.times.push(t.elapsed());
            m.counts.push(store.query_count() - before);
            m.status = m.status.max(status);
        }
    }
    Ok(m)
}

/// The dossier links on a caseload page.
fn links(body: &str) -> Vec<String> {
    body.split("class=\"client-link\" href=\"").skip(1).filter_map(|s| s.split('"').next()).map(String::from).collect()
}

fn between(s: &str, start: &str, end: &str) -> Option<String> {
    let i = s.find(start)? + start.len();
    let j = s[i..].find(end)? + i;
    Some(s[i..j].to_string())
}
