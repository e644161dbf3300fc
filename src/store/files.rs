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
