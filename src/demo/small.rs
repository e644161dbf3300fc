//! The small consortium: about fifty members, thirty opportunities, about 150 sub-contracts with
//! eighteen months of returns, and the Knowsley risk register, written in the caller's
//! transaction.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::Connection;
use rust_decimal::Decimal;

use super::members::small_members;
use super::opportunities::{back, commissioners, small_opportunities};
use super::returns::{monthly_return, monthly_schedule, return_periods};
use super::risks::knowsley_register;
use super::subcontracts::{Role, small_portfolio};
use super::{DemoOptions, DemoSummary, Progress};
use crate::dates::Period;
use crate::domain::{Claim, SubContractStatus};
use crate::error::Result;
use crate::store::{members as m, opportunities as o, risks as r, subcontracts as s};

/// Months of returns the small demo holds.
pub const RETURN_MONTHS: u32 = 18;

pub fn build(
    conn: &Connection,
    opts: &DemoOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<DemoSummary> {
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
    let today = opts.today;
    let mut members = small_members(&mut rng, today);
    let mut opportunities = small_opportunities(&mut rng, today);
    let portfolio = small_portfolio(&mut rng, &members, &mut opportunities, today);
    let risks = knowsley_register(&mut rng, today);
    super::spare::room_for_transfers(&mut members, &portfolio, &opportunities, today);
    // Nobody holds a sub-contract from before they joined.
    for rec in members.iter_mut() {
        let first = portfolio
            .subcontracts
            .iter()
            .filter(|s| s.member == rec.member.code)
            .map(|s| s.start)
            .min();
        if let Some(first) = first
            && first < rec.member.joined
        {
            rec.member.joined = first - chrono::Duration::days(rng.random_range(40..400));
        }
    }
    let total = 5;

    progress(Progress {
        step: "members",
        done: 0,
        total,
    });
    for c in commissioners() {
        o::insert_commissioner(conn, &c)?;
    }
    for rec in &members {
        m::insert_member(conn, &rec.member)?;
        for c in &rec.capacity {
            m::insert_capacity(conn, c)?;
        }
        for c in &rec.compliance {
            m::insert_compliance(conn, c)?;
        }
    }
    progress(Progress {
        step: "opportunities",
        done: 1,
        total,
    });
    for p in &opportunities {
        o::insert_opportunity(conn, &p.opportunity)?;
    }
    progress(Progress {
        step: "sub-contracts",
        done: 2,
        total,
    });
    for sub in &portfolio.subcontracts {
        s::insert_subcontract(conn, sub)?;
    }
    for p in &portfolio.profiles {
        s::insert_profile(conn, p)?;
    }
    if let Some(susp) = &portfolio.suspension {
        s::insert_suspension(conn, susp)?;
    }

    progress(Progress {
        step: "monitoring returns",
        done: 3,
        total,
    });
    let last = Period::containing(today).prev();
    let first = back(last, RETURN_MONTHS - 1);
    let stop = portfolio
        .suspension
        .as_ref()
        .map(|x| Period::containing(x.effective));
    let mut returns = 0;
    for (sub, role) in portfolio.subcontracts.iter().zip(&portfolio.roles) {
        if sub.status == SubContractStatus::Proposed {
            continue;
        }
        let schedule = monthly_schedule(sub);
        let stop = stop.filter(|_| sub.status == SubContractStatus::Suspended);
        let (mut paid, mut delivered) = (Decimal::ZERO, 0u32);
        for period in return_periods(sub, first, last, stop) {
            let ret = monthly_return(&mut rng, sub, &schedule, *role, period, last, today);
            paid += ret.paid;
            delivered += ret.units_delivered;
            s::insert_return(conn, &ret)?;
            returns += 1;
        }
        // The suspended under-performer has been paid for more than it delivered: claw it back.
        if sub.status == SubContractStatus::Suspended && *role == Role::Chronic {
            let earned = sub.unit_rate.unwrap_or_default() * Decimal::from(delivered);
            if paid > earned
                && let Some(susp) = &portfolio.suspension
            {
                s::insert_claim(
                    conn,
                    &Claim {
                        code: "CL-0001".into(),
                        subcontract: sub.code.clone(),
                        raised: susp.effective.min(today),
                        paid,
                        earned,
                        amount: paid - earned,
                        reason: "Claw-back of funding for undelivered units on suspension".into(),
                    },
                )?;
            }
        }
    }

    progress(Progress {
        step: "risks",
        done: 4,
        total,
    });
    for risk in &risks {
        r::insert_risk(conn, risk)?;
    }
    progress(Progress {
        step: "done",
        done: total,
        total,
    });
    Ok(DemoSummary {
        members: members.len(),
        opportunities: opportunities.len(),
        subcontracts: portfolio.subcontracts.len(),
        returns,
        risks: risks.len(),
    })
}
