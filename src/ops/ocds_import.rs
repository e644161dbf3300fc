//! `hubboard ocds import PATH…`: published notices (OCDS files) into the pipeline as one
//! decision. Every contracting process (ocid) becomes an opportunity, or updates the one it
//! became: the notice's facts (title, buyer, value, deadline, period, service line) are taken;
//! what the hub decided (stage, bid decision, delivery plan) is never overwritten — the stage the
//! notice means is kept beside it. A release that cannot be an opportunity is skipped with the
//! reason; the summary is per file. All in one transaction with one audit row, or nothing.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use rusqlite::Connection;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::{Value, json};

use super::Decider;
use super::decision::{Decision, Sheet, Spec, Why, Written};
use super::fields::{Field, FieldKind, Values};
use crate::domain::{Commissioner, EntityRef, Opportunity, OpportunityKind, PaymentModel};
use crate::error::{HubError, Result};
use crate::ocds::notice::{self, Notice};
use crate::ocds::read::{self, FileReleases};
use crate::store::audit::{AuditAction, Entry};
use crate::store::ocds::{self as stored, NoticeRecord};
use crate::store::{opportunities, subcontracts};

pub struct OcdsImport;

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct OcdsImportRequest {
    pub paths: Vec<PathBuf>,
}

/// What one file gave.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileSummary {
    pub file: String,
    pub sha256: String,
    /// `OP-031 <- ocds-…: title`.
    pub new: Vec<String>,
    /// `OP-004: value £1.00 → £2.00; …`.
    pub updated: Vec<String>,
    pub unchanged: usize,
    /// Why each release or part not taken was not.
    pub skipped: Vec<String>,
    /// What was assumed, per opportunity.
    pub notes: Vec<String>,
}

/// One write the plan makes.
#[derive(Debug, Clone)]
enum Change {
    New(Opportunity, NoticeRecord),
    Update(Opportunity, i64, NoticeRecord),
    Notice(NoticeRecord),
}

#[derive(Debug, Clone, Serialize)]
pub struct OcdsImportPlan {
    pub request: OcdsImportRequest,
    pub files: Vec<FileSummary>,
    pub commissioners: Vec<String>,
    #[serde(skip)]
    new_commissioners: Arc<Vec<Commissioner>>,
    #[serde(skip)]
    changes: Arc<Vec<Change>>,
}

impl PartialEq for OcdsImportPlan {
    fn eq(&self, other: &Self) -> bool {
        self.request == other.request
            && self.files == other.files
            && self.commissioners == other.commissioners
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OcdsImportOutcome {
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub skipped: usize,
}

static SPEC: Spec = Spec::new(
    "ocds_import",
    "Import OCDS notices",
    "Take tender notices from OCDS files (release or record packages, releases, JSON Lines; files or directories) into the pipeline as opportunities, or update those taken before",
    &["ocds", "import"],
    &[Field::new("paths", "Files", FieldKind::File)
        .help("OCDS files or directories of them (.json, .jsonl)")
        .many()],
)
.typed()
.reason_optional()
.creates_database();

/// Up to this many skipped releases are listed per file; the rest are counted.
const LISTED: usize = 20;

impl Decision for OcdsImport {
    type Request = OcdsImportRequest;
    type Plan = OcdsImportPlan;
    type Outcome = OcdsImportOutcome;

    fn spec() -> &'static Spec {
        &SPEC
    }

    fn request(v: &Values) -> Result<OcdsImportRequest> {
        let paths: Vec<PathBuf> = v
            .text("paths")?
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(PathBuf::from)
            .collect();
        if paths.is_empty() {
            return Err(HubError::missing("paths"));
        }
        Ok(OcdsImportRequest { paths })
    }

    fn plan(conn: &Connection, by: &Decider, r: &OcdsImportRequest) -> Result<OcdsImportPlan> {
        let files = read::read_paths(&r.paths)?;
        if files.is_empty() {
            return Err(HubError::Invalid(
                "no .json, .jsonl or .ndjson file in the paths given".into(),
            ));
        }
        Planner::new(conn, by)?.plan(r, files)
    }

    /// Planned again from the files as they are now: a changed file or a colleague's change to
    /// the same opportunities makes a different plan, refused as a conflict.
    fn recheck(conn: &Connection, by: &Decider, p: &OcdsImportPlan) -> Result<OcdsImportPlan> {
        Self::plan(conn, by, &p.request)
    }

    fn request_of(plan: &OcdsImportPlan) -> &OcdsImportRequest {
        &plan.request
    }

    fn sheet(p: &OcdsImportPlan) -> Sheet {
        let mut facts = Vec::new();
        for f in &p.files {
            facts.push(format!(
                "{}: {} new, {} updated, {} unchanged, {} skipped",
                f.file,
                f.new.len(),
                f.updated.len(),
                f.unchanged,
                f.skipped.len()
            ));
            for s in f.skipped.iter().take(LISTED) {
                facts.push(format!("  skipped {s}"));
            }
            if f.skipped.len() > LISTED {
                facts.push(format!("  … and {} more skipped", f.skipped.len() - LISTED));
            }
            for n in f.notes.iter().take(LISTED) {
                facts.push(format!("  note {n}"));
            }
            if f.notes.len() > LISTED {
                facts.push(format!("  … and {} more notes", f.notes.len() - LISTED));
            }
        }
        let o = totals(p);
        let mut writes: Vec<String> = p
            .files
            .iter()
            .flat_map(|f| f.new.iter().map(|n| format!("new {n}")))
            .chain(
                p.files
                    .iter()
                    .flat_map(|f| f.updated.iter().map(|u| format!("update {u}"))),
            )
            .collect();
        writes.extend(
            p.commissioners
                .iter()
                .map(|c| format!("new commissioner {c}")),
        );
        writes.push(format!(
            "{} new, {} updated, {} unchanged, {} skipped in all",
            o.new, o.updated, o.unchanged, o.skipped
        ));
        Sheet {
            title: format!("Import OCDS notices from {} file(s)", p.files.len()),
            facts,
            checks: Vec::new(),
            writes,
            confirm_code: Some("ocds".into()),
        }
    }

    fn write(
        tx: &Connection,
        _by: &Decider,
        p: &OcdsImportPlan,
        why: &Why,
    ) -> Result<Written<OcdsImportOutcome>> {
        for c in p.new_commissioners.iter() {
            opportunities::insert_commissioner(tx, c)?;
        }
        for change in p.changes.iter() {
            match change {
                Change::New(o, n) => {
                    opportunities::insert_opportunity(tx, o)?;
                    stored::put(tx, n)?;
                }
                Change::Update(o, version, n) => {
                    if !opportunities::update_opportunity(tx, o, *version)? {
                        return Err(HubError::conflict(format!(
                            "{} was changed by a colleague while the import was checked",
                            o.code
                        )));
                    }
                    stored::put(tx, n)?;
                }
                Change::Notice(n) => stored::put(tx, n)?,
            }
        }
        let outcome = totals(p);
        let after = json!({
            "files": p.files.iter().map(|f| json!({
                "file": f.file, "sha256": f.sha256, "new": f.new, "updated": f.updated,
                "unchanged": f.unchanged, "skipped": f.skipped.len(),
            })).collect::<Vec<Value>>(),
            "commissioners": p.commissioners,
        });
        let reason = if why.reason.is_empty() {
            format!(
                "OCDS import: {} new, {} updated",
                outcome.new, outcome.updated
            )
        } else {
            why.reason.clone()
        };
        Ok(Written {
            outcome,
            audit: vec![
                Entry::new(AuditAction::OcdsImport, EntityRef::database())
                    .after(&after)
                    .reason(reason),
            ],
        })
    }

    fn done(o: &OcdsImportOutcome) -> String {
        format!(
            "imported {} new and {} updated opportunities ({} unchanged, {} skipped)",
            o.new, o.updated, o.unchanged, o.skipped
        )
    }
}

fn totals(p: &OcdsImportPlan) -> OcdsImportOutcome {
    OcdsImportOutcome {
        new: p.files.iter().map(|f| f.new.len()).sum(),
        updated: p.files.iter().map(|f| f.updated.len()).sum(),
        unchanged: p.files.iter().map(|f| f.unchanged).sum(),
        skipped: p.files.iter().map(|f| f.skipped.len()).sum(),
    }
}

/// Works out the plan: notices compiled per ocid across every file, then matched.
struct Planner<'a> {
    conn: &'a Connection,
    by: &'a Decider<'a>,
    next_number: u32,
    width: usize,
    commissioners: HashMap<String, String>,
    new_commissioners: Vec<Commissioner>,
}

impl<'a> Planner<'a> {
    fn new(conn: &'a Connection, by: &'a Decider<'a>) -> Result<Planner<'a>> {
        let next = subcontracts::next_opportunity_code(conn)?;
        let digits = next.trim_start_matches("OP-");
        Ok(Planner {
            conn,
            by,
            next_number: digits.parse().unwrap_or(1),
            width: digits.len().max(3),
            commissioners: HashMap::new(),
            new_commissioners: Vec::new(),
        })
    }

    fn plan(mut self, r: &OcdsImportRequest, files: Vec<FileReleases>) -> Result<OcdsImportPlan> {
        let mut summaries: Vec<FileSummary> = files
            .iter()
            .map(|f| FileSummary {
                file: f.file.display().to_string(),
                sha256: f.sha256.clone(),
                new: Vec::new(),
                updated: Vec::new(),
                unchanged: 0,
                skipped: f.skipped.clone(),
                notes: Vec::new(),
            })
            .collect();
        // Every release of a process, across files; the process belongs to the file of its last.
        let mut by_ocid: BTreeMap<String, (usize, Vec<&Value>)> = BTreeMap::new();
        let mut order: Vec<String> = Vec::new();
        for (i, f) in files.iter().enumerate() {
            for rel in &f.releases {
                let ocid = rel["ocid"].as_str().unwrap_or_default().trim().to_string();
                let e = by_ocid.entry(ocid.clone()).or_insert_with(|| {
                    order.push(ocid.clone());
                    (i, Vec::new())
                });
                e.0 = i;
                e.1.push(rel);
            }
        }
        let mut changes = Vec::new();
        for ocid in &order {
            let (file, releases) = &by_ocid[ocid];
            let compiled = read::compile(releases.clone());
            let summary = &mut summaries[*file];
            match notice::read(&compiled, self.by.settings.ocds) {
                Err(why) => summary.skipped.push(format!("{ocid}: {why}")),
                Ok(n) => {
                    let source = summary.file.clone();
                    self.take(n, &source, summary, &mut changes)?;
                }
            }
        }
        let commissioners = self
            .new_commissioners
            .iter()
            .map(|c| format!("{} ({})", c.code, c.name))
            .collect();
        Ok(OcdsImportPlan {
            request: r.clone(),
            files: summaries,
            commissioners,
            new_commissioners: Arc::new(self.new_commissioners),
            changes: Arc::new(changes),
        })
    }

    /// A new opportunity, an update to the one the process became, or nothing new.
    fn take(
        &mut self,
        n: Notice,
        source: &str,
        summary: &mut FileSummary,
        changes: &mut Vec<Change>,
    ) -> Result<()> {
        let existing = stored::by_ocid(self.conn, &n.ocid)?;
        let commissioner = self.commissioner_for(&n)?;
        if !n.notes.is_empty() {
            summary
                .notes
                .push(format!("{}: {}", n.ocid, n.notes.join("; ")));
        }
        let Some(before) = existing else {
            let code = self.next_code();
            let o = Opportunity {
                code: code.clone(),
                title: n.title.clone(),
                commissioner,
                service_line: n.service_line.clone(),
                kind: OpportunityKind::Tender,
                stage: n.stage,
                deadline: n.deadline,
                value: n.value,
                duration_months: n.duration_months,
                payment_model: PaymentModel::Block,
                top_slice_pct: Decimal::from(5),
                bid_score: None,
                decision: None,
                decision_reason: None,
                award_route: None,
                row_version: 1,
            };
            summary
                .new
                .push(format!("{code} <- {}: {}", n.ocid, n.title));
            changes.push(Change::New(o, record(&n, &code, source)));
            return Ok(());
        };
        let Some(current) = opportunities::get_opportunity(self.conn, &before.opportunity)? else {
            return Err(HubError::Invalid(format!(
                "{} names opportunity {}, which is not recorded",
                n.ocid, before.opportunity
            )));
        };
        let mut next = current.clone();
        next.title = n.title.clone();
        next.commissioner = commissioner;
        next.service_line = n.service_line.clone();
        next.deadline = n.deadline;
        next.value = n.value;
        next.duration_months = n.duration_months;
        let rec = record(&n, &current.code, source);
        let differences = differences(&current, &next);
        let notice_moved = same_notice(&before) != same_notice(&rec);
        if differences.is_empty() && !notice_moved {
            summary.unchanged += 1;
            return Ok(());
        }
        let mut said = differences;
        if notice_moved && rec.notice_stage != before.notice_stage {
            said.push(format!(
                "the notice now means {} (the hub's stage, {}, kept)",
                rec.notice_stage,
                current.stage.code()
            ));
        }
        if said.is_empty() {
            said.push("the notice's details".into());
        }
        summary
            .updated
            .push(format!("{}: {}", current.code, said.join("; ")));
        changes.push(if next == current {
            Change::Notice(rec)
        } else {
            Change::Update(next, current.row_version, rec)
        });
        Ok(())
    }

    fn next_code(&mut self) -> String {
        let code = format!("OP-{:0w$}", self.next_number, w = self.width);
        self.next_number += 1;
        code
    }

    /// The commissioner the buyer is: recorded under its name, or new with a code from its
    /// initials.
    fn commissioner_for(&mut self, n: &Notice) -> Result<String> {
        let key = n.buyer_name.to_lowercase();
        if let Some(code) = self.commissioners.get(&key) {
            return Ok(code.clone());
        }
        let code = match stored::commissioner_named(self.conn, &n.buyer_name)? {
            Some(code) => code,
            None => {
                let code = self.free_code(&initials(&n.buyer_name))?;
                self.new_commissioners.push(Commissioner {
                    code: code.clone(),
                    name: n.buyer_name.clone(),
                    kind: "public buyer".into(),
                });
                code
            }
        };
        self.commissioners.insert(key, code.clone());
        Ok(code)
    }

    fn free_code(&self, base: &str) -> Result<String> {
        let taken = |c: &str| -> Result<bool> {
            Ok(self.new_commissioners.iter().any(|x| x.code == c)
                || stored::commissioner_exists(self.conn, c)?)
        };
        if !taken(base)? {
            return Ok(base.to_string());
        }
        for i in 2.. {
            let c = format!("{base}{i}");
            if !taken(&c)? {
                return Ok(c);
            }
        }
        unreachable!("some suffix is free")
    }
}

/// A commissioner code from a buyer's name: the initials of its words, upper case (`MO` for Met
/// Office), at least two letters.
fn initials(name: &str) -> String {
    let i: String = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| {
            !w.is_empty() && !["of", "the", "and", "for"].contains(&w.to_lowercase().as_str())
        })
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_uppercase)
        .take(8)
        .collect();
    if i.chars().count() >= 2 {
        return i;
    }
    // One word: its first letters, at least two.
    let mut short: String = name
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .take(4)
        .collect();
    while short.chars().count() < 2 {
        short.push('X');
    }
    short
}

fn record(n: &Notice, code: &str, source: &str) -> NoticeRecord {
    NoticeRecord {
        ocid: n.ocid.clone(),
        opportunity: code.to_string(),
        release_id: n.release_id.clone(),
        release_date: n.release_date.clone(),
        notice_type: n.notice_type.clone(),
        buyer_id: n.buyer_id.clone(),
        value_basis: n.value_basis.code().into(),
        currency: n.currency.clone(),
        amount: n.amount.map(|a| a.to_string()),
        tender_status: n.tender_status.clone(),
        notice_stage: n.stage.code().into(),
        cpv: (!n.cpv.is_empty()).then(|| n.cpv.join(" ")),
        vcse_suitable: n.vcse_suitable,
        sme_suitable: n.sme_suitable,
        contract_start: n.contract_start.map(|d| d.to_string()),
        contract_end: n.contract_end.map(|d| d.to_string()),
        uri: n.uri.clone(),
        source_file: source.to_string(),
    }
}

/// A notice as it bears on the opportunity: everything but the file it was read from.
fn same_notice(r: &NoticeRecord) -> NoticeRecord {
    NoticeRecord {
        source_file: String::new(),
        ..r.clone()
    }
}

fn differences(a: &Opportunity, b: &Opportunity) -> Vec<String> {
    let mut d = Vec::new();
    let mut note = |what: &str, x: String, y: String| {
        if x != y {
            d.push(format!("{what} {x} → {y}"));
        }
    };
    note("title", a.title.clone(), b.title.clone());
    note(
        "commissioner",
        a.commissioner.clone(),
        b.commissioner.clone(),
    );
    note(
        "service line",
        a.service_line.clone(),
        b.service_line.clone(),
    );
    note("deadline", a.deadline.to_string(), b.deadline.to_string());
    note(
        "value",
        crate::money::display(a.value),
        crate::money::display(b.value),
    );
    note(
        "months",
        a.duration_months.to_string(),
        b.duration_months.to_string(),
    );
    d
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_buyer_code_is_its_initials() {
        assert_eq!(super::initials("Met Office"), "MO");
        assert_eq!(super::initials("London Borough of Barnet"), "LBB");
        assert_eq!(super::initials("Knowsley"), "KNOW");
    }
}
