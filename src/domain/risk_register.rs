//! The risk register as people read it: the risks people keep, and beside them a risk for each
//! cause a rule finds in today's data (`risk_rules`). Generated risks are worked out on every read
//! and never written, so looking never adds a row to the register or the audit log.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;

use super::risk_rules::{self, Cause};
use super::{Risk, RiskStatus};

/// The register as read, in code order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Register {
    pub risks: Vec<Risk>,
    /// The cause behind each generated risk, by the risk's code: the rule and today's figures.
    pub causes: BTreeMap<String, Cause>,
}

impl Register {
    /// The stored risks, less those an earlier version wrote for one of today's rules (the risks
    /// worked out now replace them; the rows stay in the database and in export), and a generated
    /// risk for each of `causes`.
    pub fn read(stored: Vec<Risk>, causes: Vec<Cause>, today: NaiveDate) -> Register {
        let mut risks: Vec<Risk> = stored.into_iter().filter(|r| !superseded(r)).collect();
        let mut taken: HashSet<String> = risks.iter().map(|r| r.code.clone()).collect();
        let mut by_code = BTreeMap::new();
        for cause in causes {
            let stem = cause.code_stem();
            // A person may have used the code already; the first free suffix keeps it unique.
            let code = std::iter::once(stem.clone())
                .chain((2..).map(|n| format!("{stem}-{n}")))
                .find(|c| !taken.contains(c))
                .unwrap_or(stem);
            taken.insert(code.clone());
            risks.push(generated_risk(&cause, code.clone(), today));
            by_code.insert(code, cause);
        }
        risks.sort_by(|a, b| a.code.cmp(&b.code));
        Register {
            risks,
            causes: by_code,
        }
    }

    /// Why `r` is on the register, if a rule put it there today.
    pub fn cause_of(&self, r: &Risk) -> Option<&Cause> {
        self.causes.get(&r.code)
    }
}

/// A stored risk an earlier version raised for one of today's rules.
fn superseded(r: &Risk) -> bool {
    r.generated_by
        .as_deref()
        .is_some_and(|g| risk_rules::RULES.contains(&g))
}

/// The risk a cause raises: open, on the Knowsley scale, owned by the hub. Its review date is
/// today, since it is worked out afresh whenever it is read.
fn generated_risk(cause: &Cause, code: String, today: NaiveDate) -> Risk {
    Risk {
        code,
        title: cause.title.clone(),
        category: cause.category.to_string(),
        owner: risk_rules::GENERATED_OWNER.to_string(),
        scale: risk_rules::GENERATED_SCALE.to_string(),
        gross_probability: cause.probability,
        gross_impact: cause.impact,
        preventative_controls: String::new(),
        curative_controls: String::new(),
        net_probability: None,
        net_impact: None,
        review_date: today,
        status: RiskStatus::Open,
        entity_kind: cause.entity_kind,
        entity_code: Some(cause.entity_code.clone()),
        generated_by: Some(cause.rule.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::parse_iso;
    use crate::domain::EntityKind;
    use crate::domain::risk_rules::{CONCENTRATION, INADEQUATE_STANDING};

    fn today() -> NaiveDate {
        parse_iso("2026-11-22").unwrap()
    }

    fn cause(rule: &'static str, entity: &str) -> Cause {
        Cause {
            rule,
            entity_kind: if rule == CONCENTRATION {
                EntityKind::Member
            } else {
                EntityKind::SubContract
            },
            entity_code: entity.into(),
            title: format!("about {entity}"),
            explanation: format!("{entity} figures"),
            category: "financial",
            probability: 4,
            impact: 3,
        }
    }

    fn stored(code: &str, generated_by: Option<&str>) -> Risk {
        Risk {
            generated_by: generated_by.map(str::to_string),
            title: format!("stored {code}"),
            ..generated_risk(&cause(CONCENTRATION, "X"), code.into(), today())
        }
    }

    fn codes(r: &Register) -> Vec<&str> {
        r.risks.iter().map(|r| r.code.as_str()).collect()
    }

    #[test]
    fn generated_risks_replace_those_an_earlier_version_stored() {
        let register = Register::read(
            vec![
                stored("G-CONC-KN01", Some(CONCENTRATION)),
                stored("G-INAD-SC9", Some(INADEQUATE_STANDING)),
                stored("G-OTHER-1", Some("another_rule")),
                stored("R-001", None),
            ],
            vec![cause(CONCENTRATION, "KN01")],
            today(),
        );
        assert_eq!(codes(&register), ["G-CONC-KN01", "G-OTHER-1", "R-001"]);
        let kn01 = &register.risks[0];
        assert_eq!(
            kn01.title, "about KN01",
            "the one worked out now, not the stored one"
        );
        assert_eq!(kn01.owner, risk_rules::GENERATED_OWNER);
        assert_eq!(kn01.scale, risk_rules::GENERATED_SCALE);
        assert_eq!(kn01.review_date, today());
        assert_eq!(
            register.cause_of(kn01).map(Cause::reason).as_deref(),
            Some("concentration: KN01 figures")
        );
        assert_eq!(register.cause_of(&register.risks[2]), None);
    }

    #[test]
    fn a_code_a_person_used_gets_the_first_free_suffix() {
        let register = Register::read(
            vec![stored("G-CONC-KN01", None), stored("G-CONC-KN01-2", None)],
            vec![cause(CONCENTRATION, "KN01")],
            today(),
        );
        assert_eq!(
            codes(&register),
            ["G-CONC-KN01", "G-CONC-KN01-2", "G-CONC-KN01-3"]
        );
        assert!(register.causes.contains_key("G-CONC-KN01-3"));
    }

    #[test]
    fn no_cause_no_generated_risk() {
        let register = Register::read(Vec::new(), Vec::new(), today());
        assert!(register.risks.is_empty() && register.causes.is_empty());
    }
}
