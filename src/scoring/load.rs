//! Gathers what the scoring needs from the store: for a handful of sub-contracts one read each,
//! for many a single pass over each table (`store::bulk`), so memory holds one contract's returns
//! at a time.

use std::collections::{HashMap, HashSet};

use rusqlite::Connection;
use rust_decimal::Decimal;

use crate::domain::pricing::PaymentTerms;
use crate::domain::{DeliveryProfile, MonitoringReturn, SubContract, SubContractStatus};
use crate::error::Result;
use crate::money;
use crate::store::{bulk, prime, subcontracts};

/// Below this many sub-contracts, query each (a few indexed reads apiece); above, scan the whole
/// returns table once. A new day's assessments that no longer hold are usually a few thousand.
pub(super) const PER_CONTRACT_LIMIT: usize = 5000;

/// One sub-contract with everything the scorecard and the rules read.
#[derive(Debug, Clone)]
pub struct ContractData {
    pub sub: SubContract,
    /// Oldest first.
    pub returns: Vec<MonitoringReturn>,
    pub profiles: Vec<DeliveryProfile>,
    pub terms: Option<PaymentTerms>,
    pub already_claimed: Decimal,
    /// Who refers the people it serves: the prime contract's commissioner, by name.
    pub referred_by: Option<String>,
}

impl ContractData {
    pub fn facts(&self) -> super::signals::ContractFacts<'_> {
        super::signals::ContractFacts {
            sub: &self.sub,
            returns: &self.returns,
            profiles: &self.profiles,
            terms: self.terms.as_ref(),
            already_claimed: self.already_claimed,
            referred_by: self.referred_by.as_deref(),
        }
    }
}

fn assessed(s: &SubContract) -> bool {
    matches!(
        s.status,
        SubContractStatus::Active | SubContractStatus::Suspended
    )
}

/// One sub-contract's data, whatever its status; `None` if there is no such code.
pub fn contract(conn: &Connection, code: &str) -> Result<Option<ContractData>> {
    let Some(sub) = subcontracts::get_subcontract(conn, code)? else {
        return Ok(None);
    };
    let claims = subcontracts::claims_of(conn, code)?;
    Ok(Some(ContractData {
        returns: subcontracts::returns_of(conn, code)?,
        profiles: subcontracts::profiles_of(conn, code)?,
        terms: prime::terms_of(conn, code)?,
        already_claimed: money::total(
            "amount",
            claims.iter().map(|c| (c.code.as_str(), c.amount)),
        )?,
        referred_by: bulk::commissioner_of(conn, &sub.opportunity)?,
        sub,
    }))
}

/// Calls `each` with every active or suspended sub-contract (in `only`, when given).
pub fn for_each_contract(
    conn: &Connection,
    only: Option<&HashSet<String>>,
    each: &mut dyn FnMut(ContractData) -> Result<()>,
) -> Result<()> {
    if let Some(codes) = only
        && codes.len() <= PER_CONTRACT_LIMIT
    {
        let mut sorted: Vec<&String> = codes.iter().collect();
        sorted.sort();
        // One read transaction for every read, not one for each statement: each takes and
        // gives back the database's shared locks (two system calls apiece, thousands of them).
        let reading = match conn.is_autocommit() {
            true => Some(conn.unchecked_transaction()?),
            false => None,
        };
        for code in sorted {
            if let Some(d) = contract(conn, code)?
                && assessed(&d.sub)
            {
                each(d)?;
            }
        }
        if let Some(reading) = reading {
            reading.finish()?;
        }
        return Ok(());
    }
    let subs: HashMap<String, SubContract> = bulk::assessed_subcontracts(conn)?
        .into_iter()
        .filter(|s| only.is_none_or(|o| o.contains(&s.code)))
        .map(|s| (s.code.clone(), s))
        .collect();
    let mut profiles: HashMap<String, Vec<DeliveryProfile>> = HashMap::new();
    // Re-profiles are rare: find which contracts have any, then read each.
    for code in bulk::reprofiled(conn)? {
        if subs.contains_key(&code) {
            profiles.insert(code.clone(), subcontracts::profiles_of(conn, &code)?);
        }
    }
    let claimed = bulk::claimed(conn)?;

    let mut pending = Pending {
        subs,
        profiles,
        terms: prime::all_terms(conn)?,
        claimed,
        referrers: bulk::commissioners_by_opportunity(conn)?,
    };
    // Returns come by sub-contract then month: a contract's batch is complete when the next
    // contract's first return arrives.
    let mut current = String::new();
    let mut batch: Vec<MonitoringReturn> = Vec::new();
    let wanted: HashSet<String> = pending.subs.keys().cloned().collect();
    bulk::each_return(conn, &|code| wanted.contains(code), &mut |r| {
        if r.subcontract != current {
            if !batch.is_empty() {
                pending.emit(&current, std::mem::take(&mut batch), each)?;
            }
            current = r.subcontract.clone();
        }
        batch.push(r);
        Ok(())
    })?;
    if !batch.is_empty() {
        pending.emit(&current, batch, each)?;
    }
    // Contracts with no returns at all are still assessed (no score yet, no signal).
    let rest: Vec<String> = pending.subs.keys().cloned().collect();
    for code in rest {
        pending.emit(&code, Vec::new(), each)?;
    }
    Ok(())
}

/// Contracts not yet handed over, with their profiles and claims.
struct Pending {
    subs: HashMap<String, SubContract>,
    profiles: HashMap<String, Vec<DeliveryProfile>>,
    terms: HashMap<String, PaymentTerms>,
    claimed: HashMap<String, Decimal>,
    /// Opportunity → its commissioner's name.
    referrers: HashMap<String, String>,
}

impl Pending {
    fn emit(
        &mut self,
        code: &str,
        returns: Vec<MonitoringReturn>,
        each: &mut dyn FnMut(ContractData) -> Result<()>,
    ) -> Result<()> {
        if let Some(sub) = self.subs.remove(code) {
            each(ContractData {
                returns,
                profiles: self.profiles.remove(code).unwrap_or_default(),
                terms: self.terms.remove(code),
                already_claimed: self.claimed.remove(code).unwrap_or_default(),
                referred_by: self.referrers.get(&sub.opportunity).cloned(),
                sub,
            })?;
        }
        Ok(())
    }
}
