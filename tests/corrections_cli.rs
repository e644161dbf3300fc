//! Putting mistakes right without deleting, on the small demo as of 29 Nov 2026: a proposed award
//! withdrawn frees what it held of the prime; a claw-back claim reversed by a claim of the
//! opposite amount, after which the figures are as before it and a new claim may be raised.
//! Refusals write nothing.

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

fn audit(db: &Path) -> String {
    one(db, "SELECT CAST(COUNT(*) AS TEXT) FROM audit_log")
}

/// The ledger's `Let … of net …; unlet …` line for `op`.
fn letting(db: &Path, op: &str) -> String {
    let l = hubboard(db, &["ledger", op]);
    l.out
        .lines()
        .find(|l| l.starts_with("Let £"))
        .unwrap()
        .to_string()
}

#[test]
fn a_withdrawn_proposal_frees_what_it_held_of_the_prime() {
    let (_dir, db) = demo();
    // OP-016: net £99,190.00; SC-0145 (£12,096.00) and SC-0146 (£53,568.00) proposed.
    assert_eq!(
        letting(&db, "OP-016"),
        "Let £65,664.00 of net £99,190.00; unlet £33,526.00"
    );
    let run = hubboard(
        &db,
        &[
            "withdraw",
            "sc-0145",
            "--reason",
            "KN39 pulled out before the start",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.out);
    assert!(
        run.out
            .contains("written: SC-0145 withdrawn; £12,096.00 free to let again"),
        "{}",
        run.out
    );
    // £65,664.00 − £12,096.00 = £53,568.00 let; £99,190.00 − £53,568.00 = £45,622.00 unlet.
    assert_eq!(
        letting(&db, "OP-016"),
        "Let £53,568.00 of net £99,190.00; unlet £45,622.00"
    );
    assert_eq!(
        one(
            &db,
            "SELECT status || ' ' || value FROM subcontracts WHERE code = 'SC-0145'"
        ),
        "terminated 0.00"
    );
    let before = one(
        &db,
        "SELECT before_json FROM audit_log WHERE action = 'withdraw'",
    );
    assert!(before.contains("\"value\":\"12096.00\""), "{before}");
    // A running sub-contract is not withdrawn, and a withdrawn one not twice.
    let n = audit(&db);
    for code in ["SC-0053", "SC-0145"] {
        let again = hubboard(&db, &["withdraw", code, "--reason", "x"]);
        assert_eq!(again.code, 1, "{}", again.out);
        assert!(
            again
                .out
                .contains("only an award not yet started can be withdrawn"),
            "{}",
            again.out
        );
    }
    assert_eq!(audit(&db), n);
}

#[test]
fn a_reversed_claim_restores_the_figures_and_cannot_be_reversed_twice() {
    let (_dir, db) = demo();
    let owed = |db: &Path| {
        let l = hubboard(db, &["ledger", "OP-004", "--format", "csv"]);
        l.out
            .lines()
            .find(|l| l.contains(",SC-0053,"))
            .unwrap()
            .to_string()
    };
    let untouched = owed(&db);
    let claim = hubboard(
        &db,
        &["clawback", "SC-0053", "--reason", "Paid ahead of delivery"],
    );
    assert_eq!(claim.code, 0, "{}", claim.out);
    assert!(
        claim.out.contains("claim CL-0002 for £27,008.70"),
        "{}",
        claim.out
    );
    assert_ne!(owed(&db), untouched);
    let reverse = hubboard(
        &db,
        &[
            "reverse",
            "cl-0002",
            "--reason",
            "Raised against the wrong month",
        ],
    );
    assert_eq!(reverse.code, 0, "{}", reverse.out);
    assert!(
        reverse.out.contains("claim CL-0003 for -£27,008.70 raised on SC-0053: reverses CL-0002: Raised against the wrong month"),
        "{}",
        reverse.out
    );
    // Both claims stay; together they claim nothing, and the ledger reads as before the first.
    assert_eq!(owed(&db), untouched);
    assert_eq!(
        one(
            &db,
            "SELECT CAST(COUNT(*) AS TEXT) FROM claims WHERE subcontract = 'SC-0053'"
        ),
        "2"
    );
    let n = audit(&db);
    let twice = hubboard(&db, &["reverse", "CL-0002", "--reason", "x"]);
    assert_eq!(twice.code, 1, "{}", twice.out);
    assert!(
        twice
            .out
            .contains("CL-0002 was reversed already, by CL-0003 on 29 Nov 2026"),
        "{}",
        twice.out
    );
    let of_reversal = hubboard(&db, &["reverse", "CL-0003", "--reason", "x"]);
    assert_eq!(of_reversal.code, 1, "{}", of_reversal.out);
    assert!(
        of_reversal.out.contains("CL-0003 is itself a reversal"),
        "{}",
        of_reversal.out
    );
    let unknown = hubboard(&db, &["reverse", "CL-9999", "--reason", "x"]);
    assert_eq!(unknown.code, 2, "{}", unknown.out);
    assert_eq!(audit(&db), n);
    // The claw-back may be raised again, in full.
    let again = hubboard(
        &db,
        &[
            "clawback",
            "SC-0053",
            "--reason",
            "The right month this time",
        ],
    );
    assert_eq!(again.code, 0, "{}", again.out);
    assert!(
        again.out.contains("claim CL-0004 for £27,008.70"),
        "{}",
        again.out
    );
}

#[test]
fn a_sub_contract_suspended_before_it_starts_is_withdrawn_not_transferred() {
    let (_dir, db) = demo();
    // An award starting 1 Jan 2027, suspended at once on 29 Nov 2026, has delivered nothing.
    let award = hubboard(
        &db,
        &[
            "award",
            "--opportunity",
            "OP-016",
            "--member",
            "KN03",
            "--value",
            "£12,000",
            "--start",
            "2027-01-01",
            "--end",
            "2027-12-31",
            "--units",
            "20",
            "--reason",
            "Plan agreed",
        ],
    );
    assert_eq!(award.code, 0, "{}", award.out);
    let s = hubboard(
        &db,
        &[
            "suspend",
            "SC-0147",
            "--reason-code",
            "under_delivery",
            "--urgent",
            "--reason",
            "Lost its premises",
        ],
    );
    assert_eq!(s.code, 0, "{}", s.out);
    let n = audit(&db);
    let t = hubboard(
        &db,
        &[
            "transfer",
            "SC-0147",
            "--to",
            "KN27",
            "--reason",
            "x",
            "--override-reason",
            "y",
        ],
    );
    assert_eq!(t.code, 1, "{}", t.out);
    assert!(
        t.out.contains("SC-0147 has not started (it starts 1 Jan 2027) and its suspension takes effect 29 Nov 2026"),
        "{}",
        t.out
    );
    assert!(
        t.out.contains("withdraw it and award the work afresh"),
        "{}",
        t.out
    );
    assert_eq!(audit(&db), n);
    // As it says: withdrawn, its £12,000.00 is free to let again.
    let w = hubboard(
        &db,
        &[
            "withdraw",
            "SC-0147",
            "--reason",
            "Premises lost before the start",
        ],
    );
    assert_eq!(w.code, 0, "{}", w.out);
    assert_eq!(
        letting(&db, "OP-016"),
        "Let £65,664.00 of net £99,190.00; unlet £33,526.00"
    );
}
