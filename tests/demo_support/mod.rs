//! Shared helpers for the demo tests: build a demo in memory for a seed, dump every table.

#![allow(dead_code)]

use std::collections::BTreeMap;

use chrono::NaiveDate;
use hubboard::clock::Clock;
use hubboard::demo::{self, DemoOptions, Size};
use hubboard::domain::MonitoringReturn;
use hubboard::store::{Store, subcontracts};
use rust_decimal::Decimal;

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

pub fn build(seed: u64) -> Store {
    build_on(seed, today())
}

/// The small demo as it would be built on another day.
pub fn build_on(seed: u64, today: NaiveDate) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let opts = DemoOptions {
        size: Size::Small,
        seed,
        today,
    };
    demo::generate(
        &mut store,
        &opts,
        &Clock::fixed(today),
        "demo-test",
        &mut |_| {},
    )
    .unwrap();
    store
}

/// Every row of every table as text, in a stable order. The audit log's timestamp and hashes
/// carry the time of day the demo was made, so only its content columns are compared.
pub fn dump(store: &Store) -> Vec<String> {
    let conn = store.conn();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut out = Vec::new();
    for t in tables {
        let sql = if t == "audit_log" {
            "SELECT id, actor, action, entity, before_json, after_json, reason FROM audit_log ORDER BY id".to_string()
        } else {
            // Ordered by its first two columns (a one-column table by its one).
            let columns = conn
                .prepare(&format!("SELECT * FROM {t}"))
                .unwrap()
                .column_count();
            let order = if columns > 1 { "1, 2" } else { "1" };
            format!("SELECT * FROM {t} ORDER BY {order}")
        };
        let mut st = conn.prepare(&sql).unwrap();
        let n = st.column_count();
        let mut rows = st.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            let cells: Vec<String> = (0..n)
                .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                .collect();
            out.push(format!("{t}: {}", cells.join(" | ")));
        }
    }
    out
}

pub fn returns_by_sub(store: &Store) -> BTreeMap<String, Vec<MonitoringReturn>> {
    let mut map = BTreeMap::new();
    for s in subcontracts::load_subcontracts(store.conn()).unwrap() {
        map.insert(
            s.code.clone(),
            subcontracts::returns_of(store.conn(), &s.code).unwrap(),
        );
    }
    map
}

pub fn pct(delivered: u32, target: u32) -> Decimal {
    if target == 0 {
        return Decimal::ONE_HUNDRED;
    }
    Decimal::from(delivered) * Decimal::ONE_HUNDRED / Decimal::from(target)
}
