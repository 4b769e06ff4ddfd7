//! Functioneel beheer and the second factor: which roles require it, who has one, and resetting
//! a user's factor. Both changes write an organisation-level record to the chained access log
//! (`client_id` NULL; object `tweestaps:<user id>` with the reason, or `tweestaps-rollen`).

use crate::audit_chain::Entry;
use crate::{Actor, Result, Store, StoreError};
use chrono::{DateTime, Utc};
use sqlx::Row;

/// A role and whether it requires the second factor.
#[derive(Debug, Clone)]
pub struct RoleFactor {
    /// Role code.
    pub code: String,
    /// Role name.
    pub name: String,
    /// Requires the second factor.
    pub required: bool,
}

/// A staff member and their factor, as functioneel beheer sees it.
#[derive(Debug, Clone)]
pub struct StaffFactor {
    /// User id.
    pub user_id: i64,
    /// Name.
    pub name: String,
    /// Email.
    pub email: String,
    /// Role name.
    pub role_name: String,
    /// When the factor was confirmed; `None`: not set up (yet).
    pub confirmed_at: Option<DateTime<Utc>>,
}

/// A record of a change to sign-in settings, as the access log holds it.
#[derive(Debug, Clone)]
pub struct FactorLogRecord {
    /// When.
    pub at: DateTime<Utc>,
    /// Who did it (functioneel beheer).
    pub by_name: String,
    /// `tweestaps:<user id>` (a reset) or `tweestaps-rollen`.
    pub object: String,
    /// The name of the user whose factor was reset, for a reset.
    pub user_name: Option<String>,
    /// The reason given (reset), or the roles that now require the factor.
    pub reason: Option<String>,
}

impl Store {
    /// The latest changes to sign-in settings (resets, roles), newest first, at most `limit`.
    /// One query; these records have no client.
    pub async fn factor_log(&self, limit: i64) -> Result<Vec<FactorLogRecord>> {
        let rows = sqlx::query(
            "SELECT a.at, a.object, a.reason, b.name AS by_name FROM audit_log a LEFT JOIN users b ON b.id = a.user_id \
             WHERE a.client_id IS NULL AND a.object LIKE 'tweestaps%' ORDER BY a.id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(self.r())
        .await?;
        let mut out = Vec::new();
        for r in &rows {
            out.push(FactorLogRecord {
                at: crate::moment(r, "at")?,
                by_name: r.try_get::<Option<String>, _>("by_name")?.unwrap_or_default(),
                object: r.try_get("object")?,
                user_name: None,
                reason: r.try_get("reason")?,
            });
        }
        // Names of the users reset: one more query for all of them.
        let ids: Vec<i64> = out.iter().filter_map(|r| r.object.strip_prefix("tweestaps:").and_then(|id| id.parse().ok())).collect();
        if !ids.is_empty() {
            let sql = format!("SELECT id, name FROM users WHERE id IN ({})", crate::sql::params(1, ids.len()));
            let mut q = sqlx::query(&sql);
            for id in &ids {
                q = q.bind(*id);
            }
            let names = q.fetch_all(self.r()).await?;
            for rec in &mut out {
                let id: Option<i64> = rec.object.strip_prefix("tweestaps:").and_then(|id| id.parse().ok());
                rec.user_name = names.iter().find(|n| n.try_get::<i64, _>("id").ok() == id).and_then(|n| n.try_get("name").ok());
            }
        }
        Ok(out)
    }

    /// Staff whose name or email contains `search` (all when empty), by name, at most `limit`.
    /// One query.
    pub async fn staff_factors(&self, search: &str, limit: i64) -> Result<Vec<StaffFactor>> {
        let pattern = format!("%{}%", search.trim().to_lowercase().replace(['%', '_'], ""));
        let rows = sqlx::query(
            "SELECT u.id, u.name, u.email, r.name AS role_name, f.confirmed_at FROM users u JOIN roles r ON r.code = u.role_code \
             LEFT JOIN user_factors f ON f.user_id = u.id AND f.secret IS NOT NULL \
             WHERE LOWER(u.name) LIKE $1 OR u.email LIKE $1 ORDER BY u.name, u.id LIMIT $2",
        )
        .bind(&pattern)
        .bind(limit)
        .fetch_all(self.r())
        .await?;
        rows.iter()
            .map(|r| {
                let at: Option<String> = r.try_get("confirmed_at")?;
                Ok(StaffFactor {
                    user_id: r.try_get("id")?,
                    name: r.try_get("name")?,
                    email: r.try_get("email")?,
                    role_name: r.try_get("role_name")?,
                    confirmed_at: if at.is_some() { Some(crate::moment(r, "confirmed_at")?) } else { None },
                })
            })
            .collect()
    }

    /// Functioneel beheer removes a user's factor (lost phone), with a reason: the user sets up
    /// a new one at the next sign-in. Ends all their sessions, pending sign-ins and API tokens,
    /// and writes an access-log record. The reason is required (Dutch field message).
    pub async fn reset_two_factor(&self, admin: &Actor, user_id: i64, reason: &str) -> Result<()> {
        let mut e = regie_domain::FieldErrors::default();
        let reason = e.text("reason", reason, 500);
        if reason.is_empty() {
            e.add("reason", "Geef een reden op.");
        }
        e.finish()?;
        if !admin.user.admin {
            return Err(StoreError::Forbidden);
        }
        let mut tx = self.begin().await?;
        self.tick(6);
        let exists: i64 = sqlx::query("SELECT COUNT(*) FROM users WHERE id = $1").bind(user_id).fetch_one(&mut *tx).await?.try_get(0)?;
        if exists == 0 {
            return Err(StoreError::NotFound);
        }
        for table in ["user_factors", "recovery_codes", "sessions", "api_tokens", "pending_sign_ins"] {
            sqlx::query(&format!("DELETE FROM {table} WHERE user_id = $1")).bind(user_id).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        self.admin_record(admin, &format!("tweestaps:{user_id}"), Some(&reason)).await
    }

    /// Every role and whether it requires the second factor, in name order.
    pub async fn roles_two_factor(&self) -> Result<Vec<RoleFactor>> {
        let rows = sqlx::query("SELECT code, name, two_factor_required FROM roles ORDER BY name").fetch_all(self.r()).await?;
        rows.iter()
            .map(|r| Ok(RoleFactor { code: r.try_get("code")?, name: r.try_get("name")?, required: crate::flag(r, "two_factor_required")? }))
            .collect()
    }

    /// Functioneel beheer sets which roles require the second factor: exactly those in
    /// `required`. Writes an access-log record naming them.
    pub async fn set_two_factor_roles(&self, admin: &Actor, required: &[String]) -> Result<()> {
        if !admin.user.admin {
            return Err(StoreError::Forbidden);
        }
        let roles = self.roles_two_factor().await?;
        let mut tx = self.begin().await?;
        for role in &roles {
            self.tick(1);
            let on = required.contains(&role.code);
            sqlx::query("UPDATE roles SET two_factor_required = $1 WHERE code = $2").bind(on).bind(&role.code).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        let mut on: Vec<&str> = roles.iter().filter(|r| required.contains(&r.code)).map(|r| r.code.as_str()).collect();
        on.sort();
        self.admin_record(admin, "tweestaps-rollen", Some(&format!("verplicht voor: {}", on.join(", ")))).await
    }

    /// An organisation-level record in the chained access log: no client.
    async fn admin_record(&self, admin: &Actor, object: &str, reason: Option<&str>) -> Result<()> {
        self.append_audit(&[Entry {
            at: crate::now(),
            user_id: Some(admin.user.id),
            on_behalf_of: admin.on_behalf_of,
            client_id: None,
            role: Some(admin.user.role.clone()),
            action: "update".into(),
            object: object.into(),
            basis: "organisatierol".into(),
            reason: reason.map(str::to_string),
            outcome: "granted".into(),
            source: admin.source.clone(),
            user_agent: admin.user_agent.clone(),
        }])
        .await
    }
}
