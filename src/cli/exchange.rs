//! `hubboard export DIR` (importing is a decision: `ops::import`).

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::Context;
use crate::error::Result;
use crate::exchange::{self, Format};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Csv,
    Json,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Csv => Format::Csv,
            FormatArg::Json => Format::Json,
        }
    }
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Directory to write into (created if missing)
    pub dir: PathBuf,
    /// File format: one CSV or one JSON file per table
    #[arg(long, value_enum, default_value_t = FormatArg::Csv)]
    pub format: FormatArg,
}

/// Writes every table (not the audit log) to one file each in the directory.
pub fn export(ctx: &Context, args: &ExportArgs) -> Result<i32> {
    let store = ctx.view()?;
    let format: Format = args.format.into();
    let counts = exchange::export_dir(&store, &args.dir, format)?;
    for (table, n) in &counts {
        let file = args.dir.join(format!("{table}.{}", format.extension()));
        println!("{}: {}", file.display(), rows(*n));
    }
    Ok(0)
}

fn rows(n: usize) -> String {
    format!("{n} row{}", if n == 1 { "" } else { "s" })
}
