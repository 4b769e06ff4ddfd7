//! The fixed vocabularies of the working model, as enums with stable machine codes. Labels
//! (Dutch, English) live in the web layer's translation table, keyed by these codes.

/// Declares an enum whose variants each carry a stable code used in the database, the API and
/// the translation table.
macro_rules! code_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $var:ident = $code:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $name { $($(#[$vm])* #[serde(rename = $code)] $var),+ }

        impl $name {
            /// Every variant, in display order.
            pub const ALL: &'static [$name] = &[$($name::$var),+];
            /// Every code, in display order.
            pub const CODES: &'static [&'static str] = &[$($code),+];

            /// The stable code.
            pub fn code(self) -> &'static str {
                match self { $($name::$var => $code),+ }
            }

            /// The variant for a code.
            pub fn parse(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$var),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}
/// Other domain modules declare their vocabularies with the same macro.
pub(crate) use code_enum;

code_enum! {
    /// Status of an action (actie) in the plan.
    ActionStatus { Open = "open", Busy = "bezig", Done = "gedaan", Lapsed = "vervallen" }
}

impl ActionStatus {
    /// Whether the action still asks for work (and so can be overdue).
    pub fn is_pending(self) -> bool {
        matches!(self, ActionStatus::Open | ActionStatus::Busy)
    }
}

code_enum! {
    /// Who carries out an action.
    OwnerKind { Client = "client", Worker = "medewerker", Network = "netwerk", External = "extern" }
}

code_enum! {
    /// Perspectief: the four areas of the client's own view of the future.
    PerspectiveArea { Housing = "wonen", Work = "werk", Leisure = "vrije_tijd", Network = "netwerk" }
}

code_enum! {
    /// Status of a goal (doel).
    GoalStatus { Active = "actief", Achieved = "behaald", Closed = "afgesloten" }
}

code_enum! {
    /// Kind of contact written in the journal (journaal).
    ContactType {
        HomeVisit = "huisbezoek",
        Meeting = "gesprek",
        Phone = "telefonisch",
        Video = "beeldbellen",
        Multidisciplinary = "mdo",
    }
}

code_enum! {
    /// Oordeel: the verdict on a goal at an evaluation.
    Verdict { Achieved = "behaald", Partly = "deels", NotAchieved = "niet_behaald" }
}

code_enum! {
    /// Besluit: what happens with a goal after an evaluation.
    Decision { Continue = "doorgaan", Adjust = "bijstellen", Close = "afsluiten" }
}

code_enum! {
    /// What a user did with client data, as written to the access log.
    AuditAction { Create = "create", Read = "read", Update = "update", Delete = "delete", Export = "export" }
}

code_enum! {
    /// On what ground a user may see a client (grondslag).
    AccessBasis {
        CareRelation = "zorgrelatie",
        TeamLead = "teamleiding",
        Organisation = "organisatierol",
        /// Break the glass: a worker without a care relation gave a reason and has time-limited
        /// access to this one client (see [`may_break_glass`]).
        Emergency = "noodtoegang",
        Refused = "geweigerd",
    }
}

code_enum! {
    /// How far a role's view of client dossiers reaches.
    RoleScope {
        /// Only clients the user has a care relation with.
        CareRelation = "relatie",
        /// Also every client of the user's own team.
        Team = "team",
        /// Every client of the organisation.
        Organisation = "organisatie",
    }
}

code_enum! {
    /// Status of a trajectory.
    TrajectoryStatus { Active = "actief", Closed = "afgesloten" }
}

code_enum! {
    /// The law that funds a trajectory (financiering): what the outcome reports filter on and
    /// what sets the retention term of the dossier after the trajectory's end.
    Funding {
        Wmo = "wmo",
        Jeugdwet = "jeugdwet",
        Wlz = "wlz",
        Zvw = "zvw",
        Participatiewet = "participatiewet",
        Other = "anders",
    }
}

impl Funding {
    /// The Dutch name as the field uses it.
    pub fn name(self) -> &'static str {
        match self {
            Funding::Wmo => "Wmo 2015",
            Funding::Jeugdwet => "Jeugdwet",
            Funding::Wlz => "Wet langdurige zorg (Wlz)",
            Funding::Zvw => "Zorgverzekeringswet (Zvw)",
            Funding::Participatiewet => "Participatiewet",
            Funding::Other => "Anders",
        }
    }
}

/// A role of the built-in catalogue: code, Dutch name, dossier scope, and whether it administers
/// the organisation (functioneel beheer).
#[derive(Debug, Clone, Copy)]
pub struct RoleDef {
    /// Stable code.
    pub code: &'static str,
    /// Dutch name as the field uses it.
    pub name: &'static str,
    /// Which dossiers the role opens.
    pub scope: RoleScope,
    /// Whether the role manages users, teams and phase models.
    pub admin: bool,
}

/// The built-in role catalogue; organisations may add roles.
pub const BUILTIN_ROLES: &[RoleDef] = &[
    RoleDef { code: "trajectbegeleider", name: "Trajectbegeleider", scope: RoleScope::CareRelation, admin: false },
    RoleDef { code: "thuisbegeleider", name: "Thuisbegeleider", scope: RoleScope::CareRelation, admin: false },
    RoleDef { code: "wooncoach", name: "Wooncoach", scope: RoleScope::CareRelation, admin: false },
    RoleDef { code: "gastvrouw", name: "Gastvrouw/gastheer", scope: RoleScope::CareRelation, admin: false },
    RoleDef { code: "jobcoach", name: "Jobcoach", scope: RoleScope::CareRelation, admin: false },
    RoleDef { code: "werkbegeleider", name: "Werkbegeleider", scope: RoleScope::CareRelation, admin: false },
    RoleDef { code: "activiteitenbegeleider", name: "Activiteitenbegeleider", scope: RoleScope::CareRelation, admin: false },
    RoleDef { code: "financieel_dienstverlener", name: "Financieel dienstverlener", scope: RoleScope::CareRelation, admin: false },
    RoleDef { code: "kinderwerker", name: "Kinderwerker", scope: RoleScope::CareRelation, admin: false },
    RoleDef { code: "verpleegkundige", name: "Verpleegkundige/verzorgende", scope: RoleScope::CareRelation, admin: false },
    RoleDef { code: "ervaringsdeskundige", name: "Ervaringsdeskundige", scope: RoleScope::CareRelation, admin: false },
    RoleDef { code: "beveiliger", name: "Beveiliger", scope: RoleScope::CareRelation, admin: false },
    RoleDef { code: "vrijwilliger", name: "Vrijwilliger", scope: RoleScope::CareRelation, admin: false },
    RoleDef { code: "teamleider", name: "Teamleider", scope: RoleScope::Team, admin: false },
    RoleDef { code: "kwaliteit", name: "Kwaliteit en beleid", scope: RoleScope::CareRelation, admin: false },
    RoleDef { code: "beheer", name: "Functioneel beheer", scope: RoleScope::CareRelation, admin: true },
    // Searches, exports and reviews the access log; never opens a dossier (see [`PRIVACY_ROLE`]).
    RoleDef { code: "privacy", name: "Privacyfunctionaris", scope: RoleScope::CareRelation, admin: false },
];

/// The role that keeps the access log (NEN 7513 "logbeheerder"): searches and exports it and
/// reviews emergency accesses. It never opens a dossier, not even with a care relation.
pub const PRIVACY_ROLE: &str = "privacy";

/// Roles that may not break the glass even though their scope would allow it: volunteers and
/// security staff have no care task that could need a stranger's dossier, and the
/// organisation's support roles (kwaliteit, functioneel beheer, privacy) work on the
/// organisation, not with clients. Any other role whose scope is "relatie" or "team" may.
pub const NO_EMERGENCY_ACCESS: &[&str] = &["vrijwilliger", "beveiliger", "kwaliteit", "beheer", PRIVACY_ROLE];

/// Whether a user with role `role` (code) and scope `scope` may ask for emergency access to a
/// client they have no ground for. Organisation-wide roles never need it.
pub fn may_break_glass(role: &str, scope: RoleScope) -> bool {
    matches!(scope, RoleScope::CareRelation | RoleScope::Team) && !NO_EMERGENCY_ACCESS.contains(&role)
}

/// A life domain (leefgebied) of a domain set, with the ZRM 2017 domain it maps onto.
#[derive(Debug, Clone, Copy)]
pub struct LifeDomainDef {
    /// Stable code, unique over all sets.
    pub code: &'static str,
    /// The set (method family) it belongs to.
    pub set: &'static str,
    /// Dutch name.
    pub name: &'static str,
    /// The ZRM 2017 domain code it meets, so goals and scores can be put side by side.
    pub zrm: Option<&'static str>,
}

/// The built-in life-domain catalogue: ZRM 2017 (13 domains) and the 8-fasenmodel (7 leefgebieden).
pub const BUILTIN_LIFE_DOMAINS: &[LifeDomainDef] = &[
    LifeDomainDef { code: "zrm_financien", set: "zrm2017", name: "Financiën", zrm: Some("zrm_financien") },
    LifeDomainDef { code: "zrm_werk", set: "zrm2017", name: "Werk & opleiding", zrm: Some("zrm_werk") },
    LifeDomainDef { code: "zrm_tijd", set: "zrm2017", name: "Tijdsbesteding", zrm: Some("zrm_tijd") },
    LifeDomainDef { code: "zrm_huisvesting", set: "zrm2017", name: "Huisvesting", zrm: Some("zrm_huisvesting") },
    LifeDomainDef { code: "zrm_relaties", set: "zrm2017", name: "Huiselijke relaties", zrm: Some("zrm_relaties") },
    LifeDomainDef { code: "zrm_geestelijk", set: "zrm2017", name: "Geestelijke gezondheid", zrm: Some("zrm_geestelijk") },
    LifeDomainDef { code: "zrm_lichamelijk", set: "zrm2017", name: "Lichamelijke gezondheid", zrm: Some("zrm_lichamelijk") },
    LifeDomainDef { code: "zrm_middelen", set: "zrm2017", name: "Middelengebruik", zrm: Some("zrm_middelen") },
    LifeDomainDef { code: "zrm_badl", set: "zrm2017", name: "Basale ADL", zrm: Some("zrm_badl") },
    LifeDomainDef { code: "zrm_iadl", set: "zrm2017", name: "Instrumentele ADL", zrm: Some("zrm_iadl") },
    LifeDomainDef { code: "zrm_netwerk", set: "zrm2017", name: "Sociaal netwerk", zrm: Some("zrm_netwerk") },
    LifeDomainDef { code: "zrm_participatie", set: "zrm2017", name: "Maatschappelijke participatie", zrm: Some("zrm_participatie") },
    LifeDomainDef { code: "zrm_justitie", set: "zrm2017", name: "Justitie", zrm: Some("zrm_justitie") },
    LifeDomainDef { code: "f8_zingeving", set: "8fasen", name: "Zingeving", zrm: None },
    LifeDomainDef { code: "f8_wonen", set: "8fasen", name: "Wonen", zrm: Some("zrm_huisvesting") },
    LifeDomainDef { code: "f8_financien", set: "8fasen", name: "Financiën", zrm: Some("zrm_financien") },
    LifeDomainDef { code: "f8_relaties", set: "8fasen", name: "(Sociale) relaties", zrm: Some("zrm_netwerk") },
    LifeDomainDef { code: "f8_lichamelijk", set: "8fasen", name: "Lichamelijke gezondheid", zrm: Some("zrm_lichamelijk") },
    LifeDomainDef { code: "f8_psychisch", set: "8fasen", name: "Psychische gezondheid", zrm: Some("zrm_geestelijk") },
    LifeDomainDef { code: "f8_werk", set: "8fasen", name: "Werk & activiteiten", zrm: Some("zrm_werk") },
];
