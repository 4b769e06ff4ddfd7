//! Phase models (fasemodellen): a method's phases as data, and the rules a model can carry
//! (a cap on the total duration, a maximum number of focus domains, a repeating cycle).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A phase model as stored: the built-in ones below are seeded into the database, organisations
/// add their own through the same shape.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PhaseModel {
    /// Database id (0 for a definition not yet stored).
    pub id: i64,
    /// Stable code.
    pub code: String,
    /// Name as shown.
    pub name: String,
    /// What the model is for, in a sentence or two.
    pub description: String,
    /// After the last phase the cycle starts again at the first (Krachtwerk).
    pub cyclic: bool,
    /// Longest a trajectory may last, in days (CTI: 270).
    pub max_days: Option<i64>,
    /// Most focus life domains a trajectory may choose (CTI: 3).
    pub max_focus_domains: Option<i64>,
    /// Days between evaluations; the next evaluation is planned this far after the last.
    pub evaluation_interval_days: i64,
    /// The life-domain set the method works with.
    pub domain_set: String,
    /// Whether this model ships with Regie.
    pub builtin: bool,
    /// The phases in order.
    pub phases: Vec<Phase>,
}

/// One phase (fase) of a model.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Phase {
    /// Database id (0 for a definition not yet stored).
    pub id: i64,
    /// 1-based position in the model.
    pub position: i64,
    /// Name as shown.
    pub name: String,
    /// Usual length in days; running past it is a signal.
    pub typical_days: Option<i64>,
    /// What happens in this phase.
    pub description: String,
}

/// What moving a trajectory on from its current phase leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Go to the phase at this position.
    To(i64),
    /// The last phase of a non-cyclic model is done: the trajectory can be closed.
    Finish,
}

impl PhaseModel {
    /// The phase at `position`.
    pub fn phase_at(&self, position: i64) -> Option<&Phase> {
        self.phases.iter().find(|p| p.position == position)
    }

    /// The step after the phase at `position`: the next one, the first again for a cyclic model,
    /// or the end.
    pub fn next_step(&self, position: i64) -> Step {
        let last = self.phases.iter().map(|p| p.position).max().unwrap_or(0);
        if position < last {
            Step::To(position + 1)
        } else if self.cyclic {
            Step::To(1)
        } else {
            Step::Finish
        }
    }

    /// The date by which a trajectory started on `start` must end, for capped models.
    pub fn hard_end(&self, start: NaiveDate) -> Option<NaiveDate> {
        self.max_days.map(|d| start + chrono::Duration::days(d))
    }

    /// Checks a model definition made by an organisation.
    pub fn validate(&self) -> Result<(), crate::Invalid> {
        let mut e = crate::FieldErrors::default();
        if self.name.trim().is_empty() {
            e.add("name", "Geef het fasemodel een naam.");
        }
        if self.phases.is_empty() {
            e.add("phases", "Een fasemodel heeft minstens één fase.");
        }
        if self.phases.len() > 20 {
            e.add("phases", "Een fasemodel heeft hoogstens twintig fasen.");
        }
        for (i, p) in self.phases.iter().enumerate() {
            if p.name.trim().is_empty() {
                e.add("phases", format!("Fase {} heeft geen naam.", i + 1));
            }
            if matches!(p.typical_days, Some(d) if !(1..=3650).contains(&d)) {
                e.add("phases", format!("De duur van fase {} moet tussen 1 en 3650 dagen liggen.", i + 1));
            }
        }
        if matches!(self.max_days, Some(d) if !(1..=3650).contains(&d)) {
            e.add("max_days", "De maximale duur moet tussen 1 en 3650 dagen liggen.");
        }
        if matches!(self.max_focus_domains, Some(n) if !(1..=20).contains(&n)) {
            e.add("max_focus_domains", "Het maximum aantal focusdomeinen moet tussen 1 en 20 liggen.");
        }
        if !(7..=730).contains(&self.evaluation_interval_days) {
            e.add("evaluation_interval_days", "Evalueer minstens eens per twee jaar en hoogstens wekelijks.");
        }
        e.finish()
    }
}

/// Whether a phase entered on `entered` has run past its typical duration on `today`, and by
/// how many days.
pub fn phase_overrun(entered: NaiveDate, typical_days: Option<i64>, today: NaiveDate) -> Option<i64> {
    let over = (today - entered).num_days() - typical_days?;
    (over > 0).then_some(over)
}

/// Checks the focus domains chosen for a trajectory against the model's maximum.
pub fn check_focus_domains(model: &PhaseModel, chosen: &[String]) -> Result<(), crate::Invalid> {
    let mut e = crate::FieldErrors::default();
    if let Some(max) = model.max_focus_domains {
        if chosen.len() as i64 > max {
            e.add("focus_domains", format!("{} werkt met hoogstens {max} focusdomeinen.", model.name));
        }
    }
    let mut seen = std::collections::HashSet::new();
    if chosen.iter().any(|c| !seen.insert(c)) {
        e.add("focus_domains", "Kies elk domein maar één keer.");
    }
    e.finish()
}

fn phase(position: i64, name: &str, typical_days: Option<i64>, description: &str) -> Phase {
    Phase { id: 0, position, name: name.into(), typical_days, description: description.into() }
}

#[allow(clippy::too_many_arguments)]
fn model(
    code: &str,
    name: &str,
    description: &str,
    cyclic: bool,
    max_days: Option<i64>,
    max_focus_domains: Option<i64>,
    evaluation_interval_days: i64,
    domain_set: &str,
    phases: Vec<Phase>,
) -> PhaseModel {
    PhaseModel {
        id: 0,
        code: code.into(),
        name: name.into(),
        description: description.into(),
        cyclic,
        max_days,
        max_focus_domains,
        evaluation_interval_days,
        domain_set: domain_set.into(),
        builtin: true,
        phases,
    }
}

/// The ten phase models that ship with Regie; each model's code is its method's code in
/// [`crate::methods`]. Typical durations are starting values that an
/// organisation may change; where the sources give them (Thuisbegeleiding, CTI) they follow them.
pub fn builtin_models() -> Vec<PhaseModel> {
    vec![
        model(
            "8fasen",
            "8-fasenmodel",
            "Acht fasen van aanmelding tot uitstroom. Het begeleidingsplan ontstaat in de planningsfase; krachten worden in de analysefase per leefgebied in kaart gebracht.",
            false,
            None,
            None,
            182,
            "8fasen",
            vec![
                phase(1, "Aanmelding", Some(14), "Eerste contact tussen cliënt en begeleider."),
                phase(2, "Intake", Some(21), "Nader kennismaken met elkaar en met de organisatie."),
                phase(3, "Opstart", Some(28), "Het traject wordt opgebouwd."),
                phase(4, "Analyse", Some(42), "Samen kijken hoe het gaat op elk leefgebied en welke krachten er zijn."),
                phase(5, "Planning", Some(28), "Samen het begeleidingsplan opstellen."),
                phase(6, "Uitvoering", Some(365), "Het begeleidingsplan uitvoeren."),
                phase(7, "Evaluatie", Some(28), "Terugkijken op de uitvoering."),
                phase(8, "Uitstroom", Some(42), "Het traject afronden."),
            ],
        ),
        model(
            "competentiegericht",
            "Competentiegericht begeleiden",
            "Begin, midden en eind, met vier pijlers door alle fasen heen: bejegening, proactief werken, perspectief bieden en het netwerk betrekken. Zelfredzaamheid wordt bij begin, midden en eind gemeten.",
            false,
            None,
            None,
            182,
            "zrm2017",
            vec![
                phase(1, "Begin", Some(91), "Kennismaken, perspectief verkennen en een eerste meting."),
                phase(2, "Midden", Some(274), "Werken aan de doelen, tussentijds meten en bijstellen."),
                phase(3, "Eind", Some(91), "Afronden, eindmeting en tevredenheid."),
            ],
        ),
        model(
            "thuisbegeleiding",
            "Thuisbegeleiding",
            "Begeleiding bij de cliënt thuis in vier fasen; evaluaties ieder kwartaal of half jaar, en aan het eind steeds minder bezoeken.",
            false,
            None,
            None,
            91,
            "zrm2017",
            vec![
                phase(1, "Informatie en hulpvraag", Some(42), "Informatie verzamelen en de hulpvraag helder krijgen (2 tot 6 weken)."),
                phase(2, "Doelen en begeleidingsplan", Some(28), "Doelen stellen en het begeleidingsplan maken (2 tot 4 weken)."),
                phase(3, "Uitvoeren en evalueren", Some(365), "Het plan uitvoeren en regelmatig evalueren (maanden tot jaren)."),
                phase(4, "Afsluiten en eindevaluatie", Some(56), "Afbouwen, afsluiten en de eindevaluatie."),
            ],
        ),
        model(
            "cti",
            "Critical Time Intervention",
            "Tijdelijke, intensieve begeleiding rond een overgang, in drie fasen van ongeveer drie maanden; hoogstens negen maanden en hoogstens drie focusdomeinen.",
            false,
            Some(270),
            Some(3),
            91,
            "zrm2017",
            vec![
                phase(1, "Structurering", Some(91), "Vertrouwen opbouwen, praktische hulp en het actieplan; de focusdomeinen kiezen."),
                phase(2, "Testen", Some(91), "Het plan in de praktijk uitproberen en bijstellen."),
                phase(3, "Overdracht van zorg", Some(91), "De zorg overdragen aan het netwerk en afsluiten."),
            ],
        ),
        model(
            "krachtwerk",
            "Krachtwerk",
            "Werken vanuit de krachten van de cliënt, in een cyclus van focus, uitvoering en evaluatie die zich herhaalt.",
            true,
            None,
            None,
            91,
            "zrm2017",
            vec![
                phase(1, "Focus", Some(42), "Krachten en wensen in kaart, samen de focus kiezen."),
                phase(2, "Uitvoering", Some(91), "Werken aan de gekozen doelen."),
                phase(3, "Evaluatie", Some(28), "Samen terugkijken en een nieuwe focus kiezen."),
            ],
        ),
        // The five below follow the Movisie overview (see methods::method for the method behind
        // each). The overview gives no phase durations for them, so `typical_days` is None; the
        // evaluation interval is Regie's starting value, not the source's.
        model(
            "ispb",
            "Interpersoonlijke Sociaal Psychiatrische Begeleiding (ISPB)",
            "Drie fasen, elk met een eigen houding en eigen gesprekstechnieken. De begeleider herkent in welke fase hij zit en kan zo nodig terug naar een eerdere fase.",
            false,
            None,
            None,
            182,
            "zrm2017",
            vec![
                phase(1, "Contactfase", None, "Een zo goed mogelijke werkrelatie opbouwen."),
                phase(2, "Doelenfase", None, "Het probleem, wat de cliënt nodig heeft en het doel helder krijgen."),
                phase(3, "Werkfase", None, "Werken aan beter sociaal en psychiatrisch functioneren."),
            ],
        ),
        model(
            "srh",
            "Systematisch Rehabilitatiegericht Handelen (SRH)",
            "Zes stappen in een ruwe volgorde die in elkaar overlopen. Duur en intensiteit verschillen per persoon; de bron legt ze bewust niet vast.",
            false,
            None,
            None,
            182,
            "zrm2017",
            vec![
                phase(1, "Werkrelatie", None, "Een werkrelatie opbouwen en onderhouden."),
                phase(2, "Persoonlijk Profiel", None, "Informatie verzamelen en samen het Persoonlijk Profiel maken."),
                phase(3, "Wensen en doelen", None, "De cliënt zegt wat hij wil, maakt keuzes en stelt doelen."),
                phase(4, "Persoonlijk Plan", None, "Samen het Persoonlijk Plan maken, met het ondersteuningsplan."),
                phase(5, "Uitvoeren", None, "Helpen het plan uit te voeren."),
                phase(6, "Volgen en bijstellen", None, "Leren van wat er gebeurt, evalueren en bijstellen."),
            ],
        ),
        model(
            "sns",
            "Sociale NetwerkStrategieën (SNS)",
            "De cliënt zoekt met zijn netwerk zelf oplossingen, in drie fasen. In het familienetwerkberaad overleggen cliënt en netwerk eerst zonder beroepskrachten.",
            false,
            None,
            None,
            182,
            "zrm2017",
            vec![
                phase(1, "Netwerkverkenning en analyse", None, "Samen het netwerk in kaart brengen en bekijken."),
                phase(2, "Familienetwerkberaad", None, "Informatie, een privéberaad van cliënt en netwerk, en het presenteren van hun plan."),
                phase(3, "Actieteam en trajectcoördinatie", None, "Een klein team voert het plan uit en houdt de voortgang bij."),
            ],
        ),
        model(
            "hooi-op-je-vork",
            "Hooi op je vork",
            "Eerst ontdekken wie iemand is en wat hij wil, dan ontwikkelen met een actieplan; de volgorde mag wisselen. Het team evalueert regelmatig en na drie jaar volledig.",
            false,
            None,
            None,
            182,
            "zrm2017",
            vec![
                phase(1, "Ontdekken", None, "Een beeld vormen van wie iemand was en is, wat hij kan en wat hij wil."),
                phase(2, "Ontwikkelen", None, "Wensen worden een actieplan met doelen; het team maakt met de cliënt het ondersteuningsplan."),
            ],
        ),
        model(
            "op-eigen-benen",
            "Op eigen benen",
            "Van de eigen wens naar zelfstandiger wonen of werken: in kaart brengen wat al lukt, leerdoelen, oefenen in het echte leven, een participatieplan, en aan het eind trekt de coach zich terug.",
            false,
            None,
            None,
            182,
            "zrm2017",
            vec![
                phase(1, "Wens", None, "De deelnemer zegt wat hij zelf wil veranderen in wonen of werk."),
                phase(2, "Kijken wat al lukt", None, "Met INVRA-Wonen en/of INVRA-Arbeid in kaart brengen wat al lukt."),
                phase(3, "Leerdoelen en trainingsprogramma", None, "Samen leerdoelen kiezen en een eigen trainingsprogramma maken."),
                phase(4, "Oefenen in de praktijk", None, "Oefenen in het gewone leven en het geleerde toepassen."),
                phase(5, "Participatieplan", None, "Een netwerk opbouwen dat past bij zelfstandig leven."),
                phase(6, "Uitstroom", None, "De coach doet steeds minder, de deelnemer steeds meer zelf."),
            ],
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn by_code(code: &str) -> PhaseModel {
        builtin_models().into_iter().find(|m| m.code == code).unwrap()
    }

    #[test]
    fn builtin_models_are_valid_and_have_the_sources_phases() {
        let models = builtin_models();
        for m in &models {
            m.validate().unwrap();
        }
        assert_eq!(by_code("8fasen").phases.len(), 8);
        assert_eq!(by_code("competentiegericht").phases.len(), 3);
        assert_eq!(by_code("thuisbegeleiding").phases.len(), 4);
        assert_eq!(by_code("cti").phases.len(), 3);
        assert_eq!(by_code("krachtwerk").phases.len(), 3);
        assert_eq!(by_code("ispb").phases.len(), 3);
        assert_eq!(by_code("srh").phases.len(), 6);
        assert_eq!(by_code("sns").phases.len(), 3);
        assert_eq!(by_code("hooi-op-je-vork").phases.len(), 2);
        assert_eq!(by_code("op-eigen-benen").phases.len(), 6);
        assert_eq!(models.len(), 10);
        // The overview gives no phase durations for the five methods added from it.
        for code in ["ispb", "srh", "sns", "hooi-op-je-vork", "op-eigen-benen"] {
            assert!(by_code(code).phases.iter().all(|p| p.typical_days.is_none()), "{code}");
        }
    }

    #[test]
    fn linear_model_finishes_after_last_phase_and_cycle_wraps() {
        assert_eq!(by_code("8fasen").next_step(7), Step::To(8));
        assert_eq!(by_code("8fasen").next_step(8), Step::Finish);
        assert_eq!(by_code("krachtwerk").next_step(3), Step::To(1));
    }

    #[test]
    fn cti_caps_at_nine_months_and_three_focus_domains() {
        let cti = by_code("cti");
        assert_eq!(cti.hard_end(d("2026-01-01")), Some(d("2026-09-28")));
        let three: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        assert!(check_focus_domains(&cti, &three).is_ok());
        let four: Vec<String> = ["a", "b", "c", "d"].map(String::from).to_vec();
        let err = check_focus_domains(&cti, &four).unwrap_err();
        assert!(err.0.get("focus_domains").unwrap().contains("hoogstens 3"));
    }

    #[test]
    fn overrun_counts_days_past_typical_duration() {
        assert_eq!(phase_overrun(d("2026-01-01"), Some(14), d("2026-01-15")), None);
        assert_eq!(phase_overrun(d("2026-01-01"), Some(14), d("2026-01-20")), Some(5));
        assert_eq!(phase_overrun(d("2026-01-01"), None, d("2027-01-20")), None);
    }

    #[test]
    fn an_own_model_without_phases_is_refused() {
        let mut m = by_code("8fasen");
        m.phases.clear();
        m.name = " ".into();
        let err = m.validate().unwrap_err();
        assert!(err.0.get("name").is_some() && err.0.get("phases").is_some());
    }
}
