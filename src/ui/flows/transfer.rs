//! Transferring the undelivered remainder of a suspended sub-contract: members with headroom in
//! the service line ranked by headroom, then the reason, then the remainder and every award check
//! against the receiving member; a failed check needs a written override; `y` confirms.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::text::Line;

use super::input::{Choice, TextField};
use super::{Flow, FlowEnv, FlowStep};
use crate::dates;
use crate::domain::Tier;
use crate::error::{HubError, Result};
use crate::money;
use crate::ops::{self, TransferPlan, TransferRequest};
use crate::store::{opportunities, subcontracts};
use crate::ui::theme::Theme;

/// Most candidates listed.
const CANDIDATES: usize = 12;

struct Candidate {
    member: String,
    name: String,
    headroom: i64,
}

enum Step {
    Pick(Choice),
    Reason(TextField),
    Review,
    Override(TextField),
}

pub struct TransferFlow {
    code: String,
    service_line: String,
    candidates: Vec<Candidate>,
    chosen: usize,
    reason: String,
    override_reason: Option<String>,
    plan: Option<TransferPlan>,
    step: Step,
    error: Option<String>,
}

impl TransferFlow {
    pub fn open(env: &FlowEnv, code: &str) -> Result<TransferFlow> {
        let conn = env.store.conn();
        let sub = subcontracts::get_subcontract(conn, code)?
            .ok_or_else(|| HubError::NotFound(format!("sub-contract {code}")))?;
        let line = opportunities::get_opportunity(conn, &sub.opportunity)?
            .map(|o| o.service_line)
            .unwrap_or_default();
        let mut candidates: Vec<Candidate> = env
            .snapshot
            .map(|s| {
                s.capacity
                    .iter()
                    .filter(|c| {
                        c.service_line == line && c.member != sub.member && c.tier == Tier::Full
                    })
                    .filter(|c| c.headroom() > 0)
                    .map(|c| Candidate {
                        member: c.member.clone(),
                        name: c.member_name.clone(),
                        headroom: c.headroom(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        candidates.sort_by(|a, b| b.headroom.cmp(&a.headroom).then(a.member.cmp(&b.member)));
        candidates.truncate(CANDIDATES);
        if candidates.is_empty() {
            return Err(HubError::Refused(format!(
                "no full member has headroom in {line} to take over {code}"
            )));
        }
        Ok(TransferFlow {
            code: code.to_string(),
            service_line: line,
            step: Step::Pick(Choice::new(candidates.len())),
            candidates,
            chosen: 0,
            reason: String::new(),
            override_reason: None,
            plan: None,
            error: None,
        })
    }

    fn plan(&mut self, env: &FlowEnv) {
        let by = super::decider(env.clock, env.actor, env.config);
        let request = TransferRequest {
            subcontract: self.code.clone(),
            to: self.candidates[self.chosen].member.clone(),
            reason: self.reason.clone(),
            override_reason: self.override_reason.clone(),
        };
        match ops::plan_transfer(env.store.conn(), &by, request) {
            Ok(p) => {
                self.plan = Some(p);
                self.step = Step::Review;
            }
            Err(e) => self.error = Some(e.to_string()),
        }
    }
}

impl Flow for TransferFlow {
    fn title(&self) -> String {
        format!("Transfer the remainder of {}", self.code)
    }

    fn body(&self, t: &Theme, _width: usize) -> Vec<Line<'static>> {
        let mut out = Vec::new();
        match &self.step {
            Step::Pick(c) => {
                out.push(Line::styled(
                    format!(
                        "Members with headroom in {} (units per month free):",
                        self.service_line
                    ),
                    t.title,
                ));
                for (i, m) in self.candidates.iter().enumerate() {
                    let sel = i == c.selected;
                    out.push(Line::styled(
                        format!(
                            "{} {:<8} {:<40} {:>6}",
                            if sel { "▶" } else { " " },
                            m.member,
                            m.name,
                            m.headroom
                        ),
                        if sel { t.selected } else { t.base },
                    ));
                }
            }
            Step::Reason(f) => {
                let m = &self.candidates[self.chosen];
                out.push(Line::raw(format!("To: {} {}", m.member, m.name)));
                out.push(Line::styled("Reason (recorded in the audit log):", t.title));
                out.push(Line::raw(f.shown()));
            }
            Step::Review | Step::Override(_) => {
                if let Some(p) = &self.plan {
                    let r = &p.remainder;
                    out.push(Line::styled(
                        "This will write, in one transaction:",
                        t.title,
                    ));
                    out.push(Line::raw(format!(
                        "  {}: status suspended → terminated",
                        p.original.code
                    )));
                    out.push(Line::raw(format!(
                        "  new sub-contract {} for {}: {} – {}, {} units over {} months, {}",
                        p.transferred.code,
                        p.transferred.member,
                        dates::display(r.start),
                        dates::display(r.end),
                        r.units,
                        r.months,
                        money::display(r.value)
                    )));
                    out.push(Line::raw("  and its audit row."));
                    out.push(Line::styled("Checks on the receiving member:", t.title));
                    for c in &p.checks {
                        out.push(Line::styled(
                            format!("  {}", c.line()),
                            if c.passed { t.ok } else { t.danger },
                        ));
                    }
                    if let Step::Override(f) = &self.step {
                        out.push(Line::styled(
                            "Override reason (recorded with the failed checks):",
                            t.warn,
                        ));
                        out.push(Line::raw(f.shown()));
                    } else if p.will_proceed() {
                        out.push(Line::styled("Press y to transfer.", t.warn));
                    } else {
                        out.push(Line::styled(
                            "Checks failed: o to override with a written reason.",
                            t.danger,
                        ));
                    }
                }
            }
        }
        if let Some(e) = &self.error {
            out.push(Line::styled(e.clone(), t.danger));
        }
        out
    }

    fn hint(&self) -> String {
        match self.step {
            Step::Pick(_) => "↑↓ choose · Enter continue · Esc skip".into(),
            Step::Reason(_) => "type the reason · Enter review · Esc skip".into(),
            Step::Review => "y transfer · o override · Esc skip".into(),
            Step::Override(_) => "type the override reason · Enter review · Esc skip".into(),
        }
    }

    fn on_key(&mut self, key: KeyEvent, env: &mut FlowEnv) -> FlowStep {
        if key.code == KeyCode::Esc {
            return FlowStep::Cancel;
        }
        self.error = None;
        match &mut self.step {
            Step::Pick(c) => {
                if key.code == KeyCode::Enter {
                    self.chosen = c.selected;
                    self.step = Step::Reason(TextField::default());
                } else {
                    c.step(&key);
                }
            }
            Step::Reason(f) => {
                if key.code == KeyCode::Enter {
                    if f.value().is_empty() {
                        self.error = Some("A reason is required.".into());
                    } else {
                        self.reason = f.value().to_string();
                        self.plan(env);
                    }
                } else {
                    f.edit(&key);
                }
            }
            Step::Override(f) => {
                if key.code == KeyCode::Enter {
                    if f.value().is_empty() {
                        self.error = Some("An override needs a written reason.".into());
                    } else {
                        self.override_reason = Some(f.value().to_string());
                        self.plan(env);
                    }
                } else {
                    f.edit(&key);
                }
            }
            Step::Review => match key.code {
                KeyCode::Char('o') => self.step = Step::Override(TextField::default()),
                KeyCode::Char('y') => {
                    let Some(plan) = &self.plan else {
                        return FlowStep::Stay;
                    };
                    let by = super::decider(env.clock, env.actor, env.config);
                    match ops::commit_transfer(env.store, &by, plan) {
                        Ok(out) => {
                            // Claw-back is the next rung of the ladder: offer it while the
                            // sub-contract is still in hand, when anything is owed.
                            let next = super::clawback::ClawbackFlow::open(env, &out.original.code)
                                .ok()
                                .map(|f| Box::new(f) as Box<dyn Flow>);
                            return FlowStep::Done {
                                status: format!(
                                    "Transferred {} of {} to {} as {} (audit #{})",
                                    money::display(out.transferred.value),
                                    out.original.code,
                                    out.transferred.member,
                                    out.transferred.code,
                                    out.audit_id
                                ),
                                next,
                            };
                        }
                        Err(e) => self.error = Some(e.to_string()),
                    }
                }
                _ => {}
            },
        }
        FlowStep::Stay
    }
}
