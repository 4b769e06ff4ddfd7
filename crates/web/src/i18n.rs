//! The translation layer: every string a page shows is looked up here by key. Dutch first
//! (B1 plain language), English second. A missing English text falls back to Dutch; a missing
//! key shows the key itself, which a test catches.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The languages Regie speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Nederlands (default).
    #[default]
    Nl,
    /// English.
    En,
}

impl Lang {
    /// From a cookie or query value.
    pub fn parse(s: &str) -> Lang {
        if s.eq_ignore_ascii_case("en") {
            Lang::En
        } else {
            Lang::Nl
        }
    }

    /// The code for `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }

    /// The translator for this language.
    pub fn tr(self) -> Tr {
        Tr(self)
    }
}

/// Looks up texts in one language; templates call `tr.t("key")`.
#[derive(Debug, Clone, Copy)]
pub struct Tr(pub Lang);

impl Tr {
    /// The text for `key`.
    pub fn t(&self, key: &str) -> &'static str {
        match table().get(key) {
            Some((nl, en)) => match self.0 {
                Lang::En if !en.is_empty() => en,
                _ => nl,
            },
            None => {
                tracing::warn!(key, "missing translation");
                Box::leak(key.to_string().into_boxed_str())
            }
        }
    }

    /// The label of a code of a vocabulary, e.g. `tr.code("action_status", "open")`.
    pub fn code(&self, vocabulary: &str, code: &str) -> &'static str {
        self.t(&format!("{vocabulary}.{code}"))
    }

    /// The language.
    pub fn lang(&self) -> &'static str {
        self.0.code()
    }
}

/// Whether a key exists (used by tests to prove every key a page uses is translated).
pub fn has_key(key: &str) -> bool {
    table().contains_key(key)
}

mod avg;
mod dossier;
mod fidelity;
mod methods;
mod network;
mod outcomes;
mod plan;
mod privacy;
mod results;
mod satisfaction;
mod sessions;
mod strengths;
mod suggest;
mod two_factor;
mod zrm;
mod zrm_view;

/// Every text table; each area of the product keeps its own.
const TABLES: &[&[(&str, &str, &str)]] = &[TEXTS, dossier::TEXTS, plan::TEXTS, strengths::TEXTS, network::TEXTS, suggest::TEXTS, fidelity::TEXTS, methods::TEXTS, sessions::TEXTS, two_factor::TEXTS, avg::TEXTS, zrm::TEXTS, zrm_view::TEXTS, privacy::TEXTS, outcomes::TEXTS, results::TEXTS, satisfaction::TEXTS];

fn table() -> &'static HashMap<&'static str, (&'static str, &'static str)> {
    static T: OnceLock<HashMap<&'static str, (&'static str, &'static str)>> = OnceLock::new();
    T.get_or_init(|| TABLES.iter().flat_map(|t| t.iter()).map(|(k, nl, en)| (*k, (*nl, *en))).collect())
}

/// (key, Nederlands, English).
const TEXTS: &[(&str, &str, &str)] = &[
    ("app.name", "Regie", "Regie"),
    ("app.skip", "Naar de inhoud", "Skip to content"),
    ("nav.caseload", "Mijn cliënten", "My clients"),
    ("nav.new_client", "Nieuwe cliënt", "New client"),
    ("nav.models", "Fasemodellen", "Phase models"),
    ("nav.fidelity", "Kwaliteitsmonitor", "Fidelity monitor"),
    ("nav.sign_out", "Uitloggen", "Sign out"),
    ("login.title", "Inloggen", "Sign in"),
    ("login.email", "E-mailadres", "Email address"),
    ("login.password", "Wachtwoord", "Password"),
    ("login.submit", "Inloggen", "Sign in"),
    ("login.failed", "Dit e-mailadres en wachtwoord horen niet bij elkaar.", "This email address and password do not match."),
    ("login.expired", "Het formulier was verlopen. Probeer het opnieuw.", "The form had expired. Please try again."),
    ("api.bad_credentials", "Onjuist e-mailadres of wachtwoord.", "Wrong email address or password."),
    // Field names, for error messages.
    ("field.email", "E-mailadres", "Email"),
    ("field.name", "Naam", "Name"),
    ("field.text", "Tekst", "Text"),
    ("field.domain", "Leefgebied", "Life domain"),
    ("field.priority", "Prioriteit", "Priority"),
    ("field.target_date", "Streefdatum", "Target date"),
    ("field.status", "Status", "Status"),
    ("field.version", "Versie", "Version"),
    ("field.owner_kind", "Wie doet het", "Who does it"),
    ("field.owner_name", "Naam van wie het doet", "Owner's name"),
    ("field.owner_user_id", "Medewerker", "Worker"),
    ("field.due_date", "Wanneer klaar", "Due date"),
    ("field.goal_id", "Doel", "Goal"),
    ("field.first_name", "Voornaam", "First name"),
    ("field.last_name", "Achternaam", "Last name"),
    ("field.birth_date", "Geboortedatum", "Date of birth"),
    ("field.phone", "Telefoon", "Phone"),
    ("field.address", "Adres", "Address"),
    ("field.city", "Woonplaats", "City"),
    ("field.team_id", "Team", "Team"),
    ("field.model_id", "Methode", "Method"),
    ("field.owner", "Trajectbegeleider", "Case owner"),
    ("field.started_on", "Startdatum", "Start date"),
    ("field.focus_domains", "Focusdomeinen", "Focus domains"),
    ("field.contact_type", "Soort contact", "Contact type"),
    ("field.contact_date", "Datum", "Date"),
    ("field.duration_minutes", "Duur (minuten)", "Duration (minutes)"),
    ("field.goal_ids", "Doelen", "Goals"),
    ("field.held_on", "Datum", "Date"),
    ("field.participants", "Deelnemers", "Participants"),
    ("field.notes", "Samenvatting", "Summary"),
    ("field.goals", "Doelen", "Goals"),
    ("field.verdict", "Oordeel", "Verdict"),
    ("field.decision", "Besluit", "Decision"),
    ("field.area", "Onderdeel", "Area"),
    ("field.relation", "Relatie", "Relation"),
    ("field.birth_year", "Geboortejaar", "Year of birth"),
    ("field.phases", "Fasen", "Phases"),
    ("field.max_days", "Maximale duur", "Maximum duration"),
    ("field.max_focus_domains", "Maximum aantal focusdomeinen", "Maximum focus domains"),
    ("field.evaluation_interval_days", "Evaluatie-interval", "Evaluation interval"),
    ("field.trajectory", "Traject", "Trajectory"),
    ("field.role", "Rol", "Role"),
    ("field.user_id", "Medewerker", "Worker"),
    ("field.member_id", "Huisgenoot", "Household member"),
    // Vocabularies.
    ("action_status.open", "Open", "Open"),
    ("action_status.bezig", "Bezig", "In progress"),
    ("action_status.gedaan", "Gedaan", "Done"),
    ("action_status.vervallen", "Vervallen", "Dropped"),
    ("owner_kind.client", "Cliënt zelf", "The client"),
    ("owner_kind.medewerker", "Medewerker", "Worker"),
    ("owner_kind.netwerk", "Iemand uit het netwerk", "Network member"),
    ("owner_kind.extern", "Andere organisatie", "Outside party"),
    ("perspective_area.wonen", "Wonen", "Housing"),
    ("perspective_area.werk", "Werk en dagbesteding", "Work and daytime activity"),
    ("perspective_area.vrije_tijd", "Vrije tijd", "Leisure"),
    ("perspective_area.netwerk", "Netwerk", "Network"),
    ("goal_status.actief", "Actief", "Active"),
    ("goal_status.behaald", "Behaald", "Achieved"),
    ("goal_status.afgesloten", "Afgesloten", "Closed"),
    ("contact_type.huisbezoek", "Huisbezoek", "Home visit"),
    ("contact_type.gesprek", "Gesprek", "Meeting"),
    ("contact_type.telefonisch", "Telefonisch", "Phone call"),
    ("contact_type.beeldbellen", "Beeldbellen", "Video call"),
    ("contact_type.mdo", "Multidisciplinair overleg", "Multidisciplinary meeting"),
    ("verdict.behaald", "Behaald", "Achieved"),
    ("verdict.deels", "Deels behaald", "Partly achieved"),
    ("verdict.niet_behaald", "Niet behaald", "Not achieved"),
    ("decision.doorgaan", "Doorgaan", "Continue"),
    ("decision.bijstellen", "Bijstellen", "Adjust"),
    ("decision.afsluiten", "Afsluiten", "Close"),
    ("trajectory_status.actief", "Actief", "Active"),
    ("trajectory_status.afgesloten", "Afgesloten", "Closed"),
    ("signal.evaluation_due", "Evaluatie binnenkort", "Evaluation soon"),
    ("signal.evaluation_overdue", "Evaluatie te laat", "Evaluation overdue"),
    ("signal.actions_overdue", "Acties over datum", "Actions overdue"),
    ("signal.no_contact", "Geen contact sinds 14 dagen", "No contact for 14 days"),
    ("signal.phase_overrun", "Fase duurt langer dan gebruikelijk", "Phase running long"),
    ("signal.cap_exceeded", "Maximale duur overschreden", "Maximum duration exceeded"),
];
