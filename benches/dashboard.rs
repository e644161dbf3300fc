//! Whole-process benchmark of the dashboard, driven through a pseudo-terminal as a person's
//! terminal would drive it: time until the data shows (warm, on a new day, on a new database),
//! per-keystroke latency and bytes, idle output and peak memory, the commands' time and memory,
//! and the same work through the `sqlite3` shell as the floor. Prints a table of every figure
//! against its target and writes it as JSON to `target/bench/dashboard.json`.
//!
//!     cargo bench --bench dashboard
//!
//! `HUBBOARD_BENCH_SIZE=small` runs on the small demo (JSON to `dashboard-small.json`),
//! `HUBBOARD_BENCH_RUNS=N` sets the runs a start variant (default 5), and
//! `HUBBOARD_BENCH_REBUILD=1` builds the demo again. The demo is kept in `target/bench/`, or in
//! `HUBBOARD_BENCH_DIR`; `HUBBOARD_BENCH_BIN` measures another build of hubboard (an earlier
//! release, to compare with) instead of this one.

#[path = "dashboard/commands.rs"]
mod commands;
#[path = "dashboard/database.rs"]
mod database;
#[path = "dashboard/floor.rs"]
mod floor;
#[path = "dashboard/keys.rs"]
mod keys;
#[path = "dashboard/phases.rs"]
mod phases;
#[path = "dashboard/process.rs"]
mod process;
#[path = "dashboard/pty.rs"]
mod pty;
#[path = "dashboard/report.rs"]
mod report;
#[path = "dashboard/screen.rs"]
mod screen;
#[path = "dashboard/settings.rs"]
mod settings;
#[path = "dashboard/startup.rs"]
mod startup;
#[path = "dashboard/stats.rs"]
mod stats;

use report::Report;
use settings::{Machine, Settings};

fn main() {
    let s = Settings::from_env();
    let mut r = Report::new(Machine::now());
    println!(
        "hubboard dashboard bench: {} demo, {} runs a variant, {}",
        s.size,
        s.runs,
        s.bin.display()
    );
    if let Err(e) = phases::all(&s, &mut r) {
        r.note(format!("the bench stopped early: {e}"));
    }
    r.print(&s);
    match r.write_json(&s, &s.paths.json) {
        Ok(()) => println!("written to {}", s.paths.json.display()),
        Err(e) => eprintln!("cannot write {}: {e}", s.paths.json.display()),
    }
}
