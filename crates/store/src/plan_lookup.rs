//! Finding which trajectory a plan page is about, without loading the whole dossier.

use crate::trajectory::CURRENT_FIRST;
use crate::{ClientScope, Result, Store};
use sqlx::Row;

impl Store {
    /// The client's active trajectory, or else the latest one; `None` when there is none yet
    /// (one query).
    pub async fn active_trajectory_id(&self, scope: &ClientScope) -> Result<Option<i64>> {
        let row = sqlx::query(&format!("SELECT t.id FROM trajectories t WHERE t.client_id = $1 {CURRENT_FIRST} LIMIT 1"))
            .bind(scope.client_id)
            .fetch_optional(self.r())
            .await?;
        Ok(match row {
            Some(r) => Some(r.try_get("id")?),
            None => None,
        })
    }
}
