//! Register operations: add, edit, close and reopen a risk, each with its audit row; bad input and
//! stale edits refused with the database left exactly as it was; off-scale scores kept.

mod ops_support;

use hubboard::HubError;
use hubboard::domain::{EntityKind, EntityRef, Risk, RiskStatus};
use hubboard::error::Problem;
use hubboard::ops::risks::{
    self as risk_ops, RiskAdd, RiskAddRequest, RiskClose, RiskEdit, RiskEditRequest, RiskFields,
    RiskOutcome, RiskReopen, RiskStatusRequest,
};
use hubboard::ops::{self, Decision, Values};
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

/// Decides `req` as `D` with the reason as typed, read the way both front ends read it.
fn typed<D: Decision + hubboard::ops::Registered>(
    hub: &mut Hub,
    req: &D::Request,
    reason: &str,
) -> hubboard::Result<D::Outcome> {
    let why = ops::pipeline::why::<D>(reason, None)?;
    hub.decide::<D>(req, &why).map(|c| c.outcome)
}

fn add(hub: &mut Hub, code: Option<&str>, f: RiskFields) -> hubboard::Result<RiskOutcome> {
    let req = RiskAddRequest {
        code: code.map(String::from),
        fields: f,
    };
    typed::<RiskAdd>(hub, &req, "raised at the Board")
}

/// Changes the fields given in `changes`, as seen in `seen` (if given).
fn edit(
    hub: &mut Hub,
    code: &str,
    changes: Values,
    seen: Option<&Risk>,
) -> hubboard::Result<RiskOutcome> {
    let req = RiskEditRequest {
        code: code.into(),
        changes,
        seen: seen.map(risk_ops::fingerprint),
    };
    typed::<RiskEdit>(hub, &req, "reviewed")
}

fn set_status(hub: &mut Hub, code: &str, close: bool) -> hubboard::Result<RiskOutcome> {
    let req = RiskStatusRequest {
        code: code.into(),
        seen: None,
    };
    if close {
        typed::<RiskClose>(hub, &req, "reviewed")
    } else {
        typed::<RiskReopen>(hub, &req, "reviewed")
    }
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
fn a_score_given_off_its_scale_is_refused_naming_the_field_and_the_bound() {
    let mut hub = Hub::new();
    let mut f = fields();
    f.gross_probability = 8;
    let e = add(&mut hub, Some("R-GOV"), f).unwrap_err();
    assert!(
        e.to_string().contains("probability")
            && e.to_string().contains("1 to 7 on the knowsley scale"),
        "{e}"
    );
    let mut f = fields();
    f.gross_impact = 5;
    let e = add(&mut hub, Some("R-GOV"), f).unwrap_err();
    assert!(
        e.to_string().contains("1 to 4 on the knowsley scale"),
        "{e}"
    );
    assert!(risks::get_risk(hub.conn(), "R-GOV").unwrap().is_none());
    assert!(hub.audit_rows().is_empty());
}

#[test]
fn an_imported_score_off_its_scale_stays_through_an_unrelated_edit_and_is_corrected_on_it() {
    let mut hub = Hub::new();
    // As an import stores a published register's impact 5 on Knowsley's 1–4 scale.
    let mut stored = fields();
    stored.gross_impact = 4;
    let added = add(&mut hub, Some("R-GOV"), stored).unwrap().risk;
    hub.conn()
        .execute("UPDATE risks SET gross_impact = 5 WHERE code = 'R-GOV'", [])
        .unwrap();
    let imported = risks::get_risk(hub.conn(), "R-GOV").unwrap().unwrap();
    assert_eq!(imported.gross_impact, 5);
    let _ = added;
    let done = edit(
        &mut hub,
        "R-GOV",
        Values::default().with("owner", "Vice-chair"),
        Some(&imported),
    )
    .unwrap();
    assert_eq!(
        (done.risk.owner.as_str(), done.risk.gross_impact),
        ("Vice-chair", 5)
    );
    // Changing the score itself must land on the scale.
    let e = edit(
        &mut hub,
        "R-GOV",
        Values::default().with("impact", "6"),
        Some(&done.risk),
    )
    .unwrap_err();
    assert!(
        e.to_string().contains("1 to 4 on the knowsley scale"),
        "{e}"
    );
    let fixed = edit(
        &mut hub,
        "R-GOV",
        Values::default().with("impact", "4"),
        Some(&done.risk),
    )
    .unwrap();
    assert_eq!(fixed.risk.gross_impact, 4);
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
            |f| f.review_date = "31/02/2027".into(),
            "risk R-001, review date: '31/02/2027' is not a real calendar date (day/month/year)",
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
    let changes = Values::default()
        .with("net_probability", "1")
        .with("net_impact", "3")
        .with("review", "2027-06-30");
    let done = edit(&mut hub, "R-001", changes, Some(&added)).unwrap();
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
    let colleague = Values::default().with("owner", "Treasurer");
    edit(&mut hub, "R-001", colleague, None).unwrap();
    let mine = Values::default().with("title", "Loss of the main advice contract");
    let err = assert_unchanged(&mut hub, |h| edit(h, "R-001", mine, Some(&seen)));
    assert!(matches!(err, HubError::Conflict(_)), "{err:?}");
    assert_eq!(err.exit_code(), 3);
}

#[test]
fn an_edit_that_changes_nothing_is_refused() {
    let mut hub = Hub::new();
    let r = add(&mut hub, None, fields()).unwrap().risk;
    // The edit form as it opens: every field as it is.
    let form = hub
        .with(|s, by| RiskEdit::open(s.conn(), by, Some(&EntityRef::risk(&r.code))))
        .unwrap()
        .prefill;
    let req = RiskEdit::request(&form).unwrap();
    assert_eq!(req.seen, Some(risk_ops::fingerprint(&r)));
    let err = assert_unchanged(&mut hub, |h| typed::<RiskEdit>(h, &req, "reviewed"));
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
    let req = RiskStatusRequest {
        code: "R-001".into(),
        seen: None,
    };
    let err = assert_unchanged(&mut hub, |h| typed::<RiskClose>(h, &req, " "));
    assert!(
        matches!(&err, HubError::Field(f) if f.field == "reason" && f.problem == Problem::Missing),
        "{err:?}"
    );
    assert_eq!(err.to_string(), "reason is required");
}
