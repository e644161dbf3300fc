//! Sub-contract performance's rows: each active or suspended sub-contract with its member, service
//! line and terms, and the facts of its monthly returns from a given month on.

use std::collections::HashMap;

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

/// Active and suspended sub-contracts, each with its member's name, its opportunity's service
/// line and its open suspension. Read table by table and joined here: at a hundred thousand
/// rows a scan of each beats a look-up of each row's member and opportunity.
pub fn contracts(conn: &Connection) -> Result<Vec<ContractLine>> {
    Ok(lines(conn, false)?.into_iter().map(|(c, _)| c).collect())
}

/// As `contracts`, each with the recent returns its cached assessment keeps (`None` where it has
/// no cached row, or one from before they were kept).
pub fn contracts_with_recent(conn: &Connection) -> Result<Vec<(ContractLine, Option<Recent>)>> {
    lines(conn, true)
}

fn lines(conn: &Connection, with_recent: bool) -> Result<Vec<(ContractLine, Option<Recent>)>> {
    let names = pairs(conn, "SELECT code, name FROM members")?;
    let service_lines = pairs(conn, "SELECT code, service_line FROM opportunities")?;
    let notices = open_notices(conn)?;
    let mut recent = if with_recent {
        cached_recents(conn)?
    } else {
        HashMap::new()
    };
    let mut st = conn.prepare(
        "SELECT code, member, opportunity, status, value, units_per_month, end
         FROM subcontracts WHERE +status IN ('active', 'suspended')",
    )?;
    let mut q = st.query([])?;
    let mut out = Vec::new();
    while let Some(r) = q.next()? {
        let (code, member, opportunity) = (text(r, 0)?, text(r, 1)?, text(r, 2)?);
        // As an inner join: a row whose member or opportunity is missing is not listed.
        let (Some(name), Some(line)) = (names.get(member), service_lines.get(opportunity)) else {
            continue;
        };
        let line = ContractLine {
            code: clean(code),
            member: clean(member),
            member_name: clean(name),
            opportunity: clean(opportunity),
            service_line: clean(line),
            status: sql::code(r, 3)?,
            value: sql::money(r, 4)?,
            units_per_month: sql::count(r, 5)?,
            end: sql::date(r, 6)?,
            notice: notices.get(code).cloned(),
        };
        let facts = recent.remove(code);
        out.push((line, facts));
    }
    Ok(out)
}

fn text<'r>(r: &'r rusqlite::Row, idx: usize) -> rusqlite::Result<&'r str> {
    Ok(r.get_ref(idx)?.as_str()?)
}

fn pairs(conn: &Connection, query: &str) -> Result<HashMap<String, String>> {
    let mut st = conn.prepare(query)?;
    let rows = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Each sub-contract's latest suspension not lifted: when it takes effect, and where the
/// remainder went, if it has.
fn open_notices(conn: &Connection) -> Result<HashMap<String, (NaiveDate, Option<String>)>> {
    let mut st = conn.prepare(
        "SELECT p.subcontract, p.effective, p.transferred_to FROM suspensions p
         WHERE p.lifted IS NULL AND p.decided = (SELECT MAX(q.decided) FROM suspensions q
                                  WHERE q.subcontract = p.subcontract AND q.lifted IS NULL)",
    )?;
    let rows = st
        .query_map([], |r| {
            let to = r.get_ref(2)?.as_str_or_null()?.map(clean);
            Ok((r.get(0)?, (sql::date(r, 1)?, to)))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The recent facts every cached assessment keeps, by sub-contract.
fn cached_recents(conn: &Connection) -> Result<HashMap<String, Recent>> {
    let mut st = conn.prepare(
        "SELECT subcontract, trend, latest_period, late, missing, referrals
         FROM subcontract_scores",
    )?;
    let mut q = st.query([])?;
    let mut out = HashMap::new();
    while let Some(r) = q.next()? {
        if let Some(facts) = cached_recent(r, 1)? {
            out.insert(r.get(0)?, facts);
        }
    }
    Ok(out)
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
