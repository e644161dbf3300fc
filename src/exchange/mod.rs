//! Import and export: one file per table, CSV or JSON, validated all-or-nothing on the way in.
//!
//! The file formats are described in README.md ("Import and export formats"). Export writes exactly what
//! is stored, so export → import into an empty database → export gives the same bytes.

mod export;
mod fields;
mod hashed;
mod import;
mod problems;
pub mod read;
pub mod records;
mod scratch;
pub mod tables;

pub use export::{TableCount, export_dir};
pub use hashed::fingerprint;
pub use import::{FileRead, ImportSummary, TableFiles, check_files, find_table_files, write_files};
pub use problems::{MAX_REPORTED, Problem};
pub use tables::{TABLES, TableSpec};

/// The two file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Csv,
    Json,
}

impl Format {
    /// The file extension, which is also the name used in messages and the audit log.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }
}
