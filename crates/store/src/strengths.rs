//! Krachten: the client's strengths per life domain, each change kept in `changes` (entities
//! `strength_domain` and `strength`) so that the inventory can be shown as it was on any date.
//! Every statement is constrained to the scope's client.

use crate::changes::{json, Change};
use crate::kept::{Kept, Versioned};
use crate::{ClientScope, Result, Store, StoreError};
use chrono::NaiveDate;
use regie_domain::history::RecordChange;
use regie_domain::plan::Op;
use regie_domain::strengths::{
    replay, Strength, StrengthDomain, StrengthDomainInput, StrengthInput, StrengthsSnapshot, ENTITY_DOMAIN, ENTITY_STRENGTH,
};
use regie_domain::FieldErrors;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

const DOMAIN_COLS: &str = "id, domain_code, situation, wishes, resources_before, version";
const STRENGTH_COLS: &str = "id, domain_code, kind, text, version";

/// Strengths as a kept record.
const STRENGTHS: Kept<Strength> = Kept { table: "strengths", cols: STRENGTH_COLS, entity: ENTITY_STRENGTH, read: strength_from };

impl Versioned for Strength {
    fn id(&self) -> i64 {
        self.id
    }
    fn version(&self) -> i64 {
        self.version
    }
    fn bumped(self) -> Self {
        Strength { version: self.version + 1, ..self }
    }
}

fn domain_from(r: &AnyRow) -> Result<StrengthDomain> {
    Ok(StrengthDomain {
        id: r.try_get("id")?,
        domain: r.try_get("domain_code")?,
        situation: r.try_get("situation")?,
        wishes: r.try_get("wishes")?,
        resources_before: r.try_get("resources_before")?,
        version: r.try_get("version")?,
    })
}

fn strength_from(r: &AnyRow) -> Result<Strength> {
    Ok(Strength {
        id: r.try_get("id")?,
        domain: r.try_get("domain_code")?,
        kind: r.try_get("kind")?,
        text: r.try_get("text")?,
        version: r.try_get("version")?,
    })
}

impl Store {
    /// The client's strengths inventory now, in one query.
    pub async fn strengths(&self, scope: &ClientScope) -> Result<StrengthsSnapshot> {
        // Both tables in one statement: the domain rows carry their three texts in a, b and c,
        // the strength rows their kind and text.
        let rows = sqlx::query(
            "SELECT 'd' AS part, id, domain_code, '' AS kind, situation AS a, wishes AS b, resources_before AS c, version \
             FROM strength_domains WHERE client_id = $1 \
             UNION ALL \
             SELECT 's' AS part, id, domain_code, kind, text AS a, '' AS b, '' AS c, version \
             FROM strengths WHERE client_id = $2",
        )
        .bind(scope.client_id)
        .bind(scope.client_id)
        .fetch_all(self.r())
        .await?;
        let (mut domains, mut strengths) = (Vec::new(), Vec::new());
        for r in &rows {
            let part: String = r.try_get("part")?;
            let (id, domain, version) = (r.try_get("id")?, r.try_get("domain_code")?, r.try_get("version")?);
            if part == "d" {
                domains.push(StrengthDomain { id, domain, situation: r.try_get("a")?, wishes: r.try_get("b")?, resources_before: r.try_get("c")?, version });
            } else {
                strengths.push(Strength { id, domain, kind: r.try_get("kind")?, text: r.try_get("a")?, version });
            }
        }
        Ok(StrengthsSnapshot::new(domains, strengths))
    }

    /// Writes a domain's situation, wishes and resources. `version` is that of the texts the user
    /// saw (`None` when nothing was written for the domain yet).
    pub async fn set_strength_domain(&self, scope: &ClientScope, domain: &str, input: &StrengthDomainInput, version: Option<i64>) -> Result<StrengthDomain> {
        let mut e = FieldErrors::default();
        let v = input.check(&mut e);
        let domain = domain.trim();
        let mut tx = self.begin().await?;
        self.check_strength_domain(&mut tx, domain, &mut e).await?;
        e.finish()?;
        self.tick(1);
        let (row, op) = match version {
            None => {
                let row = sqlx::query(&format!(
                    "INSERT INTO strength_domains (client_id, domain_code, situation, wishes, resources_before, version) \
                     VALUES ($1, $2, $3, $4, $5, 1) ON CONFLICT (client_id, domain_code) DO NOTHING RETURNING {DOMAIN_COLS}"
                ))
                .bind(scope.client_id)
                .bind(domain)
                .bind(&v.situation)
                .bind(&v.wishes)
                .bind(&v.resources_before)
                .fetch_optional(&mut *tx)
                .await?;
                (row, Op::Create)
            }
            Some(version) => {
                let row = sqlx::query(&format!(
                    "UPDATE strength_domains SET situation = $1, wishes = $2, resources_before = $3, version = version + 1 \
                     WHERE client_id = $4 AND domain_code = $5 AND version = $6 RETURNING {DOMAIN_COLS}"
                ))
                .bind(&v.situation)
                .bind(&v.wishes)
                .bind(&v.resources_before)
                .bind(scope.client_id)
                .bind(domain)
                .bind(version)
                .fetch_optional(&mut *tx)
                .await?;
                (row, Op::Update)
            }
        };
        let Some(row) = row else {
            self.tick(1);
            let now = sqlx::query(&format!("SELECT {DOMAIN_COLS} FROM strength_domains WHERE client_id = $1 AND domain_code = $2"))
                .bind(scope.client_id)
                .bind(domain)
                .fetch_optional(&mut *tx)
                .await?;
            return Err(match now {
                Some(r) => StoreError::Conflict { current: json(&domain_from(&r)?) },
                None => StoreError::NotFound,
            });
        };
        let item = domain_from(&row)?;
        let change = Change { trajectory_id: None, entity: ENTITY_DOMAIN, entity_id: item.id, version: item.version, op: op.code(), data: json(&item) };
        self.write_change(&mut tx, scope, change).await?;
        tx.commit().await?;
        Ok(item)
    }

    /// Adds a strength.
    pub async fn add_strength(&self, scope: &ClientScope, input: &StrengthInput) -> Result<Strength> {
        let mut e = FieldErrors::default();
        let v = input.check(&mut e);
        let mut tx = self.begin().await?;
        self.check_strength_domain(&mut tx, &v.domain, &mut e).await?;
        e.finish()?;
        self.tick(1);
        let row = sqlx::query(&format!(
            "INSERT INTO strengths (client_id, domain_code, kind, text, version) VALUES ($1, $2, $3, $4, 1) RETURNING {STRENGTH_COLS}"
        ))
        .bind(scope.client_id)
        .bind(&v.domain)
        .bind(v.kind)
        .bind(&v.text)
        .fetch_one(&mut *tx)
        .await?;
        let item = strength_from(&row)?;
        self.write_kept_change(&mut tx, scope, &STRENGTHS, &item, Op::Create).await?;
        tx.commit().await?;
        Ok(item)
    }

    /// Changes a strength (its words, kind or domain); a stale `version` is refused with the
    /// strength as it is now.
    pub async fn update_strength(&self, scope: &ClientScope, id: i64, input: &StrengthInput, version: i64) -> Result<Strength> {
        let mut e = FieldErrors::default();
        let v = input.check(&mut e);
        let mut tx = self.begin().await?;
        self.check_strength_domain(&mut tx, &v.domain, &mut e).await?;
        e.finish()?;
        self.tick(1);
        let row = sqlx::query(&format!(
            "UPDATE strengths SET domain_code = $1, kind = $2, text = $3, version = version + 1 \
             WHERE id = $4 AND client_id = $5 AND version = $6 RETURNING {STRENGTH_COLS}"
        ))
        .bind(&v.domain)
        .bind(v.kind)
        .bind(&v.text)
        .bind(id)
        .bind(scope.client_id)
        .bind(version)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            return Err(self.kept_conflict(&mut tx, scope, &STRENGTHS, id).await);
        };
        let item = strength_from(&row)?;
        self.write_kept_change(&mut tx, scope, &STRENGTHS, &item, Op::Update).await?;
        tx.commit().await?;
        Ok(item)
    }

    /// Removes a strength (kept in the history).
    pub async fn delete_strength(&self, scope: &ClientScope, id: i64, version: i64) -> Result<()> {
        self.delete_kept(scope, &STRENGTHS, id, version).await
    }

    /// Every kept change of the client's strengths inventory, oldest first.
    pub async fn strengths_history(&self, scope: &ClientScope) -> Result<Vec<RecordChange>> {
        self.record_history(scope, &[ENTITY_DOMAIN, ENTITY_STRENGTH], None).await
    }

    /// The inventory as it was at the end of `date`, with the changes made up to then.
    pub async fn strengths_as_of(&self, scope: &ClientScope, date: NaiveDate) -> Result<(StrengthsSnapshot, Vec<RecordChange>)> {
        let end = crate::time::end_of(date);
        let history = self.record_history(scope, &[ENTITY_DOMAIN, ENTITY_STRENGTH], Some(end)).await?;
        Ok((replay(&history, end), history))
    }

    /// The domain set of the method of the client's active (or else latest) trajectory, to choose
    /// which life domains the inventory shows; `None` without a trajectory (one query).
    pub async fn client_domain_set(&self, scope: &ClientScope) -> Result<Option<String>> {
        let row = sqlx::query(
            "SELECT m.domain_set FROM trajectories t JOIN phase_models m ON m.id = t.model_id WHERE t.client_id = $1 \
             ORDER BY CASE WHEN t.status = 'actief' THEN 0 ELSE 1 END, t.started_on DESC, t.id DESC LIMIT 1",
        )
        .bind(scope.client_id)
        .fetch_optional(self.r())
        .await?;
        Ok(match row {
            Some(r) => Some(r.try_get("domain_set")?),
            None => None,
        })
    }


    /// Records that a life-domain code does not exist (an empty one already has its message).
    async fn check_strength_domain(&self, conn: &mut AnyConnection, domain: &str, e: &mut FieldErrors) -> Result<()> {
        if domain.is_empty() {
            if e.get("domain").is_none() {
                e.add("domain", "Kies een leefgebied.");
            }
            return Ok(());
        }
        self.tick(1);
        let n: i64 = sqlx::query("SELECT COUNT(*) FROM life_domains WHERE code = $1").bind(domain).fetch_one(conn).await?.try_get(0)?;
        if n == 0 {
            e.add("domain", "Dit leefgebied bestaat niet.");
        }
        Ok(())
    }
}
