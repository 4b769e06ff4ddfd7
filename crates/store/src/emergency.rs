//! Noodtoegang (break the glass): a worker without a ground of access to a client gives a reason
//! and may then open that one dossier for [`EMERGENCY_ACCESS_HOURS`]. [`Store::open_client`]
//! grants basis `noodtoegang` while a grant runs and writes the reason into every such audit
//! record; the privacy role reviews each grant afterwards ([`Store::emergency_grants`],
//! [`Store::review_emergency`]).

use crate::access::basis_for;
use crate::{Result, Store, StoreError};
use regie_domain::catalogue::{may_break_glass, AccessBasis, AuditAction, PRIVACY_ROLE};
use regie_domain::record::Page;
use regie_domain::FieldErrors;
use sqlx::Row;

use crate::access::{Actor, ClientScope};

/// How long one emergency grant lasts.
pub const EMERGENCY_ACCESS_HOURS: i64 = 4;

/// Fewest characters a reason must have: "crisis" alone explains nothing.
pub const EMERGENCY_REASON_MIN: usize = 15;

/// Most characters a reason may have.
const EMERGENCY_REASON_MAX: usize = 1000;

/// What asking for emergency access gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmergencyGrant {
    /// Access until this moment (RFC 3339 UTC).
    Granted {
        /// The end of the grant.
        expires_at: String,
    },
    /// The user already has a ground of access; nothing was granted or logged.
    NotNeeded,
}

/// One emergency access, as the privacy role reviews it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct EmergencyAccess {
    /// Grant number.
    pub id: i64,
    /// Who broke the glass.
    pub user_id: i64,
    /// Their name.
    pub user_name: String,
    /// Their role's name.
    pub role_name: String,
    /// Which client (number only).
    pub client_id: i64,
    /// The reason they gave.
    pub reason: String,
    /// When (RFC 3339 UTC).
    pub granted_at: String,
    /// Until when.
    pub expires_at: String,
    /// Who reviewed it, if anyone did.
    pub reviewed_by_name: Option<String>,
    /// When it was reviewed.
    pub reviewed_at: Option<String>,
    /// The reviewer's note.
    pub review_note: Option<String>,
}

/// Whether `user` holds the privacy role (the only role that reads the access log).
pub fn is_privacy_officer(user: &regie_domain::record::User) -> bool {
    user.role == PRIVACY_ROLE
}

/// Checks a reason; the message is Dutch.
fn check_reason(reason: &str) -> Result<String> {
    let reason = reason.trim();
    let n = reason.chars().count();
    if n < EMERGENCY_REASON_MIN {
        return Err(StoreError::field(
            "reason",
            &format!("Schrijf waarom u dit dossier nu nodig hebt, in minstens {EMERGENCY_REASON_MIN} tekens."),
        ));
    }
    if n > EMERGENCY_REASON_MAX {
        return Err(StoreError::field("reason", &format!("Houd de reden korter dan {EMERGENCY_REASON_MAX} tekens.")));
    }
    Ok(reason.to_string())
}

impl Store {
    /// Grants `actor` emergency access to `client_id` for [`EMERGENCY_ACCESS_HOURS`] after
    /// checking the reason. Refused ([`StoreError::Forbidden`], logged) when the role may not
    /// break the glass or the client does not exist, so ids still reveal nothing before a
    /// reason is given. The grant is logged with the reason (action `create`, object
    /// `noodtoegang`, basis `noodtoegang`).
    pub async fn grant_emergency_access(&self, actor: &Actor, client_id: i64, reason: &str) -> Result<EmergencyGrant> {
        let reason = check_reason(reason)?;
        let row = sqlx::query(
            "SELECT c.team_id, (SELECT COUNT(*) FROM care_team ct WHERE ct.client_id = c.id AND ct.user_id = $2) AS rel \
             FROM clients c WHERE c.id = $1",
        )
        .bind(client_id)
        .bind(actor.user.id)
        .fetch_optional(self.r())
        .await?;
        let may = may_break_glass(&actor.user.role, actor.user.scope);
        let Some(row) = row.filter(|_| may) else {
            self.audit_reason(actor, Some(client_id), AuditAction::Create, "noodtoegang", AccessBasis::Refused, Some(reason)).await?;
            return Err(StoreError::Forbidden);
        };
        let team: i64 = row.try_get("team_id")?;
        let rel: i64 = row.try_get("rel")?;
        if basis_for(&actor.user, team, rel > 0) != AccessBasis::Refused {
            return Ok(EmergencyGrant::NotNeeded);
        }
        let now = chrono::Utc::now();
        let expires_at = crate::time::stamp(now + chrono::Duration::hours(EMERGENCY_ACCESS_HOURS));
        sqlx::query("INSERT INTO emergency_access (user_id, client_id, reason, granted_at, expires_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(actor.user.id)
            .bind(client_id)
            .bind(&reason)
            .bind(crate::time::stamp(now))
            .bind(&expires_at)
            .execute(self.w())
            .await?;
        self.audit_reason(actor, Some(client_id), AuditAction::Create, "noodtoegang", AccessBasis::Emergency, Some(reason)).await?;
        Ok(EmergencyGrant::Granted { expires_at })
    }

    /// Until when the scope's emergency grant runs (RFC 3339 UTC); none when the scope rests on
    /// another ground. Costs a query only under emergency access.
    pub async fn emergency_until(&self, scope: &ClientScope) -> Result<Option<String>> {
        if scope.basis() != AccessBasis::Emergency {
            return Ok(None);
        }
        let row = sqlx::query(
            "SELECT MAX(expires_at) AS until FROM emergency_access WHERE client_id = $1 AND user_id = $2 AND expires_at > $3",
        )
        .bind(scope.client_id)
        .bind(scope.user_id)
        .bind(crate::now())
        .fetch_one(self.r())
        .await?;
        Ok(row.try_get("until")?)
    }

    /// Emergency accesses for the privacy role: unreviewed first (oldest first, so none waits
    /// forever), then reviewed ones, newest first; paged, two queries. Logged as a read of the
    /// log (object `noodtoegang`). Only the privacy role may call it.
    pub async fn emergency_grants(&self, actor: &Actor, limit: i64, offset: i64) -> Result<Page<EmergencyAccess>> {
        self.require_privacy(actor, AuditAction::Read, "noodtoegang").await?;
        let total: i64 = sqlx::query("SELECT COUNT(*) FROM emergency_access").fetch_one(self.r()).await?.try_get(0)?;
        let rows = sqlx::query(
            "SELECT e.id, e.user_id, u.name AS user_name, r.name AS role_name, e.client_id, e.reason, e.granted_at, e.expires_at, \
             rv.name AS reviewer, e.reviewed_at, e.review_note \
             FROM emergency_access e JOIN users u ON u.id = e.user_id JOIN roles r ON r.code = u.role_code \
             LEFT JOIN users rv ON rv.id = e.reviewed_by \
             ORDER BY CASE WHEN e.reviewed_at IS NULL THEN 0 ELSE 1 END, \
             CASE WHEN e.reviewed_at IS NULL THEN e.granted_at ELSE '' END, e.granted_at DESC, e.id DESC \
             LIMIT $1 OFFSET $2",
        )
        .bind(limit)
        .bind(offset)
        .fetch_all(self.r())
        .await?;
        let items = rows
            .iter()
            .map(|r| {
                Ok(EmergencyAccess {
                    id: r.try_get("id")?,
                    user_id: r.try_get("user_id")?,
                    user_name: r.try_get("user_name")?,
                    role_name: r.try_get("role_name")?,
                    client_id: r.try_get("client_id")?,
                    reason: r.try_get("reason")?,
                    granted_at: r.try_get("granted_at")?,
                    expires_at: r.try_get("expires_at")?,
                    reviewed_by_name: r.try_get("reviewer")?,
                    reviewed_at: r.try_get("reviewed_at")?,
                    review_note: r.try_get("review_note")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        self.audit(actor, None, AuditAction::Read, "noodtoegang", AccessBasis::Organisation).await?;
        Ok(Page { items, total })
    }

    /// Marks grant `id` reviewed by `actor` with `note`. A grant already reviewed, or unknown,
    /// is [`StoreError::NotFound`]. Logged as an update of the log about that grant's client.
    pub async fn review_emergency(&self, actor: &Actor, id: i64, note: &str) -> Result<()> {
        self.require_privacy(actor, AuditAction::Update, "noodtoegang").await?;
        let mut e = FieldErrors::default();
        let note = e.text("review_note", note, 2000);
        e.finish()?;
        let client: Option<i64> = sqlx::query(
            "UPDATE emergency_access SET reviewed_by = $1, reviewed_at = $2, review_note = $3 WHERE id = $4 AND reviewed_at IS NULL RETURNING client_id",
        )
        .bind(actor.user.id)
        .bind(crate::now())
        .bind(&note)
        .bind(id)
        .fetch_optional(self.w())
        .await?
        .map(|r| r.try_get(0))
        .transpose()?;
        let client = client.ok_or(StoreError::NotFound)?;
        self.audit(actor, Some(client), AuditAction::Update, "noodtoegang", AccessBasis::Organisation).await
    }
}

impl Store {
    /// Refuses anyone but the privacy role, and logs the refused attempt on the log
    /// (NEN 7513 also asks for access to the logging itself to be logged).
    pub(crate) async fn require_privacy(&self, actor: &Actor, action: AuditAction, object: &str) -> Result<()> {
        if is_privacy_officer(&actor.user) {
            return Ok(());
        }
        self.audit(actor, None, action, object, AccessBasis::Refused).await?;
        Err(StoreError::Forbidden)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_must_say_something() {
        assert!(check_reason("   ").is_err());
        assert!(check_reason("crisis").is_err());
        assert_eq!(check_reason("  Cliënt belt in crisis, begeleider ziek  ").unwrap(), "Cliënt belt in crisis, begeleider ziek");
        assert!(check_reason(&"x".repeat(1001)).is_err());
    }
}
