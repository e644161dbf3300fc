//! Reinstating a suspended sub-contract: the reason, then `y` lifts the suspension.

use crossterm::event::KeyEvent;
use ratatui::text::Line;

use super::input::{Answer, ReasonThenConfirm};
use super::{Flow, FlowEnv, FlowStep};
use crate::ops::{self, ReinstateRequest};
use crate::ui::theme::Theme;

pub struct ReinstateFlow {
    code: String,
    ask: ReasonThenConfirm,
    error: Option<String>,
}

impl ReinstateFlow {
    pub fn open(code: &str) -> ReinstateFlow {
        ReinstateFlow {
            code: code.to_string(),
            ask: ReasonThenConfirm::default(),
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
        out.extend(self.ask.lines(t, "Press y to reinstate."));
        out.extend(self.error.iter().map(|e| Line::styled(e.clone(), t.danger)));
        out
    }

    fn hint(&self) -> String {
        self.ask.hint("reinstate")
    }

    fn on_key(&mut self, key: KeyEvent, env: &mut FlowEnv) -> FlowStep {
        self.error = None;
        match self.ask.key(&key, &mut self.error) {
            Answer::Cancel => return FlowStep::Cancel,
            Answer::Pending => return FlowStep::Stay,
            Answer::Confirmed => {}
        }
        let by = super::decider(env.clock, env.actor, env.config);
        let request = ReinstateRequest {
            subcontract: self.code.clone(),
            reason: self.ask.value().to_string(),
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
