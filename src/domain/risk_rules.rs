//! Risks raised by rules over live data, not by people: a member holding too large a share of the
//! consortium's active contract value, and a sub-contract whose standing is Inadequate. Pure
//! functions: they say which causes hold today; `risk_register` turns them into the risks people
//! read, worked out afresh on every read and never written.

use rust_decimal::Decimal;
use serde::Serialize;

use super::{EntityKind, SubContract, SubContractStatus};
use crate::error::Result;
use crate::money;

/// `generated_by` of a concentration risk.
pub const CONCENTRATION: &str = "concentration";
/// `generated_by` of an inadequate-standing risk.
pub const INADEQUATE_STANDING: &str = "inadequate_standing";
/// Every rule that raises risks; a generated risk naming another rule is left alone.
pub const RULES: &[&str] = &[CONCENTRATION, INADEQUATE_STANDING];

/// The standing word (Procurement Act 2023 ratings) that raises a risk.
pub const INADEQUATE: &str = "Inadequate";

/// Who a generated risk is assigned to: the hub, which watches the rules.
pub const GENERATED_OWNER: &str = "Hub manager";

/// Generated risks are scored on the Knowsley scale (the register's own) at these levels: a
/// concentration is a medium (4) probability of a damaging (3) loss, 12, moderate; an Inadequate
/// sub-contract is a high (5) probability of damaging (3) failure, 15, high.
pub const GENERATED_SCALE: &str = "knowsley";

/// A cause that holds now, and the risk it raises.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cause {
    /// The rule's name, stored as the risk's `generated_by`.
    pub rule: &'static str,
    pub entity_kind: EntityKind,
    pub entity_code: String,
    /// The risk's title: what it is about, in words that stay the same while the cause holds.
    pub title: String,
    /// Today's figures behind it, shown beside the risk wherever it is read.
    pub explanation: String,
    pub category: &'static str,
    pub probability: u8,
    pub impact: u8,
}

impl Cause {
    /// Which risk this cause is: one generated risk per rule and entity.
    pub fn key(&self) -> (&str, EntityKind, &str) {
        (self.rule, self.entity_kind, &self.entity_code)
    }

    /// The rule and the figures that raised it, in one line: `concentration: KN03 holds …`.
    pub fn reason(&self) -> String {
        format!("{}: {}", self.rule, self.explanation)
    }

    /// The short part of a generated risk's code: `G-CONC-KN03`, `G-INAD-SC-0062`.
    pub fn code_stem(&self) -> String {
        let short = match self.rule {
            CONCENTRATION => "CONC",
            _ => "INAD",
        };
        format!("G-{short}-{}", self.entity_code)
    }
}

/// The rule whose generated risks carry codes like `code` (`G-CONC-…`, `G-INAD-…`), if any.
pub fn rule_of_code(code: &str) -> Option<&'static str> {
    let code = code.trim();
    if code.starts_with("G-CONC-") {
        Some(CONCENTRATION)
    } else if code.starts_with("G-INAD-") {
        Some(INADEQUATE_STANDING)
    } else {
        None
    }
}

/// A sub-contract's standing as the scorecard rates it today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractStanding {
    pub subcontract: String,
    /// The standing word: Good, Approaching target, Requires improvement, Inadequate…
    pub standing: String,
    /// The overall score the standing was banded from.
    pub overall: Decimal,
}

/// What the rules read of a sub-contract: its code, member, status and value.
pub trait Holding {
    fn code(&self) -> &str;
    fn member(&self) -> &str;
    fn status(&self) -> SubContractStatus;
    fn value(&self) -> Decimal;
}

impl Holding for SubContract {
    fn code(&self) -> &str {
        &self.code
    }
    fn member(&self) -> &str {
        &self.member
    }
    fn status(&self) -> SubContractStatus {
        self.status
    }
    fn value(&self) -> Decimal {
        self.value
    }
}

/// Every cause that holds today: the concentrations among `subcontracts`, and the Inadequate
/// standings of sub-contracts that exist (a standing for an unknown code is ignored).
pub fn causes<H: Holding>(
    subcontracts: &[H],
    standings: &[ContractStanding],
    share: Decimal,
) -> Result<Vec<Cause>> {
    let inadequate = inadequate_standing_causes(standings);
    // Only the codes standings name are looked for among the sub-contracts.
    let named: std::collections::HashSet<&str> =
        inadequate.iter().map(|c| c.entity_code.as_str()).collect();
    let known: std::collections::HashSet<&str> = subcontracts
        .iter()
        .map(|s| s.code())
        .filter(|c| named.contains(c))
        .collect();
    let mut out = concentration_causes(subcontracts, share)?;
    out.extend(
        inadequate
            .into_iter()
            .filter(|c| known.contains(c.entity_code.as_str())),
    );
    Ok(out)
}

/// The value of the active sub-contracts: how many, in all and by member, each sum checked (a
/// value too large to add up is refused naming its sub-contract). The summary strip's active
/// figures and the concentration rule read the same totals.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ActiveTotals {
    pub count: usize,
    pub total: Decimal,
    pub by_member: std::collections::BTreeMap<String, Decimal>,
}

impl ActiveTotals {
    /// Adds an active sub-contract.
    pub fn add(&mut self, code: &str, member: &str, value: Decimal) -> Result<()> {
        self.add_as(code, member, 1, value)
    }

    /// Adds a member's `contracts` active sub-contracts, worth `value` together.
    pub fn add_member(&mut self, member: &str, contracts: usize, value: Decimal) -> Result<()> {
        self.add_as(member, member, contracts, value)
    }

    /// Adds to `member`'s totals; a sum too large names `named`.
    fn add_as(
        &mut self,
        named: &str,
        member: &str,
        contracts: usize,
        value: Decimal,
    ) -> Result<()> {
        self.total = money::add(self.total, "value", named, value)?;
        match self.by_member.get_mut(member) {
            Some(v) => *v = money::add(*v, "value", named, value)?,
            None => {
                self.by_member.insert(member.to_string(), value);
            }
        }
        self.count = self.count.checked_add(contracts).ok_or_else(|| {
            crate::error::HubError::Invalid("too many active sub-contracts to count".into())
        })?;
        Ok(())
    }

    /// The totals of the active ones among `subcontracts`.
    pub fn of<H: Holding>(subcontracts: &[H]) -> Result<ActiveTotals> {
        let mut t = ActiveTotals::default();
        for s in subcontracts
            .iter()
            .filter(|s| s.status() == SubContractStatus::Active)
        {
            t.add(s.code(), s.member(), s.value())?;
        }
        Ok(t)
    }
}

/// Members holding more than `share` (0.25 = 25%) of the value of all active sub-contracts. At
/// exactly the share nothing is raised; with no active value there is no concentration. The
/// totals are checked: a value too large to add up is refused naming its sub-contract.
pub fn concentration_causes<H: Holding>(subcontracts: &[H], share: Decimal) -> Result<Vec<Cause>> {
    concentration_of(&ActiveTotals::of(subcontracts)?, share)
}

/// As `concentration_causes`, from the active totals.
pub fn concentration_of(totals: &ActiveTotals, share: Decimal) -> Result<Vec<Cause>> {
    let total = totals.total;
    if total <= Decimal::ZERO {
        return Ok(Vec::new());
    }
    // Share is at most 1 and every value within the total, so these cannot overflow; checked all
    // the same so that no figure here can panic.
    let too_large = || money::too_large("the concentration of active contract value");
    let limit_pct = (share * Decimal::ONE_HUNDRED).normalize();
    let limit = total.checked_mul(share).ok_or_else(too_large)?;
    let mut out = Vec::new();
    for (member, value) in totals.by_member.iter().filter(|(_, v)| **v > limit) {
        let value = *value;
        let pct = value
            .checked_mul(Decimal::ONE_HUNDRED)
            .and_then(|v| v.checked_div(total))
            .ok_or_else(too_large)?
            .round_dp(1)
            .normalize();
        out.push(Cause {
                rule: CONCENTRATION,
                entity_kind: EntityKind::Member,
                entity_code: member.to_string(),
                title: format!(
                    "Concentration: {member} holds more than {limit_pct}% of active contract value"
                ),
                explanation: format!(
                    "{member} holds {} of {} active contract value ({pct}%), above the {limit_pct}% limit",
                    money::display(value),
                    money::display(total)
                ),
                category: "financial",
                probability: 4,
                impact: 3,
            });
    }
    Ok(out)
}

/// Sub-contracts whose standing is Inadequate, as the scoring reports it; the word is matched
/// without regard to case.
pub fn inadequate_standing_causes(standings: &[ContractStanding]) -> Vec<Cause> {
    let mut causes: Vec<Cause> = standings
        .iter()
        .filter(|s| s.standing.trim().eq_ignore_ascii_case(INADEQUATE))
        .map(|s| {
            let code = &s.subcontract;
            Cause {
                rule: INADEQUATE_STANDING,
                entity_kind: EntityKind::SubContract,
                entity_code: code.clone(),
                title: format!("Sub-contract {code} is rated Inadequate"),
                explanation: format!(
                    "sub-contract {code}'s overall score is {}, rated {INADEQUATE}",
                    s.overall
                ),
                category: "service",
                probability: 5,
                impact: 3,
            }
        })
        .collect();
    causes.sort_by(|a, b| a.entity_code.cmp(&b.entity_code));
    causes.dedup_by(|a, b| a.entity_code == b.entity_code);
    causes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::parse_iso;
    use crate::domain::PaymentModel;
    use rust_decimal_macros::dec;

    fn sub(code: &str, member: &str, value: Decimal, status: SubContractStatus) -> SubContract {
        SubContract {
            code: code.into(),
            opportunity: "OP1".into(),
            member: member.into(),
            let_by: None,
            value,
            start: parse_iso("2026-04-01").unwrap(),
            end: parse_iso("2027-03-31").unwrap(),
            units_per_month: 10,
            payment_model: PaymentModel::Block,
            status,
            transferred_from: None,
            unit_rate: None,
            row_version: 1,
        }
    }

    #[test]
    fn exactly_at_the_share_raises_nothing_and_a_penny_more_does() {
        use SubContractStatus::Active;
        let at = [
            sub("S1", "A", dec!(25000.00), Active),
            sub("S2", "B", dec!(75000.00), Active),
        ];
        let over: Vec<String> = concentration_causes(&at, dec!(0.25))
            .unwrap()
            .into_iter()
            .map(|c| c.entity_code)
            .collect();
        assert_eq!(over, ["B"], "A at exactly 25% is not over the share");
        let above = [
            sub("S1", "A", dec!(25000.01), Active),
            sub("S2", "B", dec!(74999.99), Active),
        ];
        let over: Vec<String> = concentration_causes(&above, dec!(0.25))
            .unwrap()
            .into_iter()
            .map(|c| c.entity_code)
            .collect();
        assert_eq!(over, ["A", "B"]);
    }

    #[test]
    fn values_too_large_to_add_up_are_refused_naming_the_sub_contract() {
        use SubContractStatus::Active;
        let huge = [
            sub("S1", "A", Decimal::MAX, Active),
            sub("S2", "B", dec!(1), Active),
        ];
        let e = concentration_causes(&huge, dec!(0.25))
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("the value of S2 (£1.00) is too large to add up"),
            "{e}"
        );
        // At the ceiling every value reads at, the figures are exact.
        let top = [
            sub("S1", "A", crate::money::CEILING, Active),
            sub("S2", "A", crate::money::CEILING, Active),
            sub("S3", "B", dec!(0.02), Active),
        ];
        let c = concentration_causes(&top, dec!(0.25)).unwrap();
        assert_eq!(c.len(), 1);
        assert_eq!(
            c[0].explanation,
            "A holds £1,999,999,999,999,999.98 of £2,000,000,000,000,000.00 active contract \
             value (100%), above the 25% limit"
        );
    }

    #[test]
    fn only_active_sub_contracts_count_towards_concentration() {
        let subs = [
            sub("S1", "A", dec!(10000), SubContractStatus::Active),
            sub("S2", "B", dec!(10000), SubContractStatus::Active),
            sub("S3", "C", dec!(10000), SubContractStatus::Active),
            sub("S4", "D", dec!(10000), SubContractStatus::Active),
            sub("S5", "A", dec!(90000), SubContractStatus::Suspended),
            sub("S6", "A", dec!(90000), SubContractStatus::Completed),
        ];
        assert!(concentration_causes(&subs, dec!(0.25)).unwrap().is_empty());
        assert!(
            concentration_causes::<SubContract>(&[], dec!(0.25))
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn a_concentration_explains_its_figures() {
        let subs = [
            sub("S1", "KN03", dec!(30000), SubContractStatus::Active),
            sub("S2", "KN04", dec!(70000), SubContractStatus::Active),
        ];
        let c = concentration_causes(&subs, dec!(0.5)).unwrap();
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].rule, CONCENTRATION);
        assert_eq!(c[0].entity_kind, EntityKind::Member);
        assert_eq!(
            c[0].explanation,
            "KN04 holds £70,000.00 of £100,000.00 active contract value (70%), above the 50% limit"
        );
        assert_eq!(
            c[0].title,
            "Concentration: KN04 holds more than 50% of active contract value"
        );
    }

    fn standing(code: &str, word: &str, overall: Decimal) -> ContractStanding {
        ContractStanding {
            subcontract: code.into(),
            standing: word.into(),
            overall,
        }
    }

    #[test]
    fn only_inadequate_standings_raise_a_risk() {
        let standings = [
            standing("SC2", "Requires improvement", dec!(55.00)),
            standing("SC1", "inadequate", dec!(31.52)),
            standing("SC3", "Good", dec!(90.00)),
            standing("SC4", "Inadequate", dec!(12.00)),
        ];
        let c = inadequate_standing_causes(&standings);
        let codes: Vec<&str> = c.iter().map(|c| c.entity_code.as_str()).collect();
        assert_eq!(codes, ["SC1", "SC4"]);
        assert!(c.iter().all(|c| c.entity_kind == EntityKind::SubContract));
        assert_eq!(
            c[0].reason(),
            "inadequate_standing: sub-contract SC1's overall score is 31.52, rated Inadequate"
        );
        assert!(inadequate_standing_causes(&[]).is_empty());
    }

    #[test]
    fn causes_ignore_standings_of_unknown_sub_contracts() {
        let subs = [sub("S1", "A", dec!(10000), SubContractStatus::Active)];
        let standings = [
            standing("S1", "Inadequate", dec!(20)),
            standing("S9", "Inadequate", dec!(20)),
        ];
        let c = causes(&subs, &standings, dec!(1)).unwrap();
        let codes: Vec<String> = c.iter().map(Cause::code_stem).collect();
        assert_eq!(
            codes,
            ["G-INAD-S1"],
            "S9 is not a sub-contract; A at 100% is not over 100%"
        );
    }

    #[test]
    fn generated_codes_name_their_rule() {
        assert_eq!(rule_of_code("G-CONC-KN03"), Some(CONCENTRATION));
        assert_eq!(rule_of_code(" G-INAD-SC-0062-2"), Some(INADEQUATE_STANDING));
        assert_eq!(rule_of_code("R-001"), None);
        assert_eq!(rule_of_code("G-OTHER-1"), None);
    }
}
