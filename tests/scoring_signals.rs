//! Every early-warning rule firing and not firing, at its threshold, on hand-built returns.
//! "Today" is 22 Nov 2026, so the newest complete month is Oct 2026 and the recent window
//! (three months) is Aug–Oct 2026. Returns are due on the 15th of the month after.

mod scoring_support;

use chrono::Duration;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use hubboard::domain::{ComplianceItem, ComplianceKind, MonitoringReturn};
use hubboard::scoring::signals::{
    ContractFacts, compliance_signals, contract_signals, trend_slope,
};
use hubboard::scoring::{Rule, Severity, Signal, SignalKind, WarningsConfig};
use scoring_support::{d, months, p, sub, today};

fn signals_with(returns: &[MonitoringReturn], w: &WarningsConfig) -> Vec<Signal> {
    let s = sub("SC-1", "KN01");
    let f = ContractFacts {
        sub: &s,
        returns,
        profiles: &[],
        terms: None,
        referred_by: None,
        already_claimed: Decimal::ZERO,
    };
    contract_signals(&f, today(), w)
}

fn signals(returns: &[MonitoringReturn]) -> Vec<Signal> {
    signals_with(returns, &WarningsConfig::default())
}

fn fired(sigs: &[Signal], rule: Rule) -> Option<&Signal> {
    sigs.iter().find(|s| s.rule == rule)
}

/// Six good months, May–Oct 2026, shaped by `f`.
fn six(f: impl Fn(u32, &mut MonitoringReturn)) -> Vec<MonitoringReturn> {
    months("SC-1", "2026-05", 6, f)
}

#[test]
fn good_returns_raise_nothing() {
    assert!(signals(&six(|_, _| {})).is_empty());
    assert!(signals(&[]).is_empty(), "no returns yet, no signal");
}

#[test]
fn a_late_return_fires_and_one_on_its_due_date_does_not() {
    // Oct is index 5; one day late.
    let late = six(|i, r| {
        if i == 5 {
            r.submitted = Some(r.due + Duration::days(1));
        }
    });
    let s = signals(&late);
    let sig = fired(&s, Rule::ReturnLate).unwrap();
    assert_eq!(sig.why, "return for Oct 2026 1 day late (due 15 Nov 2026)");
    assert_eq!(
        (sig.severity, sig.kind),
        (Severity::Medium, SignalKind::Provider)
    );
    // Within a grace of one day it is not late; two days is.
    let w = WarningsConfig {
        late_grace_days: 1,
        ..WarningsConfig::default()
    };
    assert!(fired(&signals_with(&late, &w), Rule::ReturnLate).is_none());
    // Late, but for July: outside the three-month window.
    let old = six(|i, r| {
        if i == 2 {
            r.submitted = Some(r.due + Duration::days(20));
        }
    });
    assert!(fired(&signals(&old), Rule::ReturnLate).is_none());
}

#[test]
fn a_missing_return_fires_once_past_due() {
    let missing = six(|i, r| {
        if i == 5 {
            r.submitted = None;
            r.units_delivered = 0;
            r.quality_grade = None;
        }
    });
    let s = signals(&missing);
    let sig = fired(&s, Rule::ReturnMissing).unwrap();
    // Due 15 Nov; today 22 Nov.
    assert_eq!(
        sig.why,
        "return for Oct 2026 missing (7 days past due 15 Nov 2026)"
    );
    assert_eq!(sig.severity, Severity::High);
    // On 15 Nov itself it is not yet missing.
    let s = sub("SC-1", "KN01");
    let f = ContractFacts {
        sub: &s,
        returns: &missing,
        profiles: &[],
        terms: None,
        referred_by: None,
        already_claimed: Decimal::ZERO,
    };
    let on_due = contract_signals(&f, d("2026-11-15"), &WarningsConfig::default());
    assert!(fired(&on_due, Rule::ReturnMissing).is_none());
}

#[test]
fn a_run_of_missing_returns_is_a_severe_signal_of_its_own() {
    // Aug, Sep and Oct not in, all past due on 22 Nov 2026: three months running.
    let gone = six(|i, r| {
        if i >= 3 {
            r.submitted = None;
        }
    });
    let s = signals(&gone);
    let sig = fired(&s, Rule::ReturnsNotReceived).expect("fires");
    assert_eq!(sig.severity, Severity::High);
    assert_eq!(
        sig.why,
        "no return in for 3 months running (Aug 2026–Oct 2026), at or past the 3-month threshold: delivery cannot be judged"
    );
    // Two months are not yet a run; nor is a gap followed by a return.
    let two = six(|i, r| {
        if i >= 4 {
            r.submitted = None;
        }
    });
    assert!(fired(&signals(&two), Rule::ReturnsNotReceived).is_none());
    let gap = six(|i, r| {
        if (2..5).contains(&i) {
            r.submitted = None;
        }
    });
    assert!(fired(&signals(&gap), Rule::ReturnsNotReceived).is_none());
}

#[test]
fn delivery_below_profile_fires_after_the_configured_run_of_months() {
    // 7 of 10 (70% < 75%) in Aug, Sep, Oct: three in a row.
    let three = six(|i, r| {
        if i >= 3 {
            r.units_delivered = 7;
        }
    });
    let sig = fired(&signals(&three), Rule::BelowProfile)
        .cloned()
        .unwrap();
    assert_eq!(
        sig.why,
        "delivery 70% of profile in Oct 2026, below the 75% threshold, for 3 months running"
    );
    // Only two months: not yet.
    let two = six(|i, r| {
        if i >= 4 {
            r.units_delivered = 7;
        }
    });
    assert!(fired(&signals(&two), Rule::BelowProfile).is_none());
    // Exactly 75% is not below 75%: 15 of 20 in each of three months.
    let at = six(|i, r| {
        if i >= 3 {
            r.units_target = 20;
            r.units_delivered = 15;
        }
    });
    assert!(fired(&signals(&at), Rule::BelowProfile).is_none());
    // A good month in the middle breaks the run.
    let broken = six(|i, r| {
        if i >= 2 && i != 4 {
            r.units_delivered = 7;
        }
    });
    assert!(fired(&signals(&broken), Rule::BelowProfile).is_none());
}

#[test]
fn a_falling_trend_fires_at_the_slope_threshold() {
    // 100, 95, 90, 85, 80, 75 (of 100 units): a least-squares slope of exactly −5 a month.
    // (Referrals keep pace; ten referrals against a target of 100 would be the referral floor.)
    let falling = six(|i, r| {
        r.units_target = 100;
        r.units_delivered = 100 - 5 * i;
        r.referrals = 100;
    });
    assert_eq!(trend_slope(&falling, p("2026-10"), 6), Some(dec!(-5)));
    let sig = fired(&signals(&falling), Rule::FallingTrend)
        .cloned()
        .unwrap();
    assert_eq!(
        sig.why,
        "delivery falling 5 points of profile a month over the last 6 months, at or past the threshold of 5"
    );
    // 100, 96, … 80: slope −4, gentler than the threshold.
    let gentle = six(|i, r| {
        r.units_target = 100;
        r.units_delivered = 100 - 4 * i;
        r.referrals = 100;
    });
    assert_eq!(trend_slope(&gentle, p("2026-10"), 6), Some(dec!(-4)));
    assert!(fired(&signals(&gentle), Rule::FallingTrend).is_none());
    // Two months cannot make a trend.
    assert_eq!(trend_slope(&falling[4..], p("2026-10"), 6), None);
}

#[test]
fn missed_milestones_fire_in_the_window_only() {
    let missed = six(|i, r| {
        if i == 5 {
            r.milestones_due = 2;
            r.milestones_met = 1;
        }
    });
    let sig = fired(&signals(&missed), Rule::MilestonesMissed)
        .cloned()
        .unwrap();
    assert_eq!(sig.why, "1 of 2 milestones missed in Oct 2026");
    let met = six(|i, r| {
        if i == 5 {
            r.milestones_due = 2;
            r.milestones_met = 2;
        }
    });
    assert!(fired(&signals(&met), Rule::MilestonesMissed).is_none());
}

#[test]
fn poor_quality_fires_on_the_latest_grade_3_or_4() {
    let grade = |g: u8| {
        six(move |i, r| {
            if i == 5 {
                r.quality_grade = Some(g)
            }
        })
    };
    assert!(fired(&signals(&grade(2)), Rule::PoorQuality).is_none());
    let three = signals(&grade(3));
    let sig = fired(&three, Rule::PoorQuality).unwrap();
    assert_eq!(
        (sig.severity, sig.why.as_str()),
        (
            Severity::Medium,
            "quality graded 3 (requires improvement) in Oct 2026, at or past grade 3"
        )
    );
    assert_eq!(
        fired(&signals(&grade(4)), Rule::PoorQuality)
            .unwrap()
            .severity,
        Severity::High
    );
    // An earlier poor grade since improved on does not fire.
    let improved = six(|i, r| {
        if i == 4 {
            r.quality_grade = Some(4)
        }
    });
    assert!(fired(&signals(&improved), Rule::PoorQuality).is_none());
}

#[test]
fn spend_ahead_of_delivery_fires_above_both_exposure_thresholds() {
    // Unit price £12,000 ÷ (10 × 12) = £100. Paid £1,000 a month for six months = £6,000.
    // Delivering 8 a month earns 48 × £100 = £4,800: exposure £1,200 = 20% of paid (> 15%,
    // > £500).
    let eight = six(|_, r| r.units_delivered = 8);
    let sig = fired(&signals(&eight), Rule::SpendAheadOfDelivery)
        .cloned()
        .unwrap();
    assert_eq!(
        sig.why,
        "paid £6,000.00 against £4,800.00 earned: £1,200.00 claw-back exposure, above 15% of paid and £500.00"
    );
    // Delivering 9 earns £5,400: exposure £600 is 10% of paid, under 15%.
    let nine = six(|_, r| r.units_delivered = 9);
    assert!(fired(&signals(&nine), Rule::SpendAheadOfDelivery).is_none());
    // £1,200 is exactly at a minimum of £1,200: "above" means more than.
    let w = WarningsConfig {
        exposure_min: dec!(1200),
        ..WarningsConfig::default()
    };
    assert!(fired(&signals_with(&eight, &w), Rule::SpendAheadOfDelivery).is_none());
}

#[test]
fn low_referrals_warn_about_the_referral_route_not_the_provider() {
    // No referrals Aug–Oct, and so nothing delivered: the route's failure, not the provider's.
    let candy = six(|i, r| {
        if i >= 3 {
            r.referrals = 0;
            r.units_delivered = 0;
            r.outcomes_achieved = 0;
        }
    });
    let s = signals(&candy);
    let sig = fired(&s, Rule::LowReferrals).unwrap();
    assert_eq!(sig.kind, SignalKind::ReferralRoute);
    assert!(
        sig.why
            .starts_with("no referrals in 3 months (Aug 2026–Oct 2026)"),
        "{}",
        sig.why
    );
    assert!(
        sig.why
            .contains("a warning about the referral route (the commissioner refers)"),
        "{}",
        sig.why
    );
    // Named when the commissioner is known.
    let s1 = sub("SC-1", "KN01");
    let named = ContractFacts {
        sub: &s1,
        returns: &candy,
        profiles: &[],
        terms: None,
        referred_by: Some("Knowsley Metropolitan Borough Council"),
        already_claimed: Decimal::ZERO,
    };
    let said = contract_signals(&named, today(), &WarningsConfig::default());
    assert!(
        fired(&said, Rule::LowReferrals)
            .unwrap()
            .why
            .contains("(Knowsley Metropolitan Borough Council refers), not the provider"),
        "{said:?}"
    );
    // The delivery rules stay quiet: the shortfall follows from the missing referrals.
    assert!(s.iter().all(|x| x.kind != SignalKind::Provider), "{s:?}");
    // 1 referral against a target of 10 is exactly the 10% floor: still "very low".
    let one = six(|i, r| {
        if i >= 3 {
            r.referrals = 1
        }
    });
    assert!(
        fired(&signals(&one), Rule::LowReferrals)
            .unwrap()
            .why
            .starts_with("only 3 referrals in 3 months")
    );
    // 2 of 10 is above the floor.
    let two = six(|i, r| {
        if i >= 3 {
            r.referrals = 2
        }
    });
    assert!(fired(&signals(&two), Rule::LowReferrals).is_none());
    // Two months are not yet a pattern.
    let short = six(|i, r| {
        if i >= 4 {
            r.referrals = 0
        }
    });
    assert!(fired(&signals(&short), Rule::LowReferrals).is_none());
}

fn item(kind: ComplianceKind, until: &str) -> ComplianceItem {
    ComplianceItem {
        member: "KN01".into(),
        kind,
        reference: format!("{kind}-{until}"),
        valid_until: d(until),
    }
}

#[test]
fn compliance_expired_or_expiring_within_30_days_fires() {
    let w = WarningsConfig::default();
    let expired = compliance_signals(&[item(ComplianceKind::Accounts, "2026-11-21")], today(), &w);
    assert_eq!(expired[0].rule, Rule::ComplianceExpired);
    assert_eq!(expired[0].severity, Severity::High);
    assert_eq!(expired[0].why, "accounts: expired 21 Nov 2026");
    // Valid until today is not expired, but expiring.
    let today_only =
        compliance_signals(&[item(ComplianceKind::Accounts, "2026-11-22")], today(), &w);
    assert_eq!(today_only[0].rule, Rule::ComplianceExpiring);
    // Exactly 30 days away is within 30 days; 31 is not.
    let at = compliance_signals(
        &[item(ComplianceKind::QualityMark, "2026-12-22")],
        today(),
        &w,
    );
    assert_eq!(
        at[0].why,
        "quality mark: expires 22 Dec 2026 (in 30 days, within the 30-day warning)"
    );
    assert_eq!(at[0].severity, Severity::Low);
    assert!(
        compliance_signals(
            &[item(ComplianceKind::QualityMark, "2026-12-23")],
            today(),
            &w
        )
        .is_empty()
    );
    // A renewal supersedes the lapsed item.
    let renewed = [
        item(ComplianceKind::Accounts, "2026-01-01"),
        item(ComplianceKind::Accounts, "2027-12-31"),
    ];
    assert!(compliance_signals(&renewed, today(), &w).is_empty());
    assert!(compliance_signals(&[], today(), &w).is_empty());
}

/// Every count at the most a return can hold and every amount at the most a money value can be.
fn at_the_most(r: &mut MonitoringReturn) {
    r.units_target = u32::MAX;
    r.units_delivered = u32::MAX;
    r.outcomes_target = u32::MAX;
    r.outcomes_achieved = u32::MAX;
    r.milestones_due = u32::MAX;
    r.milestones_met = u32::MAX - 1;
    r.referrals = u32::MAX;
    r.spend = hubboard::money::CEILING;
    r.paid = hubboard::money::CEILING;
}

#[test]
fn every_rule_works_out_returns_holding_the_largest_values_without_overflowing() {
    let huge = six(|_, r| at_the_most(r));
    let mut s = sub("SC-1", "KN01");
    s.value = hubboard::money::CEILING;
    s.units_per_month = u32::MAX;
    let f = ContractFacts {
        sub: &s,
        returns: &huge,
        profiles: &[],
        terms: None,
        referred_by: None,
        already_claimed: hubboard::money::CEILING,
    };
    let sigs = contract_signals(&f, today(), &WarningsConfig::default());
    assert!(fired(&sigs, Rule::MilestonesMissed).is_some(), "{sigs:?}");
    assert!(trend_slope(&huge, p("2026-10"), 6).is_some());
}

#[test]
fn a_claw_back_on_the_largest_values_is_worked_out_to_the_penny() {
    // A one-month sub-contract at the most a value may be, priced at one unit. Twenty thousand
    // returns (written by hand; the program never writes them) each deliver the most a count
    // holds and record the most a payment may be: what is earned stops at the value, and the
    // claw-back is everything paid beyond it, exactly.
    let mut s = sub("SC-1", "KN01");
    s.value = hubboard::money::CEILING;
    s.units_per_month = 1;
    s.start = d("2026-10-01");
    s.end = d("2026-10-31");
    let many: Vec<MonitoringReturn> = months("SC-1", "0001-01", 20_000, |_, r| {
        r.units_delivered = u32::MAX;
        r.paid = hubboard::money::CEILING;
    });
    let pricing = hubboard::domain::clawback::pricing(&s, &[], None).unwrap();
    let left_out = hubboard::domain::clawback::Unreferred::LeftOut;
    let c = hubboard::domain::clawback::clawback(&pricing, &many, Decimal::ZERO, left_out).unwrap();
    assert_eq!(c.delivered_units, 20_000 * u64::from(u32::MAX));
    assert_eq!(c.paid, hubboard::money::CEILING * Decimal::from(20_000));
    assert_eq!(c.amount, hubboard::money::CEILING * Decimal::from(19_999));
    let f = ContractFacts {
        sub: &s,
        returns: &many,
        profiles: &[],
        terms: None,
        referred_by: None,
        already_claimed: Decimal::ZERO,
    };
    let sigs = contract_signals(&f, today(), &WarningsConfig::default());
    let sig = fired(&sigs, Rule::SpendAheadOfDelivery).expect("fires");
    assert!(sig.why.contains("claw-back exposure"), "{}", sig.why);
}

#[test]
fn a_compliance_window_past_the_last_date_there_is_ends_there() {
    let w = WarningsConfig {
        compliance_days: u32::MAX,
        ..WarningsConfig::default()
    };
    let far = compliance_signals(&[item(ComplianceKind::Accounts, "9999-12-31")], today(), &w);
    assert_eq!(far[0].rule, Rule::ComplianceExpiring);
}
