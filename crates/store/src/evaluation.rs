//! Evaluaties: looking back with the client, a verdict and decision per goal, and a snapshot of
//! the plan as it stood.

use crate::changes::{json, Change};
use crate::plan_rows::{goal_from, GOAL_COLS};
use crate::{ClientScope, Result, Store, StoreError};
use regie_domain::catalogue::{Decision, GoalStatus, Verdict};
use regie_domain::plan::Op;
use regie_domain::record::{Evaluation, EvaluationGoal};
use regie_domain::FieldErrors;
use sqlx::any::AnyRow;
use sqlx::Row;

/// Input for one goal at an evaluation.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct EvaluationGoalInput {
    /// The goal (must belong to the trajectory).
    pub goal_id: i64,
    /// Verdict code.
    pub verdict: String,
    /// Decision code.
    pub decision: String,
    /// Remark.
    #[serde(default)]
    pub note: String,
}

/// Input for an evaluation.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct EvaluationInput {
    /// `JJJJ-MM-DD`, not in the future.
    pub held_on: String,
    /// Who took part.
    pub participants: String,
    /// Summary.
    #[serde(default)]
    pub notes: String,
    /// Per goal.
    #[serde(default)]
    pub goals: Vec<EvaluationGoalInput>,
}

/// The ids of a trajectory's evaluations, newest first, at most `$3`: `$1` trajectory, `$2` client.
const LATEST: &str = "SELECT e.id FROM evaluations e JOIN trajectories t ON t.id = e.trajectory_id \
     WHERE e.trajectory_id = $1 AND t.client_id = $2 ORDER BY e.held_on DESC, e.id DESC LIMIT $3";

fn evaluation_from(r: &AnyRow) -> Result<Evaluation> {
    let snapshot: String = r.try_get("plan_snapshot")?;
    Ok(Evaluation {
        id: r.try_get("id")?,
        held_on: crate::date(r, "held_on")?,
        participants: r.try_get("participants")?,
        notes: r.try_get("notes")?,
        goals: Vec::new(),
        plan: serde_json::from_str(&snapshot).map_err(|e| StoreError::Corrupt(format!("plan_snapshot: {e}")))?,
        created_by_name: r.try_get::<Option<String>, _>("created_by_name")?.unwrap_or_default(),
    })
}

fn evaluation_goal_from(r: &AnyRow) -> Result<EvaluationGoal> {
    Ok(EvaluationGoal {
        goal_id: r.try_get("goal_id")?,
        goal_text: r.try_get("goal_text")?,
        verdict: r.try_get("verdict")?,
        decision: r.try_get("decision")?,
        note: r.try_get("note")?,
    })
}

impl Store {
    /// Evaluations of a trajectory, newest first.
    pub async fn evaluations(&self, scope: &ClientScope, trajectory_id: i64) -> Result<Vec<Evaluation>> {
        self.latest_evaluations(scope, trajectory_id, i64::MAX).await
    }

    /// The latest `limit` evaluations of a trajectory with their goals, newest first (two
    /// queries); not found when the trajectory is not the client's.
    pub(crate) async fn latest_evaluations(&self, scope: &ClientScope, trajectory_id: i64, limit: i64) -> Result<Vec<Evaluation>> {
        // Starts from the trajectory so that one query also tells whether it is the client's.
        let evaluations = sqlx::query(
            "SELECT t.id AS tid, e.id, e.held_on, e.participants, e.notes, e.plan_snapshot, u.name AS created_by_name \
             FROM trajectories t LEFT JOIN evaluations e ON e.trajectory_id = t.id LEFT JOIN users u ON u.id = e.created_by \
             WHERE t.id = $1 AND t.client_id = $2 ORDER BY e.held_on DESC, e.id DESC LIMIT $3",
        )
        .bind(trajectory_id)
        .bind(scope.client_id)
        .bind(limit)
        .fetch_all(self.r());
        let goals_sql = format!(
            "SELECT eg.evaluation_id, eg.goal_id, eg.goal_text, eg.verdict, eg.decision, eg.note FROM evaluation_goals eg \
             WHERE eg.evaluation_id IN ({LATEST}) ORDER BY eg.evaluation_id, eg.goal_id"
        );
        let goals = sqlx::query(&goals_sql).bind(trajectory_id).bind(scope.client_id).bind(limit).fetch_all(self.r());
        let (rows, goals) = tokio::try_join!(evaluations, goals)?;
        if rows.is_empty() {
            return Err(StoreError::NotFound);
        }
        let mut out = Vec::new();
        for r in &rows {
            if r.try_get::<Option<i64>, _>("id")?.is_some() {
                out.push(evaluation_from(r)?);
            }
        }
        for r in &goals {
            let evaluation_id: i64 = r.try_get("evaluation_id")?;
            if let Some(ev) = out.iter_mut().find(|e| e.id == evaluation_id) {
                ev.goals.push(evaluation_goal_from(r)?);
            }
        }
        // Goals in the order the client gave them in the plan of that day (goals missing from it last).
        for ev in &mut out {
            let plan = &ev.plan;
            let rank = |goal_id: i64| plan.goals.iter().position(|g| g.id == goal_id).unwrap_or(usize::MAX);
            let mut goals = std::mem::take(&mut ev.goals);
            goals.sort_by_key(|g| (rank(g.goal_id), g.goal_id));
            ev.goals = goals;
        }
        Ok(out)
    }

    /// Records an evaluation: snapshots the plan, applies each decision (a goal decided
    /// "afsluiten" is closed, as a kept plan change) and plans the next evaluation.
    pub async fn record_evaluation(&self, scope: &ClientScope, trajectory_id: i64, input: &EvaluationInput, today: chrono::NaiveDate) -> Result<Evaluation> {
        let mut e = FieldErrors::default();
        let held_on = e.past_date("held_on", Some(&input.held_on), today);
        let participants = e.text("participants", &input.participants, 1000);
        let notes = e.opt_text("notes", Some(&input.notes), 10_000).unwrap_or_default();
        let mut seen = Vec::new();
        let mut checked = Vec::new();
        for g in &input.goals {
            if seen.contains(&g.goal_id) {
                e.add("goals", "Elk doel kan maar één keer worden beoordeeld.");
            }
            seen.push(g.goal_id);
            let verdict = e.one_of(&format!("verdict_{}", g.goal_id), &g.verdict, Verdict::CODES);
            let decision = e.one_of(&format!("decision_{}", g.goal_id), &g.decision, Decision::CODES);
            let note = e.opt_text(&format!("note_{}", g.goal_id), Some(&g.note), 2000).unwrap_or_default();
            checked.push((g.goal_id, verdict.unwrap_or_default(), decision.unwrap_or_default(), note));
        }

        let mut tx = self.begin().await?;
        self.tick(1);
        let row = sqlx::query(
            "SELECT t.status, m.evaluation_interval_days FROM trajectories t JOIN phase_models m ON m.id = t.model_id \
             WHERE t.id = $1 AND t.client_id = $2",
        )
        .bind(trajectory_id)
        .bind(scope.client_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let status: String = row.try_get("status")?;
        let interval: i64 = row.try_get("evaluation_interval_days")?;
        if status != "actief" {
            return Err(StoreError::field("trajectory", "Dit traject is afgesloten. Er kan geen evaluatie meer bij."));
        }
        // The plan as it stands before any decision is applied.
        let snapshot = self.load_plan(&mut tx, scope.client_id, trajectory_id).await?.ok_or(StoreError::NotFound)?;
        if checked.iter().any(|(id, ..)| !snapshot.goals.iter().any(|g| g.id == *id)) {
            e.add("goals", "Kies alleen doelen uit het plan van dit traject.");
        }
        e.finish()?;
        let held_on = held_on.ok_or_else(|| StoreError::field("held_on", "Vul een datum in."))?;

        self.tick(2);
        let created_by_name: String = sqlx::query("SELECT name FROM users WHERE id = $1").bind(scope.user_id).fetch_one(&mut *tx).await?.try_get(0)?;
        let snapshot_json = json(&snapshot).to_string();
        let id: i64 = sqlx::query(
            "INSERT INTO evaluations (trajectory_id, held_on, participants, notes, plan_snapshot, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(trajectory_id)
        .bind(crate::time::day(held_on))
        .bind(&participants)
        .bind(&notes)
        .bind(&snapshot_json)
        .bind(scope.user_id)
        .bind(crate::now())
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)?;

        let goals: Vec<EvaluationGoal> = checked
            .into_iter()
            .map(|(goal_id, verdict, decision, note)| EvaluationGoal {
                goal_id,
                goal_text: snapshot.goals.iter().find(|g| g.id == goal_id).map(|g| g.text.clone()).unwrap_or_default(),
                verdict: verdict.to_string(),
                decision: decision.to_string(),
                note,
            })
            .collect();
        if !goals.is_empty() {
            self.tick(1);
            let sql = format!(
                "INSERT INTO evaluation_goals (evaluation_id, goal_id, goal_text, verdict, decision, note) VALUES {}",
                crate::sql::rows(1, goals.len(), 6)
            );
            let mut q = sqlx::query(&sql);
            for g in &goals {
                q = q.bind(id).bind(g.goal_id).bind(&g.goal_text).bind(&g.verdict).bind(&g.decision).bind(&g.note);
            }
            q.execute(&mut *tx).await?;
        }

        // "Afsluiten" closes the goal: achieved when the verdict says so, otherwise closed.
        for g in goals.iter().filter(|g| g.decision == Decision::Close.code()) {
            let new_status = if g.verdict == Verdict::Achieved.code() { GoalStatus::Achieved } else { GoalStatus::Closed };
            if snapshot.goals.iter().any(|s| s.id == g.goal_id && s.status == new_status.code()) {
                continue;
            }
            self.tick(1);
            let row = sqlx::query(&format!("UPDATE goals SET status = $1, version = version + 1 WHERE id = $2 AND trajectory_id = $3 RETURNING {GOAL_COLS}"))
                .bind(new_status.code())
                .bind(g.goal_id)
                .bind(trajectory_id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::NotFound)?;
            let goal = goal_from(&row)?;
            self.write_goal_change(&mut tx, scope, trajectory_id, &goal, Op::Update).await?;
        }

        // The next evaluation follows the latest one held (an evaluation entered late does not
        // pull the planning back).
        self.tick(2);
        let latest: String = sqlx::query("SELECT MAX(held_on) FROM evaluations WHERE trajectory_id = $1")
            .bind(trajectory_id)
            .fetch_one(&mut *tx)
            .await?
            .try_get(0)?;
        let latest = chrono::NaiveDate::parse_from_str(&latest, "%Y-%m-%d").map_err(|e| StoreError::Corrupt(format!("held_on: {e}")))?;
        let next = latest + chrono::Duration::days(interval);
        sqlx::query("UPDATE trajectories SET next_evaluation_on = $1 WHERE id = $2 AND client_id = $3")
            .bind(crate::time::day(next))
            .bind(trajectory_id)
            .bind(scope.client_id)
            .execute(&mut *tx)
            .await?;

        let evaluation = Evaluation { id, held_on, participants, notes, goals, plan: snapshot, created_by_name };
        let mut data = json(&evaluation);
        if let Some(o) = data.as_object_mut() {
            o.insert("next_evaluation_on".into(), serde_json::Value::String(crate::time::day(next)));
        }
        let change = Change { trajectory_id: Some(trajectory_id), entity: "evaluation", entity_id: id, version: 1, op: "create", data };
        self.write_change(&mut tx, scope, change).await?;
        tx.commit().await?;
        Ok(evaluation)
    }
}
