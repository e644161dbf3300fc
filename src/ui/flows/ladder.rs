//! Steps 2 and 3 of the escalation ladder from the keyboard: raising (or clearing) an early
//! warning on a sub-contract, and adding an action to its improvement plan with an owner and a due
//! date. Each asks for its reason, shows what will be written, and saves with `y`.

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::text::Line;

use super::input::{Answer, ReasonThenConfirm, TextField};
use super::{Flow, FlowEnv, FlowStep};
use crate::dates;
use crate::ops::improvement::{
    ImprovementAddRequest, commit_improvement_add, plan_improvement_add,
};
use crate::ops::warning::{
    WarnRequest, commit_clear_warning, commit_warn, plan_clear_warning, plan_warn,
};
use crate::ui::theme::Theme;

/// Raises an early warning, or clears the open one.
pub struct WarnFlow {
    code: String,
    open: Option<String>,
    ask: ReasonThenConfirm,
    error: Option<String>,
}

impl WarnFlow {
    pub fn open(env: &FlowEnv, code: &str) -> crate::error::Result<WarnFlow> {
        let open = crate::store::plans::flags_of(env.store.conn(), code)?
            .into_iter()
            .find(|f| f.is_open())
            .map(|f| {
                format!(
                    "raised {} by {}: {}",
                    dates::display(f.raised),
                    f.raised_by,
                    f.reason
                )
            });
        Ok(WarnFlow {
            code: code.to_string(),
            open,
            ask: ReasonThenConfirm::default(),
            error: None,
        })
    }
}

impl Flow for WarnFlow {
    fn title(&self) -> String {
        match self.open {
            Some(_) => format!("Clear the early warning on {}", self.code),
            None => format!("Early warning on {}", self.code),
        }
    }

    fn body(&self, t: &Theme, _width: usize) -> Vec<Line<'static>> {
        let mut out = vec![match &self.open {
            Some(w) => Line::raw(format!("Open early warning, {w}")),
            None => Line::raw(
                "Step 2 of the ladder: the provider is told it is under-performing and why.",
            ),
        }];
        out.extend(self.ask.lines(
            t,
            "This writes the flag and its audit row. Press y to confirm.",
        ));
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
        let request = WarnRequest {
            subcontract: self.code.clone(),
            reason: self.ask.value().to_string(),
        };
        let conn = env.store.conn();
        let result = if self.open.is_some() {
            plan_clear_warning(conn, &by, request)
                .and_then(|p| commit_clear_warning(env.store, &by, &p))
        } else {
            plan_warn(conn, &by, request).and_then(|p| commit_warn(env.store, &by, &p))
        };
        match result {
            Ok(out) => FlowStep::Done {
                status: format!(
                    "Early warning on {} {} (audit #{})",
                    self.code,
                    if out.flag.is_open() {
                        "raised"
                    } else {
                        "cleared"
                    },
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

/// Adds an action to a sub-contract's improvement plan.
pub struct ImproveFlow {
    code: String,
    fields: [TextField; 4],
    focus: usize,
    due: Option<NaiveDate>,
    ready: bool,
    error: Option<String>,
}

const LABELS: [&str; 4] = [
    "Action",
    "Owner",
    "Due (YYYY-MM-DD)",
    "Reason (recorded in the audit log)",
];

impl ImproveFlow {
    pub fn open(code: &str, today: NaiveDate) -> ImproveFlow {
        let due = dates::iso(dates::add_months(today, 1));
        ImproveFlow {
            code: code.to_string(),
            fields: [
                TextField::default(),
                TextField::default(),
                TextField::with(&due),
                TextField::default(),
            ],
            focus: 0,
            due: None,
            ready: false,
            error: None,
        }
    }

    fn check(&mut self) -> bool {
        for (i, f) in self.fields.iter().enumerate() {
            if f.value().is_empty() {
                self.error = Some(format!("{} is required.", LABELS[i]));
                self.focus = i;
                return false;
            }
        }
        match dates::parse_iso(self.fields[2].value()) {
            Ok(d) => self.due = Some(d),
            Err(e) => {
                self.error = Some(format!("Due: {e}"));
                self.focus = 2;
                return false;
            }
        }
        true
    }
}

impl Flow for ImproveFlow {
    fn title(&self) -> String {
        format!("Improvement plan for {}", self.code)
    }

    fn body(&self, t: &Theme, _width: usize) -> Vec<Line<'static>> {
        let mut out = vec![Line::raw(
            "Step 3 of the ladder: an agreed action with an owner and a due date.",
        )];
        for (i, (label, f)) in LABELS.iter().zip(&self.fields).enumerate() {
            let sel = !self.ready && i == self.focus;
            let shown = if sel { f.shown() } else { f.text.clone() };
            out.push(Line::styled(
                format!("{} {label}: {shown}", if sel { "▶" } else { " " }),
                if sel { t.selected } else { t.base },
            ));
        }
        if self.ready {
            out.push(Line::styled(
                "This writes the action and its audit row. Press y to save, Esc to go back.",
                t.warn,
            ));
        }
        if let Some(e) = &self.error {
            out.push(Line::styled(e.clone(), t.danger));
        }
        out
    }

    fn hint(&self) -> String {
        if self.ready {
            "y save · Esc back".into()
        } else {
            "↑↓ Tab move · type to edit · Enter next (review on the last) · Esc cancel".into()
        }
    }

    fn on_key(&mut self, key: KeyEvent, env: &mut FlowEnv) -> FlowStep {
        if self.ready {
            match key.code {
                KeyCode::Esc => self.ready = false,
                KeyCode::Char('y') => {
                    let by = super::decider(env.clock, env.actor, env.config);
                    let request = ImprovementAddRequest {
                        subcontract: self.code.clone(),
                        action: self.fields[0].value().to_string(),
                        owner: self.fields[1].value().to_string(),
                        due: self.due.unwrap_or_else(|| env.clock.today()),
                        reason: self.fields[3].value().to_string(),
                    };
                    let result = plan_improvement_add(env.store.conn(), &by, request)
                        .and_then(|p| commit_improvement_add(env.store, &by, &p));
                    match result {
                        Ok(out) => {
                            return FlowStep::Done {
                                status: format!(
                                    "Improvement action {} on {} due {} (audit #{})",
                                    out.action.id,
                                    self.code,
                                    dates::display(out.action.due),
                                    out.audit_id
                                ),
                                next: None,
                            };
                        }
                        Err(e) => {
                            self.ready = false;
                            self.error = Some(e.to_string());
                        }
                    }
                }
                _ => {}
            }
            return FlowStep::Stay;
        }
        self.error = None;
        let last = self.fields.len() - 1;
        match key.code {
            KeyCode::Esc => return FlowStep::Cancel,
            KeyCode::Up | KeyCode::BackTab => self.focus = self.focus.saturating_sub(1),
            KeyCode::Down | KeyCode::Tab => self.focus = (self.focus + 1).min(last),
            KeyCode::Enter if self.focus < last => self.focus += 1,
            KeyCode::Enter => self.ready = self.check(),
            _ => {
                self.fields[self.focus].edit(&key);
            }
        }
        FlowStep::Stay
    }
}
