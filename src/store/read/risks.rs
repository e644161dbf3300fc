//! The risk register as the dashboard and the Board show it: the stored risks with the generated
//! ones worked out from today's data (`store::risks::register`), cleaned for display.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::Connection;
use rust_decimal::Decimal;

use super::text::{clean, clean_cause, clean_risk};
use crate::domain::risk_register::Register;
use crate::domain::risk_rules::ContractStanding;
use crate::error::Result;

/// See `store::risks::register`; every risk and cause cleaned, causes keyed by the code as shown.
pub fn register(
    conn: &Connection,
    today: NaiveDate,
    share: Decimal,
    standings: &[ContractStanding],
) -> Result<Register> {
    let totals = crate::store::subcontracts::active_totals(conn)?;
    register_with(conn, today, share, standings, &totals)
}

/// As `register`, with the active sub-contracts' totals already read.
pub fn register_with(
    conn: &Connection,
    today: NaiveDate,
    share: Decimal,
    standings: &[ContractStanding],
    totals: &crate::domain::risk_rules::ActiveTotals,
) -> Result<Register> {
    let read = crate::store::risks::register_with(conn, today, share, standings, totals)?;
    let mut risks = read.risks;
    risks.iter_mut().for_each(clean_risk);
    let causes: BTreeMap<_, _> = read
        .causes
        .into_iter()
        .map(|(code, mut c)| {
            clean_cause(&mut c);
            (clean(&code), c)
        })
        .collect();
    Ok(Register { risks, causes })
}
