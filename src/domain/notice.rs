//! The Compact's notice period: a suspension takes effect no earlier than the decision date plus
//! the configured calendar months, unless it is urgent (safeguarding, fraud) and says why.

use std::fmt;

use chrono::NaiveDate;

use crate::dates;

/// The earliest date a non-urgent suspension may take effect: `decided` plus `notice_months`
/// calendar months, clamped to the end of a shorter month (30 Nov + 3 = 28 Feb).
pub fn earliest_effective(decided: NaiveDate, notice_months: u32) -> NaiveDate {
    dates::add_months(decided, notice_months)
}

/// Why a requested effective date cannot stand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoticeError {
    /// Before the decision itself: bad input, not a rule.
    BeforeDecision {
        requested: NaiveDate,
        decided: NaiveDate,
    },
    /// Inside the notice period without the urgent flag: a rule says no.
    TooSoon {
        requested: NaiveDate,
        earliest: NaiveDate,
        notice_months: u32,
    },
}

impl fmt::Display for NoticeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NoticeError::BeforeDecision { requested, decided } => write!(
                f,
                "the effective date {} is before the decision date {}",
                dates::display(*requested),
                dates::display(*decided)
            ),
            NoticeError::TooSoon {
                requested,
                earliest,
                notice_months,
            } => write!(
                f,
                "{} is inside the {notice_months}-month notice period; the earliest effective date is {} (or mark it urgent, with the reason)",
                dates::display(*requested),
                dates::display(*earliest)
            ),
        }
    }
}

/// The date a suspension decided on `decided` takes effect. With no `requested` date: the earliest
/// allowed (the same day if urgent). The caller ensures an urgent suspension carries a reason.
pub fn effective_date(
    decided: NaiveDate,
    requested: Option<NaiveDate>,
    urgent: bool,
    notice_months: u32,
) -> Result<NaiveDate, NoticeError> {
    let earliest = if urgent {
        decided
    } else {
        earliest_effective(decided, notice_months)
    };
    let Some(requested) = requested else {
        return Ok(earliest);
    };
    if requested < decided {
        return Err(NoticeError::BeforeDecision { requested, decided });
    }
    if requested < earliest {
        return Err(NoticeError::TooSoon {
            requested,
            earliest,
            notice_months,
        });
    }
    Ok(requested)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        dates::parse_iso(s).unwrap()
    }

    #[test]
    fn three_months_from_the_end_of_november_is_the_end_of_february() {
        assert_eq!(earliest_effective(d("2026-11-30"), 3), d("2027-02-28"));
        assert_eq!(earliest_effective(d("2026-11-22"), 3), d("2027-02-22"));
    }

    #[test]
    fn leap_years_give_the_twenty_ninth() {
        assert_eq!(earliest_effective(d("2027-11-30"), 3), d("2028-02-29"));
        assert_eq!(earliest_effective(d("2027-11-29"), 3), d("2028-02-29"));
        // From a leap day a year on: 28 Feb.
        assert_eq!(earliest_effective(d("2028-02-29"), 12), d("2029-02-28"));
    }

    #[test]
    fn the_end_of_a_long_month_clamps_to_a_short_one() {
        assert_eq!(earliest_effective(d("2026-05-31"), 1), d("2026-06-30"));
        assert_eq!(earliest_effective(d("2026-08-31"), 3), d("2026-11-30"));
    }

    #[test]
    fn no_date_given_means_the_earliest_allowed() {
        assert_eq!(
            effective_date(d("2026-11-30"), None, false, 3),
            Ok(d("2027-02-28"))
        );
    }

    #[test]
    fn exactly_the_earliest_date_is_allowed_a_day_sooner_is_not() {
        assert_eq!(
            effective_date(d("2026-11-30"), Some(d("2027-02-28")), false, 3),
            Ok(d("2027-02-28"))
        );
        let e = effective_date(d("2026-11-30"), Some(d("2027-02-27")), false, 3).unwrap_err();
        assert_eq!(
            e,
            NoticeError::TooSoon {
                requested: d("2027-02-27"),
                earliest: d("2027-02-28"),
                notice_months: 3
            }
        );
        assert!(
            e.to_string()
                .contains("the earliest effective date is 28 Feb 2027")
        );
    }

    #[test]
    fn urgent_takes_effect_the_same_day() {
        assert_eq!(
            effective_date(d("2026-11-22"), None, true, 3),
            Ok(d("2026-11-22"))
        );
        assert_eq!(
            effective_date(d("2026-11-22"), Some(d("2026-11-25")), true, 3),
            Ok(d("2026-11-25"))
        );
    }

    #[test]
    fn a_date_before_the_decision_is_bad_input_even_when_urgent() {
        let e = effective_date(d("2026-11-22"), Some(d("2026-11-21")), true, 3).unwrap_err();
        assert!(matches!(e, NoticeError::BeforeDecision { .. }));
    }

    #[test]
    fn a_zero_month_notice_period_allows_the_same_day() {
        assert_eq!(
            effective_date(d("2026-11-22"), Some(d("2026-11-22")), false, 0),
            Ok(d("2026-11-22"))
        );
    }
}
