//! Validation of user input: field-level Dutch messages, refused whole.

use chrono::NaiveDate;
use serde::Serialize;

/// Messages per form field; empty means the input is acceptable.
#[derive(Debug, Default, Clone, Serialize, PartialEq, Eq)]
pub struct FieldErrors(pub Vec<(String, String)>);

/// The input was refused: each field that is wrong with a Dutch message.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
#[error("ongeldige invoer: {0:?}")]
pub struct Invalid(pub FieldErrors);

impl FieldErrors {
    /// Records a message for `field`.
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push((field.to_string(), message.into()));
    }

    /// The first message for `field`, if any.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.iter().find(|(f, _)| f == field).map(|(_, m)| m.as_str())
    }

    /// Whether no field has a message.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(())` when empty, otherwise the refusal.
    pub fn finish(self) -> Result<(), Invalid> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(Invalid(self))
        }
    }

    /// A trimmed required text of at most `max` characters.
    pub fn text(&mut self, field: &str, value: &str, max: usize) -> String {
        let v = value.trim();
        if v.is_empty() {
            self.add(field, "Vul dit veld in.");
        } else if v.chars().count() > max {
            self.add(field, format!("Gebruik hoogstens {max} tekens."));
        }
        v.to_string()
    }

    /// A trimmed optional text of at most `max` characters; empty becomes `None`.
    pub fn opt_text(&mut self, field: &str, value: Option<&str>, max: usize) -> Option<String> {
        let v = value.map(str::trim).unwrap_or("");
        if v.chars().count() > max {
            self.add(field, format!("Gebruik hoogstens {max} tekens."));
        }
        (!v.is_empty()).then(|| v.to_string())
    }

    /// An optional date in the form `JJJJ-MM-DD`; empty becomes `None`.
    pub fn opt_date(&mut self, field: &str, value: Option<&str>) -> Option<NaiveDate> {
        let v = value.map(str::trim).unwrap_or("");
        if v.is_empty() {
            return None;
        }
        match NaiveDate::parse_from_str(v, "%Y-%m-%d") {
            Ok(d) if (1900..=2200).contains(&chrono::Datelike::year(&d)) => Some(d),
            _ => {
                self.add(field, "Geef een geldige datum (JJJJ-MM-DD).");
                None
            }
        }
    }

    /// A required date that may not lie after `today`.
    pub fn past_date(&mut self, field: &str, value: Option<&str>, today: NaiveDate) -> Option<NaiveDate> {
        match self.opt_date(field, value) {
            None if self.get(field).is_none() => {
                self.add(field, "Vul een datum in.");
                None
            }
            Some(d) if d > today => {
                self.add(field, "Deze datum ligt in de toekomst.");
                None
            }
            other => other,
        }
    }

    /// A value that must be one of `allowed` (machine codes).
    pub fn one_of<'a>(&mut self, field: &str, value: &str, allowed: &[&'a str]) -> Option<&'a str> {
        let found = allowed.iter().find(|a| **a == value.trim()).copied();
        if found.is_none() {
            self.add(field, "Kies een van de mogelijkheden.");
        }
        found
    }

    /// An integer within `min..=max`.
    pub fn int_in(&mut self, field: &str, value: &str, min: i64, max: i64) -> Option<i64> {
        match value.trim().parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => Some(n),
            _ => {
                self.add(field, format!("Geef een heel getal van {min} tot en met {max}."));
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_required_text_is_refused_in_dutch() {
        let mut e = FieldErrors::default();
        e.text("text", "   ", 10);
        assert_eq!(e.get("text"), Some("Vul dit veld in."));
        assert!(e.finish().is_err());
    }

    #[test]
    fn future_dates_are_refused() {
        let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let mut e = FieldErrors::default();
        assert_eq!(e.past_date("d", Some("2026-01-02"), today), None);
        assert_eq!(e.get("d"), Some("Deze datum ligt in de toekomst."));
        let mut ok = FieldErrors::default();
        assert_eq!(ok.past_date("d", Some("2025-12-31"), today), NaiveDate::from_ymd_opt(2025, 12, 31));
        assert!(ok.is_empty());
    }

    #[test]
    fn malformed_dates_get_a_message() {
        let mut e = FieldErrors::default();
        assert_eq!(e.opt_date("d", Some("31-12-2025")), None);
        assert!(e.get("d").unwrap().contains("JJJJ-MM-DD"));
        assert_eq!(e.opt_date("x", Some("")), None);
        assert!(e.get("x").is_none());
    }
}
