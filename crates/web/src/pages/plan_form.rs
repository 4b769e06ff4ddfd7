//! Reading the plan forms by hand: empty optional fields become `None`, numbers that cannot be
//! read become Dutch field messages, and no input ends in a rejection in English.

use crate::error::{AppError, PageError};
use regie_domain::catalogue::OwnerKind;
use regie_domain::FieldErrors;
use regie_store::{ActionInput, GoalInput, StoreError};

/// An id from the path; anything else is "not found" rather than a rejection in English.
pub(crate) fn path_id(s: &str) -> Result<i64, PageError> {
    s.trim().parse::<i64>().ok().filter(|n| *n > 0).ok_or(PageError(AppError::Store(StoreError::NotFound)))
}

/// A submitted form's fields, read by hand so that no input ends in a rejection in English.
pub(crate) struct Fields(Vec<(String, String)>);

impl Fields {
    /// The fields of a urlencoded body (none when it cannot be read).
    pub(crate) fn parse(body: &[u8]) -> Fields {
        Fields(serde_urlencoded::from_bytes(body).unwrap_or_default())
    }

    /// The first value of `key`.
    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// The value, or empty.
    pub(crate) fn text(&self, key: &str) -> String {
        self.get(key).unwrap_or_default().to_string()
    }

    /// The trimmed value; empty becomes `None`.
    pub(crate) fn opt(&self, key: &str) -> Option<String> {
        self.get(key).map(str::trim).filter(|v| !v.is_empty()).map(str::to_string)
    }

    /// A whole number; empty becomes `None`, anything else is a field message.
    pub(crate) fn int(&self, key: &str, errs: &mut FieldErrors) -> Option<i64> {
        let v = self.opt(key)?;
        match v.parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => {
                errs.add(key, "Vul een heel getal in.");
                None
            }
        }
    }

    /// The version the user saw; required for changes.
    pub(crate) fn version(&self, errs: &mut FieldErrors) -> i64 {
        match self.int("version", errs) {
            Some(v) => v,
            None => {
                if errs.get("version").is_none() {
                    errs.add("version", "Het formulier mist de versie. Laad de pagina opnieuw.");
                }
                0
            }
        }
    }
}

pub(crate) fn goal_input(f: &Fields, errs: &mut FieldErrors) -> GoalInput {
    GoalInput {
        domain: f.text("domain").trim().to_string(),
        text: f.text("text"),
        priority: f.int("priority", errs),
        target_date: f.opt("target_date"),
        status: f.opt("status"),
    }
}

pub(crate) fn action_input(f: &Fields, errs: &mut FieldErrors) -> ActionInput {
    let owner_kind = f.text("owner_kind").trim().to_string();
    let owner_user_id = f.int("owner_user_id", errs);
    ActionInput {
        // A worker is only the owner when the action is a worker's.
        owner_user_id: if owner_kind == OwnerKind::Worker.code() { owner_user_id } else { None },
        owner_kind,
        text: f.text("text"),
        owner_name: f.opt("owner_name"),
        due_date: f.opt("due_date"),
        status: f.opt("status"),
    }
}
