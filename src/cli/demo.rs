//! `hubboard demo`: build a believable consortium; and the first-run demo the dashboard creates.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::Context;
use crate::demo::{self, DemoOptions, Size};
use crate::error::{HubError, Result};
use crate::ops::gate::Write as Change;
use crate::store::Store;
use crate::store::seal;

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// How big a consortium to build
    #[arg(long, value_enum, default_value_t = SizeArg::Small)]
    pub size: SizeArg,
    /// Seed for the generator: the same seed and date give the same consortium
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Replace an existing database
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SizeArg {
    /// About 50 members, 30 opportunities, 150 sub-contracts, 18 months of returns
    Small,
    /// 2,000 members, 20,000 opportunities, 100,000 sub-contracts, 1,200,000 returns
    Large,
}

pub fn run(ctx: &Context, args: &DemoArgs) -> Result<i32> {
    let path = &ctx.db_path;
    // Through the gate before anything is touched: a read-only session replaces nothing.
    ctx.gate.require(Change::Demo)?;
    if path.exists() && !args.force {
        return Err(HubError::Refused(format!(
            "{} already exists; add --force to replace it with a demo",
            path.display()
        )));
    }
    // Replacing a database with roles takes one of its admins; the refusal is recorded in it.
    // (A file that is not a readable hubboard database has no roles to honour.)
    if let Ok(mut old) = ctx.gate.open(path)
        && let Ok(role) = crate::store::users::role_of(old.conn(), &ctx.actor)
        && role < crate::store::users::Role::Admin
    {
        return Err(crate::store::users::refuse_attempt(
            &mut old,
            &ctx.clock,
            &ctx.actor,
            role,
            "replacing the database with a demo",
        ));
    }
    // Built aside and renamed into place: stopped at any moment, the old database (or none)
    // is what remains, never a half-built one.
    let aside = PathBuf::from(format!("{}.building", path.display()));
    remove_database(&aside)?;
    for leftover in [seal::key_path(&aside), seal::seal_path(&aside)] {
        remove_if_there(&leftover.display().to_string())?;
    }
    // The database keeps its key: only the seal changes with the swap.
    if seal::key_path(path).exists() {
        std::fs::copy(seal::key_path(path), seal::key_path(&aside))
            .map_err(|e| HubError::io("cannot copy the audit key", e))?;
    }
    let size = match args.size {
        SizeArg::Small => Size::Small,
        SizeArg::Large => Size::Large,
    };
    let mut store = ctx.gate.open_to_write(&aside, Change::Demo, true)?;
    let opts = DemoOptions {
        size,
        seed: args.seed,
        today: ctx.clock.today(),
    };
    let interactive = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let mut last_shown = usize::MAX;
    let summary =
        demo::generate_for_creator(&mut store, &opts, &ctx.clock, &ctx.actor, &mut |p| {
            // One line per step when piped; a live percentage on a terminal.
            let pct = p.done * 100 / p.total.max(1);
            if interactive {
                eprint!("\r{:<40} {pct:>3}%", p.step);
                let _ = std::io::stderr().flush();
            } else if pct / 25 != last_shown {
                last_shown = pct / 25;
                eprintln!("{} {pct}%", p.step);
            }
        })?;
    if interactive {
        eprintln!();
    }
    // Everything into the one file, then the swap.
    store
        .conn()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?;
    drop(store);
    for suffix in ["-wal", "-shm"] {
        remove_if_there(&format!("{}{suffix}", path.display()))?;
    }
    seal::adopt_anchors(&aside, path)?;
    std::fs::rename(&aside, path).map_err(|e| {
        HubError::io(
            format!("cannot move the new demo into {}", path.display()),
            e,
        )
    })?;
    remove_database(&aside)?;
    println!(
        "{} demo written to {}: {summary}",
        size.label(),
        path.display()
    );
    Ok(0)
}

/// Deletes a database and its WAL side files, where they exist.
fn remove_database(path: &Path) -> Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        remove_if_there(&format!("{}{suffix}", path.display()))?;
    }
    Ok(())
}

fn remove_if_there(p: &str) -> Result<()> {
    match std::fs::remove_file(p) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(HubError::io(format!("cannot remove {p}"), e)),
    }
}

/// Opens the default database, creating the small demo in it on first run. Returns the store
/// and whether the demo was just created (the dashboard says so in its status bar).
pub fn open_or_create_demo(ctx: &Context) -> Result<(Store, bool)> {
    let fresh = !ctx.db_path.exists();
    let mut store = if fresh {
        ctx.gate.open_to_write(&ctx.db_path, Change::Demo, true)?
    } else {
        ctx.gate.open(&ctx.db_path)?
    };
    if fresh || store.is_empty()? {
        ctx.gate.require(Change::Demo)?;
        let opts = DemoOptions {
            size: Size::Small,
            seed: 1,
            today: ctx.clock.today(),
        };
        demo::generate_for_creator(&mut store, &opts, &ctx.clock, &ctx.actor, &mut |_| {})?;
        return Ok((store, true));
    }
    Ok((store, false))
}
