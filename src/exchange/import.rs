//! Importing table files: find them in a directory, read them row by row, check every row against
//! the column types, keys and references, and insert the rows that passed. The import decision
//! (`ops::import`) runs a checking pass as its plan and a checking and inserting pass as its
//! commit, all or nothing; neither holds more than one row of a file in memory.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::Format;
use super::problems::Problems;
use super::read::{self, RawRow};
use super::records::{self, Reference};
use super::scratch::{self, Scratch};
use super::tables::{self, TABLES, TableSpec};
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

impl TableFiles {
    fn specs(&self) -> Vec<&'static TableSpec> {
        self.files.iter().map(|(s, _)| *s).collect()
    }
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

/// One table file as read: its fingerprint and how many usable rows it holds.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FileRead {
    pub table: &'static str,
    pub path: PathBuf,
    /// SHA-256 of its bytes when read: a change after that is a conflict.
    pub sha256: String,
    pub rows: usize,
}

/// Reads and checks every row of every file (value types and `limits`, rules across columns,
/// unique keys within the files and against the database, references to the database or to the
/// files) without writing anything: what each file holds, or one `HubError::Invalid` listing up
/// to twenty problems. Rows are checked as they are read; only their keys are kept, on disk.
pub fn check_files(
    conn: &Connection,
    files: &TableFiles,
    limits: &Limits,
) -> Result<Vec<FileRead>> {
    let mut run = Run::new(
        conn,
        files.format,
        limits,
        Some(Scratch::new()?),
        files.specs(),
    );
    let read = files
        .files
        .iter()
        .map(|(spec, path)| run.file(spec, path))
        .collect::<Result<Vec<_>>>()?;
    run.finish()?;
    Ok(read)
}

/// Reads, checks and inserts every row of the files `planned`, inside the caller's transaction,
/// in one more pass; refused, with the problems, if any row fails its checks now, and as changed
/// if any file's bytes are not the ones checked. The rows inserted per table, in file order.
pub fn write_files(
    tx: &Connection,
    format: Format,
    planned: &[FileRead],
    limits: &Limits,
) -> Result<ImportSummary> {
    // Rows may refer to rows later in the same file (`transferred_from`); the keys are checked
    // at commit instead of row by row.
    stored::defer_foreign_keys(tx)?;
    // Member capacity's commitments are added up once at the end, not row by row.
    crate::store::kept_totals::pause(tx, "import")?;
    let specs: Vec<&'static TableSpec> = planned
        .iter()
        .map(|f| tables::spec(f.table))
        .collect::<Result<_>>()?;
    let mut run = Run::new(tx, format, limits, None, specs.clone());
    let mut rows = Vec::with_capacity(planned.len());
    for (spec, f) in specs.into_iter().zip(planned) {
        let now = run.file(spec, &f.path)?;
        if now.sha256 != f.sha256 {
            return Err(HubError::Invalid(format!(
                "{} changed while it was being imported; nothing was written: import it again",
                f.path.display()
            )));
        }
        rows.push((spec.name, now.rows));
    }
    run.finish()?;
    crate::store::kept_totals::resume(tx)?;
    Ok(ImportSummary { rows })
}

/// Whether an insert failed on the table's primary key (the only unique key of a table that
/// travels as a file).
fn is_key_clash(e: &rusqlite::Error) -> bool {
    e.sqlite_error().is_some_and(|f| {
        f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
            || f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
    })
}

/// A reference to a row of a file not yet read through: checked once every file has been.
struct Deferred {
    at: String,
    column: &'static str,
    table: &'static str,
    code: String,
}

/// One pass over the files. Checking keeps the keys read in `scratch`; writing (no scratch)
/// inserts each row that passes, so the database itself holds the keys read so far.
struct Run<'c> {
    conn: &'c Connection,
    format: Format,
    limits: &'c Limits,
    scratch: Option<Scratch>,
    /// The tables being imported, in file order.
    tables: Vec<&'static TableSpec>,
    /// Problems with the files' shape: when there are any, only these are reported.
    shape: Problems,
    values: Problems,
    deferred: Vec<Deferred>,
    queries: Queries,
}

/// The lookups a pass makes for every row, their SQL written once, and the code last found in
/// each table.
#[derive(Default)]
struct Queries {
    keys: Vec<(&'static str, String)>,
    codes: Vec<(&'static str, String)>,
    last_known: Vec<(&'static str, String)>,
    /// Whether each table held a row when first asked.
    holding: Vec<(&'static str, bool)>,
}

impl Queries {
    /// Whether the table held any row when first asked: checking writes nothing, so the answer
    /// holds for the whole pass, and no key is in a table with no rows (a new database's).
    fn holds_rows(&mut self, conn: &Connection, table: &'static str) -> Result<bool> {
        if let Some((_, held)) = self.holding.iter().find(|(t, _)| *t == table) {
            return Ok(*held);
        }
        let held: bool =
            conn.query_row(&format!("SELECT EXISTS (SELECT 1 FROM {table})"), [], |r| {
                r.get(0)
            })?;
        self.holding.push((table, held));
        Ok(held)
    }

    fn key(&mut self, spec: &TableSpec) -> &str {
        let i = match self.keys.iter().position(|(t, _)| *t == spec.name) {
            Some(i) => i,
            None => {
                let query = stored::key_query(spec.name, spec.key);
                self.keys.push((spec.name, query));
                self.keys.len() - 1
            }
        };
        &self.keys[i].1
    }

    fn code(&mut self, table: &'static str) -> &str {
        let i = match self.codes.iter().position(|(t, _)| *t == table) {
            Some(i) => i,
            None => {
                self.codes
                    .push((table, stored::key_query(table, &["code"])));
                self.codes.len() - 1
            }
        };
        &self.codes[i].1
    }

    fn last_known(&self, table: &str) -> Option<&str> {
        self.last_known
            .iter()
            .find(|(t, _)| *t == table)
            .map(|(_, c)| c.as_str())
    }

    fn remember(&mut self, table: &'static str, code: &str) {
        match self.last_known.iter_mut().find(|(t, _)| *t == table) {
            Some((_, c)) => code.clone_into(c),
            None => self.last_known.push((table, code.to_string())),
        }
    }
}

impl<'c> Run<'c> {
    fn new(
        conn: &'c Connection,
        format: Format,
        limits: &'c Limits,
        scratch: Option<Scratch>,
        tables: Vec<&'static TableSpec>,
    ) -> Self {
        Run {
            conn,
            format,
            limits,
            scratch,
            tables,
            shape: Problems::default(),
            values: Problems::default(),
            deferred: Vec::new(),
            queries: Queries::default(),
        }
    }

    fn file(&mut self, spec: &'static TableSpec, path: &Path) -> Result<FileRead> {
        let mut shape = std::mem::take(&mut self.shape);
        let mut rows = 0;
        let sha256 = read::each_row(spec, path, self.format, &mut shape, &mut |row| {
            rows += 1;
            self.row(spec, &row)
        });
        self.shape = shape;
        Ok(FileRead {
            table: spec.name,
            path: path.to_path_buf(),
            sha256: sha256?,
            rows,
        })
    }

    fn row(&mut self, spec: &'static TableSpec, row: &RawRow) -> Result<()> {
        let checked = records::check(spec, row, &mut self.values, self.limits);
        let key: Option<Vec<String>> = spec
            .key
            .iter()
            .map(|c| row.get(c).map(str::to_string))
            .collect();
        if let Some(key) = &key
            && self.scratch.is_some()
        {
            self.key(spec, row, key)?;
        }
        let Some(checked) = checked else {
            return Ok(());
        };
        let mut references_ok = true;
        for r in &checked.references {
            references_ok &= self.reference(spec, row, r)?;
        }
        let clean = self.values.is_empty() && self.shape.is_empty();
        if self.scratch.is_some() || !references_ok || !clean {
            return Ok(());
        }
        // Writing: the table's own key refuses a row already there (stored before, or earlier
        // in these files), without a lookup of its own.
        match (checked.insert)(self.conn) {
            Err(HubError::Db(e)) if is_key_clash(&e) => {
                self.clash(
                    spec,
                    row,
                    key.as_deref().unwrap_or_default(),
                    "already in the database",
                );
                Ok(())
            }
            other => other,
        }
    }

    /// Checking: a row's key must be new to the files and to the database.
    fn key(&mut self, spec: &TableSpec, row: &RawRow, key: &[String]) -> Result<()> {
        let first = match &self.scratch {
            Some(s) => s.first_seen(spec.name, &scratch::key_text(key), &row.at)?,
            None => None,
        };
        match first {
            Some(first) => self.clash(spec, row, key, &format!("already on {first}")),
            None if self.queries.holds_rows(self.conn, spec.name)?
                && stored::exists(self.conn, self.queries.key(spec), key)? =>
            {
                self.clash(spec, row, key, "already in the database")
            }
            None => {}
        }
        Ok(())
    }

    fn clash(&mut self, spec: &TableSpec, row: &RawRow, key: &[String], clash: &str) {
        let shown: Vec<String> = key.iter().map(|k| format!("'{k}'")).collect();
        self.values.add(
            &row.at,
            Some(&spec.key.join(", ")),
            format!("duplicate key {}: {clash}", shown.join(", ")),
        );
    }

    /// Whether a reference holds (or may yet, to a file not read through); reported if not.
    fn reference(&mut self, spec: &TableSpec, row: &RawRow, r: &Reference) -> Result<bool> {
        if self.known(r.table, &r.code)? {
            return Ok(true);
        }
        let here = self.tables.iter().position(|t| t.name == spec.name);
        let there = self.tables.iter().position(|t| t.name == r.table);
        if let (Some(here), Some(there)) = (here, there)
            && there >= here
        {
            self.deferred.push(Deferred {
                at: row.at.clone(),
                column: r.column,
                table: r.table,
                code: r.code.clone(),
            });
            return Ok(true);
        }
        self.missing(&row.at, r.column, r.table, &r.code);
        Ok(false)
    }

    /// Whether a row of `table` with this code was read or is stored. Rows come grouped (a
    /// sub-contract's returns together), so the code last found is remembered per table.
    fn known(&mut self, table: &'static str, code: &str) -> Result<bool> {
        if self.queries.last_known(table) == Some(code) {
            return Ok(true);
        }
        let read = match &self.scratch {
            Some(s) => s.has(table, code)?,
            None => false,
        };
        let known = read || stored::exists(self.conn, self.queries.code(table), &[code.into()])?;
        if known {
            self.queries.remember(table, code);
        }
        Ok(known)
    }

    fn missing(&mut self, at: &str, column: &str, table: &str, code: &str) {
        self.values.add(
            at,
            Some(column),
            format!(
                "no {} '{code}' in the database or in {}",
                singular(table),
                file_of(table, self.format)
            ),
        );
    }

    /// The references deferred, then the verdict: shape problems alone if there are any (rows
    /// left out for their shape would only echo as missing references), else every problem.
    fn finish(mut self) -> Result<()> {
        for d in std::mem::take(&mut self.deferred) {
            if !self.known(d.table, &d.code)? {
                self.missing(&d.at, d.column, d.table, &d.code);
            }
        }
        if !self.shape.is_empty() {
            return Err(self.shape.into_error());
        }
        if !self.values.is_empty() {
            return Err(self.values.into_error());
        }
        Ok(())
    }
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
