//! A member leaving the consortium, with the day: refused while it holds work (proposed, active
//! or suspended sub-contracts, named), and once it has left no award may go to it. Its records —
//! sub-contracts, returns, compliance history — stay. Open bids whose delivery plans name it are
//! listed, for the hub to revise.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use super::Decider;
use super::common;
use super::decision::{Decision, Opening, Sheet, Spec, Why, Written};
use super::fields::{Field, FieldKind, Values};
use crate::dates;
use crate::domain::{Entity, EntityRef, Member, MemberCode, SubContractStatus};
use crate::error::{HubError, Result};
use crate::store::audit::{AuditAction, Entry};
use crate::store::{delivery_plans, members, subcontracts};

pub struct LeaveMember;

static SPEC: Spec = Spec::new(
    "member_leave",
    "Record a member leaving",
    "Record a member leaving the consortium on a day; refused while it holds sub-contracts, which must be ended or transferred first",
    &["member", "leave"],
    &[
        Field::new("member", "Member", FieldKind::Code(Entity::Member))
            .help("The member")
            .required()
            .positional(),
        Field::new("on", "Left on", FieldKind::Date).help("The day it left [default: today]"),
    ],
)
.acting_on(Entity::Member)
.keys(&["L"], "")
.typed();

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct LeaveRequest {
    pub member: MemberCode,
    pub on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeavePlan {
    pub request: LeaveRequest,
    pub member: Member,
    pub on: NaiveDate,
    /// Open opportunities whose delivery plans name it.
    pub named_in: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeaveOutcome {
    pub member: String,
    pub on: NaiveDate,
}

/// The sub-contracts `member` holds that stop it leaving.
fn held(conn: &Connection, member: &str) -> Result<Vec<String>> {
    Ok(subcontracts::subcontracts_of_member(conn, member)?
        .into_iter()
        .filter(|s| {
            matches!(
                s.status,
                SubContractStatus::Proposed
                    | SubContractStatus::Active
                    | SubContractStatus::Suspended
            )
        })
        .map(|s| s.code)
        .collect())
}

impl Decision for LeaveMember {
    type Request = LeaveRequest;
    type Plan = LeavePlan;
    type Outcome = LeaveOutcome;

    fn spec() -> &'static Spec {
        &SPEC
    }

    fn request(v: &Values) -> Result<LeaveRequest> {
        Ok(LeaveRequest {
            member: v.code("member")?,
            on: v.opt_date("on")?,
        })
    }

    fn open(conn: &Connection, _by: &Decider, subject: Option<&EntityRef>) -> Result<Opening> {
        let code = subject.map(|s| s.code.as_str()).unwrap_or_default();
        let m = common::member(conn, code)?;
        let holds = held(conn, &m.code)?;
        let mut context = vec![format!("{} {} · {}", m.code, m.name, m.tier.label())];
        if !holds.is_empty() {
            context.push(format!("holds {}", holds.join(", ")));
        }
        Ok(Opening {
            context,
            prefill: Values::default().with("member", &m.code),
        })
    }

    fn plan(conn: &Connection, by: &Decider, r: &LeaveRequest) -> Result<LeavePlan> {
        let member = common::member(conn, &r.member)?;
        if let Some(left) = member.left {
            return Err(HubError::Refused(format!(
                "{} left the consortium on {}",
                member.code,
                dates::display(left)
            )));
        }
        let on = r.on.unwrap_or(by.today());
        if on > by.today() {
            return Err(HubError::wrong(
                "on",
                format!(
                    "{} is in the future: record a leaving once it has happened",
                    dates::display(on)
                ),
            ));
        }
        if on < member.joined {
            return Err(HubError::wrong(
                "on",
                format!(
                    "{} is before {} joined, on {}",
                    dates::display(on),
                    member.code,
                    dates::display(member.joined)
                ),
            ));
        }
        let holds = held(conn, &member.code)?;
        if !holds.is_empty() {
            return Err(HubError::Refused(format!(
                "{} holds sub-contracts ({}): end or transfer them before it leaves",
                member.code,
                holds.join(", ")
            )));
        }
        let named_in = delivery_plans::open_plans_naming(conn, &member.code)?;
        Ok(LeavePlan {
            request: LeaveRequest {
                member: MemberCode::new(member.code.clone()),
                on: Some(on),
            },
            member,
            on,
            named_in,
        })
    }

    fn request_of(plan: &LeavePlan) -> &LeaveRequest {
        &plan.request
    }

    fn sheet(p: &LeavePlan) -> Sheet {
        let m = &p.member;
        let mut facts = vec![format!(
            "{} {} leaves the consortium on {}; its records stay and it takes no new work",
            m.code,
            m.name,
            dates::display(p.on)
        )];
        if !p.named_in.is_empty() {
            facts.push(format!(
                "named in the delivery plans of {}: revise them",
                p.named_in.join(", ")
            ));
        }
        Sheet {
            title: format!("Record {} leaving", m.code),
            facts,
            checks: Vec::new(),
            writes: vec![format!("{}: left on {}", m.code, dates::iso(p.on))],
            confirm_code: Some(m.code.clone()),
        }
    }

    fn write(
        tx: &Connection,
        _by: &Decider,
        p: &LeavePlan,
        _why: &Why,
    ) -> Result<Written<LeaveOutcome>> {
        let after = Member {
            left: Some(p.on),
            ..p.member.clone()
        };
        let ok = members::update_member(tx, &after, p.member.row_version)?;
        common::matched(ok, "member", &p.member.code)?;
        let entry = Entry::new(AuditAction::MemberLeave, EntityRef::member(&p.member.code))
            .before(&serde_json::json!({ "left": null, "row_version": p.member.row_version }))
            .after(&serde_json::json!({
                "left": p.on,
                "row_version": p.member.row_version + 1,
                "named_in": p.named_in,
            }));
        Ok(Written {
            outcome: LeaveOutcome {
                member: p.member.code.clone(),
                on: p.on,
            },
            audit: vec![entry],
        })
    }

    fn done(o: &LeaveOutcome) -> String {
        format!(
            "{} left the consortium on {}",
            o.member,
            dates::display(o.on)
        )
    }
}
