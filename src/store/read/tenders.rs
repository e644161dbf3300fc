//! The tender pipeline's rows: every opportunity with its commissioner's name, by deadline.

use rusqlite::Connection;

use super::text::tidy;
use crate::domain::Opportunity;
use crate::error::Result;
use crate::store::opportunities::{OPPORTUNITY_COLUMNS, opportunity_from_row};

/// An opportunity as the pipeline lists it.
#[derive(Debug, Clone)]
pub struct OpportunityRow {
    pub opportunity: Opportunity,
    pub commissioner_name: String,
}

/// Every opportunity, by deadline then code, with the text a person reads cleaned.
pub fn opportunities(conn: &Connection) -> Result<Vec<OpportunityRow>> {
    let columns: Vec<String> = OPPORTUNITY_COLUMNS
        .split(", ")
        .map(|c| format!("o.{c}"))
        .collect();
    let mut st = conn.prepare(&format!(
        "SELECT {}, c.name FROM opportunities o JOIN commissioners c ON c.code = o.commissioner
         ORDER BY o.deadline, o.code",
        columns.join(", ")
    ))?;
    let rows = st
        .query_map([], |r| {
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
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
