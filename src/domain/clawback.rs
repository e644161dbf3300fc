//! Claw-back: what a member owes back for work paid for but not delivered (paid minus earned,
//! less what has already been claimed), and the value of a suspended sub-contract's remainder.
//!
//! Both price units at the rate agreed when the work was let: value ÷ (units per month × months)
//! on the original profile. A re-profile moves outputs about; it does not re-price them, or a
//! member could raise its own unit price by profiling fewer units.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::{DeliveryProfile, MonitoringReturn, SubContract};
use crate::{dates, money};

/// The figures behind a claw-back, all in pounds to the penny except the unit price.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClawbackFigures {
    pub paid: Decimal,
    pub delivered_units: u64,
    /// Value ÷ (units per month × months): unrounded, so the rounding happens once, on `earned`.
    pub unit_price: Decimal,
    pub earned: Decimal,
    pub already_claimed: Decimal,
    /// Paid − earned − already claimed; zero when nothing is owed.
    pub amount: Decimal,
}

impl ClawbackFigures {
    pub fn owed(&self) -> bool {
        self.amount > Decimal::ZERO
    }
}

/// Value ÷ (units per month × months) on the profile the sub-contract was let on: revision 1
/// when it has been re-profiled, else its current units. Unrounded.
pub fn agreed_unit_price(sub: &SubContract, profiles: &[DeliveryProfile]) -> Decimal {
    let original = profiles
        .iter()
        .min_by_key(|p| p.revision)
        .map(|p| p.units_per_month)
        .unwrap_or(sub.units_per_month);
    let units = Decimal::from(original) * Decimal::from(sub.months());
    if units.is_zero() {
        Decimal::ZERO
    } else {
        sub.value / units
    }
}

/// Paid (the returns' `paid`) minus earned (delivered units × unit price, to the penny), less
/// `already_claimed`. Never negative: a member who earned what it was paid owes nothing.
pub fn clawback(
    sub: &SubContract,
    profiles: &[DeliveryProfile],
    returns: &[MonitoringReturn],
    already_claimed: Decimal,
) -> ClawbackFigures {
    let paid: Decimal = returns.iter().map(|r| r.paid).sum();
    let delivered_units: u64 = returns.iter().map(|r| u64::from(r.units_delivered)).sum();
    let unit_price = agreed_unit_price(sub, profiles);
    let earned = money::pennies(Decimal::from(delivered_units) * unit_price);
    let amount = (paid - earned - already_claimed).max(Decimal::ZERO);
    ClawbackFigures {
        paid,
        delivered_units,
        unit_price,
        earned,
        already_claimed,
        amount,
    }
}

/// The undelivered remainder of a sub-contract from `effective` to its end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Remainder {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub months: u32,
    pub units: u64,
    /// The agreed unit price, unrounded.
    pub unit_price: Decimal,
    pub value: Decimal,
}

/// Current units per month for every month from the one holding `effective` to the end month, at the unit
/// agreed unit price, to the penny. `None` when the sub-contract has ended by `effective`.
pub fn remainder(
    sub: &SubContract,
    profiles: &[DeliveryProfile],
    effective: NaiveDate,
) -> Option<Remainder> {
    if effective > sub.end {
        return None;
    }
    let start = effective.max(sub.start);
    let months = dates::months_spanned(start, sub.end);
    let units = u64::from(sub.units_per_month) * u64::from(months);
    let unit_price = agreed_unit_price(sub, profiles);
    Some(Remainder {
        start,
        end: sub.end,
        months,
        units,
        unit_price,
        value: money::pennies(Decimal::from(units) * unit_price),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::Period;
    use crate::domain::{PaymentModel, SubContractStatus};
    use rust_decimal_macros::dec;

    fn d(s: &str) -> NaiveDate {
        dates::parse_iso(s).unwrap()
    }

    fn sub(value: Decimal, units: u32) -> SubContract {
        SubContract {
            code: "SC-1".into(),
            opportunity: "OP1".into(),
            member: "KN01".into(),
            let_by: None,
            value,
            start: d("2026-04-01"),
            end: d("2027-03-31"),
            units_per_month: units,
            payment_model: PaymentModel::Block,
            status: SubContractStatus::Suspended,
            transferred_from: None,
            row_version: 1,
        }
    }

    fn ret(period: &str, delivered: u32, paid: Decimal) -> MonitoringReturn {
        let period: Period = period.parse().unwrap();
        MonitoringReturn {
            subcontract: "SC-1".into(),
            period,
            due: period.last_day(),
            submitted: Some(period.last_day()),
            units_target: 7,
            units_delivered: delivered,
            outcomes_target: 0,
            outcomes_achieved: 0,
            milestones_due: 0,
            milestones_met: 0,
            spend: Decimal::ZERO,
            paid,
            quality_grade: Some(2),
            referrals: 0,
        }
    }

    #[test]
    fn paid_minus_earned_to_the_penny() {
        // £10,000 for 7 units a month over 12 months: 84 units at £119.047619… each.
        // Paid 3 × £833.33 = £2,499.99; delivered 4 + 5 + 6 = 15 units → earned £1,785.71
        // (15 × 119.047619… = 1,785.714…, rounded to the penny); owed £714.28.
        let s = sub(dec!(10000), 7);
        let rs = [
            ret("2026-04", 4, dec!(833.33)),
            ret("2026-05", 5, dec!(833.33)),
            ret("2026-06", 6, dec!(833.33)),
        ];
        let f = clawback(&s, &[], &rs, Decimal::ZERO);
        assert_eq!(f.paid, dec!(2499.99));
        assert_eq!(f.delivered_units, 15);
        assert_eq!(f.earned, dec!(1785.71));
        assert_eq!(f.amount, dec!(714.28));
        assert!(f.owed());
    }

    #[test]
    fn earned_rounds_half_a_penny_up() {
        // £12 over 12 × 8 = 96 units is 12.5p a unit: 1 unit earns 12.5p → 13p; paid £1 → 87p.
        let s = sub(dec!(12), 8);
        let f = clawback(&s, &[], &[ret("2026-04", 1, dec!(1))], Decimal::ZERO);
        assert_eq!(f.unit_price, dec!(0.125));
        assert_eq!(f.earned, dec!(0.13));
        assert_eq!(f.amount, dec!(0.87));
    }

    #[test]
    fn earlier_claims_are_deducted_and_nothing_is_owed_twice() {
        let s = sub(dec!(12000), 10); // £100 a unit
        let rs = [ret("2026-04", 5, dec!(1000))];
        assert_eq!(clawback(&s, &[], &rs, Decimal::ZERO).amount, dec!(500));
        assert_eq!(clawback(&s, &[], &rs, dec!(200)).amount, dec!(300));
        let settled = clawback(&s, &[], &rs, dec!(500));
        assert_eq!(settled.amount, Decimal::ZERO);
        assert!(!settled.owed());
    }

    #[test]
    fn nothing_to_claw_back_when_earned_covers_paid() {
        let s = sub(dec!(12000), 10);
        let exact = clawback(&s, &[], &[ret("2026-04", 10, dec!(1000))], Decimal::ZERO);
        assert_eq!(exact.amount, Decimal::ZERO);
        let over = clawback(&s, &[], &[ret("2026-04", 12, dec!(1000))], Decimal::ZERO);
        assert_eq!(over.earned, dec!(1200));
        assert_eq!(over.amount, Decimal::ZERO);
        assert_eq!(clawback(&s, &[], &[], Decimal::ZERO).amount, Decimal::ZERO);
    }

    #[test]
    fn remainder_runs_from_the_effective_month_to_the_end() {
        // Nov 2026 – Mar 2027 is 5 months × 7 units = 35 units × £119.047619… = £4,166.67.
        let s = sub(dec!(10000), 7);
        let r = remainder(&s, &[], d("2026-11-22")).unwrap();
        assert_eq!((r.months, r.units), (5, 35));
        assert_eq!(r.value, dec!(4166.67));
        assert_eq!(r.start, d("2026-11-22"));
        // The last day still leaves that month; a day later nothing is left.
        assert_eq!(remainder(&s, &[], d("2027-03-31")).unwrap().units, 7);
        assert!(remainder(&s, &[], d("2027-04-01")).is_none());
        // Effective before the start: the whole contract.
        assert_eq!(
            remainder(&s, &[], d("2026-01-01")).unwrap().value,
            dec!(10000)
        );
    }

    #[test]
    fn a_re_profile_does_not_re_price_the_units() {
        // Let at 10 a month for 12 months (£100 a unit); re-profiled to 5 a month from Dec.
        let mut s = sub(dec!(12000), 5);
        let profile = |revision, from: &str, units| DeliveryProfile {
            subcontract: "SC-1".into(),
            revision,
            effective_from: from.parse().unwrap(),
            units_per_month: units,
            reason: "r".into(),
            recorded: d("2026-11-22"),
        };
        let history = [profile(1, "2026-04", 10), profile(2, "2026-12", 5)];
        assert_eq!(agreed_unit_price(&s, &history), dec!(100));
        // Without the history the current profile is taken as the one agreed: £200 a unit.
        assert_eq!(agreed_unit_price(&s, &[]), dec!(200));
        let f = clawback(
            &s,
            &history,
            &[ret("2026-04", 6, dec!(1000))],
            Decimal::ZERO,
        );
        assert_eq!((f.earned, f.amount), (dec!(600), dec!(400)));
        // The remainder runs on the current 5 a month at the agreed £100: Jan – Mar = 15 units.
        s.status = SubContractStatus::Suspended;
        assert_eq!(
            remainder(&s, &history, d("2027-01-10")).unwrap().value,
            dec!(1500)
        );
    }
}
