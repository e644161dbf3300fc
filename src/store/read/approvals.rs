//! Decisions the Board must approve — every competitive award, and every decision taken over a
//! failed check — and the approvals recorded against them. An approval is itself an audit row
//! (`board_approval`) naming the row it approves, so the log alone says what awaits the Board.

use rusqlite::Connection;
use serde::Serialize;
use serde_json::Value;

use super::text::clean_audit_row;
use crate::domain::checks::Rule;
use crate::error::Result;
use crate::store::audit::{self, AuditAction, Row};

/// A decision awaiting the Board's approval, and why it needs it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Awaiting {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub reason: Option<String>,
    pub needs: String,
}

/// The approval recorded for a decision.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Approval {
    pub id: i64,
    pub meeting: String,
    pub minute: String,
}

/// Why row `r` needs the Board's approval, in words; `None` when it does not.
pub fn needs_approval(r: &Row) -> Option<String> {
    let after: Value = serde_json::from_str(r.after_json.as_deref()?).ok()?;
    let mut why = Vec::new();
    if r.action() == Some(AuditAction::Award) && after.get("competition").is_some() {
        why.push("competitive award".to_string());
    }
    if let Some(o) = after.get("override") {
        let rules: Vec<String> = o["failed_checks"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|c| {
                        let rule = serde_json::from_value::<Rule>(c["rule"].clone()).ok();
                        rule.map(|r| r.label().to_string())
                            .or_else(|| c["rule"].as_str().map(|s| s.replace('_', " ")))
                    })
                    .collect()
            })
            .unwrap_or_default();
        why.push(if rules.is_empty() {
            "override of a failed check".to_string()
        } else {
            format!("override of a failed check: {}", rules.join(", "))
        });
    }
    (!why.is_empty()).then(|| why.join("; "))
}

/// The Board's approval of row `id`, if recorded.
pub fn approval_of(conn: &Connection, id: i64) -> Result<Option<Approval>> {
    let mut st = conn.prepare_cached(
        "SELECT id, json_extract(after_json, '$.meeting'), json_extract(after_json, '$.minute')
           FROM audit_log
          WHERE action = 'board_approval' AND json_valid(after_json)
            AND json_extract(after_json, '$.approves') = ?1
          ORDER BY id LIMIT 1",
    )?;
    let mut q = st.query([id])?;
    Ok(match q.next()? {
        Some(r) => Some(Approval {
            id: r.get(0)?,
            meeting: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
            minute: super::text::clean(&r.get::<_, Option<String>>(2)?.unwrap_or_default()),
        }),
        None => None,
    })
}

/// Every decision needing the Board's approval that has none yet, oldest first.
pub fn awaiting(conn: &Connection) -> Result<Vec<Awaiting>> {
    let mut st = conn.prepare(
        // A row whose JSON is not valid (written behind the program's back) is passed over
        // here and reported by `audit verify`.
        "SELECT id FROM audit_log a
          WHERE json_valid(a.after_json)
            AND (a.action = 'award' AND json_extract(a.after_json, '$.competition') IS NOT NULL
                 OR json_extract(a.after_json, '$.override') IS NOT NULL)
            AND NOT EXISTS (SELECT 1 FROM audit_log b
                             WHERE b.action = 'board_approval' AND json_valid(b.after_json)
                               AND json_extract(b.after_json, '$.approves') = a.id)
          ORDER BY a.id",
    )?;
    let ids: Vec<i64> = st
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let Some(mut row) = audit::get(conn, id)? else {
            continue;
        };
        let Some(needs) = needs_approval(&row) else {
            continue;
        };
        clean_audit_row(&mut row);
        out.push(Awaiting {
            id: row.id,
            at: row.at,
            actor: row.actor,
            action: row.action,
            entity: row.entity,
            reason: row.reason,
            needs,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(action: &str, after: &str) -> Row {
        Row {
            id: 7,
            at: "2026-11-29T10:00:00Z".into(),
            actor: "officer".into(),
            action: action.into(),
            entity: "subcontract:SC-0001".into(),
            before_json: None,
            after_json: Some(after.into()),
            reason: Some("why".into()),
            prev_hash: String::new(),
            hash: String::new(),
        }
    }

    #[test]
    fn competitive_awards_and_overrides_need_approval_and_nothing_else_does() {
        assert_eq!(
            needs_approval(&row("award", r#"{"competition": {"bids": []}}"#)).as_deref(),
            Some("competitive award")
        );
        let over = r#"{"override": {"reason": "x", "failed_checks": [
            {"rule": "compliance", "passed": false, "reason": "r"},
            {"rule": "headroom", "passed": false, "reason": "r"}]}}"#;
        assert_eq!(
            needs_approval(&row("transfer", over)).as_deref(),
            Some("override of a failed check: compliance in date, capacity headroom")
        );
        assert_eq!(needs_approval(&row("award", r#"{"checks": []}"#)), None);
        // Competition context on anything but an award is not a competitive award.
        assert_eq!(needs_approval(&row("vary", r#"{"competition": 1}"#)), None);
        assert_eq!(needs_approval(&row("award", "not json")), None);
    }
}
