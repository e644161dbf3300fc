//! Splitting a sub-contract at a day: what the holder keeps (the units scheduled up to and
//! including its last day, the month it ends in shared by days) and the remainder that moves to
//! a new sub-contract from the next day. Both are priced at the one unit rate; the completion
//! pennies go with the remainder, so kept + remainder is the value exactly and no month is paid
//! twice.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::pricing::Pricing;
use super::state::day_after;
use super::{DeliveryProfile, SubContract, profile};
use crate::dates::Period;

/// The month a split falls inside, shared by days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SharedMonth {
    pub month: Period,
    pub units: u32,
    /// Days of the month the holder delivers, of the days the sub-contract runs in it.
    pub days_kept: u32,
    pub days: u32,
    /// Units × days kept ÷ days, rounded down; the rest move.
    pub kept: u32,
}

/// A sub-contract split at `last_day`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Split {
    /// The holder's last day of delivery.
    pub last_day: NaiveDate,
    pub kept_units: u64,
    pub kept_outcomes: u64,
    /// Kept units and outcomes at their rates.
    pub kept_value: Decimal,
    /// The remainder's first day: the day after `last_day` (or the start, if later).
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// Calendar months the remainder touches, a part month counted once.
    pub months: u32,
    pub units: u64,
    pub outcomes: u64,
    /// The value less what is kept: the remainder's units and outcomes at their rates, plus the
    /// completion pennies.
    pub value: Decimal,
    /// The remainder's units in each month, first to last.
    pub schedule: Vec<(Period, u32)>,
    pub shared: Option<SharedMonth>,
}

/// Days from `a` to `b` inclusive (zero when `b` is before `a`).
fn days(a: NaiveDate, b: NaiveDate) -> u32 {
    u32::try_from((b - a).num_days() + 1).unwrap_or(0)
}

/// Splits `sub` so its holder delivers up to and including `last_day`. `None` when nothing is
/// left after it (the sub-contract ends by then) or past what a `Decimal` holds.
pub fn split(
    sub: &SubContract,
    profiles: &[DeliveryProfile],
    pricing: &Pricing,
    last_day: NaiveDate,
) -> Option<Split> {
    if last_day >= sub.end {
        return None;
    }
    let mut kept_units = 0u64;
    let mut schedule = Vec::new();
    let mut shared = None;
    for month in profile::months(sub) {
        let units = profile::units_in(sub, profiles, month);
        let from = sub.start.max(month.first_day());
        let to = sub.end.min(month.last_day());
        if to <= last_day {
            kept_units += u64::from(units);
        } else if from > last_day {
            schedule.push((month, units));
        } else {
            let (days_kept, all) = (days(from, last_day), days(from, to));
            let kept = u32::try_from(u64::from(units) * u64::from(days_kept) / u64::from(all))
                .unwrap_or(units);
            kept_units += u64::from(kept);
            schedule.push((month, units - kept));
            shared = Some(SharedMonth {
                month,
                units,
                days_kept,
                days: all,
                kept,
            });
        }
    }
    let units = pricing.units_owed.saturating_sub(kept_units);
    let kept_outcomes = if pricing.units_owed == 0 {
        0
    } else {
        u64::try_from(
            u128::from(pricing.outcomes_owed) * u128::from(kept_units)
                / u128::from(pricing.units_owed),
        )
        .unwrap_or(0)
    };
    let kept_value = pricing
        .value_of(kept_units, kept_outcomes)?
        .min(pricing.value);
    let start = day_after(last_day).max(sub.start);
    Some(Split {
        last_day,
        kept_units,
        kept_outcomes,
        kept_value,
        start,
        end: sub.end,
        months: crate::dates::months_spanned(start, sub.end),
        units,
        outcomes: pricing.outcomes_owed - kept_outcomes,
        value: pricing.value.checked_sub(kept_value)?,
        schedule,
        shared,
    })
}

impl Split {
    /// The remainder's profile as revisions of a new sub-contract: its usual units a month (the
    /// most common in the schedule after a shared first month) and a revision wherever a month
    /// differs from the one before.
    pub fn profile(&self, code: &str, recorded: NaiveDate) -> (u32, Vec<DeliveryProfile>) {
        let usual = self
            .schedule
            .iter()
            .skip(usize::from(self.shared.is_some()))
            .chain(self.schedule.first())
            .map(|m| m.1)
            .next()
            .unwrap_or(0);
        let mut revisions = Vec::new();
        let mut current = usual;
        for (month, units) in &self.schedule {
            if *units != current {
                revisions.push(DeliveryProfile {
                    subcontract: code.to_string(),
                    revision: revisions.len() as u32 + 1,
                    effective_from: *month,
                    units_per_month: *units,
                    reason: "transferred remainder".into(),
                    recorded,
                });
                current = *units;
            }
        }
        (usual, revisions)
    }

    /// `10 months from 1 Mar 2027 to 31 Dec 2027: 100 units × £52.01 = £5,201.00`.
    pub fn describe(&self, pricing: &Pricing) -> String {
        let mut parts = vec![format!(
            "{} units × {}",
            self.units,
            crate::money::display(pricing.unit_rate)
        )];
        if self.outcomes > 0 {
            parts.push(format!(
                "{} outcomes × {}",
                self.outcomes,
                crate::money::display(pricing.outcome_rate)
            ));
        }
        if !pricing.on_completion.is_zero() {
            parts.push(format!(
                "{} on completion",
                crate::money::display(pricing.on_completion)
            ));
        }
        let month_word = if self.months == 1 { "month" } else { "months" };
        format!(
            "{} {month_word} from {} to {}: {} = {}",
            self.months,
            crate::dates::display(self.start),
            crate::dates::display(self.end),
            parts.join(" + "),
            crate::money::display(self.value)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates;
    use crate::domain::clawback::pricing;
    use crate::domain::{PaymentModel, SubContractStatus};
    use rust_decimal_macros::dec;

    fn d(s: &str) -> NaiveDate {
        dates::parse_iso(s).unwrap()
    }

    /// £24,000 for 10 units a month, Jan 2026 – Dec 2027: 240 units at £100.00.
    fn sub() -> SubContract {
        SubContract {
            code: "SC-0053".into(),
            opportunity: "OP-004".into(),
            member: "KN01".into(),
            let_by: None,
            value: dec!(24000),
            start: d("2026-01-01"),
            end: d("2027-12-31"),
            units_per_month: 10,
            payment_model: PaymentModel::Block,
            status: SubContractStatus::Active,
            transferred_from: None,
            row_version: 1,
            unit_rate: None,
        }
    }

    #[test]
    fn notice_ending_28_feb_keeps_february_and_moves_ten_months() {
        // Kept: Jan 2026 – Feb 2027 = 14 months × 10 = 140 units × £100 = £14,000.
        // Moved: 1 Mar 2027 – 31 Dec 2027 = 10 months, 100 units, £10,000. No month twice.
        let s = sub();
        let p = pricing(&s, &[], None).unwrap();
        let x = split(&s, &[], &p, d("2027-02-28")).unwrap();
        assert_eq!((x.kept_units, x.kept_value), (140, dec!(14000)));
        assert_eq!((x.start, x.months, x.units), (d("2027-03-01"), 10, 100));
        assert_eq!(x.value, dec!(10000));
        assert_eq!(x.kept_value + x.value, s.value);
        assert!(x.shared.is_none());
        assert_eq!(
            x.describe(&p),
            "10 months from 1 Mar 2027 to 31 Dec 2027: 100 units × £100.00 = £10,000.00"
        );
        let (usual, revisions) = x.profile("SC-0147", d("2026-11-29"));
        assert_eq!((usual, revisions.len()), (10, 0));
    }

    #[test]
    fn a_leap_year_february_ends_on_the_29th() {
        // Jan 2028 – Dec 2028, 10 a month: notice ending 29 Feb 2028 keeps 20 units and moves
        // Mar – Dec (100 units) from 1 Mar 2028.
        let mut s = sub();
        s.start = d("2028-01-01");
        s.end = d("2028-12-31");
        s.value = dec!(12000);
        let p = pricing(&s, &[], None).unwrap();
        let x = split(&s, &[], &p, d("2028-02-29")).unwrap();
        assert_eq!((x.kept_units, x.units, x.months), (20, 100, 10));
        assert_eq!(x.start, d("2028-03-01"));
        assert!(x.shared.is_none());
    }

    #[test]
    fn a_month_ending_mid_way_is_shared_by_days() {
        // Last day 15 Mar 2027: March's 10 units × 15/31 = 4.8 → 4 kept, 6 move from 16 Mar.
        // Kept 14 months (140) + 4 = 144 units × £100 = £14,400; moved 96 units = £9,600.
        let s = sub();
        let p = pricing(&s, &[], None).unwrap();
        let x = split(&s, &[], &p, d("2027-03-15")).unwrap();
        let shared = x.shared.clone().unwrap();
        assert_eq!((shared.days_kept, shared.days, shared.kept), (15, 31, 4));
        assert_eq!((x.kept_units, x.units), (144, 96));
        assert_eq!((x.kept_value, x.value), (dec!(14400), dec!(9600)));
        assert_eq!((x.start, x.months), (d("2027-03-16"), 10));
        // The new sub-contract owes 6 in March, then 10 a month: one revision for March and
        // one from April.
        let (usual, revisions) = x.profile("SC-0147", d("2026-12-15"));
        assert_eq!(usual, 10);
        let r: Vec<(String, u32)> = revisions
            .iter()
            .map(|r| (r.effective_from.to_string(), r.units_per_month))
            .collect();
        assert_eq!(r, vec![("2027-03".into(), 6), ("2027-04".into(), 10)]);
    }

    #[test]
    fn the_completion_pennies_move_with_the_remainder() {
        // £10,000 over 240 units: £41.66 a unit (240 × 41.66 = 9,998.40; £1.60 on completion).
        // Kept 140 × 41.66 = £5,832.40; moved 100 × 41.66 + 1.60 = £4,167.60.
        let mut s = sub();
        s.value = dec!(10000);
        let p = pricing(&s, &[], None).unwrap();
        let x = split(&s, &[], &p, d("2027-02-28")).unwrap();
        assert_eq!((x.kept_value, x.value), (dec!(5832.40), dec!(4167.60)));
        assert!(
            x.describe(&p)
                .ends_with("100 units × £41.66 + £1.60 on completion = £4,167.60")
        );
    }

    #[test]
    fn nothing_left_after_the_end_and_everything_before_the_start() {
        let s = sub();
        let p = pricing(&s, &[], None).unwrap();
        assert!(split(&s, &[], &p, d("2027-12-31")).is_none());
        let all = split(&s, &[], &p, d("2025-12-01")).unwrap();
        assert_eq!(
            (all.kept_units, all.value, all.start),
            (0, dec!(24000), s.start)
        );
    }
}
