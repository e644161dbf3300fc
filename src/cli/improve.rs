//! `hubboard improve list`: a sub-contract's early warnings and improvement actions. (Adding and
//! completing actions are decisions, with their own commands.)

use clap::{Args, Subcommand};

use super::Context;
use crate::dates;
use crate::error::{HubError, Result};
use crate::ops;

#[derive(Debug, Subcommand)]
pub enum ImproveCommand {
    /// List a sub-contract's improvement actions and early warnings
    List(ImprovementListArgs),
}

#[derive(Debug, Args)]
pub struct ImprovementListArgs {
    /// The sub-contract
    pub sub: String,
}

pub fn run(ctx: &Context, cmd: &ImproveCommand) -> Result<i32> {
    let ImproveCommand::List(a) = cmd;
    let store = ctx.view()?;
    let conn = store.conn();
    let sub = a.sub.as_str();
    crate::store::subcontracts::get_subcontract(conn, sub)?
        .ok_or_else(|| HubError::NotFound(format!("no sub-contract with code '{sub}'")))?;
    let today = ctx.clock.today();
    let flags = ops::flags_of(conn, sub)?;
    match flags.iter().find(|f| f.is_open()) {
        Some(f) => println!(
            "early warning: raised {} by {}: {}",
            dates::display(f.raised),
            f.raised_by,
            f.reason
        ),
        None => println!("early warning: none open ({} cleared)", flags.len()),
    }
    let actions = ops::actions_of(conn, sub)?;
    if actions.is_empty() {
        println!("improvement plan: no actions");
    }
    for x in &actions {
        let state = match x.completed {
            Some(d) => format!("done {}", dates::display(d)),
            None if x.is_overdue(today) => "OVERDUE".to_string(),
            None => "open".to_string(),
        };
        println!(
            "{:>4}  due {}  {:<16}  {}  ({state})",
            x.id,
            dates::display(x.due),
            x.owner,
            x.action
        );
    }
    Ok(0)
}
