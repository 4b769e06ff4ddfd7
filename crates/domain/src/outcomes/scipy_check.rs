//! The round trip with `scripts/outcomes_fixtures.py --pairs`: [`scipy_pairs_csv`] writes the
//! pairs behind a report in the script's input format, and [`compare_with_scipy`] checks the
//! report's numbers against the script's answers with the tolerance of the fixture tests
//! (p-values relative 1e-9; everything else `|ours − scipy| ≤ 1e-9 · max(1, |scipy|)`).
//! Pure string work for tests (the demo-data test in the integration suite); no I/O.

use super::{DomainOutcome, DomainPairs, TotalOutcome};
use serde_json::Value;
use std::fmt::Write;

/// The tolerance of every comparison with SciPy.
pub const SCIPY_TOLERANCE: f64 = 1e-9;

/// The script's PAIRS.csv: a `domain;first;last` section (one line per pair, expanded from the
/// counts) and a `trajectory;total_first;total_last` section (trajectories numbered from 1;
/// floats in Rust's shortest round-trip form, so Python reads the same doubles).
pub fn scipy_pairs_csv(domains: &[DomainPairs], totals: &[(f64, f64)]) -> String {
    let mut s = String::from("domain;first;last\n");
    for d in domains {
        for (f, row) in d.counts.iter().enumerate() {
            for (l, &c) in row.iter().enumerate() {
                for _ in 0..c {
                    let _ = writeln!(s, "{};{};{}", d.domain, f + 1, l + 1);
                }
            }
        }
    }
    s.push_str("trajectory;total_first;total_last\n");
    for (i, (f, l)) in totals.iter().enumerate() {
        let _ = writeln!(s, "{};{f};{l}", i + 1);
    }
    s
}

/// Compares a report's domain outcomes and total with the script's ANSWERS.json. Domains are
/// matched by name; our domains without pairs may be missing from the answers. Returns the
/// number of values compared, or every disagreement found.
pub fn compare_with_scipy(
    domains: &[DomainOutcome],
    total: &TotalOutcome,
    answers_json: &str,
) -> Result<usize, String> {
    let doc: Value = serde_json::from_str(answers_json).map_err(|e| format!("answers: {e}"))?;
    let mut c = Checker::default();
    let answers = doc["domains"].as_array().cloned().unwrap_or_default();
    for o in domains {
        let Some(a) = answers
            .iter()
            .find(|a| a["domain"].as_str() == Some(o.domain.as_str()))
        else {
            if o.n_pairs > 0 {
                c.fail(format!("{}: not in the answers", o.domain));
            }
            continue;
        };
        let d = &o.domain;
        c.int(d, "n_pairs", o.n_pairs, &a["n_pairs"]);
        c.int(d, "improved", o.improved, &a["improved"]);
        c.int(d, "same", o.same, &a["same"]);
        c.int(d, "declined", o.declined, &a["declined"]);
        c.num(d, "mean_first", o.mean_first, &a["mean_first"], false);
        c.num(d, "mean_last", o.mean_last, &a["mean_last"], false);
        c.num(
            d,
            "median_change",
            o.median_change,
            &a["median_change"],
            false,
        );
        c.num(d, "wilcoxon_w", o.wilcoxon_w, &a["wilcoxon_w"], false);
        c.num(d, "z", o.z, &a["z"], false);
        c.num(d, "p_value", o.p_value, &a["p_value"], true);
        c.num(
            d,
            "effect_size_r",
            o.effect_size_r,
            &a["effect_size_r"],
            false,
        );
    }
    for a in &answers {
        let name = a["domain"].as_str().unwrap_or("");
        if !domains.iter().any(|o| o.domain == name) {
            c.fail(format!("{name}: in the answers but not in the report"));
        }
    }
    let a = &doc["total"];
    let t = "total";
    c.int(t, "n_pairs", total.n_pairs, &a["n_pairs"]);
    c.num(t, "mean_first", total.mean_first, &a["mean_first"], false);
    c.num(t, "sd_first", total.sd_first, &a["sd_first"], false);
    c.num(t, "mean_last", total.mean_last, &a["mean_last"], false);
    c.num(t, "sd_last", total.sd_last, &a["sd_last"], false);
    c.num(
        t,
        "mean_change",
        total.mean_change,
        &a["mean_change"],
        false,
    );
    c.num(t, "sd_change", total.sd_change, &a["sd_change"], false);
    c.num(t, "t", total.t, &a["t"], false);
    c.num(t, "p_value", total.p_value, &a["p_value"], true);
    c.num(t, "cohen_dz", total.cohen_dz, &a["cohen_dz"], false);
    c.num(t, "df", total.df.map(|v| v as f64), &a["df"], false);
    if c.errors.is_empty() {
        Ok(c.compared)
    } else {
        Err(c.errors.join("\n"))
    }
}

#[derive(Default)]
struct Checker {
    compared: usize,
    errors: Vec<String>,
}

impl Checker {
    fn fail(&mut self, e: String) {
        self.errors.push(e);
    }

    fn int(&mut self, who: &str, field: &str, ours: i64, want: &Value) {
        self.compared += 1;
        if want.as_i64() != Some(ours) {
            self.fail(format!("{who} {field}: ours {ours}, SciPy {want}"));
        }
    }

    fn num(&mut self, who: &str, field: &str, ours: Option<f64>, want: &Value, relative: bool) {
        self.compared += 1;
        let ok = match (ours, want.as_f64()) {
            (None, None) => true,
            (Some(g), Some(w)) => {
                let scale = if relative { w.abs() } else { w.abs().max(1.0) };
                (g - w).abs() <= SCIPY_TOLERANCE * scale
            }
            _ => false,
        };
        if !ok {
            self.fail(format!("{who} {field}: ours {ours:?}, SciPy {want}"));
        }
    }
}
