//! Member capacity: units per month each member can deliver per service line against the units its
//! proposed and active sub-contracts commit, with headroom and compliance items due or expired.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rusqlite::Connection;

use super::text::clean;
use crate::domain::Tier;
use crate::error::Result;

/// Compliance items expiring within this many days are shown as due.
pub const COMPLIANCE_DUE_DAYS: i64 = 30;

#[derive(Debug, Clone, PartialEq)]
pub struct CapacityRow {
    pub member: String,
    pub member_name: String,
    pub tier: Tier,
    pub service_line: String,
    pub capacity: u32,
    pub committed: u32,
    pub compliance_expired: u32,
    pub compliance_due: u32,
}

impl CapacityRow {
    /// Units per month still free (negative when over-committed).
    pub fn headroom(&self) -> i64 {
        i64::from(self.capacity) - i64::from(self.committed)
    }
    /// Committed as a whole percentage of capacity (over 100 when over-committed).
    pub fn utilisation_pct(&self) -> u32 {
        if self.capacity == 0 {
            if self.committed > 0 { 999 } else { 0 }
        } else {
            ((u64::from(self.committed) * 100 + u64::from(self.capacity) / 2)
                / u64::from(self.capacity)) as u32
        }
    }
}

pub fn load(conn: &Connection, today: NaiveDate) -> Result<Vec<CapacityRow>> {
    let mut committed: HashMap<(String, String), u32> = HashMap::new();
    let mut st = conn.prepare(
        "SELECT s.member, o.service_line, SUM(s.units_per_month)
         FROM subcontracts s JOIN opportunities o ON o.code = s.opportunity
         WHERE s.status IN ('proposed', 'active')
         GROUP BY s.member, o.service_line",
    )?;
    let mut q = st.query([])?;
    while let Some(r) = q.next()? {
        committed.insert((r.get(0)?, r.get(1)?), r.get(2)?);
    }

    let mut compliance: HashMap<String, (u32, u32)> = HashMap::new();
    let mut st = conn.prepare("SELECT member, valid_until FROM compliance_items")?;
    let mut q = st.query([])?;
    while let Some(r) = q.next()? {
        let valid_until = crate::store::sql::date(r, 1)?;
        let entry = compliance.entry(r.get(0)?).or_default();
        let days = (valid_until - today).num_days();
        if days < 0 {
            entry.0 += 1;
        } else if days <= COMPLIANCE_DUE_DAYS {
            entry.1 += 1;
        }
    }

    // Capacity rows, plus any service line a member is committed in without recorded capacity.
    let mut lines: BTreeMap<(String, String), u32> = BTreeMap::new();
    let mut st =
        conn.prepare("SELECT member, service_line, units_per_month FROM member_capacity")?;
    let mut q = st.query([])?;
    while let Some(r) = q.next()? {
        lines.insert((r.get(0)?, r.get(1)?), r.get(2)?);
    }
    for key in committed.keys() {
        lines.entry(key.clone()).or_insert(0);
    }

    let mut names: HashMap<String, (String, Tier)> = HashMap::new();
    let mut st = conn.prepare("SELECT code, name, tier FROM members")?;
    let mut q = st.query([])?;
    while let Some(r) = q.next()? {
        names.insert(r.get(0)?, (r.get(1)?, crate::store::sql::code(r, 2)?));
    }

    let rows = lines
        .into_iter()
        .map(|((member, service_line), capacity)| {
            let (name, tier) = names
                .get(&member)
                .cloned()
                .unwrap_or((member.clone(), Tier::Associate));
            let (expired, due) = compliance.get(&member).copied().unwrap_or_default();
            CapacityRow {
                committed: committed
                    .get(&(member.clone(), service_line.clone()))
                    .copied()
                    .unwrap_or(0),
                member_name: clean(&name),
                member: clean(&member),
                tier,
                service_line: clean(&service_line),
                capacity,
                compliance_expired: expired,
                compliance_due: due,
            }
        })
        .collect();
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(capacity: u32, committed: u32) -> CapacityRow {
        CapacityRow {
            member: "M".into(),
            member_name: "M".into(),
            tier: Tier::Full,
            service_line: "advice".into(),
            capacity,
            committed,
            compliance_expired: 0,
            compliance_due: 0,
        }
    }

    #[test]
    fn headroom_and_utilisation() {
        assert_eq!(row(40, 30).headroom(), 10);
        assert_eq!(row(40, 30).utilisation_pct(), 75);
        assert_eq!(row(40, 50).headroom(), -10);
        assert_eq!(row(3, 2).utilisation_pct(), 67);
        assert_eq!(row(0, 0).utilisation_pct(), 0);
        assert_eq!(row(0, 5).utilisation_pct(), 999);
    }
}
