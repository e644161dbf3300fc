//! Member capacity's rows: each member's units per month per service line against the units its
//! proposed and active sub-contracts commit there, with the expiry dates of its compliance items.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rusqlite::Connection;

use super::text::clean;
use crate::domain::Tier;
use crate::error::Result;
use crate::store::sql;

/// The service line shown for a member with no capacity recorded in any.
pub const NO_LINE: &str = "(no capacity recorded)";

/// One member's service line.
#[derive(Debug, Clone, PartialEq)]
pub struct CapacityLine {
    pub member: String,
    pub member_name: String,
    pub tier: Tier,
    pub service_line: String,
    pub capacity: u32,
    /// Units a month its proposed and active sub-contracts commit (a sum, so wider than a line).
    pub committed: u64,
    /// When each of the member's compliance items runs out: the latest of each kind.
    pub compliance_until: Vec<NaiveDate>,
}

/// Each member's commitments per service line added up from the sub-contracts themselves, under
/// the rule the application states (`COMMITS_CAPACITY`): what the kept `capacity_commitments`
/// (whose triggers state it again in SQL) must always equal.
pub fn commitments_recounted(conn: &Connection) -> Result<Vec<(String, String, u64, u64)>> {
    let mut st = conn.prepare(&format!(
        "SELECT s.member, o.service_line, COUNT(*), SUM(s.units_per_month)
         FROM subcontracts s JOIN opportunities o ON o.code = s.opportunity
         WHERE {} GROUP BY s.member, o.service_line ORDER BY s.member, o.service_line",
        crate::store::subcontracts::COMMITS_CAPACITY
    ))?;
    let rows = st
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, sql::total(r, 2)?, sql::total(r, 3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The commitments as kept, in the same order.
pub fn commitments_kept(conn: &Connection) -> Result<Vec<(String, String, u64, u64)>> {
    let mut st = conn.prepare(
        "SELECT member, service_line, contracts, units FROM capacity_commitments
         ORDER BY member, service_line",
    )?;
    let rows = st
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, sql::total(r, 2)?, sql::total(r, 3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Every recorded capacity line of members still in the consortium, plus any service line a
/// member is committed in without recorded capacity (capacity 0), and a `NO_LINE` row for a member
/// with neither; in member then service-line order.
pub fn lines(conn: &Connection) -> Result<Vec<CapacityLine>> {
    let mut committed: HashMap<(String, String), u64> = HashMap::new();
    // Kept by the writes that change them (migration 11), so not added up here.
    let mut st = conn.prepare("SELECT member, service_line, units FROM capacity_commitments")?;
    let mut q = st.query([])?;
    while let Some(r) = q.next()? {
        committed.insert((r.get(0)?, r.get(1)?), sql::total(r, 2)?);
    }

    let mut compliance: HashMap<String, Vec<NaiveDate>> = HashMap::new();
    // The item of each kind that decides: the latest (a renewed item's predecessor is history).
    let mut st = conn
        .prepare("SELECT member, MAX(valid_until) FROM compliance_items GROUP BY member, kind")?;
    let mut q = st.query([])?;
    while let Some(r) = q.next()? {
        let valid_until = sql::date(r, 1)?;
        compliance.entry(r.get(0)?).or_default().push(valid_until);
    }

    let mut lines: BTreeMap<(String, String), u32> = BTreeMap::new();
    // A member that has left has no capacity to offer.
    let mut st = conn.prepare(
        "SELECT member, service_line, units_per_month FROM member_capacity
          WHERE member NOT IN (SELECT code FROM members WHERE left_on IS NOT NULL)",
    )?;
    let mut q = st.query([])?;
    while let Some(r) = q.next()? {
        lines.insert((r.get(0)?, r.get(1)?), sql::count(r, 2)?);
    }
    for key in committed.keys() {
        lines.entry(key.clone()).or_insert(0);
    }

    let mut names: HashMap<String, (String, Tier)> = HashMap::new();
    let mut st = conn.prepare("SELECT code, name, tier, left_on FROM members")?;
    let mut q = st.query([])?;
    let mut current = Vec::new();
    while let Some(r) = q.next()? {
        let code: String = r.get(0)?;
        if r.get::<_, Option<String>>(3)?.is_none() {
            current.push(code.clone());
        }
        names.insert(code, (r.get(1)?, sql::code(r, 2)?));
    }
    // A member with no capacity recorded yet (one just joined) still has its row, to act on.
    let with_lines: std::collections::HashSet<String> =
        lines.keys().map(|(m, _)| m.clone()).collect();
    for code in current {
        if !with_lines.contains(&code) {
            lines.insert((code, NO_LINE.to_string()), 0);
        }
    }

    Ok(lines
        .into_iter()
        .map(|((member, service_line), capacity)| {
            let (name, tier) = names
                .get(&member)
                .cloned()
                .unwrap_or((member.clone(), Tier::Associate));
            CapacityLine {
                committed: committed
                    .get(&(member.clone(), service_line.clone()))
                    .copied()
                    .unwrap_or(0),
                compliance_until: compliance.get(&member).cloned().unwrap_or_default(),
                member_name: clean(&name),
                member: clean(&member),
                tier,
                service_line: clean(&service_line),
                capacity,
            }
        })
        .collect())
}
