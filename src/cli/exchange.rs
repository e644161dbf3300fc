//! `hubboard import DIR` and `hubboard export DIR`.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::Context;
use crate::error::{HubError, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Csv,
    Json,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Directory holding one file per table (members.csv, subcontracts.csv, …)
    pub dir: PathBuf,
    #[arg(long, value_enum, default_value_t = FormatArg::Csv)]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Directory to write into (created if missing)
    pub dir: PathBuf,
    #[arg(long, value_enum, default_value_t = FormatArg::Csv)]
    pub format: FormatArg,
}

pub fn import(_ctx: &Context, _args: &ImportArgs) -> Result<i32> {
    Err(HubError::Invalid("import is not built yet".into()))
}

pub fn export(_ctx: &Context, _args: &ExportArgs) -> Result<i32> {
    Err(HubError::Invalid("export is not built yet".into()))
}
