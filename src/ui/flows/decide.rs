//! The one confirm flow every decision runs through in the dashboard: the form (after anything the
//! officer should read first), then the plan — every figure and check, and exactly what will be
//! written — then a written override where checks failed, the reason, and the confirmation (the
//! record's code typed where the decision destroys something or moves money, else `y`). The plan
//! confirmed is the plan committed: if what it read has changed meanwhile, the commit is refused
//! as a conflict saying what changed, and `r` shows the new plan. `Esc` steps back; from the form
//! it cancels, and nothing is written.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::text::Line;

use super::form::{Form, FormKey};
use super::input::TextField;
use super::{Chain, Flow, FlowEnv, FlowStep};
use crate::dashboard::text::clean;
use crate::domain::EntityRef;
use crate::error::HubError;
use crate::ops::pipeline::{self, Planned};
use crate::ops::{Confirm, Decision, DecisionKind, ReasonRule, Registered, Why};
use crate::ui::theme::Theme;

enum Step {
    Form,
    Plan,
    Override(TextField),
    Reason(TextField),
    Confirm(TextField),
    /// Written; what may follow (transfer and claw-back after a suspension).
    Finished(Vec<(DecisionKind, EntityRef)>),
}

pub struct DecideFlow<D: Decision> {
    subject: Option<EntityRef>,
    context: Vec<String>,
    form: Form,
    planned: Option<Planned<D>>,
    override_reason: Option<String>,
    reason: String,
    step: Step,
    error: Vec<String>,
    done: String,
    /// The decision before this one in a chain (a suspension before its transfer).
    earlier: Option<Chain>,
    /// The code typed to confirm this decision, carried to the next in the chain.
    confirmed: Option<String>,
}

/// A field error in the form's words: the field's label, not its key.
pub fn worded<D: Decision>(e: &HubError) -> String {
    match e {
        HubError::Field(f) => {
            let label = match f.field {
                "reason" => "Reason",
                "override_reason" => "Override reason",
                key => D::spec().field(key).map_or(key, |x| x.label),
            };
            f.worded(label)
        }
        other => other.to_string(),
    }
}

impl<D: Decision + Registered> DecideFlow<D> {
    /// Opens the decision on `subject`, or says why it does not apply there.
    pub fn open(env: &FlowEnv, subject: Option<&EntityRef>) -> crate::error::Result<DecideFlow<D>> {
        let by = env.decider();
        let opening = D::open(env.store.conn(), &by, subject)?;
        let subject_key = subject
            .and_then(|_| D::spec().fields.first())
            .map(|f| f.key);
        let mut flow = DecideFlow {
            subject: subject.cloned(),
            context: opening.context,
            form: Form::new(D::spec().fields, &opening.prefill, subject_key),
            planned: None,
            override_reason: None,
            reason: String::new(),
            step: Step::Form,
            error: Vec::new(),
            done: String::new(),
            earlier: None,
            confirmed: None,
        };
        flow.load_picks(env);
        if flow.form.is_empty() {
            flow.plan(env);
        }
        Ok(flow)
    }

    fn load_picks(&mut self, env: &FlowEnv) {
        if !self.form.wants_picks() {
            return;
        }
        let Some(field) = self.form.focused() else {
            return;
        };
        let by = env.decider();
        match D::choices(env.store.conn(), &by, field.key, &self.form.values()) {
            Ok(p) => self.form.set_picks(p),
            Err(e) => self.error = vec![worded::<D>(&e)],
        }
    }

    /// Reads the request from the form and plans it; on a field error the focus goes there.
    fn plan(&mut self, env: &FlowEnv) {
        let by = env.decider();
        let values = self.form.values();
        let result = values
            .within(D::spec().fields, by.limits())
            .and_then(|()| D::request(&values))
            .and_then(|r| pipeline::plan::<D>(env.store.conn(), &by, &r));
        match result {
            Ok(p) => {
                // What was wrong with the form before is answered by the plan.
                self.error.clear();
                self.planned = Some(p);
                self.step = Step::Plan;
            }
            Err(e) => {
                if let HubError::Field(f) = &e {
                    self.form.focus_on(f.field);
                }
                self.error = vec![worded::<D>(&e)];
                self.step = Step::Form;
            }
        }
    }

    fn commit(&mut self, env: &mut FlowEnv) -> FlowStep {
        let why = Why {
            reason: self.reason.clone(),
            override_reason: self.override_reason.clone(),
        };
        let Some(planned) = &self.planned else {
            return FlowStep::Stay;
        };
        let by = crate::ops::Decider::new(env.clock, env.actor, env.config);
        match pipeline::commit(env.store, env.gate, &by, planned, &why) {
            Ok(done) => {
                let ids: Vec<String> = done.audit_ids.iter().map(|i| format!("#{i}")).collect();
                self.done = format!(
                    "{} (audit {})",
                    capital(&D::done(&done.outcome)),
                    ids.join(", ")
                );
                let next: Vec<(DecisionKind, EntityRef)> = D::next(&done.outcome)
                    .into_iter()
                    .filter_map(|(name, r)| DecisionKind::from_name(name).map(|k| (k, r)))
                    .collect();
                if next.is_empty() {
                    return FlowStep::Done {
                        status: self.done.clone(),
                        next: None,
                    };
                }
                self.step = Step::Finished(next);
                FlowStep::Written {
                    status: self.done.clone(),
                }
            }
            Err(HubError::Conflict(c)) => {
                let mut lines = vec![format!("Not written: {}.", c.summary)];
                lines.extend(c.changes.iter().map(|x| format!("  changed: {x}")));
                lines.extend(c.since.iter().map(|x| format!("  recorded since: {x}")));
                lines.push("Press r to plan again with the records as they are now.".into());
                self.error = lines;
                self.step = Step::Plan;
                FlowStep::Stay
            }
            // A colleague holds the write lock: nothing written, nothing lost; the step stays,
            // with what was typed, to try again or go back.
            Err(HubError::Busy(_, holder)) => {
                self.error = vec![format!(
                    "Not written yet: {} is writing to the database. Press the same key to try \
                     again, or Esc to go back.",
                    holder.as_deref().unwrap_or("a colleague")
                )];
                FlowStep::Stay
            }
            Err(e) => {
                self.error = vec![worded::<D>(&e)];
                self.step = Step::Plan;
                FlowStep::Stay
            }
        }
    }

    fn failed(&self) -> bool {
        self.planned
            .as_ref()
            .is_some_and(|p| !p.sheet.failed().is_empty())
    }

    /// A failed check that no override can set aside: nothing to offer but going back.
    fn blocked(&self) -> bool {
        self.planned
            .as_ref()
            .is_some_and(|p| !p.sheet.blocking().is_empty())
    }

    /// Whether `o` offers an override: something failed, all of it may be overridden.
    fn overridable(&self) -> bool {
        self.failed() && !self.blocked() && D::spec().overridable
    }

    /// Past the plan: a failed check needs an override first; then the reason. True when the
    /// plan may be written at once: in a chain, with the reason carried and the record's code
    /// confirmed already.
    fn accept_plan(&mut self) -> bool {
        if self.blocked() {
            self.error = vec![
                "A rule that cannot be overridden is broken (✗ above): Esc to go back.".into(),
            ];
            return false;
        }
        if self.failed() && self.override_reason.is_none() {
            self.error = vec![if D::spec().overridable {
                "Some checks failed: o to override with a written reason, or Esc to go back.".into()
            } else {
                "Some checks failed: Esc to go back.".into()
            }];
            return false;
        }
        if self.carried() {
            if let Some(chain) = &self.earlier {
                self.reason = chain.reason.clone();
                self.confirmed = chain.confirmed.clone();
            }
            return true;
        }
        self.step = Step::Reason(TextField::with(&self.reason));
        false
    }

    /// Whether the chain carries this decision's reason and confirmation: the earlier decision
    /// gave a reason this one accepts, and confirmed the code this one asks for (or it asks none).
    fn carried(&self) -> bool {
        let Some(chain) = &self.earlier else {
            return false;
        };
        let reason_ok = pipeline::why::<D>(&chain.reason, self.override_reason.as_deref()).is_ok();
        let code_ok = match self.confirm_code() {
            None => true,
            Some(code) => chain.confirmed.as_deref() == Some(code.as_str()),
        };
        reason_ok && code_ok
    }

    fn accept_reason(&mut self, text: &str) {
        match pipeline::why::<D>(text, self.override_reason.as_deref()) {
            Ok(w) => {
                self.reason = w.reason;
                self.step = Step::Confirm(TextField::default());
            }
            Err(e) => self.error = vec![worded::<D>(&e)],
        }
    }

    fn confirm_code(&self) -> Option<String> {
        match D::spec().confirm {
            Confirm::Typed => self
                .planned
                .as_ref()
                .and_then(|p| p.sheet.confirm_code.clone()),
            Confirm::Key => None,
        }
    }

    fn sheet_lines(&self, t: &Theme, out: &mut Vec<Line<'static>>) {
        let Some(p) = &self.planned else { return };
        let s = &p.sheet;
        out.push(Line::styled(clean(&s.title), t.header));
        out.extend(s.facts.iter().map(|f| Line::raw(clean(f))));
        if !s.checks.is_empty() {
            out.push(Line::styled("Checks:", t.title));
            for c in &s.checks {
                out.push(Line::styled(
                    format!("  {}", clean(&c.line())),
                    if c.passed { t.ok } else { t.danger },
                ));
            }
        }
        out.push(Line::styled(
            "This will write, in one transaction with its audit row:",
            t.title,
        ));
        out.extend(
            s.writes
                .iter()
                .map(|w| Line::raw(format!("  {}", clean(w)))),
        );
        if let Some(o) = &self.override_reason {
            out.push(Line::styled(format!("Override: {}", clean(o)), t.warn));
        }
    }

    fn start_next(&mut self, env: &FlowEnv, key: &KeyEvent) -> Option<FlowStep> {
        let Step::Finished(next) = &self.step else {
            return None;
        };
        let KeyCode::Char(c) = key.code else {
            return None;
        };
        let (kind, subject) = next
            .iter()
            .find(|(k, _)| k.spec().keys.first().is_some_and(|k| k.chars().eq([c])))?;
        Some(match super::start(env, &[*kind], Some(subject)) {
            Ok(mut flow) => {
                flow.follows(Chain {
                    done: self.done.clone(),
                    reason: self.reason.clone(),
                    confirmed: self.confirmed.clone(),
                });
                FlowStep::Done {
                    status: self.done.clone(),
                    next: Some(flow),
                }
            }
            Err(e) => {
                self.error = vec![e];
                FlowStep::Stay
            }
        })
    }

    /// Leaving from the form: nothing written here; in a chain, what the earlier step wrote.
    fn leave(&self) -> FlowStep {
        match self.earlier.as_ref().map(|c| &c.done) {
            Some(done) => FlowStep::Done {
                status: format!("{done}; {} not started", D::spec().title.to_lowercase()),
                next: None,
            },
            None => FlowStep::Cancel,
        }
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

impl<D: Decision + Registered> Flow for DecideFlow<D> {
    fn takes_text(&self) -> bool {
        match &self.step {
            Step::Form => self.form.focused_is_text(),
            Step::Override(_) | Step::Reason(_) | Step::Confirm(_) => true,
            Step::Plan | Step::Finished(_) => false,
        }
    }

    fn title(&self) -> String {
        match &self.subject {
            Some(s) => format!("{} — {}", D::spec().title, s.code),
            None => D::spec().title.to_string(),
        }
    }

    fn body(&self, t: &Theme, _width: usize) -> Vec<Line<'static>> {
        let mut out: Vec<Line<'static>> = Vec::new();
        match &self.step {
            Step::Form => {
                out.extend(self.context.iter().map(|l| Line::raw(clean(l))));
                if !self.context.is_empty() {
                    out.push(Line::raw(""));
                }
                out.extend(self.form.lines(t));
            }
            Step::Plan => {
                self.sheet_lines(t, &mut out);
                let ready = !self.failed() || self.override_reason.is_some();
                if let Some(chain) = self.earlier.as_ref().filter(|_| ready && self.carried()) {
                    out.push(Line::styled(
                        format!(
                            "Enter writes it with the reason given before: \"{}\"{}",
                            clean(&chain.reason),
                            chain.confirmed.as_ref().map_or(String::new(), |c| format!(
                                " ({} confirmed there)",
                                clean(c)
                            ))
                        ),
                        t.warn,
                    ));
                }
            }
            Step::Override(f) => {
                self.sheet_lines(t, &mut out);
                out.push(Line::styled(
                    "Override reason (recorded with the failed checks):",
                    t.warn,
                ));
                out.push(Line::raw(clean(&f.shown())));
            }
            Step::Reason(f) => {
                self.sheet_lines(t, &mut out);
                let optional = D::spec().reason == ReasonRule::Optional;
                out.push(Line::styled(
                    if optional {
                        "Reason (recorded in the audit log; may be left blank):"
                    } else {
                        "Reason (recorded in the audit log):"
                    },
                    t.title,
                ));
                out.push(Line::raw(clean(&f.shown())));
            }
            Step::Confirm(f) => {
                self.sheet_lines(t, &mut out);
                out.push(Line::raw(format!("Reason: {}", clean(&self.reason))));
                match self.confirm_code() {
                    Some(code) => {
                        out.push(Line::styled(format!("Type {code} to confirm:"), t.warn));
                        out.push(Line::raw(clean(&f.shown())));
                    }
                    None => out.push(Line::styled("Press y to confirm.", t.warn)),
                }
            }
            Step::Finished(next) => {
                out.push(Line::styled(self.done.clone(), t.ok));
                let offers: Vec<String> = next
                    .iter()
                    .filter_map(|(k, _)| {
                        k.spec()
                            .keys
                            .first()
                            .map(|key| format!("{key} {}", k.spec().title.to_lowercase()))
                    })
                    .collect();
                out.push(Line::raw(format!(
                    "Next: {} · Esc finish",
                    offers.join(" · ")
                )));
            }
        }
        out.extend(self.error.iter().map(|e| Line::styled(clean(e), t.danger)));
        out
    }

    fn hint(&self) -> String {
        match &self.step {
            Step::Form => self.form.hint(),
            Step::Plan if self.carried() && (!self.failed() || self.override_reason.is_some()) => {
                "Enter write · r plan again · Esc back to the form".into()
            }
            Step::Plan if self.overridable() => {
                "Enter continue · o override · r plan again · Esc back to the form".into()
            }
            Step::Plan => "Enter continue · r plan again · Esc back to the form".into(),
            Step::Override(_) => {
                "type the override reason · Enter back to the plan · Esc back".into()
            }
            Step::Reason(_) => "type the reason · Enter continue · Esc back to the plan".into(),
            Step::Confirm(_) if self.confirm_code().is_some() => {
                "type the code · Enter confirm · Esc back to the plan".into()
            }
            Step::Confirm(_) => "y confirm · Esc back to the plan".into(),
            Step::Finished(_) => "the key of what to do next · Esc finish".into(),
        }
    }

    fn follows(&mut self, chain: Chain) {
        self.earlier = Some(chain);
    }

    fn on_key(&mut self, key: KeyEvent, env: &mut FlowEnv) -> FlowStep {
        if let Some(step) = self.start_next(env, &key) {
            return step;
        }
        let esc = key.code == KeyCode::Esc;
        let enter = key.code == KeyCode::Enter;
        if !matches!(self.step, Step::Form) || esc || enter {
            self.error.clear();
        }
        let code = self.confirm_code();
        match &mut self.step {
            Step::Form if esc => return self.leave(),
            Step::Form => match self.form.key(&key) {
                FormKey::Submit => self.plan(env),
                FormKey::Moved => {
                    self.error.clear();
                    self.load_picks(env);
                }
                FormKey::Handled | FormKey::Ignored => {}
            },
            Step::Plan => match key.code {
                KeyCode::Esc => self.step = Step::Form,
                KeyCode::Enter if self.accept_plan() => return self.commit(env),
                KeyCode::Enter => {}
                KeyCode::Char('r') => self.plan(env),
                KeyCode::Char('o') if self.overridable() => {
                    let current = self.override_reason.clone().unwrap_or_default();
                    self.step = Step::Override(TextField::with(&current));
                }
                _ => {}
            },
            Step::Override(f) => match key.code {
                KeyCode::Esc => self.step = Step::Plan,
                KeyCode::Enter if f.value().is_empty() => {
                    self.error = vec!["An override needs a written reason.".into()]
                }
                KeyCode::Enter => {
                    self.override_reason = Some(f.value().to_string());
                    self.step = Step::Plan;
                }
                _ => {
                    f.edit(&key);
                }
            },
            Step::Reason(f) => match key.code {
                KeyCode::Esc => self.step = Step::Plan,
                KeyCode::Enter => {
                    let text = f.value().to_string();
                    self.accept_reason(&text);
                }
                _ => {
                    f.edit(&key);
                }
            },
            Step::Confirm(f) => match (code, key.code) {
                (_, KeyCode::Esc) => self.step = Step::Plan,
                (None, KeyCode::Char('y')) => return self.commit(env),
                (Some(code), KeyCode::Enter) if f.value() == code => {
                    self.confirmed = Some(code);
                    return self.commit(env);
                }
                (Some(code), KeyCode::Enter) => {
                    self.error = vec![format!("Type {code} exactly to confirm.")]
                }
                (Some(_), _) => {
                    f.edit(&key);
                }
                _ => {}
            },
            Step::Finished(_) if esc => {
                return FlowStep::Done {
                    status: self.done.clone(),
                    next: None,
                };
            }
            Step::Finished(_) => {}
        }
        FlowStep::Stay
    }
}
