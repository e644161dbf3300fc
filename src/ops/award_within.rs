//! What every award route shares (one member, joint delivery, competitive sub-tender): the stage
//! rule, the sub-contract a proposal becomes, and the write of one award — the sub-contract, the
//! member's version bumped (so a colleague's plan against its old capacity is a conflict), and
//! the award's audit row with the route's context.

use rusqlite::Connection;
use rust_decimal::Decimal;
use serde_json::Value;

use super::common::{self, MemberFacts};
use crate::domain::checks::{Check, Proposal};
use crate::domain::{EntityRef, Opportunity, PaymentModel, Stage, SubContract, SubContractStatus};
use crate::error::{HubError, Result};
use crate::store::audit::{AuditAction, Entry};
use crate::store::{members, subcontracts};

/// Only a won opportunity is sub-contracted.
pub fn refuse_unless_won(o: &Opportunity) -> Result<()> {
    if o.stage != Stage::Won {
        return Err(HubError::Refused(format!(
            "opportunity {} is at stage '{}'; only won opportunities can be sub-contracted",
            o.code,
            o.stage.label()
        )));
    }
    Ok(())
}

/// The sub-contract an award writes, priced at `unit_rate`.
pub fn subcontract(
    opportunity: &Opportunity,
    member: &str,
    proposal: &Proposal,
    payment_model: Option<PaymentModel>,
    code: String,
    unit_rate: Decimal,
) -> SubContract {
    SubContract {
        code,
        opportunity: opportunity.code.clone(),
        member: member.to_string(),
        let_by: proposal.let_by.clone(),
        value: proposal.value,
        start: proposal.start,
        end: proposal.end,
        units_per_month: proposal.units_per_month,
        payment_model: payment_model.unwrap_or(opportunity.payment_model),
        status: SubContractStatus::Active,
        transferred_from: None,
        unit_rate: Some(unit_rate),
        row_version: 1,
    }
}

/// The rate of `value` over the units `proposal` owes (units a month × months), rounded down
/// to the penny: a share or a bid priced on its own.
pub fn own_rate(proposal: &Proposal) -> Result<Decimal> {
    let owed = u64::from(proposal.units_per_month)
        * u64::from(crate::dates::months_spanned(proposal.start, proposal.end));
    crate::domain::pricing::Pricing::set(proposal.value, owed, None)
        .map(|p| p.unit_rate)
        .ok_or_else(|| super::prime::too_large("the award"))
}

/// The hard and risk checks every route adds to the member's award checks: nothing let beyond
/// the prime, and no more risk passed down than the member can carry.
pub fn prime_checks(
    conn: &Connection,
    by: &super::Decider,
    o: &Opportunity,
    facts: &MemberFacts,
    proposal: &Proposal,
    model: PaymentModel,
) -> Result<Vec<Check>> {
    Ok(vec![
        super::prime::within(conn, o, proposal.value, proposal.start, proposal.end)?,
        super::prime::risk_passed_down(by, &facts.member, model, o),
    ])
}

/// Writes one award inside the caller's transaction and returns its audit row; the route's
/// context (a joint plan, a competition's scores) goes under `context` on the row.
pub fn write(
    tx: &Connection,
    facts: &MemberFacts,
    sub: &SubContract,
    checks: &[Check],
    context: Option<(&str, Value)>,
) -> Result<Entry> {
    let member = &facts.member;
    subcontracts::insert_subcontract(tx, sub)?;
    let ok = members::bump_member_version(tx, &member.code, member.row_version)?;
    common::matched(ok, "member", &member.code)?;
    let mut after = serde_json::json!({
        "subcontract": sub,
        "checks": checks,
        "member_version": member.row_version + 1,
    });
    if let Some((key, value)) = context {
        after[key] = value;
    }
    Ok(
        Entry::new(AuditAction::Award, EntityRef::subcontract(&sub.code))
            .before(
                &serde_json::json!({ "member": member.code, "member_version": member.row_version }),
            )
            .after(&after),
    )
}
