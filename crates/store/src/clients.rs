//! Client details, household, care team, registration, and the whole dossier in one call.

use crate::changes::{json, Change};
use crate::{ClientScope, Result, Store, StoreError};
use chrono::{Datelike, NaiveDate};
use regie_domain::catalogue::{ActionStatus, TrajectoryStatus};
use regie_domain::plan::PlanSnapshot;
use regie_domain::record::{CareTeamMember, Client, Dossier, HouseholdMember, Page};
use regie_domain::signals::{signals, CaseFacts};
use regie_domain::FieldErrors;
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::query::Query;
use sqlx::{Any, AnyConnection, Row};

/// Input for registering or changing a client, as typed in a form or sent to the API.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ClientInput {
    /// First name (required).
    pub first_name: String,
    /// Last name (required).
    pub last_name: String,
    /// Date of birth, `JJJJ-MM-DD`, not in the future.
    pub birth_date: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Email.
    pub email: Option<String>,
    /// Street and number.
    pub address: Option<String>,
    /// Place.
    pub city: Option<String>,
    /// Team the client is registered with (required when registering).
    pub team_id: Option<i64>,
}

/// A client's details after checking.
pub(crate) struct Checked {
    pub(crate) first_name: String,
    pub(crate) last_name: String,
    pub(crate) birth_date: Option<String>,
    pub(crate) phone: Option<String>,
    pub(crate) email: Option<String>,
    pub(crate) address: Option<String>,
    pub(crate) city: Option<String>,
}

impl Checked {
    /// Binds the details as `$1` to `$7`, in the order of the `clients` columns.
    pub(crate) fn bind<'q>(&'q self, q: Query<'q, Any, AnyArguments<'q>>) -> Query<'q, Any, AnyArguments<'q>> {
        q.bind(&self.first_name).bind(&self.last_name).bind(&self.birth_date).bind(&self.phone).bind(&self.email).bind(&self.address).bind(&self.city)
    }
}

pub(crate) fn check_client(e: &mut FieldErrors, input: &ClientInput, today: NaiveDate) -> Checked {
    let first_name = e.text("first_name", &input.first_name, 100);
    let last_name = e.text("last_name", &input.last_name, 100);
    let birth_date = e.opt_date("birth_date", input.birth_date.as_deref());
    if matches!(birth_date, Some(d) if d > today) {
        e.add("birth_date", "Deze datum ligt in de toekomst.");
    }
    let phone = e.opt_text("phone", input.phone.as_deref(), 40);
    let email = e.opt_text("email", input.email.as_deref(), 200);
    if matches!(&email, Some(m) if !m.contains('@')) {
        e.add("email", "Geef een geldig e-mailadres, met een @ erin.");
    }
    let address = e.opt_text("address", input.address.as_deref(), 200);
    let city = e.opt_text("city", input.city.as_deref(), 100);
    Checked { first_name, last_name, birth_date: birth_date.map(crate::time::day), phone, email, address, city }
}

pub(crate) const CLIENT_SELECT: &str = "SELECT c.id, c.first_name, c.last_name, c.birth_date, c.phone, c.email, c.address, c.city, c.team_id, \
     tm.name AS team_name, c.version FROM clients c JOIN teams tm ON tm.id = c.team_id WHERE c.id = $1";

pub(crate) fn client_from(r: &AnyRow) -> Result<Client> {
    Ok(Client {
        id: r.try_get("id")?,
        first_name: r.try_get("first_name")?,
        last_name: r.try_get("last_name")?,
        birth_date: crate::opt_date(r, "birth_date")?,
        phone: r.try_get("phone")?,
        email: r.try_get("email")?,
        address: r.try_get("address")?,
        city: r.try_get("city")?,
        team_id: r.try_get("team_id")?,
        team_name: r.try_get("team_name")?,
        version: r.try_get("version")?,
    })
}

fn member_from(r: &AnyRow) -> Result<HouseholdMember> {
    Ok(HouseholdMember { id: r.try_get("id")?, name: r.try_get("name")?, relation: r.try_get("relation")?, birth_year: r.try_get("birth_year")? })
}

impl Store {
    /// The client's personal details.
    pub async fn client(&self, scope: &ClientScope) -> Result<Client> {
        let row = sqlx::query(CLIENT_SELECT).bind(scope.client_id).fetch_optional(self.r()).await?.ok_or(StoreError::NotFound)?;
        client_from(&row)
    }

    /// Changes personal details; refused with [`crate::StoreError::Conflict`] when `version` is stale.
    /// The team changes only when `input.team_id` is given.
    pub async fn update_client(&self, scope: &ClientScope, input: &ClientInput, version: i64) -> Result<Client> {
        let mut e = FieldErrors::default();
        let c = check_client(&mut e, input, crate::today());
        if let Some(team) = input.team_id {
            if !self.team_exists(team).await? {
                e.add("team_id", "Dit team bestaat niet. Kies een team uit de lijst.");
            }
        }
        e.finish()?;
        let mut tx = self.begin().await?;
        self.tick(1);
        const UPDATE: &str = "UPDATE clients SET first_name = $1, last_name = $2, birth_date = $3, phone = $4, email = $5, address = $6, \
             city = $7, team_id = COALESCE($8, team_id), version = version + 1 WHERE id = $9 AND version = $10";
        let done = c.bind(sqlx::query(UPDATE)).bind(input.team_id).bind(scope.client_id).bind(version).execute(&mut *tx).await?.rows_affected();
        if done != 1 {
            drop(tx);
            let current = self.client(scope).await?;
            return Err(StoreError::Conflict { current: serde_json::to_value(&current).unwrap_or_default() });
        }
        self.tick(1);
        let client = client_from(&sqlx::query(CLIENT_SELECT).bind(scope.client_id).fetch_one(&mut *tx).await?)?;
        self.write_change(&mut tx, scope, Change { trajectory_id: None, entity: "client", entity_id: client.id, version: client.version, op: "update", data: json(&client) }).await?;
        tx.commit().await?;
        Ok(client)
    }

    /// Adds a household member.
    pub async fn add_household_member(&self, scope: &ClientScope, name: &str, relation: &str, birth_year: Option<&str>) -> Result<HouseholdMember> {
        let mut e = FieldErrors::default();
        let name = e.text("name", name, 100);
        let relation = e.text("relation", relation, 50);
        let birth_year = match birth_year.map(str::trim).filter(|y| !y.is_empty()) {
            Some(y) => e.int_in("birth_year", y, 1900, i64::from(crate::today().year())),
            None => None,
        };
        e.finish()?;
        let mut tx = self.begin().await?;
        self.tick(1);
        let id: i64 = sqlx::query("INSERT INTO household_members (client_id, name, relation, birth_year) VALUES ($1, $2, $3, $4) RETURNING id")
            .bind(scope.client_id)
            .bind(&name)
            .bind(&relation)
            .bind(birth_year)
            .fetch_one(&mut *tx)
            .await?
            .try_get(0)?;
        let member = HouseholdMember { id, name, relation, birth_year };
        self.write_change(&mut tx, scope, Change { trajectory_id: None, entity: "household_member", entity_id: id, version: 1, op: "create", data: json(&member) }).await?;
        tx.commit().await?;
        Ok(member)
    }

    /// Removes a household member.
    pub async fn remove_household_member(&self, scope: &ClientScope, member_id: i64) -> Result<()> {
        let mut tx = self.begin().await?;
        self.tick(1);
        let row = sqlx::query("DELETE FROM household_members WHERE id = $1 AND client_id = $2 RETURNING id, name, relation, birth_year")
            .bind(member_id)
            .bind(scope.client_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        let member = member_from(&row)?;
        self.write_change(&mut tx, scope, Change { trajectory_id: None, entity: "household_member", entity_id: member_id, version: 1, op: "delete", data: json(&member) }).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The care team: the trajectbegeleider of the active trajectory first, then by name.
    pub async fn care_team(&self, scope: &ClientScope) -> Result<Vec<CareTeamMember>> {
        let rows = sqlx::query(
            "SELECT ct.user_id, u.name, r.name AS role_name, \
             (SELECT COUNT(*) FROM trajectories t WHERE t.client_id = ct.client_id AND t.status = $2 AND t.owner_user_id = ct.user_id) AS owner \
             FROM care_team ct JOIN users u ON u.id = ct.user_id JOIN roles r ON r.code = ct.role_code \
             WHERE ct.client_id = $1 ORDER BY owner DESC, u.name, ct.user_id",
        )
        .bind(scope.client_id)
        .bind(TrajectoryStatus::Active.code())
        .fetch_all(self.r())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(CareTeamMember {
                    user_id: r.try_get("user_id")?,
                    name: r.try_get("name")?,
                    role_name: r.try_get("role_name")?,
                    is_owner: r.try_get::<i64, _>("owner")? > 0,
                })
            })
            .collect()
    }

    /// Gives a colleague a care relation with the client.
    pub async fn add_care_team_member(&self, scope: &ClientScope, user_id: i64) -> Result<()> {
        let user = sqlx::query("SELECT role_code, active FROM users WHERE id = $1").bind(user_id).fetch_optional(self.r()).await?;
        let role: String = match &user {
            Some(row) if crate::flag(row, "active")? => row.try_get("role_code")?,
            _ => return Err(StoreError::field("user_id", "Kies een medewerker die nu in dienst is.")),
        };
        let mut tx = self.begin().await?;
        if !self.insert_care_relation(&mut tx, scope.client_id, user_id, &role, crate::today()).await? {
            return Err(StoreError::field("user_id", "Deze medewerker hoort al bij het zorgteam."));
        }
        let data = serde_json::json!({ "user_id": user_id, "role": role });
        self.write_change(&mut tx, scope, Change { trajectory_id: None, entity: "care_team", entity_id: user_id, version: 1, op: "create", data }).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Gives `user_id` a care relation with the client in `role` inside the caller's transaction;
    /// `false` when there already was one (the row stays as it was).
    pub(crate) async fn insert_care_relation(&self, conn: &mut AnyConnection, client_id: i64, user_id: i64, role: &str, today: NaiveDate) -> Result<bool> {
        self.tick(1);
        let added = sqlx::query(
            "INSERT INTO care_team (client_id, user_id, role_code, since) VALUES ($1, $2, $3, $4) ON CONFLICT (client_id, user_id) DO NOTHING",
        )
        .bind(client_id)
        .bind(user_id)
        .bind(role)
        .bind(crate::time::day(today))
        .execute(conn)
        .await?
        .rows_affected();
        Ok(added > 0)
    }

    /// Everything the dossier page shows, in a fixed number of queries whatever its size:
    /// 7 without a trajectory, 15 with one.
    pub async fn dossier(&self, scope: &ClientScope, today: NaiveDate) -> Result<Dossier> {
        let (client, household, trajectory, journal, care_team) = tokio::try_join!(
            self.client(scope),
            self.household(scope),
            self.current_trajectory(scope),
            self.journal(scope, Dossier::JOURNAL_LIMIT, 0),
            self.care_team(scope),
        )?;
        let Page { items: journal, total: journal_total } = journal;
        let Some(trajectory) = trajectory else {
            return Ok(Dossier {
                client,
                household,
                trajectory: None,
                model: None,
                phase_steps: Vec::new(),
                plan: PlanSnapshot::default(),
                journal,
                journal_total,
                evaluations: Vec::new(),
                care_team,
                signals: Vec::new(),
            });
        };
        let tid = trajectory.id;
        let (model, phase_steps, plan, evaluations) = tokio::try_join!(
            self.phase_model(trajectory.model_id),
            self.phase_steps(scope, tid),
            self.read_plan(scope.client_id, tid),
            self.latest_evaluations(scope, tid, Dossier::EVALUATION_LIMIT),
        )?;
        let plan = plan.unwrap_or_default();
        let signals = if trajectory.status == TrajectoryStatus::Active.code() {
            let overdue_actions = plan
                .goals
                .iter()
                .flat_map(|g| &g.actions)
                .filter(|a| ActionStatus::parse(&a.status).is_some_and(ActionStatus::is_pending) && a.due_date.is_some_and(|d| d < today))
                .count() as i64;
            let facts = CaseFacts {
                started_on: Some(trajectory.started_on),
                max_days: model.max_days,
                next_evaluation_on: trajectory.next_evaluation_on,
                overdue_actions,
                last_contact: journal.iter().map(|j| j.contact_date).max(),
                phase_name: trajectory.phase_name.clone(),
                phase_entered_on: Some(trajectory.phase_entered_on),
                phase_typical_days: model.phase_at(trajectory.phase_position).and_then(|p| p.typical_days),
            };
            signals(&facts, today)
        } else {
            Vec::new()
        };
        Ok(Dossier {
            client,
            household,
            trajectory: Some(trajectory),
            model: Some(model),
            phase_steps,
            plan,
            journal,
            journal_total,
            evaluations,
            care_team,
            signals,
        })
    }

    /// Household members in name order.
    async fn household(&self, scope: &ClientScope) -> Result<Vec<HouseholdMember>> {
        let rows = sqlx::query("SELECT id, name, relation, birth_year FROM household_members WHERE client_id = $1 ORDER BY name, id")
            .bind(scope.client_id)
            .fetch_all(self.r())
            .await?;
        rows.iter().map(member_from).collect()
    }

    pub(crate) async fn team_exists(&self, team_id: i64) -> Result<bool> {
        let n: i64 = sqlx::query("SELECT COUNT(*) FROM teams WHERE id = $1").bind(team_id).fetch_one(self.r()).await?.try_get(0)?;
        Ok(n > 0)
    }
}
