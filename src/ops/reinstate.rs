//! Reinstating a sub-contract under notice or suspended: its open suspension is lifted today.
//! Before the effective date that withdraws the notice; after it, the sub-contract is active
//! again. A remainder already transferred cannot be brought back this way.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use super::Decider;
use super::common;
use super::decision::{Decision, Opening, Sheet, Spec, Why, Written};
use super::fields::{Field, Values};
use crate::dates;
use crate::domain::state::State;
use crate::domain::{
    Entity, EntityRef, SubContract, SubContractCode, SubContractStatus, Suspension,
};
use crate::error::{HubError, Result};
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
    /// Under notice (the notice is withdrawn) or suspended.
    pub state: State,
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
    "Reinstate a sub-contract under notice or suspended, lifting its suspension",
    &["reinstate"],
    &[Field::subcontract(
        "The sub-contract under notice or suspended",
    )],
)
.acting_on(Entity::SubContract)
.keys(&["u"], "");

/// The suspension to lift: the open one, not yet transferred; a stored suspension imported
/// without its record is reinstated with none.
fn lifting(conn: &Connection, sub: &SubContract, today: NaiveDate) -> Result<Option<Suspension>> {
    let open = subcontracts::open_suspension(conn, &sub.code)?;
    let state = State::of(sub, open.as_ref(), today);
    match open {
        Some(s) if s.transferred_to.is_some() => Err(HubError::Refused(format!(
            "sub-contract {} is {}: its remainder has been transferred",
            sub.code,
            state.describe()
        ))),
        Some(s) if common::is_live(sub) => Ok(Some(s)),
        None if sub.status == SubContractStatus::Suspended => Ok(None),
        _ => Err(HubError::Refused(format!(
            "sub-contract {} is {}; only a sub-contract under notice or suspended can be reinstated",
            sub.code,
            state.describe()
        ))),
    }
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

    fn open(conn: &Connection, by: &Decider, subject: Option<&EntityRef>) -> Result<Opening> {
        let (sub, prefill) = common::opened_on(conn, subject)?;
        lifting(conn, &sub, by.today())?;
        Ok(Opening {
            context: Vec::new(),
            prefill,
        })
    }

    fn plan(conn: &Connection, by: &Decider, r: &ReinstateRequest) -> Result<ReinstatePlan> {
        let sub = common::subcontract(conn, &r.subcontract)?;
        let suspension = lifting(conn, &sub, by.today())?;
        Ok(ReinstatePlan {
            request: r.clone(),
            state: State::of(&sub, suspension.as_ref(), by.today()),
            suspension,
            subcontract: sub,
            today: by.today(),
        })
    }

    fn request_of(plan: &ReinstatePlan) -> &ReinstateRequest {
        &plan.request
    }

    fn sheet(p: &ReinstatePlan) -> Sheet {
        let code = &p.subcontract.code;
        let mut writes = Vec::new();
        if p.subcontract.status != SubContractStatus::Active {
            writes.push(format!("{code}: status suspended → active"));
        }
        if let Some(s) = &p.suspension {
            writes.push(format!(
                "the suspension decided {} lifted on {}",
                dates::display(s.decided),
                dates::display(p.today)
            ));
        }
        let fact = match p.state {
            State::UnderNotice { ends } => format!(
                "{code} is under notice to {}: lifting the suspension withdraws the notice.",
                dates::display(ends)
            ),
            _ => format!("{code} goes back to active and its suspension is lifted today."),
        };
        Sheet {
            title: format!("Reinstate {code}"),
            facts: vec![fact],
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
