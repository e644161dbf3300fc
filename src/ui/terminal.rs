//! Entering and leaving the terminal's full-screen mode, and making sure we always leave it: on
//! quit, on error (the guard's drop), on panic (the hook) and on SIGHUP/SIGTERM/SIGINT (a flag the
//! event loop checks, so a dropped SSH session ends the program cleanly).

use std::io::{self, Stdout, Write};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

pub type Term = Terminal<CrosstermBackend<Screen>>;

/// Standard output, through the sixteen-colour rewriter where the terminal needs it.
pub enum Screen {
    Direct(Stdout),
    Sixteen(super::colours::Sixteen<Stdout>),
}

impl Screen {
    fn here() -> Screen {
        if super::colours::sixteen_only_here() {
            Screen::Sixteen(super::colours::Sixteen::new(io::stdout()))
        } else {
            Screen::Direct(io::stdout())
        }
    }
}

impl Write for Screen {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Screen::Direct(w) => w.write(buf),
            Screen::Sixteen(w) => w.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Screen::Direct(w) => w.flush(),
            Screen::Sixteen(w) => w.flush(),
        }
    }
}

/// Restores the terminal when dropped, however the dashboard ends.
pub struct Guard {
    pub terminal: Term,
}

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

pub fn enter(mouse: bool) -> io::Result<Guard> {
    enable_raw_mode()?;
    let mut out = io::stdout();
    let entered = execute!(
        out,
        EnterAlternateScreen,
        cursor::Hide,
        EnableBracketedPaste
    )
    .and_then(|_| {
        if mouse {
            execute!(out, EnableMouseCapture)
        } else {
            Ok(())
        }
    });
    if let Err(e) = entered {
        restore();
        return Err(e);
    }
    let terminal =
        Terminal::new(CrosstermBackend::new(Screen::here())).inspect_err(|_| restore())?;
    Ok(Guard { terminal })
}

/// Leaves raw mode and the alternate screen and shows the cursor. Safe to call more than once and
/// when the terminal has gone (errors are ignored: there is nobody left to tell).
pub fn restore() {
    let _ = disable_raw_mode();
    let mut out = io::stdout();
    let _ = execute!(
        out,
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = out.flush();
}

/// Restores the terminal before the panic message is printed, so it is readable.
pub fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

/// A flag raised by SIGHUP, SIGTERM or SIGINT.
pub fn termination_flag() -> io::Result<Arc<AtomicBool>> {
    let flag = Arc::new(AtomicBool::new(false));
    for sig in [
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGINT,
    ] {
        signal_hook::flag::register(sig, Arc::clone(&flag))?;
    }
    Ok(flag)
}
