//! The `[board]` settings: which commercially confidential figures redaction hides, and how far
//! back the decisions slide looks when no `--since` is given.

use serde::{Deserialize, Serialize};

/// A kind of figure that redaction hides. Board members may represent competing members, and the
/// room may include observers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidential {
    /// The value of each sub-contract, and each member's active sub-contract value.
    SubcontractValues,
    /// Members' annual income.
    MemberIncome,
    /// Money at risk on each provider needing attention.
    MoneyAtRisk,
    /// Units of capacity and commitment of each member (cluster totals stay).
    MemberCapacity,
    /// The value of each opportunity in the pipeline (stage totals stay).
    OpportunityValues,
    /// The hub's top-slice income and the delivery-to-hub ratio built from it.
    TopSliceIncome,
}

impl Confidential {
    pub const ALL: [Confidential; 6] = [
        Confidential::SubcontractValues,
        Confidential::MemberIncome,
        Confidential::MoneyAtRisk,
        Confidential::MemberCapacity,
        Confidential::OpportunityValues,
        Confidential::TopSliceIncome,
    ];
}

/// A delivery-to-hub ratio the Board measures itself against: `ratio` to one, and what it is
/// ("now", "aim").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RatioBenchmark {
    pub ratio: rust_decimal::Decimal,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BoardConfig {
    /// Figures hidden when redaction is on (member names always become pseudonyms).
    pub confidential: Vec<Confidential>,
    /// Without `--since`, the decisions slide covers this many months before today.
    pub since_months: u32,
    /// The delivery-to-hub ratios the Board measures against, lowest first.
    pub ratio_benchmarks: Vec<RatioBenchmark>,
    /// Where the benchmarks come from, said beside them.
    pub ratio_source: String,
}

impl Default for BoardConfig {
    fn default() -> Self {
        BoardConfig {
            confidential: vec![
                Confidential::SubcontractValues,
                Confidential::MemberIncome,
                Confidential::MoneyAtRisk,
            ],
            since_months: 3,
            ratio_benchmarks: vec![
                RatioBenchmark {
                    ratio: rust_decimal::Decimal::from(9),
                    label: "now".into(),
                },
                RatioBenchmark {
                    ratio: rust_decimal::Decimal::from(19),
                    label: "aim".into(),
                },
            ],
            ratio_source: "ConsortiCo's consortium model".into(),
        }
    }
}

impl BoardConfig {
    pub fn validate(&self) -> Result<(), String> {
        for (i, c) in self.confidential.iter().enumerate() {
            if self.confidential[..i].contains(c) {
                return Err(format!("board.confidential names {c:?} twice"));
            }
        }
        for (i, b) in self.ratio_benchmarks.iter().enumerate() {
            if b.ratio <= rust_decimal::Decimal::ZERO {
                return Err(format!(
                    "board.ratio_benchmarks: {} must be above 0 (it is {})",
                    b.label, b.ratio
                ));
            }
            if i > 0 && b.ratio <= self.ratio_benchmarks[i - 1].ratio {
                return Err("board.ratio_benchmarks must go from the lowest ratio up".into());
            }
        }
        if self.since_months == 0 || self.since_months > 120 {
            return Err(format!(
                "board.since_months must be from 1 to 120 (it is {})",
                self.since_months
            ));
        }
        Ok(())
    }
}
