//! The access log as a hash chain (NEN 7513: the log must establish afterwards, beyond dispute,
//! what happened). Every record in `audit_log` carries `prev_hash`, the hash of the record before
//! it in id order, and `hash`, the SHA-256 of its own fields plus `prev_hash`. Changing a record
//! breaks its own hash; deleting one breaks the `prev_hash` link of the next; cutting records off
//! the end is caught by `audit_chain_head`, which holds the id and hash of the last record.
//!
//! **Canonical form** (version 1), the bytes that are hashed: the line `regie-audit-v1`, then one
//! line per field, in this order, lines joined by `\n` (no trailing newline):
//! `prev_hash, at, user_id, on_behalf_of, client_id, role, action, object, basis, reason,
//! outcome, source, user_agent`. A field is written as `~` when NULL, otherwise as its length in
//! bytes (decimal), a colon, and its UTF-8 text; integers as decimal text. So the record
//! `object = "caseload"` contributes the line `8:caseload`. `hash` is the lowercase hexadecimal
//! SHA-256 of those bytes. The first record's `prev_hash` is 64 zeros ([`GENESIS`]). The id is
//! not hashed (it is given by the database on insert); order is carried by the links.
//!
//! Appends run in one write transaction: `UPDATE audit_chain_head … RETURNING last_hash` (which
//! locks the head row, so concurrent PostgreSQL writers queue there), one multi-row insert, and
//! the head update. Records written before migration 0005 have no hash; [`Store::seal_legacy_audit`]
//! chains them once, at the first start after the migration, in id order. Their content before
//! that moment is only as trustworthy as the database was.

use crate::{Result, Store};
use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;
use sqlx::Row;

/// `prev_hash` of the first record.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Records read per query while verifying or sealing: memory stays bounded whatever the log size.
const PAGE: i64 = 1000;

const COLUMNS: &str = "at, user_id, on_behalf_of, client_id, role, action, object, basis, reason, outcome, source, user_agent";

/// One record to append (or read back), without id and hashes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub at: String,
    pub user_id: Option<i64>,
    pub on_behalf_of: Option<i64>,
    pub client_id: Option<i64>,
    pub role: Option<String>,
    pub action: String,
    pub object: String,
    pub basis: String,
    pub reason: Option<String>,
    pub outcome: String,
    pub source: String,
    pub user_agent: String,
}

impl Entry {
    /// The record's hash given the previous record's hash (see the module doc for the form).
    pub fn hash(&self, prev_hash: &str) -> String {
        let int = |v: Option<i64>| v.map(|n| n.to_string());
        let fields: [Option<String>; 13] = [
            Some(prev_hash.to_string()),
            Some(self.at.clone()),
            int(self.user_id),
            int(self.on_behalf_of),
            int(self.client_id),
            self.role.clone(),
            Some(self.action.clone()),
            Some(self.object.clone()),
            Some(self.basis.clone()),
            self.reason.clone(),
            Some(self.outcome.clone()),
            Some(self.source.clone()),
            Some(self.user_agent.clone()),
        ];
        let mut canonical = String::from("regie-audit-v1");
        for f in &fields {
            canonical.push('\n');
            match f {
                None => canonical.push('~'),
                Some(s) => {
                    canonical.push_str(&s.len().to_string());
                    canonical.push(':');
                    canonical.push_str(s);
                }
            }
        }
        Sha256::digest(canonical.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
    }

    fn from_row(r: &AnyRow) -> Result<Entry> {
        Ok(Entry {
            at: r.try_get("at")?,
            user_id: r.try_get("user_id")?,
            on_behalf_of: r.try_get("on_behalf_of")?,
            client_id: r.try_get("client_id")?,
            role: r.try_get("role")?,
            action: r.try_get("action")?,
            object: r.try_get("object")?,
            basis: r.try_get("basis")?,
            reason: r.try_get("reason")?,
            outcome: r.try_get("outcome")?,
            source: r.try_get("source")?,
            user_agent: r.try_get("user_agent")?,
        })
    }
}

/// What `verify_audit_chain` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainReport {
    /// Records checked.
    pub checked: u64,
    /// The first broken record, if any.
    pub broken: Option<ChainBreak>,
    /// Id and hash of the last record of an intact log (0 and [`GENESIS`] when empty or broken). Kept outside
    /// the database, they let a later check prove that nothing up to here was rewritten.
    pub last: (i64, String),
    /// The first record of the chain when older records were pruned after their retention term
    /// (0: never pruned, the chain starts at [`GENESIS`]).
    pub first: i64,
}

/// The first place where the chain does not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainBreak {
    /// The record's id (for [`ChainProblem::Truncated`]: the id of the missing last record).
    pub id: i64,
    /// Its moment as stored (none when the record is gone).
    pub at: Option<String>,
    /// What is wrong.
    pub problem: ChainProblem,
}

/// Why a record breaks the chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChainProblem {
    /// Its content does not match its hash: the record was changed.
    Altered,
    /// Its link does not match the record before it: a record before it was deleted or changed.
    PreviousMissing,
    /// It has no hash: it was added outside the chain.
    Unchained,
    /// The last record the chain knows of is gone: records were cut off the end.
    Truncated,
}

impl ChainProblem {
    /// A Dutch explanation for the command line.
    pub fn dutch(self) -> &'static str {
        match self {
            ChainProblem::Altered => "de inhoud past niet bij de vastgelegde hash: deze regel is gewijzigd",
            ChainProblem::PreviousMissing => "de koppeling met de regel ervoor klopt niet: een eerdere regel is verwijderd of gewijzigd",
            ChainProblem::Unchained => "deze regel heeft geen hash: hij is buiten Regie om toegevoegd",
            ChainProblem::Truncated => "deze laatste regel ontbreekt: regels aan het eind zijn verwijderd",
        }
    }
}

impl Store {
    /// Appends `entries` to the access log, chained, in one write transaction.
    pub(crate) async fn append_audit(&self, entries: &[Entry]) -> Result<()> {
        if entries.is_empty() {
            return Ok(());
        }
        let mut tx = self.begin().await?;
        // The UPDATE locks the head row: a concurrent append waits here until this one commits.
        let mut prev: String = sqlx::query("UPDATE audit_chain_head SET last_id = last_id WHERE id = 1 RETURNING last_hash")
            .fetch_one(&mut *tx)
            .await?
            .try_get(0)?;
        let width = 14;
        let sql = format!(
            "INSERT INTO audit_log ({COLUMNS}, prev_hash, hash) VALUES {} RETURNING id",
            crate::sql::rows(1, entries.len(), width)
        );
        let mut q = sqlx::query(&sql);
        for e in entries {
            let hash = e.hash(&prev);
            q = q
                .bind(e.at.clone())
                .bind(e.user_id)
                .bind(e.on_behalf_of)
                .bind(e.client_id)
                .bind(e.role.clone())
                .bind(e.action.clone())
                .bind(e.object.clone())
                .bind(e.basis.clone())
                .bind(e.reason.clone())
                .bind(e.outcome.clone())
                .bind(e.source.clone())
                .bind(e.user_agent.clone())
                .bind(prev.clone())
                .bind(hash.clone());
            prev = hash;
        }
        let ids = q.fetch_all(&mut *tx).await?;
        let mut last_id = 0i64;
        for r in &ids {
            last_id = last_id.max(r.try_get::<i64, _>(0)?);
        }
        sqlx::query("UPDATE audit_chain_head SET last_id = $1, last_hash = $2 WHERE id = 1")
            .bind(last_id)
            .bind(&prev)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        self.tick(3);
        Ok(())
    }

    /// Chains the records written before migration 0005 (they have no hash), once: only while the
    /// chain is still empty. Runs from [`Store::migrate`]; a no-op costing one query afterwards.
    pub(crate) async fn seal_legacy_audit(&self) -> Result<()> {
        let last_id: i64 = sqlx::query("SELECT last_id FROM audit_chain_head WHERE id = 1").fetch_one(self.w()).await?.try_get(0)?;
        if last_id != 0 {
            return Ok(());
        }
        let mut tx = self.begin().await?;
        let mut prev: String = sqlx::query("UPDATE audit_chain_head SET last_id = last_id WHERE id = 1 RETURNING last_hash")
            .fetch_one(&mut *tx)
            .await?
            .try_get(0)?;
        let (mut cursor, mut sealed) = (0i64, 0u64);
        loop {
            let rows = sqlx::query(&format!("SELECT id, {COLUMNS} FROM audit_log WHERE hash IS NULL AND id > $1 ORDER BY id LIMIT $2"))
                .bind(cursor)
                .bind(PAGE)
                .fetch_all(&mut *tx)
                .await?;
            if rows.is_empty() {
                break;
            }
            for r in &rows {
                let id: i64 = r.try_get("id")?;
                let hash = Entry::from_row(r)?.hash(&prev);
                sqlx::query("UPDATE audit_log SET prev_hash = $1, hash = $2 WHERE id = $3").bind(&prev).bind(&hash).bind(id).execute(&mut *tx).await?;
                prev = hash;
                cursor = id;
                sealed += 1;
            }
        }
        if sealed > 0 {
            sqlx::query("UPDATE audit_chain_head SET last_id = $1, last_hash = $2 WHERE id = 1").bind(cursor).bind(&prev).execute(&mut *tx).await?;
            tracing::info!(records = sealed, "existing access log records chained");
        }
        tx.commit().await?;
        Ok(())
    }

    /// Reads the whole access log in id order, a page at a time, recomputing every hash and link
    /// from the anchor (see `audit_retention.rs`); reports the number of records checked and the
    /// first broken one. Records appended while
    /// this runs are checked too when reached.
    pub async fn verify_audit_chain(&self) -> Result<ChainReport> {
        let head = sqlx::query("SELECT last_id, last_hash FROM audit_chain_head WHERE id = 1").fetch_one(self.r()).await?;
        let head_id: i64 = head.try_get("last_id")?;
        let head_hash: String = head.try_get("last_hash")?;
        // After pruning (audit_retention.rs) the chain starts at the anchor, not at GENESIS. The
        // walk still starts at id 0: a record below the anchor cannot link to it and is named.
        let anchor = self.audit_anchor().await?;
        let first = anchor.first_id;
        let (mut prev, mut cursor, mut checked, mut head_seen) = (anchor.prev_hash, 0i64, 0u64, head_id == 0);
        let broken = |id: i64, at: Option<String>, problem: ChainProblem, checked: u64| {
            Ok(ChainReport { checked, broken: Some(ChainBreak { id, at, problem }), last: (0, GENESIS.to_string()), first })
        };
        loop {
            let rows = sqlx::query(&format!("SELECT id, {COLUMNS}, prev_hash, hash FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2"))
                .bind(cursor)
                .bind(PAGE)
                .fetch_all(self.r())
                .await?;
            if rows.is_empty() {
                break;
            }
            for r in &rows {
                let id: i64 = r.try_get("id")?;
                let entry = Entry::from_row(r)?;
                let prev_hash: Option<String> = r.try_get("prev_hash")?;
                let hash: Option<String> = r.try_get("hash")?;
                checked += 1;
                let (Some(prev_hash), Some(hash)) = (prev_hash, hash) else {
                    return broken(id, Some(entry.at), ChainProblem::Unchained, checked);
                };
                if entry.hash(&prev_hash) != hash {
                    return broken(id, Some(entry.at), ChainProblem::Altered, checked);
                }
                if prev_hash != prev {
                    return broken(id, Some(entry.at), ChainProblem::PreviousMissing, checked);
                }
                if id == head_id {
                    if hash != head_hash {
                        return broken(id, Some(entry.at), ChainProblem::Altered, checked);
                    }
                    head_seen = true;
                }
                prev = hash;
                cursor = id;
            }
        }
        if !head_seen {
            return broken(head_id, None, ChainProblem::Truncated, checked);
        }
        Ok(ChainReport { checked, broken: None, last: (cursor, prev), first })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry() -> Entry {
        Entry {
            at: "2026-01-02T03:04:05.000006Z".into(),
            user_id: Some(7),
            on_behalf_of: None,
            client_id: Some(12),
            role: Some("trajectbegeleider".into()),
            action: "read".into(),
            object: "caseload".into(),
            basis: "zorgrelatie".into(),
            reason: None,
            outcome: "granted".into(),
            source: "127.0.0.1".into(),
            user_agent: "test".into(),
        }
    }

    #[test]
    fn every_field_and_the_link_count() {
        let base = entry().hash(GENESIS);
        assert_eq!(base.len(), 64);
        assert_eq!(base, entry().hash(GENESIS), "deterministic");
        assert_ne!(base, entry().hash(&base), "the previous hash is part of it");
        let changed = [
            Entry { object: "dossier".into(), ..entry() },
            Entry { on_behalf_of: Some(7), ..entry() },
            Entry { reason: Some(String::new()), ..entry() },
            Entry { user_agent: "test ".into(), ..entry() },
        ];
        for c in changed {
            assert_ne!(c.hash(GENESIS), base, "{c:?}");
        }
        // Length prefixes keep field boundaries: moving text between fields changes the hash.
        let a = Entry { source: "1".into(), user_agent: "2".into(), ..entry() };
        let b = Entry { source: "12".into(), user_agent: String::new(), ..entry() };
        assert_ne!(a.hash(GENESIS), b.hash(GENESIS));
    }
}
