//! Suspending an active sub-contract: a reason code and words, effective no earlier than the
//! Compact's notice period allows unless urgent.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use super::Decider;
use super::common;
use crate::dates;
use crate::domain::notice::{self, NoticeError};
use crate::domain::{SubContract, SubContractStatus, Suspension, SuspensionReason};
use crate::error::{HubError, Result};
use crate::store::audit::{self, Entry};
use crate::store::{Store, subcontracts};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SuspendRequest {
    pub subcontract: String,
    pub reason_code: SuspensionReason,
    pub reason: String,
    /// The earliest allowed date when not given.
    pub effective: Option<NaiveDate>,
    /// Skips the notice period: takes effect the same day unless a date is given.
    pub urgent: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SuspendPlan {
    pub request: SuspendRequest,
    /// As read; its version is the token the commit checks.
    pub subcontract: SubContract,
    /// The earliest date the notice period allows (the decision date itself if urgent).
    pub earliest: NaiveDate,
    pub suspension: Suspension,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SuspendOutcome {
    pub subcontract: SubContract,
    pub suspension: Suspension,
    pub audit_id: i64,
}

pub fn plan_suspend(
    conn: &Connection,
    by: &Decider,
    mut request: SuspendRequest,
) -> Result<SuspendPlan> {
    request.reason = common::required_reason("--reason", &request.reason)?;
    let sub = common::subcontract(conn, &request.subcontract)?;
    let decided = by.clock.today();
    let effective = notice::effective_date(
        decided,
        request.effective,
        request.urgent,
        by.rules.notice_months,
    )
    .map_err(|e| match e {
        NoticeError::BeforeDecision { .. } => HubError::Invalid(e.to_string()),
        NoticeError::TooSoon { .. } => HubError::Refused(e.to_string()),
    })?;
    refuse_unless_suspendable(conn, &sub, decided)?;
    let earliest = if request.urgent {
        decided
    } else {
        notice::earliest_effective(decided, by.rules.notice_months)
    };
    let suspension = Suspension {
        subcontract: sub.code.clone(),
        decided,
        effective,
        reason_code: request.reason_code,
        reason: request.reason.clone(),
        urgent: request.urgent,
        lifted: None,
    };
    Ok(SuspendPlan {
        request,
        subcontract: sub,
        earliest,
        suspension,
    })
}

fn refuse_unless_suspendable(
    conn: &Connection,
    sub: &SubContract,
    decided: NaiveDate,
) -> Result<()> {
    if sub.status != SubContractStatus::Active {
        return Err(HubError::Refused(format!(
            "sub-contract {} is {}; only an active sub-contract can be suspended",
            sub.code,
            sub.status.label().to_lowercase()
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

/// Sets the sub-contract to suspended and records the suspension, in one transaction.
pub fn commit_suspend(
    store: &mut Store,
    by: &Decider,
    plan: &SuspendPlan,
) -> Result<SuspendOutcome> {
    let tx = store.write()?;
    let before =
        common::fresh_subcontract(&tx, &plan.subcontract.code, plan.subcontract.row_version)?;
    refuse_unless_suspendable(&tx, &before, plan.suspension.decided)?;
    let matched = subcontracts::set_subcontract_status(
        &tx,
        &before.code,
        SubContractStatus::Suspended,
        before.row_version,
    )?;
    common::updated(matched, "sub-contract", &before.code, before.row_version)?;
    subcontracts::insert_suspension(&tx, &plan.suspension)?;
    let after = common::subcontract(&tx, &before.code)?;
    let entry = Entry::new("suspend", format!("subcontract:{}", before.code))
        .before(&before)
        .after(&serde_json::json!({ "subcontract": after, "suspension": plan.suspension }))
        .reason(format!(
            "{}: {}",
            plan.suspension.reason_code.code(),
            plan.suspension.reason
        ));
    let audit_id = audit::append(&tx, by.clock, by.actor, &entry)?;
    tx.commit()?;
    Ok(SuspendOutcome {
        subcontract: after,
        suspension: plan.suspension.clone(),
        audit_id,
    })
}
