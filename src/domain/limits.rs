//! The largest values the hub accepts (`[limits]` in the configuration file): one money value and
//! units of activity a month. Every way in — an import, a decision's fields — refuses a value past
//! them with the value, the bound and where it was given, so the figures built from the records
//! stay within what the arithmetic can hold.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde::{Deserialize, Serialize};

use crate::error::{HubError, Problem};
use crate::money;

/// The bounds a value must keep to be recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// The largest amount any single money value may be, in pounds (a contract's value, a
    /// member's income, a return's spend or payment, a claim); negative amounts are held to the
    /// same size.
    pub max_money: Decimal,
    /// The most units of activity a month a sub-contract, a member's capacity line, a profile or
    /// a monthly return may hold.
    pub max_units_per_month: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_money: dec!(10_000_000_000.00),
            max_units_per_month: 1_000_000,
        }
    }
}

impl Limits {
    /// Refuses a money bound that is not above zero, has more than two decimal places or passes
    /// the ceiling every money value is held to (`money::CEILING`), and a units bound of zero.
    pub fn validate(&self) -> Result<(), String> {
        if self.max_money <= Decimal::ZERO || self.max_money > money::CEILING {
            return Err(format!(
                "limits.max_money must be above 0 and at most {} (it is {})",
                money::to_plain(money::CEILING),
                self.max_money
            ));
        }
        if self.max_money.normalize().scale() > 2 {
            return Err(format!(
                "limits.max_money has more than two decimal places (it is {})",
                self.max_money
            ));
        }
        if self.max_units_per_month == 0 {
            return Err("limits.max_units_per_month must be at least 1".into());
        }
        Ok(())
    }

    /// Whether `value` is within the money bound (in size: a negative amount is held to it too).
    pub fn money_ok(&self, value: Decimal) -> bool {
        value.abs() <= self.max_money
    }

    pub fn units_ok(&self, units: u32) -> bool {
        units <= self.max_units_per_month
    }

    /// The bound in words, for messages: `the most a money value may be is £10,000,000,000.00
    /// ([limits] max_money)`.
    pub fn money_bound(&self) -> String {
        format!(
            "the most a money value may be is {} ([limits] max_money)",
            money::display(self.max_money)
        )
    }

    /// `the most units a month may be is 1,000,000 ([limits] max_units_per_month)`.
    pub fn units_bound(&self) -> String {
        format!(
            "the most units a month may be is {} ([limits] max_units_per_month)",
            money::group_digits(&self.max_units_per_month.to_string())
        )
    }

    /// A request field's money value, refused past the bound with an out-of-range field error.
    pub fn check_money(&self, field: &'static str, value: Decimal) -> Result<(), HubError> {
        if self.money_ok(value) {
            return Ok(());
        }
        Err(HubError::field(
            field,
            Problem::OutOfRange {
                value: money::display(value),
                allowed: self.money_bound(),
            },
        ))
    }

    /// A request field's units a month, refused past the bound with an out-of-range field error.
    pub fn check_units(&self, field: &'static str, units: u32) -> Result<(), HubError> {
        if self.units_ok(units) {
            return Ok(());
        }
        Err(HubError::field(
            field,
            Problem::OutOfRange {
                value: money::group_digits(&units.to_string()),
                allowed: self.units_bound(),
            },
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_exactly_at_the_bound_is_allowed() {
        let l = Limits::default();
        l.validate().unwrap();
        assert!(l.money_ok(dec!(10000000000.00)));
        assert!(!l.money_ok(dec!(10000000000.01)));
        assert!(l.money_ok(dec!(-10000000000.00)));
        assert!(!l.money_ok(dec!(-10000000000.01)));
        assert!(l.units_ok(1_000_000));
        assert!(!l.units_ok(1_000_001));
    }

    #[test]
    fn a_value_past_the_bound_is_out_of_range_naming_the_field_and_the_bound() {
        let l = Limits::default();
        let e = l.check_money("value", dec!(99999999999999)).unwrap_err();
        let HubError::Field(f) = &e else {
            panic!("{e:?}")
        };
        assert_eq!(f.field, "value");
        assert!(matches!(f.problem, Problem::OutOfRange { .. }));
        assert_eq!(
            f.worded("--value"),
            "--value: £99,999,999,999,999.00 is out of range: the most a money value may be is \
             £10,000,000,000.00 ([limits] max_money)"
        );
        let e = l.check_units("units", u32::MAX).unwrap_err().to_string();
        assert_eq!(
            e,
            "units: 4,294,967,295 is out of range: the most units a month may be is 1,000,000 \
             ([limits] max_units_per_month)"
        );
        l.check_units("units", 1_000_000).unwrap();
        l.check_money("value", dec!(0)).unwrap();
    }

    #[test]
    fn nonsense_bounds_are_refused() {
        let zero = Limits {
            max_money: Decimal::ZERO,
            ..Limits::default()
        };
        assert!(zero.validate().unwrap_err().contains("limits.max_money"));
        let huge = Limits {
            max_money: Decimal::MAX,
            ..Limits::default()
        };
        assert!(huge.validate().unwrap_err().contains("at most"));
        let pence = Limits {
            max_money: dec!(100.001),
            ..Limits::default()
        };
        assert!(pence.validate().unwrap_err().contains("two decimal places"));
        let none = Limits {
            max_units_per_month: 0,
            ..Limits::default()
        };
        assert!(
            none.validate()
                .unwrap_err()
                .contains("limits.max_units_per_month")
        );
    }
}
