//! Reinstating a suspended sub-contract: the reason, then `y` lifts the suspension.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::text::Line;

use super::input::TextField;
use super::{Flow, FlowEnv, FlowStep};
use crate::ops::{self, ReinstateRequest};
use crate::ui::theme::Theme;

pub struct ReinstateFlow {
    code: String,
    reason: TextField,
    ready: bool,
    error: Option<String>,
}

impl ReinstateFlow {
    pub fn open(code: &str) -> ReinstateFlow {
        ReinstateFlow {
            code: code.to_string(),
            reason: TextField::default(),
            ready: false,
            error: None,
        }
    }
}

impl Flow for ReinstateFlow {
    fn title(&self) -> String {
        format!("Reinstate {}", self.code)
    }

    fn body(&self, t: &Theme, _width: usize) -> Vec<Line<'static>> {
        let mut out = vec![Line::raw(format!(
            "{} goes back to active and its suspension is lifted today.",
            self.code
        ))];
        if self.ready {
            out.push(Line::raw(format!("Reason: {}", self.reason.value())));
            out.push(Line::styled("Press y to reinstate.", t.warn));
        } else {
            out.push(Line::styled("Reason (recorded in the audit log):", t.title));
            out.push(Line::raw(self.reason.shown()));
        }
        if let Some(e) = &self.error {
            out.push(Line::styled(e.clone(), t.danger));
        }
        out
    }

    fn hint(&self) -> String {
        if self.ready {
            "y reinstate · Esc cancel".into()
        } else {
            "type the reason · Enter continue · Esc cancel".into()
        }
    }

    fn on_key(&mut self, key: KeyEvent, env: &mut FlowEnv) -> FlowStep {
        if key.code == KeyCode::Esc {
            return FlowStep::Cancel;
        }
        self.error = None;
        if !self.ready {
            if key.code == KeyCode::Enter {
                if self.reason.value().is_empty() {
                    self.error = Some("A reason is required.".into());
                } else {
                    self.ready = true;
                }
            } else {
                self.reason.edit(&key);
            }
            return FlowStep::Stay;
        }
        if key.code != KeyCode::Char('y') {
            return FlowStep::Stay;
        }
        let by = super::decider(env.clock, env.actor, env.config);
        let request = ReinstateRequest {
            subcontract: self.code.clone(),
            reason: self.reason.value().to_string(),
        };
        match ops::plan_reinstate(env.store.conn(), &by, request)
            .and_then(|p| ops::commit_reinstate(env.store, &by, &p))
        {
            Ok(out) => FlowStep::Done {
                status: format!(
                    "Reinstated {} (audit #{})",
                    out.subcontract.code, out.audit_id
                ),
                next: None,
            },
            Err(e) => {
                self.error = Some(e.to_string());
                FlowStep::Stay
            }
        }
    }
}
