//! The plan read is the plan committed, on the command line: `--dry-run --json` prints a plan;
//! `hubboard commit PLAN.json` writes it only if nothing it read has changed since — otherwise it is
//! refused as a conflict (exit 3) saying what changed and who recorded what meanwhile.

mod ui_support;

use std::path::Path;
use std::process::{Command, Output};

use ui_support::demo_db;

/// `_who` names the colleague in the story; the system records the login that runs it.
fn hubboard(db: &Path, _who: &str, args: &[&str]) -> Output {
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

fn status(db: &Path, code: &str) -> String {
    let store = hubboard::store::Store::open(db, hubboard::store::OpenMode::ReadOnly).unwrap();
    store
        .conn()
        .query_row(
            "SELECT status FROM subcontracts WHERE code = ?1",
            [code],
            |r| r.get(0),
        )
        .unwrap()
}

fn plan_of(db: &Path, dir: &Path, code: &str) -> std::path::PathBuf {
    let out = hubboard(
        db,
        "officer",
        &[
            "suspend",
            code,
            "--reason-code",
            "under_delivery",
            "--dry-run",
            "--json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let plan = dir.join(format!("{code}.json"));
    std::fs::write(&plan, &out.stdout).unwrap();
    plan
}

#[test]
fn a_plan_committed_unchanged_is_written() {
    let (dir, store) = demo_db();
    let db = dir.path().join("demo.db");
    drop(store);
    let plan = plan_of(&db, dir.path(), "SC-0053");
    let out = hubboard(
        &db,
        "officer",
        &["commit", plan.to_str().unwrap(), "--reason", "reviewed"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // Notice given: it stays active (and paid) until the notice ends.
    assert!(
        text(&out.stdout).contains("written: SC-0053: notice given, ends"),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(status(&db, "SC-0053"), "active");
}

#[test]
fn a_plan_whose_records_moved_on_is_refused_saying_what_changed() {
    let (dir, store) = demo_db();
    let db = dir.path().join("demo.db");
    drop(store);
    let plan = plan_of(&db, dir.path(), "SC-0053");
    // A colleague changes the sub-contract after the plan was printed.
    let colleague = hubboard(
        &db,
        "colleague",
        &[
            "reprofile",
            "SC-0053",
            "--units",
            "5",
            "--from",
            "2027-01",
            "--reduce-value",
            "--reason",
            "agreed",
        ],
    );
    assert_eq!(
        colleague.status.code(),
        Some(0),
        "{}",
        text(&colleague.stderr)
    );
    let out = hubboard(
        &db,
        "officer",
        &["commit", plan.to_str().unwrap(), "--reason", "reviewed"],
    );
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stdout));
    let err = text(&out.stderr);
    assert!(err.contains("conflict"), "{err}");
    assert!(err.contains("subcontract.units_per_month"), "{err}");
    assert!(
        // The colleague is whoever the system says ran the command (here, the same login).
        err.contains(&format!(
            "{} reprofile subcontract:SC-0053",
            hubboard::store::actor::current()
        )),
        "{err}"
    );
    assert_eq!(status(&db, "SC-0053"), "active");
    // Read-only, the same commit is refused before anything is read.
    let ro = hubboard(
        &db,
        "officer",
        &[
            "--read-only",
            "commit",
            plan.to_str().unwrap(),
            "--reason",
            "reviewed",
        ],
    );
    assert_eq!(ro.status.code(), Some(5), "{}", text(&ro.stderr));
}

#[test]
fn a_file_that_is_not_a_plan_is_bad_input() {
    let (dir, store) = demo_db();
    let db = dir.path().join("demo.db");
    drop(store);
    let junk = dir.path().join("junk.json");
    std::fs::write(&junk, "{\"decision\": \"teleport\"}").unwrap();
    let out = hubboard(
        &db,
        "officer",
        &["commit", junk.to_str().unwrap(), "--reason", "x"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("names no decision"));
}
