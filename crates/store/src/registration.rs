//! Registering a client, optionally together with the first trajectory, as one store operation:
//! both parts are checked first (every message of both in one refusal), then everything is
//! written in one transaction, so a refusal or a fault leaves nothing behind.

use crate::access::basis_for;
use crate::changes::{json, Change};
use crate::clients::{check_client, client_from, CLIENT_SELECT};
use crate::{Actor, ClientInput, ClientScope, Result, Store, StoreError, TrajectoryInput};
use chrono::NaiveDate;
use regie_domain::catalogue::{AccessBasis, AuditAction};
use regie_domain::record::{Client, Trajectory};
use regie_domain::FieldErrors;
use sqlx::Row;

/// Prefix of the trajectory's field names in a refusal of a registration with a trajectory
/// (`"trajectory.model_id"`, `"trajectory.started_on"`, …); the client's fields have none.
pub const TRAJECTORY_FIELD_PREFIX: &str = "trajectory.";

/// A client just registered: what was written, as it now stands.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Registered {
    /// The client's details.
    pub client: Client,
    /// The trajectory started with the registration, if one was asked for.
    pub trajectory: Option<Trajectory>,
    /// Whether the registering user may open the client afterwards. Functioneel beheer
    /// registers for a team without a care relation, and then may not.
    pub actor_may_open: bool,
}

impl Store {
    /// Registers a new client with the actor's team (or `input.team_id`) and gives the actor a
    /// care relation (functioneel beheer gets none); writes the change and the audit record.
    /// Returns the new client's id.
    pub async fn register_client(&self, actor: &Actor, input: &ClientInput) -> Result<i64> {
        Ok(self.register_client_with_trajectory(actor, input, None, crate::today()).await?.client.id)
    }

    /// Registers a new client and, with `trajectory`, starts its first trajectory, in one
    /// transaction. Both parts are checked before anything is written; a refusal carries the
    /// messages of both, the trajectory's under [`TRAJECTORY_FIELD_PREFIX`]. Written: the
    /// client, the actor's care relation (not for functioneel beheer), the trajectory with its
    /// first phase and the trajectbegeleider's care relation, a change row for each; then one
    /// audit record per created object.
    pub async fn register_client_with_trajectory(
        &self,
        actor: &Actor,
        input: &ClientInput,
        trajectory: Option<&TrajectoryInput>,
        today: NaiveDate,
    ) -> Result<Registered> {
        // The privacy officer reads the access log, never a dossier: registering a client would
        // make one it could not open.
        if actor.user.role == "privacy" {
            return Err(StoreError::Forbidden);
        }
        let mut e = FieldErrors::default();
        let c = check_client(&mut e, input, today);
        let team_id = input.team_id.or(actor.user.team_id);
        match team_id {
            None => e.add("team_id", "Kies het team waar de cliënt bij hoort."),
            Some(team) => {
                if !self.team_exists(team).await? {
                    e.add("team_id", "Dit team bestaat niet. Kies een team uit de lijst.");
                }
            }
        }
        let checked = match trajectory {
            Some(t) => self.check_trajectory(&mut e, TRAJECTORY_FIELD_PREFIX, t, today).await?,
            None => None,
        };
        e.finish()?;
        let team_id = team_id.ok_or_else(|| StoreError::Corrupt("validated client without team".into()))?;
        if trajectory.is_some() && checked.is_none() {
            return Err(StoreError::Corrupt("validated trajectory without model or date".into()));
        }
        // Functioneel beheer registers for a team but has no need to know the client afterwards.
        let relation = !actor.user.admin;
        let basis = if relation {
            AccessBasis::CareRelation
        } else {
            basis_for(&actor.user, team_id, false)
        };

        let mut tx = self.begin().await?;
        self.tick(2);
        const INSERT: &str = "INSERT INTO clients (first_name, last_name, birth_date, phone, email, address, city, team_id, created_at, version) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1) RETURNING id";
        let id: i64 = c.bind(sqlx::query(INSERT)).bind(team_id).bind(crate::now()).fetch_one(&mut *tx).await?.try_get(0)?;
        let client = client_from(&sqlx::query(CLIENT_SELECT).bind(id).fetch_one(&mut *tx).await?)?;
        let scope = ClientScope { client_id: id, user_id: actor.user.id, basis };
        self.write_change(&mut tx, &scope, Change { trajectory_id: None, entity: "client", entity_id: id, version: 1, op: "create", data: json(&client) })
            .await?;
        if relation && self.insert_care_relation(&mut tx, id, actor.user.id, &actor.user.role, today).await? {
            let data = serde_json::json!({ "user_id": actor.user.id, "role": actor.user.role });
            self.write_change(&mut tx, &scope, Change { trajectory_id: None, entity: "care_team", entity_id: actor.user.id, version: 1, op: "create", data })
                .await?;
        }
        let trajectory = match &checked {
            Some(t) => Some(self.insert_trajectory(&mut tx, &scope, t, today).await?),
            None => None,
        };
        tx.commit().await?;

        // The audit log names the ground of the creation; functioneel beheer creates on the
        // ground of its organisation-wide task even where it may not read the client afterwards.
        let audit_basis = match basis {
            AccessBasis::Refused => AccessBasis::Organisation,
            b => b,
        };
        let created: &[(AuditAction, &str)] =
            if trajectory.is_some() { &[(AuditAction::Create, "client"), (AuditAction::Create, "trajectory")] } else { &[(AuditAction::Create, "client")] };
        self.audit_each(actor, id, created, audit_basis).await?;
        Ok(Registered { client, trajectory, actor_may_open: basis != AccessBasis::Refused })
    }
}
