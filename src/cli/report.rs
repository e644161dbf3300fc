//! `hubboard report`: the board pack — the same content as the slides — as Markdown, HTML or CSV.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Args;

use super::Context;
use crate::board::{self, pack};
use crate::error::Result;
use crate::store::Store;

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// md (tables, for forges), html (one self-contained file, printable on A4) or csv (one file:
    /// section,row,column,value)
    #[arg(long, value_enum)]
    pub format: pack::Format,
    /// The file to write
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
    /// Decisions from this date (YYYY-MM-DD) [default: board.since_months before today]
    #[arg(long, value_name = "DATE", value_parser = crate::dates::parse_iso)]
    pub since: Option<NaiveDate>,
    /// Member names as pseudonyms and the configured confidential figures hidden
    #[arg(long)]
    pub redact: bool,
}

pub fn run(ctx: &Context, args: &ReportArgs) -> Result<i32> {
    let store = Store::open_for_viewing(&ctx.db_path)?;
    let (b, r) = board::load(
        store.conn(),
        ctx.clock.today(),
        &ctx.config,
        &ctx.config.board,
        args.since,
        args.redact,
    )?;
    let deck = board::build::deck(&b, &r);
    pack::write(&deck, args.format, &args.out)?;
    println!(
        "Wrote the board pack ({} sections{}) to {}",
        deck.slides.len(),
        if deck.redacted { ", redacted" } else { "" },
        args.out.display()
    );
    Ok(0)
}
