//! Reading result agreements with their targets and attainment in a fixed number of queries
//! (agreements, targets, the worker's ZRM scores), and the role defaults functioneel beheer keeps.

use crate::results::{AgreementChoices, RoleTargets};
use crate::{ClientScope, Result, StaffMember, Store, StoreError};
use chrono::NaiveDate;
use regie_domain::record::User;
use regie_domain::results::{attainment, check_targets, cutoff, suggested_status, zrm_domains, DomainTarget, ResultAgreement, Score};
use regie_domain::FieldErrors;
use sqlx::any::AnyRow;
use sqlx::Row;

/// Which agreements to load.
#[derive(Clone, Copy)]
enum Which {
    Client,
    Trajectory(i64),
    One(i64),
}

const AGREEMENT_SELECT: &str = "SELECT a.id, a.trajectory_id, a.requested_by, rb.name AS requested_by_name, a.team_id, tm.name AS team_name, \
     a.user_id, u.name AS user_name, a.role_code, ro.name AS role_name, a.text, a.deadline, a.status, a.closed_on, a.version \
     FROM result_agreements a JOIN users rb ON rb.id = a.requested_by LEFT JOIN teams tm ON tm.id = a.team_id \
     LEFT JOIN users u ON u.id = a.user_id LEFT JOIN roles ro ON ro.code = a.role_code WHERE a.client_id = $1";

impl Store {
    /// One agreement of the client with its targets and attainment (not found when it belongs to
    /// another client).
    pub async fn result_agreement(&self, scope: &ClientScope, agreement_id: i64, today: NaiveDate) -> Result<ResultAgreement> {
        self.load_agreements(scope, Which::One(agreement_id), today).await?.pop().ok_or(StoreError::NotFound)
    }

    /// The client's agreements, of one trajectory or (with `None`) of all, by deadline, with their
    /// targets and attainment. At most three queries whatever the number.
    pub async fn result_agreements(&self, scope: &ClientScope, trajectory_id: Option<i64>, today: NaiveDate) -> Result<Vec<ResultAgreement>> {
        let which = trajectory_id.map(Which::Trajectory).unwrap_or(Which::Client);
        self.load_agreements(scope, which, today).await
    }

    async fn load_agreements(&self, scope: &ClientScope, which: Which, today: NaiveDate) -> Result<Vec<ResultAgreement>> {
        let (filter, arg) = match which {
            Which::Client => ("", None),
            Which::Trajectory(t) => (" AND a.trajectory_id = $2", Some(t)),
            Which::One(id) => (" AND a.id = $2", Some(id)),
        };
        let sql = format!("{AGREEMENT_SELECT}{filter} ORDER BY a.deadline, a.id");
        let mut q = sqlx::query(&sql).bind(scope.client_id);
        if let Some(arg) = arg {
            q = q.bind(arg);
        }
        let mut agreements = q.fetch_all(self.r()).await?.iter().map(agreement_from).collect::<Result<Vec<_>>>()?;
        if agreements.is_empty() {
            return Ok(agreements);
        }
        // Targets and scores of the trajectories involved (one trajectory unless all are asked).
        let trajectory = match which {
            Which::Client => None,
            _ => agreements.first().map(|a| a.trajectory_id),
        };
        let by_traj = if trajectory.is_some() { " AND trajectory_id = $2" } else { "" };
        let sql = format!("SELECT id, agreement_id, domain_code, level, version FROM domain_targets WHERE client_id = $1 AND agreement_id IS NOT NULL{by_traj} ORDER BY id");
        let mut q = sqlx::query(&sql).bind(scope.client_id);
        if let Some(t) = trajectory {
            q = q.bind(t);
        }
        let targets = q.fetch_all(self.r()).await?;
        let by_traj = if trajectory.is_some() { " AND m.trajectory_id = $2" } else { "" };
        let sql = format!(
            "SELECT m.trajectory_id, m.measured_on, s.domain_code, s.level FROM measurements m JOIN measurement_scores s ON s.measurement_id = m.id \
             WHERE m.client_id = $1 AND m.rater = 'begeleider' AND s.level IS NOT NULL{by_traj} ORDER BY m.measured_on, m.id"
        );
        let mut q = sqlx::query(&sql).bind(scope.client_id);
        if let Some(t) = trajectory {
            q = q.bind(t);
        }
        let mut scores: Vec<(i64, String, i64, NaiveDate)> = Vec::new();
        for r in q.fetch_all(self.r()).await? {
            scores.push((r.try_get("trajectory_id")?, r.try_get("domain_code")?, r.try_get("level")?, crate::date(&r, "measured_on")?));
        }
        for a in &mut agreements {
            let mine: Vec<Score<'_>> =
                scores.iter().filter(|s| s.0 == a.trajectory_id).map(|s| Score { domain: s.1.as_str(), level: s.2, on: s.3 }).collect();
            let until = cutoff(a.deadline, a.closed_on, today);
            for r in targets.iter() {
                if r.try_get::<i64, _>("agreement_id")? != a.id {
                    continue;
                }
                let domain: String = r.try_get("domain_code")?;
                let level: i64 = r.try_get("level")?;
                let (att, found) = attainment(&domain, level, &mine, until);
                a.targets.push(DomainTarget {
                    id: r.try_get("id")?,
                    domain_code: domain,
                    level,
                    attainment: att.code().to_string(),
                    measured_level: found.map(|f| f.0),
                    measured_on: found.map(|f| f.1),
                    version: r.try_get("version")?,
                });
            }
            let order = zrm_domains();
            a.targets.sort_by_key(|t| order.iter().position(|d| *d == t.domain_code).unwrap_or(usize::MAX));
            let attained: Vec<_> = a.targets.iter().filter_map(|t| regie_domain::results::Attainment::parse(&t.attainment)).collect();
            a.suggested_status = suggested_status(&attained).map(|s| s.code().to_string());
        }
        Ok(agreements)
    }

    /// Every role that can be asked for a result (not functioneel beheer), with its default
    /// targets, by role name. Two queries.
    pub async fn role_target_defaults(&self) -> Result<Vec<RoleTargets>> {
        let roles = sqlx::query("SELECT code, name FROM roles WHERE admin = FALSE ORDER BY name").fetch_all(self.r()).await?;
        let defaults = sqlx::query("SELECT role_code, domain_code, level FROM role_target_defaults").fetch_all(self.r()).await?;
        let order = zrm_domains();
        roles
            .iter()
            .map(|r| {
                let code: String = r.try_get("code")?;
                let mut targets = Vec::new();
                for d in &defaults {
                    if d.try_get::<String, _>("role_code")? == code {
                        targets.push((d.try_get::<String, _>("domain_code")?, d.try_get::<i64, _>("level")?));
                    }
                }
                targets.sort_by_key(|(d, _)| order.iter().position(|o| o == d).unwrap_or(usize::MAX));
                Ok(RoleTargets { role_code: code, role_name: r.try_get("name")?, targets })
            })
            .collect()
    }

    /// Replaces one role's default targets (an empty list clears them). Functioneel beheer only;
    /// refused whole when a target is wrong.
    pub async fn set_role_target_defaults(&self, by: &User, role_code: &str, targets: &[(String, String)]) -> Result<Vec<(String, i64)>> {
        if !by.admin {
            return Err(StoreError::Forbidden);
        }
        let mut e = FieldErrors::default();
        let checked = check_targets(&mut e, targets, false);
        let known: i64 = sqlx::query("SELECT COUNT(*) FROM roles WHERE code = $1 AND admin = FALSE").bind(role_code.trim()).fetch_one(self.r()).await?.try_get(0)?;
        if known == 0 {
            e.add("role_code", "Kies een rol uit de lijst.");
        }
        e.finish()?;
        let mut tx = self.begin().await?;
        self.tick(1);
        sqlx::query("DELETE FROM role_target_defaults WHERE role_code = $1").bind(role_code.trim()).execute(&mut *tx).await?;
        if !checked.is_empty() {
            self.tick(1);
            let sql = format!("INSERT INTO role_target_defaults (role_code, domain_code, level) VALUES {}", crate::sql::rows(1, checked.len(), 3));
            let mut q = sqlx::query(&sql);
            for (domain, level) in &checked {
                q = q.bind(role_code.trim().to_string()).bind(domain.clone()).bind(*level);
            }
            q.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(checked)
    }

    /// What the agreement form offers: teams, active colleagues, roles with their defaults.
    pub async fn agreement_choices(&self) -> Result<AgreementChoices> {
        let teams = self.teams().await?;
        let rows = sqlx::query(
            "SELECT u.id, u.name, r.name AS role_name, u.team_id FROM users u JOIN roles r ON r.code = u.role_code \
             WHERE u.active = TRUE AND r.admin = FALSE ORDER BY u.name",
        )
        .fetch_all(self.r())
        .await?;
        let staff = rows
            .iter()
            .map(|r| Ok(StaffMember { id: r.try_get("id")?, name: r.try_get("name")?, role_name: r.try_get("role_name")?, team_id: r.try_get("team_id")? }))
            .collect::<Result<Vec<_>>>()?;
        Ok(AgreementChoices { teams, staff, roles: self.role_target_defaults().await? })
    }
}

fn agreement_from(r: &AnyRow) -> Result<ResultAgreement> {
    Ok(ResultAgreement {
        id: r.try_get("id")?,
        trajectory_id: r.try_get("trajectory_id")?,
        requested_by: r.try_get("requested_by")?,
        requested_by_name: r.try_get("requested_by_name")?,
        team_id: r.try_get("team_id")?,
        team_name: r.try_get("team_name")?,
        user_id: r.try_get("user_id")?,
        user_name: r.try_get("user_name")?,
        role_code: r.try_get("role_code")?,
        role_name: r.try_get("role_name")?,
        text: r.try_get("text")?,
        deadline: crate::date(r, "deadline")?,
        status: r.try_get("status")?,
        closed_on: crate::opt_date(r, "closed_on")?,
        targets: Vec::new(),
        suggested_status: None,
        version: r.try_get("version")?,
    })
}
