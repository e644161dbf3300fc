//! The prime contract a won opportunity carries: its period, gross value, the hub's top slice and
//! the net left to let to members. Nothing is let beyond the net, and no sub-contract runs
//! outside the period — rules no override sets aside, because the hub cannot promise members
//! money or time the commissioner has not given it.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::checks::{Check, Rule};
use super::{Member, Opportunity, PaymentModel};
use crate::dates::{self, Period};
use crate::money;

/// A won opportunity's contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrimeContract {
    pub opportunity: String,
    pub title: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// Agreed by a variation, not worked out from the opportunity.
    pub period_agreed: bool,
    pub gross: Decimal,
    pub top_slice_pct: Decimal,
    pub top_slice: Decimal,
    pub net: Decimal,
    pub payment_model: PaymentModel,
}

/// A change to a prime contract agreed with the commissioner, kept with its reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractVariation {
    pub opportunity: String,
    pub agreed: NaiveDate,
    pub value_before: Decimal,
    pub value_after: Decimal,
    pub end_before: NaiveDate,
    pub end_after: NaiveDate,
    pub reason: String,
}

/// Contracts usually start on the first of the third month after the tender closes, and run
/// for the opportunity's duration.
pub fn usual_period(o: &Opportunity) -> (NaiveDate, NaiveDate) {
    let start = Period::containing(o.deadline).plus(3).first_day();
    let end = dates::add_months(start, o.duration_months)
        .pred_opt()
        .unwrap_or(start);
    (start, end.max(start))
}

impl PrimeContract {
    /// The contract of `o`, over `agreed` when a variation has set its period.
    pub fn of(o: &Opportunity, agreed: Option<(NaiveDate, NaiveDate)>) -> PrimeContract {
        let (start, end) = agreed.unwrap_or_else(|| usual_period(o));
        PrimeContract {
            opportunity: o.code.clone(),
            title: o.title.clone(),
            start,
            end,
            period_agreed: agreed.is_some(),
            gross: o.value,
            top_slice_pct: o.top_slice_pct,
            top_slice: o.top_slice(),
            net: o.net_value(),
            payment_model: o.payment_model,
        }
    }

    /// `1 Apr 2026 – 31 Mar 2029`.
    pub fn period(&self) -> String {
        format!(
            "{} – {}",
            dates::display(self.start),
            dates::display(self.end)
        )
    }
}

/// What is let of a prime and what a decision would add to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Letting {
    /// Let already: every sub-contract's value, whatever its state.
    pub let_before: Decimal,
    /// What the decision adds (a transfer's new sub-contract less what the original gives up).
    pub adding: Decimal,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// The hard check that a decision lets nothing beyond the prime: the total stays within the net
/// (or, for a transfer that adds nothing, does not grow) and the dates sit inside the period.
pub fn within_prime(p: &PrimeContract, l: &Letting) -> Check {
    let after = l.let_before + l.adding;
    let unlet = p.net - l.let_before;
    let mut problems = Vec::new();
    if l.adding > Decimal::ZERO && after > p.net {
        problems.push(format!(
            "let {} + this {} = {} is more than the net {} ({} unlet)",
            money::display(l.let_before),
            money::display(l.adding),
            money::display(after),
            money::display(p.net),
            money::display(unlet.max(Decimal::ZERO))
        ));
    }
    if l.start < p.start {
        problems.push(format!(
            "starts {}, before the prime contract starts on {}",
            dates::display(l.start),
            dates::display(p.start)
        ));
    }
    if l.end > p.end {
        problems.push(format!(
            "ends {}, after the prime contract ends on {}",
            dates::display(l.end),
            dates::display(p.end)
        ));
    }
    if problems.is_empty() {
        Check::new(
            Rule::WithinPrime,
            true,
            format!(
                "let {} + this {} = {} of the net {}; dates inside {}",
                money::display(l.let_before),
                money::display(l.adding),
                money::display(after),
                money::display(p.net),
                p.period()
            ),
        )
    } else {
        Check::new(Rule::WithinPrime, false, problems.join("; "))
    }
}

/// Whether the hub passes down more risk than the member can carry (overridable): payment by
/// results or end-loaded payment to a member below `min_income`, or a riskier payment model
/// than the prime's own.
pub fn risk_passed_down(
    member: &Member,
    model: PaymentModel,
    prime_model: PaymentModel,
    min_income: Decimal,
) -> Check {
    let mut problems = Vec::new();
    if model.end_loaded() && member.annual_income < min_income {
        problems.push(format!(
            "{} to {} with income {}, below {}",
            model.label().to_lowercase(),
            member.code,
            money::display(member.annual_income),
            money::display(min_income)
        ));
    }
    if model.risk_rank() > prime_model.risk_rank() {
        problems.push(format!(
            "{} under a {} prime: the member would carry risk the hub does not",
            model.label().to_lowercase(),
            prime_model.label().to_lowercase()
        ));
    }
    if problems.is_empty() {
        Check::new(
            Rule::RiskPassedDown,
            true,
            format!(
                "{} under a {} prime",
                model.label().to_lowercase(),
                prime_model.label().to_lowercase()
            ),
        )
    } else {
        Check::new(Rule::RiskPassedDown, false, problems.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{OpportunityKind, Stage};
    use rust_decimal_macros::dec;

    fn d(s: &str) -> NaiveDate {
        dates::parse_iso(s).unwrap()
    }

    fn op016() -> Opportunity {
        Opportunity {
            code: "OP-016".into(),
            title: "Debt advice".into(),
            commissioner: "KMBC".into(),
            service_line: "advice".into(),
            kind: OpportunityKind::Tender,
            stage: Stage::Won,
            deadline: d("2025-12-12"),
            value: dec!(73000),
            duration_months: 36,
            payment_model: PaymentModel::Block,
            top_slice_pct: dec!(9),
            bid_score: None,
            decision: None,
            decision_reason: None,
            award_route: None,
            row_version: 1,
        }
    }

    #[test]
    fn the_usual_period_starts_the_third_month_after_the_deadline() {
        // Closed 12 Dec 2025 → starts 1 Mar 2026, 36 months → ends 28 Feb 2029.
        let p = PrimeContract::of(&op016(), None);
        assert_eq!((p.start, p.end), (d("2026-03-01"), d("2029-02-28")));
        // £73,000 less 9% (£6,570) = £66,430 to let.
        assert_eq!((p.top_slice, p.net), (dec!(6570), dec!(66430)));
        assert!(!p.period_agreed);
    }

    #[test]
    fn a_fully_let_prime_refuses_more() {
        let p = PrimeContract::of(&op016(), None);
        let c = within_prime(
            &p,
            &Letting {
                let_before: dec!(66430),
                adding: dec!(500000),
                start: d("2026-12-01"),
                end: d("2027-11-30"),
            },
        );
        assert!(c.is_blocking());
        assert_eq!(
            c.reason,
            "let £66,430.00 + this £500,000.00 = £566,430.00 is more than the net £66,430.00 (£0.00 unlet)"
        );
    }

    #[test]
    fn dates_outside_the_period_are_refused_and_exactly_the_net_passes() {
        let p = PrimeContract::of(&op016(), None);
        let ok = Letting {
            let_before: dec!(60000),
            adding: dec!(6430),
            start: d("2026-03-01"),
            end: d("2029-02-28"),
        };
        assert!(within_prime(&p, &ok).passed);
        let late = within_prime(
            &p,
            &Letting {
                end: d("2035-01-31"),
                ..ok.clone()
            },
        );
        assert!(
            late.reason
                .contains("ends 31 Jan 2035, after the prime contract ends on 28 Feb 2029")
        );
        let early = within_prime(
            &p,
            &Letting {
                start: d("1900-01-01"),
                ..ok.clone()
            },
        );
        assert!(!early.passed);
        // A transfer adds nothing: it passes even on a prime let beyond its net long ago.
        let transfer = Letting {
            let_before: dec!(70000),
            adding: Decimal::ZERO,
            ..ok
        };
        assert!(within_prime(&p, &transfer).passed);
    }

    #[test]
    fn results_to_a_small_member_under_a_block_prime_is_flagged() {
        use crate::domain::{OrgType, Tier};
        let small = Member {
            code: "KN01".into(),
            name: "Knowsley Advice".into(),
            tier: Tier::Full,
            org_type: OrgType::RegisteredCharity,
            registered_number: "GB-CHC-1".into(),
            annual_income: dec!(79000),
            clusters: vec![],
            geography: "Knowsley".into(),
            staff: 3,
            volunteers: 9,
            joined: d("2020-01-01"),
            row_version: 1,
            left: None,
        };
        let c = risk_passed_down(
            &small,
            PaymentModel::PaymentByResults,
            PaymentModel::Block,
            dec!(250000),
        );
        assert!(!c.passed && !c.is_blocking());
        assert_eq!(
            c.reason,
            "payment by results to KN01 with income £79,000.00, below £250,000.00; payment by results under a block prime: the member would carry risk the hub does not"
        );
        let block = risk_passed_down(
            &small,
            PaymentModel::Block,
            PaymentModel::Block,
            dec!(250000),
        );
        assert!(block.passed);
        let big = Member {
            annual_income: dec!(2000000),
            ..small
        };
        let pbr = PaymentModel::PaymentByResults;
        assert!(risk_passed_down(&big, pbr, pbr, dec!(250000)).passed);
    }
}
