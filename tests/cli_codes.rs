//! Codes as people type them: any case finds the record, an unknown code suggests the nearest
//! ones, and new records follow the consortium's own code format.

mod ui_support;

use std::path::Path;
use std::process::{Command, Output};

use ui_support::demo_db;

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

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn codes_match_in_any_case_and_unknown_ones_suggest_the_nearest() {
    let (dir, store) = demo_db();
    let db = dir.path().join("demo.db");
    drop(store);
    let out = hubboard(
        &db,
        &["warn", "sc-0053", "--reason", "three months under profile"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("early warning raised on SC-0053"));

    let out = hubboard(
        &db,
        &[
            "suspend",
            "SC-053",
            "--reason-code",
            "quality",
            "--reason",
            "x",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("no sub-contract with code 'SC-053' (did you mean SC-0053"),
        "{err}"
    );
    let out = hubboard(
        &db,
        &["transfer", "SC-0045", "--to", "KN1", "--reason", "x"],
    );
    assert!(
        text(&out.stderr).contains("did you mean KN01"),
        "{}",
        text(&out.stderr)
    );
    let out = hubboard(
        &db,
        &[
            "suspend",
            "ZZZZZZZZZZ",
            "--reason-code",
            "quality",
            "--reason",
            "x",
        ],
    );
    assert!(
        !text(&out.stderr).contains("did you mean"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn new_codes_follow_the_consortiums_format() {
    let (dir, store) = demo_db();
    let db = dir.path().join("demo.db");
    drop(store);
    // The demo's sub-contracts run SC-0001 … SC-0146: the next is SC-0147.
    let out = hubboard(
        &db,
        &[
            "award",
            "--opportunity",
            "op-016",
            "--member",
            "kn01",
            "--value",
            "1000",
            "--units",
            "1",
            "--start",
            "2027-01-01",
            "--end",
            "2027-12-31",
            "--reason",
            "pilot",
            "--override-reason",
            "Board minute 2",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("written: sub-contract SC-0147 for KN01"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn the_audit_log_takes_a_bare_code_in_any_case() {
    let (dir, store) = demo_db();
    let db = dir.path().join("demo.db");
    drop(store);
    let out = hubboard(
        &db,
        &["warn", "SC-0053", "--reason", "three months under profile"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let bare = hubboard(&db, &["audit", "log", "--entity", "sc-0053"]);
    assert_eq!(bare.status.code(), Some(0), "{}", text(&bare.stderr));
    let full = hubboard(&db, &["audit", "log", "--entity", "subcontract:sc-0053"]);
    assert_eq!(text(&bare.stdout), text(&full.stdout));
    assert!(
        text(&bare.stdout).contains("early_warning"),
        "{}",
        text(&bare.stdout)
    );
    let out = hubboard(&db, &["audit", "log", "--entity", "SC-053"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("--entity") && err.contains("did you mean SC-0053"),
        "{err}"
    );
}

#[test]
fn exit_codes_say_what_kind_of_failure_it_was() {
    let (dir, store) = demo_db();
    let db = dir.path().join("demo.db");
    drop(store);
    // A directory where a database is expected: said as such, nothing created.
    let out = hubboard(dir.path(), &["triage"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("is a directory"),
        "{}",
        text(&out.stderr)
    );
    // A log edited behind hubboard's back: 6, apart from a refusal's 1.
    let out = hubboard(&db, &["warn", "SC-0053", "--reason", "under profile"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(hubboard(&db, &["audit", "verify"]).status.code(), Some(0));
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        let triggers: Vec<String> = conn
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for t in triggers {
            conn.execute_batch(&format!("DROP TRIGGER {t}")).unwrap();
        }
        conn.execute(
            "UPDATE audit_log SET actor = 'someone else' WHERE id = 2",
            [],
        )
        .unwrap();
    }
    let out = hubboard(&db, &["audit", "verify"]);
    assert_eq!(out.status.code(), Some(6), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("BROKEN"));
    // And the README lists every code.
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for code in [
        "**0**", "**1**", "**2**", "**3**", "**4**", "**5**", "**6**",
    ] {
        assert!(
            readme.contains(code),
            "README.md does not document exit code {code}"
        );
    }
}

#[test]
fn the_actor_is_the_login_not_what_the_environment_says() {
    let (dir, store) = demo_db();
    let db = dir.path().join("demo.db");
    drop(store);
    let out = Command::new(env!("CARGO_BIN_EXE_hubboard"))
        .args(["--db", db.to_str().unwrap(), "--today", "2026-11-22"])
        .args(["warn", "SC-0053", "--reason", "under profile"])
        .env("USER", "chief_executive")
        .env("LOGNAME", "chief_executive")
        .env("USERNAME", "chief_executive")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let login = Command::new("id").arg("-un").output().unwrap();
    let login = text(&login.stdout).trim().to_string();
    let conn = rusqlite::Connection::open(&db).unwrap();
    let actor: String = conn
        .query_row(
            "SELECT actor FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(actor, login);
}
