//! What every command runs with: where the database is, the clock, the configuration, the actor,
//! and the one gate every write passes through.

use std::path::PathBuf;

use super::args::{Globals, ScreenOptions};
use crate::clock::Clock;
use crate::config::Config;
use crate::error::{HubError, Result};
use crate::ops::{Access, Decider, Gate};
use crate::store::{self, Store};
use crate::ui::theme::ThemeName;

pub struct Context {
    pub db_path: PathBuf,
    pub clock: Clock,
    pub config: Config,
    /// The operating-system user, recorded on every audit row.
    pub actor: String,
    /// `--theme`, which wins over the config file.
    pub theme: Option<ThemeName>,
    pub mouse: bool,
    /// Whether this process may write (`--read-only` says not).
    pub gate: Gate,
}

impl Context {
    pub fn new(g: &Globals, screen: &ScreenOptions) -> Result<Context> {
        Ok(Context {
            db_path: g.db.clone().unwrap_or_else(store::default_db_path),
            clock: Clock::from_option(g.today),
            config: Config::load(g.config.as_deref())?,
            actor: store::actor::current(),
            theme: screen.theme,
            mouse: screen.mouse,
            gate: Gate::new(if screen.read_only {
                Access::ReadOnly
            } else {
                Access::ReadWrite
            }),
        })
    }

    /// The theme to use: `--theme`, else the config file's.
    pub fn theme(&self) -> ThemeName {
        self.theme.unwrap_or(self.config.ui.theme)
    }

    pub fn read_only(&self) -> bool {
        self.gate.is_read_only()
    }

    /// Who decides, for the decision pipeline.
    pub fn decider(&self) -> Decider<'_> {
        Decider::new(&self.clock, &self.actor, &self.config)
    }

    /// Opens the database to look at it: read-only at the SQLite level, whatever the session may
    /// do, so looking never writes; it must exist.
    pub fn view(&self) -> Result<Store> {
        if !self.db_path.exists() {
            return Err(HubError::NotFound(format!(
                "no database at {} (create one with `hubboard demo`)",
                self.db_path.display()
            )));
        }
        // Works on a read-only file or filesystem too (opened immutable there).
        Store::open_for_viewing(&self.db_path)
    }
}
