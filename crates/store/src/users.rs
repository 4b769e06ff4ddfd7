//! Staff accounts, password hashing (Argon2id), browser sessions and API tokens. Tokens are
//! random; only their SHA-256 is stored, so a copy of the database opens no session.

use crate::{Result, Store, StoreError};
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::{DateTime, Duration, Utc};
use regie_domain::catalogue::RoleScope;
use regie_domain::record::User;
use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;
use sqlx::Row;

/// Hashes a password with Argon2id and a random salt.
pub fn hash_password(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default().hash_password(password.as_bytes(), &salt).expect("argon2 with default parameters").to_string()
}

fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

/// A fresh random token (256 bits, hex).
pub fn new_token() -> String {
    random_token()
}

fn random_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::getrandom(&mut bytes).expect("the operating system's random source");
    hex(&bytes)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// A staff account to create.
#[derive(Debug, Clone)]
pub struct NewUser {
    /// Sign-in email.
    pub email: String,
    /// Full name.
    pub name: String,
    /// Role code.
    pub role: String,
    /// Team id.
    pub team_id: Option<i64>,
    /// Argon2id hash (see [`hash_password`]).
    pub password_hash: String,
}

/// How long sessions live.
#[derive(Debug, Clone, Copy)]
pub struct SessionPolicy {
    /// Signed out after this long without a request.
    pub idle: Duration,
    /// Signed out this long after signing in, whatever happens.
    pub absolute: Duration,
}

/// A live browser session.
#[derive(Debug, Clone)]
pub struct Session {
    /// The signed-in user.
    pub user: User,
    /// The token every state-changing form must carry.
    pub csrf_token: String,
}

const USER_COLUMNS: &str = "u.id, u.email, u.name, u.role_code, r.name AS role_name, r.scope, r.admin, u.team_id";

pub(crate) fn user_from(row: &AnyRow) -> Result<User> {
    let scope: String = row.try_get("scope")?;
    Ok(User {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        name: row.try_get("name")?,
        role: row.try_get("role_code")?,
        role_name: row.try_get("role_name")?,
        scope: RoleScope::parse(&scope).ok_or_else(|| StoreError::Corrupt(format!("scope {scope}")))?,
        admin: crate::flag(row, "admin")?,
        team_id: row.try_get("team_id")?,
    })
}

impl Store {
    /// Creates a staff account; a taken email is refused with a Dutch message.
    pub async fn create_user(&self, u: &NewUser) -> Result<i64> {
        let mut e = regie_domain::FieldErrors::default();
        let email = e.text("email", &u.email, 200).to_lowercase();
        if !email.is_empty() && !email.contains('@') {
            e.add("email", "Geef een geldig e-mailadres.");
        }
        e.text("name", &u.name, 200);
        e.finish()?;
        let taken: i64 = sqlx::query("SELECT COUNT(*) FROM users WHERE email = $1").bind(&email).fetch_one(self.r()).await?.try_get(0)?;
        if taken > 0 {
            return Err(StoreError::field("email", "Dit e-mailadres is al in gebruik."));
        }
        let role: i64 = sqlx::query("SELECT COUNT(*) FROM roles WHERE code = $1").bind(&u.role).fetch_one(self.r()).await?.try_get(0)?;
        if role == 0 {
            return Err(StoreError::field("role", "Deze rol bestaat niet."));
        }
        let row = sqlx::query(
            "INSERT INTO users (email, name, password_hash, role_code, team_id, active, created_at) VALUES ($1, $2, $3, $4, $5, TRUE, $6) RETURNING id",
        )
        .bind(&email)
        .bind(u.name.trim())
        .bind(&u.password_hash)
        .bind(&u.role)
        .bind(u.team_id)
        .bind(crate::now())
        .fetch_one(self.w())
        .await?;
        Ok(row.try_get(0)?)
    }

    /// Sets a new password and ends every session, pending sign-in and API token of the user.
    pub async fn reset_password(&self, email: &str, password_hash: &str) -> Result<()> {
        let email = email.trim().to_lowercase();
        let mut tx = self.begin().await?;
        self.tick(4);
        let done = sqlx::query("UPDATE users SET password_hash = $1 WHERE email = $2").bind(password_hash).bind(&email).execute(&mut *tx).await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        sqlx::query("DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE email = $1)").bind(&email).execute(&mut *tx).await?;
        sqlx::query("DELETE FROM api_tokens WHERE user_id = (SELECT id FROM users WHERE email = $1)").bind(&email).execute(&mut *tx).await?;
        sqlx::query("DELETE FROM pending_sign_ins WHERE user_id = (SELECT id FROM users WHERE email = $1)").bind(&email).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Checks email and password; `None` for an unknown email, a wrong password or an inactive
    /// account alike. The hash is always computed, so timing reveals nothing either.
    pub async fn authenticate(&self, email: &str, password: &str) -> Result<Option<User>> {
        let email = email.trim().to_lowercase();
        let row = sqlx::query(&format!(
            "SELECT {USER_COLUMNS}, u.password_hash, u.active FROM users u JOIN roles r ON r.code = u.role_code WHERE u.email = $1"
        ))
        .bind(&email)
        .fetch_optional(self.r())
        .await?;
        static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        let (hash, user) = match &row {
            Some(r) => (r.try_get::<String, _>("password_hash")?, Some(user_from(r)?).filter(|_| crate::flag(r, "active").unwrap_or(false))),
            None => (DUMMY.get_or_init(|| hash_password("regie-no-such-account")).clone(), None),
        };
        let password = password.to_string();
        let ok = tokio::task::spawn_blocking(move || verify_password(&password, &hash)).await.unwrap_or(false);
        Ok(user.filter(|_| ok))
    }

    /// The user with this email.
    pub async fn user_by_email(&self, email: &str) -> Result<Option<User>> {
        let row = sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users u JOIN roles r ON r.code = u.role_code WHERE u.email = $1"))
            .bind(email.trim().to_lowercase())
            .fetch_optional(self.r())
            .await?;
        row.as_ref().map(user_from).transpose()
    }

    /// Starts a browser session; returns (session token for the cookie, CSRF token). See also
    /// [`Store::create_session_from`], which remembers where the session was started from.
    pub async fn create_session(&self, user_id: i64) -> Result<(String, String)> {
        self.create_session_from(user_id, None, None).await
    }

    /// The live session for a cookie token, refreshing its idle clock; expired sessions are removed.
    pub async fn session(&self, token: &str, policy: SessionPolicy) -> Result<Option<Session>> {
        let hash = token_hash(token);
        let row = sqlx::query(&format!(
            "SELECT {USER_COLUMNS}, s.csrf_token, s.created_at, s.last_seen_at, u.active FROM sessions s \
             JOIN users u ON u.id = s.user_id JOIN roles r ON r.code = u.role_code WHERE s.token_hash = $1"
        ))
        .bind(&hash)
        .fetch_optional(self.r())
        .await?;
        let Some(row) = row else { return Ok(None) };
        let now = Utc::now();
        let created = crate::moment(&row, "created_at")?;
        let seen = crate::moment(&row, "last_seen_at")?;
        let active = crate::flag(&row, "active")?;
        if !active || now - seen > policy.idle || now - created > policy.absolute {
            self.end_session(token).await?;
            return Ok(None);
        }
        // Refresh at most once a minute: a page view should not always cost a write.
        if now - seen > Duration::seconds(60) {
            sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2").bind(crate::now()).bind(&hash).execute(self.w()).await?;
        }
        Ok(Some(Session { user: user_from(&row)?, csrf_token: row.try_get("csrf_token")? }))
    }

    /// Ends a session (sign-out).
    pub async fn end_session(&self, token: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash(token)).execute(self.w()).await?;
        Ok(())
    }

    /// Issues an API token for a user, valid for `lifetime`.
    pub async fn create_api_token(&self, user_id: i64, lifetime: Duration) -> Result<(String, DateTime<Utc>)> {
        let (token, _id, expires) = self.create_labelled_api_token(user_id, lifetime, None).await?;
        Ok((token, expires))
    }

    /// Issues an API token with an optional label (at most 100 characters kept); returns the
    /// token, its public number (to list and revoke it) and when it expires.
    pub async fn create_labelled_api_token(&self, user_id: i64, lifetime: Duration, label: Option<&str>) -> Result<(String, i64, DateTime<Utc>)> {
        let token = random_token();
        let id = crate::sessions::public_number();
        let expires = Utc::now() + lifetime;
        let label: Option<String> = label.map(|l| l.trim().chars().take(100).collect::<String>()).filter(|l| !l.is_empty());
        sqlx::query("INSERT INTO api_tokens (token_hash, user_id, created_at, expires_at, id, label) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(token_hash(&token))
            .bind(user_id)
            .bind(crate::now())
            .bind(crate::time::stamp(expires))
            .bind(id)
            .bind(label)
            .execute(self.w())
            .await?;
        Ok((token, id, expires))
    }

    /// The user an unexpired API token belongs to; notes when the token was used (at most once
    /// a minute, so a burst of calls does not cost a write each).
    pub async fn api_token_user(&self, token: &str) -> Result<Option<User>> {
        let hash = token_hash(token);
        let row = sqlx::query(&format!(
            "SELECT {USER_COLUMNS}, t.last_used_at FROM api_tokens t JOIN users u ON u.id = t.user_id JOIN roles r ON r.code = u.role_code \
             WHERE t.token_hash = $1 AND t.expires_at > $2 AND u.active = TRUE"
        ))
        .bind(&hash)
        .bind(crate::now())
        .fetch_optional(self.r())
        .await?;
        let Some(row) = row else { return Ok(None) };
        let last: Option<String> = row.try_get("last_used_at")?;
        let stale = match last {
            None => true,
            Some(_) => Utc::now() - crate::moment(&row, "last_used_at")? > Duration::seconds(60),
        };
        if stale {
            sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE token_hash = $2").bind(crate::now()).bind(&hash).execute(self.w()).await?;
        }
        Ok(Some(user_from(&row)?))
    }
}
