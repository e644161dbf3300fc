//! The Board's approval of decisions that need it — a competitive award, or any decision taken
//! over a failed check — recorded with the meeting's date and its minute reference. Each approval
//! is an audit row naming the row it approves (a joint award's rows are approved together, one
//! approval row each); `report` lists what still awaits one.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use super::Decider;
use super::decision::{Decision, Sheet, Spec, Why, Written};
use super::fields::{Field, FieldKind, Values};
use crate::dates;
use crate::domain::EntityRef;
use crate::error::{HubError, Problem, Result};
use crate::store::audit::{self, AuditAction, Entry};
use crate::store::read::approvals;

pub struct ApproveDecision;

static SPEC: Spec = Spec::new(
    "board_approval",
    "Record the Board's approval",
    "Record the Board meeting (date and minute reference) that approved a competitive award or a decision taken over a failed check",
    &["board", "approve"],
    &[
        Field::new("rows", "Audit rows", FieldKind::Text)
            .help("The decision's row numbers in the audit log, as 5 or 5,6 (`hubboard report` lists those awaiting approval)")
            .required()
            .positional(),
        Field::new("meeting", "Meeting date", FieldKind::Date)
            .help("The day the Board met and approved it")
            .required(),
        Field::new("minute", "Minute reference", FieldKind::Text)
            .help("The minute recording the approval (BM/2026/11/4)")
            .required(),
    ],
)
.reason_optional();

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct ApprovalRequest {
    pub rows: Vec<u32>,
    pub meeting: NaiveDate,
    pub minute: String,
}

/// One row approved, as read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Approved {
    pub row: u32,
    pub action: String,
    pub entity: String,
    pub decided: NaiveDate,
    pub needs: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ApprovalPlan {
    pub request: ApprovalRequest,
    pub approved: Vec<Approved>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ApprovalOutcome {
    pub rows: Vec<u32>,
    pub meeting: NaiveDate,
    pub minute: String,
}

/// `5`, `5,6` or `5, 6` → row numbers, each once.
fn parse_rows(text: &str) -> Result<Vec<u32>> {
    let bad = |why: String| HubError::field("rows", Problem::Malformed(why));
    let mut out: Vec<u32> = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let n: u32 = part
            .parse()
            .map_err(|_| bad(format!("'{part}' is not an audit row number")))?;
        if out.contains(&n) {
            return Err(bad(format!("row {n} is given twice")));
        }
        out.push(n);
    }
    if out.is_empty() {
        return Err(HubError::missing("rows"));
    }
    Ok(out)
}

/// Row `n` as it needs approving, or why it cannot be.
fn approvable(conn: &Connection, n: u32) -> Result<Approved> {
    let id = i64::from(n);
    let row = audit::get(conn, id)?
        .ok_or_else(|| HubError::wrong("rows", format!("no audit row {id}")))?;
    let needs = approvals::needs_approval(&row).ok_or_else(|| {
        HubError::wrong(
            "rows",
            format!(
                "row {id} ({} of {}) is neither a competitive award nor taken over a failed check: it needs no Board approval",
                row.action, row.entity
            ),
        )
    })?;
    if let Some(a) = approvals::approval_of(conn, id)? {
        let meeting = dates::parse_iso(&a.meeting).map_or(a.meeting.clone(), dates::display);
        return Err(HubError::Refused(format!(
            "row {id} was approved at the Board meeting of {meeting} (minute {}), recorded in row {}",
            a.minute, a.id
        )));
    }
    let decided = row
        .at
        .get(..10)
        .and_then(|d| dates::parse_iso(d).ok())
        .ok_or_else(|| HubError::Invalid(format!("row {id}'s time '{}' is not a date", row.at)))?;
    Ok(Approved {
        row: n,
        action: row.action,
        entity: row.entity,
        decided,
        needs,
    })
}

impl Decision for ApproveDecision {
    type Request = ApprovalRequest;
    type Plan = ApprovalPlan;
    type Outcome = ApprovalOutcome;

    fn spec() -> &'static Spec {
        &SPEC
    }

    fn request(v: &Values) -> Result<ApprovalRequest> {
        Ok(ApprovalRequest {
            rows: parse_rows(&v.text("rows")?)?,
            meeting: v.date("meeting")?,
            minute: v.text("minute")?.trim().to_string(),
        })
    }

    fn plan(conn: &Connection, by: &Decider, r: &ApprovalRequest) -> Result<ApprovalPlan> {
        let approved = r
            .rows
            .iter()
            .map(|n| approvable(conn, *n))
            .collect::<Result<Vec<_>>>()?;
        if r.minute.is_empty() {
            return Err(HubError::missing("minute"));
        }
        if let Some(last) = approved.iter().map(|a| a.decided).max()
            && r.meeting < last
        {
            return Err(HubError::wrong(
                "meeting",
                format!(
                    "{} is before the decision was taken, on {}",
                    dates::display(r.meeting),
                    dates::display(last)
                ),
            ));
        }
        if r.meeting > by.today() {
            return Err(HubError::wrong(
                "meeting",
                format!(
                    "{} is in the future: record an approval once the Board has met",
                    dates::display(r.meeting)
                ),
            ));
        }
        Ok(ApprovalPlan {
            request: r.clone(),
            approved,
        })
    }

    fn request_of(plan: &ApprovalPlan) -> &ApprovalRequest {
        &plan.request
    }

    fn sheet(p: &ApprovalPlan) -> Sheet {
        let r = &p.request;
        let mut facts: Vec<String> = p
            .approved
            .iter()
            .map(|a| {
                format!(
                    "row {}: {} of {} on {} ({})",
                    a.row,
                    a.action,
                    a.entity,
                    dates::display(a.decided),
                    a.needs
                )
            })
            .collect();
        facts.push(format!(
            "approved at the Board meeting of {}, minute {}",
            dates::display(r.meeting),
            r.minute
        ));
        Sheet {
            title: format!(
                "Board approval of audit row{} {}",
                plural(r.rows.len()),
                rows_text(&r.rows)
            ),
            facts,
            checks: Vec::new(),
            writes: p
                .approved
                .iter()
                .map(|a| format!("the approval of row {}", a.row))
                .collect(),
            confirm_code: None,
        }
    }

    fn write(
        _tx: &Connection,
        _by: &Decider,
        p: &ApprovalPlan,
        _why: &Why,
    ) -> Result<Written<ApprovalOutcome>> {
        let r = &p.request;
        let mut audit = Vec::with_capacity(p.approved.len());
        for a in &p.approved {
            let entity: EntityRef = a.entity.parse().map_err(|_| {
                HubError::Invalid(format!("row {} names '{}', not a record", a.row, a.entity))
            })?;
            audit.push(
                Entry::new(AuditAction::BoardApproval, entity).after(&serde_json::json!({
                    "approves": a.row,
                    "action": a.action,
                    "needs": a.needs,
                    "meeting": r.meeting,
                    "minute": r.minute,
                })),
            );
        }
        Ok(Written {
            outcome: ApprovalOutcome {
                rows: r.rows.clone(),
                meeting: r.meeting,
                minute: r.minute.clone(),
            },
            audit,
        })
    }

    fn done(o: &ApprovalOutcome) -> String {
        format!(
            "audit row{} {} approved by the Board on {} (minute {})",
            plural(o.rows.len()),
            rows_text(&o.rows),
            dates::display(o.meeting),
            o.minute
        )
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn rows_text(rows: &[u32]) -> String {
    rows.iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}
