//! Raising and clearing generated risks: one risk per rule and entity, open while its cause holds
//! and closed when the cause clears. One transaction, one audit row per change; a run that finds
//! nothing to change writes nothing.

use chrono::NaiveDate;
use serde::Serialize;

use crate::dates;
use crate::domain::EntityRef;
use crate::domain::risk_rules::{self, Cause};
use crate::domain::{EntityKind, Risk, RiskStatus};
use crate::error::Result;
use crate::ops::Decider;
use crate::store::audit::{self, AuditAction, Entry};
use crate::store::{Store, risks, subcontracts};

/// Who a generated risk is assigned to until a person takes it on.
pub const GENERATED_OWNER: &str = "Hub manager";

/// One risk raised (new, or reopened because its cause came back) or cleared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RefreshChange {
    pub code: String,
    /// The rule's name (`generated_by`).
    pub rule: String,
    /// `member:KN03`, `subcontract:SC-0062`.
    pub entity: String,
    /// Why: today's figures for a raise, the cleared cause for a clear.
    pub explanation: String,
    pub audit_id: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RefreshSummary {
    pub raised: Vec<RefreshChange>,
    pub cleared: Vec<RefreshChange>,
    /// Open generated risks whose cause still holds.
    pub unchanged: usize,
}

impl RefreshSummary {
    pub fn changed(&self) -> bool {
        !self.raised.is_empty() || !self.cleared.is_empty()
    }
}

/// Applies the rules to the data as it stands: raises a risk for each cause with no open risk,
/// closes each open generated risk whose cause has cleared. `standings` pairs sub-contract codes
/// with their standing word (see `risk_rules::inadequate_standing_causes`); a code with no
/// sub-contract in the database is ignored. With `None` (standings not worked out) the
/// inadequate-standing risks are left exactly as they are, neither raised nor cleared.
pub fn refresh_generated_risks(
    store: &mut Store,
    by: &Decider,
    standings: Option<&[(String, String)]>,
) -> Result<RefreshSummary> {
    let tx = store.write()?;
    let subs = subcontracts::load_subcontracts(&tx)?;
    let mut causes = risk_rules::concentration_causes(&subs, by.rules().concentration_share);
    causes.extend(
        risk_rules::inadequate_standing_causes(standings.unwrap_or_default())
            .into_iter()
            .filter(|c| subs.iter().any(|s| s.code == c.entity_code)),
    );
    let judged = |rule: &str| standings.is_some() || rule != risk_rules::INADEQUATE_STANDING;
    let register = risks::load_risks(&tx)?;
    let today = by.clock.today();
    let mut summary = RefreshSummary::default();

    for cause in &causes {
        let existing = register.iter().find(|r| is_risk_of(r, cause));
        let (before, after) = match existing {
            Some(r) if r.status == RiskStatus::Open => {
                summary.unchanged += 1;
                continue;
            }
            Some(r) => (
                Some(r),
                Risk {
                    status: RiskStatus::Open,
                    review_date: review_date(today),
                    ..r.clone()
                },
            ),
            None => (None, new_risk(&register, cause, today)),
        };
        if before.is_some() {
            risks::update_risk(&tx, &after)?;
        } else {
            risks::insert_risk(&tx, &after)?;
        }
        let mut entry = Entry::new(AuditAction::RiskRaise, EntityRef::risk(&after.code))
            .after(&after)
            .reason(format!("{}: {}", cause.rule, cause.explanation));
        if let Some(b) = before {
            entry = entry.before(b);
        }
        let audit_id = audit::append(&tx, by.clock, by.actor, &entry)?;
        summary
            .raised
            .push(change(&after, cause.explanation.clone(), audit_id));
    }

    for r in register.iter().filter(|r| {
        r.status == RiskStatus::Open
            && r.generated_by
                .as_deref()
                .is_some_and(|g| risk_rules::RULES.contains(&g) && judged(g))
            && !causes.iter().any(|c| is_risk_of(r, c))
    }) {
        let after = Risk {
            status: RiskStatus::Closed,
            ..r.clone()
        };
        risks::update_risk(&tx, &after)?;
        let explanation = format!(
            "the cause has cleared: {} no longer holds for {}",
            r.generated_by.as_deref().unwrap_or_default(),
            linked(r)
        );
        let entry = Entry::new(AuditAction::RiskClear, EntityRef::risk(&r.code))
            .before(r)
            .after(&after)
            .reason(&explanation);
        let audit_id = audit::append(&tx, by.clock, by.actor, &entry)?;
        summary.cleared.push(change(&after, explanation, audit_id));
    }

    if summary.changed() {
        tx.commit()?;
    }
    Ok(summary)
}

fn is_risk_of(r: &Risk, c: &Cause) -> bool {
    r.generated_by.as_deref() == Some(c.rule)
        && r.entity_kind == c.entity_kind
        && r.entity_code.as_deref() == Some(c.entity_code.as_str())
}

fn linked(r: &Risk) -> String {
    match &r.entity_code {
        Some(c) => format!("{}:{c}", r.entity_kind.code()),
        None => EntityKind::Consortium.code().to_string(),
    }
}

fn change(r: &Risk, explanation: String, audit_id: i64) -> RefreshChange {
    RefreshChange {
        code: r.code.clone(),
        rule: r.generated_by.clone().unwrap_or_default(),
        entity: linked(r),
        explanation,
        audit_id,
    }
}

/// A generated risk is reviewed a month after it is raised.
fn review_date(today: NaiveDate) -> NaiveDate {
    dates::add_months(today, 1)
}

fn new_risk(register: &[Risk], cause: &Cause, today: NaiveDate) -> Risk {
    let short = match cause.rule {
        risk_rules::CONCENTRATION => "CONC",
        _ => "INAD",
    };
    let base = format!("G-{short}-{}", cause.entity_code);
    // A person may have used the code already; the first free suffix keeps the key unique.
    let code = std::iter::once(base.clone())
        .chain((2..).map(|n| format!("{base}-{n}")))
        .find(|c| register.iter().all(|r| &r.code != c))
        .unwrap_or(base);
    Risk {
        code,
        title: cause.title.clone(),
        category: cause.category.to_string(),
        owner: GENERATED_OWNER.to_string(),
        scale: risk_rules::GENERATED_SCALE.to_string(),
        gross_probability: cause.probability,
        gross_impact: cause.impact,
        preventative_controls: String::new(),
        curative_controls: String::new(),
        net_probability: None,
        net_impact: None,
        review_date: review_date(today),
        status: RiskStatus::Open,
        entity_kind: cause.entity_kind,
        entity_code: Some(cause.entity_code.clone()),
        generated_by: Some(cause.rule.to_string()),
    }
}
