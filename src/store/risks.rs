//! Reading and writing the risk register, and reading it as people see it: with the generated
//! risks the rules find in today's data (`domain::risk_register`), which are never stored.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, params};
use rust_decimal::Decimal;

use super::sql;
use crate::domain::Risk;
use crate::domain::risk_register::Register;
use crate::domain::risk_rules::{self, ContractStanding};
use crate::error::Result;

pub const RISK_COLUMNS: &str = "code, title, category, owner, scale, gross_probability, gross_impact, preventative_controls, curative_controls, net_probability, net_impact, review_date, status, entity_kind, entity_code, generated_by";

pub fn risk_from_row(r: &Row) -> rusqlite::Result<Risk> {
    Ok(Risk {
        code: r.get(0)?,
        title: r.get(1)?,
        category: r.get(2)?,
        owner: r.get(3)?,
        scale: r.get(4)?,
        gross_probability: r.get(5)?,
        gross_impact: r.get(6)?,
        preventative_controls: r.get(7)?,
        curative_controls: r.get(8)?,
        net_probability: r.get(9)?,
        net_impact: r.get(10)?,
        review_date: sql::date(r, 11)?,
        status: sql::code(r, 12)?,
        entity_kind: sql::code(r, 13)?,
        entity_code: r.get(14)?,
        generated_by: r.get(15)?,
    })
}

pub fn insert_risk(conn: &Connection, k: &Risk) -> Result<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO risks ({RISK_COLUMNS})
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)"
    ))?
    .execute(params![
        k.code,
        k.title,
        k.category,
        k.owner,
        k.scale,
        k.gross_probability,
        k.gross_impact,
        k.preventative_controls,
        k.curative_controls,
        k.net_probability,
        k.net_impact,
        sql::iso(k.review_date),
        k.status.code(),
        k.entity_kind.code(),
        k.entity_code,
        k.generated_by
    ])?;
    Ok(())
}

pub fn load_risks(conn: &Connection) -> Result<Vec<Risk>> {
    let mut st = conn.prepare(&format!("SELECT {RISK_COLUMNS} FROM risks ORDER BY code"))?;
    let rows = st
        .query_map([], risk_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The register as people read it on `today`: the stored risks with the generated ones worked out
/// from the current sub-contracts, the concentration `share` and the scorecard's `standings`.
pub fn register(
    conn: &Connection,
    today: NaiveDate,
    share: Decimal,
    standings: &[ContractStanding],
) -> Result<Register> {
    let totals = super::subcontracts::active_totals(conn)?;
    register_with(conn, today, share, standings, &totals)
}

/// As `register`, with the active sub-contracts' totals already read: as `risk_rules::causes`
/// over every sub-contract, looking up only the sub-contracts the standings name.
pub fn register_with(
    conn: &Connection,
    today: NaiveDate,
    share: Decimal,
    standings: &[ContractStanding],
    totals: &risk_rules::ActiveTotals,
) -> Result<Register> {
    let mut causes = risk_rules::concentration_of(totals, share)?;
    let inadequate = risk_rules::inadequate_standing_causes(standings);
    let named: Vec<&str> = inadequate.iter().map(|c| c.entity_code.as_str()).collect();
    let on_record = super::subcontracts::on_record(conn, &named)?;
    causes.extend(
        inadequate
            .into_iter()
            .filter(|c| on_record.contains(&c.entity_code)),
    );
    Ok(Register::read(load_risks(conn)?, causes, today))
}

pub fn get_risk(conn: &Connection, code: &str) -> Result<Option<Risk>> {
    Ok(conn
        .query_row(
            &format!("SELECT {RISK_COLUMNS} FROM risks WHERE code = ?1"),
            [code],
            risk_from_row,
        )
        .optional()?)
}

/// Rewrites every column of the risk with `k.code`; returns whether a row matched.
pub fn update_risk(conn: &Connection, k: &Risk) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "UPDATE risks SET title = ?2, category = ?3, owner = ?4, scale = ?5,
                 gross_probability = ?6, gross_impact = ?7, preventative_controls = ?8,
                 curative_controls = ?9, net_probability = ?10, net_impact = ?11, review_date = ?12,
                 status = ?13, entity_kind = ?14, entity_code = ?15, generated_by = ?16
             WHERE code = ?1",
        )?
        .execute(params![
            k.code,
            k.title,
            k.category,
            k.owner,
            k.scale,
            k.gross_probability,
            k.gross_impact,
            k.preventative_controls,
            k.curative_controls,
            k.net_probability,
            k.net_impact,
            sql::iso(k.review_date),
            k.status.code(),
            k.entity_kind.code(),
            k.entity_code,
            k.generated_by
        ])?;
    Ok(n == 1)
}
