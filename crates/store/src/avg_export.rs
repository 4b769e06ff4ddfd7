//! The AVG export of one client (inzage / dataportabiliteit): everything Regie holds about the
//! client in one structure ([`ClientExport`], documented in docs/avg-export.md), read in a fixed
//! number of queries whatever the size of the record.
//!
//! Who may export: the trajectbegeleider of one of the client's trajectories (care relation),
//! the teamleider of the client's team and organisation-wide roles. Other workers with a care
//! relation, emergency access and functioneel beheer are refused. Every attempt is logged with
//! action `export`, object `avg-export`.

use crate::access::basis_for;
use crate::avg_export_model::*;
use crate::{Actor, ClientScope, Result, Store, StoreError};
use regie_domain::catalogue::{AccessBasis, AuditAction};
use sqlx::any::AnyRow;
use sqlx::Row;
use std::collections::HashMap;

/// The audit object of an export.
pub const EXPORT_OBJECT: &str = "avg-export";

pub(super) fn s(r: &AnyRow, c: &str) -> Result<String> {
    Ok(r.try_get(c)?)
}
pub(super) fn os(r: &AnyRow, c: &str) -> Result<Option<String>> {
    Ok(r.try_get(c)?)
}
pub(super) fn i(r: &AnyRow, c: &str) -> Result<i64> {
    Ok(r.try_get(c)?)
}
pub(super) fn oi(r: &AnyRow, c: &str) -> Result<Option<i64>> {
    Ok(r.try_get(c)?)
}
pub(super) fn list(r: &AnyRow, c: &str) -> Result<Vec<String>> {
    Ok(s(r, c)?.split(',').map(str::trim).filter(|x| !x.is_empty()).map(String::from).collect())
}
fn json_of(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or(serde_json::Value::Null)
}

/// Of the scope's trajectories.
pub(super) const TRAJ: &str = "IN (SELECT id FROM trajectories WHERE client_id = $1)";

impl Store {
    /// Opens a client for the AVG export: granted for the trajectbegeleider of one of the
    /// client's trajectories, the teamleider of the client's team and organisation-wide roles;
    /// refused (403, logged) for everyone else. Writes the audit record either way.
    pub async fn open_client_for_export(&self, actor: &Actor, client_id: i64) -> Result<ClientScope> {
        let row = sqlx::query(
            "SELECT c.team_id, (SELECT COUNT(*) FROM care_team ct WHERE ct.client_id = c.id AND ct.user_id = $2) AS rel, \
             (SELECT COUNT(*) FROM trajectories t WHERE t.client_id = c.id AND t.owner_user_id = $2) AS owns FROM clients c WHERE c.id = $1",
        )
        .bind(client_id)
        .bind(actor.user.id)
        .fetch_optional(self.r())
        .await?;
        let basis = match row {
            None => AccessBasis::Refused,
            Some(r) => match basis_for(&actor.user, i(&r, "team_id")?, i(&r, "rel")? > 0) {
                AccessBasis::CareRelation if i(&r, "owns")? > 0 => AccessBasis::CareRelation,
                AccessBasis::CareRelation => AccessBasis::Refused,
                other => other,
            },
        };
        self.audit_reason(actor, Some(client_id), AuditAction::Export, EXPORT_OBJECT, basis, None).await?;
        if basis == AccessBasis::Refused {
            return Err(StoreError::Forbidden);
        }
        Ok(ClientScope { client_id, user_id: actor.user.id, basis })
    }

    pub(super) async fn avg_rows(&self, sql: &str, client_id: i64) -> Result<Vec<AnyRow>> {
        Ok(sqlx::query(sql).bind(client_id).fetch_all(self.r()).await?)
    }

    /// Everything Regie holds about the scope's client (see docs/avg-export.md), including the
    /// full history of the plan and the access log. 26 queries whatever the record's size.
    pub async fn export_client(&self, scope: &ClientScope, exported_by: &str) -> Result<ClientExport> {
        let id = scope.client_id;
        let c = sqlx::query(
            "SELECT c.id, c.first_name, c.last_name, c.birth_date, c.phone, c.email, c.address, c.city, tm.name AS team, c.created_at \
             FROM clients c JOIN teams tm ON tm.id = c.team_id WHERE c.id = $1",
        )
        .bind(id)
        .fetch_optional(self.r())
        .await?
        .ok_or(StoreError::NotFound)?;
        let client = ExportClient {
            id: i(&c, "id")?,
            first_name: s(&c, "first_name")?,
            last_name: s(&c, "last_name")?,
            birth_date: os(&c, "birth_date")?,
            phone: os(&c, "phone")?,
            email: os(&c, "email")?,
            address: os(&c, "address")?,
            city: os(&c, "city")?,
            team: s(&c, "team")?,
            registered_at: s(&c, "created_at")?,
        };
        let household = self
            .avg_rows("SELECT name, relation, birth_year FROM household_members WHERE client_id = $1 ORDER BY id", id)
            .await?
            .iter()
            .map(|r| Ok(ExportHouseholdMember { name: s(r, "name")?, relation: s(r, "relation")?, birth_year: oi(r, "birth_year")? }))
            .collect::<Result<Vec<_>>>()?;
        let profile = self
            .avg_rows("SELECT target_groups, complexity, critical_transition, transition_kind, needs_outreach, situations FROM client_profile WHERE client_id = $1", id)
            .await?
            .first()
            .map(|r| {
                Ok::<_, StoreError>(ExportProfile {
                    target_groups: list(r, "target_groups")?,
                    complexity: os(r, "complexity")?,
                    critical_transition: crate::flag(r, "critical_transition")?,
                    transition_kind: os(r, "transition_kind")?,
                    needs_outreach: crate::flag(r, "needs_outreach")?,
                    situations: list(r, "situations")?,
                })
            })
            .transpose()?;
        let care_team = self
            .avg_rows(
                "SELECT u.name, COALESCE(r.name, ct.role_code) AS role, ct.since FROM care_team ct JOIN users u ON u.id = ct.user_id \
                 LEFT JOIN roles r ON r.code = ct.role_code WHERE ct.client_id = $1 ORDER BY ct.since, u.name",
                id,
            )
            .await?
            .iter()
            .map(|r| Ok(ExportCareTeamMember { name: s(r, "name")?, role: s(r, "role")?, since: s(r, "since")? }))
            .collect::<Result<Vec<_>>>()?;
        let trajectories = self.export_trajectories(id).await?;
        let history = self
            .avg_rows(
                "SELECT ch.at, COALESCE(u.name, '') AS by_name, ch.entity, ch.entity_id, ch.trajectory_id, ch.version, ch.op, ch.data \
                 FROM changes ch LEFT JOIN users u ON u.id = ch.by_user_id WHERE ch.client_id = $1 ORDER BY ch.at, ch.id",
                id,
            )
            .await?
            .iter()
            .map(|r| {
                Ok(ExportChange {
                    at: s(r, "at")?,
                    by: s(r, "by_name")?,
                    entity: s(r, "entity")?,
                    entity_id: i(r, "entity_id")?,
                    trajectory_id: oi(r, "trajectory_id")?,
                    version: i(r, "version")?,
                    op: s(r, "op")?,
                    item: json_of(&s(r, "data")?),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let journal = self.export_journal(id).await?;
        let evaluations = self.export_evaluations(id).await?;
        let strengths = ExportStrengths {
            domains: self
                .avg_rows("SELECT domain_code, situation, wishes, resources_before FROM strength_domains WHERE client_id = $1 ORDER BY domain_code", id)
                .await?
                .iter()
                .map(|r| {
                    Ok(ExportStrengthDomain {
                        domain: s(r, "domain_code")?,
                        situation: s(r, "situation")?,
                        wishes: s(r, "wishes")?,
                        resources_before: s(r, "resources_before")?,
                    })
                })
                .collect::<Result<Vec<_>>>()?,
            items: self
                .avg_rows("SELECT domain_code, kind, text FROM strengths WHERE client_id = $1 ORDER BY domain_code, kind, id", id)
                .await?
                .iter()
                .map(|r| Ok(ExportStrength { domain: s(r, "domain_code")?, kind: s(r, "kind")?, text: s(r, "text")? }))
                .collect::<Result<Vec<_>>>()?,
        };
        let network = self
            .avg_rows(
                "SELECT name, relation, kind, phone, email, closeness, support, gives_back, takes_part_actions, takes_part_evaluations, consent \
                 FROM network_members WHERE client_id = $1 ORDER BY closeness, name, id",
                id,
            )
            .await?
            .iter()
            .map(|r| {
                Ok(ExportNetworkMember {
                    name: s(r, "name")?,
                    relation: s(r, "relation")?,
                    kind: s(r, "kind")?,
                    phone: os(r, "phone")?,
                    email: os(r, "email")?,
                    closeness: i(r, "closeness")?,
                    support: list(r, "support")?,
                    gives_back: s(r, "gives_back")?,
                    takes_part_actions: crate::flag(r, "takes_part_actions")?,
                    takes_part_evaluations: crate::flag(r, "takes_part_evaluations")?,
                    consent: s(r, "consent")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let (measurements, domain_targets, result_agreements, satisfaction) = self.export_outcomes(id).await?;
        let dismissed_suggestions = self
            .avg_rows(
                "SELECT d.method_code, d.at, COALESCE(u.name, '') AS by_name, d.reason FROM suggestion_dismissals d \
                 LEFT JOIN users u ON u.id = d.by_user_id WHERE d.client_id = $1 ORDER BY d.at",
                id,
            )
            .await?
            .iter()
            .map(|r| Ok(ExportDismissal { method_code: s(r, "method_code")?, at: s(r, "at")?, by: s(r, "by_name")?, reason: s(r, "reason")? }))
            .collect::<Result<Vec<_>>>()?;
        let terms: HashMap<String, i64> = sqlx::query("SELECT funding, years FROM retention_terms")
            .fetch_all(self.r())
            .await?
            .iter()
            .map(|r| Ok((s(r, "funding")?, i(r, "years")?)))
            .collect::<Result<_>>()?;
        let retention = trajectories
            .iter()
            .map(|t| {
                let years = terms.get(&t.funding).copied().unwrap_or(0);
                let kept_until = t
                    .ended_on
                    .as_deref()
                    .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                    .map(|d| crate::time::day(crate::retention::term_end(d, years)));
                ExportRetention { trajectory_id: t.id, funding: t.funding.clone(), years_after_end: years, ended_on: t.ended_on.clone(), kept_until }
            })
            .collect();
        let access_log = self
            .avg_rows(
                "SELECT a.at, COALESCE(u.name, '') AS user_name, COALESCE(r.name, a.role, '') AS role_name, a.action, a.object, a.basis, a.outcome, a.reason \
                 FROM audit_log a LEFT JOIN users u ON u.id = a.user_id LEFT JOIN roles r ON r.code = a.role WHERE a.client_id = $1 ORDER BY a.id",
                id,
            )
            .await?
            .iter()
            .map(|r| {
                Ok(ExportAccess {
                    at: s(r, "at")?,
                    user: s(r, "user_name")?,
                    role: s(r, "role_name")?,
                    action: s(r, "action")?,
                    object: s(r, "object")?,
                    basis: s(r, "basis")?,
                    outcome: s(r, "outcome")?,
                    reason: os(r, "reason")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(ClientExport {
            format: EXPORT_FORMAT,
            format_version: EXPORT_VERSION,
            exported_at: crate::now(),
            exported_by: exported_by.to_string(),
            client,
            household,
            profile,
            care_team,
            trajectories,
            history,
            journal,
            evaluations,
            strengths,
            network,
            measurements,
            domain_targets,
            result_agreements,
            satisfaction,
            dismissed_suggestions,
            retention,
            access_log,
        })
    }

    /// Trajectories with phase steps, methods and the plan now: six queries.
    async fn export_trajectories(&self, id: i64) -> Result<Vec<ExportTrajectory>> {
        let mut steps: HashMap<i64, Vec<ExportPhaseStep>> = HashMap::new();
        for r in self
            .avg_rows(
                &format!(
                    "SELECT pt.trajectory_id, p.position, p.name, pt.entered_on, COALESCE(u.name, '') AS by_name FROM phase_transitions pt \
                     JOIN phases p ON p.id = pt.phase_id LEFT JOIN users u ON u.id = pt.by_user_id WHERE pt.trajectory_id {TRAJ} ORDER BY pt.at, pt.id"
                ),
                id,
            )
            .await?
        {
            let step = ExportPhaseStep { position: i(&r, "position")?, phase: s(&r, "name")?, entered_on: s(&r, "entered_on")?, by: s(&r, "by_name")? };
            steps.entry(i(&r, "trajectory_id")?).or_default().push(step);
        }
        let mut methods: HashMap<i64, Vec<ExportMethodUse>> = HashMap::new();
        for r in self
            .avg_rows(
                &format!(
                    "SELECT tm.trajectory_id, tm.method_code, tm.added_on, COALESCE(u.name, '') AS by_name FROM trajectory_methods tm \
                     LEFT JOIN users u ON u.id = tm.added_by WHERE tm.trajectory_id {TRAJ} ORDER BY tm.added_on, tm.method_code"
                ),
                id,
            )
            .await?
        {
            let m = ExportMethodUse { method_code: s(&r, "method_code")?, added_on: s(&r, "added_on")?, added_by: s(&r, "by_name")? };
            methods.entry(i(&r, "trajectory_id")?).or_default().push(m);
        }
        let mut plans: HashMap<i64, ExportPlan> = HashMap::new();
        for r in self.avg_rows(&format!("SELECT trajectory_id, area, text FROM perspective WHERE trajectory_id {TRAJ} ORDER BY area"), id).await? {
            plans.entry(i(&r, "trajectory_id")?).or_default().perspective.push(ExportPerspective { area: s(&r, "area")?, text: s(&r, "text")? });
        }
        let mut actions: HashMap<i64, Vec<ExportAction>> = HashMap::new();
        for r in self
            .avg_rows(&format!("SELECT id, goal_id, text, owner_kind, owner_name, due_date, status FROM actions WHERE trajectory_id {TRAJ} ORDER BY id"), id)
            .await?
        {
            let a = ExportAction {
                id: i(&r, "id")?,
                text: s(&r, "text")?,
                owner_kind: s(&r, "owner_kind")?,
                owner_name: s(&r, "owner_name")?,
                due_date: os(&r, "due_date")?,
                status: s(&r, "status")?,
            };
            actions.entry(i(&r, "goal_id")?).or_default().push(a);
        }
        for r in self
            .avg_rows(
                &format!(
                    "SELECT g.id, g.trajectory_id, g.domain_code, COALESCE(d.name, g.domain_code) AS domain_name, g.text, g.priority, g.target_date, g.status \
                     FROM goals g LEFT JOIN life_domains d ON d.code = g.domain_code WHERE g.trajectory_id {TRAJ} ORDER BY g.priority, g.id"
                ),
                id,
            )
            .await?
        {
            let gid = i(&r, "id")?;
            let goal = ExportGoal {
                id: gid,
                domain: s(&r, "domain_code")?,
                domain_name: s(&r, "domain_name")?,
                text: s(&r, "text")?,
                priority: i(&r, "priority")?,
                target_date: os(&r, "target_date")?,
                status: s(&r, "status")?,
                actions: actions.remove(&gid).unwrap_or_default(),
            };
            plans.entry(i(&r, "trajectory_id")?).or_default().goals.push(goal);
        }
        self.avg_rows(
            "SELECT t.id, m.name AS method, t.status, t.funding, t.started_on, t.ended_on, t.exit_destination, COALESCE(u.name, '') AS owner, \
             p.name AS phase, t.next_evaluation_on, t.focus_domains FROM trajectories t JOIN phase_models m ON m.id = t.model_id \
             JOIN phases p ON p.id = t.phase_id LEFT JOIN users u ON u.id = t.owner_user_id WHERE t.client_id = $1 ORDER BY t.started_on, t.id",
            id,
        )
        .await?
        .iter()
        .map(|r| {
            let tid = i(r, "id")?;
            Ok(ExportTrajectory {
                id: tid,
                method: s(r, "method")?,
                status: s(r, "status")?,
                funding: s(r, "funding")?,
                started_on: s(r, "started_on")?,
                ended_on: os(r, "ended_on")?,
                exit_destination: os(r, "exit_destination")?,
                trajectbegeleider: s(r, "owner")?,
                current_phase: s(r, "phase")?,
                next_evaluation_on: os(r, "next_evaluation_on")?,
                focus_domains: list(r, "focus_domains")?,
                phase_steps: steps.remove(&tid).unwrap_or_default(),
                methods: methods.remove(&tid).unwrap_or_default(),
                plan: plans.remove(&tid).unwrap_or_default(),
            })
        })
        .collect()
    }
}
