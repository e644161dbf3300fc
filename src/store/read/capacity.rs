//! Member capacity's rows: each member's units per month per service line against the units its
//! proposed and active sub-contracts commit there, with the expiry dates of its compliance items.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rusqlite::Connection;

use super::text::clean;
use crate::domain::Tier;
use crate::error::Result;
use crate::store::sql;

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
    /// When each of the member's compliance items runs out.
    pub compliance_until: Vec<NaiveDate>,
}

/// Every recorded capacity line, plus any service line a member is committed in without recorded
/// capacity (capacity 0), in member then service-line order.
pub fn lines(conn: &Connection) -> Result<Vec<CapacityLine>> {
    let mut committed: HashMap<(String, String), u64> = HashMap::new();
    let mut st = conn.prepare(&format!(
        "SELECT s.member, o.service_line, SUM(s.units_per_month)
         FROM subcontracts s JOIN opportunities o ON o.code = s.opportunity
         WHERE {}
         GROUP BY s.member, o.service_line",
        crate::store::subcontracts::COMMITS_CAPACITY
    ))?;
    let mut q = st.query([])?;
    while let Some(r) = q.next()? {
        committed.insert((r.get(0)?, r.get(1)?), sql::total(r, 2)?);
    }

    let mut compliance: HashMap<String, Vec<NaiveDate>> = HashMap::new();
    let mut st = conn.prepare("SELECT member, valid_until FROM compliance_items")?;
    let mut q = st.query([])?;
    while let Some(r) = q.next()? {
        let valid_until = sql::date(r, 1)?;
        compliance.entry(r.get(0)?).or_default().push(valid_until);
    }

    let mut lines: BTreeMap<(String, String), u32> = BTreeMap::new();
    let mut st =
        conn.prepare("SELECT member, service_line, units_per_month FROM member_capacity")?;
    let mut q = st.query([])?;
    while let Some(r) = q.next()? {
        lines.insert((r.get(0)?, r.get(1)?), sql::count(r, 2)?);
    }
    for key in committed.keys() {
        lines.entry(key.clone()).or_insert(0);
    }

    let mut names: HashMap<String, (String, Tier)> = HashMap::new();
    let mut st = conn.prepare("SELECT code, name, tier FROM members")?;
    let mut q = st.query([])?;
    while let Some(r) = q.next()? {
        names.insert(r.get(0)?, (r.get(1)?, sql::code(r, 2)?));
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
