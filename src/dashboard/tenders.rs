//! The tender pipeline: every opportunity with its days left, bunched deadlines, score, decision and
//! top slice, or the first screen of them read by index; and totals by stage.

use chrono::NaiveDate;
use rusqlite::Connection;
use rust_decimal::Decimal;

use crate::domain::{Opportunity, Stage};
use crate::error::Result;
use crate::money;
use crate::store::read::tenders::{self, OpportunityValue};

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

/// Every opportunity, by deadline.
pub fn load(conn: &Connection, today: NaiveDate) -> Result<Vec<TenderRow>> {
    let mut rows = rows_of(tenders::opportunities(conn)?, today);
    mark_bunched(&mut rows, today);
    Ok(rows)
}

/// The pane's first `limit` rows in its default order (open opportunities by deadline, closed
/// ones after), read by index: exactly the first rows of the whole list sorted so.
pub fn first_page(conn: &Connection, today: NaiveDate, limit: usize) -> Result<Vec<TenderRow>> {
    // One open opportunity past the page settles whether the page's last one is bunched.
    let mut rows = rows_of(tenders::open_first(conn, limit + 1)?, today);
    mark_bunched(&mut rows, today);
    rows.truncate(limit);
    if rows.len() < limit {
        let closed = tenders::closed_first(conn, limit - rows.len())?;
        rows.extend(rows_of(closed, today));
    }
    Ok(rows)
}

/// The pane's default order, which its first page is read in: open opportunities by deadline,
/// closed ones after (each then by code).
pub fn by_deadline(a: &TenderRow, b: &TenderRow) -> std::cmp::Ordering {
    let (x, y) = (&a.opportunity, &b.opportunity);
    (!x.stage.is_open(), x.deadline, &x.code).cmp(&(!y.stage.is_open(), y.deadline, &y.code))
}

/// Every opportunity's count and value by stage, in `Stage::ALL`'s order.
pub fn stage_totals(values: &[OpportunityValue]) -> Result<Vec<StageTotal>> {
    Stage::ALL
        .iter()
        .map(|s| {
            let of_stage = values.iter().filter(|v| v.stage == *s);
            Ok(StageTotal {
                stage: *s,
                count: of_stage.clone().count(),
                value: money::total("value", of_stage.map(|v| (v.code.as_str(), v.value)))?,
            })
        })
        .collect()
}

fn rows_of(read: Vec<tenders::OpportunityRow>, today: NaiveDate) -> Vec<TenderRow> {
    read.into_iter()
        .map(|r| TenderRow {
            days_left: (r.opportunity.deadline - today).num_days(),
            top_slice: r.opportunity.top_slice(),
            commissioner_name: r.commissioner_name,
            bunched: false,
            opportunity: r.opportunity,
        })
        .collect()
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
