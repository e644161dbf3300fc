//! Awarding a won opportunity by open competitive sub-tendering: the panel's scores are ranked
//! (`domain::competitive`) and the highest-ranked bidder is awarded the work at its price, with
//! the full award checks, in one transaction. The award's audit row carries the criteria, every
//! panel score (the excluded ones too), the declared conflicts and the ranking, so the Board's
//! decision can be reproduced.

use std::collections::BTreeSet;
use std::path::Path;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use super::Decider;
use super::award::{self, END, OPPORTUNITY, PAYMENT_MODEL, START};
use super::award_within;
use super::common::{self, MemberFacts};
use super::decision::{Decision, Opening, Sheet, Spec, Why, Written};
use super::fields::{Field, FieldKind, Values};
use super::panel_file;
use crate::domain::checks::{Check, Proposal};
use crate::domain::competitive::{self, Bid, Criterion, DeclaredConflict, PanelScore, Ranking};
use crate::domain::{Entity, EntityRef, Opportunity, OpportunityCode, PaymentModel, SubContract};
use crate::error::{HubError, Result};
use crate::money;

pub struct CompetitiveAward;

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct CompetitiveAwardRequest {
    pub opportunity: OpportunityCode,
    pub bids: Vec<Bid>,
    pub scores: Vec<PanelScore>,
    pub conflicts: Vec<DeclaredConflict>,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// The opportunity's payment model when not given.
    pub payment_model: Option<PaymentModel>,
    /// The new sub-contract's code (fixed by the plan).
    pub code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompetitiveAwardPlan {
    pub request: CompetitiveAwardRequest,
    pub opportunity: Opportunity,
    pub criteria: Vec<Criterion>,
    pub min_panel: u32,
    pub ranking: Ranking,
    /// The winner's sub-contract as it would be written.
    pub subcontract: SubContract,
    /// The award checks on the winner.
    pub checks: Vec<Check>,
    pub facts: MemberFacts,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompetitiveAwardOutcome {
    pub subcontract: SubContract,
    pub ranking: Ranking,
}

static SPEC: Spec = Spec::new(
    "competitive_award",
    "Award by competitive sub-tender",
    "Award a won opportunity to the highest-ranked bidder of a competitive sub-tender",
    &["award"],
    &[
        OPPORTUNITY,
        Field::new("panel", "Panel scores file", FieldKind::File)
            .help("Competitive sub-tender: the panel's scores (CSV: panel_member, bidder, criterion, score)")
            .required(),
        Field::new("bids", "Bids file", FieldKind::File)
            .help("Competitive sub-tender: the bids (CSV: bidder, price, units_per_month)")
            .required(),
        Field::new("conflicts", "Conflicts file (blank if none)", FieldKind::File)
            .help("Competitive sub-tender: declared conflicts of interest (CSV: panel_member, bidder, reason)"),
        START,
        END,
        PAYMENT_MODEL,
    ],
)
.acting_on(Entity::Opportunity)
.keys(&["a"], "")
.route("panel")
.typed()
.overridable();

fn read(key: &'static str, path: &str) -> Result<(String, Vec<u8>)> {
    let bytes = std::fs::read(Path::new(path))
        .map_err(|e| HubError::wrong(key, format!("cannot read {path}: {e}")))?;
    Ok((path.to_string(), bytes))
}

/// The request with the opportunity's and bidders' codes as stored, whatever case they were typed
/// in (panel members may be independents, named as the panel writes them).
fn canonical(conn: &Connection, r: &CompetitiveAwardRequest) -> Result<CompetitiveAwardRequest> {
    let code = |m: &str| -> Result<String> { Ok(common::member(conn, m)?.code) };
    let mut out = r.clone();
    out.opportunity = OpportunityCode::new(common::opportunity(conn, &r.opportunity)?.code);
    for b in &mut out.bids {
        b.bidder = code(&b.bidder)?;
    }
    for s in &mut out.scores {
        if let Some(b) = out
            .bids
            .iter()
            .find(|b| b.bidder.eq_ignore_ascii_case(&s.bidder))
        {
            s.bidder = b.bidder.clone();
        }
    }
    for c in &mut out.conflicts {
        if let Some(b) = out
            .bids
            .iter()
            .find(|b| b.bidder.eq_ignore_ascii_case(&c.bidder))
        {
            c.bidder = b.bidder.clone();
        }
    }
    Ok(out)
}

fn validate(conn: &Connection, r: &CompetitiveAwardRequest) -> Result<()> {
    award::refuse_backwards(r.start, r.end)?;
    for b in &r.bids {
        common::member(conn, &b.bidder)?;
        common::refuse_bad_part("bids", "bids", &b.bidder, b.price, b.units_per_month)?;
    }
    // An appraisal panel is independents and non-tendering members: a rule, not a check.
    if let Some(s) = r.scores.iter().find(|s| {
        r.bids
            .iter()
            .any(|b| b.bidder.eq_ignore_ascii_case(&s.panel_member))
    }) {
        return Err(HubError::Refused(format!(
            "the appraisal panel is independents and non-tendering members, but {} bids and sits on the panel (it scored {}); no override can set this aside",
            s.panel_member, s.bidder
        )));
    }
    let mut seen = BTreeSet::new();
    for c in &r.conflicts {
        if c.reason.trim().is_empty() {
            return Err(HubError::wrong(
                "conflicts",
                format!(
                    "the conflict of {} with {} has no reason: say what the interest is",
                    c.panel_member, c.bidder
                ),
            ));
        }
        if !seen.insert((c.panel_member.as_str(), c.bidder.as_str())) {
            return Err(HubError::wrong(
                "conflicts",
                format!(
                    "the conflict of {} with {} is declared twice",
                    c.panel_member, c.bidder
                ),
            ));
        }
    }
    Ok(())
}

impl Decision for CompetitiveAward {
    type Request = CompetitiveAwardRequest;
    type Plan = CompetitiveAwardPlan;
    type Outcome = CompetitiveAwardOutcome;

    fn spec() -> &'static Spec {
        &SPEC
    }

    fn request(v: &Values) -> Result<CompetitiveAwardRequest> {
        let (name, text) = read("bids", &v.text("bids")?)?;
        let bids = panel_file::parse_bids(&name, &text)?;
        let (name, text) = read("panel", &v.text("panel")?)?;
        let scores = panel_file::parse_panel(&name, &text)?;
        let conflicts = match v.get("conflicts") {
            Some(path) => {
                let (name, text) = read("conflicts", path)?;
                panel_file::parse_conflicts(&name, &text)?
            }
            None => Vec::new(),
        };
        Ok(CompetitiveAwardRequest {
            opportunity: v.code("opportunity")?,
            bids,
            scores,
            conflicts,
            start: v.date("start")?,
            end: v.date("end")?,
            payment_model: v.opt_choice("payment_model")?,
            code: None,
        })
    }

    fn open(conn: &Connection, by: &Decider, subject: Option<&EntityRef>) -> Result<Opening> {
        let mut o = award::open_award(conn, by, subject)?;
        o.context
            .push("The Board decides; the panel's scores are read from its CSV files.".into());
        o.prefill.set("bids", "bids.csv");
        o.prefill.set("panel", "panel.csv");
        Ok(o)
    }

    fn plan(
        conn: &Connection,
        by: &Decider,
        r: &CompetitiveAwardRequest,
    ) -> Result<CompetitiveAwardPlan> {
        let r = &canonical(conn, r)?;
        validate(conn, r)?;
        let opportunity = common::opportunity(conn, &r.opportunity)?;
        let rules = by.competitive();
        let ranking = competitive::rank(
            &rules.criteria,
            &r.bids,
            &r.scores,
            &r.conflicts,
            rules.min_panel as usize,
        )
        .map_err(|m| {
            HubError::wrong("panel", format!("the panel's scores cannot be ranked: {m}"))
        })?;
        award_within::refuse_unless_won(&opportunity)?;
        let name = &ranking.winner().bidder;
        let winner = r
            .bids
            .iter()
            .find(|b| &b.bidder == name)
            .ok_or_else(|| HubError::wrong("bids", format!("the winner {name} has no bid")))?;
        let facts = MemberFacts::gather(conn, &winner.bidder, &opportunity.service_line)?;
        let proposal = Proposal {
            value: winner.price,
            start: r.start,
            end: r.end,
            units_per_month: winner.units_per_month,
            let_by: None,
        };
        let mut checks = facts.checks(conn, by, &opportunity.service_line, &proposal)?;
        let model = r.payment_model.unwrap_or(opportunity.payment_model);
        checks.extend(award_within::prime_checks(
            conn,
            by,
            &opportunity,
            &facts,
            &proposal,
            model,
        )?);
        let code = common::subcontract_codes(conn, r.code.as_deref(), 1)?.remove(0);
        let subcontract = award_within::subcontract(
            &opportunity,
            &winner.bidder,
            &proposal,
            r.payment_model,
            code.clone(),
            award_within::own_rate(&proposal)?,
        );
        Ok(CompetitiveAwardPlan {
            request: CompetitiveAwardRequest {
                code: Some(code),
                ..r.clone()
            },
            criteria: rules.criteria.clone(),
            min_panel: rules.min_panel,
            opportunity,
            ranking,
            subcontract,
            checks,
            facts,
        })
    }

    fn request_of(plan: &CompetitiveAwardPlan) -> &CompetitiveAwardRequest {
        &plan.request
    }

    fn sheet(p: &CompetitiveAwardPlan) -> Sheet {
        let weights: Vec<String> = p
            .criteria
            .iter()
            .map(|c| format!("{} {}", c.label, c.weight))
            .collect();
        let mut facts = vec![
            format!("criteria: {}", weights.join(", ")),
            "Ranking (weighted mean of the counted panel, 0–100):".to_string(),
        ];
        for s in &p.ranking.standings {
            let excluded = if s.excluded.is_empty() {
                String::new()
            } else {
                format!(
                    "; excluded for a declared conflict: {}",
                    s.excluded.join(", ")
                )
            };
            facts.push(format!(
                "{}. {} scored {} at {}, {} units a month (panel: {}{excluded})",
                s.rank,
                s.bidder,
                s.score,
                money::display(s.price),
                s.units_per_month,
                s.counted.join(", ")
            ));
        }
        facts.extend(p.ranking.ties.iter().map(|t| format!("tie: {t}")));
        facts.push(format!(
            "award to {} (member version {})",
            p.subcontract.member, p.facts.member.row_version
        ));
        Sheet {
            title: format!(
                "Competitive sub-tender for {} ({})",
                p.opportunity.code, p.opportunity.title
            ),
            facts,
            checks: p.checks.clone(),
            writes: vec![format!(
                "sub-contract {}, with the panel's scores and the ranking in its audit row",
                award::describe(&p.subcontract)
            )],
            confirm_code: Some(p.opportunity.code.clone()),
        }
    }

    fn write(
        tx: &Connection,
        _by: &Decider,
        p: &CompetitiveAwardPlan,
        _why: &Why,
    ) -> Result<Written<CompetitiveAwardOutcome>> {
        let r = &p.request;
        let context = serde_json::json!({
            "criteria": p.criteria,
            "min_panel": p.min_panel,
            "bids": r.bids,
            "scores": r.scores,
            "conflicts": r.conflicts,
            "ranking": p.ranking,
        });
        let entry = award_within::write(
            tx,
            &p.facts,
            &p.subcontract,
            &p.checks,
            Some(("competition", context)),
        )?;
        Ok(Written {
            outcome: CompetitiveAwardOutcome {
                subcontract: p.subcontract.clone(),
                ranking: p.ranking.clone(),
            },
            audit: vec![entry],
        })
    }

    fn done(o: &CompetitiveAwardOutcome) -> String {
        format!(
            "sub-contract {} awarded by competitive sub-tender",
            award::describe(&o.subcontract)
        )
    }
}
