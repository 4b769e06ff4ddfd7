//! Names and places. Every name is fictional: common Dutch first and last names, combined at
//! random.

pub(super) const LOCATIONS: &[(&str, &str)] = &[("Instroomhuis", "opvang"), ("Trainingshuis", "wonen"), ("Ambulant/Thuisbegeleiding", "ambulant")];
pub(super) const TEAM_BASES: &[&str] = &["Instroom", "Training", "Ambulant"];
pub(super) const TEAM_PLACES: &[&str] = &[
    "Noord", "Oost", "Zuid", "West", "Centrum", "Amersfoort", "Apeldoorn", "Arnhem", "Breda", "Deventer", "Dordrecht", "Eindhoven",
    "Enschede", "Groningen", "Haarlem", "Leeuwarden", "Leiden", "Maastricht", "Nijmegen", "Tilburg", "Utrecht", "Zwolle", "Almere",
    "Alkmaar", "Assen", "Delft", "Emmen", "Gouda", "Helmond", "Hengelo", "Hilversum", "Lelystad", "Middelburg", "Oss", "Roermond",
    "Venlo", "Zaandam", "Zeist", "Zoetermeer", "Den Bosch",
];
pub(super) const ROLE_PREFIX: &[(&str, &str)] = &[
    ("trajectbegeleider", "begeleider"),
    ("teamleider", "teamleider"),
    ("beheer", "beheer"),
    ("kwaliteit", "kwaliteit"),
    ("privacy", "privacy"),
    ("wooncoach", "wooncoach"),
    ("thuisbegeleider", "thuisbegeleider"),
    ("jobcoach", "jobcoach"),
];

pub(super) const FIRST_NAMES: &[&str] = &[
    "Anna", "Emma", "Sophie", "Julia", "Lotte", "Sanne", "Femke", "Iris", "Noor", "Fleur", "Lisa", "Eva", "Anouk", "Marieke", "Ingrid",
    "Els", "Petra", "Monique", "Wilma", "Ria", "Annemarie", "Yvonne", "Kim", "Naima", "Fatima", "Samira", "Yasmina", "Zeynep", "Elif",
    "Ayşe", "Priscilla", "Shanti", "Chantal", "Esther", "Miriam", "Joyce", "Demi", "Romy", "Bram", "Daan", "Sem", "Lucas", "Thijs",
    "Jesse", "Ruben", "Stijn", "Tim", "Jeroen", "Martijn", "Bas", "Kees", "Henk", "Jan", "Piet", "Gerrit", "Wim", "Johan", "Marco",
    "Erik", "Dennis", "Kevin", "Mohamed", "Youssef", "Ahmed", "Hamza", "Bilal", "Mehmet", "Emre", "Murat", "Kerem", "Rachid", "Dylan",
    "Jayden", "Milan", "Luuk", "Sven", "Niels", "Roel", "Frank", "Ronald", "Hans", "Ton", "Rob", "Gijs", "Mark", "Patrick", "Raymond",
    "Ricardo", "Stefan", "Tom", "Wouter", "Koen", "Hanneke", "Marloes", "Nadia", "Souad", "Latifa", "Dewi", "Sharon", "Tamara",
];
/// Last names with their tussenvoegsel ("" when none), as they occur together.
pub(super) const LAST_NAMES: &[(&str, &str)] = &[
    ("", "Jansen"), ("de", "Vries"), ("", "Bakker"), ("", "Visser"), ("", "Smit"), ("", "Meijer"), ("", "Mulder"), ("", "Bos"),
    ("", "Vos"), ("", "Peters"), ("", "Hendriks"), ("", "Dekker"), ("", "Brouwer"), ("van", "Dijk"), ("van den", "Berg"),
    ("de", "Wit"), ("", "Dijkstra"), ("", "Kok"), ("", "Jacobs"), ("", "Vermeulen"), ("de", "Boer"), ("van der", "Veen"),
    ("", "Willems"), ("", "Hoekstra"), ("", "Koster"), ("", "Prins"), ("", "Huisman"), ("de", "Graaf"), ("", "Kuipers"),
    ("", "Postma"), ("", "Schouten"), ("", "Maas"), ("", "Verhoeven"), ("", "Kramer"), ("van", "Leeuwen"), ("van", "Wijk"),
    ("van", "Vliet"), ("de", "Haan"), ("de", "Groot"), ("de", "Jong"), ("", "Sanders"), ("", "Evers"), ("", "Bosman"),
    ("", "Timmermans"), ("", "Gerritsen"), ("", "Claassen"), ("van den", "Hoek"), ("", "Verbeek"), ("", "Martens"), ("", "Roos"),
    ("el", "Amrani"), ("", "Yilmaz"), ("", "Kaya"), ("", "Demir"), ("", "Şahin"), ("", "Bouali"), ("", "Haddou"), ("el", "Ouali"),
    ("", "Benali"), ("", "Ramdin"), ("", "Biharie"), ("", "Kromodimedjo"), ("", "Pinas"), ("", "Sedney"), ("", "Wolters"),
    ("", "Post"), ("", "Scholten"), ("", "Vink"), ("de", "Bruin"), ("van der", "Meer"), ("van der", "Laan"), ("van der", "Linden"),
    ("van", "Zanten"), ("van", "Beek"), ("van den", "Heuvel"), ("van der", "Ploeg"), ("van der", "Wal"), ("ter", "Horst"),
    ("in 't", "Veld"), ("te", "Riele"), ("van 't", "Hof"), ("de", "Lange"), ("", "Dijkman"), ("", "Hermans"), ("", "Koning"),
];
pub(super) const CITIES: &[&str] = &[
    "Utrecht", "Amersfoort", "Zeist", "Nieuwegein", "Houten", "Woerden", "Veenendaal", "Hilversum", "Apeldoorn", "Deventer", "Arnhem",
    "Nijmegen", "Ede", "Zwolle", "Almere", "Lelystad", "Leiden", "Gouda", "Dordrecht", "Tilburg", "Breda", "Den Bosch", "Eindhoven",
    "Helmond",
];
pub(super) const STREETS: &[&str] = &[
    "Kerkstraat", "Dorpsstraat", "Molenweg", "Stationsweg", "Schoolstraat", "Julianastraat", "Beatrixlaan", "Wilhelminaplein",
    "Lindenlaan", "Eikenlaan", "Beukenlaan", "Populierenstraat", "Tulpstraat", "Rozenstraat", "Merelstraat", "Vinkenlaan",
    "Parkweg", "Havenstraat", "Nieuwstraat", "Marktplein", "Sportlaan", "Kastanjelaan", "Zonnebloemstraat", "Irisstraat",
];
pub(super) const NETWORK: &[&str] = &[
    "Moeder", "Vader", "Zus Samira", "Zus Linda", "Broer Kevin", "Broer Youssef", "Buurvrouw Ans", "Buurman Henk", "Vriend Dennis",
    "Vriendin Chantal", "Tante Ria", "Oom Hassan", "Oma", "Maatje van de kerk", "Ex-partner", "Dochter", "Zoon",
];


/// A name as it can appear in an email address: lower case, without accents or spaces.
pub(super) fn ascii(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            'é' | 'è' | 'ë' => Some('e'),
            'ï' => Some('i'),
            'ü' => Some('u'),
            'ö' => Some('o'),
            c if c.is_ascii_alphabetic() => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}
