//! `hubboard award|suspend|reinstate|transfer|clawback|reprofile|improvement|warn`: the hub's
//! decisions from the shell, with the same checks and audit rows as the dashboard.

mod ladder;
mod routes;

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use rust_decimal::Decimal;

use super::Context;
use crate::dates::{self, Period};
use crate::domain::checks::Check;
use crate::domain::{PaymentModel, SubContract, SuspensionReason};
use crate::error::Result;
use crate::money;
use crate::ops::{self, Decider};
use crate::store::{OpenMode, Store};

#[derive(Debug, Subcommand)]
pub enum DecisionCommand {
    /// Award a sub-contract to a member from a won opportunity
    Award(AwardArgs),
    /// Suspend an active sub-contract, after the notice period unless urgent
    Suspend(SuspendArgs),
    /// Reinstate a suspended sub-contract and lift its suspension
    Reinstate(ReinstateArgs),
    /// Transfer the undelivered remainder of a suspended sub-contract to another member
    Transfer(TransferArgs),
    /// Claw back funding paid for work not delivered
    Clawback(ClawbackArgs),
    /// Re-profile a sub-contract's units per month from a given month
    Reprofile(ReprofileArgs),
    /// A sub-contract's improvement plan: add an action, mark one done, list them
    // Named `improve` so the command column of `--help` keeps its width; `improvement` works too.
    #[command(subcommand, name = "improve", visible_alias = "improvement")]
    Improvement(ladder::ImprovementCommand),
    /// Raise an early warning on a sub-contract, or clear it with --clear
    Warn(ladder::WarnArgs),
}

#[derive(Debug, Args)]
#[command(
    after_help = "Three routes: one member (--member, --value, --units); joint delivery \
(--joint KN01,KN02 --units TOTAL: the net value and the units split by headroom); or a \
competitive sub-tender (--panel FILE --bids FILE [--conflicts FILE]: the highest-ranked bidder \
is awarded at its price)."
)]
pub struct AwardArgs {
    /// The won opportunity the work comes from
    #[arg(long, value_name = "CODE")]
    pub opportunity: String,
    /// The member receiving the sub-contract
    #[arg(long, value_name = "CODE", required_unless_present_any = ["joint", "panel"], conflicts_with_all = ["joint", "panel"])]
    pub member: Option<String>,
    /// Joint delivery: the members sharing the net value in proportion to their headroom
    #[arg(
        long,
        value_name = "CODES",
        value_delimiter = ',',
        conflicts_with = "panel"
    )]
    pub joint: Vec<String>,
    /// Competitive sub-tender: the panel's scores (CSV: panel_member, bidder, criterion, score)
    #[arg(long, value_name = "FILE", requires = "bids")]
    pub panel: Option<std::path::PathBuf>,
    /// Competitive sub-tender: the bids (CSV: bidder, price, units_per_month)
    #[arg(long, value_name = "FILE", requires = "panel")]
    pub bids: Option<std::path::PathBuf>,
    /// Competitive sub-tender: declared conflicts of interest (CSV: panel_member, bidder, reason)
    #[arg(long, value_name = "FILE", requires = "panel")]
    pub conflicts: Option<std::path::PathBuf>,
    /// Total value in pounds (1234.50 or £1,234.50)
    #[arg(long, value_name = "MONEY", value_parser = parse_money, required_unless_present_any = ["joint", "panel"], conflicts_with_all = ["joint", "panel"])]
    pub value: Option<Decimal>,
    /// First day of delivery (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub start: NaiveDate,
    /// Last day of delivery (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub end: NaiveDate,
    /// Units of activity per month (with --joint: the total, split by headroom)
    #[arg(
        long,
        value_name = "N",
        required_unless_present = "panel",
        conflicts_with = "panel"
    )]
    pub units: Option<u32>,
    /// Payment model: block, payment_by_results, hybrid, grant [default: the opportunity's]
    #[arg(long, value_name = "MODEL", value_parser = parse_code::<PaymentModel>)]
    pub payment_model: Option<PaymentModel>,
    /// Code for the new sub-contract [default: the next free SC-nnnnnn]
    #[arg(long, value_name = "CODE", conflicts_with_all = ["joint", "panel"])]
    pub code: Option<String>,
    /// The member letting the work, if not the hub (refused unless overridden)
    #[arg(long, value_name = "MEMBER", conflicts_with_all = ["joint", "panel"])]
    pub let_by: Option<String>,
    /// Why this award is made (recorded in the audit log)
    #[arg(long)]
    pub reason: String,
    /// Award despite failed checks (or joint shares not summing to the net value), for this recorded reason
    #[arg(long, value_name = "TEXT")]
    pub override_reason: Option<String>,
    /// The member version you looked at; refused as a conflict if it has changed since
    #[arg(long, value_name = "N", conflicts_with_all = ["joint", "panel"])]
    pub member_version: Option<i64>,
    /// Show the checks and what would be written, and write nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct SuspendArgs {
    /// The sub-contract to suspend
    pub sub: String,
    /// Why, as a code: under_delivery, missed_returns, quality, safeguarding, financial, other
    #[arg(long, value_name = "CODE", value_parser = parse_code::<SuspensionReason>)]
    pub reason_code: SuspensionReason,
    /// Why, in words (recorded in the audit log)
    #[arg(long)]
    pub reason: String,
    /// When it takes effect [default: the earliest the notice period allows]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub effective: Option<NaiveDate>,
    /// Take effect at once, skipping the notice period (the reason must say why)
    #[arg(long)]
    pub urgent: bool,
    /// Show what would be written, and write nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct ReinstateArgs {
    /// The suspended sub-contract
    pub sub: String,
    /// Why it is reinstated (recorded in the audit log)
    #[arg(long)]
    pub reason: String,
}

#[derive(Debug, Args)]
pub struct TransferArgs {
    /// The suspended sub-contract whose remainder moves
    pub sub: String,
    /// The receiving member
    #[arg(long, value_name = "MEMBER")]
    pub to: String,
    /// Why (recorded in the audit log)
    #[arg(long)]
    pub reason: String,
    /// Transfer despite failed checks on the receiving member, for this recorded reason
    #[arg(long, value_name = "TEXT")]
    pub override_reason: Option<String>,
    /// Show the checks and what would be written, and write nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct ClawbackArgs {
    /// The sub-contract to claim from
    pub sub: String,
    /// Why (recorded in the audit log)
    #[arg(long)]
    pub reason: String,
    /// Show the figures and write nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct ReprofileArgs {
    /// The sub-contract to re-profile
    pub sub: String,
    /// New units of activity per month
    #[arg(long, value_name = "N")]
    pub units: u32,
    /// First month of the new profile (YYYY-MM)
    #[arg(long, value_name = "YYYY-MM", value_parser = parse_code::<Period>)]
    pub from: Period,
    /// Why (recorded in the audit log)
    #[arg(long)]
    pub reason: String,
}

fn parse_money(s: &str) -> std::result::Result<Decimal, String> {
    money::parse(s)
}

fn parse_date(s: &str) -> std::result::Result<NaiveDate, String> {
    dates::parse_iso(s)
}

fn parse_code<T: std::str::FromStr<Err = String>>(s: &str) -> std::result::Result<T, String> {
    s.parse()
}

pub fn run(ctx: &Context, cmd: &DecisionCommand) -> Result<i32> {
    let mut store = ctx.open(OpenMode::ReadWrite)?;
    let by = Decider {
        clock: &ctx.clock,
        actor: &ctx.actor,
        rules: &ctx.config.rules,
        scoring: &ctx.config.scoring,
    };
    match cmd {
        DecisionCommand::Award(a) if !a.joint.is_empty() => routes::joint(&mut store, &by, a),
        DecisionCommand::Award(a) if a.panel.is_some() => {
            routes::competitive(&mut store, &by, &ctx.config.competitive, a)
        }
        DecisionCommand::Award(a) => award(&mut store, &by, a),
        DecisionCommand::Suspend(a) => suspend(&mut store, &by, a),
        DecisionCommand::Reinstate(a) => reinstate(&mut store, &by, a),
        DecisionCommand::Transfer(a) => transfer(&mut store, &by, a),
        DecisionCommand::Clawback(a) => clawback(&mut store, &by, a),
        DecisionCommand::Reprofile(a) => reprofile(&mut store, &by, a),
        DecisionCommand::Improvement(c) => ladder::improvement(&mut store, &by, c),
        DecisionCommand::Warn(a) => ladder::warn(&mut store, &by, a),
    }
}

fn print_checks(checks: &[Check]) {
    println!("checks:");
    for c in checks {
        println!("  {}", c.line());
    }
}

fn describe(s: &SubContract) -> String {
    format!(
        "{} for {}: {} from {} to {}, {} units a month, {}",
        s.code,
        s.member,
        money::display(s.value),
        dates::display(s.start),
        dates::display(s.end),
        s.units_per_month,
        s.payment_model.label().to_lowercase()
    )
}

const DRY_RUN: &str = "dry run: nothing written";

/// Ends a dry run: says whether it would go ahead; exit 0 if so, 1 if a rule would refuse it.
fn dry_run_code(proceeds: bool) -> i32 {
    if proceeds {
        println!("{DRY_RUN}");
        0
    } else {
        println!("would be refused: failed checks need --override-reason with a written reason");
        println!("{DRY_RUN}");
        1
    }
}

fn award(store: &mut Store, by: &Decider, a: &AwardArgs) -> Result<i32> {
    // clap makes these required on this route; the message is for a caller building args by hand.
    let (Some(member), Some(value), Some(units)) = (&a.member, a.value, a.units) else {
        return Err(crate::error::HubError::Invalid(
            "--member, --value and --units are needed to award to one member".into(),
        ));
    };
    let request = ops::AwardRequest {
        opportunity: a.opportunity.clone(),
        member: member.clone(),
        value,
        start: a.start,
        end: a.end,
        units_per_month: units,
        payment_model: a.payment_model,
        code: a.code.clone(),
        let_by: a.let_by.clone(),
        reason: a.reason.clone(),
        override_reason: a.override_reason.clone(),
        member_version: a.member_version,
    };
    let plan = ops::plan_award(store.conn(), by, request)?;
    println!(
        "award from {} ({}) to {} (member version {})",
        plan.opportunity.code, plan.opportunity.title, plan.request.member, plan.member_version
    );
    print_checks(&plan.checks);
    if a.dry_run {
        println!("would write sub-contract {}", describe(&plan.subcontract));
        return Ok(dry_run_code(plan.will_proceed()));
    }
    let done = ops::commit_award(store, by, &plan)?;
    if done.overridden {
        println!(
            "failed checks overridden: {}",
            a.override_reason.as_deref().unwrap_or("")
        );
    }
    println!("written: sub-contract {}", describe(&done.subcontract));
    println!(
        "member {} now at version {}; audit row {}",
        member, done.member_version, done.audit_id
    );
    Ok(0)
}

fn suspend(store: &mut Store, by: &Decider, a: &SuspendArgs) -> Result<i32> {
    let request = ops::SuspendRequest {
        subcontract: a.sub.clone(),
        reason_code: a.reason_code,
        reason: a.reason.clone(),
        effective: a.effective,
        urgent: a.urgent,
    };
    let plan = ops::plan_suspend(store.conn(), by, request)?;
    let s = &plan.suspension;
    println!(
        "suspend {} ({}): decided {}, earliest effective {}, effective {}{}",
        plan.subcontract.code,
        s.reason_code.label(),
        dates::display(s.decided),
        dates::display(plan.earliest),
        dates::display(s.effective),
        if s.urgent {
            " (urgent: no notice period)"
        } else {
            ""
        }
    );
    if a.dry_run {
        println!("{DRY_RUN}");
        return Ok(0);
    }
    let done = ops::commit_suspend(store, by, &plan)?;
    println!(
        "written: {} is suspended; audit row {}",
        done.subcontract.code, done.audit_id
    );
    Ok(0)
}

fn reinstate(store: &mut Store, by: &Decider, a: &ReinstateArgs) -> Result<i32> {
    let request = ops::ReinstateRequest {
        subcontract: a.sub.clone(),
        reason: a.reason.clone(),
    };
    let plan = ops::plan_reinstate(store.conn(), by, request)?;
    let done = ops::commit_reinstate(store, by, &plan)?;
    match &done.lifted {
        Some(s) => println!(
            "written: {} is active again; the suspension decided {} is lifted; audit row {}",
            done.subcontract.code,
            dates::display(s.decided),
            done.audit_id
        ),
        None => println!(
            "written: {} is active again; audit row {}",
            done.subcontract.code, done.audit_id
        ),
    }
    Ok(0)
}

fn transfer(store: &mut Store, by: &Decider, a: &TransferArgs) -> Result<i32> {
    let request = ops::TransferRequest {
        subcontract: a.sub.clone(),
        to: a.to.clone(),
        reason: a.reason.clone(),
        override_reason: a.override_reason.clone(),
    };
    let plan = ops::plan_transfer(store.conn(), by, request)?;
    let r = &plan.remainder;
    println!(
        "transfer the remainder of {} to {}: {} months from {} to {}, {} units at {} a unit = {}",
        plan.original.code,
        plan.request.to,
        r.months,
        dates::display(r.start),
        dates::display(r.end),
        r.units,
        money::display(r.unit_price),
        money::display(r.value)
    );
    print_checks(&plan.checks);
    if a.dry_run {
        println!("would write sub-contract {}", describe(&plan.transferred));
        println!("would terminate {}", plan.original.code);
        return Ok(dry_run_code(plan.will_proceed()));
    }
    let done = ops::commit_transfer(store, by, &plan)?;
    if done.overridden {
        println!(
            "failed checks overridden: {}",
            a.override_reason.as_deref().unwrap_or("")
        );
    }
    println!("written: sub-contract {}", describe(&done.transferred));
    println!(
        "written: {} is terminated; audit row {}",
        done.original.code, done.audit_id
    );
    Ok(0)
}

fn clawback(store: &mut Store, by: &Decider, a: &ClawbackArgs) -> Result<i32> {
    let request = ops::ClawbackRequest {
        subcontract: a.sub.clone(),
        reason: a.reason.clone(),
    };
    let plan = ops::plan_clawback(store.conn(), by, request)?;
    let f = &plan.figures;
    println!(
        "claw back from {}: paid {} − earned {} ({} units × {}) − already claimed {} = {}",
        plan.subcontract.code,
        money::display(f.paid),
        money::display(f.earned),
        f.delivered_units,
        money::display(f.unit_price),
        money::display(f.already_claimed),
        money::display(f.amount)
    );
    if a.dry_run {
        println!("{DRY_RUN}");
        return Ok(0);
    }
    let done = ops::commit_clawback(store, by, &plan)?;
    println!(
        "written: claim {} for {}; audit row {}",
        done.claim.code,
        money::display(done.claim.amount),
        done.audit_id
    );
    Ok(0)
}

fn reprofile(store: &mut Store, by: &Decider, a: &ReprofileArgs) -> Result<i32> {
    let request = ops::ReprofileRequest {
        subcontract: a.sub.clone(),
        units_per_month: a.units,
        from: a.from,
        reason: a.reason.clone(),
    };
    let plan = ops::plan_reprofile(store.conn(), by, request)?;
    let done = ops::commit_reprofile(store, by, &plan)?;
    println!(
        "written: {} now {} units a month from {} (was {})",
        done.subcontract.code,
        done.subcontract.units_per_month,
        a.from.display(),
        plan.subcontract.units_per_month
    );
    for p in &done.revisions {
        println!(
            "  profile revision {}: {} units a month from {} ({})",
            p.revision,
            p.units_per_month,
            p.effective_from.display(),
            p.reason
        );
    }
    println!(
        "{} unsubmitted returns re-targeted; audit row {}",
        done.returns_retargeted, done.audit_id
    );
    Ok(0)
}
