//! Texts that are not about one life domain: the perspective, the parts of a journal entry, and
//! what is written at evaluations. `{n}` is the client's first name.

/// Perspective texts per area (the client's own picture of the future).
pub(super) const PERSPECTIVE: &[(&str, &[&str])] = &[
    (
        "wonen",
        &[
            "Over een jaar woon ik in mijn eigen appartement, met een eigen voordeur.",
            "Ik wil in deze wijk blijven wonen, dicht bij mijn moeder.",
            "Een rustige plek, waar ik mijn kinderen kan ontvangen.",
            "Ik wil zelfstandig wonen, met af en toe hulp als het nodig is.",
        ],
    ),
    (
        "werk",
        &[
            "Ik zie mezelf werken in een keuken of in het groen.",
            "Eerst vrijwilligerswerk, daarna een echte baan.",
            "Ik wil mijn opleiding afmaken en dan in de zorg werken.",
            "Iets met mijn handen doen, een paar dagen per week.",
        ],
    ),
    (
        "vrije_tijd",
        &[
            "Weer voetballen op zaterdag.",
            "Tekenen en muziek maken, dat geeft me rust.",
            "Wandelen met de hond en af en toe naar de film.",
            "Koken voor vrienden.",
        ],
    ),
    (
        "netwerk",
        &[
            "Goed contact met mijn kinderen en een paar vrienden op wie ik kan rekenen.",
            "Dat mijn familie weer trots op me is.",
            "Mensen om me heen die niet gebruiken.",
            "Een paar buren die ik groet en die me kennen.",
        ],
    ),
];

/// How an entry starts, per contact type.
pub(super) fn openers(contact: &str) -> &'static [&'static str] {
    match contact {
        "huisbezoek" => &["Huisbezoek bij {n}.", "Bij {n} thuis geweest.", "Huisbezoek.", "Op bezoek bij {n}."],
        "gesprek" => &["Gesprek op kantoor.", "Gesprek met {n}.", "{n} kwam langs op kantoor.", "Afspraak op kantoor."],
        "telefonisch" => &["Telefonisch contact.", "{n} belde.", "Gebeld met {n}.", "Telefoongesprek met {n}."],
        "beeldbellen" => &["Beeldbellen met {n}.", "Videogesprek.", "Beeldgesprek met {n}."],
        _ => &[
            "Multidisciplinair overleg met {n}, de huisarts en het wijkteam.",
            "Overleg met {n} en de betrokken hulpverleners.",
            "Overleg met {n} en het netwerk.",
        ],
    }
}

/// Journal lines before there is a plan, in the order they usually come: getting to know
/// each other, the request for help, what the client wants.
pub(super) const JOURNAL_START: &[&str] = &[
    "Eerste kennismaking: {n} vertelde over de afgelopen jaren en wat er is misgegaan.",
    "Uitgelegd hoe de begeleiding werkt en wat {n} van ons kan verwachten.",
    "De toestemming om informatie op te vragen is getekend.",
    "Het vertrouwen moet nog groeien; {n} vertelde vooral over de praktische zorgen.",
    "{n} liet de papieren zien die er al zijn; we maken er samen een overzicht van.",
    "Samen de leefgebieden doorgelopen. {n} weet goed wat er eerst moet.",
    "We keken naar wat goed gaat. {n} noemde doorzettingsvermogen en de band met de familie.",
    "Het ging over wat {n} zelf wil bereiken; we schrijven het op in de eigen woorden van {n}.",
];

/// Journal lines about how things go, at any stage.
pub(super) const JOURNAL_GENERAL: &[&str] = &[
    "Bijgepraat. Het gaat redelijk met {n}.",
    "{n} had een drukke week en was moe. Kort de afspraken doorgelopen.",
    "De afspraak van volgende week bevestigd.",
    "{n} was ziek; de afspraken van deze week zijn verzet.",
    "{n} vertelde over een verjaardag in de familie. Een goede week.",
    "De afspraken doorgenomen. {n} weet wat er deze week moet gebeuren.",
    "{n} had vragen over een brief van de gemeente; samen uitgezocht wat er gevraagd wordt.",
    "We bespraken hoe de begeleiding zelf bevalt. {n} wil liever thuis afspreken dan op kantoor.",
    "{n} had weinig tijd; we hebben alleen de belangrijkste punten besproken.",
    "Het was een rustige week zonder bijzonderheden.",
    "{n} vertelde wat er de afgelopen dagen goed ging en waar het schuurde.",
    "Samen de agenda voor de komende weken doorgenomen.",
    "{n} kwam met een eigen lijstje vragen; die hebben we één voor één besproken.",
    "Het ging over de vakantie en hoe {n} die wil invullen.",
    "{n} zat niet lekker in het vel. We hebben vooral geluisterd en rustig aan gedaan.",
    "{n} wilde even stoom afblazen over een vervelend telefoontje.",
    "Teruggeblikt op de afgelopen maand; {n} ziet zelf vooruitgang.",
    "{n} is de afspraak vergeten; we hebben een nieuwe gemaakt en een herinnering ingesteld.",
    "Besproken wat {n} zelf kan regelen en waar nog hulp bij nodig is.",
    "Een formulier samen ingevuld en meteen opgestuurd.",
    "{n} vertelde over spanningen in de buurt; we houden het in de gaten.",
];

/// Journal lines about the plan as a whole, once there is one.
pub(super) const JOURNAL_PLAN: &[&str] = &[
    "Het actieplan erbij gepakt en gekeken wat er sinds de vorige keer gelukt is.",
    "Het ging over de voortgang van het plan; {n} is tevreden.",
    "Het plan op tafel gelegd en de acties van deze maand nagelopen.",
    "Samen gekeken welke acties blijven liggen en waarom.",
];

/// Journal lines near the end of a trajectory.
pub(super) const JOURNAL_CLOSING: &[&str] = &[
    "Het afscheid voorbereid. {n} kijkt terug op een flinke verandering.",
    "Besproken wie {n} straks kan bellen als er iets is.",
    "De overdracht aan het wijkteam besproken; {n} kent de nieuwe contactpersoon.",
    "Minder vaak contact afgesproken; {n} redt het steeds beter zelf.",
];

/// How an entry may end.
pub(super) const JOURNAL_TAILS: &[&str] = &[
    "Volgende afspraak over twee weken.",
    "{n} was positief over de voortgang.",
    "Het ging vandaag wat minder; we houden contact.",
    "{n} pakt de volgende stap zelf op.",
    "Afgesproken dat ik volgende week even bel.",
    "{n} heeft het verslag gelezen en is het ermee eens.",
    "Volgende keer gaan we verder waar we gebleven waren.",
    "{n} vond het een fijn gesprek.",
];

/// Actions for a goal whose theme has no unused action left.
pub(super) const GENERIC_ACTIONS: &[&str] = &[
    "Tussendoor even bellen hoe het gaat",
    "Samen de volgende stap op papier zetten",
    "De voortgang bespreken in het volgende gesprek",
];

pub(super) const VERDICT_ACHIEVED: &[&str] =
    &["Gelukt: {n} heeft dit zelf voor elkaar gekregen.", "Doel bereikt; {n} is er trots op.", "Behaald, met hulp van het netwerk."];
pub(super) const VERDICT_PARTLY: &[&str] = &[
    "Er is een begin gemaakt, maar het is nog niet klaar.",
    "Gaat de goede kant op; nog een paar stappen te gaan.",
    "Deels gelukt; {n} wil hiermee doorgaan.",
];
pub(super) const VERDICT_NOT: &[&str] = &[
    "Dit lukte nog niet; we zoeken samen een andere aanpak.",
    "Niet gelukt door andere zorgen die voorgingen.",
    "{n} vindt dit nu minder belangrijk.",
];
pub(super) const EVALUATION_NOTES: &[&str] = &[
    "Samen met {n} teruggekeken op de afgelopen periode.",
    "Evaluatie in een goede sfeer; {n} heeft zelf de doelen toegelicht.",
    "Teruggekeken en vooruitgekeken; het plan is waar nodig bijgesteld.",
    "{n} is tevreden over de begeleiding en wil doorgaan met dit plan.",
];
pub(super) const CLOSING_NOTES: &[&str] = &[
    "Het traject is afgerond; {n} redt het nu zelf met steun van het netwerk.",
    "Afgesloten in overleg met {n}; de zorg is overgedragen aan het wijkteam.",
    "Het traject stopt; {n} weet waar de hulp te vinden is als het nodig is.",
];
