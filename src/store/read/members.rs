//! Members as the dashboard and the Board name them: codes, names, income and clusters.

use std::collections::HashMap;

use rusqlite::Connection;
use rust_decimal::Decimal;

use super::text::clean;
use crate::error::Result;
use crate::store::{members, sql};

/// (code, name) of every member, in code order, for the command palette.
pub fn index(conn: &Connection) -> Result<Vec<(String, String)>> {
    let mut st = conn.prepare("SELECT code, name FROM members ORDER BY code")?;
    let rows = st
        .query_map([], |r| {
            Ok((
                clean(&r.get::<_, String>(0)?),
                clean(&r.get::<_, String>(1)?),
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Each member's name (cleaned) by its code as stored, to join with rows the scoring reports.
pub fn names_by_code(conn: &Connection) -> Result<HashMap<String, String>> {
    Ok(members::load_members(conn)?
        .into_iter()
        .map(|m| (m.code, clean(&m.name)))
        .collect())
}

/// (code, name, annual income) of every member, in code order.
pub fn with_income(conn: &Connection) -> Result<Vec<(String, String, Decimal)>> {
    let mut st = conn.prepare("SELECT code, name, annual_income FROM members ORDER BY code")?;
    let mut q = st.query([])?;
    let mut out = Vec::new();
    while let Some(r) = q.next()? {
        out.push((
            clean(&r.get::<_, String>(0)?),
            clean(&r.get::<_, String>(1)?),
            sql::money(r, 2)?,
        ));
    }
    Ok(out)
}

/// Each member's clusters, by member code.
pub fn clusters(conn: &Connection) -> Result<HashMap<String, Vec<String>>> {
    let mut out = HashMap::new();
    let mut st = conn.prepare("SELECT code, clusters FROM members")?;
    let mut q = st.query([])?;
    while let Some(r) = q.next()? {
        let code = clean(&r.get::<_, String>(0)?);
        let list = members::split_clusters(&r.get::<_, String>(1)?)
            .iter()
            .map(|c| clean(c))
            .collect();
        out.insert(code, list);
    }
    Ok(out)
}
