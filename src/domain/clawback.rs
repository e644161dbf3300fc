//! Claw-back: what a member owes back for work paid for but not delivered — paid minus earned,
//! less what has already been claimed — on the sub-contract's own prices (`pricing`). Block:
//! units at the unit rate. Paid by results: attachment fees per unit plus outcome payments.
//!
//! A month in which the referral route sent nobody and delivery fell short is the route's
//! failure, not the provider's: it is left out unless the hub decides otherwise, with a reason.

use rust_decimal::Decimal;
use serde::Serialize;

use super::pricing::{Earned, PaymentTerms, Pricing};
use super::{DeliveryProfile, MonitoringReturn, SubContract, profile};
use crate::dates::Period;

/// A sub-contract's prices: its stored unit rate, or on records from before rates were kept the
/// value over the units owed rounded down to the penny; paid by results, with its terms.
/// `None` only past what a `Decimal` holds.
pub fn pricing(
    sub: &SubContract,
    profiles: &[DeliveryProfile],
    terms: Option<&PaymentTerms>,
) -> Option<Pricing> {
    let owed = profile::units_owed(sub, profiles);
    match (sub.unit_rate, terms) {
        (Some(rate), Some(t)) => {
            Pricing::stored(sub.value, owed, rate, t.outcomes_owed, t.outcome_rate)
        }
        (Some(rate), None) => Pricing::stored(sub.value, owed, rate, 0, Decimal::ZERO),
        (None, t) => Pricing::set(
            sub.value,
            owed,
            t.map(|t| (t.attachment_pct, t.outcomes_owed)),
        ),
    }
}

/// Whether months starved of referrals count towards a claw-back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unreferred {
    /// Left out: the route failed, not the provider (the default).
    LeftOut,
    /// Counted, by a decision with its reason.
    Counted,
}

/// A month whose return is in showing the route sent nobody and delivery fell short.
pub fn starved(r: &MonitoringReturn) -> bool {
    r.submitted.is_some() && r.referrals == 0 && r.units_delivered < r.units_target
}

/// The figures behind a claw-back, all in pounds to the penny.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClawbackFigures {
    /// Paid for the months counted.
    pub paid: Decimal,
    pub delivered_units: u64,
    pub outcomes: u64,
    /// Earned for the months counted, in parts that multiply out.
    pub workings: Earned,
    pub earned: Decimal,
    pub already_claimed: Decimal,
    /// Paid − earned − already claimed; zero when nothing is owed.
    pub amount: Decimal,
    /// Months starved of referrals, and whether they were counted.
    pub unreferred: Vec<Period>,
    pub unreferred_basis: Unreferred,
    /// What was paid in those months.
    pub unreferred_paid: Decimal,
}

impl ClawbackFigures {
    pub fn owed(&self) -> bool {
        self.amount > Decimal::ZERO
    }
}

/// Paid minus earned over the months counted, less `already_claimed`. Never negative: a member
/// who earned what it was paid owes nothing. `None` only past what a `Decimal` holds.
pub fn clawback(
    pricing: &Pricing,
    returns: &[MonitoringReturn],
    already_claimed: Decimal,
    basis: Unreferred,
) -> Option<ClawbackFigures> {
    let unreferred: Vec<&MonitoringReturn> = returns.iter().filter(|r| starved(r)).collect();
    let counted = |r: &&MonitoringReturn| basis == Unreferred::Counted || !starved(r);
    let mut paid = Decimal::ZERO;
    let (mut units, mut outcomes) = (0u64, 0u64);
    for r in returns.iter().filter(counted) {
        paid = paid.checked_add(r.paid)?;
        units += u64::from(r.units_delivered);
        outcomes += u64::from(r.outcomes_achieved);
    }
    let workings = pricing.earned(units, outcomes)?;
    let earned = workings.total;
    let amount = paid
        .checked_sub(earned)?
        .checked_sub(already_claimed)?
        .max(Decimal::ZERO);
    Some(ClawbackFigures {
        paid,
        delivered_units: units,
        outcomes,
        workings,
        earned,
        already_claimed,
        amount,
        unreferred: unreferred.iter().map(|r| r.period).collect(),
        unreferred_basis: basis,
        unreferred_paid: unreferred.iter().map(|r| r.paid).sum(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::{self, Period};
    use crate::domain::{PaymentModel, SubContractStatus};
    use chrono::NaiveDate;
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
            unit_rate: None,
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
            referrals: 3,
        }
    }

    fn figures(s: &SubContract, rs: &[MonitoringReturn], claimed: Decimal) -> ClawbackFigures {
        let p = pricing(s, &[], None).unwrap();
        clawback(&p, rs, claimed, Unreferred::LeftOut).unwrap()
    }

    #[test]
    fn paid_minus_earned_at_the_unit_rate() {
        // £10,000 for 7 units a month over 12 months: 84 units, £119.04 a unit (rounded down;
        // 84 × 119.04 = 9,999.36, 64p on completion). Paid 3 × £833.33 = £2,499.99; delivered
        // 4 + 5 + 6 = 15 units → earned 15 × £119.04 = £1,785.60; owed £714.39.
        let s = sub(dec!(10000), 7);
        let rs = [
            ret("2026-04", 4, dec!(833.33)),
            ret("2026-05", 5, dec!(833.33)),
            ret("2026-06", 6, dec!(833.33)),
        ];
        let f = figures(&s, &rs, Decimal::ZERO);
        assert_eq!(f.paid, dec!(2499.99));
        assert_eq!(f.delivered_units, 15);
        assert_eq!(f.earned, dec!(1785.60));
        assert_eq!(f.workings.workings(), "15 units × £119.04 = £1,785.60");
        assert_eq!(f.amount, dec!(714.39));
        assert!(f.owed());
    }

    #[test]
    fn a_stored_rate_is_the_one_used() {
        // Let at £100.00 a unit, stored: the value does not re-price it.
        let mut s = sub(dec!(12000), 10);
        s.unit_rate = Some(dec!(95));
        let f = figures(&s, &[ret("2026-04", 5, dec!(1000))], Decimal::ZERO);
        // 5 × £95.00 = £475.00 earned; £525.00 owed.
        assert_eq!((f.earned, f.amount), (dec!(475), dec!(525)));
    }

    #[test]
    fn earlier_claims_are_deducted_and_nothing_is_owed_twice() {
        let s = sub(dec!(12000), 10); // £100 a unit
        let rs = [ret("2026-04", 5, dec!(1000))];
        assert_eq!(figures(&s, &rs, Decimal::ZERO).amount, dec!(500));
        assert_eq!(figures(&s, &rs, dec!(200)).amount, dec!(300));
        let settled = figures(&s, &rs, dec!(500));
        assert_eq!(settled.amount, Decimal::ZERO);
        assert!(!settled.owed());
    }

    #[test]
    fn nothing_to_claw_back_when_earned_covers_paid() {
        let s = sub(dec!(12000), 10);
        let exact = figures(&s, &[ret("2026-04", 10, dec!(1000))], Decimal::ZERO);
        assert_eq!(exact.amount, Decimal::ZERO);
        let over = figures(&s, &[ret("2026-04", 12, dec!(1000))], Decimal::ZERO);
        assert_eq!(over.earned, dec!(1200));
        assert_eq!(over.amount, Decimal::ZERO);
        assert_eq!(figures(&s, &[], Decimal::ZERO).amount, Decimal::ZERO);
    }

    #[test]
    fn months_starved_of_referrals_are_left_out_unless_counted() {
        // £100 a unit. April: 5 delivered, £1,000 paid (owes £500). May: no referrals, 0
        // delivered against 7, £1,000 paid — the route's failure, left out by default.
        let s = sub(dec!(12000), 10);
        let mut may = ret("2026-05", 0, dec!(1000));
        may.referrals = 0;
        let rs = [ret("2026-04", 5, dec!(1000)), may];
        let f = figures(&s, &rs, Decimal::ZERO);
        assert_eq!((f.paid, f.amount), (dec!(1000), dec!(500)));
        assert_eq!(f.unreferred, vec!["2026-05".parse::<Period>().unwrap()]);
        assert_eq!(f.unreferred_paid, dec!(1000));
        let p = pricing(&s, &[], None).unwrap();
        let counted = clawback(&p, &rs, Decimal::ZERO, Unreferred::Counted).unwrap();
        assert_eq!((counted.paid, counted.amount), (dec!(2000), dec!(1500)));
    }

    #[test]
    fn payment_by_results_pays_attachment_and_outcomes() {
        // £12,000 over 120 units, 25% attachment (£3,000 → £25.00 a unit), £9,000 over 30
        // outcomes (£300.00 each). Paid £2,000; 20 units and 3 outcomes: 20 × 25 + 3 × 300 =
        // £1,400 earned, £600 owed.
        let s = sub(dec!(12000), 10);
        let terms = PaymentTerms {
            subcontract: "SC-1".into(),
            attachment_pct: dec!(25),
            outcomes_owed: 30,
            outcome_rate: dec!(300),
        };
        let p = pricing(&s, &[], Some(&terms)).unwrap();
        let mut r = ret("2026-04", 20, dec!(2000));
        r.outcomes_achieved = 3;
        let f = clawback(&p, &[r], Decimal::ZERO, Unreferred::LeftOut).unwrap();
        assert_eq!((f.earned, f.amount), (dec!(1400), dec!(600)));
    }
}
