//! The methods used in a trajectory (codes of the methods library in
//! [`regie_domain::methods`]). A trajectory records its phase model's method when it starts;
//! the worker adds the other methods used along the way. Client data: reached only through a
//! [`ClientScope`], every change kept in `changes` (entity `trajectory_method`).

use crate::changes::{json, Change};
use crate::{ClientScope, Result, Store, StoreError};
use chrono::NaiveDate;
use regie_domain::catalogue::TrajectoryStatus;
use serde::Serialize;
use sqlx::{AnyConnection, Row};

/// One method used in a trajectory.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct MethodUse {
    /// The trajectory.
    pub trajectory_id: i64,
    /// Code in the methods library.
    pub method_code: String,
    /// The method's name (from the library; the code itself if the library no longer has it).
    pub name: String,
    /// Since when the method is used.
    pub added_on: NaiveDate,
    /// Who recorded it.
    pub added_by: i64,
    /// Their name.
    pub added_by_name: String,
}

/// What a change row keeps of a method use.
#[derive(Serialize)]
struct MethodUseData<'a> {
    trajectory_id: i64,
    method_code: &'a str,
    added_on: String,
    added_by: i64,
}

const UNKNOWN: &str = "Kies een methode uit de methodebibliotheek.";
const CLOSED: &str = "Dit traject is afgesloten; het kan niet meer veranderen.";

fn name_of(code: &str) -> String {
    regie_domain::methods::method(code).map(|m| m.name.clone()).unwrap_or_else(|| code.to_string())
}

impl Store {
    /// The methods used in one of the client's trajectories, oldest first. A trajectory of
    /// another client is not found.
    pub async fn trajectory_methods(&self, scope: &ClientScope, trajectory_id: i64) -> Result<Vec<MethodUse>> {
        let rows = sqlx::query(
            "SELECT t.id AS tid, tm.method_code, tm.added_on, tm.added_by, u.name AS added_by_name \
             FROM trajectories t LEFT JOIN trajectory_methods tm ON tm.trajectory_id = t.id \
             LEFT JOIN users u ON u.id = tm.added_by \
             WHERE t.id = $1 AND t.client_id = $2 ORDER BY tm.added_on, tm.method_code",
        )
        .bind(trajectory_id)
        .bind(scope.client_id)
        .fetch_all(self.r())
        .await?;
        if rows.is_empty() {
            return Err(StoreError::NotFound);
        }
        let mut out = Vec::new();
        for r in &rows {
            let Some(code) = r.try_get::<Option<String>, _>("method_code")? else { continue };
            out.push(MethodUse {
                trajectory_id,
                name: name_of(&code),
                method_code: code,
                added_on: crate::date(r, "added_on")?,
                added_by: r.try_get("added_by")?,
                added_by_name: r.try_get("added_by_name")?,
            });
        }
        Ok(out)
    }

    /// Records that a method from the library is used in the trajectory (since `today`). An
    /// unknown code, a method already recorded or a closed trajectory is refused in Dutch.
    pub async fn add_trajectory_method(&self, scope: &ClientScope, trajectory_id: i64, method_code: &str, today: NaiveDate) -> Result<MethodUse> {
        let code = method_code.trim();
        if regie_domain::methods::method(code).is_none() {
            return Err(StoreError::field("method_code", UNKNOWN));
        }
        let mut tx = self.begin().await?;
        self.tick(2);
        let row = sqlx::query(
            "SELECT t.status, (SELECT COUNT(*) FROM trajectory_methods tm WHERE tm.trajectory_id = t.id AND tm.method_code = $3) AS taken \
             FROM trajectories t WHERE t.id = $1 AND t.client_id = $2",
        )
        .bind(trajectory_id)
        .bind(scope.client_id)
        .bind(code)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let status: String = row.try_get("status")?;
        if status != TrajectoryStatus::Active.code() {
            return Err(StoreError::field("method_code", CLOSED));
        }
        if row.try_get::<i64, _>("taken")? > 0 {
            return Err(StoreError::field("method_code", "Deze methode staat al bij dit traject."));
        }
        self.insert_method_use(&mut tx, scope, trajectory_id, code, today).await?;
        tx.commit().await?;
        self.trajectory_methods(scope, trajectory_id)
            .await?
            .into_iter()
            .find(|m| m.method_code == code)
            .ok_or_else(|| StoreError::Corrupt("method use not read back".into()))
    }

    /// Removes a method from the trajectory's record. Not recorded: not found.
    pub async fn remove_trajectory_method(&self, scope: &ClientScope, trajectory_id: i64, method_code: &str) -> Result<()> {
        let current = self.trajectory_methods(scope, trajectory_id).await?;
        let Some(gone) = current.into_iter().find(|m| m.method_code == method_code.trim()) else {
            return Err(StoreError::NotFound);
        };
        let mut tx = self.begin().await?;
        self.tick(1);
        let done = sqlx::query(
            "DELETE FROM trajectory_methods WHERE trajectory_id = $1 AND method_code = $2 \
             AND trajectory_id IN (SELECT id FROM trajectories WHERE client_id = $3)",
        )
        .bind(trajectory_id)
        .bind(&gone.method_code)
        .bind(scope.client_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if done != 1 {
            return Err(StoreError::NotFound);
        }
        let data = MethodUseData {
            trajectory_id,
            method_code: &gone.method_code,
            added_on: crate::time::day(gone.added_on),
            added_by: gone.added_by,
        };
        let change = Change { trajectory_id: Some(trajectory_id), entity: "trajectory_method", entity_id: trajectory_id, version: 1, op: "delete", data: json(&data) };
        self.write_change(&mut tx, scope, change).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The kept changes to the trajectory's methods, oldest first: (op, method code, by whom).
    pub async fn trajectory_method_changes(&self, scope: &ClientScope, trajectory_id: i64) -> Result<Vec<(String, String, String)>> {
        let rows = sqlx::query(
            "SELECT c.op, c.data, u.name AS by_name FROM changes c JOIN users u ON u.id = c.by_user_id \
             WHERE c.client_id = $1 AND c.trajectory_id = $2 AND c.entity = 'trajectory_method' ORDER BY c.at, c.id",
        )
        .bind(scope.client_id)
        .bind(trajectory_id)
        .fetch_all(self.r())
        .await?;
        rows.iter()
            .map(|r| {
                let data: String = r.try_get("data")?;
                let value: serde_json::Value = serde_json::from_str(&data).map_err(|e| StoreError::Corrupt(format!("changes.data: {e}")))?;
                let code = value["method_code"].as_str().unwrap_or_default().to_string();
                Ok((r.try_get("op")?, code, r.try_get("by_name")?))
            })
            .collect()
    }

    /// Inside the transaction that starts a trajectory: records the method of its phase model
    /// (built-in models share their method's code; an organisation's own model records nothing).
    pub(crate) async fn record_model_method(
        &self,
        conn: &mut AnyConnection,
        scope: &ClientScope,
        trajectory_id: i64,
        model_code: &str,
        started: NaiveDate,
    ) -> Result<()> {
        if regie_domain::methods::method(model_code).is_none() {
            return Ok(());
        }
        self.insert_method_use(conn, scope, trajectory_id, model_code, started).await
    }

    async fn insert_method_use(&self, conn: &mut AnyConnection, scope: &ClientScope, trajectory_id: i64, code: &str, on: NaiveDate) -> Result<()> {
        self.tick(1);
        let added = sqlx::query(
            "INSERT INTO trajectory_methods (trajectory_id, method_code, added_on, added_by) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (trajectory_id, method_code) DO NOTHING",
        )
        .bind(trajectory_id)
        .bind(code)
        .bind(crate::time::day(on))
        .bind(scope.user_id)
        .execute(&mut *conn)
        .await?
        .rows_affected();
        if added == 0 {
            return Err(StoreError::field("method_code", "Deze methode staat al bij dit traject."));
        }
        let data = MethodUseData { trajectory_id, method_code: code, added_on: crate::time::day(on), added_by: scope.user_id };
        let change = Change { trajectory_id: Some(trajectory_id), entity: "trajectory_method", entity_id: trajectory_id, version: 1, op: "create", data: json(&data) };
        self.write_change(conn, scope, change).await
    }
}
