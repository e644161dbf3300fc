//! `hubboard import DIR` and `hubboard export DIR`.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::Context;
use crate::error::Result;
use crate::exchange::{self, Format};
use crate::store::OpenMode;

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

/// Imports every table file found in the directory, all or nothing.
pub fn import(ctx: &Context, args: &ImportArgs) -> Result<i32> {
    let files = exchange::find_table_files(&args.dir, args.format.into())?;
    for note in &files.skipped {
        eprintln!("note: {note}");
    }
    let mut store = ctx.open(OpenMode::ReadWrite)?;
    let summary = exchange::import(&mut store, &files, &ctx.clock, &ctx.actor)?;
    for (table, n) in &summary.rows {
        println!("{table}: {} imported", rows(*n));
    }
    println!(
        "imported {} from {} into {}",
        rows(summary.total()),
        args.dir.display(),
        store.path().display()
    );
    Ok(0)
}

/// Writes every table (not the audit log) to one file each in the directory.
pub fn export(ctx: &Context, args: &ExportArgs) -> Result<i32> {
    let store = ctx.open(OpenMode::ReadOnly)?;
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
