//! A user's own API tokens: listing them (never the token itself, which only its holder has)
//! and revoking one. A token is named by a random public number.

use crate::{Result, Store};
use chrono::{DateTime, Utc};
use sqlx::Row;

/// One unexpired API token of a user.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TokenInfo {
    /// The public number that names it.
    pub id: i64,
    /// The label given when it was made, if any.
    pub label: Option<String>,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
    /// When it was last used (to the minute), if ever.
    pub last_used_at: Option<DateTime<Utc>>,
}

impl Store {
    /// The user's unexpired API tokens, newest first. One query.
    pub async fn my_api_tokens(&self, user_id: i64) -> Result<Vec<TokenInfo>> {
        let rows = sqlx::query(
            "SELECT id, label, created_at, expires_at, last_used_at FROM api_tokens \
             WHERE user_id = $1 AND expires_at > $2 AND id IS NOT NULL ORDER BY created_at DESC",
        )
        .bind(user_id)
        .bind(crate::now())
        .fetch_all(self.r())
        .await?;
        rows.iter()
            .map(|r| {
                let used: Option<String> = r.try_get("last_used_at")?;
                Ok(TokenInfo {
                    id: r.try_get("id")?,
                    label: r.try_get("label")?,
                    created_at: crate::moment(r, "created_at")?,
                    expires_at: crate::moment(r, "expires_at")?,
                    last_used_at: if used.is_some() { Some(crate::moment(r, "last_used_at")?) } else { None },
                })
            })
            .collect()
    }

    /// Revokes one of the user's own tokens; `false` when they have no token with this number.
    pub async fn revoke_my_api_token(&self, user_id: i64, id: i64) -> Result<bool> {
        let done = sqlx::query("DELETE FROM api_tokens WHERE user_id = $1 AND id = $2").bind(user_id).bind(id).execute(self.w()).await?;
        Ok(done.rows_affected() > 0)
    }
}
