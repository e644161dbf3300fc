//! The demo databases under `target/bench/`: building the pristine demo with the release binary
//! (or reusing it), the warm copy the dashboard opens again and again, fresh copies for the
//! new-database runs, and dropping the page cache before a cold run.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::process::{self, Output};
use super::settings::Settings;

/// The files SQLite and hubboard keep beside a database.
const COMPANIONS: [&str; 4] = ["-wal", "-shm", ".key", ".seal"];

fn companion(db: &Path, suffix: &str) -> PathBuf {
    PathBuf::from(format!("{}{suffix}", db.display()))
}

/// Removes a database and every file beside it.
pub fn remove(db: &Path) {
    let _ = fs::remove_file(db);
    for s in COMPANIONS {
        let _ = fs::remove_file(companion(db, s));
    }
}

/// Copies a closed database with its write-ahead log, key and seal (whichever exist); the copy's
/// stale companions are removed first.
pub fn copy(from: &Path, to: &Path) -> io::Result<()> {
    remove(to);
    fs::copy(from, to)?;
    for s in ["-wal", ".key", ".seal"] {
        let src = companion(from, s);
        if src.exists() {
            fs::copy(&src, companion(to, s))?;
        }
    }
    Ok(())
}

/// How the demo was come by.
pub enum Built {
    Reused,
    Built { seconds: f64 },
}

/// Builds the pristine demo when it is missing or a rebuild was asked for, and makes the warm
/// copy from it when that is missing too.
pub fn ensure(s: &Settings) -> io::Result<Built> {
    fs::create_dir_all(&s.paths.dir)?;
    fs::write(&s.paths.config, "")?;
    let p = &s.paths;
    let built = if s.rebuild || !p.pristine.exists() || !p.warm.exists() {
        let seconds = build(s)?;
        copy(&p.pristine, &p.warm)?;
        Built::Built { seconds }
    } else {
        Built::Reused
    };
    Ok(built)
}

/// `hubboard --db PRISTINE --today D demo --size SIZE --seed 1`, its progress shown as it goes.
fn build(s: &Settings) -> io::Result<f64> {
    remove(&s.paths.pristine);
    remove(&s.paths.warm);
    println!(
        "building the {} demo at {} (seed 1, today {}) …",
        s.size,
        s.paths.pristine.display(),
        s.today
    );
    let mut cmd = s.hubboard(
        &s.paths.pristine,
        s.today,
        &["demo", "--size", &s.size, "--seed", "1"],
    );
    let run = process::run(&mut cmd, None, Output::Inherit, Duration::from_secs(3600))?;
    if !run.ok() {
        return Err(io::Error::other(format!(
            "building the demo failed ({})",
            run.failure(Path::new("/dev/null"))
        )));
    }
    let seconds = run.wall.as_secs_f64();
    println!("built in {seconds:.1} s");
    Ok(seconds)
}

/// Whether the page cache was emptied before a cold run, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheDrop {
    /// `sync` and `1` written to `/proc/sys/vm/drop_caches`.
    Dropped,
    /// Not permitted; the copied file's own pages were evicted with `posix_fadvise` instead.
    FileEvicted,
    NotDropped,
}

impl CacheDrop {
    pub fn words(self) -> &'static str {
        match self {
            CacheDrop::Dropped => "page cache dropped (sync; 1 > /proc/sys/vm/drop_caches)",
            CacheDrop::FileEvicted => {
                "drop_caches not permitted: the copy's own pages evicted (posix_fadvise DONTNEED)"
            }
            CacheDrop::NotDropped => "page cache could not be dropped",
        }
    }
}

/// Empties the page cache, or failing that evicts `db`'s pages.
pub fn drop_page_cache(db: &Path) -> CacheDrop {
    // SAFETY: sync takes no arguments and cannot fail.
    unsafe { libc::sync() };
    if fs::write("/proc/sys/vm/drop_caches", "1").is_ok() {
        return CacheDrop::Dropped;
    }
    if evict(db).is_ok() {
        CacheDrop::FileEvicted
    } else {
        CacheDrop::NotDropped
    }
}

fn evict(db: &Path) -> io::Result<()> {
    use std::os::fd::AsRawFd;
    let f = fs::File::open(db)?;
    f.sync_all()?;
    // SAFETY: an advisory call on an open descriptor.
    let rc = unsafe { libc::posix_fadvise(f.as_raw_fd(), 0, 0, libc::POSIX_FADV_DONTNEED) };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::from_raw_os_error(rc))
    }
}

/// The schema version SQLite records (`PRAGMA user_version`), read with the sqlite3 shell.
pub fn schema_version(db: &Path) -> Option<u32> {
    let out = std::process::Command::new("sqlite3")
        .arg("-readonly")
        .arg(db)
        .arg("PRAGMA user_version;")
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    String::from_utf8(out.stdout).ok()?.trim().parse().ok()
}

/// The scratch directory, emptied.
pub fn fresh_work_dir(s: &Settings) -> io::Result<PathBuf> {
    let _ = fs::remove_dir_all(&s.paths.work);
    fs::create_dir_all(&s.paths.work)?;
    Ok(s.paths.work.clone())
}

/// Bytes a directory's files hold (not recursive).
pub fn dir_bytes(dir: &Path) -> u64 {
    fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok()?.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}
