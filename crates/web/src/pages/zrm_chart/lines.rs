//! One small line chart per domain: levels 1–5 upward, dates to the right (the same date scale
//! for every domain, so the charts line up), the worker's levels as a solid line with dots, the
//! client's own levels dotted with hollow squares, the target level as a dashed line. A
//! "niet besproken" breaks the line and shows as a hollow mark under the axis.

use super::{level_text, marker_path, n, AxisDomain, Marker, MarkerShape};
use crate::i18n::Tr;
use crate::pages::form::fill;
use chrono::NaiveDate;
use regie_domain::zrm_view::MAX_LEVEL;

/// Size of one line chart.
pub(crate) const LINE_W: f64 = 280.0;
pub(crate) const LINE_H: f64 = 140.0;
const X0: f64 = 30.0;
const X1: f64 = 268.0;
const Y_TOP: f64 = 14.0;
const Y_BOTTOM: f64 = 106.0;

/// One domain's chart.
pub(crate) struct LineChart {
    pub id: String,
    pub view_box: String,
    pub name: String,
    /// Everything the chart shows, in words (its accessible name).
    pub summary: String,
    pub grid: Vec<GridLine>,
    pub worker: Series,
    pub client: Series,
    /// The target level as a dashed line.
    pub target: Option<TargetLine>,
    pub x_labels: Vec<XLabel>,
}

/// A horizontal line for one level.
pub(crate) struct GridLine {
    pub y: String,
    pub label: String,
}

/// One rater's levels.
pub(crate) struct Series {
    pub d: String,
    pub markers: Vec<Marker>,
}

/// The target level across the chart.
pub(crate) struct TargetLine {
    pub y: String,
    pub title: String,
}

/// A date under the axis.
pub(crate) struct XLabel {
    pub x: String,
    pub text: String,
    pub anchor: &'static str,
}

/// The y of a level.
pub(crate) fn y_of(level: f64) -> f64 {
    Y_BOTTOM - (level - 1.0) * (Y_BOTTOM - Y_TOP) / (MAX_LEVEL - 1) as f64
}

/// The x of a date between `from` and `to` (the middle when they are the same day).
pub(crate) fn x_of(d: NaiveDate, from: NaiveDate, to: NaiveDate) -> f64 {
    let span = (to - from).num_days();
    if span <= 0 {
        return (X0 + X1) / 2.0;
    }
    X0 + (d - from).num_days() as f64 / span as f64 * (X1 - X0)
}

fn short_date(d: NaiveDate) -> String {
    d.format("%d-%m-%y").to_string()
}

fn series(tr: Tr, name: &str, points: &[(NaiveDate, Option<i64>)], from: NaiveDate, to: NaiveDate, shape: MarkerShape, who: &str) -> Series {
    let mut d = String::new();
    let mut joined = false;
    let mut markers = Vec::new();
    for (on, level) in points {
        let x = x_of(*on, from, to);
        match level {
            Some(l) => {
                let y = y_of(*l as f64);
                d.push_str(&format!("{}{} {} ", if joined { "L" } else { "M" }, n(x), n(y)));
                joined = true;
                markers.push(Marker { d: marker_path(shape, x, y, 3.5), hollow: shape == MarkerShape::Square, title: format!("{name}, {who}, {}: {}", short_date(*on), level_text(tr, Some(*l))) });
            }
            None => {
                joined = false;
                markers.push(Marker { d: marker_path(shape, x, Y_BOTTOM + 10.0, 3.0), hollow: true, title: format!("{name}, {who}, {}: {}", short_date(*on), level_text(tr, None)) });
            }
        }
    }
    Series { d: d.trim_end().to_string(), markers }
}

/// The chart of one domain. `from`/`to` is the date range of all measurements shown.
pub(crate) fn line_chart(
    tr: Tr,
    id: &str,
    dom: &AxisDomain,
    worker: &[(NaiveDate, Option<i64>)],
    client: &[(NaiveDate, Option<i64>)],
    from: NaiveDate,
    to: NaiveDate,
) -> LineChart {
    let grid = (1..=MAX_LEVEL).map(|l| GridLine { y: n(y_of(l as f64)), label: l.to_string() }).collect();
    let said = |pts: &[(NaiveDate, Option<i64>)]| {
        pts.iter().map(|(d, l)| format!("{} {}", short_date(*d), l.map(|l| l.to_string()).unwrap_or_else(|| tr.t("zrmv.not_discussed").to_string()))).collect::<Vec<_>>().join(", ")
    };
    let mut summary = format!("{}. {}: {}", dom.name, tr.t("zrmv.rater.begeleider"), if worker.is_empty() { "—".to_string() } else { said(worker) });
    if !client.is_empty() {
        summary.push_str(&format!(". {}: {}", tr.t("zrmv.rater.client"), said(client)));
    }
    let target = dom.target.map(|level| {
        let title = fill(tr.t("zrmv.target_title"), &[("domain", &dom.name), ("level", &level_text(tr, Some(level)))]);
        summary.push_str(&format!(". {title}"));
        TargetLine { y: n(y_of(level as f64)), title }
    });
    let mut x_labels = vec![XLabel { x: n(X0), text: short_date(from), anchor: "start" }];
    if to > from {
        x_labels.push(XLabel { x: n(X1), text: short_date(to), anchor: "end" });
    } else {
        x_labels[0] = XLabel { x: n((X0 + X1) / 2.0), text: short_date(from), anchor: "middle" };
    }
    LineChart {
        id: id.to_string(),
        view_box: format!("0 0 {LINE_W} {LINE_H}"),
        name: dom.name.clone(),
        summary,
        grid,
        worker: series(tr, &dom.name, worker, from, to, MarkerShape::Circle, tr.t("zrmv.rater.begeleider")),
        client: series(tr, &dom.name, client, from, to, MarkerShape::Square, tr.t("zrmv.rater.client")),
        target,
        x_labels,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn levels_run_upward_and_dates_to_the_right() {
        assert!(y_of(5.0) < y_of(1.0));
        assert!((y_of(1.0) - Y_BOTTOM).abs() < 1e-9 && (y_of(5.0) - Y_TOP).abs() < 1e-9);
        let (a, b) = (day("2026-01-01"), day("2026-12-31"));
        assert!((x_of(a, a, b) - X0).abs() < 1e-9 && (x_of(b, a, b) - X1).abs() < 1e-9);
        assert!((x_of(a, a, a) - (X0 + X1) / 2.0).abs() < 1e-9, "one date sits in the middle");
    }

    #[test]
    fn a_gap_breaks_the_line_and_the_target_is_a_line_at_its_level() {
        let tr = Lang::Nl.tr();
        let dom = AxisDomain { code: "d".into(), name: "Financiën".into(), target: Some(4), reached: false };
        let pts = [(day("2026-01-01"), Some(2)), (day("2026-03-01"), None), (day("2026-05-01"), Some(3)), (day("2026-07-01"), Some(4))];
        let c = line_chart(tr, "x", &dom, &pts, &[], day("2026-01-01"), day("2026-07-01"));
        assert_eq!(c.worker.d.matches('M').count(), 2, "{}", c.worker.d);
        assert_eq!(c.worker.d.matches('L').count(), 1);
        assert_eq!(c.worker.markers.iter().filter(|m| m.hollow).count(), 1);
        assert_eq!(c.target.as_ref().map(|t| t.y.clone()), Some(n(y_of(4.0))));
        assert!(c.summary.contains("niet besproken") && c.summary.contains("Financiën"), "{}", c.summary);
        assert!(c.client.d.is_empty());
    }
}
