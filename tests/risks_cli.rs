//! `hubboard risks` and `hubboard risk …` through the real binary.

use std::path::Path;
use std::process::{Command, Output};

fn hubboard(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hubboard"))
        .arg("--db")
        .arg(db)
        .args(["--today", "2026-11-22"])
        .args(args)
        .env_remove("HUBBOARD_DB")
        .env_remove("HUBBOARD_TODAY")
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn knowsley_db() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hub.db");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/knowsley");
    let o = hubboard(&db, &["import", fixture.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    (dir, db)
}

#[test]
fn risks_table_shows_scores_bands_flags_and_the_heatmap_counts() {
    let (_dir, db) = knowsley_db();
    let o = hubboard(&db, &["risks", "--scale", "knowsley"]);
    assert!(o.status.success(), "{}", text(&o));
    let out = text(&o);
    assert!(out.contains("14 risk(s)"), "{out}");
    let governance = out.lines().find(|l| l.starts_with("R-005")).unwrap();
    assert!(
        governance.contains("3×5=15 ⚠") && governance.contains("off_scale"),
        "{governance}"
    );
    let external = out.lines().find(|l| l.starts_with("R-001")).unwrap();
    assert!(external.contains("5×3=15 high"), "{external}");
    // Review dates read as the screens show them (ISO stays in CSV and JSON).
    let json = hubboard(&db, &["risks", "--scale", "knowsley", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let first = rows.as_array().map_or(&rows["risks"][0], |a| &a[0]);
    let iso = first["review_date"].as_str().unwrap().to_string();
    let code = first["code"].as_str().unwrap();
    let on_screen = hubboard::dates::display(hubboard::dates::parse_iso(&iso).unwrap());
    let line = out.lines().find(|l| l.starts_with(code)).unwrap();
    assert!(line.contains(&on_screen) && !line.contains(&iso), "{line}");
    // Impact down, probability across, as the dashboard draws it: at probability 5, impact 3
    // holds five risks (high) and impact 4 two (extreme).
    let cell = |row: &str, p: usize| -> String {
        let line = out.lines().find(|l| l.starts_with(row)).unwrap();
        line.split_whitespace().nth(1 + p).unwrap().to_string()
    };
    assert_eq!(cell("3 damaging", 5), "5H");
    assert_eq!(cell("4 grave", 5), "2E");
    assert_eq!(cell("1 minor", 1), "0L");
    assert!(out.contains("gross heatmap on knowsley"));
    assert!(out.contains("10 in the grid"));
    assert!(out.contains("  R-005 Governance failure: 3×5"));
}

#[test]
fn risks_as_json_and_csv_carry_bands_and_flags() {
    let (_dir, db) = knowsley_db();
    let o = hubboard(&db, &["risks", "--format", "json"]);
    assert!(o.status.success(), "{}", text(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), 14);
    let r2 = rows.iter().find(|r| r["code"] == "R-002").unwrap();
    assert_eq!(r2["gross_band"], "extreme");
    assert_eq!(r2["net_score"], 9);
    assert_eq!(r2["net_band"], "moderate");
    let r8 = rows.iter().find(|r| r["code"] == "R-008").unwrap();
    assert_eq!(r8["gross_band"], serde_json::Value::Null);
    assert_eq!(r8["flags"], "off_scale");
    let o = hubboard(&db, &["risks", "--format", "csv"]);
    let csv = String::from_utf8(o.stdout).unwrap();
    assert_eq!(csv.lines().count(), 15);
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .starts_with("code,title,category")
    );
    let o = hubboard(&db, &["risks", "--scale", "iso"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("--scale: no scale named 'iso'"));
}

#[test]
fn risk_commands_write_audit_rows_and_exit_with_the_usual_codes() {
    let (_dir, db) = knowsley_db();
    let add = [
        "risk",
        "add",
        "--title",
        "Loss of key staff",
        "--category",
        "service",
        "--owner",
        "Chair",
        "--probability",
        "3",
        "--impact",
        "3",
        "--review",
        "2027-01-31",
        "--reason",
        "Board, 20 Nov",
    ];
    let o = hubboard(&db, &add);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("written: risk R-015 added"));
    let o = hubboard(
        &db,
        &[
            "risk",
            "edit",
            "R-015",
            "--net-probability",
            "2",
            "--net-impact",
            "2",
            "--reason",
            "controls agreed",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = hubboard(
        &db,
        &["risk", "close", "R-015", "--reason", "staff recruited"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = hubboard(&db, &["risk", "close", "R-015", "--reason", "again"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let o = hubboard(&db, &["risk", "reopen", "R-015", "--reason", "left again"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let mut bad = add;
    bad[13] = "31/02/2027";
    let o = hubboard(&db, &bad);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("--review: '31/02/2027' is not a real calendar date"),
        "{}",
        text(&o)
    );
    let o = hubboard(
        &db,
        &[
            "risk",
            "edit",
            "R-015",
            "--entity",
            "member",
            "--entity-code",
            "ZZ99",
            "--reason",
            "x",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("no member with code 'ZZ99'"));
    let o = hubboard(&db, &["audit", "log", "--entity", "risk:R-015"]);
    let log = text(&o);
    for action in ["risk_add", "risk_edit", "risk_close", "risk_reopen"] {
        assert!(log.contains(action), "{action} missing from {log}");
    }
    let o = hubboard(&db, &["audit", "verify"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = hubboard(&db, &["risks", "--all"]);
    assert!(text(&o).contains("15 risk(s)"));
}

#[test]
fn risks_shows_generated_risks_with_their_figures_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hub.db");
    let hand = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/hand");
    let o = hubboard(&db, &["import", hand.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    let count = |db: &Path| {
        let o = hubboard(db, &["audit", "log", "--json"]);
        serde_json::from_slice::<serde_json::Value>(&o.stdout)
            .unwrap()
            .as_array()
            .map_or(0, Vec::len)
    };
    let before = count(&db);
    let o = hubboard(&db, &["risks"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    // Active value in the hand fixture: SC01 (M01) £120,000, SC02 (M06) £96,000, SC05 (M02)
    // £24,000 of £240,000: M01 50% and M06 40% are over a quarter, M02 10% is not.
    let out = text(&o);
    let generated: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("G-"))
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(generated, ["G-CONC-M01", "G-CONC-M06"], "{out}");
    assert!(
        out.contains(
            "↳ generated by concentration: M01 holds £120,000.00 of £240,000.00 active contract value (50%), above the 25% limit"
        ),
        "{out}"
    );
    let o = hubboard(&db, &["risks", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let m06 = v
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "G-CONC-M06")
        .unwrap();
    assert_eq!(m06["generated_by"], "concentration");
    assert!(
        m06["explanation"]
            .as_str()
            .unwrap()
            .starts_with("M06 holds £96,000.00 of £240,000.00"),
        "{m06}"
    );
    let o = hubboard(&db, &["risks", "--format", "csv"]);
    let csv = String::from_utf8(o.stdout).unwrap();
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .contains("generated_by,explanation,flags")
    );
    assert_eq!(count(&db), before, "looking wrote an audit row");
    // Nothing to refresh any more; a generated risk is refused with the reason.
    let o = hubboard(&db, &["risk", "refresh"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let o = hubboard(&db, &["risk", "close", "G-CONC-M01", "--reason", "x"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("G-CONC-M01 goes by itself when its cause clears"),
        "{}",
        text(&o)
    );
    assert_eq!(count(&db), before);
}

#[test]
fn risks_heatmap_cells_as_csv_and_json_match_the_table() {
    let (_dir, db) = knowsley_db();
    let o = hubboard(
        &db,
        &[
            "risks",
            "--scale",
            "knowsley",
            "--heatmap",
            "--format",
            "csv",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let csv = String::from_utf8(o.stdout).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("basis,scale,probability,impact,band,count")
    );
    let cells: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    // Knowsley is 7 × 4: every cell of both grids, empty ones too.
    assert_eq!(cells.len(), 2 * 7 * 4);
    let gross: usize = cells
        .iter()
        .filter(|c| c[0] == "gross")
        .map(|c| c[5].parse::<usize>().unwrap())
        .sum();
    assert_eq!(gross, 10, "the table says 10 in the grid");
    let p5_i3 = cells
        .iter()
        .find(|c| c[0] == "gross" && c[2] == "5" && c[3] == "3")
        .unwrap();
    assert_eq!((p5_i3[4], p5_i3[5]), ("high", "5"));
    let o = hubboard(
        &db,
        &[
            "risks",
            "--scale",
            "knowsley",
            "--heatmap",
            "--format",
            "json",
        ],
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let cell = v
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["basis"] == "gross" && c["probability"] == 5 && c["impact"] == 4)
        .unwrap();
    assert_eq!(cell["count"], 2);
    assert_eq!(cell["band"], "extreme");
}

#[test]
fn piped_tables_keep_whole_titles_and_a_closed_pipe_is_quiet() {
    let (_dir, db) = knowsley_db();
    let long = "Loss of the consortium's two most experienced employment advisers to a competitor";
    let o = hubboard(
        &db,
        &[
            "risk",
            "add",
            "--title",
            long,
            "--category",
            "service",
            "--owner",
            "Chair",
            "--probability",
            "3",
            "--impact",
            "3",
            "--review",
            "2027-01-31",
            "--reason",
            "Board",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    // Output is piped here, so nothing is cut.
    let out = text(&hubboard(&db, &["risks"]));
    assert!(out.contains(long), "{out}");
    assert!(!out.contains('…'), "{out}");
    // A reader that stops early ends the command quietly: no panic, no message.
    let mut child = Command::new(env!("CARGO_BIN_EXE_hubboard"))
        .arg("--db")
        .arg(&db)
        .args(["audit", "log"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert!(
        o.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}
