//! Presentation mode: the Board's figures as full-screen slides for a projector. It opens the
//! database read-only, reads the headline figures and shows their slide, reads everything else
//! once behind it, and offers no key that changes anything: its own small event loop knows only
//! moving between slides, drilling in, redaction and quitting.

pub mod big;
mod big_table;
pub mod figures;
pub mod heat;
pub mod keys;
pub mod state;
pub mod table;
pub mod view;

use std::path::Path;
use std::sync::atomic::Ordering;
use std::sync::mpsc;
use std::time::Duration;

use chrono::NaiveDate;
use crossterm::event::{Event, KeyEventKind};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

use super::terminal;
use super::theme::{Theme, ThemeName};
use crate::board;
use crate::clock::Clock;
use crate::config::Config;
use crate::error::{HubError, Result};
use crate::store::Store;
pub use state::Presenter;

/// How presentation mode was asked to start.
#[derive(Debug, Clone)]
pub struct Options {
    /// Decisions from this date; without it, `board.since_months` before today.
    pub since: Option<NaiveDate>,
    /// Start with member names as pseudonyms and confidential figures hidden.
    pub redact: bool,
    /// The theme (`--theme`); the projector theme unless asked otherwise.
    pub theme: ThemeName,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            since: None,
            redact: false,
            theme: ThemeName::Projector,
        }
    }
}

/// Reads the Board's figures from the database at `path`, opened for viewing only.
pub fn presenter(
    path: &Path,
    clock: &Clock,
    config: &Config,
    options: &Options,
) -> Result<Presenter> {
    let store = Store::open_for_viewing(path)?;
    let (b, r) = read_board(&store, clock, config, options)?;
    Ok(Presenter::new(b, r))
}

fn read_board(
    store: &Store,
    clock: &Clock,
    config: &Config,
    options: &Options,
) -> Result<(board::Board, board::Redaction)> {
    board::load(
        store.conn(),
        clock.today(),
        config,
        &config.board,
        options.since,
        options.redact,
    )
}

/// Runs presentation mode on the database at `path` until `q`, Ctrl-C or the session ends, in a
/// terminal of its own; the terminal is restored however it ends. A program already holding the
/// terminal (the dashboard) instead builds a `presenter`, passes keys to `Presenter::key` and
/// draws with `view::draw` until `Presenter::quit`, so one input reader serves both.
pub fn run(path: &Path, clock: Clock, config: &Config, options: Options) -> Result<()> {
    // A database that cannot be opened is said before the screen is taken.
    let store = Store::open_for_viewing(path)?;
    let theme = Theme::resolve(options.theme);
    let stop =
        terminal::termination_flag().map_err(|e| HubError::io("cannot watch for signals", e))?;
    terminal::install_panic_hook();
    let mut guard =
        terminal::enter(false).map_err(|e| HubError::io("cannot start the terminal", e))?;
    // The projector shows at once that the figures are on their way, then the first slide
    // while the rest is read.
    draw_reading(&mut guard.terminal, &theme).map_err(|e| HubError::io("cannot draw", e))?;
    let mut p = headlines_first(&store, &clock, config, &options)?;
    drop(store);
    let (tx, rx) = mpsc::channel::<Message>();
    read_rest(path, clock, config, &options, tx.clone());
    super::events::subscribe(Box::new(move |ev| tx.send(Message::Event(ev)).is_ok()));
    let ended = show(&mut guard, &mut p, &theme, &rx, &stop);
    super::events::unsubscribe(|| {
        rx.try_iter()
            .filter_map(|m| match m {
                Message::Event(ev) => Some(ev),
                Message::Board(_) => None,
            })
            .collect()
    });
    drop(guard);
    ended
}

/// What the presentation's loop hears: the terminal, or the rest of the Board read.
enum Message {
    Event(Option<Event>),
    Board(Box<Result<(board::Board, board::Redaction)>>),
}

/// The first slide alone, from the headline figures.
fn headlines_first(
    store: &Store,
    clock: &Clock,
    config: &Config,
    options: &Options,
) -> Result<Presenter> {
    let headlines =
        board::headlines::load(store.conn(), clock.today(), &config.rules, &config.board)?;
    let redaction = board::Redaction::new(options.redact, &config.board, &[]);
    Ok(Presenter::headlines_first(headlines, redaction))
}

/// Reads the whole Board on a thread of its own, with a connection of its own, and sends it.
fn read_rest(
    path: &Path,
    clock: Clock,
    config: &Config,
    options: &Options,
    tx: mpsc::Sender<Message>,
) {
    let (path, config, options) = (path.to_path_buf(), config.clone(), options.clone());
    std::thread::spawn(move || {
        let read = Store::open_for_viewing(&path)
            .and_then(|store| read_board(&store, &clock, &config, &options));
        // The presentation may have ended meanwhile: nobody to tell.
        let _ = tx.send(Message::Board(Box::new(read)));
    });
}

/// Shows the slides until `q`, a signal, or the terminal going; an error reading the rest of
/// the Board ends it with that error.
fn show(
    guard: &mut terminal::Guard,
    p: &mut Presenter,
    theme: &Theme,
    rx: &mpsc::Receiver<Message>,
    stop: &std::sync::atomic::AtomicBool,
) -> Result<()> {
    let mut dirty = true;
    while !p.quit && !stop.load(Ordering::Relaxed) {
        dirty |= guard
            .suspend_if_asked()
            .map_err(|e| HubError::io("cannot resume the terminal", e))?;
        if dirty {
            draw(&mut guard.terminal, p, theme).map_err(|e| HubError::io("cannot draw", e))?;
            dirty = false;
        }
        match rx.recv_timeout(Duration::from_millis(250)) {
            Ok(Message::Board(read)) => {
                let (b, r) = (*read)?;
                p.complete(b, r);
                dirty = true;
            }
            Ok(Message::Event(Some(Event::Key(k)))) if k.kind != KeyEventKind::Release => {
                if let Some(a) = keys::action(&k) {
                    dirty |= p.apply(a);
                }
            }
            Ok(Message::Event(Some(Event::Resize(_, _)))) => dirty = true,
            Ok(Message::Event(Some(_))) | Err(mpsc::RecvTimeoutError::Timeout) => {}
            // The terminal has gone (SSH dropped): stop cleanly.
            Ok(Message::Event(None)) | Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    Ok(())
}

/// What the screen says while the Board's figures are read.
pub const READING: &str = "Reading the Board's figures…";

fn draw_reading(t: &mut terminal::Term, theme: &Theme) -> std::io::Result<()> {
    t.draw(|f| reading(f, theme))?;
    Ok(())
}

/// The screen while the figures are read: the words alone, in the middle.
pub fn reading(f: &mut ratatui::Frame, theme: &Theme) {
    use ratatui::layout::{Alignment, Rect};
    use ratatui::widgets::{Block, Paragraph};
    let area = f.area();
    f.render_widget(Block::default().style(theme.base), area);
    let middle = Rect {
        y: area.y + area.height / 2,
        height: area.height.min(1),
        ..area
    };
    f.render_widget(
        Paragraph::new(READING)
            .style(theme.base)
            .alignment(Alignment::Center),
        middle,
    );
}

fn draw(t: &mut terminal::Term, p: &Presenter, theme: &Theme) -> std::io::Result<()> {
    use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
    crossterm::execute!(t.backend_mut(), BeginSynchronizedUpdate)?;
    t.draw(|f| view::draw(f, p, theme))?;
    crossterm::execute!(t.backend_mut(), EndSynchronizedUpdate)
}

/// Renders the current slide into a `width`×`height` buffer, headless (snapshots and tests).
pub fn render(p: &Presenter, theme: &Theme, width: u16, height: u16) -> Buffer {
    let mut terminal = match Terminal::new(TestBackend::new(width, height)) {
        Ok(t) => t,
        Err(e) => match e {},
    };
    let _ = terminal.draw(|f| view::draw(f, p, theme));
    terminal.backend().buffer().clone()
}
