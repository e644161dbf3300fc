//! Joint-delivery allocation: split a contract's net value across members in proportion to their
//! headroom, exact to the penny, the parts summing exactly to the whole.

use rust_decimal::Decimal;

/// Splits `total` (pounds, at most 2 dp) in proportion to `weights`. Uses the largest-remainder
/// method on whole pence: each part is floored to the penny, and the pennies left over go one each
/// to the largest remainders (ties to the earlier entry), so the parts sum exactly to `total`.
/// Returns `None` when the weights are empty or sum to zero.
pub fn split_pro_rata(total: Decimal, weights: &[u64]) -> Option<Vec<Decimal>> {
    let weight_sum: u64 = weights.iter().sum();
    if weights.is_empty() || weight_sum == 0 {
        return None;
    }
    let pence_total = (total * Decimal::ONE_HUNDRED).trunc();
    let wsum = Decimal::from(weight_sum);
    let mut parts: Vec<(usize, Decimal, Decimal)> = weights
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let exact = pence_total * Decimal::from(*w) / wsum;
            let floor = exact.floor();
            (i, floor, exact - floor)
        })
        .collect();
    let allocated: Decimal = parts.iter().map(|p| p.1).sum();
    let mut left = pence_total - allocated;
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by(|a, b| parts[*b].2.cmp(&parts[*a].2).then(a.cmp(b)));
    for i in order {
        if left <= Decimal::ZERO {
            break;
        }
        parts[i].1 += Decimal::ONE;
        left -= Decimal::ONE;
    }
    parts.sort_by_key(|p| p.0);
    Some(
        parts
            .into_iter()
            .map(|p| p.1 / Decimal::ONE_HUNDRED)
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn thirds_of_a_hundred_pounds_sum_exactly() {
        let parts = split_pro_rata(dec!(100.00), &[1, 1, 1]).unwrap();
        assert_eq!(parts, vec![dec!(33.34), dec!(33.33), dec!(33.33)]);
        assert_eq!(parts.iter().sum::<Decimal>(), dec!(100.00));
    }

    #[test]
    fn proportional_to_headroom() {
        // 90,000.00 over headroom 10, 20, 30: 15,000 / 30,000 / 45,000 exactly.
        let parts = split_pro_rata(dec!(90000), &[10, 20, 30]).unwrap();
        assert_eq!(parts, vec![dec!(15000), dec!(30000), dec!(45000)]);
    }

    #[test]
    fn awkward_pence_go_to_largest_remainders() {
        // 0.10 over 3:3:1 → exact 4.2857p, 4.2857p, 1.4286p; floors 4+4+1 = 9, one penny to the
        // largest remainder (0.4286, the third) → 0.04, 0.04, 0.02.
        let parts = split_pro_rata(dec!(0.10), &[3, 3, 1]).unwrap();
        assert_eq!(parts, vec![dec!(0.04), dec!(0.04), dec!(0.02)]);
        let many = split_pro_rata(dec!(1234567.89), &[7, 13, 1, 999, 42, 5]).unwrap();
        assert_eq!(many.iter().sum::<Decimal>(), dec!(1234567.89));
        assert!(many.iter().all(|p| p.scale() <= 2));
    }

    #[test]
    fn zero_weight_members_get_nothing_and_empty_is_refused() {
        assert_eq!(
            split_pro_rata(dec!(10), &[0, 5]).unwrap(),
            vec![dec!(0), dec!(10)]
        );
        assert!(split_pro_rata(dec!(10), &[]).is_none());
        assert!(split_pro_rata(dec!(10), &[0, 0]).is_none());
    }
}

/// Splits a whole number of units in proportion to `weights` by largest remainder (ties to the
/// earlier entry); the parts sum exactly to `total`. `None` when the weights are empty or zero.
pub fn split_units(total: u32, weights: &[u64]) -> Option<Vec<u32>> {
    // Units behave like pence: split `total` hundredths of a pound and read the parts back.
    let parts = split_pro_rata(Decimal::from(total) / Decimal::ONE_HUNDRED, weights)?;
    Some(
        parts
            .into_iter()
            .map(|p| u32::try_from((p * Decimal::ONE_HUNDRED).trunc().mantissa()).unwrap_or(0))
            .collect(),
    )
}

#[cfg(test)]
mod unit_tests {
    use super::*;

    #[test]
    fn units_split_by_largest_remainder_and_sum_exactly() {
        assert_eq!(split_units(10, &[1, 1, 1]).unwrap(), vec![4, 3, 3]);
        assert_eq!(split_units(100, &[30, 20, 10]).unwrap(), vec![50, 33, 17]);
        assert_eq!(split_units(7, &[0, 5]).unwrap(), vec![0, 7]);
        assert!(split_units(7, &[]).is_none());
    }
}
