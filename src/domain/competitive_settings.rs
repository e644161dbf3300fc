//! The settings of open competitive sub-tendering (`[competitive]` in the configuration file): the
//! weighted criteria the appraisal panel scores and the smallest panel that may rank a bidder.

use serde::{Deserialize, Serialize};

use super::competitive::{Criterion, default_criteria, validate_criteria};

/// Open competitive sub-tendering: the weighted criteria the appraisal panel scores (0–10 each)
/// and the smallest panel that may rank a bidder once conflicted members are excluded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Competitive {
    /// Weights sum to 100.
    pub criteria: Vec<Criterion>,
    pub min_panel: u32,
}

impl Default for Competitive {
    fn default() -> Self {
        Competitive {
            criteria: default_criteria(),
            min_panel: 2,
        }
    }
}

impl Competitive {
    /// Refuses criteria `validate_criteria` refuses, and a panel of fewer than one.
    pub fn validate(&self) -> Result<(), String> {
        validate_criteria(&self.criteria).map_err(|m| format!("competitive.criteria: {m}"))?;
        if self.min_panel == 0 {
            return Err("competitive.min_panel must be at least 1".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_valid() {
        assert_eq!(Competitive::default().validate(), Ok(()));
    }

    #[test]
    fn a_panel_of_one_is_enough_and_of_none_is_refused() {
        let one = Competitive {
            min_panel: 1,
            ..Competitive::default()
        };
        assert_eq!(one.validate(), Ok(()));
        let none = Competitive {
            min_panel: 0,
            ..Competitive::default()
        };
        assert!(none.validate().unwrap_err().contains("min_panel"));
    }

    #[test]
    fn a_criteria_problem_names_the_section() {
        let mut c = Competitive::default();
        c.criteria[0].weight -= 1;
        let e = c.validate().unwrap_err();
        assert!(
            e.starts_with("competitive.criteria: ") && e.contains("sum to 99"),
            "{e}"
        );
    }
}
