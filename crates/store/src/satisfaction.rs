//! Client satisfaction: the questionnaire (`satisfaction_items`, edited by functioneel beheer)
//! and the responses recorded with the client at an evaluation or at the end of a trajectory.
//!
//! The report mark 1–10 is fixed; the items are data. Changing an item's wording or topic
//! deactivates the old row and inserts a new one, so every answer keeps the question it was
//! given to; removing an item only deactivates it. Answers are 1 nooit … 4 altijd and optional
//! per item. Each response is kept in `changes` (entity `satisfaction`).

use crate::changes::Change;
use crate::{ClientScope, Result, Store, StoreError};
use chrono::NaiveDate;
use regie_domain::record::User;
use regie_domain::results::{check_answer, check_mark, Answer, SatisfactionMoment, SatisfactionTopic, ENTITY_SATISFACTION, MAX_QUESTION, MAX_REMARK};
use regie_domain::FieldErrors;
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::Row;

/// One question of the satisfaction questionnaire.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SatisfactionItem {
    /// Database id (a changed question gets a new one).
    pub id: i64,
    /// Topic code (`SatisfactionTopic`).
    pub topic: String,
    /// The question as asked.
    pub question: String,
    /// Order on the form.
    pub position: i64,
    /// Still asked.
    pub active: bool,
}

/// Functioneel beheer's change to one item: `id` None adds one (ignored when the question is
/// blank); `remove` stops asking it.
#[derive(Debug, Clone, Default)]
pub struct ItemEdit {
    /// The item changed, or none for a new one.
    pub id: Option<i64>,
    /// Topic code.
    pub topic: String,
    /// The question.
    pub question: String,
    /// Position (a whole number 1–99).
    pub position: String,
    /// Stop asking it.
    pub remove: bool,
}

/// A satisfaction response to record, as sent.
#[derive(Debug, Clone, Default)]
pub struct SatisfactionInput {
    /// Date `JJJJ-MM-DD`: not in the future, not before the trajectory started.
    pub answered_on: String,
    /// `evaluatie` or `einde`.
    pub moment: String,
    /// Report mark 1–10 (required).
    pub mark: String,
    /// The client's own words (optional).
    pub remark: String,
    /// The evaluation it was asked at (of the same trajectory), if any.
    pub evaluation_id: Option<i64>,
    /// (item id, answer: 1–4 or nooit/soms/meestal/altijd; empty = not answered).
    pub answers: Vec<(i64, String)>,
}

/// One answer with the question as it was asked.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SatisfactionAnswer {
    /// The item (row) answered.
    pub item_id: i64,
    /// Topic code.
    pub topic: String,
    /// The question as it was asked then.
    pub question: String,
    /// 1 nooit … 4 altijd.
    pub answer: i64,
    /// The answer's code (nooit, soms, meestal, altijd).
    pub answer_code: String,
}

/// A recorded satisfaction response.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SatisfactionResponse {
    /// Database id.
    pub id: i64,
    /// The trajectory.
    pub trajectory_id: i64,
    /// The evaluation it was asked at, if any.
    pub evaluation_id: Option<i64>,
    /// Date.
    pub answered_on: NaiveDate,
    /// `evaluatie` or `einde`.
    pub moment: String,
    /// Report mark 1–10.
    pub mark: i64,
    /// The client's remark.
    pub remark: String,
    /// Who recorded it.
    pub by_name: String,
    /// Answers per item, in questionnaire order.
    pub answers: Vec<SatisfactionAnswer>,
}

impl Store {
    /// The questionnaire: the active items in order (or every row ever, with `all`).
    pub async fn satisfaction_items(&self, all: bool) -> Result<Vec<SatisfactionItem>> {
        let filter = if all { "" } else { " WHERE active = TRUE" };
        let sql = format!("SELECT id, topic, question, position, active FROM satisfaction_items{filter} ORDER BY position, id");
        sqlx::query(&sql).fetch_all(self.r()).await?.iter().map(item_from).collect()
    }

    /// Functioneel beheer changes the questionnaire; refused whole when an edit is wrong.
    pub async fn save_satisfaction_items(&self, by: &User, edits: &[ItemEdit]) -> Result<Vec<SatisfactionItem>> {
        if !by.admin {
            return Err(StoreError::Forbidden);
        }
        let current = self.satisfaction_items(false).await?;
        let mut e = FieldErrors::default();
        let mut plan: Vec<(Option<&SatisfactionItem>, &ItemEdit, i64)> = Vec::new();
        for (i, edit) in edits.iter().enumerate() {
            let old = match edit.id {
                Some(id) => match current.iter().find(|c| c.id == id) {
                    Some(c) => Some(c),
                    None => {
                        e.add(&format!("item{i}"), "Deze vraag wordt niet meer gesteld. Laad de pagina opnieuw.");
                        continue;
                    }
                },
                None if edit.question.trim().is_empty() => continue,
                None => None,
            };
            if edit.remove {
                plan.push((old, edit, 0));
                continue;
            }
            e.text(&format!("item{i}"), &edit.question, MAX_QUESTION);
            if SatisfactionTopic::parse(edit.topic.trim()).is_none() {
                e.add(&format!("item{i}"), "Kies een onderwerp uit de lijst.");
            }
            let position = e.int_in(&format!("item{i}"), &edit.position, 1, 99).unwrap_or(0);
            plan.push((old, edit, position));
        }
        e.finish()?;
        let now = crate::now();
        let mut tx = self.begin().await?;
        for (old, edit, position) in plan {
            let (question, topic) = (edit.question.trim(), edit.topic.trim());
            let reworded = old.is_none_or(|o| o.question != question || o.topic != topic);
            if let Some(o) = old {
                if edit.remove || reworded {
                    self.tick(1);
                    sqlx::query("UPDATE satisfaction_items SET active = FALSE WHERE id = $1").bind(o.id).execute(&mut *tx).await?;
                } else if o.position != position {
                    self.tick(1);
                    sqlx::query("UPDATE satisfaction_items SET position = $1 WHERE id = $2").bind(position).bind(o.id).execute(&mut *tx).await?;
                }
            }
            if !edit.remove && reworded {
                self.tick(1);
                sqlx::query("INSERT INTO satisfaction_items (topic, question, position, active, created_at) VALUES ($1, $2, $3, TRUE, $4)")
                    .bind(topic)
                    .bind(question)
                    .bind(position)
                    .bind(&now)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        tx.commit().await?;
        self.satisfaction_items(false).await
    }

    /// The trajectory a satisfaction response is recorded for: the client's active trajectory,
    /// or else the latest one.
    pub async fn satisfaction_trajectory(&self, scope: &ClientScope) -> Result<Option<regie_domain::record::Trajectory>> {
        self.current_trajectory(scope).await
    }

    /// The evaluations of a trajectory to link a response to: (id, date), newest first.
    pub async fn evaluation_dates(&self, scope: &ClientScope, trajectory_id: i64) -> Result<Vec<(i64, NaiveDate)>> {
        let rows = sqlx::query(
            "SELECT e.id, e.held_on FROM evaluations e JOIN trajectories t ON t.id = e.trajectory_id \
             WHERE e.trajectory_id = $1 AND t.client_id = $2 ORDER BY e.held_on DESC, e.id DESC",
        )
        .bind(trajectory_id)
        .bind(scope.client_id)
        .fetch_all(self.r())
        .await?;
        rows.iter().map(|r| Ok((r.try_get("id")?, crate::date(r, "held_on")?))).collect()
    }

    /// Records a satisfaction response for one of the client's trajectories (active or closed).
    /// Refused whole when the mark, an answer, the date, the moment or the evaluation is wrong.
    pub async fn record_satisfaction(&self, scope: &ClientScope, trajectory_id: i64, input: &SatisfactionInput, today: NaiveDate) -> Result<SatisfactionResponse> {
        let started = sqlx::query("SELECT started_on FROM trajectories WHERE id = $1 AND client_id = $2")
            .bind(trajectory_id)
            .bind(scope.client_id)
            .fetch_optional(self.r())
            .await?
            .ok_or(StoreError::NotFound)?;
        let started = crate::date(&started, "started_on")?;
        let items = self.satisfaction_items(false).await?;
        let mut e = FieldErrors::default();
        let mark = check_mark(&mut e, "mark", &input.mark);
        if let Some(d) = e.past_date("answered_on", Some(&input.answered_on), today) {
            if d < started {
                e.add("answered_on", "Deze datum ligt vóór de start van het traject.");
            }
        }
        let moment = SatisfactionMoment::parse(input.moment.trim());
        if moment.is_none() {
            e.add("moment", "Kies of dit bij een evaluatie of aan het einde is.");
        }
        let remark = e.opt_text("remark", Some(&input.remark), MAX_REMARK).unwrap_or_default();
        let mut answers: Vec<(i64, i64)> = Vec::new();
        for (item_id, value) in &input.answers {
            if !items.iter().any(|i| i.id == *item_id) {
                e.add("answers", "Een van de vragen wordt niet meer gesteld. Laad het formulier opnieuw.");
                continue;
            }
            if let Some(v) = check_answer(&mut e, "answers", value) {
                if !answers.iter().any(|(i, _)| i == item_id) {
                    answers.push((*item_id, v));
                }
            }
        }
        if let Some(eid) = input.evaluation_id {
            if !self.evaluation_dates(scope, trajectory_id).await?.iter().any(|(id, _)| *id == eid) {
                e.add("evaluation_id", "Kies een evaluatie van dit traject.");
            }
        }
        e.finish()?;
        let (mark, moment) = match (mark, moment) {
            (Some(m), Some(mo)) => (m, mo),
            _ => return Err(StoreError::Corrupt("checked response without mark".into())),
        };
        let mut tx = self.begin().await?;
        self.tick(1);
        let id: i64 = sqlx::query(
            "INSERT INTO satisfaction_responses (client_id, trajectory_id, evaluation_id, answered_on, moment, mark, remark, by_user_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(scope.client_id)
        .bind(trajectory_id)
        .bind(input.evaluation_id)
        .bind(input.answered_on.trim())
        .bind(moment.code())
        .bind(mark)
        .bind(&remark)
        .bind(scope.user_id)
        .bind(crate::now())
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)?;
        if !answers.is_empty() {
            self.tick(1);
            let sql = format!("INSERT INTO satisfaction_answers (response_id, item_id, answer) VALUES {}", crate::sql::rows(1, answers.len(), 3));
            let mut q = sqlx::query(&sql);
            for (item, answer) in &answers {
                q = q.bind(id).bind(*item).bind(*answer);
            }
            q.execute(&mut *tx).await?;
        }
        let data = serde_json::json!({
            "trajectory_id": trajectory_id, "evaluation_id": input.evaluation_id, "answered_on": input.answered_on.trim(),
            "moment": moment.code(), "mark": mark, "remark": remark,
            "answers": answers.iter().map(|(i, a)| serde_json::json!({ "item_id": i, "answer": a })).collect::<Vec<_>>(),
        });
        let change = Change { trajectory_id: Some(trajectory_id), entity: ENTITY_SATISFACTION, entity_id: id, version: 1, op: "create", data };
        self.write_change(&mut tx, scope, change).await?;
        tx.commit().await?;
        self.satisfaction_responses(scope, Some(trajectory_id)).await?.into_iter().find(|r| r.id == id).ok_or(StoreError::NotFound)
    }

    /// The client's satisfaction responses (of one trajectory, or all), newest first, each with
    /// its answers and the questions as they were asked. Two queries.
    pub async fn satisfaction_responses(&self, scope: &ClientScope, trajectory_id: Option<i64>) -> Result<Vec<SatisfactionResponse>> {
        let by_traj = if trajectory_id.is_some() { " AND s.trajectory_id = $2" } else { "" };
        let sql = format!(
            "SELECT s.id, s.trajectory_id, s.evaluation_id, s.answered_on, s.moment, s.mark, s.remark, u.name AS by_name \
             FROM satisfaction_responses s JOIN users u ON u.id = s.by_user_id WHERE s.client_id = $1{by_traj} \
             ORDER BY s.answered_on DESC, s.id DESC"
        );
        let mut q = sqlx::query(&sql).bind(scope.client_id);
        if let Some(t) = trajectory_id {
            q = q.bind(t);
        }
        let mut responses = q.fetch_all(self.r()).await?.iter().map(response_from).collect::<Result<Vec<_>>>()?;
        if responses.is_empty() {
            return Ok(responses);
        }
        let sql = format!(
            "SELECT a.response_id, a.item_id, a.answer, i.topic, i.question FROM satisfaction_answers a \
             JOIN satisfaction_responses s ON s.id = a.response_id JOIN satisfaction_items i ON i.id = a.item_id \
             WHERE s.client_id = $1{by_traj} ORDER BY i.position, i.id"
        );
        let mut q = sqlx::query(&sql).bind(scope.client_id);
        if let Some(t) = trajectory_id {
            q = q.bind(t);
        }
        for r in q.fetch_all(self.r()).await? {
            let response_id: i64 = r.try_get("response_id")?;
            let answer: i64 = r.try_get("answer")?;
            if let Some(resp) = responses.iter_mut().find(|x| x.id == response_id) {
                resp.answers.push(SatisfactionAnswer {
                    item_id: r.try_get("item_id")?,
                    topic: r.try_get("topic")?,
                    question: r.try_get("question")?,
                    answer,
                    answer_code: Answer::from_value(answer).map(|a| a.code()).unwrap_or("").to_string(),
                });
            }
        }
        Ok(responses)
    }
}

fn item_from(r: &AnyRow) -> Result<SatisfactionItem> {
    Ok(SatisfactionItem {
        id: r.try_get("id")?,
        topic: r.try_get("topic")?,
        question: r.try_get("question")?,
        position: r.try_get("position")?,
        active: crate::flag(r, "active")?,
    })
}

fn response_from(r: &AnyRow) -> Result<SatisfactionResponse> {
    Ok(SatisfactionResponse {
        id: r.try_get("id")?,
        trajectory_id: r.try_get("trajectory_id")?,
        evaluation_id: r.try_get("evaluation_id")?,
        answered_on: crate::date(r, "answered_on")?,
        moment: r.try_get("moment")?,
        mark: r.try_get("mark")?,
        remark: r.try_get("remark")?,
        by_name: r.try_get("by_name")?,
        answers: Vec::new(),
    })
}
