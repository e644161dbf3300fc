//! Transferring the undelivered remainder of a sub-contract under notice or suspended to another
//! member. It takes effect on the suspension's effective date: the original delivers up to and
//! including that day and keeps only what that is worth at its unit rate; the new sub-contract
//! starts the next day with the rest (the month they share split by days), at the same rate, so
//! no month is paid twice and nothing is added to what is let. The receiving member is checked
//! as for an award, performance standing included.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use super::Decider;
use super::common::{self, MemberFacts};
use super::decision::{Decision, Opening, Sheet, Spec, Why, Written};
use super::fields::{Field, FieldKind, Pick, Values};
use crate::domain::checks::{Check, Proposal};
use crate::domain::pricing::{PaymentTerms, Pricing};
use crate::domain::split::{self, Split};
use crate::domain::state::State;
use crate::domain::{
    DeliveryProfile, Entity, EntityRef, MemberCode, SubContract, SubContractCode,
    SubContractStatus, Suspension,
};
use crate::error::{HubError, Result};
use crate::store::audit::{AuditAction, Entry};
use crate::store::{members, prime, subcontracts};
use crate::{dates, money};

pub struct Transfer;

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct TransferRequest {
    pub subcontract: SubContractCode,
    /// The receiving member.
    pub to: MemberCode,
    /// The new sub-contract's code [default: the next free, fixed by the plan].
    pub code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TransferPlan {
    pub request: TransferRequest,
    /// The original, as read, and as it will be.
    pub original: SubContract,
    pub original_after: SubContract,
    pub state: State,
    pub suspension: Suspension,
    pub pricing: Pricing,
    pub split: Split,
    /// The original's share of the month the split falls in, as a profile revision.
    pub kept_revision: Option<DeliveryProfile>,
    pub terms: Option<PaymentTerms>,
    /// The new sub-contract, its profile and (paid by results) its terms.
    pub transferred: SubContract,
    pub transferred_profile: Vec<DeliveryProfile>,
    pub transferred_terms: Option<PaymentTerms>,
    pub checks: Vec<Check>,
    /// What the checks on the receiving member looked at.
    pub receiver: MemberFacts,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TransferOutcome {
    pub original: SubContract,
    pub transferred: SubContract,
}

/// The decision's name.
pub const NAME: &str = "transfer";

static SPEC: Spec = Spec::new(
    NAME,
    "Transfer the remainder",
    "Transfer the undelivered remainder of a sub-contract under notice or suspended to another member",
    &["transfer"],
    &[
        Field::subcontract("The sub-contract under notice or suspended whose remainder moves"),
        Field::new("to", "Receiving member", FieldKind::Code(Entity::Member))
            .help("The receiving member")
            .required(),
    ],
)
.acting_on(Entity::SubContract)
.keys(&["t"], "")
.typed()
.overridable();

/// The open suspension whose remainder has not moved yet, or a refusal saying why not.
fn open_suspension(
    conn: &Connection,
    sub: &SubContract,
    today: NaiveDate,
) -> Result<(Suspension, State)> {
    let open = subcontracts::open_suspension(conn, &sub.code)?;
    let state = State::of(sub, open.as_ref(), today);
    match open {
        Some(s) if s.transferred_to.is_none() => Ok((s, state)),
        Some(s) => Err(HubError::Refused(format!(
            "the remainder of {} has already been transferred to {}",
            sub.code,
            s.transferred_to.unwrap_or_default()
        ))),
        None => Err(HubError::Refused(format!(
            "sub-contract {} is {}; only a sub-contract under notice or suspended can be transferred (suspend it first)",
            sub.code,
            state.describe()
        ))),
    }
}

/// The original as it will be: ending on the split's last day with the value it keeps, its rate
/// pinned; terminated now if already suspended or past its last day, else working out its notice.
fn ended_early(
    original: &SubContract,
    x: &Split,
    pricing: &Pricing,
    today: NaiveDate,
) -> SubContract {
    let status = if original.status == SubContractStatus::Suspended || today > x.last_day {
        SubContractStatus::Terminated
    } else {
        original.status
    };
    SubContract {
        end: x.last_day.max(original.start),
        value: x.kept_value,
        unit_rate: Some(pricing.unit_rate),
        status,
        row_version: original.row_version + 1,
        ..original.clone()
    }
}

/// The original's share of the month the split falls in, as its next profile revision.
fn kept_revision(
    conn: &Connection,
    original: &SubContract,
    x: &Split,
    today: NaiveDate,
) -> Result<Option<DeliveryProfile>> {
    let Some(shared) = &x.shared else {
        return Ok(None);
    };
    let next = subcontracts::profiles_of(conn, &original.code)?
        .iter()
        .map(|p| p.revision)
        .max()
        .unwrap_or(0)
        + 1;
    Ok(Some(DeliveryProfile {
        subcontract: original.code.clone(),
        revision: next,
        effective_from: shared.month,
        units_per_month: shared.kept,
        reason: format!(
            "{} of {} days of {} before the remainder moved",
            shared.days_kept,
            shared.days,
            shared.month.display()
        ),
        recorded: today,
    }))
}

impl Decision for Transfer {
    type Request = TransferRequest;
    type Plan = TransferPlan;
    type Outcome = TransferOutcome;

    fn spec() -> &'static Spec {
        &SPEC
    }

    fn request(v: &Values) -> Result<TransferRequest> {
        Ok(TransferRequest {
            subcontract: v.code("subcontract")?,
            to: v.code("to")?,
            code: None,
        })
    }

    fn open(conn: &Connection, by: &Decider, subject: Option<&EntityRef>) -> Result<Opening> {
        let (sub, prefill) = common::opened_on(conn, subject)?;
        let (_, state) = open_suspension(conn, &sub, by.today())?;
        Ok(Opening {
            context: vec![format!("{}: {}", sub.code, state.describe())],
            prefill,
        })
    }

    /// Full members other than the holder with headroom in the line: those whose transfer would
    /// pass every check first, then by fewest failures, each group by most headroom.
    fn choices(conn: &Connection, by: &Decider, field: &str, v: &Values) -> Result<Vec<Pick>> {
        if field != "to" {
            return Ok(Vec::new());
        }
        let sub = common::subcontract(conn, v.get("subcontract").unwrap_or_default())?;
        let line = common::opportunity(conn, &sub.opportunity)?.service_line;
        let picks = super::award::full_members_by_headroom(conn, &line, |m| {
            m.member != sub.member && m.headroom() > 0
        })?;
        Ok(rank_by_checks(conn, by, &sub.code, picks))
    }

    fn plan(conn: &Connection, by: &Decider, r: &TransferRequest) -> Result<TransferPlan> {
        let today = by.today();
        let original = common::subcontract(conn, &r.subcontract)?;
        let receiver = common::member(conn, &r.to)?;
        if receiver.code == original.member {
            return Err(HubError::wrong(
                "to",
                format!(
                    "sub-contract {} is already held by {}; transfer it to another member",
                    original.code, original.member
                ),
            ));
        }
        let (suspension, state) = open_suspension(conn, &original, today)?;
        if suspension.effective < original.start {
            return Err(HubError::Refused(format!(
                "{} has not started (it starts {}) and its suspension takes effect {}: nothing has been delivered to hand on; withdraw it and award the work afresh",
                original.code,
                dates::display(original.start),
                dates::display(suspension.effective)
            )));
        }
        let pricing = super::prime::pricing(conn, &original)?;
        let profiles = subcontracts::profiles_of(conn, &original.code)?;
        let x = split::split(&original, &profiles, &pricing, suspension.effective).ok_or_else(|| {
            HubError::Refused(format!(
                "nothing is left to transfer: sub-contract {} ends on {}, by the time its suspension takes effect on {}",
                original.code,
                dates::display(original.end),
                dates::display(suspension.effective)
            ))
        })?;
        let opportunity = common::opportunity(conn, &original.opportunity)?;
        let facts = MemberFacts::gather(conn, &r.to, &opportunity.service_line)?;
        let code = common::subcontract_codes(conn, r.code.as_deref(), 1)?.remove(0);
        let (units_per_month, transferred_profile) = x.profile(&code, today);
        let proposal = Proposal {
            value: x.value,
            start: x.start,
            end: x.end,
            units_per_month,
            let_by: None,
        };
        let mut checks = facts.checks(conn, by, &opportunity.service_line, &proposal)?;
        // Nothing is added to what is let: the remainder the original gives up moves.
        let adding = x.value - (original.value - x.kept_value);
        checks.push(super::prime::within(
            conn,
            &opportunity,
            adding,
            x.start,
            x.end,
        )?);
        checks.push(super::prime::risk_passed_down(
            by,
            &facts.member,
            original.payment_model,
            &opportunity,
        ));
        let terms = prime::terms_of(conn, &original.code)?;
        let transferred_terms = terms.as_ref().map(|t| PaymentTerms {
            subcontract: code.clone(),
            outcomes_owed: x.outcomes,
            ..t.clone()
        });
        let transferred = SubContract {
            code: code.clone(),
            opportunity: original.opportunity.clone(),
            member: facts.member.code.clone(),
            let_by: None,
            value: x.value,
            start: x.start,
            end: x.end,
            units_per_month,
            payment_model: original.payment_model,
            status: SubContractStatus::Active,
            transferred_from: Some(original.code.clone()),
            unit_rate: Some(pricing.unit_rate),
            row_version: 1,
        };
        Ok(TransferPlan {
            request: TransferRequest {
                code: Some(code),
                subcontract: SubContractCode::new(original.code.clone()),
                to: MemberCode::new(facts.member.code.clone()),
            },
            original_after: ended_early(&original, &x, &pricing, today),
            kept_revision: kept_revision(conn, &original, &x, today)?,
            original,
            state,
            suspension,
            pricing,
            split: x,
            terms,
            transferred,
            transferred_profile,
            transferred_terms,
            checks,
            receiver: facts,
        })
    }

    fn request_of(plan: &TransferPlan) -> &TransferRequest {
        &plan.request
    }

    fn sheet(p: &TransferPlan) -> Sheet {
        Sheet {
            title: format!(
                "Transfer the remainder of {} to {}",
                p.original.code, p.request.to
            ),
            facts: facts(p),
            checks: p.checks.clone(),
            writes: writes(p),
            confirm_code: Some(p.original.code.clone()),
        }
    }

    fn write(
        tx: &Connection,
        _by: &Decider,
        p: &TransferPlan,
        _why: &Why,
    ) -> Result<Written<TransferOutcome>> {
        let before = &p.original;
        let receiver = &p.receiver.member;
        subcontracts::insert_subcontract(tx, &p.transferred)?;
        for r in &p.transferred_profile {
            subcontracts::insert_profile(tx, r)?;
        }
        if let Some(t) = &p.transferred_terms {
            prime::insert_terms(tx, t)?;
            prime::set_outcomes_owed(tx, &before.code, p.split.kept_outcomes)?;
        }
        let ok = subcontracts::end_early(tx, &p.original_after, before.row_version)?;
        common::matched(ok, "sub-contract", &before.code)?;
        if let Some(r) = &p.kept_revision {
            subcontracts::insert_profile(tx, r)?;
        }
        let ok = subcontracts::mark_transferred(
            tx,
            &before.code,
            p.suspension.decided,
            &p.transferred.code,
        )?;
        common::matched(ok, "suspension of", &before.code)?;
        let ok = members::bump_member_version(tx, &receiver.code, receiver.row_version)?;
        common::matched(ok, "member", &receiver.code)?;
        let original = common::subcontract(tx, &before.code)?;
        let out = Entry::new(AuditAction::Transfer, EntityRef::subcontract(&before.code))
            .before(before)
            .after(&serde_json::json!({
                "subcontract": original,
                "transferred_to": p.transferred.code,
                "split": p.split,
                "kept_revision": p.kept_revision,
            }));
        let into = Entry::new(
            AuditAction::TransferIn,
            EntityRef::subcontract(&p.transferred.code),
        )
        .before(
            &serde_json::json!({ "member": receiver.code, "member_version": receiver.row_version }),
        )
        .after(&serde_json::json!({
            "subcontract": p.transferred,
            "profile": p.transferred_profile,
            "terms": p.transferred_terms,
            "checks": p.checks,
            "member_version": receiver.row_version + 1,
        }));
        Ok(Written {
            outcome: TransferOutcome {
                original,
                transferred: p.transferred.clone(),
            },
            audit: vec![out, into],
        })
    }

    fn done(o: &TransferOutcome) -> String {
        format!(
            "transferred {} of {} to {} as {} from {}; {} ends {} with {}",
            money::display(o.transferred.value),
            o.original.code,
            o.transferred.member,
            o.transferred.code,
            dates::display(o.transferred.start),
            o.original.code,
            dates::display(o.original.end),
            money::display(o.original.value)
        )
    }

    fn next(o: &TransferOutcome) -> Vec<(&'static str, EntityRef)> {
        vec![(
            super::clawback::NAME,
            EntityRef::subcontract(&o.original.code),
        )]
    }
}

/// What the officer reads: the original's state, what it keeps, and what moves.
fn facts(p: &TransferPlan) -> Vec<String> {
    let x = &p.split;
    let mut out = vec![
        format!("{}: {}", p.original.code, p.state.describe()),
        format!(
            "{} keeps {} through {}: {} units × {} = {}",
            p.original.code,
            money::display(x.kept_value),
            dates::display(x.last_day),
            x.kept_units,
            money::display(p.pricing.unit_rate),
            money::display(x.kept_value)
        ),
    ];
    if x.kept_outcomes > 0 {
        out[1] = format!(
            "{} keeps {} through {}: {} units × {} + {} outcomes × {}",
            p.original.code,
            money::display(x.kept_value),
            dates::display(x.last_day),
            x.kept_units,
            money::display(p.pricing.unit_rate),
            x.kept_outcomes,
            money::display(p.pricing.outcome_rate)
        );
    }
    if let Some(m) = &x.shared {
        out.push(format!(
            "{} is shared by days: {} units × {}/{} days = {} kept, {} move",
            m.month.display(),
            m.units,
            m.days_kept,
            m.days,
            m.kept,
            m.units - m.kept
        ));
    }
    out.push(format!("moves: {}", x.describe(&p.pricing)));
    out
}

/// What the transfer writes, in words.
fn writes(p: &TransferPlan) -> Vec<String> {
    let (o, a, t) = (&p.original, &p.original_after, &p.transferred);
    let mut out = vec![format!(
        "{}: value {} → {}, ends {} → {}",
        o.code,
        money::display(o.value),
        money::display(a.value),
        dates::display(o.end),
        dates::display(a.end)
    )];
    if a.status != o.status {
        out.push(format!(
            "{}: status {} → {}",
            o.code,
            o.status.label().to_lowercase(),
            a.status.label().to_lowercase()
        ));
    }
    out.push(format!(
        "new sub-contract {} for {}: {} – {}, {} units a month at {} a unit, {}",
        t.code,
        t.member,
        dates::display(t.start),
        dates::display(t.end),
        t.units_per_month,
        money::display(p.pricing.unit_rate),
        money::display(t.value)
    ));
    for r in &p.transferred_profile {
        out.push(format!(
            "{} profile: {} units a month from {}",
            t.code,
            r.units_per_month,
            r.effective_from.display()
        ));
    }
    out
}

/// How many of the most-headroom candidates are judged in full for the ranking; the rest follow
/// in headroom order (a large consortium may offer hundreds).
const JUDGED: usize = 25;

/// The candidates reordered by how their transfer's checks go — (hard failures, failures) —
/// keeping headroom order within each group, the outcome written beside each.
fn rank_by_checks(conn: &Connection, by: &Decider, sub: &str, picks: Vec<Pick>) -> Vec<Pick> {
    let mut judged: Vec<((usize, usize), Pick)> = picks
        .into_iter()
        .enumerate()
        .map(|(i, mut pick)| {
            if i >= JUDGED {
                return ((usize::MAX, usize::MAX), pick);
            }
            let request = TransferRequest {
                subcontract: SubContractCode::new(sub.to_string()),
                to: MemberCode::new(pick.code.clone()),
                code: None,
            };
            let key = match Transfer::plan(conn, by, &request) {
                Ok(plan) => {
                    let failed: Vec<&Check> = plan.checks.iter().filter(|c| !c.passed).collect();
                    let hard = failed.iter().filter(|c| c.rule.is_hard()).count();
                    pick.note = format!("{} · {}", pick.note, outcome(failed.len()));
                    (hard, failed.len())
                }
                Err(_) => (usize::MAX - 1, 0),
            };
            (key, pick)
        })
        .collect();
    judged.sort_by_key(|(key, _)| *key);
    judged.into_iter().map(|(_, p)| p).collect()
}

fn outcome(failed: usize) -> String {
    match failed {
        0 => "passes every check".to_string(),
        1 => "fails 1 check".to_string(),
        n => format!("fails {n} checks"),
    }
}
