//! The summary strip's counts that come straight from the tables.

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::error::Result;
use crate::store::sql;

/// Returns past their due date and not yet in, of active and suspended sub-contracts.
pub fn overdue_returns(conn: &Connection, today: NaiveDate) -> Result<i64> {
    Ok(conn.query_row(
        // From the few returns awaited (their partial index), each then checked for its
        // sub-contract: not from every return of every sub-contract being delivered.
        "SELECT COUNT(*) FROM monitoring_returns r
          WHERE r.submitted IS NULL AND r.due < ?1
            AND EXISTS (SELECT 1 FROM subcontracts s
                         WHERE s.code = r.subcontract AND s.status IN ('active', 'suspended'))",
        [sql::iso(today)],
        |r| r.get(0),
    )?)
}

/// Open stored risks whose review date has passed (a generated risk is never overdue: it is
/// worked out afresh whenever it is read).
pub fn overdue_reviews(conn: &Connection, today: NaiveDate) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT COUNT(*) FROM risks WHERE status = 'open' AND review_date < ?1",
        [sql::iso(today)],
        |r| r.get(0),
    )?)
}
