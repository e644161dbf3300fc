//! Register operations: add, edit, close and reopen a risk, each with its audit row; bad input and
//! stale edits refused with the database left exactly as it was; off-scale scores kept.

mod ops_support;

use hubboard::HubError;
use hubboard::domain::risk_scale::RiskScale;
use hubboard::domain::{EntityKind, Risk, RiskStatus};
use hubboard::ops::{self, RiskFields};
use hubboard::store::risks;
use ops_support::*;

fn fields() -> RiskFields {
    RiskFields {
        title: "Loss of the advice contract".into(),
        category: "financial".into(),
        owner: "Chair".into(),
        scale: "knowsley".into(),
        gross_probability: 4,
        gross_impact: 3,
        preventative_controls: "Quarterly commissioner meetings".into(),
        curative_controls: "Reserve policy".into(),
        net: Some((2, 3)),
        review_date: "2027-02-28".into(),
        entity_kind: EntityKind::Consortium,
        entity_code: None,
    }
}

fn add(hub: &mut Hub, code: Option<&str>, f: RiskFields) -> hubboard::Result<ops::RiskOutcome> {
    let scales = RiskScale::builtin();
    let req = ops::RiskAddRequest {
        code: code.map(String::from),
        fields: f,
        reason: "raised at the Board".into(),
    };
    hub.with(|s, by| {
        let plan = ops::plan_add_risk(s.conn(), by, &scales, req)?;
        ops::commit_add_risk(s, by, &plan)
    })
}

fn edit(
    hub: &mut Hub,
    code: &str,
    f: RiskFields,
    expected: Option<Risk>,
) -> hubboard::Result<ops::RiskOutcome> {
    let scales = RiskScale::builtin();
    let req = ops::RiskEditRequest {
        code: code.into(),
        fields: f,
        reason: "reviewed".into(),
        expected,
    };
    hub.with(|s, by| {
        let plan = ops::plan_edit_risk(s.conn(), by, &scales, req)?;
        ops::commit_edit_risk(s, by, &plan)
    })
}

fn set_status(hub: &mut Hub, code: &str, close: bool) -> hubboard::Result<ops::RiskOutcome> {
    let req = ops::RiskStatusRequest {
        code: code.into(),
        reason: "reviewed".into(),
        expected: None,
    };
    hub.with(|s, by| {
        let plan = if close {
            ops::plan_close_risk(s.conn(), by, req)?
        } else {
            ops::plan_reopen_risk(s.conn(), by, req)?
        };
        ops::commit_risk_status(s, by, &plan)
    })
}

fn invalid_message(e: HubError) -> String {
    match e {
        HubError::Invalid(m) => m,
        other => panic!("expected bad input, got {other:?}"),
    }
}

#[test]
fn add_writes_the_risk_and_one_audit_row() {
    let mut hub = Hub::new();
    let done = add(&mut hub, None, fields()).unwrap();
    assert_eq!(done.risk.code, "R-001");
    let stored = risks::get_risk(hub.conn(), "R-001").unwrap().unwrap();
    assert_eq!(stored, done.risk);
    assert_eq!(stored.status, RiskStatus::Open);
    assert_eq!(stored.generated_by, None);
    let rows = hub.audit_rows();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].action, "risk_add");
    assert_eq!(rows[0].entity, "risk:R-001");
    assert_eq!(rows[0].reason.as_deref(), Some("raised at the Board"));
    assert_eq!(add(&mut hub, None, fields()).unwrap().risk.code, "R-002");
    hub.assert_audit_intact();
}

#[test]
fn a_score_outside_its_scale_is_stored_as_given() {
    let mut hub = Hub::new();
    let mut f = fields();
    f.gross_probability = 3;
    f.gross_impact = 5;
    let done = add(&mut hub, Some("R-GOV"), f).unwrap();
    let stored = risks::get_risk(hub.conn(), "R-GOV").unwrap().unwrap();
    assert_eq!((stored.gross_probability, stored.gross_impact), (3, 5));
    assert_eq!(done.risk, stored);
}

#[test]
fn bad_input_is_refused_naming_the_field_and_nothing_is_written() {
    let mut hub = Hub::new();
    hub.member("KN01");
    type Change = fn(&mut RiskFields);
    let cases: Vec<(Change, &str)> = vec![
        (|f| f.title = "  ".into(), "risk R-001, title: is empty"),
        (
            |f| f.scale = "nhs".into(),
            "risk R-001, scale: no scale named 'nhs' (configured: knowsley, nhs5x5)",
        ),
        (
            |f| f.review_date = "28/02/2027".into(),
            "risk R-001, review date: '28/02/2027' is not a date in the form YYYY-MM-DD",
        ),
        (
            |f| {
                f.entity_kind = EntityKind::Member;
                f.entity_code = Some("ZZ99".into());
            },
            "risk R-001, linked entity: no member with code 'ZZ99' in the database",
        ),
        (
            |f| f.entity_kind = EntityKind::SubContract,
            "risk R-001, linked entity: a risk about a sub-contract needs the sub-contract's code",
        ),
    ];
    for (change, message) in cases {
        let mut f = fields();
        change(&mut f);
        let err = assert_unchanged(&mut hub, |h| add(h, None, f));
        assert_eq!(invalid_message(err), message);
    }
    assert!(hub.audit_rows().is_empty());
}

#[test]
fn standard_categories_are_normalised_and_custom_ones_kept() {
    let mut hub = Hub::new();
    let mut f = fields();
    f.category = "Governance".into();
    assert_eq!(add(&mut hub, None, f).unwrap().risk.category, "governance");
    let mut f = fields();
    f.category = "Data protection".into();
    assert_eq!(
        add(&mut hub, None, f).unwrap().risk.category,
        "Data protection"
    );
}

#[test]
fn a_linked_member_that_exists_is_accepted() {
    let mut hub = Hub::new();
    hub.member("KN01");
    let mut f = fields();
    f.entity_kind = EntityKind::Member;
    f.entity_code = Some("KN01".into());
    assert_eq!(
        add(&mut hub, None, f).unwrap().risk.entity_code.as_deref(),
        Some("KN01")
    );
}

#[test]
fn edit_changes_the_fields_and_records_before_and_after() {
    let mut hub = Hub::new();
    let added = add(&mut hub, None, fields()).unwrap().risk;
    let mut f = RiskFields::of(&added);
    f.net = Some((1, 3));
    f.review_date = "2027-06-30".into();
    let done = edit(&mut hub, "R-001", f, Some(added.clone())).unwrap();
    assert_eq!(done.risk.net_probability, Some(1));
    assert_eq!(done.risk.review_date, d("2027-06-30"));
    let rows = hub.audit_rows();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1].action, "risk_edit");
    assert!(
        rows[1]
            .before_json
            .as_deref()
            .unwrap()
            .contains("\"net_probability\":2")
    );
    assert!(
        rows[1]
            .after_json
            .as_deref()
            .unwrap()
            .contains("\"net_probability\":1")
    );
}

#[test]
fn a_stale_edit_is_a_conflict_and_changes_nothing() {
    let mut hub = Hub::new();
    let seen = add(&mut hub, None, fields()).unwrap().risk;
    let mut colleague = RiskFields::of(&seen);
    colleague.owner = "Treasurer".into();
    edit(&mut hub, "R-001", colleague, None).unwrap();
    let mut mine = RiskFields::of(&seen);
    mine.title = "Loss of the main advice contract".into();
    let err = assert_unchanged(&mut hub, |h| edit(h, "R-001", mine, Some(seen)));
    assert!(matches!(err, HubError::Conflict(_)), "{err:?}");
    assert_eq!(err.exit_code(), 3);
}

#[test]
fn an_edit_that_changes_nothing_is_refused() {
    let mut hub = Hub::new();
    let r = add(&mut hub, None, fields()).unwrap().risk;
    let err = assert_unchanged(&mut hub, |h| edit(h, "R-001", RiskFields::of(&r), None));
    assert_eq!(
        invalid_message(err),
        "the edit of risk R-001 changes nothing"
    );
}

#[test]
fn close_and_reopen_each_write_an_audit_row_and_refuse_a_repeat() {
    let mut hub = Hub::new();
    add(&mut hub, None, fields()).unwrap();
    assert_eq!(
        set_status(&mut hub, "R-001", true).unwrap().risk.status,
        RiskStatus::Closed
    );
    let err = assert_unchanged(&mut hub, |h| set_status(h, "R-001", true));
    assert!(matches!(err, HubError::Refused(_)), "{err:?}");
    assert_eq!(
        set_status(&mut hub, "R-001", false).unwrap().risk.status,
        RiskStatus::Open
    );
    let actions: Vec<String> = hub.audit_rows().into_iter().map(|r| r.action).collect();
    assert_eq!(actions, ["risk_add", "risk_close", "risk_reopen"]);
    let err = assert_unchanged(&mut hub, |h| set_status(h, "R-404", true));
    assert!(matches!(err, HubError::NotFound(_)));
    hub.assert_audit_intact();
}

#[test]
fn an_empty_reason_is_refused() {
    let mut hub = Hub::new();
    add(&mut hub, None, fields()).unwrap();
    let req = ops::RiskStatusRequest {
        code: "R-001".into(),
        reason: " ".into(),
        expected: None,
    };
    let err = hub
        .with(|s, by| ops::plan_close_risk(s.conn(), by, req))
        .unwrap_err();
    assert!(invalid_message(err).contains("--reason is empty"));
}
