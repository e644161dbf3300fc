//! Reading one table file (CSV or JSON) into raw rows of text, checking its shape: header
//! columns known and complete, field counts, JSON types. Values are judged later, by column type.

use std::collections::HashMap;
use std::path::Path;

use csv::{ReaderBuilder, StringRecord};
use serde_json::Value;

use super::problems::Problems;
use super::tables::TableSpec;
use crate::error::{HubError, Result};

/// One row as read: column → value (`None` for NULL: an empty CSV field, a JSON null, or a
/// column the file leaves out).
#[derive(Debug, Clone)]
pub struct RawRow {
    /// Where it came from, for messages: `members.csv line 4`, `members.json record 2`.
    pub at: String,
    pub values: HashMap<&'static str, Option<String>>,
}

impl RawRow {
    pub fn get(&self, column: &str) -> Option<&str> {
        self.values.get(column).and_then(|v| v.as_deref())
    }
}

/// A file's usable rows; rows with shape problems are reported and left out.
#[derive(Debug)]
pub struct RawTable {
    pub spec: &'static TableSpec,
    pub rows: Vec<RawRow>,
}

fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    let mut bytes = std::fs::read(path)
        .map_err(|e| HubError::io(format!("cannot read {}", path.display()), e))?;
    // Spreadsheets often save a byte-order mark; it is not part of the first column's name.
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    Ok(bytes)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Checks a header against the table: every name known, none twice, every required one present.
/// Returns the table's column for each header position, or `None` if the header is unusable.
fn check_header(
    spec: &'static TableSpec,
    names: &[String],
    at: &str,
    problems: &mut Problems,
) -> Option<Vec<&'static str>> {
    let known = spec.column_names();
    let mut columns = Vec::with_capacity(names.len());
    let mut ok = true;
    for name in names {
        match known.iter().find(|k| **k == name.as_str()) {
            Some(k) if columns.contains(k) => {
                problems.add(
                    at,
                    None,
                    format!("column '{name}' appears twice in the header"),
                );
                ok = false;
            }
            Some(k) => columns.push(*k),
            None => {
                problems.add(
                    at,
                    None,
                    format!(
                        "unknown column '{name}' (the {} columns are: {})",
                        spec.name, spec.columns
                    ),
                );
                ok = false;
            }
        }
    }
    for k in &known {
        if !spec.is_optional(k) && !columns.contains(k) {
            problems.add(
                at,
                None,
                format!("missing column '{k}', required in every {} file", spec.name),
            );
            ok = false;
        }
    }
    ok.then_some(columns)
}

/// Reads a CSV file with a header row. Accepts CRLF line ends and a byte-order mark.
pub fn read_csv(
    spec: &'static TableSpec,
    path: &Path,
    problems: &mut Problems,
) -> Result<RawTable> {
    let file = file_name(path);
    let bytes = read_bytes(path)?;
    let mut table = RawTable {
        spec,
        rows: Vec::new(),
    };
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes.as_slice());
    let mut records = reader.records();
    let header: StringRecord = match records.next() {
        None => {
            problems.add(
                &file,
                None,
                "the file is empty: it needs a header row naming the columns",
            );
            return Ok(table);
        }
        Some(Err(e)) => {
            problems.add(&format!("{file} line 1"), None, csv_error(&e));
            return Ok(table);
        }
        Some(Ok(h)) => h,
    };
    let names: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
    let Some(columns) = check_header(spec, &names, &format!("{file} line 1"), problems) else {
        return Ok(table);
    };
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                problems.add(&format!("{file} line {line}"), None, csv_error(&e));
                continue;
            }
        };
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        let at = format!("{file} line {line}");
        if record.len() == 1 && record.get(0).is_some_and(|f| f.trim().is_empty()) {
            continue; // a blank line
        }
        if record.len() != columns.len() {
            // An unclosed quote swallows the line ends after it, so the field holds a newline.
            let hint = if record.iter().any(|f| f.contains(['\n', '\r'])) {
                "a quote opened on this line is never closed"
            } else {
                "a stray or missing comma?"
            };
            problems.add(
                &at,
                None,
                format!(
                    "{} fields where the header has {} ({hint})",
                    record.len(),
                    columns.len()
                ),
            );
            continue;
        }
        let values = columns
            .iter()
            .zip(record.iter())
            .map(|(c, v)| {
                (
                    *c,
                    Some(v.trim()).filter(|v| !v.is_empty()).map(str::to_string),
                )
            })
            .collect();
        table.rows.push(RawRow { at, values });
    }
    Ok(table)
}

fn csv_error(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => {
            "the line is not valid UTF-8 text (save the file as UTF-8)".into()
        }
        other => format!("malformed CSV: {other:?}"),
    }
}

/// Reads a JSON file holding an array of objects, one per row. Whole numbers are JSON numbers;
/// every other value is a string or null.
pub fn read_json(
    spec: &'static TableSpec,
    path: &Path,
    problems: &mut Problems,
) -> Result<RawTable> {
    let file = file_name(path);
    let bytes = read_bytes(path)?;
    let mut table = RawTable {
        spec,
        rows: Vec::new(),
    };
    let doc: Value = match serde_json::from_slice(&bytes) {
        Ok(v) => v,
        Err(e) => {
            problems.add(
                &format!("{file} line {}", e.line()),
                None,
                format!("not valid JSON: {e}"),
            );
            return Ok(table);
        }
    };
    let Value::Array(items) = doc else {
        problems.add(&file, None, "expected an array of objects, one per row");
        return Ok(table);
    };
    let known = spec.column_names();
    for (i, item) in items.into_iter().enumerate() {
        let at = format!("{file} record {}", i + 1);
        let Value::Object(fields) = item else {
            problems.add(
                &at,
                None,
                "expected an object (one row), found something else",
            );
            continue;
        };
        let names: Vec<String> = fields.keys().cloned().collect();
        if check_header(spec, &names, &at, problems).is_none() {
            continue;
        }
        let mut values = HashMap::new();
        let mut ok = true;
        for column in &known {
            let value = match fields.get(*column) {
                None | Some(Value::Null) => None,
                Some(Value::Number(n)) if spec.is_integer(column) => match n.as_i64() {
                    Some(i) => Some(i.to_string()),
                    None => {
                        problems.add(&at, Some(column), format!("{n} is not a whole number"));
                        ok = false;
                        None
                    }
                },
                Some(Value::String(s)) if !spec.is_integer(column) => {
                    let t = s.trim();
                    (!t.is_empty()).then(|| t.to_string())
                }
                Some(other) => {
                    let expected = if spec.is_integer(column) {
                        "a number (whole numbers are JSON numbers, e.g. 12)"
                    } else {
                        "a string (money, dates and codes are JSON strings, e.g. \"1234.50\")"
                    };
                    problems.add(
                        &at,
                        Some(column),
                        format!("expected {expected}, found {}", json_kind(other)),
                    );
                    ok = false;
                    None
                }
            };
            values.insert(*column, value);
        }
        if ok {
            table.rows.push(RawRow { at, values });
        }
    }
    Ok(table)
}

fn json_kind(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the string {}", Value::String(s.clone())),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}
