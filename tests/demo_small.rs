//! The small demo consortium: deterministic, with the Knowsley working group, every stage of
//! the pipeline, about 150 sub-contracts, the Knowsley risk register and one audit row.

mod demo_support;

use std::collections::BTreeMap;

use demo_support::{build, dump, today};
use hubboard::clock::Clock;
use hubboard::demo::{self, DemoOptions, KNOWSLEY_SCALE, Size};
use hubboard::domain::{BidDecision, OpportunityKind, Stage, SubContractStatus, Tier};
use hubboard::store::audit::{self, Verdict};
use hubboard::store::{members, opportunities, risks, subcontracts};
use rust_decimal::Decimal;

#[test]
fn the_same_seed_and_date_give_identical_tables() {
    let a = dump(&build(1));
    let b = dump(&build(1));
    assert!(
        a.len() > 2_000,
        "a small demo has thousands of rows, got {}",
        a.len()
    );
    assert_eq!(a, b);
}

#[test]
fn a_different_seed_gives_a_different_consortium() {
    assert_ne!(dump(&build(1)), dump(&build(2)));
}

#[test]
fn the_knowsley_working_group_are_members_by_their_exact_names() {
    let store = build(1);
    let all = members::load_members(store.conn()).unwrap();
    for name in [
        "Citizens Advice Bureau",
        "Platform 51",
        "Huyton Advice Centre",
        "National Wildflower Centre",
        "Home-Start Knowsley",
        "Age UK Knowsley & West Mersey",
        "Knowsley Disability Concern",
        "Halewood Youth in Community Centre",
        "Listening Ear (Merseyside)",
        "ELECT",
        "KUC",
        "Knowsley CVS",
        "Barnardos",
    ] {
        assert_eq!(all.iter().filter(|m| m.name == name).count(), 1, "{name}");
    }
    assert!(
        (45..=55).contains(&all.len()),
        "about 50 members, got {}",
        all.len()
    );
    let associates = all.iter().filter(|m| m.tier == Tier::Associate).count();
    assert!(
        (1..=8).contains(&associates),
        "a few associates, got {associates}"
    );
    for m in &all {
        assert!(
            m.registered_number.starts_with("GB-CHC-")
                || m.registered_number.starts_with("GB-COH-"),
            "{}: {}",
            m.code,
            m.registered_number
        );
    }
    let band = |lo: i64, hi: i64| {
        all.iter()
            .filter(|m| m.annual_income >= Decimal::from(lo) && m.annual_income < Decimal::from(hi))
            .count()
    };
    assert!(band(0, 100_000) > 0 && band(100_000, 1_000_000) > 0 && band(1_000_000, i64::MAX) > 0);
}

#[test]
fn members_fall_into_six_clusters() {
    let store = build(1);
    let mut clusters: Vec<String> = members::load_members(store.conn())
        .unwrap()
        .into_iter()
        .flat_map(|m| m.clusters)
        .collect();
    clusters.sort();
    clusters.dedup();
    assert_eq!(clusters.len(), 6, "{clusters:?}");
}

#[test]
fn compliance_is_mostly_in_date_with_a_few_expired_and_a_few_expiring() {
    let store = build(1);
    let items = members::load_compliance(store.conn(), None).unwrap();
    let t = today();
    let expired = items.iter().filter(|c| c.valid_until < t).count();
    let soon = items
        .iter()
        .filter(|c| c.valid_until >= t && c.valid_until <= t + chrono::Duration::days(30))
        .count();
    assert!((1..=8).contains(&expired), "expired {expired}");
    assert!((1..=12).contains(&soon), "expiring within 30 days {soon}");
    assert!(items.len() - expired - soon > items.len() * 9 / 10);
}

#[test]
fn thirty_opportunities_cover_every_stage_and_kind() {
    let store = build(1);
    let opps = opportunities::load_opportunities(store.conn()).unwrap();
    assert_eq!(opps.len(), 30);
    for stage in Stage::ALL {
        assert!(
            opps.iter().any(|o| o.stage == *stage),
            "no opportunity at {stage}"
        );
    }
    for kind in OpportunityKind::ALL {
        assert!(
            opps.iter().any(|o| o.kind == *kind),
            "no opportunity of kind {kind}"
        );
    }
    // At least three open deadlines fall in the same Monday-to-Sunday week.
    let mut weeks: BTreeMap<chrono::IsoWeek, usize> = BTreeMap::new();
    for o in opps
        .iter()
        .filter(|o| o.stage.is_open() && o.deadline >= today())
    {
        *weeks
            .entry(chrono::Datelike::iso_week(&o.deadline))
            .or_default() += 1;
    }
    assert!(weeks.values().any(|n| *n >= 3), "{weeks:?}");
}

#[test]
fn bid_decisions_follow_the_thresholds_and_give_a_reason() {
    let store = build(1);
    let opps = opportunities::load_opportunities(store.conn()).unwrap();
    let mut scored = 0;
    for o in &opps {
        let Some(score) = o.bid_score else {
            assert!(o.decision.is_none(), "{} decided without a score", o.code);
            continue;
        };
        scored += 1;
        let expected = match score {
            70.. => BidDecision::Bid,
            50..=69 => BidDecision::Review,
            _ => BidDecision::NoBid,
        };
        assert_eq!(o.decision, Some(expected), "{} scored {score}", o.code);
        assert!(
            o.decision_reason.as_deref().is_some_and(|r| !r.is_empty()),
            "{}",
            o.code
        );
        if o.stage == Stage::NoBid {
            assert_eq!(o.decision, Some(BidDecision::NoBid), "{}", o.code);
        }
    }
    assert!(scored >= 25);
    for o in opps.iter().filter(|o| o.stage == Stage::Won) {
        assert!(
            o.award_route.is_some(),
            "{} won without an award route",
            o.code
        );
    }
    let above_cap = opps
        .iter()
        .filter(|o| o.top_slice_pct > Decimal::from(10))
        .count();
    assert_eq!(above_cap, 1);
    assert!(opps.iter().all(|o| o.top_slice_pct >= Decimal::from(5)));
}

#[test]
fn about_150_subcontracts_only_on_won_opportunities_and_full_members() {
    let store = build(1);
    let subs = subcontracts::load_subcontracts(store.conn()).unwrap();
    assert!((140..=160).contains(&subs.len()), "got {}", subs.len());
    let opps = opportunities::load_opportunities(store.conn()).unwrap();
    let all = members::load_members(store.conn()).unwrap();
    for s in &subs {
        let o = opps.iter().find(|o| o.code == s.opportunity).unwrap();
        assert_eq!(
            o.stage,
            Stage::Won,
            "{} is on {} at {}",
            s.code,
            o.code,
            o.stage
        );
        let m = all.iter().find(|m| m.code == s.member).unwrap();
        assert_eq!(m.tier, Tier::Full, "associate {} holds {}", m.code, s.code);
    }
    let count = |st: SubContractStatus| subs.iter().filter(|s| s.status == st).count();
    assert!(count(SubContractStatus::Active) > subs.len() / 2);
    assert!(count(SubContractStatus::Completed) > 0);
    assert!((1..=2).contains(&count(SubContractStatus::Proposed)));
    assert_eq!(count(SubContractStatus::Suspended), 1);
    // Each running contract's sub-contracts share out exactly its value after the top slice, at
    // one unit rate; a contract not started yet has only part of it let, leaving work to award.
    for o in opps.iter().filter(|o| o.stage == Stage::Won) {
        let mine: Vec<_> = subs.iter().filter(|s| s.opportunity == o.code).collect();
        let total: Decimal = mine.iter().map(|s| s.value).sum();
        let rates: std::collections::BTreeSet<_> = mine.iter().map(|s| s.unit_rate).collect();
        assert_eq!(rates.len(), 1, "{}: one rate for every share", o.code);
        if mine.iter().all(|s| s.status == SubContractStatus::Proposed) {
            assert!(total < o.net_value(), "{}", o.code);
        } else {
            assert_eq!(total, o.net_value(), "{}", o.code);
        }
    }
}

#[test]
fn the_knowsley_register_is_as_the_business_plan_scored_it() {
    let store = build(1);
    let register = risks::load_risks(store.conn()).unwrap();
    let expected: [(&str, u8, u8); 14] = [
        ("External competition", 5, 3),
        ("Internal competition/conflicts of interest", 5, 4),
        ("Payment-by-results contracts", 5, 3),
        ("Failure to attract seed-corn investment", 4, 4),
        ("Governance failure", 3, 5),
        ("Lack of clarity from the council on commissioning", 5, 3),
        ("Contract management failure", 3, 5),
        ("Timescales for readiness", 4, 5),
        ("Council outsources commissioning", 1, 3),
        ("Council commissions in-house", 2, 5),
        ("Sub-contractor failure", 5, 3),
        ("Commissioning practice not consortium-friendly", 5, 4),
        ("Atrophy of the sector", 5, 3),
        ("Unrealistic expectations among members", 4, 2),
    ];
    assert_eq!(register.len(), 14);
    for (risk, (title, p, i)) in register.iter().zip(expected) {
        assert_eq!(
            (
                risk.title.as_str(),
                risk.gross_probability,
                risk.gross_impact
            ),
            (title, p, i)
        );
        assert_eq!(risk.scale, KNOWSLEY_SCALE);
        assert!(
            ["financial", "governance", "service", "reputational"]
                .contains(&risk.category.as_str())
        );
        assert_eq!(risk.entity_kind, hubboard::domain::EntityKind::Consortium);
    }
    assert_eq!(
        register.iter().filter(|r| r.gross_impact == 5).count(),
        4,
        "impact 5 kept, not clipped"
    );
    let net: Vec<(&str, Option<u32>)> = register
        .iter()
        .filter(|r| r.net_probability.is_some())
        .map(|r| (r.title.as_str(), r.net_score()))
        .collect();
    assert_eq!(
        net,
        vec![
            ("Internal competition/conflicts of interest", Some(9)),
            ("Timescales for readiness", Some(6)),
            ("Commissioning practice not consortium-friendly", Some(9)),
        ]
    );
    let overdue = register.iter().filter(|r| r.review_date < today()).count();
    assert!((1..=3).contains(&overdue), "{overdue} overdue reviews");
    let sanctions = register
        .iter()
        .find(|r| r.title.starts_with("Internal"))
        .unwrap();
    assert_eq!(sanctions.curative_controls, "Sanctions");
}

#[test]
fn one_audit_row_records_the_demo_and_the_chain_is_intact() {
    let store = build(7);
    let rows = audit::list(store.conn(), None).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].action.as_str(), rows[0].entity.as_str()),
        ("demo", "database")
    );
    let after: serde_json::Value =
        serde_json::from_str(rows[0].after_json.as_deref().unwrap()).unwrap();
    assert_eq!(after["seed"], 7);
    let subs = subcontracts::load_subcontracts(store.conn()).unwrap().len();
    assert_eq!(after["subcontracts"], subs);
    assert_eq!(
        audit::verify(store.conn()).unwrap(),
        Verdict::Intact { rows: 1 }
    );
}

#[test]
fn a_store_that_already_holds_a_consortium_is_refused() {
    let mut store = build(1);
    let before = dump(&store);
    let opts = DemoOptions {
        size: Size::Small,
        seed: 1,
        today: today(),
    };
    let err =
        demo::generate(&mut store, &opts, &Clock::fixed(today()), "t", &mut |_| {}).unwrap_err();
    assert_eq!(err.exit_code(), 1, "{err}");
    assert_eq!(dump(&store), before);
}
