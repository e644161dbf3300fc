//! Where a sub-contract sorts worst first and whether it is under-performing: the one rule the
//! performance pane's sort, its first screen read by index and the score cache's stored rank share.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::Standing;

/// Average delivery over the last three returns below this percentage of profile counts as
/// under-performing.
pub const UNDER_PERFORMING_PCT: u32 = 75;

/// Where a row sorts worst first, ahead of its code: its group (the provider failing, then the
/// referral route failing the provider — not the provider's failure — then the rest), its overall
/// score in hundredths (unscored last), its recent delivery (none last), then most missing and
/// most late returns. Stored beside each cached assessment (migration 11) so that the pane's
/// first screen is read by index; `sort_worst_first` sorts by the same key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct WorstRank {
    pub group: u8,
    pub overall: i64,
    pub recent: i64,
    pub missing: std::cmp::Reverse<u32>,
    pub late: std::cmp::Reverse<u32>,
}

/// The overall rank of a row with no score: after every score of 0–100.
pub const UNSCORED: i64 = 1_000_000;

impl WorstRank {
    /// The rank of a row with these figures.
    pub fn of(
        overall: Option<Decimal>,
        standing: Option<Standing>,
        referral_route: bool,
        trend: &[u32],
        missing: u32,
        late: u32,
    ) -> WorstRank {
        let recent = recent_of(trend);
        let under = under_performing(overall, standing, referral_route, recent);
        WorstRank {
            group: if under {
                0
            } else if referral_route {
                1
            } else {
                2
            },
            // Scores are kept to two places, so hundredths order them exactly.
            overall: overall
                .and_then(|o| (o * Decimal::ONE_HUNDRED).round().to_i64())
                .unwrap_or(UNSCORED),
            recent: i64::from(recent.unwrap_or(u32::MAX)),
            missing: std::cmp::Reverse(missing),
            late: std::cmp::Reverse(late),
        }
    }
}

/// Average delivery over the last three months of a trend.
pub fn recent_of(trend: &[u32]) -> Option<u32> {
    let n = trend.len().min(3);
    if n == 0 {
        return None;
    }
    let tail = &trend[trend.len() - n..];
    // The mean of at most three u32s is a u32; the sum is taken wider so it cannot overflow.
    let sum: u64 = tail.iter().map(|p| u64::from(*p)).sum();
    Some(u32::try_from(sum / n as u64).unwrap_or(u32::MAX))
}

/// Under-performing: standing Requires improvement or Inadequate; before any score exists, the
/// last three months' delivery below `UNDER_PERFORMING_PCT`; never a referral-route case.
pub fn under_performing(
    overall: Option<Decimal>,
    standing: Option<Standing>,
    referral_route: bool,
    recent: Option<u32>,
) -> bool {
    if referral_route {
        return false;
    }
    match standing {
        Some(s) => s >= Standing::RequiresImprovement,
        None => overall.is_none() && recent.is_some_and(|p| p < UNDER_PERFORMING_PCT),
    }
}
