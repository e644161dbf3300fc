//! The scorecard criteria at and around their thresholds, the weighted period score, the decayed
//! overall score, the standing bands and their validation, and a member's standing.

mod scoring_support;

use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use hubboard::config::Config;
use hubboard::scoring::scorecard::{
    PeriodScore, overall, quality_score, ratio_score, score_return, timeliness_score,
};
use hubboard::scoring::standing::{ContractStanding, MemberStanding, rate, round_for_band};
use hubboard::scoring::{Action, ScoringConfig, Standing};
use scoring_support::{d, p, ret, today};

fn cfg() -> ScoringConfig {
    ScoringConfig::default()
}

#[test]
fn delivery_and_outcomes_are_achieved_over_target_capped_at_100() {
    assert_eq!(ratio_score(10, 10), dec!(100));
    assert_eq!(ratio_score(11, 10), dec!(100), "over-delivery is capped");
    assert_eq!(ratio_score(9, 10), dec!(90));
    assert_eq!(ratio_score(0, 10), dec!(0));
    // Nothing asked for: nothing missed.
    assert_eq!(ratio_score(0, 0), dec!(100));
    // 2 of 3 is 66.66…, kept exact until the period score is rounded.
    assert_eq!(ratio_score(2, 3).round_dp(4), dec!(66.6667));
}

#[test]
fn milestones_none_due_score_100_and_partial_is_proportional() {
    assert_eq!(ratio_score(0, 0), dec!(100));
    assert_eq!(ratio_score(1, 2), dec!(50));
    assert_eq!(ratio_score(0, 1), dec!(0));
}

#[test]
fn timeliness_falls_linearly_to_zero_at_the_configured_days() {
    assert_eq!(timeliness_score(-5, 30), dec!(100), "early");
    assert_eq!(timeliness_score(0, 30), dec!(100), "on the due date");
    // One day late: 100 × 29/30 = 96.66…
    assert_eq!(timeliness_score(1, 30).round_dp(2), dec!(96.67));
    assert_eq!(timeliness_score(15, 30), dec!(50));
    assert_eq!(timeliness_score(29, 30).round_dp(2), dec!(3.33));
    assert_eq!(
        timeliness_score(30, 30),
        dec!(0),
        "exactly at the zero point"
    );
    assert_eq!(timeliness_score(31, 30), dec!(0), "never negative");
    assert_eq!(timeliness_score(5, 10), dec!(50));
}

#[test]
fn quality_grades_map_to_their_configured_scores() {
    let c = cfg();
    assert_eq!(quality_score(1, &c), Some(dec!(100)));
    assert_eq!(quality_score(2, &c), Some(dec!(75)));
    assert_eq!(quality_score(3, &c), Some(dec!(40)));
    assert_eq!(quality_score(4, &c), Some(dec!(0)));
    assert_eq!(quality_score(5, &c), None);
    let mut custom = cfg();
    custom.quality_scores = [dec!(100), dec!(80), dec!(30), dec!(10)];
    assert_eq!(quality_score(3, &custom), Some(dec!(30)));
}

#[test]
fn the_period_score_is_the_weighted_sum_of_the_criteria() {
    // Delivered 8 of 10 (80), outcomes 1 of 2 (50), milestones 1 of 1 (100), 3 days late
    // (100 × 27/30 = 90), grade 3 (40). Weights 40/20/15/15/10:
    // (40×80 + 20×50 + 15×100 + 15×90 + 10×40) ÷ 100 = (3200+1000+1500+1350+400) ÷ 100 = 74.50.
    let mut r = ret("SC-1", "2026-10");
    r.units_delivered = 8;
    r.outcomes_achieved = 1;
    r.milestones_due = 1;
    r.milestones_met = 1;
    r.submitted = Some(r.due + chrono::Duration::days(3));
    r.quality_grade = Some(3);
    let s = score_return(&r, today(), &cfg()).unwrap();
    assert_eq!(s.delivery, dec!(80));
    assert_eq!(s.timeliness, dec!(90));
    assert_eq!(s.score, dec!(74.50));

    // Not yet graded: quality drops out and the other weights share its part:
    // (3200+1000+1500+1350) ÷ 90 = 7050 ÷ 90 = 78.333… → 78.33.
    r.quality_grade = None;
    assert_eq!(
        score_return(&r, today(), &cfg()).unwrap().score,
        dec!(78.33)
    );

    // A perfect return scores exactly 100.
    let perfect = ret("SC-1", "2026-10");
    let mut g1 = perfect.clone();
    g1.quality_grade = Some(1);
    assert_eq!(score_return(&g1, today(), &cfg()).unwrap().score, dec!(100));
}

#[test]
fn a_missing_return_counts_against_timeliness_only_once_past_due() {
    let mut r = ret("SC-1", "2026-10");
    r.submitted = None;
    // Due 15 Nov 2026: the day after, it is missing: 0 on timeliness, and the month weighs
    // only timeliness's 15, not the full 100 — the other criteria are judged on returns in.
    let s = score_return(&r, d("2026-11-16"), &cfg()).unwrap();
    assert_eq!(
        (s.score, s.weight, s.missing),
        (Decimal::ZERO, dec!(15), true)
    );
    // On the due date itself it is not late yet, so it is not scored.
    assert_eq!(score_return(&r, d("2026-11-15"), &cfg()), None);
}

#[test]
fn a_contract_on_profile_with_one_missing_return_stays_good() {
    // Five months in on time at 100 (Jun–Oct is k = 4…0; Oct missing): the weights are
    // 0.8⁴ … 0.8¹ = 0.4096, 0.512, 0.64, 0.8 for Jun–Sep (× 100 each) and 1 × 15 for October.
    // (40.96 + 51.2 + 64 + 80) × 100 ÷ (236.16 + 15) = 23616 ÷ 251.16 = 94.027… → 94.03.
    let c = cfg();
    let mut months = vec![
        scored("2026-06", dec!(100)),
        scored("2026-07", dec!(100)),
        scored("2026-08", dec!(100)),
        scored("2026-09", dec!(100)),
    ];
    let mut missing = ret("SC-1", "2026-10");
    missing.submitted = None;
    months.push(score_return(&missing, d("2026-11-29"), &c).unwrap());
    assert_eq!(overall(&months, p("2026-10"), &c), Some(dec!(94.03)));
}

#[test]
fn a_month_the_referral_route_starved_is_not_scored_against_the_provider() {
    let mut r = ret("SC-1", "2026-10");
    r.referrals = 0;
    r.units_delivered = 0;
    assert_eq!(score_return(&r, today(), &cfg()), None);
    // With referrals, the same shortfall is the provider's.
    r.referrals = 3;
    assert!(score_return(&r, today(), &cfg()).is_some());
}

/// A month in on time, scored `score`, weighing every criterion.
fn scored(period: &str, score: Decimal) -> PeriodScore {
    PeriodScore {
        period: p(period),
        delivery: score,
        outcomes: score,
        milestones: score,
        timeliness: score,
        quality: Some(score),
        score,
        weight: dec!(100),
        missing: false,
    }
}

#[test]
fn the_overall_score_weights_recent_months_more() {
    // Scores 100 (Aug), 50 (Sep), 0 (Oct); newest month Oct so k = 2, 1, 0 and the weights are
    // 0.8² = 0.64, 0.8, 1: (64 + 40 + 0) ÷ 2.44 = 42.622… → 42.62.
    let c = cfg();
    let scores = [
        scored("2026-08", dec!(100)),
        scored("2026-09", dec!(50)),
        scored("2026-10", dec!(0)),
    ];
    assert_eq!(overall(&scores, p("2026-10"), &c), Some(dec!(42.62)));
    // The same months the other way round: (0 + 40 + 100) ÷ 2.44 = 57.377… → 57.38.
    let rising = [
        scored("2026-08", dec!(0)),
        scored("2026-09", dec!(50)),
        scored("2026-10", dec!(100)),
    ];
    assert_eq!(overall(&rising, p("2026-10"), &c), Some(dec!(57.38)));
    // Decay 1 is the plain mean: 150 ÷ 3 = 50.
    let mut flat = cfg();
    flat.decay = dec!(1);
    assert_eq!(overall(&scores, p("2026-10"), &flat), Some(dec!(50)));
}

#[test]
fn the_overall_score_looks_only_at_the_window() {
    let c = cfg();
    // Six months back from Oct is May–Oct; April (k = 6) is outside and ignored.
    let scores = [scored("2026-04", dec!(0)), scored("2026-05", dec!(80))];
    assert_eq!(overall(&scores, p("2026-10"), &c), Some(dec!(80)));
    // A month after the newest (not complete yet) is ignored too.
    assert_eq!(
        overall(&[scored("2026-11", dec!(10))], p("2026-10"), &c),
        None
    );
    assert_eq!(overall(&[], p("2026-10"), &c), None);
}

#[test]
fn band_lookup_rounds_half_away_from_zero() {
    assert_eq!(round_for_band(dec!(79.5)), 80);
    assert_eq!(round_for_band(dec!(79.49)), 79);
    assert_eq!(round_for_band(dec!(0.5)), 1);
    assert_eq!(round_for_band(dec!(100)), 100);
    let c = cfg();
    // Exactly on each default boundary: 0, 59 | 60, 69 | 70, 79 | 80, 100.
    for (score, standing, action) in [
        (dec!(0), Standing::Inadequate, Action::Block),
        (dec!(59), Standing::Inadequate, Action::Block),
        (dec!(59.49), Standing::Inadequate, Action::Block),
        (dec!(59.5), Standing::RequiresImprovement, Action::Warn),
        (dec!(60), Standing::RequiresImprovement, Action::Warn),
        (dec!(69), Standing::RequiresImprovement, Action::Warn),
        (dec!(70), Standing::ApproachingTarget, Action::None),
        (dec!(79), Standing::ApproachingTarget, Action::None),
        (dec!(79.5), Standing::Good, Action::None),
        (dec!(80), Standing::Good, Action::None),
        (dec!(100), Standing::Good, Action::None),
    ] {
        let r = rate(score, &c);
        assert_eq!((r.standing, r.action), (standing, action), "score {score}");
    }
}

fn bands_toml(bands: &[(&str, u32, u32, &str)]) -> String {
    bands
        .iter()
        .map(|(s, f, t, a)| {
            format!(
                "[[scoring.bands]]\nstanding = \"{s}\"\nfrom = {f}\nto = {t}\naction = \"{a}\"\n"
            )
        })
        .collect()
}

const GOOD_BANDS: [(&str, u32, u32, &str); 4] = [
    ("good", 80, 100, "none"),
    ("approaching_target", 70, 79, "none"),
    ("requires_improvement", 60, 69, "warn"),
    ("inadequate", 0, 59, "block"),
];

#[test]
fn bands_covering_0_to_100_exactly_are_accepted() {
    let c = Config::parse(&bands_toml(&GOOD_BANDS)).unwrap();
    assert_eq!(c.scoring.bands.len(), 4);
    // Bands may be listed in any order, and a single band may cover everything.
    let one = Config::parse(&bands_toml(&[("good", 0, 100, "none")])).unwrap();
    assert_eq!(rate(dec!(3), &one.scoring).standing, Standing::Good);
}

#[test]
fn bands_with_a_gap_are_refused_naming_the_gap() {
    let mut b = GOOD_BANDS;
    b[0].1 = 81; // good 81–100 leaves 80 uncovered
    let e = Config::parse(&bands_toml(&b)).unwrap_err();
    assert!(e.contains("gap") && e.contains("80–80"), "{e}");
}

#[test]
fn overlapping_bands_are_refused() {
    let mut b = GOOD_BANDS;
    b[0].1 = 79; // good 79–100 overlaps approaching target 70–79
    let e = Config::parse(&bands_toml(&b)).unwrap_err();
    assert!(e.contains("overlap") && e.contains("Good (79–100)"), "{e}");
}

#[test]
fn bands_must_reach_exactly_100_and_start_at_0() {
    let mut short = GOOD_BANDS;
    short[0].2 = 99;
    let e = Config::parse(&bands_toml(&short)).unwrap_err();
    assert!(e.contains("end at 99") && e.contains("exactly 100"), "{e}");
    let mut beyond = GOOD_BANDS;
    beyond[0].2 = 101;
    assert!(
        Config::parse(&bands_toml(&beyond))
            .unwrap_err()
            .contains("end at 101")
    );
    let mut late = GOOD_BANDS;
    late[3].1 = 1;
    let e = Config::parse(&bands_toml(&late)).unwrap_err();
    assert!(e.contains("start at 1") && e.contains("0–0"), "{e}");
    let mut upside_down = GOOD_BANDS;
    upside_down[1] = ("approaching_target", 79, 70, "none");
    assert!(
        Config::parse(&bands_toml(&upside_down))
            .unwrap_err()
            .contains("from must not exceed to")
    );
}

#[test]
fn weights_must_sum_to_exactly_100() {
    let w = |delivery: &str| format!("[scoring.weights]\ndelivery = {delivery}\n");
    assert!(Config::parse(&w("40")).is_ok());
    let e = Config::parse(&w("39")).unwrap_err();
    assert!(e.contains("sum to exactly 100") && e.contains("99"), "{e}");
    let e = Config::parse(&w("41")).unwrap_err();
    assert!(e.contains("101"), "{e}");
    // Fractions are fine when they add up exactly.
    let frac = "[scoring.weights]\ndelivery = 39.5\noutcomes = 20.5\n";
    assert!(Config::parse(frac).is_ok());
    assert!(
        Config::parse("[scoring]\ndecay = 0\n")
            .unwrap_err()
            .contains("decay")
    );
    assert!(
        Config::parse("[scoring]\nweight = 1\n").is_err(),
        "unknown keys are refused"
    );
    assert!(
        Config::parse("[warnings]\ntrend_slope = 1\n")
            .unwrap_err()
            .contains("negative")
    );
}

#[test]
fn a_members_standing_is_value_weighted_and_lists_its_worst_contract() {
    let c = cfg();
    let contract = |code: &str, value: Decimal, score: Decimal| ContractStanding {
        subcontract: code.into(),
        value,
        rated: rate(score, &c),
    };
    // Fine on one large contract (90 on £30,000), failing on three small ones (40 on £10,000
    // each): (30000×90 + 3×10000×40) ÷ 60000 = (2,700,000 + 1,200,000) ÷ 60,000 = 65.
    let m = MemberStanding::from_contracts(
        "KN01",
        vec![
            contract("SC-1", dec!(30000), dec!(90)),
            contract("SC-2", dec!(10000), dec!(40)),
            contract("SC-3", dec!(10000), dec!(40)),
            contract("SC-4", dec!(10000), dec!(40)),
        ],
        &c,
    )
    .unwrap();
    let o = m.overall.as_ref().unwrap();
    assert_eq!(o.score, dec!(65));
    assert_eq!(o.standing, Standing::RequiresImprovement);
    assert_eq!(
        m.worst.as_ref().unwrap().rated.standing,
        Standing::Inadequate
    );
    let text = m.describe();
    assert!(text.contains("3 rated below Approaching target"), "{text}");
    assert!(
        MemberStanding::from_contracts("KN02", vec![], &c)
            .unwrap()
            .overall
            .is_none()
    );
    // At the most a value may be the weighting is exact; past what a decimal holds it is
    // refused, naming the member, rather than overflowing.
    let top = MemberStanding::from_contracts(
        "KN03",
        vec![
            contract("SC-5", hubboard::money::CEILING, dec!(100)),
            contract("SC-6", hubboard::money::CEILING, dec!(0)),
        ],
        &c,
    )
    .unwrap();
    assert_eq!(top.overall.unwrap().score, dec!(50));
    let e = MemberStanding::from_contracts(
        "KN04",
        vec![
            contract("SC-7", rust_decimal::Decimal::MAX, dec!(100)),
            contract("SC-8", dec!(1), dec!(50)),
        ],
        &c,
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.starts_with(
            "the value of SC-7 (£79,228,162,514,264,337,593,543,950,335.00) is too large"
        ),
        "{e}"
    );
    let e = MemberStanding::from_contracts(
        "KN04",
        vec![contract("SC-7", rust_decimal::Decimal::MAX, dec!(100))],
        &c,
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.starts_with("the standing of KN04 is too large to work out"),
        "{e}"
    );
}
