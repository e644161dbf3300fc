//! The interactive dashboard: input becomes an `Action`, `App` changes and says what else must
//! happen (`Effect`), and the view draws from state — only when something changed, so an idle
//! dashboard writes nothing to the terminal.

pub mod action;
pub mod app;
pub mod colours;
pub mod commands;
pub mod detail;
pub mod events;
pub mod flows;
pub mod keymap;
pub mod list_filter;
pub mod list_words;
mod live;
pub mod palette;
pub mod present;
pub mod rows;
pub mod session;
pub mod settings;
pub mod snapshot;
pub mod sort;
pub mod terminal;
pub mod theme;
pub mod update;
pub mod view;

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::mpsc;
use std::time::Duration;

use chrono::NaiveDate;
use crossterm::event::{Event, KeyEventKind};
use rusqlite::Connection;

use crate::clock::Clock;
use crate::config::Config;
use crate::dashboard::{self, Snapshot};
use crate::error::{HubError, Result};
use crate::store::{OpenMode, Store};
use app::{App, Mode};
use keymap::KeyMap;
use theme::{Theme, ThemeName};
use update::DetailRequest;

/// How the dashboard was asked to look and behave.
#[derive(Debug, Clone)]
pub struct Options {
    pub theme: ThemeName,
    pub mouse: bool,
    /// Open the database read-only at the SQLite level and offer no decisions.
    pub read_only: bool,
    /// A message for the status bar at start (e.g. that a demo was just created).
    pub greeting: Option<String>,
}

/// Builds the app's key map and theme from the configuration, refusing bad bindings.
pub fn new_app(config: &Config, theme: ThemeName, db_label: String) -> Result<App> {
    new_app_with(config, theme, db_label, false)
}

/// As `new_app`; `read_only` leaves every decision out of the keys, palette and help.
pub fn new_app_with(
    config: &Config,
    theme: ThemeName,
    db_label: String,
    read_only: bool,
) -> Result<App> {
    let keymap = KeyMap::build(&config.keys, read_only)
        .map_err(|e| HubError::Invalid(format!("config: {e}")))?;
    let mut app = App::new(keymap, Theme::resolve(theme), db_label);
    app.rules = config.rules.clone();
    app.scoring = config.scoring.clone();
    app.scales = config.scales();
    app.read_only = read_only;
    Ok(app)
}

/// How the dashboard ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Quit,
    /// The user asked for presentation mode; the caller opens it, then the dashboard again.
    Present,
}

/// Runs the dashboard on the database at `path` until the user quits or the session ends.
pub fn run(
    path: &Path,
    clock: Clock,
    config: &Config,
    actor: String,
    options: Options,
) -> Result<Exit> {
    let mode = if options.read_only {
        OpenMode::ReadOnly
    } else {
        OpenMode::ReadWrite
    };
    let mut app = new_app_with(
        config,
        options.theme,
        path.display().to_string(),
        options.read_only,
    )?;
    if let Some(g) = options.greeting {
        app.status = g;
    }
    let store = Store::open(path, mode)?;
    let mut session = session::Session::new(app, store, clock, config.clone(), actor);
    let stop =
        terminal::termination_flag().map_err(|e| HubError::io("cannot watch for signals", e))?;
    terminal::install_panic_hook();
    let mut guard =
        terminal::enter(options.mouse).map_err(|e| HubError::io("cannot start the terminal", e))?;

    let (tx, rx) = mpsc::channel::<Message>();
    let today = clock.today();
    // Looking never writes a decision: the generated risks are worked out by the load itself.
    spawn_loader(
        path.to_path_buf(),
        mode,
        today,
        config.clone(),
        tx.clone(),
        true,
    );
    let input = tx.clone();
    events::subscribe(Box::new(move |ev| {
        input
            .send(ev.map_or(Message::InputClosed, Message::Input))
            .is_ok()
    }));
    let mut dirty = true;
    let mut watch = live::Watch::new(session.store.conn());
    loop {
        if stop.load(Ordering::Relaxed) {
            break;
        }
        dirty |= guard
            .suspend_if_asked()
            .map_err(|e| HubError::io("cannot resume the terminal", e))?;
        if dirty {
            draw(&mut guard.terminal, &session.app).map_err(|e| HubError::io("cannot draw", e))?;
            dirty = false;
        }
        if session.app.quit {
            break;
        }
        // Waking every quarter second only to look at the stop flag writes nothing to the terminal.
        let message = match rx.recv_timeout(Duration::from_millis(250)) {
            Ok(m) => m,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                // A colleague's commit: the data again, drawn when it arrives.
                if watch.changed(session.store.conn()) {
                    spawn_loader(
                        path.to_path_buf(),
                        mode,
                        today,
                        config.clone(),
                        tx.clone(),
                        false,
                    );
                }
                continue;
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        };
        match message {
            Message::Loaded(Ok(_)) | Message::Part(_) => {
                match message {
                    Message::Loaded(Ok(snapshot)) => session.app.set_snapshot(*snapshot),
                    Message::Part(part) => session.app.set_part(part),
                    _ => {}
                }
                dirty = true;
                if held_enter(&mut session) {
                    spawn_loader(
                        path.to_path_buf(),
                        mode,
                        today,
                        config.clone(),
                        tx.clone(),
                        false,
                    );
                }
            }
            Message::Loaded(Err(e)) => {
                session.app.status = format!("Could not load the data: {e}");
                dirty = true;
            }
            Message::Input(Event::Key(k)) if k.kind != KeyEventKind::Release => {
                let out = session.key(k);
                dirty |= out.redraw;
                if out.reload {
                    spawn_loader(
                        path.to_path_buf(),
                        mode,
                        today,
                        config.clone(),
                        tx.clone(),
                        false,
                    );
                }
            }
            Message::Input(Event::Paste(text)) => {
                let out = session.paste(&text);
                dirty |= out.redraw;
            }
            Message::Input(Event::Resize(_, _)) => dirty = true,
            Message::Input(Event::Mouse(m)) if session.app.mode == Mode::Normal => {
                let size = guard.terminal.size().unwrap_or_default();
                let area = ratatui::layout::Rect::new(0, 0, size.width, size.height);
                dirty |= mouse(&mut session.app, m, area);
            }
            Message::Input(_) => {}
            // The terminal has gone (SSH dropped): stop cleanly.
            Message::InputClosed => break,
        }
    }
    // Keys typed ahead (the first slide's Space after `P`) belong to the next screen.
    events::unsubscribe(|| {
        rx.try_iter()
            .filter_map(|m| match m {
                Message::Input(ev) => Some(Some(ev)),
                Message::InputClosed => Some(None),
                Message::Loaded(_) | Message::Part(_) => None,
            })
            .collect()
    });
    drop(guard);
    let present = session.app.present && !stop.load(Ordering::Relaxed);
    Ok(if present { Exit::Present } else { Exit::Quit })
}

/// The optional mouse: the wheel moves the selection, a click focuses the pane under it.
fn mouse(app: &mut App, m: crossterm::event::MouseEvent, area: ratatui::layout::Rect) -> bool {
    use crossterm::event::{MouseButton, MouseEventKind};
    match m.kind {
        MouseEventKind::ScrollDown => app.apply(action::Action::Down) != update::Effect::None,
        MouseEventKind::ScrollUp => app.apply(action::Action::Up) != update::Effect::None,
        MouseEventKind::Down(MouseButton::Left) => {
            match view::pane_at(area, app, m.column, m.row) {
                Some(p) => {
                    let moved = p != app.pane;
                    app.pane = p;
                    app.click_row(p, m.row) || moved
                }
                None => false,
            }
        }
        _ => false,
    }
}

/// Enter pressed in the palette while its entries were coming goes once they are in; returns
/// whether what it chose asks for the data again.
fn held_enter(session: &mut session::Session) -> bool {
    let palette = &mut session.app.palette;
    if !palette.enter_held || palette.waiting {
        return false;
    }
    palette.enter_held = false;
    let enter = crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Enter);
    session.key(enter).reload
}

/// What the event loop waits for: a key or resize, a loaded snapshot, or the end of input.
enum Message {
    Input(Event),
    Loaded(Result<Box<Snapshot>>),
    /// A part of the first load, shown as it comes (the whole load ends with `Loaded(Err)` only
    /// when it failed).
    Part(dashboard::Part),
    InputClosed,
}

fn draw(terminal: &mut terminal::Term, app: &App) -> std::io::Result<()> {
    use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
    crossterm::execute!(terminal.backend_mut(), BeginSynchronizedUpdate)?;
    terminal.draw(|f| view::draw(f, app))?;
    crossterm::execute!(terminal.backend_mut(), EndSynchronizedUpdate)
}

/// Builds and shows a detail view; a failure goes to the status bar.
pub fn open_detail(app: &mut App, req: &DetailRequest, conn: &Connection, today: NaiveDate) {
    use crate::domain::Entity;
    let built = match req {
        DetailRequest::Record(r) => match r.kind {
            Entity::Opportunity => detail::opportunity(conn, &r.code, today),
            Entity::Member => detail::member(conn, &r.code, today, &app.scoring),
            Entity::SubContract => detail::subcontract(conn, &r.code, today),
            _ => return,
        },
        DetailRequest::RiskCell => match app.snapshot.as_ref().filter(|_| app.loaded.risks) {
            Some(s) => Ok(detail::risk_cell(
                s,
                app.heat_scale(),
                app.heat.basis,
                app.heat.probability,
                app.heat.impact,
            )),
            None => return,
        },
    };
    match built {
        Ok(d) => {
            app.detail = Some(d);
            app.detail_scroll = 0;
            app.mode = Mode::Detail;
        }
        Err(e) => app.status = format!("Cannot open: {e}"),
    }
}

/// Loads a snapshot on a background thread, so the first frame never waits for it; the first
/// load (`in_parts`) hands each pane over as soon as its rows are in. A read-write session loads
/// on a read-write connection, so the scoring cache is brought up to date in the store (once)
/// rather than recomputed in memory on every load.
fn spawn_loader(
    path: PathBuf,
    mode: OpenMode,
    today: NaiveDate,
    config: Config,
    tx: mpsc::Sender<Message>,
    in_parts: bool,
) {
    std::thread::spawn(move || {
        let result = if in_parts {
            let look = |conn: &rusqlite::Connection| {
                dashboard::load_in_parts(conn, today, &config, &mut |part| {
                    let _ = tx.send(Message::Part(part));
                })
            };
            match look_as(&path, mode, look) {
                Ok(()) => return,
                Err(e) => Err(e),
            }
        } else {
            look_as(&path, mode, |conn| dashboard::load(conn, today, &config)).map(Box::new)
        };
        let _ = tx.send(Message::Loaded(result));
    });
}

fn look_as<T>(
    path: &Path,
    mode: OpenMode,
    look: impl Fn(&rusqlite::Connection) -> Result<T>,
) -> Result<T> {
    match mode {
        OpenMode::ReadWrite => Store::look_keeping_cache(path, look),
        OpenMode::ReadOnly => Store::open_for_viewing(path).and_then(|s| look(s.conn())),
    }
}
