//! Reading and writing commissioners and tender opportunities.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::sql;
use crate::domain::{Commissioner, Opportunity};
use crate::error::Result;

pub const COMMISSIONER_COLUMNS: &str = "code, name, kind";

fn commissioner_from_row(r: &Row) -> rusqlite::Result<Commissioner> {
    Ok(Commissioner {
        code: r.get(0)?,
        name: r.get(1)?,
        kind: r.get(2)?,
    })
}

pub fn insert_commissioner(conn: &Connection, c: &Commissioner) -> Result<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO commissioners ({COMMISSIONER_COLUMNS}) VALUES (?1, ?2, ?3)"
    ))?
    .execute(params![c.code, c.name, c.kind])?;
    Ok(())
}

pub fn load_commissioners(conn: &Connection) -> Result<Vec<Commissioner>> {
    let mut st = conn.prepare(&format!(
        "SELECT {COMMISSIONER_COLUMNS} FROM commissioners ORDER BY code"
    ))?;
    let rows = st
        .query_map([], commissioner_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub const OPPORTUNITY_COLUMNS: &str = "code, title, commissioner, service_line, kind, stage, deadline, value, duration_months, payment_model, top_slice_pct, bid_score, decision, decision_reason, award_route, row_version";

pub fn opportunity_from_row(r: &Row) -> rusqlite::Result<Opportunity> {
    Ok(Opportunity {
        code: r.get(0)?,
        title: r.get(1)?,
        commissioner: r.get(2)?,
        service_line: r.get(3)?,
        kind: sql::code(r, 4)?,
        stage: sql::code(r, 5)?,
        deadline: sql::date(r, 6)?,
        value: sql::money(r, 7)?,
        duration_months: r.get(8)?,
        payment_model: sql::code(r, 9)?,
        top_slice_pct: sql::percentage(r, 10)?,
        bid_score: r.get(11)?,
        decision: sql::opt_code(r, 12)?,
        decision_reason: r.get(13)?,
        award_route: sql::opt_code(r, 14)?,
        row_version: r.get(15)?,
    })
}

pub fn insert_opportunity(conn: &Connection, o: &Opportunity) -> Result<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO opportunities ({OPPORTUNITY_COLUMNS})
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)"
    ))?
    .execute(params![
        o.code,
        o.title,
        o.commissioner,
        o.service_line,
        o.kind.code(),
        o.stage.code(),
        sql::iso(o.deadline),
        sql::plain(o.value),
        o.duration_months,
        o.payment_model.code(),
        sql::pct(o.top_slice_pct),
        o.bid_score,
        o.decision.map(|d| d.code()),
        o.decision_reason,
        o.award_route.map(|a| a.code()),
        o.row_version
    ])?;
    Ok(())
}

pub fn load_opportunities(conn: &Connection) -> Result<Vec<Opportunity>> {
    let mut st = conn.prepare(&format!(
        "SELECT {OPPORTUNITY_COLUMNS} FROM opportunities ORDER BY code"
    ))?;
    let rows = st
        .query_map([], opportunity_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn get_opportunity(conn: &Connection, code: &str) -> Result<Option<Opportunity>> {
    Ok(conn
        .query_row(
            &format!("SELECT {OPPORTUNITY_COLUMNS} FROM opportunities WHERE code = ?1"),
            [code],
            opportunity_from_row,
        )
        .optional()?)
}

/// Sets the gross value (a contract variation) and bumps the version, if the row is still at
/// `expected`.
pub fn set_value(
    conn: &Connection,
    code: &str,
    value: rust_decimal::Decimal,
    expected: i64,
) -> Result<bool> {
    let n = conn.execute(
        "UPDATE opportunities SET value = ?2, row_version = row_version + 1
          WHERE code = ?1 AND row_version = ?3",
        rusqlite::params![code, super::sql::plain(value), expected],
    )?;
    Ok(n == 1)
}

/// Writes the stage and what a win settles (value, top slice, payment model, duration), bumping
/// the version, if the row is still at `expected`.
pub fn advance(conn: &Connection, o: &crate::domain::Opportunity, expected: i64) -> Result<bool> {
    let n = conn.execute(
        "UPDATE opportunities SET stage = ?2, value = ?3, top_slice_pct = ?4, payment_model = ?5,
                duration_months = ?6, row_version = row_version + 1
          WHERE code = ?1 AND row_version = ?7",
        rusqlite::params![
            o.code,
            o.stage.code(),
            super::sql::plain(o.value),
            super::sql::pct(o.top_slice_pct),
            o.payment_model.code(),
            o.duration_months,
            expected
        ],
    )?;
    Ok(n == 1)
}

/// Writes an opportunity's details as `o` has them (not its stage, bid or route), if it is still
/// at `expected`; bumps its version.
pub fn update_opportunity(
    conn: &Connection,
    o: &crate::domain::Opportunity,
    expected: i64,
) -> Result<bool> {
    let n = conn.execute(
        "UPDATE opportunities SET title = ?2, commissioner = ?3, service_line = ?4, kind = ?5,
                deadline = ?6, value = ?7, duration_months = ?8, payment_model = ?9,
                top_slice_pct = ?10, row_version = row_version + 1
          WHERE code = ?1 AND row_version = ?11",
        rusqlite::params![
            o.code,
            o.title,
            o.commissioner,
            o.service_line,
            o.kind.code(),
            super::sql::iso(o.deadline),
            super::sql::plain(o.value),
            o.duration_months,
            o.payment_model.code(),
            super::sql::pct(o.top_slice_pct),
            expected
        ],
    )?;
    Ok(n == 1)
}

/// Records the bid/no-bid screen's score and decision with its reason, bumping the version, if
/// the row is still at `expected`.
pub fn set_bid(
    conn: &Connection,
    code: &str,
    score: u8,
    decision: crate::domain::BidDecision,
    reason: &str,
    expected: i64,
) -> Result<bool> {
    let n = conn.execute(
        "UPDATE opportunities SET bid_score = ?2, decision = ?3, decision_reason = ?4,
                row_version = row_version + 1
          WHERE code = ?1 AND row_version = ?5",
        rusqlite::params![code, score, decision.code(), reason, expected],
    )?;
    Ok(n == 1)
}
