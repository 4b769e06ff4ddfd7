//! Typed store errors; the web layer maps each to one response.

use regie_domain::Invalid;

/// What can go wrong in a store call.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The item does not exist (or is not visible to the caller).
    #[error("niet gevonden")]
    NotFound,
    /// The caller may not see or change this client (an audit record was written).
    #[error("geen toegang")]
    Forbidden,
    /// Someone else changed the item since it was read; `current` is the item as it is now.
    #[error("intussen gewijzigd")]
    Conflict {
        /// The current state, to show the user.
        current: serde_json::Value,
    },
    /// The input was refused whole.
    #[error(transparent)]
    Invalid(#[from] Invalid),
    /// Wrong configuration (for example an unknown database address).
    #[error("configuratie: {0}")]
    Config(String),
    /// Data in the database that cannot be read back.
    #[error("onleesbare gegevens: {0}")]
    Corrupt(String),
    /// The database failed.
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        StoreError::Config(e.to_string())
    }
}

impl StoreError {
    /// A refusal with one field message.
    pub fn field(field: &str, message: &str) -> StoreError {
        let mut e = regie_domain::FieldErrors::default();
        e.add(field, message);
        StoreError::Invalid(Invalid(e))
    }
}
