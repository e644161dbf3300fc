//! The keys an import has read so far, kept in a private temporary database rather than in
//! memory, so checking a file of millions of rows for duplicates costs a bounded page cache.
//! It lives as long as the check and is deleted with it; the store is never touched.

use rusqlite::{Connection, OptionalExtension, params};

use crate::error::Result;

pub struct Scratch {
    conn: Connection,
}

/// Separates the columns of a key of several columns.
const KEY_SEPARATOR: &str = "\u{1f}";

/// A row's key as one text: its columns joined.
pub fn key_text(key: &[String]) -> String {
    key.join(KEY_SEPARATOR)
}

impl Scratch {
    pub fn new() -> Result<Self> {
        // An empty name opens a private database in a temporary file, removed on close.
        let conn = Connection::open("")?;
        conn.execute_batch(
            "PRAGMA journal_mode = OFF;
             PRAGMA synchronous = OFF;
             CREATE TABLE seen (
                 tbl TEXT NOT NULL, key TEXT NOT NULL, at TEXT NOT NULL,
                 PRIMARY KEY (tbl, key)
             ) WITHOUT ROWID;
             BEGIN;",
        )?;
        Ok(Scratch { conn })
    }

    /// Notes `key` of `table` as read `at`; where it was first read if it was read before.
    pub fn first_seen(&self, table: &str, key: &str, at: &str) -> Result<Option<String>> {
        let added = self
            .conn
            .prepare_cached("INSERT INTO seen VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING")?
            .execute(params![table, key, at])?;
        if added == 1 {
            return Ok(None);
        }
        Ok(self
            .conn
            .prepare_cached("SELECT at FROM seen WHERE tbl = ?1 AND key = ?2")?
            .query_row(params![table, key], |r| r.get(0))
            .optional()?)
    }

    /// Whether a row of `table` with this key has been read.
    pub fn has(&self, table: &str, key: &str) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM seen WHERE tbl = ?1 AND key = ?2)")?
            .query_row(params![table, key], |r| r.get(0))?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_read_twice_says_where_it_was_first_read() {
        let s = Scratch::new().unwrap();
        let key = key_text(&["SC1".into(), "2026-03".into()]);
        assert_eq!(s.first_seen("r", &key, "r.csv line 2").unwrap(), None);
        assert_eq!(
            s.first_seen("r", &key, "r.csv line 9").unwrap().as_deref(),
            Some("r.csv line 2")
        );
        assert!(s.has("r", &key).unwrap());
        assert!(!s.has("members", &key).unwrap());
        // Columns are kept apart: ("SC", "12026-03") is another key.
        assert_eq!(
            s.first_seen("r", &key_text(&["SC".into(), "12026-03".into()]), "x")
                .unwrap(),
            None
        );
    }
}
