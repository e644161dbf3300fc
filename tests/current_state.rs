//! What the screens show follows the records as they are now, with no refresh command: an open
//! early warning puts ⚑ beside its sub-contract on the performance pane (and clearing it takes
//! it away), and a generated risk for a sub-contract goes once the sub-contract is terminated.

use std::path::{Path, PathBuf};
use std::process::Command;

const TODAY: &str = "2026-11-29";

fn hubboard(db: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_hubboard"))
        .arg("--db")
        .arg(db)
        .arg("--config")
        .arg(db.with_file_name("config.toml"))
        .args(["--today", TODAY])
        .args(args)
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{args:?}: {text}");
    text
}

fn demo() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    std::fs::write(dir.path().join("config.toml"), "").unwrap();
    hubboard(&db, &["demo"]);
    (dir, db)
}

/// The performance pane's row for `code`, as `snapshot` draws it at 200 columns.
fn row(db: &Path, code: &str) -> String {
    let pane = hubboard(
        db,
        &["snapshot", "--pane", "performance", "--size", "200x60"],
    );
    pane.lines()
        .find(|l| l.contains(code))
        .unwrap_or_else(|| panic!("{code} not on the pane:\n{pane}"))
        .to_string()
}

#[test]
fn an_open_early_warning_shows_its_flag_until_it_is_cleared() {
    let (_dir, db) = demo();
    assert!(!row(&db, "SC-0089").contains('⚑'));
    hubboard(
        &db,
        &["warn", "SC-0089", "--reason", "Three late returns running"],
    );
    assert!(
        row(&db, "SC-0089").contains("SC-0089 ⚑"),
        "{}",
        row(&db, "SC-0089")
    );
    hubboard(
        &db,
        &[
            "warn",
            "SC-0089",
            "--clear",
            "--reason",
            "Returns back on time",
        ],
    );
    assert!(!row(&db, "SC-0089").contains('⚑'));
}

#[test]
fn a_terminated_sub_contracts_generated_risk_is_gone() {
    let (_dir, db) = demo();
    let risks = hubboard(&db, &["risks"]);
    assert!(risks.contains("G-INAD-SC-0106"), "{risks}");
    hubboard(
        &db,
        &[
            "suspend",
            "SC-0106",
            "--reason-code",
            "under_delivery",
            "--urgent",
            "--reason",
            "Safeguarding concern",
        ],
    );
    hubboard(
        &db,
        &[
            "transfer",
            "SC-0106",
            "--to",
            "KN12",
            "--reason",
            "KN12 has headroom",
        ],
    );
    let detail = hubboard(&db, &["audit", "log", "--entity", "subcontract:SC-0106"]);
    assert!(detail.contains("transfer"), "{detail}");
    let store = hubboard::store::Store::open(&db, hubboard::store::OpenMode::ReadOnly).unwrap();
    let status: String = store
        .conn()
        .query_row(
            "SELECT status FROM subcontracts WHERE code = 'SC-0106'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(status, "terminated");
    let risks = hubboard(&db, &["risks"]);
    assert!(!risks.contains("G-INAD-SC-0106"), "{risks}");
    assert!(risks.contains("G-INAD-SC-0053"), "{risks}");
}
