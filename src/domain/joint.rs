//! Joint delivery pricing: what is unlet of a contract shared across members at one unit rate,
//! exact to the penny.

use rust_decimal::Decimal;
use serde::Serialize;

use super::allocation::split_pro_rata;

/// One share of a contract priced at one unit rate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RatedShare {
    pub units_owed: u64,
    /// Units owed × the rate, plus this share's part of the leftover pennies.
    pub value: Decimal,
    /// The leftover pennies this share earns on completion.
    pub on_completion: Decimal,
}

/// Splits `unlet` across shares owing `units_owed` units at one unit rate: the rate is the
/// amount over all the units, rounded down to the penny, and the pennies left over are shared
/// by units owed (largest remainder), so every share has the same rate and the values sum to
/// `unlet` exactly. `None` when no units are owed.
pub fn one_rate(unlet: Decimal, units_owed: &[u64]) -> Option<(Decimal, Vec<RatedShare>)> {
    let total: u64 = units_owed.iter().sum();
    if total == 0 || unlet < Decimal::ZERO {
        return None;
    }
    let rate = super::pricing::pence_down(unlet / Decimal::from(total));
    let leftover = unlet.checked_sub(super::pricing::times(total, rate)?)?;
    let pennies = split_pro_rata(leftover, units_owed)?;
    let shares = units_owed
        .iter()
        .zip(pennies)
        .map(|(u, p)| {
            Some(RatedShare {
                units_owed: *u,
                value: super::pricing::times(*u, rate)?.checked_add(p)?,
                on_completion: p,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some((rate, shares))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn every_share_has_the_same_rate_and_the_values_sum_to_the_unlet() {
        // £66,430.00 unlet over 12 months at 17, 16 and 12 units a month: 204 + 192 + 144 =
        // 540 units; 66,430 / 540 = 123.0185… → £123.01 a unit; 540 × 123.01 = 66,425.40, so
        // 460p are left, shared by units: 173.78, 163.56 and 122.67 → floors 173 + 163 + 122 =
        // 458, the last two pennies to the largest remainders (.78 and .67): 174p, 163p, 123p.
        let (rate, shares) = one_rate(dec!(66430), &[204, 192, 144]).unwrap();
        assert_eq!(rate, dec!(123.01));
        let pennies: Decimal = shares.iter().map(|s| s.on_completion).sum();
        assert_eq!(pennies, dec!(4.60));
        let each: Vec<Decimal> = shares.iter().map(|s| s.on_completion).collect();
        assert_eq!(each, vec![dec!(1.74), dec!(1.63), dec!(1.23)]);
        for s in &shares {
            // Each value is its units × the one rate plus its pennies: it multiplies out.
            assert_eq!(
                s.value,
                Decimal::from(s.units_owed) * rate + s.on_completion
            );
            assert!(s.on_completion < Decimal::from(s.units_owed) / dec!(100));
        }
        assert_eq!(shares.iter().map(|s| s.value).sum::<Decimal>(), dec!(66430));
        assert!(one_rate(dec!(100), &[0, 0]).is_none());
    }
}
