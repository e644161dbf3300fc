//! The first slide's figures, read on their own ahead of the rest of the Board so the projector
//! shows them at once. Each comes from the function the summary strip and the rest of the Board
//! use — the pipeline's values, the active totals, the ratio, the kept delivery by month — so the
//! slide is the same however it was read, and none of them waits for the panes' whole lists.

use chrono::NaiveDate;
use rusqlite::Connection;
use rust_decimal::Decimal;

use super::config::{BoardConfig, RatioBenchmark};
use super::ratio::{self, DeliveryRatio};
use crate::dashboard::summary::TenderFigures;
use crate::dates::Period;
use crate::domain::{Rules, Stage};
use crate::error::Result;
use crate::store::read;

/// Months of delivery the consortium-wide trend covers.
pub const TREND_MONTHS: u32 = 6;

#[derive(Debug, Clone, PartialEq)]
pub struct Headlines {
    pub today: NaiveDate,
    /// Opportunities still being pursued: how many, and their value.
    pub pipeline: (usize, Decimal),
    /// Active sub-contracts: how many, and their value.
    pub active: (usize, Decimal),
    /// The hub's top slice of won contracts.
    pub top_slice_income: Decimal,
    pub won: (usize, Decimal),
    pub lost: (usize, Decimal),
    /// The delivery-to-hub ratio on one basis, and the benchmarks it is measured against.
    pub ratio: DeliveryRatio,
    pub benchmarks: Vec<RatioBenchmark>,
    pub benchmark_source: String,
    /// Delivered ÷ target across all active and suspended sub-contracts, by month.
    pub delivery_trend: Vec<(Period, u32)>,
}

/// Reads the headline figures as of `today`.
pub fn load(
    conn: &Connection,
    today: NaiveDate,
    rules: &Rules,
    board_config: &BoardConfig,
) -> Result<Headlines> {
    let values = read::tenders::values(conn)?;
    let tenders = TenderFigures::of(&values, rules)?;
    let stages = crate::dashboard::tenders::stage_totals(&values)?;
    let sum = |stage: Stage| {
        stages
            .iter()
            .find(|s| s.stage == stage)
            .map_or((0, Decimal::ZERO), |s| (s.count, s.value))
    };
    let active = crate::store::subcontracts::active_totals(conn)?;
    Ok(Headlines {
        today,
        pipeline: (tenders.pipeline_count, tenders.pipeline_value),
        active: (active.count, active.total),
        top_slice_income: tenders.top_slice_income,
        won: sum(Stage::Won),
        lost: sum(Stage::Lost),
        ratio: ratio::read(conn, today)?,
        benchmarks: board_config.ratio_benchmarks.clone(),
        benchmark_source: board_config.ratio_source.clone(),
        delivery_trend: delivery_trend(conn, today)?,
    })
}

/// Units delivered ÷ units targeted across every submitted return of active and suspended
/// sub-contracts, per month over the `TREND_MONTHS` complete months before this one.
fn delivery_trend(conn: &Connection, today: NaiveDate) -> Result<Vec<(Period, u32)>> {
    let first = (0..TREND_MONTHS).fold(Period::containing(today), |p, _| p.prev());
    let last = Period::containing(today).prev();
    Ok(read::board::delivery_by_month(conn, first, last)?
        .into_iter()
        .map(|(period, delivered, target)| {
            let pct = if target == 0 {
                100
            } else {
                let target = u128::from(target);
                let pct = (u128::from(delivered) * 100 + target / 2) / target;
                u32::try_from(pct).unwrap_or(u32::MAX)
            };
            (period, pct)
        })
        .collect())
}
