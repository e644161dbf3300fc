//! `hubboard improvement add|done|list` and `hubboard warn`: the early-warning and
//! improvement-plan steps of the escalation ladder.

use chrono::NaiveDate;
use clap::{Args, Subcommand};

use super::parse_date;
use crate::dates;
use crate::error::Result;
use crate::ops::{self, Decider, improvement, warning};
use crate::store::Store;

#[derive(Debug, Subcommand)]
pub enum ImprovementCommand {
    /// Add an action to a sub-contract's improvement plan
    Add(ImprovementAddArgs),
    /// Mark an improvement action done
    Done(ImprovementDoneArgs),
    /// List a sub-contract's improvement actions and early warnings
    List(ImprovementListArgs),
}

#[derive(Debug, Args)]
pub struct ImprovementAddArgs {
    /// The sub-contract
    pub sub: String,
    /// What is to be done
    #[arg(long)]
    pub action: String,
    /// Who answers for it (a person or role at the member)
    #[arg(long)]
    pub owner: String,
    /// When it is due (YYYY-MM-DD; a past date is allowed)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub due: NaiveDate,
    /// Why the action was agreed (recorded in the audit log)
    #[arg(long)]
    pub reason: String,
}

#[derive(Debug, Args)]
pub struct ImprovementDoneArgs {
    /// The sub-contract
    pub sub: String,
    /// The action's number, as `improvement list` shows it
    pub id: i64,
    /// How it was met (recorded in the audit log)
    #[arg(long)]
    pub reason: String,
}

#[derive(Debug, Args)]
pub struct ImprovementListArgs {
    /// The sub-contract
    pub sub: String,
}

#[derive(Debug, Args)]
pub struct WarnArgs {
    /// The sub-contract
    pub sub: String,
    /// Clear the open early warning instead of raising one
    #[arg(long)]
    pub clear: bool,
    /// Why (recorded in the audit log)
    #[arg(long)]
    pub reason: String,
}

pub fn improvement(store: &mut Store, by: &Decider, cmd: &ImprovementCommand) -> Result<i32> {
    match cmd {
        ImprovementCommand::Add(a) => {
            let plan = improvement::plan_improvement_add(
                store.conn(),
                by,
                improvement::ImprovementAddRequest {
                    subcontract: a.sub.clone(),
                    action: a.action.clone(),
                    owner: a.owner.clone(),
                    due: a.due,
                    reason: a.reason.clone(),
                },
            )?;
            let done = improvement::commit_improvement_add(store, by, &plan)?;
            let x = &done.action;
            println!(
                "written: action {} on {}: {} (owner {}, due {}); audit row {}",
                x.id,
                x.subcontract,
                x.action,
                x.owner,
                dates::display(x.due),
                done.audit_id
            );
            Ok(0)
        }
        ImprovementCommand::Done(a) => {
            let plan = improvement::plan_improvement_done(
                store.conn(),
                by,
                improvement::ImprovementDoneRequest {
                    subcontract: a.sub.clone(),
                    id: a.id,
                    reason: a.reason.clone(),
                },
            )?;
            let done = improvement::commit_improvement_done(store, by, &plan)?;
            println!(
                "written: action {} on {} done {}; audit row {}",
                done.action.id,
                done.action.subcontract,
                dates::display(by.clock.today()),
                done.audit_id
            );
            Ok(0)
        }
        ImprovementCommand::List(a) => list(store, by, &a.sub),
    }
}

fn list(store: &Store, by: &Decider, sub: &str) -> Result<i32> {
    let conn = store.conn();
    crate::store::subcontracts::get_subcontract(conn, sub)?.ok_or_else(|| {
        crate::error::HubError::NotFound(format!("no sub-contract with code '{sub}'"))
    })?;
    let today = by.clock.today();
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

pub fn warn(store: &mut Store, by: &Decider, a: &WarnArgs) -> Result<i32> {
    let request = warning::WarnRequest {
        subcontract: a.sub.clone(),
        reason: a.reason.clone(),
    };
    if a.clear {
        let plan = warning::plan_clear_warning(store.conn(), by, request)?;
        let done = warning::commit_clear_warning(store, by, &plan)?;
        println!(
            "written: early warning on {} (raised {}) cleared; audit row {}",
            done.flag.subcontract,
            dates::display(done.flag.raised),
            done.audit_id
        );
    } else {
        let plan = warning::plan_warn(store.conn(), by, request)?;
        let done = warning::commit_warn(store, by, &plan)?;
        println!(
            "written: early warning raised on {}; audit row {}",
            done.flag.subcontract, done.audit_id
        );
    }
    Ok(0)
}
