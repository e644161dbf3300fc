//! Every registered decision, enumerated from the register, through the real binary: with
//! `--read-only` it is refused (exit 5) and the database file is byte-for-byte what it was — and a
//! database that does not exist is not created; `--dry-run` writes nothing; `--json` prints the plan
//! and the outcome; and a read-only dashboard offers it on no key, hint, help line or palette entry.
//! A decision added to the register without an example here fails to compile (`example` matches
//! every kind).

mod ui_support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use hubboard::config::Config;
use hubboard::ops::{self, DecisionKind, Gate, Why};
use hubboard::store::{OpenMode, Store, members};
use hubboard::ui::action::Action;
use hubboard::ui::palette::{PaletteState, Target};
use hubboard::ui::theme::ThemeName;
use ui_support::*;

const TODAY: &str = "2026-11-22";

fn hubboard(db: &Path, args: &[String]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hubboard"))
        .arg("--db")
        .arg(db)
        .args(["--today", TODAY])
        .args(args)
        .env_remove("HUBBOARD_DB")
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The database's bytes, after folding the write-ahead log into it, so equal bytes mean equal data.
fn bytes(path: &Path) -> Vec<u8> {
    let store = Store::open(path, OpenMode::ReadWrite).unwrap();
    store
        .conn()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    drop(store);
    std::fs::read(path).unwrap()
}

/// What the examples act on in the small demo, and the files some of them read.
struct Fixture {
    dir: tempfile::TempDir,
    /// The demo with an open early warning and an open improvement action on `active`, and the
    /// risk `closed` closed.
    template: PathBuf,
    active: &'static str,
    action_id: i64,
    /// An audit row awaiting the Board's approval (a delivery plan recorded over a failed check).
    approval_row: i64,
    /// Two full members with headroom in the won opportunity's line.
    members: (String, String),
}

/// The won contract not started yet, with a third of its value still to let (Jan 2027 on).
const WON: &str = "OP-016";
const SUSPENDED: &str = "SC-0045";
const OWED: &str = "SC-0016";
const CLOSED_RISK: &str = "R-002";

fn fixture() -> Fixture {
    let (dir, mut store) = demo_db();
    let template = dir.path().join("demo.db");
    let config = Config::default();
    let clock = hubboard::clock::Clock::fixed(today());
    let by = ops::Decider::new(&clock, "tester", &config);
    let gate = Gate::read_write();
    let active = "SC-0053";
    let why = Why {
        reason: "set-up".into(),
        override_reason: None,
    };
    ops::decide::<ops::warning::Warn>(
        &mut store,
        &gate,
        &by,
        &ops::warning::WarnRequest {
            subcontract: active.into(),
        },
        &why,
    )
    .unwrap();
    let action = ops::decide::<ops::improvement::ImprovementAdd>(
        &mut store,
        &gate,
        &by,
        &ops::improvement::ImprovementAddRequest {
            subcontract: active.into(),
            action: "Weekly caseload review".into(),
            owner: "Delivery manager".into(),
            due: chrono::NaiveDate::from_ymd_opt(2027, 1, 31).unwrap(),
        },
        &why,
    )
    .unwrap();
    ops::decide::<ops::risks::RiskClose>(
        &mut store,
        &gate,
        &by,
        &ops::risks::RiskStatusRequest {
            code: CLOSED_RISK.into(),
            seen: None,
        },
        &why,
    )
    .unwrap();
    let planned = ops::decide::<ops::delivery_plan::SetDeliveryPlan>(
        &mut store,
        &gate,
        &by,
        &ops::delivery_plan::PlanRequest {
            opportunity: "OP-029".into(),
            lines: vec![hubboard::domain::delivery_plan::PlanLine {
                member: "KN01".into(),
                units_per_month: 900_000,
            }],
        },
        &Why {
            reason: "set-up".into(),
            override_reason: Some("Board to ratify".into()),
        },
    )
    .unwrap();
    let line = hubboard::store::opportunities::get_opportunity(store.conn(), WON)
        .unwrap()
        .unwrap()
        .service_line;
    let mut free: Vec<_> = members::headroom_in_line(store.conn(), &line)
        .unwrap()
        .into_iter()
        .filter(|m| m.tier == hubboard::domain::Tier::Full && m.headroom() > 20)
        .collect();
    free.sort_by_key(|m| -m.headroom());
    let members = (free[0].member.clone(), free[1].member.clone());
    drop(store);
    Fixture {
        dir,
        template,
        active,
        action_id: action.outcome.action.id,
        approval_row: planned.audit_ids[0],
        members,
    }
}

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

/// A command line that takes `kind` on the fixture (every check passes or is overridden).
fn example(kind: DecisionKind, f: &Fixture) -> Vec<String> {
    let (a, b) = (f.members.0.as_str(), f.members.1.as_str());
    let dates = ["--start", "2027-01-01", "--end", "2027-12-31"];
    let over = ["--override-reason", "Board minute 3"];
    let mut args = match kind {
        DecisionKind::Award => s(&[
            "award",
            "--opportunity",
            WON,
            "--member",
            a,
            "--value",
            "1000",
            "--units",
            "1",
        ]),
        DecisionKind::JointAward => s(&[
            "award",
            "--opportunity",
            WON,
            "--joint",
            &format!("{a},{b}"),
            "--units",
            "4",
        ]),
        DecisionKind::CompetitiveAward => {
            let bids = f.dir.path().join("bids.csv");
            std::fs::write(
                &bids,
                format!("bidder,price,units_per_month\n{a},2000,2\n{b},1900,2\n"),
            )
            .unwrap();
            let mut panel = String::from("panel_member,bidder,criterion,score\n");
            for c in ["delivery_plan", "capacity", "price", "social_value"] {
                panel += &format!("Ann,{a},{c},8\nCat,{a},{c},8\nAnn,{b},{c},6\nCat,{b},{c},6\n");
            }
            let panel_file = f.dir.path().join("panel.csv");
            std::fs::write(&panel_file, panel).unwrap();
            s(&[
                "award",
                "--opportunity",
                WON,
                "--panel",
                panel_file.to_str().unwrap(),
                "--bids",
                bids.to_str().unwrap(),
            ])
        }
        DecisionKind::Suspend => s(&["suspend", f.active, "--reason-code", "under_delivery"]),
        DecisionKind::Reinstate => s(&["reinstate", SUSPENDED]),
        DecisionKind::Transfer => s(&["transfer", SUSPENDED, "--to", a]),
        DecisionKind::Clawback => s(&["clawback", OWED]),
        DecisionKind::Reprofile => s(&["reprofile", f.active, "--units", "3", "--from", "2027-01"]),
        DecisionKind::Vary => s(&["vary", WON, "--value", "150000", "--end", "2030-03-31"]),
        DecisionKind::ReturnRecord => s(&[
            "returns",
            "record",
            "SC-0031",
            "--period",
            "2026-10",
            "--units",
            "18",
            "--spend",
            "1500",
            "--paid",
            "1650",
            "--referrals",
            "22",
        ]),
        DecisionKind::ReturnCorrect => s(&[
            "returns", "correct", f.active, "--period", "2026-10", "--units", "4321",
        ]),
        DecisionKind::ReturnsImport => {
            let file = f.dir.path().join("october.csv");
            std::fs::write(
                &file,
                "subcontract,period,units_delivered,outcomes_achieved,milestones_met,spend,paid,quality_grade,referrals,submitted\n\
                 SC-0023,2026-10,21,4,0,2100,2200,2,25,2026-11-20\n",
            )
            .unwrap();
            s(&["returns", "import", file.to_str().unwrap()])
        }
        DecisionKind::ComplianceRenew => s(&[
            "member",
            "renew",
            "KN24",
            "--kind",
            "accounts",
            "--reference",
            "ACC-2027",
            "--until",
            "2027-12-31",
        ]),
        DecisionKind::MemberTier => s(&["member", "tier", "KN46", "--tier", "full"]),
        DecisionKind::Stage => s(&["opportunity", "advance", "OP-020", "--to", "submitted"]),
        DecisionKind::Withdraw => s(&["withdraw", "SC-0145"]),
        DecisionKind::OpportunityAdd => s(&[
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
        ]),
        DecisionKind::Bid => s(&[
            "opportunity",
            "bid",
            "OP-028",
            "--score",
            "40",
            "--decision",
            "bid",
        ]),
        DecisionKind::ReverseClaim => s(&["reverse", "CL-0001"]),
        DecisionKind::MemberAdd => s(&[
            "member",
            "add",
            "--name",
            "Halewood Food Bank",
            "--org-type",
            "cio",
            "--registered-number",
            "GB-CHC-1190001",
            "--income",
            "£84,500",
            "--geography",
            "Halewood, Knowsley",
        ]),
        DecisionKind::MemberEdit => s(&["member", "edit", "KN24", "--staff", "77"]),
        DecisionKind::MemberLeave => s(&["member", "leave", "KN46"]),
        DecisionKind::OpportunityEdit => {
            s(&["opportunity", "edit", "OP-028", "--deadline", "16/01/2027"])
        }
        DecisionKind::DeliveryPlan => s(&[
            "opportunity",
            "plan",
            "OP-020",
            "--members",
            &format!("{a}=10; {b}=5"),
        ]),
        DecisionKind::BoardApproval => s(&[
            "board",
            "approve",
            &f.approval_row.to_string(),
            "--meeting",
            TODAY,
            "--minute",
            "BM/2026/11/4",
        ]),
        DecisionKind::Capacity => s(&[
            "member",
            "capacity",
            "KN24",
            "--service-line",
            "debt advice",
            "--units",
            "500",
        ]),
        DecisionKind::Warn => s(&["warn", OWED]),
        DecisionKind::ClearWarning => s(&["warn", f.active, "--clear"]),
        DecisionKind::ImprovementAdd => s(&[
            "improve",
            "add",
            f.active,
            "--action",
            "Monthly review",
            "--owner",
            "Hub manager",
            "--due",
            "31/03/2027",
        ]),
        DecisionKind::ImprovementDone => {
            s(&["improve", "done", f.active, &f.action_id.to_string()])
        }
        DecisionKind::RiskAdd => s(&[
            "risk",
            "add",
            "--title",
            "Loss of a key funder",
            "--category",
            "financial",
            "--owner",
            "Treasurer",
            "--probability",
            "3",
            "--impact",
            "2",
            "--review",
            "2027-03-01",
        ]),
        DecisionKind::RiskEdit => s(&["risk", "edit", "R-001", "--owner", "Chair"]),
        DecisionKind::RiskClose => s(&["risk", "close", "R-003"]),
        DecisionKind::RiskReopen => s(&["risk", "reopen", CLOSED_RISK]),
        DecisionKind::Import => {
            let hand = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/hand");
            s(&["import", hand.to_str().unwrap()])
        }
        DecisionKind::OcdsImport => {
            let notices = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/ocds/fictional-1.1");
            s(&["ocds", "import", notices.to_str().unwrap()])
        }
    };
    if matches!(
        kind,
        DecisionKind::Award | DecisionKind::JointAward | DecisionKind::CompetitiveAward
    ) {
        args.extend(s(&dates));
    }
    if kind.spec().overridable {
        args.extend(s(&over));
    }
    args.extend(s(&["--reason", "recorded reason"]));
    args
}

/// A fresh copy of the fixture's database for one decision.
fn copy(f: &Fixture, name: &str) -> PathBuf {
    let to = f.dir.path().join(format!("{name}.db"));
    std::fs::write(&to, bytes(&f.template)).unwrap();
    to
}

fn audit_rows(db: &Path) -> i64 {
    Store::open(db, OpenMode::ReadOnly)
        .unwrap()
        .conn()
        .query_row("SELECT COUNT(*) FROM audit_log", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn every_decision_is_refused_read_only_plans_on_a_dry_run_and_reports_in_json() {
    let f = fixture();
    assert!(DecisionKind::ALL.len() >= 17);
    for kind in DecisionKind::ALL {
        let name = kind.name();
        let args = example(*kind, &f);
        let db = copy(&f, name);
        let before = bytes(&db);

        // Read-only: refused, nothing written.
        let mut ro = vec!["--read-only".to_string()];
        ro.extend(args.clone());
        let out = hubboard(&db, &ro);
        assert_eq!(out.status.code(), Some(5), "{name}: {}", text(&out.stderr));
        let err = text(&out.stderr);
        assert!(
            err.contains("read-only") && err.contains("nothing was written"),
            "{name}: {err}"
        );
        assert!(text(&out.stdout).is_empty(), "{name}");
        assert_eq!(bytes(&db), before, "{name}: --read-only changed the file");

        // Read-only on a database that does not exist: refused, and nothing is created.
        let none = f.dir.path().join(format!("absent-{name}.db"));
        let out = hubboard(&none, &ro);
        assert_ne!(out.status.code(), Some(0), "{name}");
        assert!(
            !none.exists(),
            "{name}: --read-only created {}",
            none.display()
        );
        for side in ["-wal", "-shm"] {
            assert!(!Path::new(&format!("{}{side}", none.display())).exists());
        }

        // A dry run: the plan, and nothing written.
        let mut dry = args.clone();
        dry.push("--dry-run".into());
        let out = hubboard(&db, &dry);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", text(&out.stderr));
        assert!(
            text(&out.stdout).contains("dry run: nothing written"),
            "{name}: {}",
            text(&out.stdout)
        );
        assert_eq!(bytes(&db), before, "{name}: --dry-run changed the file");

        // JSON: the plan and the outcome, and the audit rows it says it wrote.
        let rows = audit_rows(&db);
        let mut json = args.clone();
        json.push("--json".into());
        let out = hubboard(&db, &json);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", text(&out.stderr));
        let report: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{name}: not JSON ({e}): {}", text(&out.stdout)));
        assert_eq!(report["decision"], name);
        assert_eq!(report["dry_run"], false);
        assert!(report["plan"].is_object(), "{name}: no plan");
        assert!(
            report["sheet"]["writes"]
                .as_array()
                .is_some_and(|w| !w.is_empty())
        );
        let ids = report["outcome"]["audit_ids"]
            .as_array()
            .expect("audit ids");
        assert!(!ids.is_empty(), "{name}: wrote no audit row");
        assert_eq!(audit_rows(&db), rows + ids.len() as i64, "{name}");
        assert!(
            report["outcome"]["outcome"].is_object(),
            "{name}: no outcome"
        );
    }
}

#[test]
fn a_read_only_dashboard_offers_no_decision_anywhere() {
    let (_dir, store) = demo_db();
    let config = Config::default();
    let mut app =
        hubboard::ui::new_app_with(&config, ThemeName::Default, "demo.db".into(), true).unwrap();
    app.set_snapshot(hubboard::dashboard::load(store.conn(), today(), &config).unwrap());
    let writable = hubboard::ui::new_app(&config, ThemeName::Default, "demo.db".into()).unwrap();
    let entries = PaletteState::build(app.snapshot.as_ref(), |a| {
        !hubboard::ui::commands::spec(a).is_some_and(|c| c.decision)
    });
    let mut offered_when_writable = 0;
    for kind in DecisionKind::ALL {
        let action = Action::Decide(*kind);
        assert!(app.keymap.keys(action).is_empty(), "{kind} has a key");
        assert!(
            entries
                .iter()
                .all(|e| !matches!(e.target(), Target::Command(a) if a == action)),
            "{kind} in the palette"
        );
        offered_when_writable += usize::from(!writable.keymap.keys(action).is_empty());
    }
    // The same app writable offers them: the test would notice if none were ever offered.
    assert!(offered_when_writable >= 12, "{offered_when_writable}");
    for pane in ['1', '2', '3', '4'] {
        app.handle_key(crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char(pane),
            crossterm::event::KeyModifiers::NONE,
        ));
        let screen = screen(&app, 200, 60);
        for kind in DecisionKind::ALL {
            let hint = kind.spec().hint;
            if !hint.is_empty() {
                assert!(
                    !screen.contains(&format!(":{hint} ")),
                    "{kind} hinted:\n{screen}"
                );
            }
        }
    }
    app.handle_key(crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Char('?'),
        crossterm::event::KeyModifiers::NONE,
    ));
    let help = screen(&app, 200, 80);
    for kind in DecisionKind::ALL {
        assert!(
            !help.contains(kind.spec().about),
            "{kind} in the help:\n{help}"
        );
    }
}

#[test]
fn a_commit_through_a_read_only_gate_is_refused_at_the_gate() {
    let (_dir, mut store) = demo_db();
    let config = Config::default();
    let clock = hubboard::clock::Clock::fixed(today());
    let by = ops::Decider::new(&clock, "tester", &config);
    let before: i64 = store
        .conn()
        .query_row("SELECT COUNT(*) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    let request = ops::suspend::SuspendRequest {
        subcontract: "SC-0053".into(),
        reason_code: hubboard::domain::SuspensionReason::UnderDelivery,
        effective: None,
        urgent: false,
    };
    let planned = ops::plan::<ops::suspend::Suspend>(store.conn(), &by, &request).unwrap();
    let why = Why {
        reason: "under profile".into(),
        override_reason: None,
    };
    let err = ops::commit(&mut store, &Gate::read_only(), &by, &planned, &why).unwrap_err();
    assert_eq!(err.exit_code(), 5, "{err}");
    let after: i64 = store
        .conn()
        .query_row("SELECT COUNT(*) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    assert_eq!(after, before);
}

#[test]
fn no_command_creates_or_changes_anything_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let none = dir.path().join("none.db");
    let out_dir = dir.path().join("out");
    let plan = dir.path().join("plan.json");
    std::fs::write(&plan, "{\"decision\": \"suspend\"}").unwrap();
    let commands: Vec<Vec<String>> = vec![
        s(&[]),
        s(&["demo"]),
        s(&["demo", "--force"]),
        s(&["snapshot"]),
        s(&["triage"]),
        s(&["risks"]),
        s(&["export", out_dir.to_str().unwrap()]),
        s(&["audit", "verify"]),
        s(&["audit", "log"]),
        s(&["improve", "list", "SC-0001"]),
        s(&[
            "report",
            "--format",
            "md",
            "--out",
            dir.path().join("pack.md").to_str().unwrap(),
        ]),
        s(&["commit", plan.to_str().unwrap(), "--reason", "x"]),
    ];
    for args in &commands {
        let mut ro = vec!["--read-only".to_string()];
        ro.extend(args.clone());
        let out = hubboard(&none, &ro);
        assert_ne!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            text(&out.stdout)
        );
        assert!(!none.exists(), "{args:?} created the database");
    }
    // And on an existing database, the writing commands are refused and change nothing.
    let (_d, store) = demo_db();
    let db = _d.path().join("demo.db");
    drop(store);
    let before = bytes(&db);
    for args in [
        s(&["demo", "--force"]),
        s(&["demo", "--size", "small", "--force"]),
    ] {
        let mut ro = vec!["--read-only".to_string()];
        ro.extend(args.clone());
        let out = hubboard(&db, &ro);
        assert_eq!(
            out.status.code(),
            Some(5),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert_eq!(bytes(&db), before, "{args:?} changed the database");
    }
}
