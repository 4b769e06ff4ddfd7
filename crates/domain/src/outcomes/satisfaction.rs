//! Client satisfaction: the report mark 1..=10.

use serde::Serialize;

/// Summary of report marks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SatisfactionSummary {
    /// Number of marks.
    pub n: i64,
    /// Mean mark; `None` without marks.
    pub mean: Option<f64>,
    /// `distribution[i]` = number of marks `i + 1`.
    pub distribution: [i64; 10],
    /// Share (0..=1, not a percentage) of marks 6 to 10; `None` without marks.
    pub share_6_to_10: Option<f64>,
}

/// Summarises a histogram of marks: `marks_hist[i]` = number of marks `i + 1`.
pub fn satisfaction_summary(marks_hist: &[i64; 10]) -> SatisfactionSummary {
    let n: i64 = marks_hist.iter().sum();
    let total: i64 = marks_hist
        .iter()
        .enumerate()
        .map(|(i, c)| (i as i64 + 1) * c)
        .sum();
    let sufficient: i64 = marks_hist[5..].iter().sum();
    SatisfactionSummary {
        n,
        mean: (n > 0).then(|| total as f64 / n as f64),
        distribution: *marks_hist,
        share_6_to_10: (n > 0).then(|| sufficient as f64 / n as f64),
    }
}
