//! Reading OCDS files: release packages, record packages (their compiled release, or their
//! releases merged), single releases and JSON Lines of any of these; a directory is every
//! `.json`, `.jsonl` and `.ndjson` file in it. A file that cannot be read as any of them is
//! skipped with the reason; a path that does not exist is refused before anything is read.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::{HubError, Result};

/// A file's releases as found, or why it was skipped.
#[derive(Debug, Clone)]
pub struct FileReleases {
    pub file: PathBuf,
    pub releases: Vec<Value>,
    /// Why the whole file, or parts of it, were not taken.
    pub skipped: Vec<String>,
    /// The bytes as read, fingerprinted so that a file changed after it was checked is noticed.
    pub sha256: String,
}

/// Larger files are skipped, not read into memory.
const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// The files named, directories expanded, in order; refused if any path does not exist.
pub fn files_in(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| HubError::io(format!("cannot read directory {}", p.display()), e))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.is_file() && is_ocds_name(f))
                .collect();
            found.sort();
            files.extend(found);
        } else if p.is_file() {
            files.push(p.clone());
        } else {
            return Err(HubError::NotFound(format!(
                "{}: no such file or directory",
                p.display()
            )));
        }
    }
    Ok(files)
}

fn is_ocds_name(f: &Path) -> bool {
    matches!(
        f.extension().and_then(|e| e.to_str()),
        Some("json" | "jsonl" | "ndjson")
    )
}

/// Reads every file named (directories expanded).
pub fn read_paths(paths: &[PathBuf]) -> Result<Vec<FileReleases>> {
    files_in(paths)?
        .into_iter()
        .map(|f| Ok(read_file(&f)))
        .collect()
}

/// One file's releases; never fails — what cannot be read is said in `skipped`.
pub fn read_file(file: &Path) -> FileReleases {
    let mut out = FileReleases {
        file: file.to_path_buf(),
        releases: Vec::new(),
        skipped: Vec::new(),
        sha256: String::new(),
    };
    let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
    if size > MAX_FILE_BYTES {
        out.skipped.push(format!(
            "the whole file: {size} bytes, more than the {MAX_FILE_BYTES} read"
        ));
        return out;
    }
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => {
            out.skipped
                .push(format!("the whole file: cannot read it: {e}"));
            return out;
        }
    };
    out.sha256 = sha256_hex(&bytes);
    let Ok(text) = std::str::from_utf8(&bytes) else {
        out.skipped.push("the whole file: not UTF-8 text".into());
        return out;
    };
    match serde_json::from_str::<Value>(text) {
        Ok(doc) => take(&doc, "", &mut out),
        Err(whole) => {
            // JSON Lines: one package or release on each line.
            let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
            if lines.len() < 2 {
                out.skipped.push(format!(
                    "the whole file: not JSON ({})",
                    clean(&whole.to_string())
                ));
                return out;
            }
            for (i, line) in text.lines().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                match serde_json::from_str::<Value>(line) {
                    Ok(doc) => take(&doc, &format!("line {}: ", i + 1), &mut out),
                    Err(e) => out.skipped.push(format!(
                        "line {}: not JSON ({})",
                        i + 1,
                        clean(&e.to_string())
                    )),
                }
            }
        }
    }
    out
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn clean(s: &str) -> String {
    crate::text::clean(s)
}

/// Takes the releases of one JSON document, whatever kind of OCDS document it is.
fn take(doc: &Value, at: &str, out: &mut FileReleases) {
    if let Some(releases) = doc.get("releases").and_then(Value::as_array) {
        for (i, r) in releases.iter().enumerate() {
            release(r, &format!("{at}release {}", i + 1), out);
        }
    } else if let Some(records) = doc.get("records").and_then(Value::as_array) {
        for (i, rec) in records.iter().enumerate() {
            record(rec, &format!("{at}record {}", i + 1), out);
        }
    } else if doc.get("ocid").is_some() {
        release(doc, &format!("{at}the release"), out);
    } else if let Some(list) = doc.as_array() {
        for (i, r) in list.iter().enumerate() {
            release(r, &format!("{at}item {}", i + 1), out);
        }
    } else {
        out.skipped.push(format!(
            "{}not an OCDS release or package (no releases, records or ocid)",
            if at.is_empty() {
                "the whole file: "
            } else {
                at
            }
        ));
    }
}

fn release(r: &Value, at: &str, out: &mut FileReleases) {
    if !r.is_object() {
        out.skipped.push(format!("{at}: not an object"));
    } else if r
        .get("ocid")
        .and_then(Value::as_str)
        .is_none_or(|s| s.trim().is_empty())
    {
        out.skipped.push(format!("{at}: no ocid"));
    } else {
        out.releases.push(r.clone());
    }
}

/// A record: its compiled release if it has one, else its embedded releases (merged later with
/// every other release of the same process).
fn record(rec: &Value, at: &str, out: &mut FileReleases) {
    if let Some(compiled) = rec.get("compiledRelease") {
        return release(compiled, &format!("{at} compiled release"), out);
    }
    let embedded: Vec<&Value> = rec
        .get("releases")
        .and_then(Value::as_array)
        .map(|rs| rs.iter().filter(|r| r.get("ocid").is_some()).collect())
        .unwrap_or_default();
    if embedded.is_empty() {
        out.skipped.push(format!(
            "{at}: neither a compiled release nor embedded releases (only links)"
        ));
    }
    for (i, r) in embedded.into_iter().enumerate() {
        release(r, &format!("{at} release {}", i + 1), out);
    }
}

/// Every release of one contracting process merged in date order into one: later values win,
/// objects merge field by field, lists are replaced whole.
pub fn compile(mut releases: Vec<&Value>) -> Value {
    releases.sort_by_key(|r| {
        r.get("date")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    });
    let mut out = Value::Object(serde_json::Map::new());
    for r in releases {
        merge(&mut out, r);
    }
    out
}

fn merge(into: &mut Value, from: &Value) {
    match (into, from) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in b {
                match a.get_mut(k) {
                    Some(existing) if v.is_object() && existing.is_object() => merge(existing, v),
                    // A null in a later release says nothing new.
                    Some(_) if v.is_null() => {}
                    _ => {
                        a.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (slot, v) => *slot = v.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn later_releases_win_field_by_field_and_nulls_say_nothing() {
        let a = json!({"ocid": "x", "date": "2020-01-01", "tender": {"title": "A", "value": {"amount": 5}}});
        let b = json!({"ocid": "x", "date": "2020-02-01", "tender": {"title": null, "status": "active"}});
        let c = compile(vec![&b, &a]);
        assert_eq!(c["tender"]["title"], "A");
        assert_eq!(c["tender"]["status"], "active");
        assert_eq!(c["tender"]["value"]["amount"], 5);
    }

    #[test]
    fn a_file_of_every_kind_or_none_is_read_or_skipped_with_a_reason() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| {
            let p = dir.path().join(name);
            std::fs::write(&p, text).unwrap();
            read_file(&p)
        };
        assert_eq!(
            write("a.json", r#"{"releases":[{"ocid":"o1"},{"id":1}]}"#)
                .releases
                .len(),
            1
        );
        assert_eq!(
            write(
                "b.json",
                r#"{"records":[{"compiledRelease":{"ocid":"o2"}}]}"#
            )
            .releases
            .len(),
            1
        );
        assert_eq!(write("c.json", r#"{"ocid":"o3"}"#).releases.len(), 1);
        assert_eq!(
            write(
                "d.jsonl",
                "{\"ocid\":\"o4\"}\n{\"ocid\":\"o5\"}\nnot json\n"
            )
            .releases
            .len(),
            2
        );
        let bad = write("e.json", "{\"releases\": [");
        assert!(bad.releases.is_empty());
        assert!(bad.skipped[0].contains("not JSON"), "{:?}", bad.skipped);
        let other = write("f.json", r#"{"hello": 1}"#);
        assert!(
            other.skipped[0].contains("not an OCDS"),
            "{:?}",
            other.skipped
        );
    }
}
