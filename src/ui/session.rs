//! A dashboard session: the app state together with the store, the clock, the configuration and
//! the actor, so keys can start decision workflows that plan and commit. The live event loop and
//! the tests drive the dashboard through the same `key` method.

use crossterm::event::KeyEvent;

use super::app::{App, Mode};
use super::flows::{FlowEnv, FlowStep};
use super::update::Effect;
use crate::clock::Clock;
use crate::config::Config;
use crate::dashboard;
use crate::error::Result;
use crate::ops::Gate;
use crate::store::{OpenMode, Store, read};

pub struct Session {
    pub app: App,
    pub store: Store,
    /// Whether this session may write; every decision's commit passes through it.
    pub gate: Gate,
    pub clock: Clock,
    pub config: Config,
    pub actor: String,
}

/// What the caller must do after a key.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    pub redraw: bool,
    /// The data changed or a reload was asked for: load a fresh snapshot.
    pub reload: bool,
}

/// How long the dashboard waits for a colleague's write lock before saying so.
const KEYBOARD_WAIT: std::time::Duration = std::time::Duration::from_millis(400);

impl Session {
    pub fn new(app: App, store: Store, clock: Clock, config: Config, actor: String) -> Session {
        // A decision meeting a colleague's write lock gives up within half a second and says so,
        // rather than freezing the keyboard for the command line's ten.
        let _ = store.conn().busy_timeout(KEYBOARD_WAIT);
        let mut app = app;
        let gate = if store.mode() == OpenMode::ReadOnly || app.read_only {
            Gate::read_only()
        } else {
            Gate::read_write()
        };
        if gate.is_read_only() {
            app.read_only = true;
            app.badges.push("READ-ONLY".into());
        }
        Session {
            app,
            store,
            gate,
            clock,
            config,
            actor,
        }
    }

    /// Loads a fresh snapshot on this thread (the live loop loads on a background thread instead).
    pub fn reload(&mut self) -> Result<()> {
        let snapshot = dashboard::load(self.store.conn(), self.clock.today(), &self.config)?;
        self.app.set_snapshot(snapshot);
        Ok(())
    }

    pub fn key(&mut self, ev: KeyEvent) -> Outcome {
        if self.app.mode == Mode::Flow {
            return self.flow_key(ev);
        }
        let effect = self.app.handle_key(ev);
        self.perform(effect)
    }

    /// Pasted text (a bracketed paste): typed into the field that is taking text, line breaks
    /// and tabs as spaces; ignored where keys act, so a paste can never decide anything.
    pub fn paste(&mut self, text: &str) -> Outcome {
        let typing = match self.app.mode {
            Mode::Flow => self.app.flow.as_ref().is_some_and(|f| f.takes_text()),
            _ => self.app.is_typing(),
        };
        if !typing {
            return Outcome::default();
        }
        let mut out = Outcome::default();
        for c in text.chars().map(|c| if c.is_control() { ' ' } else { c }) {
            let o = self.key(KeyEvent::from(crossterm::event::KeyCode::Char(c)));
            out.redraw |= o.redraw;
            out.reload |= o.reload;
        }
        out
    }

    pub fn perform(&mut self, effect: Effect) -> Outcome {
        let redraw = Outcome {
            redraw: true,
            reload: false,
        };
        match effect {
            Effect::None => Outcome::default(),
            Effect::Redraw => redraw,
            Effect::Reload => Outcome {
                redraw: true,
                reload: true,
            },
            Effect::OpenDetail(req) => {
                super::open_detail(&mut self.app, &req, self.store.conn(), self.clock.today());
                redraw
            }
            Effect::OpenAudit(entity) => {
                match read::decisions::list(self.store.conn(), entity.as_ref()) {
                    Ok(mut rows) => {
                        rows.reverse();
                        self.app.audit_title = match &entity {
                            Some(e) => {
                                format!("Audit log — {e} ({} rows, newest first)", rows.len())
                            }
                            None => format!("Audit log ({} rows, newest first)", rows.len()),
                        };
                        self.app.audit_rows = rows;
                        self.app.audit_selected = 0;
                        self.app.audit_filter = Default::default();
                        self.app.refilter_audit();
                        self.app.mode = Mode::Audit;
                    }
                    Err(e) => self.app.status = format!("Cannot read the audit log: {e}"),
                }
                redraw
            }
            Effect::Decide { kinds, subject } => {
                let started = super::flows::start(&self.env(), &kinds, subject.as_ref());
                match started {
                    Ok(flow) => {
                        // A decision taken from triage goes back to triage when it ends.
                        self.app.flow_return = if self.app.mode == Mode::Triage {
                            Mode::Triage
                        } else {
                            Mode::Normal
                        };
                        self.app.flow = Some(flow);
                        self.app.mode = Mode::Flow;
                        self.app.status.clear();
                    }
                    Err(e) => self.app.status = e,
                }
                redraw
            }
        }
    }

    fn env(&mut self) -> FlowEnv<'_> {
        FlowEnv {
            store: &mut self.store,
            gate: &self.gate,
            clock: &self.clock,
            config: &self.config,
            actor: &self.actor,
        }
    }

    fn flow_key(&mut self, ev: KeyEvent) -> Outcome {
        let Some(mut flow) = self.app.flow.take() else {
            self.app.mode = Mode::Normal;
            return Outcome::default();
        };
        let step = {
            let mut env = self.env();
            flow.on_key(ev, &mut env)
        };
        match step {
            FlowStep::Stay => {
                self.app.flow = Some(flow);
                Outcome {
                    redraw: true,
                    reload: false,
                }
            }
            FlowStep::Replace(next) => {
                self.app.flow = Some(next);
                Outcome {
                    redraw: true,
                    reload: false,
                }
            }
            FlowStep::Written { status } => {
                self.app.status = status;
                self.app.flow = Some(flow);
                Outcome {
                    redraw: true,
                    reload: true,
                }
            }
            FlowStep::Cancel => {
                self.app.mode = self.app.flow_return;
                self.app.status = "Cancelled: nothing was written".into();
                Outcome {
                    redraw: true,
                    reload: false,
                }
            }
            FlowStep::Done { status, next } => {
                self.app.status = status;
                match next {
                    Some(f) => self.app.flow = Some(f),
                    None => self.app.mode = self.app.flow_return,
                }
                Outcome {
                    redraw: true,
                    reload: true,
                }
            }
        }
    }
}
