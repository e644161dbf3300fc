//! The risk register's operations: add, edit, close and reopen a risk, each one transaction with
//! its audit row; and (in `generated`) raising and clearing the risks rules find in live data.
//!
//! A stale edit is refused by comparing the risk as the plan read it with the stored row inside the
//! write transaction: any difference, in any column, is a colleague's change. A score outside the
//! risk's scale is accepted and stored as given; the dashboard flags it for correction.

mod generated;

pub use generated::{RefreshChange, RefreshSummary, refresh_generated_risks};

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::Decider;
use super::common;
use crate::dates;
use crate::domain::risk_scale::RiskScale;
use crate::domain::{EntityKind, Risk, RiskStatus};
use crate::error::{HubError, Result};
use crate::store::audit::{self, Entry};
use crate::store::{Store, members, opportunities, risks, subcontracts};

/// What a person enters for a risk: everything but its code, status and `generated_by`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RiskFields {
    pub title: String,
    /// financial, governance, service, reputational, or a custom category.
    pub category: String,
    pub owner: String,
    /// The name of a configured scale.
    pub scale: String,
    pub gross_probability: u8,
    pub gross_impact: u8,
    pub preventative_controls: String,
    pub curative_controls: String,
    /// Net (residual) probability and impact after controls; `None` until judged.
    pub net: Option<(u8, u8)>,
    /// As typed: `YYYY-MM-DD`.
    pub review_date: String,
    pub entity_kind: EntityKind,
    /// Required for, and must name an existing, member, sub-contract or opportunity.
    pub entity_code: Option<String>,
}

impl RiskFields {
    /// The fields of a stored risk, to change some and edit with the rest as they were.
    pub fn of(r: &Risk) -> RiskFields {
        RiskFields {
            title: r.title.clone(),
            category: r.category.clone(),
            owner: r.owner.clone(),
            scale: r.scale.clone(),
            gross_probability: r.gross_probability,
            gross_impact: r.gross_impact,
            preventative_controls: r.preventative_controls.clone(),
            curative_controls: r.curative_controls.clone(),
            net: r.net_probability.zip(r.net_impact),
            review_date: dates::iso(r.review_date),
            entity_kind: r.entity_kind,
            entity_code: r.entity_code.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RiskAddRequest {
    /// The new risk's code [default: the next free `R-nnn`].
    pub code: Option<String>,
    pub fields: RiskFields,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RiskAddPlan {
    pub request: RiskAddRequest,
    /// The risk as it will be written (open, entered by a person).
    pub risk: Risk,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RiskEditRequest {
    pub code: String,
    pub fields: RiskFields,
    pub reason: String,
    /// The risk as the caller last saw it; refused as a conflict if the stored one differs.
    pub expected: Option<Risk>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RiskEditPlan {
    pub request: RiskEditRequest,
    /// As read: the commit refuses if the stored risk no longer equals it.
    pub before: Risk,
    pub after: Risk,
}

/// Closing or reopening a risk.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RiskStatusRequest {
    pub code: String,
    pub reason: String,
    /// The risk as the caller last saw it; refused as a conflict if the stored one differs.
    pub expected: Option<Risk>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RiskStatusPlan {
    pub request: RiskStatusRequest,
    pub before: Risk,
    pub after: Risk,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RiskOutcome {
    pub risk: Risk,
    pub audit_id: i64,
}

/// Checks a new risk and works out its code; writes nothing.
pub fn plan_add_risk(
    conn: &Connection,
    _by: &Decider,
    scales: &[RiskScale],
    mut request: RiskAddRequest,
) -> Result<RiskAddPlan> {
    request.reason = common::required_reason("--reason", &request.reason)?;
    let code = match request.code.as_deref().map(str::trim) {
        Some("") => return Err(HubError::Invalid("risk code is empty".into())),
        Some(c) => c.to_string(),
        None => next_risk_code(conn)?,
    };
    refuse_taken_code(conn, &code, HubError::Invalid)?;
    let risk = checked_risk(conn, scales, &code, &request.fields, RiskStatus::Open, None)?;
    request.code = Some(code);
    Ok(RiskAddPlan { request, risk })
}

/// Writes the new risk and its audit row in one transaction.
pub fn commit_add_risk(store: &mut Store, by: &Decider, plan: &RiskAddPlan) -> Result<RiskOutcome> {
    let tx = store.write()?;
    // A colleague may have taken the code since the plan was made.
    refuse_taken_code(&tx, &plan.risk.code, HubError::Conflict)?;
    refuse_unless_linked_exists(&tx, &plan.risk)?;
    risks::insert_risk(&tx, &plan.risk)?;
    let entry = Entry::new("risk_add", entity(&plan.risk.code))
        .after(&plan.risk)
        .reason(&plan.request.reason);
    let audit_id = audit::append(&tx, by.clock, by.actor, &entry)?;
    tx.commit()?;
    Ok(RiskOutcome {
        risk: plan.risk.clone(),
        audit_id,
    })
}

/// Checks an edit against the stored risk; writes nothing. An edit that changes nothing is refused
/// as bad input, so the log holds only real changes.
pub fn plan_edit_risk(
    conn: &Connection,
    _by: &Decider,
    scales: &[RiskScale],
    mut request: RiskEditRequest,
) -> Result<RiskEditPlan> {
    request.reason = common::required_reason("--reason", &request.reason)?;
    let before = read_expected(conn, &request.code, request.expected.as_ref())?;
    let after = checked_risk(
        conn,
        scales,
        &before.code,
        &request.fields,
        before.status,
        before.generated_by.clone(),
    )?;
    if after == before {
        return Err(HubError::Invalid(format!(
            "the edit of risk {} changes nothing",
            before.code
        )));
    }
    Ok(RiskEditPlan {
        request,
        before,
        after,
    })
}

pub fn commit_edit_risk(
    store: &mut Store,
    by: &Decider,
    plan: &RiskEditPlan,
) -> Result<RiskOutcome> {
    write_change(
        store,
        by,
        "risk_edit",
        &plan.before,
        &plan.after,
        &plan.request.reason,
    )
}

/// Plans closing an open risk.
pub fn plan_close_risk(
    conn: &Connection,
    by: &Decider,
    request: RiskStatusRequest,
) -> Result<RiskStatusPlan> {
    plan_status(conn, by, request, RiskStatus::Closed)
}

/// Plans reopening a closed risk.
pub fn plan_reopen_risk(
    conn: &Connection,
    by: &Decider,
    request: RiskStatusRequest,
) -> Result<RiskStatusPlan> {
    plan_status(conn, by, request, RiskStatus::Open)
}

/// Closes or reopens the risk, as planned, with its audit row (`risk_close` or `risk_reopen`).
pub fn commit_risk_status(
    store: &mut Store,
    by: &Decider,
    plan: &RiskStatusPlan,
) -> Result<RiskOutcome> {
    let action = match plan.after.status {
        RiskStatus::Closed => "risk_close",
        RiskStatus::Open => "risk_reopen",
    };
    write_change(
        store,
        by,
        action,
        &plan.before,
        &plan.after,
        &plan.request.reason,
    )
}

fn plan_status(
    conn: &Connection,
    _by: &Decider,
    mut request: RiskStatusRequest,
    to: RiskStatus,
) -> Result<RiskStatusPlan> {
    request.reason = common::required_reason("--reason", &request.reason)?;
    let before = read_expected(conn, &request.code, request.expected.as_ref())?;
    if before.status == to {
        return Err(HubError::Refused(format!(
            "risk {} is already {}",
            before.code,
            to.label().to_lowercase()
        )));
    }
    let after = Risk {
        status: to,
        ..before.clone()
    };
    Ok(RiskStatusPlan {
        request,
        before,
        after,
    })
}

/// Inside one transaction: refuses if the stored risk is no longer `before`, writes `after` and
/// the audit row.
fn write_change(
    store: &mut Store,
    by: &Decider,
    action: &str,
    before: &Risk,
    after: &Risk,
    reason: &str,
) -> Result<RiskOutcome> {
    let tx = store.write()?;
    let now = risk(&tx, &before.code)?;
    if &now != before {
        return Err(stale(&before.code));
    }
    refuse_unless_linked_exists(&tx, after)?;
    if !risks::update_risk(&tx, after)? {
        return Err(stale(&before.code));
    }
    let entry = Entry::new(action, entity(&after.code))
        .before(before)
        .after(after)
        .reason(reason);
    let audit_id = audit::append(&tx, by.clock, by.actor, &entry)?;
    tx.commit()?;
    Ok(RiskOutcome {
        risk: after.clone(),
        audit_id,
    })
}

/// The audit log's name for a risk.
pub fn entity(code: &str) -> String {
    format!("risk:{code}")
}

fn stale(code: &str) -> HubError {
    HubError::Conflict(format!(
        "risk {code} was changed by someone else since you read it; look again and retry"
    ))
}

fn risk(conn: &Connection, code: &str) -> Result<Risk> {
    risks::get_risk(conn, code)?
        .ok_or_else(|| HubError::NotFound(format!("no risk with code '{code}'")))
}

fn read_expected(conn: &Connection, code: &str, expected: Option<&Risk>) -> Result<Risk> {
    let now = risk(conn, code.trim())?;
    match expected {
        Some(e) if e != &now => Err(stale(&now.code)),
        _ => Ok(now),
    }
}

fn refuse_taken_code(
    conn: &Connection,
    code: &str,
    as_error: fn(String) -> HubError,
) -> Result<()> {
    if risks::get_risk(conn, code)?.is_some() {
        return Err(as_error(format!(
            "a risk with code '{code}' already exists"
        )));
    }
    Ok(())
}

/// The next free code of the form `R-nnn`: one more than the highest in use.
pub fn next_risk_code(conn: &Connection) -> Result<String> {
    let highest = risks::load_risks(conn)?
        .iter()
        .filter_map(|r| r.code.strip_prefix("R-")?.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    Ok(format!("R-{:03}", highest + 1))
}

/// Checks what a person entered and builds the risk; the message says which field of which risk
/// is wrong. Scores are not held to the scale.
fn checked_risk(
    conn: &Connection,
    scales: &[RiskScale],
    code: &str,
    f: &RiskFields,
    status: RiskStatus,
    generated_by: Option<String>,
) -> Result<Risk> {
    let bad =
        |field: &str, what: String| HubError::Invalid(format!("risk {code}, {field}: {what}"));
    let required = |field: &str, value: &str| {
        let t = value.trim();
        if t.is_empty() {
            Err(bad(field, "is empty".into()))
        } else {
            Ok(t.to_string())
        }
    };
    let title = required("title", &f.title)?;
    let category = canonical_category(required("category", &f.category)?);
    let owner = required("owner", &f.owner)?;
    let scale = required("scale", &f.scale)?;
    if RiskScale::find(scales, &scale).is_none() {
        let known: Vec<&str> = scales.iter().map(|s| s.name.as_str()).collect();
        return Err(bad(
            "scale",
            format!(
                "no scale named '{scale}' (configured: {})",
                known.join(", ")
            ),
        ));
    }
    let review_date = dates::parse_iso(&f.review_date).map_err(|m| bad("review date", m))?;
    let entity_code = f
        .entity_code
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string);
    match (f.entity_kind, &entity_code) {
        (EntityKind::Consortium, Some(c)) => {
            return Err(bad(
                "linked entity",
                format!("a consortium-level risk names no entity, but '{c}' was given"),
            ));
        }
        (kind, None) if kind != EntityKind::Consortium => {
            let what = kind.label().to_lowercase();
            return Err(bad(
                "linked entity",
                format!("a risk about a {what} needs the {what}'s code"),
            ));
        }
        _ => {}
    }
    let r = Risk {
        code: code.to_string(),
        title,
        category,
        owner,
        scale,
        gross_probability: f.gross_probability,
        gross_impact: f.gross_impact,
        preventative_controls: f.preventative_controls.trim().to_string(),
        curative_controls: f.curative_controls.trim().to_string(),
        net_probability: f.net.map(|n| n.0),
        net_impact: f.net.map(|n| n.1),
        review_date,
        status,
        entity_kind: f.entity_kind,
        entity_code,
        generated_by,
    };
    refuse_unless_linked_exists(conn, &r)?;
    Ok(r)
}

/// The Charity Commission categories; any other non-empty text is a custom category, kept as typed.
pub const CATEGORIES: &[&str] = &["financial", "governance", "service", "reputational"];

/// A standard category however it was capitalised is written in its usual form.
fn canonical_category(typed: String) -> String {
    CATEGORIES
        .iter()
        .find(|c| c.eq_ignore_ascii_case(&typed))
        .map_or(typed, |c| c.to_string())
}

/// The linked member, sub-contract or opportunity must exist.
fn refuse_unless_linked_exists(conn: &Connection, r: &Risk) -> Result<()> {
    let Some(c) = r.entity_code.as_deref() else {
        return Ok(());
    };
    let exists = match r.entity_kind {
        EntityKind::Consortium => true,
        EntityKind::Member => members::get_member(conn, c)?.is_some(),
        EntityKind::SubContract => subcontracts::get_subcontract(conn, c)?.is_some(),
        EntityKind::Opportunity => opportunities::get_opportunity(conn, c)?.is_some(),
    };
    if exists {
        return Ok(());
    }
    Err(HubError::Invalid(format!(
        "risk {}, linked entity: no {} with code '{c}' in the database",
        r.code,
        r.entity_kind.label().to_lowercase()
    )))
}
