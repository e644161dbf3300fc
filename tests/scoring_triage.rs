//! Triage on a hand-built consortium: who appears, in what order and why; the cache (filled,
//! invalidated by a changed return, recomputed when settings change); read-only opens; the
//! suspend workflow's evidence; and the award check honouring a member's standing.
//!
//! Every contract is £12,000 over Apr 2026–Mar 2027 at 10 units a month (unit price £100).
//! Today is 22 Nov 2026: the remaining value is Nov 2026–Mar 2027, 5 × 10 × £100 = £5,000, and
//! the recent window is Aug–Oct 2026.

mod scoring_support;

use chrono::Duration;
use rust_decimal_macros::dec;

use hubboard::clock::Clock;
use hubboard::config::Config;
use hubboard::domain::ComplianceKind;
use hubboard::domain::checks::Rule as CheckRule;
use hubboard::ops::award::{Award, AwardRequest};
use hubboard::ops::{self, Decider, Planned, Why};
use hubboard::scoring::{self, Severity, SignalKind, Standing};
use hubboard::store::{OpenMode, Store};
use scoring_support::{Hub, d, months, sub, today};

/// A: 3 of 10 in Aug–Oct (shortfall 0.7: £3,500 at risk), B: 5 of 10 (0.5: £2,500) — both
/// high severity (below profile); D: no referrals Aug–Oct and nothing delivered (referral route,
/// medium, £5,000 at risk); C: Oct return 10 days late (medium, £0 at risk); E: steady; F's
/// member has a health and safety policy expiring in 10 days (low, a member row).
fn consortium() -> Hub {
    let hub = Hub::new();
    for m in ["KA", "KB", "KC", "KD", "KE", "KF"] {
        hub.member(m);
    }
    let poor = |n: u32| {
        move |i: u32, r: &mut hubboard::domain::MonitoringReturn| {
            if i >= 3 {
                r.units_delivered = n;
            }
        }
    };
    hub.contract(&sub("SC-A", "KA"), &months("SC-A", "2026-05", 6, poor(3)));
    hub.contract(&sub("SC-B", "KB"), &months("SC-B", "2026-05", 6, poor(5)));
    hub.contract(
        &sub("SC-C", "KC"),
        &months("SC-C", "2026-05", 6, |i, r| {
            if i == 5 {
                r.submitted = Some(r.due + Duration::days(10));
            }
        }),
    );
    hub.contract(
        &sub("SC-D", "KD"),
        &months("SC-D", "2026-05", 6, |i, r| {
            if i >= 3 {
                r.referrals = 0;
                r.units_delivered = 0;
            }
        }),
    );
    hub.contract(&sub("SC-E", "KE"), &months("SC-E", "2026-05", 6, |_, _| {}));
    hub.contract(&sub("SC-F", "KF"), &months("SC-F", "2026-05", 6, |_, _| {}));
    // KF holds every required item to 2028, and a health and safety policy that runs out soon.
    hub.compliance("KF", ComplianceKind::HealthAndSafety, "2026-12-02");
    hub.conn()
        .execute(
            "UPDATE compliance_items SET valid_until = '2026-12-02'
              WHERE member = 'KF' AND kind = 'health_and_safety'",
            [],
        )
        .unwrap();
    hub
}

fn order_of(rows: &[scoring::TriageRow]) -> Vec<String> {
    rows.iter()
        .map(|r| {
            r.subcontract
                .clone()
                .unwrap_or_else(|| format!("member {}", r.member))
        })
        .collect()
}

#[test]
fn triage_orders_by_severity_then_money_at_risk_and_leaves_performers_out() {
    let hub = consortium();
    let cfg = Config::default();
    let rows = scoring::triage(hub.conn(), today(), &cfg).unwrap();
    assert_eq!(
        order_of(&rows),
        ["SC-A", "SC-B", "SC-D", "SC-C", "member KF"],
        "{rows:#?}"
    );
    assert_eq!(rows[0].severity, Severity::High);
    assert_eq!(rows[0].money_at_risk, dec!(3500.00));
    assert_eq!(rows[1].money_at_risk, dec!(2500.00));
    assert!(
        rows[0].why.contains(
            "delivery 30% of profile in Oct 2026, below the 75% threshold, for 3 months running"
        ),
        "{}",
        rows[0].why
    );
    let d_row = &rows[2];
    assert_eq!(
        (d_row.kind, d_row.severity),
        (SignalKind::ReferralRoute, Severity::Medium)
    );
    assert_eq!(d_row.money_at_risk, dec!(5000.00));
    assert_eq!(
        rows[3].why,
        "return for Oct 2026 10 days late (due 15 Nov 2026)"
    );
    assert_eq!(rows[3].money_at_risk, dec!(0.00));
    assert_eq!(
        (rows[4].kind, rows[4].severity),
        (SignalKind::Compliance, Severity::Low)
    );
    assert!(
        rows[4].why
            == "health & safety policy: expires 2 Dec 2026 (in 10 days, within the 30-day warning)",
        "{}",
        rows[4].why
    );
    assert!(
        rows.iter().all(|r| r.member != "KE"),
        "the steady performer never appears"
    );
}

#[test]
fn equal_severity_and_money_at_risk_put_the_steeper_fall_first() {
    let hub = Hub::new();
    hub.member("KX").member("KY");
    // Both late in Oct and delivering in full Aug–Oct (no money at risk); X fell from 130% to
    // 100% over May–Oct (slope −7.43), Y is flat.
    let late_oct = |r: &mut hubboard::domain::MonitoringReturn, i: u32| {
        if i == 5 {
            r.submitted = Some(r.due + Duration::days(3));
        }
    };
    hub.contract(
        &sub("SC-X", "KX"),
        &months("SC-X", "2026-05", 6, |i, r| {
            r.units_delivered = [13, 12, 11, 10, 10, 10][i as usize];
            late_oct(r, i);
        }),
    );
    hub.contract(
        &sub("SC-Y", "KY"),
        &months("SC-Y", "2026-05", 6, |i, r| late_oct(r, i)),
    );
    let rows = scoring::triage(hub.conn(), today(), &Config::default()).unwrap();
    assert_eq!(order_of(&rows), ["SC-X", "SC-Y"]);
    assert!(rows[0].slope.unwrap() < rows[1].slope.unwrap());
}

fn cached_rows(hub: &Hub) -> i64 {
    hub.conn()
        .query_row("SELECT COUNT(*) FROM subcontract_scores", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn the_cache_is_filled_invalidated_by_a_changed_return_and_rebuilt_for_new_settings() {
    let hub = consortium();
    let cfg = Config::default();
    let cold = scoring::triage(hub.conn(), today(), &cfg).unwrap();
    assert_eq!(cached_rows(&hub), 6);
    let periods: i64 = hub
        .conn()
        .query_row("SELECT COUNT(*) FROM period_scores", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        periods, 33,
        "six submitted returns for each of six contracts, less the three months the referral \
         route starved D (not scored against the provider)"
    );
    let warm = scoring::triage(hub.conn(), today(), &cfg).unwrap();
    assert_eq!(cold, warm);

    // E's October return is corrected to have come in 20 days late: the trigger drops E's
    // cached assessment and that period's score, and E now appears.
    hub.conn()
        .execute(
            "UPDATE monitoring_returns SET submitted = '2026-12-05' WHERE subcontract = 'SC-E' AND period = '2026-10'",
            [],
        )
        .unwrap();
    assert_eq!(cached_rows(&hub), 5);
    let after = scoring::triage(hub.conn(), today(), &cfg).unwrap();
    let e = after
        .iter()
        .find(|r| r.subcontract.as_deref() == Some("SC-E"))
        .unwrap();
    assert_eq!(e.why, "return for Oct 2026 20 days late (due 15 Nov 2026)");
    assert_eq!(cached_rows(&hub), 6);

    // A stricter setting recomputes everything: at 25% A (30%) is no longer below profile.
    let mut lenient = Config::default();
    lenient.warnings.below_profile_pct = dec!(25);
    let rows = scoring::triage(hub.conn(), today(), &lenient).unwrap();
    let a = rows
        .iter()
        .find(|r| r.subcontract.as_deref() == Some("SC-A"))
        .unwrap();
    assert!(!a.why.contains("below"), "{}", a.why);
    // And back again: the default settings judge as before.
    let again = scoring::triage(hub.conn(), today(), &cfg).unwrap();
    assert_eq!(again, after);
}

#[test]
fn a_read_only_open_computes_in_memory_without_writing() {
    let hub = consortium();
    let cfg = Config::default();
    let ro = Store::open(&hub.path, OpenMode::ReadOnly).unwrap();
    let from_ro = scoring::triage(ro.conn(), today(), &cfg).unwrap();
    assert_eq!(cached_rows(&hub), 0, "a read-only open wrote nothing");
    let from_rw = scoring::triage(hub.conn(), today(), &cfg).unwrap();
    assert_eq!(from_ro, from_rw);
    // Once the cache is current, the read-only open reads it.
    assert_eq!(scoring::triage(ro.conn(), today(), &cfg).unwrap(), from_rw);
}

#[test]
fn evidence_shows_returns_against_profile_standing_and_money() {
    let hub = consortium();
    let cfg = Config::default();
    let e = scoring::evidence(hub.conn(), "SC-A", today(), &cfg).unwrap();
    assert_eq!(e.months.len(), 6);
    let oct = e.months.last().unwrap();
    assert_eq!((oct.units_target, oct.units_delivered), (10, 3));
    assert_eq!(oct.delivery_pct, Some(dec!(30.0)));
    // Paid 6 × £1,000; earned (3×10 + 3×3) × £100 = £3,900; £2,100 owed back.
    assert_eq!(e.clawback.paid, dec!(6000));
    assert_eq!(e.clawback.earned, dec!(3900.00));
    assert_eq!(e.clawback.amount, dec!(2100.00));
    assert_eq!(e.remaining_value, dec!(5000.00));
    assert!(
        e.signals
            .iter()
            .any(|s| s.rule == scoring::Rule::BelowProfile)
    );
    assert!(e.late_or_missing.is_empty());
    assert_eq!(e.referrals, 60);
    assert!(scoring::evidence(hub.conn(), "SC-NONE", today(), &cfg).is_err());
}

const REASON: &str = "more advice hours";

fn award(hub: &Hub, member: &str, cfg: &Config) -> Planned<Award> {
    let clock = Clock::fixed(today());
    let by = Decider::new(&clock, "officer", cfg);
    let req = AwardRequest {
        opportunity: scoring_support::WON.into(),
        member: member.into(),
        value: dec!(1000),
        start: d("2026-12-01"),
        end: d("2027-03-31"),
        units_per_month: 1,
        payment_model: None,
        code: None,
        let_by: None,
        member_version: None,
        attachment_pct: None,
        outcomes: None,
    };
    ops::plan::<Award>(hub.conn(), &by, &req).unwrap()
}

#[test]
fn award_checks_honour_the_members_standing() {
    let hub = consortium();
    let cfg = Config::default();
    // A, May–Jul: delivery 100, outcomes 100, milestones 100 (none due), on time 100, grade 2
    // (75): (4000 + 2000 + 1500 + 1500 + 750) ÷ 100 = 97.50. Aug–Oct, 3 of 10 delivered:
    // (1200 + 2000 + 1500 + 1500 + 750) ÷ 100 = 69.50. Decay weights Oct…May: 1, 0.8, 0.64,
    // 0.512, 0.4096, 0.32768 (sum 3.68928): (69.5 × 2.44 + 97.5 × 1.24928) ÷ 3.68928 =
    // 291.3848 ÷ 3.68928 = 78.98 → 79, Approaching target: no action.
    let a = scoring::member_standing(hub.conn(), "KA", today(), &cfg.scoring).unwrap();
    let o = a.overall.as_ref().unwrap();
    assert_eq!(
        (o.score, o.rounded, o.standing),
        (dec!(78.98), 79, Standing::ApproachingTarget)
    );
    let plan = award(&hub, "KA", &cfg);
    let check = plan
        .plan
        .checks
        .iter()
        .find(|c| c.rule == CheckRule::Standing)
        .unwrap();
    assert!(
        check.passed
            && check.reason.starts_with(
                "worst SC-A Approaching target (79); value-weighted Approaching target (79)"
            ),
        "{}",
        check.reason
    );
    // E performs: 97.50 every month, Good, and the check passes with no warning.
    let e = award(&hub, "KE", &cfg);
    let c = e
        .plan
        .checks
        .iter()
        .find(|c| c.rule == CheckRule::Standing)
        .unwrap();
    assert!(
        c.passed
            && c.reason
                .starts_with("worst SC-E Good (98); value-weighted Good (98)"),
        "{}",
        c.reason
    );
    // A member with no scored returns yet passes.
    hub.member("KN");
    let n = award(&hub, "KN", &cfg);
    let c = n
        .plan
        .checks
        .iter()
        .find(|c| c.rule == CheckRule::Standing)
        .unwrap();
    assert_eq!(
        (c.passed, c.reason.as_str()),
        (true, "no scored returns yet")
    );
}

#[test]
fn a_blocking_band_fails_the_award_check_and_a_warning_band_passes_with_a_warning() {
    let hub = consortium();
    // Every member with a score below 101 is blocked when Good is set to block…
    let mut strict = Config::default();
    for b in &mut strict.scoring.bands {
        b.action = scoring::Action::Block;
    }
    let plan = award(&hub, "KE", &strict);
    let c = plan
        .plan
        .checks
        .iter()
        .find(|c| c.rule == CheckRule::Standing)
        .unwrap();
    assert!(!c.passed);
    assert!(
        c.reason
            .contains("SC-E blocks new awards until its performance is reviewed"),
        "{}",
        c.reason
    );
    let why = Why {
        reason: REASON.into(),
        override_reason: None,
    };
    assert!(ops::pipeline::refuse_unless_passed(&plan.sheet, &why).is_err());
    // … and warned when set to warn.
    let mut warn = Config::default();
    for b in &mut warn.scoring.bands {
        b.action = scoring::Action::Warn;
    }
    let plan = award(&hub, "KE", &warn);
    let c = plan
        .plan
        .checks
        .iter()
        .find(|c| c.rule == CheckRule::Standing)
        .unwrap();
    assert!(c.passed && c.reason.starts_with("warning:"), "{}", c.reason);
}
