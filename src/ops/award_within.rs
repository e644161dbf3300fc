//! One award written inside a caller's transaction: the steps of `commit_award` (fresh member
//! version, checks re-run, sub-contract inserted, member version bumped, audit row) for the
//! operations that award as part of something larger — a joint-delivery plan or a competition —
//! and record that context on the award's own audit row.

use rusqlite::Connection;

use super::Decider;
use super::common::{self, MemberFacts};
use crate::domain::checks::{self, Check, Proposal};
use crate::domain::{Opportunity, SubContract, SubContractStatus};
use crate::error::{HubError, Result};
use crate::store::audit::{self, Entry};
use crate::store::{members, subcontracts};

/// One sub-contract to award within a larger decision.
pub struct Award<'a> {
    pub opportunity: &'a Opportunity,
    pub member: &'a str,
    pub member_version: i64,
    pub proposal: Proposal,
    pub payment_model: Option<crate::domain::PaymentModel>,
    /// Failed checks are refused unless this is given.
    pub override_reason: Option<&'a str>,
    /// The decision's reason; the audit row adds the override reason when anything was overridden.
    pub reason: String,
    /// Something else about the decision was overridden (a joint plan's inexact sum), so the
    /// override reason belongs on the audit row even when this award's checks all pass.
    pub overridden_elsewhere: bool,
    /// Recorded in the audit row's `after` under `context_key`.
    pub context_key: &'static str,
    pub context: serde_json::Value,
}

pub struct Awarded {
    pub subcontract: SubContract,
    pub checks: Vec<Check>,
    pub overridden: bool,
    pub member_version: i64,
    pub audit_id: i64,
}

/// The award checks for one member on one route: the single place the joint and competitive
/// routes take them from, so they stay the same as a single award's.
pub fn checks_for(
    conn: &Connection,
    by: &Decider,
    facts: &MemberFacts,
    service_line: &str,
    proposal: &Proposal,
) -> Result<Vec<Check>> {
    let mut checks = facts.checks(service_line, proposal, by.rules);
    // As for a single award: the member's performance standing warns or blocks by its band.
    checks.push(crate::scoring::standing_check(
        conn,
        &facts.member.code,
        by.clock.today(),
        by.scoring,
    )?);
    Ok(checks)
}

/// Stage check shared by every award route.
pub fn refuse_unless_won(o: &Opportunity) -> Result<()> {
    if o.stage != crate::domain::Stage::Won {
        return Err(HubError::Refused(format!(
            "opportunity {} is at stage '{}'; only won opportunities can be sub-contracted",
            o.code,
            o.stage.label()
        )));
    }
    Ok(())
}

/// The sub-contract an award would write, with a provisional code.
pub fn subcontract(a: &Award, code: String) -> SubContract {
    SubContract {
        code,
        opportunity: a.opportunity.code.clone(),
        member: a.member.to_string(),
        let_by: a.proposal.let_by.clone(),
        value: a.proposal.value,
        start: a.proposal.start,
        end: a.proposal.end,
        units_per_month: a.proposal.units_per_month,
        payment_model: a.payment_model.unwrap_or(a.opportunity.payment_model),
        status: SubContractStatus::Active,
        transferred_from: None,
        row_version: 1,
    }
}

/// Writes one award inside `tx` (the caller commits). Refuses a stale member version and
/// failed checks without an override.
pub fn award_within(tx: &Connection, by: &Decider, a: &Award) -> Result<Awarded> {
    let member = common::fresh_member(tx, a.member, a.member_version)?;
    let facts = MemberFacts::gather(tx, a.member, &a.opportunity.service_line)?;
    let checks = checks_for(tx, by, &facts, &a.opportunity.service_line, &a.proposal)?;
    common::refuse_unless_passed_or_overridden(
        &format!("award to {}", a.member),
        &checks,
        a.override_reason,
    )?;
    let sub = subcontract(a, subcontracts::next_subcontract_code(tx)?);
    subcontracts::insert_subcontract(tx, &sub)?;
    let matched = members::bump_member_version(tx, &member.code, member.row_version)?;
    common::updated(matched, "member", &member.code, member.row_version)?;
    let overridden = !checks::failures(&checks).is_empty();
    let mut after = serde_json::json!({
        "subcontract": sub,
        "checks": checks,
        "override": common::override_record(&checks, a.override_reason),
        "member_version": member.row_version + 1,
    });
    after[a.context_key] = a.context.clone();
    let entry = Entry::new("award", format!("subcontract:{}", sub.code))
        .before(&serde_json::json!({ "member": member.code, "member_version": member.row_version }))
        .after(&after)
        .reason(match a.override_reason {
            Some(o) if overridden || a.overridden_elsewhere => {
                format!("{} [override: {o}]", a.reason)
            }
            _ => a.reason.clone(),
        });
    let audit_id = audit::append(tx, by.clock, by.actor, &entry)?;
    Ok(Awarded {
        subcontract: sub,
        checks,
        overridden,
        member_version: member.row_version + 1,
        audit_id,
    })
}

/// The `n`th code after `first` (`SC-000151` + 2 = `SC-000153`), for showing a plan's
/// provisional codes; the commit takes the next free code for each in turn.
pub fn provisional_code(first: &str, n: usize) -> String {
    match first
        .strip_prefix("SC-")
        .and_then(|d| d.parse::<u64>().ok())
    {
        Some(k) => format!("SC-{:06}", k + n as u64),
        None => format!("{first}+{n}"),
    }
}
