//! The award check that honours a member's performance standing: its band's action decides
//! whether new work passes quietly, passes with a warning, or fails until reviewed.

use chrono::NaiveDate;
use rusqlite::Connection;

use super::evidence::member_standing;
use super::settings::ScoringConfig;
use super::standing::{Action, MemberStanding};
use crate::domain::checks::Check;
use crate::error::Result;

/// The check for a member's standing as it stands now (from the records, not the cache).
pub fn standing_check(
    conn: &Connection,
    member: &str,
    today: NaiveDate,
    cfg: &ScoringConfig,
) -> Result<Check> {
    Ok(check_for(&member_standing(conn, member, today, cfg)?))
}

/// Judged on the member's sub-contracts themselves, not their average: any active (or under
/// notice) sub-contract whose band blocks fails the check (an officer may override it with a
/// written reason, like any other check); any whose band warns passes with "warning:" leading
/// the reason; otherwise it passes. The worst sub-contract and the value-weighted score are
/// always said side by side.
pub fn check_for(s: &MemberStanding) -> Check {
    let Some(worst) = &s.worst else {
        return Check::standing(true, "no scored returns yet".into());
    };
    let described = s.describe();
    match worst.rated.action {
        Action::None => Check::standing(true, described),
        Action::Warn => Check::standing(
            true,
            format!("warning: {described}; watch new work to this member closely"),
        ),
        Action::Block => Check::standing(
            false,
            format!(
                "{described}; {} blocks new awards until its performance is reviewed",
                worst.subcontract
            ),
        ),
    }
}
