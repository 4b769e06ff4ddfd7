//! Reading the access log: the privacy role's search and export ([`Store::search_audit`],
//! [`Store::export_audit`]) and the client's own overview of who opened or changed their
//! dossier ([`Store::client_access_overview`]). Every look at the log is itself logged (object
//! `toegangslog`), and each call costs a fixed number of queries.

use crate::access::{Actor, ClientScope};
use crate::{Result, Store, StoreError};
use chrono::NaiveDate;
use regie_domain::catalogue::{AccessBasis, AuditAction};
use regie_domain::record::Page;
use regie_domain::FieldErrors;
use sqlx::any::AnyRow;
use sqlx::Row;

/// Most records one export may hold; a larger result asks for a shorter period.
pub const AUDIT_EXPORT_MAX: i64 = 100_000;

/// The privacy role's search, as typed into the form (every field optional).
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Client number.
    pub client: String,
    /// Staff member: a number, or part of a name or email address.
    pub user: String,
    /// First day (`JJJJ-MM-DD`, UTC), inclusive.
    pub from: String,
    /// Last day (`JJJJ-MM-DD`, UTC), inclusive.
    pub to: String,
    /// Action code (`create`, `read`, `update`, `delete`, `export`).
    pub action: String,
    /// Basis code (`zorgrelatie`, `teamleiding`, `organisatierol`, `noodtoegang`, `geweigerd`).
    pub basis: String,
    /// `granted` or `refused`.
    pub outcome: String,
}

/// A checked filter.
#[derive(Debug, Clone, Default)]
struct Checked {
    client: Option<i64>,
    user_id: Option<i64>,
    user_text: Option<String>,
    from: Option<String>,
    until: Option<String>,
    action: Option<&'static str>,
    basis: Option<&'static str>,
    outcome: Option<&'static str>,
}

impl AuditFilter {
    fn check(&self) -> Result<Checked> {
        let mut e = FieldErrors::default();
        let mut c = Checked::default();
        let client = self.client.trim();
        if !client.is_empty() {
            match client.parse::<i64>() {
                Ok(n) if n > 0 => c.client = Some(n),
                _ => e.add("client", "Geef het cliëntnummer als getal."),
            }
        }
        let user = self.user.trim();
        if !user.is_empty() {
            match user.parse::<i64>() {
                Ok(n) => c.user_id = Some(n),
                Err(_) if user.chars().count() <= 200 => c.user_text = Some(format!("%{}%", user.to_lowercase())),
                Err(_) => e.add("user", "Gebruik hoogstens 200 tekens."),
            }
        }
        let date = |e: &mut FieldErrors, field: &str, v: &str| -> Option<NaiveDate> {
            let v = v.trim();
            if v.is_empty() {
                return None;
            }
            let d = NaiveDate::parse_from_str(v, "%Y-%m-%d").ok();
            if d.is_none() {
                e.add(field, "Schrijf de datum als JJJJ-MM-DD.");
            }
            d
        };
        let from = date(&mut e, "from", &self.from);
        let to = date(&mut e, "to", &self.to);
        if let (Some(f), Some(t)) = (from, to) {
            if t < f {
                e.add("to", "De einddatum ligt vóór de begindatum.");
            }
        }
        c.from = from.map(crate::time::day);
        c.until = to.and_then(|t| t.succ_opt()).map(crate::time::day);
        let pick = |e: &mut FieldErrors, field: &str, v: &str, codes: &'static [&'static str]| -> Option<&'static str> {
            let v = v.trim();
            if v.is_empty() {
                return None;
            }
            let found = codes.iter().copied().find(|c| *c == v);
            if found.is_none() {
                e.add(field, "Kies een van de mogelijkheden.");
            }
            found
        };
        c.action = pick(&mut e, "action", &self.action, AuditAction::CODES);
        c.basis = pick(&mut e, "basis", &self.basis, AccessBasis::CODES);
        c.outcome = pick(&mut e, "outcome", &self.outcome, &["granted", "refused"]);
        e.finish()?;
        Ok(c)
    }
}

/// A value bound to a numbered placeholder.
enum Bind {
    Int(i64),
    Text(String),
}

impl Checked {
    /// The WHERE clause (numbered from `$1`) and its values.
    fn clause(&self) -> (String, Vec<Bind>) {
        let mut parts: Vec<String> = Vec::new();
        let mut binds: Vec<Bind> = Vec::new();
        let add = |sql: &str, b: Bind, binds: &mut Vec<Bind>, parts: &mut Vec<String>| {
            binds.push(b);
            parts.push(sql.replace('?', &format!("${}", binds.len())));
        };
        if let Some(c) = self.client {
            add("a.client_id = ?", Bind::Int(c), &mut binds, &mut parts);
        }
        if let Some(u) = self.user_id {
            add("a.user_id = ?", Bind::Int(u), &mut binds, &mut parts);
        }
        if let Some(t) = &self.user_text {
            binds.push(Bind::Text(t.clone()));
            let n = binds.len();
            parts.push(format!("(LOWER(u.name) LIKE ${n} OR LOWER(u.email) LIKE ${n})"));
        }
        if let Some(f) = &self.from {
            add("a.at >= ?", Bind::Text(f.clone()), &mut binds, &mut parts);
        }
        if let Some(t) = &self.until {
            add("a.at < ?", Bind::Text(t.clone()), &mut binds, &mut parts);
        }
        if let Some(a) = self.action {
            add("a.action = ?", Bind::Text(a.into()), &mut binds, &mut parts);
        }
        if let Some(b) = self.basis {
            add("a.basis = ?", Bind::Text(b.into()), &mut binds, &mut parts);
        }
        if let Some(o) = self.outcome {
            add("a.outcome = ?", Bind::Text(o.into()), &mut binds, &mut parts);
        }
        let clause = if parts.is_empty() { String::new() } else { format!("WHERE {}", parts.join(" AND ")) };
        (clause, binds)
    }
}

fn bind_all<'q>(mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>, binds: &[Bind]) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    for b in binds {
        q = match b {
            Bind::Int(n) => q.bind(*n),
            Bind::Text(s) => q.bind(s.clone()),
        };
    }
    q
}

const FROM: &str = "FROM audit_log a LEFT JOIN users u ON u.id = a.user_id LEFT JOIN roles r ON r.code = a.role \
                    LEFT JOIN users b ON b.id = a.on_behalf_of";

const LINE_COLUMNS: &str = "a.id, a.at, a.user_id, u.name AS user_name, a.role, r.name AS role_name, a.on_behalf_of, \
                            b.name AS behalf_name, a.client_id, a.action, a.object, a.basis, a.reason, a.outcome, a.source, a.user_agent";

/// One record of the access log, with the names the ids stand for.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AuditLine {
    /// Record number.
    pub id: i64,
    /// Moment (UTC, ISO 8601).
    pub at: String,
    /// Who (none for Regie itself, e.g. pruning).
    pub user_id: Option<i64>,
    /// Their name now.
    pub user_name: Option<String>,
    /// Their role code at the moment of access.
    pub role: Option<String>,
    /// That role's name.
    pub role_name: Option<String>,
    /// On whose behalf.
    pub on_behalf_of: Option<i64>,
    /// That person's name.
    pub on_behalf_name: Option<String>,
    /// Which client (number).
    pub client_id: Option<i64>,
    /// Action code.
    pub action: String,
    /// Which part of the record.
    pub object: String,
    /// Basis code.
    pub basis: String,
    /// Reason (emergency access, pruning).
    pub reason: Option<String>,
    /// `granted` or `refused`.
    pub outcome: String,
    /// Source address.
    pub source: String,
    /// Browser.
    pub user_agent: String,
}

fn line_from(r: &AnyRow) -> Result<AuditLine> {
    Ok(AuditLine {
        id: r.try_get("id")?,
        at: r.try_get("at")?,
        user_id: r.try_get("user_id")?,
        user_name: r.try_get("user_name")?,
        role: r.try_get("role")?,
        role_name: r.try_get("role_name")?,
        on_behalf_of: r.try_get("on_behalf_of")?,
        on_behalf_name: r.try_get("behalf_name")?,
        client_id: r.try_get("client_id")?,
        action: r.try_get("action")?,
        object: r.try_get("object")?,
        basis: r.try_get("basis")?,
        reason: r.try_get("reason")?,
        outcome: r.try_get("outcome")?,
        source: r.try_get("source")?,
        user_agent: r.try_get("user_agent")?,
    })
}

/// One line of the client's overview: who, in what role and part of the organisation, did
/// what, when, on what ground.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AccessLine {
    /// Moment (UTC, ISO 8601).
    pub at: String,
    /// Who (their name now), none for Regie itself.
    pub user_name: Option<String>,
    /// Their role at the moment of access.
    pub role_name: Option<String>,
    /// Their team now, if any.
    pub team_name: Option<String>,
    /// That team's location (the part of the organisation).
    pub location_name: Option<String>,
    /// On whose behalf, if someone else.
    pub on_behalf_name: Option<String>,
    /// Action code.
    pub action: String,
    /// Which part of the dossier.
    pub object: String,
    /// Basis code.
    pub basis: String,
}

/// The client's overview: the granted accesses (paged, newest first) and how many attempts were
/// refused (nobody saw anything then).
#[derive(Debug, Clone, serde::Serialize)]
pub struct AccessOverview {
    /// This page.
    pub items: Vec<AccessLine>,
    /// All granted accesses.
    pub total: i64,
    /// Refused attempts, counted only.
    pub refused: i64,
}

impl Store {
    /// The privacy role's search: matching records, newest first, paged (2 queries plus the
    /// record of this search: action `read`, object `toegangslog`, the searched client if any).
    pub async fn search_audit(&self, actor: &Actor, filter: &AuditFilter, limit: i64, offset: i64) -> Result<Page<AuditLine>> {
        self.require_privacy(actor, AuditAction::Read, "toegangslog").await?;
        let checked = filter.check()?;
        self.audit(actor, checked.client, AuditAction::Read, "toegangslog", AccessBasis::Organisation).await?;
        let (clause, binds) = checked.clause();
        let total: i64 = bind_all(sqlx::query(&format!("SELECT COUNT(*) {FROM} {clause}")), &binds).fetch_one(self.r()).await?.try_get(0)?;
        let n = binds.len();
        let sql = format!("SELECT {LINE_COLUMNS} {FROM} {clause} ORDER BY a.id DESC LIMIT ${} OFFSET ${}", n + 1, n + 2);
        let rows = bind_all(sqlx::query(&sql), &binds).bind(limit).bind(offset).fetch_all(self.r()).await?;
        Ok(Page { items: rows.iter().map(line_from).collect::<Result<_>>()?, total })
    }

    /// Everything the search finds, oldest first, for a CSV export (at most
    /// [`AUDIT_EXPORT_MAX`] records, else a Dutch message asks for a shorter period). Logged as
    /// an `export` of the `toegangslog`.
    pub async fn export_audit(&self, actor: &Actor, filter: &AuditFilter) -> Result<Vec<AuditLine>> {
        self.require_privacy(actor, AuditAction::Export, "toegangslog").await?;
        let checked = filter.check()?;
        let (clause, binds) = checked.clause();
        let total: i64 = bind_all(sqlx::query(&format!("SELECT COUNT(*) {FROM} {clause}")), &binds).fetch_one(self.r()).await?.try_get(0)?;
        if total > AUDIT_EXPORT_MAX {
            return Err(StoreError::field(
                "from",
                &format!("Dit zijn {total} regels; één export mag er hoogstens {AUDIT_EXPORT_MAX} hebben. Kies een kortere periode."),
            ));
        }
        self.audit(actor, checked.client, AuditAction::Export, "toegangslog", AccessBasis::Organisation).await?;
        let sql = format!("SELECT {LINE_COLUMNS} {FROM} {clause} ORDER BY a.id");
        let rows = bind_all(sqlx::query(&sql), &binds).fetch_all(self.r()).await?;
        rows.iter().map(line_from).collect()
    }

    /// Who opened or changed the scope's client's dossier: granted accesses, newest first,
    /// paged, and the number of refused attempts (2 queries). The caller opened the client
    /// (object `toegangslog`), which logged this read.
    pub async fn client_access_overview(&self, scope: &ClientScope, limit: i64, offset: i64) -> Result<AccessOverview> {
        let counts = sqlx::query(
            "SELECT CAST(SUM(CASE WHEN outcome = 'granted' THEN 1 ELSE 0 END) AS BIGINT) AS granted, \
             CAST(SUM(CASE WHEN outcome = 'refused' THEN 1 ELSE 0 END) AS BIGINT) AS refused \
             FROM audit_log WHERE client_id = $1",
        )
        .bind(scope.client_id)
        .fetch_one(self.r())
        .await?;
        let total: Option<i64> = counts.try_get("granted")?;
        let refused: Option<i64> = counts.try_get("refused")?;
        let rows = sqlx::query(
            "SELECT a.at, u.name AS user_name, r.name AS role_name, t.name AS team_name, l.name AS location_name, \
             b.name AS behalf_name, a.action, a.object, a.basis \
             FROM audit_log a LEFT JOIN users u ON u.id = a.user_id LEFT JOIN roles r ON r.code = a.role \
             LEFT JOIN teams t ON t.id = u.team_id LEFT JOIN locations l ON l.id = t.location_id \
             LEFT JOIN users b ON b.id = a.on_behalf_of \
             WHERE a.client_id = $1 AND a.outcome = 'granted' ORDER BY a.id DESC LIMIT $2 OFFSET $3",
        )
        .bind(scope.client_id)
        .bind(limit)
        .bind(offset)
        .fetch_all(self.r())
        .await?;
        let items = rows
            .iter()
            .map(|r| {
                Ok(AccessLine {
                    at: r.try_get("at")?,
                    user_name: r.try_get("user_name")?,
                    role_name: r.try_get("role_name")?,
                    team_name: r.try_get("team_name")?,
                    location_name: r.try_get("location_name")?,
                    on_behalf_name: r.try_get("behalf_name")?,
                    action: r.try_get("action")?,
                    object: r.try_get("object")?,
                    basis: r.try_get("basis")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(AccessOverview { items, total: total.unwrap_or(0), refused: refused.unwrap_or(0) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_are_checked_and_numbered() {
        let f = AuditFilter { client: "12".into(), user: "Sanne".into(), from: "2026-01-01".into(), to: "2026-01-31".into(), ..Default::default() };
        let c = f.check().unwrap();
        let (clause, binds) = c.clause();
        assert_eq!(clause, "WHERE a.client_id = $1 AND (LOWER(u.name) LIKE $2 OR LOWER(u.email) LIKE $2) AND a.at >= $3 AND a.at < $4");
        assert_eq!(binds.len(), 4);
        assert_eq!(c.until.as_deref(), Some("2026-02-01"), "the last day is included");
        let bad = AuditFilter { client: "x".into(), from: "1-1-2026".into(), action: "kijken".into(), ..Default::default() };
        let StoreError::Invalid(inv) = bad.check().unwrap_err() else { panic!("invalid") };
        for field in ["client", "from", "action"] {
            assert!(inv.0.get(field).is_some(), "{field}");
        }
        assert_eq!(AuditFilter::default().check().unwrap().clause().0, "");
    }
}
