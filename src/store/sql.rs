//! Conversions between the store's text columns and domain types, with errors that name the
//! column, so a corrupted value is reported rather than silently misread.

use std::str::FromStr;

use chrono::NaiveDate;
use rusqlite::Row;
use rusqlite::types::Type;
use rust_decimal::Decimal;

use crate::dates::{self, Period};
use crate::money;

fn conversion(idx: usize, what: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, what.into())
}

pub fn money(r: &Row, idx: usize) -> rusqlite::Result<Decimal> {
    let s: String = r.get(idx)?;
    money::parse(&s).map_err(|m| conversion(idx, m))
}

pub fn decimal(r: &Row, idx: usize) -> rusqlite::Result<Decimal> {
    let s: String = r.get(idx)?;
    Decimal::from_str(s.trim()).map_err(|e| conversion(idx, format!("'{s}': {e}")))
}

pub fn opt_money(r: &Row, idx: usize) -> rusqlite::Result<Option<Decimal>> {
    let s: Option<String> = r.get(idx)?;
    s.map(|s| money::parse(&s).map_err(|m| conversion(idx, m)))
        .transpose()
}

pub fn date(r: &Row, idx: usize) -> rusqlite::Result<NaiveDate> {
    let s: String = r.get(idx)?;
    dates::parse_iso(&s).map_err(|m| conversion(idx, m))
}

pub fn opt_date(r: &Row, idx: usize) -> rusqlite::Result<Option<NaiveDate>> {
    let s: Option<String> = r.get(idx)?;
    s.map(|s| dates::parse_iso(&s).map_err(|m| conversion(idx, m)))
        .transpose()
}

pub fn period(r: &Row, idx: usize) -> rusqlite::Result<Period> {
    let s: String = r.get(idx)?;
    s.parse().map_err(|m| conversion(idx, m))
}

pub fn code<T: FromStr<Err = String>>(r: &Row, idx: usize) -> rusqlite::Result<T> {
    let s: String = r.get(idx)?;
    s.parse().map_err(|m| conversion(idx, m))
}

pub fn opt_code<T: FromStr<Err = String>>(r: &Row, idx: usize) -> rusqlite::Result<Option<T>> {
    let s: Option<String> = r.get(idx)?;
    s.map(|s| s.parse().map_err(|m| conversion(idx, m)))
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
