//! Competitive sub-tendering through the library: the panel's ranking with a conflicted panel
//! member excluded, a tie settled by price, and the winner awarded in one transaction whose
//! audit row carries the scores, the exclusions and the ranking.

mod ops_support;

use hubboard::HubError;
use hubboard::domain::Tier;
use hubboard::domain::competitive::{Bid, DeclaredConflict, PanelScore, default_criteria};
use hubboard::ops::competitive::{
    CompetitiveAward, CompetitiveAwardOutcome, CompetitiveAwardRequest,
};
use hubboard::ops::{Committed, Planned, Why};
use hubboard::store::members;
use ops_support::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn bid(bidder: &str, price: Decimal, units: u32) -> Bid {
    Bid {
        bidder: bidder.into(),
        price,
        units_per_month: units,
    }
}

/// A panel member's scores for a bidder: delivery plan (40), capacity (30), price (20), social
/// value (10).
fn sheet(panel: &str, bidder: &str, s: [u8; 4]) -> Vec<PanelScore> {
    default_criteria()
        .iter()
        .zip(s)
        .map(|(c, score)| PanelScore {
            panel_member: panel.into(),
            bidder: bidder.into(),
            criterion: c.code.clone(),
            score,
        })
        .collect()
}

/// The worked example (see `domain::competitive`'s tests for every figure):
/// KN01 (£50,000): Ann 70, Bob 60, Cat 70 → 66.67.
/// KN02 (£48,000): Ann 70, Bob 100 (excluded: Bob is employed by KN02), Cat 60 → 65.00.
/// KN03 (£50,000): Ann 69, Bob 64, Cat 69 → 67.33, the winner.
fn request() -> CompetitiveAwardRequest {
    CompetitiveAwardRequest {
        opportunity: WON.into(),
        bids: vec![
            bid("KN01", dec!(50000), 20),
            bid("KN02", dec!(48000), 20),
            bid("KN03", dec!(50000), 25),
        ],
        scores: [
            sheet("Ann", "KN01", [8, 7, 6, 5]),
            sheet("Bob", "KN01", [6, 6, 6, 6]),
            sheet("Cat", "KN01", [7, 7, 7, 7]),
            sheet("Ann", "KN02", [7, 7, 7, 7]),
            sheet("Bob", "KN02", [10, 10, 10, 10]),
            sheet("Cat", "KN02", [6, 6, 6, 6]),
            sheet("Ann", "KN03", [9, 6, 5, 5]),
            sheet("Bob", "KN03", [7, 6, 6, 6]),
            sheet("Cat", "KN03", [7, 7, 7, 6]),
        ]
        .concat(),
        conflicts: vec![DeclaredConflict {
            panel_member: "Bob".into(),
            bidder: "KN02".into(),
            reason: "employed by KN02".into(),
        }],
        start: d("2026-12-01"),
        end: d("2027-11-30"),
        payment_model: None,
        code: None,
    }
}

const REASON: &str = "Board decision of 3 Dec on the appraisal panel's scores";

fn hub() -> Hub {
    let hub = Hub::new();
    for m in ["KN01", "KN02", "KN03"] {
        hub.member_with(m, Tier::Full, dec!(150000), 50, "2028-03-31");
    }
    hub
}

/// Plans under the default competitive settings (the hub's configuration).
fn plan(
    hub: &mut Hub,
    req: CompetitiveAwardRequest,
) -> hubboard::Result<Planned<CompetitiveAward>> {
    hub.plan::<CompetitiveAward>(&req)
}

fn commit(
    hub: &mut Hub,
    p: &Planned<CompetitiveAward>,
    why: &Why,
) -> hubboard::Result<Committed<CompetitiveAwardOutcome>> {
    hub.commit(p, why)
}

fn field_error(e: hubboard::Result<Planned<CompetitiveAward>>) -> (String, String) {
    match e {
        Err(HubError::Field(f)) => (f.field.to_string(), f.problem.to_string()),
        other => panic!("expected a field error, got {:?}", other.map(|p| p.sheet)),
    }
}

#[test]
fn the_highest_ranked_bidder_is_awarded_with_the_panel_record_in_the_audit_row() {
    let mut hub = hub();
    let p = plan(&mut hub, request()).unwrap();
    let order: Vec<(&str, Decimal)> = p
        .plan
        .ranking
        .standings
        .iter()
        .map(|s| (s.bidder.as_str(), s.score))
        .collect();
    assert_eq!(
        order,
        vec![
            ("KN03", dec!(67.33)),
            ("KN01", dec!(66.67)),
            ("KN02", dec!(65.00))
        ]
    );
    assert_eq!(
        p.plan.ranking.standings[2].excluded,
        vec!["Bob".to_string()]
    );
    assert!(p.sheet.failed().is_empty(), "{:?}", p.sheet.failed());
    let done = commit(&mut hub, &p, &why(REASON)).unwrap();
    let sub = hub.subcontract(&done.outcome.subcontract.code);
    assert_eq!(
        (sub.member.as_str(), sub.value, sub.units_per_month),
        ("KN03", dec!(50000), 25)
    );
    assert_eq!(hub.member_version("KN03"), 2);
    assert_eq!(
        hub.member_version("KN02"),
        1,
        "losing bidders are untouched"
    );
    let rows = hub.audit_rows();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].action, "award");
    let after: serde_json::Value =
        serde_json::from_str(rows[0].after_json.as_deref().unwrap()).unwrap();
    let c = &after["competition"];
    assert_eq!(
        c["scores"].as_array().unwrap().len(),
        36,
        "every score, excluded ones too"
    );
    assert_eq!(c["conflicts"][0]["reason"], "employed by KN02");
    assert_eq!(c["ranking"]["standings"][0]["bidder"], "KN03");
    assert_eq!(c["ranking"]["standings"][2]["excluded"][0], "Bob");
    assert_eq!(c["criteria"][0]["weight"], 40);
    hub.assert_audit_intact();
}

#[test]
fn a_tie_goes_to_the_lower_price() {
    let mut hub = hub();
    let mut req = request();
    // KN01 scored exactly as KN03 (67.33) and £0.01 cheaper.
    req.scores.retain(|s| s.bidder != "KN01");
    req.scores.extend(
        [
            sheet("Ann", "KN01", [9, 6, 5, 5]),
            sheet("Bob", "KN01", [7, 6, 6, 6]),
            sheet("Cat", "KN01", [7, 7, 7, 6]),
        ]
        .concat(),
    );
    req.bids[0].price = dec!(49999.99);
    let p = plan(&mut hub, req).unwrap();
    assert_eq!(p.plan.ranking.winner().bidder, "KN01");
    assert_eq!(p.plan.ranking.standings[1].bidder, "KN03");
    assert_eq!(p.plan.ranking.ties.len(), 1, "{:?}", p.plan.ranking.ties);
    assert_eq!(p.plan.subcontract.member, "KN01");
    assert_eq!(p.plan.subcontract.value, dec!(49999.99));
}

#[test]
fn a_winner_failing_a_check_is_refused_unless_overridden_and_writes_nothing() {
    let mut hub = Hub::new();
    hub.member_with("KN01", Tier::Full, dec!(150000), 50, "2028-03-31")
        .member_with("KN02", Tier::Full, dec!(150000), 50, "2028-03-31")
        // KN03 wins but has only 10 units a month free for a 25-unit bid.
        .member_with("KN03", Tier::Full, dec!(150000), 10, "2028-03-31");
    let p = plan(&mut hub, request()).unwrap();
    assert!(!p.sheet.failed().is_empty());
    let e = assert_unchanged(&mut hub, |h| commit(h, &p, &why(REASON)));
    assert!(
        matches!(&e, HubError::Refused(m) if m.contains("capacity headroom")),
        "{e}"
    );
    let p = plan(&mut hub, request()).unwrap();
    let done = commit(
        &mut hub,
        &p,
        &overriding(REASON, "KN03 recruits two advisers in January"),
    )
    .unwrap();
    assert!(done.overridden);
    assert!(
        hub.audit_rows()[0]
            .reason
            .as_deref()
            .unwrap()
            .contains("[override: KN03 recruits")
    );
    hub.assert_audit_intact();
}

#[test]
fn a_stale_winner_is_a_conflict_and_bad_panels_are_refused_unchanged() {
    let mut hub = hub();
    let p = plan(&mut hub, request()).unwrap();
    members::touch_member(hub.conn(), "KN03").unwrap();
    let e = assert_unchanged(&mut hub, |h| commit(h, &p, &why(REASON)));
    assert!(
        matches!(&e, HubError::Conflict(c) if c.changes.iter().any(|l| l == "facts.member.row_version: 1 → 2")),
        "{e}"
    );
    // Excluding Ann as well leaves KN02 one panel member, below the default minimum of two.
    let mut thin = request();
    thin.conflicts.push(DeclaredConflict {
        panel_member: "Ann".into(),
        bidder: "KN02".into(),
        reason: "former trustee".into(),
    });
    let (field, problem) = field_error(plan(&mut hub, thin));
    assert_eq!(field, "panel");
    assert!(
        problem.contains("KN02 was scored by 1 panel member"),
        "{problem}"
    );
    let mut unknown = request();
    unknown.bids.push(bid("KN99", dec!(1000), 1));
    assert!(matches!(plan(&mut hub, unknown), Err(HubError::NotFound(m)) if m.contains("KN99")));
    let mut silent = request();
    silent.conflicts[0].reason = " ".into();
    let (field, problem) = field_error(plan(&mut hub, silent));
    assert_eq!(field, "conflicts");
    assert!(problem.contains("no reason"), "{problem}");
    assert!(hub.audit_rows().is_empty());
}

#[test]
fn a_bidder_on_its_own_appraisal_panel_is_refused_whatever_the_override() {
    let mut hub = hub();
    let mut req = request();
    // One bidder also sits on the panel and scores itself 10 on every criterion.
    let bidder = req.bids[0].bidder.clone();
    for c in default_criteria() {
        req.scores.push(PanelScore {
            panel_member: bidder.clone(),
            bidder: bidder.clone(),
            criterion: c.code.clone(),
            score: 10,
        });
    }
    let e = assert_unchanged(&mut hub, |h| {
        h.decide::<CompetitiveAward>(&req, &overriding("Board decision", "Board minute 9"))
    });
    assert_eq!(e.exit_code(), 1, "{e}");
    assert!(
        e.to_string().contains("non-tendering") && e.to_string().contains(&bidder),
        "{e}"
    );
}
