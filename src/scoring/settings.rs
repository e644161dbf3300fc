//! The `[scoring]` and `[warnings]` configuration sections: criterion weights, decay, standing
//! bands and the early-warning thresholds, with their defaults and the checks made at start.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::band::{Action, Band, Standing};

/// What every scoring judgement reads, borrowed from wherever the settings were loaded: how a
/// return scores (`[scoring]`) and when an early warning fires (`[warnings]`).
#[derive(Debug, Clone, Copy)]
pub struct Settings<'a> {
    pub scoring: &'a ScoringConfig,
    pub warnings: &'a WarningsConfig,
}

/// How a month's return is scored and how the months are combined.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScoringConfig {
    pub weights: Weights,
    /// Each month further back counts this many times the month after it (0 < decay ≤ 1).
    pub decay: Decimal,
    /// Months combined into the overall score, ending with the last complete month.
    pub months: u32,
    /// Days late at which the timeliness criterion reaches 0 (linear from 100 when on time).
    pub days_late_for_zero: u32,
    /// Criterion score for quality grades 1, 2, 3 and 4.
    pub quality_scores: [Decimal; 4],
    /// Standing bands over the rounded score 0–100, inclusive whole numbers.
    pub bands: Vec<Band>,
}

/// Criterion weights in percentage points; they must sum to exactly 100.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Weights {
    pub delivery: Decimal,
    pub outcomes: Decimal,
    pub milestones: Decimal,
    pub timeliness: Decimal,
    pub quality: Decimal,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            delivery: dec!(40),
            outcomes: dec!(20),
            milestones: dec!(15),
            timeliness: dec!(15),
            quality: dec!(10),
        }
    }
}

impl Weights {
    pub fn total(&self) -> Decimal {
        self.delivery + self.outcomes + self.milestones + self.timeliness + self.quality
    }
}

impl Default for ScoringConfig {
    fn default() -> Self {
        let band = |standing, from, to, action| Band {
            standing,
            from,
            to,
            action,
        };
        ScoringConfig {
            weights: Weights::default(),
            decay: dec!(0.8),
            months: 6,
            days_late_for_zero: 30,
            quality_scores: [dec!(100), dec!(75), dec!(40), dec!(0)],
            bands: vec![
                band(Standing::Good, 80, 100, Action::None),
                band(Standing::ApproachingTarget, 70, 79, Action::None),
                band(Standing::RequiresImprovement, 60, 69, Action::Warn),
                band(Standing::Inadequate, 0, 59, Action::Block),
            ],
        }
    }
}

impl ScoringConfig {
    /// Refuses weights not summing to 100, bands with a gap or overlap, or not covering 0–100.
    pub fn validate(&self) -> Result<(), String> {
        let w = &self.weights;
        for (name, v) in [
            ("delivery", w.delivery),
            ("outcomes", w.outcomes),
            ("milestones", w.milestones),
            ("timeliness", w.timeliness),
            ("quality", w.quality),
        ] {
            if v < Decimal::ZERO {
                return Err(format!("scoring.weights.{name} is negative ({v})"));
            }
        }
        if w.total() != dec!(100) {
            return Err(format!(
                "scoring.weights must sum to exactly 100 (they sum to {})",
                w.total().normalize()
            ));
        }
        if self.decay <= Decimal::ZERO || self.decay > Decimal::ONE {
            return Err(format!(
                "scoring.decay must be above 0 and at most 1 (it is {})",
                self.decay
            ));
        }
        if self.months == 0 || self.months > 36 {
            return Err(format!(
                "scoring.months must be between 1 and 36 (it is {})",
                self.months
            ));
        }
        if self.days_late_for_zero == 0 {
            return Err("scoring.days_late_for_zero must be at least 1".into());
        }
        for (i, s) in self.quality_scores.iter().enumerate() {
            if *s < Decimal::ZERO || *s > dec!(100) {
                return Err(format!(
                    "scoring.quality_scores: grade {} scores {s}, outside 0–100",
                    i + 1
                ));
            }
        }
        validate_bands(&self.bands)
    }

    /// The band a whole-number score falls in (validation guarantees exactly one).
    pub fn band_for(&self, rounded: u32) -> Option<&Band> {
        self.bands
            .iter()
            .find(|b| b.from <= rounded && rounded <= b.to)
    }
}

fn validate_bands(bands: &[Band]) -> Result<(), String> {
    if bands.is_empty() {
        return Err("scoring.bands is empty: bands must cover every score from 0 to 100".into());
    }
    let mut sorted: Vec<&Band> = bands.iter().collect();
    sorted.sort_by_key(|b| (b.from, b.to));
    for b in &sorted {
        if b.from > b.to {
            return Err(format!(
                "scoring.bands: the {} band runs from {} down to {}; from must not exceed to",
                b.standing.label(),
                b.from,
                b.to
            ));
        }
    }
    if sorted[0].from != 0 {
        return Err(format!(
            "scoring.bands start at {}, leaving 0–{} without a standing; the lowest band must start at 0",
            sorted[0].from,
            sorted[0].from - 1
        ));
    }
    for pair in sorted.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if b.from <= a.to {
            return Err(format!(
                "scoring.bands overlap: {} ({}–{}) and {} ({}–{})",
                a.standing.label(),
                a.from,
                a.to,
                b.standing.label(),
                b.from,
                b.to
            ));
        }
        if b.from > a.to + 1 {
            return Err(format!(
                "scoring.bands leave a gap: no band covers {}–{} (between {} and {})",
                a.to + 1,
                b.from - 1,
                a.standing.label(),
                b.standing.label()
            ));
        }
    }
    let top = sorted[sorted.len() - 1].to;
    if top != 100 {
        return Err(format!(
            "scoring.bands end at {top}; the highest band must end at exactly 100"
        ));
    }
    Ok(())
}

/// Thresholds for the early-warning rules (see `signals` for what each means).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WarningsConfig {
    /// A return in by this many days after its due date is not yet "late".
    pub late_grace_days: u32,
    /// Returns due within this many months back are checked for lateness and milestones.
    pub recent_months: u32,
    /// Delivery below this percentage of profile …
    pub below_profile_pct: Decimal,
    /// … for this many consecutive months raises the under-delivery signal.
    pub below_profile_months: u32,
    /// Months fitted for the falling-trend slope.
    pub trend_months: u32,
    /// Least-squares slope (percentage points of profile per month) at or below which the
    /// trend signal fires; negative.
    pub trend_slope: Decimal,
    /// Quality grade at or above which (3 or 4) a return's grade is poor.
    pub poor_quality_grade: u8,
    /// Claw-back exposure (paid − earned) above this share of paid, in percent …
    pub exposure_pct: Decimal,
    /// … and above this amount in pounds, raises the spend-ahead-of-delivery signal.
    pub exposure_min: Decimal,
    /// Referrals at or below this percentage of the month's target count as "very low" …
    pub referral_floor_pct: Decimal,
    /// … for this many consecutive months raises the referral-route (bid candy) signal.
    pub referral_months: u32,
    /// Compliance items expiring within this many days are flagged.
    pub compliance_days: u32,
    /// This many months running with no return in (past due) is a severe signal of its own:
    /// delivery cannot be judged at all.
    pub missing_run_months: u32,
}

impl Default for WarningsConfig {
    fn default() -> Self {
        WarningsConfig {
            late_grace_days: 0,
            recent_months: 3,
            below_profile_pct: dec!(75),
            below_profile_months: 3,
            trend_months: 6,
            trend_slope: dec!(-5),
            poor_quality_grade: 3,
            exposure_pct: dec!(15),
            exposure_min: dec!(500),
            referral_floor_pct: dec!(10),
            missing_run_months: 3,
            referral_months: 3,
            compliance_days: 30,
        }
    }
}

impl WarningsConfig {
    pub fn validate(&self) -> Result<(), String> {
        let pct = |name: &str, v: Decimal| {
            if v < Decimal::ZERO || v > dec!(100) {
                Err(format!(
                    "warnings.{name} must be between 0 and 100 (it is {v})"
                ))
            } else {
                Ok(())
            }
        };
        pct("below_profile_pct", self.below_profile_pct)?;
        pct("exposure_pct", self.exposure_pct)?;
        pct("referral_floor_pct", self.referral_floor_pct)?;
        for (name, v) in [
            ("recent_months", self.recent_months),
            ("below_profile_months", self.below_profile_months),
            ("referral_months", self.referral_months),
        ] {
            if v == 0 || v > 36 {
                return Err(format!(
                    "warnings.{name} must be between 1 and 36 (it is {v})"
                ));
            }
        }
        if self.trend_months < 3 || self.trend_months > 36 {
            return Err(format!(
                "warnings.trend_months must be between 3 and 36 (it is {}); a slope needs three points",
                self.trend_months
            ));
        }
        if self.trend_slope >= Decimal::ZERO {
            return Err(format!(
                "warnings.trend_slope must be negative (it is {}): it is the fall per month that raises the signal",
                self.trend_slope
            ));
        }
        if !(1..=4).contains(&self.poor_quality_grade) {
            return Err(format!(
                "warnings.poor_quality_grade must be 1–4 (it is {})",
                self.poor_quality_grade
            ));
        }
        if self.exposure_min < Decimal::ZERO {
            return Err("warnings.exposure_min must not be negative".into());
        }
        Ok(())
    }
}

/// A short digest of everything a cached score depends on, so a changed setting (or a new day)
/// recomputes the cache instead of serving stale judgements.
pub fn fingerprint(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0u8]);
    }
    h.finalize()
        .iter()
        .take(12)
        .map(|b| format!("{b:02x}"))
        .collect()
}
