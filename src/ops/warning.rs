//! Early-warning flags (step 2 of the escalation ladder): an officer raises one on an active
//! sub-contract with a reason, and clears it with a reason. At most one is open at a time. The
//! flag does not change the sub-contract's row version: it records concern, not a change to
//! what the member is contracted to deliver, so it does not invalidate a colleague's plan.

use rusqlite::Connection;
use serde::Serialize;

use super::Decider;
use super::common;
use crate::dates;
use crate::domain::improvement::EarlyWarning;
use crate::domain::{SubContract, SubContractStatus};
use crate::error::{HubError, Result};
use crate::store::audit::{self, Entry};
use crate::store::{Store, plans};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WarnRequest {
    pub subcontract: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WarnPlan {
    pub request: WarnRequest,
    pub subcontract: SubContract,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClearWarningPlan {
    pub request: WarnRequest,
    /// The open flag as read.
    pub flag: EarlyWarning,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WarningOutcome {
    pub flag: EarlyWarning,
    pub audit_id: i64,
}

fn refuse_if_open(conn: &Connection, sub: &str) -> Result<()> {
    if let Some(f) = plans::open_flag(conn, sub)? {
        return Err(HubError::Refused(format!(
            "sub-contract {sub} already has an early warning raised {} by {} ({}); clear it first or leave it",
            dates::display(f.raised),
            f.raised_by,
            f.reason
        )));
    }
    Ok(())
}

fn refuse_unless_active(sub: &SubContract) -> Result<()> {
    if sub.status != SubContractStatus::Active {
        return Err(HubError::Refused(format!(
            "sub-contract {} is {}; an early warning is raised on an active sub-contract",
            sub.code,
            sub.status.label().to_lowercase()
        )));
    }
    Ok(())
}

pub fn plan_warn(conn: &Connection, _by: &Decider, mut request: WarnRequest) -> Result<WarnPlan> {
    request.reason = common::required_reason("--reason", &request.reason)?;
    let sub = common::subcontract(conn, &request.subcontract)?;
    refuse_unless_active(&sub)?;
    refuse_if_open(conn, &sub.code)?;
    Ok(WarnPlan {
        request,
        subcontract: sub,
    })
}

pub fn commit_warn(store: &mut Store, by: &Decider, plan: &WarnPlan) -> Result<WarningOutcome> {
    let tx = store.write()?;
    let code = &plan.subcontract.code;
    refuse_unless_active(&common::subcontract(&tx, code)?)?;
    if plans::open_flag(&tx, code)?.is_some() {
        return Err(HubError::Conflict(format!(
            "someone else raised an early warning on {code} since you looked; look again"
        )));
    }
    let flag = plans::insert_warning(&tx, code, by.clock.today(), by.actor, &plan.request.reason)?;
    let entry = Entry::new("early_warning", format!("subcontract:{code}"))
        .after(&flag)
        .reason(plan.request.reason.clone());
    let audit_id = audit::append(&tx, by.clock, by.actor, &entry)?;
    tx.commit()?;
    Ok(WarningOutcome { flag, audit_id })
}

pub fn plan_clear_warning(
    conn: &Connection,
    _by: &Decider,
    mut request: WarnRequest,
) -> Result<ClearWarningPlan> {
    request.reason = common::required_reason("--reason", &request.reason)?;
    let sub = common::subcontract(conn, &request.subcontract)?;
    let flag = plans::open_flag(conn, &sub.code)?.ok_or_else(|| {
        HubError::Refused(format!(
            "sub-contract {} has no open early warning to clear",
            sub.code
        ))
    })?;
    Ok(ClearWarningPlan { request, flag })
}

pub fn commit_clear_warning(
    store: &mut Store,
    by: &Decider,
    plan: &ClearWarningPlan,
) -> Result<WarningOutcome> {
    let tx = store.write()?;
    let req = &plan.request;
    if !plans::clear_warning(&tx, plan.flag.id, by.clock.today(), by.actor, &req.reason)? {
        return Err(HubError::Conflict(format!(
            "the early warning on {} was cleared by someone else since you read it",
            req.subcontract
        )));
    }
    let flag = plans::flags_of(&tx, &req.subcontract)?
        .into_iter()
        .find(|f| f.id == plan.flag.id)
        .ok_or_else(|| HubError::NotFound(format!("early warning {} vanished", plan.flag.id)))?;
    let entry = Entry::new(
        "early_warning_clear",
        format!("subcontract:{}", req.subcontract),
    )
    .before(&plan.flag)
    .after(&flag)
    .reason(req.reason.clone());
    let audit_id = audit::append(&tx, by.clock, by.actor, &entry)?;
    tx.commit()?;
    Ok(WarningOutcome { flag, audit_id })
}
