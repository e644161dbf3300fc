//! Sub-contract performance's rows: each active or suspended sub-contract with its member, service
//! line and terms, and the facts of its monthly returns from a given month on.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::NaiveDate;
use rusqlite::Connection;
use rust_decimal::Decimal;

use super::text::clean;
use crate::dates::Period;
use crate::domain::SubContractStatus;
use crate::domain::recent::Recent;
use crate::domain::state::{Notice, State};
use crate::error::Result;
use crate::store::sql;

/// An active or suspended sub-contract as the performance pane lists it. The text many lines
/// repeat — the member, its name, the opportunity, the service line — is held once and shared.
#[derive(Debug, Clone, PartialEq)]
pub struct ContractLine {
    pub code: String,
    pub member: Arc<str>,
    pub member_name: Arc<str>,
    pub opportunity: Arc<str>,
    pub service_line: Arc<str>,
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
    let mut out = Vec::new();
    lines(conn, false, &mut |c, _| out.push(c))?;
    Ok(out)
}

/// What the score cache keeps beside a sub-contract's assessment for the pane: its recent
/// returns and its overall score as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct CachedFacts {
    pub recent: Recent,
    pub overall: Option<Decimal>,
}

/// As `contracts`, each handed to `each` as it is read with what its cached assessment keeps
/// (`None` where it has no cached row, or one from before the recent returns were kept): the
/// caller builds its rows without a list of the lines, or of the cache's rows, beside them.
pub fn contracts_with_recent(
    conn: &Connection,
    each: &mut dyn FnMut(ContractLine, Option<CachedFacts>),
) -> Result<()> {
    lines(conn, true, each)
}

fn lines(
    conn: &Connection,
    with_recent: bool,
    each: &mut dyn FnMut(ContractLine, Option<CachedFacts>),
) -> Result<()> {
    let names = shared_pairs(conn, "SELECT code, name FROM members")?;
    let service_lines = shared_pairs(conn, "SELECT code, service_line FROM opportunities")?;
    let notices = open_notices(conn)?;
    // The cache's row is looked up by its key as each line is read: a map of every row beside
    // the lines would be the largest thing the load holds.
    let mut st = conn.prepare(if with_recent {
        "SELECT s.code, s.member, s.opportunity, s.status, s.value, s.units_per_month, s.end,
                c.trend, c.latest_period, c.late, c.missing, c.referrals, c.overall
         FROM subcontracts s LEFT JOIN subcontract_scores c ON c.subcontract = s.code
         WHERE +s.status IN ('active', 'suspended')"
    } else {
        "SELECT code, member, opportunity, status, value, units_per_month, end
         FROM subcontracts WHERE +status IN ('active', 'suspended')"
    })?;
    let mut q = st.query([])?;
    while let Some(r) = q.next()? {
        let (code, member, opportunity) = (text(r, 0)?, text(r, 1)?, text(r, 2)?);
        // As an inner join: a row whose member or opportunity is missing is not listed.
        let (Some((member, name)), Some((opportunity, line))) =
            (names.get(member), service_lines.get(opportunity))
        else {
            continue;
        };
        let line = ContractLine {
            code: clean(code),
            member: member.clone(),
            member_name: name.clone(),
            opportunity: opportunity.clone(),
            service_line: line.clone(),
            status: sql::code(r, 3)?,
            value: sql::money(r, 4)?,
            units_per_month: sql::count(r, 5)?,
            end: sql::date(r, 6)?,
            notice: notices.get(code).cloned(),
        };
        let facts = if with_recent {
            cached_facts(r, 7)?
        } else {
            None
        };
        each(line, facts);
    }
    Ok(())
}

/// The cached row's recent returns and overall score in columns `at`.. (trend, latest period,
/// late, missing, referrals, overall); `None` without the recent returns.
fn cached_facts(r: &rusqlite::Row, at: usize) -> rusqlite::Result<Option<CachedFacts>> {
    let Some(recent) = cached_recent(r, at)? else {
        return Ok(None);
    };
    // Parsed as the assessments are read (`scores::assessments`), so both give one figure.
    let overall: Option<String> = r.get(at + 5)?;
    Ok(Some(CachedFacts {
        recent,
        overall: overall.and_then(|o| o.parse().ok()),
    }))
}

/// (value, start, end) of each sub-contract the pane lists that is delivering on `today` (active,
/// or under notice through its effective date), for each of the opportunities `of`, in their
/// order: the delivery side of the Board's ratio, read without building the pane's rows.
pub fn delivering_terms(
    conn: &Connection,
    today: NaiveDate,
    of: &[&str],
) -> Result<Vec<Vec<(Decimal, NaiveDate, NaiveDate)>>> {
    // Keys of their own, side by side in memory: a look-up per row stays in the cache.
    let index: HashMap<String, usize> = of
        .iter()
        .enumerate()
        .map(|(i, c)| (c.to_string(), i))
        .collect();
    let members: HashSet<String> = conn
        .prepare("SELECT code FROM members")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let notices = open_notices(conn)?;
    // Only an active one can be delivering; a suspended one never is.
    let mut st = conn.prepare(
        "SELECT code, member, opportunity, value, start, end
         FROM subcontracts WHERE +status = 'active'",
    )?;
    let mut q = st.query([])?;
    let mut out = vec![Vec::new(); of.len()];
    while let Some(r) = q.next()? {
        let (code, member, opportunity) = (text(r, 0)?, text(r, 1)?, text(r, 2)?);
        // As the pane lists it: a row whose member is missing is not there.
        let Some(&i) = index.get(opportunity) else {
            continue;
        };
        if !members.contains(member) {
            continue;
        }
        let notice = notices.get(code).map(|(effective, to)| Notice {
            effective: *effective,
            transferred_to: to.as_deref(),
        });
        if State::on(SubContractStatus::Active, notice, today).delivering() {
            out[i].push((sql::money(r, 3)?, sql::date(r, 4)?, sql::date(r, 5)?));
        }
    }
    Ok(out)
}

fn text<'r>(r: &'r rusqlite::Row, idx: usize) -> rusqlite::Result<&'r str> {
    Ok(r.get_ref(idx)?.as_str()?)
}

/// A key and its value, cleaned, each held once.
type Shared = (Arc<str>, Arc<str>);

/// Each key read (as written) with the key and its value cleaned, each value held once however
/// many keys share it.
fn shared_pairs(conn: &Connection, query: &str) -> Result<HashMap<String, Shared>> {
    let mut values: HashMap<String, Arc<str>> = HashMap::new();
    let mut out = HashMap::new();
    for (key, value) in pairs(conn, query)? {
        let value = values
            .entry(value)
            .or_insert_with_key(|v| Arc::from(clean(v)))
            .clone();
        out.insert(key.clone(), (Arc::from(clean(&key)), value));
    }
    Ok(out)
}

fn pairs(conn: &Connection, query: &str) -> Result<HashMap<String, String>> {
    let mut st = conn.prepare(query)?;
    let rows = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// A sub-contract's latest suspension not lifted (aliased `p`).
const OPEN_NOTICE: &str =
    "p.lifted IS NULL AND p.decided = (SELECT MAX(q.decided) FROM suspensions q
                                  WHERE q.subcontract = p.subcontract AND q.lifted IS NULL)";

/// Each sub-contract's latest suspension not lifted: when it takes effect, and where the
/// remainder went, if it has.
fn open_notices(conn: &Connection) -> Result<HashMap<String, (NaiveDate, Option<String>)>> {
    let mut st = conn.prepare(&format!(
        "SELECT p.subcontract, p.effective, p.transferred_to FROM suspensions p
         WHERE {OPEN_NOTICE}"
    ))?;
    let rows = st
        .query_map([], |r| {
            let to = r.get_ref(2)?.as_str_or_null()?.map(clean);
            Ok((r.get(0)?, (sql::date(r, 1)?, to)))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// A row of the performance pane's first screen, read by index from the score cache.
#[derive(Debug, Clone, PartialEq)]
pub struct PageLine {
    pub contract: ContractLine,
    pub recent: Recent,
    pub overall: Option<Decimal>,
    /// The triage's kind of row for it is the referral route.
    pub referral_route: bool,
}

/// The first `limit` cached assessments worst first (the order `WorstRank` gives, then code),
/// each with its sub-contract's line: what the performance pane shows first, read by index.
/// Only meaningful while the cache is current; a row whose recent facts do not read is left out.
pub fn worst_page(conn: &Connection, limit: usize) -> Result<Vec<PageLine>> {
    let mut st = conn.prepare_cached(
        "SELECT c.subcontract, s.member, m.name, s.opportunity, o.service_line, s.status,
                s.value, s.units_per_month, s.end,
                c.trend, c.latest_period, c.late, c.missing, c.referrals, c.overall,
                c.referral_route
         FROM subcontract_scores c
         JOIN subcontracts s ON s.code = c.subcontract
         JOIN members m ON m.code = s.member
         JOIN opportunities o ON o.code = s.opportunity
         WHERE +s.status IN ('active', 'suspended')
         ORDER BY c.worst_group, c.overall_rank, c.recent_rank, c.missing DESC, c.late DESC,
                  c.subcontract
         LIMIT ?1",
    )?;
    let mut notice = conn.prepare_cached(&format!(
        "SELECT p.effective, p.transferred_to FROM suspensions p
         WHERE p.subcontract = ?1 AND {OPEN_NOTICE}"
    ))?;
    let mut q = st.query([i64::try_from(limit).unwrap_or(i64::MAX)])?;
    let mut out = Vec::new();
    while let Some(r) = q.next()? {
        let Some(recent) = cached_recent(r, 9)? else {
            continue;
        };
        let code = text(r, 0)?;
        let open = notice
            .query_map([code], |n| {
                let to = n.get_ref(1)?.as_str_or_null()?.map(clean);
                Ok((sql::date(n, 0)?, to))
            })?
            .last()
            .transpose()?;
        let overall: Option<String> = r.get(14)?;
        out.push(PageLine {
            contract: ContractLine {
                code: clean(code),
                member: Arc::from(clean(text(r, 1)?)),
                member_name: Arc::from(clean(text(r, 2)?)),
                opportunity: Arc::from(clean(text(r, 3)?)),
                service_line: Arc::from(clean(text(r, 4)?)),
                status: sql::code(r, 5)?,
                value: sql::money(r, 6)?,
                units_per_month: sql::count(r, 7)?,
                end: sql::date(r, 8)?,
                notice: open,
            },
            recent,
            overall: overall.and_then(|o| o.parse().ok()),
            referral_route: r.get::<_, Option<i64>>(15)? == Some(1),
        });
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
