//! A small organisation for tests: two teams, workers in several roles, clients with and
//! without a care relation to the main worker. Every account has its second factor set up with
//! a known secret ([`totp_secret`]), so tests sign in as people do: password, then a code.

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
    let org = Org {
        team_a,
        worker: store.create_user(&user("begeleider@test.nl", "Sanne de Vries", "trajectbegeleider", Some(team_a))).await.unwrap(),
        colleague: store.create_user(&user("collega@test.nl", "Joris Bakker", "trajectbegeleider", Some(team_a))).await.unwrap(),
        lead: store.create_user(&user("teamleider@test.nl", "Fatima El Amrani", "teamleider", Some(team_a))).await.unwrap(),
        other: store.create_user(&user("ander@test.nl", "Kees Jansen", "trajectbegeleider", Some(team_b))).await.unwrap(),
        admin: store.create_user(&user("beheer@test.nl", "Ingrid Smit", "beheer", None)).await.unwrap(),
    };
    for id in [org.worker, org.colleague, org.lead, org.other, org.admin] {
        enrol(store, id).await;
    }
    org
}

/// The known TOTP secret (base32) of a test account: derived from its email.
pub fn totp_secret(email: &str) -> String {
    regie_store::totp::base32_encode(format!("{:<20}", email.trim().to_lowercase()).as_bytes())
}

/// Sets up user `id`'s second factor with [`totp_secret`] of their email (as if they had
/// scanned the QR code); returns their ten recovery codes.
pub async fn enrol(store: &Store, id: i64) -> Vec<String> {
    let email = store.staff_factors("", 10_000).await.unwrap().into_iter().find(|u| u.user_id == id).expect("user").email;
    store.enrol_known_secret(id, &totp_secret(&email), false).await.unwrap()
}

/// A code of `email`'s authenticator that the server accepts now: the earliest step within the
/// tolerance (one step either way) after the last one used, since a code is never accepted
/// twice. The step before the current one is used only early in the current step (it stops
/// being accepted when the next step begins). When a test has used up the steps in reach, this
/// waits for the next step.
pub async fn totp_code(store: &Store, email: &str) -> String {
    use regie_store::totp;
    let user = store.user_by_email(email).await.unwrap().unwrap_or_else(|| panic!("no account {email}"));
    let last = store.factor_status(user.id).await.unwrap().last_used_step;
    loop {
        let seconds = chrono::Utc::now().timestamp();
        let now = totp::step_at(seconds);
        let early = seconds.rem_euclid(totp::STEP_SECONDS) < totp::STEP_SECONDS - 5;
        let oldest = if early { now - totp::TOLERANCE } else { now };
        let step = last.map_or(oldest, |l| (l + 1).max(oldest));
        if step <= now + totp::TOLERANCE {
            return totp::code(&totp_secret(email), step).expect("base32 secret");
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
}
