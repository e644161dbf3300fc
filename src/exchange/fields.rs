//! Reading one raw row's values by column type (text, money, date, period, code, whole number),
//! recording a problem for each bad value and carrying on, so one row reports all its faults.

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::problems::Problems;
use super::read::RawRow;
use crate::dates::{self, Period};
use crate::domain::Limits;
use crate::money;

pub struct Fields<'a> {
    row: &'a RawRow,
    problems: &'a mut Problems,
    /// The largest money value and units a month a row may hold.
    limits: &'a Limits,
    /// Set when any value of the row was refused; the row is then not built.
    pub bad: bool,
}

impl<'a> Fields<'a> {
    pub fn new(row: &'a RawRow, problems: &'a mut Problems, limits: &'a Limits) -> Self {
        Fields {
            row,
            problems,
            limits,
            bad: false,
        }
    }

    /// Records a problem with `column` of this row.
    pub fn fail(&mut self, column: &str, message: impl Into<String>) {
        self.problems.add(&self.row.at, Some(column), message);
        self.bad = true;
    }

    /// Records a problem with the row as a whole (a rule across several columns).
    pub fn fail_row(&mut self, message: impl Into<String>) {
        self.problems.add(&self.row.at, None, message);
        self.bad = true;
    }

    fn required(&mut self, column: &str) -> Option<&'a str> {
        let v = self.row.get(column);
        if v.is_none() {
            self.fail(column, "a value is required here");
        }
        v
    }

    /// Required, non-empty text.
    pub fn text(&mut self, column: &str) -> Option<String> {
        self.required(column).map(str::to_string)
    }

    /// Text that may be empty (stored as empty text, not NULL).
    pub fn text_or_empty(&mut self, column: &str) -> String {
        self.row.get(column).unwrap_or("").to_string()
    }

    /// Text that may be absent (stored as NULL).
    pub fn opt_text(&mut self, column: &str) -> Option<String> {
        self.row.get(column).map(str::to_string)
    }

    /// Pounds, `1234.50` or `£1,234.50`; never negative, and within `[limits] max_money`.
    pub fn money(&mut self, column: &str) -> Option<Decimal> {
        let raw = self.required(column)?;
        match money::parse(raw) {
            Ok(d) if d.is_sign_negative() && !d.is_zero() => {
                self.fail(
                    column,
                    format!("'{raw}' is negative: amounts here are 0 or more"),
                );
                None
            }
            Ok(d) if !self.limits.money_ok(d) => {
                let bound = self.limits.money_bound();
                self.fail(column, format!("'{raw}' is out of range: {bound}"));
                None
            }
            Ok(d) => Some(d),
            Err(m) => {
                self.fail(column, m);
                None
            }
        }
    }

    /// Pounds that may be absent: `Some(None)` when empty, `None` when refused.
    pub fn opt_money(&mut self, column: &str) -> Option<Option<Decimal>> {
        match self.row.get(column) {
            None => Some(None),
            Some(_) => self.money(column).map(Some),
        }
    }

    pub fn date(&mut self, column: &str) -> Option<NaiveDate> {
        let raw = self.required(column)?;
        self.parse_date(column, raw)
    }

    /// A date that may be absent: `Some(None)` when empty, `None` when refused.
    pub fn opt_date(&mut self, column: &str) -> Option<Option<NaiveDate>> {
        match self.row.get(column) {
            None => Some(None),
            Some(raw) => self.parse_date(column, raw).map(Some),
        }
    }

    fn parse_date(&mut self, column: &str, raw: &str) -> Option<NaiveDate> {
        match dates::parse_iso(raw) {
            Ok(d) => Some(d),
            Err(m) => {
                self.fail(column, m);
                None
            }
        }
    }

    /// A reporting month, `YYYY-MM`.
    pub fn period(&mut self, column: &str) -> Option<Period> {
        self.code::<Period>(column)
    }

    /// A code of one of the domain's vocabularies (or anything else with a `FromStr` message).
    pub fn code<T: FromStr<Err = String>>(&mut self, column: &str) -> Option<T> {
        let raw = self.required(column)?;
        match raw.parse() {
            Ok(v) => Some(v),
            Err(m) => {
                self.fail(column, m);
                None
            }
        }
    }

    /// A code that may be absent: `Some(None)` when empty, `None` when refused.
    pub fn opt_code<T: FromStr<Err = String>>(&mut self, column: &str) -> Option<Option<T>> {
        match self.row.get(column) {
            None => Some(None),
            Some(raw) => match raw.parse() {
                Ok(v) => Some(Some(v)),
                Err(m) => {
                    self.fail(column, m);
                    None
                }
            },
        }
    }

    /// A whole number from `min` to `max` inclusive; `what` names the value in the message
    /// ("a quality grade" → "a quality grade must be from 1 to 4").
    pub fn whole(&mut self, column: &str, min: u32, max: u32, what: &str) -> Option<u32> {
        let raw = self.required(column)?;
        self.parse_whole(column, raw, min, max, what)
    }

    /// A whole number 0 or more.
    pub fn count(&mut self, column: &str) -> Option<u32> {
        self.whole(column, 0, u32::MAX, column)
    }

    /// Units of activity a month: 0 or more, and within `[limits] max_units_per_month`.
    pub fn units(&mut self, column: &str) -> Option<u32> {
        let raw = self.required(column)?;
        let units = self.parse_whole(column, raw, 0, u32::MAX, column)?;
        if !self.limits.units_ok(units) {
            let bound = self.limits.units_bound();
            self.fail(column, format!("'{raw}' is out of range: {bound}"));
            return None;
        }
        Some(units)
    }

    /// A whole number that may be absent: `Some(None)` when empty, `None` when refused.
    pub fn opt_whole(
        &mut self,
        column: &str,
        min: u32,
        max: u32,
        what: &str,
    ) -> Option<Option<u32>> {
        match self.row.get(column) {
            None => Some(None),
            Some(raw) => self.parse_whole(column, raw, min, max, what).map(Some),
        }
    }

    fn parse_whole(
        &mut self,
        column: &str,
        raw: &str,
        min: u32,
        max: u32,
        what: &str,
    ) -> Option<u32> {
        let value: i64 = match raw.parse() {
            Ok(v) => v,
            Err(_) => {
                self.fail(column, format!("'{raw}' is not a whole number"));
                return None;
            }
        };
        if value < 0 && min == 0 {
            self.fail(
                column,
                format!("'{raw}' is negative: {what} must be 0 or more"),
            );
            return None;
        }
        if value < i64::from(min) || value > i64::from(max) {
            let range = if max == u32::MAX {
                format!("{min} or more")
            } else {
                format!("from {min} to {max}")
            };
            self.fail(
                column,
                format!("'{raw}' is out of range: {what} must be {range}"),
            );
            return None;
        }
        Some(value as u32)
    }

    /// `row_version`: 1 when the file leaves it out.
    pub fn row_version(&mut self) -> Option<i64> {
        match self.row.get("row_version") {
            None => Some(1),
            Some(raw) => self
                .parse_whole("row_version", raw, 1, u32::MAX, "a row version")
                .map(i64::from),
        }
    }
}
