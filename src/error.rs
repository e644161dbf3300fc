//! The one error type for the library, and how each kind of failure maps to an exit code:
//! 0 done, 1 refused by a rule, 2 bad input, 3 conflict with a colleague's change, 4 anything else.

use std::path::PathBuf;

pub type Result<T> = std::result::Result<T, HubError>;

/// How long a write waits for a colleague's write to finish before giving up with
/// [`HubError::Busy`]; the store sets SQLite's busy timeout to it.
pub const BUSY_TIMEOUT_SECS: u64 = 10;

#[derive(Debug, thiserror::Error)]
pub enum HubError {
    /// The input was wrong: a malformed value, an unknown code, a date out of order.
    #[error("{0}")]
    Invalid(String),
    /// A business rule said no; the message says which rule and why.
    #[error("refused: {0}")]
    Refused(String),
    /// Someone else changed the record between reading and writing it.
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("not found: {0}")]
    NotFound(String),
    #[error(
        "the database {path} was written by a newer hubboard (schema version {found}; this build knows up to {known}). Upgrade hubboard to open it."
    )]
    SchemaTooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error(
        "the database is busy: a colleague is writing to it and did not finish within {0} seconds. Try again in a moment."
    )]
    Busy(u64),
    #[error("database error: {0}")]
    Db(rusqlite::Error),
    #[error("{context}: {source}")]
    Io {
        context: String,
        source: std::io::Error,
    },
}

impl HubError {
    pub fn exit_code(&self) -> i32 {
        match self {
            HubError::Refused(_) => 1,
            HubError::Invalid(_) | HubError::NotFound(_) => 2,
            HubError::Conflict(_) | HubError::Busy(_) => 3,
            _ => 4,
        }
    }

    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        HubError::Io {
            context: context.into(),
            source,
        }
    }
}

impl From<rusqlite::Error> for HubError {
    fn from(e: rusqlite::Error) -> Self {
        if let rusqlite::Error::SqliteFailure(f, _) = &e
            && matches!(
                f.code,
                rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
            )
        {
            return HubError::Busy(BUSY_TIMEOUT_SECS);
        }
        HubError::Db(e)
    }
}
