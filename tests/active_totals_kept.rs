//! The active sub-contracts' number and value by member, kept by the writes that change them
//! (migration 13), are read only where they are exact: a value written otherwise than as hubboard
//! writes money, or a sum past what an integer holds, sends the reader to the records, and the
//! figures are the same either way.

mod ui_support;

use hubboard::store::{kept_totals, subcontracts};
use ui_support::*;

fn active_code(conn: &rusqlite::Connection) -> (String, String) {
    conn.query_row(
        "SELECT code, value FROM subcontracts WHERE status = 'active' ORDER BY code LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .unwrap()
}

#[test]
fn the_kept_totals_are_the_records_and_give_way_to_them_when_not_exact() {
    let (_dir, store) = demo_db();
    let conn = store.conn();
    let records = || subcontracts::active_totals_of_records(conn).unwrap();
    let kept = kept_totals::active_totals(conn).unwrap();
    assert!(records().count > 0);
    assert_eq!(kept, Some(records()));

    // A value written by hand with one decimal place: not kept in pence, so read from the records.
    let (code, value) = active_code(conn);
    let set = |v: &str| {
        conn.execute(
            "UPDATE subcontracts SET value = ?1 WHERE code = ?2",
            [v, &code],
        )
        .unwrap()
    };
    set("12.5");
    assert_eq!(kept_totals::active_totals(conn).unwrap(), None);
    assert_eq!(subcontracts::active_totals(conn).unwrap(), records());
    assert_eq!(
        records().by_member.values().sum::<rust_decimal::Decimal>(),
        records().total
    );
    // Written back as hubboard writes it: kept again, and the same.
    set(&value);
    assert_eq!(kept_totals::active_totals(conn).unwrap(), Some(records()));

    // A sum past what an integer holds (SQLite then keeps a real): read from the records.
    conn.execute_batch(
        "UPDATE active_values SET pence = pence + 9223372036854775807
         WHERE member = (SELECT min(member) FROM active_values)",
    )
    .unwrap();
    assert_eq!(kept_totals::active_totals(conn).unwrap(), None);
    assert_eq!(subcontracts::active_totals(conn).unwrap(), records());
}

#[test]
fn suspending_and_ending_work_moves_the_kept_totals_with_the_records() {
    let (_dir, store) = demo_db();
    let conn = store.conn();
    let (code, _) = active_code(conn);
    for status in ["suspended", "active", "terminated", "active"] {
        conn.execute(
            "UPDATE subcontracts SET status = ?1 WHERE code = ?2",
            [status, &code],
        )
        .unwrap();
        assert_eq!(
            kept_totals::active_totals(conn).unwrap(),
            Some(subcontracts::active_totals_of_records(conn).unwrap()),
            "{status}"
        );
    }
}
