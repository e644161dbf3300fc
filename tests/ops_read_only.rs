//! Every decision refused on a database opened read-only: each `commit_*` (old and new) fails
//! with a clear message, and the database file is byte-for-byte what it was.

mod ops_support;

use hubboard::clock::Clock;
use hubboard::domain::competitive::{Bid, PanelScore, default_criteria};
use hubboard::domain::*;
use hubboard::ops::improvement::{self, ImprovementAddRequest, ImprovementDoneRequest};
use hubboard::ops::warning::{self, WarnRequest};
use hubboard::ops::{self, Decider};
use hubboard::scoring::ScoringConfig;
use hubboard::store::{OpenMode, Store};
use hubboard::{HubError, Result};
use ops_support::*;
use rust_decimal_macros::dec;

const REASON: &str = "recorded reason";

/// KN01 holds SC-000001 (active, paid ahead of delivery, with an open early warning and an open
/// improvement action); KN02 holds SC-000002 (suspended); KN03 holds SC-000004 (active).
fn database() -> (tempfile::TempDir, std::path::PathBuf, i64) {
    let mut hub = Hub::new();
    hub.member("KN01")
        .member("KN02")
        .member("KN03")
        .sub(
            "SC-000001",
            "KN01",
            dec!(10000),
            7,
            SubContractStatus::Active,
        )
        .sub(
            "SC-000002",
            "KN02",
            dec!(10000),
            7,
            SubContractStatus::Suspended,
        )
        .sub(
            "SC-000004",
            "KN03",
            dec!(2000),
            2,
            SubContractStatus::Active,
        )
        .ret("SC-000001", "2026-04", 7, 4, dec!(833.33), true)
        .ret("SC-000001", "2026-05", 7, 5, dec!(833.33), true)
        .ret("SC-000001", "2026-06", 7, 6, dec!(833.33), true);
    let action = hub
        .with(|s, by| {
            let p = improvement::plan_improvement_add(
                s.conn(),
                by,
                ImprovementAddRequest {
                    subcontract: "SC-000001".into(),
                    action: "Weekly caseload review".into(),
                    owner: "Delivery manager".into(),
                    due: d("2027-01-31"),
                    reason: REASON.into(),
                },
            )?;
            improvement::commit_improvement_add(s, by, &p)
        })
        .unwrap();
    hub.with(|s, by| {
        let p = warning::plan_warn(s.conn(), by, warn_request("SC-000001"))?;
        warning::commit_warn(s, by, &p)
    })
    .unwrap();
    let Hub {
        dir, path, store, ..
    } = hub;
    drop(store);
    (dir, path, action.action.id)
}

fn warn_request(sub: &str) -> WarnRequest {
    WarnRequest {
        subcontract: sub.into(),
        reason: REASON.into(),
    }
}

fn sheet(panel: &str, bidder: &str, score: u8) -> Vec<PanelScore> {
    default_criteria()
        .iter()
        .map(|c| PanelScore {
            panel_member: panel.into(),
            bidder: bidder.into(),
            criterion: c.code.clone(),
            score,
        })
        .collect()
}

/// Plans and commits every decision on `store`, returning each commit's outcome by name.
fn every_decision(
    store: &mut Store,
    by: &Decider,
    action_id: i64,
) -> Vec<(&'static str, Result<()>)> {
    let mut out: Vec<(&'static str, Result<()>)> = Vec::new();
    let award = ops::plan_award(store.conn(), by, award_request("KN03", dec!(1000), 1)).unwrap();
    out.push(("award", ops::commit_award(store, by, &award).map(drop)));
    let shares =
        ops::propose_joint_shares(store.conn(), WON, &["KN01".into(), "KN03".into()], 10).unwrap();
    let joint = ops::plan_joint_award(
        store.conn(),
        by,
        ops::JointAwardRequest {
            opportunity: WON.into(),
            shares,
            start: d("2026-12-01"),
            end: d("2027-11-30"),
            payment_model: None,
            reason: REASON.into(),
            override_reason: None,
        },
    )
    .unwrap();
    out.push((
        "joint award",
        ops::commit_joint_award(store, by, &joint).map(drop),
    ));
    let competitive = ops::plan_competitive_award(
        store.conn(),
        by,
        &Competitive::default(),
        ops::CompetitiveAwardRequest {
            opportunity: WON.into(),
            bids: ["KN01", "KN03"]
                .iter()
                .map(|b| Bid {
                    bidder: b.to_string(),
                    price: dec!(1000),
                    units_per_month: 1,
                })
                .collect(),
            scores: [
                sheet("Ann", "KN01", 6),
                sheet("Cat", "KN01", 6),
                sheet("Ann", "KN03", 7),
                sheet("Cat", "KN03", 7),
            ]
            .concat(),
            conflicts: vec![],
            start: d("2026-12-01"),
            end: d("2027-11-30"),
            payment_model: None,
            reason: REASON.into(),
            override_reason: None,
        },
    )
    .unwrap();
    out.push((
        "competitive award",
        ops::commit_competitive_award(store, by, &competitive).map(drop),
    ));
    let suspend = ops::plan_suspend(store.conn(), by, suspend_request("SC-000001")).unwrap();
    out.push((
        "suspend",
        ops::commit_suspend(store, by, &suspend).map(drop),
    ));
    let reinstate = ops::plan_reinstate(
        store.conn(),
        by,
        ops::ReinstateRequest {
            subcontract: "SC-000002".into(),
            reason: REASON.into(),
        },
    )
    .unwrap();
    out.push((
        "reinstate",
        ops::commit_reinstate(store, by, &reinstate).map(drop),
    ));
    let transfer = ops::plan_transfer(
        store.conn(),
        by,
        ops::TransferRequest {
            subcontract: "SC-000002".into(),
            to: "KN03".into(),
            reason: REASON.into(),
            override_reason: None,
        },
    )
    .unwrap();
    out.push((
        "transfer",
        ops::commit_transfer(store, by, &transfer).map(drop),
    ));
    let clawback = ops::plan_clawback(
        store.conn(),
        by,
        ops::ClawbackRequest {
            subcontract: "SC-000001".into(),
            reason: REASON.into(),
        },
    )
    .unwrap();
    out.push((
        "clawback",
        ops::commit_clawback(store, by, &clawback).map(drop),
    ));
    let reprofile = ops::plan_reprofile(
        store.conn(),
        by,
        ops::ReprofileRequest {
            subcontract: "SC-000001".into(),
            units_per_month: 5,
            from: p("2026-12"),
            reason: REASON.into(),
        },
    )
    .unwrap();
    out.push((
        "reprofile",
        ops::commit_reprofile(store, by, &reprofile).map(drop),
    ));
    let add = improvement::plan_improvement_add(
        store.conn(),
        by,
        ImprovementAddRequest {
            subcontract: "SC-000001".into(),
            action: "Recruit an adviser".into(),
            owner: "Chief executive".into(),
            due: d("2027-02-28"),
            reason: REASON.into(),
        },
    )
    .unwrap();
    out.push((
        "improvement add",
        improvement::commit_improvement_add(store, by, &add).map(drop),
    ));
    let done = improvement::plan_improvement_done(
        store.conn(),
        by,
        ImprovementDoneRequest {
            subcontract: "SC-000001".into(),
            id: action_id,
            reason: REASON.into(),
        },
    )
    .unwrap();
    out.push((
        "improvement done",
        improvement::commit_improvement_done(store, by, &done).map(drop),
    ));
    let warn = warning::plan_warn(store.conn(), by, warn_request("SC-000004")).unwrap();
    out.push(("warn", warning::commit_warn(store, by, &warn).map(drop)));
    let clear = warning::plan_clear_warning(store.conn(), by, warn_request("SC-000001")).unwrap();
    out.push((
        "clear warning",
        warning::commit_clear_warning(store, by, &clear).map(drop),
    ));
    out
}

#[test]
fn every_commit_is_refused_read_only_and_the_file_is_unchanged() {
    let (_dir, path, action_id) = database();
    let bytes_before = std::fs::read(&path).unwrap();
    let clock = Clock::fixed(d(TODAY));
    let rules = Rules::default();
    let scoring = ScoringConfig::default();
    let by = Decider {
        clock: &clock,
        actor: ACTOR,
        rules: &rules,
        scoring: &scoring,
    };
    let mut store = Store::open(&path, OpenMode::ReadOnly).unwrap();
    let tables_before = snapshot(store.conn());
    let outcomes = every_decision(&mut store, &by, action_id);
    assert_eq!(outcomes.len(), 12);
    for (name, outcome) in outcomes {
        match outcome {
            Err(HubError::Refused(m)) => assert!(m.contains("open read-only"), "{name}: {m}"),
            other => panic!("{name} was not refused as read-only: {other:?}"),
        }
    }
    assert_eq!(snapshot(store.conn()), tables_before);
    drop(store);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        bytes_before,
        "the database file changed"
    );
}
