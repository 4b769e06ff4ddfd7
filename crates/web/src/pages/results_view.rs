//! What the result-agreement templates read: the dossier section's rows, the agreement form and
//! functioneel beheer's role-defaults page, prepared from the store's read models.

use crate::auth::Staff;
use crate::i18n::Tr;
use crate::pages::form::{date, FormData};
use crate::pages::{render, Layout};
use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use regie_domain::catalogue::BUILTIN_LIFE_DOMAINS;
use regie_domain::results::{zrm_domains, AgreementStatus, ResultAgreement};
use regie_domain::FieldErrors;
use regie_store::{AgreementChoices, RoleTargets, SatisfactionResponse, StaffMember, Team};

/// The dossier section "Resultaatafspraken" (and the latest satisfaction mark).
#[derive(Debug, Default)]
pub(crate) struct ResultsSection {
    pub client_id: i64,
    /// The trajectory shown (0: none).
    pub trajectory_id: i64,
    /// New agreements can be made.
    pub active: bool,
    pub agreements: Vec<AgreementRow>,
    /// The latest satisfaction response of the trajectory.
    pub latest: Option<MarkRow>,
    /// How many satisfaction responses the trajectory has.
    pub responses: usize,
    /// The trajectory is closed and satisfaction at the end was not recorded yet.
    pub end_missing: bool,
}

/// A satisfaction mark as shown.
#[derive(Debug)]
pub(crate) struct MarkRow {
    pub mark: i64,
    pub date: String,
    pub moment: &'static str,
}

/// One agreement as shown.
#[derive(Debug)]
pub(crate) struct AgreementRow {
    pub id: i64,
    pub version: i64,
    /// The team or colleague asked.
    pub asked: String,
    /// The role asked, or "".
    pub role: String,
    pub text: String,
    pub deadline: String,
    /// Open and past its deadline.
    pub overdue: bool,
    pub open: bool,
    pub status_code: String,
    pub status: &'static str,
    pub closed_on: String,
    pub requested_by: String,
    /// The status the targets suggest (code and words), or "".
    pub suggested_code: String,
    pub suggested: &'static str,
    pub targets: Vec<TargetRow>,
}

/// One target as shown.
#[derive(Debug)]
pub(crate) struct TargetRow {
    pub domain: String,
    pub level: i64,
    /// "3 op 4 maart 2026", or "".
    pub measured: String,
    /// Attainment code (bereikt, niet_bereikt, niet_gemeten), for the CSS class.
    pub state: String,
    pub label: &'static str,
}

/// The ZRM levels a target can ask for.
pub(crate) const LEVELS: &[i64] = &[1, 2, 3, 4, 5];

/// The name of a ZRM domain.
pub(crate) fn domain_name(code: &str) -> String {
    BUILTIN_LIFE_DOMAINS.iter().find(|d| d.code == code).map(|d| d.name.to_string()).unwrap_or_else(|| code.to_string())
}

/// The ZRM 2017 domains as (code, name).
pub(crate) fn zrm_choices() -> Vec<(&'static str, String)> {
    zrm_domains().into_iter().map(|d| (d, domain_name(d))).collect()
}

/// Targets in words: "Werk & opleiding 3, Sociaal netwerk 2".
pub(crate) fn targets_text(targets: &[(String, i64)]) -> String {
    targets.iter().map(|(d, l)| format!("{} {l}", domain_name(d))).collect::<Vec<_>>().join(", ")
}

/// Form fields `level_{domain}` for targets.
pub(crate) fn target_fields(targets: &[(String, i64)]) -> Vec<(String, String)> {
    targets.iter().map(|(d, l)| (format!("level_{d}"), l.to_string())).collect()
}

/// Builds the dossier section.
pub(crate) fn section(
    tr: Tr,
    client_id: i64,
    trajectory_id: i64,
    active: bool,
    agreements: &[ResultAgreement],
    responses: &[SatisfactionResponse],
    today: NaiveDate,
) -> ResultsSection {
    let agreements = agreements
        .iter()
        .map(|a| {
            let open = a.status == AgreementStatus::Open.code();
            let suggested = a.suggested_status.clone().unwrap_or_default();
            AgreementRow {
                id: a.id,
                version: a.version,
                asked: a.team_name.clone().or_else(|| a.user_name.clone()).unwrap_or_default(),
                role: a.role_name.clone().unwrap_or_default(),
                text: a.text.clone(),
                deadline: date(tr, a.deadline),
                overdue: open && a.deadline < today,
                open,
                status: tr.code("agreement_status", &a.status),
                status_code: a.status.clone(),
                closed_on: a.closed_on.map(|d| date(tr, d)).unwrap_or_default(),
                requested_by: a.requested_by_name.clone(),
                suggested: if suggested.is_empty() { "" } else { tr.code("agreement_status", &suggested) },
                suggested_code: suggested,
                targets: a
                    .targets
                    .iter()
                    .map(|t| TargetRow {
                        domain: domain_name(&t.domain_code),
                        level: t.level,
                        measured: match (t.measured_level, t.measured_on) {
                            (Some(l), Some(on)) => format!("{l} ({})", date(tr, on)),
                            _ => String::new(),
                        },
                        state: t.attainment.clone(),
                        label: tr.code("attainment", &t.attainment),
                    })
                    .collect(),
            }
        })
        .collect();
    ResultsSection {
        client_id,
        trajectory_id,
        active,
        agreements,
        latest: responses.first().map(|r| MarkRow { mark: r.mark, date: date(tr, r.answered_on), moment: tr.code("satisfaction_moment", &r.moment) }),
        responses: responses.len(),
        end_missing: !active && !responses.iter().any(|r| r.moment == "einde"),
    }
}

/// The statuses a worker can close an agreement with.
pub(crate) fn closing_statuses() -> Vec<&'static str> {
    AgreementStatus::CODES.iter().copied().filter(|c| *c != "open").collect()
}

/// The add/change form of an agreement.
#[derive(Template)]
#[template(path = "results/form.html")]
pub(crate) struct AgreementForm {
    pub l: Layout,
    pub client_id: i64,
    pub client_name: String,
    /// (id, version) when changing.
    pub agreement: Option<(i64, i64)>,
    pub f: FormData,
    pub e: FieldErrors,
    pub teams: Vec<Team>,
    pub staff: Vec<StaffMember>,
    pub roles: Vec<RoleTargets>,
    pub domains: Vec<(&'static str, String)>,
    /// The chosen role's defaults in words, or "".
    pub hint: String,
}

impl AgreementForm {
    #[allow(clippy::too_many_arguments)]
    pub fn new(l: Layout, client_id: i64, client_name: String, agreement: Option<(i64, i64)>, f: FormData, e: FieldErrors, c: AgreementChoices) -> AgreementForm {
        let hint = c.roles.iter().find(|r| r.role_code == f.get("role_code")).map(|r| targets_text(&r.targets)).unwrap_or_default();
        AgreementForm { l, client_id, client_name, agreement, f, e, teams: c.teams, staff: c.staff, roles: c.roles, domains: zrm_choices(), hint }
    }

    /// Whether domain `d` has level `n` in the form.
    pub fn level_is(&self, d: &str, n: &i64) -> bool {
        self.f.get(&format!("level_{d}")).trim() == n.to_string()
    }
}

/// Functioneel beheer's page of role defaults.
#[derive(Template)]
#[template(path = "results/defaults.html")]
pub(crate) struct DefaultsPage {
    pub l: Layout,
    /// (code, name, defaults in words).
    pub rows: Vec<(String, String, String)>,
    /// The role being edited: (code, name).
    pub chosen: Option<(String, String)>,
    pub f: FormData,
    pub e: FieldErrors,
    pub saved: bool,
    pub domains: Vec<(&'static str, String)>,
}

impl DefaultsPage {
    pub fn new(l: Layout, roles: Vec<RoleTargets>, f: FormData, e: FieldErrors, saved: bool) -> DefaultsPage {
        let chosen = roles.iter().find(|r| r.role_code == f.get("role_code")).map(|r| (r.role_code.clone(), r.role_name.clone()));
        let rows = roles.into_iter().map(|r| (r.role_code, r.role_name, targets_text(&r.targets))).collect();
        DefaultsPage { l, rows, chosen, f, e, saved, domains: zrm_choices() }
    }

    /// Whether domain `d` has level `n` in the form.
    pub fn level_is(&self, d: &str, n: &i64) -> bool {
        self.f.get(&format!("level_{d}")).trim() == n.to_string()
    }
}

#[derive(Template)]
#[template(path = "results/forbidden.html")]
struct Forbidden {
    l: Layout,
}

/// The 403 page for functioneel beheer's pages.
pub(crate) fn forbidden(staff: &Staff) -> Response {
    (StatusCode::FORBIDDEN, render(&Forbidden { l: Layout::new(staff, staff.tr.t("results.forbidden_title")) })).into_response()
}
