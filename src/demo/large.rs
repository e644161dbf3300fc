//! The large consortium for benchmarks: thousands of members, tens of thousands of
//! opportunities, a hundred thousand sub-contracts with twelve returns each. Rows are generated
//! and written as they go (nothing large is held in memory), with progress every few thousand.

use chrono::{Duration, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::Connection;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::members::{compliance_for, income, registered_number, units_capacity};
use super::names::{self, ACTIVITIES, CLUSTERS, KNOWSLEY_GROUP, OWNERS, PLACES};
use super::opportunities::{back, commissioners, decision_for, pipeline_value};
use super::returns::{monthly_return, monthly_schedule};
use super::risks::{KNOWSLEY_REGISTER, KNOWSLEY_SCALE};
use super::subcontracts::Role;
use super::{DemoOptions, DemoSummary, Progress};
use crate::clock::Clock;
use crate::dates::Period;
use crate::domain::Rules;
use crate::domain::{
    AwardRoute, Capacity, EntityKind, Member, Opportunity, OpportunityKind, OrgType, PaymentModel,
    Risk, RiskStatus, Stage, SubContract, SubContractStatus, Suspension, SuspensionReason, Tier,
};
use crate::error::Result;
use crate::store::{Store, members as m, opportunities as o, risks as r, subcontracts as s};

/// How many of each record the large demo holds; a parameter so tests can run it small.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LargeCounts {
    pub members: usize,
    pub opportunities: usize,
    pub subcontracts: usize,
    pub returns_per_subcontract: u32,
    pub risks: usize,
}

impl LargeCounts {
    pub const FULL: LargeCounts = LargeCounts {
        members: 2_000,
        opportunities: 20_000,
        subcontracts: 100_000,
        returns_per_subcontract: 12,
        risks: 5_000,
    };

    /// The same shape at `1/divisor` of the size.
    pub fn scaled_down(divisor: usize) -> LargeCounts {
        let d = divisor.max(1);
        let f = Self::FULL;
        LargeCounts {
            members: (f.members / d).max(1),
            opportunities: (f.opportunities / d).max(1),
            subcontracts: f.subcontracts / d,
            returns_per_subcontract: f.returns_per_subcontract,
            risks: f.risks / d,
        }
    }

    fn rows(&self) -> usize {
        self.members
            + self.opportunities
            + self.subcontracts * (1 + self.returns_per_subcontract as usize)
            + self.risks
    }
}

/// Progress is reported once per this many rows.
const PROGRESS_EVERY: usize = 5_000;

/// Builds a large consortium with `counts` rows in one transaction.
pub fn generate_large(
    store: &mut Store,
    opts: &DemoOptions,
    counts: &LargeCounts,
    clock: &Clock,
    actor: &str,
    progress: &mut dyn FnMut(Progress),
) -> Result<DemoSummary> {
    generate_large_by(store, opts, counts, (clock, actor, false), progress)
}

/// As `generate_large`; `by.2` records the actor as the database's first admin.
pub(super) fn generate_large_by(
    store: &mut Store,
    opts: &DemoOptions,
    counts: &LargeCounts,
    by: (&Clock, &str, bool),
    progress: &mut dyn FnMut(Progress),
) -> Result<DemoSummary> {
    super::write(store, opts, by, &mut |conn| {
        build(conn, opts, counts, progress)
    })
}

/// Counts rows written and reports progress now and then.
struct Tally<'a> {
    done: usize,
    total: usize,
    progress: &'a mut dyn FnMut(Progress),
}

impl Tally<'_> {
    fn add(&mut self, step: &'static str) {
        self.done += 1;
        if self.done.is_multiple_of(PROGRESS_EVERY) || self.done == self.total {
            (self.progress)(Progress {
                step,
                done: self.done,
                total: self.total,
            });
        }
    }
}

fn build(
    conn: &Connection,
    opts: &DemoOptions,
    counts: &LargeCounts,
    progress: &mut dyn FnMut(Progress),
) -> Result<DemoSummary> {
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
    let today = opts.today;
    let mut tally = Tally {
        done: 0,
        total: counts.rows(),
        progress,
    };
    (tally.progress)(Progress {
        step: "members",
        done: 0,
        total: tally.total,
    });
    for c in commissioners() {
        o::insert_commissioner(conn, &c)?;
    }
    let lines = names::service_lines();
    // Full members able to deliver each service line, for letting sub-contracts.
    let mut deliverers: Vec<Vec<String>> = vec![Vec::new(); lines.len()];
    for i in 0..counts.members {
        let member = large_member(&mut rng, i, today);
        m::insert_member(conn, &member)?;
        let clusters = cluster_indexes(CLUSTERS, &member.clusters);
        for (li, (cluster, line)) in lines.iter().enumerate() {
            if !clusters.contains(cluster) {
                continue;
            }
            let cap = Capacity {
                member: member.code.clone(),
                service_line: line.name.to_string(),
                units_per_month: units_capacity(&mut rng, 2) * 3,
            };
            m::insert_capacity(conn, &cap)?;
            if member.tier == Tier::Full {
                deliverers[li].push(member.code.clone());
            }
        }
        for c in compliance_for(&mut rng, &member.code, &clusters, today) {
            m::insert_compliance(conn, &c)?;
        }
        tally.add("members");
    }

    let last = Period::containing(today).prev();
    let returns_per = counts.returns_per_subcontract.max(1);
    let first = back(last, returns_per - 1);
    let mut won: Vec<(Opportunity, usize)> = Vec::new();
    for i in 0..counts.opportunities {
        let line = rng.random_range(0..lines.len());
        let opp = large_opportunity(&mut rng, i, lines[line].1.name, today);
        o::insert_opportunity(conn, &opp)?;
        if opp.stage == Stage::Won && !deliverers[line].is_empty() {
            won.push((opp, line));
        }
        tally.add("opportunities");
    }

    let mut returns = 0;
    let mut subcontracts = 0;
    if !won.is_empty() {
        for n in 0..counts.subcontracts {
            // Sub-contracts spread round-robin over the won contracts, so each has several.
            let (opp, line) = &won[n % won.len()];
            let pool = &deliverers[*line];
            let member = pool[rng.random_range(0..pool.len())].clone();
            let sub = large_subcontract(
                &mut rng,
                n,
                opp,
                member,
                lines[*line].1.unit_price,
                first,
                last,
            );
            s::insert_subcontract(conn, &sub)?;
            if sub.status == SubContractStatus::Suspended {
                s::insert_suspension(conn, &large_suspension(&mut rng, &sub, today))?;
            }
            subcontracts += 1;
            tally.add("sub-contracts");
            let role = match rng.random_range(0..100) {
                0..=4 => Role::Chronic,
                5..=11 => Role::Late {
                    missing_latest: rng.random_bool(0.2),
                },
                12 => Role::BidCandy,
                _ => Role::Steady,
            };
            let schedule = monthly_schedule(&sub);
            let mut p = first;
            while p <= last {
                let ret = monthly_return(&mut rng, &sub, &schedule, role, p, last, today);
                s::insert_return(conn, &ret)?;
                returns += 1;
                tally.add("monitoring returns");
                p = p.next();
            }
        }
    }

    for i in 0..counts.risks {
        let risk = large_risk(&mut rng, i, counts, today);
        r::insert_risk(conn, &risk)?;
        tally.add("risks");
    }
    Ok(DemoSummary {
        members: counts.members,
        opportunities: counts.opportunities,
        subcontracts,
        returns,
        risks: counts.risks,
    })
}

fn cluster_indexes(clusters: &[names::Cluster], member_clusters: &[String]) -> Vec<usize> {
    clusters
        .iter()
        .enumerate()
        .filter(|(_, c)| member_clusters.iter().any(|m| m == c.name))
        .map(|(i, _)| i)
        .collect()
}

/// The working group first, then organisations named for place, activity and kind.
fn large_member(rng: &mut ChaCha8Rng, i: usize, today: NaiveDate) -> Member {
    let types = OrgType::ALL;
    let (name, org_type, clusters, band) = match KNOWSLEY_GROUP.get(i) {
        Some((name, t, clusters, band)) => (name.to_string(), *t, clusters.to_vec(), *band),
        None => {
            let t = types[(i / (PLACES.len() * ACTIVITIES.len())) % types.len()];
            let place = PLACES[i % PLACES.len()];
            let activity = ACTIVITIES[(i / PLACES.len()) % ACTIVITIES.len()];
            let round = i / (PLACES.len() * ACTIVITIES.len() * types.len());
            let prefix = ["", "New ", "North ", "South ", "West ", "East "][round % 6];
            let name = format!("{prefix}{place} {activity} {}", names::name_suffix(t));
            let first = rng.random_range(0..CLUSTERS.len());
            let mut clusters = vec![first];
            if rng.random_bool(0.5) {
                clusters
                    .push((first + 1 + rng.random_range(0..CLUSTERS.len() - 1)) % CLUSTERS.len());
            }
            (name, t, clusters, rng.random_range(0..3u8))
        }
    };
    let (staff, volunteers) = (rng.random_range(1..120u32), rng.random_range(3..250u32));
    Member {
        code: format!("KN{:04}", i + 1),
        registered_number: registered_number(rng, org_type),
        annual_income: income(rng, band.max(1), org_type),
        tier: if i % 10 == 9 {
            Tier::Associate
        } else {
            Tier::Full
        },
        org_type,
        name,
        clusters: clusters
            .iter()
            .map(|c| CLUSTERS[*c].name.to_string())
            .collect(),
        geography: format!("{}, Merseyside", PLACES[rng.random_range(0..PLACES.len())]),
        staff,
        volunteers,
        joined: today - Duration::days(rng.random_range(30..3_000)),
        row_version: 1,
        left: None,
    }
}

fn large_opportunity(rng: &mut ChaCha8Rng, i: usize, line: &str, today: NaiveDate) -> Opportunity {
    let stage = match rng.random_range(0..100) {
        0..=9 => Stage::Identified,
        10..=17 => Stage::PreQualification,
        18..=25 => Stage::InvitationToTender,
        26..=33 => Stage::Submitted,
        34..=74 => Stage::Won,
        75..=86 => Stage::Lost,
        87..=95 => Stage::NoBid,
        _ => Stage::Withdrawn,
    };
    let kind = OpportunityKind::ALL[rng.random_range(0..OpportunityKind::ALL.len())];
    let (commissioner, _, _) =
        names::COMMISSIONERS[rng.random_range(0..names::COMMISSIONERS.len())];
    let deadline = if stage.is_open() && stage != Stage::Submitted {
        today + Duration::days(rng.random_range(0..120))
    } else {
        today - Duration::days(rng.random_range(5..900))
    };
    let months = [12, 24, 36][rng.random_range(0..3)];
    let score = match stage {
        Stage::Identified => None,
        Stage::NoBid => Some(rng.random_range(20..50)),
        _ => Some(rng.random_range(50..96)),
    };
    let decision = score.map(|s| decision_for(s, &Rules::default()));
    let payment_model = match kind {
        OpportunityKind::Grant => PaymentModel::Grant,
        _ => PaymentModel::ALL[rng.random_range(0..3)],
    };
    Opportunity {
        code: format!("OP-{:05}", i + 1),
        title: format!("{} {line} {}", names::title_prefix(commissioner), i + 1),
        commissioner: commissioner.to_string(),
        service_line: line.to_string(),
        kind,
        stage,
        deadline,
        value: pipeline_value(rng, kind, months),
        duration_months: months,
        payment_model,
        top_slice_pct: [dec!(5), dec!(6), dec!(7.5), dec!(8), dec!(10), dec!(12)]
            [rng.random_range(0..6)],
        bid_score: score,
        decision,
        decision_reason: decision.map(|d| format!("Screened: {}", d.label())),
        award_route: (stage == Stage::Won).then(|| {
            if rng.random_bool(0.6) {
                AwardRoute::JointDelivery
            } else {
                AwardRoute::Competitive
            }
        }),
        row_version: 1,
    }
}

/// A sub-contract that ran through the whole returns window (`first` to `last`).
fn large_subcontract(
    rng: &mut ChaCha8Rng,
    n: usize,
    opp: &Opportunity,
    member: String,
    unit_price: u32,
    first: Period,
    last: Period,
) -> SubContract {
    let start = back(first, rng.random_range(0..12));
    let status = match rng.random_range(0..100) {
        0..=2 => SubContractStatus::Suspended,
        3..=4 => SubContractStatus::Completed,
        _ => SubContractStatus::Active,
    };
    // A completed one ended with the last complete month; the others run on past it.
    let through_last = start.months_until(last) as u32 + 1;
    let months = if status == SubContractStatus::Completed {
        through_last
    } else {
        opp.duration_months.max(through_last + 1)
    };
    let end = start.plus(months).first_day() - Duration::days(1);
    let units = rng.random_range(4..16u32);
    SubContract {
        code: format!("SC-{:06}", n + 1),
        opportunity: opp.code.clone(),
        member,
        let_by: None,
        value: Decimal::from(units * months * unit_price),
        start: start.first_day(),
        end,
        units_per_month: units,
        payment_model: opp.payment_model,
        status,
        transferred_from: None,
        unit_rate: None,
        row_version: 1,
    }
}

/// A suspension decided with the Compact's three months' notice, now in effect.
fn large_suspension(rng: &mut ChaCha8Rng, sub: &SubContract, today: NaiveDate) -> Suspension {
    let decided = today - Duration::days(rng.random_range(95..200));
    Suspension {
        subcontract: sub.code.clone(),
        decided,
        effective: crate::dates::add_months(decided, 3),
        reason_code: SuspensionReason::UnderDelivery,
        reason: "Continued under-delivery after an improvement plan".into(),
        urgent: false,
        lifted: None,
        transferred_to: None,
    }
}

/// Risks drawn from the Knowsley register's themes, about the consortium and its records.
fn large_risk(rng: &mut ChaCha8Rng, i: usize, counts: &LargeCounts, today: NaiveDate) -> Risk {
    let k = &KNOWSLEY_REGISTER[rng.random_range(0..KNOWSLEY_REGISTER.len())];
    let (entity_kind, entity_code) = match rng.random_range(0..4) {
        0 => (EntityKind::Consortium, None),
        1 => (
            EntityKind::Member,
            Some(format!("KN{:04}", rng.random_range(0..counts.members) + 1)),
        ),
        2 if counts.subcontracts > 0 => (
            EntityKind::SubContract,
            Some(format!(
                "SC-{:06}",
                rng.random_range(0..counts.subcontracts) + 1
            )),
        ),
        _ => (
            EntityKind::Opportunity,
            Some(format!(
                "OP-{:05}",
                rng.random_range(0..counts.opportunities) + 1
            )),
        ),
    };
    let controlled = rng.random_bool(0.3);
    Risk {
        code: format!("R-{:05}", i + 1),
        title: k.title.to_string(),
        category: k.category.to_string(),
        owner: OWNERS[rng.random_range(0..OWNERS.len())].to_string(),
        scale: KNOWSLEY_SCALE.to_string(),
        gross_probability: rng.random_range(1..=7),
        gross_impact: rng.random_range(1..=4),
        preventative_controls: if controlled {
            "Quarterly review with the member".into()
        } else {
            String::new()
        },
        curative_controls: String::new(),
        net_probability: controlled.then(|| rng.random_range(1..=3)),
        net_impact: controlled.then(|| rng.random_range(1..=3)),
        review_date: today + Duration::days(rng.random_range(-60..240)),
        status: if rng.random_bool(0.9) {
            RiskStatus::Open
        } else {
            RiskStatus::Closed
        },
        entity_kind,
        entity_code,
        generated_by: None,
    }
}
