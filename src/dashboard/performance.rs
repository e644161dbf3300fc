//! Sub-contract performance: each active or suspended sub-contract with its latest delivery
//! against profile, the trend over recent months, late and missing returns; worst first.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use rusqlite::Connection;
use rust_decimal::Decimal;

use crate::dates::Period;
use crate::domain::SubContractStatus;
use crate::domain::recent::{self, Recent, ReturnFact};
use crate::domain::state::{Notice, State};
use crate::error::Result;
use crate::scoring::Standing;

pub use crate::domain::recent::TREND_MONTHS;
pub use crate::scoring::rank::{UNDER_PERFORMING_PCT, WorstRank};
use crate::scoring::rank::{recent_of, under_performing};

#[derive(Debug, Clone, PartialEq)]
pub struct PerformanceRow {
    pub code: String,
    /// Shared with every other row of the member, opportunity or service line.
    pub member: Arc<str>,
    pub member_name: Arc<str>,
    pub opportunity: Arc<str>,
    pub service_line: Arc<str>,
    pub status: SubContractStatus,
    /// Its state today: under notice and suspended follow the date.
    pub state: State,
    pub value: Decimal,
    pub units_per_month: u32,
    pub end: NaiveDate,
    pub latest_period: Option<Period>,
    /// Delivered as a percentage of target, per month of the trend window, oldest first.
    pub trend: Vec<u32>,
    /// Returns in the window submitted after their due date.
    pub late: u32,
    /// Returns in the window past due and not in.
    pub missing: u32,
    /// Referrals received over the window (a sum of months, so wider than one month's count).
    pub referrals: u64,
    /// The scorecard's decayed overall score, 0–100, and its standing (see `scoring`).
    pub overall: Option<Decimal>,
    pub standing: Option<Standing>,
    /// The only concern is the referral route sending no work ("bid candy"): a warning about the
    /// prime or commissioner, not a provider failing.
    pub referral_route: bool,
    /// An officer has raised an early warning that is still open.
    pub early_warning: bool,
}

impl PerformanceRow {
    /// Delivery in the latest month with a return, as a percentage of target.
    pub fn latest_pct(&self) -> Option<u32> {
        self.trend.last().copied()
    }
    /// Average delivery over the last three months with returns.
    pub fn recent_pct(&self) -> Option<u32> {
        recent_of(&self.trend)
    }
    /// Under-performing: standing Requires improvement or Inadequate (before any score exists,
    /// the last three months' delivery below `UNDER_PERFORMING_PCT`).
    pub fn under_performing(&self) -> bool {
        under_performing(
            self.overall,
            self.standing,
            self.referral_route,
            self.recent_pct(),
        )
    }
    /// Where it sorts worst first.
    pub fn worst_rank(&self) -> WorstRank {
        WorstRank::of(
            self.overall,
            self.standing,
            self.referral_route,
            &self.trend,
            self.missing,
            self.late,
        )
    }
}

/// Every active and suspended sub-contract's row from the records: its terms and state, and its
/// recent returns read and worked out here (see `load_cached` for the quicker way).
pub fn load(conn: &Connection, today: NaiveDate) -> Result<Vec<PerformanceRow>> {
    use crate::store::read::performance as read;
    let mut returns: HashMap<String, Vec<ReturnFact>> = HashMap::new();
    for r in read::returns_since(conn, recent::window_start(today))? {
        returns.entry(r.subcontract).or_default().push(ReturnFact {
            period: r.period,
            due: r.due,
            submitted: r.submitted,
            units_target: r.units_target,
            units_delivered: r.units_delivered,
            referrals: r.referrals,
        });
    }
    Ok(read::contracts(conn)?
        .into_iter()
        .map(|c| {
            let facts = recent::recent(returns.remove(&c.code).unwrap_or_default(), today);
            row(c, facts, today)
        })
        .collect())
}

/// The first `limit` rows worst first, read by index from the score cache once it holds today's
/// assessment of every sub-contract, and how many rows the whole list has: exactly the whole
/// list's first rows (`None` if a score there is not one this program writes).
pub fn first_page(
    conn: &Connection,
    today: NaiveDate,
    scoring: crate::scoring::Settings<'_>,
    limit: usize,
    _complete: crate::scoring::cache::Complete,
) -> Result<Option<(Vec<PerformanceRow>, usize)>> {
    let page = crate::store::read::performance::worst_page(conn, limit)?;
    // A score outside 0–100 was not written by this program: the whole list works it out again.
    if page.iter().any(|p| {
        p.overall
            .is_some_and(|o| !crate::scoring::cache::in_range(o))
    }) {
        return Ok(None);
    }
    let warned = early_warnings(conn)?;
    let rows = page
        .into_iter()
        .map(|p| {
            let mut r = row(p.contract, p.recent, today);
            put_score(&mut r, p.overall, scoring);
            r.referral_route = p.referral_route;
            r.early_warning = warned.contains(&r.code);
            r
        })
        .collect();
    Ok(Some((rows, crate::store::scores::assessed_count(conn)?)))
}

/// The sub-contracts with an early warning still open.
pub fn early_warnings(conn: &Connection) -> Result<std::collections::HashSet<String>> {
    Ok(crate::store::plans::open_flags(conn)?
        .into_iter()
        .map(|f| f.subcontract)
        .collect())
}

/// The same rows from the score cache, which keeps each sub-contract's recent returns and
/// overall score beside its assessment of the same day, with their standings; `None` when the
/// cache is not current for `today` (a read-only look at a stale cache), misses a row, or holds
/// a score this program does not write, and the rows must be worked out from the records.
pub fn load_cached(
    conn: &Connection,
    today: NaiveDate,
    scoring: crate::scoring::Settings<'_>,
    current: bool,
) -> Result<Option<Vec<PerformanceRow>>> {
    if !current {
        return Ok(None);
    }
    // Room for every row at once: a list grown by doubling holds both lists as it moves.
    let mut rows = Vec::with_capacity(crate::store::scores::assessed_count(conn)?);
    let mut whole = true;
    crate::store::read::performance::contracts_with_recent(conn, &mut |c, cached| match cached {
        Some(cached) if whole && cached.overall.is_none_or(crate::scoring::cache::in_range) => {
            let mut r = row(c, cached.recent, today);
            put_score(&mut r, cached.overall, scoring);
            rows.push(r);
        }
        _ => whole = false,
    })?;
    Ok(whole.then_some(rows))
}

/// Puts an overall score and the standing it bands to on a row.
pub fn put_score(
    row: &mut PerformanceRow,
    overall: Option<Decimal>,
    scoring: crate::scoring::Settings<'_>,
) {
    row.overall = overall;
    row.standing = overall.map(|o| crate::scoring::standing::rate(o, scoring.scoring).standing);
}

fn row(
    c: crate::store::read::performance::ContractLine,
    facts: Recent,
    today: NaiveDate,
) -> PerformanceRow {
    PerformanceRow {
        state: State::on(
            c.status,
            c.notice.as_ref().map(|(effective, to)| Notice {
                effective: *effective,
                transferred_to: to.as_deref(),
            }),
            today,
        ),
        code: c.code,
        member: c.member,
        member_name: c.member_name,
        opportunity: c.opportunity,
        service_line: c.service_line,
        status: c.status,
        value: c.value,
        units_per_month: c.units_per_month,
        end: c.end,
        latest_period: facts.latest_period,
        trend: facts.trend,
        late: facts.late,
        missing: facts.missing,
        referrals: facts.referrals,
        overall: None,
        standing: None,
        referral_route: false,
        early_warning: false,
    }
}

/// Worst first: by `WorstRank`, then code.
pub fn sort_worst_first(rows: &mut [PerformanceRow]) {
    // Each row's rank worked out once, not in every comparison, and the codes compared where
    // they lie; the rows are then put in that order where they are, with no second list.
    let mut order: Vec<(WorstRank, usize)> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| (r.worst_rank(), i))
        .collect();
    order.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| rows[a.1].code.cmp(&rows[b.1].code))
    });
    let from: Vec<usize> = order.into_iter().map(|(_, i)| i).collect();
    permute(rows, from);
}

/// Puts into each place `k` the row that was at `from[k]`, following each cycle of moves.
fn permute<T>(rows: &mut [T], mut from: Vec<usize>) {
    for start in 0..rows.len() {
        let mut k = start;
        while from[k] != k {
            let src = from[k];
            from[k] = k;
            if src == start {
                break;
            }
            rows.swap(k, src);
            k = src;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(code: &str, trend: &[u32], missing: u32) -> PerformanceRow {
        PerformanceRow {
            code: code.into(),
            member: "M".into(),
            member_name: "M".into(),
            opportunity: "O".into(),
            service_line: "advice".into(),
            status: SubContractStatus::Active,
            state: State::Active,
            value: Decimal::ZERO,
            units_per_month: 10,
            end: NaiveDate::from_ymd_opt(2027, 3, 31).unwrap(),
            latest_period: None,
            trend: trend.to_vec(),
            late: 0,
            missing,
            referrals: 0,
            overall: None,
            standing: None,
            referral_route: false,
            early_warning: false,
        }
    }

    #[test]
    fn recent_delivery_averages_the_last_three_months() {
        assert_eq!(row("A", &[100, 40, 50, 60], 0).recent_pct(), Some(50));
        assert_eq!(row("A", &[80], 0).recent_pct(), Some(80));
        assert_eq!(row("A", &[], 0).recent_pct(), None);
        assert!(row("A", &[74, 74, 74], 0).under_performing());
        assert!(!row("A", &[75, 75, 75], 0).under_performing());
    }

    #[test]
    fn a_permutation_puts_each_row_where_it_is_sent() {
        for from in [
            vec![2, 0, 1],
            vec![1, 0, 3, 2],
            vec![0, 1, 2],
            vec![3, 2, 1, 0, 4],
        ] {
            let mut rows: Vec<usize> = (0..from.len()).collect();
            permute(&mut rows, from.clone());
            assert_eq!(rows, from);
        }
    }

    #[test]
    fn worst_first_ordering() {
        let mut rows = vec![
            row("GOOD", &[100, 100, 100], 0),
            row("NONE", &[], 0),
            row("BAD", &[40, 40, 40], 0),
            row("BAD-MISSING", &[40, 40, 40], 2),
        ];
        sort_worst_first(&mut rows);
        let codes: Vec<&str> = rows.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(codes, ["BAD-MISSING", "BAD", "GOOD", "NONE"]);
    }

    #[test]
    fn referral_route_cases_sort_as_their_own_group_after_provider_failures() {
        let mut route = row("ROUTE", &[0, 0, 0], 0);
        route.referral_route = true;
        let mut rows = vec![
            row("GOOD", &[100, 100, 100], 0),
            route,
            row("BAD", &[40, 40, 40], 0),
        ];
        sort_worst_first(&mut rows);
        let codes: Vec<&str> = rows.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(codes, ["BAD", "ROUTE", "GOOD"]);
    }

    #[test]
    fn averages_at_the_edges_of_the_numbers() {
        assert_eq!(
            row("A", &[u32::MAX, u32::MAX, u32::MAX], 0).recent_pct(),
            Some(u32::MAX)
        );
        assert_eq!(
            row("A", &[u32::MAX, 1], 0).recent_pct(),
            Some(u32::MAX / 2 + 1)
        );
    }
}
