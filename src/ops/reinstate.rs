//! Reinstating a suspended sub-contract: back to active, its open suspension lifted today.

use rusqlite::Connection;
use serde::Serialize;

use super::Decider;
use super::common;
use crate::domain::{SubContract, SubContractStatus, Suspension};
use crate::error::{HubError, Result};
use crate::store::audit::{self, Entry};
use crate::store::{Store, subcontracts};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReinstateRequest {
    pub subcontract: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReinstatePlan {
    pub request: ReinstateRequest,
    pub subcontract: SubContract,
    /// The suspension to lift (none if the record was imported without one).
    pub suspension: Option<Suspension>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReinstateOutcome {
    pub subcontract: SubContract,
    pub lifted: Option<Suspension>,
    pub audit_id: i64,
}

pub fn plan_reinstate(
    conn: &Connection,
    _by: &Decider,
    mut request: ReinstateRequest,
) -> Result<ReinstatePlan> {
    request.reason = common::required_reason("--reason", &request.reason)?;
    let sub = common::subcontract(conn, &request.subcontract)?;
    refuse_unless_suspended(&sub)?;
    let suspension = subcontracts::open_suspension(conn, &sub.code)?;
    Ok(ReinstatePlan {
        request,
        subcontract: sub,
        suspension,
    })
}

fn refuse_unless_suspended(sub: &SubContract) -> Result<()> {
    if sub.status != SubContractStatus::Suspended {
        return Err(HubError::Refused(format!(
            "sub-contract {} is {}; only a suspended sub-contract can be reinstated",
            sub.code,
            sub.status.label().to_lowercase()
        )));
    }
    Ok(())
}

pub fn commit_reinstate(
    store: &mut Store,
    by: &Decider,
    plan: &ReinstatePlan,
) -> Result<ReinstateOutcome> {
    let tx = store.write()?;
    let before =
        common::fresh_subcontract(&tx, &plan.subcontract.code, plan.subcontract.row_version)?;
    refuse_unless_suspended(&before)?;
    let today = by.clock.today();
    let matched = subcontracts::set_subcontract_status(
        &tx,
        &before.code,
        SubContractStatus::Active,
        before.row_version,
    )?;
    common::updated(matched, "sub-contract", &before.code, before.row_version)?;
    let lifted = match subcontracts::open_suspension(&tx, &before.code)? {
        Some(s) => {
            subcontracts::lift_suspension(&tx, &before.code, s.decided, today)?;
            Some(Suspension {
                lifted: Some(today),
                ..s
            })
        }
        None => None,
    };
    let after = common::subcontract(&tx, &before.code)?;
    let entry = Entry::new("reinstate", format!("subcontract:{}", before.code))
        .before(&serde_json::json!({ "subcontract": before, "suspension": plan.suspension }))
        .after(&serde_json::json!({ "subcontract": after, "suspension": lifted }))
        .reason(plan.request.reason.clone());
    let audit_id = audit::append(&tx, by.clock, by.actor, &entry)?;
    tx.commit()?;
    Ok(ReinstateOutcome {
        subcontract: after,
        lifted,
        audit_id,
    })
}
