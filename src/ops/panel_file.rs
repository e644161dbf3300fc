//! Reading a competition's files — bids, panel scores, declared conflicts — from CSV text, with
//! every problem named by file, line and column, and nothing used unless all of it is sound.
//!
//! Files (header row, columns in any order, a byte-order mark ignored, values trimmed):
//! - bids: `bidder, price, units_per_month`
//! - panel: `panel_member, bidder, criterion, score` (score a whole number 0–10)
//! - conflicts: `panel_member, bidder, reason`

use std::collections::HashMap;

use csv::ReaderBuilder;

use crate::domain::competitive::{Bid, DeclaredConflict, MAX_SCORE, PanelScore};
use crate::error::{HubError, Result};
use crate::money;

/// How many problems are listed before the rest are counted.
const MAX_LISTED: usize = 20;

struct Problems {
    file: String,
    list: Vec<String>,
}

impl Problems {
    fn add(&mut self, line: u64, column: Option<&str>, message: impl AsRef<str>) {
        let at = match column {
            Some(c) => format!("{} line {line}, column {c}", self.file),
            None => format!("{} line {line}", self.file),
        };
        self.list.push(format!("{at}: {}", message.as_ref()));
    }

    fn finish<T>(self, rows: Vec<T>) -> Result<Vec<T>> {
        if self.list.is_empty() {
            return Ok(rows);
        }
        let n = self.list.len();
        let mut text = format!(
            "{} refused, nothing was used: {n} problem{} found",
            self.file,
            if n == 1 { "" } else { "s" }
        );
        for p in self.list.iter().take(MAX_LISTED) {
            text.push_str("\n  ");
            text.push_str(p);
        }
        if n > MAX_LISTED {
            text.push_str(&format!("\n  … and {} more", n - MAX_LISTED));
        }
        Err(HubError::Invalid(text))
    }
}

/// A row as read: its line number and column → value.
type Row = (u64, HashMap<String, String>);

/// Reads rows as column → value maps, checking the header names exactly `columns`.
fn rows(file: &str, text: &[u8], columns: &[&str]) -> (Problems, Vec<Row>) {
    let mut problems = Problems {
        file: file.to_string(),
        list: Vec::new(),
    };
    let text = text.strip_prefix(&[0xEF, 0xBB, 0xBF][..]).unwrap_or(text);
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text);
    let mut records = reader.records();
    let header: Vec<String> = match records.next() {
        None => {
            problems.add(
                1,
                None,
                format!(
                    "the file is empty: it needs a header row ({})",
                    columns.join(", ")
                ),
            );
            return (problems, Vec::new());
        }
        Some(Err(e)) => {
            problems.add(1, None, format!("malformed CSV: {e}"));
            return (problems, Vec::new());
        }
        Some(Ok(h)) => h.iter().map(|h| h.trim().to_string()).collect(),
    };
    for (i, name) in header.iter().enumerate() {
        if !columns.contains(&name.as_str()) {
            problems.add(
                1,
                None,
                format!(
                    "unknown column '{name}' (the columns are: {})",
                    columns.join(", ")
                ),
            );
        } else if header[..i].contains(name) {
            problems.add(
                1,
                None,
                format!("column '{name}' appears twice in the header"),
            );
        }
    }
    for c in columns {
        if !header.iter().any(|h| h == c) {
            problems.add(1, None, format!("missing column '{c}'"));
        }
    }
    if !problems.list.is_empty() {
        return (problems, Vec::new());
    }
    let mut out = Vec::new();
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                problems.add(line, None, format!("malformed CSV: {e}"));
                continue;
            }
        };
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        if record.len() == 1 && record.get(0).is_some_and(|f| f.trim().is_empty()) {
            continue;
        }
        if record.len() != header.len() {
            problems.add(
                line,
                None,
                format!(
                    "{} fields where the header has {}",
                    record.len(),
                    header.len()
                ),
            );
            continue;
        }
        let mut values = HashMap::new();
        for (name, v) in header.iter().zip(record.iter()) {
            let v = v.trim();
            if v.is_empty() {
                problems.add(line, Some(name), "a value is required here");
            }
            values.insert(name.clone(), v.to_string());
        }
        out.push((line, values));
    }
    (problems, out)
}

/// Parses a bids file.
pub fn parse_bids(file: &str, text: &[u8]) -> Result<Vec<Bid>> {
    let (mut problems, raw) = rows(file, text, &["bidder", "price", "units_per_month"]);
    let mut bids = Vec::new();
    for (line, v) in raw {
        let price = match money::parse(&v["price"]) {
            Ok(p) => Some(p),
            Err(m) => {
                problems.add(line, Some("price"), m);
                None
            }
        };
        let units = match v["units_per_month"].parse::<u32>() {
            Ok(u) if u >= 1 => Some(u),
            _ => {
                problems.add(
                    line,
                    Some("units_per_month"),
                    format!(
                        "'{}' is not a whole number of units, 1 or more",
                        v["units_per_month"]
                    ),
                );
                None
            }
        };
        if let (Some(price), Some(units_per_month)) = (price, units) {
            bids.push(Bid {
                bidder: v["bidder"].clone(),
                price,
                units_per_month,
            });
        }
    }
    problems.finish(bids)
}

/// Parses a panel scores file.
pub fn parse_panel(file: &str, text: &[u8]) -> Result<Vec<PanelScore>> {
    let (mut problems, raw) = rows(
        file,
        text,
        &["panel_member", "bidder", "criterion", "score"],
    );
    let mut scores = Vec::new();
    for (line, v) in raw {
        match v["score"].parse::<u8>() {
            Ok(score) if score <= MAX_SCORE => scores.push(PanelScore {
                panel_member: v["panel_member"].clone(),
                bidder: v["bidder"].clone(),
                criterion: v["criterion"].clone(),
                score,
            }),
            _ => problems.add(
                line,
                Some("score"),
                format!(
                    "'{}' is not a whole number from 0 to {MAX_SCORE}",
                    v["score"]
                ),
            ),
        }
    }
    problems.finish(scores)
}

/// Parses a declared-conflicts file.
pub fn parse_conflicts(file: &str, text: &[u8]) -> Result<Vec<DeclaredConflict>> {
    let (problems, raw) = rows(file, text, &["panel_member", "bidder", "reason"]);
    let conflicts = raw
        .into_iter()
        .map(|(_, v)| DeclaredConflict {
            panel_member: v["panel_member"].clone(),
            bidder: v["bidder"].clone(),
            reason: v["reason"].clone(),
        })
        .collect();
    problems.finish(conflicts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bad_value_is_named_by_line_and_column() {
        let text = b"bidder,criterion,score,panel_member\nKN01,price,7,Ann\nKN01,price,11,Bob\nKN02,,x,Cat\n";
        let e = parse_panel("panel.csv", text).unwrap_err().to_string();
        assert!(
            e.contains("2 problems found") || e.contains("3 problems found"),
            "{e}"
        );
        assert!(
            e.contains("panel.csv line 3, column score: '11' is not a whole number from 0 to 10"),
            "{e}"
        );
        assert!(
            e.contains("panel.csv line 4, column criterion: a value is required here"),
            "{e}"
        );
        assert!(e.contains("panel.csv line 4, column score: 'x'"), "{e}");
    }

    #[test]
    fn header_problems_are_reported_before_rows() {
        let e = parse_bids("bids.csv", b"bidder,price,units\nKN01,100,1\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("bids.csv line 1: unknown column 'units'"), "{e}");
        assert!(e.contains("missing column 'units_per_month'"), "{e}");
        let e = parse_conflicts("c.csv", b"").unwrap_err().to_string();
        assert!(e.contains("c.csv line 1: the file is empty"), "{e}");
    }

    #[test]
    fn a_sound_file_reads_with_a_bom_crlf_and_money_formats() {
        let bids = parse_bids(
            "bids.csv",
            "\u{feff}bidder,price,units_per_month\r\nKN01,\"£1,234.50\",3\r\n".as_bytes(),
        )
        .unwrap();
        assert_eq!(bids.len(), 1);
        assert_eq!(bids[0].price, rust_decimal_macros::dec!(1234.50));
        assert_eq!(bids[0].units_per_month, 3);
        let e = parse_bids("bids.csv", b"bidder,price,units_per_month\nKN01,12,0\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 2, column units_per_month"), "{e}");
    }
}
