//! `hubboard returns due`: the worklist of monthly returns not yet in — overdue first, then those
//! falling due this month — for sub-contracts on the performance pane. (Recording, correcting
//! and importing returns are decisions, with their own commands under `returns`.)

use clap::{Args, Subcommand};

use super::Context;
use crate::dates;
use crate::error::Result;
use crate::store::read::returns::{self, Awaited};

#[derive(Debug, Subcommand)]
pub enum ReturnsCommand {
    /// Returns overdue, and those falling due this month, most overdue first
    Due(DueArgs),
}

#[derive(Debug, Args)]
pub struct DueArgs {
    /// Print JSON instead of a table
    #[arg(long)]
    pub json: bool,
}

pub fn run(ctx: &Context, cmd: &ReturnsCommand) -> Result<i32> {
    let ReturnsCommand::Due(a) = cmd;
    let store = ctx.view()?;
    let today = ctx.clock.today();
    let list = returns::awaited(store.conn(), today)?;
    if a.json {
        let text = serde_json::to_string_pretty(&list)
            .map_err(|e| crate::error::HubError::Invalid(format!("cannot write JSON: {e}")))?;
        println!("{text}");
        return Ok(0);
    }
    if list.is_empty() {
        println!("No return is overdue or due this month.");
        return Ok(0);
    }
    println!(
        "{:<12} {:<32} {:<9} {:<12} State",
        "Sub-contract", "Member", "Month", "Due"
    );
    for w in &list {
        println!(
            "{:<12} {:<32} {:<9} {:<12} {}",
            w.subcontract,
            crate::ui::view::fit::fit(&w.member_name, 32),
            w.period.display(),
            dates::display(w.due),
            state(w, today)
        );
    }
    let overdue = list.iter().filter(|w| w.due < today).count();
    println!("{overdue} overdue, {} due this month", list.len() - overdue);
    Ok(0)
}

fn state(w: &Awaited, today: chrono::NaiveDate) -> String {
    let days = (today - w.due).num_days();
    match days {
        d if d > 0 => format!("OVERDUE {}", dates::late_phrase(d).replace(" late", "")),
        0 => "due today".into(),
        d => format!("due in {} days", -d),
    }
}
