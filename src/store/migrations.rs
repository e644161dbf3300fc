//! Numbered schema migrations, applied in order at open and recorded in `PRAGMA user_version`.

use std::path::Path;

use rusqlite::Connection;

use crate::error::{HubError, Result};

/// Migration N is `MIGRATIONS[N-1]`; append only, never edit a released one.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/001_initial.sql"),
    include_str!("migrations/002_scores.sql"),
    include_str!("migrations/003_improvement_and_warnings.sql"),
    include_str!("migrations/004_prime_contracts.sql"),
    include_str!("migrations/005_case_work.sql"),
    include_str!("migrations/006_users.sql"),
    include_str!("migrations/007_practice.sql"),
    include_str!("migrations/008_ocds.sql"),
    include_str!("migrations/009_pane_facts.sql"),
    include_str!("migrations/010_assessment_days.sql"),
    include_str!("migrations/011_pane_pages.sql"),
    include_str!("migrations/012_tender_page.sql"),
    include_str!("migrations/013_active_values.sql"),
    include_str!("migrations/014_delivery_months.sql"),
    include_str!("migrations/015_under_performing.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

pub fn user_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Refuses a database from a newer build; otherwise reports whether migrations are pending.
pub fn check_version(conn: &Connection, path: &Path) -> Result<bool> {
    let found = user_version(conn)?;
    if found > SCHEMA_VERSION {
        return Err(HubError::SchemaTooNew {
            path: path.to_path_buf(),
            found,
            known: SCHEMA_VERSION,
        });
    }
    Ok(found < SCHEMA_VERSION)
}

/// Applies every pending migration, each in its own transaction with its version bump.
pub fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    if !check_version(conn, path)? {
        return Ok(());
    }
    let found = user_version(conn)?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // Another process may have migrated while we waited for the write lock.
        let now: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if now > i as i64 {
            tx.commit()?;
            continue;
        }
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}
