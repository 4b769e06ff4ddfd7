//! The kept outcome pairs and totals (`outcome_pairs`, `outcome_totals`: what the report groups)
//! stay what pairing the measurements gives, on both engines: after recording, correcting and removing worker and
//! client measurements, after the demo, and when a client is erased (gone) or anonymised (kept
//! for statistics).

use crate::avg::{actor, close_on, databases};
use chrono::{Duration, NaiveDate};
use regie_domain::catalogue::AuditAction;
use regie_domain::instrument::{instrument, MeasurementInput, ScoreInput};
use regie_store::{ClientInput, ClientScope, ErasureInput, Store, TrajectoryInput};

fn today() -> NaiveDate {
    regie_store::today()
}

/// A worker (or client) measurement on `version` `days_ago`, every domain at `level`, the
/// second domain "niet besproken".
fn input(version: &str, rater: &str, days_ago: i64, level: i64) -> MeasurementInput {
    let scores = instrument(version)
        .unwrap()
        .domains
        .iter()
        .enumerate()
        .map(|(k, d)| ScoreInput { domain: d.code.into(), level: if k == 1 { "nb".into() } else { level.to_string() }, note: String::new() })
        .collect();
    MeasurementInput {
        instrument: version.into(),
        rater: rater.into(),
        measured_on: (today() - Duration::days(days_ago)).to_string(),
        moment: "tussen".into(),
        sources: vec!["client".into()],
        scores,
        ..Default::default()
    }
}

/// The kept pairs equal the computed ones; returns the kept pairs of trajectory `tid`.
async fn same(store: &Store, engine: &str, step: &str, tid: i64) -> Vec<(String, String, i64, i64, String)> {
    let kept = store.outcome_pair_rows(true).await.unwrap();
    assert_eq!(kept, store.outcome_pair_rows(false).await.unwrap(), "{engine} after {step}: kept pairs differ from the measurements'");
    let totals = store.outcome_total_rows(true).await.unwrap();
    assert_eq!(totals, store.outcome_total_rows(false).await.unwrap(), "{engine} after {step}: kept totals differ");
    let mine = totals.iter().find(|t| t.0 == tid && t.1 == "zrm2017");
    let pairs: Vec<_> = kept.iter().filter(|p| p.0 == tid && p.1 == "zrm2017").collect();
    let sums = (pairs.iter().map(|p| p.3).sum::<i64>(), pairs.iter().map(|p| p.4).sum::<i64>(), pairs.len() as i64);
    assert_eq!(mine.map(|t| (t.2, t.3, t.4)), (!pairs.is_empty()).then_some(sums), "{engine} after {step}: the total of the pairs");
    kept.into_iter().filter(|p| p.0 == tid).map(|p| (p.1, p.2, p.3, p.4, p.5)).collect()
}

async fn client(store: &Store, last: &str) -> (i64, i64, ClientScope) {
    let who = actor(store, "begeleider@test.nl").await;
    let id = store.register_client(&who, &ClientInput { first_name: "Noor".into(), last_name: last.into(), ..Default::default() }).await.unwrap();
    let scope = store.open_client(&who, id, AuditAction::Update, "test").await.unwrap();
    let model = store.phase_models().await.unwrap().into_iter().find(|m| m.code == "8fasen").unwrap();
    let start = TrajectoryInput { model_id: model.id, owner_user_id: who.user.id, started_on: (today() - Duration::days(300)).to_string(), ..Default::default() };
    let t = store.start_trajectory(&scope, &start, today()).await.unwrap();
    (id, t.id, scope)
}

#[tokio::test]
async fn recording_correcting_and_removing_measurements_keeps_the_pairs_exact() {
    for db in databases().await {
        let (store, engine) = (&db.store, db.engine);
        crate::harness::seed_org(store).await;
        let (_, tid, scope) = client(store, "Paring").await;
        let (other_id, other_tid, other) = client(store, "Naast").await;
        let t = today();

        let a = store.record_measurement(&scope, tid, &input("zrm2017", "begeleider", 200, 2), t).await.unwrap();
        assert!(same(store, engine, "one measurement", tid).await.is_empty(), "{engine}: one measurement is no pair");
        let b = store.record_measurement(&scope, tid, &input("zrm2017", "begeleider", 100, 3), t).await.unwrap();
        let pairs = same(store, engine, "a second measurement", tid).await;
        assert_eq!(pairs.len(), 12, "{engine}: 13 domains, one not discussed");
        assert!(pairs.iter().all(|p| p.2 == 2 && p.3 == 3 && p.4 == (t - Duration::days(100)).to_string()), "{engine}: {pairs:?}");
        // Neither the client's own score nor another version nor another client's trajectory counts here.
        store.record_measurement(&scope, tid, &input("zrm2017", "client", 10, 5), t).await.unwrap();
        let c13 = store.record_measurement(&scope, tid, &input("zrm2013", "begeleider", 50, 1), t).await.unwrap();
        store.record_measurement(&other, other_tid, &input("zrm2017", "begeleider", 90, 1), t).await.unwrap();
        store.record_measurement(&other, other_tid, &input("zrm2017", "begeleider", 20, 4), t).await.unwrap();
        assert_eq!(same(store, engine, "other scores", tid).await, pairs, "{engine}");

        // A correction of the last one's level and day; then one moved before the first.
        let b = store.correct_measurement(&scope, b.id, b.version, &input("zrm2017", "begeleider", 30, 4), t).await.unwrap();
        let pairs = same(store, engine, "a correction", tid).await;
        assert!(pairs.iter().all(|p| p.2 == 2 && p.3 == 4 && p.4 == (t - Duration::days(30)).to_string()), "{engine}: {pairs:?}");
        let b = store.correct_measurement(&scope, b.id, b.version, &input("zrm2017", "begeleider", 250, 5), t).await.unwrap();
        let pairs = same(store, engine, "a correction of the day", tid).await;
        assert!(pairs.iter().all(|p| p.2 == 5 && p.3 == 2), "{engine}: first and last swapped: {pairs:?}");
        // A second version's pair; a worker score corrected into the client's own.
        let c13 = store.correct_measurement(&scope, c13.id, c13.version, &input("zrm2017", "begeleider", 40, 3), t).await.unwrap();
        let pairs = same(store, engine, "a change of version", tid).await;
        assert!(pairs.iter().all(|p| p.0 == "zrm2017" && p.2 == 5 && p.3 == 3), "{engine}: {pairs:?}");
        let a = store.correct_measurement(&scope, a.id, a.version, &input("zrm2017", "client", 200, 2), t).await.unwrap();
        assert_eq!(same(store, engine, "a change of rater", tid).await.len(), 12, "{engine}");

        // Removals: down to one worker measurement, no pair.
        store.delete_measurement(&scope, b.id, b.version).await.unwrap();
        store.delete_measurement(&scope, a.id, a.version).await.unwrap();
        assert!(same(store, engine, "removals", tid).await.is_empty(), "{engine}");
        store.delete_measurement(&scope, c13.id, c13.version).await.unwrap();
        assert!(same(store, engine, "the last removal", tid).await.is_empty(), "{engine}");

        // The other client, anonymised: the levels stay for statistics; erased: gone.
        assert_eq!(same(store, engine, "all", other_tid).await.len(), 12, "{engine}");
        let admin = actor(store, "beheer@test.nl").await;
        close_on(&db, other_tid, t - Duration::days(10)).await;
        close_on(&db, tid, t - Duration::days(10)).await;
        let why = |mode: &str| ErasureInput { mode: mode.into(), reason: "Bewaartermijn verlopen volgens de lijst".into(), before_term: true };
        store.erase_client(&admin, other_id, &why("anonimiseren"), t).await.unwrap();
        assert_eq!(same(store, engine, "anonymising", other_tid).await.len(), 12, "{engine}: kept for statistics");
        store.erase_client(&admin, other_id, &why("wissen"), t).await.unwrap();
        assert!(same(store, engine, "erasing", other_tid).await.is_empty(), "{engine}: erased with the client");
    }
}
