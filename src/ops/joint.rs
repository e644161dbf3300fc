//! Joint delivery planning: the shares of a won opportunity's net value the chosen members would
//! take, in proportion to their headroom in its service line. Read-only: each share is then
//! awarded (and checked) as its own sub-contract.

use rusqlite::Connection;

use super::common;
use crate::domain::joint::{self, Share};
use crate::error::{HubError, Result};
use crate::store::{members, subcontracts};

/// Each chosen member's headroom (capacity − committed, never below zero) and share of the net value.
pub fn plan_joint_delivery(
    conn: &Connection,
    opportunity: &str,
    chosen: &[String],
) -> Result<Vec<Share>> {
    let o = common::opportunity(conn, opportunity)?;
    if chosen.is_empty() {
        return Err(HubError::Invalid(
            "choose at least one member for joint delivery".into(),
        ));
    }
    let mut headroom = Vec::with_capacity(chosen.len());
    for code in chosen {
        common::member(conn, code)?;
        let cap = members::capacity_for(conn, code, &o.service_line)?;
        let used = subcontracts::committed_units(conn, code, &o.service_line)?;
        headroom.push((code.clone(), cap.saturating_sub(used)));
    }
    joint::joint_delivery_shares(&o, &headroom).ok_or_else(|| {
        HubError::Refused(format!(
            "none of the chosen members has headroom in {} to share {} between",
            o.service_line, o.code
        ))
    })
}
