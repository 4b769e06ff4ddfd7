//! The one door to client data. [`Store::open_client`] decides whether the actor may see a client
//! (care relation, team leadership, an organisation-wide role), writes the audit record either
//! way, and only on success hands out the [`ClientScope`] that every client-data call requires.

use crate::audit_chain::Entry;
use crate::{Result, Store, StoreError};
use regie_domain::catalogue::{may_break_glass, AccessBasis, AuditAction, RoleScope, PRIVACY_ROLE};
use regie_domain::record::User;
use sqlx::Row;

/// Who is acting, and from where: what the audit log needs besides the client.
#[derive(Debug, Clone)]
pub struct Actor {
    /// The signed-in user.
    pub user: User,
    /// On whose behalf, when different (a later issue fills this).
    pub on_behalf_of: Option<i64>,
    /// Source address.
    pub source: String,
    /// User agent, shortened.
    pub user_agent: String,
}

/// Proof that access to one client was checked and logged. Only this crate can make one.
#[derive(Debug, Clone)]
pub struct ClientScope {
    pub(crate) client_id: i64,
    pub(crate) user_id: i64,
    pub(crate) basis: AccessBasis,
}

impl ClientScope {
    /// The client this scope opens.
    pub fn client_id(&self) -> i64 {
        self.client_id
    }

    /// On what ground access was given.
    pub fn basis(&self) -> AccessBasis {
        self.basis
    }
}

impl Store {
    /// Checks whether `actor` may perform `action` on `client_id`'s data, writes the audit record
    /// (granted or refused) naming `object`, and returns the scope on success.
    /// A client that does not exist and one the actor may not see give the same
    /// [`StoreError::Forbidden`], so ids reveal nothing.
    ///
    /// Emergency access (see `emergency.rs`) is a ground only where no other ground exists and
    /// the role may break the glass; such records carry the reason the worker gave. One query
    /// decides, whatever the ground.
    pub async fn open_client(&self, actor: &Actor, client_id: i64, action: AuditAction, object: &str) -> Result<ClientScope> {
        let row = sqlx::query(
            "SELECT c.team_id, (SELECT COUNT(*) FROM care_team ct WHERE ct.client_id = c.id AND ct.user_id = $2) AS rel, \
             (SELECT e.reason FROM emergency_access e WHERE e.client_id = c.id AND e.user_id = $2 AND e.expires_at > $3 \
              ORDER BY e.id DESC LIMIT 1) AS emergency_reason \
             FROM clients c WHERE c.id = $1",
        )
        .bind(client_id)
        .bind(actor.user.id)
        .bind(crate::now())
        .fetch_optional(self.r())
        .await?;
        let (basis, reason) = match row {
            None => (AccessBasis::Refused, None),
            Some(row) => {
                let team: i64 = row.try_get("team_id")?;
                let rel: i64 = row.try_get("rel")?;
                let emergency: Option<String> = row.try_get("emergency_reason")?;
                match (basis_for(&actor.user, team, rel > 0), emergency) {
                    (AccessBasis::Refused, Some(reason)) if may_break_glass(&actor.user.role, actor.user.scope) => {
                        (AccessBasis::Emergency, Some(reason))
                    }
                    (basis, _) => (basis, None),
                }
            }
        };
        let outcome = if basis == AccessBasis::Refused { "refused" } else { "granted" };
        self.append_audit(&[entry(actor, crate::now(), Some(client_id), action, object, basis, outcome, reason)]).await?;
        if basis == AccessBasis::Refused {
            return Err(StoreError::Forbidden);
        }
        Ok(ClientScope { client_id, user_id: actor.user.id, basis })
    }

    /// Writes one audit record. Used by [`Store::open_client`] and by list views, which log
    /// every client they show.
    pub(crate) async fn audit(
        &self,
        actor: &Actor,
        client_id: Option<i64>,
        action: AuditAction,
        object: &str,
        basis: AccessBasis,
    ) -> Result<()> {
        self.audit_reason(actor, client_id, action, object, basis, None).await
    }

    /// Writes one audit record with a reason (emergency access).
    pub(crate) async fn audit_reason(
        &self,
        actor: &Actor,
        client_id: Option<i64>,
        action: AuditAction,
        object: &str,
        basis: AccessBasis,
        reason: Option<String>,
    ) -> Result<()> {
        let outcome = if basis == AccessBasis::Refused { "refused" } else { "granted" };
        self.append_audit(&[entry(actor, crate::now(), client_id, action, object, basis, outcome, reason)]).await
    }

    /// Writes one audit record per `(action, object)` about one client, in one chained append.
    pub(crate) async fn audit_each(&self, actor: &Actor, client_id: i64, what: &[(AuditAction, &str)], basis: AccessBasis) -> Result<()> {
        let outcome = if basis == AccessBasis::Refused { "refused" } else { "granted" };
        let at = crate::now();
        let entries: Vec<Entry> =
            what.iter().map(|(action, object)| entry(actor, at.clone(), Some(client_id), *action, object, basis, outcome, None)).collect();
        self.append_audit(&entries).await
    }

    /// Writes one "read" audit record per client shown in a list, in one chained append (a fixed
    /// number of statements whatever the list length).
    pub(crate) async fn audit_list(&self, actor: &Actor, shown: &[(i64, AccessBasis)], object: &str) -> Result<()> {
        let at = crate::now();
        let entries: Vec<Entry> =
            shown.iter().map(|(client_id, basis)| entry(actor, at.clone(), Some(*client_id), AuditAction::Read, object, *basis, "granted", None)).collect();
        self.append_audit(&entries).await
    }

    /// The audit records of one client, newest first (for tests and, later, the privacy role).
    pub async fn audit_for_client(&self, client_id: i64, limit: i64) -> Result<Vec<AuditRecord>> {
        let rows = sqlx::query(
            "SELECT at, user_id, client_id, action, object, basis, reason, outcome, source FROM audit_log WHERE client_id = $1 ORDER BY id DESC LIMIT $2",
        )
        .bind(client_id)
        .bind(limit)
        .fetch_all(self.r())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(AuditRecord {
                    at: r.try_get("at")?,
                    user_id: r.try_get("user_id")?,
                    client_id: r.try_get("client_id")?,
                    action: r.try_get("action")?,
                    object: r.try_get("object")?,
                    basis: r.try_get("basis")?,
                    reason: r.try_get("reason")?,
                    outcome: r.try_get("outcome")?,
                    source: r.try_get("source")?,
                })
            })
            .collect()
    }
}

/// One line of the access log.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AuditRecord {
    /// Moment (UTC, RFC 3339).
    pub at: String,
    /// Who.
    pub user_id: Option<i64>,
    /// Which client.
    pub client_id: Option<i64>,
    /// What (create, read, update, delete, export).
    pub action: String,
    /// Which object.
    pub object: String,
    /// On what ground.
    pub basis: String,
    /// The reason given for emergency access, else none.
    pub reason: Option<String>,
    /// granted or refused.
    pub outcome: String,
    /// Source address.
    pub source: String,
}

/// One access log record for `actor`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn entry(
    actor: &Actor,
    at: String,
    client_id: Option<i64>,
    action: AuditAction,
    object: &str,
    basis: AccessBasis,
    outcome: &str,
    reason: Option<String>,
) -> Entry {
    Entry {
        at,
        user_id: Some(actor.user.id),
        on_behalf_of: actor.on_behalf_of,
        client_id,
        role: Some(actor.user.role.clone()),
        action: action.code().to_string(),
        object: object.to_string(),
        basis: basis.code().to_string(),
        reason,
        outcome: outcome.to_string(),
        source: actor.source.clone(),
        user_agent: actor.user_agent.clone(),
    }
}

/// The ground on which `user` may see a client of team `client_team`.
/// The privacy role never opens a dossier, whatever relation it has.
pub(crate) fn basis_for(user: &User, client_team: i64, care_relation: bool) -> AccessBasis {
    if user.role == PRIVACY_ROLE {
        AccessBasis::Refused
    } else if care_relation {
        AccessBasis::CareRelation
    } else if user.scope == RoleScope::Organisation {
        AccessBasis::Organisation
    } else if user.scope == RoleScope::Team && user.team_id == Some(client_team) {
        AccessBasis::TeamLead
    } else {
        AccessBasis::Refused
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(scope: RoleScope, team: Option<i64>) -> User {
        User { id: 1, email: String::new(), name: String::new(), role: String::new(), role_name: String::new(), scope, admin: false, team_id: team }
    }

    #[test]
    fn need_to_know_rules() {
        assert_eq!(basis_for(&user(RoleScope::CareRelation, Some(1)), 1, true), AccessBasis::CareRelation);
        assert_eq!(basis_for(&user(RoleScope::CareRelation, Some(1)), 1, false), AccessBasis::Refused);
        assert_eq!(basis_for(&user(RoleScope::Team, Some(1)), 1, false), AccessBasis::TeamLead);
        assert_eq!(basis_for(&user(RoleScope::Team, Some(1)), 2, false), AccessBasis::Refused);
        assert_eq!(basis_for(&user(RoleScope::Organisation, None), 2, false), AccessBasis::Organisation);
        let privacy = User { role: PRIVACY_ROLE.into(), ..user(RoleScope::CareRelation, None) };
        assert_eq!(basis_for(&privacy, 1, true), AccessBasis::Refused, "the privacy role never opens a dossier");
    }
}
