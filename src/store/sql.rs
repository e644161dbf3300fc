//! Conversions between the store's text columns and domain types, with errors that name the
//! column, so a corrupted value is reported rather than silently misread.

use std::str::FromStr;

use chrono::NaiveDate;
use rusqlite::Row;
use rusqlite::types::Type;
use rust_decimal::Decimal;

use crate::dates::{self, Period};
use crate::money;

/// A stored value that cannot be read as its column's kind, naming the column: `column value:
/// '…' is too large: …`.
fn conversion(r: &Row, idx: usize, what: String) -> rusqlite::Error {
    let column = r.as_ref().column_name(idx).unwrap_or("?");
    rusqlite::Error::FromSqlConversionFailure(
        idx,
        Type::Text,
        format!("column {column}: {what}").into(),
    )
}

pub fn money(r: &Row, idx: usize) -> rusqlite::Result<Decimal> {
    // Read in place when stored as text (as hubboard writes it); any other kind as before.
    if let Ok(s) = r.get_ref(idx)?.as_str() {
        return money::parse(s).map_err(|m| conversion(r, idx, m));
    }
    let s: String = r.get(idx)?;
    money::parse(&s).map_err(|m| conversion(r, idx, m))
}

pub fn decimal(r: &Row, idx: usize) -> rusqlite::Result<Decimal> {
    let s: String = r.get(idx)?;
    Decimal::from_str(s.trim()).map_err(|e| conversion(r, idx, format!("'{s}': {e}")))
}

/// A percentage, 0 to 100 (a top slice): anything else was not written by hubboard.
pub fn percentage(r: &Row, idx: usize) -> rusqlite::Result<Decimal> {
    let d = decimal(r, idx)?;
    if d < Decimal::ZERO || d > Decimal::ONE_HUNDRED {
        return Err(conversion(
            r,
            idx,
            format!("'{d}' is out of range: a percentage is from 0 to 100"),
        ));
    }
    Ok(d)
}

/// A whole number that fits a count (0 to 4,294,967,295): units, referrals, capacity.
pub fn count(r: &Row, idx: usize) -> rusqlite::Result<u32> {
    let n: i64 = r.get(idx)?;
    u32::try_from(n).map_err(|_| {
        conversion(
            r,
            idx,
            format!(
                "{n} is out of range: a count here is from 0 to {}",
                u32::MAX
            ),
        )
    })
}

/// A sum of counts (`SUM(units_per_month)`), 0 or more.
pub fn total(r: &Row, idx: usize) -> rusqlite::Result<u64> {
    let n: i64 = r.get(idx)?;
    u64::try_from(n).map_err(|_| {
        conversion(
            r,
            idx,
            format!("{n} is negative: a total here is 0 or more"),
        )
    })
}

pub fn opt_money(r: &Row, idx: usize) -> rusqlite::Result<Option<Decimal>> {
    let s: Option<String> = r.get(idx)?;
    s.map(|s| money::parse(&s).map_err(|m| conversion(r, idx, m)))
        .transpose()
}

pub fn date(r: &Row, idx: usize) -> rusqlite::Result<NaiveDate> {
    let s = r.get_ref(idx)?.as_str()?;
    dates::parse_iso(s).map_err(|m| conversion(r, idx, m))
}

pub fn opt_date(r: &Row, idx: usize) -> rusqlite::Result<Option<NaiveDate>> {
    let s = r.get_ref(idx)?.as_str_or_null()?;
    s.map(|s| dates::parse_iso(s).map_err(|m| conversion(r, idx, m)))
        .transpose()
}

pub fn period(r: &Row, idx: usize) -> rusqlite::Result<Period> {
    let s = r.get_ref(idx)?.as_str()?;
    s.parse().map_err(|m| conversion(r, idx, m))
}

pub fn code<T: FromStr<Err = String>>(r: &Row, idx: usize) -> rusqlite::Result<T> {
    let s: String = r.get(idx)?;
    s.parse().map_err(|m| conversion(r, idx, m))
}

pub fn opt_code<T: FromStr<Err = String>>(r: &Row, idx: usize) -> rusqlite::Result<Option<T>> {
    let s: Option<String> = r.get(idx)?;
    s.map(|s| s.parse().map_err(|m| conversion(r, idx, m)))
        .transpose()
}

pub fn iso(d: NaiveDate) -> String {
    dates::iso(d)
}

pub fn opt_iso(d: Option<NaiveDate>) -> Option<String> {
    d.map(dates::iso)
}

pub fn plain(d: Decimal) -> String {
    money::to_plain(d)
}

/// Percentages and other non-money decimals, without trailing zeros (`7.5`, `10`).
pub fn pct(d: Decimal) -> String {
    d.normalize().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::HubError;

    /// Reads one row of `select` through `read`, as the store does, into the library's error.
    fn read<T>(
        select: &str,
        read: impl FnOnce(&Row) -> rusqlite::Result<T>,
    ) -> crate::error::Result<T> {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        Ok(conn.query_row(select, [], read)?)
    }

    #[test]
    fn values_past_what_hubboard_writes_are_bad_data_naming_the_column() {
        let e = read("SELECT '79228162514264337593543950335' AS value", |r| {
            money(r, 0)
        })
        .unwrap_err();
        assert_eq!(e.exit_code(), 2);
        let text = e.to_string();
        assert!(
            text.starts_with(
                "the database holds a value hubboard cannot read (column value: \
                 '79228162514264337593543950335' is too large"
            ),
            "{text}"
        );
        let e = read("SELECT '250' AS top_slice_pct", |r| percentage(r, 0)).unwrap_err();
        assert!(
            e.to_string().contains(
                "column top_slice_pct: '250' is out of range: a percentage is from 0 to 100"
            ),
            "{e}"
        );
        assert_eq!(
            read("SELECT '100' AS top_slice_pct", |r| percentage(r, 0)).unwrap(),
            Decimal::ONE_HUNDRED
        );
        let e = read("SELECT 4294967296 AS units", |r| count(r, 0)).unwrap_err();
        assert!(
            e.to_string().contains(
                "column units: 4294967296 is out of range: a count here is from 0 to 4294967295"
            ),
            "{e}"
        );
        assert_eq!(
            read("SELECT 4294967295 AS units", |r| count(r, 0)).unwrap(),
            u32::MAX
        );
        let e = read("SELECT -1", |r| r.get::<_, u32>(0)).unwrap_err();
        assert!(matches!(e, HubError::Invalid(_)), "{e:?}");
        assert!(e.to_string().contains("-1 is out of range"), "{e}");
        let e = read("SELECT 'many' AS units", |r| r.get::<_, u32>(0)).unwrap_err();
        assert!(e.to_string().contains("column units: a text"), "{e}");
    }
}
