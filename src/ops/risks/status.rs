//! Closing and reopening a risk.

use rusqlite::Connection;
use serde::Serialize;

use super::fields::{CODE, SEEN};
use super::{RiskOutcome, fingerprint, read_seen, refuse_generated, write_change};
use crate::domain::{Entity, EntityRef, Risk, RiskCode, RiskStatus};
use crate::error::{HubError, Result};
use crate::ops::Decider;
use crate::ops::decision::{Decision, Opening, Sheet, Spec, Why, Written};
use crate::ops::fields::{Field, Values};
use crate::store::audit::AuditAction;

/// Closing (`CLOSE` true) or reopening a risk: one decision type, two register entries.
pub struct RiskStatusChange<const CLOSE: bool>;
pub type RiskClose = RiskStatusChange<true>;
pub type RiskReopen = RiskStatusChange<false>;

/// The status a change leads to, and its audit action.
const fn target(close: bool) -> (RiskStatus, AuditAction) {
    if close {
        (RiskStatus::Closed, AuditAction::RiskClose)
    } else {
        (RiskStatus::Open, AuditAction::RiskReopen)
    }
}

/// Closing or reopening a risk.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct RiskStatusRequest {
    pub code: RiskCode,
    /// The fingerprint of the risk as the person last saw it; a different one is a conflict.
    pub seen: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RiskStatusPlan {
    pub request: RiskStatusRequest,
    pub before: Risk,
    pub after: Risk,
}

static STATUS_FIELDS: [Field; 2] = [CODE.help("The risk").positional(), SEEN];

static CLOSE_SPEC: Spec = Spec::new(
    "risk_close",
    "Close a risk",
    "Close an open risk",
    &["risk", "close"],
    &STATUS_FIELDS,
)
.acting_on(Entity::Risk)
.keys(&["x"], "");

static REOPEN: Spec = Spec::new(
    "risk_reopen",
    "Reopen a risk",
    "Reopen a closed risk",
    &["risk", "reopen"],
    &STATUS_FIELDS,
)
.acting_on(Entity::Risk)
.keys(&["x"], "");

fn plan_status(conn: &Connection, r: &RiskStatusRequest, to: RiskStatus) -> Result<RiskStatusPlan> {
    let before = read_seen(conn, &r.code, r.seen.as_deref())?;
    refuse_generated(&before)?;
    if before.status == to {
        return Err(HubError::Refused(format!(
            "risk {} is already {}",
            before.code,
            to.label().to_lowercase()
        )));
    }
    Ok(RiskStatusPlan {
        request: r.clone(),
        after: Risk {
            status: to,
            ..before.clone()
        },
        before,
    })
}

fn status_request(v: &Values) -> Result<RiskStatusRequest> {
    Ok(RiskStatusRequest {
        code: v.code("code")?,
        seen: v.opt_text("seen"),
    })
}

fn open_status(conn: &Connection, subject: Option<&EntityRef>, to: RiskStatus) -> Result<Opening> {
    let code = subject.map(|s| s.code.as_str()).unwrap_or_default();
    let r = plan_status(
        conn,
        &RiskStatusRequest {
            code: code.into(),
            seen: None,
        },
        to,
    )?;
    Ok(Opening {
        context: vec![match to {
            RiskStatus::Closed => "The risk leaves the open register and the heatmap; its history stays in the audit log.".into(),
            RiskStatus::Open => "The risk returns to the open register and the heatmap.".into(),
        }],
        prefill: Values::default()
            .with("code", code)
            .with("seen", &fingerprint(&r.before)),
    })
}

fn status_sheet(p: &RiskStatusPlan) -> Sheet {
    let verb = match p.after.status {
        RiskStatus::Closed => "Close",
        RiskStatus::Open => "Reopen",
    };
    Sheet {
        title: format!("{verb} risk {} — {}", p.before.code, p.before.title),
        facts: Vec::new(),
        checks: Vec::new(),
        writes: vec![format!(
            "risk {}: {} → {}",
            p.before.code,
            p.before.status.label().to_lowercase(),
            p.after.status.label().to_lowercase()
        )],
        confirm_code: None,
    }
}

impl<const CLOSE: bool> Decision for RiskStatusChange<CLOSE> {
    type Request = RiskStatusRequest;
    type Plan = RiskStatusPlan;
    type Outcome = RiskOutcome;

    fn spec() -> &'static Spec {
        if CLOSE { &CLOSE_SPEC } else { &REOPEN }
    }

    fn request(v: &Values) -> Result<RiskStatusRequest> {
        status_request(v)
    }

    fn open(conn: &Connection, _by: &Decider, subject: Option<&EntityRef>) -> Result<Opening> {
        open_status(conn, subject, target(CLOSE).0)
    }

    fn plan(conn: &Connection, _by: &Decider, r: &RiskStatusRequest) -> Result<RiskStatusPlan> {
        plan_status(conn, r, target(CLOSE).0)
    }

    fn request_of(plan: &RiskStatusPlan) -> &RiskStatusRequest {
        &plan.request
    }

    fn sheet(p: &RiskStatusPlan) -> Sheet {
        status_sheet(p)
    }

    fn write(
        tx: &Connection,
        _by: &Decider,
        p: &RiskStatusPlan,
        _why: &Why,
    ) -> Result<Written<RiskOutcome>> {
        write_change(tx, target(CLOSE).1, &p.before, &p.after)
    }

    fn done(o: &RiskOutcome) -> String {
        if CLOSE {
            format!("risk {} is closed", o.risk.code)
        } else {
            format!("risk {} is open again", o.risk.code)
        }
    }
}
