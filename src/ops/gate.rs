//! The one gate for writing: whether this process may change the database is decided here, and
//! every write — each decision's commit, an import, a demo, the creation of a database file —
//! passes through it, from the command line and the dashboard alike. Stores are opened through it
//! too, so a read-only session opens SQLite read-only and never creates a file. Roles will be
//! added here: `permits` is the one question every front end asks.

use std::path::Path;

use super::registry::DecisionKind;
use crate::error::{HubError, Result};
use crate::store::{OpenMode, Store};

/// What this process is allowed to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Look only: nothing is written or created, not even a cache.
    ReadOnly,
    ReadWrite,
}

/// A kind of write, as the gate judges it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Write {
    Decision(DecisionKind),
    /// Build a demo consortium (replacing the database with `--force`).
    Demo,
    /// Create a database file where none is.
    CreateDatabase,
    /// Grant or revoke a user's role.
    Users,
    /// Replace the database with a backup.
    Restore,
}

impl Write {
    fn describe(self) -> String {
        match self {
            Write::Decision(k) => format!("the decision '{}'", k.name()),
            Write::Demo => "building a demo".into(),
            Write::CreateDatabase => "creating a database".into(),
            Write::Users => "changing a user's role".into(),
            Write::Restore => "restoring a backup".into(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gate {
    access: Access,
}

impl Gate {
    pub fn new(access: Access) -> Gate {
        Gate { access }
    }

    pub fn read_only() -> Gate {
        Gate::new(Access::ReadOnly)
    }

    pub fn read_write() -> Gate {
        Gate::new(Access::ReadWrite)
    }

    pub fn access(&self) -> Access {
        self.access
    }

    pub fn is_read_only(&self) -> bool {
        self.access == Access::ReadOnly
    }

    /// Whether this process may make this write.
    pub fn permits(&self, _write: Write) -> bool {
        self.access == Access::ReadWrite
    }

    /// Refuses a write this process may not make, saying why and that nothing was written.
    pub fn require(&self, write: Write) -> Result<()> {
        if self.permits(write) {
            return Ok(());
        }
        Err(HubError::NotPermitted(format!(
            "{} is not available: the session is read-only (--read-only); nothing was written",
            write.describe()
        )))
    }

    /// Opens an existing database to look at it: read-only at the SQLite level when this session
    /// is read-only; never creates a file.
    pub fn open(&self, path: &Path) -> Result<Store> {
        if !path.exists() {
            return Err(HubError::NotFound(format!(
                "no database at {} (create one with `hubboard demo` or `hubboard import`)",
                path.display()
            )));
        }
        match self.access {
            Access::ReadOnly => Store::open(path, OpenMode::ReadOnly),
            Access::ReadWrite => Store::open(path, OpenMode::ReadWrite),
        }
    }

    /// Opens the database for `write`, creating the file if `create` and it does not exist yet.
    /// Refused before anything is touched when the write is not permitted.
    pub fn open_to_write(&self, path: &Path, write: Write, create: bool) -> Result<Store> {
        self.require(write)?;
        if !path.exists() {
            if !create {
                return self.open(path);
            }
            self.require(Write::CreateDatabase)?;
        }
        Store::open(path, OpenMode::ReadWrite)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_only_gate_refuses_every_write_and_creates_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("none.db");
        let gate = Gate::read_only();
        for kind in DecisionKind::ALL {
            assert!(!gate.permits(Write::Decision(*kind)));
        }
        let e = gate.open_to_write(&path, Write::Demo, true).err().unwrap();
        assert_eq!(e.exit_code(), 5, "{e}");
        assert!(gate.open(&path).is_err());
        assert!(!path.exists());
    }

    #[test]
    fn a_read_write_gate_opens_only_what_exists_unless_asked_to_create() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.db");
        let gate = Gate::read_write();
        assert!(gate.open(&path).is_err());
        assert!(!path.exists());
        gate.open_to_write(&path, Write::Demo, true).unwrap();
        assert!(path.exists());
    }
}
