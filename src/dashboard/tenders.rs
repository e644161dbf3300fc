//! The tender pipeline: every opportunity with its days left, bunched deadlines, score, decision and
//! top slice; and totals by stage.

use chrono::NaiveDate;
use rusqlite::Connection;
use rust_decimal::Decimal;

use crate::domain::{Opportunity, Stage};
use crate::error::Result;
use crate::money;

/// Open deadlines within this many days of each other strain the hub's bid-writing capacity.
pub const BUNCH_DAYS: i64 = 7;

#[derive(Debug, Clone)]
pub struct TenderRow {
    pub opportunity: Opportunity,
    pub commissioner_name: String,
    /// Days from today to the deadline (negative once passed).
    pub days_left: i64,
    /// Another open opportunity's deadline falls within `BUNCH_DAYS` of this one's.
    pub bunched: bool,
    pub top_slice: Decimal,
}

#[derive(Debug, Clone)]
pub struct StageTotal {
    pub stage: Stage,
    pub count: usize,
    pub value: Decimal,
}

pub fn load(conn: &Connection, today: NaiveDate) -> Result<(Vec<TenderRow>, Vec<StageTotal>)> {
    let mut rows: Vec<TenderRow> = crate::store::read::tenders::opportunities(conn)?
        .into_iter()
        .map(|r| TenderRow {
            days_left: (r.opportunity.deadline - today).num_days(),
            top_slice: r.opportunity.top_slice(),
            commissioner_name: r.commissioner_name,
            bunched: false,
            opportunity: r.opportunity,
        })
        .collect();
    mark_bunched(&mut rows, today);
    let stages = Stage::ALL
        .iter()
        .map(|s| {
            let of_stage = rows.iter().filter(|r| r.opportunity.stage == *s);
            Ok(StageTotal {
                stage: *s,
                count: of_stage.clone().count(),
                value: money::total(
                    "value",
                    of_stage.map(|r| (r.opportunity.code.as_str(), r.opportunity.value)),
                )?,
            })
        })
        .collect::<Result<_>>()?;
    Ok((rows, stages))
}

/// Rows are in deadline order, so neighbours are the only candidates for a bunch.
fn mark_bunched(rows: &mut [TenderRow], today: NaiveDate) {
    let open: Vec<usize> = (0..rows.len())
        .filter(|i| rows[*i].opportunity.stage.is_open() && rows[*i].opportunity.deadline >= today)
        .collect();
    for w in open.windows(2) {
        let (a, b) = (w[0], w[1]);
        if (rows[b].opportunity.deadline - rows[a].opportunity.deadline).num_days() <= BUNCH_DAYS {
            rows[a].bunched = true;
            rows[b].bunched = true;
        }
    }
}
