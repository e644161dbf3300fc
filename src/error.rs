//! The one error type for the library, and how each kind of failure maps to an exit code:
//! 0 done, 1 refused by a rule, 2 bad input, 3 conflict with a colleague's change (or a busy
//! database), 4 anything else, 5 not permitted (read-only).
//!
//! Errors carry structure, not front-end words: a field error names the request field by its key
//! (`end`), and each front end words it for itself (`--end` on the command line, "Last day of
//! delivery" in the dashboard); a conflict carries what changed and who changed it.

use std::fmt;
use std::path::PathBuf;

pub type Result<T> = std::result::Result<T, HubError>;

/// How long a write waits for a colleague's write to finish before giving up with
/// [`HubError::Busy`]; the store sets SQLite's busy timeout to it.
pub const BUSY_TIMEOUT_SECS: u64 = 10;

#[derive(Debug, thiserror::Error)]
pub enum HubError {
    /// One field of a request is wrong or missing.
    #[error("{0}")]
    Field(FieldError),
    /// The input was wrong in a way no single field explains: a malformed file, an unknown code.
    #[error("{0}")]
    Invalid(String),
    /// A business rule said no; the message says which rule, with its figures.
    #[error("refused: {0}")]
    Refused(String),
    /// Someone else changed what a plan read, between reading and writing.
    #[error("conflict: {0}")]
    Conflict(Conflict),
    #[error("not found: {0}")]
    NotFound(String),
    /// This session may not write (read-only); the message says what was asked.
    #[error("not permitted: {0}")]
    NotPermitted(String),
    #[error(
        "the database {path} was written by a newer hubboard (schema version {found}; this build knows up to {known}). Upgrade hubboard to open it."
    )]
    SchemaTooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    /// The wait in seconds, and who is likely writing where that can be told.
    #[error(
        "the database is busy: {who} is writing to it and did not finish within {secs} seconds. Try again in a moment.",
        who = .1.as_deref().unwrap_or("a colleague"),
        secs = .0
    )]
    Busy(u64, Option<String>),
    #[error("database error: {0}")]
    Db(rusqlite::Error),
    /// The database file could not be written or read for a reason of the machine (a full disk,
    /// a read-only file): said with the file it concerns.
    #[error("{0}")]
    Storage(String),
    #[error("{context}: {source}")]
    Io {
        context: String,
        source: std::io::Error,
    },
}

/// What is wrong with one field of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The request field's key, as the decision declares it (`end`, `reason`, `units`).
    pub field: &'static str,
    pub problem: Problem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Nothing was given where something must be.
    Missing,
    /// What was given cannot be read as the field's kind of value.
    Malformed(String),
    /// A value outside what is allowed, with the bound it broke, in words.
    OutOfRange { value: String, allowed: String },
    /// Readable, but wrong for another reason (in words, without naming the field).
    Wrong(String),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Missing => f.write_str("is required"),
            Problem::Malformed(m) | Problem::Wrong(m) => f.write_str(m),
            Problem::OutOfRange { value, allowed } => {
                write!(f, "{value} is out of range: {allowed}")
            }
        }
    }
}

impl FieldError {
    /// The message with the field named as a front end chooses.
    pub fn worded(&self, name: &str) -> String {
        match self.problem {
            Problem::Missing => format!("{name} is required"),
            _ => format!("{name}: {}", self.problem),
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.worded(self.field))
    }
}

/// A plan that no longer holds: what it read has moved on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// What happened, in one sentence.
    pub summary: String,
    /// What differs between the plan read and the records now (`member KN01 row_version: 3 → 4`).
    pub changes: Vec<String>,
    /// Decisions recorded since the plan was read, newest last: `29 Nov 2026 14:02 alice suspend
    /// subcontract:SC-0106`.
    pub since: Vec<String>,
}

impl Conflict {
    pub fn new(summary: impl Into<String>) -> Conflict {
        Conflict {
            summary: summary.into(),
            changes: Vec::new(),
            since: Vec::new(),
        }
    }
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.summary)?;
        if !self.changes.is_empty() {
            write!(f, "; changed: {}", self.changes.join("; "))?;
        }
        if !self.since.is_empty() {
            write!(f, "; recorded since: {}", self.since.join("; "))?;
        }
        Ok(())
    }
}

/// `audit verify` found the log altered: its own code, apart from a refusal.
pub const EXIT_AUDIT_BROKEN: i32 = 6;

impl HubError {
    pub fn exit_code(&self) -> i32 {
        match self {
            HubError::Refused(_) => 1,
            HubError::Field(_) | HubError::Invalid(_) | HubError::NotFound(_) => 2,
            HubError::Conflict(_) | HubError::Busy(..) => 3,
            HubError::NotPermitted(_) => 5,
            _ => 4,
        }
    }

    /// A short name for the kind of failure, for JSON output.
    pub fn kind(&self) -> &'static str {
        match self {
            HubError::Field(_) => "field",
            HubError::Invalid(_) => "invalid",
            HubError::Refused(_) => "refused",
            HubError::Conflict(_) => "conflict",
            HubError::NotFound(_) => "not_found",
            HubError::NotPermitted(_) => "not_permitted",
            HubError::SchemaTooNew { .. } => "schema_too_new",
            HubError::Busy(..) => "busy",
            HubError::Db(_) => "database",
            HubError::Storage(_) => "storage",
            HubError::Io { .. } => "io",
        }
    }

    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        HubError::Io {
            context: context.into(),
            source,
        }
    }

    pub fn field(field: &'static str, problem: Problem) -> Self {
        HubError::Field(FieldError { field, problem })
    }

    /// A field that must be given and was not (or was only spaces).
    pub fn missing(field: &'static str) -> Self {
        Self::field(field, Problem::Missing)
    }

    /// A field whose value is wrong, in words that do not name the field.
    pub fn wrong(field: &'static str, message: impl Into<String>) -> Self {
        Self::field(field, Problem::Wrong(message.into()))
    }

    pub fn conflict(summary: impl Into<String>) -> Self {
        HubError::Conflict(Conflict::new(summary))
    }
}

impl From<rusqlite::Error> for HubError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::Error as E;
        match &e {
            E::SqliteFailure(f, _)
                if matches!(
                    f.code,
                    rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                ) =>
            {
                HubError::Busy(BUSY_TIMEOUT_SECS, None)
            }
            // A stored value hubboard would never have written (too large, negative, of the
            // wrong kind): bad data to correct, said as such, not a failure of the database.
            E::FromSqlConversionFailure(_, _, what) => unreadable(&what.to_string()),
            E::IntegralValueOutOfRange(_, n) => unreadable(&format!(
                "{n} is out of range for the whole number kept there"
            )),
            E::InvalidColumnType(_, name, kind) => unreadable(&format!(
                "column {name}: a {} where hubboard keeps another kind of value",
                kind.to_string().to_lowercase()
            )),
            _ => HubError::Db(e),
        }
    }
}

fn unreadable(what: &str) -> HubError {
    // The value comes from the database: no control character reaches a terminal.
    let what = crate::text::clean(what);
    HubError::Invalid(format!(
        "the database holds a value hubboard cannot read ({what}): it was changed outside \
         hubboard, or written before such values were refused. Correct the row, or restore a \
         copy from before it was changed"
    ))
}
