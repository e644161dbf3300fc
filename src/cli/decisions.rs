//! `hubboard award|suspend|reinstate|transfer|clawback|reprofile`: the hub's decisions from the shell,
//! with the same checks and audit rows as the dashboard.

use clap::Subcommand;

use super::Context;
use crate::error::{HubError, Result};

#[derive(Debug, Subcommand)]
pub enum DecisionCommand {
    /// Award a sub-contract to a member from a won opportunity
    Award,
}

pub fn run(_ctx: &Context, _cmd: &DecisionCommand) -> Result<i32> {
    Err(HubError::Invalid("decisions are not built yet".into()))
}
