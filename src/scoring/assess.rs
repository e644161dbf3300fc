//! One sub-contract's assessment as of a day: period scores, overall score and standing, the
//! early-warning signals, and the money at risk that orders the triage list.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::scorecard::{self, PeriodScore};
use super::signals::{self, ContractFacts, Severity, Signal};
use super::standing::{self, Standing};
use super::{ScoringConfig, WarningsConfig};
use crate::dates::Period;
use crate::domain::SubContractStatus;
use crate::domain::split;
use crate::money;

/// What the triage list and the member standing need of one sub-contract; cached as JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    pub subcontract: String,
    pub member: String,
    pub opportunity: String,
    pub status: SubContractStatus,
    pub value: Decimal,
    /// Decayed overall score (two places); `None` before any return is scored.
    pub overall: Option<Decimal>,
    pub standing: Option<Standing>,
    /// Least-squares slope of delivery %, points per month (negative is falling).
    pub slope: Option<Decimal>,
    /// Delivered ÷ target over the recent window, 0..1 (missing returns count as nothing delivered).
    pub recent_delivery: Option<Decimal>,
    /// Value of the months from today's to the end at the agreed unit price.
    pub remaining_value: Decimal,
    /// Remaining value × shortfall (1 − recent delivery), to the penny.
    pub money_at_risk: Decimal,
    pub signals: Vec<Signal>,
}

impl Assessment {
    pub fn severity(&self) -> Option<Severity> {
        self.signals.iter().map(|s| s.severity).max()
    }
}

/// Money at risk: remaining × (1 − ratio), the shortfall clamped to 0..1; no ratio, no risk
/// figure (nothing has been due yet to judge by).
pub fn money_at_risk(remaining: Decimal, ratio: Option<Decimal>) -> Decimal {
    match ratio {
        Some(r) => {
            let shortfall = (Decimal::ONE - r).clamp(Decimal::ZERO, Decimal::ONE);
            money::pennies(remaining * shortfall)
        }
        None => Decimal::ZERO,
    }
}

/// Delivered ÷ target over the recent window's returns that are in or overdue.
fn recent_ratio(
    f: &ContractFacts,
    newest: Period,
    months: u32,
    today: NaiveDate,
) -> Option<Decimal> {
    let (mut d, mut t) = (0u64, 0u64);
    for r in f.returns {
        let k = r.period.months_until(newest);
        if k < 0 || k >= months as i32 || (r.submitted.is_none() && r.due >= today) {
            continue;
        }
        d += u64::from(r.units_delivered);
        t += u64::from(r.units_target);
    }
    (t > 0).then(|| (Decimal::from(d) / Decimal::from(t)).clamp(Decimal::ZERO, Decimal::ONE))
}

/// Scores every return (the cache's period scores come back too, for submitted returns).
pub fn period_scores(f: &ContractFacts, today: NaiveDate, cfg: &ScoringConfig) -> Vec<PeriodScore> {
    f.returns
        .iter()
        .filter_map(|r| scorecard::score_return(r, today, cfg))
        .collect()
}

/// Assesses one sub-contract from its period scores (computed or cached) and its facts.
pub fn assess(
    f: &ContractFacts,
    scores: &[PeriodScore],
    today: NaiveDate,
    scoring: &ScoringConfig,
    warnings: &WarningsConfig,
) -> Assessment {
    let newest = scorecard::last_complete(today);
    let overall = scorecard::overall(scores, newest, scoring);
    let ratio = recent_ratio(f, newest, warnings.recent_months, today);
    let remaining = remaining_value(f, today);
    Assessment {
        subcontract: f.sub.code.clone(),
        member: f.sub.member.clone(),
        opportunity: f.sub.opportunity.clone(),
        status: f.sub.status,
        value: f.sub.value,
        overall,
        standing: overall.map(|o| standing::rate(o, scoring).standing),
        slope: signals::trend_slope(f.returns, newest, warnings.trend_months),
        recent_delivery: ratio,
        remaining_value: remaining,
        money_at_risk: money_at_risk(remaining, ratio),
        signals: signals::contract_signals(f, today, warnings),
    }
}

/// What is still to be delivered from the start of `today`'s month, at the sub-contract's rates.
fn remaining_value(f: &ContractFacts, today: NaiveDate) -> Decimal {
    let before_this_month = Period::containing(today).first_day().pred_opt();
    match (f.pricing(), before_this_month) {
        (Some(p), Some(last)) => split::split(f.sub, f.profiles, &p, last)
            .map(|x| x.value)
            .unwrap_or_default(),
        _ => Decimal::ZERO,
    }
}
