//! The change log of a client's record: one `changes` row per change, with who and when and the
//! item as it stood after the change. The plan history is replayed from these rows.

use crate::{ClientScope, Result, Store, StoreError};
use regie_domain::history::RecordChange;
use regie_domain::plan::Op;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// One change to write, in the transaction of the change itself.
pub(crate) struct Change<'a> {
    /// Trajectory the item belongs to (plan entities always have one).
    pub trajectory_id: Option<i64>,
    /// Entity code: `perspective`, `goal`, `action`, `journal`, `evaluation`, …
    pub entity: &'a str,
    /// Id of the item.
    pub entity_id: i64,
    /// The item's version after the change.
    pub version: i64,
    /// `create`, `update` or `delete`.
    pub op: &'a str,
    /// The item after the change (for a delete: as it was).
    pub data: serde_json::Value,
}

impl Store {
    /// Writes one change row, stamped now, by the scope's user.
    pub(crate) async fn write_change(&self, conn: &mut AnyConnection, scope: &ClientScope, c: Change<'_>) -> Result<()> {
        self.tick(1);
        sqlx::query(
            "INSERT INTO changes (client_id, trajectory_id, entity, entity_id, version, op, at, by_user_id, data) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(scope.client_id)
        .bind(c.trajectory_id)
        .bind(c.entity)
        .bind(c.entity_id)
        .bind(c.version)
        .bind(c.op)
        .bind(crate::now())
        .bind(scope.user_id)
        .bind(c.data.to_string())
        .execute(conn)
        .await?;
        Ok(())
    }
}

/// JSON of a value that serializes by construction (the domain's plain structs).
pub(crate) fn json<T: serde::Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

/// Reads a `changes` row selected with its columns `entity`, `entity_id`, `version`, `op`, `at`,
/// `data` and the author's name as `by_name` (empty when unknown).
pub(crate) fn change_from(r: &AnyRow) -> Result<RecordChange> {
    let op: String = r.try_get("op")?;
    let data: String = r.try_get("data")?;
    Ok(RecordChange {
        entity: r.try_get("entity")?,
        entity_id: r.try_get("entity_id")?,
        version: r.try_get("version")?,
        op: Op::parse(&op).ok_or_else(|| StoreError::Corrupt(format!("op {op}")))?,
        at: crate::moment(r, "at")?,
        by: r.try_get::<Option<String>, _>("by_name")?.unwrap_or_default(),
        data: serde_json::from_str(&data).map_err(|e| StoreError::Corrupt(format!("changes.data: {e}")))?,
    })
}
