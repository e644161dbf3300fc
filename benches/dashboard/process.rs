//! Whole-process runs of plain commands (no terminal): wall time from start to exit and peak
//! resident set from `wait4`'s rusage, with a timeout after which the child is killed; the child
//! is always reaped.

use std::fs::File;
use std::io;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::pty::{Exit, reap};

/// How one run went.
#[derive(Debug, Clone)]
pub struct Run {
    pub wall: Duration,
    pub exit: Exit,
    pub timed_out: bool,
}

impl Run {
    pub fn ok(&self) -> bool {
        !self.timed_out && self.exit.code == Some(0)
    }

    pub fn wall_ms(&self) -> f64 {
        self.wall.as_secs_f64() * 1000.0
    }

    pub fn max_rss_mb(&self) -> f64 {
        self.exit.max_rss_kb as f64 / 1024.0
    }

    /// Why the run failed, in a few words, with the first line of what it said in `log`.
    pub fn failure(&self, log: &Path) -> String {
        let said = std::fs::read_to_string(log)
            .ok()
            .and_then(|s| s.lines().find(|l| !l.trim().is_empty()).map(str::to_string))
            .unwrap_or_default();
        let how = if self.timed_out {
            format!("timed out after {:.0} s", self.wall.as_secs_f64())
        } else if let Some(sig) = self.exit.signal {
            format!("ended by signal {sig}")
        } else {
            format!("exit code {}", self.exit.code.unwrap_or(-1))
        };
        if said.is_empty() {
            how
        } else {
            format!("{how}: {said}")
        }
    }
}

/// Where a run's standard streams go.
pub enum Output<'a> {
    /// Both to the bench's own output (for the demo's progress).
    Inherit,
    /// Standard output to one file, standard error to another.
    Files { stdout: &'a Path, stderr: &'a Path },
}

/// Runs `cmd` to completion or until `timeout`, with standard input from `stdin` (or nothing).
pub fn run(
    cmd: &mut Command,
    stdin: Option<&Path>,
    output: Output,
    timeout: Duration,
) -> io::Result<Run> {
    cmd.stdin(match stdin {
        Some(p) => Stdio::from(File::open(p)?),
        None => Stdio::null(),
    });
    match output {
        Output::Inherit => cmd.stdout(Stdio::inherit()).stderr(Stdio::inherit()),
        Output::Files { stdout, stderr } => cmd
            .stdout(Stdio::from(File::create(stdout)?))
            .stderr(Stdio::from(File::create(stderr)?)),
    };
    cmd.env_remove("HUBBOARD_DB")
        .env_remove("HUBBOARD_TODAY")
        .env_remove("NO_COLOR");
    let started = Instant::now();
    let child = cmd.spawn()?;
    let pid = child.id() as libc::pid_t;
    drop(child);
    let (tx, rx) = mpsc::channel();
    // A blocking wait4 on its own thread, so the exit is timed to when it happened.
    std::thread::spawn(move || {
        let exit = reap(pid, 0);
        let _ = tx.send((exit, Instant::now()));
    });
    let (exit, ended, timed_out) = match rx.recv_timeout(timeout) {
        Ok((exit, ended)) => (exit, ended, false),
        Err(_) => {
            // SAFETY: the child is not yet reaped (the waiting thread has not reported).
            unsafe { libc::kill(pid, libc::SIGKILL) };
            let (exit, ended) = rx
                .recv()
                .map_err(|_| io::Error::other("the waiting thread went away"))?;
            (exit, ended, true)
        }
    };
    let exit = exit.ok_or_else(|| io::Error::other("wait4 failed"))?;
    Ok(Run {
        wall: ended - started,
        exit,
        timed_out,
    })
}
