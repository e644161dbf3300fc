//! The SQLite store: opening (WAL, foreign keys, busy timeout, migrations), the audit log, and the
//! reading and writing of each record; the read models the screens show (`read`), the scoring's
//! whole-table reads (`bulk`) and export's and import's table access (`tables`). No SQL is
//! written outside this module.

pub mod actor;
pub mod audit;
pub mod bulk;
pub mod delivery_plans;
pub mod files;
pub mod holder;
pub mod kept_totals;
pub mod lookup;
pub mod members;
pub mod migrations;
pub mod ocds;
pub mod opportunities;
pub mod plans;
pub mod practice;
pub mod prime;
pub mod read;
pub mod returns;
pub mod risks;
pub mod scores;
pub mod seal;
pub mod sql;
pub mod subcontracts;
pub mod tables;
pub mod users;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::error::{HubError, Result};

/// How long a write waits for a colleague's write to finish before giving up.
pub use crate::error::BUSY_TIMEOUT_SECS;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    ReadWrite,
    /// Read-only at the SQLite level: no write can happen, whatever the program does.
    ReadOnly,
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
    mode: OpenMode,
}

impl Store {
    /// Opens (creating if needed, in read-write mode) the database at `path` and brings its schema
    /// up to date.
    pub fn open(path: &Path, mode: OpenMode) -> Result<Store> {
        if path.is_dir() {
            return Err(HubError::Invalid(format!(
                "{} is a directory; name the database file inside it (e.g. {})",
                path.display(),
                path.join("hubboard.db").display()
            )));
        }
        if mode == OpenMode::ReadWrite && !path.exists() {
            files::create_shared(path)?;
        }
        if mode == OpenMode::ReadOnly && !path.exists() {
            return Err(HubError::NotFound(format!(
                "no database at {}",
                path.display()
            )));
        }
        let flags = match mode {
            OpenMode::ReadWrite => {
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE
            }
            OpenMode::ReadOnly => OpenFlags::SQLITE_OPEN_READ_ONLY,
        } | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| {
            HubError::Invalid(format!("cannot open database {}: {e}", path.display()))
        })?;
        Self::configure(conn, path, mode)
    }

    /// Opens `path` only to look at it (presentation mode, the board pack): read-only at the
    /// SQLite level. When that fails because the file or its directory cannot be written (a WAL
    /// database needs its `-shm` file, which SQLite then cannot create), the file is opened as
    /// immutable: nobody can be writing it through this account, so nothing is missed.
    pub fn open_for_viewing(path: &Path) -> Result<Store> {
        let first = match Self::open(path, OpenMode::ReadOnly) {
            Ok(s) => return Ok(s),
            Err(e) => e,
        };
        if !path.is_file() || writable(path) {
            return Err(first);
        }
        let absolute = std::fs::canonicalize(path)
            .map_err(|e| HubError::io(format!("cannot open {}", path.display()), e))?;
        let uri = format!("file:{}?immutable=1", uri_path(&absolute));
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(&uri, flags).map_err(|e| {
            HubError::Invalid(format!("cannot open database {}: {e}", path.display()))
        })?;
        Self::configure(conn, path, OpenMode::ReadOnly)
    }

    /// Runs a look that keeps a cache where it can (the scores): on a read-write connection that
    /// gives up on the write lock at once, and, when a colleague holds it or the file cannot be
    /// written, again on a read-only one (worked out in memory, nothing kept). A reader never
    /// waits for a writer.
    pub fn look_keeping_cache<T>(
        path: &Path,
        look: impl Fn(&Connection) -> Result<T>,
    ) -> Result<T> {
        if path.is_file() && writable(path) {
            let store = Self::open(path, OpenMode::ReadWrite)?;
            store.conn.busy_timeout(Duration::from_millis(50))?;
            match look(store.conn()) {
                Err(HubError::Busy(..)) => {}
                other => return other,
            }
        }
        let store = Self::open_for_viewing(path)?;
        look(store.conn())
    }

    /// A private in-memory database, for tests and previews.
    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory()?;
        Self::configure(conn, Path::new(":memory:"), OpenMode::ReadWrite)
    }

    fn configure(mut conn: Connection, path: &Path, mode: OpenMode) -> Result<Store> {
        conn.busy_timeout(Duration::from_secs(BUSY_TIMEOUT_SECS))?;
        conn.pragma_update(None, "foreign_keys", true)?;
        // Plans that never depend on the values bound: else a cached statement ordering what an
        // equality selects (`WHERE subcontract = ?1 ORDER BY period`) is compiled again on each
        // use, as its bindings are cleared when it goes back to the cache.
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
        let not_a_db = |e: rusqlite::Error| match e {
            rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase => {
                HubError::Invalid(format!(
                    "{} is not a hubboard database (not SQLite)",
                    path.display()
                ))
            }
            other => other.into(),
        };
        match mode {
            OpenMode::ReadWrite => {
                // The seal beside the database follows each commit holding audit rows.
                conn.commit_hook(Some(|| {
                    seal::at_commit();
                    false
                }))?;
                conn.rollback_hook(Some(seal::at_rollback))?;
                let _: String = conn
                    .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
                    .map_err(not_a_db)?;
                conn.pragma_update(None, "synchronous", "NORMAL")?;
                migrations::migrate(&mut conn, path)?;
            }
            OpenMode::ReadOnly => {
                conn.pragma_update(None, "query_only", true)?;
                if migrations::check_version(&conn, path).map_err(|e| match e {
                    HubError::Db(inner) => not_a_db(inner),
                    other => other,
                })? {
                    return Err(HubError::Invalid(format!(
                        "{} needs upgrading to schema version {}; open it once without --read-only",
                        path.display(),
                        migrations::SCHEMA_VERSION
                    )));
                }
            }
        }
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            mode,
        })
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn mode(&self) -> OpenMode {
        self.mode
    }

    /// Starts a write transaction that takes the write lock at once (`BEGIN IMMEDIATE`), so two
    /// writers queue behind the busy timeout instead of failing half-way.
    pub fn write(&mut self) -> Result<Transaction<'_>> {
        if self.mode == OpenMode::ReadOnly {
            return Err(HubError::Refused("the database is open read-only".into()));
        }
        let path = self.path.clone();
        self.conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| files::said_with_file(HubError::from(e), &path))
    }

    /// Keeps this connection's temporary files — the journal a statement keeps to undo itself
    /// among them — in memory (`true`), or where SQLite keeps them by default (`false`). Set
    /// outside a transaction, for the next one.
    pub fn journal_statements_in_memory(&self, in_memory: bool) -> Result<()> {
        let store = if in_memory { "MEMORY" } else { "DEFAULT" };
        self.conn.pragma_update(None, "temp_store", store)?;
        Ok(())
    }

    /// True when the database holds no members, opportunities or sub-contracts.
    pub fn is_empty(&self) -> Result<bool> {
        // One row is enough to tell: counting them all reads the whole of each table.
        let any: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM members) OR EXISTS (SELECT 1 FROM opportunities)
                 OR EXISTS (SELECT 1 FROM subcontracts) OR EXISTS (SELECT 1 FROM risks)
                 OR EXISTS (SELECT 1 FROM commissioners)",
            [],
            |r| r.get(0),
        )?;
        Ok(!any)
    }
}

/// True when this account may write both the file and its directory.
/// Whether this account can write both the file and its directory (SQLite needs both).
pub fn writable(path: &Path) -> bool {
    let file_ok = std::fs::OpenOptions::new().append(true).open(path).is_ok();
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let probe = dir.join(format!(".hubboard-probe-{}", std::process::id()));
    let dir_ok = std::fs::File::create(&probe).is_ok();
    let _ = std::fs::remove_file(&probe);
    file_ok && dir_ok
}

/// A path written for an SQLite URI: characters that mean something in a URI are escaped.
fn uri_path(path: &Path) -> String {
    let mut out = String::new();
    for b in path.to_string_lossy().bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The database used when no `--db` is given and `HUBBOARD_DB` is unset.
pub fn default_db_path() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("hubboard")
        .join("hubboard.db")
}
