//! Suspending an active sub-contract: a reason code and words, effective no earlier than the
//! Compact's notice period allows unless urgent. With notice the sub-contract stays active and
//! paid through the effective date and is suspended from the day after — its state follows the
//! date (`domain::state`); an urgent suspension for today takes effect at once. The officer reads
//! the evidence first.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use super::Decider;
use super::common;
use super::decision::{Decision, Opening, Sheet, Spec, Why, Written};
use super::fields::{Field, FieldKind, Values};
use crate::dates;
use crate::domain::notice::{self, NoticeError};
use crate::domain::state::{State, day_after};
use crate::domain::{
    Entity, EntityRef, SubContract, SubContractCode, SubContractStatus, Suspension,
    SuspensionReason,
};
use crate::error::{HubError, Result};
use crate::money;
use crate::store::audit::{AuditAction, Entry};
use crate::store::subcontracts;

pub struct Suspend;

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct SuspendRequest {
    pub subcontract: SubContractCode,
    pub reason_code: SuspensionReason,
    /// The earliest allowed date when not given.
    pub effective: Option<NaiveDate>,
    /// Skips the notice period: takes effect the same day unless a date is given.
    pub urgent: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SuspendPlan {
    pub request: SuspendRequest,
    /// As read.
    pub subcontract: SubContract,
    pub member_name: String,
    pub decided: NaiveDate,
    /// The earliest date the notice period allows (the decision date itself if urgent).
    pub earliest: NaiveDate,
    pub effective: NaiveDate,
    pub notice_months: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SuspendOutcome {
    pub subcontract: SubContract,
    pub suspension: Suspension,
    /// Its state on the decision day: under notice, or suspended.
    pub state: State,
}

fn reasons() -> Vec<(&'static str, &'static str)> {
    SuspensionReason::ALL
        .iter()
        .map(|r| (r.code(), r.label()))
        .collect()
}

static SPEC: Spec = Spec::new(
    "suspend",
    "Suspend a sub-contract",
    "Suspend an active sub-contract, after the notice period unless urgent",
    &["suspend"],
    &[
        Field::subcontract("The sub-contract to suspend"),
        Field::new("reason_code", "Reason", FieldKind::Choice(reasons))
            .help("Why, as a code: under_delivery, missed_returns, quality, safeguarding, financial, other")
            .required(),
        Field::new("effective", "Takes effect on", FieldKind::Date)
            .help("When it takes effect [default: the earliest the notice period allows]"),
        Field::new("urgent", "Urgent (no notice period)", FieldKind::Flag)
            .help("Take effect at once, skipping the notice period (the reason must say why)"),
    ],
)
.acting_on(Entity::SubContract)
.keys(&["s"], "suspend")
.typed();

fn refuse_unless_suspendable(
    conn: &Connection,
    sub: &SubContract,
    decided: NaiveDate,
) -> Result<()> {
    common::refuse_unless(
        sub,
        sub.status == SubContractStatus::Active,
        "only an active sub-contract can be suspended",
    )?;
    if let Some(open) = subcontracts::open_suspension(conn, &sub.code)? {
        let state = crate::domain::state::State::of(sub, Some(&open), decided);
        return Err(HubError::Refused(format!(
            "sub-contract {} is already {} (decided {}); reinstate it first to change the date",
            sub.code,
            state.describe(),
            dates::display(open.decided)
        )));
    }
    // One suspension decision per sub-contract per day (the record's key).
    if subcontracts::suspensions_of(conn, &sub.code)?
        .iter()
        .any(|s| s.decided == decided)
    {
        return Err(HubError::Refused(format!(
            "sub-contract {} already had a suspension decided on {}; a second one can be decided tomorrow",
            sub.code,
            dates::display(decided)
        )));
    }
    Ok(())
}

/// The evidence an officer reads before suspending: recent returns against profile, money paid,
/// earned and to come, late returns, referrals, the standing and every early-warning signal.
fn evidence(conn: &Connection, by: &Decider, code: &str) -> Result<Vec<String>> {
    let today = by.today();
    let e = crate::scoring::evidence(conn, code, today, by.settings.scoring)?;
    let mut lines = vec![
        "Evidence".to_string(),
        format!(
            "{:<9} {:>6} {:>9} {:>6}  {}",
            "Month", "Target", "Delivered", "%", "Return"
        ),
    ];
    let shown = e.months.len().saturating_sub(6);
    for m in &e.months[shown..] {
        let pct = m
            .delivery_pct
            .map_or("–".to_string(), |p| format!("{}%", p.round_dp(0)));
        let state = match m.submitted {
            None if m.due < today => "MISSING".to_string(),
            None => format!("due {}", dates::display(m.due)),
            Some(_) if m.days_late > 0 => dates::late_phrase(m.days_late),
            Some(_) => "on time".into(),
        };
        lines.push(format!(
            "{:<9} {:>6} {:>9} {:>6}  {state}",
            m.period.display(),
            m.units_target,
            m.units_delivered,
            pct
        ));
    }
    lines.push(format!(
        "Paid {} · earned {} for {} units delivered · still to deliver {}",
        money::display(e.clawback.paid),
        money::display(e.clawback.earned),
        e.clawback.delivered_units,
        money::display(e.remaining_value)
    ));
    lines.push(format!(
        "Late or missing returns {} · referrals received {} in the last {} months",
        e.late_or_missing.len(),
        e.referrals,
        e.months.len()
    ));
    let standing = e
        .overall
        .as_ref()
        .map(|r| format!("{} (score {})", r.standing.label(), r.score))
        .unwrap_or_else(|| "not scored yet".into());
    lines.push(format!(
        "Standing {standing} · member: {}",
        e.member_standing.describe()
    ));
    lines.extend(e.signals.iter().map(|s| format!("⚑ {}", s.why)));
    Ok(lines)
}

/// An urgent suspension effective the day it is decided takes effect at once; any other is a
/// notice, and the date does the rest.
fn at_once(p: &SuspendPlan) -> bool {
    p.effective <= p.decided
}

fn status_change(p: &SuspendPlan) -> String {
    let code = &p.subcontract.code;
    if at_once(p) {
        format!("{code}: status active → suspended, today")
    } else {
        format!(
            "{code}: stays active and paid through {} (notice given), suspended from {}; the member counts as under notice from today",
            dates::display(p.effective),
            dates::display(day_after(p.effective))
        )
    }
}

impl Decision for Suspend {
    type Request = SuspendRequest;
    type Plan = SuspendPlan;
    type Outcome = SuspendOutcome;

    fn spec() -> &'static Spec {
        &SPEC
    }

    fn request(v: &Values) -> Result<SuspendRequest> {
        Ok(SuspendRequest {
            subcontract: v.code("subcontract")?,
            reason_code: v.choice("reason_code")?,
            effective: v.opt_date("effective")?,
            urgent: v.flag("urgent"),
        })
    }

    fn open(conn: &Connection, by: &Decider, subject: Option<&EntityRef>) -> Result<Opening> {
        let code = subject.map(|s| s.code.as_str()).unwrap_or_default();
        refuse_unless_suspendable(conn, &common::subcontract(conn, code)?, by.today())?;
        Ok(Opening {
            context: evidence(conn, by, code)?,
            prefill: Values::default()
                .with("subcontract", code)
                .with("reason_code", SuspensionReason::UnderDelivery.code()),
        })
    }

    fn plan(conn: &Connection, by: &Decider, r: &SuspendRequest) -> Result<SuspendPlan> {
        let sub = common::subcontract(conn, &r.subcontract)?;
        let decided = by.today();
        let notice_months = by.rules().notice_months;
        let effective = notice::effective_date(decided, r.effective, r.urgent, notice_months)
            .map_err(|e| match e {
                NoticeError::BeforeDecision { .. } => HubError::wrong("effective", e.to_string()),
                NoticeError::TooSoon { .. } => HubError::Refused(e.to_string()),
            })?;
        refuse_unless_suspendable(conn, &sub, decided)?;
        let earliest = if r.urgent {
            decided
        } else {
            notice::earliest_effective(decided, notice_months)
        };
        Ok(SuspendPlan {
            request: r.clone(),
            member_name: common::member_name(conn, &sub.member)?,
            subcontract: sub,
            decided,
            earliest,
            effective,
            notice_months,
        })
    }

    fn request_of(plan: &SuspendPlan) -> &SuspendRequest {
        &plan.request
    }

    fn sheet(p: &SuspendPlan) -> Sheet {
        let code = &p.subcontract.code;
        let timing = if p.request.urgent {
            " (urgent: no notice period)".to_string()
        } else {
            format!(" ({} months' notice, the Compact)", p.notice_months)
        };
        Sheet {
            title: format!("Suspend {code} — {}", p.member_name),
            facts: vec![format!(
                "{} ({}): decided {}, earliest effective {}, effective {}{timing}",
                code,
                p.request.reason_code.label(),
                dates::display(p.decided),
                dates::display(p.earliest),
                dates::display(p.effective),
            )],
            checks: Vec::new(),
            writes: vec![
                status_change(p),
                format!(
                    "a suspension decided {}, effective {}, reason {}",
                    dates::display(p.decided),
                    dates::display(p.effective),
                    p.request.reason_code.label()
                ),
            ],
            confirm_code: Some(code.clone()),
        }
    }

    fn write(
        tx: &Connection,
        _by: &Decider,
        p: &SuspendPlan,
        why: &Why,
    ) -> Result<Written<SuspendOutcome>> {
        let before = &p.subcontract;
        let status = if at_once(p) {
            SubContractStatus::Suspended
        } else {
            before.status
        };
        let ok =
            subcontracts::set_subcontract_status(tx, &before.code, status, before.row_version)?;
        common::matched(ok, "sub-contract", &before.code)?;
        let suspension = Suspension {
            subcontract: before.code.clone(),
            decided: p.decided,
            effective: p.effective,
            reason_code: p.request.reason_code,
            reason: why.reason.clone(),
            urgent: p.request.urgent,
            lifted: None,
            transferred_to: None,
        };

        subcontracts::insert_suspension(tx, &suspension)?;
        let after = common::subcontract(tx, &before.code)?;
        let state = State::of(&after, Some(&suspension), p.decided);
        let entry = Entry::new(AuditAction::Suspend, EntityRef::subcontract(&before.code))
            .before(before)
            .after(&serde_json::json!({ "subcontract": after, "suspension": suspension }))
            .reason(format!("{}: {}", suspension.reason_code.code(), why.reason));
        Ok(Written {
            outcome: SuspendOutcome {
                subcontract: after,
                suspension,
                state,
            },
            audit: vec![entry],
        })
    }

    fn done(o: &SuspendOutcome) -> String {
        match o.state {
            State::UnderNotice { ends } => format!(
                "{}: notice given, ends {}; it delivers and is paid until then and is suspended from {}",
                o.subcontract.code,
                dates::display(ends),
                dates::display(day_after(ends))
            ),
            _ => format!(
                "{} is suspended from {}",
                o.subcontract.code,
                dates::display(o.suspension.effective)
            ),
        }
    }

    fn next(o: &SuspendOutcome) -> Vec<(&'static str, EntityRef)> {
        let sub = EntityRef::subcontract(&o.subcontract.code);
        vec![
            (super::transfer::NAME, sub.clone()),
            (super::clawback::NAME, sub),
        ]
    }
}
