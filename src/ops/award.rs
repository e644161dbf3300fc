//! Awarding a sub-contract to a member from a won opportunity. The member's row version is the
//! concurrency token for its capacity: two officers awarding the last of it cannot both succeed.

use chrono::NaiveDate;
use rusqlite::Connection;
use rust_decimal::Decimal;
use serde::Serialize;

use super::Decider;
use super::common::{self, MemberFacts};
use crate::domain::checks::{Check, Proposal};
use crate::domain::{Opportunity, PaymentModel, Stage, SubContract, SubContractStatus};
use crate::error::{HubError, Result};
use crate::store::audit::{self, Entry};
use crate::store::{Store, members, subcontracts};
use crate::{dates, money};

/// What the officer asks for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AwardRequest {
    pub opportunity: String,
    pub member: String,
    pub value: Decimal,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub units_per_month: u32,
    /// The opportunity's payment model when not given.
    pub payment_model: Option<PaymentModel>,
    /// Generated (`SC-000151`) when not given.
    pub code: Option<String>,
    /// A member letting the work: refused by the cluster rule unless overridden.
    pub let_by: Option<String>,
    pub reason: String,
    pub override_reason: Option<String>,
    /// The member version the officer looked at; a later change makes the award a conflict.
    pub member_version: Option<i64>,
}

/// The award as it would be written, with its checks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AwardPlan {
    pub request: AwardRequest,
    pub opportunity: Opportunity,
    /// The sub-contract to insert; its code is provisional when generated.
    pub subcontract: SubContract,
    pub checks: Vec<Check>,
    /// The member's row version these checks were run against.
    pub member_version: i64,
}

impl AwardPlan {
    pub fn failures(&self) -> Vec<&Check> {
        crate::domain::checks::failures(&self.checks)
    }
    /// True when committing would write (everything passed, or an override reason was given).
    pub fn will_proceed(&self) -> bool {
        self.failures().is_empty() || self.request.override_reason.is_some()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AwardOutcome {
    pub subcontract: SubContract,
    pub checks: Vec<Check>,
    pub overridden: bool,
    pub member_version: i64,
    pub audit_id: i64,
}

fn proposal(req: &AwardRequest) -> Proposal {
    Proposal {
        value: req.value,
        start: req.start,
        end: req.end,
        units_per_month: req.units_per_month,
        let_by: req.let_by.clone(),
    }
}

/// Validates the request and runs the checks against the stored facts; writes nothing.
pub fn plan_award(conn: &Connection, by: &Decider, mut request: AwardRequest) -> Result<AwardPlan> {
    request.reason = common::required_reason("--reason", &request.reason)?;
    request.override_reason =
        common::optional_reason("--override-reason", request.override_reason.as_deref())?;
    if request.value <= Decimal::ZERO {
        return Err(HubError::Invalid(format!(
            "--value must be more than £0.00 (it is {})",
            money::display(request.value)
        )));
    }
    if request.end < request.start {
        return Err(HubError::Invalid(format!(
            "--end {} is before --start {}",
            dates::display(request.end),
            dates::display(request.start)
        )));
    }
    if request.units_per_month == 0 {
        return Err(HubError::Invalid(
            "--units must be at least 1 unit a month".into(),
        ));
    }
    let opportunity = common::opportunity(conn, &request.opportunity)?;
    let facts = MemberFacts::gather(conn, &request.member, &opportunity.service_line)?;
    if let Some(l) = &request.let_by {
        if *l == request.member {
            return Err(HubError::Invalid(format!(
                "--let-by {l} is the member being awarded the work"
            )));
        }
        common::member(conn, l)?;
    }
    if let Some(code) = &request.code {
        if code.trim().is_empty() {
            return Err(HubError::Invalid("--code is empty".into()));
        }
        if subcontracts::get_subcontract(conn, code)?.is_some() {
            return Err(HubError::Invalid(format!(
                "a sub-contract {code} already exists; choose another code or leave --code out"
            )));
        }
    }
    if let Some(v) = request.member_version
        && v != facts.member.row_version
    {
        return Err(common::stale(
            "member",
            &request.member,
            v,
            facts.member.row_version,
        ));
    }
    refuse_unless_won(&opportunity)?;
    let code = match &request.code {
        Some(c) => c.clone(),
        None => subcontracts::next_subcontract_code(conn)?,
    };
    let mut checks = facts.checks(&opportunity.service_line, &proposal(&request), by.rules);
    checks.push(crate::scoring::standing_check(
        conn,
        &request.member,
        by.clock.today(),
        by.scoring,
    )?);
    let subcontract = SubContract {
        code,
        opportunity: opportunity.code.clone(),
        member: request.member.clone(),
        let_by: request.let_by.clone(),
        value: request.value,
        start: request.start,
        end: request.end,
        units_per_month: request.units_per_month,
        payment_model: request.payment_model.unwrap_or(opportunity.payment_model),
        status: SubContractStatus::Active,
        transferred_from: None,
        row_version: 1,
    };
    Ok(AwardPlan {
        member_version: request.member_version.unwrap_or(facts.member.row_version),
        request,
        opportunity,
        subcontract,
        checks,
    })
}

fn refuse_unless_won(o: &Opportunity) -> Result<()> {
    if o.stage != Stage::Won {
        return Err(HubError::Refused(format!(
            "opportunity {} is at stage '{}'; only won opportunities can be sub-contracted",
            o.code,
            o.stage.label()
        )));
    }
    Ok(())
}

/// Writes the award in one transaction: re-reads the member (conflict if its version moved),
/// re-runs the checks, inserts the sub-contract, bumps the member's version, appends the audit row.
pub fn commit_award(store: &mut Store, by: &Decider, plan: &AwardPlan) -> Result<AwardOutcome> {
    let tx = store.write()?;
    let req = &plan.request;
    let member = common::fresh_member(&tx, &req.member, plan.member_version)?;
    let opportunity = common::opportunity(&tx, &req.opportunity)?;
    refuse_unless_won(&opportunity)?;
    let facts = MemberFacts::gather(&tx, &req.member, &opportunity.service_line)?;
    let mut checks = facts.checks(&opportunity.service_line, &proposal(req), by.rules);
    checks.push(crate::scoring::standing_check(
        &tx,
        &req.member,
        by.clock.today(),
        by.scoring,
    )?);
    common::refuse_unless_passed_or_overridden(
        &format!("award to {}", req.member),
        &checks,
        req.override_reason.as_deref(),
    )?;
    let mut sub = plan.subcontract.clone();
    sub.code = match &req.code {
        Some(c) => {
            if subcontracts::get_subcontract(&tx, c)?.is_some() {
                return Err(HubError::Conflict(format!(
                    "sub-contract {c} was created by someone else since you looked; choose another code"
                )));
            }
            c.clone()
        }
        None => subcontracts::next_subcontract_code(&tx)?,
    };
    sub.payment_model = req.payment_model.unwrap_or(opportunity.payment_model);
    subcontracts::insert_subcontract(&tx, &sub)?;
    let matched = members::bump_member_version(&tx, &member.code, member.row_version)?;
    common::updated(matched, "member", &member.code, member.row_version)?;
    let overridden = !crate::domain::checks::failures(&checks).is_empty();
    let entry = Entry::new("award", format!("subcontract:{}", sub.code))
        .before(&serde_json::json!({ "member": member.code, "member_version": member.row_version }))
        .after(&serde_json::json!({
            "subcontract": sub,
            "checks": checks,
            "override": common::override_record(&checks, req.override_reason.as_deref()),
            "member_version": member.row_version + 1,
        }))
        .reason(common::audit_reason(
            &req.reason,
            req.override_reason.as_deref(),
            &checks,
        ));
    let audit_id = audit::append(&tx, by.clock, by.actor, &entry)?;
    tx.commit()?;
    Ok(AwardOutcome {
        subcontract: sub,
        checks,
        overridden,
        member_version: member.row_version + 1,
        audit_id,
    })
}
