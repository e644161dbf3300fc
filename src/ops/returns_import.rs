//! A month's batch of returns from a CSV file, as one decision: each row adds a return not yet in
//! or corrects one that is (matched by sub-contract and month), all or nothing, with one audit
//! row saying how many were added, corrected and unchanged (and each change's before and after).
//!
//! Columns (header row, any order, values trimmed, a byte-order mark ignored): `subcontract`,
//! `period` (YYYY-MM), `units_delivered`, `outcomes_achieved`, `milestones_met`, `spend`, `paid`,
//! `quality_grade` (1–4 or blank), `referrals`, `submitted` (YYYY-MM-DD or DD/MM/YYYY).

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use rusqlite::Connection;
use serde::Serialize;

use super::Decider;
use super::decision::{Decision, Sheet, Spec, Why, Written};
use super::fields::{Field, FieldKind, Values};
use crate::dates::{self, Period};
use crate::domain::returns::{self, ReturnEntry};
use crate::domain::{EntityRef, MonitoringReturn, profile};
use crate::error::{HubError, Result};
use crate::money;
use crate::store::audit::{AuditAction, Entry};
use crate::store::{self, lookup, subcontracts};

pub struct ImportReturns;

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct ReturnsImportRequest {
    pub file: PathBuf,
}

/// What one row does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RowEffect {
    Added,
    Corrected,
    Unchanged,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportedReturn {
    pub effect: RowEffect,
    pub before: MonitoringReturn,
    pub after: MonitoringReturn,
    pub changes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReturnsImportPlan {
    pub request: ReturnsImportRequest,
    pub rows: Vec<ImportedReturn>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReturnsImportOutcome {
    pub added: usize,
    pub corrected: usize,
    pub unchanged: usize,
}

const COLUMNS: [&str; 10] = [
    "subcontract",
    "period",
    "units_delivered",
    "outcomes_achieved",
    "milestones_met",
    "spend",
    "paid",
    "quality_grade",
    "referrals",
    "submitted",
];

/// Problems listed before the rest are counted.
const MAX_LISTED: usize = 20;

static SPEC: Spec = Spec::new(
    "returns_import",
    "Import a month's returns",
    "Import returns from a CSV file: new returns are added, returns already in are corrected, all or nothing",
    &["returns", "import"],
    &[Field::new("file", "CSV file", FieldKind::File)
        .help("The returns, one a row: subcontract, period, units_delivered, outcomes_achieved, milestones_met, spend, paid, quality_grade, referrals, submitted")
        .required()
        .positional()],
)
.reason_optional();

impl ImportedReturn {
    fn figures(&self) -> (usize, usize, usize) {
        match self.effect {
            RowEffect::Added => (1, 0, 0),
            RowEffect::Corrected => (0, 1, 0),
            RowEffect::Unchanged => (0, 0, 1),
        }
    }
}

fn counts(rows: &[ImportedReturn]) -> ReturnsImportOutcome {
    let (mut added, mut corrected, mut unchanged) = (0, 0, 0);
    for r in rows {
        let (a, c, u) = r.figures();
        added += a;
        corrected += c;
        unchanged += u;
    }
    ReturnsImportOutcome {
        added,
        corrected,
        unchanged,
    }
}

/// Problems found so far, each with its line and column.
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

    fn refusal(self) -> HubError {
        let n = self.list.len();
        let mut text = format!(
            "{} refused, nothing was written: {n} problem{} found",
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
        HubError::Invalid(text)
    }
}

/// One row's cells by column name.
type Cells = HashMap<String, String>;

/// The rows of the file with their line numbers, the header checked.
fn read_rows(text: &[u8], p: &mut Problems) -> Vec<(u64, Cells)> {
    let text = text.strip_prefix(&[0xEF, 0xBB, 0xBF][..]).unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text);
    let mut records = reader.records();
    let header: Vec<String> = match records.next() {
        Some(Ok(h)) => h.iter().map(|c| c.trim().to_string()).collect(),
        Some(Err(e)) => {
            p.add(1, None, format!("malformed CSV: {e}"));
            return Vec::new();
        }
        None => {
            p.add(
                1,
                None,
                format!(
                    "the file is empty: it needs a header row ({})",
                    COLUMNS.join(", ")
                ),
            );
            return Vec::new();
        }
    };
    for c in COLUMNS {
        if !header.iter().any(|h| h == c) {
            p.add(1, None, format!("missing column '{c}'"));
        }
    }
    for h in header.iter().filter(|h| !COLUMNS.contains(&h.as_str())) {
        p.add(
            1,
            None,
            format!(
                "unknown column '{h}' (the columns are: {})",
                COLUMNS.join(", ")
            ),
        );
    }
    if !p.list.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for record in records {
        match record {
            Err(e) => p.add(
                e.position().map_or(0, |x| x.line()),
                None,
                format!("malformed CSV: {e}"),
            ),
            Ok(r) if r.iter().all(|c| c.trim().is_empty()) => {}
            Ok(r) => {
                let line = r.position().map_or(0, |x| x.line());
                if r.len() != header.len() {
                    p.add(
                        line,
                        None,
                        format!("{} cells where the header has {}", r.len(), header.len()),
                    );
                    continue;
                }
                let cells = header
                    .iter()
                    .cloned()
                    .zip(r.iter().map(|c| c.trim().to_string()))
                    .collect();
                out.push((line, cells));
            }
        }
    }
    out
}

/// The entry a row reports, or the first problem in it (named by column).
fn entry_of(
    c: &Cells,
    today: chrono::NaiveDate,
) -> std::result::Result<ReturnEntry, (&'static str, String)> {
    let count = |k: &'static str| -> std::result::Result<u32, (&'static str, String)> {
        c[k].parse::<u32>()
            .map_err(|_| (k, format!("'{}' is not a whole number of 0 or more", c[k])))
    };
    let amount =
        |k: &'static str| -> std::result::Result<rust_decimal::Decimal, (&'static str, String)> {
            money::parse(&c[k]).map_err(|m| (k, m))
        };
    let grade = match c["quality_grade"].as_str() {
        "" => None,
        g => Some(
            g.parse::<u8>()
                .map_err(|_| ("quality_grade", format!("'{g}' is not a grade from 1 to 4")))?,
        ),
    };
    let submitted = match c["submitted"].as_str() {
        "" => today,
        s => dates::parse_typed(s).map_err(|m| ("submitted", m))?,
    };
    Ok(ReturnEntry {
        units_delivered: count("units_delivered")?,
        outcomes_achieved: count("outcomes_achieved")?,
        milestones_met: count("milestones_met")?,
        spend: amount("spend")?,
        paid: amount("paid")?,
        quality_grade: grade,
        referrals: count("referrals")?,
        submitted,
    })
}

/// What one row does to the records, or why it cannot.
fn plan_row(
    conn: &Connection,
    by: &Decider,
    c: &Cells,
) -> std::result::Result<ImportedReturn, (&'static str, String)> {
    let code = lookup::canonical(conn, lookup::CodeTable::SubContracts, &c["subcontract"])
        .map_err(|e| ("subcontract", e.to_string()))?
        .ok_or_else(|| {
            (
                "subcontract",
                format!("no sub-contract '{}'", c["subcontract"]),
            )
        })?;
    let sub = subcontracts::get_subcontract(conn, &code)
        .map_err(|e| ("subcontract", e.to_string()))?
        .ok_or_else(|| ("subcontract", format!("no sub-contract '{code}'")))?;
    let period: Period = c["period"].parse().map_err(|m| ("period", m))?;
    let entry = entry_of(c, by.today())?;
    if by
        .limits()
        .check_units("units_delivered", entry.units_delivered)
        .is_err()
    {
        return Err((
            "units_delivered",
            format!(
                "{} is more than [limits] max_units_per_month allows",
                entry.units_delivered
            ),
        ));
    }
    for (k, v) in [("spend", entry.spend), ("paid", entry.paid)] {
        if !by.limits().money_ok(v) {
            return Err((
                k,
                format!(
                    "{} is more than [limits] max_money allows",
                    money::display(v)
                ),
            ));
        }
    }
    let before = match store::returns::get(conn, &sub.code, period)
        .map_err(|e| ("period", e.to_string()))?
    {
        Some(m) => m,
        None => {
            let profiles = subcontracts::profiles_of(conn, &sub.code)
                .map_err(|e| ("subcontract", e.to_string()))?;
            returns::pending_row(&sub, period, profile::units_in(&sub, &profiles, period))
        }
    };
    returns::check(&sub, &before, &entry, by.today()).map_err(|e| match e {
        HubError::Field(f) => (f.field, f.problem.to_string()),
        other => ("subcontract", other.to_string()),
    })?;
    let was = ReturnEntry::of(&before);
    let changes = was
        .as_ref()
        .map(|b| returns::changes(b, &entry))
        .unwrap_or_default();
    let effect = match (&was, changes.is_empty()) {
        (None, _) => RowEffect::Added,
        (Some(_), false) => RowEffect::Corrected,
        (Some(_), true) => RowEffect::Unchanged,
    };
    Ok(ImportedReturn {
        effect,
        after: entry.applied_to(&before),
        before,
        changes,
    })
}

impl Decision for ImportReturns {
    type Request = ReturnsImportRequest;
    type Plan = ReturnsImportPlan;
    type Outcome = ReturnsImportOutcome;

    fn spec() -> &'static Spec {
        &SPEC
    }

    fn request(v: &Values) -> Result<ReturnsImportRequest> {
        Ok(ReturnsImportRequest {
            file: PathBuf::from(v.text("file")?),
        })
    }

    fn plan(
        conn: &Connection,
        by: &Decider,
        r: &ReturnsImportRequest,
    ) -> Result<ReturnsImportPlan> {
        let name = r.file.display().to_string();
        let text =
            std::fs::read(&r.file).map_err(|e| HubError::io(format!("cannot read {name}"), e))?;
        let mut problems = Problems {
            file: name,
            list: Vec::new(),
        };
        let mut rows = Vec::new();
        let mut seen = BTreeSet::new();
        for (line, cells) in read_rows(&text, &mut problems) {
            match plan_row(conn, by, &cells) {
                Ok(row) => {
                    let key = (row.after.subcontract.clone(), row.after.period);
                    if !seen.insert(key.clone()) {
                        problems.add(
                            line,
                            Some("period"),
                            format!("a second row for {} {}", key.0, key.1.display()),
                        );
                    }
                    rows.push(row);
                }
                Err((column, message)) => problems.add(line, Some(column), message),
            }
        }
        if !problems.list.is_empty() {
            return Err(problems.refusal());
        }
        Ok(ReturnsImportPlan {
            request: r.clone(),
            rows,
        })
    }

    fn request_of(plan: &ReturnsImportPlan) -> &ReturnsImportRequest {
        &plan.request
    }

    fn sheet(p: &ReturnsImportPlan) -> Sheet {
        let c = counts(&p.rows);
        let mut writes: Vec<String> = p
            .rows
            .iter()
            .filter(|r| r.effect != RowEffect::Unchanged)
            .map(|r| match r.effect {
                RowEffect::Added => format!(
                    "add {}'s return for {}",
                    r.after.subcontract,
                    r.after.period.display()
                ),
                _ => format!(
                    "correct {}'s return for {}: {}",
                    r.after.subcontract,
                    r.after.period.display(),
                    r.changes.join("; ")
                ),
            })
            .collect();
        writes.push("one audit row with the counts and every change".into());
        Sheet {
            title: format!("Import returns from {}", p.request.file.display()),
            facts: vec![format!(
                "{} rows: {} to add, {} to correct, {} unchanged",
                p.rows.len(),
                c.added,
                c.corrected,
                c.unchanged
            )],
            checks: Vec::new(),
            writes,
            confirm_code: None,
        }
    }

    fn write(
        tx: &Connection,
        _by: &Decider,
        p: &ReturnsImportPlan,
        _why: &Why,
    ) -> Result<Written<ReturnsImportOutcome>> {
        for r in p.rows.iter().filter(|r| r.effect != RowEffect::Unchanged) {
            store::returns::put(tx, &r.after)?;
        }
        let outcome = counts(&p.rows);
        let changed: Vec<&ImportedReturn> = p
            .rows
            .iter()
            .filter(|r| r.effect != RowEffect::Unchanged)
            .collect();
        let entry = Entry::new(AuditAction::ReturnsImport, EntityRef::database())
            .before(&serde_json::json!({
                "file": p.request.file,
                "returns": changed.iter().map(|r| &r.before).collect::<Vec<_>>(),
            }))
            .after(&serde_json::json!({
                "added": outcome.added,
                "corrected": outcome.corrected,
                "unchanged": outcome.unchanged,
                "returns": changed.iter().map(|r| &r.after).collect::<Vec<_>>(),
            }));
        Ok(Written {
            outcome,
            audit: vec![entry],
        })
    }

    fn done(o: &ReturnsImportOutcome) -> String {
        format!(
            "returns imported: {} added, {} corrected, {} unchanged",
            o.added, o.corrected, o.unchanged
        )
    }
}
