//! Awarding sub-contracts through the library: every check at its edge, refusals that leave the
//! database untouched, overrides recorded with their reason, and stale edits refused.

mod ops_support;

use hubboard::HubError;
use hubboard::domain::checks::Rule;
use hubboard::domain::*;
use hubboard::ops;
use hubboard::ops::award::{Award, AwardRequest};
use ops_support::*;
use rust_decimal_macros::dec;

fn refused_message(e: HubError) -> String {
    match e {
        HubError::Refused(m) => m,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn an_award_passing_every_check_writes_the_sub_contract_version_and_audit_row() {
    let mut hub = Hub::new();
    hub.member("KN01");
    let planned = hub
        .plan::<Award>(&award_request("KN01", dec!(24000), 20))
        .unwrap();
    assert!(planned.plan.checks.iter().all(|c| c.passed));
    let done = hub
        .commit(&planned, &why("agreed in the joint delivery plan"))
        .unwrap();
    assert!(!done.overridden);
    // The first code in a consortium with none yet: four digits, as the demo writes them.
    assert_eq!(done.outcome.subcontract.code, "SC-0001");
    assert_eq!(done.audit_ids.len(), 1);
    let stored = hub.subcontract("SC-0001");
    assert_eq!(stored.status, SubContractStatus::Active);
    assert_eq!(stored.value, dec!(24000));
    assert_eq!(
        stored.payment_model,
        PaymentModel::Block,
        "taken from the opportunity"
    );
    assert_eq!(hub.member_version("KN01"), 2);
    let rows = hub.audit_rows();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].action, "award");
    assert_eq!(rows[0].entity, "subcontract:SC-0001");
    assert_eq!(rows[0].actor, ACTOR);
    assert_eq!(
        rows[0].reason.as_deref(),
        Some("agreed in the joint delivery plan")
    );
    assert!(
        rows[0]
            .after_json
            .as_deref()
            .unwrap()
            .contains("\"headroom\"")
    );
    hub.assert_audit_intact();
}

#[test]
fn a_generated_code_follows_the_highest_in_use() {
    let mut hub = Hub::new();
    hub.member("KN01").sub(
        "SC-000150",
        "KN01",
        dec!(1200),
        1,
        SubContractStatus::Completed,
    );
    let done = hub.award(award_request("KN01", dec!(1000), 1)).unwrap();
    assert_eq!(done.outcome.subcontract.code, "SC-000151");
    let mut given = award_request("KN01", dec!(1000), 1);
    given.code = Some("SC-SPECIAL".into());
    assert_eq!(
        hub.award(given).unwrap().outcome.subcontract.code,
        "SC-SPECIAL"
    );
    hub.assert_audit_intact();
}

#[test]
fn headroom_exactly_used_up_passes_and_one_unit_over_is_refused() {
    let mut hub = Hub::new();
    // Capacity 50; 20 committed by an active sub-contract; a completed one no longer counts.
    hub.member("KN01")
        .sub(
            "SC-000001",
            "KN01",
            dec!(12000),
            20,
            SubContractStatus::Active,
        )
        .sub(
            "SC-000002",
            "KN01",
            dec!(1200),
            40,
            SubContractStatus::Completed,
        );
    let err = assert_unchanged(&mut hub, |h| {
        h.award(award_request("KN01", dec!(10000), 31))
    });
    let m = refused_message(err);
    assert!(
        m.contains("capacity 50 − committed 20 = 30 units/month free in advice; this needs 31"),
        "{m}"
    );
    assert!(hub.audit_rows().is_empty());

    let planned = hub
        .plan::<Award>(&award_request("KN01", dec!(10000), 30))
        .unwrap();
    hub.commit(&planned, &why("agreed in the joint delivery plan"))
        .unwrap();
    let headroom = planned
        .plan
        .checks
        .iter()
        .find(|c| c.rule == Rule::Headroom)
        .unwrap();
    assert!(headroom.passed, "{}", headroom.reason);
    // Now full: even one more unit is refused.
    let err = assert_unchanged(&mut hub, |h| h.award(award_request("KN01", dec!(100), 1)));
    assert!(refused_message(err).contains("= 0 units/month free"));
    hub.assert_audit_intact();
}

#[test]
fn income_share_exactly_half_passes_and_a_penny_over_is_refused() {
    let mut hub = Hub::new();
    hub.member("KN01").member("KN02");
    let err = assert_unchanged(&mut hub, |h| {
        h.award(award_request("KN01", dec!(50000.01), 10))
    });
    let m = refused_message(err);
    assert!(m.contains("share of income"), "{m}");
    assert!(
        m.contains("£50,000.01 a year against 50% of income £100,000.00 = £50,000.00"),
        "{m}"
    );
    assert!(hub.audit_rows().is_empty());
    hub.award(award_request("KN02", dec!(50000), 10)).unwrap();
    // Existing work counts: KN02 is now at its limit, so a penny more is refused.
    let err = assert_unchanged(&mut hub, |h| h.award(award_request("KN02", dec!(0.01), 1)));
    assert!(refused_message(err).contains("existing £50,000.00 + new £0.01"));
    hub.assert_audit_intact();
}

#[test]
fn compliance_expiring_on_the_start_date_passes_and_the_day_before_is_refused() {
    let mut hub = Hub::new();
    hub.member("KN01")
        .expire(
            "KN01",
            ComplianceKind::PublicLiabilityInsurance,
            "2026-11-30",
        )
        .member("KN02")
        .expire(
            "KN02",
            ComplianceKind::PublicLiabilityInsurance,
            "2026-12-01",
        );
    let err = assert_unchanged(&mut hub, |h| h.award(award_request("KN01", dec!(1000), 1)));
    let m = refused_message(err);
    assert!(
        m.contains("public liability insurance expired 30 Nov 2026"),
        "{m}"
    );
    hub.award(award_request("KN02", dec!(1000), 1)).unwrap();
}

#[test]
fn a_missing_compliance_item_is_named() {
    let mut hub = Hub::new();
    hub.member("KN01");
    hub.conn()
        .execute(
            "DELETE FROM compliance_items WHERE member = 'KN01' AND kind = 'accounts'",
            [],
        )
        .unwrap();
    let err = assert_unchanged(&mut hub, |h| h.award(award_request("KN01", dec!(1000), 1)));
    assert!(refused_message(err).contains("accounts missing"));
}

#[test]
fn an_associate_member_is_refused() {
    let mut hub = Hub::new();
    hub.member_with("AS01", Tier::Associate, dec!(100000), 50, "2028-03-31");
    let err = assert_unchanged(&mut hub, |h| h.award(award_request("AS01", dec!(1000), 1)));
    assert!(refused_message(err).contains("associates may not hold sub-contracts"));
}

#[test]
fn a_member_letting_work_to_another_member_is_refused() {
    let mut hub = Hub::new();
    hub.member("KN01").member("KN02");
    let mut req = award_request("KN01", dec!(1000), 1);
    req.let_by = Some("KN02".into());
    let err = assert_unchanged(&mut hub, |h| h.award(req));
    assert!(refused_message(err).contains("all sub-contracting goes through the hub"));
}

#[test]
fn a_member_with_a_suspended_sub_contract_is_refused() {
    let mut hub = Hub::new();
    hub.member("KN01").sub(
        "SC-000009",
        "KN01",
        dec!(1200),
        1,
        SubContractStatus::Suspended,
    );
    let err = assert_unchanged(&mut hub, |h| h.award(award_request("KN01", dec!(1000), 1)));
    assert!(refused_message(err).contains("SC-000009 (suspended since"));
}

#[test]
fn an_override_records_its_reason_beside_the_failed_checks() {
    let mut hub = Hub::new();
    hub.member("KN01");
    // Accounts lapsed on 31 Jan 2026, before the 1 Dec 2026 start: the compliance check fails.
    hub.expire("KN01", ComplianceKind::Accounts, "2026-01-31");
    let req = award_request("KN01", dec!(1000), 1);
    let done = hub
        .decide::<Award>(
            &req,
            &overriding(
                "agreed in the joint delivery plan",
                "Board minute 14/2026: accounts filed late, received 3 Dec",
            ),
        )
        .unwrap();
    assert!(done.overridden);
    let rows = hub.audit_rows();
    assert_eq!(rows.len(), 1);
    let reason = rows[0].reason.as_deref().unwrap();
    assert!(
        reason.contains("agreed in the joint delivery plan"),
        "{reason}"
    );
    assert!(
        reason.contains("override: Board minute 14/2026"),
        "{reason}"
    );
    let after: serde_json::Value =
        serde_json::from_str(rows[0].after_json.as_deref().unwrap()).unwrap();
    assert_eq!(
        after["override"]["reason"],
        "Board minute 14/2026: accounts filed late, received 3 Dec"
    );
    let failed = after["override"]["failed_checks"].as_array().unwrap();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0]["rule"], "compliance");
    hub.assert_audit_intact();
}

#[test]
fn hard_rules_are_refused_whatever_the_override() {
    // Associates may not hold sub-contracts (ConsortiCo); all sub-contracting goes through the hub
    // (Knowsley): no written reason lets either through.
    let mut hub = Hub::new();
    hub.member_with("AS01", Tier::Associate, dec!(100000), 50, "2028-03-31");
    hub.member("KN01").member("KN02");
    let e = assert_unchanged(&mut hub, |h| {
        h.decide::<Award>(
            &award_request("AS01", dec!(1000), 1),
            &overriding("agreed", "Board minute 14/2026"),
        )
    });
    assert_eq!(e.exit_code(), 1, "{e}");
    let text = e.to_string();
    assert!(
        text.contains("full member") && text.contains("cannot be overridden"),
        "{text}"
    );
    let mut two_step = award_request("KN02", dec!(1000), 1);
    two_step.let_by = Some("KN01".into());
    let e = assert_unchanged(&mut hub, |h| {
        h.decide::<Award>(&two_step, &overriding("agreed", "Board minute 15/2026"))
    });
    assert!(
        e.to_string().contains("let by the hub") && e.to_string().contains("cannot be overridden"),
        "{e}"
    );
    assert!(hub.audit_rows().is_empty());
}

#[test]
fn an_override_reason_on_a_clean_award_is_not_recorded_as_an_override() {
    let mut hub = Hub::new();
    hub.member("KN01");
    let req = award_request("KN01", dec!(1000), 1);
    let done = hub
        .decide::<Award>(
            &req,
            &overriding("agreed in the joint delivery plan", "just in case"),
        )
        .unwrap();
    assert!(!done.overridden);
    let after: serde_json::Value =
        serde_json::from_str(hub.audit_rows()[0].after_json.as_deref().unwrap()).unwrap();
    assert!(after["override"].is_null());
}

#[test]
fn an_opportunity_not_yet_won_is_refused() {
    let mut hub = Hub::new();
    hub.member("KN01");
    let mut req = award_request("KN01", dec!(1000), 1);
    req.opportunity = SUBMITTED.into();
    let err = assert_unchanged(&mut hub, |h| h.award(req));
    assert!(refused_message(err).contains("only won opportunities"));
}

/// Decides `req` with the reasons as typed, read the way both front ends read them.
fn award_typed(
    hub: &mut Hub,
    req: &AwardRequest,
    reason: &str,
    override_reason: Option<&str>,
) -> hubboard::Result<ops::Committed<ops::award::AwardOutcome>> {
    let why = ops::pipeline::why::<Award>(reason, override_reason)?;
    hub.decide::<Award>(req, &why)
}

#[test]
fn bad_input_is_refused_as_invalid_and_writes_nothing() {
    let mut hub = Hub::new();
    hub.member("KN01");
    let reason = "agreed in the joint delivery plan";
    let cases: Vec<(&str, AwardRequest, &str, Option<&str>)> = vec![
        (
            "unknown member",
            AwardRequest {
                member: "NOPE".into(),
                ..award_request("KN01", dec!(1000), 1)
            },
            reason,
            None,
        ),
        (
            "unknown opportunity",
            AwardRequest {
                opportunity: "OP-NOPE".into(),
                ..award_request("KN01", dec!(1000), 1)
            },
            reason,
            None,
        ),
        (
            "unknown letting member",
            AwardRequest {
                let_by: Some("NOPE".into()),
                ..award_request("KN01", dec!(1000), 1)
            },
            reason,
            None,
        ),
        (
            "end before start",
            AwardRequest {
                end: d("2026-11-30"),
                ..award_request("KN01", dec!(1000), 1)
            },
            reason,
            None,
        ),
        (
            "zero value",
            award_request("KN01", dec!(0), 1),
            reason,
            None,
        ),
        (
            "negative value",
            award_request("KN01", dec!(-5), 1),
            reason,
            None,
        ),
        (
            "zero units",
            award_request("KN01", dec!(1000), 0),
            reason,
            None,
        ),
        (
            "empty reason",
            award_request("KN01", dec!(1000), 1),
            "   ",
            None,
        ),
        (
            "empty override reason",
            award_request("KN01", dec!(1000), 1),
            reason,
            Some(""),
        ),
    ];
    for (what, req, reason, override_reason) in cases {
        let err = assert_unchanged(&mut hub, |h| award_typed(h, &req, reason, override_reason));
        assert_eq!(err.exit_code(), 2, "{what}: {err}");
    }
    let err = assert_unchanged(&mut hub, |h| h.award(award_request("NOPE", dec!(1), 1)));
    assert_eq!(err.to_string(), "not found: no member with code 'NOPE'");
    let err = assert_unchanged(&mut hub, |h| {
        h.award(AwardRequest {
            end: d("2026-11-30"),
            ..award_request("KN01", dec!(1000), 1)
        })
    });
    assert_eq!(
        err.to_string(),
        "end: 30 Nov 2026 is before the start, 1 Dec 2026"
    );
    // A code already in use.
    hub.sub(
        "SC-000007",
        "KN01",
        dec!(1200),
        1,
        SubContractStatus::Completed,
    );
    let err = assert_unchanged(&mut hub, |h| {
        h.award(AwardRequest {
            code: Some("SC-000007".into()),
            ..award_request("KN01", dec!(1000), 1)
        })
    });
    assert!(err.to_string().contains("already exists"));
    assert!(hub.audit_rows().is_empty());
}

#[test]
fn an_award_against_a_stale_member_version_is_a_conflict() {
    let mut hub = Hub::new();
    hub.member("KN01");
    hub.award(award_request("KN01", dec!(1000), 1)).unwrap();
    let mut req = award_request("KN01", dec!(1000), 1);
    req.member_version = Some(1);
    let err = assert_unchanged(&mut hub, |h| h.award(req));
    assert!(matches!(err, HubError::Conflict(_)));
    assert_eq!(err.exit_code(), 3);
    assert_eq!(
        err.to_string(),
        "conflict: member KN01 was changed since you looked (version 1, now 2); look again and retry"
    );
}

#[test]
fn a_plan_is_checked_again_when_committed() {
    // Planned while there was room; a colleague's direct change to capacity lands before the
    // commit (without touching the member's version): the re-check refuses it.
    let mut hub = Hub::new();
    hub.member("KN01");
    let planned = hub
        .plan::<Award>(&award_request("KN01", dec!(1000), 40))
        .unwrap();
    assert!(planned.sheet.failed().is_empty());
    hub.conn()
        .execute(
            "UPDATE member_capacity SET units_per_month = 30 WHERE member = 'KN01'",
            [],
        )
        .unwrap();
    let err = assert_unchanged(&mut hub, |h| {
        h.commit(&planned, &why("agreed in the joint delivery plan"))
    });
    let HubError::Conflict(conflict) = &err else {
        panic!("expected a conflict, got {err:?}");
    };
    assert_eq!(err.exit_code(), 3);
    assert!(
        conflict
            .changes
            .iter()
            .any(|c| c == "facts.capacity: 50 → 30"),
        "{err}"
    );
    assert!(err.to_string().contains("capacity 30"), "{err}");
}
