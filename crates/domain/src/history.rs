//! History of the parts of a client's record outside the plan (strengths, network). Like the plan,
//! every change is kept as the item right after the change, with who and when; the items on any
//! moment are the replay of the changes up to that moment, so "as it was" is exact by construction.

use crate::plan::Op;
use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One kept change of a record item.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RecordChange {
    /// Entity code as stored (`strength_domain`, `strength`, `network_member`).
    pub entity: String,
    /// Id of the item.
    pub entity_id: i64,
    /// The item's version after the change.
    pub version: i64,
    /// Kind of change.
    pub op: Op,
    /// When (UTC).
    pub at: DateTime<Utc>,
    /// Who, by name.
    pub by: String,
    /// The item after the change (for a delete: as it was).
    pub data: serde_json::Value,
}

/// The latest change of each item of `entity` made at or before `as_of`, leaving out items that
/// were removed by then; ordered by item id.
pub fn latest<'a>(changes: &'a [RecordChange], entity: &str, as_of: DateTime<Utc>) -> Vec<&'a RecordChange> {
    let mut slots: BTreeMap<i64, &RecordChange> = BTreeMap::new();
    for c in changes.iter().filter(|c| c.entity == entity && c.at <= as_of) {
        let slot = slots.entry(c.entity_id).or_insert(c);
        if (c.at, c.version) >= (slot.at, slot.version) {
            *slot = c;
        }
    }
    slots.into_values().filter(|c| c.op != Op::Delete).collect()
}

/// The items of `entity` as they stood at `as_of`, read back from the kept data.
pub fn replay_items<T: DeserializeOwned>(changes: &[RecordChange], entity: &str, as_of: DateTime<Utc>) -> Vec<T> {
    latest(changes, entity, as_of).into_iter().filter_map(|c| serde_json::from_value(c.data.clone()).ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 4, day, 12, 0, 0).unwrap()
    }

    fn change(id: i64, version: i64, op: Op, day: u32, text: &str) -> RecordChange {
        RecordChange {
            entity: "thing".into(),
            entity_id: id,
            version,
            op,
            at: at(day),
            by: "Sanne".into(),
            data: serde_json::json!({ "id": id, "text": text, "version": version }),
        }
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct Thing {
        id: i64,
        text: String,
        version: i64,
    }

    #[test]
    fn replay_gives_each_item_as_it_was_and_forgets_removed_ones() {
        let h = vec![
            change(1, 1, Op::Create, 1, "fietsen"),
            change(2, 1, Op::Create, 2, "koken"),
            change(1, 2, Op::Update, 3, "fietsen en repareren"),
            change(2, 2, Op::Delete, 4, "koken"),
        ];
        assert!(replay_items::<Thing>(&h, "thing", at(1) - chrono::Duration::seconds(1)).is_empty());
        let day2: Vec<Thing> = replay_items(&h, "thing", at(2));
        assert_eq!(day2, vec![Thing { id: 1, text: "fietsen".into(), version: 1 }, Thing { id: 2, text: "koken".into(), version: 1 }]);
        let day5: Vec<Thing> = replay_items(&h, "thing", at(5));
        assert_eq!(day5, vec![Thing { id: 1, text: "fietsen en repareren".into(), version: 2 }]);
        assert!(replay_items::<Thing>(&h, "other", at(5)).is_empty(), "only the asked entity");
    }
}
