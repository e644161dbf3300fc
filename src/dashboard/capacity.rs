//! Member capacity: units per month each member can deliver per service line against the units its
//! proposed and active sub-contracts commit, with headroom and compliance items due or expired.

use chrono::NaiveDate;
use rusqlite::Connection;

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
    /// A sum over sub-contracts, so wider than one line's capacity.
    pub committed: u64,
    pub compliance_expired: u32,
    pub compliance_due: u32,
    /// How many kinds of compliance item the member has on record (0: none at all).
    pub compliance_kinds: u32,
}

impl CapacityRow {
    /// Units per month still free (negative when over-committed). A commitment past `i64::MAX`
    /// units (billions of sub-contracts) would read as that many.
    pub fn headroom(&self) -> i64 {
        let committed = i64::try_from(self.committed).unwrap_or(i64::MAX);
        i64::from(self.capacity).saturating_sub(committed)
    }
    /// Committed as a whole percentage of capacity (over 100 when over-committed); 999 with no
    /// capacity at all. Shown as `u32::MAX` should a commitment ever pass that many per cent.
    pub fn utilisation_pct(&self) -> u32 {
        if self.capacity == 0 {
            return if self.committed > 0 { 999 } else { 0 };
        }
        let capacity = u128::from(self.capacity);
        let pct = (u128::from(self.committed) * 100 + capacity / 2) / capacity;
        u32::try_from(pct).unwrap_or(u32::MAX)
    }
}

pub fn load(conn: &Connection, today: NaiveDate) -> Result<Vec<CapacityRow>> {
    let rows = crate::store::read::capacity::lines(conn)?
        .into_iter()
        .map(|l| {
            let (mut expired, mut due) = (0u32, 0u32);
            for until in &l.compliance_until {
                let days = (*until - today).num_days();
                if days < 0 {
                    expired = expired.saturating_add(1);
                } else if days <= COMPLIANCE_DUE_DAYS {
                    due = due.saturating_add(1);
                }
            }
            CapacityRow {
                member: l.member,
                member_name: l.member_name,
                tier: l.tier,
                service_line: l.service_line,
                capacity: l.capacity,
                committed: l.committed,
                compliance_expired: expired,
                compliance_due: due,
                compliance_kinds: u32::try_from(l.compliance_until.len()).unwrap_or(u32::MAX),
            }
        })
        .collect();
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(capacity: u32, committed: u64) -> CapacityRow {
        CapacityRow {
            member: "M".into(),
            member_name: "M".into(),
            tier: Tier::Full,
            service_line: "advice".into(),
            capacity,
            committed,
            compliance_expired: 0,
            compliance_due: 0,
            compliance_kinds: 6,
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

    #[test]
    fn headroom_and_utilisation_at_the_edges_of_the_numbers() {
        let most = u64::from(u32::MAX);
        assert_eq!(row(u32::MAX, 0).headroom(), i64::from(u32::MAX));
        assert_eq!(row(0, most * 3).headroom(), -3 * i64::from(u32::MAX));
        assert_eq!(row(0, u64::MAX).headroom(), -i64::MAX);
        assert_eq!(row(u32::MAX, most).utilisation_pct(), 100);
        assert_eq!(row(1, most).utilisation_pct(), u32::MAX);
        assert_eq!(row(1, u64::MAX).utilisation_pct(), u32::MAX);
        assert_eq!(row(u32::MAX, 1).utilisation_pct(), 0);
    }
}
