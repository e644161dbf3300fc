//! The demo consortium generator: a believable consortium, small for trying out, large for
//! benchmarks, deterministic for a given seed and date.

use std::fmt;

use chrono::NaiveDate;

use crate::clock::Clock;
use crate::error::{HubError, Result};
use crate::store::Store;

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

/// Fills an empty store with a demo consortium.
pub fn generate(
    _store: &mut Store,
    _opts: &DemoOptions,
    _clock: &Clock,
    _actor: &str,
    _progress: &mut dyn FnMut(Progress),
) -> Result<DemoSummary> {
    Err(HubError::Invalid("the demo generator is not built yet".into()))
}
