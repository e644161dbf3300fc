//! What a sub-contract is on a given day: its stored status with the date applied. A suspension
//! decided with notice leaves the stored status active; the sub-contract is *under notice*
//! (delivering and paid) through the effective date and suspended from the day after, so the
//! status follows the calendar with no batch job. Once its remainder has been transferred, the
//! original has ended on that date.

use chrono::{Days, NaiveDate};
use serde::Serialize;

use super::{SubContract, SubContractStatus, Suspension};
use crate::dates;

/// What the state needs of an open suspension: when it takes effect, and where the remainder
/// went, if it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Notice<'a> {
    pub effective: NaiveDate,
    pub transferred_to: Option<&'a str>,
}

/// A sub-contract's state on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum State {
    Proposed,
    Active,
    /// Notice given: delivering and paid through `ends`.
    UnderNotice {
        ends: NaiveDate,
    },
    /// Suspended: no delivery, nothing paid.
    Suspended {
        since: NaiveDate,
    },
    /// Ended early: its remainder went to another sub-contract.
    Transferred {
        ended: NaiveDate,
        to: String,
    },
    Terminated,
    Completed,
}

impl State {
    /// The state of `sub` on `today`, given its open (unlifted) suspension, if any.
    pub fn of(sub: &SubContract, open: Option<&Suspension>, today: NaiveDate) -> State {
        let open = open.map(|s| Notice {
            effective: s.effective,
            transferred_to: s.transferred_to.as_deref(),
        });
        State::on(sub.status, open, today)
    }

    /// The state of a sub-contract stored as `status` on `today`, given its open suspension.
    pub fn on(status: SubContractStatus, open: Option<Notice>, today: NaiveDate) -> State {
        let to = |n: &Notice| n.transferred_to.map(str::to_string);
        match (status, open) {
            (SubContractStatus::Proposed, _) => State::Proposed,
            (SubContractStatus::Completed, _) => State::Completed,
            (SubContractStatus::Terminated, Some(n)) if n.transferred_to.is_some() => {
                State::Transferred {
                    ended: n.effective,
                    to: to(&n).unwrap_or_default(),
                }
            }
            (SubContractStatus::Terminated, _) => State::Terminated,
            (SubContractStatus::Suspended, n) => State::Suspended {
                since: n.map_or(today, |n| n.effective),
            },
            (SubContractStatus::Active, None) => State::Active,
            (SubContractStatus::Active, Some(n)) if today <= n.effective => {
                State::UnderNotice { ends: n.effective }
            }
            (SubContractStatus::Active, Some(n)) => match to(&n) {
                Some(to) => State::Transferred {
                    ended: n.effective,
                    to,
                },
                None => State::Suspended {
                    since: day_after(n.effective),
                },
            },
        }
    }

    /// One word or two, for a table column.
    pub fn label(&self) -> &'static str {
        match self {
            State::Proposed => "Proposed",
            State::Active => "Active",
            State::UnderNotice { .. } => "Under notice",
            State::Suspended { .. } => "Suspended",
            State::Transferred { .. } => "Transferred",
            State::Terminated => "Terminated",
            State::Completed => "Completed",
        }
    }

    /// The label with its date: `notice given, ends 28 Feb 2027`.
    pub fn describe(&self) -> String {
        match self {
            State::UnderNotice { ends } => format!("notice given, ends {}", dates::display(*ends)),
            State::Suspended { since } => format!("suspended since {}", dates::display(*since)),
            State::Transferred { ended, to } => {
                format!("ended {}, remainder to {to}", dates::display(*ended))
            }
            other => other.label().to_lowercase(),
        }
    }

    /// Still delivering: active or working out its notice.
    pub fn delivering(&self) -> bool {
        matches!(self, State::Active | State::UnderNotice { .. })
    }

    /// Counts against the member in award checks: notice given or suspended.
    pub fn holds_back_awards(&self) -> bool {
        matches!(self, State::UnderNotice { .. } | State::Suspended { .. })
    }
}

/// The day after `d` (the last representable day stays put).
pub fn day_after(d: NaiveDate) -> NaiveDate {
    d.checked_add_days(Days::new(1)).unwrap_or(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{PaymentModel, SuspensionReason};
    use rust_decimal_macros::dec;

    fn d(s: &str) -> NaiveDate {
        dates::parse_iso(s).unwrap()
    }

    fn sub(status: SubContractStatus) -> SubContract {
        SubContract {
            code: "SC-0053".into(),
            opportunity: "OP-004".into(),
            member: "KN01".into(),
            let_by: None,
            value: dec!(12000),
            start: d("2026-04-01"),
            end: d("2027-12-31"),
            units_per_month: 10,
            payment_model: PaymentModel::Block,
            status,
            transferred_from: None,
            row_version: 1,
            unit_rate: None,
        }
    }

    fn notice(effective: &str, to: Option<&str>) -> Suspension {
        Suspension {
            subcontract: "SC-0053".into(),
            decided: d("2026-11-29"),
            effective: d(effective),
            reason_code: SuspensionReason::UnderDelivery,
            reason: "below profile".into(),
            urgent: false,
            lifted: None,
            transferred_to: to.map(str::to_string),
        }
    }

    #[test]
    fn notice_given_29_nov_runs_to_28_feb_then_suspended_from_1_mar() {
        let s = sub(SubContractStatus::Active);
        let n = notice("2027-02-28", None);
        let on = |day: &str| State::of(&s, Some(&n), d(day));
        assert_eq!(
            on("2026-11-29"),
            State::UnderNotice {
                ends: d("2027-02-28")
            }
        );
        assert_eq!(
            on("2027-02-28").describe(),
            "notice given, ends 28 Feb 2027"
        );
        assert!(on("2027-02-28").delivering() && on("2027-02-28").holds_back_awards());
        assert_eq!(
            on("2027-03-01"),
            State::Suspended {
                since: d("2027-03-01")
            }
        );
        assert!(!on("2027-03-01").delivering());
        assert_eq!(State::of(&s, None, d("2027-03-01")), State::Active);
    }

    #[test]
    fn a_transferred_remainder_ends_the_original_on_the_effective_date() {
        let s = sub(SubContractStatus::Active);
        let n = notice("2027-02-28", Some("SC-0147"));
        assert!(matches!(
            State::of(&s, Some(&n), d("2027-01-10")),
            State::UnderNotice { .. }
        ));
        let after = State::of(&s, Some(&n), d("2027-03-01"));
        assert_eq!(after.describe(), "ended 28 Feb 2027, remainder to SC-0147");
        assert!(!after.holds_back_awards());
    }

    #[test]
    fn stored_states_stand_whatever_the_date() {
        let day = d("2026-11-29");
        assert_eq!(
            State::of(&sub(SubContractStatus::Suspended), None, day),
            State::Suspended { since: day }
        );
        assert_eq!(
            State::of(&sub(SubContractStatus::Completed), None, day),
            State::Completed
        );
        assert_eq!(day_after(d("2028-02-28")), d("2028-02-29"));
        assert_eq!(day_after(NaiveDate::MAX), NaiveDate::MAX);
    }
}
