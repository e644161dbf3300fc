//! Time until data shows: the whole dashboard process started in a 120×40 pty, the clock stopped
//! at the end of the first frame showing a pane's first data row, of the first frame whose screen
//! holds every pane's first data row, and again when the screen is complete (the headless
//! snapshot's pane area matched, or nothing changed for 300 ms once nothing says it is loading).

use std::io;
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::NaiveDate;

use super::pty::{Chunk, Spawn, Terminal};
use super::screen::Expected;
use super::settings::{COLS, ROWS, Settings};

/// Nothing written for this long after the rows showed counts as complete.
pub const SETTLE: Duration = Duration::from_millis(300);
/// The longest one start may take before it is given up.
pub const START_TIMEOUT: Duration = Duration::from_secs(300);
const QUIT_TIMEOUT: Duration = Duration::from_secs(10);

/// How the screen was judged complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Completion {
    /// Every line of the pane area matched the headless snapshot.
    Matched,
    /// Nothing changed for `SETTLE` after the rows showed (the time is the last output's).
    Settled,
}

/// One start of the dashboard.
#[derive(Debug, Clone)]
pub struct Start {
    /// The first pane's rows showed.
    pub first_ms: f64,
    pub data_ms: f64,
    pub complete_ms: f64,
    pub completion: Completion,
}

/// Starts the dashboard on `db` as of `today`, in a fresh pty.
pub fn spawn(s: &Settings, db: &Path, today: NaiveDate) -> io::Result<Terminal> {
    Terminal::spawn(&Spawn {
        program: &s.bin,
        args: s.global_args(db, today),
        cols: COLS,
        rows: ROWS,
    })
}

fn ms(from: Instant, to: Instant) -> f64 {
    (to - from).as_secs_f64() * 1000.0
}

/// Reads until the rows show and the screen is complete; the program keeps running.
pub fn wait_for_data(t: &mut Terminal, want: &Expected, timeout: Duration) -> io::Result<Start> {
    let deadline = t.started + timeout;
    let mut data_at: Option<Instant> = None;
    let mut first_at: Option<Instant> = None;
    let mut last_output = t.started;
    // The screen still says part of it is coming (a pane's whole list, the strip's figures):
    // quiet then is waiting, not settled.
    let mut coming = true;
    loop {
        let limit = match data_at {
            Some(_) if !coming => (last_output + SETTLE).min(deadline),
            _ => deadline,
        };
        match t.read(limit)? {
            Chunk::Bytes { at, frame_ends, .. } => {
                last_output = at;
                if frame_ends.is_empty() {
                    continue;
                }
                let text = t.contents();
                coming = still_coming(&text);
                if first_at.is_none() && want.any_row_shown(&text) {
                    first_at = Some(at);
                }
                if data_at.is_none() && want.rows_shown(&text) {
                    data_at = Some(at);
                }
                if let Some(d) = data_at
                    && want.complete(&t.lines())
                {
                    return Ok(finished(
                        t,
                        first_at.unwrap_or(d),
                        d,
                        at,
                        Completion::Matched,
                    ));
                }
            }
            Chunk::Quiet => match data_at {
                Some(_) if coming => return Err(gave_up(t, "still loading", timeout)),
                Some(d) => {
                    let first = first_at.unwrap_or(d);
                    return Ok(finished(t, first, d, last_output, Completion::Settled));
                }
                None => return Err(gave_up(t, "no data rows", timeout)),
            },
            Chunk::Closed => return Err(gave_up(t, "the program ended", timeout)),
        }
    }
}

/// Whether the screen says some of it is still being read or worked out.
fn still_coming(screen: &str) -> bool {
    ["Loading", " so far", "Working out today's scores"]
        .iter()
        .any(|mark| screen.contains(mark))
}

fn finished(
    t: &Terminal,
    first: Instant,
    data: Instant,
    complete: Instant,
    how: Completion,
) -> Start {
    Start {
        first_ms: ms(t.started, first),
        data_ms: ms(t.started, data),
        complete_ms: ms(t.started, complete),
        completion: how,
    }
}

/// An error naming what went wrong and the last line of the screen that is not blank.
fn gave_up(t: &Terminal, what: &str, timeout: Duration) -> io::Error {
    let lines = t.lines();
    let shown = lines
        .iter()
        .rev()
        .find(|l| !l.trim().is_empty())
        .map(|l| l.trim().to_string())
        .unwrap_or_default();
    io::Error::other(format!(
        "{what} within {:.0} s; the screen's last line: {shown:?}",
        timeout.as_secs_f64()
    ))
}

/// One measured start: spawn, wait for the data, quit with `q`, reap.
pub fn measure(s: &Settings, db: &Path, today: NaiveDate, want: &Expected) -> io::Result<Start> {
    let mut t = spawn(s, db, today)?;
    let start = wait_for_data(&mut t, want, START_TIMEOUT);
    let exit = t.quit(b"q", QUIT_TIMEOUT);
    let start = start?;
    if exit.code != Some(0) {
        return Err(io::Error::other(format!(
            "the dashboard did not quit cleanly on q ({exit:?})"
        )));
    }
    Ok(start)
}

/// A start that is not measured, for a database whose expected screen is not yet known (its
/// schema may need upgrading, its caches filling): waits until a frame no longer says it is
/// loading and nothing has changed for a second, then quits.
pub fn prime(s: &Settings, db: &Path, today: NaiveDate) -> io::Result<f64> {
    let mut t = spawn(s, db, today)?;
    let deadline = t.started + START_TIMEOUT;
    let mut loaded_at: Option<Instant> = None;
    let outcome = loop {
        let limit = loaded_at.map_or(deadline, |l| (l + Duration::from_secs(1)).min(deadline));
        match t.read(limit) {
            Ok(Chunk::Bytes { at, frame_ends, .. }) if !frame_ends.is_empty() => {
                let text = t.contents();
                if text.contains("Could not load") {
                    break Err(gave_up(&t, "the data could not be loaded", START_TIMEOUT));
                }
                loaded_at = (!text.contains("Loading")).then_some(at);
            }
            Ok(Chunk::Bytes { .. }) => {}
            Ok(Chunk::Quiet) => match loaded_at {
                Some(l) => break Ok(ms(t.started, l)),
                None => break Err(gave_up(&t, "still loading", START_TIMEOUT)),
            },
            Ok(Chunk::Closed) => break Err(gave_up(&t, "the program ended", START_TIMEOUT)),
            Err(e) => break Err(e),
        }
    };
    t.quit(b"q", QUIT_TIMEOUT);
    outcome
}
