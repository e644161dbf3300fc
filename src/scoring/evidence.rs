//! The evidence the suspend workflow shows first for one sub-contract: recent returns against
//! profile with their scores, the standing (its own and its member's), late and missing returns,
//! referrals, and the value delivered, paid and remaining.

use chrono::NaiveDate;
use rusqlite::Connection;
use rust_decimal::Decimal;
use serde::Serialize;

use super::assess;
use super::load;
use super::scorecard::{self, PeriodScore};
use super::settings::{ScoringConfig, Settings};
use super::signals::{Signal, delivery_pct};
use super::standing::{ContractStanding, MemberStanding, Rated, rate};
use crate::dates::Period;
use crate::domain::clawback::{self, ClawbackFigures, Unreferred};
use crate::domain::{MonitoringReturn, SubContract, SubContractStatus};
use crate::error::{HubError, Result};
use crate::money;
use crate::store::subcontracts;

/// One month of the evidence table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvidenceMonth {
    pub period: Period,
    pub units_target: u32,
    pub units_delivered: u32,
    /// Delivered as a percentage of target, to one place; `None` with no target.
    pub delivery_pct: Option<Decimal>,
    pub due: NaiveDate,
    pub submitted: Option<NaiveDate>,
    /// Days after the due date it came in (or, if not in, as of today); 0 when on time.
    pub days_late: i64,
    pub quality_grade: Option<u8>,
    pub referrals: u32,
    /// `None` for a return not yet due.
    pub score: Option<PeriodScore>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    pub subcontract: SubContract,
    /// The scorecard window's months, oldest first.
    pub months: Vec<EvidenceMonth>,
    pub overall: Option<Rated>,
    pub member_standing: MemberStanding,
    /// Months in the window whose return was late or is missing.
    pub late_or_missing: Vec<Period>,
    /// Referrals over the window (a sum of months, so wider than one month's count).
    pub referrals: u64,
    /// Paid, earned (value delivered at the agreed unit price) and claw-back owed, whole life.
    pub clawback: ClawbackFigures,
    pub remaining_value: Decimal,
    pub money_at_risk: Decimal,
    pub signals: Vec<Signal>,
}

fn month(r: &MonitoringReturn, today: NaiveDate, cfg: &ScoringConfig) -> EvidenceMonth {
    EvidenceMonth {
        period: r.period,
        units_target: r.units_target,
        units_delivered: r.units_delivered,
        delivery_pct: delivery_pct(r).map(|p| p.round_dp(1)),
        due: r.due,
        submitted: r.submitted,
        days_late: if r.submitted.is_none() && r.due >= today {
            0
        } else {
            r.days_late(today)
        },
        quality_grade: r.quality_grade,
        referrals: r.referrals,
        score: scorecard::score_return(r, today, cfg),
    }
}

/// The evidence for `code` as of `today`, computed from the records (never from the cache, so
/// what the officer sees before suspending is exactly what the records say now).
pub fn evidence<'a>(
    conn: &Connection,
    code: &str,
    today: NaiveDate,
    settings: impl Into<Settings<'a>>,
) -> Result<Evidence> {
    let cfg = settings.into();
    let d = load::contract(conn, code)?
        .ok_or_else(|| HubError::NotFound(format!("no sub-contract with code '{code}'")))?;
    let f = d.facts();
    let scored = assess::period_scores(&f, today, cfg.scoring);
    let a = assess::assess(&f, &scored, today, cfg.scoring, cfg.warnings);
    let newest = scorecard::last_complete(today);
    let in_window = |r: &&MonitoringReturn| {
        let k = r.period.months_until(newest);
        k >= 0 && k < cfg.scoring.months as i32
    };
    let months: Vec<EvidenceMonth> = d
        .returns
        .iter()
        .filter(in_window)
        .map(|r| month(r, today, cfg.scoring))
        .collect();
    let submitted: Vec<MonitoringReturn> = d
        .returns
        .iter()
        .filter(|r| r.submitted.is_some())
        .cloned()
        .collect();
    Ok(Evidence {
        late_or_missing: months
            .iter()
            .filter(|m| m.days_late > 0)
            .map(|m| m.period)
            .collect(),
        referrals: months.iter().map(|m| u64::from(m.referrals)).sum(),
        clawback: f
            .pricing()
            .and_then(|p| {
                clawback::clawback(&p, &submitted, d.already_claimed, Unreferred::LeftOut)
            })
            .ok_or_else(|| money::too_large(&format!("the claw-back exposure of {code}")))?,
        overall: a.overall.map(|o| rate(o, cfg.scoring)),
        member_standing: member_standing(conn, &d.sub.member, today, cfg.scoring)?,
        remaining_value: a.remaining_value,
        money_at_risk: a.money_at_risk,
        signals: a.signals,
        months,
        subcontract: d.sub,
    })
}

/// A member's standing across its active sub-contracts, computed from the records.
pub fn member_standing(
    conn: &Connection,
    member: &str,
    today: NaiveDate,
    cfg: &ScoringConfig,
) -> Result<MemberStanding> {
    let newest = scorecard::last_complete(today);
    let mut contracts = Vec::new();
    for sub in subcontracts::subcontracts_of_member(conn, member)? {
        if sub.status != SubContractStatus::Active {
            continue;
        }
        let returns = subcontracts::returns_of(conn, &sub.code)?;
        let scores: Vec<_> = returns
            .iter()
            .filter_map(|r| scorecard::score_return(r, today, cfg))
            .collect();
        if let Some(o) = scorecard::overall(&scores, newest, cfg) {
            contracts.push(ContractStanding {
                subcontract: sub.code.clone(),
                value: sub.value,
                rated: rate(o, cfg),
            });
        }
    }
    MemberStanding::from_contracts(member, contracts, cfg)
}
