//! Retention terms (bewaartermijnen) per funding law and the list of dossiers past their term.
//! Only functioneel beheer (`User::admin`) reads or changes them. The list shows client ids,
//! teams and dates only: no names, no content.

use crate::{Result, Store, StoreError};
use chrono::{Months, NaiveDate};
use regie_domain::catalogue::Funding;
use regie_domain::record::User;
use regie_domain::FieldErrors;
use sqlx::Row;

/// Rows of the past-term list shown at most (the oldest first).
pub const EXPIRED_LIMIT: i64 = 500;

/// How long a dossier is kept after the end of the client's latest trajectory, per funding law.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RetentionTerm {
    /// Funding code (`Funding`).
    pub funding: String,
    /// Whole years after the trajectory's end.
    pub years: i64,
    /// When it was last changed (RFC 3339), none while the default holds.
    pub updated_at: Option<String>,
}

/// A dossier whose term has passed: ids, team and dates only.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ExpiredDossier {
    /// The client's id.
    pub client_id: i64,
    /// The client's team.
    pub team: String,
    /// Funding law of the latest trajectory.
    pub funding: String,
    /// End date of the latest trajectory.
    pub ended_on: NaiveDate,
    /// The term in years.
    pub years: i64,
    /// The day the term ran out (verlopen sinds).
    pub expired_on: NaiveDate,
}

/// Only functioneel beheer manages retention.
pub(crate) fn must_be_admin(user: &User) -> Result<()> {
    if user.admin {
        Ok(())
    } else {
        Err(StoreError::Forbidden)
    }
}

/// `ended_on + years`, the day the term runs out.
pub fn term_end(ended_on: NaiveDate, years: i64) -> NaiveDate {
    ended_on.checked_add_months(Months::new((years.clamp(0, 1000) * 12) as u32)).unwrap_or(NaiveDate::MAX)
}

impl Store {
    /// The terms per funding law, in the catalogue's order. Functioneel beheer only.
    pub async fn retention_terms(&self, user: &User) -> Result<Vec<RetentionTerm>> {
        must_be_admin(user)?;
        self.read_terms().await
    }

    async fn read_terms(&self) -> Result<Vec<RetentionTerm>> {
        let rows = sqlx::query("SELECT funding, years, updated_at FROM retention_terms").fetch_all(self.r()).await?;
        let mut terms = rows
            .iter()
            .map(|r| Ok(RetentionTerm { funding: r.try_get("funding")?, years: r.try_get("years")?, updated_at: r.try_get("updated_at")? }))
            .collect::<Result<Vec<_>>>()?;
        let pos = |code: &str| Funding::CODES.iter().position(|c| *c == code).unwrap_or(usize::MAX);
        terms.sort_by_key(|t| pos(&t.funding));
        Ok(terms)
    }

    /// Sets the terms: `(funding code, years as typed)`. Every value must be a whole number of
    /// years from 1 to 100 (Dutch message per field `years.<code>`); nothing is written unless
    /// all are right. Functioneel beheer only.
    pub async fn set_retention_terms(&self, user: &User, input: &[(String, String)]) -> Result<Vec<RetentionTerm>> {
        must_be_admin(user)?;
        let mut e = FieldErrors::default();
        let mut checked = Vec::new();
        for (code, years) in input {
            let field = format!("years.{code}");
            if Funding::parse(code).is_none() {
                e.add(&field, "Deze financiering kent Regie niet.");
                continue;
            }
            match years.trim().parse::<i64>() {
                Ok(n) if (1..=100).contains(&n) => checked.push((code.clone(), n)),
                Ok(_) => e.add(&field, "Vul een bewaartermijn in van 1 tot en met 100 jaar."),
                Err(_) => e.add(&field, "Vul een heel aantal jaren in (1 tot en met 100), zonder letters of komma."),
            }
        }
        e.finish()?;
        let now = crate::now();
        let mut tx = self.begin().await?;
        for (code, years) in &checked {
            self.tick(1);
            sqlx::query(
                "UPDATE retention_terms SET years = $1, updated_at = $2, updated_by = $3 WHERE funding = $4 AND years <> $1",
            )
            .bind(years)
            .bind(&now)
            .bind(user.id)
            .bind(code)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        self.read_terms().await
    }

    /// Dossiers whose latest trajectory ended longer ago than its funding law's term and that
    /// have no active trajectory (anonymised ones left out), oldest end first, at most
    /// [`EXPIRED_LIMIT`]. Two queries whatever the number of clients. Functioneel beheer only.
    pub async fn expired_dossiers(&self, user: &User, today: NaiveDate) -> Result<Vec<ExpiredDossier>> {
        must_be_admin(user)?;
        let terms = self.read_terms().await?;
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        // The cut-off per funding law: ended before it means past the term.
        let mut case = String::from("CASE t.funding");
        let mut binds: Vec<String> = Vec::new();
        for t in &terms {
            let cutoff = today.checked_sub_months(Months::new((t.years.clamp(0, 1000) * 12) as u32)).unwrap_or(NaiveDate::MIN);
            case.push_str(&format!(" WHEN ${} THEN ${}", binds.len() + 1, binds.len() + 2));
            binds.push(t.funding.clone());
            binds.push(crate::time::day(cutoff));
        }
        case.push_str(" END");
        let n = binds.len();
        let sql = format!(
            "SELECT c.id AS client_id, tm.name AS team, t.funding, t.ended_on FROM clients c \
             JOIN teams tm ON tm.id = c.team_id \
             JOIN trajectories t ON t.id = (SELECT t2.id FROM trajectories t2 WHERE t2.client_id = c.id \
                 ORDER BY CASE WHEN t2.ended_on IS NULL THEN 1 ELSE 0 END DESC, t2.ended_on DESC, t2.id DESC LIMIT 1) \
             WHERE c.anonymised_at IS NULL AND t.ended_on IS NOT NULL AND t.status <> 'actief' \
             AND NOT EXISTS (SELECT 1 FROM trajectories a WHERE a.client_id = c.id AND a.status = 'actief') \
             AND t.ended_on < ({case}) \
             ORDER BY t.ended_on, c.id LIMIT ${}",
            n + 1
        );
        let mut q = sqlx::query(&sql);
        for b in &binds {
            q = q.bind(b.clone());
        }
        let rows = q.bind(EXPIRED_LIMIT).fetch_all(self.r()).await?;
        rows.iter()
            .map(|r| {
                let funding: String = r.try_get("funding")?;
                let ended_on = crate::date(r, "ended_on")?;
                let years = terms.iter().find(|t| t.funding == funding).map(|t| t.years).unwrap_or(0);
                Ok(ExpiredDossier { client_id: r.try_get("client_id")?, team: r.try_get("team")?, funding, ended_on, years, expired_on: term_end(ended_on, years) })
            })
            .collect()
    }
}
