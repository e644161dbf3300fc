//! A small consortium on a temporary database file for the decision tests: one commissioner, a won
//! advice contract and an unwon one, and members built to order. Rows are inserted directly (as an
//! import would); only the operations under test write audit rows.
#![allow(dead_code)]

use std::path::PathBuf;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use hubboard::clock::Clock;
use hubboard::dates::{self, Period};
use hubboard::domain::*;
use hubboard::ops::{self, Decider};
use hubboard::scoring::ScoringConfig;
use hubboard::store::audit::{self, Verdict};
use hubboard::store::{Store, members, opportunities, subcontracts};

pub const TODAY: &str = "2026-11-22";
pub const ACTOR: &str = "officer";
/// Won, advice, £120,000 over 12 months, 5% top slice.
pub const WON: &str = "OP-ADV";
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
    pub rules: Rules,
    pub scoring: ScoringConfig,
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
            rules: Rules::default(),
            scoring: ScoringConfig::default(),
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
        opportunities::insert_opportunity(c, &opportunity(SUBMITTED, Stage::Submitted)).unwrap();
        hub
    }

    pub fn conn(&self) -> &rusqlite::Connection {
        self.store.conn()
    }

    /// Runs `f` with the store and a decider for this hub's clock and rules.
    pub fn with<T>(&mut self, f: impl FnOnce(&mut Store, &Decider) -> T) -> T {
        let by = Decider {
            clock: &self.clock,
            actor: ACTOR,
            rules: &self.rules,
            scoring: &self.scoring,
        };
        f(&mut self.store, &by)
    }

    pub fn award(&mut self, req: ops::AwardRequest) -> hubboard::Result<ops::AwardOutcome> {
        self.with(|s, by| {
            let plan = ops::plan_award(s.conn(), by, req)?;
            ops::commit_award(s, by, &plan)
        })
    }

    pub fn suspend(&mut self, req: ops::SuspendRequest) -> hubboard::Result<ops::SuspendOutcome> {
        self.with(|s, by| {
            let plan = ops::plan_suspend(s.conn(), by, req)?;
            ops::commit_suspend(s, by, &plan)
        })
    }

    pub fn reinstate(
        &mut self,
        sub: &str,
        reason: &str,
    ) -> hubboard::Result<ops::ReinstateOutcome> {
        let req = ops::ReinstateRequest {
            subcontract: sub.into(),
            reason: reason.into(),
        };
        self.with(|s, by| {
            let plan = ops::plan_reinstate(s.conn(), by, req)?;
            ops::commit_reinstate(s, by, &plan)
        })
    }

    pub fn transfer(
        &mut self,
        req: ops::TransferRequest,
    ) -> hubboard::Result<ops::TransferOutcome> {
        self.with(|s, by| {
            let plan = ops::plan_transfer(s.conn(), by, req)?;
            ops::commit_transfer(s, by, &plan)
        })
    }

    pub fn clawback(&mut self, sub: &str, reason: &str) -> hubboard::Result<ops::ClawbackOutcome> {
        let req = ops::ClawbackRequest {
            subcontract: sub.into(),
            reason: reason.into(),
        };
        self.with(|s, by| {
            let plan = ops::plan_clawback(s.conn(), by, req)?;
            ops::commit_clawback(s, by, &plan)
        })
    }

    pub fn reprofile(
        &mut self,
        req: ops::ReprofileRequest,
    ) -> hubboard::Result<ops::ReprofileOutcome> {
        self.with(|s, by| {
            let plan = ops::plan_reprofile(s.conn(), by, req)?;
            ops::commit_reprofile(s, by, &plan)
        })
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
        for kind in &self.rules.required_compliance {
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

    /// A sub-contract under the won opportunity, Apr 2026 – Mar 2027.
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
                opportunity: WON.into(),
                member: member.into(),
                let_by: None,
                value,
                start: d("2026-04-01"),
                end: d("2027-03-31"),
                units_per_month: units,
                payment_model: PaymentModel::Block,
                status,
                transferred_from: None,
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
                referrals: 0,
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
        deadline: d("2026-06-30"),
        value: dec!(120000),
        duration_months: 12,
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
pub fn suspend_request(sub: &str) -> ops::SuspendRequest {
    ops::SuspendRequest {
        subcontract: sub.into(),
        reason_code: SuspensionReason::UnderDelivery,
        reason: "delivered under half its profile for three months".into(),
        effective: None,
        urgent: false,
    }
}

/// A twelve-month award (Dec 2026 – Nov 2027) from the won opportunity.
pub fn award_request(member: &str, value: Decimal, units: u32) -> ops::AwardRequest {
    ops::AwardRequest {
        opportunity: WON.into(),
        member: member.into(),
        value,
        start: d("2026-12-01"),
        end: d("2027-11-30"),
        units_per_month: units,
        payment_model: None,
        code: None,
        let_by: None,
        reason: "agreed in the joint delivery plan".into(),
        override_reason: None,
        member_version: None,
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
