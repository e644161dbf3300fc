//! The evidence a hub officer reads before suspending, as lines for the suspend workflow: the
//! scorecard window's returns against profile, late and missing returns, referrals, money paid,
//! earned and still to be delivered, the standing and every early-warning signal — all from
//! `scoring::evidence`, which judges from the records as they are now.

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::config::Config;
use crate::dates;
use crate::domain::SubContract;
use crate::error::Result;
use crate::money;
use crate::store::members;
use crate::ui::detail::late_phrase;

/// Months of returns shown.
pub const EVIDENCE_MONTHS: usize = 6;

#[derive(Debug, Clone)]
pub struct Evidence {
    pub subcontract: SubContract,
    pub member_name: String,
    pub lines: Vec<String>,
}

pub fn gather(
    conn: &Connection,
    code: &str,
    today: NaiveDate,
    config: &Config,
) -> Result<Evidence> {
    let e = crate::scoring::evidence(conn, code, today, config)?;
    let member_name = members::get_member(conn, &e.subcontract.member)?
        .map(|m| m.name)
        .unwrap_or_default();
    let mut lines = vec![format!(
        "{:<9} {:>6} {:>9} {:>6}  {}",
        "Month", "Target", "Delivered", "%", "Return"
    )];
    let shown = e.months.len().saturating_sub(EVIDENCE_MONTHS);
    for m in &e.months[shown..] {
        let pct = m
            .delivery_pct
            .map_or("–".to_string(), |p| format!("{}%", p.round_dp(0)));
        let state = match m.submitted {
            None if m.due < today => "MISSING".to_string(),
            None => format!("due {}", dates::display(m.due)),
            Some(_) if m.days_late > 0 => late_phrase(m.days_late),
            Some(_) => "on time".into(),
        };
        lines.push(format!(
            "{:<9} {:>6} {:>9} {:>6}  {state}",
            m.period.display(),
            m.units_target,
            m.units_delivered,
            pct
        ));
    }
    lines.push(String::new());
    lines.push(format!(
        "Paid {} · earned {} for {} units delivered · still to deliver {}",
        money::display(e.clawback.paid),
        money::display(e.clawback.earned),
        e.clawback.delivered_units,
        money::display(e.remaining_value)
    ));
    lines.push(format!(
        "Late or missing returns {} · referrals received {} in the last {} months",
        e.late_or_missing.len(),
        e.referrals,
        e.months.len()
    ));
    let standing = e
        .overall
        .as_ref()
        .map(|r| format!("{} (score {})", r.standing.label(), r.score))
        .unwrap_or_else(|| "not scored yet".into());
    lines.push(format!(
        "Standing {standing} · member: {}",
        e.member_standing.describe()
    ));
    lines.extend(e.signals.iter().map(|s| format!("⚑ {}", s.why)));
    Ok(Evidence {
        subcontract: e.subcontract,
        member_name,
        lines,
    })
}
