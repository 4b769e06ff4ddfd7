//! What the suggestion rules know about each method, from the Movisie overview (via
//! `methods-catalogue-notes.md`) and the seed descriptions (Competentiegericht begeleiden,
//! 8-fasenmodel, Krachtwerk). Where the overview is unclear about light/complex (most methods),
//! [`Fit::Both`] is used: no points either way. Texts are our own words.

use super::*;
use crate::catalogue::BUILTIN_LIFE_DOMAINS;
use Situation as S;
use TargetGroup::*;

/// For which problems a method is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// Light problems.
    Light,
    /// Complex problems only (FACT, CTI, ISPB: the overview's "complex" column).
    Complex,
    /// Both, or the overview does not say.
    Both,
}

/// The facts one method contributes to the rules.
#[derive(Debug, Clone, Copy)]
pub struct MethodFacts {
    /// Method code.
    pub code: &'static str,
    /// Target groups (the overview's table rows, plus groups the method's own text names).
    pub groups: &'static [TargetGroup],
    /// Light or complex.
    pub fit: Fit,
    /// ZRM domains the method works on.
    pub domains: &'static [&'static str],
    /// For whom, in words ("mensen met … ").
    pub for_whom: &'static str,
    /// When there is no network: how the method builds one.
    pub builds_network: Option<&'static str>,
    /// When there is no network: why the method needs one.
    pub needs_network: Option<&'static str>,
    /// When there is a network: how the method works with it.
    pub uses_network: Option<&'static str>,
    /// When support must come to the client: how the method reaches out.
    pub reaches_out: Option<&'static str>,
    /// When support must come to the client: why the method waits for the client's own step.
    pub own_request: Option<&'static str>,
    /// A way of working of organisations together, not a method for one client.
    pub organisation: bool,
}

const fn m(
    code: &'static str,
    groups: &'static [TargetGroup],
    fit: Fit,
    domains: &'static [&'static str],
    for_whom: &'static str,
) -> MethodFacts {
    MethodFacts {
        code,
        groups,
        fit,
        domains,
        for_whom,
        builds_network: None,
        needs_network: None,
        uses_network: None,
        reaches_out: None,
        own_request: None,
        organisation: false,
    }
}

impl MethodFacts {
    const fn builds(mut self, s: &'static str) -> Self {
        self.builds_network = Some(s);
        self
    }
    const fn needs(mut self, s: &'static str) -> Self {
        self.needs_network = Some(s);
        self
    }
    const fn uses(mut self, s: &'static str) -> Self {
        self.uses_network = Some(s);
        self
    }
    const fn out(mut self, s: &'static str) -> Self {
        self.reaches_out = Some(s);
        self
    }
    const fn request(mut self, s: &'static str) -> Self {
        self.own_request = Some(s);
        self
    }
    const fn org(mut self) -> Self {
        self.organisation = true;
        self
    }
}

const NET: &str = "zrm_netwerk";
const PART: &str = "zrm_participatie";
const TIJD: &str = "zrm_tijd";
const WERK: &str = "zrm_werk";
const HUIS: &str = "zrm_huisvesting";
const GEEST: &str = "zrm_geestelijk";
const FIN: &str = "zrm_financien";
const IADL: &str = "zrm_iadl";
const BADL: &str = "zrm_badl";
const REL: &str = "zrm_relaties";
const LICH: &str = "zrm_lichamelijk";

/// Every method the rules weigh.
pub const METHOD_FACTS: &[MethodFacts] = &[
    m("ontmoetingscentra", &[Ouderdom], Fit::Both, &[NET, TIJD], "thuiswonende mensen met dementie en hun mantelzorgers"),
    m("vriendendiensten", &[Psychisch], Fit::Light, &[NET, PART, TIJD], "mensen die psychische problemen hebben (gehad)")
        .builds("een getrainde vrijwilliger (maatje) spreekt elke week of om de week met de cliënt af"),
    m("op-eigen-benen", &[Verstandelijk], Fit::Light, &[HUIS, WERK], "mensen met een lichte verstandelijke beperking die zelfstandiger willen wonen of werken")
        .request("het traject begint bij de eigen wens van de cliënt om meer regie te krijgen"),
    m("community-support", &[Verstandelijk, Psychisch], Fit::Both, &[NET, IADL], "mensen met een beperking en jongeren met problemen")
        .uses("een steungroep van cliënt, netwerk en professionals komt geregeld samen"),
    m("gemixt-talent", &[Verstandelijk], Fit::Light, &[NET, PART], "buurtbewoners met een lichte verstandelijke beperking")
        .builds("de cliënt wordt zorgvuldig in contact gebracht met buurtbewoners zonder beperking"),
    m("eigen-kracht-conferentie", &[Algemeen], Fit::Both, &[REL], "burgers van elke leeftijd met problemen of conflicten")
        .needs("de conferentie draait om een zo breed mogelijke kring van familie, vrienden en buren")
        .uses("familie, vrienden en buren maken samen een plan dat helemaal van hen is")
        .request("burgers vragen zelf een conferentie aan"),
    m("fact", &[Psychisch], Fit::Complex, &[GEEST, HUIS, WERK, NET], "mensen met een ernstige psychiatrische aandoening en problemen op meerdere leefgebieden")
        .out("het FACT-team gaat naar de cliënt toe (thuis, op straat) en houdt het contact vast, ook bij zorgmijding"),
    m("cti", &[Psychisch], Fit::Complex, &[HUIS, GEEST, NET], "mensen met complexe, meervoudige sociale of psychiatrische problemen")
        .out("CTI is bemoeizorg: de begeleider zoekt de cliënt actief op"),
    m("ispb", &[Psychisch], Fit::Complex, &[GEEST], "mensen met een ernstige, langdurige psychiatrische aandoening"),
    m("active-support", &[Verstandelijk], Fit::Both, &[TIJD, IADL, BADL], "mensen met een ernstige verstandelijke beperking"),
    m("hooi-op-je-vork", &[Lichamelijk], Fit::Both, &[GEEST, TIJD], "mensen met niet-aangeboren hersenletsel (NAH)"),
    m("srh", &[Psychisch], Fit::Both, &[GEEST, NET], "mensen met psychosociale beperkingen"),
    m("irb", &[Psychisch, Lichamelijk, Verstandelijk], Fit::Both, &[WERK, HUIS, TIJD, NET, FIN], "mensen met langdurige beperkingen van elke soort"),
    m("herstelwerkgroepen-hee", &[Psychisch], Fit::Both, &[GEEST, PART], "cliënten met psychiatrische problemen")
        .request("de cliënt gaat zelf naar een herstelwerkgroep en deelt daar zijn verhaal"),
    m("herstellen-doe-je-zelf", &[Psychisch], Fit::Both, &[GEEST], "mensen met (ernstige) psychische problemen")
        .request("het is een cursus van twaalf bijeenkomsten waar de cliënt zelf heen gaat"),
    m("sbcm", &[Psychisch], Fit::Both, &[HUIS, FIN, TIJD, NET, LICH], "mensen met psychiatrische problemen, ook in de opvang")
        .out("de casemanager ontmoet de cliënt in diens eigen omgeving"),
    m("relim", &[Psychisch], Fit::Both, &[WERK, PART], "mensen met psychische problemen die ver van de arbeidsmarkt staan"),
    m("wijk-en-psychiatrie", &[Psychisch], Fit::Both, &[NET, PART, TIJD], "mensen met psychische beperkingen (en NAH) in de wijk")
        .builds("laagdrempelige ontmoetingsplekken in de wijk brengen de cliënt in contact met buurtbewoners"),
    m("supported-living", &[Verstandelijk], Fit::Both, &[HUIS, WERK, NET], "mensen met een verstandelijke beperking die gewoon in een wijk willen wonen")
        .uses("betaalde hulp wordt bewust aangevuld met hulp uit het eigen netwerk"),
    m("eim", &[Verstandelijk], Fit::Both, &[IADL, TIJD, WERK], "mensen met een verstandelijke beperking"),
    m("pcp", &[Verstandelijk], Fit::Both, &[PART], "mensen met een verstandelijke beperking (en iedereen die meer mee wil doen)")
        .needs("het plan wordt gemaakt in een steuncirkel van familie en vrienden")
        .uses("een steuncirkel uit het netwerk komt steeds met de cliënt bij elkaar"),
    m("voor-mekaar", &[Verstandelijk], Fit::Light, &[PART], "mensen met een verstandelijke beperking die anderen willen steunen")
        .request("de cliënt volgt zelf een training tot maatje voor anderen"),
    m("werken-met-verhalen", &[Algemeen], Fit::Both, &[GEEST], "volwassenen en ouderen, ook met dementie of langdurige psychische problemen"),
    m("thuisbegeleiding", &[Algemeen], Fit::Both, &[IADL, BADL, REL], "mensen die het huishouden en het dagelijks leven niet meer rond krijgen"),
    m("oplossingsgericht-werken", &[Psychisch, Verstandelijk, Algemeen], Fit::Light, &[], "cliënten van elke doelgroep die zelf doelen willen stellen"),
    m("sns", &[Verstandelijk, Algemeen], Fit::Both, &[NET, REL], "mensen met een (lichte) verstandelijke beperking en hun mantelzorgers, maar ook andere groepen")
        .builds("de begeleider verkent met de cliënt het netwerk en zet het in beweging")
        .uses("cliënt en netwerk beslissen en plannen samen in een familienetwerkberaad"),
    m("vrijwillige-netwerkcoach", &[Algemeen], Fit::Light, &[NET], "mensen die dreigen te vereenzamen")
        .builds("een vrijwillige coach brengt het netwerk in kaart en vormt een steuncirkel"),
    m("vriendenkringen", &[Verstandelijk, Lichamelijk, Algemeen], Fit::Light, &[NET, TIJD], "mensen met een beperking die contacten buiten de zorg willen")
        .builds("vrijwilligers vormen met de cliënt een vriendenkring die later zelf activiteiten organiseert"),
    m("zorg-en-ondersteuningsplan", &[Ouderdom, Algemeen], Fit::Both, &[], "cliënten in elke sector, en als zorgleefplan in de ouderenzorg")
        .uses("in het plan is ruimte voor afspraken met het netwerk en mantelzorgers"),
    m("signaleringsnetwerken", &[Verstandelijk, Psychisch], Fit::Both, &[], "mensen die niet om hulp vragen en een zwak netwerk hebben")
        .out("vrijwilligers en organisaties signaleren vroeg en gaan op huisbezoek")
        .org(),
    m("maatschappelijke-steunsystemen", &[Psychisch], Fit::Complex, &[PART, NET], "volwassenen met ernstige psychiatrische problemen, ook eenzame mensen")
        .builds("een samenhangend netwerk van mensen en voorzieningen helpt de cliënt weer mee te doen")
        .org(),
    m("kwartiermaken", &[Algemeen], Fit::Both, &[PART], "mensen met een beperking die mee willen doen in gewone voorzieningen").org(),
    m("competentiegericht", &[Algemeen], Fit::Both, &[HUIS], "kwetsbare volwassenen die moeite hebben passende huisvesting te vinden of te houden")
        .out("de begeleider werkt proactief, ook bij cliënten die moeilijk te bereiken zijn"),
    m("8fasen", &[Algemeen], Fit::Both, &[], "cliënten met meervoudige problemen, in elke vorm van begeleiding")
        .uses("de begeleider werkt samen met cliënt en netwerk aan de situatie"),
    m("krachtwerk", &[Algemeen], Fit::Both, &[], "cliënten in de maatschappelijke opvang en de vrouwenopvang"),
];

/// The Dutch name of a ZRM domain.
fn domain_name(zrm: &str) -> &'static str {
    BUILTIN_LIFE_DOMAINS
        .iter()
        .find(|d| d.code == zrm)
        .map(|d| d.name)
        .unwrap_or("een leefgebied")
}

fn list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_string(),
        [first @ .., last] => format!("{} en {}", first.join(", "), last),
    }
}

/// Adds every reason for and against method `m` given `p`.
pub(super) fn score(m: &MethodFacts, p: &ClientProfile, t: &mut Tally) {
    groups(m, p, t);
    complexity(m, p, t);
    let goals: Vec<&str> = m
        .domains
        .iter()
        .copied()
        .filter(|d| p.goal_on(d))
        .take(2)
        .collect();
    if !goals.is_empty() {
        let names: Vec<&str> = goals.iter().map(|d| domain_name(d)).collect();
        t.add(
            W_DOMAIN * goals.len() as i32,
            format!(
                "De cliënt heeft een doel op {}: daar werkt deze methode aan.",
                list(&names)
            ),
        );
    }
    if let Some(zrm) = &p.zrm {
        let low: Vec<(&str, u8)> = m
            .domains
            .iter()
            .filter_map(|d| {
                zrm.scores
                    .iter()
                    .find(|(c, s)| c == d && *s <= ZRM_LOW)
                    .map(|(_, s)| (*d, *s))
            })
            .take(2)
            .collect();
        if !low.is_empty() {
            let names: Vec<String> = low
                .iter()
                .map(|(d, s)| format!("{} ({s})", domain_name(d)))
                .collect();
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            t.add(
                W_ZRM_LOW * low.len() as i32,
                format!(
                    "De ZRM laat een lage score zien op {}: daar werkt deze methode aan.",
                    list(&names)
                ),
            );
        }
    }
    network(m, p, t);
    if p.needs_outreach {
        if let Some(how) = m.reaches_out {
            let points = if m.code == "fact" && p.has_group(Psychisch) {
                W_OUTREACH_FACT
            } else {
                W_OUTREACH
            };
            t.add(
                points,
                format!("De cliënt vraagt zelf geen hulp of mijdt zorg: {how}."),
            );
        }
        if let Some(why) = m.own_request {
            t.add(
                P_OWN_REQUEST,
                format!("Past minder omdat de cliënt zelf geen hulp zoekt: {why}."),
            );
        }
    }
    situation_rules(m, p, t);
    age_rules(m, p, t);
    if m.organisation {
        t.add(P_ORGANISATION, "Past minder omdat dit een werkwijze is van organisaties samen, geen begeleidingsmethode voor één cliënt.");
    }
}

fn groups(m: &MethodFacts, p: &ClientProfile, t: &mut Tally) {
    if p.target_groups.is_empty() {
        return;
    }
    let specific: Vec<TargetGroup> = p
        .target_groups
        .iter()
        .copied()
        .filter(|g| *g != Algemeen && m.groups.contains(g))
        .collect();
    if !specific.is_empty() {
        t.add(
            W_GROUP,
            format!(
                "Past bij de doelgroep ({}): de methode is gemaakt voor {}.",
                specific[0].words(),
                m.for_whom
            ),
        );
    } else if m.groups.contains(&Algemeen) && p.has_group(Algemeen) {
        t.add(
            W_GROUP,
            format!(
                "Past bij de doelgroep (meerdere doelgroepen): de methode is bruikbaar voor {}.",
                m.for_whom
            ),
        );
    } else if m.groups.contains(&Algemeen) {
        t.add(
            W_GENERAL,
            format!(
                "De methode is niet aan één doelgroep gebonden: ze is bruikbaar voor {}.",
                m.for_whom
            ),
        );
    } else {
        t.add(
            P_OTHER_GROUP,
            format!(
                "Past minder omdat de methode gemaakt is voor {}.",
                m.for_whom
            ),
        );
    }
}

fn complexity(m: &MethodFacts, p: &ClientProfile, t: &mut Tally) {
    match (p.complexity, m.fit) {
        (Some(Complexity::Complex), Fit::Complex) => {
            t.add(W_COMPLEX, "De cliënt heeft complexe problemen: deze methode is juist daarvoor gemaakt.")
        }
        (Some(Complexity::Licht), Fit::Complex) => {
            t.add(P_TOO_HEAVY, format!("Past minder omdat de problemen licht zijn: de methode is bedoeld voor {}.", m.for_whom))
        }
        (Some(Complexity::Complex), Fit::Light) => t.add(
            P_TOO_LIGHT,
            "Past minder omdat de problemen complex zijn: deze lichte methode past dan hooguit naast andere begeleiding.",
        ),
        _ => {}
    }
}

fn network(m: &MethodFacts, p: &ClientProfile, t: &mut Tally) {
    let Some(n) = p.network else { return };
    if n.isolated() {
        if let Some(how) = m.builds_network {
            t.add(
                W_ISOLATED,
                format!("Er is nog geen steunend netwerk rond de cliënt in beeld: {how}."),
            );
        }
        if let Some(why) = m.needs_network {
            t.add(
                P_NO_NETWORK,
                format!("Past minder omdat er nog geen netwerk in beeld is: {why}."),
            );
        }
    } else if n.members >= NETWORK_PRESENT {
        if let Some(how) = m.uses_network {
            t.add(
                W_NETWORK,
                format!("Er staan {} mensen om de cliënt heen: {how}.", n.members),
            );
        }
    }
}

/// Rules that single out a method for a circumstance its text names. Every rule is checked on
/// its own (a method can meet several).
pub(super) fn situation_rules(m: &MethodFacts, p: &ClientProfile, t: &mut Tally) {
    if m.code == "cti" {
        match p.critical_transition {
            Some(kind) => t.add(
                W_TRANSITION,
                format!("Cliënt maakt een overgang door ({}): CTI is gemaakt voor zo'n kritieke periode van negen maanden.", kind.words()),
            ),
            None => t.add(P_NO_TRANSITION, "Past minder omdat er geen kritieke overgang is: CTI is tijdelijke begeleiding rond zo'n overgang."),
        }
    }
    if m.code == "ontmoetingscentra" && p.has(S::Dementie) {
        let who = if p.has(S::Mantelzorger) {
            "zorgt de cliënt voor iemand met dementie"
        } else {
            "speelt dementie"
        };
        t.add(50, format!("Thuis {who}: een ontmoetingscentrum steunt de mantelzorger en de persoon met dementie, zodat thuis wonen langer lukt."));
    }
    let isolated = p.network.is_some_and(|n| n.isolated());
    let work_goal = p.goal_on(WERK) || p.goal_on(PART);
    let rules: [(&[&str], bool, i32, &str); 22] = [
        (&["werken-met-verhalen"], p.has(S::Dementie), 15,
         "Er speelt dementie: het levensverhaal vastleggen wordt ook bij mensen met dementie gebruikt."),
        (&["sns", "vrijwillige-netwerkcoach"], p.has(S::Mantelzorger), 10,
         "De cliënt is mantelzorger: deze aanpak wordt ook gebruikt om mantelzorgers te steunen."),
        (&["hooi-op-je-vork"], p.has(S::Nah), 50,
         "De cliënt heeft niet-aangeboren hersenletsel: Hooi op je vork is voor NAH gemaakt en helpt weer grip te krijgen op zichzelf en de toekomst."),
        (&["wijk-en-psychiatrie", "vrijwillige-netwerkcoach"], p.has(S::Nah), 10,
         "De cliënt heeft niet-aangeboren hersenletsel: de methode wordt ook bij NAH gebruikt."),
        (&["eigen-kracht-conferentie"], p.has(S::Conflict), 45,
         "Er is een conflict in de familie of het netwerk: in een Eigen Kracht-conferentie maken de betrokkenen zelf een plan en houden zij de regie."),
        (&["sns"], p.has(S::Conflict), 15,
         "Er is een conflict in de familie: in het familienetwerkberaad zoeken cliënt en familie samen naar oplossingen."),
        (&["herstellen-doe-je-zelf"], p.has(S::Verslaving), 15,
         "Er speelt verslaving: de cursus wordt ook voor mensen met een verslaving gegeven."),
        (&["relim"], p.has(S::Verslaving) && p.has(S::Dakloos), 20,
         "Dakloos en verslaafd: Relim heeft resocialisatiemodules juist voor deze groep."),
        (&["irb"], p.has(S::Verslaving), 10, "Er speelt verslaving: IRB is ook voor beperkingen door verslaving."),
        (&["sbcm"], p.has(S::Dakloos), 20,
         "De cliënt is dakloos of in de opvang: krachtgericht casemanagement wordt in de opvang gebruikt."),
        (&["krachtwerk"], p.has(S::Dakloos), 20,
         "De cliënt is dakloos of in de opvang: Krachtwerk is een basismethodiek in de maatschappelijke opvang en de vrouwenopvang."),
        (&["competentiegericht"], p.has(S::Dakloos), 25,
         "De cliënt is dakloos of in de opvang: Competentiegericht begeleiden werkt in de opvang stap voor stap naar passende huisvesting."),
        (&["irb", "relim"], work_goal && p.has_group(Psychisch), 15,
         "De cliënt wil werken of meedoen en heeft psychische problemen: de methode helpt via werk of zelfgekozen rollen verder."),
        (&["op-eigen-benen"], (work_goal || p.goal_on(HUIS)) && p.has_group(Verstandelijk), 15,
         "De cliënt wil zelfstandiger wonen of werken: Op eigen benen traint dat in het echte leven."),
        (&["supported-living"], p.goal_on(HUIS) && p.has_group(Verstandelijk), 10,
         "De cliënt wil zelfstandig wonen: Supported living helpt wonen in een gewoon huis in een gewone wijk."),
        (&["thuisbegeleiding"], p.goal_on(IADL) || p.goal_on(BADL), 20,
         "Het huishouden of het dagelijks leven loopt vast: Thuisbegeleiding brengt thuis structuur aan, met steeds dezelfde begeleider."),
        (&["thuisbegeleiding", "zorg-en-ondersteuningsplan"], p.has_group(Ouderdom), 10,
         "De cliënt is oudere en woont thuis: de methode wordt in de thuiszorg en ouderenzorg gebruikt."),
        (&["oplossingsgericht-werken"], p.complexity == Some(Complexity::Licht), 20,
         "De problemen zijn licht: oplossingsgericht werken is kort en gaat uit van de eigen vraag, met haalbare doelen die snel resultaat geven."),
        (&["8fasen"], p.goal_domains.len() >= 3 || p.complexity == Some(Complexity::Complex), 15,
         "Er spelen problemen op meerdere leefgebieden: het 8-fasenmodel is gemaakt voor meervoudige problemen."),
        (&["maatschappelijke-steunsystemen"], isolated && p.has_group(Psychisch), 10,
         "De cliënt is eenzaam of geïsoleerd: ook zulke mensen doen mee in een steunsysteem."),
        (&["signaleringsnetwerken"], p.needs_outreach && isolated, 10,
         "De cliënt vraagt geen hulp en heeft een zwak netwerk: precies de groep die een signaleringsnetwerk zoekt."),
        (&["active-support"], p.complexity == Some(Complexity::Licht), -15,
         "Past minder omdat de problemen licht zijn: Active support is voor mensen met een ernstige verstandelijke beperking."),
    ];
    for (codes, when, points, text) in rules {
        if when && codes.contains(&m.code) {
            t.add(points, text);
        }
    }
}

/// Rules on the client's age, where the method's text names an age.
pub(super) fn age_rules(m: &MethodFacts, p: &ClientProfile, t: &mut Tally) {
    let Some(age) = p.age else { return };
    if m.code == "community-support" && (12..27).contains(&age) {
        t.add(
            10,
            format!("De cliënt is {age}: community support is ook voor jongeren met problemen."),
        );
    }
    if m.code == "werken-met-verhalen" && age >= 65 {
        t.add(
            10,
            format!(
                "De cliënt is {age}: werken met het levensverhaal wordt veel bij ouderen gebruikt."
            ),
        );
    }
    if m.code == "competentiegericht" && age < 18 {
        t.add(
            -20,
            format!(
                "Past minder omdat de cliënt {age} is: de methode is beschreven voor volwassenen."
            ),
        );
    }
}
