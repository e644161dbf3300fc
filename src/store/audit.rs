//! The append-only audit log. Each row carries the hash of the row before it, so an edit, a
//! deletion or a re-ordering made behind the program's back breaks the chain and is reported.

use rusqlite::{Connection, params};
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::clock::Clock;
use crate::domain::codes::EntityRef;
use crate::error::Result;

/// The hash a chain starts from.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What was done, as the audit log names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AuditAction {
    Award,
    Transfer,
    TransferIn,
    Suspend,
    Reinstate,
    Clawback,
    Reprofile,
    /// A contract variation: a prime's value or end changed by agreement.
    Vary,
    /// A monthly return recorded as it came in.
    ReturnRecord,
    /// A monthly return corrected, before and after kept.
    ReturnCorrect,
    /// A month's returns imported from a file.
    ReturnsImport,
    /// A member's compliance item renewed (the earlier one kept).
    ComplianceRenew,
    /// A member's tier changed.
    MemberTier,
    /// An opportunity moved to another stage.
    Stage,
    /// A member's capacity in a service line set.
    Capacity,
    /// A proposed award withdrawn before it started.
    Withdraw,
    /// A claw-back claim reversed by a claim of the opposite amount.
    ClaimReverse,
    /// The bid/no-bid screen recorded.
    Bid,
    /// A new opportunity recorded.
    OpportunityAdd,
    /// An open opportunity's details changed.
    OpportunityEdit,
    /// The delivery plan a bid names recorded.
    DeliveryPlan,
    /// A new member recorded.
    MemberAdd,
    /// A member's details changed.
    MemberEdit,
    /// A member left the consortium.
    MemberLeave,
    /// The Board's approval of a decision that needed it.
    BoardApproval,
    EarlyWarning,
    EarlyWarningClear,
    ImprovementAdd,
    ImprovementDone,
    RiskAdd,
    RiskEdit,
    RiskClose,
    RiskReopen,
    /// Written by earlier versions, which stored generated risks.
    RiskRaise,
    /// Written by earlier versions, which stored generated risks.
    RiskClear,
    Import,
    Demo,
    /// A user given a role (or the database's first admin recorded).
    UserGrant,
    /// A user's role taken away.
    UserRevoke,
    /// An attempt refused because of the user's role: who tried what.
    Refused,
    /// The database replaced by a backup (recorded in the restored copy).
    Restore,
    /// Opportunities taken from published OCDS notices.
    OcdsImport,
}

impl AuditAction {
    pub const ALL: [AuditAction; 42] = [
        AuditAction::Award,
        AuditAction::Transfer,
        AuditAction::TransferIn,
        AuditAction::Suspend,
        AuditAction::Reinstate,
        AuditAction::Clawback,
        AuditAction::Reprofile,
        AuditAction::Vary,
        AuditAction::ReturnRecord,
        AuditAction::ReturnCorrect,
        AuditAction::ReturnsImport,
        AuditAction::ComplianceRenew,
        AuditAction::MemberTier,
        AuditAction::Stage,
        AuditAction::Capacity,
        AuditAction::Withdraw,
        AuditAction::ClaimReverse,
        AuditAction::Bid,
        AuditAction::OpportunityAdd,
        AuditAction::OpportunityEdit,
        AuditAction::DeliveryPlan,
        AuditAction::MemberAdd,
        AuditAction::MemberEdit,
        AuditAction::MemberLeave,
        AuditAction::BoardApproval,
        AuditAction::EarlyWarning,
        AuditAction::EarlyWarningClear,
        AuditAction::ImprovementAdd,
        AuditAction::ImprovementDone,
        AuditAction::RiskAdd,
        AuditAction::RiskEdit,
        AuditAction::RiskClose,
        AuditAction::RiskReopen,
        AuditAction::RiskRaise,
        AuditAction::RiskClear,
        AuditAction::Import,
        AuditAction::Demo,
        AuditAction::UserGrant,
        AuditAction::UserRevoke,
        AuditAction::Refused,
        AuditAction::Restore,
        AuditAction::OcdsImport,
    ];

    /// The name stored in the log.
    pub fn code(self) -> &'static str {
        match self {
            AuditAction::Award => "award",
            AuditAction::Transfer => "transfer",
            AuditAction::TransferIn => "transfer_in",
            AuditAction::Suspend => "suspend",
            AuditAction::Reinstate => "reinstate",
            AuditAction::Clawback => "clawback",
            AuditAction::Reprofile => "reprofile",
            AuditAction::Vary => "vary",
            AuditAction::ReturnRecord => "return_record",
            AuditAction::ReturnCorrect => "return_correct",
            AuditAction::ReturnsImport => "returns_import",
            AuditAction::ComplianceRenew => "compliance_renew",
            AuditAction::MemberTier => "member_tier",
            AuditAction::Stage => "stage",
            AuditAction::Capacity => "capacity",
            AuditAction::Withdraw => "withdraw",
            AuditAction::ClaimReverse => "claim_reverse",
            AuditAction::Bid => "bid",
            AuditAction::OpportunityAdd => "opportunity_add",
            AuditAction::OpportunityEdit => "opportunity_edit",
            AuditAction::DeliveryPlan => "delivery_plan",
            AuditAction::MemberAdd => "member_add",
            AuditAction::MemberEdit => "member_edit",
            AuditAction::MemberLeave => "member_leave",
            AuditAction::BoardApproval => "board_approval",
            AuditAction::EarlyWarning => "early_warning",
            AuditAction::EarlyWarningClear => "early_warning_clear",
            AuditAction::ImprovementAdd => "improvement_add",
            AuditAction::ImprovementDone => "improvement_done",
            AuditAction::RiskAdd => "risk_add",
            AuditAction::RiskEdit => "risk_edit",
            AuditAction::RiskClose => "risk_close",
            AuditAction::RiskReopen => "risk_reopen",
            AuditAction::RiskRaise => "risk_raise",
            AuditAction::RiskClear => "risk_clear",
            AuditAction::Import => "import",
            AuditAction::Demo => "demo",
            AuditAction::UserGrant => "user_grant",
            AuditAction::UserRevoke => "user_revoke",
            AuditAction::Refused => "refused",
            AuditAction::Restore => "restore",
            AuditAction::OcdsImport => "ocds_import",
        }
    }

    /// The action a stored name stands for; `None` for a name this build does not know.
    pub fn from_code(code: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|a| a.code() == code)
    }
}

impl std::fmt::Display for AuditAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// What a state change records.
#[derive(Debug, Clone)]
pub struct Entry {
    pub action: AuditAction,
    /// What it was done to.
    pub entity: EntityRef,
    pub before: Option<Value>,
    pub after: Option<Value>,
    pub reason: Option<String>,
}

impl Entry {
    pub fn new(action: AuditAction, entity: EntityRef) -> Self {
        Entry {
            action,
            entity,
            before: None,
            after: None,
            reason: None,
        }
    }
    pub fn before<T: Serialize>(mut self, v: &T) -> Self {
        self.before = serde_json::to_value(v).ok();
        self
    }
    pub fn after<T: Serialize>(mut self, v: &T) -> Self {
        self.after = serde_json::to_value(v).ok();
        self
    }
    pub fn reason(mut self, r: impl Into<String>) -> Self {
        let r = r.into();
        self.reason = if r.trim().is_empty() { None } else { Some(r) };
        self
    }
}

/// One stored row of the log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
    pub reason: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

impl Row {
    /// The action, if this build knows its name.
    pub fn action(&self) -> Option<AuditAction> {
        AuditAction::from_code(&self.action)
    }

    /// The record the row is about, if its name is well formed.
    pub fn entity(&self) -> Option<EntityRef> {
        self.entity.parse().ok()
    }
}

/// The bytes a row's hash covers: its content and its link to the row before (its own `hash`
/// field excluded).
fn content(r: &Row) -> Vec<u8> {
    let mut h = Vec::new();
    let id = r.id.to_string();
    let parts = [
        Some(r.prev_hash.as_str()),
        Some(id.as_str()),
        Some(r.at.as_str()),
        Some(r.actor.as_str()),
        Some(r.action.as_str()),
        Some(r.entity.as_str()),
        r.before_json.as_deref(),
        r.after_json.as_deref(),
        r.reason.as_deref(),
    ];
    // Unit separators keep field boundaries unambiguous; a marker tells NULL from empty text.
    for part in parts {
        match part {
            Some(p) => {
                h.extend_from_slice(b"s");
                h.extend_from_slice(p.as_bytes());
            }
            None => h.extend_from_slice(b"n"),
        }
        h.push(0x1f);
    }
    h
}

/// The unkeyed hash (SHA-256) a log from before keying carries.
pub fn unkeyed_hash(r: &Row) -> String {
    Sha256::digest(content(r))
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The file a connection's database lives in, if it has one.
fn db_file(conn: &Connection) -> Option<std::path::PathBuf> {
    conn.path()
        .filter(|p| !p.is_empty() && *p != ":memory:")
        .map(std::path::PathBuf::from)
}

/// Appends `entry` inside the caller's transaction (a `Transaction` derefs to `Connection`), so
/// the change and its record commit or roll back together. Returns the new row's id.
pub fn append(conn: &Connection, clock: &Clock, actor: &str, entry: &Entry) -> Result<i64> {
    let (prev_id, prev_hash): (i64, String) = conn
        .query_row(
            "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok((0, GENESIS.to_string())),
            other => Err(other),
        })?;
    // Which clock may date this row: refused here, inside the row's transaction, if moved.
    super::practice::check_dating(conn, clock, prev_id == 0)?;
    let mut row = Row {
        id: prev_id + 1,
        at: clock.now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        actor: actor.to_string(),
        action: entry.action.code().to_string(),
        entity: entry.entity.to_string(),
        before_json: entry.before.as_ref().map(|v| v.to_string()),
        after_json: entry.after.as_ref().map(|v| v.to_string()),
        reason: entry.reason.clone(),
        prev_hash,
        hash: String::new(),
    };
    // Keyed with the database's secret where it has a file; noted for the seal at commit.
    row.hash = match db_file(conn) {
        Some(db) => {
            let key = super::seal::key_for_writing(&db)?;
            let hash = super::seal::keyed_hash(&key, &content(&row));
            let first = if row.id == 1 {
                hash.clone()
            } else {
                conn.query_row("SELECT hash FROM audit_log WHERE id = 1", [], |r| r.get(0))
                    .unwrap_or_default()
            };
            super::seal::pending(&db, &first, row.id, &hash);
            hash
        }
        None => unkeyed_hash(&row),
    };
    conn.execute(
        "INSERT INTO audit_log (id, at, actor, action, entity, before_json, after_json, reason, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            row.id,
            row.at,
            row.actor,
            row.action,
            row.entity,
            row.before_json,
            row.after_json,
            row.reason,
            row.prev_hash,
            row.hash
        ],
    )?;
    Ok(row.id)
}

const SELECT: &str = "SELECT id, at, actor, action, entity, before_json, after_json, reason, prev_hash, hash FROM audit_log";

fn read_row(r: &rusqlite::Row) -> rusqlite::Result<Row> {
    Ok(Row {
        id: r.get(0)?,
        at: r.get(1)?,
        actor: r.get(2)?,
        action: r.get(3)?,
        entity: r.get(4)?,
        before_json: r.get(5)?,
        after_json: r.get(6)?,
        reason: r.get(7)?,
        prev_hash: r.get(8)?,
        hash: r.get(9)?,
    })
}

/// Every row, oldest first; `entity` narrows to one record.
pub fn list(conn: &Connection, entity: Option<&EntityRef>) -> Result<Vec<Row>> {
    let rows = match entity {
        Some(e) => {
            let mut st = conn.prepare(&format!("{SELECT} WHERE entity = ?1 ORDER BY id"))?;
            st.query_map([e.to_string()], read_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?
        }
        None => {
            let mut st = conn.prepare(&format!("{SELECT} ORDER BY id"))?;
            st.query_map([], read_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?
        }
    };
    Ok(rows)
}

/// Row `id`, if there is one.
pub fn get(conn: &Connection, id: i64) -> Result<Option<Row>> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .query_row(&format!("{SELECT} WHERE id = ?1"), [id], read_row)
        .optional()?)
}

/// The id of the newest row (0 for an empty log): where a plan's reading of the log ends.
pub fn last_id(conn: &Connection) -> Result<i64> {
    Ok(
        conn.query_row("SELECT COALESCE(MAX(id), 0) FROM audit_log", [], |r| {
            r.get(0)
        })?,
    )
}

/// Rows written after row `id`, oldest first: what colleagues decided since a plan was read.
pub fn after(conn: &Connection, id: i64) -> Result<Vec<Row>> {
    let mut st = conn.prepare(&format!("{SELECT} WHERE id > ?1 ORDER BY id"))?;
    let rows = st
        .query_map([id], read_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The outcome of checking the chain.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Every row's hash matches its content and links to the row before; `rows` checked.
    Intact { rows: u64 },
    /// The first row that does not match, and why.
    Broken { id: i64, problem: String },
}

/// Walks the chain from the first row, recomputing every hash.
pub fn verify(conn: &Connection) -> Result<Verdict> {
    let db = db_file(conn);
    let key = match &db {
        Some(d) => super::seal::load_key(d)?,
        None => None,
    };
    let mut st = conn.prepare(&format!("{SELECT} ORDER BY id"))?;
    let mut rows = st.query([])?;
    let mut prev = GENESIS.to_string();
    let mut expected_id = 1i64;
    let mut count = 0u64;
    let mut keyed_seen = false;
    let mut hashes: std::collections::HashMap<i64, String> = std::collections::HashMap::new();
    // Dated by the system clock, a database's rows go forward in time, day by day.
    let dated_by_system = !super::practice::is_practice(conn)?;
    let mut last_day = String::new();
    while let Some(r) = rows.next()? {
        let row = read_row(r)?;
        let day = row.at.get(..10).unwrap_or_default().to_string();
        if dated_by_system && day < last_day {
            return Ok(Verdict::Broken {
                id: row.id,
                problem: format!(
                    "it is dated {day}, before the row above it ({last_day}), on a database whose \
                     decisions are dated by the system clock: it was back-dated"
                ),
            });
        }
        last_day = last_day.max(day);
        let keyed = row.hash.starts_with(super::seal::KEYED);
        if keyed_seen && !keyed {
            return Ok(Verdict::Broken {
                id: row.id,
                problem: "an unkeyed hash after keyed ones: the log was re-hashed outside hubboard"
                    .into(),
            });
        }
        keyed_seen |= keyed;
        let expected = match (&key, keyed) {
            (Some(k), true) => super::seal::keyed_hash(k, &content(&row)),
            (None, true) => {
                return Ok(Verdict::Broken {
                    id: row.id,
                    problem: "its hash is keyed but the key file beside the database is missing"
                        .into(),
                });
            }
            (_, false) => unkeyed_hash(&row),
        };
        if row.id != expected_id {
            return Ok(Verdict::Broken {
                id: row.id,
                problem: format!("expected row {expected_id} next: a row is missing"),
            });
        }
        if row.prev_hash != prev {
            return Ok(Verdict::Broken {
                id: row.id,
                problem: "its link to the previous row does not match: a row before it was removed or replaced".into(),
            });
        }
        if expected != row.hash {
            return Ok(Verdict::Broken {
                id: row.id,
                problem: "its content does not match its hash: it was edited outside hubboard"
                    .into(),
            });
        }
        hashes.insert(row.id, row.hash.clone());
        prev = row.hash;
        expected_id += 1;
        count += 1;
    }
    // A database given a key has keyed rows and a seal from then on.
    let keyed = keyed_seen || key.is_some();
    if let Some(db) = &db
        && let Some(problem) = against_seal(db, keyed, &hashes)?
    {
        return Ok(Verdict::Broken {
            id: problem.0,
            problem: problem.1,
        });
    }
    Ok(Verdict::Intact { rows: count })
}

/// What the seal beside the database says against the log: rows it names must be there with the
/// hashes it names.
fn against_seal(
    db: &std::path::Path,
    keyed: bool,
    hashes: &std::collections::HashMap<i64, String>,
) -> Result<Option<(i64, String)>> {
    let Some(first) = hashes.get(&1) else {
        // An empty log with a seal naming rows: every row was deleted.
        return Ok(super::seal::has_lines(db).then(|| {
            (
                1,
                "the seal names rows but the log is empty: its rows were deleted".into(),
            )
        }));
    };
    let Some((id, hash)) = super::seal::last_sealed(db, first)? else {
        return Ok(keyed.then(|| {
            (
                0,
                "the log is keyed but the seal names none of its rows: the seal is missing, or the log was re-chained, replaced or truncated outside hubboard".into(),
            )
        }));
    };
    Ok(match hashes.get(&id) {
        None => Some((
            id,
            format!(
                "the seal names row {id}, which is not in the log: rows were deleted from its end"
            ),
        )),
        Some(h) if *h != hash => Some((
            id,
            "its hash differs from the one sealed: the log was re-chained outside hubboard".into(),
        )),
        Some(_) => None,
    })
}
