//! The Open Contracting Data Standard: notices read from published files into opportunities
//! (`read`, `notice`), and the consortium's own contracting written as a release package
//! (`export`). Reading is tolerant — real data has nulls, numbers for strings and missing
//! sections — and says what it skipped and why; nothing here writes to the database.

pub mod config;
pub mod export;
pub mod notice;
pub mod read;

pub use notice::Notice;
pub use read::{FileReleases, read_paths};
