//! `hubboard triage` through the real binary on the small demo (seed 1, today 22 Nov 2026):
//! every listed provider has a concern found here independently from the records; the chronic
//! under-performers and the bid-candy sub-contract are listed with the right reasons; steady
//! performers are not.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use rust_decimal::Decimal;
use serde_json::Value;

use hubboard::dates::{self, Period};
use hubboard::domain::MonitoringReturn;
use hubboard::store::{OpenMode, Store, members, subcontracts};

const TODAY: &str = "2026-11-22";

fn hubboard(db: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_hubboard"))
        .arg("--db")
        .arg(db)
        .args(["--today", TODAY])
        .args(args)
        .env_remove("HUBBOARD_DB")
        .env_remove("HUBBOARD_TODAY")
        .output()
        .unwrap()
}

fn pct(r: &MonitoringReturn) -> Decimal {
    Decimal::from(r.units_delivered) * Decimal::ONE_HUNDRED / Decimal::from(r.units_target.max(1))
}

/// The last three complete months before today: Aug, Sep, Oct 2026.
fn window() -> Vec<Period> {
    let oct: Period = "2026-10".parse().unwrap();
    vec![oct.prev().prev(), oct.prev(), oct]
}

struct Demo {
    _dir: tempfile::TempDir,
    rows: Vec<Value>,
    returns: BTreeMap<String, Vec<MonitoringReturn>>,
    store: Store,
}

fn demo() -> Demo {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let made = hubboard(&db, &["demo"]);
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let out = hubboard(&db, &["triage", "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let store = Store::open(&db, OpenMode::ReadOnly).unwrap();
    let mut returns = BTreeMap::new();
    for s in subcontracts::load_subcontracts(store.conn()).unwrap() {
        returns.insert(
            s.code.clone(),
            subcontracts::returns_of(store.conn(), &s.code).unwrap(),
        );
    }
    Demo {
        _dir: dir,
        rows,
        returns,
        store,
    }
}

fn listed<'a>(rows: &'a [Value], sub: &str) -> Option<&'a Value> {
    rows.iter().find(|r| r["subcontract"] == sub)
}

/// A concern about a sub-contract found without the scoring module: in Aug–Oct a return late or
/// missing, a grade of 3 or 4, a milestone missed, or delivery under 75% in all three months;
/// or no more than 10% referrals in each of them.
fn has_concern(returns: &[MonitoringReturn], today: chrono::NaiveDate) -> bool {
    let recent: Vec<&MonitoringReturn> = returns
        .iter()
        .filter(|r| window().contains(&r.period))
        .collect();
    let late = recent.iter().any(|r| match r.submitted {
        Some(s) => s > r.due,
        None => r.due < today,
    });
    let poor = recent
        .iter()
        .any(|r| matches!(r.quality_grade, Some(3 | 4)));
    let missed = recent
        .iter()
        .any(|r| r.submitted.is_some() && r.milestones_met < r.milestones_due);
    let below = recent.len() == 3 && recent.iter().all(|r| pct(r) < Decimal::from(75));
    let no_referrals =
        recent.len() == 3 && recent.iter().all(|r| r.referrals * 10 <= r.units_target);
    late || poor || missed || below || no_referrals
}

#[test]
fn triage_on_the_small_demo_lists_the_story_and_nobody_performing() {
    let demo = demo();
    let today = dates::parse_iso(TODAY).unwrap();
    assert!(!demo.rows.is_empty());

    // Every listed sub-contract has a concern found independently; every member row has a
    // compliance item expired or expiring within 30 days.
    let compliance = members::load_compliance(demo.store.conn(), None).unwrap();
    for row in &demo.rows {
        match row["subcontract"].as_str() {
            Some(code) => assert!(
                has_concern(&demo.returns[code], today),
                "{code} listed without cause: {row}"
            ),
            None => {
                let m = row["member"].as_str().unwrap();
                let soon = today + chrono::Duration::days(30);
                let mut latest: BTreeMap<String, chrono::NaiveDate> = BTreeMap::new();
                for i in compliance.iter().filter(|i| i.member == m) {
                    let e = latest.entry(i.kind.to_string()).or_insert(i.valid_until);
                    *e = (*e).max(i.valid_until);
                }
                assert!(
                    latest.values().any(|u| *u <= soon),
                    "member {m} listed without cause"
                );
            }
        }
    }

    // Chronic under-performers: under 60% of profile in each of the last four returns in, each
    // graded 3 or 4 (the grade is what tells them from a contract referred no work at all).
    let chronic: Vec<&String> = demo
        .returns
        .iter()
        .filter(|(_, rs)| {
            let done: Vec<&MonitoringReturn> =
                rs.iter().filter(|r| r.submitted.is_some()).collect();
            done.len() >= 4
                && done[done.len() - 4..]
                    .iter()
                    .all(|r| pct(r) < Decimal::from(60) && matches!(r.quality_grade, Some(3 | 4)))
        })
        .map(|(c, _)| c)
        .collect();
    assert!(
        chronic.len() >= 3,
        "the demo has three chronic under-performers: {chronic:?}"
    );
    for code in &chronic {
        let row = listed(&demo.rows, code).unwrap_or_else(|| panic!("chronic {code} not listed"));
        assert_eq!(row["severity"], "high");
        assert_eq!(row["kind"], "provider");
        assert!(
            row["rules"].as_str().unwrap().contains("below_profile"),
            "{row}"
        );
        assert!(
            row["why"]
                .as_str()
                .unwrap()
                .contains("below the 75% threshold"),
            "{row}"
        );
    }
    // They come before every medium or low row.
    let first_medium = demo
        .rows
        .iter()
        .position(|r| r["severity"] != "high")
        .unwrap_or(demo.rows.len());
    for code in &chronic {
        let at = demo
            .rows
            .iter()
            .position(|r| r["subcontract"] == code.as_str())
            .unwrap();
        assert!(at < first_medium, "{code} at {at}");
    }

    // Bid candy: no referrals in any of Aug–Oct, listed as a referral-route warning.
    let candy: Vec<&String> = demo
        .returns
        .iter()
        .filter(|(_, rs)| {
            let recent: Vec<_> = rs.iter().filter(|r| window().contains(&r.period)).collect();
            recent.len() == 3 && recent.iter().all(|r| r.referrals == 0)
        })
        .map(|(c, _)| c)
        .collect();
    assert_eq!(candy.len(), 1, "{candy:?}");
    let row = listed(&demo.rows, candy[0]).unwrap();
    assert_eq!(row["kind"], "referral_route", "{row}");
    assert!(row["rules"].as_str().unwrap().contains("low_referrals"));
    assert!(
        row["why"].as_str().unwrap().contains("referral route"),
        "{row}"
    );

    // Steady performers: every active sub-contract with no concern is absent, and there are many.
    let subs = subcontracts::load_subcontracts(demo.store.conn()).unwrap();
    let steady: Vec<&String> = subs
        .iter()
        .filter(|s| s.status == hubboard::domain::SubContractStatus::Active)
        .map(|s| &s.code)
        .filter(|c| {
            let rs = &demo.returns[*c];
            rs.iter().filter(|r| window().contains(&r.period)).count() == 3
                && !has_concern(rs, today)
        })
        .collect();
    assert!(steady.len() > 50, "{}", steady.len());
    for code in steady {
        assert!(
            listed(&demo.rows, code).is_none(),
            "steady performer {code} listed"
        );
    }
}

#[test]
fn triage_table_keeps_whole_names_when_piped_and_csv_has_plain_money() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    assert!(hubboard(&db, &["demo"]).status.success());
    let table = hubboard(&db, &["triage"]);
    let text = String::from_utf8(table.stdout).unwrap();
    // Piped, no name is cut: the member column widens to the longest; the Why lines still wrap.
    let json = hubboard(&db, &["triage", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    for r in rows.as_array().unwrap() {
        let name = format!(
            "{} {}",
            r["member"].as_str().unwrap(),
            r["member_name"].as_str().unwrap()
        );
        assert!(text.contains(&name), "{name} cut in:\n{text}");
    }
    assert!(!text.contains('…'), "{text}");
    for line in text.lines().filter(|l| l.starts_with("      ")) {
        assert!(unicode_width::UnicodeWidthStr::width(line) <= 120, "{line}");
    }
    assert!(text.contains('£'), "UK money on the table");
    let csv = String::from_utf8(hubboard(&db, &["triage", "--format", "csv"]).stdout).unwrap();
    let mut lines = csv.lines();
    assert!(lines.next().unwrap().starts_with("severity,kind,member,"));
    let first = lines.next().unwrap();
    assert!(
        !first.contains('£') || first.contains("\""),
        "plain money in CSV: {first}"
    );
    // --read-only judges the same, in memory, and caches nothing.
    let fresh = dir.path().join("fresh.db");
    assert!(hubboard(&fresh, &["demo"]).status.success());
    let ro = hubboard(&fresh, &["--read-only", "triage", "--format", "json"]);
    assert!(
        ro.status.success(),
        "{}",
        String::from_utf8_lossy(&ro.stderr)
    );
    let cached: i64 = Store::open(&fresh, OpenMode::ReadOnly)
        .unwrap()
        .conn()
        .query_row("SELECT COUNT(*) FROM subcontract_scores", [], |r| r.get(0))
        .unwrap();
    assert_eq!(cached, 0);
    let rw = hubboard(&fresh, &["triage", "--format", "json"]);
    assert_eq!(
        String::from_utf8_lossy(&ro.stdout),
        String::from_utf8_lossy(&rw.stdout)
    );
    let missing = hubboard(&dir.path().join("none.db"), &["triage"]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no database"));
}
