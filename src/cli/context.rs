//! What every command runs with: where the database is, the clock, the configuration, the actor.

use std::path::PathBuf;

use super::args::Cli;
use crate::clock::Clock;
use crate::config::Config;
use crate::error::Result;
use crate::store::{self, OpenMode, Store};

pub struct Context {
    pub db_path: PathBuf,
    pub clock: Clock,
    pub config: Config,
    /// The operating-system user, recorded on every audit row.
    pub actor: String,
}

impl Context {
    pub fn from_cli(cli: &Cli) -> Result<Context> {
        Ok(Context {
            db_path: cli.db.clone().unwrap_or_else(store::default_db_path),
            clock: Clock::from_option(cli.today),
            config: Config::load(cli.config.as_deref())?,
            actor: store::actor::current(),
        })
    }

    pub fn open(&self, mode: OpenMode) -> Result<Store> {
        Store::open(&self.db_path, mode)
    }
}
