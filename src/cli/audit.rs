//! `hubboard audit verify|log`: check the hash chain, list decisions.

use clap::Subcommand;

use super::Context;
use crate::dates;
use crate::domain::{Entity, EntityRef};
use crate::error::{HubError, Result};
use crate::store::audit::{self, Verdict};
use crate::store::lookup::{self, CodeTable};

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check that no audit row was edited, removed or re-ordered (exit 1 at the first broken row)
    Verify,
    /// List audit rows, oldest first
    Log {
        /// Only rows about this record: a code alone (SC-0053, kn01, any case) or kind:code
        /// (subcontract:SC-0053, member:KN01, database)
        #[arg(long)]
        entity: Option<String>,
        /// Print JSON lines instead of a table
        #[arg(long)]
        json: bool,
    },
}

/// The record `typed` names: `kind:code`, or a code alone found (in any case) among members,
/// opportunities, sub-contracts, risks and claims.
fn entity_named(conn: &rusqlite::Connection, typed: &str) -> Result<EntityRef> {
    let invalid = |m: String| HubError::Invalid(format!("--entity: {m}"));
    let tables = [
        (CodeTable::Members, Entity::Member),
        (CodeTable::Opportunities, Entity::Opportunity),
        (CodeTable::SubContracts, Entity::SubContract),
        (CodeTable::Risks, Entity::Risk),
        (CodeTable::Claims, Entity::Claim),
    ];
    if typed.contains(':') || typed.trim() == Entity::Database.code() {
        let named: EntityRef = typed.parse().map_err(invalid)?;
        // The code as stored, whatever case it was typed in.
        let stored = tables
            .iter()
            .find(|(_, e)| *e == named.kind)
            .map(|(t, _)| lookup::canonical(conn, *t, &named.code))
            .transpose()?
            .flatten();
        return Ok(stored.map_or(named.clone(), |c| EntityRef::new(named.kind, &c)));
    }
    let mut found = Vec::new();
    for (table, kind) in tables {
        if let Some(code) = lookup::canonical(conn, table, typed)? {
            found.push(EntityRef::new(kind, &code));
        }
    }
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => {
            let mut near = Vec::new();
            for (table, _) in tables {
                near.extend(lookup::nearest(conn, table, typed, 2)?);
            }
            near.truncate(3);
            let hint = if near.is_empty() {
                String::new()
            } else {
                format!(" (did you mean {}?)", near.join(", "))
            };
            Err(HubError::NotFound(format!(
                "--entity: no member, opportunity, sub-contract, risk or claim with code '{}'{hint}",
                typed.trim()
            )))
        }
        _ => Err(invalid(format!(
            "'{}' names more than one record ({}): give the kind, as in {}",
            typed.trim(),
            found
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join(", "),
            found[0]
        ))),
    }
}

pub fn run(ctx: &Context, cmd: &AuditCommand) -> Result<i32> {
    let store = ctx.view()?;
    match cmd {
        AuditCommand::Verify => match audit::verify(store.conn())? {
            Verdict::Intact { rows } => {
                println!("audit log intact: {rows} rows, every hash matches");
                if crate::store::practice::is_practice(store.conn())? {
                    println!(
                        "a practice database: its decisions are dated by --today or \
                         HUBBOARD_TODAY, not the system clock"
                    );
                }
                Ok(0)
            }
            Verdict::Broken { id, problem } => {
                println!("audit log BROKEN at row {id}: {problem}");
                Ok(crate::error::EXIT_AUDIT_BROKEN)
            }
        },
        AuditCommand::Log { entity, json } => {
            let entity = entity
                .as_deref()
                .map(|typed| entity_named(store.conn(), typed))
                .transpose()?;
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
