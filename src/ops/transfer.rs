//! Transferring the undelivered remainder of a suspended sub-contract to another member: a new
//! active sub-contract from the suspension's effective date to the original end, at the original
//! unit price, checked against the receiving member like an award; the original is terminated.

use rusqlite::Connection;
use serde::Serialize;

use super::Decider;
use super::common::{self, MemberFacts};
use super::decision::{Decision, Opening, Sheet, Spec, Why, Written};
use super::fields::{Field, FieldKind, Pick, Values};
use crate::domain::checks::{Check, Proposal};
use crate::domain::clawback::{self, Remainder};
use crate::domain::{
    Entity, EntityRef, MemberCode, SubContract, SubContractCode, SubContractStatus,
};
use crate::error::{HubError, Result};
use crate::store::audit::{AuditAction, Entry};
use crate::store::{members, subcontracts};
use crate::{dates, money};

pub struct Transfer;

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct TransferRequest {
    pub subcontract: SubContractCode,
    /// The receiving member.
    pub to: MemberCode,
    /// The new sub-contract's code [default: the next free, fixed by the plan].
    pub code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TransferPlan {
    pub request: TransferRequest,
    /// The suspended original, as read.
    pub original: SubContract,
    pub remainder: Remainder,
    /// The new sub-contract.
    pub transferred: SubContract,
    pub checks: Vec<Check>,
    /// What the checks on the receiving member looked at.
    pub receiver: MemberFacts,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TransferOutcome {
    pub original: SubContract,
    pub transferred: SubContract,
}

/// The decision's name.
pub const NAME: &str = "transfer";

static SPEC: Spec = Spec::new(
    NAME,
    "Transfer the remainder",
    "Transfer the undelivered remainder of a suspended sub-contract to another member",
    &["transfer"],
    &[
        Field::subcontract("The suspended sub-contract whose remainder moves"),
        Field::new("to", "Receiving member", FieldKind::Code(Entity::Member))
            .help("The receiving member")
            .required(),
    ],
)
.acting_on(Entity::SubContract)
.keys(&["t"], "")
.typed()
.overridable();

fn refuse_unless_suspended(sub: &SubContract) -> Result<()> {
    common::refuse_unless(
        sub,
        sub.status == SubContractStatus::Suspended,
        "only a suspended sub-contract can be transferred (suspend it first)",
    )
}

/// What is left from the open suspension's effective date (today if none is recorded).
fn remainder_of(conn: &Connection, by: &Decider, sub: &SubContract) -> Result<Remainder> {
    let from = subcontracts::open_suspension(conn, &sub.code)?
        .map(|s| s.effective)
        .unwrap_or_else(|| by.today());
    let profiles = subcontracts::profiles_of(conn, &sub.code)?;
    clawback::remainder(sub, &profiles, from).ok_or_else(|| {
        HubError::Refused(format!(
            "nothing is left to transfer: sub-contract {} ended on {}, before its suspension takes effect on {}",
            sub.code,
            dates::display(sub.end),
            dates::display(from)
        ))
    })
}

impl Decision for Transfer {
    type Request = TransferRequest;
    type Plan = TransferPlan;
    type Outcome = TransferOutcome;

    fn spec() -> &'static Spec {
        &SPEC
    }

    fn request(v: &Values) -> Result<TransferRequest> {
        Ok(TransferRequest {
            subcontract: v.code("subcontract")?,
            to: v.code("to")?,
            code: None,
        })
    }

    fn open(conn: &Connection, _by: &Decider, subject: Option<&EntityRef>) -> Result<Opening> {
        let (sub, prefill) = common::opened_on(conn, subject)?;
        refuse_unless_suspended(&sub)?;
        Ok(Opening {
            context: Vec::new(),
            prefill,
        })
    }

    /// Full members other than the holder with headroom in the line, most headroom first.
    fn choices(conn: &Connection, _by: &Decider, field: &str, v: &Values) -> Result<Vec<Pick>> {
        if field != "to" {
            return Ok(Vec::new());
        }
        let sub = common::subcontract(conn, v.get("subcontract").unwrap_or_default())?;
        let line = common::opportunity(conn, &sub.opportunity)?.service_line;
        super::award::full_members_by_headroom(conn, &line, |m| {
            m.member != sub.member && m.headroom() > 0
        })
    }

    fn plan(conn: &Connection, by: &Decider, r: &TransferRequest) -> Result<TransferPlan> {
        let original = common::subcontract(conn, &r.subcontract)?;
        let receiver = common::member(conn, &r.to)?;
        if receiver.code == original.member {
            return Err(HubError::wrong(
                "to",
                format!(
                    "sub-contract {} is already held by {}; transfer it to another member",
                    original.code, original.member
                ),
            ));
        }
        refuse_unless_suspended(&original)?;
        let remainder = remainder_of(conn, by, &original)?;
        let opportunity = common::opportunity(conn, &original.opportunity)?;
        let facts = MemberFacts::gather(conn, &r.to, &opportunity.service_line)?;
        let proposal = Proposal {
            value: remainder.value,
            start: remainder.start,
            end: remainder.end,
            units_per_month: original.units_per_month,
            let_by: None,
        };
        let checks = facts.checks(conn, by, &opportunity.service_line, &proposal)?;
        let code = common::subcontract_codes(conn, r.code.as_deref(), 1)?.remove(0);
        let transferred = SubContract {
            code: code.clone(),
            opportunity: original.opportunity.clone(),
            member: facts.member.code.clone(),
            let_by: None,
            value: remainder.value,
            start: remainder.start,
            end: remainder.end,
            units_per_month: original.units_per_month,
            payment_model: original.payment_model,
            status: SubContractStatus::Active,
            transferred_from: Some(original.code.clone()),
            row_version: 1,
        };
        Ok(TransferPlan {
            request: TransferRequest {
                code: Some(code),
                subcontract: SubContractCode::new(original.code.clone()),
                to: MemberCode::new(facts.member.code.clone()),
            },
            original,
            remainder,
            transferred,
            checks,
            receiver: facts,
        })
    }

    fn request_of(plan: &TransferPlan) -> &TransferRequest {
        &plan.request
    }

    fn sheet(p: &TransferPlan) -> Sheet {
        let r = &p.remainder;
        let t = &p.transferred;
        Sheet {
            title: format!(
                "Transfer the remainder of {} to {}",
                p.original.code, p.request.to
            ),
            facts: vec![format!(
                "{} months from {} to {}: {} units at {} a unit = {}",
                r.months,
                dates::display(r.start),
                dates::display(r.end),
                r.units,
                money::display(r.unit_price),
                money::display(r.value)
            )],
            checks: p.checks.clone(),
            writes: vec![
                format!("{}: status suspended → terminated", p.original.code),
                format!(
                    "new sub-contract {} for {}: {} – {}, {} units a month, {}",
                    t.code,
                    t.member,
                    dates::display(t.start),
                    dates::display(t.end),
                    t.units_per_month,
                    money::display(t.value)
                ),
            ],
            confirm_code: Some(p.original.code.clone()),
        }
    }

    fn write(
        tx: &Connection,
        _by: &Decider,
        p: &TransferPlan,
        _why: &Why,
    ) -> Result<Written<TransferOutcome>> {
        let before = &p.original;
        let receiver = &p.receiver.member;
        subcontracts::insert_subcontract(tx, &p.transferred)?;
        let ok = subcontracts::set_subcontract_status(
            tx,
            &before.code,
            SubContractStatus::Terminated,
            before.row_version,
        )?;
        common::matched(ok, "sub-contract", &before.code)?;
        let ok = members::bump_member_version(tx, &receiver.code, receiver.row_version)?;
        common::matched(ok, "member", &receiver.code)?;
        let original = common::subcontract(tx, &before.code)?;
        let out = Entry::new(AuditAction::Transfer, EntityRef::subcontract(&before.code))
            .before(before)
            .after(&serde_json::json!({
                "subcontract": original,
                "transferred_to": p.transferred.code,
                "remainder": p.remainder,
            }));
        let into = Entry::new(
            AuditAction::TransferIn,
            EntityRef::subcontract(&p.transferred.code),
        )
        .before(
            &serde_json::json!({ "member": receiver.code, "member_version": receiver.row_version }),
        )
        .after(&serde_json::json!({
            "subcontract": p.transferred,
            "checks": p.checks,
            "member_version": receiver.row_version + 1,
        }));
        Ok(Written {
            outcome: TransferOutcome {
                original,
                transferred: p.transferred.clone(),
            },
            audit: vec![out, into],
        })
    }

    fn done(o: &TransferOutcome) -> String {
        format!(
            "transferred {} of {} to {} as {}; {} is terminated",
            money::display(o.transferred.value),
            o.original.code,
            o.transferred.member,
            o.transferred.code,
            o.original.code
        )
    }

    fn next(o: &TransferOutcome) -> Vec<(&'static str, EntityRef)> {
        vec![(
            super::clawback::NAME,
            EntityRef::subcontract(&o.original.code),
        )]
    }
}
