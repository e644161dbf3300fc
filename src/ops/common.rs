//! What the operations share: reading the records they act on (with clear not-found messages),
//! the stale-edit check, required reasons, and gathering the facts the award checks need.

use rusqlite::Connection;

use crate::domain::checks::{self, AwardFacts, Check, Proposal};
use crate::domain::{ComplianceItem, Member, Opportunity, SubContract};
use crate::error::{HubError, Result};
use crate::store::{members, opportunities, subcontracts};

/// A reason the officer must give: trimmed, and refused when empty.
pub fn required_reason(flag: &str, text: &str) -> Result<String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(HubError::Invalid(format!(
            "{flag} is empty: every decision records why it was made"
        )));
    }
    Ok(t.to_string())
}

/// An override reason, if one was given: present but empty is refused, not ignored.
pub fn optional_reason(flag: &str, text: Option<&str>) -> Result<Option<String>> {
    text.map(|t| required_reason(flag, t)).transpose()
}

pub fn member(conn: &Connection, code: &str) -> Result<Member> {
    members::get_member(conn, code)?
        .ok_or_else(|| HubError::NotFound(format!("no member with code '{code}'")))
}

pub fn opportunity(conn: &Connection, code: &str) -> Result<Opportunity> {
    opportunities::get_opportunity(conn, code)?
        .ok_or_else(|| HubError::NotFound(format!("no opportunity with code '{code}'")))
}

pub fn subcontract(conn: &Connection, code: &str) -> Result<SubContract> {
    subcontracts::get_subcontract(conn, code)?
        .ok_or_else(|| HubError::NotFound(format!("no sub-contract with code '{code}'")))
}

/// The conflict message for a row that moved on between reading and writing.
pub fn stale(what: &str, code: &str, read: i64, now: i64) -> HubError {
    HubError::Conflict(format!(
        "{what} {code} was changed by someone else since you read it (version {read}, now {now}); look again and retry"
    ))
}

/// Re-reads a sub-contract inside the write transaction and refuses if its version moved.
pub fn fresh_subcontract(conn: &Connection, code: &str, expected: i64) -> Result<SubContract> {
    let now = subcontract(conn, code)?;
    if now.row_version != expected {
        return Err(stale("sub-contract", code, expected, now.row_version));
    }
    Ok(now)
}

/// Re-reads a member inside the write transaction and refuses if its version moved.
pub fn fresh_member(conn: &Connection, code: &str, expected: i64) -> Result<Member> {
    let now = member(conn, code)?;
    if now.row_version != expected {
        return Err(stale("member", code, expected, now.row_version));
    }
    Ok(now)
}

/// What the award checks look at for one member and service line, owned.
#[derive(Debug, Clone)]
pub struct MemberFacts {
    pub member: Member,
    pub compliance: Vec<ComplianceItem>,
    pub capacity: u32,
    pub committed: u32,
    pub existing: Vec<SubContract>,
}

impl MemberFacts {
    pub fn gather(conn: &Connection, member_code: &str, service_line: &str) -> Result<MemberFacts> {
        Ok(MemberFacts {
            member: member(conn, member_code)?,
            compliance: members::load_compliance(conn, Some(member_code))?,
            capacity: members::capacity_for(conn, member_code, service_line)?,
            committed: subcontracts::committed_units(conn, member_code, service_line)?,
            existing: subcontracts::subcontracts_of_member(conn, member_code)?,
        })
    }

    pub fn checks(
        &self,
        service_line: &str,
        proposal: &Proposal,
        rules: &crate::domain::Rules,
    ) -> Vec<Check> {
        let facts = AwardFacts {
            member: &self.member,
            compliance: &self.compliance,
            service_line,
            capacity: self.capacity,
            committed: self.committed,
            existing: &self.existing,
            proposal,
        };
        checks::award_checks(&facts, rules)
    }
}

/// Refuses when checks failed and no override reason was given.
pub fn refuse_unless_passed_or_overridden(
    what: &str,
    checks: &[Check],
    override_reason: Option<&str>,
) -> Result<()> {
    if checks::failures(checks).is_empty() || override_reason.is_some() {
        return Ok(());
    }
    Err(HubError::Refused(format!(
        "{what} failed: {}. An officer may override with --override-reason and a written reason",
        checks::describe_failures(checks)
    )))
}

/// The audit record of an override: the reason beside the checks it overrode.
pub fn override_record(checks: &[Check], override_reason: Option<&str>) -> serde_json::Value {
    let failed: Vec<&Check> = checks::failures(checks);
    match override_reason {
        Some(r) if !failed.is_empty() => {
            serde_json::json!({ "reason": r, "failed_checks": failed })
        }
        _ => serde_json::Value::Null,
    }
}

/// The audit row's reason text: the decision's reason, and the override's if there was one.
pub fn audit_reason(reason: &str, override_reason: Option<&str>, checks: &[Check]) -> String {
    match override_reason {
        Some(o) if !checks::failures(checks).is_empty() => format!("{reason} [override: {o}]"),
        _ => reason.to_string(),
    }
}

/// Turns a versioned update that matched no row into the conflict it means. Inside the write
/// transaction after a fresh read this cannot happen; it guards against a future change that
/// forgets the fresh read.
pub fn updated(matched: bool, what: &str, code: &str, expected: i64) -> Result<()> {
    if matched {
        Ok(())
    } else {
        Err(stale(what, code, expected, expected + 1))
    }
}
