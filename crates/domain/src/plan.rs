//! Actieplan: the shared work agenda of client and worker, and its history. The store keeps
//! every change as a [`PlanChange`]; the plan on any moment is the replay of the changes up to
//! that moment, so "the plan as it was" is exact by construction.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The plan as it stands at one moment.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct PlanSnapshot {
    /// Perspectief: the client's own words per area.
    pub perspective: Vec<PerspectiveItem>,
    /// Goals ordered by the client's priority, each with its actions.
    pub goals: Vec<Goal>,
}

/// The client's words on one area of the perspective.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PerspectiveItem {
    /// Database id.
    pub id: i64,
    /// Area code (see [`crate::catalogue::PerspectiveArea`]).
    pub area: String,
    /// In the client's words.
    pub text: String,
    /// Version for concurrent-edit detection.
    #[serde(default)]
    pub version: i64,
}

/// Doel: a goal in one life domain, in the client's words.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Goal {
    /// Database id.
    pub id: i64,
    /// Life-domain code.
    pub domain: String,
    /// In the client's words.
    pub text: String,
    /// The client's priority: 1 first.
    pub priority: i64,
    /// When the client wants to have reached it.
    pub target_date: Option<NaiveDate>,
    /// Goal status code.
    pub status: String,
    /// Version for concurrent-edit detection.
    #[serde(default)]
    pub version: i64,
    /// The actions under this goal (filled when a plan is assembled).
    #[serde(default)]
    pub actions: Vec<Action>,
}

/// Actie: a step towards a goal, with who does it and by when.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Action {
    /// Database id.
    pub id: i64,
    /// The goal it serves.
    pub goal_id: i64,
    /// What will be done.
    pub text: String,
    /// Owner kind code (see [`crate::catalogue::OwnerKind`]).
    pub owner_kind: String,
    /// The worker, when a worker owns it.
    pub owner_user_id: Option<i64>,
    /// The owner's name as shown (worker, network member or outside party).
    pub owner_name: String,
    /// Due date.
    pub due_date: Option<NaiveDate>,
    /// Action status code.
    pub status: String,
    /// Version for concurrent-edit detection.
    #[serde(default)]
    pub version: i64,
}

/// Which part of the plan a change touched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Entity {
    /// A perspective area.
    Perspective,
    /// A goal.
    Goal,
    /// An action.
    Action,
}

impl Entity {
    /// Stable code as stored.
    pub fn code(self) -> &'static str {
        match self {
            Entity::Perspective => "perspective",
            Entity::Goal => "goal",
            Entity::Action => "action",
        }
    }

    /// The entity for a stored code.
    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "perspective" => Some(Entity::Perspective),
            "goal" => Some(Entity::Goal),
            "action" => Some(Entity::Action),
            _ => None,
        }
    }
}

/// Whether a change created, changed or removed the item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    /// New item.
    Create,
    /// Changed item.
    Update,
    /// Removed item.
    Delete,
}

impl Op {
    /// Stable code as stored.
    pub fn code(self) -> &'static str {
        match self {
            Op::Create => "create",
            Op::Update => "update",
            Op::Delete => "delete",
        }
    }

    /// The op for a stored code.
    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "create" => Some(Op::Create),
            "update" => Some(Op::Update),
            "delete" => Some(Op::Delete),
            _ => None,
        }
    }
}

/// One kept change: the item as it was right after the change, with who and when.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PlanChange {
    /// Part of the plan.
    pub entity: Entity,
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
    /// The item after the change (for a delete: as it was before).
    pub data: serde_json::Value,
}

/// Rebuilds the plan as it stood at `as_of` from its changes (in any order).
pub fn replay(changes: &[PlanChange], as_of: DateTime<Utc>) -> PlanSnapshot {
    let mut latest: BTreeMap<(Entity, i64), &PlanChange> = BTreeMap::new();
    for c in changes.iter().filter(|c| c.at <= as_of) {
        let slot = latest.entry((c.entity, c.entity_id)).or_insert(c);
        if (c.at, c.version) >= (slot.at, slot.version) {
            *slot = c;
        }
    }
    let mut plan = PlanSnapshot::default();
    let mut actions = Vec::new();
    for c in latest.values().filter(|c| c.op != Op::Delete) {
        match c.entity {
            Entity::Perspective => {
                if let Ok(p) = serde_json::from_value::<PerspectiveItem>(c.data.clone()) {
                    plan.perspective.push(PerspectiveItem { version: c.version, ..p });
                }
            }
            Entity::Goal => {
                if let Ok(g) = serde_json::from_value::<Goal>(c.data.clone()) {
                    plan.goals.push(Goal { version: c.version, actions: Vec::new(), ..g });
                }
            }
            Entity::Action => {
                if let Ok(a) = serde_json::from_value::<Action>(c.data.clone()) {
                    actions.push(Action { version: c.version, ..a });
                }
            }
        }
    }
    assemble(plan.perspective, plan.goals, actions)
}

/// Puts goals in the client's order and hangs each action under its goal.
pub fn assemble(mut perspective: Vec<PerspectiveItem>, mut goals: Vec<Goal>, mut actions: Vec<Action>) -> PlanSnapshot {
    let area_rank = |a: &str| crate::catalogue::PerspectiveArea::CODES.iter().position(|c| *c == a).unwrap_or(99);
    perspective.sort_by_key(|p| (area_rank(&p.area), p.id));
    goals.sort_by_key(|g| (g.priority, g.id));
    actions.sort_by_key(|a| (a.due_date.is_none(), a.due_date, a.id));
    for a in actions {
        if let Some(g) = goals.iter_mut().find(|g| g.id == a.goal_id) {
            g.actions.push(a);
        }
    }
    PlanSnapshot { perspective, goals }
}

/// One line of "what changed between two moments".
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ChangeLine {
    /// When (UTC).
    pub at: DateTime<Utc>,
    /// Who, by name.
    pub by: String,
    /// Part of the plan.
    pub entity: Entity,
    /// Id of the item.
    pub entity_id: i64,
    /// Kind of change.
    pub op: Op,
    /// The item's main text after the change.
    pub text: String,
    /// Per changed field: name, value before, value after.
    pub fields: Vec<(String, String, String)>,
}

/// The changes after `from` up to and including `to`, oldest first, each with the fields it changed.
pub fn changes_between(changes: &[PlanChange], from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<ChangeLine> {
    let mut sorted: Vec<&PlanChange> = changes.iter().collect();
    sorted.sort_by_key(|c| (c.at, c.entity, c.entity_id, c.version));
    let mut previous: BTreeMap<(Entity, i64), &serde_json::Value> = BTreeMap::new();
    let mut out = Vec::new();
    for c in sorted {
        let before = previous.insert((c.entity, c.entity_id), &c.data);
        if c.at <= from || c.at > to {
            continue;
        }
        let fields = match (c.op, before) {
            (Op::Update, Some(b)) => field_changes(b, &c.data),
            _ => Vec::new(),
        };
        let text = c.data.get("text").and_then(|t| t.as_str()).unwrap_or_default().to_string();
        out.push(ChangeLine { at: c.at, by: c.by.clone(), entity: c.entity, entity_id: c.entity_id, op: c.op, text, fields });
    }
    out
}

fn field_changes(before: &serde_json::Value, after: &serde_json::Value) -> Vec<(String, String, String)> {
    let show = |v: Option<&serde_json::Value>| match v {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    let mut keys: Vec<&String> = after.as_object().map(|o| o.keys().collect()).unwrap_or_default();
    keys.retain(|k| !matches!(k.as_str(), "id" | "version" | "actions"));
    keys.into_iter()
        .filter_map(|k| {
            let (b, a) = (show(before.get(k)), show(after.get(k)));
            (b != a).then(|| (k.clone(), b, a))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(day: u32, hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, day, hour, 0, 0).unwrap()
    }

    fn goal(id: i64, text: &str, priority: i64) -> serde_json::Value {
        serde_json::json!({"id": id, "domain": "zrm_huisvesting", "text": text, "priority": priority, "target_date": null, "status": "actief"})
    }

    fn change(entity: Entity, id: i64, version: i64, op: Op, at: DateTime<Utc>, data: serde_json::Value) -> PlanChange {
        PlanChange { entity, entity_id: id, version, op, at, by: "Sanne".into(), data }
    }

    fn history() -> Vec<PlanChange> {
        vec![
            change(Entity::Goal, 1, 1, Op::Create, at(1, 10), goal(1, "Een eigen kamer", 1)),
            change(Entity::Goal, 2, 1, Op::Create, at(2, 10), goal(2, "Schulden op een rij", 2)),
            change(
                Entity::Action,
                7,
                1,
                Op::Create,
                at(2, 11),
                serde_json::json!({"id": 7, "goal_id": 1, "text": "Inschrijven bij woningnet", "owner_kind": "client", "owner_user_id": null, "owner_name": "", "due_date": "2026-03-20", "status": "open"}),
            ),
            change(Entity::Goal, 1, 2, Op::Update, at(5, 9), goal(1, "Een eigen appartement", 3)),
            change(Entity::Goal, 2, 2, Op::Delete, at(6, 9), goal(2, "Schulden op een rij", 2)),
        ]
    }

    #[test]
    fn replay_gives_the_plan_exactly_as_it_was() {
        let h = history();
        let before = replay(&h, at(1, 9));
        assert!(before.goals.is_empty());
        let day3 = replay(&h, at(3, 0));
        assert_eq!(day3.goals.iter().map(|g| g.text.as_str()).collect::<Vec<_>>(), ["Een eigen kamer", "Schulden op een rij"]);
        assert_eq!(day3.goals[0].actions.len(), 1);
        let day7 = replay(&h, at(7, 0));
        assert_eq!(day7.goals.len(), 1);
        assert_eq!(day7.goals[0].text, "Een eigen appartement");
        assert_eq!(day7.goals[0].version, 2);
    }

    #[test]
    fn replay_does_not_depend_on_the_order_changes_arrive_in() {
        let mut h = history();
        h.reverse();
        assert_eq!(replay(&h, at(7, 0)), replay(&history(), at(7, 0)));
    }

    #[test]
    fn changes_between_names_the_changed_fields() {
        let lines = changes_between(&history(), at(3, 0), at(7, 0));
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].op, Op::Update);
        assert!(lines[0].fields.contains(&("text".into(), "Een eigen kamer".into(), "Een eigen appartement".into())));
        assert!(lines[0].fields.contains(&("priority".into(), "1".into(), "3".into())));
        assert_eq!(lines[1].op, Op::Delete);
    }
}
