//! Client details, household, care team, registration, and the whole dossier in one call.

use crate::{Actor, ClientScope, Result, Store};
use regie_domain::record::{CareTeamMember, Client, Dossier, HouseholdMember};

/// Input for registering or changing a client, as typed in a form or sent to the API.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ClientInput {
    /// First name (required).
    pub first_name: String,
    /// Last name (required).
    pub last_name: String,
    /// Date of birth, `JJJJ-MM-DD`, not in the future.
    pub birth_date: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Email.
    pub email: Option<String>,
    /// Street and number.
    pub address: Option<String>,
    /// Place.
    pub city: Option<String>,
    /// Team the client is registered with (required when registering).
    pub team_id: Option<i64>,
}

impl Store {
    /// Registers a new client with the actor's team (or `input.team_id`) and gives the actor a
    /// care relation; writes the change and the audit record. Returns the new client's id.
    pub async fn register_client(&self, actor: &Actor, input: &ClientInput) -> Result<i64> {
        todo!("{actor:?}{input:?}")
    }

    /// The client's personal details.
    pub async fn client(&self, scope: &ClientScope) -> Result<Client> {
        todo!("{scope:?}")
    }

    /// Changes personal details; refused with [`crate::StoreError::Conflict`] when `version` is stale.
    pub async fn update_client(&self, scope: &ClientScope, input: &ClientInput, version: i64) -> Result<Client> {
        todo!("{scope:?}{input:?}{version}")
    }

    /// Adds a household member.
    pub async fn add_household_member(&self, scope: &ClientScope, name: &str, relation: &str, birth_year: Option<&str>) -> Result<HouseholdMember> {
        todo!("{scope:?}{name}{relation}{birth_year:?}")
    }

    /// Removes a household member.
    pub async fn remove_household_member(&self, scope: &ClientScope, member_id: i64) -> Result<()> {
        todo!("{scope:?}{member_id}")
    }

    /// The care team.
    pub async fn care_team(&self, scope: &ClientScope) -> Result<Vec<CareTeamMember>> {
        todo!("{scope:?}")
    }

    /// Gives a colleague a care relation with the client.
    pub async fn add_care_team_member(&self, scope: &ClientScope, user_id: i64) -> Result<()> {
        todo!("{scope:?}{user_id}")
    }

    /// Everything the dossier page shows, in a fixed number of queries whatever its size.
    pub async fn dossier(&self, scope: &ClientScope, today: chrono::NaiveDate) -> Result<Dossier> {
        todo!("{scope:?}{today}")
    }
}
