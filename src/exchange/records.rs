//! Turning raw rows into the domain's records, table by table: each value checked by its column's
//! type, then the rules across columns (a sub-contract ends on or after it starts…). A row that
//! passes becomes a pending insert plus the references it makes to other tables.

use std::str::FromStr;

use rusqlite::Connection;
use rust_decimal::Decimal;

use super::fields::Fields;
use super::problems::Problems;
use super::read::RawRow;
use super::tables::TableSpec;
use crate::domain::*;
use crate::error::Result;
use crate::store::{delivery_plans, members, opportunities, prime, risks, subcontracts};

/// A foreign key a row holds: `column` names a row of `table` by its code.
#[derive(Debug, Clone)]
pub struct Reference {
    pub column: &'static str,
    pub table: &'static str,
    pub code: String,
}

type Insert = Box<dyn Fn(&Connection) -> Result<()>>;

/// A row that passed every check of its own: ready to insert once the references are confirmed.
pub struct Checked {
    pub references: Vec<Reference>,
    pub insert: Insert,
}

fn reference(column: &'static str, table: &'static str, code: &str) -> Reference {
    Reference {
        column,
        table,
        code: code.to_string(),
    }
}

/// Checks one row of `spec`'s table; `None` (with problems recorded) if anything is wrong.
pub fn check(
    spec: &TableSpec,
    row: &RawRow,
    problems: &mut Problems,
    limits: &Limits,
) -> Option<Checked> {
    let mut f = Fields::new(row, problems, limits);
    let checked = match spec.name {
        "commissioners" => commissioner(&mut f),
        "members" => member(&mut f),
        "member_capacity" => capacity(&mut f),
        "compliance_items" => compliance(&mut f),
        "opportunities" => opportunity(&mut f),
        "subcontracts" => subcontract(&mut f),
        "monitoring_returns" => monitoring_return(&mut f),
        "delivery_profiles" => profile(&mut f),
        "suspensions" => suspension(&mut f),
        "claims" => claim(&mut f),
        "risks" => risk(&mut f),
        "prime_contracts" => prime_contract(&mut f),
        "delivery_plans" => delivery_plan(&mut f),
        "contract_variations" => variation(&mut f),
        "payment_terms" => payment_terms(&mut f),
        other => {
            f.fail_row(format!("no importer for table {other}"));
            None
        }
    };
    // A value refused after the record was built (a cross-column rule) still sinks the row.
    if f.bad { None } else { checked }
}

fn commissioner(f: &mut Fields) -> Option<Checked> {
    let code = f.text("code");
    let name = f.text("name");
    let kind = f.text("kind");
    let c = Commissioner {
        code: code?,
        name: name?,
        kind: kind?,
    };
    Some(Checked {
        references: vec![],
        insert: Box::new(move |conn| opportunities::insert_commissioner(conn, &c)),
    })
}

fn member(f: &mut Fields) -> Option<Checked> {
    let code = f.text("code");
    let name = f.text("name");
    let tier = f.code::<Tier>("tier");
    let org_type = f.code::<OrgType>("org_type");
    let registered_number = f.text("registered_number");
    let annual_income = f.money("annual_income");
    let clusters = members::split_clusters(&f.text_or_empty("clusters"));
    let geography = f.text("geography");
    let staff = f.count("staff");
    let volunteers = f.count("volunteers");
    let joined = f.date("joined");
    let row_version = f.row_version();
    let left = f.opt_date("left_on");
    let m = Member {
        code: code?,
        name: name?,
        tier: tier?,
        org_type: org_type?,
        registered_number: registered_number?,
        annual_income: annual_income?,
        clusters,
        geography: geography?,
        staff: staff?,
        volunteers: volunteers?,
        joined: joined?,
        row_version: row_version?,
        left: left?,
    };
    Some(Checked {
        references: vec![],
        insert: Box::new(move |conn| members::insert_member(conn, &m)),
    })
}

fn capacity(f: &mut Fields) -> Option<Checked> {
    let member = f.text("member");
    let service_line = f.text("service_line");
    let units = f.units("units_per_month");
    let c = Capacity {
        member: member?,
        service_line: service_line?,
        units_per_month: units?,
    };
    Some(Checked {
        references: vec![reference("member", "members", &c.member)],
        insert: Box::new(move |conn| members::insert_capacity(conn, &c)),
    })
}

fn compliance(f: &mut Fields) -> Option<Checked> {
    let member = f.text("member");
    let kind = f.code::<ComplianceKind>("kind");
    let reference_text = f.text("reference");
    let valid_until = f.date("valid_until");
    let c = ComplianceItem {
        member: member?,
        kind: kind?,
        reference: reference_text?,
        valid_until: valid_until?,
    };
    Some(Checked {
        references: vec![reference("member", "members", &c.member)],
        insert: Box::new(move |conn| members::insert_compliance(conn, &c)),
    })
}

/// A percentage from 0 to 100, decimals allowed (`7.5`).
fn percentage(f: &mut Fields, column: &str) -> Option<Decimal> {
    let raw = f.text(column)?;
    let value = Decimal::from_str(raw.trim_end_matches('%').trim()).ok();
    match value {
        Some(v) if v >= Decimal::ZERO && v <= Decimal::ONE_HUNDRED => Some(v),
        Some(_) => {
            f.fail(
                column,
                format!("'{raw}' is out of range: a percentage must be from 0 to 100"),
            );
            None
        }
        None => {
            f.fail(
                column,
                format!("'{raw}' is not a percentage (a number from 0 to 100, e.g. 7.5)"),
            );
            None
        }
    }
}

fn opportunity(f: &mut Fields) -> Option<Checked> {
    let code = f.text("code");
    let title = f.text("title");
    let commissioner = f.text("commissioner");
    let service_line = f.text("service_line");
    let kind = f.code::<OpportunityKind>("kind");
    let stage = f.code::<Stage>("stage");
    let deadline = f.date("deadline");
    let value = f.money("value");
    let duration = f.whole(
        "duration_months",
        1,
        u32::MAX,
        "a contract's duration in months",
    );
    let payment_model = f.code::<PaymentModel>("payment_model");
    let top_slice = percentage(f, "top_slice_pct");
    let bid_score = f.opt_whole("bid_score", 0, 100, "a bid score");
    let decision = f.opt_code::<BidDecision>("decision");
    let decision_reason = f.opt_text("decision_reason");
    let award_route = f.opt_code::<AwardRoute>("award_route");
    let row_version = f.row_version();
    let o = Opportunity {
        code: code?,
        title: title?,
        commissioner: commissioner?,
        service_line: service_line?,
        kind: kind?,
        stage: stage?,
        deadline: deadline?,
        value: value?,
        duration_months: duration?,
        payment_model: payment_model?,
        top_slice_pct: top_slice?,
        bid_score: bid_score?.map(|s| s as u8),
        decision: decision?,
        decision_reason,
        award_route: award_route?,
        row_version: row_version?,
    };
    Some(Checked {
        references: vec![reference("commissioner", "commissioners", &o.commissioner)],
        insert: Box::new(move |conn| opportunities::insert_opportunity(conn, &o)),
    })
}

fn subcontract(f: &mut Fields) -> Option<Checked> {
    let code = f.text("code");
    let opportunity = f.text("opportunity");
    let member = f.text("member");
    let let_by = f.opt_text("let_by");
    let value = f.money("value");
    let start = f.date("start");
    let end = f.date("end");
    let units = f.units("units_per_month");
    let payment_model = f.code::<PaymentModel>("payment_model");
    let status = f.code::<SubContractStatus>("status");
    let transferred_from = f.opt_text("transferred_from");
    let row_version = f.row_version();
    let unit_rate = f.opt_money("unit_rate");
    if let (Some(s), Some(e)) = (start, end)
        && e < s
    {
        f.fail(
            "end",
            format!(
                "end {e} is before start {s}: a sub-contract must end on or after the day it starts"
            ),
        );
    }
    let s = SubContract {
        code: code?,
        opportunity: opportunity?,
        member: member?,
        let_by,
        value: value?,
        start: start?,
        end: end?,
        units_per_month: units?,
        payment_model: payment_model?,
        status: status?,
        transferred_from,
        row_version: row_version?,
        unit_rate: unit_rate?,
    };
    let mut references = vec![
        reference("opportunity", "opportunities", &s.opportunity),
        reference("member", "members", &s.member),
    ];
    if let Some(l) = &s.let_by {
        references.push(reference("let_by", "members", l));
    }
    if let Some(t) = &s.transferred_from {
        references.push(reference("transferred_from", "subcontracts", t));
    }
    Some(Checked {
        references,
        insert: Box::new(move |conn| subcontracts::insert_subcontract(conn, &s)),
    })
}

fn monitoring_return(f: &mut Fields) -> Option<Checked> {
    let subcontract = f.text("subcontract");
    let period = f.period("period");
    let due = f.date("due");
    let submitted = f.opt_date("submitted");
    let units_target = f.units("units_target");
    let units_delivered = f.units("units_delivered");
    let outcomes_target = f.count("outcomes_target");
    let outcomes_achieved = f.count("outcomes_achieved");
    let milestones_due = f.count("milestones_due");
    let milestones_met = f.count("milestones_met");
    let spend = f.money("spend");
    let paid = f.money("paid");
    let quality_grade = f.opt_whole(
        "quality_grade",
        1,
        4,
        "a quality grade (1 outstanding, 2 good, 3 requires improvement, 4 inadequate)",
    );
    let referrals = f.count("referrals");
    if let (Some(due_n), Some(met)) = (milestones_due, milestones_met)
        && met > due_n
    {
        f.fail(
            "milestones_met",
            format!("{met} milestones met but only {due_n} due: milestones met cannot exceed milestones due"),
        );
    }
    let m = MonitoringReturn {
        subcontract: subcontract?,
        period: period?,
        due: due?,
        submitted: submitted?,
        units_target: units_target?,
        units_delivered: units_delivered?,
        outcomes_target: outcomes_target?,
        outcomes_achieved: outcomes_achieved?,
        milestones_due: milestones_due?,
        milestones_met: milestones_met?,
        spend: spend?,
        paid: paid?,
        quality_grade: quality_grade?.map(|g| g as u8),
        referrals: referrals?,
    };
    Some(Checked {
        references: vec![reference("subcontract", "subcontracts", &m.subcontract)],
        insert: Box::new(move |conn| subcontracts::insert_return(conn, &m)),
    })
}

fn profile(f: &mut Fields) -> Option<Checked> {
    let subcontract = f.text("subcontract");
    let revision = f.whole("revision", 1, u32::MAX, "a revision number");
    let effective_from = f.period("effective_from");
    let units = f.units("units_per_month");
    let reason = f.text("reason");
    let recorded = f.date("recorded");
    let p = DeliveryProfile {
        subcontract: subcontract?,
        revision: revision?,
        effective_from: effective_from?,
        units_per_month: units?,
        reason: reason?,
        recorded: recorded?,
    };
    Some(Checked {
        references: vec![reference("subcontract", "subcontracts", &p.subcontract)],
        insert: Box::new(move |conn| subcontracts::insert_profile(conn, &p)),
    })
}

fn suspension(f: &mut Fields) -> Option<Checked> {
    let subcontract = f.text("subcontract");
    let decided = f.date("decided");
    let effective = f.date("effective");
    let reason_code = f.code::<SuspensionReason>("reason_code");
    let reason = f.text("reason");
    let urgent = f.whole("urgent", 0, 1, "urgent (0 no, 1 yes)");
    let lifted = f.opt_date("lifted");
    if let (Some(d), Some(e)) = (decided, effective)
        && e < d
    {
        f.fail(
            "effective",
            format!("effective {e} is before decided {d}: a suspension cannot take effect before it is decided"),
        );
    }
    if let (Some(d), Some(Some(l))) = (decided, lifted)
        && l < d
    {
        f.fail(
            "lifted",
            format!("lifted {l} is before decided {d}: a suspension cannot be lifted before it is decided"),
        );
    }
    let s = Suspension {
        subcontract: subcontract?,
        decided: decided?,
        effective: effective?,
        reason_code: reason_code?,
        reason: reason?,
        urgent: urgent? == 1,
        lifted: lifted?,
        transferred_to: f.opt_text("transferred_to"),
    };
    let mut references = vec![reference("subcontract", "subcontracts", &s.subcontract)];
    if let Some(t) = &s.transferred_to {
        references.push(reference("transferred_to", "subcontracts", t));
    }
    Some(Checked {
        references,
        insert: Box::new(move |conn| subcontracts::insert_suspension(conn, &s)),
    })
}

fn claim(f: &mut Fields) -> Option<Checked> {
    let code = f.text("code");
    let subcontract = f.text("subcontract");
    let raised = f.date("raised");
    let paid = f.money("paid");
    let earned = f.money("earned");
    let amount = f.money("amount");
    let reason = f.text("reason");
    let c = Claim {
        code: code?,
        subcontract: subcontract?,
        raised: raised?,
        paid: paid?,
        earned: earned?,
        amount: amount?,
        reason: reason?,
    };
    Some(Checked {
        references: vec![reference("subcontract", "subcontracts", &c.subcontract)],
        insert: Box::new(move |conn| subcontracts::insert_claim(conn, &c)),
    })
}

/// Probability and impact are whole numbers but deliberately not held to the risk's scale: a
/// register scored outside its own scale is data to be flagged on screen, not clipped here.
fn score(f: &mut Fields, column: &str) -> Option<u8> {
    f.whole(column, 0, u32::from(u8::MAX), column)
        .map(|v| v as u8)
}

fn opt_score(f: &mut Fields, column: &str) -> Option<Option<u8>> {
    f.opt_whole(column, 0, u32::from(u8::MAX), column)
        .map(|v| v.map(|v| v as u8))
}

fn risk(f: &mut Fields) -> Option<Checked> {
    let code = f.text("code");
    let title = f.text("title");
    let category = f.text("category");
    let owner = f.text("owner");
    let scale = f.text("scale");
    let gross_probability = score(f, "gross_probability");
    let gross_impact = score(f, "gross_impact");
    let preventative = f.text_or_empty("preventative_controls");
    let curative = f.text_or_empty("curative_controls");
    let net_probability = opt_score(f, "net_probability");
    let net_impact = opt_score(f, "net_impact");
    let review_date = f.date("review_date");
    let status = f.code::<RiskStatus>("status");
    let entity_kind = f.code::<EntityKind>("entity_kind");
    let entity_code = f.opt_text("entity_code");
    let generated_by = f.opt_text("generated_by");
    if let (Some(p), Some(i)) = (net_probability, net_impact)
        && p.is_some() != i.is_some()
    {
        f.fail(
            if p.is_some() {
                "net_impact"
            } else {
                "net_probability"
            },
            "net_probability and net_impact go together: give both or neither",
        );
    }
    let target = match entity_kind {
        Some(EntityKind::Member) => Some(("members", "member")),
        Some(EntityKind::SubContract) => Some(("subcontracts", "sub-contract")),
        Some(EntityKind::Opportunity) => Some(("opportunities", "opportunity")),
        Some(EntityKind::Consortium) | None => None,
    };
    if let Some((_, what)) = target
        && entity_code.is_none()
    {
        f.fail(
            "entity_code",
            format!("a risk about a {what} needs the {what}'s code"),
        );
    }
    let k = Risk {
        code: code?,
        title: title?,
        category: category?,
        owner: owner?,
        scale: scale?,
        gross_probability: gross_probability?,
        gross_impact: gross_impact?,
        preventative_controls: preventative,
        curative_controls: curative,
        net_probability: net_probability?,
        net_impact: net_impact?,
        review_date: review_date?,
        status: status?,
        entity_kind: entity_kind?,
        entity_code,
        generated_by,
    };
    let references = match (target, &k.entity_code) {
        (Some((table, _)), Some(c)) => vec![reference("entity_code", table, c)],
        _ => vec![],
    };
    Some(Checked {
        references,
        insert: Box::new(move |conn| risks::insert_risk(conn, &k)),
    })
}

fn prime_contract(f: &mut Fields) -> Option<Checked> {
    let opportunity = f.text("opportunity");
    let start = f.date("start");
    let end = f.date("end");
    if let (Some(s), Some(e)) = (start, end)
        && e < s
    {
        f.fail(
            "end",
            format!(
                "end {e} is before start {s}: a contract must end on or after the day it starts"
            ),
        );
    }
    let (opportunity, start, end) = (opportunity?, start?, end?);
    Some(Checked {
        references: vec![reference("opportunity", "opportunities", &opportunity)],
        insert: Box::new(move |conn| prime::set_period(conn, &opportunity, start, end)),
    })
}

fn delivery_plan(f: &mut Fields) -> Option<Checked> {
    let opportunity = f.text("opportunity");
    let member = f.text("member");
    let units = f.whole("units_per_month", 1, u32::MAX, "units a month");
    let (opportunity, member, units) = (opportunity?, member?, units?);
    let line = delivery_plan::PlanLine {
        member: member.clone(),
        units_per_month: units,
    };
    Some(Checked {
        references: vec![
            reference("opportunity", "opportunities", &opportunity),
            reference("member", "members", &member),
        ],
        insert: Box::new(move |conn| delivery_plans::insert_line(conn, &opportunity, &line)),
    })
}

fn variation(f: &mut Fields) -> Option<Checked> {
    let opportunity = f.text("opportunity");
    let agreed = f.date("agreed");
    let value_before = f.money("value_before");
    let value_after = f.money("value_after");
    let end_before = f.date("end_before");
    let end_after = f.date("end_after");
    let reason = f.text("reason");
    let v = crate::domain::prime::ContractVariation {
        opportunity: opportunity?,
        agreed: agreed?,
        value_before: value_before?,
        value_after: value_after?,
        end_before: end_before?,
        end_after: end_after?,
        reason: reason?,
    };
    Some(Checked {
        references: vec![reference("opportunity", "opportunities", &v.opportunity)],
        insert: Box::new(move |conn| prime::insert_variation(conn, &v)),
    })
}

fn payment_terms(f: &mut Fields) -> Option<Checked> {
    let subcontract = f.text("subcontract");
    let pct = f
        .text("attachment_pct")
        .and_then(|raw| match Decimal::from_str(raw.trim()) {
            Ok(p) if p >= Decimal::ZERO && p <= Decimal::ONE_HUNDRED => Some(p),
            _ => {
                f.fail(
                    "attachment_pct",
                    format!("'{raw}' is not a percentage from 0 to 100"),
                );
                None
            }
        });
    let outcomes = f.whole("outcomes_owed", 1, u32::MAX, "outcomes owed (at least 1)");
    let rate = f.money("outcome_rate");
    let t = crate::domain::pricing::PaymentTerms {
        subcontract: subcontract?,
        attachment_pct: pct?,
        outcomes_owed: u64::from(outcomes?),
        outcome_rate: rate?,
    };
    Some(Checked {
        references: vec![reference("subcontract", "subcontracts", &t.subcontract)],
        insert: Box::new(move |conn| prime::insert_terms(conn, &t)),
    })
}
