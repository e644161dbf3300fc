//! The floor: the same work done by the `sqlite3` shell, whole process. Each pane's first screen
//! as plain SQL (the columns the pane shows, in the pane's order, `LIMIT 40`; the tables from
//! `src/store/migrations/`, the orders from `src/ui/rows.rs` and `src/dashboard/`), all of them in
//! one process, `.mode csv` output of the biggest tables to files, and `.import` of those files
//! into a new database.

use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use chrono::NaiveDate;

use super::database;
use super::process::{self, Output, Run};
use super::report::{Figure, Report, Unit};
use super::settings::Settings;
use super::stats;

pub const SQLITE3: &str = "/usr/bin/sqlite3";
/// The tables the floor's export and import move.
pub const BIG_TABLES: [&str; 2] = ["monitoring_returns", "subcontracts"];
const TIMEOUT: Duration = Duration::from_secs(900);

const OPEN_STAGES: &str =
    "('identified', 'pre_qualification', 'invitation_to_tender', 'submitted')";

/// Name of the figure for the whole first screen through sqlite3.
pub const SCREEN: &str = "floor: sqlite3 first screen (all panes): time";

/// The tenders pane: totals by stage, then open opportunities by deadline, closed ones after.
fn tenders() -> String {
    format!(
        "SELECT stage, COUNT(*), SUM(CAST(value AS REAL)) FROM opportunities GROUP BY stage;
         SELECT o.code, o.title, o.stage, o.deadline, o.value, o.bid_score, o.decision,
                o.top_slice_pct, c.name
           FROM opportunities o JOIN commissioners c ON c.code = o.commissioner
          ORDER BY o.stage NOT IN {OPEN_STAGES}, o.deadline, o.code
          LIMIT 40;"
    )
}

/// The capacity pane: each current member's service lines by member name, with the units its
/// proposed and active sub-contracts commit there.
fn capacity() -> String {
    "SELECT COUNT(*) FROM member_capacity;
     SELECT m.name, c.service_line, c.units_per_month,
            (SELECT COALESCE(SUM(s.units_per_month), 0)
               FROM subcontracts s JOIN opportunities o ON o.code = s.opportunity
              WHERE s.member = c.member AND o.service_line = c.service_line
                AND s.status IN ('proposed', 'active')) AS committed
       FROM member_capacity c JOIN members m ON m.code = c.member
      WHERE m.left_on IS NULL
      ORDER BY lower(m.name), m.code, c.service_line
      LIMIT 40;"
        .to_string()
}

/// The performance pane: active and suspended sub-contracts, worst first by the cached scores.
fn performance() -> String {
    "SELECT COUNT(*) FROM subcontracts WHERE status IN ('active', 'suspended');
     SELECT s.code, m.name, p.overall, p.standing, s.status
       FROM subcontracts s
       JOIN members m ON m.code = s.member
       LEFT JOIN subcontract_scores p ON p.subcontract = s.code
      WHERE s.status IN ('active', 'suspended')
      ORDER BY COALESCE(p.standing IN ('requires_improvement', 'inadequate'), 0) DESC,
               p.overall IS NULL, CAST(p.overall AS REAL), s.code
      LIMIT 40;"
        .to_string()
}

/// The risks pane: the open risks' gross grid on the Knowsley scale, and the risks in the
/// busiest cell by score and code.
fn risks() -> String {
    "SELECT gross_probability, gross_impact, COUNT(*) FROM risks
      WHERE status = 'open' AND scale = 'knowsley' GROUP BY 1, 2;
     SELECT code, title, gross_probability, gross_impact, net_probability, net_impact, review_date
       FROM risks
      WHERE status = 'open' AND scale = 'knowsley'
        AND (gross_probability, gross_impact) = (
            SELECT gross_probability, gross_impact FROM risks
             WHERE status = 'open' AND scale = 'knowsley'
             GROUP BY 1, 2 ORDER BY COUNT(*) DESC LIMIT 1)
      ORDER BY gross_probability * gross_impact DESC, code
      LIMIT 40;"
        .to_string()
}

/// The strip of headline figures above the panes.
fn summary(today: NaiveDate) -> String {
    format!(
        "SELECT COUNT(*), SUM(CAST(value AS REAL)) FROM opportunities WHERE stage IN {OPEN_STAGES};
         SELECT COUNT(*), SUM(CAST(value AS REAL)) FROM subcontracts WHERE status = 'active';
         SELECT COUNT(*) FROM subcontract_scores
          WHERE standing IN ('requires_improvement', 'inadequate');
         SELECT COUNT(*) FROM monitoring_returns r JOIN subcontracts s ON s.code = r.subcontract
          WHERE r.submitted IS NULL AND r.due < '{today}' AND s.status IN ('active', 'suspended');
         SELECT COUNT(*) FROM risks WHERE status = 'open' AND review_date < '{today}';"
    )
}

pub fn panes(today: NaiveDate) -> Vec<(&'static str, String)> {
    vec![
        ("summary strip", summary(today)),
        ("tenders", tenders()),
        ("capacity", capacity()),
        ("performance", performance()),
        ("risks", risks()),
    ]
}

/// `sqlite3 [-readonly] DB` reading `script` on standard input.
fn sqlite(db: &Path, script: &Path, read_only: bool, work: &Path, label: &str) -> io::Result<Run> {
    let mut cmd = Command::new(SQLITE3);
    if read_only {
        cmd.arg("-readonly");
    }
    cmd.arg(db);
    let (out, err) = (
        work.join(format!("{label}.out")),
        work.join(format!("{label}.err")),
    );
    let run = process::run(
        &mut cmd,
        Some(script),
        Output::Files {
            stdout: &out,
            stderr: &err,
        },
        TIMEOUT,
    )?;
    let said = std::fs::read_to_string(&err).unwrap_or_default();
    if run.ok() && said.trim().is_empty() {
        Ok(run)
    } else {
        Err(io::Error::other(format!(
            "sqlite3 {label}: {}",
            run.failure(&err)
        )))
    }
}

/// Runs `sql` `runs` times, each a whole sqlite3 process; the wall times and peak memories.
fn repeat(db: &Path, sql: &str, runs: usize, work: &Path, label: &str) -> io::Result<Vec<Run>> {
    let script = work.join(format!("{label}.sql"));
    std::fs::write(&script, sql)?;
    (0..runs)
        .map(|_| sqlite(db, &script, true, work, label))
        .collect()
}

fn add_timed(r: &mut Report, name: &str, outcome: io::Result<Vec<Run>>) {
    match outcome {
        Ok(runs) => {
            let ms: Vec<f64> = runs.iter().map(Run::wall_ms).collect();
            let mb: Vec<f64> = runs.iter().map(Run::max_rss_mb).collect();
            r.add(Figure::new(format!("{name}: time"), stats::median(&ms), Unit::Ms).samples(&ms));
            r.add(Figure::new(
                format!("{name}: peak memory"),
                stats::max(&mb),
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

/// Each pane's first-screen query, and all of them in one process, on `db`.
pub fn first_screen(s: &Settings, r: &mut Report, db: &Path, work: &Path) {
    let all: String = panes(s.today)
        .into_iter()
        .map(|(name, sql)| {
            let label = format!("floor-{}", name.replace(' ', "-"));
            let outcome = repeat(db, &sql, s.runs, work, &label);
            add_timed(r, &format!("floor: sqlite3 {name}"), outcome);
            sql
        })
        .collect::<Vec<_>>()
        .join("\n");
    let outcome = repeat(db, &all, s.runs, work, "floor-screen");
    add_timed(r, "floor: sqlite3 first screen (all panes)", outcome);
}

/// `.mode csv` output of the biggest tables to files in `work/floor-export/`.
pub fn export(db: &Path, work: &Path) -> io::Result<(Run, PathBuf)> {
    let dir = work.join("floor-export");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let mut script = String::from(".headers on\n.mode csv\n");
    for t in BIG_TABLES {
        script += &format!(
            ".once {}\nSELECT * FROM {t};\n",
            dir.join(format!("{t}.csv")).display()
        );
    }
    let path = work.join("floor-export.sql");
    std::fs::write(&path, script)?;
    let run = sqlite(db, &path, true, work, "floor-export")?;
    Ok((run, dir))
}

/// `.import` of those files into a new database.
pub fn import(dir: &Path, work: &Path) -> io::Result<Run> {
    let db = work.join("floor-imported.db");
    database::remove(&db);
    let mut script = String::new();
    for t in BIG_TABLES {
        script += &format!(
            ".import --csv {} {t}\n",
            dir.join(format!("{t}.csv")).display()
        );
    }
    let path = work.join("floor-import.sql");
    std::fs::write(&path, script)?;
    let run = sqlite(&db, &path, false, work, "floor-import");
    database::remove(&db);
    run
}
