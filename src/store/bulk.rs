//! Whole-table reads for the scoring, which judges every active and suspended sub-contract at
//! once: one pass per table, the returns streamed in key order so memory holds one contract's
//! returns at a time.

use std::collections::HashMap;

use rusqlite::Connection;
use rust_decimal::Decimal;

use super::sql;
use super::subcontracts::{
    RETURN_COLUMNS, SUBCONTRACT_COLUMNS, return_from_row, subcontract_from_row,
};
use crate::domain::{MonitoringReturn, SubContract};
use crate::error::Result;
use crate::money;

/// Every active and suspended sub-contract.
pub fn assessed_subcontracts(conn: &Connection) -> Result<Vec<SubContract>> {
    let mut st = conn.prepare(&format!(
        "SELECT {SUBCONTRACT_COLUMNS} FROM subcontracts WHERE status IN ('active', 'suspended')"
    ))?;
    let rows = st
        .query_map([], subcontract_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The sub-contracts that have been re-profiled at least once (re-profiles are rare).
pub fn reprofiled(conn: &Connection) -> Result<Vec<String>> {
    let mut st = conn.prepare("SELECT DISTINCT subcontract FROM delivery_profiles")?;
    let rows = st
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The total claimed back from each sub-contract with a claim.
pub fn claimed(conn: &Connection) -> Result<HashMap<String, Decimal>> {
    let mut claims: HashMap<String, Vec<(String, Decimal)>> = HashMap::new();
    let mut st = conn.prepare("SELECT subcontract, code, amount FROM claims")?;
    let mut q = st.query([])?;
    while let Some(r) = q.next()? {
        claims
            .entry(r.get(0)?)
            .or_default()
            .push((r.get(1)?, sql::money(r, 2)?));
    }
    claims
        .into_iter()
        .map(|(sub, list)| {
            let total = money::total("amount", list.iter().map(|(c, a)| (c.as_str(), *a)))?;
            Ok((sub, total))
        })
        .collect()
}

/// Calls `each` with every monthly return of the sub-contracts `wanted` accepts, by sub-contract
/// then month; the others are skipped without being parsed.
pub fn each_return(
    conn: &Connection,
    wanted: &dyn Fn(&str) -> bool,
    each: &mut dyn FnMut(MonitoringReturn) -> Result<()>,
) -> Result<()> {
    let mut st = conn.prepare(&format!(
        "SELECT {RETURN_COLUMNS} FROM monitoring_returns ORDER BY subcontract, period"
    ))?;
    let mut q = st.query([])?;
    while let Some(row) = q.next()? {
        let code: String = row.get(0)?;
        if wanted(&code) {
            each(return_from_row(row)?)?;
        }
    }
    Ok(())
}

/// Each opportunity's commissioner, by name: who refers the people its sub-contracts serve.
pub fn commissioners_by_opportunity(conn: &Connection) -> Result<HashMap<String, String>> {
    let mut st = conn.prepare(
        "SELECT o.code, c.name FROM opportunities o JOIN commissioners c ON c.code = o.commissioner",
    )?;
    let rows = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The commissioner of one opportunity, by name.
pub fn commissioner_of(conn: &Connection, opportunity: &str) -> Result<Option<String>> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .prepare_cached(
            "SELECT c.name FROM opportunities o JOIN commissioners c ON c.code = o.commissioner
              WHERE o.code = ?1",
        )?
        .query_row([opportunity], |r| r.get(0))
        .optional()?)
}
