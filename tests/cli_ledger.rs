//! `hubboard ledger` through the real binary: the hand fixture's prime contracts in every format,
//! with the arithmetic worked by hand; on the small demo every won opportunity's totals agree
//! across the formats and are the sums of its lines; clear errors for an opportunity not won and
//! an unknown code; looking writes nothing; and the detail view shows the same let and unlet.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use hubboard::money;
use hubboard::store::{OpenMode, Store};
use hubboard::ui::detail;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::Value;

const HAND_TODAY: &str = "2026-11-22";
const DEMO_TODAY: &str = "2026-11-29";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs the binary on `db` as of `today`, with an empty configuration.
fn hubboard(db: &Path, today: &str, args: &[&str]) -> Run {
    let config = db.with_file_name("config.toml");
    if !config.exists() {
        std::fs::write(&config, "").unwrap();
    }
    let out = Command::new(env!("CARGO_BIN_EXE_hubboard"))
        .arg("--db")
        .arg(db)
        .arg("--config")
        .arg(&config)
        .args(["--today", today])
        .args(args)
        .env_remove("HUBBOARD_DB")
        .env_remove("HUBBOARD_TODAY")
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs `ledger` with `args` and insists it succeeds.
fn ledger(db: &Path, today: &str, args: &[&str]) -> String {
    let mut all = vec!["ledger"];
    all.extend_from_slice(args);
    let r = hubboard(db, today, &all);
    assert_eq!(r.code, 0, "ledger {args:?}: {}", r.stderr);
    r.stdout
}

/// The hand fixture, imported as its README says.
fn hand_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hand.db");
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/hand");
    let r = hubboard(&db, HAND_TODAY, &["import", fixture]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    (dir, db)
}

/// The small demo, as `hubboard demo` builds it.
fn small_demo() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let r = hubboard(&db, DEMO_TODAY, &["demo"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    (dir, db)
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// The CSV's rows as maps from column name to cell.
fn csv_rows(text: &str) -> Vec<HashMap<String, String>> {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(String::from))
                .collect()
        })
        .collect()
}

fn row<'a>(
    rows: &'a [HashMap<String, String>],
    op: &str,
    sub: &str,
) -> &'a HashMap<String, String> {
    rows.iter()
        .find(|r| r["opportunity"] == op && r["subcontract"] == sub)
        .unwrap_or_else(|| panic!("no CSV row {op} {sub}"))
}

/// The words of the table line starting with `first`.
fn table_row(text: &str, first: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.split_whitespace().map(String::from).collect::<Vec<_>>())
        .find(|w| w.first().map(String::as_str) == Some(first))
        .unwrap_or_else(|| panic!("no row {first} in\n{text}"))
}

#[test]
fn the_hand_fixtures_op01_table_shows_its_hand_worked_figures() {
    let (_dir, db) = hand_db();
    // Typed in lower case: the code is found in any case.
    let text = ledger(&db, HAND_TODAY, &["op01"]);
    assert!(text.starts_with("Prime contract OP01 — Knowsley Advice Partnership\n"));
    // Closed 27 Feb 2026 → starts 1 May 2026 (the third month after), 24 months.
    assert!(
        text.contains("  Period         1 May 2026 – 30 Apr 2028\n"),
        "{text}"
    );
    assert!(!text.contains("agreed with the commissioner"));
    assert!(text.contains("  Gross          £300,000.00\n"));
    // 8% of £300,000 = £24,000; net £300,000 − £24,000 = £276,000.
    assert!(text.contains("  Top slice      8% = £24,000.00\n"));
    assert!(text.contains("  Net            £276,000.00\n"));
    assert!(text.contains("  Payment model  Block\n"));
    assert!(
        text.contains("  As of          22 Nov 2026\n"),
        "--today is honoured"
    );
    // SC01: 150 units × £100 = £15,000 earned, £15,000 paid: nothing owed.
    assert_eq!(
        table_row(&text, "SC01"),
        [
            "SC01",
            "M01",
            "active",
            "£120,000.00",
            "£100.00",
            "£15,000.00",
            "£15,000.00",
            "£0.00",
            "£0.00",
            "£0.00"
        ]
    );
    // SC02: 116 units × £100 = £11,600 earned of £12,000 paid: £400 owed back; to the
    // commissioner £400 × 300,000 ÷ 276,000 = £434.7826… → £434.78.
    assert_eq!(
        table_row(&text, "SC02"),
        [
            "SC02",
            "M06",
            "active",
            "£96,000.00",
            "£100.00",
            "£11,600.00",
            "£12,000.00",
            "£0.00",
            "£400.00",
            "£434.78"
        ]
    );
    // Let £120,000 + £96,000 = £216,000; earned £26,600; paid £27,000.
    assert_eq!(
        table_row(&text, "TOTAL"),
        [
            "TOTAL",
            "£216,000.00",
            "£26,600.00",
            "£27,000.00",
            "£0.00",
            "£400.00",
            "£434.78"
        ]
    );
    assert!(
        text.contains("Let by state\n  Active  £216,000.00\n"),
        "{text}"
    );
    // Unlet £276,000 − £216,000 = £60,000.
    assert!(text.ends_with("Let £216,000.00 of net £276,000.00; unlet £60,000.00\n"));
}

#[test]
fn the_hand_fixtures_op02_table_lets_by_state_and_claims_reduce_only_what_is_owed_back() {
    let (_dir, db) = hand_db();
    let text = ledger(&db, HAND_TODAY, &["OP02"]);
    // 10% of £200,000 = £20,000; net £180,000.
    assert!(text.contains("  Top slice      10% = £20,000.00\n"));
    assert!(text.contains("  Net            £180,000.00\n"));
    // Earned, paid, claimed, owed back and to the commissioner: the last five columns.
    let money_of = |sub: &str| {
        let w = table_row(&text, sub);
        w[w.len() - 5..].to_vec()
    };
    // SC03: 27 units × £200 = £5,400 earned of £12,000 paid; CL01 claimed £6,600, so
    // £12,000 − £5,400 − £6,600 = £0 owed back; to the commissioner, whatever was claimed,
    // (£12,000 − £5,400) × 200,000 ÷ 180,000 = £7,333.33.
    assert_eq!(
        money_of("SC03"),
        ["£5,400.00", "£12,000.00", "£6,600.00", "£0.00", "£7,333.33"]
            .map(String::from)
            .to_vec()
    );
    // SC04: 91 units × £200 = £18,200 earned of £18,000 paid: −£200 is never owed back.
    assert_eq!(
        money_of("SC04"),
        ["£18,200.00", "£18,000.00", "£0.00", "£0.00", "£0.00"].map(String::from)
    );
    // SC05: 57 × £100 = £5,700 of £6,000: £300 owed back; £300 × 200 ÷ 180 = £333.33.
    assert_eq!(
        money_of("SC05")[2..],
        ["£0.00", "£300.00", "£333.33"].map(String::from)
    );
    // £7,333.33 + £333.33 = £7,666.66 to the commissioner, the sum of the rounded lines.
    assert_eq!(
        table_row(&text, "TOTAL"),
        [
            "TOTAL",
            "£132,000.00",
            "£29,300.00",
            "£36,000.00",
            "£6,600.00",
            "£300.00",
            "£7,666.66"
        ]
    );
    // Let by state, in the order states are listed: active SC05, suspended SC03, completed SC04.
    assert!(
        text.contains(
            "Let by state\n  Active     £24,000.00\n  Suspended  £72,000.00\n  Completed  £36,000.00\n"
        ),
        "{text}"
    );
    // £72,000 + £36,000 + £24,000 = £132,000 of £180,000: £48,000 unlet.
    assert!(text.ends_with("Let £132,000.00 of net £180,000.00; unlet £48,000.00\n"));
}

#[test]
fn the_hand_fixtures_csv_and_json_carry_the_same_figures() {
    let (_dir, db) = hand_db();
    let csv = ledger(&db, HAND_TODAY, &["--format", "csv"]);
    assert!(csv.starts_with(
        "opportunity,subcontract,member,state,state_date,transferred_to,value,unit_rate,earned,\
         paid,claimed,owed_back,to_commissioner,net,unlet\n"
    ));
    let rows = csv_rows(&csv);
    // Two won opportunities: OP01's two lines and TOTAL, OP02's three and TOTAL.
    let order: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r["opportunity"].as_str(), r["subcontract"].as_str()))
        .collect();
    assert_eq!(
        order,
        [
            ("OP01", "SC01"),
            ("OP01", "SC02"),
            ("OP01", "TOTAL"),
            ("OP02", "SC03"),
            ("OP02", "SC04"),
            ("OP02", "SC05"),
            ("OP02", "TOTAL")
        ]
    );
    // Net £276,000 with £216,000 let and £60,000 unlet; net £180,000, £132,000 let, £48,000 unlet.
    for (op, let_total, net, unlet) in [
        ("OP01", "216000.00", "276000.00", "60000.00"),
        ("OP02", "132000.00", "180000.00", "48000.00"),
    ] {
        let t = row(&rows, op, "TOTAL");
        assert_eq!(
            (t["value"].as_str(), t["net"].as_str(), t["unlet"].as_str()),
            (let_total, net, unlet)
        );
    }
    let sc02 = row(&rows, "OP01", "SC02");
    assert_eq!(
        [
            &sc02["earned"],
            &sc02["paid"],
            &sc02["owed_back"],
            &sc02["to_commissioner"]
        ],
        ["11600.00", "12000.00", "400.00", "434.78"]
    );
    // SC03 is stored suspended; its suspension takes effect on 20 Jan 2027 (an ISO date here).
    let sc03 = row(&rows, "OP02", "SC03");
    assert_eq!(
        [&sc03["state"], &sc03["state_date"], &sc03["claimed"]],
        ["suspended", "2027-01-20", "6600.00"]
    );
    assert_eq!(sc03["to_commissioner"], "7333.33");

    let one: Value =
        serde_json::from_str(&ledger(&db, HAND_TODAY, &["OP01", "--format", "json"])).unwrap();
    assert_eq!(one["prime"]["opportunity"], "OP01");
    assert_eq!(d(one["prime"]["net"].as_str().unwrap()), dec!(276000));
    assert_eq!(
        d(one["totals"]["let_total"].as_str().unwrap()),
        dec!(216000)
    );
    assert_eq!(d(one["totals"]["unlet"].as_str().unwrap()), dec!(60000));
    assert_eq!(one["as_of"], HAND_TODAY);
    let all: Value = serde_json::from_str(&ledger(&db, HAND_TODAY, &["--format", "json"])).unwrap();
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), 2, "an array of every won opportunity's ledger");
    assert_eq!(all[0], one);
    assert_eq!(d(all[1]["prime"]["net"].as_str().unwrap()), dec!(180000));
    assert_eq!(
        d(all[1]["totals"]["let_total"].as_str().unwrap()),
        dec!(132000)
    );
    assert_eq!(d(all[1]["totals"]["unlet"].as_str().unwrap()), dec!(48000));
}

#[test]
fn a_period_agreed_by_variation_notice_and_over_letting_are_said_in_words() {
    let (_dir, db) = hand_db();
    {
        let store = Store::open(&db, OpenMode::ReadWrite).unwrap();
        let c = store.conn();
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        hubboard::store::prime::set_period(c, "OP01", day("2026-04-01"), day("2028-03-31"))
            .unwrap();
        // A gross of £200,000 at 8% leaves a net of £184,000, below the £216,000 let.
        c.execute(
            "UPDATE opportunities SET value = '200000.00' WHERE code = 'OP01'",
            [],
        )
        .unwrap();
    }
    let r = hubboard(
        &db,
        HAND_TODAY,
        &[
            "suspend",
            "SC01",
            "--reason-code",
            "under_delivery",
            "--reason",
            "below profile",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = ledger(&db, HAND_TODAY, &["OP01"]);
    assert!(
        text.contains("  Period         1 Apr 2026 – 31 Mar 2028 (agreed with the commissioner)\n"),
        "{text}"
    );
    // Three months' notice from 22 Nov 2026: delivering and paid through 22 Feb 2027.
    assert_eq!(
        table_row(&text, "SC01")[2..7],
        ["notice", "given,", "ends", "22", "Feb"].map(String::from)
    );
    assert!(text.contains("  Under notice  £120,000.00\n"), "{text}");
    // £216,000 − £184,000 = £32,000 over the net.
    assert!(text.ends_with("Let £216,000.00 of net £184,000.00; over-let by £32,000.00\n"));
    // The state follows --today: suspended from the day after the notice ends.
    let later = ledger(&db, "2027-03-01", &["OP01"]);
    assert!(later.contains("suspended since 23 Feb 2027"), "{later}");
    let store = Store::open(&db, OpenMode::ReadOnly).unwrap();
    let shown = detail::opportunity(
        store.conn(),
        "OP01",
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
    )
    .unwrap();
    let prime = shown
        .sections
        .iter()
        .find(|s| s.heading == "Prime contract")
        .unwrap();
    assert!(
        prime
            .lines
            .contains(&format!("{:<18} £32,000.00", "Over-let by"))
    );
}

/// The sums of a CSV's money column over `op`'s lines.
fn lines_sum(rows: &[HashMap<String, String>], op: &str, column: &str) -> Decimal {
    rows.iter()
        .filter(|r| r["opportunity"] == op && r["subcontract"] != "TOTAL")
        .map(|r| d(&r[column]))
        .sum()
}

/// Each table block's code and its TOTAL row's figures (let, earned, paid, claimed, owed back, to
/// the commissioner).
fn table_totals(text: &str) -> HashMap<String, Vec<Decimal>> {
    let mut out = HashMap::new();
    for block in text.split("Prime contract ").skip(1) {
        let code = block.split_whitespace().next().unwrap().to_string();
        let totals = table_row(block, "TOTAL")[1..]
            .iter()
            .map(|m| money::parse(m).unwrap())
            .collect();
        out.insert(code, totals);
    }
    out
}

#[test]
fn on_the_small_demo_every_won_opportunitys_totals_agree_in_every_format() {
    let (_dir, db) = small_demo();
    let rows = csv_rows(&ledger(&db, DEMO_TODAY, &["--format", "csv"]));
    let json: Value =
        serde_json::from_str(&ledger(&db, DEMO_TODAY, &["--format", "json"])).unwrap();
    let tables = table_totals(&ledger(&db, DEMO_TODAY, &[]));
    let ledgers = json.as_array().unwrap();
    assert!(ledgers.len() >= 5, "the demo wins several opportunities");
    assert_eq!(tables.len(), ledgers.len());
    let columns = [
        "value",
        "earned",
        "paid",
        "claimed",
        "owed_back",
        "to_commissioner",
    ];
    let json_names = [
        "let_total",
        "earned",
        "paid",
        "claimed",
        "owed_back",
        "to_commissioner",
    ];
    let mut anything_owed = false;
    for g in ledgers {
        let op = g["prime"]["opportunity"].as_str().unwrap();
        let total = row(&rows, op, "TOTAL");
        let csv_totals: Vec<Decimal> = columns.iter().map(|c| d(&total[*c])).collect();
        let sums: Vec<Decimal> = columns.iter().map(|c| lines_sum(&rows, op, c)).collect();
        let from_json: Vec<Decimal> = json_names
            .iter()
            .map(|n| d(g["totals"][*n].as_str().unwrap()))
            .collect();
        assert_eq!(csv_totals, sums, "{op}: TOTAL is the sum of the lines");
        assert_eq!(csv_totals, from_json, "{op}: CSV and JSON totals");
        assert_eq!(
            &csv_totals, &tables[op],
            "{op}: CSV and the table's totals row"
        );
        let (net, unlet) = (d(&total["net"]), d(&total["unlet"]));
        assert_eq!(net - csv_totals[0], unlet, "{op}: unlet = net − let");
        assert_eq!(unlet, d(g["totals"]["unlet"].as_str().unwrap()));
        anything_owed |= csv_totals[4] > Decimal::ZERO;
    }
    assert!(
        anything_owed,
        "some money is owed back, so the sums are not all zero"
    );
}

#[test]
fn an_opportunity_not_won_and_an_unknown_code_are_refused_clearly() {
    let (_dir, db) = hand_db();
    let r = hubboard(&db, HAND_TODAY, &["ledger", "OP03"]);
    assert_eq!(r.code, 1, "refused by a rule");
    assert_eq!(
        r.stderr,
        "hubboard: refused: opportunity OP03 is at stage 'Submitted'; only a won opportunity has a \
         prime contract and a ledger\n"
    );
    assert!(r.stdout.is_empty());
    let r = hubboard(&db, HAND_TODAY, &["ledger", "OP1", "--format", "csv"]);
    assert_eq!(r.code, 2, "bad input");
    assert_eq!(
        r.stderr,
        "hubboard: not found: no opportunity with code 'OP1' (did you mean OP01, OP02, OP03?)\n"
    );
    assert!(r.stdout.is_empty());
    let r = hubboard(&db, HAND_TODAY, &["ledger", "ZZZZZZZZZZ"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no opportunity with code 'ZZZZZZZZZZ'"));
    assert!(!r.stderr.contains("did you mean"), "{}", r.stderr);
    let missing = db.with_file_name("missing.db");
    let r = hubboard(&missing, HAND_TODAY, &["ledger"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no database at"), "{}", r.stderr);
    assert!(!missing.exists(), "looking creates no database");
}

fn audit_rows(db: &Path) -> i64 {
    let store = Store::open(db, OpenMode::ReadOnly).unwrap();
    store
        .conn()
        .query_row("SELECT COUNT(*) FROM audit_log", [], |r| r.get(0))
        .unwrap()
}

/// What a write would have left in the write-ahead log beside the database: nothing, or the log
/// is empty. (A read-only connection to a WAL database leaves an empty `-wal` and its `-shm`
/// index behind, as every read command does; neither holds data.)
fn logged(db: &Path) -> u64 {
    std::fs::metadata(db.with_extension("db-wal")).map_or(0, |m| m.len())
}

#[test]
fn looking_at_the_ledger_writes_nothing() {
    let (_dir, db) = hand_db();
    let bytes = std::fs::read(&db).unwrap();
    let audit = audit_rows(&db);
    assert_eq!(audit, 1, "the import's row");
    let runs: [&[&str]; 8] = [
        &["ledger"],
        &["ledger", "--format", "csv"],
        &["ledger", "--format", "json"],
        &["ledger", "op02"],
        &["ledger", "OP01", "--format", "json"],
        &["--read-only", "ledger", "OP01"],
        &["ledger", "OP03"],
        &["ledger", "OP1"],
    ];
    for args in runs {
        hubboard(&db, HAND_TODAY, args);
        assert_eq!(
            std::fs::read(&db).unwrap(),
            bytes,
            "{args:?} changed the file"
        );
        assert_eq!(logged(&db), 0, "{args:?} wrote to the write-ahead log");
    }
    assert_eq!(audit_rows(&db), audit);
}

/// The detail view's `Let` and `Unlet` lines for `op`.
fn detail_let(db: &Path, op: &str, today: &str) -> (String, String) {
    let store = Store::open(db, OpenMode::ReadOnly).unwrap();
    let today = NaiveDate::parse_from_str(today, "%Y-%m-%d").unwrap();
    let shown = detail::opportunity(store.conn(), op, today).unwrap();
    let prime = shown
        .sections
        .iter()
        .find(|s| s.heading == "Prime contract")
        .unwrap_or_else(|| panic!("{op} has no Prime contract section"));
    let line = |label: &str| {
        prime
            .lines
            .iter()
            .find(|l| l.starts_with(&format!("{label:<18} ")))
            .cloned()
            .unwrap_or_else(|| panic!("{op}: no {label} line in {:?}", prime.lines))
    };
    (line("Let"), line("Unlet"))
}

#[test]
fn the_detail_views_prime_contract_shows_the_let_and_unlet_the_command_shows() {
    let (_dir, db) = hand_db();
    assert_eq!(
        detail_let(&db, "OP01", HAND_TODAY),
        (
            format!("{:<18} £216,000.00", "Let"),
            format!("{:<18} £60,000.00", "Unlet")
        )
    );
    let store = Store::open(&db, OpenMode::ReadOnly).unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let op02 = detail::opportunity(store.conn(), "OP02", day).unwrap();
    let prime = op02
        .sections
        .iter()
        .find(|s| s.heading == "Prime contract")
        .unwrap();
    for sub in ["SC03", "SC04", "SC05"] {
        assert_eq!(
            prime.lines.iter().filter(|l| l.starts_with(sub)).count(),
            1,
            "one line for {sub}"
        );
    }
    let sc05 = prime.lines.iter().find(|l| l.starts_with("SC05")).unwrap();
    let words: Vec<&str> = sc05.split_whitespace().collect();
    assert_eq!(
        words,
        [
            "SC05",
            "M02",
            "active",
            "£24,000.00",
            "£5,700.00",
            "£6,000.00"
        ]
    );
    let op03 = detail::opportunity(store.conn(), "OP03", day).unwrap();
    assert!(
        op03.sections.iter().all(|s| s.heading != "Prime contract"),
        "an opportunity not won has no prime contract"
    );

    let (_dir, demo) = small_demo();
    let rows = csv_rows(&ledger(&demo, DEMO_TODAY, &["--format", "csv"]));
    for total in rows.iter().filter(|r| r["subcontract"] == "TOTAL") {
        let op = &total["opportunity"];
        assert_eq!(
            detail_let(&demo, op, DEMO_TODAY),
            (
                format!("{:<18} {}", "Let", money::display(d(&total["value"]))),
                format!("{:<18} {}", "Unlet", money::display(d(&total["unlet"])))
            ),
            "{op}"
        );
    }
}
