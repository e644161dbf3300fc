//! The performance-score caches (migration 002): settings fingerprints, period scores and
//! per-sub-contract assessments. Derived data: written without an audit row, always inside a
//! transaction the caller holds, and safe to drop at any time.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};
use rust_decimal::Decimal;

use super::sql;
use crate::dates::Period;
use crate::domain::SubContractStatus;
use crate::domain::recent::Recent;
use crate::error::Result;

/// Fingerprint key for the period scores (depend on the scoring settings only).
pub const PERIOD_KEY: &str = "period_scores";
/// Fingerprint key for the assessments (depend on every setting; each row says the days it
/// holds for).
pub const ASSESSMENT_KEY: &str = "subcontract_scores";

pub fn fingerprint(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT value FROM scoring_meta WHERE key = ?1",
            [key],
            |r| r.get(0),
        )
        .optional()?)
}

pub fn set_fingerprint(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO scoring_meta (key, value) VALUES (?1, ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}

pub fn clear_period_scores(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM period_scores", [])?;
    Ok(())
}

pub fn clear_assessments(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM subcontract_scores", [])?;
    Ok(())
}

/// Drops one sub-contract's cached assessment, so it is worked out again.
pub fn drop_assessment(conn: &Connection, subcontract: &str) -> Result<()> {
    conn.execute(
        "DELETE FROM subcontract_scores WHERE subcontract = ?1",
        [subcontract],
    )?;
    Ok(())
}

/// Starts a transaction on a shared connection that takes the write lock at once, for the cache
/// writes a read may make (the connection is borrowed, not owned, so `Store::write` cannot serve).
pub fn begin(conn: &Connection) -> Result<Transaction<'_>> {
    Ok(Transaction::new_unchecked(
        conn,
        TransactionBehavior::Immediate,
    )?)
}

/// Every cached period score, by sub-contract.
pub fn period_scores(conn: &Connection) -> Result<HashMap<String, Vec<(Period, Decimal)>>> {
    let mut out: HashMap<String, Vec<(Period, Decimal)>> = HashMap::new();
    let mut st = conn.prepare("SELECT subcontract, period, score FROM period_scores")?;
    let mut q = st.query([])?;
    while let Some(r) = q.next()? {
        out.entry(r.get(0)?)
            .or_default()
            .push((sql::period(r, 1)?, sql::decimal(r, 2)?));
    }
    Ok(out)
}

pub fn put_period_score(
    conn: &Connection,
    sub: &str,
    period: Period,
    score: Decimal,
) -> Result<()> {
    let mut st = conn.prepare_cached(
        "INSERT OR REPLACE INTO period_scores (subcontract, period, score) VALUES (?1, ?2, ?3)",
    )?;
    st.execute(params![sub, period.to_string(), sql::plain(score)])?;
    Ok(())
}

/// A cached assessment row: the JSON is the scoring module's `Assessment`; the columns are what
/// a member's standing needs, so it can be computed without reading the JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct CachedAssessment {
    pub subcontract: String,
    pub member: String,
    pub status: SubContractStatus,
    pub value: Decimal,
    pub overall: Option<Decimal>,
    pub standing: Option<String>,
    pub flagged: bool,
    /// What the performance pane shows of its recent returns (written, not read back here).
    pub recent: Option<Recent>,
    /// Empty when read with `with_json` false.
    pub json: String,
    /// Where it sorts worst first and what its concern is (written, not read back here).
    pub page: Option<PageKey>,
    /// The day it was worked out on, and the last day it holds for (`None`: unknown, so it
    /// holds for no day).
    pub as_of: Option<NaiveDate>,
    pub holds_until: Option<NaiveDate>,
}

/// What the performance pane's first screen and the generated risks read of a cached assessment
/// by index: its worst-first rank (group, overall in hundredths, recent delivery) and whether its
/// concern is the referral route (`referral_route`: the triage's kind of row; `route_only`: no
/// other signal at all).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageKey {
    pub group: u8,
    pub overall: i64,
    pub recent: i64,
    pub referral_route: bool,
    pub route_only: bool,
}

impl CachedAssessment {
    /// Whether it is the assessment as of `day`.
    pub fn holds_on(&self, day: NaiveDate) -> bool {
        self.as_of.is_some_and(|a| a <= day) && self.holds_until.is_some_and(|h| day <= h)
    }
}

/// What makes a cached assessment not hold on `?1`: worked out for no day, for a later day, or
/// for days that end before it. Each served by an index.
const STALE: [&str; 3] = [
    "as_of IS NULL OR holds_until IS NULL",
    "as_of > ?1",
    "holds_until < ?1",
];

/// Whether any cached assessment does not hold on `day` (worked out for a later day, or one it
/// no longer holds for).
pub fn any_stale(conn: &Connection, day: NaiveDate) -> Result<bool> {
    for condition in STALE {
        let query = format!("SELECT EXISTS (SELECT 1 FROM subcontract_scores WHERE {condition})");
        if stale_query(conn, &query, day, |r| r.get(0))?
            .into_iter()
            .any(|b| b)
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The sub-contracts whose cached assessment does not hold on `day`.
pub fn stale(conn: &Connection, day: NaiveDate) -> Result<HashSet<String>> {
    let mut out = HashSet::new();
    for condition in STALE {
        let query = format!("SELECT subcontract FROM subcontract_scores WHERE {condition}");
        out.extend(stale_query(conn, &query, day, |r| r.get(0))?);
    }
    Ok(out)
}

/// Runs `query`, binding `day` where it names `?1`.
fn stale_query<T>(
    conn: &Connection,
    query: &str,
    day: NaiveDate,
    row: impl FnMut(&rusqlite::Row) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut st = conn.prepare_cached(query)?;
    let rows = if query.contains("?1") {
        st.query_map([sql::iso(day)], row)?
            .collect::<rusqlite::Result<_>>()?
    } else {
        st.query_map([], row)?.collect::<rusqlite::Result<_>>()?
    };
    Ok(rows)
}

/// Cached assessments: all of them without their JSON, or (`flagged_only`) those with at least
/// one signal, with it.
pub fn assessments(conn: &Connection, flagged_only: bool) -> Result<Vec<CachedAssessment>> {
    let sql_text = if flagged_only {
        "SELECT subcontract, member, status, value, overall, standing, flagged, assessment,
                as_of, holds_until
         FROM subcontract_scores WHERE flagged = 1"
    } else {
        "SELECT subcontract, member, status, value, overall, standing, flagged, '',
                as_of, holds_until
         FROM subcontract_scores"
    };
    let mut st = conn.prepare(sql_text)?;
    let rows = st
        .query_map([], |r| {
            let overall: Option<String> = r.get(4)?;
            Ok(CachedAssessment {
                subcontract: r.get(0)?,
                member: r.get(1)?,
                status: sql::code(r, 2)?,
                value: sql::money(r, 3)?,
                overall: overall.and_then(|o| o.parse().ok()),
                standing: r.get(5)?,
                flagged: r.get::<_, i64>(6)? == 1,
                recent: None,
                json: r.get(7)?,
                page: None,
                // A day that does not read holds for no day: the row is worked out again.
                as_of: sql::opt_date(r, 8).ok().flatten(),
                holds_until: sql::opt_date(r, 9).ok().flatten(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn put_assessment(conn: &Connection, a: &CachedAssessment) -> Result<()> {
    let mut st = conn.prepare_cached(
        "INSERT OR REPLACE INTO subcontract_scores
           (subcontract, member, status, value, overall, standing, flagged, assessment,
            trend, latest_period, late, missing, referrals, as_of, holds_until,
            worst_group, overall_rank, recent_rank, referral_route, route_only)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
                 ?16, ?17, ?18, ?19, ?20)",
    )?;
    let recent = a.recent.as_ref();
    // Referrals over six months of u32s fit an i64; saturated all the same.
    let referrals = recent.map(|r| i64::try_from(r.referrals).unwrap_or(i64::MAX));
    st.execute(params![
        a.subcontract,
        a.member,
        a.status.code(),
        sql::plain(a.value),
        a.overall.map(sql::plain),
        a.standing,
        i64::from(a.flagged),
        a.json,
        recent.map(Recent::trend_text),
        recent.and_then(|r| r.latest_period).map(|p| p.to_string()),
        recent.map(|r| r.late),
        recent.map(|r| r.missing),
        referrals,
        sql::opt_iso(a.as_of),
        sql::opt_iso(a.holds_until),
        a.page.map(|k| k.group),
        a.page.map(|k| k.overall),
        a.page.map(|k| k.recent),
        a.page.map(|k| k.referral_route),
        a.page.map(|k| k.route_only),
    ])?;
    Ok(())
}

/// How many assessments are cached.
pub fn cached_count(conn: &Connection) -> Result<usize> {
    let n: i64 = conn.query_row("SELECT COUNT(*) FROM subcontract_scores", [], |r| r.get(0))?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// The overall scores of the active sub-contracts whose concern is not the referral route alone,
/// as cached (of those rated `standing` only, given its code): what member standings and the
/// Inadequate-standing risks are rated from.
pub fn active_scores(conn: &Connection, standing: Option<&str>) -> Result<Vec<(String, Decimal)>> {
    const ALL: &str = "SELECT subcontract, overall FROM subcontract_scores
         WHERE status = 'active' AND route_only = 0 AND overall IS NOT NULL";
    // Its own statement, so the index's standing column narrows the search.
    const RATED: &str = "SELECT subcontract, overall FROM subcontract_scores
         WHERE status = 'active' AND route_only = 0 AND standing = ?1 AND overall IS NOT NULL";
    let (mut st, args) = match standing {
        Some(code) => (conn.prepare(RATED)?, vec![code]),
        None => (conn.prepare(ALL)?, vec![]),
    };
    let mut q = st.query(rusqlite::params_from_iter(args))?;
    let mut out = Vec::new();
    while let Some(r) = q.next()? {
        out.push((r.get(0)?, sql::decimal(r, 1)?));
    }
    Ok(out)
}

/// How many members hold a sub-contract whose cached assessment sorts in the under-performing
/// group (worst-first group 0).
pub fn under_performing_members(conn: &Connection) -> Result<usize> {
    let n: i64 = conn.query_row(
        // Named: without statistics the planner would take the worst-first index, and read
        // each row for its member.
        "SELECT COUNT(DISTINCT member) FROM subcontract_scores INDEXED BY subcontract_scores_under
          WHERE worst_group = 0",
        [],
        |r| r.get(0),
    )?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// How many sub-contracts are assessed (active or suspended).
pub fn assessed_count(conn: &Connection) -> Result<usize> {
    let n: i64 = conn.query_row(
        "SELECT COUNT(*) FROM subcontracts WHERE status IN ('active', 'suspended')",
        [],
        |r| r.get(0),
    )?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// Active and suspended sub-contracts with no cached assessment.
pub fn unassessed(conn: &Connection) -> Result<Vec<String>> {
    let mut st = conn.prepare(
        "SELECT code FROM subcontracts s WHERE status IN ('active', 'suspended')
           AND NOT EXISTS (SELECT 1 FROM subcontract_scores c WHERE c.subcontract = s.code)
         ORDER BY code",
    )?;
    let rows = st
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// True when this connection cannot write (opened read-only, or `query_only`).
pub fn read_only(conn: &Connection) -> Result<bool> {
    let query_only: i64 = conn.query_row("PRAGMA query_only", [], |r| r.get(0))?;
    Ok(query_only == 1 || conn.is_readonly(rusqlite::MAIN_DB)?)
}
