//! Clawing back funding for undelivered work: a claim for paid minus earned, less earlier claims.

use rusqlite::Connection;
use rust_decimal::Decimal;
use serde::Serialize;

use super::Decider;
use super::common;
use crate::domain::clawback::{self, ClawbackFigures};
use crate::domain::{Claim, SubContract};
use crate::error::{HubError, Result};
use crate::money;
use crate::store::audit::{self, Entry};
use crate::store::{Store, subcontracts};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClawbackRequest {
    pub subcontract: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClawbackPlan {
    pub request: ClawbackRequest,
    pub subcontract: SubContract,
    pub figures: ClawbackFigures,
    /// The claim to record; its code is provisional.
    pub claim: Claim,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClawbackOutcome {
    pub claim: Claim,
    pub figures: ClawbackFigures,
    pub audit_id: i64,
}

fn figures(conn: &Connection, sub: &SubContract) -> Result<ClawbackFigures> {
    let returns = subcontracts::returns_of(conn, &sub.code)?;
    let claimed: Decimal = subcontracts::claims_of(conn, &sub.code)?
        .iter()
        .map(|c| c.amount)
        .sum();
    let profiles = subcontracts::profiles_of(conn, &sub.code)?;
    Ok(clawback::clawback(sub, &profiles, &returns, claimed))
}

fn refuse_unless_owed(sub: &SubContract, f: &ClawbackFigures) -> Result<()> {
    if !f.owed() {
        return Err(HubError::Refused(format!(
            "nothing to claw back from {}: paid {}, earned {} ({} units delivered), already claimed {}",
            sub.code,
            money::display(f.paid),
            money::display(f.earned),
            f.delivered_units,
            money::display(f.already_claimed)
        )));
    }
    Ok(())
}

pub fn plan_clawback(
    conn: &Connection,
    by: &Decider,
    mut request: ClawbackRequest,
) -> Result<ClawbackPlan> {
    request.reason = common::required_reason("--reason", &request.reason)?;
    let sub = common::subcontract(conn, &request.subcontract)?;
    let figures = figures(conn, &sub)?;
    refuse_unless_owed(&sub, &figures)?;
    let claim = Claim {
        code: subcontracts::next_claim_code(conn)?,
        subcontract: sub.code.clone(),
        raised: by.clock.today(),
        paid: figures.paid,
        earned: figures.earned,
        amount: figures.amount,
        reason: request.reason.clone(),
    };
    Ok(ClawbackPlan {
        request,
        subcontract: sub,
        figures,
        claim,
    })
}

/// Records the claim and bumps the sub-contract's version (so a second officer's stale plan for
/// the same money is a conflict, not a double claim).
pub fn commit_clawback(
    store: &mut Store,
    by: &Decider,
    plan: &ClawbackPlan,
) -> Result<ClawbackOutcome> {
    let tx = store.write()?;
    let sub = common::fresh_subcontract(&tx, &plan.subcontract.code, plan.subcontract.row_version)?;
    let figures = figures(&tx, &sub)?;
    refuse_unless_owed(&sub, &figures)?;
    let claim = Claim {
        code: subcontracts::next_claim_code(&tx)?,
        paid: figures.paid,
        earned: figures.earned,
        amount: figures.amount,
        ..plan.claim.clone()
    };
    subcontracts::insert_claim(&tx, &claim)?;
    let matched = subcontracts::bump_subcontract_version(&tx, &sub.code, sub.row_version)?;
    common::updated(matched, "sub-contract", &sub.code, sub.row_version)?;
    let entry = Entry::new("clawback", format!("subcontract:{}", sub.code))
        .before(&serde_json::json!({ "row_version": sub.row_version, "already_claimed": figures.already_claimed }))
        .after(&serde_json::json!({ "claim": claim, "figures": figures, "row_version": sub.row_version + 1 }))
        .reason(claim.reason.clone());
    let audit_id = audit::append(&tx, by.clock, by.actor, &entry)?;
    tx.commit()?;
    Ok(ClawbackOutcome {
        claim,
        figures,
        audit_id,
    })
}
