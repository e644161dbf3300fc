//! Closing (or reopening) a risk: the reason, then `y`. A closed risk leaves the open register and
//! the heatmap; its history stays in the audit log.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::text::Line;

use super::input::TextField;
use super::{Flow, FlowEnv, FlowStep};
use crate::domain::{Risk, RiskStatus};
use crate::ops::{self, RiskStatusRequest};
use crate::ui::theme::Theme;

pub struct RiskStatusFlow {
    risk: Risk,
    reason: TextField,
    ready: bool,
    error: Option<String>,
}

impl RiskStatusFlow {
    pub fn open(risk: &Risk) -> RiskStatusFlow {
        RiskStatusFlow {
            risk: risk.clone(),
            reason: TextField::default(),
            ready: false,
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
        if self.ready {
            out.push(Line::raw(format!("Reason: {}", self.reason.value())));
            out.push(Line::styled("Press y to confirm.", t.warn));
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
            "y confirm · Esc cancel".into()
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
        let request = RiskStatusRequest {
            code: self.risk.code.clone(),
            reason: self.reason.value().to_string(),
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
