//! Client records kept outside a trajectory (strengths, network members): one versioned-edit path
//! for every such table. A stale edit is refused with the row as it is now, a delete is recorded
//! one version on (so a replay always sees it as the latest change), and every change is written
//! to `changes` in the caller's transaction.

use crate::changes::{json, Change};
use crate::{ClientScope, Result, Store, StoreError};
use regie_domain::plan::Op;
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::AnyConnection;

/// A row that carries its id and version.
pub(crate) trait Versioned: Serialize {
    /// Database id.
    fn id(&self) -> i64;
    /// Version after the latest change.
    fn version(&self) -> i64;
    /// The same row one version on (how a delete is recorded).
    fn bumped(self) -> Self;
}

/// A table of client-owned rows whose changes are kept under one entity code.
pub(crate) struct Kept<T> {
    /// Table name.
    pub table: &'static str,
    /// Columns read back (must include `id` and `version`).
    pub cols: &'static str,
    /// Entity code in `changes`.
    pub entity: &'static str,
    /// Reads one row.
    pub read: fn(&AnyRow) -> Result<T>,
}

impl Store {
    /// Records one change of a kept row.
    pub(crate) async fn write_kept_change<T: Versioned>(&self, conn: &mut AnyConnection, scope: &ClientScope, kind: &Kept<T>, item: &T, op: Op) -> Result<()> {
        let change = Change { trajectory_id: None, entity: kind.entity, entity_id: item.id(), version: item.version(), op: op.code(), data: json(item) };
        self.write_change(conn, scope, change).await
    }

    /// The refusal for a stale edit: the row as it is now (a conflict), or not found.
    pub(crate) async fn kept_conflict<T: Versioned>(&self, conn: &mut AnyConnection, scope: &ClientScope, kind: &Kept<T>, id: i64) -> StoreError {
        self.tick(1);
        let row = sqlx::query(&format!("SELECT {} FROM {} WHERE id = $1 AND client_id = $2", kind.cols, kind.table))
            .bind(id)
            .bind(scope.client_id)
            .fetch_optional(conn)
            .await;
        match row {
            Ok(Some(r)) => match (kind.read)(&r) {
                Ok(item) => StoreError::Conflict { current: json(&item) },
                Err(e) => e,
            },
            Ok(None) => StoreError::NotFound,
            Err(e) => e.into(),
        }
    }

    /// Removes one of the client's rows at `version`, keeping the removal in the history.
    pub(crate) async fn delete_kept<T: Versioned>(&self, scope: &ClientScope, kind: &Kept<T>, id: i64, version: i64) -> Result<()> {
        let mut tx = self.begin().await?;
        self.tick(1);
        let row = sqlx::query(&format!("DELETE FROM {} WHERE id = $1 AND client_id = $2 AND version = $3 RETURNING {}", kind.table, kind.cols))
            .bind(id)
            .bind(scope.client_id)
            .bind(version)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(row) = row else {
            return Err(self.kept_conflict(&mut tx, scope, kind, id).await);
        };
        let gone = (kind.read)(&row)?.bumped();
        self.write_kept_change(&mut tx, scope, kind, &gone, Op::Delete).await?;
        tx.commit().await?;
        Ok(())
    }
}
