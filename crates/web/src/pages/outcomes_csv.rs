//! The outcomes report as CSV that opens correctly in Dutch Excel: UTF-8 with a byte-order mark
//! (so Excel reads the accents), `;` between fields, a decimal comma in numbers, every field in
//! double quotes, and no formula injection: a text field that starts with `=`, `+`, `-`, `@`, a
//! tab or a carriage return gets a single quote in front, so Excel shows it as text instead of
//! running it. Numbers are written by Regie itself and never pass through that guard.
//!
//! The file starts with the choice the numbers cover (one line per filter), then one block per
//! part of the report, each with its own header line, separated by an empty line.

use super::outcomes_view::{label, reason_key, STATUSES};
use crate::i18n::Tr;
use regie_store::{OutcomesReport, Team};

/// A text field: guarded against formulas, quoted.
pub(crate) fn text(s: &str) -> String {
    let guarded = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_string() };
    format!("\"{}\"", guarded.replace('"', "\"\""))
}

/// A number with a decimal comma (full precision), quoted; empty when absent.
pub(crate) fn num(x: Option<f64>) -> String {
    match x {
        Some(v) if v.is_finite() => format!("\"{}\"", v.to_string().replace('.', ",")),
        _ => "\"\"".into(),
    }
}

/// A count, quoted.
pub(crate) fn int(n: i64) -> String {
    format!("\"{n}\"")
}

fn line(out: &mut String, fields: &[String]) {
    out.push_str(&fields.join(";"));
    out.push_str("\r\n");
}

fn header(out: &mut String, tr: Tr, keys: &[&str]) {
    line(out, &keys.iter().map(|k| text(tr.t(k))).collect::<Vec<_>>());
}

/// The whole report as CSV text (with the byte-order mark); `filter` is the choice in words,
/// as (label, value).
pub(crate) fn report_csv(tr: Tr, r: &OutcomesReport, teams: &[Team], filter: &[(String, String)]) -> String {
    let mut out = String::from("\u{feff}");
    line(&mut out, &[text(tr.t("outcomes.title")), text(tr.t("outcomes.filter"))]);
    if filter.is_empty() {
        line(&mut out, &[text(tr.t("outcomes.filter")), text(tr.t("outcomes.no_filters"))]);
    }
    for (label, value) in filter {
        line(&mut out, &[text(label), text(value)]);
    }
    out.push_str("\r\n");
    header(
        &mut out,
        tr,
        &[
            "outcomes.zrm",
            "outcomes.domain",
            "outcomes.n_pairs",
            "outcomes.improved",
            "outcomes.same",
            "outcomes.declined",
            "outcomes.mean_first",
            "outcomes.mean_last",
            "outcomes.median_change",
            "outcomes.wilcoxon_w",
            "outcomes.z",
            "outcomes.p_value",
            "outcomes.effect_size_r",
            "outcomes.test",
        ],
    );
    for i in &r.instruments {
        for d in &i.domains {
            let o = &d.outcome;
            line(
                &mut out,
                &[
                    text(&i.name),
                    text(&d.name),
                    int(o.n_pairs),
                    int(o.improved),
                    int(o.same),
                    int(o.declined),
                    num(o.mean_first),
                    num(o.mean_last),
                    num(o.median_change),
                    num(o.wilcoxon_w),
                    num(o.z),
                    num(o.p_value),
                    num(o.effect_size_r),
                    text(reason_key(o.no_test_reason).map(|k| tr.t(k)).unwrap_or("")),
                ],
            );
        }
    }
    out.push_str("\r\n");
    header(
        &mut out,
        tr,
        &[
            "outcomes.total",
            "outcomes.trajectories",
            "outcomes.mean_first",
            "outcomes.mean_last",
            "outcomes.mean_change",
            "outcomes.sd_change",
            "outcomes.t",
            "outcomes.df",
            "outcomes.p_value",
            "outcomes.cohen_dz",
            "outcomes.test",
        ],
    );
    for i in &r.instruments {
        let t = &i.total;
        line(
            &mut out,
            &[
                text(&i.name),
                int(t.n_pairs),
                num(t.mean_first),
                num(t.mean_last),
                num(t.mean_change),
                num(t.sd_change),
                num(t.t),
                t.df.map(int).unwrap_or_else(|| "\"\"".into()),
                num(t.p_value),
                num(t.cohen_dz),
                text(reason_key(t.no_test_reason).map(|k| tr.t(k)).unwrap_or("")),
            ],
        );
    }
    out.push_str("\r\n");
    header(&mut out, tr, &["outcomes.satisfaction", "outcomes.count"]);
    let s = &r.satisfaction;
    line(&mut out, &[text(tr.t("outcomes.answers")), int(s.n)]);
    line(&mut out, &[text(tr.t("outcomes.mean_mark")), num(s.mean)]);
    line(&mut out, &[text(tr.t("outcomes.share_6_10")), num(s.share_6_to_10)]);
    for (k, n) in s.distribution.iter().enumerate() {
        line(&mut out, &[text(&format!("{} {}", tr.t("outcomes.mark"), k + 1)), int(*n)]);
    }
    out.push_str("\r\n");
    header(&mut out, tr, &["outcomes.duration", "outcomes.count"]);
    line(&mut out, &[text(tr.t("outcomes.closed")), int(r.duration.n)]);
    line(&mut out, &[text(tr.t("outcomes.mean_days")), num(r.duration.mean_days)]);
    line(&mut out, &[text(tr.t("outcomes.median_days")), num(r.duration.median_days)]);
    out.push_str("\r\n");
    header(&mut out, tr, &["outcomes.exit", "outcomes.count"]);
    for (code, n) in &r.exits {
        let name = if code.is_empty() { tr.t("outcomes.exit_none").to_string() } else { label(tr, "exit", code) };
        line(&mut out, &[text(&name), int(*n)]);
    }
    out.push_str("\r\n");
    let mut keys = vec!["outcomes.team", "outcomes.role"];
    let status_keys: Vec<String> = STATUSES.iter().map(|s| format!("outcomes.status.{s}")).collect();
    keys.extend(status_keys.iter().map(String::as_str));
    keys.push("outcomes.all");
    header(&mut out, tr, &keys);
    for a in &r.attainment {
        let team = teams.iter().find(|t| t.id == a.team_id).map(|t| t.name.as_str()).unwrap_or(&a.team_name);
        let mut fields = vec![text(team), text(&a.role_code)];
        fields.extend(STATUSES.iter().map(|s| int(a.counts.get(*s).copied().unwrap_or(0))));
        fields.push(int(a.total));
        line(&mut out, &fields);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_quotes_doubled() {
        assert_eq!(text("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        for s in ["+1", "-1+1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(text(s).starts_with("\"'"), "{s:?}");
        }
        assert_eq!(text("Team Noord"), "\"Team Noord\"");
        assert_eq!(text("a;b"), "\"a;b\"");
        assert_eq!(text(""), "\"\"");
    }

    #[test]
    fn numbers_use_a_decimal_comma_and_stay_numbers() {
        assert_eq!(num(Some(-0.25)), "\"-0,25\"");
        assert_eq!(num(Some(3.0)), "\"3\"");
        assert_eq!(num(None), "\"\"");
        assert_eq!(int(12), "\"12\"");
    }
}
