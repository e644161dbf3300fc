//! Risk scales: named probability and impact scales with a label per level and score bands. A
//! risk records the scale it was scored on; a score outside that scale is kept and flagged, never
//! clipped into the grid.

use serde::{Deserialize, Serialize};

/// How serious a band is, for colour and for the letter shown in a heatmap cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Low,
    Moderate,
    High,
    Extreme,
}

impl Severity {
    pub fn letter(self) -> char {
        match self {
            Severity::Low => 'L',
            Severity::Moderate => 'M',
            Severity::High => 'H',
            Severity::Extreme => 'E',
        }
    }
}

/// Scores from `min` to `max` inclusive fall in this band.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Band {
    pub name: String,
    pub min: u32,
    pub max: u32,
    pub severity: Severity,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RiskScale {
    pub name: String,
    pub title: String,
    /// Labels for probability 1..=n.
    pub probability: Vec<String>,
    /// Labels for impact 1..=n.
    pub impact: Vec<String>,
    pub bands: Vec<Band>,
}

impl RiskScale {
    pub fn max_probability(&self) -> u8 {
        self.probability.len() as u8
    }
    pub fn max_impact(&self) -> u8 {
        self.impact.len() as u8
    }
    /// True when both scores are levels of this scale.
    pub fn contains(&self, probability: u8, impact: u8) -> bool {
        (1..=self.max_probability()).contains(&probability)
            && (1..=self.max_impact()).contains(&impact)
    }
    /// The band of a score (P × I); `None` when no band covers it.
    pub fn band(&self, score: u32) -> Option<&Band> {
        self.bands.iter().find(|b| (b.min..=b.max).contains(&score))
    }

    /// The Knowsley consortium's scale: probability 1–7 × impact 1–4.
    pub fn knowsley() -> Self {
        RiskScale {
            name: "knowsley".into(),
            title: "Knowsley 7×4".into(),
            probability: labels(&[
                "negligible",
                "very low",
                "low",
                "medium",
                "high",
                "very high",
                "extreme",
            ]),
            impact: labels(&["minor", "significant", "damaging", "grave"]),
            bands: vec![
                band("low", 1, 6, Severity::Low),
                band("moderate", 7, 12, Severity::Moderate),
                band("high", 13, 19, Severity::High),
                band("extreme", 20, 28, Severity::Extreme),
            ],
        }
    }

    /// The common NHS 5×5 matrix: 1–3 low, 4–6 moderate, 8–12 high, 15–25 extreme.
    pub fn nhs5x5() -> Self {
        RiskScale {
            name: "nhs5x5".into(),
            title: "NHS 5×5".into(),
            probability: labels(&["rare", "unlikely", "possible", "likely", "almost certain"]),
            impact: labels(&["negligible", "minor", "moderate", "major", "catastrophic"]),
            bands: vec![
                band("low", 1, 3, Severity::Low),
                band("moderate", 4, 6, Severity::Moderate),
                band("high", 8, 12, Severity::High),
                band("extreme", 15, 25, Severity::Extreme),
            ],
        }
    }

    /// The scales shipped with hubboard.
    pub fn builtin() -> Vec<RiskScale> {
        vec![Self::knowsley(), Self::nhs5x5()]
    }
}

fn labels(l: &[&str]) -> Vec<String> {
    l.iter().map(|s| s.to_string()).collect()
}

fn band(name: &str, min: u32, max: u32, severity: Severity) -> Band {
    Band {
        name: name.into(),
        min,
        max,
        severity,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knowsley_is_seven_by_four() {
        let k = RiskScale::knowsley();
        assert!(k.contains(7, 4));
        assert!(!k.contains(3, 5), "impact 5 is off the Knowsley scale");
        assert!(!k.contains(0, 1));
        assert_eq!(k.band(20).unwrap().severity, Severity::Extreme);
        assert_eq!(k.band(6).unwrap().severity, Severity::Low);
        assert_eq!(k.band(7).unwrap().severity, Severity::Moderate);
    }

    #[test]
    fn nhs_bands_at_their_edges() {
        let n = RiskScale::nhs5x5();
        assert_eq!(n.band(3).unwrap().name, "low");
        assert_eq!(n.band(4).unwrap().name, "moderate");
        assert_eq!(n.band(6).unwrap().name, "moderate");
        assert_eq!(n.band(8).unwrap().name, "high");
        assert_eq!(n.band(12).unwrap().name, "high");
        assert_eq!(n.band(15).unwrap().name, "extreme");
        assert_eq!(n.band(25).unwrap().name, "extreme");
        // 7, 13 and 14 cannot be products of two levels 1–5.
        assert!(n.band(7).is_none());
    }
}
