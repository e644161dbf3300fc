//! Why no decision applies to a generated risk: the rules work those out from the data as it
//! stands whenever the register is read (`domain::risk_register`), so there is nothing a person
//! could edit, close or reopen — the risk goes by itself when its cause clears.

use crate::domain::Risk;
use crate::domain::risk_rules;
use crate::error::{HubError, Result};

/// Refuses a change to a risk an earlier version stored for a rule; today's register shows the
/// one worked out now in its place.
pub fn refuse_generated(r: &Risk) -> Result<()> {
    match &r.generated_by {
        Some(rule) => Err(refusal(&r.code, rule)),
        None => Ok(()),
    }
}

/// A code no stored risk has, but of the form the rules give their risks (`G-CONC-…`,
/// `G-INAD-…`): refused, saying why, rather than reported as missing.
pub fn refuse_if_generated_code(code: &str) -> Result<()> {
    match risk_rules::rule_of_code(code) {
        Some(rule) => Err(refusal(code.trim(), rule)),
        None => Ok(()),
    }
}

fn refusal(code: &str, rule: &str) -> HubError {
    // The why comes first: a status bar shows only the start of a long message.
    HubError::Refused(format!(
        "generated risks cannot be changed by hand; {code} goes by itself when its cause clears \
         (the '{rule}' rule works it out from today's data)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_codes_are_refused_with_their_rule_and_others_pass() {
        let e = refuse_if_generated_code("G-CONC-KN03").unwrap_err();
        assert!(
            matches!(&e, HubError::Refused(m) if m.contains("'concentration' rule")),
            "{e}"
        );
        assert!(refuse_if_generated_code("R-014").is_ok());
    }
}
