//! Money: exact decimal pounds. Parsing accepts `1234.50`, `£1,234.50` and `-£12.00`; commas must
//! group thousands properly. Files hold the canonical `1234.50`; screens show `£1,234.50`.
//!
//! No money value may have more than `MAX_WHOLE_DIGITS` digits before the point, wherever it is
//! read from (a file, a field, the database): far below what exact decimals hold (about 7.9 ×
//! 10²⁸), so sums over any number of records and products with percentages and units stay
//! exact. Totals are added up with `total`, which names the record if one ever would not fit.

use rust_decimal::{Decimal, RoundingStrategy};
use rust_decimal_macros::dec;

use crate::error::HubError;

/// The most digits a money value may have before the point.
pub const MAX_WHOLE_DIGITS: usize = 15;

/// The largest money value anything reads: fifteen nines and ninety-nine pence. The configurable
/// bound (`[limits] max_money`) sits below it.
pub const CEILING: Decimal = dec!(999_999_999_999_999.99);

/// Rounds to whole pence, halves away from zero (as a finance officer would by hand).
pub fn pennies(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Parses a money value in pounds. At most two decimal places.
pub fn parse(s: &str) -> Result<Decimal, String> {
    match canonical(s) {
        Some(d) => Ok(d),
        None => parse_any(s),
    }
}

/// The canonical form alone (`1234.50`, `-12`), as the database and files hold it, read digit by
/// digit: the same value, scale included, as `parse_any` gives; `None` for anything else.
fn canonical(s: &str) -> Option<Decimal> {
    let (negative, rest) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s),
    };
    let (whole, pence) = rest.split_once('.').unwrap_or((rest, ""));
    let plain = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || whole.len() > MAX_WHOLE_DIGITS || !plain(whole) || !plain(pence) {
        return None;
    }
    if rest.contains('.') && !(1..=2).contains(&pence.len()) {
        return None;
    }
    let mut mantissa: i64 = 0;
    for b in whole.bytes().chain(pence.bytes()) {
        // At most seventeen digits: well inside an i64.
        mantissa = mantissa * 10 + i64::from(b - b'0');
    }
    let value = Decimal::new(mantissa, pence.len() as u32);
    Some(if negative { -value } else { value })
}

/// Every accepted spelling: a pound sign, thousands commas, spaces around.
fn parse_any(s: &str) -> Result<Decimal, String> {
    let raw = s.trim();
    if raw.is_empty() {
        return Err("a money value is required (e.g. 1234.50)".into());
    }
    let (negative, rest) = match raw.strip_prefix('-') {
        Some(r) => (true, r.trim_start()),
        None => (false, raw),
    };
    let rest = rest.strip_prefix('£').unwrap_or(rest);
    let (int_part, frac_part) = match rest.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    let bad = || format!("'{raw}' is not a money value (use 1234.50 or £1,234.50)");
    if int_part.is_empty() || !int_part.chars().all(|c| c.is_ascii_digit() || c == ',') {
        return Err(bad());
    }
    if int_part.contains(',') {
        let groups: Vec<&str> = int_part.split(',').collect();
        let first_ok = !groups[0].is_empty() && groups[0].len() <= 3;
        if !first_ok || groups[1..].iter().any(|g| g.len() != 3) {
            return Err(format!(
                "'{raw}' has a misplaced comma: commas may only separate thousands (£1,234.50)"
            ));
        }
    }
    if let Some(f) = frac_part {
        if f.is_empty() || !f.chars().all(|c| c.is_ascii_digit()) {
            return Err(bad());
        }
        if f.len() > 2 {
            return Err(format!("'{raw}' has more than two decimal places (pence)"));
        }
    }
    let digits: String = int_part.chars().filter(|c| *c != ',').collect();
    if digits.trim_start_matches('0').len() > MAX_WHOLE_DIGITS {
        return Err(format!(
            "'{raw}' is too large: a money value has at most {MAX_WHOLE_DIGITS} digits before the point (up to {})",
            display(CEILING)
        ));
    }
    let text = match frac_part {
        Some(f) => format!("{digits}.{f}"),
        None => digits,
    };
    let value: Decimal = text.parse().map_err(|_| bad())?;
    Ok(if negative { -value } else { value })
}

/// Canonical file and database form: `1234.50`.
pub fn to_plain(d: Decimal) -> String {
    format!("{:.2}", pennies(d))
}

/// Screen form with pound sign and thousands separators: `£1,234.50`, `-£12.00`.
pub fn display(d: Decimal) -> String {
    let plain = to_plain(d.abs());
    let (int_part, frac) = plain.split_once('.').unwrap_or((&plain, "00"));
    format!(
        "{}£{}.{}",
        if d.is_sign_negative() && !d.is_zero() {
            "-"
        } else {
            ""
        },
        group_digits(int_part),
        frac
    )
}

/// Compact screen form for narrow columns: `£1.2m`, `£350k`, `£999`.
pub fn display_short(d: Decimal) -> String {
    let sign = if d.is_sign_negative() && !d.is_zero() {
        "-"
    } else {
        ""
    };
    let a = d.abs();
    let billion = Decimal::from(1_000_000_000);
    let million = Decimal::from(1_000_000);
    let thousand = Decimal::from(1_000);
    if a >= billion {
        let b = (a / billion).round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero);
        format!("{sign}£{b:.1}bn")
    } else if a >= million {
        let m = (a / million).round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero);
        format!("{sign}£{m:.1}m")
    } else if a >= Decimal::from(10_000) {
        let k = (a / thousand).round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
        format!("{sign}£{k}k")
    } else {
        let whole = a.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
        format!("{sign}£{}", group_digits(&whole.to_string()))
    }
}

/// Adds up money values; `None` if the total would not fit in an exact decimal.
pub fn checked_sum(values: impl IntoIterator<Item = Decimal>) -> Option<Decimal> {
    values
        .into_iter()
        .try_fold(Decimal::ZERO, |total, v| total.checked_add(v))
}

/// Adds up the `what` of each record (`(code, amount)`), or says which record took the total past
/// what exact decimals hold. Values read through `parse` never get there; a total over records
/// written around hubboard might.
pub fn total<'a>(
    what: &str,
    items: impl IntoIterator<Item = (&'a str, Decimal)>,
) -> Result<Decimal, HubError> {
    let mut sum = Decimal::ZERO;
    for (code, value) in items {
        sum = add(sum, what, code, value)?;
    }
    Ok(sum)
}

/// `sum` + `value`, the `what` of record `code` (as `total` adds each).
pub fn add(sum: Decimal, what: &str, code: &str, value: Decimal) -> Result<Decimal, HubError> {
    sum.checked_add(value).ok_or_else(|| {
        // The code comes from the database: no control character reaches a terminal.
        let code = crate::text::clean(code);
        HubError::Invalid(format!(
            "the {what} of {code} ({}) is too large to add up: the total would pass the largest \
             figure hubboard can hold. No money value may be more than {}; correct {code}",
            display(value),
            display(CEILING)
        ))
    })
}

/// The error for a figure that cannot be worked out because the values behind it are too large:
/// `what` says which figure and of what (`the top slice of OP-001`).
pub fn too_large(what: &str) -> HubError {
    let what = crate::text::clean(what);
    HubError::Invalid(format!(
        "{what} is too large to work out: the values behind it pass the largest figure hubboard \
         can hold. No money value may be more than {}; correct the record",
        display(CEILING)
    ))
}

/// Digits with commas between the thousands: `1234567` → `1,234,567`.
pub fn group_digits(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    proptest! {
        /// The canonical reader gives exactly what the full parser gives (value and scale), and
        /// gives way to it on anything else.
        #[test]
        fn the_canonical_reader_agrees_with_the_full_parser(
            s in "-?[0-9]{0,17}(\\.[0-9]{0,3})?|[-£,. 0-9a]{0,12}"
        ) {
            if let Some(d) = canonical(&s) {
                let full = parse_any(&s);
                prop_assert_eq!(Ok(d), full.clone());
                prop_assert_eq!(d.scale(), full.unwrap().scale());
            }
        }
    }

    #[test]
    fn the_canonical_reader_takes_the_stored_forms() {
        for s in [
            "0",
            "0.00",
            "-0.00",
            "1234.50",
            "1234.5",
            "-12",
            "007.10",
            "999999999999999.99",
        ] {
            assert_eq!(canonical(s), Some(parse_any(s).unwrap()), "{s}");
        }
        for s in [
            "",
            "-",
            ".5",
            "12.",
            "1,234.50",
            "£12",
            " 12",
            "1.234",
            "9999999999999999",
        ] {
            assert_eq!(canonical(s), None, "{s}");
        }
    }

    #[test]
    fn accepts_plain_and_formatted_pounds() {
        assert_eq!(parse("1234.50").unwrap(), dec!(1234.50));
        assert_eq!(parse("£1,234.50").unwrap(), dec!(1234.50));
        assert_eq!(parse(" £1,234,567 ").unwrap(), dec!(1234567));
        assert_eq!(parse("-£12.5").unwrap(), dec!(-12.5));
        assert_eq!(parse("0").unwrap(), dec!(0));
    }

    #[test]
    fn rejects_what_is_not_money() {
        assert!(parse("12,34.50").unwrap_err().contains("misplaced comma"));
        assert!(parse("1.234,50").is_err());
        assert!(parse("£12.345").unwrap_err().contains("two decimal places"));
        assert!(parse("ten pounds").is_err());
        assert!(parse("").is_err());
        assert!(parse("$5").is_err());
        assert!(parse(",123").is_err());
    }

    #[test]
    fn displays_uk_style() {
        assert_eq!(display(dec!(1234.5)), "£1,234.50");
        assert_eq!(display(dec!(-12)), "-£12.00");
        assert_eq!(display(dec!(999)), "£999.00");
        assert_eq!(display(dec!(1000000)), "£1,000,000.00");
        assert_eq!(to_plain(dec!(7)), "7.00");
        assert_eq!(display_short(dec!(1240000)), "£1.2m");
        assert_eq!(display_short(dec!(1250000)), "£1.3m");
        assert_eq!(display_short(dec!(350000)), "£350k");
        assert_eq!(display_short(dec!(3949000000)), "£3.9bn");
        assert_eq!(display_short(dec!(999000000)), "£999.0m");
    }

    #[test]
    fn at_most_fifteen_digits_before_the_point() {
        assert_eq!(parse("999999999999999.99").unwrap(), CEILING);
        assert_eq!(parse("-£999,999,999,999,999.99").unwrap(), -CEILING);
        assert_eq!(parse("0000999999999999999").unwrap(), dec!(999999999999999));
        let e = parse("1000000000000000").unwrap_err();
        assert!(e.contains("too large") && e.contains("15 digits"), "{e}");
        assert!(e.contains("£999,999,999,999,999.99"), "{e}");
        assert!(parse("79228162514264337593543950335").is_err());
        assert!(parse("£79,228,162,514,264,337,593,543,950,335").is_err());
        assert!(parse(&"9".repeat(400)).is_err());
    }

    #[test]
    fn sums_are_checked_at_the_edges() {
        assert_eq!(checked_sum([]), Some(Decimal::ZERO));
        assert_eq!(
            checked_sum([CEILING, CEILING]),
            Some(dec!(1999999999999999.98))
        );
        assert_eq!(
            checked_sum([Decimal::MAX, Decimal::ZERO]),
            Some(Decimal::MAX)
        );
        assert_eq!(checked_sum([Decimal::MAX, dec!(1)]), None);
        assert_eq!(checked_sum([Decimal::MIN, dec!(-1)]), None);
        assert_eq!(
            checked_sum([Decimal::MAX, dec!(-1), dec!(1)]),
            Some(Decimal::MAX)
        );
        assert_eq!(total("value", []).unwrap(), Decimal::ZERO);
        assert_eq!(
            total("value", [("SC-0001", dec!(1.50)), ("SC-0002", dec!(2))]).unwrap(),
            dec!(3.50)
        );
        let e = total("value", [("SC-0001", Decimal::MAX), ("SC-0002", dec!(1))])
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("the value of SC-0002 (£1.00) is too large to add up"),
            "{e}"
        );
        assert!(e.contains("£999,999,999,999,999.99"), "{e}");
    }

    #[test]
    fn pennies_round_half_away_from_zero() {
        assert_eq!(pennies(dec!(0.005)), dec!(0.01));
        assert_eq!(pennies(dec!(-0.005)), dec!(-0.01));
        assert_eq!(pennies(dec!(2.344)), dec!(2.34));
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Pence within the ceiling, either sign.
    fn within_ceiling() -> impl Strategy<Value = Decimal> {
        let max = 99_999_999_999_999_999i64;
        (-max..=max).prop_map(|pence| Decimal::new(pence, 2))
    }

    proptest! {
        #[test]
        fn parse_never_panics_on_any_text(s in any::<String>()) {
            let _ = parse(&s);
        }

        #[test]
        fn parse_never_panics_on_money_shaped_text(s in "-?£?[0-9,]{0,40}(\\.[0-9]{0,4})?") {
            if let Ok(d) = parse(&s) {
                prop_assert!(d.abs() <= CEILING);
            }
        }

        #[test]
        fn values_within_the_ceiling_round_trip(d in within_ceiling()) {
            prop_assert_eq!(parse(&to_plain(d)).unwrap(), d);
            prop_assert_eq!(parse(&display(d)).unwrap(), d);
        }
    }
}
