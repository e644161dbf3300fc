//! The bid/no-bid screen on the command line, on the small demo as of 29 Nov 2026: the
//! recommendation from the thresholds (70 bid, 50 review by default) and the gates; a decision
//! against it refused without a written override and marked ≠ in the tenders pane once made;
//! bunched deadlines held to the hub's writing capacity; nothing written on a refusal.

use std::path::{Path, PathBuf};
use std::process::Command;

use hubboard::store::{OpenMode, Store};

struct Run {
    code: i32,
    out: String,
}

fn hubboard(db: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_hubboard"))
        .arg("--db")
        .arg(db)
        .arg("--config")
        .arg(db.with_file_name("config.toml"))
        .args(["--today", "2026-11-29"])
        .args(args)
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        out: String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr),
    }
}

fn demo() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    std::fs::write(dir.path().join("config.toml"), "").unwrap();
    assert_eq!(hubboard(&db, &["demo"]).code, 0);
    (dir, db)
}

fn one(db: &Path, sql: &str) -> String {
    let store = Store::open(db, OpenMode::ReadOnly).unwrap();
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

fn row(db: &Path, code: &str) -> String {
    let pane = hubboard(db, &["snapshot", "--pane", "tenders", "--size", "160x40"]).out;
    pane.lines().find(|l| l.contains(code)).unwrap().to_string()
}

#[test]
fn a_bid_on_a_score_of_forty_needs_an_override_and_is_marked_in_the_pane() {
    let (_dir, db) = demo();
    let before = one(&db, "SELECT CAST(COUNT(*) AS TEXT) FROM audit_log");
    let plain = hubboard(
        &db,
        &[
            "opportunity",
            "bid",
            "OP-028",
            "--score",
            "40",
            "--decision",
            "bid",
            "--reason",
            "Strategic",
        ],
    );
    assert_eq!(plain.code, 1, "{}", plain.out);
    assert!(
        plain.out.contains("✗ bid/no-bid screen: score 40 recommends no bid (bid at 70 or more, review at 50 or more); decided bid"),
        "{}",
        plain.out
    );
    assert_eq!(
        one(&db, "SELECT CAST(COUNT(*) AS TEXT) FROM audit_log"),
        before
    );
    assert!(!row(&db, "OP-028").contains('≠'));
    let over = hubboard(
        &db,
        &[
            "opportunity",
            "bid",
            "OP-028",
            "--score",
            "40",
            "--decision",
            "bid",
            "--reason",
            "Strategic",
            "--override-reason",
            "The Board wants a foothold",
        ],
    );
    assert_eq!(over.code, 0, "{}", over.out);
    assert!(
        over.out
            .contains("written: OP-028: bid on a score of 40 (against the recommended no bid)"),
        "{}",
        over.out
    );
    assert!(
        row(&db, "OP-028").contains("40 Bid≠"),
        "{}",
        row(&db, "OP-028")
    );
    assert_eq!(
        one(
            &db,
            "SELECT bid_score || ' ' || decision FROM opportunities WHERE code = 'OP-028'"
        ),
        "40 bid"
    );
    let audit = one(
        &db,
        "SELECT COALESCE(reason, '') FROM audit_log ORDER BY id DESC LIMIT 1",
    );
    assert!(audit.contains("The Board wants a foothold"), "{audit}");
}

#[test]
fn the_recommendation_follows_the_thresholds_and_the_gates() {
    let (_dir, db) = demo();
    for (score, said) in [
        ("70", "recommends bid"),
        ("69", "recommends review"),
        ("50", "recommends review"),
        ("49", "recommends no bid"),
    ] {
        let run = hubboard(
            &db,
            &[
                "opportunity",
                "bid",
                "OP-029",
                "--score",
                score,
                "--reason",
                "x",
                "--dry-run",
            ],
        );
        assert_eq!(run.code, 0, "{score}: {}", run.out);
        assert!(
            run.out.contains(&format!("score {score} {said}")),
            "{score}: {}",
            run.out
        );
    }
    let gate = hubboard(
        &db,
        &[
            "opportunity",
            "bid",
            "OP-029",
            "--score",
            "85",
            "--failed-gates",
            "capacity",
            "--decision",
            "bid",
            "--reason",
            "x",
            "--dry-run",
        ],
    );
    assert_eq!(gate.code, 1, "{}", gate.out);
    assert!(
        gate.out
            .contains("✗ bid/no-bid screen: gates failed: capacity"),
        "{}",
        gate.out
    );
    let bad = hubboard(
        &db,
        &[
            "opportunity",
            "bid",
            "OP-029",
            "--score",
            "101",
            "--reason",
            "x",
        ],
    );
    assert_eq!(bad.code, 2, "{}", bad.out);
    assert!(bad.out.contains("--score"), "{}", bad.out);
    let unknown_gate = hubboard(
        &db,
        &[
            "opportunity",
            "bid",
            "OP-029",
            "--score",
            "80",
            "--failed-gates",
            "luck",
            "--reason",
            "x",
        ],
    );
    assert_eq!(unknown_gate.code, 2, "{}", unknown_gate.out);
    assert!(
        unknown_gate.out.contains("'luck' is not a gate"),
        "{}",
        unknown_gate.out
    );
    let closed = hubboard(
        &db,
        &[
            "opportunity",
            "bid",
            "OP-001",
            "--score",
            "80",
            "--reason",
            "x",
        ],
    );
    assert_eq!(closed.code, 1, "{}", closed.out);
}

#[test]
fn bids_bunched_beyond_the_writing_capacity_are_warned_against() {
    let (_dir, db) = demo();
    // With a capacity of one bid a fortnight, a second bid due within a week of another is held.
    std::fs::write(
        db.with_file_name("config.toml"),
        "[rules]\nbids_per_fortnight = 1\n",
    )
    .unwrap();
    let deadline = one(
        &db,
        "SELECT deadline FROM opportunities WHERE code = 'OP-020'",
    );
    // OP-022's deadline is within a week of OP-020's in the demo, and OP-020 is decided bid.
    let near = one(
        &db,
        &format!(
            "SELECT code FROM opportunities WHERE code <> 'OP-020' AND stage IN ('identified', 'pre_qualification', 'invitation_to_tender', 'submitted')
               AND abs(julianday(deadline) - julianday('{deadline}')) <= 7 ORDER BY code LIMIT 1"
        ),
    );
    assert_eq!(
        one(
            &db,
            "SELECT decision FROM opportunities WHERE code = 'OP-020'"
        ),
        "bid"
    );
    let run = hubboard(
        &db,
        &[
            "opportunity",
            "bid",
            &near,
            "--score",
            "90",
            "--reason",
            "x",
            "--dry-run",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.out);
    assert!(
        run.out.contains("bids due within a week either side of"),
        "{}",
        run.out
    );
    assert!(run.out.contains("OP-020"), "{}", run.out);
    assert!(
        run.out
            .contains("against 1 the hub can write in a fortnight"),
        "{}",
        run.out
    );
}
