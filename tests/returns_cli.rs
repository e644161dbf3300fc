//! Monthly returns on the command line, on the small demo as of 29 Nov 2026: recording a late
//! return (and the triage list following at once), refusing a second record and every impossible
//! return with the field named and nothing written, correcting with before and after in the audit
//! row, the worklist of returns due, and a month's batch imported twice.

use std::path::{Path, PathBuf};
use std::process::Command;

use hubboard::store::{OpenMode, Store};

const TODAY: &str = "2026-11-29";

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
        .args(["--today", TODAY])
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

/// Every return row and the number of audit rows: what "nothing written" is checked against.
fn state(db: &Path) -> (Vec<Vec<String>>, i64) {
    let store = Store::open(db, OpenMode::ReadOnly).unwrap();
    let conn = store.conn();
    let mut st = conn
        .prepare("SELECT * FROM monitoring_returns ORDER BY subcontract, period")
        .unwrap();
    let n = st.column_count();
    let rows = st
        .query_map([], |r| {
            (0..n)
                .map(|i| r.get_ref(i).map(|v| format!("{v:?}")))
                .collect::<rusqlite::Result<Vec<String>>>()
        })
        .unwrap()
        .collect::<rusqlite::Result<Vec<_>>>()
        .unwrap();
    let audit = conn
        .query_row("SELECT COUNT(*) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    (rows, audit)
}

fn audit_rows(db: &Path, action: &str) -> Vec<(String, String, String)> {
    let store = Store::open(db, OpenMode::ReadOnly).unwrap();
    let mut st = store
        .conn()
        .prepare(
            "SELECT entity, COALESCE(before_json, ''), COALESCE(after_json, '') FROM audit_log
              WHERE action = ?1 ORDER BY id",
        )
        .unwrap();
    st.query_map([action], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

const OCTOBER: [&str; 12] = [
    "returns",
    "record",
    "SC-0031",
    "--period",
    "2026-10",
    "--units",
    "18",
    "--spend",
    "£1,500",
    "--paid",
    "£1,650.00",
    "--referrals",
];

fn record_october(db: &Path, extra: &[&str]) -> Run {
    let mut args = OCTOBER.to_vec();
    args.push("22");
    args.extend(extra);
    args.extend(["--reason", "Return came by email"]);
    hubboard(db, &args)
}

#[test]
fn a_late_return_is_recorded_and_triage_follows_at_once() {
    let (_dir, db) = demo();
    // SC-0031's October return was due 15 Nov 2026 and is not in: on the worklist and triage.
    let due = hubboard(&db, &["returns", "due"]);
    assert!(
        due.out.contains("SC-0031") && due.out.contains("OVERDUE 14 days"),
        "{}",
        due.out
    );
    let triage = hubboard(&db, &["triage"]);
    let row = triage
        .out
        .lines()
        .find(|l| l.contains("SC-0031"))
        .unwrap()
        .to_string();
    assert!(row.starts_with("High"), "{row}");
    let run = record_october(&db, &["--quality", "2"]);
    assert_eq!(run.code, 0, "{}", run.out);
    for line in [
        "Record SC-0031's return for Oct 2026",
        "came in 29 Nov 2026, 14 days late (due 15 Nov 2026)",
        "spend £1,500.00, paid £1,650.00; quality grade 2; 22 referrals",
        "written: the return for Oct 2026 on SC-0031 is recorded",
    ] {
        assert!(run.out.contains(line), "{line:?} not in\n{}", run.out);
    }
    let rows = audit_rows(&db, "return_record");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].0, "subcontract:SC-0031");
    assert!(rows[0].1.contains("\"submitted\":null"), "{}", rows[0].1);
    assert!(
        rows[0].2.contains("\"submitted\":\"2026-11-29\""),
        "{}",
        rows[0].2
    );
    // Off the worklist; no longer missing in triage (still late, so still listed, but lower).
    assert!(!hubboard(&db, &["returns", "due"]).out.contains("SC-0031"));
    let triage = hubboard(&db, &["triage"]);
    let row = triage.out.lines().find(|l| l.contains("SC-0031")).unwrap();
    assert!(row.starts_with("Medium"), "{row}");
}

#[test]
fn a_second_record_for_the_month_says_use_correct_and_writes_nothing() {
    let (_dir, db) = demo();
    assert_eq!(record_october(&db, &[]).code, 0);
    let before = state(&db);
    let again = record_october(&db, &[]);
    assert_eq!(again.code, 2, "{}", again.out);
    assert!(
        again
            .out
            .contains("--period: the return for Oct 2026 is already recorded for SC-0031")
            && again.out.contains("use correct to change it"),
        "{}",
        again.out
    );
    assert_eq!(state(&db), before);
}

#[test]
fn impossible_returns_are_refused_naming_the_field_and_nothing_is_written() {
    let (_dir, db) = demo();
    let before = state(&db);
    let cases: [(&[&str], &str); 5] = [
        (
            &["--period", "2030-01"],
            "--period: Jan 2030 is outside SC-0031",
        ),
        (
            &["--milestones-met", "3"],
            "--milestones-met: 3 is out of range",
        ),
        (&["--paid=-5"], "--paid"),
        (
            &["--submitted", "30/09/2026"],
            "--submitted: 30 Sep 2026 is not a day a return for Oct 2026 can have come in",
        ),
        (&["--quality", "7"], "--quality"),
    ];
    for (extra, said) in cases {
        let mut args: Vec<&str> = OCTOBER.to_vec();
        args.push("22");
        args.extend(["--reason", "x"]);
        // A later flag replaces the one in OCTOBER where both are given.
        let run = if extra[0] == "--period" {
            let mut a = args.clone();
            a[4] = extra[1];
            hubboard(&db, &a)
        } else {
            args.extend(extra);
            hubboard(&db, &args)
        };
        assert_eq!(run.code, 2, "{extra:?}: {}", run.out);
        assert!(run.out.contains(said), "{said:?} not in\n{}", run.out);
        assert_eq!(state(&db), before, "{extra:?} wrote something");
    }
    let unknown = hubboard(
        &db,
        &[
            "returns",
            "record",
            "SC-9999",
            "--period",
            "2026-10",
            "--units",
            "1",
            "--spend",
            "1",
            "--paid",
            "1",
            "--referrals",
            "1",
            "--reason",
            "x",
        ],
    );
    assert_eq!(unknown.code, 2, "{}", unknown.out);
    assert!(unknown.out.contains("SC-9999"), "{}", unknown.out);
    assert_eq!(state(&db), before);
}

#[test]
fn a_correction_keeps_before_and_after_in_the_audit_row() {
    let (_dir, db) = demo();
    assert_eq!(record_october(&db, &[]).code, 0);
    let run = hubboard(
        &db,
        &[
            "returns",
            "correct",
            "sc-0031",
            "--period",
            "2026-10",
            "--units",
            "20",
            "--reason",
            "Miscounted",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.out);
    assert!(
        run.out.contains("corrected: units delivered 18 → 20"),
        "{}",
        run.out
    );
    let rows = audit_rows(&db, "return_correct");
    assert_eq!(rows.len(), 1);
    assert!(
        rows[0].1.contains("\"units_delivered\":18"),
        "{}",
        rows[0].1
    );
    assert!(
        rows[0].2.contains("\"units_delivered\":20"),
        "{}",
        rows[0].2
    );
    // Correcting a month not in, or to the same figures, is refused.
    let none = hubboard(
        &db,
        &[
            "returns", "correct", "SC-0031", "--period", "2026-11", "--units", "1", "--reason", "x",
        ],
    );
    assert_eq!(none.code, 2, "{}", none.out);
    assert!(
        none.out.contains("record it rather than correct it"),
        "{}",
        none.out
    );
    let same = hubboard(
        &db,
        &[
            "returns", "correct", "SC-0031", "--period", "2026-10", "--units", "20", "--reason",
            "x",
        ],
    );
    assert_eq!(same.code, 2, "{}", same.out);
    assert!(same.out.contains("nothing to correct"), "{}", same.out);
}

/// October 2026's returns for every sub-contract on the performance pane, as the CSV a month's
/// batch comes in: what is on record, and the missing ones (SC-0023's and SC-0031's) filled in.
/// With the number of rows and of those filled in.
fn october_batch(db: &Path, dir: &Path) -> (PathBuf, usize, usize) {
    let store = Store::open(db, OpenMode::ReadOnly).unwrap();
    let mut st = store
        .conn()
        .prepare(
            "SELECT r.subcontract, r.units_delivered, r.outcomes_achieved, r.milestones_met,
                    r.spend, r.paid, COALESCE(r.quality_grade, ''), r.referrals,
                    COALESCE(r.submitted, '')
               FROM monitoring_returns r JOIN subcontracts s ON s.code = r.subcontract
              WHERE r.period = '2026-10' AND s.status IN ('active', 'suspended')
              ORDER BY r.subcontract",
        )
        .unwrap();
    let mut text = String::from(
        "subcontract,period,units_delivered,outcomes_achieved,milestones_met,spend,paid,quality_grade,referrals,submitted\n",
    );
    let (mut n, mut missing) = (0, 0);
    let rows = st
        .query_map([], |r| {
            (0..9)
                .map(|i| {
                    r.get_ref(i).map(|v| match v {
                        rusqlite::types::ValueRef::Integer(x) => x.to_string(),
                        rusqlite::types::ValueRef::Text(t) => {
                            String::from_utf8_lossy(t).into_owned()
                        }
                        _ => String::new(),
                    })
                })
                .collect::<rusqlite::Result<Vec<String>>>()
        })
        .unwrap();
    for row in rows {
        let mut c = row.unwrap();
        if c[8].is_empty() {
            missing += 1;
            // One not yet in: it comes in with the batch, today.
            c = vec![
                c[0].clone(),
                "18".into(),
                "3".into(),
                "0".into(),
                "1500.00".into(),
                "1650.00".into(),
                "2".into(),
                "22".into(),
                "29/11/2026".into(),
            ];
        }
        text.push_str(&format!("{},2026-10,{}\n", c[0], c[1..].join(",")));
        n += 1;
    }
    let path = dir.join("october.csv");
    std::fs::write(&path, text).unwrap();
    (path, n, missing)
}

#[test]
fn a_months_batch_imported_twice_adds_once_then_reports_every_row_unchanged() {
    let (dir, db) = demo();
    let (file, n, missing) = october_batch(&db, dir.path());
    assert!(n > 100, "{n}");
    assert_eq!(missing, 2);
    let file = file.display().to_string();
    let first = hubboard(
        &db,
        &["returns", "import", &file, "--reason", "October batch"],
    );
    assert_eq!(first.code, 0, "{}", first.out);
    assert!(
        first.out.contains(&format!(
            "returns imported: 2 added, 0 corrected, {} unchanged",
            n - 2
        )),
        "{}",
        first.out
    );
    let (_, audit_before) = state(&db);
    let second = hubboard(
        &db,
        &[
            "returns",
            "import",
            &file,
            "--reason",
            "October batch again",
        ],
    );
    assert_eq!(second.code, 0, "{}", second.out);
    assert!(
        second.out.contains(&format!(
            "returns imported: 0 added, 0 corrected, {n} unchanged"
        )),
        "{}",
        second.out
    );
    let (_, audit_after) = state(&db);
    assert_eq!(audit_after, audit_before + 1, "one audit row saying so");
    let rows = audit_rows(&db, "returns_import");
    assert!(
        rows[1].2.contains(&format!("\"unchanged\":{n}")),
        "{}",
        rows[1].2
    );
}

#[test]
fn a_batch_with_a_bad_row_writes_nothing_and_names_the_line_and_column() {
    let (dir, db) = demo();
    let (file, _, _) = october_batch(&db, dir.path());
    let text = std::fs::read_to_string(&file).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    // Line 3: a money value with a misplaced comma; line 4: an unknown sub-contract.
    let cells: Vec<&str> = lines[2].split(',').collect();
    lines[2] = format!(
        "{},{},{},{},{},\"1,50.00\",{}",
        cells[0],
        cells[1],
        cells[2],
        cells[3],
        cells[4],
        cells[6..].join(",")
    );
    lines[3] = lines[3].replacen("SC-", "SC-9", 1);
    std::fs::write(&file, lines.join("\n") + "\n").unwrap();
    let before = state(&db);
    let run = hubboard(
        &db,
        &[
            "returns",
            "import",
            &file.display().to_string(),
            "--reason",
            "x",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.out);
    assert!(
        run.out
            .contains("refused, nothing was written: 2 problems found"),
        "{}",
        run.out
    );
    assert!(run.out.contains("line 3, column spend"), "{}", run.out);
    assert!(
        run.out.contains("line 4, column subcontract"),
        "{}",
        run.out
    );
    assert_eq!(state(&db), before);
}
