//! What the screen should show once the data is in, taken from the headless renderer
//! (`hubboard snapshot`, the same screen drawn from a fully loaded snapshot): the first data row
//! of every pane, every line of the pane area, and the heatmap's size.

use std::io;
use std::path::Path;
use std::time::Duration;

use chrono::NaiveDate;

use super::process::{self, Output};
use super::settings::{COLS, ROWS, Settings};

/// Where a pane's selected row starts: the marker the tables draw.
const SELECTED: char = '▶';
/// Pane borders, left and right.
const BARS: [char; 2] = ['│', '║'];

#[derive(Debug, Clone)]
pub struct Expected {
    /// Every line of the headless screen, trailing blanks trimmed.
    pub lines: Vec<String>,
    /// The first data row of each pane (the selected row, marker left off), as drawn.
    pub rows: Vec<String>,
    /// The risk heatmap's probability × impact levels, if the screen says.
    pub grid: Option<(u8, u8)>,
}

impl Expected {
    pub fn from_text(text: &str) -> Expected {
        let lines: Vec<String> = text.lines().map(|l| l.trim_end().to_string()).collect();
        let mut rows = Vec::new();
        for line in &lines {
            for cell in line.split(BARS) {
                if let Some(row) = cell.trim_start().strip_prefix(SELECTED) {
                    let row = row.trim().to_string();
                    if !row.is_empty() && !rows.contains(&row) {
                        rows.push(row);
                    }
                }
            }
        }
        let grid = lines.iter().find_map(|l| grid_size(l));
        Expected { lines, rows, grid }
    }

    /// Every pane's first data row is on the screen.
    pub fn rows_shown(&self, screen: &str) -> bool {
        !self.rows.is_empty() && self.rows.iter().all(|r| screen.contains(r.as_str()))
    }

    /// At least one pane's first data row is on the screen (the first look shows each pane as
    /// its rows come in).
    pub fn any_row_shown(&self, screen: &str) -> bool {
        self.rows.iter().any(|r| screen.contains(r.as_str()))
    }

    /// Every line of the pane area (all but the status bar, the last line) is as expected.
    pub fn complete(&self, screen: &[String]) -> bool {
        let panes = self.lines.len().saturating_sub(1);
        panes > 0
            && screen.len() >= panes
            && self.lines[..panes]
                .iter()
                .zip(screen)
                .all(|(want, got)| want == got)
    }
}

/// `Knowsley 7×4 · gross` → (7, 4).
fn grid_size(line: &str) -> Option<(u8, u8)> {
    line.split_whitespace().find_map(|w| {
        let (p, i) = w.split_once('×')?;
        Some((p.parse().ok()?, i.parse().ok()?))
    })
}

/// Draws the overview headless for `today`: `hubboard … snapshot --size 120x40`.
pub fn snapshot(s: &Settings, db: &Path, today: NaiveDate, log_dir: &Path) -> io::Result<Expected> {
    let out = log_dir.join(format!("snapshot-{today}.txt"));
    let err = log_dir.join(format!("snapshot-{today}.err"));
    let size = format!("{COLS}x{ROWS}");
    let mut cmd = s.hubboard(db, today, &["snapshot", "--size", &size]);
    let run = process::run(
        &mut cmd,
        None,
        Output::Files {
            stdout: &out,
            stderr: &err,
        },
        Duration::from_secs(600),
    )?;
    if !run.ok() {
        return Err(io::Error::other(format!(
            "snapshot for {today} failed: {}",
            run.failure(&err)
        )));
    }
    let expected = Expected::from_text(&std::fs::read_to_string(&out)?);
    if expected.rows.is_empty() {
        return Err(io::Error::other(format!(
            "snapshot for {today} shows no selected row (see {})",
            out.display()
        )));
    }
    Ok(expected)
}
