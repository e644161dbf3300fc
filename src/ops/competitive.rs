//! Awarding a won opportunity by open competitive sub-tendering: the panel's scores are ranked
//! (`domain::competitive`) and the highest-ranked bidder is awarded the work at its price, with
//! the full award checks, in one transaction. The award's audit row carries the criteria, every
//! panel score (the excluded ones too), the declared conflicts and the ranking, so the Board's
//! decision can be reproduced.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use rusqlite::Connection;
use rust_decimal::Decimal;
use serde::Serialize;

use super::award_within::{self, Award};
use super::common::{self, MemberFacts};
use super::{AwardOutcome, Decider};
use crate::domain::Competitive;
use crate::domain::checks::{self, Check, Proposal};
use crate::domain::competitive::{self, Bid, Criterion, DeclaredConflict, PanelScore, Ranking};
use crate::domain::{Opportunity, PaymentModel, SubContract};
use crate::error::{HubError, Result};
use crate::store::{Store, subcontracts};
use crate::{dates, money};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompetitiveAwardRequest {
    pub opportunity: String,
    pub bids: Vec<Bid>,
    pub scores: Vec<PanelScore>,
    pub conflicts: Vec<DeclaredConflict>,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// The opportunity's payment model when not given.
    pub payment_model: Option<PaymentModel>,
    pub reason: String,
    /// Awards the winner despite failed checks, for this reason.
    pub override_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompetitiveAwardPlan {
    pub request: CompetitiveAwardRequest,
    pub opportunity: Opportunity,
    pub criteria: Vec<Criterion>,
    pub min_panel: u32,
    pub ranking: Ranking,
    /// The winner's sub-contract as it would be written (provisional code).
    pub subcontract: SubContract,
    /// The award checks on the winner.
    pub checks: Vec<Check>,
    pub member_version: i64,
}

impl CompetitiveAwardPlan {
    pub fn failures(&self) -> Vec<&Check> {
        checks::failures(&self.checks)
    }
    pub fn will_proceed(&self) -> bool {
        self.failures().is_empty() || self.request.override_reason.is_some()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompetitiveAwardOutcome {
    pub award: AwardOutcome,
    pub ranking: Ranking,
}

fn validate(conn: &Connection, req: &mut CompetitiveAwardRequest) -> Result<()> {
    req.reason = common::required_reason("--reason", &req.reason)?;
    req.override_reason =
        common::optional_reason("--override-reason", req.override_reason.as_deref())?;
    if req.end < req.start {
        return Err(HubError::Invalid(format!(
            "--end {} is before --start {}",
            dates::display(req.end),
            dates::display(req.start)
        )));
    }
    for b in &req.bids {
        common::member(conn, &b.bidder)?;
        if b.price <= Decimal::ZERO || money::pennies(b.price) != b.price {
            return Err(HubError::Invalid(format!(
                "{}'s price {} must be more than £0.00 in whole pence",
                b.bidder, b.price
            )));
        }
        if b.units_per_month == 0 {
            return Err(HubError::Invalid(format!(
                "{}'s bid has 0 units a month: a bid needs at least 1",
                b.bidder
            )));
        }
    }
    let mut seen = BTreeSet::new();
    for c in &req.conflicts {
        if c.reason.trim().is_empty() {
            return Err(HubError::Invalid(format!(
                "the conflict of {} with {} has no reason: say what the interest is",
                c.panel_member, c.bidder
            )));
        }
        if !seen.insert((c.panel_member.as_str(), c.bidder.as_str())) {
            return Err(HubError::Invalid(format!(
                "the conflict of {} with {} is declared twice",
                c.panel_member, c.bidder
            )));
        }
    }
    Ok(())
}

fn ranking(rules: &Competitive, req: &CompetitiveAwardRequest) -> Result<Ranking> {
    competitive::rank(
        &rules.criteria,
        &req.bids,
        &req.scores,
        &req.conflicts,
        rules.min_panel as usize,
    )
    .map_err(|m| HubError::Invalid(format!("the panel's scores cannot be ranked: {m}")))
}

fn award<'a>(
    opportunity: &'a Opportunity,
    req: &'a CompetitiveAwardRequest,
    winner: &'a Bid,
    member_version: i64,
) -> Award<'a> {
    Award {
        opportunity,
        member: &winner.bidder,
        member_version,
        proposal: Proposal {
            value: winner.price,
            start: req.start,
            end: req.end,
            units_per_month: winner.units_per_month,
            let_by: None,
        },
        payment_model: req.payment_model,
        override_reason: req.override_reason.as_deref(),
        reason: req.reason.clone(),
        overridden_elsewhere: false,
        context_key: "competition",
        context: serde_json::Value::Null,
    }
}

fn winning_bid<'a>(req: &'a CompetitiveAwardRequest, ranking: &Ranking) -> &'a Bid {
    let name = &ranking.winner().bidder;
    // `rank` only ranks the bids it was given, so the winner is always among them.
    req.bids
        .iter()
        .find(|b| &b.bidder == name)
        .unwrap_or(&req.bids[0])
}

/// Ranks the bids and runs the award checks on the winner; writes nothing.
pub fn plan_competitive_award(
    conn: &Connection,
    by: &Decider,
    rules: &Competitive,
    mut request: CompetitiveAwardRequest,
) -> Result<CompetitiveAwardPlan> {
    validate(conn, &mut request)?;
    let opportunity = common::opportunity(conn, &request.opportunity)?;
    let ranking = ranking(rules, &request)?;
    award_within::refuse_unless_won(&opportunity)?;
    let winner = winning_bid(&request, &ranking);
    let facts = MemberFacts::gather(conn, &winner.bidder, &opportunity.service_line)?;
    let a = award(&opportunity, &request, winner, facts.member.row_version);
    let subcontract = award_within::subcontract(&a, subcontracts::next_subcontract_code(conn)?);
    let checks =
        award_within::checks_for(conn, by, &facts, &opportunity.service_line, &a.proposal)?;
    let member_version = facts.member.row_version;
    Ok(CompetitiveAwardPlan {
        criteria: rules.criteria.clone(),
        min_panel: rules.min_panel,
        opportunity: opportunity.clone(),
        ranking,
        subcontract,
        checks,
        member_version,
        request,
    })
}

/// Awards the winner in one transaction, refusing if its member version moved since the plan.
pub fn commit_competitive_award(
    store: &mut Store,
    by: &Decider,
    plan: &CompetitiveAwardPlan,
) -> Result<CompetitiveAwardOutcome> {
    let tx = store.write()?;
    let req = &plan.request;
    let opportunity = common::opportunity(&tx, &req.opportunity)?;
    award_within::refuse_unless_won(&opportunity)?;
    let winner = winning_bid(req, &plan.ranking);
    let mut a = award(&opportunity, req, winner, plan.member_version);
    a.context = serde_json::json!({
        "criteria": plan.criteria,
        "min_panel": plan.min_panel,
        "bids": req.bids,
        "scores": req.scores,
        "conflicts": req.conflicts,
        "ranking": plan.ranking,
    });
    let done = award_within::award_within(&tx, by, &a)?;
    tx.commit()?;
    Ok(CompetitiveAwardOutcome {
        award: AwardOutcome {
            subcontract: done.subcontract,
            checks: done.checks,
            overridden: done.overridden,
            member_version: done.member_version,
            audit_id: done.audit_id,
        },
        ranking: plan.ranking.clone(),
    })
}
