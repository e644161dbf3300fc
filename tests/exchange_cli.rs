//! `hubboard import` and `hubboard export` through the real binary: exit codes, what is printed.

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

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn bad_import_exits_2_with_the_problem_on_stderr_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("hub.db");
    let hand = hand_dir();
    let ok = hubboard(&db, &["import", hand.to_str().unwrap()]);
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok.stderr));
    let out = text(&ok.stdout);
    assert!(out.contains("members: 6 rows"), "{out}");
    assert!(out.contains("written: imported 75 rows"), "{out}");
    assert!(out.contains("note: skipped README.md"), "{out}");

    let before = tmp.path().join("before");
    let exported = hubboard(&db, &["export", before.to_str().unwrap()]);
    assert_eq!(
        exported.status.code(),
        Some(0),
        "{}",
        text(&exported.stderr)
    );
    assert!(text(&exported.stdout).contains("members.csv: 6 rows"));

    let bad = fixtures().join("bad").join("money_misplaced_comma");
    let refused = hubboard(&db, &["import", bad.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(2));
    let err = text(&refused.stderr);
    assert!(
        err.contains("hubboard: import refused, nothing was written: 1 problem found"),
        "{err}"
    );
    assert!(err.contains(
        "members.csv line 2, column annual_income: '12,34.50' has a misplaced comma: commas may only separate thousands (£1,234.50)"
    ));
    assert!(text(&refused.stdout).is_empty());

    let after = tmp.path().join("after");
    hubboard(&db, &["export", after.to_str().unwrap()]);
    assert_eq!(read_dir_files(&before), read_dir_files(&after));
}

#[test]
fn json_export_and_import_through_the_binary() {
    let tmp = tempfile::tempdir().unwrap();
    let (db1, db2) = (tmp.path().join("one.db"), tmp.path().join("two.db"));
    hubboard(&db1, &["import", hand_dir().to_str().unwrap()]);
    let json = tmp.path().join("json");
    let out = hubboard(
        &db1,
        &["export", json.to_str().unwrap(), "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(json.join("monitoring_returns.json").exists());
    let imported = hubboard(
        &db2,
        &["import", json.to_str().unwrap(), "--format", "json"],
    );
    assert_eq!(
        imported.status.code(),
        Some(0),
        "{}",
        text(&imported.stderr)
    );
    let again = tmp.path().join("again");
    hubboard(
        &db2,
        &["export", again.to_str().unwrap(), "--format", "json"],
    );
    assert_eq!(read_dir_files(&json), read_dir_files(&again));
}

#[test]
fn export_of_a_missing_database_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let out = hubboard(
        &tmp.path().join("none.db"),
        &["export", tmp.path().join("x").to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no database at"));
}

/// Writes `subcontracts.csv` holding one row of `value` and `units` to a directory of its own.
fn one_subcontract(dir: &Path, value: &str, units: &str) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(
        dir.join("subcontracts.csv"),
        format!(
            "code,opportunity,member,value,start,end,units_per_month,payment_model,status\n\
             SC90,OP01,M01,{value},2026-12-01,2027-11-30,{units},block,proposed\n"
        ),
    )
    .unwrap();
}

#[test]
fn a_value_past_every_bound_is_refused_with_file_line_column_and_bound_and_nothing_written() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("hub.db");
    let ok = hubboard(&db, &["import", hand_dir().to_str().unwrap()]);
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok.stderr));
    let before = tmp.path().join("before");
    hubboard(&db, &["export", before.to_str().unwrap()]);

    let huge = tmp.path().join("huge");
    one_subcontract(&huge, "79228162514264337593543950335", "4294967295");
    let refused = hubboard(&db, &["import", huge.to_str().unwrap()]);
    let err = text(&refused.stderr);
    assert_eq!(refused.status.code(), Some(2), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        err.contains("hubboard: import refused, nothing was written: 2 problems found"),
        "{err}"
    );
    assert!(err.contains(
        "subcontracts.csv line 2, column value: '79228162514264337593543950335' is too large: a money value has at most 15 digits before the point (up to £999,999,999,999,999.99)"
    ), "{err}");
    assert!(err.contains(
        "subcontracts.csv line 2, column units_per_month: '4294967295' is out of range: the most units a month may be is 1,000,000 ([limits] max_units_per_month)"
    ), "{err}");

    // The configured bound is the one applied.
    let config = tmp.path().join("config.toml");
    std::fs::write(
        &config,
        "[limits]\nmax_money = 5000.00\nmax_units_per_month = 10\n",
    )
    .unwrap();
    let small = tmp.path().join("small");
    one_subcontract(&small, "5000.01", "11");
    let refused = hubboard(
        &db,
        &[
            "--config",
            config.to_str().unwrap(),
            "import",
            small.to_str().unwrap(),
        ],
    );
    let err = text(&refused.stderr);
    assert_eq!(refused.status.code(), Some(2), "{err}");
    assert!(err.contains(
        "column value: '5000.01' is out of range: the most a money value may be is £5,000.00 ([limits] max_money)"
    ), "{err}");
    assert!(err.contains(
        "column units_per_month: '11' is out of range: the most units a month may be is 10 ([limits] max_units_per_month)"
    ), "{err}");

    let after = tmp.path().join("after");
    hubboard(&db, &["export", after.to_str().unwrap()]);
    assert_eq!(read_dir_files(&before), read_dir_files(&after));

    one_subcontract(&small, "5000.00", "10");
    let accepted = hubboard(
        &db,
        &[
            "--config",
            config.to_str().unwrap(),
            "import",
            small.to_str().unwrap(),
        ],
    );
    assert_eq!(
        accepted.status.code(),
        Some(0),
        "{}",
        text(&accepted.stderr)
    );
}
