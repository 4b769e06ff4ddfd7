//! Netwerk: the people and organisations around the client, each change kept in `changes`
//! (entity `network_member`) so that the network can be shown as it was on any date. Every
//! statement is constrained to the scope's client.

use crate::kept::{Kept, Versioned};
use crate::{ClientScope, Result, Store};
use chrono::NaiveDate;
use regie_domain::history::RecordChange;
use regie_domain::network::{replay, sort_members, support_from_text, support_to_text, NetworkMember, NetworkMemberInput, ENTITY_MEMBER};
use regie_domain::plan::Op;
use regie_domain::FieldErrors;
use sqlx::any::AnyRow;
use sqlx::Row;

/// Network members as a kept record.
const MEMBERS: Kept<NetworkMember> = Kept { table: "network_members", cols: MEMBER_COLS, entity: ENTITY_MEMBER, read: member_from };

impl Versioned for NetworkMember {
    fn id(&self) -> i64 {
        self.id
    }
    fn version(&self) -> i64 {
        self.version
    }
    fn bumped(self) -> Self {
        NetworkMember { version: self.version + 1, ..self }
    }
}

const MEMBER_COLS: &str =
    "id, name, relation, kind, phone, email, closeness, support, gives_back, takes_part_actions, takes_part_evaluations, consent, version";

fn member_from(r: &AnyRow) -> Result<NetworkMember> {
    let support: String = r.try_get("support")?;
    Ok(NetworkMember {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        relation: r.try_get("relation")?,
        kind: r.try_get("kind")?,
        phone: r.try_get("phone")?,
        email: r.try_get("email")?,
        closeness: r.try_get("closeness")?,
        support: support_from_text(&support),
        gives_back: r.try_get("gives_back")?,
        takes_part_actions: crate::flag(r, "takes_part_actions")?,
        takes_part_evaluations: crate::flag(r, "takes_part_evaluations")?,
        consent: r.try_get("consent")?,
        version: r.try_get("version")?,
    })
}

impl Store {
    /// The client's network now: inner ring first, then by name (one query).
    pub async fn network(&self, scope: &ClientScope) -> Result<Vec<NetworkMember>> {
        let rows = sqlx::query(&format!("SELECT {MEMBER_COLS} FROM network_members WHERE client_id = $1"))
            .bind(scope.client_id)
            .fetch_all(self.r())
            .await?;
        let mut members = rows.iter().map(member_from).collect::<Result<Vec<_>>>()?;
        sort_members(&mut members);
        Ok(members)
    }

    /// Adds someone to the client's network.
    pub async fn add_network_member(&self, scope: &ClientScope, input: &NetworkMemberInput) -> Result<NetworkMember> {
        let mut e = FieldErrors::default();
        let v = input.check(&mut e);
        e.finish()?;
        let mut tx = self.begin().await?;
        self.tick(1);
        let row = sqlx::query(&format!(
            "INSERT INTO network_members (client_id, name, relation, kind, phone, email, closeness, support, gives_back, \
             takes_part_actions, takes_part_evaluations, consent, version) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1) RETURNING {MEMBER_COLS}"
        ))
        .bind(scope.client_id)
        .bind(&v.name)
        .bind(&v.relation)
        .bind(v.kind)
        .bind(&v.phone)
        .bind(&v.email)
        .bind(v.closeness)
        .bind(support_to_text(&v.support))
        .bind(&v.gives_back)
        .bind(v.takes_part_actions)
        .bind(v.takes_part_evaluations)
        .bind(v.consent)
        .fetch_one(&mut *tx)
        .await?;
        let member = member_from(&row)?;
        self.write_kept_change(&mut tx, scope, &MEMBERS, &member, Op::Create).await?;
        tx.commit().await?;
        Ok(member)
    }

    /// Changes a network member; a stale `version` is refused with the member as it is now.
    pub async fn update_network_member(&self, scope: &ClientScope, id: i64, input: &NetworkMemberInput, version: i64) -> Result<NetworkMember> {
        let mut e = FieldErrors::default();
        let v = input.check(&mut e);
        e.finish()?;
        let mut tx = self.begin().await?;
        self.tick(1);
        let row = sqlx::query(&format!(
            "UPDATE network_members SET name = $1, relation = $2, kind = $3, phone = $4, email = $5, closeness = $6, support = $7, \
             gives_back = $8, takes_part_actions = $9, takes_part_evaluations = $10, consent = $11, version = version + 1 \
             WHERE id = $12 AND client_id = $13 AND version = $14 RETURNING {MEMBER_COLS}"
        ))
        .bind(&v.name)
        .bind(&v.relation)
        .bind(v.kind)
        .bind(&v.phone)
        .bind(&v.email)
        .bind(v.closeness)
        .bind(support_to_text(&v.support))
        .bind(&v.gives_back)
        .bind(v.takes_part_actions)
        .bind(v.takes_part_evaluations)
        .bind(v.consent)
        .bind(id)
        .bind(scope.client_id)
        .bind(version)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            return Err(self.kept_conflict(&mut tx, scope, &MEMBERS, id).await);
        };
        let member = member_from(&row)?;
        self.write_kept_change(&mut tx, scope, &MEMBERS, &member, Op::Update).await?;
        tx.commit().await?;
        Ok(member)
    }

    /// Removes someone from the network (kept in the history). Actions they own keep their name.
    pub async fn delete_network_member(&self, scope: &ClientScope, id: i64, version: i64) -> Result<()> {
        self.delete_kept(scope, &MEMBERS, id, version).await
    }

    /// Every kept change of the client's network, oldest first.
    pub async fn network_history(&self, scope: &ClientScope) -> Result<Vec<RecordChange>> {
        self.record_history(scope, &[ENTITY_MEMBER], None).await
    }

    /// The network as it was at the end of `date`, with the changes made up to then.
    pub async fn network_as_of(&self, scope: &ClientScope, date: NaiveDate) -> Result<(Vec<NetworkMember>, Vec<RecordChange>)> {
        let end = crate::time::end_of(date);
        let history = self.record_history(scope, &[ENTITY_MEMBER], Some(end)).await?;
        Ok((replay(&history, end), history))
    }
}
