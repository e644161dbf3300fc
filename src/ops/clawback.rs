//! Clawing back funding for undelivered work: a claim for paid minus earned at the sub-contract's
//! rates (and, paid by results, its terms), less earlier claims. Months starved of referrals are
//! left out unless the hub counts them, which needs an override with its reason. The figures on
//! the dashboard, the command line and the audit row are this plan's, computed once.

use chrono::NaiveDate;
use rusqlite::Connection;
use rust_decimal::Decimal;
use serde::Serialize;

use super::Decider;
use super::common;
use super::decision::{Decision, Opening, Sheet, Spec, Why, Written};
use super::fields::{Field, FieldKind, Values};
use crate::domain::checks::{Check, Rule};
use crate::domain::clawback::{self, ClawbackFigures, Unreferred};
use crate::domain::{Claim, Entity, EntityRef, SubContract, SubContractCode};
use crate::error::{HubError, Result};
use crate::money;
use crate::store::audit::{AuditAction, Entry};
use crate::store::subcontracts;

pub struct Clawback;

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct ClawbackRequest {
    pub subcontract: SubContractCode,
    /// The claim's code [default: the next free `CL-nnnnnn`, fixed by the plan].
    pub claim_code: Option<String>,
    /// Count months starved of referrals too (needs an override with its reason).
    #[serde(default)]
    pub count_unreferred: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClawbackPlan {
    pub request: ClawbackRequest,
    pub subcontract: SubContract,
    pub figures: ClawbackFigures,
    pub checks: Vec<Check>,
    pub raised: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClawbackOutcome {
    pub claim: Claim,
    pub figures: ClawbackFigures,
}

/// The decision's name.
pub const NAME: &str = "clawback";

static SPEC: Spec = Spec::new(
    NAME,
    "Claw back unearned funding",
    "Claw back funding paid for work not delivered",
    &["clawback"],
    &[
        Field::subcontract("The sub-contract to claim from"),
        Field::new(
            "count_unreferred",
            "Count months without referrals",
            FieldKind::Flag,
        )
        .help("Count months the route sent no referrals too (an override, with its reason)")
        .cli_only(),
    ],
)
.acting_on(Entity::SubContract)
.keys(&["c"], "")
.typed()
.overridable();

/// Paid, earned and already claimed for `sub`, from its returns, rates, terms and claims.
fn figures(conn: &Connection, sub: &SubContract, basis: Unreferred) -> Result<ClawbackFigures> {
    let returns = subcontracts::returns_of(conn, &sub.code)?;
    let claimed: Decimal = subcontracts::claims_of(conn, &sub.code)?
        .iter()
        .map(|c| c.amount)
        .sum();
    let pricing = super::prime::pricing(conn, sub)?;
    clawback::clawback(&pricing, &returns, claimed, basis)
        .ok_or_else(|| super::prime::too_large(&sub.code))
}

/// The months starved of referrals, as a check: left out passes; counted needs an override.
fn unreferred_check(f: &ClawbackFigures) -> Option<Check> {
    if f.unreferred.is_empty() {
        return None;
    }
    let months: Vec<String> = f.unreferred.iter().map(|p| p.display()).collect();
    let what = format!(
        "{} paid in {} month{} the route sent no referrals ({})",
        money::display(f.unreferred_paid),
        months.len(),
        if months.len() == 1 { "" } else { "s" },
        months.join(", ")
    );
    Some(match f.unreferred_basis {
        Unreferred::LeftOut => {
            Check::new(Rule::UnreferredLeftOut, true, format!("left out: {what}"))
        }
        Unreferred::Counted => Check::new(
            Rule::UnreferredLeftOut,
            false,
            format!("counted: {what}; the shortfall was the route's, not the provider's"),
        ),
    })
}

fn basis(r: &ClawbackRequest) -> Unreferred {
    if r.count_unreferred {
        Unreferred::Counted
    } else {
        Unreferred::LeftOut
    }
}

fn refuse_unless_owed(sub: &SubContract, f: &ClawbackFigures) -> Result<()> {
    if !f.owed() {
        let left_out = if f.unreferred.is_empty() || f.unreferred_basis == Unreferred::Counted {
            String::new()
        } else {
            format!(
                "; {} month(s) without referrals left out (count them with --count-unreferred and an override reason)",
                f.unreferred.len()
            )
        };
        return Err(HubError::Refused(format!(
            "nothing to claw back from {}: paid {}, earned {} ({}), already claimed {}{left_out}",
            sub.code,
            money::display(f.paid),
            money::display(f.earned),
            f.workings.workings(),
            money::display(f.already_claimed)
        )));
    }
    Ok(())
}

impl Decision for Clawback {
    type Request = ClawbackRequest;
    type Plan = ClawbackPlan;
    type Outcome = ClawbackOutcome;

    fn spec() -> &'static Spec {
        &SPEC
    }

    fn request(v: &Values) -> Result<ClawbackRequest> {
        Ok(ClawbackRequest {
            subcontract: v.code("subcontract")?,
            claim_code: None,
            count_unreferred: v.flag("count_unreferred"),
        })
    }

    fn open(conn: &Connection, _by: &Decider, subject: Option<&EntityRef>) -> Result<Opening> {
        let code = subject.map(|s| s.code.as_str()).unwrap_or_default();
        let sub = common::subcontract(conn, code)?;
        let left_out = figures(conn, &sub, Unreferred::LeftOut)?;
        let counted = figures(conn, &sub, Unreferred::Counted)?;
        if !counted.owed() {
            refuse_unless_owed(&sub, &left_out)?;
        }
        Ok(Opening {
            context: Vec::new(),
            prefill: Values::default().with("subcontract", code),
        })
    }

    fn plan(conn: &Connection, by: &Decider, r: &ClawbackRequest) -> Result<ClawbackPlan> {
        let sub = common::subcontract(conn, &r.subcontract)?;
        let figures = figures(conn, &sub, basis(r))?;
        refuse_unless_owed(&sub, &figures)?;
        let claim_code = match &r.claim_code {
            Some(c) => {
                if subcontracts::claim_exists(conn, c)? {
                    return Err(HubError::wrong(
                        "claim_code",
                        format!("a claim {c} already exists"),
                    ));
                }
                c.clone()
            }
            None => subcontracts::next_claim_code(conn)?,
        };
        Ok(ClawbackPlan {
            request: ClawbackRequest {
                claim_code: Some(claim_code),
                ..r.clone()
            },
            subcontract: sub,
            checks: unreferred_check(&figures).into_iter().collect(),
            figures,
            raised: by.today(),
        })
    }

    fn request_of(plan: &ClawbackPlan) -> &ClawbackRequest {
        &plan.request
    }

    fn sheet(p: &ClawbackPlan) -> Sheet {
        let f = &p.figures;
        let row = |label: String, value| format!("{label:<34}{:>14}", money::display(value));
        Sheet {
            title: format!("Claw back from {}", p.subcontract.code),
            facts: vec![
                row("Paid to date".into(), f.paid),
                row("Earned".into(), f.earned),
                format!("  {}", f.workings.workings()),
                row("Already claimed".into(), f.already_claimed),
                row("To claw back".into(), f.amount),
            ],
            checks: p.checks.clone(),
            writes: vec![format!(
                "claim {} on {} for {}",
                p.request.claim_code.as_deref().unwrap_or_default(),
                p.subcontract.code,
                money::display(f.amount)
            )],
            confirm_code: Some(p.subcontract.code.clone()),
        }
    }

    fn write(
        tx: &Connection,
        _by: &Decider,
        p: &ClawbackPlan,
        why: &Why,
    ) -> Result<Written<ClawbackOutcome>> {
        let sub = &p.subcontract;
        let f = &p.figures;
        let claim = Claim {
            code: p.request.claim_code.clone().unwrap_or_default(),
            subcontract: sub.code.clone(),
            raised: p.raised,
            paid: f.paid,
            earned: f.earned,
            amount: f.amount,
            reason: why.reason.clone(),
        };
        subcontracts::insert_claim(tx, &claim)?;
        // A second officer's plan for the same money is then a conflict, not a double claim.
        let ok = subcontracts::bump_subcontract_version(tx, &sub.code, sub.row_version)?;
        common::matched(ok, "sub-contract", &sub.code)?;
        let entry = Entry::new(AuditAction::Clawback, EntityRef::subcontract(&sub.code))
            .before(&serde_json::json!({ "row_version": sub.row_version, "already_claimed": f.already_claimed }))
            .after(&serde_json::json!({ "claim": claim, "figures": f, "row_version": sub.row_version + 1 }));
        Ok(Written {
            outcome: ClawbackOutcome {
                claim,
                figures: f.clone(),
            },
            audit: vec![entry],
        })
    }

    fn done(o: &ClawbackOutcome) -> String {
        format!(
            "claim {} for {} raised on {}",
            o.claim.code,
            money::display(o.claim.amount),
            o.claim.subcontract
        )
    }
}
