//! How the Board's figures are written, once, for the slides and the pack alike: whole pounds,
//! whole percentages, ratios to one place, UK dates.

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};

/// Shown in place of a figure that redaction hides.
pub const REDACTED: &str = "redacted";
/// Shown where a figure cannot be computed (e.g. a ratio over nothing).
pub const NONE: &str = "—";

/// Whole pounds with thousands separators: `£1,234,567`.
pub fn money(d: Decimal) -> String {
    let whole = d.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    let shown = crate::money::display(whole);
    shown.strip_suffix(".00").unwrap_or(&shown).to_string()
}

/// `part` as a whole percentage of `whole` (halves away from zero); `—` when `whole` is zero or
/// the percentage is past what a decimal holds.
pub fn percent(part: Decimal, whole: Decimal) -> String {
    if whole.is_zero() {
        return NONE.into();
    }
    let Some(p) = part
        .checked_mul(Decimal::ONE_HUNDRED)
        .and_then(|x| x.checked_div(whole))
    else {
        return NONE.into();
    };
    let p = p.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    format!("{p}%")
}

/// `a ÷ b` to one place, as `9.4:1`; `—` when `b` is zero or the ratio is past what a decimal
/// holds.
pub fn ratio(a: Decimal, b: Decimal) -> String {
    if b.is_zero() {
        return NONE.into();
    }
    let Some(r) = a.checked_div(b) else {
        return NONE.into();
    };
    let r = r.round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero);
    format!("{r:.1}:1")
}

/// A whole number with thousands separators: `11,725`.
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub fn date(d: NaiveDate) -> String {
    crate::dates::display(d)
}

/// An audit time (`2026-11-22T10:15:00Z`) as `22 Nov 2026 10:15`; other text is shown as stored.
pub fn audit_time(at: &str) -> String {
    chrono::NaiveDateTime::parse_from_str(at, "%Y-%m-%dT%H:%M:%SZ")
        .map(|t| t.format("%-d %b %Y %H:%M").to_string())
        .unwrap_or_else(|_| at.to_string())
}

/// A row of percentages as a text sparkline, on the one trend scale.
pub use crate::dashboard::trend::sparkline;

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn money_is_whole_pounds_rounded_half_away() {
        assert_eq!(money(dec!(1234567.49)), "£1,234,567");
        assert_eq!(money(dec!(0.50)), "£1");
        assert_eq!(money(dec!(0)), "£0");
    }

    #[test]
    fn percent_and_ratio_edges() {
        assert_eq!(percent(dec!(1), dec!(3)), "33%");
        assert_eq!(percent(dec!(1), dec!(2)), "50%");
        assert_eq!(percent(dec!(1), dec!(0)), NONE);
        assert_eq!(ratio(dec!(9), dec!(1)), "9.0:1");
        assert_eq!(ratio(dec!(1900), dec!(100)), "19.0:1");
        assert_eq!(ratio(dec!(94), dec!(10)), "9.4:1");
        assert_eq!(ratio(dec!(5), dec!(0)), NONE);
    }

    #[test]
    fn percent_and_ratio_past_what_a_decimal_holds_show_none() {
        assert_eq!(percent(Decimal::MAX, dec!(1)), NONE);
        assert_eq!(percent(Decimal::MAX, Decimal::MAX), NONE);
        assert_eq!(percent(dec!(1), Decimal::MAX), "0%");
        assert_eq!(ratio(Decimal::MAX, dec!(0.01)), NONE);
        assert_eq!(
            ratio(Decimal::MAX, dec!(1)),
            format!("{}.0:1", Decimal::MAX)
        );
        assert_eq!(
            money(Decimal::MAX),
            "£79,228,162,514,264,337,593,543,950,335"
        );
        assert_eq!(count(u64::MAX), "18,446,744,073,709,551,615");
    }

    #[test]
    fn counts_group_thousands() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1000), "1,000");
        assert_eq!(count(1234567), "1,234,567");
    }

    #[test]
    fn audit_times_read_as_uk_dates() {
        assert_eq!(audit_time("2026-11-02T09:05:00Z"), "2 Nov 2026 09:05");
        assert_eq!(audit_time("yesterday"), "yesterday");
    }
}
