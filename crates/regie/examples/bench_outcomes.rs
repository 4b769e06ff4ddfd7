//! Measures the outcomes report for the whole organisation (as kwaliteit@, every team, no
//! filter) on a demo organisation of N clients: the median time of several runs and the number
//! of database queries per report, on SQLite and — when a PostgreSQL address is given — on
//! PostgreSQL. The aim: under one second at 100 000 clients.
//!
//! ```text
//! cargo run --release -p regie --example bench_outcomes -- 100000
//! cargo run --release -p regie --example bench_outcomes -- 100000 --data /tmp/demo-100k   # reuse
//! cargo run --release -p regie --example bench_outcomes -- 100000 --pg postgres://…/leeg
//! REGIE_BENCH_PG_URL=postgres://…/leeg cargo run --release -p regie --example bench_outcomes -- 100000
//! ```
//!
//! Without `--data` the SQLite demo goes into a temporary folder. A database that already holds
//! the demo of the same size is reused; an empty one is filled first.

use regie_store::demo::DemoState;
use regie_store::{OutcomeFilter, Store};
use std::time::{Duration, Instant};

const ROUNDS: usize = 7;
const WHO: &str = "kwaliteit@demo.regie.nl";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let mut clients: usize = 1000;
    let mut sqlite: Option<String> = None;
    let mut pg: Option<String> = std::env::var("REGIE_BENCH_PG_URL").ok().filter(|u| !u.is_empty());
    while let Some(a) = args.next() {
        match a.as_str() {
            "--data" => {
                let dir = std::path::PathBuf::from(args.next().expect("--data DIR"));
                std::fs::create_dir_all(&dir)?;
                sqlite = Some(format!("sqlite://{}", dir.join("regie.db").display()));
            }
            "--pg" | "--database" => pg = Some(args.next().expect("--pg URL")),
            n => clients = n.replace('_', "").parse().expect("number of clients"),
        }
    }
    let tmp = tempfile::tempdir()?;
    let sqlite = sqlite.unwrap_or_else(|| format!("sqlite://{}", tmp.path().join("regie.db").display()));
    println!("{:<44} {:>8} {:>10} {:>10} {:>10}", "outcomes report, whole organisation", "queries", "median ms", "min ms", "max ms");
    bench(&sqlite, clients).await?;
    if let Some(url) = pg {
        bench(&url, clients).await?;
    } else {
        println!("(PostgreSQL: give --pg URL or REGIE_BENCH_PG_URL to measure it too)");
    }
    Ok(())
}

async fn bench(url: &str, clients: usize) -> anyhow::Result<()> {
    let store = Store::open(url).await?;
    match store.demo_state().await? {
        DemoState::Empty => {
            let t = Instant::now();
            store.generate_demo(clients, regie_store::today()).await?;
            println!("{:?}: demo with {clients} clients generated in {:.1} s", store.engine(), t.elapsed().as_secs_f64());
        }
        DemoState::Demo { clients: n } if n as usize == clients => {}
        other => anyhow::bail!("{} holds {other:?}, not a demo of {clients} clients", regie_store::redact(url)),
    }
    let user = store.user_by_email(WHO).await?.ok_or_else(|| anyhow::anyhow!("{WHO} is missing"))?;
    let filter = OutcomeFilter::default();
    // One warm-up, then the measured rounds.
    let report = store.outcomes_report(&user, &filter).await?.ok_or_else(|| anyhow::anyhow!("{WHO} may not see the report"))?;
    let mut times: Vec<Duration> = Vec::new();
    let mut counts = Vec::new();
    for _ in 0..ROUNDS {
        let before = store.query_count();
        let t = Instant::now();
        store.outcomes_report(&user, &filter).await?;
        times.push(t.elapsed());
        counts.push(store.query_count() - before);
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let pairs: i64 = report.instruments.iter().flat_map(|i| i.domains.iter()).map(|d| d.outcome.n_pairs).sum();
    let label = format!("{:?}, {clients} clients ({} domain pairs)", store.engine(), pairs);
    let q = if counts.iter().min() == counts.iter().max() { counts[0].to_string() } else { format!("{counts:?}") };
    println!("{label:<44} {q:>8} {:>10.1} {:>10.1} {:>10.1}", ms(times[ROUNDS / 2]), ms(times[0]), ms(times[ROUNDS - 1]));
    store.close().await;
    Ok(())
}
