//! The thresholds the award, suspension, bid and concentration rules apply (`[rules]` in the
//! configuration file), with their defaults and the checks made at start.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde::{Deserialize, Serialize};

use super::enums::ComplianceKind;

/// Thresholds the award, suspension and bid rules apply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Rules {
    /// Largest share of a member's annual income its annual sub-contract value may be (0.5 = 50%).
    pub max_income_share: Decimal,
    /// Months of written notice before a suspension takes effect (the Compact: three).
    pub notice_months: u32,
    /// Top slice above this percentage is flagged.
    pub top_slice_cap_pct: Decimal,
    /// Bid/no-bid score at or above which the advice is "bid".
    pub bid_threshold: u8,
    /// Bid/no-bid score at or above which (and below `bid_threshold`) the advice is "review".
    pub review_threshold: u8,
    /// Compliance items a member must hold, in date on the start day, to be awarded work.
    pub required_compliance: Vec<ComplianceKind>,
    /// Service lines that require other items than `required_compliance`: service line code →
    /// the items it requires instead.
    pub required_compliance_by_service_line: BTreeMap<String, Vec<ComplianceKind>>,
    /// A member holding more than this share of the consortium's active contract value raises a
    /// generated concentration risk (0.25 = 25%).
    pub concentration_share: Decimal,
    /// Members with a smaller annual income are warned against (an overridable award check)
    /// payment by results or hybrid, end-loaded payment: NCVO's supply-chain failure.
    pub results_min_income: Decimal,
    /// A suspension of one of the member's sub-contracts decided within this many months warns
    /// against new awards (an award check passes with a warning), however it ended.
    pub recent_suspension_months: u32,
    /// Bids the hub can write in a fortnight: more decided "bid" with deadlines within a week
    /// either side of one another is warned against (an overridable check).
    pub bids_per_fortnight: u32,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            max_income_share: dec!(0.5),
            notice_months: 3,
            top_slice_cap_pct: dec!(10),
            bid_threshold: 70,
            review_threshold: 50,
            required_compliance: vec![
                ComplianceKind::QualityMark,
                ComplianceKind::PublicLiabilityInsurance,
                ComplianceKind::SafeguardingPolicy,
                ComplianceKind::HealthAndSafety,
                ComplianceKind::Accounts,
                ComplianceKind::SelfAssessmentReport,
            ],
            required_compliance_by_service_line: BTreeMap::new(),
            concentration_share: dec!(0.25),
            results_min_income: dec!(250000),
            recent_suspension_months: 12,
            bids_per_fortnight: 3,
        }
    }
}

impl Rules {
    /// Refuses shares outside (0, 1], a review threshold above the bid threshold, a bid threshold
    /// above 100, a top-slice cap outside 0–100 and a compliance kind named twice.
    pub fn validate(&self) -> Result<(), String> {
        if self.max_income_share <= Decimal::ZERO || self.max_income_share > Decimal::ONE {
            return Err(format!(
                "rules.max_income_share must be above 0 and at most 1 (it is {})",
                self.max_income_share
            ));
        }
        if self.review_threshold > self.bid_threshold || self.bid_threshold > 100 {
            return Err("rules.review_threshold must not exceed rules.bid_threshold, which must be at most 100".into());
        }
        if self.top_slice_cap_pct < Decimal::ZERO || self.top_slice_cap_pct > dec!(100) {
            return Err("rules.top_slice_cap_pct must be between 0 and 100".into());
        }
        if self.concentration_share <= Decimal::ZERO || self.concentration_share > Decimal::ONE {
            return Err(format!(
                "rules.concentration_share must be above 0 and at most 1 (it is {})",
                self.concentration_share
            ));
        }
        if self.results_min_income < Decimal::ZERO {
            return Err("rules.results_min_income must not be negative".into());
        }
        for (i, kind) in self.required_compliance.iter().enumerate() {
            if self.required_compliance[..i].contains(kind) {
                return Err(format!("rules.required_compliance names '{kind}' twice"));
            }
        }
        for (line, kinds) in &self.required_compliance_by_service_line {
            for (i, kind) in kinds.iter().enumerate() {
                if kinds[..i].contains(kind) {
                    return Err(format!(
                        "rules.required_compliance_by_service_line.{line} names '{kind}' twice"
                    ));
                }
            }
        }
        Ok(())
    }

    /// The decision the thresholds recommend for a bid/no-bid score: bid at or above
    /// `bid_threshold`, review at or above `review_threshold`, else no bid.
    pub fn recommend(&self, score: u8) -> super::BidDecision {
        if score >= self.bid_threshold {
            super::BidDecision::Bid
        } else if score >= self.review_threshold {
            super::BidDecision::Review
        } else {
            super::BidDecision::NoBid
        }
    }

    /// The items an award in `service_line` requires: its own list if configured, else the
    /// consortium's.
    pub fn required_for(&self, service_line: &str) -> Vec<ComplianceKind> {
        self.required_compliance_by_service_line
            .get(service_line)
            .unwrap_or(&self.required_compliance)
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(change: impl FnOnce(&mut Rules)) -> Result<(), String> {
        let mut r = Rules::default();
        change(&mut r);
        r.validate()
    }

    #[test]
    fn the_defaults_are_valid_and_require_health_and_safety() {
        let r = Rules::default();
        assert_eq!(r.validate(), Ok(()));
        assert_eq!(r.notice_months, 3);
        assert_eq!(r.required_compliance.len(), 6);
        assert!(
            r.required_compliance
                .contains(&ComplianceKind::HealthAndSafety)
        );
    }

    #[test]
    fn a_service_line_may_require_its_own_items() {
        let mut r = Rules::default();
        r.required_compliance_by_service_line.insert(
            "environment".into(),
            vec![ComplianceKind::PublicLiabilityInsurance],
        );
        assert_eq!(
            r.required_for("environment"),
            [ComplianceKind::PublicLiabilityInsurance]
        );
        assert_eq!(r.required_for("advice"), r.required_compliance);
        r.required_compliance_by_service_line.insert(
            "advice".into(),
            vec![ComplianceKind::Accounts, ComplianceKind::Accounts],
        );
        assert!(
            r.validate()
                .unwrap_err()
                .contains("advice names 'accounts' twice")
        );
    }

    #[test]
    fn shares_may_reach_exactly_one_but_not_zero() {
        assert_eq!(with(|r| r.max_income_share = Decimal::ONE), Ok(()));
        assert_eq!(with(|r| r.concentration_share = Decimal::ONE), Ok(()));
        let zero = with(|r| r.max_income_share = Decimal::ZERO).unwrap_err();
        assert!(zero.contains("max_income_share"), "{zero}");
        let over = with(|r| r.concentration_share = dec!(1.01)).unwrap_err();
        assert!(over.contains("concentration_share"), "{over}");
    }

    #[test]
    fn review_may_equal_bid_and_bid_may_be_exactly_one_hundred() {
        assert_eq!(
            with(|r| {
                r.review_threshold = 100;
                r.bid_threshold = 100;
            }),
            Ok(())
        );
        assert!(with(|r| r.bid_threshold = 101).is_err());
        assert!(with(|r| r.review_threshold = 71).is_err());
    }

    #[test]
    fn the_top_slice_cap_runs_from_zero_to_one_hundred_inclusive() {
        assert_eq!(with(|r| r.top_slice_cap_pct = Decimal::ZERO), Ok(()));
        assert_eq!(with(|r| r.top_slice_cap_pct = dec!(100)), Ok(()));
        assert!(with(|r| r.top_slice_cap_pct = dec!(-0.5)).is_err());
        assert!(with(|r| r.top_slice_cap_pct = dec!(100.5)).is_err());
    }

    #[test]
    fn a_compliance_kind_named_twice_is_refused_and_none_at_all_is_allowed() {
        let twice = with(|r| r.required_compliance.push(ComplianceKind::Accounts)).unwrap_err();
        assert!(twice.contains("'accounts' twice"), "{twice}");
        assert_eq!(with(|r| r.required_compliance.clear()), Ok(()));
    }
}
