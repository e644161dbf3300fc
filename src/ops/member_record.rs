//! A member's record as decisions: a new member joining (as an associate, with the next free
//! code; it becomes full through `member tier` once its fit-for-contracting items are in date),
//! and its details edited — name, organisation type, registered number, income, clusters,
//! geography, staff and volunteers — with before and after in the audit row.

use chrono::NaiveDate;
use rusqlite::Connection;
use rust_decimal::Decimal;
use serde::Serialize;

use super::Decider;
use super::common;
use super::decision::{Decision, Opening, Sheet, Spec, Why, Written};
use super::fields::{Field, FieldKind, Values};
use crate::domain::{Entity, EntityRef, Member, MemberCode, OrgType, Tier};
use crate::error::{HubError, Problem, Result};
use crate::store::audit::{AuditAction, Entry};
use crate::store::members;
use crate::{dates, money};

pub struct AddMember;
pub struct EditMember;

fn org_types() -> Vec<(&'static str, &'static str)> {
    OrgType::ALL.iter().map(|t| (t.code(), t.label())).collect()
}

const NAME: Field = Field::new("name", "Name", FieldKind::Text).help("The organisation's name");
const ORG_TYPE: Field = Field::new("org_type", "Organisation type", FieldKind::Choice(org_types))
    .help("registered_charity, cio, social_enterprise, company_limited_by_guarantee, cooperative or national_charity");
const NUMBER: Field = Field::new("registered_number", "Registered number", FieldKind::Text)
    .help("GB-CHC-<number> (Charity Commission) or GB-COH-<number> (Companies House)");
const INCOME: Field = Field::new("income", "Annual income", FieldKind::Money)
    .help("Its annual income in pounds, from its latest accounts");
const CLUSTERS: Field = Field::new("clusters", "Clusters", FieldKind::Text)
    .help("The thematic clusters it belongs to, separated by ';'");
const GEOGRAPHY: Field =
    Field::new("geography", "Geography", FieldKind::Text).help("Where it works (Huyton, Knowsley)");
const STAFF: Field = Field::new("staff", "Staff", FieldKind::Count).help("Paid staff [default: 0]");
const VOLUNTEERS: Field =
    Field::new("volunteers", "Volunteers", FieldKind::Count).help("Volunteers [default: 0]");

static ADD: Spec = Spec::new(
    "member_add",
    "Record a new member",
    "Record an organisation joining the consortium, as an associate with the next free code; it becomes a full member once its fit-for-contracting items are in date",
    &["member", "add"],
    &[
        NAME.required(),
        ORG_TYPE.required(),
        NUMBER.required(),
        INCOME.required(),
        CLUSTERS,
        GEOGRAPHY.required(),
        STAFF,
        VOLUNTEERS,
        Field::new("joined", "Joined", FieldKind::Date).help("The day it joined [default: today]"),
        Field::new("code", "Code", FieldKind::Text)
            .help("The code to give it [default: the next free one]")
            .cli_only(),
    ],
)
.offered_on(Entity::Member)
.keys(&["N"], "")
.reason_optional();

static EDIT: Spec = Spec::new(
    "member_edit",
    "Edit a member's details",
    "Change a member's name, organisation type, registered number, income, clusters, geography, staff or volunteers; what is not given stays as it is",
    &["member", "edit"],
    &[
        Field::new("member", "Member", FieldKind::Code(Entity::Member))
            .help("The member")
            .required()
            .positional(),
        NAME,
        ORG_TYPE,
        NUMBER,
        INCOME,
        CLUSTERS,
        GEOGRAPHY,
        STAFF,
        VOLUNTEERS,
    ],
)
.acting_on(Entity::Member)
.keys(&["E"], "");

/// The details a person typed; on an edit, `None` keeps what is on record.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct Details {
    pub name: Option<String>,
    pub org_type: Option<OrgType>,
    pub registered_number: Option<String>,
    pub income: Option<Decimal>,
    pub clusters: Option<String>,
    pub geography: Option<String>,
    pub staff: Option<u32>,
    pub volunteers: Option<u32>,
}

fn details(v: &Values) -> Result<Details> {
    let text = |k: &'static str| v.opt_text(k).map(|t| t.trim().to_string());
    Ok(Details {
        name: text("name"),
        org_type: v.opt_choice("org_type")?,
        registered_number: text("registered_number").map(|n| n.to_uppercase()),
        income: v.opt_money("income")?,
        clusters: v.opt_text("clusters"),
        geography: text("geography"),
        staff: v.opt_count("staff")?,
        volunteers: v.opt_count("volunteers")?,
    })
}

/// `GB-CHC-1234567` or `GB-COH-01234567`: the register's prefix and an identifier of letters and
/// digits.
fn refuse_bad_number(n: &str) -> Result<()> {
    let id = n
        .strip_prefix("GB-CHC-")
        .or_else(|| n.strip_prefix("GB-COH-"));
    match id {
        Some(id) if !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric()) => Ok(()),
        _ => Err(HubError::field(
            "registered_number",
            Problem::Malformed(format!(
                "'{n}' is not GB-CHC-<number> (Charity Commission) or GB-COH-<number> (Companies House)"
            )),
        )),
    }
}

/// `m` with the details given applied, each checked.
fn applied(m: &Member, d: &Details) -> Result<Member> {
    let mut out = m.clone();
    if let Some(name) = &d.name {
        if name.is_empty() {
            return Err(HubError::missing("name"));
        }
        out.name = name.clone();
    }
    if let Some(t) = d.org_type {
        out.org_type = t;
    }
    if let Some(n) = &d.registered_number {
        refuse_bad_number(n)?;
        out.registered_number = n.clone();
    }
    if let Some(i) = d.income {
        if i < Decimal::ZERO {
            return Err(HubError::field(
                "income",
                Problem::OutOfRange {
                    value: money::display(i),
                    allowed: "£0.00 or more".into(),
                },
            ));
        }
        out.annual_income = i;
    }
    if let Some(c) = &d.clusters {
        out.clusters = members::split_clusters(c);
    }
    if let Some(g) = &d.geography {
        if g.is_empty() {
            return Err(HubError::missing("geography"));
        }
        out.geography = g.clone();
    }
    out.staff = d.staff.unwrap_or(out.staff);
    out.volunteers = d.volunteers.unwrap_or(out.volunteers);
    Ok(out)
}

/// The details that differ, as `label: before → after`.
fn changes(before: &Member, after: &Member) -> Vec<String> {
    let mut out = Vec::new();
    let mut diff = |label: &str, b: String, a: String| {
        if b != a {
            out.push(format!("{label}: {b} → {a}"));
        }
    };
    diff("name", before.name.clone(), after.name.clone());
    diff(
        "organisation type",
        before.org_type.label().into(),
        after.org_type.label().into(),
    );
    diff(
        "registered number",
        before.registered_number.clone(),
        after.registered_number.clone(),
    );
    diff(
        "income",
        money::display(before.annual_income),
        money::display(after.annual_income),
    );
    diff(
        "clusters",
        before.clusters.join("; "),
        after.clusters.join("; "),
    );
    diff(
        "geography",
        before.geography.clone(),
        after.geography.clone(),
    );
    diff("staff", before.staff.to_string(), after.staff.to_string());
    diff(
        "volunteers",
        before.volunteers.to_string(),
        after.volunteers.to_string(),
    );
    out
}

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct AddMemberRequest {
    pub details: Details,
    pub joined: Option<NaiveDate>,
    /// The code it will have: given, or fixed by the plan.
    pub code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AddMemberPlan {
    pub request: AddMemberRequest,
    pub member: Member,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberOutcome {
    pub member: Member,
    pub changes: Vec<String>,
}

fn refuse_bad_code(code: &str) -> Result<()> {
    let ok = !code.is_empty()
        && code.len() <= 16
        && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if ok {
        Ok(())
    } else {
        Err(HubError::field(
            "code",
            Problem::Malformed(format!(
                "'{code}' is not a code: up to 16 letters, digits and '-'"
            )),
        ))
    }
}

impl Decision for AddMember {
    type Request = AddMemberRequest;
    type Plan = AddMemberPlan;
    type Outcome = MemberOutcome;

    fn spec() -> &'static Spec {
        &ADD
    }

    fn request(v: &Values) -> Result<AddMemberRequest> {
        Ok(AddMemberRequest {
            details: details(v)?,
            joined: v.opt_date("joined")?,
            code: v.opt_text("code").map(|c| c.trim().to_uppercase()),
        })
    }

    fn plan(conn: &Connection, by: &Decider, r: &AddMemberRequest) -> Result<AddMemberPlan> {
        let d = &r.details;
        let need = |v: bool, key: &'static str| {
            if v {
                Ok(())
            } else {
                Err(HubError::missing(key))
            }
        };
        need(d.name.is_some(), "name")?;
        need(d.org_type.is_some(), "org_type")?;
        need(d.registered_number.is_some(), "registered_number")?;
        need(d.income.is_some(), "income")?;
        need(d.geography.is_some(), "geography")?;
        let code = match &r.code {
            Some(c) => {
                refuse_bad_code(c)?;
                if members::get_member(conn, c)?.is_some() {
                    return Err(HubError::wrong(
                        "code",
                        format!("{c} is already a member's code"),
                    ));
                }
                c.clone()
            }
            None => members::next_member_code(conn)?,
        };
        let joined = r.joined.unwrap_or(by.today());
        if joined > by.today() {
            return Err(HubError::wrong(
                "joined",
                format!(
                    "{} is in the future: record a member once it has joined",
                    dates::display(joined)
                ),
            ));
        }
        let blank = Member {
            code: code.clone(),
            name: String::new(),
            tier: Tier::Associate,
            org_type: OrgType::RegisteredCharity,
            registered_number: String::new(),
            annual_income: Decimal::ZERO,
            clusters: Vec::new(),
            geography: String::new(),
            staff: 0,
            volunteers: 0,
            joined,
            row_version: 1,
            left: None,
        };
        let member = applied(&blank, d)?;
        Ok(AddMemberPlan {
            request: AddMemberRequest {
                code: Some(code),
                ..r.clone()
            },
            member,
        })
    }

    fn request_of(plan: &AddMemberPlan) -> &AddMemberRequest {
        &plan.request
    }

    fn sheet(p: &AddMemberPlan) -> Sheet {
        let m = &p.member;
        Sheet {
            title: format!("Record member {}", m.code),
            facts: vec![
                format!(
                    "{} — {}, {} ({})",
                    m.code,
                    m.name,
                    m.org_type.label(),
                    m.registered_number
                ),
                format!(
                    "income {} · {} · staff {} · volunteers {} · clusters {}",
                    money::display(m.annual_income),
                    m.geography,
                    m.staff,
                    m.volunteers,
                    if m.clusters.is_empty() {
                        "none".to_string()
                    } else {
                        m.clusters.join("; ")
                    }
                ),
                format!(
                    "joins {} as an associate: it becomes a full member once its fit-for-contracting items are in date",
                    dates::display(m.joined)
                ),
            ],
            checks: Vec::new(),
            writes: vec![format!("member {} (associate)", m.code)],
            confirm_code: None,
        }
    }

    fn write(
        tx: &Connection,
        _by: &Decider,
        p: &AddMemberPlan,
        _why: &Why,
    ) -> Result<Written<MemberOutcome>> {
        members::insert_member(tx, &p.member)?;
        let entry = Entry::new(AuditAction::MemberAdd, EntityRef::member(&p.member.code))
            .after(&serde_json::json!({ "member": p.member }));
        Ok(Written {
            outcome: MemberOutcome {
                member: p.member.clone(),
                changes: Vec::new(),
            },
            audit: vec![entry],
        })
    }

    fn done(o: &MemberOutcome) -> String {
        format!(
            "member {} recorded: {}, an associate from {}",
            o.member.code,
            o.member.name,
            dates::display(o.member.joined)
        )
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct EditMemberRequest {
    pub member: MemberCode,
    pub details: Details,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EditMemberPlan {
    pub request: EditMemberRequest,
    pub before: Member,
    pub after: Member,
    pub changes: Vec<String>,
}

impl Decision for EditMember {
    type Request = EditMemberRequest;
    type Plan = EditMemberPlan;
    type Outcome = MemberOutcome;

    fn spec() -> &'static Spec {
        &EDIT
    }

    fn request(v: &Values) -> Result<EditMemberRequest> {
        Ok(EditMemberRequest {
            member: v.code("member")?,
            details: details(v)?,
        })
    }

    fn open(conn: &Connection, _by: &Decider, subject: Option<&EntityRef>) -> Result<Opening> {
        let code = subject.map(|s| s.code.as_str()).unwrap_or_default();
        let m = common::member(conn, code)?;
        let prefill = Values::default()
            .with("member", &m.code)
            .with("name", &m.name)
            .with("org_type", m.org_type.code())
            .with("registered_number", &m.registered_number)
            .with("income", &m.annual_income.to_string())
            .with("clusters", &m.clusters.join("; "))
            .with("geography", &m.geography)
            .with("staff", &m.staff.to_string())
            .with("volunteers", &m.volunteers.to_string());
        Ok(Opening {
            context: vec![format!("{} {} · {}", m.code, m.name, m.tier.label())],
            prefill,
        })
    }

    fn plan(conn: &Connection, _by: &Decider, r: &EditMemberRequest) -> Result<EditMemberPlan> {
        let before = common::member(conn, &r.member)?;
        let after = applied(&before, &r.details)?;
        let changes = changes(&before, &after);
        if changes.is_empty() {
            return Err(HubError::Refused(format!(
                "nothing to change: {} already has these details",
                before.code
            )));
        }
        Ok(EditMemberPlan {
            request: EditMemberRequest {
                member: MemberCode::new(before.code.clone()),
                ..r.clone()
            },
            before,
            after,
            changes,
        })
    }

    fn request_of(plan: &EditMemberPlan) -> &EditMemberRequest {
        &plan.request
    }

    fn sheet(p: &EditMemberPlan) -> Sheet {
        Sheet {
            title: format!("Edit {}'s details", p.before.code),
            facts: p.changes.clone(),
            checks: Vec::new(),
            writes: vec![format!("{}: {}", p.before.code, p.changes.join("; "))],
            confirm_code: None,
        }
    }

    fn write(
        tx: &Connection,
        _by: &Decider,
        p: &EditMemberPlan,
        _why: &Why,
    ) -> Result<Written<MemberOutcome>> {
        let ok = members::update_member(tx, &p.after, p.before.row_version)?;
        common::matched(ok, "member", &p.before.code)?;
        let after = Member {
            row_version: p.before.row_version + 1,
            ..p.after.clone()
        };
        let entry = Entry::new(AuditAction::MemberEdit, EntityRef::member(&p.before.code))
            .before(&serde_json::json!({ "member": p.before }))
            .after(&serde_json::json!({ "member": after, "changes": p.changes }));
        Ok(Written {
            outcome: MemberOutcome {
                member: after,
                changes: p.changes.clone(),
            },
            audit: vec![entry],
        })
    }

    fn done(o: &MemberOutcome) -> String {
        format!("{} updated: {}", o.member.code, o.changes.join("; "))
    }
}
