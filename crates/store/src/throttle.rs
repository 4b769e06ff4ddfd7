//! Throttling and lockout of sign-in attempts (pages and API alike).
//!
//! Failures are counted per **normalised email** — whether or not an account with that email
//! exists, so the answers never tell the two apart — and per **source address**, in a sliding
//! window. Past a first threshold each further attempt is slowed down (an async wait, never a
//! blocked thread); past a second one the email or the address is locked for a while. During a
//! lock even the right password is refused with the same message, and no password is checked at
//! all: a locked attempt costs a few queries, not an Argon2 hash.
//!
//! Only failures count: a successful sign-in never adds to the address's counter (an office
//! behind one address signs in all day), and it clears the account's counter.

use crate::{Result, Store};
use chrono::{Duration, Utc};
use sqlx::Row;

/// The thresholds. The defaults are what Regie runs with; tests use shorter durations.
#[derive(Debug, Clone, Copy)]
pub struct ThrottlePolicy {
    /// Failures older than this are forgotten (sliding window). Default 15 minutes.
    pub window: Duration,
    /// From this many failures for one email in the window, attempts are slowed down. Default 5.
    pub slow_after: i64,
    /// At this many failures for one email in the window, the email is locked. Default 10.
    pub lock_after: i64,
    /// The same two thresholds for one source address; higher, because colleagues behind one
    /// office address share it. Defaults 15 and 30.
    pub source_slow_after: i64,
    /// See `source_slow_after`.
    pub source_lock_after: i64,
    /// How long a lock lasts. Default 15 minutes (the refusal text says "een kwartier").
    pub lock_for: Duration,
    /// The first slow-down; it doubles with each further failure. Default 250 ms.
    pub first_delay: Duration,
    /// The slow-down never exceeds this. Default 2 seconds.
    pub max_delay: Duration,
}

impl Default for ThrottlePolicy {
    fn default() -> Self {
        ThrottlePolicy {
            window: Duration::minutes(15),
            slow_after: 5,
            lock_after: 10,
            source_slow_after: 15,
            source_lock_after: 30,
            lock_for: Duration::minutes(15),
            first_delay: Duration::milliseconds(250),
            max_delay: Duration::seconds(2),
        }
    }
}

/// What to do with a sign-in attempt before checking its password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    /// Check the password now.
    Open,
    /// Wait this long first, then check the password.
    Slow(std::time::Duration),
    /// Refuse without checking; the lock ends in this many seconds.
    Locked(i64),
}

/// The key an email is counted under: trimmed and lower-cased, like sign-in itself does.
fn email_key(email: &str) -> String {
    email.trim().to_lowercase().chars().take(320).collect()
}

fn source_key(source: &str) -> String {
    source.trim().chars().take(100).collect()
}

impl Store {
    /// Decides whether an attempt for `email` from `source` may be checked, must wait, or is
    /// refused. Answers the same for an email with or without an account.
    pub async fn sign_in_gate(&self, email: &str, source: &str, policy: &ThrottlePolicy) -> Result<Gate> {
        let (email, source) = (email_key(email), source_key(source));
        let now = Utc::now();
        let row = sqlx::query(
            "SELECT MAX(locked_until) AS until FROM sign_in_locks \
             WHERE (key_kind = 'email' AND key_value = $1) OR (key_kind = 'source' AND key_value = $2)",
        )
        .bind(&email)
        .bind(&source)
        .fetch_one(self.r())
        .await?;
        if let Some(until) = row.try_get::<Option<String>, _>("until")? {
            let until = chrono::DateTime::parse_from_rfc3339(&until).map_err(|e| crate::StoreError::Corrupt(format!("lock: {e}")))?;
            let left = until.with_timezone(&Utc) - now;
            if left > Duration::zero() {
                return Ok(Gate::Locked(left.num_seconds().max(1)));
            }
        }
        let since = crate::time::stamp(now - policy.window);
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM sign_in_failures WHERE key_kind = 'email' AND key_value = $1 AND at > $3) AS by_email, \
                    (SELECT COUNT(*) FROM sign_in_failures WHERE key_kind = 'source' AND key_value = $2 AND at > $3) AS by_source",
        )
        .bind(&email)
        .bind(&source)
        .bind(&since)
        .fetch_one(self.r())
        .await?;
        let by_email: i64 = row.try_get("by_email")?;
        let by_source: i64 = row.try_get("by_source")?;
        // How many failures past the slow-down threshold, on whichever key is worse.
        let over = (by_email - policy.slow_after + 1).max(by_source - policy.source_slow_after + 1);
        if over <= 0 {
            return Ok(Gate::Open);
        }
        let factor = 1i32 << (over - 1).clamp(0, 16);
        let delay = (policy.first_delay * factor).min(policy.max_delay);
        Ok(Gate::Slow(delay.to_std().unwrap_or_default()))
    }

    /// Records a failed attempt for `email` from `source`, and locks either once it reached its
    /// threshold. Returns whether a lock was set now.
    pub async fn sign_in_failed(&self, email: &str, source: &str, policy: &ThrottlePolicy) -> Result<bool> {
        let (email, source) = (email_key(email), source_key(source));
        let now = Utc::now();
        let at = crate::time::stamp(now);
        let since = crate::time::stamp(now - policy.window);
        let until = crate::time::stamp(now + policy.lock_for);
        let mut tx = self.begin().await?;
        self.tick(5);
        // Forget what fell out of the window and locks that ended (keeps both tables small).
        sqlx::query("DELETE FROM sign_in_failures WHERE at <= $1").bind(&since).execute(&mut *tx).await?;
        sqlx::query("DELETE FROM sign_in_locks WHERE locked_until <= $1").bind(&at).execute(&mut *tx).await?;
        sqlx::query("INSERT INTO sign_in_failures (key_kind, key_value, at) VALUES ('email', $1, $3), ('source', $2, $3)")
            .bind(&email)
            .bind(&source)
            .bind(&at)
            .execute(&mut *tx)
            .await?;
        let mut locked = false;
        for (kind, value, limit) in [("email", &email, policy.lock_after), ("source", &source, policy.source_lock_after)] {
            let n: i64 = sqlx::query("SELECT COUNT(*) FROM sign_in_failures WHERE key_kind = $1 AND key_value = $2 AND at > $3")
                .bind(kind)
                .bind(value)
                .bind(&since)
                .fetch_one(&mut *tx)
                .await?
                .try_get(0)?;
            if n >= limit {
                self.tick(2);
                sqlx::query(
                    "INSERT INTO sign_in_locks (key_kind, key_value, locked_until) VALUES ($1, $2, $3) \
                     ON CONFLICT (key_kind, key_value) DO UPDATE SET locked_until = excluded.locked_until",
                )
                .bind(kind)
                .bind(value)
                .bind(&until)
                .execute(&mut *tx)
                .await?;
                // The lock takes over; after it the count starts afresh.
                sqlx::query("DELETE FROM sign_in_failures WHERE key_kind = $1 AND key_value = $2").bind(kind).bind(value).execute(&mut *tx).await?;
                locked = true;
            }
        }
        tx.commit().await?;
        Ok(locked)
    }

    /// A successful sign-in: the account's failures are forgotten (the address's are not).
    pub async fn sign_in_succeeded(&self, email: &str) -> Result<()> {
        sqlx::query("DELETE FROM sign_in_failures WHERE key_kind = 'email' AND key_value = $1")
            .bind(email_key(email))
            .execute(self.w())
            .await?;
        Ok(())
    }
}
