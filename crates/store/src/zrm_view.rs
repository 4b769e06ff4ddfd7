//! What the ZRM pictures read (a trajectory's measurements and its domain targets, in a fixed
//! number of queries) and the one write path for a goal's target level.

use crate::changes::{json, Change};
use crate::{ClientScope, Result, Store, StoreError};
use chrono::NaiveDate;
use regie_domain::instrument::Measurement;
use regie_domain::plan::Op;
use regie_domain::zrm_view::{DomainTarget, MAX_LEVEL};
use regie_domain::FieldErrors;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// Entity code of a domain target in the change log.
pub const ENTITY_DOMAIN_TARGET: &str = "domain_target";

/// A trajectory's measurements (oldest first) and every domain target in it, carried by goals
/// and by result agreements.
#[derive(Debug, Clone, Default)]
pub struct ZrmOverview {
    /// Worker's and client's measurements, oldest first.
    pub measurements: Vec<Measurement>,
    /// Targets, by domain then id; `label` holds the goal's or agreement's text.
    pub targets: Vec<DomainTarget>,
}

/// A goal's target level as typed in the form.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct GoalTargetInput {
    /// 1–5; empty clears the target.
    pub level: String,
    /// `JJJJ-MM-DD`, may be empty.
    pub target_date: String,
}

const TARGET_COLS: &str = "t.id, t.trajectory_id, t.goal_id, t.agreement_id, t.domain_code, t.level, t.target_date, t.version";

fn target_from(r: &AnyRow) -> Result<DomainTarget> {
    Ok(DomainTarget {
        id: r.try_get("id")?,
        trajectory_id: r.try_get("trajectory_id")?,
        goal_id: r.try_get("goal_id")?,
        agreement_id: r.try_get("agreement_id")?,
        domain_code: r.try_get("domain_code")?,
        level: r.try_get("level")?,
        target_date: crate::opt_date(r, "target_date")?,
        version: r.try_get("version")?,
        label: String::new(),
    })
}

/// The goal a target is set on: its trajectory, ZRM domain, and the trajectory's start.
struct TargetGoal {
    trajectory_id: i64,
    zrm_code: Option<String>,
    started_on: NaiveDate,
    active: bool,
}

/// A target as the refusal of a stale edit shows it: only what the user sees.
fn shown(t: &DomainTarget) -> serde_json::Value {
    serde_json::json!({ "level": t.level, "target_date": t.target_date.map(crate::time::day) })
}

impl Store {
    /// The measurements and domain targets of one of the client's trajectories: H1's
    /// [`Store::measurements`] (two queries) and one query for the targets.
    pub async fn zrm_overview(&self, scope: &ClientScope, trajectory_id: i64) -> Result<ZrmOverview> {
        let measurements = self.measurements(scope, trajectory_id).await?;
        let rows = sqlx::query(&format!(
            "SELECT {TARGET_COLS}, g.text AS goal_text, a.text AS agreement_text FROM domain_targets t \
             LEFT JOIN goals g ON g.id = t.goal_id LEFT JOIN result_agreements a ON a.id = t.agreement_id \
             WHERE t.client_id = $1 AND t.trajectory_id = $2 ORDER BY t.domain_code, t.id"
        ))
        .bind(scope.client_id)
        .bind(trajectory_id)
        .fetch_all(self.r())
        .await?;
        let targets = rows
            .iter()
            .map(|r| {
                let mut t = target_from(r)?;
                let goal: Option<String> = r.try_get("goal_text")?;
                let agreement: Option<String> = r.try_get("agreement_text")?;
                t.label = goal.or(agreement).unwrap_or_default();
                Ok(t)
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(ZrmOverview { measurements, targets })
    }

    /// Sets, changes or clears (empty level) the target level of one of the client's goals, on
    /// the ZRM domain its life domain maps onto. `version` is that of the target the user saw
    /// (`None` when the goal had none). The date may lie in the future but not before the
    /// trajectory's start. A stale version is refused with the target as it is now.
    pub async fn set_goal_target(&self, scope: &ClientScope, goal_id: i64, input: &GoalTargetInput, version: Option<i64>) -> Result<Option<DomainTarget>> {
        let mut e = FieldErrors::default();
        let level = match input.level.trim() {
            "" => None,
            v => e.int_in("level", v, 1, MAX_LEVEL),
        };
        let clear = input.level.trim().is_empty();
        let target_date = e.opt_date("target_date", Some(&input.target_date));
        let mut tx = self.begin().await?;
        let goal = self.target_goal(&mut tx, scope, goal_id).await?.ok_or(StoreError::NotFound)?;
        if !goal.active {
            return Err(StoreError::field("level", "Dit traject is afgesloten; de doelen liggen vast."));
        }
        let Some(domain) = goal.zrm_code.clone() else {
            return Err(StoreError::field("level", "Dit leefgebied hoort bij geen ZRM-domein, dus een streefniveau kan hier niet."));
        };
        if let Some(d) = target_date {
            if d < goal.started_on {
                e.add("target_date", "Deze datum ligt voor de start van het traject.");
            }
        }
        e.finish()?;
        let row = match (version, clear) {
            (None, true) => {
                // Nothing to clear; only refuse when a target appeared meanwhile.
                return match self.goal_target(&mut tx, scope, goal_id).await? {
                    Some(now) => Err(StoreError::Conflict { current: shown(&now) }),
                    None => Ok(None),
                };
            }
            (None, false) => {
                let exists = self.goal_target(&mut tx, scope, goal_id).await?;
                if let Some(now) = exists {
                    return Err(StoreError::Conflict { current: shown(&now) });
                }
                self.tick(1);
                sqlx::query(&format!(
                    "INSERT INTO domain_targets (client_id, trajectory_id, goal_id, agreement_id, domain_code, level, target_date, version) \
                     VALUES ($1, $2, $3, NULL, $4, $5, $6, 1) RETURNING {}",
                    TARGET_COLS.replace("t.", "")
                ))
                .bind(scope.client_id)
                .bind(goal.trajectory_id)
                .bind(goal_id)
                .bind(&domain)
                .bind(level)
                .bind(target_date.map(crate::time::day))
                .fetch_optional(&mut *tx)
                .await?
                .map(|r| (r, Op::Create))
            }
            (Some(v), true) => self.counted(sqlx::query(&format!(
                "DELETE FROM domain_targets WHERE goal_id = $1 AND client_id = $2 AND version = $3 RETURNING {}",
                TARGET_COLS.replace("t.", "")
            ))
            .bind(goal_id)
            .bind(scope.client_id)
            .bind(v)
            .fetch_optional(&mut *tx)
            .await?
            .map(|r| (r, Op::Delete))),
            (Some(v), false) => self.counted(sqlx::query(&format!(
                "UPDATE domain_targets SET level = $1, target_date = $2, domain_code = $3, version = version + 1 \
                 WHERE goal_id = $4 AND client_id = $5 AND version = $6 RETURNING {}",
                TARGET_COLS.replace("t.", "")
            ))
            .bind(level)
            .bind(target_date.map(crate::time::day))
            .bind(&domain)
            .bind(goal_id)
            .bind(scope.client_id)
            .bind(v)
            .fetch_optional(&mut *tx)
            .await?
            .map(|r| (r, Op::Update))),
        };
        let Some((row, op)) = row else {
            return Err(match self.goal_target(&mut tx, scope, goal_id).await? {
                Some(now) => StoreError::Conflict { current: shown(&now) },
                None => StoreError::Conflict { current: serde_json::json!({ "level": null }) },
            });
        };
        let mut target = target_from(&row)?;
        if op == Op::Delete {
            // A removal is recorded one version on, so a replay sees it as the latest change.
            target.version += 1;
        }
        let change = Change { trajectory_id: Some(goal.trajectory_id), entity: ENTITY_DOMAIN_TARGET, entity_id: target.id, version: target.version, op: op.code(), data: json(&target) };
        self.write_change(&mut tx, scope, change).await?;
        tx.commit().await?;
        Ok((op != Op::Delete).then_some(target))
    }

    /// The kept changes of the client's domain targets (goal- and agreement-carried), oldest first.
    pub async fn domain_target_history(&self, scope: &ClientScope) -> Result<Vec<regie_domain::history::RecordChange>> {
        self.record_history(scope, &[ENTITY_DOMAIN_TARGET], None).await
    }

    /// Counts the one statement that produced `v` (inside a transaction).
    fn counted<T>(&self, v: T) -> T {
        self.tick(1);
        v
    }

    async fn target_goal(&self, conn: &mut AnyConnection, scope: &ClientScope, goal_id: i64) -> Result<Option<TargetGoal>> {
        self.tick(1);
        let row = sqlx::query(
            "SELECT g.trajectory_id, l.zrm_code, t.started_on, t.status FROM goals g JOIN trajectories t ON t.id = g.trajectory_id \
             JOIN life_domains l ON l.code = g.domain_code WHERE g.id = $1 AND t.client_id = $2",
        )
        .bind(goal_id)
        .bind(scope.client_id)
        .fetch_optional(conn)
        .await?;
        row.map(|r| {
            let status: String = r.try_get("status")?;
            Ok(TargetGoal { trajectory_id: r.try_get("trajectory_id")?, zrm_code: r.try_get("zrm_code")?, started_on: crate::date(&r, "started_on")?, active: status == "actief" })
        })
        .transpose()
    }

    async fn goal_target(&self, conn: &mut AnyConnection, scope: &ClientScope, goal_id: i64) -> Result<Option<DomainTarget>> {
        self.tick(1);
        let row = sqlx::query(&format!("SELECT {TARGET_COLS} FROM domain_targets t WHERE t.goal_id = $1 AND t.client_id = $2 ORDER BY t.id LIMIT 1"))
            .bind(goal_id)
            .bind(scope.client_id)
            .fetch_optional(conn)
            .await?;
        row.as_ref().map(target_from).transpose()
    }
}
