//! Whole-process figures of hubboard's commands: headless snapshots, CSV export and import into
//! a new database, the HTML board pack, presentation mode's first slide through the pty, and one
//! decision committed from the command line on a copy of the practice database.

use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use chrono::NaiveDate;

use super::database;
use super::process::{self, Output, Run};
use super::pty::{Chunk, Spawn, Terminal};
use super::report::{Figure, Report, Unit};
use super::settings::{COLS, ROWS, Settings};
use super::stats;

const COMMAND_TIMEOUT: Duration = Duration::from_secs(900);
/// What the first slide says when it is up (its title, in any case).
const FIRST_SLIDE: &str = "the picture";

/// Runs `cmd` with its output in `work/<label>.out` and `.err`.
fn run_logged(cmd: &mut Command, work: &Path, label: &str) -> io::Result<(Run, PathBuf)> {
    let out = work.join(format!("{label}.out"));
    let err = work.join(format!("{label}.err"));
    let run = process::run(
        cmd,
        None,
        Output::Files {
            stdout: &out,
            stderr: &err,
        },
        COMMAND_TIMEOUT,
    )?;
    Ok((run, err))
}

/// The time and peak memory of one run as two figures (memory held to `mb_target`, if any).
pub fn add_run(
    r: &mut Report,
    name: &str,
    outcome: io::Result<(Run, PathBuf)>,
    time_target: Option<f64>,
    mb_target: Option<f64>,
) {
    let (time, mem) = (format!("{name}: time"), format!("{name}: peak memory"));
    match outcome {
        Ok((run, _)) if run.ok() => {
            let mut t = Figure::new(time, Some(run.wall_ms()), Unit::Ms);
            let mut m = Figure::new(mem, Some(run.max_rss_mb()), Unit::Mb);
            t.target = time_target;
            m.target = mb_target;
            r.add(t);
            r.add(m);
        }
        Ok((run, log)) => {
            let why = run.failure(&log);
            r.add(Figure::missing(time, Unit::Ms, why.clone()));
            r.add(Figure::missing(mem, Unit::Mb, why));
        }
        Err(e) => {
            r.add(Figure::missing(time, Unit::Ms, e.to_string()));
            r.add(Figure::missing(mem, Unit::Mb, e.to_string()));
        }
    }
}

/// Runs a short command `s.runs` times: the median time (its samples beside it) and the largest
/// peak memory, as two figures; one failed run says why in place of both.
fn add_median_of_runs(
    s: &Settings,
    r: &mut Report,
    name: &str,
    (db, work): (&Path, &Path),
    args: &[&str],
) {
    let mut runs = Vec::new();
    for i in 1..=s.runs {
        let mut cmd = s.hubboard(db, s.today, args);
        let label = format!("{}-{i}", args.join("-").replace(['/', '.'], "_"));
        match run_logged(&mut cmd, work, &label) {
            Ok((run, _)) if run.ok() => runs.push(run),
            failed => return add_run(r, name, failed, None, None),
        }
    }
    let times: Vec<f64> = runs.iter().map(Run::wall_ms).collect();
    let rss: Vec<f64> = runs.iter().map(Run::max_rss_mb).collect();
    r.add(
        Figure::new(format!("{name}: time"), stats::median(&times), Unit::Ms)
            .samples(&times)
            .note(format!("median of {} runs", runs.len())),
    );
    r.add(Figure::new(
        format!("{name}: peak memory"),
        stats::max(&rss),
        Unit::Mb,
    ));
}

/// `snapshot --pane performance` and `--pane risks`, each the median of the runs.
pub fn snapshots(s: &Settings, r: &mut Report, db: &Path, work: &Path) {
    for pane in ["performance", "risks"] {
        let name = format!("command: snapshot --pane {pane}");
        add_median_of_runs(s, r, &name, (db, work), &["snapshot", "--pane", pane]);
    }
}

/// `export DIR --format csv` of the database; the directory is kept for the import and the floor.
pub fn export(s: &Settings, db: &Path, work: &Path) -> (io::Result<(Run, PathBuf)>, PathBuf) {
    let dir = work.join("export");
    let _ = std::fs::remove_dir_all(&dir);
    let d = dir.display().to_string();
    let mut cmd = s.hubboard(db, s.today, &["export", &d, "--format", "csv"]);
    (run_logged(&mut cmd, work, "export"), dir)
}

/// `import DIR` of that export into a new database (hubboard creates it on the first open).
pub fn import(s: &Settings, dir: &Path, work: &Path) -> io::Result<(Run, PathBuf)> {
    let db = work.join("imported.db");
    database::remove(&db);
    let d = dir.display().to_string();
    let mut cmd = s.hubboard(
        &db,
        s.today,
        &["import", &d, "--reason", "Benchmark import"],
    );
    let outcome = run_logged(&mut cmd, work, "import");
    database::remove(&db);
    outcome
}

/// `report --format html --out work/pack.html`, the median of the runs.
pub fn report_html(s: &Settings, r: &mut Report, db: &Path, work: &Path) {
    let out = work.join("pack.html").display().to_string();
    let args = ["report", "--format", "html", "--out", &out];
    add_median_of_runs(s, r, "command: report --format html", (db, work), &args);
}

/// Presentation mode in the pty until the first slide's title shows; `q`; reaped.
fn present_once(s: &Settings, db: &Path, today: NaiveDate) -> io::Result<f64> {
    let mut args = s.global_args(db, today);
    args.push("present".into());
    let mut t = Terminal::spawn(&Spawn {
        program: &s.bin,
        args,
        cols: COLS,
        rows: ROWS,
    })?;
    let deadline = t.started + super::startup::START_TIMEOUT;
    let shown = loop {
        match t.read(deadline)? {
            Chunk::Bytes { at, .. } if t.contents().to_lowercase().contains(FIRST_SLIDE) => {
                break Ok((at - t.started).as_secs_f64() * 1000.0);
            }
            Chunk::Bytes { .. } => {}
            Chunk::Quiet => break Err(io::Error::other("the first slide did not show")),
            Chunk::Closed => break Err(io::Error::other("presentation mode ended")),
        }
    };
    t.quit(b"q", Duration::from_secs(10));
    shown
}

/// The first slide's time, a median over the runs.
pub fn present(s: &Settings, r: &mut Report, db: &Path) {
    let name = "present: first slide shows";
    let mut times = Vec::new();
    for _ in 0..s.runs {
        match present_once(s, db, s.today) {
            Ok(ms) => times.push(ms),
            Err(e) => {
                r.add(Figure::missing(name, Unit::Ms, e.to_string()).at_most(300.0));
                return;
            }
        }
    }
    let f = Figure::new(name, stats::median(&times), Unit::Ms)
        .at_most(300.0)
        .samples(&times);
    r.add(f);
}

/// `risk add` committed from the command line, on a copy of the practice database: a new risk
/// each time, the median over the runs.
pub fn commit(s: &Settings, r: &mut Report, warm: &Path, work: &Path) {
    let name = "command: decision commit (risk add)";
    let db = work.join("commit.db");
    let outcome = commits(s, &db, work);
    database::remove(&db);
    match outcome {
        Ok(runs) => {
            let times: Vec<f64> = runs.iter().map(Run::wall_ms).collect();
            let rss: Vec<f64> = runs.iter().map(Run::max_rss_mb).collect();
            let how = format!(
                "median of {} commits on a copy of {}",
                runs.len(),
                warm.display()
            );
            r.add(
                Figure::new(format!("{name}: time"), stats::median(&times), Unit::Ms)
                    .samples(&times)
                    .note(how),
            );
            r.add(Figure::new(
                format!("{name}: peak memory"),
                stats::max(&rss),
                Unit::Mb,
            ));
        }
        Err(e) => {
            r.add(Figure::missing(
                format!("{name}: time"),
                Unit::Ms,
                e.to_string(),
            ));
            r.add(Figure::missing(
                format!("{name}: peak memory"),
                Unit::Mb,
                e.to_string(),
            ));
        }
    }
}

fn commits(s: &Settings, db: &Path, work: &Path) -> io::Result<Vec<Run>> {
    database::copy(&s.paths.warm, db)?;
    let mut runs = Vec::new();
    for i in 1..=s.runs {
        let title = format!("Benchmark risk {i}");
        let mut cmd = s.hubboard(
            db,
            s.today,
            &[
                "risk",
                "add",
                "--title",
                &title,
                "--category",
                "service",
                "--owner",
                "Hub manager",
                "--probability",
                "3",
                "--impact",
                "2",
                "--review",
                "2027-01-31",
                "--reason",
                "Benchmark",
            ],
        );
        let (run, err) = run_logged(&mut cmd, work, &format!("commit-{i}"))?;
        if !run.ok() {
            return Err(io::Error::other(run.failure(&err)));
        }
        runs.push(run);
    }
    Ok(runs)
}
