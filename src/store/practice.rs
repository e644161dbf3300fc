//! Which clock dates a database's decisions. A database whose first audit row was written with a
//! set date (`--today`, HUBBOARD_TODAY, a test's clock) is a practice database: its decisions are
//! dated by that setting, so demonstrations and tests are reproducible. Every other database's
//! decisions are dated by the system clock, and a recorded change there with the date moved is
//! refused, so nobody can back-date (or forward-date) a decision.

use rusqlite::{Connection, OptionalExtension};

use crate::clock::Clock;
use crate::dates::display;
use crate::error::{HubError, Result};

/// Whether this database dates its decisions by a set date. A database from before practice
/// databases existed is not one.
pub fn is_practice(conn: &Connection) -> Result<bool> {
    let found: rusqlite::Result<Option<i64>> = conn
        .query_row("SELECT one FROM practice", [], |r| r.get(0))
        .optional();
    match found {
        Ok(row) => Ok(row.is_some()),
        Err(rusqlite::Error::SqliteFailure(_, Some(m))) if m.contains("no such table") => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Called as each audit row is about to be written, inside its transaction: the first row written
/// with a set date makes the database a practice one; afterwards a moved date is refused on any
/// other database.
pub fn check_dating(conn: &Connection, clock: &Clock, first_row: bool) -> Result<()> {
    if first_row && clock.is_set() {
        conn.execute(
            "INSERT OR IGNORE INTO practice (one, first_date) VALUES (1, ?1)",
            [clock.today().to_string()],
        )?;
        return Ok(());
    }
    if !clock.is_moved() || is_practice(conn)? {
        return Ok(());
    }
    Err(HubError::NotPermitted(format!(
        "decisions on this database are dated by the system clock ({}); a set date ({}, from \
         --today or HUBBOARD_TODAY) only shapes what is shown and dry runs. Run it again without \
         --today; nothing was written",
        display(chrono::Utc::now().date_naive()),
        display(clock.today()),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;
    use chrono::NaiveDate;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_first_row_with_a_set_date_makes_a_practice_database() {
        let store = Store::open_in_memory().unwrap();
        let set = Clock::fixed(day("2020-01-01"));
        assert!(!is_practice(store.conn()).unwrap());
        check_dating(store.conn(), &set, true).unwrap();
        assert!(is_practice(store.conn()).unwrap());
        // Later rows may then be dated by any set date.
        check_dating(store.conn(), &Clock::fixed(day("2019-06-01")), false).unwrap();
    }

    #[test]
    fn a_database_begun_on_the_system_clock_refuses_a_moved_date() {
        let store = Store::open_in_memory().unwrap();
        check_dating(store.conn(), &Clock::system(), true).unwrap();
        assert!(!is_practice(store.conn()).unwrap());
        check_dating(store.conn(), &Clock::system(), false).unwrap();
        let e = check_dating(store.conn(), &Clock::fixed(day("2020-01-01")), false).unwrap_err();
        assert_eq!(e.exit_code(), 5);
        assert!(e.to_string().contains("1 Jan 2020"), "{e}");
        // Setting the date to the system's own day changes nothing and is allowed.
        let same = Clock::fixed(chrono::Utc::now().date_naive());
        check_dating(store.conn(), &same, false).unwrap();
    }
}
