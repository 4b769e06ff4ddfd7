//! The ZRM pictures as numbers ready for the SVG templates (`zrm/chart_radar.html`,
//! `zrm/chart_lines.html`): a star (radar) chart with one axis per domain, rings for the levels
//! 1–5, up to three measurements as outlines told apart by dash pattern and marker shape (not by
//! colour only, so it prints in black and white), target levels as cross bars on the axes and
//! "niet besproken" as a gap with a hollow marker; and a small line per domain over time
//! (`lines`). Only SVG presentation attributes are used: the content policy forbids inline styles.

pub(crate) mod lines;

use crate::i18n::Tr;
use crate::pages::form::fill;
use regie_domain::zrm_view::{Reading, MAX_LEVEL};
use std::f64::consts::{FRAC_PI_2, PI};

/// Width and height of the radar's drawing.
pub(crate) const RADAR_W: f64 = 560.0;
pub(crate) const RADAR_H: f64 = 410.0;
/// Centre and radius of the outer ring (level 5).
pub(crate) const CX: f64 = 280.0;
pub(crate) const CY: f64 = 205.0;
pub(crate) const R: f64 = 150.0;
/// Line height of the axis labels (font size 14).
const LINE: f64 = 15.0;

/// One axis of the chart, with the target level on it.
#[derive(Debug, Clone)]
pub(crate) struct AxisDomain {
    /// Domain code (the readings' key).
    pub code: String,
    /// Name as shown.
    pub name: String,
    /// The target level that counts on this domain.
    pub target: Option<i64>,
    /// Whether the latest worker score reaches it.
    pub reached: bool,
}

/// The whole star chart.
pub(crate) struct Radar {
    /// Unique prefix for element ids (several charts can be on one page).
    pub id: String,
    pub view_box: String,
    pub cx: String,
    pub cy: String,
    pub title: String,
    pub desc: String,
    pub rings: Vec<Ring>,
    pub axes: Vec<Axis>,
    pub shapes: Vec<Shape>,
    pub targets: Vec<TargetMark>,
}

/// A ring for one level, with its number.
pub(crate) struct Ring {
    pub level: i64,
    pub points: String,
    pub lx: String,
    pub ly: String,
}

/// One axis line and its label (one text line per `lines` entry).
pub(crate) struct Axis {
    pub x2: String,
    pub y2: String,
    pub anchor: &'static str,
    pub lx: String,
    pub lines: Vec<(String, String)>,
}

/// One measurement's outline.
pub(crate) struct Shape {
    /// `first`, `middle` or `latest` (a CSS hook and the test's handle).
    pub role: &'static str,
    /// The outline: closed when every domain has a level, else broken at the gaps.
    pub d: String,
    /// Number of domains with a level (one outline point each).
    pub n_points: usize,
    pub stroke: &'static str,
    pub dash: &'static str,
    pub width: &'static str,
    pub fill: &'static str,
    pub fill_opacity: &'static str,
    /// Legend text ("Begin · 12 januari 2026 · begeleider").
    pub label: String,
    pub markers: Vec<Marker>,
    /// The legend's sample marker.
    pub legend_marker: String,
}

/// A point marker as a path (circle, square or diamond); hollow for "niet besproken".
pub(crate) struct Marker {
    pub d: String,
    pub hollow: bool,
    pub title: String,
}

/// A target level: a short bar across the axis.
pub(crate) struct TargetMark {
    pub x1: String,
    pub y1: String,
    pub x2: String,
    pub y2: String,
    pub reached: bool,
    pub title: String,
}

/// Look of the outline by its place: first, in between, latest.
pub(crate) struct Look {
    pub role: &'static str,
    pub stroke: &'static str,
    pub dash: &'static str,
    pub width: &'static str,
    pub fill: &'static str,
    pub fill_opacity: &'static str,
    pub marker: MarkerShape,
}

/// The shape of a point marker.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum MarkerShape {
    Circle,
    Square,
    Diamond,
}

const LOOKS: [Look; 3] = [
    Look { role: "first", stroke: "#5b6475", dash: "2 4", width: "2", fill: "none", fill_opacity: "0", marker: MarkerShape::Diamond },
    Look { role: "middle", stroke: "#a86100", dash: "9 5", width: "2.5", fill: "none", fill_opacity: "0", marker: MarkerShape::Square },
    Look { role: "latest", stroke: "#1f5fa8", dash: "none", width: "3", fill: "#1f5fa8", fill_opacity: "0.10", marker: MarkerShape::Circle },
];

/// The look of the `i`-th of `len` outlines (oldest first): the latest is always solid, the
/// first dotted, one in between dashed.
pub(crate) fn look(i: usize, len: usize) -> &'static Look {
    if i + 1 == len {
        &LOOKS[2]
    } else if i == 0 {
        &LOOKS[0]
    } else {
        &LOOKS[1]
    }
}

pub(crate) fn n(v: f64) -> String {
    format!("{v:.1}")
}

/// The angle of axis `i` of `count`: the first points up, then clockwise.
pub(crate) fn angle(i: usize, count: usize) -> f64 {
    -FRAC_PI_2 + 2.0 * PI * i as f64 / count.max(1) as f64
}

/// Where `level` lies on axis `i` of `count` (level 5 on the outer ring).
pub(crate) fn point(i: usize, count: usize, level: f64) -> (f64, f64) {
    let a = angle(i, count);
    let r = R * level / MAX_LEVEL as f64;
    (CX + r * a.cos(), CY + r * a.sin())
}

/// A marker path of `shape` centred on `(x, y)` with half-size `s`.
pub(crate) fn marker_path(shape: MarkerShape, x: f64, y: f64, s: f64) -> String {
    match shape {
        MarkerShape::Circle => format!("M{} {} a{s} {s} 0 1 0 {} 0 a{s} {s} 0 1 0 {} 0 Z", n(x - s), n(y), n(2.0 * s), n(-2.0 * s)),
        MarkerShape::Square => format!("M{} {} h{} v{} h{} Z", n(x - s), n(y - s), n(2.0 * s), n(2.0 * s), n(-2.0 * s)),
        MarkerShape::Diamond => {
            let t = s * 1.3;
            format!("M{} {} L{} {} L{} {} L{} {} Z", n(x), n(y - t), n(x + t), n(y), n(x), n(y + t), n(x - t), n(y))
        }
    }
}

/// The outline through the points that have a level: closed when all have one; otherwise only
/// neighbours that both have a level are joined, so a missing level shows as a gap.
pub(crate) fn outline(points: &[Option<(f64, f64)>]) -> String {
    if !points.is_empty() && points.iter().all(Option::is_some) {
        let mut d = String::new();
        for (i, (x, y)) in points.iter().flatten().enumerate() {
            d.push_str(&format!("{}{} {} ", if i == 0 { "M" } else { "L" }, n(*x), n(*y)));
        }
        d.push('Z');
        return d;
    }
    let count = points.len();
    let mut d = String::new();
    let mut pen_at: Option<usize> = None;
    for i in 0..count {
        let j = (i + 1) % count;
        if let (Some((x1, y1)), Some((x2, y2))) = (points[i], points[j]) {
            if pen_at != Some(i) {
                d.push_str(&format!("M{} {} ", n(x1), n(y1)));
            }
            d.push_str(&format!("L{} {} ", n(x2), n(y2)));
            pen_at = Some(j);
        }
    }
    d.trim_end().to_string()
}

/// Splits a domain name into lines of about `width` characters at spaces.
pub(crate) fn wrap(name: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in name.split_whitespace() {
        match lines.last_mut() {
            Some(l) if l.chars().count() + 1 + word.chars().count() <= width => {
                l.push(' ');
                l.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// The label of a level for a title or table: "4 · Voldoende zelfredzaam", or "niet besproken".
pub(crate) fn level_text(tr: Tr, level: Option<i64>) -> String {
    match level {
        Some(l) => format!("{l} · {}", tr.t(&format!("zrmv.level.{l}"))),
        None => tr.t("zrmv.not_discussed").to_string(),
    }
}

/// The star chart of `shown` (oldest first, each with its legend text) on `domains`.
pub(crate) fn radar(tr: Tr, id: &str, title: String, domains: &[AxisDomain], shown: &[(String, &Reading)]) -> Radar {
    let count = domains.len();
    let rings = (1..=MAX_LEVEL)
        .map(|level| {
            let pts: Vec<String> = (0..count).map(|i| point(i, count, level as f64)).map(|(x, y)| format!("{},{}", n(x), n(y))).collect();
            // The numbers sit halfway between the last axis and the first, out of the way.
            let a = -FRAC_PI_2 - PI / count.max(1) as f64;
            let r = R * level as f64 / MAX_LEVEL as f64;
            Ring { level, points: pts.join(" "), lx: n(CX + r * a.cos()), ly: n(CY + r * a.sin() + 4.0) }
        })
        .collect();
    let axes = domains
        .iter()
        .enumerate()
        .map(|(i, dom)| {
            let a = angle(i, count);
            let (x2, y2) = point(i, count, MAX_LEVEL as f64);
            let (lx, ly) = (CX + (R + 14.0) * a.cos(), CY + (R + 14.0) * a.sin());
            // Only the axis straight up (or down) centres its label; the others lean away from it,
            // so the two labels beside the bottom do not run into each other.
            let anchor = if a.cos() > 0.05 {
                "start"
            } else if a.cos() < -0.05 {
                "end"
            } else {
                "middle"
            };
            let words = wrap(&dom.name, 13);
            let k = words.len() as f64;
            // Above the chart the label grows upward, below it downward, at the sides around the axis end.
            let first = if a.sin() < -0.5 {
                ly - (k - 1.0) * LINE - 2.0
            } else if a.sin() > 0.5 {
                ly + 12.0
            } else {
                ly - (k - 1.0) * LINE / 2.0 + 5.0
            };
            let lines = words.into_iter().enumerate().map(|(j, w)| (w, n(first + j as f64 * LINE))).collect();
            Axis { x2: n(x2), y2: n(y2), anchor, lx: n(lx), lines }
        })
        .collect();
    let shapes = shown
        .iter()
        .enumerate()
        .map(|(k, (label, reading))| {
            let lk = look(k, shown.len());
            let mut markers = Vec::new();
            let pts: Vec<Option<(f64, f64)>> = domains
                .iter()
                .enumerate()
                .map(|(i, dom)| match reading.score(&dom.code) {
                    Some(Some(level)) => {
                        let (x, y) = point(i, count, level as f64);
                        markers.push(Marker { d: marker_path(lk.marker, x, y, 4.0), hollow: false, title: format!("{}: {}", dom.name, level_text(tr, Some(level))) });
                        Some((x, y))
                    }
                    Some(None) => {
                        // Niet besproken: no point on the outline, a hollow marker inside ring 1.
                        let (x, y) = point(i, count, 0.5);
                        markers.push(Marker { d: marker_path(lk.marker, x, y, 4.0), hollow: true, title: format!("{}: {}", dom.name, level_text(tr, None)) });
                        None
                    }
                    None => None,
                })
                .collect();
            Shape {
                role: lk.role,
                n_points: pts.iter().flatten().count(),
                d: outline(&pts),
                stroke: lk.stroke,
                dash: lk.dash,
                width: lk.width,
                fill: lk.fill,
                fill_opacity: lk.fill_opacity,
                label: label.clone(),
                markers,
                legend_marker: marker_path(lk.marker, 24.0, 7.0, 4.0),
            }
        })
        .collect();
    let targets = domains
        .iter()
        .enumerate()
        .filter_map(|(i, dom)| {
            let level = dom.target?;
            let a = angle(i, count);
            let (x, y) = point(i, count, level as f64);
            let (vx, vy) = (-a.sin() * 8.0, a.cos() * 8.0);
            let key = if dom.reached { "zrmv.target_reached_title" } else { "zrmv.target_title" };
            Some(TargetMark {
                x1: n(x - vx),
                y1: n(y - vy),
                x2: n(x + vx),
                y2: n(y + vy),
                reached: dom.reached,
                title: fill(tr.t(key), &[("domain", &dom.name), ("level", &level_text(tr, Some(level)))]),
            })
        })
        .collect();
    Radar {
        id: id.to_string(),
        view_box: format!("0 0 {RADAR_W} {RADAR_H}"),
        cx: n(CX),
        cy: n(CY),
        title,
        desc: tr.t("zrmv.radar_desc").to_string(),
        rings,
        axes,
        shapes,
        targets,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use chrono::NaiveDate;

    fn dist(p: (f64, f64)) -> f64 {
        ((p.0 - CX).powi(2) + (p.1 - CY).powi(2)).sqrt()
    }

    fn doms(k: usize) -> Vec<AxisDomain> {
        (0..k).map(|i| AxisDomain { code: format!("d{i}"), name: format!("Domein {i}"), target: (i == 0).then_some(4), reached: false }).collect()
    }

    fn reading(levels: Vec<Option<i64>>) -> Reading {
        Reading {
            id: 1,
            instrument: "zrm2017".into(),
            worker: true,
            measured_on: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            moment: "begin".into(),
            levels: levels.into_iter().enumerate().map(|(i, l)| (format!("d{i}"), l)).collect(),
        }
    }

    #[test]
    fn level_five_lies_on_the_outer_ring_and_level_one_on_the_inner() {
        for i in 0..13 {
            assert!((dist(point(i, 13, 5.0)) - R).abs() < 1e-9);
            assert!((dist(point(i, 13, 1.0)) - R / 5.0).abs() < 1e-9);
        }
        let top = point(0, 13, 5.0);
        assert!((top.0 - CX).abs() < 1e-9 && top.1 < CY, "the first axis points up");
    }

    #[test]
    fn a_complete_outline_has_one_point_per_domain_and_is_closed() {
        let tr = Lang::Nl.tr();
        let r = reading(vec![Some(1), Some(2), Some(3), Some(4), Some(5), Some(3), Some(2), Some(1), Some(4), Some(5), Some(2), Some(3), Some(4)]);
        let chart = radar(tr, "t", "T".into(), &doms(13), &[("Nu".into(), &r)]);
        let s = &chart.shapes[0];
        assert_eq!(s.n_points, 13);
        assert_eq!(s.d.matches('M').count() + s.d.matches('L').count(), 13);
        assert!(s.d.ends_with('Z'));
        assert_eq!(chart.axes.len(), 13);
        assert_eq!(chart.rings.len(), 5);
        assert_eq!(s.role, "latest");
    }

    #[test]
    fn niet_besproken_breaks_the_outline_and_gets_a_hollow_marker() {
        let tr = Lang::Nl.tr();
        let r = reading(vec![Some(3), None, Some(3), Some(3)]);
        let chart = radar(tr, "t", "T".into(), &doms(4), &[("Nu".into(), &r)]);
        let s = &chart.shapes[0];
        assert_eq!(s.n_points, 3);
        assert!(!s.d.contains('Z'), "not closed: {}", s.d);
        // Joined: 2→3 and 3→0; domain 1 has no lines to it.
        assert_eq!(s.d.matches('L').count(), 2, "{}", s.d);
        assert_eq!(s.markers.iter().filter(|m| m.hollow).count(), 1);
        assert!(s.markers.iter().any(|m| m.title.contains("niet besproken")));
    }

    #[test]
    fn outlines_differ_by_dash_and_marker_not_only_colour() {
        assert_eq!(look(0, 1).role, "latest");
        let three: Vec<&Look> = (0..3).map(|i| look(i, 3)).collect();
        assert_eq!(three.iter().map(|l| l.role).collect::<Vec<_>>(), vec!["first", "middle", "latest"]);
        assert!(three[0].dash != three[1].dash && three[1].dash != three[2].dash && three[0].dash != three[2].dash);
        assert!(three[0].marker != three[1].marker && three[1].marker != three[2].marker);
        assert_eq!((look(0, 2).role, look(1, 2).role), ("first", "latest"));
    }

    #[test]
    fn a_target_is_a_bar_across_its_axis_at_its_level() {
        let tr = Lang::Nl.tr();
        let chart = radar(tr, "t", "T".into(), &doms(13), &[]);
        assert_eq!(chart.targets.len(), 1);
        let t = &chart.targets[0];
        let p = |x: &str, y: &str| (x.parse::<f64>().unwrap(), y.parse::<f64>().unwrap());
        let (a, b) = (p(&t.x1, &t.y1), p(&t.x2, &t.y2));
        let mid = ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0);
        assert!((dist(mid) - R * 4.0 / 5.0).abs() < 0.2, "the bar's middle is on ring 4");
        assert!((a.1 - b.1).abs() < 0.2, "on the upright first axis the bar lies flat");
    }

    #[test]
    fn long_names_wrap_at_spaces() {
        assert_eq!(wrap("Maatschappelijke participatie", 13), vec!["Maatschappelijke", "participatie"]);
        assert_eq!(wrap("Werk & opleiding", 16), vec!["Werk & opleiding"]);
        assert_eq!(wrap("Werk & opleiding", 13), vec!["Werk &", "opleiding"]);
    }
}
