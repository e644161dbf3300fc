//! Hand-built data for the scoring tests: returns shaped field by field, and a small consortium
//! on a temporary database (one won £120,000 advice contract, members built to order).
#![allow(dead_code)]

use std::path::PathBuf;

use chrono::{Duration, NaiveDate};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use hubboard::config::Config;
use hubboard::dates::{self, Period};
use hubboard::domain::*;
use hubboard::store::{OpenMode, Store, members, opportunities, subcontracts};

pub const TODAY: &str = "2026-11-22";
pub const WON: &str = "OP-ADV";

pub fn d(s: &str) -> NaiveDate {
    dates::parse_iso(s).unwrap()
}

pub fn p(s: &str) -> Period {
    s.parse().unwrap()
}

pub fn today() -> NaiveDate {
    d(TODAY)
}

/// A good return for `period`: target 10, delivered 10, due on the 15th of the month after and
/// in on time, outcomes 2 of 2, no milestones due, grade 2, paid £1,000, ten referrals.
pub fn ret(sub: &str, period: &str) -> MonitoringReturn {
    let period = p(period);
    let due = period.next().first_day() + Duration::days(14);
    MonitoringReturn {
        subcontract: sub.into(),
        period,
        due,
        submitted: Some(due),
        units_target: 10,
        units_delivered: 10,
        outcomes_target: 2,
        outcomes_achieved: 2,
        milestones_due: 0,
        milestones_met: 0,
        spend: dec!(1000),
        paid: dec!(1000),
        quality_grade: Some(2),
        referrals: 10,
    }
}

/// `ret` for each month from `first` for `n` months, each then shaped by `f(index, &mut r)`.
pub fn months(
    sub: &str,
    first: &str,
    n: u32,
    f: impl Fn(u32, &mut MonitoringReturn),
) -> Vec<MonitoringReturn> {
    (0..n)
        .map(|i| {
            let mut r = ret(sub, &p(first).plus(i).to_string());
            f(i, &mut r);
            r
        })
        .collect()
}

/// £12,000 over Apr 2026–Mar 2027 at 10 units a month (unit price £100), block, active.
pub fn sub(code: &str, member: &str) -> SubContract {
    SubContract {
        code: code.into(),
        opportunity: WON.into(),
        member: member.into(),
        let_by: None,
        value: dec!(12000),
        start: d("2026-04-01"),
        end: d("2027-03-31"),
        units_per_month: 10,
        payment_model: PaymentModel::Block,
        status: SubContractStatus::Active,
        transferred_from: None,
        unit_rate: None,
        row_version: 1,
    }
}

pub struct Hub {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
    pub store: Store,
    pub config: Config,
}

impl Hub {
    pub fn new() -> Hub {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("hub.db");
        let store = Store::open(&path, OpenMode::ReadWrite).unwrap();
        let c = store.conn();
        opportunities::insert_commissioner(
            c,
            &Commissioner {
                code: "KMBC".into(),
                name: "Knowsley Council".into(),
                kind: "local authority".into(),
            },
        )
        .unwrap();
        opportunities::insert_opportunity(
            c,
            &Opportunity {
                code: WON.into(),
                title: "Advice services".into(),
                commissioner: "KMBC".into(),
                service_line: "advice".into(),
                kind: OpportunityKind::Tender,
                stage: Stage::Won,
                deadline: d("2026-02-28"),
                value: dec!(120000),
                duration_months: 12,
                payment_model: PaymentModel::Block,
                top_slice_pct: dec!(5),
                bid_score: Some(75),
                decision: Some(BidDecision::Bid),
                decision_reason: Some("fits the advice cluster".into()),
                award_route: Some(AwardRoute::JointDelivery),
                row_version: 1,
            },
        )
        .unwrap();
        Hub {
            dir,
            path,
            store,
            config: Config::default(),
        }
    }

    pub fn conn(&self) -> &rusqlite::Connection {
        self.store.conn()
    }

    /// A full member, £1,000,000 income, 500 advice units, compliance in date to 2028.
    pub fn member(&self, code: &str) -> &Self {
        members::insert_member(
            self.conn(),
            &Member {
                code: code.into(),
                name: format!("{code} Trust"),
                tier: Tier::Full,
                org_type: OrgType::RegisteredCharity,
                registered_number: format!("GB-CHC-{code}"),
                annual_income: dec!(1000000),
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
            self.conn(),
            &Capacity {
                member: code.into(),
                service_line: "advice".into(),
                units_per_month: 500,
            },
        )
        .unwrap();
        for kind in &self.config.rules.required_compliance {
            self.compliance(code, *kind, "2028-03-31");
        }
        self
    }

    pub fn compliance(&self, member: &str, kind: ComplianceKind, until: &str) -> &Self {
        members::insert_compliance(
            self.conn(),
            &ComplianceItem {
                member: member.into(),
                kind,
                reference: format!("{kind}-{until}"),
                valid_until: d(until),
            },
        )
        .unwrap();
        self
    }

    pub fn contract(&self, s: &SubContract, returns: &[MonitoringReturn]) -> &Self {
        subcontracts::insert_subcontract(self.conn(), s).unwrap();
        for r in returns {
            subcontracts::insert_return(self.conn(), r).unwrap();
        }
        self
    }

    pub fn with_value(
        &self,
        code: &str,
        member: &str,
        value: Decimal,
        returns: &[MonitoringReturn],
    ) -> &Self {
        let mut s = sub(code, member);
        s.value = value;
        self.contract(&s, returns)
    }
}
