//! What the dashboard shows, computed from the store: one `Snapshot` of read models per load, with
//! no terminal code, so the screens, the headless snapshot and the tests read the same figures.

pub mod capacity;
pub mod heatmap;
pub mod performance;
pub mod summary;
pub mod tenders;
pub mod text;

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::config::Config;
use crate::domain::Risk;
use crate::error::Result;

pub use capacity::CapacityRow;
pub use performance::PerformanceRow;
pub use summary::Summary;
pub use tenders::{StageTotal, TenderRow};

/// Everything the four panes and the summary strip show, as of `today`.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    pub today: Option<NaiveDate>,
    pub summary: Summary,
    pub tenders: Vec<TenderRow>,
    pub stages: Vec<StageTotal>,
    pub capacity: Vec<CapacityRow>,
    pub performance: Vec<PerformanceRow>,
    pub risks: Vec<Risk>,
    /// Members by code and name, for the command palette.
    pub members: Vec<(String, String)>,
}

/// Reads every pane's data from the store.
pub fn load(conn: &Connection, today: NaiveDate, config: &Config) -> Result<Snapshot> {
    let (tenders, stages) = tenders::load(conn, today)?;
    let capacity = capacity::load(conn, today)?;
    let performance = performance::load(conn, today)?;
    let mut risks = crate::store::risks::load_risks(conn)?;
    for r in &mut risks {
        text::clean_risk(r);
    }
    let members = members_index(conn)?;
    let summary = summary::compute(conn, today, config, &tenders, &performance)?;
    Ok(Snapshot {
        today: Some(today),
        summary,
        tenders,
        stages,
        capacity,
        performance,
        risks,
        members,
    })
}

fn members_index(conn: &Connection) -> Result<Vec<(String, String)>> {
    let mut st = conn.prepare("SELECT code, name FROM members ORDER BY code")?;
    let rows = st
        .query_map([], |r| {
            Ok((
                text::clean(&r.get::<_, String>(0)?),
                text::clean(&r.get::<_, String>(1)?),
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
