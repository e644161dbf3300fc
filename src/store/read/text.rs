//! Text from the database is stripped of control characters (and shows bidirectional and
//! zero-width characters as their codes) before it can reach a terminal, so a name containing an
//! escape sequence cannot move the cursor or change the screen, nor read backwards. Every read
//! model in `store::read` hands out text already cleaned this way.

use crate::domain::Risk;
use crate::domain::risk_rules::Cause;
use crate::store::audit;

pub use crate::text::clean;

/// Cleans a string read from a row in place (control characters, and the invisible characters
/// that reorder text).
pub(super) fn tidy(s: &mut String) {
    // Most text needs nothing: it is then neither copied nor compared.
    if !crate::text::is_clean(s) {
        *s = clean(s);
    }
}

pub(super) fn clean_risk(r: &mut Risk) {
    for f in [
        &mut r.code,
        &mut r.title,
        &mut r.category,
        &mut r.owner,
        &mut r.scale,
        &mut r.preventative_controls,
        &mut r.curative_controls,
    ] {
        tidy(f);
    }
}

/// The figures behind a generated risk name members and sub-contracts from the database.
pub(super) fn clean_cause(c: &mut Cause) {
    for f in [&mut c.entity_code, &mut c.title, &mut c.explanation] {
        tidy(f);
    }
}

/// An audit row's words (its before and after records stay as stored JSON, which escapes
/// control characters itself).
pub(super) fn clean_audit_row(r: &mut audit::Row) {
    for f in [&mut r.at, &mut r.actor, &mut r.action, &mut r.entity] {
        tidy(f);
    }
    if let Some(reason) = &mut r.reason {
        tidy(reason);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_are_neutralised() {
        assert_eq!(clean("Age UK\x1b[2J\x07"), "Age UK [2J ");
        assert_eq!(clean("line\r\nbreak"), "line  break");
        assert_eq!(
            clean("Listening Ear (Merseyside)"),
            "Listening Ear (Merseyside)"
        );
        assert_eq!(clean("\u{9b}31m"), " 31m");
    }
}
