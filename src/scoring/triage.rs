//! The triage list: providers needing attention, most urgent first, each saying why in words.
//! Only sub-contracts (and members, for compliance) with at least one signal appear.

use std::cmp::Ordering;
use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::cache::{Snapshot, Summary};
use super::settings::{ScoringConfig, Settings};
use super::signals::{self, Severity, Signal, SignalKind, row_kind};
use super::standing::{ContractStanding, MemberStanding, Standing, rate};
use crate::domain::{ComplianceItem, SubContractStatus};
use crate::error::Result;

/// One row of the triage list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TriageRow {
    pub member: String,
    pub member_name: String,
    /// `None` for a member-level row (compliance).
    pub subcontract: Option<String>,
    pub opportunity: Option<String>,
    pub status: Option<SubContractStatus>,
    /// The highest severity among the signals.
    pub severity: Severity,
    /// Provider when any signal is about delivery; referral route when the only concern is the
    /// route sending no work (bid candy); compliance for a member-level row.
    pub kind: SignalKind,
    pub overall: Option<Decimal>,
    pub standing: Option<Standing>,
    /// The member's standing across all its active sub-contracts.
    pub member_standing: Option<Standing>,
    pub remaining_value: Decimal,
    pub money_at_risk: Decimal,
    pub slope: Option<Decimal>,
    pub signals: Vec<Signal>,
    /// The signals' explanations, most severe first, joined with "; ".
    pub why: String,
}

impl TriageRow {
    /// The row's standing in words: the referral route's label when the route is the only
    /// concern (it is not rated against the provider), else its band, with the score when
    /// `with_score`.
    /// The severity as every screen shows it: `Route` for the referral route sending no work
    /// (not the provider's failing), else High, Medium or Low.
    pub fn severity_word(&self) -> &'static str {
        if self.kind == SignalKind::ReferralRoute {
            "Route"
        } else {
            self.severity.word()
        }
    }

    pub fn standing_label(&self, with_score: bool) -> Option<String> {
        if self.kind == SignalKind::ReferralRoute {
            return Some(signals::ROUTE_LABEL.to_string());
        }
        let s = self.standing?;
        Some(match (with_score, self.overall) {
            (true, Some(o)) => format!("{} ({})", s.label(), super::standing::round_for_band(o)),
            _ => s.label().to_string(),
        })
    }
}

fn why(signals: &mut [Signal]) -> String {
    signals.sort_by_key(|s| std::cmp::Reverse(s.severity));
    signals
        .iter()
        .map(|s| s.why.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

/// The triage order: severity (highest first), money at risk (largest first), trend (steepest
/// fall first; no trend counts as flat), then member and sub-contract codes for a stable list.
pub fn order(a: &TriageRow, b: &TriageRow) -> Ordering {
    b.severity
        .cmp(&a.severity)
        .then(b.money_at_risk.cmp(&a.money_at_risk))
        .then(
            a.slope
                .unwrap_or_default()
                .cmp(&b.slope.unwrap_or_default()),
        )
        .then(a.member.cmp(&b.member))
        .then(a.subcontract.cmp(&b.subcontract))
}

/// Member standings: active sub-contracts with a score, value-weighted.
pub fn member_standings(
    summaries: &[Summary],
    scoring: &ScoringConfig,
) -> Result<HashMap<String, MemberStanding>> {
    let mut by_member: HashMap<&str, Vec<ContractStanding>> = HashMap::new();
    for a in summaries {
        if a.status != SubContractStatus::Active {
            continue;
        }
        if let Some(o) = a.overall {
            by_member
                .entry(&a.member)
                .or_default()
                .push(ContractStanding {
                    subcontract: a.subcontract.clone(),
                    value: a.value,
                    rated: rate(o, scoring),
                });
        }
    }
    by_member
        .into_iter()
        .map(|(m, c)| {
            Ok((
                m.to_string(),
                MemberStanding::from_contracts(m, c, scoring)?,
            ))
        })
        .collect()
}

/// Builds the ordered list from the assessments, members' names and compliance items; the
/// flagged assessments are taken into the rows, not copied beside them.
pub fn build(
    snapshot: Snapshot,
    names: &HashMap<String, String>,
    compliance: &[ComplianceItem],
    today: NaiveDate,
    cfg: Settings<'_>,
) -> Result<Vec<TriageRow>> {
    let Snapshot { summaries, flagged } = snapshot;
    let standings = member_standings(&summaries, cfg.scoring)?;
    let member_standing = |m: &str| {
        standings
            .get(m)
            .and_then(|s| s.overall.as_ref())
            .map(|r| r.standing)
    };
    let name = |m: &str| names.get(m).cloned().unwrap_or_default();
    let mut holders: Vec<String> = summaries.into_iter().map(|a| a.member).collect();
    holders.sort_unstable();
    holders.dedup();
    let mut rows: Vec<TriageRow> = flagged
        .into_iter()
        .map(|a| {
            let severity = a.severity().unwrap_or(Severity::Low);
            let mut signals = a.signals;
            TriageRow {
                member_name: name(&a.member),
                member_standing: member_standing(&a.member),
                member: a.member,
                subcontract: Some(a.subcontract),
                opportunity: Some(a.opportunity),
                status: Some(a.status),
                severity,
                kind: row_kind(&signals),
                overall: a.overall,
                standing: a.standing,
                remaining_value: a.remaining_value,
                money_at_risk: a.money_at_risk,
                slope: a.slope,
                why: why(&mut signals),
                signals,
            }
        })
        .collect();
    // Compliance is the member's: one row per member holding live work.
    let mut items: HashMap<&str, Vec<ComplianceItem>> = HashMap::new();
    for i in compliance {
        items.entry(&i.member).or_default().push(i.clone());
    }
    for m in &holders {
        let held = items.get(m.as_str()).map_or(&[][..], |v| v);
        let mut signals = signals::compliance_signals(held, today, cfg.warnings);
        if signals.is_empty() {
            continue;
        }
        rows.push(TriageRow {
            member: m.clone(),
            member_name: name(m),
            subcontract: None,
            opportunity: None,
            status: None,
            severity: signals
                .iter()
                .map(|s| s.severity)
                .max()
                .unwrap_or(Severity::Low),
            kind: SignalKind::Compliance,
            overall: None,
            standing: None,
            member_standing: member_standing(m),
            remaining_value: Decimal::ZERO,
            money_at_risk: Decimal::ZERO,
            slope: None,
            why: why(&mut signals),
            signals,
        });
    }
    rows.sort_by(order);
    Ok(rows)
}
