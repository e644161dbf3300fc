//! The words the lists over the panes show for a row — triage's and the audit log's — shared by
//! the views that draw them and the `/` filter that matches them, so a filter finds what is shown.

use crate::scoring::SignalKind;
use crate::scoring::triage::TriageRow;
use crate::store::audit::Row;

/// The Standing column's word for a triage row.
pub fn standing_word(r: &TriageRow) -> &'static str {
    if r.kind == SignalKind::ReferralRoute {
        crate::scoring::signals::ROUTE_LABEL
    } else {
        r.standing.map_or("–", |s| s.short_label())
    }
}

/// The words a triage row shows (and its reasons in full).
pub fn triage_haystack(r: &TriageRow) -> String {
    let mut out = format!(
        "{} {} {} {} {} {} {}",
        r.severity_word(),
        r.member_name,
        r.member,
        r.subcontract.as_deref().unwrap_or("member"),
        r.opportunity.as_deref().unwrap_or(""),
        standing_word(r),
        r.standing.map_or("", |s| s.label()),
    );
    for s in &r.signals {
        out.push(' ');
        out.push_str(&s.why);
    }
    out
}

/// A row's time as the audit log shows it: `29 Nov 2026 10:15`.
pub fn audit_when(r: &Row) -> String {
    crate::dates::parse_iso(r.at.get(..10).unwrap_or(""))
        .map(|d| {
            format!(
                "{} {}",
                crate::dates::display(d),
                r.at.get(11..16).unwrap_or("")
            )
        })
        .unwrap_or_else(|_| r.at.clone())
}

/// The words an audit row shows.
pub fn audit_haystack(r: &Row) -> String {
    format!(
        "{} {} {} {} {} {}",
        r.id,
        audit_when(r),
        r.actor,
        r.action,
        r.entity,
        r.reason.as_deref().unwrap_or("")
    )
}
