//! The joint delivery plan recorded on an opportunity before its bid is submitted: the members
//! the bid names and the units a month each agreed. It replaces any earlier plan; after
//! submission it stands as the bid named it. At award it is the default split (see
//! `joint_award`), and afterwards the opportunity sets it beside who got the work.

use rusqlite::Connection;
use serde::Serialize;

use super::Decider;
use super::common;
use super::decision::{Decision, Opening, Sheet, Spec, Why, Written};
use super::fields::{Field, FieldKind, Values};
use crate::domain::checks::{Check, Rule};
use crate::domain::delivery_plan::{self, PlanLine};
use crate::domain::{Entity, EntityRef, Opportunity, OpportunityCode, Stage, Tier};
use crate::error::{HubError, Problem, Result};
use crate::store::audit::{AuditAction, Entry};
use crate::store::lookup::{self, CodeTable};
use crate::store::{delivery_plans, members, subcontracts};

pub struct SetDeliveryPlan;

static SPEC: Spec = Spec::new(
    "delivery_plan",
    "Record the delivery plan",
    "Record the members a bid names and the units a month each agreed, before it is submitted; at award it is the default split",
    &["opportunity", "plan"],
    &[
        Field::new("opportunity", "Opportunity", FieldKind::Code(Entity::Opportunity))
            .help("The opportunity")
            .required()
            .positional(),
        Field::new("members", "Members and units a month", FieldKind::Text)
            .help("The members named and their units a month, as KN01=40; KN02=25 (none: no plan)")
            .required(),
    ],
)
.acting_on(Entity::Opportunity)
.keys(&["D"], "")
.overridable();

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct PlanRequest {
    pub opportunity: OpportunityCode,
    pub lines: Vec<PlanLine>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanPlan {
    pub request: PlanRequest,
    pub opportunity: Opportunity,
    pub before: Vec<PlanLine>,
    /// One headroom check per member.
    pub checks: Vec<Check>,
    /// Associates named: they may take no sub-contract until they are full members.
    pub associates: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanOutcome {
    pub opportunity: String,
    pub lines: Vec<PlanLine>,
}

/// `KN01=40; KN02=25` → lines; `none` or nothing → no plan.
pub fn parse_lines(text: &str) -> Result<Vec<PlanLine>> {
    let bad = |why: String| HubError::field("members", Problem::Malformed(why));
    let text = text.trim();
    if text.is_empty() || text.eq_ignore_ascii_case("none") {
        return Ok(Vec::new());
    }
    let mut out: Vec<PlanLine> = Vec::new();
    for item in text
        .split([';', ','])
        .map(str::trim)
        .filter(|i| !i.is_empty())
    {
        let (member, units) = item
            .split_once('=')
            .ok_or_else(|| bad(format!("'{item}' is not MEMBER=UNITS")))?;
        let member = member.trim().to_uppercase();
        let units: u32 = units.trim().replace(',', "").parse().map_err(|_| {
            bad(format!(
                "'{}' is not a whole number of units in '{item}'",
                units.trim()
            ))
        })?;
        if units == 0 {
            return Err(bad(format!(
                "{member} is named for 0 units: leave it out instead"
            )));
        }
        if out.iter().any(|l| l.member == member) {
            return Err(bad(format!("{member} is named twice")));
        }
        out.push(PlanLine {
            member,
            units_per_month: units,
        });
    }
    Ok(out)
}

fn lines_text(lines: &[PlanLine]) -> String {
    if lines.is_empty() {
        return "none".into();
    }
    lines
        .iter()
        .map(|l| format!("{}={}", l.member, l.units_per_month))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The headroom check for one named member in the opportunity's service line.
fn headroom(conn: &Connection, o: &Opportunity, l: &PlanLine) -> Result<Check> {
    let cap = members::capacity_for(conn, &l.member, &o.service_line)?;
    let used = subcontracts::committed_units(conn, &l.member, &o.service_line)?;
    let free = i64::from(cap) - i64::from(used);
    Ok(Check::new(
        Rule::Headroom,
        i64::from(l.units_per_month) <= free,
        format!(
            "{}: named for {} units a month; {} capacity {}, committed {}, free {}",
            l.member, l.units_per_month, o.service_line, cap, used, free
        ),
    ))
}

impl Decision for SetDeliveryPlan {
    type Request = PlanRequest;
    type Plan = PlanPlan;
    type Outcome = PlanOutcome;

    fn spec() -> &'static Spec {
        &SPEC
    }

    fn request(v: &Values) -> Result<PlanRequest> {
        Ok(PlanRequest {
            opportunity: v.code("opportunity")?,
            lines: parse_lines(&v.text("members")?)?,
        })
    }

    fn open(conn: &Connection, _by: &Decider, subject: Option<&EntityRef>) -> Result<Opening> {
        let code = subject.map(|s| s.code.as_str()).unwrap_or_default();
        let o = common::opportunity(conn, code)?;
        let plan = delivery_plans::plan_of(conn, &o.code)?;
        let mut prefill = Values::default().with("opportunity", &o.code);
        if !plan.is_empty() {
            prefill.set("members", &lines_text(&plan));
        }
        Ok(Opening {
            context: vec![format!(
                "{} {} · {} · {}",
                o.code,
                o.title,
                o.service_line,
                o.stage.label()
            )],
            prefill,
        })
    }

    fn plan(conn: &Connection, by: &Decider, r: &PlanRequest) -> Result<PlanPlan> {
        let o = common::opportunity(conn, &r.opportunity)?;
        if !matches!(
            o.stage,
            Stage::Identified | Stage::PreQualification | Stage::InvitationToTender
        ) {
            return Err(HubError::Refused(format!(
                "{} is at '{}': a delivery plan is recorded before the bid is submitted, and then stands as the bid named it",
                o.code,
                o.stage.label()
            )));
        }
        let mut lines = Vec::with_capacity(r.lines.len());
        let mut checks = Vec::with_capacity(r.lines.len());
        let mut associates = Vec::new();
        for l in &r.lines {
            by.limits().check_units("members", l.units_per_month)?;
            let m = match lookup::canonical(conn, CodeTable::Members, &l.member)? {
                Some(code) => common::member(conn, &code)?,
                None => {
                    let said = lookup::not_found(conn, CodeTable::Members, "member", &l.member);
                    return Err(HubError::wrong("members", said));
                }
            };
            if let Some(left) = m.left {
                return Err(HubError::wrong(
                    "members",
                    format!(
                        "{} left the consortium on {}",
                        m.code,
                        crate::dates::display(left)
                    ),
                ));
            }
            if m.tier == Tier::Associate {
                associates.push(m.code.clone());
            }
            let line = PlanLine {
                member: m.code,
                units_per_month: l.units_per_month,
            };
            checks.push(headroom(conn, &o, &line)?);
            lines.push(line);
        }
        let before = delivery_plans::plan_of(conn, &o.code)?;
        if before == sorted(&lines) {
            return Err(HubError::Refused(format!(
                "nothing to change: {}'s delivery plan is already {}",
                o.code,
                lines_text(&before)
            )));
        }
        Ok(PlanPlan {
            request: PlanRequest {
                opportunity: OpportunityCode::new(o.code.clone()),
                lines,
            },
            opportunity: o,
            before,
            checks,
            associates,
        })
    }

    fn request_of(plan: &PlanPlan) -> &PlanRequest {
        &plan.request
    }

    fn sheet(p: &PlanPlan) -> Sheet {
        let o = &p.opportunity;
        let lines = &p.request.lines;
        let mut facts = vec![
            format!(
                "{} {} · {} · {}",
                o.code,
                o.title,
                o.service_line,
                o.stage.label()
            ),
            format!("plan: {} → {}", lines_text(&p.before), lines_text(lines)),
        ];
        if !lines.is_empty() {
            facts.push(format!(
                "{} members named for {} units a month in all",
                lines.len(),
                delivery_plan::total_units(lines)
            ));
        }
        if !p.associates.is_empty() {
            facts.push(format!(
                "{} an associate: it can take no sub-contract until it is a full member",
                p.associates.join(", ")
            ));
        }
        Sheet {
            title: format!("Delivery plan for {}", o.code),
            facts,
            checks: p.checks.clone(),
            writes: vec![format!("{}: delivery plan {}", o.code, lines_text(lines))],
            confirm_code: None,
        }
    }

    fn write(
        tx: &Connection,
        _by: &Decider,
        p: &PlanPlan,
        _why: &Why,
    ) -> Result<Written<PlanOutcome>> {
        let code = &p.opportunity.code;
        delivery_plans::set_plan(tx, code, &p.request.lines)?;
        let entry = Entry::new(AuditAction::DeliveryPlan, EntityRef::opportunity(code))
            .before(&serde_json::json!({ "plan": p.before }))
            .after(&serde_json::json!({ "plan": p.request.lines }));
        Ok(Written {
            outcome: PlanOutcome {
                opportunity: code.clone(),
                lines: p.request.lines.clone(),
            },
            audit: vec![entry],
        })
    }

    fn done(o: &PlanOutcome) -> String {
        if o.lines.is_empty() {
            return format!("{}'s delivery plan cleared", o.opportunity);
        }
        format!(
            "{}'s delivery plan recorded: {}",
            o.opportunity,
            lines_text(&o.lines)
        )
    }
}

/// Lines in the order the store reads them, by member code.
fn sorted(lines: &[PlanLine]) -> Vec<PlanLine> {
    let mut out = lines.to_vec();
    out.sort_by(|a, b| a.member.cmp(&b.member));
    out
}
