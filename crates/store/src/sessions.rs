//! "Mijn sessies": a user's own browser sessions, where they were started from, and signing
//! them out one by one or everywhere. The session token and its hash never leave the store;
//! a session is named by a random number that means nothing outside its owner's list.

use crate::users::token_hash;
use crate::{Result, SessionPolicy, Store};
use chrono::{DateTime, Utc};
use sqlx::Row;

/// One live session of a user, as shown on "Mijn sessies".
#[derive(Debug, Clone)]
pub struct SessionInfo {
    /// The number that names it in the owner's list (not the token).
    pub number: i64,
    /// When it was started (signed in).
    pub created_at: DateTime<Utc>,
    /// When it was last used (refreshed at most once a minute).
    pub last_seen_at: DateTime<Utc>,
    /// The address it was started from, where known.
    pub source: Option<String>,
    /// The browser it was started with, where known.
    pub user_agent: Option<String>,
    /// The session of the request asking.
    pub current: bool,
}

/// A random public number (for sessions and API tokens): positive and below 2^53.
pub(crate) fn public_number() -> i64 {
    session_number()
}

fn session_number() -> i64 {
    let mut bytes = [0u8; 8];
    getrandom::getrandom(&mut bytes).expect("the operating system's random source");
    // Positive and below 2^53, so it survives JSON and JavaScript unchanged.
    (u64::from_le_bytes(bytes) >> 11) as i64
}

impl Store {
    /// Starts a browser session, remembering where from; returns (cookie token, CSRF token).
    pub async fn create_session_from(&self, user_id: i64, source: Option<&str>, user_agent: Option<&str>) -> Result<(String, String)> {
        let (token, csrf) = (crate::users::new_token(), crate::users::new_token());
        let now = crate::now();
        let source: Option<String> = source.map(|s| s.chars().take(100).collect());
        let user_agent: Option<String> = user_agent.map(|s| s.chars().take(200).collect());
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, number, source, user_agent) \
             VALUES ($1, $2, $3, $4, $4, $5, $6, $7)",
        )
        .bind(token_hash(&token))
        .bind(user_id)
        .bind(&csrf)
        .bind(&now)
        .bind(session_number())
        .bind(source)
        .bind(user_agent)
        .execute(self.w())
        .await?;
        Ok((token, csrf))
    }

    /// The user's live sessions, newest first; `current_token` marks the asking one.
    pub async fn my_sessions(&self, user_id: i64, current_token: &str, policy: SessionPolicy) -> Result<Vec<SessionInfo>> {
        let now = Utc::now();
        let rows = sqlx::query(
            "SELECT token_hash, number, created_at, last_seen_at, source, user_agent FROM sessions \
             WHERE user_id = $1 AND last_seen_at > $2 AND created_at > $3 ORDER BY created_at DESC",
        )
        .bind(user_id)
        .bind(crate::time::stamp(now - policy.idle))
        .bind(crate::time::stamp(now - policy.absolute))
        .fetch_all(self.r())
        .await?;
        let current = token_hash(current_token);
        rows.iter()
            .map(|r| {
                Ok(SessionInfo {
                    number: r.try_get::<Option<i64>, _>("number")?.unwrap_or(0),
                    created_at: crate::moment(r, "created_at")?,
                    last_seen_at: crate::moment(r, "last_seen_at")?,
                    source: r.try_get("source")?,
                    user_agent: r.try_get("user_agent")?,
                    current: r.try_get::<String, _>("token_hash")? == current,
                })
            })
            .collect()
    }

    /// Signs out one of the user's own sessions; `false` when there is no such session.
    pub async fn end_my_session(&self, user_id: i64, number: i64) -> Result<bool> {
        let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND number = $2").bind(user_id).bind(number).execute(self.w()).await?;
        Ok(done.rows_affected() > 0)
    }

    /// Signs out every session of the user ("overal afmelden"), this one included.
    pub async fn end_all_my_sessions(&self, user_id: i64) -> Result<u64> {
        let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(self.w()).await?;
        Ok(done.rows_affected())
    }
}

/// A half-signed-in browser: the password was right; the second factor is still to come.
#[derive(Debug, Clone)]
pub struct PendingSignIn {
    /// Who signed in with their password.
    pub user: regie_domain::record::User,
    /// The token the code form must carry.
    pub csrf_token: String,
    /// Where it was started from.
    pub source: Option<String>,
    /// With which browser.
    pub user_agent: Option<String>,
}

impl Store {
    /// Starts a pending sign-in after a right password; returns (cookie token, CSRF token). It
    /// is not a session: no page opens with it. Older pending sign-ins of the user end.
    pub async fn start_pending_sign_in(
        &self,
        user_id: i64,
        lifetime: chrono::Duration,
        source: Option<&str>,
        user_agent: Option<&str>,
    ) -> Result<(String, String)> {
        let (token, csrf) = (crate::users::new_token(), crate::users::new_token());
        let mut tx = self.begin().await?;
        self.tick(2);
        sqlx::query("DELETE FROM pending_sign_ins WHERE expires_at <= $1").bind(crate::now()).execute(&mut *tx).await?;
        sqlx::query(
            "INSERT INTO pending_sign_ins (token_hash, user_id, csrf_token, expires_at, source, user_agent) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(token_hash(&token))
        .bind(user_id)
        .bind(&csrf)
        .bind(crate::time::stamp(Utc::now() + lifetime))
        .bind(source.map(|s| s.chars().take(100).collect::<String>()))
        .bind(user_agent.map(|s| s.chars().take(200).collect::<String>()))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok((token, csrf))
    }

    /// The unexpired pending sign-in of a cookie token, for an active account.
    pub async fn pending_sign_in(&self, token: &str) -> Result<Option<PendingSignIn>> {
        let row = sqlx::query(
            "SELECT u.id, u.email, u.name, u.role_code, r.name AS role_name, r.scope, r.admin, u.team_id, \
             p.csrf_token, p.source, p.user_agent FROM pending_sign_ins p \
             JOIN users u ON u.id = p.user_id JOIN roles r ON r.code = u.role_code \
             WHERE p.token_hash = $1 AND p.expires_at > $2 AND u.active = TRUE",
        )
        .bind(token_hash(token))
        .bind(crate::now())
        .fetch_optional(self.r())
        .await?;
        let Some(row) = row else { return Ok(None) };
        Ok(Some(PendingSignIn {
            user: crate::users::user_from(&row)?,
            csrf_token: row.try_get("csrf_token")?,
            source: row.try_get("source")?,
            user_agent: row.try_get("user_agent")?,
        }))
    }

    /// Ends a pending sign-in (completed, cancelled).
    pub async fn end_pending_sign_in(&self, token: &str) -> Result<()> {
        sqlx::query("DELETE FROM pending_sign_ins WHERE token_hash = $1").bind(token_hash(token)).execute(self.w()).await?;
        Ok(())
    }
}
