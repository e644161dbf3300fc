//! One sub-contract's prices, fixed when the work is let: a unit rate in whole pence (and, paid
//! by results, an outcome rate), from which earned, remainder, transfer and claw-back are all
//! computed. The pennies left over — value − rates × what is owed — are earned on completion, so
//! every figure shown multiplies out to the one beside it and the parts sum to the value.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::money;

/// A payment-by-results sub-contract's terms: the share of the value paid as attachment fees
/// (per unit delivered) and the outcomes the rest is paid over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentTerms {
    pub subcontract: String,
    /// Per cent of the value paid per unit delivered, 0–100.
    pub attachment_pct: Decimal,
    pub outcomes_owed: u64,
    /// Pounds per outcome achieved, whole pence.
    pub outcome_rate: Decimal,
}

/// A sub-contract's prices and what they are paid over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pricing {
    pub value: Decimal,
    pub units_owed: u64,
    /// Pounds per unit delivered, whole pence.
    pub unit_rate: Decimal,
    pub outcomes_owed: u64,
    /// Pounds per outcome achieved (zero when not paid by results).
    pub outcome_rate: Decimal,
    /// Value − unit rate × units owed − outcome rate × outcomes owed, paid when all is
    /// delivered; zero when a re-profile has the member owe more than the value pays for.
    pub on_completion: Decimal,
}

/// What a sub-contract has earned for what was delivered, in parts that multiply out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Earned {
    /// Units counted: those delivered, at most the units owed.
    pub units: u64,
    pub unit_rate: Decimal,
    pub for_units: Decimal,
    pub outcomes: u64,
    pub outcome_rate: Decimal,
    pub for_outcomes: Decimal,
    /// The leftover pennies, earned once everything owed has been delivered.
    pub on_completion: Decimal,
    pub total: Decimal,
}

/// Whole pence, rounded down: a rate never pays more than the value allows.
pub fn pence_down(d: Decimal) -> Decimal {
    (d * Decimal::ONE_HUNDRED).floor() / Decimal::ONE_HUNDRED
}

/// `n × rate`, or `None` past what a `Decimal` holds.
pub fn times(n: u64, rate: Decimal) -> Option<Decimal> {
    Decimal::from(n).checked_mul(rate)
}

impl Pricing {
    /// The prices for `value` over `units_owed` units (and, paid by results, over `outcomes`
    /// outcomes with `attachment_pct` per cent paid per unit). With nothing owed the whole
    /// value is paid on completion. `None` only past what a `Decimal` holds.
    pub fn set(
        value: Decimal,
        units_owed: u64,
        results: Option<(Decimal, u64)>,
    ) -> Option<Pricing> {
        let (for_units, outcomes_owed, outcome_rate) = match results {
            None => (value, 0, Decimal::ZERO),
            Some((pct, outcomes)) => {
                let attachment = pence_down(value.checked_mul(pct)? / Decimal::ONE_HUNDRED);
                if outcomes == 0 {
                    (value, 0, Decimal::ZERO)
                } else {
                    let rest = value.checked_sub(attachment)?;
                    (
                        attachment,
                        outcomes,
                        pence_down(rest / Decimal::from(outcomes)),
                    )
                }
            }
        };
        let unit_rate = if units_owed == 0 {
            Decimal::ZERO
        } else {
            pence_down(for_units / Decimal::from(units_owed))
        };
        Pricing::stored(value, units_owed, unit_rate, outcomes_owed, outcome_rate)
    }

    /// The prices as stored on a sub-contract (and its payment terms, if any).
    pub fn stored(
        value: Decimal,
        units_owed: u64,
        unit_rate: Decimal,
        outcomes_owed: u64,
        outcome_rate: Decimal,
    ) -> Option<Pricing> {
        let priced =
            times(units_owed, unit_rate)?.checked_add(times(outcomes_owed, outcome_rate)?)?;
        Some(Pricing {
            value,
            units_owed,
            unit_rate,
            outcomes_owed,
            outcome_rate,
            on_completion: value.checked_sub(priced)?.max(Decimal::ZERO),
        })
    }

    /// Earned for `units` delivered and `outcomes` achieved: each counted up to what is owed, at
    /// its rate, with the leftover pennies once both are complete. Never more than the value
    /// (more outputs owed for the same money earn no more than the money).
    pub fn earned(&self, units: u64, outcomes: u64) -> Option<Earned> {
        let units = units.min(self.units_owed);
        let outcomes = outcomes.min(self.outcomes_owed);
        let for_units = times(units, self.unit_rate)?;
        let for_outcomes = times(outcomes, self.outcome_rate)?;
        let complete = units == self.units_owed && outcomes == self.outcomes_owed;
        let on_completion = if complete {
            self.on_completion
        } else {
            Decimal::ZERO
        };
        Some(Earned {
            units,
            unit_rate: self.unit_rate,
            for_units,
            outcomes,
            outcome_rate: self.outcome_rate,
            for_outcomes,
            on_completion,
            total: for_units
                .checked_add(for_outcomes)?
                .checked_add(on_completion)?
                .min(self.value),
        })
    }

    /// The value of `units` and `outcomes` at these rates, without the completion pennies.
    pub fn value_of(&self, units: u64, outcomes: u64) -> Option<Decimal> {
        times(units, self.unit_rate)?.checked_add(times(outcomes, self.outcome_rate)?)
    }
}

impl Earned {
    /// `2,091 units × £52.01 = £108,752.91`, with the outcome and completion parts when there
    /// are any, and the total when there is more than one part.
    pub fn workings(&self) -> String {
        let mut parts = vec![format!(
            "{} units × {} = {}",
            self.units,
            money::display(self.unit_rate),
            money::display(self.for_units)
        )];
        if !self.outcome_rate.is_zero() {
            parts.push(format!(
                "{} outcomes × {} = {}",
                self.outcomes,
                money::display(self.outcome_rate),
                money::display(self.for_outcomes)
            ));
        }
        if !self.on_completion.is_zero() {
            parts.push(format!(
                "{} on completion",
                money::display(self.on_completion)
            ));
        }
        let capped = self.for_units + self.for_outcomes + self.on_completion != self.total;
        if parts.len() == 1 && !capped {
            return parts.remove(0);
        }
        let cap = if capped {
            " (all the value pays for)"
        } else {
            ""
        };
        format!(
            "{}; earned {}{cap}",
            parts.join(" + "),
            money::display(self.total)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn a_rate_in_whole_pence_with_the_leftover_on_completion() {
        // £10,000 over 84 units: 119.0476… → £119.04 a unit; 84 × 119.04 = 9,999.36, so 64p
        // is earned on completion.
        let p = Pricing::set(dec!(10000), 84, None).unwrap();
        assert_eq!(p.unit_rate, dec!(119.04));
        assert_eq!(p.on_completion, dec!(0.64));
        // 15 units: 15 × 119.04 = 1,785.60.
        let e = p.earned(15, 0).unwrap();
        assert_eq!(e.total, dec!(1785.60));
        assert_eq!(e.workings(), "15 units × £119.04 = £1,785.60");
        // All 84: 9,999.36 + 0.64 = 10,000.00; more than owed earns no more.
        assert_eq!(p.earned(84, 0).unwrap().total, dec!(10000));
        assert_eq!(p.earned(90, 0).unwrap().total, dec!(10000));
    }

    #[test]
    fn payment_by_results_splits_attachment_and_outcomes() {
        // £50,000, 30% attachment over 600 units, the rest over 70 outcomes:
        // attachment £15,000.00 → £25.00 a unit; £35,000 / 70 = £500.00 an outcome.
        let p = Pricing::set(dec!(50000), 600, Some((dec!(30), 70))).unwrap();
        assert_eq!((p.unit_rate, p.outcome_rate), (dec!(25), dec!(500)));
        assert_eq!(p.on_completion, Decimal::ZERO);
        // 312 units × £25 = £7,800 + 40 outcomes × £500 = £20,000 → £27,800.
        let e = p.earned(312, 40).unwrap();
        assert_eq!(e.total, dec!(27800));
        assert_eq!(
            e.workings(),
            "312 units × £25.00 = £7,800.00 + 40 outcomes × £500.00 = £20,000.00; earned £27,800.00"
        );
    }

    #[test]
    fn awkward_results_terms_still_sum_to_the_value() {
        // £1,000 at 33.3% over 7 units and 3 outcomes: attachment 333.00 → 47.57 a unit (332.99);
        // 667.00 / 3 = 222.33 an outcome (666.99); 2p on completion.
        let p = Pricing::set(dec!(1000), 7, Some((dec!(33.3), 3))).unwrap();
        assert_eq!((p.unit_rate, p.outcome_rate), (dec!(47.57), dec!(222.33)));
        assert_eq!(p.on_completion, dec!(0.02));
        assert_eq!(p.earned(7, 3).unwrap().total, dec!(1000));
        assert_eq!(p.earned(7, 2).unwrap().total, dec!(777.65));
    }

    #[test]
    fn nothing_owed_is_paid_on_completion_and_overflow_is_none() {
        let p = Pricing::set(dec!(100), 0, None).unwrap();
        assert_eq!((p.unit_rate, p.on_completion), (Decimal::ZERO, dec!(100)));
        assert_eq!(p.earned(0, 0).unwrap().total, dec!(100));
        let p = Pricing::stored(Decimal::MAX, 1, Decimal::MAX, 0, Decimal::ZERO).unwrap();
        assert!(p.earned(1, 0).is_some());
        assert!(Pricing::stored(Decimal::MAX, 2, Decimal::MAX, 0, Decimal::ZERO).is_none());
        assert!(times(u64::MAX, Decimal::MAX).is_none());
    }
}
