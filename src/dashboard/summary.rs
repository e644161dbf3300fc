//! The headline figures in the summary strip.

use std::collections::HashSet;

use chrono::NaiveDate;
use rusqlite::Connection;
use rust_decimal::Decimal;

use super::performance::PerformanceRow;
use crate::domain::risk_rules::ActiveTotals;
use crate::domain::{Rules, Stage, top_slice_of};
use crate::error::Result;
use crate::money;
use crate::store::read::tenders::OpportunityValue;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// Value of opportunities still being pursued.
    pub pipeline_value: Decimal,
    pub pipeline_count: usize,
    /// Value of active sub-contracts.
    pub active_value: Decimal,
    pub active_count: usize,
    /// The hub's top slice of won contracts.
    pub top_slice_income: Decimal,
    /// Members with at least one under-performing sub-contract.
    pub under_performing_providers: usize,
    /// Returns past their due date and not yet in.
    pub overdue_returns: i64,
    /// Open risks whose review date has passed.
    pub overdue_reviews: i64,
    /// Won opportunities whose top slice is above the configured cap.
    pub top_slice_over_cap: usize,
}

/// The strip's figures that come from the tender pipeline, worked out while its rows are at hand.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TenderFigures {
    pub pipeline_value: Decimal,
    pub pipeline_count: usize,
    pub top_slice_income: Decimal,
    pub top_slice_over_cap: usize,
}

impl TenderFigures {
    /// From every opportunity's stage, value and top slice.
    pub fn of(values: &[OpportunityValue], rules: &Rules) -> Result<TenderFigures> {
        let open = values.iter().filter(|t| t.stage.is_open());
        let won: Vec<&OpportunityValue> = values.iter().filter(|t| t.stage == Stage::Won).collect();
        Ok(TenderFigures {
            pipeline_value: money::total(
                "value",
                open.clone().map(|t| (t.code.as_str(), t.value)),
            )?,
            pipeline_count: open.count(),
            top_slice_income: money::total(
                "top slice",
                won.iter()
                    .map(|t| (t.code.as_str(), top_slice_of(t.value, t.top_slice_pct))),
            )?,
            top_slice_over_cap: won
                .iter()
                .filter(|t| t.top_slice_pct > rules.top_slice_cap_pct)
                .count(),
        })
    }
}

/// The strip's figures, the under-performing providers counted from the whole performance list.
pub fn compute(
    conn: &Connection,
    today: NaiveDate,
    tenders: TenderFigures,
    performance: &[PerformanceRow],
) -> Result<Summary> {
    let under: HashSet<&str> = performance
        .iter()
        .filter(|p| p.under_performing())
        .map(|p| &*p.member)
        .collect();
    let totals = crate::store::subcontracts::active_totals(conn)?;
    with_under_performing(conn, today, tenders, &totals, under.len())
}

/// The same figures with the under-performing providers counted by index from a complete score
/// cache (its stored worst-first group 0 is `under_performing`).
pub fn compute_indexed(
    conn: &Connection,
    today: NaiveDate,
    tenders: TenderFigures,
    totals: &ActiveTotals,
    _complete: crate::scoring::cache::Complete,
) -> Result<Summary> {
    let under = crate::store::scores::under_performing_members(conn)?;
    with_under_performing(conn, today, tenders, totals, under)
}

fn with_under_performing(
    conn: &Connection,
    today: NaiveDate,
    tenders: TenderFigures,
    active: &ActiveTotals,
    under_performing_providers: usize,
) -> Result<Summary> {
    use crate::store::read::summary as read;
    let overdue_returns = read::overdue_returns(conn, today)?;
    let overdue_reviews = read::overdue_reviews(conn, today)?;
    Ok(Summary {
        pipeline_value: tenders.pipeline_value,
        pipeline_count: tenders.pipeline_count,
        active_value: active.total,
        active_count: active.count,
        top_slice_income: tenders.top_slice_income,
        under_performing_providers,
        overdue_returns,
        overdue_reviews,
        top_slice_over_cap: tenders.top_slice_over_cap,
    })
}
