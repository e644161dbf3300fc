//! The one list of commands: each action with its default keys, its name in the palette, its hint
//! and its help line. Key bindings, the `?` help, the hint bar and the palette are all built from it,
//! so they never disagree.

use super::action::{Action, Pane};

/// Where a command applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Everywhere,
    /// Only in this pane.
    Pane(Pane),
}

#[derive(Debug, Clone, Copy)]
pub struct CommandSpec {
    pub action: Action,
    /// Default keys, in the config file's notation.
    pub keys: &'static [&'static str],
    /// Name in the command palette and in config files.
    pub name: &'static str,
    /// Short label for the key-hint bar; empty to leave it out of the bar.
    pub hint: &'static str,
    pub help: &'static str,
    pub scope: Scope,
    /// Offered in the command palette.
    pub in_palette: bool,
    /// Changes the database: removed from keys, palette and help in read-only mode.
    pub decision: bool,
}

impl CommandSpec {
    const fn decision(mut self) -> CommandSpec {
        self.decision = true;
        self
    }
}

const fn cmd(
    action: Action,
    keys: &'static [&'static str],
    name: &'static str,
    hint: &'static str,
    help: &'static str,
    scope: Scope,
    in_palette: bool,
) -> CommandSpec {
    CommandSpec {
        action,
        keys,
        name,
        hint,
        help,
        scope,
        in_palette,
        decision: false,
    }
}

use Scope::Everywhere;

#[rustfmt::skip]
pub const COMMANDS: &[CommandSpec] = &[
    cmd(Action::Help, &["?"], "help", "help", "Show this help", Everywhere, true),
    cmd(Action::Palette, &[":"], "palette", "jump", "Command palette: commands, members, opportunities, sub-contracts", Everywhere, false),
    cmd(Action::Filter, &["/"], "filter", "filter", "Filter the current pane (Esc clears)", Everywhere, true),
    cmd(Action::NextPane, &["tab"], "next pane", "pane", "Next pane", Everywhere, true),
    cmd(Action::PrevPane, &["backtab"], "previous pane", "", "Previous pane", Everywhere, true),
    cmd(Action::PaneTenders, &["1"], "tenders", "", "Go to tender opportunities", Everywhere, true),
    cmd(Action::PaneCapacity, &["2"], "capacity", "", "Go to member capacity", Everywhere, true),
    cmd(Action::PanePerformance, &["3"], "performance", "", "Go to sub-contract performance", Everywhere, true),
    cmd(Action::PaneRisks, &["4"], "risks", "", "Go to the risk heatmap", Everywhere, true),
    cmd(Action::Up, &["up", "k"], "up", "", "Move up", Everywhere, false),
    cmd(Action::Down, &["down", "j"], "down", "", "Move down", Everywhere, false),
    cmd(Action::Left, &["left", "h"], "left", "", "Move left (heatmap cells)", Scope::Pane(Pane::Risks), false),
    cmd(Action::Right, &["right", "l"], "right", "", "Move right (heatmap cells)", Scope::Pane(Pane::Risks), false),
    cmd(Action::PageUp, &["pageup"], "page up", "", "Page up", Everywhere, false),
    cmd(Action::PageDown, &["pagedown"], "page down", "", "Page down", Everywhere, false),
    cmd(Action::Home, &["home"], "first", "", "First row", Everywhere, false),
    cmd(Action::End, &["end"], "last", "", "Last row", Everywhere, false),
    cmd(Action::Open, &["enter"], "open", "open", "Open the detail of the selected row or cell", Everywhere, false),
    cmd(Action::Back, &["esc"], "back", "", "Back: close the detail, help or palette; clear the filter", Everywhere, false),
    cmd(Action::Zoom, &["z"], "zoom", "zoom", "Zoom the current pane to full screen (again to return)", Everywhere, true),
    cmd(Action::SortNext, &["o"], "sort", "sort", "Sort by the next column", Everywhere, true),
    cmd(Action::SortReverse, &["O"], "reverse sort", "", "Reverse the sort order", Everywhere, true),
    cmd(Action::ToggleBasis, &["g"], "gross/net", "gross/net", "Switch the heatmap between gross and net scores", Scope::Pane(Pane::Risks), true),
    cmd(Action::Refresh, &["r"], "refresh", "", "Reload from the database", Everywhere, true),
    cmd(Action::Triage, &["T"], "triage", "triage", "Triage: providers needing attention, most urgent first, and why (s suspends from a row)", Everywhere, true),
    cmd(Action::Present, &["P"], "present", "", "Presentation mode for the Board: read-only slides (q returns here)", Everywhere, true),
    cmd(Action::Audit, &["A"], "audit", "", "Audit log: every decision with time, actor, reason, before and after", Everywhere, true),
    cmd(Action::Award, &["a"], "award", "award", "Award sub-contracts from the selected won opportunity", Scope::Pane(Pane::Tenders), true).decision(),
    cmd(Action::Suspend, &["s"], "suspend", "suspend", "Suspend the selected sub-contract (evidence first, notice period, typed confirmation)", Scope::Pane(Pane::Performance), true).decision(),
    cmd(Action::Transfer, &["t"], "transfer", "", "Transfer the undelivered remainder of the selected suspended sub-contract", Scope::Pane(Pane::Performance), true).decision(),
    cmd(Action::Clawback, &["c"], "claw back", "", "Claw back paid-but-unearned money from the selected sub-contract", Scope::Pane(Pane::Performance), true).decision(),
    cmd(Action::Reinstate, &["u"], "reinstate", "", "Reinstate the selected suspended sub-contract", Scope::Pane(Pane::Performance), true).decision(),
    cmd(Action::Reprofile, &["p"], "re-profile", "", "Re-profile the selected sub-contract's monthly targets", Scope::Pane(Pane::Performance), true).decision(),
    cmd(Action::EarlyWarning, &["w"], "early warning", "", "Raise (or clear) an early warning on the selected sub-contract", Scope::Pane(Pane::Performance), true).decision(),
    cmd(Action::Improve, &["i"], "improvement action", "", "Add an action with an owner and due date to the selected sub-contract's improvement plan", Scope::Pane(Pane::Performance), true).decision(),
    cmd(Action::NextRisk, &["]"], "next risk", "", "Select the next risk in the cell (its gross and net cells are marked ●)", Scope::Pane(Pane::Risks), false),
    cmd(Action::PrevRisk, &["["], "previous risk", "", "Select the previous risk in the cell", Scope::Pane(Pane::Risks), false),
    cmd(Action::NewRisk, &["n"], "new risk", "new", "Add a risk to the register", Scope::Pane(Pane::Risks), true).decision(),
    cmd(Action::EditRisk, &["e"], "edit risk", "edit", "Edit the selected risk", Scope::Pane(Pane::Risks), true).decision(),
    cmd(Action::CloseRisk, &["x"], "close risk", "", "Close (or reopen) the selected risk", Scope::Pane(Pane::Risks), true).decision(),
    cmd(Action::Quit, &["q", "ctrl+c"], "quit", "quit", "Quit", Everywhere, true),
];

pub fn spec(action: Action) -> Option<&'static CommandSpec> {
    COMMANDS.iter().find(|c| c.action == action)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[rustfmt::skip]
    fn every_action_has_exactly_one_command() {
        let actions = [
            Action::Quit, Action::NextPane, Action::PrevPane, Action::PaneTenders, Action::PaneCapacity,
            Action::PanePerformance, Action::PaneRisks, Action::Up, Action::Down, Action::Left,
            Action::Right, Action::PageUp, Action::PageDown, Action::Home, Action::End, Action::Open,
            Action::Back, Action::Filter, Action::Palette, Action::Help, Action::Zoom, Action::SortNext,
            Action::SortReverse, Action::ToggleBasis, Action::Refresh, Action::Audit, Action::Award,
            Action::Suspend, Action::Transfer, Action::Clawback, Action::Reinstate, Action::Reprofile,
            Action::NextRisk, Action::PrevRisk, Action::NewRisk, Action::EditRisk, Action::CloseRisk,
            Action::Triage, Action::EarlyWarning, Action::Improve, Action::Present,
        ];
        for a in actions {
            assert_eq!(
                COMMANDS.iter().filter(|c| c.action == a).count(),
                1,
                "{a:?}"
            );
        }
        assert_eq!(COMMANDS.len(), actions.len());
    }
}
