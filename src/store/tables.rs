//! Whole tables by name, for export and import: every row of a table as stored, whether a key is
//! already present, and the settings an import's transaction needs. The exchange module decides
//! which tables and columns; this module only reads and checks.

use rusqlite::types::Value;
use rusqlite::{Connection, Transaction};

use crate::error::Result;

/// A read transaction, so several tables read one after another agree with each other.
pub fn consistent_read(conn: &Connection) -> Result<Transaction<'_>> {
    Ok(conn.unchecked_transaction()?)
}

/// Every row of `table` as stored, `columns` (comma-separated) in order, rows by `key`.
pub fn rows(
    conn: &Connection,
    table: &str,
    columns: &str,
    key: &[&str],
) -> Result<Vec<Vec<Value>>> {
    let n = columns.split(',').count();
    let sql = format!("SELECT {columns} FROM {table} ORDER BY {}", key.join(", "));
    let mut st = conn.prepare(&sql)?;
    let rows = st
        .query_map([], |r| (0..n).map(|i| r.get::<_, Value>(i)).collect())?
        .collect::<rusqlite::Result<Vec<Vec<Value>>>>()?;
    Ok(rows)
}

/// Hands each row of `table` to `each` in key order, one at a time (memory does not grow with
/// the table); returns how many there were.
pub fn each_row(
    conn: &Connection,
    table: &str,
    columns: &str,
    key: &[&str],
    each: &mut dyn FnMut(&[Value]) -> Result<()>,
) -> Result<usize> {
    let n = columns.split(',').count();
    let sql = format!("SELECT {columns} FROM {table} ORDER BY {}", key.join(", "));
    let mut st = conn.prepare(&sql)?;
    let mut q = st.query([])?;
    let mut row = Vec::with_capacity(n);
    let mut count = 0;
    while let Some(r) = q.next()? {
        row.clear();
        for i in 0..n {
            row.push(r.get::<_, Value>(i)?);
        }
        each(&row)?;
        count += 1;
    }
    Ok(count)
}

/// The query whether `table` holds a row whose `key` columns equal the parameters, in order.
pub fn key_query(table: &str, key: &[&str]) -> String {
    let condition: Vec<String> = key
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{c} = ?{}", i + 1))
        .collect();
    format!(
        "SELECT EXISTS (SELECT 1 FROM {table} WHERE {})",
        condition.join(" AND ")
    )
}

/// Whether a `key_query` finds its row.
pub fn exists(conn: &Connection, query: &str, values: &[String]) -> Result<bool> {
    Ok(conn
        .prepare_cached(query)?
        .query_row(rusqlite::params_from_iter(values), |r| r.get(0))?)
}

/// Lets rows refer to rows inserted later in the same transaction: foreign keys are checked at
/// commit instead of row by row.
pub fn defer_foreign_keys(tx: &Connection) -> Result<()> {
    tx.pragma_update(None, "defer_foreign_keys", true)?;
    Ok(())
}
