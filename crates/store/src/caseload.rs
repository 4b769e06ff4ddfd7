//! Mijn cliënten: the clients a user may see, with signals, paged; every client shown is logged.

use crate::access::basis_for;
use crate::{Actor, Result, Store};
use chrono::NaiveDate;
use regie_domain::catalogue::{ActionStatus, RoleScope, TrajectoryStatus};
use regie_domain::record::{CaseloadRow, Page};
use regie_domain::instrument::due::PHASE_MEASURED_MODELS;
use regie_domain::instrument::ZrmFacts;
use regie_domain::signals::{signals, zrm_signal, CaseFacts};
use sqlx::Row;
use std::collections::HashMap;

/// Which clients a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseloadView {
    /// Clients the user has a care relation with.
    Mine,
    /// Every client the user may see (care relations, own team as teamleider, organisation role).
    Visible,
}

/// A caseload request.
#[derive(Debug, Clone)]
pub struct CaseloadQuery {
    /// Which clients.
    pub view: CaseloadView,
    /// Part of a name to search for.
    pub search: Option<String>,
    /// Page size (capped at 200).
    pub limit: i64,
    /// Rows to skip.
    pub offset: i64,
}

/// A value to bind, in placeholder order.
enum Bind {
    Int(i64),
    Text(String),
}

/// Collects binds and hands out their `$n` placeholders.
#[derive(Default)]
struct Binds(Vec<Bind>);

impl Binds {
    fn push(&mut self, b: Bind) -> String {
        self.0.push(b);
        format!("${}", self.0.len())
    }

    fn apply<'q>(&self, mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
        for b in &self.0 {
            q = match b {
                Bind::Int(i) => q.bind(*i),
                Bind::Text(s) => q.bind(s.clone()),
            };
        }
        q
    }
}

/// `%part%` with LIKE's wildcards in `part` taken literally (escape character `\`).
fn like_pattern(part: &str) -> String {
    let mut p = String::from("%");
    for ch in part.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(ch);
    }
    p.push('%');
    p
}

/// The columns of `clients c` a caseload reads.
const CLIENT_COLUMNS: &str = "c.id, c.first_name, c.last_name, c.birth_date, c.team_id";

/// The clients this request may list, as a statement yielding [`CLIENT_COLUMNS`] (one row per
/// client), to be used as a derived table. The team view of a teamleider is the UNION of the
/// team's clients and the clients they hold through a care relation: each half uses its own
/// index, where one `OR` of the two would make PostgreSQL read every client.
fn source(b: &mut Binds, actor: &Actor, query: &CaseloadQuery) -> String {
    let user = b.push(Bind::Int(actor.user.id));
    let mine = format!("c.id IN (SELECT ct.client_id FROM care_team ct WHERE ct.user_id = {user})");
    let branches = match (query.view, actor.user.scope, actor.user.team_id) {
        (CaseloadView::Visible, RoleScope::Organisation, _) => vec!["1 = 1".to_string()],
        (CaseloadView::Visible, RoleScope::Team, Some(team)) => {
            let team = b.push(Bind::Int(team));
            vec![format!("c.team_id = {team}"), mine]
        }
        _ => vec![mine],
    };
    let search = match query.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(search) => {
            let s = b.push(Bind::Text(like_pattern(search)));
            format!(
                " AND (LOWER(c.first_name) LIKE LOWER({s}) ESCAPE '\\' OR LOWER(c.last_name) LIKE LOWER({s}) ESCAPE '\\' \
                 OR LOWER(c.first_name || ' ' || c.last_name) LIKE LOWER({s}) ESCAPE '\\')"
            )
        }
        None => String::new(),
    };
    branches.iter().map(|cond| format!("SELECT {CLIENT_COLUMNS} FROM clients c WHERE {cond}{search}")).collect::<Vec<_>>().join(" UNION ")
}

fn in_list(b: &mut Binds, ids: &[i64]) -> String {
    ids.iter().map(|id| b.push(Bind::Int(*id))).collect::<Vec<_>>().join(", ")
}

/// What the page row tells about ZRM measurements (columns `zrm_last`, `evaluation_last`, …).
pub(crate) fn zrm_facts(r: &sqlx::any::AnyRow) -> Result<ZrmFacts> {
    let started_on = crate::opt_date(r, "started_on")?;
    let max_days: Option<i64> = r.try_get("max_days")?;
    let position: Option<i64> = r.try_get("phase_position")?;
    let last: Option<i64> = r.try_get("last_position")?;
    let code: Option<String> = r.try_get("model_code")?;
    Ok(ZrmFacts {
        started_on,
        last_measured_on: crate::opt_date(r, "zrm_last")?,
        last_evaluation_on: crate::opt_date(r, "evaluation_last")?,
        phase_entered_on: crate::opt_date(r, "phase_entered_on")?,
        phase_position: position.unwrap_or(1),
        phase_is_last: !crate::flag(r, "cyclic")? && position.is_some() && position == last,
        measures_per_phase: code.is_some_and(|c| PHASE_MEASURED_MODELS.contains(&c.as_str())),
        hard_end: started_on.zip(max_days).map(|(s, d)| s + chrono::Duration::days(d)),
    })
}

impl Store {
    /// The caseload page: a fixed number of queries whatever the caseload size (count, page,
    /// overdue actions, last contacts, audit).
    pub async fn caseload(&self, actor: &Actor, query: &CaseloadQuery, today: NaiveDate) -> Result<Page<CaseloadRow>> {
        let limit = query.limit.clamp(1, 200);
        let offset = query.offset.max(0);

        let mut cb = Binds::default();
        let count_sql = format!("SELECT COUNT(*) FROM ({}) c", source(&mut cb, actor, query));
        let count = cb.apply(sqlx::query(&count_sql)).fetch_one(self.r());

        let mut pb = Binds::default();
        let shown = source(&mut pb, actor, query);
        let user = pb.push(Bind::Int(actor.user.id));
        let active = pb.push(Bind::Text(TrajectoryStatus::Active.code().into()));
        let lim = pb.push(Bind::Int(limit));
        let off = pb.push(Bind::Int(offset));
        // The page of clients is chosen first (index order), then only those rows are joined.
        let page_sql = format!(
            "SELECT c.id, c.first_name, c.last_name, c.birth_date, c.team_id, tm.name AS team_name, \
             (SELECT COUNT(*) FROM care_team r WHERE r.client_id = c.id AND r.user_id = {user}) AS rel, \
             t.id AS trajectory_id, t.started_on, t.next_evaluation_on, t.phase_entered_on, \
             m.name AS model_name, m.max_days, p.name AS phase_name, p.typical_days, u.name AS owner_name, \
             m.code AS model_code, m.cyclic, p.position AS phase_position, \
             (SELECT MAX(px.position) FROM phases px WHERE px.model_id = t.model_id) AS last_position, \
             (SELECT MAX(ms.measured_on) FROM measurements ms WHERE ms.trajectory_id = t.id AND ms.rater = 'begeleider') AS zrm_last, \
             (SELECT MAX(ev.held_on) FROM evaluations ev WHERE ev.trajectory_id = t.id) AS evaluation_last \
             FROM (SELECT {CLIENT_COLUMNS} FROM ({shown}) c ORDER BY c.last_name, c.first_name, c.id LIMIT {lim} OFFSET {off}) c \
             JOIN teams tm ON tm.id = c.team_id \
             LEFT JOIN trajectories t ON t.client_id = c.id AND t.status = {active} \
             LEFT JOIN phase_models m ON m.id = t.model_id \
             LEFT JOIN phases p ON p.id = t.phase_id \
             LEFT JOIN users u ON u.id = t.owner_user_id \
             ORDER BY c.last_name, c.first_name, c.id, t.id"
        );
        let page = pb.apply(sqlx::query(&page_sql)).fetch_all(self.r());
        let (count, rows) = tokio::try_join!(count, page)?;
        let total: i64 = count.try_get(0)?;

        struct Pending {
            row: CaseloadRow,
            team_id: i64,
            rel: bool,
            facts: Option<CaseFacts>,
            zrm: Option<ZrmFacts>,
        }
        let mut items: Vec<Pending> = Vec::with_capacity(rows.len());
        for r in &rows {
            let client_id: i64 = r.try_get("id")?;
            // At most one active trajectory per client; should data ever hold two, show the first.
            if items.last().is_some_and(|p| p.row.client_id == client_id) {
                continue;
            }
            let first: String = r.try_get("first_name")?;
            let last: String = r.try_get("last_name")?;
            let trajectory_id: Option<i64> = r.try_get("trajectory_id")?;
            let facts = match trajectory_id {
                Some(_) => Some(CaseFacts {
                    started_on: crate::opt_date(r, "started_on")?,
                    max_days: r.try_get("max_days")?,
                    next_evaluation_on: crate::opt_date(r, "next_evaluation_on")?,
                    overdue_actions: 0,
                    last_contact: None,
                    phase_name: r.try_get::<Option<String>, _>("phase_name")?.unwrap_or_default(),
                    phase_entered_on: crate::opt_date(r, "phase_entered_on")?,
                    phase_typical_days: r.try_get("typical_days")?,
                }),
                None => None,
            };
            let zrm = match trajectory_id {
                Some(_) => Some(zrm_facts(r)?),
                None => None,
            };
            items.push(Pending {
                row: CaseloadRow {
                    client_id,
                    name: format!("{first} {last}"),
                    birth_date: crate::opt_date(r, "birth_date")?,
                    team_name: r.try_get("team_name")?,
                    trajectory_id,
                    model_name: r.try_get("model_name")?,
                    phase_name: r.try_get("phase_name")?,
                    owner_name: r.try_get("owner_name")?,
                    signals: Vec::new(),
                },
                team_id: r.try_get("team_id")?,
                rel: r.try_get::<i64, _>("rel")? > 0,
                facts,
                zrm,
            });
        }

        let trajectory_ids: Vec<i64> = items.iter().filter_map(|p| p.row.trajectory_id).collect();
        let client_ids: Vec<i64> = items.iter().map(|p| p.row.client_id).collect();
        let (overdue, contacts) = tokio::try_join!(self.overdue_actions(&trajectory_ids, today), self.last_contacts(&client_ids))?;

        let mut shown = Vec::with_capacity(items.len());
        let mut out = Vec::with_capacity(items.len());
        for mut p in items {
            if let (Some(mut facts), Some(tid)) = (p.facts.take(), p.row.trajectory_id) {
                facts.overdue_actions = overdue.get(&tid).copied().unwrap_or(0);
                facts.last_contact = contacts.get(&p.row.client_id).copied();
                p.row.signals = signals(&facts, today);
                p.row.signals.extend(p.zrm.as_ref().and_then(|z| zrm_signal(z, today)));
            }
            shown.push((p.row.client_id, basis_for(&actor.user, p.team_id, p.rel)));
            out.push(p.row);
        }
        self.audit_list(actor, &shown, "caseload").await?;
        Ok(Page { items: out, total })
    }

    /// Pending actions past their due date, per trajectory (one query; none for no trajectories).
    async fn overdue_actions(&self, trajectory_ids: &[i64], today: NaiveDate) -> Result<HashMap<i64, i64>> {
        if trajectory_ids.is_empty() {
            return Ok(HashMap::new());
        }
        let mut b = Binds::default();
        let ids = in_list(&mut b, trajectory_ids);
        let pending: Vec<String> = ActionStatus::ALL.iter().filter(|s| s.is_pending()).map(|s| b.push(Bind::Text(s.code().into()))).collect();
        let day = b.push(Bind::Text(crate::time::day(today)));
        let sql = format!(
            "SELECT a.trajectory_id, COUNT(*) AS n FROM actions a WHERE a.trajectory_id IN ({ids}) AND a.status IN ({}) \
             AND a.due_date IS NOT NULL AND a.due_date < {day} GROUP BY a.trajectory_id",
            pending.join(", ")
        );
        let rows = b.apply(sqlx::query(&sql)).fetch_all(self.r()).await?;
        rows.iter().map(|r| Ok((r.try_get("trajectory_id")?, r.try_get("n")?))).collect()
    }

    /// The date of the latest journal contact, per client (one query; none for no clients).
    async fn last_contacts(&self, client_ids: &[i64]) -> Result<HashMap<i64, NaiveDate>> {
        if client_ids.is_empty() {
            return Ok(HashMap::new());
        }
        let mut b = Binds::default();
        let ids = in_list(&mut b, client_ids);
        let sql = format!("SELECT j.client_id, MAX(j.contact_date) AS last FROM journal_entries j WHERE j.client_id IN ({ids}) GROUP BY j.client_id");
        let rows = b.apply(sqlx::query(&sql)).fetch_all(self.r()).await?;
        rows.iter().map(|r| Ok((r.try_get("client_id")?, crate::date(r, "last")?))).collect()
    }
}
