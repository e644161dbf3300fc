//! The records behind a row, for the detail views: an opportunity, a member or a sub-contract with
//! what hangs off it, read through the store's own readers and cleaned for display. Records are
//! looked up by the code as stored; the codes handed out are cleaned like every other text.

use rusqlite::Connection;

use super::text::tidy;
use crate::domain::improvement::{EarlyWarning, ImprovementAction};
use crate::domain::{
    Capacity, Claim, ComplianceItem, Member, MonitoringReturn, Opportunity, SubContract, Suspension,
};
use crate::error::Result;
use crate::store::{members, opportunities, plans, subcontracts};

/// An opportunity with its commissioner's name (its code when the commissioner is unknown) and
/// the sub-contracts let from it.
pub struct OpportunityRecord {
    pub opportunity: Opportunity,
    pub commissioner_name: String,
    pub subcontracts: Vec<SubContract>,
}

pub fn opportunity(conn: &Connection, code: &str) -> Result<Option<OpportunityRecord>> {
    let Some(mut o) = opportunities::get_opportunity(conn, code)? else {
        return Ok(None);
    };
    let mut commissioner_name = opportunities::load_commissioners(conn)?
        .into_iter()
        .find(|c| c.code == o.commissioner)
        .map(|c| c.name)
        .unwrap_or_else(|| o.commissioner.clone());
    let mut subs: Vec<SubContract> = crate::store::prime::subcontracts_of(conn, &o.code)?;
    subs.iter_mut().for_each(tidy_subcontract);
    tidy_opportunity(&mut o);
    tidy(&mut commissioner_name);
    Ok(Some(OpportunityRecord {
        opportunity: o,
        commissioner_name,
        subcontracts: subs,
    }))
}

/// A member with its capacity, compliance items and sub-contracts.
pub struct MemberRecord {
    pub member: Member,
    pub capacity: Vec<Capacity>,
    pub compliance: Vec<ComplianceItem>,
    pub subcontracts: Vec<SubContract>,
}

pub fn member(conn: &Connection, code: &str) -> Result<Option<MemberRecord>> {
    let Some(mut m) = members::get_member(conn, code)? else {
        return Ok(None);
    };
    let mut capacity = members::load_capacity(conn, Some(code))?;
    for c in &mut capacity {
        tidy(&mut c.member);
        tidy(&mut c.service_line);
    }
    let mut compliance = members::load_compliance(conn, Some(code))?;
    for c in &mut compliance {
        tidy(&mut c.member);
        tidy(&mut c.reference);
    }
    let mut subs = subcontracts::subcontracts_of_member(conn, code)?;
    subs.iter_mut().for_each(tidy_subcontract);
    for f in [
        &mut m.code,
        &mut m.name,
        &mut m.registered_number,
        &mut m.geography,
    ] {
        tidy(f);
    }
    m.clusters.iter_mut().for_each(tidy);
    Ok(Some(MemberRecord {
        member: m,
        capacity,
        compliance,
        subcontracts: subs,
    }))
}

/// A sub-contract with its member's name, returns (oldest first), suspensions, claims, early
/// warnings and improvement plan.
pub struct SubContractRecord {
    pub subcontract: SubContract,
    pub member_name: String,
    pub returns: Vec<MonitoringReturn>,
    pub suspensions: Vec<Suspension>,
    pub claims: Vec<Claim>,
    pub warnings: Vec<EarlyWarning>,
    pub actions: Vec<ImprovementAction>,
}

pub fn subcontract(conn: &Connection, code: &str) -> Result<Option<SubContractRecord>> {
    let Some(mut s) = subcontracts::get_subcontract(conn, code)? else {
        return Ok(None);
    };
    let mut member_name = members::get_member(conn, &s.member)?
        .map(|m| m.name)
        .unwrap_or_default();
    let mut returns = subcontracts::returns_of(conn, code)?;
    returns.iter_mut().for_each(|r| tidy(&mut r.subcontract));
    let mut suspensions = subcontracts::suspensions_of(conn, code)?;
    for x in &mut suspensions {
        tidy(&mut x.subcontract);
        tidy(&mut x.reason);
    }
    let mut claims = subcontracts::claims_of(conn, code)?;
    for c in &mut claims {
        for f in [&mut c.code, &mut c.subcontract, &mut c.reason] {
            tidy(f);
        }
    }
    let mut warnings = plans::flags_of(conn, code)?;
    for w in &mut warnings {
        for f in [&mut w.subcontract, &mut w.raised_by, &mut w.reason] {
            tidy(f);
        }
        for f in [&mut w.cleared_by, &mut w.cleared_reason]
            .into_iter()
            .flatten()
        {
            tidy(f);
        }
    }
    let mut actions = plans::actions_of(conn, code)?;
    for a in &mut actions {
        for f in [
            &mut a.subcontract,
            &mut a.action,
            &mut a.owner,
            &mut a.raised_by,
            &mut a.reason,
        ] {
            tidy(f);
        }
        for f in [&mut a.completed_by, &mut a.completion_reason]
            .into_iter()
            .flatten()
        {
            tidy(f);
        }
    }
    tidy_subcontract(&mut s);
    tidy(&mut member_name);
    Ok(Some(SubContractRecord {
        subcontract: s,
        member_name,
        returns,
        suspensions,
        claims,
        warnings,
        actions,
    }))
}

fn tidy_opportunity(o: &mut Opportunity) {
    for f in [
        &mut o.code,
        &mut o.title,
        &mut o.commissioner,
        &mut o.service_line,
    ] {
        tidy(f);
    }
    if let Some(r) = &mut o.decision_reason {
        tidy(r);
    }
}

fn tidy_subcontract(s: &mut SubContract) {
    for f in [&mut s.code, &mut s.opportunity, &mut s.member] {
        tidy(f);
    }
    for f in [&mut s.let_by, &mut s.transferred_from]
        .into_iter()
        .flatten()
    {
        tidy(f);
    }
}
