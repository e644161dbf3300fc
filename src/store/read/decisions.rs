//! The audit log as people read it: the dashboard's audit view and the Board's decisions slide.

use chrono::NaiveDate;
use rusqlite::Connection;

use super::text::clean_audit_row;
use crate::domain::EntityRef;
use crate::error::Result;
use crate::store::audit::{self, Row};

/// Every row, oldest first (`entity` narrows to one record), its words cleaned.
pub fn list(conn: &Connection, entity: Option<&EntityRef>) -> Result<Vec<Row>> {
    let mut rows = audit::list(conn, entity)?;
    rows.iter_mut().for_each(clean_audit_row);
    Ok(rows)
}

/// The rows recorded on or after `since`, oldest first.
pub fn since(conn: &Connection, since: NaiveDate) -> Result<Vec<Row>> {
    let since = crate::dates::iso(since);
    Ok(list(conn, None)?
        .into_iter()
        .filter(|r| r.at.as_str() >= since.as_str())
        .collect())
}
