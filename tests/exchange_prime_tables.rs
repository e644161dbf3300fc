//! The prime contract's tables travel with the rest: an agreed period, a contract variation and
//! the payment terms of a sub-contract paid by results are exported, imported into a fresh
//! database and exported again unchanged; a bad row in them is refused, naming where.

mod exchange_support;

use std::path::Path;
use std::process::{Command, Output};

use exchange_support::*;

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

fn ok(out: &Output) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{stdout}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

/// The hand fixture, with OP01 varied and a hybrid award on OP02 paid partly by results.
fn hub(tmp: &Path) -> std::path::PathBuf {
    let db = tmp.join("hub.db");
    ok(&hubboard(&db, &["import", hand_dir().to_str().unwrap()]));
    ok(&hubboard(
        &db,
        &[
            "vary",
            "OP01",
            "--value",
            "320000",
            "--end",
            "2028-06-30",
            "--agreed",
            "01/11/2026",
            "--reason",
            "Variation 1: more referrals expected",
        ],
    ));
    // OP02 (hybrid) has £48,000 unlet. £12,000 for 2 units a month, Dec 2026 – May 2027 (12
    // units), 30% attachment over 12 units (£3,600 → £300.00 a unit) and the £8,400 rest over
    // 24 outcomes (£350.00 each).
    let award = hubboard(
        &db,
        &[
            "award",
            "--opportunity",
            "OP02",
            "--member",
            "M02",
            "--value",
            "12000",
            "--units",
            "2",
            "--start",
            "2026-12-01",
            "--end",
            "2027-05-31",
            "--attachment-pct",
            "30",
            "--outcomes",
            "24",
            "--reason",
            "Hybrid terms agreed",
            "--override-reason",
            "Board minute 9",
        ],
    );
    let out = ok(&award);
    assert!(
        out.contains("at £300.00 a unit (12 units owed) and £350.00 an outcome (24 outcomes)"),
        "{out}"
    );
    db
}

#[test]
fn the_prime_tables_round_trip_unchanged() {
    let tmp = tempfile::tempdir().unwrap();
    let db = hub(tmp.path());
    let first = tmp.path().join("first");
    ok(&hubboard(&db, &["export", first.to_str().unwrap()]));
    assert_eq!(
        read(&first, "prime_contracts.csv"),
        "opportunity,start,end\nOP01,2026-05-01,2028-06-30\n"
    );
    assert_eq!(
        read(&first, "contract_variations.csv"),
        "opportunity,agreed,value_before,value_after,end_before,end_after,reason\n\
         OP01,2026-11-01,300000.00,320000.00,2028-04-30,2028-06-30,Variation 1: more referrals expected\n"
    );
    assert!(
        read(&first, "payment_terms.csv").ends_with(",30,24,350.00\n"),
        "{}",
        read(&first, "payment_terms.csv")
    );
    let fresh = tmp.path().join("fresh.db");
    ok(&hubboard(&fresh, &["import", first.to_str().unwrap()]));
    let second = tmp.path().join("second");
    ok(&hubboard(&fresh, &["export", second.to_str().unwrap()]));
    for name in [
        "prime_contracts.csv",
        "contract_variations.csv",
        "payment_terms.csv",
        "subcontracts.csv",
        "suspensions.csv",
        "opportunities.csv",
    ] {
        assert_eq!(read(&first, name), read(&second, name), "{name}");
    }
}

#[test]
fn a_bad_payment_terms_row_is_refused_naming_where() {
    let tmp = tempfile::tempdir().unwrap();
    let db = hub(tmp.path());
    let dir = tmp.path().join("out");
    ok(&hubboard(&db, &["export", dir.to_str().unwrap()]));
    let terms = read(&dir, "payment_terms.csv").replace(",30,24,", ",150,24,");
    std::fs::write(dir.join("payment_terms.csv"), terms).unwrap();
    let fresh = tmp.path().join("fresh.db");
    let out = hubboard(&fresh, &["import", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "payment_terms.csv line 2, column attachment_pct: '150' is not a percentage from 0 to 100"
        ),
        "{err}"
    );
}
