//! Units delivered and targeted by month, kept by the writes that change them (migration 14), are
//! the months added up from the returns, and are read only where they are exact: a return's units
//! written by hand as other than whole numbers, or a sum past what an integer holds, sends the
//! reader to the returns, and the Board's trend is the same either way.

mod ui_support;

use hubboard::dates::Period;
use hubboard::store::kept_totals;
use hubboard::store::read::board;
use rusqlite::Connection;
use ui_support::*;

fn window() -> (Period, Period) {
    ("2020-01".parse().unwrap(), "2030-12".parse().unwrap())
}

fn records(conn: &Connection) -> Vec<(Period, u64, u64)> {
    let (first, last) = window();
    board::delivery_by_month_of_records(conn, first, last).unwrap()
}

fn kept(conn: &Connection) -> Option<Vec<(Period, u64, u64)>> {
    let (first, last) = window();
    kept_totals::delivery_by_month(conn, first, last).unwrap()
}

/// A submitted return of an active sub-contract: (sub-contract, month).
fn submitted_return(conn: &Connection) -> (String, String) {
    conn.query_row(
        "SELECT r.subcontract, r.period FROM monitoring_returns r
         JOIN subcontracts s ON s.code = r.subcontract
         WHERE s.status = 'active' AND r.submitted IS NOT NULL
         ORDER BY r.subcontract, r.period LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .unwrap()
}

#[test]
fn the_kept_months_are_the_returns_and_give_way_to_them_when_not_exact() {
    let (_dir, store) = demo_db();
    let conn = store.conn();
    assert!(records(conn).len() >= 6);
    assert_eq!(kept(conn), Some(records(conn)));

    // Units written by hand as a fraction: not kept exactly, so the months are read from the returns.
    let (sub, period) = submitted_return(conn);
    let set = |units: &str| {
        conn.execute(
            "UPDATE monitoring_returns SET units_delivered = ?1
             WHERE subcontract = ?2 AND period = ?3",
            [units, &sub, &period],
        )
        .unwrap()
    };
    let (first, last) = window();
    set("2.5");
    assert_eq!(kept(conn), None);
    assert_eq!(
        board::delivery_by_month(conn, first, last).is_err(),
        board::delivery_by_month_of_records(conn, first, last).is_err()
    );
    // Written back as a whole number: kept again, and the same.
    set("3");
    assert_eq!(kept(conn), Some(records(conn)));

    // A sum past what an integer holds (SQLite then keeps a real): read from the returns.
    conn.execute_batch(
        "UPDATE delivery_months SET delivered = delivered + 9223372036854775807
         WHERE period = (SELECT max(period) FROM delivery_months)",
    )
    .unwrap();
    assert_eq!(kept(conn), None);
    assert_eq!(
        board::delivery_by_month(conn, first, last).unwrap(),
        records(conn)
    );
}

#[test]
fn returns_and_sub_contracts_coming_and_going_move_the_kept_months_with_the_returns() {
    let (_dir, store) = demo_db();
    let conn = store.conn();
    let (sub, period) = submitted_return(conn);
    let step = |what: &str, sql: &str| {
        conn.execute(sql, [&sub, &period]).unwrap();
        assert_eq!(kept(conn), Some(records(conn)), "{what}");
    };
    step(
        "units changed",
        "UPDATE monitoring_returns SET units_delivered = units_delivered + 7, units_target = 99
         WHERE subcontract = ?1 AND period = ?2",
    );
    step(
        "no longer submitted",
        "UPDATE monitoring_returns SET submitted = NULL WHERE subcontract = ?1 AND period = ?2",
    );
    step(
        "submitted again",
        "UPDATE monitoring_returns SET submitted = due WHERE subcontract = ?1 AND period = ?2",
    );
    step(
        "moved to another month",
        "UPDATE monitoring_returns SET period = '2019-01' WHERE subcontract = ?1 AND period = ?2",
    );
    step(
        "moved back",
        "UPDATE monitoring_returns SET period = ?2 WHERE subcontract = ?1 AND period = '2019-01'",
    );
    for status in ["suspended", "completed", "active", "terminated", "active"] {
        conn.execute(
            "UPDATE subcontracts SET status = ?1 WHERE code = ?2",
            [status, &sub],
        )
        .unwrap();
        assert_eq!(kept(conn), Some(records(conn)), "{status}");
    }
    step(
        "removed",
        "DELETE FROM monitoring_returns WHERE subcontract = ?1 AND period = ?2",
    );
    // A month with no return counted is not kept at all: nothing is read for it.
    let empty: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM delivery_months WHERE returns = 0",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(empty, 0);
}

#[test]
fn while_paused_for_a_bulk_load_the_months_are_read_from_the_returns_and_rebuilt_after() {
    let (_dir, store) = demo_db();
    let conn = store.conn();
    kept_totals::pause(conn, "a test's bulk load").unwrap();
    assert_eq!(kept(conn), None);
    conn.execute(
        "UPDATE monitoring_returns SET units_delivered = units_delivered + 1000
         WHERE submitted IS NOT NULL",
        [],
    )
    .unwrap();
    let (first, last) = window();
    assert_eq!(
        board::delivery_by_month(conn, first, last).unwrap(),
        records(conn)
    );
    kept_totals::resume(conn).unwrap();
    assert_eq!(kept(conn), Some(records(conn)));
}
