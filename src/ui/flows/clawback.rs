//! Clawing back paid-but-unearned money: the figures first (paid, earned for delivered units,
//! already claimed, owed), then the reason, then `y` records the claim.

use crossterm::event::KeyEvent;
use ratatui::text::Line;

use super::input::{Answer, ReasonThenConfirm};
use super::{Flow, FlowEnv, FlowStep};
use crate::domain::clawback::clawback;
use crate::error::{HubError, Result};
use crate::money;
use crate::ops::{self, ClawbackRequest};
use crate::store::subcontracts;
use crate::ui::theme::Theme;

pub struct ClawbackFlow {
    code: String,
    figures: Vec<String>,
    ask: ReasonThenConfirm,
    error: Option<String>,
}

impl ClawbackFlow {
    pub fn open(env: &FlowEnv, code: &str) -> Result<ClawbackFlow> {
        let conn = env.store.conn();
        let sub = subcontracts::get_subcontract(conn, code)?
            .ok_or_else(|| HubError::NotFound(format!("sub-contract {code}")))?;
        let returns = subcontracts::returns_of(conn, code)?;
        let profiles = subcontracts::profiles_of(conn, code)?;
        let claimed = subcontracts::claims_of(conn, code)?
            .iter()
            .map(|c| c.amount)
            .sum();
        let f = clawback(&sub, &profiles, &returns, claimed);
        if !f.owed() {
            return Err(HubError::Refused(format!(
                "nothing to claw back from {code}: earned {} covers paid {}",
                money::display(f.earned + f.already_claimed),
                money::display(f.paid)
            )));
        }
        let row = |label: String, value| format!("{label:<34}{:>14}", money::display(value));
        let figures = vec![
            row("Paid to date".into(), f.paid),
            row(
                format!("Earned ({} units delivered)", f.delivered_units),
                f.earned,
            ),
            row("Already claimed".into(), f.already_claimed),
            row("To claw back".into(), f.amount),
        ];
        Ok(ClawbackFlow {
            code: code.to_string(),
            figures,
            ask: ReasonThenConfirm::default(),
            error: None,
        })
    }
}

impl Flow for ClawbackFlow {
    fn title(&self) -> String {
        format!("Claw back from {}", self.code)
    }

    fn body(&self, t: &Theme, _width: usize) -> Vec<Line<'static>> {
        let mut out: Vec<Line<'static>> =
            self.figures.iter().map(|l| Line::raw(l.clone())).collect();
        out.push(Line::raw(""));
        out.extend(self.ask.lines(
            t,
            "This will record the claim and its audit row. Press y to claw back.",
        ));
        if let Some(e) = &self.error {
            out.push(Line::styled(e.clone(), t.danger));
        }
        out
    }

    fn hint(&self) -> String {
        self.ask.hint("claw back")
    }

    fn on_key(&mut self, key: KeyEvent, env: &mut FlowEnv) -> FlowStep {
        self.error = None;
        match self.ask.key(&key, &mut self.error) {
            Answer::Cancel => return FlowStep::Cancel,
            Answer::Pending => return FlowStep::Stay,
            Answer::Confirmed => {}
        }
        let by = super::decider(env.clock, env.actor, env.config);
        let request = ClawbackRequest {
            subcontract: self.code.clone(),
            reason: self.ask.value().to_string(),
        };
        match ops::plan_clawback(env.store.conn(), &by, request)
            .and_then(|p| ops::commit_clawback(env.store, &by, &p))
        {
            Ok(out) => FlowStep::Done {
                status: format!(
                    "Claim {} for {} raised on {} (audit #{})",
                    out.claim.code,
                    money::display(out.claim.amount),
                    self.code,
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
