//! Who may do what: viewers look, officers decide, admins also manage users and override failed
//! checks. A database with no user recorded is open (everyone acts as an admin), as one from
//! before roles is; once any user is recorded, a login not listed may only look. Each grant,
//! revocation and refused attempt is one transaction with its audit row.

use rusqlite::{Connection, OptionalExtension};
use serde_json::json;

use super::audit::{self, AuditAction, Entry};
use crate::clock::Clock;
use crate::domain::EntityRef;
use crate::error::{HubError, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    Viewer,
    Officer,
    Admin,
}

impl Role {
    pub fn code(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Officer => "officer",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Result<Role> {
        match s.trim().to_ascii_lowercase().as_str() {
            "viewer" => Ok(Role::Viewer),
            "officer" => Ok(Role::Officer),
            "admin" => Ok(Role::Admin),
            other => Err(HubError::Invalid(format!(
                "ROLE: '{}' is not a role (expected viewer, officer or admin)",
                crate::text::clean(other)
            ))),
        }
    }

    /// What the role may do, in words.
    pub fn may(self) -> &'static str {
        match self {
            Role::Viewer => "look",
            Role::Officer => "look and decide",
            Role::Admin => "look, decide, override failed checks and manage users",
        }
    }
}

/// One recorded user.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct User {
    pub login: String,
    pub role: &'static str,
    pub granted_by: String,
    pub granted_at: String,
}

/// Whether any user is recorded (roles apply) or the database is open.
pub fn roles_apply(conn: &Connection) -> Result<bool> {
    let n: i64 = conn.query_row("SELECT COUNT(*) FROM users", [], |r| r.get(0))?;
    Ok(n > 0)
}

/// The role `login` acts with: its own, a viewer's when not listed, an admin's on an open database.
pub fn role_of(conn: &Connection, login: &str) -> Result<Role> {
    if !roles_apply(conn)? {
        return Ok(Role::Admin);
    }
    let role: Option<String> = conn
        .query_row("SELECT role FROM users WHERE login = ?1", [login], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(match role.as_deref() {
        Some(r) => Role::parse(r)?,
        None => Role::Viewer,
    })
}

pub fn list(conn: &Connection) -> Result<Vec<User>> {
    let mut st = conn.prepare(
        "SELECT login, role, granted_by, granted_at FROM users ORDER BY role DESC, login",
    )?;
    let rows = st
        .query_map([], |r| {
            let role: String = r.get(1)?;
            Ok(User {
                login: r.get(0)?,
                role: Role::parse(&role).map_or("viewer", Role::code),
                granted_by: r.get(2)?,
                granted_at: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

fn put(conn: &Connection, clock: &Clock, by: &str, login: &str, role: Role) -> Result<()> {
    conn.execute(
        "INSERT INTO users (login, role, granted_by, granted_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(login) DO UPDATE SET role = ?2, granted_by = ?3, granted_at = ?4",
        rusqlite::params![login, role.code(), by, crate::dates::iso(clock.today())],
    )?;
    Ok(())
}

fn entry(action: AuditAction, login: &str, before: Option<Role>, after: Option<Role>) -> Entry {
    let mut e = Entry::new(action, EntityRef::database());
    e.before = before.map(|r| json!({ "login": login, "role": r.code() }));
    e.after = after.map(|r| json!({ "login": login, "role": r.code() }));
    e
}

/// Records the creator of a new database as its first admin, inside the caller's transaction
/// (the creation's own audit row says so).
pub fn first_admin(conn: &Connection, clock: &Clock, login: &str) -> Result<()> {
    if roles_apply(conn)? {
        return Ok(());
    }
    put(conn, clock, login, login, Role::Admin)
}

/// The users' roles may be changed by an admin only; on an open database the first grant also
/// records the granter as admin, so nobody locks themselves out.
fn require_admin(conn: &Connection, clock: &Clock, by: &str) -> Result<Vec<i64>> {
    if !roles_apply(conn)? {
        put(conn, clock, by, by, Role::Admin)?;
        let id = audit::append(
            conn,
            clock,
            by,
            &entry(AuditAction::UserGrant, by, None, Some(Role::Admin))
                .reason("the first admin of a database with no roles yet".to_string()),
        )?;
        return Ok(vec![id]);
    }
    match role_of(conn, by)? {
        Role::Admin => Ok(Vec::new()),
        r => Err(HubError::Refused(format!(
            "{by} is {} {}: only an admin manages users",
            article(r),
            r.code()
        ))),
    }
}

fn article(r: Role) -> &'static str {
    if r == Role::Admin || r == Role::Officer {
        "an"
    } else {
        "a"
    }
}

/// Gives `login` a role, with its audit row; returns the audit row numbers written.
pub fn grant(
    store: &mut super::Store,
    clock: &Clock,
    by: &str,
    login: &str,
    role: Role,
    reason: &str,
) -> Result<Vec<i64>> {
    let login = valid_login(login)?;
    let tx = store.write()?;
    let mut ids = require_admin(&tx, clock, by)?;
    let before = tx
        .query_row("SELECT role FROM users WHERE login = ?1", [&login], |r| {
            r.get::<_, String>(0)
        })
        .optional()?
        .map(|r| Role::parse(&r))
        .transpose()?;
    if before == Some(Role::Admin) && role != Role::Admin {
        refuse_last_admin(&tx, &login)?;
    }
    put(&tx, clock, by, &login, role)?;
    ids.push(audit::append(
        &tx,
        clock,
        by,
        &entry(AuditAction::UserGrant, &login, before, Some(role)).reason(reason.to_string()),
    )?);
    tx.commit()?;
    Ok(ids)
}

/// Takes `login`'s role away (it may then only look), with its audit row.
pub fn revoke(
    store: &mut super::Store,
    clock: &Clock,
    by: &str,
    login: &str,
    reason: &str,
) -> Result<Vec<i64>> {
    let login = valid_login(login)?;
    let tx = store.write()?;
    let mut ids = require_admin(&tx, clock, by)?;
    let before = tx
        .query_row("SELECT role FROM users WHERE login = ?1", [&login], |r| {
            r.get::<_, String>(0)
        })
        .optional()?
        .ok_or_else(|| HubError::NotFound(format!("no user '{login}' is recorded")))?;
    let before = Role::parse(&before)?;
    if before == Role::Admin {
        refuse_last_admin(&tx, &login)?;
    }
    tx.execute("DELETE FROM users WHERE login = ?1", [&login])?;
    ids.push(audit::append(
        &tx,
        clock,
        by,
        &entry(AuditAction::UserRevoke, &login, Some(before), None).reason(reason.to_string()),
    )?);
    tx.commit()?;
    Ok(ids)
}

fn refuse_last_admin(conn: &Connection, login: &str) -> Result<()> {
    let admins: i64 = conn.query_row(
        "SELECT COUNT(*) FROM users WHERE role = 'admin' AND login <> ?1",
        [login],
        |r| r.get(0),
    )?;
    if admins == 0 {
        return Err(HubError::Refused(format!(
            "{login} is the only admin; grant another user admin first"
        )));
    }
    Ok(())
}

fn valid_login(login: &str) -> Result<String> {
    let l = login.trim();
    let ok = !l.is_empty()
        && l.len() <= 64
        && l.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '@' | '$'));
    if !ok {
        return Err(HubError::Invalid(format!(
            "USER: '{}' is not a login name (letters, digits and _ - . @ only)",
            crate::text::clean(l)
        )));
    }
    Ok(l.to_string())
}

/// Records an attempt the user's role does not allow, in its own transaction, and returns the
/// refusal to report.
pub fn refuse_attempt(
    store: &mut super::Store,
    clock: &Clock,
    by: &str,
    role: Role,
    what: &str,
) -> HubError {
    let why = format!(
        "{by} is {} {} and may only {}: {what} refused",
        article(role),
        role.code(),
        role.may()
    );
    let mut e = Entry::new(AuditAction::Refused, EntityRef::database());
    e.after = Some(json!({ "attempted": what, "role": role.code() }));
    let recorded = store.write().and_then(|tx| {
        audit::append(&tx, clock, by, &e.reason(why.clone()))?;
        tx.commit().map_err(HubError::from)
    });
    match recorded {
        Ok(()) => HubError::Refused(format!("{why}; the attempt is recorded in the audit log")),
        Err(_) => HubError::Refused(why),
    }
}
