//! Suspending a sub-contract from the keyboard: the evidence first, then a reason code and words,
//! the effective date the notice period allows (or at once, for an urgent reason), and a
//! confirmation that makes the officer type the sub-contract's code. Then it offers transfer and
//! claw-back, each its own confirmed step.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::text::Line;

use super::evidence::{self, Evidence};
use super::input::{Choice, TextField};
use super::{Flow, FlowEnv, FlowStep};
use crate::dates;
use crate::domain::SuspensionReason;
use crate::domain::notice::earliest_effective;
use crate::ops::{self, SuspendRequest};
use crate::ui::theme::Theme;

enum Step {
    Evidence,
    ReasonCode(Choice),
    ReasonText(TextField),
    Timing(Choice),
    Confirm(TextField),
    Finished,
}

pub struct SuspendFlow {
    evidence: Evidence,
    step: Step,
    reason_code: SuspensionReason,
    reason: String,
    urgent: bool,
    earliest: chrono::NaiveDate,
    notice_months: u32,
    today: chrono::NaiveDate,
    error: Option<String>,
    done_message: String,
}

impl SuspendFlow {
    pub fn open(env: &FlowEnv, code: &str) -> crate::error::Result<SuspendFlow> {
        let today = env.clock.today();
        let evidence = evidence::gather(env.store.conn(), code, today, env.config)?;
        Ok(SuspendFlow {
            evidence,
            step: Step::Evidence,
            reason_code: SuspensionReason::UnderDelivery,
            reason: String::new(),
            urgent: false,
            earliest: earliest_effective(today, env.config.rules.notice_months),
            notice_months: env.config.rules.notice_months,
            today,
            error: None,
            done_message: String::new(),
        })
    }

    fn code(&self) -> &str {
        &self.evidence.subcontract.code
    }

    fn effective(&self) -> chrono::NaiveDate {
        if self.urgent {
            self.today
        } else {
            self.earliest
        }
    }
}

impl Flow for SuspendFlow {
    fn title(&self) -> String {
        format!("Suspend {} — {}", self.code(), self.evidence.member_name)
    }

    fn body(&self, t: &Theme, _width: usize) -> Vec<Line<'static>> {
        let mut out = vec![Line::styled("Evidence", t.header)];
        out.extend(self.evidence.lines.iter().map(|l| Line::raw(l.clone())));
        out.push(Line::raw(""));
        match &self.step {
            Step::Evidence => out.push(Line::styled(
                "Read the evidence, then press Enter to continue.",
                t.title,
            )),
            Step::ReasonCode(c) => {
                out.push(Line::styled("Reason for suspension:", t.title));
                for (i, r) in SuspensionReason::ALL.iter().enumerate() {
                    let sel = i == c.selected;
                    out.push(Line::styled(
                        format!("{} {}", if sel { "▶" } else { " " }, r.label()),
                        if sel { t.selected } else { t.base },
                    ));
                }
            }
            Step::ReasonText(f) => {
                out.push(Line::raw(format!("Reason: {}", self.reason_code.label())));
                out.push(Line::styled(
                    "In words (recorded in the audit log):",
                    t.title,
                ));
                out.push(Line::raw(f.shown()));
            }
            Step::Timing(c) => {
                out.push(Line::raw(format!(
                    "Reason: {} — {}",
                    self.reason_code.label(),
                    self.reason
                )));
                out.push(Line::styled("When does it take effect?", t.title));
                let options = [
                    format!(
                        "With notice: {} ({} months' notice, the Compact)",
                        dates::display(self.earliest),
                        self.notice_months
                    ),
                    format!(
                        "Urgent: at once, {} (the reason must justify it)",
                        dates::display(self.today)
                    ),
                ];
                for (i, o) in options.iter().enumerate() {
                    let sel = i == c.selected;
                    out.push(Line::styled(
                        format!("{} {o}", if sel { "▶" } else { " " }),
                        if sel { t.selected } else { t.base },
                    ));
                }
            }
            Step::Confirm(f) => {
                out.push(Line::styled(
                    "This will write, in one transaction:",
                    t.title,
                ));
                out.push(Line::raw(format!(
                    "  {}: status active → suspended",
                    self.code()
                )));
                out.push(Line::raw(format!(
                    "  a suspension decided {}, effective {}{}",
                    dates::display(self.today),
                    dates::display(self.effective()),
                    if self.urgent { " (urgent)" } else { "" }
                )));
                out.push(Line::raw(format!(
                    "  reason {}: {}",
                    self.reason_code.label(),
                    self.reason
                )));
                out.push(Line::raw("  and its audit row."));
                out.push(Line::styled(
                    format!("Type {} to confirm:", self.code()),
                    t.warn,
                ));
                out.push(Line::raw(f.shown()));
            }
            Step::Finished => {
                out.push(Line::styled(self.done_message.clone(), t.ok));
                out.push(Line::raw(
                    "Next: t transfer the undelivered remainder · c claw back · Esc finish",
                ));
            }
        }
        if let Some(e) = &self.error {
            out.push(Line::styled(e.clone(), t.danger));
        }
        out
    }

    fn hint(&self) -> String {
        match self.step {
            Step::Evidence => "Enter continue · Esc cancel".into(),
            Step::ReasonCode(_) | Step::Timing(_) => {
                "↑↓ choose · Enter continue · Esc cancel".into()
            }
            Step::ReasonText(_) => "type the reason · Enter continue · Esc cancel".into(),
            Step::Confirm(_) => "type the code · Enter suspend · Esc cancel".into(),
            Step::Finished => "t transfer · c claw back · Esc finish".into(),
        }
    }

    fn on_key(&mut self, key: KeyEvent, env: &mut FlowEnv) -> FlowStep {
        if key.code == KeyCode::Esc {
            return match self.step {
                Step::Finished => FlowStep::Done {
                    status: self.done_message.clone(),
                    next: None,
                },
                _ => FlowStep::Cancel,
            };
        }
        self.error = None;
        match &mut self.step {
            Step::Evidence => {
                if key.code == KeyCode::Enter {
                    self.step = Step::ReasonCode(Choice::new(SuspensionReason::ALL.len()));
                }
            }
            Step::ReasonCode(c) => {
                if key.code == KeyCode::Enter {
                    self.reason_code = SuspensionReason::ALL[c.selected];
                    self.step = Step::ReasonText(TextField::default());
                } else {
                    c.step(&key);
                }
            }
            Step::ReasonText(f) => {
                if key.code == KeyCode::Enter {
                    if f.value().is_empty() {
                        self.error = Some("A reason in words is required.".into());
                    } else {
                        self.reason = f.value().to_string();
                        self.step = Step::Timing(Choice::new(2));
                    }
                } else {
                    f.edit(&key);
                }
            }
            Step::Timing(c) => {
                if key.code == KeyCode::Enter {
                    self.urgent = c.selected == 1;
                    self.step = Step::Confirm(TextField::default());
                } else {
                    c.step(&key);
                }
            }
            Step::Confirm(f) => {
                if key.code == KeyCode::Enter {
                    if f.value() != self.evidence.subcontract.code {
                        self.error = Some(format!(
                            "Type {} exactly to confirm.",
                            self.evidence.subcontract.code
                        ));
                        return FlowStep::Stay;
                    }
                    return self.commit(env);
                }
                f.edit(&key);
            }
            Step::Finished => match key.code {
                KeyCode::Char('t') => {
                    let next =
                        super::transfer::TransferFlow::open(env, &self.evidence.subcontract.code)
                            .map(|f| Box::new(f) as Box<dyn Flow>);
                    return match next {
                        Ok(f) => FlowStep::Done {
                            status: self.done_message.clone(),
                            next: Some(f),
                        },
                        Err(e) => {
                            self.error = Some(e.to_string());
                            FlowStep::Stay
                        }
                    };
                }
                KeyCode::Char('c') => {
                    let next =
                        super::clawback::ClawbackFlow::open(env, &self.evidence.subcontract.code)
                            .map(|f| Box::new(f) as Box<dyn Flow>);
                    return match next {
                        Ok(f) => FlowStep::Done {
                            status: self.done_message.clone(),
                            next: Some(f),
                        },
                        Err(e) => {
                            self.error = Some(e.to_string());
                            FlowStep::Stay
                        }
                    };
                }
                _ => {}
            },
        }
        FlowStep::Stay
    }
}

impl SuspendFlow {
    fn commit(&mut self, env: &mut FlowEnv) -> FlowStep {
        let request = SuspendRequest {
            subcontract: self.evidence.subcontract.code.clone(),
            reason_code: self.reason_code,
            reason: self.reason.clone(),
            effective: Some(self.effective()),
            urgent: self.urgent,
        };
        let by = super::decider(env.clock, env.actor, env.config);
        let result = ops::plan_suspend(env.store.conn(), &by, request)
            .and_then(|plan| ops::commit_suspend(env.store, &by, &plan));
        match result {
            Ok(out) => {
                self.done_message = format!(
                    "Suspended {} from {} (audit #{})",
                    out.subcontract.code,
                    dates::display(out.suspension.effective),
                    out.audit_id
                );
                self.step = Step::Finished;
                FlowStep::Stay
            }
            Err(e) => {
                self.error = Some(e.to_string());
                FlowStep::Stay
            }
        }
    }
}
