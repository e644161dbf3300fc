//! Detail views: the full record behind a row, built as titled sections of text lines from the
//! store (opportunity, member with its sub-contracts, sub-contract with its returns) or from the
//! snapshot (the risks in a heatmap cell).

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::dashboard::Snapshot;
use crate::dashboard::heatmap::{Basis, HeatGrid};
use crate::dashboard::text::clean;
use crate::dates;
use crate::domain::Stage;
use crate::domain::risk_scale::RiskScale;
use crate::error::{HubError, Result};
use crate::money;
use crate::store::read::records;

mod prime;

#[derive(Debug, Clone, PartialEq)]
pub struct Detail {
    pub title: String,
    /// The record it shows, for its audit trail (`A`); none for a heatmap cell or an audit row.
    pub entity: Option<crate::domain::EntityRef>,
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub heading: String,
    pub lines: Vec<String>,
}

fn section(heading: &str, lines: Vec<String>) -> Section {
    Section {
        heading: heading.to_string(),
        lines,
    }
}

/// A labelled line; the values come cleaned from the read models (`store::read`).
fn field(label: &str, value: impl AsRef<str>) -> String {
    format!("{label:<18} {}", value.as_ref())
}

pub fn opportunity(conn: &Connection, code: &str, today: NaiveDate) -> Result<Detail> {
    let rec = records::opportunity(conn, code)?
        .ok_or_else(|| HubError::NotFound(format!("opportunity {code}")))?;
    let o = rec.opportunity;
    let commissioner = rec.commissioner_name;
    let days = (o.deadline - today).num_days();
    let mut lines = vec![
        field("Title", &o.title),
        field("Commissioner", commissioner),
        field("Kind", o.kind.label()),
        field("Service line", &o.service_line),
        field("Stage", o.stage.label()),
        field(
            "Deadline",
            format!("{} ({})", dates::display(o.deadline), days_phrase(days)),
        ),
        field("Value", money::display(o.value)),
        field("Duration", format!("{} months", o.duration_months)),
        field("Payment model", o.payment_model.label()),
        field(
            "Top slice",
            format!(
                "{}% = {}",
                o.top_slice_pct.normalize(),
                money::display(o.top_slice())
            ),
        ),
        field("Net for delivery", money::display(o.net_value())),
        field(
            "Bid/no-bid score",
            o.bid_score
                .map_or("not scored".into(), |s| format!("{s} / 100")),
        ),
        field("Decision", o.decision.map_or("none yet", |d| d.label())),
    ];
    if let Some(r) = &o.decision_reason {
        lines.push(field("Reason", r));
    }
    if let Some(r) = o.award_route {
        lines.push(field("Award route", r.label()));
    }
    let subs: Vec<String> = rec
        .subcontracts
        .iter()
        .map(|s| {
            format!(
                "{:<12} {:<8} {:>12}  {} – {}  {}",
                s.code,
                s.member,
                money::display(s.value),
                dates::display(s.start),
                dates::display(s.end),
                s.status.label()
            )
        })
        .collect();
    let mut sections = vec![section("Record", lines)];
    if o.stage == Stage::Won {
        sections.push(prime::section_of(conn, code, today)?);
    }
    sections.push(section("Sub-contracts", or_none(subs)));
    let plan = crate::store::delivery_plans::plan_of(conn, &o.code)?;
    if !plan.is_empty() {
        let lines = if o.stage == Stage::Won {
            named_lines(&plan, &rec.subcontracts)
        } else {
            plan.iter()
                .map(|l| {
                    format!(
                        "{:<10} {:>6} units/month",
                        clean(&l.member),
                        l.units_per_month
                    )
                })
                .collect()
        };
        sections.push(section("Delivery plan named in the bid", lines));
    }
    Ok(Detail {
        title: format!("Opportunity {}", o.code),
        entity: Some(crate::domain::EntityRef::opportunity(&o.code)),
        sections,
    })
}

/// Each named member's units a month beside the work it got (units a month, value, outcome).
fn named_lines(
    plan: &[crate::domain::delivery_plan::PlanLine],
    subs: &[crate::domain::SubContract],
) -> Vec<String> {
    let mut out = vec![format!(
        "{:<10} {:>6} {:>8} {:>14}  {}",
        "Member", "Named", "Awarded", "Value", "Outcome"
    )];
    for n in crate::domain::delivery_plan::compare(plan, subs) {
        out.push(format!(
            "{:<10} {:>6} {:>8} {:>14}  {}",
            clean(&n.member),
            n.named_units.map_or("–".into(), |u| u.to_string()),
            n.awarded_units,
            money::display(n.awarded_value),
            n.fared.label()
        ));
    }
    out
}

pub fn member(
    conn: &Connection,
    code: &str,
    today: NaiveDate,
    scoring: &crate::scoring::ScoringConfig,
) -> Result<Detail> {
    let rec =
        records::member(conn, code)?.ok_or_else(|| HubError::NotFound(format!("member {code}")))?;
    let m = &rec.member;
    let record = vec![
        field("Name", &m.name),
        field("Tier", m.tier.label()),
        field("Organisation", m.org_type.label()),
        field("Registered no.", &m.registered_number),
        field("Annual income", money::display(m.annual_income)),
        field("Clusters", m.clusters.join(", ")),
        field("Geography", &m.geography),
        field(
            "Staff / volunteers",
            format!("{} / {}", m.staff, m.volunteers),
        ),
        field("Joined", dates::display(m.joined)),
        field("Left", m.left.map_or("a member now".into(), dates::display)),
    ];
    let capacity = rec
        .capacity
        .iter()
        .map(|c| {
            format!(
                "{:<28} {:>5} units/month",
                c.service_line, c.units_per_month
            )
        })
        .collect();
    let compliance = rec
        .compliance
        .iter()
        .map(|c| {
            let days = (c.valid_until - today).num_days();
            let state = if days < 0 {
                "EXPIRED"
            } else if days <= crate::dashboard::capacity::COMPLIANCE_DUE_DAYS {
                "due"
            } else {
                "ok"
            };
            format!(
                "{:<30} {:<16} until {:<12} {state}",
                c.kind.label(),
                c.reference,
                dates::display(c.valid_until)
            )
        })
        .collect();
    let subs = rec
        .subcontracts
        .iter()
        .map(|s| {
            format!(
                "{:<12} {:<10} {:>12}  {:>4} u/m  {} – {}  {}",
                s.code,
                s.opportunity,
                money::display(s.value),
                s.units_per_month,
                dates::display(s.start),
                dates::display(s.end),
                s.status.label()
            )
        })
        .collect();
    // A member fine on one contract and failing on three shows as such here. The scoring words
    // its standing from stored codes, so its text is cleaned here.
    let standing = crate::scoring::member_standing(conn, code, today, scoring)?;
    let mut performance = vec![clean(&standing.describe())];
    for c in &standing.contracts {
        performance.push(format!(
            "  {:<12} {:>12}  score {:>6}  {}",
            clean(&c.subcontract),
            money::display(c.value),
            c.rated.score,
            c.rated.standing.label()
        ));
    }
    Ok(Detail {
        title: format!("Member {} — {}", m.code, m.name),
        entity: Some(crate::domain::EntityRef::member(&m.code)),
        sections: vec![
            section("Record", record),
            section("Performance across its active sub-contracts", performance),
            section("Capacity", or_none(capacity)),
            section("Compliance", or_none(compliance)),
            section("Sub-contracts", or_none(subs)),
        ],
    })
}

/// `Under notice — notice given, ends 28 Feb 2027`, or the state alone when that says it all.
fn status_line(
    s: &crate::domain::SubContract,
    suspensions: &[crate::domain::Suspension],
    today: NaiveDate,
) -> String {
    let open = suspensions.iter().rev().find(|p| p.lifted.is_none());
    let state = crate::domain::state::State::of(s, open, today);
    let words = state.describe();
    if words == state.label().to_lowercase() {
        state.label().to_string()
    } else {
        format!("{} — {words}", state.label())
    }
}

pub fn subcontract(conn: &Connection, code: &str, today: NaiveDate) -> Result<Detail> {
    let rec = records::subcontract(conn, code)?
        .ok_or_else(|| HubError::NotFound(format!("sub-contract {code}")))?;
    let s = &rec.subcontract;
    let member_name = &rec.member_name;
    let mut record = vec![
        field("Member", format!("{} {}", s.member, member_name)),
        field("Opportunity", &s.opportunity),
        field("Value", money::display(s.value)),
        field(
            "Runs",
            format!(
                "{} – {} ({} months)",
                dates::display(s.start),
                dates::display(s.end),
                s.months()
            ),
        ),
        field("Profile", format!("{} units/month", s.units_per_month)),
        field("Payment model", s.payment_model.label()),
        field("Status", status_line(s, &rec.suspensions, today)),
    ];
    if let Some(from) = &s.transferred_from {
        record.push(field("Transferred from", from));
    }
    let returns = &rec.returns;
    // Fits 78 columns (80×24 less the frame) with the return's state last.
    let mut lines = vec![format!(
        "{:<8} {:>6} {:>6} {:>5} {:>7} {:>7} {:>7} {:>2} {:>4} {}",
        "Month", "Target", "Deliv", "%", "Outcome", "Spend", "Paid", "Gr", "Refs", "Return"
    )];
    for r in returns.iter().rev().take(18) {
        // Widened first: units a month times a hundred can pass what a u32 holds.
        let pct = (u64::from(r.units_delivered) * 100)
            .checked_div(u64::from(r.units_target))
            .unwrap_or(100);
        let state = match r.submitted {
            None if r.due < today => format!("MISSING (due {})", dates::display(r.due)),
            None => format!("due {}", dates::display(r.due)),
            Some(d) if d > r.due => late_phrase((d - r.due).num_days()),
            Some(_) => "on time".to_string(),
        };
        lines.push(format!(
            "{:<8} {:>6} {:>6} {:>4}% {:>7} {:>7} {:>7} {:>2} {:>4} {state}",
            r.period.display(),
            r.units_target,
            r.units_delivered,
            pct,
            format!("{}/{}", r.outcomes_achieved, r.outcomes_target),
            money::display_short(r.spend),
            money::display_short(r.paid),
            r.quality_grade.map_or("–".into(), |g| g.to_string()),
            r.referrals
        ));
    }
    let suspensions = rec
        .suspensions
        .iter()
        .map(|x| {
            format!(
                "decided {}, effective {}{}: {} — {}{}",
                dates::display(x.decided),
                dates::display(x.effective),
                if x.urgent { " (urgent)" } else { "" },
                x.reason_code.label(),
                x.reason,
                x.lifted
                    .map_or(String::new(), |l| format!("; lifted {}", dates::display(l)))
            )
        })
        .collect();
    let claims = rec
        .claims
        .iter()
        .map(|c| {
            format!(
                "{} raised {}: paid {} − earned {} = {} ({})",
                c.code,
                dates::display(c.raised),
                money::display(c.paid),
                money::display(c.earned),
                money::display(c.amount),
                c.reason
            )
        })
        .collect();
    let warnings = rec
        .warnings
        .iter()
        .map(|w| {
            let state = match (w.cleared, &w.cleared_reason) {
                (Some(d), r) => format!(
                    "cleared {}{}",
                    dates::display(d),
                    r.as_deref().map(|r| format!(": {r}")).unwrap_or_default()
                ),
                (None, _) => "OPEN".to_string(),
            };
            format!(
                "⚑ raised {} by {}: {} — {state}",
                dates::display(w.raised),
                w.raised_by,
                w.reason
            )
        })
        .collect();
    let plan = rec
        .actions
        .iter()
        .map(|a| {
            let state = match a.completed {
                Some(d) => format!("done {}", dates::display(d)),
                None if a.due < today => format!("OVERDUE since {}", dates::display(a.due)),
                None => format!("due {}", dates::display(a.due)),
            };
            format!("#{} {} — owner {} — {state}", a.id, a.action, a.owner)
        })
        .collect();
    Ok(Detail {
        title: format!("Sub-contract {}", s.code),
        entity: Some(crate::domain::EntityRef::subcontract(&s.code)),
        sections: vec![
            section("Record", record),
            section("Early warnings", or_none(warnings)),
            section("Improvement plan", or_none(plan)),
            section("Monitoring returns (latest first)", lines),
            section("Suspensions", or_none(suspensions)),
            section("Claw-back claims", or_none(claims)),
        ],
    })
}

/// The open risks in the heatmap's selected cell, with their controls.
pub fn risk_cell(
    s: &Snapshot,
    scale: &RiskScale,
    basis: Basis,
    probability: u8,
    impact: u8,
) -> Detail {
    let grid = HeatGrid::build(&s.risks, scale, basis);
    // Levels count from 1; a level of 0 or past the scale is no cell at all.
    let (p_at, i_at) = (
        usize::from(probability).checked_sub(1),
        usize::from(impact).checked_sub(1),
    );
    let in_cell = p_at
        .zip(i_at)
        .and_then(|(p, i)| grid.cells.get(p)?.get(i))
        .cloned()
        .unwrap_or_default();
    let mut sections = Vec::new();
    for idx in in_cell {
        let r = &s.risks[idx];
        let net = match (r.net_probability, r.net_impact) {
            (Some(p), Some(i)) => format!("{p} × {i} = {}", u32::from(p) * u32::from(i)),
            _ => "not assessed".into(),
        };
        let mut fields = Vec::new();
        if let Some(c) = s.risk_causes.get(&r.code) {
            fields.push(field("Generated", c.reason()));
            fields.push(field(
                "Edit or close",
                "no: worked out from today's data, it goes when its cause clears",
            ));
        }
        fields.extend([
            field("Category", &r.category),
            field("Owner", &r.owner),
            field(
                "Gross",
                format!(
                    "{} × {} = {}",
                    r.gross_probability,
                    r.gross_impact,
                    r.gross_score()
                ),
            ),
            field("Net", net),
            field("Preventative", &r.preventative_controls),
            field("Curative", &r.curative_controls),
            field("Review", dates::display(r.review_date)),
            field(
                "Concerns",
                format!(
                    "{} {}",
                    r.entity_kind.label(),
                    r.entity_code.as_deref().unwrap_or("")
                ),
            ),
        ]);
        sections.push(section(&format!("{} {}", r.code, r.title), fields));
    }
    let p_label = p_at
        .and_then(|p| scale.probability.get(p))
        .cloned()
        .unwrap_or_default();
    let i_label = i_at
        .and_then(|i| scale.impact.get(i))
        .cloned()
        .unwrap_or_default();
    if sections.is_empty() {
        sections.push(section("Risks", vec!["No open risks in this cell.".into()]));
    }
    Detail {
        entity: None,
        title: format!(
            "Risks at probability {probability} ({p_label}) × impact {impact} ({i_label}), {} scores",
            basis.label()
        ),
        sections,
    }
}

fn or_none(lines: Vec<String>) -> Vec<String> {
    if lines.is_empty() {
        vec!["none".into()]
    } else {
        lines
    }
}

pub fn days_phrase(days: i64) -> String {
    match days {
        0 => "today".into(),
        1 => "tomorrow".into(),
        d if d > 0 => format!("{d} days left"),
        -1 => "yesterday".into(),
        d => format!("{} days ago", -d),
    }
}

/// One audit row in full: who, when, what, why, and the before and after records. The row comes
/// cleaned from `store::read::decisions`; the records are laid out here from their JSON, so their
/// lines are cleaned here.
/// `2026-11-29T10:15:03Z` as people read it: `29 Nov 2026 10:15:03`.
fn audit_time(at: &str) -> String {
    match dates::parse_iso(at.get(..10).unwrap_or("")) {
        Ok(d) => format!("{} {}", dates::display(d), at.get(11..19).unwrap_or("")),
        Err(_) => at.to_string(),
    }
}

pub fn audit_row(row: &crate::store::audit::Row) -> Detail {
    let pretty = |j: &Option<String>| -> Vec<String> {
        match j {
            None => vec!["(none)".into()],
            Some(text) => serde_json::from_str::<serde_json::Value>(text)
                .ok()
                .and_then(|v| serde_json::to_string_pretty(&v).ok())
                .unwrap_or_else(|| text.clone())
                .lines()
                .map(clean)
                .collect(),
        }
    };
    Detail {
        entity: None,
        title: format!("Audit row {} — {} {}", row.id, row.action, row.entity),
        sections: vec![
            section(
                "Decision",
                vec![
                    field("When", audit_time(&row.at)),
                    field("Who", &row.actor),
                    field("Action", &row.action),
                    field("Entity", &row.entity),
                    field("Reason", row.reason.as_deref().unwrap_or("(none)")),
                ],
            ),
            section("Before", pretty(&row.before_json)),
            section("After", pretty(&row.after_json)),
        ],
    }
}

/// "1 day late", "14 days late".
pub use crate::dates::late_phrase;
