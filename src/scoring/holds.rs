//! How long an assessment holds. An assessment reads the day in two ways only: through its month
//! (the scoring window, the recent months, what remains to deliver) and through the returns not
//! yet in (due yet or not; how many days past due, which the signals put in words). So one
//! worked out today holds to the month's end, or to the due date of the next return not yet in
//! if that comes first — and for today alone while a return is in arrears.

use chrono::NaiveDate;

use crate::dates::Period;
use crate::domain::MonitoringReturn;

/// The last day an assessment worked out on `today` from these returns holds for.
pub fn holds_until(returns: &[MonitoringReturn], today: NaiveDate) -> NaiveDate {
    let mut last = Period::containing(today).last_day();
    for r in returns.iter().filter(|r| r.submitted.is_none()) {
        if r.due < today {
            return today;
        }
        last = last.min(r.due);
    }
    last
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::domain::recent::{self, ReturnFact};
    use crate::domain::{PaymentModel, SubContract, SubContractStatus};
    use crate::scoring::{assess, load::ContractData};
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    fn day(n: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Days::new(n as u64)
    }

    /// (days after its period ends it is due, days after that it came in or `None`, target,
    /// delivered, grade) for each month from January 2025.
    type Month = (u8, Option<i8>, u8, u8, u8);

    fn contract(months: &[Month]) -> ContractData {
        let first = Period::containing(day(0));
        let mut period = first;
        let mut returns = Vec::new();
        for &(due_after, came, target, delivered, grade) in months {
            let due = period.last_day() + chrono::Days::new(u64::from(due_after));
            let submitted = came.map(|c| due + chrono::Duration::days(i64::from(c)));
            returns.push(MonitoringReturn {
                subcontract: "SC1".into(),
                period,
                due,
                submitted,
                units_target: u32::from(target),
                units_delivered: u32::from(delivered),
                outcomes_target: 2,
                outcomes_achieved: u32::from(delivered % 3),
                milestones_due: 1,
                milestones_met: u32::from(delivered % 2),
                spend: Decimal::from(delivered),
                paid: Decimal::from(delivered),
                quality_grade: submitted.map(|_| 1 + grade % 4),
                referrals: u32::from(target % 5),
            });
            period = period.next();
        }
        ContractData {
            sub: SubContract {
                code: "SC1".into(),
                opportunity: "OP1".into(),
                member: "M1".into(),
                let_by: None,
                value: Decimal::from(120_000),
                start: first.first_day(),
                end: day(900),
                units_per_month: 40,
                payment_model: PaymentModel::Hybrid,
                status: SubContractStatus::Active,
                transferred_from: None,
                row_version: 1,
                unit_rate: Some(Decimal::from(100)),
            },
            returns,
            profiles: Vec::new(),
            terms: None,
            already_claimed: Decimal::ZERO,
            referred_by: None,
        }
    }

    proptest! {
        /// The rule the cache stands on: on any day from the one an assessment was worked out on
        /// to the last it holds for, working it out again gives the same assessment and the same
        /// recent facts, word for word.
        #[test]
        fn an_assessment_is_the_same_on_every_day_it_holds_for(
            months in proptest::collection::vec(
                (0u8..25, proptest::option::of(-3i8..40), 0u8..60, 0u8..70, 0u8..4), 0..20),
            start in 0i64..640,
            later in 1i64..40,
        ) {
            let config = Config::default();
            let cfg = config.scoring_settings();
            let d = contract(&months);
            let today = day(start);
            let until = holds_until(&d.returns, today);
            prop_assert!(until >= today);
            let then = (today + chrono::Days::new(later as u64)).min(until);
            let f = d.facts();
            let work_out = |on: NaiveDate| {
                let scored = assess::period_scores(&f, on, cfg.scoring);
                (
                    assess::assess(&f, &scored, on, cfg.scoring, cfg.warnings),
                    recent::recent(d.returns.iter().map(ReturnFact::from), on),
                )
            };
            prop_assert_eq!(work_out(today), work_out(then));
        }
    }

    #[test]
    fn it_holds_to_the_months_end_the_next_due_date_or_today_alone() {
        let none_out = contract(&[(10, Some(0), 10, 10, 0)]);
        let today = day(60); // 2 Mar 2025
        assert_eq!(
            holds_until(&none_out.returns, today),
            Period::containing(today).last_day()
        );
        let awaited = contract(&[(10, Some(0), 10, 10, 0), (15, None, 10, 0, 0)]);
        // February's return is due 15 Mar: it holds until then.
        assert_eq!(holds_until(&awaited.returns, today), day(73));
        // Once past due it is in arrears: today alone.
        assert_eq!(holds_until(&awaited.returns, day(74)), day(74));
    }
}
