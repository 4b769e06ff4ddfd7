//! The statistics of the outcomes report: per ZRM domain the change between each trajectory's
//! first and last measurement, the total score, and client satisfaction. Pure functions over
//! counts the store gathers; no I/O. Every number is verified against SciPy (see
//! `scripts/outcomes_fixtures.py` and `tests/fixtures/outcomes_scipy.json`) to 1e-9.
//!
//! ## Per domain ([`domain_outcome`])
//! Levels are 1..=5, so a trajectory's change `last − first` is an integer in −4..=4 and the
//! whole cohort is described by a 5×5 table of counts ([`DomainPairs`]). "Niet besproken" is left
//! out by the caller. From the table:
//! - `improved` / `same` / `declined`: pairs with `last > first` / `last == first` / `last < first`.
//! - `mean_first`, `mean_last`: means of the levels; `median_change`: the median of `last − first`
//!   over **all** pairs, zeros included (mean of the two middle values when `n_pairs` is even).
//! - The **Wilcoxon signed-rank test** with zero differences dropped (Wilcoxon's method), the
//!   normal approximation with tie correction and without continuity correction — exactly
//!   `scipy.stats.wilcoxon(first, last, zero_method="wilcox", correction=False, method="approx")`:
//!   the non-zero |d| are ranked with mid-ranks for ties (four tie groups at most: |d| = 1..4);
//!   `R+` / `R−` are the rank sums of declines (`first − last > 0`) and improvements;
//!   `n` = number of non-zero pairs; `σ² = (n(n+1)(2n+1) − Σ(t³ − t)/2) / 24` over the tie groups;
//!   `zₛ = (R+ − n(n+1)/4) / σ`; two-sided `p = erfc(|zₛ| / √2)`.
//!   `wilcoxon_w` = min(R+, R−) (SciPy's `statistic`); `z` = |zₛ| (SciPy's `zstatistic` is
//!   −|zₛ|) with a **plus** sign when the rank sum of improvements is the larger, minus otherwise;
//!   `effect_size_r` = z / √n (n = non-zero pairs), so positive r means improvement.
//! - No test when `n_pairs < 5` ([`REASON_TOO_FEW`]) or when every pair stayed the same
//!   ([`REASON_ALL_SAME`]); counts and means are still given.
//!
//! ## Total score ([`total_outcome`]) and satisfaction ([`satisfaction_summary`])
//! See [`total`] and [`satisfaction`].

pub mod satisfaction;
pub mod scipy_check;
pub mod stats;
pub mod total;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_scipy;

use serde::Serialize;

pub use satisfaction::{satisfaction_summary, SatisfactionSummary};
pub use scipy_check::{compare_with_scipy, scipy_pairs_csv};
pub use total::{total_outcome, total_outcome_from_sums, TotalAccumulator, TotalOutcome};

/// Fewest pairs for which a test is computed.
pub const MIN_PAIRS_FOR_TEST: i64 = 5;
/// Why there is no test: too few pairs.
pub const REASON_TOO_FEW: &str = "Minder dan 5 paren: te weinig voor een toets.";
/// Why there is no Wilcoxon test: every pair stayed the same.
pub const REASON_ALL_SAME: &str =
    "Bij alle paren is de score gelijk gebleven: er is geen verschil om te toetsen.";
/// Why there is no t-test: every trajectory changed by exactly the same amount.
pub const REASON_NO_SPREAD: &str =
    "Alle verschillen zijn precies even groot: de spreiding is nul, dus er is geen toets.";

/// The lowest and highest level of the scale.
pub const LEVELS: std::ops::RangeInclusive<i64> = 1..=5;

/// One domain's cohort: `counts[first − 1][last − 1]` = the number of trajectories whose first and
/// last measurement on this domain had those levels ("niet besproken" already left out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainPairs {
    /// The domain's code or name, passed through to the outcome.
    pub domain: String,
    /// Counts by first level (row) and last level (column), levels 1..=5.
    pub counts: [[i64; 5]; 5],
}

impl DomainPairs {
    /// An empty cohort for a domain.
    pub fn new(domain: impl Into<String>) -> Self {
        DomainPairs {
            domain: domain.into(),
            counts: [[0; 5]; 5],
        }
    }

    /// Adds one pair; returns false (and adds nothing) when a level is outside 1..=5.
    pub fn add(&mut self, first: i64, last: i64) -> bool {
        if !LEVELS.contains(&first) || !LEVELS.contains(&last) {
            return false;
        }
        self.counts[(first - 1) as usize][(last - 1) as usize] += 1;
        true
    }

    /// The cohort from `(first, last)` pairs; pairs with a level outside 1..=5 are skipped.
    pub fn from_pairs(domain: impl Into<String>, pairs: &[(i64, i64)]) -> Self {
        let mut p = DomainPairs::new(domain);
        for &(f, l) in pairs {
            p.add(f, l);
        }
        p
    }

    /// Number of pairs.
    pub fn n_pairs(&self) -> i64 {
        self.counts.iter().flatten().sum()
    }

    /// Number of pairs per change `last − first`, index `change + 4` (−4..=4).
    pub fn change_counts(&self) -> [i64; 9] {
        let mut by = [0i64; 9];
        for (f, row) in self.counts.iter().enumerate() {
            for (l, &c) in row.iter().enumerate() {
                by[(l as i64 - f as i64 + 4) as usize] += c;
            }
        }
        by
    }
}

/// The outcome of one domain (see the module documentation for the exact definitions).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DomainOutcome {
    /// The domain, as given in [`DomainPairs::domain`].
    pub domain: String,
    /// Number of pairs (trajectories with a first and a last measurement on this domain).
    pub n_pairs: i64,
    /// Pairs whose last level is higher than the first.
    pub improved: i64,
    /// Pairs whose level stayed the same.
    pub same: i64,
    /// Pairs whose last level is lower than the first.
    pub declined: i64,
    /// Mean first level; `None` without pairs.
    pub mean_first: Option<f64>,
    /// Mean last level; `None` without pairs.
    pub mean_last: Option<f64>,
    /// Median of `last − first` over all pairs (zeros included); `None` without pairs.
    pub median_change: Option<f64>,
    /// SciPy's `statistic`: the smaller of the two rank sums.
    pub wilcoxon_w: Option<f64>,
    /// |SciPy's `zstatistic`|, positive when improvements carry the larger rank sum.
    pub z: Option<f64>,
    /// Two-sided p-value of the normal approximation.
    pub p_value: Option<f64>,
    /// `z / √(non-zero pairs)`; positive means improvement.
    pub effect_size_r: Option<f64>,
    /// Why there is no test (Dutch), when there is none.
    pub no_test_reason: Option<&'static str>,
}

/// The Wilcoxon signed-rank test's parts, as SciPy computes them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SignedRank {
    /// Non-zero pairs.
    pub n: i64,
    /// Rank sum of positive `first − last` (declines).
    pub r_plus: f64,
    /// Rank sum of negative `first − last` (improvements).
    pub r_minus: f64,
    /// Standard deviation under the null hypothesis, tie-corrected.
    pub se: f64,
    /// SciPy's internal `(R+ − n(n+1)/4) / σ` (positive when declines dominate).
    pub z_plus: f64,
}

/// Ranks the non-zero |d| of a cohort (mid-ranks for ties) and computes the rank sums and the
/// tie-corrected standard deviation. `None` when every pair stayed the same.
pub fn signed_rank(p: &DomainPairs) -> Option<SignedRank> {
    let by = p.change_counts();
    // by[k + 4] = pairs with last − first = k; first − last = −k.
    let mut next_rank = 0i64; // ranks used so far
    let (mut r_plus, mut r_minus) = (0f64, 0f64);
    let mut ties: i128 = 0;
    for k in 1..=4usize {
        let improved = by[4 + k];
        let declined = by[4 - k];
        let t = improved + declined;
        if t == 0 {
            continue;
        }
        // Mid-rank of ranks next_rank+1 ..= next_rank+t, exactly representable (half-integer).
        let mid = next_rank as f64 + (t as f64 + 1.0) / 2.0;
        r_plus += mid * declined as f64;
        r_minus += mid * improved as f64;
        ties += (t as i128).pow(3) - t as i128;
        next_rank += t;
    }
    let n = next_rank;
    if n == 0 {
        return None;
    }
    let nf = n as f64;
    let mn = nf * (nf + 1.0) * 0.25;
    let var = nf * (nf + 1.0) * (2.0 * nf + 1.0) - ties as f64 / 2.0;
    let se = (var / 24.0).sqrt();
    Some(SignedRank {
        n,
        r_plus,
        r_minus,
        se,
        z_plus: (r_plus - mn) / se,
    })
}

/// The outcome of one domain: counts, means, median change and the Wilcoxon signed-rank test.
pub fn domain_outcome(p: &DomainPairs) -> DomainOutcome {
    let by = p.change_counts();
    let n = p.n_pairs();
    let improved: i64 = by[5..].iter().sum();
    let declined: i64 = by[..4].iter().sum();
    let (mut sum_first, mut sum_last) = (0i64, 0i64);
    for (f, row) in p.counts.iter().enumerate() {
        for (l, &c) in row.iter().enumerate() {
            sum_first += (f as i64 + 1) * c;
            sum_last += (l as i64 + 1) * c;
        }
    }
    let mut out = DomainOutcome {
        domain: p.domain.clone(),
        n_pairs: n,
        improved,
        same: by[4],
        declined,
        mean_first: (n > 0).then(|| sum_first as f64 / n as f64),
        mean_last: (n > 0).then(|| sum_last as f64 / n as f64),
        median_change: median_of_changes(&by, n),
        wilcoxon_w: None,
        z: None,
        p_value: None,
        effect_size_r: None,
        no_test_reason: None,
    };
    if n < MIN_PAIRS_FOR_TEST {
        out.no_test_reason = Some(REASON_TOO_FEW);
        return out;
    }
    let Some(sr) = signed_rank(p) else {
        out.no_test_reason = Some(REASON_ALL_SAME);
        return out;
    };
    let size = sr.z_plus.abs();
    // Equal rank sums give z = 0 (not −0).
    let z = if sr.r_minus >= sr.r_plus { size } else { -size };
    out.wilcoxon_w = Some(sr.r_plus.min(sr.r_minus));
    out.z = Some(z);
    out.p_value = Some(stats::normal_two_sided_p(size));
    out.effect_size_r = Some(z / (sr.n as f64).sqrt());
    out
}

/// The median of the changes −4..=4 given their counts (`by[k + 4]`).
fn median_of_changes(by: &[i64; 9], n: i64) -> Option<f64> {
    if n == 0 {
        return None;
    }
    // The value at 0-based position i in sorted order.
    let at = |i: i64| -> i64 {
        let mut seen = 0;
        for (idx, &c) in by.iter().enumerate() {
            seen += c;
            if i < seen {
                return idx as i64 - 4;
            }
        }
        4
    };
    let (lo, hi) = (at((n - 1) / 2), at(n / 2));
    Some((lo + hi) as f64 / 2.0)
}
