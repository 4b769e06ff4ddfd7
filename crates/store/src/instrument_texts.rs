//! Licensed criterion texts of the instruments (GGD Amsterdam's ZRM texts are not shipped): an
//! organisation that holds the licence imports its own. Only functioneel beheer may import; an
//! import replaces the texts of each instrument in the file, in one transaction. No client data.

use crate::{Actor, Result, Store, StoreError};
use regie_domain::instrument::texts::{parse_texts, CriterionText};
use sqlx::Row;
use std::collections::HashMap;

/// Rows per INSERT statement (4 values each, well under every engine's parameter limit).
const CHUNK: usize = 200;

impl Store {
    /// How many criterion texts are loaded, per instrument code.
    pub async fn instrument_text_counts(&self) -> Result<HashMap<String, i64>> {
        let rows = sqlx::query("SELECT instrument, COUNT(*) AS n FROM instrument_texts GROUP BY instrument").fetch_all(self.r()).await?;
        rows.iter().map(|r| Ok((r.try_get("instrument")?, r.try_get("n")?))).collect()
    }

    /// The criterion texts of one instrument, keyed by (domain code, level).
    pub async fn instrument_texts(&self, instrument: &str) -> Result<HashMap<(String, i64), String>> {
        let rows = sqlx::query("SELECT domain_code, level, text FROM instrument_texts WHERE instrument = $1").bind(instrument).fetch_all(self.r()).await?;
        rows.iter().map(|r| Ok(((r.try_get("domain_code")?, r.try_get("level")?), r.try_get("text")?))).collect()
    }

    /// Imports a texts file (see `docs/instrument-texts.md`). Refused whole, with the wrong lines
    /// named, when any line is wrong; otherwise the texts of every instrument in the file are
    /// replaced. Returns how many texts were loaded per instrument in the file.
    pub async fn import_instrument_texts(&self, actor: &Actor, file: &str) -> Result<Vec<(String, usize)>> {
        if !actor.user.admin {
            return Err(StoreError::Forbidden);
        }
        let texts = parse_texts(file).map_err(|e| StoreError::Invalid(regie_domain::Invalid(e)))?;
        let mut per: Vec<(String, usize)> = Vec::new();
        for t in &texts {
            match per.iter_mut().find(|(c, _)| *c == t.instrument) {
                Some((_, n)) => *n += 1,
                None => per.push((t.instrument.clone(), 1)),
            }
        }
        let now = crate::now();
        let mut tx = self.begin().await?;
        for (code, _) in &per {
            self.tick(1);
            sqlx::query("DELETE FROM instrument_texts WHERE instrument = $1").bind(code).execute(&mut *tx).await?;
        }
        for chunk in texts.chunks(CHUNK) {
            self.tick(1);
            let sql = format!(
                "INSERT INTO instrument_texts (instrument, domain_code, level, text, imported_at, imported_by) VALUES {}",
                crate::sql::rows(1, chunk.len(), 6)
            );
            let mut q = sqlx::query(&sql);
            for CriterionText { instrument, domain, level, text } in chunk {
                q = q.bind(instrument.clone()).bind(domain.clone()).bind(*level).bind(text.clone()).bind(now.clone()).bind(actor.user.id);
            }
            q.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(per)
    }
}
