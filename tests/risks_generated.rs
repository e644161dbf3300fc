//! Generated risks: raised when a member holds more than the configured share of active contract
//! value or a sub-contract's standing is Inadequate; closed when the cause clears; a second run
//! changes nothing and writes no audit row.

mod ops_support;

use hubboard::domain::risk_rules;
use hubboard::domain::{RiskStatus, SubContractStatus};
use hubboard::ops;
use hubboard::store::{risks, subcontracts};
use ops_support::*;
use rust_decimal_macros::dec;

fn refresh(hub: &mut Hub, standings: &[(&str, &str)]) -> ops::risks::RefreshSummary {
    let standings: Vec<(String, String)> = standings
        .iter()
        .map(|(c, s)| (c.to_string(), s.to_string()))
        .collect();
    hub.with(|s, by| ops::refresh_generated_risks(s, by, Some(&standings)))
        .unwrap()
}

/// KN01 30,000 of 100,000 active (30%: over 25%); KN02 and KN03 35,000 each (35%).
fn consortium() -> Hub {
    let hub = Hub::new();
    hub.member("KN01")
        .member("KN02")
        .member("KN03")
        .member("KN04");
    hub.sub("SC01", "KN01", dec!(30000), 10, SubContractStatus::Active)
        .sub("SC02", "KN02", dec!(35000), 10, SubContractStatus::Active)
        .sub("SC03", "KN03", dec!(35000), 10, SubContractStatus::Active);
    hub
}

#[test]
fn concentration_and_inadequate_standing_raise_linked_generated_risks() {
    let mut hub = consortium();
    let s = refresh(&mut hub, &[("SC01", "Inadequate"), ("SC02", "Good")]);
    let mut raised: Vec<(String, String)> = s
        .raised
        .iter()
        .map(|c| (c.rule.clone(), c.entity.clone()))
        .collect();
    raised.sort();
    assert_eq!(
        raised,
        [
            ("concentration".into(), "member:KN01".into()),
            ("concentration".into(), "member:KN02".into()),
            ("concentration".into(), "member:KN03".into()),
            ("inadequate_standing".into(), "subcontract:SC01".into()),
        ]
    );
    let r = risks::get_risk(hub.conn(), "G-INAD-SC01").unwrap().unwrap();
    assert_eq!(
        r.generated_by.as_deref(),
        Some(risk_rules::INADEQUATE_STANDING)
    );
    assert_eq!(r.status, RiskStatus::Open);
    let rows = hub.audit_rows();
    assert_eq!(rows.len(), 4);
    assert!(rows.iter().all(|r| r.action == "risk_raise"));
    let kn01 = rows
        .iter()
        .find(|r| r.entity == "risk:G-CONC-KN01")
        .unwrap();
    assert_eq!(
        kn01.reason.as_deref(),
        Some(
            "concentration: KN01 holds £30,000.00 of £100,000.00 active contract value (30%), above the 25% limit"
        )
    );
}

#[test]
fn a_second_run_changes_nothing_and_writes_no_audit_row() {
    let mut hub = consortium();
    refresh(&mut hub, &[("SC01", "Inadequate")]);
    let before = snapshot(hub.conn());
    let again = refresh(&mut hub, &[("SC01", "Inadequate")]);
    assert!(!again.changed());
    assert_eq!(again.unchanged, 4);
    assert_eq!(snapshot(hub.conn()), before);
}

#[test]
fn risks_close_when_their_cause_clears_and_reopen_when_it_returns() {
    let mut hub = consortium();
    refresh(&mut hub, &[("SC01", "Inadequate")]);
    // A fourth member takes on work: 30+35+35+40 = 140,000; KN01 21%, KN02/KN03 25% exactly
    // (not over), KN04 28.6%.
    hub.sub("SC04", "KN04", dec!(40000), 10, SubContractStatus::Active);
    let s = refresh(&mut hub, &[("SC01", "Requires improvement")]);
    let mut cleared: Vec<String> = s.cleared.iter().map(|c| c.code.clone()).collect();
    cleared.sort();
    assert_eq!(
        cleared,
        ["G-CONC-KN01", "G-CONC-KN02", "G-CONC-KN03", "G-INAD-SC01"]
    );
    let raised: Vec<String> = s.raised.iter().map(|c| c.code.clone()).collect();
    assert_eq!(raised, ["G-CONC-KN04"]);
    let open: Vec<String> = risks::load_risks(hub.conn())
        .unwrap()
        .into_iter()
        .filter(|r| r.status == RiskStatus::Open)
        .map(|r| r.code)
        .collect();
    assert_eq!(open, ["G-CONC-KN04"]);
    assert_eq!(
        hub.audit_rows()
            .iter()
            .filter(|r| r.action == "risk_clear")
            .count(),
        4
    );
    // SC01 falls back to Inadequate: the same risk reopens rather than a second one appearing.
    let s = refresh(&mut hub, &[("SC01", "Inadequate")]);
    assert_eq!(s.raised.len(), 1);
    assert_eq!(s.raised[0].code, "G-INAD-SC01");
    assert_eq!(risks::load_risks(hub.conn()).unwrap().len(), 5);
    hub.assert_audit_intact();
}

#[test]
fn suspended_work_and_unknown_sub_contracts_raise_nothing() {
    let mut hub = consortium();
    let c = hub.conn();
    let sc = subcontracts::get_subcontract(c, "SC02").unwrap().unwrap();
    subcontracts::set_subcontract_status(c, "SC02", SubContractStatus::Suspended, sc.row_version)
        .unwrap();
    // Active: KN01 30,000 and KN03 35,000 of 65,000: both over a quarter.
    let s = refresh(&mut hub, &[("SC99", "Inadequate")]);
    let mut codes: Vec<String> = s.raised.iter().map(|c| c.code.clone()).collect();
    codes.sort();
    assert_eq!(
        codes,
        ["G-CONC-KN01", "G-CONC-KN03"],
        "SC99 does not exist; SC02 is suspended"
    );
}

#[test]
fn the_share_is_configurable() {
    let mut hub = consortium();
    hub.config.rules.concentration_share = dec!(0.35);
    let s = refresh(&mut hub, &[]);
    assert!(s.raised.is_empty(), "35% exactly is not over a 35% share");
    hub.config.rules.concentration_share = dec!(0.34);
    assert_eq!(refresh(&mut hub, &[]).raised.len(), 2);
}

#[test]
fn without_standings_inadequate_standing_risks_are_left_as_they_are() {
    let mut hub = consortium();
    refresh(&mut hub, &[("SC01", "Inadequate")]);
    hub.sub("SC04", "KN04", dec!(40000), 10, SubContractStatus::Active);
    let s = hub
        .with(|s, by| ops::refresh_generated_risks(s, by, None))
        .unwrap();
    let mut cleared: Vec<String> = s.cleared.iter().map(|c| c.code.clone()).collect();
    cleared.sort();
    assert_eq!(cleared, ["G-CONC-KN01", "G-CONC-KN02", "G-CONC-KN03"]);
    let sc01 = risks::get_risk(hub.conn(), "G-INAD-SC01").unwrap().unwrap();
    assert_eq!(
        sc01.status,
        RiskStatus::Open,
        "no standings: not judged, not cleared"
    );
}
