//! Demo commissioners and the small consortium's thirty opportunities: every stage and kind,
//! deadlines around today (three bunched in one week), top slices of 5–10% with one above the
//! cap, and bid/no-bid scores whose decisions follow the thresholds.

use chrono::{Datelike, Duration, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::names::COMMISSIONERS;
use crate::dates::Period;
use crate::domain::Rules;
use crate::domain::{
    AwardRoute, BidDecision, Commissioner, Opportunity, OpportunityKind as K, PaymentModel as P,
    Stage as S,
};

pub fn commissioners() -> Vec<Commissioner> {
    COMMISSIONERS
        .iter()
        .map(|(code, name, kind)| Commissioner {
            code: code.to_string(),
            name: name.to_string(),
            kind: kind.to_string(),
        })
        .collect()
}

/// A won opportunity's contract period, which its sub-contracts run for.
#[derive(Debug, Clone, Copy)]
pub struct ContractTerm {
    pub start: Period,
    pub months: u32,
}

/// An opportunity as planned: the record, and for won ones the contract term.
pub struct PlannedOpportunity {
    pub opportunity: Opportunity,
    pub term: Option<ContractTerm>,
}

/// One row of the plan: stage, kind, commissioner, service line, payment model, duration, and
/// when the deadline falls (days from today), or for won ones when the contract starts (months
/// from this month).
struct Spec {
    title: &'static str,
    stage: S,
    kind: K,
    commissioner: &'static str,
    line: &'static str,
    payment: P,
    months: u32,
    when: i64,
}

// One argument per column keeps the tables below readable as tables.
#[allow(clippy::too_many_arguments)]
const fn spec(
    title: &'static str,
    stage: S,
    kind: K,
    commissioner: &'static str,
    line: &'static str,
    payment: P,
    months: u32,
    when: i64,
) -> Spec {
    Spec {
        title,
        stage,
        kind,
        commissioner,
        line,
        payment,
        months,
        when,
    }
}

/// Won contracts: `when` is the contract start in months from the current month.
#[rustfmt::skip]
const WON: &[Spec] = &[
    spec("Knowsley Welfare Rights Service 2024", S::Won, K::Tender, "KMBC", "Welfare benefits advice", P::Block, 24, -30),
    spec("Knowsley Advice Partnership", S::Won, K::Tender, "KMBC", "Welfare benefits advice", P::Block, 36, -26),
    spec("Knowsley Place Social Prescribing", S::Won, K::Tender, "CMICB", "Social prescribing", P::Block, 36, -24),
    spec("Early Help Family Support Call-off", S::Won, K::FrameworkCallOff, "KMBC", "Family support", P::Block, 36, -22),
    spec("Restart Community Employment Support", S::Won, K::Tender, "DWP", "Employment support", P::PaymentByResults, 36, -20),
    spec("Reaching Communities: Greener Knowsley", S::Won, K::Grant, "TNLCF", "Green space volunteering", P::Grant, 36, -19),
    spec("Peer Support in Mental Health (Right to Challenge)", S::Won, K::RightToChallenge, "CMICB", "Mental health peer support", P::Hybrid, 24, -15),
    spec("City Region Adult Community Learning", S::Won, K::Tender, "LCRCA", "Adult community learning", P::Block, 36, -12),
    spec("Safer Streets Youth Diversion Offer", S::Won, K::SelfGenerated, "MPCC", "Youth work", P::Block, 24, -8),
    spec("City Region Digital Skills Call-off", S::Won, K::FrameworkCallOff, "LCRCA", "Digital inclusion", P::Block, 24, -6),
    spec("Probation Independent Advocacy Pathway", S::Won, K::Tender, "PROB", "Independent advocacy", P::Block, 36, 2),
];

/// Everything else: `when` is the deadline in days from today.
#[rustfmt::skip]
const PIPELINE: &[Spec] = &[
    spec("Knowsley Carers Breaks Grant", S::Identified, K::Grant, "TNLCF", "Social prescribing", P::Grant, 24, 62),
    spec("City Region Digital Inclusion Programme", S::Identified, K::Tender, "LCRCA", "Digital inclusion", P::Block, 36, 88),
    spec("Community Allotments Right to Challenge", S::Identified, K::RightToChallenge, "KMBC", "Community growing", P::Block, 24, 41),
    spec("Debt Advice in GP Surgeries", S::PreQualification, K::Tender, "CMICB", "Debt advice", P::Block, 36, 5),
    spec("Youth Employment Enterprise Coaching", S::PreQualification, K::FrameworkCallOff, "LCRCA", "Enterprise coaching", P::Hybrid, 24, 16),
    spec("Family Hubs Outreach", S::PreQualification, K::Tender, "KMBC", "Family support", P::Block, 36, 9),
    spec("Green Social Prescribing Pilot", S::PreQualification, K::SelfGenerated, "CMICB", "Green space volunteering", P::Grant, 12, 23),
    spec("Knowsley Holiday Activities and Food", S::InvitationToTender, K::Tender, "KMBC", "Youth work", P::Block, 12, 0),
    spec("Probation Resettlement Advice", S::InvitationToTender, K::Tender, "PROB", "Welfare benefits advice", P::PaymentByResults, 36, 1),
    spec("Warm Homes Advice Call-off", S::InvitationToTender, K::FrameworkCallOff, "LCRCA", "Debt advice", P::Block, 24, 3),
    spec("Knowsley Adult Learning Lot 2", S::InvitationToTender, K::Tender, "KMBC", "Adult community learning", P::Block, 36, 30),
    spec("Restart Plus Keyworker Support", S::Submitted, K::Tender, "DWP", "Employment support", P::PaymentByResults, 36, -9),
    spec("Reaching Communities: Stronger Families", S::Submitted, K::Grant, "TNLCF", "Family support", P::Grant, 36, -21),
    spec("Community Mental Health Transformation", S::Submitted, K::Tender, "CMICB", "Mental health peer support", P::Hybrid, 24, -38),
    spec("Knowsley Community Advice Hubs", S::Lost, K::Tender, "KMBC", "Welfare benefits advice", P::Block, 36, -160),
    spec("Probation Personal Wellbeing Services", S::Lost, K::Tender, "PROB", "Mental health peer support", P::PaymentByResults, 36, -220),
    spec("Work and Health Programme Lot 4", S::NoBid, K::Tender, "DWP", "Employment support", P::PaymentByResults, 60, -47),
    spec("Knowsley Parks Maintenance", S::NoBid, K::Tender, "KMBC", "Green space volunteering", P::Block, 60, 12),
    spec("Youth Investment Fund Round 3", S::Withdrawn, K::Grant, "TNLCF", "Youth work", P::Grant, 24, -70),
];

/// Why the hub decided as it did, by decision.
fn reason(decision: BidDecision, stage: S) -> &'static str {
    match (decision, stage) {
        (BidDecision::NoBid, S::NoBid) => {
            "Fails the capacity screen: members' free capacity covers under half the volumes, and a 60-month PbR term is too great a cash-flow risk"
        }
        (BidDecision::NoBid, _) => {
            "Outside the consortium's service lines; cost to bid too high for the value"
        }
        (BidDecision::Review, S::Withdrawn) => {
            "Borderline score; bid paused when the funder narrowed eligibility to single organisations"
        }
        (BidDecision::Review, _) => {
            "Capacity is thin in this service line; review after the member capacity survey"
        }
        (BidDecision::Bid, _) => {
            "Strong fit with cluster capacity and a track record with this commissioner"
        }
    }
}

/// The decision the thresholds give a score.
pub fn decision_for(score: u8, rules: &Rules) -> BidDecision {
    rules.recommend(score)
}

/// A score in the band that makes the stage coherent.
fn score_for(rng: &mut ChaCha8Rng, stage: S, i: usize) -> Option<u8> {
    Some(match stage {
        // Half the newly identified ones have not been screened yet.
        S::Identified if i.is_multiple_of(2) => return None,
        S::Identified => rng.random_range(70..90),
        S::PreQualification if i % 2 == 1 => rng.random_range(52..69),
        S::NoBid => rng.random_range(31..49),
        S::Withdrawn => rng.random_range(55..68),
        _ => rng.random_range(70..92),
    })
}

/// The Monday of the week after `today`, where three ITT deadlines are bunched.
fn crunch_week(today: NaiveDate) -> NaiveDate {
    let to_monday = 7 - i64::from(today.weekday().num_days_from_monday());
    today + Duration::days(to_monday + 7)
}

pub fn small_opportunities(rng: &mut ChaCha8Rng, today: NaiveDate) -> Vec<PlannedOpportunity> {
    let rules = Rules::default();
    let this_month = Period::containing(today);
    let crunch = crunch_week(today);
    let slices = [
        dec!(5),
        dec!(6),
        dec!(7),
        dec!(7.5),
        dec!(8),
        dec!(9),
        dec!(10),
    ];
    let mut planned = Vec::new();
    for (i, s) in WON.iter().chain(PIPELINE.iter()).enumerate() {
        let (deadline, term) = if s.stage == S::Won {
            let start = if s.when >= 0 {
                this_month.plus(s.when as u32)
            } else {
                back(this_month, (-s.when) as u32)
            };
            // Tenders close about three months before the contract starts.
            let deadline = back(start, 3).first_day() + Duration::days(rng.random_range(5..25));
            (
                deadline,
                Some(ContractTerm {
                    start,
                    months: s.months,
                }),
            )
        } else if s.stage == S::InvitationToTender && s.when <= 3 {
            // The crunch: three ITTs due Monday, Tuesday and Thursday of the same week.
            (crunch + Duration::days(s.when), None)
        } else {
            (today + Duration::days(s.when), None)
        };
        let bid_score = score_for(rng, s.stage, i);
        let decision = bid_score.map(|sc| decision_for(sc, &rules));
        let top_slice_pct = if s.title == "Probation Resettlement Advice" {
            // Above the 10% cap: the pipeline should flag it.
            dec!(12)
        } else {
            slices[rng.random_range(0..slices.len())]
        };
        let value = pipeline_value(rng, s.kind, s.months);
        let award_route = (s.stage == S::Won).then(|| {
            if s.kind == K::Tender && i % 3 == 1 {
                AwardRoute::Competitive
            } else {
                AwardRoute::JointDelivery
            }
        });
        planned.push(PlannedOpportunity {
            opportunity: Opportunity {
                code: String::new(),
                title: s.title.to_string(),
                commissioner: s.commissioner.to_string(),
                service_line: s.line.to_string(),
                kind: s.kind,
                stage: s.stage,
                deadline,
                value,
                duration_months: s.months,
                payment_model: s.payment,
                top_slice_pct,
                bid_score,
                decision,
                decision_reason: decision.map(|d| reason(d, s.stage).to_string()),
                award_route,
                row_version: 1,
            },
            term,
        });
    }
    // Codes follow the order the deadlines fell, as a hub numbers its pipeline.
    planned.sort_by(|a, b| {
        a.opportunity
            .deadline
            .cmp(&b.opportunity.deadline)
            .then(a.opportunity.title.cmp(&b.opportunity.title))
    });
    for (i, p) in planned.iter_mut().enumerate() {
        p.opportunity.code = format!("OP-{:03}", i + 1);
    }
    planned
}

/// A believable contract value in whole thousands of pounds for the kind and length.
pub fn pipeline_value(rng: &mut ChaCha8Rng, kind: K, months: u32) -> Decimal {
    let per_year: u64 = match kind {
        K::Grant => rng.random_range(40..160),
        K::SelfGenerated | K::RightToChallenge => rng.random_range(60..250),
        _ => rng.random_range(150..900),
    };
    Decimal::from(per_year * u64::from(months) / 12 * 1_000)
}

/// `p` minus `n` months.
pub fn back(p: Period, n: u32) -> Period {
    (0..n).fold(p, |q, _| q.prev())
}

/// The date a won contract ends: the day before its anniversary.
pub fn term_end(term: ContractTerm) -> NaiveDate {
    term.start.plus(term.months).first_day() - Duration::days(1)
}
