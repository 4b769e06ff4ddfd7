//! Hand-checkable cases (the arithmetic is in the comments).

use super::*;

fn close(got: f64, want: f64) {
    assert!(
        (got - want).abs() <= 1e-12 * want.abs().max(1.0),
        "got {got}, want {want}"
    );
}

#[test]
fn seven_pairs_by_hand() {
    // last − first: 2, 1, 0, 1, −1, 1, 3. Zero dropped: n = 6. |d| = 1 four times (ranks 1–4,
    // mid-rank 2.5), 2 (rank 5), 3 (rank 6). Improvements: 3·2.5 + 5 + 6 = 18.5; declines 2.5.
    // W = 2.5; σ² = (6·7·13 − (4³ − 4)/2)/24 = (546 − 30)/24 = 21.5; zₛ = (2.5 − 10.5)/√21.5.
    let p = DomainPairs::from_pairs(
        "zrm_financien",
        &[(1, 3), (2, 3), (3, 3), (1, 2), (2, 1), (4, 5), (2, 5)],
    );
    let o = domain_outcome(&p);
    assert_eq!((o.n_pairs, o.improved, o.same, o.declined), (7, 5, 1, 1));
    close(o.mean_first.unwrap(), 15.0 / 7.0);
    close(o.mean_last.unwrap(), 22.0 / 7.0);
    assert_eq!(o.median_change, Some(1.0));
    assert_eq!(o.wilcoxon_w, Some(2.5));
    let z = 8.0 / 21.5f64.sqrt();
    close(o.z.unwrap(), z); // improvements dominate: positive
    close(o.effect_size_r.unwrap(), z / 6f64.sqrt());
    // SciPy: wilcoxon(first, last, zero_method="wilcox", correction=False, method="approx")
    close(o.p_value.unwrap(), 0.08446903225325182);
    assert_eq!(o.no_test_reason, None);

    // The same pairs the other way round: the same W and p, z negative.
    let rev = DomainPairs::from_pairs(
        "x",
        &[(3, 1), (3, 2), (3, 3), (2, 1), (1, 2), (5, 4), (5, 2)],
    );
    let r = domain_outcome(&rev);
    assert_eq!(r.wilcoxon_w, Some(2.5));
    close(r.z.unwrap(), -z);
    close(r.p_value.unwrap(), o.p_value.unwrap());
}

#[test]
fn fewer_than_five_pairs_give_counts_but_no_test() {
    let o = domain_outcome(&DomainPairs::from_pairs(
        "d",
        &[(1, 2), (2, 3), (3, 4), (4, 5)],
    ));
    assert_eq!((o.n_pairs, o.improved), (4, 4));
    assert_eq!(o.mean_first, Some(2.5));
    assert_eq!(o.median_change, Some(1.0));
    assert_eq!(
        (o.wilcoxon_w, o.z, o.p_value, o.effect_size_r),
        (None, None, None, None)
    );
    assert_eq!(o.no_test_reason, Some(REASON_TOO_FEW));
}

#[test]
fn all_same_gives_its_own_reason_and_no_pairs_gives_nothing() {
    let o = domain_outcome(&DomainPairs::from_pairs("d", &[(3, 3); 12]));
    assert_eq!((o.same, o.median_change, o.p_value), (12, Some(0.0), None));
    assert_eq!(o.no_test_reason, Some(REASON_ALL_SAME));

    let e = domain_outcome(&DomainPairs::new("leeg"));
    assert_eq!((e.n_pairs, e.mean_first, e.median_change), (0, None, None));
    assert_eq!(e.no_test_reason, Some(REASON_TOO_FEW));
}

#[test]
fn balanced_changes_give_z_zero_and_p_one() {
    let o = domain_outcome(&DomainPairs::from_pairs(
        "d",
        &[(1, 2), (2, 1), (3, 4), (4, 3), (2, 2)],
    ));
    assert_eq!(o.wilcoxon_w, Some(5.0)); // ranks 1..4 all tied at 2.5: 5 each
    assert_eq!(o.z, Some(0.0));
    assert!(o.z.unwrap().is_sign_positive());
    assert_eq!(o.p_value, Some(1.0));
}

#[test]
fn median_of_an_even_count_is_the_mean_of_the_middle_two() {
    let o = domain_outcome(&DomainPairs::from_pairs(
        "d",
        &[(2, 1), (2, 2), (2, 3), (1, 3)],
    ));
    assert_eq!(o.median_change, Some(0.5)); // −1, 0, 1, 2
}

#[test]
fn levels_outside_the_scale_are_not_counted() {
    let mut p = DomainPairs::new("d");
    assert!(!p.add(0, 3));
    assert!(!p.add(3, 6));
    assert!(!p.add(99, 2)); // "niet besproken" belongs with the caller
    assert!(p.add(5, 1));
    assert_eq!(p.n_pairs(), 1);
    assert_eq!(p.counts[4][0], 1);
}

#[test]
fn outcome_serialises_with_the_report_field_names() {
    let o = domain_outcome(&DomainPairs::from_pairs("d", &[(1, 2); 5]));
    let v = serde_json::to_value(&o).unwrap();
    for key in [
        "domain",
        "n_pairs",
        "improved",
        "same",
        "declined",
        "mean_first",
        "mean_last",
        "median_change",
        "wilcoxon_w",
        "z",
        "p_value",
        "effect_size_r",
        "no_test_reason",
    ] {
        assert!(v.get(key).is_some(), "{key}");
    }
}

#[test]
fn paired_t_by_hand() {
    // Changes 1, 0, 1, 1, 0.5: mean 0.7, squared deviations 0.09+0.49+0.09+0.09+0.04 = 0.8,
    // sd = √(0.8/4) = √0.2; t = 0.7/(√0.2/√5) = 3.5; d_z = 0.7/√0.2. SciPy's ttest_rel(first,
    // last) gives −3.5 and p = 0.024896163460222765.
    let pairs = [(1.0, 2.0), (2.0, 2.0), (3.0, 4.0), (4.0, 5.0), (5.5, 6.0)];
    let o = total_outcome(&pairs);
    close(o.mean_change.unwrap(), 0.7);
    close(o.sd_change.unwrap(), 0.2f64.sqrt());
    close(o.t.unwrap(), 3.5);
    assert_eq!(o.df, Some(4));
    close(o.p_value.unwrap(), 0.024896163460222765);
    close(o.cohen_dz.unwrap(), 0.7 / 0.2f64.sqrt());
    close(o.mean_first.unwrap(), 3.1);
    close(o.mean_last.unwrap(), 3.8);

    let down: Vec<(f64, f64)> = pairs.iter().map(|&(a, b)| (b, a)).collect();
    close(total_outcome(&down).t.unwrap(), -3.5);
}

#[test]
fn total_without_spread_or_pairs_gives_no_test() {
    let same = [(2.0, 3.0), (3.0, 4.0), (1.0, 2.0), (4.0, 5.0), (2.5, 3.5)];
    let o = total_outcome(&same);
    assert_eq!((o.t, o.no_test_reason), (None, Some(REASON_NO_SPREAD)));
    close(o.mean_change.unwrap(), 1.0);

    let none = total_outcome(&[]);
    assert_eq!(
        (none.n_pairs, none.mean_first, none.sd_first),
        (0, None, None)
    );
    assert_eq!(none.no_test_reason, Some(REASON_TOO_FEW));
    let one = total_outcome(&[(2.0, 3.0)]);
    assert_eq!((one.mean_first, one.sd_first), (Some(2.0), None));
}

#[test]
fn satisfaction_by_hand() {
    let mut hist = [0i64; 10];
    hist[4] = 2; // two 5s
    hist[7] = 2; // two 8s
    let s = satisfaction_summary(&hist);
    assert_eq!((s.n, s.mean, s.share_6_to_10), (4, Some(6.5), Some(0.5)));
    assert_eq!(satisfaction_summary(&[0; 10]).mean, None);
}

#[test]
fn special_functions_at_known_points() {
    use stats::*;
    close(erfc(0.0), 1.0);
    close(normal_two_sided_p(1.959963984540054), 0.05);
    close(t_two_sided_p(12.706204736174707, 1.0), 0.05);
    close(ln_gamma(5.0), 24f64.ln());
    close(ln_gamma(0.5), std::f64::consts::PI.sqrt().ln());
    close(t_two_sided_p(0.0, 10.0), 1.0);
}
