//! A second reader for a large hub's first load: the risk register, while the score cache holds
//! today's assessments, read on a read-only connection of its own at the same time as the other
//! panes (the machine has two cores).

use std::path::Path;
use std::thread::ScopedJoinHandle;

use chrono::NaiveDate;
use rusqlite::Connection;

use super::{Part, Settings};
use crate::error::{HubError, Result};

/// Stored risks from which reading the register beside is quicker: below, opening a second
/// connection costs more than it saves.
pub const FROM_RISKS: usize = 1000;

/// The database's file, when a second reader is worth it: a file (not a private in-memory
/// database) whose register holds `FROM_RISKS` stored risks or more.
pub fn worth_it(conn: &Connection) -> Result<Option<String>> {
    let Some(path) = conn.path().filter(|p| !p.is_empty()) else {
        return Ok(None);
    };
    let risks: i64 = conn.query_row(
        "SELECT COUNT(*) FROM (SELECT 1 FROM risks LIMIT ?1)",
        [i64::try_from(FROM_RISKS).unwrap_or(i64::MAX)],
        |r| r.get(0),
    )?;
    let enough = usize::try_from(risks).unwrap_or(0) >= FROM_RISKS;
    Ok(enough.then(|| path.to_string()))
}

/// Reads the register on a connection of its own (`None` as for `risks_indexed`).
pub fn read(path: &str, today: NaiveDate, settings: Settings<'_>) -> Result<Option<Part>> {
    let store = crate::store::Store::open_for_viewing(Path::new(path))?;
    risks_indexed(store.conn(), today, settings)
}

/// The register read by index from a cache holding the day's assessments (`None` if it does
/// not, or holds a score this program does not write).
fn risks_indexed(
    conn: &Connection,
    today: NaiveDate,
    settings: Settings<'_>,
) -> Result<Option<Part>> {
    let Some(complete) = crate::scoring::cache::complete(conn, today, settings.scoring)? else {
        return Ok(None);
    };
    let Some(standings) =
        crate::scoring::inadequate_standings_cached(conn, settings.scoring, complete)?
    else {
        return Ok(None);
    };
    let totals = crate::store::subcontracts::active_totals(conn)?;
    super::risks_part(conn, today, settings, &standings, &totals).map(Some)
}

/// The reader beside, still reading.
pub struct Pending<'scope> {
    handle: ScopedJoinHandle<'scope, Result<Option<Part>>>,
}

impl<'scope> Pending<'scope> {
    pub fn new(handle: ScopedJoinHandle<'scope, Result<Option<Part>>>) -> Self {
        Pending { handle }
    }

    /// Waits for the register it read.
    pub fn join(self) -> Result<Option<Part>> {
        self.handle
            .join()
            .map_err(|_| HubError::Invalid("the second reader of the database stopped".into()))?
    }
}
