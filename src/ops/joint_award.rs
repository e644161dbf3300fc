//! Awarding a won opportunity by joint delivery planning: one sub-contract per member, all in
//! one transaction. The shares must sum exactly (to the penny) to the opportunity's net value
//! after the hub's top slice, unless an officer overrides with a written reason; every member
//! faces the full award checks; a stale member version for any member refuses the lot.
//!
//! Audit: one `award` row per sub-contract (entity `subcontract:CODE`), each carrying the whole
//! plan under `joint_award`, so each sub-contract's history stands alone and the plan can be
//! read from any of them.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use rusqlite::Connection;
use rust_decimal::Decimal;
use serde::Serialize;

use super::award_within::{self, Award};
use super::common::{self, MemberFacts};
use super::{AwardOutcome, Decider};
use crate::domain::checks::{self, Check, Proposal};
use crate::domain::improvement::split_units;
use crate::domain::{Opportunity, PaymentModel, SubContract};
use crate::error::{HubError, Result};
use crate::store::{Store, subcontracts};
use crate::{dates, money};

/// One member's part of a joint-delivery plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JointShare {
    pub member: String,
    pub value: Decimal,
    pub units_per_month: u32,
    /// The member version the officer looked at; a later change makes the award a conflict.
    pub member_version: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JointAwardRequest {
    pub opportunity: String,
    pub shares: Vec<JointShare>,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// The opportunity's payment model when not given.
    pub payment_model: Option<PaymentModel>,
    pub reason: String,
    /// Allows failed checks and shares that do not sum to the net value, for this reason.
    pub override_reason: Option<String>,
}

/// One member's award as it would be written, with its checks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JointMemberPlan {
    pub share: JointShare,
    /// Its code is provisional.
    pub subcontract: SubContract,
    pub checks: Vec<Check>,
    /// The member's row version these checks were run against.
    pub member_version: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JointAwardPlan {
    pub request: JointAwardRequest,
    pub opportunity: Opportunity,
    pub top_slice: Decimal,
    pub net_value: Decimal,
    pub shares_total: Decimal,
    pub members: Vec<JointMemberPlan>,
}

impl JointAwardPlan {
    /// True when the shares sum exactly to the net value.
    pub fn sums_exactly(&self) -> bool {
        self.shares_total == self.net_value
    }
    /// Every failed check, with the member it is for.
    pub fn failures(&self) -> Vec<(&str, &Check)> {
        self.members
            .iter()
            .flat_map(|m| {
                checks::failures(&m.checks)
                    .into_iter()
                    .map(|c| (m.share.member.as_str(), c))
            })
            .collect()
    }
    /// True when committing would write: everything passed and the shares sum exactly, or an
    /// override reason was given.
    pub fn will_proceed(&self) -> bool {
        (self.failures().is_empty() && self.sums_exactly())
            || self.request.override_reason.is_some()
    }
    /// The shares' total against the net value, in words.
    pub fn sum_line(&self) -> String {
        let diff = self.shares_total - self.net_value;
        let verdict = if diff.is_zero() {
            "exact".to_string()
        } else if diff > Decimal::ZERO {
            format!("{} over", money::display(diff))
        } else {
            format!("{} short", money::display(-diff))
        };
        format!(
            "shares total {} against net value {} ({} less top slice {} at {}%): {verdict}",
            money::display(self.shares_total),
            money::display(self.net_value),
            money::display(self.opportunity.value),
            money::display(self.top_slice),
            self.opportunity.top_slice_pct.normalize()
        )
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JointAwardOutcome {
    /// One per share, in the request's order.
    pub awards: Vec<AwardOutcome>,
    /// True when failed checks or an inexact sum were overridden.
    pub overridden: bool,
}

/// Proposes shares for `chosen` members: the net value split by headroom (`plan_joint_delivery`)
/// and `total_units` a month split the same way, by largest remainder.
pub fn propose_joint_shares(
    conn: &Connection,
    opportunity: &str,
    chosen: &[String],
    total_units: u32,
) -> Result<Vec<JointShare>> {
    let shares = super::plan_joint_delivery(conn, opportunity, chosen)?;
    let weights: Vec<u64> = shares.iter().map(|s| u64::from(s.headroom)).collect();
    let units = split_units(total_units, &weights).ok_or_else(|| {
        HubError::Refused("none of the chosen members has headroom to share the units".into())
    })?;
    Ok(shares
        .into_iter()
        .zip(units)
        .map(|(s, u)| JointShare {
            member: s.member,
            value: s.value,
            units_per_month: u,
            member_version: None,
        })
        .collect())
}

fn proposal(req: &JointAwardRequest, share: &JointShare) -> Proposal {
    Proposal {
        value: share.value,
        start: req.start,
        end: req.end,
        units_per_month: share.units_per_month,
        let_by: None,
    }
}

fn validate(req: &mut JointAwardRequest) -> Result<()> {
    req.reason = common::required_reason("--reason", &req.reason)?;
    req.override_reason =
        common::optional_reason("--override-reason", req.override_reason.as_deref())?;
    if req.shares.is_empty() {
        return Err(HubError::Invalid(
            "a joint award needs at least one member's share".into(),
        ));
    }
    if req.end < req.start {
        return Err(HubError::Invalid(format!(
            "--end {} is before --start {}",
            dates::display(req.end),
            dates::display(req.start)
        )));
    }
    let mut seen = BTreeSet::new();
    for s in &req.shares {
        if !seen.insert(s.member.as_str()) {
            return Err(HubError::Invalid(format!(
                "member {} has two shares",
                s.member
            )));
        }
        if s.value <= Decimal::ZERO {
            return Err(HubError::Invalid(format!(
                "{}'s share is {}: a share must be more than £0.00 (leave the member out instead)",
                s.member,
                money::display(s.value)
            )));
        }
        if money::pennies(s.value) != s.value {
            return Err(HubError::Invalid(format!(
                "{}'s share {} is not a whole number of pence",
                s.member, s.value
            )));
        }
        if s.units_per_month == 0 {
            return Err(HubError::Invalid(format!(
                "{}'s share has 0 units a month: each share needs at least 1",
                s.member
            )));
        }
    }
    Ok(())
}

/// Validates the request and runs every member's checks; writes nothing.
pub fn plan_joint_award(
    conn: &Connection,
    by: &Decider,
    mut request: JointAwardRequest,
) -> Result<JointAwardPlan> {
    validate(&mut request)?;
    let opportunity = common::opportunity(conn, &request.opportunity)?;
    let first = subcontracts::next_subcontract_code(conn)?;
    let mut members = Vec::with_capacity(request.shares.len());
    for (i, share) in request.shares.iter().enumerate() {
        let facts = MemberFacts::gather(conn, &share.member, &opportunity.service_line)?;
        if let Some(v) = share.member_version
            && v != facts.member.row_version
        {
            return Err(common::stale(
                "member",
                &share.member,
                v,
                facts.member.row_version,
            ));
        }
        let award = Award {
            opportunity: &opportunity,
            member: &share.member,
            member_version: facts.member.row_version,
            proposal: proposal(&request, share),
            payment_model: request.payment_model,
            override_reason: None,
            reason: String::new(),
            overridden_elsewhere: false,
            context_key: "joint_award",
            context: serde_json::Value::Null,
        };
        members.push(JointMemberPlan {
            share: share.clone(),
            subcontract: award_within::subcontract(
                &award,
                award_within::provisional_code(&first, i),
            ),
            checks: award_within::checks_for(
                conn,
                by,
                &facts,
                &opportunity.service_line,
                &award.proposal,
            )?,
            member_version: share.member_version.unwrap_or(facts.member.row_version),
        });
    }
    award_within::refuse_unless_won(&opportunity)?;
    Ok(JointAwardPlan {
        top_slice: opportunity.top_slice(),
        net_value: opportunity.net_value(),
        shares_total: request.shares.iter().map(|s| s.value).sum(),
        request,
        opportunity,
        members,
    })
}

/// Writes every member's sub-contract in one transaction, or nothing: a stale member version,
/// a failed check (without an override) or an inexact sum (without an override) for any member
/// leaves the database as it was.
pub fn commit_joint_award(
    store: &mut Store,
    by: &Decider,
    plan: &JointAwardPlan,
) -> Result<JointAwardOutcome> {
    let tx = store.write()?;
    let req = &plan.request;
    let opportunity = common::opportunity(&tx, &req.opportunity)?;
    award_within::refuse_unless_won(&opportunity)?;
    let net = opportunity.net_value();
    let total: Decimal = req.shares.iter().map(|s| s.value).sum();
    let override_reason = req.override_reason.as_deref();
    if total != net && override_reason.is_none() {
        return Err(HubError::Refused(format!(
            "the shares total {} but the net value of {} is {}; they must match to the penny, or an officer may override with --override-reason",
            money::display(total),
            opportunity.code,
            money::display(net)
        )));
    }
    let context = serde_json::json!({
        "opportunity": opportunity.code,
        "value": opportunity.value,
        "top_slice": opportunity.top_slice(),
        "net_value": net,
        "shares_total": total,
        "sums_exactly": total == net,
        "shares": req.shares.iter().map(|s| serde_json::json!({
            "member": s.member, "value": s.value, "units_per_month": s.units_per_month,
        })).collect::<Vec<_>>(),
        "sum_override": if total != net { serde_json::json!(override_reason) } else { serde_json::Value::Null },
    });
    let mut awards = Vec::with_capacity(plan.members.len());
    let mut overridden = total != net;
    for m in &plan.members {
        let award = Award {
            opportunity: &opportunity,
            member: &m.share.member,
            member_version: m.member_version,
            proposal: proposal(req, &m.share),
            payment_model: req.payment_model,
            override_reason,
            reason: req.reason.clone(),
            overridden_elsewhere: total != net,
            context_key: "joint_award",
            context: context.clone(),
        };
        let done = award_within::award_within(&tx, by, &award)?;
        overridden |= done.overridden;
        awards.push(AwardOutcome {
            subcontract: done.subcontract,
            checks: done.checks,
            overridden: done.overridden,
            member_version: done.member_version,
            audit_id: done.audit_id,
        });
    }
    tx.commit()?;
    Ok(JointAwardOutcome { awards, overridden })
}
