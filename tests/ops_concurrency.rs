//! Two officers awarding the last of one member's capacity at the same moment: exactly one
//! succeeds, the other is told of the conflict, and nothing is lost — first deterministically
//! with two connections to one file, then with two real `hubboard award` processes.

mod ops_support;

use std::process::{Command, Output};

use hubboard::HubError;
use hubboard::domain::SubContractStatus;
use hubboard::ops::{self, award::Award};
use hubboard::store::{OpenMode, Store, audit};
use ops_support::*;
use rust_decimal_macros::dec;

const CONFLICT: &str =
    "member KN01 was changed since you looked (version 1, now 2); look again and retry";
/// The loser's plan fixed the code the winner has just taken: its plan no longer holds.
const CODE_TAKEN: &str =
    "the plan no longer holds (code: a sub-contract SC-000002 already exists); nothing was written";

/// KN01 has 50 advice units a month, 40 of them committed: 10 are left.
fn nearly_full() -> Hub {
    let hub = Hub::new();
    hub.member("KN01").sub(
        "SC-000001",
        "KN01",
        dec!(12000),
        40,
        SubContractStatus::Active,
    );
    hub
}

fn count_subcontracts(conn: &rusqlite::Connection) -> i64 {
    conn.query_row("SELECT COUNT(*) FROM subcontracts", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn two_connections_planning_the_last_capacity_exactly_one_commits() {
    let mut hub = nearly_full();
    let mut other = Store::open(&hub.path, OpenMode::ReadWrite).unwrap();
    let reason = why("the last of KN01's advice capacity");
    let first = hub
        .plan::<Award>(&award_request("KN01", dec!(1000), 10))
        .unwrap();
    let second = hub.with(|_, by| {
        ops::plan::<Award>(other.conn(), by, &award_request("KN01", dec!(2000), 10)).unwrap()
    });
    // Both looked while there was room: each plan on its own would pass.
    assert!(first.sheet.failed().is_empty() && second.sheet.failed().is_empty());
    assert_eq!(
        (
            first.plan.facts.member.row_version,
            second.plan.facts.member.row_version
        ),
        (1, 1)
    );

    hub.commit(&first, &reason).unwrap();
    let before = snapshot(other.conn());
    let gate = hub.gate;
    let err = hub
        .with(|_, by| ops::commit(&mut other, &gate, by, &second, &reason))
        .unwrap_err();
    let HubError::Conflict(conflict) = &err else {
        panic!("expected a conflict, got {err:?}");
    };
    assert_eq!(conflict.summary, CODE_TAKEN, "{err}");
    assert_eq!(conflict.since.len(), 1, "{err}");
    assert!(
        conflict.since[0].ends_with(" officer award subcontract:SC-000002"),
        "{err}"
    );
    assert_eq!(
        snapshot(other.conn()),
        before,
        "the losing commit wrote nothing"
    );

    assert_eq!(count_subcontracts(hub.conn()), 2);
    assert_eq!(
        hub.subcontract("SC-000002").value,
        dec!(1000),
        "the first award stands"
    );
    assert_eq!(hub.member_version("KN01"), 2);
    assert_eq!(hub.audit_rows().len(), 1);
    hub.assert_audit_intact();
}

fn award_process(path: &std::path::Path, config: &std::path::Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_hubboard"))
        .arg("--db")
        .arg(path)
        .arg("--config")
        .arg(config)
        .args([
            "--today",
            TODAY,
            "award",
            "--opportunity",
            WON,
            "--member",
            "KN01",
        ])
        .args([
            "--value",
            "1000",
            "--start",
            "2026-12-01",
            "--end",
            "2027-11-30",
            "--units",
            "10",
        ])
        .args([
            "--reason",
            "the last of KN01's advice capacity",
            "--member-version",
            "1",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn two_processes_awarding_the_last_capacity_at_once_exactly_one_succeeds() {
    // A few rounds, so both orders of arrival (conflict at planning or at commit) get a chance.
    for round in 0..3 {
        let hub = nearly_full();
        let Hub {
            dir, path, store, ..
        } = hub;
        drop(store);
        let config = dir.path().join("config.toml");
        std::fs::write(&config, "").unwrap();

        let a = award_process(&path, &config);
        let b = award_process(&path, &config);
        let outs: Vec<Output> = vec![a.wait_with_output().unwrap(), b.wait_with_output().unwrap()];
        let mut codes: Vec<i32> = outs.iter().map(|o| o.status.code().unwrap()).collect();
        codes.sort();
        let texts: Vec<String> = outs
            .iter()
            .map(|o| {
                format!(
                    "{}{}",
                    String::from_utf8_lossy(&o.stdout),
                    String::from_utf8_lossy(&o.stderr)
                )
            })
            .collect();
        assert_eq!(codes, vec![0, 3], "round {round}: {texts:#?}");
        let loser = outs.iter().find(|o| o.status.code() == Some(3)).unwrap();
        let stderr = String::from_utf8_lossy(&loser.stderr);
        // Refused with the member's versions, at planning (planned after the winner wrote) or at
        // the commit's second planning, which also names the winner's award.
        let stderr = stderr.trim();
        assert!(
            stderr == format!("hubboard: conflict: {CONFLICT}")
                || (stderr
                    .starts_with(&format!("hubboard: conflict: {CONFLICT}; recorded since: "))
                    && stderr.contains(" award subcontract:SC-000002")
                    && !stderr.contains('\n')),
            "round {round}: {stderr}"
        );

        let store = Store::open(&path, OpenMode::ReadOnly).unwrap();
        assert_eq!(
            count_subcontracts(store.conn()),
            2,
            "round {round}: exactly one new sub-contract"
        );
        let rows = audit::list(store.conn(), None).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].action, "award");
        assert!(matches!(
            audit::verify(store.conn()).unwrap(),
            audit::Verdict::Intact { rows: 1 }
        ));
    }
}
