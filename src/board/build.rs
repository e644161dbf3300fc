//! Turns the Board's raw figures into the deck of slides, applying redaction once so that every
//! rendering shows the same names and hides the same figures.

use rust_decimal::Decimal;

use super::config::Confidential as C;
use super::config::RatioBenchmark;
use super::deck::{Body, Deck, Figure, Heat, HeatCell, HeatRow, Slide, Table};
use super::format::{self, money, percent};
use super::headlines::Headlines;
use super::load::Board;
use super::redact::Redaction;
use crate::dashboard::heatmap::HeatGrid;
use crate::scoring::Standing;

pub fn deck(board: &Board, r: &Redaction) -> Deck {
    framed(
        board.today,
        r,
        vec![
            headlines(&board.headlines, r),
            standings(board, r),
            pipeline(board, r),
            capacity(board, r),
            attention(board, r),
            heat_slide(board, r, true),
            heat_slide(board, r, false),
            decisions(board, r),
            approvals(board, r),
        ],
    )
}

/// The deck while only the headline figures have been read: their slide alone.
pub fn headlines_deck(h: &Headlines, r: &Redaction) -> Deck {
    framed(h.today, r, vec![headlines(h, r)])
}

fn framed(today: chrono::NaiveDate, r: &Redaction, slides: Vec<Slide>) -> Deck {
    Deck {
        title: "Board pack".into(),
        as_of: format::date(today),
        redacted: r.on,
        slides,
    }
}

fn d(n: usize) -> Decimal {
    Decimal::from(n as u64)
}

/// Where a ratio stands against the benchmarks (lowest first), in words: "below the 9:1 now
/// benchmark", "at or beyond 9:1 now, short of the 19:1 aim", "at or beyond the 19:1 aim".
pub fn ratio_verdict(delivery: Decimal, hub: Decimal, benchmarks: &[RatioBenchmark]) -> String {
    if hub.is_zero() {
        return "no top-slice income yet".into();
    }
    // Past what a decimal holds the ratio is beyond any benchmark.
    let r = delivery.checked_div(hub).unwrap_or(Decimal::MAX);
    let named = |b: &RatioBenchmark| format!("{}:1 {}", b.ratio.normalize(), b.label);
    let reached = benchmarks.iter().rposition(|b| r >= b.ratio);
    match (reached, benchmarks.first()) {
        (_, None) => "no benchmark configured".into(),
        (None, Some(lowest)) => format!("below the {} benchmark", named(lowest)),
        (Some(i), _) => match benchmarks.get(i + 1) {
            Some(next) => format!(
                "at or beyond {}, short of the {}",
                named(&benchmarks[i]),
                named(next)
            ),
            None => format!("at or beyond the {}", named(&benchmarks[i])),
        },
    }
}

/// "9:1 now, 19:1 aim (ConsortiCo's consortium model …)".
fn benchmarks_said(b: &Headlines) -> String {
    let list: Vec<String> = b
        .benchmarks
        .iter()
        .map(|x| format!("{}:1 {}", x.ratio.normalize(), x.label))
        .collect();
    format!("benchmarks {}: {}", list.join(", "), b.benchmark_source)
}

/// The first slide: the headline figures, with how each is worked out behind it.
pub fn headlines(b: &Headlines, r: &Redaction) -> Slide {
    let (pipeline_n, pipeline_v) = b.pipeline;
    let (active_n, active_v) = b.active;
    let (won_n, won_v) = b.won;
    let (lost_n, lost_v) = b.lost;
    let by_value = won_v
        .checked_add(lost_v)
        .map_or(format::NONE.to_string(), |all| percent(won_v, all));
    let hub_hidden = r.hides(C::TopSliceIncome);
    let ratio = if hub_hidden {
        format::REDACTED.to_string()
    } else {
        format::ratio(b.ratio.delivery, b.ratio.hub)
    };
    let trend: Vec<u32> = b.delivery_trend.iter().map(|(_, p)| *p).collect();
    let latest = b
        .delivery_trend
        .last()
        .map(|(p, v)| (format!("{v}%"), format!("in {}", p.display())));
    let figures = vec![
        Figure {
            label: "Pipeline value".into(),
            value: money(pipeline_v),
            note: format!("{pipeline_n} opportunities being pursued"),
            trend: vec![],
        },
        Figure {
            label: "Win rate (by count)".into(),
            value: percent(d(won_n), d(won_n.saturating_add(lost_n))),
            note: format!("{won_n} won, {lost_n} lost; by value {by_value}"),
            trend: vec![],
        },
        Figure {
            label: "Active contract value".into(),
            value: money(active_v),
            note: format!("{active_n} active sub-contracts"),
            trend: vec![],
        },
        Figure {
            label: "Top-slice income".into(),
            value: r.figure(C::TopSliceIncome, money(b.top_slice_income)),
            note: "the hub's share of won contracts".into(),
            trend: vec![],
        },
        Figure {
            label: "Delivery to hub".into(),
            value: ratio,
            note: if hub_hidden {
                benchmarks_said(b)
            } else {
                // The verdict names the benchmarks already; only their source is added.
                format!(
                    "{} ({})",
                    ratio_verdict(b.ratio.delivery, b.ratio.hub, &b.benchmarks),
                    b.benchmark_source
                )
            },
            trend: vec![],
        },
        Figure {
            label: "Delivery against profile".into(),
            value: latest.as_ref().map_or(format::NONE.into(), |l| l.0.clone()),
            note: latest.map_or("no returns in the last six months".into(), |l| {
                format!("{}, all sub-contracts; six-month trend", l.1)
            }),
            trend,
        },
    ];
    let mut detail = Table::new(
        "How the headline figures are worked out",
        &[("Figure", false), ("Value", true), ("Worked out as", false)],
        "",
    );
    let why = [
        "value of opportunities identified, at PQQ, at ITT or submitted",
        "won ÷ (won + lost), counting opportunities",
        "value of active sub-contracts",
        "top slice of each won contract, summed",
        "a year, over the prime contracts running today: their delivering sub-contracts' value ÷ their top slices",
        "units delivered ÷ units targeted, latest complete month",
    ];
    for (f, w) in figures.iter().zip(why) {
        detail
            .rows
            .push(vec![f.label.clone(), f.value.clone(), w.into()]);
    }
    detail.rows.push(vec![
        "Win rate (by value)".into(),
        by_value,
        "won value ÷ (won + lost value)".into(),
    ]);
    for (p, v) in &b.delivery_trend {
        detail.rows.push(vec![
            format!("Delivery in {}", p.display()),
            format!("{v}%"),
            "units delivered ÷ units targeted".into(),
        ]);
    }
    Slide {
        id: "headlines",
        title: "The picture".into(),
        lead: format!("Headline figures as of {}", format::date(b.today)),
        body: Body::Figures(figures),
        detail,
    }
}

const STANDINGS: [Standing; 4] = [
    Standing::Good,
    Standing::ApproachingTarget,
    Standing::RequiresImprovement,
    Standing::Inadequate,
];

/// Sub-contracts by standing — the dashboard's rows and standings, counted and valued — and the
/// members holding one rated Requires improvement or Inadequate.
fn standings(b: &Board, r: &Redaction) -> Slide {
    let total = b.standings.len();
    let total_value: Decimal = b.standings.iter().map(|s| s.value).sum();
    let figures = STANDINGS
        .iter()
        .map(|st| {
            let these: Vec<_> = b.standings.iter().filter(|s| s.standing == *st).collect();
            let value: Decimal = these.iter().map(|s| s.value).sum();
            Figure {
                label: st.label().into(),
                value: these.len().to_string(),
                note: format!(
                    "of {total} rated sub-contracts, worth {} ({} of the rated value)",
                    r.figure(C::SubcontractValues, money(value)),
                    percent(value, total_value)
                ),
                trend: vec![],
            }
        })
        .collect();
    let mut detail = Table::new(
        "Members holding a sub-contract rated Requires improvement or Inadequate",
        &[
            ("Provider", false),
            ("Sub-contract", false),
            ("Standing", false),
            ("Value", true),
        ],
        "No sub-contract is rated Requires improvement or Inadequate.",
    );
    for s in b
        .standings
        .iter()
        .filter(|s| s.standing >= Standing::RequiresImprovement)
    {
        let name = b
            .members
            .iter()
            .find(|m| m.0 == s.member)
            .map_or(s.member.as_str(), |m| m.1.as_str());
        detail.rows.push(vec![
            r.member_name(&s.member, name),
            s.subcontract.clone(),
            s.standing.label().into(),
            r.figure(C::SubcontractValues, money(s.value)),
        ]);
    }
    Slide {
        id: "standings",
        title: "Sub-contract standings".into(),
        lead: format!(
            "The {total} rated sub-contracts in each standing (Procurement Act 2023 words); {} not yet rated; {} with no referrals, a warning about the referral route rather than the provider",
            b.unrated, b.route_cases
        ),
        body: Body::Figures(figures),
        detail,
    }
}

fn pipeline(b: &Board, r: &Redaction) -> Slide {
    let mut table = Table::new(
        "Pipeline by stage",
        &[("Stage", false), ("Opportunities", true), ("Value", true)],
        "No opportunities recorded.",
    );
    for s in &b.stages {
        table.rows.push(vec![
            s.stage.label().into(),
            s.count.to_string(),
            money(s.value),
        ]);
    }
    let mut detail = Table::new(
        "Opportunities being pursued, by deadline",
        &[
            ("Code", false),
            ("Title", false),
            ("Commissioner", false),
            ("Stage", false),
            ("Deadline", false),
            ("Value", true),
        ],
        "No opportunities are being pursued.",
    );
    for t in &b.open_tenders {
        let o = &t.opportunity;
        detail.rows.push(vec![
            o.code.clone(),
            r.text(&o.title),
            t.commissioner_name.clone(),
            o.stage.label().into(),
            format::date(o.deadline),
            r.figure(C::OpportunityValues, money(o.value)),
        ]);
    }
    Slide {
        id: "pipeline",
        title: "Pipeline by stage".into(),
        lead: format!(
            "{} opportunities being pursued, worth {}",
            b.headlines.pipeline.0,
            money(b.headlines.pipeline.1)
        ),
        body: Body::Table(table),
        detail,
    }
}

fn utilisation(capacity: u64, committed: u64) -> String {
    if capacity == 0 {
        return format::NONE.into();
    }
    percent(Decimal::from(committed), Decimal::from(capacity))
}

fn capacity(b: &Board, r: &Redaction) -> Slide {
    let mut table = Table::new(
        "Capacity and utilisation by cluster",
        &[
            ("Cluster", false),
            ("Members", true),
            ("Capacity", true),
            ("Committed", true),
            ("Utilisation", true),
        ],
        "No capacity recorded.",
    );
    let mut detail = Table::new(
        "Members in each cluster",
        &[
            ("Cluster", false),
            ("Provider", false),
            ("Capacity", true),
            ("Committed", true),
            ("Utilisation", true),
        ],
        "No capacity recorded.",
    );
    for c in &b.clusters {
        table.rows.push(vec![
            c.cluster.clone(),
            c.members.len().to_string(),
            format::count(c.capacity),
            format::count(c.committed),
            utilisation(c.capacity, c.committed),
        ]);
        for (code, name, cap, com) in &c.members {
            detail.rows.push(vec![
                c.cluster.clone(),
                r.member_name(code, name),
                r.figure(C::MemberCapacity, format::count(*cap)),
                r.figure(C::MemberCapacity, format::count(*com)),
                r.figure(C::MemberCapacity, utilisation(*cap, *com)),
            ]);
        }
    }
    Slide {
        id: "capacity",
        title: "Capacity by cluster".into(),
        lead: "Units of activity per month: capacity, committed to proposed and active sub-contracts, and utilisation".into(),
        body: Body::Table(table),
        detail,
    }
}

fn attention(b: &Board, r: &Redaction) -> Slide {
    let columns = [
        ("Provider", false),
        ("Sub-contract", false),
        ("Severity", false),
        ("Standing", false),
        ("Why", false),
    ];
    let mut table = Table::new(
        "Providers needing attention",
        &columns,
        "No provider needs attention.",
    );
    let mut detail = Table::new(
        "Providers needing attention, with money at risk",
        &[
            ("Provider", false),
            ("Sub-contract", false),
            ("Severity", false),
            ("Standing", false),
            ("Remaining value", true),
            ("Money at risk", true),
            ("Why", false),
        ],
        "No provider needs attention.",
    );
    for a in &b.attention {
        let provider = r.member_name(&a.member, &a.member_name);
        let sub = a.subcontract.clone().unwrap_or_else(|| "(member)".into());
        // A sub-contract starved of referrals is a warning about the route, not a failing provider.
        let standing = a
            .standing_label(false)
            .unwrap_or_else(|| format::NONE.to_string());
        let why = r.text(&a.why);
        let trend = a
            .subcontract
            .as_ref()
            .and_then(|c| b.trends.get(c))
            .cloned()
            .unwrap_or_default();
        table.rows.push(vec![
            provider.clone(),
            sub.clone(),
            a.severity_word().into(),
            standing.clone(),
            why.clone(),
        ]);
        table.trends.push(trend.clone());
        detail.rows.push(vec![
            provider,
            sub,
            a.severity_word().into(),
            standing,
            r.figure(C::SubcontractValues, money(a.remaining_value)),
            r.figure(C::MoneyAtRisk, money(a.money_at_risk)),
            why,
        ]);
        detail.trends.push(trend);
    }
    let n = b.attention.len();
    Slide {
        id: "attention",
        title: "Providers needing attention".into(),
        lead: format!(
            "{n} {} needing attention, most urgent first, with the reasons",
            if n == 1 { "entry" } else { "entries" }
        ),
        body: Body::Table(table),
        detail,
    }
}

fn heat(grid: &HeatGrid, b: &Board, r: &Redaction) -> Heat {
    let s = &grid.scale;
    // The dashboard's orientation: impact up the side, probability along the bottom.
    let rows = (1..=s.max_impact())
        .rev()
        .map(|i| HeatRow {
            label: format!("{i} {}", s.impact_label(i).unwrap_or("")),
            cells: (1..=s.max_probability())
                .map(|p| HeatCell {
                    count: grid.count(p, i),
                    severity: s.band_of(p, i).map(|band| band.severity),
                })
                .collect(),
        })
        .collect();
    let off_scale = grid
        .off_scale
        .iter()
        .filter_map(|i| b.risks.get(*i))
        .map(|k| {
            let (p, i) = match grid.basis {
                crate::dashboard::heatmap::Basis::Gross => {
                    (Some(k.gross_probability), Some(k.gross_impact))
                }
                crate::dashboard::heatmap::Basis::Net => (k.net_probability, k.net_impact),
            };
            format!(
                "{} {} ({}×{})",
                k.code,
                r.text(&k.title),
                p.unwrap_or(0),
                i.unwrap_or(0)
            )
        })
        .collect();
    Heat {
        basis: grid.basis.label().into(),
        scale_title: s.title.clone(),
        row_axis: "Impact".into(),
        column_axis: "Probability".into(),
        column_labels: (1..=s.max_probability())
            .map(|p| format!("{p} {}", s.probability_label(p).unwrap_or("")))
            .collect(),
        rows,
        off_scale,
        unscored: grid.unscored.len(),
    }
}

fn heat_slide(b: &Board, r: &Redaction, gross: bool) -> Slide {
    let grid = if gross { &b.heat_gross } else { &b.heat_net };
    let basis = if gross { "gross" } else { "net" };
    let mut detail = Table::new(
        &format!("Open risks, {basis} scores"),
        &[
            ("Risk", false),
            ("Title", false),
            ("Category", false),
            ("Score", true),
            ("Band", false),
            ("Generated by", false),
        ],
        "No open risks.",
    );
    let Some(grid) = grid else {
        return Slide {
            id: if gross { "risks_gross" } else { "risks_net" },
            title: format!("Risk heatmap ({basis})"),
            lead: "No risk scale is configured.".into(),
            body: Body::Table(Table::new("", &[], "No risk scale is configured.")),
            detail,
        };
    };
    let mut cells: Vec<(u8, u8, usize)> = Vec::new();
    for (pi, row) in grid.cells.iter().enumerate() {
        for (ii, risks) in row.iter().enumerate() {
            for k in risks {
                cells.push(((pi + 1) as u8, (ii + 1) as u8, *k));
            }
        }
    }
    // Scores as u32: a scale may have up to 255 levels on each axis.
    let score = |c: &(u8, u8, usize)| u32::from(c.0) * u32::from(c.1);
    cells.sort_by(|a, b| score(b).cmp(&score(a)).then(a.2.cmp(&b.2)));
    for (p, i, k) in cells {
        if let Some(risk) = b.risks.get(k) {
            let band = grid
                .scale
                .band_of(p, i)
                .map_or(format::NONE.to_string(), |x| x.name.clone());
            detail.rows.push(vec![
                risk.code.clone(),
                r.text(&risk.title),
                risk.category.clone(),
                format!("{p}×{i} = {}", u32::from(p) * u32::from(i)),
                band,
                // A generated risk carries the rule and the figures that raised it.
                b.risk_causes
                    .get(&risk.code)
                    .map_or(format::NONE.to_string(), |c| r.text(&c.reason())),
            ]);
        }
    }
    // Off the scale is still open, and said so: a risk scored past the scale is not a risk
    // fewer (Knowsley's impact-5 risks are among its priorities).
    for k in &grid.off_scale {
        if let Some(risk) = b.risks.get(*k) {
            let (p, i) = if gross {
                (Some(risk.gross_probability), Some(risk.gross_impact))
            } else {
                (risk.net_probability, risk.net_impact)
            };
            let (p, i) = (p.unwrap_or(0), i.unwrap_or(0));
            detail.rows.push(vec![
                risk.code.clone(),
                r.text(&risk.title),
                risk.category.clone(),
                format!("{p}×{i} = {}", u32::from(p) * u32::from(i)),
                "off the scale".into(),
                b.risk_causes
                    .get(&risk.code)
                    .map_or(format::NONE.to_string(), |c| r.text(&c.reason())),
            ]);
        }
    }
    let open = b
        .risks
        .iter()
        .filter(|k| k.status == crate::domain::RiskStatus::Open)
        .count();
    let h = heat(grid, b, r);
    let elsewhere = open.saturating_sub(grid.total_in_grid() + grid.off_scale.len());
    let mut lead = format!(
        "{open} open risks: {} on the {} scale, scored {} controls; {} off the scale",
        grid.total_in_grid(),
        h.scale_title,
        if gross { "before" } else { "after" },
        grid.off_scale.len()
    );
    if !gross && !grid.unscored.is_empty() {
        lead.push_str(&format!(
            "; {} not yet scored after controls",
            grid.unscored.len()
        ));
    }
    if elsewhere > grid.unscored.len() {
        lead.push_str(&format!(
            "; {} on other scales",
            elsewhere - grid.unscored.len()
        ));
    }
    Slide {
        id: if gross { "risks_gross" } else { "risks_net" },
        title: format!("Risk heatmap ({basis})"),
        lead,
        body: Body::Heat(h),
        detail,
    }
}

fn decisions(b: &Board, r: &Redaction) -> Slide {
    let columns = [
        ("Time", false),
        ("Actor", false),
        ("Action", false),
        ("Entity", false),
        ("Reason", false),
    ];
    let since = format::date(b.since);
    let mut table = Table::new(
        &format!("Decisions since {since}"),
        &columns,
        "No decisions recorded in this period.",
    );
    for row in b.decisions.iter().rev() {
        table.rows.push(vec![
            format::audit_time(&row.at),
            row.actor.clone(),
            row.action.clone(),
            r.text(&row.entity),
            row.reason
                .as_deref()
                .map_or(format::NONE.to_string(), |x| r.text(x)),
        ]);
    }
    let mut detail = table.clone();
    detail.title = format!("Decisions since {since}, newest first, reasons in full");
    Slide {
        id: "decisions",
        title: format!("Decisions since {since}"),
        lead: format!(
            "{} recorded from the audit log, newest first",
            b.decisions.len()
        ),
        body: Body::Table(table),
        detail,
    }
}

/// Decisions awaiting the Board's approval: every competitive award and every decision taken over
/// a failed check, until `board approve` records the meeting that approved it.
fn approvals(b: &Board, r: &Redaction) -> Slide {
    let columns = [
        ("Row", true),
        ("Time", false),
        ("Action", false),
        ("Entity", false),
        ("Needs approval as", false),
        ("Reason", false),
    ];
    let mut table = Table::new(
        "Awaiting Board approval",
        &columns,
        "Nothing awaits the Board's approval.",
    );
    for a in &b.awaiting {
        table.rows.push(vec![
            a.id.to_string(),
            format::audit_time(&a.at),
            a.action.clone(),
            r.text(&a.entity),
            a.needs.clone(),
            a.reason
                .as_deref()
                .map_or(format::NONE.to_string(), |x| r.text(x)),
        ]);
    }
    let mut detail = table.clone();
    detail.title = "Awaiting Board approval, oldest first, reasons in full".into();
    let n = b.awaiting.len();
    Slide {
        id: "approvals",
        title: "Awaiting Board approval".into(),
        lead: match n {
            0 => "No competitive award or override awaits approval".into(),
            1 => "1 decision to approve: record it with `hubboard board approve ROWS --meeting DATE --minute REF`".into(),
            n => format!("{n} decisions to approve: record each with `hubboard board approve ROWS --meeting DATE --minute REF`"),
        },
        body: Body::Table(table),
        detail,
    }
}
