//! Monthly returns one at a time: the row for a sub-contract's month, and writing a return into
//! it (filling the row that was waiting for it, or correcting one already in). The score cache's
//! triggers drop what a changed return invalidates.

use rusqlite::{Connection, OptionalExtension, params};

use super::sql;
use super::subcontracts::{RETURN_COLUMNS, return_from_row};
use crate::dates::Period;
use crate::domain::MonitoringReturn;
use crate::error::Result;

/// The return row for `subcontract`'s `period`, if there is one (in or still awaited).
pub fn get(
    conn: &Connection,
    subcontract: &str,
    period: Period,
) -> Result<Option<MonitoringReturn>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {RETURN_COLUMNS} FROM monitoring_returns WHERE subcontract = ?1 AND period = ?2"
        ))?
        .query_row(params![subcontract, period.to_string()], return_from_row)
        .optional()?)
}

/// Writes the return's reported figures into its row, which must exist.
pub fn update(conn: &Connection, m: &MonitoringReturn) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "UPDATE monitoring_returns SET submitted = ?3, units_delivered = ?4,
                 outcomes_achieved = ?5, milestones_met = ?6, spend = ?7, paid = ?8,
                 quality_grade = ?9, referrals = ?10
             WHERE subcontract = ?1 AND period = ?2",
        )?
        .execute(params![
            m.subcontract,
            m.period.to_string(),
            sql::opt_iso(m.submitted),
            m.units_delivered,
            m.outcomes_achieved,
            m.milestones_met,
            sql::plain(m.spend),
            sql::plain(m.paid),
            m.quality_grade,
            m.referrals
        ])?;
    Ok(n == 1)
}

/// Writes `m`: into its row if there is one, else as a new row.
pub fn put(conn: &Connection, m: &MonitoringReturn) -> Result<()> {
    if !update(conn, m)? {
        super::subcontracts::insert_return(conn, m)?;
    }
    Ok(())
}
