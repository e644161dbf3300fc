//! The Board's raw figures, read once from the store: headline totals, the pipeline, capacity by
//! cluster, standings, providers needing attention, the risk register and decisions since a date.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rusqlite::Connection;
use rust_decimal::Decimal;

use crate::dashboard::heatmap::{self, Basis, HeatGrid};
use crate::dashboard::{self, StageTotal, TenderRow};
use crate::domain::Risk;
use crate::domain::risk_rules::Cause;
use crate::domain::risk_scale::RiskScale;
use crate::error::Result;
use crate::scoring::{Standing, TriageRow};
use crate::store::{audit, read};

/// What the Board's figures are computed under: the dashboard's settings and the risk scales.
/// The `[board]` section (`BoardConfig`) goes alongside: it decides what is shown, not the figures.
#[derive(Debug, Clone)]
pub struct Settings<'a> {
    pub dashboard: dashboard::Settings<'a>,
    /// The risk scales, built-in and configured.
    pub scales: Vec<RiskScale>,
}

#[derive(Debug, Clone)]
pub struct Board {
    pub today: NaiveDate,
    pub since: NaiveDate,
    /// The first slide's figures, read as they are read ahead of the rest.
    pub headlines: super::headlines::Headlines,
    pub stages: Vec<StageTotal>,
    pub open_tenders: Vec<TenderRow>,
    pub clusters: Vec<ClusterLoad>,
    /// (code, name, annual income), in code order.
    pub members: Vec<(String, String, Decimal)>,
    /// Each sub-contract on the dashboard's performance pane (active and suspended) the
    /// provider is rated on, with the same standing, worst first.
    pub standings: Vec<SubStanding>,
    /// Those with no score yet.
    pub unrated: usize,
    /// Delivering sub-contracts whose only concern is the referral route sending no work: not
    /// rated against the provider, counted apart.
    pub route_cases: usize,
    pub attention: Vec<TriageRow>,
    /// Sub-contract code → delivery % by month, oldest first (the dashboard's trend window).
    pub trends: HashMap<String, Vec<u32>>,
    pub risks: Vec<Risk>,
    /// The rule and figures behind each generated risk, by the risk's code.
    pub risk_causes: BTreeMap<String, Cause>,
    pub heat_gross: Option<HeatGrid>,
    pub heat_net: Option<HeatGrid>,
    pub decisions: Vec<audit::Row>,
    /// Competitive awards and overrides the Board has not yet approved, oldest first.
    pub awaiting: Vec<read::approvals::Awaiting>,
}

/// One rated sub-contract on the Board's standings slide.
#[derive(Debug, Clone, PartialEq)]
pub struct SubStanding {
    pub subcontract: String,
    pub member: String,
    pub standing: Standing,
    pub value: Decimal,
}

/// Capacity and commitment summed over a cluster's members (a member in two clusters counts in
/// both), with the members behind it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClusterLoad {
    pub cluster: String,
    pub capacity: u64,
    pub committed: u64,
    /// (member code, member name, capacity, committed).
    pub members: Vec<(String, String, u64, u64)>,
}

impl ClusterLoad {
    /// Committed as a whole percentage of capacity; `None` with no capacity. Worked out in 128
    /// bits, so any two `u64`s give an answer; one past `u64::MAX` per cent shows as that.
    pub fn utilisation(&self) -> Option<u64> {
        (self.capacity > 0).then(|| {
            let capacity = u128::from(self.capacity);
            let pct = (u128::from(self.committed) * 100 + capacity / 2) / capacity;
            u64::try_from(pct).unwrap_or(u64::MAX)
        })
    }
}

pub fn load(
    conn: &Connection,
    today: NaiveDate,
    settings: &Settings<'_>,
    board_config: &super::BoardConfig,
    since: NaiveDate,
) -> Result<Board> {
    let snap = dashboard::load(conn, today, settings.dashboard)?;
    let members = read::members::with_income(conn)?;
    let clusters = clusters(conn, &snap.capacity, &members)?;
    // The dashboard's performance rows (active and suspended), on the dashboard's standings.
    let rows = || snap.performance.iter();
    let mut standings: Vec<SubStanding> = rows()
        .filter(|p| !p.referral_route)
        .filter_map(|p| {
            p.standing.map(|standing| SubStanding {
                subcontract: p.code.clone(),
                member: p.member.to_string(),
                standing,
                value: p.value,
            })
        })
        .collect();
    standings.sort_by(|a, b| {
        b.standing
            .cmp(&a.standing)
            .then(a.subcontract.cmp(&b.subcontract))
    });
    let unrated = rows()
        .filter(|p| !p.referral_route && p.standing.is_none())
        .count();
    let route_cases = rows().filter(|p| p.referral_route).count();
    // The dashboard's triage list, from the same scoring pass: one list, one basis.
    let attention = snap.triage.clone();
    let trends = snap
        .performance
        .iter()
        .map(|p| (p.code.clone(), p.trend.clone()))
        .collect();
    let scale = heatmap::main_scale(&snap.risks, &settings.scales);
    let heat_gross = scale.map(|s| HeatGrid::build(&snap.risks, s, Basis::Gross));
    let heat_net = scale.map(|s| HeatGrid::build(&snap.risks, s, Basis::Net));
    let decisions = read::decisions::since(conn, since)?;
    Ok(Board {
        today,
        since,
        headlines: super::headlines::load(conn, today, settings.dashboard.rules, board_config)?,
        stages: snap.stages.clone(),
        open_tenders: snap
            .tenders
            .iter()
            .filter(|t| t.opportunity.stage.is_open())
            .cloned()
            .collect(),
        clusters,
        members,
        standings,
        unrated,
        route_cases,
        attention,
        trends,
        risks: snap.risks,
        risk_causes: snap.risk_causes,
        heat_gross,
        heat_net,
        decisions,
        awaiting: read::approvals::awaiting(conn)?,
    })
}

/// A member's clusters come from the members table; members in no cluster are grouped apart.
fn clusters(
    conn: &Connection,
    capacity: &[dashboard::CapacityRow],
    members: &[(String, String, Decimal)],
) -> Result<Vec<ClusterLoad>> {
    let of_member = read::members::clusters(conn)?;
    // Units are summed in u64 and saturate there: only billions of capacity lines could reach
    // it, and the figure would then read as the most a u64 holds rather than wrap to a small one.
    let mut per_member: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
    for c in capacity {
        let e = per_member.entry(c.member.as_str()).or_default();
        e.0 = e.0.saturating_add(u64::from(c.capacity));
        e.1 = e.1.saturating_add(c.committed);
    }
    let names: HashMap<&str, &str> = members
        .iter()
        .map(|(c, n, _)| (c.as_str(), n.as_str()))
        .collect();
    let mut by_cluster: BTreeMap<String, ClusterLoad> = BTreeMap::new();
    for (member, (cap, com)) in per_member {
        let list = of_member.get(member).cloned().unwrap_or_default();
        let list = if list.is_empty() {
            vec!["(no cluster)".to_string()]
        } else {
            list
        };
        for cluster in list {
            let e = by_cluster.entry(cluster.clone()).or_insert(ClusterLoad {
                cluster,
                ..Default::default()
            });
            e.capacity = e.capacity.saturating_add(cap);
            e.committed = e.committed.saturating_add(com);
            let name = names.get(member).copied().unwrap_or(member);
            e.members
                .push((member.to_string(), name.to_string(), cap, com));
        }
    }
    Ok(by_cluster.into_values().collect())
}
