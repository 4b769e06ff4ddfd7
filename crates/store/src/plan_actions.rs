//! Actions (acties) in the plan: a step towards a goal with an owner, a due date and a status.
//! Each change is kept in `changes` like every other plan change.

use crate::changes::{json, Change};
use crate::plan::{day, optional_code, ActionInput};
use crate::plan_rows::{action_from, editable, ACTION_COLS};
use crate::{ClientScope, Result, Store};
use regie_domain::catalogue::{ActionStatus, OwnerKind};
use regie_domain::plan::{Action, Op};
use regie_domain::FieldErrors;
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::query::Query;
use sqlx::{Any, AnyConnection, Row, Transaction};

/// An action's input, checked, with its owner resolved against the database.
struct ActionValues {
    text: String,
    kind: &'static str,
    owner_user_id: Option<i64>,
    owner_name: String,
    due_date: Option<String>,
    status: Option<&'static str>,
}

impl ActionValues {
    /// Binds text, owner kind, owner's user id, owner's name, due date and status (`status` when
    /// the input leaves it out), in this order.
    fn bind<'q>(&'q self, q: Query<'q, Any, AnyArguments<'q>>, status: &'q str) -> Query<'q, Any, AnyArguments<'q>> {
        q.bind(&self.text).bind(self.kind).bind(self.owner_user_id).bind(&self.owner_name).bind(&self.due_date).bind(self.status.unwrap_or(status))
    }
}

impl Store {
    /// Adds an action under a goal.
    pub async fn add_action(&self, scope: &ClientScope, goal_id: i64, input: &ActionInput) -> Result<Action> {
        let mut tx = self.begin().await?;
        let (_, trajectory_id) = editable(self.client_goal(&mut tx, scope.client_id, goal_id).await?)?;
        let v = self.check_action(&mut tx, scope.client_id, input).await?;
        self.tick(1);
        let sql = format!(
            "INSERT INTO actions (goal_id, trajectory_id, text, owner_kind, owner_user_id, owner_name, due_date, status, version) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1) RETURNING {ACTION_COLS}"
        );
        let row = v.bind(sqlx::query(&sql).bind(goal_id).bind(trajectory_id), ActionStatus::Open.code()).fetch_one(&mut *tx).await?;
        let action = action_from(&row)?;
        self.write_action_change(&mut tx, scope, trajectory_id, &action, Op::Create).await?;
        tx.commit().await?;
        Ok(action)
    }

    /// Changes an action; a stale `version` is refused with the current action.
    pub async fn update_action(&self, scope: &ClientScope, action_id: i64, input: &ActionInput, version: i64) -> Result<Action> {
        let mut tx = self.begin().await?;
        let (current, trajectory_id) = editable(self.client_action(&mut tx, scope.client_id, action_id).await?)?;
        let v = self.check_action(&mut tx, scope.client_id, input).await?;
        self.tick(1);
        let sql = format!(
            "UPDATE actions SET text = $1, owner_kind = $2, owner_user_id = $3, owner_name = $4, due_date = $5, status = $6, \
             version = version + 1 WHERE id = $7 AND trajectory_id = $8 AND version = $9 RETURNING {ACTION_COLS}"
        );
        let row = v.bind(sqlx::query(&sql), &current.status).bind(action_id).bind(trajectory_id).bind(version).fetch_optional(&mut *tx).await?;
        self.finish_action(tx, scope, trajectory_id, action_id, row, Op::Update).await
    }

    /// Sets only the status of an action (open, bezig, gedaan, vervallen).
    pub async fn set_action_status(&self, scope: &ClientScope, action_id: i64, status: &str, version: i64) -> Result<Action> {
        let mut e = FieldErrors::default();
        let status = e.one_of("status", status, ActionStatus::CODES).unwrap_or_default();
        e.finish()?;
        let mut tx = self.begin().await?;
        let (_, trajectory_id) = editable(self.client_action(&mut tx, scope.client_id, action_id).await?)?;
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
        self.finish_action(tx, scope, trajectory_id, action_id, row, Op::Update).await
    }

    /// Removes an action (kept in the history).
    pub async fn delete_action(&self, scope: &ClientScope, action_id: i64, version: i64) -> Result<()> {
        let mut tx = self.begin().await?;
        let (_, trajectory_id) = editable(self.client_action(&mut tx, scope.client_id, action_id).await?)?;
        self.tick(1);
        let row = sqlx::query(&format!("DELETE FROM actions WHERE id = $1 AND trajectory_id = $2 AND version = $3 RETURNING {ACTION_COLS}"))
            .bind(action_id)
            .bind(trajectory_id)
            .bind(version)
            .fetch_optional(&mut *tx)
            .await?;
        self.finish_action(tx, scope, trajectory_id, action_id, row, Op::Delete).await.map(drop)
    }

    /// Checks an action's input and resolves its owner; refused whole, with every message.
    async fn check_action(&self, conn: &mut AnyConnection, client_id: i64, input: &ActionInput) -> Result<ActionValues> {
        let mut e = FieldErrors::default();
        let text = e.text("text", &input.text, 500);
        let kind = e.one_of("owner_kind", &input.owner_kind, OwnerKind::CODES);
        let due_date = e.opt_date("due_date", input.due_date.as_deref());
        let status = optional_code(&mut e, "status", input.status.as_deref(), ActionStatus::CODES);
        let (owner_user_id, owner_name) = self.resolve_owner(conn, client_id, kind, input, &mut e).await?;
        e.finish()?;
        Ok(ActionValues { text, kind: kind.unwrap_or_default(), owner_user_id, owner_name, due_date: day(due_date), status })
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

    /// Keeps an edit of action `action_id` and commits. `row` is what the statement returned:
    /// `None` when the version was stale, refused with the action as it is now. A removed action
    /// is kept one version on from its last row.
    async fn finish_action(&self, mut tx: Transaction<'static, Any>, scope: &ClientScope, trajectory_id: i64, action_id: i64, row: Option<AnyRow>, op: Op) -> Result<Action> {
        let Some(row) = row else {
            return Err(self.action_conflict(&mut tx, scope.client_id, action_id).await);
        };
        let mut action = action_from(&row)?;
        if op == Op::Delete {
            action.version += 1;
        }
        self.write_action_change(&mut tx, scope, trajectory_id, &action, op).await?;
        tx.commit().await?;
        Ok(action)
    }

    pub(crate) async fn write_action_change(&self, conn: &mut AnyConnection, scope: &ClientScope, trajectory_id: i64, action: &Action, op: Op) -> Result<()> {
        let change = Change { trajectory_id: Some(trajectory_id), entity: "action", entity_id: action.id, version: action.version, op: op.code(), data: json(action) };
        self.write_change(conn, scope, change).await
    }
}
