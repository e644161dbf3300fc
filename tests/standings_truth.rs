//! Standings on one basis, on the small demo: the award check looks at the member's sub-contracts
//! themselves, the Board's standings slide and the pack count the dashboard's sub-contracts, a
//! sub-contract the referral route starved counts in no standing and is labelled the same
//! everywhere, and a missing return is not a zero.

mod board_support;

use std::path::Path;
use std::process::Command;

use board_support::*;
use hubboard::board::BoardConfig;
use hubboard::board::pack::{self, Format};
use hubboard::scoring::Standing;
use hubboard::store::{OpenMode, Store};

fn hubboard(db: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_hubboard"))
        .arg("--db")
        .arg(db)
        .args(["--today", "2026-11-22"])
        .args(args)
        .env_remove("HUBBOARD_CONFIG")
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().unwrap_or(-1), text)
}

/// An award to `member` on the demo's part-let contract, planned only.
fn award_plan(db: &Path, member: &str) -> (i32, String) {
    hubboard(
        db,
        &[
            "award",
            "--opportunity",
            "OP-016",
            "--member",
            member,
            "--value",
            "£5,000",
            "--start",
            "2027-01-01",
            "--end",
            "2027-12-31",
            "--units",
            "1",
            "--reason",
            "Delivery plan",
            "--dry-run",
        ],
    )
}

#[test]
fn an_inadequate_sub_contract_blocks_awards_whatever_the_members_average() {
    let (_dir, db) = demo_db();
    // KN34 holds SC-0053, rated Inadequate, among contracts whose value-weighted score is Good.
    let (code, out) = award_plan(&db, "KN34");
    assert_eq!(code, 1, "{out}");
    let line = out
        .lines()
        .find(|l| l.contains("performance standing"))
        .unwrap();
    assert!(
        line.starts_with("  ✗ performance standing: worst SC-0053 Inadequate ("),
        "{line}"
    );
    assert!(line.contains("; value-weighted Good ("), "{line}");
    assert!(line.contains("SC-0053 blocks new awards"), "{line}");
}

#[test]
fn a_recent_suspension_warns_however_it_ended() {
    let (_dir, db) = demo_db();
    let (_, before) = award_plan(&db, "KN03");
    assert!(before.contains("✓ no suspension: no sub-contract under notice or suspended"));
    let sub = {
        let store = Store::open(&db, OpenMode::ReadOnly).unwrap();
        store
            .conn()
            .query_row(
                "SELECT code FROM subcontracts WHERE member = 'KN03' AND status = 'active' LIMIT 1",
                [],
                |r| r.get::<_, String>(0),
            )
            .unwrap()
    };
    for args in [
        vec![
            "suspend",
            &sub,
            "--reason-code",
            "under_delivery",
            "--reason",
            "Behind profile",
        ],
        vec!["reinstate", &sub, "--reason", "Caught up"],
    ] {
        let (code, out) = hubboard(&db, &args);
        assert_eq!(code, 0, "{out}");
    }
    let (_, after) = award_plan(&db, "KN03");
    let line = after.lines().find(|l| l.contains("no suspension")).unwrap();
    assert_eq!(
        line,
        format!(
            "  ✓ no suspension: warning: none under notice or suspended now, but {sub} suspended 22 Nov 2026 within the last 12 months"
        )
    );
}

#[test]
fn the_boards_standings_are_the_dashboards_sub_contracts() {
    let (_dir, db) = demo_db();
    let store = Store::open(&db, OpenMode::ReadOnly).unwrap();
    let snap = hubboard::dashboard::load(store.conn(), today(), &config()).unwrap();
    let rated: Vec<_> = snap
        .performance
        .iter()
        .filter(|p| !p.referral_route && p.standing.is_some())
        .collect();
    let count = |s: Standing| rated.iter().filter(|p| p.standing == Some(s)).count();
    // Three Inadequate on the dashboard: SC-0045 (suspended), SC-0053 and SC-0106.
    let mut inadequate: Vec<&str> = rated
        .iter()
        .filter(|p| p.standing == Some(Standing::Inadequate))
        .map(|p| p.code.as_str())
        .collect();
    inadequate.sort();
    assert_eq!(inadequate, ["SC-0045", "SC-0053", "SC-0106"]);
    let d = deck(&db, false, &BoardConfig::default());
    let slide = d.slides.iter().find(|s| s.id == "standings").unwrap();
    let figures = match &slide.body {
        hubboard::board::Body::Figures(f) => f.clone(),
        _ => panic!("figures"),
    };
    for (label, standing) in [
        ("Good", Standing::Good),
        ("Approaching target", Standing::ApproachingTarget),
        ("Requires improvement", Standing::RequiresImprovement),
        ("Inadequate", Standing::Inadequate),
    ] {
        let f = figures.iter().find(|f| f.label == label).unwrap();
        assert_eq!(f.value, count(standing).to_string(), "{label}");
        assert!(
            f.note
                .starts_with(&format!("of {} rated sub-contracts", rated.len())),
            "{}",
            f.note
        );
    }
    // The members holding them are listed, by sub-contract; the pack says the same.
    let listed: Vec<&str> = slide.detail.rows.iter().map(|r| r[1].as_str()).collect();
    assert_eq!(listed, ["SC-0045", "SC-0053", "SC-0106"]);
    let md = pack::render(&d, Format::Md).unwrap();
    for code in ["SC-0045", "SC-0053", "SC-0106"] {
        assert!(md.contains(code));
    }
    assert!(md.contains("| Inadequate | **3** |"), "{md}");
}

#[test]
fn a_sub_contract_starved_of_referrals_counts_in_no_standing_and_reads_the_same_everywhere() {
    let (_dir, db) = demo_db();
    let store = Store::open(&db, OpenMode::ReadOnly).unwrap();
    // KN11's standing leaves SC-0062 out: the route sent nobody, the provider did not fail.
    let kn11 = hubboard::scoring::member_standing(store.conn(), "KN11", today(), &config().scoring)
        .unwrap();
    assert!(kn11.contracts.iter().all(|c| c.subcontract != "SC-0062"));
    assert!(!kn11.contracts.is_empty());
    let label = hubboard::scoring::signals::ROUTE_LABEL;
    let (_, pane) = hubboard(
        &db,
        &["snapshot", "--pane", "performance", "--size", "200x60"],
    );
    let row = pane.lines().find(|l| l.contains("SC-0062")).unwrap();
    assert!(row.contains(label), "{row}");
    let (_, triage) = hubboard(&db, &["triage"]);
    let row = triage.lines().find(|l| l.contains("SC-0062")).unwrap();
    assert!(row.contains(label), "{row}");
    let d = deck(&db, false, &BoardConfig::default());
    let attention = d.slides.iter().find(|s| s.id == "attention").unwrap();
    let row = attention
        .detail
        .rows
        .iter()
        .find(|r| r[1] == "SC-0062")
        .unwrap();
    assert_eq!(row[3], label);
    // The CSV pack is one value a line: the row holding SC-0062 has the label as its standing.
    let csv = pack::render(&d, Format::Csv).unwrap();
    let at = csv
        .lines()
        .find_map(|l| {
            l.strip_prefix("attention,")?
                .strip_suffix(",Sub-contract,SC-0062")
        })
        .expect("SC-0062 in the pack");
    assert!(
        csv.lines()
            .any(|l| l == format!("attention,{at},Standing,{label}")),
        "{csv}"
    );
    // And the why names who refers: the prime contract's commissioner.
    assert!(row[6].contains("refers), not the provider"), "{}", row[6]);
}

#[test]
fn a_sub_contract_on_profile_with_a_missing_return_is_not_below_approaching_target() {
    let (_dir, db) = demo_db();
    let store = Store::open(&db, OpenMode::ReadOnly).unwrap();
    let snap = hubboard::dashboard::load(store.conn(), today(), &config()).unwrap();
    // SC-0023 delivers 100–110% of profile; its October return is missing.
    let row = snap
        .performance
        .iter()
        .find(|p| p.code == "SC-0023")
        .unwrap();
    assert_eq!(row.missing, 1);
    assert!(row.recent_pct().unwrap() >= 100, "{row:?}");
    assert!(
        row.standing.unwrap() <= Standing::ApproachingTarget,
        "{row:?}"
    );
}
