//! A small consortium on a temporary database file for the decision tests: one commissioner, a won
//! advice contract and an unwon one, and members built to order. Rows are inserted directly (as an
//! import would); only the operations under test write audit rows.
#![allow(dead_code)]

use std::path::PathBuf;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use hubboard::clock::Clock;
use hubboard::config::Config;
use hubboard::dates::{self, Period};
use hubboard::domain::*;
use hubboard::ops::award::{Award, AwardOutcome, AwardRequest};
use hubboard::ops::clawback::{Clawback, ClawbackOutcome, ClawbackRequest};
use hubboard::ops::reinstate::{Reinstate, ReinstateOutcome, ReinstateRequest};
use hubboard::ops::reprofile::{Reprofile, ReprofileOutcome, ReprofileRequest};
use hubboard::ops::suspend::{Suspend, SuspendOutcome, SuspendRequest};
use hubboard::ops::transfer::{Transfer, TransferOutcome, TransferRequest};
use hubboard::ops::{self, Committed, Decider, Decision, Gate, Planned, Registered, Why};
use hubboard::store::audit::{self, Verdict};
use hubboard::store::{Store, members, opportunities, subcontracts};

pub const TODAY: &str = "2026-11-22";
pub const ACTOR: &str = "officer";
/// Won, advice, £120,000 over 12 months, 5% top slice.
pub const WON: &str = "OP-ADV";
/// An earlier won contract in the same service line, Mar 2026 – Feb 2028, holding the members'
/// existing sub-contracts (so they commit capacity without using up what `WON` has to let).
pub const EARLIER: &str = "OP-EAR";
/// Still at the submitted stage.
pub const SUBMITTED: &str = "OP-BID";

pub fn d(s: &str) -> NaiveDate {
    dates::parse_iso(s).unwrap()
}

pub fn p(s: &str) -> Period {
    s.parse().unwrap()
}

pub struct Hub {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
    pub store: Store,
    pub clock: Clock,
    /// The settings decisions run under; tests change `config.rules` to try other thresholds.
    pub config: Config,
    pub gate: Gate,
}

/// A reason and no override.
pub fn why(reason: &str) -> Why {
    Why {
        reason: reason.into(),
        override_reason: None,
    }
}

/// A reason with an override of failed checks.
pub fn overriding(reason: &str, override_reason: &str) -> Why {
    Why {
        reason: reason.into(),
        override_reason: Some(override_reason.into()),
    }
}

impl Hub {
    /// A consortium with no members yet, "today" being `TODAY`.
    pub fn new() -> Hub {
        Hub::on(TODAY)
    }

    pub fn on(today: &str) -> Hub {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("hub.db");
        let store = Store::open(&path, hubboard::store::OpenMode::ReadWrite).unwrap();
        let hub = Hub {
            dir,
            path,
            store,
            clock: Clock::fixed(d(today)),
            config: Config::default(),
            gate: Gate::read_write(),
        };
        let c = hub.store.conn();
        opportunities::insert_commissioner(
            c,
            &Commissioner {
                code: "KMBC".into(),
                name: "Knowsley Council".into(),
                kind: "local authority".into(),
            },
        )
        .unwrap();
        opportunities::insert_opportunity(c, &opportunity(WON, Stage::Won)).unwrap();
        opportunities::insert_opportunity(
            c,
            &Opportunity {
                deadline: d("2025-12-15"),
                value: dec!(10000000),
                ..opportunity(EARLIER, Stage::Won)
            },
        )
        .unwrap();
        opportunities::insert_opportunity(c, &opportunity(SUBMITTED, Stage::Submitted)).unwrap();
        hub
    }

    pub fn conn(&self) -> &rusqlite::Connection {
        self.store.conn()
    }

    /// Runs `f` with the store and a decider for this hub's clock and settings.
    pub fn with<T>(&mut self, f: impl FnOnce(&mut Store, &Decider) -> T) -> T {
        let by = Decider::new(&self.clock, ACTOR, &self.config);
        f(&mut self.store, &by)
    }

    /// Plans `request` as decision `D`, writing nothing.
    pub fn plan<D: Decision + hubboard::ops::Registered>(
        &mut self,
        request: &D::Request,
    ) -> hubboard::Result<Planned<D>> {
        self.with(|s, by| ops::plan::<D>(s.conn(), by, request))
    }

    /// Commits a plan through the pipeline and this hub's gate.
    pub fn commit<D: Decision + Registered>(
        &mut self,
        planned: &Planned<D>,
        why: &Why,
    ) -> hubboard::Result<Committed<D::Outcome>> {
        let gate = self.gate;
        self.with(|s, by| ops::commit(s, &gate, by, planned, why))
    }

    /// Plans and commits `request` as decision `D`.
    pub fn decide<D: Decision + Registered>(
        &mut self,
        request: &D::Request,
        why: &Why,
    ) -> hubboard::Result<Committed<D::Outcome>> {
        let gate = self.gate;
        self.with(|s, by| ops::decide::<D>(s, &gate, by, request, why))
    }

    pub fn award(&mut self, req: AwardRequest) -> hubboard::Result<Committed<AwardOutcome>> {
        self.decide::<Award>(&req, &why("agreed in the joint delivery plan"))
    }

    pub fn suspend(&mut self, req: SuspendRequest) -> hubboard::Result<Committed<SuspendOutcome>> {
        self.decide::<Suspend>(
            &req,
            &why("delivered under half its profile for three months"),
        )
    }

    pub fn reinstate(
        &mut self,
        sub: &str,
        reason: &str,
    ) -> hubboard::Result<Committed<ReinstateOutcome>> {
        let req = ReinstateRequest {
            subcontract: sub.into(),
        };
        self.decide::<Reinstate>(&req, &why(reason))
    }

    pub fn transfer(
        &mut self,
        req: TransferRequest,
    ) -> hubboard::Result<Committed<TransferOutcome>> {
        self.decide::<Transfer>(&req, &why("the remainder moves to a member with capacity"))
    }

    pub fn clawback(
        &mut self,
        sub: &str,
        reason: &str,
    ) -> hubboard::Result<Committed<ClawbackOutcome>> {
        let req = ClawbackRequest {
            subcontract: sub.into(),
            claim_code: None,
            count_unreferred: false,
        };
        self.decide::<Clawback>(&req, &why(reason))
    }

    pub fn reprofile(
        &mut self,
        req: ReprofileRequest,
    ) -> hubboard::Result<Committed<ReprofileOutcome>> {
        self.decide::<Reprofile>(&req, &why("agreed a lower profile"))
    }

    /// A full member with £100,000 income, 50 advice units a month and every compliance item
    /// in date until 31 Mar 2028.
    pub fn member(&self, code: &str) -> &Self {
        self.member_with(code, Tier::Full, dec!(100000), 50, "2028-03-31")
    }

    pub fn member_with(
        &self,
        code: &str,
        tier: Tier,
        income: Decimal,
        advice_units: u32,
        valid_until: &str,
    ) -> &Self {
        let c = self.conn();
        members::insert_member(
            c,
            &Member {
                code: code.into(),
                name: format!("{code} Community Trust"),
                tier,
                org_type: OrgType::RegisteredCharity,
                registered_number: format!("GB-CHC-{}", 1000 + code.len()),
                annual_income: income,
                clusters: vec!["advice".into()],
                geography: "Knowsley".into(),
                staff: 4,
                volunteers: 12,
                joined: d("2019-04-01"),
                row_version: 1,
                left: None,
            },
        )
        .unwrap();
        members::insert_capacity(
            c,
            &Capacity {
                member: code.into(),
                service_line: "advice".into(),
                units_per_month: advice_units,
            },
        )
        .unwrap();
        for kind in &self.config.rules.required_compliance {
            self.compliance(code, *kind, valid_until);
        }
        self
    }

    pub fn compliance(&self, member: &str, kind: ComplianceKind, valid_until: &str) -> &Self {
        members::insert_compliance(
            self.conn(),
            &ComplianceItem {
                member: member.into(),
                kind,
                reference: format!("{}-{valid_until}", kind.code()),
                valid_until: d(valid_until),
            },
        )
        .unwrap();
        self
    }

    /// Replaces one compliance item's expiry.
    pub fn expire(&self, member: &str, kind: ComplianceKind, valid_until: &str) -> &Self {
        self.conn()
            .execute(
                "DELETE FROM compliance_items WHERE member = ?1 AND kind = ?2",
                [member, kind.code()],
            )
            .unwrap();
        self.compliance(member, kind, valid_until)
    }

    /// A sub-contract under the earlier won contract, Apr 2026 – Mar 2027.
    pub fn sub(
        &self,
        code: &str,
        member: &str,
        value: Decimal,
        units: u32,
        status: SubContractStatus,
    ) -> &Self {
        subcontracts::insert_subcontract(
            self.conn(),
            &SubContract {
                code: code.into(),
                opportunity: EARLIER.into(),
                member: member.into(),
                let_by: None,
                value,
                start: d("2026-04-01"),
                end: d("2027-03-31"),
                units_per_month: units,
                payment_model: PaymentModel::Block,
                status,
                transferred_from: None,
                unit_rate: None,
                row_version: 1,
            },
        )
        .unwrap();
        self
    }

    /// A monthly return: `submitted` returns are in; the others are still awaited.
    pub fn ret(
        &self,
        sub: &str,
        period: &str,
        target: u32,
        delivered: u32,
        paid: Decimal,
        submitted: bool,
    ) -> &Self {
        let period = p(period);
        subcontracts::insert_return(
            self.conn(),
            &MonitoringReturn {
                subcontract: sub.into(),
                period,
                due: period.next().first_day(),
                submitted: submitted.then(|| period.next().first_day()),
                units_target: target,
                units_delivered: delivered,
                outcomes_target: 0,
                outcomes_achieved: 0,
                milestones_due: 0,
                milestones_met: 0,
                spend: paid,
                paid,
                quality_grade: submitted.then_some(2),
                // Referred as many as the profile needs: any shortfall is the provider's.
                referrals: target,
            },
        )
        .unwrap();
        self
    }

    pub fn member_version(&self, code: &str) -> i64 {
        members::get_member(self.conn(), code)
            .unwrap()
            .unwrap()
            .row_version
    }

    pub fn subcontract(&self, code: &str) -> SubContract {
        subcontracts::get_subcontract(self.conn(), code)
            .unwrap()
            .unwrap()
    }

    pub fn audit_rows(&self) -> Vec<audit::Row> {
        audit::list(self.conn(), None).unwrap()
    }

    pub fn assert_audit_intact(&self) {
        match audit::verify(self.conn()).unwrap() {
            Verdict::Intact { .. } => {}
            broken => panic!("audit chain broken: {broken:?}"),
        }
    }
}

fn opportunity(code: &str, stage: Stage) -> Opportunity {
    Opportunity {
        code: code.into(),
        title: format!("{code} advice services"),
        commissioner: "KMBC".into(),
        service_line: "advice".into(),
        kind: OpportunityKind::Tender,
        stage,
        // Closes 31 Aug 2026: the contract runs Nov 2026 – Oct 2028.
        deadline: d("2026-08-31"),
        value: dec!(120000),
        duration_months: 24,
        payment_model: PaymentModel::Block,
        top_slice_pct: dec!(5),
        bid_score: Some(75),
        decision: Some(BidDecision::Bid),
        decision_reason: Some("fits the advice cluster".into()),
        award_route: Some(AwardRoute::JointDelivery),
        row_version: 1,
    }
}

/// A non-urgent suspension for under-delivery on the earliest date allowed.
pub fn suspend_request(sub: &str) -> SuspendRequest {
    SuspendRequest {
        subcontract: sub.into(),
        reason_code: SuspensionReason::UnderDelivery,
        effective: None,
        urgent: false,
    }
}

/// A twelve-month award (Dec 2026 – Nov 2027) from the won opportunity.
pub fn award_request(member: &str, value: Decimal, units: u32) -> AwardRequest {
    AwardRequest {
        opportunity: WON.into(),
        member: member.into(),
        value,
        start: d("2026-12-01"),
        end: d("2027-11-30"),
        units_per_month: units,
        payment_model: None,
        code: None,
        let_by: None,
        member_version: None,
        attachment_pct: None,
        outcomes: None,
    }
}

/// Every table's rows as text, in a stable order: equal snapshots mean nothing was written.
pub fn snapshot(conn: &rusqlite::Connection) -> Vec<(String, Vec<String>)> {
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    tables
        .into_iter()
        .map(|t| {
            let mut st = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
            let n = st.column_count();
            let mut rows: Vec<String> = st
                .query_map([], |r| {
                    let cells: Vec<String> = (0..n)
                        .map(|i| format!("{:?}", r.get::<_, rusqlite::types::Value>(i).unwrap()))
                        .collect();
                    Ok(cells.join("|"))
                })
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            rows.sort();
            (t, rows)
        })
        .collect()
}

/// Runs `op` (expected to fail) and asserts it left every table exactly as it was.
pub fn assert_unchanged<T: std::fmt::Debug>(
    hub: &mut Hub,
    op: impl FnOnce(&mut Hub) -> hubboard::Result<T>,
) -> hubboard::HubError {
    let before = snapshot(hub.conn());
    let err = op(hub).expect_err("the operation should have been refused");
    assert_eq!(
        snapshot(hub.conn()),
        before,
        "a refused operation changed the database ({err})"
    );
    err
}
