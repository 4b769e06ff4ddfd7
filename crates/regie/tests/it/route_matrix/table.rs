//! Every route the web crate serves, what kind it is, and the access-log records a request on
//! client data leaves: the action logged when the request is refused, and the records (action,
//! outcome) logged when it is granted. `the_matrix_lists_every_registered_route_once` keeps this
//! list equal to the routes in `crates/web/src`.

/// What a route does, which orders the matrix run (reads before writes before deletions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// No client data in the path.
    Public,
    /// Reads client data.
    Read,
    /// Changes client data (or other data).
    Write,
    /// Deletes client data.
    Delete,
    /// Ends the caller's own session(s): not called by the matrix, which needs its sessions.
    Session,
}

/// The access-log records a request leaves.
#[derive(Debug, Clone, Copy)]
pub struct Audit {
    /// The action logged (once, refused) when the caller may not open the client.
    pub refused: &'static str,
    /// The records (action/outcome) logged when the caller may.
    pub granted: &'static [&'static str],
}

impl Audit {
    /// The refused action.
    pub fn action(&self) -> &'static str {
        self.refused
    }
    /// The granted records as `action/granted`.
    pub fn granted(&self) -> Vec<String> {
        self.granted.iter().map(|a| format!("{a}/granted")).collect()
    }
}

/// One row of the matrix.
#[derive(Debug, Clone, Copy)]
pub struct Route {
    pub method: &'static str,
    pub path: &'static str,
    pub kind: Kind,
    pub audit: Audit,
    pub rule: Rule,
}

/// Who may use a route on a client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Whoever may open the client: care relation, teamleider of the client's team,
    /// an organisation role.
    NeedToKnow,
    /// Functioneel beheer only, for any client.
    AdminOnly,
    /// Emergency access: a form for whoever may not open the client (it needs a reason).
    Emergency,
}

impl Route {
    /// Run order: kind first, then path (stable).
    pub fn order(&self) -> (Kind, &'static str, &'static str) {
        (self.kind, self.path, self.method)
    }
}

const fn route(method: &'static str, path: &'static str, kind: Kind, audit: Audit) -> Route {
    Route { method, path, kind, audit, rule: Rule::NeedToKnow }
}

/// A route on a client that only functioneel beheer may use (erasure).
const fn admin(method: &'static str, path: &'static str, kind: Kind, audit: Audit) -> Route {
    Route { method, path, kind, audit, rule: Rule::AdminOnly }
}

/// Breaking the glass: asked by those who may NOT open the client.
const fn emergency(method: &'static str, path: &'static str, kind: Kind, audit: Audit) -> Route {
    Route { method, path, kind, audit, rule: Rule::Emergency }
}

const NONE: Audit = Audit { refused: "", granted: &[] };
const READ: Audit = Audit { refused: "read", granted: &["read"] };
const UPDATE: Audit = Audit { refused: "update", granted: &["update"] };
const DELETE: Audit = Audit { refused: "delete", granted: &["delete"] };
const CREATE: Audit = Audit { refused: "create", granted: &["create"] };
const EXPORT: Audit = Audit { refused: "export", granted: &["export"] };

pub const ROUTES: &[Route] = &[
    route("GET", "/", Kind::Public, NONE),
    route("GET", "/api/v1/clients", Kind::Public, NONE),
    route("POST", "/api/v1/clients", Kind::Write, NONE),
    route("GET", "/api/v1/clients/{id}", Kind::Read, READ),
    route("PUT", "/api/v1/clients/{id}", Kind::Write, UPDATE),
    route("DELETE", "/api/v1/clients/{id}/actions/{aid}", Kind::Delete, DELETE),
    route("PUT", "/api/v1/clients/{id}/actions/{aid}", Kind::Write, UPDATE),
    route("PATCH", "/api/v1/clients/{id}/actions/{aid}/status", Kind::Write, UPDATE),
    route("GET", "/api/v1/clients/{id}/care-team", Kind::Read, READ),
    route("POST", "/api/v1/clients/{id}/care-team", Kind::Write, UPDATE),
    route("DELETE", "/api/v1/clients/{id}/goals/{gid}", Kind::Delete, DELETE),
    route("PUT", "/api/v1/clients/{id}/goals/{gid}", Kind::Write, UPDATE),
    route("POST", "/api/v1/clients/{id}/goals/{gid}/actions", Kind::Write, CREATE),
    route("POST", "/api/v1/clients/{id}/household", Kind::Write, CREATE),
    route("DELETE", "/api/v1/clients/{id}/household/{member_id}", Kind::Delete, DELETE),
    route("GET", "/api/v1/clients/{id}/journal", Kind::Read, READ),
    route("POST", "/api/v1/clients/{id}/journal", Kind::Write, CREATE),
    route("GET", "/api/v1/clients/{id}/method-suggestions", Kind::Read, READ),
    route("PUT", "/api/v1/clients/{id}/method-suggestions/profile", Kind::Write, UPDATE),
    route("DELETE", "/api/v1/clients/{id}/method-suggestions/{code}/dismissal", Kind::Delete, UPDATE),
    route("POST", "/api/v1/clients/{id}/method-suggestions/{code}/dismissal", Kind::Write, UPDATE),
    route("GET", "/api/v1/clients/{id}/network", Kind::Read, READ),
    route("POST", "/api/v1/clients/{id}/network", Kind::Write, CREATE),
    route("GET", "/api/v1/clients/{id}/network/history", Kind::Read, READ),
    route("DELETE", "/api/v1/clients/{id}/network/{mid}", Kind::Delete, DELETE),
    route("PUT", "/api/v1/clients/{id}/network/{mid}", Kind::Write, UPDATE),
    route("GET", "/api/v1/clients/{id}/strengths", Kind::Read, READ),
    route("POST", "/api/v1/clients/{id}/strengths", Kind::Write, CREATE),
    route("PUT", "/api/v1/clients/{id}/strengths/domains/{code}", Kind::Write, UPDATE),
    route("GET", "/api/v1/clients/{id}/strengths/history", Kind::Read, READ),
    route("DELETE", "/api/v1/clients/{id}/strengths/{sid}", Kind::Delete, DELETE),
    route("PUT", "/api/v1/clients/{id}/strengths/{sid}", Kind::Write, UPDATE),
    route("POST", "/api/v1/clients/{id}/trajectories", Kind::Write, CREATE),
    route("GET", "/api/v1/clients/{id}/trajectories/{tid}", Kind::Read, READ),
    route("POST", "/api/v1/clients/{id}/trajectories/{tid}/advance", Kind::Write, UPDATE),
    route("GET", "/api/v1/clients/{id}/trajectories/{tid}/evaluations", Kind::Read, READ),
    route("POST", "/api/v1/clients/{id}/trajectories/{tid}/evaluations", Kind::Write, CREATE),
    route("GET", "/api/v1/clients/{id}/trajectories/{tid}/fidelity", Kind::Read, READ),
    route("PUT", "/api/v1/clients/{id}/trajectories/{tid}/focus-domains", Kind::Write, UPDATE),
    route("DELETE", "/api/v1/clients/{id}/trajectories/{tid}/methods", Kind::Delete, UPDATE),
    route("GET", "/api/v1/clients/{id}/trajectories/{tid}/methods", Kind::Read, READ),
    route("POST", "/api/v1/clients/{id}/trajectories/{tid}/methods", Kind::Write, UPDATE),
    route("DELETE", "/api/v1/clients/{id}/trajectories/{tid}/methods/{code}", Kind::Delete, UPDATE),
    route("GET", "/api/v1/clients/{id}/trajectories/{tid}/phases", Kind::Read, READ),
    route("GET", "/api/v1/clients/{id}/trajectories/{tid}/plan", Kind::Read, READ),
    route("GET", "/api/v1/clients/{id}/trajectories/{tid}/plan/changes", Kind::Read, READ),
    route("POST", "/api/v1/clients/{id}/trajectories/{tid}/plan/goals", Kind::Write, CREATE),
    route("GET", "/api/v1/clients/{id}/trajectories/{tid}/plan/history", Kind::Read, READ),
    route("PUT", "/api/v1/clients/{id}/trajectories/{tid}/plan/perspective/{area}", Kind::Write, UPDATE),
    route("GET", "/api/v1/life-domains", Kind::Public, NONE),
    route("GET", "/api/v1/me", Kind::Public, NONE),
    route("GET", "/api/v1/methods", Kind::Public, NONE),
    route("GET", "/api/v1/methods/{code}", Kind::Public, NONE),
    route("GET", "/api/v1/phase-models", Kind::Public, NONE),
    route("POST", "/api/v1/phase-models", Kind::Write, NONE),
    route("GET", "/api/v1/reports/fidelity", Kind::Public, NONE),
    route("GET", "/api/v1/teams", Kind::Public, NONE),
    route("GET", "/api/v1/teams/{id}/staff", Kind::Public, NONE),
    route("POST", "/api/v1/tokens", Kind::Write, NONE),
    route("GET", "/assets/app.css", Kind::Public, NONE),
    route("GET", "/assets/app.js", Kind::Public, NONE),
    route("GET", "/assets/htmx.min.js", Kind::Public, NONE),
    route("GET", "/clienten", Kind::Public, NONE),
    route("POST", "/clienten", Kind::Write, NONE),
    route("GET", "/clienten/nieuw", Kind::Public, NONE),
    route("GET", "/clienten/nieuw/begeleiders", Kind::Public, NONE),
    route("GET", "/clienten/{id}", Kind::Read, READ),
    route("POST", "/clienten/{id}/evaluaties", Kind::Write, CREATE),
    route("GET", "/clienten/{id}/evaluaties/nieuw", Kind::Read, READ),
    route("POST", "/clienten/{id}/gegevens", Kind::Write, UPDATE),
    route("POST", "/clienten/{id}/huishouden", Kind::Write, UPDATE),
    route("POST", "/clienten/{id}/huishouden/{mid}/verwijderen", Kind::Delete, DELETE),
    route("GET", "/clienten/{id}/journaal", Kind::Read, READ),
    route("POST", "/clienten/{id}/journaal", Kind::Write, CREATE),
    route("GET", "/clienten/{id}/krachten", Kind::Read, READ),
    route("POST", "/clienten/{id}/krachten", Kind::Write, CREATE),
    route("POST", "/clienten/{id}/krachten/leefgebied/{code}", Kind::Write, UPDATE),
    route("POST", "/clienten/{id}/krachten/{sid}", Kind::Write, UPDATE),
    route("POST", "/clienten/{id}/krachten/{sid}/verwijderen", Kind::Delete, DELETE),
    route("GET", "/clienten/{id}/methode-suggesties", Kind::Read, READ),
    route("POST", "/clienten/{id}/methode-suggesties/profiel", Kind::Write, UPDATE),
    route("POST", "/clienten/{id}/methode-suggesties/{code}/afwijzen", Kind::Write, UPDATE),
    route("POST", "/clienten/{id}/methode-suggesties/{code}/terugzetten", Kind::Write, UPDATE),
    route("GET", "/clienten/{id}/netwerk", Kind::Read, READ),
    route("POST", "/clienten/{id}/netwerk", Kind::Write, CREATE),
    route("POST", "/clienten/{id}/netwerk/{mid}", Kind::Write, UPDATE),
    route("POST", "/clienten/{id}/netwerk/{mid}/verwijderen", Kind::Delete, DELETE),
    route("GET", "/clienten/{id}/op-tafel", Kind::Read, READ),
    route("POST", "/clienten/{id}/plan/acties/{aid}", Kind::Write, UPDATE),
    route("POST", "/clienten/{id}/plan/acties/{aid}/status", Kind::Write, UPDATE),
    route("POST", "/clienten/{id}/plan/acties/{aid}/verwijderen", Kind::Delete, DELETE),
    route("POST", "/clienten/{id}/plan/doelen", Kind::Write, CREATE),
    route("POST", "/clienten/{id}/plan/doelen/{gid}", Kind::Write, UPDATE),
    route("POST", "/clienten/{id}/plan/doelen/{gid}/acties", Kind::Write, CREATE),
    route("POST", "/clienten/{id}/plan/doelen/{gid}/verwijderen", Kind::Delete, DELETE),
    route("GET", "/clienten/{id}/plan/geschiedenis", Kind::Read, READ),
    route("POST", "/clienten/{id}/plan/perspectief", Kind::Write, UPDATE),
    route("POST", "/clienten/{id}/traject", Kind::Write, CREATE),
    route("POST", "/clienten/{id}/traject/{tid}/focus", Kind::Write, UPDATE),
    route("GET", "/clienten/{id}/traject/{tid}/kwaliteit", Kind::Read, READ),
    route("POST", "/clienten/{id}/traject/{tid}/methoden", Kind::Write, UPDATE),
    route("POST", "/clienten/{id}/traject/{tid}/methoden/{code}/verwijderen", Kind::Delete, UPDATE),
    route("POST", "/clienten/{id}/traject/{tid}/volgende-fase", Kind::Write, UPDATE),
    route("POST", "/clienten/{id}/zorgteam", Kind::Write, UPDATE),
    route("GET", "/fasemodellen", Kind::Public, NONE),
    route("GET", "/fasemodellen/nieuw", Kind::Public, NONE),
    route("POST", "/fasemodellen/nieuw", Kind::Write, NONE),
    route("GET", "/health", Kind::Public, NONE),
    route("GET", "/inloggen", Kind::Public, NONE),
    route("POST", "/inloggen", Kind::Write, NONE),
    route("GET", "/kwaliteitsmonitor", Kind::Public, NONE),
    route("GET", "/methoden", Kind::Public, NONE),
    route("GET", "/methoden/{code}", Kind::Public, NONE),
    route("GET", "/sessies", Kind::Public, NONE),
    route("POST", "/sessies/overal-afmelden", Kind::Session, NONE),
    route("POST", "/sessies/{n}/afmelden", Kind::Session, NONE),
    route("GET", "/taal/{lang}", Kind::Public, NONE),
    route("POST", "/uitloggen", Kind::Session, NONE),
    route("GET", "/account/tweestaps", Kind::Public, NONE),
    route("POST", "/account/tweestaps/bevestigen", Kind::Write, NONE),
    route("POST", "/account/tweestaps/herstelcodes", Kind::Write, NONE),
    route("POST", "/account/tweestaps/opnieuw", Kind::Write, NONE),
    route("GET", "/api/v1/clients/{id}/access-log", Kind::Read, READ),
    route("GET", "/api/v1/clients/{id}/export", Kind::Read, EXPORT),
    route("GET", "/api/v1/clients/{id}/measurements", Kind::Read, READ),
    route("POST", "/api/v1/clients/{id}/measurements", Kind::Write, UPDATE),
    route("DELETE", "/api/v1/clients/{id}/measurements/{mid}", Kind::Delete, DELETE),
    route("GET", "/api/v1/clients/{id}/measurements/{mid}", Kind::Read, READ),
    route("PUT", "/api/v1/clients/{id}/measurements/{mid}", Kind::Write, UPDATE),
    route("GET", "/api/v1/clients/{id}/result-agreements", Kind::Read, READ),
    route("POST", "/api/v1/clients/{id}/result-agreements", Kind::Write, CREATE),
    route("PUT", "/api/v1/clients/{id}/result-agreements/{aid}", Kind::Write, UPDATE),
    route("POST", "/api/v1/clients/{id}/result-agreements/{aid}/close", Kind::Write, UPDATE),
    route("GET", "/api/v1/clients/{id}/satisfaction", Kind::Read, READ),
    route("POST", "/api/v1/clients/{id}/satisfaction", Kind::Write, CREATE),
    route("GET", "/api/v1/instruments", Kind::Public, NONE),
    route("GET", "/api/v1/reports/outcomes", Kind::Public, NONE),
    route("GET", "/api/v1/satisfaction-items", Kind::Public, NONE),
    route("GET", "/api/v1/tokens", Kind::Public, NONE),
    route("DELETE", "/api/v1/tokens/{id}", Kind::Write, NONE),
    route("GET", "/beheer/bewaartermijnen", Kind::Public, NONE),
    route("POST", "/beheer/bewaartermijnen", Kind::Write, NONE),
    route("GET", "/beheer/bewaartermijnen/verlopen", Kind::Public, NONE),
    route("GET", "/beheer/clienten", Kind::Public, NONE),
    admin("GET", "/beheer/clienten/{id}/wissen", Kind::Read, READ),
    // Without a reason nothing is erased: the confirmation with its counts is shown again (a
    // logged read); a real erasure logs delete with the reason (tests/it/avg).
    admin("POST", "/beheer/clienten/{id}/wissen", Kind::Delete, Audit { refused: "delete", granted: &["read"] }),
    route("POST", "/beheer/gebruikers/{uid}/tweestaps-reset", Kind::Write, NONE),
    route("GET", "/beheer/resultaatafspraken", Kind::Public, NONE),
    route("POST", "/beheer/resultaatafspraken", Kind::Write, NONE),
    route("GET", "/beheer/tevredenheid", Kind::Public, NONE),
    route("POST", "/beheer/tevredenheid", Kind::Write, NONE),
    route("GET", "/beheer/tweestaps", Kind::Public, NONE),
    route("POST", "/beheer/tweestaps", Kind::Write, NONE),
    route("GET", "/beheer/zrm-teksten", Kind::Public, NONE),
    route("POST", "/beheer/zrm-teksten", Kind::Write, NONE),
    route("GET", "/clienten/{id}/inzage", Kind::Read, EXPORT),
    route("GET", "/clienten/{id}/inzage.json", Kind::Read, EXPORT),
    emergency("POST", "/clienten/{id}/noodtoegang", Kind::Write, CREATE),
    route("POST", "/clienten/{id}/plan/doelen/{gid}/doelniveau", Kind::Write, UPDATE),
    route("POST", "/clienten/{id}/resultaatafspraken", Kind::Write, CREATE),
    route("GET", "/clienten/{id}/resultaatafspraken/nieuw", Kind::Read, READ),
    route("GET", "/clienten/{id}/resultaatafspraken/{aid}", Kind::Read, READ),
    route("POST", "/clienten/{id}/resultaatafspraken/{aid}", Kind::Write, UPDATE),
    route("POST", "/clienten/{id}/resultaatafspraken/{aid}/afsluiten", Kind::Write, UPDATE),
    route("GET", "/clienten/{id}/tevredenheid", Kind::Read, READ),
    route("POST", "/clienten/{id}/tevredenheid", Kind::Write, CREATE),
    route("GET", "/clienten/{id}/tevredenheid/nieuw", Kind::Read, READ),
    route("GET", "/clienten/{id}/zrm", Kind::Read, READ),
    route("POST", "/clienten/{id}/zrm", Kind::Write, UPDATE),
    route("GET", "/clienten/{id}/zrm/nieuw", Kind::Read, READ),
    route("GET", "/clienten/{id}/zrm/verloop", Kind::Read, READ),
    route("GET", "/clienten/{id}/zrm/{mid}", Kind::Read, READ),
    route("POST", "/clienten/{id}/zrm/{mid}", Kind::Write, UPDATE),
    route("POST", "/clienten/{id}/zrm/{mid}/verwijderen", Kind::Delete, DELETE),
    route("POST", "/inloggen/annuleren", Kind::Session, NONE),
    route("GET", "/inloggen/code", Kind::Public, NONE),
    route("POST", "/inloggen/code", Kind::Write, NONE),
    route("GET", "/inloggen/tweestaps", Kind::Public, NONE),
    route("POST", "/inloggen/tweestaps", Kind::Write, NONE),
    route("GET", "/privacy/noodtoegang", Kind::Public, NONE),
    route("POST", "/privacy/noodtoegang/{id}", Kind::Write, NONE),
    route("GET", "/privacy/toegangslog", Kind::Public, NONE),
    route("GET", "/privacy/toegangslog.csv", Kind::Public, NONE),
    route("GET", "/rapportage/uitkomsten", Kind::Public, NONE),
    route("GET", "/rapportage/uitkomsten.csv", Kind::Public, NONE),
    route("GET", "/rapportage/uitkomsten/paren.csv", Kind::Public, NONE),
    route("POST", "/sessies/api-sleutels/{id}/intrekken", Kind::Write, NONE),
];
