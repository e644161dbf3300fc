//! Every parser of what people type or files carry, fed anything: money, dates, key names, the
//! configuration, every decision's request built from arbitrary field values, and arbitrary bytes
//! as CSV and JSON import files. None may panic; each refusal is a message; what is written in the
//! forms the program itself prints reads back to the same value. Bounded in cases, so CI time is.

use chrono::NaiveDate;
use hubboard::ops::{Decision, DecisionKind, Registered, Values, Visitor};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        ..ProptestConfig::default()
    }
}

/// Text a person might type or a file might hold: printable runs, digits and separators, and
/// anything at all.
fn typed() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9£,.\\- /a-zA-Z]{0,24}",
        "[0-9]{1,4}[/\\-. ][0-9]{1,2}[/\\-. ][0-9]{1,4}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn money_never_panics_and_reads_back_what_it_prints(s in typed(), pence in -10_000_000_000i64..10_000_000_000i64) {
        if let Err(why) = hubboard::money::parse(&s) {
            prop_assert!(!why.trim().is_empty());
        }
        let v = Decimal::new(pence, 2);
        prop_assert_eq!(hubboard::money::parse(&hubboard::money::display(v)), Ok(v));
        prop_assert_eq!(hubboard::money::parse(&hubboard::money::to_plain(v)), Ok(v));
    }

    #[test]
    fn dates_never_panic_and_read_back_in_every_form_people_use(s in typed(), days in 0i64..40_000) {
        if let Err(why) = hubboard::dates::parse_typed(&s) {
            prop_assert!(!why.trim().is_empty());
        }
        let _ = hubboard::dates::parse_iso(&s);
        let d = NaiveDate::from_ymd_opt(1990, 1, 1).unwrap() + chrono::Duration::days(days);
        for form in [
            hubboard::dates::iso(d),
            hubboard::dates::display(d),
            d.format("%d/%m/%Y").to_string(),
        ] {
            prop_assert_eq!(hubboard::dates::parse_typed(&form), Ok(d), "{}", form);
        }
    }

    #[test]
    fn key_names_and_configuration_files_never_panic(key in typed(), toml in any::<String>()) {
        if let Err(why) = hubboard::ui::keymap::parse_key(&key) {
            prop_assert!(!why.trim().is_empty());
        }
        if let Err(why) = hubboard::config::Config::parse(&toml) {
            prop_assert!(!why.trim().is_empty());
        }
        let bindings = format!("[keys]\nquit = [{key:?}]\n");
        let _ = hubboard::config::Config::parse(&bindings);
    }

    #[test]
    fn every_decisions_request_from_any_values_never_panics(values in proptest::collection::vec(typed(), 12)) {
        for kind in DecisionKind::ALL {
            let mut v = Values::default();
            for (field, text) in kind.spec().fields.iter().zip(values.iter().cycle()) {
                v.set(field.key, text);
            }
            kind.visit(Request(v));
        }
    }

    #[test]
    fn import_files_of_any_bytes_are_read_or_refused_with_a_message(bytes in proptest::collection::vec(any::<u8>(), 0..400), json in any::<bool>()) {
        let dir = tempfile::tempdir().unwrap();
        let (format, name) = if json {
            (hubboard::exchange::Format::Json, "members.json")
        } else {
            (hubboard::exchange::Format::Csv, "members.csv")
        };
        std::fs::write(dir.path().join(name), &bytes).unwrap();
        let files = hubboard::exchange::find_table_files(dir.path(), format).unwrap();
        let store = hubboard::store::Store::open_in_memory().unwrap();
        let limits = hubboard::domain::Limits::default();
        if let Err(e) = hubboard::exchange::check_files(store.conn(), &files, &limits) {
            prop_assert!(!e.to_string().trim().is_empty());
        }
    }
}

/// Builds a decision's request from the values, whatever they are.
struct Request(Values);

impl Visitor for Request {
    type Output = ();
    fn visit<D: Decision + Registered>(self) {
        if let Err(e) = D::request(&self.0) {
            assert!(
                !e.to_string().trim().is_empty(),
                "{}: empty refusal",
                D::spec().name
            );
        }
    }
}
