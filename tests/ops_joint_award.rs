//! Joint-delivery awards through the library: the units split by headroom and what is unlet at
//! one unit rate, exact to the penny; every member's sub-contract written in one transaction with
//! an audit row each; nothing let beyond the prime; and any failing or stale member leaving
//! nothing written.

mod ops_support;

use hubboard::HubError;
use hubboard::domain::*;
use hubboard::ops::joint_award::{JointAward, JointAwardOutcome, JointAwardRequest, JointShare};
use hubboard::ops::{Committed, Planned, Why, pipeline};
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

/// `units` a month shared by `members`, split by headroom except for the shares `set` by hand.
fn request(members: &[&str], units: u32, set: Vec<JointShare>) -> JointAwardRequest {
    JointAwardRequest {
        opportunity: WON.into(),
        members: members.iter().map(|m| MemberCode::from(*m)).collect(),
        units_per_month: units,
        set,
        start: d("2026-12-01"),
        end: d("2027-11-30"),
        payment_model: None,
        first_code: None,
    }
}

/// The shares the split by headroom proposes for `members`.
fn proposed(hub: &mut Hub, members: &[&str], units: u32) -> Vec<JointShare> {
    plan(hub, request(members, units, Vec::new()))
        .unwrap()
        .plan
        .members
        .iter()
        .map(|m| m.share.clone())
        .collect()
}

fn plan(hub: &mut Hub, req: JointAwardRequest) -> hubboard::Result<Planned<JointAward>> {
    hub.plan::<JointAward>(&req)
}

fn commit(
    hub: &mut Hub,
    p: &Planned<JointAward>,
    why: &Why,
) -> hubboard::Result<Committed<JointAwardOutcome>> {
    hub.commit(p, why)
}

fn field_error(e: hubboard::Result<Planned<JointAward>>) -> (String, String) {
    match e {
        Err(HubError::Field(f)) => (f.field.to_string(), f.problem.to_string()),
        other => panic!("expected a field error, got {:?}", other.map(|p| p.sheet)),
    }
}

#[test]
fn the_headroom_split_is_exact_to_the_penny_and_units_split_by_largest_remainder() {
    let mut hub = hub();
    // Units: 40 over headroom 50:30:17 = 20.62, 12.37, 7.01 → 20 + 12 + 7 = 39; the spare one
    // to KN01 (.62): 21, 12, 7 a month, over Dec 2026 – Nov 2027 252 + 144 + 84 = 480 units.
    // Net value: £120,000 less the 5% top slice £6,000 = £114,000, nothing let yet; over 480
    // units that is £237.50 a unit exactly: 59,850.00, 34,200.00, 19,950.00.
    let shares = proposed(&mut hub, &["KN01", "KN02", "KN03"], 40);
    let got: Vec<(&str, Decimal, u32)> = shares
        .iter()
        .map(|s| (s.member.as_str(), s.value, s.units_per_month))
        .collect();
    assert_eq!(
        got,
        vec![
            ("KN01", dec!(59850), 21),
            ("KN02", dec!(34200), 12),
            ("KN03", dec!(19950), 7)
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
    let p = plan(&mut hub, request(&["KN01", "KN02", "KN03"], 40, Vec::new())).unwrap();
    assert_eq!(p.plan.top_slice, dec!(6000));
    assert_eq!(p.plan.net_value, dec!(114000));
    assert!(p.plan.sum.passed, "{}", p.plan.sum.reason);
    assert!(
        p.plan.sum.reason.ends_with(": exact"),
        "{}",
        p.plan.sum.reason
    );
    assert!(p.sheet.failed().is_empty(), "{:?}", p.sheet.failed());
    assert_eq!(p.plan.members.len(), 3);
    // The six award checks, the performance standing and the risk passed down, as for a single
    // award; the within-the-prime check is the plan's, on the total.
    assert!(p.plan.members.iter().all(|m| m.checks.len() == 8));
    assert!(p.plan.within.passed, "{}", p.plan.within.reason);
    // Every share has the one unit rate.
    assert!(p.plan.members.iter().all(|m| m.unit_rate == dec!(237.50)));
    let done = commit(&mut hub, &p, &why(REASON)).unwrap();
    assert!(!done.overridden);
    let written: Vec<String> = done.outcome.awards.iter().map(|a| a.code.clone()).collect();
    assert_eq!(written, vec!["SC-0001", "SC-0002", "SC-0003"]);
    assert_eq!(done.audit_ids.len(), 3);
    let kn03 = hub.subcontract("SC-0003");
    assert_eq!(
        (kn03.member.as_str(), kn03.value, kn03.units_per_month),
        ("KN03", dec!(19950), 7)
    );
    assert_eq!(kn03.unit_rate, Some(dec!(237.50)));
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
fn a_joint_award_on_a_part_let_prime_splits_only_the_unlet_remainder() {
    // £20,000 of the £114,000 net is let already (SC-0001 to KN03), leaving £94,000.
    // Units: 20 a month over headroom 50:30 → 12.5, 7.5 → 12 + 7 = 19, the spare one to the
    // earlier tie (KN01): 13, 7; over 12 months 156 + 84 = 240 units. £94,000 / 240 =
    // £391.666… → £391.66 a unit; 240 × 391.66 = £93,998.40, so 160p are left, shared by units:
    // 156/240 × 160 = 104p, 84/240 × 160 = 56p. KN01 156 × 391.66 + 1.04 = £61,100.00; KN02
    // 84 × 391.66 + 0.56 = £32,900.00. Together £94,000.00: nothing let beyond the prime.
    let mut hub = hub();
    hubboard::store::subcontracts::insert_subcontract(
        hub.conn(),
        &SubContract {
            code: "SC-0001".into(),
            opportunity: WON.into(),
            member: "KN03".into(),
            let_by: None,
            value: dec!(20000),
            start: d("2026-12-01"),
            end: d("2027-11-30"),
            units_per_month: 1,
            payment_model: PaymentModel::Block,
            status: SubContractStatus::Active,
            transferred_from: None,
            row_version: 1,
            unit_rate: None,
        },
    )
    .unwrap();
    let p = plan(&mut hub, request(&["KN01", "KN02"], 20, Vec::new())).unwrap();
    assert_eq!(
        (p.plan.let_before, p.plan.unlet),
        (dec!(20000), dec!(94000))
    );
    let got: Vec<(Decimal, u32, Decimal)> = p
        .plan
        .members
        .iter()
        .map(|m| (m.share.value, m.share.units_per_month, m.unit_rate))
        .collect();
    assert_eq!(
        got,
        vec![
            (dec!(61100.00), 13, dec!(391.66)),
            (dec!(32900.00), 7, dec!(391.66))
        ]
    );
    assert!(p.plan.sum.passed, "{}", p.plan.sum.reason);
    assert!(
        p.plan.sum.reason.contains(
            "against unlet £94,000.00 (net value £114,000.00 less £20,000.00 let already)"
        ),
        "{}",
        p.plan.sum.reason
    );
    commit(&mut hub, &p, &why(REASON)).unwrap();
    // Fully let now: another joint award is refused by the rule, with nothing to override.
    let e = assert_unchanged(&mut hub, |h| {
        plan(h, request(&["KN01", "KN02"], 2, Vec::new())).map(|_| ())
    });
    assert!(
        e.to_string()
            .contains("within the prime contract (a rule: cannot be overridden)"),
        "{e}"
    );
}

#[test]
fn shares_a_penny_over_the_net_are_refused_by_rule_and_a_penny_short_needs_an_override() {
    let mut hub = hub();
    let mut shares = proposed(&mut hub, &["KN01", "KN02"], 20);
    shares[1].value += dec!(0.01);
    let p = plan(&mut hub, request(&["KN01", "KN02"], 20, shares.clone())).unwrap();
    assert!(!p.plan.sum.passed);
    assert!(
        p.plan.sum.reason.contains("£0.01 over"),
        "{}",
        p.plan.sum.reason
    );
    // Over the net is letting beyond the prime: no override can set that aside.
    assert!(
        p.sheet
            .blocking()
            .iter()
            .any(|c| c.rule == checks::Rule::WithinPrime)
    );
    let overridden = overriding(REASON, "the commissioner agreed a penny more");
    let e = assert_unchanged(&mut hub, |h| commit(h, &p, &overridden));
    assert!(
        matches!(&e, HubError::Refused(m) if m.contains("within the prime contract") && m.contains("cannot be overridden")),
        "{e}"
    );
    shares[1].value -= dec!(0.02);
    let short = plan(&mut hub, request(&["KN01", "KN02"], 20, shares)).unwrap();
    assert!(
        short.plan.sum.reason.contains("£0.01 short"),
        "{}",
        short.plan.sum.reason
    );
    let overridden = overriding(REASON, "the commissioner holds back a penny");
    assert!(pipeline::refuse_unless_passed(&short.sheet, &overridden).is_ok());
    let done = commit(&mut hub, &short, &overridden).unwrap();
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
    let after: serde_json::Value =
        serde_json::from_str(rows[0].after_json.as_deref().unwrap()).unwrap();
    assert_eq!(
        after["override"]["reason"],
        "the commissioner holds back a penny"
    );
    let failed = after["override"]["failed_checks"].as_array().unwrap();
    assert!(
        failed.iter().any(|c| c["rule"] == "shares_sum"),
        "{failed:?}"
    );
    assert_eq!(after["joint_award"]["sums_exactly"], false);
    hub.assert_audit_intact();
}

#[test]
fn a_member_failing_a_check_leaves_nothing_written() {
    let mut hub = hub();
    hub.member_with("KN04", Tier::Associate, dec!(150000), 40, "2028-03-31");
    let p = plan(&mut hub, request(&["KN01", "KN02", "KN04"], 30, Vec::new())).unwrap();
    let failures: Vec<(&str, &hubboard::domain::checks::Check)> = p
        .plan
        .members
        .iter()
        .flat_map(|m| {
            m.checks
                .iter()
                .filter(|c| !c.passed)
                .map(|c| (m.share.member.as_str(), c))
        })
        .collect();
    assert_eq!(failures.len(), 1);
    assert_eq!(failures[0].0, "KN04");
    assert_eq!(
        failures[0].1.rule,
        hubboard::domain::checks::Rule::FullMember
    );
    assert_eq!(p.sheet.failed().len(), 1);
    let e = assert_unchanged(&mut hub, |h| commit(h, &p, &why(REASON)));
    assert!(
        matches!(&e, HubError::Refused(m) if m.contains("full member: KN04:")),
        "{e}"
    );
}

#[test]
fn a_member_failing_at_commit_after_others_were_written_rolls_back_the_lot() {
    let mut hub = hub();
    let p = plan(&mut hub, request(&["KN01", "KN02", "KN03"], 40, Vec::new())).unwrap();
    assert!(p.sheet.failed().is_empty());
    // KN03's insurance lapses after the plan (a compliance record does not move the member's
    // version): the commit plans again, finds KN03's checks no longer pass, and writes nothing
    // for any member.
    hub.expire(
        "KN03",
        ComplianceKind::PublicLiabilityInsurance,
        "2026-11-30",
    );
    let e = assert_unchanged(&mut hub, |h| commit(h, &p, &why(REASON)));
    assert!(
        matches!(&e, HubError::Conflict(c) if c.changes.iter().any(|l| l.starts_with("members[KN03].") && l.contains("insurance"))),
        "{e}"
    );
    assert!(hub.audit_rows().is_empty());
}

#[test]
fn a_stale_version_for_any_member_is_a_conflict_and_writes_nothing() {
    let mut hub = hub();
    let p = plan(&mut hub, request(&["KN01", "KN02", "KN03"], 40, Vec::new())).unwrap();
    members::touch_member(hub.conn(), "KN02").unwrap();
    let e = assert_unchanged(&mut hub, |h| commit(h, &p, &why(REASON)));
    assert!(
        matches!(&e, HubError::Conflict(c) if c.changes.iter().any(|l| l == "members[KN02].facts.member.row_version: 1 → 2")),
        "{e}"
    );
    // A plan holding another version of a member (as a plan kept from earlier may) is refused
    // the same way.
    let mut looked = plan(&mut hub, request(&["KN01", "KN02", "KN03"], 40, Vec::new())).unwrap();
    looked.plan.members[2].facts.member.row_version = 7;
    let e = assert_unchanged(&mut hub, |h| commit(h, &looked, &why(REASON)));
    assert!(
        matches!(&e, HubError::Conflict(c) if c.changes.iter().any(|l| l == "members[KN03].facts.member.row_version: 7 → 1")),
        "{e}"
    );
}

#[test]
fn bad_requests_are_refused_before_anything_is_read() {
    let mut hub = hub();
    let shares = proposed(&mut hub, &["KN01", "KN02"], 20);
    let twice = plan(&mut hub, request(&["KN01", "KN02", "KN01"], 20, Vec::new()));
    assert!(
        matches!(&twice, Err(e) if e.exit_code() == 2 && e.to_string().contains("KN01")),
        "{:?}",
        twice.map(|p| p.sheet)
    );
    let mut zero = shares.clone();
    zero[1].value = Decimal::ZERO;
    let (field, problem) = field_error(plan(&mut hub, request(&["KN01", "KN02"], 20, zero)));
    assert_eq!(field, "shares");
    assert!(problem.contains("more than £0.00"), "{problem}");
    let mut fraction = shares.clone();
    fraction[0].value = dec!(10.005);
    let (field, problem) = field_error(plan(&mut hub, request(&["KN01", "KN02"], 20, fraction)));
    assert_eq!(field, "shares");
    assert!(problem.contains("in whole pence"), "{problem}");
    let (field, _) = field_error(plan(&mut hub, request(&[], 20, Vec::new())));
    assert_eq!(field, "joint");
    assert!(matches!(
        pipeline::why::<JointAward>("  ", None),
        Err(HubError::Field(f)) if f.field == "reason"
    ));
    let mut unwon = request(&["KN01", "KN02"], 20, Vec::new());
    unwon.opportunity = SUBMITTED.into();
    assert!(
        matches!(plan(&mut hub, unwon), Err(HubError::Refused(m)) if m.contains("only won opportunities"))
    );
    // A member with no headroom cannot be proposed a share of nothing.
    hub.member_with("KN09", Tier::Full, dec!(150000), 0, "2028-03-31");
    let (field, problem) = field_error(plan(&mut hub, request(&["KN01", "KN09"], 10, Vec::new())));
    assert_eq!(field, "shares");
    assert!(problem.contains("KN09"), "{problem}");
    assert!(hub.audit_rows().is_empty());
}
