//! Reading and writing the delivery plan a bid names (migration 005).

use rusqlite::{Connection, params};

use crate::domain::delivery_plan::PlanLine;
use crate::error::Result;

pub const PLAN_COLUMNS: &str = "opportunity, member, units_per_month";

/// The plan recorded for `opportunity`, in the order it was given (by member code when equal).
pub fn plan_of(conn: &Connection, opportunity: &str) -> Result<Vec<PlanLine>> {
    let mut st = conn.prepare_cached(
        "SELECT member, units_per_month FROM delivery_plans WHERE opportunity = ?1 ORDER BY member",
    )?;
    let rows = st
        .query_map([opportunity], |r| {
            Ok(PlanLine {
                member: r.get(0)?,
                units_per_month: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Replaces the plan for `opportunity` with `lines` (none: no plan).
pub fn set_plan(conn: &Connection, opportunity: &str, lines: &[PlanLine]) -> Result<()> {
    conn.execute(
        "DELETE FROM delivery_plans WHERE opportunity = ?1",
        [opportunity],
    )?;
    for l in lines {
        insert_line(conn, opportunity, l)?;
    }
    Ok(())
}

pub fn insert_line(conn: &Connection, opportunity: &str, l: &PlanLine) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO delivery_plans (opportunity, member, units_per_month) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![opportunity, l.member, l.units_per_month])?;
    Ok(())
}

/// The open opportunities whose plans name `member`, by code.
pub fn open_plans_naming(conn: &Connection, member: &str) -> Result<Vec<String>> {
    let mut st = conn.prepare_cached(
        "SELECT p.opportunity FROM delivery_plans p JOIN opportunities o ON o.code = p.opportunity
         WHERE p.member = ?1 AND o.stage IN ('identified', 'pre_qualification', 'invitation_to_tender', 'submitted')
         ORDER BY p.opportunity",
    )?;
    let rows = st
        .query_map([member], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
