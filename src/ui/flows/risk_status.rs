//! Closing (or reopening) a risk: the reason, then `y`. A closed risk leaves the open register and
//! the heatmap; its history stays in the audit log.

use crossterm::event::KeyEvent;
use ratatui::text::Line;

use super::input::{Answer, ReasonThenConfirm};
use super::{Flow, FlowEnv, FlowStep};
use crate::domain::{Risk, RiskStatus};
use crate::ops::{self, RiskStatusRequest};
use crate::ui::theme::Theme;

pub struct RiskStatusFlow {
    risk: Risk,
    ask: ReasonThenConfirm,
    error: Option<String>,
}

impl RiskStatusFlow {
    pub fn open(risk: &Risk) -> RiskStatusFlow {
        RiskStatusFlow {
            risk: risk.clone(),
            ask: ReasonThenConfirm::default(),
            error: None,
        }
    }

    fn closing(&self) -> bool {
        self.risk.status == RiskStatus::Open
    }
}

impl Flow for RiskStatusFlow {
    fn title(&self) -> String {
        format!(
            "{} risk {} — {}",
            if self.closing() { "Close" } else { "Reopen" },
            self.risk.code,
            self.risk.title
        )
    }

    fn body(&self, t: &Theme, _width: usize) -> Vec<Line<'static>> {
        let mut out = vec![Line::raw(if self.closing() {
            "The risk leaves the open register and the heatmap; its history stays in the audit log."
        } else {
            "The risk returns to the open register and the heatmap."
        })];
        out.extend(self.ask.lines(t, "Press y to confirm."));
        if let Some(e) = &self.error {
            out.push(Line::styled(e.clone(), t.danger));
        }
        out
    }

    fn hint(&self) -> String {
        self.ask.hint("confirm")
    }

    fn on_key(&mut self, key: KeyEvent, env: &mut FlowEnv) -> FlowStep {
        self.error = None;
        match self.ask.key(&key, &mut self.error) {
            Answer::Cancel => return FlowStep::Cancel,
            Answer::Pending => return FlowStep::Stay,
            Answer::Confirmed => {}
        }
        let by = super::decider(env.clock, env.actor, env.config);
        let request = RiskStatusRequest {
            code: self.risk.code.clone(),
            reason: self.ask.value().to_string(),
            expected: Some(self.risk.clone()),
        };
        let conn = env.store.conn();
        let plan = if self.closing() {
            ops::plan_close_risk(conn, &by, request)
        } else {
            ops::plan_reopen_risk(conn, &by, request)
        };
        match plan.and_then(|p| ops::commit_risk_status(env.store, &by, &p)) {
            Ok(out) => FlowStep::Done {
                status: format!(
                    "Risk {} is now {} (audit #{})",
                    out.risk.code,
                    out.risk.status.label(),
                    out.audit_id
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
