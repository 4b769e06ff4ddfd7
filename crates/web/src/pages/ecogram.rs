//! The network map (ecogram) as numbers ready for the SVG template `network/ecogram.html`: the
//! client in the centre, members on their ring, one line per kind of support. Only SVG
//! presentation attributes (stroke, fill, dash) are used: the content policy forbids inline styles.

use crate::i18n::Tr;
use crate::pages::form::fill;
use regie_domain::network::{ecogram_centre, ecogram_layout, NetworkMember, SupportKind, ECOGRAM_HEIGHT, ECOGRAM_WIDTH, RING_RADII};

/// The whole drawing.
pub(crate) struct Ecogram {
    pub view_box: String,
    pub cx: String,
    pub cy: String,
    pub rings: Vec<Ring>,
    pub lines: Vec<Line>,
    pub nodes: Vec<Node>,
    /// The client's first name, in the centre.
    pub centre: String,
    /// The client's full name.
    pub client_name: String,
    pub title: String,
    pub desc: String,
    pub legend: Vec<LegendLine>,
    pub empty: bool,
}

/// One ring with its label.
pub(crate) struct Ring {
    pub r: String,
    pub label: &'static str,
    pub lx: String,
    pub ly: String,
}

/// One line from the client to a member, for one kind of support.
pub(crate) struct Line {
    pub x1: String,
    pub y1: String,
    pub x2: String,
    pub y2: String,
    pub stroke: &'static str,
    pub dash: &'static str,
    pub width: &'static str,
    pub kind: &'static str,
}

/// One member on the map.
pub(crate) struct Node {
    pub id: i64,
    pub x: String,
    pub y: String,
    /// Top-left corner of the square of an organisation.
    pub sx: String,
    pub sy: String,
    /// Baselines of the initials, the name and the relation.
    pub iy: String,
    pub ny: String,
    pub ry: String,
    pub org: bool,
    pub initials: String,
    pub name: String,
    pub relation: String,
    /// Full name, relation and support, for the hover text.
    pub tooltip: String,
    /// The client gives something back: a mark at the top right.
    pub gives_back: bool,
    pub bx: String,
    pub by: String,
    pub bty: String,
}

/// One line of the legend.
pub(crate) struct LegendLine {
    pub label: &'static str,
    pub stroke: &'static str,
    pub dash: &'static str,
    pub width: &'static str,
}

/// Colour, dash pattern and width per kind of support; `None` for a member without support.
fn style(kind: Option<&str>) -> (&'static str, &'static str, &'static str) {
    match kind {
        Some("praktisch") => ("#1f5fa8", "none", "3"),
        Some("emotioneel") => ("#b3261e", "10 5", "3"),
        Some("informatie") => ("#2e7d32", "2 5", "3"),
        Some("gezelschap") => ("#7b3fa0", "12 4 3 4", "3"),
        _ => ("#8a93a3", "1 6", "2"),
    }
}

fn n(v: f64) -> String {
    format!("{v:.1}")
}

/// At most `max` characters, with an ellipsis when cut.
fn short(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(max - 1).collect::<String>().trim_end())
    }
}

fn initials(name: &str) -> String {
    let letters: String = name.split_whitespace().filter_map(|w| w.chars().next()).filter(|c| c.is_alphanumeric()).take(2).collect();
    letters.to_uppercase()
}

/// The map of `members` around the client named `client_name`.
pub(crate) fn ecogram(tr: Tr, client_name: &str, members: &[NetworkMember]) -> Ecogram {
    let (cx, cy) = ecogram_centre();
    let placed = ecogram_layout(members);
    let mut lines = Vec::new();
    let mut nodes = Vec::new();
    for p in &placed {
        let Some(m) = members.iter().find(|m| m.id == p.id) else { continue };
        // Parallel lines, 5 units apart, one per kind of support.
        let (dx, dy) = (p.x - cx, p.y - cy);
        let len = (dx * dx + dy * dy).sqrt().max(1.0);
        let (px, py) = (-dy / len, dx / len);
        let kinds: Vec<Option<&str>> = if m.support.is_empty() { vec![None] } else { m.support.iter().map(|s| Some(s.as_str())).collect() };
        for (i, kind) in kinds.iter().enumerate() {
            let off = (i as f64 - (kinds.len() as f64 - 1.0) / 2.0) * 5.0;
            let (stroke, dash, width) = style(*kind);
            lines.push(Line {
                x1: n(cx + px * off),
                y1: n(cy + py * off),
                x2: n(p.x + px * off),
                y2: n(p.y + py * off),
                stroke,
                dash,
                width,
                kind: kind.and_then(SupportKind::parse).map(|k| k.code()).unwrap_or("geen"),
            });
        }
        let support: Vec<&str> = m.support.iter().map(|s| tr.code("support_kind", s)).collect();
        let mut tooltip = m.name.clone();
        if !m.relation.is_empty() {
            tooltip.push_str(&format!(" ({})", m.relation));
        }
        if !support.is_empty() {
            tooltip.push_str(&format!(": {}", support.join(", ")));
        }
        nodes.push(Node {
            id: m.id,
            x: n(p.x),
            y: n(p.y),
            sx: n(p.x - 16.0),
            sy: n(p.y - 16.0),
            iy: n(p.y + 4.0),
            ny: n(p.y + 33.0),
            ry: n(p.y + 47.0),
            org: m.kind == "organisatie",
            initials: initials(&m.name),
            name: short(&m.name, 22),
            relation: short(&m.relation, 26),
            tooltip,
            gives_back: !m.gives_back.trim().is_empty(),
            bx: n(p.x + 15.0),
            by: n(p.y - 15.0),
            bty: n(p.y - 11.0),
        });
    }
    let rings = RING_RADII
        .iter()
        .zip(["closeness.dichtbij", "closeness.middel", "closeness.verder_weg"])
        .map(|(r, key)| {
            // The label sits on the ring at the upper left, between the places members take.
            let a = -std::f64::consts::FRAC_PI_2 - 0.62;
            Ring { r: n(*r), label: tr.t(key), lx: n(cx + r * a.cos()), ly: n(cy + r * a.sin() - 4.0) }
        })
        .collect();
    let mut legend: Vec<LegendLine> = SupportKind::CODES
        .iter()
        .map(|k| {
            let (stroke, dash, width) = style(Some(k));
            LegendLine { label: tr.code("support_kind", k), stroke, dash, width }
        })
        .collect();
    let (stroke, dash, width) = style(None);
    legend.push(LegendLine { label: tr.t("network.legend_no_support"), stroke, dash, width });
    Ecogram {
        view_box: format!("0 0 {ECOGRAM_WIDTH} {ECOGRAM_HEIGHT}"),
        cx: n(cx),
        cy: n(cy),
        rings,
        lines,
        nodes,
        centre: short(client_name.split_whitespace().next().unwrap_or(client_name), 12),
        client_name: client_name.to_string(),
        title: fill(tr.t("network.map_title"), &[("name", client_name)]),
        desc: tr.t("network.map_desc").to_string(),
        legend,
        empty: members.is_empty(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cut_with_an_ellipsis_and_initials_taken() {
        assert_eq!(short("Jan", 5), "Jan");
        assert_eq!(short("Schuldhulpverlening Amsterdam", 10), "Schuldhul…");
        assert_eq!(initials("fatma el amrani"), "FE");
        assert_eq!(initials("GGD"), "G");
    }
}
