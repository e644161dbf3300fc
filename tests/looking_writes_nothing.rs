//! Looking never writes a decision: opening the dashboard, loading the Board's figures and the
//! read-only commands (`snapshot`, `triage`, `risks`, `report`) leave the audit log and the risk
//! register exactly as they were, while still showing the generated risks the data raises.

mod ui_support;

use std::path::Path;
use std::process::Command;

use hubboard::board::{self, BoardConfig};
use hubboard::clock::Clock;
use hubboard::config::Config;
use hubboard::dashboard;
use hubboard::demo::{DemoOptions, LargeCounts, Size, generate_large};
use hubboard::store::{OpenMode, Store};
use hubboard::ui::session::Session;
use hubboard::ui::theme::ThemeName;
use ui_support::*;

fn count(store: &Store, table: &str) -> i64 {
    store
        .conn()
        .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

/// (audit rows, stored risks).
fn written(path: &Path) -> (i64, i64) {
    let store = Store::open(path, OpenMode::ReadOnly).unwrap();
    (count(&store, "audit_log"), count(&store, "risks"))
}

/// Opens the dashboard as `hubboard` does: a read-write session that loads its snapshot.
fn open_dashboard(path: &Path) -> Session {
    let config = Config::default();
    let store = Store::open(path, OpenMode::ReadWrite).unwrap();
    let app = hubboard::ui::new_app(&config, ThemeName::Default, "demo.db".into()).unwrap();
    let mut s = Session::new(app, store, Clock::fixed(today()), config, "officer".into());
    s.reload().unwrap();
    s
}

fn generated_shown(s: &dashboard::Snapshot) -> usize {
    s.risks.iter().filter(|r| r.generated_by.is_some()).count()
}

#[test]
fn opening_the_dashboard_on_the_small_demo_writes_no_audit_row() {
    let (dir, store) = demo_db();
    let path = dir.path().join("demo.db");
    drop(store);
    let before = written(&path);
    let s = open_dashboard(&path);
    let snap = s.app.snapshot.as_ref().unwrap();
    assert_eq!(generated_shown(snap), 2, "the two Inadequate sub-contracts");
    assert_eq!(snap.risk_causes.len(), 2);
    drop(s);
    let _again = open_dashboard(&path);
    assert_eq!(written(&path), before);
}

#[test]
fn loading_the_large_demo_at_one_hundredth_scale_writes_no_audit_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("large.db");
    let mut store = Store::open(&path, OpenMode::ReadWrite).unwrap();
    let opts = DemoOptions {
        size: Size::Large,
        seed: 1,
        today: today(),
    };
    let clock = Clock::fixed(today());
    generate_large(
        &mut store,
        &opts,
        &LargeCounts::scaled_down(100),
        &clock,
        "t",
        &mut |_| {},
    )
    .unwrap();
    drop(store);
    let before = written(&path);
    let s = open_dashboard(&path);
    let snap = s.app.snapshot.as_ref().unwrap();
    assert!(
        generated_shown(snap) > 0,
        "the large demo raises generated risks"
    );
    let config = Config::default();
    let (b, _) = board::load(
        s.store.conn(),
        today(),
        &config,
        &BoardConfig::default(),
        None,
        false,
    )
    .unwrap();
    assert_eq!(
        b.risks.iter().filter(|r| r.generated_by.is_some()).count(),
        generated_shown(snap),
        "the Board reads the same register"
    );
    drop(s);
    assert_eq!(written(&path), before);
}

#[test]
fn the_read_only_commands_write_no_audit_row() {
    let (dir, store) = demo_db();
    let path = dir.path().join("demo.db");
    drop(store);
    let before = written(&path);
    let pack = dir.path().join("pack.md");
    let runs: [&[&str]; 4] = [
        &["snapshot"],
        &["triage"],
        &["risks"],
        &["report", "--format", "md", "--out", pack.to_str().unwrap()],
    ];
    for args in runs {
        let o = Command::new(env!("CARGO_BIN_EXE_hubboard"))
            .arg("--db")
            .arg(&path)
            .args(["--today", "2026-11-22"])
            .args(args)
            .env_remove("HUBBOARD_DB")
            .env_remove("HUBBOARD_TODAY")
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert_eq!(
            written(&path),
            before,
            "{args:?} wrote to the log or register"
        );
    }
    let pack = std::fs::read_to_string(&pack).unwrap();
    assert!(
        pack.contains("inadequate_standing: sub-contract SC-0053's overall score is"),
        "the board pack names the rule and figures"
    );
}
