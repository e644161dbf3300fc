//! Live between colleagues: a commit by another process (a colleague's dashboard or command) is
//! noticed through `PRAGMA data_version` — a cheap local read — about once a second, and the data
//! reloaded. Nothing is drawn when nothing changed, so an idle dashboard writes nothing.

use std::time::{Duration, Instant};

use rusqlite::Connection;

/// How often the database is asked whether another connection committed.
pub const EVERY: Duration = Duration::from_secs(1);

pub struct Watch {
    last: Option<i64>,
    checked: Instant,
}

impl Watch {
    pub fn new(conn: &Connection) -> Watch {
        Watch {
            last: version(conn),
            checked: Instant::now(),
        }
    }

    /// True (at most once per `EVERY`) when another connection has committed since the last
    /// look.
    pub fn changed(&mut self, conn: &Connection) -> bool {
        if self.checked.elapsed() < EVERY {
            return false;
        }
        self.checked = Instant::now();
        let now = version(conn);
        let changed = now.is_some() && self.last.is_some() && now != self.last;
        self.last = now;
        changed
    }
}

fn version(conn: &Connection) -> Option<i64> {
    conn.query_row("PRAGMA data_version", [], |r| r.get(0)).ok()
}
