//! Values exactly at the edges of each rule: the last accepted and the first refused, imported on
//! top of the hand fixture one small file at a time.

mod exchange_support;

use exchange_support::*;
use hubboard::exchange::Format;

const OPP_HEADER: &str = "code,title,commissioner,service_line,kind,stage,deadline,value,duration_months,payment_model,top_slice_pct,bid_score";
const RETURN_HEADER: &str = "subcontract,period,due,submitted,units_target,units_delivered,outcomes_target,outcomes_achieved,milestones_due,milestones_met,spend,paid,quality_grade,referrals";
const SUB_HEADER: &str =
    "code,opportunity,member,value,start,end,units_per_month,payment_model,status";
const SUSPENSION_HEADER: &str = "subcontract,decided,effective,reason_code,reason,urgent";
const RISK_HEADER: &str = "code,title,category,owner,scale,gross_probability,gross_impact,net_probability,net_impact,review_date,status,entity_kind,entity_code";

/// The outcome of importing one small file on top of the hand fixture.
struct Tried {
    _dir: tempfile::TempDir,
    store: hubboard::store::Store,
    error: Option<String>,
}

impl Tried {
    fn unwrap(self) -> Tried {
        if let Some(e) = &self.error {
            panic!("expected the import to succeed:\n{e}");
        }
        self
    }
    fn unwrap_err(self) -> String {
        self.error.expect("expected the import to be refused")
    }
}

/// Imports `rows` under `header` as `file` on top of the hand fixture.
fn try_rows(file: &str, header: &str, rows: &[String]) -> Tried {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(file),
        format!("{header}\n{}\n", rows.join("\n")),
    )
    .unwrap();
    let (db_dir, mut store) = hand_store();
    let error = import(&mut store, dir.path(), Format::Csv)
        .err()
        .map(|e| e.to_string());
    Tried {
        _dir: db_dir,
        store,
        error,
    }
}

fn opp(code: &str, duration: &str, top_slice: &str, bid: &str) -> String {
    format!(
        "{code},Edge,CM01,advice,tender,identified,2027-02-26,1000.00,{duration},block,{top_slice},{bid}"
    )
}

fn ret(period: &str, due: u32, met: u32, grade: &str) -> String {
    format!("SC01,{period},2026-12-15,,50,50,20,20,{due},{met},0,0.00,{grade},0")
}

fn stored(t: &Tried, sql: &str) -> String {
    t.store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn percentages_scores_and_durations_at_their_limits() {
    let ok = try_rows(
        "opportunities.csv",
        OPP_HEADER,
        &[
            opp("OP10", "1", "0", "0"),
            opp("OP11", "1", "100", "100"),
            opp("OP12", "12", "7.50", ""),
            opp("OP13", "12", "10%", ""),
        ],
    )
    .unwrap();
    assert_eq!(
        stored(
            &ok,
            "SELECT top_slice_pct FROM opportunities WHERE code = 'OP12'"
        ),
        "7.5"
    );
    assert_eq!(
        stored(
            &ok,
            "SELECT top_slice_pct FROM opportunities WHERE code = 'OP13'"
        ),
        "10"
    );
    assert_eq!(
        stored(&ok, "SELECT value FROM opportunities WHERE code = 'OP10'"),
        "1000.00"
    );

    let err = try_rows(
        "opportunities.csv",
        OPP_HEADER,
        &[
            opp("OP10", "0", "100.01", "101"),
            opp("OP11", "1", "-0.5", "-1"),
        ],
    )
    .unwrap_err();
    for line in [
        "line 2, column duration_months: '0' is out of range: a contract's duration in months must be 1 or more",
        "line 2, column top_slice_pct: '100.01' is out of range: a percentage must be from 0 to 100",
        "line 2, column bid_score: '101' is out of range: a bid score must be from 0 to 100",
        "line 3, column top_slice_pct: '-0.5' is out of range",
        "line 3, column bid_score: '-1' is negative",
    ] {
        assert!(err.contains(line), "missing {line} in\n{err}");
    }
    assert!(err.contains("5 problems found"), "{err}");
}

#[test]
fn quality_grades_one_to_four_and_milestones_met_up_to_due() {
    let rows = [
        ret("2026-11", 2, 2, "1"),
        ret("2026-12", 0, 0, "4"),
        ret("2027-01", 1, 0, ""),
    ];
    let ok = try_rows("monitoring_returns.csv", RETURN_HEADER, &rows).unwrap();
    assert_eq!(
        stored(
            &ok,
            "SELECT spend FROM monitoring_returns WHERE period = '2026-11'"
        ),
        "0.00"
    );
    let err = try_rows(
        "monitoring_returns.csv",
        RETURN_HEADER,
        &[ret("2026-11", 0, 1, "0"), ret("2026-12", 1, 1, "5")],
    )
    .unwrap_err();
    assert!(
        err.contains("line 2, column quality_grade: '0' is out of range"),
        "{err}"
    );
    assert!(
        err.contains("line 2, column milestones_met: 1 milestones met but only 0 due"),
        "{err}"
    );
    assert!(
        err.contains("line 3, column quality_grade: '5' is out of range"),
        "{err}"
    );
    assert!(err.contains("3 problems found"), "{err}");
}

#[test]
fn a_subcontract_may_end_on_its_start_day_and_a_suspension_take_effect_on_its_decision_day() {
    let sub = "SC10,OP01,M01,100.00,2026-12-01,2026-12-01,1,block,proposed".to_string();
    try_rows("subcontracts.csv", SUB_HEADER, &[sub]).unwrap();
    let sub = "SC10,OP01,M01,100.00,2026-12-01,2026-11-30,1,block,proposed".to_string();
    let err = try_rows("subcontracts.csv", SUB_HEADER, &[sub]).unwrap_err();
    assert!(
        err.contains("end 2026-11-30 is before start 2026-12-01"),
        "{err}"
    );

    let s = "SC01,2026-11-20,2026-11-20,safeguarding,Urgent safeguarding concern,1".to_string();
    try_rows("suspensions.csv", SUSPENSION_HEADER, &[s]).unwrap();
    let s = "SC01,2026-11-20,2026-11-20,safeguarding,Urgent safeguarding concern,2".to_string();
    let err = try_rows("suspensions.csv", SUSPENSION_HEADER, &[s]).unwrap_err();
    assert!(
        err.contains(
            "column urgent: '2' is out of range: urgent (0 no, 1 yes) must be from 0 to 1"
        ),
        "{err}"
    );
}

#[test]
fn money_at_zero_is_accepted_and_below_zero_or_below_a_penny_refused() {
    let sub = |v: &str| format!("SC10,OP01,M01,{v},2026-12-01,2027-11-30,1,block,proposed");
    let ok = try_rows("subcontracts.csv", SUB_HEADER, &[sub("0")]).unwrap();
    assert_eq!(
        stored(&ok, "SELECT value FROM subcontracts WHERE code = 'SC10'"),
        "0.00"
    );
    let err = try_rows("subcontracts.csv", SUB_HEADER, &[sub("-1.00")]).unwrap_err();
    assert!(
        err.contains("column value: '-1.00' is negative: amounts here are 0 or more"),
        "{err}"
    );
    let err = try_rows("subcontracts.csv", SUB_HEADER, &[sub("£12.345")]).unwrap_err();
    assert!(
        err.contains("column value: '£12.345' has more than two decimal places (pence)"),
        "{err}"
    );
}

#[test]
fn risk_net_scores_go_together_and_entity_codes_must_exist() {
    let risk = |net_p: &str, net_i: &str, kind: &str, code: &str| {
        format!("R10,Edge,service,Chair,knowsley,1,1,{net_p},{net_i},2027-01-31,open,{kind},{code}")
    };
    try_rows("risks.csv", RISK_HEADER, &[risk("1", "1", "member", "M01")]).unwrap();
    try_rows("risks.csv", RISK_HEADER, &[risk("", "", "consortium", "")]).unwrap();
    let err = try_rows("risks.csv", RISK_HEADER, &[risk("2", "", "member", "")]).unwrap_err();
    assert!(
        err.contains("column net_impact: net_probability and net_impact go together"),
        "{err}"
    );
    assert!(
        err.contains("column entity_code: a risk about a member needs the member's code"),
        "{err}"
    );
    let err = try_rows(
        "risks.csv",
        RISK_HEADER,
        &[risk("", "", "subcontract", "SC77")],
    )
    .unwrap_err();
    assert!(
        err.contains(
            "column entity_code: no sub-contract 'SC77' in the database or in subcontracts.csv"
        ),
        "{err}"
    );
}

#[test]
fn money_and_units_at_the_limits_are_accepted_and_one_past_them_refused() {
    let sub = |code: &str, v: &str, units: &str| {
        format!("{code},OP01,M01,{v},2026-12-01,2027-11-30,{units},block,proposed")
    };
    let ok = try_rows(
        "subcontracts.csv",
        SUB_HEADER,
        &[sub("SC10", "\"£10,000,000,000.00\"", "1000000")],
    )
    .unwrap();
    assert_eq!(
        stored(&ok, "SELECT value FROM subcontracts WHERE code = 'SC10'"),
        "10000000000.00"
    );

    let err = try_rows(
        "subcontracts.csv",
        SUB_HEADER,
        &[
            sub("SC10", "10000000000.01", "1000001"),
            sub("SC11", "79228162514264337593543950335", "4294967295"),
        ],
    )
    .unwrap_err();
    for line in [
        "subcontracts.csv line 2, column value: '10000000000.01' is out of range: the most a money value may be is £10,000,000,000.00 ([limits] max_money)",
        "subcontracts.csv line 2, column units_per_month: '1000001' is out of range: the most units a month may be is 1,000,000 ([limits] max_units_per_month)",
        "subcontracts.csv line 3, column value: '79228162514264337593543950335' is too large: a money value has at most 15 digits before the point (up to £999,999,999,999,999.99)",
        "subcontracts.csv line 3, column units_per_month: '4294967295' is out of range: the most units a month may be is 1,000,000",
    ] {
        assert!(err.contains(line), "missing {line} in\n{err}");
    }
    assert!(
        err.starts_with("import refused, nothing was written: 4 problems found"),
        "{err}"
    );
}

#[test]
fn every_money_and_units_column_is_held_to_the_limits() {
    let big = "10000000000.01";
    let units = "1000001";
    let ret = format!("SC01,2026-11,2026-12-15,,{units},{units},20,20,0,0,{big},{big},,0");
    let err = try_rows("monitoring_returns.csv", RETURN_HEADER, &[ret]).unwrap_err();
    for column in ["units_target", "units_delivered", "spend", "paid"] {
        assert!(
            err.contains(&format!("line 2, column {column}: '")),
            "{column} not refused in\n{err}"
        );
    }
    let opp = format!("OP10,Edge,CM01,advice,tender,identified,2027-02-26,{big},12,block,5,");
    let err = try_rows("opportunities.csv", OPP_HEADER, &[opp]).unwrap_err();
    assert!(
        err.contains("line 2, column value: '10000000000.01' is out of range"),
        "{err}"
    );
    let capacity = format!("M01,youth,{units}");
    let err = try_rows(
        "member_capacity.csv",
        "member,service_line,units_per_month",
        &[capacity],
    )
    .unwrap_err();
    assert!(
        err.contains("line 2, column units_per_month: '1000001' is out of range"),
        "{err}"
    );
    let claim = format!("CL10,SC01,2026-11-01,{big},0,{big},Edge");
    let err = try_rows(
        "claims.csv",
        "code,subcontract,raised,paid,earned,amount,reason",
        &[claim],
    )
    .unwrap_err();
    assert!(err.contains("column paid: '10000000000.01'"), "{err}");
    assert!(err.contains("column amount: '10000000000.01'"), "{err}");
}
