//! What the decisions share: reading the records they act on (with clear not-found messages) and
//! gathering the facts the award checks need.

use rusqlite::Connection;

use super::Decider;
use crate::domain::checks::{self, AwardFacts, Check, Proposal};
use crate::domain::{ComplianceItem, Member, Opportunity, SubContract};
use crate::error::{HubError, Result};
use crate::store::lookup::{self, CodeTable};
use crate::store::{members, opportunities, subcontracts};

/// The stored code a person meant (any case), or a not-found error suggesting the nearest codes.
fn found(conn: &Connection, table: CodeTable, what: &str, typed: &str) -> Result<String> {
    lookup::canonical(conn, table, typed)?
        .ok_or_else(|| HubError::NotFound(lookup::not_found(conn, table, what, typed)))
}

pub fn member(conn: &Connection, code: &str) -> Result<Member> {
    let code = found(conn, CodeTable::Members, "member", code)?;
    members::get_member(conn, &code)?
        .ok_or_else(|| HubError::NotFound(format!("no member with code '{code}'")))
}

pub fn opportunity(conn: &Connection, code: &str) -> Result<Opportunity> {
    let code = found(conn, CodeTable::Opportunities, "opportunity", code)?;
    opportunities::get_opportunity(conn, &code)?
        .ok_or_else(|| HubError::NotFound(format!("no opportunity with code '{code}'")))
}

pub fn subcontract(conn: &Connection, code: &str) -> Result<SubContract> {
    let code = found(conn, CodeTable::SubContracts, "sub-contract", code)?;
    subcontracts::get_subcontract(conn, &code)?
        .ok_or_else(|| HubError::NotFound(format!("no sub-contract with code '{code}'")))
}

/// The member's name for a title, or its code if it has none on record.
pub fn member_name(conn: &Connection, code: &str) -> Result<String> {
    Ok(members::get_member(conn, code)?.map_or_else(|| code.to_string(), |m| m.name))
}

/// What the award checks look at for one member and service line, owned and comparable, so a
/// plan holds the facts it judged and a later change to any of them is seen.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MemberFacts {
    pub member: Member,
    pub compliance: Vec<ComplianceItem>,
    pub capacity: u32,
    pub committed: u32,
    pub existing: Vec<SubContract>,
    /// The suspensions of those sub-contracts, open and lifted.
    pub suspensions: Vec<crate::domain::Suspension>,
}

impl MemberFacts {
    /// The facts for the member `typed` names (in any case).
    pub fn gather(conn: &Connection, typed: &str, service_line: &str) -> Result<MemberFacts> {
        let member = member(conn, typed)?;
        let code = member.code.clone();
        Ok(MemberFacts {
            member,
            compliance: members::load_compliance(conn, Some(&code))?,
            capacity: members::capacity_for(conn, &code, service_line)?,
            committed: subcontracts::committed_units(conn, &code, service_line)?,
            existing: subcontracts::subcontracts_of_member(conn, &code)?,
            suspensions: subcontracts::suspensions_of_member(conn, &code)?,
        })
    }

    /// Every award check, the member's performance standing last.
    pub fn checks(
        &self,
        conn: &Connection,
        by: &Decider,
        service_line: &str,
        proposal: &Proposal,
    ) -> Result<Vec<Check>> {
        let facts = AwardFacts {
            member: &self.member,
            compliance: &self.compliance,
            service_line,
            capacity: self.capacity,
            committed: self.committed,
            existing: &self.existing,
            suspensions: &self.suspensions,
            today: by.today(),
            proposal,
        };
        let mut out = checks::award_checks(&facts, by.rules());
        out.push(crate::scoring::standing_check(
            conn,
            &self.member.code,
            by.today(),
            by.scoring(),
        )?);
        Ok(out)
    }
}

/// The next free sub-contract codes after the highest in use, `n` of them, unless `pinned` names
/// the first (a plan being checked again keeps the codes it showed).
pub fn subcontract_codes(conn: &Connection, pinned: Option<&str>, n: usize) -> Result<Vec<String>> {
    let first = match pinned {
        Some(c) => c.to_string(),
        None => subcontracts::next_subcontract_code(conn)?,
    };
    let codes: Vec<String> = (0..n).map(|i| nth_code(&first, i)).collect();
    for c in &codes {
        if subcontracts::get_subcontract(conn, c)?.is_some() {
            return Err(HubError::wrong(
                "code",
                format!("a sub-contract {c} already exists"),
            ));
        }
    }
    Ok(codes)
}

/// The `n`th code after `first` (`SC-000151` + 2 = `SC-000153`).
fn nth_code(first: &str, n: usize) -> String {
    if n == 0 {
        return first.to_string();
    }
    let digits = first.len() - first.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let (stem, number) = first.split_at(first.len() - digits);
    match number.parse::<u64>() {
        Ok(k) => format!("{stem}{:0width$}", k + n as u64, width = digits),
        Err(_) => format!("{first}-{}", n + 1),
    }
}

/// A versioned update that matched no row: someone changed the record inside what should have
/// been our transaction's view, which the plan check rules out; refuse rather than write half.
pub fn matched(matched: bool, what: &str, code: &str) -> Result<()> {
    if matched {
        Ok(())
    } else {
        Err(HubError::conflict(format!(
            "{what} {code} changed while it was being written; nothing was written"
        )))
    }
}

/// Refuses a decision the sub-contract's status rules out: "sub-contract SC-1 is terminated;
/// only a live sub-contract can be re-profiled".
pub fn refuse_unless(sub: &SubContract, allowed: bool, rule: &str) -> Result<()> {
    if allowed {
        return Ok(());
    }
    Err(HubError::Refused(format!(
        "sub-contract {} is {}; {rule}",
        sub.code,
        sub.status.label().to_lowercase()
    )))
}

/// A share or a bid: more than £0.00 in whole pence, and at least one unit a month. The errors
/// name `who` and the request's fields for the money and the units.
pub fn refuse_bad_part(
    money_field: &'static str,
    units_field: &'static str,
    who: &str,
    value: rust_decimal::Decimal,
    units: u32,
) -> Result<()> {
    if value <= rust_decimal::Decimal::ZERO || crate::money::pennies(value) != value {
        return Err(HubError::wrong(
            money_field,
            format!(
                "{who}'s {value} must be more than £0.00 in whole pence (leave {who} out instead)"
            ),
        ));
    }
    if units == 0 {
        return Err(HubError::wrong(
            units_field,
            format!("{who} has 0 units a month: at least 1 is needed"),
        ));
    }
    Ok(())
}

/// Not yet ended: proposed, active or suspended.
pub fn is_live(sub: &SubContract) -> bool {
    !matches!(
        sub.status,
        crate::domain::SubContractStatus::Terminated | crate::domain::SubContractStatus::Completed
    )
}

/// The sub-contract a decision opens on in the dashboard, and the form's value naming it.
pub fn opened_on(
    conn: &Connection,
    subject: Option<&crate::domain::EntityRef>,
) -> Result<(SubContract, super::fields::Values)> {
    let code = subject.map(|s| s.code.as_str()).unwrap_or_default();
    let sub = subcontract(conn, code)?;
    let values = super::fields::Values::default().with("subcontract", code);
    Ok((sub, values))
}

#[cfg(test)]
mod tests {
    use super::nth_code;

    #[test]
    fn codes_count_on_keeping_their_width() {
        assert_eq!(nth_code("SC-000151", 0), "SC-000151");
        assert_eq!(nth_code("SC-000151", 2), "SC-000153");
        assert_eq!(nth_code("SC-0099", 1), "SC-0100");
        assert_eq!(nth_code("X", 1), "X-2");
    }
}
