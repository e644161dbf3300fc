//! Generated risks are a view of today's data: a member holding more than the configured share of
//! active contract value, or a sub-contract whose standing is Inadequate, shows as a risk with the
//! rule and figures that raised it, and stops showing when the cause clears. Looking writes
//! nothing: no risk row and no audit row, whichever way the cause goes.

mod ops_support;

use hubboard::HubError;
use hubboard::dashboard;
use hubboard::domain::risk_register::Register;
use hubboard::domain::risk_rules::{self, ContractStanding};
use hubboard::domain::{EntityKind, Risk, RiskStatus, SubContractStatus};
use hubboard::ops::Values;
use hubboard::ops::risks::{RiskClose, RiskEdit, RiskEditRequest, RiskReopen, RiskStatusRequest};
use hubboard::store::{risks, subcontracts};
use ops_support::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn standing(code: &str, word: &str, overall: Decimal) -> ContractStanding {
    ContractStanding {
        subcontract: code.into(),
        standing: word.into(),
        overall,
    }
}

/// The register as `hubboard risks` reads it, with the standings given.
fn register(hub: &Hub, standings: &[ContractStanding]) -> Register {
    risks::register(
        hub.conn(),
        d(TODAY),
        hub.config.rules.concentration_share,
        standings,
    )
    .unwrap()
}

/// The register as the dashboard (and the Board) reads it, standings from the scorecard.
fn dashboard_risks(hub: &Hub) -> dashboard::Snapshot {
    dashboard::load(hub.conn(), d(TODAY), &hub.config).unwrap()
}

fn generated(risks: &[Risk]) -> Vec<String> {
    risks
        .iter()
        .filter(|r| r.generated_by.is_some())
        .map(|r| r.code.clone())
        .collect()
}

/// The rows a look must never add to: the stored register and the audit log.
fn written(hub: &Hub) -> Vec<(String, Vec<String>)> {
    snapshot(hub.conn())
        .into_iter()
        .filter(|(t, _)| t == "risks" || t == "audit_log")
        .collect()
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
fn concentration_and_inadequate_standing_show_as_generated_risks_with_their_figures() {
    let hub = consortium();
    let before = written(&hub);
    let r = register(
        &hub,
        &[
            standing("SC01", "inadequate", dec!(31.52)),
            standing("SC02", "good", dec!(88)),
        ],
    );
    assert_eq!(
        generated(&r.risks),
        ["G-CONC-KN01", "G-CONC-KN02", "G-CONC-KN03", "G-INAD-SC01"]
    );
    let inad = r.risks.iter().find(|x| x.code == "G-INAD-SC01").unwrap();
    assert_eq!(
        inad.generated_by.as_deref(),
        Some(risk_rules::INADEQUATE_STANDING)
    );
    assert_eq!(
        (inad.entity_kind, inad.entity_code.as_deref()),
        (EntityKind::SubContract, Some("SC01"))
    );
    assert_eq!(inad.status, RiskStatus::Open);
    assert_eq!(inad.scale, "knowsley");
    assert_eq!((inad.gross_probability, inad.gross_impact), (5, 3));
    let kn01 = r.risks.iter().find(|x| x.code == "G-CONC-KN01").unwrap();
    assert_eq!(
        r.cause_of(kn01).map(|c| c.reason()).as_deref(),
        Some(
            "concentration: KN01 holds £30,000.00 of £100,000.00 active contract value (30%), above the 25% limit"
        )
    );
    assert_eq!(
        r.cause_of(inad).map(|c| c.reason()).as_deref(),
        Some("inadequate_standing: sub-contract SC01's overall score is 31.52, rated Inadequate")
    );
    assert_eq!(written(&hub), before, "reading the register wrote nothing");
    assert!(hub.audit_rows().is_empty());
}

#[test]
fn a_concentration_appears_when_a_member_crosses_the_share_and_goes_when_it_drops_below() {
    let hub = Hub::new();
    hub.member("KN01").member("KN02").member("KN03");
    hub.sub("SC01", "KN01", dec!(25000), 10, SubContractStatus::Active)
        .sub("SC02", "KN02", dec!(40000), 10, SubContractStatus::Active)
        .sub("SC03", "KN03", dec!(35000), 10, SubContractStatus::Active);
    let mut hub = hub;
    hub.config.rules.concentration_share = dec!(0.4);
    let before = written(&hub);
    // KN02 holds exactly 40%: not over the share.
    assert!(generated(&dashboard_risks(&hub).risks).is_empty());
    // KN02 takes on £10,000 more: 50,000 of 110,000, 45.5%.
    hub.sub("SC04", "KN02", dec!(10000), 10, SubContractStatus::Active);
    let snap = dashboard_risks(&hub);
    assert_eq!(generated(&snap.risks), ["G-CONC-KN02"]);
    assert_eq!(
        snap.risk_causes["G-CONC-KN02"].explanation,
        "KN02 holds £50,000.00 of £110,000.00 active contract value (45.5%), above the 40% limit"
    );
    // KN03 wins £30,000 of work: KN02 50,000 of 140,000 is 35.7%, KN03 65,000 is 46.4%.
    hub.sub("SC05", "KN03", dec!(30000), 10, SubContractStatus::Active);
    assert_eq!(generated(&dashboard_risks(&hub).risks), ["G-CONC-KN03"]);
    // KN03's new work is suspended: back to KN02 at 45.5%.
    let sc = hub.subcontract("SC05");
    subcontracts::set_subcontract_status(
        hub.conn(),
        "SC05",
        SubContractStatus::Suspended,
        sc.row_version,
    )
    .unwrap();
    assert_eq!(generated(&dashboard_risks(&hub).risks), ["G-CONC-KN02"]);
    assert_eq!(
        written(&hub),
        before,
        "no risk row and no audit row, whichever way the cause went"
    );
}

#[test]
fn suspended_work_and_unknown_sub_contracts_raise_nothing() {
    let hub = consortium();
    let sc = hub.subcontract("SC02");
    subcontracts::set_subcontract_status(
        hub.conn(),
        "SC02",
        SubContractStatus::Suspended,
        sc.row_version,
    )
    .unwrap();
    // Active: KN01 30,000 and KN03 35,000 of 65,000: both over a quarter.
    let r = register(&hub, &[standing("SC99", "inadequate", dec!(10))]);
    assert_eq!(
        generated(&r.risks),
        ["G-CONC-KN01", "G-CONC-KN03"],
        "SC99 does not exist; SC02 is suspended"
    );
}

#[test]
fn the_share_is_configurable() {
    let mut hub = consortium();
    hub.config.rules.concentration_share = dec!(0.35);
    assert!(
        generated(&register(&hub, &[]).risks).is_empty(),
        "35% exactly is not over a 35% share"
    );
    hub.config.rules.concentration_share = dec!(0.34);
    assert_eq!(generated(&register(&hub, &[]).risks).len(), 2);
}

/// A risk an earlier version stored for a rule.
fn stored_generated(code: &str, rule: &str, entity: &str, status: RiskStatus) -> Risk {
    Risk {
        code: code.into(),
        title: format!("stored by an earlier version for {entity}"),
        category: "financial".into(),
        owner: risk_rules::GENERATED_OWNER.into(),
        scale: "knowsley".into(),
        gross_probability: 4,
        gross_impact: 3,
        preventative_controls: String::new(),
        curative_controls: String::new(),
        net_probability: None,
        net_impact: None,
        review_date: d("2026-10-01"),
        status,
        entity_kind: EntityKind::Member,
        entity_code: Some(entity.into()),
        generated_by: Some(rule.into()),
    }
}

#[test]
fn rows_earlier_versions_stored_stay_in_the_database_but_show_once() {
    let hub = consortium();
    let c = hub.conn();
    for r in [
        stored_generated(
            "G-CONC-KN01",
            risk_rules::CONCENTRATION,
            "KN01",
            RiskStatus::Open,
        ),
        stored_generated(
            "G-CONC-KN04",
            risk_rules::CONCENTRATION,
            "KN04",
            RiskStatus::Open,
        ),
        stored_generated(
            "G-INAD-SC03",
            risk_rules::INADEQUATE_STANDING,
            "SC03",
            RiskStatus::Closed,
        ),
    ] {
        risks::insert_risk(c, &r).unwrap();
    }
    let snap = dashboard_risks(&hub);
    let shown: Vec<&str> = snap.risks.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(
        shown,
        ["G-CONC-KN01", "G-CONC-KN02", "G-CONC-KN03"],
        "KN01 once, as worked out today; KN04's cause has cleared; the closed one is history"
    );
    assert!(snap.risks[0].title.starts_with("Concentration: KN01"));
    assert_eq!(risks::load_risks(c).unwrap().len(), 3, "nothing deleted");
    // And in export, as stored.
    let out = tempfile::tempdir().unwrap();
    hubboard::exchange::export_dir(&hub.store, out.path(), hubboard::exchange::Format::Csv)
        .unwrap();
    let exported = std::fs::read_to_string(out.path().join("risks.csv")).unwrap();
    for code in ["G-CONC-KN01", "G-CONC-KN04", "G-INAD-SC03"] {
        assert!(exported.contains(code), "{code} missing from {exported}");
    }
}

#[test]
fn people_cannot_edit_close_or_reopen_a_generated_risk() {
    let mut hub = consortium();
    // Worked out today, never stored; and one an earlier version stored.
    risks::insert_risk(
        hub.conn(),
        &stored_generated(
            "G-CONC-KN04",
            risk_rules::CONCENTRATION,
            "KN04",
            RiskStatus::Closed,
        ),
    )
    .unwrap();
    for code in ["G-CONC-KN01", "G-CONC-KN04"] {
        let edit = RiskEditRequest {
            code: code.into(),
            changes: Values::default().with("owner", "Chair"),
            seen: None,
        };
        let status = RiskStatusRequest {
            code: code.into(),
            seen: None,
        };
        let refusals = [
            hub.plan::<RiskEdit>(&edit).map(|_| ()),
            hub.plan::<RiskClose>(&status).map(|_| ()),
            hub.plan::<RiskReopen>(&status).map(|_| ()),
        ];
        for e in refusals {
            assert!(
                matches!(&e, Err(HubError::Refused(m))
                    if m.starts_with("generated risks cannot be changed by hand")
                        && m.contains(&format!("{code} goes by itself when its cause clears"))
                        && m.contains("'concentration' rule")
                        && m.contains("goes by itself when its cause clears")),
                "{e:?}"
            );
        }
    }
    // A code of no kind at all is simply not found.
    let missing = hub.plan::<RiskClose>(&RiskStatusRequest {
        code: "R-999".into(),
        seen: None,
    });
    assert!(matches!(missing, Err(HubError::NotFound(_))));
}
