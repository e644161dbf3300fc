//! The early-warning rules: each a named signal with a severity and an explanation in words,
//! computed from one sub-contract's returns (or one member's compliance items) as of a day.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::settings::WarningsConfig;
use crate::dates::{self, Period};
use crate::domain::clawback::{self, Unreferred};
use crate::domain::pricing::{PaymentTerms, Pricing};
use crate::domain::{ComplianceItem, DeliveryProfile, MonitoringReturn, SubContract};
use crate::money;

/// How urgently a signal needs looking at; the triage order's first key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Low,
    Medium,
    High,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
        }
    }

    /// The word every screen, slide and table shows.
    pub fn word(self) -> &'static str {
        match self {
            Severity::Low => "Low",
            Severity::Medium => "Medium",
            Severity::High => "High",
        }
    }
}

/// Whom a signal is about: the provider's delivery, the route that should send it work (the
/// prime or commissioner: "bid candy"), or the member's fitness for contracting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignalKind {
    Provider,
    ReferralRoute,
    Compliance,
}

/// How a sub-contract whose only concern is the referral route sending no work is labelled,
/// wherever a standing would be: on the dashboard, the command line, the slides and the pack.
pub const ROUTE_LABEL: &str = "Referral route";

/// The early-warning rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    ReturnLate,
    ReturnMissing,
    /// Months running with no return in: delivery cannot be judged.
    ReturnsNotReceived,
    BelowProfile,
    FallingTrend,
    MilestonesMissed,
    PoorQuality,
    SpendAheadOfDelivery,
    LowReferrals,
    ComplianceExpired,
    ComplianceExpiring,
}

impl Rule {
    pub fn kind(self) -> SignalKind {
        match self {
            Rule::LowReferrals => SignalKind::ReferralRoute,
            Rule::ComplianceExpired | Rule::ComplianceExpiring => SignalKind::Compliance,
            _ => SignalKind::Provider,
        }
    }
}

/// One fired rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signal {
    pub rule: Rule,
    pub kind: SignalKind,
    pub severity: Severity,
    /// Why, in words: "3 months below 75% of profile (latest 35% in Oct 2026)".
    pub why: String,
}

impl Signal {
    fn new(rule: Rule, severity: Severity, why: String) -> Signal {
        Signal {
            rule,
            kind: rule.kind(),
            severity,
            why,
        }
    }
}

/// Delivered as a percentage of target (uncapped); `None` when nothing was asked for.
pub fn delivery_pct(r: &MonitoringReturn) -> Option<Decimal> {
    (r.units_target > 0).then(|| {
        Decimal::from(r.units_delivered) * Decimal::ONE_HUNDRED / Decimal::from(r.units_target)
    })
}

/// The window's returns: periods from `newest − (months − 1)` to `newest`, oldest first.
fn window(returns: &[MonitoringReturn], newest: Period, months: u32) -> Vec<&MonitoringReturn> {
    returns
        .iter()
        .filter(|r| {
            let k = r.period.months_until(newest);
            k >= 0 && k < months as i32
        })
        .collect()
}

/// Least-squares slope of delivery % against month number, in points per month; `None` with
/// fewer than three months that had a target.
pub fn trend_slope(returns: &[MonitoringReturn], newest: Period, months: u32) -> Option<Decimal> {
    let points: Vec<(Decimal, Decimal)> = window(returns, newest, months)
        .into_iter()
        .filter(|r| r.submitted.is_some())
        .filter_map(|r| {
            let x = Decimal::from(newest.months_until(r.period));
            delivery_pct(r).map(|y| (x, y))
        })
        .collect();
    if points.len() < 3 {
        return None;
    }
    let n = Decimal::from(points.len());
    let mx = points.iter().map(|p| p.0).sum::<Decimal>() / n;
    let my = points.iter().map(|p| p.1).sum::<Decimal>() / n;
    let sxy: Decimal = points.iter().map(|(x, y)| (x - mx) * (y - my)).sum();
    let sxx: Decimal = points.iter().map(|(x, _)| (x - mx) * (x - mx)).sum();
    if sxx.is_zero() {
        return None;
    }
    Some((sxy / sxx).round_dp(2))
}

fn days(n: i64) -> String {
    if n == 1 {
        "1 day".into()
    } else {
        format!("{n} days")
    }
}

fn pct_text(p: Decimal) -> String {
    format!("{}%", p.round_dp(0).normalize())
}

/// Everything the provider rules look at for one sub-contract.
pub struct ContractFacts<'a> {
    pub sub: &'a SubContract,
    /// Oldest first.
    pub returns: &'a [MonitoringReturn],
    pub profiles: &'a [DeliveryProfile],
    pub terms: Option<&'a PaymentTerms>,
    pub already_claimed: Decimal,
    /// Who refers the people the sub-contract serves (the prime's commissioner), by name.
    pub referred_by: Option<&'a str>,
}

impl ContractFacts<'_> {
    /// The sub-contract's prices (`None` only past what a `Decimal` holds).
    pub fn pricing(&self) -> Option<Pricing> {
        clawback::pricing(self.sub, self.profiles, self.terms)
    }
}

/// Every provider and referral-route rule for one sub-contract, as of `today`.
pub fn contract_signals(f: &ContractFacts, today: NaiveDate, w: &WarningsConfig) -> Vec<Signal> {
    let newest = super::scorecard::last_complete(today);
    let mut out = Vec::new();
    let referral = low_referrals(f.returns, newest, w, f.referred_by);
    timeliness(f.returns, newest, today, w, &mut out);
    // With no referrals there is nothing to deliver: a shortfall in outputs, milestones or
    // earnings is the route's, not the provider's, so those rules stay quiet and the referral
    // signal says so. Lateness and quality stay the provider's own.
    if referral.is_none() {
        below_profile(f.returns, newest, w, &mut out);
        if let Some(s) = trend_slope(f.returns, newest, w.trend_months)
            && s <= w.trend_slope
        {
            out.push(Signal::new(
                Rule::FallingTrend,
                Severity::Medium,
                format!(
                    "delivery falling {} points of profile a month over the last {} months, at or past the threshold of {}",
                    (-s).round_dp(1).normalize(),
                    w.trend_months,
                    (-w.trend_slope).normalize()
                ),
            ));
        }
        milestones(f.returns, newest, w, &mut out);
        exposure(f, w, &mut out);
    }
    quality(f.returns, newest, w, &mut out);
    out.extend(referral);
    out
}

fn timeliness(
    returns: &[MonitoringReturn],
    newest: Period,
    today: NaiveDate,
    w: &WarningsConfig,
    out: &mut Vec<Signal>,
) {
    let (mut late, mut missing) = (Vec::new(), Vec::new());
    for r in window(returns, newest, w.recent_months) {
        match r.submitted {
            None if r.due < today => missing.push(format!(
                "return for {} missing ({} past due {})",
                r.period.display(),
                days((today - r.due).num_days()),
                dates::display(r.due)
            )),
            Some(s) if (s - r.due).num_days() > i64::from(w.late_grace_days) => late.push(format!(
                "return for {} {} late (due {}{})",
                r.period.display(),
                days((s - r.due).num_days()),
                dates::display(r.due),
                match w.late_grace_days {
                    0 => String::new(),
                    g => format!(", {} grace", days(i64::from(g))),
                }
            )),
            _ => {}
        }
    }
    if !missing.is_empty() {
        out.push(Signal::new(
            Rule::ReturnMissing,
            Severity::High,
            missing.join(", "),
        ));
    }
    if let Some(run) = missing_run(returns, newest, today, w) {
        out.push(run);
    }
    if !late.is_empty() {
        out.push(Signal::new(
            Rule::ReturnLate,
            Severity::Medium,
            late.join(", "),
        ));
    }
}

/// The run of months, ending with the newest complete one, whose return is past due and not in;
/// a signal of its own once it reaches `missing_run_months`.
fn missing_run(
    returns: &[MonitoringReturn],
    newest: Period,
    today: NaiveDate,
    w: &WarningsConfig,
) -> Option<Signal> {
    let mut run: Vec<Period> = Vec::new();
    let mut expect = newest;
    for r in returns.iter().rev().filter(|r| r.period <= newest) {
        if r.period != expect || r.submitted.is_some() || r.due >= today {
            break;
        }
        run.push(r.period);
        expect = r.period.prev();
    }
    if run.is_empty() || run.len() < w.missing_run_months as usize {
        return None;
    }
    Some(Signal::new(
        Rule::ReturnsNotReceived,
        Severity::High,
        format!(
            "no return in for {} months running ({}–{}), at or past the {}-month threshold: delivery cannot be judged",
            run.len(),
            run[run.len() - 1].display(),
            run[0].display(),
            w.missing_run_months
        ),
    ))
}

fn below_profile(
    returns: &[MonitoringReturn],
    newest: Period,
    w: &WarningsConfig,
    out: &mut Vec<Signal>,
) {
    // The run of consecutive submitted months below the threshold, ending at the latest one.
    let done: Vec<&MonitoringReturn> = returns
        .iter()
        .filter(|r| r.submitted.is_some() && r.period <= newest)
        .collect();
    let Some(latest) = done.last() else { return };
    if latest.period.months_until(newest) >= w.recent_months as i32 {
        return;
    }
    let mut run = 0u32;
    let mut expect = latest.period;
    for r in done.iter().rev() {
        if r.period != expect {
            break;
        }
        match delivery_pct(r) {
            Some(p) if p < w.below_profile_pct => run += 1,
            _ => break,
        }
        expect = r.period.prev();
    }
    if run >= w.below_profile_months {
        let pct = delivery_pct(latest).unwrap_or_default();
        out.push(Signal::new(
            Rule::BelowProfile,
            Severity::High,
            format!(
                "delivery {} of profile in {}, below the {}% threshold, for {run} months running",
                pct_text(pct),
                latest.period.display(),
                w.below_profile_pct.normalize()
            ),
        ));
    }
}

fn milestones(
    returns: &[MonitoringReturn],
    newest: Period,
    w: &WarningsConfig,
    out: &mut Vec<Signal>,
) {
    let missed: Vec<String> = window(returns, newest, w.recent_months)
        .into_iter()
        .filter(|r| r.submitted.is_some() && r.milestones_met < r.milestones_due)
        .map(|r| {
            format!(
                "{} of {} milestones missed in {}",
                r.milestones_due - r.milestones_met,
                r.milestones_due,
                r.period.display()
            )
        })
        .collect();
    if !missed.is_empty() {
        out.push(Signal::new(
            Rule::MilestonesMissed,
            Severity::Medium,
            missed.join(", "),
        ));
    }
}

fn quality(
    returns: &[MonitoringReturn],
    newest: Period,
    w: &WarningsConfig,
    out: &mut Vec<Signal>,
) {
    let latest = window(returns, newest, w.recent_months)
        .into_iter()
        .rev()
        .find_map(|r| r.quality_grade.map(|g| (r.period, g)));
    if let Some((p, g)) = latest
        && g >= w.poor_quality_grade
    {
        let words = match g {
            4 => "inadequate",
            3 => "requires improvement",
            2 => "good",
            _ => "outstanding",
        };
        let severity = if g >= 4 {
            Severity::High
        } else {
            Severity::Medium
        };
        out.push(Signal::new(
            Rule::PoorQuality,
            severity,
            format!(
                "quality graded {g} ({words}) in {}, at or past grade {}",
                p.display(),
                w.poor_quality_grade
            ),
        ));
    }
}

fn exposure(f: &ContractFacts, w: &WarningsConfig, out: &mut Vec<Signal>) {
    // Only returns that are in count; most contracts have every return in, so borrow then.
    let submitted: std::borrow::Cow<[MonitoringReturn]> =
        if f.returns.iter().all(|r| r.submitted.is_some()) {
            std::borrow::Cow::Borrowed(f.returns)
        } else {
            f.returns
                .iter()
                .filter(|r| r.submitted.is_some())
                .cloned()
                .collect()
        };
    let Some(c) = f
        .pricing()
        .and_then(|p| clawback::clawback(&p, &submitted, f.already_claimed, Unreferred::LeftOut))
    else {
        // Only returns edited by hand claim that much: say so rather than guess a figure.
        out.push(Signal::new(
            Rule::SpendAheadOfDelivery,
            Severity::High,
            format!(
                "claw-back exposure too large to work out: the units delivered at the agreed \
                 unit price pass the largest figure hubboard can hold; check {}'s returns",
                f.sub.code
            ),
        ));
        return;
    };
    if c.amount > w.exposure_min && c.amount * Decimal::ONE_HUNDRED > w.exposure_pct * c.paid {
        out.push(Signal::new(
            Rule::SpendAheadOfDelivery,
            Severity::High,
            format!(
                "paid {} against {} earned: {} claw-back exposure, above {}% of paid and {}",
                money::display(c.paid),
                money::display(c.earned),
                money::display(c.amount),
                w.exposure_pct.normalize(),
                money::display(w.exposure_min)
            ),
        ));
    }
}

/// Zero or very low referrals in each of the latest `referral_months` months (the hub's own
/// record, so unsubmitted months count too).
fn low_referrals(
    returns: &[MonitoringReturn],
    newest: Period,
    w: &WarningsConfig,
    referred_by: Option<&str>,
) -> Option<Signal> {
    let recent: Vec<&MonitoringReturn> = returns.iter().filter(|r| r.period <= newest).collect();
    let latest = recent.last()?;
    if latest.period.months_until(newest) >= w.recent_months as i32 {
        return None;
    }
    let low = |r: &MonitoringReturn| {
        r.units_target > 0
            && Decimal::from(r.referrals) * Decimal::ONE_HUNDRED
                <= w.referral_floor_pct * Decimal::from(r.units_target)
    };
    let mut run: Vec<&MonitoringReturn> = Vec::new();
    let mut expect = latest.period;
    for r in recent.iter().rev() {
        if r.period != expect || !low(r) {
            break;
        }
        run.push(r);
        expect = r.period.prev();
    }
    if run.len() < w.referral_months as usize {
        return None;
    }
    let total: u64 = run.iter().map(|r| u64::from(r.referrals)).sum();
    let first = run[run.len() - 1].period;
    let what = if total == 0 {
        "no referrals".to_string()
    } else {
        format!("only {total} referrals")
    };
    let who = referred_by.map_or_else(
        || "the commissioner refers".to_string(),
        |name| format!("{} refers", crate::text::clean(name)),
    );
    Some(Signal::new(
        Rule::LowReferrals,
        Severity::Medium,
        format!(
            "{what} in {} months ({}–{}), at or below {}% of the units owed: a warning about the referral route ({who}), not the provider",
            run.len(),
            first.display(),
            latest.period.display(),
            w.referral_floor_pct.normalize()
        ),
    ))
}

/// A member's compliance items expired, or expiring within `compliance_days`, as of `today`.
/// The latest expiry of each kind decides, as in the award check: a renewal supersedes.
pub fn compliance_signals(
    items: &[ComplianceItem],
    today: NaiveDate,
    w: &WarningsConfig,
) -> Vec<Signal> {
    let mut latest: BTreeMap<&str, (NaiveDate, String)> = BTreeMap::new();
    for i in items {
        let e = latest
            .entry(i.kind.code())
            .or_insert((i.valid_until, i.kind.label().to_lowercase()));
        if i.valid_until > e.0 {
            e.0 = i.valid_until;
        }
    }
    // However many days are configured, the window ends no later than the last day there is.
    let soon = today
        .checked_add_days(chrono::Days::new(u64::from(w.compliance_days)))
        .unwrap_or(NaiveDate::MAX);
    let (mut expired, mut expiring) = (Vec::new(), Vec::new());
    for (until, label) in latest.values() {
        if *until < today {
            expired.push(format!("{label}: expired {}", dates::display(*until)));
        } else if *until <= soon {
            expiring.push(format!(
                "{label}: expires {} (in {}, within the {}-day warning)",
                dates::display(*until),
                days((*until - today).num_days()),
                w.compliance_days
            ));
        }
    }
    let mut out = Vec::new();
    if !expired.is_empty() {
        out.push(Signal::new(
            Rule::ComplianceExpired,
            Severity::High,
            expired.join(", "),
        ));
    }
    if !expiring.is_empty() {
        out.push(Signal::new(
            Rule::ComplianceExpiring,
            Severity::Low,
            expiring.join(", "),
        ));
    }
    out
}

/// The kind of a sub-contract's triage row: a provider failing, else the referral route, else
/// compliance.
pub fn row_kind(signals: &[Signal]) -> SignalKind {
    if signals.iter().any(|s| s.kind == SignalKind::Provider) {
        SignalKind::Provider
    } else if signals.iter().any(|s| s.kind == SignalKind::ReferralRoute) {
        SignalKind::ReferralRoute
    } else {
        SignalKind::Compliance
    }
}
