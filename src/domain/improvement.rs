//! Steps 2 and 3 of the escalation ladder as records: early-warning flags raised on a
//! sub-contract, and the actions of its improvement plan, each with an owner and a due date.

use chrono::NaiveDate;
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

/// One action of a sub-contract's improvement plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImprovementAction {
    /// Assigned by the store; unique across all sub-contracts.
    pub id: i64,
    pub subcontract: String,
    pub action: String,
    pub owner: String,
    pub due: NaiveDate,
    pub raised: NaiveDate,
    pub raised_by: String,
    pub reason: String,
    pub completed: Option<NaiveDate>,
    pub completed_by: Option<String>,
    pub completion_reason: Option<String>,
}

impl ImprovementAction {
    pub fn is_open(&self) -> bool {
        self.completed.is_none()
    }

    /// Open and past its due date (due today is not yet overdue).
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.is_open() && self.due < today
    }
}

/// An early warning raised on a sub-contract; at most one is open at a time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EarlyWarning {
    pub id: i64,
    pub subcontract: String,
    pub raised: NaiveDate,
    pub raised_by: String,
    pub reason: String,
    pub cleared: Option<NaiveDate>,
    pub cleared_by: Option<String>,
    pub cleared_reason: Option<String>,
}

impl EarlyWarning {
    pub fn is_open(&self) -> bool {
        self.cleared.is_none()
    }
}

/// Splits `total` whole units across `weights` by the largest-remainder method (ties to the
/// earlier entry), the parts summing exactly to `total`. `None` when the weights are all zero.
pub fn split_units(total: u32, weights: &[u64]) -> Option<Vec<u32>> {
    // The penny split is the same method on whole pence: treat each unit as a penny.
    let parts = super::allocation::split_pro_rata(
        rust_decimal::Decimal::new(i64::from(total), 2),
        weights,
    )?;
    parts
        .into_iter()
        .map(|p| (p * rust_decimal::Decimal::ONE_HUNDRED).to_u32())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn action(due: &str, completed: Option<&str>) -> ImprovementAction {
        ImprovementAction {
            id: 1,
            subcontract: "SC-1".into(),
            action: "Weekly caseload review".into(),
            owner: "Delivery manager".into(),
            due: crate::dates::parse_iso(due).unwrap(),
            raised: crate::dates::parse_iso("2026-11-01").unwrap(),
            raised_by: "officer".into(),
            reason: "three months under profile".into(),
            completed: completed.map(|c| crate::dates::parse_iso(c).unwrap()),
            completed_by: None,
            completion_reason: None,
        }
    }

    #[test]
    fn an_open_action_is_overdue_the_day_after_it_falls_due() {
        let today = crate::dates::parse_iso("2026-11-22").unwrap();
        assert!(!action("2026-11-22", None).is_overdue(today));
        assert!(action("2026-11-21", None).is_overdue(today));
        assert!(!action("2026-11-21", Some("2026-11-20")).is_overdue(today));
    }

    #[test]
    fn units_split_by_largest_remainder_and_sum_exactly() {
        // 25 units over headroom 10, 20, 3: exact 7.58, 15.15, 2.27; floors 7 + 15 + 2 = 24; the
        // spare unit goes to the largest remainder (0.58, the first).
        assert_eq!(split_units(25, &[10, 20, 3]).unwrap(), vec![8, 15, 2]);
        assert_eq!(split_units(7, &[1, 1, 1]).unwrap(), vec![3, 2, 2]);
        assert_eq!(split_units(0, &[1, 2]).unwrap(), vec![0, 0]);
        assert_eq!(split_units(100_000, &[1, 0]).unwrap(), vec![100_000, 0]);
        assert!(split_units(5, &[0, 0]).is_none());
        assert!(split_units(5, &[]).is_none());
    }
}
