//! Who dates a decision: on a database begun on the system clock, `--today` and HUBBOARD_TODAY
//! shape views and dry runs only — a recorded decision with the date moved is refused (exit 5) and
//! writes nothing; `audit verify` finds a row back-dated by someone who forged the practice mark.
//! A practice database (begun with a set date) dates its decisions by that setting.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn hubboard(db: &Path, today: Option<&str>, args: &[&str]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_hubboard"));
    c.arg("--db")
        .arg(db)
        .env_remove("HUBBOARD_DB")
        .env_remove("HUBBOARD_TODAY");
    if let Some(t) = today {
        c.args(["--today", t]);
    }
    c.args(args).output().unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn demo(today: Option<&str>) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hub.db");
    let o = hubboard(&db, today, &["demo"]);
    assert!(o.status.success(), "{}", text(&o));
    (dir, db)
}

fn sql<T: rusqlite::types::FromSql>(db: &Path, q: &str) -> T {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(q, [], |r| r.get(0))
        .unwrap()
}

fn system_day() -> String {
    chrono::Utc::now().date_naive().to_string()
}

const WARN: &[&str] = &["warn", "SC-0053", "--reason", "under profile"];

#[test]
fn a_moved_date_cannot_date_a_decision_on_a_database_dated_by_the_system_clock() {
    let (_dir, db) = demo(None);
    let before: i64 = sql(&db, "SELECT COUNT(*) FROM audit_log");
    for today in ["2025-06-01", "2030-01-01"] {
        let o = hubboard(&db, Some(today), WARN);
        assert_eq!(o.status.code(), Some(5), "{}", text(&o));
        assert!(
            text(&o).contains("dated by the system clock"),
            "{}",
            text(&o)
        );
        assert!(text(&o).contains("nothing was written"), "{}", text(&o));
    }
    // The environment variable is the same setting.
    let o = Command::new(env!("CARGO_BIN_EXE_hubboard"))
        .arg("--db")
        .arg(&db)
        .args(WARN)
        .env("HUBBOARD_TODAY", "2025-06-01")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(5), "{}", text(&o));
    assert_eq!(sql::<i64>(&db, "SELECT COUNT(*) FROM audit_log"), before);
    assert_eq!(sql::<i64>(&db, "SELECT COUNT(*) FROM early_warnings"), 0);

    // A set date still shapes a dry run, which records nothing.
    let o = hubboard(&db, Some("2025-06-01"), &["warn", "SC-0053", "--dry-run"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("1 Jun 2025"), "{}", text(&o));

    // Without it, the decision is recorded on the system's date.
    let o = hubboard(&db, None, WARN);
    assert!(o.status.success(), "{}", text(&o));
    let at: String = sql(&db, "SELECT at FROM audit_log ORDER BY id DESC LIMIT 1");
    assert!(at.starts_with(&system_day()), "{at}");
    let v = hubboard(&db, None, &["audit", "verify"]);
    assert!(v.status.success(), "{}", text(&v));
    assert!(!text(&v).contains("practice"), "{}", text(&v));
}

#[test]
fn a_practice_database_dates_its_decisions_by_the_set_date_and_says_so() {
    let (_dir, db) = demo(Some("2026-03-12"));
    let o = hubboard(&db, Some("2026-03-12"), WARN);
    assert!(o.status.success(), "{}", text(&o));
    let at: String = sql(&db, "SELECT at FROM audit_log ORDER BY id DESC LIMIT 1");
    assert!(at.starts_with("2026-03-12"), "{at}");
    let v = hubboard(&db, None, &["audit", "verify"]);
    assert!(v.status.success(), "{}", text(&v));
    assert!(text(&v).contains("a practice database"), "{}", text(&v));
}

#[test]
fn a_forged_practice_mark_is_found_by_verify_once_removed_and_shown_while_kept() {
    let (_dir, db) = demo(None);
    let o = hubboard(&db, None, &["warn", "SC-0053", "--reason", "on time"]);
    assert!(o.status.success(), "{}", text(&o));
    // Someone with write access marks the database as practice to back-date a decision.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute(
        "INSERT INTO practice (one, first_date) VALUES (1, '2025-01-01')",
        [],
    )
    .unwrap();
    let o = hubboard(
        &db,
        Some("2025-06-01"),
        &["warn", "SC-0054", "--reason", "late"],
    );
    assert!(o.status.success(), "{}", text(&o));
    let v = hubboard(&db, None, &["audit", "verify"]);
    assert!(text(&v).contains("a practice database"), "{}", text(&v));
    // Removing the mark to cover it leaves a row dated before the one above it.
    conn.execute("DELETE FROM practice", []).unwrap();
    let v = hubboard(&db, None, &["audit", "verify"]);
    assert_eq!(v.status.code(), Some(6), "{}", text(&v));
    assert!(text(&v).contains("back-dated"), "{}", text(&v));
}
