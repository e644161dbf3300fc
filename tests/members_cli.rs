//! Members' records on the command line, on the small demo as of 29 Nov 2026: a renewed
//! compliance item takes the member off the triage list at once and keeps the expired one as
//! history; impossible renewals are refused naming the field; a tier change is refused while the
//! fit-for-contracting items are not in date, or while the member holds work.

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

fn count(db: &Path, sql: &str) -> i64 {
    let store = Store::open(db, OpenMode::ReadOnly).unwrap();
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

const ITEMS: &str = "SELECT COUNT(*) FROM compliance_items";
const AUDIT: &str = "SELECT COUNT(*) FROM audit_log";

#[test]
fn a_renewed_item_takes_the_member_off_triage_and_keeps_the_old_one() {
    let (_dir, db) = demo();
    // KN24's accounts expired on 10 Aug 2026: a member row on the triage list.
    let triage = hubboard(&db, &["triage"]).out;
    assert!(
        triage
            .lines()
            .any(|l| l.contains("KN24") && l.contains("(member)")),
        "{triage}"
    );
    let items = count(&db, ITEMS);
    let run = hubboard(
        &db,
        &[
            "member",
            "renew",
            "kn24",
            "--kind",
            "accounts",
            "--reference",
            "ACC-2027",
            "--until",
            "31/12/2027",
            "--reason",
            "Filed with the Charity Commission",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.out);
    assert!(
        run.out
            .contains("on record: Accounts year ending 31 Mar 2026 until 10 Aug 2026"),
        "{}",
        run.out
    );
    assert!(
        run.out
            .contains("written: KN24's accounts renewed: ACC-2027 until 31 Dec 2027"),
        "{}",
        run.out
    );
    assert_eq!(
        count(&db, ITEMS),
        items + 1,
        "the expired item stays as history"
    );
    let triage = hubboard(&db, &["triage"]).out;
    assert!(
        !triage
            .lines()
            .any(|l| l.contains("KN24") && l.contains("(member)")),
        "{triage}"
    );
    assert_eq!(
        one(
            &db,
            "SELECT action || ' ' || entity FROM audit_log ORDER BY id DESC LIMIT 1"
        ),
        "compliance_renew member:KN24"
    );
    assert!(
        one(
            &db,
            "SELECT after_json FROM audit_log ORDER BY id DESC LIMIT 1"
        )
        .contains("ACC-2027")
    );
}

#[test]
fn impossible_renewals_name_their_field_and_write_nothing() {
    let (_dir, db) = demo();
    let (items, audit) = (count(&db, ITEMS), count(&db, AUDIT));
    let base = [
        "member", "renew", "KN24", "--kind", "accounts", "--reason", "x",
    ];
    let cases: [(&[&str], i32, &str); 5] = [
        (
            &[
                "--reference",
                "R1",
                "--from",
                "2026-12-01",
                "--until",
                "2026-11-30",
            ],
            2,
            "--until: 30 Nov 2026 is not after the day it is valid from, 1 Dec 2026",
        ),
        (
            &[
                "--reference",
                "R1",
                "--from",
                "2025-01-01",
                "--until",
                "2026-01-01",
            ],
            2,
            "--until: 1 Jan 2026 has passed",
        ),
        (
            &[
                "--reference",
                "Accounts year ending 31 Mar 2026",
                "--until",
                "2027-12-31",
            ],
            2,
            "--reference: Accounts Accounts year ending 31 Mar 2026 is already recorded for KN24",
        ),
        (
            &["--reference", "R1", "--until", "2027-13-01"],
            2,
            "--until",
        ),
        (
            &[
                "--reference",
                "R1",
                "--until",
                "2027-12-31",
                "--kind",
                "gold_star",
            ],
            2,
            "--kind",
        ),
    ];
    for (extra, code, said) in cases {
        let mut args = base.to_vec();
        args.extend(extra);
        let run = hubboard(&db, &args);
        assert_eq!(run.code, code, "{extra:?}: {}", run.out);
        assert!(run.out.contains(said), "{said:?} not in {}", run.out);
    }
    let unknown = hubboard(
        &db,
        &[
            "member",
            "renew",
            "KN99",
            "--kind",
            "accounts",
            "--reference",
            "R",
            "--until",
            "2027-12-31",
            "--reason",
            "x",
        ],
    );
    assert_eq!(unknown.code, 2, "{}", unknown.out);
    assert!(unknown.out.contains("KN99"), "{}", unknown.out);
    assert_eq!((count(&db, ITEMS), count(&db, AUDIT)), (items, audit));
}

#[test]
fn a_tier_change_needs_the_items_in_date_and_no_work_held() {
    let (_dir, db) = demo();
    let audit = count(&db, AUDIT);
    // KN24 holds sub-contracts: it cannot become an associate.
    let held = hubboard(
        &db,
        &[
            "member",
            "tier",
            "KN24",
            "--tier",
            "associate",
            "--reason",
            "x",
        ],
    );
    assert_eq!(held.code, 1, "{}", held.out);
    assert!(
        held.out
            .contains("KN24 holds sub-contracts (SC-0032, SC-0088)"),
        "{}",
        held.out
    );
    // An associate whose accounts have lapsed cannot become a full member…
    let store = Store::open(&db, OpenMode::ReadWrite).unwrap();
    store
        .conn()
        .execute(
            "UPDATE compliance_items SET valid_until = '2026-08-01' WHERE member = 'KN46' AND kind = 'accounts'",
            [],
        )
        .unwrap();
    drop(store);
    let audit_after_setup = count(&db, AUDIT);
    assert_eq!(audit_after_setup, audit);
    let lapsed = hubboard(
        &db,
        &["member", "tier", "KN46", "--tier", "full", "--reason", "x"],
    );
    assert_eq!(lapsed.code, 1, "{}", lapsed.out);
    assert!(
        lapsed.out.contains("KN46 cannot become a full member until its fit-for-contracting items are in date: accounts expired 1 Aug 2026"),
        "{}",
        lapsed.out
    );
    assert_eq!(
        one(&db, "SELECT tier FROM members WHERE code = 'KN46'"),
        "associate"
    );
    // … until they are renewed.
    let renew = hubboard(
        &db,
        &[
            "member",
            "renew",
            "KN46",
            "--kind",
            "accounts",
            "--reference",
            "ACC-2027",
            "--until",
            "2027-12-31",
            "--reason",
            "Filed",
        ],
    );
    assert_eq!(renew.code, 0, "{}", renew.out);
    let full = hubboard(
        &db,
        &[
            "member",
            "tier",
            "KN46",
            "--tier",
            "full",
            "--reason",
            "Board minute 7",
        ],
    );
    assert_eq!(full.code, 0, "{}", full.out);
    assert_eq!(
        one(&db, "SELECT tier FROM members WHERE code = 'KN46'"),
        "full"
    );
    assert_eq!(count(&db, AUDIT), audit + 2);
    let same = hubboard(
        &db,
        &["member", "tier", "KN46", "--tier", "full", "--reason", "x"],
    );
    assert_eq!(same.code, 2, "{}", same.out);
    assert!(same.out.contains("already a full member"), "{}", same.out);
}

#[test]
fn capacity_is_set_per_service_line_never_below_what_is_committed() {
    let (_dir, db) = demo();
    let audit = count(&db, AUDIT);
    let capacity = |line: &str| {
        count(
            &db,
            &format!(
                "SELECT COALESCE(SUM(units_per_month), -1) FROM member_capacity WHERE member = 'KN34' AND service_line = '{line}'"
            ),
        )
    };
    // KN34's SC-0053 commits 145 units a month in Family support.
    let below = hubboard(
        &db,
        &[
            "member",
            "capacity",
            "KN34",
            "--service-line",
            "family support",
            "--units",
            "144",
            "--reason",
            "x",
        ],
    );
    assert_eq!(below.code, 2, "{}", below.out);
    assert!(
        below.out.contains("--units: 144 units a month is below the 145 that KN34's sub-contracts in Family support commit"),
        "{}",
        below.out
    );
    let unknown = hubboard(
        &db,
        &[
            "member",
            "capacity",
            "KN34",
            "--service-line",
            "Juggling",
            "--units",
            "5",
            "--reason",
            "x",
        ],
    );
    assert_eq!(unknown.code, 2, "{}", unknown.out);
    assert!(
        unknown
            .out
            .contains("--service-line: 'Juggling' is not a service line on record"),
        "{}",
        unknown.out
    );
    assert_eq!(count(&db, AUDIT), audit);
    let set = hubboard(
        &db,
        &[
            "member",
            "capacity",
            "KN34",
            "--service-line",
            "family support",
            "--units",
            "160",
            "--reason",
            "Two new workers",
        ],
    );
    assert_eq!(set.code, 0, "{}", set.out);
    assert_eq!(capacity("Family support"), 160);
    assert!(
        set.out
            .contains("committed: 145 units a month; headroom after: 15"),
        "{}",
        set.out
    );
    let new_line = hubboard(
        &db,
        &[
            "member",
            "capacity",
            "KN34",
            "--service-line",
            "Debt advice",
            "--units",
            "30",
            "--reason",
            "New service",
        ],
    );
    assert_eq!(new_line.code, 0, "{}", new_line.out);
    assert!(
        new_line
            .out
            .contains("capacity: none recorded → 30 units a month"),
        "{}",
        new_line.out
    );
    assert_eq!(capacity("Debt advice"), 30);
    assert_eq!(count(&db, AUDIT), audit + 2);
}
