//! Re-profiling a sub-contract's schedule of outputs: new units per month from a period, with a
//! reason. Earlier revisions are kept; the original profile becomes revision 1 the first time.
//! Forward only: months whose returns are in are history. A re-profile that cuts the outputs owed
//! either reduces the value at the sub-contract's unit rate or fails a check that needs an
//! override, so money at risk cannot be made to vanish by owing less for the same money.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use super::Decider;
use super::common;
use super::decision::{Decision, Opening, Sheet, Spec, Why, Written};
use super::fields::{Field, FieldKind, Values};
use crate::dates::Period;
use crate::domain::checks::{Check, Rule};
use crate::domain::profile;
use crate::domain::{
    DeliveryProfile, Entity, EntityRef, MonitoringReturn, SubContract, SubContractCode,
};
use crate::error::{HubError, Problem, Result};
use crate::store::audit::{AuditAction, Entry};
use crate::store::{members, subcontracts};
use rust_decimal::Decimal;

pub struct Reprofile;

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct ReprofileRequest {
    pub subcontract: SubContractCode,
    pub units_per_month: u32,
    pub from: Period,
    /// When outputs owed are cut, reduce the value at the unit rate (else the cut needs an
    /// override).
    pub reduce_value: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReprofilePlan {
    pub request: ReprofileRequest,
    pub subcontract: SubContract,
    /// Revisions already stored, oldest first.
    pub history: Vec<DeliveryProfile>,
    /// What will be written: revision 1 for the original profile if there is none, then the new
    /// one (its reason is the decision's).
    pub new_revisions: Vec<DeliveryProfile>,
    /// Returns not yet submitted from `from` on, whose targets will change.
    pub retargeted: Vec<MonitoringReturn>,
    /// Units owed over the term now and after the re-profile.
    pub owed_before: u64,
    pub owed_after: u64,
    /// The sub-contract's unit rate (kept: a re-profile changes what is owed, not the price).
    pub unit_rate: Decimal,
    /// The value after: lower by the cut at the unit rate when `reduce_value`, else unchanged.
    pub value_after: Decimal,
    pub checks: Vec<Check>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReprofileOutcome {
    pub subcontract: SubContract,
    pub was: u32,
    /// The value before, when the re-profile brought it down with the outputs owed.
    pub value_was: Option<Decimal>,
    pub revisions: Vec<DeliveryProfile>,
    pub returns_retargeted: usize,
}

static SPEC: Spec = Spec::new(
    "reprofile",
    "Re-profile a sub-contract",
    "Re-profile a sub-contract's units per month from a given month",
    &["reprofile"],
    &[
        Field::subcontract("The sub-contract to re-profile"),
        Field::new("units", "New units per month", FieldKind::Count)
            .help("New units of activity per month")
            .required(),
        Field::new("from", "From month (YYYY-MM)", FieldKind::Month)
            .help("First month of the new profile (YYYY-MM): a month whose return is not yet in")
            .required(),
        Field::new("reduce_value", "Reduce the value if outputs are cut", FieldKind::Flag)
            .help("Reduce the value at the unit rate when fewer outputs are owed (else the cut needs an override)"),
    ],
)
.acting_on(Entity::SubContract)
.keys(&["p"], "")
.overridable();

/// A re-profile changes months still to come: none whose return is in.
fn refuse_history(returns: &[MonitoringReturn], from: Period) -> Result<()> {
    let Some(last) = returns
        .iter()
        .filter(|m| m.submitted.is_some())
        .map(|m| m.period)
        .max()
    else {
        return Ok(());
    };
    if from > last {
        return Ok(());
    }
    Err(HubError::field(
        "from",
        Problem::OutOfRange {
            value: from.display(),
            allowed: format!(
                "returns are in up to {}: a re-profile changes months still to come, from {} on",
                last.display(),
                last.next().display()
            ),
        },
    ))
}

/// Passes when the outputs owed are not cut, or the value comes down with them at the unit
/// rate; fails (overridably) when fewer outputs would be owed for the same money.
fn outputs_check(
    sub: &SubContract,
    before: u64,
    after: u64,
    rate: Decimal,
    value_after: Decimal,
) -> Check {
    use crate::money::display;
    let rate_shown = display(rate);
    let reason = if after >= before {
        format!(
            "outputs owed {before} → {after} units; value stays {}",
            display(sub.value)
        )
    } else if value_after < sub.value {
        format!(
            "outputs owed {before} → {after} units: value {} → {} ({} units × {rate_shown} a unit)",
            display(sub.value),
            display(value_after),
            before - after
        )
    } else {
        format!(
            "outputs owed {before} → {after} units while the value stays {}: {} units at {rate_shown} a unit would no longer be owed (reduce the value, or override with a reason)",
            display(sub.value),
            before - after
        )
    };
    Check::new(
        Rule::OutputsKept,
        after >= before || value_after < sub.value,
        reason,
    )
}

fn revisions(
    sub: &SubContract,
    history: &[DeliveryProfile],
    req: &ReprofileRequest,
    today: NaiveDate,
) -> Vec<DeliveryProfile> {
    let mut out = Vec::new();
    let mut next = history.iter().map(|p| p.revision).max().unwrap_or(0) + 1;
    if history.is_empty() {
        // Keep the profile the sub-contract was let on, so the change can be seen against it.
        out.push(DeliveryProfile {
            subcontract: sub.code.clone(),
            revision: 1,
            effective_from: Period::containing(sub.start),
            units_per_month: sub.units_per_month,
            reason: "original profile".into(),
            recorded: today,
        });
        next = 2;
    }
    out.push(DeliveryProfile {
        subcontract: sub.code.clone(),
        revision: next,
        effective_from: req.from,
        units_per_month: req.units_per_month,
        reason: String::new(),
        recorded: today,
    });
    out
}

impl Decision for Reprofile {
    type Request = ReprofileRequest;
    type Plan = ReprofilePlan;
    type Outcome = ReprofileOutcome;

    fn spec() -> &'static Spec {
        &SPEC
    }

    fn request(v: &Values) -> Result<ReprofileRequest> {
        Ok(ReprofileRequest {
            subcontract: v.code("subcontract")?,
            units_per_month: v.count("units")?,
            from: v.month("from")?,
            reduce_value: v.flag("reduce_value"),
        })
    }

    fn open(conn: &Connection, by: &Decider, subject: Option<&EntityRef>) -> Result<Opening> {
        let code = subject.map(|s| s.code.as_str()).unwrap_or_default();
        let sub = common::subcontract(conn, code)?;
        common::refuse_unless(
            &sub,
            common::is_live(&sub),
            "only a live sub-contract can be re-profiled",
        )?;
        Ok(Opening {
            context: vec![format!(
                "Current profile: {} units per month.",
                sub.units_per_month
            )],
            prefill: Values::default()
                .with("subcontract", code)
                .with("from", &Period::containing(by.today()).next().to_string()),
        })
    }

    fn plan(conn: &Connection, by: &Decider, r: &ReprofileRequest) -> Result<ReprofilePlan> {
        let sub = common::subcontract(conn, &r.subcontract)?;
        let (first, last) = (Period::containing(sub.start), Period::containing(sub.end));
        if r.from < first || r.from > last {
            return Err(HubError::field(
                "from",
                Problem::OutOfRange {
                    value: r.from.to_string(),
                    allowed: format!("sub-contract {} runs {first} to {last}", sub.code),
                },
            ));
        }
        if r.units_per_month == sub.units_per_month {
            return Err(HubError::wrong(
                "units",
                format!(
                    "sub-contract {} is already profiled at {} units a month",
                    sub.code, sub.units_per_month
                ),
            ));
        }
        common::refuse_unless(
            &sub,
            common::is_live(&sub),
            "only a live sub-contract can be re-profiled",
        )?;
        let returns = subcontracts::returns_of(conn, &sub.code)?;
        refuse_history(&returns, r.from)?;
        let history = subcontracts::profiles_of(conn, &sub.code)?;
        let new_revisions = revisions(&sub, &history, r, by.today());
        let retargeted = returns
            .into_iter()
            .filter(|m| m.period >= r.from && m.submitted.is_none())
            .collect();
        let owed_before = profile::units_owed(&sub, &history);
        let owed_after = profile::units_owed_with(&sub, &history, r.from, r.units_per_month);
        let unit_rate = super::prime::pricing(conn, &sub)?.unit_rate;
        let cut = owed_before.saturating_sub(owed_after);
        let reduction = crate::domain::pricing::times(cut, unit_rate)
            .ok_or_else(|| super::prime::too_large(&sub.code))?;
        let value_after = if r.reduce_value {
            (sub.value - reduction).max(Decimal::ZERO)
        } else {
            sub.value
        };
        let checks = vec![outputs_check(
            &sub,
            owed_before,
            owed_after,
            unit_rate,
            value_after,
        )];
        Ok(ReprofilePlan {
            request: r.clone(),
            subcontract: sub,
            history,
            new_revisions,
            retargeted,
            owed_before,
            owed_after,
            unit_rate,
            value_after,
            checks,
        })
    }

    fn request_of(plan: &ReprofilePlan) -> &ReprofileRequest {
        &plan.request
    }

    fn sheet(p: &ReprofilePlan) -> Sheet {
        let mut writes: Vec<String> = p
            .new_revisions
            .iter()
            .map(|r| {
                let why = if r.reason.is_empty() {
                    "the reason given"
                } else {
                    &r.reason
                };
                format!(
                    "profile revision {}: {} units a month from {} ({why})",
                    r.revision,
                    r.units_per_month,
                    r.effective_from.display()
                )
            })
            .collect();
        writes.push(format!(
            "{}: {} → {} units a month",
            p.subcontract.code, p.subcontract.units_per_month, p.request.units_per_month
        ));
        writes.push(format!(
            "new targets on {} return(s) not yet submitted",
            p.retargeted.len()
        ));
        if p.value_after != p.subcontract.value {
            writes.push(format!(
                "{}: value {} → {}",
                p.subcontract.code,
                crate::money::display(p.subcontract.value),
                crate::money::display(p.value_after)
            ));
        }
        Sheet {
            title: format!("Re-profile {}", p.subcontract.code),
            facts: vec![format!(
                "now {} units a month; {} earlier revision(s) kept",
                p.subcontract.units_per_month,
                p.history.len()
            )],
            checks: p.checks.clone(),
            writes,
            confirm_code: None,
        }
    }

    fn write(
        tx: &Connection,
        _by: &Decider,
        p: &ReprofilePlan,
        why: &Why,
    ) -> Result<Written<ReprofileOutcome>> {
        let before = &p.subcontract;
        let req = &p.request;
        let mut revisions = p.new_revisions.clone();
        if let Some(last) = revisions.last_mut() {
            last.reason = why.reason.clone();
        }
        for r in &revisions {
            subcontracts::insert_profile(tx, r)?;
        }
        // The rate is pinned: what is owed changes, the price does not.
        let ok = subcontracts::reprofile_subcontract(
            tx,
            &before.code,
            req.units_per_month,
            p.value_after,
            p.unit_rate,
            before.row_version,
        )?;
        common::matched(ok, "sub-contract", &before.code)?;
        let returns_retargeted = subcontracts::retarget_unsubmitted_returns(
            tx,
            &before.code,
            req.from,
            req.units_per_month,
        )?;
        // Committed capacity changed: any award planned against the old figures must look again.
        members::touch_member(tx, &before.member)?;
        let after = common::subcontract(tx, &before.code)?;
        let value_was = (before.value != after.value).then_some(before.value);
        let entry = Entry::new(AuditAction::Reprofile, EntityRef::subcontract(&before.code))
            .before(&serde_json::json!({ "subcontract": before, "profiles": p.history }))
            .after(&serde_json::json!({
                "subcontract": after,
                "new_revisions": revisions,
                "returns_retargeted": returns_retargeted,
            }));
        Ok(Written {
            outcome: ReprofileOutcome {
                subcontract: after,
                was: before.units_per_month,
                value_was,
                revisions,
                returns_retargeted,
            },
            audit: vec![entry],
        })
    }

    fn done(o: &ReprofileOutcome) -> String {
        let value = match o.value_was {
            Some(was) => format!(
                ", value {} (was {})",
                crate::money::display(o.subcontract.value),
                crate::money::display(was)
            ),
            None => String::new(),
        };
        format!(
            "{} now {} units a month (was {}){value}; {} unsubmitted returns re-targeted",
            o.subcontract.code, o.subcontract.units_per_month, o.was, o.returns_retargeted
        )
    }
}
