//! Finding which trajectory a plan page is about, without loading the whole dossier.

use crate::{ClientScope, Result, Store};
use sqlx::Row;

impl Store {
    /// The client's active trajectory, or else the latest one; `None` when there is none yet
    /// (one query).
    pub async fn active_trajectory_id(&self, scope: &ClientScope) -> Result<Option<i64>> {
        let row = sqlx::query(
            "SELECT id FROM trajectories WHERE client_id = $1 \
             ORDER BY CASE WHEN status = 'actief' THEN 0 ELSE 1 END, started_on DESC, id DESC LIMIT 1",
        )
        .bind(scope.client_id)
        .fetch_optional(self.r())
        .await?;
        Ok(match row {
            Some(r) => Some(r.try_get("id")?),
            None => None,
        })
    }
}
