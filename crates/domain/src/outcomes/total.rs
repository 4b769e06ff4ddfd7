//! The total score: per trajectory the mean of its domain levels at the first and at the last
//! measurement, compared with a paired t-test.
//!
//! - `mean_*`, `sd_*`: mean and standard deviation (ddof = 1) of the first totals, the last
//!   totals and the changes `last − first`.
//! - `t` = mean_change / (sd_change / √n), `df` = n − 1, two-sided p from Student's t. This is
//!   `scipy.stats.ttest_rel(first, last)` with the **sign flipped** (SciPy tests `first − last`):
//!   here a positive t means the totals went up (improvement); |t| and p are SciPy's.
//! - `cohen_dz` = mean_change / sd_change (positive = improvement).
//! - No test when n < 5 ([`super::REASON_TOO_FEW`]) or when every change is the same
//!   ([`super::REASON_NO_SPREAD`]: sd_change ≤ 1e-12 · max(1, |mean_change|), because totals are
//!   means and equal changes may differ in the last bits; SciPy would give a huge, infinite or
//!   undefined t).

use super::{stats, MIN_PAIRS_FOR_TEST, REASON_NO_SPREAD, REASON_TOO_FEW};
use serde::Serialize;

/// A standard deviation of the changes below this (times max(1, |mean change|)) counts as zero.
pub const NO_SPREAD_BELOW: f64 = 1e-12;

/// The outcome of the total score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TotalOutcome {
    /// Number of trajectories with a first and a last total.
    pub n_pairs: i64,
    /// Mean first total; `None` without pairs.
    pub mean_first: Option<f64>,
    /// Standard deviation (ddof 1) of the first totals; `None` below 2 pairs.
    pub sd_first: Option<f64>,
    /// Mean last total.
    pub mean_last: Option<f64>,
    /// Standard deviation of the last totals.
    pub sd_last: Option<f64>,
    /// Mean of `last − first`.
    pub mean_change: Option<f64>,
    /// Standard deviation of `last − first`.
    pub sd_change: Option<f64>,
    /// Paired t, positive when the totals went up.
    pub t: Option<f64>,
    /// Degrees of freedom, n − 1.
    pub df: Option<i64>,
    /// Two-sided p-value.
    pub p_value: Option<f64>,
    /// Cohen's d_z = mean_change / sd_change.
    pub cohen_dz: Option<f64>,
    /// Why there is no test (Dutch), when there is none.
    pub no_test_reason: Option<&'static str>,
}

/// Mean and sum of squared deviations of one series.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Moments {
    mean: f64,
    m2: f64,
}

/// The paired t-test over `(first, last)` totals, one pair per trajectory.
pub fn total_outcome(pairs: &[(f64, f64)]) -> TotalOutcome {
    let n = pairs.len();
    if n == 0 {
        return finish(
            0,
            Moments::default(),
            Moments::default(),
            Moments::default(),
        );
    }
    let moments = |f: &dyn Fn(&(f64, f64)) -> f64| {
        let mean = pairs.iter().map(f).sum::<f64>() / n as f64;
        let m2 = pairs.iter().map(|p| (f(p) - mean).powi(2)).sum::<f64>();
        Moments { mean, m2 }
    };
    let first = moments(&|p| p.0);
    let last = moments(&|p| p.1);
    let change = moments(&|p| p.1 - p.0);
    finish(n as i64, first, last, change)
}

/// The same from sums, for a caller that aggregates in SQL: sums of first, last and
/// `last − first` and of their squares. Variances come from `Σx² − (Σx)²/n`; with totals on the
/// 1..5 scale this loses at most a few digits of 16 for any realistic n, far inside 1e-9.
pub fn total_outcome_from_sums(
    n: i64,
    sum_first: f64,
    sum_last: f64,
    sum_sq_first: f64,
    sum_sq_last: f64,
    sum_diff: f64,
    sum_sq_diff: f64,
) -> TotalOutcome {
    if n <= 0 {
        return finish(
            0,
            Moments::default(),
            Moments::default(),
            Moments::default(),
        );
    }
    let nf = n as f64;
    let m = |sum: f64, sum_sq: f64| {
        let m2 = (sum_sq - sum * sum / nf).max(0.0);
        Moments { mean: sum / nf, m2 }
    };
    finish(
        n,
        m(sum_first, sum_sq_first),
        m(sum_last, sum_sq_last),
        m(sum_diff, sum_sq_diff),
    )
}

/// A streaming form (Welford): push `(first, last)` totals one by one, then [`Self::finish`].
#[derive(Debug, Clone, Copy, Default)]
pub struct TotalAccumulator {
    n: i64,
    first: Moments,
    last: Moments,
    change: Moments,
}

impl TotalAccumulator {
    /// Adds one trajectory's first and last total.
    pub fn push(&mut self, first: f64, last: f64) {
        self.n += 1;
        let n = self.n as f64;
        for (m, x) in [
            (&mut self.first, first),
            (&mut self.last, last),
            (&mut self.change, last - first),
        ] {
            let delta = x - m.mean;
            m.mean += delta / n;
            m.m2 += delta * (x - m.mean);
        }
    }

    /// The outcome over everything pushed.
    pub fn finish(&self) -> TotalOutcome {
        finish(self.n, self.first, self.last, self.change)
    }
}

fn finish(n: i64, first: Moments, last: Moments, change: Moments) -> TotalOutcome {
    let has = n > 0;
    let sd = |m: Moments| (n > 1).then(|| (m.m2 / (n - 1) as f64).sqrt());
    let mut out = TotalOutcome {
        n_pairs: n,
        mean_first: has.then_some(first.mean),
        sd_first: sd(first),
        mean_last: has.then_some(last.mean),
        sd_last: sd(last),
        mean_change: has.then_some(change.mean),
        sd_change: sd(change),
        t: None,
        df: None,
        p_value: None,
        cohen_dz: None,
        no_test_reason: None,
    };
    if n < MIN_PAIRS_FOR_TEST {
        out.no_test_reason = Some(REASON_TOO_FEW);
        return out;
    }
    // Totals are means of levels, so equal changes can differ in the last bits: a spread below
    // 1e-12 (relative to the mean change, at least 1) counts as none.
    let spread = (change.m2 / (n - 1) as f64).sqrt();
    let has_spread = spread > NO_SPREAD_BELOW * change.mean.abs().max(1.0);
    if !has_spread {
        out.no_test_reason = Some(REASON_NO_SPREAD);
        return out;
    }
    let df = n - 1;
    let variance = change.m2 / df as f64;
    let t = change.mean / (variance / n as f64).sqrt();
    out.t = Some(t);
    out.df = Some(df);
    out.p_value = Some(stats::t_two_sided_p(t, df as f64));
    out.cohen_dz = Some(change.mean / variance.sqrt());
    out
}
