//! Agreement with SciPy: `tests/fixtures/outcomes_scipy.json`, written by
//! `scripts/outcomes_fixtures.py`. Tolerance: p-values **relative** 1e-9 (they reach 1e-200 and
//! below; SciPy's 0.0 must be 0.0 here too); every other number absolute 1e-9 when |SciPy| ≤ 1
//! and relative 1e-9 above (`|ours − scipy| ≤ 1e-9 · max(1, |scipy|)`).

use super::stats::{erfc, inc_beta, ln_beta, ln_gamma, normal_two_sided_p, t_two_sided_p};
use super::*;
use serde_json::Value;

const FIXTURE: &str = include_str!("../../tests/fixtures/outcomes_scipy.json");
const TOL: f64 = 1e-9;

fn fixture() -> Value {
    serde_json::from_str(FIXTURE).expect("the fixture is JSON")
}

fn close(what: &str, got: f64, want: f64) {
    assert!(
        (got - want).abs() <= TOL * want.abs().max(1.0),
        "{what}: ours {got:e}, SciPy {want:e}, difference {:e}",
        (got - want).abs()
    );
}

fn close_p(what: &str, got: f64, want: f64) {
    assert!(
        (got - want).abs() <= TOL * want.abs(),
        "{what}: ours {got:e}, SciPy {want:e}, relative difference {:e}",
        ((got - want) / want).abs()
    );
}

/// Compares an optional number with a JSON number or null.
fn opt(what: &str, got: Option<f64>, want: &Value, p_value: bool) {
    match (got, want.as_f64()) {
        (None, None) => {}
        (Some(g), Some(w)) if p_value => close_p(what, g, w),
        (Some(g), Some(w)) => close(what, g, w),
        (g, _) => panic!("{what}: ours {g:?}, SciPy {want}"),
    }
}

fn int(v: &Value) -> i64 {
    v.as_i64().expect("an integer")
}

#[test]
fn wilcoxon_agrees_with_scipy() {
    let doc = fixture();
    let cohorts = doc["wilcoxon"].as_array().unwrap();
    assert!(cohorts.len() >= 40, "the fixture has its cohorts");
    let mut tested = 0;
    for c in cohorts {
        let name = c["domain"].as_str().unwrap();
        let mut p = DomainPairs::new(name);
        for (i, row) in c["counts"].as_array().unwrap().iter().enumerate() {
            for (j, v) in row.as_array().unwrap().iter().enumerate() {
                p.counts[i][j] = int(v);
            }
        }
        if let Some(pairs) = c["pairs"].as_array() {
            let pairs: Vec<(i64, i64)> = pairs.iter().map(|v| (int(&v[0]), int(&v[1]))).collect();
            assert_eq!(
                DomainPairs::from_pairs(name, &pairs),
                p,
                "{name}: from_pairs"
            );
        }
        let o = domain_outcome(&p);
        assert_eq!(o.domain, name);
        assert_eq!(o.n_pairs, int(&c["n_pairs"]), "{name}");
        assert_eq!(o.improved, int(&c["improved"]), "{name}");
        assert_eq!(o.same, int(&c["same"]), "{name}");
        assert_eq!(o.declined, int(&c["declined"]), "{name}");
        opt(
            &format!("{name} mean_first"),
            o.mean_first,
            &c["mean_first"],
            false,
        );
        opt(
            &format!("{name} mean_last"),
            o.mean_last,
            &c["mean_last"],
            false,
        );
        opt(
            &format!("{name} median_change"),
            o.median_change,
            &c["median_change"],
            false,
        );
        opt(&format!("{name} W"), o.wilcoxon_w, &c["wilcoxon_w"], false);
        opt(&format!("{name} z"), o.z, &c["z"], false);
        opt(&format!("{name} p"), o.p_value, &c["p_value"], true);
        opt(
            &format!("{name} r"),
            o.effect_size_r,
            &c["effect_size_r"],
            false,
        );
        let has_test = c["has_test"].as_bool().unwrap();
        assert_eq!(
            o.no_test_reason.is_none(),
            has_test,
            "{name}: {:?}",
            o.no_test_reason
        );
        if has_test {
            // Against SciPy's raw result too: W is its statistic, |z| its −zstatistic.
            let s = &c["scipy"];
            close(
                &format!("{name} statistic"),
                o.wilcoxon_w.unwrap(),
                s["statistic"].as_f64().unwrap(),
            );
            close(
                &format!("{name} zstatistic"),
                -o.z.unwrap().abs(),
                s["zstatistic"].as_f64().unwrap(),
            );
            // The sign of z (+ when improvements carry the larger rank sum) is checked above
            // against the script's own ranking (scipy.stats.rankdata).
            tested += 1;
        }
    }
    assert!(tested >= 35, "most cohorts carry a test ({tested})");
}

#[test]
fn ttest_agrees_with_scipy() {
    let doc = fixture();
    for c in doc["ttest"].as_array().unwrap() {
        let name = c["name"].as_str().unwrap();
        let domains = int(&c["domains"]) as f64;
        let sums = |k: &str| -> Vec<f64> {
            c[k].as_array()
                .unwrap()
                .iter()
                .map(|v| int(v) as f64 / domains)
                .collect()
        };
        let (first, last) = (sums("first_sums"), sums("last_sums"));
        let pairs: Vec<(f64, f64)> = first.iter().copied().zip(last.iter().copied()).collect();

        let mut acc = TotalAccumulator::default();
        let mut s = [0f64; 6];
        for &(f, l) in &pairs {
            acc.push(f, l);
            let d = l - f;
            for (slot, x) in s.iter_mut().zip([f, l, f * f, l * l, d, d * d]) {
                *slot += x;
            }
        }
        let n = pairs.len() as i64;
        let forms = [
            ("pairs", total_outcome(&pairs)),
            ("streaming", acc.finish()),
            (
                "sums",
                total_outcome_from_sums(n, s[0], s[1], s[2], s[3], s[4], s[5]),
            ),
        ];
        for (form, o) in forms {
            let what = |field: &str| format!("{name} ({form}) {field}");
            assert_eq!(o.n_pairs, int(&c["n_pairs"]), "{}", what("n"));
            opt(&what("mean_first"), o.mean_first, &c["mean_first"], false);
            opt(&what("sd_first"), o.sd_first, &c["sd_first"], false);
            opt(&what("mean_last"), o.mean_last, &c["mean_last"], false);
            opt(&what("sd_last"), o.sd_last, &c["sd_last"], false);
            opt(
                &what("mean_change"),
                o.mean_change,
                &c["mean_change"],
                false,
            );
            opt(&what("sd_change"), o.sd_change, &c["sd_change"], false);
            opt(&what("t"), o.t, &c["t"], false);
            opt(&what("p"), o.p_value, &c["p_value"], true);
            opt(&what("d_z"), o.cohen_dz, &c["cohen_dz"], false);
            assert_eq!(o.df, c["df"].as_i64(), "{}", what("df"));
            let has_test = c["has_test"].as_bool().unwrap();
            assert_eq!(o.no_test_reason.is_none(), has_test, "{}", what("reason"));
            if has_test {
                // SciPy tests first − last: its t is ours negated.
                close(
                    &what("scipy t"),
                    -o.t.unwrap(),
                    c["scipy"]["statistic"].as_f64().unwrap(),
                );
            }
        }
    }
}

#[test]
fn satisfaction_agrees_with_numpy() {
    let doc = fixture();
    for c in doc["satisfaction"].as_array().unwrap() {
        let name = c["name"].as_str().unwrap();
        let mut hist = [0i64; 10];
        for (slot, v) in hist.iter_mut().zip(c["hist"].as_array().unwrap()) {
            *slot = int(v);
        }
        let s = satisfaction_summary(&hist);
        assert_eq!(s.n, int(&c["n"]), "{name}");
        assert_eq!(s.distribution, hist);
        opt(&format!("{name} mean"), s.mean, &c["mean"], false);
        opt(
            &format!("{name} share"),
            s.share_6_to_10,
            &c["share_6_to_10"],
            false,
        );
    }
}

#[test]
fn special_functions_agree_with_scipy() {
    let doc = fixture();
    let sp = &doc["special"];
    let rows = |k: &str| sp[k].as_array().unwrap().clone();
    let num = |v: &Value| v.as_f64().unwrap();
    for r in rows("erfc") {
        close_p(&format!("erfc({})", r[0]), erfc(num(&r[0])), num(&r[1]));
    }
    for r in rows("normal_two_sided_p") {
        close_p(
            &format!("normal p({})", r[0]),
            normal_two_sided_p(num(&r[0])),
            num(&r[1]),
        );
    }
    let t_rows = rows("t_two_sided_p");
    assert!(t_rows.len() > 100);
    for r in t_rows {
        let (t, df) = (num(&r[0]), num(&r[1]));
        close_p(&format!("t p({t}, {df})"), t_two_sided_p(t, df), num(&r[2]));
        close_p(
            &format!("t p(−{t}, {df})"),
            t_two_sided_p(-t, df),
            num(&r[2]),
        );
    }
    for r in rows("ln_gamma") {
        close(
            &format!("ln_gamma({})", r[0]),
            ln_gamma(num(&r[0])),
            num(&r[1]),
        );
    }
    for r in rows("ln_beta") {
        close(
            &format!("ln_beta({}, {})", r[0], r[1]),
            ln_beta(num(&r[0]), num(&r[1])),
            num(&r[2]),
        );
    }
    // I_x(a, 1) = x^a and I_x(1, b) = 1 − (1 − x)^b, as a check independent of SciPy.
    close(
        "I(0.3; 2.5, 1)",
        inc_beta(2.5, 1.0, 0.3, 0.7),
        0.3f64.powf(2.5),
    );
    close(
        "I(0.3; 1, 4)",
        inc_beta(1.0, 4.0, 0.3, 0.7),
        1.0 - 0.7f64.powi(4),
    );
}

/// The cohorts of the round-trip example: four fixture cohorts as domains and one t cohort.
fn example_cohorts() -> (Vec<DomainPairs>, Vec<(f64, f64)>) {
    let doc = fixture();
    let mut domains = Vec::new();
    for c in doc["wilcoxon"].as_array().unwrap() {
        let name = c["domain"].as_str().unwrap();
        if ![
            "exactly_5",
            "random_00",
            "random_01",
            "four_pairs",
            "all_zeros",
        ]
        .contains(&name)
        {
            continue;
        }
        let mut p = DomainPairs::new(format!("zrm_{name}"));
        for (i, row) in c["counts"].as_array().unwrap().iter().enumerate() {
            for (j, v) in row.as_array().unwrap().iter().enumerate() {
                p.counts[i][j] = int(v);
            }
        }
        domains.push(p);
    }
    let t = doc["ttest"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "t_random_00")
        .unwrap();
    let sums = |k: &str| -> Vec<f64> {
        t[k].as_array()
            .unwrap()
            .iter()
            .map(|v| int(v) as f64 / 13.0)
            .collect()
    };
    let totals = sums("first_sums")
        .into_iter()
        .zip(sums("last_sums"))
        .collect();
    (domains, totals)
}

#[test]
fn round_trip_through_the_script_agrees() {
    // tests/fixtures/outcomes_pairs_example.csv is scipy_pairs_csv's output for these cohorts;
    // outcomes_pairs_example.json is `outcomes_fixtures.py --pairs` on it.
    let (domains, totals) = example_cohorts();
    let csv = scipy_pairs_csv(&domains, &totals);
    if std::env::var_os("REGIE_WRITE_OUTCOMES_EXAMPLE").is_some() {
        std::fs::write("tests/fixtures/outcomes_pairs_example.csv", &csv).unwrap();
        return;
    }
    assert_eq!(
        csv,
        include_str!("../../tests/fixtures/outcomes_pairs_example.csv")
    );
    let outcomes: Vec<DomainOutcome> = domains.iter().map(domain_outcome).collect();
    let answers = include_str!("../../tests/fixtures/outcomes_pairs_example.json");
    let compared = compare_with_scipy(&outcomes, &total_outcome(&totals), answers).unwrap();
    assert_eq!(compared, 5 * 11 + 11);

    // And it notices a wrong number.
    let mut wrong = outcomes.clone();
    let i = wrong
        .iter()
        .position(|o| o.domain == "zrm_random_00")
        .unwrap();
    wrong[i].p_value = wrong[i].p_value.map(|p| p * (1.0 + 1e-8));
    let err = compare_with_scipy(&wrong, &total_outcome(&totals), answers).unwrap_err();
    assert!(err.contains("p_value"), "{err}");
}
