//! Importing table files from a directory as one decision: the plan reads and checks every row
//! (and fingerprints each file), the commit reads them again, checks and inserts them all with one
//! audit row, or nothing. A file changed after it was checked is a conflict; a row a colleague
//! added meanwhile is refused as a problem with the row it clashes with.

use std::path::PathBuf;

use rusqlite::Connection;
use serde::Serialize;

use super::Decider;
use super::decision::{Decision, Sheet, Spec, Why, Written};
use super::fields::{Field, FieldKind, Values};
use crate::domain::EntityRef;
use crate::error::{HubError, Result};
use crate::exchange::{self, FileRead, Format, ImportSummary};
use crate::store::audit::{AuditAction, Entry};

pub struct Import;

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct ImportRequest {
    pub dir: PathBuf,
    pub format: Format,
}

/// Two plans are the same import when they read the same files with the same bytes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportPlan {
    pub request: ImportRequest,
    pub files: Vec<FileRead>,
    /// Files in the directory that are not table files of this format.
    pub skipped: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportOutcome {
    pub summary: ImportSummary,
}

fn formats() -> Vec<(&'static str, &'static str)> {
    vec![("csv", "CSV"), ("json", "JSON")]
}

static SPEC: Spec = Spec::new(
    "import",
    "Import table files",
    "Import CSV or JSON files from a directory, all or nothing",
    &["import"],
    &[
        Field::new("dir", "Directory", FieldKind::File)
            .help("Directory holding one file per table (members.csv, subcontracts.csv, …)")
            .positional(),
        Field::new("format", "Format", FieldKind::Choice(formats))
            .help("csv or json [default: csv]"),
    ],
)
.typed()
.reason_optional()
.creates_database();

fn rows(n: usize) -> String {
    format!("{n} row{}", if n == 1 { "" } else { "s" })
}

impl Decision for Import {
    type Request = ImportRequest;
    type Plan = ImportPlan;
    type Outcome = ImportOutcome;

    const BULK: bool = true;

    fn spec() -> &'static Spec {
        &SPEC
    }

    fn request(v: &Values) -> Result<ImportRequest> {
        let format = match v.get("format") {
            None | Some("csv") => Format::Csv,
            Some("json") => Format::Json,
            Some(other) => {
                return Err(HubError::wrong(
                    "format",
                    format!("'{other}' is not a format (csv or json)"),
                ));
            }
        };
        Ok(ImportRequest {
            dir: PathBuf::from(v.text("dir")?),
            format,
        })
    }

    fn plan(conn: &Connection, by: &Decider, r: &ImportRequest) -> Result<ImportPlan> {
        let found = exchange::find_table_files(&r.dir, r.format)?;
        Ok(ImportPlan {
            request: r.clone(),
            files: exchange::check_files(conn, &found, by.limits())?,
            skipped: found.skipped,
        })
    }

    /// The files' bytes; the rows are checked against the database as it is now as they are
    /// written, and their bytes once more.
    fn recheck(_: &Connection, _: &Decider, p: &ImportPlan) -> Result<ImportPlan> {
        let mut now = p.clone();
        for f in &mut now.files {
            f.sha256 = exchange::fingerprint(&f.path)?;
        }
        Ok(now)
    }

    fn request_of(plan: &ImportPlan) -> &ImportRequest {
        &plan.request
    }

    fn sheet(p: &ImportPlan) -> Sheet {
        let total: usize = p.files.iter().map(|f| f.rows).sum();
        Sheet {
            title: format!("Import from {}", p.request.dir.display()),
            facts: p.skipped.iter().map(|s| format!("note: {s}")).collect(),
            checks: Vec::new(),
            writes: p
                .files
                .iter()
                .map(|f| format!("{}: {}", f.table, rows(f.rows)))
                .chain(std::iter::once(format!("{} in all", rows(total))))
                .collect(),
            confirm_code: Some("import".into()),
        }
    }

    fn write(
        tx: &Connection,
        by: &Decider,
        p: &ImportPlan,
        why: &Why,
    ) -> Result<Written<ImportOutcome>> {
        let summary = exchange::write_files(tx, p.request.format, &p.files, by.limits())?;
        let rows: serde_json::Map<String, serde_json::Value> = summary
            .rows
            .iter()
            .map(|(n, c)| (n.to_string(), serde_json::json!(c)))
            .collect();
        let after = serde_json::json!({
            "dir": p.request.dir.display().to_string(),
            "format": p.request.format.extension(),
            "rows": rows,
            "files": p.files,
        });
        let reason = if why.reason.is_empty() {
            format!("import of {}", p.request.dir.display())
        } else {
            why.reason.clone()
        };
        Ok(Written {
            outcome: ImportOutcome { summary },
            audit: vec![
                Entry::new(AuditAction::Import, EntityRef::database())
                    .after(&after)
                    .reason(reason),
            ],
        })
    }

    fn done(o: &ImportOutcome) -> String {
        format!("imported {}", rows(o.summary.total()))
    }
}
