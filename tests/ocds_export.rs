//! `hubboard ocds export` checked by the standard's own validator (libcoveocds, installed by
//! `.ci/run` into `.venv-ocds`), offline: the subcontracting extension is served from the
//! fixtures on the loopback address. The package has no validation error, the extension loads,
//! no field is outside the schema; read back through `ocds import` it gives the same won
//! opportunities; a suspension is a dated amendment; a redacted export names no member.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn hubboard(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hubboard"))
        .arg("--db")
        .arg(db)
        .args(["--today", "2026-11-29"])
        .args(args)
        .env_remove("HUBBOARD_DB")
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The validator, or `None` (outside CI only) when it is not installed.
fn validator() -> Option<PathBuf> {
    let path = std::env::var_os("HUBBOARD_OCDS_VALIDATOR")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest().join(".venv-ocds/bin/libcoveocds"));
    if path.is_file() {
        return Some(path);
    }
    assert!(
        std::env::var("CI").is_err(),
        "libcoveocds is required in CI (.ci/run installs it into .venv-ocds); not at {}",
        path.display()
    );
    eprintln!(
        "SKIPPED: libcoveocds is not installed: python3 -m venv .venv-ocds && .venv-ocds/bin/pip install libcoveocds"
    );
    None
}

/// Serves the fixtures' extensions on a free loopback port; returns the subcontracting
/// extension's URL.
fn serve_extensions() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let root = manifest().join("fixtures/ocds/schema/extensions");
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request = String::new();
            if reader.read_line(&mut request).is_err() {
                continue;
            }
            // Drain the headers.
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let path = request.split_whitespace().nth(1).unwrap_or("/");
            let file = root.join(path.trim_start_matches('/'));
            let mut out = stream;
            match std::fs::read(&file).ok().filter(|_| !path.contains("..")) {
                Some(body) => {
                    let _ = write!(
                        out,
                        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                        body.len()
                    );
                    let _ = out.write_all(&body);
                }
                None => {
                    let _ = write!(
                        out,
                        "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    );
                }
            }
        }
    });
    format!("http://127.0.0.1:{port}/subcontracting/extension.json")
}

fn validate(tool: &Path, package: &Path, work: &Path) -> Value {
    let out = Command::new(tool)
        .current_dir(work)
        .arg("--standard-zip")
        .arg(manifest().join("fixtures/ocds/schema/standard-1__1__5.zip"))
        .args(["-s", "1.1"])
        .arg(package)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&out)))
}

fn assert_valid(report: &Value) {
    assert_eq!(
        report["validation_errors"],
        serde_json::json!([]),
        "{report:#}"
    );
    let ext = &report["extensions"];
    assert_eq!(ext["invalid_extension"], serde_json::json!({}), "{ext:#}");
    assert_eq!(ext["is_extended_schema"], true, "{ext:#}");
    assert_eq!(
        report["additional_fields"],
        serde_json::json!([]),
        "{report:#}"
    );
}

fn won(db: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut st = conn
        .prepare(
            "SELECT o.title, c.name, o.service_line, o.stage, o.deadline, o.value, o.duration_months
               FROM opportunities o JOIN commissioners c ON c.code = o.commissioner
              WHERE o.stage = 'won' ORDER BY o.title",
        )
        .unwrap();
    st.query_map([], |r| {
        Ok((0..7)
            .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
            .collect::<Vec<_>>()
            .join("|"))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

#[test]
fn the_export_validates_with_the_subcontracting_extension_and_reads_back() {
    let Some(tool) = validator() else { return };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hub.db");
    assert!(hubboard(&db, &["demo"]).status.success());
    let url = serve_extensions();
    let package = dir.path().join("package.json");
    let o = hubboard(
        &db,
        &[
            "ocds",
            "export",
            "--out",
            package.to_str().unwrap(),
            "--extension-url",
            &url,
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("146 sub-contract(s)"), "{}", text(&o));
    assert_valid(&validate(&tool, &package, dir.path()));

    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&package).unwrap()).unwrap();
    let releases = doc["releases"].as_array().unwrap();
    let by_ocid = |ocid: &str| releases.iter().find(|r| r["ocid"] == ocid).unwrap();
    // A prime names each of its sub-contracts' processes; each names its parent.
    let prime = releases
        .iter()
        .find(|r| {
            r["relatedProcesses"]
                .as_array()
                .is_some_and(|p| p[0]["relationship"][0] == "subContract")
        })
        .unwrap();
    let first_sub = prime["relatedProcesses"][0]["identifier"].as_str().unwrap();
    assert_eq!(
        by_ocid(first_sub)["relatedProcesses"][0]["identifier"],
        prime["ocid"]
    );
    assert_eq!(prime["awards"][0]["hasSubcontracting"], true);
    // The demo's suspended sub-contract: its notice ran out on 7 Nov 2026.
    let suspended = &by_ocid("ocds-hubbrd-SC-0045")["contracts"][0];
    assert_eq!(suspended["status"], "terminated");
    assert_eq!(suspended["amendments"][0]["date"], "2026-11-07T00:00:00Z");

    // Read back, the won opportunities are the same.
    let back = dir.path().join("back.db");
    let o = hubboard(&back, &["ocds", "import", package.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("a sub-contract under"), "{}", text(&o));
    assert_eq!(won(&back), won(&db));
    assert_eq!(won(&db).len(), 11);
}

#[test]
fn a_redacted_export_validates_and_names_no_member() {
    let Some(tool) = validator() else { return };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hub.db");
    assert!(hubboard(&db, &["demo"]).status.success());
    let url = serve_extensions();
    let package = dir.path().join("redacted.json");
    let o = hubboard(
        &db,
        &[
            "ocds",
            "export",
            "--out",
            package.to_str().unwrap(),
            "--redact",
            "--extension-url",
            &url,
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert_valid(&validate(&tool, &package, dir.path()));
    let written = std::fs::read_to_string(&package).unwrap();
    let conn = rusqlite::Connection::open(&db).unwrap();
    let mut st = conn
        .prepare("SELECT name, registered_number FROM members")
        .unwrap();
    let members: Vec<(String, String)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (name, number) in &members {
        assert!(!written.contains(&format!("\"{name}\"")), "{name} is named");
        assert!(!written.contains(number.as_str()), "{number} is given");
    }
    assert!(!written.contains("\"transactions\""));
}

#[test]
fn a_bad_prefix_is_refused_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hub.db");
    assert!(hubboard(&db, &["demo"]).status.success());
    let out = dir.path().join("p.json");
    let o = hubboard(
        &db,
        &[
            "ocds",
            "export",
            "--out",
            out.to_str().unwrap(),
            "--prefix",
            "xyz",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("not an ocid prefix"), "{}", text(&o));
    assert!(!out.exists());
}
