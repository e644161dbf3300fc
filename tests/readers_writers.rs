//! Readers never wait for writers: while a colleague holds the write lock (a long import, a
//! decision being committed), every look works at once, and a look that would keep the score
//! cache works the scores out in memory instead of waiting.

use std::path::Path;
use std::process::{Command, Output};

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

#[test]
fn every_look_works_while_a_colleague_holds_the_write_lock() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hub.db");
    assert!(hubboard(&db, &["demo"]).status.success());
    // The colleague: a write transaction held open for the whole test.
    let colleague = rusqlite::Connection::open(&db).unwrap();
    colleague
        .execute_batch("BEGIN IMMEDIATE; UPDATE members SET staff = staff + 1 WHERE code = 'KN01';")
        .unwrap();
    let out_dir = dir.path().join("export");
    let pack = dir.path().join("pack.md");
    let looks: Vec<Vec<&str>> = vec![
        vec!["triage"],
        vec!["triage", "--format", "json"],
        vec!["risks"],
        vec!["audit", "verify"],
        vec!["audit", "log"],
        vec!["snapshot", "--pane", "performance"],
        vec!["export", out_dir.to_str().unwrap()],
        vec!["report", "--format", "md", "--out", pack.to_str().unwrap()],
        vec!["ledger", "OP-001"],
        vec!["users", "list"],
    ];
    for args in &looks {
        let start = std::time::Instant::now();
        let o = hubboard(&db, args);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{args:?} during a held write lock: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        println!("{args:?}: {:?}", start.elapsed());
    }
    // The colleague's change was never seen half-done, and commits as usual afterwards.
    colleague.execute_batch("COMMIT").unwrap();
    assert!(hubboard(&db, &["audit", "verify"]).status.success());
}

#[test]
fn a_decision_waiting_for_the_lock_names_who_holds_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hub.db");
    assert!(hubboard(&db, &["demo"]).status.success());
    // The colleague: the sqlite3 shell, holding a write transaction open.
    let mut shell = Command::new("sqlite3")
        .arg(&db)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("the sqlite3 shell is needed (apt install sqlite3)");
    use std::io::Write;
    let mut input = shell.stdin.take().unwrap();
    writeln!(
        input,
        "BEGIN IMMEDIATE; UPDATE members SET staff = staff + 1;"
    )
    .unwrap();
    input.flush().unwrap();
    let probe = rusqlite::Connection::open(&db).unwrap();
    let held = (0..100).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(50));
        probe.execute_batch("BEGIN IMMEDIATE; ROLLBACK;").is_err()
    });
    assert!(held, "the shell never took the write lock");
    let o = hubboard(&db, &["warn", "SC-0053", "--reason", "under profile"]);
    drop(input);
    let _ = shell.wait();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{err}");
    let me = hubboard::store::actor::current();
    assert!(
        err.contains(&format!("{me} (sqlite3, process {})", shell.id())),
        "{err}"
    );
    let n: i64 = probe
        .query_row("SELECT COUNT(*) FROM early_warnings", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 0);
}
