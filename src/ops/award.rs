//! Awarding a sub-contract to one member from a won opportunity, with every award check. The
//! plan holds the member's facts as read: two officers awarding the last of its capacity cannot
//! both succeed.

use chrono::NaiveDate;
use rusqlite::Connection;
use rust_decimal::Decimal;
use serde::Serialize;

use super::Decider;
use super::award_within;
use super::common::{self, MemberFacts};
use super::decision::{Decision, Opening, Sheet, Spec, Why, Written};
use super::fields::{Field, FieldKind, Pick, Values};
use crate::domain::checks::{Check, Proposal};
use crate::domain::pricing::{PaymentTerms, Pricing};
use crate::domain::prime::PrimeContract;
use crate::domain::{
    Entity, EntityRef, MemberCode, Opportunity, OpportunityCode, PaymentModel, SubContract, Tier,
};
use crate::error::{HubError, Problem, Result};
use crate::store::{members, prime};
use crate::{dates, money};

pub struct Award;

/// What the officer asks for.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct AwardRequest {
    pub opportunity: OpportunityCode,
    pub member: MemberCode,
    pub value: Decimal,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub units_per_month: u32,
    /// The opportunity's payment model when not given.
    pub payment_model: Option<PaymentModel>,
    /// The next free `SC-nnnnnn` when not given (fixed by the plan).
    pub code: Option<String>,
    /// A member letting the work: refused by the cluster rule unless overridden.
    pub let_by: Option<MemberCode>,
    /// The member version the officer looked at; a later change makes the award a conflict.
    pub member_version: Option<i64>,
    /// Paid by results: the per cent of the value paid per unit delivered…
    #[serde(default)]
    pub attachment_pct: Option<Decimal>,
    /// …and the outcomes the rest is paid over.
    #[serde(default)]
    pub outcomes: Option<u32>,
}

/// The award as it would be written, with its checks and the facts they judged.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AwardPlan {
    pub request: AwardRequest,
    pub opportunity: Opportunity,
    pub subcontract: SubContract,
    pub pricing: Pricing,
    pub terms: Option<PaymentTerms>,
    pub checks: Vec<Check>,
    pub facts: MemberFacts,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AwardOutcome {
    pub subcontract: SubContract,
    pub member_version: i64,
}

pub(super) fn payment_models() -> Vec<(&'static str, &'static str)> {
    PaymentModel::ALL
        .iter()
        .map(|m| (m.code(), m.label()))
        .collect()
}

/// The fields every award route shares after the members: the delivery dates and payment model.
pub(super) const START: Field = Field::new("start", "First day of delivery", FieldKind::Date)
    .help("First day of delivery")
    .required();
pub(super) const END: Field = Field::new("end", "Last day of delivery", FieldKind::Date)
    .help("Last day of delivery")
    .required();
pub(super) const PAYMENT_MODEL: Field = Field::new(
    "payment_model",
    "Payment model",
    FieldKind::Choice(payment_models),
)
.help("Payment model: block, payment_by_results, hybrid, grant [default: the opportunity's]");
pub(super) const OPPORTUNITY: Field = Field::new(
    "opportunity",
    "Opportunity",
    FieldKind::Code(Entity::Opportunity),
)
.help("The won opportunity the work comes from")
.required();

static SPEC: Spec = Spec::new(
    "award",
    "Award to one member",
    "Award a sub-contract to a member from a won opportunity",
    &["award"],
    &[
        OPPORTUNITY,
        Field::new("member", "Member", FieldKind::Code(Entity::Member))
            .help("The member receiving the sub-contract")
            .required(),
        Field::new("value", "Value", FieldKind::Money)
            .help("Total value in pounds (1234.50 or £1,234.50)")
            .required(),
        START,
        END,
        Field::new("units", "Units of activity per month", FieldKind::Count)
            .help("Units of activity per month")
            .required(),
        PAYMENT_MODEL,
        Field::new("attachment_pct", "Attachment fees (% of value)", FieldKind::Text)
            .help("Payment by results: the per cent of the value paid per unit delivered (with --outcomes)"),
        Field::new("outcomes", "Outcomes owed", FieldKind::Count)
            .help("Payment by results: the outcomes the rest of the value is paid over (with --attachment-pct)"),
        Field::new("code", "Code", FieldKind::Text)
            .help("Code for the new sub-contract [default: the next free SC-nnnnnn]")
            .cli_only(),
        Field::new("let_by", "Let by", FieldKind::Code(Entity::Member))
            .help("The member letting the work, if not the hub (refused unless overridden)")
            .cli_only(),
        Field::new("member_version", "Member version", FieldKind::Count)
            .help("The member version you looked at; refused as a conflict if it has changed since")
            .cli_only(),
    ],
)
.acting_on(Entity::Opportunity)
.keys(&["a"], "award")
.typed()
.overridable();

/// An award's usual dates: from the first day of next month (or the prime's start, if later)
/// to the prime's end.
pub(super) fn usual_dates(prime: &PrimeContract, today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let start = dates::Period::containing(today)
        .next()
        .first_day()
        .max(prime.start);
    (start.min(prime.end), prime.end)
}

/// Opens any award route on a won opportunity, with its usual dates filled in.
pub(super) fn open_award(
    conn: &Connection,
    by: &Decider,
    subject: Option<&EntityRef>,
) -> Result<Opening> {
    let code = subject.map(|s| s.code.as_str()).unwrap_or_default();
    let o = common::opportunity(conn, code)?;
    award_within::refuse_unless_won(&o)?;
    let (prime, let_total) = super::prime::prime_and_let(conn, &o)?;
    let (start, end) = usual_dates(&prime, by.today());
    Ok(Opening {
        context: vec![
            format!(
                "{} · {} · top slice {}% = {} · net for delivery {}",
                o.service_line,
                money::display(o.value),
                o.top_slice_pct.normalize(),
                money::display(o.top_slice()),
                money::display(o.net_value())
            ),
            format!(
                "prime contract {} · let {} · unlet {}",
                prime.period(),
                money::display(let_total),
                money::display(prime.net - let_total)
            ),
        ],
        prefill: Values::default()
            .with("opportunity", code)
            .with("start", &dates::iso(start))
            .with("end", &dates::iso(end)),
    })
}

/// Full members with capacity in the opportunity's service line, most headroom first.
pub(super) fn member_picks(conn: &Connection, opportunity: &str) -> Result<Vec<Pick>> {
    let line = common::opportunity(conn, opportunity)?.service_line;
    full_members_by_headroom(conn, &line, |_| true)
}

/// Full members with capacity in `line` that `keep` keeps, most headroom first, as picks.
pub(super) fn full_members_by_headroom(
    conn: &Connection,
    line: &str,
    keep: impl Fn(&members::LineHeadroom) -> bool,
) -> Result<Vec<Pick>> {
    let mut rows: Vec<_> = members::headroom_in_line(conn, line)?
        .into_iter()
        .filter(|m| m.tier == Tier::Full && keep(m))
        .collect();
    rows.sort_by(|a, b| {
        b.headroom()
            .cmp(&a.headroom())
            .then(a.member.cmp(&b.member))
    });
    Ok(rows
        .into_iter()
        .map(|m| Pick {
            note: format!("headroom {}", m.headroom()),
            code: m.member,
            label: m.name,
        })
        .collect())
}

/// The end may not come before the start.
pub(super) fn refuse_backwards(start: NaiveDate, end: NaiveDate) -> Result<()> {
    if end < start {
        return Err(HubError::wrong(
            "end",
            format!(
                "{} is before the start, {}",
                dates::display(end),
                dates::display(start)
            ),
        ));
    }
    Ok(())
}

fn validate(r: &AwardRequest) -> Result<()> {
    if r.value <= Decimal::ZERO {
        return Err(HubError::field(
            "value",
            Problem::OutOfRange {
                value: money::display(r.value),
                allowed: "more than £0.00".into(),
            },
        ));
    }
    refuse_backwards(r.start, r.end)?;
    if r.units_per_month == 0 {
        return Err(HubError::field(
            "units",
            Problem::OutOfRange {
                value: "0".into(),
                allowed: "at least 1 unit a month".into(),
            },
        ));
    }
    if r.let_by.as_ref() == Some(&r.member) {
        return Err(HubError::wrong(
            "let_by",
            format!("{} is the member being awarded the work", r.member),
        ));
    }
    if r.code.as_deref().is_some_and(|c| c.trim().is_empty()) {
        return Err(HubError::missing("code"));
    }
    if let Some(pct) = r.attachment_pct
        && (pct < Decimal::ZERO || pct > Decimal::ONE_HUNDRED)
    {
        return Err(HubError::field(
            "attachment_pct",
            Problem::OutOfRange {
                value: format!("{pct}%"),
                allowed: "0 to 100 per cent".into(),
            },
        ));
    }
    if r.outcomes == Some(0) {
        return Err(HubError::field(
            "outcomes",
            Problem::OutOfRange {
                value: "0".into(),
                allowed: "at least 1 outcome".into(),
            },
        ));
    }
    Ok(())
}

/// The results terms asked for: both or neither, and only for a model paid on results.
fn results(r: &AwardRequest, model: PaymentModel) -> Result<Option<(Decimal, u64)>> {
    match (r.attachment_pct, r.outcomes) {
        (None, None) => Ok(None),
        (Some(_), None) => Err(HubError::missing("outcomes")),
        (None, Some(_)) => Err(HubError::missing("attachment_pct")),
        (Some(_), Some(_)) if !model.end_loaded() => Err(HubError::wrong(
            "attachment_pct",
            format!(
                "attachment fees and outcomes are terms of payment by results or hybrid, not {}",
                model.label().to_lowercase()
            ),
        )),
        (Some(pct), Some(n)) => Ok(Some((pct, u64::from(n)))),
    }
}

impl Decision for Award {
    type Request = AwardRequest;
    type Plan = AwardPlan;
    type Outcome = AwardOutcome;

    fn spec() -> &'static Spec {
        &SPEC
    }

    fn request(v: &Values) -> Result<AwardRequest> {
        Ok(AwardRequest {
            opportunity: v.code("opportunity")?,
            member: v.code("member")?,
            value: v.money("value")?,
            start: v.date("start")?,
            end: v.date("end")?,
            units_per_month: v.count("units")?,
            payment_model: v.opt_choice("payment_model")?,
            code: v.opt_text("code"),
            let_by: v.opt_code("let_by"),
            member_version: v.opt_number("member_version")?,
            attachment_pct: v.opt_number("attachment_pct")?,
            outcomes: v.opt_count("outcomes")?,
        })
    }

    fn open(conn: &Connection, by: &Decider, subject: Option<&EntityRef>) -> Result<Opening> {
        open_award(conn, by, subject)
    }

    fn choices(conn: &Connection, _by: &Decider, field: &str, v: &Values) -> Result<Vec<Pick>> {
        match field {
            "member" => member_picks(conn, v.get("opportunity").unwrap_or_default()),
            _ => Ok(Vec::new()),
        }
    }

    fn plan(conn: &Connection, by: &Decider, r: &AwardRequest) -> Result<AwardPlan> {
        validate(r)?;
        let opportunity = common::opportunity(conn, &r.opportunity)?;
        let facts = MemberFacts::gather(conn, &r.member, &opportunity.service_line)?;
        // The codes as stored, whatever case they were typed in.
        let let_by = match &r.let_by {
            Some(l) => Some(MemberCode::new(common::member(conn, l)?.code)),
            None => None,
        };
        let r = &AwardRequest {
            opportunity: OpportunityCode::new(opportunity.code.clone()),
            member: MemberCode::new(facts.member.code.clone()),
            let_by,
            ..r.clone()
        };
        if let Some(v) = r.member_version
            && v != facts.member.row_version
        {
            return Err(HubError::conflict(format!(
                "member {} was changed since you looked (version {v}, now {}); look again and retry",
                r.member, facts.member.row_version
            )));
        }
        award_within::refuse_unless_won(&opportunity)?;
        let code = common::subcontract_codes(conn, r.code.as_deref(), 1)?.remove(0);
        let proposal = Proposal {
            value: r.value,
            start: r.start,
            end: r.end,
            units_per_month: r.units_per_month,
            let_by: r.let_by.as_ref().map(|m| m.to_string()),
        };
        let model = r.payment_model.unwrap_or(opportunity.payment_model);
        let owed = u64::from(r.units_per_month) * u64::from(dates::months_spanned(r.start, r.end));
        let pricing = Pricing::set(r.value, owed, results(r, model)?)
            .ok_or_else(|| super::prime::too_large("the award"))?;
        let mut checks = facts.checks(conn, by, &opportunity.service_line, &proposal)?;
        checks.extend(award_within::prime_checks(
            conn,
            by,
            &opportunity,
            &facts,
            &proposal,
            model,
        )?);
        let subcontract = award_within::subcontract(
            &opportunity,
            &r.member,
            &proposal,
            r.payment_model,
            code.clone(),
            pricing.unit_rate,
        );
        let terms = r
            .attachment_pct
            .filter(|_| pricing.outcomes_owed > 0)
            .map(|pct| PaymentTerms {
                subcontract: code.clone(),
                attachment_pct: pct,
                outcomes_owed: pricing.outcomes_owed,
                outcome_rate: pricing.outcome_rate,
            });
        Ok(AwardPlan {
            request: AwardRequest {
                code: Some(code),
                ..r.clone()
            },
            opportunity,
            subcontract,
            pricing,
            terms,
            checks,
            facts,
        })
    }

    fn request_of(plan: &AwardPlan) -> &AwardRequest {
        &plan.request
    }

    fn sheet(p: &AwardPlan) -> Sheet {
        Sheet {
            title: format!(
                "Award from {} ({}) to {}",
                p.opportunity.code, p.opportunity.title, p.request.member
            ),
            facts: vec![format!("member version {}", p.facts.member.row_version)],
            checks: p.checks.clone(),
            writes: vec![
                format!("sub-contract {}", describe(&p.subcontract)),
                prices(&p.pricing),
            ],
            confirm_code: Some(p.opportunity.code.clone()),
        }
    }

    fn write(
        tx: &Connection,
        _by: &Decider,
        p: &AwardPlan,
        _why: &Why,
    ) -> Result<Written<AwardOutcome>> {
        let context = p.terms.as_ref().map(|t| ("terms", serde_json::json!(t)));
        let entry = award_within::write(tx, &p.facts, &p.subcontract, &p.checks, context)?;
        if let Some(t) = &p.terms {
            prime::insert_terms(tx, t)?;
        }
        Ok(Written {
            outcome: AwardOutcome {
                subcontract: p.subcontract.clone(),
                member_version: p.facts.member.row_version + 1,
            },
            audit: vec![entry],
        })
    }

    fn done(o: &AwardOutcome) -> String {
        format!(
            "sub-contract {}; member {} now at version {}",
            describe(&o.subcontract),
            o.subcontract.member,
            o.member_version
        )
    }
}

/// `at £123.01 a unit (540 units); £4.60 on completion`, with the outcome rate when paid by
/// results: the prices every later figure is computed from.
pub fn prices(p: &Pricing) -> String {
    let mut s = format!(
        "at {} a unit ({} units owed)",
        money::display(p.unit_rate),
        p.units_owed
    );
    if p.outcomes_owed > 0 {
        s.push_str(&format!(
            " and {} an outcome ({} outcomes)",
            money::display(p.outcome_rate),
            p.outcomes_owed
        ));
    }
    if !p.on_completion.is_zero() {
        s.push_str(&format!(
            "; {} on completion",
            money::display(p.on_completion)
        ));
    }
    s
}

/// `SC-000151 for KN01: £10,000.00 from 1 Dec 2026 to 30 Nov 2027, 10 units a month, block`.
pub fn describe(s: &SubContract) -> String {
    format!(
        "{} for {}: {} from {} to {}, {} units a month, {}",
        s.code,
        s.member,
        money::display(s.value),
        dates::display(s.start),
        dates::display(s.end),
        s.units_per_month,
        s.payment_model.label().to_lowercase()
    )
}
