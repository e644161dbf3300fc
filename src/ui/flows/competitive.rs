//! Awarding by competitive sub-tender from the keyboard: the appraisal panel's score sheet (bids,
//! each panel member's 0–10 scores per criterion, declared conflicts of interest) is read from its
//! CSV files, the bidders are ranked by the configured weighted criteria with conflicted scores
//! left out, the winner's award checks are shown, and typing the opportunity's code awards it.

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::text::Line;

use super::input::TextField;
use super::{Flow, FlowEnv, FlowStep};
use crate::dates;
use crate::domain::Opportunity;
use crate::error::{HubError, Result};
use crate::money;
use crate::ops::{self, CompetitiveAwardPlan, CompetitiveAwardRequest, panel_file};
use crate::ui::theme::Theme;

const LABELS: [&str; 6] = [
    "Bids file (bidder, price, units_per_month)",
    "Panel scores file (panel_member, bidder, criterion, score 0–10)",
    "Conflicts file (panel_member, bidder, reason) — blank if none",
    "First day of delivery (YYYY-MM-DD)",
    "Last day of delivery (YYYY-MM-DD)",
    "Reason for the award (recorded in the audit log)",
];

enum Step {
    Form { focus: usize },
    Review,
    Override(TextField),
    Confirm(TextField),
}

pub struct CompetitiveFlow {
    opportunity: Opportunity,
    fields: Vec<TextField>,
    override_reason: Option<String>,
    plan: Option<CompetitiveAwardPlan>,
    step: Step,
    error: Option<String>,
}

impl CompetitiveFlow {
    pub fn open(opportunity: Opportunity, start: NaiveDate, end: NaiveDate) -> CompetitiveFlow {
        let values = [
            "bids.csv",
            "panel.csv",
            "",
            &dates::iso(start),
            &dates::iso(end),
            "",
        ];
        CompetitiveFlow {
            opportunity,
            fields: values.iter().map(|v| TextField::with(v)).collect(),
            override_reason: None,
            plan: None,
            step: Step::Form { focus: 0 },
            error: None,
        }
    }

    fn read(path: &str) -> Result<Vec<u8>> {
        std::fs::read(path).map_err(|e| HubError::io(format!("cannot read {path}"), e))
    }

    fn plan(&mut self, env: &FlowEnv) -> Result<CompetitiveAwardPlan> {
        let v = |i: usize| self.fields[i].value().to_string();
        let bids = panel_file::parse_bids(&v(0), &Self::read(&v(0))?)?;
        let scores = panel_file::parse_panel(&v(1), &Self::read(&v(1))?)?;
        let conflicts = if v(2).is_empty() {
            Vec::new()
        } else {
            panel_file::parse_conflicts(&v(2), &Self::read(&v(2))?)?
        };
        let start =
            dates::parse_iso(&v(3)).map_err(|e| HubError::Invalid(format!("start: {e}")))?;
        let end = dates::parse_iso(&v(4)).map_err(|e| HubError::Invalid(format!("end: {e}")))?;
        let by = super::decider(env.clock, env.actor, env.config);
        let request = CompetitiveAwardRequest {
            opportunity: self.opportunity.code.clone(),
            bids,
            scores,
            conflicts,
            start,
            end,
            payment_model: None,
            reason: v(5),
            override_reason: self.override_reason.clone(),
        };
        ops::plan_competitive_award(env.store.conn(), &by, &env.config.competitive, request)
    }

    fn replan(&mut self, env: &FlowEnv) {
        match self.plan(env) {
            Ok(p) => {
                self.plan = Some(p);
                self.step = Step::Review;
            }
            Err(e) => self.error = Some(e.to_string()),
        }
    }
}

impl Flow for CompetitiveFlow {
    fn title(&self) -> String {
        format!(
            "Competitive sub-tender for {} — {}",
            self.opportunity.code, self.opportunity.title
        )
    }

    fn body(&self, t: &Theme, _width: usize) -> Vec<Line<'static>> {
        let mut out = vec![Line::raw(format!(
            "Net for delivery {} · the Board decides; the panel's scores are read from its files.",
            money::display(self.opportunity.net_value())
        ))];
        match &self.step {
            Step::Form { focus } => {
                for (i, (label, f)) in LABELS.iter().zip(&self.fields).enumerate() {
                    let sel = i == *focus;
                    let shown = if sel { f.shown() } else { f.text.clone() };
                    out.push(Line::styled(
                        format!("{} {label}: {shown}", if sel { "▶" } else { " " }),
                        if sel { t.selected } else { t.base },
                    ));
                }
            }
            Step::Review | Step::Override(_) | Step::Confirm(_) => {
                if let Some(p) = &self.plan {
                    out.push(Line::styled(
                        "Ranking (weighted mean of the counted panel, 0–100):",
                        t.title,
                    ));
                    for s in &p.ranking.standings {
                        let excluded = if s.excluded.is_empty() {
                            String::new()
                        } else {
                            format!(" · excluded for conflict: {}", s.excluded.join(", "))
                        };
                        out.push(Line::raw(format!(
                            "  {}. {:<8} {:>6}  {} · {} u/m · panel {}{excluded}",
                            s.rank,
                            s.bidder,
                            s.score,
                            money::display(s.price),
                            s.units_per_month,
                            s.counted.join(", ")
                        )));
                    }
                    out.push(Line::styled(
                        format!("Checks on the winner, {}:", p.ranking.winner().bidder),
                        t.title,
                    ));
                    for c in &p.checks {
                        out.push(Line::styled(
                            format!("  {}", c.line()),
                            if c.passed { t.ok } else { t.danger },
                        ));
                    }
                    match &self.step {
                        Step::Override(f) => {
                            out.push(Line::styled(
                                "Override reason (recorded with the failed checks):",
                                t.warn,
                            ));
                            out.push(Line::raw(f.shown()));
                        }
                        Step::Confirm(f) => {
                            out.push(Line::styled(
                                format!(
                                    "This writes {} for {} ({}), with the panel's scores and the ranking in its audit row. Type {} to confirm:",
                                    p.subcontract.code,
                                    p.ranking.winner().bidder,
                                    money::display(p.subcontract.value),
                                    self.opportunity.code
                                ),
                                t.warn,
                            ));
                            out.push(Line::raw(f.shown()));
                        }
                        _ if p.will_proceed() => {
                            out.push(Line::styled("Enter to confirm the award.", t.warn))
                        }
                        _ => out.push(Line::styled(
                            "Checks failed: o to override with a written reason.",
                            t.danger,
                        )),
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
            Step::Form { .. } => {
                "↑↓ Tab move · type to edit · Enter next (rank on the last) · Esc cancel"
            }
            Step::Review => "Enter confirm · o override · Esc back to the form",
            Step::Override(_) => "type the override reason · Enter rank again · Esc back",
            Step::Confirm(_) => "type the code · Enter award · Esc back",
        }
        .to_string()
    }

    fn on_key(&mut self, key: KeyEvent, env: &mut FlowEnv) -> FlowStep {
        self.error = None;
        let last = self.fields.len() - 1;
        match &mut self.step {
            Step::Form { focus } => match key.code {
                KeyCode::Esc => return FlowStep::Cancel,
                KeyCode::Up | KeyCode::BackTab => *focus = focus.saturating_sub(1),
                KeyCode::Down | KeyCode::Tab => *focus = (*focus + 1).min(last),
                KeyCode::Enter if *focus < last => *focus += 1,
                KeyCode::Enter => self.replan(env),
                _ => {
                    let f = *focus;
                    self.fields[f].edit(&key);
                }
            },
            Step::Review => {
                match key.code {
                    KeyCode::Esc => self.step = Step::Form { focus: 0 },
                    KeyCode::Char('o') => self.step = Step::Override(TextField::default()),
                    KeyCode::Enter => {
                        if self.plan.as_ref().is_some_and(|p| p.will_proceed()) {
                            self.step = Step::Confirm(TextField::default());
                        } else {
                            self.error = Some("Some checks failed: override with a written reason (o) or go back.".into());
                        }
                    }
                    _ => {}
                }
            }
            Step::Override(f) => match key.code {
                KeyCode::Esc => self.step = Step::Review,
                KeyCode::Enter if f.value().is_empty() => {
                    self.error = Some("An override needs a written reason.".into())
                }
                KeyCode::Enter => {
                    self.override_reason = Some(f.value().to_string());
                    self.replan(env);
                }
                _ => {
                    f.edit(&key);
                }
            },
            Step::Confirm(f) => match key.code {
                KeyCode::Esc => self.step = Step::Review,
                KeyCode::Enter if f.value() != self.opportunity.code => {
                    self.error = Some(format!(
                        "Type {} exactly to confirm.",
                        self.opportunity.code
                    ))
                }
                KeyCode::Enter => {
                    let Some(plan) = &self.plan else {
                        return FlowStep::Stay;
                    };
                    let by = super::decider(env.clock, env.actor, env.config);
                    match ops::commit_competitive_award(env.store, &by, plan) {
                        Ok(out) => {
                            return FlowStep::Done {
                                status: format!(
                                    "Awarded {} to {} by competitive sub-tender (audit #{})",
                                    out.award.subcontract.code,
                                    out.award.subcontract.member,
                                    out.award.audit_id
                                ),
                                next: None,
                            };
                        }
                        Err(e) => self.error = Some(e.to_string()),
                    }
                }
                _ => {
                    f.edit(&key);
                }
            },
        }
        FlowStep::Stay
    }
}
