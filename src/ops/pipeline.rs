//! How every decision runs: plan (reads only, in one read transaction, noting where the audit log
//! stood), then commit — through the gate, inside one `BEGIN IMMEDIATE` transaction: plan again
//! from the same request and refuse as a conflict, saying what changed and who changed it, if the
//! result differs from the plan the person read; otherwise write that plan and nothing else, and
//! append its audit rows, each with the reason (and any override) the person gave.

use rusqlite::Connection;
use serde::Serialize;
use serde_json::json;

use super::Decider;
use super::conflict;
use super::decision::{Decision, ReasonRule, Sheet, Why};
use super::gate::{Gate, Write};
use super::registry::Registered;
use crate::error::{HubError, Result};
use crate::store::Store;
use crate::store::audit;
use crate::store::users::{self, Role};

/// A plan as shown to a person, with where the audit log stood when it was read.
#[derive(Debug, Clone)]
pub struct Planned<D: Decision> {
    pub plan: D::Plan,
    pub sheet: Sheet,
    /// The newest audit row when the plan was read: rows after it are colleagues' decisions.
    pub read_upto: i64,
}

/// What a commit wrote.
#[derive(Debug, Clone, Serialize)]
pub struct Committed<O> {
    pub outcome: O,
    /// The audit rows appended, in order.
    pub audit_ids: Vec<i64>,
    /// Failed checks were overridden with a written reason.
    pub overridden: bool,
}

/// Plans `request` without writing anything.
pub fn plan<D: Decision>(
    conn: &Connection,
    by: &Decider,
    request: &D::Request,
) -> Result<Planned<D>> {
    // One read transaction, so the plan sees one moment of the database.
    let _read = if conn.is_autocommit() {
        Some(conn.unchecked_transaction()?)
    } else {
        None
    };
    let read_upto = audit::last_id(conn)?;
    let plan = D::plan(conn, by, request)?;
    let sheet = D::sheet(&plan);
    Ok(Planned {
        plan,
        sheet,
        read_upto,
    })
}

/// The reason as it will be recorded: trimmed, required unless the decision says otherwise; an
/// override reason, if given, must say something too.
pub fn why<D: Decision>(reason: &str, override_reason: Option<&str>) -> Result<Why> {
    let reason = reason.trim().to_string();
    if reason.is_empty() && D::spec().reason == ReasonRule::Required {
        return Err(HubError::missing("reason"));
    }
    let override_reason = match override_reason.map(str::trim) {
        Some("") => return Err(HubError::missing("override_reason")),
        Some(o) if !D::spec().overridable => {
            return Err(HubError::wrong(
                "override_reason",
                format!("'{o}': {} has no checks to override", D::spec().name),
            ));
        }
        other => other.map(str::to_string),
    };
    Ok(Why {
        reason,
        override_reason,
    })
}

/// Refuses a plan whose checks failed unless an override reason was given; a failed hard rule is
/// refused whatever the override.
pub fn refuse_unless_passed(sheet: &Sheet, why: &Why) -> Result<()> {
    let blocking = sheet.blocking();
    if !blocking.is_empty() {
        let list: Vec<String> = blocking.iter().map(|c| c.line()).collect();
        return Err(HubError::Refused(list.join("; ")));
    }
    let failed = sheet.failed();
    if failed.is_empty() || why.override_reason.is_some() {
        return Ok(());
    }
    let list: Vec<String> = failed.iter().map(|c| c.line()).collect();
    Err(HubError::Refused(format!(
        "{} failed: {}. An officer may override with a written reason",
        if failed.len() == 1 {
            "a check"
        } else {
            "checks"
        },
        list.join("; ")
    )))
}

/// Officers decide; overriding a failed check takes an admin. A refusal is itself recorded.
fn refuse_unless_role(store: &mut Store, by: &Decider, what: &str, overriding: bool) -> Result<()> {
    let role = users::role_of(store.conn(), by.actor)?;
    let needs = if overriding {
        Role::Admin
    } else {
        Role::Officer
    };
    if role >= needs {
        return Ok(());
    }
    let what = if overriding {
        format!("overriding a failed check of {what}")
    } else {
        what.to_string()
    };
    Err(users::refuse_attempt(
        store, by.clock, by.actor, role, &what,
    ))
}

/// Commits the plan a person read, or refuses. See the module comment. A failure of the machine
/// (a full disk, a read-only file, a colleague's lock) is said with the file and who holds it.
pub fn commit<D: Decision + Registered>(
    store: &mut Store,
    gate: &Gate,
    by: &Decider,
    planned: &Planned<D>,
    why: &Why,
) -> Result<Committed<D::Outcome>> {
    let path = store.path().to_path_buf();
    if D::BULK {
        store.journal_statements_in_memory(true)?;
    }
    let committed = commit_here(store, gate, by, planned, why);
    if D::BULK {
        store.journal_statements_in_memory(false)?;
    }
    committed.map_err(|e| crate::store::files::said_with_file(e, &path))
}

fn commit_here<D: Decision + Registered>(
    store: &mut Store,
    gate: &Gate,
    by: &Decider,
    planned: &Planned<D>,
    why: &Why,
) -> Result<Committed<D::Outcome>> {
    gate.require(Write::Decision(D::KIND))?;
    // The reason rules hold however the caller built `why`.
    let why = &self::why::<D>(&why.reason, why.override_reason.as_deref())?;
    refuse_unless_passed(&planned.sheet, why)?;
    refuse_unless_role(
        store,
        by,
        D::spec().name,
        !planned.sheet.failed().is_empty(),
    )?;
    let tx = store.write()?;
    match D::recheck(&tx, by, &planned.plan) {
        Ok(now) if now == planned.plan => {}
        Ok(now) => {
            let since = audit::after(&tx, planned.read_upto)?;
            let read = serde_json::to_value(&planned.plan).unwrap_or_default();
            let now = serde_json::to_value(&now).unwrap_or_default();
            return Err(HubError::Conflict(conflict::changed(&read, &now, &since)));
        }
        Err(e @ (HubError::Busy(..) | HubError::Db(_) | HubError::Io { .. })) => return Err(e),
        // A plan that checks a version the caller named says what moved itself.
        Err(HubError::Conflict(mut c)) => {
            let since = audit::after(&tx, planned.read_upto)?;
            c.since = conflict::recorded_since(&since);
            return Err(HubError::Conflict(c));
        }
        Err(e) => {
            let since = audit::after(&tx, planned.read_upto)?;
            return Err(HubError::Conflict(conflict::gone(&e.to_string(), &since)));
        }
    }
    let written = D::write(&tx, by, &planned.plan, why)?;
    if written.audit.is_empty() {
        return Err(HubError::Invalid(format!(
            "{} wrote no audit row; nothing was written",
            D::spec().name
        )));
    }
    let overridden = !planned.sheet.failed().is_empty();
    let mut audit_ids = Vec::with_capacity(written.audit.len());
    for mut entry in written.audit {
        if entry.reason.is_none() {
            entry = entry.reason(why.reason.clone());
        }
        if overridden && let Some(o) = &why.override_reason {
            let base = entry.reason.clone().unwrap_or_default();
            entry = entry.reason(format!("{base} [override: {o}]"));
            if let Some(serde_json::Value::Object(after)) = entry.after.as_mut() {
                after.insert(
                    "override".into(),
                    json!({ "reason": o, "failed_checks": planned.sheet.failed() }),
                );
            }
        }
        audit_ids.push(audit::append(&tx, by.clock, by.actor, &entry)?);
    }
    tx.commit()?;
    Ok(Committed {
        outcome: written.outcome,
        audit_ids,
        overridden,
    })
}

/// Plans and commits in one go, for scripts and tests: the plan committed is the plan just made.
pub fn decide<D: Decision + Registered>(
    store: &mut Store,
    gate: &Gate,
    by: &Decider,
    request: &D::Request,
    why: &Why,
) -> Result<Committed<D::Outcome>> {
    let planned = plan::<D>(store.conn(), by, request)?;
    commit(store, gate, by, &planned, why)
}
