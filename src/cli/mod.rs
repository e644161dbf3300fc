//! The command line: global options, the shared context every command runs in, and dispatch.

mod args;
mod audit;
mod context;
mod dashboard;
mod decisions;
mod demo;
mod exchange;
mod present;
mod report;
mod risks;
mod triage;

pub use args::{Cli, Command};
pub use context::Context;

use clap::Parser;

use crate::error::Result;

/// Parses the command line and runs it; returns the process exit code.
pub fn main() -> i32 {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("hubboard: {e}");
            e.exit_code()
        }
    }
}

/// Runs one parsed command line; `Ok` carries the exit code (some checks report by code).
pub fn run(cli: Cli) -> Result<i32> {
    let ctx = Context::from_cli(&cli)?;
    match cli.command {
        None => dashboard::run(&ctx),
        Some(Command::Demo(a)) => demo::run(&ctx, &a),
        Some(Command::Import(a)) => exchange::import(&ctx, &a),
        Some(Command::Export(a)) => exchange::export(&ctx, &a),
        Some(Command::Audit(a)) => audit::run(&ctx, &a),
        Some(Command::Snapshot(a)) => dashboard::snapshot(&ctx, &a),
        Some(Command::Risks(a)) => risks::list(&ctx, &a),
        Some(Command::Risk(c)) => risks::run(&ctx, &c),
        Some(Command::Triage(a)) => triage::run(&ctx, &a),
        Some(Command::Present(a)) => present::run(&ctx, &a),
        Some(Command::Report(a)) => report::run(&ctx, &a),
        Some(Command::Decision(d)) => decisions::run(&ctx, &d),
    }
}
