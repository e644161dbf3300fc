//! A demo database with huge values put in with SQL directly, around every check the program
//! makes: what a colleague with `sqlite3`, or an older build, could leave behind.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const BIN: &str = env!("CARGO_BIN_EXE_hubboard");
pub const TODAY: &str = "2026-11-22";

/// The largest exact decimal: what the program once let an import write.
pub const DECIMAL_MAX: &str = "79228162514264337593543950335";
/// The largest money value the program reads.
pub const CEILING: &str = "999999999999999.99";
pub const U32_MAX: i64 = u32::MAX as i64;

/// The small demo, written by the binary.
pub fn demo_db(dir: &Path, name: &str) -> PathBuf {
    let db = dir.join(name);
    let out = Command::new(BIN)
        .args(["--db", db.to_str().unwrap(), "--today", TODAY, "demo"])
        .env_remove("HUBBOARD_DB")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    db
}

/// Puts `money` in every kind of money column and `units` in every kind of count column, on a
/// few rows of each table (active sub-contracts among them, the latest month's returns), with
/// SQL and its checks switched off.
pub fn make_huge(db: &Path, money: &str, units: i64) {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute_batch(&format!(
        "PRAGMA ignore_check_constraints = 1;
         UPDATE subcontracts SET value = '{money}', units_per_month = {units}
           WHERE code IN (SELECT code FROM subcontracts WHERE status = 'active' ORDER BY code LIMIT 3);
         UPDATE subcontracts SET value = '{money}' WHERE code IN
           (SELECT code FROM subcontracts WHERE status <> 'active' ORDER BY code LIMIT 2);
         UPDATE opportunities SET value = '{money}' WHERE code IN
           (SELECT code FROM opportunities ORDER BY code LIMIT 2)
           OR code IN (SELECT code FROM opportunities ORDER BY deadline DESC LIMIT 2);
         UPDATE members SET annual_income = '{money}', staff = {units}, volunteers = {units}
           WHERE code IN (SELECT code FROM members ORDER BY code LIMIT 2);
         UPDATE member_capacity SET units_per_month = {units}
           WHERE member IN (SELECT code FROM members ORDER BY code LIMIT 3);
         UPDATE monitoring_returns SET units_target = {units}, units_delivered = {units},
             outcomes_target = {units}, outcomes_achieved = {units}, milestones_due = {units},
             milestones_met = {units}, referrals = {units}, spend = '{money}', paid = '{money}'
           WHERE period >= (SELECT max(period) FROM monitoring_returns WHERE submitted IS NOT NULL);
         UPDATE delivery_profiles SET units_per_month = {units};
         UPDATE claims SET paid = '{money}', earned = '{money}', amount = '{money}';"
    ))
    .unwrap();
}

/// Puts a score no scorecard gives in every cached assessment; returns how many it changed.
pub fn edit_cached_scores(db: &Path) -> usize {
    rusqlite::Connection::open(db)
        .unwrap()
        .execute("UPDATE subcontract_scores SET overall = ?1", [DECIMAL_MAX])
        .unwrap()
}

pub fn hubboard(db: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("--db")
        .arg(db)
        .args(["--today", TODAY])
        .args(args)
        .env_remove("HUBBOARD_DB")
        .output()
        .unwrap()
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
