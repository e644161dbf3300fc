//! A sub-contract's schedule of outputs: the units owed each month under its profile revisions,
//! and in all. A re-profile changes months still to come; what it does to the total owed is what
//! the hub must weigh.

use crate::dates::Period;

use super::{DeliveryProfile, SubContract};

/// Units a month owed in `month`: the latest revision in effect by then, else the units the
/// sub-contract was let on.
pub fn units_in(sub: &SubContract, profiles: &[DeliveryProfile], month: Period) -> u32 {
    profiles
        .iter()
        .filter(|p| p.effective_from <= month)
        .max_by_key(|p| (p.effective_from, p.revision))
        .map_or(sub.units_per_month, |p| p.units_per_month)
}

/// Every month of the sub-contract, first to last.
pub fn months(sub: &SubContract) -> impl Iterator<Item = Period> {
    let first = Period::containing(sub.start);
    let last = Period::containing(sub.end);
    std::iter::successors(Some(first), move |p| (*p < last).then(|| p.next()))
}

/// Units owed over the whole term under the stored profile.
pub fn units_owed(sub: &SubContract, profiles: &[DeliveryProfile]) -> u64 {
    months(sub)
        .map(|m| u64::from(units_in(sub, profiles, m)))
        .sum()
}

/// Units owed over the whole term if `units` a month applied from `from` on.
pub fn units_owed_with(
    sub: &SubContract,
    profiles: &[DeliveryProfile],
    from: Period,
    units: u32,
) -> u64 {
    months(sub)
        .map(|m| {
            if m >= from {
                u64::from(units)
            } else {
                u64::from(units_in(sub, profiles, m))
            }
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::parse_iso;
    use crate::domain::{PaymentModel, SubContractStatus};
    use rust_decimal_macros::dec;

    fn sub() -> SubContract {
        SubContract {
            code: "SC-1".into(),
            opportunity: "OP1".into(),
            member: "KN01".into(),
            let_by: None,
            value: dec!(12000),
            start: parse_iso("2026-04-01").unwrap(),
            end: parse_iso("2027-03-31").unwrap(),
            units_per_month: 10,
            payment_model: PaymentModel::Block,
            status: SubContractStatus::Active,
            transferred_from: None,
            unit_rate: None,
            row_version: 1,
        }
    }

    fn revision(n: u32, from: &str, units: u32) -> DeliveryProfile {
        DeliveryProfile {
            subcontract: "SC-1".into(),
            revision: n,
            effective_from: from.parse().unwrap(),
            units_per_month: units,
            reason: String::new(),
            recorded: parse_iso("2026-06-01").unwrap(),
        }
    }

    #[test]
    fn twelve_months_at_ten_owe_120_and_a_cut_from_january_owes_90() {
        let s = sub();
        assert_eq!(months(&s).count(), 12);
        assert_eq!(units_owed(&s, &[]), 120);
        // Apr–Dec 2026 at 10 (90), Jan–Mar 2027 at 0.
        assert_eq!(units_owed_with(&s, &[], "2027-01".parse().unwrap(), 0), 90);
        let p = [revision(1, "2026-04", 10), revision(2, "2026-10", 5)];
        // Apr–Sep at 10 (60), Oct–Mar at 5 (30).
        assert_eq!(units_owed(&s, &p), 90);
        assert_eq!(units_in(&s, &p, "2026-09".parse().unwrap()), 10);
        assert_eq!(units_in(&s, &p, "2026-10".parse().unwrap()), 5);
    }
}
