//! Licensed criterion texts: reading an import file (format in `docs/instrument-texts.md`).
//!
//! UTF-8 text, one cell per line, fields separated by `;`, first line the header
//! `instrument;domein;niveau;tekst`. A field may be put between double quotes (then `;` may occur
//! in it and `""` stands for one quote). Empty lines are skipped; a byte-order mark is allowed.
//! The whole file is refused when any line is wrong; every wrong line is named.

use super::instrument;
use crate::FieldErrors;

/// The header line, in this order.
pub const HEADER: [&str; 4] = ["instrument", "domein", "niveau", "tekst"];
/// Longest criterion text.
pub const MAX_TEXT: usize = 2000;
/// At most this many line messages are reported.
const MAX_MESSAGES: usize = 30;
/// The field key of import messages.
pub const FIELD: &str = "texts";

/// One criterion text from an import file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CriterionText {
    /// Instrument code.
    pub instrument: String,
    /// Domain code.
    pub domain: String,
    /// Level.
    pub level: i64,
    /// The text.
    pub text: String,
}

/// Splits one line at `;`, honouring double quotes. `None` for an unclosed quote.
fn fields(line: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    let mut at_start = true;
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                cur.push('"');
            }
            '"' if quoted => quoted = false,
            '"' if at_start => quoted = true,
            ';' if !quoted => {
                out.push(std::mem::take(&mut cur));
                at_start = true;
                continue;
            }
            _ => cur.push(c),
        }
        at_start = false;
    }
    if quoted {
        return None;
    }
    out.push(cur);
    Some(out)
}

/// Reads an import file. On any wrong line, the messages name the line numbers (field
/// [`FIELD`]) and nothing is returned.
pub fn parse_texts(file: &str) -> Result<Vec<CriterionText>, FieldErrors> {
    let mut e = FieldErrors::default();
    let mut out: Vec<CriterionText> = Vec::new();
    let mut lines = file.strip_prefix('\u{feff}').unwrap_or(file).lines().enumerate().filter(|(_, l)| !l.trim().is_empty());
    let add = |e: &mut FieldErrors, n: usize, msg: String| {
        if e.0.len() < MAX_MESSAGES {
            e.add(FIELD, format!("Regel {n}: {msg}"));
        }
    };
    match lines.next() {
        None => {
            e.add(FIELD, "Het bestand is leeg.");
            return Err(e);
        }
        Some((i, l)) => {
            let head: Vec<String> = fields(l).unwrap_or_default().iter().map(|f| f.trim().to_lowercase()).collect();
            if head != HEADER {
                add(&mut e, i + 1, format!("de eerste regel moet de kopregel '{}' zijn.", HEADER.join(";")));
            }
        }
    }
    for (i, line) in lines {
        let n = i + 1;
        let Some(f) = fields(line) else {
            add(&mut e, n, "er ontbreekt een afsluitend aanhalingsteken.".into());
            continue;
        };
        if f.len() != 4 {
            add(&mut e, n, format!("verwacht 4 velden gescheiden door ';', gevonden {}.", f.len()));
            continue;
        }
        let (code, domain, level, text) = (f[0].trim(), f[1].trim(), f[2].trim(), f[3].trim());
        let Some(inst) = instrument(code) else {
            add(&mut e, n, format!("onbekend meetinstrument '{code}'."));
            continue;
        };
        if inst.domain(domain).is_none() {
            add(&mut e, n, format!("het leefgebied '{domain}' hoort niet bij {}.", inst.name));
            continue;
        }
        let (lo, hi) = inst.scale();
        let level = match level.parse::<i64>() {
            Ok(l) if (lo..=hi).contains(&l) => l,
            _ => {
                add(&mut e, n, format!("het niveau moet een getal van {lo} tot en met {hi} zijn, niet '{level}'."));
                continue;
            }
        };
        if text.is_empty() {
            add(&mut e, n, "de tekst is leeg.".into());
            continue;
        }
        if text.chars().count() > MAX_TEXT {
            add(&mut e, n, format!("de tekst is langer dan {MAX_TEXT} tekens."));
            continue;
        }
        if out.iter().any(|t| t.instrument == code && t.domain == domain && t.level == level) {
            add(&mut e, n, format!("{domain} niveau {level} staat al eerder in het bestand."));
            continue;
        }
        out.push(CriterionText { instrument: code.into(), domain: domain.into(), level, text: text.into() });
    }
    if e.is_empty() && out.is_empty() {
        e.add(FIELD, "Het bestand bevat geen teksten, alleen de kopregel.");
    }
    if e.is_empty() {
        Ok(out)
    } else {
        Err(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_good_file_reads_with_quotes_and_a_bom() {
        let file = "\u{feff}instrument;domein;niveau;tekst\r\nzrm2017;zrm_financien;1;\"Groeiende schulden; geen inkomen\"\n\nzrm2017;zrm_financien;2;\"Zegt \"\"ja\"\"\"\n";
        let t = parse_texts(file).unwrap();
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].text, "Groeiende schulden; geen inkomen");
        assert_eq!(t[1].text, "Zegt \"ja\"");
    }

    #[test]
    fn every_wrong_line_is_named() {
        let file = "instrument;domein;niveau;tekst\nzrm2017;zrm_financien;6;Te hoog\nzrm2017;zrm_onbekend;1;x\nzrm1999;zrm_werk;1;x\nzrm2017;zrm_werk;1\nzrm2017;zrm_werk;2;\"open\nzrm2017;zrm_werk;3;goed\n";
        let e = parse_texts(file).unwrap_err();
        let msgs: Vec<&str> = e.0.iter().map(|(_, m)| m.as_str()).collect();
        assert_eq!(msgs.len(), 5, "{msgs:?}");
        for (n, m) in (2..=6).zip(&msgs) {
            assert!(m.starts_with(&format!("Regel {n}:")), "{m}");
        }
    }

    #[test]
    fn header_duplicates_and_empty_files_are_refused() {
        assert!(parse_texts("").is_err());
        assert!(parse_texts("instrument;domein;niveau;tekst\n").is_err());
        let e = parse_texts("a;b;c\nzrm2017;zrm_werk;1;x\n").unwrap_err();
        assert!(e.0[0].1.starts_with("Regel 1:"));
        let e = parse_texts("instrument;domein;niveau;tekst\nzrm2017;zrm_werk;1;x\nzrm2017;zrm_werk;1;y\n").unwrap_err();
        assert!(e.0[0].1.starts_with("Regel 3:"));
    }
}
