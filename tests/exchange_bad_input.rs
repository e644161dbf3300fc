//! Every case in fixtures/bad: imported on top of the hand fixture it is refused with exactly the
//! problems its expected.txt lists, exit code 2, and the database is left as it was.

mod exchange_support;

use std::path::{Path, PathBuf};

use exchange_support::*;
use hubboard::HubError;
use hubboard::exchange::Format;

/// The kinds of error the brief requires a fixture for; more may exist.
const REQUIRED_CASES: &[&str] = &[
    "malformed_row",
    "unknown_member",
    "end_before_start",
    "quality_grade_out_of_scale",
    "bid_score_out_of_scale",
    "money_misplaced_comma",
    "money_european_format",
    "date_not_iso",
    "impossible_date",
    "unknown_enum",
    "duplicate_key",
    "duplicate_of_existing",
    "missing_column",
    "unknown_column",
    "negative_units",
    "empty_required_field",
    "json_wrong_type",
];

fn cases() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(fixtures().join("bad"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn format_of(dir: &Path) -> Format {
    let has_json = std::fs::read_dir(dir)
        .unwrap()
        .any(|e| e.unwrap().path().extension().is_some_and(|x| x == "json"));
    if has_json { Format::Json } else { Format::Csv }
}

fn expected_lines(dir: &Path) -> Vec<String> {
    std::fs::read_to_string(dir.join("expected.txt"))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn every_required_case_has_a_fixture() {
    let names: Vec<String> = cases()
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for required in REQUIRED_CASES {
        assert!(
            names.iter().any(|n| n == required),
            "fixtures/bad/{required} is missing"
        );
    }
    let readme = std::fs::read_to_string(fixtures().join("bad").join("README.md")).unwrap();
    for n in &names {
        assert!(
            readme.contains(&format!("`{n}`")),
            "fixtures/bad/README.md does not list {n}"
        );
    }
}

#[test]
fn every_bad_case_is_refused_with_its_expected_messages_and_changes_nothing() {
    for dir in cases() {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let (_d, mut store) = hand_store();
        let before = dump(&store);
        let err = import(&mut store, &dir, format_of(&dir)).expect_err(&name);
        assert!(matches!(err, HubError::Invalid(_)), "{name}: {err:?}");
        assert_eq!(err.exit_code(), 2, "{name}");
        let text = err.to_string();
        let expected = expected_lines(&dir);
        assert!(!expected.is_empty(), "{name}: expected.txt is empty");
        for line in &expected {
            assert!(
                text.contains(line.as_str()),
                "{name}: missing\n  {line}\nin\n{text}"
            );
        }
        let n = expected.len();
        let count = format!("{n} problem{} found", if n == 1 { "" } else { "s" });
        assert!(
            text.contains(&count),
            "{name}: expected exactly {count}, got\n{text}"
        );
        assert_eq!(dump(&store), before, "{name}: the database changed");
    }
}

#[test]
fn a_hostile_json_file_is_refused_in_bounded_memory_and_leaves_no_database() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    // 200,000 empty objects: every one of them wrong in every required column.
    let body = vec!["{}"; 200_000].join(",");
    std::fs::write(input.join("members.json"), format!("[{body}]")).unwrap();
    let db = dir.path().join("new.db");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hubboard"))
        .args([
            "--db",
            db.to_str().unwrap(),
            "import",
            input.to_str().unwrap(),
        ])
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("more"), "{err}");
    assert!(err.lines().count() <= 25, "every problem listed:\n{err}");
    assert!(
        !db.exists(),
        "a refused import into a new file left a database"
    );
    // The largest child this test ran: the import, in kilobytes.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage writes into the struct given.
    assert_eq!(
        unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) },
        0
    );
    let peak_mb = usage.ru_maxrss / 1024;
    println!("peak memory of the refused import: {peak_mb} MB");
    assert!(peak_mb < 200, "the import took {peak_mb} MB");
}
