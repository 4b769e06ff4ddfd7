//! Reading plan rows (perspective, goals, actions) back into the domain's types, always through
//! the client's trajectories so that another client's ids are never reached.

use crate::{Result, Store, StoreError};
use regie_domain::plan::{assemble, Action, Goal, PerspectiveItem, PlanSnapshot};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// Goal columns, unqualified (for RETURNING) and qualified with `g.`.
pub(crate) const GOAL_COLS: &str = "id, domain_code, text, priority, target_date, status, version";
pub(crate) const GOAL_COLS_G: &str = "g.id, g.domain_code, g.text, g.priority, g.target_date, g.status, g.version";
/// Action columns, unqualified (for RETURNING) and qualified with `a.`.
pub(crate) const ACTION_COLS: &str = "id, goal_id, text, owner_kind, owner_user_id, owner_name, due_date, status, version";
pub(crate) const ACTION_COLS_A: &str =
    "a.id, a.goal_id, a.text, a.owner_kind, a.owner_user_id, a.owner_name, a.due_date, a.status, a.version";
/// Perspective columns, unqualified and qualified with `p.`.
pub(crate) const PERSPECTIVE_COLS: &str = "id, area, text, version";
pub(crate) const PERSPECTIVE_COLS_P: &str = "p.id, p.area, p.text, p.version";

/// The refusal for changing the plan of a trajectory that is no longer active.
pub(crate) fn closed_trajectory() -> StoreError {
    StoreError::field("trajectory", "Dit traject is afgesloten. Het plan kan niet meer worden gewijzigd.")
}

pub(crate) fn goal_from(r: &AnyRow) -> Result<Goal> {
    Ok(Goal {
        id: r.try_get("id")?,
        domain: r.try_get("domain_code")?,
        text: r.try_get("text")?,
        priority: r.try_get("priority")?,
        target_date: crate::opt_date(r, "target_date")?,
        status: r.try_get("status")?,
        version: r.try_get("version")?,
        actions: Vec::new(),
    })
}

pub(crate) fn action_from(r: &AnyRow) -> Result<Action> {
    Ok(Action {
        id: r.try_get("id")?,
        goal_id: r.try_get("goal_id")?,
        text: r.try_get("text")?,
        owner_kind: r.try_get("owner_kind")?,
        owner_user_id: r.try_get("owner_user_id")?,
        owner_name: r.try_get("owner_name")?,
        due_date: crate::opt_date(r, "due_date")?,
        status: r.try_get("status")?,
        version: r.try_get("version")?,
    })
}

pub(crate) fn perspective_from(r: &AnyRow) -> Result<PerspectiveItem> {
    Ok(PerspectiveItem { id: r.try_get("id")?, area: r.try_get("area")?, text: r.try_get("text")?, version: r.try_get("version")? })
}

/// A goal as kept in the change log: the domain shape without its actions.
pub(crate) fn goal_json(g: &Goal) -> serde_json::Value {
    let mut v = crate::changes::json(g);
    if let Some(o) = v.as_object_mut() {
        o.remove("actions");
    }
    v
}

/// The three queries that read a trajectory's plan, each with `$1` trajectory and `$2` client:
/// goals (starting from the trajectory, so that they also tell whether it is the client's),
/// perspective and actions.
fn plan_queries() -> [String; 3] {
    [
        format!("SELECT t.id AS tid, {GOAL_COLS_G} FROM trajectories t LEFT JOIN goals g ON g.trajectory_id = t.id WHERE t.id = $1 AND t.client_id = $2"),
        format!(
            "SELECT {PERSPECTIVE_COLS_P} FROM perspective p JOIN trajectories t ON t.id = p.trajectory_id \
             WHERE p.trajectory_id = $1 AND t.client_id = $2"
        ),
        format!("SELECT {ACTION_COLS_A} FROM actions a JOIN trajectories t ON t.id = a.trajectory_id WHERE a.trajectory_id = $1 AND t.client_id = $2"),
    ]
}

/// The plan from the rows of [`plan_queries`]; `None` when the trajectory is not the client's.
fn plan_from(goals: &[AnyRow], perspective: &[AnyRow], actions: &[AnyRow]) -> Result<Option<PlanSnapshot>> {
    if goals.is_empty() {
        return Ok(None);
    }
    let mut goal_items = Vec::new();
    for r in goals {
        if r.try_get::<Option<i64>, _>("id")?.is_some() {
            goal_items.push(goal_from(r)?);
        }
    }
    let perspective = perspective.iter().map(perspective_from).collect::<Result<Vec<_>>>()?;
    let actions = actions.iter().map(action_from).collect::<Result<Vec<_>>>()?;
    Ok(Some(assemble(perspective, goal_items, actions)))
}

impl Store {
    /// The plan of one of the client's trajectories in three queries inside the caller's
    /// transaction, or `None` when the trajectory is not the client's.
    pub(crate) async fn load_plan(&self, conn: &mut AnyConnection, client_id: i64, trajectory_id: i64) -> Result<Option<PlanSnapshot>> {
        self.tick(3);
        let mut rows = Vec::with_capacity(3);
        for sql in &plan_queries() {
            rows.push(sqlx::query(sql).bind(trajectory_id).bind(client_id).fetch_all(&mut *conn).await?);
        }
        plan_from(&rows[0], &rows[1], &rows[2])
    }

    /// The same plan read on the read pool, its three queries at once.
    pub(crate) async fn read_plan(&self, client_id: i64, trajectory_id: i64) -> Result<Option<PlanSnapshot>> {
        let [goals, perspective, actions] = plan_queries();
        let (goals, perspective, actions) = tokio::try_join!(
            sqlx::query(&goals).bind(trajectory_id).bind(client_id).fetch_all(self.r()),
            sqlx::query(&perspective).bind(trajectory_id).bind(client_id).fetch_all(self.r()),
            sqlx::query(&actions).bind(trajectory_id).bind(client_id).fetch_all(self.r()),
        )?;
        plan_from(&goals, &perspective, &actions)
    }

    /// Checks that the trajectory is the client's (else not found) and still active (else refused).
    pub(crate) async fn active_trajectory(&self, conn: &mut AnyConnection, client_id: i64, trajectory_id: i64) -> Result<()> {
        self.tick(1);
        let row = sqlx::query("SELECT status FROM trajectories WHERE id = $1 AND client_id = $2")
            .bind(trajectory_id)
            .bind(client_id)
            .fetch_optional(conn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let status: String = row.try_get("status")?;
        if status != "actief" {
            return Err(closed_trajectory());
        }
        Ok(())
    }

    /// One of the client's goals with its trajectory id and whether that trajectory is active.
    pub(crate) async fn client_goal(&self, conn: &mut AnyConnection, client_id: i64, goal_id: i64) -> Result<Option<(Goal, i64, bool)>> {
        self.client_item(conn, client_id, goal_id, "goals g", GOAL_COLS_G, goal_from).await
    }

    /// One of the client's actions with its trajectory id and whether that trajectory is active.
    pub(crate) async fn client_action(&self, conn: &mut AnyConnection, client_id: i64, action_id: i64) -> Result<Option<(Action, i64, bool)>> {
        self.client_item(conn, client_id, action_id, "actions a", ACTION_COLS_A, action_from).await
    }

    /// One row of `table` (named with its one-letter alias, e.g. `goals g`, columns `cols`
    /// qualified with that alias) that belongs to one of the client's trajectories, read with
    /// `read`, with the trajectory's id and whether it is active.
    async fn client_item<T>(
        &self,
        conn: &mut AnyConnection,
        client_id: i64,
        id: i64,
        table: &str,
        cols: &str,
        read: fn(&AnyRow) -> Result<T>,
    ) -> Result<Option<(T, i64, bool)>> {
        let alias = table.rsplit(' ').next().unwrap_or(table);
        self.tick(1);
        let row = sqlx::query(&format!(
            "SELECT {cols}, t.id AS tid, t.status AS tstatus FROM {table} JOIN trajectories t ON t.id = {alias}.trajectory_id \
             WHERE {alias}.id = $1 AND t.client_id = $2"
        ))
        .bind(id)
        .bind(client_id)
        .fetch_optional(conn)
        .await?;
        row.map(|r| {
            let status: String = r.try_get("tstatus")?;
            Ok((read(&r)?, r.try_get("tid")?, status == "actief"))
        })
        .transpose()
    }

    /// The refusal for a stale edit of a goal: the goal as it is now, or not found when it is gone.
    pub(crate) async fn goal_conflict(&self, conn: &mut AnyConnection, client_id: i64, goal_id: i64) -> StoreError {
        conflict(self.client_goal(conn, client_id, goal_id).await)
    }

    /// The refusal for a stale edit of an action: the action as it is now, or not found.
    pub(crate) async fn action_conflict(&self, conn: &mut AnyConnection, client_id: i64, action_id: i64) -> StoreError {
        conflict(self.client_action(conn, client_id, action_id).await)
    }
}

/// A plan item found with [`Store::client_goal`] or [`Store::client_action`], to be changed: the
/// item and its trajectory id; not found when it is not the client's, refused when its
/// trajectory is closed.
pub(crate) fn editable<T>(found: Option<(T, i64, bool)>) -> Result<(T, i64)> {
    match found {
        None => Err(StoreError::NotFound),
        Some((_, _, false)) => Err(closed_trajectory()),
        Some((item, trajectory_id, true)) => Ok((item, trajectory_id)),
    }
}

/// The refusal for a stale edit: the item as it is now, or not found when it is gone.
fn conflict<T: serde::Serialize>(found: Result<Option<(T, i64, bool)>>) -> StoreError {
    match found {
        Ok(Some((item, _, _))) => StoreError::Conflict { current: crate::changes::json(&item) },
        Ok(None) => StoreError::NotFound,
        Err(e) => e,
    }
}
