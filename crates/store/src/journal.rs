//! Journaal: every contact with the client, written with the client.

use crate::{ClientScope, Result, Store};
use regie_domain::record::{JournalEntry, Page};

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

impl Store {
    /// A page of the journal, newest first.
    pub async fn journal(&self, scope: &ClientScope, limit: i64, offset: i64) -> Result<Page<JournalEntry>> {
        todo!("{scope:?}{limit}{offset}")
    }

    /// Writes a journal entry (linked to the active trajectory, if any).
    pub async fn add_journal_entry(&self, scope: &ClientScope, input: &JournalInput, today: chrono::NaiveDate) -> Result<JournalEntry> {
        todo!("{scope:?}{input:?}{today}")
    }
}
