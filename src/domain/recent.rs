//! What the performance pane shows of a sub-contract's recent returns — delivery against target
//! month by month, late and missing returns, referrals — over the `TREND_MONTHS` complete months
//! before today's. Worked out here once: for the pane read from the records, and for the score
//! cache, which keeps it beside the assessment of the same day.

use chrono::NaiveDate;

use crate::dates::Period;

/// Months of returns the pane looks back over (trend, late and missing counts).
pub const TREND_MONTHS: u32 = 6;

/// The facts of one monthly return that the pane needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReturnFact {
    pub period: Period,
    pub due: NaiveDate,
    pub submitted: Option<NaiveDate>,
    pub units_target: u32,
    pub units_delivered: u32,
    pub referrals: u32,
}

impl From<&crate::domain::MonitoringReturn> for ReturnFact {
    fn from(r: &crate::domain::MonitoringReturn) -> ReturnFact {
        ReturnFact {
            period: r.period,
            due: r.due,
            submitted: r.submitted,
            units_target: r.units_target,
            units_delivered: r.units_delivered,
            referrals: r.referrals,
        }
    }
}

/// A sub-contract's recent returns as the pane shows them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recent {
    /// Delivered as a percentage of target, per month with a return in, oldest first.
    pub trend: Vec<u32>,
    pub latest_period: Option<Period>,
    /// Returns in the window submitted after their due date.
    pub late: u32,
    /// Returns in the window past due and not in.
    pub missing: u32,
    /// Referrals received over the window.
    pub referrals: u64,
}

/// The first month of the window: the `TREND_MONTHS` complete months before today's.
pub fn window_start(today: NaiveDate) -> Period {
    (0..TREND_MONTHS).fold(Period::containing(today), |p, _| p.prev())
}

/// The recent facts of one sub-contract's returns (any order; those before the window ignored).
pub fn recent(returns: impl IntoIterator<Item = ReturnFact>, today: NaiveDate) -> Recent {
    let first = window_start(today);
    let mut rs: Vec<ReturnFact> = returns.into_iter().filter(|r| r.period >= first).collect();
    rs.sort_by_key(|r| r.period);
    let mut out = Recent::default();
    for r in &rs {
        if r.submitted.is_some() {
            out.trend.push(pct(r.units_delivered, r.units_target));
            out.latest_period = Some(r.period);
        }
        // Counts of returns in a six-month window: they cannot come near the limits, but a
        // database holding more still adds up without overflowing.
        let late = r.submitted.is_some_and(|s| s > r.due);
        let missing = r.submitted.is_none() && r.due < today;
        out.late = out.late.saturating_add(u32::from(late));
        out.missing = out.missing.saturating_add(u32::from(missing));
        out.referrals = out.referrals.saturating_add(u64::from(r.referrals));
    }
    out
}

impl Recent {
    /// The trend as stored beside a cached assessment: whole percentages joined by commas.
    pub fn trend_text(&self) -> String {
        let parts: Vec<String> = self.trend.iter().map(u32::to_string).collect();
        parts.join(",")
    }

    /// The trend read back; `None` when the text was not written by `trend_text`.
    pub fn parse_trend(text: &str) -> Option<Vec<u32>> {
        if text.is_empty() {
            return Some(Vec::new());
        }
        text.split(',').map(|p| p.parse().ok()).collect()
    }
}

/// Delivered as a whole percentage of target, rounded half up; 100 when nothing was asked for.
/// Past `u32::MAX` per cent (only a database edited by hand gets there) it shows as that.
pub fn pct(delivered: u32, target: u32) -> u32 {
    if target == 0 {
        100
    } else {
        let pct = (u64::from(delivered) * 100 + u64::from(target) / 2) / u64::from(target);
        u32::try_from(pct).unwrap_or(u32::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        crate::dates::parse_iso(s).unwrap()
    }

    fn ret(period: &str, due: &str, submitted: Option<&str>, delivered: u32) -> ReturnFact {
        ReturnFact {
            period: period.parse().unwrap(),
            due: d(due),
            submitted: submitted.map(d),
            units_target: 10,
            units_delivered: delivered,
            referrals: 3,
        }
    }

    #[test]
    fn the_window_is_the_six_complete_months_before_this_one() {
        assert_eq!(window_start(d("2026-11-22")).to_string(), "2026-05");
        let r = recent(
            [
                ret("2026-10", "2026-11-15", None, 0),
                ret("2026-04", "2026-05-15", Some("2026-05-01"), 10),
                ret("2026-06", "2026-07-15", Some("2026-07-20"), 5),
                ret("2026-05", "2026-06-15", Some("2026-06-10"), 7),
                ret("2026-11", "2026-12-15", None, 0),
            ],
            d("2026-11-22"),
        );
        assert_eq!(r.trend, [70, 50]);
        assert_eq!(
            r.latest_period.map(|p| p.to_string()).as_deref(),
            Some("2026-06")
        );
        assert_eq!((r.late, r.missing, r.referrals), (1, 1, 12));
    }

    #[test]
    fn the_trend_reads_back_as_written() {
        let r = Recent {
            trend: vec![0, 100, u32::MAX],
            ..Recent::default()
        };
        assert_eq!(Recent::parse_trend(&r.trend_text()), Some(r.trend));
        assert_eq!(Recent::parse_trend(""), Some(vec![]));
        assert_eq!(Recent::parse_trend("1,x"), None);
    }

    #[test]
    fn percentages_round_to_nearest() {
        assert_eq!(pct(2, 3), 67);
        assert_eq!(pct(0, 0), 100);
        assert_eq!(pct(15, 10), 150);
    }

    #[test]
    fn percentages_at_the_edges_of_the_numbers() {
        assert_eq!(pct(u32::MAX, u32::MAX), 100);
        assert_eq!(pct(u32::MAX, 1), u32::MAX);
        assert_eq!(pct(0, u32::MAX), 0);
    }
}
