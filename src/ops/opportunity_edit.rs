//! An open opportunity's details corrected or updated from a revised notice: title,
//! commissioner, service line, kind, deadline, value, duration, payment model and top slice; what
//! is not given stays. A won opportunity's value and end change by variation (`vary`); a closed
//! one is history.

use chrono::NaiveDate;
use rusqlite::Connection;
use rust_decimal::Decimal;
use serde::Serialize;

use super::Decider;
use super::common;
use super::decision::{Decision, Opening, Sheet, Spec, Why, Written};
use super::fields::{Field, FieldKind, Values};
use super::opportunity_add::{
    self as add, COMMISSIONER, DEADLINE, KIND, MONTHS, PAYMENT_MODEL, SERVICE_LINE, TITLE,
    TOP_SLICE, VALUE,
};
use crate::domain::{
    Entity, EntityRef, Opportunity, OpportunityCode, OpportunityKind, PaymentModel,
};
use crate::error::{HubError, Result};
use crate::store::audit::{AuditAction, Entry};
use crate::store::opportunities;
use crate::{dates, money};

pub struct EditOpportunity;

static SPEC: Spec = Spec::new(
    "opportunity_edit",
    "Edit an opportunity",
    "Correct an open opportunity's details or update them from a revised notice; what is not given stays as it is",
    &["opportunity", "edit"],
    &[
        Field::new("opportunity", "Opportunity", FieldKind::Code(Entity::Opportunity))
            .help("The opportunity")
            .required()
            .positional(),
        TITLE,
        COMMISSIONER,
        SERVICE_LINE,
        KIND,
        DEADLINE,
        VALUE,
        MONTHS,
        PAYMENT_MODEL,
        TOP_SLICE,
    ],
)
.acting_on(Entity::Opportunity)
.keys(&["E"], "");

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct EditRequest {
    pub opportunity: OpportunityCode,
    pub title: Option<String>,
    pub commissioner: Option<String>,
    pub service_line: Option<String>,
    pub kind: Option<OpportunityKind>,
    pub deadline: Option<NaiveDate>,
    pub value: Option<Decimal>,
    pub months: Option<u32>,
    pub payment_model: Option<PaymentModel>,
    pub top_slice: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EditPlan {
    pub request: EditRequest,
    pub before: Opportunity,
    pub after: Opportunity,
    pub changes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EditOutcome {
    pub opportunity: String,
    pub changes: Vec<String>,
}

/// `o` with what `r` gives applied, each checked.
fn applied(conn: &Connection, o: &Opportunity, r: &EditRequest) -> Result<Opportunity> {
    let mut out = o.clone();
    if let Some(t) = &r.title {
        if t.is_empty() {
            return Err(HubError::missing("title"));
        }
        out.title = t.clone();
    }
    if let Some(c) = &r.commissioner {
        out.commissioner = add::commissioner(conn, c)?;
    }
    if let Some(l) = &r.service_line {
        out.service_line = add::service_line(conn, l)?;
    }
    out.kind = r.kind.unwrap_or(out.kind);
    out.deadline = r.deadline.unwrap_or(out.deadline);
    if let Some(v) = r.value {
        add::refuse_bad_value(v)?;
        out.value = v;
    }
    if let Some(m) = r.months {
        add::refuse_bad_months(m)?;
        out.duration_months = m;
    }
    out.payment_model = r.payment_model.unwrap_or(out.payment_model);
    if let Some(p) = r.top_slice {
        add::refuse_bad_top_slice(p)?;
        out.top_slice_pct = p;
    }
    Ok(out)
}

fn changes(b: &Opportunity, a: &Opportunity) -> Vec<String> {
    let pairs = [
        ("title", b.title.clone(), a.title.clone()),
        (
            "commissioner",
            b.commissioner.clone(),
            a.commissioner.clone(),
        ),
        (
            "service line",
            b.service_line.clone(),
            a.service_line.clone(),
        ),
        ("kind", b.kind.label().into(), a.kind.label().into()),
        (
            "deadline",
            dates::display(b.deadline),
            dates::display(a.deadline),
        ),
        ("value", money::display(b.value), money::display(a.value)),
        (
            "duration",
            format!("{} months", b.duration_months),
            format!("{} months", a.duration_months),
        ),
        (
            "payment model",
            b.payment_model.label().into(),
            a.payment_model.label().into(),
        ),
        (
            "top slice",
            format!("{}%", b.top_slice_pct.normalize()),
            format!("{}%", a.top_slice_pct.normalize()),
        ),
    ];
    pairs
        .into_iter()
        .filter(|(_, b, a)| b != a)
        .map(|(label, b, a)| format!("{label}: {b} → {a}"))
        .collect()
}

impl Decision for EditOpportunity {
    type Request = EditRequest;
    type Plan = EditPlan;
    type Outcome = EditOutcome;

    fn spec() -> &'static Spec {
        &SPEC
    }

    fn request(v: &Values) -> Result<EditRequest> {
        let text = |k: &'static str| v.opt_text(k).map(|t| t.trim().to_string());
        Ok(EditRequest {
            opportunity: v.code("opportunity")?,
            title: text("title"),
            commissioner: text("commissioner"),
            service_line: text("service_line"),
            kind: v.opt_choice("kind")?,
            deadline: v.opt_date("deadline")?,
            value: v.opt_money("value")?,
            months: v.opt_count("months")?,
            payment_model: v.opt_choice("payment_model")?,
            top_slice: add::top_slice(v)?,
        })
    }

    fn open(conn: &Connection, _by: &Decider, subject: Option<&EntityRef>) -> Result<Opening> {
        let code = subject.map(|s| s.code.as_str()).unwrap_or_default();
        let o = common::opportunity(conn, code)?;
        let prefill = Values::default()
            .with("opportunity", &o.code)
            .with("title", &o.title)
            .with("commissioner", &o.commissioner)
            .with("service_line", &o.service_line)
            .with("kind", o.kind.code())
            .with("deadline", &dates::iso(o.deadline))
            .with("value", &o.value.to_string())
            .with("months", &o.duration_months.to_string())
            .with("payment_model", o.payment_model.code())
            .with("top_slice", &o.top_slice_pct.normalize().to_string());
        Ok(Opening {
            context: vec![format!("{} {} · {}", o.code, o.title, o.stage.label())],
            prefill,
        })
    }

    fn plan(conn: &Connection, _by: &Decider, r: &EditRequest) -> Result<EditPlan> {
        let before = common::opportunity(conn, &r.opportunity)?;
        if before.stage == crate::domain::Stage::Won {
            return Err(HubError::Refused(format!(
                "{} is won: its prime contract's value and end change by variation (`hubboard vary`)",
                before.code
            )));
        }
        if !before.stage.is_open() {
            return Err(HubError::Refused(format!(
                "{} is closed ('{}'): its record stands as it was",
                before.code,
                before.stage.label()
            )));
        }
        let after = applied(conn, &before, r)?;
        let changes = changes(&before, &after);
        if changes.is_empty() {
            return Err(HubError::Refused(format!(
                "nothing to change: {} already has these details",
                before.code
            )));
        }
        Ok(EditPlan {
            request: EditRequest {
                opportunity: OpportunityCode::new(before.code.clone()),
                ..r.clone()
            },
            before,
            after,
            changes,
        })
    }

    fn request_of(plan: &EditPlan) -> &EditRequest {
        &plan.request
    }

    fn sheet(p: &EditPlan) -> Sheet {
        Sheet {
            title: format!("Edit {} ({})", p.before.code, p.before.title),
            facts: p.changes.clone(),
            checks: Vec::new(),
            writes: vec![format!("{}: {}", p.before.code, p.changes.join("; "))],
            confirm_code: None,
        }
    }

    fn write(
        tx: &Connection,
        _by: &Decider,
        p: &EditPlan,
        _why: &Why,
    ) -> Result<Written<EditOutcome>> {
        let ok = opportunities::update_opportunity(tx, &p.after, p.before.row_version)?;
        common::matched(ok, "opportunity", &p.before.code)?;
        let after = Opportunity {
            row_version: p.before.row_version + 1,
            ..p.after.clone()
        };
        let entry = Entry::new(
            AuditAction::OpportunityEdit,
            EntityRef::opportunity(&p.before.code),
        )
        .before(&serde_json::json!({ "opportunity": p.before }))
        .after(&serde_json::json!({ "opportunity": after, "changes": p.changes }));
        Ok(Written {
            outcome: EditOutcome {
                opportunity: p.before.code.clone(),
                changes: p.changes.clone(),
            },
            audit: vec![entry],
        })
    }

    fn done(o: &EditOutcome) -> String {
        format!("{} updated: {}", o.opportunity, o.changes.join("; "))
    }
}
