//! Early warnings and improvement plans through the library: each change one transaction with
//! its audit row, every refusal leaving the database as it was, stale edits refused.

mod ops_support;

use hubboard::HubError;
use hubboard::domain::SubContractStatus;
use hubboard::error::Problem;
use hubboard::ops::improvement::{
    ImprovementAdd, ImprovementAddRequest, ImprovementDone, ImprovementDoneRequest,
    ImprovementOutcome,
};
use hubboard::ops::warning::{ClearWarning, Warn, WarnRequest, WarningOutcome};
use hubboard::ops::{self, Committed, Decision};
use ops_support::*;
use rust_decimal_macros::dec;

/// KN01 holds SC-000001 (active) and SC-000002 (terminated); KN02 holds SC-000003 (suspended).
fn hub() -> Hub {
    let hub = Hub::new();
    hub.member("KN01")
        .member("KN02")
        .sub(
            "SC-000001",
            "KN01",
            dec!(10000),
            7,
            SubContractStatus::Active,
        )
        .sub(
            "SC-000002",
            "KN01",
            dec!(5000),
            3,
            SubContractStatus::Terminated,
        )
        .sub(
            "SC-000003",
            "KN02",
            dec!(8000),
            5,
            SubContractStatus::Suspended,
        );
    hub
}

const AGREED: &str = "agreed at the review visit";

fn add_request(sub: &str, action: &str, owner: &str, due: &str) -> ImprovementAddRequest {
    ImprovementAddRequest {
        subcontract: sub.into(),
        action: action.into(),
        owner: owner.into(),
        due: d(due),
    }
}

/// Decides `req` as `D` with the reason as typed, read the way both front ends read it.
fn typed<D: Decision + hubboard::ops::Registered>(
    hub: &mut Hub,
    req: &D::Request,
    reason: &str,
) -> hubboard::Result<Committed<D::Outcome>> {
    let why = ops::pipeline::why::<D>(reason, None)?;
    hub.decide::<D>(req, &why)
}

fn add(hub: &mut Hub, req: ImprovementAddRequest) -> hubboard::Result<ImprovementOutcome> {
    typed::<ImprovementAdd>(hub, &req, AGREED).map(|c| c.outcome)
}

fn add_with_reason(
    hub: &mut Hub,
    req: ImprovementAddRequest,
    reason: &str,
) -> hubboard::Result<ImprovementOutcome> {
    typed::<ImprovementAdd>(hub, &req, reason).map(|c| c.outcome)
}

fn done_request(sub: &str, id: i64) -> ImprovementDoneRequest {
    ImprovementDoneRequest {
        subcontract: sub.into(),
        id,
    }
}

fn done(hub: &mut Hub, sub: &str, id: i64, reason: &str) -> hubboard::Result<ImprovementOutcome> {
    typed::<ImprovementDone>(hub, &done_request(sub, id), reason).map(|c| c.outcome)
}

fn warn_request(sub: &str) -> WarnRequest {
    WarnRequest {
        subcontract: sub.into(),
    }
}

fn warn(hub: &mut Hub, sub: &str, reason: &str) -> hubboard::Result<WarningOutcome> {
    typed::<Warn>(hub, &warn_request(sub), reason).map(|c| c.outcome)
}

fn clear(hub: &mut Hub, sub: &str, reason: &str) -> hubboard::Result<WarningOutcome> {
    typed::<ClearWarning>(hub, &warn_request(sub), reason).map(|c| c.outcome)
}

fn missing(e: &HubError, field: &str) -> bool {
    matches!(e, HubError::Field(f) if f.field == field && f.problem == Problem::Missing)
}

#[test]
fn improvement_actions_are_added_listed_by_due_date_and_completed_with_audit_rows() {
    let mut hub = hub();
    let a = add(
        &mut hub,
        add_request(
            "SC-000001",
            "Weekly caseload review",
            "Delivery manager",
            "2027-01-31",
        ),
    )
    .unwrap();
    // A due date already past is allowed: plans are often written up after they were agreed.
    let b = add(
        &mut hub,
        add_request(
            "SC-000001",
            "Recruit a second adviser",
            "Chief executive",
            "2026-11-01",
        ),
    )
    .unwrap();
    // A suspended sub-contract may have an improvement plan: it is how reinstatement is earned.
    add(
        &mut hub,
        add_request(
            "SC-000003",
            "Submit the missing returns",
            "Finance officer",
            "2026-12-15",
        ),
    )
    .unwrap();
    let list = ops::actions_of(hub.conn(), "SC-000001").unwrap();
    let ids: Vec<i64> = list.iter().map(|x| x.id).collect();
    assert_eq!(ids, vec![b.action.id, a.action.id], "by due date");
    assert!(list[0].is_overdue(d(TODAY)));
    assert!(!list[1].is_overdue(d(TODAY)));
    assert_eq!(list[1].raised, d(TODAY));
    assert_eq!(list[1].raised_by, ACTOR);
    let finished = done(&mut hub, "SC-000001", b.action.id, "adviser started 20 Nov").unwrap();
    assert_eq!(finished.action.completed, Some(d(TODAY)));
    assert_eq!(
        finished.action.completion_reason.as_deref(),
        Some("adviser started 20 Nov")
    );
    assert!(!ops::actions_of(hub.conn(), "SC-000001").unwrap()[0].is_overdue(d(TODAY)));
    let rows = hub.audit_rows();
    let actions: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r.action.as_str(), r.entity.as_str()))
        .collect();
    assert_eq!(
        actions,
        vec![
            ("improvement_add", "subcontract:SC-000001"),
            ("improvement_add", "subcontract:SC-000001"),
            ("improvement_add", "subcontract:SC-000003"),
            ("improvement_done", "subcontract:SC-000001"),
        ]
    );
    assert!(
        rows[3]
            .before_json
            .as_deref()
            .unwrap()
            .contains("\"completed\":null")
    );
    assert_eq!(rows[3].reason.as_deref(), Some("adviser started 20 Nov"));
    hub.assert_audit_intact();
}

#[test]
fn empty_actions_owners_and_reasons_and_ended_sub_contracts_are_refused_unchanged() {
    let mut hub = hub();
    let e = assert_unchanged(&mut hub, |h| {
        add(h, add_request("SC-000001", "  ", "Manager", "2027-01-01"))
    });
    assert!(missing(&e, "action"), "{e}");
    assert_eq!(e.to_string(), "action is required");
    let e = assert_unchanged(&mut hub, |h| {
        add(h, add_request("SC-000001", "Review", "", "2027-01-01"))
    });
    assert!(missing(&e, "owner"), "{e}");
    let no_reason = add_request("SC-000001", "Review", "Manager", "2027-01-01");
    let e = assert_unchanged(&mut hub, |h| add_with_reason(h, no_reason, ""));
    assert!(missing(&e, "reason"), "{e}");
    let e = assert_unchanged(&mut hub, |h| {
        add(
            h,
            add_request("SC-000002", "Review", "Manager", "2027-01-01"),
        )
    });
    assert!(
        matches!(&e, HubError::Refused(m) if m.contains("terminated")),
        "{e}"
    );
    let e = assert_unchanged(&mut hub, |h| {
        add(h, add_request("SC-404", "Review", "Manager", "2027-01-01"))
    });
    assert!(matches!(e, HubError::NotFound(_)));
}

#[test]
fn completing_twice_or_on_the_wrong_sub_contract_is_refused_and_a_race_is_a_conflict() {
    let mut hub = hub();
    let a = add(
        &mut hub,
        add_request("SC-000001", "Review", "Manager", "2027-01-01"),
    )
    .unwrap();
    let id = a.action.id;
    let e = assert_unchanged(&mut hub, |h| done(h, "SC-000003", id, "met"));
    assert!(
        matches!(&e, HubError::NotFound(m) if m.contains("SC-000003 has no improvement action")),
        "{e}"
    );
    // Two officers plan to mark it done; the second to commit is told someone beat them.
    let req = done_request("SC-000001", id);
    let first = hub.plan::<ImprovementDone>(&req).unwrap();
    let second = hub.plan::<ImprovementDone>(&req).unwrap();
    hub.commit(&first, &why("met")).unwrap();
    let e = assert_unchanged(&mut hub, |h| h.commit(&second, &why("met")));
    assert!(matches!(e, HubError::Conflict(_)), "{e}");
    let e = assert_unchanged(&mut hub, |h| done(h, "SC-000001", id, "again"));
    assert!(
        matches!(&e, HubError::Refused(m) if m.contains("already done on 22 Nov 2026")),
        "{e}"
    );
    hub.assert_audit_intact();
}

#[test]
fn an_early_warning_is_raised_once_listed_and_cleared_with_audit_rows() {
    let mut hub = hub();
    let raised = warn(&mut hub, "SC-000001", "two months below 60% of profile").unwrap();
    assert!(raised.flag.is_open());
    assert_eq!(raised.flag.raised_by, ACTOR);
    let open = ops::open_flags(hub.conn()).unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].subcontract, "SC-000001");
    let e = assert_unchanged(&mut hub, |h| warn(h, "SC-000001", "again"));
    assert!(
        matches!(&e, HubError::Refused(m) if m.contains("already has an early warning raised 22 Nov 2026")),
        "{e}"
    );
    // The sub-contract's own version is left alone: a warning does not change the contract.
    assert_eq!(hub.subcontract("SC-000001").row_version, 1);
    let cleared = clear(&mut hub, "SC-000001", "back on profile in October").unwrap();
    assert_eq!(cleared.flag.cleared, Some(d(TODAY)));
    assert!(ops::open_flags(hub.conn()).unwrap().is_empty());
    let e = assert_unchanged(&mut hub, |h| clear(h, "SC-000001", "again"));
    assert!(
        matches!(&e, HubError::Refused(m) if m.contains("no open early warning")),
        "{e}"
    );
    // Once cleared, a new warning may be raised; the history keeps both.
    warn(&mut hub, "SC-000001", "slipped again").unwrap();
    let flags = ops::flags_of(hub.conn(), "SC-000001").unwrap();
    assert_eq!(flags.len(), 2);
    assert!(!flags[0].is_open() && flags[1].is_open());
    let rows = hub.audit_rows();
    let actions: Vec<&str> = rows.iter().map(|r| r.action.as_str()).collect();
    assert_eq!(
        actions,
        vec!["early_warning", "early_warning_clear", "early_warning"]
    );
    assert_eq!(
        rows[1].reason.as_deref(),
        Some("back on profile in October")
    );
    hub.assert_audit_intact();
}

#[test]
fn warnings_only_on_active_sub_contracts_with_a_reason_and_races_conflict() {
    let mut hub = hub();
    let e = assert_unchanged(&mut hub, |h| warn(h, "SC-000003", "late returns"));
    assert!(
        matches!(&e, HubError::Refused(m) if m.contains("suspended")),
        "{e}"
    );
    let e = assert_unchanged(&mut hub, |h| warn(h, "SC-000001", " "));
    assert!(missing(&e, "reason"), "{e}");
    let req = warn_request("SC-000001");
    let under = why("under profile");
    let first = hub.plan::<Warn>(&req).unwrap();
    let second = hub.plan::<Warn>(&req).unwrap();
    hub.commit(&first, &under).unwrap();
    let e = assert_unchanged(&mut hub, |h| h.commit(&second, &under));
    assert!(matches!(e, HubError::Conflict(_)), "{e}");
    let c1 = hub.plan::<ClearWarning>(&req).unwrap();
    let c2 = hub.plan::<ClearWarning>(&req).unwrap();
    hub.commit(&c1, &under).unwrap();
    let e = assert_unchanged(&mut hub, |h| h.commit(&c2, &under));
    assert!(matches!(e, HubError::Conflict(_)), "{e}");
    hub.assert_audit_intact();
}
