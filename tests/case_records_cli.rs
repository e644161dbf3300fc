//! Case work on the command line, on the small demo as of 29 Nov 2026: a member's whole life
//! (joining, details, compliance, tier, capacity, leaving — after which no award may go to it),
//! an opportunity's details edited, the delivery plan a bid names carried to the joint award and
//! set beside who got the work, and the Board's approval of decisions taken over a failed check.
//! Every refusal names its field and leaves the database exactly as it was.

use std::path::{Path, PathBuf};
use std::process::Command;

use hubboard::store::{OpenMode, Store};

struct Run {
    code: i32,
    stdout: String,
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
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    Run {
        code: out.status.code().unwrap_or(-1),
        out: stdout.clone() + &String::from_utf8_lossy(&out.stderr),
        stdout,
    }
}

fn demo() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    std::fs::write(dir.path().join("config.toml"), "").unwrap();
    assert_eq!(hubboard(&db, &["demo"]).code, 0);
    (dir, db)
}

fn one<T: rusqlite::types::FromSql>(db: &Path, sql: &str) -> T {
    let store = Store::open(db, OpenMode::ReadOnly).unwrap();
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Every row of the tables a refusal could touch, as text: equal dumps mean nothing changed.
fn dump(db: &Path) -> String {
    let store = Store::open(db, OpenMode::ReadOnly).unwrap();
    let mut out = String::new();
    for table in [
        "members",
        "member_capacity",
        "compliance_items",
        "opportunities",
        "delivery_plans",
        "subcontracts",
        "audit_log",
    ] {
        let mut st = store
            .conn()
            .prepare(&format!("SELECT * FROM {table} ORDER BY 1, 2"))
            .unwrap();
        let n = st.column_count();
        let mut q = st.query([]).unwrap();
        while let Some(r) = q.next().unwrap() {
            for i in 0..n {
                let v: rusqlite::types::Value = r.get(i).unwrap();
                out.push_str(&format!("{v:?}|"));
            }
            out.push('\n');
        }
    }
    out
}

/// Runs `args`, expects exit `code` with `said` in the message, and nothing changed.
fn refused(db: &Path, args: &[&str], code: i32, said: &str) {
    let before = dump(db);
    let run = hubboard(db, args);
    assert_eq!(run.code, code, "{args:?}: {}", run.out);
    assert!(
        run.out.contains(said),
        "{args:?}: expected {said:?} in {}",
        run.out
    );
    assert_eq!(dump(db), before, "{args:?} changed the database");
}

fn ok(db: &Path, args: &[&str]) -> Run {
    let run = hubboard(db, args);
    assert_eq!(run.code, 0, "{args:?}: {}", run.out);
    run
}

fn last_audit(db: &Path) -> (String, String, serde_json::Value) {
    let store = Store::open(db, OpenMode::ReadOnly).unwrap();
    store
        .conn()
        .query_row(
            "SELECT action, entity, after_json FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| {
                let after: String = r.get(2)?;
                Ok((r.get(0)?, r.get(1)?, serde_json::from_str(&after).unwrap()))
            },
        )
        .unwrap()
}

const NEW_MEMBER: &[&str] = &[
    "member",
    "add",
    "--name",
    "Halewood Food Bank",
    "--org-type",
    "cio",
    "--registered-number",
    "gb-chc-1190001",
    "--income",
    "£84,500",
    "--geography",
    "Halewood, Knowsley",
    "--clusters",
    "Food; Advice",
    "--volunteers",
    "41",
];

#[test]
fn a_member_joins_is_edited_becomes_full_and_leaves_and_then_takes_no_work() {
    let (_dir, db) = demo();
    let members: i64 = one(&db, "SELECT COUNT(*) FROM members");

    // Joining: the next free code, as an associate, with the registered number as typed in capitals.
    let run = ok(&db, NEW_MEMBER);
    assert!(
        run.out
            .contains("member KN51 recorded: Halewood Food Bank, an associate from 29 Nov 2026"),
        "{}",
        run.out
    );
    assert_eq!(one::<i64>(&db, "SELECT COUNT(*) FROM members"), members + 1);
    assert_eq!(
        one::<String>(
            &db,
            "SELECT tier || ' ' || registered_number || ' ' || clusters || ' ' || joined FROM members WHERE code = 'KN51'"
        ),
        "associate GB-CHC-1190001 Food;Advice 2026-11-29"
    );
    assert_eq!(last_audit(&db).0, "member_add");

    // Bad details: each named, nothing written.
    let with = |flag: &str, value: &str| -> Vec<String> {
        let mut args: Vec<String> = NEW_MEMBER.iter().map(|s| s.to_string()).collect();
        let at = args.iter().position(|a| a == flag).unwrap();
        args[at + 1] = value.to_string();
        args
    };
    for (flag, value, said) in [
        (
            "--registered-number",
            "1190001",
            "--registered-number: '1190001' is not GB-CHC-<number>",
        ),
        (
            "--income",
            "84,50.00",
            "--income: '84,50.00' has a misplaced comma",
        ),
        ("--income", "-5", "--income"),
        (
            "--volunteers",
            "many",
            "--volunteers: 'many' is not a whole number",
        ),
    ] {
        let args = with(flag, value);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        refused(&db, &args, 2, said);
    }
    let mut future = NEW_MEMBER.to_vec();
    future.extend(["--joined", "01/12/2026"]);
    refused(&db, &future, 2, "--joined: 1 Dec 2026 is in the future");
    let mut taken = NEW_MEMBER.to_vec();
    taken.extend(["--code", "kn01"]);
    refused(&db, &taken, 2, "--code: KN01 is already a member's code");

    // Editing: before and after in the audit row; an edit changing nothing is refused.
    let run = ok(
        &db,
        &[
            "member",
            "edit",
            "kn51",
            "--staff",
            "3",
            "--name",
            "Halewood Community Food Bank",
            "--reason",
            "Annual return",
        ],
    );
    assert!(
        run.out
            .contains("name: Halewood Food Bank → Halewood Community Food Bank"),
        "{}",
        run.out
    );
    let (action, entity, after) = last_audit(&db);
    assert_eq!(
        (action.as_str(), entity.as_str()),
        ("member_edit", "member:KN51")
    );
    assert_eq!(after["member"]["staff"], 3);
    assert_eq!(after["member"]["row_version"], 2);
    refused(
        &db,
        &[
            "member", "edit", "KN51", "--staff", "3", "--reason", "again",
        ],
        1,
        "nothing to change",
    );

    // Full membership waits for the fit-for-contracting items, named.
    refused(
        &db,
        &["member", "tier", "KN51", "--tier", "full", "--reason", "x"],
        1,
        "quality mark missing",
    );
    for kind in [
        "quality_mark",
        "public_liability_insurance",
        "safeguarding_policy",
        "health_and_safety",
        "self_assessment_report",
        "accounts",
    ] {
        ok(
            &db,
            &[
                "member",
                "renew",
                "KN51",
                "--kind",
                kind,
                "--reference",
                &format!("{kind}-1"),
                "--until",
                "2028-12-31",
                "--reason",
                "On joining",
            ],
        );
    }
    ok(
        &db,
        &[
            "member",
            "tier",
            "KN51",
            "--tier",
            "full",
            "--reason",
            "Items in date",
        ],
    );
    let line: String = one(
        &db,
        "SELECT service_line FROM opportunities WHERE code = 'OP-016'",
    );
    ok(
        &db,
        &[
            "member",
            "capacity",
            "KN51",
            "--service-line",
            &line,
            "--units",
            "30",
            "--reason",
            "Agreed",
        ],
    );

    // Leaving: refused while a member holds work, naming it; refused in the future.
    let held: String = one(
        &db,
        "SELECT group_concat(code, ', ') FROM (SELECT code FROM subcontracts WHERE member = 'KN01' AND status IN ('proposed', 'active', 'suspended') ORDER BY code)",
    );
    refused(
        &db,
        &["member", "leave", "KN01", "--reason", "Merging"],
        1,
        &format!("KN01 holds sub-contracts ({held})"),
    );
    refused(
        &db,
        &[
            "member",
            "leave",
            "KN51",
            "--on",
            "05/12/2026",
            "--reason",
            "x",
        ],
        2,
        "--on: 5 Dec 2026 is in the future",
    );
    refused(
        &db,
        &[
            "member",
            "leave",
            "KN51",
            "--on",
            "01/01/2020",
            "--reason",
            "x",
        ],
        2,
        "--on: 1 Jan 2020 is before KN51 joined",
    );
    let run = ok(
        &db,
        &[
            "member",
            "leave",
            "KN51",
            "--reason",
            "Wound up by its trustees",
        ],
    );
    assert!(
        run.out.contains("KN51 left the consortium on 29 Nov 2026"),
        "{}",
        run.out
    );
    assert_eq!(
        one::<String>(&db, "SELECT left_on FROM members WHERE code = 'KN51'"),
        "2026-11-29"
    );
    refused(
        &db,
        &["member", "leave", "KN51", "--reason", "x"],
        1,
        "KN51 left the consortium on 29 Nov 2026",
    );

    // Once it has left, no award may go to it, whatever the override says.
    refused(
        &db,
        &[
            "award",
            "--opportunity",
            "OP-016",
            "--member",
            "KN51",
            "--value",
            "1000",
            "--units",
            "1",
            "--start",
            "2027-01-01",
            "--end",
            "2027-12-31",
            "--reason",
            "x",
            "--override-reason",
            "Board says so",
        ],
        1,
        "KN51 left the consortium on 29 Nov 2026; it takes no new work",
    );
    // Nor does its capacity count.
    let capacity = ok(&db, &["snapshot", "--pane", "capacity", "--size", "200x60"]).stdout;
    assert!(!capacity.contains("Halewood Community Food"), "{capacity}");
}

#[test]
fn an_open_opportunity_is_edited_and_a_closed_one_is_not() {
    let (_dir, db) = demo();
    let run = ok(
        &db,
        &[
            "opportunity",
            "edit",
            "op-028",
            "--deadline",
            "16/01/2027",
            "--value",
            "£250,000",
            "--reason",
            "Revised notice",
        ],
    );
    assert!(
        run.out.contains("deadline: 9 Jan 2027 → 16 Jan 2027"),
        "{}",
        run.out
    );
    assert_eq!(
        one::<String>(
            &db,
            "SELECT deadline || ' ' || value FROM opportunities WHERE code = 'OP-028'"
        ),
        "2027-01-16 250000.00"
    );
    let (action, _, after) = last_audit(&db);
    assert_eq!(action, "opportunity_edit");
    assert_eq!(after["changes"].as_array().unwrap().len(), 2);
    refused(
        &db,
        &[
            "opportunity",
            "edit",
            "OP-016",
            "--value",
            "1",
            "--reason",
            "x",
        ],
        1,
        "change by variation (`hubboard vary`)",
    );
    refused(
        &db,
        &[
            "opportunity",
            "edit",
            "OP-011",
            "--title",
            "New",
            "--reason",
            "x",
        ],
        1,
        "OP-011 is closed ('Lost')",
    );
    refused(
        &db,
        &[
            "opportunity",
            "edit",
            "OP-028",
            "--commissioner",
            "NOPE",
            "--reason",
            "x",
        ],
        2,
        "--commissioner: no commissioner with code 'NOPE'",
    );
    refused(
        &db,
        &[
            "opportunity",
            "edit",
            "OP-028",
            "--months",
            "0",
            "--reason",
            "x",
        ],
        2,
        "--months",
    );
    refused(
        &db,
        &[
            "opportunity",
            "edit",
            "OP-028",
            "--top-slice",
            "100",
            "--reason",
            "x",
        ],
        2,
        "--top-slice",
    );
    refused(
        &db,
        &[
            "opportunity",
            "edit",
            "OP-028",
            "--deadline",
            "16/01/2027",
            "--reason",
            "x",
        ],
        1,
        "nothing to change",
    );
}

#[test]
fn the_delivery_plan_is_the_default_split_and_is_set_beside_who_got_the_work() {
    let (_dir, db) = demo();
    refused(
        &db,
        &[
            "opportunity",
            "plan",
            "OP-023",
            "--members",
            "KN01=40; KN99=5",
            "--reason",
            "x",
        ],
        2,
        "--members: no member with code 'KN99'",
    );
    refused(
        &db,
        &[
            "opportunity",
            "plan",
            "OP-023",
            "--members",
            "KN01=40; KN01=5",
            "--reason",
            "x",
        ],
        2,
        "KN01 is named twice",
    );
    refused(
        &db,
        &[
            "opportunity",
            "plan",
            "OP-023",
            "--members",
            "KN01=0",
            "--reason",
            "x",
        ],
        2,
        "KN01 is named for 0 units",
    );
    refused(
        &db,
        &[
            "opportunity",
            "plan",
            "OP-023",
            "--members",
            "KN01=forty",
            "--reason",
            "x",
        ],
        2,
        "'forty' is not a whole number",
    );
    refused(
        &db,
        &[
            "opportunity",
            "plan",
            "OP-015",
            "--members",
            "KN01=40",
            "--reason",
            "x",
        ],
        1,
        "OP-015 is at 'Submitted'",
    );
    ok(
        &db,
        &[
            "opportunity",
            "plan",
            "OP-023",
            "--members",
            "kn01=40; KN06=20; KN29=10",
            "--reason",
            "Agreed at the bid meeting",
        ],
    );
    assert_eq!(
        one::<String>(
            &db,
            "SELECT group_concat(member || '=' || units_per_month, ' ') FROM (SELECT * FROM delivery_plans WHERE opportunity = 'OP-023' ORDER BY member)"
        ),
        "KN01=40 KN06=20 KN29=10"
    );
    ok(
        &db,
        &[
            "opportunity",
            "advance",
            "OP-023",
            "--to",
            "submitted",
            "--reason",
            "Portal",
        ],
    );
    refused(
        &db,
        &[
            "opportunity",
            "plan",
            "OP-023",
            "--members",
            "KN01=60",
            "--reason",
            "x",
        ],
        1,
        "then stands as the bid named it",
    );
    ok(
        &db,
        &[
            "opportunity",
            "advance",
            "OP-023",
            "--to",
            "won",
            "--start",
            "2027-03-01",
            "--end",
            "2029-02-28",
            "--reason",
            "Award letter",
        ],
    );

    // Two of the three named get the work, split 40 : 20 as the plan named them (not by headroom).
    let award = [
        "award",
        "--opportunity",
        "OP-023",
        "--joint",
        "KN01,KN06",
        "--units",
        "60",
        "--start",
        "2027-03-01",
        "--end",
        "2029-02-28",
        "--reason",
        "Joint delivery as bid",
        "--override-reason",
        "Renewals in hand",
    ];
    let dry = ok(&db, &[&award[..], &["--dry-run"]].concat());
    assert!(
        dry.out.contains(
            "units split as the bid's delivery plan named them (KN01=40; KN06=20; KN29=10)"
        ),
        "{}",
        dry.out
    );
    ok(&db, &award);
    assert_eq!(
        one::<String>(
            &db,
            "SELECT group_concat(member || '=' || units_per_month, ' ') FROM (SELECT * FROM subcontracts WHERE opportunity = 'OP-023' ORDER BY member)"
        ),
        "KN01=40 KN06=20"
    );
    let ledger = ok(&db, &["ledger", "OP-023"]).stdout;
    assert!(
        ledger.contains("Named in the bid's delivery plan against work awarded"),
        "{ledger}"
    );
    let kn29 = ledger.lines().find(|l| l.starts_with("KN29")).unwrap();
    assert!(kn29.contains("named in the bid, no work"), "{kn29}");
    let json: serde_json::Value =
        serde_json::from_str(&ok(&db, &["ledger", "OP-023", "--format", "json"]).stdout).unwrap();
    let named = json["named"].as_array().unwrap();
    let fared: Vec<(&str, &str)> = named
        .iter()
        .map(|n| (n["member"].as_str().unwrap(), n["fared"].as_str().unwrap()))
        .collect();
    assert_eq!(
        fared,
        [
            ("KN01", "as_named"),
            ("KN06", "as_named"),
            ("KN29", "named_only")
        ]
    );
}

#[test]
fn overrides_await_the_board_until_approved_with_the_meeting_and_minute() {
    let (dir, db) = demo();
    let pack = dir.path().join("pack.md");
    let report = |db: &Path| {
        ok(
            db,
            &["report", "--format", "md", "--out", pack.to_str().unwrap()],
        );
        let text = std::fs::read_to_string(&pack).unwrap();
        text[text.find("Awaiting Board approval").unwrap()..].to_string()
    };
    assert!(report(&db).contains("Nothing awaits the Board's approval."));
    // A plan naming a member beyond its headroom, gone ahead with over the failed check.
    ok(
        &db,
        &[
            "opportunity",
            "plan",
            "OP-028",
            "--members",
            "KN01=5000",
            "--reason",
            "Lead partner",
            "--override-reason",
            "Capacity to be grown",
        ],
    );
    let row: i64 = one(&db, "SELECT MAX(id) FROM audit_log");
    let row = row.to_string();
    let awaiting = report(&db);
    assert!(
        awaiting.contains(&format!("| {row} |"))
            && awaiting.contains("override of a failed check: capacity headroom"),
        "{awaiting}"
    );

    refused(
        &db,
        &[
            "board",
            "approve",
            "9999",
            "--meeting",
            "2026-11-29",
            "--minute",
            "BM/1",
        ],
        2,
        "ROWS: no audit row 9999",
    );
    refused(
        &db,
        &[
            "board",
            "approve",
            "1",
            "--meeting",
            "2026-11-29",
            "--minute",
            "BM/1",
        ],
        2,
        "it needs no Board approval",
    );
    refused(
        &db,
        &[
            "board",
            "approve",
            &row,
            "--meeting",
            "28/11/2026",
            "--minute",
            "BM/1",
        ],
        2,
        "--meeting: 28 Nov 2026 is before the decision was taken, on 29 Nov 2026",
    );
    refused(
        &db,
        &[
            "board",
            "approve",
            &row,
            "--meeting",
            "30/11/2026",
            "--minute",
            "BM/1",
        ],
        2,
        "--meeting: 30 Nov 2026 is in the future",
    );
    refused(
        &db,
        &[
            "board",
            "approve",
            &row,
            "--meeting",
            "29/11/2026",
            "--minute",
            "  ",
        ],
        2,
        "--minute",
    );

    let run = ok(
        &db,
        &[
            "board",
            "approve",
            &row,
            "--meeting",
            "29/11/2026",
            "--minute",
            "BM/2026/11/4",
        ],
    );
    assert!(
        run.out.contains(&format!(
            "audit row {row} approved by the Board on 29 Nov 2026 (minute BM/2026/11/4)"
        )),
        "{}",
        run.out
    );
    let (action, entity, after) = last_audit(&db);
    assert_eq!(
        (action.as_str(), entity.as_str()),
        ("board_approval", "opportunity:OP-028")
    );
    assert_eq!(after["approves"].to_string(), row);
    assert!(report(&db).contains("Nothing awaits the Board's approval."));
    refused(
        &db,
        &[
            "board",
            "approve",
            &row,
            "--meeting",
            "29/11/2026",
            "--minute",
            "BM/2",
        ],
        1,
        "was approved at the Board meeting of 29 Nov 2026 (minute BM/2026/11/4)",
    );
}
