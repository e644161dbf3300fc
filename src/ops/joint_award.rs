//! Awarding a won opportunity by joint delivery planning: one sub-contract per member, all in one
//! transaction. What is unlet of the prime's net value (after the hub's top slice) and the units
//! the contract needs are split across the chosen members: the units in proportion to their
//! headroom, the money at one unit rate for the whole contract with the leftover pennies shared
//! by units, so every share has the same rate and the shares sum to the unlet exactly. An officer
//! may set some shares by hand (each then priced on its own); the shares must sum to the unlet,
//! or the failed check needs an override; nothing may be let beyond the prime, and every member
//! faces the full award checks.
//!
//! Audit: one `award` row per sub-contract, each carrying the whole plan under `joint_award`, so
//! each sub-contract's history stands alone and the plan can be read from any of them.

use chrono::NaiveDate;
use rusqlite::Connection;
use rust_decimal::Decimal;
use serde::Serialize;

use super::Decider;
use super::award::{self, END, OPPORTUNITY, PAYMENT_MODEL, START};
use super::award_within;
use super::common::{self, MemberFacts};
use super::decision::{Decision, Opening, Sheet, Spec, Why, Written};
use super::fields::{Field, FieldKind, Pick, Values};
use crate::domain::checks::{Check, Proposal, Rule};
use crate::domain::delivery_plan::{self, PlanLine};
use crate::domain::improvement::split_units;
use crate::domain::joint;
use crate::domain::{
    Entity, EntityRef, MemberCode, Opportunity, OpportunityCode, PaymentModel, SubContract,
};
use crate::error::{HubError, Problem, Result};
use crate::store::{delivery_plans, members, subcontracts};
use crate::{dates, money};

pub struct JointAward;

/// One member's part of a joint-delivery plan.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct JointShare {
    pub member: MemberCode,
    pub value: Decimal,
    pub units_per_month: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct JointAwardRequest {
    pub opportunity: OpportunityCode,
    pub members: Vec<MemberCode>,
    /// Units a month the contract needs, split across the members by headroom.
    pub units_per_month: u32,
    /// Shares set by hand; they replace the split by headroom for those members.
    pub set: Vec<JointShare>,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// The opportunity's payment model when not given.
    pub payment_model: Option<PaymentModel>,
    /// The first new sub-contract's code (fixed by the plan); the rest follow it.
    pub first_code: Option<String>,
}

/// One member's award as it would be written.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JointMemberPlan {
    pub share: JointShare,
    /// The share's unit rate: the contract's one rate, or its own when set by hand.
    pub unit_rate: Decimal,
    pub headroom: i64,
    pub subcontract: SubContract,
    pub checks: Vec<Check>,
    pub facts: MemberFacts,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JointAwardPlan {
    pub request: JointAwardRequest,
    pub opportunity: Opportunity,
    pub top_slice: Decimal,
    pub net_value: Decimal,
    /// Let already, and what is left: the shares split this.
    pub let_before: Decimal,
    pub unlet: Decimal,
    pub shares_total: Decimal,
    pub members: Vec<JointMemberPlan>,
    /// How the units were split: as the bid's delivery plan named them, or by headroom.
    pub split: String,
    /// Whether the shares sum exactly to the unlet.
    pub sum: Check,
    /// Nothing let beyond the prime, nor outside its period.
    pub within: Check,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JointAwardOutcome {
    /// One per share, in the request's order.
    pub awards: Vec<SubContract>,
}

static SPEC: Spec = Spec::new(
    "joint_award",
    "Award by joint delivery",
    "Award a won opportunity to several members: units split by headroom, what is unlet at one rate",
    &["award"],
    &[
        OPPORTUNITY,
        Field::new(
            "joint",
            "Members sharing the work",
            FieldKind::Codes(Entity::Member),
        )
        .help("Joint delivery: the members sharing the net value in proportion to their headroom")
        .required(),
        START,
        END,
        Field::new("units", "Units of activity per month", FieldKind::Count)
            .help("Units of activity per month (with --joint: the total, split by headroom)")
            .required(),
        Field::new(
            "shares",
            "Shares set by hand (blank: by headroom)",
            FieldKind::Text,
        )
        .help("Joint delivery: shares set by hand, as KN01=30000.00/10; KN02=36430 (value/units)"),
        PAYMENT_MODEL,
    ],
)
.acting_on(Entity::Opportunity)
.keys(&["a"], "")
.route("joint")
.typed()
.overridable();

/// `KN01=£30,000.00/10; KN02=36430` → shares (units optional: the split's when left out, 0 here).
fn parse_set(text: Option<&str>) -> Result<Vec<(MemberCode, Decimal, Option<u32>)>> {
    let mut out = Vec::new();
    for item in text
        .unwrap_or_default()
        .split(';')
        .map(str::trim)
        .filter(|i| !i.is_empty())
    {
        let bad = |why: String| HubError::field("shares", Problem::Malformed(why));
        let (member, rest) = item.split_once('=').ok_or_else(|| {
            bad(format!(
                "'{item}' is not MEMBER=VALUE or MEMBER=VALUE/UNITS"
            ))
        })?;
        let (value, units) = match rest.split_once('/') {
            Some((v, u)) => (
                v,
                Some(u.trim().parse::<u32>().map_err(|_| {
                    bad(format!("'{u}' is not a whole number of units in '{item}'"))
                })?),
            ),
            None => (rest, None),
        };
        let value = money::parse(value).map_err(|m| bad(format!("{m} in '{item}'")))?;
        out.push((MemberCode::new(member), value, units));
    }
    Ok(out)
}

/// The request with every code as stored, whatever case it was typed in.
fn canonical(conn: &Connection, r: &JointAwardRequest) -> Result<JointAwardRequest> {
    // An unknown member is an error in the field that named it, so the form can point there.
    let code = |m: &MemberCode, field: &'static str| -> Result<MemberCode> {
        match common::member(conn, m) {
            Ok(member) => Ok(MemberCode::new(member.code)),
            Err(HubError::NotFound(why)) => Err(HubError::wrong(field, why)),
            Err(e) => Err(e),
        }
    };
    Ok(JointAwardRequest {
        opportunity: OpportunityCode::new(common::opportunity(conn, &r.opportunity)?.code),
        members: r
            .members
            .iter()
            .map(|m| code(m, "joint"))
            .collect::<Result<_>>()?,
        set: r
            .set
            .iter()
            .map(|s| {
                Ok(JointShare {
                    member: code(&s.member, "shares")?,
                    ..s.clone()
                })
            })
            .collect::<Result<_>>()?,
        ..r.clone()
    })
}

fn validate(r: &JointAwardRequest) -> Result<()> {
    if r.members.is_empty() {
        return Err(HubError::missing("joint"));
    }
    award::refuse_backwards(r.start, r.end)?;
    for (i, m) in r.members.iter().enumerate() {
        if r.members[..i].contains(m) {
            return Err(HubError::wrong(
                "joint",
                format!("member {m} has two shares"),
            ));
        }
    }
    for (i, s) in r.set.iter().enumerate() {
        if r.set[..i].iter().any(|t| t.member == s.member) {
            return Err(HubError::wrong(
                "shares",
                format!("member {} has two shares set by hand", s.member),
            ));
        }
        if !r.members.contains(&s.member) {
            return Err(HubError::wrong(
                "shares",
                format!(
                    "{} has a share but is not among the members sharing the work",
                    s.member
                ),
            ));
        }
    }
    Ok(())
}

/// `KN01=40; KN02=20`.
fn plan_text(plan: &[PlanLine]) -> String {
    plan.iter()
        .map(|l| format!("{}={}", l.member, l.units_per_month))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A share and its unit rate.
type RatedShare = (JointShare, Decimal);

/// Each member's share and its unit rate: the units split by headroom and the unlet at one
/// rate, with the shares set by hand (each at its own rate) in their place.
fn shares(
    conn: &Connection,
    o: &Opportunity,
    r: &JointAwardRequest,
    unlet: Decimal,
    plan: Option<&[PlanLine]>,
) -> Result<(Vec<RatedShare>, Vec<i64>)> {
    let mut headroom = Vec::with_capacity(r.members.len());
    for m in &r.members {
        let cap = members::capacity_for(conn, m, &o.service_line)?;
        let used = subcontracts::committed_units(conn, m, &o.service_line)?;
        headroom.push(i64::from(cap) - i64::from(used));
    }
    let months = u64::from(dates::months_spanned(r.start, r.end));
    // The units the bid named for each member, when it named them all; else their headroom.
    let weights: Vec<u64> = match plan {
        Some(plan) => r
            .members
            .iter()
            .map(|m| {
                plan.iter()
                    .find(|l| l.member == m.as_str())
                    .map_or(0, |l| u64::from(l.units_per_month))
            })
            .collect(),
        None => headroom
            .iter()
            .map(|h| u64::try_from(*h).unwrap_or(0))
            .collect(),
    };
    let proposed = split_units(r.units_per_month, &weights).and_then(|units| {
        let owed: Vec<u64> = units.iter().map(|u| u64::from(*u) * months).collect();
        joint::one_rate(unlet, &owed).map(|(rate, shares)| (units, rate, shares))
    });
    let set = |m: &MemberCode| r.set.iter().find(|s| &s.member == m);
    let mut out = Vec::with_capacity(r.members.len());
    for (i, m) in r.members.iter().enumerate() {
        let share = match (set(m), &proposed) {
            (Some(s), Some((units, _, _))) if s.units_per_month == 0 => JointShare {
                units_per_month: units[i],
                ..s.clone()
            },
            (Some(s), _) => s.clone(),
            (None, Some((units, rate, shares))) => {
                let share = JointShare {
                    member: m.clone(),
                    value: shares[i].value,
                    units_per_month: units[i],
                };
                check_share(&share)?;
                out.push((share, *rate));
                continue;
            }
            (None, None) => {
                return Err(HubError::Refused(format!(
                    "none of the chosen members has headroom in {} to share {} between; set the shares by hand",
                    o.service_line, o.code
                )));
            }
        };
        check_share(&share)?;
        let rate = award_within::own_rate(&Proposal {
            value: share.value,
            start: r.start,
            end: r.end,
            units_per_month: share.units_per_month,
            let_by: None,
        })?;
        out.push((share, rate));
    }
    Ok((out, headroom))
}

/// Refuses a joint award on a prime with nothing left to let: the rule, named.
fn refuse_unless_unlet(o: &Opportunity, net: Decimal, let_before: Decimal) -> Result<()> {
    if net - let_before > Decimal::ZERO {
        return Ok(());
    }
    Err(HubError::Refused(format!(
        "{} (a rule: cannot be overridden): {} of {}'s net {} is let already; nothing is left to share (a contract variation must raise the value first)",
        Rule::WithinPrime.label(),
        money::display(let_before),
        o.code,
        money::display(net)
    )))
}

fn check_share(s: &JointShare) -> Result<()> {
    common::refuse_bad_part("shares", "units", &s.member, s.value, s.units_per_month)
}

fn sum_check(total: Decimal, o: &Opportunity, let_before: Decimal) -> Check {
    let net = o.net_value();
    let unlet = net - let_before;
    let diff = total - unlet;
    let verdict = if diff.is_zero() {
        "exact".to_string()
    } else if diff > Decimal::ZERO {
        format!("{} over", money::display(diff))
    } else {
        format!("{} short", money::display(-diff))
    };
    let against = if let_before.is_zero() {
        format!(
            "net value {} ({} less top slice {} at {}%)",
            money::display(net),
            money::display(o.value),
            money::display(o.top_slice()),
            o.top_slice_pct.normalize()
        )
    } else {
        format!(
            "unlet {} (net value {} less {} let already)",
            money::display(unlet),
            money::display(net),
            money::display(let_before)
        )
    };
    Check::new(
        Rule::SharesSum,
        diff.is_zero(),
        format!(
            "shares total {} against {against}: {verdict}",
            money::display(total)
        ),
    )
}

impl Decision for JointAward {
    type Request = JointAwardRequest;
    type Plan = JointAwardPlan;
    type Outcome = JointAwardOutcome;

    fn spec() -> &'static Spec {
        &SPEC
    }

    fn request(v: &Values) -> Result<JointAwardRequest> {
        Ok(JointAwardRequest {
            opportunity: v.code("opportunity")?,
            members: v.codes("joint")?.into_iter().map(MemberCode::new).collect(),
            units_per_month: v.count("units")?,
            set: parse_set(v.get("shares"))?
                .into_iter()
                .map(|(member, value, units)| JointShare {
                    member,
                    value,
                    units_per_month: units.unwrap_or(0),
                })
                .collect(),
            start: v.date("start")?,
            end: v.date("end")?,
            payment_model: v.opt_choice("payment_model")?,
            first_code: None,
        })
    }

    fn open(conn: &Connection, by: &Decider, subject: Option<&EntityRef>) -> Result<Opening> {
        let mut opening = award::open_award(conn, by, subject)?;
        let code = subject.map(|s| s.code.as_str()).unwrap_or_default();
        let plan = delivery_plans::plan_of(conn, &common::opportunity(conn, code)?.code)?;
        if !plan.is_empty() {
            let members: Vec<&str> = plan.iter().map(|l| l.member.as_str()).collect();
            opening.prefill.set("joint", &members.join(","));
            let total = delivery_plan::total_units(&plan);
            opening.prefill.set("units", &total.to_string());
            opening.context.push(format!(
                "delivery plan named in the bid: {} (the default split)",
                plan_text(&plan)
            ));
        }
        Ok(opening)
    }

    fn choices(conn: &Connection, _by: &Decider, field: &str, v: &Values) -> Result<Vec<Pick>> {
        match field {
            "joint" => award::member_picks(conn, v.get("opportunity").unwrap_or_default()),
            _ => Ok(Vec::new()),
        }
    }

    fn plan(conn: &Connection, by: &Decider, r: &JointAwardRequest) -> Result<JointAwardPlan> {
        if r.members.is_empty() {
            return Err(HubError::missing("joint"));
        }
        let r = &canonical(conn, r)?;
        validate(r)?;
        let opportunity = common::opportunity(conn, &r.opportunity)?;
        award_within::refuse_unless_won(&opportunity)?;
        let (prime, let_before) = super::prime::prime_and_let(conn, &opportunity)?;
        refuse_unless_unlet(&opportunity, prime.net, let_before)?;
        let named = delivery_plans::plan_of(conn, &opportunity.code)?;
        let by_plan = !named.is_empty()
            && r.members
                .iter()
                .all(|m| named.iter().any(|l| l.member == m.as_str()));
        let split = if by_plan {
            format!(
                "units split as the bid's delivery plan named them ({})",
                plan_text(&named)
            )
        } else if named.is_empty() {
            "units split by headroom".to_string()
        } else {
            format!(
                "units split by headroom: the members differ from the bid's delivery plan ({})",
                plan_text(&named)
            )
        };
        let (shares, headroom) = shares(
            conn,
            &opportunity,
            r,
            prime.net - let_before,
            by_plan.then_some(named.as_slice()),
        )?;
        let model = r.payment_model.unwrap_or(opportunity.payment_model);
        let codes = common::subcontract_codes(conn, r.first_code.as_deref(), shares.len())?;
        let mut members = Vec::with_capacity(shares.len());
        for (((share, unit_rate), code), headroom) in
            shares.into_iter().zip(codes.iter()).zip(headroom)
        {
            let facts = MemberFacts::gather(conn, &share.member, &opportunity.service_line)?;
            let proposal = Proposal {
                value: share.value,
                start: r.start,
                end: r.end,
                units_per_month: share.units_per_month,
                let_by: None,
            };
            let mut checks = facts.checks(conn, by, &opportunity.service_line, &proposal)?;
            checks.push(super::prime::risk_passed_down(
                by,
                &facts.member,
                model,
                &opportunity,
            ));
            let subcontract = award_within::subcontract(
                &opportunity,
                &share.member,
                &proposal,
                r.payment_model,
                code.clone(),
                unit_rate,
            );
            members.push(JointMemberPlan {
                share,
                unit_rate,
                headroom,
                subcontract,
                checks,
                facts,
            });
        }
        let shares_total = members
            .iter()
            .try_fold(Decimal::ZERO, |t, m| t.checked_add(m.share.value))
            .ok_or_else(|| super::prime::too_large("the shares"))?;
        let within = super::prime::within(conn, &opportunity, shares_total, r.start, r.end)?;
        Ok(JointAwardPlan {
            request: JointAwardRequest {
                first_code: codes.first().cloned(),
                ..r.clone()
            },
            top_slice: opportunity.top_slice(),
            net_value: opportunity.net_value(),
            sum: sum_check(shares_total, &opportunity, let_before),
            within,
            let_before,
            unlet: prime.net - let_before,
            shares_total,
            opportunity,
            members,
            split,
        })
    }

    fn request_of(plan: &JointAwardPlan) -> &JointAwardRequest {
        &plan.request
    }

    fn sheet(p: &JointAwardPlan) -> Sheet {
        let mut checks: Vec<Check> = p
            .members
            .iter()
            .flat_map(|m| {
                m.checks.iter().map(|c| Check {
                    reason: format!("{}: {}", m.share.member, c.reason),
                    ..c.clone()
                })
            })
            .collect();
        checks.push(p.sum.clone());
        checks.push(p.within.clone());
        Sheet {
            title: format!(
                "Joint award from {} ({}), {} to {}",
                p.opportunity.code,
                p.opportunity.title,
                dates::display(p.request.start),
                dates::display(p.request.end)
            ),
            facts: p
                .members
                .iter()
                .map(|m| {
                    format!(
                        "{}: {}, {} units a month at {} a unit (headroom {}, member version {})",
                        m.share.member,
                        money::display(m.share.value),
                        m.share.units_per_month,
                        money::display(m.unit_rate),
                        m.headroom,
                        m.facts.member.row_version
                    )
                })
                .chain(std::iter::once(p.split.clone()))
                .collect(),
            checks,
            writes: p
                .members
                .iter()
                .map(|m| format!("sub-contract {}", award::describe(&m.subcontract)))
                .collect(),
            confirm_code: Some(p.opportunity.code.clone()),
        }
    }

    fn write(
        tx: &Connection,
        _by: &Decider,
        p: &JointAwardPlan,
        _why: &Why,
    ) -> Result<Written<JointAwardOutcome>> {
        let o = &p.opportunity;
        let context = serde_json::json!({
            "opportunity": o.code,
            "value": o.value,
            "top_slice": p.top_slice,
            "net_value": p.net_value,
            "let_before": p.let_before,
            "unlet": p.unlet,
            "shares_total": p.shares_total,
            "sums_exactly": p.sum.passed,
            "shares": p.members.iter().map(|m| &m.share).collect::<Vec<_>>(),
        });
        let mut audit = Vec::with_capacity(p.members.len());
        for m in &p.members {
            audit.push(award_within::write(
                tx,
                &m.facts,
                &m.subcontract,
                &m.checks,
                Some(("joint_award", context.clone())),
            )?);
        }
        Ok(Written {
            outcome: JointAwardOutcome {
                awards: p.members.iter().map(|m| m.subcontract.clone()).collect(),
            },
            audit,
        })
    }

    fn done(o: &JointAwardOutcome) -> String {
        let codes: Vec<&str> = o.awards.iter().map(|s| s.code.as_str()).collect();
        format!(
            "{} sub-contract(s) awarded: {}",
            codes.len(),
            codes.join(", ")
        )
    }
}
