//! The hub's decisions. Each is a type implementing `Decision` in its own module (its request,
//! its plan with every check and exactly what will be written, and the write of that plan),
//! registered once in `registry.rs`; `pipeline.rs` runs them all the same way: plan, then commit
//! through the one gate (`gate.rs`) in one transaction with its audit rows, refused as a conflict
//! if what the plan read has moved on.

pub mod award;
mod award_within;
pub mod bid;
pub mod board_approval;
pub mod clawback;
mod common;
pub mod competitive;
pub mod conflict;
pub mod corrections;
pub mod decision;
pub mod delivery_plan;
pub mod fields;
pub mod gate;
pub mod import;
pub mod improvement;
pub mod joint_award;
pub mod member_leave;
pub mod member_record;
pub mod members;
pub mod ocds_import;
pub mod opportunity_add;
pub mod opportunity_edit;
pub mod panel_file;

pub mod pipeline;
pub mod prime;
pub mod registry;
pub mod reinstate;
pub mod reprofile;
pub mod returns;
pub mod returns_import;
pub mod risks;
pub mod stage;
pub mod suspend;
pub mod transfer;
pub mod vary;
pub mod warning;

pub use decision::{Confirm, Decision, Opening, ReasonRule, Sheet, Spec, Why, Written};
pub use fields::{Field, FieldKind, Pick, Values};
pub use gate::{Access, Gate, Write};
pub use pipeline::{Committed, Planned, commit, decide, plan};
pub use registry::{DecisionKind, Registered, Visitor};

/// Reads for the dashboard: a sub-contract's improvement actions and flags, all open flags.
pub use crate::store::plans::{actions_of, flags_of, open_flags};

use crate::clock::Clock;
use crate::domain::risk_scale::{RiskScale, ScaleSpecs};
use crate::domain::{Competitive, Limits, Rules};

/// The settings decisions run under: each section belongs to the layer that defines it and is
/// lent here by the front end (the configuration loader converts into this).
#[derive(Debug, Clone, Copy)]
pub struct Settings<'a> {
    pub rules: &'a Rules,
    pub competitive: &'a Competitive,
    pub scales: &'a ScaleSpecs,
    pub scoring: crate::scoring::Settings<'a>,
    /// The largest money value and units a month a request may give.
    pub limits: &'a Limits,
    /// The consortium in published data, and CPV codes to service lines.
    pub ocds: &'a crate::ocds::config::OcdsConfig,
}

/// Who decides, when, and under which settings: what every plan and write needs.
#[derive(Debug, Clone, Copy)]
pub struct Decider<'a> {
    pub clock: &'a Clock,
    /// Recorded on the audit row.
    pub actor: &'a str,
    pub settings: Settings<'a>,
}

impl<'a> Decider<'a> {
    pub fn new(clock: &'a Clock, actor: &'a str, settings: impl Into<Settings<'a>>) -> Decider<'a> {
        Decider {
            clock,
            actor,
            settings: settings.into(),
        }
    }

    pub fn rules(&self) -> &'a Rules {
        self.settings.rules
    }

    pub fn competitive(&self) -> &'a Competitive {
        self.settings.competitive
    }

    /// The risk scales, built-in and configured.
    pub fn scales(&self) -> Vec<RiskScale> {
        self.settings.scales.scales()
    }

    /// The scorecard settings the award's standing check bands a member's score with.
    pub fn scoring(&self) -> &'a crate::scoring::ScoringConfig {
        self.settings.scoring.scoring
    }

    /// The bounds a request's money values and units a month must keep.
    pub fn limits(&self) -> &'a Limits {
        self.settings.limits
    }

    pub fn today(&self) -> chrono::NaiveDate {
        self.clock.today()
    }
}
