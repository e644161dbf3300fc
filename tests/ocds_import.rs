//! `hubboard ocds import` on real published data: every file of the Contracts Finder sample and
//! the standard's worked example imports without a crash, with a summary per file; specific
//! opportunities carry the notice's fields (a null value taken from minValue, a trimmed title, a
//! cancelled notice withdrawn); a second import changes nothing; an update keeps the hub's stage;
//! a file that is not OCDS is skipped with its reason; a missing path leaves no database.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/ocds")
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

fn import(db: &Path, paths: &[&Path]) -> Output {
    let mut args = vec!["ocds", "import"];
    let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    args.extend(names.iter().map(String::as_str));
    hubboard(db, &args)
}

/// (title, commissioner name, service line, stage, deadline, value, months, value basis, status)
type Row = (
    String,
    String,
    String,
    String,
    String,
    String,
    i64,
    String,
    String,
);

fn opportunity(db: &Path, ocid: &str) -> Row {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(
            "SELECT o.title, c.name, o.service_line, o.stage, o.deadline, o.value,
                    o.duration_months, n.value_basis, COALESCE(n.tender_status, '')
               FROM ocds_notices n JOIN opportunities o ON o.code = n.opportunity
               JOIN commissioners c ON c.code = o.commissioner
              WHERE n.ocid = ?1",
            [ocid],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                ))
            },
        )
        .unwrap()
}

/// Every row of the tables an import writes, to compare before and after.
fn contents(db: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut out = Vec::new();
    for q in [
        "SELECT * FROM opportunities ORDER BY code",
        "SELECT * FROM ocds_notices ORDER BY ocid",
        "SELECT * FROM commissioners ORDER BY code",
    ] {
        let mut st = conn.prepare(q).unwrap();
        let n = st.column_count();
        let rows = st
            .query_map([], |r| {
                Ok((0..n)
                    .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                    .collect::<Vec<_>>()
                    .join("|"))
            })
            .unwrap();
        out.extend(rows.map(Result::unwrap));
    }
    out
}

#[test]
fn every_real_file_imports_with_a_summary_and_a_second_import_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hub.db");
    let cf = fixtures().join("contracts-finder");
    let example = fixtures().join("fictional-1.1");
    let o = import(&db, &[&cf, &example]);
    let said = text(&o);
    assert!(o.status.success(), "{said}");
    // A line per file: 150 Contracts Finder packages and 7 files of the worked example.
    let files = said.lines().filter(|l| l.contains(".json: ")).count();
    assert_eq!(files, 157, "{said}");
    assert!(
        said.contains("151 new, 0 updated, 0 unchanged, 0 skipped in all"),
        "{said}"
    );
    assert!(!said.contains("panicked"), "{said}");

    // A null value with a minimum value, a title with spaces around it, an unsuccessful notice.
    let met = opportunity(&db, "ocds-b5fd17-2c330cf9-adc8-11e6-9901-0019b9f3037b");
    assert_eq!(
        met,
        (
            "Climate Science for Service Partnership (CSSP): Calls for Expressions of Interest"
                .into(),
            "Met Office".into(),
            "Unclassified".into(),
            "withdrawn".into(),
            "2016-03-31".into(),
            "40676.00".into(),
            12,
            "minValue".into(),
            "unsuccessful".into()
        )
    );
    // An open notice in social care, its CPV 85000000 mapped to a service line.
    let community = opportunity(&db, "ocds-b5fd17-2c3aae9c-adc8-11e6-9901-0019b9f3037b");
    assert_eq!(
        community.0,
        "Framework for Provision of Community Based Services"
    );
    assert_eq!(community.2, "Health and social work services");
    assert_eq!(
        (community.3.as_str(), community.5.as_str()),
        ("identified", "9432500.00")
    );
    // A cancelled one.
    let cancelled = opportunity(&db, "ocds-b5fd17-2c6bc272-adc8-11e6-9901-0019b9f3037b");
    assert_eq!(
        (cancelled.3.as_str(), cancelled.4.as_str()),
        ("withdrawn", "2017-04-30")
    );
    // The worked example's six releases compiled into one process: its value, buyer and period.
    let example = opportunity(&db, "ocds-213czf-000-00001");
    assert_eq!(example.1, "London Borough of Barnet");
    assert_eq!((example.5.as_str(), example.6), ("1100000.00", 12));

    let before = contents(&db);
    let o = import(&db, &[&cf, &example_dir()]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("0 new, 0 updated, 151 unchanged, 0 skipped in all"),
        "{}",
        text(&o)
    );
    assert_eq!(contents(&db), before);
    let v = hubboard(&db, &["audit", "verify"]);
    assert!(v.status.success(), "{}", text(&v));
}

fn example_dir() -> PathBuf {
    fixtures().join("fictional-1.1")
}

#[test]
fn an_update_takes_the_notices_facts_and_keeps_the_hubs_stage() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hub.db");
    let notice = |title: &str, status: &str, amount: &str| {
        format!(
            r#"{{"ocid": "ocds-test01-1", "id": "r-{status}", "date": "2026-11-01T00:00:00Z",
                "tag": ["tender"], "buyer": {{"name": "Knowsley Council", "id": "GB-LAC-E08000011"}},
                "tender": {{"title": "{title}", "status": "{status}",
                  "value": {{"amount": {amount}, "currency": "GBP"}},
                  "tenderPeriod": {{"endDate": "2027-01-15T12:00:00Z"}},
                  "contractPeriod": {{"startDate": "2027-04-01", "endDate": "2029-03-31"}},
                  "suitability": {{"vcse": true, "sme": true}},
                  "documents": [{{"id": "1", "noticeType": "UK4"}}],
                  "items": [{{"id": "1", "classification": {{"scheme": "CPV", "id": "85312400-1"}}}}]}}}}"#
        )
    };
    let file = dir.path().join("notice.json");
    std::fs::write(&file, notice("Family hubs", "active", "250000")).unwrap();
    assert!(import(&db, &[&file]).status.success());
    let row = opportunity(&db, "ocds-test01-1");
    assert_eq!(
        (row.2.as_str(), row.3.as_str(), row.5.as_str(), row.6),
        ("Family support", "identified", "250000.00", 24)
    );
    let conn = rusqlite::Connection::open(&db).unwrap();
    let (kind, vcse): (String, bool) = conn
        .query_row(
            "SELECT notice_type, vcse_suitable FROM ocds_notices WHERE ocid = 'ocds-test01-1'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((kind.as_str(), vcse), ("UK4", true));
    // The hub moves it on; the buyer then cancels and changes the value.
    let code: String = conn
        .query_row("SELECT opportunity FROM ocds_notices", [], |r| r.get(0))
        .unwrap();
    let o = hubboard(
        &db,
        &[
            "opportunity",
            "advance",
            &code,
            "--to",
            "pre_qualification",
            "--reason",
            "EOI sent",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    std::fs::write(
        &file,
        notice("Family hubs (revised)", "cancelled", "300000"),
    )
    .unwrap();
    let o = import(&db, &[&file]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("the hub's stage, pre_qualification, kept"),
        "{}",
        text(&o)
    );
    let row = opportunity(&db, "ocds-test01-1");
    assert_eq!(
        (row.0.as_str(), row.3.as_str(), row.5.as_str()),
        ("Family hubs (revised)", "pre_qualification", "300000.00")
    );
    let said: String = conn
        .query_row("SELECT notice_stage FROM ocds_notices", [], |r| r.get(0))
        .unwrap();
    assert_eq!(said, "withdrawn");
}

#[test]
fn what_is_not_ocds_is_skipped_with_its_reason_and_a_missing_path_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hub.db");
    let odd = dir.path().join("odd");
    std::fs::create_dir(&odd).unwrap();
    std::fs::write(odd.join("broken.json"), "{\"releases\": [").unwrap();
    std::fs::write(odd.join("other.json"), "{\"hello\": 1}").unwrap();
    std::fs::write(
        odd.join("lines.jsonl"),
        "{\"ocid\": \"ocds-test01-2\", \"buyer\": {\"name\": \"B\"}, \"tender\": {\"title\": \"T\"}}\n\
         {\"ocid\": \"ocds-test01-3\", \"buyer\": {\"name\": \"B\"}, \"tender\": {\"title\": \"Open\", \
           \"tenderPeriod\": {\"endDate\": \"2027-02-01\"}, \"value\": {\"amount\": 10, \"currency\": \"EUR\"}}}\n",
    )
    .unwrap();
    let o = import(&db, &[&odd]);
    let said = text(&o);
    assert!(o.status.success(), "{said}");
    assert!(said.contains("broken.json: 0 new"), "{said}");
    assert!(said.contains("not JSON"), "{said}");
    assert!(said.contains("not an OCDS release or package"), "{said}");
    assert!(said.contains("ocds-test01-2: no deadline"), "{said}");
    assert!(
        said.contains("1 new, 0 updated, 0 unchanged, 3 skipped in all"),
        "{said}"
    );
    let row = opportunity(&db, "ocds-test01-3");
    assert_eq!(row.5, "0.00", "a value in euros is not counted in pounds");

    let elsewhere = dir.path().join("new.db");
    let o = import(&elsewhere, &[&dir.path().join("missing")]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("no such file or directory"),
        "{}",
        text(&o)
    );
    assert!(!elsewhere.exists());
}
