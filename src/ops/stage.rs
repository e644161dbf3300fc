//! An opportunity moved on through its stages, with the date: identified → PQQ/EOI → ITT →
//! submitted → won or lost, or no-bid / withdrawn while it is open. Never backwards, never out
//! of a closed stage. A win captures the prime contract (its start, end, final value, top slice
//! and payment model: the ledger's input); a loss captures the commissioner's feedback.

use chrono::NaiveDate;
use rusqlite::Connection;
use rust_decimal::Decimal;
use serde::Serialize;

use super::Decider;
use super::common;
use super::decision::{Decision, Opening, Sheet, Spec, Why, Written};
use super::fields::{Field, FieldKind, Values};
use crate::domain::prime::{self, PrimeContract};
use crate::domain::{Entity, EntityRef, Opportunity, OpportunityCode, PaymentModel, Stage};
use crate::error::{HubError, Problem, Result};
use crate::store::audit::{AuditAction, Entry};
use crate::{dates, money, store};

pub struct AdvanceStage;

fn stages() -> Vec<(&'static str, &'static str)> {
    Stage::ALL.iter().map(|s| (s.code(), s.label())).collect()
}

static SPEC: Spec = Spec::new(
    "stage",
    "Move an opportunity on",
    "Move an opportunity to its next stage with the date; a win records the prime contract, a loss the feedback",
    &["opportunity", "advance"],
    &[
        Field::new("opportunity", "Opportunity", FieldKind::Code(Entity::Opportunity))
            .help("The opportunity")
            .required()
            .positional(),
        Field::new("to", "New stage", FieldKind::Choice(stages))
            .help("pre_qualification, invitation_to_tender, submitted, won, lost, no_bid or withdrawn")
            .required(),
        Field::new("on", "On", FieldKind::Date).help("The day it moved [default: today]"),
        Field::new("value", "Contract value (won)", FieldKind::Money)
            .help("Won: the contract's final gross value [default: the value on record]"),
        Field::new("top_slice", "Top slice % (won)", FieldKind::Text)
            .help("Won: the hub's top slice in per cent [default: the one on record]"),
        Field::new("start", "Contract start (won)", FieldKind::Date)
            .help("Won: the contract's first day [default: the 1st of the third month after the deadline]"),
        Field::new("end", "Contract end (won)", FieldKind::Date)
            .help("Won: the contract's last day [default: start plus the duration on record]"),
        Field::new("payment_model", "Payment model (won)", FieldKind::Choice(super::award::payment_models))
            .help("Won: block, payment_by_results, hybrid or grant [default: the one on record]"),
        Field::new("feedback", "Feedback (lost)", FieldKind::Text)
            .help("Lost: what the commissioner said about the bid"),
    ],
)
.acting_on(Entity::Opportunity)
.keys(&["S"], "");

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct StageRequest {
    pub opportunity: OpportunityCode,
    pub to: Stage,
    pub on: Option<NaiveDate>,
    pub value: Option<Decimal>,
    pub top_slice: Option<Decimal>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub payment_model: Option<PaymentModel>,
    pub feedback: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StagePlan {
    pub request: StageRequest,
    /// As read.
    pub opportunity: Opportunity,
    /// As it will be.
    pub after: Opportunity,
    pub on: NaiveDate,
    /// A win's prime contract.
    pub prime: Option<PrimeContract>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageOutcome {
    pub opportunity: String,
    pub from: Stage,
    pub to: Stage,
    pub on: NaiveDate,
}

/// The stages an opportunity at `from` may move to.
pub fn next_stages(from: Stage) -> &'static [Stage] {
    use Stage::*;
    match from {
        Identified => &[PreQualification, InvitationToTender, NoBid, Withdrawn],
        PreQualification => &[InvitationToTender, Lost, NoBid, Withdrawn],
        InvitationToTender => &[Submitted, NoBid, Withdrawn],
        Submitted => &[Won, Lost, Withdrawn],
        Won | Lost | NoBid | Withdrawn => &[],
    }
}

fn refuse_move(o: &Opportunity, to: Stage) -> Result<()> {
    let allowed = next_stages(o.stage);
    if allowed.contains(&to) {
        return Ok(());
    }
    let said = if allowed.is_empty() {
        format!("'{}' is where it ends", o.stage.label())
    } else {
        format!(
            "from '{}' it may move to {}",
            o.stage.label(),
            allowed
                .iter()
                .map(|s| s.label())
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    Err(HubError::wrong(
        "to",
        format!(
            "{} cannot move from '{}' to '{}': {said}",
            o.code,
            o.stage.label(),
            to.label()
        ),
    ))
}

/// The opportunity as a win leaves it, and its prime contract.
fn won(o: &Opportunity, r: &StageRequest) -> Result<(Opportunity, PrimeContract)> {
    let value = r.value.unwrap_or(o.value);
    if value <= Decimal::ZERO {
        return Err(HubError::field(
            "value",
            Problem::OutOfRange {
                value: money::display(value),
                allowed: "more than £0.00".into(),
            },
        ));
    }
    let pct = r.top_slice.unwrap_or(o.top_slice_pct);
    if pct < Decimal::ZERO || pct >= Decimal::ONE_HUNDRED {
        return Err(HubError::field(
            "top_slice",
            Problem::OutOfRange {
                value: format!("{}%", pct.normalize()),
                allowed: "0% up to (not including) 100%".into(),
            },
        ));
    }
    let (usual_start, _) = prime::usual_period(o);
    let start = r.start.unwrap_or(usual_start);
    let end = r.end.unwrap_or_else(|| {
        dates::add_months(start, o.duration_months)
            .pred_opt()
            .unwrap_or(start)
    });
    if end < start {
        return Err(HubError::wrong(
            "end",
            format!(
                "{} is before the start, {}",
                dates::display(end),
                dates::display(start)
            ),
        ));
    }
    let after = Opportunity {
        stage: Stage::Won,
        value,
        top_slice_pct: pct,
        payment_model: r.payment_model.unwrap_or(o.payment_model),
        duration_months: dates::months_spanned(start, end).max(1),
        ..o.clone()
    };
    let p = PrimeContract::of(&after, Some((start, end)));
    Ok((after, p))
}

impl Decision for AdvanceStage {
    type Request = StageRequest;
    type Plan = StagePlan;
    type Outcome = StageOutcome;

    fn spec() -> &'static Spec {
        &SPEC
    }

    fn request(v: &Values) -> Result<StageRequest> {
        let top_slice =
            match v.opt_text("top_slice") {
                None => None,
                Some(t) => Some(t.trim().trim_end_matches('%').parse::<Decimal>().map_err(
                    |_| HubError::wrong("top_slice", format!("'{t}' is not a percentage")),
                )?),
            };
        Ok(StageRequest {
            opportunity: v.code("opportunity")?,
            to: v.choice("to")?,
            on: v.opt_date("on")?,
            value: v.opt_money("value")?,
            top_slice,
            start: v.opt_date("start")?,
            end: v.opt_date("end")?,
            payment_model: v.opt_choice("payment_model")?,
            feedback: v.opt_text("feedback").filter(|f| !f.trim().is_empty()),
        })
    }

    fn open(conn: &Connection, _by: &Decider, subject: Option<&EntityRef>) -> Result<Opening> {
        let code = subject.map(|s| s.code.as_str()).unwrap_or_default();
        let o = common::opportunity(conn, code)?;
        let next = next_stages(o.stage);
        let mut prefill = Values::default().with("opportunity", &o.code);
        if let Some(first) = next.first() {
            prefill.set("to", first.code());
        }
        Ok(Opening {
            context: vec![format!(
                "{} {} · {} · deadline {} · {}",
                o.code,
                o.title,
                o.stage.label(),
                dates::display(o.deadline),
                money::display(o.value)
            )],
            prefill,
        })
    }

    fn plan(conn: &Connection, by: &Decider, r: &StageRequest) -> Result<StagePlan> {
        let o = common::opportunity(conn, &r.opportunity)?;
        refuse_move(&o, r.to)?;
        let on = r.on.unwrap_or(by.today());
        if on > by.today() {
            return Err(HubError::wrong(
                "on",
                format!(
                    "{} is in the future: record a move once it has happened",
                    dates::display(on)
                ),
            ));
        }
        let (after, prime) = match r.to {
            Stage::Won => {
                let (after, p) = won(&o, r)?;
                (after, Some(p))
            }
            to => (
                Opportunity {
                    stage: to,
                    ..o.clone()
                },
                None,
            ),
        };
        if r.to == Stage::Lost && r.feedback.is_none() {
            return Err(HubError::missing("feedback"));
        }
        Ok(StagePlan {
            request: StageRequest {
                opportunity: OpportunityCode::new(o.code.clone()),
                ..r.clone()
            },
            opportunity: o,
            after,
            on,
            prime,
        })
    }

    fn request_of(plan: &StagePlan) -> &StageRequest {
        &plan.request
    }

    fn sheet(p: &StagePlan) -> Sheet {
        let o = &p.opportunity;
        let mut facts = vec![format!(
            "{}: {} → {} on {}",
            o.code,
            o.stage.label(),
            p.after.stage.label(),
            dates::display(p.on)
        )];
        let mut writes = vec![format!("{}: stage {}", o.code, p.after.stage.code())];
        if let Some(c) = &p.prime {
            facts.push(format!(
                "prime contract {}: gross {}, top slice {}% = {}, net {}, {}",
                c.period(),
                money::display(c.gross),
                c.top_slice_pct.normalize(),
                money::display(c.top_slice),
                money::display(c.net),
                c.payment_model.label()
            ));
            writes.push(format!("the prime contract, {}", c.period()));
        }
        if let Some(f) = &p.request.feedback {
            facts.push(format!("feedback: {f}"));
        }
        Sheet {
            title: format!("Move {} ({}) on", o.code, o.title),
            facts,
            checks: Vec::new(),
            writes,
            confirm_code: None,
        }
    }

    fn write(
        tx: &Connection,
        _by: &Decider,
        p: &StagePlan,
        _why: &Why,
    ) -> Result<Written<StageOutcome>> {
        let o = &p.opportunity;
        let ok = store::opportunities::advance(tx, &p.after, o.row_version)?;
        common::matched(ok, "opportunity", &o.code)?;
        if let Some(c) = &p.prime {
            store::prime::set_period(tx, &o.code, c.start, c.end)?;
        }
        let entry = Entry::new(AuditAction::Stage, EntityRef::opportunity(&o.code))
            .before(&serde_json::json!({ "opportunity": o }))
            .after(&serde_json::json!({
                "opportunity": Opportunity { row_version: o.row_version + 1, ..p.after.clone() },
                "on": p.on,
                "prime": p.prime,
                "feedback": p.request.feedback,
            }));
        Ok(Written {
            outcome: StageOutcome {
                opportunity: o.code.clone(),
                from: o.stage,
                to: p.after.stage,
                on: p.on,
            },
            audit: vec![entry],
        })
    }

    fn done(o: &StageOutcome) -> String {
        format!(
            "{} moved from {} to {} on {}",
            o.opportunity,
            o.from.label(),
            o.to.label(),
            dates::display(o.on)
        )
    }
}
