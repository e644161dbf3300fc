//! The order the bench runs in and how each phase's measurements become figures: the database,
//! the floor's first screen, the warm starts, the keys, the commands with the floor's export and
//! import, the new-day starts and the new-database starts.

use std::io;
use std::path::Path;
use std::time::Instant;

use chrono::{Days, NaiveDate};

use super::commands;
use super::database::{self, Built, CacheDrop};
use super::floor;
use super::keys::{self, KeyStats};
use super::process::Run;
use super::report::{Figure, Report, Unit};
use super::screen::{self, Expected};
use super::settings::Settings;
use super::startup::{self, Completion, Start};
use super::stats;

/// Time until data shows, cold or warm.
const DATA_TARGET_MS: f64 = 150.0;
/// … and at most this many times the sqlite3 floor for the same rows.
const FLOOR_TIMES: f64 = 2.0;
const NAVIGATION_P99_MS: f64 = 10.0;
const TYPING_P99_MS: f64 = 40.0;
const DETAIL_MS: f64 = 30.0;
const NAVIGATION_BYTES: f64 = 2048.0;
const MEMORY_MB: f64 = 100.0;

fn section(title: &str) {
    println!("\n== {title}");
}

pub fn all(s: &Settings, r: &mut Report) -> io::Result<()> {
    section("database");
    match database::ensure(s)? {
        Built::Built { seconds } => r.note(format!(
            "built the {} demo in {seconds:.1} s ({})",
            s.size,
            s.paths.pristine.display()
        )),
        Built::Reused => r.note(format!(
            "reused the {} demo at {} (HUBBOARD_BENCH_REBUILD=1 builds it again)",
            s.size,
            s.paths.pristine.display()
        )),
    }
    let work = database::fresh_work_dir(s)?;
    let warm = s.paths.warm.clone();
    prime(s, r, &warm, s.today);
    let expected = screen::snapshot(s, &warm, s.today, &work)?;
    r.note(format!(
        "data rows waited for (from the headless snapshot): {}",
        expected.rows.join(" | ")
    ));

    section("sqlite3 floor: first screen");
    floor::first_screen(s, r, &warm, &work);

    section("warm: the same database opened again with the same date");
    let runs: Vec<_> = (0..s.runs)
        .map(|_| startup::measure(s, &warm, s.today, &expected))
        .collect();
    starts(r, "warm", runs, "");

    section("keys");
    if let Err(e) = key_phase(s, r, &warm, &expected) {
        r.add(Figure::missing(
            "keystroke figures (after the last one shown)",
            Unit::Ms,
            format!("the keystroke phase stopped: {e}"),
        ));
    }

    section("commands");
    commands_phase(s, r, &warm, &work);

    section("new day: each run one day after the last");
    new_days(s, r, &warm, &work);

    section("new database: each run a fresh copy of the pristine demo");
    new_databases(s, r, &expected, &work);
    Ok(())
}

/// Opens the database once unmeasured, so its schema is current and its caches are filled.
fn prime(s: &Settings, r: &mut Report, db: &Path, day: NaiveDate) {
    let t = Instant::now();
    match startup::prime(s, db, day) {
        Ok(ms) => println!(
            "  primed {} for {day}: loaded after {ms:.0} ms ({:.1} s in all)",
            db.display(),
            t.elapsed().as_secs_f64()
        ),
        Err(e) => r.note(format!("priming {} for {day} failed: {e}", db.display())),
    }
}

/// The figures of one start variant: data shows, screen complete, and the ratio to the floor.
fn starts(r: &mut Report, variant: &str, runs: Vec<io::Result<Start>>, extra: &str) {
    let first_name = format!("first pane shows ({variant})");
    let data_name = format!("data shows ({variant})");
    let complete_name = format!("screen complete ({variant})");
    let ratio_name = format!("data shows ({variant}) ÷ sqlite3 first screen");
    let failed: Vec<String> = runs
        .iter()
        .filter_map(|r| r.as_ref().err().map(|e| e.to_string()))
        .collect();
    let ok: Vec<&Start> = runs.iter().filter_map(|r| r.as_ref().ok()).collect();
    if ok.is_empty() {
        let why = failed.first().cloned().unwrap_or_else(|| "no runs".into());
        r.add(Figure::missing(first_name, Unit::Ms, why.clone()).at_most(DATA_TARGET_MS));
        r.add(Figure::missing(data_name, Unit::Ms, why.clone()).at_most(DATA_TARGET_MS));
        r.add(Figure::missing(complete_name, Unit::Ms, why.clone()));
        r.add(Figure::missing(ratio_name, Unit::Times, why).at_most(FLOOR_TIMES));
        return;
    }
    let data: Vec<f64> = ok.iter().map(|s| s.data_ms).collect();
    let complete: Vec<f64> = ok.iter().map(|s| s.complete_ms).collect();
    let matched = ok
        .iter()
        .filter(|s| s.completion == Completion::Matched)
        .count();
    let mut notes = Vec::new();
    if !failed.is_empty() {
        notes.push(format!(
            "{} of {} runs failed: {}",
            failed.len(),
            runs.len(),
            failed[0]
        ));
    }
    if !extra.is_empty() {
        notes.push(extra.to_string());
    }
    let note = notes.join("; ");
    let first: Vec<f64> = ok.iter().map(|s| s.first_ms).collect();
    r.add(
        Figure::new(first_name, stats::median(&first), Unit::Ms)
            .at_most(DATA_TARGET_MS)
            .samples(&first)
            .note("the first pane's rows (the tender pipeline), the others still coming"),
    );
    let median = stats::median(&data);
    r.add(
        Figure::new(data_name, median, Unit::Ms)
            .at_most(DATA_TARGET_MS)
            .samples(&data)
            .note(note),
    );
    r.add(
        Figure::new(complete_name, stats::median(&complete), Unit::Ms)
            .samples(&complete)
            .note(format!(
                "{matched} of {} matched the headless snapshot line for line, the rest had \
                 nothing change for {} ms",
                ok.len(),
                startup::SETTLE.as_millis()
            )),
    );
    let floor_ms = r.value(floor::SCREEN);
    let ratio = median.zip(floor_ms).map(|(d, f)| d / f);
    let f = Figure::new(ratio_name, ratio, Unit::Times).at_most(FLOOR_TIMES);
    r.add(match floor_ms {
        Some(ms) => f.note(format!("floor {ms:.1} ms")),
        None => f.note("no floor measured"),
    });
}

fn key_phase(s: &Settings, r: &mut Report, warm: &Path, expected: &Expected) -> io::Result<()> {
    let mut t = startup::spawn(s, warm, s.today)?;
    startup::wait_for_data(&mut t, expected, startup::START_TIMEOUT)?;
    let idle = keys::idle(&mut t)?;
    r.add(
        Figure::new(
            "idle: bytes written in 10 s",
            Some(idle as f64),
            Unit::Bytes,
        )
        .at_most(0.0),
    );
    let navigation = [NAVIGATION_P99_MS, NAVIGATION_BYTES];
    add_keys(r, "key: move (j/k)", &keys::moves(&mut t)?, navigation);
    add_keys(
        r,
        "key: page (PgDn/PgUp)",
        &keys::pages(&mut t)?,
        navigation,
    );
    add_keys(
        r,
        "key: pane switch (Tab)",
        &keys::panes(&mut t)?,
        navigation,
    );
    detail_keys(r, keys::details(&mut t)?);
    let typing = [TYPING_P99_MS, f64::INFINITY];
    add_keys(
        r,
        "key: filter (performance)",
        &keys::filter(&mut t)?,
        typing,
    );
    add_keys(r, "key: palette", &keys::palette(&mut t)?, typing);
    let grid = expected.grid.unwrap_or((7, 4));
    add_keys(
        r,
        "key: heatmap move (h/l/j/k)",
        &keys::heatmap(&mut t, grid)?,
        navigation,
    );
    let hwm = t.vm_hwm_kb().map(|kb| kb as f64 / 1024.0);
    let exit = t.quit(b"q", std::time::Duration::from_secs(10));
    r.add(
        Figure::new(
            "dashboard peak memory (VmHWM, after the keys)",
            hwm,
            Unit::Mb,
        )
        .at_most(MEMORY_MB)
        .note(format!(
            "wait4 ru_maxrss {:.1} MB",
            exit.max_rss_kb as f64 / 1024.0
        )),
    );
    Ok(())
}

/// Latency median and p99, bytes a key median and max; `[p99 target, bytes target]` (an
/// infinite bytes target: none).
fn add_keys(r: &mut Report, kind: &str, k: &KeyStats, [p99, bytes]: [f64; 2]) {
    let mut note = format!("{} presses", k.presses());
    if k.late_bytes > 0 {
        note += &format!(", {} bytes after the first frame", k.late_bytes);
    }
    r.add(Figure::new(
        format!("{kind}: latency median"),
        k.median_ms(),
        Unit::Ms,
    ));
    r.add(
        Figure::new(format!("{kind}: latency p99"), k.p99_ms(), Unit::Ms)
            .at_most(p99)
            .samples(&k.latencies_ms)
            .note(note),
    );
    let mut median = Figure::new(
        format!("{kind}: bytes a key, median"),
        k.median_bytes(),
        Unit::Bytes,
    )
    .samples(&k.bytes);
    let mut max = Figure::new(
        format!("{kind}: bytes a key, max"),
        k.max_bytes(),
        Unit::Bytes,
    );
    if bytes.is_finite() {
        median = median.at_most(bytes);
        max = max.at_most(bytes);
    }
    r.add(median);
    r.add(max);
    if k.no_frame > 0 {
        r.add(
            Figure::new(
                format!("{kind}: keys without a frame in 2 s"),
                Some(k.no_frame as f64),
                Unit::Count,
            )
            .at_most(0.0),
        );
    }
}

/// Detail: the three panes together against the target, each pane's p99 in the note.
fn detail_keys(r: &mut Report, panes: Vec<(&str, KeyStats)>) {
    let mut all = KeyStats::default();
    let mut each = Vec::new();
    for (pane, k) in &panes {
        all.latencies_ms.extend(&k.latencies_ms);
        all.bytes.extend(&k.bytes);
        all.no_frame += k.no_frame;
        all.late_bytes += k.late_bytes;
        each.push(format!(
            "{pane} p99 {}",
            k.p99_ms().map_or("—".into(), |v| format!("{v:.1} ms"))
        ));
    }
    add_keys(r, "key: detail (Enter)", &all, [DETAIL_MS, f64::INFINITY]);
    r.note(format!("detail by pane: {}", each.join(", ")));
}

fn commands_phase(s: &Settings, r: &mut Report, warm: &Path, work: &Path) {
    commands::snapshots(s, r, warm, work);
    let floor_export = floor::export(warm, work);
    let floor_import = match &floor_export {
        Ok((_, dir)) => floor::import(dir, work),
        Err(e) => Err(io::Error::other(e.to_string())),
    };
    let floor_export_ms = add_floor(
        r,
        "floor: sqlite3 .mode csv export",
        floor_export.map(|(run, _)| run),
    );
    let floor_import_ms = add_floor(r, "floor: sqlite3 .import", floor_import);
    let (exported, dir) = commands::export(s, warm, work);
    let exported_ok = exported.as_ref().is_ok_and(|(run, _)| run.ok());
    let csv_mb = database::dir_bytes(&dir) as f64 / 1e6;
    commands::add_run(
        r,
        "command: export --format csv",
        exported,
        floor_export_ms.map(|f| f * FLOOR_TIMES),
        Some(MEMORY_MB),
    );
    if exported_ok {
        r.note(format!(
            "hubboard's CSV export: {csv_mb:.1} MB in {}",
            dir.display()
        ));
        let imported = commands::import(s, &dir, work);
        commands::add_run(
            r,
            "command: import (CSV, new database)",
            imported,
            floor_import_ms.map(|f| f * FLOOR_TIMES),
            Some(MEMORY_MB),
        );
    } else {
        r.add(Figure::missing(
            "command: import (CSV, new database): time",
            Unit::Ms,
            "no export to import",
        ));
    }
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(work.join("floor-export"));
    r.note(format!(
        "export and import targets are {FLOOR_TIMES}× sqlite3's time for {} (hubboard moves \
         every table, which those dominate)",
        floor::BIG_TABLES.join(" and ")
    ));
    commands::report_html(s, r, warm, work);
    commands::present(s, r, warm);
    commands::commit(s, r, warm, work);
}

/// A floor figure from one sqlite3 run; its time, for the targets it sets.
fn add_floor(r: &mut Report, name: &str, run: io::Result<Run>) -> Option<f64> {
    match run {
        Ok(run) => {
            r.add(Figure::new(
                format!("{name}: time"),
                Some(run.wall_ms()),
                Unit::Ms,
            ));
            r.add(Figure::new(
                format!("{name}: peak memory"),
                Some(run.max_rss_mb()),
                Unit::Mb,
            ));
            Some(run.wall_ms())
        }
        Err(e) => {
            r.add(Figure::missing(
                format!("{name}: time"),
                Unit::Ms,
                e.to_string(),
            ));
            None
        }
    }
}

/// Each run a day after the last (so the day-keyed caches are always new), waiting for that
/// day's headless screen.
fn new_days(s: &Settings, r: &mut Report, warm: &Path, work: &Path) {
    let runs: Vec<io::Result<Start>> = (1..=s.runs as u64)
        .map(|n| {
            let day = s.today + Days::new(n);
            let want = screen::snapshot(s, warm, day, work)?;
            startup::measure(s, warm, day, &want)
        })
        .collect();
    let last = s.today + Days::new(s.runs as u64);
    starts(
        r,
        "new day",
        runs,
        &format!("{} to {last}", s.today + Days::new(1)),
    );
    // Back to the bench's own day, so a later run starts from a warm cache.
    prime(s, r, warm, s.today);
}

/// Each run on a fresh copy of the pristine demo, the page cache dropped first.
fn new_databases(s: &Settings, r: &mut Report, want: &Expected, work: &Path) {
    let db = work.join("fresh.db");
    let mut drops = Vec::new();
    let runs: Vec<io::Result<Start>> = (0..s.runs)
        .map(|_| {
            database::copy(&s.paths.pristine, &db)?;
            drops.push(database::drop_page_cache(&db));
            startup::measure(s, &db, s.today, want)
        })
        .collect();
    database::remove(&db);
    let how = if drops.iter().all(|d| *d == CacheDrop::Dropped) {
        CacheDrop::Dropped.words().to_string()
    } else {
        let words: Vec<&str> = drops.iter().map(|d| d.words()).collect();
        words.join("; ")
    };
    let (pristine, current) = (
        database::schema_version(&s.paths.pristine),
        database::schema_version(&s.paths.warm),
    );
    let mut extra = how;
    if pristine != current {
        extra += &format!(
            "; the pristine demo is at schema {pristine:?} and the warm one at {current:?}, so \
             each run includes the upgrade"
        );
    }
    starts(r, "new database", runs, &extra);
}
