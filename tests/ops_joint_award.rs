//! Joint-delivery awards through the library: the headroom split exact to the penny, every
//! member's sub-contract written in one transaction with an audit row each, and any failing or
//! stale member leaving nothing written.

mod ops_support;

use hubboard::HubError;
use hubboard::domain::*;
use hubboard::ops::{self, JointAwardPlan, JointAwardRequest, JointShare};
use hubboard::store::members;
use ops_support::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

const REASON: &str = "joint delivery plan agreed by the Board on 3 Dec";

/// KN01, KN02, KN03: full members with £150,000 income and 50, 30 and 17 advice units a month.
fn hub() -> Hub {
    let hub = Hub::new();
    hub.member_with("KN01", Tier::Full, dec!(150000), 50, "2028-03-31")
        .member_with("KN02", Tier::Full, dec!(150000), 30, "2028-03-31")
        .member_with("KN03", Tier::Full, dec!(150000), 17, "2028-03-31");
    hub
}

fn codes(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn request(shares: Vec<JointShare>) -> JointAwardRequest {
    JointAwardRequest {
        opportunity: WON.into(),
        shares,
        start: d("2026-12-01"),
        end: d("2027-11-30"),
        payment_model: None,
        reason: REASON.into(),
        override_reason: None,
    }
}

fn proposed(hub: &Hub, members: &[&str], units: u32) -> Vec<JointShare> {
    ops::propose_joint_shares(hub.conn(), WON, &codes(members), units).unwrap()
}

fn plan(hub: &mut Hub, req: JointAwardRequest) -> hubboard::Result<JointAwardPlan> {
    hub.with(|s, by| ops::plan_joint_award(s.conn(), by, req))
}

fn commit(
    hub: &mut Hub,
    p: &JointAwardPlan,
) -> hubboard::Result<ops::joint_award::JointAwardOutcome> {
    hub.with(|s, by| ops::commit_joint_award(s, by, p))
}

#[test]
fn the_headroom_split_is_exact_to_the_penny_and_units_split_by_largest_remainder() {
    let hub = hub();
    // Net value: £120,000 less the 5% top slice £6,000 = £114,000 = 11,400,000p over 50:30:17.
    //   × 50/97 = 5,876,288.66p, × 30/97 = 3,525,773.20p, × 17/97 = 1,997,938.14p.
    //   Floors sum to 11,399,999p; the spare penny goes to the largest remainder (.66, KN01).
    // Units: 40 over 50:30:17 = 20.62, 12.37, 7.01 → 20 + 12 + 7 = 39; the spare one to KN01.
    let shares = proposed(&hub, &["KN01", "KN02", "KN03"], 40);
    let got: Vec<(&str, Decimal, u32)> = shares
        .iter()
        .map(|s| (s.member.as_str(), s.value, s.units_per_month))
        .collect();
    assert_eq!(
        got,
        vec![
            ("KN01", dec!(58762.89), 21),
            ("KN02", dec!(35257.73), 12),
            ("KN03", dec!(19979.38), 7)
        ]
    );
    assert_eq!(
        shares.iter().map(|s| s.value).sum::<Decimal>(),
        dec!(114000)
    );
}

#[test]
fn a_joint_award_writes_every_sub_contract_and_an_audit_row_each() {
    let mut hub = hub();
    let shares = proposed(&hub, &["KN01", "KN02", "KN03"], 40);
    let p = plan(&mut hub, request(shares)).unwrap();
    assert_eq!(p.top_slice, dec!(6000));
    assert_eq!(p.net_value, dec!(114000));
    assert!(p.sums_exactly(), "{}", p.sum_line());
    assert!(p.sum_line().ends_with(": exact"), "{}", p.sum_line());
    assert!(p.failures().is_empty(), "{:?}", p.failures());
    assert_eq!(p.members.len(), 3);
    // The six award checks and the performance standing, as for a single award.
    assert!(p.members.iter().all(|m| m.checks.len() == 7));
    let done = commit(&mut hub, &p).unwrap();
    assert!(!done.overridden);
    let written: Vec<String> = done
        .awards
        .iter()
        .map(|a| a.subcontract.code.clone())
        .collect();
    assert_eq!(written, vec!["SC-000001", "SC-000002", "SC-000003"]);
    let kn03 = hub.subcontract("SC-000003");
    assert_eq!(
        (kn03.member.as_str(), kn03.value, kn03.units_per_month),
        ("KN03", dec!(19979.38), 7)
    );
    let total: Decimal = written.iter().map(|c| hub.subcontract(c).value).sum();
    assert_eq!(total, dec!(114000));
    for m in ["KN01", "KN02", "KN03"] {
        assert_eq!(hub.member_version(m), 2, "{m}");
    }
    let rows = hub.audit_rows();
    assert_eq!(rows.len(), 3);
    for (row, code) in rows.iter().zip(&written) {
        assert_eq!(row.action, "award");
        assert_eq!(row.entity, format!("subcontract:{code}"));
        assert_eq!(row.reason.as_deref(), Some(REASON));
        let after: serde_json::Value =
            serde_json::from_str(row.after_json.as_deref().unwrap()).unwrap();
        assert_eq!(after["joint_award"]["net_value"], "114000.00");
        assert_eq!(after["joint_award"]["sums_exactly"], true);
        assert_eq!(after["joint_award"]["shares"].as_array().unwrap().len(), 3);
    }
    hub.assert_audit_intact();
}

#[test]
fn shares_a_penny_off_the_net_value_are_refused_unless_overridden() {
    let mut hub = hub();
    let mut shares = proposed(&hub, &["KN01", "KN02"], 20);
    shares[1].value += dec!(0.01);
    let p = plan(&mut hub, request(shares.clone())).unwrap();
    assert!(!p.sums_exactly());
    assert!(!p.will_proceed());
    assert!(p.sum_line().contains("£0.01 over"), "{}", p.sum_line());
    let e = assert_unchanged(&mut hub, |h| commit(h, &p));
    assert!(
        matches!(&e, HubError::Refused(m) if m.contains("must match to the penny")),
        "{e}"
    );
    shares[1].value -= dec!(0.02);
    let short = plan(&mut hub, request(shares)).unwrap();
    assert!(
        short.sum_line().contains("£0.01 short"),
        "{}",
        short.sum_line()
    );
    let mut overridden = request(short.request.shares.clone());
    overridden.override_reason = Some("the commissioner holds back a penny".into());
    let p = plan(&mut hub, overridden).unwrap();
    assert!(p.will_proceed());
    let done = commit(&mut hub, &p).unwrap();
    assert!(done.overridden);
    let rows = hub.audit_rows();
    assert_eq!(rows.len(), 2);
    assert!(
        rows[0]
            .reason
            .as_deref()
            .unwrap()
            .contains("[override: the commissioner holds back a penny]")
    );
    assert!(
        rows[0]
            .after_json
            .as_deref()
            .unwrap()
            .contains("\"sum_override\":\"the commissioner holds back a penny\"")
    );
    hub.assert_audit_intact();
}

#[test]
fn a_member_failing_a_check_leaves_nothing_written() {
    let mut hub = hub();
    hub.member_with("KN04", Tier::Associate, dec!(150000), 40, "2028-03-31");
    let shares = proposed(&hub, &["KN01", "KN02", "KN04"], 30);
    let p = plan(&mut hub, request(shares)).unwrap();
    let failures = p.failures();
    assert_eq!(failures.len(), 1);
    assert_eq!(failures[0].0, "KN04");
    assert_eq!(
        failures[0].1.rule,
        hubboard::domain::checks::Rule::FullMember
    );
    let e = assert_unchanged(&mut hub, |h| commit(h, &p));
    assert!(
        matches!(&e, HubError::Refused(m) if m.contains("award to KN04")),
        "{e}"
    );
}

#[test]
fn a_member_failing_at_commit_after_others_were_written_rolls_back_the_lot() {
    let mut hub = hub();
    let shares = proposed(&hub, &["KN01", "KN02", "KN03"], 40);
    let p = plan(&mut hub, request(shares)).unwrap();
    assert!(p.will_proceed());
    // KN03's insurance lapses after the plan (a compliance record does not move the member's
    // version): KN01's and KN02's sub-contracts are inserted before KN03's checks fail.
    hub.expire(
        "KN03",
        ComplianceKind::PublicLiabilityInsurance,
        "2026-11-30",
    );
    let e = assert_unchanged(&mut hub, |h| commit(h, &p));
    assert!(
        matches!(&e, HubError::Refused(m) if m.contains("KN03") && m.contains("insurance")),
        "{e}"
    );
    assert!(hub.audit_rows().is_empty());
}

#[test]
fn a_stale_version_for_any_member_is_a_conflict_and_writes_nothing() {
    let mut hub = hub();
    let shares = proposed(&hub, &["KN01", "KN02", "KN03"], 40);
    let p = plan(&mut hub, request(shares.clone())).unwrap();
    members::touch_member(hub.conn(), "KN02").unwrap();
    let e = assert_unchanged(&mut hub, |h| commit(h, &p));
    assert!(
        matches!(&e, HubError::Conflict(m) if m.contains("member KN02")),
        "{e}"
    );
    // A version given with the share is checked at planning too.
    let mut looked = shares;
    looked[2].member_version = Some(7);
    let e = plan(&mut hub, request(looked)).unwrap_err();
    assert!(
        matches!(&e, HubError::Conflict(m) if m.contains("member KN03") && m.contains("version 7")),
        "{e}"
    );
}

#[test]
fn bad_requests_are_refused_before_anything_is_read() {
    let mut hub = hub();
    let shares = proposed(&hub, &["KN01", "KN02"], 20);
    let mut twice = shares.clone();
    twice.push(shares[0].clone());
    assert!(
        matches!(plan(&mut hub, request(twice)), Err(HubError::Invalid(m)) if m.contains("KN01 has two shares"))
    );
    let mut zero = shares.clone();
    zero[1].value = Decimal::ZERO;
    assert!(
        matches!(plan(&mut hub, request(zero)), Err(HubError::Invalid(m)) if m.contains("more than £0.00"))
    );
    let mut fraction = shares.clone();
    fraction[0].value = dec!(10.005);
    assert!(
        matches!(plan(&mut hub, request(fraction)), Err(HubError::Invalid(m)) if m.contains("whole number of pence"))
    );
    assert!(matches!(
        plan(&mut hub, request(vec![])),
        Err(HubError::Invalid(_))
    ));
    let mut blank = request(shares.clone());
    blank.reason = "  ".into();
    assert!(matches!(plan(&mut hub, blank), Err(HubError::Invalid(m)) if m.contains("--reason")));
    let mut unwon = request(shares);
    unwon.opportunity = SUBMITTED.into();
    assert!(
        matches!(plan(&mut hub, unwon), Err(HubError::Refused(m)) if m.contains("only won opportunities"))
    );
    // A member with no headroom cannot be proposed a share of nothing.
    hub.member_with("KN09", Tier::Full, dec!(150000), 0, "2028-03-31");
    let with_none = proposed(&hub, &["KN01", "KN09"], 10);
    assert_eq!(with_none[1].value, Decimal::ZERO);
    assert!(
        matches!(plan(&mut hub, request(with_none)), Err(HubError::Invalid(m)) if m.contains("KN09"))
    );
    assert!(hub.audit_rows().is_empty());
}
