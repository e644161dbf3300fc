//! Improvement plans (step 3 of the escalation ladder): actions with an owner and a due date
//! added to a live sub-contract, and marked done. Each change is one transaction with its audit
//! row. An action or owner left empty is refused; a due date in the past is allowed (a plan is
//! often written up after it was agreed).

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use super::Decider;
use super::common;
use crate::dates;
use crate::domain::improvement::ImprovementAction;
use crate::domain::{SubContract, SubContractStatus};
use crate::error::{HubError, Result};
use crate::store::audit::{self, Entry};
use crate::store::{Store, plans};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImprovementAddRequest {
    pub subcontract: String,
    pub action: String,
    pub owner: String,
    pub due: NaiveDate,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImprovementAddPlan {
    pub subcontract: SubContract,
    /// As it would be written; its id is 0 until the store assigns one.
    pub action: ImprovementAction,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImprovementDoneRequest {
    pub subcontract: String,
    pub id: i64,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImprovementDonePlan {
    pub request: ImprovementDoneRequest,
    /// The action as read (open).
    pub action: ImprovementAction,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImprovementOutcome {
    pub action: ImprovementAction,
    pub audit_id: i64,
}

fn required_text(flag: &str, what: &str, text: &str) -> Result<String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(HubError::Invalid(format!(
            "{flag} is empty: an improvement action needs {what}"
        )));
    }
    Ok(t.to_string())
}

fn refuse_unless_live(sub: &SubContract) -> Result<()> {
    if matches!(
        sub.status,
        SubContractStatus::Terminated | SubContractStatus::Completed
    ) {
        return Err(HubError::Refused(format!(
            "sub-contract {} is {}; an improvement plan is for a live sub-contract",
            sub.code,
            sub.status.label().to_lowercase()
        )));
    }
    Ok(())
}

pub fn plan_improvement_add(
    conn: &Connection,
    by: &Decider,
    request: ImprovementAddRequest,
) -> Result<ImprovementAddPlan> {
    let reason = common::required_reason("--reason", &request.reason)?;
    let action = required_text("--action", "what is to be done", &request.action)?;
    let owner = required_text("--owner", "an owner", &request.owner)?;
    let sub = common::subcontract(conn, &request.subcontract)?;
    refuse_unless_live(&sub)?;
    Ok(ImprovementAddPlan {
        action: ImprovementAction {
            id: 0,
            subcontract: sub.code.clone(),
            action,
            owner,
            due: request.due,
            raised: by.clock.today(),
            raised_by: by.actor.to_string(),
            reason,
            completed: None,
            completed_by: None,
            completion_reason: None,
        },
        subcontract: sub,
    })
}

pub fn commit_improvement_add(
    store: &mut Store,
    by: &Decider,
    plan: &ImprovementAddPlan,
) -> Result<ImprovementOutcome> {
    let tx = store.write()?;
    // A status change since the plan matters only if it ended the sub-contract.
    refuse_unless_live(&common::subcontract(&tx, &plan.subcontract.code)?)?;
    let action = plans::insert_action(&tx, &plan.action)?;
    let entry = Entry::new(
        "improvement_add",
        format!("subcontract:{}", action.subcontract),
    )
    .after(&action)
    .reason(action.reason.clone());
    let audit_id = audit::append(&tx, by.clock, by.actor, &entry)?;
    tx.commit()?;
    Ok(ImprovementOutcome { action, audit_id })
}

fn action_of(conn: &Connection, sub: &str, id: i64) -> Result<ImprovementAction> {
    match plans::get_action(conn, id)? {
        Some(a) if a.subcontract == sub => Ok(a),
        _ => Err(HubError::NotFound(format!(
            "sub-contract {sub} has no improvement action {id} (hubboard improvement list {sub})"
        ))),
    }
}

pub fn plan_improvement_done(
    conn: &Connection,
    _by: &Decider,
    mut request: ImprovementDoneRequest,
) -> Result<ImprovementDonePlan> {
    request.reason = common::required_reason("--reason", &request.reason)?;
    common::subcontract(conn, &request.subcontract)?;
    let action = action_of(conn, &request.subcontract, request.id)?;
    if let Some(done) = action.completed {
        return Err(HubError::Refused(format!(
            "improvement action {} on {} was already done on {}",
            action.id,
            action.subcontract,
            dates::display(done)
        )));
    }
    Ok(ImprovementDonePlan { request, action })
}

pub fn commit_improvement_done(
    store: &mut Store,
    by: &Decider,
    plan: &ImprovementDonePlan,
) -> Result<ImprovementOutcome> {
    let tx = store.write()?;
    let req = &plan.request;
    let today = by.clock.today();
    if !plans::complete_action(&tx, req.id, today, by.actor, &req.reason)? {
        return Err(HubError::Conflict(format!(
            "improvement action {} on {} was marked done by someone else since you read it",
            req.id, req.subcontract
        )));
    }
    let after = action_of(&tx, &req.subcontract, req.id)?;
    let entry = Entry::new(
        "improvement_done",
        format!("subcontract:{}", after.subcontract),
    )
    .before(&plan.action)
    .after(&after)
    .reason(req.reason.clone());
    let audit_id = audit::append(&tx, by.clock, by.actor, &entry)?;
    tx.commit()?;
    Ok(ImprovementOutcome {
        action: after,
        audit_id,
    })
}
