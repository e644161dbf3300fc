//! The evidence a hub officer sees before suspending: recent returns against profile, late and
//! missing returns, referrals, and value delivered and remaining.

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::dates;
use crate::domain::SubContract;
use crate::domain::clawback::clawback;
use crate::error::{HubError, Result};
use crate::money;
use crate::store::{members, subcontracts};
use crate::ui::detail::late_phrase;

/// Months of returns shown as evidence.
pub const EVIDENCE_MONTHS: usize = 6;

#[derive(Debug, Clone)]
pub struct Evidence {
    pub subcontract: SubContract,
    pub member_name: String,
    pub lines: Vec<String>,
    pub late: usize,
    pub missing: usize,
    pub referrals: u32,
}

pub fn gather(
    conn: &Connection,
    code: &str,
    today: NaiveDate,
    config: &crate::config::Config,
) -> Result<Evidence> {
    let sub = subcontracts::get_subcontract(conn, code)?
        .ok_or_else(|| HubError::NotFound(format!("sub-contract {code}")))?;
    let member_name = members::get_member(conn, &sub.member)?
        .map(|m| m.name)
        .unwrap_or_default();
    let returns = subcontracts::returns_of(conn, code)?;
    let profiles = subcontracts::profiles_of(conn, code)?;
    let claimed = subcontracts::claims_of(conn, code)?
        .iter()
        .map(|c| c.amount)
        .sum();
    let figures = clawback(&sub, &profiles, &returns, claimed);
    let recent: Vec<_> = returns.iter().rev().take(EVIDENCE_MONTHS).collect();
    let mut lines = vec![format!(
        "{:<9} {:>6} {:>9} {:>5}  {}",
        "Month", "Target", "Delivered", "%", "Return"
    )];
    let (mut late, mut missing, mut referrals) = (0, 0, 0);
    for r in recent.iter().rev() {
        let pct = (r.units_delivered * 100)
            .checked_div(r.units_target)
            .unwrap_or(100);
        let state = match r.submitted {
            None if r.due < today => {
                missing += 1;
                "MISSING".to_string()
            }
            None => format!("due {}", dates::display(r.due)),
            Some(d) if d > r.due => {
                late += 1;
                late_phrase((d - r.due).num_days())
            }
            Some(_) => "on time".into(),
        };
        referrals += r.referrals;
        lines.push(format!(
            "{:<9} {:>6} {:>9} {:>4}%  {state}",
            r.period.display(),
            r.units_target,
            r.units_delivered,
            pct
        ));
    }
    let remaining = sub.value - figures.earned;
    lines.push(String::new());
    lines.push(format!(
        "Paid {} · earned {} for {} units delivered · remaining value {}",
        money::display(figures.paid),
        money::display(figures.earned),
        figures.delivered_units,
        money::display(remaining)
    ));
    lines.push(format!(
        "Late returns {late} · missing {missing} · referrals received {referrals} in the last {} months",
        recent.len()
    ));
    // The scorecard's judgement and the early-warning signals, from the records as they are now.
    let scored = crate::scoring::evidence(conn, code, today, config)?;
    let standing = scored
        .overall
        .as_ref()
        .map(|r| format!("{} (score {})", r.standing.label(), r.score))
        .unwrap_or_else(|| "not scored yet".into());
    lines.push(format!(
        "Standing {standing} · member: {}",
        scored.member_standing.describe()
    ));
    for s in &scored.signals {
        lines.push(format!("⚑ {}", s.why));
    }
    Ok(Evidence {
        subcontract: sub,
        member_name,
        lines,
        late,
        missing,
        referrals,
    })
}
