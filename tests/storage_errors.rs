//! A failure of the machine under the database — a full disk, a file that may not be written — is
//! said with the file it concerns and what to do, exits 4, and leaves the data exactly as it was.

use std::path::{Path, PathBuf};
use std::process::Command;

use hubboard::clock::Clock;
use hubboard::config::Config;
use hubboard::ops::warning::{Warn, WarnRequest};
use hubboard::ops::{Decider, Gate, Why};
use hubboard::store::{OpenMode, Store};

fn demo() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hub.db");
    let o = Command::new(env!("CARGO_BIN_EXE_hubboard"))
        .arg("--db")
        .arg(&db)
        .args(["--today", "2026-03-12", "demo"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    (dir, db)
}

fn count(db: &Path, table: &str) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

/// Raises an early warning on SC-0053 through the pipeline, on `store` as prepared by `setup`.
fn warn(db: &Path, setup: &str, reason: &str) -> hubboard::HubError {
    let mut store = Store::open(db, OpenMode::ReadWrite).unwrap();
    store.conn().execute_batch(setup).unwrap();
    let clock = Clock::fixed(chrono::NaiveDate::from_ymd_opt(2026, 3, 12).unwrap());
    let config = Config::default();
    let actor = hubboard::store::actor::current();
    let by = Decider::new(&clock, &actor, &config);
    let request = WarnRequest {
        subcontract: hubboard::domain::SubContractCode::new("SC-0053"),
    };
    let why = Why {
        reason: reason.into(),
        override_reason: None,
    };
    hubboard::ops::decide::<Warn>(&mut store, &Gate::read_write(), &by, &request, &why)
        .expect_err("the write should fail")
}

#[test]
fn a_full_disk_is_said_with_the_file_and_nothing_is_written() {
    let (_dir, db) = demo();
    let before = (count(&db, "early_warnings"), count(&db, "audit_log"));
    // The database may not grow by a page: SQLite reports it exactly as a full disk.
    let pages: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    let e = warn(
        &db,
        &format!("PRAGMA max_page_count = {pages}"),
        &"x".repeat(200_000),
    );
    let said = e.to_string();
    assert!(said.contains(&db.display().to_string()), "{said}");
    assert!(said.contains("the disk is full"), "{said}");
    assert!(said.contains("nothing was written"), "{said}");
    assert_eq!(e.exit_code(), 4);
    assert_eq!(
        (count(&db, "early_warnings"), count(&db, "audit_log")),
        before
    );
}

#[test]
fn a_database_that_may_not_be_written_is_said_with_the_file_and_the_login() {
    let (_dir, db) = demo();
    let before = count(&db, "audit_log");
    let e = warn(&db, "PRAGMA query_only = 1", "under profile");
    let said = e.to_string();
    let me = hubboard::store::actor::current();
    assert!(said.contains(&db.display().to_string()), "{said}");
    assert!(said.contains(&format!("{me} may not write it")), "{said}");
    assert_eq!(e.exit_code(), 4);
    assert_eq!(count(&db, "audit_log"), before);
}
