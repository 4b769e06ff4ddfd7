//! Retention of the access log (NEN 7513: at least five years). `regie audit prune` removes the
//! records older than the term **from the start of the chain only**, so what remains is still
//! one unbroken chain: the first kept record and the `prev_hash` it links to are stored in
//! `audit_anchor`, and [`Store::verify_audit_chain`] starts there instead of at the genesis hash.
//!
//! The database refuses every DELETE on `audit_log` (trigger) except of ids up to
//! `audit_prune_permit.up_to`, which only the prune transaction raises — and lowers to 0 again
//! before it commits. Pruning first verifies the whole chain and refuses a broken one (the
//! evidence stays), always keeps the last record (the chain head), and logs itself as a record
//! of Regie (no user) with the number of records removed.

use crate::audit_chain::{ChainReport, GENESIS};
use crate::{Result, Store, StoreError};
use chrono::{DateTime, Months, Utc};
use sqlx::Row;

/// The shortest retention term NEN 7513 allows, in years; also the default.
pub const AUDIT_RETENTION_MIN_YEARS: i64 = 5;

/// What a prune did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PruneReport {
    /// Records removed.
    pub removed: i64,
    /// The first record kept (the chain's new start); 0 when the log is empty.
    pub first_kept: i64,
    /// Records from before this moment (UTC) were due.
    pub cutoff: String,
}

/// Where the chain starts: the first kept record's id and the hash it links to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainAnchor {
    /// First kept id (0: never pruned).
    pub first_id: i64,
    /// The `prev_hash` that record carries ([`GENESIS`] when never pruned).
    pub prev_hash: String,
}

/// The moment before which records are due under a term of `years`, counted back from `now`.
pub fn retention_cutoff(now: DateTime<Utc>, years: i64) -> Result<DateTime<Utc>> {
    if years < AUDIT_RETENTION_MIN_YEARS {
        return Err(StoreError::Config(format!(
            "de toegangslog moet minstens {AUDIT_RETENTION_MIN_YEARS} jaar bewaard blijven (NEN 7513), niet {years}."
        )));
    }
    let months = u32::try_from(years.saturating_mul(12)).map_err(|_| StoreError::Config(format!("{years} jaar is te lang.")))?;
    now.checked_sub_months(Months::new(months)).ok_or_else(|| StoreError::Config(format!("{years} jaar is te lang.")))
}

impl Store {
    /// Where verification starts (see the module doc).
    pub async fn audit_anchor(&self) -> Result<ChainAnchor> {
        let row = sqlx::query("SELECT first_id, prev_hash FROM audit_anchor WHERE id = 1").fetch_optional(self.r()).await?;
        Ok(match row {
            Some(r) => ChainAnchor { first_id: r.try_get("first_id")?, prev_hash: r.try_get("prev_hash")? },
            None => ChainAnchor { first_id: 0, prev_hash: GENESIS.to_string() },
        })
    }

    /// Removes the records older than `years` (at least [`AUDIT_RETENTION_MIN_YEARS`]).
    pub async fn prune_audit(&self, years: i64) -> Result<PruneReport> {
        let cutoff = retention_cutoff(Utc::now(), years)?;
        self.prune_audit_before(cutoff).await
    }

    /// Removes the records written before `cutoff` from the start of the chain, keeping at least
    /// the last one, and moves the anchor — in one transaction. Refuses (a Dutch
    /// [`StoreError::Config`]) when the chain is broken now. Callers other than tests go through
    /// [`Store::prune_audit`], which enforces the minimum term.
    pub async fn prune_audit_before(&self, cutoff: DateTime<Utc>) -> Result<PruneReport> {
        let report: ChainReport = self.verify_audit_chain().await?;
        if let Some(b) = report.broken {
            return Err(StoreError::Config(format!(
                "de toegangslog is niet in orde (regel {}: {}); er wordt niets opgeschoond. Zoek eerst uit wat er gebeurd is.",
                b.id,
                b.problem.dutch()
            )));
        }
        let cutoff_text = crate::time::stamp(cutoff);
        let mut tx = self.begin().await?;
        // Locks the chain head: appends wait until the prune is done.
        let head: i64 = sqlx::query("UPDATE audit_chain_head SET last_id = last_id WHERE id = 1 RETURNING last_id").fetch_one(&mut *tx).await?.try_get(0)?;
        let due: Option<i64> = sqlx::query("SELECT MIN(id) FROM audit_log WHERE at >= $1").bind(&cutoff_text).fetch_one(&mut *tx).await?.try_get(0)?;
        // The first kept record: the first one still within the term, and never past the head.
        let first_kept = due.unwrap_or(head).min(head);
        let mut removed = 0i64;
        if first_kept > 0 {
            let prev: Option<String> =
                sqlx::query("SELECT prev_hash FROM audit_log WHERE id = $1").bind(first_kept).fetch_optional(&mut *tx).await?.map(|r| r.try_get(0)).transpose()?;
            let prev = prev.ok_or_else(|| StoreError::Corrupt(format!("audit record {first_kept} vanished while pruning")))?;
            sqlx::query("UPDATE audit_prune_permit SET up_to = $1 WHERE id = 1").bind(first_kept - 1).execute(&mut *tx).await?;
            removed = sqlx::query("DELETE FROM audit_log WHERE id < $1").bind(first_kept).execute(&mut *tx).await?.rows_affected() as i64;
            sqlx::query("UPDATE audit_prune_permit SET up_to = 0 WHERE id = 1").execute(&mut *tx).await?;
            if removed > 0 {
                sqlx::query(
                    "UPDATE audit_anchor SET first_id = $1, prev_hash = $2, pruned_before = $3, pruned_records = pruned_records + $4, pruned_at = $5 WHERE id = 1",
                )
                .bind(first_kept)
                .bind(&prev)
                .bind(&cutoff_text)
                .bind(removed)
                .bind(crate::now())
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        self.tick(7);
        if removed > 0 {
            tracing::info!(removed, first_kept, "access log pruned after its retention term");
            let entry = crate::audit_chain::Entry {
                at: crate::now(),
                user_id: None,
                on_behalf_of: None,
                client_id: None,
                role: None,
                action: "delete".into(),
                object: "toegangslog".into(),
                basis: "organisatierol".into(),
                reason: Some(format!("bewaartermijn: {removed} regels van vóór {cutoff_text} verwijderd; de keten begint nu bij regel {first_kept}")),
                outcome: "granted".into(),
                source: "regie audit prune".into(),
                user_agent: "-".into(),
            };
            self.append_audit(&[entry]).await?;
        }
        Ok(PruneReport { removed, first_kept, cutoff: cutoff_text })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_term_is_at_least_five_years() {
        let now = DateTime::parse_from_rfc3339("2031-03-01T12:00:00Z").unwrap().with_timezone(&Utc);
        assert!(retention_cutoff(now, 4).is_err());
        assert_eq!(retention_cutoff(now, 5).unwrap().to_rfc3339(), "2026-03-01T12:00:00+00:00");
        assert!(retention_cutoff(now, i64::MAX).is_err());
    }
}
