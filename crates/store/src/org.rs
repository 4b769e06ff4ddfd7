//! The organisation: locations, teams, the role catalogue, life domains and phase models.

use crate::{Result, Store, StoreError};
use regie_domain::catalogue::{BUILTIN_LIFE_DOMAINS, BUILTIN_ROLES};
use regie_domain::phase::{builtin_models, Phase, PhaseModel};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::Row;

/// A team (with its location), as listed.
#[derive(Debug, Clone, Serialize)]
pub struct Team {
    /// Database id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Location name.
    pub location: String,
}

/// A life domain (leefgebied) of the catalogue.
#[derive(Debug, Clone, Serialize)]
pub struct LifeDomain {
    /// Stable code.
    pub code: String,
    /// Domain set.
    pub domain_set: String,
    /// Name.
    pub name: String,
    /// ZRM 2017 domain it maps onto.
    pub zrm_code: Option<String>,
}

/// A staff member as listed (to choose a trajectbegeleider or an action owner).
#[derive(Debug, Clone, Serialize)]
pub struct StaffMember {
    /// User id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Role name.
    pub role_name: String,
    /// Team id.
    pub team_id: Option<i64>,
}

impl Store {
    /// Inserts the built-in roles, life domains and phase models that are not there yet.
    pub async fn seed_builtins(&self) -> Result<()> {
        let mut tx = self.begin().await?;
        for r in BUILTIN_ROLES {
            self.tick(1);
            sqlx::query("INSERT INTO roles (code, name, scope, admin, builtin) VALUES ($1, $2, $3, $4, TRUE) ON CONFLICT (code) DO NOTHING")
                .bind(r.code)
                .bind(r.name)
                .bind(r.scope.code())
                .bind(r.admin)
                .execute(&mut *tx)
                .await?;
        }
        for (i, d) in BUILTIN_LIFE_DOMAINS.iter().enumerate() {
            self.tick(1);
            sqlx::query("INSERT INTO life_domains (code, domain_set, name, zrm_code, position) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (code) DO NOTHING")
                .bind(d.code)
                .bind(d.set)
                .bind(d.name)
                .bind(d.zrm)
                .bind(i as i64)
                .execute(&mut *tx)
                .await?;
        }
        for m in builtin_models() {
            self.tick(1);
            let exists: i64 = sqlx::query("SELECT COUNT(*) FROM phase_models WHERE code = $1").bind(&m.code).fetch_one(&mut *tx).await?.try_get(0)?;
            if exists == 0 {
                insert_model(self, &mut tx, &m).await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// Adds an organisation's own phase model; refused whole when the definition is wrong.
    pub async fn create_phase_model(&self, model: &PhaseModel) -> Result<i64> {
        model.validate()?;
        let taken: i64 = sqlx::query("SELECT COUNT(*) FROM phase_models WHERE code = $1 OR name = $2")
            .bind(&model.code)
            .bind(model.name.trim())
            .fetch_one(self.r())
            .await?
            .try_get(0)?;
        if taken > 0 {
            return Err(StoreError::field("name", "Er bestaat al een fasemodel met deze naam."));
        }
        let mut own = model.clone();
        own.builtin = false;
        let mut tx = self.begin().await?;
        let id = insert_model(self, &mut tx, &own).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Every phase model with its phases, in name order (two queries).
    pub async fn phase_models(&self) -> Result<Vec<PhaseModel>> {
        let models = sqlx::query(
            "SELECT id, code, name, description, cyclic, max_days, max_focus_domains, evaluation_interval_days, domain_set, builtin \
             FROM phase_models ORDER BY builtin DESC, name",
        )
        .fetch_all(self.r())
        .await?;
        let phases = sqlx::query("SELECT id, model_id, position, name, typical_days, description FROM phases ORDER BY model_id, position")
            .fetch_all(self.r())
            .await?;
        let mut out: Vec<PhaseModel> = models.iter().map(model_from).collect::<Result<_>>()?;
        for p in &phases {
            let model_id: i64 = p.try_get("model_id")?;
            if let Some(m) = out.iter_mut().find(|m| m.id == model_id) {
                m.phases.push(phase_from(p)?);
            }
        }
        Ok(out)
    }

    /// One phase model with its phases.
    pub async fn phase_model(&self, id: i64) -> Result<PhaseModel> {
        let row = sqlx::query(
            "SELECT id, code, name, description, cyclic, max_days, max_focus_domains, evaluation_interval_days, domain_set, builtin \
             FROM phase_models WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(self.r())
        .await?
        .ok_or(StoreError::NotFound)?;
        let mut m = model_from(&row)?;
        let phases = sqlx::query("SELECT id, model_id, position, name, typical_days, description FROM phases WHERE model_id = $1 ORDER BY position")
            .bind(id)
            .fetch_all(self.r())
            .await?;
        m.phases = phases.iter().map(phase_from).collect::<Result<_>>()?;
        Ok(m)
    }

    /// The life-domain catalogue in display order.
    pub async fn life_domains(&self) -> Result<Vec<LifeDomain>> {
        let rows = sqlx::query("SELECT code, domain_set, name, zrm_code FROM life_domains ORDER BY position").fetch_all(self.r()).await?;
        rows.iter()
            .map(|r| Ok(LifeDomain { code: r.try_get("code")?, domain_set: r.try_get("domain_set")?, name: r.try_get("name")?, zrm_code: r.try_get("zrm_code")? }))
            .collect()
    }

    /// Adds a location; returns its id.
    pub async fn create_location(&self, name: &str, kind: &str) -> Result<i64> {
        let row = sqlx::query("INSERT INTO locations (name, kind) VALUES ($1, $2) RETURNING id").bind(name).bind(kind).fetch_one(self.w()).await?;
        Ok(row.try_get(0)?)
    }

    /// Adds a team at a location; returns its id.
    pub async fn create_team(&self, name: &str, location_id: i64) -> Result<i64> {
        let row = sqlx::query("INSERT INTO teams (name, location_id) VALUES ($1, $2) RETURNING id").bind(name).bind(location_id).fetch_one(self.w()).await?;
        Ok(row.try_get(0)?)
    }

    /// Every team with its location.
    pub async fn teams(&self) -> Result<Vec<Team>> {
        let rows = sqlx::query("SELECT t.id, t.name, l.name AS location FROM teams t JOIN locations l ON l.id = t.location_id ORDER BY l.name, t.name")
            .fetch_all(self.r())
            .await?;
        rows.iter().map(|r| Ok(Team { id: r.try_get("id")?, name: r.try_get("name")?, location: r.try_get("location")? })).collect()
    }

    /// The active staff of one team, by name (bounded by the team's size).
    pub async fn team_staff(&self, team_id: i64) -> Result<Vec<StaffMember>> {
        let rows = sqlx::query(
            "SELECT u.id, u.name, r.name AS role_name, u.team_id FROM users u JOIN roles r ON r.code = u.role_code \
             WHERE u.team_id = $1 AND u.active = TRUE ORDER BY u.name",
        )
        .bind(team_id)
        .fetch_all(self.r())
        .await?;
        rows.iter()
            .map(|r| Ok(StaffMember { id: r.try_get("id")?, name: r.try_get("name")?, role_name: r.try_get("role_name")?, team_id: r.try_get("team_id")? }))
            .collect()
    }
}

async fn insert_model(store: &Store, tx: &mut sqlx::Transaction<'static, sqlx::Any>, m: &PhaseModel) -> Result<i64> {
    store.tick(1 + m.phases.len() as u64);
    let code = if m.code.trim().is_empty() { slug(&m.name) } else { m.code.clone() };
    let id: i64 = sqlx::query(
        "INSERT INTO phase_models (code, name, description, cyclic, max_days, max_focus_domains, evaluation_interval_days, domain_set, builtin) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(code)
    .bind(m.name.trim())
    .bind(m.description.trim())
    .bind(m.cyclic)
    .bind(m.max_days)
    .bind(m.max_focus_domains)
    .bind(m.evaluation_interval_days)
    .bind(&m.domain_set)
    .bind(m.builtin)
    .fetch_one(&mut **tx)
    .await?
    .try_get(0)?;
    for (i, p) in m.phases.iter().enumerate() {
        sqlx::query("INSERT INTO phases (model_id, position, name, typical_days, description) VALUES ($1, $2, $3, $4, $5)")
            .bind(id)
            .bind(i as i64 + 1)
            .bind(p.name.trim())
            .bind(p.typical_days)
            .bind(p.description.trim())
            .execute(&mut **tx)
            .await?;
    }
    Ok(id)
}

fn slug(name: &str) -> String {
    let s: String = name.to_lowercase().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    format!("eigen-{}", s.trim_matches('-'))
}

fn model_from(r: &AnyRow) -> Result<PhaseModel> {
    Ok(PhaseModel {
        id: r.try_get("id")?,
        code: r.try_get("code")?,
        name: r.try_get("name")?,
        description: r.try_get("description")?,
        cyclic: crate::flag(r, "cyclic")?,
        max_days: r.try_get("max_days")?,
        max_focus_domains: r.try_get("max_focus_domains")?,
        evaluation_interval_days: r.try_get("evaluation_interval_days")?,
        domain_set: r.try_get("domain_set")?,
        builtin: crate::flag(r, "builtin")?,
        phases: Vec::new(),
    })
}

fn phase_from(r: &AnyRow) -> Result<Phase> {
    Ok(Phase {
        id: r.try_get("id")?,
        position: r.try_get("position")?,
        name: r.try_get("name")?,
        typical_days: r.try_get("typical_days")?,
        description: r.try_get("description")?,
    })
}
