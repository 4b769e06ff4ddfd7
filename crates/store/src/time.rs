//! How moments and dates are written to the database: fixed-width text so that comparing text
//! compares time, in both engines.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};

/// The current moment as stored: RFC 3339, UTC, microseconds.
pub fn now() -> String {
    stamp(Utc::now())
}

/// Today's date where the server stands.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// A moment as stored.
pub(crate) fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// A date as stored.
pub(crate) fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The last moment of a date (UTC), for "as it was on that date".
pub(crate) fn end_of(d: NaiveDate) -> DateTime<Utc> {
    d.and_hms_micro_opt(23, 59, 59, 999_999).unwrap().and_utc()
}
