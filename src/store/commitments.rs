//! Member capacity's kept commitments (migration 11): paused for a bulk load, then added up once
//! from the records, inside the loading transaction, so they are never seen out of step.

use rusqlite::Connection;

use crate::error::Result;

/// Pauses the triggers that keep the commitments, for the rest of the caller's transaction
/// (`resume` must follow in it): a bulk load adds them up once instead of row by row.
pub fn pause(tx: &Connection, why: &str) -> Result<()> {
    tx.execute(
        "INSERT OR REPLACE INTO capacity_commitments_paused (why) VALUES (?1)",
        [why],
    )?;
    Ok(())
}

/// Adds the commitments up again from the records and lets the triggers keep them once more.
pub fn resume(tx: &Connection) -> Result<()> {
    tx.execute_batch(
        "DELETE FROM capacity_commitments;
         INSERT INTO capacity_commitments (member, service_line, contracts, units)
             SELECT member, service_line, COUNT(*), SUM(units) FROM capacity_commitment_of
             GROUP BY member, service_line;
         DELETE FROM capacity_commitments_paused;",
    )?;
    Ok(())
}
