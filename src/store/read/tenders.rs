//! The tender pipeline's rows: every opportunity with its commissioner's name, by deadline; the
//! first screen's open ones read by index; and the figures every opportunity adds to the totals.

use rusqlite::{Connection, Row};
use rust_decimal::Decimal;

use super::text::tidy;
use crate::domain::{Opportunity, Stage};
use crate::error::Result;
use crate::store::opportunities::{OPPORTUNITY_COLUMNS, opportunity_from_row};
use crate::store::sql;

/// An opportunity as the pipeline lists it.
#[derive(Debug, Clone)]
pub struct OpportunityRow {
    pub opportunity: Opportunity,
    pub commissioner_name: String,
}

/// What one opportunity adds to the stage totals and the strip's pipeline figures.
#[derive(Debug, Clone, PartialEq)]
pub struct OpportunityValue {
    pub code: String,
    pub stage: Stage,
    pub value: Decimal,
    pub top_slice_pct: Decimal,
}

/// Every opportunity, by deadline then code, with the text a person reads cleaned.
pub fn opportunities(conn: &Connection) -> Result<Vec<OpportunityRow>> {
    select(conn, &Filter::default(), [])
}

/// The open opportunities with the earliest deadlines (then codes), at most `limit`: read by the
/// index of open opportunities by deadline (migration 12), whose stage list this one matches.
pub fn open_first(conn: &Connection, limit: usize) -> Result<Vec<OpportunityRow>> {
    select(conn, &open_filter(), [limit as i64])
}

fn open_filter() -> Filter {
    Filter {
        // Named, or the planner takes the index by stage and sorts every open opportunity.
        index: "INDEXED BY opportunities_open_by_deadline".into(),
        filter: format!("WHERE o.stage IN ({})", open_stages()),
        limit: "LIMIT ?1",
    }
}

/// The closed opportunities with the earliest deadlines (then codes), at most `limit`.
pub fn closed_first(conn: &Connection, limit: usize) -> Result<Vec<OpportunityRow>> {
    let closed = Filter {
        filter: format!("WHERE o.stage NOT IN ({})", open_stages()),
        limit: "LIMIT ?1",
        ..Filter::default()
    };
    select(conn, &closed, [limit as i64])
}

/// Every opportunity's stage, value and top slice, in no particular order.
pub fn values(conn: &Connection) -> Result<Vec<OpportunityValue>> {
    let mut st =
        conn.prepare_cached("SELECT code, stage, value, top_slice_pct FROM opportunities")?;
    let rows = st
        .query_map([], |r| {
            Ok(OpportunityValue {
                code: r.get(0)?,
                stage: sql::code(r, 1)?,
                value: sql::money(r, 2)?,
                top_slice_pct: sql::percentage(r, 3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The open stages' codes quoted for SQL, in `Stage::ALL`'s order (the index's own list).
fn open_stages() -> String {
    Stage::ALL
        .iter()
        .filter(|s| s.is_open())
        .map(|s| format!("'{}'", s.code()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Which opportunities a read takes: the index it names, its condition and its limit.
#[derive(Default)]
struct Filter {
    index: String,
    filter: String,
    limit: &'static str,
}

fn select<P: rusqlite::Params>(
    conn: &Connection,
    filter: &Filter,
    params: P,
) -> Result<Vec<OpportunityRow>> {
    let mut st = conn.prepare_cached(&select_sql(filter))?;
    let rows = st
        .query_map(params, pipeline_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

fn select_sql(f: &Filter) -> String {
    let columns: Vec<String> = OPPORTUNITY_COLUMNS
        .split(", ")
        .map(|c| format!("o.{c}"))
        .collect();
    format!(
        "SELECT {}, c.name FROM opportunities o {}
         JOIN commissioners c ON c.code = o.commissioner {}
         ORDER BY o.deadline, o.code {}",
        columns.join(", "),
        f.index,
        f.filter,
        f.limit
    )
}

fn pipeline_row(r: &Row) -> rusqlite::Result<OpportunityRow> {
    let mut o = opportunity_from_row(r)?;
    tidy(&mut o.title);
    tidy(&mut o.code);
    tidy(&mut o.service_line);
    if let Some(d) = &mut o.decision_reason {
        tidy(d);
    }
    let mut commissioner_name: String = r.get(16)?;
    tidy(&mut commissioner_name);
    Ok(OpportunityRow {
        opportunity: o,
        commissioner_name,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_open_opportunities_are_read_by_their_index_in_order() {
        let store = crate::store::Store::open_in_memory().unwrap();
        let sql = select_sql(&open_filter());
        let mut st = store
            .conn()
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap();
        let plan: Vec<String> = st
            .query_map([201], |r| r.get::<_, String>(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let plan = plan.join("\n");
        assert!(plan.contains("opportunities_open_by_deadline"), "{plan}");
        assert!(!plan.contains("TEMP B-TREE"), "no sort: {plan}");
    }
}
