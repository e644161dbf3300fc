//! The hub's decisions as operations on the store: each is one transaction that checks its rules,
//! refuses a stale edit, changes the records and writes its audit row.
//!
//! Every operation comes in two halves: a read-only `plan_*` that gathers the facts and runs the
//! checks (the plan carries the row versions it read), and a `commit_*` that, inside one
//! `BEGIN IMMEDIATE` transaction, re-reads those rows, refuses with `HubError::Conflict` if any
//! changed, re-runs the checks, writes the change and appends the audit row.

pub mod award;
mod award_within;
pub mod clawback;
mod common;
pub mod competitive;
pub mod improvement;
pub mod joint;
pub mod joint_award;
pub mod panel_file;
pub mod reinstate;
pub mod reprofile;
pub mod risks;
pub mod suspend;
pub mod transfer;
pub mod warning;

/// Reads for the dashboard: a sub-contract's improvement actions and flags, all open flags.
pub use crate::store::plans::{actions_of, flags_of, open_flags};
pub use award::{AwardOutcome, AwardPlan, AwardRequest, commit_award, plan_award};
pub use clawback::{
    ClawbackOutcome, ClawbackPlan, ClawbackRequest, commit_clawback, plan_clawback,
};
pub use competitive::{CompetitiveAwardPlan, CompetitiveAwardRequest};
pub use competitive::{commit_competitive_award, plan_competitive_award};
pub use joint::plan_joint_delivery;
pub use joint_award::{JointAwardPlan, JointAwardRequest, JointShare};
pub use joint_award::{commit_joint_award, plan_joint_award, propose_joint_shares};
pub use reinstate::{
    ReinstateOutcome, ReinstatePlan, ReinstateRequest, commit_reinstate, plan_reinstate,
};
pub use reprofile::{
    ReprofileOutcome, ReprofilePlan, ReprofileRequest, commit_reprofile, plan_reprofile,
};
pub use risks::{
    RefreshChange, RefreshSummary, RiskAddPlan, RiskAddRequest, RiskEditPlan, RiskEditRequest,
    RiskFields, RiskOutcome, RiskStatusPlan, RiskStatusRequest, commit_add_risk, commit_edit_risk,
    commit_risk_status, plan_add_risk, plan_close_risk, plan_edit_risk, plan_reopen_risk,
    refresh_generated_risks,
};
pub use suspend::{SuspendOutcome, SuspendPlan, SuspendRequest, commit_suspend, plan_suspend};
pub use transfer::{
    TransferOutcome, TransferPlan, TransferRequest, commit_transfer, plan_transfer,
};

use crate::clock::Clock;
use crate::domain::Rules;

/// Who decides, when, and under which rules: what every plan and commit needs.
#[derive(Debug, Clone, Copy)]
pub struct Decider<'a> {
    pub clock: &'a Clock,
    /// Recorded on the audit row.
    pub actor: &'a str,
    pub rules: &'a Rules,
    /// The scorecard settings: the award's standing check bands the member's score with them.
    pub scoring: &'a crate::scoring::ScoringConfig,
}
