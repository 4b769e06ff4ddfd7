//! Client details, household, care team, registration, and the whole dossier in one call.

use crate::access::basis_for;
use crate::trajectory::{trajectory_from, TRAJECTORY_SELECT};
use crate::{Actor, ClientScope, Result, Store, StoreError};
use chrono::{Datelike, NaiveDate};
use regie_domain::catalogue::{AccessBasis, ActionStatus, AuditAction, TrajectoryStatus};
use regie_domain::plan::{self, Action, Goal, PerspectiveItem, PlanSnapshot};
use regie_domain::record::{CareTeamMember, Client, Dossier, Evaluation, EvaluationGoal, HouseholdMember, JournalEntry};
use regie_domain::signals::{signals, CaseFacts};
use regie_domain::FieldErrors;
use sqlx::any::AnyRow;
use sqlx::Row;

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
struct Checked {
    first_name: String,
    last_name: String,
    birth_date: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    address: Option<String>,
    city: Option<String>,
}

fn check_client(e: &mut FieldErrors, input: &ClientInput, today: NaiveDate) -> Checked {
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

const CLIENT_SELECT: &str = "SELECT c.id, c.first_name, c.last_name, c.birth_date, c.phone, c.email, c.address, c.city, c.team_id, \
     tm.name AS team_name, c.version FROM clients c JOIN teams tm ON tm.id = c.team_id WHERE c.id = $1";

fn client_from(r: &AnyRow) -> Result<Client> {
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
    /// Registers a new client with the actor's team (or `input.team_id`) and gives the actor a
    /// care relation; writes the change and the audit record. Returns the new client's id.
    pub async fn register_client(&self, actor: &Actor, input: &ClientInput) -> Result<i64> {
        let mut e = FieldErrors::default();
        let c = check_client(&mut e, input, crate::today());
        let team_id = input.team_id.or(actor.user.team_id);
        match team_id {
            None => e.add("team_id", "Kies het team waar de cliënt bij hoort."),
            Some(team) => {
                if !self.team_exists(team).await? {
                    e.add("team_id", "Dit team bestaat niet. Kies een team uit de lijst.");
                }
            }
        }
        e.finish()?;
        let team_id = team_id.ok_or_else(|| StoreError::Corrupt("validated client without team".into()))?;
        // Functioneel beheer registers for a team but has no need to know the client afterwards.
        let relation = !actor.user.admin;
        let mut tx = self.begin().await?;
        self.tick(2);
        let id: i64 = sqlx::query(
            "INSERT INTO clients (first_name, last_name, birth_date, phone, email, address, city, team_id, created_at, version) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1) RETURNING id",
        )
        .bind(&c.first_name)
        .bind(&c.last_name)
        .bind(&c.birth_date)
        .bind(&c.phone)
        .bind(&c.email)
        .bind(&c.address)
        .bind(&c.city)
        .bind(team_id)
        .bind(crate::now())
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)?;
        let scope = ClientScope { client_id: id, user_id: actor.user.id, basis: AccessBasis::CareRelation };
        if relation {
            self.tick(1);
            sqlx::query("INSERT INTO care_team (client_id, user_id, role_code, since) VALUES ($1, $2, $3, $4)")
                .bind(id)
                .bind(actor.user.id)
                .bind(&actor.user.role)
                .bind(crate::time::day(crate::today()))
                .execute(&mut *tx)
                .await?;
        }
        let client = client_from(&sqlx::query(CLIENT_SELECT).bind(id).fetch_one(&mut *tx).await?)?;
        self.record_change(&mut tx, &scope, None, "client", id, 1, "create", &client).await?;
        if relation {
            let data = serde_json::json!({ "user_id": actor.user.id, "role": actor.user.role });
            self.record_change(&mut tx, &scope, None, "care_team", actor.user.id, 1, "create", &data).await?;
        }
        tx.commit().await?;
        let basis = if relation {
            AccessBasis::CareRelation
        } else {
            match basis_for(&actor.user, team_id, false) {
                AccessBasis::Refused => AccessBasis::Organisation,
                b => b,
            }
        };
        self.audit(actor, Some(id), AuditAction::Create, "client", basis).await?;
        Ok(id)
    }

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
        let done = sqlx::query(
            "UPDATE clients SET first_name = $1, last_name = $2, birth_date = $3, phone = $4, email = $5, address = $6, city = $7, \
             team_id = COALESCE($8, team_id), version = version + 1 WHERE id = $9 AND version = $10",
        )
        .bind(&c.first_name)
        .bind(&c.last_name)
        .bind(&c.birth_date)
        .bind(&c.phone)
        .bind(&c.email)
        .bind(&c.address)
        .bind(&c.city)
        .bind(input.team_id)
        .bind(scope.client_id)
        .bind(version)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if done != 1 {
            drop(tx);
            let current = self.client(scope).await?;
            return Err(StoreError::Conflict { current: serde_json::to_value(&current).unwrap_or_default() });
        }
        self.tick(1);
        let client = client_from(&sqlx::query(CLIENT_SELECT).bind(scope.client_id).fetch_one(&mut *tx).await?)?;
        self.record_change(&mut tx, scope, None, "client", client.id, client.version, "update", &client).await?;
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
        self.record_change(&mut tx, scope, None, "household_member", id, 1, "create", &member).await?;
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
        self.record_change(&mut tx, scope, None, "household_member", member_id, 1, "delete", &member).await?;
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
        self.tick(1);
        let added = sqlx::query(
            "INSERT INTO care_team (client_id, user_id, role_code, since) VALUES ($1, $2, $3, $4) ON CONFLICT (client_id, user_id) DO NOTHING",
        )
        .bind(scope.client_id)
        .bind(user_id)
        .bind(&role)
        .bind(crate::time::day(crate::today()))
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if added == 0 {
            return Err(StoreError::field("user_id", "Deze medewerker hoort al bij het zorgteam."));
        }
        let data = serde_json::json!({ "user_id": user_id, "role": role });
        self.record_change(&mut tx, scope, None, "care_team", user_id, 1, "create", &data).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Everything the dossier page shows, in a fixed number of queries whatever its size:
    /// 7 without a trajectory, 15 with one.
    pub async fn dossier(&self, scope: &ClientScope, today: NaiveDate) -> Result<Dossier> {
        let (client, household, trajectory, (journal, journal_total), care_team) = tokio::try_join!(
            self.client(scope),
            self.household(scope),
            self.current_trajectory(scope),
            self.latest_journal(scope),
            self.care_team(scope),
        )?;
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
        let (model, phase_steps, (plan, overdue_actions), evaluations) = tokio::try_join!(
            self.phase_model(trajectory.model_id),
            self.phase_steps(scope, tid),
            self.current_plan(scope, tid, today),
            self.latest_evaluations(scope, tid),
        )?;
        let signals = if trajectory.status == TrajectoryStatus::Active.code() {
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

    /// The active trajectory, or else the latest one.
    async fn current_trajectory(&self, scope: &ClientScope) -> Result<Option<regie_domain::record::Trajectory>> {
        let row = sqlx::query(&format!(
            "{TRAJECTORY_SELECT} WHERE t.client_id = $1 ORDER BY CASE WHEN t.status = $2 THEN 0 ELSE 1 END, t.started_on DESC, t.id DESC LIMIT 1"
        ))
        .bind(scope.client_id)
        .bind(TrajectoryStatus::Active.code())
        .fetch_optional(self.r())
        .await?;
        row.as_ref().map(trajectory_from).transpose()
    }

    /// The latest journal entries with their goals, and the total count (three queries).
    async fn latest_journal(&self, scope: &ClientScope) -> Result<(Vec<JournalEntry>, i64)> {
        const LATEST: &str = "SELECT j.id FROM journal_entries j WHERE j.client_id = $1 ORDER BY j.contact_date DESC, j.id DESC LIMIT $2";
        let entries = sqlx::query(
            "SELECT j.id, j.contact_type, j.contact_date, j.duration_minutes, j.text, j.client_visible, u.name AS author_name, j.created_at \
             FROM journal_entries j JOIN users u ON u.id = j.author_id WHERE j.client_id = $1 ORDER BY j.contact_date DESC, j.id DESC LIMIT $2",
        )
        .bind(scope.client_id)
        .bind(Dossier::JOURNAL_LIMIT)
        .fetch_all(self.r());
        let links_sql = format!("SELECT jg.entry_id, jg.goal_id FROM journal_goals jg WHERE jg.entry_id IN ({LATEST}) ORDER BY jg.entry_id, jg.goal_id");
        let links = sqlx::query(&links_sql).bind(scope.client_id).bind(Dossier::JOURNAL_LIMIT).fetch_all(self.r());
        let total = sqlx::query("SELECT COUNT(*) FROM journal_entries WHERE client_id = $1").bind(scope.client_id).fetch_one(self.r());
        let (entries, links, total) = tokio::try_join!(entries, links, total)?;
        let mut out = entries
            .iter()
            .map(|r| {
                Ok(JournalEntry {
                    id: r.try_get("id")?,
                    contact_type: r.try_get("contact_type")?,
                    contact_date: crate::date(r, "contact_date")?,
                    duration_minutes: r.try_get("duration_minutes")?,
                    text: r.try_get("text")?,
                    client_visible: crate::flag(r, "client_visible")?,
                    author_name: r.try_get("author_name")?,
                    goal_ids: Vec::new(),
                    created_at: crate::moment(r, "created_at")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        for l in &links {
            let entry: i64 = l.try_get("entry_id")?;
            if let Some(e) = out.iter_mut().find(|e| e.id == entry) {
                e.goal_ids.push(l.try_get("goal_id")?);
            }
        }
        Ok((out, total.try_get(0)?))
    }

    /// The plan as it stands (three queries), and how many of its pending actions are past due.
    async fn current_plan(&self, scope: &ClientScope, trajectory_id: i64, today: NaiveDate) -> Result<(PlanSnapshot, i64)> {
        let perspective = sqlx::query(
            "SELECT p.id, p.area, p.text, p.version FROM perspective p JOIN trajectories t ON t.id = p.trajectory_id \
             WHERE p.trajectory_id = $1 AND t.client_id = $2",
        )
        .bind(trajectory_id)
        .bind(scope.client_id)
        .fetch_all(self.r());
        let goals = sqlx::query(
            "SELECT g.id, g.domain_code, g.text, g.priority, g.target_date, g.status, g.version FROM goals g \
             JOIN trajectories t ON t.id = g.trajectory_id WHERE g.trajectory_id = $1 AND t.client_id = $2",
        )
        .bind(trajectory_id)
        .bind(scope.client_id)
        .fetch_all(self.r());
        let actions = sqlx::query(
            "SELECT a.id, a.goal_id, a.text, a.owner_kind, a.owner_user_id, a.owner_name, a.due_date, a.status, a.version FROM actions a \
             JOIN trajectories t ON t.id = a.trajectory_id WHERE a.trajectory_id = $1 AND t.client_id = $2",
        )
        .bind(trajectory_id)
        .bind(scope.client_id)
        .fetch_all(self.r());
        let (perspective, goals, actions) = tokio::try_join!(perspective, goals, actions)?;
        let perspective = perspective
            .iter()
            .map(|r| Ok(PerspectiveItem { id: r.try_get("id")?, area: r.try_get("area")?, text: r.try_get("text")?, version: r.try_get("version")? }))
            .collect::<Result<Vec<_>>>()?;
        let goals = goals
            .iter()
            .map(|r| {
                Ok(Goal {
                    id: r.try_get("id")?,
                    domain: r.try_get("domain_code")?,
                    text: r.try_get("text")?,
                    priority: r.try_get("priority")?,
                    target_date: crate::opt_date(r, "target_date")?,
                    status: r.try_get("status")?,
                    version: r.try_get("version")?,
                    actions: Vec::new(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let actions = actions
            .iter()
            .map(|r| {
                Ok(Action {
                    id: r.try_get("id")?,
                    goal_id: r.try_get("goal_id")?,
                    text: r.try_get("text")?,
                    owner_kind: r.try_get("owner_kind")?,
                    owner_user_id: r.try_get("owner_user_id")?,
                    owner_name: r.try_get("owner_name")?,
                    due_date: crate::opt_date(r, "due_date")?,
                    status: r.try_get("status")?,
                    version: r.try_get("version")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let overdue = actions
            .iter()
            .filter(|a| ActionStatus::parse(&a.status).is_some_and(ActionStatus::is_pending) && a.due_date.is_some_and(|d| d < today))
            .count() as i64;
        Ok((plan::assemble(perspective, goals, actions), overdue))
    }

    /// The latest evaluations of a trajectory with their goals (two queries).
    async fn latest_evaluations(&self, scope: &ClientScope, trajectory_id: i64) -> Result<Vec<Evaluation>> {
        const LATEST: &str = "SELECT e.id FROM evaluations e JOIN trajectories t ON t.id = e.trajectory_id \
             WHERE e.trajectory_id = $1 AND t.client_id = $2 ORDER BY e.held_on DESC, e.id DESC LIMIT $3";
        let evaluations = sqlx::query(
            "SELECT e.id, e.held_on, e.participants, e.notes, e.plan_snapshot, u.name AS created_by_name FROM evaluations e \
             JOIN trajectories t ON t.id = e.trajectory_id JOIN users u ON u.id = e.created_by \
             WHERE e.trajectory_id = $1 AND t.client_id = $2 ORDER BY e.held_on DESC, e.id DESC LIMIT $3",
        )
        .bind(trajectory_id)
        .bind(scope.client_id)
        .bind(Dossier::EVALUATION_LIMIT)
        .fetch_all(self.r());
        let goals_sql = format!(
            "SELECT eg.evaluation_id, eg.goal_id, eg.goal_text, eg.verdict, eg.decision, eg.note FROM evaluation_goals eg \
             WHERE eg.evaluation_id IN ({LATEST}) ORDER BY eg.evaluation_id, eg.goal_id"
        );
        let goals = sqlx::query(&goals_sql).bind(trajectory_id).bind(scope.client_id).bind(Dossier::EVALUATION_LIMIT).fetch_all(self.r());
        let (evaluations, goals) = tokio::try_join!(evaluations, goals)?;
        let mut out = evaluations
            .iter()
            .map(|r| {
                let snapshot: String = r.try_get("plan_snapshot")?;
                Ok(Evaluation {
                    id: r.try_get("id")?,
                    held_on: crate::date(r, "held_on")?,
                    participants: r.try_get("participants")?,
                    notes: r.try_get("notes")?,
                    goals: Vec::new(),
                    plan: serde_json::from_str(&snapshot).map_err(|e| StoreError::Corrupt(format!("plan_snapshot: {e}")))?,
                    created_by_name: r.try_get("created_by_name")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        for g in &goals {
            let evaluation: i64 = g.try_get("evaluation_id")?;
            if let Some(e) = out.iter_mut().find(|e| e.id == evaluation) {
                e.goals.push(EvaluationGoal {
                    goal_id: g.try_get("goal_id")?,
                    goal_text: g.try_get("goal_text")?,
                    verdict: g.try_get("verdict")?,
                    decision: g.try_get("decision")?,
                    note: g.try_get("note")?,
                });
            }
        }
        // Goals in the order the client gave them in the plan of that day.
        for ev in &mut out {
            let rank = |goal_id: i64| ev.plan.goals.iter().position(|g| g.id == goal_id).unwrap_or(usize::MAX);
            let mut goals = std::mem::take(&mut ev.goals);
            goals.sort_by_key(|g| (rank(g.goal_id), g.goal_id));
            ev.goals = goals;
        }
        Ok(out)
    }

    async fn team_exists(&self, team_id: i64) -> Result<bool> {
        let n: i64 = sqlx::query("SELECT COUNT(*) FROM teams WHERE id = $1").bind(team_id).fetch_one(self.r()).await?.try_get(0)?;
        Ok(n > 0)
    }

    /// Keeps one change to a client's record in `changes`, inside the caller's transaction.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn record_change(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        scope: &ClientScope,
        trajectory_id: Option<i64>,
        entity: &str,
        entity_id: i64,
        version: i64,
        op: &str,
        data: &impl serde::Serialize,
    ) -> Result<()> {
        let data = serde_json::to_string(data).map_err(|e| StoreError::Corrupt(format!("change data: {e}")))?;
        self.tick(1);
        sqlx::query(
            "INSERT INTO changes (client_id, trajectory_id, entity, entity_id, version, op, at, by_user_id, data) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(scope.client_id)
        .bind(trajectory_id)
        .bind(entity)
        .bind(entity_id)
        .bind(version)
        .bind(op)
        .bind(crate::now())
        .bind(scope.user_id)
        .bind(data)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }
}
