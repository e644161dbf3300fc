//! A database holding huge values put in with SQL directly, bypassing every check: each command
//! that reads it either works or exits with a clear message, and none panics.

mod huge_support;

use std::path::Path;

use huge_support::*;

/// Every command that reads the whole database: the snapshot of each pane, the triage list, the
/// register, every won opportunity's ledger, and the board pack in each format (written into `out`).
fn commands(out: &Path) -> Vec<Vec<String>> {
    let mut list: Vec<Vec<String>> = ["overview", "tenders", "capacity", "performance", "risks"]
        .iter()
        .map(|pane| vec!["snapshot".into(), "--pane".into(), pane.to_string()])
        .collect();
    list.push(vec!["triage".into()]);
    list.push(vec!["risks".into()]);
    for format in ["table", "csv", "json"] {
        list.push(vec!["ledger".into(), "--format".into(), format.into()]);
    }
    for format in ["md", "html", "csv"] {
        let file = out.join(format!("pack.{format}"));
        list.push(vec![
            "report".into(),
            "--format".into(),
            format.into(),
            "--out".into(),
            file.display().to_string(),
        ]);
    }
    list
}

/// Runs every command on `db`; returns (command, exit code, stdout, stderr), having checked that
/// each ended with an exit code of its own and no panic.
fn run_all(db: &Path, out: &Path) -> Vec<(String, i32, String, String)> {
    commands(out)
        .into_iter()
        .map(|args| {
            let refs: Vec<&str> = args.iter().map(String::as_str).collect();
            let o = hubboard(db, &refs);
            let (stdout, stderr) = (text(&o.stdout), text(&o.stderr));
            let shown = args.join(" ");
            let code = o
                .status
                .code()
                .unwrap_or_else(|| panic!("{shown}: killed by a signal"));
            assert!(!stderr.contains("panicked"), "{shown} panicked:\n{stderr}");
            assert_ne!(code, 101, "{shown}: {stderr}");
            (shown, code, stdout, stderr)
        })
        .collect()
}

#[test]
fn values_past_what_hubboard_reads_are_reported_naming_the_column_and_the_value() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), "huge.db");
    make_huge(&db, DECIMAL_MAX, U32_MAX);
    for (command, code, stdout, stderr) in run_all(&db, dir.path()) {
        assert_eq!(code, 2, "{command}: {stdout}{stderr}");
        assert!(
            stderr
                .starts_with("hubboard: the database holds a value hubboard cannot read (column "),
            "{command}: {stderr}"
        );
        assert!(
            stderr.contains(&format!(
                "'{DECIMAL_MAX}' is too large: a money value has at most 15 digits"
            )),
            "{command}: {stderr}"
        );
        assert!(stderr.contains("Correct the row"), "{command}: {stderr}");
    }
}

#[test]
fn whole_numbers_too_large_for_a_count_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), "counts.db");
    make_huge(&db, "1000.00", 99_999_999_999);
    for (command, code, stdout, stderr) in run_all(&db, dir.path()) {
        assert_eq!(code, 2, "{command}: {stdout}{stderr}");
        assert!(
            stderr.starts_with("hubboard: the database holds a value hubboard cannot read ("),
            "{command}: {stderr}"
        );
        assert!(stderr.contains("99999999999"), "{command}: {stderr}");
        assert!(stderr.contains("out of range"), "{command}: {stderr}");
    }
}

#[test]
fn the_largest_values_hubboard_reads_are_worked_out_and_shown() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), "largest.db");
    make_huge(&db, CEILING, U32_MAX);
    // Fill the score cache (triage writes it) and edit it, so an edited cache is read too.
    let warm = hubboard(&db, &["triage"]);
    assert_eq!(warm.status.code(), Some(0), "{}", text(&warm.stderr));
    assert!(edit_cached_scores(&db) > 0, "the cache was not filled");
    let edited = |db: &Path| -> i64 {
        rusqlite::Connection::open(db)
            .unwrap()
            .query_row(
                "SELECT COUNT(*) FROM subcontract_scores WHERE overall = ?1",
                [DECIMAL_MAX],
                |r| r.get(0),
            )
            .unwrap()
    };
    for (command, code, stdout, stderr) in run_all(&db, dir.path()) {
        assert_eq!(code, 0, "{command}: {stdout}{stderr}");
        if command.starts_with("snapshot --pane overview") {
            assert!(
                stdout.contains("Active £3000000.0bn"),
                "{command}:\n{stdout}"
            );
        }
    }
    // Three active sub-contracts at the ceiling, plus the rest, in whole pounds.
    let pack = std::fs::read_to_string(dir.path().join("pack.md")).unwrap();
    assert!(
        pack.contains("| Active contract value | **£3,000,000,0"),
        "{pack}"
    );
    // The edited cache was not trusted: every cached score is a score again.
    assert_eq!(edited(&db), 0);
}

#[test]
fn the_dashboard_load_refuses_or_works_and_never_panics() {
    let config = hubboard::config::Config::default();
    let today = hubboard::dates::parse_iso(TODAY).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let huge = demo_db(dir.path(), "huge.db");
    make_huge(&huge, DECIMAL_MAX, U32_MAX);
    let store = hubboard::store::Store::open(&huge, hubboard::store::OpenMode::ReadOnly).unwrap();
    let e = hubboard::dashboard::load(store.conn(), today, &config).unwrap_err();
    assert!(matches!(e, hubboard::HubError::Invalid(_)), "{e:?}");
    let largest = demo_db(dir.path(), "largest.db");
    make_huge(&largest, CEILING, U32_MAX);
    let store =
        hubboard::store::Store::open(&largest, hubboard::store::OpenMode::ReadOnly).unwrap();
    let snap = hubboard::dashboard::load(store.conn(), today, &config).unwrap();
    assert!(snap.capacity.iter().any(|c| c.capacity == u32::MAX));
    assert!(snap.summary.active_value >= rust_decimal::Decimal::from(999_999_999_999_999u64));
    let (board, _) =
        hubboard::board::load(store.conn(), today, &config, &config.board, None, true).unwrap();
    assert!(
        board
            .clusters
            .iter()
            .any(|c| c.capacity >= u64::from(u32::MAX))
    );
}
