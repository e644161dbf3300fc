//! The Board's consortium-wide delivery trend: units delivered and targeted per month.

use rusqlite::Connection;

use crate::dates::Period;
use crate::error::Result;
use crate::store::sql;

/// (month, units delivered, units targeted) over every submitted return of active and suspended
/// sub-contracts from `first` to `last`, in month order: as kept by the writes, else added up.
pub fn delivery_by_month(
    conn: &Connection,
    first: Period,
    last: Period,
) -> Result<Vec<(Period, u64, u64)>> {
    match crate::store::kept_totals::delivery_by_month(conn, first, last)? {
        Some(months) => Ok(months),
        None => delivery_by_month_of_records(conn, first, last),
    }
}

/// The same months added up from the returns themselves.
pub fn delivery_by_month_of_records(
    conn: &Connection,
    first: Period,
    last: Period,
) -> Result<Vec<(Period, u64, u64)>> {
    let mut st = conn.prepare(
        "SELECT r.period, SUM(r.units_delivered), SUM(r.units_target)
         FROM monitoring_returns r JOIN subcontracts s ON s.code = r.subcontract
         WHERE r.submitted IS NOT NULL AND s.status IN ('active', 'suspended')
           AND r.period >= ?1 AND r.period <= ?2
         GROUP BY r.period ORDER BY r.period",
    )?;
    let mut q = st.query([first.to_string(), last.to_string()])?;
    let mut out = Vec::new();
    while let Some(r) = q.next()? {
        out.push((sql::period(r, 0)?, sql::total(r, 1)?, sql::total(r, 2)?));
    }
    Ok(out)
}
