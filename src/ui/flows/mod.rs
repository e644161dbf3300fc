//! Decisions in a popup. Every decision runs through the one generic flow (`decide.rs`): the
//! decision's form, its plan, the reason and the confirmation, then the commit through the same
//! pipeline and gate as the command line. A flow is driven by keys and reports when it is done,
//! so tests drive it exactly as a user.

pub mod decide;
pub mod form;
pub mod input;

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::text::Line;

use crate::clock::Clock;
use crate::config::Config;
use crate::domain::EntityRef;
use crate::ops::{Decider, Decision, DecisionKind, Gate, Registered, Visitor};
use crate::store::Store;
use crate::ui::theme::Theme;
use decide::DecideFlow;
use input::Choice;

/// What a flow may use: the store to plan and commit, the gate it commits through, who decides.
pub struct FlowEnv<'a> {
    pub store: &'a mut Store,
    pub gate: &'a Gate,
    pub clock: &'a Clock,
    pub config: &'a Config,
    pub actor: &'a str,
}

impl FlowEnv<'_> {
    pub fn decider(&self) -> Decider<'_> {
        Decider::new(self.clock, self.actor, self.config)
    }
}

/// What happens after a key.
pub enum FlowStep {
    /// Stay in the flow (redraw).
    Stay,
    /// Leave without writing anything.
    Cancel,
    /// Something was written and the flow stays open (to offer what follows): reload the data.
    Written { status: String },
    /// Something was written: reload the data, say so in the status bar, and optionally go on to
    /// a follow-up flow (transfer and claw-back after a suspension).
    Done {
        status: String,
        next: Option<Box<dyn Flow>>,
    },
    /// Go on in another flow, nothing written yet (a choice of route leads to its own steps).
    Replace(Box<dyn Flow>),
}

pub trait Flow {
    fn title(&self) -> String;
    /// The body, wrapped to `width` by the caller if need be.
    fn body(&self, theme: &Theme, width: usize) -> Vec<Line<'static>>;
    /// The keys this step accepts, for the popup's last line.
    fn hint(&self) -> String;
    fn on_key(&mut self, key: KeyEvent, env: &mut FlowEnv) -> FlowStep;
    /// This flow follows a decision just written on the same record: leaving it before writing
    /// anything says what the earlier one wrote, and its reason and confirmation carry over.
    fn follows(&mut self, _chain: Chain) {}
    /// Whether this step is typing text, so a paste goes into it (never into keys that act).
    fn takes_text(&self) -> bool {
        false
    }
}

/// What a decision carries into the next one in a chain (a suspension into its transfer and
/// claw-back): what it wrote, its reason, and the code typed to confirm it.
#[derive(Debug, Clone, Default)]
pub struct Chain {
    pub done: String,
    pub reason: String,
    pub confirmed: Option<String>,
}

struct Opener<'a, 'b> {
    env: &'a FlowEnv<'b>,
    subject: Option<&'a EntityRef>,
}

impl Visitor for Opener<'_, '_> {
    type Output = crate::error::Result<Box<dyn Flow>>;
    fn visit<D: Decision + Registered>(self) -> Self::Output {
        Ok(Box::new(DecideFlow::<D>::open(self.env, self.subject)?))
    }
}

/// Opens the decisions in `kinds` that apply to `subject`: one opens straight away, several offer
/// a choice; when none applies, the first one's reason is the error, in the form's words.
pub fn start(
    env: &FlowEnv,
    kinds: &[DecisionKind],
    subject: Option<&EntityRef>,
) -> Result<Box<dyn Flow>, String> {
    let mut open: Vec<(DecisionKind, Box<dyn Flow>)> = Vec::new();
    let mut first_error = None;
    for kind in kinds {
        match kind.visit(Opener { env, subject }) {
            Ok(f) => open.push((*kind, f)),
            Err(e) => {
                first_error.get_or_insert_with(|| e.to_string());
            }
        }
    }
    match open.len() {
        0 => Err(first_error.unwrap_or_else(|| "Nothing to decide here".into())),
        1 => Ok(open.remove(0).1),
        _ => Ok(Box::new(ChooseFlow {
            choice: Choice::new(open.len()),
            subject: subject.map(|s| s.code.clone()),
            open: open.into_iter().map(Some).collect(),
        })),
    }
}

/// A choice between decisions that share a key (the three routes to an award).
struct ChooseFlow {
    choice: Choice,
    subject: Option<String>,
    open: Vec<Option<(DecisionKind, Box<dyn Flow>)>>,
}

impl Flow for ChooseFlow {
    fn title(&self) -> String {
        match &self.subject {
            Some(s) => format!("Decide on {s}"),
            None => "Decide".into(),
        }
    }

    fn body(&self, t: &Theme, _width: usize) -> Vec<Line<'static>> {
        let mut out = vec![Line::styled("Which decision?", t.title)];
        for (i, o) in self.open.iter().enumerate() {
            let Some((kind, _)) = o else { continue };
            let sel = i == self.choice.selected;
            out.push(Line::styled(
                format!(
                    "{} {} — {}",
                    if sel { "▶" } else { " " },
                    kind.spec().title,
                    kind.spec().about
                ),
                if sel { t.selected } else { t.base },
            ));
        }
        out
    }

    fn hint(&self) -> String {
        "↑↓ choose · Enter continue · Esc cancel".into()
    }

    fn on_key(&mut self, key: KeyEvent, _env: &mut FlowEnv) -> FlowStep {
        match key.code {
            KeyCode::Esc => FlowStep::Cancel,
            KeyCode::Enter => match self
                .open
                .get_mut(self.choice.selected)
                .and_then(Option::take)
            {
                Some((_, flow)) => FlowStep::Replace(flow),
                None => FlowStep::Stay,
            },
            _ => {
                self.choice.step(&key);
                FlowStep::Stay
            }
        }
    }
}
