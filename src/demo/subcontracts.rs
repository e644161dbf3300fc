//! Demo sub-contracts on the won opportunities: full members only, within each member's capacity
//! and within the share-of-income rule, valued by splitting each contract's net value pro rata to
//! units; and the cast of the story — steady, late, chronic, bid candy, re-profiled, suspended.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use rand::Rng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal_macros::dec;

use super::members::MemberRecord;
use super::names;
use super::opportunities::{PlannedOpportunity, term_end};
use crate::dates::{self, Period};
use crate::domain::joint::one_rate;
use crate::domain::{
    DeliveryProfile, PaymentModel, SubContract, SubContractStatus, Suspension, SuspensionReason,
    Tier,
};

/// How many sub-contracts the small consortium aims for.
const TARGET: usize = 150;
/// Stay a little under the 50% share-of-income rule, so rounding never tips a member over.
const INCOME_SHARE: Decimal = dec!(0.48);

/// How a sub-contract behaves in its monthly returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// 90–110% of profile, on time, good quality.
    Steady,
    /// Returns 5–30 days late; `missing_latest` when the last month's has not come in.
    Late { missing_latest: bool },
    /// Falling below 60% of profile over the last months, poor quality, spend ahead of delivery.
    Chronic,
    /// Named in the bid, then referred no work for the last months.
    BidCandy,
    /// Delivers to a profile reduced from `from` onwards (was `before` units a month).
    Reprofiled { from: Period, before: u32 },
}

pub struct Portfolio {
    pub subcontracts: Vec<SubContract>,
    /// One role per sub-contract, in the same order.
    pub roles: Vec<Role>,
    pub profiles: Vec<DeliveryProfile>,
    pub suspension: Option<Suspension>,
}

/// Allocates the won opportunities (whose values are set here, from the allocation) to members.
pub fn small_portfolio(
    rng: &mut ChaCha8Rng,
    members: &[MemberRecord],
    opportunities: &mut [PlannedOpportunity],
    today: NaiveDate,
) -> Portfolio {
    let mut free: BTreeMap<(String, String), u32> = members
        .iter()
        .flat_map(|m| m.capacity.iter())
        .map(|c| {
            (
                (c.member.clone(), c.service_line.clone()),
                c.units_per_month,
            )
        })
        .collect();
    let mut committed: BTreeMap<String, Decimal> = BTreeMap::new();
    let mut subs: Vec<SubContract> = Vec::new();

    // Oldest contracts first, so completed ones are let before their successors.
    let mut won: Vec<usize> = (0..opportunities.len())
        .filter(|i| opportunities[*i].term.is_some())
        .collect();
    won.sort_by_key(|i| opportunities[*i].term.map(|t| t.start));
    let proposed_count = 2;
    let starts_later = |p: &PlannedOpportunity| p.term.is_some_and(|t| t.start.first_day() > today);
    let mut running_left = won
        .iter()
        .filter(|i| !starts_later(&opportunities[**i]))
        .count();
    for i in won.iter() {
        let plan = &mut opportunities[*i];
        let Some(term) = plan.term else { continue };
        let end = term_end(term);
        let status = if end < today {
            SubContractStatus::Completed
        } else if term.start.first_day() > today {
            SubContractStatus::Proposed
        } else {
            SubContractStatus::Active
        };
        // Spread the target evenly over the contracts already running; a contract that has not
        // started yet has only its first couple of sub-contracts proposed.
        let quota = if status == SubContractStatus::Proposed {
            proposed_count
        } else {
            let running_subs = subs
                .iter()
                .filter(|s| s.status != SubContractStatus::Proposed)
                .count();
            let quota =
                (TARGET - proposed_count).saturating_sub(running_subs) / running_left.max(1);
            running_left = running_left.saturating_sub(1);
            quota
        };
        let line = plan.opportunity.service_line.clone();
        let price = Decimal::from(
            names::service_line(&line)
                .map(|s| s.unit_price)
                .unwrap_or(40),
        );
        let mut candidates: Vec<&MemberRecord> = members
            .iter()
            .filter(|m| m.member.tier == Tier::Full)
            .filter(|m| free.contains_key(&(m.member.code.clone(), line.clone())))
            .collect();
        candidates.shuffle(rng);
        let commits = status.commits_capacity();
        let mut chosen: Vec<(String, u32)> = Vec::new();
        for m in candidates {
            if chosen.len() >= quota {
                break;
            }
            let key = (m.member.code.clone(), line.clone());
            let cap = free.get(&key).copied().unwrap_or(0);
            let share = rng.random_range(35..80u32);
            let mut units = (cap * share / 100).max(4);
            if commits {
                let room = m.member.annual_income * INCOME_SHARE
                    - committed.get(&m.member.code).copied().unwrap_or_default();
                let affordable = (room / (price * Decimal::from(12)))
                    .floor()
                    .to_u32()
                    .unwrap_or(0);
                units = units.min(affordable).min(cap);
            }
            if units < 4 {
                continue;
            }
            chosen.push((m.member.code.clone(), units));
        }
        if chosen.is_empty() {
            continue;
        }
        // The contract's value follows the delivery plan: units × months × price, plus the top
        // slice, rounded up to the next £1,000. A contract not started yet has a third of its
        // delivery still to let, so there is something to award.
        let months = Decimal::from(term.months);
        let units_total: u32 = chosen.iter().map(|c| c.1).sum();
        let delivery = Decimal::from(units_total) * months * price;
        let planned = if status == SubContractStatus::Proposed {
            delivery * dec!(1.5)
        } else {
            delivery
        };
        let gross =
            planned / (Decimal::ONE - plan.opportunity.top_slice_pct / Decimal::ONE_HUNDRED);
        plan.opportunity.value = (gross / dec!(1000)).ceil() * dec!(1000);
        let to_let = if status == SubContractStatus::Proposed {
            delivery
        } else {
            plan.opportunity.net_value()
        };
        // One unit rate for the whole contract, the leftover pennies shared by units owed.
        let owed: Vec<u64> = chosen
            .iter()
            .map(|c| u64::from(c.1) * u64::from(term.months))
            .collect();
        let Some((rate, shares)) = one_rate(to_let, &owed) else {
            continue;
        };
        let values = shares.into_iter().map(|s| s.value);
        for ((member, units), value) in chosen.into_iter().zip(values) {
            let sub = SubContract {
                code: format!("SC-{:04}", subs.len() + 1),
                opportunity: plan.opportunity.code.clone(),
                member: member.clone(),
                let_by: None,
                value,
                start: term.start.first_day(),
                end,
                units_per_month: units,
                payment_model: plan.opportunity.payment_model,
                status,
                transferred_from: None,
                unit_rate: Some(rate),
                row_version: 1,
            };
            if commits {
                *committed.entry(member.clone()).or_default() += sub.annual_value();
                if let Some(f) = free.get_mut(&(member, line.clone())) {
                    *f -= units;
                }
            }
            subs.push(sub);
        }
    }
    // The working group are real organisations: the demo does not cast them as failing.
    let invented: Vec<String> = members
        .iter()
        .filter(|m| !names::KNOWSLEY_GROUP.iter().any(|k| k.0 == m.member.name))
        .map(|m| m.member.code.clone())
        .collect();
    cast(rng, subs, opportunities, &invented, today)
}

/// Gives each sub-contract its role in the story, suspends one chronic under-performer and
/// re-profiles one steady performer.
fn cast(
    rng: &mut ChaCha8Rng,
    mut subs: Vec<SubContract>,
    opportunities: &[PlannedOpportunity],
    invented: &[String],
    today: NaiveDate,
) -> Portfolio {
    let last = Period::containing(today).prev();
    let mut roles = vec![Role::Steady; subs.len()];
    let started_by = |s: &SubContract, months_back: u32| {
        Period::containing(s.start) <= super::opportunities::back(last, months_back)
    };
    let block = |s: &SubContract| {
        opportunities.iter().any(|o| {
            o.opportunity.code == s.opportunity
                && o.opportunity.payment_model == PaymentModel::Block
        })
    };
    let mut order: Vec<usize> = (0..subs.len()).collect();
    order.shuffle(rng);
    let mut used_members: Vec<String> = Vec::new();
    let pick = |subs: &[SubContract],
                used: &mut Vec<String>,
                ok: &dyn Fn(&SubContract) -> bool|
     -> Option<usize> {
        let i = order.iter().copied().find(|i| {
            let s = &subs[*i];
            s.status == SubContractStatus::Active && !used.contains(&s.member) && ok(s)
        })?;
        used.push(subs[i].member.clone());
        Some(i)
    };

    // Three chronic under-performers on block contracts; the first is suspended.
    let mut chronic = Vec::new();
    for _ in 0..3 {
        if let Some(i) = pick(&subs, &mut used_members, &|s| {
            // Enough units a month for the decline to show month by month.
            block(s) && s.units_per_month >= 20 && started_by(s, 9) && invented.contains(&s.member)
        }) {
            roles[i] = Role::Chronic;
            chronic.push(i);
        }
    }
    let suspension = chronic.first().map(|i| {
        subs[*i].status = SubContractStatus::Suspended;
        let decided =
            today - Duration::days(i64::from(rng.random_range(15..25u32))) - Duration::days(92);
        let decided = decided.max(subs[*i].start);
        Suspension {
            subcontract: subs[*i].code.clone(),
            decided,
            effective: dates::add_months(decided, 3),
            reason_code: SuspensionReason::UnderDelivery,
            reason: "Delivery fell below 60% of profile despite an agreed improvement plan; \
                     remaining volumes to transfer to a member with capacity"
                .into(),
            urgent: false,
            lifted: None,
            transferred_to: None,
        }
    });

    // Bid candy: a member that delivers well elsewhere, on a sub-contract it is referred nothing.
    let holds_other = |s: &SubContract| {
        subs.iter()
            .filter(|o| {
                o.member == s.member && o.code != s.code && o.status == SubContractStatus::Active
            })
            .count()
            >= 1
    };
    if let Some(i) = pick(&subs, &mut used_members, &|s| {
        started_by(s, 9) && holds_other(s)
    }) {
        roles[i] = Role::BidCandy;
    }

    // Two late-returning members: all their returns late, the latest missing on one sub each.
    for _ in 0..2 {
        if let Some(i) = pick(&subs, &mut used_members, &|s| {
            started_by(s, 3) && invented.contains(&s.member)
        }) {
            let member = subs[i].member.clone();
            let mut first = true;
            for (j, s) in subs.iter().enumerate() {
                if s.member == member
                    && s.status == SubContractStatus::Active
                    && roles[j] == Role::Steady
                {
                    roles[j] = Role::Late {
                        missing_latest: first,
                    };
                    first = false;
                }
            }
        }
    }

    // One steady performer re-profiled down after a staff vacancy, with both revisions kept.
    let mut profiles = Vec::new();
    if let Some(i) = pick(&subs, &mut used_members, &|s| started_by(s, 12)) {
        let s = &mut subs[i];
        let before = s.units_per_month;
        let from = super::opportunities::back(last, 5);
        let after = (before * 4 / 5).max(1);
        profiles.push(DeliveryProfile {
            subcontract: s.code.clone(),
            revision: 1,
            effective_from: Period::containing(s.start),
            units_per_month: before,
            reason: "Profile agreed at award".into(),
            recorded: s.start,
        });
        profiles.push(DeliveryProfile {
            subcontract: s.code.clone(),
            revision: 2,
            effective_from: from,
            units_per_month: after,
            reason: "Re-profiled after a long-term staff vacancy; improvement plan agreed".into(),
            recorded: from.first_day() - Duration::days(6),
        });
        s.units_per_month = after;
        roles[i] = Role::Reprofiled { from, before };
    }
    Portfolio {
        subcontracts: subs,
        roles,
        profiles,
        suspension,
    }
}
