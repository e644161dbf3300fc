//! Monthly returns as decisions: recording a month's return when it comes in (filling the row
//! that was waiting for it, late or not), and correcting one already in, with what changed before
//! and after in the audit row. Scores, warnings and triage follow at once: the score cache drops
//! what a changed return invalidates.

use chrono::NaiveDate;
use rusqlite::Connection;
use rust_decimal::Decimal;
use serde::Serialize;

use super::Decider;
use super::common;
use super::decision::{Decision, Opening, Sheet, Spec, Why, Written};
use super::fields::{Field, FieldKind, Values};
use crate::dates::{self, Period};
use crate::domain::returns::{self, ReturnEntry};
use crate::domain::{Entity, EntityRef, MonitoringReturn, SubContract, SubContractCode, profile};
use crate::error::{HubError, Result};
use crate::money;
use crate::store::audit::{AuditAction, Entry};
use crate::store::{self, subcontracts};

pub struct RecordReturn;
pub struct CorrectReturn;

/// The month's figures as typed: every one given when recording; only those that change when
/// correcting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ReturnRequest {
    pub subcontract: SubContractCode,
    pub period: Period,
    pub units_delivered: Option<u32>,
    pub outcomes_achieved: Option<u32>,
    pub milestones_met: Option<u32>,
    pub spend: Option<Decimal>,
    pub paid: Option<Decimal>,
    pub quality_grade: Option<u8>,
    pub referrals: Option<u32>,
    pub submitted: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReturnPlan {
    pub request: ReturnRequest,
    pub subcontract: SubContract,
    /// The row as read: awaited (recording) or in (correcting).
    pub before: MonitoringReturn,
    pub after: MonitoringReturn,
    /// What a correction changes, in words; empty when recording.
    pub changes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReturnOutcome {
    pub subcontract: String,
    pub period: Period,
    pub corrected: bool,
    pub changes: Vec<String>,
}

const FIGURES: [Field; 10] = [
    Field::subcontract("The sub-contract whose return it is"),
    Field::new("period", "Month", FieldKind::Month)
        .help("The month the return covers (YYYY-MM)")
        .required(),
    Field::new("units", "Units delivered", FieldKind::Count)
        .help("Units of activity delivered in the month"),
    Field::new("outcomes", "Outcomes achieved", FieldKind::Count)
        .help("Outcomes achieved in the month [default when recording: 0]"),
    Field::new("milestones_met", "Milestones met", FieldKind::Count)
        .help("Milestones met of those due in the month [default when recording: 0]"),
    Field::new("spend", "Spend", FieldKind::Money).help("What the member spent in the month"),
    Field::new("paid", "Paid", FieldKind::Money).help("What the hub paid the member for the month"),
    Field::new("quality", "Quality grade", FieldKind::Count)
        .help("1 outstanding, 2 good, 3 requires improvement, 4 inadequate [default: none]"),
    Field::new("referrals", "Referrals", FieldKind::Count)
        .help("People referred to the member in the month"),
    Field::new("submitted", "Came in on", FieldKind::Date)
        .help("The day the return came in [default: today]"),
];

static RECORD: Spec = Spec::new(
    "return_record",
    "Record a monthly return",
    "Record a month's return for a sub-contract as it comes in: delivery, outcomes, milestones, spend, payment, quality and referrals",
    &["returns", "record"],
    &FIGURES,
)
.acting_on(Entity::SubContract)
.keys(&["m"], "return");

static CORRECT: Spec = Spec::new(
    "return_correct",
    "Correct a monthly return",
    "Correct a return already recorded: give only the figures that change; the audit row keeps before and after",
    &["returns", "correct"],
    &FIGURES,
)
.acting_on(Entity::SubContract)
.keys(&["M"], "");

fn read_request(v: &Values) -> Result<ReturnRequest> {
    let quality = v
        .opt_count("quality")?
        .map(|g| u8::try_from(g).unwrap_or(u8::MAX));
    Ok(ReturnRequest {
        subcontract: v.code("subcontract")?,
        period: v.month("period")?,
        units_delivered: v.opt_count("units")?,
        outcomes_achieved: v.opt_count("outcomes")?,
        milestones_met: v.opt_count("milestones_met")?,
        spend: v.opt_money("spend")?,
        paid: v.opt_money("paid")?,
        quality_grade: quality,
        referrals: v.opt_count("referrals")?,
        submitted: v.opt_date("submitted")?,
    })
}

/// The entry the request makes of `base` (what is on record, or nothing yet).
fn entry(r: &ReturnRequest, base: Option<&ReturnEntry>, today: NaiveDate) -> ReturnEntry {
    ReturnEntry {
        units_delivered: r
            .units_delivered
            .or(base.map(|b| b.units_delivered))
            .unwrap_or(0),
        outcomes_achieved: r
            .outcomes_achieved
            .or(base.map(|b| b.outcomes_achieved))
            .unwrap_or(0),
        milestones_met: r
            .milestones_met
            .or(base.map(|b| b.milestones_met))
            .unwrap_or(0),
        spend: r.spend.or(base.map(|b| b.spend)).unwrap_or_default(),
        paid: r.paid.or(base.map(|b| b.paid)).unwrap_or_default(),
        quality_grade: r.quality_grade.or(base.and_then(|b| b.quality_grade)),
        referrals: r.referrals.or(base.map(|b| b.referrals)).unwrap_or(0),
        submitted: r.submitted.or(base.map(|b| b.submitted)).unwrap_or(today),
    }
}

/// The sub-contract and the row for the month: the one on record, or a new one at the month's
/// profiled target.
fn row_for(
    conn: &Connection,
    r: &ReturnRequest,
) -> Result<(SubContract, Option<MonitoringReturn>)> {
    let sub = common::subcontract(conn, &r.subcontract)?;
    Ok((sub.clone(), store::returns::get(conn, &sub.code, r.period)?))
}

fn new_row(conn: &Connection, sub: &SubContract, period: Period) -> Result<MonitoringReturn> {
    let profiles = subcontracts::profiles_of(conn, &sub.code)?;
    let target = profile::units_in(sub, &profiles, period);
    Ok(returns::pending_row(sub, period, target))
}

fn plan_of(
    sub: SubContract,
    r: &ReturnRequest,
    before: MonitoringReturn,
    after_entry: &ReturnEntry,
    by: &Decider,
) -> Result<ReturnPlan> {
    returns::check(&sub, &before, after_entry, by.today())?;
    let changes = ReturnEntry::of(&before)
        .map(|b| returns::changes(&b, after_entry))
        .unwrap_or_default();
    let after = after_entry.applied_to(&before);
    Ok(ReturnPlan {
        request: ReturnRequest {
            subcontract: SubContractCode::new(sub.code.clone()),
            ..r.clone()
        },
        subcontract: sub,
        before,
        after,
        changes,
    })
}

/// The figures of a return, one line.
fn figures(m: &MonitoringReturn) -> String {
    format!(
        "{} of {} units delivered, {} of {} outcomes, {} of {} milestones; spend {}, paid {}; quality {}; {} referrals",
        m.units_delivered,
        m.units_target,
        m.outcomes_achieved,
        m.outcomes_target,
        m.milestones_met,
        m.milestones_due,
        money::display(m.spend),
        money::display(m.paid),
        m.quality_grade
            .map_or("not graded".to_string(), |g| format!("grade {g}")),
        m.referrals
    )
}

fn came_in(m: &MonitoringReturn) -> String {
    match m.submitted {
        Some(s) if s > m.due => format!(
            "came in {}, {} (due {})",
            dates::display(s),
            dates::late_phrase((s - m.due).num_days()),
            dates::display(m.due)
        ),
        Some(s) => format!(
            "came in {}, due {}",
            dates::display(s),
            dates::display(m.due)
        ),
        None => format!("due {}, not in", dates::display(m.due)),
    }
}

fn audit_entry(p: &ReturnPlan, corrected: bool) -> Entry {
    let action = if corrected {
        AuditAction::ReturnCorrect
    } else {
        AuditAction::ReturnRecord
    };
    Entry::new(action, EntityRef::subcontract(&p.subcontract.code))
        .before(&serde_json::json!({ "return": p.before }))
        .after(&serde_json::json!({ "return": p.after, "changes": p.changes }))
}

fn write_plan(tx: &Connection, p: &ReturnPlan, corrected: bool) -> Result<Written<ReturnOutcome>> {
    store::returns::put(tx, &p.after)?;
    Ok(Written {
        outcome: ReturnOutcome {
            subcontract: p.subcontract.code.clone(),
            period: p.after.period,
            corrected,
            changes: p.changes.clone(),
        },
        audit: vec![audit_entry(p, corrected)],
    })
}

fn opening(conn: &Connection, subject: Option<&EntityRef>, correcting: bool) -> Result<Opening> {
    let code = subject.map(|s| s.code.as_str()).unwrap_or_default();
    let sub = common::subcontract(conn, code)?;
    let rows = subcontracts::returns_of(conn, &sub.code)?;
    // Recording: the oldest month still awaited that is past its due date, else the newest
    // awaited. Correcting: the newest month in.
    let month = if correcting {
        rows.iter().rev().find(|r| r.submitted.is_some())
    } else {
        rows.iter().find(|r| r.submitted.is_none())
    };
    let mut prefill = Values::default().with("subcontract", &sub.code);
    let mut context = vec![format!(
        "{} · {} units a month · {} to {}",
        sub.code,
        sub.units_per_month,
        dates::display(sub.start),
        dates::display(sub.end)
    )];
    if let Some(m) = month {
        prefill.set("period", &m.period.to_string());
        context.push(format!("{}: {}", m.period.display(), came_in(m)));
        if correcting {
            context.push(figures(m));
        }
    }
    Ok(Opening { context, prefill })
}

impl Decision for RecordReturn {
    type Request = ReturnRequest;
    type Plan = ReturnPlan;
    type Outcome = ReturnOutcome;

    fn spec() -> &'static Spec {
        &RECORD
    }

    fn request(v: &Values) -> Result<ReturnRequest> {
        for key in ["units", "spend", "paid", "referrals"] {
            if !v.has(key) {
                return Err(HubError::missing(key));
            }
        }
        read_request(v)
    }

    fn open(conn: &Connection, _by: &Decider, subject: Option<&EntityRef>) -> Result<Opening> {
        opening(conn, subject, false)
    }

    fn plan(conn: &Connection, by: &Decider, r: &ReturnRequest) -> Result<ReturnPlan> {
        let (sub, row) = row_for(conn, r)?;
        if let Some(m) = row.as_ref().filter(|m| m.submitted.is_some()) {
            return Err(HubError::wrong(
                "period",
                format!(
                    "the return for {} is already recorded for {} ({}); use correct to change it",
                    m.period.display(),
                    sub.code,
                    came_in(m)
                ),
            ));
        }
        let before = match row {
            Some(m) => m,
            None => new_row(conn, &sub, r.period)?,
        };
        let e = entry(r, None, by.today());
        plan_of(sub, r, before, &e, by)
    }

    fn request_of(plan: &ReturnPlan) -> &ReturnRequest {
        &plan.request
    }

    fn sheet(p: &ReturnPlan) -> Sheet {
        Sheet {
            title: format!(
                "Record {}'s return for {}",
                p.subcontract.code,
                p.after.period.display()
            ),
            facts: vec![came_in(&p.after), figures(&p.after)],
            checks: Vec::new(),
            writes: vec![format!(
                "the return for {} on {}",
                p.after.period.display(),
                p.subcontract.code
            )],
            confirm_code: None,
        }
    }

    fn write(
        tx: &Connection,
        _by: &Decider,
        p: &ReturnPlan,
        _why: &Why,
    ) -> Result<Written<ReturnOutcome>> {
        write_plan(tx, p, false)
    }

    fn done(o: &ReturnOutcome) -> String {
        format!(
            "the return for {} on {} is recorded",
            o.period.display(),
            o.subcontract
        )
    }
}

impl Decision for CorrectReturn {
    type Request = ReturnRequest;
    type Plan = ReturnPlan;
    type Outcome = ReturnOutcome;

    fn spec() -> &'static Spec {
        &CORRECT
    }

    fn request(v: &Values) -> Result<ReturnRequest> {
        read_request(v)
    }

    fn open(conn: &Connection, _by: &Decider, subject: Option<&EntityRef>) -> Result<Opening> {
        opening(conn, subject, true)
    }

    fn plan(conn: &Connection, by: &Decider, r: &ReturnRequest) -> Result<ReturnPlan> {
        let (sub, row) = row_for(conn, r)?;
        let Some(before) = row.filter(|m| m.submitted.is_some()) else {
            return Err(HubError::wrong(
                "period",
                format!(
                    "no return for {} is recorded for {} yet: record it rather than correct it",
                    r.period.display(),
                    sub.code
                ),
            ));
        };
        let base = ReturnEntry::of(&before);
        let e = entry(r, base.as_ref(), by.today());
        let plan = plan_of(sub, r, before, &e, by)?;
        if plan.changes.is_empty() {
            return Err(HubError::wrong(
                "period",
                format!(
                    "nothing to correct: the figures given are those recorded for {}",
                    plan.after.period.display()
                ),
            ));
        }
        Ok(plan)
    }

    fn request_of(plan: &ReturnPlan) -> &ReturnRequest {
        &plan.request
    }

    fn sheet(p: &ReturnPlan) -> Sheet {
        Sheet {
            title: format!(
                "Correct {}'s return for {}",
                p.subcontract.code,
                p.after.period.display()
            ),
            facts: vec![
                format!("recorded: {}", figures(&p.before)),
                format!("corrected: {}", p.changes.join("; ")),
            ],
            checks: Vec::new(),
            writes: vec![format!(
                "the return for {} on {}: {}",
                p.after.period.display(),
                p.subcontract.code,
                p.changes.join("; ")
            )],
            confirm_code: None,
        }
    }

    fn write(
        tx: &Connection,
        _by: &Decider,
        p: &ReturnPlan,
        _why: &Why,
    ) -> Result<Written<ReturnOutcome>> {
        write_plan(tx, p, true)
    }

    fn done(o: &ReturnOutcome) -> String {
        format!(
            "the return for {} on {} is corrected: {}",
            o.period.display(),
            o.subcontract,
            o.changes.join("; ")
        )
    }
}
