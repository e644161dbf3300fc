//! Sub-contract performance's rows: each active or suspended sub-contract with its member, service
//! line and terms, and the facts of its monthly returns from a given month on.

use chrono::NaiveDate;
use rusqlite::Connection;
use rust_decimal::Decimal;

use super::text::clean;
use crate::dates::Period;
use crate::domain::SubContractStatus;
use crate::error::Result;
use crate::store::sql;

/// An active or suspended sub-contract as the performance pane lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct ContractLine {
    pub code: String,
    pub member: String,
    pub member_name: String,
    pub opportunity: String,
    pub service_line: String,
    pub status: SubContractStatus,
    pub value: Decimal,
    pub units_per_month: u32,
    pub end: NaiveDate,
    /// Its open suspension: when it takes effect, and where the remainder went, if it has.
    pub notice: Option<(NaiveDate, Option<String>)>,
}

/// One monthly return of an active or suspended sub-contract.
#[derive(Debug, Clone, PartialEq)]
pub struct ReturnLine {
    pub subcontract: String,
    pub period: Period,
    pub due: NaiveDate,
    pub submitted: Option<NaiveDate>,
    pub units_target: u32,
    pub units_delivered: u32,
    pub referrals: u32,
}

pub fn contracts(conn: &Connection) -> Result<Vec<ContractLine>> {
    let mut st = conn.prepare(
        "SELECT s.code, s.member, m.name, s.opportunity, o.service_line, s.status, s.value,
                s.units_per_month, s.end, p.effective, p.transferred_to
         FROM subcontracts s
         JOIN members m ON m.code = s.member
         JOIN opportunities o ON o.code = s.opportunity
         LEFT JOIN suspensions p ON p.subcontract = s.code AND p.lifted IS NULL
              AND p.decided = (SELECT MAX(q.decided) FROM suspensions q
                                WHERE q.subcontract = s.code AND q.lifted IS NULL)
         WHERE s.status IN ('active', 'suspended')",
    )?;
    let rows = st
        .query_map([], |r| {
            Ok(ContractLine {
                code: clean(&r.get::<_, String>(0)?),
                member: clean(&r.get::<_, String>(1)?),
                member_name: clean(&r.get::<_, String>(2)?),
                opportunity: clean(&r.get::<_, String>(3)?),
                service_line: clean(&r.get::<_, String>(4)?),
                status: sql::code(r, 5)?,
                value: sql::money(r, 6)?,
                units_per_month: sql::count(r, 7)?,
                end: sql::date(r, 8)?,
                notice: match sql::opt_date(r, 9)? {
                    Some(e) => Some((e, r.get::<_, Option<String>>(10)?.map(|t| clean(&t)))),
                    None => None,
                },
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The returns of active and suspended sub-contracts for `first` and later months.
pub fn returns_since(conn: &Connection, first: Period) -> Result<Vec<ReturnLine>> {
    let mut st = conn.prepare(
        "SELECT r.subcontract, r.period, r.due, r.submitted, r.units_target, r.units_delivered,
                r.referrals
         FROM monitoring_returns r JOIN subcontracts s ON s.code = r.subcontract
         WHERE r.period >= ?1 AND s.status IN ('active', 'suspended')",
    )?;
    let mut q = st.query([first.to_string()])?;
    let mut out = Vec::new();
    while let Some(r) = q.next()? {
        out.push(ReturnLine {
            subcontract: clean(&r.get::<_, String>(0)?),
            period: sql::period(r, 1)?,
            due: sql::date(r, 2)?,
            submitted: sql::opt_date(r, 3)?,
            units_target: sql::count(r, 4)?,
            units_delivered: sql::count(r, 5)?,
            referrals: sql::count(r, 6)?,
        });
    }
    Ok(out)
}
