//! Decision workflows as step-by-step flows in a popup: each shows what it will do, asks for what
//! it needs, and commits through the same operations (and checks, and audit rows) as the command
//! line. A flow is driven by keys and reports when it is done, so tests drive it exactly as a user.

pub mod award;
pub mod clawback;
pub mod competitive;
pub mod evidence;
pub mod input;
pub mod ladder;
pub mod reinstate;
pub mod reprofile;
pub mod risk_form;
pub mod risk_status;
pub mod suspend;
pub mod transfer;

use crossterm::event::KeyEvent;
use ratatui::text::Line;

use crate::clock::Clock;
use crate::config::Config;
use crate::dashboard::Snapshot;
use crate::ops::Decider;
use crate::store::Store;
use crate::ui::theme::Theme;

/// What a flow may use: the store to plan and commit, who is deciding, and the loaded snapshot.
pub struct FlowEnv<'a> {
    pub store: &'a mut Store,
    pub clock: &'a Clock,
    pub config: &'a Config,
    pub actor: &'a str,
    pub snapshot: Option<&'a Snapshot>,
}

/// Who decides, built from the environment's parts so the store stays free to borrow mutably.
pub fn decider<'b>(clock: &'b Clock, actor: &'b str, config: &'b Config) -> Decider<'b> {
    Decider {
        clock,
        actor,
        rules: &config.rules,
        scoring: &config.scoring,
    }
}

/// What happens after a key.
pub enum FlowStep {
    /// Stay in the flow (redraw).
    Stay,
    /// Leave without writing anything.
    Cancel,
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
}
