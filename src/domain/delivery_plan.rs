//! The joint delivery plan a bid names — the members and the units a month each agreed — and,
//! once the work is let, who was named in the bid set beside who got the work.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{SubContract, SubContractStatus};

/// One member named in a bid's delivery plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanLine {
    pub member: String,
    pub units_per_month: u32,
}

/// How a named member fared once the work was let.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Fared {
    /// Awarded the units it was named for.
    AsNamed,
    /// Awarded fewer units than named.
    Fewer,
    /// Awarded more units than named.
    More,
    /// Named in the bid, awarded nothing.
    NamedOnly,
    /// Awarded work without being named.
    NotNamed,
}

impl Fared {
    pub fn label(self) -> &'static str {
        match self {
            Fared::AsNamed => "as named",
            Fared::Fewer => "fewer units than named",
            Fared::More => "more units than named",
            Fared::NamedOnly => "named in the bid, no work",
            Fared::NotNamed => "work, not named in the bid",
        }
    }
}

/// One member's line: what the bid named and what it was awarded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NamedAgainstAwarded {
    pub member: String,
    pub named_units: Option<u32>,
    pub awarded_units: u64,
    pub awarded_value: Decimal,
    pub subcontracts: Vec<String>,
    pub fared: Fared,
}

/// Whether a sub-contract is work the member got: a withdrawn award (ended before it started,
/// its value zero) is not.
fn got_work(s: &SubContract) -> bool {
    !(s.status == SubContractStatus::Terminated && s.value.is_zero())
}

/// The plan's members in its order, then members awarded work without being named, by code.
pub fn compare(plan: &[PlanLine], subs: &[SubContract]) -> Vec<NamedAgainstAwarded> {
    let mut out: Vec<NamedAgainstAwarded> = plan
        .iter()
        .map(|l| NamedAgainstAwarded {
            member: l.member.clone(),
            named_units: Some(l.units_per_month),
            awarded_units: 0,
            awarded_value: Decimal::ZERO,
            subcontracts: Vec::new(),
            fared: Fared::NamedOnly,
        })
        .collect();
    let mut awarded: Vec<&SubContract> = subs.iter().filter(|s| got_work(s)).collect();
    awarded.sort_by(|a, b| a.member.cmp(&b.member).then(a.code.cmp(&b.code)));
    for s in awarded {
        let i = match out.iter().position(|l| l.member == s.member) {
            Some(i) => i,
            None => {
                out.push(NamedAgainstAwarded {
                    member: s.member.clone(),
                    named_units: None,
                    awarded_units: 0,
                    awarded_value: Decimal::ZERO,
                    subcontracts: Vec::new(),
                    fared: Fared::NotNamed,
                });
                out.len() - 1
            }
        };
        let line = &mut out[i];
        line.awarded_units += u64::from(s.units_per_month);
        line.awarded_value = line.awarded_value.saturating_add(s.value);
        line.subcontracts.push(s.code.clone());
    }
    for line in &mut out {
        line.fared = match line.named_units {
            None => Fared::NotNamed,
            Some(_) if line.subcontracts.is_empty() => Fared::NamedOnly,
            Some(n) => match line.awarded_units.cmp(&u64::from(n)) {
                std::cmp::Ordering::Equal => Fared::AsNamed,
                std::cmp::Ordering::Less => Fared::Fewer,
                std::cmp::Ordering::Greater => Fared::More,
            },
        };
    }
    out
}

/// The units a month the plan names in all.
pub fn total_units(plan: &[PlanLine]) -> u64 {
    plan.iter().map(|l| u64::from(l.units_per_month)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::PaymentModel;
    use chrono::NaiveDate;
    use rust_decimal_macros::dec;

    fn sub(
        code: &str,
        member: &str,
        units: u32,
        value: Decimal,
        status: SubContractStatus,
    ) -> SubContract {
        let d = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
        SubContract {
            code: code.into(),
            opportunity: "OP-001".into(),
            member: member.into(),
            let_by: None,
            value,
            start: d,
            end: d,
            units_per_month: units,
            payment_model: PaymentModel::Block,
            status,
            transferred_from: None,
            unit_rate: None,
            row_version: 1,
        }
    }

    fn line(member: &str, units: u32) -> PlanLine {
        PlanLine {
            member: member.into(),
            units_per_month: units,
        }
    }

    #[test]
    fn each_named_member_is_set_beside_its_work() {
        let plan = [line("KN01", 40), line("KN02", 20), line("KN03", 10)];
        let subs = [
            sub("SC-0001", "KN01", 40, dec!(1000), SubContractStatus::Active),
            sub("SC-0002", "KN02", 5, dec!(100), SubContractStatus::Active),
            sub(
                "SC-0003",
                "KN09",
                25,
                dec!(900),
                SubContractStatus::Proposed,
            ),
            sub(
                "SC-0004",
                "KN03",
                10,
                dec!(0),
                SubContractStatus::Terminated,
            ),
        ];
        let rows = compare(&plan, &subs);
        let fared: Vec<(&str, Fared)> = rows.iter().map(|r| (r.member.as_str(), r.fared)).collect();
        assert_eq!(
            fared,
            [
                ("KN01", Fared::AsNamed),
                ("KN02", Fared::Fewer),
                ("KN03", Fared::NamedOnly),
                ("KN09", Fared::NotNamed),
            ]
        );
        assert_eq!(rows[3].awarded_value, dec!(900));
        assert_eq!(total_units(&plan), 70);
    }

    #[test]
    fn two_awards_to_one_member_add_up() {
        let plan = [line("KN01", 30)];
        let subs = [
            sub(
                "SC-0001",
                "KN01",
                20,
                dec!(10),
                SubContractStatus::Suspended,
            ),
            sub("SC-0002", "KN01", 20, dec!(10), SubContractStatus::Active),
        ];
        let rows = compare(&plan, &subs);
        assert_eq!(rows.len(), 1);
        assert_eq!((rows[0].awarded_units, rows[0].fared), (40, Fared::More));
    }
}
