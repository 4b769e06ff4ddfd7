//! The structure of a client's AVG export (inzage / dataportabiliteit), format
//! `regie-avg-export` version [`EXPORT_VERSION`]. Field by field in docs/avg-export.md; a change
//! that removes or renames a field raises the version. Dates are `YYYY-MM-DD`, moments RFC 3339
//! UTC; codes are Regie's stable codes (docs/api.md lists the vocabularies).

use serde::Serialize;

/// Name of the format, the first field of every export.
pub const EXPORT_FORMAT: &str = "regie-avg-export";
/// Version of the format.
pub const EXPORT_VERSION: i64 = 1;

/// Everything Regie holds about one client.
#[derive(Debug, Clone, Serialize)]
pub struct ClientExport {
    /// Always [`EXPORT_FORMAT`].
    pub format: &'static str,
    /// [`EXPORT_VERSION`].
    pub format_version: i64,
    /// When the export was made.
    pub exported_at: String,
    /// Who made it (name).
    pub exported_by: String,
    /// Personal details.
    pub client: ExportClient,
    /// The people the client lives with.
    pub household: Vec<ExportHouseholdMember>,
    /// What the worker recorded for method suggestions, if anything.
    pub profile: Option<ExportProfile>,
    /// Workers with a care relation.
    pub care_team: Vec<ExportCareTeamMember>,
    /// Every trajectory with its phase steps, methods and the plan as it stands now.
    pub trajectories: Vec<ExportTrajectory>,
    /// Every kept change of the record, oldest first: the plan's full history and more.
    pub history: Vec<ExportChange>,
    /// Journal entries, oldest first.
    pub journal: Vec<ExportJournalEntry>,
    /// Evaluations, oldest first.
    pub evaluations: Vec<ExportEvaluation>,
    /// Strengths per life domain.
    pub strengths: ExportStrengths,
    /// The network.
    pub network: Vec<ExportNetworkMember>,
    /// Measurements (ZRM and the like) with their scores.
    pub measurements: Vec<ExportMeasurement>,
    /// Target levels carried by goals or result agreements.
    pub domain_targets: Vec<ExportDomainTarget>,
    /// Results asked of teams or colleagues.
    pub result_agreements: Vec<ExportResultAgreement>,
    /// Satisfaction responses with their answers.
    pub satisfaction: Vec<ExportSatisfaction>,
    /// Method suggestions the worker set aside.
    pub dismissed_suggestions: Vec<ExportDismissal>,
    /// How long the dossier is kept, per trajectory.
    pub retention: Vec<ExportRetention>,
    /// Who opened or changed the dossier, when and on what ground (oldest first).
    pub access_log: Vec<ExportAccess>,
}

/// Personal details.
#[derive(Debug, Clone, Serialize)]
#[allow(missing_docs)]
pub struct ExportClient {
    pub id: i64,
    pub first_name: String,
    pub last_name: String,
    pub birth_date: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub city: Option<String>,
    pub team: String,
    pub registered_at: String,
}

/// One member of the household.
#[derive(Debug, Clone, Serialize)]
#[allow(missing_docs)]
pub struct ExportHouseholdMember {
    pub name: String,
    pub relation: String,
    pub birth_year: Option<i64>,
}

/// The suggestion profile.
#[derive(Debug, Clone, Serialize)]
#[allow(missing_docs)]
pub struct ExportProfile {
    pub target_groups: Vec<String>,
    pub complexity: Option<String>,
    pub critical_transition: bool,
    pub transition_kind: Option<String>,
    pub needs_outreach: bool,
    pub situations: Vec<String>,
}

/// One worker with a care relation.
#[derive(Debug, Clone, Serialize)]
#[allow(missing_docs)]
pub struct ExportCareTeamMember {
    pub name: String,
    pub role: String,
    pub since: String,
}

/// One trajectory.
#[derive(Debug, Clone, Serialize)]
#[allow(missing_docs)]
pub struct ExportTrajectory {
    pub id: i64,
    pub method: String,
    pub status: String,
    pub funding: String,
    pub started_on: String,
    pub ended_on: Option<String>,
    pub exit_destination: Option<String>,
    pub trajectbegeleider: String,
    pub current_phase: String,
    pub next_evaluation_on: Option<String>,
    pub focus_domains: Vec<String>,
    pub phase_steps: Vec<ExportPhaseStep>,
    pub methods: Vec<ExportMethodUse>,
    pub plan: ExportPlan,
}

/// A move into a phase.
#[derive(Debug, Clone, Serialize)]
#[allow(missing_docs)]
pub struct ExportPhaseStep {
    pub position: i64,
    pub phase: String,
    pub entered_on: String,
    pub by: String,
}

/// A method used in a trajectory.
#[derive(Debug, Clone, Serialize)]
#[allow(missing_docs)]
pub struct ExportMethodUse {
    pub method_code: String,
    pub added_on: String,
    pub added_by: String,
}

/// The plan as it stands now.
#[derive(Debug, Clone, Default, Serialize)]
#[allow(missing_docs)]
pub struct ExportPlan {
    pub perspective: Vec<ExportPerspective>,
    pub goals: Vec<ExportGoal>,
}

/// The client's words on one area.
#[derive(Debug, Clone, Serialize)]
#[allow(missing_docs)]
pub struct ExportPerspective {
    pub area: String,
    pub text: String,
}

/// A goal with its actions.
#[derive(Debug, Clone, Serialize)]
#[allow(missing_docs)]
pub struct ExportGoal {
    pub id: i64,
    pub domain: String,
    pub domain_name: String,
    pub text: String,
    pub priority: i64,
    pub target_date: Option<String>,
    pub status: String,
    pub actions: Vec<ExportAction>,
}

/// An action.
#[derive(Debug, Clone, Serialize)]
#[allow(missing_docs)]
pub struct ExportAction {
    pub id: i64,
    pub text: String,
    pub owner_kind: String,
    pub owner_name: String,
    pub due_date: Option<String>,
    pub status: String,
}

/// One kept change: who changed what when, and the item after the change.
#[derive(Debug, Clone, Serialize)]
#[allow(missing_docs)]
pub struct ExportChange {
    pub at: String,
    pub by: String,
    pub entity: String,
    pub entity_id: i64,
    pub trajectory_id: Option<i64>,
    pub version: i64,
    pub op: String,
    pub item: serde_json::Value,
}

/// A journal entry.
#[derive(Debug, Clone, Serialize)]
#[allow(missing_docs)]
pub struct ExportJournalEntry {
    pub id: i64,
    pub trajectory_id: Option<i64>,
    pub contact_type: String,
    pub contact_date: String,
    pub duration_minutes: i64,
    pub text: String,
    pub client_visible: bool,
    pub author: String,
    pub written_at: String,
    pub goal_ids: Vec<i64>,
}

/// An evaluation.
#[derive(Debug, Clone, Serialize)]
#[allow(missing_docs)]
pub struct ExportEvaluation {
    pub id: i64,
    pub trajectory_id: i64,
    pub held_on: String,
    pub participants: String,
    pub notes: String,
    pub recorded_by: String,
    pub goals: Vec<ExportEvaluationGoal>,
    pub plan_at_evaluation: serde_json::Value,
}

/// The verdict on one goal.
#[derive(Debug, Clone, Serialize)]
#[allow(missing_docs)]
pub struct ExportEvaluationGoal {
    pub goal_id: i64,
    pub goal_text: String,
    pub verdict: String,
    pub decision: String,
    pub note: String,
}

/// Strengths.
#[derive(Debug, Clone, Default, Serialize)]
#[allow(missing_docs)]
pub struct ExportStrengths {
    pub domains: Vec<ExportStrengthDomain>,
    pub items: Vec<ExportStrength>,
}

/// Situation, wishes and what helped before in one life domain.
#[derive(Debug, Clone, Serialize)]
#[allow(missing_docs)]
pub struct ExportStrengthDomain {
    pub domain: String,
    pub situation: String,
    pub wishes: String,
    pub resources_before: String,
}

/// One strength.
#[derive(Debug, Clone, Serialize)]
#[allow(missing_docs)]
pub struct ExportStrength {
    pub domain: String,
    pub kind: String,
    pub text: String,
}

/// One person or organisation in the network.
#[derive(Debug, Clone, Serialize)]
#[allow(missing_docs)]
pub struct ExportNetworkMember {
    pub name: String,
    pub relation: String,
    pub kind: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub closeness: i64,
    pub support: Vec<String>,
    pub gives_back: String,
    pub takes_part_actions: bool,
    pub takes_part_evaluations: bool,
    pub consent: String,
}

/// One measurement.
#[derive(Debug, Clone, Serialize)]
#[allow(missing_docs)]
pub struct ExportMeasurement {
    pub id: i64,
    pub trajectory_id: i64,
    pub instrument: String,
    pub supplements: Vec<String>,
    pub rater: String,
    pub measured_on: String,
    pub moment: String,
    pub sources: Vec<String>,
    pub by: String,
    pub scores: Vec<ExportScore>,
}

/// A score on one domain; `level` none means not discussed.
#[derive(Debug, Clone, Serialize)]
#[allow(missing_docs)]
pub struct ExportScore {
    pub domain: String,
    pub level: Option<i64>,
    pub note: String,
}

/// A target level.
#[derive(Debug, Clone, Serialize)]
#[allow(missing_docs)]
pub struct ExportDomainTarget {
    pub trajectory_id: i64,
    pub goal_id: Option<i64>,
    pub agreement_id: Option<i64>,
    pub domain: String,
    pub level: i64,
    pub target_date: Option<String>,
}

/// A result agreement.
#[derive(Debug, Clone, Serialize)]
#[allow(missing_docs)]
pub struct ExportResultAgreement {
    pub id: i64,
    pub trajectory_id: i64,
    pub requested_by: String,
    pub team: Option<String>,
    pub colleague: Option<String>,
    pub role: Option<String>,
    pub text: String,
    pub deadline: String,
    pub status: String,
    pub closed_on: Option<String>,
}

/// A satisfaction response.
#[derive(Debug, Clone, Serialize)]
#[allow(missing_docs)]
pub struct ExportSatisfaction {
    pub id: i64,
    pub trajectory_id: i64,
    pub answered_on: String,
    pub moment: String,
    pub mark: i64,
    pub remark: String,
    pub by: String,
    pub answers: Vec<ExportAnswer>,
}

/// An answer: 1 nooit, 2 soms, 3 meestal, 4 altijd.
#[derive(Debug, Clone, Serialize)]
#[allow(missing_docs)]
pub struct ExportAnswer {
    pub question: String,
    pub answer: i64,
}

/// A suggestion set aside.
#[derive(Debug, Clone, Serialize)]
#[allow(missing_docs)]
pub struct ExportDismissal {
    pub method_code: String,
    pub at: String,
    pub by: String,
    pub reason: String,
}

/// The retention term of one trajectory.
#[derive(Debug, Clone, Serialize)]
#[allow(missing_docs)]
pub struct ExportRetention {
    pub trajectory_id: i64,
    pub funding: String,
    pub years_after_end: i64,
    pub ended_on: Option<String>,
    pub kept_until: Option<String>,
}

/// One line of the access log.
#[derive(Debug, Clone, Serialize)]
#[allow(missing_docs)]
pub struct ExportAccess {
    pub at: String,
    pub user: String,
    pub role: String,
    pub action: String,
    pub object: String,
    pub basis: String,
    pub outcome: String,
    pub reason: Option<String>,
}
