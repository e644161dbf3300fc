//! Re-profiling a sub-contract: new units per month, the month it starts, the reason; the review
//! shows the profile history kept and the returns whose targets change; `y` confirms.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::text::Line;

use super::input::TextField;
use super::{Flow, FlowEnv, FlowStep};
use crate::dates::Period;
use crate::ops::{self, ReprofilePlan, ReprofileRequest};
use crate::ui::theme::Theme;

enum Step {
    Units(TextField),
    From(TextField),
    Reason(TextField),
    Review,
}

pub struct ReprofileFlow {
    code: String,
    current: u32,
    units: u32,
    from: Option<Period>,
    step: Step,
    plan: Option<ReprofilePlan>,
    error: Option<String>,
}

impl ReprofileFlow {
    pub fn open(code: &str, current_units: u32) -> ReprofileFlow {
        ReprofileFlow {
            code: code.to_string(),
            current: current_units,
            units: current_units,
            from: None,
            step: Step::Units(TextField::default()),
            plan: None,
            error: None,
        }
    }
}

impl Flow for ReprofileFlow {
    fn title(&self) -> String {
        format!("Re-profile {}", self.code)
    }

    fn body(&self, t: &Theme, _width: usize) -> Vec<Line<'static>> {
        let mut out = vec![Line::raw(format!(
            "Current profile: {} units per month.",
            self.current
        ))];
        match &self.step {
            Step::Units(f) => {
                out.push(Line::styled("New units per month:", t.title));
                out.push(Line::raw(f.shown()));
            }
            Step::From(f) => {
                out.push(Line::raw(format!(
                    "New profile: {} units per month",
                    self.units
                )));
                out.push(Line::styled("From month (YYYY-MM):", t.title));
                out.push(Line::raw(f.shown()));
            }
            Step::Reason(f) => {
                out.push(Line::raw(format!(
                    "New profile: {} units per month from {}",
                    self.units,
                    self.from.map(|p| p.display()).unwrap_or_default()
                )));
                out.push(Line::styled("Reason (recorded in the audit log):", t.title));
                out.push(Line::raw(f.shown()));
            }
            Step::Review => {
                if let Some(p) = &self.plan {
                    out.push(Line::styled(
                        "This will write, in one transaction:",
                        t.title,
                    ));
                    for r in &p.new_revisions {
                        out.push(Line::raw(format!(
                            "  profile revision {}: {} units/month from {}",
                            r.revision,
                            r.units_per_month,
                            r.effective_from.display()
                        )));
                    }
                    out.push(Line::raw(format!(
                        "  {} earlier revision(s) kept",
                        p.history.len()
                    )));
                    out.push(Line::raw(format!(
                        "  new targets on {} return(s) not yet submitted",
                        p.retargeted.len()
                    )));
                    out.push(Line::raw("  and its audit row."));
                    out.push(Line::styled("Press y to re-profile.", t.warn));
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
            Step::Review => "y re-profile · Esc cancel".into(),
            _ => "type · Enter continue · Esc cancel".into(),
        }
    }

    fn on_key(&mut self, key: KeyEvent, env: &mut FlowEnv) -> FlowStep {
        if key.code == KeyCode::Esc {
            return FlowStep::Cancel;
        }
        self.error = None;
        let enter = key.code == KeyCode::Enter;
        match &mut self.step {
            Step::Units(f) if enter => match f.value().parse::<u32>() {
                Ok(n) => {
                    self.units = n;
                    let next = Period::containing(env.clock.today()).next();
                    self.step = Step::From(TextField::with(&next.to_string()));
                }
                Err(_) => {
                    self.error = Some(format!("'{}' is not a whole number of units", f.value()))
                }
            },
            Step::From(f) if enter => match f.value().parse::<Period>() {
                Ok(p) => {
                    self.from = Some(p);
                    self.step = Step::Reason(TextField::default());
                }
                Err(e) => self.error = Some(e),
            },
            Step::Reason(f) if enter => {
                if f.value().is_empty() {
                    self.error = Some("A reason is required.".into());
                    return FlowStep::Stay;
                }
                let by = super::decider(env.clock, env.actor, env.config);
                let request = ReprofileRequest {
                    subcontract: self.code.clone(),
                    units_per_month: self.units,
                    from: self
                        .from
                        .unwrap_or_else(|| Period::containing(env.clock.today())),
                    reason: f.value().to_string(),
                };
                match ops::plan_reprofile(env.store.conn(), &by, request) {
                    Ok(p) => {
                        self.plan = Some(p);
                        self.step = Step::Review;
                    }
                    Err(e) => self.error = Some(e.to_string()),
                }
            }
            Step::Units(f) | Step::From(f) | Step::Reason(f) => {
                f.edit(&key);
            }
            Step::Review => {
                if key.code == KeyCode::Char('y')
                    && let Some(plan) = &self.plan
                {
                    let by = super::decider(env.clock, env.actor, env.config);
                    match ops::commit_reprofile(env.store, &by, plan) {
                        Ok(out) => {
                            return FlowStep::Done {
                                status: format!(
                                    "Re-profiled {} to {} units/month (audit #{})",
                                    out.subcontract.code,
                                    out.subcontract.units_per_month,
                                    out.audit_id
                                ),
                                next: None,
                            };
                        }
                        Err(e) => self.error = Some(e.to_string()),
                    }
                }
            }
        }
        FlowStep::Stay
    }
}
