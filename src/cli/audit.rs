//! `hubboard audit verify|log`: check the hash chain, list decisions.

use clap::Subcommand;

use super::Context;
use crate::dates;
use crate::error::Result;
use crate::store::audit::{self, Verdict};

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check that no audit row was edited, removed or re-ordered (exit 1 at the first broken row)
    Verify,
    /// List audit rows, oldest first
    Log {
        /// Only rows about this entity, e.g. subcontract:SC-0001
        #[arg(long)]
        entity: Option<String>,
        /// Print JSON lines instead of a table
        #[arg(long)]
        json: bool,
    },
}

pub fn run(ctx: &Context, cmd: &AuditCommand) -> Result<i32> {
    let store = ctx.view()?;
    match cmd {
        AuditCommand::Verify => match audit::verify(store.conn())? {
            Verdict::Intact { rows } => {
                println!("audit log intact: {rows} rows, every hash matches");
                Ok(0)
            }
            Verdict::Broken { id, problem } => {
                println!("audit log BROKEN at row {id}: {problem}");
                Ok(1)
            }
        },
        AuditCommand::Log { entity, json } => {
            let entity = entity
                .as_deref()
                .map(str::parse::<crate::domain::EntityRef>)
                .transpose()
                .map_err(|m| crate::error::HubError::Invalid(format!("--entity: {m}")))?;
            for row in audit::list(store.conn(), entity.as_ref())? {
                if *json {
                    println!("{}", serde_json::to_string(&row).unwrap_or_default());
                } else {
                    let day = dates::parse_iso(row.at.get(..10).unwrap_or(""))
                        .map(dates::display)
                        .unwrap_or_else(|_| row.at.clone());
                    println!(
                        "{:>5}  {} {}  {:<10} {:<12} {}  {}",
                        row.id,
                        day,
                        row.at.get(11..16).unwrap_or(""),
                        row.actor,
                        row.action,
                        row.entity,
                        row.reason.as_deref().unwrap_or("")
                    );
                }
            }
            Ok(0)
        }
    }
}
