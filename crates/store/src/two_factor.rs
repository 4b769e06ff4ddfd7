//! The second factor at sign-in (NEN 7510: access to client data with at least two factors):
//! a TOTP secret per user ([`crate::totp`]), confirmed by a first code, and ten single-use
//! recovery codes of which only a salted SHA-256 is kept.
//!
//! A code is accepted within one step (30 s) of the server's clock either way, and never twice:
//! `last_used_step` only moves forward, in one conditional `UPDATE`, so two requests racing with
//! the same code cannot both win. Functioneel beheer decides per role whether the factor is
//! required (`roles.two_factor_required`, default on for every role) and resets a user's factor;
//! both write a record to the chained access log (no client: `client_id` NULL, object
//! `tweestaps:<user id>` or `tweestaps-rollen`). Every factor change ends all sessions, pending
//! sign-ins and API tokens of the user (except, on the user's own re-enrolment, the session that
//! did it).
//!
//! TOTP secrets have to be readable to check a code, so they are stored as they are: a copy of
//! the database holds the secrets (but still not the passwords, which are Argon2id hashes).

use crate::totp;
use crate::users::token_hash;
use crate::{Result, Store, StoreError};
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use sqlx::Row;

/// How many recovery codes a user gets at a time.
pub const RECOVERY_CODES: usize = 10;

/// Demo secrets are derived from the email with this public text: they protect nothing, and
/// `regie user code` prints their codes. Only demo accounts get them.
const DEMO_SALT: &str = "regie-demo-totp-v1 (public: demo accounts only)";

/// A user's second factor, as they and functioneel beheer see it.
#[derive(Debug, Clone, Default)]
pub struct FactorStatus {
    /// Whether the user's role requires the factor.
    pub required: bool,
    /// When the current factor was confirmed; `None` when there is none.
    pub confirmed_at: Option<DateTime<Utc>>,
    /// The step of the last accepted code.
    pub last_used_step: Option<i64>,
    /// Unused recovery codes.
    pub recovery_left: i64,
    /// A demo account's public secret.
    pub demo: bool,
}

impl FactorStatus {
    /// A confirmed factor exists.
    pub fn enrolled(&self) -> bool {
        self.confirmed_at.is_some()
    }
}

/// The outcome of checking a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeCheck {
    /// A right, unused TOTP code.
    Totp,
    /// A right, unused recovery code (now used); this many are left.
    Recovery(i64),
    /// Wrong, already used, or no factor: one answer for all.
    Refused,
}

/// What `regie user code` may print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DemoCode {
    /// The current code of a demo account.
    Code(String),
    /// The account has no factor or a real (non-demo) one: its code is not for printing.
    NotDemo,
}

/// The public TOTP secret of a demo account (derived from its email).
pub fn demo_secret(email: &str) -> String {
    let digest = Sha256::digest(format!("{DEMO_SALT}\n{}", email.trim().to_lowercase()).as_bytes());
    totp::base32_encode(&digest[..20])
}

/// Normalises a typed recovery code: lower case, without spaces or dashes.
fn normalise_recovery(code: &str) -> String {
    code.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect()
}

fn recovery_hash(user_id: i64, code: &str) -> String {
    token_hash(&format!("{user_id}:{}", normalise_recovery(code)))
}

/// Ten fresh recovery codes, `xxxxx-xxxxx` from letters and digits that are hard to mix up.
fn fresh_recovery_codes() -> Vec<String> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    (0..RECOVERY_CODES)
        .map(|_| {
            let mut chars = Vec::with_capacity(10);
            while chars.len() < 10 {
                let mut b = [0u8; 16];
                getrandom::getrandom(&mut b).expect("the operating system's random source");
                // Rejection sampling keeps every character equally likely.
                chars.extend(b.iter().filter(|x| (**x as usize) < ALPHABET.len() * 8).map(|x| ALPHABET[*x as usize % ALPHABET.len()] as char));
            }
            let s: String = chars.into_iter().take(10).collect();
            format!("{}-{}", &s[..5], &s[5..])
        })
        .collect()
}

/// Whether `code` looks like a TOTP code (6 digits, spaces allowed).
fn totp_shaped(code: &str) -> Option<String> {
    let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    (digits.len() == totp::DIGITS as usize && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

impl Store {
    /// Whether users of role `role` must use the second factor.
    pub async fn two_factor_required(&self, role: &str) -> Result<bool> {
        let row = sqlx::query("SELECT two_factor_required FROM roles WHERE code = $1").bind(role).fetch_optional(self.r()).await?;
        Ok(match row {
            Some(r) => crate::flag(&r, "two_factor_required")?,
            None => true,
        })
    }

    /// The user's factor and whether their role requires it. One query.
    pub async fn factor_status(&self, user_id: i64) -> Result<FactorStatus> {
        let row = sqlx::query(
            "SELECT r.two_factor_required, f.confirmed_at, f.last_used_step, f.demo, \
             (SELECT COUNT(*) FROM recovery_codes c WHERE c.user_id = u.id AND c.used_at IS NULL) AS recovery_left \
             FROM users u JOIN roles r ON r.code = u.role_code LEFT JOIN user_factors f ON f.user_id = u.id AND f.secret IS NOT NULL \
             WHERE u.id = $1",
        )
        .bind(user_id)
        .fetch_optional(self.r())
        .await?
        .ok_or(StoreError::NotFound)?;
        let confirmed: Option<String> = row.try_get("confirmed_at")?;
        Ok(FactorStatus {
            required: crate::flag(&row, "two_factor_required")?,
            confirmed_at: match confirmed {
                Some(_) => Some(crate::moment(&row, "confirmed_at")?),
                None => None,
            },
            last_used_step: row.try_get("last_used_step")?,
            recovery_left: row.try_get("recovery_left")?,
            demo: confirmed.is_some() && crate::flag(&row, "demo").unwrap_or(false),
        })
    }

    /// The secret to show for (re-)enrolment: the one already waiting for confirmation, or —
    /// when there is none or `fresh` — a new one. The current factor stays valid until the new
    /// one is confirmed.
    pub async fn begin_enrolment(&self, user_id: i64, fresh: bool) -> Result<String> {
        if !fresh {
            if let Some(secret) = self.pending_secret(user_id).await? {
                return Ok(secret);
            }
        }
        let secret = totp::new_secret();
        sqlx::query(
            "INSERT INTO user_factors (user_id, pending_secret, demo) VALUES ($1, $2, FALSE) \
             ON CONFLICT (user_id) DO UPDATE SET pending_secret = excluded.pending_secret",
        )
        .bind(user_id)
        .bind(&secret)
        .execute(self.w())
        .await?;
        Ok(secret)
    }

    /// The secret waiting for confirmation, if any (never creates one).
    pub async fn pending_secret(&self, user_id: i64) -> Result<Option<String>> {
        let row = sqlx::query("SELECT pending_secret FROM user_factors WHERE user_id = $1").bind(user_id).fetch_optional(self.r()).await?;
        Ok(row.map(|r| r.try_get::<Option<String>, _>("pending_secret")).transpose()?.flatten())
    }

    /// Confirms the waiting secret with a first code from the app: it becomes the user's factor,
    /// ten new recovery codes replace the old ones, and every session, pending sign-in and API
    /// token of the user ends — except the session `keep` (the cookie token), if given. Returns
    /// the recovery codes (to show once), or `None` when the code is wrong.
    pub async fn confirm_enrolment(&self, user_id: i64, code: &str, keep: Option<&str>) -> Result<Option<Vec<String>>> {
        let Some(code) = totp_shaped(code) else { return Ok(None) };
        let row = sqlx::query("SELECT pending_secret FROM user_factors WHERE user_id = $1").bind(user_id).fetch_optional(self.r()).await?;
        let Some(secret) = row.map(|r| r.try_get::<Option<String>, _>("pending_secret")).transpose()?.flatten() else { return Ok(None) };
        let Some(step) = totp::matching_step(&secret, &code, totp::current_step()) else { return Ok(None) };
        let codes = fresh_recovery_codes();
        let mut tx = self.begin().await?;
        self.tick(6);
        let done = sqlx::query(
            "UPDATE user_factors SET secret = pending_secret, pending_secret = NULL, confirmed_at = $1, last_used_step = $2, demo = FALSE \
             WHERE user_id = $3 AND pending_secret = $4",
        )
        .bind(crate::now())
        .bind(step)
        .bind(user_id)
        .bind(&secret)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(None);
        }
        sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
        let sql = format!("INSERT INTO recovery_codes (user_id, code_hash) VALUES {}", crate::sql::rows(1, codes.len(), 2));
        let mut q = sqlx::query(&sql);
        for c in &codes {
            q = q.bind(user_id).bind(recovery_hash(user_id, c));
        }
        q.execute(&mut *tx).await?;
        let keep = keep.map(token_hash).unwrap_or_default();
        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2").bind(user_id).bind(&keep).execute(&mut *tx).await?;
        sqlx::query("DELETE FROM api_tokens WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
        sqlx::query("DELETE FROM pending_sign_ins WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(Some(codes))
    }

    /// Checks a TOTP code or a recovery code of the user's confirmed factor, using it up.
    pub async fn check_code(&self, user_id: i64, code: &str) -> Result<CodeCheck> {
        if let Some(code) = totp_shaped(code) {
            let row = sqlx::query("SELECT secret FROM user_factors WHERE user_id = $1 AND secret IS NOT NULL")
                .bind(user_id)
                .fetch_optional(self.r())
                .await?;
            let Some(secret) = row.map(|r| r.try_get::<String, _>("secret")).transpose()? else { return Ok(CodeCheck::Refused) };
            let Some(step) = totp::matching_step(&secret, &code, totp::current_step()) else { return Ok(CodeCheck::Refused) };
            // Only forward: a code of this step (or an earlier one) was already used otherwise.
            let done = sqlx::query(
                "UPDATE user_factors SET last_used_step = $1 WHERE user_id = $2 AND secret = $3 AND (last_used_step IS NULL OR last_used_step < $1)",
            )
            .bind(step)
            .bind(user_id)
            .bind(&secret)
            .execute(self.w())
            .await?;
            return Ok(if done.rows_affected() == 1 { CodeCheck::Totp } else { CodeCheck::Refused });
        }
        let normal = normalise_recovery(code);
        if normal.len() != 10 {
            return Ok(CodeCheck::Refused);
        }
        let done = sqlx::query(
            "UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL \
             AND EXISTS (SELECT 1 FROM user_factors f WHERE f.user_id = $2 AND f.secret IS NOT NULL)",
        )
        .bind(crate::now())
        .bind(user_id)
        .bind(recovery_hash(user_id, &normal))
        .execute(self.w())
        .await?;
        if done.rows_affected() != 1 {
            return Ok(CodeCheck::Refused);
        }
        let left: i64 = sqlx::query("SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL")
            .bind(user_id)
            .fetch_one(self.r())
            .await?
            .try_get(0)?;
        Ok(CodeCheck::Recovery(left))
    }

    /// Ten new recovery codes for a user with a confirmed factor; the old ones stop working.
    pub async fn new_recovery_codes(&self, user_id: i64) -> Result<Vec<String>> {
        let codes = fresh_recovery_codes();
        let mut tx = self.begin().await?;
        self.tick(2);
        sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
        let sql = format!("INSERT INTO recovery_codes (user_id, code_hash) VALUES {}", crate::sql::rows(1, codes.len(), 2));
        let mut q = sqlx::query(&sql);
        for c in &codes {
            q = q.bind(user_id).bind(recovery_hash(user_id, c));
        }
        q.execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(codes)
    }

    /// Gives a user a confirmed factor with a known secret, without a first code: **for seeding
    /// only** (the test harness, the demo). The web layer never calls it. Returns ten recovery
    /// codes. `demo` marks a public demo secret (see [`demo_secret`]).
    pub async fn enrol_known_secret(&self, user_id: i64, secret: &str, demo: bool) -> Result<Vec<String>> {
        if totp::base32_decode(secret).is_none_or(|s| s.len() < 10) {
            return Err(StoreError::field("secret", "Dit is geen geldige geheime sleutel (base32)."));
        }
        sqlx::query(
            "INSERT INTO user_factors (user_id, secret, confirmed_at, demo) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret, confirmed_at = excluded.confirmed_at, \
             demo = excluded.demo, pending_secret = NULL, last_used_step = NULL",
        )
        .bind(user_id)
        .bind(secret)
        .bind(crate::now())
        .bind(demo)
        .execute(self.w())
        .await?;
        self.new_recovery_codes(user_id).await
    }

    /// A code of a demo account that works now, for `regie user code`; [`DemoCode::NotDemo`] for any
    /// account whose secret is real. [`StoreError::NotFound`] when there is no such account.
    pub async fn demo_code(&self, email: &str) -> Result<DemoCode> {
        let row = sqlx::query("SELECT f.secret, f.demo, f.last_used_step FROM users u LEFT JOIN user_factors f ON f.user_id = u.id WHERE u.email = $1")
            .bind(email.trim().to_lowercase())
            .fetch_optional(self.r())
            .await?
            .ok_or(StoreError::NotFound)?;
        let secret: Option<String> = row.try_get("secret")?;
        match secret {
            Some(s) if crate::flag(&row, "demo").unwrap_or(false) => {
                // The code of this moment, or — when that one was just used — the next one, which
                // is accepted already (one step of tolerance).
                let now = totp::current_step();
                let last: Option<i64> = row.try_get("last_used_step")?;
                let step = last.map_or(now, |l| (l + 1).max(now)).min(now + totp::TOLERANCE);
                Ok(totp::code(&s, step).map(DemoCode::Code).unwrap_or(DemoCode::NotDemo))
            }
            _ => Ok(DemoCode::NotDemo),
        }
    }
}
