//! Rating a score: the band it falls in gives its standing and the action for new awards; and a
//! member's standing across all its active sub-contracts.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

pub use super::band::{Action, Standing};
use super::settings::ScoringConfig;
use crate::error::Result;
use crate::money;

/// A score with the standing and action its band gives.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rated {
    /// The score to two decimal places.
    pub score: Decimal,
    /// Rounded to a whole number (half away from zero): what the bands are applied to.
    pub rounded: u32,
    pub standing: Standing,
    pub action: Action,
}

/// Whole number for banding: 79.5 → 80, 79.49 → 79.
pub fn round_for_band(score: Decimal) -> u32 {
    let r = score
        .clamp(Decimal::ZERO, Decimal::ONE_HUNDRED)
        .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    u32::try_from(r.mantissa() / 10i128.pow(r.scale())).unwrap_or(0)
}

/// Bands `score`. Validated bands always cover it; an unvalidated gap rates Inadequate.
pub fn rate(score: Decimal, cfg: &ScoringConfig) -> Rated {
    let rounded = round_for_band(score);
    let (standing, action) = cfg
        .band_for(rounded)
        .map(|b| (b.standing, b.action))
        .unwrap_or((Standing::Inadequate, Action::Block));
    Rated {
        score,
        rounded,
        standing,
        action,
    }
}

/// One sub-contract's part in a member's standing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContractStanding {
    pub subcontract: String,
    pub value: Decimal,
    pub rated: Rated,
}

/// A member's standing across its active sub-contracts that have a score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberStanding {
    pub member: String,
    /// Value-weighted overall score across the contracts; `None` when none has a score yet.
    pub overall: Option<Rated>,
    /// The worst contract standing (ties: the largest value).
    pub worst: Option<ContractStanding>,
    pub contracts: Vec<ContractStanding>,
}

impl MemberStanding {
    /// Value-weighted: Σ value × score ÷ Σ value, to two places. Contracts of no value count
    /// equally among themselves when every contract has no value. Refused, naming the
    /// sub-contract, should a value or score be too large to weigh (only a database edited by
    /// hand holds one).
    pub fn from_contracts(
        member: &str,
        mut contracts: Vec<ContractStanding>,
        cfg: &ScoringConfig,
    ) -> Result<MemberStanding> {
        contracts.sort_by(|a, b| {
            b.rated
                .standing
                .cmp(&a.rated.standing)
                .then(b.value.cmp(&a.value))
                .then(a.subcontract.cmp(&b.subcontract))
        });
        let total = money::total(
            "value",
            contracts.iter().map(|c| (c.subcontract.as_str(), c.value)),
        )?;
        let too_large = || money::too_large(&format!("the standing of {member}"));
        let overall = if contracts.is_empty() {
            None
        } else if total.is_zero() {
            let n = Decimal::from(contracts.len());
            let s = money::checked_sum(contracts.iter().map(|c| c.rated.score))
                .ok_or_else(too_large)?;
            Some(rate((s / n).round_dp(2), cfg))
        } else {
            let s = contracts
                .iter()
                .map(|c| c.value.checked_mul(c.rated.score))
                .try_fold(Decimal::ZERO, |s, w| s.checked_add(w?))
                .and_then(|s| s.checked_div(total))
                .ok_or_else(too_large)?;
            Some(rate(s.round_dp(2), cfg))
        };
        Ok(MemberStanding {
            member: member.to_string(),
            overall,
            worst: contracts.first().cloned(),
            contracts,
        })
    }

    /// The worst sub-contract and the value-weighted score, side by side: "worst SC-000012
    /// Inadequate (31); value-weighted Requires improvement (58) across 4 contracts worth
    /// £120,000.00, 3 rated below Approaching target".
    pub fn describe(&self) -> String {
        match (&self.overall, &self.worst) {
            (Some(o), Some(w)) => {
                let below = self
                    .contracts
                    .iter()
                    .filter(|c| c.rated.standing > Standing::ApproachingTarget)
                    .count();
                let n = self.contracts.len();
                format!(
                    "worst {} {} ({}); value-weighted {} ({}) across {n} contract{} worth {}, {below} rated below Approaching target",
                    w.subcontract,
                    w.rated.standing.label(),
                    w.rated.rounded,
                    o.standing.label(),
                    o.rounded,
                    if n == 1 { "" } else { "s" },
                    // Summed when the standing was made, so this cannot fail; shown as a dash
                    // rather than risk a wrong figure.
                    money::checked_sum(self.contracts.iter().map(|c| c.value))
                        .map_or("—".into(), money::display),
                )
            }
            _ => "no scored returns yet".into(),
        }
    }
}
