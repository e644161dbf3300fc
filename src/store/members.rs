//! Reading and writing members, their capacity per service line and their compliance items.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::sql;
use crate::domain::{Capacity, ComplianceItem, Member};
use crate::error::Result;

pub const MEMBER_COLUMNS: &str = "code, name, tier, org_type, registered_number, annual_income, clusters, geography, staff, volunteers, joined, row_version, left_on";

/// Clusters are stored as one `;`-separated field.
pub fn join_clusters(clusters: &[String]) -> String {
    clusters.join(";")
}

pub fn split_clusters(s: &str) -> Vec<String> {
    s.split(';')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect()
}

pub fn member_from_row(r: &Row) -> rusqlite::Result<Member> {
    Ok(Member {
        code: r.get(0)?,
        name: r.get(1)?,
        tier: sql::code(r, 2)?,
        org_type: sql::code(r, 3)?,
        registered_number: r.get(4)?,
        annual_income: sql::money(r, 5)?,
        clusters: split_clusters(&r.get::<_, String>(6)?),
        geography: r.get(7)?,
        staff: r.get(8)?,
        volunteers: r.get(9)?,
        joined: sql::date(r, 10)?,
        row_version: r.get(11)?,
        left: sql::opt_date(r, 12)?,
    })
}

pub fn insert_member(conn: &Connection, m: &Member) -> Result<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO members ({MEMBER_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
    ))?
    .execute(params![
        m.code,
        m.name,
        m.tier.code(),
        m.org_type.code(),
        m.registered_number,
        sql::plain(m.annual_income),
        join_clusters(&m.clusters),
        m.geography,
        m.staff,
        m.volunteers,
        sql::iso(m.joined),
        m.row_version,
        m.left.map(sql::iso)
    ])?;
    Ok(())
}

pub fn load_members(conn: &Connection) -> Result<Vec<Member>> {
    let mut st = conn.prepare(&format!(
        "SELECT {MEMBER_COLUMNS} FROM members ORDER BY code"
    ))?;
    let rows = st
        .query_map([], member_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn get_member(conn: &Connection, code: &str) -> Result<Option<Member>> {
    Ok(conn
        .query_row(
            &format!("SELECT {MEMBER_COLUMNS} FROM members WHERE code = ?1"),
            [code],
            member_from_row,
        )
        .optional()?)
}

/// Bumps the member's row version if it is still `expected`; returns false if someone else
/// changed it first.
pub fn bump_member_version(conn: &Connection, code: &str, expected: i64) -> Result<bool> {
    let n = conn.execute(
        "UPDATE members SET row_version = row_version + 1 WHERE code = ?1 AND row_version = ?2",
        params![code, expected],
    )?;
    Ok(n == 1)
}

/// Sets the member's tier (and bumps its version) if the row is still at `expected`.
pub fn set_tier(
    conn: &Connection,
    code: &str,
    tier: crate::domain::Tier,
    expected: i64,
) -> Result<bool> {
    let n = conn.execute(
        "UPDATE members SET tier = ?3, row_version = row_version + 1
          WHERE code = ?1 AND row_version = ?2",
        params![code, expected, tier.code()],
    )?;
    Ok(n == 1)
}

/// Writes a member's details as `m` has them (all but its code and tier), if it is still at
/// `expected`; bumps its version. False when someone changed it first.
pub fn update_member(conn: &Connection, m: &Member, expected: i64) -> Result<bool> {
    let n = conn.execute(
        "UPDATE members SET name = ?3, org_type = ?4, registered_number = ?5, annual_income = ?6,
                clusters = ?7, geography = ?8, staff = ?9, volunteers = ?10, joined = ?11,
                left_on = ?12, row_version = row_version + 1
          WHERE code = ?1 AND row_version = ?2",
        params![
            m.code,
            expected,
            m.name,
            m.org_type.code(),
            m.registered_number,
            sql::plain(m.annual_income),
            join_clusters(&m.clusters),
            m.geography,
            m.staff,
            m.volunteers,
            sql::iso(m.joined),
            m.left.map(sql::iso)
        ],
    )?;
    Ok(n == 1)
}

/// The next free member code: one past the highest `LETTERS+DIGITS` code, as wide as it is
/// (`KN41` after `KN40`); `M001` when there is none.
pub fn next_member_code(conn: &Connection) -> Result<String> {
    let mut st = conn.prepare("SELECT code FROM members")?;
    let codes: Vec<String> = st
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let highest = codes
        .iter()
        .filter_map(|c| {
            let digits_at = c.find(|ch: char| ch.is_ascii_digit())?;
            let (prefix, digits) = c.split_at(digits_at);
            let ok = !prefix.is_empty()
                && prefix.chars().all(|ch| ch.is_ascii_alphabetic())
                && digits.chars().all(|ch| ch.is_ascii_digit());
            let n: u64 = digits.parse().ok().filter(|_| ok)?;
            Some((n, prefix.to_string(), digits.len()))
        })
        .max();
    Ok(match highest {
        Some((n, prefix, width)) => format!("{prefix}{:0width$}", n + 1),
        None => "M001".into(),
    })
}

pub const CAPACITY_COLUMNS: &str = "member, service_line, units_per_month";

fn capacity_from_row(r: &Row) -> rusqlite::Result<Capacity> {
    Ok(Capacity {
        member: r.get(0)?,
        service_line: r.get(1)?,
        units_per_month: r.get(2)?,
    })
}

pub fn insert_capacity(conn: &Connection, c: &Capacity) -> Result<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO member_capacity ({CAPACITY_COLUMNS}) VALUES (?1, ?2, ?3)"
    ))?
    .execute(params![c.member, c.service_line, c.units_per_month])?;
    Ok(())
}

/// Sets a member's capacity in a service line, adding the line if it has none.
pub fn set_capacity(conn: &Connection, member: &str, service_line: &str, units: u32) -> Result<()> {
    conn.execute(
        "INSERT INTO member_capacity (member, service_line, units_per_month) VALUES (?1, ?2, ?3)
         ON CONFLICT (member, service_line) DO UPDATE SET units_per_month = excluded.units_per_month",
        params![member, service_line, units],
    )?;
    Ok(())
}

/// Every service line on record, in opportunities or in members' capacity, in order.
pub fn service_lines(conn: &Connection) -> Result<Vec<String>> {
    let mut st = conn.prepare(
        "SELECT service_line FROM opportunities UNION SELECT service_line FROM member_capacity
          ORDER BY 1",
    )?;
    let rows = st
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn load_capacity(conn: &Connection, member: Option<&str>) -> Result<Vec<Capacity>> {
    let base = format!("SELECT {CAPACITY_COLUMNS} FROM member_capacity");
    let rows = match member {
        Some(m) => conn
            .prepare(&format!(
                "{base} WHERE member = ?1 ORDER BY member, service_line"
            ))?
            .query_map([m], capacity_from_row)?
            .collect::<rusqlite::Result<_>>()?,
        None => conn
            .prepare(&format!("{base} ORDER BY member, service_line"))?
            .query_map([], capacity_from_row)?
            .collect::<rusqlite::Result<_>>()?,
    };
    Ok(rows)
}

/// Units per month a member can deliver in a service line (0 if it has none recorded).
pub fn capacity_for(conn: &Connection, member: &str, service_line: &str) -> Result<u32> {
    Ok(conn
        .query_row(
            "SELECT units_per_month FROM member_capacity WHERE member = ?1 AND service_line = ?2",
            [member, service_line],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(0))
}

pub const COMPLIANCE_COLUMNS: &str = "member, kind, reference, valid_until";

fn compliance_from_row(r: &Row) -> rusqlite::Result<ComplianceItem> {
    Ok(ComplianceItem {
        member: r.get(0)?,
        kind: sql::code(r, 1)?,
        reference: r.get(2)?,
        valid_until: sql::date(r, 3)?,
    })
}

pub fn insert_compliance(conn: &Connection, c: &ComplianceItem) -> Result<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO compliance_items ({COMPLIANCE_COLUMNS}) VALUES (?1, ?2, ?3, ?4)"
    ))?
    .execute(params![
        c.member,
        c.kind.code(),
        c.reference,
        sql::iso(c.valid_until)
    ])?;
    Ok(())
}

pub fn load_compliance(conn: &Connection, member: Option<&str>) -> Result<Vec<ComplianceItem>> {
    let base = format!("SELECT {COMPLIANCE_COLUMNS} FROM compliance_items");
    let rows = match member {
        Some(m) => conn
            .prepare(&format!(
                "{base} WHERE member = ?1 ORDER BY member, kind, reference"
            ))?
            .query_map([m], compliance_from_row)?
            .collect::<rusqlite::Result<_>>()?,
        None => conn
            .prepare(&format!("{base} ORDER BY member, kind, reference"))?
            .query_map([], compliance_from_row)?
            .collect::<rusqlite::Result<_>>()?,
    };
    Ok(rows)
}

/// Bumps the member's row version whatever it was: a change to its commitments (a re-profile)
/// that must invalidate any award planned against the old figures.
pub fn touch_member(conn: &Connection, code: &str) -> Result<()> {
    conn.execute(
        "UPDATE members SET row_version = row_version + 1 WHERE code = ?1",
        [code],
    )?;
    Ok(())
}

/// A member's capacity and commitment in one service line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineHeadroom {
    pub member: String,
    pub name: String,
    pub tier: crate::domain::Tier,
    pub capacity: u32,
    /// Units per month of its proposed and active sub-contracts in the line.
    pub committed: u32,
}

impl LineHeadroom {
    pub fn headroom(&self) -> i64 {
        i64::from(self.capacity) - i64::from(self.committed)
    }
}

/// Every member with capacity recorded in `service_line`, with its commitment there, in one
/// query: the candidates an award or a transfer offers.
pub fn headroom_in_line(conn: &Connection, service_line: &str) -> Result<Vec<LineHeadroom>> {
    let mut st = conn.prepare(&format!(
        "SELECT m.code, m.name, m.tier, c.units_per_month,
                COALESCE((SELECT SUM(s.units_per_month)
                            FROM subcontracts s JOIN opportunities o ON o.code = s.opportunity
                           WHERE s.member = m.code AND o.service_line = c.service_line
                             AND {}), 0)
           FROM member_capacity c JOIN members m ON m.code = c.member
          WHERE c.service_line = ?1 AND m.left_on IS NULL
          ORDER BY m.code",
        super::subcontracts::COMMITS_CAPACITY
    ))?;
    let rows = st
        .query_map([service_line], |r| {
            let committed: i64 = r.get(4)?;
            Ok(LineHeadroom {
                member: r.get(0)?,
                name: r.get(1)?,
                tier: sql::code(r, 2)?,
                capacity: r.get(3)?,
                committed: u32::try_from(committed).unwrap_or(u32::MAX),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
