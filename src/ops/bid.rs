//! The bid/no-bid screen as a decision: the pass/fail gates (eligibility, capacity, conflicts,
//! cost to bid) and the weighted score give the recommended decision (the thresholds in
//! `[rules]`: bid at 70 or more, review at 50–69, no bid below 50 by default; a failed gate
//! recommends no bid). Deciding against the recommendation, or to bid with a gate failed, or to
//! bid when the hub's writing capacity is already taken in that fortnight, fails a check that
//! needs a written override; the tenders pane marks a decision against its score's
//! recommendation with ≠.

use chrono::{Duration, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;

use super::Decider;
use super::common;
use super::decision::{Decision, Opening, Sheet, Spec, Why, Written};
use super::fields::{Field, FieldKind, Values};
use crate::dates;
use crate::domain::checks::{Check, Rule};
use crate::domain::{BidDecision, Entity, EntityRef, Opportunity, OpportunityCode};
use crate::error::{HubError, Problem, Result};
use crate::store::audit::{AuditAction, Entry};
use crate::store::opportunities;

pub struct DecideBid;

/// The screen's pass/fail gates.
pub const GATES: [&str; 4] = ["eligibility", "capacity", "conflicts", "cost_to_bid"];

fn decisions() -> Vec<(&'static str, &'static str)> {
    BidDecision::ALL
        .iter()
        .map(|d| (d.code(), d.label()))
        .collect()
}

static SPEC: Spec = Spec::new(
    "bid",
    "Decide bid or no bid",
    "Record the bid/no-bid screen: the gates, the weighted score and the decision, against the recommendation the thresholds give",
    &["opportunity", "bid"],
    &[
        Field::new("opportunity", "Opportunity", FieldKind::Code(Entity::Opportunity))
            .help("The opportunity being screened")
            .required()
            .positional(),
        Field::new("score", "Weighted score", FieldKind::Count)
            .help("The screen's weighted score, 0–100")
            .required(),
        Field::new("failed_gates", "Gates failed", FieldKind::Text)
            .help("Gates it fails, separated by commas: eligibility, capacity, conflicts, cost_to_bid [default: none]"),
        Field::new("decision", "Decision", FieldKind::Choice(decisions))
            .help("bid, review or no_bid [default: the recommendation]"),
    ],
)
.acting_on(Entity::Opportunity)
.keys(&["b"], "")
.overridable();

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct BidRequest {
    pub opportunity: OpportunityCode,
    pub score: u32,
    pub failed_gates: Vec<String>,
    pub decision: Option<BidDecision>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BidPlan {
    pub request: BidRequest,
    pub opportunity: Opportunity,
    pub recommended: BidDecision,
    pub decision: BidDecision,
    /// Other open opportunities decided "bid" with deadlines within a week of this one's.
    pub bunched: Vec<String>,
    pub checks: Vec<Check>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BidOutcome {
    pub opportunity: String,
    pub score: u8,
    pub decision: BidDecision,
    pub recommended: BidDecision,
}

fn gates_of(text: &str) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for g in text
        .split(',')
        .map(|g| g.trim().to_lowercase())
        .filter(|g| !g.is_empty())
    {
        if !GATES.contains(&g.as_str()) {
            return Err(HubError::wrong(
                "failed_gates",
                format!("'{g}' is not a gate (the gates are: {})", GATES.join(", ")),
            ));
        }
        if !out.contains(&g) {
            out.push(g);
        }
    }
    Ok(out)
}

/// Open opportunities other than `o` decided "bid" whose deadlines fall within a week of `o`'s.
fn bunched(conn: &Connection, o: &Opportunity) -> Result<Vec<String>> {
    let near = |d: NaiveDate| (d - o.deadline).num_days().abs() <= Duration::days(7).num_days();
    Ok(opportunities::load_opportunities(conn)?
        .into_iter()
        .filter(|x| x.code != o.code && x.stage.is_open())
        .filter(|x| x.decision == Some(BidDecision::Bid) && near(x.deadline))
        .map(|x| format!("{} ({})", x.code, dates::display(x.deadline)))
        .collect())
}

fn checks(p: &BidPlan, rules: &crate::domain::Rules) -> Vec<Check> {
    let per_fortnight = rules.bids_per_fortnight;
    let mut out = Vec::new();
    let gates_ok = p.request.failed_gates.is_empty() || p.decision == BidDecision::NoBid;
    out.push(Check::new(
        Rule::BidScreen,
        gates_ok,
        if p.request.failed_gates.is_empty() {
            "every gate passed: eligibility, capacity, conflicts, cost to bid".into()
        } else {
            format!(
                "gates failed: {}; a failed gate recommends no bid",
                p.request.failed_gates.join(", ")
            )
        },
    ));
    let basis = if p.request.failed_gates.is_empty() {
        format!(
            "score {} recommends {} (bid at {} or more, review at {} or more)",
            p.request.score,
            p.recommended.label().to_lowercase(),
            rules.bid_threshold,
            rules.review_threshold
        )
    } else {
        format!(
            "a gate failed, so no bid is recommended whatever the score ({})",
            p.request.score
        )
    };
    out.push(Check::new(
        Rule::BidScreen,
        p.decision == p.recommended,
        format!("{basis}; decided {}", p.decision.label().to_lowercase()),
    ));
    if p.decision == BidDecision::Bid {
        let n = p.bunched.len() as u32 + 1;
        out.push(Check::new(
            Rule::BidScreen,
            n <= per_fortnight,
            if p.bunched.is_empty() {
                "no other bid due within a week of this one".into()
            } else {
                format!(
                    "{n} bids due within a week either side of {} ({}), against {per_fortnight} the hub can write in a fortnight",
                    dates::display(p.opportunity.deadline),
                    p.bunched.join(", ")
                )
            },
        ));
    }
    out
}

impl Decision for DecideBid {
    type Request = BidRequest;
    type Plan = BidPlan;
    type Outcome = BidOutcome;

    fn spec() -> &'static Spec {
        &SPEC
    }

    fn request(v: &Values) -> Result<BidRequest> {
        Ok(BidRequest {
            opportunity: v.code("opportunity")?,
            score: v.count("score")?,
            failed_gates: gates_of(&v.opt_text("failed_gates").unwrap_or_default())?,
            decision: v.opt_choice("decision")?,
        })
    }

    fn open(conn: &Connection, _by: &Decider, subject: Option<&EntityRef>) -> Result<Opening> {
        let code = subject.map(|s| s.code.as_str()).unwrap_or_default();
        let o = common::opportunity(conn, code)?;
        let mut prefill = Values::default().with("opportunity", &o.code);
        if let Some(s) = o.bid_score {
            prefill.set("score", &s.to_string());
        }
        Ok(Opening {
            context: vec![format!(
                "{} {} · {} · deadline {}",
                o.code,
                o.title,
                o.stage.label(),
                dates::display(o.deadline)
            )],
            prefill,
        })
    }

    fn plan(conn: &Connection, by: &Decider, r: &BidRequest) -> Result<BidPlan> {
        let o = common::opportunity(conn, &r.opportunity)?;
        if !o.stage.is_open() {
            return Err(HubError::Refused(format!(
                "{} is {}: the bid/no-bid screen is for an opportunity still being pursued",
                o.code,
                o.stage.label()
            )));
        }
        let score = u8::try_from(r.score)
            .ok()
            .filter(|s| *s <= 100)
            .ok_or_else(|| {
                HubError::field(
                    "score",
                    Problem::OutOfRange {
                        value: r.score.to_string(),
                        allowed: "0 to 100".into(),
                    },
                )
            })?;
        let recommended = if r.failed_gates.is_empty() {
            by.rules().recommend(score)
        } else {
            BidDecision::NoBid
        };
        let decision = r.decision.unwrap_or(recommended);
        let mut plan = BidPlan {
            request: BidRequest {
                opportunity: OpportunityCode::new(o.code.clone()),
                ..r.clone()
            },
            bunched: bunched(conn, &o)?,
            opportunity: o,
            recommended,
            decision,
            checks: Vec::new(),
        };
        plan.checks = checks(&plan, by.rules());
        Ok(plan)
    }

    fn request_of(plan: &BidPlan) -> &BidRequest {
        &plan.request
    }

    fn sheet(p: &BidPlan) -> Sheet {
        Sheet {
            title: format!(
                "Bid or no bid: {} ({})",
                p.opportunity.code, p.opportunity.title
            ),
            facts: vec![format!(
                "score {}; recommended {}; decided {}",
                p.request.score,
                p.recommended.label().to_lowercase(),
                p.decision.label().to_lowercase()
            )],
            checks: p.checks.clone(),
            writes: vec![format!(
                "{}: score {}, decision {}, with the reason given",
                p.opportunity.code,
                p.request.score,
                p.decision.code()
            )],
            confirm_code: None,
        }
    }

    fn write(
        tx: &Connection,
        _by: &Decider,
        p: &BidPlan,
        why: &Why,
    ) -> Result<Written<BidOutcome>> {
        let o = &p.opportunity;
        let score = u8::try_from(p.request.score).unwrap_or(100);
        let ok =
            opportunities::set_bid(tx, &o.code, score, p.decision, &why.reason, o.row_version)?;
        common::matched(ok, "opportunity", &o.code)?;
        let entry = Entry::new(AuditAction::Bid, EntityRef::opportunity(&o.code))
            .before(&serde_json::json!({
                "bid_score": o.bid_score,
                "decision": o.decision,
                "decision_reason": o.decision_reason,
            }))
            .after(&serde_json::json!({
                "bid_score": score,
                "decision": p.decision,
                "recommended": p.recommended,
                "failed_gates": p.request.failed_gates,
                "bunched": p.bunched,
            }));
        Ok(Written {
            outcome: BidOutcome {
                opportunity: o.code.clone(),
                score,
                decision: p.decision,
                recommended: p.recommended,
            },
            audit: vec![entry],
        })
    }

    fn done(o: &BidOutcome) -> String {
        let against = if o.decision == o.recommended {
            String::new()
        } else {
            format!(
                " (against the recommended {})",
                o.recommended.label().to_lowercase()
            )
        };
        format!(
            "{}: {} on a score of {}{against}",
            o.opportunity,
            o.decision.label().to_lowercase(),
            o.score
        )
    }
}
