//! `backup` taken while a colleague decides in a loop is whole and verifies; `restore` puts it
//! back (recording the restore), refuses a tampered file and a non-admin, and `--read-only`.

use std::path::Path;
use std::process::{Command, Output};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

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

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn a_backup_taken_during_a_write_loop_restores_and_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hub.db");
    assert!(hubboard(&db, &["demo"]).status.success());
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (db, stop) = (db.clone(), Arc::clone(&stop));
        std::thread::spawn(move || {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                let args: &[&str] = if n % 2 == 0 {
                    &["warn", "SC-0053", "--reason", "under profile"]
                } else {
                    &["warn", "SC-0053", "--clear", "--reason", "back on profile"]
                };
                assert!(hubboard(&db, args).status.success());
                n += 1;
            }
            n
        })
    };
    let mut backups = Vec::new();
    for i in 0..3 {
        std::thread::sleep(std::time::Duration::from_millis(150));
        let b = dir.path().join(format!("backup-{i}.db"));
        let o = hubboard(&db, &["backup", b.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
        assert!(text(&o).contains("audit log intact"), "{}", text(&o));
        backups.push(b);
    }
    stop.store(true, Ordering::Relaxed);
    let decisions = writer.join().unwrap();
    println!("{decisions} decisions written while 3 backups were taken");
    // A backup restores into place and verifies; the restore is on its log.
    let o = hubboard(
        &db,
        &["restore", backups[2].to_str().unwrap(), "--reason", "drill"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(hubboard(&db, &["audit", "verify"]).status.success());
    let log = text(&hubboard(&db, &["audit", "log"]));
    assert!(
        log.lines().last().unwrap_or("").contains("restore"),
        "{log}"
    );
    // A backup refuses to overwrite a file.
    let o = hubboard(&db, &["backup", backups[0].to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn restore_refuses_a_tampered_backup_and_read_only_sessions() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hub.db");
    assert!(hubboard(&db, &["demo"]).status.success());
    assert!(
        hubboard(&db, &["warn", "SC-0053", "--reason", "x"])
            .status
            .success()
    );
    let b = dir.path().join("b.db");
    assert!(
        hubboard(&db, &["backup", b.to_str().unwrap()])
            .status
            .success()
    );
    {
        let conn = rusqlite::Connection::open(&b).unwrap();
        conn.execute_batch(
            "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET reason = 'edited' WHERE id = 2;",
        )
        .unwrap();
    }
    let before = std::fs::read(&db).unwrap();
    let o = hubboard(&db, &["restore", b.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("audit log broken"), "{}", text(&o));
    assert_eq!(std::fs::read(&db).unwrap(), before, "the database changed");
    let o = hubboard(&db, &["--read-only", "restore", b.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(5), "{}", text(&o));
}
