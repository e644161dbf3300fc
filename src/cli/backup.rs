//! `hubboard backup PATH` and `hubboard restore PATH`: a consistent copy taken while colleagues
//! write (SQLite's online backup), and a restore that refuses a file failing
//! SQLite's integrity check or the audit chain, then builds the replacement aside, records the
//! restore in its audit log and renames it into place.

use std::path::{Path, PathBuf};

use clap::Args;

use super::Context;
use crate::error::{HubError, Result};
use crate::store::audit::{self, AuditAction, Entry, Verdict};
use crate::store::users::{self, Role};
use crate::store::{OpenMode, Store};

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The file to write (it must not exist)
    pub path: PathBuf,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup to restore
    pub path: PathBuf,
    /// Why (recorded in the restored database's audit log)
    #[arg(long, value_name = "TEXT", default_value = "restored from a backup")]
    pub reason: String,
}

pub fn backup(ctx: &Context, args: &BackupArgs) -> Result<i32> {
    if args.path.exists() {
        return Err(HubError::Refused(format!(
            "{} already exists; name a new file",
            args.path.display()
        )));
    }
    let store = ctx.view()?;
    let cannot = |e: rusqlite::Error| {
        HubError::Invalid(format!(
            "cannot write the backup {}: {e}",
            args.path.display()
        ))
    };
    crate::store::files::create_shared(&args.path)?;
    // SQLite's online backup, in steps, restarting when a colleague writes meanwhile; a failed
    // copy leaves no file behind.
    let copied = rusqlite::Connection::open(&args.path).and_then(|mut copy| {
        rusqlite::backup::Backup::new(store.conn(), &mut copy)?.run_to_completion(
            256,
            std::time::Duration::from_millis(5),
            None,
        )
    });
    if let Err(e) = copied {
        let _ = std::fs::remove_file(&args.path);
        return Err(cannot(e));
    }
    // The key and a seal of its own go with it, so the copy verifies alone.
    let last = last_row(&args.path)?;
    crate::store::seal::anchor_copy(&ctx.db_path, &args.path, last)?;
    let (rows, verdict) = checked(&args.path)?;
    println!(
        "backup written to {}: integrity ok, {verdict}, {rows} audit rows",
        args.path.display()
    );
    Ok(0)
}

/// The last audit row of the file at `path`, as a seal line names it: the first row's hash, the
/// last row's id and hash.
fn last_row(path: &Path) -> Result<Option<(String, i64, String)>> {
    use rusqlite::OptionalExtension;
    let store = Store::open_for_viewing(path)?;
    Ok(store
        .conn()
        .query_row(
            "SELECT (SELECT hash FROM audit_log WHERE id = 1), id, hash
               FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?)
}

/// Integrity and audit chain of the file at `path`: the audit rows and the verdict in words.
fn checked(path: &Path) -> Result<(i64, String)> {
    let store = Store::open_for_viewing(path)?;
    let ok: String = store
        .conn()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if ok != "ok" {
        return Err(HubError::Refused(format!(
            "{} fails SQLite's integrity check: {ok}",
            path.display()
        )));
    }
    match audit::verify(store.conn())? {
        Verdict::Intact { rows } => Ok((rows as i64, "audit log intact".into())),
        Verdict::Broken { id, problem } => Err(HubError::Refused(format!(
            "{}: audit log broken at row {id}: {problem}",
            path.display()
        ))),
    }
}

pub fn restore(ctx: &Context, args: &RestoreArgs) -> Result<i32> {
    ctx.gate.require(crate::ops::Write::Restore)?;
    let target = &ctx.db_path;
    // Replacing a database with roles takes one of its admins; the refusal is recorded in it.
    if let Ok(mut old) = ctx.gate.open(target)
        && let Ok(role) = users::role_of(old.conn(), &ctx.actor)
        && role < Role::Admin
    {
        return Err(users::refuse_attempt(
            &mut old,
            &ctx.clock,
            &ctx.actor,
            role,
            "restoring a backup over the database",
        ));
    }
    checked(&args.path)?;
    let aside = PathBuf::from(format!("{}.restoring", target.display()));
    for p in [
        aside.clone(),
        crate::store::seal::key_path(&aside),
        crate::store::seal::seal_path(&aside),
    ] {
        let _ = std::fs::remove_file(p);
    }
    std::fs::copy(&args.path, &aside)
        .map_err(|e| HubError::io(format!("cannot copy {}", args.path.display()), e))?;
    crate::store::seal::anchor_copy(&args.path, &aside, last_row(&args.path)?)?;
    {
        let mut store = Store::open(&aside, OpenMode::ReadWrite)?;
        let tx = store.write()?;
        let mut entry = Entry::new(AuditAction::Restore, crate::domain::EntityRef::database())
            .reason(args.reason.clone());
        entry.after = Some(serde_json::json!({ "from": args.path.display().to_string() }));
        audit::append(&tx, &ctx.clock, &ctx.actor, &entry)?;
        tx.commit()?;
        store
            .conn()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?;
    }
    for suffix in ["-wal", "-shm"] {
        let p = format!("{}{suffix}", target.display());
        if Path::new(&p).exists() {
            std::fs::remove_file(&p).map_err(|e| HubError::io(format!("cannot remove {p}"), e))?;
        }
    }
    crate::store::seal::adopt_anchors(&aside, target)?;
    std::fs::rename(&aside, target).map_err(|e| {
        HubError::io(
            format!("cannot move the restore into {}", target.display()),
            e,
        )
    })?;
    println!("{} restored from {}", target.display(), args.path.display());
    Ok(0)
}
