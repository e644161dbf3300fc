//! Reading and writing early-warning flags and improvement-plan actions (migration 004).

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::sql;
use crate::domain::improvement::{EarlyWarning, ImprovementAction};
use crate::error::Result;

pub const WARNING_COLUMNS: &str =
    "id, subcontract, raised, raised_by, reason, cleared, cleared_by, cleared_reason";

fn warning_from_row(r: &Row) -> rusqlite::Result<EarlyWarning> {
    Ok(EarlyWarning {
        id: r.get(0)?,
        subcontract: r.get(1)?,
        raised: sql::date(r, 2)?,
        raised_by: r.get(3)?,
        reason: r.get(4)?,
        cleared: sql::opt_date(r, 5)?,
        cleared_by: r.get(6)?,
        cleared_reason: r.get(7)?,
    })
}

/// Inserts a new open flag and returns it with its id.
pub fn insert_warning(
    conn: &Connection,
    subcontract: &str,
    raised: NaiveDate,
    raised_by: &str,
    reason: &str,
) -> Result<EarlyWarning> {
    conn.execute(
        "INSERT INTO early_warnings (subcontract, raised, raised_by, reason) VALUES (?1, ?2, ?3, ?4)",
        params![subcontract, sql::iso(raised), raised_by, reason],
    )?;
    Ok(EarlyWarning {
        id: conn.last_insert_rowid(),
        subcontract: subcontract.to_string(),
        raised,
        raised_by: raised_by.to_string(),
        reason: reason.to_string(),
        cleared: None,
        cleared_by: None,
        cleared_reason: None,
    })
}

/// A sub-contract's flags, oldest first (open and cleared).
pub fn flags_of(conn: &Connection, subcontract: &str) -> Result<Vec<EarlyWarning>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {WARNING_COLUMNS} FROM early_warnings WHERE subcontract = ?1 ORDER BY id"
    ))?;
    let rows = st
        .query_map([subcontract], warning_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The sub-contract's open flag, if it has one.
pub fn open_flag(conn: &Connection, subcontract: &str) -> Result<Option<EarlyWarning>> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT {WARNING_COLUMNS} FROM early_warnings WHERE subcontract = ?1 AND cleared IS NULL"
            ),
            [subcontract],
            warning_from_row,
        )
        .optional()?)
}

/// Every open flag in the consortium, oldest first.
pub fn open_flags(conn: &Connection) -> Result<Vec<EarlyWarning>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {WARNING_COLUMNS} FROM early_warnings WHERE cleared IS NULL ORDER BY raised, id"
    ))?;
    let rows = st
        .query_map([], warning_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Clears flag `id` if it is still open; false if it was already cleared.
pub fn clear_warning(
    conn: &Connection,
    id: i64,
    cleared: NaiveDate,
    by: &str,
    reason: &str,
) -> Result<bool> {
    let n = conn.execute(
        "UPDATE early_warnings SET cleared = ?2, cleared_by = ?3, cleared_reason = ?4
          WHERE id = ?1 AND cleared IS NULL",
        params![id, sql::iso(cleared), by, reason],
    )?;
    Ok(n == 1)
}

pub const ACTION_COLUMNS: &str = "id, subcontract, action, owner, due, raised, raised_by, reason, completed, completed_by, completion_reason";

fn action_from_row(r: &Row) -> rusqlite::Result<ImprovementAction> {
    Ok(ImprovementAction {
        id: r.get(0)?,
        subcontract: r.get(1)?,
        action: r.get(2)?,
        owner: r.get(3)?,
        due: sql::date(r, 4)?,
        raised: sql::date(r, 5)?,
        raised_by: r.get(6)?,
        reason: r.get(7)?,
        completed: sql::opt_date(r, 8)?,
        completed_by: r.get(9)?,
        completion_reason: r.get(10)?,
    })
}

/// Inserts an action (its `id` is ignored) and returns it with the id the store gave it.
pub fn insert_action(conn: &Connection, a: &ImprovementAction) -> Result<ImprovementAction> {
    conn.execute(
        "INSERT INTO improvement_actions
            (subcontract, action, owner, due, raised, raised_by, reason, completed, completed_by, completion_reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            a.subcontract,
            a.action,
            a.owner,
            sql::iso(a.due),
            sql::iso(a.raised),
            a.raised_by,
            a.reason,
            sql::opt_iso(a.completed),
            a.completed_by,
            a.completion_reason
        ],
    )?;
    Ok(ImprovementAction {
        id: conn.last_insert_rowid(),
        ..a.clone()
    })
}

/// A sub-contract's improvement actions, by due date (then the order they were added).
pub fn actions_of(conn: &Connection, subcontract: &str) -> Result<Vec<ImprovementAction>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {ACTION_COLUMNS} FROM improvement_actions WHERE subcontract = ?1 ORDER BY due, id"
    ))?;
    let rows = st
        .query_map([subcontract], action_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn get_action(conn: &Connection, id: i64) -> Result<Option<ImprovementAction>> {
    Ok(conn
        .query_row(
            &format!("SELECT {ACTION_COLUMNS} FROM improvement_actions WHERE id = ?1"),
            [id],
            action_from_row,
        )
        .optional()?)
}

/// Marks action `id` done if it is still open; false if it was already done.
pub fn complete_action(
    conn: &Connection,
    id: i64,
    completed: NaiveDate,
    by: &str,
    reason: &str,
) -> Result<bool> {
    let n = conn.execute(
        "UPDATE improvement_actions SET completed = ?2, completed_by = ?3, completion_reason = ?4
          WHERE id = ?1 AND completed IS NULL",
        params![id, sql::iso(completed), by, reason],
    )?;
    Ok(n == 1)
}
