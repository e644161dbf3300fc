//! Putting mistakes right without deleting anything: a proposed award withdrawn before it starts
//! (the sub-contract ends at £0.00, so nothing of the prime stays let to it), and a claw-back
//! claim reversed by a new claim of the opposite amount that names it. The audit log shows both
//! the mistake and its correction, and every figure follows the corrected records.

use rusqlite::Connection;
use rust_decimal::Decimal;
use serde::Serialize;

use super::Decider;
use super::common;
use super::decision::{Decision, Sheet, Spec, Why, Written};
use super::fields::{Field, FieldKind, Values};
use crate::domain::state::State;
use crate::domain::{Claim, Entity, EntityRef, SubContract, SubContractCode, SubContractStatus};
use crate::error::{HubError, Result};
use crate::store::audit::{AuditAction, Entry};
use crate::store::lookup::{self, CodeTable};
use crate::store::subcontracts;
use crate::{dates, money};

pub struct WithdrawAward;
pub struct ReverseClaim;

static WITHDRAW: Spec = Spec::new(
    "withdraw",
    "Withdraw a proposed award",
    "Withdraw an award not yet started: the sub-contract ends at £0.00 and what it held of the prime is free to let again",
    &["withdraw"],
    &[Field::subcontract("The proposed sub-contract")],
)
.typed();

static REVERSE: Spec = Spec::new(
    "reverse_claim",
    "Reverse a claw-back claim",
    "Reverse a claw-back claim raised in error: a new claim of the opposite amount, naming it",
    &["reverse"],
    &[Field::new("claim", "Claim", FieldKind::Code(Entity::Claim))
        .help("The claim to reverse (CL-0002)")
        .required()
        .positional()],
)
.typed();

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct WithdrawRequest {
    pub subcontract: SubContractCode,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WithdrawPlan {
    pub request: WithdrawRequest,
    pub before: SubContract,
    pub after: SubContract,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WithdrawOutcome {
    pub subcontract: String,
    pub value_freed: Decimal,
}

impl Decision for WithdrawAward {
    type Request = WithdrawRequest;
    type Plan = WithdrawPlan;
    type Outcome = WithdrawOutcome;

    fn spec() -> &'static Spec {
        &WITHDRAW
    }

    fn request(v: &Values) -> Result<WithdrawRequest> {
        Ok(WithdrawRequest {
            subcontract: v.code("subcontract")?,
        })
    }

    fn plan(conn: &Connection, by: &Decider, r: &WithdrawRequest) -> Result<WithdrawPlan> {
        let sub = common::subcontract(conn, &r.subcontract)?;
        let open = matches!(
            sub.status,
            SubContractStatus::Proposed | SubContractStatus::Active | SubContractStatus::Suspended
        );
        if !open || sub.start <= by.today() {
            let state = State::of(&sub, None, by.today());
            return Err(HubError::Refused(format!(
                "{} is {} (from {}): only an award not yet started can be withdrawn; a running sub-contract is ended by suspension and transfer",
                sub.code,
                state.describe(),
                dates::display(sub.start)
            )));
        }
        if subcontracts::returns_of(conn, &sub.code)?
            .iter()
            .any(|m| m.submitted.is_some())
        {
            return Err(HubError::Refused(format!(
                "{} has returns recorded: it has delivered, so it cannot be withdrawn",
                sub.code
            )));
        }
        let after = SubContract {
            value: Decimal::ZERO,
            status: SubContractStatus::Terminated,
            ..sub.clone()
        };
        Ok(WithdrawPlan {
            request: WithdrawRequest {
                subcontract: SubContractCode::new(sub.code.clone()),
            },
            before: sub,
            after,
        })
    }

    fn request_of(plan: &WithdrawPlan) -> &WithdrawRequest {
        &plan.request
    }

    fn sheet(p: &WithdrawPlan) -> Sheet {
        let s = &p.before;
        Sheet {
            title: format!("Withdraw the award of {} to {}", s.code, s.member),
            facts: vec![format!(
                "{} on {}: {} from {} to {}, not started",
                s.code,
                s.opportunity,
                money::display(s.value),
                dates::display(s.start),
                dates::display(s.end)
            )],
            checks: Vec::new(),
            writes: vec![format!(
                "{}: withdrawn (terminated, value {} → £0.00); {} of {} free to let again",
                s.code,
                money::display(s.value),
                money::display(s.value),
                s.opportunity
            )],
            confirm_code: Some(s.code.clone()),
        }
    }

    fn write(
        tx: &Connection,
        _by: &Decider,
        p: &WithdrawPlan,
        _why: &Why,
    ) -> Result<Written<WithdrawOutcome>> {
        let ok = subcontracts::end_early(tx, &p.after, p.before.row_version)?;
        common::matched(ok, "sub-contract", &p.before.code)?;
        let entry = Entry::new(
            AuditAction::Withdraw,
            EntityRef::subcontract(&p.before.code),
        )
        .before(&serde_json::json!({ "subcontract": p.before }))
        .after(&serde_json::json!({
            "subcontract": SubContract { row_version: p.before.row_version + 1, ..p.after.clone() }
        }));
        Ok(Written {
            outcome: WithdrawOutcome {
                subcontract: p.before.code.clone(),
                value_freed: p.before.value,
            },
            audit: vec![entry],
        })
    }

    fn done(o: &WithdrawOutcome) -> String {
        format!(
            "{} withdrawn; {} free to let again",
            o.subcontract,
            money::display(o.value_freed)
        )
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct ReverseRequest {
    pub claim: String,
    /// The reversal's code, once planned.
    pub code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReversePlan {
    pub request: ReverseRequest,
    pub claim: Claim,
    pub reversal: Claim,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReverseOutcome {
    pub reversal: Claim,
}

/// The words a reversal's reason starts with, which tie it to the claim it reverses.
fn reverses(code: &str) -> String {
    format!("reverses {code}:")
}

impl Decision for ReverseClaim {
    type Request = ReverseRequest;
    type Plan = ReversePlan;
    type Outcome = ReverseOutcome;

    fn spec() -> &'static Spec {
        &REVERSE
    }

    fn request(v: &Values) -> Result<ReverseRequest> {
        Ok(ReverseRequest {
            claim: v.text("claim")?,
            code: None,
        })
    }

    fn plan(conn: &Connection, by: &Decider, r: &ReverseRequest) -> Result<ReversePlan> {
        let code = lookup::canonical(conn, CodeTable::Claims, &r.claim)?.ok_or_else(|| {
            HubError::NotFound(lookup::not_found(
                conn,
                CodeTable::Claims,
                "claim",
                &r.claim,
            ))
        })?;
        let all = subcontracts::all_claims(conn)?;
        let claim = all
            .iter()
            .find(|c| c.code == code)
            .cloned()
            .ok_or_else(|| HubError::NotFound(format!("no claim with code '{code}'")))?;
        if claim.amount <= Decimal::ZERO {
            return Err(HubError::Refused(format!(
                "{code} is itself a reversal ({}); it cannot be reversed",
                claim.reason
            )));
        }
        if let Some(done) = all.iter().find(|c| c.reason.starts_with(&reverses(&code))) {
            return Err(HubError::Refused(format!(
                "{code} was reversed already, by {} on {}",
                done.code,
                dates::display(done.raised)
            )));
        }
        let new_code = match &r.code {
            Some(c) => c.clone(),
            None => subcontracts::next_claim_code(conn)?,
        };
        let reversal = Claim {
            code: new_code.clone(),
            subcontract: claim.subcontract.clone(),
            raised: by.today(),
            paid: claim.paid,
            earned: claim.earned,
            amount: -claim.amount,
            reason: reverses(&code),
        };
        Ok(ReversePlan {
            request: ReverseRequest {
                claim: code,
                code: Some(new_code),
            },
            claim,
            reversal,
        })
    }

    fn request_of(plan: &ReversePlan) -> &ReverseRequest {
        &plan.request
    }

    fn sheet(p: &ReversePlan) -> Sheet {
        let c = &p.claim;
        Sheet {
            title: format!("Reverse claim {} on {}", c.code, c.subcontract),
            facts: vec![format!(
                "{} raised {} for {}: {}",
                c.code,
                dates::display(c.raised),
                money::display(c.amount),
                c.reason
            )],
            checks: Vec::new(),
            writes: vec![format!(
                "claim {} on {} for {}, reversing {}",
                p.reversal.code,
                c.subcontract,
                money::display(p.reversal.amount),
                c.code
            )],
            confirm_code: Some(c.code.clone()),
        }
    }

    fn write(
        tx: &Connection,
        _by: &Decider,
        p: &ReversePlan,
        why: &Why,
    ) -> Result<Written<ReverseOutcome>> {
        let reversal = Claim {
            reason: format!("{} {}", reverses(&p.claim.code), why.reason),
            ..p.reversal.clone()
        };
        subcontracts::insert_claim(tx, &reversal)?;
        let entry = Entry::new(
            AuditAction::ClaimReverse,
            EntityRef::new(Entity::Claim, &reversal.code),
        )
        .before(&serde_json::json!({ "claim": p.claim }))
        .after(&serde_json::json!({ "reversal": reversal }));
        Ok(Written {
            outcome: ReverseOutcome { reversal },
            audit: vec![entry],
        })
    }

    fn done(o: &ReverseOutcome) -> String {
        format!(
            "claim {} for {} raised on {}: {}",
            o.reversal.code,
            money::display(o.reversal.amount),
            o.reversal.subcontract,
            o.reversal.reason
        )
    }
}
