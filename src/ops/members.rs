//! Members' records as decisions: a renewed compliance item (new reference, new expiry; the old
//! one kept as history), and a change of tier — an associate becomes a full member only with its
//! fit-for-contracting items in date, and a full member holding work cannot become an associate;
//! and a member's capacity in a service line, never below what it has committed there.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use super::Decider;
use super::common;
use super::decision::{Decision, Opening, Sheet, Spec, Why, Written};
use super::fields::{Field, FieldKind, Values};
use crate::dates;
use crate::domain::{ComplianceItem, ComplianceKind, Entity, EntityRef, Member, MemberCode, Tier};
use crate::error::{HubError, Result};
use crate::store::audit::{AuditAction, Entry};
use crate::store::{members, subcontracts};

pub struct RenewCompliance;
pub struct ChangeTier;
pub struct SetCapacity;

fn kinds() -> Vec<(&'static str, &'static str)> {
    ComplianceKind::ALL
        .iter()
        .map(|k| (k.code(), k.label()))
        .collect()
}

fn tiers() -> Vec<(&'static str, &'static str)> {
    Tier::ALL.iter().map(|t| (t.code(), t.label())).collect()
}

const MEMBER: Field = Field::new("member", "Member", FieldKind::Code(Entity::Member))
    .help("The member")
    .required()
    .positional();

static RENEW: Spec = Spec::new(
    "compliance_renew",
    "Record a renewed compliance item",
    "Record a member's renewed compliance item — its new reference and expiry; earlier items are kept as history",
    &["member", "renew"],
    &[
        MEMBER,
        Field::new("kind", "Item", FieldKind::Choice(kinds))
            .help("Which item: quality_mark, public_liability_insurance, safeguarding_policy, health_and_safety, self_assessment_report or accounts")
            .required(),
        Field::new("reference", "Reference", FieldKind::Text)
            .help("The new certificate, policy or report's reference")
            .required(),
        Field::new("from", "Valid from", FieldKind::Date).help("The day it starts [default: today]"),
        Field::new("until", "Valid until", FieldKind::Date)
            .help("The day it expires")
            .required(),
    ],
)
.acting_on(Entity::Member)
.keys(&["R"], "renew");

static TIER: Spec = Spec::new(
    "member_tier",
    "Change a member's tier",
    "Make an associate a full member (its fit-for-contracting items must be in date) or a full member an associate (it must hold no sub-contract)",
    &["member", "tier"],
    &[
        MEMBER,
        Field::new("tier", "New tier", FieldKind::Choice(tiers))
            .help("full or associate")
            .required(),
    ],
)
.acting_on(Entity::Member);

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct RenewRequest {
    pub member: MemberCode,
    pub kind: ComplianceKind,
    pub reference: String,
    pub from: Option<NaiveDate>,
    pub until: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RenewPlan {
    pub request: RenewRequest,
    pub member: Member,
    /// The item of that kind that decides today, if any.
    pub current: Option<ComplianceItem>,
    pub item: ComplianceItem,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RenewOutcome {
    pub item: ComplianceItem,
}

fn latest(items: &[ComplianceItem], kind: ComplianceKind) -> Option<ComplianceItem> {
    items
        .iter()
        .filter(|i| i.kind == kind)
        .max_by_key(|i| i.valid_until)
        .cloned()
}

impl Decision for RenewCompliance {
    type Request = RenewRequest;
    type Plan = RenewPlan;
    type Outcome = RenewOutcome;

    fn spec() -> &'static Spec {
        &RENEW
    }

    fn request(v: &Values) -> Result<RenewRequest> {
        Ok(RenewRequest {
            member: v.code("member")?,
            kind: v.choice("kind")?,
            reference: v.text("reference")?,
            from: v.opt_date("from")?,
            until: v.date("until")?,
        })
    }

    fn open(conn: &Connection, by: &Decider, subject: Option<&EntityRef>) -> Result<Opening> {
        let code = subject.map(|s| s.code.as_str()).unwrap_or_default();
        let m = common::member(conn, code)?;
        let items = members::load_compliance(conn, Some(&m.code))?;
        let mut context = vec![format!("{} {}", m.code, m.name)];
        let mut prefill = Values::default().with("member", &m.code);
        // The item that lapses first is the one most likely being renewed.
        let mut lapsing: Vec<ComplianceItem> = ComplianceKind::ALL
            .iter()
            .filter_map(|k| latest(&items, *k))
            .collect();
        lapsing.sort_by_key(|i| i.valid_until);
        for i in lapsing.iter().take(3) {
            let state = if i.valid_until < by.today() {
                "expired"
            } else {
                "expires"
            };
            context.push(format!(
                "{} {state} {}",
                i.kind.label(),
                dates::display(i.valid_until)
            ));
        }
        if let Some(first) = lapsing.first() {
            prefill.set("kind", first.kind.code());
        }
        Ok(Opening { context, prefill })
    }

    fn plan(conn: &Connection, by: &Decider, r: &RenewRequest) -> Result<RenewPlan> {
        let member = common::member(conn, &r.member)?;
        let from = r.from.unwrap_or(by.today());
        if r.until <= from {
            return Err(HubError::wrong(
                "until",
                format!(
                    "{} is not after the day it is valid from, {}",
                    dates::display(r.until),
                    dates::display(from)
                ),
            ));
        }
        if r.until < by.today() {
            return Err(HubError::wrong(
                "until",
                format!(
                    "{} has passed: a renewal runs past today",
                    dates::display(r.until)
                ),
            ));
        }
        let reference = r.reference.trim().to_string();
        let items = members::load_compliance(conn, Some(&member.code))?;
        if items
            .iter()
            .any(|i| i.kind == r.kind && i.reference == reference)
        {
            return Err(HubError::wrong(
                "reference",
                format!(
                    "{} {} is already recorded for {}: a renewal has a new reference",
                    r.kind.label(),
                    reference,
                    member.code
                ),
            ));
        }
        let item = ComplianceItem {
            member: member.code.clone(),
            kind: r.kind,
            reference,
            valid_until: r.until,
        };
        Ok(RenewPlan {
            request: RenewRequest {
                member: MemberCode::new(member.code.clone()),
                ..r.clone()
            },
            current: latest(&items, r.kind),
            member,
            item,
        })
    }

    fn request_of(plan: &RenewPlan) -> &RenewRequest {
        &plan.request
    }

    fn sheet(p: &RenewPlan) -> Sheet {
        let was = p
            .current
            .as_ref()
            .map_or("none on record".to_string(), |c| {
                format!("{} until {}", c.reference, dates::display(c.valid_until))
            });
        Sheet {
            title: format!(
                "Renew {}'s {}",
                p.member.code,
                p.item.kind.label().to_lowercase()
            ),
            facts: vec![
                format!("on record: {was}"),
                format!(
                    "renewed: {} until {}",
                    p.item.reference,
                    dates::display(p.item.valid_until)
                ),
            ],
            checks: Vec::new(),
            writes: vec![format!(
                "a new {} item {} for {}, valid until {} (earlier items kept)",
                p.item.kind.label().to_lowercase(),
                p.item.reference,
                p.member.code,
                dates::display(p.item.valid_until)
            )],
            confirm_code: None,
        }
    }

    fn write(
        tx: &Connection,
        _by: &Decider,
        p: &RenewPlan,
        _why: &Why,
    ) -> Result<Written<RenewOutcome>> {
        members::insert_compliance(tx, &p.item)?;
        let entry = Entry::new(
            AuditAction::ComplianceRenew,
            EntityRef::member(&p.member.code),
        )
        .before(&serde_json::json!({ "item": p.current }))
        .after(&serde_json::json!({ "item": p.item }));
        Ok(Written {
            outcome: RenewOutcome {
                item: p.item.clone(),
            },
            audit: vec![entry],
        })
    }

    fn done(o: &RenewOutcome) -> String {
        format!(
            "{}'s {} renewed: {} until {}",
            o.item.member,
            o.item.kind.label().to_lowercase(),
            o.item.reference,
            dates::display(o.item.valid_until)
        )
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct TierRequest {
    pub member: MemberCode,
    pub tier: Tier,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TierPlan {
    pub request: TierRequest,
    pub member: Member,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TierOutcome {
    pub member: String,
    pub tier: Tier,
}

/// The fit-for-contracting items not in date on `day`, in words.
fn not_in_date(
    items: &[ComplianceItem],
    required: &[ComplianceKind],
    day: NaiveDate,
) -> Vec<String> {
    required
        .iter()
        .filter_map(|k| match latest(items, *k) {
            None => Some(format!("{} missing", k.label().to_lowercase())),
            Some(i) if i.valid_until < day => Some(format!(
                "{} expired {}",
                k.label().to_lowercase(),
                dates::display(i.valid_until)
            )),
            Some(_) => None,
        })
        .collect()
}

impl Decision for ChangeTier {
    type Request = TierRequest;
    type Plan = TierPlan;
    type Outcome = TierOutcome;

    fn spec() -> &'static Spec {
        &TIER
    }

    fn request(v: &Values) -> Result<TierRequest> {
        Ok(TierRequest {
            member: v.code("member")?,
            tier: v.choice("tier")?,
        })
    }

    fn plan(conn: &Connection, by: &Decider, r: &TierRequest) -> Result<TierPlan> {
        let member = common::member(conn, &r.member)?;
        if member.tier == r.tier {
            return Err(HubError::wrong(
                "tier",
                format!(
                    "{} is already a {} member",
                    member.code,
                    r.tier.label().to_lowercase()
                ),
            ));
        }
        match r.tier {
            Tier::Full => {
                let items = members::load_compliance(conn, Some(&member.code))?;
                let gaps = not_in_date(&items, &by.rules().required_compliance, by.today());
                if !gaps.is_empty() {
                    return Err(HubError::Refused(format!(
                        "{} cannot become a full member until its fit-for-contracting items are in date: {}",
                        member.code,
                        gaps.join(", ")
                    )));
                }
            }
            Tier::Associate => {
                let held: Vec<String> = subcontracts::subcontracts_of_member(conn, &member.code)?
                    .into_iter()
                    .filter(|s| {
                        matches!(
                            s.status,
                            crate::domain::SubContractStatus::Proposed
                                | crate::domain::SubContractStatus::Active
                                | crate::domain::SubContractStatus::Suspended
                        )
                    })
                    .map(|s| s.code)
                    .collect();
                if !held.is_empty() {
                    return Err(HubError::Refused(format!(
                        "{} holds sub-contracts ({}); an associate may not: end or transfer them first",
                        member.code,
                        held.join(", ")
                    )));
                }
            }
        }
        Ok(TierPlan {
            request: TierRequest {
                member: MemberCode::new(member.code.clone()),
                ..r.clone()
            },
            member,
        })
    }

    fn request_of(plan: &TierPlan) -> &TierRequest {
        &plan.request
    }

    fn sheet(p: &TierPlan) -> Sheet {
        Sheet {
            title: format!("Change {}'s tier", p.member.code),
            facts: vec![format!(
                "{} {}: {} → {}",
                p.member.code,
                p.member.name,
                p.member.tier.label(),
                p.request.tier.label()
            )],
            checks: Vec::new(),
            writes: vec![format!("{}: tier {}", p.member.code, p.request.tier.code())],
            confirm_code: None,
        }
    }

    fn write(
        tx: &Connection,
        _by: &Decider,
        p: &TierPlan,
        _why: &Why,
    ) -> Result<Written<TierOutcome>> {
        let ok = members::set_tier(tx, &p.member.code, p.request.tier, p.member.row_version)?;
        common::matched(ok, "member", &p.member.code)?;
        let entry = Entry::new(AuditAction::MemberTier, EntityRef::member(&p.member.code))
            .before(&serde_json::json!({ "tier": p.member.tier, "row_version": p.member.row_version }))
            .after(&serde_json::json!({ "tier": p.request.tier, "row_version": p.member.row_version + 1 }));
        Ok(Written {
            outcome: TierOutcome {
                member: p.member.code.clone(),
                tier: p.request.tier,
            },
            audit: vec![entry],
        })
    }

    fn done(o: &TierOutcome) -> String {
        format!(
            "{} is now a {} member",
            o.member,
            o.tier.label().to_lowercase()
        )
    }
}

static CAPACITY: Spec = Spec::new(
    "capacity",
    "Set a member's capacity",
    "Set the units a month a member can deliver in a service line; never below what its sub-contracts there commit",
    &["member", "capacity"],
    &[
        MEMBER,
        Field::new("service_line", "Service line", FieldKind::Text)
            .help("The service line as opportunities name it (Debt advice, Employment support, …; any case)")
            .required(),
        Field::new("units", "Units a month", FieldKind::Count)
            .help("The units of activity a month it can deliver in that line")
            .required(),
    ],
)
.acting_on(Entity::Member)
.keys(&["C"], "capacity");

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct CapacityRequest {
    pub member: MemberCode,
    pub service_line: String,
    pub units: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CapacityPlan {
    pub request: CapacityRequest,
    pub member: Member,
    /// The line's capacity on record, if any.
    pub before: Option<u32>,
    /// Units a month its proposed and active sub-contracts in the line commit.
    pub committed: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CapacityOutcome {
    pub member: String,
    pub service_line: String,
    pub before: Option<u32>,
    pub units: u32,
}

impl Decision for SetCapacity {
    type Request = CapacityRequest;
    type Plan = CapacityPlan;
    type Outcome = CapacityOutcome;

    fn spec() -> &'static Spec {
        &CAPACITY
    }

    fn request(v: &Values) -> Result<CapacityRequest> {
        Ok(CapacityRequest {
            member: v.code("member")?,
            service_line: v.text("service_line")?.trim().to_string(),
            // Held to [limits] before the request is read, like every decision's units.
            units: v.count("units")?,
        })
    }

    fn plan(conn: &Connection, _by: &Decider, r: &CapacityRequest) -> Result<CapacityPlan> {
        let member = common::member(conn, &r.member)?;
        let lines = members::service_lines(conn)?;
        // Named in any case: the line as it is on record.
        let Some(line) = lines
            .iter()
            .find(|l| l.eq_ignore_ascii_case(&r.service_line))
            .cloned()
        else {
            return Err(HubError::wrong(
                "service_line",
                format!(
                    "'{}' is not a service line on record (they are: {})",
                    r.service_line,
                    lines.join(", ")
                ),
            ));
        };
        let r = &CapacityRequest {
            service_line: line,
            ..r.clone()
        };
        let committed = subcontracts::committed_units(conn, &member.code, &r.service_line)?;
        if r.units < committed {
            return Err(HubError::wrong(
                "units",
                format!(
                    "{} units a month is below the {committed} that {}'s sub-contracts in {} commit; end or re-profile them first",
                    r.units, member.code, r.service_line
                ),
            ));
        }
        let before = members::load_capacity(conn, Some(&member.code))?
            .into_iter()
            .find(|c| c.service_line == r.service_line)
            .map(|c| c.units_per_month);
        if before == Some(r.units) {
            return Err(HubError::wrong(
                "units",
                format!(
                    "{}'s capacity in {} is {} already",
                    member.code, r.service_line, r.units
                ),
            ));
        }
        Ok(CapacityPlan {
            request: CapacityRequest {
                member: MemberCode::new(member.code.clone()),
                ..r.clone()
            },
            member,
            before,
            committed,
        })
    }

    fn request_of(plan: &CapacityPlan) -> &CapacityRequest {
        &plan.request
    }

    fn sheet(p: &CapacityPlan) -> Sheet {
        let was = p.before.map_or("none recorded".to_string(), |b| {
            format!("{b} units a month")
        });
        Sheet {
            title: format!(
                "Set {}'s capacity in {}",
                p.member.code, p.request.service_line
            ),
            facts: vec![
                format!("capacity: {was} → {} units a month", p.request.units),
                format!(
                    "committed: {} units a month; headroom after: {}",
                    p.committed,
                    p.request.units - p.committed
                ),
            ],
            checks: Vec::new(),
            writes: vec![format!(
                "{}: {} units a month in {}",
                p.member.code, p.request.units, p.request.service_line
            )],
            confirm_code: None,
        }
    }

    fn write(
        tx: &Connection,
        _by: &Decider,
        p: &CapacityPlan,
        _why: &Why,
    ) -> Result<Written<CapacityOutcome>> {
        members::set_capacity(tx, &p.member.code, &p.request.service_line, p.request.units)?;
        let ok = members::bump_member_version(tx, &p.member.code, p.member.row_version)?;
        common::matched(ok, "member", &p.member.code)?;
        let entry = Entry::new(AuditAction::Capacity, EntityRef::member(&p.member.code))
            .before(&serde_json::json!({
                "service_line": p.request.service_line,
                "units_per_month": p.before,
                "row_version": p.member.row_version,
            }))
            .after(&serde_json::json!({
                "service_line": p.request.service_line,
                "units_per_month": p.request.units,
                "row_version": p.member.row_version + 1,
            }));
        Ok(Written {
            outcome: CapacityOutcome {
                member: p.member.code.clone(),
                service_line: p.request.service_line.clone(),
                before: p.before,
                units: p.request.units,
            },
            audit: vec![entry],
        })
    }

    fn done(o: &CapacityOutcome) -> String {
        let was = o.before.map_or("none".to_string(), |b| b.to_string());
        format!(
            "{}'s capacity in {} is now {} units a month (was {was})",
            o.member, o.service_line, o.units
        )
    }
}
