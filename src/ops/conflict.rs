//! Saying what changed when a plan no longer holds: the differences between the plan a person read
//! and the plan as it would be made now, field by field, and the decisions recorded since.

use serde_json::Value;

use crate::dates;
use crate::error::Conflict;
use crate::store::audit::Row;

/// Most differences listed.
const MOST: usize = 8;

/// Leaf-by-leaf differences between two JSON values, as `path: old → new`.
pub fn differences(before: &Value, after: &Value) -> Vec<String> {
    let mut out = Vec::new();
    walk("", before, after, &mut out);
    out
}

fn walk(path: &str, a: &Value, b: &Value, out: &mut Vec<String>) {
    if out.len() >= MOST || a == b {
        return;
    }
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                let null = Value::Null;
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                walk(
                    &p,
                    x.get(k).unwrap_or(&null),
                    y.get(k).unwrap_or(&null),
                    out,
                );
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                let at = label(p).unwrap_or_else(|| i.to_string());
                walk(&format!("{path}[{at}]"), p, q, out);
            }
        }
        _ => out.push(format!("{path}: {} → {}", shown(a), shown(b))),
    }
}

/// What names an element of a list, for a person: its code, the rule of a check, the kind of a
/// compliance item, or the member it is for.
fn label(v: &Value) -> Option<String> {
    let text = |v: &Value| v.as_str().map(str::to_string);
    text(&v["code"])
        .or_else(|| text(&v["rule"]))
        .or_else(|| text(&v["kind"]))
        .or_else(|| text(&v["member"]))
        .or_else(|| text(&v["share"]["member"]))
        .or_else(|| text(&v["subcontract"]["code"]))
}

fn shown(v: &Value) -> String {
    let text = match v {
        Value::String(s) => s.clone(),
        Value::Null => "none".into(),
        Value::Array(a) => format!("{} items", a.len()),
        other => other.to_string(),
    };
    let mut t: String = text.chars().take(60).collect();
    if text.chars().count() > 60 {
        t.push('…');
    }
    t
}

/// One audit row as a person reads it in a conflict: `29 Nov 2026 14:02 alice suspend subcontract:SC-0106`.
pub fn recorded(r: &Row) -> String {
    let day = dates::parse_iso(r.at.get(..10).unwrap_or(""))
        .map(dates::display)
        .unwrap_or_else(|_| r.at.clone());
    format!(
        "{day} {} {} {} {}",
        r.at.get(11..16).unwrap_or(""),
        r.actor,
        r.action,
        r.entity
    )
}

/// The last few decisions recorded since a plan was read, oldest first.
pub fn recorded_since(since: &[Row]) -> Vec<String> {
    since.iter().rev().take(5).rev().map(recorded).collect()
}

/// The conflict for a plan that differs from the plan as it would be made now.
pub fn changed(read: &Value, now: &Value, since: &[Row]) -> Conflict {
    Conflict {
        summary: "what this plan read has changed since it was shown; nothing was written. Look at the new plan and decide again".into(),
        changes: differences(read, now),
        since: recorded_since(since),
    }
}

/// The conflict for a plan that can no longer be made at all.
pub fn gone(why: &str, since: &[Row]) -> Conflict {
    Conflict {
        summary: format!("the plan no longer holds ({why}); nothing was written"),
        changes: Vec::new(),
        since: recorded_since(since),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn differences_name_the_path_and_both_values() {
        let a = json!({"member": {"code": "KN01", "row_version": 3}, "checks": [{"passed": true}]});
        let b =
            json!({"member": {"code": "KN01", "row_version": 4}, "checks": [{"passed": false}]});
        assert_eq!(
            differences(&a, &b),
            [
                "checks[0].passed: true → false",
                "member.row_version: 3 → 4"
            ]
        );
        assert!(differences(&a, &a).is_empty());
        // A list of records names each by its code or member, not its position.
        let a = json!({"members": [{"share": {"member": "KN02"}, "v": 1}]});
        let b = json!({"members": [{"share": {"member": "KN02"}, "v": 2}]});
        assert_eq!(differences(&a, &b), ["members[KN02].v: 1 → 2"]);
    }
}
