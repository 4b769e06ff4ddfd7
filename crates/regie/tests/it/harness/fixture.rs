//! A small organisation for tests: two teams, workers in several roles, clients with and
//! without a care relation to the main worker.

use regie_store::{NewUser, Store};
use std::sync::OnceLock;

/// The password of every test account.
pub const PASSWORD: &str = "regie-demo";

/// Hashing is slow on purpose; hash the test password once per run.
fn password_hash() -> String {
    static H: OnceLock<String> = OnceLock::new();
    H.get_or_init(|| regie_store::hash_password(PASSWORD)).clone()
}

/// Who and what the seeded organisation holds.
#[derive(Debug, Clone)]
pub struct Org {
    /// Team A (the worker's team).
    pub team_a: i64,
    /// Trajectbegeleider in team A: `begeleider@test.nl`.
    pub worker: i64,
    /// Another trajectbegeleider in team A: `collega@test.nl`.
    pub colleague: i64,
    /// Teamleider of team A: `teamleider@test.nl`.
    pub lead: i64,
    /// Trajectbegeleider in team B: `ander@test.nl`.
    pub other: i64,
    /// Functioneel beheer: `beheer@test.nl`.
    pub admin: i64,
}

/// Seeds locations, teams and staff (no clients: tests register those through the store API).
pub async fn seed_org(store: &Store) -> Org {
    let loc = store.create_location("Instroomhuis", "opvang").await.unwrap();
    let team_a = store.create_team("Team Instroom", loc).await.unwrap();
    let team_b = store.create_team("Team Training", loc).await.unwrap();
    let user = |email: &str, name: &str, role: &str, team: Option<i64>| NewUser {
        email: email.into(),
        name: name.into(),
        role: role.into(),
        team_id: team,
        password_hash: password_hash(),
    };
    Org {
        team_a,
        worker: store.create_user(&user("begeleider@test.nl", "Sanne de Vries", "trajectbegeleider", Some(team_a))).await.unwrap(),
        colleague: store.create_user(&user("collega@test.nl", "Joris Bakker", "trajectbegeleider", Some(team_a))).await.unwrap(),
        lead: store.create_user(&user("teamleider@test.nl", "Fatima El Amrani", "teamleider", Some(team_a))).await.unwrap(),
        other: store.create_user(&user("ander@test.nl", "Kees Jansen", "trajectbegeleider", Some(team_b))).await.unwrap(),
        admin: store.create_user(&user("beheer@test.nl", "Ingrid Smit", "beheer", None)).await.unwrap(),
    }
}
