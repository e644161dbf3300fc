//! Joint delivery planning: an opportunity's net value (after the hub's top slice) shared across
//! the chosen members in proportion to their headroom, exact to the penny.

use rust_decimal::Decimal;
use serde::Serialize;

use super::Opportunity;
use super::allocation::split_pro_rata;

/// One member's share of a jointly delivered contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Share {
    pub member: String,
    pub headroom: u32,
    pub value: Decimal,
}

/// Splits `opportunity`'s net value across `headroom` (member code, free units per month). The
/// shares sum exactly to the net value. `None` when no member has any headroom.
pub fn joint_delivery_shares(
    opportunity: &Opportunity,
    headroom: &[(String, u32)],
) -> Option<Vec<Share>> {
    let weights: Vec<u64> = headroom.iter().map(|(_, h)| u64::from(*h)).collect();
    let parts = split_pro_rata(opportunity.net_value(), &weights)?;
    Some(
        headroom
            .iter()
            .zip(parts)
            .map(|((member, h), value)| Share {
                member: member.clone(),
                headroom: *h,
                value,
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{OpportunityKind, PaymentModel, Stage};
    use chrono::NaiveDate;
    use rust_decimal_macros::dec;

    fn opportunity(value: Decimal, top_slice_pct: Decimal) -> Opportunity {
        Opportunity {
            code: "OP1".into(),
            title: "Advice".into(),
            commissioner: "KMBC".into(),
            service_line: "advice".into(),
            kind: OpportunityKind::Tender,
            stage: Stage::Won,
            deadline: NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(),
            value,
            duration_months: 12,
            payment_model: PaymentModel::Block,
            top_slice_pct,
            bid_score: None,
            decision: None,
            decision_reason: None,
            award_route: None,
            row_version: 1,
        }
    }

    #[test]
    fn net_value_follows_headroom_and_sums_to_the_whole() {
        // £100,000 less a 7.5% top slice = £92,500 over headroom 10, 20, 0, 3.
        let o = opportunity(dec!(100000), dec!(7.5));
        let h = [
            ("A".to_string(), 10),
            ("B".to_string(), 20),
            ("C".to_string(), 0),
            ("D".to_string(), 3),
        ];
        let shares = joint_delivery_shares(&o, &h).unwrap();
        let values: Vec<Decimal> = shares.iter().map(|s| s.value).collect();
        // 92,500 × 10/33 = 28,030.303…, × 20/33 = 56,060.606…, × 3/33 = 8,409.0909…
        assert_eq!(
            values,
            vec![dec!(28030.30), dec!(56060.61), dec!(0), dec!(8409.09)]
        );
        assert_eq!(values.iter().sum::<Decimal>(), o.net_value());
    }

    #[test]
    fn no_headroom_anywhere_means_no_plan() {
        let o = opportunity(dec!(1000), dec!(5));
        assert!(joint_delivery_shares(&o, &[("A".to_string(), 0)]).is_none());
        assert!(joint_delivery_shares(&o, &[]).is_none());
    }
}
