//! What holds across any sequence of decisions, whatever the order: a decision either writes
//! and appends its audit rows (the count it reports), or is refused and leaves every table exactly
//! as it was; a plan made before a colleague's decision is committed only if nothing it read
//! changed, else refused as a conflict with nothing written; the audit chain always verifies;
//! nothing is ever written through a read-only gate; and the prime contract's ledger holds: what
//! is let never exceeds the net, a transfer's two halves sum to what was let and share no month or
//! rate, nothing is earned beyond a sub-contract's value, no claw-back is negative, and every
//! ledger total is the sum of its lines; and a member that has left holds no live sub-contract.

mod ops_support;

use hubboard::domain::{RiskStatus, SubContractStatus, SuspensionReason};
use hubboard::ops::award::{Award, AwardRequest};
use hubboard::ops::clawback::{Clawback, ClawbackRequest};
use hubboard::ops::member_leave::{LeaveMember, LeaveRequest};
use hubboard::ops::reinstate::{Reinstate, ReinstateRequest};
use hubboard::ops::reprofile::{Reprofile, ReprofileRequest};
use hubboard::ops::returns::{CorrectReturn, RecordReturn, ReturnRequest};
use hubboard::ops::risks::{RiskClose, RiskReopen, RiskStatusRequest};
use hubboard::ops::suspend::{Suspend, SuspendRequest};
use hubboard::ops::transfer::{Transfer, TransferRequest};
use hubboard::ops::vary::{Vary, VaryRequest};
use hubboard::ops::warning::{ClearWarning, Warn, WarnRequest};
use hubboard::ops::{Decision, Gate, Registered};
use hubboard::{HubError, Result};
use ops_support::*;
use proptest::prelude::*;
use rust_decimal::Decimal;

const MEMBERS: [&str; 3] = ["KN01", "KN02", "KN03"];

/// One step a hub officer might take; indices pick among what exists at the time.
#[derive(Debug, Clone)]
enum Step {
    Award {
        member: usize,
        pounds: u32,
        units: u32,
    },
    Suspend {
        sub: usize,
        urgent: bool,
    },
    Reinstate {
        sub: usize,
    },
    Transfer {
        sub: usize,
        to: usize,
    },
    Clawback {
        sub: usize,
    },
    Reprofile {
        sub: usize,
        units: u32,
        reduce: bool,
    },
    Warn {
        sub: usize,
    },
    ClearWarning {
        sub: usize,
    },
    CloseRisk {
        open: bool,
    },
    /// A contract variation to `pounds` gross.
    Vary {
        pounds: u32,
    },
    /// A member leaving the consortium.
    Leave {
        member: usize,
    },
    /// A month's return recorded as it comes in, or one already in corrected.
    Return {
        sub: usize,
        month: usize,
        units: u32,
        correct: bool,
    },
    /// Plan `first`, let `colleague` be decided meanwhile, then commit the first plan.
    Interleaved {
        first: Box<Step>,
        colleague: Box<Step>,
    },
    /// Commit through a read-only gate.
    ReadOnly(Box<Step>),
}

fn simple() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0..3usize, 1..40_000u32, 1..30u32).prop_map(|(member, pounds, units)| Step::Award {
            member,
            pounds,
            units
        }),
        (0..6usize, any::<bool>()).prop_map(|(sub, urgent)| Step::Suspend { sub, urgent }),
        (0..6usize).prop_map(|sub| Step::Reinstate { sub }),
        (0..6usize, 0..3usize).prop_map(|(sub, to)| Step::Transfer { sub, to }),
        (0..6usize).prop_map(|sub| Step::Clawback { sub }),
        (0..6usize, 1..40u32, any::<bool>()).prop_map(|(sub, units, reduce)| Step::Reprofile {
            sub,
            units,
            reduce
        }),
        (0..6usize).prop_map(|sub| Step::Warn { sub }),
        (0..6usize).prop_map(|sub| Step::ClearWarning { sub }),
        any::<bool>().prop_map(|open| Step::CloseRisk { open }),
        (60_000..200_000u32).prop_map(|pounds| Step::Vary { pounds }),
        (0..3usize).prop_map(|member| Step::Leave { member }),
        (0..6usize, 0..4usize, 0..40u32, any::<bool>()).prop_map(|(sub, month, units, correct)| {
            Step::Return {
                sub,
                month,
                units,
                correct,
            }
        }),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => simple(),
        2 => (simple(), simple()).prop_map(|(a, b)| Step::Interleaved {
            first: Box::new(a),
            colleague: Box::new(b),
        }),
        1 => simple().prop_map(|s| Step::ReadOnly(Box::new(s))),
    ]
}

/// A small consortium: three members with advice capacity, two sub-contracts with returns paid
/// ahead of delivery, and one risk.
fn hub() -> Hub {
    let hub = Hub::new();
    for m in MEMBERS {
        hub.member(m);
    }
    hub.sub(
        "SC-000001",
        "KN01",
        Decimal::from(12_000),
        10,
        SubContractStatus::Active,
    )
    .sub(
        "SC-000002",
        "KN02",
        Decimal::from(6_000),
        5,
        SubContractStatus::Active,
    )
    .ret("SC-000001", "2026-04", 10, 4, Decimal::from(1_000), true)
    .ret("SC-000002", "2026-04", 5, 5, Decimal::from(500), true)
    // Months inside the performance pane's window: a trend, and one return awaited past due.
    .ret("SC-000001", "2026-08", 10, 6, Decimal::from(600), true)
    .ret("SC-000001", "2026-09", 10, 0, Decimal::ZERO, false)
    .ret("SC-000002", "2026-10", 5, 4, Decimal::from(400), true);
    hubboard::store::risks::insert_risk(
        hub.conn(),
        &hubboard::domain::Risk {
            code: "R-001".into(),
            title: "Loss of a funder".into(),
            category: "financial".into(),
            owner: "Treasurer".into(),
            scale: "knowsley".into(),
            gross_probability: 3,
            gross_impact: 2,
            preventative_controls: String::new(),
            curative_controls: String::new(),
            net_probability: None,
            net_impact: None,
            review_date: d("2027-03-01"),
            status: RiskStatus::Open,
            entity_kind: hubboard::domain::EntityKind::Consortium,
            entity_code: None,
            generated_by: None,
        },
    )
    .unwrap();
    hub
}

fn subs(hub: &Hub) -> Vec<String> {
    hubboard::store::subcontracts::load_subcontracts(hub.conn())
        .unwrap()
        .into_iter()
        .map(|s| s.code)
        .collect()
}

fn pick(list: &[String], i: usize) -> String {
    list[i % list.len()].clone()
}

/// A decision, planned: committed later through `commit`.
trait Pending {
    fn commit(self: Box<Self>, hub: &mut Hub, gate: Gate) -> Result<usize>;
}

struct Planned<D: Decision>(hubboard::ops::Planned<D>);

impl<D: Decision + Registered> Pending for Planned<D> {
    fn commit(self: Box<Self>, hub: &mut Hub, gate: Gate) -> Result<usize> {
        let why = overriding("recorded reason", "Board minute 1");
        let why = if D::spec().overridable {
            why
        } else {
            ops_support::why("recorded reason")
        };
        hub.with(|s, by| hubboard::ops::commit(s, &gate, by, &self.0, &why))
            .map(|c| c.audit_ids.len())
    }
}

fn planned<D: Decision + Registered + 'static>(
    hub: &mut Hub,
    request: D::Request,
) -> Result<Box<dyn Pending>> {
    Ok(Box::new(Planned::<D>(hub.plan::<D>(&request)?)))
}

/// Plans a step (nothing written).
fn plan(hub: &mut Hub, s: &Step) -> Result<Box<dyn Pending>> {
    let list = subs(hub);
    let sub = |i: &usize| pick(&list, *i);
    match s {
        Step::Award {
            member,
            pounds,
            units,
        } => planned::<Award>(
            hub,
            AwardRequest {
                value: Decimal::from(*pounds),
                ..award_request(MEMBERS[*member], Decimal::ONE, *units)
            },
        ),
        Step::Suspend { sub: i, urgent } => planned::<Suspend>(
            hub,
            SuspendRequest {
                subcontract: sub(i).into(),
                reason_code: SuspensionReason::UnderDelivery,
                effective: None,
                urgent: *urgent,
            },
        ),
        Step::Reinstate { sub: i } => planned::<Reinstate>(
            hub,
            ReinstateRequest {
                subcontract: sub(i).into(),
            },
        ),
        Step::Transfer { sub: i, to } => planned::<Transfer>(
            hub,
            TransferRequest {
                subcontract: sub(i).into(),
                to: MEMBERS[*to].into(),
                code: None,
            },
        ),
        Step::Clawback { sub: i } => planned::<Clawback>(
            hub,
            ClawbackRequest {
                subcontract: sub(i).into(),
                claim_code: None,
                count_unreferred: false,
            },
        ),
        Step::Reprofile {
            sub: i,
            units,
            reduce,
        } => planned::<Reprofile>(
            hub,
            ReprofileRequest {
                subcontract: sub(i).into(),
                units_per_month: *units,
                from: p("2026-12"),
                reduce_value: *reduce,
            },
        ),
        Step::Warn { sub: i } => planned::<Warn>(
            hub,
            WarnRequest {
                subcontract: sub(i).into(),
            },
        ),
        Step::ClearWarning { sub: i } => planned::<ClearWarning>(
            hub,
            WarnRequest {
                subcontract: sub(i).into(),
            },
        ),
        Step::CloseRisk { open } => {
            let r = RiskStatusRequest {
                code: "R-001".into(),
                seen: None,
            };
            if *open {
                planned::<RiskReopen>(hub, r)
            } else {
                planned::<RiskClose>(hub, r)
            }
        }
        Step::Vary { pounds } => planned::<Vary>(
            hub,
            VaryRequest {
                opportunity: WON.into(),
                value: Some(Decimal::from(*pounds)),
                end: None,
                agreed: None,
            },
        ),
        Step::Leave { member } => planned::<LeaveMember>(
            hub,
            LeaveRequest {
                member: MEMBERS[*member].into(),
                on: None,
            },
        ),
        Step::Return {
            sub: i,
            month,
            units,
            correct,
        } => {
            let r = ReturnRequest {
                subcontract: sub(i).into(),
                period: p(["2026-07", "2026-08", "2026-09", "2026-10"][*month]),
                units_delivered: Some(*units),
                outcomes_achieved: None,
                milestones_met: None,
                spend: Some(Decimal::from(*units)),
                paid: Some(Decimal::from(*units)),
                quality_grade: None,
                referrals: Some(1),
                submitted: None,
            };
            if *correct {
                planned::<CorrectReturn>(hub, r)
            } else {
                planned::<RecordReturn>(hub, r)
            }
        }
        Step::Interleaved { first, .. } | Step::ReadOnly(first) => plan(hub, first),
    }
}

fn audit_count(hub: &Hub) -> usize {
    hub.audit_rows().len()
}

/// Runs one step, checking the rules above; returns what happened, for the failure message.
fn run(hub: &mut Hub, s: &Step) -> String {
    let before = snapshot(hub.conn());
    let rows = audit_count(hub);
    let outcome = match s {
        Step::Interleaved { first, colleague } => {
            let pending = plan(hub, first);
            let colleague_wrote = run(hub, colleague);
            let mid = snapshot(hub.conn());
            let mid_rows = audit_count(hub);
            match pending.and_then(|p| p.commit(hub, Gate::read_write())) {
                Ok(n) => {
                    assert_eq!(audit_count(hub), mid_rows + n, "{s:?}");
                    assert!(n >= 1);
                    format!("committed after {colleague_wrote}")
                }
                Err(e) => {
                    assert_eq!(snapshot(hub.conn()), mid, "{s:?}: refused but wrote ({e})");
                    format!("refused after {colleague_wrote}: {}", e.kind())
                }
            }
        }
        Step::ReadOnly(inner) => {
            if let Ok(p) = plan(hub, inner) {
                let e = p.commit(hub, Gate::read_only()).unwrap_err();
                assert_eq!(e.exit_code(), 5, "{e}");
            }
            assert_eq!(
                snapshot(hub.conn()),
                before,
                "{s:?}: wrote through a read-only gate"
            );
            "read-only".into()
        }
        simple => match plan(hub, simple).and_then(|p| p.commit(hub, Gate::read_write())) {
            Ok(n) => {
                assert!(n >= 1, "{s:?} wrote no audit row");
                assert_eq!(audit_count(hub), rows + n, "{s:?}");
                assert_ne!(
                    snapshot(hub.conn()),
                    before,
                    "{s:?} wrote nothing but said it did"
                );
                "written".into()
            }
            Err(e) => {
                assert_eq!(
                    snapshot(hub.conn()),
                    before,
                    "{s:?}: refused ({e}) but wrote"
                );
                assert!(
                    !matches!(e, HubError::Db(_) | HubError::Io { .. }),
                    "{s:?}: {e}"
                );
                format!("refused: {}", e.kind())
            }
        },
    };
    hub.assert_audit_intact();
    assert_ledger_holds(hub, s);
    outcome
}

/// The prime contract's invariants, after any step.
fn assert_ledger_holds(hub: &Hub, s: &Step) {
    use hubboard::domain::clawback::{self, Unreferred};
    use hubboard::store::{prime, read::ledger, subcontracts as sc};
    let conn = hub.conn();
    let all = sc::load_subcontracts(conn).unwrap();
    for code in [WON, EARLIER] {
        let g = ledger::ledger_of(conn, code, d(TODAY)).unwrap();
        // Every total is the sum of its lines; unlet is the net less what is let.
        let sum = |f: fn(&hubboard::domain::ledger::LedgerLine) -> Decimal| {
            g.lines.iter().map(f).sum::<Decimal>()
        };
        assert_eq!(g.totals.let_total, sum(|l| l.value), "{s:?}");
        assert_eq!(g.totals.earned, sum(|l| l.earned), "{s:?}");
        assert_eq!(g.totals.paid, sum(|l| l.paid), "{s:?}");
        assert_eq!(g.totals.owed_back, sum(|l| l.owed_back), "{s:?}");
        assert_eq!(
            g.totals.to_commissioner,
            sum(|l| l.to_commissioner),
            "{s:?}"
        );
        assert_eq!(g.totals.unlet, g.prime.net - g.totals.let_total, "{s:?}");
        let by_state: Decimal = g.let_by_state.iter().map(|(_, v)| *v).sum();
        assert_eq!(by_state, g.totals.let_total, "{s:?}");
        // What is let never exceeds the net.
        assert!(g.totals.let_total <= g.prime.net, "{s:?}: over-let {g:?}");
        assert_eq!(
            prime::let_total(conn, code).unwrap(),
            Some(g.totals.let_total)
        );
        for l in &g.lines {
            assert!(
                l.earned <= l.value,
                "{s:?}: {} earned beyond its value",
                l.subcontract
            );
            assert!(l.owed_back >= Decimal::ZERO && l.to_commissioner >= Decimal::ZERO);
        }
    }
    // A member that has left holds no live work: nothing is let or transferred to it afterwards.
    for m in hubboard::store::members::load_members(conn).unwrap() {
        let Some(left) = m.left else { continue };
        for sub in all.iter().filter(|x| x.member == m.code) {
            let live = matches!(
                sub.status,
                SubContractStatus::Proposed
                    | SubContractStatus::Active
                    | SubContractStatus::Suspended
            );
            assert!(
                !live,
                "{s:?}: {} left on {left} but holds {}",
                m.code, sub.code
            );
        }
    }
    for sub in &all {
        assert!(sub.value >= Decimal::ZERO, "{s:?}: {}", sub.code);
        let profiles = sc::profiles_of(conn, &sub.code).unwrap();
        let pricing = clawback::pricing(sub, &profiles, None).unwrap();
        let returns = sc::returns_of(conn, &sub.code).unwrap();
        let claimed: Decimal = sc::claims_of(conn, &sub.code)
            .unwrap()
            .iter()
            .map(|c| c.amount)
            .sum();
        let f = clawback::clawback(&pricing, &returns, claimed, Unreferred::LeftOut).unwrap();
        assert!(
            f.amount >= Decimal::ZERO,
            "{s:?}: negative claw-back on {}",
            sub.code
        );
        assert!(
            sc::claims_of(conn, &sub.code)
                .unwrap()
                .iter()
                .all(|c| c.amount > Decimal::ZERO)
        );
        // A transfer's halves: no month in both, one rate, and nothing let twice.
        if let Some(from) = &sub.transferred_from {
            let original = all.iter().find(|o| &o.code == from).unwrap();
            assert!(
                original.end < sub.start,
                "{s:?}: {} and {} share a day",
                from,
                sub.code
            );
            assert_eq!(
                original.unit_rate, sub.unit_rate,
                "{s:?}: two rates for one contract"
            );
            let last = hubboard::dates::Period::containing(original.end);
            let first = hubboard::dates::Period::containing(sub.start);
            if last == first {
                let kept = hubboard::domain::profile::units_in(
                    original,
                    &sc::profiles_of(conn, from).unwrap(),
                    last,
                );
                let moved = hubboard::domain::profile::units_in(sub, &profiles, first);
                let before = original_units_in(hub, from, last);
                assert_eq!(
                    kept + moved,
                    before,
                    "{s:?}: the shared month {last} counted twice"
                );
            }
        }
    }
}

/// The units the original owed in `month` before its remainder moved: from the transfer's
/// audit row, which records the shared month's units.
fn original_units_in(hub: &Hub, code: &str, month: hubboard::dates::Period) -> u32 {
    let row = hub
        .audit_rows()
        .into_iter()
        .rev()
        .find(|r| r.action == "transfer" && r.entity == format!("subcontract:{code}"))
        .unwrap();
    let after: serde_json::Value =
        serde_json::from_str(row.after_json.as_deref().unwrap()).unwrap();
    let shared = &after["split"]["shared"];
    assert_eq!(shared["month"], month.to_string());
    u32::try_from(shared["units"].as_u64().unwrap()).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn any_sequence_of_decisions_writes_all_or_nothing_and_keeps_the_chain(
        steps in proptest::collection::vec(step(), 1..14)
    ) {
        let mut hub = hub();
        let mut seen = Vec::new();
        for (i, s) in steps.iter().enumerate() {
            seen.push(run(&mut hub, s));
            // As a dashboard open meanwhile does: the score cache brought up to date, so the
            // next decision's changes meet a cache that holds every assessment.
            look(&hub, i % 2 == 1);
        }
        // Every audit row is a decision's: none came from anything but a commit.
        let rows = hub.audit_rows();
        prop_assert!(rows.iter().all(|r| r.actor == ACTOR), "{seen:?}");
        prop_assert!(rows.iter().all(|r| r.action().is_some()), "{seen:?}");
        assert_capacity_kept(&hub, &seen);
        assert_board_on_one_basis(&hub, &seen);
        assert_performance_on_one_basis(&hub, &seen);
    }
}

/// Member capacity's commitments and the active totals, kept by the writes that change them, are
/// always those added up from the sub-contracts.
fn assert_capacity_kept(hub: &Hub, seen: &[String]) {
    use hubboard::store::read::capacity;
    assert_eq!(
        capacity::commitments_kept(hub.conn()).unwrap(),
        capacity::commitments_recounted(hub.conn()).unwrap(),
        "after {seen:?}"
    );
    // So are the active sub-contracts' totals by member, and exactly (pence, as written).
    use hubboard::store::{kept_totals, subcontracts};
    assert_eq!(
        kept_totals::active_totals(hub.conn()).unwrap(),
        Some(subcontracts::active_totals_of_records(hub.conn()).unwrap()),
        "after {seen:?}"
    );
}

/// One figure, one basis, for the Board's headline figures read ahead of the rest: delivery by
/// month as kept is that added up from the returns; on days either side of any notice, the
/// pipeline, active and top-slice figures are the summary strip's, and the delivery-to-hub ratio
/// is the one over the performance pane's rows delivering that day.
fn assert_board_on_one_basis(hub: &Hub, seen: &[String]) {
    use hubboard::board::{headlines, ratio};
    use hubboard::store::read::board as months;
    let conn = hub.conn();
    let (first, last) = (p("2025-01"), p("2028-12"));
    assert_eq!(
        hubboard::store::kept_totals::delivery_by_month(conn, first, last).unwrap(),
        Some(months::delivery_by_month_of_records(conn, first, last).unwrap()),
        "after {seen:?}"
    );
    let config = hubboard::config::Config::default();
    for day in [TODAY, "2026-12-20", "2027-02-15", "2027-06-01"] {
        let today = d(day);
        let h = headlines::load(conn, today, &config.rules, &config.board).unwrap();
        let snap = hubboard::dashboard::load(conn, today, &config).unwrap();
        let s = &snap.summary;
        assert_eq!(
            (h.pipeline, h.active, h.top_slice_income),
            (
                (s.pipeline_count, s.pipeline_value),
                (s.active_count, s.active_value),
                s.top_slice_income
            ),
            "{day} after {seen:?}"
        );
        let delivering: std::collections::HashSet<&str> = snap
            .performance
            .iter()
            .filter(|p| p.state.delivering())
            .map(|p| p.code.as_str())
            .collect();
        let mut of_rows = ratio::DeliveryRatio::default();
        for o in hubboard::store::opportunities::load_opportunities(conn).unwrap() {
            if o.stage != hubboard::domain::Stage::Won {
                continue;
            }
            let prime = hubboard::store::prime::prime_contract(conn, &o).unwrap();
            let subs: Vec<_> = hubboard::store::prime::subcontracts_of(conn, &o.code)
                .unwrap()
                .into_iter()
                .filter(|s| delivering.contains(s.code.as_str()))
                .map(|s| (s.value, s.start, s.end))
                .collect();
            ratio::add(&mut of_rows, &prime, &subs, today).unwrap();
        }
        assert_eq!(h.ratio, of_rows, "{day} after {seen:?}");
    }
}

/// Brings the score cache up to date for today, as a look does: the dashboard's (which works
/// out the few a change dropped before its first screen) or any other reader's.
fn look(hub: &Hub, dashboard: bool) {
    let config = hubboard::config::Config::default();
    if dashboard {
        hubboard::dashboard::load(hub.conn(), d(TODAY), &config).unwrap();
    } else {
        hubboard::scoring::snapshot(hub.conn(), d(TODAY), &config).unwrap();
    }
}

/// The period scores kept are, for each sub-contract assessed, those of its submitted returns
/// worked out afresh: a day that leaves them standing never leaves one stale or missing.
fn assert_period_scores_kept(
    hub: &Hub,
    kept: &hubboard::scoring::Snapshot,
    today: chrono::NaiveDate,
    scoring: &hubboard::scoring::ScoringConfig,
    when: &str,
) {
    let stored = hubboard::store::scores::period_scores(hub.conn()).unwrap();
    for s in &kept.summaries {
        let data = hubboard::scoring::load::contract(hub.conn(), &s.subcontract)
            .unwrap()
            .expect("an assessed sub-contract is on record");
        let submitted = |p| {
            data.returns
                .iter()
                .any(|r| r.period == p && r.submitted.is_some())
        };
        let mut fresh: Vec<_> =
            hubboard::scoring::assess::period_scores(&data.facts(), today, scoring)
                .into_iter()
                .filter(|p| submitted(p.period))
                .map(|p| (p.period, p.score))
                .collect();
        fresh.sort();
        let mut cached = stored.get(&s.subcontract).cloned().unwrap_or_default();
        cached.sort();
        assert_eq!(cached, fresh, "{} on {when}", s.subcontract);
    }
}

/// One figure, one basis: the performance pane read from the score cache (which keeps each
/// sub-contract's recent returns beside its assessment) is the pane worked out from the records,
/// and the assessments the cache gives are those worked out afresh — today, on later days of the
/// month (where assessments that still hold are kept) and in another month; a cache of another
/// month is never used; and the pane's first screen read by index is the whole list's top.
fn assert_performance_on_one_basis(hub: &Hub, seen: &[String]) {
    use hubboard::dashboard::performance;
    let config = hubboard::config::Config::default();
    let settings: hubboard::dashboard::Settings = (&config).into();
    let sorted = |mut rows: Vec<performance::PerformanceRow>| {
        rows.sort_by(|a, b| a.code.cmp(&b.code));
        rows
    };
    let by_code = |mut s: hubboard::scoring::Snapshot| {
        s.summaries
            .sort_by(|a, b| a.subcontract.cmp(&b.subcontract));
        s.flagged.sort_by(|a, b| a.subcontract.cmp(&b.subcontract));
        s
    };
    for day in [TODAY, "2026-11-23", "2026-11-30", "2027-01-09"] {
        let today = d(day);
        let current = hubboard::scoring::cache::current(hub.conn(), today, settings.scoring);
        if day.starts_with("2027") {
            assert!(
                !current.unwrap(),
                "a cache of another month counted as current"
            );
        }
        let kept = hubboard::scoring::snapshot(hub.conn(), today, settings.scoring).unwrap();
        assert!(hubboard::scoring::cache::current(hub.conn(), today, settings.scoring).unwrap());
        assert_period_scores_kept(
            hub,
            &kept,
            today,
            &config.scoring,
            &format!("{day} {seen:?}"),
        );
        // The standings read by index from the cache's columns are those of the assessments.
        let by_sub = |mut v: Vec<hubboard::domain::risk_rules::ContractStanding>| {
            v.sort_by(|a, b| a.subcontract.cmp(&b.subcontract));
            v
        };
        let complete = hubboard::scoring::cache::complete(hub.conn(), today, settings.scoring)
            .unwrap()
            .expect("the cache holds every assessment");
        let indexed =
            hubboard::scoring::contract_standings_cached(hub.conn(), settings.scoring, complete)
                .unwrap()
                .expect("every score in range");
        assert_eq!(
            by_sub(indexed),
            by_sub(hubboard::scoring::contract_standings_in(
                &kept,
                settings.scoring.scoring
            )),
            "{day} after {seen:?}"
        );
        // The rows from the cache, scores and all, are those worked out from the records with
        // the assessments' scores.
        let cached = performance::load_cached(hub.conn(), today, settings.scoring, true)
            .unwrap()
            .expect("every row cached after a writable look");
        let mut read = performance::load(hub.conn(), today).unwrap();
        for r in &mut read {
            let assessed = kept.summaries.iter().find(|s| s.subcontract == r.code);
            performance::put_score(r, assessed.and_then(|s| s.overall), settings.scoring);
        }
        assert_eq!(sorted(cached), sorted(read), "{day} after {seen:?}");
        // The pane's first screen read by index is the whole list's first rows, worst first.
        let whole = hubboard::dashboard::load(hub.conn(), today, settings)
            .unwrap()
            .performance;
        let complete = hubboard::scoring::cache::complete(hub.conn(), today, settings.scoring)
            .unwrap()
            .expect("the cache holds every assessment");
        let (page, total) =
            performance::first_page(hub.conn(), today, settings.scoring, 7, complete)
                .unwrap()
                .expect("every score in range");
        assert_eq!(total, whole.len(), "{day} after {seen:?}");
        assert_eq!(
            page[..],
            whole[..whole.len().min(7)],
            "{day} after {seen:?}"
        );
        // The strip counted by index is the strip counted from the whole list.
        let tenders = hubboard::dashboard::summary::TenderFigures::default();
        assert_eq!(
            hubboard::dashboard::summary::compute_indexed(
                hub.conn(),
                today,
                tenders.clone(),
                &hubboard::store::subcontracts::active_totals(hub.conn()).unwrap(),
                complete
            )
            .unwrap(),
            hubboard::dashboard::summary::compute(hub.conn(), today, tenders, &whole).unwrap(),
            "{day} after {seen:?}"
        );
        hubboard::store::scores::clear_assessments(hub.conn()).unwrap();
        let afresh = hubboard::scoring::snapshot(hub.conn(), today, settings.scoring).unwrap();
        assert_eq!(by_code(kept), by_code(afresh), "{day} after {seen:?}");
    }
}
