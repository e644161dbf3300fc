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
    let rows = crate::store::read::capacity::lines(conn)?
        .into_iter()
        .map(|l| {
            let (mut expired, mut due) = (0, 0);
            for until in &l.compliance_until {
                let days = (*until - today).num_days();
                if days < 0 {
                    expired += 1;
                } else if days <= COMPLIANCE_DUE_DAYS {
                    due += 1;
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
