//! Reinstating a suspended sub-contract: back to active, its open suspension lifted today.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use super::Decider;
use super::common;
use super::decision::{Decision, Opening, Sheet, Spec, Why, Written};
use super::fields::{Field, Values};
use crate::dates;
use crate::domain::{
    Entity, EntityRef, SubContract, SubContractCode, SubContractStatus, Suspension,
};
use crate::error::Result;
use crate::store::audit::{AuditAction, Entry};
use crate::store::subcontracts;

pub struct Reinstate;

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct ReinstateRequest {
    pub subcontract: SubContractCode,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReinstatePlan {
    pub request: ReinstateRequest,
    pub subcontract: SubContract,
    /// The suspension to lift (none if the record was imported without one).
    pub suspension: Option<Suspension>,
    pub today: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReinstateOutcome {
    pub subcontract: SubContract,
    pub lifted: Option<Suspension>,
}

static SPEC: Spec = Spec::new(
    "reinstate",
    "Reinstate a sub-contract",
    "Reinstate a suspended sub-contract and lift its suspension",
    &["reinstate"],
    &[Field::subcontract("The suspended sub-contract")],
)
.acting_on(Entity::SubContract)
.keys(&["u"], "");

fn refuse_unless_suspended(sub: &SubContract) -> Result<()> {
    common::refuse_unless(
        sub,
        sub.status == SubContractStatus::Suspended,
        "only a suspended sub-contract can be reinstated",
    )
}

impl Decision for Reinstate {
    type Request = ReinstateRequest;
    type Plan = ReinstatePlan;
    type Outcome = ReinstateOutcome;

    fn spec() -> &'static Spec {
        &SPEC
    }

    fn request(v: &Values) -> Result<ReinstateRequest> {
        Ok(ReinstateRequest {
            subcontract: v.code("subcontract")?,
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

    fn plan(conn: &Connection, by: &Decider, r: &ReinstateRequest) -> Result<ReinstatePlan> {
        let sub = common::subcontract(conn, &r.subcontract)?;
        refuse_unless_suspended(&sub)?;
        Ok(ReinstatePlan {
            request: r.clone(),
            suspension: subcontracts::open_suspension(conn, &sub.code)?,
            subcontract: sub,
            today: by.today(),
        })
    }

    fn request_of(plan: &ReinstatePlan) -> &ReinstateRequest {
        &plan.request
    }

    fn sheet(p: &ReinstatePlan) -> Sheet {
        let code = &p.subcontract.code;
        let mut writes = vec![format!("{code}: status suspended → active")];
        if let Some(s) = &p.suspension {
            writes.push(format!(
                "the suspension decided {} lifted on {}",
                dates::display(s.decided),
                dates::display(p.today)
            ));
        }
        Sheet {
            title: format!("Reinstate {code}"),
            facts: vec![format!(
                "{code} goes back to active and its suspension is lifted today."
            )],
            checks: Vec::new(),
            writes,
            confirm_code: None,
        }
    }

    fn write(
        tx: &Connection,
        _by: &Decider,
        p: &ReinstatePlan,
        _why: &Why,
    ) -> Result<Written<ReinstateOutcome>> {
        let before = &p.subcontract;
        let ok = subcontracts::set_subcontract_status(
            tx,
            &before.code,
            SubContractStatus::Active,
            before.row_version,
        )?;
        common::matched(ok, "sub-contract", &before.code)?;
        let lifted = match &p.suspension {
            Some(s) => {
                subcontracts::lift_suspension(tx, &before.code, s.decided, p.today)?;
                Some(Suspension {
                    lifted: Some(p.today),
                    ..s.clone()
                })
            }
            None => None,
        };
        let after = common::subcontract(tx, &before.code)?;
        let entry = Entry::new(AuditAction::Reinstate, EntityRef::subcontract(&before.code))
            .before(&serde_json::json!({ "subcontract": before, "suspension": p.suspension }))
            .after(&serde_json::json!({ "subcontract": after, "suspension": lifted }));
        Ok(Written {
            outcome: ReinstateOutcome {
                subcontract: after,
                lifted,
            },
            audit: vec![entry],
        })
    }

    fn done(o: &ReinstateOutcome) -> String {
        match &o.lifted {
            Some(s) => format!(
                "{} is active again; the suspension decided {} is lifted",
                o.subcontract.code,
                dates::display(s.decided)
            ),
            None => format!("{} is active again", o.subcontract.code),
        }
    }
}
