//! Who is likely holding the write lock, for the busy message. SQLite does not say; on Linux the
//! kernel does: a WAL database's writer holds a POSIX lock on byte 120 of its `-shm` file (a
//! rollback-journal database's on the reserved byte of the file itself), and `/proc/locks` names
//! the process holding it, whose owner and program `/proc` gives. Anywhere else, or when the
//! holder cannot be seen, the message says "a colleague".

use std::os::unix::fs::MetadataExt;
use std::path::Path;

/// The byte of the `-shm` file a WAL writer locks (WAL_WRITE_LOCK).
const WAL_WRITE_BYTE: u64 = 120;
/// The byte of the database file a rollback-journal writer locks (RESERVED_BYTE).
const RESERVED_BYTE: u64 = 0x4000_0001;

/// "alice (sqlite3, process 4242)", or `None` when it cannot be told.
pub fn likely(db: &Path) -> Option<String> {
    let locks = std::fs::read_to_string("/proc/locks").ok()?;
    let shm = std::path::PathBuf::from(format!("{}-shm", db.display()));
    let pid = [(shm.as_path(), WAL_WRITE_BYTE), (db, RESERVED_BYTE)]
        .into_iter()
        .find_map(|(file, byte)| writer_of(&locks, file, byte))?;
    describe(pid)
}

/// The process holding a write lock over `byte` of `file`, from the text of `/proc/locks`.
fn writer_of(locks: &str, file: &Path, byte: u64) -> Option<u32> {
    let meta = std::fs::metadata(file).ok()?;
    let (major, minor) = (libc::major(meta.dev()), libc::minor(meta.dev()));
    locks.lines().find_map(|line| {
        let f: Vec<&str> = line.split_whitespace().collect();
        // "1: POSIX  ADVISORY  WRITE 4242 fd:00:131 120 120"; waiting requests have "->".
        if f.len() < 8 || f[1] != "POSIX" || f[3] != "WRITE" {
            return None;
        }
        let mut id = f[5].split(':');
        let dev_major = u32::from_str_radix(id.next()?, 16).ok()?;
        let dev_minor = u32::from_str_radix(id.next()?, 16).ok()?;
        let inode: u64 = id.next()?.parse().ok()?;
        let start: u64 = f[6].parse().ok()?;
        let covers = match f[7] {
            "EOF" => start <= byte,
            end => (start..=end.parse().ok()?).contains(&byte),
        };
        let same = inode == meta.ino() && dev_major == major && dev_minor == minor;
        let pid: u32 = f[4].parse().ok()?;
        (same && covers && pid != std::process::id()).then_some(pid)
    })
}

/// The login owning `pid` and the program it runs.
fn describe(pid: u32) -> Option<String> {
    let proc = std::path::PathBuf::from(format!("/proc/{pid}"));
    let uid = std::fs::metadata(&proc).ok()?.uid();
    let program = std::fs::read_to_string(proc.join("comm")).unwrap_or_default();
    let program = crate::text::clean(program.trim());
    let who = super::actor::login_of(uid);
    Some(if program.is_empty() {
        format!("{who} (process {pid})")
    } else {
        format!("{who} ({program}, process {pid})")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_lock_held_by_another_process_is_found_in_proc_locks_text() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("hub.db-shm");
        std::fs::write(&file, b"x").unwrap();
        let meta = std::fs::metadata(&file).unwrap();
        let id = format!(
            "{:02x}:{:02x}:{}",
            libc::major(meta.dev()),
            libc::minor(meta.dev()),
            meta.ino()
        );
        let locks = format!(
            "1: POSIX  ADVISORY  READ 11 {id} 120 120\n\
             2: -> POSIX  ADVISORY  WRITE 12 {id} 120 120\n\
             3: POSIX  ADVISORY  WRITE 13 {id} 128 EOF\n\
             4: POSIX  ADVISORY  WRITE 14 {id} 120 120\n"
        );
        assert_eq!(writer_of(&locks, &file, WAL_WRITE_BYTE), Some(14));
        assert_eq!(writer_of("", &file, WAL_WRITE_BYTE), None);
        assert_eq!(writer_of(&locks, &dir.path().join("none"), 120), None);
    }
}
