//! Reading and writing sub-contracts and what hangs off them: monitoring returns, delivery
//! profiles, suspensions and claw-back claims.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::sql;
use crate::domain::{Claim, DeliveryProfile, MonitoringReturn, SubContract, Suspension};
use crate::error::Result;

/// The sub-contracts (aliased `s`) whose units count against their member's capacity: proposed
/// and active ones, less those whose remainder has been transferred to another member. The view
/// `capacity_commitment_of` (migration 11) states the same rule for the kept commitments; a
/// property test holds the two together.
pub const COMMITS_CAPACITY: &str = "s.status IN ('proposed', 'active')
    AND NOT EXISTS (SELECT 1 FROM suspensions p WHERE p.subcontract = s.code
                     AND p.lifted IS NULL AND p.transferred_to IS NOT NULL)";

pub const SUBCONTRACT_COLUMNS: &str = "code, opportunity, member, let_by, value, start, end, units_per_month, payment_model, status, transferred_from, row_version, unit_rate";

pub fn subcontract_from_row(r: &Row) -> rusqlite::Result<SubContract> {
    Ok(SubContract {
        code: r.get(0)?,
        opportunity: r.get(1)?,
        member: r.get(2)?,
        let_by: r.get(3)?,
        value: sql::money(r, 4)?,
        start: sql::date(r, 5)?,
        end: sql::date(r, 6)?,
        units_per_month: r.get(7)?,
        payment_model: sql::code(r, 8)?,
        status: sql::code(r, 9)?,
        transferred_from: r.get(10)?,
        row_version: r.get(11)?,
        unit_rate: sql::opt_money(r, 12)?,
    })
}

pub fn insert_subcontract(conn: &Connection, s: &SubContract) -> Result<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO subcontracts ({SUBCONTRACT_COLUMNS})
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
    ))?
    .execute(params![
        s.code,
        s.opportunity,
        s.member,
        s.let_by,
        sql::plain(s.value),
        sql::iso(s.start),
        sql::iso(s.end),
        s.units_per_month,
        s.payment_model.code(),
        s.status.code(),
        s.transferred_from,
        s.row_version,
        s.unit_rate.map(sql::plain)
    ])?;
    Ok(())
}

pub fn get_subcontract(conn: &Connection, code: &str) -> Result<Option<SubContract>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {SUBCONTRACT_COLUMNS} FROM subcontracts WHERE code = ?1"
        ))?
        .query_row([code], subcontract_from_row)
        .optional()?)
}

pub fn load_subcontracts(conn: &Connection) -> Result<Vec<SubContract>> {
    let mut st = conn.prepare(&format!(
        "SELECT {SUBCONTRACT_COLUMNS} FROM subcontracts ORDER BY code"
    ))?;
    let rows = st
        .query_map([], subcontract_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The active sub-contracts' value, how many, in all and by member: as kept by the writes that
/// change them where that is exact, else added up from the records.
pub fn active_totals(conn: &Connection) -> Result<crate::domain::risk_rules::ActiveTotals> {
    match super::kept_totals::active_totals(conn)? {
        Some(kept) => Ok(kept),
        None => active_totals_of_records(conn),
    }
}

/// The same totals added up from every active sub-contract's record.
pub fn active_totals_of_records(
    conn: &Connection,
) -> Result<crate::domain::risk_rules::ActiveTotals> {
    let mut st = conn.prepare_cached(
        "SELECT code, member, value FROM subcontracts NOT INDEXED WHERE status = 'active'",
    )?;
    let mut q = st.query([])?;
    let mut totals = crate::domain::risk_rules::ActiveTotals::default();
    while let Some(r) = q.next()? {
        let text = |i: usize| -> rusqlite::Result<&str> { Ok(r.get_ref(i)?.as_str()?) };
        totals.add(text(0)?, text(1)?, sql::money(r, 2)?)?;
    }
    Ok(totals)
}

/// Which of these codes name a sub-contract on record: one statement, however many codes.
pub fn on_record(conn: &Connection, codes: &[&str]) -> Result<std::collections::HashSet<String>> {
    let list = serde_json::to_string(codes)
        .map_err(|e| crate::error::HubError::Invalid(format!("cannot list the codes: {e}")))?;
    let mut st = conn.prepare_cached(
        "SELECT j.value FROM json_each(?1) j
         WHERE EXISTS (SELECT 1 FROM subcontracts s WHERE s.code = j.value)",
    )?;
    let found = st
        .query_map([list], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(found)
}

pub fn subcontracts_of_member(conn: &Connection, member: &str) -> Result<Vec<SubContract>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {SUBCONTRACT_COLUMNS} FROM subcontracts WHERE member = ?1 ORDER BY code"
    ))?;
    let rows = st
        .query_map([member], subcontract_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub const RETURN_COLUMNS: &str = "subcontract, period, due, submitted, units_target, units_delivered, outcomes_target, outcomes_achieved, milestones_due, milestones_met, spend, paid, quality_grade, referrals";

pub fn return_from_row(r: &Row) -> rusqlite::Result<MonitoringReturn> {
    Ok(MonitoringReturn {
        subcontract: r.get(0)?,
        period: sql::period(r, 1)?,
        due: sql::date(r, 2)?,
        submitted: sql::opt_date(r, 3)?,
        units_target: r.get(4)?,
        units_delivered: r.get(5)?,
        outcomes_target: r.get(6)?,
        outcomes_achieved: r.get(7)?,
        milestones_due: r.get(8)?,
        milestones_met: r.get(9)?,
        spend: sql::money(r, 10)?,
        paid: sql::money(r, 11)?,
        quality_grade: r.get(12)?,
        referrals: r.get(13)?,
    })
}

pub fn insert_return(conn: &Connection, m: &MonitoringReturn) -> Result<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO monitoring_returns ({RETURN_COLUMNS})
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
    ))?
    .execute(params![
        m.subcontract,
        m.period.to_string(),
        sql::iso(m.due),
        sql::opt_iso(m.submitted),
        m.units_target,
        m.units_delivered,
        m.outcomes_target,
        m.outcomes_achieved,
        m.milestones_due,
        m.milestones_met,
        sql::plain(m.spend),
        sql::plain(m.paid),
        m.quality_grade,
        m.referrals
    ])?;
    Ok(())
}

/// A sub-contract's returns, oldest period first.
pub fn returns_of(conn: &Connection, subcontract: &str) -> Result<Vec<MonitoringReturn>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {RETURN_COLUMNS} FROM monitoring_returns WHERE subcontract = ?1 ORDER BY period"
    ))?;
    let rows = st
        .query_map([subcontract], return_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub const PROFILE_COLUMNS: &str =
    "subcontract, revision, effective_from, units_per_month, reason, recorded";

fn profile_from_row(r: &Row) -> rusqlite::Result<DeliveryProfile> {
    Ok(DeliveryProfile {
        subcontract: r.get(0)?,
        revision: r.get(1)?,
        effective_from: sql::period(r, 2)?,
        units_per_month: r.get(3)?,
        reason: r.get(4)?,
        recorded: sql::date(r, 5)?,
    })
}

pub fn insert_profile(conn: &Connection, p: &DeliveryProfile) -> Result<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO delivery_profiles ({PROFILE_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
    ))?
    .execute(params![
        p.subcontract,
        p.revision,
        p.effective_from.to_string(),
        p.units_per_month,
        p.reason,
        sql::iso(p.recorded)
    ])?;
    Ok(())
}

/// A sub-contract's profile revisions, oldest first.
pub fn profiles_of(conn: &Connection, subcontract: &str) -> Result<Vec<DeliveryProfile>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {PROFILE_COLUMNS} FROM delivery_profiles WHERE subcontract = ?1 ORDER BY revision"
    ))?;
    let rows = st
        .query_map([subcontract], profile_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub const SUSPENSION_COLUMNS: &str =
    "subcontract, decided, effective, reason_code, reason, urgent, lifted, transferred_to";

fn suspension_from_row(r: &Row) -> rusqlite::Result<Suspension> {
    Ok(Suspension {
        subcontract: r.get(0)?,
        decided: sql::date(r, 1)?,
        effective: sql::date(r, 2)?,
        reason_code: sql::code(r, 3)?,
        reason: r.get(4)?,
        urgent: r.get(5)?,
        lifted: sql::opt_date(r, 6)?,
        transferred_to: r.get(7)?,
    })
}

pub fn insert_suspension(conn: &Connection, s: &Suspension) -> Result<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO suspensions ({SUSPENSION_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
    ))?
    .execute(params![
        s.subcontract,
        sql::iso(s.decided),
        sql::iso(s.effective),
        s.reason_code.code(),
        s.reason,
        s.urgent,
        sql::opt_iso(s.lifted),
        s.transferred_to
    ])?;
    Ok(())
}

/// A sub-contract's suspensions, oldest first.
pub fn suspensions_of(conn: &Connection, subcontract: &str) -> Result<Vec<Suspension>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {SUSPENSION_COLUMNS} FROM suspensions WHERE subcontract = ?1 ORDER BY decided"
    ))?;
    let rows = st
        .query_map([subcontract], suspension_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub const CLAIM_COLUMNS: &str = "code, subcontract, raised, paid, earned, amount, reason";

fn claim_from_row(r: &Row) -> rusqlite::Result<Claim> {
    Ok(Claim {
        code: r.get(0)?,
        subcontract: r.get(1)?,
        raised: sql::date(r, 2)?,
        paid: sql::money(r, 3)?,
        earned: sql::money(r, 4)?,
        amount: sql::money(r, 5)?,
        reason: r.get(6)?,
    })
}

pub fn insert_claim(conn: &Connection, c: &Claim) -> Result<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO claims ({CLAIM_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
    ))?
    .execute(params![
        c.code,
        c.subcontract,
        sql::iso(c.raised),
        sql::plain(c.paid),
        sql::plain(c.earned),
        sql::plain(c.amount),
        c.reason
    ])?;
    Ok(())
}

pub fn claims_of(conn: &Connection, subcontract: &str) -> Result<Vec<Claim>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {CLAIM_COLUMNS} FROM claims WHERE subcontract = ?1 ORDER BY code"
    ))?;
    let rows = st
        .query_map([subcontract], claim_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Every claim, by code.
pub fn all_claims(conn: &Connection) -> Result<Vec<Claim>> {
    let mut st =
        conn.prepare_cached(&format!("SELECT {CLAIM_COLUMNS} FROM claims ORDER BY code"))?;
    let rows = st
        .query_map([], claim_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

// Queries and updates for the decision operations (award, suspend, transfer, claw-back,
// re-profile). Every update that changes a sub-contract bumps its row version, and those taking
// an expected version change nothing (returning false) if someone else changed the row first.

/// Units per month a member has committed in a service line: its proposed and active
/// sub-contracts under opportunities in that line.
pub fn committed_units(conn: &Connection, member: &str, service_line: &str) -> Result<u32> {
    let n: i64 = conn.query_row(
        &format!(
            "SELECT COALESCE(SUM(s.units_per_month), 0)
               FROM subcontracts s JOIN opportunities o ON o.code = s.opportunity
              WHERE s.member = ?1 AND o.service_line = ?2 AND {COMMITS_CAPACITY}"
        ),
        [member, service_line],
        |r| r.get(0),
    )?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// The highest numeric suffix of `PREFIX-nnn` codes in `table`, and its width in digits.
fn highest_code(conn: &Connection, table: &str, prefix: &str) -> Result<Option<(u64, usize)>> {
    let mut st = conn.prepare(&format!("SELECT code FROM {table} WHERE code LIKE ?1"))?;
    let pattern = format!("{prefix}-%");
    let codes = st.query_map([pattern], |r| r.get::<_, String>(0))?;
    let mut highest: Option<(u64, usize)> = None;
    for code in codes {
        let code = code?;
        let digits = code
            .strip_prefix(prefix)
            .and_then(|rest| rest.strip_prefix('-'))
            .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()));
        if let Some(n) = digits.and_then(|d| d.parse::<u64>().ok().map(|n| (n, d.len())))
            && highest.is_none_or(|h| n.0 > h.0)
        {
            highest = Some(n);
        }
    }
    Ok(highest)
}

/// The next free code in `table`: one past the highest in use, written as wide as it is
/// (`SC-0147` after `SC-0146`), or `width` digits when there is none.
fn next_code(conn: &Connection, table: &str, prefix: &str, width: usize) -> Result<String> {
    let (n, w) = highest_code(conn, table, prefix)?.unwrap_or((0, width));
    Ok(format!("{prefix}-{:0w$}", n + 1))
}

/// How wide the consortium writes its sub-contract codes (4 digits when it has none yet).
fn code_width(conn: &Connection) -> Result<usize> {
    Ok(highest_code(conn, "subcontracts", "SC")?.map_or(4, |(_, w)| w))
}

/// The next sub-contract code, e.g. `SC-0147`.
pub fn next_subcontract_code(conn: &Connection) -> Result<String> {
    next_code(conn, "subcontracts", "SC", 4)
}

/// The next claw-back claim code, e.g. `CL-0002`; the first follows the sub-contracts' width.
pub fn next_claim_code(conn: &Connection) -> Result<String> {
    let width = code_width(conn)?;
    next_code(conn, "claims", "CL", width)
}

/// The next opportunity code, e.g. `OP-031`.
pub fn next_opportunity_code(conn: &Connection) -> Result<String> {
    next_code(conn, "opportunities", "OP", 3)
}

/// Whether a claim with this code exists.
pub fn claim_exists(conn: &Connection, code: &str) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM claims WHERE code = ?1)",
        [code],
        |r| r.get(0),
    )?)
}

/// The sub-contract's latest suspension that has not been lifted.
pub fn open_suspension(conn: &Connection, subcontract: &str) -> Result<Option<Suspension>> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT {SUSPENSION_COLUMNS} FROM suspensions
                  WHERE subcontract = ?1 AND lifted IS NULL ORDER BY decided DESC LIMIT 1"
            ),
            [subcontract],
            suspension_from_row,
        )
        .optional()?)
}

/// The open (unlifted) suspensions of a member's sub-contracts.
pub fn open_suspensions_of_member(conn: &Connection, member: &str) -> Result<Vec<Suspension>> {
    suspensions_where(conn, member, "AND p.lifted IS NULL")
}

/// Every suspension of the member's sub-contracts, open and lifted, by sub-contract then date.
pub fn suspensions_of_member(conn: &Connection, member: &str) -> Result<Vec<Suspension>> {
    suspensions_where(conn, member, "")
}

fn suspensions_where(conn: &Connection, member: &str, and: &str) -> Result<Vec<Suspension>> {
    let cols = SUSPENSION_COLUMNS
        .split(", ")
        .map(|c| format!("p.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut st = conn.prepare_cached(&format!(
        "SELECT {cols} FROM suspensions p JOIN subcontracts s ON s.code = p.subcontract
          WHERE s.member = ?1 {and} ORDER BY p.subcontract, p.decided"
    ))?;
    let rows = st
        .query_map([member], suspension_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Sets the status (and bumps the version) if the row is still at `expected`.
pub fn set_subcontract_status(
    conn: &Connection,
    code: &str,
    status: crate::domain::SubContractStatus,
    expected: i64,
) -> Result<bool> {
    let n = conn.execute(
        "UPDATE subcontracts SET status = ?2, row_version = row_version + 1
          WHERE code = ?1 AND row_version = ?3",
        params![code, status.code(), expected],
    )?;
    Ok(n == 1)
}

/// A re-profile's change: units per month, value and the unit rate pinned, with one version
/// bump, if the row is still at `expected`.
pub fn reprofile_subcontract(
    conn: &Connection,
    code: &str,
    units: u32,
    value: rust_decimal::Decimal,
    unit_rate: rust_decimal::Decimal,
    expected: i64,
) -> Result<bool> {
    let n = conn.execute(
        "UPDATE subcontracts SET units_per_month = ?2, value = ?3, unit_rate = ?4,
                row_version = row_version + 1
          WHERE code = ?1 AND row_version = ?5",
        params![
            code,
            units,
            sql::plain(value),
            sql::plain(unit_rate),
            expected
        ],
    )?;
    Ok(n == 1)
}

/// Ends a sub-contract early at `end` with the `value` it keeps and its unit rate pinned, in
/// `status`, if the row is still at `expected` (a transfer of its remainder).
pub fn end_early(conn: &Connection, s: &SubContract, expected: i64) -> Result<bool> {
    let n = conn.execute(
        "UPDATE subcontracts SET end = ?2, value = ?3, unit_rate = ?4, status = ?5,
                row_version = row_version + 1
          WHERE code = ?1 AND row_version = ?6",
        params![
            s.code,
            sql::iso(s.end),
            sql::plain(s.value),
            s.unit_rate.map(sql::plain),
            s.status.code(),
            expected
        ],
    )?;
    Ok(n == 1)
}

/// Records where the remainder under the suspension decided on `decided` went.
pub fn mark_transferred(
    conn: &Connection,
    subcontract: &str,
    decided: chrono::NaiveDate,
    to: &str,
) -> Result<bool> {
    let n = conn.execute(
        "UPDATE suspensions SET transferred_to = ?3
          WHERE subcontract = ?1 AND decided = ?2 AND lifted IS NULL AND transferred_to IS NULL",
        params![subcontract, sql::iso(decided), to],
    )?;
    Ok(n == 1)
}

/// Bumps the version alone, for a change hanging off the sub-contract (a claim).
pub fn bump_subcontract_version(conn: &Connection, code: &str, expected: i64) -> Result<bool> {
    let n = conn.execute(
        "UPDATE subcontracts SET row_version = row_version + 1 WHERE code = ?1 AND row_version = ?2",
        params![code, expected],
    )?;
    Ok(n == 1)
}

/// Records that the suspension decided on `decided` was lifted on `lifted`.
pub fn lift_suspension(
    conn: &Connection,
    subcontract: &str,
    decided: chrono::NaiveDate,
    lifted: chrono::NaiveDate,
) -> Result<bool> {
    let n = conn.execute(
        "UPDATE suspensions SET lifted = ?3 WHERE subcontract = ?1 AND decided = ?2 AND lifted IS NULL",
        params![subcontract, sql::iso(decided), sql::iso(lifted)],
    )?;
    Ok(n == 1)
}

/// Sets the units target of the returns not yet submitted from `from` on; returns how many.
pub fn retarget_unsubmitted_returns(
    conn: &Connection,
    subcontract: &str,
    from: crate::dates::Period,
    units: u32,
) -> Result<usize> {
    Ok(conn.execute(
        "UPDATE monitoring_returns SET units_target = ?3
          WHERE subcontract = ?1 AND period >= ?2 AND submitted IS NULL",
        params![subcontract, from.to_string(), units],
    )?)
}
