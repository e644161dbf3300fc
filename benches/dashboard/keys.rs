//! Per-keystroke latency on the warm database once the data shows: the time from writing a key's
//! bytes to the pty until the end of the frame it causes (`ESC[?2026l`), and the bytes received
//! meanwhile; a key without a frame within 2 s is counted, not waited on. Also the bytes written
//! over 10 s with no key, and the process's peak memory after all the keys.

use std::io;
use std::time::{Duration, Instant};

use super::pty::{Chunk, Terminal};
use super::stats;

/// How long a key may take to produce its frame.
pub const KEY_TIMEOUT: Duration = Duration::from_secs(2);
/// A key not measured (moving into position) waits at most this long for its frame.
const SETUP_TIMEOUT: Duration = Duration::from_millis(500);
/// After a frame, output stops for this long before the next key is sent.
const QUIET: Duration = Duration::from_millis(10);
/// Presses of each kind at least.
pub const PRESSES: usize = 200;
/// How long the idle dashboard is watched.
pub const IDLE: Duration = Duration::from_secs(10);

pub const ENTER: &[u8] = b"\r";
pub const ESC: &[u8] = b"\x1b";
pub const TAB: &[u8] = b"\t";
pub const BACKSPACE: &[u8] = b"\x7f";
pub const PAGE_DOWN: &[u8] = b"\x1b[6~";
pub const PAGE_UP: &[u8] = b"\x1b[5~";

/// The measurements of one kind of key.
#[derive(Debug, Clone, Default)]
pub struct KeyStats {
    pub latencies_ms: Vec<f64>,
    pub bytes: Vec<f64>,
    /// Keys that produced no frame within `KEY_TIMEOUT`.
    pub no_frame: usize,
    /// Bytes that came after a key's first frame (a second frame, or the rest of a read).
    pub late_bytes: usize,
}

impl KeyStats {
    pub fn presses(&self) -> usize {
        self.latencies_ms.len() + self.no_frame
    }
    pub fn median_ms(&self) -> Option<f64> {
        stats::median(&self.latencies_ms)
    }
    pub fn p99_ms(&self) -> Option<f64> {
        stats::percentile(&self.latencies_ms, 99.0)
    }
    pub fn median_bytes(&self) -> Option<f64> {
        stats::median(&self.bytes)
    }
    pub fn max_bytes(&self) -> Option<f64> {
        stats::max(&self.bytes)
    }
}

/// What one key brought: the time to its frame's end and the bytes up to it, if a frame came.
struct Press {
    frame: Option<(Duration, usize)>,
    late: usize,
}

/// Writes `key` and reads until the end of the frame it causes or `timeout`; then waits for the
/// output to go quiet, so the next key starts from a still screen.
fn press(t: &mut Terminal, key: &[u8], timeout: Duration) -> io::Result<Press> {
    let mut late = t.drain_quiet(Duration::ZERO, Instant::now())?;
    let sent = Instant::now();
    t.write(key)?;
    let deadline = sent + timeout;
    let mut bytes = 0;
    let mut frame = None;
    while frame.is_none() {
        match t.read(deadline)? {
            Chunk::Bytes { n, at, frame_ends } => match frame_ends.first() {
                Some(end) => {
                    frame = Some((at - sent, bytes + end));
                    late += n - end;
                }
                None => bytes += n,
            },
            Chunk::Quiet => break,
            Chunk::Closed => return Err(io::Error::other("the dashboard ended")),
        }
    }
    if frame.is_none() {
        late += bytes;
    }
    late += t.drain_quiet(QUIET, Instant::now() + KEY_TIMEOUT)?;
    Ok(Press { frame, late })
}

/// A measured key.
pub fn measure(t: &mut Terminal, key: &[u8], into: &mut KeyStats) -> io::Result<()> {
    let p = press(t, key, KEY_TIMEOUT)?;
    match p.frame {
        Some((took, bytes)) => {
            into.latencies_ms.push(took.as_secs_f64() * 1000.0);
            into.bytes.push(bytes as f64);
        }
        None => into.no_frame += 1,
    }
    into.late_bytes += p.late;
    Ok(())
}

/// A key that only moves into position.
pub fn setup(t: &mut Terminal, key: &[u8]) -> io::Result<()> {
    press(t, key, SETUP_TIMEOUT).map(|_| ())
}

/// `j` then `k`, alternating, in the tenders pane.
pub fn moves(t: &mut Terminal) -> io::Result<KeyStats> {
    let mut s = KeyStats::default();
    setup(t, b"1")?;
    for i in 0..PRESSES {
        measure(t, if i % 2 == 0 { b"j" } else { b"k" }, &mut s)?;
    }
    Ok(s)
}

/// PgDn then PgUp, alternating, in the tenders pane.
pub fn pages(t: &mut Terminal) -> io::Result<KeyStats> {
    let mut s = KeyStats::default();
    setup(t, b"1")?;
    for i in 0..PRESSES {
        measure(t, if i % 2 == 0 { PAGE_DOWN } else { PAGE_UP }, &mut s)?;
    }
    Ok(s)
}

/// `Tab` round the panes (a whole number of rounds, so it ends where it began).
pub fn panes(t: &mut Terminal) -> io::Result<KeyStats> {
    let mut s = KeyStats::default();
    setup(t, b"1")?;
    for _ in 0..PRESSES.div_ceil(4) * 4 {
        measure(t, TAB, &mut s)?;
    }
    Ok(s)
}

/// `Enter` on a row of the tenders, capacity and performance panes (measured), `Esc` back and
/// `j` to the next row (not measured); one `KeyStats` per pane.
pub fn details(t: &mut Terminal) -> io::Result<Vec<(&'static str, KeyStats)>> {
    let per_pane = PRESSES.div_ceil(3);
    let mut out = Vec::new();
    for (pane, name) in [(b"1", "tenders"), (b"2", "capacity"), (b"3", "performance")] {
        let mut s = KeyStats::default();
        setup(t, pane)?;
        for _ in 0..per_pane {
            measure(t, ENTER, &mut s)?;
            setup(t, ESC)?;
            setup(t, b"j")?;
        }
        out.push((name, s));
    }
    Ok(out)
}

/// In `mode_key`'s text field (`/` filter, `:` palette): types `word` letter by letter and takes
/// it back with Backspace, each key measured, until at least `PRESSES` keys; then `Esc`.
fn typing(t: &mut Terminal, pane: &[u8], mode_key: &[u8], word: &str) -> io::Result<KeyStats> {
    let mut s = KeyStats::default();
    setup(t, pane)?;
    setup(t, mode_key)?;
    while s.presses() < PRESSES {
        for c in word.chars() {
            measure(t, c.to_string().as_bytes(), &mut s)?;
        }
        for _ in word.chars() {
            measure(t, BACKSPACE, &mut s)?;
        }
    }
    setup(t, ESC)?;
    Ok(s)
}

/// The filter over the performance pane (the most rows).
pub fn filter(t: &mut Terminal) -> io::Result<KeyStats> {
    typing(t, b"3", b"/", "knowsley")
}

/// The command palette (every command, member, opportunity and sub-contract).
pub fn palette(t: &mut Terminal) -> io::Result<KeyStats> {
    typing(t, b"1", b":", "bootle")
}

/// In the risks pane: to one corner of the grid (not measured), then round its edge with
/// `l`, `k`, `h` and `j`, measured.
pub fn heatmap(t: &mut Terminal, grid: (u8, u8)) -> io::Result<KeyStats> {
    let (p, i) = (usize::from(grid.0.max(2)), usize::from(grid.1.max(2)));
    let mut s = KeyStats::default();
    setup(t, b"4")?;
    for _ in 0..p {
        setup(t, b"h")?;
    }
    for _ in 0..i {
        setup(t, b"j")?;
    }
    let round: Vec<&[u8]> = [(b"l", p - 1), (b"k", i - 1), (b"h", p - 1), (b"j", i - 1)]
        .iter()
        .flat_map(|(k, n)| std::iter::repeat_n(&k[..], *n))
        .collect();
    while s.presses() < PRESSES {
        for k in &round {
            measure(t, k, &mut s)?;
        }
    }
    Ok(s)
}

/// Bytes written while no key is pressed for `IDLE`.
pub fn idle(t: &mut Terminal) -> io::Result<usize> {
    t.drain_quiet(Duration::from_millis(300), Instant::now() + KEY_TIMEOUT)?;
    let before = t.bytes_read;
    let end = Instant::now() + IDLE;
    while Instant::now() < end {
        if let Chunk::Closed = t.read(end)? {
            return Err(io::Error::other("the dashboard ended while idle"));
        }
    }
    Ok(t.bytes_read - before)
}
