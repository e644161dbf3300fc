//! Demo monthly returns: one per month a sub-contract ran, up to the last complete month, due on
//! the 15th of the month after, shaped by the sub-contract's role in the story.

use chrono::{Datelike, Duration, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rust_decimal::Decimal;

use super::subcontracts::Role;
use crate::dates::Period;
use crate::domain::allocation::split_pro_rata;
use crate::domain::{MonitoringReturn, PaymentModel, SubContract};
use crate::money;

/// Months of zero referrals that make the bid-candy sub-contract stand out.
pub const BID_CANDY_MONTHS: i32 = 8;

/// The months a sub-contract's returns cover: from its start (or `first`, if later) to its end,
/// the last complete month, or the month a suspension took effect, whichever comes first.
pub fn return_periods(
    sub: &SubContract,
    first: Period,
    last: Period,
    stop: Option<Period>,
) -> Vec<Period> {
    let from = Period::containing(sub.start).max(first);
    let mut to = Period::containing(sub.end).min(last);
    if let Some(s) = stop {
        to = to.min(s);
    }
    let mut out = Vec::new();
    let mut p = from;
    while p <= to {
        out.push(p);
        p = p.next();
    }
    out
}

pub use crate::domain::returns::due_date;

/// The monthly payment schedule: the value split evenly, to the penny, over the months.
pub fn monthly_schedule(sub: &SubContract) -> Vec<Decimal> {
    let months = sub.months() as usize;
    split_pro_rata(sub.value, &vec![1; months]).unwrap_or_default()
}

/// Delivery as a percentage of profile, by role and months before the last complete month.
fn delivery_pct(rng: &mut ChaCha8Rng, role: Role, back: i32) -> u32 {
    match role {
        Role::Chronic => match back {
            // Five months under 60%, so four are on record even before the latest comes in.
            0 => rng.random_range(33..38),
            1 => rng.random_range(41..46),
            2 => rng.random_range(47..51),
            3 => rng.random_range(52..55),
            4 => rng.random_range(56..59),
            5 => rng.random_range(67..72),
            6 => rng.random_range(79..84),
            _ => rng.random_range(90..104),
        },
        Role::BidCandy if back < BID_CANDY_MONTHS => 0,
        _ => rng.random_range(90..=110),
    }
}

/// One month's return for `sub`. `schedule` is its monthly payment schedule.
pub fn monthly_return(
    rng: &mut ChaCha8Rng,
    sub: &SubContract,
    schedule: &[Decimal],
    role: Role,
    period: Period,
    last: Period,
    today: NaiveDate,
) -> MonitoringReturn {
    let back = period.months_until(last);
    let target = match role {
        Role::Reprofiled { from, before } if period < from => before,
        _ => sub.units_per_month,
    };
    let pct = delivery_pct(rng, role, back);
    let delivered = (target * pct + 50) / 100;
    let month = Period::containing(sub.start).months_until(period).max(0) as usize;
    let base = schedule.get(month).copied().unwrap_or_default();
    let ratio = if target == 0 {
        Decimal::ONE
    } else {
        (Decimal::from(delivered) / Decimal::from(target)).min(Decimal::new(12, 1))
    };
    // PbR: an attachment fee plus results; hybrid: mostly fixed; block and grant: fixed.
    let paid = match sub.payment_model {
        PaymentModel::PaymentByResults => {
            money::pennies(base * (Decimal::new(3, 1) + Decimal::new(7, 1) * ratio))
        }
        PaymentModel::Hybrid => {
            money::pennies(base * (Decimal::new(6, 1) + Decimal::new(4, 1) * ratio))
        }
        PaymentModel::Block | PaymentModel::Grant => base,
    };
    let spend_pct: i64 = match role {
        Role::Chronic => rng.random_range(100..109),
        Role::BidCandy if back < BID_CANDY_MONTHS => rng.random_range(45..61),
        _ => rng.random_range(95..106),
    };
    let spend = money::pennies(paid * Decimal::new(spend_pct, 2));
    let grade = match role {
        Role::Chronic if back <= 1 => 4,
        Role::Chronic if back <= 4 => 3,
        Role::Chronic | Role::BidCandy | Role::Late { .. } => 2,
        _ => rng.random_range(1..=2),
    };
    let due = due_date(period);
    let delay = match role {
        Role::Late { .. } => rng.random_range(5..=30),
        Role::Chronic => rng.random_range(-3..=4),
        _ => rng.random_range(-8..=0),
    };
    let missing = matches!(
        role,
        Role::Late {
            missing_latest: true
        }
    ) && back == 0;
    let mut submitted = due + Duration::days(delay);
    if matches!(role, Role::Late { .. }) && back == 0 && submitted > today && today >= due {
        // A late return for the latest month that has come in by now came in recently.
        submitted = today - Duration::days(rng.random_range(0..=(today - due).num_days().min(2)));
    }
    let submitted = Some(submitted).filter(|d| *d <= today && !missing);
    let referrals = match role {
        Role::BidCandy if back < BID_CANDY_MONTHS => 0,
        Role::Chronic => target * rng.random_range(95..115) / 100,
        _ => (delivered * rng.random_range(100..130) / 100).max(1),
    };
    let outcomes_target = (target / 5).max(1);
    let milestones_due = u32::from(period.first_day().month().is_multiple_of(3));
    let mut r = MonitoringReturn {
        subcontract: sub.code.clone(),
        period,
        due,
        submitted,
        units_target: target,
        units_delivered: delivered,
        outcomes_target,
        outcomes_achieved: (outcomes_target * pct + 50) / 100,
        milestones_due,
        milestones_met: if pct >= 80 { milestones_due } else { 0 },
        spend,
        paid,
        quality_grade: Some(grade),
        referrals,
    };
    if r.submitted.is_none() {
        // Nothing reported and nothing paid until the return comes in; the referrals are the
        // hub's own record.
        r.units_delivered = 0;
        r.outcomes_achieved = 0;
        r.milestones_met = 0;
        r.spend = Decimal::ZERO;
        r.paid = Decimal::ZERO;
        r.quality_grade = None;
    }
    r
}
