//! The command line: global options, the shared context every command runs in, and dispatch.
//! Decisions come from the register (`decide.rs`); the other commands are declared in `args.rs`.

mod args;
mod audit;
mod backup;
mod columns;
mod context;
mod dashboard;
mod decide;
mod demo;
mod exchange;
mod improve;
mod ledger;
mod ocds;
mod present;
mod report;
mod returns;
mod risks;
mod triage;
mod users;

pub use args::{Cli, Command, Globals, ScreenOptions};
pub use context::Context;

use clap::{ArgMatches, CommandFactory, FromArgMatches};

use crate::error::{HubError, Result};
use crate::ops::DecisionKind;

/// The whole command line: the declared commands and every registered decision.
pub fn command() -> clap::Command {
    decide::augment(Cli::command())
}

/// Parses the command line and runs it; returns the process exit code.
pub fn main() -> i32 {
    let matches = command().get_matches();
    let mut decision = None;
    match run(&matches, &mut decision) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("hubboard: {}", worded(decision, &e));
            if matches!(e, HubError::Refused(ref m) if m.ends_with("override with a written reason"))
            {
                eprintln!("hubboard: add --override-reason TEXT to go ahead despite them");
            }
            e.exit_code()
        }
    }
}

/// The matches of the deepest subcommand named, where every global option is visible.
fn leaf(matches: &ArgMatches) -> &ArgMatches {
    let mut m = matches;
    while let Some((_, sub)) = m.subcommand() {
        m = sub;
    }
    m
}

fn clap_error(e: clap::Error) -> HubError {
    HubError::Invalid(e.to_string().trim().to_string())
}

/// Runs one parsed command line; `Ok` carries the exit code (some checks report by code).
pub fn run(matches: &ArgMatches, decision: &mut Option<DecisionKind>) -> Result<i32> {
    let globals = Globals::from_arg_matches(leaf(matches)).map_err(clap_error)?;
    let screen = ScreenOptions::from_arg_matches(matches).map_err(clap_error)?;
    let ctx = Context::new(&globals, &screen)?;
    run_in(&ctx, matches, decision)
        .map_err(|e| crate::store::files::said_with_file(e, &ctx.db_path))
}

fn run_in(ctx: &Context, matches: &ArgMatches, decision: &mut Option<DecisionKind>) -> Result<i32> {
    if let Some(inv) = decide::invocation(matches)? {
        *decision = Some(inv.kind);
        return decide::run(ctx, inv);
    }
    let cli = Cli::from_arg_matches(matches).map_err(clap_error)?;
    match cli.command {
        None => dashboard::run(ctx),
        Some(Command::Demo(a)) => demo::run(ctx, &a),
        Some(Command::Export(a)) => exchange::export(ctx, &a),
        Some(Command::Audit(a)) => audit::run(ctx, &a),
        Some(Command::Snapshot(a)) => dashboard::snapshot(ctx, &a),
        Some(Command::Risks(a)) => risks::list(ctx, &a),
        // Every command under `risk` is a decision, run above.
        Some(Command::Risk(_)) => Err(HubError::Invalid(
            "risk: name what to do: add, edit, close or reopen".into(),
        )),
        Some(Command::Triage(a)) => triage::run(ctx, &a),
        Some(Command::Ledger(a)) => ledger::run(ctx, &a),
        Some(Command::Returns(c)) => returns::run(ctx, &c),
        Some(Command::Present(a)) => present::run(ctx, &a),
        Some(Command::Report(a)) => report::run(ctx, &a),
        Some(Command::Improve(c)) => improve::run(ctx, &c),
        Some(Command::Commit(a)) => decide::commit_file(ctx, &a),
        Some(Command::Users(c)) => users::run(ctx, &c),
        Some(Command::Backup(a)) => backup::backup(ctx, &a),
        Some(Command::Restore(a)) => backup::restore(ctx, &a),
        Some(Command::Ocds(c)) => ocds::run(ctx, &c),
    }
}

/// An error in the command line's words: a field is named by its flag (`--end`).
pub fn worded(decision: Option<DecisionKind>, e: &HubError) -> String {
    match e {
        HubError::Field(f) => f.worded(&decide::flag_name(decision, f.field)),
        other => other.to_string(),
    }
}
