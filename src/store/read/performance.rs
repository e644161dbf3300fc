//! Sub-contract performance's rows: each active or suspended sub-contract with its member, service
//! line and terms, and the facts of its monthly returns from a given month on.

use chrono::NaiveDate;
use rusqlite::Connection;
use rust_decimal::Decimal;

use super::text::clean;
use crate::dates::Period;
use crate::domain::SubContractStatus;
use crate::domain::recent::Recent;
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

const CONTRACTS: &str = "SELECT s.code, s.member, m.name, s.opportunity, o.service_line, s.status,
        s.value, s.units_per_month, s.end, p.effective, p.transferred_to
        FROM subcontracts s
        JOIN members m ON m.code = s.member
        JOIN opportunities o ON o.code = s.opportunity
        LEFT JOIN suspensions p ON p.subcontract = s.code AND p.lifted IS NULL
             AND p.decided = (SELECT MAX(q.decided) FROM suspensions q
                               WHERE q.subcontract = s.code AND q.lifted IS NULL)";

fn contract_line(r: &rusqlite::Row) -> rusqlite::Result<ContractLine> {
    Ok(ContractLine {
        code: clean(r.get_ref(0)?.as_str()?),
        member: clean(r.get_ref(1)?.as_str()?),
        member_name: clean(r.get_ref(2)?.as_str()?),
        opportunity: clean(r.get_ref(3)?.as_str()?),
        service_line: clean(r.get_ref(4)?.as_str()?),
        status: sql::code(r, 5)?,
        value: sql::money(r, 6)?,
        units_per_month: sql::count(r, 7)?,
        end: sql::date(r, 8)?,
        notice: match sql::opt_date(r, 9)? {
            Some(e) => Some((e, r.get_ref(10)?.as_str_or_null()?.map(clean))),
            None => None,
        },
    })
}

pub fn contracts(conn: &Connection) -> Result<Vec<ContractLine>> {
    let mut st = conn.prepare(&format!(
        "{CONTRACTS} WHERE s.status IN ('active', 'suspended')"
    ))?;
    let rows = st
        .query_map([], contract_line)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// As `contracts`, each with the recent returns its cached assessment keeps (`None` where it has
/// no cached row, or one from before they were kept).
pub fn contracts_with_recent(conn: &Connection) -> Result<Vec<(ContractLine, Option<Recent>)>> {
    let mut st = conn.prepare(&format!(
        "SELECT q.*, c.trend, c.latest_period, c.late, c.missing, c.referrals FROM ({CONTRACTS}
           WHERE s.status IN ('active', 'suspended')) q
         LEFT JOIN subcontract_scores c ON c.subcontract = q.code"
    ))?;
    let rows = st
        .query_map([], |r| Ok((contract_line(r)?, cached_recent(r, 11)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The recent facts in columns `at`.. (trend, latest period, late, missing, referrals).
fn cached_recent(r: &rusqlite::Row, at: usize) -> rusqlite::Result<Option<Recent>> {
    let Some(trend) = r.get_ref(at)?.as_str_or_null()? else {
        return Ok(None);
    };
    let Some(trend) = Recent::parse_trend(trend) else {
        return Ok(None);
    };
    Ok(Some(Recent {
        trend,
        latest_period: match r.get_ref(at + 1)?.as_str_or_null()? {
            Some(_) => Some(sql::period(r, at + 1)?),
            None => None,
        },
        late: sql::count(r, at + 2)?,
        missing: sql::count(r, at + 3)?,
        referrals: sql::total(r, at + 4)?,
    }))
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
