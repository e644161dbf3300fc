//! The joint and competitive award routes through the real binary: what they print, their exit codes, and that dry runs and refusals write nothing.

mod ops_support;

use std::path::Path;
use std::process::Command;

use hubboard::domain::{SubContractStatus, Tier};
use hubboard::store::{OpenMode, Store, audit, subcontracts};
use ops_support::*;
use rust_decimal_macros::dec;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// KN01, KN02, KN03 (£150,000 income; 50, 30 and 17 advice units) and KN01's active SC-000001.
fn database() -> (tempfile::TempDir, std::path::PathBuf) {
    let hub = Hub::new();
    hub.member_with("KN01", Tier::Full, dec!(150000), 50, "2028-03-31")
        .member_with("KN02", Tier::Full, dec!(150000), 30, "2028-03-31")
        .member_with("KN03", Tier::Full, dec!(150000), 17, "2028-03-31")
        .sub(
            "SC-000001",
            "KN01",
            dec!(1200),
            1,
            SubContractStatus::Active,
        );
    let Hub {
        dir, path, store, ..
    } = hub;
    drop(store);
    std::fs::write(dir.path().join("config.toml"), "").unwrap();
    (dir, path)
}

fn hubboard(path: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_hubboard"))
        .arg("--db")
        .arg(path)
        .arg("--config")
        .arg(path.with_file_name("config.toml"))
        .args(["--today", TODAY])
        .args(args)
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn tables(path: &Path) -> Vec<(String, Vec<String>)> {
    snapshot(Store::open(path, OpenMode::ReadOnly).unwrap().conn())
}

fn audit_rows(path: &Path) -> Vec<audit::Row> {
    let store = Store::open(path, OpenMode::ReadOnly).unwrap();
    match audit::verify(store.conn()).unwrap() {
        audit::Verdict::Intact { .. } => {}
        broken => panic!("audit chain broken: {broken:?}"),
    }
    audit::list(store.conn(), None).unwrap()
}

const JOINT: &[&str] = &[
    "award",
    "--opportunity",
    WON,
    "--joint",
    "KN01,KN02,KN03",
    "--units",
    "40",
    "--start",
    "2026-12-01",
    "--end",
    "2027-11-30",
    "--reason",
    "joint delivery plan agreed 3 Dec",
];

#[test]
fn a_joint_dry_run_shows_the_split_and_checks_and_writes_nothing() {
    let (_dir, path) = database();
    let before = tables(&path);
    let mut args = JOINT.to_vec();
    args.push("--dry-run");
    let run = hubboard(&path, &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // KN02's capacity 30 is all free; KN01 has 49 of 50 (SC-000001 takes 1); KN03 17. Units:
    // 40 × 49/96 = 20.42, × 30/96 = 12.5, × 17/96 = 7.08; 20 + 12 + 7 = 39, the spare unit to
    // KN02 (.5). Over 12 months that is 240 + 156 + 84 = 480 units owed, and the £114,000 net
    // over 480 is £237.50 a unit exactly: 57,000.00, 37,050.00 and 19,950.00, one rate for all.
    for line in [
        "KN01: £57,000.00, 20 units a month at £237.50 a unit (headroom 49, member version 1)",
        "KN02: £37,050.00, 13 units a month at £237.50 a unit (headroom 30, member version 1)",
        "KN03: £19,950.00, 7 units a month at £237.50 a unit (headroom 17, member version 1)",
        "shares total £114,000.00 against net value £114,000.00 (£120,000.00 less top slice £6,000.00 at 5%): exact",
        "✓ within the prime contract: let £0.00 + this £114,000.00 = £114,000.00 of the net £114,000.00",
        "will write, in one transaction with its audit row:",
        "  sub-contract SC-000004 for KN03",
        "dry run: nothing written",
    ] {
        assert!(
            run.stdout.contains(line),
            "missing {line:?} in\n{}",
            run.stdout
        );
    }
    assert_eq!(tables(&path), before);
}

#[test]
fn a_joint_award_writes_one_sub_contract_and_audit_row_per_member() {
    let (_dir, path) = database();
    let run = hubboard(&path, JOINT);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(
            "written: 3 sub-contract(s) awarded: SC-000002, SC-000003, SC-000004; audit rows 1, 2, 3"
        ),
        "{}",
        run.stdout
    );
    let rows = audit_rows(&path);
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|r| r.action == "award"));
    let store = Store::open(&path, OpenMode::ReadOnly).unwrap();
    let total: rust_decimal::Decimal = ["SC-000002", "SC-000003", "SC-000004"]
        .iter()
        .map(|c| {
            subcontracts::get_subcontract(store.conn(), c)
                .unwrap()
                .unwrap()
                .value
        })
        .sum();
    assert_eq!(total, dec!(114000));
}

#[test]
fn joint_and_single_member_options_do_not_mix() {
    let (_dir, path) = database();
    let mut args = JOINT.to_vec();
    args.extend(["--member", "KN01"]);
    let run = hubboard(&path, &args);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert_eq!(
        run.stderr.trim(),
        "hubboard: --member: is not used by award by joint delivery",
        "{}",
        run.stderr
    );
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

/// Two bidders, three panel members; Bob works for KN02 and his scores for it are excluded.
/// KN01: Ann 7s → 70, Bob 6s → 60, Cat 7s → 70 → 66.67. KN02: Ann 6s → 60, Cat 6s → 60 → 60.00
/// (with Bob's 10s it would be 73.33 and win).
fn panel(dir: &Path) -> String {
    let mut text = String::from("panel_member,bidder,criterion,score\n");
    for (panel, bidder, score) in [
        ("Ann", "KN01", 7),
        ("Bob", "KN01", 6),
        ("Cat", "KN01", 7),
        ("Ann", "KN02", 6),
        ("Bob", "KN02", 10),
        ("Cat", "KN02", 6),
    ] {
        for c in ["delivery_plan", "capacity", "price", "social_value"] {
            text.push_str(&format!("{panel},{bidder},{c},{score}\n"));
        }
    }
    write(dir, "panel.csv", &text)
}

fn competitive_args(dir: &Path, panel: &str) -> Vec<String> {
    let bids = write(
        dir,
        "bids.csv",
        "bidder,price,units_per_month\nKN01,\"£30,000\",10\nKN02,28000,10\n",
    );
    let conflicts = write(
        dir,
        "conflicts.csv",
        "panel_member,bidder,reason\nBob,KN02,employed by KN02\n",
    );
    [
        "award",
        "--opportunity",
        WON,
        "--panel",
        panel,
        "--bids",
        &bids,
        "--conflicts",
        &conflicts,
        "--start",
        "2026-12-01",
        "--end",
        "2027-11-30",
        "--reason",
        "Board decision 3 Dec",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

#[test]
fn a_competitive_award_ranks_excludes_the_conflicted_and_awards_the_winner() {
    let (dir, path) = database();
    let panel = panel(dir.path());
    let args = competitive_args(dir.path(), &panel);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = hubboard(&path, &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for line in [
        "1. KN01 scored 66.67 at £30,000.00, 10 units a month (panel: Ann, Bob, Cat)",
        "2. KN02 scored 60.00 at £28,000.00, 10 units a month (panel: Ann, Cat; excluded for a declared conflict: Bob)",
        "award to KN01 (member version 1)",
        "written: sub-contract SC-000002 for KN01: £30,000.00",
    ] {
        assert!(
            run.stdout.contains(line),
            "missing {line:?} in\n{}",
            run.stdout
        );
    }
    let rows = audit_rows(&path);
    assert_eq!(rows.len(), 1);
    assert!(
        rows[0]
            .after_json
            .as_deref()
            .unwrap()
            .contains("\"competition\"")
    );
}

#[test]
fn a_bad_panel_file_names_file_line_and_column_and_writes_nothing() {
    let (dir, path) = database();
    let before = tables(&path);
    let bad = write(
        dir.path(),
        "panel.csv",
        "panel_member,bidder,criterion,score\nAnn,KN01,price,7\nAnn,KN01,price,eleven\nBob,KN02,,3\n",
    );
    let args = competitive_args(dir.path(), &bad);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = hubboard(&path, &args);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains(
            "panel.csv line 3, column score: 'eleven' is not a whole number from 0 to 10"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("panel.csv line 4, column criterion: a value is required here"),
        "{}",
        run.stderr
    );
    assert_eq!(tables(&path), before);
}
