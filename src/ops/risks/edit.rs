//! Editing a risk: the values given laid over the stored risk.

use rusqlite::Connection;
use serde::Serialize;

use super::fields::{CODE, FIELDS, RiskFields, SEEN, prefill};
use super::{RiskOutcome, checked_risk, describe, read_seen, refuse_generated, risk, write_change};
use crate::domain::{Entity, EntityRef, Risk, RiskCode};
use crate::error::{HubError, Result};
use crate::ops::Decider;
use crate::ops::decision::{Decision, Opening, Sheet, Spec, Why, Written};
use crate::ops::fields::{Field, Values};
use crate::store::audit::AuditAction;

pub struct RiskEdit;

/// An edit: the values to lay over the stored risk (see `RiskFields::overlaid`).
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct RiskEditRequest {
    pub code: RiskCode,
    pub changes: Values,
    /// The fingerprint of the risk as the person last saw it; a different one is a conflict.
    pub seen: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RiskEditPlan {
    pub request: RiskEditRequest,
    /// As read.
    pub before: Risk,
    pub after: Risk,
}

static EDIT_FIELDS: [Field; 16] = {
    let mut f = [CODE.help("The risk to change").positional(); 16];
    let mut i = 0;
    while i < 14 {
        f[i + 1] = FIELDS[i];
        f[i + 1].required = false;
        i += 1;
    }
    f[15] = SEEN;
    f
};

static EDIT: Spec = Spec::new(
    "risk_edit",
    "Edit a risk",
    "Change a risk: only the fields given change",
    &["risk", "edit"],
    &EDIT_FIELDS,
)
.acting_on(Entity::Risk)
.keys(&["e"], "edit");

impl Decision for RiskEdit {
    type Request = RiskEditRequest;
    type Plan = RiskEditPlan;
    type Outcome = RiskOutcome;

    fn spec() -> &'static Spec {
        &EDIT
    }

    fn request(v: &Values) -> Result<RiskEditRequest> {
        let mut changes = v.clone();
        changes.remove("code");
        changes.remove("seen");
        Ok(RiskEditRequest {
            code: v.code("code")?,
            changes,
            seen: v.opt_text("seen"),
        })
    }

    fn open(conn: &Connection, _by: &Decider, subject: Option<&EntityRef>) -> Result<Opening> {
        let r = risk(conn, subject.map(|s| s.code.as_str()).unwrap_or_default())?;
        refuse_generated(&r)?;
        Ok(Opening {
            context: Vec::new(),
            prefill: prefill(&r),
        })
    }

    /// An edit that changes nothing is refused as bad input, so the log holds only real changes.
    fn plan(conn: &Connection, by: &Decider, r: &RiskEditRequest) -> Result<RiskEditPlan> {
        let before = read_seen(conn, &r.code, r.seen.as_deref())?;
        refuse_generated(&before)?;
        let fields = RiskFields::of(&before).overlaid(&r.changes)?;
        let after = checked_risk(
            conn,
            &by.scales(),
            &before.code,
            &fields,
            before.status,
            None,
        )?;
        super::refuse_off_scale(&by.scales(), &after, Some(&before))?;
        if after == before {
            return Err(HubError::Invalid(format!(
                "the edit of risk {} changes nothing",
                before.code
            )));
        }
        Ok(RiskEditPlan {
            request: r.clone(),
            before,
            after,
        })
    }

    fn request_of(plan: &RiskEditPlan) -> &RiskEditRequest {
        &plan.request
    }

    fn sheet(p: &RiskEditPlan) -> Sheet {
        let before = describe(&p.before);
        let changed: Vec<String> = describe(&p.after)
            .into_iter()
            .zip(&before)
            .filter(|(a, b)| a != *b)
            .map(|(a, b)| format!("{b} → {a}"))
            .collect();
        Sheet {
            title: format!("Edit risk {}", p.before.code),
            facts: describe(&p.after),
            checks: Vec::new(),
            writes: if changed.is_empty() {
                vec![format!("risk {}: controls changed", p.before.code)]
            } else {
                changed
            },
            confirm_code: None,
        }
    }

    fn write(
        tx: &Connection,
        _by: &Decider,
        p: &RiskEditPlan,
        _why: &Why,
    ) -> Result<Written<RiskOutcome>> {
        write_change(tx, AuditAction::RiskEdit, &p.before, &p.after)
    }

    fn done(o: &RiskOutcome) -> String {
        format!("risk {} changed", o.risk.code)
    }
}
