//! `hubboard users list|grant|revoke`: who may look, decide and administer this database.

use clap::Subcommand;

use super::Context;
use crate::error::Result;
use crate::store::users::{self, Role};

#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// List the users recorded and their roles (a login not listed may only look)
    List,
    /// Give USER a role: viewer (looks), officer (decides) or admin (also overrides failed checks
    /// and manages users)
    Grant {
        /// The login name, as the operating system knows it
        user: String,
        /// viewer, officer or admin
        role: String,
        /// Why (recorded in the audit log)
        #[arg(long, value_name = "TEXT", default_value = "")]
        reason: String,
    },
    /// Take USER's role away: it may then only look
    Revoke {
        /// The login name
        user: String,
        /// Why (recorded in the audit log)
        #[arg(long, value_name = "TEXT", default_value = "")]
        reason: String,
    },
}

pub fn run(ctx: &Context, cmd: &UsersCommand) -> Result<i32> {
    match cmd {
        UsersCommand::List => {
            let store = ctx.view()?;
            let conn = store.conn();
            if !users::roles_apply(conn)? {
                println!(
                    "No user is recorded: everyone who can open the file may decide and administer. \
                     `hubboard users grant LOGIN ROLE` records you as the first admin."
                );
                return Ok(0);
            }
            println!("{:<20} {:<8} {:<20} since", "user", "role", "granted by");
            for u in users::list(conn)? {
                let since = crate::dates::parse_iso(&u.granted_at)
                    .map_or(u.granted_at.clone(), crate::dates::display);
                println!(
                    "{:<20} {:<8} {:<20} {since}",
                    crate::text::clean(&u.login),
                    u.role,
                    crate::text::clean(&u.granted_by)
                );
            }
            let mine = users::role_of(conn, &ctx.actor)?;
            println!(
                "You ({}) are {}: you may {}.",
                ctx.actor,
                mine.code(),
                mine.may()
            );
            Ok(0)
        }
        UsersCommand::Grant { user, role, reason } => {
            let role = Role::parse(role)?;
            ctx.gate.require(crate::ops::Write::Users)?;
            let mut store = ctx.gate.open(&ctx.db_path)?;
            let ids = users::grant(&mut store, &ctx.clock, &ctx.actor, user, role, reason)?;
            println!(
                "{} is now {}; audit row {}",
                user.trim(),
                role.code(),
                rows(&ids)
            );
            Ok(0)
        }
        UsersCommand::Revoke { user, reason } => {
            ctx.gate.require(crate::ops::Write::Users)?;
            let mut store = ctx.gate.open(&ctx.db_path)?;
            let ids = users::revoke(&mut store, &ctx.clock, &ctx.actor, user, reason)?;
            println!(
                "{} may now only look; audit row {}",
                user.trim(),
                rows(&ids)
            );
            Ok(0)
        }
    }
}

fn rows(ids: &[i64]) -> String {
    ids.iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}
