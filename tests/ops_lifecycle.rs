//! The escalation ladder through the library: suspend (with the Compact's notice period),
//! reinstate, transfer the remainder, claw back, re-profile; each refusal leaves the database
//! exactly as it was and every success leaves the audit chain intact.

mod ops_support;

use hubboard::HubError;
use hubboard::domain::*;
use hubboard::ops::clawback::{Clawback, ClawbackRequest};
use hubboard::ops::reprofile::{Reprofile, ReprofileRequest};
use hubboard::ops::suspend::{Suspend, SuspendRequest};
use hubboard::ops::transfer::{Transfer, TransferRequest};
use hubboard::ops::{self, Committed, Decision};
use hubboard::store::subcontracts;
use ops_support::*;
use rust_decimal_macros::dec;

/// KN01 holds SC-000001: £10,000 for 7 units a month, Apr 2026 – Mar 2027: 84 units at £119.04
/// (10,000 ÷ 84 = 119.047…, rounded down; 84 × 119.04 = 9,999.36, so 64p are earned on
/// completion). KN02 has room to take work on.
fn hub_on(today: &str) -> Hub {
    let hub = Hub::on(today);
    hub.member("KN01").member("KN02").sub(
        "SC-000001",
        "KN01",
        dec!(10000),
        7,
        SubContractStatus::Active,
    );
    hub
}

fn hub() -> Hub {
    hub_on(TODAY)
}

const URGENT: &str = "safeguarding concern reported by the council";
const TRANSFER: &str = "KN02 has capacity in advice";
const REPROFILE: &str = "staff vacancy until the new adviser starts";

/// Decides `req` as `D` with the reasons as typed, read the way both front ends read them.
fn typed<D: Decision + hubboard::ops::Registered>(
    hub: &mut Hub,
    req: &D::Request,
    reason: &str,
    override_reason: Option<&str>,
) -> hubboard::Result<Committed<D::Outcome>> {
    let why = ops::pipeline::why::<D>(reason, override_reason)?;
    hub.decide::<D>(req, &why)
}

fn urgent(sub: &str) -> SuspendRequest {
    SuspendRequest {
        reason_code: SuspensionReason::Safeguarding,
        urgent: true,
        ..suspend_request(sub)
    }
}

fn suspend_urgent(
    hub: &mut Hub,
    req: SuspendRequest,
) -> hubboard::Result<Committed<ops::suspend::SuspendOutcome>> {
    typed::<Suspend>(hub, &req, URGENT, None)
}

fn transfer_to(to: &str) -> TransferRequest {
    TransferRequest {
        subcontract: "SC-000001".into(),
        to: to.into(),
        code: None,
    }
}

fn transfer(
    hub: &mut Hub,
    req: TransferRequest,
) -> hubboard::Result<Committed<ops::transfer::TransferOutcome>> {
    typed::<Transfer>(hub, &req, TRANSFER, None)
}

fn reprofile(units: u32, from: &str) -> ReprofileRequest {
    ReprofileRequest {
        subcontract: "SC-000001".into(),
        units_per_month: units,
        from: p(from),
        reduce_value: false,
    }
}

/// A re-profile agreed with the commissioner: fewer outputs for the same money, overridden.
fn reprofile_as_agreed(
    hub: &mut Hub,
    req: ReprofileRequest,
) -> hubboard::Result<Committed<ops::reprofile::ReprofileOutcome>> {
    typed::<Reprofile>(hub, &req, REPROFILE, Some("agreed with the commissioner"))
}

fn clawback(
    hub: &mut Hub,
    sub: &str,
    reason: &str,
) -> hubboard::Result<Committed<ops::clawback::ClawbackOutcome>> {
    let req = ClawbackRequest {
        subcontract: sub.into(),
        claim_code: None,
        count_unreferred: false,
    };
    typed::<Clawback>(hub, &req, reason, None)
}

#[test]
fn a_suspension_takes_effect_after_three_months_notice_by_default() {
    let mut hub = hub();
    let done = hub.suspend(suspend_request("SC-000001")).unwrap();
    assert_eq!(done.outcome.suspension.decided, d("2026-11-22"));
    assert_eq!(done.outcome.suspension.effective, d("2027-02-22"));
    assert!(!done.outcome.suspension.urgent);
    // Notice given: still active and paid through 22 Feb 2027, suspended from the 23rd.
    assert_eq!(
        hub.subcontract("SC-000001").status,
        SubContractStatus::Active
    );
    assert_eq!(
        done.outcome.state,
        state::State::UnderNotice {
            ends: d("2027-02-22")
        }
    );
    assert_eq!(
        ops::suspend::Suspend::done(&done.outcome),
        "SC-000001: notice given, ends 22 Feb 2027; it delivers and is paid until then and is suspended from 23 Feb 2027"
    );
    assert_eq!(hub.subcontract("SC-000001").row_version, 2);
    let stored = subcontracts::suspensions_of(hub.conn(), "SC-000001").unwrap();
    assert_eq!(stored, vec![done.outcome.suspension]);
    let rows = hub.audit_rows();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].action, "suspend");
    assert!(
        rows[0]
            .reason
            .as_deref()
            .unwrap()
            .starts_with("under_delivery: delivered under half")
    );
    hub.assert_audit_intact();
}

#[test]
fn notice_from_the_end_of_november_runs_to_the_end_of_february() {
    let mut hub = hub_on("2026-11-30");
    let err = assert_unchanged(&mut hub, |h| {
        h.suspend(SuspendRequest {
            effective: Some(d("2027-02-27")),
            ..suspend_request("SC-000001")
        })
    });
    assert!(matches!(err, HubError::Refused(_)));
    assert!(
        err.to_string()
            .contains("the earliest effective date is 28 Feb 2027"),
        "{err}"
    );
    assert!(hub.audit_rows().is_empty());
    let done = hub
        .suspend(SuspendRequest {
            effective: Some(d("2027-02-28")),
            ..suspend_request("SC-000001")
        })
        .unwrap();
    assert_eq!(done.outcome.suspension.effective, d("2027-02-28"));
}

#[test]
fn notice_into_a_leap_year_ends_on_the_twenty_ninth_of_february() {
    let mut hub = hub_on("2027-11-30");
    let done = hub.suspend(suspend_request("SC-000001")).unwrap();
    assert_eq!(done.outcome.suspension.effective, d("2028-02-29"));
}

#[test]
fn an_urgent_suspension_takes_effect_the_same_day() {
    let mut hub = hub();
    let done = suspend_urgent(&mut hub, urgent("SC-000001")).unwrap();
    assert_eq!(done.outcome.suspension.effective, d("2026-11-22"));
    assert!(done.outcome.suspension.urgent);
    assert_eq!(
        hub.subcontract("SC-000001").status,
        SubContractStatus::Suspended
    );
    hub.assert_audit_intact();
}

#[test]
fn suspension_refusals_and_bad_input_write_nothing() {
    let mut hub = hub();
    hub.sub(
        "SC-000002",
        "KN01",
        dec!(1200),
        1,
        SubContractStatus::Completed,
    );
    let err = assert_unchanged(&mut hub, |h| h.suspend(suspend_request("SC-000002")));
    assert!(
        err.to_string()
            .contains("only an active sub-contract can be suspended")
    );
    let err = assert_unchanged(&mut hub, |h| h.suspend(suspend_request("SC-404")));
    assert_eq!(
        err.to_string(),
        "not found: no sub-contract with code 'SC-404'"
    );
    let err = assert_unchanged(&mut hub, |h| {
        typed::<Suspend>(h, &suspend_request("SC-000001"), " ", None)
    });
    assert_eq!(err.exit_code(), 2);
    let err = assert_unchanged(&mut hub, |h| {
        suspend_urgent(
            h,
            SuspendRequest {
                effective: Some(d("2026-11-21")),
                ..urgent("SC-000001")
            },
        )
    });
    assert!(
        matches!(&err, HubError::Field(f) if f.field == "effective"),
        "{err:?}"
    );
    assert!(hub.audit_rows().is_empty());
}

#[test]
fn reinstating_lifts_the_suspension_and_reactivates() {
    let mut hub = hub();
    hub.suspend(suspend_request("SC-000001")).unwrap();
    let done = hub
        .reinstate("SC-000001", "improvement plan agreed and met")
        .unwrap();
    assert_eq!(done.outcome.subcontract.status, SubContractStatus::Active);
    assert_eq!(done.outcome.subcontract.row_version, 3);
    let stored = subcontracts::suspensions_of(hub.conn(), "SC-000001").unwrap();
    assert_eq!(stored[0].lifted, Some(d("2026-11-22")));
    assert!(
        subcontracts::open_suspension(hub.conn(), "SC-000001")
            .unwrap()
            .is_none()
    );
    let rows = hub.audit_rows();
    assert_eq!(rows.last().unwrap().action, "reinstate");
    assert_eq!(
        rows.last().unwrap().reason.as_deref(),
        Some("improvement plan agreed and met")
    );
    // Reinstating what is active is refused and writes nothing.
    let err = assert_unchanged(&mut hub, |h| h.reinstate("SC-000001", "again"));
    assert!(
        err.to_string()
            .contains("only a sub-contract under notice or suspended can be reinstated"),
        "{err}"
    );
    hub.assert_audit_intact();
}

#[test]
fn a_transfer_moves_the_remainder_at_the_unit_price_to_the_penny() {
    let mut hub = hub();
    suspend_urgent(&mut hub, urgent("SC-000001")).unwrap();
    let done = transfer(&mut hub, transfer_to("KN02")).unwrap();
    // Urgent on 22 Nov 2026: SC-000001 delivers to the 22nd. Kept: Apr – Oct, 7 × 7 = 49 units,
    // and November's 7 × 22/30 days = 5.13 → 5: 54 units × £119.04 = £6,428.16. Moved from 23
    // Nov: 2 units in November + Dec – Mar 4 × 7 = 30 units × £119.04 = £3,571.20 + the 64p
    // completion pennies = £3,571.84. Together £10,000.00: nothing let twice.
    let t = &done.outcome.transferred;
    assert_eq!(t.code, "SC-000002");
    assert_eq!(t.member, "KN02");
    assert_eq!(t.value, dec!(3571.84));
    assert_eq!(t.unit_rate, Some(dec!(119.04)));
    assert_eq!((t.start, t.end), (d("2026-11-23"), d("2027-03-31")));
    assert_eq!(t.units_per_month, 7);
    assert_eq!(t.transferred_from.as_deref(), Some("SC-000001"));
    assert_eq!(hub.subcontract("SC-000002"), *t);
    let new_profile: Vec<(String, u32)> = subcontracts::profiles_of(hub.conn(), "SC-000002")
        .unwrap()
        .iter()
        .map(|p| (p.effective_from.to_string(), p.units_per_month))
        .collect();
    assert_eq!(
        new_profile,
        vec![("2026-11".into(), 2), ("2026-12".into(), 7)]
    );
    let original = hub.subcontract("SC-000001");
    assert_eq!(original.status, SubContractStatus::Terminated);
    assert_eq!(
        (original.value, original.end),
        (dec!(6428.16), d("2026-11-22"))
    );
    assert_eq!(original.value + t.value, dec!(10000));
    let kept = subcontracts::profiles_of(hub.conn(), "SC-000001").unwrap();
    assert_eq!(kept.last().unwrap().units_per_month, 5);
    assert_eq!(hub.member_version("KN02"), 2);
    let rows = hub.audit_rows();
    let actions: Vec<&str> = rows.iter().map(|r| r.action.as_str()).collect();
    assert_eq!(actions, vec!["suspend", "transfer", "transfer_in"]);
    assert_eq!(rows[2].entity, "subcontract:SC-000002");
    hub.assert_audit_intact();
}

#[test]
fn a_transfer_after_notice_moves_only_the_months_left() {
    let mut hub = hub();
    hub.suspend(suspend_request("SC-000001")).unwrap(); // notice ends 22 Feb 2027
    let done = transfer(&mut hub, transfer_to("KN02")).unwrap();
    // Kept: Apr 2026 – Jan 2027, 10 × 7 = 70 units, and February's 7 × 22/28 = 5.5 → 5: 75
    // units × £119.04 = £8,928.00. Moved from 23 Feb: 2 + 7 (March) = 9 units × £119.04 =
    // £1,071.36 + 64p = £1,072.00.
    assert_eq!(done.outcome.transferred.value, dec!(1072.00));
    assert_eq!(done.outcome.transferred.start, d("2027-02-23"));
    // Decided in November, the original works out its notice: active, paid, ending 22 Feb.
    let original = hub.subcontract("SC-000001");
    assert_eq!(original.status, SubContractStatus::Active);
    assert_eq!(
        (original.value, original.end),
        (dec!(8928.00), d("2027-02-22"))
    );
    let open = subcontracts::open_suspension(hub.conn(), "SC-000001").unwrap();
    assert_eq!(
        state::State::of(&original, open.as_ref(), d("2026-12-01")),
        state::State::UnderNotice {
            ends: d("2027-02-22")
        }
    );
    assert_eq!(
        state::State::of(&original, open.as_ref(), d("2027-02-23")).describe(),
        "ended 22 Feb 2027, remainder to SC-000002"
    );
    // Its remainder has gone: a second transfer is refused.
    let err = assert_unchanged(&mut hub, |h| transfer(h, transfer_to("KN02")));
    assert!(
        err.to_string()
            .contains("already been transferred to SC-000002"),
        "{err}"
    );
}

#[test]
fn a_transfer_is_checked_against_the_receiving_member_and_may_be_overridden() {
    let mut hub = hub();
    hub.member_with("KN03", Tier::Full, dec!(100000), 5, "2028-03-31");
    suspend_urgent(&mut hub, urgent("SC-000001")).unwrap();
    let err = assert_unchanged(&mut hub, |h| transfer(h, transfer_to("KN03")));
    let m = err.to_string();
    assert!(
        m.starts_with("refused: a check failed: ✗ capacity headroom: "),
        "{m}"
    );
    assert!(m.contains("capacity 5 − committed 0 = 5"), "{m}");
    let before = hub.audit_rows().len();
    let done = typed::<Transfer>(
        &mut hub,
        &transfer_to("KN03"),
        TRANSFER,
        Some("KN03 is recruiting two advisers from December"),
    )
    .unwrap();
    assert!(done.overridden);
    let rows = hub.audit_rows();
    assert_eq!(rows.len(), before + 2);
    for row in &rows[before..] {
        assert!(
            row.reason
                .as_deref()
                .unwrap()
                .contains("override: KN03 is recruiting")
        );
    }
    let after: serde_json::Value =
        serde_json::from_str(rows[before + 1].after_json.as_deref().unwrap()).unwrap();
    assert_eq!(after["override"]["failed_checks"][0]["rule"], "headroom");
    hub.assert_audit_intact();
}

#[test]
fn transfer_refusals_and_bad_input_write_nothing() {
    let mut hub = hub();
    let err = assert_unchanged(&mut hub, |h| transfer(h, transfer_to("KN02")));
    assert!(
        err.to_string()
            .contains("only a sub-contract under notice or suspended can be transferred"),
        "{err}"
    );
    suspend_urgent(&mut hub, urgent("SC-000001")).unwrap();
    let err = assert_unchanged(&mut hub, |h| transfer(h, transfer_to("KN01")));
    assert!(
        matches!(&err, HubError::Field(f) if f.field == "to"),
        "{err:?}"
    );
    let err = assert_unchanged(&mut hub, |h| transfer(h, transfer_to("NOPE")));
    assert!(matches!(err, HubError::NotFound(_)));
}

#[test]
fn a_claw_back_claims_paid_minus_earned_to_the_penny_once() {
    let mut hub = hub();
    hub.ret("SC-000001", "2026-04", 7, 4, dec!(833.33), true)
        .ret("SC-000001", "2026-05", 7, 5, dec!(833.33), true)
        .ret("SC-000001", "2026-06", 7, 6, dec!(833.33), true);
    let done = clawback(&mut hub, "SC-000001", "under-delivery in the first quarter").unwrap();
    // Paid £2,499.99; earned 15 × £119.04 = £1,785.60; owed £714.39.
    assert_eq!(done.outcome.figures.paid, dec!(2499.99));
    assert_eq!(done.outcome.figures.earned, dec!(1785.60));
    assert_eq!(done.outcome.claim.amount, dec!(714.39));
    assert_eq!(done.outcome.claim.code, "CL-000001");
    assert_eq!(
        subcontracts::claims_of(hub.conn(), "SC-000001").unwrap(),
        vec![done.outcome.claim]
    );
    assert_eq!(hub.subcontract("SC-000001").row_version, 2);
    // Claimed already: nothing more is owed, and a second claim is refused.
    let err = assert_unchanged(&mut hub, |h| clawback(h, "SC-000001", "again"));
    assert!(err.to_string().contains("nothing to claw back"), "{err}");
    assert!(err.to_string().contains("already claimed £714.39"), "{err}");
    hub.assert_audit_intact();
}

#[test]
fn nothing_to_claw_back_when_delivery_earned_the_payments() {
    let mut hub = hub();
    // 12 units at £119.04 = £1,428.48 earned against £1,428.48 paid.
    hub.ret("SC-000001", "2026-04", 7, 12, dec!(1428.48), true);
    let err = assert_unchanged(&mut hub, |h| clawback(h, "SC-000001", "year-end review"));
    assert!(matches!(err, HubError::Refused(_)));
    let err = assert_unchanged(&mut hub, |h| clawback(h, "SC-000001", ""));
    assert_eq!(err.exit_code(), 2);
    assert!(hub.audit_rows().is_empty());
}

#[test]
fn a_re_profile_keeps_the_history_and_retargets_returns_not_yet_in() {
    let mut hub = hub();
    hub.ret("SC-000001", "2026-10", 7, 5, dec!(833.33), true)
        .ret("SC-000001", "2026-11", 7, 0, dec!(0), false)
        .ret("SC-000001", "2026-12", 7, 0, dec!(0), false);
    let member_version = hub.member_version("KN01");
    let done = reprofile_as_agreed(&mut hub, reprofile(4, "2026-11")).unwrap();
    assert_eq!(done.outcome.subcontract.units_per_month, 4);
    assert_eq!(done.outcome.returns_retargeted, 2);
    let history = subcontracts::profiles_of(hub.conn(), "SC-000001").unwrap();
    let summary: Vec<(u32, String, u32)> = history
        .iter()
        .map(|r| (r.revision, r.effective_from.to_string(), r.units_per_month))
        .collect();
    assert_eq!(
        summary,
        vec![(1, "2026-04".into(), 7), (2, "2026-11".into(), 4)]
    );
    assert_eq!(history[0].reason, "original profile");
    let targets: Vec<u32> = subcontracts::returns_of(hub.conn(), "SC-000001")
        .unwrap()
        .iter()
        .map(|r| r.units_target)
        .collect();
    assert_eq!(
        targets,
        vec![7, 4, 4],
        "the submitted October return keeps its target"
    );
    assert_eq!(hub.member_version("KN01"), member_version + 1);

    reprofile_as_agreed(&mut hub, reprofile(6, "2026-12")).unwrap();
    let history = subcontracts::profiles_of(hub.conn(), "SC-000001").unwrap();
    assert_eq!(history.len(), 3, "earlier revisions are kept");
    assert_eq!((history[2].revision, history[2].units_per_month), (3, 6));
    let targets: Vec<u32> = subcontracts::returns_of(hub.conn(), "SC-000001")
        .unwrap()
        .iter()
        .map(|r| r.units_target)
        .collect();
    assert_eq!(targets, vec![7, 4, 6]);
    assert_eq!(hub.audit_rows().len(), 2);
    hub.assert_audit_intact();
}

#[test]
fn a_re_profile_changes_only_months_still_to_come() {
    let mut hub = hub();
    hub.ret("SC-000001", "2026-04", 7, 7, dec!(833.33), true)
        .ret("SC-000001", "2026-05", 7, 7, dec!(833.33), true)
        .ret("SC-000001", "2026-06", 7, 7, dec!(833.33), true);
    // Returns are in to June: re-profiling from June would rewrite a month already reported.
    let err = assert_unchanged(&mut hub, |h| {
        typed::<Reprofile>(h, &reprofile(8, "2026-06"), REPROFILE, None)
    });
    assert_eq!(err.exit_code(), 2, "{err}");
    let text = err.to_string();
    assert!(
        text.contains("from: Jun 2026 is out of range")
            && text.contains("returns are in up to Jun 2026")
            && text.contains("from Jul 2026 on"),
        "{text}"
    );
    // From July, more outputs for the same money needs nothing more.
    let done = typed::<Reprofile>(&mut hub, &reprofile(8, "2026-07"), REPROFILE, None).unwrap();
    assert_eq!(done.outcome.subcontract.units_per_month, 8);
    assert_eq!(done.outcome.subcontract.value, dec!(10000));
}

#[test]
fn cutting_the_outputs_owed_reduces_the_value_at_the_unit_rate_or_needs_an_override() {
    // £10,000 for 7 units a month, Apr 2026 – Mar 2027: 84 units at £119.04 a unit. Four a
    // month from Dec 2026 (Dec–Mar, four months) owes 84 − 3 × 4 = 72: 12 units fewer, which at
    // the unit rate is 12 × £119.04 = £1,428.48, leaving £8,571.52.
    let mut hub = hub();
    let err = assert_unchanged(&mut hub, |h| {
        typed::<Reprofile>(h, &reprofile(4, "2026-12"), REPROFILE, None)
    });
    assert_eq!(err.exit_code(), 1, "{err}");
    assert!(
        err.to_string()
            .contains("outputs owed 84 → 72 units while the value stays £10,000.00"),
        "{err}"
    );
    let req = ReprofileRequest {
        reduce_value: true,
        ..reprofile(4, "2026-12")
    };
    let done = typed::<Reprofile>(&mut hub, &req, REPROFILE, None).unwrap();
    assert_eq!(done.outcome.subcontract.value, dec!(8571.52));
    assert_eq!(done.outcome.subcontract.units_per_month, 4);
    // The unit rate is what it was, pinned: 72 × £119.04 = £8,570.88, and the 64p completion
    // pennies still make £8,571.52.
    assert_eq!(hub.subcontract("SC-000001").unit_rate, Some(dec!(119.04)));
    assert_eq!(dec!(72) * dec!(119.04) + dec!(0.64), dec!(8571.52));
    let rows = hub.audit_rows();
    let after = rows.last().unwrap().after_json.as_deref().unwrap();
    assert!(after.contains("\"value\":\"8571.52\""), "{after}");
}

#[test]
fn re_profile_bad_input_writes_nothing() {
    let mut hub = hub();
    for (what, req, reason) in [
        ("before the start", reprofile(4, "2026-03"), REPROFILE),
        ("after the end", reprofile(4, "2027-04"), REPROFILE),
        ("no change", reprofile(7, "2026-11"), REPROFILE),
        ("empty reason", reprofile(4, "2026-11"), ""),
    ] {
        let err = assert_unchanged(&mut hub, |h| typed::<Reprofile>(h, &req, reason, None));
        assert_eq!(err.exit_code(), 2, "{what}: {err}");
    }
}

#[test]
fn a_stale_sub_contract_is_a_conflict_and_writes_nothing() {
    let mut hub = hub();
    let plan = hub.plan::<Suspend>(&suspend_request("SC-000001")).unwrap();
    reprofile_as_agreed(&mut hub, reprofile(5, "2026-12")).unwrap();
    let err = assert_unchanged(&mut hub, |h| {
        h.commit(
            &plan,
            &why("delivered under half its profile for three months"),
        )
    });
    let HubError::Conflict(conflict) = &err else {
        panic!("expected a conflict, got {err:?}");
    };
    assert_eq!(
        conflict.summary,
        "what this plan read has changed since it was shown; nothing was written. Look at the new plan and decide again"
    );
    assert_eq!(
        conflict.changes,
        vec![
            "subcontract.row_version: 1 → 2",
            "subcontract.unit_rate: none → 119.04",
            "subcontract.units_per_month: 7 → 5"
        ]
    );
    assert_eq!(conflict.since.len(), 1, "{err}");
    assert!(
        conflict.since[0].ends_with(" officer reprofile subcontract:SC-000001"),
        "{err}"
    );
    assert_eq!(
        hub.subcontract("SC-000001").status,
        SubContractStatus::Active
    );
    hub.assert_audit_intact();
}

#[test]
fn a_claw_back_after_a_re_profile_prices_units_as_agreed_at_letting() {
    let mut hub = hub();
    hub.ret("SC-000001", "2026-04", 7, 4, dec!(833.33), true)
        .ret("SC-000001", "2026-05", 7, 5, dec!(833.33), true)
        .ret("SC-000001", "2026-06", 7, 6, dec!(833.33), true);
    // Profiling fewer units must not raise the price of the units already delivered.
    reprofile_as_agreed(&mut hub, reprofile(3, "2026-12")).unwrap();
    let done = clawback(&mut hub, "SC-000001", "first quarter under-delivered").unwrap();
    // 15 units at the £119.04 the work was let at: £1,785.60 earned, £714.39 owed.
    assert_eq!(done.outcome.figures.earned, dec!(1785.60));
    assert_eq!(done.outcome.claim.amount, dec!(714.39));
    hub.assert_audit_intact();
}
