//! A large hub's first load reads the risk register, from a score cache holding the day's
//! assessments, on a second connection beside the first: what it shows is what one connection
//! alone reads, on the day the cache holds and on a new day.

use chrono::NaiveDate;
use hubboard::clock::Clock;
use hubboard::config::Config;
use hubboard::dashboard::{self, Part, Snapshot};
use hubboard::demo::{self, DemoOptions, Size};
use hubboard::store::{OpenMode, Store};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn name(p: &Part) -> &'static str {
    match p {
        Part::TendersPage { .. } => "tenders page",
        Part::Tenders(_) => "tenders",
        Part::Capacity(_) => "capacity",
        Part::PerformancePage { .. } => "performance page",
        Part::Summary(_) => "summary",
        Part::Risks { .. } => "risks",
        Part::Scoring { .. } => "scoring",
        Part::Rest(_) => "rest",
    }
}

/// The parts a load sends (sorted, progress left out) and the snapshot they make.
fn load(
    conn: &rusqlite::Connection,
    today: NaiveDate,
    beside: bool,
) -> (Vec<&'static str>, String) {
    let config = Config::default();
    let mut names = Vec::new();
    let mut snapshot = Snapshot::default();
    let mut take = |p: Part| {
        names.push(name(&p));
        snapshot.take(p);
    };
    if beside {
        dashboard::load_in_parts(conn, today, &config, &mut take).unwrap();
    } else {
        dashboard::load_in_parts_alone(conn, today, &config, &mut take).unwrap();
    }
    names.retain(|n| *n != "scoring");
    names.sort_unstable();
    (names, format!("{snapshot:?}"))
}

/// The small demo in a file, with enough stored risks for a second reader.
fn hub(dir: &std::path::Path) -> Store {
    let today = day("2026-11-22");
    let mut store = Store::open(&dir.join("hub.db"), OpenMode::ReadWrite).unwrap();
    let opts = DemoOptions {
        size: Size::Small,
        seed: 1,
        today,
    };
    demo::generate(&mut store, &opts, &Clock::fixed(today), "t", &mut |_| {}).unwrap();
    assert!(!dashboard::reads_beside(store.conn()).unwrap());
    // Copies of the stored risks people keep, under new codes, each reviewed on a day of its
    // own, until the register holds a thousand.
    for n in 1.. {
        let stored: i64 = store
            .conn()
            .query_row("SELECT COUNT(*) FROM risks", [], |r| r.get(0))
            .unwrap();
        if stored >= 1000 {
            break;
        }
        store
            .conn()
            .execute(
                "INSERT INTO risks (code, title, category, owner, scale, gross_probability,
                        gross_impact, preventative_controls, curative_controls,
                        net_probability, net_impact, review_date, status, entity_kind,
                        entity_code, generated_by)
                 SELECT code || '/C' || ?1, title, category, owner, scale, gross_probability,
                        gross_impact, preventative_controls, curative_controls,
                        net_probability, net_impact, date(review_date, '+' || ?1 || ' days'),
                        status, entity_kind, entity_code, generated_by
                   FROM risks WHERE generated_by IS NULL AND code NOT LIKE '%/C%'",
                [n],
            )
            .unwrap();
    }
    assert!(dashboard::reads_beside(store.conn()).unwrap());
    store
}

#[test]
fn the_reader_beside_shows_what_one_connection_reads() {
    let dir = tempfile::tempdir().unwrap();
    let store = hub(dir.path());
    for today in ["2026-11-22", "2026-11-22", "2026-11-23", "2026-12-09"] {
        // The load beside comes first: on a new day it is the one that works out the day's
        // assessments (so the register is not read beside), then the cache holds them.
        let (beside_parts, beside) = load(store.conn(), day(today), true);
        let (alone_parts, alone) = load(store.conn(), day(today), false);
        assert_eq!(beside_parts, alone_parts, "{today}");
        assert_eq!(beside, alone, "{today}");
        // Each part once: neither capacity nor the register is sent twice.
        let mut once = beside_parts.clone();
        once.dedup();
        assert_eq!(once, beside_parts, "{today}");
    }
}

#[test]
fn a_private_database_is_read_on_its_one_connection() {
    let store = Store::open_in_memory().unwrap();
    assert!(!dashboard::reads_beside(store.conn()).unwrap());
}
