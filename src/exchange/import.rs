//! Importing table files: find them in a directory, read them, check every row against the
//! column types, keys and references, and insert the rows that passed. The import decision
//! (`ops::import`) runs these steps as a plan and a commit, all or nothing.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::Format;
use super::problems::Problems;
use super::read::{self, RawTable};
use super::records::{self, Checked};
use super::tables::{TABLES, TableSpec};
use crate::domain::Limits;
use crate::error::{HubError, Result};
use crate::store::tables as stored;

/// The table files found in a directory, in foreign-key order, and the files passed over.
#[derive(Debug)]
pub struct TableFiles {
    pub dir: PathBuf,
    pub format: Format,
    pub files: Vec<(&'static TableSpec, PathBuf)>,
    /// One note per file in the directory that is not a table file of this format.
    pub skipped: Vec<String>,
}

/// Rows imported per table, in foreign-key order.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ImportSummary {
    pub rows: Vec<(&'static str, usize)>,
}

impl ImportSummary {
    pub fn total(&self) -> usize {
        self.rows.iter().map(|(_, n)| n).sum()
    }
}

/// Looks in `dir` for `<table>.<format>` files. Anything else is noted and skipped; a directory
/// with no table file at all is an error (most likely the wrong directory or format).
pub fn find_table_files(dir: &Path, format: Format) -> Result<TableFiles> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| HubError::io(format!("cannot read the directory {}", dir.display()), e))?;
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| HubError::io(format!("cannot read {}", dir.display()), e))?;
        names.push(entry.file_name().to_string_lossy().into_owned());
    }
    names.sort();
    let ext = format.extension();
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for spec in TABLES {
        let name = spec.file_name(ext);
        if names.contains(&name) {
            files.push((spec, dir.join(name)));
        }
    }
    for name in &names {
        let is_table = files.iter().any(|(s, _)| s.file_name(ext) == *name);
        if !is_table {
            skipped.push(format!(
                "skipped {name}: not a table file for --format {ext}"
            ));
        }
    }
    if files.is_empty() {
        let expected: Vec<String> = TABLES.iter().map(|t| t.file_name(ext)).collect();
        return Err(HubError::Invalid(format!(
            "{} holds no table files to import (looked for {})",
            dir.display(),
            expected.join(", ")
        )));
    }
    Ok(TableFiles {
        dir: dir.to_path_buf(),
        format,
        files,
        skipped,
    })
}

/// Every table file read into raw rows, or every problem with the files' shape and values.
pub fn read_tables(files: &TableFiles) -> Result<Vec<RawTable>> {
    let mut problems = Problems::default();
    let mut tables = Vec::new();
    for (spec, path) in &files.files {
        tables.push(match files.format {
            Format::Csv => read::read_csv(spec, path, &mut problems)?,
            Format::Json => read::read_json(spec, path, &mut problems)?,
        });
    }
    if !problems.is_empty() {
        return Err(problems.into_error());
    }
    Ok(tables)
}

/// Every row checked (value types and `limits`, rules across columns, unique keys within the
/// files and against the database, references to the database or to the files): the rows ready to insert,
/// table by table, or one `HubError::Invalid` listing up to twenty problems.
pub fn check(
    conn: &Connection,
    format: Format,
    tables: &[RawTable],
    limits: &Limits,
) -> Result<Vec<(&'static str, Checked)>> {
    let mut problems = Problems::default();
    let codes_in_files = codes_in_files(tables);
    let mut pending: Vec<(&'static str, Checked)> = Vec::new();
    for table in tables {
        let mut seen: HashMap<Vec<String>, &str> = HashMap::new();
        for row in &table.rows {
            let checked = records::check(table.spec, row, &mut problems, limits);
            let key: Option<Vec<String>> = table
                .spec
                .key
                .iter()
                .map(|c| row.get(c).map(str::to_string))
                .collect();
            if let Some(key) = key {
                let column = table.spec.key.join(", ");
                let shown = key
                    .iter()
                    .map(|k| format!("'{k}'"))
                    .collect::<Vec<_>>()
                    .join(", ");
                if let Some(first) = seen.get(&key) {
                    problems.add(
                        &row.at,
                        Some(&column),
                        format!("duplicate key {shown}: already on {first}"),
                    );
                } else if stored::key_exists(conn, table.spec.name, table.spec.key, &key)? {
                    problems.add(
                        &row.at,
                        Some(&column),
                        format!("duplicate key {shown}: already in the database"),
                    );
                }
                seen.entry(key).or_insert(&row.at);
            }
            let Some(checked) = checked else { continue };
            let mut references_ok = true;
            for r in &checked.references {
                let in_files = codes_in_files
                    .get(r.table)
                    .is_some_and(|c| c.contains(&r.code));
                if !in_files && !stored::code_exists(conn, r.table, &r.code)? {
                    problems.add(
                        &row.at,
                        Some(r.column),
                        format!(
                            "no {} '{}' in the database or in {}",
                            singular(r.table),
                            r.code,
                            file_of(r.table, format)
                        ),
                    );
                    references_ok = false;
                }
            }
            if references_ok {
                pending.push((table.spec.name, checked));
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems.into_error());
    }
    Ok(pending)
}

/// Inserts checked rows inside the caller's transaction; the rows per table, in file order.
pub fn insert(
    tx: &Connection,
    tables: &[RawTable],
    pending: &[(&'static str, Checked)],
) -> Result<ImportSummary> {
    // Rows may refer to rows later in the same file (`transferred_from`); the keys are checked
    // at commit instead of row by row.
    stored::defer_foreign_keys(tx)?;
    let mut counts: Vec<(&'static str, usize)> = tables.iter().map(|t| (t.spec.name, 0)).collect();
    for (name, checked) in pending {
        (checked.insert)(tx)?;
        if let Some(c) = counts.iter_mut().find(|(n, _)| n == name) {
            c.1 += 1;
        }
    }
    Ok(ImportSummary { rows: counts })
}

/// The codes each file brings (for tables keyed by `code`), so rows may refer to rows that
/// arrive in the same import.
fn codes_in_files(tables: &[RawTable]) -> HashMap<&'static str, HashSet<String>> {
    let mut out: HashMap<&'static str, HashSet<String>> = HashMap::new();
    for t in tables.iter().filter(|t| t.spec.key == ["code"]) {
        let codes = out.entry(t.spec.name).or_default();
        codes.extend(
            t.rows
                .iter()
                .filter_map(|r| r.get("code"))
                .map(str::to_string),
        );
    }
    out
}

fn singular(table: &str) -> &'static str {
    match table {
        "commissioners" => "commissioner",
        "members" => "member",
        "opportunities" => "opportunity",
        "subcontracts" => "sub-contract",
        "claims" => "claim",
        "risks" => "risk",
        _ => "row",
    }
}

fn file_of(table: &str, format: Format) -> String {
    format!("{table}.{}", format.extension())
}
