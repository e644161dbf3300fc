//! `hubboard triage`: providers needing attention, most urgent first, each with why in words —
//! a table for people (UK money, 120 columns) or CSV/JSON for scripts (ISO dates, plain money).

use std::io::Write;

use clap::{Args, ValueEnum};
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use super::Context;
use super::columns::{self, fit};
use crate::error::{HubError, Result};
use crate::money;
use crate::scoring::{self, SignalKind, TriageRow};

#[derive(Debug, Args)]
pub struct TriageArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = TriageFormat::Table)]
    pub format: TriageFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TriageFormat {
    /// Aligned text: 120 columns on a terminal; piped, names are never cut
    Table,
    /// One row per line for spreadsheets
    Csv,
    /// An array of objects for scripts
    Json,
}

/// The row as files carry it: codes, plain money, the signals' rules and explanations.
#[derive(Debug, Serialize)]
struct Plain<'a> {
    severity: &'static str,
    kind: SignalKind,
    member: &'a str,
    member_name: &'a str,
    subcontract: Option<&'a str>,
    opportunity: Option<&'a str>,
    status: Option<&'static str>,
    standing: Option<&'static str>,
    overall: Option<String>,
    member_standing: Option<&'static str>,
    remaining_value: String,
    money_at_risk: String,
    trend_slope: Option<String>,
    rules: String,
    why: &'a str,
    signals: &'a [scoring::Signal],
}

fn plain(r: &TriageRow) -> Plain<'_> {
    Plain {
        severity: r.severity.label(),
        kind: r.kind,
        member: &r.member,
        member_name: &r.member_name,
        subcontract: r.subcontract.as_deref(),
        opportunity: r.opportunity.as_deref(),
        status: r.status.map(|s| s.code()),
        standing: if r.kind == SignalKind::ReferralRoute {
            Some("referral_route")
        } else {
            r.standing.map(|s| s.code())
        },
        overall: r.overall.map(|o| o.to_string()),
        member_standing: r.member_standing.map(|s| s.code()),
        remaining_value: money::to_plain(r.remaining_value),
        money_at_risk: money::to_plain(r.money_at_risk),
        trend_slope: r.slope.map(|s| s.to_string()),
        rules: r
            .signals
            .iter()
            .map(|s| {
                serde_json::to_value(s.rule)
                    .ok()
                    .and_then(|v| v.as_str().map(String::from))
                    .unwrap_or_default()
            })
            .collect::<Vec<_>>()
            .join(" "),
        why: &r.why,
        signals: &r.signals,
    }
}

pub fn run(ctx: &Context, args: &TriageArgs) -> Result<i32> {
    if !ctx.db_path.exists() {
        return Err(HubError::NotFound(format!(
            "no database at {}; create one with `hubboard demo` or `hubboard import`",
            ctx.db_path.display()
        )));
    }
    // Read-write lets the scores be cached for next time; --read-only computes them in memory.
    let today = ctx.clock.today();
    let rows = if ctx.read_only() {
        scoring::triage(ctx.view()?.conn(), today, &ctx.config)?
    } else {
        crate::store::Store::look_keeping_cache(&ctx.db_path, |conn| {
            scoring::triage(conn, today, &ctx.config)
        })?
    };
    let text = match args.format {
        TriageFormat::Table => table(&rows, !columns::to_terminal()),
        TriageFormat::Json => {
            let plain: Vec<Plain> = rows.iter().map(plain).collect();
            serde_json::to_string_pretty(&plain)
                .map_err(|e| HubError::Invalid(format!("cannot write JSON: {e}")))?
                + "\n"
        }
        TriageFormat::Csv => csv_text(&rows)?,
    };
    std::io::stdout()
        .write_all(text.as_bytes())
        .map_err(|e| HubError::io("cannot write to standard output", e))?;
    Ok(0)
}

fn csv_text(rows: &[TriageRow]) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let bad = |e: csv::Error| HubError::Invalid(format!("cannot write CSV: {e}"));
    w.write_record([
        "severity",
        "kind",
        "member",
        "member_name",
        "subcontract",
        "opportunity",
        "status",
        "standing",
        "overall",
        "member_standing",
        "remaining_value",
        "money_at_risk",
        "trend_slope",
        "rules",
        "why",
    ])
    .map_err(bad)?;
    for r in rows {
        let p = plain(r);
        let kind = serde_json::to_value(p.kind)
            .ok()
            .and_then(|v| v.as_str().map(String::from));
        w.write_record([
            p.severity,
            kind.as_deref().unwrap_or(""),
            p.member,
            p.member_name,
            p.subcontract.unwrap_or(""),
            p.opportunity.unwrap_or(""),
            p.status.unwrap_or(""),
            p.standing.unwrap_or(""),
            p.overall.as_deref().unwrap_or(""),
            p.member_standing.unwrap_or(""),
            &p.remaining_value,
            &p.money_at_risk,
            p.trend_slope.as_deref().unwrap_or(""),
            &p.rules,
            p.why,
        ])
        .map_err(bad)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| HubError::Invalid(format!("cannot write CSV: {e}")))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

const WIDTH: usize = 120;

/// Splits `text` into lines of at most `n` columns at spaces.
fn wrap(text: &str, n: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split(' ') {
        let last = lines.last_mut().map(|l| l.width()).unwrap_or(0);
        if last > 0 && last + 1 + word.width() > n {
            lines.push(String::new());
        }
        if let Some(l) = lines.last_mut() {
            if !l.is_empty() {
                l.push(' ');
            }
            l.push_str(word);
        }
    }
    lines
}

fn kind_label(k: SignalKind) -> &'static str {
    match k {
        SignalKind::Provider => "provider",
        SignalKind::ReferralRoute => "referral route",
        SignalKind::Compliance => "compliance",
    }
}

/// The table for people; `whole` (piped) widens the member column instead of cutting names.
fn table(rows: &[TriageRow], whole: bool) -> String {
    if rows.is_empty() {
        return "Nobody needs attention: every provider is performing.\n".into();
    }
    let names: Vec<String> = rows
        .iter()
        .map(|r| format!("{} {}", r.member, r.member_name))
        .collect();
    let member_w = columns::width(names.iter().map(String::as_str), "Member", 28, whole);
    let mut out = format!(
        "{} {} {} {} {} {} {}\n",
        fit("Severity", 8),
        fit("Concern", 14),
        fit("Member", member_w),
        fit("Sub-contract", 12),
        fit("Standing", 26),
        fit("At risk", 14),
        "Trend"
    );
    for (r, name) in rows.iter().zip(&names) {
        let standing = r.standing_label(true).unwrap_or_else(|| {
            r.member_standing
                .map(|s| format!("member: {}", s.label()))
                .unwrap_or_default()
        });
        let trend = r
            .slope
            .map(|s| format!("{:+}/mo", s.round_dp(1)))
            .unwrap_or_default();
        out.push_str(&format!(
            "{} {} {} {} {} {:>14} {}\n",
            fit(r.severity_word(), 8),
            fit(kind_label(r.kind), 14),
            fit(name, member_w),
            fit(r.subcontract.as_deref().unwrap_or("(member)"), 12),
            fit(&standing, 26),
            money::display(r.money_at_risk),
            trend
        ));
        for line in wrap(&crate::text::clean(&r.why), WIDTH - 6) {
            out.push_str(&format!("      {line}\n"));
        }
    }
    out.push_str(&format!("{} needing attention\n", rows.len()));
    out
}
