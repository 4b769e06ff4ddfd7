//! Small helpers the staff pages share: reading HTML forms (with repeated fields such as
//! checkboxes), showing dates in words, filling `{n}` placeholders, and the 422 answer.

use crate::error::PageError;
use crate::i18n::Tr;
use axum::extract::{FromRequest, Request};
use chrono::NaiveDate;

/// A submitted form as name/value pairs in order; unlike `Form<T>` it keeps repeated names
/// (checkbox groups) and never refuses a form for its shape: validation gives the messages.
#[derive(Debug, Clone, Default)]
pub(crate) struct FormData(pub Vec<(String, String)>);

impl FormData {
    /// The first value for `name`, or "".
    pub fn get(&self, name: &str) -> &str {
        self.opt(name).unwrap_or("")
    }

    /// The first value for `name`.
    pub fn opt(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// The first non-blank value for `name`, trimmed.
    pub fn filled(&self, name: &str) -> Option<String> {
        self.opt(name).map(str::trim).filter(|v| !v.is_empty()).map(str::to_string)
    }

    /// Every value for `name` (a checkbox group), blanks left out.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0.iter().filter(|(k, v)| k == name && !v.trim().is_empty()).map(|(_, v)| v.trim().to_string()).collect()
    }

    /// Whether `name` was sent with `value` (is this checkbox ticked?).
    pub fn has(&self, name: &str, value: &str) -> bool {
        self.0.iter().any(|(k, v)| k == name && v == value)
    }

    /// Whether `name` holds the id `id` (a select's chosen option).
    pub fn is_id(&self, name: &str, id: impl std::borrow::Borrow<i64>) -> bool {
        self.get(name).trim() == id.borrow().to_string()
    }

    /// Whether `name` was sent at all.
    pub fn sent(&self, name: &str) -> bool {
        self.opt(name).is_some()
    }
}

impl<S: Send + Sync> FromRequest<S> for FormData {
    type Rejection = PageError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|_| PageError(crate::error::AppError::BadRequest("form".into())))?;
        let pairs = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
            .map_err(|_| PageError(crate::error::AppError::BadRequest("form".into())))?;
        Ok(FormData(pairs))
    }
}

/// A date in words: "3 maart 2026".
pub(crate) fn date(tr: Tr, d: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{} {} {}", d.day(), tr.t(&format!("month.{}", d.month())), d.year())
}

/// An optional date in words, or "".
pub(crate) fn opt_date(tr: Tr, d: Option<NaiveDate>) -> String {
    d.map(|d| date(tr, d)).unwrap_or_default()
}

/// Fills `{name}` placeholders in a translated text.
pub(crate) fn fill(text: &str, values: &[(&str, &str)]) -> String {
    values.iter().fold(text.to_string(), |acc, (k, v)| acc.replace(&format!("{{{k}}}"), v))
}

/// A number of days in words ("1 dag", "12 dagen").
pub(crate) fn days(tr: Tr, n: i64) -> String {
    let key = if n == 1 { "unit.day" } else { "unit.days" };
    fill(tr.t(key), &[("n", &n.to_string())])
}

/// A signal explained in words, for a badge: (text, urgent).
pub(crate) fn signal_text(tr: Tr, s: &regie_domain::signals::Signal) -> (String, bool) {
    use regie_domain::signals::Signal;
    let text = match s {
        Signal::EvaluationDue { on } => fill(tr.t("signal.text.evaluation_due"), &[("date", &date(tr, *on))]),
        Signal::EvaluationOverdue { since } => fill(tr.t("signal.text.evaluation_overdue"), &[("date", &date(tr, *since))]),
        Signal::ActionsOverdue { count } => {
            let key = if *count == 1 { "signal.text.action_overdue" } else { "signal.text.actions_overdue" };
            fill(tr.t(key), &[("n", &count.to_string())])
        }
        Signal::NoContact { days: Some(d) } => fill(tr.t("signal.text.no_contact"), &[("n", &d.to_string())]),
        Signal::NoContact { days: None } => tr.t("signal.text.never_contact").to_string(),
        Signal::PhaseOverrun { phase, days: d } => fill(tr.t("signal.text.phase_overrun"), &[("phase", phase), ("days", &days(tr, *d))]),
        Signal::CapExceeded { days: d } => fill(tr.t("signal.text.cap_exceeded"), &[("days", &days(tr, *d))]),
        Signal::ZrmDue { reason, since } | Signal::ZrmOverdue { reason, since } => {
            let key = if matches!(s, Signal::ZrmDue { .. }) { "signal.text.zrm_due" } else { "signal.text.zrm_overdue" };
            fill(tr.t(key), &[("reason", tr.code("zrm_reason", reason.code())), ("date", &date(tr, *since))])
        }
    };
    (text, s.urgent())
}

/// One signal ready to show.
#[derive(Debug, Clone)]
pub(crate) struct Badge {
    /// The explanation in words.
    pub text: String,
    /// Shown in red.
    pub urgent: bool,
}

/// The signals of a client, explained.
pub(crate) fn badges(tr: Tr, signals: &[regie_domain::signals::Signal]) -> Vec<Badge> {
    signals.iter().map(|s| signal_text(tr, s)).map(|(text, urgent)| Badge { text, urgent }).collect()
}

/// A query string from pairs, encoded.
pub(crate) fn query(pairs: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(pairs).unwrap_or_default()
}
