//! Journaal: every contact with the client, written with the client.

use crate::changes::{json, Change};
use crate::{ClientScope, Result, Store, StoreError};
use regie_domain::catalogue::ContactType;
use regie_domain::record::{JournalEntry, Page};
use regie_domain::FieldErrors;
use sqlx::any::AnyRow;
use sqlx::Row;

/// Input for a journal entry.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct JournalInput {
    /// Contact type code.
    pub contact_type: String,
    /// `JJJJ-MM-DD`, not in the future.
    pub contact_date: String,
    /// Minutes, 1 to 1440.
    pub duration_minutes: String,
    /// What was discussed.
    pub text: String,
    /// Whether the client sees it (default true).
    pub client_visible: Option<bool>,
    /// Goals the contact was about (must belong to the client's plan).
    #[serde(default)]
    pub goal_ids: Vec<i64>,
}

/// Most entries one page can hold.
const MAX_PAGE: i64 = 500;

/// The client's entries of one page, newest first: `$1` client, `$2` limit, `$3` offset.
const PAGE: &str = "WHERE j.client_id = $1 ORDER BY j.contact_date DESC, j.id DESC LIMIT $2 OFFSET $3";

fn entry_from(r: &AnyRow) -> Result<JournalEntry> {
    Ok(JournalEntry {
        id: r.try_get("id")?,
        contact_type: r.try_get("contact_type")?,
        contact_date: crate::date(r, "contact_date")?,
        duration_minutes: r.try_get("duration_minutes")?,
        text: r.try_get("text")?,
        client_visible: crate::flag(r, "client_visible")?,
        author_name: r.try_get("author_name")?,
        goal_ids: Vec::new(),
        created_at: crate::moment(r, "created_at")?,
    })
}

impl Store {
    /// A page of the journal, newest first, with each entry's goals and the total count: three
    /// queries whatever the size of the page.
    pub async fn journal(&self, scope: &ClientScope, limit: i64, offset: i64) -> Result<Page<JournalEntry>> {
        let (limit, offset) = (limit.clamp(0, MAX_PAGE), offset.max(0));
        let total = sqlx::query("SELECT COUNT(*) FROM journal_entries WHERE client_id = $1").bind(scope.client_id).fetch_one(self.r());
        let entries_sql = format!(
            "SELECT j.id, j.contact_type, j.contact_date, j.duration_minutes, j.text, j.client_visible, j.created_at, u.name AS author_name \
             FROM journal_entries j JOIN users u ON u.id = j.author_id {PAGE}"
        );
        let entries = sqlx::query(&entries_sql).bind(scope.client_id).bind(limit).bind(offset).fetch_all(self.r());
        // The goal links of the whole page in one query.
        let links_sql = format!("SELECT jg.entry_id, jg.goal_id FROM journal_goals jg WHERE jg.entry_id IN (SELECT j.id FROM journal_entries j {PAGE}) ORDER BY jg.entry_id, jg.goal_id");
        let links = sqlx::query(&links_sql).bind(scope.client_id).bind(limit).bind(offset).fetch_all(self.r());
        let (total, entries, links) = tokio::try_join!(total, entries, links)?;
        let mut items = entries.iter().map(entry_from).collect::<Result<Vec<_>>>()?;
        for l in &links {
            let entry_id: i64 = l.try_get("entry_id")?;
            if let Some(item) = items.iter_mut().find(|i| i.id == entry_id) {
                item.goal_ids.push(l.try_get("goal_id")?);
            }
        }
        Ok(Page { items, total: total.try_get(0)? })
    }

    /// Writes a journal entry (linked to the active trajectory, if any).
    pub async fn add_journal_entry(&self, scope: &ClientScope, input: &JournalInput, today: chrono::NaiveDate) -> Result<JournalEntry> {
        let mut e = FieldErrors::default();
        let contact_type = e.one_of("contact_type", &input.contact_type, ContactType::CODES).unwrap_or_default();
        let contact_date = e.past_date("contact_date", Some(&input.contact_date), today);
        let minutes = e.int_in("duration_minutes", &input.duration_minutes, 1, 1440).unwrap_or_default();
        let text = e.text("text", &input.text, 10_000);
        let mut goal_ids = input.goal_ids.clone();
        goal_ids.sort_unstable();
        goal_ids.dedup();

        let mut tx = self.begin().await?;
        if !goal_ids.is_empty() {
            self.tick(1);
            let sql = format!(
                "SELECT COUNT(*) FROM goals g JOIN trajectories t ON t.id = g.trajectory_id WHERE t.client_id = $1 AND g.id IN ({})",
                crate::sql::params(2, goal_ids.len())
            );
            let mut q = sqlx::query(&sql).bind(scope.client_id);
            for id in &goal_ids {
                q = q.bind(*id);
            }
            let found: i64 = q.fetch_one(&mut *tx).await?.try_get(0)?;
            if found != goal_ids.len() as i64 {
                e.add("goal_ids", "Kies alleen doelen uit het plan van deze cliënt.");
            }
        }
        e.finish()?;
        let contact_date = contact_date.ok_or_else(|| StoreError::field("contact_date", "Vul een datum in."))?;

        self.tick(3);
        let trajectory_id: Option<i64> = sqlx::query("SELECT id FROM trajectories WHERE client_id = $1 AND status = 'actief' ORDER BY id DESC LIMIT 1")
            .bind(scope.client_id)
            .fetch_optional(&mut *tx)
            .await?
            .map(|r| r.try_get("id"))
            .transpose()?;
        let author_name: String = sqlx::query("SELECT name FROM users WHERE id = $1").bind(scope.user_id).fetch_one(&mut *tx).await?.try_get(0)?;
        let created_at = crate::now();
        let visible = input.client_visible.unwrap_or(true);
        let id: i64 = sqlx::query(
            "INSERT INTO journal_entries (client_id, trajectory_id, contact_type, contact_date, duration_minutes, text, client_visible, author_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(scope.client_id)
        .bind(trajectory_id)
        .bind(contact_type)
        .bind(crate::time::day(contact_date))
        .bind(minutes)
        .bind(&text)
        .bind(visible)
        .bind(scope.user_id)
        .bind(&created_at)
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)?;
        if !goal_ids.is_empty() {
            self.tick(1);
            let sql = format!("INSERT INTO journal_goals (entry_id, goal_id) VALUES {}", crate::sql::rows(1, goal_ids.len(), 2));
            let mut q = sqlx::query(&sql);
            for goal_id in &goal_ids {
                q = q.bind(id).bind(*goal_id);
            }
            q.execute(&mut *tx).await?;
        }
        let entry = JournalEntry {
            id,
            contact_type: contact_type.to_string(),
            contact_date,
            duration_minutes: minutes,
            text,
            client_visible: visible,
            author_name,
            goal_ids,
            created_at: chrono::DateTime::parse_from_rfc3339(&created_at)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?
                .with_timezone(&chrono::Utc),
        };
        let change = Change { trajectory_id, entity: "journal", entity_id: id, version: 1, op: "create", data: json(&entry) };
        self.write_change(&mut tx, scope, change).await?;
        tx.commit().await?;
        Ok(entry)
    }
}
