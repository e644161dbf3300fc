//! Improvement plans (step 3 of the escalation ladder): actions with an owner and a due date
//! added to a live sub-contract, and marked done. An action or owner left empty is refused; a due
//! date in the past is allowed (a plan is often written up after it was agreed).

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use super::Decider;
use super::common;
use super::decision::{Decision, Opening, Sheet, Spec, Why, Written};
use super::fields::{Field, FieldKind, Values};
use crate::dates;
use crate::domain::improvement::ImprovementAction;
use crate::domain::{Entity, EntityRef, SubContract, SubContractCode};
use crate::error::{HubError, Result};
use crate::store::audit::{AuditAction, Entry};
use crate::store::plans;

pub struct ImprovementAdd;
pub struct ImprovementDone;

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct ImprovementAddRequest {
    pub subcontract: SubContractCode,
    pub action: String,
    pub owner: String,
    pub due: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImprovementAddPlan {
    pub request: ImprovementAddRequest,
    pub subcontract: SubContract,
    /// As it will be written; its id is 0 until the store assigns one, its reason the decision's.
    pub action: ImprovementAction,
}

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct ImprovementDoneRequest {
    pub subcontract: SubContractCode,
    pub id: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImprovementDonePlan {
    pub request: ImprovementDoneRequest,
    /// The action as read (open).
    pub action: ImprovementAction,
    pub completed: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImprovementOutcome {
    pub action: ImprovementAction,
}

const SUBJECT: Field = Field::subcontract("The sub-contract");

static ADD: Spec = Spec::new(
    "improvement_add",
    "Add an improvement action",
    "Add an action to a sub-contract's improvement plan",
    &["improve", "add"],
    &[
        SUBJECT,
        Field::new("action", "Action", FieldKind::Text)
            .help("What is to be done")
            .required(),
        Field::new("owner", "Owner", FieldKind::Text)
            .help("Who answers for it (a person or role at the member)")
            .required(),
        Field::new("due", "Due", FieldKind::Date)
            .help("When it is due (a past date is allowed)")
            .required(),
    ],
)
.acting_on(Entity::SubContract)
.keys(&["i"], "");

static DONE: Spec = Spec::new(
    "improvement_done",
    "Mark an improvement action done",
    "Mark an improvement action done",
    &["improve", "done"],
    &[
        SUBJECT,
        Field::new("id", "Action number", FieldKind::Count)
            .help("The action's number, as `improve list` shows it")
            .positional(),
    ],
)
.acting_on(Entity::SubContract);

fn action_of(conn: &Connection, sub: &str, id: i64) -> Result<ImprovementAction> {
    match plans::get_action(conn, id)? {
        Some(a) if a.subcontract == sub => Ok(a),
        _ => Err(HubError::NotFound(format!(
            "sub-contract {sub} has no improvement action {id} (hubboard improve list {sub})"
        ))),
    }
}

impl Decision for ImprovementAdd {
    type Request = ImprovementAddRequest;
    type Plan = ImprovementAddPlan;
    type Outcome = ImprovementOutcome;

    fn spec() -> &'static Spec {
        &ADD
    }

    fn request(v: &Values) -> Result<ImprovementAddRequest> {
        Ok(ImprovementAddRequest {
            subcontract: v.code("subcontract")?,
            action: v.text("action")?,
            owner: v.text("owner")?,
            due: v.date("due")?,
        })
    }

    fn open(conn: &Connection, by: &Decider, subject: Option<&EntityRef>) -> Result<Opening> {
        let code = subject.map(|s| s.code.as_str()).unwrap_or_default();
        let sub = common::subcontract(conn, code)?;
        common::refuse_unless(
            &sub,
            common::is_live(&sub),
            "an improvement plan is for a live sub-contract",
        )?;
        Ok(Opening {
            context: vec![
                "Step 3 of the ladder: an agreed action with an owner and a due date.".into(),
            ],
            prefill: Values::default()
                .with("subcontract", code)
                .with("due", &dates::iso(dates::add_months(by.today(), 1))),
        })
    }

    fn plan(
        conn: &Connection,
        by: &Decider,
        r: &ImprovementAddRequest,
    ) -> Result<ImprovementAddPlan> {
        let action = r.action.trim();
        let owner = r.owner.trim();
        if action.is_empty() {
            return Err(HubError::missing("action"));
        }
        if owner.is_empty() {
            return Err(HubError::missing("owner"));
        }
        let sub = common::subcontract(conn, &r.subcontract)?;
        common::refuse_unless(
            &sub,
            common::is_live(&sub),
            "an improvement plan is for a live sub-contract",
        )?;
        Ok(ImprovementAddPlan {
            request: r.clone(),
            action: ImprovementAction {
                id: 0,
                subcontract: sub.code.clone(),
                action: action.to_string(),
                owner: owner.to_string(),
                due: r.due,
                raised: by.today(),
                raised_by: by.actor.to_string(),
                reason: String::new(),
                completed: None,
                completed_by: None,
                completion_reason: None,
            },
            subcontract: sub,
        })
    }

    fn request_of(plan: &ImprovementAddPlan) -> &ImprovementAddRequest {
        &plan.request
    }

    fn sheet(p: &ImprovementAddPlan) -> Sheet {
        let a = &p.action;
        Sheet {
            title: format!("Improvement plan for {}", a.subcontract),
            facts: Vec::new(),
            checks: Vec::new(),
            writes: vec![format!(
                "an action on {}: {} (owner {}, due {})",
                a.subcontract,
                a.action,
                a.owner,
                dates::display(a.due)
            )],
            confirm_code: None,
        }
    }

    fn write(
        tx: &Connection,
        _by: &Decider,
        p: &ImprovementAddPlan,
        why: &Why,
    ) -> Result<Written<ImprovementOutcome>> {
        let action = plans::insert_action(
            tx,
            &ImprovementAction {
                reason: why.reason.clone(),
                ..p.action.clone()
            },
        )?;
        let entry = Entry::new(
            AuditAction::ImprovementAdd,
            EntityRef::subcontract(&action.subcontract),
        )
        .after(&action);
        Ok(Written {
            outcome: ImprovementOutcome { action },
            audit: vec![entry],
        })
    }

    fn done(o: &ImprovementOutcome) -> String {
        let x = &o.action;
        format!(
            "action {} on {}: {} (owner {}, due {})",
            x.id,
            x.subcontract,
            x.action,
            x.owner,
            dates::display(x.due)
        )
    }
}

impl Decision for ImprovementDone {
    type Request = ImprovementDoneRequest;
    type Plan = ImprovementDonePlan;
    type Outcome = ImprovementOutcome;

    fn spec() -> &'static Spec {
        &DONE
    }

    fn request(v: &Values) -> Result<ImprovementDoneRequest> {
        Ok(ImprovementDoneRequest {
            subcontract: v.code("subcontract")?,
            id: i64::from(v.count("id")?),
        })
    }

    fn plan(
        conn: &Connection,
        by: &Decider,
        r: &ImprovementDoneRequest,
    ) -> Result<ImprovementDonePlan> {
        let sub = common::subcontract(conn, &r.subcontract)?;
        let action = action_of(conn, &sub.code, r.id)?;
        if let Some(done) = action.completed {
            return Err(HubError::Refused(format!(
                "improvement action {} on {} was already done on {}",
                action.id,
                action.subcontract,
                dates::display(done)
            )));
        }
        Ok(ImprovementDonePlan {
            request: r.clone(),
            action,
            completed: by.today(),
        })
    }

    fn request_of(plan: &ImprovementDonePlan) -> &ImprovementDoneRequest {
        &plan.request
    }

    fn sheet(p: &ImprovementDonePlan) -> Sheet {
        let a = &p.action;
        Sheet {
            title: format!("Improvement action {} on {}", a.id, a.subcontract),
            facts: vec![format!(
                "{} (owner {}, due {})",
                a.action,
                a.owner,
                dates::display(a.due)
            )],
            checks: Vec::new(),
            writes: vec![format!(
                "action {} marked done {}",
                a.id,
                dates::display(p.completed)
            )],
            confirm_code: None,
        }
    }

    fn write(
        tx: &Connection,
        by: &Decider,
        p: &ImprovementDonePlan,
        why: &Why,
    ) -> Result<Written<ImprovementOutcome>> {
        let ok = plans::complete_action(tx, p.action.id, p.completed, by.actor, &why.reason)?;
        common::matched(ok, "improvement action", &p.action.id.to_string())?;
        let after = action_of(tx, &p.action.subcontract, p.action.id)?;
        let entry = Entry::new(
            AuditAction::ImprovementDone,
            EntityRef::subcontract(&after.subcontract),
        )
        .before(&p.action)
        .after(&after);
        Ok(Written {
            outcome: ImprovementOutcome { action: after },
            audit: vec![entry],
        })
    }

    fn done(o: &ImprovementOutcome) -> String {
        format!(
            "action {} on {} done {}",
            o.action.id,
            o.action.subcontract,
            o.action.completed.map(dates::display).unwrap_or_default()
        )
    }
}
