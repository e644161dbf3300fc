//! The Knowsley consortium's own risk register, as its business plan scored it — including the
//! four risks it scored at impact 5 on a 1–4 impact scale, kept as written so the product can
//! flag them — with the controls it framed for its three highest risks.

use chrono::{Duration, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::names::OWNERS;
use crate::domain::{EntityKind, Risk, RiskStatus};

/// The scale the Knowsley register was scored on: probability 1–7 × impact 1–4.
pub const KNOWSLEY_SCALE: &str = "knowsley";

/// A register row: title, Charity Commission category, gross probability and impact.
pub struct KnowsleyRisk {
    pub title: &'static str,
    pub category: &'static str,
    pub probability: u8,
    pub impact: u8,
}

const fn risk(
    title: &'static str,
    category: &'static str,
    probability: u8,
    impact: u8,
) -> KnowsleyRisk {
    KnowsleyRisk {
        title,
        category,
        probability,
        impact,
    }
}

/// In the order of the business plan.
pub const KNOWSLEY_REGISTER: &[KnowsleyRisk] = &[
    risk("External competition", "financial", 5, 3),
    risk(
        "Internal competition/conflicts of interest",
        "governance",
        5,
        4,
    ),
    risk("Payment-by-results contracts", "financial", 5, 3),
    risk("Failure to attract seed-corn investment", "financial", 4, 4),
    risk("Governance failure", "governance", 3, 5),
    risk(
        "Lack of clarity from the council on commissioning",
        "service",
        5,
        3,
    ),
    risk("Contract management failure", "service", 3, 5),
    risk("Timescales for readiness", "governance", 4, 5),
    risk("Council outsources commissioning", "service", 1, 3),
    risk("Council commissions in-house", "financial", 2, 5),
    risk("Sub-contractor failure", "service", 5, 3),
    risk(
        "Commissioning practice not consortium-friendly",
        "service",
        5,
        4,
    ),
    risk("Atrophy of the sector", "reputational", 5, 3),
    risk(
        "Unrealistic expectations among members",
        "reputational",
        4,
        2,
    ),
];

/// The controls the working group framed for its three highest risks, in its own words, and the
/// net (residual) probability and impact they judged.
struct Controls {
    title: &'static str,
    preventative: &'static str,
    curative: &'static str,
    net: (u8, u8),
}

const CONTROLS: &[Controls] = &[
    Controls {
        title: "Internal competition/conflicts of interest",
        preventative: "Maintain good communication through regular meetings/discussions; \
                       Agree a set of clear and transparent values that all parties sign up to; \
                       Organisational buy-in and adoption; Transparent processes; \
                       Collaboration agreement/conflicts of interest policy; Robust structure/protocol; \
                       Joint Delivery Planning and Internal Tendering systems",
        curative: "Sanctions",
        net: (3, 3),
    },
    Controls {
        title: "Timescales for readiness",
        preventative: "Discuss with commissioners and make them aware of development timeline; \
                       Determine clear milestones; Build confidence",
        curative: "Respond to early opportunities via a lead body arrangement; Establish/prioritise",
        net: (2, 3),
    },
    Controls {
        title: "Commissioning practice not consortium-friendly",
        preventative: "Continued meetings with commissioners and procurement; \
                       Two way training – commissioners/sector; Constructive feedback – post contract award",
        curative: "Right to Challenge",
        net: (3, 3),
    },
];

/// The fourteen risks, concerning the consortium itself. Two reviews are overdue.
pub fn knowsley_register(rng: &mut ChaCha8Rng, today: NaiveDate) -> Vec<Risk> {
    let overdue = [4usize, 10];
    KNOWSLEY_REGISTER
        .iter()
        .enumerate()
        .map(|(i, k)| {
            let controls = CONTROLS.iter().find(|c| c.title == k.title);
            let review_date = if overdue.contains(&i) {
                today - Duration::days(rng.random_range(8..50))
            } else {
                today + Duration::days(rng.random_range(14..180))
            };
            Risk {
                code: format!("R-{:03}", i + 1),
                title: k.title.to_string(),
                category: k.category.to_string(),
                owner: OWNERS[i % OWNERS.len()].to_string(),
                scale: KNOWSLEY_SCALE.to_string(),
                gross_probability: k.probability,
                gross_impact: k.impact,
                preventative_controls: controls
                    .map(|c| c.preventative.to_string())
                    .unwrap_or_default(),
                curative_controls: controls.map(|c| c.curative.to_string()).unwrap_or_default(),
                net_probability: controls.map(|c| c.net.0),
                net_impact: controls.map(|c| c.net.1),
                review_date,
                status: RiskStatus::Open,
                entity_kind: EntityKind::Consortium,
                entity_code: None,
                generated_by: None,
            }
        })
        .collect()
}
