//! Result agreements (resultaatafspraken): the trajectbegeleider asks a team or a colleague for a
//! result, expressed as target levels on ZRM 2017 domains with a deadline. Attainment is judged
//! against the worker's ZRM scores of the trajectory (`measurements` / `measurement_scores`, rater
//! `begeleider`) by `regie_domain::results::attainment`; the status is what the worker confirmed
//! when closing. Every change is kept in `changes` (entities `result_agreement`, `domain_target`).
//! The role defaults (`role_target_defaults`) are organisation settings, changed by functioneel
//! beheer only.

use crate::changes::Change;
use crate::{ClientScope, Result, StaffMember, Store, StoreError, Team};
use chrono::NaiveDate;
use regie_domain::results::{check_targets, AgreementStatus, ResultAgreement, ENTITY_AGREEMENT, ENTITY_TARGET, MAX_AGREEMENT_TEXT};
use regie_domain::FieldErrors;
use sqlx::{AnyConnection, Row};

/// A result agreement to create or change, as sent (raw strings from forms and the API).
#[derive(Debug, Clone, Default)]
pub struct AgreementInput {
    /// The team asked (either this or `user_id`).
    pub team_id: Option<i64>,
    /// The colleague asked.
    pub user_id: Option<i64>,
    /// The role asked; empty takes the colleague's role (none for a team).
    pub role_code: Option<String>,
    /// The result asked for.
    pub text: String,
    /// Deadline `JJJJ-MM-DD`; on create not before today.
    pub deadline: String,
    /// Targets as (ZRM 2017 domain code, level 1–5).
    pub targets: Vec<(String, String)>,
}

/// A role with its default targets (functioneel beheer's settings).
#[derive(Debug, Clone, serde::Serialize)]
pub struct RoleTargets {
    /// Role code.
    pub role_code: String,
    /// Role name.
    pub role_name: String,
    /// (ZRM domain code, level), in domain order.
    pub targets: Vec<(String, i64)>,
}

/// What the agreement form offers: teams, colleagues and roles.
#[derive(Debug, Clone)]
pub struct AgreementChoices {
    /// Every team.
    pub teams: Vec<Team>,
    /// Every active colleague (not functioneel beheer), by name.
    pub staff: Vec<StaffMember>,
    /// Every role that can be asked, with its default targets.
    pub roles: Vec<RoleTargets>,
}

/// An agreement after checking.
struct Checked {
    team_id: Option<i64>,
    user_id: Option<i64>,
    role_code: Option<String>,
    text: String,
    deadline: NaiveDate,
    targets: Vec<(String, i64)>,
}

impl Store {
    /// Asks a team or colleague for a result in an active trajectory of the client. Refused whole
    /// (nothing written) when a field is wrong.
    pub async fn create_result_agreement(&self, scope: &ClientScope, trajectory_id: i64, input: &AgreementInput, today: NaiveDate) -> Result<ResultAgreement> {
        let mut e = FieldErrors::default();
        let active = self.trajectory_state(scope, trajectory_id).await?;
        if !active {
            e.add("trajectory", "Dit traject is afgesloten; er kunnen geen resultaatafspraken meer bij.");
        }
        let checked = self.check_agreement(&mut e, input, today).await?;
        e.finish()?;
        let c = checked.ok_or_else(|| StoreError::Corrupt("checked agreement missing".into()))?;
        let mut tx = self.begin().await?;
        self.tick(1);
        let id: i64 = sqlx::query(
            "INSERT INTO result_agreements (client_id, trajectory_id, requested_by, team_id, user_id, role_code, text, deadline, status, created_at, version) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1) RETURNING id",
        )
        .bind(scope.client_id)
        .bind(trajectory_id)
        .bind(scope.user_id)
        .bind(c.team_id)
        .bind(c.user_id)
        .bind(c.role_code.clone())
        .bind(&c.text)
        .bind(crate::time::day(c.deadline))
        .bind(AgreementStatus::Open.code())
        .bind(crate::now())
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)?;
        for (domain, level) in &c.targets {
            self.insert_target(&mut tx, scope, trajectory_id, id, domain, *level, c.deadline).await?;
        }
        let data = agreement_data(&c, AgreementStatus::Open.code(), None);
        let change = Change { trajectory_id: Some(trajectory_id), entity: ENTITY_AGREEMENT, entity_id: id, version: 1, op: "create", data };
        self.write_change(&mut tx, scope, change).await?;
        tx.commit().await?;
        self.result_agreement(scope, id, today).await
    }

    /// Changes an open agreement seen at `version`: who is asked, text, deadline (a changed
    /// deadline may not lie in the past) and targets (kept, changed, added or removed, each
    /// change kept as a `domain_target` change).
    pub async fn update_result_agreement(&self, scope: &ClientScope, agreement_id: i64, version: i64, input: &AgreementInput, today: NaiveDate) -> Result<ResultAgreement> {
        let current = self.result_agreement(scope, agreement_id, today).await?;
        if current.version != version {
            return Err(StoreError::Conflict { current: crate::changes::json(&current) });
        }
        if current.status != AgreementStatus::Open.code() {
            return Err(StoreError::field("status", "Deze resultaatafspraak is afgesloten; hij kan niet meer veranderen."));
        }
        let mut e = FieldErrors::default();
        // A deadline that stays as it was may lie in the past; a new one may not.
        let earliest = if input.deadline.trim() == crate::time::day(current.deadline) { current.deadline.min(today) } else { today };
        let checked = self.check_agreement(&mut e, input, earliest).await?;
        e.finish()?;
        let c = checked.ok_or_else(|| StoreError::Corrupt("checked agreement missing".into()))?;
        let mut tx = self.begin().await?;
        self.tick(1);
        let done = sqlx::query(
            "UPDATE result_agreements SET team_id = $1, user_id = $2, role_code = $3, text = $4, deadline = $5, version = version + 1 \
             WHERE id = $6 AND client_id = $7 AND version = $8 AND status = $9",
        )
        .bind(c.team_id)
        .bind(c.user_id)
        .bind(c.role_code.clone())
        .bind(&c.text)
        .bind(crate::time::day(c.deadline))
        .bind(agreement_id)
        .bind(scope.client_id)
        .bind(version)
        .bind(AgreementStatus::Open.code())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if done != 1 {
            drop(tx);
            let now = self.result_agreement(scope, agreement_id, today).await?;
            return Err(StoreError::Conflict { current: crate::changes::json(&now) });
        }
        let tid = current.trajectory_id;
        for old in &current.targets {
            match c.targets.iter().find(|(d, _)| *d == old.domain_code) {
                None => {
                    self.tick(1);
                    sqlx::query("DELETE FROM domain_targets WHERE id = $1 AND client_id = $2").bind(old.id).bind(scope.client_id).execute(&mut *tx).await?;
                    let data = serde_json::json!({ "agreement_id": agreement_id, "domain_code": old.domain_code, "level": old.level });
                    let change = Change { trajectory_id: Some(tid), entity: ENTITY_TARGET, entity_id: old.id, version: old.version + 1, op: "delete", data };
                    self.write_change(&mut tx, scope, change).await?;
                }
                Some((_, level)) if *level != old.level || c.deadline != current.deadline => {
                    self.tick(1);
                    sqlx::query("UPDATE domain_targets SET level = $1, target_date = $2, version = version + 1 WHERE id = $3 AND client_id = $4")
                        .bind(*level)
                        .bind(crate::time::day(c.deadline))
                        .bind(old.id)
                        .bind(scope.client_id)
                        .execute(&mut *tx)
                        .await?;
                    let data = target_data(agreement_id, &old.domain_code, *level, c.deadline);
                    let change = Change { trajectory_id: Some(tid), entity: ENTITY_TARGET, entity_id: old.id, version: old.version + 1, op: "update", data };
                    self.write_change(&mut tx, scope, change).await?;
                }
                Some(_) => {}
            }
        }
        for (domain, level) in c.targets.iter().filter(|(d, _)| !current.targets.iter().any(|t| &t.domain_code == d)) {
            self.insert_target(&mut tx, scope, tid, agreement_id, domain, *level, c.deadline).await?;
        }
        let data = agreement_data(&c, AgreementStatus::Open.code(), None);
        let change = Change { trajectory_id: Some(tid), entity: ENTITY_AGREEMENT, entity_id: agreement_id, version: version + 1, op: "update", data };
        self.write_change(&mut tx, scope, change).await?;
        tx.commit().await?;
        self.result_agreement(scope, agreement_id, today).await
    }

    /// Closes an open agreement seen at `version` with the status the worker confirms
    /// (behaald, deels_behaald, niet_behaald or ingetrokken), dated today.
    pub async fn close_result_agreement(&self, scope: &ClientScope, agreement_id: i64, version: i64, status: &str, today: NaiveDate) -> Result<ResultAgreement> {
        let current = self.result_agreement(scope, agreement_id, today).await?;
        let status = match AgreementStatus::parse(status.trim()) {
            Some(s) if s != AgreementStatus::Open => s,
            _ => return Err(StoreError::field("status", "Kies behaald, deels behaald, niet behaald of ingetrokken.")),
        };
        if current.version != version {
            return Err(StoreError::Conflict { current: crate::changes::json(&current) });
        }
        if current.status != AgreementStatus::Open.code() {
            return Err(StoreError::field("status", "Deze resultaatafspraak is al afgesloten."));
        }
        let mut tx = self.begin().await?;
        self.tick(1);
        let done = sqlx::query(
            "UPDATE result_agreements SET status = $1, closed_on = $2, version = version + 1 WHERE id = $3 AND client_id = $4 AND version = $5 AND status = $6",
        )
        .bind(status.code())
        .bind(crate::time::day(today))
        .bind(agreement_id)
        .bind(scope.client_id)
        .bind(version)
        .bind(AgreementStatus::Open.code())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if done != 1 {
            drop(tx);
            let now = self.result_agreement(scope, agreement_id, today).await?;
            return Err(StoreError::Conflict { current: crate::changes::json(&now) });
        }
        let mut after = current.clone();
        after.status = status.code().to_string();
        after.closed_on = Some(today);
        after.version = version + 1;
        let change = Change {
            trajectory_id: Some(current.trajectory_id),
            entity: ENTITY_AGREEMENT,
            entity_id: agreement_id,
            version: version + 1,
            op: "update",
            data: crate::changes::json(&after),
        };
        self.write_change(&mut tx, scope, change).await?;
        tx.commit().await?;
        self.result_agreement(scope, agreement_id, today).await
    }

    /// Checks an agreement: team or colleague (one of them), role, text, deadline not before
    /// `earliest`, targets. `None` when something is wrong (messages in `e`).
    async fn check_agreement(&self, e: &mut FieldErrors, input: &AgreementInput, earliest: NaiveDate) -> Result<Option<Checked>> {
        let text = e.text("text", &input.text, MAX_AGREEMENT_TEXT);
        let deadline = match e.opt_date("deadline", Some(&input.deadline)) {
            None if e.get("deadline").is_none() => {
                e.add("deadline", "Vul een datum in waarop het resultaat er moet zijn.");
                None
            }
            Some(d) if d < earliest => {
                e.add("deadline", "De einddatum ligt in het verleden. Kies vandaag of later.");
                None
            }
            other => other,
        };
        let targets = check_targets(e, &input.targets, true);
        let role = input.role_code.as_deref().map(str::trim).filter(|r| !r.is_empty()).map(str::to_string);
        match (input.team_id, input.user_id) {
            (None, None) => e.add("team_id", "Kies een team of een collega aan wie u het resultaat vraagt."),
            (Some(_), Some(_)) => e.add("team_id", "Kies een team óf een collega, niet allebei."),
            _ => {}
        }
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM teams WHERE id = $1) AS team_ok, \
             (SELECT COUNT(*) FROM users u JOIN roles r ON r.code = u.role_code WHERE u.id = $2 AND u.active = TRUE AND r.admin = FALSE) AS user_ok, \
             (SELECT u.role_code FROM users u WHERE u.id = $2) AS user_role, \
             (SELECT COUNT(*) FROM roles WHERE code = $3 AND admin = FALSE) AS role_ok",
        )
        .bind(input.team_id.unwrap_or(0))
        .bind(input.user_id.unwrap_or(0))
        .bind(role.clone().unwrap_or_default())
        .fetch_one(self.r())
        .await?;
        let team_ok: i64 = row.try_get("team_ok")?;
        let user_ok: i64 = row.try_get("user_ok")?;
        let user_role: Option<String> = row.try_get("user_role")?;
        let role_ok: i64 = row.try_get("role_ok")?;
        if input.team_id.is_some() && input.user_id.is_none() && team_ok == 0 {
            e.add("team_id", "Kies een team uit de lijst.");
        }
        if input.user_id.is_some() && input.team_id.is_none() && user_ok == 0 {
            e.add("user_id", "Kies een collega die nu in dienst is.");
        }
        if role.is_some() && role_ok == 0 {
            e.add("role_code", "Kies een rol uit de lijst.");
        }
        let role_code = role.or(if input.user_id.is_some() { user_role } else { None });
        Ok(match deadline {
            Some(deadline) if e.is_empty() => Some(Checked { team_id: input.team_id, user_id: input.user_id, role_code, text, deadline, targets }),
            _ => None,
        })
    }

    /// Whether the client's trajectory exists (else not found) and is active.
    async fn trajectory_state(&self, scope: &ClientScope, trajectory_id: i64) -> Result<bool> {
        let row = sqlx::query("SELECT status FROM trajectories WHERE id = $1 AND client_id = $2")
            .bind(trajectory_id)
            .bind(scope.client_id)
            .fetch_optional(self.r())
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok(row.try_get::<String, _>("status")? == "actief")
    }

    /// Inserts one target of an agreement with its change row (two statements).
    #[allow(clippy::too_many_arguments)]
    async fn insert_target(&self, conn: &mut AnyConnection, scope: &ClientScope, trajectory_id: i64, agreement_id: i64, domain: &str, level: i64, deadline: NaiveDate) -> Result<()> {
        self.tick(1);
        let id: i64 = sqlx::query(
            "INSERT INTO domain_targets (client_id, trajectory_id, goal_id, agreement_id, domain_code, level, target_date, version) \
             VALUES ($1, $2, NULL, $3, $4, $5, $6, 1) RETURNING id",
        )
        .bind(scope.client_id)
        .bind(trajectory_id)
        .bind(agreement_id)
        .bind(domain)
        .bind(level)
        .bind(crate::time::day(deadline))
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?;
        let data = target_data(agreement_id, domain, level, deadline);
        let change = Change { trajectory_id: Some(trajectory_id), entity: ENTITY_TARGET, entity_id: id, version: 1, op: "create", data };
        self.write_change(conn, scope, change).await
    }
}

fn agreement_data(c: &Checked, status: &str, closed_on: Option<NaiveDate>) -> serde_json::Value {
    serde_json::json!({
        "team_id": c.team_id, "user_id": c.user_id, "role_code": c.role_code, "text": c.text,
        "deadline": crate::time::day(c.deadline), "status": status, "closed_on": closed_on.map(crate::time::day),
        "targets": c.targets.iter().map(|(d, l)| serde_json::json!({ "domain_code": d, "level": l })).collect::<Vec<_>>(),
    })
}

fn target_data(agreement_id: i64, domain: &str, level: i64, deadline: NaiveDate) -> serde_json::Value {
    serde_json::json!({ "agreement_id": agreement_id, "domain_code": domain, "level": level, "target_date": crate::time::day(deadline) })
}
