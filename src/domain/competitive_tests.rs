//! Worked examples for competitive sub-tendering, each figure computed by hand in the comments.

use super::*;
use rust_decimal_macros::dec;

fn bid(bidder: &str, price: Decimal) -> Bid {
    Bid {
        bidder: bidder.into(),
        price,
        units_per_month: 10,
    }
}

/// One panel member's four scores for a bidder, in the default criteria's order
/// (delivery plan 40, capacity 30, price 20, social value 10).
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

fn conflict(panel: &str, bidder: &str) -> DeclaredConflict {
    DeclaredConflict {
        panel_member: panel.into(),
        bidder: bidder.into(),
        reason: format!("{panel} is a trustee of {bidder}"),
    }
}

/// The worked example. Weighted total of a sheet = Σ weight × score / 10 (0–100).
///
/// KN01 (£50,000): Ann 8,7,6,5 → (320+210+120+50)/10 = 70; Bob 6,6,6,6 → 60; Cat 7,7,7,7 → 70.
///   Mean (70+60+70)/3 = 66.666… → 66.67.
/// KN02 (£48,000): Ann 7,7,7,7 → 70; Bob 10,10,10,10 → 100 but Bob works for KN02, so excluded;
///   Cat 6,6,6,6 → 60. Mean (70+60)/2 = 65.00. (Counting Bob it would be 230/3 = 76.67 and win.)
/// KN03 (£50,000): Ann 9,6,5,5 → (360+180+100+50)/10 = 69; Bob 7,6,6,6 → (280+180+120+60)/10 =
///   64; Cat 7,7,7,6 → (280+210+140+60)/10 = 69. Mean 202/3 = 67.333… → 67.33.
/// Ranking: KN03 67.33, KN01 66.67, KN02 65.00.
fn worked_example() -> (Vec<Bid>, Vec<PanelScore>, Vec<DeclaredConflict>) {
    let bids = vec![
        bid("KN01", dec!(50000)),
        bid("KN02", dec!(48000)),
        bid("KN03", dec!(50000)),
    ];
    let scores = [
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
    .concat();
    (bids, scores, vec![conflict("Bob", "KN02")])
}

#[test]
fn a_conflicted_panel_members_scores_are_excluded_and_change_the_winner() {
    let (bids, scores, conflicts) = worked_example();
    let r = rank(&default_criteria(), &bids, &scores, &conflicts, 2).unwrap();
    let order: Vec<(&str, Decimal)> = r
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
    let kn02 = &r.standings[2];
    assert_eq!(kn02.excluded, vec!["Bob".to_string()]);
    assert_eq!(kn02.counted, vec!["Ann".to_string(), "Cat".to_string()]);
    assert_eq!(kn02.panel_totals, vec![dec!(70), dec!(60)]);
    assert_eq!(r.winner().bidder, "KN03");
    assert_eq!(r.winner().rank, 1);
    assert!(r.ties.is_empty());
    // Without the declaration Bob's 100 counts and KN02 wins with 230/3 = 76.67.
    let open = rank(&default_criteria(), &bids, &scores, &[], 2).unwrap();
    assert_eq!(open.winner().bidder, "KN02");
    assert_eq!(open.winner().score, dec!(76.67));
}

#[test]
fn an_exact_tie_goes_to_the_lower_price_then_the_lower_code() {
    // KN05: Ann 7s → 70, Bob excluded, Cat 6s → 60: 130/2 = 65 exactly, over two panel members.
    // KN04: Ann 7s → 70, Bob 6s → 60, Cat 8,6,5,5 → (320+180+100+50)/10 = 65: 195/3 = 65
    // exactly, over three. Equal as fractions, so the tie-breaks decide.
    let criteria = default_criteria();
    let scores = [
        sheet("Ann", "KN05", [7, 7, 7, 7]),
        sheet("Bob", "KN05", [9, 9, 9, 9]),
        sheet("Cat", "KN05", [6, 6, 6, 6]),
        sheet("Ann", "KN04", [7, 7, 7, 7]),
        sheet("Bob", "KN04", [6, 6, 6, 6]),
        sheet("Cat", "KN04", [8, 6, 5, 5]),
    ]
    .concat();
    let conflicts = [conflict("Bob", "KN05")];
    // KN05 is cheaper: it wins the tie although its code sorts later.
    let bids = [bid("KN04", dec!(30000)), bid("KN05", dec!(29999.99))];
    let r = rank(&criteria, &bids, &scores, &conflicts, 2).unwrap();
    assert_eq!(r.standings[0].bidder, "KN05");
    assert_eq!(r.standings[0].score, r.standings[1].score);
    assert_eq!(r.ties.len(), 1);
    assert!(r.ties[0].contains("lower price"), "{:?}", r.ties);
    // Same price: the lower code wins.
    let same = [bid("KN05", dec!(30000)), bid("KN04", dec!(30000))];
    let r = rank(&criteria, &same, &scores, &conflicts, 2).unwrap();
    assert_eq!(r.standings[0].bidder, "KN04");
    assert!(r.ties[0].contains("lower member code"), "{:?}", r.ties);
}

#[test]
fn a_higher_score_wins_whatever_the_price() {
    // KN01: (70 + 60 + 70)/3 = 66.666…; KN02: (67 + 67)/2 = 67. KN02 wins though dearer.
    let criteria = default_criteria();
    let scores = [
        sheet("Ann", "KN01", [7, 7, 7, 7]),
        sheet("Bob", "KN01", [6, 6, 6, 6]),
        sheet("Cat", "KN01", [7, 7, 7, 7]),
        // (280+210+120+60)/10 = 67 twice.
        sheet("Ann", "KN02", [7, 7, 6, 6]),
        sheet("Cat", "KN02", [7, 7, 6, 6]),
    ]
    .concat();
    let bids = [bid("KN01", dec!(1)), bid("KN02", dec!(2))];
    let r = rank(&criteria, &bids, &scores, &[], 2).unwrap();
    assert_eq!(
        r.winner().bidder,
        "KN02",
        "67 beats 66.67 despite the price"
    );
    assert!(r.ties.is_empty());
}

#[test]
fn exclusions_leaving_too_small_a_panel_are_refused() {
    let (bids, scores, mut conflicts) = worked_example();
    conflicts.push(conflict("Ann", "KN02"));
    let e = rank(&default_criteria(), &bids, &scores, &conflicts, 2).unwrap_err();
    assert!(e.contains("KN02 was scored by 1 panel member"), "{e}");
    assert!(e.contains("(2 excluded)"), "{e}");
    // With a minimum of one the same panel may rank.
    assert!(rank(&default_criteria(), &bids, &scores, &conflicts, 1).is_ok());
}

#[test]
fn incomplete_unknown_and_out_of_scale_scores_are_refused() {
    let (bids, mut scores, conflicts) = worked_example();
    let c = default_criteria();
    let mut bad = scores.clone();
    bad.retain(|s| !(s.panel_member == "Ann" && s.bidder == "KN01" && s.criterion == "price"));
    let e = rank(&c, &bids, &bad, &conflicts, 2).unwrap_err();
    assert!(e.contains("Ann did not score KN01 on price"), "{e}");
    let mut eleven = scores.clone();
    eleven[0].score = 11;
    assert!(
        rank(&c, &bids, &eleven, &conflicts, 2)
            .unwrap_err()
            .contains("0 to 10")
    );
    // Exactly 10 is on the scale.
    eleven[0].score = 10;
    assert!(rank(&c, &bids, &eleven, &conflicts, 2).is_ok());
    scores.push(sheet("Ann", "KN09", [1, 1, 1, 1]).remove(0));
    assert!(
        rank(&c, &bids, &scores, &conflicts, 2)
            .unwrap_err()
            .contains("KN09, who has not bid")
    );
    assert!(rank(&c, &[], &[], &[], 1).unwrap_err().contains("no bids"));
}

#[test]
fn criteria_weights_must_sum_to_exactly_one_hundred() {
    let mut c = default_criteria();
    assert!(validate_criteria(&c).is_ok());
    c[0].weight = 39;
    assert!(validate_criteria(&c).unwrap_err().contains("sum to 99"));
    c[0].weight = 41;
    assert!(validate_criteria(&c).unwrap_err().contains("sum to 101"));
    c[0].weight = 40;
    c[1].code = "delivery_plan".into();
    assert!(validate_criteria(&c).unwrap_err().contains("twice"));
    assert!(validate_criteria(&[]).is_err());
}
