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

#[test]
fn demo_force_stopped_at_any_moment_leaves_a_whole_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hub.db");
    assert!(demo(&db, &[]).status.success());
    let mut landed = 0;
    for i in 0..30u64 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_hubboard"))
            .args(["demo", "--today", "2026-11-22", "--force", "--seed"])
            .arg((i % 3 + 1).to_string())
            .arg("--db")
            .arg(&db)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Stopped at a different moment each time, from before it starts to after it ends.
        std::thread::sleep(std::time::Duration::from_millis(i * 4));
        let _ = child.kill();
        let status = child.wait().unwrap();
        landed += usize::from(status.success());
        let conn = rusqlite::Connection::open(&db).unwrap();
        let ok: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok", "after a stop at {} ms", i * 4);
        drop(conn);
        assert_eq!(count(&db, "members"), 50, "after a stop at {} ms", i * 4);
        assert_eq!(count(&db, "audit_log"), 1);
        let verify = Command::new(env!("CARGO_BIN_EXE_hubboard"))
            .args(["audit", "verify", "--db"])
            .arg(&db)
            .output()
            .unwrap();
        assert!(verify.status.success(), "{verify:?}");
    }
    println!("{landed} of 30 runs finished before the stop");
    // Nothing is left beside the database but its own side files, its audit key and seal.
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        assert!(
            name == "hub.db"
                || name.ends_with("-wal")
                || name.ends_with("-shm")
                || name.ends_with(".key")
                || name.ends_with(".seal")
                || name.ends_with(".building"),
            "{name}"
        );
    }
}
