//! The audit log's anchors outside the database, so it cannot be quietly rewritten by someone who
//! can only write the database file. Beside `hub.db`:
//! - `hub.db.key` — a secret (32 random bytes, owner and group only) each row's hash is keyed
//!   with (HMAC-SHA256, stored as `k1:` and the hex), so rows cannot be re-hashed without it;
//! - `hub.db.seal` — one line `first id hash` appended when a transaction holding audit rows
//!   commits, `first` being the hash of the log's first row (which names the database, so a
//!   database swapped into place by `demo --force` or `restore` finds its own lines): the log may
//!   not lose rows the seal names (truncation) nor change their hashes (re-chaining).
//!
//! A database with neither file (from before keying) keeps its unkeyed chain; its first write
//! creates the key. Someone who can also write (or delete) these files defeats them: they are an
//! anchor against editing the database alone.

use std::cell::RefCell;
use std::fs::OpenOptions;
use std::io::Write as _;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::error::{HubError, Result};

/// The prefix of a keyed hash.
pub const KEYED: &str = "k1:";

const KEY_MODE: u32 = 0o640;

pub fn key_path(db: &Path) -> PathBuf {
    PathBuf::from(format!("{}.key", db.display()))
}

pub fn seal_path(db: &Path) -> PathBuf {
    PathBuf::from(format!("{}.seal", db.display()))
}

/// The key, if the database has one.
pub fn load_key(db: &Path) -> Result<Option<Vec<u8>>> {
    match std::fs::read(key_path(db)) {
        Ok(k) if k.len() == 32 => Ok(Some(k)),
        Ok(_) => Err(HubError::Invalid(format!(
            "{} is not a hubboard audit key (32 bytes)",
            key_path(db).display()
        ))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(HubError::io(
            format!("cannot read {}", key_path(db).display()),
            e,
        )),
    }
}

/// The key to write with, created on the database's first keyed write.
pub fn key_for_writing(db: &Path) -> Result<Vec<u8>> {
    if let Some(k) = load_key(db)? {
        return Ok(k);
    }
    let path = key_path(db);
    let cannot = |e| HubError::io(format!("cannot create {}", path.display()), e);
    // The operating system's randomness.
    let mut key = vec![0u8; 32];
    std::io::Read::read_exact(
        &mut std::fs::File::open("/dev/urandom").map_err(cannot)?,
        &mut key,
    )
    .map_err(cannot)?;
    match OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(KEY_MODE)
        .open(&path)
    {
        Ok(mut f) => {
            f.write_all(&key).map_err(cannot)?;
            f.sync_all().map_err(cannot)?;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(KEY_MODE))
                .map_err(cannot)?;
            Ok(key)
        }
        // A colleague made it a moment ago.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            load_key(db)?.ok_or_else(|| cannot(e))
        }
        Err(e) => Err(cannot(e)),
    }
}

/// HMAC-SHA256 of `bytes` under `key`, as stored: `k1:` and the hex.
pub fn keyed_hash(key: &[u8], bytes: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(bytes);
    let hex: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("{KEYED}{hex}")
}

thread_local! {
    /// The last audit row appended in the transaction under way on this thread, to seal at
    /// commit: (database, id, hash).
    static PENDING: RefCell<Option<(PathBuf, String)>> = const { RefCell::new(None) };
}

/// Notes an appended row of the log whose first row has hash `first`, to be sealed when its
/// transaction commits.
pub fn pending(db: &Path, first: &str, id: i64, hash: &str) {
    PENDING.with(|p| *p.borrow_mut() = Some((db.to_path_buf(), format!("{first} {id} {hash}"))));
}

/// At commit: appends the last row of the transaction to the seal. A failure to write the seal
/// does not undo the commit (it is reported by `audit verify` as rows beyond the seal).
pub fn at_commit() {
    if let Some((db, line)) = PENDING.with(|p| p.borrow_mut().take()) {
        let path = seal_path(&db);
        if let Ok(mut f) = OpenOptions::new()
            .append(true)
            .create(true)
            .mode(KEY_MODE)
            .open(&path)
        {
            let _ = f.write_all(format!("{line}\n").as_bytes());
            let _ = f.sync_data();
        }
    }
}

/// At rollback: nothing to seal.
pub fn at_rollback() {
    PENDING.with(|p| *p.borrow_mut() = None);
}

/// The row the seal last named for the log whose first row has hash `first`, with its hash;
/// `None` when the seal names none.
pub fn last_sealed(db: &Path, first: &str) -> Result<Option<(i64, String)>> {
    let text = match std::fs::read_to_string(seal_path(db)) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(HubError::io(
                format!("cannot read {}", seal_path(db).display()),
                e,
            ));
        }
    };
    Ok(text
        .lines()
        .rev()
        .filter_map(|l| {
            let mut parts = l.split_whitespace();
            let (tag, id, hash) = (parts.next()?, parts.next()?, parts.next()?);
            (tag == first).then(|| Some((id.parse::<i64>().ok()?, hash.to_string())))?
        })
        // The latest line: commits seal in the order they commit (the write lock orders them),
        // and a restore seals the log it puts back.
        .next())
}

/// Whether the seal names any row at all (of any log).
pub fn has_lines(db: &Path) -> bool {
    std::fs::read_to_string(seal_path(db)).is_ok_and(|t| t.lines().any(|l| !l.trim().is_empty()))
}

/// Before the database built at `from` is renamed over `to`: its key goes beside `to` and its
/// seal lines are added to `to`'s seal, so whichever database is in place — the old one until the
/// rename, the new one after — finds its own lines there.
pub fn adopt_anchors(from: &Path, to: &Path) -> Result<()> {
    let (ka, kb) = (key_path(from), key_path(to));
    if ka.exists() {
        std::fs::rename(&ka, &kb)
            .map_err(|e| HubError::io(format!("cannot move {}", ka.display()), e))?;
    }
    let sa = seal_path(from);
    if let Ok(lines) = std::fs::read_to_string(&sa) {
        let cannot = |e| HubError::io(format!("cannot write {}", seal_path(to).display()), e);
        let mut f = OpenOptions::new()
            .append(true)
            .create(true)
            .mode(KEY_MODE)
            .open(seal_path(to))
            .map_err(cannot)?;
        f.write_all(lines.as_bytes()).map_err(cannot)?;
        f.sync_data().map_err(cannot)?;
        let _ = std::fs::remove_file(&sa);
    }
    Ok(())
}

/// Gives the copy at `to` the key of `from` and a seal naming its last row, so it verifies on its
/// own (a backup, a restore being built).
pub fn anchor_copy(from: &Path, to: &Path, last: Option<(String, i64, String)>) -> Result<()> {
    if let Some(key) = load_key(from)? {
        let path = key_path(to);
        let cannot = |e| HubError::io(format!("cannot write {}", path.display()), e);
        let mut f = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(KEY_MODE)
            .open(&path)
            .map_err(cannot)?;
        f.write_all(&key).map_err(cannot)?;
    }
    if let Some((first, id, hash)) = last {
        std::fs::write(seal_path(to), format!("{first} {id} {hash}\n"))
            .map_err(|e| HubError::io(format!("cannot write {}", seal_path(to).display()), e))?;
    }
    Ok(())
}
