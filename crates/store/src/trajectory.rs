//! Trajectories through a phase model: start, move on, focus domains, close.

use crate::{ClientScope, Result, Store};
use regie_domain::record::{PhaseStep, Trajectory};

/// Input to start a trajectory.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct TrajectoryInput {
    /// Phase model id.
    pub model_id: i64,
    /// The trajectbegeleider (gets a care relation).
    pub owner_user_id: i64,
    /// Start date `JJJJ-MM-DD`, not in the future.
    pub started_on: String,
    /// Focus life-domain codes (checked against the model's maximum).
    #[serde(default)]
    pub focus_domains: Vec<String>,
}

impl Store {
    /// Starts a trajectory in the model's first phase; a client has at most one active trajectory.
    pub async fn start_trajectory(&self, scope: &ClientScope, input: &TrajectoryInput, today: chrono::NaiveDate) -> Result<Trajectory> {
        todo!("{scope:?}{input:?}{today}")
    }

    /// One trajectory of the client.
    pub async fn trajectory(&self, scope: &ClientScope, trajectory_id: i64) -> Result<Trajectory> {
        todo!("{scope:?}{trajectory_id}")
    }

    /// Moves to the next phase (or back to the first in a cyclic model), recording who and when.
    /// After the last phase of a linear model the trajectory is closed.
    pub async fn advance_phase(&self, scope: &ClientScope, trajectory_id: i64, version: i64, today: chrono::NaiveDate) -> Result<Trajectory> {
        todo!("{scope:?}{trajectory_id}{version}{today}")
    }

    /// Sets the focus domains, refused when the model allows fewer.
    pub async fn set_focus_domains(&self, scope: &ClientScope, trajectory_id: i64, domains: &[String], version: i64) -> Result<Trajectory> {
        todo!("{scope:?}{trajectory_id}{domains:?}{version}")
    }

    /// The phase timeline, oldest first.
    pub async fn phase_steps(&self, scope: &ClientScope, trajectory_id: i64) -> Result<Vec<PhaseStep>> {
        todo!("{scope:?}{trajectory_id}")
    }
}
