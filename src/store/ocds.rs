//! Reading and writing `ocds_notices`: which opportunity each published contracting process
//! (ocid) became, and what its notice said when last imported.

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::Serialize;

use crate::error::Result;

/// What a notice said, as kept beside the opportunity it became.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoticeRecord {
    pub ocid: String,
    pub opportunity: String,
    pub release_id: String,
    pub release_date: Option<String>,
    pub notice_type: Option<String>,
    pub buyer_id: Option<String>,
    /// `value`, `minValue` or `none`.
    pub value_basis: String,
    pub currency: String,
    pub amount: Option<String>,
    pub tender_status: Option<String>,
    pub notice_stage: String,
    pub cpv: Option<String>,
    pub vcse_suitable: Option<bool>,
    pub sme_suitable: Option<bool>,
    pub contract_start: Option<String>,
    pub contract_end: Option<String>,
    pub uri: Option<String>,
    pub source_file: String,
}

const COLUMNS: &str = "ocid, opportunity, release_id, release_date, notice_type, buyer_id, \
    value_basis, currency, amount, tender_status, notice_stage, cpv, vcse_suitable, sme_suitable, \
    contract_start, contract_end, uri, source_file";

fn from_row(r: &Row) -> rusqlite::Result<NoticeRecord> {
    Ok(NoticeRecord {
        ocid: r.get(0)?,
        opportunity: r.get(1)?,
        release_id: r.get(2)?,
        release_date: r.get(3)?,
        notice_type: r.get(4)?,
        buyer_id: r.get(5)?,
        value_basis: r.get(6)?,
        currency: r.get(7)?,
        amount: r.get(8)?,
        tender_status: r.get(9)?,
        notice_stage: r.get(10)?,
        cpv: r.get(11)?,
        vcse_suitable: r.get(12)?,
        sme_suitable: r.get(13)?,
        contract_start: r.get(14)?,
        contract_end: r.get(15)?,
        uri: r.get(16)?,
        source_file: r.get(17)?,
    })
}

pub fn by_ocid(conn: &Connection, ocid: &str) -> Result<Option<NoticeRecord>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM ocds_notices WHERE ocid = ?1"
        ))?
        .query_row([ocid], from_row)
        .optional()?)
}

pub fn by_opportunity(conn: &Connection, code: &str) -> Result<Option<NoticeRecord>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM ocds_notices WHERE opportunity = ?1"
        ))?
        .query_row([code], from_row)
        .optional()?)
}

/// Inserts or replaces what the notice for `n.ocid` said.
pub fn put(conn: &Connection, n: &NoticeRecord) -> Result<()> {
    conn.prepare_cached(&format!(
        "INSERT OR REPLACE INTO ocds_notices ({COLUMNS})
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)"
    ))?
    .execute(params![
        n.ocid,
        n.opportunity,
        n.release_id,
        n.release_date,
        n.notice_type,
        n.buyer_id,
        n.value_basis,
        n.currency,
        n.amount,
        n.tender_status,
        n.notice_stage,
        n.cpv,
        n.vcse_suitable,
        n.sme_suitable,
        n.contract_start,
        n.contract_end,
        n.uri,
        n.source_file
    ])?;
    Ok(())
}

/// A commissioner's code by its name (any case), if one is recorded.
pub fn commissioner_named(conn: &Connection, name: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT code FROM commissioners WHERE lower(name) = lower(?1) LIMIT 1")?
        .query_row([name], |r| r.get(0))
        .optional()?)
}

/// Whether a commissioner code is taken.
pub fn commissioner_exists(conn: &Connection, code: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM commissioners WHERE code = ?1")?
        .query_row([code], |_| Ok(()))
        .optional()?
        .is_some())
}
