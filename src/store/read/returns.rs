//! The returns worklist: monthly returns not yet in for sub-contracts on the performance pane
//! (active or suspended) — those past their due date, and those falling due this month.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use super::text::clean;
use crate::dates::Period;
use crate::error::Result;
use crate::store::sql;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Awaited {
    pub subcontract: String,
    pub member: String,
    pub member_name: String,
    pub period: Period,
    pub due: NaiveDate,
}

/// Overdue first (the longest overdue first), then due this month by date.
pub fn awaited(conn: &Connection, today: NaiveDate) -> Result<Vec<Awaited>> {
    let end_of_month = sql::iso(Period::containing(today).last_day());
    let mut st = conn.prepare(
        "SELECT r.subcontract, s.member, m.name, r.period, r.due
           FROM monitoring_returns r
           JOIN subcontracts s ON s.code = r.subcontract
           JOIN members m ON m.code = s.member
          WHERE r.submitted IS NULL AND r.due <= ?1
            -- The few returns awaited lead (their partial index), not every sub-contract's.
            AND +s.status IN ('active', 'suspended')
          ORDER BY r.due, r.subcontract",
    )?;
    let mut q = st.query([end_of_month])?;
    let mut out = Vec::new();
    while let Some(r) = q.next()? {
        out.push(Awaited {
            subcontract: clean(&r.get::<_, String>(0)?),
            member: clean(&r.get::<_, String>(1)?),
            member_name: clean(&r.get::<_, String>(2)?),
            period: sql::period(r, 3)?,
            due: sql::date(r, 4)?,
        });
    }
    Ok(out)
}
