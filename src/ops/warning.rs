//! Early-warning flags (step 2 of the escalation ladder): an officer raises one on an active
//! sub-contract with a reason, and clears it with a reason. At most one is open at a time. The
//! flag does not change the sub-contract's row version: it records concern, not a change to what
//! the member is contracted to deliver, so it does not invalidate a colleague's plan.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use super::Decider;
use super::common;
use super::decision::{Decision, Opening, Sheet, Spec, Why, Written};
use super::fields::{Field, FieldKind, Values};
use crate::dates;
use crate::domain::improvement::EarlyWarning;
use crate::domain::{Entity, EntityRef, SubContract, SubContractCode, SubContractStatus};
use crate::error::{HubError, Result};
use crate::store::audit::{AuditAction, Entry};
use crate::store::plans;

pub struct Warn;
pub struct ClearWarning;

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct WarnRequest {
    pub subcontract: SubContractCode,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WarnPlan {
    pub request: WarnRequest,
    pub subcontract: SubContract,
    pub raised: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClearWarningPlan {
    pub request: WarnRequest,
    /// The open flag as read.
    pub flag: EarlyWarning,
    pub cleared: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WarningOutcome {
    pub flag: EarlyWarning,
}

const SUBJECT: Field = Field::subcontract("The sub-contract");

static WARN: Spec = Spec::new(
    "warn",
    "Raise an early warning",
    "Raise an early warning on a sub-contract",
    &["warn"],
    &[SUBJECT],
)
.acting_on(Entity::SubContract)
.keys(&["w"], "");

static CLEAR: Spec = Spec::new(
    "clear_warning",
    "Clear an early warning",
    "Clear the open early warning on a sub-contract",
    &["warn"],
    &[
        SUBJECT,
        Field::new("clear", "Clear the open warning", FieldKind::Flag)
            .help("Clear the open early warning instead of raising one"),
    ],
)
.acting_on(Entity::SubContract)
.keys(&["w"], "")
.route("clear");

fn refuse_if_open(conn: &Connection, sub: &str) -> Result<()> {
    if let Some(f) = plans::open_flag(conn, sub)? {
        return Err(HubError::Refused(format!(
            "sub-contract {sub} already has an early warning raised {} by {} ({}); clear it first or leave it",
            dates::display(f.raised),
            f.raised_by,
            f.reason
        )));
    }
    Ok(())
}

fn refuse_unless_active(sub: &SubContract) -> Result<()> {
    common::refuse_unless(
        sub,
        sub.status == SubContractStatus::Active,
        "an early warning is raised on an active sub-contract",
    )
}

fn open_flag(conn: &Connection, code: &str) -> Result<EarlyWarning> {
    common::subcontract(conn, code)?;
    plans::open_flag(conn, code)?.ok_or_else(|| {
        HubError::Refused(format!(
            "sub-contract {code} has no open early warning to clear"
        ))
    })
}

fn subject_code(subject: Option<&EntityRef>) -> &str {
    subject.map(|s| s.code.as_str()).unwrap_or_default()
}

impl Decision for Warn {
    type Request = WarnRequest;
    type Plan = WarnPlan;
    type Outcome = WarningOutcome;

    fn spec() -> &'static Spec {
        &WARN
    }

    fn request(v: &Values) -> Result<WarnRequest> {
        Ok(WarnRequest {
            subcontract: v.code("subcontract")?,
        })
    }

    fn open(conn: &Connection, _by: &Decider, subject: Option<&EntityRef>) -> Result<Opening> {
        let code = subject_code(subject);
        refuse_unless_active(&common::subcontract(conn, code)?)?;
        refuse_if_open(conn, code)?;
        Ok(Opening {
            context: vec![
                "Step 2 of the ladder: the provider is told it is under-performing and why.".into(),
            ],
            prefill: Values::default().with("subcontract", code),
        })
    }

    fn plan(conn: &Connection, by: &Decider, r: &WarnRequest) -> Result<WarnPlan> {
        let sub = common::subcontract(conn, &r.subcontract)?;
        refuse_unless_active(&sub)?;
        refuse_if_open(conn, &sub.code)?;
        Ok(WarnPlan {
            request: r.clone(),
            subcontract: sub,
            raised: by.today(),
        })
    }

    fn request_of(plan: &WarnPlan) -> &WarnRequest {
        &plan.request
    }

    fn sheet(p: &WarnPlan) -> Sheet {
        Sheet {
            title: format!("Early warning on {}", p.subcontract.code),
            facts: Vec::new(),
            checks: Vec::new(),
            writes: vec![format!(
                "an early warning on {} raised {}",
                p.subcontract.code,
                dates::display(p.raised)
            )],
            confirm_code: None,
        }
    }

    fn write(
        tx: &Connection,
        by: &Decider,
        p: &WarnPlan,
        why: &Why,
    ) -> Result<Written<WarningOutcome>> {
        let code = &p.subcontract.code;
        let flag = plans::insert_warning(tx, code, p.raised, by.actor, &why.reason)?;
        let entry =
            Entry::new(AuditAction::EarlyWarning, EntityRef::subcontract(code)).after(&flag);
        Ok(Written {
            outcome: WarningOutcome { flag },
            audit: vec![entry],
        })
    }

    fn done(o: &WarningOutcome) -> String {
        format!("early warning raised on {}", o.flag.subcontract)
    }
}

impl Decision for ClearWarning {
    type Request = WarnRequest;
    type Plan = ClearWarningPlan;
    type Outcome = WarningOutcome;

    fn spec() -> &'static Spec {
        &CLEAR
    }

    fn request(v: &Values) -> Result<WarnRequest> {
        Ok(WarnRequest {
            subcontract: v.code("subcontract")?,
        })
    }

    fn open(conn: &Connection, _by: &Decider, subject: Option<&EntityRef>) -> Result<Opening> {
        let code = subject_code(subject);
        let f = open_flag(conn, code)?;
        Ok(Opening {
            context: vec![format!(
                "Open early warning, raised {} by {}: {}",
                dates::display(f.raised),
                f.raised_by,
                f.reason
            )],
            prefill: Values::default()
                .with("subcontract", code)
                .with("clear", "true"),
        })
    }

    fn plan(conn: &Connection, by: &Decider, r: &WarnRequest) -> Result<ClearWarningPlan> {
        Ok(ClearWarningPlan {
            request: r.clone(),
            flag: open_flag(conn, &r.subcontract)?,
            cleared: by.today(),
        })
    }

    fn request_of(plan: &ClearWarningPlan) -> &WarnRequest {
        &plan.request
    }

    fn sheet(p: &ClearWarningPlan) -> Sheet {
        Sheet {
            title: format!("Clear the early warning on {}", p.flag.subcontract),
            facts: vec![format!(
                "raised {} by {}: {}",
                dates::display(p.flag.raised),
                p.flag.raised_by,
                p.flag.reason
            )],
            checks: Vec::new(),
            writes: vec![format!(
                "the early warning on {} cleared {}",
                p.flag.subcontract,
                dates::display(p.cleared)
            )],
            confirm_code: None,
        }
    }

    fn write(
        tx: &Connection,
        by: &Decider,
        p: &ClearWarningPlan,
        why: &Why,
    ) -> Result<Written<WarningOutcome>> {
        let ok = plans::clear_warning(tx, p.flag.id, p.cleared, by.actor, &why.reason)?;
        common::matched(ok, "the early warning on", &p.flag.subcontract)?;
        let flag = plans::flags_of(tx, &p.flag.subcontract)?
            .into_iter()
            .find(|f| f.id == p.flag.id)
            .ok_or_else(|| HubError::NotFound(format!("early warning {} vanished", p.flag.id)))?;
        let entry = Entry::new(
            AuditAction::EarlyWarningClear,
            EntityRef::subcontract(&p.flag.subcontract),
        )
        .before(&p.flag)
        .after(&flag);
        Ok(Written {
            outcome: WarningOutcome { flag },
            audit: vec![entry],
        })
    }

    fn done(o: &WarningOutcome) -> String {
        format!("early warning on {} cleared", o.flag.subcontract)
    }
}
