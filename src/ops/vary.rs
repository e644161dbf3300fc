//! A contract variation: a change to a prime contract agreed with the commissioner — a new gross
//! value, a new end date, or both — recorded with the date it was agreed and its reason. It is the
//! only way to raise what may be let; it may not bring the net below what is let already, nor
//! end the contract before a sub-contract under it ends.

use chrono::NaiveDate;
use rusqlite::Connection;
use rust_decimal::Decimal;
use serde::Serialize;

use super::Decider;
use super::common;
use super::decision::{Decision, Opening, Sheet, Spec, Why, Written};
use super::fields::{Field, FieldKind, Values};
use crate::domain::checks::{Check, Rule};
use crate::domain::prime::{ContractVariation, PrimeContract};
use crate::domain::{Entity, EntityRef, Opportunity, OpportunityCode, Stage};
use crate::error::{HubError, Problem, Result};
use crate::store::audit::{AuditAction, Entry};
use crate::store::{opportunities, prime};
use crate::{dates, money};

pub struct Vary;

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct VaryRequest {
    pub opportunity: OpportunityCode,
    /// The new gross value, if it changes.
    pub value: Option<Decimal>,
    /// The new end of the contract, if it changes.
    pub end: Option<NaiveDate>,
    /// The day the commissioner agreed it [default: today].
    pub agreed: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VaryPlan {
    pub request: VaryRequest,
    /// As read.
    pub opportunity: Opportunity,
    pub before: PrimeContract,
    pub after: PrimeContract,
    pub let_total: Decimal,
    /// The latest end of a sub-contract under it.
    pub latest_end: Option<NaiveDate>,
    pub variation: ContractVariation,
    pub checks: Vec<Check>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VaryOutcome {
    pub variation: ContractVariation,
    pub net: Decimal,
    pub unlet: Decimal,
}

static SPEC: Spec = Spec::new(
    "vary",
    "Vary the prime contract",
    "Record a contract variation agreed with the commissioner: a new value or end date",
    &["vary"],
    &[
        Field::new(
            "opportunity",
            "Opportunity",
            FieldKind::Code(Entity::Opportunity),
        )
        .help("The won opportunity whose contract changes")
        .required()
        .positional(),
        Field::new("value", "New gross value", FieldKind::Money)
            .help("The contract's new gross value in pounds [default: unchanged]"),
        Field::new("end", "New end date", FieldKind::Date)
            .help("The contract's new last day [default: unchanged]"),
        Field::new("agreed", "Agreed on", FieldKind::Date)
            .help("The day the commissioner agreed the variation [default: today]"),
    ],
)
.acting_on(Entity::Opportunity)
.keys(&["v"], "vary")
.typed();

fn refuse_unless_won(o: &Opportunity) -> Result<()> {
    if o.stage == Stage::Won {
        return Ok(());
    }
    Err(HubError::Refused(format!(
        "opportunity {} is at stage '{}'; only a won opportunity has a contract to vary",
        o.code,
        o.stage.label()
    )))
}

fn validate(r: &VaryRequest, today: NaiveDate) -> Result<()> {
    if r.value.is_none() && r.end.is_none() {
        return Err(HubError::wrong(
            "value",
            "give a new value, a new end date, or both".to_string(),
        ));
    }
    if let Some(v) = r.value
        && v <= Decimal::ZERO
    {
        return Err(HubError::field(
            "value",
            Problem::OutOfRange {
                value: money::display(v),
                allowed: "more than £0.00".into(),
            },
        ));
    }
    if let Some(a) = r.agreed
        && a > today
    {
        return Err(HubError::wrong(
            "agreed",
            format!(
                "{} is in the future: record a variation once it is agreed",
                dates::display(a)
            ),
        ));
    }
    Ok(())
}

/// The hard check: the net still covers what is let, and the contract still covers every
/// sub-contract's dates.
fn still_covers(after: &PrimeContract, let_total: Decimal, latest_end: Option<NaiveDate>) -> Check {
    let mut problems = Vec::new();
    if after.net < let_total {
        problems.push(format!(
            "the net {} would be less than the {} let already",
            money::display(after.net),
            money::display(let_total)
        ));
    }
    if let Some(e) = latest_end.filter(|e| *e > after.end) {
        problems.push(format!(
            "a sub-contract runs to {}, after the new end {}",
            dates::display(e),
            dates::display(after.end)
        ));
    }
    if after.end < after.start {
        problems.push(format!(
            "the new end {} is before the contract starts on {}",
            dates::display(after.end),
            dates::display(after.start)
        ));
    }
    if problems.is_empty() {
        Check::new(
            Rule::WithinPrime,
            true,
            format!(
                "net {} covers the {} let; {} covers every sub-contract",
                money::display(after.net),
                money::display(let_total),
                after.period()
            ),
        )
    } else {
        Check::new(Rule::WithinPrime, false, problems.join("; "))
    }
}

impl Decision for Vary {
    type Request = VaryRequest;
    type Plan = VaryPlan;
    type Outcome = VaryOutcome;

    fn spec() -> &'static Spec {
        &SPEC
    }

    fn request(v: &Values) -> Result<VaryRequest> {
        Ok(VaryRequest {
            opportunity: v.code("opportunity")?,
            value: v.opt_money("value")?,
            end: v.opt_date("end")?,
            agreed: v.opt_date("agreed")?,
        })
    }

    fn open(conn: &Connection, _by: &Decider, subject: Option<&EntityRef>) -> Result<Opening> {
        let code = subject.map(|s| s.code.as_str()).unwrap_or_default();
        let o = common::opportunity(conn, code)?;
        refuse_unless_won(&o)?;
        let (p, let_total) = super::prime::prime_and_let(conn, &o)?;
        Ok(Opening {
            context: vec![format!(
                "{} · gross {} · net {} · let {} · {}",
                o.code,
                money::display(p.gross),
                money::display(p.net),
                money::display(let_total),
                p.period()
            )],
            prefill: Values::default().with("opportunity", code),
        })
    }

    fn plan(conn: &Connection, by: &Decider, r: &VaryRequest) -> Result<VaryPlan> {
        validate(r, by.today())?;
        let o = common::opportunity(conn, &r.opportunity)?;
        refuse_unless_won(&o)?;
        let (before, let_total) = super::prime::prime_and_let(conn, &o)?;
        let varied = Opportunity {
            value: r.value.unwrap_or(o.value),
            ..o.clone()
        };
        let end = r.end.unwrap_or(before.end);
        let after = PrimeContract::of(&varied, Some((before.start, end)));
        let latest_end = prime::subcontracts_of(conn, &o.code)?
            .iter()
            .map(|s| s.end)
            .max();
        let variation = ContractVariation {
            opportunity: o.code.clone(),
            agreed: r.agreed.unwrap_or(by.today()),
            value_before: before.gross,
            value_after: after.gross,
            end_before: before.end,
            end_after: after.end,
            reason: String::new(),
        };
        Ok(VaryPlan {
            request: VaryRequest {
                opportunity: OpportunityCode::new(o.code.clone()),
                ..r.clone()
            },
            checks: vec![still_covers(&after, let_total, latest_end)],
            opportunity: o,
            before,
            after,
            let_total,
            latest_end,
            variation,
        })
    }

    fn request_of(plan: &VaryPlan) -> &VaryRequest {
        &plan.request
    }

    fn sheet(p: &VaryPlan) -> Sheet {
        let (b, a) = (&p.before, &p.after);
        Sheet {
            title: format!("Vary {} ({})", p.opportunity.code, p.opportunity.title),
            facts: vec![
                format!(
                    "gross {} → {}; top slice {}% = {}; net {} → {}",
                    money::display(b.gross),
                    money::display(a.gross),
                    a.top_slice_pct.normalize(),
                    money::display(a.top_slice),
                    money::display(b.net),
                    money::display(a.net)
                ),
                format!(
                    "let {}; unlet {} → {}",
                    money::display(p.let_total),
                    money::display(b.net - p.let_total),
                    money::display(a.net - p.let_total)
                ),
                format!("period {} → {}", b.period(), a.period()),
            ],
            checks: p.checks.clone(),
            writes: vec![
                format!(
                    "a variation agreed {}, with the reason given",
                    dates::display(p.variation.agreed)
                ),
                format!(
                    "{}: value {} → {}, contract {}",
                    p.opportunity.code,
                    money::display(b.gross),
                    money::display(a.gross),
                    a.period()
                ),
            ],
            confirm_code: Some(p.opportunity.code.clone()),
        }
    }

    fn write(
        tx: &Connection,
        _by: &Decider,
        p: &VaryPlan,
        why: &Why,
    ) -> Result<Written<VaryOutcome>> {
        let o = &p.opportunity;
        let ok = opportunities::set_value(tx, &o.code, p.after.gross, o.row_version)?;
        common::matched(ok, "opportunity", &o.code)?;
        prime::set_period(tx, &o.code, p.after.start, p.after.end)?;
        let variation = ContractVariation {
            reason: why.reason.clone(),
            ..p.variation.clone()
        };
        prime::insert_variation(tx, &variation)?;
        let entry = Entry::new(AuditAction::Vary, EntityRef::opportunity(&o.code))
            .before(&serde_json::json!({ "prime": p.before, "row_version": o.row_version }))
            .after(&serde_json::json!({
                "prime": p.after,
                "variation": variation,
                "row_version": o.row_version + 1,
            }));
        Ok(Written {
            outcome: VaryOutcome {
                variation,
                net: p.after.net,
                unlet: p.after.net - p.let_total,
            },
            audit: vec![entry],
        })
    }

    fn done(o: &VaryOutcome) -> String {
        format!(
            "{} varied: value {} → {}, ends {}; net {}, unlet {}",
            o.variation.opportunity,
            money::display(o.variation.value_before),
            money::display(o.variation.value_after),
            dates::display(o.variation.end_after),
            money::display(o.net),
            money::display(o.unlet)
        )
    }
}
