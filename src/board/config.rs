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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BoardConfig {
    /// Figures hidden when redaction is on (member names always become pseudonyms).
    pub confidential: Vec<Confidential>,
    /// Without `--since`, the decisions slide covers this many months before today.
    pub since_months: u32,
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
        if self.since_months == 0 || self.since_months > 120 {
            return Err(format!(
                "board.since_months must be from 1 to 120 (it is {})",
                self.since_months
            ));
        }
        Ok(())
    }
}
