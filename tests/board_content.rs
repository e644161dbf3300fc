//! The Board's figures against the store, worked out independently here: win rate, the
//! delivery-to-hub ratio and its benchmarks (exactly at 9:1 and 19:1), capacity by cluster,
//! decisions from the `since` date (a row on that date is in, the day before is out), and an
//! empty database.

mod board_support;

use board_support::*;
use hubboard::board::build::ratio_verdict;
use hubboard::board::{self, BoardConfig, Body};
use hubboard::config::Config;
use hubboard::store::{OpenMode, Store};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn slide<'a>(d: &'a board::Deck, id: &str) -> &'a board::Slide {
    d.slides.iter().find(|s| s.id == id).unwrap()
}

#[test]
fn win_rate_counts_won_over_won_and_lost() {
    let (_dir, path) = demo_db();
    let store = Store::open(&path, OpenMode::ReadOnly).unwrap();
    let (won, lost): (i64, i64) = store
        .conn()
        .query_row(
            "SELECT SUM(stage = 'won'), SUM(stage = 'lost') FROM opportunities",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(won > 0 && lost > 0, "the demo has both");
    let expected = (Decimal::from(won) * dec!(100) / Decimal::from(won + lost))
        .round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    let d = deck(&path, false, &BoardConfig::default());
    let win = d
        .figures()
        .into_iter()
        .find(|f| f.label.starts_with("Win rate"))
        .unwrap();
    assert_eq!(win.value, format!("{expected}%"));
    assert!(win.note.starts_with(&format!("{won} won, {lost} lost")));
}

#[test]
fn ratio_benchmarks_hold_exactly_at_nine_and_nineteen_to_one() {
    let marks = BoardConfig::default().ratio_benchmarks;
    let verdict = |a, b| ratio_verdict(a, b, &marks);
    assert_eq!(verdict(dec!(899), dec!(100)), "below the 9:1 now benchmark");
    assert_eq!(
        verdict(dec!(900), dec!(100)),
        "at or beyond 9:1 now, short of the 19:1 aim"
    );
    assert_eq!(
        verdict(dec!(1899.99), dec!(100)),
        "at or beyond 9:1 now, short of the 19:1 aim"
    );
    assert_eq!(verdict(dec!(1900), dec!(100)), "at or beyond the 19:1 aim");
    assert_eq!(verdict(dec!(1900), dec!(0)), "no top-slice income yet");
}

#[test]
fn the_benchmarks_and_their_source_come_from_the_configuration() {
    let (_dir, path) = demo_db();
    let config = BoardConfig {
        ratio_benchmarks: vec![hubboard::board::config::RatioBenchmark {
            ratio: dec!(12.5),
            label: "target".into(),
        }],
        ratio_source: "our Board, March 2026".into(),
        ..BoardConfig::default()
    };
    let d = deck(&path, false, &config);
    let ratio = d
        .figures()
        .into_iter()
        .find(|f| f.label == "Delivery to hub")
        .unwrap();
    // The verdict names the configured benchmark, the source follows.
    assert!(
        ratio.note.contains("12.5:1 target") && ratio.note.contains("(our Board, March 2026)"),
        "{}",
        ratio.note
    );
    let default = deck(&path, false, &BoardConfig::default());
    let said = default
        .figures()
        .into_iter()
        .find(|f| f.label == "Delivery to hub")
        .unwrap()
        .note
        .clone();
    assert!(said.contains("ConsortiCo"), "{said}");
}

#[test]
fn delivery_to_hub_is_on_one_basis_a_year_over_the_contracts_running_today() {
    let (_dir, path) = demo_db();
    let store = Store::open(&path, OpenMode::ReadOnly).unwrap();
    let (b, _) = board::load(
        store.conn(),
        today(),
        &Config::default(),
        &BoardConfig::default(),
        None,
        false,
    )
    .unwrap();
    // Worked out again here from the records: each won opportunity whose prime runs today, its
    // top slice a year, and its delivering sub-contracts' values a year.
    let conn = store.conn();
    let mut hub = Decimal::ZERO;
    let mut delivery = Decimal::ZERO;
    let year = |v: Decimal, s: chrono::NaiveDate, e: chrono::NaiveDate| {
        let months = hubboard::dates::months_spanned(s, e).max(1);
        (v * dec!(12) / Decimal::from(months)).round_dp(2)
    };
    let delivering: std::collections::HashSet<String> =
        hubboard::dashboard::load(conn, today(), &Config::default())
            .unwrap()
            .performance
            .iter()
            .filter(|p| p.state.delivering())
            .map(|p| p.code.clone())
            .collect();
    let mut running = 0;
    for o in hubboard::store::opportunities::load_opportunities(conn).unwrap() {
        if o.stage != hubboard::domain::Stage::Won {
            continue;
        }
        let p = hubboard::store::prime::prime_contract(conn, &o).unwrap();
        if today() < p.start || today() > p.end {
            continue;
        }
        running += 1;
        hub += year(p.top_slice, p.start, p.end);
        for s in hubboard::store::prime::subcontracts_of(conn, &o.code).unwrap() {
            if delivering.contains(&s.code) {
                delivery += year(s.value, s.start, s.end);
            }
        }
    }
    assert!(running > 0 && hub > Decimal::ZERO);
    assert_eq!(
        (
            b.headlines.ratio.contracts,
            b.headlines.ratio.delivery,
            b.headlines.ratio.hub
        ),
        (running, delivery, hub)
    );
    let d = deck(&path, false, &BoardConfig::default());
    let ratio = d
        .figures()
        .into_iter()
        .find(|f| f.label == "Delivery to hub")
        .unwrap();
    assert_eq!(ratio.value, board::format::ratio(delivery, hub));
    assert!(ratio.note.contains(&ratio_verdict(
        delivery,
        hub,
        &BoardConfig::default().ratio_benchmarks
    )));
}

#[test]
fn capacity_by_cluster_sums_its_members() {
    let (_dir, path) = demo_db();
    let store = Store::open(&path, OpenMode::ReadOnly).unwrap();
    let (cluster, expected): (String, i64) = store
        .conn()
        .query_row(
            "SELECT m.clusters, SUM(c.units_per_month) FROM members m
             JOIN member_capacity c ON c.member = m.code
             WHERE m.clusters NOT LIKE '%;%' AND m.clusters <> ''
             GROUP BY m.clusters ORDER BY m.clusters LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let (b, _) = board::load(
        store.conn(),
        today(),
        &Config::default(),
        &BoardConfig::default(),
        None,
        false,
    )
    .unwrap();
    let load = b.clusters.iter().find(|c| c.cluster == cluster).unwrap();
    // Members in this cluster alone contribute `expected`; members also in others add theirs.
    assert!(
        load.capacity as i64 >= expected,
        "{cluster}: {} < {expected}",
        load.capacity
    );
    let by_members: u64 = load.members.iter().map(|m| m.2).sum();
    assert_eq!(load.capacity, by_members);
    let d = deck(&path, false, &BoardConfig::default());
    let Body::Table(t) = &slide(&d, "capacity").body else {
        panic!()
    };
    let row = t.rows.iter().find(|r| r[0] == cluster).unwrap();
    assert_eq!(row[2], board::format::count(load.capacity));
}

#[test]
fn decisions_start_on_the_since_date() {
    let (_dir, path) = demo_db();
    let d = deck(&path, false, &BoardConfig::default());
    let Body::Table(t) = &slide(&d, "decisions").body else {
        panic!()
    };
    let reasons: Vec<&str> = t.rows.iter().map(|r| r[4].as_str()).collect();
    assert!(
        reasons
            .iter()
            .any(|r| r.starts_with("Improvement plan agreed")),
        "{reasons:?}"
    );
    assert!(
        !reasons.iter().any(|r| r.starts_with("Reviewed")),
        "the day before is out"
    );
    assert!(
        t.rows.iter().all(|r| r[0].contains(" 2026 ")),
        "UK dates: {:?}",
        t.rows
    );
    assert_eq!(slide(&d, "decisions").title, "Decisions since 1 Nov 2026");
}

#[test]
fn without_since_the_window_is_the_configured_months() {
    let cfg = BoardConfig {
        since_months: 1,
        ..BoardConfig::default()
    };
    assert_eq!(
        board::since_or_default(None, today(), &cfg).to_string(),
        "2026-10-22"
    );
    assert_eq!(
        board::since_or_default(Some(since()), today(), &cfg),
        since()
    );
}

#[test]
fn an_empty_database_gives_a_deck_of_dashes_not_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.db");
    drop(Store::open(&path, OpenMode::ReadWrite).unwrap());
    let d = deck(&path, true, &BoardConfig::default());
    assert_eq!(d.slides.len(), 9);
    let figs = d.figures();
    assert_eq!(figs[0].value, "£0");
    assert_eq!(figs[1].value, "—", "no won or lost opportunities");
    assert_eq!(figs[4].value, "—", "no top-slice income");
    let Body::Table(t) = &slide(&d, "attention").body else {
        panic!()
    };
    assert!(t.rows.is_empty());
}

#[test]
fn board_settings_are_checked() {
    assert!(
        Config::parse("[board]\nconfidential = [\"member_income\", \"member_income\"]\n").is_err()
    );
    assert!(Config::parse("[board]\nconfidential = [\"salaries\"]\n").is_err());
    assert!(Config::parse("[board]\nsince_months = 0\n").is_err());
    let c = Config::parse("[board]\nconfidential = []\n").unwrap();
    assert!(c.board.confidential.is_empty());
}
