//! `hubboard risks` (the register with scores, bands and flags, and the heatmap's cell counts) and
//! `hubboard risk add|edit|close|reopen` (audited changes to the register, for scripts).

use clap::{Args, Subcommand, ValueEnum};
use serde::Serialize;

use super::Context;
use crate::dashboard::heatmap::{Basis, HeatGrid, main_scale};
use crate::dates;
use crate::domain::risk_scale::RiskScale;
use crate::domain::{EntityKind, Risk, RiskStatus};
use crate::error::{HubError, Result};
use crate::ops::{self, Decider, RiskFields};
use crate::store::{OpenMode, risks};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RisksFormat {
    Table,
    Csv,
    Json,
}

#[derive(Debug, Args)]
pub struct RisksArgs {
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: RisksFormat,
    /// Only risks scored on this scale, and its heatmap [default: the scale most open risks use]
    #[arg(long, value_name = "NAME")]
    pub scale: Option<String>,
    /// Closed risks too (the heatmap counts open risks only)
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Subcommand)]
pub enum RiskCommand {
    /// Add a risk to the register
    Add(RiskAddArgs),
    /// Change a risk: only the fields given change
    Edit(RiskEditArgs),
    /// Close an open risk
    Close(RiskStatusArgs),
    /// Reopen a closed risk
    Reopen(RiskStatusArgs),
    /// Raise and clear generated risks from the data as it stands
    Refresh,
}

/// The fields of a risk; on `edit` each one left out keeps its value.
#[derive(Debug, Args)]
pub struct RiskFieldArgs {
    #[arg(long)]
    pub title: Option<String>,
    /// financial, governance, service, reputational, or your own
    #[arg(long)]
    pub category: Option<String>,
    #[arg(long)]
    pub owner: Option<String>,
    /// The scale it is scored on [add: default knowsley]
    #[arg(long, value_name = "NAME")]
    pub scale: Option<String>,
    /// Gross probability (a level of the scale; outside it is kept and flagged)
    #[arg(long, value_name = "N")]
    pub probability: Option<u8>,
    /// Gross impact
    #[arg(long, value_name = "N")]
    pub impact: Option<u8>,
    /// Net probability after controls (with --net-impact)
    #[arg(long, value_name = "N")]
    pub net_probability: Option<u8>,
    /// Net impact after controls (with --net-probability)
    #[arg(long, value_name = "N")]
    pub net_impact: Option<u8>,
    /// Remove the net score (not yet judged)
    #[arg(long, conflicts_with_all = ["net_probability", "net_impact"])]
    pub no_net: bool,
    #[arg(long, value_name = "TEXT")]
    pub preventative: Option<String>,
    #[arg(long, value_name = "TEXT")]
    pub curative: Option<String>,
    /// Next review (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub review: Option<String>,
    /// What it concerns: consortium, member, subcontract, opportunity (with --entity-code)
    #[arg(long, value_name = "KIND", value_parser = parse_code::<EntityKind>)]
    pub entity: Option<EntityKind>,
    /// The linked member, sub-contract or opportunity
    #[arg(long, value_name = "CODE")]
    pub entity_code: Option<String>,
    /// Why (recorded in the audit log)
    #[arg(long)]
    pub reason: String,
}

#[derive(Debug, Args)]
pub struct RiskAddArgs {
    /// Code for the new risk [default: the next free R-nnn]
    #[arg(long)]
    pub code: Option<String>,
    #[command(flatten)]
    pub fields: RiskFieldArgs,
}

#[derive(Debug, Args)]
pub struct RiskEditArgs {
    /// The risk to change
    pub code: String,
    #[command(flatten)]
    pub fields: RiskFieldArgs,
}

#[derive(Debug, Args)]
pub struct RiskStatusArgs {
    /// The risk
    pub code: String,
    /// Why (recorded in the audit log)
    #[arg(long)]
    pub reason: String,
}

fn parse_code<T: std::str::FromStr<Err = String>>(s: &str) -> std::result::Result<T, String> {
    s.parse()
}

/// One register row as `risks --format csv|json` writes it.
#[derive(Debug, Serialize)]
struct RegisterRow<'a> {
    code: &'a str,
    title: &'a str,
    category: &'a str,
    owner: &'a str,
    scale: &'a str,
    status: &'static str,
    gross_probability: u8,
    gross_impact: u8,
    gross_score: u32,
    gross_band: Option<String>,
    net_probability: Option<u8>,
    net_impact: Option<u8>,
    net_score: Option<u32>,
    net_band: Option<String>,
    review_date: String,
    entity: String,
    generated_by: Option<&'a str>,
    /// `off_scale`, `net_off_scale`, `unknown_scale`, `review_overdue`, `;`-separated.
    flags: String,
}

fn band_name(scale: Option<&RiskScale>, p: u8, i: u8) -> Option<String> {
    scale.and_then(|s| s.band_of(p, i)).map(|b| b.name.clone())
}

fn row<'a>(r: &'a Risk, scales: &[RiskScale], today: chrono::NaiveDate) -> RegisterRow<'a> {
    let scale = RiskScale::find(scales, &r.scale);
    let net = r.net_probability.zip(r.net_impact);
    let mut flags = Vec::new();
    match scale {
        None => flags.push("unknown_scale"),
        Some(s) => {
            if !s.contains(r.gross_probability, r.gross_impact) {
                flags.push("off_scale");
            }
            if net.is_some_and(|(p, i)| !s.contains(p, i)) {
                flags.push("net_off_scale");
            }
        }
    }
    if r.status == RiskStatus::Open && r.review_date < today {
        flags.push("review_overdue");
    }
    RegisterRow {
        code: &r.code,
        title: &r.title,
        category: &r.category,
        owner: &r.owner,
        scale: &r.scale,
        status: r.status.code(),
        gross_probability: r.gross_probability,
        gross_impact: r.gross_impact,
        gross_score: r.gross_score(),
        gross_band: band_name(scale, r.gross_probability, r.gross_impact),
        net_probability: r.net_probability,
        net_impact: r.net_impact,
        net_score: r.net_score(),
        net_band: net.and_then(|(p, i)| band_name(scale, p, i)),
        review_date: dates::iso(r.review_date),
        entity: match &r.entity_code {
            Some(c) => format!("{}:{c}", r.entity_kind.code()),
            None => r.entity_kind.code().to_string(),
        },
        generated_by: r.generated_by.as_deref(),
        flags: flags.join(";"),
    }
}

/// `hubboard risks`.
pub fn list(ctx: &Context, a: &RisksArgs) -> Result<i32> {
    let store = ctx.open(OpenMode::ReadOnly)?;
    let all = risks::load_risks(store.conn())?;
    let scales = ctx.config.scales();
    let scale = match &a.scale {
        Some(name) => Some(RiskScale::find(&scales, name).ok_or_else(|| {
            let known: Vec<&str> = scales.iter().map(|s| s.name.as_str()).collect();
            HubError::Invalid(format!(
                "--scale: no scale named '{name}' (configured: {})",
                known.join(", ")
            ))
        })?),
        None => main_scale(&all, &scales),
    };
    let today = ctx.clock.today();
    let shown: Vec<&Risk> = all
        .iter()
        .filter(|r| a.all || r.status == RiskStatus::Open)
        .filter(|r| a.scale.as_ref().is_none_or(|n| &r.scale == n))
        .collect();
    let rows: Vec<RegisterRow> = shown.iter().map(|r| row(r, &scales, today)).collect();
    match a.format {
        RisksFormat::Json => {
            let text = serde_json::to_string_pretty(&rows)
                .map_err(|e| HubError::Invalid(format!("cannot write JSON: {e}")))?;
            println!("{text}");
        }
        RisksFormat::Csv => {
            let mut w = csv::Writer::from_writer(std::io::stdout());
            for r in &rows {
                w.serialize(r)
                    .map_err(|e| HubError::Invalid(format!("cannot write CSV: {e}")))?;
            }
            w.flush().map_err(|e| HubError::io("cannot write CSV", e))?;
        }
        RisksFormat::Table => {
            print_table(&rows);
            if let Some(s) = scale {
                for basis in [Basis::Gross, Basis::Net] {
                    println!();
                    print_heatmap(&HeatGrid::build(&all, s, basis), &all);
                }
            }
        }
    }
    Ok(0)
}

fn print_table(rows: &[RegisterRow]) {
    println!(
        "{:<10} {:<44} {:<12} {:<9} {:<15} {:<15} {:<10} flags",
        "code", "title", "category", "scale", "gross", "net", "review"
    );
    let score = |p: Option<u8>, i: Option<u8>, s: Option<u32>, b: &Option<String>| match (p, i, s) {
        (Some(p), Some(i), Some(s)) => {
            format!("{p}×{i}={s} {}", b.as_deref().unwrap_or("⚠"))
        }
        _ => "—".to_string(),
    };
    for r in rows {
        let title: String = r.title.chars().take(44).collect();
        println!(
            "{:<10} {:<44} {:<12} {:<9} {:<15} {:<15} {:<10} {}",
            r.code,
            title,
            r.category,
            r.scale,
            score(
                Some(r.gross_probability),
                Some(r.gross_impact),
                Some(r.gross_score),
                &r.gross_band
            ),
            score(r.net_probability, r.net_impact, r.net_score, &r.net_band),
            r.review_date,
            r.flags
        );
    }
    println!("{} risk(s)", rows.len());
}

/// The grid as text: probability down (highest first), impact across; each cell its count and
/// band letter, so it reads without colour.
fn print_heatmap(g: &HeatGrid, risks: &[Risk]) {
    let s = &g.scale;
    println!(
        "{} heatmap on {} ({}): open risks, probability down, impact across",
        g.basis.label(),
        s.name,
        s.title
    );
    let mut header = format!("{:>18}", "");
    for i in 1..=s.max_impact() {
        header.push_str(&format!(" {:>5}", i));
    }
    println!("{header}");
    for p in (1..=s.max_probability()).rev() {
        let label = s.probability_label(p).unwrap_or("");
        let mut line = format!("{p} {label:<16}");
        for i in 1..=s.max_impact() {
            let letter = s.band_of(p, i).map_or('?', |b| b.severity.letter());
            line.push_str(&format!(" {:>4}{letter}", g.count(p, i)));
        }
        println!("{line}");
    }
    println!("{} in the grid", g.total_in_grid());
    if !g.off_scale.is_empty() {
        println!("⚠ off the scale (kept as scored, flagged for correction):");
        for &k in &g.off_scale {
            let r = &risks[k];
            let (p, i) = match g.basis {
                Basis::Gross => (Some(r.gross_probability), Some(r.gross_impact)),
                Basis::Net => (r.net_probability, r.net_impact),
            };
            println!(
                "  {} {}: {}×{}",
                r.code,
                r.title,
                p.unwrap_or(0),
                i.unwrap_or(0)
            );
        }
    }
    if g.basis == Basis::Net && !g.unscored.is_empty() {
        println!("{} with no net score yet", g.unscored.len());
    }
}

/// `hubboard risk add|edit|close|reopen`.
pub fn run(ctx: &Context, cmd: &RiskCommand) -> Result<i32> {
    let mut store = ctx.open(OpenMode::ReadWrite)?;
    let by = Decider {
        clock: &ctx.clock,
        actor: &ctx.actor,
        rules: &ctx.config.rules,
        scoring: &ctx.config.scoring,
    };
    let scales = ctx.config.scales();
    let done = match cmd {
        RiskCommand::Refresh => {
            let standings =
                crate::scoring::contract_standings(store.conn(), ctx.clock.today(), &ctx.config)?;
            return refresh(&mut store, &by, &standings);
        }
        RiskCommand::Add(a) => {
            let request = ops::RiskAddRequest {
                code: a.code.clone(),
                fields: fields_for_add(&a.fields)?,
                reason: a.fields.reason.clone(),
            };
            let plan = ops::plan_add_risk(store.conn(), &by, &scales, request)?;
            let done = ops::commit_add_risk(&mut store, &by, &plan)?;
            println!("written: risk {} added", done.risk.code);
            done
        }
        RiskCommand::Edit(a) => {
            let current = risks::get_risk(store.conn(), &a.code)?
                .ok_or_else(|| HubError::NotFound(format!("no risk with code '{}'", a.code)))?;
            let request = ops::RiskEditRequest {
                code: a.code.clone(),
                fields: fields_for_edit(&a.fields, RiskFields::of(&current))?,
                reason: a.fields.reason.clone(),
                expected: Some(current),
            };
            let plan = ops::plan_edit_risk(store.conn(), &by, &scales, request)?;
            let done = ops::commit_edit_risk(&mut store, &by, &plan)?;
            println!("written: risk {} changed", done.risk.code);
            done
        }
        RiskCommand::Close(a) | RiskCommand::Reopen(a) => {
            let request = ops::RiskStatusRequest {
                code: a.code.clone(),
                reason: a.reason.clone(),
                expected: None,
            };
            let plan = if matches!(cmd, RiskCommand::Close(_)) {
                ops::plan_close_risk(store.conn(), &by, request)?
            } else {
                ops::plan_reopen_risk(store.conn(), &by, request)?
            };
            let done = ops::commit_risk_status(&mut store, &by, &plan)?;
            println!(
                "written: risk {} is {}",
                done.risk.code,
                done.risk.status.code()
            );
            done
        }
    };
    let r = &done.risk;
    if let Some(s) = RiskScale::find(&scales, &r.scale)
        && !s.contains(r.gross_probability, r.gross_impact)
    {
        println!(
            "note: gross {}×{} is outside the {} scale ({}×{}); kept as given and flagged",
            r.gross_probability,
            r.gross_impact,
            s.name,
            s.max_probability(),
            s.max_impact()
        );
    }
    println!("audit row {}", done.audit_id);
    Ok(0)
}

/// Applies the concentration and inadequate-standing rules with the scorecard's standings.
fn refresh(
    store: &mut crate::store::Store,
    by: &Decider,
    standings: &[(String, String)],
) -> Result<i32> {
    let s = ops::refresh_generated_risks(store, by, Some(standings))?;
    for (what, list) in [("raised", &s.raised), ("cleared", &s.cleared)] {
        for c in list {
            println!(
                "{what}: {} ({}, {}): {}; audit row {}",
                c.code, c.rule, c.entity, c.explanation, c.audit_id
            );
        }
    }
    println!(
        "{} raised, {} cleared, {} unchanged",
        s.raised.len(),
        s.cleared.len(),
        s.unchanged
    );
    Ok(0)
}

fn missing(flag: &str) -> HubError {
    HubError::Invalid(format!("{flag} is required to add a risk"))
}

fn fields_for_add(a: &RiskFieldArgs) -> Result<RiskFields> {
    let base = RiskFields {
        title: a.title.clone().ok_or_else(|| missing("--title"))?,
        category: a.category.clone().ok_or_else(|| missing("--category"))?,
        owner: a.owner.clone().ok_or_else(|| missing("--owner"))?,
        scale: a.scale.clone().unwrap_or_else(|| "knowsley".into()),
        gross_probability: a.probability.ok_or_else(|| missing("--probability"))?,
        gross_impact: a.impact.ok_or_else(|| missing("--impact"))?,
        preventative_controls: String::new(),
        curative_controls: String::new(),
        net: None,
        review_date: a.review.clone().ok_or_else(|| missing("--review"))?,
        entity_kind: EntityKind::Consortium,
        entity_code: None,
    };
    fields_for_edit(a, base)
}

/// Overlays the flags given on `base`.
fn fields_for_edit(a: &RiskFieldArgs, base: RiskFields) -> Result<RiskFields> {
    let net = match (a.net_probability, a.net_impact) {
        _ if a.no_net => None,
        (Some(p), Some(i)) => Some((p, i)),
        (None, None) => base.net,
        _ => {
            return Err(HubError::Invalid(
                "--net-probability and --net-impact go together: give both or neither".into(),
            ));
        }
    };
    let entity_kind = a.entity.unwrap_or(base.entity_kind);
    // Changing the kind without a code clears the old code, so a stale link is never kept.
    let entity_code = match (&a.entity, &a.entity_code) {
        (_, Some(c)) => Some(c.clone()),
        (Some(_), None) => None,
        (None, None) => base.entity_code,
    };
    Ok(RiskFields {
        title: a.title.clone().unwrap_or(base.title),
        category: a.category.clone().unwrap_or(base.category),
        owner: a.owner.clone().unwrap_or(base.owner),
        scale: a.scale.clone().unwrap_or(base.scale),
        gross_probability: a.probability.unwrap_or(base.gross_probability),
        gross_impact: a.impact.unwrap_or(base.gross_impact),
        preventative_controls: a.preventative.clone().unwrap_or(base.preventative_controls),
        curative_controls: a.curative.clone().unwrap_or(base.curative_controls),
        net,
        review_date: a.review.clone().unwrap_or(base.review_date),
        entity_kind,
        entity_code,
    })
}
