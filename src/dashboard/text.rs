//! Text from the database is stripped of control characters before it can reach a terminal, so a
//! name containing an escape sequence cannot move the cursor or change the screen.

use crate::domain::Risk;
use crate::domain::risk_rules::Cause;

/// Replaces control characters (including ESC, CR, tabs and C1 controls) with a space.
pub fn clean(s: &str) -> String {
    if !s.chars().any(char::is_control) {
        return s.to_string();
    }
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

pub fn clean_risk(r: &mut Risk) {
    for f in [
        &mut r.code,
        &mut r.title,
        &mut r.category,
        &mut r.owner,
        &mut r.scale,
        &mut r.preventative_controls,
        &mut r.curative_controls,
    ] {
        *f = clean(f);
    }
}

/// The figures behind a generated risk name members and sub-contracts from the database.
pub fn clean_cause(c: &mut Cause) {
    for f in [&mut c.entity_code, &mut c.title, &mut c.explanation] {
        *f = clean(f);
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
