//! Entering and leaving the terminal's full-screen mode, and making sure we always leave it: on
//! quit, on error (the guard's drop), on panic (the hook) and on SIGHUP/SIGTERM/SIGINT/SIGQUIT (a
//! flag the event loop checks, so a dropped SSH session ends the program cleanly); on SIGTSTP it
//! is given back while the program is stopped and taken again when it continues.

use std::io::{self, Stdout, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

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
    mouse: bool,
    /// Raised by SIGTSTP: suspend as a shell's job control asks.
    suspend: Arc<AtomicBool>,
}

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

/// Raw mode, the alternate screen, no cursor, bracketed paste and (if asked) the mouse.
fn take_over(mouse: bool) -> io::Result<()> {
    enable_raw_mode()?;
    let mut out = io::stdout();
    execute!(
        out,
        EnterAlternateScreen,
        cursor::Hide,
        EnableBracketedPaste
    )?;
    if mouse {
        execute!(out, EnableMouseCapture)?;
    }
    Ok(())
}

pub fn enter(mouse: bool) -> io::Result<Guard> {
    if let Err(e) = take_over(mouse) {
        restore();
        return Err(e);
    }
    let suspend = Arc::new(AtomicBool::new(false));
    signal_hook::flag::register(signal_hook::consts::SIGTSTP, Arc::clone(&suspend))
        .inspect_err(|_| restore())?;
    let terminal =
        Terminal::new(CrosstermBackend::new(Screen::here())).inspect_err(|_| restore())?;
    Ok(Guard {
        terminal,
        mouse,
        suspend,
    })
}

impl Guard {
    /// After a SIGTSTP (`kill -TSTP`, a shell's job control): gives the terminal back, stops
    /// until continued (`fg`), then takes it again and clears it for a full redraw. Returns
    /// whether that happened (the screen must be drawn again).
    pub fn suspend_if_asked(&mut self) -> io::Result<bool> {
        if !self.suspend.swap(false, Ordering::Relaxed) {
            return Ok(false);
        }
        restore();
        signal_hook::low_level::raise(signal_hook::consts::SIGSTOP)?;
        take_over(self.mouse)?;
        // Clear the screen and forget the last frame, so the next draw paints every cell (without
        // asking the terminal where its cursor is: the input reader would take the answer).
        ratatui::backend::Backend::clear(self.terminal.backend_mut())?;
        self.terminal.swap_buffers();
        Ok(true)
    }
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

/// A flag raised by SIGHUP, SIGTERM, SIGINT or SIGQUIT.
pub fn termination_flag() -> io::Result<Arc<AtomicBool>> {
    let flag = Arc::new(AtomicBool::new(false));
    for sig in [
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGQUIT,
    ] {
        signal_hook::flag::register(sig, Arc::clone(&flag))?;
    }
    Ok(flag)
}
