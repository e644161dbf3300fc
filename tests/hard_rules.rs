//! The rules no override sets aside, through the real binary: an associate member holding a
//! sub-contract, letting beyond the prime contract (single, joint and competitive awards), and a
//! bidder sitting on its own appraisal panel. Each is refused with exit code 1 even with
//! `--override-reason`, names the rule, offers no override, and leaves every table as it was.

mod ops_support;

use std::path::Path;
use std::process::Command;

use hubboard::domain::{SubContractStatus, Tier};
use hubboard::store::{OpenMode, Store};
use ops_support::*;
use rust_decimal_macros::dec;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// KN01 and KN02 (full, £1,000,000 income, 50 advice units), KN09 (associate) and KN01's
/// active SC-000001 on another contract. `WON` is worth £120,000 gross, £114,000 net of the 5%
/// top slice, and nothing of it is let yet.
fn database() -> (tempfile::TempDir, std::path::PathBuf) {
    let hub = Hub::new();
    hub.member_with("KN01", Tier::Full, dec!(1000000), 50, "2028-03-31")
        .member_with("KN02", Tier::Full, dec!(1000000), 50, "2028-03-31")
        .member_with("KN09", Tier::Associate, dec!(1000000), 50, "2028-03-31")
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

fn hubboard(path: &Path, args: &[String]) -> Run {
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

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| s.to_string()).collect()
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

const OVERRIDE: [&str; 2] = ["--override-reason", "The Board agreed it on 3 Dec"];

/// A single award on `WON` to `member` for `value`, 10 units a month through 2027, overridden.
fn single(member: &str, value: &str) -> Vec<String> {
    let mut args = strings(&[
        "award",
        "--opportunity",
        WON,
        "--member",
        member,
        "--value",
        value,
        "--start",
        "2026-12-01",
        "--end",
        "2027-11-30",
        "--units",
        "10",
        "--reason",
        "Delivery plan agreed",
    ]);
    args.extend(strings(&OVERRIDE));
    args
}

/// Runs `args`, then insists on a refusal naming `rule` as one no override can set aside, with
/// nothing written, and the same of its dry run.
fn refused_whatever_the_override(path: &Path, args: &[String], rule: &str) -> String {
    let before = tables(path);
    let run = hubboard(path, args);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains(rule), "{rule:?} not in\n{}", run.stderr);
    assert!(
        !run.stderr.contains("add --override-reason"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stdout.contains("written"),
        "{}{}",
        run.stdout,
        run.stderr
    );
    assert_eq!(tables(path), before, "a refused decision wrote something");
    let mut dry = args.to_vec();
    dry.push("--dry-run".into());
    let dry = hubboard(path, &dry);
    assert_eq!(dry.code, 1, "{}{}", dry.stdout, dry.stderr);
    assert_eq!(tables(path), before);
    run.stderr
}

#[test]
fn an_associate_member_is_refused_a_sub_contract_whatever_the_override() {
    let (_dir, path) = database();
    let text = refused_whatever_the_override(&path, &single("KN09", "£12,000"), "✗ full member");
    assert!(text.contains("(a rule: cannot be overridden)"), "{text}");
}

#[test]
fn letting_beyond_the_prime_is_refused_whatever_the_override() {
    let (_dir, path) = database();
    // £114,000 is the net; £114,000.01 is a penny beyond it.
    let text = refused_whatever_the_override(
        &path,
        &single("KN02", "£114,000.01"),
        "✗ within the prime contract: let £0.00 + this £114,000.01 = £114,000.01 is more than the net £114,000.00 (£114,000.00 unlet)",
    );
    assert!(text.contains("(a rule: cannot be overridden)"), "{text}");
    // The whole net is still open to let, exactly.
    let run = hubboard(&path, &single("KN02", "£114,000.00"));
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

#[test]
fn a_sub_contract_outside_the_prime_period_is_refused_whatever_the_override() {
    let (_dir, path) = database();
    let mut args = single("KN02", "£12,000");
    let at = args.iter().position(|a| a == "--end").unwrap();
    args[at + 1] = "2035-03-31".into();
    let text = refused_whatever_the_override(&path, &args, "✗ within the prime contract");
    assert!(text.contains("31 Mar 2035"), "{text}");
}

#[test]
fn a_joint_award_with_nothing_left_to_let_is_refused_whatever_the_override() {
    let (_dir, path) = database();
    let run = hubboard(&path, &single("KN02", "£114,000"));
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let mut args = strings(&[
        "award",
        "--opportunity",
        WON,
        "--joint",
        "KN01,KN02",
        "--units",
        "10",
        "--start",
        "2026-12-01",
        "--end",
        "2027-11-30",
        "--reason",
        "Joint plan",
    ]);
    args.extend(strings(&OVERRIDE));
    refused_whatever_the_override(&path, &args, "within the prime contract");
}

#[test]
fn a_competitive_winner_priced_beyond_the_prime_is_refused_whatever_the_override() {
    let (dir, path) = database();
    let bids = write(
        dir.path(),
        "bids.csv",
        "bidder,price,units_per_month\nKN01,\"£150,000\",10\nKN02,\"£140,000\",10\n",
    );
    let mut panel = String::from("panel_member,bidder,criterion,score\n");
    for (who, bidder, score) in [
        ("Ann", "KN01", 8),
        ("Bob", "KN01", 8),
        ("Ann", "KN02", 6),
        ("Bob", "KN02", 6),
    ] {
        for c in ["delivery_plan", "capacity", "price", "social_value"] {
            panel.push_str(&format!("{who},{bidder},{c},{score}\n"));
        }
    }
    let panel = write(dir.path(), "panel.csv", &panel);
    let mut args = strings(&[
        "award",
        "--opportunity",
        WON,
        "--panel",
        &panel,
        "--bids",
        &bids,
        "--start",
        "2026-12-01",
        "--end",
        "2027-11-30",
        "--reason",
        "Board decision 3 Dec",
    ]);
    args.extend(strings(&OVERRIDE));
    let text = refused_whatever_the_override(
        &path,
        &args,
        "✗ within the prime contract: let £0.00 + this £150,000.00",
    );
    assert!(text.contains("(a rule: cannot be overridden)"), "{text}");
}

#[test]
fn a_bidder_scoring_its_own_bid_is_refused_whatever_the_override() {
    let (dir, path) = database();
    let bids = write(
        dir.path(),
        "bids.csv",
        "bidder,price,units_per_month\nKN01,\"£30,000\",10\nKN02,\"£28,000\",10\n",
    );
    // KN02 bids and sits on the panel: it scores itself 10 and its rival 1.
    let mut panel = String::from("panel_member,bidder,criterion,score\n");
    for (who, bidder, score) in [
        ("Ann", "KN01", 6),
        ("kn02", "KN01", 1),
        ("Ann", "KN02", 6),
        ("kn02", "KN02", 10),
    ] {
        for c in ["delivery_plan", "capacity", "price", "social_value"] {
            panel.push_str(&format!("{who},{bidder},{c},{score}\n"));
        }
    }
    let panel = write(dir.path(), "panel.csv", &panel);
    let mut args = strings(&[
        "award",
        "--opportunity",
        WON,
        "--panel",
        &panel,
        "--bids",
        &bids,
        "--start",
        "2026-12-01",
        "--end",
        "2027-11-30",
        "--reason",
        "Board decision 3 Dec",
    ]);
    args.extend(strings(&OVERRIDE));
    let text = refused_whatever_the_override(&path, &args, "sits on the panel");
    assert!(text.contains("no override can set this aside"), "{text}");
}
