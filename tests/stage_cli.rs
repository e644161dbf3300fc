//! Opportunities through their stages on the command line, on the small demo as of 29 Nov 2026:
//! ITT → submitted → won, the win's prime contract showing in the ledger; a loss with its
//! feedback; and every impossible move refused naming the field, nothing written.

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

/// The opportunities table and the audit log's length: "nothing written" is checked on both.
fn state(db: &Path) -> (String, String) {
    (
        one(
            db,
            "SELECT group_concat(code || stage || value || row_version, ';') FROM opportunities",
        ),
        one(db, "SELECT CAST(COUNT(*) AS TEXT) FROM audit_log"),
    )
}

#[test]
fn an_opportunity_goes_from_itt_to_submitted_to_won_and_its_contract_reaches_the_ledger() {
    let (_dir, db) = demo();
    // OP-020 is at ITT: £579,000 at a 6% top slice.
    assert_eq!(
        one(&db, "SELECT stage FROM opportunities WHERE code = 'OP-020'"),
        "invitation_to_tender"
    );
    let sub = hubboard(
        &db,
        &[
            "opportunity",
            "advance",
            "OP-020",
            "--to",
            "submitted",
            "--on",
            "27/11/2026",
            "--reason",
            "Bid went in",
        ],
    );
    assert_eq!(sub.code, 0, "{}", sub.out);
    assert!(
        sub.out
            .contains("OP-020 moved from ITT to Submitted on 27 Nov 2026"),
        "{}",
        sub.out
    );
    let won = hubboard(
        &db,
        &[
            "opportunity",
            "advance",
            "op-020",
            "--to",
            "won",
            "--value",
            "£600,000",
            "--start",
            "2027-04-01",
            "--end",
            "2028-03-31",
            "--reason",
            "Award letter of 28 Nov",
        ],
    );
    assert_eq!(won.code, 0, "{}", won.out);
    // £600,000 at 6% is £36,000 to the hub and £564,000 to let.
    assert!(
        won.out.contains("prime contract 1 Apr 2027 – 31 Mar 2028: gross £600,000.00, top slice 6% = £36,000.00, net £564,000.00, Block"),
        "{}",
        won.out
    );
    let ledger = hubboard(&db, &["ledger", "OP-020"]);
    assert_eq!(ledger.code, 0, "{}", ledger.out);
    for line in [
        "  Period         1 Apr 2027 – 31 Mar 2028 (agreed with the commissioner)",
        "  Gross          £600,000.00",
        "  Net            £564,000.00",
        "Let £0.00 of net £564,000.00; unlet £564,000.00",
    ] {
        assert!(ledger.out.contains(line), "{line:?} not in\n{}", ledger.out);
    }
    assert_eq!(
        one(
            &db,
            "SELECT duration_months || ' ' || value FROM opportunities WHERE code = 'OP-020'"
        ),
        "12 600000.00"
    );
    let after = one(
        &db,
        "SELECT after_json FROM audit_log WHERE action = 'stage' ORDER BY id DESC LIMIT 1",
    );
    assert!(after.contains("\"on\":\"2026-11-29\""), "{after}");
    // And work can now be let from it.
    let award = hubboard(
        &db,
        &[
            "award",
            "--opportunity",
            "OP-020",
            "--member",
            "KN27",
            "--value",
            "£10,000",
            "--units",
            "2",
            "--start",
            "2027-04-01",
            "--end",
            "2028-03-31",
            "--reason",
            "x",
            "--dry-run",
        ],
    );
    assert!(
        award
            .out
            .contains("✓ within the prime contract: let £0.00 + this £10,000.00"),
        "{}",
        award.out
    );
}

#[test]
fn a_loss_records_its_feedback() {
    let (_dir, db) = demo();
    let none = hubboard(
        &db,
        &[
            "opportunity",
            "advance",
            "OP-018",
            "--to",
            "lost",
            "--reason",
            "x",
        ],
    );
    assert_eq!(none.code, 2, "{}", none.out);
    assert!(none.out.contains("--feedback is required"), "{}", none.out);
    let lost = hubboard(
        &db,
        &[
            "opportunity",
            "advance",
            "OP-018",
            "--to",
            "lost",
            "--feedback",
            "Price 8% above the winner",
            "--reason",
            "Debrief call",
        ],
    );
    assert_eq!(lost.code, 0, "{}", lost.out);
    let after = one(
        &db,
        "SELECT after_json FROM audit_log WHERE action = 'stage' ORDER BY id DESC LIMIT 1",
    );
    assert!(after.contains("Price 8% above the winner"), "{after}");
    assert_eq!(
        one(&db, "SELECT stage FROM opportunities WHERE code = 'OP-018'"),
        "lost"
    );
}

#[test]
fn impossible_moves_are_refused_naming_the_field_and_nothing_is_written() {
    let (_dir, db) = demo();
    let before = state(&db);
    let cases: [(&[&str], &str); 7] = [
        // A closed stage goes nowhere; stages are not skipped; nor moved backwards.
        (
            &["OP-001", "--to", "invitation_to_tender"],
            "--to: OP-001 cannot move from 'Won' to 'ITT': 'Won' is where it ends",
        ),
        (
            &["OP-028", "--to", "submitted"],
            "--to: OP-028 cannot move from 'Identified' to 'Submitted': from 'Identified' it may move to PQQ / EOI, ITT, No bid, Withdrawn",
        ),
        (
            &["OP-020", "--to", "pre_qualification"],
            "--to: OP-020 cannot move from 'ITT' to 'PQQ / EOI'",
        ),
        (
            &["OP-020", "--to", "itt"],
            "--to: 'itt' is not an opportunity stage",
        ),
        (
            &["OP-020", "--to", "submitted", "--on", "2026-12-25"],
            "--on: 25 Dec 2026 is in the future",
        ),
        (
            &[
                "OP-015",
                "--to",
                "won",
                "--start",
                "2027-04-01",
                "--end",
                "2027-03-31",
            ],
            "--end: 31 Mar 2027 is before the start, 1 Apr 2027",
        ),
        (
            &["OP-015", "--to", "won", "--top-slice", "100"],
            "--top-slice",
        ),
    ];
    for (extra, said) in cases {
        let mut args = vec!["opportunity", "advance"];
        args.extend(extra);
        args.extend(["--reason", "x"]);
        let run = hubboard(&db, &args);
        assert_eq!(run.code, 2, "{extra:?}: {}", run.out);
        assert!(run.out.contains(said), "{said:?} not in\n{}", run.out);
        assert_eq!(state(&db), before, "{extra:?} wrote something");
    }
}

#[test]
fn a_new_opportunity_is_recorded_with_the_next_code_and_bad_ones_refused() {
    let (_dir, db) = demo();
    let before = state(&db);
    let base = [
        "opportunity",
        "add",
        "--title",
        "Warm Spaces Network",
        "--commissioner",
        "kmbc",
        "--service-line",
        "debt advice",
        "--deadline",
        "31/01/2027",
        "--value",
        "£120,000",
        "--months",
        "24",
        "--reason",
        "Notice on Contracts Finder",
    ];
    let cases: [(&str, &str, &str); 4] = [
        (
            "--commissioner",
            "CM99",
            "--commissioner: no commissioner with code 'CM99' (they are: CMICB, DWP, KMBC",
        ),
        (
            "--service-line",
            "Juggling",
            "--service-line: 'Juggling' is not a service line on record",
        ),
        ("--months", "0", "--months: 0 is out of range"),
        ("--value", "0", "--value: £0.00 is out of range"),
    ];
    for (flag, value, said) in cases {
        let mut args = base.to_vec();
        let at = args.iter().position(|a| *a == flag).unwrap();
        args[at + 1] = value;
        let run = hubboard(&db, &args);
        assert_eq!(run.code, 2, "{flag}: {}", run.out);
        assert!(run.out.contains(said), "{said:?} not in\n{}", run.out);
        assert_eq!(state(&db), before, "{flag} wrote something");
    }
    let run = hubboard(&db, &base);
    assert_eq!(run.code, 0, "{}", run.out);
    assert!(
        run.out.contains(
            "written: opportunity OP-031 recorded: Warm Spaces Network, deadline 31 Jan 2027"
        ),
        "{}",
        run.out
    );
    assert_eq!(
        one(
            &db,
            "SELECT stage || ' ' || commissioner || ' ' || service_line || ' ' || value FROM opportunities WHERE code = 'OP-031'"
        ),
        "identified KMBC Debt advice 120000.00"
    );
    // And it moves on like any other.
    let moved = hubboard(
        &db,
        &[
            "opportunity",
            "advance",
            "OP-031",
            "--to",
            "pre_qualification",
            "--reason",
            "EOI sent",
        ],
    );
    assert_eq!(moved.code, 0, "{}", moved.out);
}
