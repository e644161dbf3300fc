//! The records the hub keeps. Money is `Decimal` pounds, dates are `NaiveDate`, months are
//! `Period`s. Each struct mirrors one table of the store and one file of an export.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::enums::*;
use crate::dates::Period;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Member {
    pub code: String,
    pub name: String,
    pub tier: Tier,
    pub org_type: OrgType,
    /// `GB-CHC-<number>` (Charity Commission) or `GB-COH-<number>` (Companies House).
    pub registered_number: String,
    pub annual_income: Decimal,
    /// Thematic clusters the member belongs to.
    pub clusters: Vec<String>,
    pub geography: String,
    pub staff: u32,
    pub volunteers: u32,
    pub joined: NaiveDate,
    /// Bumped whenever the member's commitments change, so a stale award is refused.
    pub row_version: i64,
    /// The day it left the consortium: its records stay, it takes no new work.
    #[serde(default)]
    pub left: Option<NaiveDate>,
}

/// Units of activity per month a member can deliver in one service line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Capacity {
    pub member: String,
    pub service_line: String,
    pub units_per_month: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComplianceItem {
    pub member: String,
    pub kind: ComplianceKind,
    pub reference: String,
    pub valid_until: NaiveDate,
}

impl ComplianceItem {
    pub fn in_date_on(&self, day: NaiveDate) -> bool {
        self.valid_until >= day
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Commissioner {
    pub code: String,
    pub name: String,
    /// Local authority, NHS body, DWP, probation…
    pub kind: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Opportunity {
    pub code: String,
    pub title: String,
    pub commissioner: String,
    pub service_line: String,
    pub kind: OpportunityKind,
    pub stage: Stage,
    pub deadline: NaiveDate,
    pub value: Decimal,
    pub duration_months: u32,
    pub payment_model: PaymentModel,
    /// The hub's management fee as a percentage of the contract value.
    pub top_slice_pct: Decimal,
    /// Weighted bid/no-bid score, 0–100, once screened.
    pub bid_score: Option<u8>,
    pub decision: Option<BidDecision>,
    pub decision_reason: Option<String>,
    pub award_route: Option<AwardRoute>,
    pub row_version: i64,
}

/// The hub's top slice of a contract's value at this percentage, in pennies.
pub fn top_slice_of(value: Decimal, pct: Decimal) -> Decimal {
    crate::money::pennies(value * pct / Decimal::ONE_HUNDRED)
}

impl Opportunity {
    pub fn top_slice(&self) -> Decimal {
        top_slice_of(self.value, self.top_slice_pct)
    }
    /// What is left for delivery after the hub's top slice.
    pub fn net_value(&self) -> Decimal {
        self.value - self.top_slice()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubContract {
    pub code: String,
    pub opportunity: String,
    pub member: String,
    /// Who lets the sub-contract: `None` is the hub. A member letting work to another member is
    /// two-step sub-contracting, which the cluster rule forbids.
    pub let_by: Option<String>,
    pub value: Decimal,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub units_per_month: u32,
    pub payment_model: PaymentModel,
    pub status: SubContractStatus,
    /// The suspended sub-contract whose remainder this one took over.
    pub transferred_from: Option<String>,
    pub row_version: i64,
    /// Pounds per unit delivered, whole pence, fixed when the work was let; `None` on records
    /// from before rates were kept (see `domain::pricing`).
    #[serde(default)]
    pub unit_rate: Option<Decimal>,
}

impl SubContract {
    pub fn months(&self) -> u32 {
        crate::dates::months_spanned(self.start, self.end)
    }
    /// Value per year, for the share-of-income rule.
    pub fn annual_value(&self) -> Decimal {
        let months = Decimal::from(self.months());
        if months >= Decimal::from(12) {
            self.value * Decimal::from(12) / months
        } else {
            self.value
        }
    }
}

/// One month's monitoring return from a sub-contract holder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonitoringReturn {
    pub subcontract: String,
    pub period: Period,
    pub due: NaiveDate,
    /// `None` while the return has not come in.
    pub submitted: Option<NaiveDate>,
    pub units_target: u32,
    pub units_delivered: u32,
    pub outcomes_target: u32,
    pub outcomes_achieved: u32,
    pub milestones_due: u32,
    pub milestones_met: u32,
    pub spend: Decimal,
    /// Paid by the hub to the member for this period.
    pub paid: Decimal,
    /// 1 outstanding, 2 good, 3 requires improvement, 4 inadequate; `None` until submitted.
    pub quality_grade: Option<u8>,
    pub referrals: u32,
}

impl MonitoringReturn {
    /// Days late (positive) against the due date, as of `today` for a return not yet in.
    pub fn days_late(&self, today: NaiveDate) -> i64 {
        let when = self.submitted.unwrap_or(today);
        (when - self.due).num_days().max(0)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Risk {
    pub code: String,
    pub title: String,
    /// financial, governance, service, reputational, or a custom category.
    pub category: String,
    pub owner: String,
    /// The name of the scale it was scored on (e.g. `knowsley`, `nhs5x5`).
    pub scale: String,
    pub gross_probability: u8,
    pub gross_impact: u8,
    pub preventative_controls: String,
    pub curative_controls: String,
    pub net_probability: Option<u8>,
    pub net_impact: Option<u8>,
    pub review_date: NaiveDate,
    pub status: RiskStatus,
    pub entity_kind: EntityKind,
    pub entity_code: Option<String>,
    /// The rule that raised a generated risk; `None` for risks entered by people.
    pub generated_by: Option<String>,
}

impl Risk {
    pub fn gross_score(&self) -> u32 {
        u32::from(self.gross_probability) * u32::from(self.gross_impact)
    }
    pub fn net_score(&self) -> Option<u32> {
        Some(u32::from(self.net_probability?) * u32::from(self.net_impact?))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suspension {
    pub subcontract: String,
    pub decided: NaiveDate,
    pub effective: NaiveDate,
    pub reason_code: SuspensionReason,
    pub reason: String,
    /// Immediate, skipping the notice period, for a recorded urgent reason.
    pub urgent: bool,
    pub lifted: Option<NaiveDate>,
    /// The sub-contract that took over the remainder, once transferred.
    #[serde(default)]
    pub transferred_to: Option<String>,
}

/// One revision of a sub-contract's monthly delivery profile; earlier revisions are kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeliveryProfile {
    pub subcontract: String,
    pub revision: u32,
    pub effective_from: Period,
    pub units_per_month: u32,
    pub reason: String,
    pub recorded: NaiveDate,
}

/// A claw-back claim: paid minus earned for delivered units.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub code: String,
    pub subcontract: String,
    pub raised: NaiveDate,
    pub paid: Decimal,
    pub earned: Decimal,
    pub amount: Decimal,
    pub reason: String,
}
