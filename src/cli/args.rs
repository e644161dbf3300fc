//! Every command and option, declared once; `hubboard --help` is generated from this file.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};

use super::audit::AuditCommand;
use super::dashboard::SnapshotArgs;
use super::demo::DemoArgs;
use super::exchange::ExportArgs;
use super::improve::ImproveCommand;
use super::risks::{RiskGroup, RisksArgs};
use crate::ui::theme::ThemeName;

#[derive(Debug, Parser)]
#[command(
    name = "hubboard",
    version,
    about = "Dashboard and audited decisions for the hub of a voluntary-sector consortium",
    long_about = "Dashboard and audited decisions for the hub of a voluntary-sector consortium.\n\n\
                  With no command, opens the dashboard; on first run it creates a small demo \
                  consortium in the default database."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Globals,

    #[command(flatten)]
    pub screen: ScreenOptions,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The options every command takes.
#[derive(Debug, Clone, Args)]
pub struct Globals {
    /// Database file [default: $HUBBOARD_DB, else hubboard.db in your data directory]
    #[arg(long, global = true, env = "HUBBOARD_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Treat this date as today for views, reports and dry runs (YYYY-MM-DD); it dates decisions only on a practice database
    #[arg(long, global = true, env = "HUBBOARD_TODAY", value_name = "DATE", value_parser = parse_date)]
    pub today: Option<NaiveDate>,

    /// Configuration file [default: ~/.config/hubboard/config.toml if present]
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
}

/// The options of the dashboard itself, given before any command (`hubboard --mouse`).
#[derive(Debug, Clone, Default, Args)]
pub struct ScreenOptions {
    /// Colour theme [default: from the config file, else default; NO_COLOR forces mono]
    #[arg(long, value_enum)]
    pub theme: Option<ThemeName>,

    /// Let the mouse select rows and panes (off by default)
    #[arg(long)]
    pub mouse: bool,

    /// Look only: nothing is written or created, and no decision is offered
    #[arg(long)]
    pub read_only: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a demo consortium (small, or large for benchmarks)
    Demo(DemoArgs),
    /// Export every table to a directory, one CSV (or JSON) file per table
    Export(ExportArgs),
    /// Copy the database to a new file, safely while colleagues write
    Backup(super::backup::BackupArgs),
    /// Replace the database with a backup that passes the integrity and audit checks (admin)
    Restore(super::backup::RestoreArgs),
    /// Who may look, decide and administer: list, grant or revoke roles
    #[command(subcommand)]
    Users(super::users::UsersCommand),
    /// Read and check the audit log
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Print what the dashboard would draw, as text, and exit
    Snapshot(SnapshotArgs),
    /// The risk register with scores and bands, and the heatmap's cell counts
    Risks(RisksArgs),
    /// Add, edit, close or reopen a risk, with an audit row
    // The commands under it are the register's decisions, added from the decision register.
    #[command(subcommand_required = true)]
    Risk(RiskGroup),
    /// Providers needing attention, most urgent first, and why
    Triage(super::triage::TriageArgs),
    /// Monthly returns: the worklist of those due; record, correct and import them
    // Recording, correcting and importing are decisions, added from the decision register.
    #[command(subcommand)]
    Returns(super::returns::ReturnsCommand),
    /// A won opportunity's prime contract ledger: let, unlet, earned, paid and owed, by sub-contract
    Ledger(super::ledger::LedgerArgs),
    /// Walk the Board through the figures on a projector (read-only)
    Present(super::present::PresentArgs),
    /// Write the board pack (the slides' content) as Markdown, HTML or CSV
    Report(super::report::ReportArgs),
    /// Commit a plan a decision's --dry-run --json printed, if nothing it read has changed
    Commit(super::decide::CommitArgs),
    /// A sub-contract's improvement plan: add an action, mark one done, list them
    // Named `improve` so the command column of `--help` keeps its width; `improvement` works too.
    #[command(subcommand, name = "improve", visible_alias = "improvement")]
    Improve(ImproveCommand),
    /// Open Contracting data: import tender notices, export the consortium's supply chain
    // Importing is a decision, added from the decision register.
    #[command(subcommand)]
    Ocds(super::ocds::OcdsCommand),
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    crate::dates::parse_iso(s)
}
