//! Roles through the binary: the creator of a database is its first admin; an admin grants and
//! revokes; a viewer's decision and an officer's override are refused (exit 1) with the attempt
//! recorded in the audit log; the last admin cannot be removed.

use std::path::{Path, PathBuf};
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

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn login() -> String {
    hubboard::store::actor::current()
}

fn new_demo() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hub.db");
    let o = hubboard(&db, &["demo"]);
    assert!(o.status.success(), "{}", text(&o));
    (dir, db)
}

fn last_audit(db: &Path) -> (String, String, String) {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(
        "SELECT actor, action, COALESCE(reason, '') FROM audit_log ORDER BY id DESC LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .unwrap()
}

fn rows(db: &Path, table: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn the_creator_is_the_first_admin_and_a_viewer_is_refused_with_the_attempt_recorded() {
    let (_dir, db) = new_demo();
    let me = login();
    let list = text(&hubboard(&db, &["users", "list"]));
    assert!(list.contains(&me) && list.contains("admin"), "{list}");
    // The only admin cannot step down until another is named.
    let o = hubboard(&db, &["users", "grant", &me, "viewer"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("only admin"));
    for (who, role) in [("alice", "admin"), ("bob", "officer")] {
        let o = hubboard(&db, &["users", "grant", who, role, "--reason", "new staff"]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
        assert_eq!(last_audit(&db).1, "user_grant");
    }
    let o = hubboard(
        &db,
        &[
            "users",
            "grant",
            &me,
            "viewer",
            "--reason",
            "moved to finance",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));

    // A viewer's decision: refused, nothing changed but the record of the attempt.
    let warnings = rows(&db, "early_warnings");
    let audit = rows(&db, "audit_log");
    let o = hubboard(&db, &["warn", "SC-0053", "--reason", "under profile"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("viewer"), "{}", text(&o));
    assert_eq!(rows(&db, "early_warnings"), warnings);
    assert_eq!(rows(&db, "audit_log"), audit + 1);
    let (actor, action, reason) = last_audit(&db);
    assert_eq!((actor.as_str(), action.as_str()), (me.as_str(), "refused"));
    assert!(reason.contains("warn"), "{reason}");
    // Nor may a viewer manage users or replace the database.
    let o = hubboard(&db, &["users", "grant", &me, "admin"]);
    assert_eq!(o.status.code(), Some(1));
    let o = hubboard(&db, &["demo", "--force"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert_eq!(last_audit(&db).1, "refused");
    // Looking still works.
    assert!(hubboard(&db, &["triage"]).status.success());
    assert!(hubboard(&db, &["audit", "verify"]).status.success());
}

#[test]
fn an_officer_decides_but_only_an_admin_overrides_a_failed_check() {
    let (_dir, db) = new_demo();
    let me = login();
    assert!(
        hubboard(&db, &["users", "grant", "alice", "admin"])
            .status
            .success()
    );
    assert!(
        hubboard(&db, &["users", "grant", &me, "officer"])
            .status
            .success()
    );
    let o = hubboard(&db, &["warn", "SC-0053", "--reason", "under profile"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    // An award beyond the member's headroom fails a check: an override takes an admin.
    let award = [
        "award",
        "--opportunity",
        "OP-016",
        "--member",
        "KN03",
        "--value",
        "1000",
        "--start",
        "2027-01-01",
        "--end",
        "2027-12-31",
        "--units",
        "999",
        "--reason",
        "test",
        "--override-reason",
        "Board minute 9",
    ];
    let before = rows(&db, "subcontracts");
    let o = hubboard(&db, &award);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("overriding a failed check"),
        "{}",
        text(&o)
    );
    assert_eq!(rows(&db, "subcontracts"), before);
    assert_eq!(last_audit(&db).1, "refused");
    // Revoked, the officer may only look.
    let o = hubboard(&db, &["users", "revoke", &me]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "an officer manages no users: {}",
        text(&o)
    );
}

#[test]
fn a_database_with_no_roles_is_open_until_the_first_grant() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("open.db");
    // Built by the library (as a database from before roles): nobody recorded.
    {
        let mut store =
            hubboard::store::Store::open(&db, hubboard::store::OpenMode::ReadWrite).unwrap();
        let opts = hubboard::demo::DemoOptions {
            size: hubboard::demo::Size::Small,
            seed: 1,
            today: chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
        };
        let clock = hubboard::clock::Clock::fixed(opts.today);
        hubboard::demo::generate(&mut store, &opts, &clock, "tester", &mut |_| {}).unwrap();
    }
    assert!(text(&hubboard(&db, &["users", "list"])).contains("No user is recorded"));
    assert!(
        hubboard(&db, &["warn", "SC-0053", "--reason", "x"])
            .status
            .success()
    );
    // The first grant records its granter as admin too.
    let o = hubboard(&db, &["users", "grant", "carol", "viewer"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let list = text(&hubboard(&db, &["users", "list"]));
    assert!(list.contains(&login()) && list.contains("carol"), "{list}");
}
