//! The risk register's decisions: add (`add.rs`), edit (`edit.rs`), close and reopen
//! (`status.rs`) a risk, each one transaction with its audit row; the fields they share
//! (`fields.rs`); and (in `generated`) why none of them applies to a risk the rules generate.
//!
//! A score a person gives must lie on the risk's scale; one already stored outside it (an import
//! keeps real data as written, and the dashboard flags it) may stay as it is while other fields are
//! edited. An edit names only what changes; the form pre-fills every field and carries the
//! risk's fingerprint as seen, so a colleague's change in between is a conflict, never undone.

mod add;
mod edit;
mod fields;
mod generated;
mod status;

pub use add::{RiskAdd, RiskAddPlan, RiskAddRequest};
pub use edit::{RiskEdit, RiskEditPlan, RiskEditRequest};
pub use fields::RiskFields;
pub use status::{RiskClose, RiskReopen, RiskStatusPlan, RiskStatusRequest};

use rusqlite::Connection;
use serde::Serialize;
use sha2::{Digest, Sha256};

pub(super) use generated::refuse_generated;

use super::decision::Written;
use crate::dates;
use crate::domain::risk_scale::RiskScale;
use crate::domain::{EntityKind, EntityRef, Risk, RiskStatus};
use crate::error::{HubError, Problem, Result};
use crate::store::audit::{AuditAction, Entry};
use crate::store::{members, opportunities, risks, subcontracts};

/// A short fingerprint of a risk as stored, so a form can say which version it was filled from.
pub fn fingerprint(r: &Risk) -> String {
    let text = serde_json::to_string(r).unwrap_or_default();
    Sha256::digest(text.as_bytes())
        .iter()
        .take(6)
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RiskOutcome {
    pub risk: Risk,
}

pub(super) fn stale(code: &str) -> HubError {
    HubError::conflict(format!(
        "risk {code} was changed by someone else since you read it; look again and retry"
    ))
}

/// The stored risk; a generated risk's code (never stored) is refused, saying why.
pub(super) fn risk(conn: &Connection, code: &str) -> Result<Risk> {
    use crate::store::lookup::{self, CodeTable};
    let Some(found) = lookup::canonical(conn, CodeTable::Risks, code)? else {
        generated::refuse_if_generated_code(code)?;
        return Err(HubError::NotFound(lookup::not_found(
            conn,
            CodeTable::Risks,
            "risk",
            code,
        )));
    };
    risks::get_risk(conn, &found)?
        .ok_or_else(|| HubError::NotFound(format!("no risk with code '{found}'")))
}

/// The stored risk, refused as a conflict if it is not the version the person saw.
pub(super) fn read_seen(conn: &Connection, code: &str, seen: Option<&str>) -> Result<Risk> {
    let now = risk(conn, code)?;
    match seen {
        Some(s) if s != fingerprint(&now) => Err(stale(&now.code)),
        _ => Ok(now),
    }
}

/// A risk's lines on a plan sheet.
pub(super) fn describe(r: &Risk) -> Vec<String> {
    let net = match (r.net_probability, r.net_impact) {
        (Some(p), Some(i)) => format!("{p} × {i} = {}", u32::from(p) * u32::from(i)),
        _ => "not judged yet".into(),
    };
    vec![
        format!("{} — {}", r.code, r.title),
        format!("{} · owner {} · scale {}", r.category, r.owner, r.scale),
        format!(
            "gross {} × {} = {} · net {net}",
            r.gross_probability,
            r.gross_impact,
            r.gross_score()
        ),
        format!(
            "review {} · concerns {} {}",
            dates::display(r.review_date),
            r.entity_kind.label(),
            r.entity_code.as_deref().unwrap_or("")
        ),
    ]
}

pub(super) fn risk_entry(action: AuditAction, before: Option<&Risk>, after: &Risk) -> Entry {
    let e = Entry::new(action, EntityRef::risk(&after.code)).after(after);
    match before {
        Some(b) => e.before(b),
        None => e,
    }
}

/// Writes `after` over the stored risk (which the plan check has just found equal to `before`).
pub(super) fn write_change(
    tx: &Connection,
    action: AuditAction,
    before: &Risk,
    after: &Risk,
) -> Result<Written<RiskOutcome>> {
    refuse_unless_linked_exists(tx, after)?;
    if !risks::update_risk(tx, after)? {
        return Err(stale(&before.code));
    }
    Ok(Written {
        outcome: RiskOutcome {
            risk: after.clone(),
        },
        audit: vec![risk_entry(action, Some(before), after)],
    })
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

/// Refuses a score of `after` outside its scale, unless `before` (the risk as stored) already held
/// that very score on that scale: an imported score is corrected, never forced on an unrelated edit.
pub(super) fn refuse_off_scale(
    scales: &[RiskScale],
    after: &Risk,
    before: Option<&Risk>,
) -> Result<()> {
    let Some(scale) = RiskScale::find(scales, &after.scale) else {
        return Ok(());
    };
    let same_scale = before.is_some_and(|b| b.scale == after.scale);
    let (mp, mi) = (scale.max_probability(), scale.max_impact());
    let scores = [
        (
            "probability",
            Some(after.gross_probability),
            before.map(|b| b.gross_probability),
            mp,
        ),
        (
            "impact",
            Some(after.gross_impact),
            before.map(|b| b.gross_impact),
            mi,
        ),
        (
            "net_probability",
            after.net_probability,
            before.and_then(|b| b.net_probability),
            mp,
        ),
        (
            "net_impact",
            after.net_impact,
            before.and_then(|b| b.net_impact),
            mi,
        ),
    ];
    for (field, value, held, most) in scores {
        let Some(v) = value else { continue };
        let kept = same_scale && held == Some(v);
        if (1..=most).contains(&v) || kept {
            continue;
        }
        return Err(HubError::field(
            field,
            Problem::OutOfRange {
                value: v.to_string(),
                allowed: format!("1 to {most} on the {} scale", scale.name),
            },
        ));
    }
    Ok(())
}

/// Checks what a person entered and builds the risk; the message says which field of which risk
/// is wrong. Scores are not held to the scale.
pub(super) fn checked_risk(
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
    let review_date = dates::parse_typed(&f.review_date).map_err(|m| bad("review date", m))?;
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
