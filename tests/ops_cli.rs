//! The decision commands through the real binary: what they print, their exit codes (0 done,
//! 1 refused by a rule, 2 bad input, 3 conflict), and that a dry run or a refusal writes nothing.

mod ops_support;

use std::path::Path;
use std::process::Command;

use hubboard::domain::SubContractStatus;
use hubboard::store::{OpenMode, Store, audit, subcontracts};
use ops_support::*;
use rust_decimal_macros::dec;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// A database holding the support consortium plus KN01's SC-000001 (£10,000, 7 units a month,
/// Apr 2026 – Mar 2027) with three paid returns, closed so the binary can open it.
fn database() -> (tempfile::TempDir, std::path::PathBuf) {
    let hub = Hub::new();
    hub.member("KN01")
        .member("KN02")
        .sub(
            "SC-000001",
            "KN01",
            dec!(10000),
            7,
            SubContractStatus::Active,
        )
        .ret("SC-000001", "2026-04", 7, 4, dec!(833.33), true)
        .ret("SC-000001", "2026-05", 7, 5, dec!(833.33), true)
        .ret("SC-000001", "2026-06", 7, 6, dec!(833.33), true);
    let Hub {
        dir, path, store, ..
    } = hub;
    drop(store);
    std::fs::write(dir.path().join("config.toml"), "").unwrap();
    (dir, path)
}

fn hubboard(path: &Path, args: &[&str]) -> Run {
    let config = path.with_file_name("config.toml");
    let out = Command::new(env!("CARGO_BIN_EXE_hubboard"))
        .arg("--db")
        .arg(path)
        .arg("--config")
        .arg(&config)
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

fn audit_intact(path: &Path) -> u64 {
    let store = Store::open(path, OpenMode::ReadOnly).unwrap();
    match audit::verify(store.conn()).unwrap() {
        audit::Verdict::Intact { rows } => rows,
        broken => panic!("audit chain broken: {broken:?}"),
    }
}

const AWARD: &[&str] = &[
    "award",
    "--opportunity",
    WON,
    "--member",
    "KN02",
    "--value",
    "£12,000.00",
    "--start",
    "2026-12-01",
    "--end",
    "2027-11-30",
    "--units",
    "10",
    "--reason",
    "joint delivery plan",
];

fn with(base: &[&str], more: &[&'static str]) -> Vec<String> {
    base.iter().chain(more).map(|s| s.to_string()).collect()
}

fn run(path: &Path, args: &[String]) -> Run {
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    hubboard(path, &refs)
}

#[test]
fn a_dry_run_award_prints_the_checks_and_writes_nothing() {
    let (_dir, path) = database();
    let before = tables(&path);
    let r = run(&path, &with(AWARD, &["--dry-run"]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("✓ capacity headroom: capacity 50 − committed 0 = 50 units/month free in advice; this needs 10"), "{}", r.stdout);
    assert!(r.stdout.contains("✓ share of income"), "{}", r.stdout);
    assert!(
        r.stdout.contains(
            "will write, in one transaction with its audit row:\n  sub-contract SC-000002 for KN02: £12,000.00 from 1 Dec 2026 to 30 Nov 2027"
        ),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("dry run: nothing written"));
    assert_eq!(tables(&path), before);
}

#[test]
fn an_award_is_written_with_its_audit_row() {
    let (_dir, path) = database();
    let r = hubboard(&path, AWARD);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains("written: sub-contract SC-000002 for KN02"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("member KN02 now at version 2"),
        "{}",
        r.stdout
    );
    assert_eq!(audit_intact(&path), 1);
    let store = Store::open(&path, OpenMode::ReadOnly).unwrap();
    let sc = subcontracts::get_subcontract(store.conn(), "SC-000002")
        .unwrap()
        .unwrap();
    assert_eq!(sc.value, dec!(12000));
}

#[test]
fn a_refused_award_exits_one_showing_the_failed_check_and_writes_nothing() {
    let (_dir, path) = database();
    let before = tables(&path);
    // KN02 has 50 advice units a month and none committed: 60 is more than it has free.
    let r = run(&path, &over_capacity(&[]));
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let failed = "✗ capacity headroom: capacity 50 − committed 0 = 50 units/month free in advice; this needs 60";
    assert!(r.stdout.contains(failed), "{}", r.stdout);
    assert!(
        r.stderr
            .starts_with(&format!("hubboard: refused: a check failed: {failed}")),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("--override-reason"));
    assert_eq!(tables(&path), before);
    // A dry run of the same says it would be refused, in words and by its exit code.
    let dry = run(&path, &over_capacity(&["--dry-run"]));
    assert_eq!(dry.code, 1);
    assert!(
        dry.stdout
            .contains(&format!("would be refused: a check failed: {failed}")),
        "{}",
        dry.stdout
    );
    assert_eq!(tables(&path), before);
}

/// The award above for 60 units a month.
fn over_capacity(more: &[&'static str]) -> Vec<String> {
    let mut args = with(AWARD, more);
    let at = args.iter().position(|a| a == "--units").unwrap();
    args[at + 1] = "60".into();
    args
}

#[test]
fn an_overridden_award_records_the_reason() {
    let (_dir, path) = database();
    let args = over_capacity(&["--override-reason", "Board approved extra staff at KN02"]);
    let r = run(&path, &args);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains("failed checks overridden: Board approved extra staff at KN02")
    );
    let store = Store::open(&path, OpenMode::ReadOnly).unwrap();
    let rows = audit::list(store.conn(), None).unwrap();
    assert!(
        rows[0]
            .reason
            .as_deref()
            .unwrap()
            .contains("override: Board approved extra staff at KN02")
    );
}

#[test]
fn two_step_sub_contracting_is_refused_whatever_the_override() {
    let (_dir, path) = database();
    let before = tables(&path);
    let args = with(
        AWARD,
        &[
            "--let-by",
            "KN01",
            "--override-reason",
            "Board approved the KN01 partnership",
        ],
    );
    let r = run(&path, &args);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("✗ let by the hub: let by member KN01")
            && r.stderr.contains("(a rule: cannot be overridden)"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("add --override-reason"), "{}", r.stderr);
    let dry = run(&path, &with(AWARD, &["--let-by", "KN01", "--dry-run"]));
    assert_eq!(dry.code, 1);
    assert!(
        !dry.stdout.contains("add --override-reason"),
        "{}",
        dry.stdout
    );
    assert_eq!(tables(&path), before);
}

/// Splits a command line on spaces (none of these arguments contains one).
fn words(line: &str) -> Vec<String> {
    line.split_whitespace().map(str::to_string).collect()
}

/// An award whose reason is an empty argument.
fn award_with_empty_reason() -> Vec<String> {
    let mut args = words("award --opportunity OP-ADV --member KN02 --units 1 --value 100");
    args.extend(words("--start 2026-12-01 --end 2027-11-30 --reason"));
    args.push(String::new());
    args
}

#[test]
fn bad_input_exits_two_and_writes_nothing() {
    let (_dir, path) = database();
    let before = tables(&path);
    let award = "award --opportunity OP-ADV --member KN02 --units 1 --reason x";
    let mut cases: Vec<Vec<String>> = [
        "--value ten --start 2026-12-01 --end 2027-11-30",
        "--value 100 --start 2026-12-01 --end 2026-11-30",
        "--value 0 --start 2026-12-01 --end 2027-11-30",
        "--value 100 --start 2026-02-30 --end 2027-11-30",
    ]
    .iter()
    .map(|rest| words(&format!("{award} {rest}")))
    .collect();
    cases.push(award_with_empty_reason());
    cases.push(words(&format!(
        "{} --value 100 --start 2026-12-01 --end 2027-11-30",
        award.replace("OP-ADV", "OP-NONE")
    )));
    cases.push(words("suspend SC-404 --reason-code quality --reason x"));
    cases.push(words("suspend SC-000001 --reason-code boredom --reason x"));
    cases.push(words(
        "reprofile SC-000001 --units 3 --from 2026-13 --reason x",
    ));
    for args in cases {
        let r = run(&path, &args);
        assert_eq!(r.code, 2, "{args:?}: {}{}", r.stdout, r.stderr);
        assert!(!r.stderr.is_empty());
    }
    let r = run(
        &path,
        &words(&format!(
            "{award} --value 100 --start 2026-12-01 --end 2026-11-30"
        )),
    );
    assert_eq!(
        r.stderr.trim(),
        "hubboard: --end: 30 Nov 2026 is before the start, 1 Dec 2026"
    );
    let r = run(
        &path,
        &words("suspend SC-000001 --reason-code boredom --reason x"),
    );
    assert!(
        r.stderr
            .contains("expected one of: under_delivery, missed_returns"),
        "{}",
        r.stderr
    );
    assert_eq!(tables(&path), before);
}

#[test]
fn the_escalation_ladder_from_the_shell() {
    let (_dir, path) = database();
    let too_soon = hubboard(
        &path,
        &[
            "suspend",
            "SC-000001",
            "--reason-code",
            "under_delivery",
            "--reason",
            "half the profile",
            "--effective",
            "2027-01-31",
        ],
    );
    assert_eq!(too_soon.code, 1, "{}", too_soon.stderr);
    assert!(
        too_soon
            .stderr
            .contains("the earliest effective date is 22 Feb 2027"),
        "{}",
        too_soon.stderr
    );

    let dry = hubboard(
        &path,
        &[
            "suspend",
            "SC-000001",
            "--reason-code",
            "under_delivery",
            "--reason",
            "half the profile",
            "--dry-run",
        ],
    );
    assert_eq!(dry.code, 0);
    assert!(
        dry.stdout
            .contains("earliest effective 22 Feb 2027, effective 22 Feb 2027"),
        "{}",
        dry.stdout
    );

    let urgent = hubboard(
        &path,
        &[
            "suspend",
            "SC-000001",
            "--reason-code",
            "safeguarding",
            "--reason",
            "council safeguarding referral",
            "--urgent",
        ],
    );
    assert_eq!(urgent.code, 0, "{}", urgent.stderr);
    assert!(
        urgent
            .stdout
            .contains("effective 22 Nov 2026 (urgent: no notice period)"),
        "{}",
        urgent.stdout
    );
    assert!(urgent.stdout.contains("written: SC-000001 is suspended"));

    let clawback = hubboard(
        &path,
        &[
            "clawback",
            "SC-000001",
            "--reason",
            "first quarter under-delivered",
        ],
    );
    assert_eq!(clawback.code, 0, "{}", clawback.stderr);
    // 84 units for £10,000: £119.04 a unit (rounded down). 15 delivered × £119.04 = £1,785.60.
    for line in [
        "Paid to date                           £2,499.99",
        "Earned                                 £1,785.60",
        "  15 units × £119.04 = £1,785.60",
        "Already claimed                            £0.00",
        "To claw back                             £714.39",
    ] {
        assert!(
            clawback.stdout.lines().any(|l| l == line),
            "{line}\n{}",
            clawback.stdout
        );
    }
    assert!(
        clawback
            .stdout
            .contains("written: claim CL-000001 for £714.39")
    );
    let again = hubboard(&path, &["clawback", "SC-000001", "--reason", "again"]);
    assert_eq!(again.code, 1);
    assert!(
        again.stderr.contains("nothing to claw back from SC-000001"),
        "{}",
        again.stderr
    );

    let reinstate = hubboard(
        &path,
        &["reinstate", "SC-000001", "--reason", "referral closed"],
    );
    assert_eq!(reinstate.code, 0, "{}", reinstate.stderr);
    assert!(
        reinstate
            .stdout
            .contains("the suspension decided 22 Nov 2026 is lifted"),
        "{}",
        reinstate.stdout
    );

    let reprofile = hubboard(
        &path,
        &[
            "reprofile",
            "SC-000001",
            "--units",
            "5",
            "--from",
            "2026-12",
            "--reduce-value",
            "--reason",
            "vacancy",
        ],
    );
    assert_eq!(reprofile.code, 0, "{}", reprofile.stderr);
    assert!(
        reprofile
            .stdout
            .contains("profile revision 1: 7 units a month from Apr 2026"),
        "{}",
        reprofile.stdout
    );
    assert!(
        reprofile
            .stdout
            .contains("profile revision 2: 5 units a month from Dec 2026")
    );
    let store = Store::open(&path, OpenMode::ReadOnly).unwrap();
    let revisions: Vec<(u32, String)> = subcontracts::profiles_of(store.conn(), "SC-000001")
        .unwrap()
        .into_iter()
        .map(|r| (r.revision, r.reason))
        .collect();
    assert_eq!(
        revisions,
        vec![(1, "original profile".into()), (2, "vacancy".into())]
    );
    drop(store);

    // suspend, clawback, reinstate, reprofile: one audit row each, chain intact.
    assert_eq!(audit_intact(&path), 4);
}

#[test]
fn a_transfer_from_the_shell_shows_the_remainder_arithmetic() {
    let (_dir, path) = database();
    let urgent = hubboard(
        &path,
        &[
            "suspend",
            "SC-000001",
            "--reason-code",
            "financial",
            "--reason",
            "insolvency notice",
            "--urgent",
        ],
    );
    assert_eq!(urgent.code, 0, "{}", urgent.stderr);
    let before = tables(&path);
    let dry = hubboard(
        &path,
        &[
            "transfer",
            "SC-000001",
            "--to",
            "KN02",
            "--reason",
            "KN02 has room",
            "--dry-run",
        ],
    );
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    assert!(
        // Urgent on 22 Nov: SC-000001 keeps 54 units (Apr – Oct and 5 of November's 7, by
        // days) × £119.04 = £6,428.16; 30 units move from the 23rd, with the 64p completion
        // pennies (84 × £119.04 = £9,999.36 of the £10,000).
        dry.stdout.contains(
            "moves: 5 months from 23 Nov 2026 to 31 Mar 2027: 30 units × £119.04 + £0.64 on completion = £3,571.84"
        ),
        "{}",
        dry.stdout
    );
    assert!(dry.stdout.contains("✓ capacity headroom"));
    assert_eq!(tables(&path), before);
    let done = hubboard(
        &path,
        &[
            "transfer",
            "SC-000001",
            "--to",
            "KN02",
            "--reason",
            "KN02 has room",
        ],
    );
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert!(
        done.stdout.contains(
            "written: transferred £3,571.84 of SC-000001 to KN02 as SC-000002 from 23 Nov 2026; SC-000001 ends 22 Nov 2026 with £6,428.16; audit rows 2, 3"
        ),
        "{}",
        done.stdout
    );
    assert_eq!(audit_intact(&path), 3);
}

#[test]
fn help_lists_the_decisions() {
    let out = Command::new(env!("CARGO_BIN_EXE_hubboard"))
        .arg("--help")
        .output()
        .unwrap();
    // Compared with the columns' spacing folded, which follows the longest command name.
    let help = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for line in [
        "award Award a sub-contract to a member from a won opportunity",
        "suspend Suspend an active sub-contract, after the notice period unless urgent",
        "transfer Transfer the undelivered remainder of a sub-contract under notice or suspended to another member",
        "clawback Claw back funding paid for work not delivered",
        "returns Monthly returns: the worklist of those due; record, correct and import them",
        "member A member joining, its details, compliance, tier, capacity, and its leaving",
        "opportunity An opportunity recorded, edited, planned and moved through its stages to won or lost",
        "board The Board's approval of competitive awards and overrides",
    ] {
        assert!(help.contains(line), "{line:?} not in {help}");
    }
}

/// The award with `flag` given `value` instead.
fn award_with(flag: &str, value: &str) -> Vec<String> {
    let mut args: Vec<String> = AWARD.iter().map(|s| s.to_string()).collect();
    let at = args.iter().position(|a| a == flag).unwrap();
    args[at + 1] = value.to_string();
    args
}

#[test]
fn money_and_units_past_the_limits_exit_two_naming_the_flag_and_the_bound() {
    let (_dir, path) = database();
    let before = tables(&path);
    for (args, message) in [
        (
            award_with("--value", "99999999999999"),
            "--value: £99,999,999,999,999.00 is out of range: the most a money value may be is £10,000,000,000.00 ([limits] max_money)",
        ),
        (
            award_with("--units", "4294967295"),
            "--units: 4,294,967,295 is out of range: the most units a month may be is 1,000,000 ([limits] max_units_per_month)",
        ),
        (
            award_with("--value", "79228162514264337593543950335"),
            "--value: '79228162514264337593543950335' is too large: a money value has at most 15 digits before the point",
        ),
        (
            award_with("--units", "4294967296"),
            "--units: 4294967296 is out of range: a whole number is at most 4294967295",
        ),
        (
            words("reprofile SC-000001 --units 4294967295 --from 2026-12 --reason more --dry-run"),
            "--units: 4,294,967,295 is out of range: the most units a month may be is 1,000,000",
        ),
    ] {
        let r = run(&path, &args);
        assert_eq!(r.code, 2, "{args:?}\n{}{}", r.stdout, r.stderr);
        assert!(
            r.stderr.contains(message),
            "{args:?}: missing {message} in\n{}",
            r.stderr
        );
        assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    }
    assert_eq!(tables(&path), before);

    // The configured bounds are the ones applied, exactly at the bound allowed.
    std::fs::write(
        path.with_file_name("config.toml"),
        "[limits]\nmax_money = 11999.99\nmax_units_per_month = 9\n",
    )
    .unwrap();
    let r = hubboard(&path, AWARD);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains(
            "--value: £12,000.00 is out of range: the most a money value may be is £11,999.99"
        ),
        "{}",
        r.stderr
    );
    let r = run(&path, &award_with("--value", "11999.99"));
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr
            .contains("--units: 10 is out of range: the most units a month may be is 9"),
        "{}",
        r.stderr
    );
    assert_eq!(tables(&path), before);
}
