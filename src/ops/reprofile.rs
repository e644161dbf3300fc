//! Re-profiling a sub-contract's schedule of outputs: new units per month from a period, with a
//! reason. Earlier revisions are kept; the original profile becomes revision 1 the first time.

use rusqlite::Connection;
use serde::Serialize;

use super::Decider;
use super::common;
use crate::dates::Period;
use crate::domain::{DeliveryProfile, MonitoringReturn, SubContract, SubContractStatus};
use crate::error::{HubError, Result};
use crate::store::audit::{self, Entry};
use crate::store::{Store, members, subcontracts};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReprofileRequest {
    pub subcontract: String,
    pub units_per_month: u32,
    pub from: Period,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReprofilePlan {
    pub request: ReprofileRequest,
    pub subcontract: SubContract,
    /// Revisions already stored, oldest first.
    pub history: Vec<DeliveryProfile>,
    /// What will be written: revision 1 for the original profile if there is none, then the new one.
    pub new_revisions: Vec<DeliveryProfile>,
    /// Returns not yet submitted from `from` on, whose targets will change.
    pub retargeted: Vec<MonitoringReturn>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReprofileOutcome {
    pub subcontract: SubContract,
    pub revisions: Vec<DeliveryProfile>,
    pub returns_retargeted: usize,
    pub audit_id: i64,
}

pub fn plan_reprofile(
    conn: &Connection,
    by: &Decider,
    mut request: ReprofileRequest,
) -> Result<ReprofilePlan> {
    request.reason = common::required_reason("--reason", &request.reason)?;
    let sub = common::subcontract(conn, &request.subcontract)?;
    let (first, last) = (Period::containing(sub.start), Period::containing(sub.end));
    if request.from < first || request.from > last {
        return Err(HubError::Invalid(format!(
            "--from {} is outside sub-contract {} ({} to {})",
            request.from, sub.code, first, last
        )));
    }
    if request.units_per_month == sub.units_per_month {
        return Err(HubError::Invalid(format!(
            "sub-contract {} is already profiled at {} units a month",
            sub.code, sub.units_per_month
        )));
    }
    refuse_unless_live(&sub)?;
    let history = subcontracts::profiles_of(conn, &sub.code)?;
    let new_revisions = revisions(&sub, &history, &request, by);
    let retargeted = subcontracts::returns_of(conn, &sub.code)?
        .into_iter()
        .filter(|r| r.period >= request.from && r.submitted.is_none())
        .collect();
    Ok(ReprofilePlan {
        request,
        subcontract: sub,
        history,
        new_revisions,
        retargeted,
    })
}

fn refuse_unless_live(sub: &SubContract) -> Result<()> {
    if matches!(
        sub.status,
        SubContractStatus::Terminated | SubContractStatus::Completed
    ) {
        return Err(HubError::Refused(format!(
            "sub-contract {} is {}; only a live sub-contract can be re-profiled",
            sub.code,
            sub.status.label().to_lowercase()
        )));
    }
    Ok(())
}

fn revisions(
    sub: &SubContract,
    history: &[DeliveryProfile],
    req: &ReprofileRequest,
    by: &Decider,
) -> Vec<DeliveryProfile> {
    let today = by.clock.today();
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
        reason: req.reason.clone(),
        recorded: today,
    });
    out
}

pub fn commit_reprofile(
    store: &mut Store,
    by: &Decider,
    plan: &ReprofilePlan,
) -> Result<ReprofileOutcome> {
    let tx = store.write()?;
    let req = &plan.request;
    let before =
        common::fresh_subcontract(&tx, &plan.subcontract.code, plan.subcontract.row_version)?;
    refuse_unless_live(&before)?;
    let history = subcontracts::profiles_of(&tx, &before.code)?;
    let new_revisions = revisions(&before, &history, req, by);
    for p in &new_revisions {
        subcontracts::insert_profile(&tx, p)?;
    }
    let matched = subcontracts::set_subcontract_units(
        &tx,
        &before.code,
        req.units_per_month,
        before.row_version,
    )?;
    common::updated(matched, "sub-contract", &before.code, before.row_version)?;
    let returns_retargeted = subcontracts::retarget_unsubmitted_returns(
        &tx,
        &before.code,
        req.from,
        req.units_per_month,
    )?;
    // Committed capacity changed: any award planned against the old figures must look again.
    members::touch_member(&tx, &before.member)?;
    let after = common::subcontract(&tx, &before.code)?;
    let entry = Entry::new("reprofile", format!("subcontract:{}", before.code))
        .before(&serde_json::json!({ "subcontract": before, "profiles": history }))
        .after(&serde_json::json!({
            "subcontract": after,
            "new_revisions": new_revisions,
            "returns_retargeted": returns_retargeted,
        }))
        .reason(req.reason.clone());
    let audit_id = audit::append(&tx, by.clock, by.actor, &entry)?;
    tx.commit()?;
    Ok(ReprofileOutcome {
        subcontract: after,
        revisions: new_revisions,
        returns_retargeted,
        audit_id,
    })
}
