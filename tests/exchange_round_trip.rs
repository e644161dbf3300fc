//! Export → import into an empty database → export gives byte-identical files, in CSV and JSON;
//! and the hand fixture is itself in the canonical form export writes.
//! An import leaves member capacity's kept commitments, the active totals and delivery by month
//! as the records give them.

mod exchange_support;

use exchange_support::*;
use hubboard::exchange::{Format, TABLES};

fn round_trip(format: Format) {
    let (_d1, store) = hand_store();
    let first = export_to_map(&store, format);
    assert_eq!(first.len(), TABLES.len(), "one file per table");

    let out = tempfile::tempdir().unwrap();
    hubboard::exchange::export_dir(&store, out.path(), format).unwrap();
    let (_d2, mut again) = fresh_store();
    let summary = import(&mut again, out.path(), format).unwrap();
    assert_eq!(summary.rows.len(), TABLES.len());
    let second = export_to_map(&again, format);
    for (name, bytes) in &first {
        assert_eq!(
            String::from_utf8_lossy(bytes),
            String::from_utf8_lossy(&second[name]),
            "{name} changed in the round trip"
        );
    }
    assert_eq!(first, second);
}

#[test]
fn csv_round_trip_is_byte_identical() {
    round_trip(Format::Csv);
}

#[test]
fn json_round_trip_is_byte_identical() {
    round_trip(Format::Json);
}

#[test]
fn hand_fixture_is_in_canonical_form() {
    let (_d, store) = hand_store();
    let exported = export_to_map(&store, Format::Csv);
    let fixture = read_dir_files(&hand_dir());
    for (name, bytes) in &exported {
        assert_eq!(
            String::from_utf8_lossy(bytes),
            String::from_utf8_lossy(&fixture[name]),
            "fixtures/hand/{name} is not what export writes"
        );
    }
}

#[test]
fn csv_and_json_carry_the_same_rows() {
    let (_d1, store) = hand_store();
    let json = tempfile::tempdir().unwrap();
    hubboard::exchange::export_dir(&store, json.path(), Format::Json).unwrap();
    let (_d2, mut from_json) = fresh_store();
    import(&mut from_json, json.path(), Format::Json).unwrap();
    assert_eq!(
        export_to_map(&store, Format::Csv),
        export_to_map(&from_json, Format::Csv)
    );
}

#[test]
fn json_export_shapes_values_by_type() {
    let (_d, store) = hand_store();
    let files = export_to_map(&store, Format::Json);
    let returns: serde_json::Value =
        serde_json::from_slice(&files["monitoring_returns.json"]).unwrap();
    let missing = returns
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["subcontract"] == "SC03" && r["period"] == "2026-10")
        .unwrap();
    assert_eq!(
        missing["units_target"],
        serde_json::json!(20),
        "integers are numbers"
    );
    assert_eq!(
        missing["paid"],
        serde_json::json!("0.00"),
        "money is a string"
    );
    assert!(missing["submitted"].is_null(), "NULL is null");
    assert!(missing["quality_grade"].is_null());
    let text = String::from_utf8(files["members.json"].clone()).unwrap();
    let first_line = text.lines().nth(1).unwrap();
    assert!(
        first_line.starts_with("  {\"code\": \"M01\", \"name\": "),
        "keys in schema order: {first_line}"
    );
}

#[test]
fn empty_database_exports_headers_only() {
    let (_d, store) = fresh_store();
    let csv = export_to_map(&store, Format::Csv);
    assert_eq!(
        String::from_utf8_lossy(&csv["commissioners.csv"]),
        "code,name,kind\n"
    );
    let json = export_to_map(&store, Format::Json);
    assert_eq!(String::from_utf8_lossy(&json["risks.json"]), "[]\n");
}

#[test]
fn export_leaves_out_the_audit_log() {
    let (_d, store) = hand_store();
    let files = export_to_map(&store, Format::Csv);
    assert!(files.keys().all(|n| !n.starts_with("audit")));
}

#[test]
fn the_small_demo_consortium_round_trips_in_both_formats() {
    use hubboard::demo::{self, DemoOptions, Size};
    let (_d1, mut store) = fresh_store();
    let opts = DemoOptions {
        size: Size::Small,
        seed: 1,
        today: today(),
    };
    demo::generate(&mut store, &opts, &clock(), "tester", &mut |_| {}).unwrap();
    for format in [Format::Csv, Format::Json] {
        let out = tempfile::tempdir().unwrap();
        hubboard::exchange::export_dir(&store, out.path(), format).unwrap();
        let (_d2, mut again) = fresh_store();
        import(&mut again, out.path(), format).unwrap();
        assert_eq!(
            read_dir_files(out.path()),
            export_to_map(&again, format),
            "{format:?}"
        );
        // Member capacity's commitments, added up once at the import's end, are those the
        // records give and those of the database exported, and their triggers keep them again.
        use hubboard::store::read::capacity;
        let kept = capacity::commitments_kept(again.conn()).unwrap();
        assert!(!kept.is_empty());
        assert_eq!(kept, capacity::commitments_recounted(again.conn()).unwrap());
        assert_eq!(kept, capacity::commitments_kept(store.conn()).unwrap());
        // As are the active sub-contracts' totals.
        use hubboard::store::{kept_totals, subcontracts};
        let totals = kept_totals::active_totals(again.conn()).unwrap();
        assert!(totals.as_ref().is_some_and(|t| t.count > 0), "{format:?}");
        assert_eq!(
            totals,
            Some(subcontracts::active_totals_of_records(again.conn()).unwrap())
        );
        // And delivery by month.
        let (first, last) = ("2020-01".parse().unwrap(), "2030-12".parse().unwrap());
        let months = kept_totals::delivery_by_month(again.conn(), first, last).unwrap();
        assert!(months.as_ref().is_some_and(|m| !m.is_empty()), "{format:?}");
        assert_eq!(
            months,
            Some(
                hubboard::store::read::board::delivery_by_month_of_records(
                    again.conn(),
                    first,
                    last
                )
                .unwrap()
            )
        );
        let paused: i64 = again
            .conn()
            .query_row(
                "SELECT COUNT(*) FROM capacity_commitments_paused",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(paused, 0, "{format:?}");
    }
}
