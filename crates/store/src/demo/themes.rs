//! What a plan is about, per life domain: goals in the client's words, actions with an owner that
//! fits them, and journal lines about working on that domain. `{n}` is the client's first name.

use super::domains::Owner::{Client as C, Network as N, Outside as E, Worker as W};
use super::domains::Theme;

pub(super) static WONEN: Theme = Theme {
    goals: &[
        "Ik wil weer een eigen huis.",
        "Ik wil een kamer waar ik rust heb.",
        "Ik wil niet meer bang zijn dat ik uit mijn huis moet.",
        "Ik wil over een jaar zelfstandig wonen.",
        "Ik wil dat mijn huis een fijne plek wordt.",
    ],
    actions: &[
        ("Inschrijven als woningzoekende", C),
        ("Elke week op de woningsites kijken en reageren", C),
        ("Samen de urgentieaanvraag invullen", W),
        ("Gesprek over de huurachterstand", E("Woningcorporatie")),
        ("Helpen met verhuizen en de eerste spullen", N),
        ("Aanvraag inrichtingskosten beoordelen", E("Gemeente")),
        ("Samen naar de bezichtiging", W),
        ("Kennismaken met de buren", C),
    ],
    journal: &[
        "We keken samen op de woningsites; {n} reageerde op twee woningen.",
        "{n} is ingeschreven als woningzoekende. De inschrijfduur telt nu mee.",
        "De woningcorporatie heeft gereageerd op de huurachterstand; er komt een gesprek.",
        "Het ging over wonen. {n} wil graag in de buurt van de familie blijven.",
        "{n} heeft een woning bezichtigd. Hij is klein, maar {n} is enthousiast.",
        "Samen gekeken wat er nog nodig is voor de urgentieaanvraag.",
    ],
};

pub(super) static FINANCIEN: Theme = Theme {
    goals: &[
        "Ik wil van mijn schulden af.",
        "Ik wil elke week weten hoeveel geld ik heb.",
        "Ik wil mijn rekeningen op tijd betalen.",
        "Ik wil zelf mijn post openmaken en regelen.",
        "Ik wil een buffer opbouwen voor onverwachte kosten.",
    ],
    actions: &[
        ("Alle brieven en rekeningen in één map verzamelen", C),
        ("Aanmelden bij de schuldhulpverlening", W),
        ("Intakegesprek schuldhulpverlening", E("Gemeente, schuldhulpverlening")),
        ("Samen een weekbudget maken", W),
        ("Toeslagen nakijken en wijzigingen doorgeven", C),
        ("Meekijken met de bankzaken", N),
        ("Overleg over het leefgeld", E("Bewindvoerder")),
        ("Vaste lasten op een rij zetten", C),
    ],
    journal: &[
        "Samen de post doorgenomen; twee rekeningen zijn nu betaald.",
        "Het weekbudget besproken. {n} kwam deze week rond met het leefgeld.",
        "Er lag een aanmaning. We hebben gebeld en een betalingsregeling afgesproken.",
        "De aanmelding bij de schuldhulpverlening is verstuurd; {n} wacht op een datum voor de intake.",
        "{n} houdt de uitgaven bij in een schrift. Dat lukt steeds beter.",
        "De toeslagen nagekeken; er moest een wijziging worden doorgegeven.",
    ],
};

pub(super) static WERK: Theme = Theme {
    goals: &[
        "Ik wil een baan waar ik trots op ben.",
        "Ik wil mijn diploma halen.",
        "Ik wil vrijwilligerswerk doen om weer aan werken te wennen.",
        "Ik wil een paar dagen per week ergens naartoe waar ik nodig ben.",
        "Ik wil een opleiding kiezen die bij me past.",
    ],
    actions: &[
        ("Cv maken en laten nakijken", C),
        ("Gesprek over re-integratie", E("UWV")),
        ("Samen drie vacatures uitzoeken", W),
        ("Proefdag bij de kringloopwinkel", C),
        ("Aanmelden voor de opleiding", C),
        ("Rondvragen wie een werkplek weet", N),
        ("Gesprek over aangepaste uren", E("Werkgever")),
        ("Samen oefenen voor een sollicitatiegesprek", W),
    ],
    journal: &[
        "Het cv is bijna klaar; {n} wil er nog een foto bij.",
        "Samen vacatures bekeken. {n} twijfelt tussen het groen en de keuken.",
        "{n} vertelde over de proefdag bij de kringloopwinkel. Het beviel goed.",
        "Het ging over werk. {n} merkt dat vier uur per dag nu genoeg is.",
        "De afspraak bij het UWV staat; we bereiden die samen voor.",
        "{n} heeft zich aangemeld voor de opleiding en wacht op een uitnodiging.",
    ],
};

pub(super) static TIJD: Theme = Theme {
    goals: &[
        "Ik wil mijn dagen zinvol vullen.",
        "Ik wil een vaste dagbesteding.",
        "Ik wil een hobby oppakken.",
        "Ik wil een vast ritme in mijn week.",
    ],
    actions: &[
        ("Weekplanning maken met vaste momenten", C),
        ("Kennismaken bij de dagbesteding", E("Dagbestedingscentrum")),
        ("Proefles bij de sportvereniging", C),
        ("Samen wandelen op zaterdag", N),
        ("Uitzoeken welke cursussen het buurthuis geeft", W),
        ("Elke ochtend om negen uur aan de dag beginnen", C),
        ("Lid worden van de bibliotheek", C),
    ],
    journal: &[
        "De weekplanning hangt op de koelkast. {n} heeft zich er deze week aan gehouden.",
        "{n} is twee keer naar de dagbesteding geweest en wil doorgaan.",
        "Het ging over de lege middagen. {n} verveelt zich dan en gaat piekeren.",
        "Samen gekeken welke activiteiten er in de wijk zijn.",
        "{n} is begonnen met tekenen en liet trots een paar tekeningen zien.",
        "Het ritme is nog lastig; {n} slaapt vaak tot de middag.",
    ],
};

pub(super) static THUIS: Theme = Theme {
    goals: &[
        "Ik wil minder ruzie thuis.",
        "Ik wil goede afspraken met mijn ex over de kinderen.",
        "Ik wil mijn kinderen vaker zien.",
        "Ik wil dat we thuis beter met elkaar praten.",
    ],
    actions: &[
        ("Omgangsregeling bespreken", E("Jeugdzorg")),
        ("Gesprek met de mediator", E("Mediator")),
        ("Huisregels samen opschrijven", C),
        ("Samen een gesprek thuis voorbereiden", W),
        ("Opvang van de kinderen op woensdag regelen", N),
        ("Aanmelden voor een oudercursus", W),
        ("Een rustig moment per week samen plannen", C),
    ],
    journal: &[
        "Het was onrustig thuis. We bespraken wat {n} kan doen als een ruzie oploopt.",
        "{n} heeft de kinderen dit weekend gezien; dat ging goed.",
        "Het gesprek met de mediator staat gepland. {n} ziet er tegenop.",
        "Samen de huisregels doorgenomen; er is één regel bijgekomen.",
        "{n} vertelde dat de afspraken met de ex-partner beter lopen.",
        "Het ging over de omgangsregeling; jeugdzorg denkt mee.",
    ],
};

pub(super) static NETWERK: Theme = Theme {
    goals: &[
        "Ik wil weer contact met mijn familie.",
        "Ik wil mensen om me heen die ik kan bellen.",
        "Ik wil nieuwe mensen leren kennen.",
        "Ik wil een goede vriend of vriendin hebben.",
    ],
    actions: &[
        ("Een kaart sturen naar de familie", C),
        ("Netwerkkaart maken: wie is er voor mij", W),
        ("Elke zondag samen eten", N),
        ("Aanmelden bij een maatjesproject", W),
        ("Een oude vriend opbellen", C),
        ("Meegaan naar de inloop van het buurthuis", N),
        ("Samen een netwerkberaad organiseren", W),
    ],
    journal: &[
        "Samen de netwerkkaart gemaakt. Er staan meer mensen op dan {n} dacht.",
        "{n} heeft een oude vriend gebeld en wil binnenkort afspreken.",
        "De aanmelding bij het maatjesproject is gedaan; er komt een kennismaking.",
        "{n} at zondag bij de familie. Het was even wennen, maar het ging goed.",
        "Het ging over eenzaamheid. {n} voelt zich vooral in het weekend alleen.",
        "We bespraken wie {n} kan bellen als het even niet gaat.",
    ],
};

pub(super) static GEESTELIJK: Theme = Theme {
    goals: &[
        "Ik wil minder piekeren.",
        "Ik wil weten wat ik kan doen als het niet goed met me gaat.",
        "Ik wil hulp bij mijn somberheid.",
        "Ik wil weer ergens voor opstaan.",
    ],
    actions: &[
        ("Signaleringsplan samen opstellen", W),
        ("Afspraak bij de huisarts over een verwijzing", C),
        ("Intake bij de GGZ", E("GGZ-behandelaar")),
        ("Dagboek bijhouden: wat ging goed vandaag", C),
        ("Even bellen als het minder gaat", N),
        ("Gesprek met de ervaringsdeskundige", W),
        ("Medicatie bespreken op het spreekuur", E("Psychiater")),
    ],
    journal: &[
        "{n} piekert veel en slaapt daardoor slecht. Samen het signaleringsplan erbij gepakt.",
        "De intake bij de GGZ is geweest. {n} vond het spannend, maar is blij dat het gelukt is.",
        "{n} liet het dagboek zien; er stonden elke dag een paar goede dingen in.",
        "Het gaat somberder. Afgesproken dat ik vaker even bel.",
        "Gesprek met de ervaringsdeskundige; {n} herkende veel in het verhaal.",
        "{n} merkt dat de rust terugkomt. Het signaleringsplan staat op groen.",
    ],
};

pub(super) static ZINGEVING: Theme = Theme {
    goals: &[
        "Ik wil weer weten waar ik het voor doe.",
        "Ik wil iets betekenen voor een ander.",
        "Ik wil rust vinden in mijn geloof.",
        "Ik wil trots kunnen zijn op mezelf.",
    ],
    actions: &[
        ("Opschrijven wat echt belangrijk is", C),
        ("Gesprek met de geestelijk verzorger", E("Geestelijk verzorger")),
        ("Samen naar de moskee of de kerk", N),
        ("Vrijwilligerswerk bij de voedselbank uitzoeken", W),
        ("Een plek zoeken om tot rust te komen", C),
        ("Krachtenlijst maken: waar ben ik goed in", W),
    ],
    journal: &[
        "Het ging over wat {n} belangrijk vindt in het leven: de kinderen en de natuur.",
        "{n} is naar de geestelijk verzorger geweest en had daar een goed gesprek.",
        "Samen de krachtenlijst gemaakt; {n} was verrast door wat erop kwam.",
        "{n} helpt nu een ochtend bij de voedselbank en voelt zich nuttig.",
        "Het ging over verlies en rouw. {n} wil daar meer tijd voor nemen.",
    ],
};

pub(super) static LICHAMELIJK: Theme = Theme {
    goals: &[
        "Ik wil beter slapen.",
        "Ik wil weer naar de tandarts durven.",
        "Ik wil fitter worden en elke dag wandelen.",
        "Ik wil gezonder eten.",
        "Ik wil minder pijn hebben.",
    ],
    actions: &[
        ("Afspraak maken bij de tandarts", C),
        ("Samen naar de huisarts", W),
        ("Controle bij de praktijkondersteuner", E("Huisarts")),
        ("Elke ochtend een kwartier wandelen", C),
        ("Samen boodschappen doen voor gezonde maaltijden", N),
        ("Medicatieoverzicht klaarzetten", E("Apotheek")),
        ("Slaapdagboek bijhouden", C),
    ],
    journal: &[
        "{n} slaapt nog slecht. Het slaapdagboek laat zien dat het vooral 's nachts misgaat.",
        "De afspraak bij de tandarts is gelukt; er volgt nog een behandeling.",
        "{n} wandelt nu drie ochtenden per week en voelt zich fitter.",
        "Samen bij de huisarts geweest over de pijnklachten; er komt een verwijzing.",
        "Het ging over eten. {n} kookt nu vaker zelf in plaats van snacks te halen.",
        "Het medicatieoverzicht van de apotheek samen doorgenomen.",
    ],
};

pub(super) static VERZORGING: Theme = Theme {
    goals: &[
        "Ik wil elke dag op tijd opstaan en me verzorgen.",
        "Ik wil er verzorgd uitzien als ik de deur uitga.",
        "Ik wil zelf weer douchen zonder hulp.",
    ],
    actions: &[
        ("Vast ochtendritme afspreken: opstaan, douchen, ontbijten", C),
        ("Twee keer per week helpen met douchen", E("Thuiszorg")),
        ("Wekker zetten en naast het bed leggen", C),
        ("Samen kleding kopen", N),
        ("Hulpmiddelen in de badkamer bekijken", E("Ergotherapeut")),
        ("Samen het ochtendritme nalopen", W),
    ],
    journal: &[
        "{n} was verzorgd en op tijd; het ochtendritme lukt steeds vaker.",
        "De thuiszorg komt nu twee keer per week helpen met douchen.",
        "Het ging over de ochtenden. {n} komt moeilijk op gang en slaat het ontbijt over.",
        "De ergotherapeut heeft een douchestoel geregeld; {n} is er blij mee.",
        "{n} had deze week moeite met de verzorging. We houden het in de gaten.",
    ],
};

pub(super) static HUISHOUDEN: Theme = Theme {
    goals: &[
        "Ik wil zelf boodschappen doen en koken.",
        "Ik wil mijn afspraken zelf bijhouden.",
        "Ik wil mijn was en huishouden zelf regelen.",
        "Ik wil mijn huis schoon en netjes houden.",
    ],
    actions: &[
        ("Agenda op de telefoon instellen met herinneringen", W),
        ("Boodschappenlijst maken voor de week", C),
        ("Samen drie makkelijke recepten koken", N),
        ("Kookcursus bij het buurthuis", E("Buurthuis")),
        ("Een schoonmaakrooster maken en ophangen", C),
        ("Samen de was sorteren en draaien", W),
        ("Elke maandag de afspraken van de week doorlopen", C),
    ],
    journal: &[
        "Samen boodschappen gedaan met het lijstje; {n} bleef binnen het budget.",
        "{n} heeft deze week twee keer zelf gekookt.",
        "Het schoonmaakrooster hangt op; de keuken was netjes.",
        "De agenda op de telefoon werkt. {n} was deze week op tijd bij alle afspraken.",
        "De was was blijven liggen. Samen een vast moment in de week gekozen.",
    ],
};

pub(super) static MIDDELEN: Theme = Theme {
    goals: &[
        "Ik wil minder blowen.",
        "Ik wil stoppen met drinken door de week.",
        "Ik wil zelf de baas zijn over mijn gebruik.",
        "Ik wil niet meer gebruiken als ik me rot voel.",
    ],
    actions: &[
        ("Gebruik bijhouden in een dagboek", C),
        ("Intakegesprek verslavingszorg", E("Verslavingszorg")),
        ("Afspraken maken over wat te doen bij trek", W),
        ("Steun vragen aan de familie", C),
        ("Samen sporten op dinsdagavond", N),
        ("Meegaan naar een zelfhulpgroep", N),
        ("Een plan maken voor de weekenden", W),
    ],
    journal: &[
        "{n} heeft het gebruik bijgehouden. Vooral in het weekend gaat het mis.",
        "Het gesprek bij de verslavingszorg is geweest; {n} kan starten in een groep.",
        "{n} vertelde eerlijk over een terugval. Samen gekeken wat er anders kan.",
        "Het ging over trek. {n} gaat nu wandelen als de trek opkomt.",
        "{n} heeft een week niets gebruikt en is daar trots op.",
    ],
};

pub(super) static MEEDOEN: Theme = Theme {
    goals: &[
        "Ik wil meedoen in mijn buurt.",
        "Ik wil vrijwilligerswerk doen.",
        "Ik wil lid worden van een club.",
        "Ik wil me thuis voelen in de wijk.",
    ],
    actions: &[
        ("Samen naar het buurthuis", W),
        ("Aanmelden bij de vrijwilligerscentrale", C),
        ("Proefles bij een sportclub", C),
        ("Meehelpen bij het buurtfeest", N),
        ("Kennismaken met de wijkcoach", E("Wijkteam")),
        ("Kortingspas van de gemeente aanvragen", W),
    ],
    journal: &[
        "Samen naar het buurthuis geweest. {n} dronk koffie en nam een folder mee.",
        "{n} heeft zich aangemeld bij de vrijwilligerscentrale.",
        "De proefles bij de sportclub ging goed; {n} wordt lid.",
        "Het ging over de wijk. {n} kent nog weinig mensen en wil dat veranderen.",
        "De kortingspas van de gemeente is aangevraagd.",
    ],
};

pub(super) static JUSTITIE: Theme = Theme {
    goals: &[
        "Ik wil mijn taakstraf afronden.",
        "Ik wil mijn boetes regelen.",
        "Ik wil geen nieuwe problemen met justitie.",
        "Ik wil mijn verleden achter me laten.",
    ],
    actions: &[
        ("Afspraak bij de reclassering nakomen", C),
        ("Betalingsregeling voor de boetes aanvragen", E("CJIB")),
        ("Samen de brief van de rechtbank doorlezen", W),
        ("Meegaan naar de zitting", N),
        ("Een VOG aanvragen voor het vrijwilligerswerk", C),
        ("Overleg over de rechtszaak", E("Advocaat")),
    ],
    journal: &[
        "{n} is bij de reclassering geweest; de afspraken worden goed nagekomen.",
        "Samen de brief van het CJIB gelezen. Er komt een betalingsregeling.",
        "De zitting is volgende maand. {n} is zenuwachtig; samen besproken wat er gaat gebeuren.",
        "{n} heeft de helft van de taakstraf gedaan.",
        "Het gesprek met de advocaat samen voorbereid.",
    ],
};
