//! The demo's member with room for a failing provider's work: for each chronic under-performer
//! still active, the steady full member with most headroom in its service line gets enough
//! capacity to take the remainder, so the suspend → transfer story has somewhere to go. No random
//! draw is made here, so everything else the seed gives stays as it was.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Duration, NaiveDate};

use super::members::MemberRecord;
use super::opportunities::PlannedOpportunity;
use super::subcontracts::{Portfolio, Role};
use crate::domain::{SubContractStatus, Tier};

/// Room above the work to take, so the receiver is not left at its limit.
const SLACK: u32 = 10;

pub fn room_for_transfers(
    members: &mut [MemberRecord],
    portfolio: &Portfolio,
    opportunities: &[PlannedOpportunity],
    today: NaiveDate,
) {
    let line_of: BTreeMap<&str, &str> = opportunities
        .iter()
        .map(|p| {
            (
                p.opportunity.code.as_str(),
                p.opportunity.service_line.as_str(),
            )
        })
        .collect();
    let subs = &portfolio.subcontracts;
    let line = |i: usize| {
        line_of
            .get(subs[i].opportunity.as_str())
            .copied()
            .unwrap_or("")
    };
    // Members holding anything but steady work are no one's first choice.
    let troubled: BTreeSet<&str> = subs
        .iter()
        .zip(&portfolio.roles)
        .filter(|(_, r)| !matches!(r, Role::Steady | Role::Reprofiled { .. }))
        .map(|(s, _)| s.member.as_str())
        .collect();
    let committed = |member: &str, service_line: &str| -> u32 {
        (0..subs.len())
            .filter(|&i| subs[i].member == member && line(i) == service_line)
            .filter(|&i| subs[i].status.commits_capacity())
            .map(|i| subs[i].units_per_month)
            .sum()
    };
    // In date through the notice and a little beyond: the transfer starts after the notice.
    let horizon = today + Duration::days(120);
    let chronic: Vec<usize> = (0..subs.len())
        .filter(|&i| portfolio.roles[i] == Role::Chronic)
        .filter(|&i| subs[i].status == SubContractStatus::Active)
        .collect();
    for i in chronic {
        let service_line = line(i).to_string();
        let best = members
            .iter()
            .enumerate()
            .filter(|(_, r)| r.member.tier == Tier::Full && r.member.code != subs[i].member)
            .filter(|(_, r)| !troubled.contains(r.member.code.as_str()))
            .filter(|(_, r)| r.compliance.iter().all(|c| c.in_date_on(horizon)))
            .filter_map(|(k, r)| {
                let cap = r.capacity.iter().find(|c| c.service_line == service_line)?;
                let free = i64::from(cap.units_per_month)
                    - i64::from(committed(&r.member.code, &service_line));
                Some((free, k))
            })
            .max_by_key(|&(free, k)| (free, std::cmp::Reverse(k)));
        let Some((_, k)) = best else { continue };
        let needed =
            committed(&members[k].member.code, &service_line) + subs[i].units_per_month + SLACK;
        if let Some(cap) = members[k]
            .capacity
            .iter_mut()
            .find(|c| c.service_line == service_line)
        {
            cap.units_per_month = cap.units_per_month.max(needed);
        }
    }
}
