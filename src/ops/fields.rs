//! The fields of a decision's request, declared once for both front ends (the command line turns
//! them into flags, the dashboard into a form), and the typed values read from what a person
//! typed. A value that cannot be read is an error naming the field by its key; each front end
//! words it (`--end`, "Last day of delivery").

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::dates::{self, Period};
use crate::domain::{Entity, Limits};
use crate::error::{HubError, Problem, Result};
use crate::money;

/// What kind of value a field holds; it decides how it is typed and read.
#[derive(Debug, Clone, Copy)]
pub enum FieldKind {
    Text,
    /// `2026-03-12` or `12/03/2026`.
    Date,
    /// `2026-03`.
    Month,
    /// Pounds and pence: `1234.50` or `£1,234.50`.
    Money,
    /// A whole number, 0 or more.
    Count,
    /// Yes or no; on the command line a flag without a value.
    Flag,
    /// One of a closed list of codes, with their labels.
    Choice(fn() -> Vec<(&'static str, &'static str)>),
    /// The code of a record of this kind.
    Code(Entity),
    /// Several codes of records of this kind, separated by commas.
    Codes(Entity),
    /// The path of a file to read.
    File,
}

/// One field of a request.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The request's name for it; the command-line flag is `--` and the key with `-` for `_`.
    pub key: &'static str,
    /// Its name in the dashboard's form.
    pub label: &'static str,
    pub help: &'static str,
    pub kind: FieldKind,
    /// Must be given (on every route of a shared command, for the command line to insist).
    pub required: bool,
    /// Given without a flag on the command line (the record acted on).
    pub positional: bool,
    /// Offered on the command line only, for scripts (a chosen code, a version to hold to).
    pub cli_only: bool,
    /// A positional field that takes one value or more (files), held one per line.
    pub many: bool,
}

impl Field {
    pub const fn new(key: &'static str, label: &'static str, kind: FieldKind) -> Field {
        Field {
            key,
            label,
            help: "",
            kind,
            required: false,
            positional: false,
            cli_only: false,
            many: false,
        }
    }
    pub const fn help(mut self, help: &'static str) -> Field {
        self.help = help;
        self
    }
    pub const fn required(mut self) -> Field {
        self.required = true;
        self
    }
    pub const fn positional(mut self) -> Field {
        self.positional = true;
        self.required = true;
        self
    }
    /// Positional, taking one value or more.
    pub const fn many(mut self) -> Field {
        self.many = true;
        self.positional().cli_only()
    }
    pub const fn cli_only(mut self) -> Field {
        self.cli_only = true;
        self
    }
    /// The sub-contract a decision acts on: given first, without a flag, on the command line.
    pub const fn subcontract(help: &'static str) -> Field {
        Field::new(
            "subcontract",
            "Sub-contract",
            FieldKind::Code(crate::domain::Entity::SubContract),
        )
        .help(help)
        .positional()
    }

    /// The command-line flag: `--override-reason`.
    pub fn flag(&self) -> String {
        format!("--{}", self.key.replace('_', "-"))
    }
}

/// Something a person may pick for a field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pick {
    pub code: String,
    pub label: String,
    /// A figure beside it (`headroom 40`).
    pub note: String,
}

/// The key of a request's units of activity a month, in every decision that takes them.
pub const UNITS: &str = "units";

/// The values typed for a request's fields, by key, as text. Blank counts as not given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Values(BTreeMap<String, String>);

fn malformed(key: &'static str, message: String) -> HubError {
    HubError::field(key, Problem::Malformed(message))
}

impl Values {
    pub fn set(&mut self, key: &str, value: &str) {
        self.0.insert(key.to_string(), value.to_string());
    }

    pub fn with(mut self, key: &str, value: &str) -> Values {
        self.set(key, value);
        self
    }

    pub fn remove(&mut self, key: &str) {
        self.0.remove(key);
    }

    /// The raw text as typed (untrimmed), for editing.
    pub fn raw(&self, key: &str) -> &str {
        self.0.get(key).map(String::as_str).unwrap_or("")
    }

    /// The trimmed value, `None` when blank.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(|s| s.trim()).filter(|s| !s.is_empty())
    }

    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    fn need(&self, key: &'static str) -> Result<&str> {
        self.get(key).ok_or_else(|| HubError::missing(key))
    }

    pub fn text(&self, key: &'static str) -> Result<String> {
        self.need(key).map(str::to_string)
    }

    pub fn opt_text(&self, key: &'static str) -> Option<String> {
        self.get(key).map(str::to_string)
    }

    pub fn date(&self, key: &'static str) -> Result<NaiveDate> {
        dates::parse_typed(self.need(key)?).map_err(|m| malformed(key, m))
    }

    pub fn opt_date(&self, key: &'static str) -> Result<Option<NaiveDate>> {
        self.get(key).map(|_| self.date(key)).transpose()
    }

    pub fn month(&self, key: &'static str) -> Result<Period> {
        self.need(key)?.parse().map_err(|m| malformed(key, m))
    }

    pub fn money(&self, key: &'static str) -> Result<Decimal> {
        money::parse(self.need(key)?).map_err(|m| malformed(key, m))
    }

    pub fn opt_money(&self, key: &'static str) -> Result<Option<Decimal>> {
        self.get(key).map(|_| self.money(key)).transpose()
    }

    pub fn count(&self, key: &'static str) -> Result<u32> {
        let t = self.need(key)?;
        let digits = t.replace(',', "");
        digits.parse().map_err(|_| {
            if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
                HubError::field(
                    key,
                    Problem::OutOfRange {
                        value: t.to_string(),
                        allowed: format!("a whole number is at most {}", u32::MAX),
                    },
                )
            } else {
                malformed(key, format!("'{t}' is not a whole number"))
            }
        })
    }

    pub fn opt_count(&self, key: &'static str) -> Result<Option<u32>> {
        self.get(key).map(|_| self.count(key)).transpose()
    }

    /// A money value held to `[limits] max_money`: past it, an out-of-range error naming the
    /// field and the bound.
    pub fn money_within(&self, key: &'static str, limits: &Limits) -> Result<Decimal> {
        let value = self.money(key)?;
        limits.check_money(key, value)?;
        Ok(value)
    }

    pub fn opt_money_within(&self, key: &'static str, limits: &Limits) -> Result<Option<Decimal>> {
        self.get(key)
            .map(|_| self.money_within(key, limits))
            .transpose()
    }

    /// Units of activity a month, held to `[limits] max_units_per_month`.
    pub fn units_within(&self, key: &'static str, limits: &Limits) -> Result<u32> {
        let units = self.count(key)?;
        limits.check_units(key, units)?;
        Ok(units)
    }

    pub fn opt_units_within(&self, key: &'static str, limits: &Limits) -> Result<Option<u32>> {
        self.get(key)
            .map(|_| self.units_within(key, limits))
            .transpose()
    }

    /// Holds what was typed for a request's `fields` to `limits`, before the request is read:
    /// every `Money` field to `max_money`, and the `units` field (units of activity a month, the
    /// key every decision taking them uses) to `max_units_per_month`. A value that cannot be read
    /// is left for the request to report. Both front ends call this before `Decision::request`,
    /// so no decision's plan sees a value past the bounds from them.
    pub fn within(&self, fields: &[Field], limits: &Limits) -> Result<()> {
        for f in fields.iter().filter(|f| self.has(f.key)) {
            match f.kind {
                FieldKind::Money => {
                    if let Ok(value) = self.money(f.key) {
                        limits.check_money(f.key, value)?;
                    }
                }
                FieldKind::Count if f.key == UNITS => {
                    if let Ok(units) = self.count(f.key) {
                        limits.check_units(f.key, units)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    pub fn opt_number<T: FromStr>(&self, key: &'static str) -> Result<Option<T>> {
        match self.get(key) {
            None => Ok(None),
            Some(t) => t
                .parse()
                .map(Some)
                .map_err(|_| malformed(key, format!("'{t}' is not a whole number"))),
        }
    }

    /// A flag: given as `true`, `yes`, `y` or `1` (the command line sets `true`).
    pub fn flag(&self, key: &'static str) -> bool {
        self.get(key)
            .is_some_and(|v| matches!(v.to_ascii_lowercase().as_str(), "true" | "yes" | "y" | "1"))
    }

    /// One of a closed vocabulary, by its code.
    pub fn choice<T: FromStr<Err = String>>(&self, key: &'static str) -> Result<T> {
        self.need(key)?.parse().map_err(|m| malformed(key, m))
    }

    pub fn opt_choice<T: FromStr<Err = String>>(&self, key: &'static str) -> Result<Option<T>> {
        self.get(key).map(|_| self.choice(key)).transpose()
    }

    /// A record's code (trimmed; not looked up here).
    pub fn code<T: From<String>>(&self, key: &'static str) -> Result<T> {
        self.text(key).map(T::from)
    }

    pub fn opt_code<T: From<String>>(&self, key: &'static str) -> Option<T> {
        self.opt_text(key).map(T::from)
    }

    /// Codes separated by commas or spaces, in order, none repeated.
    pub fn codes(&self, key: &'static str) -> Result<Vec<String>> {
        let mut out: Vec<String> = Vec::new();
        for c in self
            .need(key)?
            .split([',', ' '])
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            if out.iter().any(|o| o == c) {
                return Err(HubError::wrong(key, format!("{c} is named twice")));
            }
            out.push(c.to_string());
        }
        Ok(out)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_is_missing_and_errors_name_the_field() {
        let v = Values::default().with("end", "  ").with("units", "ten");
        let e = v.date("end").unwrap_err();
        assert!(
            matches!(e, HubError::Field(ref f) if f.field == "end" && f.problem == Problem::Missing)
        );
        let e = v.count("units").unwrap_err();
        assert!(
            matches!(e, HubError::Field(ref f) if f.field == "units"),
            "{e}"
        );
    }

    #[test]
    fn money_and_units_are_held_to_the_limits_naming_the_field_and_the_bound() {
        let limits = Limits::default();
        let v = Values::default()
            .with("value", "£10,000,000,000.00")
            .with("units", "1,000,000");
        assert_eq!(
            v.money_within("value", &limits).unwrap(),
            Decimal::from(10_000_000_000u64)
        );
        assert_eq!(v.units_within("units", &limits).unwrap(), 1_000_000);
        let v = Values::default()
            .with("value", "99999999999999")
            .with("units", "4294967295")
            .with("fee", "-10000000000.01");
        let e = v.money_within("value", &limits).unwrap_err();
        assert!(
            matches!(&e, HubError::Field(f) if f.field == "value"
                && matches!(f.problem, Problem::OutOfRange { .. })),
            "{e:?}"
        );
        assert!(e.to_string().contains("[limits] max_money"), "{e}");
        assert!(v.opt_money_within("fee", &limits).is_err());
        assert_eq!(v.opt_money_within("none", &limits).unwrap(), None);
        let e = v.units_within("units", &limits).unwrap_err().to_string();
        assert_eq!(
            e,
            "units: 4,294,967,295 is out of range: the most units a month may be is 1,000,000 \
             ([limits] max_units_per_month)"
        );
        let e = Values::default().with("units", "4294967296").count("units");
        assert_eq!(
            e.unwrap_err().to_string(),
            "units: 4294967296 is out of range: a whole number is at most 4294967295"
        );
    }

    #[test]
    fn a_request_is_held_to_the_limits_by_its_declared_fields() {
        const FIELDS: [Field; 4] = [
            Field::new("value", "Value", FieldKind::Money),
            Field::new("units", "Units", FieldKind::Count),
            Field::new("id", "Action number", FieldKind::Count),
            Field::new("note", "Note", FieldKind::Text),
        ];
        let limits = Limits::default();
        let ok = Values::default()
            .with("value", "10000000000")
            .with("units", "1000000")
            .with("id", "4294967295")
            .with("note", "99999999999999");
        ok.within(&FIELDS, &limits).unwrap();
        // Unreadable values are the request's to report; blank is not given.
        Values::default()
            .with("value", "lots")
            .with("units", " ")
            .within(&FIELDS, &limits)
            .unwrap();
        let e = ok
            .clone()
            .with("value", "99999999999999")
            .within(&FIELDS, &limits);
        assert!(matches!(e, Err(HubError::Field(f)) if f.field == "value"));
        let e = ok.with("units", "4294967295").within(&FIELDS, &limits);
        assert!(matches!(e, Err(HubError::Field(f)) if f.field == "units"));
    }

    #[test]
    fn uk_and_iso_dates_are_both_read() {
        let v = Values::default()
            .with("a", "12/03/2026")
            .with("b", "2026-03-12");
        assert_eq!(v.date("a").unwrap(), v.date("b").unwrap());
    }

    #[test]
    fn codes_split_on_commas_and_refuse_repeats() {
        let v = Values::default().with("joint", "KN01, KN02 KN03");
        assert_eq!(v.codes("joint").unwrap(), ["KN01", "KN02", "KN03"]);
        let v = Values::default().with("joint", "KN01,KN01");
        assert!(v.codes("joint").is_err());
    }
}
