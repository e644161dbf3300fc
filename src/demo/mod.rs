//! The demo consortium generator: a believable consortium, small for trying out, large for
//! benchmarks, deterministic for a given seed and date.

use std::fmt;

use chrono::NaiveDate;

mod large;
mod members;
mod names;
mod opportunities;
mod returns;
mod risks;
mod small;
mod spare;
mod subcontracts;

pub use large::{LargeCounts, generate_large};
pub use opportunities::decision_for;
pub use returns::BID_CANDY_MONTHS;
pub use risks::{KNOWSLEY_REGISTER, KNOWSLEY_SCALE, KnowsleyRisk};

use crate::clock::Clock;
use crate::error::{HubError, Result};
use crate::store::Store;
use crate::store::audit::{self, AuditAction, Entry};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    Small,
    Large,
}

impl Size {
    pub fn label(self) -> &'static str {
        match self {
            Size::Small => "small",
            Size::Large => "large",
        }
    }
}

#[derive(Debug, Clone)]
pub struct DemoOptions {
    pub size: Size,
    pub seed: u64,
    /// Returns run up to the month before this date.
    pub today: NaiveDate,
}

/// Progress through a long build: a step name and how far through all the work.
#[derive(Debug, Clone)]
pub struct Progress {
    pub step: &'static str,
    pub done: usize,
    pub total: usize,
}

#[derive(Debug, Clone, Default)]
pub struct DemoSummary {
    pub members: usize,
    pub opportunities: usize,
    pub subcontracts: usize,
    pub returns: usize,
    pub risks: usize,
}

impl fmt::Display for DemoSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} members, {} opportunities, {} sub-contracts, {} monitoring returns, {} risks",
            self.members, self.opportunities, self.subcontracts, self.returns, self.risks
        )
    }
}

/// Fills an empty store with a demo consortium, in one transaction with one audit row.
pub fn generate(
    store: &mut Store,
    opts: &DemoOptions,
    clock: &Clock,
    actor: &str,
    progress: &mut dyn FnMut(Progress),
) -> Result<DemoSummary> {
    generate_by(store, opts, (clock, actor, false), progress)
}

/// As `generate`, for a database being created for someone: `actor` is recorded as its first
/// admin, in the same transaction and audit row.
pub fn generate_for_creator(
    store: &mut Store,
    opts: &DemoOptions,
    clock: &Clock,
    actor: &str,
    progress: &mut dyn FnMut(Progress),
) -> Result<DemoSummary> {
    generate_by(store, opts, (clock, actor, true), progress)
}

fn generate_by(
    store: &mut Store,
    opts: &DemoOptions,
    by: (&Clock, &str, bool),
    progress: &mut dyn FnMut(Progress),
) -> Result<DemoSummary> {
    match opts.size {
        Size::Small => write(store, opts, by, &mut |conn| {
            small::build(conn, opts, progress)
        }),
        Size::Large => large::generate_large_by(store, opts, &LargeCounts::FULL, by, progress),
    }
}

/// Refuses a store that already holds records, then runs `build` and the audit row in one
/// transaction.
fn write(
    store: &mut Store,
    opts: &DemoOptions,
    (clock, actor, first_admin): (&Clock, &str, bool),
    build: &mut dyn FnMut(&rusqlite::Connection) -> Result<DemoSummary>,
) -> Result<DemoSummary> {
    if !store.is_empty()? {
        return Err(HubError::Refused(format!(
            "{} already holds a consortium; a demo needs an empty database",
            store.path().display()
        )));
    }
    let tx = store.write()?;
    // A bulk load: the kept totals are added up once at the end, not row by row.
    crate::store::kept_totals::pause(&tx, "demo")?;
    let summary = build(&tx)?;
    crate::store::kept_totals::resume(&tx)?;
    if first_admin {
        crate::store::users::first_admin(&tx, clock, actor)?;
    }
    let after = serde_json::json!({
        "first_admin": first_admin.then_some(actor),
        "size": opts.size.label(),
        "seed": opts.seed,
        "today": crate::dates::iso(opts.today),
        "members": summary.members,
        "opportunities": summary.opportunities,
        "subcontracts": summary.subcontracts,
        "returns": summary.returns,
        "risks": summary.risks,
    });
    audit::append(
        &tx,
        clock,
        actor,
        &Entry::new(AuditAction::Demo, crate::domain::EntityRef::database())
            .after(&after)
            .reason(format!(
                "{} demo consortium generated from seed {}",
                opts.size.label(),
                opts.seed
            )),
    )?;
    tx.commit()?;
    Ok(summary)
}
