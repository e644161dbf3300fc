//! The audit log cannot be quietly rewritten by someone who can only write the database file:
//! hashes are keyed with a secret kept beside it and each commit is sealed in a file beside it.
//! Editing a row, deleting rows from the end (or all of them), and re-chaining every hash are
//! each caught by `audit verify` (exit 6).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use hubboard::store::audit::{self, Row};

fn hubboard(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hubboard"))
        .arg("--db")
        .arg(db)
        .args(["--today", "2026-11-22"])
        .args(args)
        .env_remove("HUBBOARD_DB")
        .output()
        .unwrap()
}

/// A demo with six decisions after it, verified intact.
fn logged() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hub.db");
    assert!(hubboard(&db, &["demo"]).status.success());
    for _ in 0..3 {
        assert!(
            hubboard(&db, &["warn", "SC-0053", "--reason", "under profile"])
                .status
                .success()
        );
        assert!(
            hubboard(&db, &["warn", "SC-0053", "--clear", "--reason", "back"])
                .status
                .success()
        );
    }
    let v = hubboard(&db, &["audit", "verify"]);
    assert_eq!(
        v.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&v.stdout)
    );
    assert!(db.with_extension("db.key").exists() && db.with_extension("db.seal").exists());
    (dir, db)
}

/// Tampering as someone with the database file (not the key) would: triggers dropped first.
fn tamper(db: &Path, sql: &str) {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute_batch(
        "DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;",
    )
    .unwrap();
    conn.execute_batch(sql).unwrap();
}

fn verdict(db: &Path) -> (Option<i32>, String) {
    let o = hubboard(db, &["audit", "verify"]);
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
    )
}

/// Every row's hash recomputed, unkeyed, as someone who knows the algorithm but not the key.
fn rechain(db: &Path) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let rows: Vec<Row> = audit::list(&conn, None)
        .unwrap()
        .into_iter()
        .rev()
        .collect();
    let mut prev = audit::GENESIS.to_string();
    let mut sorted = rows;
    sorted.sort_by_key(|r| r.id);
    for mut r in sorted {
        r.prev_hash = prev.clone();
        r.hash = audit::unkeyed_hash(&r);
        conn.execute(
            "UPDATE audit_log SET prev_hash = ?1, hash = ?2 WHERE id = ?3",
            rusqlite::params![r.prev_hash, r.hash, r.id],
        )
        .unwrap();
        prev = r.hash;
    }
}

#[test]
fn an_edited_row_is_caught() {
    let (_dir, db) = logged();
    tamper(
        &db,
        "UPDATE audit_log SET actor = 'someone else' WHERE id = 3",
    );
    let (code, out) = verdict(&db);
    assert_eq!(code, Some(6), "{out}");
    assert!(out.contains("row 3"), "{out}");
}

#[test]
fn rows_deleted_from_the_end_or_all_of_them_are_caught() {
    let (_dir, db) = logged();
    tamper(&db, "DELETE FROM audit_log WHERE id > 5");
    let (code, out) = verdict(&db);
    assert_eq!(code, Some(6), "{out}");
    assert!(out.contains("deleted from its end"), "{out}");
    tamper(&db, "DELETE FROM audit_log");
    let (code, out) = verdict(&db);
    assert_eq!(code, Some(6), "{out}");
}

#[test]
fn a_log_re_chained_without_the_key_is_caught_even_without_its_seal() {
    let (_dir, db) = logged();
    tamper(
        &db,
        "UPDATE audit_log SET reason = 'nothing to see' WHERE id = 4",
    );
    rechain(&db);
    let (code, out) = verdict(&db);
    assert_eq!(code, Some(6), "{out}");
    assert!(out.contains("re-chained"), "{out}");
    // The seal removed as well: a keyed database without its seal is itself a finding.
    std::fs::remove_file(db.with_extension("db.seal")).unwrap();
    let (code, out) = verdict(&db);
    assert_eq!(code, Some(6), "{out}");
}
