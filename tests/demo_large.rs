//! The large (benchmark) demo's generator, run at 1/100 of its size: the counts it promises,
//! twelve returns per sub-contract, progress reported as it goes, one audit row.

use chrono::NaiveDate;
use hubboard::clock::Clock;
use hubboard::dates::Period;
use hubboard::demo::{DemoOptions, LargeCounts, Size, generate_large};
use hubboard::store::Store;
use hubboard::store::audit::{self, Verdict};

fn count(store: &Store, sql: &str) -> i64 {
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn the_large_demo_at_one_hundredth_scale_has_the_promised_counts() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let counts = LargeCounts::scaled_down(100);
    assert_eq!(counts.subcontracts, 1_000);
    let mut store = Store::open_in_memory().unwrap();
    let opts = DemoOptions {
        size: Size::Large,
        seed: 1,
        today,
    };
    let mut reports = Vec::new();
    let summary = generate_large(
        &mut store,
        &opts,
        &counts,
        &Clock::fixed(today),
        "t",
        &mut |p| reports.push((p.done, p.total)),
    )
    .unwrap();
    assert_eq!(count(&store, "SELECT COUNT(*) FROM members"), 20);
    assert_eq!(count(&store, "SELECT COUNT(*) FROM opportunities"), 200);
    assert_eq!(count(&store, "SELECT COUNT(*) FROM subcontracts"), 1_000);
    assert_eq!(
        count(&store, "SELECT COUNT(*) FROM monitoring_returns"),
        12_000
    );
    assert_eq!(count(&store, "SELECT COUNT(*) FROM risks"), 50);
    assert_eq!(summary.returns, 12_000);
    // Twelve returns each, the last for the last complete month, none for this month.
    let last = Period::containing(today).prev().to_string();
    assert_eq!(
        count(
            &store,
            "SELECT COUNT(*) FROM (SELECT subcontract FROM monitoring_returns GROUP BY subcontract HAVING COUNT(*) = 12)"
        ),
        1_000
    );
    let max: String = store
        .conn()
        .query_row("SELECT MAX(period) FROM monitoring_returns", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(max, last);
    // Returns fall within each sub-contract's term.
    assert_eq!(
        count(
            &store,
            "SELECT COUNT(*) FROM monitoring_returns r JOIN subcontracts s ON s.code = r.subcontract
             WHERE r.period < substr(s.start, 1, 7) OR r.period > substr(s.end, 1, 7)"
        ),
        0
    );
    assert_eq!(
        count(
            &store,
            "SELECT COUNT(*) FROM subcontracts s JOIN members m ON m.code = s.member WHERE m.tier = 'associate'"
        ),
        0
    );
    assert!(
        count(
            &store,
            "SELECT COUNT(*) FROM subcontracts WHERE status = 'suspended'"
        ) > 0
    );
    // Every suspended sub-contract has its suspension on record.
    assert_eq!(
        count(
            &store,
            "SELECT COUNT(*) FROM subcontracts s WHERE s.status = 'suspended'
             AND NOT EXISTS (SELECT 1 FROM suspensions x WHERE x.subcontract = s.code)"
        ),
        0
    );
    // Progress came in steps and reached the end.
    assert!(reports.len() >= 3, "{reports:?}");
    assert!(reports.windows(2).all(|w| w[0].0 <= w[1].0));
    let (done, total) = *reports.last().unwrap();
    assert_eq!(done, total);
    assert_eq!(
        audit::verify(store.conn()).unwrap(),
        Verdict::Intact { rows: 1 }
    );
}

#[test]
fn the_large_demo_is_deterministic_for_a_seed_and_date() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let build = |seed: u64| {
        let mut store = Store::open_in_memory().unwrap();
        let opts = DemoOptions {
            size: Size::Large,
            seed,
            today,
        };
        let counts = LargeCounts::scaled_down(500);
        generate_large(
            &mut store,
            &opts,
            &counts,
            &Clock::fixed(today),
            "t",
            &mut |_| {},
        )
        .unwrap();
        let mut rows = Vec::new();
        for sql in [
            "SELECT code || name || annual_income || clusters || joined FROM members ORDER BY code",
            "SELECT code || stage || deadline || value || top_slice_pct FROM opportunities ORDER BY code",
            "SELECT code || member || value || start || end || status FROM subcontracts ORDER BY code",
            "SELECT subcontract || period || units_delivered || spend || paid || ifnull(submitted, '-') FROM monitoring_returns ORDER BY 1",
            "SELECT code || title || gross_probability || gross_impact || review_date FROM risks ORDER BY code",
        ] {
            let mut st = store.conn().prepare(sql).unwrap();
            let got: Vec<String> = st
                .query_map([], |r| r.get(0))
                .unwrap()
                .map(|r| r.unwrap())
                .collect();
            rows.extend(got);
        }
        rows
    };
    let a = build(1);
    assert!(a.len() > 2_000);
    assert_eq!(a, build(1));
    assert_ne!(a, build(2));
}
