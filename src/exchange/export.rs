//! `export`: every table to one file each, exactly as stored, rows in primary-key order.
//!
//! The audit log is deliberately not exported: it belongs to the database it was written in
//! (each row's hash chains to the one before), and an import records itself in the receiving
//! database's log. Leaving it out is what keeps export → import → export byte-identical.

use std::fmt::Write as _;
use std::io::{BufWriter, Write};
use std::path::Path;

use rusqlite::types::Value;

use super::Format;
use super::tables::{TABLES, TableSpec};
use crate::error::{HubError, Result};
use crate::store::Store;
use crate::store::tables as stored;

/// Rows written for one table.
pub type TableCount = (&'static str, usize);

/// Writes `<table>.csv` (or `.json`) for every table into `dir`, creating it if missing. Reads
/// every table inside one read transaction, so the files agree with each other; rows are
/// written as they are read, so memory does not grow with the database, and each file appears
/// under its name only once complete.
pub fn export_dir(store: &Store, dir: &Path, format: Format) -> Result<Vec<TableCount>> {
    std::fs::create_dir_all(dir)
        .map_err(|e| HubError::io(format!("cannot create {}", dir.display()), e))?;
    let tx = stored::consistent_read(store.conn())?;
    let mut counts = Vec::new();
    for spec in TABLES {
        counts.push((spec.name, write_table(&tx, spec, dir, format)?));
    }
    tx.finish()?;
    Ok(counts)
}

/// One table's file, written beside its name and renamed into place when complete; nothing is
/// left behind when writing fails.
fn write_table(
    conn: &rusqlite::Connection,
    spec: &TableSpec,
    dir: &Path,
    format: Format,
) -> Result<usize> {
    let path = dir.join(spec.file_name(format.extension()));
    let part = dir.join(format!("{}.part", spec.file_name(format.extension())));
    let cannot = |e: std::io::Error| HubError::io(format!("cannot write {}", path.display()), e);
    let written = (|| {
        let mut out = BufWriter::new(std::fs::File::create(&part).map_err(cannot)?);
        let n = match format {
            Format::Csv => write_csv(conn, spec, &mut out)?,
            Format::Json => write_json(conn, spec, &mut out).map_err(|e| match e {
                HubError::Io { source, .. } => cannot(source),
                other => other,
            })?,
        };
        out.flush().map_err(cannot)?;
        drop(out);
        std::fs::rename(&part, &path).map_err(cannot)?;
        Ok(n)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&part);
    }
    written
}

/// A stored value as CSV text: NULL is an empty field.
fn csv_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Integer(i) => i.to_string(),
        Value::Real(r) => r.to_string(),
        Value::Text(t) => t.clone(),
        Value::Blob(b) => String::from_utf8_lossy(b).into_owned(),
    }
}

fn write_csv(conn: &rusqlite::Connection, spec: &TableSpec, out: &mut dyn Write) -> Result<usize> {
    let mut w = csv::Writer::from_writer(out);
    let csv_err =
        |e: csv::Error| HubError::Invalid(format!("cannot write {} as CSV: {e}", spec.name));
    w.write_record(spec.column_names()).map_err(csv_err)?;
    let n = stored::each_row(conn, spec.name, spec.columns, spec.key, &mut |row| {
        w.write_record(row.iter().map(csv_text)).map_err(csv_err)
    })?;
    w.flush()
        .map_err(|e| HubError::Invalid(format!("cannot write {} as CSV: {e}", spec.name)))?;
    Ok(n)
}

/// An array of objects, one per line, keys in schema order: whole numbers as JSON numbers,
/// everything else as strings, NULL as null.
fn write_json(conn: &rusqlite::Connection, spec: &TableSpec, out: &mut dyn Write) -> Result<usize> {
    let columns = spec.column_names();
    let io = |e: std::io::Error| HubError::io(format!("cannot write {}", spec.name), e);
    let mut line = String::new();
    let mut first = true;
    let n = stored::each_row(conn, spec.name, spec.columns, spec.key, &mut |row| {
        line.clear();
        // Each row after the first closes the line before it with a comma.
        line.push_str(if first { "[\n  {" } else { ",\n  {" });
        first = false;
        for (j, (c, v)) in columns.iter().zip(row).enumerate() {
            if j > 0 {
                line.push_str(", ");
            }
            let value = match v {
                Value::Null => serde_json::Value::Null,
                Value::Integer(n) => serde_json::Value::from(*n),
                other => serde_json::Value::String(csv_text(other)),
            };
            let _ = write!(
                line,
                "{}: {value}",
                serde_json::Value::String(c.to_string())
            );
        }
        line.push('}');
        out.write_all(line.as_bytes()).map_err(io)
    })?;
    out.write_all(if n == 0 { b"[]\n" } else { b"\n]\n" })
        .map_err(io)?;
    Ok(n)
}
