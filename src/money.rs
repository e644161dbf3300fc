//! Money: exact decimal pounds. Parsing accepts `1234.50`, `£1,234.50` and `-£12.00`; commas must
//! group thousands properly. Files hold the canonical `1234.50`; screens show `£1,234.50`.

use rust_decimal::{Decimal, RoundingStrategy};

/// Rounds to whole pence, halves away from zero (as a finance officer would by hand).
pub fn pennies(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Parses a money value in pounds. At most two decimal places.
pub fn parse(s: &str) -> Result<Decimal, String> {
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
        group(int_part),
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
        format!("{sign}£{}", group(&whole.to_string()))
    }
}

fn group(digits: &str) -> String {
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
    use rust_decimal_macros::dec;

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
    fn pennies_round_half_away_from_zero() {
        assert_eq!(pennies(dec!(0.005)), dec!(0.01));
        assert_eq!(pennies(dec!(-0.005)), dec!(-0.01));
        assert_eq!(pennies(dec!(2.344)), dec!(2.34));
    }
}
