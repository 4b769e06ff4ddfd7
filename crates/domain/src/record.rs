//! The read models that the store returns and the web layer shows: a user, a client, a
//! trajectory, the journal, evaluations and the caseload.

use crate::catalogue::RoleScope;
use crate::plan::PlanSnapshot;
use crate::signals::Signal;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A signed-in staff member, with what their role allows.
#[derive(Debug, Clone, Serialize)]
pub struct User {
    /// Database id.
    pub id: i64,
    /// Sign-in email.
    pub email: String,
    /// Full name.
    pub name: String,
    /// Role code.
    pub role: String,
    /// Role name as shown.
    pub role_name: String,
    /// Which dossiers the role opens.
    pub scope: RoleScope,
    /// Functioneel beheer.
    pub admin: bool,
    /// The user's team.
    pub team_id: Option<i64>,
}

/// Cliënt: personal details.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Client {
    /// Database id.
    pub id: i64,
    /// First name.
    pub first_name: String,
    /// Last name (with tussenvoegsel).
    pub last_name: String,
    /// Date of birth.
    pub birth_date: Option<NaiveDate>,
    /// Phone number.
    pub phone: Option<String>,
    /// Email address.
    pub email: Option<String>,
    /// Street and number.
    pub address: Option<String>,
    /// Place.
    pub city: Option<String>,
    /// The team the client is registered with.
    pub team_id: i64,
    /// That team's name.
    pub team_name: String,
    /// Version for concurrent-edit detection.
    pub version: i64,
}

impl Client {
    /// First and last name.
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

/// A member of the client's household (huishouden).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct HouseholdMember {
    /// Database id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Relation to the client (partner, kind, …).
    pub relation: String,
    /// Year of birth.
    pub birth_year: Option<i64>,
}

/// Traject: one guidance trajectory of a client in one phase model.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Trajectory {
    /// Database id.
    pub id: i64,
    /// The client.
    pub client_id: i64,
    /// Phase model id.
    pub model_id: i64,
    /// Phase model name.
    pub model_name: String,
    /// Status code.
    pub status: String,
    /// Start date.
    pub started_on: NaiveDate,
    /// End date, once closed.
    pub ended_on: Option<NaiveDate>,
    /// The trajectbegeleider (dossierhouder).
    pub owner_user_id: i64,
    /// Their name.
    pub owner_name: String,
    /// Position of the current phase.
    pub phase_position: i64,
    /// Name of the current phase.
    pub phase_name: String,
    /// When the current phase started.
    pub phase_entered_on: NaiveDate,
    /// Next planned evaluation.
    pub next_evaluation_on: Option<NaiveDate>,
    /// Focus life domains (CTI).
    pub focus_domains: Vec<String>,
    /// The law that funds it (`regie_domain::catalogue::Funding` code).
    pub funding: String,
    /// Where the client went at the end (`regie_domain::results::ExitDestination` code); `None`
    /// while active.
    pub exit_destination: Option<String>,
    /// Version for concurrent-edit detection.
    pub version: i64,
}

/// One step in the phase timeline: who moved the trajectory into which phase, when.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PhaseStep {
    /// Phase position.
    pub position: i64,
    /// Phase name.
    pub phase_name: String,
    /// Date the phase started.
    pub entered_on: NaiveDate,
    /// Who moved it.
    pub by_name: String,
    /// Moment of recording (UTC).
    pub at: DateTime<Utc>,
}

/// A member of the client's care team (zorgteam).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CareTeamMember {
    /// User id.
    pub user_id: i64,
    /// Name.
    pub name: String,
    /// Role name.
    pub role_name: String,
    /// Whether this is the trajectbegeleider.
    pub is_owner: bool,
}

/// Journaal: one contact with the client.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct JournalEntry {
    /// Database id.
    pub id: i64,
    /// Contact type code.
    pub contact_type: String,
    /// Date of the contact.
    pub contact_date: NaiveDate,
    /// Duration in minutes.
    pub duration_minutes: i64,
    /// What was discussed, written with the client.
    pub text: String,
    /// Whether the client sees it (the default).
    pub client_visible: bool,
    /// Author name.
    pub author_name: String,
    /// Goals the contact was about.
    pub goal_ids: Vec<i64>,
    /// Moment of recording (UTC).
    pub created_at: DateTime<Utc>,
}

/// The verdict and decision on one goal at an evaluation.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct EvaluationGoal {
    /// The goal.
    pub goal_id: i64,
    /// Its text at the evaluation.
    pub goal_text: String,
    /// Verdict code.
    pub verdict: String,
    /// Decision code.
    pub decision: String,
    /// Remark.
    pub note: String,
}

/// Evaluatie: a moment of looking back with the client.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Evaluation {
    /// Database id.
    pub id: i64,
    /// Date held.
    pub held_on: NaiveDate,
    /// Who took part.
    pub participants: String,
    /// Summary.
    pub notes: String,
    /// Per goal.
    pub goals: Vec<EvaluationGoal>,
    /// The plan as it stood when the evaluation was recorded.
    pub plan: PlanSnapshot,
    /// Who recorded it.
    pub created_by_name: String,
}

/// One client on a caseload (mijn cliënten), with signals.
#[derive(Debug, Clone, Serialize)]
pub struct CaseloadRow {
    /// Client id.
    pub client_id: i64,
    /// Full name.
    pub name: String,
    /// Date of birth.
    pub birth_date: Option<NaiveDate>,
    /// Team name.
    pub team_name: String,
    /// Active trajectory, if any.
    pub trajectory_id: Option<i64>,
    /// Method (phase model) name.
    pub model_name: Option<String>,
    /// Current phase.
    pub phase_name: Option<String>,
    /// Trajectbegeleider.
    pub owner_name: Option<String>,
    /// What to notice.
    pub signals: Vec<Signal>,
}

/// A page of results with the total count.
#[derive(Debug, Clone, Serialize)]
pub struct Page<T> {
    /// The items on this page.
    pub items: Vec<T>,
    /// All items matching.
    pub total: i64,
}

/// Everything the dossier page shows, fetched in a bounded number of queries.
#[derive(Debug, Clone, Serialize)]
pub struct Dossier {
    /// Personal details.
    pub client: Client,
    /// Household members.
    pub household: Vec<HouseholdMember>,
    /// The active trajectory, or else the latest one.
    pub trajectory: Option<Trajectory>,
    /// Its phase model.
    pub model: Option<crate::phase::PhaseModel>,
    /// Its phase timeline, oldest first.
    pub phase_steps: Vec<PhaseStep>,
    /// The current plan.
    pub plan: PlanSnapshot,
    /// The latest journal entries, newest first (at most [`Dossier::JOURNAL_LIMIT`]).
    pub journal: Vec<JournalEntry>,
    /// Total number of journal entries.
    pub journal_total: i64,
    /// Evaluations, newest first (at most [`Dossier::EVALUATION_LIMIT`]).
    pub evaluations: Vec<Evaluation>,
    /// The care team.
    pub care_team: Vec<CareTeamMember>,
    /// Signals on the active trajectory.
    pub signals: Vec<Signal>,
}

impl Dossier {
    /// Journal entries shown on the dossier page; older ones are paged.
    pub const JOURNAL_LIMIT: i64 = 30;
    /// Evaluations shown on the dossier page.
    pub const EVALUATION_LIMIT: i64 = 10;
}
