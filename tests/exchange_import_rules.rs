//! The import's rules beyond the fixture cases: accepted spellings (pound signs, BOM, CRLF,
//! columns in any order), references within one import, file discovery, the problem limit and a
//! busy database.

mod exchange_support;

use std::path::Path;
use std::time::Duration;

use exchange_support::*;
use hubboard::HubError;
use hubboard::exchange::{self, Format, MAX_REPORTED};
use hubboard::store::{OpenMode, Store};

const MEMBER_HEADER: &str = "code,name,tier,org_type,registered_number,annual_income,clusters,geography,staff,volunteers,joined,row_version";

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

fn stored_income(store: &Store, code: &str) -> String {
    store
        .conn()
        .query_row(
            "SELECT annual_income FROM members WHERE code = ?1",
            [code],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn pound_sign_and_thousands_commas_are_stored_canonical() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "members.csv",
        &format!(
            "{MEMBER_HEADER}\nM10,Whiston Community Hub,full,cio,GB-CHC-1,\"£1,234.50\",advice,Whiston,2,4,2026-01-05,1\n"
        ),
    );
    let (_d, mut store) = fresh_store();
    import(&mut store, dir.path(), Format::Csv).unwrap();
    assert_eq!(stored_income(&store, "M10"), "1234.50");
}

#[test]
fn bom_crlf_any_column_order_and_no_row_version_are_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let text = "\u{feff}name,code,tier,org_type,registered_number,annual_income,geography,staff,volunteers,joined\r\n\
                Whiston Community Hub,M10,full,cio,GB-CHC-1,900,Whiston,2,4,2026-01-05\r\n";
    write(dir.path(), "members.csv", text);
    let (_d, mut store) = fresh_store();
    import(&mut store, dir.path(), Format::Csv).unwrap();
    let m = hubboard::store::members::get_member(store.conn(), "M10")
        .unwrap()
        .unwrap();
    assert_eq!(
        (m.name.as_str(), m.row_version),
        ("Whiston Community Hub", 1)
    );
    assert!(
        m.clusters.is_empty(),
        "an omitted clusters column is no clusters"
    );
    assert_eq!(stored_income(&store, "M10"), "900.00");
}

#[test]
fn rows_may_refer_to_rows_in_the_same_import_even_later_in_the_file() {
    let dir = copy_dir(&hand_dir());
    // SC98 took over from SC99, which comes later in the file than the row referring to it.
    let mut subs = std::fs::read_to_string(dir.path().join("subcontracts.csv")).unwrap();
    subs.push_str("SC98,OP02,M02,,100.00,2026-12-01,2027-03-31,1,hybrid,proposed,SC99,1,\n");
    subs.push_str("SC99,OP02,M03,,100.00,2026-04-01,2026-11-30,1,hybrid,suspended,,1,\n");
    write(dir.path(), "subcontracts.csv", &subs);
    let (_d, mut store) = fresh_store();
    let summary = import(&mut store, dir.path(), Format::Csv).unwrap();
    assert!(summary.rows.contains(&("subcontracts", 7)));
    let sc = hubboard::store::subcontracts::get_subcontract(store.conn(), "SC98")
        .unwrap()
        .unwrap();
    assert_eq!(sc.transferred_from.as_deref(), Some("SC99"));
}

#[test]
fn a_reference_to_a_missing_row_names_the_file_it_was_looked_for_in() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "member_capacity.csv",
        "member,service_line,units_per_month\nM77,advice,5\n",
    );
    let (_d, mut store) = fresh_store();
    let err = import(&mut store, dir.path(), Format::Csv)
        .unwrap_err()
        .to_string();
    assert!(err.contains(
        "member_capacity.csv line 2, column member: no member 'M77' in the database or in members.csv"
    ));
}

#[test]
fn risk_scores_outside_their_scale_are_data_not_errors() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "risks.csv",
        "code,title,category,owner,scale,gross_probability,gross_impact,review_date,status,entity_kind\n\
         R10,Timescales for readiness,service,Chair,knowsley,9,7,2027-01-31,open,consortium\n",
    );
    let (_d, mut store) = fresh_store();
    import(&mut store, dir.path(), Format::Csv).unwrap();
    let r = hubboard::store::risks::get_risk(store.conn(), "R10")
        .unwrap()
        .unwrap();
    assert_eq!(
        (r.gross_probability, r.gross_impact, r.gross_score()),
        (9, 7, 63)
    );
}

#[test]
fn unknown_files_are_skipped_with_a_note() {
    let files = exchange::find_table_files(&hand_dir(), Format::Csv).unwrap();
    assert_eq!(files.files.len(), 15);
    assert_eq!(
        files.skipped,
        ["skipped README.md: not a table file for --format csv"]
    );
}

#[test]
fn a_directory_without_table_files_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "notes.txt", "nothing here");
    let err = exchange::find_table_files(dir.path(), Format::Csv).unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert!(err.to_string().contains("holds no table files to import"));
    // The hand fixture is CSV: asked for JSON, it has no table files either.
    assert!(exchange::find_table_files(&hand_dir(), Format::Json).is_err());
}

#[test]
fn at_most_twenty_problems_are_listed_and_the_rest_counted() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("member,service_line,units_per_month\n");
    for i in 0..25 {
        text.push_str(&format!("M01,line{i:02},lots\n"));
    }
    write(dir.path(), "member_capacity.csv", &text);
    let (_d, mut store) = hand_store();
    let err = import(&mut store, dir.path(), Format::Csv)
        .unwrap_err()
        .to_string();
    assert!(err.contains("25 problems found"), "{err}");
    assert_eq!(
        err.lines()
            .filter(|l| l.contains("is not a whole number"))
            .count(),
        MAX_REPORTED
    );
    assert!(
        err.contains("line 21,") && !err.contains("line 22,"),
        "{err}"
    );
    assert!(err.ends_with("… and 5 more"));
}

#[test]
fn an_empty_file_and_a_header_only_file() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "claims.csv", "");
    let (_d, mut store) = fresh_store();
    let err = import(&mut store, dir.path(), Format::Csv)
        .unwrap_err()
        .to_string();
    assert!(err.contains("claims.csv: the file is empty"), "{err}");
    write(
        dir.path(),
        "claims.csv",
        "code,subcontract,raised,paid,earned,amount,reason\n",
    );
    let summary = import(&mut store, dir.path(), Format::Csv).unwrap();
    assert_eq!(summary.rows, [("claims", 0)]);
}

#[test]
fn json_rows_may_use_null_and_leave_out_optional_keys() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "opportunities.json",
        r#"[{"code": "OP10", "title": "Debt advice", "commissioner": "CM01", "service_line": "advice",
            "kind": "tender", "stage": "identified", "deadline": "2027-02-26", "value": "£40,000",
            "duration_months": 12, "payment_model": "block", "top_slice_pct": "7.5", "bid_score": null}]"#,
    );
    let (_d, mut store) = hand_store();
    import(&mut store, dir.path(), Format::Json).unwrap();
    let o = hubboard::store::opportunities::get_opportunity(store.conn(), "OP10")
        .unwrap()
        .unwrap();
    assert_eq!((o.bid_score, o.row_version), (None, 1));
    assert_eq!(o.value, rust_decimal_macros::dec!(40000));
}

#[test]
fn json_that_is_not_an_array_or_not_json_is_refused_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "commissioners.json", "{\"code\": \"CM09\"}");
    let (_d, mut store) = fresh_store();
    let err = import(&mut store, dir.path(), Format::Json)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("commissioners.json: expected an array of objects"),
        "{err}"
    );
    write(
        dir.path(),
        "commissioners.json",
        "[\n  {\"code\": \"CM09\",\n]",
    );
    let err = import(&mut store, dir.path(), Format::Json)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("commissioners.json line 3: not valid JSON"),
        "{err}"
    );
}

#[test]
fn a_busy_database_waits_then_reports_busy_and_writes_nothing() {
    let (dir, mut store) = fresh_store();
    let before = dump(&store);
    let colleague = rusqlite::Connection::open(dir.path().join("hub.db")).unwrap();
    colleague.execute_batch("BEGIN IMMEDIATE").unwrap();
    // The store's connection is the one the import uses; a short wait keeps the test quick.
    store
        .conn()
        .busy_timeout(Duration::from_millis(200))
        .unwrap();
    let err = import(&mut store, &hand_dir(), Format::Csv).unwrap_err();
    assert!(matches!(err, HubError::Busy(..)), "{err:?}");
    assert!(err.to_string().contains("the database is busy"));
    colleague.execute_batch("ROLLBACK").unwrap();
    assert_eq!(dump(&store), before);
}

#[test]
fn a_second_import_of_the_same_files_is_refused_as_duplicates() {
    let (_d, mut store) = hand_store();
    let before = dump(&store);
    let err = import(&mut store, &hand_dir(), Format::Csv)
        .unwrap_err()
        .to_string();
    assert!(err.contains(
        "commissioners.csv line 2, column code: duplicate key 'CM01': already in the database"
    ));
    assert!(err.contains("75 problems found"), "{err}");
    assert_eq!(dump(&store), before);
}

#[test]
fn read_only_export_works_on_a_read_only_store() {
    let (dir, store) = hand_store();
    drop(store);
    let ro = Store::open(&dir.path().join("hub.db"), OpenMode::ReadOnly).unwrap();
    let out = tempfile::tempdir().unwrap();
    let nested = out.path().join("a").join("b");
    let counts = exchange::export_dir(&ro, &nested, Format::Csv).unwrap();
    assert_eq!(counts.iter().map(|c| c.1).sum::<usize>(), 75);
    assert!(
        nested.join("risks.csv").exists(),
        "DIR is created when missing"
    );
}
