//! `export`: every table to one file each, exactly as stored, rows in primary-key order.
//!
//! The audit log is deliberately not exported: it belongs to the database it was written in
//! (each row's hash chains to the one before), and an import records itself in the receiving
//! database's log. Leaving it out is what keeps export → import → export byte-identical.

use std::fmt::Write as _;
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
/// every table inside one read transaction, so the files agree with each other.
pub fn export_dir(store: &Store, dir: &Path, format: Format) -> Result<Vec<TableCount>> {
    std::fs::create_dir_all(dir)
        .map_err(|e| HubError::io(format!("cannot create {}", dir.display()), e))?;
    let tx = stored::consistent_read(store.conn())?;
    let mut counts = Vec::new();
    for spec in TABLES {
        let rows = stored::rows(&tx, spec.name, spec.columns, spec.key)?;
        let text = match format {
            Format::Csv => to_csv(spec, &rows)?,
            Format::Json => to_json(spec, &rows).into_bytes(),
        };
        let path = dir.join(spec.file_name(format.extension()));
        std::fs::write(&path, text)
            .map_err(|e| HubError::io(format!("cannot write {}", path.display()), e))?;
        counts.push((spec.name, rows.len()));
    }
    tx.finish()?;
    Ok(counts)
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

fn to_csv(spec: &TableSpec, rows: &[Vec<Value>]) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let csv_err =
        |e: csv::Error| HubError::Invalid(format!("cannot write {} as CSV: {e}", spec.name));
    w.write_record(spec.column_names()).map_err(csv_err)?;
    for row in rows {
        w.write_record(row.iter().map(csv_text)).map_err(csv_err)?;
    }
    w.into_inner()
        .map_err(|e| HubError::Invalid(format!("cannot write {} as CSV: {e}", spec.name)))
}

/// An array of objects, one per line, keys in schema order: whole numbers as JSON numbers,
/// everything else as strings, NULL as null.
fn to_json(spec: &TableSpec, rows: &[Vec<Value>]) -> String {
    let columns = spec.column_names();
    if rows.is_empty() {
        return "[]\n".to_string();
    }
    let mut out = String::from("[\n");
    for (i, row) in rows.iter().enumerate() {
        out.push_str("  {");
        for (j, (c, v)) in columns.iter().zip(row).enumerate() {
            if j > 0 {
                out.push_str(", ");
            }
            let value = match v {
                Value::Null => serde_json::Value::Null,
                Value::Integer(n) => serde_json::Value::from(*n),
                other => serde_json::Value::String(csv_text(other)),
            };
            let _ = write!(out, "{}: {value}", serde_json::Value::String(c.to_string()));
        }
        out.push('}');
        if i + 1 < rows.len() {
            out.push(',');
        }
        out.push('\n');
    }
    out.push_str("]\n");
    out
}
