//! Helpers shared by the import/export tests: fresh databases, the hand fixture, table dumps.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use hubboard::clock::Clock;
use hubboard::exchange::{self, Format, ImportSummary};
use hubboard::store::{OpenMode, Store};
use tempfile::TempDir;

/// The fixtures' "today".
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

pub fn clock() -> Clock {
    Clock::fixed(today())
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

pub fn hand_dir() -> PathBuf {
    fixtures().join("hand")
}

/// A new, empty database in a file of its own (a file, so a second connection can share it).
pub fn fresh_store() -> (TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("hub.db"), OpenMode::ReadWrite).unwrap();
    (dir, store)
}

/// Imports `dir` through the import decision (plan, then commit with its audit row).
pub fn import(store: &mut Store, dir: &Path, format: Format) -> hubboard::Result<ImportSummary> {
    let config = hubboard::config::Config::default();
    let clock = clock();
    let by = hubboard::ops::Decider::new(&clock, "tester", &config);
    let request = hubboard::ops::import::ImportRequest {
        dir: dir.to_path_buf(),
        format,
    };
    hubboard::ops::decide::<hubboard::ops::import::Import>(
        store,
        &hubboard::ops::Gate::read_write(),
        &by,
        &request,
        &hubboard::ops::Why::default(),
    )
    .map(|c| c.outcome.summary)
}

/// A fresh database holding the hand fixture.
pub fn hand_store() -> (TempDir, Store) {
    let (dir, mut store) = fresh_store();
    import(&mut store, &hand_dir(), Format::Csv).unwrap();
    (dir, store)
}

/// Every exported file's bytes, by file name.
pub fn export_to_map(store: &Store, format: Format) -> BTreeMap<String, Vec<u8>> {
    let out = tempfile::tempdir().unwrap();
    exchange::export_dir(store, out.path(), format).unwrap();
    read_dir_files(out.path())
}

pub fn read_dir_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        files.insert(name, std::fs::read(entry.path()).unwrap());
    }
    files
}

/// Everything in the database, including the audit log, as text: for "unchanged" checks.
pub fn dump(store: &Store) -> String {
    let mut out = String::new();
    for (name, bytes) in export_to_map(store, Format::Csv) {
        out.push_str(&format!("== {name}\n{}", String::from_utf8(bytes).unwrap()));
    }
    let audit: Vec<String> = store
        .conn()
        .prepare("SELECT id, action, entity, hash FROM audit_log ORDER BY id")
        .unwrap()
        .query_map([], |r| {
            Ok(format!(
                "{} {} {} {}",
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    out.push_str(&format!("== audit_log\n{}\n", audit.join("\n")));
    out
}

/// Copies the table files of `from` into a new directory, for tests that alter a copy.
pub fn copy_dir(from: &Path) -> TempDir {
    let to = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), to.path().join(entry.file_name())).unwrap();
        }
    }
    to
}
