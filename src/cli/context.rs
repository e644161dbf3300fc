//! What every command runs with: where the database is, the clock, the configuration, the actor.

use std::path::PathBuf;

use super::args::Cli;
use crate::clock::Clock;
use crate::config::Config;
use crate::error::Result;
use crate::store::{self, OpenMode, Store};
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
    pub read_only: bool,
}

impl Context {
    pub fn from_cli(cli: &Cli) -> Result<Context> {
        Ok(Context {
            db_path: cli.db.clone().unwrap_or_else(store::default_db_path),
            clock: Clock::from_option(cli.today),
            config: Config::load(cli.config.as_deref())?,
            actor: store::actor::current(),
            theme: cli.theme,
            mouse: cli.mouse,
            read_only: cli.read_only,
        })
    }

    /// The theme to use: `--theme`, else the config file's.
    pub fn theme(&self) -> ThemeName {
        self.theme.unwrap_or(self.config.ui.theme)
    }

    pub fn open(&self, mode: OpenMode) -> Result<Store> {
        Store::open(&self.db_path, mode)
    }
}
