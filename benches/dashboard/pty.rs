//! The pseudo-terminal the dashboard runs in: opening it at a given size, starting the program
//! on its slave side as the session leader with it as the controlling terminal, reading what the
//! program writes into a `vt100` screen (noting where each synchronised frame ends), writing keys,
//! and always ending and reaping the child. The bench's own terminal is never touched.

use std::fs::File;
use std::io::{self, Read as _, Write as _};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What ends a frame: crossterm's `EndSynchronizedUpdate`.
pub const FRAME_END: &[u8] = b"\x1b[?2026l";

/// How the child ended: its exit code (or the signal that ended it) and its peak resident set.
#[derive(Debug, Clone, Copy)]
pub struct Exit {
    pub code: Option<i32>,
    pub signal: Option<i32>,
    pub max_rss_kb: u64,
}

/// One read from the terminal.
pub enum Chunk {
    /// `n` bytes arrived at `at`; `frame_ends` are the offsets just past each frame end in them.
    Bytes {
        n: usize,
        at: Instant,
        frame_ends: Vec<usize>,
    },
    /// Nothing arrived before the deadline.
    Quiet,
    /// The child closed the terminal (it has exited).
    Closed,
}

/// Finds frame ends in a byte stream that arrives in pieces, a marker possibly split across two.
#[derive(Default)]
struct FrameEnds {
    tail: Vec<u8>,
}

impl FrameEnds {
    fn feed(&mut self, bytes: &[u8]) -> Vec<usize> {
        let carried = self.tail.len();
        let mut joined = std::mem::take(&mut self.tail);
        joined.extend_from_slice(bytes);
        let ends = joined
            .windows(FRAME_END.len())
            .enumerate()
            .filter(|(_, w)| *w == FRAME_END)
            .map(|(i, _)| i + FRAME_END.len() - carried)
            .collect();
        let keep = joined.len().min(FRAME_END.len() - 1);
        self.tail = joined[joined.len() - keep..].to_vec();
        ends
    }
}

/// A program running in a pseudo-terminal of its own.
pub struct Terminal {
    master: File,
    pid: libc::pid_t,
    exit: Option<Exit>,
    parser: vt100::Parser,
    frames: FrameEnds,
    /// Just before the program was started.
    pub started: Instant,
    pub bytes_read: usize,
}

/// The program's command line and environment.
pub struct Spawn<'a> {
    pub program: &'a Path,
    pub args: Vec<String>,
    pub cols: u16,
    pub rows: u16,
}

fn last_error<T>() -> io::Result<T> {
    Err(io::Error::last_os_error())
}

/// Opens a pseudo-terminal pair of the given size: (master, slave), the master non-blocking and
/// not inherited by children.
fn open_pair(cols: u16, rows: u16) -> io::Result<(OwnedFd, OwnedFd)> {
    let (mut master, mut slave) = (-1, -1);
    let size = libc::winsize {
        ws_row: rows,
        ws_col: cols,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: openpty writes two descriptors it opened; the name and termios pointers may be null.
    let rc = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            &size,
        )
    };
    if rc != 0 {
        return last_error();
    }
    // SAFETY: both descriptors were just opened and are owned by nobody else.
    let (master, slave) = unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
    for (fd, flags) in [
        (master.as_raw_fd(), libc::O_NONBLOCK),
        (slave.as_raw_fd(), 0),
    ] {
        // SAFETY: plain fcntl calls on descriptors we own.
        unsafe {
            if libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC) < 0 {
                return last_error();
            }
            if flags != 0 {
                let old = libc::fcntl(fd, libc::F_GETFL);
                if old < 0 || libc::fcntl(fd, libc::F_SETFL, old | flags) < 0 {
                    return last_error();
                }
            }
        }
    }
    Ok((master, slave))
}

/// The command, its standard streams on the slave, in a new session with the slave as its
/// controlling terminal.
fn command(spec: &Spawn, slave: &OwnedFd) -> io::Result<Command> {
    let mut cmd = Command::new(spec.program);
    cmd.args(&spec.args)
        .env("TERM", "xterm-256color")
        .env("COLUMNS", spec.cols.to_string())
        .env("LINES", spec.rows.to_string())
        .env_remove("NO_COLOR")
        .env_remove("HUBBOARD_DB")
        .env_remove("HUBBOARD_TODAY")
        .stdin(Stdio::from(slave.try_clone()?))
        .stdout(Stdio::from(slave.try_clone()?))
        .stderr(Stdio::from(slave.try_clone()?));
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            if libc::setsid() < 0 {
                return last_error();
            }
            if libc::ioctl(0, libc::TIOCSCTTY, 0) < 0 {
                return last_error();
            }
            Ok(())
        });
    }
    Ok(cmd)
}

impl Terminal {
    pub fn spawn(spec: &Spawn) -> io::Result<Terminal> {
        let (master, slave) = open_pair(spec.cols, spec.rows)?;
        let mut cmd = command(spec, &slave)?;
        let started = Instant::now();
        let child = cmd.spawn()?;
        // The parent keeps no slave descriptor, so the master reads end-of-file once the child
        // and anything it started have gone.
        drop(cmd);
        drop(slave);
        Ok(Terminal {
            master: File::from(master),
            pid: child.id() as libc::pid_t,
            exit: None,
            parser: vt100::Parser::new(spec.rows, spec.cols, 0),
            frames: FrameEnds::default(),
            started,
            bytes_read: 0,
        })
    }

    /// Waits until `deadline` for output and reads what is there (at most 64 KiB).
    pub fn read(&mut self, deadline: Instant) -> io::Result<Chunk> {
        let wait = deadline.saturating_duration_since(Instant::now());
        let mut pfd = libc::pollfd {
            fd: self.master.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        let ms = wait.as_micros().div_ceil(1000).min(i32::MAX as u128) as i32;
        // SAFETY: one valid pollfd.
        let rc = unsafe { libc::poll(&mut pfd, 1, ms) };
        if rc < 0 {
            let e = io::Error::last_os_error();
            return if e.kind() == io::ErrorKind::Interrupted {
                Ok(Chunk::Quiet)
            } else {
                Err(e)
            };
        }
        if rc == 0 {
            return Ok(Chunk::Quiet);
        }
        self.read_ready()
    }

    fn read_ready(&mut self) -> io::Result<Chunk> {
        let mut buf = [0u8; 65536];
        match self.master.read(&mut buf) {
            Ok(0) => Ok(Chunk::Closed),
            Ok(n) => {
                let at = Instant::now();
                self.parser.process(&buf[..n]);
                self.bytes_read += n;
                let frame_ends = self.frames.feed(&buf[..n]);
                Ok(Chunk::Bytes { n, at, frame_ends })
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => Ok(Chunk::Quiet),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => Ok(Chunk::Quiet),
            // Linux says EIO on the master once the slave side is closed.
            Err(e) if e.raw_os_error() == Some(libc::EIO) => Ok(Chunk::Closed),
            Err(e) => Err(e),
        }
    }

    /// Reads until nothing has arrived for `quiet` (or `limit` passes); returns the bytes read.
    pub fn drain_quiet(&mut self, quiet: Duration, limit: Instant) -> io::Result<usize> {
        let mut total = 0;
        loop {
            let deadline = (Instant::now() + quiet).min(limit);
            match self.read(deadline)? {
                Chunk::Bytes { n, .. } => total += n,
                Chunk::Quiet | Chunk::Closed => return Ok(total),
            }
            if Instant::now() >= limit {
                return Ok(total);
            }
        }
    }

    /// Writes a key's bytes to the program.
    pub fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        let mut rest = bytes;
        let limit = Instant::now() + Duration::from_secs(2);
        while !rest.is_empty() {
            match self.master.write(rest) {
                Ok(n) => rest = &rest[n..],
                Err(e) if e.kind() == io::ErrorKind::WouldBlock && Instant::now() < limit => {
                    // The program is not reading; keep its output flowing meanwhile.
                    self.read(Instant::now() + Duration::from_millis(5))?;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// The screen's lines, trailing blanks trimmed.
    pub fn lines(&self) -> Vec<String> {
        let (_, cols) = self.parser.screen().size();
        self.parser
            .screen()
            .rows(0, cols)
            .map(|l| l.trim_end().to_string())
            .collect()
    }

    pub fn contents(&self) -> String {
        self.parser.screen().contents()
    }

    /// The peak resident set so far (`VmHWM`), in KiB.
    pub fn vm_hwm_kb(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid)).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        line.split_whitespace().nth(1)?.parse().ok()
    }

    /// Sends `key` (the program's quit key) and waits up to `timeout` for the program to end;
    /// kills it if it has not. Always reaps it.
    pub fn quit(&mut self, key: &[u8], timeout: Duration) -> Exit {
        let deadline = Instant::now() + timeout;
        if self.write(key).is_ok() {
            while Instant::now() < deadline {
                match self.read(deadline) {
                    Ok(Chunk::Bytes { .. }) | Ok(Chunk::Quiet) => {}
                    Ok(Chunk::Closed) | Err(_) => break,
                }
            }
        }
        while self.exit.is_none() && Instant::now() < deadline {
            if self.try_reap().is_none() {
                std::thread::sleep(Duration::from_millis(2));
            }
        }
        self.kill_and_reap()
    }

    /// Reaps the child if it has exited.
    fn try_reap(&mut self) -> Option<Exit> {
        if self.exit.is_none() {
            self.exit = reap(self.pid, libc::WNOHANG);
        }
        self.exit
    }

    /// Kills the child (if it is still running) and reaps it.
    pub fn kill_and_reap(&mut self) -> Exit {
        if let Some(e) = self.try_reap() {
            return e;
        }
        // SAFETY: the pid is our own unreaped child, so it cannot have been reused.
        unsafe { libc::kill(self.pid, libc::SIGKILL) };
        let exit = reap(self.pid, 0).unwrap_or(Exit {
            code: None,
            signal: Some(libc::SIGKILL),
            max_rss_kb: 0,
        });
        self.exit = Some(exit);
        exit
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        self.kill_and_reap();
    }
}

/// `wait4` on one child: `None` while it runs (with `WNOHANG`) or on an error.
pub fn reap(pid: libc::pid_t, flags: libc::c_int) -> Option<Exit> {
    let mut status = 0;
    // SAFETY: rusage is plain data; wait4 fills it in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: valid pointers to locals.
        let rc = unsafe { libc::wait4(pid, &mut status, flags, &mut usage) };
        if rc == pid {
            return Some(Exit {
                code: libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status)),
                signal: libc::WIFSIGNALED(status).then(|| libc::WTERMSIG(status)),
                max_rss_kb: usage.ru_maxrss.max(0) as u64,
            });
        }
        if rc == 0 {
            return None;
        }
        if io::Error::last_os_error().kind() != io::ErrorKind::Interrupted {
            return None;
        }
    }
}
