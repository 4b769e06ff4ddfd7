//! Evaluaties: looking back with the client, a verdict and decision per goal, and a snapshot of
//! the plan as it stood.

use crate::{ClientScope, Result, Store};
use regie_domain::record::Evaluation;

/// Input for one goal at an evaluation.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct EvaluationGoalInput {
    /// The goal (must belong to the trajectory).
    pub goal_id: i64,
    /// Verdict code.
    pub verdict: String,
    /// Decision code.
    pub decision: String,
    /// Remark.
    #[serde(default)]
    pub note: String,
}

/// Input for an evaluation.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct EvaluationInput {
    /// `JJJJ-MM-DD`, not in the future.
    pub held_on: String,
    /// Who took part.
    pub participants: String,
    /// Summary.
    #[serde(default)]
    pub notes: String,
    /// Per goal.
    #[serde(default)]
    pub goals: Vec<EvaluationGoalInput>,
}

impl Store {
    /// Evaluations of a trajectory, newest first.
    pub async fn evaluations(&self, scope: &ClientScope, trajectory_id: i64) -> Result<Vec<Evaluation>> {
        todo!("{scope:?}{trajectory_id}")
    }

    /// Records an evaluation: snapshots the plan, applies each decision (a goal decided
    /// "afsluiten" is closed, as a kept plan change) and plans the next evaluation.
    pub async fn record_evaluation(&self, scope: &ClientScope, trajectory_id: i64, input: &EvaluationInput, today: chrono::NaiveDate) -> Result<Evaluation> {
        todo!("{scope:?}{trajectory_id}{input:?}{today}")
    }
}
