//! The prime contract's ledger: what is let (by sub-contract state), unlet, earned, paid, claimed
//! back, owed back, and what the hub would owe the commissioner for work paid for and not
//! delivered. Every total is the sum of the sub-contract lines it stands for; each line is
//! computed by the same functions as the claw-back, so the figures agree wherever they are shown.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::clawback::{self, Unreferred};
use super::delivery_plan::NamedAgainstAwarded;
use super::pricing::Pricing;
use super::prime::PrimeContract;
use super::state::State;
use super::{MonitoringReturn, SubContract};
use crate::money;

/// One sub-contract's part of the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerLine {
    pub subcontract: String,
    pub member: String,
    pub state: State,
    pub value: Decimal,
    pub unit_rate: Decimal,
    /// Earned over every return in, at the sub-contract's rates.
    pub earned: Decimal,
    pub paid: Decimal,
    /// Claims raised.
    pub claimed: Decimal,
    /// Paid − earned − claimed, months starved of referrals left out; never negative.
    pub owed_back: Decimal,
    /// Paid − earned on the same months, grossed up by gross ÷ net to the penny: what the
    /// commissioner could claw back from the hub.
    pub to_commissioner: Decimal,
}

/// The totals, each the sum of the lines (and `unlet` the net less what is let).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub let_total: Decimal,
    pub unlet: Decimal,
    pub earned: Decimal,
    pub paid: Decimal,
    pub claimed: Decimal,
    pub owed_back: Decimal,
    pub to_commissioner: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ledger {
    pub prime: PrimeContract,
    pub lines: Vec<LedgerLine>,
    /// Let, by state label, in the order states are listed.
    pub let_by_state: Vec<(String, Decimal)>,
    pub totals: Totals,
    pub as_of: NaiveDate,
    /// The members the bid's delivery plan named, set beside who got the work (none without a
    /// plan).
    pub named: Vec<NamedAgainstAwarded>,
}

/// What one line is computed from.
pub struct LineFacts<'a> {
    pub sub: &'a SubContract,
    pub state: State,
    pub pricing: &'a Pricing,
    pub returns: &'a [MonitoringReturn],
    pub claimed: Decimal,
}

/// `amount × gross ÷ net` to the penny: exactly where the product fits in a `Decimal`, else
/// through the ratio (28 significant digits, far finer than a penny at any money value allowed).
fn grossed_up(amount: Decimal, gross: Decimal, net: Decimal) -> Option<Decimal> {
    if net <= Decimal::ZERO {
        return Some(amount);
    }
    let exact = amount.checked_mul(gross).and_then(|p| p.checked_div(net));
    let through_ratio = || amount.checked_mul(gross.checked_div(net)?);
    Some(money::pennies(exact.or_else(through_ratio)?))
}

/// One sub-contract's line. `None` only past what a `Decimal` holds.
pub fn line(prime: &PrimeContract, f: LineFacts) -> Option<LedgerLine> {
    let all = clawback::clawback(f.pricing, f.returns, f.claimed, Unreferred::Counted)?;
    let counted = clawback::clawback(f.pricing, f.returns, Decimal::ZERO, Unreferred::LeftOut)?;
    let owed_back = counted.amount.checked_sub(f.claimed)?.max(Decimal::ZERO);
    let to_commissioner = grossed_up(counted.amount, prime.gross, prime.net)?;
    Some(LedgerLine {
        subcontract: f.sub.code.clone(),
        member: f.sub.member.clone(),
        state: f.state,
        value: f.sub.value,
        unit_rate: f.pricing.unit_rate,
        earned: all.earned,
        paid: all.paid,
        claimed: f.claimed,
        owed_back,
        to_commissioner,
    })
}

/// The order states are listed in.
const STATE_ORDER: [&str; 7] = [
    "Active",
    "Under notice",
    "Suspended",
    "Transferred",
    "Terminated",
    "Completed",
    "Proposed",
];

/// The ledger from its lines. `None` only past what a `Decimal` holds.
pub fn ledger(prime: PrimeContract, lines: Vec<LedgerLine>, as_of: NaiveDate) -> Option<Ledger> {
    let mut t = Totals::default();
    let mut by_state: BTreeMap<usize, Decimal> = BTreeMap::new();
    for l in &lines {
        t.let_total = t.let_total.checked_add(l.value)?;
        t.earned = t.earned.checked_add(l.earned)?;
        t.paid = t.paid.checked_add(l.paid)?;
        t.claimed = t.claimed.checked_add(l.claimed)?;
        t.owed_back = t.owed_back.checked_add(l.owed_back)?;
        t.to_commissioner = t.to_commissioner.checked_add(l.to_commissioner)?;
        let at = STATE_ORDER
            .iter()
            .position(|s| *s == l.state.label())
            .unwrap_or(STATE_ORDER.len());
        let v = by_state.entry(at).or_default();
        *v = v.checked_add(l.value)?;
    }
    t.unlet = prime.net.checked_sub(t.let_total)?;
    Some(Ledger {
        prime,
        lines,
        let_by_state: by_state
            .into_iter()
            .map(|(i, v)| {
                (
                    STATE_ORDER.get(i).copied().unwrap_or("Other").to_string(),
                    v,
                )
            })
            .collect(),
        totals: t,
        as_of,
        named: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::{self, Period};
    use crate::domain::clawback::pricing;
    use crate::domain::{Opportunity, OpportunityKind, PaymentModel, Stage, SubContractStatus};
    use rust_decimal_macros::dec;

    #[test]
    fn grossing_up_is_exact_where_it_fits_and_to_the_penny_where_it_does_not() {
        // £100 × £1,000 ÷ £950 = £105.2631… → £105.26.
        assert_eq!(
            grossed_up(dec!(100), dec!(1000), dec!(950)),
            Some(dec!(105.26))
        );
        // At the ceiling the product passes what a Decimal holds; through the ratio it is
        // £999,999,999,999,999.99 × 1000/950 = £1,052,631,578,947,368.41.
        let c = money::CEILING;
        assert_eq!(
            grossed_up(c, c, c * dec!(0.95)),
            Some(dec!(1052631578947368.41))
        );
        assert_eq!(grossed_up(dec!(5), dec!(10), Decimal::ZERO), Some(dec!(5)));
    }

    fn d(s: &str) -> NaiveDate {
        dates::parse_iso(s).unwrap()
    }

    fn prime() -> PrimeContract {
        let o = Opportunity {
            code: "OP-1".into(),
            title: "Advice".into(),
            commissioner: "KMBC".into(),
            service_line: "advice".into(),
            kind: OpportunityKind::Tender,
            stage: Stage::Won,
            deadline: d("2025-10-10"),
            value: dec!(40000),
            duration_months: 12,
            payment_model: PaymentModel::Block,
            top_slice_pct: dec!(10),
            bid_score: None,
            decision: None,
            decision_reason: None,
            award_route: None,
            row_version: 1,
        };
        PrimeContract::of(&o, None)
    }

    fn sub(code: &str, value: Decimal) -> SubContract {
        SubContract {
            code: code.into(),
            opportunity: "OP-1".into(),
            member: "KN01".into(),
            let_by: None,
            value,
            start: d("2026-01-01"),
            end: d("2026-12-31"),
            units_per_month: 10,
            payment_model: PaymentModel::Block,
            status: SubContractStatus::Active,
            transferred_from: None,
            row_version: 1,
            unit_rate: None,
        }
    }

    fn ret(period: &str, delivered: u32, paid: Decimal, referrals: u32) -> MonitoringReturn {
        let period: Period = period.parse().unwrap();
        MonitoringReturn {
            subcontract: "SC-1".into(),
            period,
            due: period.last_day(),
            submitted: Some(period.last_day()),
            units_target: 10,
            units_delivered: delivered,
            outcomes_target: 0,
            outcomes_achieved: 0,
            milestones_due: 0,
            milestones_met: 0,
            spend: Decimal::ZERO,
            paid,
            quality_grade: Some(2),
            referrals,
        }
    }

    #[test]
    fn totals_are_the_sum_of_the_lines() {
        // Gross £40,000, 10% top slice → net £36,000. SC-1 £24,000 (120 units at £200), SC-2
        // £6,000 (£50 a unit): let £30,000, unlet £6,000.
        // SC-1: paid 2 × £2,000; 10 + 4 delivered → earned £2,800; owes £1,200; claimed £200 →
        //   £1,000 owed back; to the commissioner £1,200 × 40,000 / 36,000 = £1,333.33.
        // SC-2: paid £500, delivered 10 → earned £500: nothing owed.
        // SC-1's May (no referrals, 0 delivered, £2,000 paid) is left out of what is owed.
        let p = prime();
        let (s1, s2) = (sub("SC-1", dec!(24000)), sub("SC-2", dec!(6000)));
        let (p1, p2) = (
            pricing(&s1, &[], None).unwrap(),
            pricing(&s2, &[], None).unwrap(),
        );
        let r1 = [
            ret("2026-03", 10, dec!(2000), 4),
            ret("2026-04", 4, dec!(2000), 2),
            ret("2026-05", 0, dec!(2000), 0),
        ];
        let r2 = [ret("2026-03", 10, dec!(500), 3)];
        let l1 = line(
            &p,
            LineFacts {
                sub: &s1,
                state: State::Active,
                pricing: &p1,
                returns: &r1,
                claimed: dec!(200),
            },
        )
        .unwrap();
        assert_eq!((l1.earned, l1.paid), (dec!(2800), dec!(6000)));
        assert_eq!(
            (l1.owed_back, l1.to_commissioner),
            (dec!(1000), dec!(1333.33))
        );
        let l2 = line(
            &p,
            LineFacts {
                sub: &s2,
                state: State::UnderNotice {
                    ends: d("2027-02-28"),
                },
                pricing: &p2,
                returns: &r2,
                claimed: Decimal::ZERO,
            },
        )
        .unwrap();
        let g = ledger(p, vec![l1.clone(), l2.clone()], d("2026-11-29")).unwrap();
        assert_eq!(g.totals.let_total, dec!(30000));
        assert_eq!(g.totals.unlet, dec!(6000));
        assert_eq!(g.totals.earned, l1.earned + l2.earned);
        assert_eq!(g.totals.owed_back, dec!(1000));
        assert_eq!(g.totals.to_commissioner, dec!(1333.33));
        assert_eq!(
            g.let_by_state,
            vec![
                ("Active".to_string(), dec!(24000)),
                ("Under notice".to_string(), dec!(6000))
            ]
        );
    }
}
