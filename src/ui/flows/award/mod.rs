//! Awarding sub-contracts from a won opportunity by joint delivery: pick members (type to narrow,
//! Space to choose), set the dates, the units the contract needs and the reason; the plan shows the
//! top slice, the net value split in proportion to headroom (exact to the penny), each member's
//! checks, and lets a share be adjusted; confirming means typing the opportunity's code.

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent};
use rust_decimal::Decimal;

use super::input::{Choice, TextField};
use super::{Flow, FlowEnv, FlowStep};
use crate::dates;
use crate::domain::allocation::split_units;
use crate::domain::{Opportunity, Tier};
use crate::error::{HubError, Result};
use crate::money;
use crate::ops::{self, AwardPlan, AwardRequest};
use crate::store::opportunities;
use crate::ui::theme::Theme;
use ratatui::text::Line;

mod view;

struct Candidate {
    member: String,
    name: String,
    headroom: i64,
}

enum Step {
    Route(Choice),
    Members { filter: TextField, cursor: usize },
    Start(TextField),
    End(TextField),
    Units(TextField),
    Reason(TextField),
    Plan { cursor: usize },
    EditShare { cursor: usize, field: TextField },
    Override(TextField),
    Confirm(TextField),
}

pub struct AwardFlow {
    opportunity: Opportunity,
    candidates: Vec<Candidate>,
    chosen: Vec<usize>,
    start: NaiveDate,
    end: NaiveDate,
    units: u32,
    reason: String,
    override_reason: Option<String>,
    /// (member code, value) per chosen member, in `chosen` order.
    shares: Vec<(String, Decimal, u32)>,
    plans: Vec<AwardPlan>,
    step: Step,
    error: Option<String>,
}

impl AwardFlow {
    pub fn open(env: &FlowEnv, code: &str) -> Result<AwardFlow> {
        let o = opportunities::get_opportunity(env.store.conn(), code)?
            .ok_or_else(|| HubError::NotFound(format!("opportunity {code}")))?;
        let mut candidates: Vec<Candidate> = env
            .snapshot
            .map(|s| {
                s.capacity
                    .iter()
                    .filter(|c| c.service_line == o.service_line && c.tier == Tier::Full)
                    .map(|c| Candidate {
                        member: c.member.clone(),
                        name: c.member_name.clone(),
                        headroom: c.headroom(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        candidates.sort_by(|a, b| b.headroom.cmp(&a.headroom).then(a.member.cmp(&b.member)));
        if candidates.is_empty() {
            return Err(HubError::Refused(format!(
                "no full member has capacity in {} for {code}",
                o.service_line
            )));
        }
        let start = crate::dates::Period::containing(env.clock.today())
            .next()
            .first_day();
        let end = dates::add_months(start, o.duration_months)
            .pred_opt()
            .unwrap_or(start);
        Ok(AwardFlow {
            opportunity: o,
            candidates,
            chosen: Vec::new(),
            start,
            end,
            units: 0,
            reason: String::new(),
            override_reason: None,
            shares: Vec::new(),
            plans: Vec::new(),
            step: Step::Route(Choice::new(2)),
            error: None,
        })
    }

    fn visible(candidates: &[Candidate], filter: &str) -> Vec<usize> {
        let f = filter.trim().to_lowercase();
        (0..candidates.len())
            .filter(|i| {
                f.is_empty()
                    || format!("{} {}", candidates[*i].member, candidates[*i].name)
                        .to_lowercase()
                        .contains(&f)
            })
            .collect()
    }

    /// Proposes the split by headroom and plans every member's award.
    fn propose(&mut self, env: &FlowEnv) -> Result<()> {
        let members: Vec<String> = self
            .chosen
            .iter()
            .map(|i| self.candidates[*i].member.clone())
            .collect();
        let split = ops::plan_joint_delivery(env.store.conn(), &self.opportunity.code, &members)?;
        let weights: Vec<u64> = split.iter().map(|s| u64::from(s.headroom)).collect();
        let units = split_units(self.units, &weights).unwrap_or_else(|| vec![0; split.len()]);
        self.shares = split
            .into_iter()
            .zip(units)
            .map(|(s, u)| (s.member, s.value, u))
            .collect();
        self.replan(env)
    }

    fn replan(&mut self, env: &FlowEnv) -> Result<()> {
        let by = super::decider(env.clock, env.actor, env.config);
        self.plans = self
            .shares
            .iter()
            .map(|(member, value, units)| {
                ops::plan_award(
                    env.store.conn(),
                    &by,
                    AwardRequest {
                        opportunity: self.opportunity.code.clone(),
                        member: member.clone(),
                        value: *value,
                        start: self.start,
                        end: self.end,
                        units_per_month: *units,
                        payment_model: None,
                        code: None,
                        let_by: None,
                        reason: self.reason.clone(),
                        override_reason: self.override_reason.clone(),
                        member_version: None,
                    },
                )
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(())
    }

    fn total(&self) -> Decimal {
        self.shares.iter().map(|s| s.1).sum()
    }

    fn all_pass(&self) -> bool {
        self.plans.iter().all(|p| p.failures().is_empty())
    }

    fn commit(&mut self, env: &mut FlowEnv) -> FlowStep {
        if self.total() != self.opportunity.net_value() && self.override_reason.is_none() {
            self.error = Some(format!(
                "The shares total {} but the net value is {}: adjust a share (e) or override (o).",
                money::display(self.total()),
                money::display(self.opportunity.net_value())
            ));
            return FlowStep::Stay;
        }
        let by = super::decider(env.clock, env.actor, env.config);
        // Every share is written in one transaction: all the sub-contracts or none.
        let request = ops::JointAwardRequest {
            opportunity: self.opportunity.code.clone(),
            shares: self
                .shares
                .iter()
                .map(|(member, value, units)| ops::JointShare {
                    member: member.clone(),
                    value: *value,
                    units_per_month: *units,
                    member_version: None,
                })
                .collect(),
            start: self.start,
            end: self.end,
            payment_model: None,
            reason: self.reason.clone(),
            override_reason: self.override_reason.clone(),
        };
        let result = ops::plan_joint_award(env.store.conn(), &by, request)
            .and_then(|p| ops::commit_joint_award(env.store, &by, &p));
        match result {
            Ok(out) => {
                let codes: Vec<String> = out
                    .awards
                    .iter()
                    .map(|a| a.subcontract.code.clone())
                    .collect();
                FlowStep::Done {
                    status: format!(
                        "Awarded {} from {}: {}",
                        codes.len(),
                        self.opportunity.code,
                        codes.join(", ")
                    ),
                    next: None,
                }
            }
            Err(e) => {
                self.error = Some(e.to_string());
                FlowStep::Stay
            }
        }
    }
}

impl Flow for AwardFlow {
    fn title(&self) -> String {
        format!(
            "Award from {} — {}",
            self.opportunity.code, self.opportunity.title
        )
    }

    fn body(&self, t: &Theme, _width: usize) -> Vec<Line<'static>> {
        self.lines(t)
    }

    fn hint(&self) -> String {
        match self.step {
            Step::Route(_) => "↑↓ choose · Enter continue · Esc cancel",
            Step::Members { .. } => {
                "type to narrow · ↑↓ move · Space choose · Enter continue · Esc cancel"
            }
            Step::Plan { .. } => {
                "↑↓ member · e edit share · o override · Enter confirm · Esc cancel"
            }
            Step::Confirm(_) => "type the code · Enter award · Esc cancel",
            _ => "type · Enter continue · Esc cancel",
        }
        .to_string()
    }

    fn on_key(&mut self, key: KeyEvent, env: &mut FlowEnv) -> FlowStep {
        if key.code == KeyCode::Esc {
            if let Step::EditShare { cursor, .. } = self.step {
                self.step = Step::Plan { cursor };
                return FlowStep::Stay;
            }
            return FlowStep::Cancel;
        }
        self.error = None;
        let enter = key.code == KeyCode::Enter;
        match &mut self.step {
            Step::Route(c) if enter => {
                if c.selected == 1 {
                    let next = super::competitive::CompetitiveFlow::open(
                        self.opportunity.clone(),
                        self.start,
                        self.end,
                    );
                    return FlowStep::Replace(Box::new(next));
                } else {
                    self.step = Step::Members {
                        filter: TextField::default(),
                        cursor: 0,
                    };
                }
            }
            Step::Route(c) => {
                c.step(&key);
            }
            Step::Members { filter, cursor } => {
                let vis = Self::visible(&self.candidates, &filter.text);
                match key.code {
                    KeyCode::Enter if self.chosen.is_empty() => {
                        self.error = Some("Choose at least one member (Space).".into())
                    }
                    KeyCode::Enter => {
                        self.step = Step::Start(TextField::with(&dates::iso(self.start)))
                    }
                    KeyCode::Up => *cursor = cursor.saturating_sub(1),
                    KeyCode::Down => *cursor = (*cursor + 1).min(vis.len().saturating_sub(1)),
                    KeyCode::Char(' ') => {
                        if let Some(i) = vis.get(*cursor) {
                            match self.chosen.iter().position(|c| c == i) {
                                Some(p) => {
                                    self.chosen.remove(p);
                                }
                                None => self.chosen.push(*i),
                            }
                        }
                    }
                    _ => {
                        if filter.edit(&key) {
                            *cursor = 0;
                        }
                    }
                }
            }
            Step::Start(f) if enter => match dates::parse_iso(f.value()) {
                Ok(d) => {
                    self.start = d;
                    if self.end < d {
                        self.end = dates::add_months(d, self.opportunity.duration_months)
                            .pred_opt()
                            .unwrap_or(d);
                    }
                    self.step = Step::End(TextField::with(&dates::iso(self.end)));
                }
                Err(e) => self.error = Some(e),
            },
            Step::End(f) if enter => match dates::parse_iso(f.value()) {
                Ok(d) if d < self.start => {
                    self.error = Some(format!(
                        "The end, {}, is before the start, {}.",
                        dates::display(d),
                        dates::display(self.start)
                    ))
                }
                Ok(d) => {
                    self.end = d;
                    let headroom: i64 = self
                        .chosen
                        .iter()
                        .map(|i| self.candidates[*i].headroom.max(0))
                        .sum();
                    self.step = Step::Units(TextField::with(&headroom.to_string()));
                }
                Err(e) => self.error = Some(e),
            },
            Step::Units(f) if enter => match f.value().parse::<u32>() {
                Ok(n) if n > 0 => {
                    self.units = n;
                    self.step = Step::Reason(TextField::default());
                }
                _ => {
                    self.error = Some(format!(
                        "'{}' is not a whole number of units above 0",
                        f.value()
                    ))
                }
            },
            Step::Reason(f) if enter => {
                if f.value().is_empty() {
                    self.error = Some("A reason is required.".into());
                } else {
                    self.reason = f.value().to_string();
                    match self.propose(env) {
                        Ok(()) => self.step = Step::Plan { cursor: 0 },
                        Err(e) => self.error = Some(e.to_string()),
                    }
                }
            }
            Step::Start(f) | Step::End(f) | Step::Units(f) | Step::Reason(f) => {
                f.edit(&key);
            }
            Step::Plan { cursor } => match key.code {
                KeyCode::Up => *cursor = cursor.saturating_sub(1),
                KeyCode::Down => *cursor = (*cursor + 1).min(self.shares.len().saturating_sub(1)),
                KeyCode::Char('e') => {
                    let c = *cursor;
                    let current = money::to_plain(self.shares[c].1);
                    self.step = Step::EditShare {
                        cursor: c,
                        field: TextField::with(&current),
                    };
                }
                KeyCode::Char('o') => self.step = Step::Override(TextField::default()),
                KeyCode::Enter => {
                    if !self.all_pass() && self.override_reason.is_none() {
                        self.error = Some(
                            "Some checks failed: override with a written reason (o) or cancel."
                                .into(),
                        );
                    } else {
                        self.step = Step::Confirm(TextField::default());
                    }
                }
                _ => {}
            },
            Step::EditShare { cursor, field } => {
                if enter {
                    let c = *cursor;
                    match money::parse(field.value()) {
                        Ok(v) if v > Decimal::ZERO => {
                            self.shares[c].1 = v;
                            if let Err(e) = self.replan(env) {
                                self.error = Some(e.to_string());
                            }
                            self.step = Step::Plan { cursor: c };
                        }
                        Ok(_) => self.error = Some("A share must be above £0.".into()),
                        Err(e) => self.error = Some(e),
                    }
                } else {
                    field.edit(&key);
                }
            }
            Step::Override(f) => {
                if enter {
                    if f.value().is_empty() {
                        self.error = Some("An override needs a written reason.".into());
                    } else {
                        self.override_reason = Some(f.value().to_string());
                        if let Err(e) = self.replan(env) {
                            self.error = Some(e.to_string());
                        }
                        self.step = Step::Plan { cursor: 0 };
                    }
                } else {
                    f.edit(&key);
                }
            }
            Step::Confirm(f) => {
                if enter {
                    if f.value() != self.opportunity.code {
                        self.error = Some(format!(
                            "Type {} exactly to confirm.",
                            self.opportunity.code
                        ));
                    } else {
                        return self.commit(env);
                    }
                } else {
                    f.edit(&key);
                }
            }
        }
        FlowStep::Stay
    }
}
