//! The delivery-to-hub ratio on one basis: over the prime contracts running today, what their
//! delivering sub-contracts are worth a year against what their top slices bring the hub a year.
//! The same contracts on both sides, both annualised.

use chrono::NaiveDate;
use rusqlite::Connection;
use rust_decimal::Decimal;

use crate::dates;
use crate::domain::prime::PrimeContract;
use crate::error::Result;
use crate::store::prime;

/// The two sides of the ratio, each a sum of yearly values.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DeliveryRatio {
    /// Prime contracts running today.
    pub contracts: usize,
    /// Their delivering sub-contracts' values, each over its own period, a year.
    pub delivery: Decimal,
    /// Their top slices, each over its prime's period, a year.
    pub hub: Decimal,
}

/// `value` a year over `start`–`end` (whole months spanned, at least one). `None` only past
/// what a `Decimal` holds.
pub fn a_year(value: Decimal, start: NaiveDate, end: NaiveDate) -> Option<Decimal> {
    let months = Decimal::from(dates::months_spanned(start, end).max(1));
    value
        .checked_mul(Decimal::from(12))
        .map(|v| (v / months).round_dp(2))
}

/// Adds one prime contract running on `today`, with the values and periods of its delivering
/// sub-contracts. A prime not running today is left out, with its sub-contracts.
pub fn add(
    r: &mut DeliveryRatio,
    p: &PrimeContract,
    delivering: &[(Decimal, NaiveDate, NaiveDate)],
    today: NaiveDate,
) -> Option<()> {
    if today < p.start || today > p.end {
        return Some(());
    }
    r.contracts += 1;
    r.hub = r.hub.checked_add(a_year(p.top_slice, p.start, p.end)?)?;
    for (value, start, end) in delivering {
        r.delivery = r.delivery.checked_add(a_year(*value, *start, *end)?)?;
    }
    Some(())
}

/// The ratio as of `today`: the won opportunities, and the sub-contracts the performance pane
/// lists as delivering today, read by opportunity without building the pane's rows.
pub fn read(conn: &Connection, today: NaiveDate) -> Result<DeliveryRatio> {
    let won = prime::won_opportunities(conn)?;
    let codes: Vec<&str> = won.iter().map(|o| o.code.as_str()).collect();
    let delivering = crate::store::read::performance::delivering_terms(conn, today, &codes)?;
    let periods = prime::agreed_periods(conn)?;
    let mut r = DeliveryRatio::default();
    for (o, subs) in won.iter().zip(&delivering) {
        let p = PrimeContract::of(o, periods.get(&o.code).copied());
        add(&mut r, &p, subs, today)
            .ok_or_else(|| crate::money::too_large("the delivery-to-hub ratio"))?;
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::PaymentModel;
    use rust_decimal_macros::dec;

    fn d(s: &str) -> NaiveDate {
        dates::parse_iso(s).unwrap()
    }

    fn prime(code: &str, gross: Decimal, pct: Decimal, start: &str, end: &str) -> PrimeContract {
        let top_slice = gross * pct / dec!(100);
        PrimeContract {
            opportunity: code.into(),
            title: code.into(),
            start: d(start),
            end: d(end),
            period_agreed: false,
            gross,
            top_slice_pct: pct,
            top_slice,
            net: gross - top_slice,
            payment_model: PaymentModel::Block,
        }
    }

    #[test]
    fn the_same_contracts_on_both_sides_each_a_year() {
        let today = d("2026-11-29");
        let mut r = DeliveryRatio::default();
        // A: £300,000 over 36 months at 10%: the hub's £30,000 is £10,000 a year. Its two
        // sub-contracts: £120,000 over 24 months = £60,000 a year; £54,000 over 36 months =
        // £18,000 a year. Delivery £78,000 a year.
        let a = prime("A", dec!(300000), dec!(10), "2025-01-01", "2027-12-31");
        let a_subs = [
            (dec!(120000), d("2026-01-01"), d("2027-12-31")),
            (dec!(54000), d("2025-01-01"), d("2027-12-31")),
        ];
        add(&mut r, &a, &a_subs, today).unwrap();
        // B: £60,000 over 12 months at 5%: £3,000 a year to the hub; one sub-contract of £57,000
        // over 12 months is £57,000 a year.
        let b = prime("B", dec!(60000), dec!(5), "2026-04-01", "2027-03-31");
        add(
            &mut r,
            &b,
            &[(dec!(57000), d("2026-04-01"), d("2027-03-31"))],
            today,
        )
        .unwrap();
        // C ended before today: left out, its sub-contract too.
        let c = prime("C", dec!(900000), dec!(5), "2023-01-01", "2025-12-31");
        add(
            &mut r,
            &c,
            &[(dec!(855000), d("2023-01-01"), d("2025-12-31"))],
            today,
        )
        .unwrap();
        assert_eq!(r.contracts, 2);
        // Delivery £78,000 + £57,000 = £135,000; hub £10,000 + £3,000 = £13,000: 10.4:1.
        assert_eq!(r.delivery, dec!(135000));
        assert_eq!(r.hub, dec!(13000));
        assert_eq!(super::super::format::ratio(r.delivery, r.hub), "10.4:1");
    }

    #[test]
    fn a_short_period_counts_as_one_month_at_least() {
        assert_eq!(
            a_year(dec!(100), d("2026-05-10"), d("2026-05-20")),
            Some(dec!(1200))
        );
    }
}
