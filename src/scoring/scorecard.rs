//! The scorecard: each month's return scored 0–100 on five criteria, the weighted period score,
//! and the overall score that weights recent months more. The maths is in `scoring`'s docs.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::settings::ScoringConfig;
use crate::dates::Period;
use crate::domain::MonitoringReturn;

/// One return's criterion scores, each 0–100 (unrounded), and its weighted period score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodScore {
    pub period: Period,
    pub delivery: Decimal,
    pub outcomes: Decimal,
    pub milestones: Decimal,
    pub timeliness: Decimal,
    /// `None` for a submitted return not yet graded: the quality weight is then shared out.
    pub quality: Option<Decimal>,
    /// Weighted sum ÷ weights used, to two decimal places.
    pub score: Decimal,
    /// What the month weighs in the overall score: every criterion's weight for a return that
    /// is in; only timeliness's for one past due and not in (the other criteria are judged on
    /// the returns that are in, not scored zero).
    pub weight: Decimal,
    /// Past due and not in.
    pub missing: bool,
}

/// Achieved ÷ target × 100, capped at 100; nothing asked for scores 100.
pub fn ratio_score(achieved: u32, target: u32) -> Decimal {
    if target == 0 {
        return Decimal::ONE_HUNDRED;
    }
    (Decimal::from(achieved) * Decimal::ONE_HUNDRED / Decimal::from(target))
        .min(Decimal::ONE_HUNDRED)
}

/// On time (or within the due day) 100, falling linearly to 0 at `zero_at` days late.
pub fn timeliness_score(days_late: i64, zero_at: u32) -> Decimal {
    if days_late <= 0 {
        return Decimal::ONE_HUNDRED;
    }
    let zero_at = Decimal::from(zero_at.max(1));
    let left = (zero_at - Decimal::from(days_late)).max(Decimal::ZERO);
    left * Decimal::ONE_HUNDRED / zero_at
}

/// Grade 1–4 to its configured score.
pub fn quality_score(grade: u8, cfg: &ScoringConfig) -> Option<Decimal> {
    match grade {
        1..=4 => Some(cfg.quality_scores[usize::from(grade - 1)]),
        _ => None,
    }
}

/// Scores one return as of `today`. Not scored (`None`): a return not in and not yet due, and
/// a month the referral route starved (no referrals and a shortfall: the route's failure, not
/// the provider's). One past due and not in scores 0 on timeliness, and weighs only as much as
/// timeliness does.
pub fn score_return(
    r: &MonitoringReturn,
    today: NaiveDate,
    cfg: &ScoringConfig,
) -> Option<PeriodScore> {
    let w = &cfg.weights;
    let Some(submitted) = r.submitted else {
        if r.due >= today {
            return None;
        }
        return Some(PeriodScore {
            period: r.period,
            delivery: Decimal::ZERO,
            outcomes: Decimal::ZERO,
            milestones: Decimal::ZERO,
            timeliness: Decimal::ZERO,
            quality: None,
            score: Decimal::ZERO,
            weight: w.timeliness,
            missing: true,
        });
    };
    if crate::domain::clawback::starved(r) {
        return None;
    }
    let delivery = ratio_score(r.units_delivered, r.units_target);
    let outcomes = ratio_score(r.outcomes_achieved, r.outcomes_target);
    let milestones = ratio_score(r.milestones_met, r.milestones_due);
    let timeliness = timeliness_score((submitted - r.due).num_days(), cfg.days_late_for_zero);
    let quality = r.quality_grade.and_then(|g| quality_score(g, cfg));
    let mut sum = w.delivery * delivery
        + w.outcomes * outcomes
        + w.milestones * milestones
        + w.timeliness * timeliness;
    let mut weights = w.delivery + w.outcomes + w.milestones + w.timeliness;
    if let Some(q) = quality {
        sum += w.quality * q;
        weights += w.quality;
    }
    let score = if weights.is_zero() {
        Decimal::ZERO
    } else {
        (sum / weights).round_dp(2)
    };
    Some(PeriodScore {
        period: r.period,
        delivery,
        outcomes,
        milestones,
        timeliness,
        quality,
        score,
        weight: weights
            + if quality.is_none() {
                w.quality
            } else {
                Decimal::ZERO
            },
        missing: false,
    })
}

/// The window's newest month: the last complete month before `today`'s.
pub fn last_complete(today: NaiveDate) -> Period {
    Period::containing(today).prev()
}

/// Σ decayᵏ × weightₖ × scoreₖ ÷ Σ decayᵏ × weightₖ over the scored months in the
/// `months`-month window ending at `newest`, k = months before `newest`, weightₖ what the month
/// weighs (`PeriodScore::weight`); to two places. `None` when no month in it is scored.
pub fn overall(scores: &[PeriodScore], newest: Period, cfg: &ScoringConfig) -> Option<Decimal> {
    let mut num = Decimal::ZERO;
    let mut den = Decimal::ZERO;
    for s in scores {
        let k = s.period.months_until(newest);
        if k < 0 || k >= cfg.months as i32 {
            continue;
        }
        let w = decay_power(cfg.decay, k as u32) * s.weight;
        num += w * s.score;
        den += w;
    }
    if den.is_zero() {
        None
    } else {
        Some((num / den).round_dp(2))
    }
}

fn decay_power(decay: Decimal, k: u32) -> Decimal {
    (0..k).fold(Decimal::ONE, |acc, _| acc * decay)
}
