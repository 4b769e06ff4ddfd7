//! The action plan: perspective, goals and actions, each change kept in `changes` so that the
//! plan can be replayed to any moment.

use crate::{ClientScope, Result, Store};
use chrono::NaiveDate;
use regie_domain::plan::{Action, ChangeLine, Goal, PerspectiveItem, PlanChange, PlanSnapshot};

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

impl Store {
    /// The current plan of a trajectory.
    pub async fn plan(&self, scope: &ClientScope, trajectory_id: i64) -> Result<PlanSnapshot> {
        todo!("{scope:?}{trajectory_id}")
    }

    /// Writes the client's words on one perspective area. `version` is that of the text the user
    /// saw (`None` when there was none yet).
    pub async fn set_perspective(&self, scope: &ClientScope, trajectory_id: i64, area: &str, text: &str, version: Option<i64>) -> Result<PerspectiveItem> {
        todo!("{scope:?}{trajectory_id}{area}{text}{version:?}")
    }

    /// Adds a goal.
    pub async fn add_goal(&self, scope: &ClientScope, trajectory_id: i64, input: &GoalInput) -> Result<Goal> {
        todo!("{scope:?}{trajectory_id}{input:?}")
    }

    /// Changes a goal; a stale `version` is refused with the current goal.
    pub async fn update_goal(&self, scope: &ClientScope, goal_id: i64, input: &GoalInput, version: i64) -> Result<Goal> {
        todo!("{scope:?}{goal_id}{input:?}{version}")
    }

    /// Removes a goal and its actions (kept in the history).
    pub async fn delete_goal(&self, scope: &ClientScope, goal_id: i64, version: i64) -> Result<()> {
        todo!("{scope:?}{goal_id}{version}")
    }

    /// Adds an action under a goal.
    pub async fn add_action(&self, scope: &ClientScope, goal_id: i64, input: &ActionInput) -> Result<Action> {
        todo!("{scope:?}{goal_id}{input:?}")
    }

    /// Changes an action; a stale `version` is refused with the current action.
    pub async fn update_action(&self, scope: &ClientScope, action_id: i64, input: &ActionInput, version: i64) -> Result<Action> {
        todo!("{scope:?}{action_id}{input:?}{version}")
    }

    /// Sets only the status of an action (open, bezig, gedaan, vervallen).
    pub async fn set_action_status(&self, scope: &ClientScope, action_id: i64, status: &str, version: i64) -> Result<Action> {
        todo!("{scope:?}{action_id}{status}{version}")
    }

    /// Removes an action (kept in the history).
    pub async fn delete_action(&self, scope: &ClientScope, action_id: i64, version: i64) -> Result<()> {
        todo!("{scope:?}{action_id}{version}")
    }

    /// Every kept change of a trajectory's plan, oldest first.
    pub async fn plan_history(&self, scope: &ClientScope, trajectory_id: i64) -> Result<Vec<PlanChange>> {
        todo!("{scope:?}{trajectory_id}")
    }

    /// The plan as it was at the end of `date`.
    pub async fn plan_as_of(&self, scope: &ClientScope, trajectory_id: i64, date: NaiveDate) -> Result<PlanSnapshot> {
        todo!("{scope:?}{trajectory_id}{date}")
    }

    /// What changed after the end of `from` up to the end of `to`.
    pub async fn plan_changes_between(&self, scope: &ClientScope, trajectory_id: i64, from: NaiveDate, to: NaiveDate) -> Result<Vec<ChangeLine>> {
        todo!("{scope:?}{trajectory_id}{from}{to}")
    }
}
