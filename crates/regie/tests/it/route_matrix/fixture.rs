//! Two clients with one of everything (trajectory, goal, action, journal, household, strengths,
//! network, method), one in team A cared for by the worker and one in team B cared for by
//! `ander@test.nl`, so every route can be called with ids that really exist.

use chrono::Duration;
use regie_domain::catalogue::AuditAction;
use regie_domain::instrument::{instrument, MeasurementInput, ScoreInput};
use regie_domain::network::NetworkMemberInput;
use regie_domain::strengths::StrengthInput;
use regie_store::{ActionInput, Actor, AgreementInput, ClientInput, GoalInput, JournalInput, Store, TrajectoryInput};
use std::collections::BTreeMap;

/// A client and the ids of its records, by the placeholder context they fill.
#[derive(Debug, Clone)]
pub struct Subject {
    pub id: i64,
    /// First and last name: what must never appear in an answer to someone without access.
    pub names: [String; 2],
    /// Values for placeholders, keyed by "segment-before/{placeholder}" or "{placeholder}".
    pub params: BTreeMap<String, String>,
}

pub async fn actor(store: &Store, email: &str) -> Actor {
    let user = store.user_by_email(email).await.unwrap().expect("seeded user");
    Actor { user, on_behalf_of: None, source: "127.0.0.1".into(), user_agent: "route-matrix".into() }
}

/// Registers a client for `email` with everything routes point at.
pub async fn subject(store: &Store, email: &str, first: &str, last: &str) -> Subject {
    let who = actor(store, email).await;
    let today = regie_store::today();
    let input = ClientInput { first_name: first.into(), last_name: last.into(), birth_date: Some("1979-04-12".into()), ..Default::default() };
    let id = store.register_client(&who, &input).await.unwrap();
    let scope = store.open_client(&who, id, AuditAction::Update, "test").await.unwrap();
    let model = store.phase_models().await.unwrap().into_iter().find(|m| m.code == "8fasen").unwrap().id;
    let t = TrajectoryInput {
        model_id: model,
        owner_user_id: who.user.id,
        started_on: (today - Duration::days(30)).format("%Y-%m-%d").to_string(),
        focus_domains: vec![],
        funding: None,
    };
    let tid = store.start_trajectory(&scope, &t, today).await.unwrap().id;
    let goal = GoalInput { domain: "f8_wonen".into(), text: format!("{first} wil een eigen kamer"), ..Default::default() };
    let gid = store.add_goal(&scope, tid, &goal).await.unwrap().id;
    let action = ActionInput { text: "Bellen met de woningcorporatie".into(), owner_kind: "client".into(), ..Default::default() };
    let aid = store.add_action(&scope, gid, &action).await.unwrap().id;
    let journal = JournalInput {
        contact_type: "gesprek".into(),
        contact_date: today.format("%Y-%m-%d").to_string(),
        duration_minutes: "30".into(),
        text: format!("Gesprek met {first}"),
        ..Default::default()
    };
    store.add_journal_entry(&scope, &journal, today).await.unwrap();
    let member = store.add_household_member(&scope, "Huisgenoot", "partner", None).await.unwrap().id;
    let strength = StrengthInput { domain: "f8_wonen".into(), kind: "vaardigheden".into(), text: "Kan goed koken".into() };
    let sid = store.add_strength(&scope, &strength).await.unwrap().id;
    let net = NetworkMemberInput { name: "Buurvrouw".into(), closeness: Some(1), ..Default::default() };
    let nid = store.add_network_member(&scope, &net).await.unwrap().id;
    store.add_trajectory_method(&scope, tid, "krachtwerk", today).await.unwrap();
    let scores = instrument("zrm2017").unwrap().domains.iter().map(|d| ScoreInput { domain: d.code.into(), level: "3".into(), note: String::new() }).collect();
    let measurement = MeasurementInput {
        instrument: "zrm2017".into(),
        rater: "begeleider".into(),
        measured_on: (today - Duration::days(7)).format("%Y-%m-%d").to_string(),
        moment: "begin".into(),
        sources: vec!["client".into()],
        scores,
        ..Default::default()
    };
    let zid = store.record_measurement(&scope, tid, &measurement, today).await.unwrap().id;
    let agreement = AgreementInput {
        team_id: Some(who.user.team_id.unwrap()),
        text: "Zelfstandig kunnen wonen".into(),
        deadline: (today + Duration::days(90)).format("%Y-%m-%d").to_string(),
        targets: vec![("zrm_huisvesting".into(), "4".into())],
        ..Default::default()
    };
    let rid = store.create_result_agreement(&scope, tid, &agreement, today).await.unwrap().id;
    let mut params = BTreeMap::new();
    for (k, v) in [
        ("{id}", id.to_string()),
        ("{tid}", tid.to_string()),
        ("{gid}", gid.to_string()),
        ("{aid}", aid.to_string()),
        ("{sid}", sid.to_string()),
        ("huishouden/{mid}", member.to_string()),
        ("household/{member_id}", member.to_string()),
        ("netwerk/{mid}", nid.to_string()),
        ("network/{mid}", nid.to_string()),
        ("methoden/{code}", "krachtwerk".to_string()),
        ("methods/{code}", "krachtwerk".to_string()),
        ("leefgebied/{code}", "f8_wonen".to_string()),
        ("domains/{code}", "f8_wonen".to_string()),
        ("perspective/{area}", "wonen".to_string()),
        ("methode-suggesties/{code}", "krachtwerk".to_string()),
        ("zrm/{mid}", zid.to_string()),
        ("measurements/{mid}", zid.to_string()),
        ("resultaatafspraken/{aid}", rid.to_string()),
        ("result-agreements/{aid}", rid.to_string()),
        ("method-suggestions/{code}", "krachtwerk".to_string()),
    ] {
        params.insert(k.to_string(), v);
    }
    Subject { id, names: [first.to_string(), last.to_string()], params }
}

/// `path` with its placeholders filled from `s`; placeholders that name no client record get
/// fixed harmless values.
pub fn fill(path: &str, s: &Subject) -> String {
    let segs: Vec<&str> = path.split('/').collect();
    let mut out = Vec::with_capacity(segs.len());
    for (i, seg) in segs.iter().enumerate() {
        if seg.starts_with('{') {
            let ctx = format!("{}/{}", if i > 0 { segs[i - 1] } else { "" }, seg);
            let v = s.params.get(&ctx).or_else(|| s.params.get(*seg)).cloned().unwrap_or_else(|| other_param(&ctx));
            out.push(v);
        } else {
            out.push(seg.to_string());
        }
    }
    out.join("/")
}

fn other_param(ctx: &str) -> String {
    match ctx {
        "taal/{lang}" => "nl".into(),
        "methoden/{code}" | "methods/{code}" => "krachtwerk".into(),
        _ => "1".into(),
    }
}
