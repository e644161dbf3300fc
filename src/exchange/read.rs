//! Reading one table file (CSV or JSON) as a stream of raw rows of text, checking its shape:
//! header columns known and complete, field counts, JSON types. Values are judged later, by
//! column type.

use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::Path;

use csv::{ReaderBuilder, StringRecord};
use serde::Deserializer as _;
use serde::de::{Error as _, SeqAccess, Visitor};
use serde_json::Value;

use super::Format;
use super::hashed::{self, Hashed};
use super::problems::Problems;
use super::tables::TableSpec;
use crate::error::{HubError, Result};

/// One row as read: column → value (`None` for NULL: an empty CSV field, a JSON null, or a
/// column the file leaves out).
#[derive(Debug, Clone)]
pub struct RawRow {
    /// Where it came from, for messages: `members.csv line 4`, `members.json record 2`.
    pub at: String,
    /// Each column with its value; a handful, so looked through rather than hashed.
    pub values: Vec<(&'static str, Option<String>)>,
}

impl RawRow {
    pub fn get(&self, column: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(c, _)| *c == column)
            .and_then(|(_, v)| v.as_deref())
    }
}

/// What is done with each usable row as it is read; an error stops the reading.
pub type OnRow<'a> = dyn FnMut(RawRow) -> Result<()> + 'a;

type Input = BufReader<Hashed<File>>;

/// Reads a table file row by row, in memory bounded by one row: each usable row is handed to
/// `on_row`, each row with a shape problem is reported and left out. Returns the fingerprint of
/// the file's bytes, every one of them, read in the same pass.
pub fn each_row(
    spec: &'static TableSpec,
    path: &Path,
    format: Format,
    problems: &mut Problems,
    on_row: &mut OnRow,
) -> Result<String> {
    let cannot = |e| HubError::io(format!("cannot read {}", path.display()), e);
    let mut input = BufReader::with_capacity(1 << 16, hashed::open(path)?);
    // Spreadsheets often save a byte-order mark; it is not part of the first column's name.
    if input
        .fill_buf()
        .map_err(cannot)?
        .starts_with(&[0xEF, 0xBB, 0xBF])
    {
        input.consume(3);
    }
    let file = file_name(path);
    match format {
        Format::Csv => read_csv(spec, &file, &mut input, problems, on_row)?,
        Format::Json => read_json(spec, &file, &mut input, problems, on_row)?,
    }
    // What a refused header left unread still belongs to the fingerprint.
    io::copy(&mut input, &mut io::sink()).map_err(cannot)?;
    Ok(input.into_inner().finish())
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

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Reads a CSV file with a header row. Accepts CRLF line ends and a byte-order mark.
fn read_csv(
    spec: &'static TableSpec,
    file: &str,
    input: &mut Input,
    problems: &mut Problems,
    on_row: &mut OnRow,
) -> Result<()> {
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(input);
    let mut records = reader.records();
    let header: StringRecord = match records.next() {
        None => {
            problems.add(
                file,
                None,
                "the file is empty: it needs a header row naming the columns",
            );
            return Ok(());
        }
        Some(Err(e)) => {
            problems.add(&format!("{file} line 1"), None, csv_error(&e));
            return Ok(());
        }
        Some(Ok(h)) => h,
    };
    let names: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
    let Some(columns) = check_header(spec, &names, &format!("{file} line 1"), problems) else {
        return Ok(());
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
        if let Some(row) = csv_row(file, &columns, &record, problems) {
            on_row(row)?;
        }
    }
    Ok(())
}

/// One CSV record as a row, or `None` (reported) if its fields do not match the header.
fn csv_row(
    file: &str,
    columns: &[&'static str],
    record: &StringRecord,
    problems: &mut Problems,
) -> Option<RawRow> {
    let line = record.position().map(|p| p.line()).unwrap_or(0);
    let at = format!("{file} line {line}");
    if record.len() == 1 && record.get(0).is_some_and(|f| f.trim().is_empty()) {
        return None; // a blank line
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
        return None;
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
    Some(RawRow { at, values })
}

fn csv_error(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => {
            "the line is not valid UTF-8 text (save the file as UTF-8)".into()
        }
        other => format!("malformed CSV: {other:?}"),
    }
}

/// Reads a JSON file holding an array of objects, one per row, one object at a time. Whole
/// numbers are JSON numbers; every other value is a string or null.
fn read_json(
    spec: &'static TableSpec,
    file: &str,
    input: &mut Input,
    problems: &mut Problems,
    on_row: &mut OnRow,
) -> Result<()> {
    let mut rows = JsonRows {
        spec,
        file,
        problems,
        on_row,
        stopped: None,
    };
    let mut de = serde_json::Deserializer::from_reader(input);
    let read = de.deserialize_seq(&mut rows).and_then(|()| de.end());
    if let Some(e) = rows.stopped.take() {
        return Err(e);
    }
    match read {
        Ok(()) => {}
        Err(e) if e.is_data() => {
            rows.problems
                .add(file, None, "expected an array of objects, one per row");
        }
        Err(e) => rows.problems.add(
            &format!("{file} line {}", e.line()),
            None,
            format!("not valid JSON: {e}"),
        ),
    }
    Ok(())
}

/// The array's visitor: each element becomes a row as soon as it is parsed.
struct JsonRows<'a, 'r> {
    spec: &'static TableSpec,
    file: &'a str,
    problems: &'a mut Problems,
    on_row: &'a mut OnRow<'r>,
    /// The error that stopped the reading, kept to be returned as itself.
    stopped: Option<HubError>,
}

impl<'de> Visitor<'de> for &mut JsonRows<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of objects, one per row")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        let mut n = 0;
        while let Some(item) = seq.next_element::<Value>()? {
            n += 1;
            let at = format!("{} record {n}", self.file);
            let Some(row) = json_row(self.spec, at, item, self.problems) else {
                continue;
            };
            if let Err(e) = (self.on_row)(row) {
                self.stopped = Some(e);
                return Err(A::Error::custom("stopped"));
            }
        }
        Ok(())
    }
}

/// One JSON element as a row, or `None` (reported) if it is not an object of the table's columns
/// with values of the right JSON types.
fn json_row(
    spec: &'static TableSpec,
    at: String,
    item: Value,
    problems: &mut Problems,
) -> Option<RawRow> {
    let Value::Object(fields) = item else {
        problems.add(
            &at,
            None,
            "expected an object (one row), found something else",
        );
        return None;
    };
    let names: Vec<String> = fields.keys().cloned().collect();
    check_header(spec, &names, &at, problems)?;
    let mut values = Vec::with_capacity(fields.len());
    let mut ok = true;
    for column in spec.column_names() {
        let value = match fields.get(column) {
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
        values.push((column, value));
    }
    ok.then_some(RawRow { at, values })
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
