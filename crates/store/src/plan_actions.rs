//! Actions (acties) in the plan: a step towards a goal with an owner, a due date and a status.
//! Each change is kept in `changes` like every other plan change.

use crate::changes::{json, Change};
use crate::plan::{day, optional_code, ActionInput};
use crate::plan_rows::{action_from, closed_trajectory, ACTION_COLS};
use crate::{ClientScope, Result, Store, StoreError};
use chrono::NaiveDate;
use regie_domain::catalogue::{ActionStatus, OwnerKind};
use regie_domain::plan::{Action, Op};
use regie_domain::FieldErrors;
use sqlx::{AnyConnection, Row};

/// An action's input, checked (the owner is resolved against the database separately).
struct ActionValues {
    text: String,
    kind: Option<&'static str>,
    due_date: Option<NaiveDate>,
    status: Option<&'static str>,
}

fn action_values(input: &ActionInput, e: &mut FieldErrors) -> ActionValues {
    ActionValues {
        text: e.text("text", &input.text, 500),
        kind: e.one_of("owner_kind", &input.owner_kind, OwnerKind::CODES),
        due_date: e.opt_date("due_date", input.due_date.as_deref()),
        status: optional_code(e, "status", input.status.as_deref(), ActionStatus::CODES),
    }
}

impl Store {
    /// Adds an action under a goal.
    pub async fn add_action(&self, scope: &ClientScope, goal_id: i64, input: &ActionInput) -> Result<Action> {
        let mut e = FieldErrors::default();
        let v = action_values(input, &mut e);
        let mut tx = self.begin().await?;
        let (_, trajectory_id, active) = self.client_goal(&mut tx, scope.client_id, goal_id).await?.ok_or(StoreError::NotFound)?;
        if !active {
            return Err(closed_trajectory());
        }
        let (owner_user_id, owner_name) = self.resolve_owner(&mut tx, scope.client_id, v.kind, input, &mut e).await?;
        e.finish()?;
        self.tick(1);
        let row = sqlx::query(&format!(
            "INSERT INTO actions (goal_id, trajectory_id, text, owner_kind, owner_user_id, owner_name, due_date, status, version) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1) RETURNING {ACTION_COLS}"
        ))
        .bind(goal_id)
        .bind(trajectory_id)
        .bind(&v.text)
        .bind(v.kind.unwrap_or_default())
        .bind(owner_user_id)
        .bind(&owner_name)
        .bind(day(v.due_date))
        .bind(v.status.unwrap_or(ActionStatus::Open.code()))
        .fetch_one(&mut *tx)
        .await?;
        let action = action_from(&row)?;
        self.write_action_change(&mut tx, scope, trajectory_id, &action, Op::Create).await?;
        tx.commit().await?;
        Ok(action)
    }

    /// Changes an action; a stale `version` is refused with the current action.
    pub async fn update_action(&self, scope: &ClientScope, action_id: i64, input: &ActionInput, version: i64) -> Result<Action> {
        let mut e = FieldErrors::default();
        let v = action_values(input, &mut e);
        let mut tx = self.begin().await?;
        let (current, trajectory_id, active) = self.client_action(&mut tx, scope.client_id, action_id).await?.ok_or(StoreError::NotFound)?;
        if !active {
            return Err(closed_trajectory());
        }
        let (owner_user_id, owner_name) = self.resolve_owner(&mut tx, scope.client_id, v.kind, input, &mut e).await?;
        e.finish()?;
        self.tick(1);
        let row = sqlx::query(&format!(
            "UPDATE actions SET text = $1, owner_kind = $2, owner_user_id = $3, owner_name = $4, due_date = $5, status = $6, \
             version = version + 1 WHERE id = $7 AND trajectory_id = $8 AND version = $9 RETURNING {ACTION_COLS}"
        ))
        .bind(&v.text)
        .bind(v.kind.unwrap_or_default())
        .bind(owner_user_id)
        .bind(&owner_name)
        .bind(day(v.due_date))
        .bind(v.status.unwrap_or(current.status.as_str()))
        .bind(action_id)
        .bind(trajectory_id)
        .bind(version)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            return Err(self.action_conflict(&mut tx, scope.client_id, action_id).await);
        };
        let action = action_from(&row)?;
        self.write_action_change(&mut tx, scope, trajectory_id, &action, Op::Update).await?;
        tx.commit().await?;
        Ok(action)
    }

    /// Sets only the status of an action (open, bezig, gedaan, vervallen).
    pub async fn set_action_status(&self, scope: &ClientScope, action_id: i64, status: &str, version: i64) -> Result<Action> {
        let mut e = FieldErrors::default();
        let status = e.one_of("status", status, ActionStatus::CODES).unwrap_or_default();
        e.finish()?;
        let mut tx = self.begin().await?;
        let (_, trajectory_id, active) = self.client_action(&mut tx, scope.client_id, action_id).await?.ok_or(StoreError::NotFound)?;
        if !active {
            return Err(closed_trajectory());
        }
        self.tick(1);
        let row = sqlx::query(&format!(
            "UPDATE actions SET status = $1, version = version + 1 WHERE id = $2 AND trajectory_id = $3 AND version = $4 RETURNING {ACTION_COLS}"
        ))
        .bind(status)
        .bind(action_id)
        .bind(trajectory_id)
        .bind(version)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            return Err(self.action_conflict(&mut tx, scope.client_id, action_id).await);
        };
        let action = action_from(&row)?;
        self.write_action_change(&mut tx, scope, trajectory_id, &action, Op::Update).await?;
        tx.commit().await?;
        Ok(action)
    }

    /// Removes an action (kept in the history).
    pub async fn delete_action(&self, scope: &ClientScope, action_id: i64, version: i64) -> Result<()> {
        let mut tx = self.begin().await?;
        let (_, trajectory_id, active) = self.client_action(&mut tx, scope.client_id, action_id).await?.ok_or(StoreError::NotFound)?;
        if !active {
            return Err(closed_trajectory());
        }
        self.tick(1);
        let row = sqlx::query(&format!("DELETE FROM actions WHERE id = $1 AND trajectory_id = $2 AND version = $3 RETURNING {ACTION_COLS}"))
            .bind(action_id)
            .bind(trajectory_id)
            .bind(version)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(row) = row else {
            return Err(self.action_conflict(&mut tx, scope.client_id, action_id).await);
        };
        let action = action_from(&row)?;
        let gone = Action { version: action.version + 1, ..action };
        self.write_action_change(&mut tx, scope, trajectory_id, &gone, Op::Delete).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Who carries out an action: the worker's id and name, or only a name.
    async fn resolve_owner(
        &self,
        conn: &mut AnyConnection,
        client_id: i64,
        kind: Option<&str>,
        input: &ActionInput,
        e: &mut FieldErrors,
    ) -> Result<(Option<i64>, String)> {
        match kind {
            Some("client") => {
                self.tick(1);
                let row = sqlx::query("SELECT first_name FROM clients WHERE id = $1").bind(client_id).fetch_one(conn).await?;
                Ok((None, row.try_get("first_name")?))
            }
            Some("medewerker") => {
                let Some(user_id) = input.owner_user_id else {
                    e.add("owner_user_id", "Kies de medewerker die de actie uitvoert.");
                    return Ok((None, String::new()));
                };
                self.tick(1);
                let row = sqlx::query("SELECT name FROM users WHERE id = $1 AND active = TRUE").bind(user_id).fetch_optional(conn).await?;
                match row {
                    Some(r) => Ok((Some(user_id), r.try_get("name")?)),
                    None => {
                        e.add("owner_user_id", "Deze medewerker bestaat niet of werkt hier niet meer.");
                        Ok((None, String::new()))
                    }
                }
            }
            Some(_) => {
                let name = input.owner_name.as_deref().unwrap_or("").trim();
                if name.is_empty() {
                    e.add("owner_name", "Vul de naam in van wie de actie uitvoert.");
                } else if name.chars().count() > 200 {
                    e.add("owner_name", "Gebruik hoogstens 200 tekens.");
                }
                Ok((None, name.to_string()))
            }
            None => Ok((None, String::new())),
        }
    }

    pub(crate) async fn write_action_change(&self, conn: &mut AnyConnection, scope: &ClientScope, trajectory_id: i64, action: &Action, op: Op) -> Result<()> {
        let change = Change { trajectory_id: Some(trajectory_id), entity: "action", entity_id: action.id, version: action.version, op: op.code(), data: json(action) };
        self.write_change(conn, scope, change).await
    }
}
