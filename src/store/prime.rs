//! Reading and writing what a prime contract carries beyond its opportunity: an agreed period,
//! its variations, and the payment terms of sub-contracts paid by results.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, params};
use rust_decimal::Decimal;

use super::sql;
use super::subcontracts::{self, SUBCONTRACT_COLUMNS, subcontract_from_row};
use crate::domain::pricing::PaymentTerms;
use crate::domain::prime::{ContractVariation, PrimeContract};
use crate::domain::{Opportunity, SubContract};
use crate::error::Result;

pub const PRIME_COLUMNS: &str = "opportunity, start, end";

/// The period a variation agreed for `opportunity`, if one has.
pub fn agreed_period(
    conn: &Connection,
    opportunity: &str,
) -> Result<Option<(NaiveDate, NaiveDate)>> {
    Ok(conn
        .query_row(
            "SELECT start, end FROM prime_contracts WHERE opportunity = ?1",
            [opportunity],
            |r| Ok((sql::date(r, 0)?, sql::date(r, 1)?)),
        )
        .optional()?)
}

/// Records the agreed period (replacing any earlier one).
pub fn set_period(
    conn: &Connection,
    opportunity: &str,
    start: NaiveDate,
    end: NaiveDate,
) -> Result<()> {
    conn.execute(
        "INSERT INTO prime_contracts (opportunity, start, end) VALUES (?1, ?2, ?3)
         ON CONFLICT (opportunity) DO UPDATE SET start = excluded.start, end = excluded.end",
        params![opportunity, sql::iso(start), sql::iso(end)],
    )?;
    Ok(())
}

/// Every won opportunity, by code: the prime contracts, running or not. (A scan in code order:
/// the index by stage would fetch each and sort them.)
pub fn won_opportunities(conn: &Connection) -> Result<Vec<Opportunity>> {
    let mut st = conn.prepare(&format!(
        "SELECT {} FROM opportunities WHERE +stage = 'won' ORDER BY code",
        super::opportunities::OPPORTUNITY_COLUMNS
    ))?;
    let rows = st
        .query_map([], super::opportunities::opportunity_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Every agreed period, by opportunity: one read for the Board's figures over all primes.
pub fn agreed_periods(conn: &Connection) -> Result<HashMap<String, (NaiveDate, NaiveDate)>> {
    let mut st = conn.prepare("SELECT opportunity, start, end FROM prime_contracts")?;
    let rows = st
        .query_map([], |r| {
            Ok((r.get(0)?, (sql::date(r, 1)?, sql::date(r, 2)?)))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The prime contract of `o`: its agreed period if a variation set one, else the usual one.
pub fn prime_contract(conn: &Connection, o: &Opportunity) -> Result<PrimeContract> {
    Ok(PrimeContract::of(o, agreed_period(conn, &o.code)?))
}

/// Every sub-contract let from `opportunity`, by code.
pub fn subcontracts_of(conn: &Connection, opportunity: &str) -> Result<Vec<SubContract>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {SUBCONTRACT_COLUMNS} FROM subcontracts WHERE opportunity = ?1 ORDER BY code"
    ))?;
    let rows = st
        .query_map([opportunity], subcontract_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// What is let from `opportunity`: every sub-contract's value, whatever its state. `None` past
/// what a `Decimal` holds.
pub fn let_total(conn: &Connection, opportunity: &str) -> Result<Option<Decimal>> {
    Ok(subcontracts_of(conn, opportunity)?
        .iter()
        .try_fold(Decimal::ZERO, |t, s| t.checked_add(s.value)))
}

pub const VARIATION_COLUMNS: &str =
    "opportunity, agreed, value_before, value_after, end_before, end_after, reason";

fn variation_from_row(r: &Row) -> rusqlite::Result<ContractVariation> {
    Ok(ContractVariation {
        opportunity: r.get(0)?,
        agreed: sql::date(r, 1)?,
        value_before: sql::money(r, 2)?,
        value_after: sql::money(r, 3)?,
        end_before: sql::date(r, 4)?,
        end_after: sql::date(r, 5)?,
        reason: r.get(6)?,
    })
}

pub fn insert_variation(conn: &Connection, v: &ContractVariation) -> Result<()> {
    conn.execute(
        &format!("INSERT INTO contract_variations ({VARIATION_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"),
        params![
            v.opportunity,
            sql::iso(v.agreed),
            sql::plain(v.value_before),
            sql::plain(v.value_after),
            sql::iso(v.end_before),
            sql::iso(v.end_after),
            v.reason
        ],
    )?;
    Ok(())
}

/// An opportunity's variations, in the order agreed.
pub fn variations_of(conn: &Connection, opportunity: &str) -> Result<Vec<ContractVariation>> {
    let mut st = conn.prepare(&format!(
        "SELECT {VARIATION_COLUMNS} FROM contract_variations WHERE opportunity = ?1 ORDER BY agreed, id"
    ))?;
    let rows = st
        .query_map([opportunity], variation_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub const TERMS_COLUMNS: &str = "subcontract, attachment_pct, outcomes_owed, outcome_rate";

fn terms_from_row(r: &Row) -> rusqlite::Result<PaymentTerms> {
    let owed: i64 = r.get(2)?;
    Ok(PaymentTerms {
        subcontract: r.get(0)?,
        attachment_pct: sql::decimal(r, 1)?,
        outcomes_owed: u64::try_from(owed).unwrap_or(0),
        outcome_rate: sql::money(r, 3)?,
    })
}

pub fn insert_terms(conn: &Connection, t: &PaymentTerms) -> Result<()> {
    conn.execute(
        &format!("INSERT INTO payment_terms ({TERMS_COLUMNS}) VALUES (?1, ?2, ?3, ?4)"),
        params![
            t.subcontract,
            sql::pct(t.attachment_pct),
            i64::try_from(t.outcomes_owed).unwrap_or(i64::MAX),
            sql::plain(t.outcome_rate)
        ],
    )?;
    Ok(())
}

/// Replaces a sub-contract's outcomes owed (a transfer moves some of them on).
pub fn set_outcomes_owed(conn: &Connection, subcontract: &str, owed: u64) -> Result<()> {
    conn.execute(
        "UPDATE payment_terms SET outcomes_owed = ?2 WHERE subcontract = ?1",
        params![subcontract, i64::try_from(owed).unwrap_or(i64::MAX)],
    )?;
    Ok(())
}

/// A sub-contract's payment terms, if it is paid by results on recorded terms.
pub fn terms_of(conn: &Connection, subcontract: &str) -> Result<Option<PaymentTerms>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {TERMS_COLUMNS} FROM payment_terms WHERE subcontract = ?1"
        ))?
        .query_row([subcontract], terms_from_row)
        .optional()?)
}

/// Every recorded payment terms, by sub-contract.
pub fn all_terms(conn: &Connection) -> Result<HashMap<String, PaymentTerms>> {
    let mut st = conn.prepare(&format!("SELECT {TERMS_COLUMNS} FROM payment_terms"))?;
    let rows = st
        .query_map([], terms_from_row)?
        .map(|t| t.map(|t| (t.subcontract.clone(), t)))
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// A sub-contract with everything its figures are computed from.
pub struct Priced {
    pub sub: SubContract,
    pub profiles: Vec<crate::domain::DeliveryProfile>,
    pub terms: Option<PaymentTerms>,
}

/// `sub` with its profiles and terms.
pub fn priced(conn: &Connection, sub: SubContract) -> Result<Priced> {
    Ok(Priced {
        profiles: subcontracts::profiles_of(conn, &sub.code)?,
        terms: terms_of(conn, &sub.code)?,
        sub,
    })
}
