//! Adding a risk to the register.

use rusqlite::Connection;
use serde::Serialize;

use super::fields::{CODE, FIELDS, RiskFields};
use super::{RiskOutcome, checked_risk, describe, next_risk_code, risk_entry};
use crate::dates;
use crate::domain::{Entity, EntityKind, EntityRef, Risk, RiskStatus};
use crate::error::{HubError, Result};
use crate::ops::Decider;
use crate::ops::decision::{Decision, Opening, Sheet, Spec, Why, Written};
use crate::ops::fields::{Field, Values};
use crate::store::audit::AuditAction;
use crate::store::risks;

pub struct RiskAdd;

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct RiskAddRequest {
    /// The new risk's code [default: the next free `R-nnn`, fixed by the plan].
    pub code: Option<String>,
    pub fields: RiskFields,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RiskAddPlan {
    pub request: RiskAddRequest,
    /// The risk as it will be written (open, entered by a person).
    pub risk: Risk,
}

static ADD_FIELDS: [Field; 15] = {
    let mut f = [CODE.help("Code for the new risk [default: the next free R-nnn]"); 15];
    let mut i = 0;
    while i < 14 {
        f[i + 1] = FIELDS[i];
        i += 1;
    }
    f[0].cli_only = true;
    f
};

static ADD: Spec = Spec::new(
    "risk_add",
    "New risk",
    "Add a risk to the register",
    &["risk", "add"],
    &ADD_FIELDS,
)
.offered_on(Entity::Risk)
.keys(&["n"], "new");

impl Decision for RiskAdd {
    type Request = RiskAddRequest;
    type Plan = RiskAddPlan;
    type Outcome = RiskOutcome;

    fn spec() -> &'static Spec {
        &ADD
    }

    fn request(v: &Values) -> Result<RiskAddRequest> {
        let base = RiskFields {
            title: v.text("title")?,
            category: v.text("category")?,
            owner: v.text("owner")?,
            scale: v.opt_text("scale").unwrap_or_else(|| "knowsley".into()),
            gross_probability: v
                .opt_number("probability")?
                .ok_or_else(|| HubError::missing("probability"))?,
            gross_impact: v
                .opt_number("impact")?
                .ok_or_else(|| HubError::missing("impact"))?,
            preventative_controls: String::new(),
            curative_controls: String::new(),
            net: None,
            review_date: dates::iso(v.date("review")?),
            entity_kind: EntityKind::Consortium,
            entity_code: None,
        };
        Ok(RiskAddRequest {
            code: v.opt_text("code"),
            fields: base.overlaid(v)?,
        })
    }

    fn open(_conn: &Connection, by: &Decider, _subject: Option<&EntityRef>) -> Result<Opening> {
        Ok(Opening {
            context: Vec::new(),
            prefill: Values::default()
                .with("scale", "knowsley")
                .with("review", &dates::iso(dates::add_months(by.today(), 3)))
                .with("entity", EntityKind::Consortium.code()),
        })
    }

    fn plan(conn: &Connection, by: &Decider, r: &RiskAddRequest) -> Result<RiskAddPlan> {
        let code = match r.code.as_deref().map(str::trim) {
            Some("") => return Err(HubError::missing("code")),
            Some(c) => c.to_string(),
            None => next_risk_code(conn)?,
        };
        if risks::get_risk(conn, &code)?.is_some() {
            return Err(HubError::wrong(
                "code",
                format!("a risk with code '{code}' already exists"),
            ));
        }
        let risk = checked_risk(conn, &by.scales(), &code, &r.fields, RiskStatus::Open, None)?;
        super::refuse_off_scale(&by.scales(), &risk, None)?;
        Ok(RiskAddPlan {
            request: RiskAddRequest {
                code: Some(code),
                fields: r.fields.clone(),
            },
            risk,
        })
    }

    fn request_of(plan: &RiskAddPlan) -> &RiskAddRequest {
        &plan.request
    }

    fn sheet(p: &RiskAddPlan) -> Sheet {
        Sheet {
            title: format!("Add risk {}", p.risk.code),
            facts: describe(&p.risk),
            checks: Vec::new(),
            writes: vec![format!("risk {}, open", p.risk.code)],
            confirm_code: None,
        }
    }

    fn write(
        tx: &Connection,
        _by: &Decider,
        p: &RiskAddPlan,
        _why: &Why,
    ) -> Result<Written<RiskOutcome>> {
        risks::insert_risk(tx, &p.risk)?;
        Ok(Written {
            outcome: RiskOutcome {
                risk: p.risk.clone(),
            },
            audit: vec![risk_entry(AuditAction::RiskAdd, None, &p.risk)],
        })
    }

    fn done(o: &RiskOutcome) -> String {
        format!("risk {} added", o.risk.code)
    }
}
