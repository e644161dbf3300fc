//! Dates as the users see them (`12 Mar 2026` on screen, ISO `2026-03-12` in files), months as
//! reporting periods, and the calendar arithmetic the rules need.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Parses a strict ISO date `YYYY-MM-DD`, with a message a user can act on.
pub fn parse_iso(s: &str) -> Result<NaiveDate, String> {
    let t = s.trim();
    let ok_shape = t.len() == 10 && t.as_bytes()[4] == b'-' && t.as_bytes()[7] == b'-';
    if !ok_shape {
        return Err(format!("'{t}' is not a date in the form YYYY-MM-DD"));
    }
    // Read digit by digit: the store holds millions of dates and a format parser is slow.
    let b = t.as_bytes();
    let num = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let not_real = || format!("'{t}' is not a real calendar date (YYYY-MM-DD)");
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return Err(not_real());
    };
    i32::try_from(y)
        .ok()
        .and_then(|y| NaiveDate::from_ymd_opt(y, m, d))
        .ok_or_else(not_real)
}

const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// `12 Mar 2026` or `12 March 2026` (any case), as the screens show dates; `None` when it is not
/// in that shape at all.
fn parse_words(t: &str) -> Option<Result<NaiveDate, String>> {
    let parts: Vec<&str> = t.split_whitespace().collect();
    let [day, month, year] = parts.as_slice() else {
        return None;
    };
    let month = month.to_lowercase();
    let m = MONTH_NAMES
        .iter()
        .position(|n| month.len() >= 3 && n.starts_with(month.trim_end_matches('.')))?;
    let bad = || format!("'{t}' is not a real calendar date");
    let day: u32 = day.parse().ok()?;
    let year: i32 = year.parse().ok().filter(|_| year.len() == 4)?;
    Some(NaiveDate::from_ymd_opt(year, m as u32 + 1, day).ok_or_else(bad))
}

/// Parses a date a person typed: ISO `2026-03-12`, the UK's `12/03/2026` (day first; one-digit
/// days and months allowed, as in `1/3/2026`), or as the screens show it, `12 Mar 2026`.
pub fn parse_typed(s: &str) -> Result<NaiveDate, String> {
    let t = s.trim();
    if let Some(words) = parse_words(t) {
        return words;
    }
    let parts: Vec<&str> = t.split('/').collect();
    if parts.len() != 3 {
        return parse_iso(t).map_err(|_| {
            format!("'{t}' is not a date (type 12/03/2026, 12 Mar 2026 or 2026-03-12)")
        });
    }
    let number = |p: &str, most: usize| {
        (!p.is_empty() && p.len() <= most && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u32>().ok())
            .flatten()
    };
    match (
        number(parts[0], 2),
        number(parts[1], 2),
        parts[2].len() == 4,
    ) {
        (Some(d), Some(m), true) => number(parts[2], 4)
            .and_then(|y| NaiveDate::from_ymd_opt(y as i32, m, d))
            .ok_or_else(|| format!("'{t}' is not a real calendar date (day/month/year)")),
        _ => Err(format!(
            "'{t}' is not a date (type 12/03/2026, day first, or 2026-03-12)"
        )),
    }
}

/// `1 day late`, `12 days late`.
pub fn late_phrase(days: i64) -> String {
    if days == 1 {
        "1 day late".into()
    } else {
        format!("{days} days late")
    }
}

/// ISO form for files and the database.
pub fn iso(d: NaiveDate) -> String {
    // Written digit by digit: this runs for every date stored or exported.
    if (0..=9999).contains(&d.year()) {
        format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
    } else {
        d.format("%Y-%m-%d").to_string()
    }
}

/// UK screen form: `12 Mar 2026`.
pub fn display(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

/// `d` plus `n` calendar months, clamped to the end of a shorter month (31 Jan + 1 = 28/29 Feb).
pub fn add_months(d: NaiveDate, n: u32) -> NaiveDate {
    d.checked_add_months(Months::new(n))
        .unwrap_or(NaiveDate::MAX)
}

/// Whole calendar months from `start` to `end` inclusive of both months' parts, at least 1.
pub fn months_spanned(start: NaiveDate, end: NaiveDate) -> u32 {
    let m = (end.year() - start.year()) * 12 + end.month() as i32 - start.month() as i32 + 1;
    m.max(1) as u32
}

/// A monthly reporting period, stored as `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period(NaiveDate);

impl Period {
    pub fn new(year: i32, month: u32) -> Option<Self> {
        NaiveDate::from_ymd_opt(year, month, 1).map(Period)
    }
    pub fn containing(d: NaiveDate) -> Self {
        Period(d.with_day(1).unwrap_or(d))
    }
    pub fn first_day(&self) -> NaiveDate {
        self.0
    }
    pub fn last_day(&self) -> NaiveDate {
        self.next().0.pred_opt().unwrap_or(self.0)
    }
    pub fn next(&self) -> Self {
        Period(add_months(self.0, 1))
    }
    pub fn prev(&self) -> Self {
        Period(self.0.checked_sub_months(Months::new(1)).unwrap_or(self.0))
    }
    pub fn plus(&self, n: u32) -> Self {
        Period(add_months(self.0, n))
    }
    /// Months from `self` to `other` (positive when `other` is later).
    pub fn months_until(&self, other: Period) -> i32 {
        (other.0.year() - self.0.year()) * 12 + other.0.month() as i32 - self.0.month() as i32
    }
    /// Screen form: `Mar 2026`.
    pub fn display(&self) -> String {
        self.0.format("%b %Y").to_string()
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m"))
    }
}

impl FromStr for Period {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let t = s.trim();
        let bad = || format!("'{t}' is not a month in the form YYYY-MM");
        if t.len() != 7 || t.as_bytes()[4] != b'-' {
            return Err(bad());
        }
        let y: i32 = t[..4].parse().map_err(|_| bad())?;
        let m: u32 = t[5..].parse().map_err(|_| bad())?;
        Period::new(y, m).ok_or_else(bad)
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        parse_iso(s).unwrap()
    }

    #[test]
    fn iso_is_chronos_own_form_for_every_year() {
        for (y, m, day) in [
            (1, 1, 1),
            (999, 12, 31),
            (2026, 3, 12),
            (9999, 12, 31),
            (-5, 6, 7),
        ] {
            let date = NaiveDate::from_ymd_opt(y, m, day).unwrap();
            assert_eq!(iso(date), date.format("%Y-%m-%d").to_string());
        }
        assert_eq!(
            iso(NaiveDate::from_ymd_opt(10000, 1, 2).unwrap()),
            "+10000-01-02"
        );
    }

    #[test]
    fn iso_dates_are_strict() {
        assert_eq!(
            d("2026-03-12"),
            NaiveDate::from_ymd_opt(2026, 3, 12).unwrap()
        );
        assert!(parse_iso("12/03/2026").unwrap_err().contains("YYYY-MM-DD"));
        assert!(parse_iso("2026-02-30").unwrap_err().contains("not a real"));
        assert!(parse_iso("2026-3-12").is_err());
    }

    #[test]
    fn typed_dates_may_be_uk_or_iso() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 12).unwrap();
        assert_eq!(parse_typed("12/03/2026").unwrap(), d);
        assert_eq!(parse_typed(" 2026-03-12 ").unwrap(), d);
        assert_eq!(
            parse_typed("1/3/2026").unwrap(),
            NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()
        );
        assert!(
            parse_typed("31/02/2026")
                .unwrap_err()
                .contains("real calendar date")
        );
        assert!(parse_typed("03/12/26").is_err());
        assert!(parse_typed("12.03.2026").is_err());
        // As the screens show it, in any case, the month short or in full.
        for typed in [
            "12 Mar 2026",
            "12 mar 2026",
            "12 March 2026",
            " 12  MARCH 2026 ",
        ] {
            assert_eq!(parse_typed(typed).unwrap(), d, "{typed}");
        }
        assert_eq!(parse_typed(&display(d)).unwrap(), d);
        assert!(
            parse_typed("31 Feb 2026")
                .unwrap_err()
                .contains("real calendar date")
        );
        assert!(parse_typed("12 Ma 2026").is_err());
        assert!(parse_typed("12 Mar 26").is_err());
        assert!(parse_typed("12 Smarch 2026").is_err());
    }

    #[test]
    fn screen_dates_are_uk() {
        assert_eq!(display(d("2026-03-12")), "12 Mar 2026");
        assert_eq!(display(d("2026-03-05")), "5 Mar 2026");
    }

    #[test]
    fn month_arithmetic_clamps_to_month_end() {
        assert_eq!(add_months(d("2026-11-30"), 3), d("2027-02-28"));
        assert_eq!(add_months(d("2027-11-30"), 3), d("2028-02-29"));
        assert_eq!(add_months(d("2026-01-31"), 1), d("2026-02-28"));
        assert_eq!(months_spanned(d("2026-04-01"), d("2027-03-31")), 12);
    }

    #[test]
    fn periods_round_trip() {
        let p: Period = "2026-03".parse().unwrap();
        assert_eq!(p.to_string(), "2026-03");
        assert_eq!(p.display(), "Mar 2026");
        assert_eq!(p.last_day(), d("2026-03-31"));
        assert_eq!(p.prev().to_string(), "2026-02");
        assert_eq!("2025-12".parse::<Period>().unwrap().next(), p.prev().prev());
        assert!("2026-13".parse::<Period>().is_err());
        assert_eq!(p.months_until("2027-01".parse().unwrap()), 10);
    }
}
