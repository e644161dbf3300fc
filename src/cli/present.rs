//! `hubboard present`: the Board walkthrough on a projector, read-only.

use chrono::NaiveDate;
use clap::Args;

use super::Context;
use crate::error::Result;
use crate::ui::present::{self, Options};
use crate::ui::theme::ThemeName;

#[derive(Debug, Args)]
pub struct PresentArgs {
    /// Show decisions from this date (YYYY-MM-DD) [default: board.since_months before today]
    #[arg(long, value_name = "DATE", value_parser = crate::dates::parse_iso)]
    pub since: Option<NaiveDate>,
    /// Start redacted: member names as pseudonyms, confidential figures hidden (`r` toggles)
    #[arg(long)]
    pub redact: bool,
    /// Colour theme [default: projector]
    #[arg(long, value_enum)]
    pub theme: Option<ThemeName>,
}

pub fn run(ctx: &Context, args: &PresentArgs) -> Result<i32> {
    present::run(
        &ctx.db_path,
        ctx.clock,
        &ctx.config,
        Options {
            since: args.since,
            redact: args.redact,
            // --theme wins; otherwise the projector theme, whatever the dashboard uses.
            theme: args.theme.or(ctx.theme).unwrap_or(ThemeName::Projector),
        },
    )?;
    Ok(0)
}
