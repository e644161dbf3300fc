//! The totals kept by triggers — member capacity's commitments (migration 11), the active
//! sub-contracts' number and value by member (migration 13) and units delivered and targeted by
//! month (migration 14): paused for a bulk load, then added up once from the records, inside the
//! loading transaction, so they are never seen out of step.

use rusqlite::Connection;
use rusqlite::types::ValueRef;
use rust_decimal::Decimal;

use crate::dates::Period;
use crate::domain::risk_rules::ActiveTotals;
use crate::error::Result;

/// Pauses the triggers that keep the totals, for the rest of the caller's transaction (`resume`
/// must follow in it): a bulk load adds them up once instead of row by row.
pub fn pause(tx: &Connection, why: &str) -> Result<()> {
    tx.execute(
        "INSERT OR REPLACE INTO capacity_commitments_paused (why) VALUES (?1)",
        [why],
    )?;
    Ok(())
}

/// Adds the totals up again from the records and lets the triggers keep them once more.
pub fn resume(tx: &Connection) -> Result<()> {
    tx.execute_batch(
        "DELETE FROM capacity_commitments;
         INSERT INTO capacity_commitments (member, service_line, contracts, units)
             SELECT member, service_line, COUNT(*), SUM(units) FROM capacity_commitment_of
             GROUP BY member, service_line;
         DELETE FROM active_values;
         INSERT INTO active_values (member, contracts, pence, odd)
             SELECT member, 1, pence, odd FROM active_value_of WHERE true
         ON CONFLICT (member) DO UPDATE SET contracts = contracts + excluded.contracts,
             pence = pence + excluded.pence, odd = odd + excluded.odd;
         DELETE FROM delivery_months;
         INSERT INTO delivery_months (period, returns, delivered, target, odd)
             SELECT period, 1, delivered, target, odd FROM delivery_month_of WHERE true
         ON CONFLICT (period) DO UPDATE SET returns = returns + excluded.returns,
             delivered = delivered + excluded.delivered, target = target + excluded.target,
             odd = odd + excluded.odd;
         DELETE FROM capacity_commitments_paused;",
    )?;
    Ok(())
}

/// The active sub-contracts' totals as kept, or `None` while they cannot be read from the kept
/// pence exactly: a value written otherwise than as hubboard writes money, a sum past what an
/// integer holds, or the triggers paused.
pub fn active_totals(conn: &Connection) -> Result<Option<ActiveTotals>> {
    if paused(conn)? {
        return Ok(None);
    }
    let mut st = conn.prepare_cached("SELECT member, contracts, pence, odd FROM active_values")?;
    let mut q = st.query([])?;
    let mut totals = ActiveTotals::default();
    while let Some(r) = q.next()? {
        let whole = |i: usize| match r.get_ref(i) {
            Ok(ValueRef::Integer(n)) => Some(n),
            _ => None,
        };
        let (Some(contracts), Some(pence), Some(0)) = (whole(1), whole(2), whole(3)) else {
            return Ok(None);
        };
        let Ok(contracts) = usize::try_from(contracts) else {
            return Ok(None);
        };
        if contracts == 0 {
            continue;
        }
        let member: String = r.get(0)?;
        totals.add_member(&member, contracts, Decimal::new(pence, 2))?;
    }
    Ok(Some(totals))
}

/// (month, units delivered, units targeted) from `first` to `last` as kept, in month order, or
/// `None` while they cannot be read from the kept sums exactly: a return's units not both
/// integers, a sum past what an integer holds, or the triggers paused.
pub fn delivery_by_month(
    conn: &Connection,
    first: Period,
    last: Period,
) -> Result<Option<Vec<(Period, u64, u64)>>> {
    if paused(conn)? {
        return Ok(None);
    }
    let mut st = conn.prepare_cached(
        "SELECT period, delivered, target, odd FROM delivery_months
         WHERE period >= ?1 AND period <= ?2 AND returns > 0 ORDER BY period",
    )?;
    let mut q = st.query([first.to_string(), last.to_string()])?;
    let mut months = Vec::new();
    while let Some(r) = q.next()? {
        let whole = |i: usize| match r.get_ref(i) {
            Ok(ValueRef::Integer(n)) => u64::try_from(n).ok(),
            _ => None,
        };
        let (Some(delivered), Some(target), Some(0)) = (whole(1), whole(2), whole(3)) else {
            return Ok(None);
        };
        months.push((super::sql::period(r, 0)?, delivered, target));
    }
    Ok(Some(months))
}

fn paused(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM capacity_commitments_paused)",
        [],
        |r| r.get(0),
    )?)
}
