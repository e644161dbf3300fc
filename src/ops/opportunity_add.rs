//! A new opportunity recorded from a notice or a conversation: its commissioner, service line,
//! kind, deadline, value, duration, payment model and top slice; it starts identified, with the
//! next free code.

use chrono::NaiveDate;
use rusqlite::Connection;
use rust_decimal::Decimal;
use serde::Serialize;

use super::Decider;
use super::decision::{Decision, Sheet, Spec, Why, Written};
use super::fields::{Field, FieldKind, Values};
use crate::domain::{Entity, EntityRef, Opportunity, OpportunityKind, PaymentModel, Stage};
use crate::error::{HubError, Problem, Result};
use crate::store::audit::{AuditAction, Entry};
use crate::store::{members, opportunities, subcontracts};
use crate::{dates, money};

pub struct AddOpportunity;

pub(super) fn kinds() -> Vec<(&'static str, &'static str)> {
    OpportunityKind::ALL
        .iter()
        .map(|k| (k.code(), k.label()))
        .collect()
}

pub(super) const TITLE: Field =
    Field::new("title", "Title", FieldKind::Text).help("What the notice calls it");
pub(super) const COMMISSIONER: Field = Field::new("commissioner", "Commissioner", FieldKind::Text)
    .help("The commissioner's code (KMBC, DWP, …; any case)");
pub(super) const SERVICE_LINE: Field = Field::new("service_line", "Service line", FieldKind::Text)
    .help("The service line, as members' capacity names it (any case)");
pub(super) const KIND: Field = Field::new("kind", "Kind", FieldKind::Choice(kinds)).help(
    "tender, grant, framework_call_off, right_to_challenge or self_generated [default: tender]",
);
pub(super) const DEADLINE: Field =
    Field::new("deadline", "Deadline", FieldKind::Date).help("The submission deadline");
pub(super) const VALUE: Field =
    Field::new("value", "Value", FieldKind::Money).help("Its gross value in pounds");
pub(super) const MONTHS: Field = Field::new("months", "Duration (months)", FieldKind::Count)
    .help("How long the contract runs, in months");
pub(super) const PAYMENT_MODEL: Field = Field::new(
    "payment_model",
    "Payment model",
    FieldKind::Choice(super::award::payment_models),
)
.help("block, payment_by_results, hybrid or grant [default: block]");
pub(super) const TOP_SLICE: Field = Field::new("top_slice", "Top slice %", FieldKind::Text)
    .help("The hub's top slice in per cent [default: 5]");

static SPEC: Spec = Spec::new(
    "opportunity_add",
    "Record a new opportunity",
    "Record a new opportunity at stage identified: commissioner, service line, kind, deadline, value, duration, payment model and top slice",
    &["opportunity", "add"],
    &[
        TITLE.required(),
        COMMISSIONER.required(),
        SERVICE_LINE.required(),
        KIND,
        DEADLINE.required(),
        VALUE.required(),
        MONTHS.required(),
        PAYMENT_MODEL,
        TOP_SLICE,
    ],
)
.offered_on(Entity::Opportunity)
.keys(&["n"], "");

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct AddRequest {
    pub title: String,
    pub commissioner: String,
    pub service_line: String,
    pub kind: Option<OpportunityKind>,
    pub deadline: NaiveDate,
    pub value: Decimal,
    pub months: u32,
    pub payment_model: Option<PaymentModel>,
    pub top_slice: Option<Decimal>,
    /// The code it will have, once planned.
    pub code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AddPlan {
    pub request: AddRequest,
    pub opportunity: Opportunity,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AddOutcome {
    pub opportunity: Opportunity,
}

/// The top slice typed, in per cent (`5`, `5%`, `7.5`).
pub(super) fn top_slice(v: &Values) -> Result<Option<Decimal>> {
    v.opt_text("top_slice")
        .map(|t| {
            t.trim()
                .trim_end_matches('%')
                .parse::<Decimal>()
                .map_err(|_| HubError::wrong("top_slice", format!("'{t}' is not a percentage")))
        })
        .transpose()
}

/// The commissioner's code as stored, for one typed in any case.
pub(super) fn commissioner(conn: &Connection, typed: &str) -> Result<String> {
    let all = opportunities::load_commissioners(conn)?;
    if let Some(c) = all.iter().find(|c| c.code.eq_ignore_ascii_case(typed)) {
        return Ok(c.code.clone());
    }
    let known: Vec<&str> = all.iter().map(|c| c.code.as_str()).collect();
    Err(HubError::wrong(
        "commissioner",
        format!(
            "no commissioner with code '{typed}' (they are: {})",
            known.join(", ")
        ),
    ))
}

/// The service line as members' capacity names it, for one typed in any case.
pub(super) fn service_line(conn: &Connection, typed: &str) -> Result<String> {
    let lines = members::service_lines(conn)?;
    lines
        .iter()
        .find(|l| l.eq_ignore_ascii_case(typed))
        .cloned()
        .ok_or_else(|| {
            HubError::wrong(
                "service_line",
                format!(
                    "'{typed}' is not a service line on record (they are: {})",
                    lines.join(", ")
                ),
            )
        })
}

pub(super) fn refuse_bad_value(value: Decimal) -> Result<()> {
    if value <= Decimal::ZERO {
        return Err(HubError::field(
            "value",
            Problem::OutOfRange {
                value: money::display(value),
                allowed: "more than £0.00".into(),
            },
        ));
    }
    Ok(())
}

pub(super) fn refuse_bad_months(months: u32) -> Result<()> {
    if months == 0 || months > 240 {
        return Err(HubError::field(
            "months",
            Problem::OutOfRange {
                value: months.to_string(),
                allowed: "1 to 240".into(),
            },
        ));
    }
    Ok(())
}

pub(super) fn refuse_bad_top_slice(pct: Decimal) -> Result<()> {
    if pct < Decimal::ZERO || pct >= Decimal::ONE_HUNDRED {
        return Err(HubError::field(
            "top_slice",
            Problem::OutOfRange {
                value: format!("{}%", pct.normalize()),
                allowed: "0% up to (not including) 100%".into(),
            },
        ));
    }
    Ok(())
}

impl Decision for AddOpportunity {
    type Request = AddRequest;
    type Plan = AddPlan;
    type Outcome = AddOutcome;

    fn spec() -> &'static Spec {
        &SPEC
    }

    fn request(v: &Values) -> Result<AddRequest> {
        let top_slice = top_slice(v)?;
        Ok(AddRequest {
            title: v.text("title")?.trim().to_string(),
            commissioner: v.text("commissioner")?.trim().to_string(),
            service_line: v.text("service_line")?.trim().to_string(),
            kind: v.opt_choice("kind")?,
            deadline: v.date("deadline")?,
            value: v.money("value")?,
            months: v.count("months")?,
            payment_model: v.opt_choice("payment_model")?,
            top_slice,
            code: None,
        })
    }

    fn plan(conn: &Connection, _by: &Decider, r: &AddRequest) -> Result<AddPlan> {
        if r.title.is_empty() {
            return Err(HubError::missing("title"));
        }
        let commissioner = commissioner(conn, &r.commissioner)?;
        let line = service_line(conn, &r.service_line)?;
        refuse_bad_value(r.value)?;
        refuse_bad_months(r.months)?;
        let pct = r.top_slice.unwrap_or(Decimal::from(5));
        refuse_bad_top_slice(pct)?;
        let code = match &r.code {
            Some(c) => c.clone(),
            None => subcontracts::next_opportunity_code(conn)?,
        };
        let opportunity = Opportunity {
            code: code.clone(),
            title: r.title.clone(),
            commissioner,
            service_line: line,
            kind: r.kind.unwrap_or(OpportunityKind::Tender),
            stage: Stage::Identified,
            deadline: r.deadline,
            value: r.value,
            duration_months: r.months,
            payment_model: r.payment_model.unwrap_or(PaymentModel::Block),
            top_slice_pct: pct,
            bid_score: None,
            decision: None,
            decision_reason: None,
            award_route: None,
            row_version: 1,
        };
        Ok(AddPlan {
            request: AddRequest {
                code: Some(code),
                ..r.clone()
            },
            opportunity,
        })
    }

    fn request_of(plan: &AddPlan) -> &AddRequest {
        &plan.request
    }

    fn sheet(p: &AddPlan) -> Sheet {
        let o = &p.opportunity;
        Sheet {
            title: format!("Record opportunity {}", o.code),
            facts: vec![
                format!("{} — {} for {}", o.code, o.title, o.commissioner),
                format!(
                    "{} · {} · deadline {} · {} over {} months · {} · top slice {}%",
                    o.service_line,
                    o.kind.label(),
                    dates::display(o.deadline),
                    money::display(o.value),
                    o.duration_months,
                    o.payment_model.label(),
                    o.top_slice_pct.normalize()
                ),
            ],
            checks: Vec::new(),
            writes: vec![format!("opportunity {} at stage identified", o.code)],
            confirm_code: None,
        }
    }

    fn write(
        tx: &Connection,
        _by: &Decider,
        p: &AddPlan,
        _why: &Why,
    ) -> Result<Written<AddOutcome>> {
        opportunities::insert_opportunity(tx, &p.opportunity)?;
        let entry = Entry::new(
            AuditAction::OpportunityAdd,
            EntityRef::opportunity(&p.opportunity.code),
        )
        .after(&serde_json::json!({ "opportunity": p.opportunity }));
        Ok(Written {
            outcome: AddOutcome {
                opportunity: p.opportunity.clone(),
            },
            audit: vec![entry],
        })
    }

    fn done(o: &AddOutcome) -> String {
        format!(
            "opportunity {} recorded: {}, deadline {}",
            o.opportunity.code,
            o.opportunity.title,
            dates::display(o.opportunity.deadline)
        )
    }
}
