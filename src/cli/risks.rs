//! `hubboard risks`: the register as read — the risks people keep and the generated ones the rules
//! find in today's data, each with the rule and figures that raised it — with scores, bands and
//! flags, and the heatmap's cell counts. (`hubboard risk add|edit|close|reopen` are decisions.)

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::Context;
use super::columns::{self, fit};
use crate::dashboard::heatmap::{Basis, HeatGrid, main_scale};
use crate::domain::risk_rules::Cause;
use crate::domain::risk_scale::RiskScale;
use crate::domain::{Risk, RiskStatus};
use crate::error::{HubError, Result};
use crate::store::risks;
use crate::{dates, money};

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
    /// Write the heatmap's cell counts (gross and net) instead of the register
    #[arg(long)]
    pub heatmap: bool,
}

/// `hubboard risk`: a heading only; its commands are the register's decisions.
#[derive(Debug, Args)]
pub struct RiskGroup {}

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
    /// For a generated risk, the rule and the figures that raised it.
    explanation: Option<String>,
    /// `off_scale`, `net_off_scale`, `unknown_scale`, `review_overdue`, `;`-separated.
    flags: String,
}

fn band_name(scale: Option<&RiskScale>, p: u8, i: u8) -> Option<String> {
    scale.and_then(|s| s.band_of(p, i)).map(|b| b.name.clone())
}

fn row<'a>(
    r: &'a Risk,
    cause: Option<&Cause>,
    scales: &[RiskScale],
    today: chrono::NaiveDate,
) -> RegisterRow<'a> {
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
        explanation: cause.map(|c| c.explanation.clone()),
        flags: flags.join(";"),
    }
}

/// `hubboard risks`.
pub fn list(ctx: &Context, a: &RisksArgs) -> Result<i32> {
    let store = ctx.view()?;
    let today = ctx.clock.today();
    let standings = crate::scoring::contract_standings(store.conn(), today, &ctx.config)?;
    let register = risks::register(
        store.conn(),
        today,
        ctx.config.rules.concentration_share,
        &standings,
    )?;
    let all = &register.risks;
    let scales = ctx.config.scales();
    let scale = match &a.scale {
        Some(name) => Some(RiskScale::find(&scales, name).ok_or_else(|| {
            let known: Vec<&str> = scales.iter().map(|s| s.name.as_str()).collect();
            HubError::Invalid(format!(
                "--scale: no scale named '{name}' (configured: {})",
                known.join(", ")
            ))
        })?),
        None => main_scale(all, &scales),
    };
    let shown: Vec<&Risk> = all
        .iter()
        .filter(|r| a.all || r.status == RiskStatus::Open)
        .filter(|r| a.scale.as_ref().is_none_or(|n| &r.scale == n))
        .collect();
    let rows: Vec<RegisterRow> = shown
        .iter()
        .map(|r| row(r, register.cause_of(r), &scales, today))
        .collect();
    if a.heatmap {
        return write_cells(a.format, scale, all);
    }
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
            print_table(&rows, !columns::to_terminal());
            if let Some(s) = scale {
                for basis in [Basis::Gross, Basis::Net] {
                    println!();
                    print_heatmap(&HeatGrid::build(all, s, basis), all);
                }
            }
        }
    }
    Ok(0)
}

/// The register for people; `whole` (piped) widens the code and title columns instead of
/// cutting them.
fn print_table(rows: &[RegisterRow], whole: bool) {
    let code_w = columns::width(rows.iter().map(|r| r.code), "code", 10, whole).max(10);
    let title_w = columns::width(rows.iter().map(|r| r.title), "title", 44, whole);
    println!(
        "{} {} {:<12} {:<9} {:<15} {:<15} {:<11} flags",
        fit("code", code_w),
        fit("title", title_w),
        "category",
        "scale",
        "gross",
        "net",
        "review"
    );
    let score = |p: Option<u8>, i: Option<u8>, s: Option<u32>, b: &Option<String>| match (p, i, s) {
        (Some(p), Some(i), Some(s)) => {
            format!("{p}×{i}={s} {}", b.as_deref().unwrap_or("⚠"))
        }
        _ => "—".to_string(),
    };
    for r in rows {
        println!(
            "{} {} {:<12} {:<9} {:<15} {:<15} {:<11} {}",
            fit(r.code, code_w),
            fit(r.title, title_w),
            crate::text::clean(r.category),
            r.scale,
            score(
                Some(r.gross_probability),
                Some(r.gross_impact),
                Some(r.gross_score),
                &r.gross_band
            ),
            score(r.net_probability, r.net_impact, r.net_score, &r.net_band),
            // ISO in CSV and JSON; on the screen as people read dates.
            dates::parse_iso(&r.review_date).map_or(r.review_date.clone(), dates::display),
            r.flags
        );
        if let (Some(rule), Some(why)) = (r.generated_by, &r.explanation) {
            println!(
                "{:<10} ↳ generated by {rule}: {}",
                "",
                crate::text::clean(why)
            );
        }
    }
    println!("{} risk(s)", money::group_digits(&rows.len().to_string()));
}

/// The grid as text, as the dashboard draws it: impact down (highest first), probability
/// across; each cell its count and band letter, so it reads without colour.
fn print_heatmap(g: &HeatGrid, risks: &[Risk]) {
    let s = &g.scale;
    println!(
        "{} heatmap on {} ({}): open risks, impact down, probability across",
        g.basis.label(),
        s.name,
        s.title
    );
    for i in (1..=s.max_impact()).rev() {
        let label = s.impact_label(i).unwrap_or("");
        let mut line = format!("{i} {label:<16}");
        for p in 1..=s.max_probability() {
            let letter = s.band_of(p, i).map_or('?', |b| b.severity.letter());
            line.push_str(&format!(" {:>4}{letter}", g.count(p, i)));
        }
        println!("{line}");
    }
    let mut footer = format!("{:<18}", "probability →");
    for p in 1..=s.max_probability() {
        footer.push_str(&format!(" {:>5}", p));
    }
    println!("{footer}");
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
                crate::text::clean(&r.code),
                crate::text::clean(&r.title),
                p.unwrap_or(0),
                i.unwrap_or(0)
            );
        }
    }
    if g.basis == Basis::Net && !g.unscored.is_empty() {
        println!("{} with no net score yet", g.unscored.len());
    }
}

/// One heatmap cell as `risks --heatmap --format csv|json` writes it.
#[derive(Debug, Serialize)]
struct CellRow {
    basis: &'static str,
    scale: String,
    probability: u8,
    impact: u8,
    band: Option<String>,
    count: usize,
}

/// The gross and net heatmaps' cells on the chosen scale, every cell including empty ones.
fn cell_rows(s: &RiskScale, risks: &[Risk]) -> Vec<CellRow> {
    let mut out = Vec::new();
    for basis in [Basis::Gross, Basis::Net] {
        let g = HeatGrid::build(risks, s, basis);
        for p in (1..=s.max_probability()).rev() {
            for i in 1..=s.max_impact() {
                out.push(CellRow {
                    basis: match basis {
                        Basis::Gross => "gross",
                        Basis::Net => "net",
                    },
                    scale: s.name.clone(),
                    probability: p,
                    impact: i,
                    band: band_name(Some(s), p, i),
                    count: g.count(p, i),
                });
            }
        }
    }
    out
}

/// `risks --heatmap`: the cells as a table, CSV or JSON.
fn write_cells(format: RisksFormat, scale: Option<&RiskScale>, risks: &[Risk]) -> Result<i32> {
    let Some(s) = scale else {
        println!("No open risk is scored on a configured scale: there is no heatmap.");
        return Ok(0);
    };
    match format {
        RisksFormat::Table => {
            for basis in [Basis::Gross, Basis::Net] {
                print_heatmap(&HeatGrid::build(risks, s, basis), risks);
                println!();
            }
        }
        RisksFormat::Json => {
            let text = serde_json::to_string_pretty(&cell_rows(s, risks))
                .map_err(|e| HubError::Invalid(format!("cannot write JSON: {e}")))?;
            println!("{text}");
        }
        RisksFormat::Csv => {
            let mut w = csv::Writer::from_writer(std::io::stdout());
            for r in cell_rows(s, risks) {
                w.serialize(&r)
                    .map_err(|e| HubError::Invalid(format!("cannot write CSV: {e}")))?;
            }
            w.flush().map_err(|e| HubError::io("cannot write CSV", e))?;
        }
    }
    Ok(0)
}
