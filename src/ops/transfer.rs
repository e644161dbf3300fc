//! Transferring the undelivered remainder of a suspended sub-contract to another member: a new
//! active sub-contract from the suspension's effective date to the original end, at the original
//! unit price, checked against the receiving member like an award; the original is terminated.

use rusqlite::Connection;
use serde::Serialize;

use super::Decider;
use super::common::{self, MemberFacts};
use crate::domain::checks::{Check, Proposal};
use crate::domain::clawback::{self, Remainder};
use crate::domain::{SubContract, SubContractStatus};
use crate::error::{HubError, Result};
use crate::store::audit::{self, Entry};
use crate::store::{Store, members, subcontracts};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TransferRequest {
    pub subcontract: String,
    /// The receiving member.
    pub to: String,
    pub reason: String,
    pub override_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TransferPlan {
    pub request: TransferRequest,
    /// The suspended original, as read.
    pub original: SubContract,
    pub remainder: Remainder,
    /// The new sub-contract; its code is provisional.
    pub transferred: SubContract,
    pub checks: Vec<Check>,
    /// The receiving member's version the checks ran against.
    pub member_version: i64,
}

impl TransferPlan {
    pub fn failures(&self) -> Vec<&Check> {
        crate::domain::checks::failures(&self.checks)
    }
    pub fn will_proceed(&self) -> bool {
        self.failures().is_empty() || self.request.override_reason.is_some()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TransferOutcome {
    pub original: SubContract,
    pub transferred: SubContract,
    pub checks: Vec<Check>,
    pub overridden: bool,
    pub audit_id: i64,
}

fn proposal(r: &Remainder, units: u32) -> Proposal {
    Proposal {
        value: r.value,
        start: r.start,
        end: r.end,
        units_per_month: units,
        let_by: None,
    }
}

pub fn plan_transfer(
    conn: &Connection,
    by: &Decider,
    mut request: TransferRequest,
) -> Result<TransferPlan> {
    request.reason = common::required_reason("--reason", &request.reason)?;
    request.override_reason =
        common::optional_reason("--override-reason", request.override_reason.as_deref())?;
    let original = common::subcontract(conn, &request.subcontract)?;
    let facts_member = common::member(conn, &request.to)?;
    if facts_member.code == original.member {
        return Err(HubError::Invalid(format!(
            "sub-contract {} is already held by {}; transfer it to another member",
            original.code, original.member
        )));
    }
    refuse_unless_suspended(&original)?;
    let remainder = remainder_of(conn, by, &original)?;
    let opportunity = common::opportunity(conn, &original.opportunity)?;
    let facts = MemberFacts::gather(conn, &request.to, &opportunity.service_line)?;
    let checks = facts.checks(
        &opportunity.service_line,
        &proposal(&remainder, original.units_per_month),
        by.rules,
    );
    let transferred = SubContract {
        code: subcontracts::next_subcontract_code(conn)?,
        opportunity: original.opportunity.clone(),
        member: request.to.clone(),
        let_by: None,
        value: remainder.value,
        start: remainder.start,
        end: remainder.end,
        units_per_month: original.units_per_month,
        payment_model: original.payment_model,
        status: SubContractStatus::Active,
        transferred_from: Some(original.code.clone()),
        row_version: 1,
    };
    Ok(TransferPlan {
        request,
        original,
        remainder,
        transferred,
        checks,
        member_version: facts.member.row_version,
    })
}

fn refuse_unless_suspended(sub: &SubContract) -> Result<()> {
    if sub.status != SubContractStatus::Suspended {
        return Err(HubError::Refused(format!(
            "sub-contract {} is {}; only a suspended sub-contract can be transferred (suspend it first)",
            sub.code,
            sub.status.label().to_lowercase()
        )));
    }
    Ok(())
}

/// What is left from the open suspension's effective date (today if none is recorded).
fn remainder_of(conn: &Connection, by: &Decider, sub: &SubContract) -> Result<Remainder> {
    let from = subcontracts::open_suspension(conn, &sub.code)?
        .map(|s| s.effective)
        .unwrap_or_else(|| by.clock.today());
    let profiles = subcontracts::profiles_of(conn, &sub.code)?;
    clawback::remainder(sub, &profiles, from).ok_or_else(|| {
        HubError::Refused(format!(
            "nothing is left to transfer: sub-contract {} ended on {}, before its suspension takes effect on {}",
            sub.code,
            crate::dates::display(sub.end),
            crate::dates::display(from)
        ))
    })
}

/// Terminates the original and creates the transferred sub-contract, in one transaction.
pub fn commit_transfer(
    store: &mut Store,
    by: &Decider,
    plan: &TransferPlan,
) -> Result<TransferOutcome> {
    let tx = store.write()?;
    let req = &plan.request;
    let before = common::fresh_subcontract(&tx, &plan.original.code, plan.original.row_version)?;
    let receiver = common::fresh_member(&tx, &req.to, plan.member_version)?;
    refuse_unless_suspended(&before)?;
    let remainder = remainder_of(&tx, by, &before)?;
    let opportunity = common::opportunity(&tx, &before.opportunity)?;
    let facts = MemberFacts::gather(&tx, &req.to, &opportunity.service_line)?;
    let checks = facts.checks(
        &opportunity.service_line,
        &proposal(&remainder, before.units_per_month),
        by.rules,
    );
    common::refuse_unless_passed_or_overridden(
        &format!("transfer to {}", req.to),
        &checks,
        req.override_reason.as_deref(),
    )?;
    let transferred = SubContract {
        code: subcontracts::next_subcontract_code(&tx)?,
        value: remainder.value,
        start: remainder.start,
        end: remainder.end,
        ..plan.transferred.clone()
    };
    subcontracts::insert_subcontract(&tx, &transferred)?;
    let matched = subcontracts::set_subcontract_status(
        &tx,
        &before.code,
        SubContractStatus::Terminated,
        before.row_version,
    )?;
    common::updated(matched, "sub-contract", &before.code, before.row_version)?;
    let matched = members::bump_member_version(&tx, &receiver.code, receiver.row_version)?;
    common::updated(matched, "member", &receiver.code, receiver.row_version)?;
    let original = common::subcontract(&tx, &before.code)?;
    let reason = common::audit_reason(&req.reason, req.override_reason.as_deref(), &checks);
    let over = common::override_record(&checks, req.override_reason.as_deref());
    let out = Entry::new("transfer", format!("subcontract:{}", before.code))
        .before(&before)
        .after(&serde_json::json!({
            "subcontract": original,
            "transferred_to": transferred.code,
            "remainder": remainder,
        }))
        .reason(reason.clone());
    audit::append(&tx, by.clock, by.actor, &out)?;
    let into = Entry::new("transfer_in", format!("subcontract:{}", transferred.code))
        .before(
            &serde_json::json!({ "member": receiver.code, "member_version": receiver.row_version }),
        )
        .after(&serde_json::json!({
            "subcontract": transferred,
            "checks": checks,
            "override": over,
            "member_version": receiver.row_version + 1,
        }))
        .reason(reason);
    let audit_id = audit::append(&tx, by.clock, by.actor, &into)?;
    tx.commit()?;
    let overridden = !crate::domain::checks::failures(&checks).is_empty();
    Ok(TransferOutcome {
        original,
        transferred,
        checks,
        overridden,
        audit_id,
    })
}
