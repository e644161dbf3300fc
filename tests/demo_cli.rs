//! `hubboard demo` through the binary: it refuses to overwrite a database unless told to, and
//! writes the same consortium for the same seed and date.

use std::path::Path;
use std::process::{Command, Output};

fn demo(db: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hubboard"))
        .args(["demo", "--today", "2026-11-22", "--db"])
        .arg(db)
        .args(extra)
        .output()
        .unwrap()
}

fn count(db: &Path, table: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn demo_refuses_an_existing_database_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hub.db");
    let first = demo(&db, &[]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(String::from_utf8_lossy(&first.stdout).contains("members"));
    let returns = count(&db, "monitoring_returns");
    assert!(returns > 1_000);

    let again = demo(&db, &["--seed", "2"]);
    assert_eq!(again.status.code(), Some(1));
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(err.contains("--force"), "{err}");
    assert_eq!(
        count(&db, "monitoring_returns"),
        returns,
        "the refused run changed nothing"
    );
    assert_eq!(count(&db, "audit_log"), 1);
}

#[test]
fn demo_with_force_replaces_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hub.db");
    std::fs::write(&db, b"not a database at all").unwrap();
    let out = demo(&db, &["--force", "--seed", "3"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(count(&db, "audit_log"), 1);
    assert_eq!(count(&db, "risks"), 14);
}
