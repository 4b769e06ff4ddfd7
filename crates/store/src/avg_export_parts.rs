//! The AVG export's journal, evaluations and outcome parts (measurements, targets, result
//! agreements, satisfaction), each read for the whole client at once.

use crate::avg_export::{i, list, oi, os, s, TRAJ};
use crate::avg_export_model::*;
use crate::{Result, Store};
use std::collections::HashMap;

/// The outcome parts of an export.
pub(crate) type Outcomes = (Vec<ExportMeasurement>, Vec<ExportDomainTarget>, Vec<ExportResultAgreement>, Vec<ExportSatisfaction>);

impl Store {
    /// Journal entries with the goals they touch: two queries.
    pub(crate) async fn export_journal(&self, id: i64) -> Result<Vec<ExportJournalEntry>> {
        let mut goals: HashMap<i64, Vec<i64>> = HashMap::new();
        for r in self
            .avg_rows("SELECT jg.entry_id, jg.goal_id FROM journal_goals jg JOIN journal_entries j ON j.id = jg.entry_id WHERE j.client_id = $1 ORDER BY jg.goal_id", id)
            .await?
        {
            goals.entry(i(&r, "entry_id")?).or_default().push(i(&r, "goal_id")?);
        }
        self.avg_rows(
            "SELECT j.id, j.trajectory_id, j.contact_type, j.contact_date, j.duration_minutes, j.text, j.client_visible, COALESCE(u.name, '') AS author, j.created_at \
             FROM journal_entries j LEFT JOIN users u ON u.id = j.author_id WHERE j.client_id = $1 ORDER BY j.contact_date, j.id",
            id,
        )
        .await?
        .iter()
        .map(|r| {
            let eid = i(r, "id")?;
            Ok(ExportJournalEntry {
                id: eid,
                trajectory_id: oi(r, "trajectory_id")?,
                contact_type: s(r, "contact_type")?,
                contact_date: s(r, "contact_date")?,
                duration_minutes: i(r, "duration_minutes")?,
                text: s(r, "text")?,
                client_visible: crate::flag(r, "client_visible")?,
                author: s(r, "author")?,
                written_at: s(r, "created_at")?,
                goal_ids: goals.remove(&eid).unwrap_or_default(),
            })
        })
        .collect()
    }

    /// Evaluations with their verdicts per goal: two queries.
    pub(crate) async fn export_evaluations(&self, id: i64) -> Result<Vec<ExportEvaluation>> {
        let mut goals: HashMap<i64, Vec<ExportEvaluationGoal>> = HashMap::new();
        for r in self
            .avg_rows(
                &format!(
                    "SELECT eg.evaluation_id, eg.goal_id, eg.goal_text, eg.verdict, eg.decision, eg.note FROM evaluation_goals eg \
                     JOIN evaluations e ON e.id = eg.evaluation_id WHERE e.trajectory_id {TRAJ} ORDER BY eg.goal_id"
                ),
                id,
            )
            .await?
        {
            let g = ExportEvaluationGoal {
                goal_id: i(&r, "goal_id")?,
                goal_text: s(&r, "goal_text")?,
                verdict: s(&r, "verdict")?,
                decision: s(&r, "decision")?,
                note: s(&r, "note")?,
            };
            goals.entry(i(&r, "evaluation_id")?).or_default().push(g);
        }
        self.avg_rows(
            &format!(
                "SELECT e.id, e.trajectory_id, e.held_on, e.participants, e.notes, e.plan_snapshot, COALESCE(u.name, '') AS by_name \
                 FROM evaluations e LEFT JOIN users u ON u.id = e.created_by WHERE e.trajectory_id {TRAJ} ORDER BY e.held_on, e.id"
            ),
            id,
        )
        .await?
        .iter()
        .map(|r| {
            let eid = i(r, "id")?;
            Ok(ExportEvaluation {
                id: eid,
                trajectory_id: i(r, "trajectory_id")?,
                held_on: s(r, "held_on")?,
                participants: s(r, "participants")?,
                notes: s(r, "notes")?,
                recorded_by: s(r, "by_name")?,
                goals: goals.remove(&eid).unwrap_or_default(),
                plan_at_evaluation: serde_json::from_str(&s(r, "plan_snapshot")?).unwrap_or(serde_json::Value::Null),
            })
        })
        .collect()
    }

    /// Measurements with scores, domain targets, result agreements, satisfaction with answers:
    /// six queries.
    pub(crate) async fn export_outcomes(&self, id: i64) -> Result<Outcomes> {
        let mut scores: HashMap<i64, Vec<ExportScore>> = HashMap::new();
        for r in self
            .avg_rows(
                "SELECT sc.measurement_id, sc.domain_code, sc.level, sc.note FROM measurement_scores sc JOIN measurements m ON m.id = sc.measurement_id \
                 WHERE m.client_id = $1 ORDER BY sc.domain_code",
                id,
            )
            .await?
        {
            let sc = ExportScore { domain: s(&r, "domain_code")?, level: oi(&r, "level")?, note: s(&r, "note")? };
            scores.entry(i(&r, "measurement_id")?).or_default().push(sc);
        }
        let measurements = self
            .avg_rows(
                "SELECT m.id, m.trajectory_id, m.instrument, m.supplements, m.rater, m.measured_on, m.moment, m.sources, COALESCE(u.name, '') AS by_name \
                 FROM measurements m LEFT JOIN users u ON u.id = m.by_user_id WHERE m.client_id = $1 ORDER BY m.measured_on, m.id",
                id,
            )
            .await?
            .iter()
            .map(|r| {
                let mid = i(r, "id")?;
                Ok(ExportMeasurement {
                    id: mid,
                    trajectory_id: i(r, "trajectory_id")?,
                    instrument: s(r, "instrument")?,
                    supplements: list(r, "supplements")?,
                    rater: s(r, "rater")?,
                    measured_on: s(r, "measured_on")?,
                    moment: s(r, "moment")?,
                    sources: list(r, "sources")?,
                    by: s(r, "by_name")?,
                    scores: scores.remove(&mid).unwrap_or_default(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let targets = self
            .avg_rows("SELECT trajectory_id, goal_id, agreement_id, domain_code, level, target_date FROM domain_targets WHERE client_id = $1 ORDER BY id", id)
            .await?
            .iter()
            .map(|r| {
                Ok(ExportDomainTarget {
                    trajectory_id: i(r, "trajectory_id")?,
                    goal_id: oi(r, "goal_id")?,
                    agreement_id: oi(r, "agreement_id")?,
                    domain: s(r, "domain_code")?,
                    level: i(r, "level")?,
                    target_date: os(r, "target_date")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let agreements = self
            .avg_rows(
                "SELECT ra.id, ra.trajectory_id, COALESCE(rq.name, '') AS requested_by, tm.name AS team, cu.name AS colleague, ra.role_code, ra.text, \
                 ra.deadline, ra.status, ra.closed_on FROM result_agreements ra LEFT JOIN users rq ON rq.id = ra.requested_by \
                 LEFT JOIN teams tm ON tm.id = ra.team_id LEFT JOIN users cu ON cu.id = ra.user_id WHERE ra.client_id = $1 ORDER BY ra.id",
                id,
            )
            .await?
            .iter()
            .map(|r| {
                Ok(ExportResultAgreement {
                    id: i(r, "id")?,
                    trajectory_id: i(r, "trajectory_id")?,
                    requested_by: s(r, "requested_by")?,
                    team: os(r, "team")?,
                    colleague: os(r, "colleague")?,
                    role: os(r, "role_code")?,
                    text: s(r, "text")?,
                    deadline: s(r, "deadline")?,
                    status: s(r, "status")?,
                    closed_on: os(r, "closed_on")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let mut answers: HashMap<i64, Vec<ExportAnswer>> = HashMap::new();
        for r in self
            .avg_rows(
                "SELECT sa.response_id, si.question, sa.answer FROM satisfaction_answers sa JOIN satisfaction_items si ON si.id = sa.item_id \
                 JOIN satisfaction_responses sr ON sr.id = sa.response_id WHERE sr.client_id = $1 ORDER BY si.position, si.id",
                id,
            )
            .await?
        {
            answers.entry(i(&r, "response_id")?).or_default().push(ExportAnswer { question: s(&r, "question")?, answer: i(&r, "answer")? });
        }
        let satisfaction = self
            .avg_rows(
                "SELECT sr.id, sr.trajectory_id, sr.answered_on, sr.moment, sr.mark, sr.remark, COALESCE(u.name, '') AS by_name \
                 FROM satisfaction_responses sr LEFT JOIN users u ON u.id = sr.by_user_id WHERE sr.client_id = $1 ORDER BY sr.answered_on, sr.id",
                id,
            )
            .await?
            .iter()
            .map(|r| {
                let rid = i(r, "id")?;
                Ok(ExportSatisfaction {
                    id: rid,
                    trajectory_id: i(r, "trajectory_id")?,
                    answered_on: s(r, "answered_on")?,
                    moment: s(r, "moment")?,
                    mark: i(r, "mark")?,
                    remark: s(r, "remark")?,
                    by: s(r, "by_name")?,
                    answers: answers.remove(&rid).unwrap_or_default(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok((measurements, targets, agreements, satisfaction))
    }
}
