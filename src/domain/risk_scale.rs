//! Risk scales: named probability and impact scales with a label per level and score bands. A
//! risk records the scale it was scored on; a score outside that scale is kept and flagged, never
//! clipped into the grid.

use std::collections::BTreeMap;

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

/// Scores from `min` to `max` inclusive fall in this band. The severity drives the colour; the name
/// and description are the words shown beside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub name: String,
    pub min: u32,
    pub max: u32,
    pub severity: Severity,
    #[serde(default)]
    pub description: String,
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

    /// The band of a probability and impact, or `None` when either lies outside the scale: an
    /// off-scale score is flagged for correction, never banded as if it were on the scale.
    pub fn band_of(&self, probability: u8, impact: u8) -> Option<&Band> {
        if !self.contains(probability, impact) {
            return None;
        }
        self.band(u32::from(probability) * u32::from(impact))
    }

    /// The label of a probability level (1-based), if the scale has that level.
    pub fn probability_label(&self, level: u8) -> Option<&str> {
        level_label(&self.probability, level)
    }

    /// The label of an impact level (1-based), if the scale has that level.
    pub fn impact_label(&self, level: u8) -> Option<&str> {
        level_label(&self.impact, level)
    }

    /// Every score P × I that a probability and an impact on this scale can make, ascending.
    pub fn achievable_scores(&self) -> Vec<u32> {
        let mut scores: Vec<u32> = (1..=u32::from(self.max_probability()))
            .flat_map(|p| (1..=u32::from(self.max_impact())).map(move |i| p * i))
            .collect();
        scores.sort_unstable();
        scores.dedup();
        scores
    }

    /// Checks the scale is usable: a label for every level, bands that do not overlap, and every
    /// achievable score in exactly one band. Scores no two levels can make (7 on a 5×5) may fall
    /// in no band. The message names the scale and what is wrong.
    pub fn validate(&self) -> Result<(), String> {
        let name = &self.name;
        if name.trim().is_empty() {
            return Err("a risk scale has an empty name".into());
        }
        for (axis, labels) in [("probability", &self.probability), ("impact", &self.impact)] {
            if labels.is_empty() {
                return Err(format!("risk scale '{name}': {axis} has no levels"));
            }
            if labels.len() > usize::from(u8::MAX) {
                return Err(format!(
                    "risk scale '{name}': {axis} has {} levels; at most {} are allowed",
                    labels.len(),
                    u8::MAX
                ));
            }
            if let Some(i) = labels.iter().position(|l| l.trim().is_empty()) {
                return Err(format!(
                    "risk scale '{name}': {axis} level {} has no label",
                    i + 1
                ));
            }
        }
        if self.bands.is_empty() {
            return Err(format!("risk scale '{name}' has no bands"));
        }
        for (i, b) in self.bands.iter().enumerate() {
            if b.name.trim().is_empty() {
                return Err(format!("risk scale '{name}': band {} has no name", i + 1));
            }
            if b.min > b.max {
                return Err(format!(
                    "risk scale '{name}': band '{}' runs from {} down to {}; min must not exceed max",
                    b.name, b.min, b.max
                ));
            }
            if let Some(o) = self.bands[..i]
                .iter()
                .find(|o| b.min <= o.max && o.min <= b.max)
            {
                return Err(format!(
                    "risk scale '{name}': bands '{}' ({}–{}) and '{}' ({}–{}) overlap",
                    o.name, o.min, o.max, b.name, b.min, b.max
                ));
            }
        }
        let unbanded: Vec<String> = self
            .achievable_scores()
            .into_iter()
            .filter(|s| self.band(*s).is_none())
            .map(|s| s.to_string())
            .collect();
        if !unbanded.is_empty() {
            return Err(format!(
                "risk scale '{name}': the score(s) {} can be reached (probability × impact) but fall in no band",
                unbanded.join(", ")
            ));
        }
        Ok(())
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
            // Thresholds chosen so that the register's own judgement reads as it was meant: its
            // many 5×3 = 15 risks are high, its three scored 20 extreme, and "unrealistic
            // expectations" (4×2 = 8) moderate. The top band starts at 20, just under three
            // quarters of the maximum 28, as the NHS matrix's does (15 of 25).
            bands: vec![
                band(
                    "low",
                    1,
                    6,
                    Severity::Low,
                    "Accept and review at the usual date",
                ),
                band(
                    "moderate",
                    7,
                    12,
                    Severity::Moderate,
                    "Manage within the hub; check the controls at each review",
                ),
                band(
                    "high",
                    13,
                    19,
                    Severity::High,
                    "Report to the Board; an owner acts on the controls now",
                ),
                band(
                    "extreme",
                    20,
                    28,
                    Severity::Extreme,
                    "Board attention at once; consider stopping the activity",
                ),
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
                band(
                    "low",
                    1,
                    3,
                    Severity::Low,
                    "Green: manage by routine procedures",
                ),
                band(
                    "moderate",
                    4,
                    6,
                    Severity::Moderate,
                    "Yellow: a named owner manages it",
                ),
                band(
                    "high",
                    8,
                    12,
                    Severity::High,
                    "Orange: senior attention and an action plan",
                ),
                band(
                    "extreme",
                    15,
                    25,
                    Severity::Extreme,
                    "Red: immediate action; report to the Board",
                ),
            ],
        }
    }

    /// The scales shipped with hubboard.
    pub fn builtin() -> Vec<RiskScale> {
        vec![Self::knowsley(), Self::nhs5x5()]
    }

    /// The scale called `name` among `scales`.
    pub fn find<'a>(scales: &'a [RiskScale], name: &str) -> Option<&'a RiskScale> {
        scales.iter().find(|s| s.name == name)
    }

    /// A scale as the configuration file writes it, without its name (the table key).
    pub fn spec(&self) -> ScaleSpec {
        ScaleSpec {
            title: self.title.clone(),
            probability: self.probability.clone(),
            impact: self.impact.clone(),
            bands: self.bands.clone(),
        }
    }
}

/// One `[risk_scales.NAME]` table of the configuration file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScaleSpec {
    /// Shown above the heatmap; the name when left out.
    #[serde(default)]
    pub title: String,
    /// Labels for probability 1..=n, lowest first.
    pub probability: Vec<String>,
    /// Labels for impact 1..=n, lowest first.
    pub impact: Vec<String>,
    pub bands: Vec<Band>,
}

impl ScaleSpec {
    pub fn named(&self, name: &str) -> RiskScale {
        RiskScale {
            name: name.to_string(),
            title: if self.title.trim().is_empty() {
                name.to_string()
            } else {
                self.title.clone()
            },
            probability: self.probability.clone(),
            impact: self.impact.clone(),
            bands: self.bands.clone(),
        }
    }
}

/// The `[risk_scales]` section: scales by name. Reading it starts from the built-in scales, so a
/// file that defines one scale keeps the others, and one of the same name replaces the built-in.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct ScaleSpecs(pub BTreeMap<String, ScaleSpec>);

impl Default for ScaleSpecs {
    fn default() -> Self {
        ScaleSpecs(
            RiskScale::builtin()
                .into_iter()
                .map(|s| (s.name.clone(), s.spec()))
                .collect(),
        )
    }
}

impl<'de> Deserialize<'de> for ScaleSpecs {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut specs = ScaleSpecs::default();
        specs
            .0
            .extend(BTreeMap::<String, ScaleSpec>::deserialize(d)?);
        Ok(specs)
    }
}

impl ScaleSpecs {
    /// The scales in name order, unchecked (the configuration validates them at start).
    pub fn scales(&self) -> Vec<RiskScale> {
        self.0.iter().map(|(n, s)| s.named(n)).collect()
    }

    /// Validates every scale; the message names the first bad one and what is wrong.
    pub fn validate(&self) -> Result<(), String> {
        self.scales().iter().try_for_each(RiskScale::validate)
    }
}

fn level_label(labels: &[String], level: u8) -> Option<&str> {
    usize::from(level)
        .checked_sub(1)
        .and_then(|i| labels.get(i))
        .map(String::as_str)
}

fn labels(l: &[&str]) -> Vec<String> {
    l.iter().map(|s| s.to_string()).collect()
}

fn band(name: &str, min: u32, max: u32, severity: Severity, description: &str) -> Band {
    Band {
        name: name.into(),
        min,
        max,
        severity,
        description: description.into(),
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
