//! The database's files on disk: a new database is created readable and writable by its owner
//! and group only (0660, whatever the umask), in a directory created 0770, so a hub shares it
//! through a group and nobody else on the server can read it. SQLite gives the -wal and -shm
//! files the database file's permissions.

use std::fs::{DirBuilder, OpenOptions, Permissions};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;

use crate::error::{HubError, Result};

/// Permissions of a new database file.
pub const FILE_MODE: u32 = 0o660;
/// Permissions of a directory created to hold one.
pub const DIR_MODE: u32 = 0o770;

/// Creates the empty file `path` (and its directory when missing) with the shared permissions.
pub fn create_shared(path: &Path) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.exists()
    {
        DirBuilder::new()
            .recursive(true)
            .mode(DIR_MODE)
            .create(dir)
            .and_then(|()| std::fs::set_permissions(dir, Permissions::from_mode(DIR_MODE)))
            .map_err(|e| HubError::io(format!("cannot create {}", dir.display()), e))?;
    }
    let cannot = |e| HubError::io(format!("cannot create {}", path.display()), e);
    match OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(FILE_MODE)
        .open(path)
    {
        Ok(_) => {}
        // A colleague created it a moment ago: open theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Ok(()),
        Err(e) => return Err(cannot(e)),
    }
    // The umask may have taken the group's write away; the mode is set as asked.
    std::fs::set_permissions(path, Permissions::from_mode(FILE_MODE)).map_err(cannot)
}

/// An error of the machine under `db` (a full disk, a read-only file, a failed read or write)
/// said with the file it concerns and what to do; a busy one names the lock's likely holder.
pub fn said_with_file(e: HubError, db: &Path) -> HubError {
    let code = match &e {
        HubError::Busy(secs, None) => return HubError::Busy(*secs, super::holder::likely(db)),
        HubError::Db(rusqlite::Error::SqliteFailure(f, _)) => f.code,
        _ => return e,
    };
    storage_failure(code, db).map_or(e, HubError::Storage)
}

/// What a failure of the machine under the database means, in words naming its file: `None` for
/// a failure that is not about the files (a constraint, a bug).
fn storage_failure(code: rusqlite::ErrorCode, db: &Path) -> Option<String> {
    use rusqlite::ErrorCode as C;
    let dir = db
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let who = super::actor::current();
    let full = || {
        format!(
            "{}: the disk is full (or the database reached its size limit); nothing was \
             written. Free space in {} and try again",
            db.display(),
            dir.display()
        )
    };
    Some(match code {
        C::DiskFull => full(),
        C::SystemIoFailure if free_bytes(dir).is_some_and(|b| b < 1 << 20) => full(),
        C::SystemIoFailure => format!(
            "{}: the disk reported a read or write failure; nothing was written. Check the disk \
             and `hubboard audit verify`",
            db.display()
        ),
        C::ReadOnly | C::PermissionDenied => format!(
            "{}: {who} may not write it — the file, its -wal or -shm file, or the directory {} is \
             read-only to {who}; nothing was written. Ask whoever looks after the server to add \
             {who} to the database's group",
            db.display(),
            dir.display()
        ),
        C::CannotOpen => format!(
            "{}: cannot be opened — it or its directory {} is missing or not readable by {who}",
            db.display(),
            dir.display()
        ),
        _ => return None,
    })
}

/// Bytes free to this user on the filesystem holding `dir`.
fn free_bytes(dir: &Path) -> Option<u64> {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
    let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: `c` is a valid C string and `st` a buffer of the right type.
    (unsafe { libc::statvfs(c.as_ptr(), &mut st) } == 0)
        .then(|| st.f_bavail as u64 * st.f_frsize as u64)
}
