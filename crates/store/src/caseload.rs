//! Mijn cliënten: the clients a user may see, with signals, paged; every client shown is logged.

use crate::{Actor, Result, Store};
use regie_domain::record::{CaseloadRow, Page};

/// Which clients a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseloadView {
    /// Clients the user has a care relation with.
    Mine,
    /// Every client the user may see (care relations, own team as teamleider, organisation role).
    Visible,
}

/// A caseload request.
#[derive(Debug, Clone)]
pub struct CaseloadQuery {
    /// Which clients.
    pub view: CaseloadView,
    /// Part of a name to search for.
    pub search: Option<String>,
    /// Page size (capped at 200).
    pub limit: i64,
    /// Rows to skip.
    pub offset: i64,
}

impl Store {
    /// The caseload page: a fixed number of queries whatever the caseload size.
    pub async fn caseload(&self, actor: &Actor, query: &CaseloadQuery, today: chrono::NaiveDate) -> Result<Page<CaseloadRow>> {
        todo!("{actor:?}{query:?}{today}")
    }
}
