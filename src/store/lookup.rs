//! Finding a record by the code a person typed: the same code in any case, and when there is none,
//! the nearest codes in use, to suggest.

use rusqlite::{Connection, OptionalExtension};

use crate::error::Result;

/// The tables whose rows are found by a `code` column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeTable {
    Members,
    Opportunities,
    SubContracts,
    Risks,
    Claims,
}

impl CodeTable {
    fn name(self) -> &'static str {
        match self {
            CodeTable::Members => "members",
            CodeTable::Opportunities => "opportunities",
            CodeTable::SubContracts => "subcontracts",
            CodeTable::Risks => "risks",
            CodeTable::Claims => "claims",
        }
    }
}

/// The stored code matching `typed` exactly, else ignoring case (`sc-0053` finds `SC-0053`).
pub fn canonical(conn: &Connection, table: CodeTable, typed: &str) -> Result<Option<String>> {
    let t = typed.trim();
    let sql = format!(
        "SELECT code FROM {} WHERE code = ?1 COLLATE NOCASE ORDER BY code = ?1 DESC LIMIT 1",
        table.name()
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([t], |r| r.get(0))
        .optional()?)
}

/// Up to `n` codes in use nearest to `typed` (fewest single-character edits, ignoring case),
/// nearest first; only those close enough to be a slip of the finger.
pub fn nearest(conn: &Connection, table: CodeTable, typed: &str, n: usize) -> Result<Vec<String>> {
    let wanted = typed.trim().to_uppercase();
    let mut st = conn.prepare(&format!("SELECT code FROM {}", table.name()))?;
    let mut scored: Vec<(usize, String)> = st
        .query_map([], |r| r.get::<_, String>(0))?
        .filter_map(|c| c.ok())
        .map(|c| (distance(&wanted, &c.to_uppercase()), c))
        .filter(|(d, _)| *d <= 2.max(wanted.chars().count() / 3))
        .collect();
    scored.sort();
    Ok(scored.into_iter().take(n).map(|(_, c)| c).collect())
}

/// Levenshtein distance: insertions, deletions and substitutions of single characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let here = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(here + 1);
            prev = here;
        }
    }
    row[b.len()]
}

/// "no sub-contract with code 'SC-053' (did you mean SC-0053, SC-0035?)".
pub fn not_found(conn: &Connection, table: CodeTable, what: &str, typed: &str) -> String {
    let near = nearest(conn, table, typed, 3).unwrap_or_default();
    let t = typed.trim();
    if near.is_empty() {
        format!("no {what} with code '{t}'")
    } else {
        format!(
            "no {what} with code '{t}' (did you mean {}?)",
            near.join(", ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::distance;

    #[test]
    fn distances_count_single_character_edits() {
        assert_eq!(distance("SC-0053", "SC-0053"), 0);
        assert_eq!(distance("SC-053", "SC-0053"), 1);
        assert_eq!(distance("SC-0035", "SC-0053"), 2);
        assert_eq!(distance("", "KN01"), 4);
    }
}
