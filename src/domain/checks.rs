//! The award checks: whether a member may take on a proposed sub-contract. Each check passes or
//! fails with a reason in words and the figures behind it, so an officer (or the Board) can see
//! why, and an override is recorded against exactly the checks it overrode.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::rules::Rules;
use super::state::State;
use super::{ComplianceItem, Member, SubContract, SubContractStatus, Suspension, Tier};
use crate::{dates, money};

/// Which rule a check applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// Associates may not hold sub-contracts.
    FullMember,
    /// The required "fit for contracting" items are in date on the start day.
    Compliance,
    /// The member has the units per month free in the service line.
    Headroom,
    /// Annual sub-contract value within the configured share of annual income.
    IncomeShare,
    /// No member lets work to another member: all sub-contracting goes through the hub.
    NoClusterSubcontracting,
    /// None of the member's sub-contracts is suspended.
    NotSuspended,
    /// The member's performance standing: its band may warn on, or block, new awards.
    Standing,
    /// A joint delivery plan's shares add up, to the penny, to the contract's net value.
    SharesSum,
    /// A re-profile does not cut the outputs owed while the value stays the same.
    OutputsKept,
    /// Nothing let beyond the prime's net value, nothing outside its period.
    WithinPrime,
    /// Payment by results or end-loaded payment is not passed to a member too small to carry
    /// it, nor a riskier payment model than the prime's.
    RiskPassedDown,
    /// Months starved of referrals are left out of a claw-back.
    UnreferredLeftOut,
    /// A bid decision follows the gates, the score's recommendation and the writing capacity.
    BidScreen,
}

impl Rule {
    pub fn label(self) -> &'static str {
        match self {
            Rule::FullMember => "full member",
            Rule::Compliance => "compliance in date",
            Rule::Headroom => "capacity headroom",
            Rule::IncomeShare => "share of income",
            Rule::NoClusterSubcontracting => "let by the hub",
            Rule::NotSuspended => "no suspension",
            Rule::Standing => "performance standing",
            Rule::SharesSum => "shares sum to the net value",
            Rule::OutputsKept => "outputs owed",
            Rule::WithinPrime => "within the prime contract",
            Rule::RiskPassedDown => "risk passed down",
            Rule::UnreferredLeftOut => "months without referrals",
            Rule::BidScreen => "bid/no-bid screen",
        }
    }

    /// A rule no override can set aside: associates may not hold sub-contracts (ConsortiCo), all
    /// sub-contracting goes through the hub (Knowsley), and nothing is let beyond the prime. A
    /// failed hard check is refused.
    pub fn is_hard(self) -> bool {
        matches!(
            self,
            Rule::FullMember | Rule::NoClusterSubcontracting | Rule::WithinPrime
        )
    }
}

/// One check's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    pub rule: Rule,
    pub passed: bool,
    pub reason: String,
}

impl Check {
    pub fn new(rule: Rule, passed: bool, reason: String) -> Self {
        Check {
            rule,
            passed,
            reason,
        }
    }

    /// The performance-standing check, decided by the scoring module from the member's band.
    pub fn standing(passed: bool, reason: String) -> Self {
        Check::new(Rule::Standing, passed, reason)
    }

    /// Failed, and no override can set it aside.
    pub fn is_blocking(&self) -> bool {
        !self.passed && self.rule.is_hard()
    }

    /// `✓ capacity headroom: …` / `✗ …`, for the terminal; a failed hard rule says it cannot be
    /// overridden.
    pub fn line(&self) -> String {
        let mark = if self.passed { '✓' } else { '✗' };
        let hard = if self.is_blocking() {
            " (a rule: cannot be overridden)"
        } else {
            ""
        };
        format!("{mark} {}: {}{hard}", self.rule.label(), self.reason)
    }
}

/// The sub-contract being proposed (a new award or a transferred remainder).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Proposal {
    pub value: Decimal,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub units_per_month: u32,
    /// `None` when the hub lets it; a member's code means two-step sub-contracting.
    pub let_by: Option<String>,
}

impl Proposal {
    /// Value per year, on the same footing as `SubContract::annual_value`.
    pub fn annual_value(&self) -> Decimal {
        let months = Decimal::from(dates::months_spanned(self.start, self.end));
        if months >= Decimal::from(12) {
            self.value * Decimal::from(12) / months
        } else {
            self.value
        }
    }
}

/// Everything the checks look at, gathered by the caller.
#[derive(Debug, Clone)]
pub struct AwardFacts<'a> {
    pub member: &'a Member,
    pub compliance: &'a [ComplianceItem],
    pub service_line: &'a str,
    /// The member's capacity in the service line, units per month.
    pub capacity: u32,
    /// Units per month already committed by its proposed and active sub-contracts in that line.
    pub committed: u32,
    /// All the member's sub-contracts (any status, any service line).
    pub existing: &'a [SubContract],
    /// Their suspensions, open and lifted.
    pub suspensions: &'a [Suspension],
    /// The decision day, on which states are judged.
    pub today: NaiveDate,
    pub proposal: &'a Proposal,
}

/// Runs every check, in a fixed order, and returns them all (passing ones too).
pub fn award_checks(f: &AwardFacts, rules: &Rules) -> Vec<Check> {
    vec![
        full_member(f.member),
        compliance(
            f.compliance,
            f.proposal.start,
            f.proposal.end,
            &rules.required_for(f.service_line),
        ),
        headroom(f),
        income_share(f, rules.max_income_share),
        let_by_hub(f.proposal),
        not_suspended(
            f.existing,
            f.suspensions,
            f.today,
            rules.recent_suspension_months,
        ),
    ]
}

/// The checks that failed.
pub fn failures(checks: &[Check]) -> Vec<&Check> {
    checks.iter().filter(|c| !c.passed).collect()
}

/// Failed checks as one sentence for an error message.
pub fn describe_failures(checks: &[Check]) -> String {
    failures(checks)
        .iter()
        .map(|c| format!("{} ({})", c.rule.label(), c.reason))
        .collect::<Vec<_>>()
        .join("; ")
}

fn full_member(m: &Member) -> Check {
    if let Some(left) = m.left {
        return Check::new(
            Rule::FullMember,
            false,
            format!(
                "{} left the consortium on {}; it takes no new work",
                m.code,
                crate::dates::display(left)
            ),
        );
    }
    match m.tier {
        Tier::Full => Check::new(
            Rule::FullMember,
            true,
            format!("{} is a full member", m.code),
        ),
        Tier::Associate => Check::new(
            Rule::FullMember,
            false,
            format!(
                "{} is an associate member; associates may not hold sub-contracts",
                m.code
            ),
        ),
    }
}

fn compliance(
    items: &[ComplianceItem],
    start: NaiveDate,
    end: NaiveDate,
    required: &[super::ComplianceKind],
) -> Check {
    let mut problems = Vec::new();
    let mut lapsing = Vec::new();
    for kind in required {
        // The latest expiry of that kind decides: a renewal supersedes the lapsed item.
        let latest = items
            .iter()
            .filter(|i| i.kind == *kind)
            .map(|i| i.valid_until)
            .max();
        let what = kind.label().to_lowercase();
        match latest {
            None => problems.push(format!("{what} missing")),
            Some(until) if until < start => {
                problems.push(format!("{what} expired {}", dates::display(until)))
            }
            Some(until) if until < end => {
                lapsing.push(format!("{what} expires {}", dates::display(until)))
            }
            Some(_) => {}
        }
    }
    if !problems.is_empty() {
        return Check::new(
            Rule::Compliance,
            false,
            format!(
                "on the start date {}: {}",
                dates::display(start),
                problems.join(", ")
            ),
        );
    }
    let in_date = format!(
        "all {} required items in date on {}",
        required.len(),
        dates::display(start)
    );
    if lapsing.is_empty() {
        Check::new(Rule::Compliance, true, in_date)
    } else {
        Check::new(
            Rule::Compliance,
            true,
            format!(
                "warning: {in_date}, but the contract outlives them: {} before it ends {}; renewals are needed",
                lapsing.join(", "),
                dates::display(end)
            ),
        )
    }
}

fn headroom(f: &AwardFacts) -> Check {
    let free = i64::from(f.capacity) - i64::from(f.committed);
    let wanted = i64::from(f.proposal.units_per_month);
    let figures = format!(
        "capacity {} − committed {} = {} units/month free in {}; this needs {}",
        f.capacity, f.committed, free, f.service_line, wanted
    );
    Check::new(Rule::Headroom, wanted <= free, figures)
}

fn income_share(f: &AwardFacts, share: Decimal) -> Check {
    // Live sub-contracts (not terminated or completed) count against income.
    let existing: Decimal = f
        .existing
        .iter()
        .filter(|s| {
            !matches!(
                s.status,
                SubContractStatus::Terminated | SubContractStatus::Completed
            )
        })
        .map(SubContract::annual_value)
        .sum();
    let new = f.proposal.annual_value();
    let limit = share * f.member.annual_income;
    let pct = (share * Decimal::ONE_HUNDRED).normalize();
    let figures = format!(
        "existing {} + new {} = {} a year against {}% of income {} = {}",
        money::display(existing),
        money::display(new),
        money::display(existing + new),
        pct,
        money::display(f.member.annual_income),
        money::display(limit)
    );
    // Compared exactly: rounding for display must not let a fraction of a penny through.
    Check::new(Rule::IncomeShare, existing + new <= limit, figures)
}

fn let_by_hub(p: &Proposal) -> Check {
    match &p.let_by {
        None => Check::new(Rule::NoClusterSubcontracting, true, "let by the hub".into()),
        Some(m) => Check::new(
            Rule::NoClusterSubcontracting,
            false,
            format!(
                "let by member {m}: a member may not sub-contract to another member; all sub-contracting goes through the hub"
            ),
        ),
    }
}

/// No sub-contract of the member under notice or suspended on the decision day: notice counts
/// from the day it is given. Passes with a warning when a suspension was decided within the last
/// `recent_months` months, however it ended (lifted, transferred or terminated).
fn not_suspended(
    existing: &[SubContract],
    suspensions: &[Suspension],
    today: NaiveDate,
    recent_months: u32,
) -> Check {
    let held: Vec<String> = existing
        .iter()
        .filter_map(|s| {
            let open = suspensions
                .iter()
                .find(|p| p.subcontract == s.code && p.lifted.is_none());
            let state = State::of(s, open, today);
            state
                .holds_back_awards()
                .then(|| format!("{} ({})", s.code, state.describe()))
        })
        .collect();
    if !held.is_empty() {
        return Check::new(Rule::NotSuspended, false, held.join(", "));
    }
    let since = today
        .checked_sub_months(chrono::Months::new(recent_months))
        .unwrap_or(NaiveDate::MIN);
    let recent: Vec<String> = suspensions
        .iter()
        .filter(|p| p.decided > since && p.decided <= today)
        .map(|p| format!("{} suspended {}", p.subcontract, dates::display(p.decided)))
        .collect();
    if recent.is_empty() {
        Check::new(
            Rule::NotSuspended,
            true,
            "no sub-contract under notice or suspended".into(),
        )
    } else {
        Check::new(
            Rule::NotSuspended,
            true,
            format!(
                "warning: none under notice or suspended now, but {} within the last {recent_months} months",
                recent.join(", ")
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ComplianceKind, OrgType, PaymentModel};
    use rust_decimal_macros::dec;

    fn d(s: &str) -> NaiveDate {
        dates::parse_iso(s).unwrap()
    }

    fn member(tier: Tier, income: Decimal) -> Member {
        Member {
            code: "KN01".into(),
            name: "Knowsley Advice".into(),
            tier,
            org_type: OrgType::RegisteredCharity,
            registered_number: "GB-CHC-1".into(),
            annual_income: income,
            clusters: vec!["advice".into()],
            geography: "Knowsley".into(),
            staff: 5,
            volunteers: 10,
            joined: d("2020-01-01"),
            row_version: 1,
            left: None,
        }
    }

    fn items(until: &str) -> Vec<ComplianceItem> {
        Rules::default()
            .required_compliance
            .iter()
            .map(|k| ComplianceItem {
                member: "KN01".into(),
                kind: *k,
                reference: format!("{k}-1"),
                valid_until: d(until),
            })
            .collect()
    }

    fn sub(code: &str, value: Decimal, status: SubContractStatus) -> SubContract {
        SubContract {
            code: code.into(),
            opportunity: "OP1".into(),
            member: "KN01".into(),
            let_by: None,
            value,
            start: d("2026-04-01"),
            end: d("2027-03-31"),
            units_per_month: 10,
            payment_model: PaymentModel::Block,
            status,
            transferred_from: None,
            unit_rate: None,

            row_version: 1,
        }
    }

    fn proposal(value: Decimal, units: u32) -> Proposal {
        Proposal {
            value,
            start: d("2026-12-01"),
            end: d("2027-11-30"),
            units_per_month: units,
            let_by: None,
        }
    }

    fn run(
        m: &Member,
        c: &[ComplianceItem],
        cap: u32,
        committed: u32,
        ex: &[SubContract],
        p: &Proposal,
    ) -> Vec<Check> {
        let f = AwardFacts {
            member: m,
            compliance: c,
            service_line: "advice",
            capacity: cap,
            committed,
            existing: ex,
            suspensions: &[],
            today: d("2026-11-29"),
            proposal: p,
        };
        award_checks(&f, &Rules::default())
    }

    fn outcome(checks: &[Check], rule: Rule) -> &Check {
        checks.iter().find(|c| c.rule == rule).unwrap()
    }

    #[test]
    fn a_sound_award_passes_every_check() {
        let m = member(Tier::Full, dec!(100000));
        let checks = run(
            &m,
            &items("2027-12-31"),
            50,
            20,
            &[],
            &proposal(dec!(10000), 30),
        );
        assert_eq!(checks.len(), 6);
        assert!(failures(&checks).is_empty(), "{checks:?}");
    }

    #[test]
    fn associates_may_not_hold_sub_contracts() {
        let m = member(Tier::Associate, dec!(100000));
        let checks = run(
            &m,
            &items("2027-12-31"),
            50,
            0,
            &[],
            &proposal(dec!(10000), 5),
        );
        let c = outcome(&checks, Rule::FullMember);
        assert!(!c.passed);
        assert!(c.reason.contains("associate"));
    }

    #[test]
    fn compliance_expiring_on_the_start_date_passes_the_day_before_fails() {
        let m = member(Tier::Full, dec!(100000));
        let p = proposal(dec!(10000), 5);
        let on = run(&m, &items("2026-12-01"), 50, 0, &[], &p);
        assert!(outcome(&on, Rule::Compliance).passed);
        let before = run(&m, &items("2026-11-30"), 50, 0, &[], &p);
        let c = outcome(&before, Rule::Compliance);
        assert!(!c.passed);
        assert!(
            c.reason
                .contains("public liability insurance expired 30 Nov 2026"),
            "{}",
            c.reason
        );
    }

    #[test]
    fn missing_items_are_each_named_and_renewals_supersede() {
        let m = member(Tier::Full, dec!(100000));
        let mut c = items("2027-12-31");
        c.retain(|i| i.kind != ComplianceKind::Accounts && i.kind != ComplianceKind::QualityMark);
        let checks = run(&m, &c, 50, 0, &[], &proposal(dec!(1000), 1));
        let reason = &outcome(&checks, Rule::Compliance).reason;
        assert!(
            reason.contains("accounts missing") && reason.contains("quality mark missing"),
            "{reason}"
        );
        // An old lapsed certificate beside a current one is not a failure.
        let mut renewed = items("2027-12-31");
        renewed.push(ComplianceItem {
            member: "KN01".into(),
            kind: ComplianceKind::Accounts,
            reference: "old".into(),
            valid_until: d("2025-01-01"),
        });
        assert!(
            outcome(
                &run(&m, &renewed, 50, 0, &[], &proposal(dec!(1000), 1)),
                Rule::Compliance
            )
            .passed
        );
    }

    #[test]
    fn headroom_exactly_used_up_passes_one_over_fails() {
        let m = member(Tier::Full, dec!(100000));
        let exact = run(
            &m,
            &items("2027-12-31"),
            50,
            20,
            &[],
            &proposal(dec!(1000), 30),
        );
        let c = outcome(&exact, Rule::Headroom);
        assert!(c.passed);
        assert!(
            c.reason.contains("capacity 50 − committed 20 = 30"),
            "{}",
            c.reason
        );
        let over = run(
            &m,
            &items("2027-12-31"),
            50,
            20,
            &[],
            &proposal(dec!(1000), 31),
        );
        assert!(!outcome(&over, Rule::Headroom).passed);
        // No capacity recorded at all in the line.
        let none = run(
            &m,
            &items("2027-12-31"),
            0,
            0,
            &[],
            &proposal(dec!(1000), 1),
        );
        assert!(!outcome(&none, Rule::Headroom).passed);
    }

    #[test]
    fn income_share_exactly_half_passes_a_penny_over_fails() {
        let m = member(Tier::Full, dec!(100000));
        let existing = [
            sub("SC-1", dec!(20000), SubContractStatus::Active),
            // Terminated work no longer counts against income.
            sub("SC-2", dec!(90000), SubContractStatus::Terminated),
        ];
        let at = run(
            &m,
            &items("2027-12-31"),
            50,
            0,
            &existing,
            &proposal(dec!(30000), 1),
        );
        let c = outcome(&at, Rule::IncomeShare);
        assert!(c.passed, "{}", c.reason);
        assert!(
            c.reason
                .contains("£20,000.00 + new £30,000.00 = £50,000.00"),
            "{}",
            c.reason
        );
        assert!(
            c.reason.contains("50% of income £100,000.00 = £50,000.00"),
            "{}",
            c.reason
        );
        let over = run(
            &m,
            &items("2027-12-31"),
            50,
            0,
            &existing,
            &proposal(dec!(30000.01), 1),
        );
        assert!(!outcome(&over, Rule::IncomeShare).passed);
    }

    #[test]
    fn income_share_uses_annual_value_of_a_longer_contract() {
        // £100,000 over 24 months is £50,000 a year: exactly half of £100,000 income.
        let m = member(Tier::Full, dec!(100000));
        let mut p = proposal(dec!(100000), 1);
        p.end = d("2028-11-30");
        assert!(
            outcome(
                &run(&m, &items("2028-12-31"), 5, 0, &[], &p),
                Rule::IncomeShare
            )
            .passed
        );
        p.value = dec!(100000.01);
        assert!(
            !outcome(
                &run(&m, &items("2028-12-31"), 5, 0, &[], &p),
                Rule::IncomeShare
            )
            .passed
        );
    }

    #[test]
    fn a_member_letting_to_a_member_is_refused() {
        let m = member(Tier::Full, dec!(100000));
        let mut p = proposal(dec!(1000), 1);
        p.let_by = Some("KN02".into());
        let c = run(&m, &items("2027-12-31"), 5, 0, &[], &p);
        let check = outcome(&c, Rule::NoClusterSubcontracting);
        assert!(!check.passed);
        assert!(check.reason.contains("through the hub"));
    }

    #[test]
    fn a_suspended_sub_contract_blocks_new_work() {
        let m = member(Tier::Full, dec!(100000));
        let ex = [sub("SC-9", dec!(1000), SubContractStatus::Suspended)];
        let c = run(
            &m,
            &items("2027-12-31"),
            50,
            0,
            &ex,
            &proposal(dec!(1000), 1),
        );
        let check = outcome(&c, Rule::NotSuspended);
        assert!(!check.passed);
        assert_eq!(check.reason, "SC-9 (suspended since 29 Nov 2026)");
        assert!(describe_failures(&c).contains("no suspension (SC-9 (suspended since"));
    }

    #[test]
    fn notice_holds_back_new_work_from_the_day_it_is_given() {
        // SC-9 given notice on 29 Nov 2026, ending 28 Feb 2027: still active and paid, but the
        // member counts as under notice from the decision day.
        let m = member(Tier::Full, dec!(100000));
        let ex = [sub("SC-9", dec!(1000), SubContractStatus::Active)];
        let notice = Suspension {
            subcontract: "SC-9".into(),
            decided: d("2026-11-29"),
            effective: d("2027-02-28"),
            reason_code: crate::domain::SuspensionReason::UnderDelivery,
            reason: "below profile".into(),
            urgent: false,
            lifted: None,
            transferred_to: None,
        };
        let p = proposal(dec!(1000), 1);
        let items = items("2027-12-31");
        let f = |today: &str, suspensions: &[Suspension]| {
            let facts = AwardFacts {
                member: &m,
                compliance: &items,
                service_line: "advice",
                capacity: 50,
                committed: 0,
                existing: &ex,
                suspensions,
                today: d(today),
                proposal: &p,
            };
            award_checks(&facts, &Rules::default())
        };
        let on_the_day = f("2026-11-29", std::slice::from_ref(&notice));
        let check = outcome(&on_the_day, Rule::NotSuspended);
        assert!(!check.passed);
        assert_eq!(check.reason, "SC-9 (notice given, ends 28 Feb 2027)");
        let after = f("2027-03-01", std::slice::from_ref(&notice));
        assert_eq!(
            outcome(&after, Rule::NotSuspended).reason,
            "SC-9 (suspended since 1 Mar 2027)"
        );
        assert!(outcome(&f("2026-11-29", &[]), Rule::NotSuspended).passed);
    }
}
