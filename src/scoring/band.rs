//! The standings in the Procurement Act 2023 words, the action each carries for new awards, and
//! the band of whole-number scores that earns one: what the settings and the ratings share.

use serde::{Deserialize, Serialize};

/// Contract performance ratings, best first (the order is the severity order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    Good,
    ApproachingTarget,
    RequiresImprovement,
    Inadequate,
}

impl Standing {
    pub fn label(self) -> &'static str {
        match self {
            Standing::Good => "Good",
            Standing::ApproachingTarget => "Approaching target",
            Standing::RequiresImprovement => "Requires improvement",
            Standing::Inadequate => "Inadequate",
        }
    }
    /// The label in a narrow column's width.
    pub fn short_label(self) -> &'static str {
        match self {
            Standing::Good => "Good",
            Standing::ApproachingTarget => "Approaching",
            Standing::RequiresImprovement => "Req. improv.",
            Standing::Inadequate => "Inadequate",
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Standing::Good => "good",
            Standing::ApproachingTarget => "approaching_target",
            Standing::RequiresImprovement => "requires_improvement",
            Standing::Inadequate => "inadequate",
        }
    }
    pub fn from_code(s: &str) -> Option<Standing> {
        [
            Standing::Good,
            Standing::ApproachingTarget,
            Standing::RequiresImprovement,
            Standing::Inadequate,
        ]
        .into_iter()
        .find(|x| x.code() == s)
    }
}

/// What a band means for new awards to the member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    None,
    /// The award check passes with a warning in its reason.
    Warn,
    /// The award check fails until reviewed (an officer may override with a reason).
    Block,
}

/// One standing band: scores `from..=to` (whole numbers) earn `standing`, which means `action`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub standing: Standing,
    pub from: u32,
    pub to: u32,
    pub action: Action,
}
