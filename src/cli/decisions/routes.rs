//! `hubboard award --joint …` and `hubboard award --panel … --bids …`: the joint-delivery and
//! competitive sub-tender routes to an award.

use std::path::Path;

use super::{AwardArgs, describe, dry_run_code, print_checks};
use crate::domain::Competitive;
use crate::error::{HubError, Result};
use crate::ops::{self, Decider, panel_file};
use crate::store::Store;
use crate::{dates, money};

pub fn joint(store: &mut Store, by: &Decider, a: &AwardArgs) -> Result<i32> {
    let units = a.units.ok_or_else(|| {
        HubError::Invalid("--units is needed with --joint: the total units a month to share".into())
    })?;
    let shares = ops::propose_joint_shares(store.conn(), &a.opportunity, &a.joint, units)?;
    let request = ops::JointAwardRequest {
        opportunity: a.opportunity.clone(),
        shares,
        start: a.start,
        end: a.end,
        payment_model: a.payment_model,
        reason: a.reason.clone(),
        override_reason: a.override_reason.clone(),
    };
    let plan = ops::plan_joint_award(store.conn(), by, request)?;
    println!(
        "joint award from {} ({}), {} to {}, split by headroom",
        plan.opportunity.code,
        plan.opportunity.title,
        dates::display(a.start),
        dates::display(a.end)
    );
    for m in &plan.members {
        println!(
            "{}: {}, {} units a month (member version {})",
            m.share.member,
            money::display(m.share.value),
            m.share.units_per_month,
            m.member_version
        );
        print_checks(&m.checks);
    }
    println!("{}", plan.sum_line());
    if a.dry_run {
        for m in &plan.members {
            println!("would write sub-contract {}", describe(&m.subcontract));
        }
        return Ok(dry_run_code(plan.will_proceed()));
    }
    let done = ops::commit_joint_award(store, by, &plan)?;
    if done.overridden {
        println!("overridden: {}", a.override_reason.as_deref().unwrap_or(""));
    }
    for w in &done.awards {
        println!(
            "written: sub-contract {}; audit row {}",
            describe(&w.subcontract),
            w.audit_id
        );
    }
    Ok(0)
}

fn read(path: &Path) -> Result<(String, Vec<u8>)> {
    let bytes = std::fs::read(path)
        .map_err(|e| HubError::io(format!("cannot read {}", path.display()), e))?;
    Ok((path.display().to_string(), bytes))
}

pub fn competitive(
    store: &mut Store,
    by: &Decider,
    rules: &Competitive,
    a: &AwardArgs,
) -> Result<i32> {
    let (Some(panel), Some(bids)) = (&a.panel, &a.bids) else {
        return Err(HubError::Invalid("--panel and --bids go together".into()));
    };
    let (name, text) = read(bids)?;
    let bids = panel_file::parse_bids(&name, &text)?;
    let (name, text) = read(panel)?;
    let scores = panel_file::parse_panel(&name, &text)?;
    let conflicts = match &a.conflicts {
        Some(path) => {
            let (name, text) = read(path)?;
            panel_file::parse_conflicts(&name, &text)?
        }
        None => Vec::new(),
    };
    let request = ops::CompetitiveAwardRequest {
        opportunity: a.opportunity.clone(),
        bids,
        scores,
        conflicts,
        start: a.start,
        end: a.end,
        payment_model: a.payment_model,
        reason: a.reason.clone(),
        override_reason: a.override_reason.clone(),
    };
    let plan = ops::plan_competitive_award(store.conn(), by, rules, request)?;
    let weights: Vec<String> = plan
        .criteria
        .iter()
        .map(|c| format!("{} {}", c.label, c.weight))
        .collect();
    println!(
        "competitive sub-tender for {} ({}); criteria: {}",
        plan.opportunity.code,
        plan.opportunity.title,
        weights.join(", ")
    );
    for s in &plan.ranking.standings {
        let excluded = if s.excluded.is_empty() {
            String::new()
        } else {
            format!(
                "; excluded for a declared conflict: {}",
                s.excluded.join(", ")
            )
        };
        println!(
            "{}. {} scored {} at {} (panel: {}{excluded})",
            s.rank,
            s.bidder,
            s.score,
            money::display(s.price),
            s.counted.join(", ")
        );
    }
    for t in &plan.ranking.ties {
        println!("tie: {t}");
    }
    println!(
        "award to {} (member version {})",
        plan.subcontract.member, plan.member_version
    );
    print_checks(&plan.checks);
    if a.dry_run {
        println!("would write sub-contract {}", describe(&plan.subcontract));
        return Ok(dry_run_code(plan.will_proceed()));
    }
    let done = ops::commit_competitive_award(store, by, &plan)?;
    if done.award.overridden {
        println!(
            "failed checks overridden: {}",
            a.override_reason.as_deref().unwrap_or("")
        );
    }
    println!(
        "written: sub-contract {}; audit row {}",
        describe(&done.award.subcontract),
        done.award.audit_id
    );
    Ok(0)
}
