//! A member's monthly return as the hub records it: what was delivered, achieved, spent and paid
//! in a month, its quality grade, the referrals received and the day it came in. The checks that
//! keep a return possible, and the words for what a correction changes.

use chrono::{Duration, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{MonitoringReturn, SubContract};
use crate::dates::{self, Period};
use crate::error::{HubError, Problem, Result};
use crate::money;

/// Returns are due on the 15th of the month after the period.
pub fn due_date(p: Period) -> NaiveDate {
    p.next().first_day() + Duration::days(14)
}

/// What a return reports: the figures a member sends for one month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnEntry {
    pub units_delivered: u32,
    pub outcomes_achieved: u32,
    pub milestones_met: u32,
    pub spend: Decimal,
    pub paid: Decimal,
    /// 1 outstanding, 2 good, 3 requires improvement, 4 inadequate.
    pub quality_grade: Option<u8>,
    pub referrals: u32,
    pub submitted: NaiveDate,
}

impl ReturnEntry {
    /// The entry a stored return holds, if it has come in.
    pub fn of(r: &MonitoringReturn) -> Option<ReturnEntry> {
        Some(ReturnEntry {
            units_delivered: r.units_delivered,
            outcomes_achieved: r.outcomes_achieved,
            milestones_met: r.milestones_met,
            spend: r.spend,
            paid: r.paid,
            quality_grade: r.quality_grade,
            referrals: r.referrals,
            submitted: r.submitted?,
        })
    }

    /// `row` with this entry's figures in it: its targets and due date stay.
    pub fn applied_to(&self, row: &MonitoringReturn) -> MonitoringReturn {
        MonitoringReturn {
            units_delivered: self.units_delivered,
            outcomes_achieved: self.outcomes_achieved,
            milestones_met: self.milestones_met,
            spend: self.spend,
            paid: self.paid,
            quality_grade: self.quality_grade,
            referrals: self.referrals,
            submitted: Some(self.submitted),
            ..row.clone()
        }
    }
}

/// The row a month's return fills: the one on record (due, not yet in), or a new one with the
/// month's target from the profile.
pub fn pending_row(sub: &SubContract, period: Period, units_target: u32) -> MonitoringReturn {
    MonitoringReturn {
        subcontract: sub.code.clone(),
        period,
        due: due_date(period),
        submitted: None,
        units_target,
        units_delivered: 0,
        outcomes_target: (units_target / 5).max(1),
        outcomes_achieved: 0,
        milestones_due: 0,
        milestones_met: 0,
        spend: Decimal::ZERO,
        paid: Decimal::ZERO,
        quality_grade: None,
        referrals: 0,
    }
}

/// Refuses a return that cannot be: a month outside the sub-contract, a month not yet begun, a
/// date it came in before its month began or after today, more milestones met than were due,
/// a negative amount or a grade outside 1–4. Each names its field.
pub fn check(
    sub: &SubContract,
    row: &MonitoringReturn,
    e: &ReturnEntry,
    today: NaiveDate,
) -> Result<()> {
    let period = row.period;
    let (first, last) = (Period::containing(sub.start), Period::containing(sub.end));
    if period < first || period > last {
        return Err(HubError::wrong(
            "period",
            format!(
                "{} is outside {}, which runs {} to {}",
                period.display(),
                sub.code,
                first.display(),
                last.display()
            ),
        ));
    }
    if period.first_day() > today {
        return Err(HubError::wrong(
            "period",
            format!("{} has not begun yet", period.display()),
        ));
    }
    if e.submitted < period.first_day() || e.submitted > today {
        return Err(HubError::wrong(
            "submitted",
            format!(
                "{} is not a day a return for {} can have come in: from {} to today, {}",
                dates::display(e.submitted),
                period.display(),
                dates::display(period.first_day()),
                dates::display(today)
            ),
        ));
    }
    if e.milestones_met > row.milestones_due {
        return Err(HubError::field(
            "milestones_met",
            Problem::OutOfRange {
                value: e.milestones_met.to_string(),
                allowed: format!("at most the {} due that month", row.milestones_due),
            },
        ));
    }
    for (key, v) in [("spend", e.spend), ("paid", e.paid)] {
        if v < Decimal::ZERO {
            return Err(HubError::field(
                key,
                Problem::OutOfRange {
                    value: money::display(v),
                    allowed: "£0.00 or more".into(),
                },
            ));
        }
    }
    if let Some(g) = e.quality_grade
        && !(1..=4).contains(&g)
    {
        return Err(HubError::field(
            "quality",
            Problem::OutOfRange {
                value: g.to_string(),
                allowed: "1 (outstanding) to 4 (inadequate)".into(),
            },
        ));
    }
    Ok(())
}

/// What a correction changes, in words: `units delivered 10 → 12`, one entry a field.
pub fn changes(before: &ReturnEntry, after: &ReturnEntry) -> Vec<String> {
    let mut out = Vec::new();
    let mut count = |what: &str, a: u32, b: u32| {
        if a != b {
            out.push(format!("{what} {a} → {b}"));
        }
    };
    count(
        "units delivered",
        before.units_delivered,
        after.units_delivered,
    );
    count(
        "outcomes achieved",
        before.outcomes_achieved,
        after.outcomes_achieved,
    );
    count(
        "milestones met",
        before.milestones_met,
        after.milestones_met,
    );
    count("referrals", before.referrals, after.referrals);
    for (what, a, b) in [
        ("spend", before.spend, after.spend),
        ("paid", before.paid, after.paid),
    ] {
        if a != b {
            out.push(format!(
                "{what} {} → {}",
                money::display(a),
                money::display(b)
            ));
        }
    }
    if before.quality_grade != after.quality_grade {
        let g = |x: Option<u8>| x.map_or("none".to_string(), |g| g.to_string());
        out.push(format!(
            "quality grade {} → {}",
            g(before.quality_grade),
            g(after.quality_grade)
        ));
    }
    if before.submitted != after.submitted {
        out.push(format!(
            "came in {} → {}",
            dates::display(before.submitted),
            dates::display(after.submitted)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{PaymentModel, SubContractStatus};
    use rust_decimal_macros::dec;

    fn d(s: &str) -> NaiveDate {
        dates::parse_iso(s).unwrap()
    }

    fn sub() -> SubContract {
        SubContract {
            code: "SC-1".into(),
            opportunity: "OP-1".into(),
            member: "KN01".into(),
            let_by: None,
            value: dec!(12000),
            start: d("2026-04-01"),
            end: d("2027-03-31"),
            units_per_month: 10,
            payment_model: PaymentModel::Block,
            status: SubContractStatus::Active,
            transferred_from: None,
            row_version: 1,
            unit_rate: None,
        }
    }

    fn entry() -> ReturnEntry {
        ReturnEntry {
            units_delivered: 10,
            outcomes_achieved: 2,
            milestones_met: 0,
            spend: dec!(1000),
            paid: dec!(1000),
            quality_grade: Some(2),
            referrals: 12,
            submitted: d("2026-11-10"),
        }
    }

    fn field_of(e: HubError) -> String {
        match e {
            HubError::Field(f) => f.field.to_string(),
            other => panic!("{other}"),
        }
    }

    #[test]
    fn a_possible_return_passes_and_the_impossible_ones_name_their_field() {
        let s = sub();
        let today = d("2026-11-29");
        let row = pending_row(&s, Period::new(2026, 10).unwrap(), 10);
        assert_eq!(row.due, d("2026-11-15"));
        assert!(check(&s, &row, &entry(), today).is_ok());
        let outside = pending_row(&s, Period::new(2027, 4).unwrap(), 10);
        assert_eq!(
            field_of(check(&s, &outside, &entry(), today).unwrap_err()),
            "period"
        );
        let early = ReturnEntry {
            submitted: d("2026-09-30"),
            ..entry()
        };
        assert_eq!(
            field_of(check(&s, &row, &early, today).unwrap_err()),
            "submitted"
        );
        let too_many = ReturnEntry {
            milestones_met: 1,
            ..entry()
        };
        assert_eq!(
            field_of(check(&s, &row, &too_many, today).unwrap_err()),
            "milestones_met"
        );
        let negative = ReturnEntry {
            paid: dec!(-5),
            ..entry()
        };
        assert_eq!(
            field_of(check(&s, &row, &negative, today).unwrap_err()),
            "paid"
        );
        let grade = ReturnEntry {
            quality_grade: Some(5),
            ..entry()
        };
        assert_eq!(
            field_of(check(&s, &row, &grade, today).unwrap_err()),
            "quality"
        );
    }

    #[test]
    fn a_correction_says_what_it_changes() {
        let after = ReturnEntry {
            units_delivered: 12,
            paid: dec!(1200),
            ..entry()
        };
        assert_eq!(
            changes(&entry(), &after),
            ["units delivered 10 → 12", "paid £1,000.00 → £1,200.00"]
        );
        assert!(changes(&entry(), &entry()).is_empty());
    }
}
