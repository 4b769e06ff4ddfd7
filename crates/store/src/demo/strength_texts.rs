//! What a client says about a life domain in the strengths inventory: how things are now, what
//! they wish, what helped before, and their strengths of the six kinds — all in the client's own
//! words. One [`StrengthTheme`] per theme of [`super::themes`], chosen the same way.

/// The inventory content of one life domain. `strengths` pairs a kind code with a text.
pub(super) struct StrengthTheme {
    pub(super) situation: &'static [&'static str],
    pub(super) wishes: &'static [&'static str],
    pub(super) before: &'static [&'static str],
    pub(super) strengths: &'static [(&'static str, &'static str)],
}

const V: &str = "vaardigheden";
const I: &str = "interesses";
const K: &str = "kennis";
const Q: &str = "persoonlijke_kwaliteiten";
const C: &str = "contacten";
const O: &str = "mogelijkheden_omgeving";

/// The theme of a domain code (the same grouping as [`super::domains::theme_of`]).
pub(super) fn strength_theme(domain: &str) -> &'static StrengthTheme {
    match domain {
        "zrm_huisvesting" | "f8_wonen" => &WONEN,
        "zrm_financien" | "f8_financien" => &FINANCIEN,
        "zrm_werk" | "f8_werk" => &WERK,
        "zrm_tijd" => &TIJD,
        "zrm_relaties" => &THUIS,
        "zrm_netwerk" | "f8_relaties" => &NETWERK,
        "zrm_geestelijk" | "f8_psychisch" => &GEESTELIJK,
        "f8_zingeving" => &ZINGEVING,
        "zrm_lichamelijk" | "f8_lichamelijk" => &LICHAMELIJK,
        "zrm_badl" => &VERZORGING,
        "zrm_iadl" => &HUISHOUDEN,
        "zrm_middelen" => &MIDDELEN,
        "zrm_participatie" => &MEEDOEN,
        _ => &JUSTITIE,
    }
}

/// Personal qualities that fit any domain.
pub(super) const QUALITIES: &[&str] = &[
    "Ik geef niet snel op.",
    "Ik heb humor, ook als het tegenzit.",
    "Ik ben eerlijk, ook als dat moeilijk is.",
    "Ik ben nieuwsgierig en wil dingen leren.",
    "Ik ben zorgzaam voor de mensen om me heen.",
    "Ik durf hulp te vragen als het echt nodig is.",
    "Ik ben rustig als anderen in paniek raken.",
    "Ik kom mijn afspraken na.",
];

/// What a client adds to the situation of a domain later on.
pub(super) const LATER: &[&str] = &[
    "Inmiddels gaat het iets beter dan bij de start.",
    "Het is nog steeds lastig, maar ik weet nu bij wie ik terecht kan.",
    "Er is een eerste stap gezet; daar ben ik trots op.",
    "Het ging een tijd goed, nu is het weer wat moeilijker.",
    "Ik merk dat ik er minder over pieker dan eerst.",
];

static WONEN: StrengthTheme = StrengthTheme {
    situation: &[
        "Ik slaap nu bij mijn zus op de bank. Dat kan nog een paar weken.",
        "Ik woon in een kamer in de opvang. Het is er druk en ik heb weinig rust.",
        "Ik heb een huurachterstand en ben bang dat ik mijn huis kwijtraak.",
        "Mijn huis is te klein en vol spullen. Ik nodig niemand meer uit.",
    ],
    wishes: &["Een eigen plek, niet te ver van mijn familie.", "Een huis waar ik de deur achter me dicht kan doen.", "Dat ik weer mensen durf uit te nodigen."],
    before: &[
        "Toen ik eerder een huis zocht, hielp mijn broer met de inschrijving. Dat werkte goed.",
        "Vroeger had ik een vast schema voor het schoonmaken. Dan bleef het opgeruimd.",
        "Ik heb al eens jaren een huurhuis gehad en altijd op tijd betaald.",
    ],
    strengths: &[
        (V, "Ik kan goed klussen en dingen repareren."),
        (V, "Ik houd mijn kamer netjes, ook als het druk is."),
        (K, "Ik weet hoe de woningsites werken."),
        (I, "Ik vind het leuk om een huis in te richten."),
        (C, "Mijn zus laat me bij haar logeren als het nodig is."),
        (O, "Bij de kringloop in de buurt zijn goedkope meubels."),
        (Q, "Ik kom afspraken met de verhuurder na."),
    ],
};

static FINANCIEN: StrengthTheme = StrengthTheme {
    situation: &[
        "Ik heb schulden bij een paar bedrijven en ik weet niet precies hoeveel.",
        "Mijn post blijft liggen; ik durf de brieven niet open te maken.",
        "Aan het eind van de maand heb ik vaak geen geld meer voor eten.",
    ],
    wishes: &["Dat ik weer rustig slaap zonder zorgen over geld.", "Dat ik zelf weet wat er binnenkomt en wat eraf gaat.", "Een klein potje voor als de wasmachine kapotgaat."],
    before: &[
        "Een tijd lang hield ik alles bij in een schrift. Toen ging het goed.",
        "Mijn vader heeft me eerder geholpen met een betalingsregeling.",
        "Met een vast bedrag per week voor boodschappen kwam ik vroeger rond.",
    ],
    strengths: &[
        (V, "Ik kan goed rekenen."),
        (V, "Ik vergelijk prijzen en weet waar het goedkoop is."),
        (K, "Ik weet welke toeslagen er zijn."),
        (Q, "Ik ben eerlijk over wat er misging met geld."),
        (C, "Mijn broer wil meekijken met mijn bankzaken."),
        (O, "De voedselbank en de formulierenhulp zitten bij mij in de wijk."),
        (I, "Ik vind het leuk om slim te sparen, met aanbiedingen en zegeltjes."),
    ],
};

static WERK: StrengthTheme = StrengthTheme {
    situation: &[
        "Ik heb al twee jaar geen werk. Mijn dagen zijn lang.",
        "Ik ben gestopt met mijn opleiding, maar ik wil het opnieuw proberen.",
        "Ik werk een paar uur in de week, maar ik zou meer willen.",
    ],
    wishes: &["Werk met mijn handen, het liefst buiten.", "Ergens werken waar ze me nodig hebben en waar ik collega's heb.", "Een diploma, zodat ik meer kans heb."],
    before: &[
        "Ik heb drie jaar in een magazijn gewerkt. Dat ging goed.",
        "Stage lopen bij een garage vond ik het leukst.",
        "Een jobcoach heeft me eerder geholpen om op tijd te komen.",
    ],
    strengths: &[
        (V, "Ik kan hard werken en ben handig."),
        (V, "Ik kan goed met klanten omgaan."),
        (K, "Ik heb een heftruckcertificaat."),
        (I, "Ik ben geïnteresseerd in techniek en auto's."),
        (Q, "Ik ben altijd op tijd als ik iets beloof."),
        (C, "Een oud-collega weet misschien een werkplek."),
        (O, "De kringloopwinkel zoekt vrijwilligers."),
    ],
};

static TIJD: StrengthTheme = StrengthTheme {
    situation: &[
        "Ik lig vaak tot de middag in bed. Ik heb geen ritme.",
        "Ik verveel me en zit veel te gamen.",
        "Mijn week heeft geen vaste dingen, behalve de afspraken hier.",
    ],
    wishes: &["Elke dag iets te doen hebben waar ik zin in heb.", "Een vast ritme, met op tijd opstaan.", "Iets doen waarbij ik buiten kom."],
    before: &[
        "Toen ik op voetbal zat, had ik vanzelf een ritme.",
        "Met een weekplanning op de koelkast lukte het beter.",
        "Vrijwilligerswerk bij de dierenopvang gaf me vroeger energie.",
    ],
    strengths: &[
        (V, "Ik kan goed plannen als ik het opschrijf."),
        (I, "Ik houd van tekenen en muziek maken."),
        (I, "Ik vind dieren leuk."),
        (K, "Ik weet veel van computers en games."),
        (Q, "Als ik ergens aan begin, maak ik het af."),
        (C, "Mijn buurman neemt me soms mee naar het buurthuis."),
        (O, "Het buurthuis heeft elke dag een inloop."),
    ],
};

static THUIS: StrengthTheme = StrengthTheme {
    situation: &[
        "Thuis is er vaak ruzie, vooral over geld.",
        "Ik zie mijn kinderen maar één keer in de twee weken.",
        "Sinds de scheiding is het stil in huis.",
    ],
    wishes: &["Rust in huis en samen weer kunnen praten.", "Mijn kinderen vaker zien.", "Goede afspraken met mijn ex over de kinderen."],
    before: &[
        "Relatietherapie heeft ons eerder geholpen.",
        "Als we samen gingen wandelen, konden we beter praten.",
        "Mijn moeder heeft eerder bemiddeld; dat hielp.",
    ],
    strengths: &[
        (V, "Ik kan goed luisteren als ik rustig ben."),
        (Q, "Ik ben er voor mijn kinderen."),
        (K, "Ik weet wat mijn kinderen nodig hebben."),
        (I, "Ik vind het fijn om samen met het gezin te koken."),
        (C, "Mijn moeder helpt met oppassen."),
        (O, "Er is een oudercursus in het wijkcentrum."),
    ],
};

static NETWERK: StrengthTheme = StrengthTheme {
    situation: &[
        "Ik heb bijna niemand meer om mee te praten.",
        "Mijn vrienden van vroeger zie ik niet meer sinds ik verhuisd ben.",
        "Ik heb contact met mijn familie, maar het is vaak gespannen.",
    ],
    wishes: &["Een paar mensen bij wie ik langs kan gaan.", "Weer contact met mijn broer.", "Iemand om samen mee te sporten of te wandelen."],
    before: &[
        "Op mijn oude werk had ik veel vrienden.",
        "Bij de kerk voelde ik me vroeger welkom.",
        "Een maatje van de vrijwilligerscentrale heeft me eerder geholpen.",
    ],
    strengths: &[
        (V, "Ik kan makkelijk een praatje maken."),
        (Q, "Ik ben trouw aan mijn vrienden."),
        (Q, "Ik help mensen graag."),
        (C, "Mijn tante belt me elke week."),
        (I, "Ik houd van spelletjes en quizavonden."),
        (O, "In de wijk is een maatjesproject."),
    ],
};

static GEESTELIJK: StrengthTheme = StrengthTheme {
    situation: &["Ik pieker veel en slaap slecht.", "Ik voel me vaak somber, vooral in de winter.", "Ik word angstig als ik de deur uit moet."],
    wishes: &["Minder piekeren en beter slapen.", "Weer plezier hebben in dingen.", "Zelf merken wanneer het slechter gaat, en dan iets doen."],
    before: &[
        "Wandelen in het park hielp me vroeger tegen het piekeren.",
        "De gesprekken met de praktijkondersteuner van de huisarts hielpen.",
        "Een vaste dagindeling hield me eerder op de been.",
    ],
    strengths: &[
        (K, "Ik herken de signalen als het slechter gaat."),
        (V, "Ik kan ontspannen met ademhalingsoefeningen."),
        (Q, "Ik ben een doorzetter; ik ben er al vaker bovenop gekomen."),
        (I, "Ik lees graag en luister naar podcasts."),
        (C, "Met mijn vriendin kan ik over alles praten."),
        (O, "Er is een lotgenotengroep in de wijk."),
    ],
};

static ZINGEVING: StrengthTheme = StrengthTheme {
    situation: &[
        "Ik weet niet goed waar ik het allemaal voor doe.",
        "Mijn geloof was belangrijk voor me, maar ik ga er niet meer naartoe.",
        "Sinds mijn moeder is overleden voel ik me leeg.",
    ],
    wishes: &["Iets doen waar ik trots op kan zijn.", "Weer iets betekenen voor anderen.", "Rust vinden in mijn geloof."],
    before: &[
        "Vrijwilligerswerk gaf me vroeger het gevoel dat ik ertoe deed.",
        "Bidden en samen naar de moskee gaan gaf me rust.",
        "Schrijven in een dagboek hielp me om dingen op een rij te zetten.",
    ],
    strengths: &[
        (Q, "Ik ben zorgzaam voor anderen."),
        (I, "Ik denk graag na over geloof en levensvragen."),
        (V, "Ik kan goed opschrijven wat ik denk."),
        (C, "Iemand van de kerk wil graag met me praten."),
        (O, "De moskee in de buurt heeft een koffieochtend."),
        (K, "Ik weet wat voor mij echt belangrijk is: mijn kinderen."),
    ],
};

static LICHAMELIJK: StrengthTheme = StrengthTheme {
    situation: &[
        "Ik heb veel last van mijn rug en beweeg weinig.",
        "Ik eet onregelmatig en vaak ongezond.",
        "Ik ben al lang niet bij de huisarts of de tandarts geweest.",
    ],
    wishes: &["Fitter worden, zodat ik weer kan fietsen.", "Gezonder eten zonder dat het veel geld kost.", "Minder pijn."],
    before: &[
        "Toen ik zwom, had ik minder last van mijn rug.",
        "Met een weekmenu at ik vroeger gezonder.",
        "De fysiotherapeut gaf me oefeningen die hielpen.",
    ],
    strengths: &[
        (V, "Ik kan gezond en goedkoop koken."),
        (I, "Ik vind fietsen en zwemmen leuk."),
        (K, "Ik weet welke oefeningen goed zijn voor mijn rug."),
        (Q, "Als ik een doel heb, zet ik door."),
        (C, "Mijn buurvrouw wil samen wandelen."),
        (O, "Het zwembad heeft een goedkoop ochtenduur."),
    ],
};

static VERZORGING: StrengthTheme = StrengthTheme {
    situation: &[
        "Douchen en aankleden kosten me soms te veel moeite.",
        "Als het slecht gaat, verzorg ik mezelf niet goed.",
        "Ik vergeet vaak mijn medicijnen.",
    ],
    wishes: &["Me elke dag verzorgd voelen.", "Zelf mijn medicijnen bijhouden.", "Er netjes uitzien als ik de deur uitga."],
    before: &[
        "Met een vast ochtendritueel lukte het me beter.",
        "Een medicijndoos met vakjes per dag hielp.",
        "De wijkverpleging kwam eerder een tijd langs; dat gaf houvast.",
    ],
    strengths: &[
        (V, "Ik kan mijn eigen kleren wassen en strijken."),
        (Q, "Ik vind het belangrijk om er verzorgd uit te zien."),
        (K, "Ik weet welke medicijnen ik neem en waarvoor."),
        (C, "Mijn dochter helpt als het even niet gaat."),
        (O, "De apotheek levert mijn medicijnen per week in zakjes."),
        (I, "Ik houd van mooie kleren."),
    ],
};

static HUISHOUDEN: StrengthTheme = StrengthTheme {
    situation: &[
        "De was en de afwas stapelen zich op.",
        "Boodschappen doen vind ik lastig; ik vergeet dingen.",
        "Ik weet niet goed hoe ik een huishouden moet runnen.",
    ],
    wishes: &["Een schoon huis zonder dat het me de hele dag kost.", "Zelf boodschappen doen met een lijstje.", "Elke dag een warme maaltijd."],
    before: &[
        "Een schoonmaakrooster op de deur werkte vroeger goed.",
        "Mijn moeder leerde me koken toen ik klein was.",
        "Met een boodschappenlijst op mijn telefoon vergat ik minder.",
    ],
    strengths: &[
        (V, "Ik kan goed koken als ik er de tijd voor neem."),
        (V, "Ik kan met mijn telefoon lijstjes en herinneringen maken."),
        (K, "Ik weet hoe de wasmachine en de droger werken."),
        (I, "Ik vind het leuk om nieuwe recepten te proberen."),
        (C, "Mijn zus wil samen boodschappen doen."),
        (O, "De supermarkt bezorgt ook aan huis."),
    ],
};

static MIDDELEN: StrengthTheme = StrengthTheme {
    situation: &[
        "Ik blow elke avond om te kunnen slapen.",
        "Ik drink meer dan goed voor me is, vooral in het weekend.",
        "Ik ben drie maanden gestopt en wil dat zo houden.",
    ],
    wishes: &["Minder blowen, en helemaal stoppen als het kan.", "Een weekend zonder drank.", "Dat mijn familie weer op me vertrouwt."],
    before: &[
        "Eerder ben ik een half jaar gestopt, met hulp van de verslavingszorg.",
        "Sporten hielp me om niet te gebruiken.",
        "Niet meer omgaan met bepaalde vrienden hielp.",
    ],
    strengths: &[
        (K, "Ik weet wanneer de trek het grootst is."),
        (Q, "Ik ben eerlijk over mijn gebruik."),
        (V, "Ik kan nee zeggen als ik me goed voel."),
        (C, "Mijn broer belt als ik het moeilijk heb."),
        (O, "Er is een herstelgroep in de buurt."),
        (I, "Ik wil weer gaan boksen."),
    ],
};

static MEEDOEN: StrengthTheme = StrengthTheme {
    situation: &[
        "Ik kom weinig buiten en doe nergens aan mee.",
        "Ik zou iets willen doen in de buurt, maar ik weet niet wat.",
        "De taal is lastig voor me; ik durf weinig te vragen.",
    ],
    wishes: &["Meedoen aan iets in de wijk.", "Beter Nederlands spreken.", "Lid worden van een club of vereniging."],
    before: &[
        "Ik heb eerder geholpen bij het buurtfeest; dat vond ik leuk.",
        "Vroeger was ik actief bij de voetbalclub.",
        "De taalles bij de bibliotheek hielp me.",
    ],
    strengths: &[
        (V, "Ik spreek drie talen."),
        (I, "Ik vind koken voor een groep leuk."),
        (Q, "Ik ben gastvrij en vriendelijk."),
        (K, "Ik ken de buurt goed."),
        (C, "De buurvrouw neemt me mee naar het taalcafé."),
        (O, "De bibliotheek heeft een gratis taalcafé."),
    ],
};

static JUSTITIE: StrengthTheme = StrengthTheme {
    situation: &[
        "Ik heb nog een taakstraf die ik moet afmaken.",
        "Ik heb een boete openstaan en ben bang dat het meer wordt.",
        "Ik heb contact met de reclassering.",
    ],
    wishes: &["Klaar zijn met justitie en opnieuw beginnen.", "Niet meer in de problemen komen.", "Een VOG, zodat ik kan werken."],
    before: &[
        "De afspraken met de reclassering kwam ik altijd na.",
        "Wegblijven van de oude groep hielp me.",
        "Mijn advocaat legde dingen duidelijk uit.",
    ],
    strengths: &[
        (Q, "Ik wil echt een nieuwe start maken."),
        (K, "Ik weet wat de reclassering van me verwacht."),
        (V, "Ik kan afspraken in mijn agenda zetten en nakomen."),
        (C, "Mijn moeder steunt me, wat er ook gebeurt."),
        (O, "Het Juridisch Loket geeft gratis advies."),
        (I, "Ik wil iets met mijn handen doen, bijvoorbeeld in de bouw."),
    ],
};

#[cfg(test)]
mod tests {
    use super::*;
    use regie_domain::catalogue::BUILTIN_LIFE_DOMAINS;
    use regie_domain::strengths::{StrengthKind, MAX_DOMAIN_TEXT, MAX_STRENGTH_TEXT};

    #[test]
    fn every_domain_has_an_inventory_of_several_kinds() {
        for d in BUILTIN_LIFE_DOMAINS {
            let t = strength_theme(d.code);
            assert!(t.situation.len() >= 3 && t.wishes.len() >= 3 && t.before.len() >= 3, "{}", d.code);
            let mut kinds: Vec<&str> = t.strengths.iter().map(|(k, _)| *k).collect();
            kinds.sort();
            kinds.dedup();
            assert!(kinds.len() >= 5, "{}: {kinds:?}", d.code);
            for (k, text) in t.strengths {
                assert!(StrengthKind::parse(k).is_some(), "{k}");
                assert!(text.len() <= MAX_STRENGTH_TEXT);
            }
            let longest = t.situation.iter().map(|s| s.len()).max().unwrap_or(0) + LATER.iter().map(|s| s.len()).max().unwrap_or(0);
            assert!(longest < MAX_DOMAIN_TEXT);
        }
    }
}
