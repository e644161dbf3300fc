//! What the bench was asked to do (environment variables), where its files live under
//! `target/bench/`, and the facts about the machine recorded with the figures.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;

/// The date every run treats as today (the demo is built on it).
pub const TODAY: &str = "2026-11-22";
/// The terminal every pty run gets.
pub const COLS: u16 = 120;
pub const ROWS: u16 = 40;

#[derive(Debug, Clone)]
pub struct Settings {
    /// `large` or `small` (`HUBBOARD_BENCH_SIZE`).
    pub size: String,
    /// Runs per startup variant (`HUBBOARD_BENCH_RUNS`, default 5).
    pub runs: usize,
    /// Build the demo again even if present (`HUBBOARD_BENCH_REBUILD=1`).
    pub rebuild: bool,
    pub bin: PathBuf,
    pub today: NaiveDate,
    pub paths: Paths,
}

#[derive(Debug, Clone)]
pub struct Paths {
    /// `target/bench`.
    pub dir: PathBuf,
    /// The database the warm runs, keys and commands use.
    pub warm: PathBuf,
    /// The demo as built, never opened by the dashboard.
    pub pristine: PathBuf,
    /// Scratch space for copies, exports and logs; emptied at the start.
    pub work: PathBuf,
    /// An empty configuration file, so a developer's own configuration plays no part.
    pub config: PathBuf,
    pub json: PathBuf,
}

impl Settings {
    pub fn from_env() -> Settings {
        let size = match std::env::var("HUBBOARD_BENCH_SIZE").as_deref() {
            Ok("small") => "small".to_string(),
            _ => "large".to_string(),
        };
        let runs = std::env::var("HUBBOARD_BENCH_RUNS")
            .ok()
            .and_then(|v| v.trim().parse::<usize>().ok())
            .filter(|n| *n > 0)
            .unwrap_or(5);
        let rebuild = std::env::var("HUBBOARD_BENCH_REBUILD").is_ok_and(|v| v.trim() == "1");
        // Another build (an earlier release, to compare with) and a directory of its own.
        let built = PathBuf::from(env!("CARGO_BIN_EXE_hubboard"));
        let bin = std::env::var_os("HUBBOARD_BENCH_BIN").map_or(built.clone(), PathBuf::from);
        let dir = std::env::var_os("HUBBOARD_BENCH_DIR")
            .map_or_else(|| target_dir(&built).join("bench"), PathBuf::from);
        let paths = Paths::new(&dir, &size);
        Settings {
            size,
            runs,
            rebuild,
            bin,
            today: NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").expect("a valid date"),
            paths,
        }
    }

    /// The options every run of hubboard starts with: the database, the date and the empty
    /// configuration.
    pub fn global_args(&self, db: &Path, today: NaiveDate) -> Vec<String> {
        vec![
            "--db".into(),
            db.display().to_string(),
            "--today".into(),
            today.format("%Y-%m-%d").to_string(),
            "--config".into(),
            self.paths.config.display().to_string(),
        ]
    }

    /// `hubboard --db DB --today DAY --config EMPTY` followed by `args`.
    pub fn hubboard(&self, db: &Path, today: NaiveDate, args: &[&str]) -> Command {
        let mut cmd = Command::new(&self.bin);
        cmd.args(self.global_args(db, today)).args(args);
        cmd
    }
}

impl Paths {
    fn new(dir: &Path, size: &str) -> Paths {
        let dir = dir.to_path_buf();
        let json = if size == "large" {
            dir.join("dashboard.json")
        } else {
            dir.join(format!("dashboard-{size}.json"))
        };
        Paths {
            warm: dir.join(format!("{size}.db")),
            pristine: dir.join(format!("{size}-pristine.db")),
            work: dir.join(format!("work-{size}")),
            config: dir.join("empty-config.toml"),
            json,
            dir,
        }
    }
}

/// `target/`: the binary lives in `target/release/`.
fn target_dir(bin: &Path) -> PathBuf {
    bin.parent()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
}

/// The machine and the moment, recorded beside the figures.
#[derive(Debug, Clone)]
pub struct Machine {
    pub cores: usize,
    pub load_average: String,
    pub commit: Option<String>,
    pub date: String,
}

impl Machine {
    pub fn now() -> Machine {
        Machine {
            cores: std::thread::available_parallelism().map_or(0, |n| n.get()),
            load_average: load_average(),
            commit: git_commit(),
            date: chrono::Local::now()
                .format("%Y-%m-%d %H:%M:%S %z")
                .to_string(),
        }
    }
}

/// The commit this bench was built from, or, when it measures another build
/// (`HUBBOARD_BENCH_BIN`), that build's path: the commit would say nothing about it.
fn git_commit() -> Option<String> {
    if let Some(bin) = std::env::var_os("HUBBOARD_BENCH_BIN") {
        return Some(format!("the build at {}", Path::new(&bin).display()));
    }
    let out = Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    let s = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (out.status.success() && !s.is_empty()).then_some(s)
}

/// The 1, 5 and 15 minute load averages, as the kernel gives them.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}
