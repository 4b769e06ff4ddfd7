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

impl Store {
    /// The plan of one of the client's trajectories in three queries, or `None` when the
    /// trajectory is not the client's.
    pub(crate) async fn load_plan(&self, conn: &mut AnyConnection, client_id: i64, trajectory_id: i64) -> Result<Option<PlanSnapshot>> {
        self.tick(3);
        // The goals query starts from the trajectory so that it also tells whether it exists.
        let goal_rows = sqlx::query(&format!(
            "SELECT t.id AS tid, {GOAL_COLS_G} FROM trajectories t LEFT JOIN goals g ON g.trajectory_id = t.id \
             WHERE t.id = $1 AND t.client_id = $2"
        ))
        .bind(trajectory_id)
        .bind(client_id)
        .fetch_all(&mut *conn)
        .await?;
        if goal_rows.is_empty() {
            return Ok(None);
        }
        let mut goals = Vec::new();
        for r in &goal_rows {
            if r.try_get::<Option<i64>, _>("id")?.is_some() {
                goals.push(goal_from(r)?);
            }
        }
        let perspective = sqlx::query(&format!(
            "SELECT {PERSPECTIVE_COLS_P} FROM perspective p JOIN trajectories t ON t.id = p.trajectory_id \
             WHERE p.trajectory_id = $1 AND t.client_id = $2"
        ))
        .bind(trajectory_id)
        .bind(client_id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(perspective_from)
        .collect::<Result<Vec<_>>>()?;
        let actions = sqlx::query(&format!(
            "SELECT {ACTION_COLS_A} FROM actions a JOIN trajectories t ON t.id = a.trajectory_id \
             WHERE a.trajectory_id = $1 AND t.client_id = $2"
        ))
        .bind(trajectory_id)
        .bind(client_id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(action_from)
        .collect::<Result<Vec<_>>>()?;
        Ok(Some(assemble(perspective, goals, actions)))
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
        self.tick(1);
        let row = sqlx::query(&format!(
            "SELECT {GOAL_COLS_G}, t.id AS tid, t.status AS tstatus FROM goals g JOIN trajectories t ON t.id = g.trajectory_id \
             WHERE g.id = $1 AND t.client_id = $2"
        ))
        .bind(goal_id)
        .bind(client_id)
        .fetch_optional(conn)
        .await?;
        row.map(|r| {
            let status: String = r.try_get("tstatus")?;
            Ok((goal_from(&r)?, r.try_get("tid")?, status == "actief"))
        })
        .transpose()
    }

    /// One of the client's actions with its trajectory id and whether that trajectory is active.
    pub(crate) async fn client_action(&self, conn: &mut AnyConnection, client_id: i64, action_id: i64) -> Result<Option<(Action, i64, bool)>> {
        self.tick(1);
        let row = sqlx::query(&format!(
            "SELECT {ACTION_COLS_A}, t.id AS tid, t.status AS tstatus FROM actions a JOIN trajectories t ON t.id = a.trajectory_id \
             WHERE a.id = $1 AND t.client_id = $2"
        ))
        .bind(action_id)
        .bind(client_id)
        .fetch_optional(conn)
        .await?;
        row.map(|r| {
            let status: String = r.try_get("tstatus")?;
            Ok((action_from(&r)?, r.try_get("tid")?, status == "actief"))
        })
        .transpose()
    }

    /// The refusal for a stale edit of a goal: the goal as it is now, or not found when it is gone.
    pub(crate) async fn goal_conflict(&self, conn: &mut AnyConnection, client_id: i64, goal_id: i64) -> StoreError {
        match self.client_goal(conn, client_id, goal_id).await {
            Ok(Some((g, _, _))) => StoreError::Conflict { current: crate::changes::json(&g) },
            Ok(None) => StoreError::NotFound,
            Err(e) => e,
        }
    }

    /// The refusal for a stale edit of an action: the action as it is now, or not found.
    pub(crate) async fn action_conflict(&self, conn: &mut AnyConnection, client_id: i64, action_id: i64) -> StoreError {
        match self.client_action(conn, client_id, action_id).await {
            Ok(Some((a, _, _))) => StoreError::Conflict { current: crate::changes::json(&a) },
            Ok(None) => StoreError::NotFound,
            Err(e) => e,
        }
    }
}
