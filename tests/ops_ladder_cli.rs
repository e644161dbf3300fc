//! Improvement plans and early warnings through the real binary: what they print, their exit
//! codes, and their audit rows.

mod ops_support;

use std::path::Path;
use std::process::Command;

use hubboard::domain::SubContractStatus;
use hubboard::store::{OpenMode, Store, audit};
use ops_support::*;
use rust_decimal_macros::dec;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// KN01 and its active SC-000001.
fn database() -> (tempfile::TempDir, std::path::PathBuf) {
    let hub = Hub::new();
    hub.member("KN01").sub(
        "SC-000001",
        "KN01",
        dec!(1200),
        1,
        SubContractStatus::Active,
    );
    let Hub {
        dir, path, store, ..
    } = hub;
    drop(store);
    std::fs::write(dir.path().join("config.toml"), "").unwrap();
    (dir, path)
}

fn hubboard(path: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_hubboard"))
        .arg("--db")
        .arg(path)
        .arg("--config")
        .arg(path.with_file_name("config.toml"))
        .args(["--today", TODAY])
        .args(args)
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn audit_rows(path: &Path) -> Vec<audit::Row> {
    let store = Store::open(path, OpenMode::ReadOnly).unwrap();
    match audit::verify(store.conn()).unwrap() {
        audit::Verdict::Intact { .. } => {}
        broken => panic!("audit chain broken: {broken:?}"),
    }
    audit::list(store.conn(), None).unwrap()
}

#[test]
fn improvement_plans_and_early_warnings_from_the_shell() {
    let (_dir, path) = database();
    let add = hubboard(
        &path,
        &[
            "improvement",
            "add",
            "SC-000001",
            "--action",
            "Weekly caseload review",
            "--owner",
            "Delivery manager",
            "--due",
            "2026-11-01",
            "--reason",
            "agreed at the review visit",
        ],
    );
    assert_eq!(add.code, 0, "{}", add.stderr);
    assert!(add.stdout.contains("written: action 1 on SC-000001: Weekly caseload review (owner Delivery manager, due 1 Nov 2026)"), "{}", add.stdout);
    let empty = hubboard(
        &path,
        &[
            "improve",
            "add",
            "SC-000001",
            "--action",
            "x",
            "--owner",
            " ",
            "--due",
            "2027-01-01",
            "--reason",
            "r",
        ],
    );
    assert_eq!(empty.code, 2);
    assert!(
        empty.stderr.contains("--owner is required"),
        "{}",
        empty.stderr
    );
    let warn = hubboard(
        &path,
        &["warn", "SC-000001", "--reason", "two months under profile"],
    );
    assert_eq!(warn.code, 0, "{}", warn.stderr);
    let again = hubboard(&path, &["warn", "SC-000001", "--reason", "again"]);
    assert_eq!(again.code, 1, "{}", again.stdout);
    let list = hubboard(&path, &["improvement", "list", "SC-000001"]);
    assert_eq!(list.code, 0, "{}", list.stderr);
    assert!(
        list.stdout.contains("early warning: raised 22 Nov 2026 by"),
        "{}",
        list.stdout
    );
    assert!(
        list.stdout.contains("Weekly caseload review  (OVERDUE)"),
        "{}",
        list.stdout
    );
    let done = hubboard(
        &path,
        &[
            "improvement",
            "done",
            "SC-000001",
            "1",
            "--reason",
            "reviews running",
        ],
    );
    assert_eq!(done.code, 0, "{}", done.stderr);
    let clear = hubboard(
        &path,
        &[
            "warn",
            "SC-000001",
            "--clear",
            "--reason",
            "back on profile",
        ],
    );
    assert_eq!(clear.code, 0, "{}", clear.stderr);
    let list = hubboard(&path, &["improvement", "list", "SC-000001"]);
    assert!(
        list.stdout.contains("early warning: none open (1 cleared)"),
        "{}",
        list.stdout
    );
    assert!(
        list.stdout.contains("(done 22 Nov 2026)"),
        "{}",
        list.stdout
    );
    let actions: Vec<String> = audit_rows(&path).into_iter().map(|r| r.action).collect();
    assert_eq!(
        actions,
        vec![
            "improvement_add",
            "early_warning",
            "improvement_done",
            "early_warning_clear"
        ]
    );
}
