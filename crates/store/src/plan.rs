//! The action plan: perspective, goals and actions, each change kept in `changes` so that the
//! plan can be replayed to any moment.

use crate::changes::{change_from, json, Change};
use crate::plan_rows::{action_from, editable, goal_from, goal_json, perspective_from, ACTION_COLS, GOAL_COLS, PERSPECTIVE_COLS};
use crate::{ClientScope, Result, Store, StoreError};
use chrono::NaiveDate;
use regie_domain::catalogue::{GoalStatus, PerspectiveArea};
use regie_domain::plan::{changes_between, replay, Action, ChangeLine, Entity, Goal, Op, PerspectiveItem, PlanChange, PlanSnapshot};
use regie_domain::FieldErrors;
use sqlx::{AnyConnection, Row};

/// Input for a goal.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct GoalInput {
    /// Life-domain code.
    pub domain: String,
    /// In the client's words.
    pub text: String,
    /// The client's priority (1 first); new goals go last when absent.
    pub priority: Option<i64>,
    /// `JJJJ-MM-DD`.
    pub target_date: Option<String>,
    /// Status code; `actief` when absent.
    pub status: Option<String>,
}

/// Input for an action.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ActionInput {
    /// What will be done.
    pub text: String,
    /// Owner kind code.
    pub owner_kind: String,
    /// The worker, when a worker owns it.
    pub owner_user_id: Option<i64>,
    /// Owner's name (network member, outside party); filled from the user for a worker, from the
    /// client's name for the client.
    pub owner_name: Option<String>,
    /// `JJJJ-MM-DD`.
    pub due_date: Option<String>,
    /// Status code; `open` when absent.
    pub status: Option<String>,
}

/// Highest priority number a goal can have.
const MAX_PRIORITY: i64 = 99;

/// A goal's input, checked; `None` where the input leaves the value as it is (or to the default).
struct GoalValues {
    domain: String,
    text: String,
    priority: Option<i64>,
    target_date: Option<NaiveDate>,
    status: Option<&'static str>,
}

fn goal_values(input: &GoalInput, e: &mut FieldErrors) -> GoalValues {
    let domain = input.domain.trim().to_string();
    if domain.is_empty() {
        e.add("domain", "Kies een leefgebied.");
    }
    let text = e.text("text", &input.text, 1000);
    if let Some(p) = input.priority {
        if !(1..=MAX_PRIORITY).contains(&p) {
            e.add("priority", format!("Geef een heel getal van 1 tot en met {MAX_PRIORITY}."));
        }
    }
    let target_date = e.opt_date("target_date", input.target_date.as_deref());
    let status = optional_code(e, "status", input.status.as_deref(), GoalStatus::CODES);
    GoalValues { domain, text, priority: input.priority, target_date, status }
}

/// A code that may be left out (empty counts as left out).
pub(crate) fn optional_code(e: &mut FieldErrors, field: &str, value: Option<&str>, allowed: &[&'static str]) -> Option<&'static str> {
    match value.map(str::trim) {
        None | Some("") => None,
        Some(v) => e.one_of(field, v, allowed),
    }
}

pub(crate) fn day(d: Option<NaiveDate>) -> Option<String> {
    d.map(crate::time::day)
}

impl Store {
    /// The current plan of a trajectory.
    pub async fn plan(&self, scope: &ClientScope, trajectory_id: i64) -> Result<PlanSnapshot> {
        self.read_plan(scope.client_id, trajectory_id).await?.ok_or(StoreError::NotFound)
    }

    /// Writes the client's words on one perspective area. `version` is that of the text the user
    /// saw (`None` when there was none yet).
    pub async fn set_perspective(&self, scope: &ClientScope, trajectory_id: i64, area: &str, text: &str, version: Option<i64>) -> Result<PerspectiveItem> {
        let mut e = FieldErrors::default();
        let area = e.one_of("area", area, PerspectiveArea::CODES).unwrap_or_default();
        let text = e.opt_text("text", Some(text), 2000).unwrap_or_default();
        e.finish()?;
        let mut tx = self.begin().await?;
        self.active_trajectory(&mut tx, scope.client_id, trajectory_id).await?;
        self.tick(1);
        let (row, op) = match version {
            None => {
                let row = sqlx::query(&format!(
                    "INSERT INTO perspective (trajectory_id, area, text, version) VALUES ($1, $2, $3, 1) \
                     ON CONFLICT (trajectory_id, area) DO NOTHING RETURNING {PERSPECTIVE_COLS}"
                ))
                .bind(trajectory_id)
                .bind(area)
                .bind(&text)
                .fetch_optional(&mut *tx)
                .await?;
                (row, Op::Create)
            }
            Some(v) => {
                let row = sqlx::query(&format!(
                    "UPDATE perspective SET text = $1, version = version + 1 \
                     WHERE trajectory_id = $2 AND area = $3 AND version = $4 RETURNING {PERSPECTIVE_COLS}"
                ))
                .bind(&text)
                .bind(trajectory_id)
                .bind(area)
                .bind(v)
                .fetch_optional(&mut *tx)
                .await?;
                (row, Op::Update)
            }
        };
        let Some(row) = row else {
            return Err(self.perspective_conflict(&mut tx, trajectory_id, area).await);
        };
        let item = perspective_from(&row)?;
        let change = Change { trajectory_id: Some(trajectory_id), entity: "perspective", entity_id: item.id, version: item.version, op: op.code(), data: json(&item) };
        self.write_change(&mut tx, scope, change).await?;
        tx.commit().await?;
        Ok(item)
    }

    /// Adds a goal.
    pub async fn add_goal(&self, scope: &ClientScope, trajectory_id: i64, input: &GoalInput) -> Result<Goal> {
        let mut e = FieldErrors::default();
        let v = goal_values(input, &mut e);
        let mut tx = self.begin().await?;
        self.active_trajectory(&mut tx, scope.client_id, trajectory_id).await?;
        self.check_domain(&mut tx, &v.domain, &mut e).await?;
        e.finish()?;
        let priority = match v.priority {
            Some(p) => p,
            None => {
                self.tick(1);
                let next: i64 = sqlx::query("SELECT COALESCE(MAX(priority), 0) + 1 FROM goals WHERE trajectory_id = $1")
                    .bind(trajectory_id)
                    .fetch_one(&mut *tx)
                    .await?
                    .try_get(0)?;
                next.min(MAX_PRIORITY)
            }
        };
        self.tick(1);
        let row = sqlx::query(&format!(
            "INSERT INTO goals (trajectory_id, domain_code, text, priority, target_date, status, version) \
             VALUES ($1, $2, $3, $4, $5, $6, 1) RETURNING {GOAL_COLS}"
        ))
        .bind(trajectory_id)
        .bind(&v.domain)
        .bind(&v.text)
        .bind(priority)
        .bind(day(v.target_date))
        .bind(v.status.unwrap_or(GoalStatus::Active.code()))
        .fetch_one(&mut *tx)
        .await?;
        let goal = goal_from(&row)?;
        self.write_goal_change(&mut tx, scope, trajectory_id, &goal, Op::Create).await?;
        tx.commit().await?;
        Ok(goal)
    }

    /// Changes a goal; a stale `version` is refused with the current goal.
    pub async fn update_goal(&self, scope: &ClientScope, goal_id: i64, input: &GoalInput, version: i64) -> Result<Goal> {
        let mut e = FieldErrors::default();
        let v = goal_values(input, &mut e);
        let mut tx = self.begin().await?;
        let (current, trajectory_id) = editable(self.client_goal(&mut tx, scope.client_id, goal_id).await?)?;
        self.check_domain(&mut tx, &v.domain, &mut e).await?;
        e.finish()?;
        self.tick(1);
        let row = sqlx::query(&format!(
            "UPDATE goals SET domain_code = $1, text = $2, priority = $3, target_date = $4, status = $5, version = version + 1 \
             WHERE id = $6 AND trajectory_id = $7 AND version = $8 RETURNING {GOAL_COLS}"
        ))
        .bind(&v.domain)
        .bind(&v.text)
        .bind(v.priority.unwrap_or(current.priority))
        .bind(day(v.target_date))
        .bind(v.status.unwrap_or(current.status.as_str()))
        .bind(goal_id)
        .bind(trajectory_id)
        .bind(version)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            return Err(self.goal_conflict(&mut tx, scope.client_id, goal_id).await);
        };
        let goal = goal_from(&row)?;
        self.write_goal_change(&mut tx, scope, trajectory_id, &goal, Op::Update).await?;
        tx.commit().await?;
        Ok(goal)
    }

    /// Removes a goal and its actions (kept in the history).
    pub async fn delete_goal(&self, scope: &ClientScope, goal_id: i64, version: i64) -> Result<()> {
        let mut tx = self.begin().await?;
        let (_, trajectory_id) = editable(self.client_goal(&mut tx, scope.client_id, goal_id).await?)?;
        // Claim the goal at the version the user saw first (this also locks it), then remove its
        // actions and the goal itself; the kept changes carry each item as it was.
        self.tick(3);
        let row = sqlx::query(&format!("UPDATE goals SET version = version + 1 WHERE id = $1 AND trajectory_id = $2 AND version = $3 RETURNING {GOAL_COLS}"))
            .bind(goal_id)
            .bind(trajectory_id)
            .bind(version)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(row) = row else {
            return Err(self.goal_conflict(&mut tx, scope.client_id, goal_id).await);
        };
        let goal = goal_from(&row)?;
        let actions = sqlx::query(&format!("DELETE FROM actions WHERE goal_id = $1 AND trajectory_id = $2 RETURNING {ACTION_COLS}"))
            .bind(goal_id)
            .bind(trajectory_id)
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(action_from)
            .collect::<Result<Vec<_>>>()?;
        sqlx::query("DELETE FROM goals WHERE id = $1 AND trajectory_id = $2").bind(goal_id).bind(trajectory_id).execute(&mut *tx).await?;
        for a in actions {
            let gone = Action { version: a.version + 1, ..a };
            self.write_action_change(&mut tx, scope, trajectory_id, &gone, Op::Delete).await?;
        }
        self.write_goal_change(&mut tx, scope, trajectory_id, &goal, Op::Delete).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every kept change of a trajectory's plan, oldest first.
    pub async fn plan_history(&self, scope: &ClientScope, trajectory_id: i64) -> Result<Vec<PlanChange>> {
        // Starts from the trajectory so that one query also tells whether it is the client's.
        let rows = sqlx::query(
            "SELECT t.id AS tid, c.entity, c.entity_id, c.version, c.op, c.at, c.data, u.name AS by_name \
             FROM trajectories t \
             LEFT JOIN changes c ON c.trajectory_id = t.id AND c.client_id = t.client_id \
                                AND c.entity IN ('perspective', 'goal', 'action') \
             LEFT JOIN users u ON u.id = c.by_user_id \
             WHERE t.id = $1 AND t.client_id = $2 \
             ORDER BY c.at, c.id",
        )
        .bind(trajectory_id)
        .bind(scope.client_id)
        .fetch_all(self.r())
        .await?;
        if rows.is_empty() {
            return Err(StoreError::NotFound);
        }
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            if r.try_get::<Option<String>, _>("entity")?.is_none() {
                continue;
            }
            let c = change_from(r)?;
            let entity = Entity::parse(&c.entity).ok_or_else(|| StoreError::Corrupt(format!("entity {}", c.entity)))?;
            out.push(PlanChange { entity, entity_id: c.entity_id, version: c.version, op: c.op, at: c.at, by: c.by, data: c.data });
        }
        Ok(out)
    }

    /// The plan as it was at the end of `date`.
    pub async fn plan_as_of(&self, scope: &ClientScope, trajectory_id: i64, date: NaiveDate) -> Result<PlanSnapshot> {
        let history = self.plan_history(scope, trajectory_id).await?;
        Ok(replay(&history, crate::time::end_of(date)))
    }

    /// What changed after the end of `from` up to the end of `to`.
    pub async fn plan_changes_between(&self, scope: &ClientScope, trajectory_id: i64, from: NaiveDate, to: NaiveDate) -> Result<Vec<ChangeLine>> {
        let history = self.plan_history(scope, trajectory_id).await?;
        Ok(changes_between(&history, crate::time::end_of(from), crate::time::end_of(to)))
    }

    /// Records that a life-domain code does not exist.
    async fn check_domain(&self, conn: &mut AnyConnection, domain: &str, e: &mut FieldErrors) -> Result<()> {
        if domain.is_empty() {
            return Ok(());
        }
        self.tick(1);
        let n: i64 = sqlx::query("SELECT COUNT(*) FROM life_domains WHERE code = $1").bind(domain).fetch_one(conn).await?.try_get(0)?;
        if n == 0 {
            e.add("domain", "Dit leefgebied bestaat niet.");
        }
        Ok(())
    }

    /// The refusal for a stale perspective edit: the text as it is now, or not found.
    async fn perspective_conflict(&self, conn: &mut AnyConnection, trajectory_id: i64, area: &str) -> StoreError {
        self.tick(1);
        let row = sqlx::query(&format!("SELECT {PERSPECTIVE_COLS} FROM perspective WHERE trajectory_id = $1 AND area = $2"))
            .bind(trajectory_id)
            .bind(area)
            .fetch_optional(conn)
            .await;
        match row {
            Ok(Some(r)) => match perspective_from(&r) {
                Ok(item) => StoreError::Conflict { current: json(&item) },
                Err(e) => e,
            },
            Ok(None) => StoreError::NotFound,
            Err(e) => e.into(),
        }
    }

    pub(crate) async fn write_goal_change(&self, conn: &mut AnyConnection, scope: &ClientScope, trajectory_id: i64, goal: &Goal, op: Op) -> Result<()> {
        let change = Change { trajectory_id: Some(trajectory_id), entity: "goal", entity_id: goal.id, version: goal.version, op: op.code(), data: goal_json(goal) };
        self.write_change(conn, scope, change).await
    }
}
