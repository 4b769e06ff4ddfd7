//! Reading back the kept changes of the record items outside the plan (strengths, network), for
//! "as it was" views: one query whatever the size of the history.

use crate::changes::change_from;
use crate::{ClientScope, Result, Store};
use chrono::{DateTime, Utc};
use regie_domain::history::RecordChange;

impl Store {
    /// The client's kept changes of the given entities, oldest first; with `until`, only those
    /// made at or before that moment.
    pub(crate) async fn record_history(&self, scope: &ClientScope, entities: &[&str], until: Option<DateTime<Utc>>) -> Result<Vec<RecordChange>> {
        let list = crate::sql::params(3, entities.len());
        let sql = format!(
            "SELECT c.entity, c.entity_id, c.version, c.op, c.at, c.data, u.name AS by_name \
             FROM changes c LEFT JOIN users u ON u.id = c.by_user_id \
             WHERE c.client_id = $1 AND c.at <= $2 AND c.entity IN ({list}) \
             ORDER BY c.at, c.id"
        );
        // A moment far in the future stands for "no limit", so the statement stays the same.
        let until = until.map(crate::time::stamp).unwrap_or_else(|| "9999-12-31T23:59:59.999999Z".to_string());
        let mut q = sqlx::query(&sql).bind(scope.client_id).bind(until);
        for e in entities {
            q = q.bind(*e);
        }
        q.fetch_all(self.r()).await?.iter().map(change_from).collect()
    }
}
